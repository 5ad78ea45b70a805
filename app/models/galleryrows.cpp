#include "models/galleryrows.h"

#include "library/library.h"

#include <algorithm>

namespace {

// A task's rows sort by image index; a task without images has one row, before any image.
int slotKey(const LibraryEntry &entry)
{
    return entry.hasOutput() ? entry.output.index : -1;
}

} // namespace

const LibraryEntry *GalleryRows::find(int row) const
{
    // Few runs (the ones around what was shown): a binary search would not pay.
    for (const Run &run : m_runs) {
        if (row < run.first)
            return nullptr;
        if (row < run.end())
            return &run.rows.at(row - run.first);
    }
    return nullptr;
}

int GalleryRows::loadedCount() const
{
    int count = 0;
    for (const Run &run : m_runs)
        count += int(run.rows.size());
    return count;
}

int GalleryRows::runBefore(int row) const
{
    int found = -1;
    for (int i = 0; i < m_runs.size() && m_runs.at(i).end() <= row; ++i)
        found = i;
    return found;
}

int GalleryRows::runAfter(int row) const
{
    for (int i = 0; i < m_runs.size(); ++i) {
        if (m_runs.at(i).first > row)
            return i;
    }
    return -1;
}

int GalleryRows::prefixEnd() const
{
    return !m_runs.isEmpty() && m_runs.first().first == 0 ? m_runs.first().end() : 0;
}

void GalleryRows::store(int first, const QList<LibraryEntry> &rows)
{
    if (rows.isEmpty())
        return;
    const int end = first + int(rows.size());
    QList<Run> kept;
    for (Run &run : m_runs) {
        if (run.end() <= first || run.first >= end) {
            kept.append(std::move(run));
            continue;
        }
        // The parts outside [first, end) stay.
        if (run.first < first)
            kept.append(Run { run.first, run.rows.mid(0, first - run.first) });
        if (run.end() > end)
            kept.append(Run { end, run.rows.mid(end - run.first) });
    }
    kept.append(Run { first, rows });
    m_runs = std::move(kept);
    normalize();
}

void GalleryRows::insert(int row, const QList<LibraryEntry> &rows)
{
    const int count = int(rows.size());
    if (count == 0)
        return;
    QList<Run> moved;
    for (Run &run : m_runs) {
        if (run.end() <= row) {
            moved.append(std::move(run));
        } else if (run.first >= row) {
            run.first += count;
            moved.append(std::move(run));
        } else {
            // Inside a run: split it, the new rows between.
            moved.append(Run { run.first, run.rows.mid(0, row - run.first) });
            moved.append(Run { row + count, run.rows.mid(row - run.first) });
        }
    }
    moved.append(Run { row, rows });
    m_runs = std::move(moved);
    normalize();
}

void GalleryRows::remove(int row, int count)
{
    if (count <= 0)
        return;
    const int end = row + count;
    QList<Run> kept;
    for (Run &run : m_runs) {
        if (run.end() <= row) {
            kept.append(std::move(run));
        } else if (run.first >= end) {
            run.first -= count;
            kept.append(std::move(run));
        } else {
            // The part before `row` stays; the part after `end` moves up to `row`.
            if (run.first < row)
                kept.append(Run { run.first, run.rows.mid(0, row - run.first) });
            if (run.end() > end)
                kept.append(Run { row, run.rows.mid(end - run.first) });
        }
    }
    m_runs = std::move(kept);
    normalize();
}

void GalleryRows::replace(int row, const LibraryEntry &entry)
{
    for (Run &run : m_runs) {
        if (row >= run.first && row < run.end()) {
            run.rows[row - run.first] = entry;
            return;
        }
    }
}

void GalleryRows::forgetFrom(int row)
{
    QList<Run> kept;
    for (Run &run : m_runs) {
        if (run.first >= row)
            continue;
        if (run.end() > row)
            run.rows.resize(row - run.first);
        kept.append(std::move(run));
    }
    m_runs = std::move(kept);
}

