#include "simulator/simulatorserver.h"

#include "domain/generationrequest.h"
#include "platform/logging.h"
#include "simulator/simulatedimage.h"

#include <QCryptographicHash>
#include <QFutureWatcher>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMessageAuthenticationCode>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

namespace {

constexpr int ChinaOffsetSeconds = 8 * 3600;
constexpr int PollsPerSecondLimit = 20; // GET /tasks/{id}, GET /tasks, cancel: each, per account
const QByteArray AccessKeyId = QByteArrayLiteral("LTAI5tSimulator");
const QByteArray BucketPrefix = QByteArrayLiteral("/dashscope-result-sim");

// The service's own spelling ("occured") is kept: clients may match on it.
const QString InternalErrorMessage
        = QStringLiteral("An internal error has occured, please try your request again later.");
const QString ContentPolicyMessage
        = QStringLiteral("Output data may contain inappropriate content.");

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray xmlEscaped(const QByteArray &text)
{
    return QString::fromUtf8(text).toHtmlEscaped().toUtf8();
}

QString statusName(TaskStatus status)
{
    switch (status) {
    case TaskStatus::Pending:
        return QStringLiteral("PENDING");
    case TaskStatus::Running:
        return QStringLiteral("RUNNING");
    case TaskStatus::Suspended:
        return QStringLiteral("SUSPENDED");
    case TaskStatus::Succeeded:
        return QStringLiteral("SUCCEEDED");
    case TaskStatus::Failed:
        return QStringLiteral("FAILED");
    case TaskStatus::Canceled:
        return QStringLiteral("CANCELED");
    case TaskStatus::Unknown:
    case TaskStatus::Other:
        break;
    }
    return QStringLiteral("UNKNOWN");
}

bool isFinal(TaskStatus status)
{
    return status == TaskStatus::Succeeded || status == TaskStatus::Failed
            || status == TaskStatus::Canceled;
}

QString regionCode(Region region)
{
    switch (region) {
    case Region::Singapore:
        return QStringLiteral("ap-southeast-1");
    case Region::Virginia:
        return QStringLiteral("us-east-1");
    case Region::Beijing:
        return QStringLiteral("cn-beijing");
    }
    return QStringLiteral("ap-southeast-1");
}

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QStringLiteral("GET");
    case QHttpServerRequest::Method::Post:
        return QStringLiteral("POST");
    case QHttpServerRequest::Method::Put:
        return QStringLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QStringLiteral("DELETE");
    case QHttpServerRequest::Method::Head:
        return QStringLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QStringLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QStringLiteral("PATCH");
    default:
        break;
    }
    return QStringLiteral("OTHER");
}

bool containsCjk(const QString &text)
{
    return std::any_of(text.begin(), text.end(),
                       [](QChar c) { return c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF; });
}

// What prompt_extend might make of a prompt: the prompt plus a few descriptive phrases, in its
// language, chosen by the seed (so the same request extends the same way).
QString extendedPrompt(const QString &prompt, qint64 seed)
{
    static const char *const english[] = {
        "soft golden-hour light",  "layered mountains fading into morning mist",
        "gentle colour gradients", "high detail",
        "cinematic composition",   "a calm, dreamy atmosphere",
        "subtle film grain",       "wide-angle view",
        "delicate rim lighting",   "harmonious colour palette",
    };
    static const char *const chinese[] = {
        "柔和的晨光",     "层叠的远山隐没在薄雾中", "细腻的色彩过渡", "高清细节",     "电影感构图",
        "宁静梦幻的氛围", "淡淡的胶片质感",         "广角视野",       "精致的轮廓光", "和谐的配色",
    };
    const bool cjk = containsCjk(prompt);
    const char *const *phrases = cjk ? chinese : english;
    constexpr int phraseCount = 10;
    QRandomGenerator random(quint32(seed) ^ 0x5eed5eedU);
    QList<int> picked;
    while (picked.size() < 3) {
        const int i = int(random.bounded(phraseCount));
        if (!picked.contains(i))
            picked.append(i);
    }
    QString result = prompt.trimmed();
    const QString separator = cjk ? QStringLiteral("，") : QStringLiteral(", ");
    for (int i : picked)
        result += separator + QString::fromUtf8(phrases[i]);
    return result + (cjk ? QStringLiteral("。") : QStringLiteral("."));
}

struct FaultInfo
{
    SimulatorServer::Fault fault;
    const char *name;
    const char *description;
};

const FaultInfo Faults[] = {
    { SimulatorServer::Fault::ThrottleCreate, "throttle-create",
      "the first N creates answer 429 Throttling.RateQuota" },
    { SimulatorServer::Fault::ServerErrorOnCreate, "server-error-on-create",
      "the first N creates make a task but answer 500 InternalError" },
    { SimulatorServer::Fault::ServerErrorOnPoll, "server-error-on-poll",
      "the first N polls of each task answer 500, then 503" },
    { SimulatorServer::Fault::GatewayHtmlOnPoll, "gateway-html-on-poll",
      "the first N polls of each task answer 502 with an HTML gateway page" },
    { SimulatorServer::Fault::MalformedJsonOnPoll, "malformed-json-on-poll",
      "the first N polls of each task answer 200 with cut-off JSON" },
    { SimulatorServer::Fault::ThrottlePoll, "throttle-poll",
      "the first N polls of each task answer 429 Throttling" },
    { SimulatorServer::Fault::ResetOnPoll, "reset-on-poll",
      "the first N polls of each task lose the connection mid-answer" },
    { SimulatorServer::Fault::UnusualStatus, "unusual-status",
      "the first N polls of each running task say SUSPENDED or an unknown status" },
    { SimulatorServer::Fault::ImageContentPolicy, "image-content-policy",
      "the last image of each task fails DataInspectionFailed (n = 1: the task fails)" },
    { SimulatorServer::Fault::FailTask, "fail-task",
      "every task ends FAILED with InternalError.Algo" },
    { SimulatorServer::Fault::ExpiredTask, "expired-task",
      "polls answer UNKNOWN, as for tasks older than 24 h" },
    { SimulatorServer::Fault::TruncatedDownload, "truncated-download",
      "the first N downloads of each image stop halfway and close the connection" },
    { SimulatorServer::Fault::ExpiredDownload, "expired-download",
      "downloads answer 403 AccessDenied: the URL has expired" },
    { SimulatorServer::Fault::SlowResponses, "slow-responses",
      "every answer is delayed (3 s unless set)" },
    { SimulatorServer::Fault::RateLimits, "rate-limits",
      "enforce the catalog's submit rate per model and 20 polls per second (429)" },
};

} // namespace

