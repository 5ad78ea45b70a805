#include "protocol/dashscopeclient.h"

#include "platform/logging.h"
#include "protocol/requestencoder.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSysInfo>
#include <QTimer>
#include <QUrlQuery>
#include <utility>

using namespace std::chrono_literals;

namespace {

constexpr auto DefaultTimeout = 60s;
constexpr auto DefaultTotalDeadline = 5min;
constexpr qint64 MaxBodyBytes = DashScopeJob::MaxAnswerBytes;
// How far Qt's network thread may read ahead of the job (see DashScopeJob::start()).
constexpr qint64 ReadAheadBytes = 256 * 1024;

QString operationName(DashScopeJob::Operation operation)
{
    switch (operation) {
    case DashScopeJob::Operation::CreateTask:
        return QStringLiteral("create");
    case DashScopeJob::Operation::FetchTask:
        return QStringLiteral("fetch");
    case DashScopeJob::Operation::CancelTask:
        return QStringLiteral("cancel");
    case DashScopeJob::Operation::ListTasks:
        return QStringLiteral("list");
    case DashScopeJob::Operation::GetUploadPolicy:
        return QStringLiteral("getPolicy");
    }
    return {};
}

// Errors where no byte of the request can have reached the service.
bool neverConnected(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        return true;
    default:
        return false;
    }
}

ApiError unsafeTaskId(const QString &taskId)
{
    return ApiError::make(
            ApiError::Kind::InvalidParameter,
            QCoreApplication::translate("DashScopeClient", "“%1” is not a task id.").arg(taskId));
}

QString requestIdOf(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    return document.isObject() ? document.object().value(QLatin1String("request_id")).toString()
                               : QString();
}

} // namespace

// --- DashScopeJob ---------------------------------------------------------------------------

DashScopeJob::DashScopeJob(Operation operation, const QString &taskId, QObject *parent)
    : QObject(parent), m_operation(operation), m_askedTaskId(taskId)
{ }

DashScopeJob::~DashScopeJob()
{
    if (QNetworkReply *reply = m_reply.data()) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

QString DashScopeJob::requestId() const
{
    if (!m_error.requestId.isEmpty())
        return m_error.requestId;
    if (!m_snapshot.requestId.isEmpty())
        return m_snapshot.requestId;
    return m_cancelRequestId;
}

QString DashScopeJob::taskId() const
{
    return m_snapshot.taskId.isEmpty() ? m_askedTaskId : m_snapshot.taskId;
}

void DashScopeJob::start(QNetworkReply *reply, std::chrono::milliseconds totalDeadline)
{
    m_reply = reply;
    QTimer::singleShot(totalDeadline, this, [this] {
        if (QNetworkReply *late = m_reply.data(); late && !m_finished) {
            m_deadlineExceeded = true;
            late->abort(); // handleReplyFinished() runs from inside abort()
        }
    });
    // The answer is read as it comes, and Qt's network thread reads the socket only a little
    // ahead of us: so the cap holds however late this thread sees the bytes (a busy GUI thread,
    // a loaded machine), where Qt alone would buffer the whole answer until it ends.
    reply->setReadBufferSize(ReadAheadBytes);
    connect(reply, &QNetworkReply::finished, this, &DashScopeJob::handleReplyFinished);
    connect(reply, &QNetworkReply::metaDataChanged, this, &DashScopeJob::readAnswer);
    connect(reply, &QNetworkReply::readyRead, this, &DashScopeJob::readAnswer);
}

void DashScopeJob::readAnswer()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply || m_finished || m_tooLarge)
        return;
    if (reply->isOpen()) // closed once aborted
        m_body += reply->read(MaxBodyBytes + 1 - m_body.size());
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    if ((length.isValid() && length.toLongLong() > MaxBodyBytes) || m_body.size() > MaxBodyBytes) {
        m_tooLarge = true;
        qCWarning(lcApi).noquote()
                << operationName(m_operation) << "answer over" << MaxBodyBytes << "bytes, aborted";
        reply->abort(); // handleReplyFinished() runs from inside abort()
    }
}

void DashScopeJob::failBeforeSending(const ApiError &error)
{
    m_error = error;
    m_mayHaveCreatedTask = false;
    // Callers connect to finished() after the call returns: report on the next event loop turn.
    QTimer::singleShot(0, this, &DashScopeJob::finish);
}

void DashScopeJob::abort()
{
    if (m_finished)
        return;
    m_aborted = true;
    if (QNetworkReply *reply = m_reply.data()) {
        reply->abort(); // handleReplyFinished() runs from inside abort()
        return;
    }
    // Refused before sending: finished() is already on its way.
}

