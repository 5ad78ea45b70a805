#pragma once

#include "domain/apierror.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>

// The answer of GET {base}/uploads?action=getPolicy&model=M: what lets one client put files on
// the service's temporary OSS storage for one model, for a few minutes. The documentation types
// every field as a string but shows numbers: both are read.
struct UploadPolicy
{
    QString model; // the model the files will be bound to (as asked)
    QString policy; // base64, sent back unchanged
    QString signature;
    QString uploadDir; // the object key prefix
    QUrl uploadHost; // where the form is POSTed (https; http only on loopback)
    QString accessKeyId;
    QString objectAcl; // x-oss-object-acl
    QString forbidOverwrite; // x-oss-forbid-overwrite
    qint64 maxFileBytes = 0; // 0: not said
    QDateTime expiresAt; // UTC: received + expire_in_seconds

    // Still usable for an upload starting now, with a margin for the transfer itself.
    bool isUsableAt(const QDateTime &now) const;
    // The object key for a file: upload_dir + "/" + a name made of the content hash, so two
    // files with one name never collide and the same bytes always get the same key.
    QString objectKeyFor(const QByteArray &sha256Hex, const QString &suffix) const;
};

// Parses a 200 answer. False and *error (Kind::Protocol, naming the missing field) when it lacks
// what an upload needs. `received` is when the answer arrived (UTC).
bool parseUploadPolicy(const QByteArray &body, const QString &model, const QDateTime &received,
                       UploadPolicy *policy, ApiError *error);
