#include "domain/generationrequest.h"

#include <QJsonArray>
#include <QLocale>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace {

QString number(qint64 value)
{
    return QLocale().toString(value);
}

QString regionList(const QList<Region> &regions)
{
    QStringList names;
    for (Region region : regions)
        names << regionDisplayName(region);
    return QLocale().createSeparatedList(names);
}

QString modelList(const QList<ModelInfo> &models)
{
    QStringList names;
    for (const ModelInfo &model : models)
        names << model.name;
    return QLocale().createSeparatedList(names);
}

} // namespace

int GenerationRequest::promptLength(const QString &text)
{
    // Count code points: a surrogate pair is one character.
    int length = 0;
    for (int i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        ++length;
    }
    return length;
}

QList<ValidationIssue> GenerationRequest::validate(const ModelCatalog &catalog, Region region) const
{
    QList<ValidationIssue> issues;
    const auto add = [&issues](const char *field, const QString &message) {
        issues.append({ QString::fromLatin1(field), message });
    };

    if (model.trimmed().isEmpty()) {
        add("model", tr("Choose a model."));
        return issues;
    }
    const ModelInfo info = catalog.model(model);
    if (!info.isValid()) {
        add("model",
            tr("The model “%1” is not in the catalog. Models served in %2: %3.")
                    .arg(model, regionDisplayName(region), modelList(catalog.modelsFor(region))));
        return issues; // every other rule comes from the model
    }
    if (!info.availableIn(region)) {
        const QString elsewhere = catalog.equivalentIn(info.name, region);
        if (!elsewhere.isEmpty()) {
            add("model",
                tr("The model %1 is not served in %2, where the same model is called %3.")
                        .arg(info.name, regionDisplayName(region), elsewhere));
        } else {
            add("model",
                tr("The model %1 is not served in %2; it is served in %3. Choose another "
                   "model or region.")
                        .arg(info.name, regionDisplayName(region), regionList(info.regions)));
        }
    }

    if (prompt.trimmed().isEmpty())
        add("prompt", tr("The prompt is empty; describe the image you want."));
    // An over-long prompt is not an error: the service truncates it (see warnings()).

    if (!negativePrompt.trimmed().isEmpty() && info.negativePromptMaxChars <= 0)
        add("negative_prompt",
            tr("%1 does not accept a negative prompt; leave it empty.").arg(info.name));

    // An invalid QSize means "the model's default"; anything else must fit the rule.
    if (size.isValid()) {
        if (const QString problem = info.sizeRule.problem(size, info.name); !problem.isEmpty())
            add("size", problem);
    }

    if (count < info.minCount || count > info.maxCount) {
        if (info.minCount == info.maxCount) {
            add("n",
                tr("Number of images %1 is not allowed; %2 makes exactly %3.")
                        .arg(number(count), info.name, number(info.minCount)));
        } else {
            add("n",
                tr("Number of images %1 is outside %2–%3, the range %4 allows.")
                        .arg(number(count), number(info.minCount), number(info.maxCount),
                             info.name));
        }
    }

    if (seed && (*seed < 0 || *seed > MaxSeed)) {
        add("seed",
            tr("Seed %1 is outside the allowed range 0–%2.").arg(number(*seed), number(MaxSeed)));
    }
    return issues;
}

QList<ValidationIssue> GenerationRequest::warnings(const ModelInfo &info) const
{
    QList<ValidationIssue> result;
    const int promptChars = promptLength(prompt);
    if (info.promptMaxChars > 0 && promptChars > info.promptMaxChars) {
        result.append(
                { QStringLiteral("prompt"),
                  tr("The prompt has %1 characters; %2 reads only the first %3 and ignores the "
                     "rest.")
                          .arg(number(promptChars), info.name, number(info.promptMaxChars)) });
    }
    const int negativeChars = promptLength(negativePrompt);
    if (info.negativePromptMaxChars > 0 && negativeChars > info.negativePromptMaxChars) {
        result.append({ QStringLiteral("negative_prompt"),
                        tr("The negative prompt has %1 characters; %2 reads only the first %3 and "
                           "ignores the rest.")
                                .arg(number(negativeChars), info.name,
                                     number(info.negativePromptMaxChars)) });
    }
    if (watermark && !info.supportsWatermark) {
        result.append({ QStringLiteral("watermark"),
                        tr("%1 does not add a watermark; the option is ignored.").arg(info.name) });
    }
    return result;
}

