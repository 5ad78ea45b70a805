#pragma once

#include "domain/taskrecord.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <cstdio>

class TaskService;

namespace CommandLine {

// Follows tasks until the service is idle: progress on stderr (only on a terminal), saved paths
// (or JSON events) on stdout, and the exit code of the worst task. It only reads TaskRecord and
// OutputRecord values, so it can be driven without a service.
class TaskFollower final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskFollower)

public:
    // `progress`: draw a progress line on `err` (a terminal); never with `json`.
    explicit TaskFollower(bool json, bool progress, QObject *parent = nullptr);

    void setStreams(FILE *out, FILE *err); // stdout and stderr unless set
    // Listens to the service's signals; finished() follows its idle().
    void follow(TaskService *service);

    void handleTaskChanged(const TaskRecord &task);
    void handleImageSaved(const OutputRecord &image);
    void handleTaskFinished(const TaskRecord &task);
    // Kept for a later run (no key for its endpoint, key refused, service unreachable): says
    // why and how to follow it, and makes the exit code non-zero.
    void handleTaskPaused(const TaskRecord &task);
    // Ctrl+C: the tasks stay on the service; says how to pick each unfinished one up again.
    void interrupt(const QList<TaskRecord> &tasks);

    int exitCode() const { return m_exitCode; } // of the tasks finished so far

    static int exitCodeFor(const ApiError &error);
    static int exitCodeFor(const TaskRecord &task);

signals:
    void finished(int exitCode);

private:
    void drawProgress();
    void clearProgress();

    FILE *m_out = stdout;
    FILE *m_err = stderr;
    const bool m_json;
    const bool m_progress;
    bool m_progressShown = false;
    int m_exitCode = 0;
    TaskRecord m_current;
    QSet<QString> m_reported; // paths already printed
    QSet<qint64> m_seenRunning; // tasks that were in flight here (not only reported as finished)
    QHash<qint64, TaskState> m_lastState;
    QTimer m_ticker;
    QElapsedTimer m_clock;
};

} // namespace CommandLine
