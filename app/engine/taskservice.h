#pragma once

#include "domain/modelcatalog.h"
#include "domain/pricing.h"
#include "domain/taskrecord.h"
#include "engine/inputpreparer.h"
#include "engine/pollpolicy.h"
#include "library/libraryresult.h"
#include "protocol/taskresponse.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <chrono>
#include <functional>
#include <map>
#include <memory>

// What submit(), track() and retry() did, as one value: the row id of the task that started (or
// that this run follows already), or why nothing started.
struct TaskStart
{
    enum class Refusal {
        None,
        InvalidRequest, // the request breaks the model's rules, or there is no endpoint or key
        ImplausibleTaskId, // track(): the text is not a task id
        FollowedElsewhere, // track(): another running process follows the task
        UnknownTask, // retry(): no task with that id in this run
        NoRequest, // retry(): the task was followed by id, so its request is unknown
        LibraryWriteFailed, // the task could not be recorded, so nothing was sent
        OverBudget, // submit(): the estimate would pass this month's budget (setMonthlyBudget)
    };

    qint64 id = 0; // the task's library row; 0 when refused
    Refusal refusal = Refusal::None;
    QList<ValidationIssue> issues; // InvalidRequest: every problem, field by field
    ApiError error; // one sentence for a person: what stopped it and what to do

    bool isStarted() const { return refusal == Refusal::None && id != 0; }
    static TaskStart refused(Refusal refusal, ApiError error, QList<ValidationIssue> issues = {});
};

class DashScopeClient;
class InputPreparation;
class InputPreparer;
class OssUploader;
class DashScopeJob;
class LostTaskSearch;
class Library;
class QNetworkAccessManager;
class QTimer;
class ResultSaver;
class TaskScheduler;

// Owns every task of this run: creates them (once), polls them, downloads their results into the
// library, and reports value snapshots. All DashScope traffic of the program goes through here.
// When to send is TaskScheduler's (queue, concurrency, request budgets), which process follows a
// task TaskClaims' (lock files), and saving the results ResultSaver's and ResultFiles'.
// A library write that fails while a task runs ends it with a Storage error that says where its
// files are: nothing the library could not record is reported as saved.
class TaskService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskService)

