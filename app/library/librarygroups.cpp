// The gallery's groups by day or by task, counted by one aggregate statement over the gallery's
// filter (the same join and conditions as countOutputs).
#include "library/librarygroups.h"

#include "library/library.h"
#include "library/librarysearch.h"
#include "library/sqlsupport.h"
#include "platform/logging.h"

#include <QSqlError>
#include <QSqlQuery>

QList<GalleryGroup> Library::galleryGroups(const LibraryQuery &query, GalleryGrouping by) const
{
    if (!isOpen())
        return {};
    return LibraryGroups::galleryGroups(db(), query, by);
}

QList<GalleryGroup> LibraryGroups::galleryGroups(const LibraryDb &db, const LibraryQuery &query,
                                                 GalleryGrouping by)
{
    QList<GalleryGroup> groups;
    if (by == GalleryGrouping::None)
        return groups;
    LibraryQuery all = query;
    all.limit = -1;
    all.offset = 0;
    all.afterCreatedAt = {};
    all.afterTaskRowId = 0;
    const LibrarySearch::Filter filter = LibrarySearch::filterFor(all);
    const QString direction = all.newestFirst ? QStringLiteral("DESC") : QStringLiteral("ASC");
    // Tasks in the gallery's order by the index on (created_at, id); a day is the local date of
    // that time, so its rows are together in the same order.
    const QString sql = by == GalleryGrouping::Day
            ? QStringLiteral("SELECT date(t.created_at, 'localtime') AS day, count(*)")
                    + LibrarySearch::fromTasksAndOutputs() + filter.where()
                    + QStringLiteral(" GROUP BY day ORDER BY day %1").arg(direction)
            : QStringLiteral("SELECT t.id, t.prompt, count(*), t.model")
                    + LibrarySearch::fromTasksAndOutputs() + filter.where()
                    + QStringLiteral(" GROUP BY t.created_at, t.id"
                                     " ORDER BY t.created_at %1, t.id %1")
                              .arg(direction);
    QSqlQuery q(db.database());
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        qCWarning(lcLibrary) << "grouping the gallery:" << q.lastError().text();
        return groups;
    }
    filter.bind(q);
    if (!q.exec()) {
        qCWarning(lcLibrary) << "grouping the gallery:" << q.lastError().text();
        return groups;
    }
    while (q.next()) {
        GalleryGroup group;
        if (by == GalleryGrouping::Day) {
            group.day = QDate::fromString(q.value(0).toString(), Qt::ISODate);
            group.rows = q.value(1).toInt();
        } else {
            group.taskRowId = q.value(0).toLongLong();
            group.prompt = q.value(1).toString();
            group.rows = q.value(2).toInt();
            group.model = q.value(3).toString();
        }
        groups.append(group);
    }
    return groups;
}
