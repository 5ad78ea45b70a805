#include "simulator/videoroutes.h"

#include "domain/generationrequest.h"
#include "simulator/simulatortaskstore.h"

#include <QImage>
#include <QJsonArray>
#include <cmath>

namespace {

constexpr auto invalid = &SimulatorRoute::invalid;
constexpr auto readUrl = &SimulatorRoute::readUrl;

// parameters.duration, resolution, ratio, audio and shot_type, type by type; what they may be
// is the catalog's (GenerationRequest::validate, called by the server).
std::optional<SimulatorReply> readVideoParameters(const QJsonObject &parameters,
                                                  GenerationRequest *request)
{
    const QJsonValue duration = parameters.value(QLatin1String("duration"));
    if (!duration.isUndefined()) {
        const double seconds = duration.toDouble(std::nan(""));
        if (!duration.isDouble() || std::floor(seconds) != seconds || seconds < 1 || seconds > 3600)
            return invalid(QStringLiteral("parameters.duration must be an integer."));
        request->video.durationSeconds = int(seconds);
    }
    for (const char *name : { "resolution", "ratio", "shot_type" }) {
        const QJsonValue value = parameters.value(QLatin1String(name));
        if (!value.isUndefined() && !value.isString())
            return invalid(
                    QStringLiteral("parameters.%1 must be a string.").arg(QLatin1String(name)));
    }
    request->video.resolution = parameters.value(QLatin1String("resolution")).toString();
    request->video.ratio = parameters.value(QLatin1String("ratio")).toString();
    request->video.shotType = parameters.value(QLatin1String("shot_type")).toString();
    const QJsonValue audio = parameters.value(QLatin1String("audio"));
    if (!audio.isUndefined() && !audio.isBool())
        return invalid(QStringLiteral("parameters.audio must be a boolean."));
    request->video.audio = audio.toBool();
    return std::nullopt;
}

} // namespace

bool VideoSynthesisRoute::requiresPrompt(const ModelInfo &model) const
{
    // The image is the subject of an image-to-video; its prompt is optional.
    return model.kind == MediaKind::TextToVideo;
}

std::optional<SimulatorReply> VideoSynthesisRoute::readVideo(const ModelInfo &model,
                                                             const QJsonObject &input,
                                                             const QJsonObject &parameters,
                                                             GenerationRequest *request) const
{
    if (std::optional<SimulatorReply> wrong = readVideoParameters(parameters, request))
        return wrong;
    const bool takesImage = model.kind != MediaKind::TextToVideo;
    if (model.name.startsWith(QLatin1String("wan2.7"))) {
        const QJsonValue mediaValue = input.value(QLatin1String("media"));
        if (mediaValue.isUndefined()) {
            if (takesImage)
                return invalid(QStringLiteral("Field required: input.media"));
            return std::nullopt;
        }
        if (!mediaValue.isArray())
            return invalid(QStringLiteral("input.media must be a list of {type, url}."));
        for (const QJsonValue &item : mediaValue.toArray()) {
            const QJsonObject object = item.toObject();
            const std::optional<InputRole> role
                    = inputRoleFromId(object.value(QLatin1String("type")).toString());
            const QString url = object.value(QLatin1String("url")).toString();
            if (!role || url.trimmed().isEmpty())
                return invalid(QStringLiteral("input.media: every item needs a known type and "
                                              "a url."));
            if (!request->inputsWith(*role).isEmpty())
                return invalid(QStringLiteral("input.media: the type %1 appears twice.")
                                       .arg(inputRoleId(*role)));
            SimulatorRoute::addInput(*role, url, request);
        }
        if (!request->inputs.isEmpty() && request->inputsWith(InputRole::FirstFrame).isEmpty())
            return invalid(QStringLiteral("input.media needs a first_frame."));
        return std::nullopt;
    }
    if (takesImage) {
        if (std::optional<SimulatorReply> wrong
            = readUrl(input, "img_url", InputRole::FirstFrame, true, request))
            return wrong;
    }
    return readUrl(input, "audio_url", InputRole::DrivingAudio, false, request);
}

