#pragma once

#include "library/libraryquery.h"

#include <QDate>
#include <QList>
#include <QMetaType>
#include <QString>

struct LibraryDb;

// The gallery's groups (View > Group Gallery By): the rows of a query by the local day of their
// task, or by task, in the query's order, each with its number of rows. Read by one aggregate
// statement (Library::galleryGroups), never by reading the rows.
enum class GalleryGrouping { None, Day, Task };

struct GalleryGroup
{
    QDate day; // Day: the local date its tasks were made
    qint64 taskRowId = 0; // Task: the task
    QString prompt; // Task: its prompt
    QString model; // Task: its model's id
    int rows = 0; // the gallery's rows in the group
};
Q_DECLARE_METATYPE(GalleryGroup)

namespace LibraryGroups {

// The statement behind Library::galleryGroups, on any connection (LibraryCounter runs it on its
// own thread: about 50 ms at 100,000 rows, too long for the GUI thread).
QList<GalleryGroup> galleryGroups(const LibraryDb &db, const LibraryQuery &query,
                                  GalleryGrouping by);

} // namespace LibraryGroups
