#include "cli/taskfollower.h"

#include "cli/commandline.h"
#include "cli/output.h"
#include "engine/taskservice.h"
#include "protocol/dashscopeclient.h"

#include <QJsonObject>
#include <algorithm>

namespace CommandLine {

TaskFollower::TaskFollower(bool json, bool progress, QObject *parent)
    : QObject(parent), m_json(json), m_progress(progress && !json)
{
    connect(&m_ticker, &QTimer::timeout, this, &TaskFollower::drawProgress);
    m_ticker.setInterval(1000);
    m_clock.start();
}

void TaskFollower::setStreams(FILE *out, FILE *err)
{
    m_out = out;
    m_err = err;
}

void TaskFollower::follow(TaskService *service)
{
    connect(service, &TaskService::taskAdded, this, &TaskFollower::handleTaskChanged);
    connect(service, &TaskService::taskChanged, this, &TaskFollower::handleTaskChanged);
    connect(service, &TaskService::outputSaved, this, &TaskFollower::handleImageSaved);
    connect(service, &TaskService::taskFinished, this, &TaskFollower::handleTaskFinished);
    connect(service, &TaskService::taskPaused, this, &TaskFollower::handleTaskPaused);
    connect(service, &TaskService::idle, this, [this] {
        m_ticker.stop();
        emit finished(m_exitCode);
    });
}

int TaskFollower::exitCodeFor(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::None:
        return Success;
    case ApiError::Kind::Authentication:
    case ApiError::Kind::RegionMismatchLikely:
    case ApiError::Kind::PermissionDenied:
        return AuthFailed;
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Transient:
    case ApiError::Kind::Throttled:
        return Unavailable;
    case ApiError::Kind::InvalidParameter:
        return InvalidInput;
    case ApiError::Kind::Storage:
        return LocalProblem;
    default:
        return TaskFailed;
    }
}

int TaskFollower::exitCodeFor(const TaskRecord &task)
{
    switch (task.state) {
    case TaskState::Done:
        return Success;
    case TaskState::PartlyDone:
        return TaskFailed;
    case TaskState::Paused:
        // Nothing failed: the task waits for a key (3) or for the service to be reachable (4).
        return exitCodeFor(task.error) == AuthFailed ? AuthFailed : Unavailable;
    default: {
        // The service ran the task and it failed: that is the task's failure, whatever its code.
        if (task.serviceStatus == QLatin1String("FAILED"))
            return TaskFailed;
        if (!task.error.isError())
            return TaskFailed;
        const int code = std::max(int(TaskFailed), exitCodeFor(task.error));
        // InvalidInput promises that nothing was sent; a task with a task id was created (and
        // may be billed), whatever went wrong afterwards.
        if (code == InvalidInput && !task.taskId.isEmpty())
            return TaskFailed;
        return code;
    }
    }
}

void TaskFollower::interrupt(const QList<TaskRecord> &tasks)
{
    clearProgress();
    for (const TaskRecord &task : tasks) {
        if (isFinished(task.state))
            continue;
        if (task.taskId.isEmpty()) {
            printLine(
                    m_err,
                    CommandLine::tr(
                            "Interrupted before the service answered: the task may or may not have "
                            "been created. Check the list of tasks in the console."));
        } else if (task.demo) {
            // The built-in simulator runs in this process: no command can fetch it afterwards.
            printLine(m_err,
                      CommandLine::tr("Interrupted. Task %1 was made by the built-in simulator, "
                                      "which stops with this command: there is nothing to fetch "
                                      "and nothing was billed. Run the command again.")
                              .arg(printable(task.taskId)));
        } else {
            QString where = QStringLiteral("--region ") + regionId(task.endpoint.region);
            if (task.endpoint.isCustom())
                where = QStringLiteral("--base-url ") + task.endpoint.baseUrl.toString();
            printLine(m_err,
                      CommandLine::tr(
                              "Interrupted. Task %1 keeps running on the service; download its "
                              "results within 24 hours with:\n  dashscope-studio fetch %1 %2")
                              .arg(printable(task.taskId), printable(where)));
        }
        if (m_json) {
            printJson({ { QStringLiteral("event"), QStringLiteral("interrupted") },
                        { QStringLiteral("task_id"), task.taskId } },
                      m_out);
        }
    }
    emit finished(Interrupted);
}

void TaskFollower::handleTaskChanged(const TaskRecord &task)
{
    if (m_json && task.state != m_lastState.value(task.id, TaskState(-1))) {
        printJson({ { QStringLiteral("event"), QStringLiteral("status") },
                    { QStringLiteral("id"), task.id },
                    { QStringLiteral("task_id"), task.taskId },
                    { QStringLiteral("state"), taskStateId(task.state) },
                    { QStringLiteral("status"), task.serviceStatus },
                    { QStringLiteral("elapsed_ms"), m_clock.elapsed() } },
                  m_out);
    }
    m_lastState.insert(task.id, task.state);
    if (!isFinished(task.state))
        m_seenRunning.insert(task.id);
    m_current = task;
    if (m_progress && !m_ticker.isActive())
        m_ticker.start();
    drawProgress();
}

