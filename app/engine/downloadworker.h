#pragma once

#include "domain/apierror.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>
#include <QUrl>
#include <chrono>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;
class ResultSink;
class ResultWriter;

// What one download is to do; made by ResultDownloader on its thread, then the worker's.
struct DownloadJob
{
    QUrl url; // byte-exact (StrictMode)
    QString targetPath; // absolute; its folder exists
    std::unique_ptr<ResultSink> sink;
    qint64 maxBytes = 0; // 0: the sink's
    int maxAttempts = 4;
    std::chrono::milliseconds retryDelay { 500 };
    std::chrono::milliseconds transferTimeout { 30000 };
    std::chrono::milliseconds totalDeadline { 10 * 60 * 1000 };
    // Those of the caller's QNetworkAccessManager.
    QNetworkRequest::RedirectPolicy redirectPolicy = QNetworkRequest::NoLessSafeRedirectPolicy;
    int managerTransferTimeout = 0;
    // Makes the worker's QNetworkAccessManager on its thread (tests); null: a plain one.
    std::function<QNetworkAccessManager *()> networkFactory;
};

// How it ended; handed over once, when the worker has let go of everything.
struct DownloadOutcome
{
    ApiError error; // Kind::None: saved
    QString savedPath;
    QSize pixelSize;
    qint64 written = 0;
    qint64 received = 0;
    QByteArray sha256;
    int attempts = 0;
};

// The whole of one download on a thread of its own (ResultDownloader's): its own
// QNetworkAccessManager, the reply, the sink, the ResultWriter and the timers. Nothing of it
// waits for the caller's thread, so a busy GUI thread neither slows it nor lets the reply's data
// pile up in an event queue. Reports through the callbacks, called on the worker's thread.
// Not Q_OBJECT: its messages are ResultDownloader's (the same translations).
class DownloadWorker final : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(ResultDownloader)

public:
    using Progress = std::function<void(qint64 received, qint64 total)>;
    using Done = std::function<void(const DownloadOutcome &outcome)>;

    DownloadWorker(DownloadJob job, Progress progress, Done done);
    ~DownloadWorker() override;

    // On the worker's thread.
    void start();
    // Stops and lets go of everything (reply, network, file); `discard`: a file already saved
    // but not yet reported goes too. `done` is not called after this.
    void shutdown(bool discard);

private:
    void startAttempt();
    void handleReadyRead();
    void handleRedirect(const QUrl &target);
    void handleDeadline();
    void handleFinished();
    void drainReply();
    void completeBody();
    void handleWriterWake();
    qint64 maxBytes() const;
    ApiError tooLarge() const;
    void failAttempt(const ApiError &error, bool retry);
    void dropReply();
    void discardFile();
    void finish();

    DownloadJob m_job;
    Progress m_progress;
    Done m_done;
    QNetworkAccessManager *m_network = nullptr; // made in start(), on this thread
    QUrl m_location;
    QPointer<QNetworkReply> m_reply;
    std::unique_ptr<ResultWriter> m_writer;
    QTimer *m_retryTimer;
    QTimer *m_deadlineTimer;
    bool m_finished = false;
    bool m_attemptFailed = false;
    bool m_replyFinished = false;
    DownloadOutcome m_outcome;
};
