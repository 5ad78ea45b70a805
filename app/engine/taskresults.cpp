#include "engine/taskservice.h"

// TaskService, continued: a finished task's results, saved and recorded in the library.

#include "engine/resultfiles.h"
#include "engine/resultsaver.h"
#include "engine/taskoutcomes.h"
#include "library/library.h"
#include "platform/logging.h"

using namespace TaskOutcomes;

// --- results --------------------------------------------------------------------------------

void TaskService::startDownloads(qint64 id, const TaskSnapshot &snapshot)
{
    Active *task = active(id);
    if (!task)
        return;
    QList<ImageResult> results = snapshot.results;
    if (results.isEmpty() && !snapshot.videoUrl.isEmpty()) {
        // A video task: one result, output.video_url.
        ImageResult video;
        video.url = snapshot.videoUrl;
        video.origPrompt = snapshot.origPrompt;
        video.actualPrompt = snapshot.actualPrompt;
        results = { video };
        TaskRecord &followed = record(id);
        if (!makesVideo(followed.request.kind)) {
            // Followed by its id: the answer says it is a video.
            const ModelInfo model = m_catalog.model(followed.request.model);
            followed.request.kind = makesVideo(model.kind) ? model.kind : MediaKind::TextToVideo;
            followed.request.count = 1;
            if (followed.request.prompt.isEmpty())
                followed.request.prompt = snapshot.origPrompt;
            persist(followed);
        }
    }
    const TaskRecord rec
            = m_records.value(id); // a copy: storeOutput() emits, handlers may add tasks
    if (results.isEmpty()) {
        finishTask(id, TaskState::Failed,
                   ApiError::make(ApiError::Kind::Protocol,
                                  tr("The service reported success but sent no results.")));
        return;
    }
    // Never more files than the task can have, whatever the answer lists.
    const int limit = ResultFiles::resultLimit(rec, m_catalog);
    if (results.size() > limit) {
        task->resultsNote = ApiError::make(
                ApiError::Kind::Protocol,
                tr("The service sent %1 results, more than the %2 this task can have; only the "
                   "first %2 were taken.")
                        .arg(results.size())
                        .arg(limit));
        task->resultsNote.requestId = snapshot.requestId;
        qCWarning(lcTasks).noquote() << "task" << id << rec.taskId << "sent" << results.size()
                                     << "results; taking" << limit;
    }
    auto *saver = new ResultSaver(m_network, &m_reservedPaths, this);
    task->saver = saver;
    // Direct: the planned path is in the library before the download writes a byte.
    connect(
            saver, &ResultSaver::outputPlanned, this,
            [this, id](const OutputRecord &output) { planOutput(id, output); },
            Qt::DirectConnection);
    connect(saver, &ResultSaver::outputFinished, this,
            [this, id](const OutputRecord &output) { storeOutput(id, output); });
    connect(saver, &ResultSaver::finished, this, [this, id] { finishDownloads(id); });
    // The task's own folder: where it was submitted to save, whatever this run's folder is now.
    saver->start(rec, results.mid(0, limit), snapshot.requestId,
                 rec.outputFolder.isEmpty() ? m_outputDirectory : rec.outputFolder);
}

void TaskService::planOutput(qint64 id, OutputRecord output)
{
    // Best effort: without the row a crash during this download costs a second download, and
    // the row that records the saved file reports the library's problem if it persists.
    if (m_library) {
        if (const LibraryResult stored = m_library->addOutput(&output); !stored) {
            qCWarning(lcTasks).noquote()
                    << "could not record the planned path of output" << output.index << "of task"
                    << id << ":" << stored.message();
        }
    }
    upsertImage(record(id), output);
}

void TaskService::storeOutput(qint64 id, OutputRecord image)
{
    bool recorded = true;
    if (m_library) {
        if (const LibraryResult stored = m_library->addOutput(&image); !stored) {
            qCWarning(lcTasks).noquote() << "could not store image" << image.index << "of task"
                                         << id << "in the library:" << stored.message();
            recorded = false;
            if (Active *task = active(id)) {
                task->unrecordedImages.insert(image.index);
                if (!task->storageError.isError())
                    task->storageError = stored.error();
            }
        }
    }
    TaskRecord &rec = record(id);
    upsertImage(rec, image);
    // An edit's unset size is a choice (the service follows the input), kept for a retry.
    if (!rec.request.size.isValid() && image.pixelSize.isValid()
        && rec.request.kind != MediaKind::ImageEdit) {
        rec.request.size
                = image.pixelSize; // a followed task: its request is known only from its results
        persist(rec);
    }
    // Saved means recorded: a file the library does not list is named in the task's error.
    if (image.isSaved() && recorded)
        emit outputSaved(image);
    if (active(id))
        emit taskChanged(m_records.value(id));
}

void TaskService::finishDownloads(qint64 id)
{
    Active *task = active(id);
    const ResultSaver *saver = task ? task->saver.data() : nullptr;
    if (!saver)
        return;
    const int resultCount = saver->resultCount();
    const TaskRecord &rec = m_records[id];
    int saved = 0;
    for (const OutputRecord &image : rec.outputs) {
        if (image.index < resultCount && image.isSaved())
            ++saved;
    }
    ApiError error = saver->firstImageError();
    if (task->resultsNote.isError()) {
        if (error.isError())
            error.message += QLatin1Char(' ') + task->resultsNote.message;
        else
            error = task->resultsNote; // a note on a task that is done
    }
    if (saved == resultCount)
        finishTask(id, TaskState::Done, task->resultsNote);
    else if (saved > 0)
        finishTask(id, TaskState::PartlyDone, error);
    else if (saver->expiredImages() == resultCount)
        finishTask(id, TaskState::Expired, error); // the links outlived their 24 h
    else
        finishTask(id, TaskState::Failed, error);
}
