#include "engine/taskservice.h"

#include "engine/losttasksearch.h"
#include "engine/resultdownloader.h"
#include "library/library.h"
#include "platform/logging.h"
#include "protocol/dashscopeclient.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>

using namespace std::chrono_literals;

namespace {

// Tasks and their result URLs live 24 hours on the service.
constexpr qint64 ServiceRetentionMs = 24LL * 60 * 60 * 1000;
// A create rejected with 429 Throttling is retried this many times in all.
constexpr int MaxCreateAttempts = 6;
// Answers with HTTP 200 that are not the API's JSON, in a row, before the endpoint is taken to be
// the wrong one (a gateway glitch passes; a web page at a mistyped base URL does not).
constexpr int MaxNonApiAnswers = 3;
// GET /tasks/{id}, GET /tasks and cancel share 20 requests/s per account. Burst + rate (12 in any
// second as sent) leaves room for requests bunching on the way (QNetworkAccessManager queues them
// per host) and for other programs of the same account. 8/s still polls 40 tasks every 5 s.
constexpr double RequestsPerSecond = 8;
constexpr double RequestBurst = 4;

ApiError canceledError(const QString &message)
{
    return ApiError::make(ApiError::Kind::Canceled, message);
}

// What the person needs to know when a create failed in a way that may still have created it.
ApiError mayExistError(ApiError error, bool mayExist)
{
    if (!mayExist)
        return error;
    const QString original = error.message;
    // Spelled out: lupdate cannot see which context a free tr() helper would use.
    error.message = QCoreApplication::translate("TaskService",
                                                "The service may have created this task anyway "
                                                "(and may bill it). It was not sent again, "
                                                "so there is no duplicate. Look for it in the "
                                                "account's task list (the Model Studio console, "
                                                "or GET /api/v1/tasks) and follow it with its task "
                                                "id: dashscope-studio fetch TASK_ID.");
    if (!original.isEmpty())
        error.message += QLatin1Char(' ')
                + QCoreApplication::translate("TaskService", "Reason: %1").arg(original);
    return error;
}

// The key cannot see the task: another key (of the task's region) may.
bool isKeyProblem(const ApiError &error)
{
    return error.kind == ApiError::Kind::Authentication
            || error.kind == ApiError::Kind::RegionMismatchLikely
            || error.kind == ApiError::Kind::PermissionDenied;
}

// Poll answers worth trying again: the GET is idempotent.
bool isTransientPollError(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Transient:
    case ApiError::Kind::Throttled:
    case ApiError::Kind::Protocol: // a gateway page or broken JSON with HTTP 200
        return true;
    default:
        return error.httpStatus == 408 || error.httpStatus == 429 || error.httpStatus >= 500;
    }
}

TaskState stateFor(TaskStatus status, TaskState current)
{
    switch (status) {
    case TaskStatus::Pending:
    case TaskStatus::Suspended:
        return TaskState::Pending;
    case TaskStatus::Running:
        return TaskState::Running;
    default:
        return current; // terminal ones are handled by the caller; anything else: keep polling
    }
}

void upsertImage(TaskRecord &record, const ImageRecord &image)
{
    for (ImageRecord &existing : record.images) {
        if (existing.index == image.index) {
            existing = image;
            return;
        }
    }
    record.images.append(image);
    std::sort(record.images.begin(), record.images.end(),
              [](const ImageRecord &a, const ImageRecord &b) { return a.index < b.index; });
}

// The file an earlier run saved for this image if it died after the file was complete under its
// final name but before the library recorded it: one of the names uniqueFilePath() gives for
// `baseName`, carrying this task's id. Such a file is taken as it is, never saved a second time.
bool findUnrecordedFile(const QString &directory, const QString &baseName, const QString &taskId,
                        const QSet<QString> &reserved, ImageRecord *image)
{
    if (taskId.isEmpty())
        return false;
    const QDir dir(directory);
    static const QByteArray iend = QByteArray::fromHex("0000000049454e44ae426082");
    for (int n = 1;; ++n) {
        const QString path
                = dir.absoluteFilePath(n == 1 ? baseName + QStringLiteral(".png")
                                              : QStringLiteral("%1-%2.png").arg(baseName).arg(n));
        if (reserved.contains(path))
            continue; // being downloaded by this run
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return false; // the first free name: nothing of ours beyond it
        const QByteArray png = file.readAll();
        const std::optional<ImageProvenance> provenance = ImageMetadata::read(png);
        if (!provenance || provenance->taskId != taskId || !ImageMetadata::isPng(png)
            || !png.endsWith(iend))
            continue;
        image->filePath = path;
        image->pixelSize = ImageMetadata::pngSize(png);
        image->bytes = png.size();
        image->sha256 = QCryptographicHash::hash(png, QCryptographicHash::Sha256).toHex();
        return true;
    }
}

// Without O_TMPFILE (network shares, some removable file systems) QSaveFile writes
// "<name>.XXXXXX" beside its target, and a process killed meanwhile leaves that file behind.
// Before `path` is saved again, such remains of an earlier attempt at it go: empty ones, and those
// carrying this task's id. Anything else is left alone.
void removeInterruptedSaves(const QString &path, const QString &taskId)
{
    const QFileInfo target(path);
    const QDir dir = target.absoluteDir();
    static const QRegularExpression temporarySuffix(QStringLiteral("^\\.[A-Za-z0-9]{6}$"));
    const QStringList names = dir.entryList({ target.fileName() + QStringLiteral(".*") },
                                            QDir::Files | QDir::Hidden | QDir::System);
    for (const QString &name : names) {
        if (!name.startsWith(target.fileName())
            || !temporarySuffix.match(name.mid(target.fileName().size())).hasMatch())
            continue;
        const QString leftover = dir.absoluteFilePath(name);
        bool ours = QFileInfo(leftover).size() == 0;
        if (!ours && !taskId.isEmpty()) {
            const std::optional<ImageProvenance> provenance = ImageMetadata::readFile(leftover);
            ours = provenance && provenance->taskId == taskId;
        }
        if (ours && QFile::remove(leftover))
            qCInfo(lcTasks).noquote() << "removed" << leftover << "left by an interrupted save";
    }
}

} // namespace

