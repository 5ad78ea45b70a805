#pragma once

#include "domain/apierror.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

// The service's task_status. Anything not listed parses as Other and means "keep polling".
enum class TaskStatus { Pending, Running, Suspended, Succeeded, Failed, Canceled, Unknown, Other };

TaskStatus taskStatusFromString(const QString &text);
QString taskStatusToString(TaskStatus status);
bool isTerminal(TaskStatus status); // Succeeded, Failed, Canceled, Unknown

// One entry of output.results[] (or one image of the wan2.6 choices[]).
struct ImageResult
{
    QByteArray url; // byte-exact as sent; never decoded and re-encoded
    QString origPrompt;
    QString actualPrompt; // only with prompt_extend
    QString code; // per-image failure, e.g. DataInspectionFailed; url is empty then
    QString message;

    bool failed() const { return url.isEmpty(); }
};

// A parsed GET /tasks/{id} (or create) answer. Every field is optional.
struct TaskSnapshot
{
    QString taskId;
    TaskStatus status = TaskStatus::Other;
    QString statusText; // as sent
    QDateTime submitTime; // "yyyy-MM-dd HH:mm:ss.zzz", no zone on the wire: kept as local-less
                          // Qt::LocalTime values
    QDateTime scheduledTime;
    QDateTime endTime;
    QList<ImageResult> results;
    QByteArray videoUrl; // video tasks (later)
    QString origPrompt; // video tasks send these at output level, not per result
    QString actualPrompt;
    int metricsTotal = -1; // task_metrics, -1 when absent
    int metricsSucceeded = -1;
    int metricsFailed = -1;
    QJsonObject usage; // as sent
    QString code; // FAILED tasks: output.code / output.message
    QString message;
    QString requestId;
};

// Parses a 200 answer of create or poll. Returns false and fills *error (Kind::Protocol,
// message naming what is wrong) when the body is not a JSON object with an output.
bool parseTaskResponse(const QByteArray &body, TaskSnapshot *snapshot, ApiError *error);

// One row of GET /tasks (list): times are epoch milliseconds there.
struct TaskListEntry
{
    QString taskId;
    QString model;
    QString status;
    QString region;
    QString requestId;
    QDateTime created;
};
bool parseTaskList(const QByteArray &body, QList<TaskListEntry> *entries, int *total,
                   ApiError *error);
