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
    using LibrarySql::placeholders;

    QVariantList idValues(const QList<qint64> &ids)
    {
        QVariantList values;
        values.reserve(ids.size());
        for (qint64 id : ids)
            values.append(id);
        return values;
    }

    // The images about to be removed: their files and, for those no other image shares, their
    // thumbnail keys. `where` selects from images (" WHERE …"), with `values`.
    LibraryResult collect(const LibraryDb &db, const QString &where, const QVariantList &values,
                          Removed *removed)
    {
        QSqlQuery q(db.database());
        q.setForwardOnly(true);
        if (LibraryResult r = LibrarySql::run(
                    db, q, QStringLiteral("SELECT id, file_path, sha256 FROM images") + where,
                    values, "listing images to delete");
            !r) {
            return r;
        }
        while (q.next()) {
            removed->imageIds.append(q.value(0).toLongLong());
            const QString path = q.value(1).toString();
            if (!path.isEmpty())
                removed->files.append(path);
            if (!path.isEmpty() || !q.value(2).isNull()) {
                removed->thumbnailKeys.append(
                        ThumbnailCache::keyFor(path, q.value(2).toString().toLatin1()));
            }
        }
        return {};
    }

    // Keys still used by an image left in the library (the same bytes saved twice) stay.
    LibraryResult keepSharedThumbnails(const LibraryDb &db, Removed *removed)
    {
        QSqlQuery q(db.database());
        QStringList kept;
        for (const QString &key : std::as_const(removed->thumbnailKeys)) {
            // Keys are lower-case hex; the column as written (the index serves both spellings).
            if (LibraryResult r = LibrarySql::run(
                        db, q,
                        QStringLiteral("SELECT 1 FROM images WHERE sha256 IN (?, ?) LIMIT 1"),
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
                        " created_at, updated_at, finished_at)"
                        " VALUES (coalesce(:model, ''), coalesce(:prompt, ''),"
                        " coalesce(:negative_prompt, ''), :width, :height, :count, :seed,"
                        " :prompt_extend, :watermark, :region, :base_url, :task_id, :request_id,"
                        " :state, :service_status, :submit_time, :scheduled_time, :end_time,"
                        " :error_kind, :error_code, :error_message, :error_request_id,"
                        " :error_http_status, :usage, :created_at, :updated_at, :finished_at)"));
        !r) {
        return r;
    }
    RowCodec::bindTask(q, *task);
    q.bindValue(QStringLiteral(":created_at"), RowCodec::utcTime(task->createdAt));
    if (LibraryResult r = LibrarySql::exec(db, q, "adding a task"); !r)
        return r;
    task->id = q.lastInsertId().toLongLong();
    return {};
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
                        " updated_at = :updated_at, finished_at = :finished_at"
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
    return {};
}

LibraryResult upsertImage(const LibraryDb &db, OutputRecord *image)
{
    QSqlQuery q(db.database());
    // An upsert, not INSERT OR REPLACE: the row keeps its id (the gallery's key) and the
    // person's favourite flag when a retried download replaces a failed image.
    if (LibraryResult r = LibrarySql::prepare(
                db, q,
                QStringLiteral(
                        "INSERT INTO images (task, idx, file_path, width, height, bytes, sha256,"
                        " seed, actual_prompt, remote_url, url_expiry, error_code, error_message,"
                        " favourite, created_at)"
                        " VALUES (:task, :idx, :file_path, :width, :height, :bytes, :sha256,"
                        " :seed, :actual_prompt, :remote_url, :url_expiry, :error_code,"
                        " :error_message, :favourite, :created_at)"
                        " ON CONFLICT (task, idx) DO UPDATE SET file_path = excluded.file_path,"
                        " width = excluded.width, height = excluded.height,"
                        " bytes = excluded.bytes, sha256 = excluded.sha256,"
                        " seed = excluded.seed, actual_prompt = excluded.actual_prompt,"
                        " remote_url = excluded.remote_url, url_expiry = excluded.url_expiry,"
                        " error_code = excluded.error_code,"
                        " error_message = excluded.error_message"));
        !r) {
        return r;
    }
    RowCodec::bindImage(q, *image);
    if (LibraryResult r = LibrarySql::exec(db, q, "adding an image"); !r)
        return r;

    QSqlQuery idQuery(db.database());
    if (LibraryResult r = LibrarySql::run(
                db, idQuery, QStringLiteral("SELECT id FROM images WHERE task = ? AND idx = ?"),
                { image->taskRowId, image->index }, "reading an image id");
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
    image->id = idQuery.value(0).toLongLong();
    return {};
}

LibraryResult setFavourite(const LibraryDb &db, const QList<qint64> &imageIds, bool favourite)
{
    QSqlQuery q(db.database());
    for (qsizetype start = 0; start < imageIds.size(); start += IdSlice) {
        const QList<qint64> slice = imageIds.mid(start, IdSlice);
        QVariantList values = idValues(slice);
        values.prepend(favourite);
        if (LibraryResult r
            = LibrarySql::run(db, q,
                              QStringLiteral("UPDATE images SET favourite = ? WHERE id IN (%1)")
                                      .arg(placeholders(slice.size())),
                              values, "setting favourites");
            !r) {
            return r;
        }
    }
    return {};
}

LibraryResult deleteImages(const LibraryDb &db, const QList<qint64> &imageIds, Removed *removed)
{
    QSqlQuery q(db.database());
    QList<qint64> taskIds;
    for (qsizetype start = 0; start < imageIds.size(); start += IdSlice) {
        const QList<qint64> slice = imageIds.mid(start, IdSlice);
        const QString in = QStringLiteral(" WHERE id IN (%1)").arg(placeholders(slice.size()));
        const QVariantList values = idValues(slice);
        if (LibraryResult r
            = LibrarySql::run(db, q, QStringLiteral("SELECT DISTINCT task FROM images") + in,
                              values, "listing the tasks of images");
            !r) {
            return r;
        }
        while (q.next())
            taskIds.append(q.value(0).toLongLong());
        if (LibraryResult r = collect(db, in, values, removed); !r)
            return r;
        if (LibraryResult r = LibrarySql::run(db, q, QStringLiteral("DELETE FROM images") + in,
                                              values, "deleting images");
            !r) {
            return r;
        }
    }
    removed->imageIds = imageIds; // as asked, like before: the signal names every id given
    std::sort(taskIds.begin(), taskIds.end());
    taskIds.erase(std::unique(taskIds.begin(), taskIds.end()), taskIds.end());

    // A finished task without any image left has nothing to show; one still running keeps its
    // row, or its next image would have nowhere to go.
    QVariantList finished;
    for (TaskState state : LibraryReads::finishedStates())
        finished.append(taskStateId(state));
    for (qint64 taskId : std::as_const(taskIds)) {
        QVariantList values = finished;
        values.prepend(taskId);
        if (LibraryResult r = LibrarySql::run(
                    db, q,
                    QStringLiteral("DELETE FROM tasks WHERE id = ? AND state IN (%1)"
                                   " AND NOT EXISTS (SELECT 1 FROM images WHERE task = tasks.id)")
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
        // Images go with their task (ON DELETE CASCADE).
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
