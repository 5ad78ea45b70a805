#pragma once

#include "library/libraryresult.h"

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>
#include <optional>

// What a video file holds, as far as the library needs it (read by VideoFile::probe()).
struct VideoInfo
{
    bool valid = false;
    QString error; // one sentence for a person when not valid
    QSize pixelSize;
    qint64 durationMs = 0;
    double frameRate = 0; // frames per second; 0 when the file does not say
    QString videoCodec; // FFmpeg's short name: "h264", "mpeg4", …
    bool hasAudio = false;
};

// MP4 videos (the service's results: H.264, 30 fps, silent or AAC), read and tagged with FFmpeg's
// libraries. Only MP4 is opened (the ftyp box is checked before FFmpeg sees a byte, and only its
// MP4 demuxer is used), through our own reader: no FFmpeg protocol, so a file can never make it
// open another file or a URL. Every function is safe to call from a worker thread, and none
// keeps state between calls.
namespace VideoFile {

// Files whose moov box (durations, sizes, sample tables) cannot be found within this many bytes
// read are refused: the service's 15 s 1080p videos need a few hundred KiB, and a hostile file
// must not make us read gigabytes to find out it is not a video.
constexpr qint64 MaxHeaderBytes = 8 * 1024 * 1024;
// Larger frames are refused before any decoding: 8K is far beyond the service's 1080P, and a
// frame is allocated from the file's own claim of its size.
constexpr qint64 MaxPixels = 7680LL * 4320;
// The ftyp box is at most this long in the files we accept (it lists a handful of brands).
constexpr int MaxFtypSize = 4096;
// Our provenance JSON is a few KiB; a longer comment is not ours.
constexpr int MaxProvenanceBytes = 1024 * 1024;

// Whether `head` (the file's first bytes) starts with an MP4 ftyp box of a known brand: the size
// (16 to MaxFtypSize bytes), "ftyp" at offset 4, and a major brand we know (isom, mp42, avc1, …)
// or a known compatible brand among the bytes given. Needs at least 12 bytes.
bool isMp4(const QByteArray &head);
// The size of the ftyp box that `head` starts with (at least 8 bytes), 0 when it is not one.
int ftypSize(const QByteArray &head);

VideoInfo probe(const QString &path);

// A representative early frame (at about 10 % of the duration, else the first one), scaled down
// to fit `maxSize` keeping its aspect ratio (never scaled up). Null when the file is not a whole
// MP4 video we can decode.
QImage poster(const QString &path, const QSize &maxSize);

// Stores `json` (a JSON object, as UTF-8) in the MP4's "comment" metadata tag without
// re-encoding: the streams are copied into a new file beside `path` (moov at the front, so the
// file still plays while it is being read), which then replaces `path` atomically. Other tags are
// kept; on any failure `path` is left as it was and no temporary file stays behind.
LibraryResult writeProvenance(const QString &path, const QByteArray &json);
// Our JSON from the "comment" tag; nullopt when the file is not an MP4 we can read, has no such
// tag, or the tag is not a JSON object (another tool's comment).
std::optional<QByteArray> readProvenance(const QString &path);

} // namespace VideoFile
