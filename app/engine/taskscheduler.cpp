#include "engine/taskscheduler.h"

#include <QTimer>
#include <algorithm>

using namespace std::chrono_literals;

TaskScheduler::TaskScheduler(const ModelCatalog &catalog, QObject *parent)
    : QObject(parent), m_catalog(catalog), m_requestBudget(RequestsPerSecond, RequestBurst),
      m_budgetTimer(new QTimer(this))
{
    m_clock.start();
    m_budgetTimer->setSingleShot(true);
    connect(m_budgetTimer, &QTimer::timeout, this, &TaskScheduler::handleBudgetTimer);
}

void TaskScheduler::setMaxConcurrentTasks(int count)
{
    m_maxConcurrentTasks = std::max(0, count);
    schedulePump();
}

void TaskScheduler::setRequestBudget(double ratePerSecond, double burst)
{
    m_requestBudget = RequestBudget(ratePerSecond, burst);
}

std::chrono::milliseconds TaskScheduler::now() const
{
    return std::chrono::milliseconds(m_clock.elapsed());
}

// --- concurrency ----------------------------------------------------------------------------

void TaskScheduler::enqueue(qint64 id, const QString &model)
{
    if (m_queue.contains(id) || m_slots.contains(id))
        return;
    m_queue.append(id);
    m_queuedModels.insert(id, model);
    schedulePump();
}

void TaskScheduler::occupy(qint64 id, const QString &model)
{
    m_queue.removeAll(id);
    m_queuedModels.remove(id);
    m_slots.insert(id, model);
}

void TaskScheduler::release(qint64 id)
{
    m_queue.removeAll(id);
    m_queuedModels.remove(id);
    if (m_slots.remove(id) > 0)
        schedulePump();
}

void TaskScheduler::forget(qint64 id)
{
    release(id);
    dropBudgetRequests(id);
}

int TaskScheduler::slotsInUse(const QString &model) const
{
    if (model.isNull())
        return int(m_slots.size());
    return int(std::count(m_slots.cbegin(), m_slots.cend(), model));
}

void TaskScheduler::schedulePump()
{
    if (m_pumpScheduled || m_queue.isEmpty())
        return;
    m_pumpScheduled = true;
    // Deferred: the caller (a finishing task, a new one) completes its own work first.
    QTimer::singleShot(0, this, [this] {
        m_pumpScheduled = false;
        pump();
    });
}

void TaskScheduler::pump()
{
    // FIFO per model: a model at its limit does not hold back tasks of another model.
    const QList<qint64> queue = m_queue;
    for (const qint64 id : queue) {
        if (!m_queue.contains(id))
            continue; // a slotGranted handler took it out meanwhile
        if (m_maxConcurrentTasks > 0 && slotsInUse() >= m_maxConcurrentTasks)
            break;
        const QString model = m_queuedModels.value(id);
        if (slotsInUse(model) >= std::max(1, m_catalog.model(model).concurrency))
            continue;
        occupy(id, model);
        emit slotGranted(id);
    }
}

// --- request budgets ------------------------------------------------------------------------

std::chrono::milliseconds TaskScheduler::createDelay(const QString &model, Region region)
{
    const ModelInfo info = m_catalog.model(model);
    const QString key = model + QLatin1Char('@') + regionId(region);
    auto budget = m_createBudgets.find(key);
    if (budget == m_createBudgets.end()) {
        const double rate = std::max(0.1, info.submitRpsIn(region));
        budget = m_createBudgets.emplace(key, RequestBudget(rate, 1)).first;
    }
    return budget->second.tryAcquire(now());
}

void TaskScheduler::withBudget(qint64 owner, std::function<void()> send)
{
    if (m_budgetQueue.isEmpty() && m_requestBudget.tryAcquire(now()) == 0ms) {
        send();
        return;
    }
    m_budgetQueue.append({ owner, std::move(send) });
    if (!m_budgetTimer->isActive())
        handleBudgetTimer();
}

void TaskScheduler::handleBudgetTimer()
{
    while (!m_budgetQueue.isEmpty()) {
        const auto wait = m_requestBudget.tryAcquire(now());
        if (wait > 0ms) {
            m_budgetTimer->start(wait);
            return;
        }
        const BudgetRequest request = m_budgetQueue.takeFirst();
        request.send();
    }
}

void TaskScheduler::dropBudgetRequests(qint64 owner)
{
    m_budgetQueue.removeIf(
            [owner](const BudgetRequest &request) { return request.owner == owner; });
}
