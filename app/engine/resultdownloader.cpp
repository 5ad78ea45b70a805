#include "engine/resultdownloader.h"

#include "engine/resultfiles.h"
#include "engine/resultsink.h"
#include "engine/resultwriter.h"
#include "platform/logging.h"
#include "protocol/dashscopeclient.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTimer>
#include <QUrlQuery>
#include <algorithm>

namespace {

// OSS error bodies are XML: <Error><Code>AccessDenied</Code><Message>Request has
// expired.</Message>…
QString xmlElement(const QByteArray &body, const char *name)
{
    const QRegularExpression pattern(QStringLiteral("<%1>([^<]*)</%1>").arg(QLatin1String(name)));
    const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(body.left(4096)));
    return match.hasMatch() ? match.captured(1).trimmed() : QString();
}

} // namespace

ResultDownloader::ResultDownloader(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network), m_retryTimer(new QTimer(this)),
      m_deadlineTimer(new QTimer(this))
{
    Q_ASSERT(network);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &ResultDownloader::startAttempt);
    m_deadlineTimer->setSingleShot(true);
    connect(m_deadlineTimer, &QTimer::timeout, this, &ResultDownloader::handleDeadline);
}

ResultDownloader::~ResultDownloader()
{
    if (QNetworkReply *reply = m_reply.data()) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_writer.reset(); // before the rest goes: its thread may still call back
}

void ResultDownloader::setMaxBytes(qint64 bytes)
{
    m_maxBytes = std::max<qint64>(0, bytes);
}

qint64 ResultDownloader::maxBytes() const
{
    return m_maxBytes > 0 ? m_maxBytes : m_sink->maxBytes();
}

ApiError ResultDownloader::tooLarge() const
{
    return ApiError::make(ApiError::Kind::Protocol, m_sink->tooLargeMessage(maxBytes()));
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
    Q_ASSERT(m_attempt == 0 && !m_finished);
    m_encodedUrl = url;
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
    m_retryTimer->start(0); // finished() never comes from inside start()
}

void ResultDownloader::startAttempt()
{
    if (m_finished)
        return;
    ++m_attempt;
    m_attemptFailed = false;
    m_replyFinished = false;
    m_sink->reset();
    m_received = 0;
    m_written = 0;

    // Chosen per attempt: a file that appeared meanwhile is never overwritten.
    const QFileInfo target(m_targetPath);
    const QString path
            = uniqueFilePath(target.absolutePath(), target.completeBaseName(), target.suffix());
    auto file = std::make_unique<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly)) {
        m_error = ApiError::make(ApiError::Kind::Storage,
                                 tr("Cannot write %1: %2").arg(path, file->errorString()));
        finish();
        return;
    }
    // The writer's thread calls back through the event loop; a wake of an earlier attempt (or
    // after this object is gone) does nothing.
    const int attempt = m_attempt;
    m_writer = std::make_unique<ResultWriter>(std::move(file), [this, attempt] {
        QMetaObject::invokeMethod(
                this,
                [this, attempt] {
                    if (attempt == m_attempt)
                        handleWriterWake();
                },
                Qt::QueuedConnection);
    });

    // A plain GET: no Authorization (the URL carries its own signature), no cached credentials.
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::UserAgentHeader, DashScopeClient::userAgent());
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(int(m_transferTimeout.count()));
    // Every redirect is checked in handleRedirect(): never to file:, nor to plain http elsewhere.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    qCDebug(lcTasks).noquote() << "download attempt" << m_attempt << m_url.host() << m_url.path();

    m_location = m_url;
    m_reply = m_network->get(request);
    // Bounded: what this thread has not read yet stays in the socket, not in memory.
    m_reply->setReadBufferSize(ReadBufferSize);
    connect(m_reply, &QNetworkReply::readyRead, this, &ResultDownloader::handleReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ResultDownloader::handleFinished);
    connect(m_reply, &QNetworkReply::downloadProgress, this, &ResultDownloader::progress);
    connect(m_reply, &QNetworkReply::redirected, this, &ResultDownloader::handleRedirect);
    // The stall timeout misses a transfer drip-fed a byte at a time: this one does not.
    m_deadlineTimer->start(m_totalDeadline);
}

void ResultDownloader::handleRedirect(const QUrl &target)
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

