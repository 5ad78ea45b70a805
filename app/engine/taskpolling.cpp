#include "engine/taskservice.h"

// TaskService, continued: the poll schedule (learnt from earlier tasks), polls and cancels of
// the tasks it follows.

#include "engine/resultfiles.h"
#include "engine/taskoutcomes.h"
#include "engine/taskscheduler.h"
#include "library/durationhistory.h"
#include "library/library.h"
#include "platform/logging.h"
#include "protocol/dashscopeclient.h"

#include <QTimer>
#include <algorithm>

using namespace std::chrono_literals;
using namespace TaskOutcomes;

namespace {

// The learnt schedule's limits per kind. Images: PollPlan's defaults (never a gap over the
// SDK's 5 s; a median delay under 0.5 s with a fifth fewer polls than the SDK, bench_polling).
// Videos (minutes): gaps up to four times the kind's cadence, and a poll worth 0.3 % of the
// usual duration, which keeps the delay under a fixed 15 s schedule's with a fifth to two
// fifths fewer polls.
PollPlan::Options planOptions(const PollHint &hint)
{
    PollPlan::Options options;
    if (hint.cadence > 0ms) {
        options.cap = 4 * hint.cadence;
        options.pollCost = 0.003;
        options.lateAfter = 0; // every second of a video's delay counts
    }
    return options;
}

} // namespace

// --- the schedule ---------------------------------------------------------------------------

PollPolicy::Input TaskService::policyInput(qint64 id, const Active &task)
{
    const TaskRecord &rec = m_records[id];
    PollPolicy::Input input;
    input.elapsed = std::chrono::milliseconds(std::max<qint64>(0, nowMs() - task.acceptedAtMs));
    input.polls = task.polls;
    input.consecutiveFailures = task.consecutiveFailures;
    input.jitter = jitter();
    input.firstPoll = task.pollHint.firstPoll;
    input.cadence = task.pollHint.cadence;
    input.plan = planFor(rec, task.pollHint);
    // The service's clock is anchored at submit_time = acceptedAtMs (the create answered just
    // after it; a resumed task's age comes from its created_at): so its own times, differences
    // on one clock, place scheduled_time on ours whatever its zone or drift.
    if (rec.submitTime.isValid() && rec.scheduledTime.isValid()) {
        const qint64 queued = rec.submitTime.msecsTo(rec.scheduledTime);
        if (queued >= 0)
            input.sinceScheduled = std::max(0ms, input.elapsed - std::chrono::milliseconds(queued));
    }
    return input;
}

std::shared_ptr<const PollPlan> TaskService::planFor(const TaskRecord &rec, const PollHint &hint)
{
    const DurationKey key = DurationKey::of(rec.request);
    if (!key.isValid()) // followed by id: what it is, and so its history, is unknown
        return nullptr;
    const QString id = key.id();
    auto it = m_histories.find(id);
    if (it == m_histories.end()) {
        // Once per key and run: a few hundred rows at most, through the index on created_at.
        History history;
        history.hint = hint;
        if (m_library && m_library->isOpen()) {
            const DurationSamples samples = m_library->recentDurations(key);
            history.totals = samples.totals;
            history.runs = samples.runs;
        }
        history.plan = PollPlan::fromSamples(history.totals, history.runs, planOptions(hint));
        it = m_histories.insert(id, history);
    }
    return it->plan;
}

void TaskService::learnDuration(const TaskRecord &rec)
{
    const auto it = m_histories.find(DurationKey::of(rec.request).id());
    const auto total = DurationHistory::totalOf(rec);
    if (it == m_histories.end() || !total)
        return;
    it->totals.prepend(*total);
    if (const auto run = DurationHistory::runOf(rec))
        it->runs.prepend(*run);
    if (it->totals.size() > DurationHistory::DefaultLimit)
        it->totals.resize(DurationHistory::DefaultLimit);
    if (it->runs.size() > DurationHistory::DefaultLimit)
        it->runs.resize(DurationHistory::DefaultLimit);
    it->plan = PollPlan::fromSamples(it->totals, it->runs, planOptions(it->hint));
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
        m_scheduler->withBudget(id, [this, id] { sendPoll(id); });
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
    Active *task = jobEnded(id, job);
    if (!task)
        return;
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
            const auto delay = m_pollPolicy->nextDelay(policyInput(id, *task));
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
    case TaskStatus::Succeeded: {
        const int limit = ResultFiles::resultLimit(rec, m_catalog);
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
                rec.request.count = std::min(int(snapshot.results.size()), limit);
        }
        learnDuration(rec); // the next tasks of its kind are polled knowing it
        rec.state = TaskState::Downloading;
        task->phase = Phase::Downloading; // frees the concurrency slot: the service is done
        m_scheduler->release(id);
        changed(id);
        startDownloads(id, snapshot);
        return;
    }
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

    // Longer than the kind usually takes: said (a note, once, then kept while it runs), never
    // given up on; the service decides when it ends.
    const auto softTimeout
            = std::chrono::duration_cast<std::chrono::milliseconds>(task->pollHint.softTimeout);
    if (softTimeout > 0ms && nowMs() - task->acceptedAtMs >= softTimeout.count()) {
        rec.error = ApiError::make(
                ApiError::Kind::Timeout,
                tr("Still running after %1 minutes, longer than usual; it is still being "
                   "followed and will be saved when the service finishes it.")
                        .arg(task->pollHint.softTimeout.count()));
        notify = notify || !task->toldSoftTimeout;
        task->toldSoftTimeout = true;
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
        schedulePoll(id, m_pollPolicy->nextDelay(policyInput(id, *stillActive)));
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
    case Phase::Preparing: // an upload may be under way; no task exists
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
        m_scheduler->dropBudgetRequests(id);
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
    m_scheduler->withBudget(id, [this, id] {
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
    if (!jobEnded(id, job))
        return;
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
