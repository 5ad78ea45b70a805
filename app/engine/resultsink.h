#pragma once

#include "domain/apierror.h"
#include "library/imagemetadata.h"

#include <QByteArray>
#include <QSize>
#include <QString>

// The per-format half of a download: what the server's bytes must be, and what is written to the
// file for them. ResultDownloader is the transport (streaming into a QSaveFile, retries, size
// cap, deadlines, redirects); a sink sees only bytes. A new format (an MP4 result) is a new sink.
class ResultSink
{
public:
    // The largest file of the service taken by default: images. Another media kind says its own.
    static constexpr qint64 DefaultMaxBytes = 64 * 1024 * 1024;

    enum class End {
        Complete, // save the file
        Truncated, // cut short: the transport retries
        Invalid, // not this format at all: no retry
    };

    ResultSink() = default;
    virtual ~ResultSink();
    ResultSink(const ResultSink &) = delete;
    ResultSink &operator=(const ResultSink &) = delete;

    virtual void reset() = 0; // a new attempt starts from the first byte
    // The next bytes of the server, in order. Appends to *out what goes to the file now (a sink
    // may hold bytes back until it has seen enough to check them). False, with *error, when they
    // cannot be this format: the download ends without retry.
    virtual bool consume(const QByteArray &bytes, QByteArray *out, ApiError *error) = 0;
    // After the last byte: whether the file is whole (*out gets any bytes still held back).
    virtual End finish(QByteArray *out, ApiError *error) = 0;
    virtual QSize pixelSize() const { return {}; }
    // The size cap of this media kind (the transport's, unless its caller sets another), and what
    // a person reads when a file is larger.
    virtual qint64 maxBytes() const { return DefaultMaxBytes; }
    virtual QString tooLargeMessage(qint64 maxBytes) const;
};

// A PNG result: signature and IHDR checked before anything is written, our provenance chunks
// inserted right after IHDR, the pixel count bounded, and complete only with the closing IEND.
class PngSink final : public ResultSink
{
public:
    explicit PngSink(const ImageProvenance &provenance);

    void reset() override;
    bool consume(const QByteArray &bytes, QByteArray *out, ApiError *error) override;
    End finish(QByteArray *out, ApiError *error) override;
    QSize pixelSize() const override { return m_pixelSize; }

private:
    QByteArray m_chunks; // provenance, inserted after IHDR
    QByteArray m_head; // the first bytes, until signature and IHDR are checked
    QByteArray m_tail; // the last bytes, to check that IEND arrived
    bool m_headDone = false;
    QSize m_pixelSize;
};
