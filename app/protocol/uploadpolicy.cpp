#include "protocol/uploadpolicy.h"

#include "domain/boundednumber.h"
#include "domain/region.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {

// A policy lives 300 s; an upload that starts with less than this left may be refused midway.
constexpr qint64 MarginSeconds = 30;

QString stringOrNumber(const QJsonObject &o, const char *name)
{
    const QJsonValue value = o.value(QLatin1String(name));
    if (value.isString())
        return value.toString();
    if (const std::optional<qint64> number = toBoundedInteger(value, 0, qint64(1) << 53))
        return QString::number(*number);
    return {};
}

std::optional<qint64> numberOrString(const QJsonObject &o, const char *name)
{
    const QJsonValue value = o.value(QLatin1String(name));
    if (value.isString())
        return toBoundedInteger(value.toString(), 0, qint64(1) << 40);
    return toBoundedInteger(value, 0, qint64(1) << 40);
}

ApiError missing(const char *field)
{
    return ApiError::make(ApiError::Kind::Protocol,
                          QCoreApplication::translate("UploadPolicy",
                                                      "The service's upload policy has no usable "
                                                      "“%1”, so no file can be uploaded.")
                                  .arg(QLatin1String(field)));
}

} // namespace

bool UploadPolicy::isUsableAt(const QDateTime &now) const
{
    return expiresAt.isValid() && now.secsTo(expiresAt) > MarginSeconds;
}

QString UploadPolicy::objectKeyFor(const QByteArray &sha256Hex, const QString &suffix) const
{
    // Object keys are ASCII here whatever the file was called: hex, a dot, a short suffix.
    static const QRegularExpression safeSuffix(QStringLiteral("^[a-z0-9]{1,8}$"));
    const QString lower = suffix.toLower();
    QString name = QString::fromLatin1(sha256Hex.left(40));
    if (safeSuffix.match(lower).hasMatch())
        name += QLatin1Char('.') + lower;
    QString dir = uploadDir;
    while (dir.endsWith(QLatin1Char('/')))
        dir.chop(1);
    return dir.isEmpty() ? name : dir + QLatin1Char('/') + name;
}

bool parseUploadPolicy(const QByteArray &body, const QString &model, const QDateTime &received,
                       UploadPolicy *policy, ApiError *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject data = document.object().value(QLatin1String("data")).toObject();
    if (parseError.error != QJsonParseError::NoError || data.isEmpty()) {
        *error = ApiError::make(ApiError::Kind::Protocol,
                                QCoreApplication::translate("UploadPolicy",
                                                            "The service's answer to the upload "
                                                            "request has no policy."));
        return false;
    }

    UploadPolicy p;
    p.model = model;
    p.policy = stringOrNumber(data, "policy");
    p.signature = stringOrNumber(data, "signature");
    p.uploadDir = stringOrNumber(data, "upload_dir");
    p.uploadHost = QUrl(stringOrNumber(data, "upload_host"), QUrl::StrictMode);
    p.accessKeyId = stringOrNumber(data, "oss_access_key_id");
    p.objectAcl = stringOrNumber(data, "x_oss_object_acl");
    p.forbidOverwrite = stringOrNumber(data, "x_oss_forbid_overwrite");
    if (const std::optional<qint64> megabytes = numberOrString(data, "max_file_size_mb"))
        p.maxFileBytes = *megabytes * 1024 * 1024;
    const qint64 lifetime = numberOrString(data, "expire_in_seconds").value_or(0);

    const std::pair<const char *, const QString *> required[] = {
        { "policy", &p.policy },
        { "signature", &p.signature },
        { "upload_dir", &p.uploadDir },
        { "oss_access_key_id", &p.accessKeyId },
    };
    for (const auto &[name, value] : required) {
        if (value->isEmpty()) {
            *error = missing(name);
            return false;
        }
    }
    // The file goes where the service says, but never in clear text to a remote host.
    if (!p.uploadHost.isValid() || p.uploadHost.host().isEmpty()
        || !baseUrlProblem(p.uploadHost).isEmpty()) {
        *error = missing("upload_host");
        return false;
    }
    if (lifetime <= 0) {
        *error = missing("expire_in_seconds");
        return false;
    }
    p.expiresAt = received.toUTC().addSecs(lifetime);
    *policy = p;
    return true;
}