struct SimulatorServer::Request
{
    QString method;
    QString path; // decoded
    QByteArray query; // as received, percent-encoded
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const char *name) const
    {
        const QByteArray wanted(name);
        for (const auto &header : headers) {
            if (header.first.compare(wanted, Qt::CaseInsensitive) == 0)
                return header.second;
        }
        return {};
    }
    bool hasHeader(const char *name) const
    {
        const QByteArray wanted(name);
        return std::any_of(headers.begin(), headers.end(), [&wanted](const auto &header) {
            return header.first.compare(wanted, Qt::CaseInsensitive) == 0;
        });
    }
};

struct SimulatorServer::Reply
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    qint64 cutAfter
            = -1; // send only this much of the body (Content-Length stays whole), then close

    static Reply json(int status, const QJsonObject &object)
    {
        return { status, { { "Content-Type", "application/json" } }, compactJson(object), -1 };
    }
    // The API's error shape: {"request_id", "code", "message"} at top level.
    static Reply error(int status, const QString &code, const QString &message)
    {
        return json(status,
                    { { QLatin1String("request_id"), newId() },
                      { QLatin1String("code"), code },
                      { QLatin1String("message"), message } });
    }
    // OSS's error shape: XML, with its own request id header.
    static Reply ossError(int status, const QByteArray &code, const QByteArray &message,
                          const QList<QPair<QByteArray, QByteArray>> &extra = {})
    {
        const QByteArray requestId = QUuid::createUuid().toRfc4122().toHex().left(24).toUpper();
        QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n";
        xml += "  <Code>" + code + "</Code>\n";
        xml += "  <Message>" + xmlEscaped(message) + "</Message>\n";
        xml += "  <RequestId>" + requestId + "</RequestId>\n";
        xml += "  <HostId>127.0.0.1</HostId>\n";
        for (const auto &element : extra)
            xml += "  <" + element.first + ">" + xmlEscaped(element.second) + "</" + element.first
                    + ">\n";
        xml += "</Error>\n";
        return { status,
                 { { "Content-Type", "application/xml" },
                   { "Server", "AliyunOSS" },
                   { "x-oss-request-id", requestId } },
                 xml,
                 -1 };
    }
};

struct SimulatorServer::Task
{
    QString id;
    QString createRequestId;
    QString model;
    QString protocol; // "image-synthesis" or "image-generation"
    QString endpoint; // "services/aigc/text2image/image-synthesis"
    Region region = Region::Singapore;
    QString apiKeyId;
    QString prompt; // as sent
    QString renderedPrompt; // as used: truncated to the model's limit
    QString actualPrompt; // prompt_extend
    QSize size;
    int count = 1;
    qint64 seed = 0;
    bool promptExtend = true;
    bool watermark = false;
    QJsonObject body; // the create body as received

    qint64 submitMs = 0;
    qint64 scheduledMs = 0;
    qint64 endMs = 0;
    qint64 canceledMs = -1;

    bool fails = false;
    QString failCode;
    QString failMessage;
    int failedImage = -1; // content policy, one image of n
    QList<QByteArray> urls; // per image; empty for a failed image
    QList<QByteArray> queries;
    qint64 expires = 0;

    int polls = 0;
    int downloads = 0;
    qint64 firstDownloadMs = -1;
    QHash<int, int> truncations;

    qint64 terminalMs() const { return canceledMs >= 0 ? canceledMs : endMs; }
    int succeededImages() const { return count - (failedImage >= 0 ? 1 : 0); }
};

qint64 SimulatorServer::TaskStatistics::downloadDelayMs() const
{
    if (!terminal.isValid() || !firstDownloadStarted.isValid())
        return -1;
    return terminal.msecsTo(firstDownloadStarted);
}

QStringList SimulatorServer::faultNames()
{
    QStringList names;
    for (const FaultInfo &info : Faults)
        names << QString::fromLatin1(info.name);
    return names;
}

QString SimulatorServer::faultName(Fault fault)
{
    for (const FaultInfo &info : Faults) {
        if (info.fault == fault)
            return QString::fromLatin1(info.name);
    }
    return {};
}

QString SimulatorServer::faultDescription(Fault fault)
{
    for (const FaultInfo &info : Faults) {
        if (info.fault == fault)
            return QString::fromLatin1(info.description);
    }
    return {};
}

std::optional<SimulatorServer::Fault> SimulatorServer::faultFromName(const QString &name)
{
    // "server-error-on-poll", "server_error_on_poll" and "ServerErrorOnPoll" all match.
    const auto normalized
            = [](QString text) { return text.remove(u'-').remove(u'_').trimmed().toLower(); };
    const QString wanted = normalized(name);
    for (const FaultInfo &info : Faults) {
        if (normalized(QString::fromLatin1(info.name)) == wanted)
            return info.fault;
    }
    return std::nullopt;
}

SimulatorServer::SimulatorServer(const ModelCatalog &catalog, QObject *parent)
    : QObject(parent), m_catalog(catalog), m_http(new QHttpServer(this)),
      m_startUtc(QDateTime::currentDateTimeUtc())
{
    m_clock.start();
    m_signingSecret.resize(20);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(m_signingSecret.data()), 5);
    // KiB: ~60 full-size images. Evicted images are rendered again (same bytes); kept small
    // because benchmarks run the simulator in-process and measure the peak memory.
    m_pngCache.setMaxCost(48 * 1024);
    m_http->setMissingHandler(
            [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                handle(request, std::move(responder));
            });
}

SimulatorServer::~SimulatorServer() = default;

bool SimulatorServer::listen(quint16 port, QString *error)
{
    if (m_port != 0) {
        if (error)
            *error = tr("The simulator is already listening on port %1.").arg(m_port);
        return false;
    }
    auto *tcp = new QTcpServer(m_http);
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        if (error)
            *error = tr("Cannot listen on 127.0.0.1:%1: %2").arg(port).arg(tcp->errorString());
        delete tcp;
        return false;
    }
    m_http->bind(tcp); // void on Qt 6.4, bool on 6.8: the result is not needed
    m_port = tcp->serverPort();
    qCDebug(lcSimulator) << "listening on" << baseUrl().toString();
    return true;
}

bool SimulatorServer::isListening() const
{
    return m_port != 0;
}

quint16 SimulatorServer::serverPort() const
{
    return m_port;
}

QUrl SimulatorServer::baseUrl() const
{
    if (m_port == 0)
        return {};
    return QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1").arg(m_port));
}

void SimulatorServer::setLatency(std::chrono::milliseconds latency)
{
    m_latency = std::max(latency, std::chrono::milliseconds(0));
}

