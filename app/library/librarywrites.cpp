#include "library/librarywrites.h"

#include "library/libraryreads.h"
#include "library/rowcodec.h"
#include "library/thumbnailcache.h"
#include "platform/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <algorithm>

namespace LibraryWrites {

namespace {

    using LibrarySql::IdSlice;
    using LibrarySql::idValues;
    using LibrarySql::placeholders;

    // The outputs about to be removed: their files (and posters) and, for those no other output
    // shares, their thumbnail keys. `where` selects from outputs (" WHERE …"), with `values`.
    LibraryResult collect(const LibraryDb &db, const QString &where, const QVariantList &values,
                          Removed *removed)
    {
        QSqlQuery q(db.database());
        q.setForwardOnly(true);
        if (LibraryResult r = LibrarySql::run(
                    db, q,
                    QStringLiteral("SELECT id, file_path, sha256, poster_path FROM outputs")
                            + where,
                    values, "listing outputs to delete");
            !r) {
            return r;
        }
        while (q.next()) {
            removed->outputIds.append(q.value(0).toLongLong());
            const QString path = q.value(1).toString();
            if (!path.isEmpty())
                removed->files.append(path);
            if (const QString poster = q.value(3).toString(); !poster.isEmpty())
                removed->files.append(poster);
            if (!path.isEmpty() || !q.value(2).isNull()) {
                removed->thumbnailKeys.append(
                        ThumbnailCache::keyFor(path, q.value(2).toString().toLatin1()));
            }
        }
        return {};
    }

    // Keys still used by an output left in the library (the same bytes saved twice) stay.
    LibraryResult keepSharedThumbnails(const LibraryDb &db, Removed *removed)
    {
        QSqlQuery q(db.database());
        QStringList kept;
        for (const QString &key : std::as_const(removed->thumbnailKeys)) {
            // Keys are lower-case hex; the column as written (the index serves both spellings).
            if (LibraryResult r = LibrarySql::run(
                        db, q,
                        QStringLiteral("SELECT 1 FROM outputs WHERE sha256 IN (?, ?) LIMIT 1"),
                        { key, key.toUpper() }, "looking for shared thumbnails");
                !r) {
                return r;
            }
            if (!q.next())
                kept.append(key);
            q.finish();
        }
        kept.removeDuplicates();
        removed->thumbnailKeys = kept;
        return {};
    }

