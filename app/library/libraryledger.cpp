#include "library/libraryledger.h"

#include "library/rowcodec.h"

#include <QSqlQuery>
#include <QVariant>

namespace LibraryLedger {

LibraryResult record(const LibraryDb &db, const UsageEntry &entry)
{
    QSqlQuery q(db.database());
    // A null QString binds as NULL: the text columns take "" instead.
    const auto text
            = [](const QString &value) { return value.isNull() ? QStringLiteral("") : value; };
    const auto optionalNumber = [](const std::optional<double> &value) {
        return value ? QVariant(*value) : QVariant(QMetaType(QMetaType::Double));
    };
    return LibrarySql::run(
            db, q,
            QStringLiteral(
                    "INSERT INTO usage_ledger (task_row_id, finished_at, model, region, kind,"
                    " state, image_count, video_seconds, resolution, audio, unit_price,"
                    " amount, currency, price_source, demo)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (task_row_id) DO NOTHING"),
            { entry.taskRowId, RowCodec::utcTime(entry.finishedAt), text(entry.model),
              regionId(entry.region), mediaKindId(entry.kind), text(entry.state), entry.images,
              entry.seconds, text(entry.resolution), entry.audio ? 1 : 0,
              optionalNumber(entry.unitPrice), optionalNumber(entry.amount), text(entry.currency),
              text(entry.source), entry.demo ? 1 : 0 },
            "recording usage");
}

QList<UsageEntry> entries(const LibraryDb &db, const QDateTime &from, const QDateTime &to)
{
    QSqlQuery q(db.database());
    QString sql = QStringLiteral(
            "SELECT task_row_id, finished_at, model, region, kind, state, image_count,"
            " video_seconds, resolution, audio, unit_price, amount, currency, price_source, demo"
            " FROM usage_ledger");
    QVariantList values;
    if (from.isValid() || to.isValid()) {
        sql += QStringLiteral(" WHERE finished_at >= ? AND finished_at < ?");
        values << RowCodec::utcTime(from.isValid() ? from : QDateTime::fromSecsSinceEpoch(0))
               << RowCodec::utcTime(to.isValid() ? to
                                                 : QDateTime::currentDateTimeUtc().addYears(100));
    }
    sql += QStringLiteral(" ORDER BY finished_at, id");
    QList<UsageEntry> result;
    if (!LibrarySql::run(db, q, sql, values, "reading usage"))
        return result;
    while (q.next()) {
        UsageEntry entry;
        entry.taskRowId = q.value(0).toLongLong();
        entry.finishedAt = RowCodec::timeFrom(q.value(1));
        entry.model = q.value(2).toString();
        entry.region = regionFromId(q.value(3).toString()).value_or(Region::Singapore);
        entry.kind = mediaKindFromId(q.value(4).toString()).value_or(MediaKind::TextToImage);
        entry.state = q.value(5).toString();
        entry.images = q.value(6).toInt();
        entry.seconds = q.value(7).toInt();
        entry.resolution = q.value(8).toString();
        entry.audio = q.value(9).toInt() != 0;
        if (!q.value(10).isNull())
            entry.unitPrice = q.value(10).toDouble();
        if (!q.value(11).isNull())
            entry.amount = q.value(11).toDouble();
        entry.currency = q.value(12).toString();
        entry.source = q.value(13).toString();
        entry.demo = q.value(14).toInt() != 0;
        result.append(entry);
    }
    return result;
}

} // namespace LibraryLedger
