#pragma once

#include "domain/apierror.h"
#include "library/imagemetadata.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QSet>
#include <QSize>
#include <QString>
#include <QUrl>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

class DownloadWorker;
class QNetworkAccessManager;
class QThread;
class ResultSink;
struct DownloadOutcome;

// Downloads one result: a plain GET of the signed URL (no Authorization header, the URL kept
// byte-exact), streamed into a QSaveFile as it arrives. The whole download runs on a thread of its
// own (a DownloadWorker with its own QNetworkAccessManager, of the defaults but for the caller's
// redirect policy and transfer timeout): a busy caller's thread neither slows it nor makes it
// hold more. The reply is read there through a bounded read buffer; writing, hashing and the final
// fsync run on a ResultWriter's thread, whose bounded queue stops the reading when the disk is
// behind: memory stays flat at any size. Progress and the end come back to the caller's thread
// as queued events (progress coalesced). This is the transport: a size
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
    // What Qt may hold of a reply the download's thread has not read yet (QNetworkReply's read
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
    // Tests: makes the download's QNetworkAccessManager, called on the download's thread.
    void setNetworkFactory(std::function<QNetworkAccessManager *()> factory);

    // Starts the download of `url` (exactly as the service sent it) into `targetPath`.
    // If a file of that name exists, "-2", "-3", … is added before the extension: an existing
    // file is never overwritten.
    void start(const QByteArray &url, const QString &targetPath, const ImageProvenance &provenance);
    // Stops; finished() follows (before abort() returns) with Kind::Canceled, nothing saved.
    void abort();

    // What follows is known once finished(): until then the download's state is its thread's.
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
    void startWorker();
    // Stops the worker's thread and waits for it; `discard`: a file it saved goes too.
    void stopWorker(bool discard);
    void handleOutcome(const DownloadOutcome &outcome);
    void finish();

    QNetworkAccessManager *m_network; // its redirect policy and transfer timeout
    std::function<QNetworkAccessManager *()> m_networkFactory;
    qint64 m_maxBytes = 0; // 0: the sink's
    int m_maxAttempts = DefaultMaxAttempts;
    std::chrono::milliseconds m_retryDelay { 500 };
    std::chrono::milliseconds m_transferTimeout { 30000 };
    std::chrono::milliseconds m_totalDeadline { DefaultTotalDeadline };

    QUrl m_url;
    QString m_targetPath;
    std::unique_ptr<ResultSink> m_sink; // the worker's once started

    std::unique_ptr<QThread> m_thread; // the download's, while it runs
    DownloadWorker *m_worker = nullptr; // lives in m_thread
    std::atomic<qint64> m_progressReceived { 0 };
    std::atomic<qint64> m_progressTotal { -1 };
    std::atomic<bool> m_progressPosted { false };

    qint64 m_received = 0;
    qint64 m_written = 0;
    int m_attempt = 0;
    bool m_finished = false;

    ApiError m_error;
    QString m_savedPath;
    QSize m_pixelSize;
    QByteArray m_sha256;
};
