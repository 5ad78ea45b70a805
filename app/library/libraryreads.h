#pragma once

#include "library/libraryquery.h"
#include "library/sqlsupport.h"

#include <QSize>
#include <QStringList>

// The library's reads: tasks with their images, the gallery's entries, counts and filter lists.
// A read that fails logs SQLite's error and answers as if nothing matched.
namespace LibraryReads {

// `tail` follows "SELECT <task columns> FROM tasks t": " WHERE …", with its values.
QList<TaskRecord> selectTasks(const LibraryDb &db, const QString &tail, const QVariantList &values);
TaskRecord task(const LibraryDb &db, qint64 id);
TaskRecord taskByServiceId(const LibraryDb &db, const QString &taskId);
QList<TaskRecord> unfinishedTasks(const LibraryDb &db);
OutputRecord image(const LibraryDb &db, qint64 id);

QList<LibraryEntry> findImages(const LibraryDb &db, const LibraryQuery &query);
int countImages(const LibraryDb &db, const LibraryQuery &query);
QList<TaskRecord> findTasks(const LibraryDb &db, const LibraryQuery &query);
int countTasks(const LibraryDb &db, const LibraryQuery &query);

QStringList models(const LibraryDb &db);
QList<QSize> sizes(const LibraryDb &db);
QString integrityCheck(const LibraryDb &db);

QList<TaskState> finishedStates();

} // namespace LibraryReads
