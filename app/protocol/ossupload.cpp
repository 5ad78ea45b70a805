#include "protocol/ossupload.h"

#include "platform/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHttpMultiPart>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>
#include <memory>

namespace {

// OSS's error answers are short XML documents; nothing more is kept.
constexpr qint64 MaxAnswerBytes = 64 * 1024;
// The service's own limit for a temporary file.
constexpr qint64 MaxUploadBytes = qint64(1) << 30;

QString xmlField(const QByteArray &xml, const char *name)
{
    const QString text = QString::fromUtf8(xml);
    const QString tag = QLatin1String(name);
    const QRegularExpression pattern(QStringLiteral("<%1>([^<]*)</%1>").arg(tag));
    return pattern.match(text).captured(1).trimmed();
}

QHttpPart textPart(const char *name, const QString &value)
{
    QHttpPart part;
    part.setHeader(QNetworkRequest::ContentDispositionHeader,
                   QByteArrayLiteral("form-data; name=\"") + name + '"');
    part.setBody(value.toUtf8());
    return part;
}

// What an OSS answer other than 200 means for the person.
ApiError ossError(int httpStatus, const QByteArray &answer)
{
    const QString code = xmlField(answer, "Code");
    const QString message = xmlField(answer, "Message");
    ApiError error;
    error.httpStatus = httpStatus;
    error.code = code.isEmpty() ? QStringLiteral("Unknown") : code;
    error.requestId = xmlField(answer, "RequestId");
    if (message.contains(QLatin1String("expired"), Qt::CaseInsensitive)) {
        error.kind = ApiError::Kind::Expired;
        error.message = QCoreApplication::translate(
                "OssUploader", "The upload permission expired before the file arrived. Try again.");
    } else if (httpStatus >= 500 || httpStatus == 408) {
        error.kind = ApiError::Kind::Transient;
        error.message = QCoreApplication::translate(
                                "OssUploader",
                                "The upload storage is unavailable (HTTP %1). Try again later.")
                                .arg(httpStatus);
    } else if (httpStatus == 413 || code == u"EntityTooLarge") {
        error.kind = ApiError::Kind::InvalidParameter;
        error.message = QCoreApplication::translate(
                "OssUploader", "The file is larger than the upload storage accepts.");
    } else {
        error.kind = ApiError::Kind::PermissionDenied;
        error.message = message.isEmpty()
                ? QCoreApplication::translate("OssUploader",
                                              "The upload storage refused the file (HTTP %1).")
                          .arg(httpStatus)
                : QCoreApplication::translate("OssUploader",
                                              "The upload storage refused the file: %1")
                          .arg(message);
    }
    return error;
}

} // namespace

OssUploadJob::OssUploadJob(const QString &key, QObject *parent) : QObject(parent), m_key(key) { }

OssUploadJob::~OssUploadJob()
{
    if (QNetworkReply *reply = m_reply.data()) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void OssUploadJob::start(QNetworkReply *reply, std::chrono::milliseconds totalDeadline)
{
    m_reply = reply;
    QTimer::singleShot(totalDeadline, this, [this] {
        if (QNetworkReply *late = m_reply.data(); late && !m_finished) {
            m_deadlineExceeded = true;
            late->abort();
        }
    });
    reply->setReadBufferSize(MaxAnswerBytes);
    connect(reply, &QNetworkReply::readyRead, this, [this] {
        if (QNetworkReply *r = m_reply.data(); r && m_answer.size() < MaxAnswerBytes)
            m_answer += r->read(MaxAnswerBytes - m_answer.size());
        else if (r)
            r->skip(r->bytesAvailable());
    });
    connect(reply, &QNetworkReply::finished, this, &OssUploadJob::handleReplyFinished);
}

void OssUploadJob::failBeforeSending(const ApiError &error)
{
    m_error = error;
    QTimer::singleShot(0, this, &OssUploadJob::finish);
}

void OssUploadJob::abort()
{
    if (m_finished)
        return;
    m_aborted = true;
    if (QNetworkReply *reply = m_reply.data())
        reply->abort();
}

void OssUploadJob::handleReplyFinished()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply || m_finished)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    if (reply->isOpen() && m_answer.size() < MaxAnswerBytes)
        m_answer += reply->read(MaxAnswerBytes - m_answer.size());

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError networkError = reply->error();
    if (status == 0 || (networkError != QNetworkReply::NoError && int(networkError) < 100)) {
        if (m_aborted) {
            m_error = ApiError::make(ApiError::Kind::Canceled, tr("The upload was canceled."));
        } else if (m_deadlineExceeded || networkError == QNetworkReply::OperationCanceledError
                   || networkError == QNetworkReply::TimeoutError) {
            m_error = ApiError::make(ApiError::Kind::Timeout,
                                     tr("The upload storage did not answer in time."));
        } else {
            m_error = ApiError::make(ApiError::Kind::Network, reply->errorString());
        }
    } else if (status == 200 || status == 204) {
        m_error = {};
    } else if (status == 409 && xmlField(m_answer, "Code") == u"FileAlreadyExists") {
        // The key is the content's hash: the same bytes are already there.
        m_error = {};
    } else {
        m_error = ossError(status, m_answer);
    }
    qCInfo(lcApi).noquote() << "upload" << m_key << "HTTP" << status
                            << (m_error.isError() ? m_error.code : QStringLiteral("ok"));
    finish();
}

