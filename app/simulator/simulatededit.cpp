#include "simulator/simulatededit.h"

#include "simulator/simulatedimage.h"
#include "simulator/stablerandom.h"

#include <QBuffer>
#include <QImageWriter>
#include <algorithm>
#include <cmath>

namespace {

int clampByte(double v)
{
    return std::clamp(int(std::lround(v)), 0, 255);
}

double luma(QRgb c)
{
    return 0.299 * qRed(c) + 0.587 * qGreen(c) + 0.114 * qBlue(c);
}

// h in degrees, s and v in [0, 1]; components 0–255.
void hsvToRgb(double h, double s, double v, double *r, double *g, double *b)
{
    h = std::fmod(std::fmod(h, 360.0) + 360.0, 360.0) / 60.0;
    const int sector = int(h);
    const double f = h - sector;
    const double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
    double rr = v, gg = t, bb = p;
    switch (sector) {
    case 1:
        rr = q, gg = v, bb = p;
        break;
    case 2:
        rr = p, gg = v, bb = t;
        break;
    case 3:
        rr = p, gg = q, bb = v;
        break;
    case 4:
        rr = t, gg = p, bb = v;
        break;
    case 5:
        rr = v, gg = p, bb = q;
        break;
    default:
        break;
    }
    *r = rr * 255, *g = gg * 255, *b = bb * 255;
}

// Rotates a colour's hue by `degrees` around the grey axis (no conversion to HSV and back).
QRgb rotateHue(QRgb c, double degrees)
{
    const double a = degrees * 3.14159265358979323846 / 180.0;
    const double cosA = std::cos(a), sinA = std::sin(a);
    const double k = (1 - cosA) / 3, s = std::sqrt(1.0 / 3) * sinA;
    const double r = qRed(c), g = qGreen(c), b = qBlue(c);
    return qRgb(clampByte(r * (cosA + k) + g * (k - s) + b * (k + s)),
                clampByte(r * (k + s) + g * (cosA + k) + b * (k - s)),
                clampByte(r * (k - s) + g * (k + s) + b * (cosA + k)));
}

QRgb mixRgb(QRgb a, QRgb b, double t)
{
    return qRgb(clampByte(qRed(a) + (qRed(b) - qRed(a)) * t),
                clampByte(qGreen(a) + (qGreen(b) - qGreen(a)) * t),
                clampByte(qBlue(a) + (qBlue(b) - qBlue(a)) * t));
}

QImage rgb32(const QImage &image)
{
    return image.convertToFormat(QImage::Format_RGB32);
}

// `image` scaled to cover `size` and cropped to it, centred.
QImage covering(const QImage &image, QSize size)
{
    const QImage scaled
            = image.scaled(size, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    return rgb32(scaled.copy((scaled.width() - size.width()) / 2,
                             (scaled.height() - size.height()) / 2, size.width(), size.height()));
}

// A seeded grade: a tint, contrast and a tone curve, weighted by `amount` (0: the input).
QImage graded(const QImage &input, qint64 seed, double amount, bool fromCentre)
{
    StableRandom random(quint64(seed) ^ 0x5717e);
    double tintR = 0, tintG = 0, tintB = 0;
    hsvToRgb(random.range(0, 360), random.range(0.45, 0.8), 1.0, &tintR, &tintG, &tintB);
    const double contrast = random.range(1.1, 1.4);
    const double warmth = random.range(-25, 25);
    QImage out = rgb32(input);
    const double cx = out.width() / 2.0, cy = out.height() / 2.0;
    for (int y = 0; y < out.height(); ++y) {
        auto *row = reinterpret_cast<QRgb *>(out.scanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            double weight = amount;
            if (fromCentre) {
                const double dx = (x - cx) / cx, dy = (y - cy) / cy;
                weight *= std::clamp(1.3 - std::sqrt(dx * dx + dy * dy), 0.0, 1.0);
            }
            const QRgb c = row[x];
            const double l = luma(c) / 255;
            const auto channel = [&](double value, double tint, double shift) {
                const double contrasted = (value - 128) * contrast + 128 + shift;
                return contrasted * (1 - 0.6) + tint * l * 0.6;
            };
            const QRgb styled = qRgb(clampByte(channel(qRed(c), tintR, warmth)),
                                     clampByte(channel(qGreen(c), tintG, 0)),
                                     clampByte(channel(qBlue(c), tintB, -warmth)));
            row[x] = mixRgb(c, styled, weight);
        }
    }
    return out;
}

QImage variation(const QImage &input, const QString &prompt, qint64 seed, double strength)
{
    StableRandom random(stableHash(prompt.toUtf8()) ^ quint64(seed));
    const double hue = random.range(25, 70) * (random.uniform() < 0.5 ? -1 : 1) * (0.4 + strength);
    struct Blob
    {
        double x, y, radius;
        QRgb colour;
    };
    QList<Blob> blobs;
    const int count = 3 + int(random.uniform() * 4);
    for (int i = 0; i < count; ++i) {
        double r = 0, g = 0, b = 0;
        hsvToRgb(random.range(0, 360), random.range(0.5, 0.9), random.range(0.7, 1), &r, &g, &b);
        blobs.append({ random.uniform(), random.uniform(), random.range(0.06, 0.16),
                       qRgb(int(r), int(g), int(b)) });
    }
    QImage out = rgb32(input);
    const double w = out.width(), h = out.height(), side = std::min(w, h);
    for (int y = 0; y < out.height(); ++y) {
        auto *row = reinterpret_cast<QRgb *>(out.scanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            QRgb c = rotateHue(row[x], hue);
            for (const Blob &blob : blobs) {
                const double d = std::hypot(x - blob.x * w, y - blob.y * h) / (blob.radius * side);
                if (d < 1)
                    c = mixRgb(c, blob.colour, (1 - d * d) * 0.55 * (0.5 + strength));
            }
            const double dx = x / w - 0.5, dy = y / h - 0.5;
            const double vignette = 1 - std::clamp((dx * dx + dy * dy) * 1.6 - 0.1, 0.0, 0.6);
            row[x] = qRgb(clampByte(qRed(c) * vignette), clampByte(qGreen(c) * vignette),
                          clampByte(qBlue(c) * vignette));
        }
    }
    return out;
}

QImage landscape(const QString &prompt, qint64 seed, QSize size)
{
    return SimulatedImage { prompt, seed, size, false }.render();
}

QImage inpainted(const QImage &input, const QImage &mask, const QString &prompt, qint64 seed)
{
    QImage out = rgb32(input);
    const QImage fill = landscape(prompt, seed, out.size());
    const QImage m = rgb32(mask);
    if (fill.isNull() || m.size() != out.size())
        return out;
    for (int y = 0; y < out.height(); ++y) {
        auto *row = reinterpret_cast<QRgb *>(out.scanLine(y));
        const auto *fillRow = reinterpret_cast<const QRgb *>(fill.constScanLine(y));
        const auto *maskRow = reinterpret_cast<const QRgb *>(m.constScanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            // White edits, black keeps: grey edges blend, pure black is the input exactly.
            const double t = luma(maskRow[x]) / 255;
            if (t > 0)
                row[x] = mixRgb(row[x], fillRow[x], t);
        }
    }
    return out;
}

QImage expanded(const QImage &input, const SimulatedEdit &edit, qint64 seed, QSize size)
{
    QImage out = landscape(edit.prompt, seed, size);
    if (out.isNull())
        return out;
    const QImage base = rgb32(input);
    const int left = int(std::lround(base.width() * (edit.leftScale - 1)));
    const int top = int(std::lround(base.height() * (edit.topScale - 1)));
    for (int y = 0; y < base.height() && top + y < out.height(); ++y) {
        auto *row = reinterpret_cast<QRgb *>(out.scanLine(top + y));
        const auto *from = reinterpret_cast<const QRgb *>(base.constScanLine(y));
        std::copy(from, from + std::min(base.width(), out.width() - left), row + left);
    }
    return out;
}

QImage colourised(const QImage &input, qint64 seed)
{
    // A gradient map: shadows, midtones and highlights each get a seeded colour.
    StableRandom random(quint64(seed) ^ 0xc0105);
    QRgb stops[3];
    const double baseHue = random.range(0, 360);
    for (int i = 0; i < 3; ++i) {
        double r = 0, g = 0, b = 0;
        hsvToRgb(baseHue + i * random.range(50, 110), random.range(0.45, 0.75), 0.25 + 0.37 * i, &r,
                 &g, &b);
        stops[i] = qRgb(int(r), int(g), int(b));
    }
    QImage out = rgb32(input);
    for (int y = 0; y < out.height(); ++y) {
        auto *row = reinterpret_cast<QRgb *>(out.scanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            const double l = luma(row[x]) / 255;
            const QRgb mapped = l < 0.5 ? mixRgb(stops[0], stops[1], l * 2)
                                        : mixRgb(stops[1], stops[2], l * 2 - 1);
            // Keep the input's brightness: scale the mapped colour to it.
            const double scale = (luma(mapped) > 1) ? l * 255 / luma(mapped) : 1;
            row[x] = qRgb(clampByte(qRed(mapped) * scale), clampByte(qGreen(mapped) * scale),
                          clampByte(qBlue(mapped) * scale));
        }
    }
    return out;
}

QImage watermarkRemoved(const QImage &input)
{
    QImage out = rgb32(input);
    // Where marks sit: the bottom-right corner, filled column by column from the colours above
    // and below it.
    const int w = std::max(1, out.width() / 4), h = std::max(1, out.height() / 10);
    const int x0 = out.width() - w - out.width() / 40, y0 = out.height() - h - out.height() / 40;
    const int above = std::max(0, y0 - 1), below = std::min(out.height() - 1, y0 + h);
    for (int x = x0; x < x0 + w; ++x) {
        const QRgb top = out.pixel(x, above), bottom = out.pixel(x, below);
        for (int y = y0; y < y0 + h; ++y)
            out.setPixel(x, y, mixRgb(top, bottom, double(y - y0 + 1) / (h + 1)));
    }
    return out;
}

QImage doodled(const QImage &sketch, const QString &prompt, qint64 seed, bool isSketch)
{
    QImage out = landscape(prompt, seed, sketch.size());
    const QImage lines = rgb32(sketch);
    if (out.isNull())
        return out;
    for (int y = 0; y < out.height(); ++y) {
        auto *row = reinterpret_cast<QRgb *>(out.scanLine(y));
        const auto *from = reinterpret_cast<const QRgb *>(lines.constScanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            // Dark strokes stay visible: as ink on a sketch, as shading on a doodle.
            const double ink = 1 - luma(from[x]) / 255;
            row[x] = mixRgb(row[x], qRgb(20, 20, 28), ink * (isSketch ? 0.85 : 0.5));
        }
    }
    return out;
}

QImage cartoon(const QImage &input)
{
    const QImage in = rgb32(input);
    QImage out = in;
    for (int y = 0; y < out.height(); ++y) {
        auto *row = reinterpret_cast<QRgb *>(out.scanLine(y));
        const auto *up = reinterpret_cast<const QRgb *>(in.constScanLine(std::max(0, y - 1)));
        const auto *here = reinterpret_cast<const QRgb *>(in.constScanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            const auto poster = [](int v) { return std::min(255, (v / 48) * 48 + 24); };
            const QRgb c = here[x];
            const double edge = std::abs(luma(c) - luma(here[std::max(0, x - 1)]))
                    + std::abs(luma(c) - luma(up[x]));
            row[x] = edge > 40 ? qRgb(25, 20, 30)
                               : qRgb(poster(qRed(c)), poster(qGreen(c)), poster(qBlue(c)));
        }
    }
    return out;
}

QImage blended(const QList<QImage> &images, QSize size, qint64 seed)
{
    StableRandom random(quint64(seed) ^ 0xb1e4d);
    QList<QImage> layers;
    QList<double> weights;
    double total = 0;
    for (const QImage &image : images) {
        if (image.isNull())
            continue;
        layers.append(covering(image, size));
        weights.append(random.range(0.6, 1.4));
        total += weights.last();
    }
    if (layers.isEmpty())
        return {};
    const double hue = random.range(-30, 30);
    QImage out(size, QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y) {
        auto *row = reinterpret_cast<QRgb *>(out.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            double r = 0, g = 0, b = 0;
            for (int i = 0; i < layers.size(); ++i) {
                const QRgb c = reinterpret_cast<const QRgb *>(layers.at(i).constScanLine(y))[x];
                r += qRed(c) * weights.at(i), g += qGreen(c) * weights.at(i);
                b += qBlue(c) * weights.at(i);
            }
            row[x] = rotateHue(
                    qRgb(clampByte(r / total), clampByte(g / total), clampByte(b / total)), hue);
        }
    }
    return out;
}

} // namespace

QSize SimulatedEdit::outputSize(QSize asked) const
{
    const QImage base = images.isEmpty() ? QImage() : images.constLast();
    if (function.isEmpty()) {
        if (asked.isValid())
            return asked;
        if (base.isNull() || base.height() <= 0)
            return { 1280, 1280 };
        const double ratio = std::clamp(double(base.width()) / base.height(), 0.25, 4.0);
        const int height = int(std::sqrt(1280.0 * 1280.0 / ratio)) & ~1;
        return { int(height * ratio) & ~1, height };
    }
    const QSize input = images.isEmpty() ? QSize() : images.constFirst().size();
    if (function == u"expand") {
        return { int(std::lround(input.width() * (leftScale + rightScale - 1))),
                 int(std::lround(input.height() * (topScale + bottomScale - 1))) };
    }
    if (function == u"super_resolution")
        return input * std::max(1, upscaleFactor);
    return input;
}

QImage SimulatedEdit::render(qint64 seed) const
{
    if (images.isEmpty() || images.constFirst().isNull() || !size.isValid()
        || std::max(size.width(), size.height()) > MaxSide)
        return {};
    const QImage &base = images.constFirst();
    if (function.isEmpty())
        return blended(images, size, seed);
    if (function == u"stylization_all")
        return graded(base, seed, 0.35 + 0.65 * strength, false);
    if (function == u"stylization_local")
        return graded(base, seed, 0.85, true);
    if (function == u"description_edit")
        return variation(base, prompt, seed, strength);
    if (function == u"description_edit_with_mask")
        return inpainted(base, mask, prompt, seed);
    if (function == u"remove_watermark")
        return watermarkRemoved(base);
    if (function == u"expand")
        return expanded(base, *this, seed, size);
    if (function == u"super_resolution")
        return rgb32(base.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    if (function == u"colorization")
        return colourised(base, seed);
    if (function == u"doodle")
        return doodled(base, prompt, seed, isSketch);
    if (function == u"control_cartoon_feature")
        return cartoon(base);
    return rgb32(base);
}

QByteArray SimulatedEdit::toPng(qint64 seed) const
{
    const QImage image = render(seed);
    if (image.isNull())
        return {};
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    writer.setCompression(6);
    if (!writer.write(image))
        return {};
    return png;
}
