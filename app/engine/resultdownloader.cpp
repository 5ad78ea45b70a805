#include "engine/resultdownloader.h"

#include "engine/downloadworker.h"
#include "engine/resultfiles.h"
#include "engine/resultsink.h"
#include "platform/logging.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>
#include <algorithm>

ResultDownloader::ResultDownloader(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network)
{
    Q_ASSERT(network);
}

ResultDownloader::~ResultDownloader()
{
    stopWorker(true);
}

void ResultDownloader::setMaxBytes(qint64 bytes)
{
    m_maxBytes = std::max<qint64>(0, bytes);
}

void ResultDownloader::setMaxAttempts(int attempts)
{
    m_maxAttempts = std::max(1, attempts);
}

void ResultDownloader::setRetryDelay(std::chrono::milliseconds firstDelay)
{
    m_retryDelay = std::max(std::chrono::milliseconds(0), firstDelay);
}

void ResultDownloader::setTransferTimeout(std::chrono::milliseconds timeout)
{
    m_transferTimeout = std::max(std::chrono::milliseconds(1), timeout);
}

void ResultDownloader::setTotalDeadline(std::chrono::milliseconds deadline)
{
    m_totalDeadline = std::max(std::chrono::milliseconds(1), deadline);
}

void ResultDownloader::setSink(std::unique_ptr<ResultSink> sink)
{
    m_sink = std::move(sink);
}

void ResultDownloader::start(const QByteArray &url, const QString &targetPath,
                             const ImageProvenance &provenance)
{
    Q_ASSERT(!m_thread && !m_finished);
    // StrictMode: the signature is percent-encoded (…%3D) and must reach the server unchanged.
    m_url = QUrl::fromEncoded(url, QUrl::StrictMode);
    m_targetPath = QFileInfo(targetPath).absoluteFilePath();
    if (!m_sink)
        m_sink = std::make_unique<PngSink>(provenance);

    ApiError problem;
    const QString scheme = m_url.scheme().toLower();
    if (!m_url.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
        problem = ApiError::make(ApiError::Kind::Protocol,
                                 tr("The service sent an unusable image address."));
    } else if (!QDir().mkpath(QFileInfo(m_targetPath).absolutePath())) {
        problem = ApiError::make(
                ApiError::Kind::Storage,
                tr("Cannot create the folder %1.").arg(QFileInfo(m_targetPath).absolutePath()));
    }
    if (m_url.isValid() && m_url.toEncoded() != url)
        qCWarning(lcTasks) << "Qt normalizes this result URL; the signature may not match";

    if (problem.isError()) {
        m_error = problem;
        QTimer::singleShot(0, this, &ResultDownloader::finish);
        return;
    }
    startWorker();
}

void ResultDownloader::setNetworkFactory(std::function<QNetworkAccessManager *()> factory)
{
    m_networkFactory = std::move(factory);
}

void ResultDownloader::startWorker()
{
    DownloadJob job;
    job.url = m_url;
    job.targetPath = m_targetPath;
    job.sink = std::move(m_sink);
    job.maxBytes = m_maxBytes;
    job.maxAttempts = m_maxAttempts;
    job.retryDelay = m_retryDelay;
    job.transferTimeout = m_transferTimeout;
    job.totalDeadline = m_totalDeadline;
    job.redirectPolicy = m_network->redirectPolicy();
    job.managerTransferTimeout = m_network->transferTimeout();
    job.networkFactory = m_networkFactory;

    // The worker calls these on its thread; what they post is dropped with this object. Progress
    // is coalesced: one event in this thread's queue at a time, however fast the bytes come.
    auto onProgress = [this](qint64 received, qint64 total) {
        m_progressReceived.store(received);
        m_progressTotal.store(total);
        if (m_progressPosted.exchange(true))
            return;
        QMetaObject::invokeMethod(
                this,
                [this] {
                    m_progressPosted.store(false);
                    if (!m_finished)
                        emit progress(m_progressReceived.load(), m_progressTotal.load());
                },
                Qt::QueuedConnection);
    };
    auto onDone = [this](const DownloadOutcome &outcome) {
        QMetaObject::invokeMethod(
                this, [this, outcome] { handleOutcome(outcome); }, Qt::QueuedConnection);
    };

    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("ResultDownloader"));
    m_worker = new DownloadWorker(std::move(job), std::move(onProgress), std::move(onDone));
    m_worker->moveToThread(m_thread.get());
    m_thread->start();
    // Queued: finished() never comes from inside start().
    QMetaObject::invokeMethod(m_worker, &DownloadWorker::start, Qt::QueuedConnection);
}

void ResultDownloader::stopWorker(bool discard)
{
    if (!m_thread)
        return;
    DownloadWorker *worker = m_worker;
    // Blocks only as long as the worker takes to let go (its writer's thread stops mid-write).
    QMetaObject::invokeMethod(
            worker, [worker, discard] { worker->shutdown(discard); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete worker; // its thread has ended: nothing of it runs any more
    m_worker = nullptr;
    m_thread.reset();
}

void ResultDownloader::handleOutcome(const DownloadOutcome &outcome)
{
    if (m_finished)
        return; // aborted meanwhile: the worker discarded the file
    stopWorker(false);
    m_error = outcome.error;
    m_savedPath = outcome.savedPath;
    m_pixelSize = outcome.pixelSize;
    m_written = outcome.written;
    m_received = outcome.received;
    m_sha256 = outcome.sha256;
    m_attempt = outcome.attempts;
    finish();
}

void ResultDownloader::abort()
{
    if (m_finished)
        return;
    stopWorker(true);
    m_error = ApiError::make(ApiError::Kind::Canceled, tr("The download was canceled."));
    finish();
}

void ResultDownloader::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    emit finished();
}

QString ResultDownloader::fileBaseName(const QDateTime &created, const QString &prompt, qint64 seed,
                                       int index)
{
    return ResultFiles::fileBaseName(created, prompt, seed, index);
}

QString ResultDownloader::uniqueFilePath(const QString &directory, const QString &baseName,
                                         const QString &extension, const QSet<QString> &reserved)
{
    return ResultFiles::uniqueFilePath(directory, baseName, extension, reserved);
}

QDateTime ResultDownloader::urlExpiry(const QByteArray &url)
{
    const QUrlQuery query(QUrl::fromEncoded(url, QUrl::StrictMode));
    bool ok = false;
    const qint64 seconds = query.queryItemValue(QStringLiteral("Expires")).toLongLong(&ok);
    return ok && seconds > 0 ? QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC) : QDateTime();
}
