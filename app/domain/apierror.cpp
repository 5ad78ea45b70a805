#include "domain/apierror.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <array>
#include <utility>

namespace {

using Kind = ApiError::Kind;

// The service's codes (protocol doc §6.2), exactly as sent.
Kind kindForCode(const QString &code)
{
    static const std::array<std::pair<const char *, Kind>, 34> exact { {
            { "InvalidApiKey", Kind::Authentication },
            { "AccessDenied", Kind::PermissionDenied },
            { "Workspace.AccessDenied", Kind::PermissionDenied },
            { "Model.AccessDenied", Kind::PermissionDenied },
            { "AccessDenied.Unpurchased", Kind::PermissionDenied },
            { "AllocationQuota.FreeTierOnly", Kind::Quota },
            { "Throttling", Kind::Throttled },
            { "Throttling.RateQuota", Kind::Throttled },
            { "Throttling.BurstRate", Kind::Throttled },
            { "Throttling.AllocationQuota", Kind::Quota },
            { "LimitRequests", Kind::Billing },
            { "PrepaidBillOverdue", Kind::Billing },
            { "PostpaidBillOverdue", Kind::Billing },
            { "CommodityNotPurchased", Kind::Billing },
            { "Arrearage", Kind::Billing },
            { "DataInspectionFailed", Kind::ContentPolicy },
            { "IPInfringementSuspect", Kind::ContentPolicy },
            { "InvalidParameter", Kind::InvalidParameter },
            { "InvalidParameter.DataInspection", Kind::InvalidParameter },
            { "InvalidURL", Kind::InvalidParameter },
            { "UnsupportedOperation", Kind::InvalidParameter },
            { "EmptyParameters", Kind::InvalidParameter },
            { "EmptyModel", Kind::InvalidParameter },
            { "ModelNotFound", Kind::NotFound },
            { "WorkSpaceNotFound", Kind::NotFound },
            { "RequestTimeOut", Kind::Transient },
            { "InternalError", Kind::Transient },
            { "InternalError.Algo", Kind::Transient },
            { "InternalError.Timeout", Kind::Transient },
            { "SystemError", Kind::Transient },
            { "ModelServiceFailed", Kind::Transient },
            { "ModelUnavailable", Kind::Transient },
            // Our own and the SDKs' names for a client-side wait that ran out.
            { "WaitTaskTimeout", Kind::Timeout },
            { "TaskWaitTimeout", Kind::Timeout },
    } };
    for (const auto &[name, kind] : exact) {
        if (code == QLatin1String(name))
            return kind;
    }

    // Codes the table does not list yet, by family.
    const auto startsWith
            = [&code](const char *prefix) { return code.startsWith(QLatin1String(prefix)); };
    if (startsWith("Throttling"))
        return Kind::Throttled;
    if (startsWith("InternalError") || startsWith("SystemError"))
        return Kind::Transient;
    if (startsWith("BadRequest") || startsWith("InvalidParameter") || startsWith("Empty"))
        return Kind::InvalidParameter;
    if (startsWith("DataInspection"))
        return Kind::ContentPolicy;
    if (code.contains(QLatin1String("AccessDenied")))
        return Kind::PermissionDenied;
    if (code.contains(QLatin1String("BillOverdue")))
        return Kind::Billing;
    if (code.endsWith(QLatin1String("NotFound")))
        return Kind::NotFound;
    return Kind::None;
}

Kind kindForStatus(int httpStatus)
{
    if (httpStatus == 401)
        return Kind::Authentication;
    if (httpStatus == 403)
        return Kind::PermissionDenied;
    if (httpStatus == 404)
        return Kind::NotFound;
    if (httpStatus == 408)
        return Kind::Transient;
    if (httpStatus == 429)
        return Kind::Throttled;
    if (httpStatus >= 500 && httpStatus <= 599)
        return Kind::Transient;
    if (httpStatus >= 400 && httpStatus <= 499)
        return Kind::InvalidParameter;
    return Kind::Protocol; // 1xx, 3xx, or a 2xx that is not an answer we understand
}

// A gateway page (nginx, load balancer) reduced to something a person can read.
QString readableText(const QByteArray &body)
{
    constexpr int MaxChars = 300;
    QString text = QString::fromUtf8(body);
    static const QRegularExpression title(QStringLiteral("<title[^>]*>(.*?)</title>"),
                                          QRegularExpression::CaseInsensitiveOption
                                                  | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
    if (const QRegularExpressionMatch match = title.match(text);
        match.hasMatch() && !match.captured(1).trimmed().isEmpty()) {
        text = match.captured(1);
    } else if (text.contains(QLatin1String("</"))) {
        text.remove(tag);
    }
    text = text.simplified();
    if (text.size() > MaxChars)
        text = text.left(MaxChars - 1) + QChar(0x2026);
    return text;
}

QString jsonString(const QJsonObject &object, const char *key, const char *alternative)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isString())
        return value.toString();
    return object.value(QLatin1String(alternative)).toString();
}

} // namespace