void SimulatorServer::setFaults(const QSet<Fault> &faults)
{
    m_faults = faults;
    m_throttledCreates = 0;
    m_failedCreates = 0;
    m_pollFaultsFired.clear();
    for (const auto &task : std::as_const(m_tasks))
        task->truncations.clear();
}

void SimulatorServer::addFault(Fault fault)
{
    QSet<Fault> faults = m_faults;
    faults.insert(fault);
    setFaults(faults);
}

void SimulatorServer::removeFault(Fault fault)
{
    m_faults.remove(fault);
}

void SimulatorServer::setFaultRepeat(int count)
{
    m_faultRepeat = std::max(0, count);
}

void SimulatorServer::setSlowResponseDelay(std::chrono::milliseconds delay)
{
    m_slowDelay = std::max(delay, std::chrono::milliseconds(0));
}

void SimulatorServer::setRequiredApiKey(const QString &key)
{
    m_requiredKey = key;
}

void SimulatorServer::setRegion(std::optional<Region> region)
{
    m_region = region;
}

void SimulatorServer::setResultUrlLifetime(std::chrono::seconds lifetime)
{
    m_urlLifetime = lifetime;
}

QList<SimulatorServer::TaskStatistics> SimulatorServer::taskStatistics() const
{
    QList<TaskStatistics> result;
    result.reserve(m_taskOrder.size());
    for (const QString &id : m_taskOrder)
        result.append(*taskStatistics(id));
    return result;
}

std::optional<SimulatorServer::TaskStatistics>
SimulatorServer::taskStatistics(const QString &taskId) const
{
    const auto it = m_tasks.constFind(taskId);
    if (it == m_tasks.constEnd())
        return std::nullopt;
    const Task &task = **it;
    TaskStatistics stats;
    stats.taskId = task.id;
    stats.model = task.model;
    stats.imageCount = task.count;
    stats.polls = task.polls;
    stats.downloads = task.downloads;
    stats.created = utcAt(task.submitMs);
    if (isFinal(statusAt(task, nowMs())))
        stats.terminal = utcAt(task.terminalMs());
    if (task.firstDownloadMs >= 0)
        stats.firstDownloadStarted = utcAt(task.firstDownloadMs);
    return stats;
}

void SimulatorServer::resetStatistics()
{
    m_stats = {};
    m_windows.clear();
    for (const auto &task : std::as_const(m_tasks)) {
        task->polls = 0;
        task->downloads = 0;
        task->firstDownloadMs = -1;
    }
}

TaskStatus SimulatorServer::taskStatus(const QString &taskId) const
{
    const auto it = m_tasks.constFind(taskId);
    return it == m_tasks.constEnd() ? TaskStatus::Unknown : statusAt(**it, nowMs());
}

QJsonObject SimulatorServer::taskRequestBody(const QString &taskId) const
{
    const auto it = m_tasks.constFind(taskId);
    return it == m_tasks.constEnd() ? QJsonObject() : (*it)->body;
}

// ---------------------------------------------------------------------------------------------
// Transport

void SimulatorServer::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // Copy what is needed: the request object dies with this call, answers may come later.
    Request rq;
    rq.method = methodName(request.method());
    rq.path = request.url().path();
    rq.query = request.url().query(QUrl::FullyEncoded).toUtf8();
    rq.headers = request.headers();
    rq.body = request.body();

    RequestKind kind = RequestKind::Other;
    QString argument;
    const QString api = QStringLiteral("/api/v1/");
    if (rq.path.startsWith(api)) {
        const QString rest = rq.path.mid(api.size());
        const QStringList parts = rest.split(u'/');
        if (rq.method == u"POST" && rest.startsWith(u"services/")) {
            kind = RequestKind::Create;
            argument = rest;
        } else if (rq.method == u"GET" && (rest == u"tasks" || rest == u"tasks/")) {
            kind = RequestKind::List;
        } else if (rq.method == u"GET" && parts.size() == 2 && parts[0] == u"tasks") {
            kind = RequestKind::Poll;
            argument = parts[1];
        } else if (rq.method == u"POST" && parts.size() == 3 && parts[0] == u"tasks"
                   && parts[2] == u"cancel") {
            kind = RequestKind::Cancel;
            argument = parts[1];
        }
    } else if (rq.method == u"GET" && rq.path.startsWith(u"/results/")) {
        kind = RequestKind::Download;
    }

    auto shared = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = shared->socket();
    const auto write = [shared, socket](const Reply &reply) {
        QTcpSocket *connection = socket.data();
        if (!connection || !connection->isOpen())
            return; // the client went away
        shared->writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
        for (const auto &header : reply.headers)
            shared->writeHeader(header.first, header.second);
        shared->writeHeader("Content-Length", QByteArray::number(reply.body.size()));
        if (reply.cutAfter >= 0) {
            shared->writeBody(reply.body.left(reply.cutAfter));
            connection->disconnectFromHost(); // after the buffered bytes are out
        } else {
            shared->writeBody(reply.body);
        }
    };
    const auto send = [this, write, kind, method = rq.method, path = rq.path](const Reply &reply) {
        if (reply.status >= 400)
            ++m_stats.errors;
        qCDebug(lcSimulator).noquote() << method << path << reply.status;
        emit requestHandled(kind, reply.status, method, path);
        if (m_faults.contains(Fault::SlowResponses) && m_slowDelay.count() > 0)
            QTimer::singleShot(m_slowDelay, this, [write, reply] { write(reply); });
        else
            write(reply);
    };

    switch (kind) {
    case RequestKind::Create:
        ++m_stats.creates;
        send(handleCreate(rq, argument));
        break;
    case RequestKind::Poll:
        ++m_stats.polls;
        send(handlePoll(rq, argument));
        break;
    case RequestKind::Cancel:
        ++m_stats.cancels;
        send(handleCancel(rq, argument));
        break;
    case RequestKind::List:
        ++m_stats.lists;
        send(handleList(rq));
        break;
    case RequestKind::Download:
        ++m_stats.downloads;
        if (std::optional<Reply> reply = handleDownload(rq, send))
            send(*reply);
        break;
    case RequestKind::Other:
        ++m_stats.other;
        if (rq.path.startsWith(api) || rq.path == u"/api/v1")
            send(Reply::error(400, QStringLiteral("InvalidParameter"),
                              QStringLiteral("url error, please check url!")));
        else
            send(Reply { 404, { { "Content-Type", "text/plain" } }, "Not Found\n", -1 });
        break;
    }
}

// ---------------------------------------------------------------------------------------------
// API

