#include "engine/taskservice.h"

// TaskService, continued: tasks made elsewhere or by an earlier run, and the key test.

#include "engine/losttasksearch.h"
#include "engine/taskoutcomes.h"
#include "engine/taskscheduler.h"
#include "library/library.h"
#include "platform/logging.h"
#include "protocol/dashscopeclient.h"

#include <QTimer>
#include <algorithm>

using namespace std::chrono_literals;
using namespace TaskOutcomes;

// --- following tasks created elsewhere, and resuming ----------------------------------------

TaskStart TaskService::track(const QString &taskIdText)
{
    const QString taskId = taskIdText.trimmed();
    if (!DashScopeClient::isPlausibleTaskId(taskId)) {
        return TaskStart::refused(TaskStart::Refusal::ImplausibleTaskId,
                                  ApiError::make(ApiError::Kind::InvalidParameter,
                                                 tr("“%1” is not a task ID. Task IDs look like "
                                                    "0385dc79-5ff8-4d82-bcb6-6f1e5b3c9a21.")
                                                         .arg(taskId.left(80))));
    }
    TaskStart start;
    for (const auto &[id, task] : m_active) {
        Q_UNUSED(task)
        if (m_records.value(id).taskId == taskId) {
            start.id = id; // already followed
            return start;
        }
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
        start.id = id;
        return start;
    }
    const bool known = rec.id != 0;
    if (!known) {
        rec.taskId = taskId;
        if (const LibraryResult added = recordNewTask(&rec, TaskState::Pending); !added)
            return notRecorded(added);
    }
    std::unique_ptr<QLockFile> lock;
    if (!claim(rec.id, &lock)) {
        qCInfo(lcTasks).noquote() << "task" << rec.id << taskId << "is followed by another process";
        return TaskStart::refused(
                TaskStart::Refusal::FollowedElsewhere,
                ApiError::make(ApiError::Kind::InvalidParameter,
                               tr("Task %1 is being followed by another DashScope Studio right "
                                  "now (the window or a command); its results appear in the "
                                  "library when it is done.")
                                       .arg(taskId)));
    }
    if (known) {
        rec.error = ApiError(); // polled where it was created: its endpoint stays
        if (isFinished(rec.state))
            rec.state = TaskState::Pending;
        rec.outputFolder = m_outputDirectory; // followed again by id: where it is asked to go
        persist(rec);
    }
    const qint64 id = addRecord(rec, m_apiKey, Phase::WaitingToPoll, std::move(lock));
    active(id)->acceptedAtMs = nowMs();
    qCInfo(lcTasks).noquote() << "task" << id << "tracking" << taskId;
    emit taskAdded(rec);
    schedulePoll(id, 0ms);
    start.id = id;
    return start;
}

TaskService::ResumeResult TaskService::resumeUnfinished(const KeyForEndpoint &keyFor,
                                                        const QString &folderOfOlderTasks)
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
        if (rec.outputFolder.isEmpty()) {
            // Recorded before schema 4, without a folder: from now on it has one (persisted with
            // the state below, or when it is polled).
            rec.outputFolder
                    = folderOfOlderTasks.isEmpty() ? m_outputDirectory : folderOfOlderTasks;
        }
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
    m_scheduler->withBudget(id, [search] { search->start(); });
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
    m_scheduler->withBudget(0, [this, endpoint, apiKey] {
        DashScopeJob *job = m_client->listTasks(endpoint, apiKey, TaskListQuery::firstPage(1));
        connect(job, &DashScopeJob::finished, this, [this, job] {
            job->deleteLater();
            emit keyTested(job->error());
        });
    });
}
