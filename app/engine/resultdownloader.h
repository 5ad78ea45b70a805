#pragma once

#include "domain/apierror.h"
#include "library/imagemetadata.h"

#include <QByteArray>
#include <QCryptographicHash>
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
class QSaveFile;
class QTimer;
class ResultSink;

// Downloads one result: a plain GET of the signed URL (no Authorization header, the URL kept
// byte-exact), streamed into a QSaveFile as it arrives. This is the transport: a size cap,
// Content-Length, a stall timeout and a total deadline per attempt, redirects only to https or
// the same host and port; network errors and truncation are retried a few times with backoff;
// HTTP 403 (the signed URL expired) is not. What the bytes must be is the sink's (resultsink.h):
// by default a PngSink, which checks the PNG signature, the pixel count and the closing IEND, and
// inserts our provenance chunks after IHDR without decoding or re-encoding anything.
// A file is either complete under its final name or absent: no temporary file stays behind.
//
// One download per object; finished() is emitted exactly once, never from inside start().
// The caller owns the object and deletes it (deleteLater()) after finished().
class ResultDownloader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResultDownloader)

public:
    static constexpr qint64 DefaultMaxBytes = 64 * 1024 * 1024;
    static constexpr int DefaultMaxAttempts = 4;
    static constexpr std::chrono::milliseconds DefaultTotalDeadline { 10 * 60 * 1000 };

    explicit ResultDownloader(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~ResultDownloader() override;

    // Options; set before start().
    void setMaxBytes(qint64 bytes); // of the service's file
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
    bool writeOut(const QByteArray &bytes); // to the file, hashing as it goes
    // Ends this attempt: retries when `retry` and attempts remain, else finishes with `error`.
    void failAttempt(const ApiError &error, bool retry);
    void dropReply(); // without its finished()
    void discardFile(); // the temporary file goes, nothing stays behind
    void finish();

    QNetworkAccessManager *m_network;
    qint64 m_maxBytes = DefaultMaxBytes;
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
    std::unique_ptr<QSaveFile> m_file;
    QTimer *m_retryTimer = nullptr;
    QTimer *m_deadlineTimer = nullptr;
    QCryptographicHash m_hash { QCryptographicHash::Sha256 };
    qint64 m_received = 0;
    qint64 m_written = 0;
    int m_attempt = 0;
    bool m_finished = false;
    bool m_aborted = false;
    bool m_attemptFailed = false;

    ApiError m_error;
    QString m_savedPath;
    QSize m_pixelSize;
    QByteArray m_sha256;
};
