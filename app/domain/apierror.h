#pragma once

#include <QCoreApplication>
#include <QString>
#include <optional>

// An error from any layer, as a value: what went wrong, and what the person can do about it.
struct ApiError
{
    enum class Kind {
        None,
        Authentication, // 401 InvalidApiKey, key missing
        RegionMismatchLikely, // 401 on a key that worked elsewhere / key of another region
        PermissionDenied, // 403 AccessDenied, model/workspace not activated
        Throttled, // 429 Throttling, Throttling.RateQuota, Throttling.BurstRate
        Quota, // 429 Throttling.AllocationQuota, FreeTierOnly
        Billing, // Arrearage, *BillOverdue, CommodityNotPurchased
        ContentPolicy, // DataInspectionFailed, IPInfringementSuspect
        InvalidParameter, // 400 InvalidParameter, BadRequest.*; also local validation
        NotFound, // 404, ModelNotFound, UNKNOWN task (when not known to be expired)
        Transient, // 5xx, 408, gateway pages: try again later
        Network, // no connection, DNS, TLS, reset
        Timeout, // no answer in time
        Expired, // task or result URL older than 24 h (UNKNOWN, OSS 403)
        Canceled, // canceled by the person or the service
        Protocol, // an answer we cannot understand
        Storage, // disk full, file not writable, database error
    };

    Kind kind = Kind::None;
    int httpStatus = 0; // 0 when no HTTP answer
    QString code; // the service's code, exactly as sent ("InvalidApiKey"); "Unknown" for non-JSON
    QString message; // the service's message, exactly as sent (or the raw body / Qt's error text)
    QString requestId; // always kept: support needs it

    bool isError() const { return kind != Kind::None; }
    // Safe to try again automatically (for GETs; creates are retried only when Throttled).
    bool isTransient() const;
    // One translated sentence: what happened and what to do, e.g.
    // "The API key was rejected. Check it in Settings, and that it belongs to the Singapore
    // region."
    QString explanation() const;
    // explanation() plus the service's code/message and request id, for details panes and logs.
    QString details() const;

    static QString kindName(Kind kind); // "authentication", … stable, for --json and the library
    static std::optional<Kind> kindFromName(const QString &name); // inverse of kindName()

    // Classifies an HTTP answer from the DashScope API (not from OSS downloads).
    // `body` may be JSON ({code, message|msg, request_id}) or anything else (gateway HTML).
    static ApiError fromHttp(int httpStatus, const QByteArray &body);
    // A task-level failure: output.code/output.message of a FAILED task, or one image's
    // code/message.
    static ApiError fromTaskFailure(const QString &code, const QString &message,
                                    const QString &requestId);
    static ApiError make(Kind kind, const QString &message = {});

    friend bool operator==(const ApiError &a, const ApiError &b)
    {
        return a.kind == b.kind && a.httpStatus == b.httpStatus && a.code == b.code
                && a.message == b.message && a.requestId == b.requestId;
    }
    friend bool operator!=(const ApiError &a, const ApiError &b) { return !(a == b); }

    Q_DECLARE_TR_FUNCTIONS(ApiError) // last: it ends in "private:"
};