void GalleryRows::keepAround(int row, int radius,
                             const std::function<void(const LibraryEntry &)> &forgotten)
{
    const int from = row - radius;
    const int to = row + radius; // one past the last kept
    QList<Run> kept;
    for (Run &run : m_runs) {
        const int first = std::max(run.first, from);
        const int end = std::min(run.end(), to);
        for (int r = run.first; r < run.end(); ++r) {
            if (r < first || r >= end)
                forgotten(run.rows.at(r - run.first));
        }
        if (first < end)
            kept.append(Run { first, run.rows.mid(first - run.first, end - first) });
    }
    m_runs = std::move(kept);
}

QList<int> GalleryRows::rowsWhere(const std::function<bool(const LibraryEntry &)> &predicate) const
{
    QList<int> rows;
    for (const Run &run : m_runs) {
        for (int i = 0; i < run.rows.size(); ++i) {
            if (predicate(run.rows.at(i)))
                rows.append(run.first + i);
        }
    }
    return rows;
}

void GalleryRows::normalize()
{
    m_runs.removeIf([](const Run &run) { return run.rows.isEmpty(); });
    std::sort(m_runs.begin(), m_runs.end(),
              [](const Run &a, const Run &b) { return a.first < b.first; });
    QList<Run> joined;
    for (Run &run : m_runs) {
        if (!joined.isEmpty() && joined.last().end() == run.first)
            joined.last().rows.append(run.rows);
        else
            joined.append(std::move(run));
    }
    m_runs = std::move(joined);
}

QList<LibraryEntry> GalleryRows::readAfter(const Library *library, const LibraryQuery &query,
                                           const LibraryEntry *last, int size, bool *atEnd)
{
    QList<LibraryEntry> rows;
    LibraryQuery page = query;
    if (last) {
        // A page may end inside a task: the rest of that task first, ...
        LibraryQuery task = query;
        task.taskRowIds = { last->task.id };
        for (const LibraryEntry &entry : library->findOutputs(task)) {
            if (slotKey(entry) > slotKey(*last))
                rows.append(entry);
        }
        // ... then the tasks after it, found by an index seek (keyset), not by an OFFSET that
        // reads every row before it.
        page.afterCreatedAt = last->task.createdAt;
        page.afterTaskRowId = last->task.id;
    }
    if (rows.size() >= size) {
        rows.resize(size);
        *atEnd = false;
        return rows;
    }
    page.limit = int(size - rows.size());
    const QList<LibraryEntry> more = library->findOutputs(page);
    *atEnd = more.size() < page.limit;
    return rows + more;
}

QList<LibraryEntry> GalleryRows::readBefore(const Library *library, const LibraryQuery &query,
                                            const LibraryEntry *first, int size)
{
    // The opposite order, by keyset from `first` (the oldest rows are its first page). It keeps
    // a task's images in their order, so it is read task by task.
    QList<LibraryEntry> head; // the start of `first`'s task
    LibraryQuery page = query;
    page.newestFirst = !query.newestFirst;
    if (first) {
        LibraryQuery task = query;
        task.taskRowIds = { first->task.id };
        for (const LibraryEntry &entry : library->findOutputs(task)) {
            if (slotKey(entry) < slotKey(*first))
                head.append(entry);
        }
        page.afterCreatedAt = first->task.createdAt;
        page.afterTaskRowId = first->task.id;
    }
    if (head.size() >= size)
        return head.mid(head.size() - size);
    page.limit = int(size - head.size());
    const QList<LibraryEntry> more = library->findOutputs(page);
    QList<QList<LibraryEntry>> tasks; // nearest first
    for (const LibraryEntry &entry : more) {
        if (tasks.isEmpty() || tasks.last().first().task.id != entry.task.id)
            tasks.append(QList<LibraryEntry>());
        tasks.last().append(entry);
    }
    // A full page may end inside a task, with its first images, not the ones next to the rest:
    // that task waits for the next page (or, alone, is read whole).
    if (more.size() == page.limit && !tasks.isEmpty()) {
        if (tasks.size() > 1) {
            tasks.removeLast();
        } else {
            LibraryQuery task = query;
            task.taskRowIds = { tasks.first().first().task.id };
            tasks.first() = library->findOutputs(task);
        }
    }
    QList<LibraryEntry> rows;
    for (auto it = tasks.crbegin(); it != tasks.crend(); ++it)
        rows += *it;
    return rows + head;
}
