#include "simulator/imagegenerationroute.h"

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "simulator/simulatortaskstore.h"

#include <QJsonArray>

std::optional<SimulatorReply> ImageGenerationRoute::readPrompts(const ModelInfo &model,
                                                                const QJsonObject &input,
                                                                const QJsonObject &parameters,
                                                                QJsonValue *prompt,
                                                                QJsonValue *negative) const
{
    const QString invalidParameter = QStringLiteral("InvalidParameter");
    const QJsonArray messages = input.value(QLatin1String("messages")).toArray();
    if (messages.size() != 1
        || messages.first().toObject().value(QLatin1String("role")).toString() != u"user") {
        return SimulatorReply::error(
                400, invalidParameter,
                QStringLiteral("input.messages must hold exactly one message with role \"user\"."));
    }
    const QJsonArray content
            = messages.first().toObject().value(QLatin1String("content")).toArray();
    int textItems = 0;
    for (const QJsonValue &item : content) {
        const QJsonObject object = item.toObject();
        if (!object.contains(QLatin1String("text"))) {
            return SimulatorReply::error(
                    400, invalidParameter,
                    QStringLiteral("Only text content is supported by %1.").arg(model.name));
        }
        ++textItems;
        *prompt = object.value(QLatin1String("text"));
    }
    if (textItems != 1) {
        return SimulatorReply::error(
                400, invalidParameter,
                QStringLiteral("Exactly one text item is allowed in input.messages[0].content."));
    }
    *negative = parameters.value(QLatin1String("negative_prompt"));
    return std::nullopt;
}

void ImageGenerationRoute::writeSucceeded(const SimulatedTask &task, QJsonObject *output,
                                          QJsonObject *usage) const
{
    QJsonArray choices;
    for (int i = 0; i < task.urls.size(); ++i) {
        if (i == task.failedImage)
            continue;
        const QJsonObject image { { QLatin1String("image"), QString::fromUtf8(task.urls.at(i)) },
                                  { QLatin1String("type"), QStringLiteral("image") } };
        choices.append(QJsonObject {
                { QLatin1String("finish_reason"), QStringLiteral("stop") },
                { QLatin1String("message"),
                  QJsonObject { { QLatin1String("role"), QStringLiteral("assistant") },
                                { QLatin1String("content"), QJsonArray { image } } } } });
    }
    output->insert(QLatin1String("choices"), choices);
    output->insert(QLatin1String("finished"), true);
    *usage = { { QLatin1String("image_count"), task.succeededImages() },
               { QLatin1String("size"), GenerationRequest::sizeToString(task.size) },
               { QLatin1String("input_tokens"), 0 },
               { QLatin1String("output_tokens"), 0 },
               { QLatin1String("total_tokens"), 0 } };
}
