#include "simulator/simulatortaskstore.h"

#include "simulator/simulatorhttp.h"

SimulatorTaskStore::SimulatorTaskStore() : m_startUtc(QDateTime::currentDateTimeUtc())
{
    m_clock.start();
}

QString SimulatorTaskStore::wireTime(qint64 ms) const
{
    return utcAt(ms)
            .toOffsetFromUtc(SimulatorWire::ChinaOffsetSeconds)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

void SimulatorTaskStore::insert(const std::shared_ptr<SimulatedTask> &task)
{
    m_tasks.insert(task->id, task);
    m_byKey.insert(task->key, task);
    m_order.append(task->id);
}

TaskStatus SimulatorTaskStore::statusAt(const SimulatedTask &task, qint64 atMs) const
{
    if (task.canceledMs >= 0 && atMs >= task.canceledMs)
        return TaskStatus::Canceled;
    if (atMs < task.scheduledMs)
        return TaskStatus::Pending;
    if (atMs < task.endMs)
        return TaskStatus::Running;
    return task.fails ? TaskStatus::Failed : TaskStatus::Succeeded;
}

TaskStatus SimulatorTaskStore::status(const QString &id) const
{
    const auto it = m_tasks.constFind(id);
    return it == m_tasks.constEnd() ? TaskStatus::Unknown : statusAt(**it, nowMs());
}

int SimulatorTaskStore::activeCount(qint64 atMs) const
{
    int active = 0;
    for (const auto &task : m_tasks)
        active += SimulatorWire::isFinal(statusAt(*task, atMs)) ? 0 : 1;
    return active;
}

bool SimulatorTaskStore::cancel(const QString &id)
{
    const std::shared_ptr<SimulatedTask> task = find(id);
    const qint64 now = nowMs();
    if (!task || statusAt(*task, now) != TaskStatus::Pending)
        return false;
    task->canceledMs = now;
    return true;
}

void SimulatorTaskStore::resetCounters()
{
    for (const auto &task : std::as_const(m_tasks)) {
        task->polls = 0;
        task->downloads = 0;
        task->firstDownloadMs = -1;
    }
}
