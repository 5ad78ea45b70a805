#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>
#include <memory>

// The picture the simulator serves in place of a generated image: a layered landscape (sky,
// sun or moon, soft clouds, misty mountain ridges, sometimes a lake) whose palette and mood come
// from the prompt and whose layout comes from the prompt and the seed.
//
// Deterministic: the same prompt, seed, size and watermark give the same pixels and the same
// PNG bytes; another seed gives another picture with the same palette (so the n images of one
// task look like a set). Rendered with plain arithmetic, no fonts and no QPainter, so it runs on
// any thread without a QGuiApplication. A 1280×1280 PNG takes well under a second.
struct SimulatedImage
{
    QString prompt;
    qint64 seed = 0;
    QSize size { 1024, 1024 };
    bool watermark = false; // a small "AI" mark at the bottom right, as the service's "AI生成"

    QImage render() const; // Format_RGB32; a null image for an empty or absurd size
    QByteArray toPng() const; // empty on failure

    static constexpr int MaxSide = 8192; // larger sizes render as a null image
};

struct LandscapeScene;

// SimulatedImage's landscape in motion, for the simulator's videos: laid out once, then drawn at
// any moment, with the camera drifting sideways (the near ridges faster than the far ones), the
// sun or moon on its way (rising at dawn, setting at dusk), the clouds on their own winds and
// the lake rippling. At 0 seconds it is SimulatedImage's picture of the same prompt, seed and
// size (without the watermark). Deterministic, and like SimulatedImage safe on any thread.
class SimulatedLandscape
{
public:
    // `seconds`: how long the video lasts, so the scene is laid out wide enough for the drift.
    SimulatedLandscape(const QString &prompt, qint64 seed, QSize size, double seconds);

    QImage render(double seconds) const; // Format_RGB32; null for an absurd size

private:
    std::shared_ptr<const LandscapeScene> m_scene;
};
