#pragma once

#include "domain/taskrecord.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSize>
#include <QString>

// Which kind of result a query finds, by the task's kind (so a video task still running is a
// video too).
enum class MediaFilter { Any, Images, Videos };
// Results of the built-in simulator (TaskRecord::demo): with the rest, hidden, or alone.
enum class DemoFilter { Any, Hide, Only };

// What to look for in the library. Every field narrows the result; the defaults find everything.
struct LibraryQuery
{
    // Words in the prompt, negative prompt or actual prompt (substrings, any case, any script;
    // every word must match). "double quotes" keep a phrase together.
    QString text;
    QString model; // exact model name; empty: any
    QSize size; // requested size; invalid: any
    QDate from; // creation date in local time, inclusive; null: open
    QDate to; // inclusive; null: open
    QList<TaskState> states; // empty: any state
    MediaFilter media = MediaFilter::Any;
    DemoFilter demo = DemoFilter::Any;
    bool favouritesOnly = false;
    bool savedOnly
            = false; // only images whose file was saved (no failed images, no tasks without images)
    bool newestFirst = true;
    int limit = -1; // -1: no limit
    int offset = 0;
    // Keyset paging: only tasks after this one in the order (by created_at, then id), found by
    // an index seek where an OFFSET reads every row before it. Unset (id 0): from the first.
    QDateTime afterCreatedAt;
    qint64 afterTaskRowId = 0;
    QList<qint64> taskRowIds; // restrict to these tasks; empty: all
};

// One gallery entry: an image slot of a task, or a task that has no image rows at all (queued,
// running, failed, expired): then output.id is 0. `task.outputs` is left empty.
struct LibraryEntry
{
    TaskRecord task;
    OutputRecord output;

    bool hasOutput() const { return output.id != 0; }
};

Q_DECLARE_METATYPE(LibraryEntry)
