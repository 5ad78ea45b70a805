#include "library/schema.h"

#include "platform/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

namespace LibrarySchema {

namespace {

    QString stepFile(int step)
    {
        const QString prefix = QStringLiteral("%1-").arg(step, 3, 10, QLatin1Char('0'));
        const QStringList names
                = QDir(QStringLiteral(":/schema"))
                          .entryList({ prefix + QStringLiteral("*.sql") }, QDir::Files, QDir::Name);
        return names.size() == 1 ? QStringLiteral(":/schema/") + names.first() : QString();
    }

} // namespace

QStringList statements(int step)
{
    QFile file(stepFile(step));
    if (file.fileName().isEmpty() || !file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList result;
    QString current;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString text = line.trimmed();
        if (text.isEmpty() || text.startsWith(QLatin1String("--")))
            continue;
        current += current.isEmpty() ? text : QLatin1Char(' ') + text;
        // A trigger's body has statements of its own; the trigger ends with END.
        const bool trigger
                = current.startsWith(QLatin1String("CREATE TRIGGER"), Qt::CaseInsensitive);
        if (text.endsWith(QLatin1Char(';'))
            && (!trigger || text.endsWith(QLatin1String("END;"), Qt::CaseInsensitive))) {
            current.chop(1);
            result.append(current);
            current.clear();
        }
    }
    if (!current.isEmpty())
        result.append(current); // the last statement without ";"
    return result;
}

int version(const LibraryDb &db, LibraryResult *error)
{
    QSqlQuery q(db.database());
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        *error = LibraryResult::fromSql(q.lastError(), db.path);
        return -1;
    }
    return q.value(0).toInt();
}

LibraryResult migrate(const LibraryDb &db)
{
    // Reading the version and migrating happen under one write lock, so two processes starting
    // at once cannot both migrate.
    if (LibraryResult begun = LibrarySql::execute(db, QStringLiteral("BEGIN IMMEDIATE")); !begun)
        return begun;
    const auto rollback = [&](const LibraryResult &failure) {
        LibrarySql::execute(db, QStringLiteral("ROLLBACK"));
        return failure;
    };
    const auto upgradeFailed = [&](int step, const QString &detail) {
        return rollback(LibraryResult::failure(
                QCoreApplication::translate("Library",
                                            "The library could not be upgraded to schema %1: %2")
                        .arg(step)
                        .arg(detail)));
    };

    LibraryResult error;
    const int current = version(db, &error);
    if (current < 0)
        return rollback(error);
    if (current > Version) {
        return rollback(LibraryResult::failure(
                QCoreApplication::translate("Library",
                                            "The library was written by a newer version of "
                                            "DashScope Studio (schema %1; this version knows up "
                                            "to %2). Update the program to open it.")
                        .arg(current)
                        .arg(Version)));
    }
    QSqlQuery q(db.database());
    for (int step = current + 1; step <= Version; ++step) {
        qCInfo(lcLibrary) << "migrating library schema from version" << step - 1 << "to" << step;
        const QStringList sql = statements(step);
        if (sql.isEmpty())
            return upgradeFailed(step,
                                 QCoreApplication::translate(
                                         "Library", "this build of the program lacks the step"));
        for (const QString &statement : sql) {
            if (!q.exec(statement))
                return upgradeFailed(step, q.lastError().text());
        }
        // The pragma takes no bound parameter; the value is our own integer.
        if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(step)))
            return rollback(LibraryResult::fromSql(q.lastError(), db.path));
    }
    // Step 10 of SQLite's table rebuild: the rows must still refer to each other as before.
    if (current < Version) {
        if (!q.exec(QStringLiteral("PRAGMA foreign_key_check")))
            return rollback(LibraryResult::fromSql(q.lastError(), db.path));
        if (q.next()) {
            return rollback(LibraryResult::failure(
                    QCoreApplication::translate(
                            "Library",
                            "The library could not be upgraded to schema %1: row %2 of table %3 "
                            "refers to a row that does not exist.")
                            .arg(Version)
                            .arg(q.value(1).toLongLong())
                            .arg(q.value(0).toString())));
        }
        q.finish();
    }
    if (LibraryResult committed = LibrarySql::execute(db, QStringLiteral("COMMIT")); !committed)
        return rollback(committed);
    return {};
}

} // namespace LibrarySchema
