#include "engine/resultdownloader.h"

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
#include <cerrno>

namespace {

// The 12 bytes every complete PNG ends with: an empty IEND chunk and its CRC.
const QByteArray &pngEnd()
{
    static const QByteArray end = QByteArray::fromHex("0000000049454e44ae426082");
    return end;
}

constexpr int SlugMaxChars = 40;
constexpr int SlugMaxWords = 6;

// OSS error bodies are XML: <Error><Code>AccessDenied</Code><Message>Request has
// expired.</Message>…
QString xmlElement(const QByteArray &body, const char *name)
{
    const QRegularExpression pattern(QStringLiteral("<%1>([^<]*)</%1>").arg(QLatin1String(name)));
    const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(body.left(4096)));
    return match.hasMatch() ? match.captured(1).trimmed() : QString();
}

// A short write (disk full, file size limit) leaves QFileDevice::errorString() at "Unknown
// error"; the errno of the failed call has the reason.
QString fileErrorText(const QFileDevice &file, int error)
{
    return error != 0 ? qt_error_string(error) : file.errorString();
}

} // namespace

ResultDownloader::ResultDownloader(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network), m_retryTimer(new QTimer(this))
{
    Q_ASSERT(network);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &ResultDownloader::startAttempt);
}

ResultDownloader::~ResultDownloader()
{
    if (QNetworkReply *reply = m_reply.data()) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    // An uncommitted QSaveFile removes its temporary file when destroyed.
}

void ResultDownloader::setMaxBytes(qint64 bytes)
{
    m_maxBytes = bytes > 0 ? bytes : DefaultMaxBytes;
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

void ResultDownloader::start(const QByteArray &url, const QString &targetPath,
                             const ImageProvenance &provenance)
{
    Q_ASSERT(m_attempt == 0 && !m_finished);
    m_encodedUrl = url;
    // StrictMode: the signature is percent-encoded (…%3D) and must reach the server unchanged.
    m_url = QUrl::fromEncoded(url, QUrl::StrictMode);
    m_targetPath = QFileInfo(targetPath).absoluteFilePath();
    m_chunks = ImageMetadata::provenanceChunks(provenance);

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
    m_headDone = false;
    m_head.clear();
    m_tail.clear();
    m_received = 0;
    m_written = 0;
    m_hash.reset();

    // Chosen per attempt: a file that appeared meanwhile is never overwritten.
    const QFileInfo target(m_targetPath);
    const QString path
            = uniqueFilePath(target.absolutePath(), target.completeBaseName(), target.suffix());
    m_file = std::make_unique<QSaveFile>(path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        const ApiError error
                = ApiError::make(ApiError::Kind::Storage,
                                 tr("Cannot write %1: %2").arg(path, m_file->errorString()));
        m_file.reset();
        m_error = error;
        finish();
        return;
    }

    // A plain GET: no Authorization (the URL carries its own signature), no cached credentials.
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::UserAgentHeader, DashScopeClient::userAgent());
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(int(m_transferTimeout.count()));
    qCDebug(lcTasks).noquote() << "download attempt" << m_attempt << m_url.host() << m_url.path();

    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &ResultDownloader::handleReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ResultDownloader::handleFinished);
    connect(m_reply, &QNetworkReply::downloadProgress, this, &ResultDownloader::progress);
}

void ResultDownloader::handleReadyRead()
{
    if (!m_reply || m_attemptFailed)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error page; handled in handleFinished()

    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (length.isValid() && length.toLongLong() > m_maxBytes) {
        failAttempt(ApiError::make(ApiError::Kind::Protocol,
                                   tr("The image is larger than %1 MiB; it was not downloaded.")
                                           .arg(m_maxBytes >> 20)),
                    false);
        return;
    }

    const QByteArray data = m_reply->readAll();
    if (data.isEmpty())
        return;
    m_received += data.size();
    if (m_received > m_maxBytes) {
        failAttempt(ApiError::make(ApiError::Kind::Protocol,
                                   tr("The image is larger than %1 MiB; it was not downloaded.")
                                           .arg(m_maxBytes >> 20)),
                    false);
        return;
    }
    m_tail = (m_tail + data).right(pngEnd().size());

    if (m_headDone) {
        writeOut(data);
        return;
    }
    m_head += data;
    if (m_head.size() < ImageMetadata::PngHeaderSize)
        return;
    // The first bytes decide: a PNG signature followed by IHDR, or not an image we save.
    m_pixelSize = ImageMetadata::pngSize(m_head);
    if (!ImageMetadata::isPng(m_head) || !m_pixelSize.isValid()) {
        failAttempt(ApiError::make(ApiError::Kind::Protocol,
                                   tr("The service sent something that is not a PNG image.")),
                    false);
        return;
    }
    m_headDone = true;
    const QByteArray head = std::exchange(m_head, QByteArray());
    // Signature + IHDR, then our text chunks, then the service's bytes as they come.
    if (writeOut(head.left(ImageMetadata::PngHeaderSize)) && writeOut(m_chunks))
        writeOut(head.mid(ImageMetadata::PngHeaderSize));
}

