#pragma once

#include <QByteArray>
#include <QString>

// The bodies of the simulator's hostile answers. Each is small on the wire, however much it
// claims or inflates to; the large ones are made once and kept.
namespace SimulatorHostile {

constexpr int NestingDepth = 100000;
constexpr qint64 TextBombBytes = qint64(2) << 30; // what the zTXt chunk inflates to
constexpr int HugeSide = 30000;

// A zlib stream of `length` zero bytes, about a thousandth of that on the wire.
QByteArray zlibZeros(qint64 length);
// `png` with a zTXt "parameters" chunk after IHDR that inflates to TextBombBytes.
QByteArray withTextBomb(const QByteArray &png);
// A well-formed grey PNG of HugeSide × HugeSide pixels (its IDAT inflates to about 900 MB).
QByteArray hugePng();
// A poll answer of the task shape whose results are NestingDepth arrays deep.
QByteArray deeplyNestedJson(const QString &taskId);
// A 200 page where JSON belongs: what a captive portal or a mistyped base URL answers.
QByteArray loginPage();
// A result that is not an image.
QByteArray notAnImage();

} // namespace SimulatorHostile
