#pragma once

#include "modelcatalog.h"
#include "taskrecord.h"

#include <QObject>
#include <QString>

#include <memory>

class DashScopeClient;
class Library;
class PollPolicy;
class QNetworkAccessManager;

// Owns every task of this run: creates them (once), polls them, downloads their results into the
// library, and reports value snapshots. All DashScope traffic of the program goes through here.
class TaskService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskService)

public:
    TaskService(const ModelCatalog &catalog, Library *library, QNetworkAccessManager *network,
                QObject *parent = nullptr);
    ~TaskService() override;

    // Where new tasks go and with which key (kept in memory only). Running tasks keep theirs.
    void setEndpoint(const Endpoint &endpoint);
    Endpoint endpoint() const;
    void setApiKey(const QString &apiKey);
    void setOutputDirectory(const QString &directory);
    QString outputDirectory() const;
    void setMaxConcurrentTasks(int count); // the person's cap, on top of each model's own limit
    void setPollPolicy(std::unique_ptr<PollPolicy> policy);

    // Validates against the catalog; with any problem returns it and sends nothing.
    // Otherwise the task is recorded (library row), queued, and its id stored in *id.
    QList<ValidationIssue> submit(const GenerationRequest &request, qint64 *id = nullptr);
    // Follows a task created elsewhere (cURL, another machine): polls it and saves its results.
    // The request is unknown, so only the task id and endpoint are recorded.
    qint64 track(const QString &taskId);
    // The service's cancel while PENDING; a local stop otherwise (the task then keeps running
    // on the service, and its error says so).
    void cancel(qint64 id);
    // A new task from the same request (a new seed unless the seed was fixed).
    qint64 retry(qint64 id);
    // At start: unfinished tasks of the library younger than 24 h are polled and downloaded again,
    // never created again; older ones are marked Expired. Returns how many were resumed.
    int resumeUnfinished();

    QList<TaskRecord> tasks() const; // this run's tasks, oldest first
    TaskRecord task(qint64 id) const;
    bool isIdle() const;

    // One cheap authenticated call (GET /tasks?page_size=1): emits keyTested with the result.
    void testKey(const Endpoint &endpoint, const QString &apiKey);

signals:
    void taskAdded(const TaskRecord &task);
    void taskChanged(const TaskRecord &task);
    void taskFinished(const TaskRecord &task);
    void imageSaved(const ImageRecord &image);
    void keyTested(const ApiError &result); // Kind::None: the key works here
    void idle();                            // nothing queued or in flight

private:
    // Members are the implementation's (no pimpl): the catalog, library, client, per-task state.
};
