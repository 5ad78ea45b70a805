#include "simulator/imageeditroute.h"

#include "domain/generationrequest.h"
#include "simulator/imagesynthesisroute.h"
#include "simulator/simulatededit.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QJsonArray>
#include <cmath>

namespace {

constexpr auto invalid = &SimulatorRoute::invalid;
constexpr auto readUrl = &SimulatorRoute::readUrl;

// A number parameter: `fallback` when absent; nullopt (refused) when not a number.
std::optional<double> number(const QJsonObject &parameters, const char *name, double fallback)
{
    const QJsonValue value = parameters.value(QLatin1String(name));
    if (value.isUndefined())
        return fallback;
    if (!value.isDouble())
        return std::nullopt;
    return value.toDouble();
}

SimulatorReply notANumber(const char *name)
{
    return invalid(QStringLiteral("parameters.%1 must be a number.").arg(QLatin1String(name)));
}

// The function's own parameters; the others are not read (the service ignores them).
std::optional<SimulatorReply> readFunctionParameters(const QJsonObject &parameters,
                                                     EditParameters *edit)
{
    if (edit->takesStrength() && parameters.contains(QLatin1String("strength"))) {
        const std::optional<double> strength = number(parameters, "strength", 0.5);
        if (!strength)
            return notANumber("strength");
        edit->strength = *strength;
    }
    if (edit->takesScales()) {
        const std::pair<const char *, double *> scales[] = { { "top_scale", &edit->topScale },
                                                             { "bottom_scale", &edit->bottomScale },
                                                             { "left_scale", &edit->leftScale },
                                                             { "right_scale", &edit->rightScale } };
        for (const auto &[name, out] : scales) {
            const std::optional<double> scale = number(parameters, name, 1.0);
            if (!scale)
                return notANumber(name);
            *out = *scale;
        }
    }
    if (edit->takesUpscaleFactor()) {
        const std::optional<double> factor = number(parameters, "upscale_factor", 1);
        if (!factor || std::floor(*factor) != *factor || std::abs(*factor) > 1000)
            return invalid(QStringLiteral("parameters.upscale_factor must be an integer."));
        edit->upscaleFactor = int(*factor);
    }
    if (edit->takesSketch()) {
        const QJsonValue sketch = parameters.value(QLatin1String("is_sketch"));
        if (!sketch.isUndefined() && !sketch.isBool())
            return invalid(QStringLiteral("parameters.is_sketch must be a boolean."));
        edit->isSketch = sketch.toBool(false);
    }
    return std::nullopt;
}

// Decoded into *image, in a format, size and weight the rule allows.
std::optional<SimulatorReply> checkImage(const InputRule &rule, const QByteArray &bytes,
                                         QImage *image)
{
    const QString role = rule.role == InputRole::Mask ? QStringLiteral("mask_image_url")
                                                      : QStringLiteral("image");
    if (rule.maxBytes > 0 && bytes.size() > rule.maxBytes)
        return invalid(QStringLiteral("The %1 is larger than %2 MB.")
                               .arg(role)
                               .arg(rule.maxBytes / (1024 * 1024)));
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QString format = QString::fromLatin1(reader.format()).toLower();
    if (!reader.read(image) || (!rule.formats.isEmpty() && !rule.formats.contains(format)))
        return invalid(QStringLiteral("The %1 format is not supported; use %2.")
                               .arg(role, rule.formats.join(QStringLiteral(", ")).toUpper()));
    return SimulatorRoute::checkSides(rule, image->size(), role);
}

// Pure white edits, pure black keeps; soft edges are fine, a photograph or colours are not.
// The same rule as the client's (InputPreparation::checkMask).
bool blackAndWhite(const QImage &mask)
{
    const QImage rgb = mask.convertToFormat(QImage::Format_RGB32);
    qint64 neither = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        const auto *row = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x) {
            const int r = qRed(row[x]), g = qGreen(row[x]), b = qBlue(row[x]);
            const int spread = std::max({ r, g, b }) - std::min({ r, g, b });
            const int grey = (r + g + b) / 3;
            if (spread > 48 || (grey > 47 && grey < 208))
                ++neither;
        }
    }
    return neither * 10 <= qint64(rgb.width()) * rgb.height();
}

// What stands for an input the simulator cannot see (an http(s) URL elsewhere).
QImage standIn(InputRole role, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y) {
        auto *row = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            if (role == InputRole::Mask) {
                const bool inside = std::abs(x - size.width() / 2) < size.width() / 4
                        && std::abs(y - size.height() / 2) < size.height() / 4;
                row[x] = inside ? qRgb(255, 255, 255) : qRgb(0, 0, 0);
            } else {
                const int v = 90 + 80 * (x + y) / std::max(1, size.width() + size.height());
                row[x] = qRgb(v, v, v);
            }
        }
    }
    return image;
}

} // namespace

