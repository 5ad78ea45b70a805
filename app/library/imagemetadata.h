#pragma once

#include "domain/generationrequest.h"

#include <QByteArray>
#include <QDateTime>
#include <QSize>
#include <QString>
#include <optional>

// Where an image came from: written into every saved PNG, read back from any PNG.
struct ImageProvenance
{
    // What was asked for, with this image's own seed and size. Read from another tool's file,
    // the fields it has (prompt, negative prompt, seed, size, model).
    GenerationRequest request;
    QString actualPrompt; // the service's extended prompt, when prompt_extend was on
    QString region; // regionId(), e.g. "singapore"
    QString taskId;
    QString requestId;
    QDateTime created; // UTC
    QString software; // "DashScope Studio 0.1.0"; other tools' name when read from their files
    // Made by the built-in simulator (demo mode). Written as "demo": true only then; files
    // without the key (older ones, real results) read as not demo.
    bool demo = false;
};

// PNG text chunks, inserted without re-encoding: the service's bytes stay as they are, with
// a "parameters" chunk (AUTOMATIC1111 format, read by the tools people use; tEXt when the text
// is Latin-1, else iTXt in UTF-8, as PIL and so A1111 itself write it) and an iTXt "dashscope"
// chunk (UTF-8 JSON, so Chinese prompts survive: RequestCodec's keys plus region, task_id,
// request_id, actual_prompt, created and software) placed right after IHDR.
namespace ImageMetadata {

constexpr int PngHeaderSize = 33; // 8-byte signature + the 25-byte IHDR chunk
// Larger images are not downloaded: the service's are far smaller, and at 4 bytes a pixel this
// is Qt's 128 MB limit for decoding (thumbnails and the viewer could not show more).
constexpr qint64 MaxPixels = 32LL * 1024 * 1024;

bool isPng(const QByteArray &head); // checks the 8-byte signature
QSize pngSize(const QByteArray &head); // from IHDR; invalid when not a PNG

// The encoded chunks to insert after IHDR (length, type, data, CRC each). Lets a download
// stream header, chunks and the rest straight to disk.
QByteArray provenanceChunks(const ImageProvenance &provenance);
// A whole PNG with the chunks inserted after IHDR (replacing ours if present); empty when `png`
// is not a PNG.
QByteArray embed(const QByteArray &png, const ImageProvenance &provenance);

// Reads our "dashscope" chunk, else an A1111 "parameters" chunk (any tool's), else nullopt.
std::optional<ImageProvenance> read(const QByteArray &png);
std::optional<ImageProvenance> readFile(const QString &path);
// The "dashscope" JSON alone (compact UTF-8), as a video's comment tag carries it
// (VideoFile::writeProvenance), and back.
QByteArray provenanceJson(const ImageProvenance &provenance);
std::optional<ImageProvenance> fromProvenanceJson(const QByteArray &json);

// The A1111 text: "prompt\nNegative prompt: …\nSteps: …, Seed: N, Size: WxH, Model: NAME, …"
QString toParameters(const ImageProvenance &provenance);
ImageProvenance fromParameters(const QString &parameters);

} // namespace ImageMetadata
