#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>

// The picture the simulator serves for an editing task: made from the input images, so a person
// sees that the edit came from their image, and deterministic (the same inputs, parameters and
// seed give the same PNG bytes; another seed, another variation).
//
//   stylization_all     a colour grading of the whole input (a seeded tint, strength-weighted)
//   stylization_local   the same grading, fading out from the centre
//   description_edit    a recognisable variation: shifted hue, a vignette, soft shapes the seed
//                       places
//   description_edit_with_mask   only where the mask is white: the generated landscape of the
//                       prompt; every pixel where it is black is the input's, exactly
//   remove_watermark    the bottom-right corner (where marks sit) filled from its surroundings
//   expand              the input, unchanged, on a canvas grown by the four scales, the rest
//                       SimulatedImage's landscape of the prompt
//   super_resolution    the input enlarged by the factor, smoothly
//   colorization        the input's brightness through a seeded colour map (a grey input comes
//                       back in colour)
//   doodle              the landscape of the prompt with the sketch's dark lines drawn on it
//   control_cartoon_feature   flat colours and dark edges
//   (no function: wan2.5-i2i) a blend of every input, each covering the output size
//
// Plain pixel arithmetic and QImage::scaled, no QPainter: runs on any thread without a
// QGuiApplication, as SimulatedImage does.
struct SimulatedEdit
{
    QString function; // input.function; empty for wan2.5-i2i's multi-image edit
    QString prompt;
    QList<QImage> images; // decoded inputs in order: the base image, or wan2.5-i2i's 1–3
    QImage mask; // description_edit_with_mask
    double strength = 0.5;
    double topScale = 1, bottomScale = 1, leftScale = 1, rightScale = 1;
    int upscaleFactor = 1;
    bool isSketch = false;
    QSize size; // the output's; see outputSize()

    QImage render(qint64 seed) const; // Format_RGB32; null when there is no input
    QByteArray toPng(qint64 seed) const; // empty on failure

    // The size the service makes: expand grows each side by its scale (a scale of 1.5 on the
    // left adds half the width there), super_resolution multiplies by the factor, the other
    // functions keep the base image's; wan2.5-i2i the asked size, else about 1280×1280 pixels
    // in the last input's aspect ratio.
    QSize outputSize(QSize asked) const;

    static constexpr int MaxSide = 8192; // the simulator renders nothing larger
};
