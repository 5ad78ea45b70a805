#include "simulator/simulatorroute.h"

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "simulator/imageeditroute.h"
#include "simulator/imagegenerationroute.h"
#include "simulator/imagesynthesisroute.h"
#include "simulator/videoroutes.h"

#include <algorithm>

const SimulatorRoute *SimulatorRoute::forProtocol(const QString &protocol)
{
    static const ImageSynthesisRoute imageSynthesis;
    static const ImageGenerationRoute imageGeneration;
    static const VideoSynthesisRoute videoSynthesis;
    static const Image2VideoRoute image2Video;
    static const ImageEditRoute imageEdit;
    static const SimulatorRoute *const routes[]
            = { &imageSynthesis, &imageGeneration, &videoSynthesis, &image2Video, &imageEdit };
    for (const SimulatorRoute *route : routes) {
        if (route->protocol() == protocol)
            return route;
    }
    return nullptr;
}

SimulatorReply SimulatorRoute::invalid(const QString &message)
{
    return SimulatorReply::error(400, QStringLiteral("InvalidParameter"), message);
}

std::optional<SimulatorReply> SimulatorRoute::checkSides(const InputRule &rule, QSize size,
                                                         const QString &name)
{
    const int shortSide = std::min(size.width(), size.height());
    const int longSide = std::max(size.width(), size.height());
    if ((rule.minSide > 0 && shortSide < rule.minSide)
        || (rule.maxSide > 0 && longSide > rule.maxSide))
        return invalid(QStringLiteral("The %1 is %2*%3; each side must be %4 to %5 px.")
                               .arg(name)
                               .arg(size.width())
                               .arg(size.height())
                               .arg(rule.minSide)
                               .arg(rule.maxSide));
    return std::nullopt;
}

void SimulatorRoute::addInput(InputRole role, const QString &url, GenerationRequest *request)
{
    RequestInput in;
    in.role = role;
    in.url = url;
    request->inputs.append(in);
}

std::optional<SimulatorReply> SimulatorRoute::readUrl(const QJsonObject &input, const char *name,
                                                      InputRole role, bool required,
                                                      GenerationRequest *request)
{
    const QJsonValue value = input.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull()) {
        if (required)
            return invalid(QStringLiteral("Field required: input.%1").arg(QLatin1String(name)));
        return std::nullopt;
    }
    if (!value.isString() || value.toString().trimmed().isEmpty())
        return invalid(QStringLiteral("input.%1 must be a URL.").arg(QLatin1String(name)));
    addInput(role, value.toString(), request);
    return std::nullopt;
}

std::optional<SimulatorReply> SimulatorRoute::readPrompts(const ModelInfo &model,
                                                          const QJsonObject &input,
                                                          const QJsonObject &parameters,
                                                          QJsonValue *prompt,
                                                          QJsonValue *negative) const
{
    Q_UNUSED(model)
    Q_UNUSED(parameters)
    *prompt = input.value(QLatin1String("prompt"));
    *negative = input.value(QLatin1String("negative_prompt"));
    return std::nullopt;
}
