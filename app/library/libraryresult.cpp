#include "library/libraryresult.h"

#include <QCoreApplication>
#include <QDir>
#include <QSqlError>

namespace {

// SQLite's primary result codes (sqlite3.h); the driver may report extended ones, whose low byte
// is the primary code.
enum SqliteCode {
    SqliteBusy = 5,
    SqliteLocked = 6,
    SqliteReadOnly = 8,
    SqliteIoError = 10,
    SqliteCorrupt = 11,
    SqliteFull = 13,
    SqliteCantOpen = 14,
    SqliteConstraint = 19,
    SqliteNotADatabase = 26,
};

QString codeName(int primary)
{
    switch (primary) {
    case SqliteBusy:
        return QStringLiteral("SQLITE_BUSY");
    case SqliteLocked:
        return QStringLiteral("SQLITE_LOCKED");
    case SqliteReadOnly:
        return QStringLiteral("SQLITE_READONLY");
    case SqliteIoError:
        return QStringLiteral("SQLITE_IOERR");
    case SqliteCorrupt:
        return QStringLiteral("SQLITE_CORRUPT");
    case SqliteFull:
        return QStringLiteral("SQLITE_FULL");
    case SqliteCantOpen:
        return QStringLiteral("SQLITE_CANTOPEN");
    case SqliteConstraint:
        return QStringLiteral("SQLITE_CONSTRAINT");
    case SqliteNotADatabase:
        return QStringLiteral("SQLITE_NOTADB");
    }
    return QStringLiteral("SQLITE_%1").arg(primary);
}

} // namespace

LibraryResult LibraryResult::failure(const QString &sentence, const QString &code)
{
    LibraryResult result;
    result.m_error = ApiError::make(ApiError::Kind::Storage, sentence);
    result.m_error.code = code;
    return result;
}

LibraryResult LibraryResult::fromSql(const QSqlError &error, const QString &databasePath)
{
    bool numeric = false;
    const int primary = error.nativeErrorCode().toInt(&numeric) & 0xff;
    // databaseText() is SQLite's own message ("database or disk is full"); the driver's text
    // ("Unable to execute statement") says nothing more.
    QString detail = error.databaseText().trimmed();
    if (detail.isEmpty())
        detail = error.text().trimmed();
    const QString file = QDir::toNativeSeparators(databasePath);

    QString sentence;
    switch (numeric ? primary : -1) {
    case SqliteFull:
        sentence = QCoreApplication::translate("Library",
                                               "The library %1 could not be saved because the disk "
                                               "is full (%2). Free some "
                                               "space on that disk and try again.")
                           .arg(file, detail);
        break;
    case SqliteReadOnly:
        sentence = QCoreApplication::translate("Library",
                                               "The library %1 could not be saved because it is "
                                               "read-only (%2). Check that "
                                               "you may write to the file and to its folder.")
                           .arg(file, detail);
        break;
    case SqliteBusy:
    case SqliteLocked:
        sentence
                = QCoreApplication::translate(
                          "Library",
                          "The library %1 is locked by another program, perhaps a second DashScope "
                          "Studio window or command (%2). Try again when it has finished.")
                          .arg(file, detail);
        break;
    case SqliteCorrupt:
    case SqliteNotADatabase:
        sentence = QCoreApplication::translate("Library",
                                               "The library %1 is damaged (%2). Quit DashScope "
                                               "Studio, move the file aside "
                                               "or restore it from a backup, and start again.")
                           .arg(file, detail);
        break;
    case SqliteIoError:
        sentence = QCoreApplication::translate(
                           "Library",
                           "The library %1 could not be read or written because of an input/output "
                           "error (%2). Check the disk, then try again.")
                           .arg(file, detail);
        break;
    case SqliteCantOpen:
        sentence = QCoreApplication::translate(
                           "Library",
                           "The library %1 cannot be opened (%2). Check that its folder exists and "
                           "that you may write to it.")
                           .arg(file, detail);
        break;
    case SqliteConstraint:
        sentence
                = QCoreApplication::translate(
                          "Library",
                          "The library %1 refused the change because it contradicts what is stored "
                          "(%2).")
                          .arg(file, detail);
        break;
    default:
        sentence = QCoreApplication::translate("Library",
                                               "The library %1 could not be changed (%2).")
                           .arg(file, detail);
        break;
    }
    return failure(sentence, numeric ? codeName(primary) : QString());
}
