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

    QVariantList idValues(const QList<qint64> &ids)
    {
        QVariantList values;
        values.reserve(ids.size());
        for (qint64 id : ids)
            values.append(id);
        return values;
    }

    QList<OutputRecord> outputsOf(const LibraryDb &db, const QList<qint64> &taskIds)
    {
        QList<OutputRecord> outputs;
        QSqlQuery q(db.database());
        for (qsizetype start = 0; start < taskIds.size(); start += IdSlice) {
            const QList<qint64> slice = taskIds.mid(start, IdSlice);
            if (!select(db, q,
                        QStringLiteral("SELECT %1 FROM outputs o WHERE o.task IN (%2)"
                                       " ORDER BY o.task, o.idx")
                                .arg(RowCodec::outputColumns(), placeholders(slice.size())),
                        idValues(slice), "reading outputs")) {
                continue;
            }
            const RowCodec::OutputReader reader(q.record());
            while (q.next())
                outputs.append(reader.read(q));
        }
        return outputs;
    }

    // The inputs of each task, in order; tasks without inputs have no entry.
    QHash<qint64, QList<RequestInput>> inputsOf(const LibraryDb &db, QList<qint64> taskIds)
    {
        std::sort(taskIds.begin(), taskIds.end());
        taskIds.erase(std::unique(taskIds.begin(), taskIds.end()), taskIds.end());
        QHash<qint64, QList<RequestInput>> inputs;
        QSqlQuery q(db.database());
        for (qsizetype start = 0; start < taskIds.size(); start += IdSlice) {
            const QList<qint64> slice = taskIds.mid(start, IdSlice);
            if (!select(db, q,
                        QStringLiteral("SELECT %1 FROM task_inputs n WHERE n.task IN (%2)"
                                       " ORDER BY n.task, n.idx")
                                .arg(RowCodec::inputColumns(), placeholders(slice.size())),
                        idValues(slice), "reading task inputs")) {
                continue;
            }
            const RowCodec::InputReader reader(q.record());
            while (q.next()) {
                if (const std::optional<RequestInput> input = reader.read(q))
                    inputs[reader.taskRowId(q)].append(*input);
            }
        }
        return inputs;
    }

    // Fills each task's inputs and outputs, one query each.
    void attachInputsAndOutputs(const LibraryDb &db, QList<TaskRecord> *tasks)
    {
        QList<qint64> ids;
        ids.reserve(tasks->size());
        for (const TaskRecord &task : std::as_const(*tasks))
            ids.append(task.id);
        QHash<qint64, qsizetype> position;
        for (qsizetype i = 0; i < tasks->size(); ++i)
            position.insert(tasks->at(i).id, i);
        const QHash<qint64, QList<RequestInput>> inputs = inputsOf(db, ids);
        for (auto it = inputs.cbegin(); it != inputs.cend(); ++it)
            (*tasks)[position.value(it.key())].request.inputs = it.value();
        const QList<OutputRecord> outputs = outputsOf(db, ids);
        for (const OutputRecord &output : outputs)
            (*tasks)[position.value(output.taskRowId)].outputs.append(output);
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
    attachInputsAndOutputs(db, &tasks);
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

OutputRecord output(const LibraryDb &db, qint64 id)
{
    QSqlQuery q(db.database());
    if (!select(db, q,
                QStringLiteral("SELECT %1 FROM outputs o WHERE o.id = ?")
                        .arg(RowCodec::outputColumns()),
                { id }, "reading an output")
        || !q.next()) {
        return {};
    }
    return RowCodec::OutputReader(q.record()).read(q);
}

QList<LibraryEntry> findOutputs(const LibraryDb &db, const LibraryQuery &query)
{
    QList<LibraryEntry> entries;
    const LibrarySearch::Filter filter = LibrarySearch::filterFor(query);
    QVariantList values = filter.values;
    values << (query.limit < 0 ? -1 : query.limit) << std::max(0, query.offset);
    QSqlQuery q(db.database());
    if (!select(db, q,
                QStringLiteral("SELECT %1, %2")
                                .arg(RowCodec::taskColumns(), RowCodec::outputColumns())
                        + LibrarySearch::fromTasksAndOutputs() + filter.where()
                        + LibrarySearch::orderBy(query.newestFirst)
                        + QStringLiteral(" LIMIT ? OFFSET ?"),
                values, "searching the library")) {
        return entries;
    }
    const QSqlRecord record = q.record();
    const RowCodec::TaskReader tasks(record);
    const RowCodec::OutputReader outputs(record);
    QList<qint64> taskIds;
    while (q.next()) {
        LibraryEntry entry;
        entry.task = tasks.read(q);
        entry.output = outputs.read(q);
        taskIds.append(entry.task.id);
        entries.append(entry);
    }
    q.finish();
    // The request is whole with its inputs (a viewer shows what an edit or a video started from).
    const QHash<qint64, QList<RequestInput>> inputs = inputsOf(db, taskIds);
    if (!inputs.isEmpty()) {
        for (LibraryEntry &entry : entries)
            entry.task.request.inputs = inputs.value(entry.task.id);
    }
    return entries;
}

int countOutputs(const LibraryDb &db, const LibraryQuery &query)
{
    const LibrarySearch::Filter filter = LibrarySearch::filterFor(query);
    return count(db,
                 QStringLiteral("SELECT count(*)") + LibrarySearch::fromTasksAndOutputs()
                         + filter.where(),
                 filter.values, "counting outputs");
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
                               + LibrarySearch::fromTasksAndOutputs() + filter.where()
                               + QLatin1Char(')') + order + QStringLiteral(" LIMIT ? OFFSET ?"),
                       values);
}

int countTasks(const LibraryDb &db, const LibraryQuery &query)
{
    const LibrarySearch::Filter filter = LibrarySearch::filterFor(query);
    return count(db,
                 QStringLiteral("SELECT count(DISTINCT t.id)")
                         + LibrarySearch::fromTasksAndOutputs() + filter.where(),
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

UploadRecord reusableUpload(const LibraryDb &db, const QString &model, const Endpoint &endpoint,
                            const QByteArray &sha256, const QDateTime &now)
{
    // Times are stored as UTC ISO text, which sorts like the time.
    const QDateTime youngest
            = now.addSecs(-(UploadRecord::LifetimeSecs - UploadRecord::ReuseMarginSecs));
    QSqlQuery q(db.database());
    if (!select(db, q,
                QStringLiteral("SELECT region, oss_url, uploaded_at FROM uploads"
                               " WHERE model = ? AND base_url = ? AND sha256 = ?"
                               " AND uploaded_at > ? AND uploaded_at <= ?"),
                { model, QString::fromUtf8(endpoint.baseUrl.toEncoded()),
                  QString::fromLatin1(sha256).toLower(), RowCodec::utcTime(youngest),
                  RowCodec::utcTime(now) },
                "looking for an upload")
        || !q.next()) {
        return {};
    }
    UploadRecord upload;
    upload.model = model;
    upload.endpoint.region = regionFromId(q.value(0).toString()).value_or(endpoint.region);
    upload.endpoint.baseUrl = endpoint.baseUrl;
    upload.sha256 = sha256.toLower();
    upload.ossUrl = q.value(1).toString();
    upload.uploadedAt = RowCodec::timeFrom(q.value(2));
    return upload;
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