std::optional<SimulatorServer::Reply> SimulatorServer::checkApiKey(const Request &request) const
{
    const QByteArray authorization = request.header("Authorization").trimmed();
    const QString invalid = QStringLiteral("Invalid API-key provided.");
    if (authorization.isEmpty())
        return Reply::error(401, QStringLiteral("InvalidApiKey"),
                            QStringLiteral("No API-key provided."));
    if (!authorization.toLower().startsWith("bearer"))
        return Reply::error(401, QStringLiteral("InvalidApiKey"), invalid);
    const QString key = QString::fromUtf8(authorization.mid(6)).trimmed();
    if (key.isEmpty()) // "Bearer " with an unset $DASHSCOPE_API_KEY
        return Reply::error(401, QStringLiteral("InvalidApiKey"),
                            QStringLiteral("No API-key provided."));
    if (!m_requiredKey.isEmpty() && key != m_requiredKey)
        return Reply::error(401, QStringLiteral("InvalidApiKey"), invalid);
    return std::nullopt;
}

bool SimulatorServer::rateLimited(const QString &key, int perSecond)
{
    std::deque<qint64> &window = m_windows[key];
    const qint64 now = nowMs();
    while (!window.empty() && window.front() <= now - 1000)
        window.pop_front();
    if (int(window.size()) >= perSecond)
        return true;
    window.push_back(now);
    return false;
}