void OssUploadJob::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    emit finished();
}

OssUploader::OssUploader(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network), m_timeout(60000), m_totalDeadline(30 * 60 * 1000)
{ }

OssUploader::~OssUploader() = default;

OssUploadJob *OssUploader::upload(const UploadPolicy &policy, const QString &filePath,
                                  const QByteArray &sha256Hex, const QByteArray &mimeType)
{
    const QFileInfo info(filePath);
    auto *job = new OssUploadJob(policy.objectKeyFor(sha256Hex, info.suffix()), this);
    auto file = std::make_unique<QFile>(filePath);
    if (!file->open(QIODevice::ReadOnly)) {
        job->failBeforeSending(ApiError::make(
                ApiError::Kind::Storage,
                tr("Cannot read %1: %2")
                        .arg(QDir::toNativeSeparators(filePath), file->errorString())));
        return job;
    }
    const qint64 limit = policy.maxFileBytes > 0 ? std::min(policy.maxFileBytes, MaxUploadBytes)
                                                 : MaxUploadBytes;
    if (file->size() > limit) {
        job->failBeforeSending(
                ApiError::make(ApiError::Kind::InvalidParameter,
                               tr("%1 is %2 MB; the service takes uploads up to %3 MB.")
                                       .arg(info.fileName())
                                       .arg(file->size() / (1024 * 1024))
                                       .arg(limit / (1024 * 1024))));
        return job;
    }

    auto *form = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    form->append(textPart("OSSAccessKeyId", policy.accessKeyId));
    form->append(textPart("Signature", policy.signature));
    form->append(textPart("policy", policy.policy));
    form->append(textPart("key", job->objectKey()));
    form->append(textPart("x-oss-object-acl", policy.objectAcl));
    form->append(textPart("x-oss-forbid-overwrite", policy.forbidOverwrite));
    form->append(textPart("success_action_status", QStringLiteral("200")));
    form->append(textPart("x-oss-content-type", QString::fromLatin1(mimeType)));
    QHttpPart filePart; // last: OSS reads no field after the file
    filePart.setHeader(QNetworkRequest::ContentTypeHeader, mimeType);
    filePart.setHeader(QNetworkRequest::ContentDispositionHeader,
                       QByteArrayLiteral("form-data; name=\"file\"; filename=\"")
                               + job->objectKey().section(QLatin1Char('/'), -1).toLatin1() + '"');
    filePart.setBodyDevice(file.get());
    file.release()->setParent(form); // streamed from disk, freed with the form
    form->append(filePart);

    QNetworkRequest request(policy.uploadHost);
    request.setTransferTimeout(int(m_timeout.count()));
    // OSS authenticates by the policy's signature: nothing of ours goes along.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network->post(request, form);
    form->setParent(reply);
    qCInfo(lcApi).noquote() << "upload" << job->objectKey() << "to"
                            << policy.uploadHost.toDisplayString();
    job->start(reply, m_totalDeadline);
    return job;
}
