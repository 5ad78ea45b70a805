#include "library/librarytrash.h"

#include "library/rowcodec.h"
#include "platform/logging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <unistd.h>

namespace LibraryTrash {

namespace {

    using LibrarySql::IdSlice;
    using LibrarySql::placeholders;

    // The .trashinfo the Trash keeps beside a file it holds (Trash/files/x ->
    // Trash/info/x.trashinfo).
    QString infoFile(const QString &trashPath)
    {
        const QFileInfo info(trashPath);
        return QDir(info.absolutePath())
                .filePath(QStringLiteral("../info/%1.trashinfo").arg(info.fileName()));
    }

    QStringList columnsOf(const LibraryDb &db, const QString &table)
    {
        QStringList columns;
        QSqlQuery q(db.database());
        q.setForwardOnly(true);
        if (q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table))) {
            while (q.next())
                columns << q.value(1).toString();
        }
        return columns;
    }

    // The columns of `table`, each of which its copy deleted_<table> has: a column added by a
    // later schema step is added to the copy here, so no value is lost on the way to the Trash.
    LibraryResult copiedColumns(const LibraryDb &db, const QString &table, QString *columns)
    {
        const QStringList source = columnsOf(db, table);
        const QStringList copy = columnsOf(db, QStringLiteral("deleted_") + table);
        if (source.isEmpty() || copy.isEmpty()) {
            return LibraryResult::failure(
                    QCoreApplication::translate(
                            "Library",
                            "The library %1 has no table %2: it may have been changed by another "
                            "program. Nothing was deleted.")
                            .arg(QDir::toNativeSeparators(db.path), table));
        }
        for (const QString &column : source) {
            if (copy.contains(column))
                continue;
            if (LibraryResult r = LibrarySql::execute(
                        db,
                        QStringLiteral("ALTER TABLE deleted_%1 ADD COLUMN %2").arg(table, column));
                !r) {
                return r;
            }
        }
        *columns = source.join(QStringLiteral(", "));
        return {};
    }

    QVariantList idValues(qint64 batch, const QList<qint64> &ids)
    {
        return QVariantList { batch } + LibrarySql::idValues(ids);
    }

    // INSERT INTO deleted_<table> (batch, …) SELECT batch, … FROM <table> WHERE `where`; the
    // first value is the batch.
    LibraryResult copyRows(const LibraryDb &db, const QString &table, const QString &where,
                           const QVariantList &values)
    {
        QString columns;
        if (LibraryResult r = copiedColumns(db, table, &columns); !r)
            return r;
        QSqlQuery q(db.database());
        return LibrarySql::run(db, q,
                               QStringLiteral("INSERT INTO deleted_%1 (batch, %2) SELECT ?, %2"
                                              " FROM %1 WHERE %3")
                                       .arg(table, columns, where),
                               values, "keeping deleted rows for undo");
    }

    LibraryResult ids(const LibraryDb &db, const QString &sql, qint64 batch, QList<qint64> *ids)
    {
        QSqlQuery q(db.database());
        q.setForwardOnly(true);
        if (LibraryResult r = LibrarySql::run(db, q, sql, { batch }, "reading deleted rows"); !r)
            return r;
        while (q.next())
            ids->append(q.value(0).toLongLong());
        return {};
    }

    // Qt 6.4 answers success when it could not make the home Trash (its folder missing or not a
    // folder), having moved the file into files/ of the working directory: a file is in a Trash
    // only under the home Trash or a volume's .Trash-UID or .Trash/UID (the freedesktop.org
    // specification's places).
    bool isInATrash(const QString &trashPath)
    {
        const QFileInfo info(trashPath);
        if (!info.isAbsolute() || info.absoluteDir().dirName() != QLatin1String("files"))
            return false;
        QDir root = info.absoluteDir();
        root.cdUp();
        const QString home = QDir::cleanPath(
                QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                + QStringLiteral("/Trash"));
        if (QDir::cleanPath(root.absolutePath()) == home)
            return true;
        const QString uid = QString::number(::getuid());
        if (root.dirName() == QStringLiteral(".Trash-") + uid)
            return true;
        QDir parent = root;
        return root.dirName() == uid && parent.cdUp()
                && parent.dirName() == QLatin1String(".Trash");
    }

    // Moves a file that went somewhere other than a Trash back to where it was.
    void undoStrayMove(const QString &trashPath, const QString &path)
    {
        QFile::rename(trashPath, path);
        QFile::remove(infoFile(trashPath));
    }

    bool trash(const QString &path, QString *trashPath, QString *error)
    {
        // The home Trash's parent may not exist yet (a new account); the specification says to
        // make it.
        QDir().mkpath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation));
        QFile file(path);
        if (!file.moveToTrash()) {
            *error = file.errorString();
            return false;
        }
        if (!isInATrash(file.fileName())) {
            undoStrayMove(file.fileName(), path);
            *error = QCoreApplication::translate("Library", "there is no Trash for it");
            return false;
        }
        *trashPath = file.fileName(); // moveToTrash() renames the QFile to its place in the Trash
        return true;
    }

} // namespace

