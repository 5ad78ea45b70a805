#pragma once

#include "library/library.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

class LibraryCounter;
class ThumbnailCache;

// The library's images as a flat list for the gallery view: one row per LibraryEntry (an image,
// or a task without images such as a failed or expired one), in the order of the query (newest
// task first by default, a task's images together and in order).
//
// Rows load in pages (canFetchMore/fetchMore), so a library of any size opens with one small
// query; each page continues from the last row loaded (keyset paging: an index seek, however far
// down the library), and is as large as what is loaded already (up to MaxFetchRows). The total is
// counted once per query and then kept up to date from what changes; a count of fewer than every
// row runs on LibraryCounter's thread, and totalCount() is the rows loaded until it arrives
// (isCounting()). It follows the library's signals: new images appear in place (at the top for new
// work) with row inserts, changed rows emit dataChanged, removed rows are removed; no reset except
// setQuery() and reload(). Thumbnails come from a ThumbnailCache as QImage (converting to a pixmap
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
    void removeRowsWhere(const std::function<bool(const LibraryEntry &)> &predicate);
    // The page after the last loaded row; *atEnd when nothing follows it.
    QList<LibraryEntry> readPage(int size, bool *atEnd) const;
    void countAll(); // the query's total: now when an index serves it, else in the background
    void handleCounted(quint64 serial, int count);
    void setTotal(int total);
    void addToTotal(int rows); // rows that appeared (or, negative, went) among the loaded ones
    void updateTotal(); // counts again (after removals, or a change beyond the loaded rows)
    bool sortsBefore(const LibraryEntry &a, const LibraryEntry &b) const;
    QString thumbnailKey(const LibraryEntry &entry) const;
    bool isRow(const QModelIndex &index) const;

    Library *m_library;
    ThumbnailCache *m_thumbnails;
    LibraryQuery m_query;
    QList<LibraryEntry> m_entries; // always a prefix of the query's full result
    int m_total = 0;
    bool m_atEnd = true; // every matching row is loaded
    LibraryCounter *m_counter = nullptr; // made when first needed
    quint64 m_countSerial = 0; // the background count awaited; 0: none
    int m_pageSize = DefaultPageSize;
    bool m_changing = false; // rows are being changed: no fetchMore meanwhile
    mutable QHash<qint64, QString> m_thumbnailKeys; // image id -> key, computed once
};
