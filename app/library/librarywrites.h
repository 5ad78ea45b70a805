#pragma once

#include "domain/taskrecord.h"
#include "library/sqlsupport.h"

#include <QStringList>

// The library's writes, as statements inside the caller's transaction (Library opens and commits
// it). Each answers success or a LibraryResult with a sentence for a person; none only logs.
namespace LibraryWrites {

// Inserts; sets task->id (created_at and updated_at must be set).
LibraryResult insertTask(const LibraryDb &db, TaskRecord *task);
LibraryResult updateTask(const LibraryDb &db, const TaskRecord &task);
// Inserts or updates the image (task, index) keeping its id and favourite flag; sets image->id.
LibraryResult upsertImage(const LibraryDb &db, OutputRecord *image);
LibraryResult setFavourite(const LibraryDb &db, const QList<qint64> &imageIds, bool favourite);

// What a deletion took away, for the signals and for the files to remove after the commit.
struct Removed
{
    QList<qint64> imageIds;
    QList<qint64> taskIds;
    QStringList files; // saved images of the removed rows
    // Thumbnails (ThumbnailCache::keyFor) no remaining image uses; made while the files exist.
    QStringList thumbnailKeys;
};

// Removes the images; a finished task left without images goes too.
LibraryResult deleteImages(const LibraryDb &db, const QList<qint64> &imageIds, Removed *removed);
// Removes the tasks with their images.
LibraryResult deleteTasks(const LibraryDb &db, const QList<qint64> &taskRowIds, Removed *removed);

// Removes files; a missing file is fine (already gone), one that cannot be removed is reported.
LibraryResult removeFiles(const QStringList &paths);

} // namespace LibraryWrites