void DashScopeJob::handleReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_finished)
        return;
    readAnswer(); // what arrived since the last readyRead
    m_reply = nullptr;
    reply->deleteLater();

    m_httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError networkError = reply->error();
    m_connectionRefused = networkError == QNetworkReply::ConnectionRefusedError;
    const QByteArray body
            = m_httpStatus > 0 && !m_tooLarge ? std::exchange(m_body, {}) : QByteArray();

    if (m_operation == Operation::CreateTask) {
        const bool rejected = m_httpStatus >= 400 && m_httpStatus < 500 && m_httpStatus != 408;
        m_mayHaveCreatedTask = m_httpStatus > 0 ? !rejected : !neverConnected(networkError);
    }

    // Codes below 100 are the transport's (connection, timeout, reset mid-answer): whatever
    // part of an answer arrived is not one.
    const bool transportFailed = networkError != QNetworkReply::NoError && int(networkError) < 100;
    if (m_tooLarge) {
        m_error = ApiError::make(
                ApiError::Kind::Protocol,
                QCoreApplication::translate("DashScopeClient",
                                            "The service's answer was too large (over %1 MiB), "
                                            "so it was not read.")
                        .arg(MaxBodyBytes >> 20));
        m_error.httpStatus = m_httpStatus;
        finish();
        return;
    }
    if (m_httpStatus == 0 || transportFailed) {
        // No (complete) HTTP answer. setTransferTimeout() aborts the reply, which Qt 6.4 reports as
        // OperationCanceledError; only our own abort() is a cancellation.
        if (m_deadlineExceeded) {
            m_error = ApiError::make(
                    ApiError::Kind::Timeout,
                    QCoreApplication::translate("DashScopeClient",
                                                "The service's answer took too long to arrive "
                                                "and was stopped."));
        } else if (m_aborted) {
            m_error = ApiError::make(
                    ApiError::Kind::Canceled,
                    QCoreApplication::translate("DashScopeClient", "The request was canceled."));
        } else if (networkError == QNetworkReply::OperationCanceledError
                   || networkError == QNetworkReply::TimeoutError) {
            m_error = ApiError::make(
                    ApiError::Kind::Timeout,
                    QCoreApplication::translate("DashScopeClient",
                                                "No answer from the service in time."));
        } else {
            m_error = ApiError::make(ApiError::Kind::Network, reply->errorString());
        }
        qCInfo(lcApi).noquote() << operationName(m_operation)
                                << "failed without an answer:" << ApiError::kindName(m_error.kind)
                                << reply->errorString();
        finish();
        return;
    }

    if (m_httpStatus != 200) {
        m_error = ApiError::fromHttp(m_httpStatus, body);
        if (m_error.requestId.isEmpty())
            m_error.requestId = requestIdOf(body);
        qCInfo(lcApi).noquote() << operationName(m_operation) << "answered HTTP" << m_httpStatus
                                << m_error.code << "request_id" << m_error.requestId;
        finish();
        return;
    }

    switch (m_operation) {
    case Operation::CreateTask:
    case Operation::FetchTask:
        if (!parseTaskResponse(body, &m_snapshot, &m_error)) {
            if (!m_error.isError())
                m_error = ApiError::make(ApiError::Kind::Protocol);
            m_error.httpStatus = m_httpStatus;
            if (m_error.requestId.isEmpty())
                m_error.requestId = requestIdOf(body);
        } else if (m_operation == Operation::CreateTask && m_snapshot.taskId.isEmpty()) {
            m_error = ApiError::make(
                    ApiError::Kind::Protocol,
                    QCoreApplication::translate(
                            "DashScopeClient",
                            "The service accepted the request but sent no task id."));
            m_error.httpStatus = m_httpStatus;
            m_error.requestId = m_snapshot.requestId;
        }
        break;
    case Operation::CancelTask:
        m_cancelRequestId = requestIdOf(body);
        break;
    case Operation::GetUploadPolicy:
        if (!parseUploadPolicy(body, m_policyModel, QDateTime::currentDateTimeUtc(),
                               &m_uploadPolicy, &m_error)) {
            m_error.httpStatus = m_httpStatus;
            m_error.requestId = requestIdOf(body);
        }
        break;
    case Operation::ListTasks:
        if (!parseTaskList(body, &m_tasks, &m_total, &m_error)) {
            if (!m_error.isError())
                m_error = ApiError::make(ApiError::Kind::Protocol);
            m_error.httpStatus = m_httpStatus;
        }
        break;
    }
    qCDebug(lcApi).noquote() << operationName(m_operation) << "answered HTTP 200 task" << taskId()
                             << taskStatusToString(m_snapshot.status) << "request_id"
                             << requestId();
    finish();
}

void DashScopeJob::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    emit finished();
}

// --- DashScopeClient ------------------------------------------------------------------------

DashScopeClient::DashScopeClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network), m_timeout(DefaultTimeout),
      m_totalDeadline(DefaultTotalDeadline)
{
    Q_ASSERT(network);
}