std::optional<SimulatorReply> ImageEditRoute::readVideo(const ModelInfo &model,
                                                        const QJsonObject &input,
                                                        const QJsonObject &parameters,
                                                        GenerationRequest *request) const
{
    if (model.rules.functions.isEmpty()) {
        const QJsonValue images = input.value(QLatin1String("images"));
        if (images.isUndefined() || images.isNull())
            return invalid(QStringLiteral("Field required: input.images"));
        if (!images.isArray())
            return invalid(QStringLiteral("input.images must be a list of image URLs."));
        for (const QJsonValue &image : images.toArray()) {
            if (!image.isString() || image.toString().trimmed().isEmpty())
                return invalid(QStringLiteral("input.images must be a list of image URLs."));
            SimulatorRoute::addInput(InputRole::Image, image.toString(), request);
        }
        return std::nullopt;
    }

    const QJsonValue function = input.value(QLatin1String("function"));
    if (function.isUndefined() || function.isNull())
        return invalid(QStringLiteral("Field required: input.function"));
    if (!function.isString())
        return invalid(QStringLiteral("input.function must be a string."));
    request->edit.function = function.toString();
    if (std::optional<SimulatorReply> wrong
        = readUrl(input, "base_image_url", InputRole::Image, true, request))
        return wrong;
    // The mask is read for inpainting only; another function ignores it.
    if (request->edit.needsMask() && input.contains(QLatin1String("mask_image_url"))) {
        if (std::optional<SimulatorReply> wrong
            = readUrl(input, "mask_image_url", InputRole::Mask, true, request))
            return wrong;
    }
    return readFunctionParameters(parameters, &request->edit);
}

void ImageEditRoute::writeSucceeded(const SimulatedTask &task, QJsonObject *output,
                                    QJsonObject *usage) const
{
    // The same shape as text-to-image (protocol §4).
    static const ImageSynthesisRoute images;
    images.writeSucceeded(task, output, usage);
}

std::optional<SimulatorReply>
SimulatorEditInputs::prepare(const ModelInfo &model, const GenerationRequest &request,
                             const QList<QByteArray> &bytes,
                             std::shared_ptr<const SimulatedEdit> *edit, QSize *size)
{
    auto made = std::make_shared<SimulatedEdit>();
    made->function = request.edit.function;
    made->prompt = request.prompt;
    made->strength = request.edit.strength.value_or(0.5);
    made->topScale = request.edit.topScale;
    made->bottomScale = request.edit.bottomScale;
    made->leftScale = request.edit.leftScale;
    made->rightScale = request.edit.rightScale;
    made->upscaleFactor = request.edit.upscaleFactor;
    made->isSketch = request.edit.isSketch;

    bool maskSeen = false;
    for (int i = 0; i < request.inputs.size(); ++i) {
        const RequestInput &in = request.inputs.at(i);
        const std::optional<InputRule> rule = model.rules.input(in.role);
        if (!rule)
            continue; // validate() refuses it
        QImage image;
        if (!bytes.value(i).isEmpty()) {
            if (std::optional<SimulatorReply> refused = checkImage(*rule, bytes.value(i), &image))
                return refused;
        }
        if (in.role == InputRole::Mask) {
            maskSeen = true;
            made->mask = image;
        } else {
            made->images.append(image);
        }
    }
    // Stand-ins for what the simulator cannot see, in the size of what it can.
    QSize known(1024, 1024);
    for (const QImage &image : std::as_const(made->images)) {
        if (!image.isNull())
            known = image.size();
    }
    for (QImage &image : made->images) {
        if (image.isNull())
            image = standIn(InputRole::Image, known);
    }
    if (maskSeen && made->mask.isNull())
        made->mask = standIn(InputRole::Mask, made->images.value(0).size());
    if (maskSeen) {
        const QSize base = made->images.value(0).size();
        if (made->mask.size() != base)
            return invalid(QStringLiteral("The mask_image_url image is %1*%2; it must be the size "
                                          "of the base image, %3*%4.")
                                   .arg(made->mask.width())
                                   .arg(made->mask.height())
                                   .arg(base.width())
                                   .arg(base.height()));
        if (!blackAndWhite(made->mask))
            return invalid(QStringLiteral("The mask_image_url image must be black and white: "
                                          "white where the image is edited, black where it is "
                                          "kept."));
    }
    made->size = made->outputSize(request.size);
    if (std::max(made->size.width(), made->size.height()) > SimulatedEdit::MaxSide)
        return invalid(QStringLiteral("The result would be %1*%2; the simulator renders at most "
                                      "%3 px a side.")
                               .arg(made->size.width())
                               .arg(made->size.height())
                               .arg(SimulatedEdit::MaxSide));
    *size = made->size;
    *edit = made;
    return std::nullopt;
}
