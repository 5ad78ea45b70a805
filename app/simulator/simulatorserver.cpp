#include "simulator/simulatorserver.h"

#include "platform/logging.h"
#include "simulator/simulatorfaultplan.h"
#include "simulator/simulatorhttp.h"
#include "simulator/simulatorresulthost.h"
#include "simulator/simulatortaskstore.h"
#include "simulator/simulatoruploadhost.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <cmath>

namespace {

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

} // namespace

qint64 SimulatorServer::TaskStatistics::downloadDelayMs() const
{
    if (!terminal.isValid() || !firstDownloadStarted.isValid())
        return -1;
    return terminal.msecsTo(firstDownloadStarted);
}

QStringList SimulatorServer::faultNames()
{
    return SimulatorFaultPlan::names();
}

QString SimulatorServer::faultName(Fault fault)
{
    return SimulatorFaultPlan::name(fault);
}

QString SimulatorServer::faultDescription(Fault fault)
{
    return SimulatorFaultPlan::description(fault);
}

std::optional<SimulatorServer::Fault> SimulatorServer::faultFromName(const QString &name)
{
    return SimulatorFaultPlan::fromName(name);
}

SimulatorServer::SimulatorServer(const ModelCatalog &catalog, QObject *parent)
    : QObject(parent), m_catalog(catalog), m_http(new QHttpServer(this)),
      m_store(std::make_unique<SimulatorTaskStore>()),
      m_faults(std::make_unique<SimulatorFaultPlan>()),
      m_results(std::make_unique<SimulatorResultHost>(m_store.get(), m_faults.get())),
      m_uploads(std::make_unique<SimulatorUploadHost>(catalog))
{
    m_http->setMissingHandler(
            [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                handle(request, std::move(responder));
            });
}

SimulatorServer::~SimulatorServer()
{
    // Connections (and the answers still streaming on them) go before the parts they use.
    delete m_http;
    m_http = nullptr;
}

std::optional<QByteArray> SimulatorServer::uploadedFile(const QString &ossUrl,
                                                        const QString &model) const
{
    return m_uploads->resolve(ossUrl, model);
}

int SimulatorServer::uploadedFileCount() const
{
    return m_uploads->uploadCount();
}

void SimulatorServer::setUploadPolicyLifetime(std::chrono::seconds lifetime)
{
    m_uploads->setPolicyLifetime(lifetime);
}

void SimulatorServer::setUploadClock(std::function<QDateTime()> nowUtc)
{
    m_uploads->setClock(std::move(nowUtc));
}

ApiError SimulatorServer::listen(quint16 port)
{
    if (m_port != 0) {
        return ApiError::make(ApiError::Kind::Network,
                              tr("The simulator is already listening on port %1.").arg(m_port));
    }
    auto *tcp = new QTcpServer(m_http);
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        const ApiError error = ApiError::make(
                ApiError::Kind::Network,
                tr("Cannot listen on 127.0.0.1:%1: %2").arg(port).arg(tcp->errorString()));
        delete tcp;
        return error;
    }
    m_http->bind(tcp); // void on Qt 6.4, bool on 6.8: the result is not needed
    m_port = tcp->serverPort();
    m_results->setPort(m_port);
    m_uploads->setPort(m_port);
    qCDebug(lcSimulator) << "listening on" << baseUrl().toString();
    return {};
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

void SimulatorServer::setLatencySampler(LatencySampler sampler)
{
    m_latencySampler = std::move(sampler);
}

SimulatorServer::LatencySampler
SimulatorServer::seededLatency(quint32 seed, std::chrono::milliseconds queueMin,
                               std::chrono::milliseconds queueMax,
                               std::chrono::milliseconds generationMedian, double generationSigma)
{
    // Shared by the copies of the function: one sequence, whoever calls.
    auto random = std::make_shared<QRandomGenerator>(seed);
    const double low = double(std::max<qint64>(0, queueMin.count()));
    const double high = std::max(low, double(queueMax.count()));
    const double logMedian = std::log(double(std::max<qint64>(1, generationMedian.count())));
    const double sigma = std::max(0.0, generationSigma);
    return [=](const QString &) {
        const double queue = low + (high - low) * random->generateDouble();
        // Box-Muller: a standard normal from two uniform numbers (1 - u keeps log away from 0).
        const double u1 = 1.0 - random->generateDouble();
        const double u2 = random->generateDouble();
        const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
        TaskLatency latency;
        latency.queue = std::chrono::milliseconds(qRound64(queue));
        latency.generation
                = std::chrono::milliseconds(qRound64(std::exp(logMedian + sigma * normal)));
        return latency;
    };
}

void SimulatorServer::planTimeline(SimulatedTask &task, qint64 nowMs)
{
    TaskLatency latency;
    if (m_latencySampler) {
        latency = m_latencySampler(task.model);
    } else {
        latency.queue = m_latency / 4;
        latency.generation = m_latency - latency.queue;
    }
    task.submitMs = nowMs;
    task.scheduledMs = nowMs + std::max<qint64>(0, latency.queue.count());
    task.endMs = task.scheduledMs + std::max<qint64>(0, latency.generation.count());
}

void SimulatorServer::setFaults(const QSet<Fault> &faults)
{
    m_faults->set(faults);
}

void SimulatorServer::addFault(Fault fault)
{
    m_faults->add(fault);
}

void SimulatorServer::removeFault(Fault fault)
{
    m_faults->remove(fault);
}

QSet<SimulatorServer::Fault> SimulatorServer::faults() const
{
    return m_faults->faults();
}

