// What a video download meets: Mp4Sink walking the boxes as bytes stream in (in pieces whose sizes
// the input picks), then, for what it accepts as whole, VideoFile::probe() and poster() through
// FFmpeg on the saved file.
#include "engine/mp4sink.h"
#include "fuzzinput.h"
#include "library/videofile.h"

#include <QFile>
#include <QTemporaryDir>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int pieceSize = 1 + data[0] % 97;
    const QByteArray file(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    Mp4Sink sink;
    QByteArray written;
    ApiError error;
    bool accepted = true;
    for (qsizetype at = 0; at < file.size() && accepted; at += pieceSize) {
        QByteArray out;
        accepted = sink.consume(file.mid(at, pieceSize), &out, &error);
        written += out;
    }
    if (!accepted) {
        FUZZ_CHECK(error.isError());
        return 0;
    }
    QByteArray rest;
    const ResultSink::End end = sink.finish(&rest, &error);
    written += rest;
    // No re-encoding, nothing invented: what goes to disk is what came.
    FUZZ_CHECK(file.startsWith(written));
    if (end != ResultSink::End::Complete)
        return 0;
    FUZZ_CHECK(written == file);
    FUZZ_CHECK(VideoFile::isMp4(file.left(64)));

    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("input.mp4"));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(file) != file.size())
        return 0;
    out.close();
    const VideoInfo info = VideoFile::probe(path);
    if (info.valid) {
        FUZZ_CHECK(info.pixelSize.width() > 0 && info.pixelSize.height() > 0);
        FUZZ_CHECK(info.durationMs >= 0);
        const QImage poster = VideoFile::poster(path, QSize(64, 64));
        FUZZ_CHECK(poster.isNull() || (poster.width() <= 64 && poster.height() <= 64));
    } else {
        FUZZ_CHECK(!info.error.isEmpty());
    }
    return 0;
}