bool canTrashIn(const QString &folder)
{
    QTemporaryFile probe(QDir(folder).filePath(QStringLiteral(".dashscope-trash-test-XXXXXX")));
    probe.setAutoRemove(false);
    if (!probe.open())
        return false;
    const QString path = probe.fileName();
    probe.close();
    QString trashed;
    QString error;
    if (!trash(path, &trashed, &error)) {
        QFile::remove(path);
        return false;
    }
    QFile::remove(trashed);
    QFile::remove(infoFile(trashed));
    return true;
}

bool moveToTrash(const QString &path, QString *trashPath, QString *error)
{
    QString reason;
    if (trash(path, trashPath, &reason))
        return true;
    *error = QCoreApplication::translate("Library", "%1 could not be moved to the Trash: %2")
                     .arg(QDir::toNativeSeparators(path), reason);
    qCWarning(lcLibrary).noquote() << *error;
    return false;
}

bool restoreFromTrash(const QString &trashPath, const QString &path, QString *error)
{
    if (!QFileInfo::exists(trashPath)) {
        *error = QCoreApplication::translate(
                         "Library",
                         "%1 is no longer in the Trash, so it could not be brought back.")
                         .arg(QFileInfo(path).fileName());
        return false;
    }
    if (QFileInfo::exists(path)) {
        *error = QCoreApplication::translate(
                         "Library",
                         "%1 was not brought back from the Trash: another file has its name now.")
                         .arg(QDir::toNativeSeparators(path));
        return false;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(trashPath);
    if (!file.rename(path)) {
        *error = QCoreApplication::translate("Library",
                                             "%1 could not be brought back from the Trash: %2")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    QFile::remove(infoFile(trashPath));
    return true;
}

LibraryResult beginBatch(const LibraryDb &db, qint64 *batch)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<qint64> old;
    QSqlQuery q(db.database());
    q.setForwardOnly(true);
    if (LibraryResult r = LibrarySql::run(
                db, q, QStringLiteral("SELECT id FROM deleted_batches WHERE deleted_at < ?"),
                { RowCodec::utcTime(now.addDays(-1)) }, "reading old deletions");
        !r) {
        return r;
    }
    while (q.next())
        old.append(q.value(0).toLongLong());
    q.finish();
    for (qint64 id : std::as_const(old)) {
        if (LibraryResult r = dropBatch(db, id); !r)
            return r;
    }
    if (LibraryResult r = LibrarySql::run(
                db, q, QStringLiteral("INSERT INTO deleted_batches (deleted_at) VALUES (?)"),
                { RowCodec::utcTime(now) }, "starting a deletion");
        !r) {
        return r;
    }
    *batch = q.lastInsertId().toLongLong();
    return {};
}

LibraryResult copyOutputs(const LibraryDb &db, qint64 batch, const QList<qint64> &outputIds)
{
    for (qsizetype start = 0; start < outputIds.size(); start += IdSlice) {
        const QList<qint64> slice = outputIds.mid(start, IdSlice);
        const QString in = placeholders(slice.size());
        QVariantList values = idValues(batch, slice);
        QVariantList twice = values;
        twice.append(batch);
        const QString tasks = QStringLiteral("(SELECT task FROM outputs WHERE id IN (%1))").arg(in);
        if (LibraryResult r = copyRows(db, QStringLiteral("tasks"),
                                       QStringLiteral("id IN %1 AND id NOT IN (SELECT id FROM"
                                                      " deleted_tasks WHERE batch = ?)")
                                               .arg(tasks),
                                       twice);
            !r) {
            return r;
        }
        if (LibraryResult r = copyRows(db, QStringLiteral("task_inputs"),
                                       QStringLiteral("task IN %1 AND task NOT IN (SELECT task FROM"
                                                      " deleted_task_inputs WHERE batch = ?)")
                                               .arg(tasks),
                                       twice);
            !r) {
            return r;
        }
        if (LibraryResult r
            = copyRows(db, QStringLiteral("outputs"), QStringLiteral("id IN (%1)").arg(in), values);
            !r) {
            return r;
        }
    }
    return {};
}

LibraryResult copyTasks(const LibraryDb &db, qint64 batch, const QList<qint64> &taskRowIds)
{
    for (qsizetype start = 0; start < taskRowIds.size(); start += IdSlice) {
        const QList<qint64> slice = taskRowIds.mid(start, IdSlice);
        const QString in = placeholders(slice.size());
        QVariantList twice = idValues(batch, slice);
        twice.append(batch);
        if (LibraryResult r = copyRows(db, QStringLiteral("tasks"),
                                       QStringLiteral("id IN (%1) AND id NOT IN (SELECT id FROM"
                                                      " deleted_tasks WHERE batch = ?)")
                                               .arg(in),
                                       twice);
            !r) {
            return r;
        }
        if (LibraryResult r = copyRows(db, QStringLiteral("task_inputs"),
                                       QStringLiteral("task IN (%1) AND task NOT IN (SELECT task"
                                                      " FROM deleted_task_inputs WHERE batch = ?)")
                                               .arg(in),
                                       twice);
            !r) {
            return r;
        }
        if (LibraryResult r
            = copyRows(db, QStringLiteral("outputs"), QStringLiteral("task IN (%1)").arg(in),
                       idValues(batch, slice));
            !r) {
            return r;
        }
    }
    return {};
}

LibraryResult keepRemovedOnly(const LibraryDb &db, qint64 batch)
{
    for (const char *sql : { "DELETE FROM deleted_tasks WHERE batch = ?"
                             " AND id IN (SELECT id FROM tasks)",
                             "DELETE FROM deleted_task_inputs WHERE batch = ?"
                             " AND task IN (SELECT id FROM tasks)" }) {
        QSqlQuery q(db.database());
        if (LibraryResult r = LibrarySql::run(db, q, QLatin1String(sql), { batch },
                                              "keeping deleted rows for undo");
            !r) {
            return r;
        }
    }
    return {};
}

LibraryResult recordFiles(const LibraryDb &db, qint64 batch, const QStringList &paths)
{
    QSqlQuery q(db.database());
    for (const QString &path : paths) {
        if (LibraryResult r = LibrarySql::run(
                    db, q, QStringLiteral("INSERT INTO deleted_files (batch, path) VALUES (?, ?)"),
                    { batch, path }, "recording deleted files");
            !r) {
            return r;
        }
    }
    return {};
}

LibraryResult setTrashPath(const LibraryDb &db, qint64 batch, const QString &path,
                           const QString &trashPath)
{
    QSqlQuery q(db.database());
    return LibrarySql::run(
            db, q,
            QStringLiteral("UPDATE deleted_files SET trash_path = ? WHERE batch = ? AND path = ?"),
            { trashPath, batch, path }, "recording a file in the Trash");
}

LibraryResult files(const LibraryDb &db, qint64 batch, QList<TrashedFile> *files)
{
    QSqlQuery q(db.database());
    q.setForwardOnly(true);
    if (LibraryResult r = LibrarySql::run(
                db, q, QStringLiteral("SELECT path, trash_path FROM deleted_files WHERE batch = ?"),
                { batch }, "reading deleted files");
        !r) {
        return r;
    }
    while (q.next())
        files->append({ q.value(0).toString(), q.value(1).toString() });
    return {};
}

LibraryResult restoreRows(const LibraryDb &db, qint64 batch, Restored *restored)
{
    if (LibraryResult r = ids(db, QStringLiteral("SELECT id FROM deleted_tasks WHERE batch = ?"),
                              batch, &restored->taskIds);
        !r) {
        return r;
    }
    // An output whose task has since gone another way (deleted again) cannot come back.
    const QString whereOutputs
            = QStringLiteral("batch = ? AND (task IN (SELECT id FROM tasks)"
                             " OR task IN (SELECT id FROM deleted_tasks WHERE batch = ?))");
    QSqlQuery q(db.database());
    q.setForwardOnly(true);
    if (LibraryResult r = LibrarySql::run(
                db, q, QStringLiteral("SELECT id FROM deleted_outputs WHERE ") + whereOutputs,
                { batch, batch }, "reading deleted rows");
        !r) {
        return r;
    }
    while (q.next())
        restored->outputIds.append(q.value(0).toLongLong());
    q.finish();
    const struct
    {
        const char *table;
        QString where;
        QVariantList values;
    } steps[] = {
        { "tasks", QStringLiteral("batch = ?"), { batch } },
        { "task_inputs", QStringLiteral("batch = ?"), { batch } },
        { "outputs", whereOutputs, { batch, batch } },
    };
    for (const auto &step : steps) {
        const QString table = QLatin1String(step.table);
        const QString columns = columnsOf(db, table).join(QStringLiteral(", "));
        if (LibraryResult r = LibrarySql::run(db, q,
                                              QStringLiteral("INSERT INTO %1 (%2) SELECT %2 FROM"
                                                             " deleted_%1 WHERE %3")
                                                      .arg(table, columns, step.where),
                                              step.values, "bringing deleted rows back");
            !r) {
            return r;
        }
    }
    return dropBatch(db, batch);
}

LibraryResult dropBatch(const LibraryDb &db, qint64 batch)
{
    QSqlQuery q(db.database());
    for (const char *table :
         { "deleted_tasks", "deleted_outputs", "deleted_task_inputs", "deleted_files" }) {
        if (LibraryResult r = LibrarySql::run(
                    db, q,
                    QStringLiteral("DELETE FROM %1 WHERE batch = ?").arg(QLatin1String(table)),
                    { batch }, "forgetting a deletion");
            !r) {
            return r;
        }
    }
    return LibrarySql::run(db, q, QStringLiteral("DELETE FROM deleted_batches WHERE id = ?"),
                           { batch }, "forgetting a deletion");
}

} // namespace LibraryTrash