void VideoSynthesisRoute::writeSucceeded(const SimulatedTask &task, QJsonObject *output,
                                         QJsonObject *usage) const
{
    output->insert(QLatin1String("video_url"), QString::fromUtf8(task.urls.value(0)));
    output->insert(QLatin1String("orig_prompt"), task.prompt);
    // actual_prompt with prompt_extend, never for 2.6 (video doc §3).
    if (task.promptExtend && !task.model.startsWith(QLatin1String("wan2.6")))
        output->insert(QLatin1String("actual_prompt"), task.actualPrompt);
    const QString size = GenerationRequest::sizeToString(task.size);
    const int shortSide = std::min(task.size.width(), task.size.height());
    if (task.model.startsWith(QLatin1String("wan2.6"))) {
        *usage = { { QLatin1String("duration"), task.durationSeconds },
                   { QLatin1String("size"), size },
                   { QLatin1String("input_video_duration"), 0 },
                   { QLatin1String("output_video_duration"), task.durationSeconds },
                   { QLatin1String("video_count"), 1 },
                   { QLatin1String("SR"), shortSide } };
    } else if (task.model.startsWith(QLatin1String("wan2.7"))) {
        // Not documented: a guess in the 2.6 style, which a client must take as optional.
        *usage = { { QLatin1String("duration"), task.durationSeconds },
                   { QLatin1String("video_count"), 1 },
                   { QLatin1String("SR"), shortSide } };
    } else {
        *usage = { { QLatin1String("video_count"), 1 },
                   { QLatin1String("video_duration"), task.durationSeconds },
                   { QLatin1String("video_ratio"), size } };
    }
}

std::optional<SimulatorReply> Image2VideoRoute::readVideo(const ModelInfo &model,
                                                          const QJsonObject &input,
                                                          const QJsonObject &parameters,
                                                          GenerationRequest *request) const
{
    Q_UNUSED(model)
    if (std::optional<SimulatorReply> wrong = readVideoParameters(parameters, request))
        return wrong;
    if (std::optional<SimulatorReply> wrong
        = readUrl(input, "first_frame_url", InputRole::FirstFrame, true, request))
        return wrong;
    return readUrl(input, "last_frame_url", InputRole::LastFrame, true, request);
}

std::optional<SimulatorReply>
SimulatorVideo::checkInputImage(const InputRule &rule, const QByteArray &bytes, QImage *image)
{
    const QString role = inputRoleId(rule.role);
    if (rule.maxBytes > 0 && bytes.size() > rule.maxBytes)
        return invalid(QStringLiteral("The %1 image is larger than %2 MB.")
                               .arg(role)
                               .arg(rule.maxBytes / (1024 * 1024)));
    if (!image->loadFromData(bytes))
        return invalid(QStringLiteral("The %1 image format is not supported; use JPEG, PNG, "
                                      "BMP or WEBP.")
                               .arg(role));
    if (image->hasAlphaChannel() && bytes.startsWith("\x89PNG"))
        return invalid(QStringLiteral("The %1 image has an alpha channel; PNG images must not "
                                      "have one.")
                               .arg(role));
    return SimulatorRoute::checkSides(rule, image->size(), role + QStringLiteral(" image"));
}

QSize SimulatorVideo::pixelSize(const ModelInfo &model, const GenerationRequest &request,
                                const QImage &first)
{
    if (request.size.isValid())
        return request.size;
    const QString tier = request.video.resolution.isEmpty() ? model.rules.defaultResolution
                                                            : request.video.resolution;
    const int lines = tier.isEmpty() ? 720 : tier.chopped(1).toInt();
    double ratio = 16.0 / 9.0;
    if (!first.isNull() && first.height() > 0) {
        ratio = double(first.width()) / first.height();
    } else if (const QStringList parts = request.video.ratio.split(u':'); parts.size() == 2) {
        ratio = parts.at(0).toDouble() / std::max(1.0, parts.at(1).toDouble());
    }
    // The tier's pixel count (its 16:9 frame) in the requested shape.
    const double pixels = lines * lines * 16.0 / 9.0;
    const int height = int(std::sqrt(pixels / ratio)) & ~1;
    const int width = int(height * ratio) & ~1;
    return { std::max(2, width), std::max(2, height) };
}

QByteArray SimulatorVideo::dataUriBytes(const QString &url)
{
    if (!url.startsWith(QLatin1String("data:"), Qt::CaseInsensitive))
        return {};
    const qsizetype comma = url.indexOf(u',');
    if (comma < 0 || !url.left(comma).endsWith(QLatin1String(";base64"), Qt::CaseInsensitive))
        return {};
    return QByteArray::fromBase64(url.mid(comma + 1).toLatin1());
}