TaskService::TaskService(const ModelCatalog &catalog, Library *library,
                         QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_catalog(catalog), m_library(library), m_network(network),
      m_client(new DashScopeClient(network, this)),
      m_pollPolicy(std::make_unique<DefaultPollPolicy>()),
      m_requestBudget(RequestsPerSecond, RequestBurst), m_budgetTimer(new QTimer(this))
{
    m_clock.start();
    m_budgetTimer->setSingleShot(true);
    connect(m_budgetTimer, &QTimer::timeout, this, &TaskService::handleBudgetTimer);
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    m_outputDirectory = QDir(pictures.isEmpty() ? QDir::homePath() : pictures)
                                .absoluteFilePath(QStringLiteral("DashScope Studio"));
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
        for (const QPointer<ResultDownloader> &downloader : std::as_const(task->downloads)) {
            if (downloader) {
                downloader->disconnect(this);
                delete downloader; // discards its temporary file
            }
        }
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
    m_maxConcurrentTasks = std::max(0, count);
    scheduleQueuePump();
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

TaskRecord &TaskService::record(qint64 id)
{
    return m_records[id];
}

qint64 TaskService::nowMs() const
{
    return m_clock.elapsed();
}

double TaskService::jitter() const
{
    return QRandomGenerator::global()->generateDouble();
}

PollPolicy::Input TaskService::policyInput(const Active &task) const
{
    PollPolicy::Input input;
    input.elapsed = std::chrono::milliseconds(std::max<qint64>(0, nowMs() - task.acceptedAtMs));
    input.polls = task.polls;
    input.consecutiveFailures = task.consecutiveFailures;
    input.jitter = jitter();
    return input;
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
    task->timer = new QTimer(this);
    task->timer->setSingleShot(true);
    connect(task->timer, &QTimer::timeout, this, [this, id] { handleTimer(id); });
    m_active[id] = std::move(task);
    return id;
}

bool TaskService::claim(qint64 id, std::unique_ptr<QLockFile> *lock) const
{
    if (!m_library)
        return true; // nothing shared with other processes
    const QString directory
            = QFileInfo(m_library->path()).absolutePath() + QStringLiteral("/locks");
    QDir().mkpath(directory);
    auto file = std::make_unique<QLockFile>(directory + QStringLiteral("/task-%1.lock").arg(id));
    // Held for as long as the task runs; only a holder that is gone (crashed, killed) makes it
    // stale.
    file->setStaleLockTime(0);
    if (!file->tryLock(0))
        return false;
    *lock = std::move(file);
    return true;
}

bool TaskService::persist(TaskRecord &rec)
{
    rec.updatedAt = QDateTime::currentDateTimeUtc();
    if (!m_library)
        return true;
    if (!m_library->updateTask(rec)) {
        qCWarning(lcTasks) << "could not store task" << rec.id << "in the library";
        return false;
    }
    return true;
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
    m_queue.removeAll(id);
    dropBudgetRequests(id);
    task->timer->stop();
    task->timer->deleteLater();
    if (task->job) {
        task->job->disconnect(this);
        task->job->abort();
        task->job->deleteLater();
    }
    for (const QPointer<ResultDownloader> &downloader : std::as_const(task->downloads)) {
        if (downloader) {
            downloader->disconnect(this);
            downloader->abort();
            downloader->deleteLater();
        }
    }
    if (task->search) {
        task->search->disconnect(this);
        task->search->abort();
        task->search->deleteLater();
    }
    for (const QString &path : std::as_const(task->reservedPaths))
        m_reservedPaths.remove(path);
    return task; // its claim (lock file) goes with it
}

void TaskService::finishTask(qint64 id, TaskState state, const ApiError &error)
{
    // Kept to the end: `error` may be one of its members (firstImageError).
    const std::unique_ptr<Active> task = stopFollowing(id);
    if (!task)
        return;
    TaskRecord &rec = record(id);
    rec.state = state;
    rec.error = error;
    rec.finishedAt = QDateTime::currentDateTimeUtc();
    persist(rec);
    qCInfo(lcTasks).noquote() << "task" << id << rec.taskId << "finished:" << taskStateId(state)
                              << (error.isError() ? error.message : QString());
    const TaskRecord snapshot = rec;
    emit taskChanged(snapshot);
    emit taskFinished(snapshot);
    scheduleQueuePump();
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
    persist(rec);
    qCInfo(lcTasks).noquote() << "task" << id << rec.taskId << "paused:" << error.message;
    const TaskRecord snapshot = rec;
    emit taskChanged(snapshot);
    emit taskPaused(snapshot);
    scheduleQueuePump();
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

QList<ValidationIssue> TaskService::submit(const GenerationRequest &request, qint64 *id)
{
    if (id)
        *id = 0;
    QList<ValidationIssue> issues = request.validate(m_catalog, m_endpoint.region);
    if (const QString problem = baseUrlProblem(m_endpoint.baseUrl); !problem.isEmpty())
        issues.append({ QStringLiteral("endpoint"), problem });
    if (m_apiKey.isEmpty())
        issues.append({ QStringLiteral("apiKey"),
                        tr("No API key is set. Add one in Settings, or set DASHSCOPE_API_KEY.") });
    if (!issues.isEmpty())
        return issues;

    const ModelInfo model = m_catalog.model(request.model);
    TaskRecord rec;
    // Size and seed are chosen now, so the library records exactly what is sent.
    rec.request = request.resolved(model);
    rec.endpoint = m_endpoint;
    rec.state = TaskState::Queued;
    rec.createdAt = QDateTime::currentDateTimeUtc();
    rec.updatedAt = rec.createdAt;
    // The row exists before any network call: a crash from here on loses nothing.
    if (m_library) {
        if (!m_library->addTask(&rec) || rec.id == 0)
            return { { QStringLiteral("library"),
                       tr("The task could not be recorded in the library, so it was not sent.") } };
    } else {
        rec.id = m_nextLocalId--;
    }

    if (!request.seed)
        m_randomSeed.insert(rec.id);
    std::unique_ptr<QLockFile> lock;
    claim(rec.id, &lock); // a new row: nobody else can hold it
    addRecord(rec, m_apiKey, Phase::Queued, std::move(lock));
    m_queue.append(rec.id);
    if (id)
        *id = rec.id;
    qCInfo(lcTasks).noquote() << "task" << rec.id << "queued:" << model.name
                              << GenerationRequest::sizeToString(rec.request.size) << "n"
                              << rec.request.count;
    emit taskAdded(rec);
    scheduleQueuePump();
    return {};
}

qint64 TaskService::retry(qint64 id)
{
    const TaskRecord old = task(id);
    if (old.id == 0 || old.request.model.isEmpty())
        return 0; // unknown, or tracked without a request
    GenerationRequest request = old.request;
    // A seed we picked gets a new pick; a seed the person fixed (or one we cannot tell) stays.
    if (m_randomSeed.contains(id))
        request.seed.reset();
    qint64 newId = 0;
    submit(request, &newId);
    return newId;
}

void TaskService::scheduleQueuePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_pumpScheduled = false;
        pumpQueue();
    });
}

