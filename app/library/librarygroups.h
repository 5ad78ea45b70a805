#pragma once

#include <QDate>
#include <QString>

// The gallery's groups (View > Group Gallery By): the rows of a query by the local day of their
// task, or by task, in the query's order, each with its number of rows. Read by one aggregate
// statement (Library::galleryGroups), never by reading the rows.
enum class GalleryGrouping { None, Day, Task };

struct GalleryGroup
{
    QDate day; // Day: the local date its tasks were made
    qint64 taskRowId = 0; // Task: the task
    QString prompt; // Task: its prompt
    int rows = 0; // the gallery's rows in the group
};