SimulatorServer::Reply SimulatorServer::handleCreate(const Request &request,
                                                     const QString &endpoint)
{
    const QString invalidParameter = QStringLiteral("InvalidParameter");
    if (std::optional<Reply> denied = checkApiKey(request))
        return *denied;

    bool knownEndpoint = false;
    for (const ModelInfo &model : m_catalog.models())
        knownEndpoint = knownEndpoint || model.path == endpoint;
    if (!knownEndpoint)
        return Reply::error(400, invalidParameter, QStringLiteral("url error, please check url!"));

    if (request.header("X-DashScope-Async").trimmed().compare("enable", Qt::CaseInsensitive) != 0) {
        return Reply::error(403, QStringLiteral("AccessDenied"),
                            QStringLiteral("current user api does not support synchronous calls"));
    }

    if (m_faults.contains(Fault::ThrottleCreate) && m_throttledCreates < m_faultRepeat) {
        ++m_throttledCreates;
        return Reply::error(
                429, QStringLiteral("Throttling.RateQuota"),
                QStringLiteral("Requests rate limit exceeded, please try again later."));
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return Reply::error(
                400, invalidParameter,
                QStringLiteral("Required body invalid, please check the request body format."));
    }
    const QJsonObject body = document.object();

    const QString modelName = body.value(QLatin1String("model")).toString();
    if (modelName.isEmpty()) {
        return Reply::error(400, QStringLiteral("BadRequest.EmptyModel"),
                            QStringLiteral("Required parameter \"model\" missing from request."));
    }
    const ModelInfo info = m_catalog.model(modelName);
    if (!info.isValid() || info.kind != u"text-to-image"
        || (m_region && !info.availableIn(*m_region)))
        return Reply::error(400, invalidParameter, QStringLiteral("Model not exist."));
    if (info.path != endpoint)
        return Reply::error(400, invalidParameter, QStringLiteral("url error, please check url!"));
    const Region region
            = m_region.value_or(info.regions.isEmpty() ? Region::Singapore : info.regions.first());

    if (m_faults.contains(Fault::RateLimits)
        && rateLimited(QStringLiteral("create:") + info.name,
                       std::max(1, int(std::ceil(info.submitRps))))) {
        return Reply::error(
                429, QStringLiteral("Throttling.RateQuota"),
                QStringLiteral("Requests rate limit exceeded, please try again later."));
    }

    const QJsonValue inputValue = body.value(QLatin1String("input"));
    if (!inputValue.isObject()) {
        return Reply::error(400, QStringLiteral("BadRequest.EmptyInput"),
                            QStringLiteral("Required input parameter missing from request."));
    }
    const QJsonObject input = inputValue.toObject();
    const QJsonValue parametersValue = body.value(QLatin1String("parameters"));
    if (!parametersValue.isUndefined() && !parametersValue.isObject())
        return Reply::error(400, invalidParameter, QStringLiteral("parameters must be an object."));
    const QJsonObject parameters = parametersValue.toObject();

    // The prompt: input.prompt, or the one text item of the one user message (wan2.6).
    QJsonValue promptValue;
    QJsonValue negativeValue;
    if (info.protocol == u"image-generation") {
        const QJsonArray messages = input.value(QLatin1String("messages")).toArray();
        if (messages.size() != 1
            || messages.first().toObject().value(QLatin1String("role")).toString() != u"user") {
            return Reply::error(
                    400, invalidParameter,
                    QStringLiteral(
                            "input.messages must hold exactly one message with role \"user\"."));
        }
        const QJsonArray content
                = messages.first().toObject().value(QLatin1String("content")).toArray();
        int textItems = 0;
        for (const QJsonValue &item : content) {
            const QJsonObject object = item.toObject();
            if (object.contains(QLatin1String("text"))) {
                ++textItems;
                promptValue = object.value(QLatin1String("text"));
            } else {
                return Reply::error(
                        400, invalidParameter,
                        QStringLiteral("Only text content is supported by %1.").arg(info.name));
            }
        }
        if (textItems != 1) {
            return Reply::error(
                    400, invalidParameter,
                    QStringLiteral(
                            "Exactly one text item is allowed in input.messages[0].content."));
        }
        negativeValue = parameters.value(QLatin1String("negative_prompt"));
    } else {
        promptValue = input.value(QLatin1String("prompt"));
        negativeValue = input.value(QLatin1String("negative_prompt"));
    }
    if (!promptValue.isString() || promptValue.toString().trimmed().isEmpty())
        return Reply::error(400, invalidParameter, QStringLiteral("Field required: input.prompt"));
    if (!negativeValue.isUndefined() && !negativeValue.isNull() && !negativeValue.isString())
        return Reply::error(400, invalidParameter,
                            QStringLiteral("negative_prompt must be a string."));

    // Parameters, type by type, as the service checks them.
    const auto integer = [&parameters](const char *name, std::optional<qint64> *out) {
        const QJsonValue value = parameters.value(QLatin1String(name));
        if (value.isUndefined())
            return true;
        const double number = value.toDouble(std::nan(""));
        if (!value.isDouble() || std::floor(number) != number || std::abs(number) > 9.0e15)
            return false;
        *out = qint64(number);
        return true;
    };
    const auto boolean = [&parameters](const char *name, bool fallback, bool *out) {
        const QJsonValue value = parameters.value(QLatin1String(name));
        if (value.isUndefined()) {
            *out = fallback;
            return true;
        }
        *out = value.toBool();
        return value.isBool();
    };

    QSize size = info.defaultSize;
    const QJsonValue sizeValue = parameters.value(QLatin1String("size"));
    if (!sizeValue.isUndefined()) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})\\*(\\d{1,5})$"));
        const QRegularExpressionMatch match = pattern.match(sizeValue.toString());
        if (!sizeValue.isString() || !match.hasMatch()) {
            return Reply::error(
                    400, invalidParameter,
                    QStringLiteral("The size is not match the format width*height, e.g. \"%1\".")
                            .arg(GenerationRequest::sizeToString(info.defaultSize)));
        }
        size = QSize(match.captured(1).toInt(), match.captured(2).toInt());
        const QString problem = info.sizeRule.problem(size, info.name);
        if (!problem.isEmpty())
            return Reply::error(400, invalidParameter, problem);
    }

    std::optional<qint64> count;
    std::optional<qint64> seed;
    if (!integer("n", &count))
        return Reply::error(400, invalidParameter,
                            QStringLiteral("parameters.n must be an integer."));
    if (!integer("seed", &seed))
        return Reply::error(400, invalidParameter,
                            QStringLiteral("parameters.seed must be an integer."));
    bool promptExtend = true;
    bool watermark = false;
    if (!boolean("prompt_extend", info.promptExtendDefault, &promptExtend))
        return Reply::error(400, invalidParameter,
                            QStringLiteral("parameters.prompt_extend must be a boolean."));
    if (!boolean("watermark", false, &watermark))
        return Reply::error(400, invalidParameter,
                            QStringLiteral("parameters.watermark must be a boolean."));

    GenerationRequest checked;
    checked.model = info.name;
    checked.prompt = promptValue.toString();
    checked.negativePrompt = negativeValue.toString();
    checked.size = size;
    // Like the service: n defaults to 4 (within the model's range), the seed to a random one.
    checked.count = count ? int(std::clamp<qint64>(*count, -1, 1000000))
                          : std::clamp(4, info.minCount, std::max(info.minCount, info.maxCount));
    checked.seed = seed ? *seed : qint64(QRandomGenerator::global()->bounded(quint64(MaxSeed) + 1));
    checked.promptExtend = promptExtend && info.supportsPromptExtend;
    checked.watermark = watermark && info.supportsWatermark;
    // The catalog's rules, exactly as the client applies them; over-long prompts are not
    // errors (the service truncates them) and the model/size were checked above.
    for (const ValidationIssue &issue : checked.validate(m_catalog, region)) {
        if (issue.field == u"n" || issue.field == u"seed")
            return Reply::error(400, invalidParameter, issue.message);
    }

    // Accepted: make the task. Its fate is fixed now, from the faults set at this moment.
    auto task = std::make_shared<Task>();
    task->id = newId();
    task->createRequestId = newId();
    task->model = info.name;
    task->protocol = info.protocol;
    task->endpoint = endpoint;
    task->region = region;
    task->apiKeyId = QString::number(
            QCryptographicHash::hash(request.header("Authorization"), QCryptographicHash::Sha256)
                            .left(3)
                            .toHex()
                            .toUInt(nullptr, 16)
                    % 900000
            + 100000);
    task->prompt = checked.prompt;
    task->renderedPrompt
            = info.promptMaxChars > 0 ? checked.prompt.left(info.promptMaxChars) : checked.prompt;
    task->size = size;
    task->count = checked.count;
    task->seed = *checked.seed;
    task->promptExtend = checked.promptExtend;
    task->watermark = checked.watermark;
    task->body = body;
    if (task->promptExtend && info.protocol != u"image-generation")
        task->actualPrompt = extendedPrompt(task->renderedPrompt, task->seed);

    const qint64 now = nowMs();
    const qint64 latency = m_latency.count();
    task->submitMs = now;
    task->scheduledMs = now + latency / 4;
    task->endMs = now + latency;

    if (m_faults.contains(Fault::FailTask)) {
        task->fails = true;
        task->failCode = QStringLiteral("InternalError.Algo");
        task->failMessage = QStringLiteral("An internal error has occured during algorithm "
                                           "execution, please try again later.");
    } else if (m_faults.contains(Fault::ImageContentPolicy)) {
        if (task->count == 1) {
            task->fails = true;
            task->failCode = QStringLiteral("DataInspectionFailed");
            task->failMessage = ContentPolicyMessage;
        } else {
            task->failedImage = task->count - 1;
        }
    }

    if (!task->fails) {
        const QDateTime end = utcAt(task->endMs);
        task->expires = end.addSecs(m_urlLifetime.count()).toSecsSinceEpoch();
        const QString day
                = end.toOffsetFromUtc(ChinaOffsetSeconds).toString(QStringLiteral("yyyyMMdd"));
        for (int i = 0; i < task->count; ++i) {
            if (i == task->failedImage) {
                task->urls.append(QByteArray());
                task->queries.append(QByteArray());
                continue;
            }
            const QString path
                    = QStringLiteral("/results/%1/%2-%3.png").arg(day, task->id).arg(i + 1);
            const QByteArray query = signedQuery(path, task->expires);
            task->queries.append(query);
            task->urls.append("http://127.0.0.1:" + QByteArray::number(m_port) + path.toUtf8() + '?'
                              + query);
        }
    }

    m_tasks.insert(task->id, task);
    m_taskOrder.append(task->id);
    int active = 0;
    for (const auto &other : std::as_const(m_tasks))
        active += isFinal(statusAt(*other, now)) ? 0 : 1;
    m_stats.peakActiveTasks = std::max(m_stats.peakActiveTasks, active);
    qCDebug(lcSimulator) << "created" << task->id << task->model << task->size << "n" << task->count
                         << "seed" << task->seed;
    emit taskCreated(task->id);

    if (m_faults.contains(Fault::ServerErrorOnCreate) && m_failedCreates < m_faultRepeat) {
        ++m_failedCreates; // the task exists, and would be billed: the client must not repeat the
                           // create
        return Reply::error(500, QStringLiteral("InternalError"), InternalErrorMessage);
    }

    return Reply::json(
            200,
            { { QLatin1String("output"),
                QJsonObject { { QLatin1String("task_status"), QStringLiteral("PENDING") },
                              { QLatin1String("task_id"), task->id } } },
              { QLatin1String("request_id"), task->createRequestId } });
}

