#pragma once

#include "domain/apierror.h"
#include "library/imagemetadata.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSize>
#include <QString>
#include <QUrl>
#include <chrono>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;
class ResultSink;
class ResultWriter;

// Downloads one result: a plain GET of the signed URL (no Authorization header, the URL kept
// byte-exact), streamed into a QSaveFile as it arrives. The reply is read on the caller's thread
// through a bounded read buffer; writing, hashing and the final fsync run on a ResultWriter's
// thread, whose bounded queue stops the reading when the disk is behind (and a busy caller's
// thread stops Qt reading the socket): memory stays flat at any size. This is the transport: a size
// cap (the sink's: 64 MiB for images, Mp4Sink's for videos), Content-Length, a stall timeout and a
// total deadline per attempt, redirects only to https or the same host and port; network errors and
// truncation are retried a few times with backoff; HTTP 403 (the signed URL expired) is not. What
// the bytes must be is the sink's (resultsink.h): by default a PngSink, which checks the PNG
// signature, the pixel count and the closing IEND, and inserts our provenance chunks after IHDR
// without decoding or re-encoding anything. A file is either complete under its final name or
// absent: no temporary file stays behind.
//
// One download per object; finished() is emitted exactly once, never from inside start().
// The caller owns the object and deletes it (deleteLater()) after finished().
class ResultDownloader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResultDownloader)

public:
    static constexpr qint64 DefaultMaxBytes = 64 * 1024 * 1024; // PngSink's; a sink names its own
    // What Qt may hold of a reply the caller's thread has not read yet (QNetworkReply's read
    // buffer): beyond it, Qt stops reading the socket.
    static constexpr qint64 ReadBufferSize = 1024 * 1024;
    static constexpr int DefaultMaxAttempts = 4;
    static constexpr std::chrono::milliseconds DefaultTotalDeadline { 10 * 60 * 1000 };

    explicit ResultDownloader(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~ResultDownloader() override;

    // Options; set before start().
    void setMaxBytes(qint64 bytes); // of the service's file; default (0): the sink's maxBytes()
    void setMaxAttempts(int attempts); // 1 = no retry
    void setRetryDelay(std::chrono::milliseconds firstDelay); // doubled per attempt, jittered
    void setTransferTimeout(std::chrono::milliseconds timeout); // without progress
    void setTotalDeadline(std::chrono::milliseconds deadline); // per attempt, however it drips
    // Another format than PNG (the default, made from start()'s provenance).
    void setSink(std::unique_ptr<ResultSink> sink);

    // Starts the download of `url` (exactly as the service sent it) into `targetPath`.
    // If a file of that name exists, "-2", "-3", … is added before the extension: an existing
    // file is never overwritten.
    void start(const QByteArray &url, const QString &targetPath, const ImageProvenance &provenance);
    // Stops; finished() follows (before abort() returns) with Kind::Canceled, nothing saved.
    void abort();

    bool isFinished() const { return m_finished; }
    ApiError error() const { return m_error; } // Kind::None: saved
    QString filePath() const { return m_savedPath; } // absolute, once saved
    QSize pixelSize() const { return m_pixelSize; } // from the sink (PNG: IHDR)
    qint64 fileSize() const { return m_written; } // bytes of the saved file
    qint64 serviceBytes() const
    {
        return m_received;
    } // bytes the service sent (without our chunks)
    QByteArray sha256() const { return m_sha256; } // hex, of the saved file
    int attempts() const { return m_attempt; }
    QUrl url() const { return m_url; }

    // The names of ResultFiles (resultfiles.h), here too for callers that only download.
    static QString fileBaseName(const QDateTime &created, const QString &prompt, qint64 seed,
                                int index = 0);
    static QString uniqueFilePath(const QString &directory, const QString &baseName,
                                  const QString &extension, const QSet<QString> &reserved = {});
    // The Expires parameter (Unix seconds) of a signed URL; invalid when absent.
    static QDateTime urlExpiry(const QByteArray &url);

signals:
    void progress(qint64 received, qint64 total); // total -1 when unknown
    void finished();

private:
    void startAttempt();
    void handleReadyRead();
    void handleRedirect(const QUrl &target);
    void handleDeadline();
    void handleFinished();
    // Takes what the reply holds while the writer has room; then, when the reply has finished,
    // completeBody().
    void drainReply();
    void completeBody(); // the whole body is read: checks, then commit
    void handleWriterWake(); // the writer has room again, or is done
    void writeOut(const QByteArray &bytes); // queued to the writer
    qint64 maxBytes() const;
    ApiError tooLarge() const;
    // Ends this attempt: retries when `retry` and attempts remain, else finishes with `error`.
    void failAttempt(const ApiError &error, bool retry);
    void dropReply(); // without its finished()
    void discardFile(); // the temporary file goes, nothing stays behind
    void finish();

    QNetworkAccessManager *m_network;
    qint64 m_maxBytes = 0; // 0: the sink's
    int m_maxAttempts = DefaultMaxAttempts;
    std::chrono::milliseconds m_retryDelay { 500 };
    std::chrono::milliseconds m_transferTimeout { 30000 };
    std::chrono::milliseconds m_totalDeadline { DefaultTotalDeadline };

    QByteArray m_encodedUrl;
    QUrl m_url;
    QUrl m_location; // where this attempt's reply is now, after allowed redirects
    QString m_targetPath;
    std::unique_ptr<ResultSink> m_sink;

    QPointer<QNetworkReply> m_reply;
    std::unique_ptr<ResultWriter> m_writer; // this attempt's file
    QTimer *m_retryTimer = nullptr;
    QTimer *m_deadlineTimer = nullptr;
    qint64 m_received = 0;
    qint64 m_written = 0;
    int m_attempt = 0;
    bool m_finished = false;
    bool m_aborted = false;
    bool m_attemptFailed = false;
    bool m_replyFinished = false; // its last bytes may still wait for room in the writer

    ApiError m_error;
    QString m_savedPath;
    QSize m_pixelSize;
    QByteArray m_sha256;
};
