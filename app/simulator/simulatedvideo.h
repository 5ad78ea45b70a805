#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

// The video the simulator serves in place of a generated one: a real MP4 as the service sends
// them (H.264 at 30 fps, moov at the front, silent or with an AAC track). Text-to-video shows
// SimulatedImage's landscape of the prompt in motion (SimulatedLandscape: the camera drifting,
// the sun and the clouds moving, the lake rippling); image-to-video a slow zoom and pan over the
// given image; first-and-last-frame goes from the first image to the last (the last frame is the
// last image). Deterministic: the same prompt, seed, size, length and images give the same bytes.
//
// Quick rather than perfect: the demo's sizes (up to 640 px) get a new picture every frame;
// larger ones hold each picture a few frames (which the encoder stores as nearly nothing) and
// draw the landscape at the demo's size, scaled up, so a 15 s 1080P request does not hold the
// simulator up. Frames go into the encoder's YUV planes, and x264 runs with its ultrafast preset.
// When Debian's libavcodec lacks libx264, FFmpeg's own MPEG-4 Part 2 encoder is used instead (still
// an MP4 at 30 fps, just not H.264).
//
// Runs on any thread: no fonts, no QPainter, no QGuiApplication.
struct SimulatedVideo
{
    QString prompt;
    qint64 seed = 0;
    QSize size { 1280, 720 }; // both sides even (4:2:0 needs them), at most MaxSide
    int durationSeconds = 5; // 1 to MaxSeconds
    bool audio = false; // a silent AAC track; left out when FFmpeg has no AAC encoder

    static constexpr int FramesPerSecond = 30;
    static constexpr int MaxSide = 4096;
    static constexpr int MaxSeconds = 60;

    // The MP4's bytes; empty on failure (*error, when given, says why: in English, like the
    // rest of the simulator, which stands in for the service).
    QByteArray toMp4(QString *error = nullptr) const;
    // Writes the MP4 to `path` (replaced if it exists); false with *error on failure.
    bool writeMp4(const QString &path, QString *error = nullptr) const;
    // Image-to-video: a slow zoom and pan over `firstFrame` instead of the landscape; with a
    // `lastFrame` (first-and-last-frame) the camera moves on to it, crossfading, and ends on the
    // whole of it. A null firstFrame gives toMp4()'s video.
    QByteArray animate(const QImage &firstFrame, const QImage &lastFrame = {},
                       QString *error = nullptr) const;

    // Whether libx264 is there, i.e. whether the videos are H.264 like the service's.
    static bool hasH264Encoder();
    static bool hasAacEncoder();
};