    // A task's inputs as rows of task_inputs, in the request's order.
    LibraryResult replaceInputs(const LibraryDb &db, qint64 taskRowId,
                                const QList<RequestInput> &inputs)
    {
        QSqlQuery q(db.database());
        // Cheap when the task has none (most updates are polls of a task without inputs).
        if (LibraryResult r = LibrarySql::run(db, q,
                                              QStringLiteral("DELETE FROM task_inputs"
                                                             " WHERE task = ?"),
                                              { taskRowId }, "replacing task inputs");
            !r) {
            return r;
        }
        if (inputs.isEmpty())
            return {};
        if (LibraryResult r = LibrarySql::prepare(
                    db, q,
                    QStringLiteral("INSERT INTO task_inputs (task, idx, role, file_path, url,"
                                   " sha256) VALUES (:task, :idx, :role, :file_path, :url,"
                                   " :sha256)"));
            !r) {
            return r;
        }
        for (int index = 0; index < inputs.size(); ++index) {
            RowCodec::bindInput(q, taskRowId, index, inputs.at(index));
            if (LibraryResult r = LibrarySql::exec(db, q, "adding a task input"); !r)
                return r;
        }
        return {};
    }

} // namespace

LibraryResult insertTask(const LibraryDb &db, TaskRecord *task)
{
    QSqlQuery q(db.database());
    if (LibraryResult r = LibrarySql::prepare(
                db, q,
                QStringLiteral(
                        "INSERT INTO tasks (model, prompt, negative_prompt, width, height, count,"
                        " seed, prompt_extend, watermark, region, base_url, task_id, request_id,"
                        " state, service_status, submit_time, scheduled_time, end_time, error_kind,"
                        " error_code, error_message, error_request_id, error_http_status, usage,"
                        " created_at, updated_at, finished_at, kind, request, output_folder, demo)"
                        " VALUES (coalesce(:model, ''), coalesce(:prompt, ''),"
                        " coalesce(:negative_prompt, ''), :width, :height, :count, :seed,"
                        " :prompt_extend, :watermark, :region, :base_url, :task_id, :request_id,"
                        " :state, :service_status, :submit_time, :scheduled_time, :end_time,"
                        " :error_kind, :error_code, :error_message, :error_request_id,"
                        " :error_http_status, :usage, :created_at, :updated_at, :finished_at,"
                        " :kind, :request, :output_folder, :demo)"));
        !r) {
        return r;
    }
    RowCodec::bindTask(q, *task);
    q.bindValue(QStringLiteral(":created_at"), RowCodec::utcTime(task->createdAt));
    if (LibraryResult r = LibrarySql::exec(db, q, "adding a task"); !r)
        return r;
    task->id = q.lastInsertId().toLongLong();
    return replaceInputs(db, task->id, task->request.inputs);
}

LibraryResult updateTask(const LibraryDb &db, const TaskRecord &task)
{
    QSqlQuery q(db.database());
    if (LibraryResult r = LibrarySql::prepare(
                db, q,
                QStringLiteral(
                        "UPDATE tasks SET model = coalesce(:model, ''),"
                        " prompt = coalesce(:prompt, ''),"
                        " negative_prompt = coalesce(:negative_prompt, ''),"
                        " width = :width, height = :height, count = :count, seed = :seed,"
                        " prompt_extend = :prompt_extend, watermark = :watermark,"
                        " region = :region, base_url = :base_url, task_id = :task_id,"
                        " request_id = :request_id, state = :state,"
                        " service_status = :service_status, submit_time = :submit_time,"
                        " scheduled_time = :scheduled_time, end_time = :end_time,"
                        " error_kind = :error_kind, error_code = :error_code,"
                        " error_message = :error_message, error_request_id = :error_request_id,"
                        " error_http_status = :error_http_status, usage = :usage,"
                        " updated_at = :updated_at, finished_at = :finished_at,"
                        " kind = :kind, request = :request, output_folder = :output_folder,"
                        " demo = :demo"
                        " WHERE id = :id"));
        !r) {
        return r;
    }
    RowCodec::bindTask(q, task);
    q.bindValue(QStringLiteral(":id"), task.id);
    if (LibraryResult r = LibrarySql::exec(db, q, "updating a task"); !r)
        return r;
    if (q.numRowsAffected() != 1) {
        return LibraryResult::failure(
                QCoreApplication::translate("Library",
                                            "The task could not be saved: the library %1 has no "
                                            "task %2 (it may have been deleted).")
                        .arg(QDir::toNativeSeparators(db.path))
                        .arg(task.id));
    }
    return replaceInputs(db, task.id, task.request.inputs);
}

LibraryResult upsertOutput(const LibraryDb &db, OutputRecord *output)
{
    QSqlQuery q(db.database());
    // An upsert, not INSERT OR REPLACE: the row keeps its id (the gallery's key) and the
    // person's favourite flag when a retried download replaces a failed output.
    if (LibraryResult r = LibrarySql::prepare(
                db, q,
                QStringLiteral(
                        "INSERT INTO outputs (task, idx, file_path, width, height, bytes, sha256,"
                        " seed, actual_prompt, remote_url, url_expiry, error_code, error_message,"
                        " favourite, created_at, media_type, duration_ms, poster_path,"
                        " planned_path, updated_at)"
                        " VALUES (:task, :idx, :file_path, :width, :height, :bytes, :sha256,"
                        " :seed, :actual_prompt, :remote_url, :url_expiry, :error_code,"
                        " :error_message, :favourite, :created_at, :media_type, :duration_ms,"
                        " :poster_path, :planned_path, :updated_at)"
                        " ON CONFLICT (task, idx) DO UPDATE SET file_path = excluded.file_path,"
                        " width = excluded.width, height = excluded.height,"
                        " bytes = excluded.bytes, sha256 = excluded.sha256,"
                        " seed = excluded.seed, actual_prompt = excluded.actual_prompt,"
                        " remote_url = excluded.remote_url, url_expiry = excluded.url_expiry,"
                        " error_code = excluded.error_code,"
                        " error_message = excluded.error_message,"
                        " media_type = excluded.media_type, duration_ms = excluded.duration_ms,"
                        " poster_path = excluded.poster_path,"
                        " planned_path = excluded.planned_path,"
                        " updated_at = excluded.updated_at"));
        !r) {
        return r;
    }
    RowCodec::bindOutput(q, *output);
    q.bindValue(QStringLiteral(":updated_at"), RowCodec::utcTime(QDateTime::currentDateTimeUtc()));
    if (LibraryResult r = LibrarySql::exec(db, q, "adding an output"); !r)
        return r;

    QSqlQuery idQuery(db.database());
    if (LibraryResult r = LibrarySql::run(
                db, idQuery, QStringLiteral("SELECT id FROM outputs WHERE task = ? AND idx = ?"),
                { output->taskRowId, output->index }, "reading an output id");
        !r) {
        return r;
    }
    if (!idQuery.next()) {
        return LibraryResult::failure(
                QCoreApplication::translate("Library",
                                            "The image could not be saved in the library %1: "
                                            "its row is missing after it was written.")
                        .arg(QDir::toNativeSeparators(db.path)));
    }
    output->id = idQuery.value(0).toLongLong();
    return {};
}

LibraryResult setFavourite(const LibraryDb &db, const QList<qint64> &outputIds, bool favourite)
{
    QSqlQuery q(db.database());
    for (qsizetype start = 0; start < outputIds.size(); start += IdSlice) {
        const QList<qint64> slice = outputIds.mid(start, IdSlice);
        QVariantList values = idValues(slice);
        values.prepend(favourite);
        if (LibraryResult r
            = LibrarySql::run(db, q,
                              QStringLiteral("UPDATE outputs SET favourite = ? WHERE id IN (%1)")
                                      .arg(placeholders(slice.size())),
                              values, "setting favourites");
            !r) {
            return r;
        }
    }
    return {};
}

LibraryResult deleteOutputs(const LibraryDb &db, const QList<qint64> &outputIds, Removed *removed)
{
    QSqlQuery q(db.database());
    QList<qint64> taskIds;
    for (qsizetype start = 0; start < outputIds.size(); start += IdSlice) {
        const QList<qint64> slice = outputIds.mid(start, IdSlice);
        const QString in = QStringLiteral(" WHERE id IN (%1)").arg(placeholders(slice.size()));
        const QVariantList values = idValues(slice);
        if (LibraryResult r
            = LibrarySql::run(db, q, QStringLiteral("SELECT DISTINCT task FROM outputs") + in,
                              values, "listing the tasks of outputs");
            !r) {
            return r;
        }
        while (q.next())
            taskIds.append(q.value(0).toLongLong());
        if (LibraryResult r = collect(db, in, values, removed); !r)
            return r;
        if (LibraryResult r = LibrarySql::run(db, q, QStringLiteral("DELETE FROM outputs") + in,
                                              values, "deleting outputs");
            !r) {
            return r;
        }
    }
    removed->outputIds = outputIds; // as asked, like before: the signal names every id given
    std::sort(taskIds.begin(), taskIds.end());
    taskIds.erase(std::unique(taskIds.begin(), taskIds.end()), taskIds.end());

    // A finished task without any output left has nothing to show; one still running keeps its
    // row, or its next output would have nowhere to go.
    QVariantList finished;
    for (TaskState state : LibraryReads::finishedStates())
        finished.append(taskStateId(state));
    for (qint64 taskId : std::as_const(taskIds)) {
        QVariantList values = finished;
        values.prepend(taskId);
        if (LibraryResult r = LibrarySql::run(
                    db, q,
                    QStringLiteral("DELETE FROM tasks WHERE id = ? AND state IN (%1)"
                                   " AND NOT EXISTS (SELECT 1 FROM outputs WHERE task = tasks.id)")
                            .arg(placeholders(finished.size())),
                    values, "deleting an emptied task");
            !r) {
            return r;
        }
        if (q.numRowsAffected() > 0)
            removed->taskIds.append(taskId);
    }
    return keepSharedThumbnails(db, removed);
}

LibraryResult deleteTasks(const LibraryDb &db, const QList<qint64> &taskRowIds, Removed *removed)
{
    QSqlQuery q(db.database());
    for (qsizetype start = 0; start < taskRowIds.size(); start += IdSlice) {
        const QList<qint64> slice = taskRowIds.mid(start, IdSlice);
        const QVariantList values = idValues(slice);
        const QString in = QStringLiteral(" WHERE %2 IN (%1)").arg(placeholders(slice.size()));
        if (LibraryResult r = collect(db, in.arg(QStringLiteral("task")), values, removed); !r)
            return r;
        // Outputs and inputs go with their task (ON DELETE CASCADE).
        if (LibraryResult r = LibrarySql::run(
                    db, q, QStringLiteral("DELETE FROM tasks") + in.arg(QStringLiteral("id")),
                    values, "deleting tasks");
            !r) {
            return r;
        }
    }
    removed->taskIds = taskRowIds;
    return keepSharedThumbnails(db, removed);
}

LibraryResult recordUpload(const LibraryDb &db, const UploadRecord &upload)
{
    QSqlQuery q(db.database());
    return LibrarySql::run(
            db, q,
            QStringLiteral("INSERT INTO uploads (model, region, base_url, sha256, oss_url,"
                           " uploaded_at) VALUES (?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT (model, base_url, sha256) DO UPDATE SET"
                           " region = excluded.region, oss_url = excluded.oss_url,"
                           " uploaded_at = excluded.uploaded_at"),
            { upload.model, regionId(upload.endpoint.region),
              QString::fromUtf8(upload.endpoint.baseUrl.toEncoded()),
              QString::fromLatin1(upload.sha256).toLower(), upload.ossUrl,
              RowCodec::utcTime(upload.uploadedAt.isValid() ? upload.uploadedAt
                                                            : QDateTime::currentDateTimeUtc()) },
            "recording an upload");
}

LibraryResult removeFiles(const QStringList &paths)
{
    LibraryResult result;
    for (const QString &path : paths) {
        if (path.isEmpty() || !QFileInfo::exists(path))
            continue;
        QFile file(path);
        if (!file.remove()) {
            result = LibraryResult::failure(
                    QCoreApplication::translate("Library", "%1 could not be deleted: %2")
                            .arg(QDir::toNativeSeparators(path), file.errorString()));
            qCWarning(lcLibrary).noquote() << result.message();
        }
    }
    return result;
}

} // namespace LibraryWrites
