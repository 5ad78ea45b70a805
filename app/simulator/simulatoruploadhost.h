#pragma once

#include "domain/modelcatalog.h"
#include "simulator/simulatorhttp.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QString>
#include <chrono>
#include <functional>
#include <optional>

// The service's temporary upload, as the simulator plays it (video doc §5):
//   GET  {base}/uploads?action=getPolicy&model=M   a policy for model M (300 s, signed)
//   POST /oss-upload                                the OSS form POST: text fields, file part last
// and the rule creates follow: an "oss://<key>" input is accepted only with
// "X-DashScope-OssResourceResolve: enable", and only for the model the policy named, for 48 h.
// What OSS refuses, this refuses the same way (XML errors): an expired policy (403 AccessDenied),
// a wrong signature (403 SignatureDoesNotMatch), a key outside the policy's directory, fields
// after the file (400 InvalidArgument: OSS reads nothing after it), an existing key with
// x-oss-forbid-overwrite (409 FileAlreadyExists).
class SimulatorUploadHost final
{
public:
    using Clock = std::function<QDateTime()>; // UTC now; tests move it forward

    explicit SimulatorUploadHost(const ModelCatalog &catalog);

    void setPort(quint16 port) { m_port = port; }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setPolicyLifetime(std::chrono::seconds lifetime) { m_policyLifetime = lifetime; }

    // The API key was checked by the caller.
    SimulatorReply handlePolicy(const SimulatorRequest &request) const;
    SimulatorReply handleUpload(const SimulatorRequest &request);

    // Every "oss://" string anywhere in a create body must resolve for `model`; without the
    // resolve header, or with one that does not resolve, the service's 400. nullopt: fine.
    std::optional<SimulatorReply> checkOssInputs(const SimulatorRequest &request,
                                                 const QJsonValue &body,
                                                 const QString &model) const;
    // The bytes behind an oss:// URL for `model`, while they live.
    std::optional<QByteArray> resolve(const QString &ossUrl, const QString &model) const;

    int uploadCount() const { return m_uploadCount; }
    static constexpr std::chrono::hours FileLifetime { 48 };

private:
    struct StoredFile
    {
        QByteArray bytes;
        QString model;
        QDateTime uploaded;
    };

    QDateTime now() const;
    QByteArray sign(const QByteArray &policy) const;

    const ModelCatalog m_catalog;
    quint16 m_port = 0;
    Clock m_clock;
    std::chrono::seconds m_policyLifetime { 300 };
    QByteArray m_secret;
    QHash<QString, StoredFile> m_files; // by object key
    int m_uploadCount = 0;
};
