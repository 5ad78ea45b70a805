#include "engine/taskoutcomes.h"

#include <QCoreApplication>
#include <QDir>
#include <QStringList>
#include <algorithm>

namespace TaskOutcomes {

ApiError canceledError(const QString &message)
{
    return ApiError::make(ApiError::Kind::Canceled, message);
}

ApiError mayExistError(ApiError error, bool mayExist)
{
    if (!mayExist)
        return error;
    const QString original = error.message;
    // Spelled out: lupdate cannot see which context a free tr() helper would use.
    error.message = QCoreApplication::translate("TaskService",
                                                "The service may have created this task anyway "
                                                "(and may bill it). It was not sent again, "
                                                "so there is no duplicate. Look for it in the "
                                                "account's task list (the Model Studio console, "
                                                "or GET /api/v1/tasks) and follow it with its task "
                                                "id: dashscope-studio fetch TASK_ID.");
    if (!original.isEmpty())
        error.message += QLatin1Char(' ')
                + QCoreApplication::translate("TaskService", "Reason: %1").arg(original);
    return error;
}

ApiError unrecordedError(const TaskRecord &task, const ApiError &libraryError,
                         const ApiError &original)
{
    QStringList files;
    for (const OutputRecord &image : task.outputs) {
        if (image.isSaved())
            files << QDir::toNativeSeparators(image.filePath);
    }
    QStringList sentences;
    sentences << QCoreApplication::translate("TaskService",
                                             "The library could not record this task's outcome.");
    if (!libraryError.message.isEmpty())
        sentences << libraryError.message;
    if (!files.isEmpty())
        sentences << QCoreApplication::translate("TaskService",
                                                 "Its images are kept, but the library does not "
                                                 "list them: %1.")
                             .arg(files.join(QStringLiteral(", ")));
    if (!task.taskId.isEmpty())
        sentences << QCoreApplication::translate("TaskService",
                                                 "Once the library can be written again, record "
                                                 "them with: dashscope-studio fetch %1 (within "
                                                 "24 hours of the task's creation).")
                             .arg(task.taskId);
    if (original.isError() && !original.message.isEmpty())
        sentences << QCoreApplication::translate("TaskService", "Before that: %1")
                             .arg(original.message);
    ApiError error = ApiError::make(ApiError::Kind::Storage, sentences.join(QLatin1Char(' ')));
    error.code = libraryError.code;
    return error;
}

bool isKeyProblem(const ApiError &error)
{
    return error.kind == ApiError::Kind::Authentication
            || error.kind == ApiError::Kind::RegionMismatchLikely
            || error.kind == ApiError::Kind::PermissionDenied;
}

bool isTransientPollError(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Transient:
    case ApiError::Kind::Throttled:
    case ApiError::Kind::Protocol: // a gateway page or broken JSON with HTTP 200
        return true;
    default:
        return error.httpStatus == 408 || error.httpStatus == 429 || error.httpStatus >= 500;
    }
}

TaskState stateFor(TaskStatus status, TaskState current)
{
    switch (status) {
    case TaskStatus::Pending:
    case TaskStatus::Suspended:
        return TaskState::Pending;
    case TaskStatus::Running:
        return TaskState::Running;
    default:
        return current; // terminal ones are handled by the caller; anything else: keep polling
    }
}

void upsertImage(TaskRecord &record, const OutputRecord &image)
{
    for (OutputRecord &existing : record.outputs) {
        if (existing.index == image.index) {
            existing = image;
            return;
        }
    }
    record.outputs.append(image);
    std::sort(record.outputs.begin(), record.outputs.end(),
              [](const OutputRecord &a, const OutputRecord &b) { return a.index < b.index; });
}

} // namespace TaskOutcomes
