// Deletion with Undo: rows kept in the deleted_* tables, files in the Trash (librarytrash.h).
#include "library/library.h"
#include "library/librarytrash.h"
#include "library/librarywrites.h"

#include <QFileInfo>
#include <QSet>

LibraryResult Library::trashEntries(const QList<qint64> &outputIds, const QList<qint64> &taskRowIds,
                                    qint64 *batch)
{
    *batch = 0;
    if (outputIds.isEmpty() && taskRowIds.isEmpty())
        return {};
    // Rows first, files after the commit: a crash in between leaves the files where they were,
    // unreferenced, and the batch can still bring the rows back.
    LibraryWrites::Removed removed;
    qint64 id = 0;
    LibraryResult inner;
    const auto step = [&inner](LibraryResult r) {
        inner = std::move(r);
        return inner.isOk();
    };
    const LibraryResult written = runInTransaction([&] {
        forgetKeptReads(); // a model may be gone with its last task
        if (!step(LibraryTrash::beginBatch(db(), &id)))
            return false;
        if (!outputIds.isEmpty()
            && !(step(LibraryTrash::copyOutputs(db(), id, outputIds))
                 && step(LibraryWrites::deleteOutputs(db(), outputIds, &removed))))
            return false;
        if (!taskRowIds.isEmpty()) {
            LibraryWrites::Removed tasks;
            if (!(step(LibraryTrash::copyTasks(db(), id, taskRowIds))
                  && step(LibraryWrites::deleteTasks(db(), taskRowIds, &tasks))))
                return false;
            removed.outputIds += tasks.outputIds;
            removed.taskIds += tasks.taskIds;
            removed.files += tasks.files;
            removed.thumbnailKeys += tasks.thumbnailKeys;
        }
        removed.files.removeDuplicates();
        if (!(step(LibraryTrash::keepRemovedOnly(db(), id))
              && step(LibraryTrash::recordFiles(db(), id, removed.files))))
            return false;
        afterCommit([this, removed] {
            if (!removed.outputIds.isEmpty())
                emit outputsRemoved(removed.outputIds);
            if (!removed.taskIds.isEmpty())
                emit tasksRemoved(removed.taskIds);
            if (!removed.thumbnailKeys.isEmpty())
                emit thumbnailsObsolete(removed.thumbnailKeys);
        });
        return true;
    });
    if (!written)
        return fail(inner ? written : inner);
    *batch = id;

    LibraryResult result;
    QList<std::pair<QString, QString>> trashed;
    for (const QString &path : std::as_const(removed.files)) {
        if (!QFileInfo::exists(path))
            continue; // already gone: nothing to bring back either
        QString trashPath;
        QString error;
        if (LibraryTrash::moveToTrash(path, &trashPath, &error))
            trashed.append({ path, trashPath });
        else if (result)
            result = LibraryResult::failure(error);
    }
    if (!trashed.isEmpty()) {
        const LibraryResult recorded = runInTransaction([&] {
            for (const auto &[path, trashPath] : std::as_const(trashed)) {
                if (!step(LibraryTrash::setTrashPath(db(), id, path, trashPath)))
                    return false;
            }
            return true;
        });
        if (!recorded && result)
            result = inner ? recorded : inner;
    }
    return fail(result);
}

LibraryResult Library::restoreDeleted(qint64 batch)
{
    QList<LibraryTrash::TrashedFile> files;
    if (LibraryResult r = LibraryTrash::files(db(), batch, &files); !r)
        return fail(r);
    // Files first: a crash before the rows are back leaves files that nothing refers to, never
    // rows whose files are still in the Trash.
    LibraryResult result;
    for (const LibraryTrash::TrashedFile &file : std::as_const(files)) {
        if (file.trashPath.isEmpty())
            continue; // it never left
        QString error;
        if (!LibraryTrash::restoreFromTrash(file.trashPath, file.path, &error) && result)
            result = LibraryResult::failure(error);
    }
    LibraryResult inner;
    const LibraryResult written = runInTransaction([&] {
        forgetKeptReads();
        LibraryTrash::Restored restored;
        inner = LibraryTrash::restoreRows(db(), batch, &restored);
        if (!inner)
            return false;
        afterCommit([this, restored] {
            const QSet<qint64> tasks(restored.taskIds.cbegin(), restored.taskIds.cend());
            for (qint64 task : restored.taskIds)
                emit taskStored(task);
            // Outputs of a task that stayed: each appears by itself.
            for (qint64 output : restored.outputIds) {
                if (!tasks.contains(this->output(output).taskRowId))
                    emit outputStored(output);
            }
        });
        return true;
    });
    if (!written)
        return fail(inner ? written : inner);
    return fail(result);
}
