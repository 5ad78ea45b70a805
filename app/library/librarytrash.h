#pragma once

#include "library/sqlsupport.h"

#include <QList>
#include <QString>
#include <QStringList>

// Deletions that can be undone (schema step 9): the rows a deletion removes are copied, in its
// transaction, into deleted_* tables under a batch, and its files go to the Trash after the
// commit. The statements run inside the caller's transaction (Library opens and commits it).
namespace LibraryTrash {

// A file of a batch: where it was, and where the Trash holds it (empty when it is not there).
struct TrashedFile
{
    QString path;
    QString trashPath;
};

// Whether files in `folder` can go to the Trash (QFile::moveToTrash): tried with an empty file
// of our own, which is then removed from the Trash. False on a file system without a Trash (a
// removable drive or network share with no .Trash folder) or a folder that cannot be written.
bool canTrashIn(const QString &folder);
// Moves `path` to the Trash; `trashPath` receives where it went. On failure, a sentence.
bool moveToTrash(const QString &path, QString *trashPath, QString *error);
// Moves a trashed file back to `path` (and removes its .trashinfo). On failure, a sentence.
bool restoreFromTrash(const QString &trashPath, const QString &path, QString *error);

// A new batch; batches older than a day (whose Undo is long gone) are dropped first.
LibraryResult beginBatch(const LibraryDb &db, qint64 *batch);
// Copies the outputs, their tasks and the tasks' inputs into the batch (before they are removed).
LibraryResult copyOutputs(const LibraryDb &db, qint64 batch, const QList<qint64> &outputIds);
// Copies the tasks with their outputs and inputs into the batch.
LibraryResult copyTasks(const LibraryDb &db, qint64 batch, const QList<qint64> &taskRowIds);
// After the removal: the tasks still in the library (a task keeps its row while other outputs
// remain) leave the batch, so Undo does not insert them twice.
LibraryResult keepRemovedOnly(const LibraryDb &db, qint64 batch);
LibraryResult recordFiles(const LibraryDb &db, qint64 batch, const QStringList &paths);
LibraryResult setTrashPath(const LibraryDb &db, qint64 batch, const QString &path,
                           const QString &trashPath);
LibraryResult files(const LibraryDb &db, qint64 batch, QList<TrashedFile> *files);

// What a restore put back.
struct Restored
{
    QList<qint64> taskIds; // tasks that were removed and are back
    QList<qint64> outputIds; // every output back
};
// Copies the batch's rows back with their ids, then drops the batch.
LibraryResult restoreRows(const LibraryDb &db, qint64 batch, Restored *restored);
LibraryResult dropBatch(const LibraryDb &db, qint64 batch);

} // namespace LibraryTrash
