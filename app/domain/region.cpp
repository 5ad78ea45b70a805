#include "domain/region.h"

#include <QCoreApplication>

QList<Region> allRegions()
{
    return { Region::Singapore, Region::Virginia, Region::Beijing };
}

QString regionId(Region region)
{
    switch (region) {
    case Region::Singapore:
        return QStringLiteral("singapore");
    case Region::Virginia:
        return QStringLiteral("virginia");
    case Region::Beijing:
        return QStringLiteral("beijing");
    }
    return {};
}

QString regionDisplayName(Region region)
{
    // Alibaba Cloud's own names for the regions, so they match the console.
    switch (region) {
    case Region::Singapore:
        return QCoreApplication::translate("Region", "Singapore");
    case Region::Virginia:
        return QCoreApplication::translate("Region", "US (Virginia)");
    case Region::Beijing:
        return QCoreApplication::translate("Region", "China (Beijing)");
    }
    return {};
}

QUrl regionBaseUrl(Region region)
{
    switch (region) {
    case Region::Singapore:
        return QUrl(QStringLiteral("https://dashscope-intl.aliyuncs.com/api/v1"));
    case Region::Virginia:
        return QUrl(QStringLiteral("https://dashscope-us.aliyuncs.com/api/v1"));
    case Region::Beijing:
        return QUrl(QStringLiteral("https://dashscope.aliyuncs.com/api/v1"));
    }
    return {};
}

std::optional<Region> regionFromId(const QString &id)
{
    // Besides our ids, accept Alibaba Cloud's region ids, which people copy from the console.
    const QString key = id.trimmed().toLower();
    if (key == u"singapore" || key == u"ap-southeast-1" || key == u"intl")
        return Region::Singapore;
    if (key == u"virginia" || key == u"us-east-1" || key == u"us")
        return Region::Virginia;
    if (key == u"beijing" || key == u"cn-beijing" || key == u"cn")
        return Region::Beijing;
    return std::nullopt;
}

std::optional<Region> regionFromBaseUrl(const QUrl &url)
{
    const QString host = url.host().toLower();
    for (Region region : allRegions()) {
        if (host == regionBaseUrl(region).host())
            return region;
    }
    // Workspace domains: {WorkspaceId}.{region-id}.maas.aliyuncs.com
    const QStringList labels = host.split(QLatin1Char('.'));
    if (labels.size() >= 4 && host.endsWith(QLatin1String(".maas.aliyuncs.com")))
        return regionFromId(labels.at(labels.size() - 4));
    return std::nullopt;
}

QUrl Endpoint::url(const QString &pathBelowBase) const
{
    // Work on the encoded form so nothing already percent-encoded is decoded and re-encoded.
    QByteArray base = baseUrl.toEncoded();
    while (base.endsWith('/'))
        base.chop(1);
    QByteArray path = pathBelowBase.toUtf8();
    while (path.startsWith('/'))
        path.remove(0, 1);
    // Tolerant: a stray space or '%' in a pasted task id is encoded instead of making the URL
    // invalid.
    return QUrl::fromEncoded(base + '/' + path, QUrl::TolerantMode);
}

bool isLoopbackHost(const QString &host)
{
    QString h = host.trimmed().toLower();
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    if (h.endsWith(QLatin1Char('.')))
        h.chop(1);
    if (h == u"localhost")
        return true;
    // 127.0.0.0/8 in dotted form, bare or IPv4-mapped; ::1 in its short or long form. (Written
    // out rather than with QHostAddress: the domain layer does not link Qt Network.)
    if (h.startsWith(u"::ffff:", Qt::CaseInsensitive))
        h = h.mid(7);
    const QStringList octets = h.split(QLatin1Char('.'));
    if (octets.size() == 4) {
        for (const QString &octet : octets) {
            bool ok = false;
            const int value = octet.toInt(&ok);
            if (!ok || value < 0 || value > 255 || octet.size() > 3)
                return false;
        }
        return octets.first().toInt() == 127;
    }
    return h == u"::1" || h == u"0:0:0:0:0:0:0:1";
}

QString baseUrlProblem(const QUrl &url)
{
    if (url.isEmpty())
        return QCoreApplication::translate("Region", "The base URL is empty.");
    if (!url.isValid()) {
        return QCoreApplication::translate("Region", "The base URL “%1” is not a valid URL: %2.")
                .arg(url.toString(), url.errorString());
    }
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https" && scheme != u"http") {
        return QCoreApplication::translate(
                       "Region", "The base URL “%1” must start with https:// (for example %2).")
                .arg(url.toString(), regionBaseUrl(Region::Singapore).toString());
    }
    if (url.host().isEmpty()) {
        return QCoreApplication::translate("Region", "The base URL “%1” has no host name.")
                .arg(url.toString());
    }
    if (!url.userInfo().isEmpty()) {
        // Never keep credentials in a URL: it is shown, logged and stored.
        return QCoreApplication::translate(
                "Region",
                "The base URL must not contain a user name or password; the API key is sent "
                "separately.");
    }
    if (url.hasQuery() || url.hasFragment()) {
        return QCoreApplication::translate(
                       "Region",
                       "The base URL “%1” must not contain “?” or “#”; it should end in /api/v1.")
                .arg(url.toString());
    }
    if (scheme == u"http" && !isLoopbackHost(url.host())) {
        // The API key travels in a header: never send it unencrypted over a network.
        return QCoreApplication::translate(
                       "Region",
                       "The base URL “%1” uses http://, which would send the API key "
                       "unencrypted; use https://. Only this computer (localhost, 127.0.0.1, "
                       "::1) may use http://.")
                .arg(url.toString());
    }
    if (url.path().contains(QLatin1String("compatible-mode"))) {
        return QCoreApplication::translate(
                       "Region",
                       "The base URL “%1” is the OpenAI-compatible address; image generation "
                       "needs the native one, which ends in /api/v1 (for example %2).")
                .arg(url.toString(), regionBaseUrl(Region::Singapore).toString());
    }
    return {};
}

QUrl parseBaseUrl(const QString &text, QString *problem)
{
    const auto fail = [problem](const QString &why) {
        if (problem)
            *problem = why;
        return QUrl();
    };

    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return fail(QCoreApplication::translate("Region", "The base URL is empty."));
    if (!trimmed.contains(QLatin1String("://"))) {
        return fail(
                QCoreApplication::translate(
                        "Region", "The base URL “%1” must start with https:// (for example %2).")
                        .arg(trimmed, regionBaseUrl(Region::Singapore).toString()));
    }

    QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid()) {
        return fail(
                QCoreApplication::translate("Region", "The base URL “%1” is not a valid URL: %2.")
                        .arg(trimmed, url.errorString()));
    }
    url.setScheme(url.scheme().toLower());
    url.setHost(url.host().toLower());

    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    // A bare domain means the native API below it, as the Base URL page describes; a pasted
    // endpoint (…/api/v1/services/aigc/…) means its base.
    if (path.isEmpty())
        path = QStringLiteral("/api/v1");
    if (const int api = path.indexOf(QLatin1String("/api/v1/")); api >= 0)
        path.truncate(api + 7);
    url.setPath(path);

    const QString why = baseUrlProblem(url);
    if (!why.isEmpty())
        return fail(why);
    if (problem)
        problem->clear();
    return url;
}

bool sameBaseUrl(const QUrl &a, const QUrl &b)
{
    const auto normal = [](const QUrl &url) {
        QUrl copy = url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
        copy.setHost(copy.host().toLower());
        return copy;
    };
    return normal(a) == normal(b);
}
