#include "library/libraryreads.h"

#include "library/librarysearch.h"
#include "library/rowcodec.h"
#include "platform/logging.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <algorithm>

namespace LibraryReads {

namespace {

    QString damagedSentence(const QString &path, const QString &detail)
    {
        return QCoreApplication::translate(
                       "Library",
                       "The library %1 is damaged (%2). DashScope Studio has not "
                       "changed it. Move the file aside or restore it from a "
                       "backup, then start again: a new, empty library is made "
                       "in its place.")
                .arg(QDir::toNativeSeparators(path), detail);
    }

    using LibrarySql::IdSlice;
    using LibrarySql::idValues;
    using LibrarySql::placeholders;

    // Prepares, binds and runs a read; false (logged with SQLite's real error) when it failed.
    bool select(const LibraryDb &db, QSqlQuery &q, const QString &sql, const QVariantList &values,
                const char *what)
    {
        q.setForwardOnly(true);
        return bool(LibrarySql::run(db, q, sql, values, what));
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

    // The search word with the fewest matches in the trigram indexes, when they are few enough
    // to drive the read (at most `bound`); empty otherwise. Each index is read only up to the
    // bound, so a common word costs no more than a rare one.
    QString drivingPhrase(const LibraryDb &db, const LibrarySearch::Filter &filter, int bound)
    {
        QString best;
        int fewest = bound + 1;
        for (const QString &phrase : filter.ftsPhrases) {
            const int matches = count(
                    db,
                    QStringLiteral("SELECT (SELECT count(*) FROM (SELECT rowid FROM tasks_fts"
                                   " WHERE tasks_fts MATCH ? LIMIT ?))"
                                   " + (SELECT count(*) FROM (SELECT rowid FROM outputs_fts"
                                   " WHERE outputs_fts MATCH ? LIMIT ?))"),
                    { phrase, fewest, phrase, fewest }, "looking up a search word");
            if (matches < fewest) {
                fewest = matches;
                best = phrase;
            }
        }
        return best;
    }

    // The filter of `query`, driven by its rarest search word when that is quicker. Not for a
    // few given tasks: their ids are the quickest way in already.
    LibrarySearch::Filter readingFilter(const LibraryDb &db, const LibraryQuery &query,
                                        QString *driver = nullptr)
    {
        const LibrarySearch::Filter filter = LibrarySearch::filterFor(query);
        if (!query.taskRowIds.isEmpty())
            return filter;
        // A word alone: each row it matches is a result, so reading in order fills a page
        // sooner unless it is rare. With more conditions, fewer rows pass than the word matches.
        LibraryQuery others = query;
        others.text.clear();
        const bool alone = LibrarySearch::searchTerms(query.text).size() == 1
                && LibrarySearch::isWholeLibrary(others);
        const QString phrase = drivingPhrase(db, filter,
                                             alone ? LibrarySearch::MaxDrivingMatchesAlone
                                                   : LibrarySearch::MaxDrivingMatches);
        if (driver)
            *driver = phrase;
        return phrase.isEmpty() ? filter : filter.drivenBy(phrase);
    }

    LibraryQuery withoutKeyset(LibraryQuery query)
    {
        query.afterTaskRowId = 0; // the whole result, not what follows a page
        return query;
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
    // Named by the states they may be in (an index lookup), not by those they are not (a scan
    // of every task, most of them finished).
    QVariantList values;
    for (int i = int(TaskState::Queued); i <= int(TaskState::Paused); ++i) {
        if (!isFinished(TaskState(i)))
            values.append(taskStateId(TaskState(i)));
    }
    return selectTasks(db,
                       QStringLiteral(" WHERE t.state IN (%1) ORDER BY t.created_at ASC, t.id ASC")
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

bool forEachOutput(const LibraryDb &db, const LibraryQuery &query,
                   const std::function<bool(const LibraryEntry &)> &visit)
{
    const LibrarySearch::Filter filter = readingFilter(db, query);
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
        return false;
    }
    const QSqlRecord record = q.record();
    const RowCodec::TaskReader tasks(record);
    const RowCodec::OutputReader outputs(record);
    // Read in batches, each given its tasks' inputs (the request is whole with them: a viewer
    // shows what an edit or a video started from), so a caller that streams keeps one batch.
    constexpr qsizetype Batch = 256;
    QList<LibraryEntry> entries;
    QList<qint64> taskIds;
    const auto deliver = [&] {
        const QHash<qint64, QList<RequestInput>> inputs = inputsOf(db, taskIds);
        for (LibraryEntry &entry : entries) {
            if (!inputs.isEmpty())
                entry.task.request.inputs = inputs.value(entry.task.id);
            if (!visit(entry))
                return false;
        }
        entries.clear();
        taskIds.clear();
        return true;
    };
    // A task's rows are adjacent: it is decoded once (its request's JSON included) and its rows
    // share the record's data.
    const int taskIdColumn = record.indexOf(QStringLiteral("t_id"));
    TaskRecord task;
    while (q.next()) {
        LibraryEntry entry;
        if (task.id == 0 || q.value(taskIdColumn).toLongLong() != task.id)
            task = tasks.read(q);
        entry.task = task;
        entry.output = outputs.read(q);
        taskIds.append(entry.task.id);
        entries.append(entry);
        if (entries.size() >= Batch && !deliver())
            return true;
    }
    q.finish();
    deliver();
    return true;
}

QList<LibraryEntry> findOutputs(const LibraryDb &db, const LibraryQuery &query)
{
    QList<LibraryEntry> entries;
    forEachOutput(db, query, [&entries](const LibraryEntry &entry) {
        entries.append(entry);
        return true;
    });
    return entries;
}

std::optional<int> quickCountOutputs(const LibraryDb &db, const LibraryQuery &query)
{
    const LibraryQuery all = withoutKeyset(query);
    if (LibrarySearch::isWholeLibrary(all) && all.savedOnly) {
        // Every saved output: all of them less the few without a file (an index of those).
        return count(db,
                     QStringLiteral("SELECT (SELECT count(*) FROM outputs) - (SELECT count(*)"
                                    " FROM outputs WHERE file_path IS NULL OR file_path = '')"),
                     {}, "counting saved outputs");
    }
    if (LibrarySearch::filterFor(all).conditions.isEmpty()) {
        // Every row: each output, and each task without one (from the index on outputs' task).
        return count(db,
                     QStringLiteral("SELECT (SELECT count(*) FROM outputs)"
                                    " + (SELECT count(*) FROM tasks t WHERE NOT EXISTS"
                                    " (SELECT 1 FROM outputs o WHERE o.task = t.id))"),
                     {}, "counting outputs");
    }
    QString driver;
    const LibrarySearch::Filter filter = readingFilter(db, all, &driver);
    if (driver.isEmpty() && all.taskRowIds.isEmpty())
        return std::nullopt;
    return count(db,
                 QStringLiteral("SELECT count(*)") + LibrarySearch::fromTasksAndOutputs()
                         + filter.where(),
                 filter.values, "counting outputs");
}

int countOutputs(const LibraryDb &db, const LibraryQuery &query)
{
    if (const std::optional<int> quick = quickCountOutputs(db, query))
        return *quick;
    const LibrarySearch::Filter filter = LibrarySearch::filterFor(withoutKeyset(query));
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
    // Conditions on the task alone read the tasks through an index, in order, and stop at the
    // limit (the estimates' 200 most recent done tasks) instead of reading the whole join.
    if (!filter.usesOutputs)
        return selectTasks(db, filter.where() + order + QStringLiteral(" LIMIT ? OFFSET ?"),
                           values);
    return selectTasks(db,
                       QStringLiteral(" WHERE t.id IN (SELECT t.id")
                               + LibrarySearch::fromTasksAndOutputs() + filter.where()
                               + QLatin1Char(')') + order + QStringLiteral(" LIMIT ? OFFSET ?"),
                       values);
}

int countTasks(const LibraryDb &db, const LibraryQuery &query)
{
    const LibrarySearch::Filter filter = LibrarySearch::filterFor(query);
    if (!filter.usesOutputs)
        return count(db, QStringLiteral("SELECT count(*) FROM tasks t") + filter.where(),
                     filter.values, "counting tasks");
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

LibraryResult quickCheck(const QSqlDatabase &database, const QString &path)
{
    // quick_check reads every page once (milliseconds at the sizes a person makes) without
    // the slower index cross-checks of integrity_check.
    QSqlQuery q(database);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("PRAGMA quick_check"))) {
        const LibraryResult failure = LibraryResult::fromSql(q.lastError(), path);
        const QString code = failure.error().code;
        if (code == QLatin1String("SQLITE_CORRUPT") || code == QLatin1String("SQLITE_NOTADB"))
            return LibraryResult::failure(damagedSentence(path, q.lastError().databaseText()),
                                          code);
        return failure;
    }
    QStringList problems;
    while (q.next() && problems.size() < 3)
        problems.append(q.value(0).toString());
    if (problems == QStringList { QStringLiteral("ok") })
        return {};
    return LibraryResult::failure(damagedSentence(path, problems.join(QStringLiteral("; "))),
                                  QStringLiteral("SQLITE_CORRUPT"));
}

LibraryResult quickCheckFile(const QString &path)
{
    static QAtomicInteger<quint64> checks;
    const QString name = QStringLiteral("studio-check-%1").arg(++checks);
    LibraryResult answer;
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        database.setDatabaseName(path);
        database.setConnectOptions(
                QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        answer = database.open()
                ? quickCheck(database, path)
                : LibraryResult::failure(
                        QCoreApplication::translate("Library",
                                                    "The library %1 cannot be opened: %2")
                                .arg(QDir::toNativeSeparators(path), database.lastError().text()));
        database.close();
    }
    QSqlDatabase::removeDatabase(name);
    return answer;
}

} // namespace LibraryReads
