#include "library/lineage.h"

#include "library/libraryreads.h"
#include "library/rowcodec.h"

#include <QFileInfo>
#include <QSqlQuery>
#include <QSqlRecord>
#include <algorithm>

QString LineageSource::filePath() const
{
    if (state == State::InLibrary)
        return entry.output.filePath;
    return input.localPath;
}

LineageSource LineageSource::outside(const RequestInput &input)
{
    LineageSource source;
    source.input = input;
    if (!input.localPath.isEmpty() && QFileInfo(input.localPath).isFile())
        source.state = State::OnDisk; // a stat of a few inputs, no read
    else if (input.localPath.isEmpty() && !input.url.isEmpty())
        source.state = State::Remote;
    else
        source.state = State::Missing;
    return source;
}

namespace LibraryLineage {

QString inputsOfOutputSql()
{
    return QStringLiteral("SELECT %1 FROM task_inputs n"
                          " WHERE n.task = (SELECT task FROM outputs WHERE id = ?)"
                          " ORDER BY n.idx")
            .arg(RowCodec::inputColumns());
}

QString outputBySha256Sql()
{
    // Hashes are written in lower case; the column as written is matched too (as the thumbnail
    // cleanup does), through the same index.
    return QStringLiteral("SELECT id, task FROM outputs WHERE sha256 IN (?, ?)"
                          " AND file_path IS NOT NULL ORDER BY id DESC LIMIT 1");
}

QString tasksUsingSha256Sql()
{
    return QStringLiteral("SELECT DISTINCT task FROM task_inputs WHERE sha256 IN (?, ?)");
}

namespace {

    bool select(const LibraryDb &db, QSqlQuery &q, const QString &sql, const QVariantList &values,
                const char *what)
    {
        q.setForwardOnly(true);
        return bool(LibrarySql::run(db, q, sql, values, what));
    }

    QVariantList hashValues(const QByteArray &sha256)
    {
        const QString hex = QString::fromLatin1(sha256);
        return { hex.toLower(), hex.toUpper() };
    }

    // The entry of a saved output (its task with inputs, without its outputs); id 0 when gone.
    LibraryEntry entryOf(const LibraryDb &db, qint64 outputId, qint64 taskRowId)
    {
        LibraryEntry entry;
        TaskRecord task = LibraryReads::task(db, taskRowId);
        for (const OutputRecord &output : std::as_const(task.outputs)) {
            if (output.id == outputId)
                entry.output = output;
        }
        task.outputs.clear();
        entry.task = task;
        return entry;
    }

    // The saved output with these bytes, else (no hash recorded) the one saved at that path.
    LibraryEntry outputFor(const LibraryDb &db, const RequestInput &input)
    {
        QSqlQuery q(db.database());
        if (!input.sha256.isEmpty()) {
            if (select(db, q, outputBySha256Sql(), hashValues(input.sha256),
                       "finding an input in the library")
                && q.next()) {
                return entryOf(db, q.value(0).toLongLong(), q.value(1).toLongLong());
            }
            return {};
        }
        // Only inputs recorded before their hash was known (never sent): rare and few, so this
        // one lookup without an index of paths is bounded by them.
        if (!input.localPath.isEmpty()
            && select(db, q,
                      QStringLiteral("SELECT id, task FROM outputs WHERE file_path = ?"
                                     " ORDER BY id DESC LIMIT 1"),
                      { input.localPath }, "finding an input in the library by its path")
            && q.next()) {
            return entryOf(db, q.value(0).toLongLong(), q.value(1).toLongLong());
        }
        return {};
    }

} // namespace

QList<LineageSource> resolve(const LibraryDb &db, const QList<RequestInput> &inputs)
{
    QList<LineageSource> sources;
    sources.reserve(inputs.size());
    for (const RequestInput &input : inputs) {
        const LibraryEntry entry = outputFor(db, input);
        if (entry.output.id == 0) {
            sources.append(LineageSource::outside(input));
            continue;
        }
        LineageSource source;
        source.input = input;
        source.state = LineageSource::State::InLibrary;
        source.entry = entry;
        sources.append(source);
    }
    return sources;
}

QList<LineageSource> madeFrom(const LibraryDb &db, qint64 outputId)
{
    QList<RequestInput> inputs;
    QSqlQuery q(db.database());
    if (!select(db, q, inputsOfOutputSql(), { outputId }, "reading what an output was made from"))
        return {};
    const RowCodec::InputReader reader(q.record());
    while (q.next()) {
        if (const std::optional<RequestInput> input = reader.read(q))
            inputs.append(*input);
    }
    q.finish();
    return resolve(db, inputs);
}

QList<LibraryEntry> usedIn(const LibraryDb &db, const QByteArray &sha256, int limit,
                           qint64 excludeOutputId)
{
    if (sha256.isEmpty() || limit <= 0)
        return {};
    QSqlQuery q(db.database());
    if (!select(db, q, tasksUsingSha256Sql(), hashValues(sha256),
                "finding where an output is used"))
        return {};
    QList<qint64> taskIds;
    while (q.next())
        taskIds.append(q.value(0).toLongLong());
    q.finish();
    if (taskIds.isEmpty())
        return {};
    // Newest first by id (ids grow with time), then cut: a popular parent lists its latest uses.
    std::sort(taskIds.begin(), taskIds.end(), std::greater<>());
    taskIds = taskIds.mid(0, limit);
    QVariantList values;
    for (qint64 id : std::as_const(taskIds))
        values.append(id);
    const QList<TaskRecord> tasks = LibraryReads::selectTasks(
            db,
            QStringLiteral(" WHERE t.id IN (%1) ORDER BY t.created_at DESC, t.id DESC")
                    .arg(LibrarySql::placeholders(values.size())),
            values);
    QList<LibraryEntry> entries;
    for (const TaskRecord &task : tasks) {
        TaskRecord bare = task;
        bare.outputs.clear();
        for (const OutputRecord &output : task.outputs) {
            if (!output.isSaved() || output.id == excludeOutputId)
                continue;
            entries.append({ bare, output });
        }
    }
    return entries;
}

} // namespace LibraryLineage
