#include "engine/downloadworker.h"

#include "engine/resultdownloader.h"
#include "engine/resultfiles.h"
#include "engine/resultsink.h"
#include "engine/resultwriter.h"
#include "platform/logging.h"
#include "protocol/dashscopeclient.h"

#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTimer>
#include <algorithm>

namespace {

// At most what one read takes from the reply (its buffer holds about ResultDownloader's
// ReadBufferSize).
constexpr qint64 MaxReadBytes = 4 * 1024 * 1024;

// OSS error bodies are XML: <Error><Code>AccessDenied</Code><Message>Request has
// expired.</Message>…
QString xmlElement(const QByteArray &body, const char *name)
{
    const QRegularExpression pattern(QStringLiteral("<%1>([^<]*)</%1>").arg(QLatin1String(name)));
    const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(body.left(4096)));
    return match.hasMatch() ? match.captured(1).trimmed() : QString();
}

} // namespace

DownloadWorker::DownloadWorker(DownloadJob job, Progress progress, Done done)
    : m_job(std::move(job)), m_progress(std::move(progress)), m_done(std::move(done)),
      m_retryTimer(new QTimer(this)), m_deadlineTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &DownloadWorker::startAttempt);
    m_deadlineTimer->setSingleShot(true);
    connect(m_deadlineTimer, &QTimer::timeout, this, &DownloadWorker::handleDeadline);
}

DownloadWorker::~DownloadWorker()
{
    Q_ASSERT(!m_reply && !m_writer); // shutdown() ran on the worker's thread
}

void DownloadWorker::start()
{
    // A QNetworkAccessManager of this thread: its replies are read here. The app's proxy and TLS
    // settings are for the service; a result needs the defaults (the application proxy still
    // applies), with the caller's redirect policy and transfer timeout.
    m_network = m_job.networkFactory ? m_job.networkFactory() : new QNetworkAccessManager();
    m_network->setParent(this);
    m_network->setRedirectPolicy(m_job.redirectPolicy);
    m_network->setTransferTimeout(m_job.managerTransferTimeout);
    startAttempt();
}

void DownloadWorker::shutdown(bool discard)
{
    m_finished = true;
    m_done = nullptr;
    m_retryTimer->stop();
    m_deadlineTimer->stop();
    dropReply();
    discardFile();
    if (discard && !m_outcome.savedPath.isEmpty()) {
        // Saved, but the caller canceled before it heard of it: nothing stays behind.
        QFile::remove(m_outcome.savedPath);
        m_outcome.savedPath.clear();
    }
    delete m_network; // and what it holds for its replies, on its own thread
    m_network = nullptr;
}

qint64 DownloadWorker::maxBytes() const
{
    return m_job.maxBytes > 0 ? m_job.maxBytes : m_job.sink->maxBytes();
}

ApiError DownloadWorker::tooLarge() const
{
    return ApiError::make(ApiError::Kind::Protocol, m_job.sink->tooLargeMessage(maxBytes()));
}

void DownloadWorker::startAttempt()
{
    if (m_finished)
        return;
    ++m_outcome.attempts;
    m_attemptFailed = false;
    m_replyFinished = false;
    m_job.sink->reset();
    m_outcome.received = 0;
    m_outcome.written = 0;

    // Chosen per attempt: a file that appeared meanwhile is never overwritten.
    const QFileInfo target(m_job.targetPath);
    const QString path = ResultFiles::uniqueFilePath(target.absolutePath(),
                                                     target.completeBaseName(), target.suffix());
    auto file = std::make_unique<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly)) {
        m_outcome.error = ApiError::make(ApiError::Kind::Storage,
                                         tr("Cannot write %1: %2").arg(path, file->errorString()));
        finish();
        return;
    }
    // The writer's thread calls back through the event loop; a wake of an earlier attempt (or
    // after this object is gone) does nothing.
    const int attempt = m_outcome.attempts;
    m_writer = std::make_unique<ResultWriter>(std::move(file), [this, attempt] {
        QMetaObject::invokeMethod(
                this,
                [this, attempt] {
                    if (attempt == m_outcome.attempts)
                        handleWriterWake();
                },
                Qt::QueuedConnection);
    });

    // A plain GET: no Authorization (the URL carries its own signature), no cached credentials.
    QNetworkRequest request(m_job.url);
    request.setHeader(QNetworkRequest::UserAgentHeader, DashScopeClient::userAgent());
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(int(m_job.transferTimeout.count()));
    // Every redirect is checked in handleRedirect(): never to file:, nor to plain http elsewhere.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    qCDebug(lcTasks).noquote() << "download attempt" << m_outcome.attempts << m_job.url.host()
                               << m_job.url.path();

    m_location = m_job.url;
    m_reply = m_network->get(request);
    // Bounded: what this thread has not read yet stays in the socket, not in memory.
    m_reply->setReadBufferSize(ResultDownloader::ReadBufferSize);
    connect(m_reply, &QNetworkReply::readyRead, this, &DownloadWorker::handleReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &DownloadWorker::handleFinished);
    connect(m_reply, &QNetworkReply::downloadProgress, this,
            [this](qint64 received, qint64 total) { m_progress(received, total); });
    connect(m_reply, &QNetworkReply::redirected, this, &DownloadWorker::handleRedirect);
    // The stall timeout misses a transfer drip-fed a byte at a time: this one does not.
    m_deadlineTimer->start(m_job.totalDeadline);
}

