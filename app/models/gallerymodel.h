#pragma once

#include "library/library.h"
#include "models/galleryrows.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

class LibraryCounter;
class ThumbnailCache;

// The library's images as a flat list for the gallery view: one row per LibraryEntry (an image,
// or a task without images such as a failed or expired one), in the order of the query (newest
// task first by default, a task's images together and in order).
//
// Once the total is counted there is a row for every entry (rowCount() == totalCount()), loaded
// when first asked for: a page around it, read by keyset from a loaded neighbour (an index seek,
// either way; the oldest rows are the first page of the opposite order) or, far from any, by
// OFFSET. Rows far from the last one asked for are forgotten (at most MaxLoadedRows are kept), so
// the End key or the scroll bar dragged to the bottom reads a page, not the library. The first
// page is read at once; a count of fewer than every row runs on LibraryCounter's thread, and until
// it arrives (isCounting()) the rows are the loaded ones and grow with canFetchMore/fetchMore
// (each page as large as what is loaded, up to MaxFetchRows). The total is then kept up to date
// from what changes. It follows the library's signals: new images appear in place (at the top for
// new work) with row inserts, changed rows emit dataChanged, removed rows are removed; a change
// where no row is loaded is counted and the rows after it read again; no reset except setQuery()
// and reload(). Thumbnails come from a ThumbnailCache as QImage (converting to a pixmap
// or icon is the view's business; a video's is its poster frame), and only the row whose thumbnail
// arrived changes.
class GalleryModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryModel)

public:
    enum Role {
        ImageIdRole = Qt::UserRole + 1, // qint64; 0 for a task without images
        TaskRowIdRole, // qint64, the library's task id
        TaskIdRole, // QString, the service's task_id
        FilePathRole, // QString; empty when the image was not saved
        PromptRole,
        NegativePromptRole,
        ActualPromptRole,
        ModelRole,
        SizeRole, // QSize: of the image, else the requested one
        SeedRole, // qint64, or invalid when unknown
        CreatedRole, // QDateTime (UTC): when the image was saved, else when the task was made
        FavouriteRole, // bool; settable
        StateRole, // int(TaskState) of the task
        ErrorRole, // QString: why this image or task has no picture; empty otherwise
        HasImageRole, // bool: a saved image file
        ThumbnailRole, // QImage, null while being made (also given for Qt::DecorationRole)
        ThumbnailKeyRole, // QString
        EntryRole, // LibraryEntry: everything, for "reuse settings", retry, copy as cURL
        IsVideoRole, // bool: a video output, or a video task without one yet
        DurationRole, // qint64 milliseconds of a saved video (the library's, else probed); 0
    };
    Q_ENUM(Role)

    static constexpr int DefaultPageSize = 200; // the first page; later ones grow
    static constexpr int MaxFetchRows = 2000;
    static constexpr int MaxLoadedRows = 6000; // kept around the last row asked for

    // `thumbnails` may be null (no thumbnails). Neither is owned; both must outlive the model.
    explicit GalleryModel(Library *library, ThumbnailCache *thumbnails = nullptr,
                          QObject *parent = nullptr);
    ~GalleryModel() override;

    // Runs the query (its limit and offset are ignored: the model pages by itself) and resets.
    void setQuery(const LibraryQuery &query);
    LibraryQuery query() const { return m_query; }
    void reload(); // the same query again, e.g. after another process changed the library

    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    int totalCount() const { return m_total; } // all matching rows, loaded or not
    bool isCounting() const { return m_countSerial != 0; } // totalCount() is a lower bound
    int loadedRowCount() const { return m_rows.loadedCount(); }

    // Loads (when not loaded) the row and a page around it.
    LibraryEntry entry(int row) const;
    static QString durationText(qint64 ms); // "0:05", "1:30"
    int rowForImage(qint64 imageRowId) const; // -1 when not loaded
    QList<int> rowsForTask(qint64 taskRowId) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    // Saved images drag out as files (text/uri-list).
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;

signals:
    void totalCountChanged(int count);

private:
    void handleImageStored(qint64 imageRowId);
    void handleImagesChanged(const QList<qint64> &imageRowIds);
    void handleImagesRemoved(const QList<qint64> &imageRowIds);
    void handleTasksRemoved(const QList<qint64> &taskRowIds);
    void handleThumbnailReady(const QString &key);
    // Brings the rows of one task in line with the library, with row inserts, removes and
    // dataChanged only.
    void reconcileTask(qint64 taskRowId);
    int removeRowsWhere(const std::function<bool(const LibraryEntry &)> &predicate);
    const LibraryEntry *loaded(int row) const; // loads the row's page; null past the end
    void load(int row) const;
    // Where a task with no loaded rows goes: a row, or Unknown (among rows not loaded) or Beyond
    // (after every loaded row, before rows not loaded).
    enum { Unknown = -1, Beyond = -2 };
    int insertionPoint(const LibraryEntry &probe, int *firstAfter) const;
    bool isWhole(const QList<int> &taskRows) const; // no row of the task is missing around them
    // Rows from `row` on may have moved: forgotten, counted again, painted again.
    void forgetFrom(int row);
    void insertRows(int row, const QList<LibraryEntry> &entries);
    void countAll(); // the query's total: now when an index serves it, else in the background
    void handleCounted(quint64 serial, int count);
    void setTotal(int total);
    void tellTotal(); // totalCountChanged, when it did
    void addToTotal(int rows); // rows that appeared (or, negative, went) among the loaded ones
    void updateTotal(); // counts again (after removals, or a change beyond the loaded rows)
    bool sortsBefore(const LibraryEntry &a, const LibraryEntry &b) const;
    QString thumbnailKey(const LibraryEntry &entry) const;
    bool isRow(const QModelIndex &index) const;

    Library *m_library;
    ThumbnailCache *m_thumbnails;
    LibraryQuery m_query;
    mutable GalleryRows m_rows; // filled when asked for (data() is const)
    int m_total = 0; // the rows
    int m_toldTotal = 0; // the last totalCountChanged
    bool m_growing = false; // not counted yet: the rows are the loaded ones, fetchMore adds more
    bool m_resetting = false;
    LibraryCounter *m_counter = nullptr; // made when first needed
    quint64 m_countSerial = 0; // the background count awaited; 0: none
    int m_pageSize = DefaultPageSize;
    bool m_changing = false; // rows are being changed: no fetchMore meanwhile
    mutable QHash<qint64, QString> m_thumbnailKeys; // image id -> key, computed once
};