bool ApiError::isTransient() const
{
    switch (kind) {
    case Kind::Throttled:
    case Kind::Transient:
    case Kind::Network:
    case Kind::Timeout:
        return true;
    default:
        return false;
    }
}

QString ApiError::explanation() const
{
    const auto messageHas = [this](const char *text) {
        return message.contains(QLatin1String(text), Qt::CaseInsensitive);
    };

    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Authentication:
        if (messageHas("No API-key") || messageHas("no api key"))
            return tr("No API key was sent; enter your key in Settings or set DASHSCOPE_API_KEY.");
        return tr("The API key was rejected; check that it is correct and that it belongs to the "
                  "region you chose, because keys of Singapore, US (Virginia) and China (Beijing) "
                  "do not work in another region.");
    case Kind::RegionMismatchLikely:
        return tr("The API key was rejected, most likely because it was created for a different "
                  "region than this endpoint; choose the key's region or use a key of this one.");
    case Kind::PermissionDenied:
        if (messageHas("synchronous")) {
            return tr("The service handled the request as a synchronous call, which this API does "
                      "not "
                      "support; check that the base URL points at the DashScope API (…/api/v1) and "
                      "report this if it does.");
        }
        if (code == u"Model.AccessDenied" || code == u"AccessDenied.Unpurchased") {
            return tr(
                    "This model is not activated for your account or workspace; activate it in the "
                    "Model Studio console or choose another model.");
        }
        if (code == u"Workspace.AccessDenied") {
            return tr(
                    "The workspace does not allow this request; check its permissions in the Model "
                    "Studio console or use a key of another workspace.");
        }
        return tr(
                "Access was denied; check in the Model Studio console that the model is activated "
                "and that this key may use it.");
    case Kind::Throttled:
        return tr("The service is limiting how fast requests may arrive; wait a minute and try "
                  "again.");
    case Kind::Quota:
        if (code == u"AllocationQuota.FreeTierOnly" || messageHas("Free allocated quota")) {
            return tr(
                    "The free quota of this model is used up and the account is set to stop there; "
                    "turn off “free quota only” in the Model Studio console to continue with paid "
                    "use, or choose another model.");
        }
        return tr("The quota for this model is used up, so retrying will not help; increase it in "
                  "the "
                  "Model Studio console or choose another model.");
    case Kind::Billing:
        return tr("The account cannot be billed (overdue payment, or the model is not purchased); "
                  "settle it in the Alibaba Cloud console, then try again.");
    case Kind::ContentPolicy:
        if (code == u"IPInfringementSuspect") {
            return tr("The service suspects that the prompt or the result infringes intellectual "
                      "property; change the prompt, for example without brand or character names.");
        }
        return tr(
                "The service's content inspection rejected the prompt or the result; rephrase the "
                "prompt and try again.");
    case Kind::InvalidParameter:
        if (messageHas("Model not exist")) {
            return tr("The service does not know this model at this address; check the model name "
                      "and that the model is served in the chosen region.");
        }
        if (code == u"InvalidParameter.DataInspection") {
            return tr("The service could not download or inspect an input file; make sure its URL "
                      "is publicly reachable.");
        }
        if (code == u"UnsupportedOperation") {
            return tr("The task could not be canceled because the service has already started it; "
                      "it will finish, and be billed, unless it fails.");
        }
        if (messageHas("url error")) {
            return tr("The service does not recognise the address; check that the base URL ends in "
                      "/api/v1.");
        }
        if (code == u"BadRequest.TooLarge") {
            return tr("The request is too large for the service; use a smaller input file.");
        }
        return tr(
                "The service rejected the request's parameters; correct what its message names and "
                "try again.");
    case Kind::NotFound:
        if (code == u"WorkSpaceNotFound") {
            return tr("The workspace was not found; check the workspace ID in the base URL or "
                      "settings.");
        }
        if (code == u"ModelNotFound") {
            return tr(
                    "The service does not know this model; check the model name and that the model "
                    "is served in the chosen region.");
        }
        return tr("The service did not find what was asked for; check the base URL, the region and "
                  "the model.");
    case Kind::Transient:
        return tr("The service is temporarily unavailable; try again in a few minutes.");
    case Kind::Network:
        return tr("The service could not be reached; check the internet connection, proxy and "
                  "firewall, then try again.");
    case Kind::Timeout:
        return tr("The service did not answer in time; try again later (a task that was already "
                  "created keeps running and can still be fetched).");
    case Kind::Expired:
        return tr(
                "The task or its result is older than 24 hours and the service no longer keeps it; "
                "generate the image again.");
    case Kind::Canceled:
        return tr("The task was canceled.");
    case Kind::Protocol:
        return tr("The service's answer could not be understood; try again, and if it keeps "
                  "happening the program may need an update.");
    case Kind::Storage:
        return tr("The result could not be saved; check that the disk has free space and that the "
                  "output folder is writable.");
    }
    return {};
}