void TaskFollower::handleImageSaved(const OutputRecord &image)
{
    clearProgress();
    m_reported.insert(image.filePath);
    if (m_json) {
        QJsonObject event { { QStringLiteral("event"),
                              image.isVideo() ? QStringLiteral("video") : QStringLiteral("image") },
                            { QStringLiteral("id"), image.taskRowId },
                            { QStringLiteral("index"), image.index },
                            { QStringLiteral("path"), image.filePath },
                            { QStringLiteral("seed"), image.seed },
                            { QStringLiteral("width"), image.pixelSize.width() },
                            { QStringLiteral("height"), image.pixelSize.height() },
                            { QStringLiteral("bytes"), image.bytes },
                            { QStringLiteral("sha256"), QString::fromLatin1(image.sha256) } };
        if (image.isVideo()) {
            event.insert(QStringLiteral("duration_ms"), image.durationMs);
            if (!image.posterPath.isEmpty())
                event.insert(QStringLiteral("poster"), image.posterPath);
        }
        printJson(event, m_out);
    } else {
        printLine(m_out, image.filePath);
    }
    drawProgress();
}

void TaskFollower::handleTaskFinished(const TaskRecord &task)
{
    clearProgress();
    const int taskExitCode = exitCodeFor(task);
    m_exitCode = std::max(m_exitCode, taskExitCode);
    for (const OutputRecord &image : task.outputs) {
        // A task fetched again after it was saved: its files are reported like new ones. (A task
        // that ran here reported its files as they came, and resume reports only new ones.)
        if (image.isSaved() && !m_seenRunning.contains(task.id)
            && !m_reported.contains(image.filePath))
            handleImageSaved(image);
        if (image.isSaved())
            continue;
        const QString reason = image.errorMessage.isEmpty() ? image.errorCode : image.errorMessage;
        if (m_json) {
            printJson({ { QStringLiteral("event"), QStringLiteral("image_failed") },
                        { QStringLiteral("id"), task.id },
                        { QStringLiteral("index"), image.index },
                        { QStringLiteral("code"), image.errorCode },
                        { QStringLiteral("message"), image.errorMessage } },
                      m_out);
        } else {
            printLine(m_err,
                      CommandLine::tr("Image %1 of task %2 was not saved: %3 (%4)")
                              .arg(image.index + 1)
                              .arg(printable(task.taskId), printable(reason),
                                   printable(image.errorCode)));
        }
    }
    // Created, so possibly billed, but the id the service sent cannot be asked about.
    const bool unfollowable
            = !task.taskId.isEmpty() && !DashScopeClient::isPlausibleTaskId(task.taskId);
    if (unfollowable && !m_json) {
        printLine(
                m_err,
                CommandLine::tr(
                        "The service created a task (it may be billed) but answered with an id "
                        "that "
                        "is not a task id, \"%1\", so it cannot be followed. Look for the task in "
                        "the Model Studio console.")
                        .arg(printable(task.taskId)));
    }
    if (m_json) {
        QJsonObject event { { QStringLiteral("event"), QStringLiteral("finished") },
                            { QStringLiteral("id"), task.id },
                            { QStringLiteral("task_id"), task.taskId },
                            { QStringLiteral("request_id"), task.requestId },
                            { QStringLiteral("state"), taskStateId(task.state) },
                            { QStringLiteral("saved"), task.savedOutputCount() },
                            { QStringLiteral("failed"), task.failedOutputCount() },
                            { QStringLiteral("exit_code"), taskExitCode } };
        if (task.error.isError())
            event.insert(QStringLiteral("error"), errorJson(task.error));
        printJson(event, m_out);
    } else if (task.error.isError()) {
        printLine(m_err, printable(task.error.details(), true));
    }
}

void TaskFollower::handleTaskPaused(const TaskRecord &task)
{
    clearProgress();
    const int taskExitCode = exitCodeFor(task);
    m_exitCode = std::max(m_exitCode, taskExitCode);
    if (m_json) {
        printJson({ { QStringLiteral("event"), QStringLiteral("paused") },
                    { QStringLiteral("id"), task.id },
                    { QStringLiteral("task_id"), task.taskId },
                    { QStringLiteral("base_url"), task.endpoint.baseUrl.toString() },
                    { QStringLiteral("state"), taskStateId(task.state) },
                    { QStringLiteral("exit_code"), taskExitCode },
                    { QStringLiteral("error"), errorJson(task.error) } },
                  m_out);
    } else {
        printLine(m_err,
                  CommandLine::tr("Task %1 is not finished: %2")
                          .arg(printable(task.taskId), printable(task.error.message)));
    }
}

void TaskFollower::drawProgress()
{
    if (!m_progress || m_current.id == 0)
        return;
    const qint64 seconds = m_current.createdAt.isValid()
            ? m_current.createdAt.secsTo(QDateTime::currentDateTimeUtc())
            : m_clock.elapsed() / 1000;
    QString line;
    if (m_current.request.size.isValid()) {
        //: The progress line on a terminal: state, seconds so far, model, size × count.
        line = CommandLine::tr("%1  %2 s  %3 %4×%5")
                       .arg(taskStateDisplayName(m_current.state))
                       .arg(seconds)
                       .arg(m_current.request.model,
                            GenerationRequest::sizeToString(m_current.request.size))
                       .arg(m_current.request.count);
    } else {
        // A task followed by its id: model and size are known only from its results.
        //: The progress line of a task followed by id: state, seconds so far.
        line = CommandLine::tr("%1  %2 s").arg(taskStateDisplayName(m_current.state)).arg(seconds);
    }
    if (!m_current.taskId.isEmpty())
        line += QStringLiteral("  ") + m_current.taskId;
    const QByteArray bytes = printable(line).toLocal8Bit();
    std::fprintf(m_err, "\r\033[K%s", bytes.constData());
    std::fflush(m_err);
    m_progressShown = true;
}

void TaskFollower::clearProgress()
{
    if (!m_progressShown)
        return;
    std::fputs("\r\033[K", m_err);
    std::fflush(m_err);
    m_progressShown = false;
}

} // namespace CommandLine
