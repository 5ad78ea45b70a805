#include "models/gallerygroupmodel.h"

#include "library/library.h"
#include "library/librarycounter.h"
#include "models/displaytext.h"
#include "models/gallerymodel.h"

#include <QLocale>
#include <algorithm>

namespace {

constexpr int MaxRetries = 3; // the library kept changing while it was counted

} // namespace

GalleryGroupModel::GalleryGroupModel(Library *library, QObject *parent)
    : QAbstractProxyModel(parent), m_library(library), m_counter(new LibraryCounter(this))
{
    connect(m_counter, &LibraryCounter::grouped, this, &GalleryGroupModel::handleGrouped);
}

GalleryGroupModel::~GalleryGroupModel() = default;

void GalleryGroupModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    beginResetModel();
    if (m_gallery)
        disconnect(m_gallery, nullptr, this, nullptr);
    m_gallery = qobject_cast<GalleryModel *>(sourceModel);
    QAbstractProxyModel::setSourceModel(m_gallery);
    setGroups({});
    if (m_gallery) {
        connect(m_gallery, &QAbstractItemModel::modelAboutToBeReset, this,
                &GalleryGroupModel::beginResetModel);
        connect(m_gallery, &QAbstractItemModel::modelReset, this, [this] {
            setGroups({});
            endResetModel();
            regroup();
        });
        connect(m_gallery, &QAbstractItemModel::rowsAboutToBeInserted, this,
                [this](const QModelIndex &, int first, int last) {
                    sourceRowsAboutToBeInserted(first, last);
                });
        connect(m_gallery, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex &, int first, int last) {
                    sourceRowsInserted(first, last);
                });
        connect(m_gallery, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [this](const QModelIndex &, int first, int last) {
                    sourceRowsAboutToBeRemoved(first, last);
                });
        connect(m_gallery, &QAbstractItemModel::rowsRemoved, this,
                [this](const QModelIndex &, int first, int last) {
                    sourceRowsRemoved(first, last);
                });
        connect(m_gallery, &QAbstractItemModel::dataChanged, this,
                &GalleryGroupModel::sourceDataChanged);
        // The groups wait for the gallery's count (until then its rows are a part).
        connect(m_gallery, &GalleryModel::totalCountChanged, this, [this] {
            if (!m_gallery->isCounting() && m_gallery->rowCount() != groupedRows())
                regroup();
        });
    }
    endResetModel();
    regroup();
}

void GalleryGroupModel::setGrouping(GalleryGrouping by)
{
    if (by == m_grouping)
        return;
    m_grouping = by;
    if (by == GalleryGrouping::None) {
        m_serial = 0;
        if (!m_groups.isEmpty()) {
            emit layoutAboutToBeChanged();
            movePersistent({}, [](int row) { return row; });
            emit layoutChanged();
        }
        return;
    }
    // The headers of the other grouping stay until these are counted.
    m_retries = 0;
    regroup();
}

void GalleryGroupModel::regroup()
{
    if (m_grouping == GalleryGrouping::None || !m_gallery || !m_library || !m_library->isOpen())
        return;
    m_serial = m_counter->group(m_library->path(), m_gallery->query(), m_grouping);
}

int GalleryGroupModel::groupedRows() const
{
    return m_starts.isEmpty() ? 0 : m_starts.constLast() + m_groups.constLast().rows;
}

void GalleryGroupModel::handleGrouped(quint64 serial, const QList<GalleryGroup> &groups)
{
    if (serial != m_serial || !m_gallery)
        return;
    m_serial = 0;
    int rows = 0;
    for (const GalleryGroup &group : groups)
        rows += group.rows;
    if (rows != m_gallery->rowCount()) {
        // Counted before a change that is still on its way, or the gallery is still counting
        // (totalCountChanged asks again): the groups would not fit the rows.
        if (!m_gallery->isCounting() && m_retries++ < MaxRetries)
            regroup();
        return;
    }
    m_retries = 0;
    const bool same = groups.size() == m_groups.size()
            && std::equal(groups.cbegin(), groups.cend(), m_groups.cbegin(),
                          [this](const GalleryGroup &a, const GalleryGroup &b) {
                              return sameGroup(a, b) && a.rows == b.rows;
                          });
    if (!same) {
        emit layoutAboutToBeChanged();
        movePersistent(groups, [](int row) { return row; });
        emit layoutChanged();
    }
    emit regrouped();
}

