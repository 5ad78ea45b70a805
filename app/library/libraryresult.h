#pragma once

#include "domain/apierror.h"

#include <QString>

class QSqlError;

// The outcome of a library write: success, or an ApiError of kind Storage whose message is one
// sentence for a person (what failed, SQLite's own words, and what to do) and whose code names
// SQLite's error ("SQLITE_FULL", "SQLITE_READONLY", …). Tests as a bool, so `if
// (!library.addTask(…))` keeps working; error() is what the caller shows or stores.
class LibraryResult
{
public:
    LibraryResult() = default; // success

    static LibraryResult failure(const QString &sentence, const QString &code = {});
    // SQLite's error, explained for the library file at `databasePath`.
    static LibraryResult fromSql(const QSqlError &error, const QString &databasePath);

    explicit operator bool() const { return !m_error.isError(); }
    bool isOk() const { return !m_error.isError(); }
    const ApiError &error() const { return m_error; }
    QString message() const { return m_error.message; } // empty on success

private:
    ApiError m_error;
};
