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
class SimulatorFaultPlan;
class SimulatorResultHost;
class SimulatorTaskStore;
class SimulatorUploadHost;
struct SimulatedTask;
struct SimulatorReply;
struct SimulatorRequest;

// The offline DashScope service: a real HTTP server on 127.0.0.1 that speaks the asynchronous
// image protocol as the protocol doc describes it, so the program runs and is tested without a
// key or a network.
//
//   POST {base}/services/aigc/text2image/image-synthesis   create (results[] protocol)
//   POST {base}/services/aigc/image-generation/generation  create (wan2.6 messages/choices)
//   GET  {base}/tasks/{id}                                 poll (UNKNOWN, HTTP 200, for unknown
//   ids) POST {base}/tasks/{id}/cancel                          cancel (PENDING only, else 400) GET
//   {base}/tasks?page_no=&page_size=&status=&model_name=&start_time=&end_time=   list GET
//   /results/<yyyyMMdd>/<task>-<k>.png?Expires=…&OSSAccessKeyId=…&Signature=…   result files
// where {base} is baseUrl(), http://127.0.0.1:PORT/api/v1.
//
// It enforces what the service enforces: "Authorization: Bearer KEY" (401 InvalidApiKey),
// "X-DashScope-Async: enable" on creates (403 AccessDenied), a JSON body and the catalog's
// rules (400 InvalidParameter; the same SizeRule and GenerationRequest::validate the client
// uses), "Model not exist." for names outside the catalog, n = 4 when absent (like the service)
// and a random seed when absent. Over-long prompts are truncated silently, as the service does.
//
// This class is the front: the HTTP transport and the API's create, poll, cancel and list
// (simulatorapi.cpp). Its parts, each in its own files: the routes, one per endpoint protocol
// (SimulatorRoute: ImageSynthesisRoute, ImageGenerationRoute); the tasks and their state machine
// (SimulatorTaskStore); the OSS-like host of the result files, with URL signing and expiry
// (SimulatorResultHost); which faults are injected and how often (SimulatorFaultPlan); and the
// bodies of hostile answers (SimulatorHostile).
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
        // Hostile answers. Fixed in each task when it is created (a hostile task runs beside
        // healthy ones), and held for all its polls and downloads; DripFeed holds while set.
        EndlessPollAnswer, // polls: 200, chunked JSON that never ends, until the client hangs up
        DeepJsonOnPoll, // polls: 200 with JSON nested 100,000 arrays deep
        HtmlOnPoll, // polls: 200 with an HTML page where JSON belongs
        DripFeed, // always: every answer one byte at a time, dripInterval() apart (default 1 s)
        RedirectToFile, // downloads: 302 to file:///etc/passwd
        RedirectToOtherHost, // downloads: 302 to plain http on 127.0.0.2 (another host)
        HtmlResult, // downloads: 200 text/html, not an image
        PngTextBomb, // downloads: the PNG with a zTXt chunk that inflates to 2 GiB
        HugePng, // downloads: a PNG declaring 30000x30000 pixels
        TruncatedPng, // downloads: half the PNG, with a Content-Length that matches the half
        TooManyResults, // polls: SUCCEEDED with 2,000 results whatever n was
        UnsafeTaskId, // creates: the task id is "../../<uuid>"
    };
    Q_ENUM(Fault)

    enum class RequestKind { Create, Poll, Cancel, List, Download, Upload, Other };
    Q_ENUM(RequestKind)

    struct Statistics
    {
        int creates = 0; // POST create, whatever the answer
        int polls = 0; // GET /tasks/{id}
        int cancels = 0; // POST /tasks/{id}/cancel
        int lists = 0; // GET /tasks
        int downloads = 0; // GET of a result file
        int uploads = 0; // getPolicy and the OSS form POST
        int other = 0; // unknown paths
        int errors = 0; // answers with an HTTP status >= 400 (faults included)
        int peakPollsPerSecond = 0; // most polls within any one second
        int peakActiveTasks = 0; // most tasks PENDING or RUNNING at once
        int total() const
        {
            return creates + polls + cancels + lists + downloads + uploads + other;
        }
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

    // Listens on 127.0.0.1 only; port 0 picks a free port. Kind::None on success, otherwise a
    // Network error whose message says why (the port is taken, say).
    ApiError listen(quint16 port = 0);
    bool isListening() const;
    quint16 serverPort() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT/api/v1 (invalid before listen())

    // Total time from create to the terminal state for tasks created from now on (default 5 s).
    void setLatency(std::chrono::milliseconds latency);
    std::chrono::milliseconds latency() const { return m_latency; }

    // A task's times: queued (PENDING), then generating (RUNNING) until it ends.
    struct TaskLatency
    {
        std::chrono::milliseconds queue { 0 };
        std::chrono::milliseconds generation { 0 };
    };
    // Draws the times of each task created from now on (called once per create, in order, with
    // the model asked for). Empty (the default): setLatency(), a quarter of it queued.
    using LatencySampler = std::function<TaskLatency(const QString &model)>;
    void setLatencySampler(LatencySampler sampler);
    // A sampler of seeded random times, for benchmarks: the queue uniform in
    // [queueMin, queueMax], the generation log-normal around `generationMedian` (sigma of its
    // logarithm). The same seed gives the same times in the same order.
    static LatencySampler seededLatency(quint32 seed, std::chrono::milliseconds queueMin,
                                        std::chrono::milliseconds queueMax,
                                        std::chrono::milliseconds generationMedian,
                                        double generationSigma);

    // Input files uploaded through getPolicy and the OSS form (video doc §5): the bytes behind
    // an oss:// URL for `model`, while they live (48 h); nullopt otherwise.
    std::optional<QByteArray> uploadedFile(const QString &ossUrl, const QString &model) const;
    int uploadedFileCount() const;
    // How long a getPolicy answer stays valid (default 300 s, as the service's).
    void setUploadPolicyLifetime(std::chrono::seconds lifetime);
    // The upload host's clock (UTC), so tests can let policies and files expire without waiting.
    void setUploadClock(std::function<QDateTime()> nowUtc);

    void setFaults(const QSet<Fault> &faults);
    void addFault(Fault fault);
    void removeFault(Fault fault);
    QSet<Fault> faults() const;
    void setFaultRepeat(int count); // N for the "first N" faults (default 2)
    int faultRepeat() const;
    void setSlowResponseDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds slowResponseDelay() const;
    void setDripInterval(std::chrono::milliseconds interval); // DripFeed: between two bytes
    std::chrono::milliseconds dripInterval() const;

    // Empty (default): any non-empty key is accepted. Otherwise only this one.
    void setRequiredApiKey(const QString &key);
    // Which model names exist: those served in `region`, or (nullopt, default) every model in
    // the catalog, validated against a region that serves it.
    void setRegion(std::optional<Region> region);
    // Videos are rendered at most maxSide px on their long side and maxSeconds long (0: as
    // asked); the task still reports what was asked. Demo mode and tests keep renders quick.
    void setVideoRenderLimit(int maxSide, int maxSeconds);
    // How long result URLs stay valid after the task ends (default 24 h, like the service).
    void setResultUrlLifetime(std::chrono::seconds lifetime);

    Statistics statistics() const { return m_stats; }
    QList<TaskStatistics> taskStatistics() const; // in creation order
    std::optional<TaskStatistics> taskStatistics(const QString &taskId) const;
    void resetStatistics(); // counters only; tasks stay
    // Answers still being drip-fed or streamed without end (their clients have not hung up).
    int openStreams() const { return *m_openStreams; }
    QStringList taskIds() const;
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
    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    // The API (simulatorapi.cpp).
    SimulatorReply handleCreate(const SimulatorRequest &request, const QString &endpoint);
    SimulatorReply handlePoll(const SimulatorRequest &request, const QString &taskId);
    SimulatorReply handleCancel(const SimulatorRequest &request, const QString &taskId);
    SimulatorReply handleList(const SimulatorRequest &request);
    std::optional<SimulatorReply> checkApiKey(const SimulatorRequest &request) const;
    bool rateLimited(const QString &key, int perSecond);
    void planTimeline(SimulatedTask &task, qint64 nowMs); // submit, scheduled and end times
    QByteArray taskBody(const SimulatedTask &task, TaskStatus status,
                        const QString &shownStatus) const;

    const ModelCatalog m_catalog;
    QHttpServer *m_http = nullptr;
    quint16 m_port = 0;
    std::unique_ptr<SimulatorTaskStore> m_store;
    std::unique_ptr<SimulatorFaultPlan> m_faults;
    std::unique_ptr<SimulatorResultHost> m_results; // after the store and faults it uses
    std::unique_ptr<SimulatorUploadHost> m_uploads;

    std::chrono::milliseconds m_latency { 5000 };
    LatencySampler m_latencySampler;
    QString m_requiredKey;
    std::optional<Region> m_region;
    QHash<QString, std::deque<qint64>> m_windows; // rate-limit and peak windows
    Statistics m_stats;
    std::shared_ptr<int> m_openStreams = std::make_shared<int>(0);
};