bool ResultDownloader::writeOut(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return true;
    errno = 0;
    if (m_file->write(bytes) != bytes.size()) {
        const QString reason = fileErrorText(*m_file, errno);
        failAttempt(ApiError::make(ApiError::Kind::Storage,
                                   tr("Cannot write %1: %2").arg(m_file->fileName(), reason)),
                    false);
        return false;
    }
    m_hash.addData(bytes);
    m_written += bytes.size();
    return true;
}

void ResultDownloader::handleFinished()
{
    if (!m_reply || m_attemptFailed)
        return;
    // Whatever is still buffered belongs to the body.
    handleReadyRead();
    if (m_attemptFailed || !m_reply)
        return;

    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
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
        } else {
            error.kind = ApiError::Kind::Protocol;
            error.message = tr("The image server answered HTTP %1.").arg(status);
            failAttempt(error, false);
        }
        return;
    }

    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    const ApiError truncated
            = ApiError::make(ApiError::Kind::Network, tr("The download was cut short."));
    if (networkError != QNetworkReply::NoError) {
        failAttempt(ApiError::make(ApiError::Kind::Network, reply->errorString()), true);
        return;
    }
    if (length.isValid() && length.toLongLong() != m_received) {
        qCInfo(lcTasks) << "download truncated:" << m_received << "of" << length.toLongLong()
                        << "bytes";
        failAttempt(truncated, true);
        return;
    }
    if (!m_headDone) {
        failAttempt(ApiError::make(ApiError::Kind::Protocol,
                                   tr("The service sent something that is not a PNG image.")),
                    false);
        return;
    }
    // Without a Content-Length, a complete PNG is one that ends with IEND.
    if (!length.isValid() && m_tail != pngEnd()) {
        failAttempt(truncated, true);
        return;
    }

    const QString path = m_file->fileName();
    if (QFileInfo::exists(path)) {
        // Someone else created this name while we downloaded: take the next free name.
        failAttempt(ApiError::make(ApiError::Kind::Storage,
                                   tr("%1 appeared during the download.").arg(path)),
                    true);
        return;
    }
    errno = 0;
    if (!m_file->commit()) {
        const QString reason = fileErrorText(*m_file, errno);
        const ApiError error = ApiError::make(ApiError::Kind::Storage,
                                              tr("Cannot save %1: %2").arg(path, reason));
        m_file.reset();
        m_error = error;
        finish();
        return;
    }
    m_file.reset();
    m_savedPath = path;
    m_sha256 = m_hash.result().toHex();
    qCInfo(lcTasks).noquote() << "saved" << path << m_written << "bytes";
    finish();
}

void ResultDownloader::failAttempt(const ApiError &error, bool retry)
{
    m_attemptFailed = true;
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
    if (m_file) {
        m_file->cancelWriting();
        m_file.reset();
    }
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
    emit finished();
}

QString ResultDownloader::fileBaseName(const QDateTime &created, const QString &prompt, qint64 seed,
                                       int index)
{
    QString slug;
    int words = 0;
    bool separator = false;
    for (const QChar c : prompt) {
        if (c.isLetterOrNumber()) {
            if (separator && !slug.isEmpty()) {
                if (++words >= SlugMaxWords)
                    break;
                slug += QLatin1Char('-');
            }
            separator = false;
            slug += c.toLower();
        } else {
            separator = true;
        }
        if (slug.size() >= SlugMaxChars)
            break;
    }
    while (slug.endsWith(QLatin1Char('-')))
        slug.chop(1);
    if (slug.isEmpty())
        slug = QStringLiteral("image");

    const QDateTime when = created.isValid() ? created : QDateTime::currentDateTime();
    const QString suffix
            = seed >= 0 ? QString::number(seed) : QStringLiteral("image%1").arg(index + 1);
    return QStringLiteral("%1_%2_%3")
            .arg(when.toLocalTime().toString(QStringLiteral("yyyyMMdd-HHmmss")), slug, suffix);
}

QString ResultDownloader::uniqueFilePath(const QString &directory, const QString &baseName,
                                         const QString &extension, const QSet<QString> &reserved)
{
    const QDir dir(directory);
    const QString dotExtension = extension.isEmpty() ? QString() : QLatin1Char('.') + extension;
    QString candidate = dir.absoluteFilePath(baseName + dotExtension);
    for (int n = 2; QFileInfo::exists(candidate) || reserved.contains(candidate); ++n)
        candidate = dir.absoluteFilePath(
                QStringLiteral("%1-%2%3").arg(baseName).arg(n).arg(dotExtension));
    return candidate;
}

QDateTime ResultDownloader::urlExpiry(const QByteArray &url)
{
    const QUrlQuery query(QUrl::fromEncoded(url, QUrl::StrictMode));
    bool ok = false;
    const qint64 seconds = query.queryItemValue(QStringLiteral("Expires")).toLongLong(&ok);
    return ok && seconds > 0 ? QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC) : QDateTime();
}
