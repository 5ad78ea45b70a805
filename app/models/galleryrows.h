#pragma once

#include "library/libraryquery.h"

#include <QList>
#include <functional>

// The gallery's loaded rows, by their row in the whole result: runs of adjacent rows, sorted and
// never touching (two that meet become one). GalleryModel fills them around what is shown and
// forgets those far from it, so a library of any size keeps a few thousand entries.
class Library;

class GalleryRows
{
public:
    // The rows of `query` that follow `last` (from the first when null), by keyset; *atEnd when
    // nothing follows them.
    static QList<LibraryEntry> readAfter(const Library *library, const LibraryQuery &query,
                                         const LibraryEntry *last, int size, bool *atEnd);
    // The rows that come before `first` (the last rows when null), in order: the opposite
    // order by keyset.
    static QList<LibraryEntry> readBefore(const Library *library, const LibraryQuery &query,
                                          const LibraryEntry *first, int size);

    struct Run
    {
        int first = 0;
        QList<LibraryEntry> rows;
        int end() const { return first + int(rows.size()); } // one past the last
    };

    const LibraryEntry *find(int row) const; // null when not loaded
    const QList<Run> &runs() const { return m_runs; }
    int loadedCount() const;
    int runBefore(int row) const; // the last run ending at or before `row`; -1
    int runAfter(int row) const; // the first run starting after `row`; -1
    int prefixEnd() const; // one past the last row of the run starting at row 0; 0 when none

    // Puts `rows` at `first`, replacing what was loaded there.
    void store(int first, const QList<LibraryEntry> &rows);
    // Rows that were not in the result before: later rows move down.
    void insert(int row, const QList<LibraryEntry> &rows);
    // Rows [row, row + count) leave the result (loaded or not): later rows move up.
    void remove(int row, int count);
    void replace(int row, const LibraryEntry &entry); // a loaded row
    void forgetFrom(int row); // rows at and after `row` are no longer known
    // Forgets loaded rows farther than `radius` from `row`; calls `forgotten` with each.
    void keepAround(int row, int radius,
                    const std::function<void(const LibraryEntry &)> &forgotten);
    void clear() { m_runs.clear(); }
    // Loaded rows, ascending, for which `predicate` holds.
    QList<int> rowsWhere(const std::function<bool(const LibraryEntry &)> &predicate) const;

private:
    void normalize(); // drops empty runs, sorts, joins those that touch

    QList<Run> m_runs;
};
