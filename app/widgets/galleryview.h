#pragma once

#include "widgets/hintlistview.h"

#include <QList>
#include <QStyledItemDelegate>

struct LibraryEntry;

// The thumbnail grid. Each row's `entryRole` holds a LibraryEntry and Qt::DecorationRole its
// thumbnail (which may arrive later). Images can be starred with a click on the star, opened
// with a double-click or Enter, and dragged out as files and image data.
class GalleryView final : public HintListView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryView)

public:
    // Thumbnail cells are square and at least the chosen size wide (logical pixels); they grow
    // so that the columns fill the view's width. The size is chosen between these (the slider
    // in the status bar, Ctrl+wheel over the grid); thumbnails are made 256 px long.
    static constexpr int MinimumCellSize = 120;
    static constexpr int DefaultCellSize = 196;
    static constexpr int MaximumCellSize = 320;

    explicit GalleryView(QWidget *parent = nullptr);
    ~GalleryView() override;

    void setEntryRole(int role);
    int entryRole() const { return m_entryRole; }

    LibraryEntry entry(const QModelIndex &index) const;
    int cellSize() const { return m_cellSize; }
    int targetCellSize() const { return m_targetCellSize; }
    void setTargetCellSize(int size); // clamped to MinimumCellSize…MaximumCellSize
    QList<LibraryEntry> selectedEntries() const; // in view order
    QModelIndexList selectedRows() const;

    void doItemsLayout() override;

    // The rows come grouped (GalleryGroupModel): a header row spans the width above each group,
    // so the items have sizes of their own (a square cell, or a header's line) instead of the
    // grid's. Headers are not enabled: the keys and the selection pass over them.
    void setGrouped(bool grouped);
    bool isGrouped() const { return m_grouped; }
    bool isHeader(const QModelIndex &index) const;
    int rowWidth() const { return m_rowWidth; } // the columns' width, a header's
    int headerHeight() const;

signals:
    void favouriteToggled(const QModelIndex &index);
    void targetCellSizeChanged(int size);

protected:
    void startDrag(Qt::DropActions supportedActions) override;
    void mousePressEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;

private:
    // Where a key moves the cursor (headers skipped; End lays the rest out first).
    QModelIndex movedCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers);
    void updateCellSize();
    // Where a move that landed on `header` goes instead: the row below or above it in the
    // column of `from`, else the nearest row that is not a header; `from` when there is none.
    QModelIndex pastHeader(const QModelIndex &header, const QModelIndex &from, int direction,
                           bool keepColumn) const;

    int m_entryRole = Qt::UserRole + 1;
    int m_targetCellSize = DefaultCellSize;
    int m_cellSize = DefaultCellSize;
    int m_rowWidth = DefaultCellSize;
    bool m_grouped = false;
};

// Paints a thumbnail (or a card for tasks without images) with a favourite star.
class GalleryDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryDelegate)

public:
    explicit GalleryDelegate(GalleryView *view);
    ~GalleryDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static QRect starRect(const QRect &cell);
    // The "DEMO" badge of a result of the built-in simulator, at the top left of the cell.
    static QRect demoBadgeRect(const QRect &cell, const QFont &font);
    static QString demoBadgeText();

private:
    void paintHeader(QPainter *painter, const QStyleOptionViewItem &option,
                     const QModelIndex &index) const;

    GalleryView *m_view;
};