SimulatorServer::Reply SimulatorServer::handlePoll(const Request &request, const QString &taskId)
{
    const qint64 now = nowMs();
    std::deque<qint64> &peak = m_windows[QStringLiteral("peak:poll")];
    while (!peak.empty() && peak.front() <= now - 1000)
        peak.pop_front();
    peak.push_back(now);
    m_stats.peakPollsPerSecond = std::max(m_stats.peakPollsPerSecond, int(peak.size()));

    if (std::optional<Reply> denied = checkApiKey(request))
        return *denied;
    if (m_faults.contains(Fault::RateLimits)
        && rateLimited(QStringLiteral("poll"), PollsPerSecondLimit))
        return Reply::error(429, QStringLiteral("Throttling"),
                            QStringLiteral("Requests throttling triggered."));

    const std::shared_ptr<Task> task = m_tasks.value(taskId);
    if (task)
        ++task->polls;
    const bool expired = !task || m_faults.contains(Fault::ExpiredTask);
    const TaskStatus status = expired ? TaskStatus::Unknown : statusAt(*task, now);
    const auto unknownBody = [&taskId] {
        return compactJson({ { QLatin1String("request_id"), newId() },
                             { QLatin1String("output"),
                               QJsonObject { { QLatin1String("task_id"), taskId },
                                             { QLatin1String("task_status"),
                                               QStringLiteral("UNKNOWN") } } } });
    };
    const auto body = [&]() {
        return expired ? unknownBody() : taskBody(*task, status, statusName(status));
    };

    // Poll faults take turns, each firing faultRepeat() times per task.
    QList<Fault> active;
    for (Fault fault : { Fault::ThrottlePoll, Fault::ServerErrorOnPoll, Fault::GatewayHtmlOnPoll,
                         Fault::MalformedJsonOnPoll, Fault::ResetOnPoll, Fault::UnusualStatus }) {
        if (!m_faults.contains(fault))
            continue;
        if (fault == Fault::UnusualStatus && (expired || isFinal(status)))
            continue;
        active.append(fault);
    }
    int &fired = m_pollFaultsFired[taskId];
    if (!active.isEmpty() && fired < m_faultRepeat * int(active.size())) {
        const Fault fault = active.at(fired % int(active.size()));
        const int round = fired / int(active.size());
        ++fired;
        switch (fault) {
        case Fault::ThrottlePoll:
            return Reply::error(429, QStringLiteral("Throttling"),
                                QStringLiteral("Requests throttling triggered."));
        case Fault::ServerErrorOnPoll:
            if (round % 2 == 0)
                return Reply::error(500, QStringLiteral("InternalError"), InternalErrorMessage);
            return Reply::error(503, QStringLiteral("ModelUnavailable"),
                                QStringLiteral("Model is unavailable, please try again later."));
        case Fault::GatewayHtmlOnPoll:
            return { 502,
                     { { "Content-Type", "text/html" }, { "Server", "Tengine" } },
                     "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                     "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n"
                     "</body>\r\n</html>\r\n",
                     -1 };
        case Fault::MalformedJsonOnPoll: {
            const QByteArray whole = body();
            return {
                200, { { "Content-Type", "application/json" } }, whole.left(whole.size() / 2), -1
            };
        }
        case Fault::ResetOnPoll: {
            const QByteArray whole = body();
            return { 200, { { "Content-Type", "application/json" } }, whole, whole.size() / 2 };
        }
        case Fault::UnusualStatus:
            return { 200,
                     { { "Content-Type", "application/json" } },
                     taskBody(*task, status,
                              round % 2 == 0 ? QStringLiteral("SUSPENDED")
                                             : QStringLiteral("PREPARING")),
                     -1 };
        default:
            break;
        }
    }

    if (status == TaskStatus::Succeeded)
        prefetchImages(*task);
    return { 200, { { "Content-Type", "application/json" } }, body(), -1 };
}

QByteArray SimulatorServer::taskBody(const Task &task, TaskStatus status,
                                     const QString &shownStatus) const
{
    const qint64 now = nowMs();
    QJsonObject output { { QLatin1String("task_id"), task.id },
                         { QLatin1String("task_status"), shownStatus },
                         { QLatin1String("submit_time"), wireTime(task.submitMs) } };
    if (now >= task.scheduledMs && (task.canceledMs < 0 || task.canceledMs >= task.scheduledMs))
        output.insert(QLatin1String("scheduled_time"), wireTime(task.scheduledMs));
    if (isFinal(status))
        output.insert(QLatin1String("end_time"), wireTime(task.terminalMs()));

    QJsonObject usage;
    if (status == TaskStatus::Failed) {
        output.insert(QLatin1String("code"), task.failCode);
        output.insert(QLatin1String("message"), task.failMessage);
    } else if (status == TaskStatus::Succeeded) {
        const int succeeded = task.succeededImages();
        if (task.protocol == u"image-generation") {
            // wan2.6: choices[].message.content[].image; no results[], no task_metrics.
            QJsonArray choices;
            for (int i = 0; i < task.count; ++i) {
                if (i == task.failedImage)
                    continue;
                const QJsonObject image { { QLatin1String("image"),
                                            QString::fromUtf8(task.urls.at(i)) },
                                          { QLatin1String("type"), QStringLiteral("image") } };
                choices.append(QJsonObject {
                        { QLatin1String("finish_reason"), QStringLiteral("stop") },
                        { QLatin1String("message"),
                          QJsonObject { { QLatin1String("role"), QStringLiteral("assistant") },
                                        { QLatin1String("content"), QJsonArray { image } } } } });
            }
            output.insert(QLatin1String("choices"), choices);
            output.insert(QLatin1String("finished"), true);
            usage = { { QLatin1String("image_count"), succeeded },
                      { QLatin1String("size"), GenerationRequest::sizeToString(task.size) },
                      { QLatin1String("input_tokens"), 0 },
                      { QLatin1String("output_tokens"), 0 },
                      { QLatin1String("total_tokens"), 0 } };
        } else {
            QJsonArray results;
            for (int i = 0; i < task.count; ++i) {
                if (i == task.failedImage) {
                    results.append(QJsonObject {
                            { QLatin1String("code"), QStringLiteral("DataInspectionFailed") },
                            { QLatin1String("message"), ContentPolicyMessage } });
                    continue;
                }
                QJsonObject result { { QLatin1String("url"), QString::fromUtf8(task.urls.at(i)) },
                                     { QLatin1String("orig_prompt"), task.prompt } };
                if (task.promptExtend)
                    result.insert(QLatin1String("actual_prompt"), task.actualPrompt);
                results.append(result);
            }
            output.insert(QLatin1String("results"), results);
            output.insert(QLatin1String("task_metrics"),
                          QJsonObject { { QLatin1String("TOTAL"), task.count },
                                        { QLatin1String("SUCCEEDED"), succeeded },
                                        { QLatin1String("FAILED"), task.count - succeeded } });
            usage = { { QLatin1String("image_count"), succeeded } };
        }
    }

    QJsonObject answer { { QLatin1String("request_id"), newId() },
                         { QLatin1String("output"), output } };
    if (!usage.isEmpty())
        answer.insert(QLatin1String("usage"), usage);
    return compactJson(answer);
}

