#include "models/gallerymodel.h"

#include "library/librarycounter.h"
#include "library/librarysearch.h"
#include "library/thumbnailcache.h"
#include "models/displaytext.h"

#include <QMimeData>
#include <QSet>
#include <QUrl>

namespace {

// Sets a flag for a scope; nests (the outermost scope clears it).
class ChangeGuard
{
public:
    explicit ChangeGuard(bool *flag) : m_flag(flag), m_previous(*flag) { *m_flag = true; }
    ~ChangeGuard() { *m_flag = m_previous; }
    Q_DISABLE_COPY_MOVE(ChangeGuard)

private:
    bool *m_flag;
    bool m_previous;
};

// A task's rows sort by image index; a task without images has one row, before any image.
int slotKey(const LibraryEntry &entry)
{
    return entry.hasOutput() ? entry.output.index : -1;
}

} // namespace

GalleryModel::GalleryModel(Library *library, ThumbnailCache *thumbnails, QObject *parent)
    : QAbstractListModel(parent), m_library(library), m_thumbnails(thumbnails)
{
    Q_ASSERT(m_library);
    connect(m_library, &Library::taskStored, this, &GalleryModel::reconcileTask);
    connect(m_library, &Library::outputStored, this, &GalleryModel::handleImageStored);
    connect(m_library, &Library::outputsChanged, this, &GalleryModel::handleImagesChanged);
    connect(m_library, &Library::outputsRemoved, this, &GalleryModel::handleImagesRemoved);
    connect(m_library, &Library::tasksRemoved, this, &GalleryModel::handleTasksRemoved);
    if (m_thumbnails) {
        connect(m_thumbnails, &ThumbnailCache::thumbnailReady, this,
                &GalleryModel::handleThumbnailReady);
        // A deleted image's thumbnail would otherwise stay in the cache folder for ever.
        connect(m_library, &Library::thumbnailsObsolete, this, [this](const QStringList &keys) {
            for (const QString &key : keys)
                m_thumbnails->remove(key);
        });
    }
    setQuery({});
}

GalleryModel::~GalleryModel() = default;

bool GalleryModel::isRow(const QModelIndex &index) const
{
    return index.isValid() && index.model() == this && index.column() == 0 && index.row() >= 0
            && index.row() < m_total;
}

void GalleryModel::setQuery(const LibraryQuery &query)
{
    m_query = query;
    m_query.limit = -1;
    m_query.offset = 0;
    reload();
}

void GalleryModel::reload()
{
    const ChangeGuard guard(&m_changing);
    beginResetModel();
    m_rows.clear();
    m_thumbnailKeys.clear();
    m_countSerial = 0;
    bool atEnd = true;
    QList<LibraryEntry> first;
    if (m_library->isOpen())
        first = GalleryRows::readAfter(m_library, m_query, nullptr, m_pageSize, &atEnd);
    m_rows.store(0, first);
    m_total = int(first.size());
    m_growing = !atEnd;
    // A short first page is the whole result: nothing to count.
    m_resetting = true;
    if (m_growing)
        countAll();
    m_resetting = false;
    endResetModel();
    tellTotal();
}

const LibraryEntry *GalleryModel::loaded(int row) const
{
    if (row < 0 || row >= m_total)
        return nullptr;
    if (const LibraryEntry *entry = m_rows.find(row))
        return entry;
    // Not while rows change: the library may already hold rows the model has not taken yet.
    if (m_changing)
        return nullptr;
    load(row);
    return m_rows.find(row);
}

