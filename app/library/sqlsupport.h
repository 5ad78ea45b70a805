#pragma once

#include "library/libraryresult.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

class QSqlQuery;

// What every statement of the library needs: its connection and, for messages, its file.
struct LibraryDb
{
    QString connectionName;
    QString path;

    QSqlDatabase database() const { return QSqlDatabase::database(connectionName, false); }
};

// Statement helpers that keep SQLite's real error. A prepare that fails and is not checked makes
// the later exec() report "Parameter count mismatch" (the statement has no parameters to bind),
// which hides the cause (a missing table, a damaged file, a lock): prepare() keeps the cause.
namespace LibrarySql {

// Long id lists are processed in slices below SQLite's bound-parameter limit.
constexpr qsizetype IdSlice = 500;

QString placeholders(qsizetype count); // "?,?,?"
QVariantList idValues(const QList<qint64> &ids); // to bind to those placeholders

LibraryResult prepare(const LibraryDb &db, QSqlQuery &q, const QString &sql);
LibraryResult exec(const LibraryDb &db, QSqlQuery &q, const char *what); // a prepared statement
LibraryResult execute(const LibraryDb &db, const QString &sql); // one statement, no values
// prepare + bind + exec; `what` names the work for the log.
LibraryResult run(const LibraryDb &db, QSqlQuery &q, const QString &sql, const QVariantList &values,
                  const char *what);

} // namespace LibrarySql