void SimulatorServer::setFaultRepeat(int count)
{
    m_faults->setRepeat(count);
}

int SimulatorServer::faultRepeat() const
{
    return m_faults->repeat();
}

void SimulatorServer::setSlowResponseDelay(std::chrono::milliseconds delay)
{
    m_faults->setSlowDelay(delay);
}

std::chrono::milliseconds SimulatorServer::slowResponseDelay() const
{
    return m_faults->slowDelay();
}

void SimulatorServer::setDripInterval(std::chrono::milliseconds interval)
{
    m_faults->setDripInterval(interval);
}

std::chrono::milliseconds SimulatorServer::dripInterval() const
{
    return m_faults->dripInterval();
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
    m_results->setUrlLifetime(lifetime);
}

void SimulatorServer::setVideoRenderLimit(int maxSide, int maxSeconds)
{
    m_results->setVideoRenderLimit(maxSide, maxSeconds);
}

QList<SimulatorServer::TaskStatistics> SimulatorServer::taskStatistics() const
{
    QList<TaskStatistics> result;
    result.reserve(m_store->order().size());
    for (const QString &id : m_store->order())
        result.append(*taskStatistics(id));
    return result;
}

std::optional<SimulatorServer::TaskStatistics>
SimulatorServer::taskStatistics(const QString &taskId) const
{
    const std::shared_ptr<SimulatedTask> found = m_store->find(taskId);
    if (!found)
        return std::nullopt;
    const SimulatedTask &task = *found;
    TaskStatistics stats;
    stats.taskId = task.id;
    stats.model = task.model;
    stats.imageCount = task.count;
    stats.polls = task.polls;
    stats.downloads = task.downloads;
    stats.created = m_store->utcAt(task.submitMs);
    if (SimulatorWire::isFinal(m_store->statusAt(task, m_store->nowMs())))
        stats.terminal = m_store->utcAt(task.terminalMs());
    if (task.firstDownloadMs >= 0)
        stats.firstDownloadStarted = m_store->utcAt(task.firstDownloadMs);
    return stats;
}

void SimulatorServer::resetStatistics()
{
    m_stats = {};
    m_windows.clear();
    m_store->resetCounters();
}

QStringList SimulatorServer::taskIds() const
{
    return m_store->order();
}

TaskStatus SimulatorServer::taskStatus(const QString &taskId) const
{
    return m_store->status(taskId);
}

QJsonObject SimulatorServer::taskRequestBody(const QString &taskId) const
{
    const std::shared_ptr<SimulatedTask> task = m_store->find(taskId);
    return task ? task->body : QJsonObject();
}

// ---------------------------------------------------------------------------------------------
// Transport

void SimulatorServer::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    // Copy what is needed: the request object dies with this call, answers may come later.
    SimulatorRequest rq;
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
        } else if (rq.method == u"GET" && rest == u"uploads") {
            kind = RequestKind::Upload;
        } else if (rq.method == u"POST" && parts.size() == 3 && parts[0] == u"tasks"
                   && parts[2] == u"cancel") {
            kind = RequestKind::Cancel;
            argument = parts[1];
        }
    } else if (rq.method == u"GET" && rq.path.startsWith(u"/results/")) {
        kind = RequestKind::Download;
    } else if (rq.method == u"POST" && rq.path == u"/oss-upload") {
        kind = RequestKind::Upload;
    }

    auto shared = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = shared->socket();
    const SimulatorFaultPlan *faults = m_faults.get();
    const auto write = [shared, socket, faults,
                        streams = m_openStreams](const SimulatorReply &reply) {
        QTcpSocket *connection = socket.data();
        if (!connection || !connection->isOpen())
            return; // the client went away
        const auto ended = [streams] { --*streams; };
        if (faults->has(Fault::DripFeed)) {
            ++*streams;
            SimulatorWire::dripFeed(connection, SimulatorWire::rawAnswer(reply),
                                    faults->dripInterval(), ended);
            return;
        }
        if (reply.endless) {
            ++*streams;
            SimulatorWire::streamEndless(connection, reply, ended);
            return;
        }
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
    const auto send
            = [this, write, kind, method = rq.method, path = rq.path](const SimulatorReply &reply) {
                  if (reply.status >= 400)
                      ++m_stats.errors;
                  qCDebug(lcSimulator).noquote() << method << path << reply.status;
                  emit requestHandled(kind, reply.status, method, path);
                  const std::chrono::milliseconds delay = m_faults->slowDelay();
                  if (m_faults->has(Fault::SlowResponses) && delay.count() > 0)
                      QTimer::singleShot(delay, this, [write, reply] { write(reply); });
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
        if (std::optional<SimulatorReply> reply = m_results->handle(rq, send))
            send(*reply);
        break;
    case RequestKind::Upload:
        ++m_stats.uploads;
        if (rq.method == u"POST") {
            send(m_uploads->handleUpload(rq));
        } else if (std::optional<SimulatorReply> denied = checkApiKey(rq)) {
            send(*denied);
        } else {
            send(m_uploads->handlePolicy(rq));
        }
        break;
    case RequestKind::Other:
        ++m_stats.other;
        if (rq.path.startsWith(api) || rq.path == u"/api/v1") {
            send(SimulatorReply::error(400, QStringLiteral("InvalidParameter"),
                                       QStringLiteral("url error, please check url!")));
        } else {
            SimulatorReply notFound;
            notFound.status = 404;
            notFound.headers = { { "Content-Type", "text/plain" } };
            notFound.body = "Not Found\n";
            send(notFound);
        }
        break;
    }
}
