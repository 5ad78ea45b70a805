#pragma once

#include "domain/region.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

// A local file uploaded to the service's temporary storage, as the library remembers it so that
// the next task of the same model may use the oss:// URL again instead of uploading again.
struct UploadRecord
{
    // The service keeps an upload this long (and only for the model named in getPolicy, and the
    // account that uploaded it).
    static constexpr qint64 LifetimeSecs = 48 * 3600;
    // Reused only while this much of its life is left: the service reads an input when the task
    // runs, which may be a while after the create (a queue, a slow model).
    static constexpr qint64 ReuseMarginSecs = 3600;

    QString model;
    Endpoint endpoint; // region and base URL it was uploaded through
    QByteArray sha256; // hex of the file's bytes
    QString ossUrl; // "oss://…"
    QDateTime uploadedAt; // UTC

    bool isValid() const { return !ossUrl.isEmpty(); }
    // Still safe to name in a create starting at `now` (ReuseMarginSecs left: the task may queue).
    bool isReusableAt(const QDateTime &now) const
    {
        return isValid() && uploadedAt.isValid() && uploadedAt.secsTo(now) >= 0
                && uploadedAt.secsTo(now) < LifetimeSecs - ReuseMarginSecs;
    }
};
