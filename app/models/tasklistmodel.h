#pragma once

#include "domain/taskrecord.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QTimer>

class Library;
class TaskService;

// The progress view's model: every task of this run (newest first), updated from the
// TaskService's value snapshots. Knows how long a task has been going and, from earlier tasks of
// the same model and size, how long it will probably take.
class TaskListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskListModel)

public:
    enum Role {
        TaskRole = Qt::UserRole + 1, // TaskRecord
        TaskIdRole, // qint64 library row id
        StateRole, // int (TaskState)
        ElapsedRole, // qint64 ms since the task left the queue (or was added)
        EstimateRole, // qint64 ms expected in total; 0 when unknown
        ProgressRole, // double 0..1; -1 while no estimate exists (indeterminate)
        StatusTextRole, // "Generating · 12 s of about 20 s"
        ErrorTextRole, // the error sentence with what to do; empty when none
        DetailTextRole, // "Wan 2.5 preview · 1280 × 1280 × 2 · seed 42"
        CanCancelRole, // bool: followed here and not finished
        CanRetryRole, // bool: finished (never paused: it exists on the service, a retry bills)
    };

    // `library` (optional) seeds the time estimates with tasks of earlier runs.
    explicit TaskListModel(TaskService *service, const Library *library = nullptr,
                           QObject *parent = nullptr);
    ~TaskListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    TaskRecord task(int row) const;
    int rowOf(qint64 taskRowId) const; // -1 when absent
    int activeCount() const; // tasks this run follows that are not finished (not paused ones)
    int queuedCount() const { return m_queuedCount; } // of those, the ones waiting for a slot
    // Expected total duration in ms for a model and size; 0 when nothing is known yet.
    qint64 estimateFor(const QString &model, QSize size) const;
    // Tasks of earlier runs from the library (the failures a person looks for once the gallery
    // shows only results): listed after the newer rows, by creation time, each once.
    void addEarlier(const QList<TaskRecord> &tasks);
    // For tests and the library seed: one finished task of this model and size took `ms`.
    void addDurationSample(const QString &model, QSize size, qint64 ms);
    // Why a task stopped or is not going well, with what to do: a paused task's own sentence
    // (which names its endpoint), else the error's explanation. Empty without an error.
    static QString reason(const TaskRecord &task);
    // What a task saved, named by its kind: "3 images", "1 video".
    static QString savedCountText(const TaskRecord &task);

signals:
    void activeCountChanged(int count);
    void queuedCountChanged(int count);

private:
    void handleTaskAdded(const TaskRecord &task);
    void handleTaskChanged(const TaskRecord &task);
    void handleTick();
    void seedEstimates(const Library *library);
    void noteStart(const TaskRecord &task);
    qint64 elapsedMs(const TaskRecord &task) const;
    QString statusText(const TaskRecord &task) const;
    static QString detailText(const TaskRecord &task);
    static QString errorText(const TaskRecord &task);
    static QString sampleKey(const QString &model, QSize size);
    void updateActiveCount();

    struct Row
    {
        TaskRecord task;
        QDateTime startedAt; // left the queue (first state after Queued), local clock
        QDateTime finishedAt; // became finished, local clock
    };

    TaskService *m_service;
    QList<Row> m_rows; // newest first
    QHash<QString, QList<qint64>> m_samples; // model|size -> durations in ms, most recent last
    QHash<QString, qint64> m_estimates; // model|size -> the median of its samples
    QTimer m_tick;
    int m_activeCount = 0;
    int m_queuedCount = 0;
};
