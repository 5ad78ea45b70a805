#include "engine/taskservice.h"

#include "engine/inputfilecheck.h"
#include "engine/losttasksearch.h"
#include "engine/resultfiles.h"
#include "engine/resultsaver.h"
#include "engine/taskclaims.h"
#include "engine/taskoutcomes.h"
#include "engine/taskscheduler.h"
#include "library/library.h"
#include "platform/logging.h"
#include "protocol/dashscopeclient.h"
#include "protocol/ossupload.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>

using namespace std::chrono_literals;
using namespace TaskOutcomes;

TaskService::TaskService(const ModelCatalog &catalog, Library *library,
                         QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_catalog(catalog), m_library(library), m_network(network),
      m_client(new DashScopeClient(network, this)), m_uploader(new OssUploader(network, this)),
      m_inputs(new InputPreparer(m_client, m_uploader, this)),
      m_pollPolicy(std::make_unique<DefaultPollPolicy>()),
      m_scheduler(new TaskScheduler(catalog, this))
{
    m_prices = PriceTable::builtIn();
    m_clock.start();
    connect(m_scheduler, &TaskScheduler::slotGranted, this, &TaskService::handleSlotGranted);
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    m_outputDirectory = QDir(pictures.isEmpty() ? QDir::homePath() : pictures)
                                .absoluteFilePath(QStringLiteral("DashScope Studio"));
    if (library)
        useLibraryAsUploadLedger();
}

TaskService::~TaskService()
{
    // Unfinished tasks stay unfinished in the library: resumeUnfinished() picks them up next time.
    for (auto &[id, task] : m_active) {
        Q_UNUSED(id)
        if (task->job) {
            task->job->disconnect(this);
            delete task->job;
        }
        delete task->saver; // discards the temporary files of its downloads
    }
}

// --- configuration --------------------------------------------------------------------------

void TaskService::setEndpoint(const Endpoint &endpoint)
{
    m_endpoint = endpoint;
}

Endpoint TaskService::endpoint() const
{
    return m_endpoint;
}

void TaskService::setUploadLedger(InputPreparer::FindUpload find,
                                  InputPreparer::RememberUpload remember)
{
    m_inputs->setUploadLedger(std::move(find), std::move(remember));
}

void TaskService::setApiKey(const QString &apiKey)
{
    m_apiKey = apiKey.trimmed();
}

void TaskService::setOutputDirectory(const QString &directory)
{
    m_outputDirectory = directory;
}

QString TaskService::outputDirectory() const
{
    return m_outputDirectory;
}

void TaskService::setMaxConcurrentTasks(int count)
{
    m_scheduler->setMaxConcurrentTasks(count);
}

void TaskService::setPollPolicy(std::unique_ptr<PollPolicy> policy)
{
    m_pollPolicy = policy ? std::move(policy) : std::make_unique<DefaultPollPolicy>();
}

void TaskService::setRequestTimeout(std::chrono::milliseconds timeout)
{
    m_client->setTimeout(timeout);
}

void TaskService::setUnreachableTimeout(std::chrono::milliseconds timeout)
{
    m_unreachableTimeout = std::max(0ms, timeout);
}

// --- reading --------------------------------------------------------------------------------

QList<TaskRecord> TaskService::tasks() const
{
    QList<TaskRecord> result;
    result.reserve(m_order.size());
    for (const qint64 id : m_order)
        result.append(m_records.value(id));
    return result;
}

TaskRecord TaskService::task(qint64 id) const
{
    if (m_records.contains(id))
        return m_records.value(id);
    return m_library ? m_library->task(id) : TaskRecord();
}

bool TaskService::isIdle() const
{
    return m_active.empty();
}

TaskService::Active *TaskService::active(qint64 id) const
{
    const auto it = m_active.find(id);
    return it == m_active.end() ? nullptr : it->second.get();
}

TaskService::Active *TaskService::jobEnded(qint64 id, DashScopeJob *job)
{
    job->deleteLater();
    Active *task = active(id);
    if (task)
        task->job = nullptr;
    return task;
}

TaskRecord &TaskService::record(qint64 id)
{
    return m_records[id];
}

qint64 TaskService::nowMs() const
{
    return m_clockSource ? m_clockSource() : m_clock.elapsed();
}

void TaskService::setClock(std::function<qint64()> monotonicMs)
{
    m_clockSource = std::move(monotonicMs);
}

double TaskService::jitter() const
{
    return QRandomGenerator::global()->generateDouble();
}

// --- bookkeeping ----------------------------------------------------------------------------

qint64 TaskService::addRecord(TaskRecord rec, const QString &apiKey, Phase phase,
                              std::unique_ptr<QLockFile> claim)
{
    const qint64 id = rec.id;
    m_records.insert(id, rec);
    if (!m_order.contains(id))
        m_order.append(id);

    auto task = std::make_unique<Active>();
    task->apiKey = apiKey;
    task->phase = phase;
    task->claim = std::move(claim); // released with the Active, when the task finishes
    // Videos take minutes: their kind's schedule. Images keep the SDK's exactly.
    if (makesVideo(rec.request.kind))
        task->pollHint = pollHintFor(rec.request.kind);
    task->timer = new QTimer(this);
    task->timer->setSingleShot(true);
    connect(task->timer, &QTimer::timeout, this, [this, id] { handleTimer(id); });
    m_active[id] = std::move(task);
    if (phase == Phase::Queued)
        m_scheduler->enqueue(id, rec.request.model);
    else
        m_scheduler->occupy(id, rec.request.model); // on the service already: it counts
    return id;
}

bool TaskService::claim(qint64 id, std::unique_ptr<QLockFile> *lock) const
{
    return TaskClaims(m_library ? m_library->path() : QString()).claim(id, lock);
}

LibraryResult TaskService::persist(TaskRecord &rec)
{
    rec.updatedAt = QDateTime::currentDateTimeUtc();
    if (!m_library)
        return {};
    const LibraryResult stored = m_library->updateTask(rec);
    if (!stored)
        qCWarning(lcTasks).noquote()
                << "could not store task" << rec.id << "in the library:" << stored.message();
    return stored;
}

void TaskService::changed(qint64 id, bool store)
{
    TaskRecord &rec = record(id);
    if (store)
        persist(rec);
    else
        rec.updatedAt = QDateTime::currentDateTimeUtc();
    // A copy: a handler may add tasks, and m_records may move its entries.
    const TaskRecord snapshot = rec;
    emit taskChanged(snapshot);
}

std::unique_ptr<TaskService::Active> TaskService::stopFollowing(qint64 id)
{
    const auto it = m_active.find(id);
    if (it == m_active.end())
        return {};
    std::unique_ptr<Active> task = std::move(it->second);
    m_active.erase(it);
    m_scheduler->forget(id);
    task->timer->stop();
    task->timer->deleteLater();
    if (task->job) {
        task->job->disconnect(this);
        task->job->abort();
        task->job->deleteLater();
    }
    if (task->saver) {
        task->saver->disconnect(this);
        task->saver->abort();
        task->saver->deleteLater();
    }
    if (task->search) {
        task->search->disconnect(this);
        task->search->abort();
        task->search->deleteLater();
    }
    if (task->preparation) {
        task->preparation->disconnect(this);
        task->preparation->deleteLater(); // its getPolicy or upload stops with it
    }
    return task; // its claim (lock file) goes with it
}

void TaskService::finishTask(qint64 id, TaskState state, ApiError error)
{
    const std::unique_ptr<Active> task = stopFollowing(id);
    if (!task)
        return;
    TaskRecord &rec = record(id);
    rec.state = state;
    rec.error = error;
    rec.finishedAt = QDateTime::currentDateTimeUtc();
    // What the library could not record is not done: the task fails with a Storage error that
    // says where its files are, and the row says so too if it still can be written. (Its last
    // write stores the whole row: a task id that could not be stored earlier is stored now.)
    const bool imagesUnrecorded = !task->unrecordedImages.isEmpty();
    if (imagesUnrecorded) {
        rec.state = TaskState::Failed;
        rec.error = unrecordedError(rec, task->storageError, error);
    }
    if (const LibraryResult stored = persist(rec); !stored && !imagesUnrecorded) {
        rec.state = TaskState::Failed;
        rec.error = unrecordedError(rec, stored.error(), error);
    }
    // The usage ledger: once per task (the library ignores a second time), failed ones at 0.
    if (m_library && rec.state != TaskState::Paused)
        m_library->recordUsage(UsageEntry::of(rec, m_prices));
    qCInfo(lcTasks).noquote() << "task" << id << rec.taskId << "finished:" << taskStateId(state)
                              << (error.isError() ? error.message : QString());
    const TaskRecord snapshot = rec;
    emit taskChanged(snapshot);
    emit taskFinished(snapshot);
    checkIdle();
}

void TaskService::pauseTask(qint64 id, const ApiError &error)
{
    const std::unique_ptr<Active> task = stopFollowing(id); // kept to the end, as in finishTask
    if (!task)
        return;
    TaskRecord &rec = record(id);
    rec.state = TaskState::Paused;
    rec.error = error;
    if (const LibraryResult stored = persist(rec); !stored) {
        // A resume could not follow it (the library may not even hold its task id): say so
        // now, with the task id.
        rec.state = TaskState::Failed;
        rec.error = unrecordedError(rec, stored.error(), error);
        rec.finishedAt = QDateTime::currentDateTimeUtc();
        const TaskRecord failed = rec;
        emit taskChanged(failed);
        emit taskFinished(failed);
        checkIdle();
        return;
    }
    qCInfo(lcTasks).noquote() << "task" << id << rec.taskId << "paused:" << error.message;
    const TaskRecord snapshot = rec;
    emit taskChanged(snapshot);
    emit taskPaused(snapshot);
    checkIdle();
}

// After a poll failed again: pauses the task when its endpoint has not answered like the API
// for too long, or keeps answering with something else (a wrong base URL, a captive portal).
bool TaskService::pauseIfUnreachable(qint64 id, const ApiError &error)
{
    Active *task = active(id);
    const TaskRecord &rec = m_records[id];
    const QString where = rec.endpoint.baseUrl.toDisplayString();
    if (task->consecutiveNonApiAnswers >= MaxNonApiAnswers) {
        pauseTask(id,
                  ApiError::make(ApiError::Kind::Protocol,
                                 tr("%1 does not answer like the DashScope API (%2). Check the "
                                    "base URL. The task is kept, and followed again at the next "
                                    "start or with `dashscope-studio resume`.")
                                         .arg(where, error.message)));
        return true;
    }
    if (m_unreachableTimeout > 0ms
        && nowMs() - task->firstFailureMs >= m_unreachableTimeout.count()) {
        ApiError paused = error;
        paused.message = tr("Cannot reach the service at %1 (%2). The task is kept, and followed "
                            "again at the next start or with `dashscope-studio resume`.")
                                 .arg(where, error.message);
        pauseTask(id, paused);
        return true;
    }
    return false;
}

void TaskService::checkIdle()
{
    if (m_idleCheckScheduled)
        return;
    m_idleCheckScheduled = true;
    // Deferred: a handler of taskFinished may submit the next task before we call it idle.
    QTimer::singleShot(0, this, [this] {
        m_idleCheckScheduled = false;
        if (m_active.empty())
            emit idle();
    });
}

// --- submitting -----------------------------------------------------------------------------

TaskStart TaskStart::refused(Refusal refusal, ApiError error, QList<ValidationIssue> issues)
{
    TaskStart start;
    start.refusal = refusal;
    start.error = std::move(error);
    start.issues = std::move(issues);
    return start;
}

TaskStart TaskService::submit(const GenerationRequest &request)
{
    QList<ValidationIssue> issues = request.validate(m_catalog, m_endpoint.region);
    if (issues.isEmpty()) // the files themselves, before anything is recorded or sent
        issues = InputFileCheck::issues(request, m_catalog.model(request.model));
    if (const QString problem = baseUrlProblem(m_endpoint.baseUrl); !problem.isEmpty())
        issues.append({ QStringLiteral("endpoint"), problem });
    if (m_apiKey.isEmpty())
        issues.append({ QStringLiteral("apiKey"),
                        tr("No API key is set. Add one in Settings, or set DASHSCOPE_API_KEY.") });
    if (!issues.isEmpty()) {
        return TaskStart::refused(
                TaskStart::Refusal::InvalidRequest,
                ApiError::make(ApiError::Kind::InvalidParameter, issues.first().message), issues);
    }

    const ModelInfo model = m_catalog.model(request.model);
    TaskRecord rec;
    // Size and seed are chosen now, so the library records exactly what is sent.
    rec.request = request.resolved(model);
    // Every create comes through here (the window, the command line, retry), so the budget
    // holds for all of them. Resumed tasks were created before and are not checked again.
    if (const QString problem = budgetProblem(rec.request); !problem.isEmpty())
        return TaskStart::refused(TaskStart::Refusal::OverBudget,
                                  ApiError::make(ApiError::Kind::InvalidParameter, problem),
                                  { { QStringLiteral("budget"), problem } });
    // The row exists before any network call: a crash from here on loses nothing.
    if (const LibraryResult added = recordNewTask(&rec, TaskState::Queued); !added)
        return notRecorded(added);

    std::unique_ptr<QLockFile> lock;
    claim(rec.id, &lock); // a new row: nobody else can hold it
    addRecord(rec, m_apiKey, Phase::Queued, std::move(lock));
    qCInfo(lcTasks).noquote() << "task" << rec.id << "queued:" << model.name
                              << GenerationRequest::sizeToString(rec.request.size) << "n"
                              << rec.request.count;
    emit taskAdded(rec);
    TaskStart start;
    start.id = rec.id;
    return start;
}

TaskStart TaskService::retry(qint64 id)
{
    return runAgain(id, false);
}

TaskStart TaskService::vary(qint64 id)
{
    return runAgain(id, true);
}

TaskStart TaskService::runAgain(qint64 id, bool newSeed)
{
    const TaskRecord old = task(id);
    if (old.id == 0) {
        return TaskStart::refused(
                TaskStart::Refusal::UnknownTask,
                ApiError::make(ApiError::Kind::NotFound,
                               tr("This task is not in the library any more (it was deleted), so "
                                  "it cannot be run again.")));
    }
    if (old.request.model.isEmpty()) {
        return TaskStart::refused(
                TaskStart::Refusal::NoRequest,
                ApiError::make(ApiError::Kind::InvalidParameter,
                               tr("This task was followed by its task ID, so its prompt and "
                                  "settings are unknown here and it cannot be run again.")));
    }
    GenerationRequest request = old.request; // as sent: submit() recorded the seed it picked
    if (newSeed)
        request.seed.reset();
    return submit(request);
}

void TaskService::handleSlotGranted(qint64 id)
{
    Active *task = active(id);
    if (!task || task->phase != Phase::Queued)
        return;
    task->phase = Phase::WaitingToCreate;
    scheduleCreate(id);
}

void TaskService::scheduleCreate(qint64 id)
{
    Active *task = active(id);
    if (!task)
        return;
    const TaskRecord &rec = m_records[id];
    const auto wait = m_scheduler->createDelay(rec.request.model, rec.endpoint.region);
    task->phase = Phase::WaitingToCreate;
    if (wait > 0ms) {
        task->timer->start(wait);
        return;
    }
    sendCreate(id);
}

void TaskService::sendCreate(qint64 id)
{
    Active *task = active(id);
    if (!task)
        return;
    TaskRecord &rec = record(id);
    const ModelInfo model = m_catalog.model(rec.request.model);
    // Input files first: checked against the model's limits, then inlined or uploaded. Nothing
    // is created (or paid for) until they are ready, and a file that breaks a limit stops here.
    const bool localInputs
            = std::any_of(rec.request.inputs.cbegin(), rec.request.inputs.cend(),
                          [](const RequestInput &in) { return !in.localPath.isEmpty(); });
    if (localInputs && !task->wireRequest) {
        task->phase = Phase::Preparing;
        InputPreparation *preparation
                = m_inputs->prepare(rec.endpoint, task->apiKey, rec.request, model);
        task->preparation = preparation;
        connect(preparation, &InputPreparation::finished, this,
                [this, id, preparation] { handlePrepared(id, preparation); });
        return;
    }
    ++task->createAttempts;
    task->phase = Phase::Creating;
    // Stored before the POST: after a crash, Submitting means "may exist", never "send again".
    rec.state = TaskState::Submitting;
    changed(id);

    DashScopeJob *job = m_client->createTask(rec.endpoint, task->apiKey, model,
                                             task->wireRequest.value_or(rec.request));
    task = active(id); // a taskChanged handler may have canceled it meanwhile
    if (!task) {
        job->disconnect(this);
        return; // the job still runs; its answer (a task id) is caught by nobody. See cancel().
    }
    task->job = job;
    connect(job, &DashScopeJob::finished, this, [this, id, job] { handleCreateFinished(id, job); });
}

void TaskService::handlePrepared(qint64 id, InputPreparation *preparation)
{
    preparation->deleteLater();
    Active *task = active(id);
    if (!task || task->preparation != preparation)
        return;
    task->preparation = nullptr;
    if (const ApiError error = preparation->error(); error.isError()) {
        ApiError failed = error;
        failed.message += QLatin1Char(' ') + tr("Nothing was sent to the service.");
        finishTask(id, TaskState::Failed, failed);
        return;
    }
    task->wireRequest = preparation->request();
    // Recorded as the files and their hashes, never wire values (a retry within 48 h finds the
    // uploads in the ledger).
    TaskRecord &rec = record(id);
    rec.request = preparation->forStorage();
    persist(rec);
    sendCreate(id);
}

void TaskService::handleCreateFinished(qint64 id, DashScopeJob *job)
{
    Active *task = jobEnded(id, job);
    if (!task)
        return;
    TaskRecord &rec = record(id);
    const ApiError error = job->error();

    if (!error.isError()) {
        const TaskSnapshot snapshot = job->snapshot();
        rec.taskId = snapshot.taskId;
        rec.requestId = job->requestId();
        rec.serviceStatus = snapshot.statusText;
        rec.state = stateFor(snapshot.status, TaskState::Pending);
        if (rec.state == TaskState::Submitting)
            rec.state = TaskState::Pending;
        rec.error = ApiError();
        // The task id is committed before anything else happens: it is what makes the task
        // recoverable (and not created twice) after a crash. When it cannot be, the task is still
        // followed and its results saved (it is paid for), and it ends with the library's error.
        persist(rec);
        task->acceptedAtMs = nowMs();
        qCInfo(lcTasks).noquote() << "task" << id << "created:" << rec.taskId << "request_id"
                                  << rec.requestId;
        const TaskRecord created = rec;
        emit taskChanged(created);
        task = active(id);
        if (!task)
            return;
        if (task->cancelRequested) {
            sendCancel(id);
            return;
        }
        schedulePoll(id, m_pollPolicy->nextDelay(policyInput(id, *task)));
        return;
    }

    // 429 Throttling*: the service refused before creating anything; trying again is safe.
    // Throttling.AllocationQuota (Kind::Quota) would only fail again.
    if (error.kind == ApiError::Kind::Throttled && task->createAttempts < MaxCreateAttempts
        && !task->cancelRequested) {
        PollPolicy::Input input;
        input.consecutiveFailures = task->createAttempts;
        input.jitter = jitter();
        const auto delay = m_pollPolicy->nextDelay(input);
        qCInfo(lcTasks).noquote() << "task" << id << "create throttled (" << error.code
                                  << "), retrying in" << delay.count() << "ms";
        rec.state = TaskState::Queued; // nothing exists on the service
        rec.error = error; // visible as a note while it waits
        task->phase = Phase::WaitingToCreate;
        changed(id);
        if (Active *stillActive = active(id))
            stillActive->timer->start(delay);
        return;
    }

    if (task->cancelRequested && !job->mayHaveCreatedTask()) {
        finishTask(
                id, TaskState::Canceled,
                canceledError(tr("Canceled before the service accepted it; nothing was created.")));
        return;
    }
    // Never sent again: a create that timed out or got a 5xx may exist, and would be billed twice.
    // It is looked for in the account's task list instead, and followed if it is there.
    if (job->mayHaveCreatedTask()) {
        qCInfo(lcTasks).noquote() << "task" << id << "create answer lost ("
                                  << ApiError::kindName(error.kind) << "): searching";
        task->phase = Phase::Adopting;
        task->acceptedAtMs = nowMs();
        rec.error = mayExistError(error, true); // a note while it is searched for
        changed(id, false);
        if (active(id))
            searchLostTask(id);
        return;
    }
    finishTask(id, TaskState::Failed, error);
}

void TaskService::setPriceTable(const PriceTable &prices)
{
    m_prices = prices;
}

void TaskService::setFreeOfCharge(bool free)
{
    m_free = free;
}

void TaskService::setMonthlyBudget(const QMap<QString, double> &budgetByCurrency)
{
    m_budget = budgetByCurrency;
}

CostEstimate TaskService::estimate(const GenerationRequest &request) const
{
    return m_prices.estimate(request, m_endpoint.region, m_catalog.model(request.model));
}

double TaskService::spentThisMonth(const QString &currency) const
{
    double spent = 0;
    if (m_library) {
        const QDate today = QDate::currentDate();
        const QDateTime from(QDate(today.year(), today.month(), 1), QTime(0, 0));
        for (const UsageEntry &entry : m_library->usage(from.toUTC(), from.addMonths(1).toUTC())) {
            if (entry.currency == currency && entry.amount)
                spent += *entry.amount;
        }
    }
    for (const TaskRecord &rec : m_records) {
        if (isFinished(rec.state) || rec.request.model.isEmpty())
            continue; // finished ones are in the ledger
        const CostEstimate cost = m_prices.estimate(rec.request, rec.endpoint.region,
                                                    m_catalog.model(rec.request.model));
        if (cost.known && cost.currency == currency)
            spent += cost.amount;
    }
    return spent;
}

QString TaskService::budgetProblem(const GenerationRequest &resolved) const
{
    if (m_free || m_budget.isEmpty())
        return {};
    const CostEstimate cost = estimate(resolved);
    const QString currency
            = cost.currency.isEmpty() ? regionCurrency(m_endpoint.region) : cost.currency;
    if (!m_budget.contains(currency))
        return {};
    if (!cost.known) {
        qCWarning(lcTasks).noquote() << "no price for" << resolved.model
                                     << "in the table: the monthly budget cannot be checked";
        return {};
    }
    const double budget = m_budget.value(currency);
    const double spent = spentThisMonth(currency);
    if (spent + cost.amount <= budget + 1e-9)
        return {};
    return tr("Over this month's budget: this request would cost about %1 (%2), %3 is already "
              "spent or on its way, and the budget is %4 (%5 left). Nothing was sent. Raise the "
              "budget or ask for less.")
            .arg(formatMoney(cost.amount, currency), cost.unitText, formatMoney(spent, currency),
                 formatMoney(budget, currency),
                 formatMoney(std::max(0.0, budget - spent), currency));
}
