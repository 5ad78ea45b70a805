#pragma once

#include "library/librarygroups.h"

#include <QAbstractProxyModel>
#include <QList>
#include <functional>

class GalleryModel;
class Library;
class LibraryCounter;

// The gallery grouped (View > Group Gallery By): GalleryModel's rows with one header row before
// each group (a day, or a task). The groups are counted by one aggregate statement on a
// LibraryCounter thread of this model's own, never by reading rows, and a row is found from the
// group sizes alone (prefix sums, binary search), so 100,000 rows cost what the groups cost.
// Without grouping, or until the groups arrive, it passes the rows through unchanged.
// Headers are neither selectable nor enabled, so selection and the keys skip them.
// New or removed rows are placed in the groups at once (a new one joins the group it lands in)
// and the groups are counted again; when the count differs the headers move by a layout change
// (persistent indexes follow, nothing is reset), so the view keeps its place.
class GalleryGroupModel final : public QAbstractProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryGroupModel)

public:
    enum Role {
        HeaderRole = Qt::UserRole + 100, // bool: a group's header row
        GroupCountRole, // int: the rows of the header's group
        GroupModelRole, // QString: a task header's model as people read it
    };
    Q_ENUM(Role)

    // `library` is not owned and must outlive the model.
    explicit GalleryGroupModel(Library *library, QObject *parent = nullptr);
    ~GalleryGroupModel() override;

    void setSourceModel(QAbstractItemModel *sourceModel) override; // a GalleryModel
    GalleryModel *galleryModel() const { return m_gallery; }

    void setGrouping(GalleryGrouping by); // counts the groups again
    GalleryGrouping grouping() const { return m_grouping; }
    QList<GalleryGroup> groups() const { return m_groups; } // as shown; empty until counted
    bool isHeader(int row) const;
    int rowForImage(qint64 imageRowId) const; // GalleryModel::rowForImage, mapped; -1
    bool isRegrouping() const { return m_serial != 0; } // a count is under way
    void regroup(); // counts the groups again (the library changed)

    // "Today", "Yesterday", else the locale's long date
    static QString dayTitle(const QDate &day, const QDate &today);
    static QString countText(int rows); // "12 images"

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    void regrouped(); // the groups arrived (changed or not)

private:
    // Where a proxy row is: its group, and the source row (-1 for the header).
    struct Place
    {
        int group = -1;
        int sourceRow = -1;
    };
    Place place(int proxyRow) const;
    int groupOfSourceRow(int sourceRow) const; // the last group that starts at or before it
    int proxyRowOf(int sourceRow) const;
    int groupedRows() const; // the rows the groups add up to
    void setGroups(const QList<GalleryGroup> &groups); // recomputes m_starts
    void handleGrouped(quint64 serial, const QList<GalleryGroup> &groups);
    void sourceRowsAboutToBeInserted(int first, int last);
    void sourceRowsInserted(int first, int last);
    void sourceRowsAboutToBeRemoved(int first, int last);
    void sourceRowsRemoved(int first, int last);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);
    // Shows `groups` instead and moves the persistent indexes there (a source row moves to
    // `sourceRow(row)`, -1 when it is gone), between the layout change's two signals.
    void movePersistent(const QList<GalleryGroup> &groups,
                        const std::function<int(int)> &sourceRow);
    bool sameGroup(const GalleryGroup &a, const GalleryGroup &b) const;

    Library *m_library;
    GalleryModel *m_gallery = nullptr;
    LibraryCounter *m_counter = nullptr;
    GalleryGrouping m_grouping = GalleryGrouping::None;
    QList<GalleryGroup> m_groups; // shown; their sizes add up to the source's rows
    QList<int> m_starts; // the first source row of each group
    quint64 m_serial = 0; // the count awaited
    int m_insertGroup = -1; // between rowsAboutToBeInserted and rowsInserted
    bool m_removing = false; // a removal inside a layout change
    int m_retries = 0; // counts again when the groups did not add up to the rows
};