void GalleryModel::load(int row) const
{
    const QList<GalleryRows::Run> &runs = m_rows.runs();
    const int before = m_rows.runBefore(row);
    const int after = m_rows.runAfter(row);
    const int gapStart = before >= 0 ? runs.at(before).end() : 0;
    const int gapEnd = after >= 0 ? runs.at(after).first : m_total;
    const int size = m_pageSize;
    if (before >= 0 && row - gapStart < 2 * size) {
        // Just past loaded rows (scrolling down): on from the last of them.
        bool atEnd = false;
        const LibraryEntry last = runs.at(before).rows.last();
        const int count = qMin(gapEnd - gapStart, row - gapStart + size);
        m_rows.store(gapStart, GalleryRows::readAfter(m_library, m_query, &last, count, &atEnd));
    } else if ((after >= 0 || !m_growing) && gapEnd - row <= 2 * size) {
        // Just before loaded rows (scrolling up), or among the last rows: back from there.
        const LibraryEntry first = after >= 0 ? runs.at(after).rows.first() : LibraryEntry();
        const int count = qMin(gapEnd - gapStart, gapEnd - row + size);
        const QList<LibraryEntry> rows
                = GalleryRows::readBefore(m_library, m_query, after >= 0 ? &first : nullptr, count);
        m_rows.store(gapEnd - int(rows.size()), rows);
    }
    if (!m_rows.find(row)) {
        // Far from any (the scroll bar dragged), or a task larger than a page: by position.
        LibraryQuery page = m_query;
        page.offset = qMax(gapStart, row - size / 2);
        page.limit = qMin(size, gapEnd - page.offset);
        m_rows.store(page.offset, m_library->findOutputs(page));
    }
    if (m_rows.loadedCount() > MaxLoadedRows) {
        m_rows.keepAround(row, MaxLoadedRows / 2,
                          [this](const LibraryEntry &e) { m_thumbnailKeys.remove(e.output.id); });
    }
}

void GalleryModel::countAll()
{
    // Every row is a count the library keeps; any narrower one is made off the GUI thread, so
    // a keystroke or a task update never waits for it (a word of one or two characters, or a
    // model alone, reads every row).
    if (LibrarySearch::isWholeLibrary(m_query)) {
        m_countSerial = 0;
        const int count = m_library->countOutputs(m_query);
        const int known = m_growing ? m_total : 0;
        m_growing = false;
        setTotal(qMax(known, count));
        return;
    }
    if (!m_counter) {
        m_counter = new LibraryCounter(this);
        connect(m_counter, &LibraryCounter::counted, this, &GalleryModel::handleCounted);
    }
    m_countSerial = m_counter->count(m_library->path(), m_query);
}

void GalleryModel::handleCounted(quint64 serial, int count)
{
    if (serial != m_countSerial)
        return; // a count for an earlier query or state
    m_countSerial = 0;
    if (count < 0)
        return; // the count failed: the rows still grow with fetchMore
    const int known = m_growing ? m_total : 0;
    m_growing = false;
    setTotal(qMax(known, count));
}

void GalleryModel::setTotal(int total)
{
    if (total == m_total)
        return;
    if (m_resetting) {
        m_total = total; // reload() tells
        return;
    }
    const ChangeGuard guard(&m_changing);
    if (total > m_total) {
        beginInsertRows({}, m_total, total - 1);
        m_total = total;
        endInsertRows();
    } else {
        beginRemoveRows({}, total, m_total - 1);
        m_rows.forgetFrom(total);
        m_total = total;
        endRemoveRows();
    }
    tellTotal();
}

void GalleryModel::tellTotal()
{
    if (m_total != m_toldTotal) {
        m_toldTotal = m_total;
        emit totalCountChanged(m_total);
    }
}

void GalleryModel::setPageSize(int rows)
{
    m_pageSize = qMax(1, rows);
}

LibraryEntry GalleryModel::entry(int row) const
{
    const LibraryEntry *found = loaded(row);
    return found ? *found : LibraryEntry();
}

int GalleryModel::rowForImage(qint64 imageRowId) const
{
    if (imageRowId == 0)
        return -1;
    const QList<int> rows = m_rows.rowsWhere(
            [imageRowId](const LibraryEntry &e) { return e.output.id == imageRowId; });
    return rows.isEmpty() ? -1 : rows.first();
}

QList<int> GalleryModel::rowsForTask(qint64 taskRowId) const
{
    return m_rows.rowsWhere([taskRowId](const LibraryEntry &e) { return e.task.id == taskRowId; });
}

int GalleryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_total;
}

bool GalleryModel::canFetchMore(const QModelIndex &parent) const
{
    // Not while rows are changing: whoever reacts to our signals (a view, a model tester) must
    // not fetch at that moment.
    return !parent.isValid() && !m_changing && m_growing;
}

void GalleryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    // Someone who scrolls far goes on far: each page as large as what is loaded (fewer reads and
    // layouts on the way down), up to what reads in a few tens of milliseconds.
    const int size = qMax(m_pageSize, qMin(m_total, MaxFetchRows));
    const LibraryEntry *last = loaded(m_total - 1);
    const LibraryEntry lastEntry = last ? *last : LibraryEntry();
    bool atEnd = false;
    const QList<LibraryEntry> more
            = GalleryRows::readAfter(m_library, m_query, last ? &lastEntry : nullptr, size, &atEnd);
    if (atEnd) {
        // Every row is known now: no count needed.
        m_growing = false;
        m_countSerial = 0;
    }
    if (more.isEmpty())
        return;
    // No nested fetch from whoever listens to the inserts (views and testers do).
    {
        const ChangeGuard guard(&m_changing);
        beginInsertRows({}, m_total, int(m_total + more.size() - 1));
        m_rows.store(m_total, more);
        m_total += int(more.size());
        endInsertRows();
    }
    tellTotal();
}

QString GalleryModel::durationText(qint64 ms)
{
    // Rounded up, as players show it: a 4.2 s clip is "0:05".
    const qint64 seconds = (ms + 999) / 1000;
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString GalleryModel::thumbnailKey(const LibraryEntry &entry) const
{
    if (!entry.output.isSaved())
        return {};
    auto it = m_thumbnailKeys.constFind(entry.output.id);
    if (it == m_thumbnailKeys.constEnd())
        it = m_thumbnailKeys.insert(
                entry.output.id,
                ThumbnailCache::keyFor(entry.output.filePath, entry.output.sha256));
    return *it;
}

QVariant GalleryModel::data(const QModelIndex &index, int role) const
{
    const LibraryEntry *found = isRow(index) ? loaded(index.row()) : nullptr;
    if (!found)
        return {};
    // A copy: a thumbnail may arrive while it is asked for, and whoever hears of it may make
    // other rows load (and these be forgotten).
    const LibraryEntry e = *found;
    const GenerationRequest &request = e.task.request;

    switch (role) {
    case Qt::DisplayRole:
    case PromptRole:
        return request.prompt;
    case Qt::ToolTipRole: {
        const QSize size = data(index, SizeRole).toSize();
        QString tip = request.prompt;
        tip += QLatin1Char('\n') + DisplayText::modelName(request.model);
        if (DisplayText::modelName(request.model) != request.model)
            tip += QStringLiteral(" (%1)").arg(request.model);
        if (size.isValid())
            tip += QStringLiteral(" · %1×%2").arg(size.width()).arg(size.height());
        const QVariant seed = data(index, SeedRole);
        if (seed.isValid())
            tip += QStringLiteral(" · ") + tr("seed %1").arg(seed.toLongLong());
        if (const qint64 ms = data(index, DurationRole).toLongLong(); ms > 0)
            tip += QStringLiteral(" · ") + tr("video, %1").arg(durationText(ms));
        const QString error = data(index, ErrorRole).toString();
        if (!error.isEmpty())
            tip += QLatin1Char('\n') + error;
        return tip;
    }
    case Qt::DecorationRole:
    case ThumbnailRole:
        if (!m_thumbnails || !e.output.isSaved())
            return role == ThumbnailRole ? QVariant(QImage()) : QVariant();
        return m_thumbnails->thumbnail(thumbnailKey(e), e.output.filePath);
    case ThumbnailKeyRole:
        return thumbnailKey(e);
    case ImageIdRole:
        return e.output.id;
    case TaskRowIdRole:
        return e.task.id;
    case TaskIdRole:
        return e.task.taskId;
    case FilePathRole:
        return e.output.filePath;
    case NegativePromptRole:
        return request.negativePrompt;
    case ActualPromptRole:
        return e.output.actualPrompt;
    case ModelRole:
        return request.model;
    case SizeRole:
        return e.output.pixelSize.isValid() ? e.output.pixelSize : request.size;
    case SeedRole:
        if (e.output.seed >= 0)
            return e.output.seed;
        return request.seed ? QVariant(*request.seed) : QVariant();
    case CreatedRole:
        return e.output.createdAt.isValid() ? e.output.createdAt : e.task.createdAt;
    case FavouriteRole:
        return e.output.favourite;
    case StateRole:
        return int(e.task.state);
    case ErrorRole:
        if (!e.output.errorCode.isEmpty() || !e.output.errorMessage.isEmpty()) {
            return e.output.errorMessage.isEmpty()
                    ? e.output.errorCode
                    : e.output.errorCode + QStringLiteral(": ") + e.output.errorMessage;
        }
        if (!e.task.error.isError() || e.output.isSaved())
            return QString();
        // A pause's own sentence names the endpoint and what to do; the kind's would mislead.
        if (e.task.state == TaskState::Paused && !e.task.error.message.isEmpty())
            return e.task.error.message;
        return e.task.error.explanation();
    case HasImageRole:
        return e.output.isSaved();
    case IsVideoRole:
        return e.hasOutput() ? e.output.isVideo() : makesVideo(request.kind);
    case DurationRole:
        if (!e.output.isSaved() || !e.output.isVideo())
            return qint64(0);
        if (e.output.durationMs > 0)
            return e.output.durationMs;
        return m_thumbnails ? m_thumbnails->durationMs(thumbnailKey(e)) : qint64(0);
    case EntryRole:
        return QVariant::fromValue(e);
    default:
        return {};
    }
}

bool GalleryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const LibraryEntry *e = role == FavouriteRole && isRow(index) ? loaded(index.row()) : nullptr;
    if (!e || !e->hasOutput())
        return false;
    // The library announces the change (outputsChanged), which updates this row (and any other
    // model showing it).
    return m_library->setFavourite({ e->output.id }, value.toBool()).isOk();
}