void ResultDownloader::handleDeadline()
{
    if (!m_reply || m_attemptFailed)
        return;
    failAttempt(ApiError::make(ApiError::Kind::Timeout,
                               tr("The download took longer than %n second(s) and was stopped.",
                                  nullptr, int((m_totalDeadline.count() + 999) / 1000))),
                true);
}

void ResultDownloader::handleReadyRead()
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
        const QByteArray data = m_reply->readAll();
        if (data.isEmpty())
            return;
        m_received += data.size();
        if (m_received > maxBytes()) {
            failAttempt(tooLarge(), false);
            return;
        }
        QByteArray out;
        ApiError error;
        const bool ok = m_sink->consume(data, &out, &error);
        m_pixelSize = m_sink->pixelSize();
        if (!ok) {
            failAttempt(error, false);
            return;
        }
        writeOut(out);
    }
}

void ResultDownloader::drainReply()
{
    handleReadyRead();
    const QNetworkReply *reply = m_reply.data();
    if (m_attemptFailed || !m_replyFinished || reply == nullptr || reply->bytesAvailable() > 0)
        return;
    completeBody();
}

void ResultDownloader::handleWriterWake()
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
        m_error = ApiError::make(ApiError::Kind::Storage,
                                 tr("Cannot save %1: %2").arg(path, m_writer->errorText()));
        m_writer.reset();
        finish();
        return;
    case ResultWriter::State::Saved:
        break;
    }
    m_deadlineTimer->stop();
    m_writer->keep();
    m_written = m_writer->written();
    m_sha256 = m_writer->sha256();
    m_writer.reset();
    m_savedPath = path;
    qCInfo(lcTasks).noquote() << "saved" << path << m_written << "bytes";
    finish();
}

void ResultDownloader::writeOut(const QByteArray &bytes)
{
    m_writer->write(bytes);
}

void ResultDownloader::handleFinished()
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

void ResultDownloader::completeBody()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    const ApiError truncated
            = ApiError::make(ApiError::Kind::Network, tr("The download was cut short."));
    if (length.isValid() && length.toLongLong() != m_received) {
        qCInfo(lcTasks) << "download truncated:" << m_received << "of" << length.toLongLong()
                        << "bytes";
        failAttempt(truncated, true);
        return;
    }
    QByteArray rest;
    ApiError invalid;
    switch (m_sink->finish(&rest, &invalid)) {
    case ResultSink::End::Invalid:
        failAttempt(invalid, false);
        return;
    case ResultSink::End::Truncated:
        qCInfo(lcTasks) << "download incomplete for its format after" << m_received << "bytes";
        failAttempt(truncated, true);
        return;
    case ResultSink::End::Complete:
        writeOut(rest);
        break;
    }

    // The writer saves the file under its name and wakes us: handleWriterWake().
    m_writer->commit();
}

void ResultDownloader::failAttempt(const ApiError &error, bool retry)
{
    m_attemptFailed = true;
    m_deadlineTimer->stop();
    dropReply();
    discardFile();
    if (retry && !m_aborted && m_attempt < m_maxAttempts) {
        const double jitter = 0.5 + QRandomGenerator::global()->generateDouble();
        const auto delay = std::chrono::milliseconds(qint64(
                double(m_retryDelay.count()) * double(1 << std::min(m_attempt - 1, 10)) * jitter));
        qCInfo(lcTasks).noquote() << "download attempt" << m_attempt << "failed:" << error.message
                                  << "- retrying in" << delay.count() << "ms";
        m_retryTimer->start(delay);
        return;
    }
    m_error = error;
    finish();
}

void ResultDownloader::dropReply()
{
    QNetworkReply *reply = m_reply.data();
    m_reply = nullptr;
    if (!reply)
        return;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void ResultDownloader::discardFile()
{
    m_writer.reset(); // stops its thread; the temporary file goes
}

void ResultDownloader::abort()
{
    if (m_finished)
        return;
    m_aborted = true;
    m_retryTimer->stop();
    dropReply();
    discardFile();
    m_error = ApiError::make(ApiError::Kind::Canceled, tr("The download was canceled."));
    finish();
}

void ResultDownloader::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_retryTimer->stop();
    m_deadlineTimer->stop();
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
