#pragma once

#include "domain/taskrecord.h"
#include "library/sqlsupport.h"
#include "library/uploadrecord.h"

#include <QStringList>

// The library's writes, as statements inside the caller's transaction (Library opens and commits
// it). Each answers success or a LibraryResult with a sentence for a person; none only logs.
namespace LibraryWrites {

// Inserts, with its inputs; sets task->id (created_at and updated_at must be set).
LibraryResult insertTask(const LibraryDb &db, TaskRecord *task);
// Updates the row and replaces its inputs.
LibraryResult updateTask(const LibraryDb &db, const TaskRecord &task);
// Inserts or updates the output (task, index) keeping its id and favourite flag; sets output->id.
LibraryResult upsertOutput(const LibraryDb &db, OutputRecord *output);
LibraryResult setFavourite(const LibraryDb &db, const QList<qint64> &outputIds, bool favourite);
// Inserts or replaces the upload of (model, endpoint's base URL, sha256).
LibraryResult recordUpload(const LibraryDb &db, const UploadRecord &upload);

// What a deletion took away, for the signals and for the files to remove after the commit.
struct Removed
{
    QList<qint64> outputIds;
    QList<qint64> taskIds;
    QStringList files; // saved files of the removed rows
    // Thumbnails (ThumbnailCache::keyFor) no remaining output uses; made while the files exist.
    QStringList thumbnailKeys;
};

// Removes the outputs; a finished task left without outputs goes too.
LibraryResult deleteOutputs(const LibraryDb &db, const QList<qint64> &outputIds, Removed *removed);
// Removes the tasks with their inputs and outputs.
LibraryResult deleteTasks(const LibraryDb &db, const QList<qint64> &taskRowIds, Removed *removed);

// Removes files; a missing file is fine (already gone), one that cannot be removed is reported.
LibraryResult removeFiles(const QStringList &paths);

} // namespace LibraryWrites
