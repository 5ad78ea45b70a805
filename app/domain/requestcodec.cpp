#include "domain/requestcodec.h"

#include "domain/boundednumber.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

QLatin1String key(const char *name)
{
    return QLatin1String(name);
}

void putText(QJsonObject &o, const char *name, const QString &value)
{
    if (!value.isEmpty())
        o.insert(key(name), value);
}

QString text(const QJsonObject &o, const char *name)
{
    return o.value(key(name)).toString();
}

// Integers arrive as JSON numbers or, from other tools, as strings; out of range reads as absent.
std::optional<qint64> integer(const QJsonObject &o, const char *name, qint64 min, qint64 max)
{
    const QJsonValue value = o.value(key(name));
    if (value.isString())
        return toBoundedInteger(value.toString(), min, max);
    return toBoundedInteger(value, min, max);
}

std::optional<double> real(const QJsonObject &o, const char *name)
{
    const QJsonValue value = o.value(key(name));
    if (value.isDouble())
        return value.toDouble();
    return std::nullopt;
}

QJsonObject videoToJson(const VideoParameters &v)
{
    QJsonObject o;
    if (v.durationSeconds > 0)
        o.insert(key("duration"), v.durationSeconds);
    putText(o, "resolution", v.resolution);
    putText(o, "ratio", v.ratio);
    if (v.audio)
        o.insert(key("audio"), true);
    putText(o, "shot_type", v.shotType);
    return o;
}

VideoParameters videoFromJson(const QJsonObject &o)
{
    VideoParameters v;
    v.durationSeconds = int(integer(o, "duration", 0, 3600).value_or(0));
    v.resolution = text(o, "resolution");
    v.ratio = text(o, "ratio");
    v.audio = o.value(key("audio")).toBool(false);
    v.shotType = text(o, "shot_type");
    return v;
}

QJsonObject editToJson(const EditParameters &e)
{
    QJsonObject o;
    putText(o, "function", e.function);
    if (e.strength)
        o.insert(key("strength"), *e.strength);
    const EditParameters defaults;
    const auto putScale = [&o](const char *name, double value, double fallback) {
        if (value != fallback)
            o.insert(key(name), value);
    };
    putScale("top_scale", e.topScale, defaults.topScale);
    putScale("bottom_scale", e.bottomScale, defaults.bottomScale);
    putScale("left_scale", e.leftScale, defaults.leftScale);
    putScale("right_scale", e.rightScale, defaults.rightScale);
    if (e.upscaleFactor != defaults.upscaleFactor)
        o.insert(key("upscale_factor"), e.upscaleFactor);
    if (e.isSketch)
        o.insert(key("is_sketch"), true);
    return o;
}

EditParameters editFromJson(const QJsonObject &o)
{
    EditParameters e;
    e.function = text(o, "function");
    e.strength = real(o, "strength");
    e.topScale = real(o, "top_scale").value_or(e.topScale);
    e.bottomScale = real(o, "bottom_scale").value_or(e.bottomScale);
    e.leftScale = real(o, "left_scale").value_or(e.leftScale);
    e.rightScale = real(o, "right_scale").value_or(e.rightScale);
    e.upscaleFactor = int(integer(o, "upscale_factor", 1, 16).value_or(e.upscaleFactor));
    e.isSketch = o.value(key("is_sketch")).toBool(false);
    return e;
}

QJsonArray inputsToJson(const QList<RequestInput> &inputs)
{
    QJsonArray array;
    for (const RequestInput &input : inputs) {
        QJsonObject o { { key("role"), inputRoleId(input.role) } };
        putText(o, "path", input.localPath);
        putText(o, "url", input.url);
        putText(o, "sha256", QString::fromLatin1(input.sha256));
        array.append(o);
    }
    return array;
}

QList<RequestInput> inputsFromJson(const QJsonArray &array)
{
    QList<RequestInput> inputs;
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        const std::optional<InputRole> role = inputRoleFromId(text(o, "role"));
        if (!role)
            continue; // a role this version does not know cannot be sent by it either
        RequestInput input;
        input.role = *role;
        input.localPath = text(o, "path");
        input.url = text(o, "url");
        input.sha256 = text(o, "sha256").toLatin1();
        inputs.append(input);
    }
    return inputs;
}

} // namespace

QJsonObject RequestCodec::toJson(const GenerationRequest &r)
{
    QJsonObject o;
    o.insert(key("kind"), mediaKindId(r.kind));
    putText(o, "model", r.model);
    putText(o, "prompt", r.prompt);
    putText(o, "negative_prompt", r.negativePrompt);
    if (r.size.isValid())
        o.insert(key("size"), GenerationRequest::sizeToString(r.size));
    o.insert(key("n"), r.count);
    if (r.seed)
        o.insert(key("seed"), *r.seed);
    o.insert(key("prompt_extend"), r.promptExtend);
    o.insert(key("watermark"), r.watermark);
    if (!r.inputs.isEmpty())
        o.insert(key("inputs"), inputsToJson(r.inputs));
    if (const QJsonObject video = videoToJson(r.video); !video.isEmpty())
        o.insert(key("video"), video);
    if (const QJsonObject edit = editToJson(r.edit); !edit.isEmpty())
        o.insert(key("edit"), edit);
    return o;
}

GenerationRequest RequestCodec::fromJson(const QJsonObject &o)
{
    GenerationRequest r;
    r.kind = mediaKindFromId(text(o, "kind")).value_or(MediaKind::TextToImage);
    r.model = text(o, "model");
    r.prompt = text(o, "prompt");
    r.negativePrompt = text(o, "negative_prompt");
    if (const std::optional<QSize> size = GenerationRequest::parseSize(text(o, "size")))
        r.size = *size;
    r.count = int(integer(o, "n", 1, 64).value_or(r.count));
    r.seed = integer(o, "seed", 0, MaxSeed);
    r.promptExtend = o.value(key("prompt_extend")).toBool(r.promptExtend);
    r.watermark = o.value(key("watermark")).toBool(r.watermark);
    r.inputs = inputsFromJson(o.value(key("inputs")).toArray());
    r.video = videoFromJson(o.value(key("video")).toObject());
    r.edit = editFromJson(o.value(key("edit")).toObject());
    return r;
}

QByteArray RequestCodec::toText(const GenerationRequest &request)
{
    return QJsonDocument(toJson(request)).toJson(QJsonDocument::Compact);
}

GenerationRequest RequestCodec::fromText(const QByteArray &text)
{
    return fromJson(QJsonDocument::fromJson(text).object());
}