DashScopeClient::~DashScopeClient() = default;

void DashScopeClient::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout > 0ms ? timeout : DefaultTimeout;
}

void DashScopeClient::setTotalDeadline(std::chrono::milliseconds deadline)
{
    m_totalDeadline = deadline > 0ms ? deadline : DefaultTotalDeadline;
}

QByteArray DashScopeClient::userAgent()
{
    // Made once: prettyProductName() reads /etc/os-release, and every poll sends this.
    static const QByteArray agent = [] {
        QString platform = QSysInfo::prettyProductName();
        platform.remove(QLatin1Char('\n')).remove(QLatin1Char('\r')).remove(QLatin1Char(';'));
        return QStringLiteral("DashScopeStudio/%1; qt/%2; platform/%3")
                .arg(QStringLiteral(STUDIO_VERSION), QString::fromLatin1(qVersion()), platform)
                .toUtf8();
    }();
    return agent;
}

bool DashScopeClient::isPlausibleTaskId(const QString &taskId)
{
    if (taskId.isEmpty() || taskId.size() > 128)
        return false;
    // No '.' at all: "." and ".." are path segments a URL normaliser removes.
    for (const QChar c : taskId) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
                || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
                || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-')
                || c == QLatin1Char('_');
        if (!ok)
            return false;
    }
    return true;
}

QUrl DashScopeClient::taskUrl(const Endpoint &endpoint, const QString &taskId,
                              const QString &suffix)
{
    // Everything but letters and digits percent-encoded: the id stays one opaque segment.
    const QByteArray segment = QUrl::toPercentEncoding(taskId, QByteArray(), ".~");
    const QUrl url = endpoint.url(QStringLiteral("tasks/") + QString::fromLatin1(segment) + suffix);
    const QString expectedEnd = QStringLiteral("/tasks/") + taskId + suffix;
    if (!url.isValid() || url.adjusted(QUrl::NormalizePathSegments) != url
        || !url.path().endsWith(expectedEnd))
        return {};
    return url;
}

ApiError DashScopeClient::problemBeforeSending(const Endpoint &endpoint, const QString &apiKey,
                                               const QString *taskId)
{
    const QString urlProblem = baseUrlProblem(endpoint.baseUrl);
    if (!urlProblem.isEmpty())
        return ApiError::make(ApiError::Kind::InvalidParameter, urlProblem);
    if (apiKey.trimmed().isEmpty()) {
        ApiError error = ApiError::make(
                ApiError::Kind::Authentication,
                QCoreApplication::translate("DashScopeClient", "No API key is set."));
        error.code = QStringLiteral("InvalidApiKey");
        return error;
    }
    for (const QChar c : apiKey) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e) {
            ApiError error = ApiError::make(
                    ApiError::Kind::Authentication,
                    QCoreApplication::translate(
                            "DashScopeClient",
                            "The API key contains spaces or characters an API key never has."));
            error.code = QStringLiteral("InvalidApiKey");
            return error;
        }
    }
    if (taskId && !isPlausibleTaskId(*taskId))
        return unsafeTaskId(*taskId);
    return {};
}

QNetworkRequest DashScopeClient::makeRequest(const QUrl &url, const QString &apiKey) const
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + apiKey.trimmed().toLatin1());
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setTransferTimeout(int(m_timeout.count()));
    // The key is our authentication; never let Qt replay credentials it cached elsewhere.
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    return request;
}

DashScopeJob *DashScopeClient::refused(DashScopeJob *job, const ApiError &error)
{
    qCInfo(lcApi).noquote() << operationName(job->operation()) << "not sent:" << error.message;
    job->failBeforeSending(error);
    return job;
}

DashScopeJob *DashScopeClient::createTask(const Endpoint &endpoint, const QString &apiKey,
                                          const ModelInfo &model, const GenerationRequest &request)
{
    auto *job = new DashScopeJob(DashScopeJob::Operation::CreateTask, QString(), this);
    if (const ApiError problem = problemBeforeSending(endpoint, apiKey, nullptr); problem.isError())
        return refused(job, problem);
    if (!model.isValid() || model.path.isEmpty()) {
        return refused(
                job,
                ApiError::make(ApiError::Kind::InvalidParameter,
                               QCoreApplication::translate("DashScopeClient", "Unknown model “%1”.")
                                       .arg(request.model)));
    }

    const CreateBody encoded = RequestEncoder::createBody(request, model);
    if (!encoded.isValid())
        return refused(job, encoded.error);

    const QUrl url = endpoint.url(model.path);
    QNetworkRequest networkRequest = makeRequest(url, apiKey);
    networkRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                             QByteArrayLiteral("application/json"));
    networkRequest.setRawHeader("X-DashScope-Async", "enable");
    // Uploaded inputs are oss:// URLs, which the service resolves only when asked to.
    if (RequestEncoder::needsOssResolve(request))
        networkRequest.setRawHeader("X-DashScope-OssResourceResolve", "enable");
    const QByteArray body = QJsonDocument(encoded.json).toJson(QJsonDocument::Compact);
    qCInfo(lcApi).noquote() << "POST" << url.toDisplayString() << "model" << model.name << "n"
                            << request.count;
    job->start(m_network->post(networkRequest, body), m_totalDeadline);
    return job;
}