QString ApiError::details() const
{
    QStringList lines;
    if (const QString text = explanation(); !text.isEmpty())
        lines << text;
    if (!code.isEmpty() && !message.isEmpty())
        lines << tr("Service answer: %1: %2").arg(code, message);
    else if (!code.isEmpty())
        lines << tr("Service answer: %1").arg(code);
    else if (!message.isEmpty())
        lines << tr("Details: %1").arg(message);
    if (httpStatus > 0)
        lines << tr("HTTP status: %1").arg(httpStatus);
    if (!requestId.isEmpty())
        lines << tr("Request ID: %1").arg(requestId);
    return lines.join(QLatin1Char('\n'));
}

namespace {

constexpr std::array<std::pair<Kind, const char *>, 17> KindNames { {
        { Kind::None, "none" },
        { Kind::Authentication, "authentication" },
        { Kind::RegionMismatchLikely, "region_mismatch_likely" },
        { Kind::PermissionDenied, "permission_denied" },
        { Kind::Throttled, "throttled" },
        { Kind::Quota, "quota" },
        { Kind::Billing, "billing" },
        { Kind::ContentPolicy, "content_policy" },
        { Kind::InvalidParameter, "invalid_parameter" },
        { Kind::NotFound, "not_found" },
        { Kind::Transient, "transient" },
        { Kind::Network, "network" },
        { Kind::Timeout, "timeout" },
        { Kind::Expired, "expired" },
        { Kind::Canceled, "canceled" },
        { Kind::Protocol, "protocol" },
        { Kind::Storage, "storage" },
} };

} // namespace

QString ApiError::kindName(Kind kind)
{
    for (const auto &[value, name] : KindNames) {
        if (value == kind)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<ApiError::Kind> ApiError::kindFromName(const QString &name)
{
    for (const auto &[value, text] : KindNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

ApiError ApiError::fromHttp(int httpStatus, const QByteArray &body)
{
    ApiError error;
    error.httpStatus = httpStatus;

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject()) {
        const QJsonObject object = document.object();
        // The service sends code/message/request_id; Alibaba's API gateway sometimes sends
        // Code/Message/RequestId, and the SDK accepts msg for message.
        error.code = jsonString(object, "code", "Code");
        error.message = jsonString(object, "message", "Message");
        if (error.message.isEmpty())
            error.message = object.value(QLatin1String("msg")).toString();
        error.requestId = jsonString(object, "request_id", "RequestId");
    } else if (!body.trimmed().isEmpty() || httpStatus < 200 || httpStatus > 299) {
        // As the official SDK does: a gateway page or other non-JSON text becomes code "Unknown".
        error.code = QStringLiteral("Unknown");
        error.message = readableText(body);
    }

    const bool success = httpStatus >= 200 && httpStatus <= 299;
    if (success && error.code.isEmpty())
        return error; // kind None: nothing went wrong at the HTTP level

    Kind kind = kindForCode(error.code);
    // The HTTP status decides for codes we do not know, and for server errors whatever the code
    // says: a 5xx is worth retrying.
    if (kind == Kind::None || (httpStatus >= 500 && kind != Kind::Transient))
        kind = kindForStatus(httpStatus);
    error.kind = kind;
    return error;
}

ApiError ApiError::fromTaskFailure(const QString &code, const QString &message,
                                   const QString &requestId)
{
    ApiError error;
    error.code = code;
    error.message = message;
    error.requestId = requestId;
    error.kind = kindForCode(code);
    // A task that failed for a reason the table does not know: most often a passing problem on
    // the service's side, so "try again" is the most useful advice.
    if (error.kind == Kind::None)
        error.kind = Kind::Transient;
    return error;
}

ApiError ApiError::make(Kind kind, const QString &message)
{
    ApiError error;
    error.kind = kind;
    error.message = message;
    return error;
}