bool TaskService::occupiesSlot(const Active &task) const
{
    return task.phase != Phase::Queued && task.phase != Phase::Downloading;
}

int TaskService::slotsInUse(const QString &model) const
{
    int count = 0;
    for (const auto &[id, task] : m_active) {
        if (occupiesSlot(*task) && (model.isNull() || m_records.value(id).request.model == model))
            ++count;
    }
    return count;
}

void TaskService::pumpQueue()
{
    // FIFO per model: a model at its limit does not hold back tasks of another model.
    const QList<qint64> queue = m_queue;
    for (const qint64 id : queue) {
        Active *task = active(id);
        if (!task || task->phase != Phase::Queued)
            continue;
        if (m_maxConcurrentTasks > 0 && slotsInUse(QString()) >= m_maxConcurrentTasks)
            break;
        const TaskRecord &rec = m_records[id];
        const ModelInfo model = m_catalog.model(rec.request.model);
        if (slotsInUse(rec.request.model) >= std::max(1, model.concurrency))
            continue;
        m_queue.removeAll(id);
        task->phase = Phase::WaitingToCreate;
        scheduleCreate(id);
    }
}

void TaskService::scheduleCreate(qint64 id)
{
    Active *task = active(id);
    if (!task)
        return;
    const TaskRecord &rec = m_records[id];
    const ModelInfo model = m_catalog.model(rec.request.model);
    // Submit limits are per model and region (wan2.6-t2i: 1/s in Beijing, 5/s elsewhere).
    const QString budgetKey = model.name + QLatin1Char('@') + regionId(rec.endpoint.region);
    auto budget = m_createBudgets.find(budgetKey);
    if (budget == m_createBudgets.end()) {
        const double rate = std::max(0.1, model.submitRpsIn(rec.endpoint.region));
        budget = m_createBudgets.emplace(budgetKey, RequestBudget(rate, 1)).first;
    }
    const auto wait = budget->second.tryAcquire(std::chrono::milliseconds(nowMs()));
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
    ++task->createAttempts;
    task->phase = Phase::Creating;
    // Stored before the POST: after a crash, Submitting means "may exist", never "send again".
    rec.state = TaskState::Submitting;
    changed(id);

    DashScopeJob *job = m_client->createTask(rec.endpoint, task->apiKey, model, rec.request);
    task = active(id); // a taskChanged handler may have canceled it meanwhile
    if (!task) {
        job->disconnect(this);
        return; // the job still runs; its answer (a task id) is caught by nobody. See cancel().
    }
    task->job = job;
    connect(job, &DashScopeJob::finished, this, [this, id, job] { handleCreateFinished(id, job); });
}

