#include "simulator/simulatoruploadhost.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QUrlQuery>
#include <QUuid>

namespace {

struct FormPart
{
    QByteArray name;
    QByteArray body;
};

// A multipart/form-data body as OSS reads it: the parts in order. Empty on anything malformed.
QList<FormPart> parseForm(const QByteArray &contentType, const QByteArray &body)
{
    const int at = contentType.indexOf("boundary=");
    if (at < 0)
        return {};
    QByteArray boundary = contentType.mid(at + 9).trimmed();
    if (boundary.startsWith('"') && boundary.endsWith('"') && boundary.size() >= 2)
        boundary = boundary.mid(1, boundary.size() - 2);
    const QByteArray delimiter = "--" + boundary;
    QList<FormPart> parts;
    qsizetype position = body.indexOf(delimiter);
    while (position >= 0) {
        position += delimiter.size();
        if (body.mid(position, 2) == "--")
            return parts; // the closing delimiter
        position += 2; // CRLF
        const qsizetype headersEnd = body.indexOf("\r\n\r\n", position);
        const qsizetype next = body.indexOf("\r\n" + delimiter, position);
        if (headersEnd < 0 || next < 0 || headersEnd > next)
            return {};
        const QByteArray headers = body.mid(position, headersEnd - position);
        FormPart part;
        const int nameAt = headers.indexOf("name=\"");
        if (nameAt >= 0) {
            const int nameEnd = headers.indexOf('"', nameAt + 6);
            part.name = headers.mid(nameAt + 6, nameEnd - nameAt - 6);
        }
        part.body = body.mid(headersEnd + 4, next - headersEnd - 4);
        parts.append(part);
        position = next + 2;
    }
    return {};
}

void collectOssUrls(const QJsonValue &value, QStringList *urls)
{
    if (value.isString()) {
        if (value.toString().startsWith(QLatin1String("oss://")))
            urls->append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectOssUrls(item, urls);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectOssUrls(it.value(), urls);
    }
}

} // namespace

SimulatorUploadHost::SimulatorUploadHost(const ModelCatalog &catalog) : m_catalog(catalog)
{
    m_secret = QUuid::createUuid().toRfc4122();
}

QDateTime SimulatorUploadHost::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

QByteArray SimulatorUploadHost::sign(const QByteArray &policy) const
{
    return QMessageAuthenticationCode::hash(policy, m_secret, QCryptographicHash::Sha1).toBase64();
}

SimulatorReply SimulatorUploadHost::handlePolicy(const SimulatorRequest &request) const
{
    const QUrlQuery query(QString::fromUtf8(request.query));
    if (query.queryItemValue(QStringLiteral("action")) != u"getPolicy")
        return SimulatorReply::error(400, QStringLiteral("InvalidParameter"),
                                     QStringLiteral("action must be getPolicy"));
    const QString model = query.queryItemValue(QStringLiteral("model"), QUrl::FullyDecoded);
    if (!m_catalog.model(model).isValid())
        return SimulatorReply::error(400, QStringLiteral("InvalidParameter"),
                                     QStringLiteral("Model not exist."));

    const QDateTime expires = now().addSecs(m_policyLifetime.count());
    const QString dir
            = QStringLiteral("dashscope-instant/%1/%2")
                      .arg(QString::fromLatin1(
                                   QCryptographicHash::hash(model.toUtf8(), QCryptographicHash::Md5)
                                           .toHex()),
                           QUuid::createUuid().toString(QUuid::WithoutBraces));
    const QJsonObject policyDocument {
        { QStringLiteral("expiration"), expires.toString(Qt::ISODate) },
        { QStringLiteral("model"), model },
        { QStringLiteral("dir"), dir },
    };
    const QByteArray policy
            = QJsonDocument(policyDocument).toJson(QJsonDocument::Compact).toBase64();
    // Numbers where the documentation's example shows numbers, strings elsewhere.
    const QJsonObject data {
        { QStringLiteral("policy"), QString::fromLatin1(policy) },
        { QStringLiteral("signature"), QString::fromLatin1(sign(policy)) },
        { QStringLiteral("upload_dir"), dir },
        { QStringLiteral("upload_host"),
          QStringLiteral("http://127.0.0.1:%1/oss-upload").arg(m_port) },
        { QStringLiteral("expire_in_seconds"), qint64(m_policyLifetime.count()) },
        { QStringLiteral("max_file_size_mb"), 100 },
        { QStringLiteral("capacity_limit_mb"), 999999999 },
        { QStringLiteral("oss_access_key_id"), QStringLiteral("LTAI5tSimulatedUploads") },
        { QStringLiteral("x_oss_object_acl"), QStringLiteral("private") },
        { QStringLiteral("x_oss_forbid_overwrite"), QStringLiteral("true") },
    };
    return SimulatorReply::json(200,
                                { { QStringLiteral("request_id"), SimulatorWire::newId() },
                                  { QStringLiteral("data"), data } });
}