SimulatorServer::Reply SimulatorServer::handleCancel(const Request &request, const QString &taskId)
{
    if (std::optional<Reply> denied = checkApiKey(request))
        return *denied;
    if (m_faults.contains(Fault::RateLimits)
        && rateLimited(QStringLiteral("cancel"), PollsPerSecondLimit))
        return Reply::error(429, QStringLiteral("Throttling"),
                            QStringLiteral("Requests throttling triggered."));
    const std::shared_ptr<Task> task = m_tasks.value(taskId);
    const qint64 now = nowMs();
    if (!task || statusAt(*task, now) != TaskStatus::Pending) {
        return Reply::error(400, QStringLiteral("UnsupportedOperation"),
                            QStringLiteral("Failed to cancel the task, please confirm if the task "
                                           "is in PENDING status."));
    }
    task->canceledMs = now;
    qCDebug(lcSimulator) << "canceled" << task->id;
    return Reply::json(200, { { QLatin1String("request_id"), newId() } });
}

SimulatorServer::Reply SimulatorServer::handleList(const Request &request)
{
    const QString invalidParameter = QStringLiteral("InvalidParameter");
    if (std::optional<Reply> denied = checkApiKey(request))
        return *denied;
    if (m_faults.contains(Fault::RateLimits)
        && rateLimited(QStringLiteral("list"), PollsPerSecondLimit))
        return Reply::error(429, QStringLiteral("Throttling"),
                            QStringLiteral("Requests throttling triggered."));

    const QUrlQuery query(QString::fromUtf8(request.query));
    const auto value = [&query](const char *name) {
        return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    const auto positive = [&value](const char *name, int fallback, int maximum, int *out) {
        const QString text = value(name);
        if (text.isEmpty()) {
            *out = fallback;
            return true;
        }
        bool ok = false;
        *out = text.toInt(&ok);
        return ok && *out >= 1 && *out <= maximum;
    };
    int pageNo = 1;
    int pageSize = 10;
    if (!positive("page_no", 1, 1000000, &pageNo))
        return Reply::error(400, invalidParameter,
                            QStringLiteral("page_no must be a positive integer."));
    if (!positive("page_size", 10, 100, &pageSize))
        return Reply::error(400, invalidParameter,
                            QStringLiteral("page_size must be an integer from 1 to 100."));

    // start_time / end_time: YYYYMMDDhhmmss, in the service's time zone.
    const auto time = [&value](const char *name, QDateTime *out) {
        const QString text = value(name);
        if (text.isEmpty())
            return true;
        QDateTime parsed = QDateTime::fromString(text, QStringLiteral("yyyyMMddHHmmss"));
        if (!parsed.isValid())
            return false;
        parsed.setOffsetFromUtc(ChinaOffsetSeconds);
        *out = parsed;
        return true;
    };
    QDateTime from;
    QDateTime to;
    if (!time("start_time", &from) || !time("end_time", &to))
        return Reply::error(400, invalidParameter,
                            QStringLiteral("start_time and end_time must be YYYYMMDDhhmmss."));
    const QString statusFilter = value("status").toUpper();
    const QString modelFilter = value("model_name");

    const qint64 now = nowMs();
    QJsonArray matching;
    for (auto it = m_taskOrder.crbegin(); it != m_taskOrder.crend(); ++it) { // newest first
        const Task &task = *m_tasks.value(*it);
        const TaskStatus status = statusAt(task, now);
        const QDateTime created = utcAt(task.submitMs);
        if (!statusFilter.isEmpty() && statusName(status) != statusFilter)
            continue;
        if (!modelFilter.isEmpty() && task.model != modelFilter)
            continue;
        if ((from.isValid() && created < from) || (to.isValid() && created > to))
            continue;
        QString uniqueKey = task.endpoint;
        uniqueKey.remove(QStringLiteral("services/")).replace(u'/', u':');
        QJsonObject entry { { QLatin1String("api_key_id"), task.apiKeyId },
                            { QLatin1String("caller_parent_id"),
                              QStringLiteral("5551234567890123") },
                            { QLatin1String("caller_uid"), QStringLiteral("5551234567890123") },
                            { QLatin1String("gmt_create"), created.toMSecsSinceEpoch() },
                            { QLatin1String("model_name"), task.model },
                            { QLatin1String("region"), regionCode(task.region) },
                            { QLatin1String("request_id"), task.createRequestId },
                            { QLatin1String("status"), statusName(status) },
                            { QLatin1String("task_id"), task.id },
                            { QLatin1String("user_api_unique_key"),
                              QStringLiteral("apikey:v1:%1:%2").arg(uniqueKey, task.model) } };
        if (now >= task.scheduledMs && (task.canceledMs < 0 || task.canceledMs >= task.scheduledMs))
            entry.insert(QLatin1String("start_time"), utcAt(task.scheduledMs).toMSecsSinceEpoch());
        if (isFinal(status))
            entry.insert(QLatin1String("end_time"), utcAt(task.terminalMs()).toMSecsSinceEpoch());
        matching.append(entry);
    }

    const int total = int(matching.size());
    QJsonArray page;
    for (int i = (pageNo - 1) * pageSize; i < std::min(total, pageNo * pageSize) && i >= 0; ++i)
        page.append(matching.at(i));
    return Reply::json(200,
                       { { QLatin1String("total"), total },
                         { QLatin1String("data"), page },
                         { QLatin1String("total_page"), (total + pageSize - 1) / pageSize },
                         { QLatin1String("page_no"), pageNo },
                         { QLatin1String("page_size"), pageSize },
                         { QLatin1String("request_id"), newId() } });
}

// ---------------------------------------------------------------------------------------------
// Result files (OSS)

QByteArray SimulatorServer::signedQuery(const QString &path, qint64 expires) const
{
    // As OSS signs a GET URL: HMAC-SHA1 over verb, (empty) MD5 and type, expiry and resource.
    const QByteArray stringToSign
            = "GET\n\n\n" + QByteArray::number(expires) + '\n' + BucketPrefix + path.toUtf8();
    const QByteArray signature = QMessageAuthenticationCode::hash(stringToSign, m_signingSecret,
                                                                  QCryptographicHash::Sha1)
                                         .toBase64();
    // Percent-encoded like the real URLs: + / = become %2B %2F %3D.
    return "Expires=" + QByteArray::number(expires) + "&OSSAccessKeyId=" + AccessKeyId
            + "&Signature=" + signature.toPercentEncoding();
}

std::optional<SimulatorServer::Reply>
SimulatorServer::handleDownload(const Request &request,
                                const std::function<void(const Reply &)> &send)
{
    // /results/<yyyyMMdd>/<task id>-<k>.png
    const QStringList parts = request.path.split(u'/', Qt::SkipEmptyParts);
    QString taskId;
    int index = -1;
    if (parts.size() == 3 && parts[2].endsWith(u".png")) {
        const QString name = parts[2].chopped(4);
        const qsizetype dash = name.lastIndexOf(u'-');
        bool ok = false;
        index = dash > 0 ? name.mid(dash + 1).toInt(&ok) - 1 : -1;
        taskId = dash > 0 ? name.left(dash) : QString();
        if (!ok)
            index = -1;
    }
    const std::shared_ptr<Task> task = m_tasks.value(taskId);
    const qint64 now = nowMs();
    if (!task || index < 0 || index >= task->urls.size() || task->urls.at(index).isEmpty()
        || statusAt(*task, now) != TaskStatus::Succeeded) {
        return Reply::ossError(404, "NoSuchKey", "The specified key does not exist.",
                               { { "Key", request.path.mid(1).toUtf8() } });
    }
    ++task->downloads;
    if (task->firstDownloadMs < 0)
        task->firstDownloadMs = now;

    if (request.hasHeader("Authorization")) {
        return Reply::ossError(
                400, "InvalidArgument",
                "Authorization header is invalid: a request may carry the Authorization header "
                "or a signature in the query string, not both.");
    }
    const QUrlQuery received(QString::fromUtf8(request.query));
    if (!received.hasQueryItem(QStringLiteral("Signature"))
        || !received.hasQueryItem(QStringLiteral("Expires"))) {
        return Reply::ossError(403, "AccessDenied",
                               "You have no right to access this object because of bucket acl.");
    }
    const qint64 nowSeconds = utcAt(now).toSecsSinceEpoch();
    const qint64 expires = received.queryItemValue(QStringLiteral("Expires")).toLongLong();
    if (m_faults.contains(Fault::ExpiredDownload) || nowSeconds > expires) {
        const auto iso = [](qint64 seconds) {
            return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate).toUtf8();
        };
        return Reply::ossError(403, "AccessDenied", "Request has expired.",
                               { { "Expires", iso(expires) }, { "ServerTime", iso(nowSeconds) } });
    }
    if (request.query != task->queries.at(index)) {
        // Byte-exact, as the signature is checked: a decoded or re-encoded URL does not match.
        const QByteArray provided = QByteArray::fromPercentEncoding(
                received.queryItemValue(QStringLiteral("Signature"), QUrl::FullyEncoded).toUtf8());
        return Reply::ossError(
                403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. "
                "Check your key and signing method.",
                { { "OSSAccessKeyId", AccessKeyId }, { "SignatureProvided", provided } });
    }

    int &truncations = task->truncations[index];
    const bool truncate
            = m_faults.contains(Fault::TruncatedDownload) && truncations < m_faultRepeat;
    if (truncate)
        ++truncations;
    const QDateTime end = utcAt(task->endMs);
    withImage(task->id, index, [send, truncate, end](const QByteArray &png) {
        if (png.isEmpty()) {
            send(Reply::ossError(500, "InternalError",
                                 "We encountered an internal error. Please try again."));
            return;
        }
        const QByteArray etag = '"'
                + QCryptographicHash::hash(png, QCryptographicHash::Md5).toHex().toUpper() + '"';
        send({ 200,
               { { "Content-Type", "image/png" },
                 { "Server", "AliyunOSS" },
                 { "Accept-Ranges", "bytes" },
                 { "ETag", etag },
                 { "Last-Modified",
                   QLocale::c()
                           .toString(end, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                           .toUtf8() },
                 { "x-oss-object-type", "Normal" },
                 { "x-oss-request-id",
                   QUuid::createUuid().toRfc4122().toHex().left(24).toUpper() } },
               png,
               truncate ? png.size() / 2 : -1 });
    });
    return std::nullopt;
}

void SimulatorServer::prefetchImages(const Task &task)
{
    // A task just seen SUCCEEDED will be downloaded next: start rendering now.
    for (int i = 0; i < task.count; ++i) {
        if (i != task.failedImage)
            withImage(task.id, i, [](const QByteArray &) {});
    }
}

void SimulatorServer::withImage(const QString &taskId, int index,
                                std::function<void(const QByteArray &)> use)
{
    const QString key = taskId + u'/' + QString::number(index);
    if (const QByteArray *png = m_pngCache.object(key)) {
        use(*png);
        return;
    }
    QList<std::function<void(const QByteArray &)>> &waiting = m_waitingForImage[key];
    waiting.append(std::move(use));
    if (waiting.size() > 1)
        return; // already rendering

    const Task &task = *m_tasks.value(taskId);
    const SimulatedImage image { task.renderedPrompt, task.seed + index, task.size,
                                 task.watermark };
    auto *watcher = new QFutureWatcher<QByteArray>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, key] {
        const QByteArray png = watcher->result();
        watcher->deleteLater();
        if (!png.isEmpty())
            m_pngCache.insert(key, new QByteArray(png), std::max<qsizetype>(1, png.size() / 1024));
        const QList<std::function<void(const QByteArray &)>> callbacks
                = m_waitingForImage.take(key);
        for (const auto &callback : callbacks)
            callback(png);
    });
    watcher->setFuture(QtConcurrent::run([image] { return image.toPng(); }));
}

// ---------------------------------------------------------------------------------------------
// Time

TaskStatus SimulatorServer::statusAt(const Task &task, qint64 atMs) const
{
    if (task.canceledMs >= 0 && atMs >= task.canceledMs)
        return TaskStatus::Canceled;
    if (atMs < task.scheduledMs)
        return TaskStatus::Pending;
    if (atMs < task.endMs)
        return TaskStatus::Running;
    return task.fails ? TaskStatus::Failed : TaskStatus::Succeeded;
}

QDateTime SimulatorServer::utcAt(qint64 ms) const
{
    return m_startUtc.addMSecs(ms);
}

QString SimulatorServer::wireTime(qint64 ms) const
{
    return utcAt(ms)
            .toOffsetFromUtc(ChinaOffsetSeconds)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}
