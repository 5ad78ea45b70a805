#pragma once

#include "engine/resultsink.h"

// An MP4 result (the service's videos): written byte for byte, nothing inserted and nothing
// re-encoded. The first box must be an ftyp of a known MP4 brand, checked before a byte is
// written (anything else is Invalid: no retry). The rest is followed box by box as it streams,
// holding nothing back, so the file is complete only when the last box ends exactly at the last
// byte and a moov box (the index, without which nothing plays) has been seen; a transfer that
// stops inside a box is Truncated and retried. Our provenance is written into the saved file
// afterwards (VideoFile::writeProvenance), not here.
//
// Its size cap (maxBytes()) is MaxBytes: ResultDownloader takes the sink's cap unless its caller
// sets another.
class Mp4Sink final : public ResultSink
{
public:
    // Far above ResultDownloader's 64 MiB for images: a 1080P 15 s clip is tens of MB, and longer
    // or larger clips are coming. 2 GiB leaves a wide margin yet still stops a server that never
    // ends before it fills the disk.
    static constexpr qint64 MaxBytes = 2LL * 1024 * 1024 * 1024;

    Mp4Sink() = default;

    void reset() override;
    bool consume(const QByteArray &bytes, QByteArray *out, ApiError *error) override;
    End finish(QByteArray *out, ApiError *error) override;
    qint64 maxBytes() const override { return MaxBytes; }
    QString tooLargeMessage(qint64 maxBytes) const override;

private:
    bool walkBoxes(const QByteArray &bytes, ApiError *error);

    QByteArray m_head; // the first bytes, until the ftyp box is checked
    bool m_headDone = false;
    QByteArray m_boxHeader; // the header of the next box, while it arrives in pieces
    qint64 m_boxLeft = 0; // bytes of the current box still to come
    bool m_toEnd = false; // the last box runs to the end of the file (size 0)
    bool m_sawMoov = false;
};