GenerationRequest GenerationRequest::resolved(const ModelInfo &info) const
{
    GenerationRequest copy = *this;
    if (info.isValid())
        copy.model = info.name;
    if (!copy.size.isValid())
        copy.size = info.defaultSize;
    if (!copy.seed)
        copy.seed = QRandomGenerator::global()->bounded(MaxSeed + 1);
    if (!info.supportsPromptExtend)
        copy.promptExtend = false;
    if (!info.supportsWatermark)
        copy.watermark = false;
    return copy;
}

QJsonObject GenerationRequest::toJson(const ModelInfo &info) const
{
    const QString modelName = info.isValid() ? info.name : model;
    const QSize sentSize = size.isValid() ? size : info.defaultSize;

    QJsonObject parameters;
    if (sentSize.isValid())
        parameters.insert(QLatin1String("size"), sizeToString(sentSize));
    // Always explicit: the service's default is 4 images, and it bills for each.
    parameters.insert(QLatin1String("n"), count);
    if (seed && info.supportsSeed)
        parameters.insert(QLatin1String("seed"), *seed);
    if (info.supportsPromptExtend)
        parameters.insert(QLatin1String("prompt_extend"), promptExtend);
    if (info.supportsWatermark)
        parameters.insert(QLatin1String("watermark"), watermark);

    QJsonObject input;
    if (info.protocol == u"image-generation") {
        // wan2.6-t2i: one user message with exactly one text item; the negative prompt is a
        // parameter here (protocol doc §3.6).
        const QJsonObject text { { QLatin1String("text"), prompt } };
        const QJsonObject message { { QLatin1String("role"), QStringLiteral("user") },
                                    { QLatin1String("content"), QJsonArray { text } } };
        input.insert(QLatin1String("messages"), QJsonArray { message });
        if (!negativePrompt.isEmpty())
            parameters.insert(QLatin1String("negative_prompt"), negativePrompt);
    } else {
        input.insert(QLatin1String("prompt"), prompt);
        if (!negativePrompt.isEmpty())
            input.insert(QLatin1String("negative_prompt"), negativePrompt);
    }

    return QJsonObject { { QLatin1String("model"), modelName },
                         { QLatin1String("input"), input },
                         { QLatin1String("parameters"), parameters } };
}

std::optional<QSize> GenerationRequest::parseSize(const QString &text)
{
    // "*" is what the service wants; x, X and × are what people type; ＊ and ｘ come from
    // Chinese input methods.
    static const QRegularExpression pattern(
            QStringLiteral(u"^\\s*(\\d{1,5})\\s*[*xX×＊ｘ]\\s*(\\d{1,5})\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const int width = match.captured(1).toInt();
    const int height = match.captured(2).toInt();
    if (width <= 0 || height <= 0)
        return std::nullopt;
    return QSize(width, height);
}

QString GenerationRequest::sizeToString(QSize size)
{
    return QStringLiteral("%1*%2").arg(size.width()).arg(size.height());
}

QList<RequestInput> GenerationRequest::inputsWith(InputRole role) const
{
    QList<RequestInput> result;
    for (const RequestInput &input : inputs) {
        if (input.role == role)
            result.append(input);
    }
    return result;
}

bool operator==(const GenerationRequest &a, const GenerationRequest &b)
{
    return a.kind == b.kind && a.inputs == b.inputs && a.video == b.video && a.edit == b.edit
            && a.model == b.model && a.prompt == b.prompt && a.negativePrompt == b.negativePrompt
            && a.size == b.size && a.count == b.count && a.seed == b.seed
            && a.promptExtend == b.promptExtend && a.watermark == b.watermark;
}
