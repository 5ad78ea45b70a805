#pragma once

#include "domain/apierror.h"
#include "domain/generationrequest.h"
#include "domain/region.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSize>
#include <QString>

// Our view of a task's life, which includes the steps the service does not see.
enum class TaskState {
    Queued, // waiting for a concurrency slot; nothing sent yet
    Submitting, // create POST in flight
    Pending, // service: PENDING (or SUSPENDED)
    Running, // service: RUNNING
    Downloading, // service: SUCCEEDED, results being saved
    Done, // every image saved
    PartlyDone, // some images saved, some failed (content policy, expired, …)
    Failed, // nothing saved; see error
    Canceled, // canceled on the service, or stopped locally (see error.message)
    Expired, // older than 24 h before its results were saved
    Paused, // accepted by the service, but not followed by this run: no key for its endpoint,
            // the key was refused, or the service could not be reached for long (see error).
            // Unfinished: the next start or `resume` follows it again.
};

QString taskStateId(TaskState state); // "queued", … stable: library, --json
std::optional<TaskState> taskStateFromId(const QString &id);
QString taskStateDisplayName(TaskState state); // translated
bool isFinished(TaskState state); // Done, PartlyDone, Failed, Canceled, Expired

// One result of a task (an image today, a video next): saved, planned (its download recorded
// where it will write, not finished yet), or failed with the service's code.
struct OutputRecord
{
    qint64 id = 0; // library row id; 0 before it is stored
    qint64 taskRowId = 0; // TaskRecord::id
    int index = 0; // position in results[]
    QString filePath; // absolute; empty while not saved
    // Where its download writes, recorded before the download starts: after a crash, a file
    // found there that passes its format's check is this output (never downloaded twice).
    QString plannedPath;
    QString mediaType = QStringLiteral("image/png"); // the file's MIME type
    QSize pixelSize;
    qint64 durationMs = 0; // a video's length; 0 for an image
    QString posterPath; // a video's still frame (absolute); empty for an image
    qint64 bytes = 0;
    QByteArray sha256; // hex
    qint64 seed = -1; // request seed + index
    QString actualPrompt;
    QByteArray remoteUrl; // byte-exact
    QDateTime urlExpiry; // from the URL's Expires parameter (UTC)
    QString errorCode; // per-image failure, e.g. DataInspectionFailed
    QString errorMessage;
    bool favourite = false;
    QDateTime createdAt; // UTC

    bool isSaved() const { return !filePath.isEmpty(); }
    bool isVideo() const { return mediaType.startsWith(QLatin1String("video/")); }
};

// Everything known about one generation: a value snapshot, safe to copy across threads and signals.
struct TaskRecord
{
    qint64 id = 0; // library row id (exists before the create is sent)
    GenerationRequest request; // resolved: concrete size and seed, exactly what was sent
    Endpoint endpoint; // tasks are always polled where they were created
    // Where its results are saved, chosen when it was submitted or tracked: a task resumed later
    // saves there, whatever folder (or demo mode) the program uses by then. Empty for tasks
    // recorded before schema 4: the service's current folder.
    QString outputFolder;
    // Made by the built-in simulator (demo mode), not by Model Studio: never billed, marked in
    // the gallery, the viewer and `history`, and left out of the spending.
    bool demo = false;
    QString taskId; // service task_id; empty until the create answered
    QString requestId; // of the create (kept for support)
    TaskState state = TaskState::Queued;
    QString serviceStatus; // last task_status as sent
    QDateTime submitTime; // service times (no zone on the wire)
    QDateTime scheduledTime;
    QDateTime endTime;
    ApiError error; // why it failed / was canceled / expired
    QJsonObject usage;
    QDateTime createdAt; // UTC, local clock
    QDateTime updatedAt;
    QDateTime finishedAt;
    QList<OutputRecord> outputs;

    int savedOutputCount() const;
    int failedOutputCount() const;
};

Q_DECLARE_METATYPE(TaskRecord)
Q_DECLARE_METATYPE(OutputRecord)
