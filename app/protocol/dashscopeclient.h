#pragma once

#include "domain/apierror.h"
#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "domain/region.h"
#include "protocol/taskresponse.h"
#include "protocol/uploadpolicy.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

// One call to the DashScope API. Started by DashScopeClient; emits finished() exactly once, always
// later than the call that made it (never from inside createTask() and friends), even when the
// request is refused before connecting. Then error(), snapshot() or tasks() hold the answer.
// The caller owns the job (it is parented to the client until then): delete it (deleteLater())
// once finished() has been handled.
// What GET /tasks is asked for. `from`/`to` (any time zone) become start_time/end_time; the
// service reads those without a zone, so they are widened by half a day on each side and
// callers filter the answer by each entry's `created` (epoch milliseconds, unambiguous).
struct TaskListQuery
{
    int pageSize = 10; // 1 to 100
    int pageNumber = 1;
    QDateTime from; // invalid: no bound
    QDateTime to;
    QString model; // empty: every model

    static TaskListQuery firstPage(int size)
    {
        TaskListQuery query;
        query.pageSize = size;
        return query;
    }
};

class DashScopeJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashScopeJob)

public:
    enum class Operation { CreateTask, FetchTask, CancelTask, ListTasks, GetUploadPolicy };
    // The API answers with small JSON documents; a reply that grows past this is aborted.
    static constexpr qint64 MaxAnswerBytes = 8 * 1024 * 1024;

    ~DashScopeJob() override;

    Operation operation() const { return m_operation; }
    bool isFinished() const { return m_finished; }

    // Kind::None on success. HTTP errors come from ApiError::fromHttp; no answer at all is
    // Network or Timeout; a 200 we cannot read is Protocol; abort() gives Canceled.
    ApiError error() const { return m_error; }
    int httpStatus() const { return m_httpStatus; }
    QString requestId() const; // of the answer, success or error; empty without an answer

    // Create only, after an error: false when the service surely created nothing (refused
    // locally, never connected, or answered with a 4xx other than 408). True otherwise: after a
    // timeout, a reset connection, a 5xx or an unreadable 200 the task may exist (and be billed).
    bool mayHaveCreatedTask() const { return m_mayHaveCreatedTask; }
    // Nothing listened at the host and port (TCP connection refused).
    bool connectionRefused() const { return m_connectionRefused; }

    // Create and fetch: the parsed answer (task_id, task_status, results, …).
    TaskSnapshot snapshot() const { return m_snapshot; }
    // The task id asked about (fetch, cancel) or given by the service (create).
    QString taskId() const;
    // List: one page of the account's tasks, and the total the service reported.
    QList<TaskListEntry> tasks() const { return m_tasks; }
    int total() const { return m_total; }
    // GetUploadPolicy: the policy for one model's temporary uploads.
    UploadPolicy uploadPolicy() const { return m_uploadPolicy; }

    // Stops waiting; finished() is emitted, with Kind::Canceled, before abort() returns. A create
    // that was already sent may still have been created (see mayHaveCreatedTask()).
    void abort();

signals:
    void finished();

private:
    friend class DashScopeClient;
    DashScopeJob(Operation operation, const QString &taskId, QObject *parent);

    void start(QNetworkReply *reply, std::chrono::milliseconds totalDeadline);
    void failBeforeSending(const ApiError &error);
    void readAnswer(); // takes what arrived; aborts the reply once it passes MaxAnswerBytes
    void handleReplyFinished();
    void finish();

    Operation m_operation;
    QString m_askedTaskId;
    QPointer<QNetworkReply> m_reply;
    bool m_finished = false;
    bool m_aborted = false;
    bool m_tooLarge = false;
    bool m_deadlineExceeded = false;
    QByteArray m_body; // the answer so far
    bool m_mayHaveCreatedTask = false;
    bool m_connectionRefused = false;
    int m_httpStatus = 0;
    ApiError m_error;
    TaskSnapshot m_snapshot;
    QList<TaskListEntry> m_tasks;
    int m_total = 0;
    QString m_cancelRequestId;
    QString m_policyModel;
    UploadPolicy m_uploadPolicy;
};

// The only class that builds DashScope requests: URLs, headers (Authorization, the async header,
// User-Agent), JSON bodies and timeouts, on an injected QNetworkAccessManager. Stateless between
// calls; the key is passed per call, kept only inside the request, and never logged.
class DashScopeClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashScopeClient)

public:
    explicit DashScopeClient(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~DashScopeClient() override;

    // Longest time without progress on one request before it ends with Kind::Timeout.
    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const { return m_timeout; }
    // Longest time one request may take in all, however steadily its answer trickles in
    // (default 5 minutes): an answer drip-fed a byte at a time never trips timeout().
    void setTotalDeadline(std::chrono::milliseconds deadline);

    // POST {base}/{model.path} with X-DashScope-Async: enable (and
    // X-DashScope-OssResourceResolve: enable when an input is an oss:// URL), the body from the
    // model's RequestEncoder. `request` must be resolved (GenerationRequest::resolved) and
    // valid: it is sent as is. A protocol this version cannot encode is refused, unsent.
    DashScopeJob *createTask(const Endpoint &endpoint, const QString &apiKey,
                             const ModelInfo &model, const GenerationRequest &request);
    // GET {base}/tasks/{taskId}
    DashScopeJob *fetchTask(const Endpoint &endpoint, const QString &apiKey, const QString &taskId);
    // POST {base}/tasks/{taskId}/cancel (the service accepts it only while PENDING)
    DashScopeJob *cancelTask(const Endpoint &endpoint, const QString &apiKey,
                             const QString &taskId);
    // GET {base}/tasks?page_no=…&page_size=…[&start_time&end_time&model_name]: the account's
    // tasks, from any key, newest first.
    DashScopeJob *listTasks(const Endpoint &endpoint, const QString &apiKey,
                            const TaskListQuery &query = {});

    // GET {base}/uploads?action=getPolicy&model=MODEL: permission to upload input files that
    // `model` will read (protocol: the temporary upload, §5 of the video doc).
    DashScopeJob *getUploadPolicy(const Endpoint &endpoint, const QString &apiKey,
                                  const QString &model);

    // "DashScopeStudio/<version>; qt/<version>; platform/<OS name and version>"
    static QByteArray userAgent();
    // Task ids are opaque, but always plain tokens (UUID-like: letters, digits, '-', '_'), so no
    // id can be a path segment such as ".." or hold a '/'; anything else is refused before
    // sending.
    static bool isPlausibleTaskId(const QString &taskId);

private:
    // Why this call cannot be made (base URL not https, no key, bad task id); Kind::None if fine.
    static ApiError problemBeforeSending(const Endpoint &endpoint, const QString &apiKey,
                                         const QString *taskId);
    QNetworkRequest makeRequest(const QUrl &url, const QString &apiKey) const;
    // {base}/tasks/{taskId}{suffix} with the id percent-encoded; invalid when any segment could
    // be normalised away (the request would go elsewhere, with the key).
    static QUrl taskUrl(const Endpoint &endpoint, const QString &taskId, const QString &suffix);
    DashScopeJob *refused(DashScopeJob *job, const ApiError &error);

    QNetworkAccessManager *m_network;
    std::chrono::milliseconds m_timeout;
    std::chrono::milliseconds m_totalDeadline;
};