bool GalleryGroupModel::sameGroup(const GalleryGroup &a, const GalleryGroup &b) const
{
    return m_grouping == GalleryGrouping::Day ? a.day == b.day : a.taskRowId == b.taskRowId;
}

void GalleryGroupModel::setGroups(const QList<GalleryGroup> &groups)
{
    m_groups.clear();
    m_starts.clear();
    int start = 0;
    for (const GalleryGroup &group : groups) {
        if (group.rows <= 0)
            continue; // a group emptied by a deletion goes with its header
        m_groups.append(group);
        m_starts.append(start);
        start += group.rows;
    }
}

GalleryGroupModel::Place GalleryGroupModel::place(int proxyRow) const
{
    if (m_groups.isEmpty())
        return { -1, proxyRow };
    // The last header at or before the row: header g is at m_starts[g] + g.
    int low = 0;
    int high = int(m_groups.size()) - 1;
    while (low < high) {
        const int mid = (low + high + 1) / 2;
        if (m_starts.at(mid) + mid <= proxyRow)
            low = mid;
        else
            high = mid - 1;
    }
    const int header = m_starts.at(low) + low;
    return { low, proxyRow == header ? -1 : proxyRow - low - 1 };
}

int GalleryGroupModel::groupOfSourceRow(int sourceRow) const
{
    const auto after = std::upper_bound(m_starts.cbegin(), m_starts.cend(), sourceRow);
    return std::max(0, int(after - m_starts.cbegin()) - 1);
}

int GalleryGroupModel::proxyRowOf(int sourceRow) const
{
    if (m_groups.isEmpty())
        return sourceRow;
    return sourceRow + groupOfSourceRow(sourceRow) + 1;
}

bool GalleryGroupModel::isHeader(int row) const
{
    if (row < 0 || row >= rowCount())
        return false;
    const Place where = place(row);
    return where.group >= 0 && where.sourceRow < 0;
}

int GalleryGroupModel::rowForImage(qint64 imageRowId) const
{
    const int row = m_gallery ? m_gallery->rowForImage(imageRowId) : -1;
    return row < 0 ? -1 : proxyRowOf(row);
}

void GalleryGroupModel::movePersistent(const QList<GalleryGroup> &groups,
                                       const std::function<int(int)> &sourceRow)
{
    const QModelIndexList from = persistentIndexList();
    QList<Place> places;
    places.reserve(from.size());
    for (const QModelIndex &index : from)
        places.append(place(index.row()));
    const QList<GalleryGroup> old = m_groups;
    setGroups(groups);
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i) {
        const Place &where = places.at(i);
        int row = -1;
        if (where.sourceRow >= 0) {
            const int moved = sourceRow(where.sourceRow);
            if (moved >= 0)
                row = proxyRowOf(moved);
        } else if (where.group >= 0) {
            for (qsizetype g = 0; g < m_groups.size(); ++g) {
                if (sameGroup(m_groups.at(g), old.at(where.group))) {
                    row = m_starts.at(g) + int(g);
                    break;
                }
            }
        }
        to.append(row >= 0 ? createIndex(row, from.at(i).column()) : QModelIndex());
    }
    changePersistentIndexList(from, to);
}

void GalleryGroupModel::sourceRowsAboutToBeInserted(int first, int last)
{
    if (m_groups.isEmpty()) {
        m_insertGroup = -1;
        beginInsertRows({}, first, last);
        return;
    }
    // New rows join the group they land in (at a boundary, the one after it: new work at the
    // top joins the newest group) until the groups are counted again.
    m_insertGroup = first >= groupedRows() ? int(m_groups.size()) - 1 : groupOfSourceRow(first);
    const int row = first + m_insertGroup + 1;
    beginInsertRows({}, row, row + last - first);
}

