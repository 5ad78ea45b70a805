#pragma once

#include <QList>
#include <QString>
#include <QUrl>
#include <optional>

// The service's regions. API keys are per region: a key of one region gives 401 on another.
enum class Region { Singapore, Virginia, Beijing };

QList<Region> allRegions();
QString regionId(Region region); // "singapore", "virginia", "beijing": settings, CLI, catalog
QString regionDisplayName(Region region); // translated, e.g. "Singapore"
QUrl regionBaseUrl(Region region); // e.g. https://dashscope-intl.aliyuncs.com/api/v1
std::optional<Region> regionFromId(
        const QString &id); // case-insensitive; also "ap-southeast-1", "us-east-1", "cn-beijing"
// The region a base URL belongs to: a region's default host or a workspace domain
// ({WorkspaceId}.{region-id}.maas.aliyuncs.com); nullopt for anything else (simulator, proxies).
std::optional<Region> regionFromBaseUrl(const QUrl &url);

// Where requests go: a region (for model names and keys) and the base URL actually used,
// which is the region's default or a custom one (workspace domain, simulator,
// DASHSCOPE_HTTP_BASE_URL).
struct Endpoint
{
    Region region = Region::Singapore;
    QUrl baseUrl = regionBaseUrl(Region::Singapore); // ends in /api/v1, no trailing slash

    bool isCustom() const { return baseUrl != regionBaseUrl(region); }
    QUrl url(const QString &pathBelowBase) const; // baseUrl + "/" + path
    friend bool operator==(const Endpoint &a, const Endpoint &b)
    {
        return a.region == b.region && a.baseUrl == b.baseUrl;
    }
};

bool isLoopbackHost(const QString &host); // 127.0.0.0/8, ::1, localhost
// The same API root: scheme, host (any case), port and path, a trailing slash aside.
bool sameBaseUrl(const QUrl &a, const QUrl &b);

// Why a base URL may not be used, as a sentence for a person; empty when it is fine.
// https is required except for loopback hosts, which may use http.
QString baseUrlProblem(const QUrl &url);

// Parses user text ("https://x/api/v1/", with or without trailing slash) into a normalized URL.
// A bare domain ("https://x") gets /api/v1 appended; a pasted endpoint URL
// (".../api/v1/services/aigc/...") is cut back to its /api/v1. Returns an invalid QUrl and sets
// *problem when the text is unusable (the same sentences as baseUrlProblem()).
QUrl parseBaseUrl(const QString &text, QString *problem);