void DownloadWorker::handleRedirect(const QUrl &target)
{
    if (!m_reply || m_attemptFailed)
        return;
    const QUrl from = m_location; // the reply's url() already names the target
    const QString scheme = target.scheme().toLower();
    const bool sameOrigin = scheme == from.scheme().toLower()
            && target.host().compare(from.host(), Qt::CaseInsensitive) == 0
            && target.port(80) == from.port(80);
    if (scheme == QLatin1String("https") || (scheme == QLatin1String("http") && sameOrigin)) {
        m_location = target;
        emit m_reply->redirectAllowed();
        return;
    }
    qCWarning(lcTasks).noquote() << "refused a redirect of a result to" << target.scheme()
                                 << target.host();
    failAttempt(ApiError::make(ApiError::Kind::Protocol,
                               tr("The image server redirected the download to %1, which is "
                                  "not allowed; nothing was saved.")
                                       .arg(target.toDisplayString(QUrl::RemoveQuery))),
                false);
}

void DownloadWorker::handleDeadline()
{
    if (!m_reply || m_attemptFailed)
        return;
    failAttempt(ApiError::make(ApiError::Kind::Timeout,
                               tr("The download took longer than %n second(s) and was stopped.",
                                  nullptr, int((m_job.totalDeadline.count() + 999) / 1000))),
                true);
}

void DownloadWorker::handleReadyRead()
{
    if (!m_reply || m_attemptFailed)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error page; handled in handleFinished()

    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid() && length.toLongLong() > maxBytes()) {
        failAttempt(tooLarge(), false);
        return;
    }

    // Only while the writer has room: the rest waits in the reply (and the socket) until it
    // wakes us.
    while (m_reply && !m_attemptFailed && m_reply->bytesAvailable() > 0 && m_writer->hasRoom()) {
        // One read of what is there. When that is one block of Qt's HTTP thread (the usual case
        // when each readyRead is answered at once), QIODevice::read(qint64) hands over that
        // block itself instead of copying it; otherwise it copies into one array of that size
        // (readAll() would grow its array in steps of 16 KiB, copying as it goes).
        QByteArray data = m_reply->read(std::min<qint64>(m_reply->bytesAvailable(), MaxReadBytes));
        if (data.isEmpty())
            return;
        m_outcome.received += data.size();
        if (m_outcome.received > maxBytes()) {
            failAttempt(tooLarge(), false);
            return;
        }
        QByteArray out;
        ApiError error;
        const bool ok = m_job.sink->consume(data, &out, &error);
        m_outcome.pixelSize = m_job.sink->pixelSize();
        if (!ok) {
            failAttempt(error, false);
            return;
        }
        m_writer->write(out);
    }
}

void DownloadWorker::drainReply()
{
    handleReadyRead();
    const QNetworkReply *reply = m_reply.data();
    if (m_attemptFailed || !m_replyFinished || reply == nullptr || reply->bytesAvailable() > 0)
        return;
    completeBody();
}

void DownloadWorker::handleWriterWake()
{
    if (m_attemptFailed || m_finished || !m_writer)
        return;
    const QString path = m_writer->fileName();
    switch (m_writer->state()) {
    case ResultWriter::State::Writing:
        drainReply(); // room again
        return;
    case ResultWriter::State::WriteFailed:
        failAttempt(ApiError::make(ApiError::Kind::Storage,
                                   tr("Cannot write %1: %2").arg(path, m_writer->errorText())),
                    false);
        return;
    case ResultWriter::State::NameTaken:
        failAttempt(ApiError::make(ApiError::Kind::Storage,
                                   tr("%1 appeared during the download.").arg(path)),
                    true);
        return;
    case ResultWriter::State::CommitFailed:
        m_outcome.error = ApiError::make(ApiError::Kind::Storage,
                                         tr("Cannot save %1: %2").arg(path, m_writer->errorText()));
        m_writer.reset();
        finish();
        return;
    case ResultWriter::State::Saved:
        break;
    }
    m_deadlineTimer->stop();
    m_writer->keep();
    m_outcome.written = m_writer->written();
    m_outcome.sha256 = m_writer->sha256();
    m_writer.reset();
    m_outcome.savedPath = path;
    qCInfo(lcTasks).noquote() << "saved" << path << m_outcome.written << "bytes";
    finish();
}

