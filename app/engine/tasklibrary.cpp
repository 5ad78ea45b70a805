#include "engine/taskservice.h"

// TaskService, continued: the library's row for a new task, and the library as the ledger of
// uploads.

#include "library/library.h"
#include "platform/logging.h"

// Uploads of input files are kept in the library: a retry within 48 h (from the window or a
// command) names the same oss:// file instead of uploading it again.
void TaskService::useLibraryAsUploadLedger()
{
    Library *library = m_library;
    setUploadLedger(
            [library](const QString &model, const Endpoint &endpoint,
                      const QByteArray &sha256) -> std::optional<UploadRecord> {
                const UploadRecord found = library->reusableUpload(model, endpoint, sha256);
                if (!found.isValid())
                    return std::nullopt;
                return found;
            },
            [library](const UploadRecord &upload) {
                // Without the row the next retry uploads again: a cost, not an error.
                if (const LibraryResult stored = library->recordUpload(upload); !stored)
                    qCWarning(lcTasks).noquote() << "could not record the upload" << upload.ossUrl
                                                 << ":" << stored.message();
            });
}

LibraryResult TaskService::recordNewTask(TaskRecord *rec, TaskState state)
{
    rec->endpoint = m_endpoint;
    rec->outputFolder = m_outputDirectory; // kept if it is resumed after the folder changed
    rec->demo = m_free; // free of charge: the built-in simulator is the service
    rec->state = state;
    rec->createdAt = QDateTime::currentDateTimeUtc();
    rec->updatedAt = rec->createdAt;
    if (!m_library) {
        rec->id = m_nextLocalId--;
        return {};
    }
    const LibraryResult added = m_library->addTask(rec);
    return !added || rec->id != 0 ? added : LibraryResult::failure(tr("The task got no row id."));
}

TaskStart TaskService::notRecorded(const LibraryResult &added)
{
    // The library's own sentence says what failed (disk full, read-only) and what to do.
    ApiError error = added.error();
    error.kind = ApiError::Kind::Storage;
    error.message = tr("The task could not be recorded in the library, so it was not sent. %1")
                            .arg(added.message())
                            .trimmed();
    return TaskStart::refused(TaskStart::Refusal::LibraryWriteFailed, error);
}