void GalleryGroupModel::sourceRowsInserted(int first, int last)
{
    if (m_insertGroup >= 0) {
        QList<GalleryGroup> groups = m_groups;
        groups[m_insertGroup].rows += last - first + 1;
        setGroups(groups);
    }
    m_insertGroup = -1;
    endInsertRows();
    regroup();
}

void GalleryGroupModel::sourceRowsAboutToBeRemoved(int first, int last)
{
    m_removing = !m_groups.isEmpty();
    if (!m_removing) {
        beginRemoveRows({}, first, last);
        return;
    }
    // The rows may span groups (and leave some empty): the rows and headers move by a layout
    // change instead of one remove.
    emit layoutAboutToBeChanged();
}

void GalleryGroupModel::sourceRowsRemoved(int first, int last)
{
    if (!m_removing) {
        endRemoveRows();
        regroup();
        return;
    }
    m_removing = false;
    QList<GalleryGroup> groups = m_groups;
    for (qsizetype g = 0; g < groups.size(); ++g) {
        const int start = m_starts.at(g);
        const int end = start + groups.at(g).rows - 1;
        const int overlap = std::min(end, last) - std::max(start, first) + 1;
        if (overlap > 0)
            groups[g].rows -= overlap;
    }
    const int removed = last - first + 1;
    movePersistent(groups, [first, last, removed](int row) {
        return row < first ? row : row > last ? row - removed : -1;
    });
    emit layoutChanged();
    regroup();
}

void GalleryGroupModel::sourceDataChanged(const QModelIndex &topLeft,
                                          const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid())
        return;
    emit dataChanged(index(proxyRowOf(topLeft.row()), 0), index(proxyRowOf(bottomRight.row()), 0),
                     roles);
}

QString GalleryGroupModel::dayTitle(const QDate &day, const QDate &today)
{
    if (day == today)
        return tr("Today");
    if (day == today.addDays(-1))
        return tr("Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

QString GalleryGroupModel::countText(int rows)
{
    return DisplayText::plural(rows, tr("1 image"), tr("%1 images"));
}

QModelIndex GalleryGroupModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || column != 0 || row < 0 || row >= rowCount())
        return {};
    return createIndex(row, column);
}

QModelIndex GalleryGroupModel::parent(const QModelIndex &) const
{
    return {};
}

int GalleryGroupModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_gallery)
        return 0;
    return m_gallery->rowCount() + int(m_groups.size());
}

int GalleryGroupModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 1;
}

QModelIndex GalleryGroupModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !m_gallery || proxyIndex.model() != this)
        return {};
    const Place where = place(proxyIndex.row());
    return where.sourceRow < 0 ? QModelIndex() : m_gallery->index(where.sourceRow, 0);
}

QModelIndex GalleryGroupModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_gallery)
        return {};
    return index(proxyRowOf(sourceIndex.row()), 0);
}

QVariant GalleryGroupModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this)
        return {};
    const Place where = place(index.row());
    if (where.sourceRow >= 0)
        return role == HeaderRole ? QVariant(false)
                                  : m_gallery->data(m_gallery->index(where.sourceRow, 0), role);
    const GalleryGroup &group = m_groups.at(where.group);
    const bool byDay = m_grouping == GalleryGrouping::Day;
    switch (role) {
    case HeaderRole:
        return true;
    case GroupCountRole:
        return group.rows;
    case GroupModelRole:
        return byDay ? QString() : DisplayText::modelName(group.model);
    case Qt::DisplayRole:
        return byDay ? dayTitle(group.day, QDate::currentDate()) : group.prompt.simplified();
    case Qt::ToolTipRole:
        return byDay ? QLocale().toString(group.day, QLocale::LongFormat) : group.prompt;
    default:
        return {};
    }
}

Qt::ItemFlags GalleryGroupModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return Qt::NoItemFlags;
    const Place where = place(index.row());
    if (where.sourceRow < 0)
        return Qt::ItemNeverHasChildren; // a header: not selectable, not enabled
    return m_gallery->flags(m_gallery->index(where.sourceRow, 0));
}