public:
    TaskService(const ModelCatalog &catalog, Library *library, QNetworkAccessManager *network,
                QObject *parent = nullptr);
    ~TaskService() override;

    // Where new tasks go, with which key (kept in memory only) and where their results are saved
    // (recorded with each task). Running and resumed tasks keep theirs.
    void setEndpoint(const Endpoint &endpoint);
    Endpoint endpoint() const;
    void setApiKey(const QString &apiKey);
    void setOutputDirectory(const QString &directory);
    QString outputDirectory() const;
    void setMaxConcurrentTasks(int count); // the person's cap, on top of each model's own limit
    void setPollPolicy(std::unique_ptr<PollPolicy> policy);
    // The monotonic clock (ms) tasks are timed by: their age for the poll schedule and the soft
    // timeout. Default: a QElapsedTimer started with the service. Tests move it forward.
    void setClock(std::function<qint64()> monotonicMs);
    // How long one API request may go without progress before it fails with Kind::Timeout
    // (default 60 s). A create that times out is never sent again: it may exist.
    void setRequestTimeout(std::chrono::milliseconds timeout);
    // How long the polls of a task may fail in a row (network, 5xx, timeouts) before this run
    // stops following it and pauses it (kept in the library, resumed by the next start or
    // `resume`). Zero, the default: keep trying for the task's 24 hours, showing why meanwhile.
    void setUnreachableTimeout(std::chrono::milliseconds timeout);
    // Where the temporary uploads of input files are looked up and recorded, so a retry within
    // 48 h reuses them (InputPreparer::setUploadLedger): the library given to the constructor.
    void setUploadLedger(InputPreparer::FindUpload find, InputPreparer::RememberUpload remember);

    // What tasks cost: the estimate checked against the budget before a create, and the price
    // each finished task is recorded at in the library's usage ledger. Built-in until set.
    void setPriceTable(const PriceTable &prices);
    PriceTable priceTable() const { return m_prices; }
    // Demo mode: the built-in simulator is the service. It bills nothing (the ledger records 0
    // and no budget applies), and the tasks made or tracked meanwhile are recorded as demo
    // (TaskRecord::demo), whatever mode they finish in.
    void setFreeOfCharge(bool free);
    bool isFreeOfCharge() const { return m_free; }
    // This month's budget per currency ("CNY" -> 50.0); empty: none. A create whose estimate
    // would take this month's spending (the ledger, plus this run's unfinished tasks) over it is
    // refused by submit() (OverBudget, with a "budget" issue), and nothing is sent. An unknown
    // price passes with a warning in the log: the caller shows it.
    void setMonthlyBudget(const QMap<QString, double> &budgetByCurrency);
    CostEstimate estimate(const GenerationRequest &request) const; // at the current endpoint
    // Spent this calendar month (local time) in `currency`: the ledger and this run's
    // unfinished tasks' estimates.
    double spentThisMonth(const QString &currency) const;

    // Validates against the catalog; with any problem refuses (InvalidRequest, with every issue)
    // and sends nothing. Otherwise the task is recorded (library row), queued, and its id
    // returned. Refused with LibraryWriteFailed when the row cannot be written.
    TaskStart submit(const GenerationRequest &request);
    // Follows a task created elsewhere (cURL, another machine): polls it and saves its results.
    // The request is unknown, so only the task id and endpoint are recorded. Refused when the id
    // is not plausible, another running process (the window, a command) follows the task, or the
    // library cannot record it.
    TaskStart track(const QString &taskId);
    // The service's cancel while PENDING; a local stop otherwise (the task then keeps running
    // on the service, and its error says so).
    void cancel(qint64 id);
    // A new task from exactly the same request, the seed that was sent included, so a failed
    // task's retry can give the picture it would have. Refused as submit() is, and for a task
    // this run does not know or whose request is unknown.
    TaskStart retry(qint64 id);
    // The same request with a new seed: another take of it. Refused as retry() is.
    TaskStart vary(qint64 id);
    // The key for a task's endpoint, or an empty string when this run has none for it.
    using KeyForEndpoint = std::function<QString(const Endpoint &endpoint)>;
    struct ResumeResult
    {
        int resumed = 0; // being polled now
        QList<TaskRecord> paused; // accepted tasks this run has no key for (error says so)
    };
    // At start: unfinished tasks of the library younger than 24 h are polled and downloaded again
    // at the endpoint they were created at, with keyFor(that endpoint), never created again;
    // older ones are marked Expired. Tasks that another running process follows are left to it.
    // A task whose endpoint has no key here is Paused, with an error naming the endpoint.
    // Tasks without a task id were never accepted (or may have been, while Submitting): they are
    // marked Failed, never sent again. Each task saves into the folder it was submitted with;
    // tasks recorded before there was one save into `folderOfOlderTasks` (empty: the output
    // directory of the moment).
    ResumeResult resumeUnfinished(const KeyForEndpoint &keyFor,
                                  const QString &folderOfOlderTasks = {});

    QList<TaskRecord> tasks() const; // this run's tasks, oldest first
    TaskRecord task(qint64 id) const;
    bool isIdle() const;

    // One cheap authenticated call (GET /tasks?page_size=1): emits keyTested with the result.
    void testKey(const Endpoint &endpoint, const QString &apiKey);

signals:
    void taskAdded(const TaskRecord &task);
    void taskChanged(const TaskRecord &task);
    void taskFinished(const TaskRecord &task);
    // This run stopped following an accepted, unfinished task (state Paused; error says why and
    // what to do). It stays in the library and is resumed later.
    void taskPaused(const TaskRecord &task);
    void outputSaved(const OutputRecord &image); // saved and recorded in the library
    void keyTested(const ApiError &result); // Kind::None: the key works here
    void idle(); // nothing queued or in flight

