#pragma once

#include "domain/apierror.h"
#include "protocol/uploadpolicy.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <chrono>

class QFile;
class QNetworkAccessManager;
class QNetworkReply;

// One file POSTed to the service's temporary OSS storage with a policy from getPolicy. Emits
// finished() exactly once, always later than the call that made it. Then error() (Kind::None on
// success) and ossUrl() ("oss://<key>", what goes into the create) hold the outcome. The caller
// owns the job once finished: deleteLater() it.
class OssUploadJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OssUploadJob)

public:
    ~OssUploadJob() override;

    ApiError error() const { return m_error; }
    QString objectKey() const { return m_key; }
    QString ossUrl() const { return QStringLiteral("oss://") + m_key; }
    void abort();

signals:
    void finished();

private:
    friend class OssUploader;
    OssUploadJob(const QString &key, QObject *parent);
    void start(QNetworkReply *reply, std::chrono::milliseconds totalDeadline);
    void failBeforeSending(const ApiError &error);
    void handleReplyFinished();
    void finish();

    QString m_key;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_answer; // OSS's XML error, at most a few KiB kept
    bool m_finished = false;
    bool m_aborted = false;
    bool m_deadlineExceeded = false;
    ApiError m_error;
};

// Builds the OSS form POST as the service documents it: the policy's text fields, then the file
// part last (OSS ignores fields after the file), one file per POST, the file streamed from disk.
// The object key is derived from the content's hash: two files called frame.png never collide,
// and the same bytes uploaded twice land on the same key (which OSS, told not to overwrite,
// answers 409 FileAlreadyExists: the file is there, so that counts as success).
class OssUploader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OssUploader)

public:
    explicit OssUploader(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~OssUploader() override;

    // Longest time without progress, and in all (a 1 GB upload on a slow line takes long).
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    void setTotalDeadline(std::chrono::milliseconds deadline) { m_totalDeadline = deadline; }

    // `sha256Hex` is of the file's bytes (the caller has read them once to decide the route).
    OssUploadJob *upload(const UploadPolicy &policy, const QString &filePath,
                         const QByteArray &sha256Hex, const QByteArray &mimeType);

private:
    QNetworkAccessManager *m_network;
    std::chrono::milliseconds m_timeout;
    std::chrono::milliseconds m_totalDeadline;
};
