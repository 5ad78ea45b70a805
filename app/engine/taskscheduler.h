#pragma once

#include "domain/modelcatalog.h"
#include "domain/region.h"
#include "engine/pollpolicy.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <chrono>
#include <functional>
#include <map>

class QTimer;

// Decides when a task's requests may go out; sends nothing itself. Three limits:
// - concurrency: a FIFO queue of tasks waiting for a slot, at most each model's own number of
//   tasks at once (the catalog's) and at most the person's cap over all models;
// - creates: spaced by each model's submit rate in each region;
// - everything else (polls, cancels, lists): one request budget for the whole account.
class TaskScheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskScheduler)

public:
    // GET /tasks/{id}, GET /tasks and cancel share 20 requests/s per account. Burst + rate (12 in
    // any second as sent) leaves room for requests bunching on the way (QNetworkAccessManager
    // queues them per host) and for other programs of the same account. 8/s still polls 40 tasks
    // every 5 s.
    static constexpr double RequestsPerSecond = 8;
    static constexpr double RequestBurst = 4;

    explicit TaskScheduler(const ModelCatalog &catalog, QObject *parent = nullptr);

    void setMaxConcurrentTasks(int count); // 0: only the models' own limits
    int maxConcurrentTasks() const { return m_maxConcurrentTasks; }
    void setRequestBudget(double ratePerSecond, double burst);

    // Concurrency slots. A task waits in the queue until it may hold a slot; slotGranted() says
    // so (deferred, never from inside these calls).
    void enqueue(qint64 id, const QString &model);
    // Holds a slot at once, whatever the limits: a task the service already runs (resumed,
    // followed by id) cannot be held back, but it counts against the others.
    void occupy(qint64 id, const QString &model);
    // Frees its slot or takes it out of the queue (its results are downloading, it finished).
    void release(qint64 id);
    // release(), and its requests still waiting for the budget are dropped.
    void forget(qint64 id);
    bool isQueued(qint64 id) const { return m_queue.contains(id); }
    bool holdsSlot(qint64 id) const { return m_slots.contains(id); }
    int slotsInUse(const QString &model = QString()) const; // a null model: all of them
    QList<qint64> queue() const { return m_queue; }

    // Submit limits are per model and region (wan2.6-t2i: 1/s in Beijing, 5/s elsewhere). Zero:
    // a create may go now (and is counted); otherwise how long until one may.
    std::chrono::milliseconds createDelay(const QString &model, Region region);

    // Runs `send` now when the account-wide budget allows it and nothing waits before it, else
    // later in FIFO order. `owner` is the task (0 for none) whose requests forget() drops.
    void withBudget(qint64 owner, std::function<void()> send);
    void dropBudgetRequests(qint64 owner);
    int waitingRequests() const { return int(m_budgetQueue.size()); }

signals:
    void slotGranted(qint64 id); // out of the queue, holding a slot: it may be created now

private:
    std::chrono::milliseconds now() const;
    void schedulePump();
    void pump();
    void handleBudgetTimer();

    ModelCatalog m_catalog;
    QElapsedTimer m_clock;
    int m_maxConcurrentTasks = 0;
    bool m_pumpScheduled = false;

    QList<qint64> m_queue; // FIFO: waiting for a slot
    QHash<qint64, QString> m_queuedModels;
    QHash<qint64, QString> m_slots; // holders, with their model

    RequestBudget m_requestBudget;
    QTimer *m_budgetTimer;
    struct BudgetRequest
    {
        qint64 owner = 0;
        std::function<void()> send;
    };
    QList<BudgetRequest> m_budgetQueue;
    std::map<QString, RequestBudget> m_createBudgets; // by "model@region"
};
