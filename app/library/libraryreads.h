#pragma once

#include "library/libraryquery.h"
#include "library/sqlsupport.h"
#include "library/uploadrecord.h"

#include <QSize>
#include <QStringList>
#include <functional>
#include <optional>

// The library's reads: tasks with their inputs and outputs, the gallery's entries, counts, filter
// lists and reusable uploads.
// A read that fails logs SQLite's error and answers as if nothing matched.
namespace LibraryReads {

// `tail` follows "SELECT <task columns> FROM tasks t": " WHERE …", with its values.
QList<TaskRecord> selectTasks(const LibraryDb &db, const QString &tail, const QVariantList &values);
TaskRecord task(const LibraryDb &db, qint64 id);
TaskRecord taskByServiceId(const LibraryDb &db, const QString &taskId);
QList<TaskRecord> unfinishedTasks(const LibraryDb &db);
OutputRecord output(const LibraryDb &db, qint64 id);

QList<LibraryEntry> findOutputs(const LibraryDb &db, const LibraryQuery &query);
// The same entries one at a time, read in small batches (a caller that prints them keeps none);
// stops when `visit` answers false. False when the read failed.
bool forEachOutput(const LibraryDb &db, const LibraryQuery &query,
                   const std::function<bool(const LibraryEntry &)> &visit);
int countOutputs(const LibraryDb &db, const LibraryQuery &query);
// The count when an index answers it (no condition, a rare search word, given tasks), in a few
// milliseconds at any size; nullopt when it would read every row.
std::optional<int> quickCountOutputs(const LibraryDb &db, const LibraryQuery &query);
QList<TaskRecord> findTasks(const LibraryDb &db, const LibraryQuery &query);
int countTasks(const LibraryDb &db, const LibraryQuery &query);

QStringList models(const LibraryDb &db);
QList<QSize> sizes(const LibraryDb &db);
QString integrityCheck(const LibraryDb &db);
// PRAGMA quick_check (every page read once, without integrity_check's index cross-checks): a
// damaged file fails with a sentence for a person (SQLITE_CORRUPT or SQLITE_NOTADB).
LibraryResult quickCheck(const QSqlDatabase &database, const QString &path);
// The same on a read-only connection of its own, made and removed here: from any thread.
LibraryResult quickCheckFile(const QString &path);

// The upload of this content for `model` through `endpoint` that can still be used at `now`
// (uploaded less than UploadRecord::LifetimeSecs - ReuseMarginSecs ago); invalid when none.
UploadRecord reusableUpload(const LibraryDb &db, const QString &model, const Endpoint &endpoint,
                            const QByteArray &sha256, const QDateTime &now);

QList<TaskState> finishedStates();

} // namespace LibraryReads