SimulatorReply SimulatorUploadHost::handleUpload(const SimulatorRequest &request)
{
    const QList<FormPart> parts = parseForm(request.header("Content-Type"), request.body);
    if (parts.isEmpty())
        return SimulatorReply::ossError(400, "MalformedPOSTRequest",
                                        "The body of your POST request is not well-formed "
                                        "multipart/form-data.");
    QHash<QByteArray, QByteArray> fields;
    std::optional<QByteArray> file;
    for (const FormPart &part : parts) {
        if (file) // OSS reads nothing after the file part
            return SimulatorReply::ossError(400, "InvalidArgument",
                                            "The file must be the last field of the form.");
        if (part.name == "file")
            file = part.body;
        else
            fields.insert(part.name, part.body);
    }
    if (!file)
        return SimulatorReply::ossError(400, "InvalidArgument", "No file was sent.");
    const QByteArray policy = fields.value("policy");
    if (policy.isEmpty() || fields.value("Signature") != sign(policy)
        || fields.value("OSSAccessKeyId").isEmpty())
        return SimulatorReply::ossError(403, "SignatureDoesNotMatch",
                                        "The request signature we calculated does not match "
                                        "the signature you provided.");
    const QJsonObject decoded = QJsonDocument::fromJson(QByteArray::fromBase64(policy)).object();
    const QDateTime expires = QDateTime::fromString(
            decoded.value(QLatin1String("expiration")).toString(), Qt::ISODate);
    if (!expires.isValid() || now() >= expires)
        return SimulatorReply::ossError(403, "AccessDenied",
                                        "Invalid according to Policy: Policy expired.");
    const QString dir = decoded.value(QLatin1String("dir")).toString();
    const QString key = QString::fromUtf8(fields.value("key"));
    if (!key.startsWith(dir + QLatin1Char('/')) || key.size() <= dir.size() + 1
        || key.contains(QLatin1String("..")))
        return SimulatorReply::ossError(403, "AccessDenied",
                                        "Invalid according to Policy: Policy Condition failed: "
                                        "[\"starts-with\", \"$key\"]");
    if (file->size() > qint64(100) * 1024 * 1024)
        return SimulatorReply::ossError(400, "EntityTooLarge",
                                        "Your proposed upload exceeds the maximum allowed size.");
    if (fields.value("x-oss-forbid-overwrite") == "true" && m_files.contains(key))
        return SimulatorReply::ossError(409, "FileAlreadyExists", "The object already exists.");
    m_files.insert(key, { *file, decoded.value(QLatin1String("model")).toString(), now() });
    ++m_uploadCount;
    return SimulatorReply(200, {}, {});
}

std::optional<QByteArray> SimulatorUploadHost::resolve(const QString &ossUrl,
                                                       const QString &model) const
{
    if (!ossUrl.startsWith(QLatin1String("oss://")))
        return std::nullopt;
    const auto it = m_files.constFind(ossUrl.mid(6));
    if (it == m_files.constEnd() || it->model != model
        || it->uploaded.secsTo(now()) > std::chrono::seconds(FileLifetime).count())
        return std::nullopt;
    return it->bytes;
}

std::optional<SimulatorReply> SimulatorUploadHost::checkOssInputs(const SimulatorRequest &request,
                                                                  const QJsonValue &body,
                                                                  const QString &model) const
{
    QStringList urls;
    collectOssUrls(body, &urls);
    if (urls.isEmpty())
        return std::nullopt;
    const bool resolveAsked = request.header("X-DashScope-OssResourceResolve")
                                      .trimmed()
                                      .compare("enable", Qt::CaseInsensitive)
            == 0;
    if (!resolveAsked)
        return SimulatorReply::error(400, QStringLiteral("InvalidParameter"),
                                     QStringLiteral("The provided URL does not appear to be "
                                                    "valid. Ensure it is correctly formatted."));
    for (const QString &url : urls) {
        if (!resolve(url, model))
            // The service's exact wording for this case is not documented.
            return SimulatorReply::error(
                    400, QStringLiteral("InvalidParameter"),
                    QStringLiteral("The oss resource %1 does not exist, has expired or belongs "
                                   "to another model.")
                            .arg(url));
    }
    return std::nullopt;
}
