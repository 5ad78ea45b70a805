#include "models/gallerymodel.h"

#include "library/librarycounter.h"
#include "library/librarysearch.h"
#include "library/thumbnailcache.h"

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
            && index.row() < m_entries.size();
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
    m_entries.clear();
    m_thumbnailKeys.clear();
    m_countSerial = 0;
    const int oldTotal = m_total;
    m_atEnd = true;
    if (m_library->isOpen())
        m_entries = readPage(m_pageSize, &m_atEnd);
    m_total = int(m_entries.size());
    // A short first page is the whole result: nothing to count.
    if (!m_atEnd)
        countAll();
    endResetModel();
    if (m_total != oldTotal)
        emit totalCountChanged(m_total);
}

QList<LibraryEntry> GalleryModel::readPage(int size, bool *atEnd) const
{
    QList<LibraryEntry> rows;
    LibraryQuery page = m_query;
    if (!m_entries.isEmpty()) {
        // A page may end inside a task: the rest of that task first, ...
        const LibraryEntry &last = m_entries.last();
        LibraryQuery task = m_query;
        task.taskRowIds = { last.task.id };
        const QList<LibraryEntry> taskRows = m_library->findOutputs(task);
        for (const LibraryEntry &entry : taskRows) {
            if (slotKey(entry) > slotKey(last))
                rows.append(entry);
        }
        // ... then the tasks after it, found by an index seek (keyset), not by an OFFSET that
        // reads every row before it.
        page.afterCreatedAt = last.task.createdAt;
        page.afterTaskRowId = last.task.id;
    }
    if (rows.size() >= size) {
        rows.resize(size);
        *atEnd = false;
        return rows;
    }
    page.limit = int(size - rows.size());
    const QList<LibraryEntry> more = m_library->findOutputs(page);
    *atEnd = more.size() < page.limit;
    return rows + more;
}

void GalleryModel::countAll()
{
    // Every row is a count the library keeps; any narrower one is made off the GUI thread, so
    // a keystroke or a task update never waits for it (a word of one or two characters, or a
    // model alone, reads every row).
    if (LibrarySearch::filterFor(m_query).conditions.isEmpty()) {
        m_countSerial = 0;
        setTotal(qMax(int(m_entries.size()), m_library->countOutputs(m_query)));
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
    setTotal(m_atEnd ? int(m_entries.size()) : qMax(int(m_entries.size()), count));
}

void GalleryModel::setTotal(int total)
{
    if (total != m_total) {
        m_total = total;
        emit totalCountChanged(m_total);
    }
}

void GalleryModel::setPageSize(int rows)
{
    m_pageSize = qMax(1, rows);
}

LibraryEntry GalleryModel::entry(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row) : LibraryEntry();
}

int GalleryModel::rowForImage(qint64 imageRowId) const
{
    if (imageRowId == 0)
        return -1;
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).output.id == imageRowId)
            return row;
    }
    return -1;
}

QList<int> GalleryModel::rowsForTask(qint64 taskRowId) const
{
    QList<int> rows;
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).task.id == taskRowId)
            rows.append(row);
    }
    return rows;
}

int GalleryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

bool GalleryModel::canFetchMore(const QModelIndex &parent) const
{
    // Not while rows are changing: the loaded rows are briefly not a prefix of the result, and
    // whoever reacts to our signals (a view, a model tester) must not fetch at that moment.
    return !parent.isValid() && !m_changing && !m_atEnd;
}

void GalleryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    // Someone who scrolls far goes on far: each page as large as what is loaded (fewer reads and
    // layouts on the way down), up to what reads in a few tens of milliseconds.
    const int size = qMax(m_pageSize, qMin(int(m_entries.size()), MaxFetchRows));
    const QList<LibraryEntry> more = readPage(size, &m_atEnd);
    if (m_atEnd && m_total != m_entries.size() + more.size()) {
        // Every row is known now; the count was stale (another process removed rows).
        m_countSerial = 0;
        setTotal(int(m_entries.size() + more.size()));
    }
    if (more.isEmpty())
        return;
    // No nested fetch from whoever listens to the inserts (views and testers do).
    const ChangeGuard guard(&m_changing);
    beginInsertRows({}, int(m_entries.size()), int(m_entries.size() + more.size() - 1));
    m_entries.append(more);
    endInsertRows();
    if (m_total < m_entries.size())
        setTotal(int(m_entries.size())); // a count from before rows were added elsewhere
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
    if (!isRow(index))
        return {};
    const LibraryEntry &e = m_entries.at(index.row());
    const GenerationRequest &request = e.task.request;

    switch (role) {
    case Qt::DisplayRole:
    case PromptRole:
        return request.prompt;
    case Qt::ToolTipRole: {
        const QSize size = data(index, SizeRole).toSize();
        QString tip = request.prompt;
        tip += QLatin1Char('\n') + request.model;
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
    if (role != FavouriteRole || !isRow(index))
        return false;
    const LibraryEntry &e = m_entries.at(index.row());
    if (!e.hasOutput())
        return false;
    // The library announces the change (outputsChanged), which updates this row (and any other
    // model showing it).
    return m_library->setFavourite({ e.output.id }, value.toBool()).isOk();
}

Qt::ItemFlags GalleryModel::flags(const QModelIndex &index) const
{
    if (!isRow(index))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    if (m_entries.at(index.row()).output.isSaved())
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

void GalleryModel::reconcileTask(qint64 taskRowId)
{
    const ChangeGuard guard(&m_changing);
    LibraryQuery taskQuery = m_query;
    taskQuery.taskRowIds = { taskRowId };
    const QList<LibraryEntry> fresh = m_library->findOutputs(taskQuery);
    const QList<int> rows = rowsForTask(taskRowId);

    if (rows.isEmpty()) {
        // Loaded tasks are whole but the last, so a task that sorts before the last loaded row
        // had no rows before. One past it may have had some: only a count can tell.
        LibraryEntry probe;
        probe.task = fresh.isEmpty() ? m_library->task(taskRowId) : fresh.first().task;
        if (probe.task.id == 0)
            return; // removed meanwhile; tasksRemoved follows
        const bool amongLoaded
                = m_atEnd || (!m_entries.isEmpty() && sortsBefore(probe, m_entries.last()));
        if (!amongLoaded) {
            updateTotal();
            return;
        }
        if (!fresh.isEmpty()) {
            int position = 0;
            while (position < m_entries.size()
                   && !sortsBefore(fresh.first(), m_entries.at(position)))
                ++position;
            beginInsertRows({}, position, int(position + fresh.size() - 1));
            for (int i = 0; i < fresh.size(); ++i)
                m_entries.insert(position + i, fresh.at(i));
            endInsertRows();
            addToTotal(int(fresh.size()));
        }
        return;
    }

    const bool lastTaskMayBePartial = !m_atEnd && m_entries.last().task.id == taskRowId;
    // A task's rows are adjacent (the order keeps them together). Merge them with `fresh` by
    // slot: equal slots are updated in place, others removed or inserted.
    int row = rows.first();
    int remaining = int(rows.size());
    int next = 0;
    while (remaining > 0 || next < fresh.size()) {
        const bool removeOld = remaining > 0
                && (next == fresh.size() || slotKey(m_entries.at(row)) < slotKey(fresh.at(next)));
        const bool insertNew = !removeOld
                && (remaining == 0 || slotKey(fresh.at(next)) < slotKey(m_entries.at(row)));
        if (removeOld) {
            beginRemoveRows({}, row, row);
            m_thumbnailKeys.remove(m_entries.at(row).output.id);
            m_entries.removeAt(row);
            endRemoveRows();
            --remaining;
        } else if (insertNew) {
            beginInsertRows({}, row, row);
            m_entries.insert(row, fresh.at(next));
            endInsertRows();
            ++row;
            ++next;
        } else {
            if (m_entries.at(row).output.filePath != fresh.at(next).output.filePath)
                m_thumbnailKeys.remove(fresh.at(next).output.id);
            m_entries[row] = fresh.at(next);
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
    if (rows == 0)
        return;
    if (m_countSerial != 0) {
        countAll(); // the count under way may or may not have seen the change: again
        return;
    }
    setTotal(qMax(int(m_entries.size()), m_total + rows));
}

void GalleryModel::handleImageStored(qint64 imageRowId)
{
    const int row = rowForImage(imageRowId);
    const qint64 taskRowId
            = row >= 0 ? m_entries.at(row).task.id : m_library->output(imageRowId).taskRowId;
    if (taskRowId != 0)
        reconcileTask(taskRowId);
}

void GalleryModel::handleImagesChanged(const QList<qint64> &imageRowIds)
{
    QList<qint64> tasks;
    for (qint64 id : imageRowIds) {
        const int row = rowForImage(id);
        // Not loaded rows matter too: starred while only favourites are shown, it appears.
        const qint64 task = row >= 0 ? m_entries.at(row).task.id : m_library->output(id).taskRowId;
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
    for (const LibraryEntry &e : std::as_const(m_entries)) {
        if (removed.contains(e.output.id) && !tasks.contains(e.task.id))
            tasks.append(e.task.id);
    }
    removeRowsWhere([&removed](const LibraryEntry &e) {
        return e.hasOutput() && removed.contains(e.output.id);
    });
    // A task still running keeps its row without images; a removed one goes with tasksRemoved.
    for (qint64 task : std::as_const(tasks))
        reconcileTask(task);
    updateTotal();
}

void GalleryModel::handleTasksRemoved(const QList<qint64> &taskRowIds)
{
    const QSet<qint64> removed(taskRowIds.cbegin(), taskRowIds.cend());
    removeRowsWhere([&removed](const LibraryEntry &e) { return removed.contains(e.task.id); });
    updateTotal();
}

void GalleryModel::removeRowsWhere(const std::function<bool(const LibraryEntry &)> &predicate)
{
    const ChangeGuard guard(&m_changing);
    // From the end, in runs of adjacent rows: one signal pair per run.
    int row = int(m_entries.size()) - 1;
    while (row >= 0) {
        if (!predicate(m_entries.at(row))) {
            --row;
            continue;
        }
        const int last = row;
        while (row > 0 && predicate(m_entries.at(row - 1)))
            --row;
        beginRemoveRows({}, row, last);
        for (int r = row; r <= last; ++r)
            m_thumbnailKeys.remove(m_entries.at(r).output.id);
        m_entries.remove(row, last - row + 1);
        endRemoveRows();
        --row;
    }
}

void GalleryModel::updateTotal()
{
    if (m_atEnd) {
        m_countSerial = 0;
        setTotal(int(m_entries.size()));
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