void TaskService::handleCreateFinished(qint64 id, DashScopeJob *job)
{
    job->deleteLater();
    Active *task = active(id);
    if (!task)
        return;
    task->job = nullptr;
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
        // recoverable (and not created twice) after a crash.
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
        schedulePoll(id, m_pollPolicy->nextDelay(policyInput(*task)));
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

// --- polling --------------------------------------------------------------------------------

void TaskService::handleTimer(qint64 id)
{
    Active *task = active(id);
    if (!task)
        return;
    switch (task->phase) {
    case Phase::WaitingToCreate:
        scheduleCreate(id);
        break;
    case Phase::WaitingToPoll:
        task->phase = Phase::Polling;
        withBudget(id, [this, id] { sendPoll(id); });
        break;
    default:
        break;
    }
}

void TaskService::schedulePoll(qint64 id, std::chrono::milliseconds delay)
{
    Active *task = active(id);
    if (!task)
        return;
    task->phase = Phase::WaitingToPoll;
    task->timer->start(std::max(0ms, delay));
}

void TaskService::withBudget(qint64 owner, std::function<void()> send)
{
    if (m_budgetQueue.isEmpty()
        && m_requestBudget.tryAcquire(std::chrono::milliseconds(nowMs())) == 0ms) {
        send();
        return;
    }
    m_budgetQueue.append({ owner, std::move(send) });
    if (!m_budgetTimer->isActive())
        handleBudgetTimer();
}

void TaskService::handleBudgetTimer()
{
    while (!m_budgetQueue.isEmpty()) {
        const auto wait = m_requestBudget.tryAcquire(std::chrono::milliseconds(nowMs()));
        if (wait > 0ms) {
            m_budgetTimer->start(wait);
            return;
        }
        const BudgetRequest request = m_budgetQueue.takeFirst();
        request.send();
    }
}

void TaskService::dropBudgetRequests(qint64 owner)
{
    m_budgetQueue.removeIf(
            [owner](const BudgetRequest &request) { return request.owner == owner; });
}

void TaskService::sendPoll(qint64 id)
{
    Active *task = active(id);
    if (!task || task->phase != Phase::Polling)
        return;
    const TaskRecord &rec = m_records[id];
    DashScopeJob *job = m_client->fetchTask(rec.endpoint, task->apiKey, rec.taskId);
    task->job = job;
    connect(job, &DashScopeJob::finished, this, [this, id, job] { handlePollFinished(id, job); });
}

void TaskService::handlePollFinished(qint64 id, DashScopeJob *job)
{
    job->deleteLater();
    Active *task = active(id);
    if (!task)
        return;
    task->job = nullptr;
    TaskRecord &rec = record(id);
    const ApiError error = job->error();

    if (error.isError()) {
        if (isKeyProblem(error)) {
            // The task exists and is the account's; this key cannot see it. Another key (the
            // right region's) can: keep it for that run, never mark it failed.
            ApiError paused = error;
            paused.message = tr("The key was refused for this task at %1 (%2). The task is kept: "
                                "follow it again with that endpoint's key (Settings, or "
                                "`dashscope-studio resume` with DASHSCOPE_API_KEY set).")
                                     .arg(rec.endpoint.baseUrl.toDisplayString(), error.message);
            pauseTask(id, paused);
            return;
        }
        if (job->connectionRefused() && isLoopbackHost(rec.endpoint.baseUrl.host())) {
            // Nothing listens there: a simulator that has stopped (the built-in one of an
            // earlier run, say). Waiting would not bring it back.
            ApiError paused = error;
            paused.message = tr("Nothing answers at %1 (a simulator that has stopped?). The task "
                                "is kept: follow it again with `dashscope-studio resume "
                                "--base-url %1` while that simulator runs.")
                                     .arg(rec.endpoint.baseUrl.toDisplayString());
            pauseTask(id, paused);
            return;
        }
        const qint64 age = rec.createdAt.isValid()
                ? rec.createdAt.msecsTo(QDateTime::currentDateTimeUtc())
                : 0;
        if (isTransientPollError(error) && age < ServiceRetentionMs) {
            // Not a failure of the task: the GET is simply tried again, later each time.
            if (task->consecutiveFailures == 0)
                task->firstFailureMs = nowMs();
            ++task->consecutiveFailures;
            if (error.kind == ApiError::Kind::Protocol && error.httpStatus == 200)
                ++task->consecutiveNonApiAnswers;
            else
                task->consecutiveNonApiAnswers = 0;
            if (pauseIfUnreachable(id, error))
                return;
            const auto delay = m_pollPolicy->nextDelay(policyInput(*task));
            qCInfo(lcTasks).noquote()
                    << "task" << id << "poll failed (" << ApiError::kindName(error.kind)
                    << error.httpStatus << "), retrying in" << delay.count() << "ms";
            rec.error = error; // a note while it retries; cleared by the next good answer
            schedulePoll(id, delay);
            changed(id, false);
            return;
        }
        if (isTransientPollError(error)) {
            finishTask(id, TaskState::Expired, ApiError::make(ApiError::Kind::Expired));
            return;
        }
        finishTask(id, TaskState::Failed, error);
        return;
    }
    ++task->polls;
    task->consecutiveFailures = 0;
    task->consecutiveNonApiAnswers = 0;
    applySnapshot(id, job->snapshot());
}

void TaskService::applySnapshot(qint64 id, const TaskSnapshot &snapshot)
{
    Active *task = active(id);
    if (!task)
        return;
    TaskRecord &rec = record(id);
    bool store = rec.serviceStatus != snapshot.statusText;
    bool notify = store || rec.error.isError();
    rec.serviceStatus = snapshot.statusText;
    rec.error = ApiError();
    if (rec.requestId.isEmpty())
        rec.requestId = snapshot.requestId; // tracked tasks: no create answer to take it from
    if (snapshot.submitTime.isValid() && snapshot.submitTime != rec.submitTime) {
        rec.submitTime = snapshot.submitTime;
        store = true;
    }
    if (snapshot.scheduledTime.isValid() && snapshot.scheduledTime != rec.scheduledTime) {
        rec.scheduledTime = snapshot.scheduledTime;
        store = true;
    }
    if (snapshot.endTime.isValid())
        rec.endTime = snapshot.endTime;
    if (!snapshot.usage.isEmpty())
        rec.usage = snapshot.usage;

    switch (snapshot.status) {
    case TaskStatus::Succeeded:
        if (rec.request.prompt.isEmpty()) {
            // A task followed by id (made with cURL, say): the results tell what was asked for,
            // which names its files and fills the library's search.
            for (const ImageResult &result : snapshot.results) {
                if (!result.origPrompt.isEmpty()) {
                    rec.request.prompt = result.origPrompt;
                    break;
                }
            }
            if (!snapshot.results.isEmpty())
                rec.request.count = int(snapshot.results.size());
        }
        rec.state = TaskState::Downloading;
        task->phase = Phase::Downloading; // frees the concurrency slot: the service is done
        changed(id);
        scheduleQueuePump();
        startDownloads(id, snapshot);
        return;
    case TaskStatus::Failed:
        finishTask(id, TaskState::Failed,
                   ApiError::fromTaskFailure(snapshot.code, snapshot.message, snapshot.requestId));
        return;
    case TaskStatus::Canceled:
        finishTask(id, TaskState::Canceled,
                   canceledError(tr("The task was canceled on the service.")));
        return;
    case TaskStatus::Unknown: {
        // The service forgets tasks after 24 hours; before that UNKNOWN means it never knew it.
        const qint64 age = rec.createdAt.isValid()
                ? rec.createdAt.msecsTo(QDateTime::currentDateTimeUtc())
                : 0;
        if (age >= ServiceRetentionMs - 60 * 60 * 1000) {
            finishTask(id, TaskState::Expired,
                       ApiError::make(ApiError::Kind::Expired,
                                      tr("The service no longer knows this task: task ids expire "
                                         "after 24 hours.")));
        } else {
            ApiError error = ApiError::make(ApiError::Kind::NotFound,
                                            tr("The service does not know the task id %1 (status "
                                               "UNKNOWN). It may belong to another region "
                                               "or account, or be older than 24 hours.")
                                                    .arg(rec.taskId));
            error.requestId = snapshot.requestId;
            finishTask(id, TaskState::Failed, error);
        }
        return;
    }
    default:
        break;
    }

    const TaskState state = stateFor(
            snapshot.status, rec.state == TaskState::Submitting ? TaskState::Pending : rec.state);
    if (state != rec.state) {
        rec.state = state;
        store = true;
    }
    if (store || notify)
        changed(id, store);
    if (Active *stillActive = active(id); stillActive && stillActive->phase == Phase::Polling)
        schedulePoll(id, m_pollPolicy->nextDelay(policyInput(*stillActive)));
}

// --- cancel ---------------------------------------------------------------------------------

void TaskService::cancel(qint64 id)
{
    Active *task = active(id);
    if (!task)
        return;
    TaskRecord &rec = record(id);
    switch (task->phase) {
    case Phase::Queued:
    case Phase::WaitingToCreate:
        finishTask(id, TaskState::Canceled,
                   canceledError(tr("Canceled before it was sent; nothing was created.")));
        return;
    case Phase::Creating:
        // The POST is on its way and may be accepted: wait for the task id, then cancel that.
        task->cancelRequested = true;
        return;
    case Phase::Cancelling:
        return;
    case Phase::Adopting:
        finishTask(id, TaskState::Canceled,
                   canceledError(tr("Stopped looking for this task. The service may have created "
                                    "it: look for it in the account's task list and follow it "
                                    "with dashscope-studio fetch TASK_ID.")));
        return;
    case Phase::Downloading:
        finishTask(id, TaskState::Canceled,
                   canceledError(tr("Downloads stopped. Images saved so far are kept; the others "
                                    "can be fetched "
                                    "for 24 hours with the task id %1.")
                                         .arg(rec.taskId)));
        return;
    case Phase::WaitingToPoll:
    case Phase::Polling:
        break;
    }
    task->cancelRequested = true;
    if (rec.state == TaskState::Pending) {
        // Only a PENDING task can be canceled on the service.
        task->timer->stop();
        dropBudgetRequests(id);
        if (task->job) {
            task->job->disconnect(this);
            task->job->abort();
            task->job->deleteLater();
            task->job = nullptr;
        }
        sendCancel(id);
        return;
    }
    stopLocally(id, QString());
}

void TaskService::sendCancel(qint64 id)
{
    Active *task = active(id);
    if (!task)
        return;
    task->phase = Phase::Cancelling;
    withBudget(id, [this, id] {
        Active *current = active(id);
        if (!current)
            return;
        const TaskRecord &rec = m_records[id];
        DashScopeJob *job = m_client->cancelTask(rec.endpoint, current->apiKey, rec.taskId);
        current->job = job;
        connect(job, &DashScopeJob::finished, this,
                [this, id, job] { handleCancelFinished(id, job); });
    });
}

void TaskService::handleCancelFinished(qint64 id, DashScopeJob *job)
{
    job->deleteLater();
    Active *task = active(id);
    if (!task)
        return;
    task->job = nullptr;
    const ApiError error = job->error();
    if (!error.isError()) {
        record(id).serviceStatus = taskStatusToString(TaskStatus::Canceled);
        finishTask(
                id, TaskState::Canceled,
                canceledError(tr("Canceled on the service before it started; it is not billed.")));
        return;
    }
    // Typically 400 UnsupportedOperation: it started running in the meantime.
    stopLocally(id, error.message.isEmpty() ? ApiError::kindName(error.kind) : error.message);
}

void TaskService::stopLocally(qint64 id, const QString &reason)
{
    const TaskRecord &rec = m_records[id];
    QString message;
    if (!reason.isEmpty())
        message = tr("The service refused to cancel it (%1).").arg(reason) + QLatin1Char(' ');
    message += tr("Stopped here only: the service cannot cancel a task that has started, so it "
                  "keeps running "
                  "there and may be billed. Its results can still be fetched for 24 hours: "
                  "dashscope-studio fetch %1")
                       .arg(rec.taskId);
    finishTask(id, TaskState::Canceled, canceledError(message));
}

// --- results --------------------------------------------------------------------------------

void TaskService::startDownloads(qint64 id, const TaskSnapshot &snapshot)
{
    Active *task = active(id);
    if (!task)
        return;
    const TaskRecord rec
            = m_records.value(id); // a copy: storeImage() emits, handlers may add tasks
    if (snapshot.results.isEmpty()) {
        const QString message = snapshot.videoUrl.isEmpty()
                ? tr("The service reported success but sent no results.")
                : tr("This task produced a video, which this version cannot save yet.");
        finishTask(id, TaskState::Failed, ApiError::make(ApiError::Kind::Protocol, message));
        return;
    }
    task->resultCount = int(snapshot.results.size());
    const QDateTime now = QDateTime::currentDateTimeUtc();

    for (int index = 0; index < snapshot.results.size(); ++index) {
        const ImageResult &result = snapshot.results.at(index);
        const auto saved = std::find_if(rec.images.cbegin(), rec.images.cend(),
                                        [index](const ImageRecord &image) {
                                            return image.index == index && image.isSaved();
                                        });
        if (saved != rec.images.cend())
            continue; // saved before a restart

        ImageRecord image;
        image.taskRowId = id;
        image.index = index;
        image.seed = rec.request.seed ? *rec.request.seed + index : -1;
        image.actualPrompt = result.actualPrompt;
        image.remoteUrl = result.url;
        image.urlExpiry = ResultDownloader::urlExpiry(result.url);
        image.createdAt = now;

        if (result.failed()) {
            // Per-image failure inside a SUCCEEDED task, e.g. DataInspectionFailed.
            image.errorCode = result.code;
            image.errorMessage = result.message;
            if (!task->firstImageError.isError())
                task->firstImageError = ApiError::fromTaskFailure(result.code, result.message,
                                                                  snapshot.requestId);
            storeImage(id, image);
            task = active(id);
            if (!task)
                return;
            continue;
        }

        ImageProvenance provenance;
        provenance.prompt = rec.request.prompt;
        provenance.negativePrompt = rec.request.negativePrompt;
        provenance.actualPrompt = result.actualPrompt;
        provenance.model = rec.request.model;
        provenance.region = regionId(rec.endpoint.region);
        provenance.taskId = rec.taskId;
        provenance.requestId = rec.requestId;
        provenance.seed = image.seed;
        provenance.size = rec.request.size;
        provenance.promptExtend = rec.request.promptExtend;
        provenance.watermark = rec.request.watermark;
        provenance.created = now;
        provenance.software
                = QStringLiteral("DashScope Studio %1").arg(QStringLiteral(STUDIO_VERSION));

        const QString baseName = ResultDownloader::fileBaseName(
                rec.createdAt.isValid() ? rec.createdAt : now,
                rec.request.prompt.isEmpty() ? rec.taskId : rec.request.prompt, image.seed, index);
        if (findUnrecordedFile(m_outputDirectory, baseName, rec.taskId, m_reservedPaths, &image)) {
            qCInfo(lcTasks).noquote() << "task" << id << "image" << index
                                      << "was saved before a restart:" << image.filePath;
            storeImage(id, image);
            task = active(id);
            if (!task)
                return;
            continue;
        }
        const QString path = ResultDownloader::uniqueFilePath(
                m_outputDirectory, baseName, QStringLiteral("png"), m_reservedPaths);
        removeInterruptedSaves(path, rec.taskId);
        m_reservedPaths.insert(path);
        task->reservedPaths.insert(index, path);
        task->pendingImages.insert(index, image);

        auto *downloader = new ResultDownloader(m_network, this);
        task->downloads.insert(index, downloader);
        connect(downloader, &ResultDownloader::finished, this,
                [this, id, index, downloader] { handleDownloadFinished(id, index, downloader); });
        downloader->start(result.url, path, provenance);
    }
    if (task->downloads.isEmpty())
        finishDownloads(id);
}

void TaskService::handleDownloadFinished(qint64 id, int index, ResultDownloader *downloader)
{
    downloader->deleteLater();
    Active *task = active(id);
    if (!task)
        return;
    task->downloads.remove(index);
    m_reservedPaths.remove(task->reservedPaths.take(index));
    ImageRecord image = task->pendingImages.take(index);

    const ApiError error = downloader->error();
    if (!error.isError()) {
        image.filePath = downloader->filePath();
        image.pixelSize = downloader->pixelSize();
        image.bytes = downloader->fileSize();
        image.sha256 = downloader->sha256();
        image.errorCode.clear();
        image.errorMessage.clear();
    } else {
        image.errorCode = ApiError::kindName(error.kind);
        image.errorMessage = error.message;
        if (error.kind == ApiError::Kind::Expired)
            ++task->expiredImages;
        if (!task->firstImageError.isError())
            task->firstImageError = error;
    }
    storeImage(id, image);
    task = active(id);
    if (task && task->downloads.isEmpty())
        finishDownloads(id);
}

void TaskService::storeImage(qint64 id, ImageRecord image)
{
    if (m_library && !m_library->addImage(&image))
        qCWarning(lcTasks) << "could not store image" << image.index << "of task" << id
                           << "in the library";
    TaskRecord &rec = record(id);
    upsertImage(rec, image);
    if (!rec.request.size.isValid() && image.pixelSize.isValid()) {
        rec.request.size
                = image.pixelSize; // a followed task: its request is known only from its results
        persist(rec);
    }
    if (image.isSaved())
        emit imageSaved(image);
    if (active(id))
        emit taskChanged(m_records.value(id));
}

void TaskService::finishDownloads(qint64 id)
{
    Active *task = active(id);
    if (!task)
        return;
    const TaskRecord &rec = m_records[id];
    int saved = 0;
    for (const ImageRecord &image : rec.images) {
        if (image.index < task->resultCount && image.isSaved())
            ++saved;
    }
    if (saved == task->resultCount)
        finishTask(id, TaskState::Done, ApiError());
    else if (saved > 0)
        finishTask(id, TaskState::PartlyDone, task->firstImageError);
    else if (task->expiredImages == task->resultCount)
        finishTask(id, TaskState::Expired, task->firstImageError); // the links outlived their 24 h
    else
        finishTask(id, TaskState::Failed, task->firstImageError);
}

// --- following tasks created elsewhere, and resuming ----------------------------------------

qint64 TaskService::track(const QString &taskIdText)
{
    const QString taskId = taskIdText.trimmed();
    if (!DashScopeClient::isPlausibleTaskId(taskId))
        return 0;
    for (const auto &[id, task] : m_active) {
        Q_UNUSED(task)
        if (m_records.value(id).taskId == taskId)
            return id; // already followed
    }

    TaskRecord rec = m_library ? m_library->taskByServiceId(taskId) : TaskRecord();
    if (rec.id != 0 && rec.state == TaskState::Done) {
        // Everything is saved already; report it as finished without asking the service again.
        m_records.insert(rec.id, rec);
        if (!m_order.contains(rec.id))
            m_order.append(rec.id);
        const qint64 id = rec.id;
        QTimer::singleShot(0, this, [this, id] {
            const TaskRecord done = m_records.value(id);
            emit taskAdded(done);
            emit taskFinished(done);
            checkIdle();
        });
        return id;
    }
    const bool known = rec.id != 0;
    if (!known) {
        rec.taskId = taskId;
        rec.endpoint = m_endpoint;
        rec.state = TaskState::Pending;
        rec.createdAt = QDateTime::currentDateTimeUtc();
        rec.updatedAt = rec.createdAt;
        if (m_library) {
            if (!m_library->addTask(&rec) || rec.id == 0)
                return 0;
        } else {
            rec.id = m_nextLocalId--;
        }
    }
    std::unique_ptr<QLockFile> lock;
    if (!claim(rec.id, &lock)) {
        qCInfo(lcTasks).noquote() << "task" << rec.id << taskId << "is followed by another process";
        return 0;
    }
    if (known) {
        rec.error = ApiError(); // polled where it was created: its endpoint stays
        if (isFinished(rec.state))
            rec.state = TaskState::Pending;
        persist(rec);
    }
    const qint64 id = addRecord(rec, m_apiKey, Phase::WaitingToPoll, std::move(lock));
    active(id)->acceptedAtMs = nowMs();
    qCInfo(lcTasks).noquote() << "task" << id << "tracking" << taskId;
    emit taskAdded(rec);
    schedulePoll(id, 0ms);
    return id;
}

TaskService::ResumeResult TaskService::resumeUnfinished(const KeyForEndpoint &keyFor)
{
    ResumeResult result;
    if (!m_library)
        return result;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<TaskRecord> unfinished = m_library->unfinishedTasks();
    for (const TaskRecord &listed : unfinished) {
        if (m_active.find(listed.id) != m_active.end())
            continue; // this run's own
        std::unique_ptr<QLockFile> lock;
        if (!claim(listed.id, &lock)) {
            qCInfo(lcTasks) << "task" << listed.id << "is followed by another running process";
            continue;
        }
        TaskRecord rec = m_library->task(listed.id); // as it is now that no one else follows it
        if (rec.id == 0)
            rec = listed;
        if (isFinished(rec.state))
            continue; // finished by its holder between the listing and the claim
        const qint64 age
                = rec.createdAt.isValid() ? rec.createdAt.msecsTo(now) : ServiceRetentionMs;
        const QString key = keyFor ? keyFor(rec.endpoint).trimmed() : QString();

        ApiError error;
        TaskState state = TaskState::Failed;
        if (age >= ServiceRetentionMs) {
            state = TaskState::Expired;
            error = ApiError::make(ApiError::Kind::Expired,
                                   tr("The program was not running while this task could be "
                                      "fetched: the service keeps tasks and their images for 24 "
                                      "hours only."));
        } else if (rec.taskId.isEmpty() && rec.state != TaskState::Submitting
                   && rec.state != TaskState::Paused) {
            error = ApiError::make(ApiError::Kind::Canceled,
                                   tr("The program stopped before this task was sent; nothing "
                                      "was created. Retry it to send it now."));
        } else if (key.isEmpty()) {
            // Followed only where it was created, with that endpoint's key: kept for a run that
            // has it, and said so.
            rec.state = TaskState::Paused;
            rec.error = ApiError::make(
                    ApiError::Kind::Authentication,
                    tr("This task was created at %1, and there is no key for that endpoint here. "
                       "It is kept: follow it with that endpoint's key (Settings, or "
                       "`dashscope-studio resume --base-url %1` with DASHSCOPE_API_KEY set).")
                            .arg(rec.endpoint.baseUrl.toDisplayString()));
            persist(rec);
            qCInfo(lcTasks).noquote() << "task" << rec.id << rec.taskId << "paused: no key for"
                                      << rec.endpoint.baseUrl.toDisplayString();
            result.paused.append(rec);
            m_records.insert(rec.id, rec);
            if (!m_order.contains(rec.id))
                m_order.append(rec.id);
            emit taskAdded(rec);
            emit taskPaused(rec);
            continue; // the lock goes: another process with the key may take it
        } else if (rec.taskId.isEmpty()) {
            // Stopped while the create was on its way: the service may have made (and will bill)
            // the task. Never sent again; found in the account's task list instead.
            rec.state = TaskState::Submitting;
            rec.error = ApiError();
            const qint64 id = addRecord(rec, key, Phase::Adopting, std::move(lock));
            active(id)->acceptedAtMs = nowMs() - std::max<qint64>(0, age);
            qCInfo(lcTasks).noquote() << "task" << id << "lost its create answer: searching";
            emit taskAdded(rec);
            searchLostTask(id);
            ++result.resumed;
            continue;
        } else {
            if (rec.state == TaskState::Paused) {
                rec.state = TaskState::Pending; // until the first answer says more
                rec.error = ApiError();
            }
            const qint64 id = addRecord(rec, key, Phase::WaitingToPoll, std::move(lock));
            active(id)->acceptedAtMs = nowMs() - std::max<qint64>(0, age);
            qCInfo(lcTasks).noquote()
                    << "task" << id << rec.taskId << "resumed at"
                    << rec.endpoint.baseUrl.toDisplayString() << "state" << taskStateId(rec.state);
            emit taskAdded(rec);
            schedulePoll(id, 0ms);
            ++result.resumed;
            continue;
        }

        rec.state = state;
        rec.error = error;
        rec.finishedAt = now;
        persist(rec);
        m_records.insert(rec.id, rec);
        if (!m_order.contains(rec.id))
            m_order.append(rec.id);
        emit taskAdded(rec);
        emit taskFinished(rec);
    }
    if (m_active.empty())
        checkIdle();
    return result;
}

// --- tasks whose create answer was lost -----------------------------------------------------

void TaskService::searchLostTask(qint64 id)
{
    Active *task = active(id);
    const TaskRecord &rec = m_records[id];
    // The create was sent when the row became Submitting (its last write); the service made the
    // task at most one request timeout later.
    const QDateTime sentAt = rec.updatedAt.isValid() ? rec.updatedAt : rec.createdAt;
    const auto isKnown = [this, id](const QString &taskId) {
        const TaskRecord known = m_library ? m_library->taskByServiceId(taskId) : TaskRecord();
        return known.id != 0 && known.id != id;
    };
    auto *search = new LostTaskSearch(m_client, rec.endpoint, task->apiKey, rec.request.model,
                                      sentAt, 2 * m_client->timeout().count(), isKnown, this);
    task->search = search;
    connect(search, &LostTaskSearch::finished, this,
            [this, id, search] { handleSearchFinished(id, search); });
    withBudget(id, [search] { search->start(); });
}

void TaskService::handleSearchFinished(qint64 id, LostTaskSearch *search)
{
    search->deleteLater();
    Active *task = active(id);
    if (!task)
        return;
    task->search = nullptr;
    TaskRecord &rec = record(id);
    const QString model = rec.request.model;
    switch (search->outcome()) {
    case LostTaskSearch::Outcome::Found:
        rec.taskId = search->taskId();
        rec.state = TaskState::Pending;
        rec.error = ApiError();
        qCInfo(lcTasks).noquote() << "task" << id << "found in the task list:" << rec.taskId;
        changed(id); // the task id is committed before anything else
        if (Active *found = active(id); found && found->cancelRequested)
            sendCancel(id);
        else
            schedulePoll(id, 0ms);
        return;
    case LostTaskSearch::Outcome::NotFound:
        finishTask(id, TaskState::Failed,
                   ApiError::make(ApiError::Kind::NotFound,
                                  tr("The program stopped while sending this task, and the "
                                     "account has no task of %1 from that moment: it was not "
                                     "created, and nothing is billed. Retry it to send it now.")
                                          .arg(model)));
        return;
    case LostTaskSearch::Outcome::Ambiguous:
        finishTask(id, TaskState::Failed,
                   ApiError::make(
                           ApiError::Kind::NotFound,
                           tr("The program stopped while sending this task. The account "
                              "has %1 tasks of %2 from that moment (%3), so which one is "
                              "this cannot be told; it was not sent again. Follow yours "
                              "with dashscope-studio fetch TASK_ID.")
                                   .arg(search->candidates().size())
                                   .arg(model, search->candidates().join(QStringLiteral(", ")))));
        return;
    case LostTaskSearch::Outcome::Failed:
        break;
    }
    ApiError paused = search->error();
    paused.message = tr("The program stopped while sending this task, so the service may have "
                        "created it, and the account's task list could not be read to find it "
                        "(%1). It was not sent again; it is searched for at the next start or "
                        "with `dashscope-studio resume`.")
                             .arg(search->error().message);
    pauseTask(id, paused);
}

// --- key test -------------------------------------------------------------------------------

void TaskService::testKey(const Endpoint &endpoint, const QString &apiKey)
{
    withBudget(0, [this, endpoint, apiKey] {
        DashScopeJob *job = m_client->listTasks(endpoint, apiKey, TaskListQuery::firstPage(1));
        connect(job, &DashScopeJob::finished, this, [this, job] {
            job->deleteLater();
            emit keyTested(job->error());
        });
    });
}