DashScopeJob *DashScopeClient::fetchTask(const Endpoint &endpoint, const QString &apiKey,
                                         const QString &taskId)
{
    auto *job = new DashScopeJob(DashScopeJob::Operation::FetchTask, taskId, this);
    if (const ApiError problem = problemBeforeSending(endpoint, apiKey, &taskId); problem.isError())
        return refused(job, problem);
    const QUrl url = taskUrl(endpoint, taskId, QString());
    if (!url.isValid())
        return refused(job, unsafeTaskId(taskId));
    qCDebug(lcApi).noquote() << "GET" << url.toDisplayString();
    job->start(m_network->get(makeRequest(url, apiKey)), m_totalDeadline);
    return job;
}

DashScopeJob *DashScopeClient::cancelTask(const Endpoint &endpoint, const QString &apiKey,
                                          const QString &taskId)
{
    auto *job = new DashScopeJob(DashScopeJob::Operation::CancelTask, taskId, this);
    if (const ApiError problem = problemBeforeSending(endpoint, apiKey, &taskId); problem.isError())
        return refused(job, problem);
    const QUrl url = taskUrl(endpoint, taskId, QStringLiteral("/cancel"));
    if (!url.isValid())
        return refused(job, unsafeTaskId(taskId));
    QNetworkRequest request = makeRequest(url, apiKey);
    // No body, as the SDK sends it; an explicit length keeps strict gateways happy.
    request.setHeader(QNetworkRequest::ContentLengthHeader, 0);
    qCInfo(lcApi).noquote() << "POST" << url.toDisplayString();
    job->start(m_network->sendCustomRequest(request, QByteArrayLiteral("POST")), m_totalDeadline);
    return job;
}

DashScopeJob *DashScopeClient::getUploadPolicy(const Endpoint &endpoint, const QString &apiKey,
                                               const QString &model)
{
    auto *job = new DashScopeJob(DashScopeJob::Operation::GetUploadPolicy, QString(), this);
    job->m_policyModel = model;
    if (const ApiError problem = problemBeforeSending(endpoint, apiKey, nullptr); problem.isError())
        return refused(job, problem);
    QUrl url = endpoint.url(QStringLiteral("uploads"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("action"), QStringLiteral("getPolicy"));
    query.addQueryItem(QStringLiteral("model"), model);
    url.setQuery(query);
    qCInfo(lcApi).noquote() << "GET" << url.toDisplayString();
    job->start(m_network->get(makeRequest(url, apiKey)), m_totalDeadline);
    return job;
}

DashScopeJob *DashScopeClient::listTasks(const Endpoint &endpoint, const QString &apiKey,
                                         const TaskListQuery &listQuery)
{
    auto *job = new DashScopeJob(DashScopeJob::Operation::ListTasks, QString(), this);
    if (const ApiError problem = problemBeforeSending(endpoint, apiKey, nullptr); problem.isError())
        return refused(job, problem);
    QUrl url = endpoint.url(QStringLiteral("tasks"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("page_no"), QString::number(qMax(1, listQuery.pageNumber)));
    query.addQueryItem(QStringLiteral("page_size"),
                       QString::number(qBound(1, listQuery.pageSize, 100)));
    // YYYYMMDDhhmmss without a zone: written in China's time (the service's home) and widened
    // by 12 hours, so the window holds whichever zone the service reads it in.
    const auto serviceTime = [](const QDateTime &time, qint64 widenBySeconds) {
        return time.toUTC()
                .addSecs(widenBySeconds)
                .toOffsetFromUtc(8 * 3600)
                .toString(QStringLiteral("yyyyMMddHHmmss"));
    };
    constexpr qint64 HalfDay = 12 * 3600;
    if (listQuery.from.isValid())
        query.addQueryItem(QStringLiteral("start_time"), serviceTime(listQuery.from, -HalfDay));
    if (listQuery.to.isValid())
        query.addQueryItem(QStringLiteral("end_time"), serviceTime(listQuery.to, HalfDay));
    if (!listQuery.model.isEmpty())
        query.addQueryItem(QStringLiteral("model_name"), listQuery.model);
    url.setQuery(query);
    qCDebug(lcApi).noquote() << "GET" << url.toDisplayString();
    job->start(m_network->get(makeRequest(url, apiKey)), m_totalDeadline);
    return job;
}