Qt::ItemFlags GalleryModel::flags(const QModelIndex &index) const
{
    if (!isRow(index))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    // Not loaded for this (a selection of every row asks each): what is shown is loaded.
    if (const LibraryEntry *e = m_rows.find(index.row()); e && e->output.isSaved())
        flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QHash<int, QByteArray> GalleryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(ImageIdRole, "imageId");
    names.insert(TaskRowIdRole, "taskRowId");
    names.insert(TaskIdRole, "taskId");
    names.insert(FilePathRole, "filePath");
    names.insert(PromptRole, "prompt");
    names.insert(NegativePromptRole, "negativePrompt");
    names.insert(ActualPromptRole, "actualPrompt");
    names.insert(ModelRole, "model");
    names.insert(SizeRole, "size");
    names.insert(SeedRole, "seed");
    names.insert(CreatedRole, "created");
    names.insert(FavouriteRole, "favourite");
    names.insert(StateRole, "state");
    names.insert(ErrorRole, "error");
    names.insert(HasImageRole, "hasOutput");
    names.insert(ThumbnailRole, "thumbnail");
    names.insert(ThumbnailKeyRole, "thumbnailKey");
    names.insert(EntryRole, "entry");
    names.insert(IsVideoRole, "isVideo");
    names.insert(DurationRole, "durationMs");
    return names;
}

QStringList GalleryModel::mimeTypes() const
{
    return { QStringLiteral("text/uri-list") };
}