void DownloadWorker::handleFinished()
{
    if (!m_reply || m_attemptFailed)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 200 && m_reply->error() == QNetworkReply::NoError) {
        // The body may still be partly in the reply, waiting for room in the writer.
        m_replyFinished = true;
        drainReply();
        return;
    }
    // Whatever is still buffered belongs to the body.
    handleReadyRead();
    if (m_attemptFailed || !m_reply)
        return;

    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const QNetworkReply::NetworkError networkError = reply->error();

    if (status == 0) {
        const bool timedOut = networkError == QNetworkReply::OperationCanceledError
                || networkError == QNetworkReply::TimeoutError;
        ApiError error
                = ApiError::make(timedOut ? ApiError::Kind::Timeout : ApiError::Kind::Network,
                                 timedOut ? tr("The download stalled.") : reply->errorString());
        failAttempt(error, true);
        return;
    }
    if (status != 200) {
        const QByteArray body = reply->readAll();
        ApiError error;
        error.httpStatus = status;
        error.code = xmlElement(body, "Code");
        error.requestId = xmlElement(body, "RequestId");
        if (status == 403 && error.code == QLatin1String("SignatureDoesNotMatch")) {
            // Not expired: the URL was changed on the way (decoded and re-encoded?). A bug, not
            // fate.
            error.kind = ApiError::Kind::Protocol;
            error.message = tr("The image server rejected the link's signature.");
            failAttempt(error, false);
        } else if (status == 403) {
            // OSS answers 403 once the signed URL's Expires has passed: the file is gone for us.
            error.kind = ApiError::Kind::Expired;
            error.message = tr("The download link has expired (links last 24 hours); this image "
                               "can no longer be downloaded.");
            failAttempt(error, false);
        } else if (status == 404 || status == 410) {
            error.kind = ApiError::Kind::NotFound;
            error.message = tr("The image is no longer on the server.");
            failAttempt(error, false);
        } else if (status == 408 || status == 429 || status >= 500) {
            error.kind = ApiError::Kind::Transient;
            error.message = tr("The image server answered HTTP %1.").arg(status);
            failAttempt(error, true);
        } else if (status >= 300 && status < 400 && reply->hasRawHeader("Location")) {
            // A redirect Qt refused before handleRedirect() could see it (to file:, say).
            const QUrl target
                    = reply->url().resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
            error.kind = ApiError::Kind::Protocol;
            error.message = tr("The image server redirected the download to %1, which is not "
                               "allowed; nothing was saved.")
                                    .arg(target.toDisplayString(QUrl::RemoveQuery));
            failAttempt(error, false);
        } else {
            error.kind = ApiError::Kind::Protocol;
            error.message = tr("The image server answered HTTP %1.").arg(status);
            failAttempt(error, false);
        }
        return;
    }

    // Status 200 with a network error (the connection broke during the body).
    failAttempt(ApiError::make(ApiError::Kind::Network, reply->errorString()), true);
}

void DownloadWorker::completeBody()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    const ApiError truncated
            = ApiError::make(ApiError::Kind::Network, tr("The download was cut short."));
    if (length.isValid() && length.toLongLong() != m_outcome.received) {
        qCInfo(lcTasks) << "download truncated:" << m_outcome.received << "of"
                        << length.toLongLong() << "bytes";
        failAttempt(truncated, true);
        return;
    }
    QByteArray rest;
    ApiError invalid;
    switch (m_job.sink->finish(&rest, &invalid)) {
    case ResultSink::End::Invalid:
        failAttempt(invalid, false);
        return;
    case ResultSink::End::Truncated:
        qCInfo(lcTasks) << "download incomplete for its format after" << m_outcome.received
                        << "bytes";
        failAttempt(truncated, true);
        return;
    case ResultSink::End::Complete:
        m_writer->write(rest);
        break;
    }

    // The writer saves the file under its name and wakes us: handleWriterWake().
    m_writer->commit();
}

void DownloadWorker::failAttempt(const ApiError &error, bool retry)
{
    m_attemptFailed = true;
    m_deadlineTimer->stop();
    dropReply();
    discardFile();
    if (retry && m_outcome.attempts < m_job.maxAttempts) {
        const double jitter = 0.5 + QRandomGenerator::global()->generateDouble();
        const auto delay = std::chrono::milliseconds(
                qint64(double(m_job.retryDelay.count())
                       * double(1 << std::min(m_outcome.attempts - 1, 10)) * jitter));
        qCInfo(lcTasks).noquote() << "download attempt" << m_outcome.attempts
                                  << "failed:" << error.message << "- retrying in" << delay.count()
                                  << "ms";
        m_retryTimer->start(delay);
        return;
    }
    m_outcome.error = error;
    finish();
}

void DownloadWorker::dropReply()
{
    QNetworkReply *reply = m_reply.data();
    m_reply = nullptr;
    if (!reply)
        return;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void DownloadWorker::discardFile()
{
    m_writer.reset(); // stops its thread; the temporary file goes
}

void DownloadWorker::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_retryTimer->stop();
    m_deadlineTimer->stop();
    dropReply();
    // Let go of the connection before the caller hears of the end; later, as this may run inside
    // a signal of one of its replies.
    if (m_network)
        m_network->deleteLater();
    m_network = nullptr;
    if (m_done)
        m_done(m_outcome);
}
