#pragma once

#include "domain/modelcatalog.h"
#include "domain/region.h"
#include "protocol/taskresponse.h"

#include <QByteArray>
#include <QCache>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

// The offline DashScope service: a real HTTP server on 127.0.0.1 that speaks the asynchronous
// image protocol as the protocol doc describes it, so the program runs and is tested without a
// key or a network.
//
//   POST {base}/services/aigc/text2image/image-synthesis   create (results[] protocol)
//   POST {base}/services/aigc/image-generation/generation  create (wan2.6 messages/choices
//   protocol) GET  {base}/tasks/{id}                                 poll (UNKNOWN, HTTP 200, for
//   unknown ids) POST {base}/tasks/{id}/cancel                          cancel (PENDING only, else
//   400 UnsupportedOperation) GET
//   {base}/tasks?page_no=&page_size=&status=&model_name=&start_time=&end_time=   list GET
//   /results/<yyyyMMdd>/<task_id>-<k>.png?Expires=…&OSSAccessKeyId=…&Signature=…   result files
// where {base} is baseUrl(), http://127.0.0.1:PORT/api/v1.
//
// It enforces what the service enforces: "Authorization: Bearer KEY" (401 InvalidApiKey),
// "X-DashScope-Async: enable" on creates (403 AccessDenied), a JSON body and the catalog's
// rules (400 InvalidParameter; the same SizeRule and GenerationRequest::validate the client
// uses), "Model not exist." for names outside the catalog, n = 4 when absent (like the service)
// and a random seed when absent. Over-long prompts are truncated silently, as the service does.
//
// A task is PENDING for the first quarter of the latency, then RUNNING, then terminal. State
// is computed from timestamps on each request: no timers, no busy loops. Times on the wire
// are "yyyy-MM-dd HH:mm:ss.zzz" in China time (UTC+8), as the service's seem to be.
//
// Result files behave like OSS pre-signed URLs: a plain GET of the URL exactly as issued
// works until Expires; a query string that is not byte-identical (decoded or re-encoded
// signature) gets 403 SignatureDoesNotMatch XML, an expired one 403 AccessDenied XML, and a
// request that also carries an Authorization header gets 400 InvalidArgument XML (OSS refuses
// two authentication methods at once; a client must send none). Images are SimulatedImage PNGs,
// generated off the event loop (QtConcurrent) on first use and cached per (task, image).
class SimulatorServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatorServer)

public:
    // Injected faults. "First N" faults fire faultRepeat() times (default 2) and then recover,
    // so retries can be tested; the others hold while set. setFaults()/addFault() re-arm the
    // counters. A task's fate (FailTask, ImageContentPolicy) is fixed when it is created.
    enum class Fault {
        ThrottleCreate, // first N creates: 429 Throttling.RateQuota (no task is created)
        ServerErrorOnCreate, // first N creates: the task IS created, but the answer is 500
                             // InternalError
        ServerErrorOnPoll, // first N polls of each task: 500 InternalError, then 503
                           // ModelUnavailable, …
        GatewayHtmlOnPoll, // first N polls of each task: 502 with a text/html gateway page
        MalformedJsonOnPoll, // first N polls of each task: 200 with a cut-off JSON body
        ThrottlePoll, // first N polls of each task: 429 Throttling
        ResetOnPoll, // first N polls of each task: connection closed in the middle of the answer
        UnusualStatus, // first N polls of each unfinished task: SUSPENDED, then an unknown status
                       // string
        ImageContentPolicy, // always: the last image of each task fails DataInspectionFailed
                            // (n = 1: the task FAILS with DataInspectionFailed)
        FailTask, // always: tasks end FAILED with InternalError.Algo
        ExpiredTask, // always: polls of known tasks answer UNKNOWN, as after 24 h
        TruncatedDownload, // first N downloads of each image: full Content-Length, half the body,
                           // closed
        ExpiredDownload, // always: downloads answer 403 AccessDenied "Request has expired."
        SlowResponses, // always: every answer waits slowResponseDelay() (default 3 s) first
        RateLimits, // always: enforce the catalog's submit RPS per model and 20 polls/s
                    // (429 Throttling.RateQuota / Throttling)
    };
    Q_ENUM(Fault)

    enum class RequestKind { Create, Poll, Cancel, List, Download, Other };
    Q_ENUM(RequestKind)

    struct Statistics
    {
        int creates = 0; // POST create, whatever the answer
        int polls = 0; // GET /tasks/{id}
        int cancels = 0; // POST /tasks/{id}/cancel
        int lists = 0; // GET /tasks
        int downloads = 0; // GET of a result file
        int other = 0; // unknown paths
        int errors = 0; // answers with an HTTP status >= 400 (faults included)
        int peakPollsPerSecond = 0; // most polls within any one second
        int peakActiveTasks = 0; // most tasks PENDING or RUNNING at once
        int total() const { return creates + polls + cancels + lists + downloads + other; }
    };

    struct TaskStatistics
    {
        QString taskId;
        QString model;
        int imageCount = 0; // n as requested
        int polls = 0;
        int downloads = 0;
        QDateTime created; // UTC
        QDateTime terminal; // UTC; when it became SUCCEEDED/FAILED/CANCELED; invalid before
        QDateTime firstDownloadStarted; // UTC; the first GET of any of its files; invalid before
        // Milliseconds from terminal to the first download; -1 when either is missing.
        qint64 downloadDelayMs() const;
    };

    // Names for the command line (--fault NAME): "throttle-create", "server-error-on-poll", …
    static QStringList faultNames();
    static QString faultName(Fault fault);
    static QString faultDescription(Fault fault); // one line, for --help
    // Accepts the command-line name, case-insensitively, with '-' or '_' ("ServerErrorOnPoll" too).
    static std::optional<Fault> faultFromName(const QString &name);

    explicit SimulatorServer(const ModelCatalog &catalog, QObject *parent = nullptr);
    ~SimulatorServer() override;

    // Listens on 127.0.0.1 only; port 0 picks a free port. False (and *error) when it cannot.
    bool listen(quint16 port = 0, QString *error = nullptr);
    bool isListening() const;
    quint16 serverPort() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT/api/v1 (invalid before listen())

    // Total time from create to the terminal state for tasks created from now on (default 5 s).
    void setLatency(std::chrono::milliseconds latency);
    std::chrono::milliseconds latency() const { return m_latency; }

    void setFaults(const QSet<Fault> &faults);
    void addFault(Fault fault);
    void removeFault(Fault fault);
    QSet<Fault> faults() const { return m_faults; }
    void setFaultRepeat(int count); // N for the "first N" faults (default 2)
    int faultRepeat() const { return m_faultRepeat; }
    void setSlowResponseDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds slowResponseDelay() const { return m_slowDelay; }

    // Empty (default): any non-empty key is accepted. Otherwise only this one.
    void setRequiredApiKey(const QString &key);
    // Which model names exist: those served in `region`, or (nullopt, default) every model in
    // the catalog, validated against a region that serves it.
    void setRegion(std::optional<Region> region);
    // How long result URLs stay valid after the task ends (default 24 h, like the service).
    void setResultUrlLifetime(std::chrono::seconds lifetime);

    Statistics statistics() const { return m_stats; }
    QList<TaskStatistics> taskStatistics() const; // in creation order
    std::optional<TaskStatistics> taskStatistics(const QString &taskId) const;
    void resetStatistics(); // counters only; tasks stay
    QStringList taskIds() const { return m_taskOrder; }
    TaskStatus taskStatus(const QString &taskId) const; // Unknown for unknown ids
    // The JSON body of the create that made the task, as received; empty for unknown ids.
    // Lets tests check what a client (or a copied cURL command) really sent.
    QJsonObject taskRequestBody(const QString &taskId) const;

