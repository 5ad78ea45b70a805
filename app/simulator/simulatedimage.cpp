#include "simulator/simulatedimage.h"

#include "simulator/stablerandom.h"

#include <QBuffer>
#include <QImageWriter>
#include <QStringList>
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace {

constexpr double Pi = 3.14159265358979323846;

quint32 pixelHash(quint32 x, quint32 y, quint32 salt)
{
    quint32 h = x * 0x8da6b343U ^ y * 0xd8163841U ^ salt * 0xcb1ab31fU;
    h ^= h >> 13;
    h *= 0x5bd1e995U;
    h ^= h >> 15;
    return h;
}

struct Rgb
{
    double r = 0, g = 0, b = 0;
};

Rgb mix(const Rgb &a, const Rgb &b, double t)
{
    return { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
}

Rgb scaled(const Rgb &c, double f)
{
    return { c.r * f, c.g * f, c.b * f };
}
Rgb added(const Rgb &a, const Rgb &b, double f)
{
    return { a.r + b.r * f, a.g + b.g * f, a.b + b.b * f };
}

// h in degrees, s and v in [0, 1].
Rgb hsv(double h, double s, double v)
{
    h = std::fmod(std::fmod(h, 360.0) + 360.0, 360.0) / 60.0;
    const int sector = int(h);
    const double f = h - sector;
    const double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
    switch (sector) {
    case 0:
        return { v, t, p };
    case 1:
        return { q, v, p };
    case 2:
        return { p, v, t };
    case 3:
        return { p, q, v };
    case 4:
        return { t, p, v };
    default:
        return { v, p, q };
    }
}

// Moves hue `from` towards `to` by `t` along the shorter way round the circle.
double towardsHue(double from, double to, double t)
{
    double delta = std::fmod(to - from + 540.0, 360.0) - 180.0;
    return from + delta * t;
}

double clamp01(double v)
{
    return v < 0 ? 0 : (v > 1 ? 1 : v);
}

double smoothstep(double edge0, double edge1, double x)
{
    const double t = clamp01((x - edge0) / (edge1 - edge0));
    return t * t * (3 - 2 * t);
}

enum class Mood { Dawn, Day, Dusk, Night };

bool containsAny(const QString &text, std::initializer_list<const char *> words)
{
    for (const char *word : words) {
        if (text.contains(QString::fromUtf8(word), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// 1-D value noise with smooth interpolation, periodic over `values`.
double valueNoise(const std::vector<double> &values, double u)
{
    const int count = int(values.size());
    const double x = u * count;
    const double fl = std::floor(x);
    const int i0 = ((int(fl) % count) + count) % count;
    const int i1 = (i0 + 1) % count;
    const double t = x - fl;
    const double s = t * t * (3 - 2 * t);
    return values[size_t(i0)] + (values[size_t(i1)] - values[size_t(i0)]) * s;
}

struct Cloud
{
    double cx, cy, rx, ry, alpha;
};

struct Layer
{
    std::vector<float> ridge; // y of the ridge line for every column
    std::vector<float> valley; // the ridge without its rough detail: mist follows this
    Rgb color;
    double mist;
};

} // namespace

struct LandscapeScene
{
    int width = 0, height = 0;
    int margin = 0; // columns laid out beyond the right edge, for a camera drifting over them
    Mood mood = Mood::Day;
    Rgb skyTop, skyHorizon, sun, cloud, fog, water;
    double glow = 0.4;
    double sunX = 0, sunY = 0, sunRadius = 0;
    bool hasWater = false;
    double waterLine = 0;
    std::vector<Cloud> clouds;
    std::vector<Layer> layers;
    quint32 starSalt = 0;
    // Each cloud's wind, in pixels a second: drawn apart from the layout, so a still is the same
    // picture it always was.
    std::vector<double> cloudSpeeds;
};

namespace {

using Scene = LandscapeScene;

// Where the moving parts are at one moment of a video; all zero for a still.
struct Motion
{
    double camera = 0; // pixels the nearest ridge has moved left; farther layers move less
    double seconds = 0; // the clouds' and the water's time
    double sunDx = 0, sunDy = 0;
};

// How far each layer moves with the camera: the sky barely, the nearest ridge fully.
constexpr double SkyParallax = 0.08;
double layerParallax(int layer, int layerCount)
{
    return 0.3 + 0.7 * double(layer) / std::max(1, layerCount - 1);
}

// A layer's line at a fractional column (the camera moves smoothly, not pixel by pixel).
float lineAt(const std::vector<float> &line, double x)
{
    const double clamped = std::clamp(x, 0.0, double(line.size() - 1));
    const size_t i = size_t(clamped);
    const double t = clamped - double(i);
    if (i + 1 >= line.size())
        return line[i];
    return float(line[i] + (line[i + 1] - line[i]) * t);
}

Scene makeScene(const QString &prompt, qint64 seed, int width, int height, int margin = 0)
{
    Scene s;
    s.width = width;
    s.height = height;
    s.margin = margin;
    const quint64 promptHash = stableHash(prompt.toUtf8());
    StableRandom palette(promptHash); // the prompt's colours
    StableRandom layout(promptHash
                        ^ (quint64(seed) * 0xD1B54A32D192ED03ULL + 1)); // prompt + seed: shapes

    // Mood: words in the prompt win, else the prompt's hash picks one.
    if (containsAny(prompt, { "night", "moon", "star", "midnight", "夜", "月", "星" }))
        s.mood = Mood::Night;
    else if (containsAny(
                     prompt,
                     { "sunset", "dusk", "evening", "twilight", "黄昏", "夕阳", "傍晚", "晚霞" }))
        s.mood = Mood::Dusk;
    else if (containsAny(prompt, { "dawn", "sunrise", "morning", "清晨", "日出", "早晨", "朝" }))
        s.mood = Mood::Dawn;
    else {
        const double pick = palette.uniform();
        s.mood = pick < 0.3   ? Mood::Dawn
                : pick < 0.62 ? Mood::Day
                : pick < 0.92 ? Mood::Dusk
                              : Mood::Night;
    }
    const double hue = palette.uniform() * 360.0;
    s.hasWater = containsAny(prompt,
                             { "sea", "ocean", "lake", "river", "water", "shore", "beach", "海",
                               "湖", "河", "水", "江" })
            || palette.uniform() < 0.3;

    switch (s.mood) {
    case Mood::Dawn:
        s.skyTop = hsv(towardsHue(215, hue, 0.3), 0.42, 0.80);
        s.skyHorizon = hsv(towardsHue(345, hue, 0.2), 0.30, 1.0);
        s.sun = { 1.0, 0.88, 0.74 };
        s.glow = 0.55;
        s.cloud = mix(s.skyHorizon, Rgb { 1, 1, 1 }, 0.45);
        break;
    case Mood::Day:
        s.skyTop = hsv(towardsHue(208, hue, 0.25), 0.58, 0.88);
        s.skyHorizon = hsv(towardsHue(200, hue, 0.2), 0.16, 0.99);
        s.sun = { 1.0, 0.97, 0.88 };
        s.glow = 0.35;
        s.cloud = { 0.98, 0.98, 1.0 };
        break;
    case Mood::Dusk:
        s.skyTop = hsv(towardsHue(255, hue, 0.3), 0.55, 0.42);
        s.skyHorizon = hsv(towardsHue(28, hue, 0.15), 0.72, 1.0);
        s.sun = { 1.0, 0.82, 0.52 };
        s.glow = 0.75;
        s.cloud = hsv(towardsHue(340, hue, 0.2), 0.45, 0.88);
        break;
    case Mood::Night:
        s.skyTop = hsv(towardsHue(228, hue, 0.2), 0.75, 0.10);
        s.skyHorizon = hsv(towardsHue(225, hue, 0.3), 0.55, 0.34);
        s.sun = { 0.93, 0.94, 1.0 };
        s.glow = 0.28;
        s.cloud = hsv(towardsHue(230, hue, 0.2), 0.3, 0.45);
        s.starSalt = quint32(promptHash) ^ quint32(seed);
        break;
    }
    s.fog = mix(s.skyHorizon, s.skyTop, 0.15);
    s.water = mix(s.skyTop, hsv(hue, 0.5, 0.3), 0.35);

    const double shortSide = std::min(width, height);
    s.sunX = layout.range(0.18, 0.82) * width;
    s.sunY = layout.range(0.16, 0.40) * height;
    s.sunRadius = shortSide * layout.range(0.045, 0.07);
    s.waterLine = height * layout.range(0.66, 0.74);

    const int cloudCount = 3 + layout.below(4);
    for (int i = 0; i < cloudCount; ++i) {
        s.clouds.push_back({ layout.range(-0.1, 1.1) * width, layout.range(0.06, 0.40) * height,
                             layout.range(0.16, 0.38) * width, layout.range(0.010, 0.028) * height,
                             layout.range(0.25, 0.55) });
    }

    // Mountain layers, far (pale, tall, rough) to near (dark, low, smooth).
    const int layerCount = 4 + layout.below(2);
    const Rgb nearColor = hsv(hue, 0.45, s.mood == Mood::Night ? 0.07 : 0.22);
    const Rgb farColor
            = mix(s.skyHorizon, hsv(hue, 0.35, s.mood == Mood::Night ? 0.3 : 0.72), 0.35);
    const double top = 0.42 * height;
    const double bottom = (s.hasWater ? s.waterLine / height - 0.06 : 0.80) * height;
    for (int i = 0; i < layerCount; ++i) {
        const double t = double(i) / (layerCount - 1);
        Layer layer;
        layer.color = mix(farColor, nearColor, std::pow(t, 0.8));
        layer.mist = 0.6 - 0.3 * t;
        const double base = top + (bottom - top) * t + layout.range(-0.02, 0.02) * height;
        const double amplitude = height * (0.17 - 0.10 * t) * layout.range(0.7, 1.2);
        const double roughness = 0.65 - 0.45 * t;
        const double k1 = layout.range(0.6, 1.6) * (1 + 0.5 * t), p1 = layout.uniform();
        const double k2 = layout.range(2.0, 4.0), p2 = layout.uniform();
        std::vector<double> lattice(32);
        for (double &v : lattice)
            v = layout.range(-1, 1);
        const double n1 = double(1 + layout.below(3)), n2 = double(4 + layout.below(4));
        layer.ridge.resize(size_t(width + margin));
        layer.valley.resize(size_t(width + margin));
        for (int x = 0; x < width + margin; ++x) {
            const double u = double(x) / width;
            const double smooth = 0.6 * std::sin(2 * Pi * (k1 * u + p1))
                    + 0.28 * std::sin(2 * Pi * (k2 * u + p2));
            const double f
                    = std::clamp(smooth
                                         + roughness
                                                 * (0.35 * valueNoise(lattice, u * n1)
                                                    + 0.15 * valueNoise(lattice, u * n2 + 0.37)),
                                 -1.2, 1.2);
            layer.ridge[size_t(x)] = float(base - amplitude * (0.5 + 0.5 * f));
            layer.valley[size_t(x)] = float(base - amplitude * (0.5 + 0.5 * smooth) * 0.6);
        }
        s.layers.push_back(std::move(layer));
    }
    StableRandom wind(promptHash ^ (quint64(seed) * 0x9E3779B97F4A7C15ULL) ^ 0xC10D5EEDULL);
    for (size_t i = 0; i < s.clouds.size(); ++i)
        s.cloudSpeeds.push_back(wind.range(0.012, 0.035) * width);
    return s;
}

// `gradient` is the sky colour of this row, `t` how far down towards the horizon it is.
Rgb skyAt(const Scene &s, const Motion &m, int x, int y, const Rgb &gradient, double t)
{
    Rgb c = gradient;

    if (s.mood == Mood::Night) {
        const quint32 h
                = pixelHash(quint32(x + int(m.camera * SkyParallax)), quint32(y), s.starSalt);
        if ((h & 1023U) < 2U)
            c = added(c, Rgb { 1, 1, 1 }, double((h >> 10) & 255U) / 255.0 * (1 - t));
    }

    for (size_t i = 0; i < s.clouds.size(); ++i) {
        const Cloud &cl = s.clouds[i];
        const double dy = (y - cl.cy) / cl.ry;
        if (dy < -3 || dy > 3)
            continue;
        const double cx = cl.cx + s.cloudSpeeds[i] * m.seconds - m.camera * SkyParallax * 1.5;
        const double dx = (x - cx) / cl.rx;
        if (dx < -2 || dx > 2)
            continue;
        c = mix(c, s.cloud, cl.alpha * std::exp(-(dx * dx + dy * dy) * 2.2));
    }

    const double dx = x - (s.sunX + m.sunDx), dy = y - (s.sunY + m.sunDy);
    const double d2 = dx * dx + dy * dy;
    const double r = s.sunRadius;
    // Glow: a tight core and a wide halo (rational falloff: cheaper than exp, just as soft).
    const double core = 1.0 / (1.0 + d2 / (3 * r * r));
    const double halo = 1.0 / (1.0 + d2 / (40 * r * r));
    c = added(c, s.sun, s.glow * (core * core * 0.55 + halo * halo * 0.4));
    if (d2 < (r + 1.5) * (r + 1.5))
        c = mix(c, s.sun, smoothstep(r + 1.0, r - 1.0, std::sqrt(d2)));
    return c;
}

Rgb layerAt(const Scene &s, const Layer &layer, double x, int y)
{
    const double depth = (y - lineAt(layer.valley, x)) / (s.height * 0.22);
    return mix(layer.color, s.fog, smoothstep(0, 1, depth) * layer.mist);
}

// A 5×7 bitmap of "AI" for the watermark (1 = ink).
constexpr std::array<const char *, 7> WatermarkGlyphs = {
    ".###...###", "#...#...#.", "#...#...#.", "#####...#.",
    "#...#...#.", "#...#...#.", "#...#..###",
};

void drawWatermark(QImage &image)
{
    const int scale = std::max(2, image.width() / 256);
    const int glyphWidth = int(qstrlen(WatermarkGlyphs[0]));
    const int x0 = image.width() - (glyphWidth + 2) * scale;
    const int y0 = image.height() - (int(WatermarkGlyphs.size()) + 2) * scale;
    if (x0 < 0 || y0 < 0)
        return;
    for (int gy = 0; gy < int(WatermarkGlyphs.size()); ++gy) {
        for (int gx = 0; gx < glyphWidth; ++gx) {
            if (WatermarkGlyphs[size_t(gy)][gx] != '#')
                continue;
            for (int py = 0; py < scale; ++py) {
                auto *line = reinterpret_cast<QRgb *>(image.scanLine(y0 + gy * scale + py));
                for (int px = 0; px < scale; ++px) {
                    QRgb &p = line[x0 + gx * scale + px];
                    p = qRgb((qRed(p) + 3 * 255) / 4, (qGreen(p) + 3 * 255) / 4,
                             (qBlue(p) + 3 * 255) / 4);
                }
            }
        }
    }
}

constexpr int Bayer4[4][4]
        = { { 0, 8, 2, 10 }, { 12, 4, 14, 6 }, { 3, 11, 1, 9 }, { 15, 7, 13, 5 } };

} // namespace

namespace {

QImage renderScene(const Scene &s, const Motion &m)
{
    const int width = s.width, height = s.height;
    QImage image(width, height, QImage::Format_RGB32);
    if (image.isNull())
        return {};

    const int layerCount = int(s.layers.size());
    const int waterRow = s.hasWater ? int(std::ceil(s.waterLine)) : height;
    const double horizon = s.hasWater ? s.waterLine : height * 0.8;
    std::vector<double> shift(size_t(layerCount), 0.0); // each layer's camera offset
    for (int i = 0; i < layerCount; ++i)
        shift[size_t(i)] = m.camera * layerParallax(i, layerCount);
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const double vy = double(y) / height - 0.5;
        const double skyT = std::pow(clamp01(y / horizon), 0.9);
        const Rgb skyRow = mix(s.skyTop, s.skyHorizon, skyT);
        for (int x = 0; x < width; ++x) {
            Rgb c;
            if (y < waterRow) {
                // The nearest layer that covers this pixel fully, then blend the nearer edges.
                int start = -1;
                for (int i = layerCount - 1; i >= 0; --i) {
                    if (y - lineAt(s.layers[size_t(i)].ridge, x + shift[size_t(i)]) >= 0.5) {
                        start = i;
                        break;
                    }
                }
                c = start >= 0 ? layerAt(s, s.layers[size_t(start)], x + shift[size_t(start)], y)
                               : skyAt(s, m, x, y, skyRow, skyT);
                for (int i = start + 1; i < layerCount; ++i) {
                    const Layer &layer = s.layers[size_t(i)];
                    const double lx = x + shift[size_t(i)];
                    const double cover = clamp01(y - lineAt(layer.ridge, lx) + 0.5);
                    if (cover > 0)
                        c = mix(c, layerAt(s, layer, lx, y), cover);
                }
            } else {
                // A lake: the scene above mirrored, rippled, tinted, with a glint under the sun.
                const double below = y - s.waterLine;
                const double ripple
                        = std::sin(below * 0.5 + std::sin(x * 0.013) * 1.5 - m.seconds * 2.5)
                        * (0.6 + below * 0.012);
                const int sx = std::clamp(int(x + ripple), 0, width - 1);
                const int sy = std::clamp(int(2 * s.waterLine - y), 0, waterRow - 1);
                const QRgb src = reinterpret_cast<const QRgb *>(image.constScanLine(sy))[sx];
                c = { qRed(src) / 255.0, qGreen(src) / 255.0, qBlue(src) / 255.0 };
                const double depth = clamp01(below / (height - s.waterLine + 1));
                c = mix(scaled(c, 0.85), s.water, 0.22 + 0.35 * depth);
                const double gx = (x - s.sunX - m.sunDx) / (s.sunRadius * 1.6);
                const double sparkle = 0.5
                        + 0.5 * std::sin(y * 0.9 + std::sin(x * 0.05) * 3.0 - m.seconds * 4.0);
                c = added(c, s.sun, std::exp(-gx * gx) * sparkle * 0.35 * s.glow * (1 - depth));
            }

            const double vx = double(x) / width - 0.5;
            c = scaled(c, 1.0 - 0.35 * (vx * vx + vy * vy));
            const double dither = (Bayer4[y & 3][x & 3] + 0.5) / 16.0 - 0.5;
            line[x] = qRgb(std::clamp(int(c.r * 255 + 0.5 + dither), 0, 255),
                           std::clamp(int(c.g * 255 + 0.5 + dither), 0, 255),
                           std::clamp(int(c.b * 255 + 0.5 + dither), 0, 255));
        }
    }
    return image;
}

// The camera's drift, in parts of the width a second (nearest ridge), and the sun's path.
constexpr double CameraSpeed = 0.025;

} // namespace

QImage SimulatedImage::render() const
{
    const int width = size.width(), height = size.height();
    if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide)
        return {};
    QImage image = renderScene(makeScene(prompt, seed, width, height), Motion {});
    if (watermark && !image.isNull())
        drawWatermark(image);
    return image;
}

SimulatedLandscape::SimulatedLandscape(const QString &prompt, qint64 seed, QSize size,
                                       double seconds)
{
    if (size.width() <= 0 || size.height() <= 0 || size.width() > SimulatedImage::MaxSide
        || size.height() > SimulatedImage::MaxSide)
        return;
    const int margin = int(std::ceil(CameraSpeed * size.width() * std::max(0.0, seconds))) + 2;
    m_scene = std::make_shared<const LandscapeScene>(
            makeScene(prompt, seed, size.width(), size.height(), margin));
}

QImage SimulatedLandscape::render(double seconds) const
{
    if (!m_scene)
        return {};
    const Scene &s = *m_scene;
    Motion m;
    m.seconds = seconds;
    m.camera = std::min(CameraSpeed * s.width * seconds, double(s.margin - 2));
    // Dawn: the sun rises; dusk: it sets; by day and by night it travels along the sky.
    const double rise = 0.012 * s.height * seconds;
    switch (s.mood) {
    case Mood::Dawn:
        m.sunDy = -rise;
        m.sunDx = 0.3 * rise;
        break;
    case Mood::Dusk:
        m.sunDy = rise;
        m.sunDx = 0.3 * rise;
        break;
    case Mood::Day:
    case Mood::Night:
        m.sunDx = 0.01 * s.width * seconds;
        m.sunDy = -0.2 * rise;
        break;
    }
    m.sunDx -= m.camera * SkyParallax;
    return renderScene(s, m);
}

QByteArray SimulatedImage::toPng() const
{
    QImage image = render();
    if (image.isNull())
        return {};
    image.setText(QStringLiteral("Software"), QStringLiteral("DashScope Studio simulator"));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    // Qt maps PNG "quality" to the zlib level; 50 is about 3x faster than the default at a
    // similar size. (setCompression() switches compression off on Qt 6.4: do not use it.)
    writer.setQuality(50);
    if (!writer.write(image))
        return {};
    return bytes;
}