QMimeData *GalleryModel::mimeData(const QModelIndexList &indexes) const
{
    QList<QUrl> urls;
    for (const QModelIndex &index : indexes) {
        const QString path = data(index, FilePathRole).toString();
        if (!path.isEmpty())
            urls.append(QUrl::fromLocalFile(path));
    }
    if (urls.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setUrls(urls);
    return mime;
}

// --- following the library ------------------------------------------------------------------

bool GalleryModel::sortsBefore(const LibraryEntry &a, const LibraryEntry &b) const
{
    if (a.task.id != b.task.id) {
        if (a.task.createdAt != b.task.createdAt)
            return m_query.newestFirst ? a.task.createdAt > b.task.createdAt
                                       : a.task.createdAt < b.task.createdAt;
        return m_query.newestFirst ? a.task.id > b.task.id : a.task.id < b.task.id;
    }
    return slotKey(a) < slotKey(b);
}

int GalleryModel::insertionPoint(const LibraryEntry &probe, int *firstAfter) const
{
    for (const GalleryRows::Run &run : m_rows.runs()) {
        for (int i = 0; i < run.rows.size(); ++i) {
            if (!sortsBefore(probe, run.rows.at(i)))
                continue;
            // Between two loaded rows, or before the first row: a known place.
            *firstAfter = run.first + i;
            return i > 0 || run.first == 0 ? run.first + i : Unknown;
        }
    }
    const int end = m_rows.runs().isEmpty() ? 0 : m_rows.runs().last().end();
    return end == m_total && !m_growing ? m_total : Beyond;
}

bool GalleryModel::isWhole(const QList<int> &taskRows) const
{
    // A task's rows are adjacent (the order keeps them together); with a loaded row (of another
    // task) or an end of the result on each side, none of them is missing.
    if (taskRows.isEmpty() || taskRows.last() - taskRows.first() + 1 != taskRows.size())
        return false;
    const bool startKnown = taskRows.first() == 0 || m_rows.find(taskRows.first() - 1);
    const bool endKnown
            = m_rows.find(taskRows.last() + 1) || (taskRows.last() == m_total - 1 && !m_growing);
    return startKnown && endKnown;
}

void GalleryModel::insertRows(int row, const QList<LibraryEntry> &entries)
{
    beginInsertRows({}, row, int(row + entries.size() - 1));
    m_rows.insert(row, entries);
    m_total += int(entries.size());
    endInsertRows();
}

void GalleryModel::forgetFrom(int row)
{
    m_rows.forgetFrom(row);
    updateTotal();
    if (row < m_total)
        emit dataChanged(index(row), index(m_total - 1));
}

void GalleryModel::reconcileTask(qint64 taskRowId)
{
    const ChangeGuard guard(&m_changing);
    LibraryQuery taskQuery = m_query;
    taskQuery.taskRowIds = { taskRowId };
    const QList<LibraryEntry> fresh = m_library->findOutputs(taskQuery);
    const QList<int> rows = rowsForTask(taskRowId);

    if (rows.isEmpty()) {
        LibraryEntry probe;
        probe.task = fresh.isEmpty() ? m_library->task(taskRowId) : fresh.first().task;
        if (probe.task.id == 0)
            return; // removed meanwhile; tasksRemoved follows
        int firstAfter = 0; // the first loaded row after it
        const int position = insertionPoint(probe, &firstAfter);
        if (position == Beyond) {
            // Past the loaded rows, with none loaded after it: only a count can tell.
            updateTotal();
        } else if (position == Unknown) {
            // Among rows not loaded: those after it move by as many rows as it has.
            forgetFrom(firstAfter);
        } else if (!fresh.isEmpty()) {
            insertRows(position, fresh);
            addToTotal(int(fresh.size()));
        }
        return;
    }

    // While the rows grow, the last loaded task may have more rows not loaded yet.
    const bool lastTaskMayBePartial = m_growing && rows.last() == m_total - 1
            && (rows.first() == 0 || m_rows.find(rows.first() - 1));
    if (!lastTaskMayBePartial && !isWhole(rows)) {
        forgetFrom(rows.first()); // at the edge of loaded rows: read it (and what follows) again
        return;
    }
    // Merge its rows with `fresh` by slot: equal slots are updated in place, others removed or
    // inserted.
    int row = rows.first();
    int remaining = int(rows.size());
    int next = 0;
    while (remaining > 0 || next < fresh.size()) {
        const LibraryEntry *old = remaining > 0 ? m_rows.find(row) : nullptr;
        const bool removeOld
                = old && (next == fresh.size() || slotKey(*old) < slotKey(fresh.at(next)));
        const bool insertNew = !removeOld && (!old || slotKey(fresh.at(next)) < slotKey(*old));
        if (removeOld) {
            beginRemoveRows({}, row, row);
            m_thumbnailKeys.remove(old->output.id);
            m_rows.remove(row, 1);
            --m_total;
            endRemoveRows();
            --remaining;
        } else if (insertNew) {
            insertRows(row, { fresh.at(next) });
            ++row;
            ++next;
        } else {
            if (old->output.filePath != fresh.at(next).output.filePath)
                m_thumbnailKeys.remove(fresh.at(next).output.id);
            m_rows.replace(row, fresh.at(next));
            emit dataChanged(index(row), index(row));
            ++row;
            ++next;
            --remaining;
        }
    }
    // Only the last loaded task may have had rows not loaded yet: then only a count can tell.
    if (lastTaskMayBePartial)
        updateTotal();
    else
        addToTotal(int(fresh.size() - rows.size()));
}

void GalleryModel::addToTotal(int rows)
{
    // The rows are in already; a count under way may or may not have seen them: again.
    if (rows != 0 && m_countSerial != 0)
        countAll();
    tellTotal();
}

void GalleryModel::handleImageStored(qint64 imageRowId)
{
    const int row = rowForImage(imageRowId);
    const qint64 taskRowId
            = row >= 0 ? m_rows.find(row)->task.id : m_library->output(imageRowId).taskRowId;
    if (taskRowId != 0)
        reconcileTask(taskRowId);
}

void GalleryModel::handleImagesChanged(const QList<qint64> &imageRowIds)
{
    QList<qint64> tasks;
    for (qint64 id : imageRowIds) {
        const int row = rowForImage(id);
        // Not loaded rows matter too: starred while only favourites are shown, it appears.
        const qint64 task = row >= 0 ? m_rows.find(row)->task.id : m_library->output(id).taskRowId;
        if (task != 0 && !tasks.contains(task))
            tasks.append(task);
    }
    for (qint64 task : std::as_const(tasks))
        reconcileTask(task);
}

void GalleryModel::handleImagesRemoved(const QList<qint64> &imageRowIds)
{
    const QSet<qint64> removed(imageRowIds.cbegin(), imageRowIds.cend());
    QList<qint64> tasks;
    int from = m_total; // rows from here on may have moved
    for (qint64 id : imageRowIds) {
        const int row = rowForImage(id);
        const qint64 task = row >= 0 ? m_rows.find(row)->task.id : 0;
        if (task == 0 || !isWhole(rowsForTask(task)))
            from = qMin(from, row >= 0 ? rowsForTask(task).first() : m_rows.prefixEnd());
        else if (!tasks.contains(task))
            tasks.append(task);
    }
    const ChangeGuard guard(&m_changing);
    m_rows.forgetFrom(from);
    from -= removeRowsWhere([&removed](const LibraryEntry &e) {
        return e.hasOutput() && removed.contains(e.output.id);
    });
    // A task still running keeps its row without images; a removed one goes with tasksRemoved.
    for (qint64 task : std::as_const(tasks))
        reconcileTask(task);
    forgetFrom(qMax(0, from));
}

void GalleryModel::handleTasksRemoved(const QList<qint64> &taskRowIds)
{
    const QSet<qint64> removed(taskRowIds.cbegin(), taskRowIds.cend());
    int from = m_total;
    for (qint64 task : taskRowIds) {
        const QList<int> rows = rowsForTask(task);
        if (!isWhole(rows))
            from = qMin(from, rows.isEmpty() ? m_rows.prefixEnd() : rows.first());
    }
    const ChangeGuard guard(&m_changing);
    m_rows.forgetFrom(from);
    from -= removeRowsWhere(
            [&removed](const LibraryEntry &e) { return removed.contains(e.task.id); });
    forgetFrom(qMax(0, from));
}

int GalleryModel::removeRowsWhere(const std::function<bool(const LibraryEntry &)> &predicate)
{
    const ChangeGuard guard(&m_changing);
    // From the end, in runs of adjacent rows: one signal pair per run.
    const QList<int> rows = m_rows.rowsWhere(predicate);
    int i = int(rows.size()) - 1;
    while (i >= 0) {
        const int last = rows.at(i);
        while (i > 0 && rows.at(i - 1) == rows.at(i) - 1)
            --i;
        const int first = rows.at(i);
        beginRemoveRows({}, first, last);
        for (int r = first; r <= last; ++r)
            m_thumbnailKeys.remove(m_rows.find(r)->output.id);
        m_rows.remove(first, last - first + 1);
        m_total -= last - first + 1;
        endRemoveRows();
        --i;
    }
    return int(rows.size());
}

void GalleryModel::updateTotal()
{
    tellTotal(); // the rows inserted and removed meanwhile
    if (!m_growing && m_rows.prefixEnd() == m_total) {
        m_countSerial = 0; // every row is loaded: the rows are the total
        tellTotal();
        return;
    }
    countAll();
}

void GalleryModel::handleThumbnailReady(const QString &key)
{
    for (auto it = m_thumbnailKeys.cbegin(); it != m_thumbnailKeys.cend(); ++it) {
        if (it.value() != key)
            continue;
        const int row = rowForImage(it.key());
        if (row >= 0)
            emit dataChanged(index(row), index(row),
                             { Qt::DecorationRole, ThumbnailRole, DurationRole, Qt::ToolTipRole });
    }
}
