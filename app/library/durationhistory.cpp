#include "library/durationhistory.h"

#include "library/rowcodec.h"

#include <QSqlQuery>

namespace {

// A day: longer is not a duration of this task (a clock jump, a task resumed from elsewhere).
constexpr qint64 MaxDurationMs = 24LL * 60 * 60 * 1000;

std::optional<qint64> between(const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid())
        return std::nullopt;
    const qint64 ms = from.msecsTo(to);
    if (ms <= 0 || ms > MaxDurationMs)
        return std::nullopt;
    return ms;
}

} // namespace

DurationKey DurationKey::of(const GenerationRequest &request)
{
    DurationKey key;
    key.model = request.model;
    key.size = request.size.isValid() ? request.size : QSize();
    key.count = request.count;
    if (makesVideo(request.kind)) {
        key.resolution = request.video.resolution;
        key.durationSeconds = request.video.durationSeconds;
    }
    return key;
}

QString DurationKey::id() const
{
    return QStringLiteral("%1|%2|%3|%4|%5")
            .arg(model, size.isValid() ? GenerationRequest::sizeToString(size) : QString())
            .arg(count)
            .arg(resolution)
            .arg(durationSeconds);
}

namespace DurationHistory {

std::optional<qint64> totalOf(const TaskRecord &task)
{
    return between(task.submitTime, task.endTime);
}

std::optional<qint64> runOf(const TaskRecord &task)
{
    return between(task.scheduledTime, task.endTime);
}

DurationSamples recent(const LibraryDb &db, const DurationKey &key, int limit)
{
    DurationSamples samples;
    if (!key.isValid() || limit <= 0)
        return samples;
    // The inner SELECT walks tasks_created backwards and stops after Window rows; the outer
    // one keeps this key's succeeded tasks. The service's status, not our state: a task whose
    // files could not all be saved still took as long as it took.
    const QString sql = QStringLiteral(
            "SELECT submit_time, scheduled_time, end_time FROM ("
            " SELECT model, width, height, count, request, service_status, submit_time,"
            " scheduled_time, end_time, created_at, id FROM tasks"
            " ORDER BY created_at DESC, id DESC LIMIT ?)"
            " WHERE service_status = 'SUCCEEDED' AND model = ? AND width = ? AND height = ?"
            " AND count = ?"
            " AND ifnull(json_extract(request, '$.video.resolution'), '') = ifnull(?, '')"
            " AND ifnull(json_extract(request, '$.video.duration'), 0) = ?"
            " AND submit_time IS NOT NULL AND end_time IS NOT NULL"
            " ORDER BY created_at DESC, id DESC LIMIT ?");
    const QVariantList values { Window,
                                key.model,
                                key.size.isValid() ? key.size.width() : 0,
                                key.size.isValid() ? key.size.height() : 0,
                                key.count,
                                key.resolution,
                                key.durationSeconds,
                                limit };
    QSqlQuery q(db.database());
    q.setForwardOnly(true);
    if (!LibrarySql::run(db, q, sql, values, "reading task durations"))
        return samples;
    while (q.next()) {
        TaskRecord times;
        times.submitTime = RowCodec::timeFrom(q.value(0));
        times.scheduledTime = RowCodec::timeFrom(q.value(1));
        times.endTime = RowCodec::timeFrom(q.value(2));
        if (const auto total = totalOf(times)) {
            samples.totals.append(*total);
            if (const auto run = runOf(times))
                samples.runs.append(*run);
        }
    }
    return samples;
}

} // namespace DurationHistory