private:
    void useLibraryAsUploadLedger();

    // Where an active task is in its life here (TaskRecord::state is what the service said).
    enum class Phase {
        Queued, // waiting for a concurrency slot (in the scheduler's queue)
        WaitingToCreate, // has a slot; waiting for the model's submit rate, or backing off after
                         // 429
        Preparing, // input files checked, inlined or uploaded (InputPreparer); nothing created
        Creating, // create POST in flight
        WaitingToPoll, // timer running until the next GET
        Polling, // GET waiting for the request budget, or in flight
        Cancelling, // cancel POST waiting for the budget, or in flight
        Downloading, // results being saved
        Adopting, // looking in the account's task list for a task whose create answer was lost
    };
    struct Active
    {
        QString apiKey; // the key the task was created (or resumed) with; memory only
        Phase phase = Phase::Queued;
        QTimer *timer = nullptr; // the task's one single-shot timer (create slot, backoff, poll)
        QPointer<DashScopeJob> job; // create, poll or cancel in flight
        QPointer<LostTaskSearch> search; // while Adopting
        qint64 acceptedAtMs = 0; // m_clock time the service accepted the task
        int polls = 0;
        int consecutiveFailures = 0;
        qint64 firstFailureMs = -1; // m_clock time of the first of consecutiveFailures
        int consecutiveNonApiAnswers = 0; // 200 answers that were not the API's JSON
        int createAttempts = 0;
        bool cancelRequested = false;
        QPointer<ResultSaver> saver; // while Downloading
        ApiError resultsNote; // the service sent more results than the task can have
        ApiError storageError; // why the library could not store an image row (the first)
        QSet<int> unrecordedImages; // image rows the library could not store
        std::unique_ptr<QLockFile> claim; // this process follows the task (see TaskClaims)
        PollHint pollHint {}; // the kind's schedule (video: far fewer polls)
        bool toldSoftTimeout = false; // "still running" said once
        QPointer<InputPreparation> preparation; // while Preparing
        std::optional<GenerationRequest> wireRequest; // inputs as sent (data:, oss://)
    };

    Active *active(qint64 id) const;
    // A request of the task ended: `job` goes, and the task (null when it is no longer
    // followed) no longer waits for it.
    Active *jobEnded(qint64 id, DashScopeJob *job);
    TaskRecord &record(qint64 id);
    qint64 nowMs() const;
    double jitter() const;
    PollPolicy::Input policyInput(qint64 id, const Active &task);
    // The schedule learnt from the library's durations of the task's model, size and count;
    // loaded once per key, then kept up to date by learnDuration(). Null: no history yet.
    std::shared_ptr<const PollPlan> planFor(const TaskRecord &rec, const PollHint &hint);
    void learnDuration(const TaskRecord &rec);

    qint64 addRecord(TaskRecord record, const QString &apiKey, Phase phase,
                     std::unique_ptr<QLockFile> claim = {});
    bool claim(qint64 id, std::unique_ptr<QLockFile> *lock) const;
    LibraryResult persist(TaskRecord &record);
    // Adds `rec` (request set) to the library as a new task of this endpoint and folder.
    LibraryResult recordNewTask(TaskRecord *rec, TaskState state);
    static TaskStart notRecorded(const LibraryResult &added);
    TaskStart runAgain(qint64 id, bool newSeed);
    void changed(qint64 id, bool store = true);
    std::unique_ptr<Active> stopFollowing(qint64 id);
    void finishTask(qint64 id, TaskState state, ApiError error);
    void pauseTask(qint64 id, const ApiError &error);
    bool pauseIfUnreachable(qint64 id, const ApiError &error);
    void checkIdle();

    // Creates, once each, when the scheduler gives the task a slot.
    void handleSlotGranted(qint64 id);
    void scheduleCreate(qint64 id);
    void sendCreate(qint64 id);
    void handlePrepared(qint64 id, InputPreparation *preparation);
    void handleCreateFinished(qint64 id, DashScopeJob *job);

    // Polls and cancels, all under the scheduler's account-wide request budget.
    void handleTimer(qint64 id);
    void schedulePoll(qint64 id, std::chrono::milliseconds delay);
    void sendPoll(qint64 id);
    void handlePollFinished(qint64 id, DashScopeJob *job);
    void applySnapshot(qint64 id, const TaskSnapshot &snapshot);
    void sendCancel(qint64 id);
    void handleCancelFinished(qint64 id, DashScopeJob *job);
    void stopLocally(qint64 id, const QString &reason);

    // A task whose create may have been accepted, its task id never received.
    void searchLostTask(qint64 id);
    void handleSearchFinished(qint64 id, LostTaskSearch *search);

    // Results.
    void startDownloads(qint64 id, const TaskSnapshot &snapshot);
    void finishDownloads(qint64 id);
    void planOutput(qint64 id, OutputRecord output);
    void storeOutput(qint64 id, OutputRecord image);

    QString budgetProblem(const GenerationRequest &resolved) const;

    ModelCatalog m_catalog;
    PriceTable m_prices;
    bool m_free = false;
    QMap<QString, double> m_budget;
    Library *m_library;
    QNetworkAccessManager *m_network;
    DashScopeClient *m_client;
    OssUploader *m_uploader;
    InputPreparer *m_inputs;
    std::unique_ptr<PollPolicy> m_pollPolicy;
    Endpoint m_endpoint;
    QString m_apiKey;
    QString m_outputDirectory;
    std::chrono::milliseconds m_unreachableTimeout { 0 };
    QElapsedTimer m_clock;
    std::function<qint64()> m_clockSource; // setClock(); empty: m_clock
    struct History
    {
        QList<qint64> totals; // newest first, at most DurationHistory::DefaultLimit
        QList<qint64> runs;
        std::shared_ptr<const PollPlan> plan;
        PollHint hint {}; // the plan's kind
    };
    QHash<QString, History> m_histories; // by DurationKey::id()

    QHash<qint64, TaskRecord> m_records; // this run's tasks
    QList<qint64> m_order; // oldest first
    std::map<qint64, std::unique_ptr<Active>> m_active;
    TaskScheduler *m_scheduler;
    qint64 m_nextLocalId = -1; // row ids when there is no library
    bool m_idleCheckScheduled = false;
    QSet<QString> m_reservedPaths; // files being downloaded, by every task
};
