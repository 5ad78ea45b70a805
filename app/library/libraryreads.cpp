#include "library/libraryreads.h"

#include "library/librarysearch.h"
#include "library/rowcodec.h"
#include "platform/logging.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <algorithm>

namespace LibraryReads {

namespace {

    using LibrarySql::IdSlice;
    using LibrarySql::placeholders;

    // Prepares, binds and runs a read; false (logged with SQLite's real error) when it failed.
    bool select(const LibraryDb &db, QSqlQuery &q, const QString &sql, const QVariantList &values,
                const char *what)
    {
        q.setForwardOnly(true);
        return bool(LibrarySql::run(db, q, sql, values, what));
    }

    QList<OutputRecord> imagesOf(const LibraryDb &db, const QList<qint64> &taskIds)
    {
        QList<OutputRecord> images;
        QSqlQuery q(db.database());
        for (qsizetype start = 0; start < taskIds.size(); start += IdSlice) {
            const QList<qint64> slice = taskIds.mid(start, IdSlice);
            QVariantList values;
            for (qint64 id : slice)
                values.append(id);
            if (!select(db, q,
                        QStringLiteral("SELECT %1 FROM images i WHERE i.task IN (%2)"
                                       " ORDER BY i.task, i.idx")
                                .arg(RowCodec::imageColumns(), placeholders(slice.size())),
                        values, "reading images")) {
                continue;
            }
            const RowCodec::ImageReader reader(q.record());
            while (q.next())
                images.append(reader.read(q));
        }
        return images;
    }

    // Fills each task's images from one query.
    void attachImages(const LibraryDb &db, QList<TaskRecord> *tasks)
    {
        QList<qint64> ids;
        ids.reserve(tasks->size());
        for (const TaskRecord &task : std::as_const(*tasks))
            ids.append(task.id);
        const QList<OutputRecord> images = imagesOf(db, ids);
        QHash<qint64, qsizetype> position;
        for (qsizetype i = 0; i < tasks->size(); ++i)
            position.insert(tasks->at(i).id, i);
        for (const OutputRecord &image : images)
            (*tasks)[position.value(image.taskRowId)].outputs.append(image);
    }