Q_SIGNALS:
    // After each answer is decided (the path has no query string and never a key).
    void requestHandled(SimulatorServer::RequestKind kind, int httpStatus, const QString &method,
                        const QString &path);
    void taskCreated(const QString &taskId);

private:
    struct Task;
    struct Reply;
    struct Request;

    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    Reply handleCreate(const Request &request, const QString &endpoint);
    Reply handlePoll(const Request &request, const QString &taskId);
    Reply handleCancel(const Request &request, const QString &taskId);
    Reply handleList(const Request &request);
    // Answers now (a value) or later through `send` (nullopt) once the image is rendered.
    std::optional<Reply> handleDownload(const Request &request,
                                        const std::function<void(const Reply &)> &send);

    std::optional<Reply> checkApiKey(const Request &request) const;
    bool rateLimited(const QString &key, int perSecond);
    TaskStatus statusAt(const Task &task, qint64 atMs) const;
    QByteArray taskBody(const Task &task, TaskStatus status, const QString &shownStatus) const;
    QString wireTime(qint64 ms) const;
    QDateTime utcAt(qint64 ms) const;
    qint64 nowMs() const { return m_clock.elapsed(); }
    QByteArray signedQuery(const QString &path, qint64 expires) const;
    void prefetchImages(const Task &task);
    void withImage(const QString &taskId, int index,
                   std::function<void(const QByteArray &png)> use);

    const ModelCatalog m_catalog;
    QHttpServer *m_http = nullptr;
    quint16 m_port = 0;
    QElapsedTimer m_clock;
    QDateTime m_startUtc;
    QByteArray m_signingSecret;

    std::chrono::milliseconds m_latency { 5000 };
    std::chrono::milliseconds m_slowDelay { 3000 };
    std::chrono::seconds m_urlLifetime { 24 * 3600 };
    QSet<Fault> m_faults;
    int m_faultRepeat = 2;
    QString m_requiredKey;
    std::optional<Region> m_region;

    QHash<QString, std::shared_ptr<Task>> m_tasks;
    QStringList m_taskOrder;
    int m_throttledCreates = 0;
    int m_failedCreates = 0;
    QHash<QString, int> m_pollFaultsFired; // by task id (unknown ids too)
    QHash<QString, std::deque<qint64>> m_windows; // rate-limit and peak windows
    Statistics m_stats;

    QCache<QString, QByteArray> m_pngCache; // cost in KiB
    QHash<QString, QList<std::function<void(const QByteArray &)>>> m_waitingForImage;
};