    int count(const LibraryDb &db, const QString &sql, const QVariantList &values, const char *what)
    {
        QSqlQuery q(db.database());
        if (!select(db, q, sql, values, what) || !q.next())
            return 0;
        return q.value(0).toInt();
    }

} // namespace

QList<TaskState> finishedStates()
{
    QList<TaskState> states;
    for (int i = int(TaskState::Queued); i <= int(TaskState::Paused); ++i) {
        if (isFinished(TaskState(i)))
            states.append(TaskState(i));
    }
    return states;
}

QList<TaskRecord> selectTasks(const LibraryDb &db, const QString &tail, const QVariantList &values)
{
    QList<TaskRecord> tasks;
    QSqlQuery q(db.database());
    if (!select(db, q, QStringLiteral("SELECT %1 FROM tasks t").arg(RowCodec::taskColumns()) + tail,
                values, "reading tasks")) {
        return tasks;
    }
    const RowCodec::TaskReader reader(q.record());
    while (q.next())
        tasks.append(reader.read(q));
    q.finish();
    attachImages(db, &tasks);
    return tasks;
}

TaskRecord task(const LibraryDb &db, qint64 id)
{
    const QList<TaskRecord> tasks = selectTasks(db, QStringLiteral(" WHERE t.id = ?"), { id });
    return tasks.isEmpty() ? TaskRecord() : tasks.first();
}

TaskRecord taskByServiceId(const LibraryDb &db, const QString &taskId)
{
    if (taskId.isEmpty())
        return {};
    const QList<TaskRecord> tasks
            = selectTasks(db, QStringLiteral(" WHERE t.task_id = ?"), { taskId });
    return tasks.isEmpty() ? TaskRecord() : tasks.first();
}

QList<TaskRecord> unfinishedTasks(const LibraryDb &db)
{
    QVariantList values;
    for (TaskState state : finishedStates())
        values.append(taskStateId(state));
    return selectTasks(
            db,
            QStringLiteral(" WHERE t.state NOT IN (%1) ORDER BY t.created_at ASC, t.id ASC")
                    .arg(placeholders(values.size())),
            values);
}

OutputRecord image(const LibraryDb &db, qint64 id)
{
    QSqlQuery q(db.database());
    if (!select(db, q,
                QStringLiteral("SELECT %1 FROM images i WHERE i.id = ?")
                        .arg(RowCodec::imageColumns()),
                { id }, "reading an image")
        || !q.next()) {
        return {};
    }
    return RowCodec::ImageReader(q.record()).read(q);
}

QList<LibraryEntry> findImages(const LibraryDb &db, const LibraryQuery &query)
{
    QList<LibraryEntry> entries;
    const LibrarySearch::Filter filter = LibrarySearch::filterFor(query);
    QVariantList values = filter.values;
    values << (query.limit < 0 ? -1 : query.limit) << std::max(0, query.offset);
    QSqlQuery q(db.database());
    if (!select(db, q,
                QStringLiteral("SELECT %1, %2")
                                .arg(RowCodec::taskColumns(), RowCodec::imageColumns())
                        + LibrarySearch::fromTasksAndImages() + filter.where()
                        + LibrarySearch::orderBy(query.newestFirst)
                        + QStringLiteral(" LIMIT ? OFFSET ?"),
                values, "searching the library")) {
        return entries;
    }
    const QSqlRecord record = q.record();
    const RowCodec::TaskReader tasks(record);
    const RowCodec::ImageReader images(record);
    while (q.next()) {
        LibraryEntry entry;
        entry.task = tasks.read(q);
        entry.output = images.read(q);
        entries.append(entry);
    }
    return entries;
}

int countImages(const LibraryDb &db, const LibraryQuery &query)
{
    const LibrarySearch::Filter filter = LibrarySearch::filterFor(query);
    return count(db,
                 QStringLiteral("SELECT count(*)") + LibrarySearch::fromTasksAndImages()
                         + filter.where(),
                 filter.values, "counting images");
}

QList<TaskRecord> findTasks(const LibraryDb &db, const LibraryQuery &query)
{
    const LibrarySearch::Filter filter = LibrarySearch::filterFor(query);
    QVariantList values = filter.values;
    values << (query.limit < 0 ? -1 : query.limit) << std::max(0, query.offset);
    const QString order = query.newestFirst
            ? QStringLiteral(" ORDER BY t.created_at DESC, t.id DESC")
            : QStringLiteral(" ORDER BY t.created_at ASC, t.id ASC");
    return selectTasks(db,
                       QStringLiteral(" WHERE t.id IN (SELECT t.id")
                               + LibrarySearch::fromTasksAndImages() + filter.where()
                               + QLatin1Char(')') + order + QStringLiteral(" LIMIT ? OFFSET ?"),
                       values);
}

int countTasks(const LibraryDb &db, const LibraryQuery &query)
{
    const LibrarySearch::Filter filter = LibrarySearch::filterFor(query);
    return count(db,
                 QStringLiteral("SELECT count(DISTINCT t.id)") + LibrarySearch::fromTasksAndImages()
                         + filter.where(),
                 filter.values, "counting tasks");
}

QStringList models(const LibraryDb &db)
{
    QStringList models;
    QSqlQuery q(db.database());
    if (select(db, q,
               QStringLiteral("SELECT DISTINCT model FROM tasks WHERE model <> '' ORDER BY model"),
               {}, "listing models")) {
        while (q.next())
            models.append(q.value(0).toString());
    }
    return models;
}

QList<QSize> sizes(const LibraryDb &db)
{
    QList<QSize> sizes;
    QSqlQuery q(db.database());
    if (select(db, q,
               QStringLiteral("SELECT DISTINCT width, height FROM tasks"
                              " WHERE width > 0 AND height > 0 ORDER BY width * height, width"),
               {}, "listing sizes")) {
        while (q.next())
            sizes.append(QSize(q.value(0).toInt(), q.value(1).toInt()));
    }
    return sizes;
}

QString integrityCheck(const LibraryDb &db)
{
    QSqlQuery q(db.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
        return q.lastError().text();
    QStringList lines;
    while (q.next())
        lines.append(q.value(0).toString());
    return lines.join(QLatin1Char('\n'));
}

} // namespace LibraryReads
