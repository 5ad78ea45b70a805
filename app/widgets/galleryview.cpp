#include "widgets/galleryview.h"

#include "library/library.h"
#include "models/gallerygroupmodel.h"
#include "models/gallerymodel.h"
#include "widgets/uistyle.h"

#include <QApplication>
#include <QDrag>
#include <QFileInfo>
#include <QImageReader>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QStyle>
#include <QUrl>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace {

constexpr int Margin = 6;

QPainterPath starPath(const QRectF &box)
{
    QPainterPath path;
    const QPointF center = box.center();
    const double outer = std::min(box.width(), box.height()) / 2.0;
    const double inner = outer * 0.45;
    for (int i = 0; i < 10; ++i) {
        const double radius = i % 2 ? inner : outer;
        const double angle = -M_PI / 2 + i * M_PI / 5;
        const QPointF point(center.x() + radius * std::cos(angle),
                            center.y() + radius * std::sin(angle));
        if (i == 0)
            path.moveTo(point);
        else
            path.lineTo(point);
    }
    path.closeSubpath();
    return path;
}

// A video's marks: a play glyph in the middle and its length at the bottom right, both on dark
// translucent discs so they read on any poster.
void paintVideoMarks(QPainter *painter, const QRect &inner, const QFont &font, qint64 durationMs)
{
    const int diameter = std::clamp(inner.width() / 4, 28, 56);
    const QRectF disc(QPointF(inner.center()) - QPointF(diameter / 2.0, diameter / 2.0),
                      QSizeF(diameter, diameter));
    painter->setPen(QPen(QColor(255, 255, 255, 200), 1.5));
    painter->setBrush(QColor(0, 0, 0, 130));
    painter->drawEllipse(disc);
    const double r = diameter * 0.22;
    const QPointF c = disc.center() + QPointF(r * 0.2, 0);
    QPolygonF triangle;
    triangle << QPointF(c.x() - r * 0.8, c.y() - r) << QPointF(c.x() - r * 0.8, c.y() + r)
             << QPointF(c.x() + r, c.y());
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(255, 255, 255, 230));
    painter->drawPolygon(triangle);

    if (durationMs <= 0)
        return;
    QFont small = font;
    small.setWeight(QFont::DemiBold);
    small.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.9));
    painter->setFont(small);
    const QString text = GalleryModel::durationText(durationMs);
    const QFontMetrics metrics(small);
    const QRect badge(inner.right() - metrics.horizontalAdvance(text) - 12,
                      inner.bottom() - metrics.height() - 6, metrics.horizontalAdvance(text) + 8,
                      metrics.height() + 2);
    painter->setBrush(QColor(0, 0, 0, 160));
    painter->drawRoundedRect(badge, 3, 3);
    painter->setPen(Qt::white);
    painter->drawText(badge, Qt::AlignCenter, text);
}

// Small bold type for the badges painted over a picture.
QFont badgeFont(const QFont &font)
{
    QFont small = font;
    small.setWeight(QFont::Bold);
    small.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.8));
    return small;
}

QString stateBadge(const LibraryEntry &entry)
{
    if (!entry.output.errorCode.isEmpty())
        return makesVideo(entry.task.request.kind)
                ? GalleryView::tr("Video failed: %1").arg(entry.output.errorCode)
                : GalleryView::tr("Image failed: %1").arg(entry.output.errorCode);
    return taskStateDisplayName(entry.task.state);
}

} // namespace

GalleryView::GalleryView(QWidget *parent) : HintListView(parent)
{
    setViewMode(QListView::IconMode);
    setMovement(QListView::Static);
    setResizeMode(QListView::Adjust);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setUniformItemSizes(true);
    setGridSize(QSize(DefaultCellSize, DefaultCellSize)); // until the first layout knows the width
    setSpacing(0);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionRectVisible(true);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::CopyAction);
    setLayoutMode(
            QListView::Batched); // big libraries lay out in steps, the window stays responsive
    setBatchSize(5000);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setFrameShape(QFrame::NoFrame);
    setMouseTracking(true);
    setItemDelegate(new GalleryDelegate(this));
    setContextMenuPolicy(Qt::ActionsContextMenu);
}

GalleryView::~GalleryView() = default;

void GalleryView::doItemsLayout()
{
    // QListView lays out again after a resize (ResizeMode Adjust) and when rows come or go: the
    // moment to fit the cells to the width, before the items are placed.
    updateCellSize();
    HintListView::doItemsLayout();
}

void GalleryView::updateCellSize()
{
    // As many columns of at least the chosen size as fit, sharing the whole width, so no empty
    // strip is left on the right. The width is the one QListView wraps at (see
    // QListViewPrivate::prepareItemsLayout): it keeps room for a vertical scroll bar whether one
    // shows or not, so the cells never depend on the scroll bar, which could otherwise come and
    // go as they shrink and grow.
    int width = maximumViewportSize().width();
    if (verticalScrollBarPolicy() == Qt::ScrollBarAsNeeded) {
        width -= style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, verticalScrollBar());
        if (style()->styleHint(QStyle::SH_ScrollView_FrameOnlyAroundContents, nullptr, this))
            width -= 2 * style()->pixelMetric(QStyle::PM_DefaultFrameWidth);
    }
    const int columns = std::max(1, width / m_targetCellSize);
    const int cell = std::max(m_targetCellSize, width / columns);
    m_cellSize = cell;
    m_rowWidth = columns * cell;
    // Grouped, each item has its own size (GalleryDelegate::sizeHint): a grid would make a
    // header one cell.
    const QSize grid = m_grouped ? QSize() : QSize(cell, cell);
    if (gridSize() != grid)
        setGridSize(grid);
}

void GalleryView::setGrouped(bool grouped)
{
    if (grouped == m_grouped)
        return;
    m_grouped = grouped;
    // Uniform sizes only without headers: QListView would give every row the first one's.
    setUniformItemSizes(!grouped);
    scheduleDelayedItemsLayout();
}

bool GalleryView::isHeader(const QModelIndex &index) const
{
    return m_grouped && index.data(GalleryGroupModel::HeaderRole).toBool();
}

int GalleryView::headerHeight() const
{
    return fontMetrics().height() * 2 + 12;
}

QModelIndex GalleryView::moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers)
{
    const QModelIndex to = movedCursor(cursorAction, modifiers);
    // Home or End where the cursor already is: Qt then does nothing, though the view may show
    // something else (scrolled with the wheel, or a search cleared): bring the cursor back.
    if ((cursorAction == MoveHome || cursorAction == MoveEnd) && to.isValid()
        && to == currentIndex())
        scrollTo(to);
    return to;
}

QModelIndex GalleryView::movedCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers)
{
    // QListView's End is the last row laid out so far: while a large gallery is still being laid
    // out in batches, a row somewhere in the middle, and a person would press End again and again.
    // The oldest result is the model's last row (never a header: a header comes before its
    // group): the rest of the layout is done now (all at once: about as long as the batches take,
    // without a turn of the event loop between them).
    const int rows = model() ? model()->rowCount(rootIndex()) : 0;
    if (cursorAction == MoveEnd && rows > 0 && layoutMode() == Batched) {
        setLayoutMode(SinglePass);
        doItemsLayout();
        setLayoutMode(Batched);
        return model()->index(rows - 1, modelColumn(), rootIndex());
    }
    const QModelIndex from = currentIndex();
    const QModelIndex to = HintListView::moveCursor(cursorAction, modifiers);
    if (!isHeader(to))
        return to;
    switch (cursorAction) {
    case MoveDown:
        return pastHeader(to, from, +1, true);
    case MoveUp:
        return pastHeader(to, from, -1, true);
    case MoveRight:
    case MoveNext:
    case MovePageDown:
    case MoveEnd:
        return pastHeader(to, from, +1, false);
    default:
        return pastHeader(to, from, -1, false);
    }
}

QModelIndex GalleryView::pastHeader(const QModelIndex &header, const QModelIndex &from,
                                    int direction, bool keepColumn) const
{
    QAbstractItemModel *rows = model();
    if (keepColumn && from.isValid() && !isHeader(from)) {
        // The same column on the line beyond the header: below it, the group's first line;
        // above it, the previous group's last line (a short line: its last cell).
        const int x = visualRect(from).center().x();
        const QModelIndex beyond = rows->index(header.row() + direction, 0);
        if (beyond.isValid() && !isHeader(beyond)) {
            const QModelIndex there = indexAt(QPoint(x, visualRect(beyond).center().y()));
            if (there.isValid() && !isHeader(there))
                return there;
            if (direction < 0)
                return beyond;
        }
    }
    // The nearest row that is not a header, that way first (PageUp onto the first header: the
    // first row after it).
    for (const int way : { direction, -direction }) {
        for (int row = header.row() + way; row >= 0 && row < rows->rowCount(); row += way) {
            const QModelIndex candidate = rows->index(row, 0);
            if (!isHeader(candidate))
                return candidate;
        }
    }
    return from;
}

void GalleryView::setTargetCellSize(int size)
{
    size = std::clamp(size, int(MinimumCellSize), int(MaximumCellSize));
    if (size == m_targetCellSize)
        return;
    m_targetCellSize = size;
    scheduleDelayedItemsLayout(); // doItemsLayout() fits the cells to the new size
    emit targetCellSizeChanged(size);
}

void GalleryView::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier)) {
        HintListView::wheelEvent(event);
        return;
    }
    // Ctrl+wheel sizes the thumbnails, as in image viewers; one notch is 16 px.
    const int notches = event->angleDelta().y() / 120;
    if (notches != 0)
        setTargetCellSize(m_targetCellSize + 16 * notches);
    event->accept();
}

void GalleryView::setEntryRole(int role)
{
    m_entryRole = role;
}

LibraryEntry GalleryView::entry(const QModelIndex &index) const
{
    return index.data(m_entryRole).value<LibraryEntry>();
}

QModelIndexList GalleryView::selectedRows() const
{
    QModelIndexList rows
            = selectionModel() ? selectionModel()->selectedIndexes() : QModelIndexList();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    return rows;
}

QList<LibraryEntry> GalleryView::selectedEntries() const
{
    QList<LibraryEntry> entries;
    for (const QModelIndex &index : selectedRows())
        entries << entry(index);
    return entries;
}

void GalleryView::mousePressEvent(QMouseEvent *event)
{
    // A click on the star toggles the favourite without changing the selection.
    const QModelIndex index = indexAt(event->position().toPoint());
    if (index.isValid() && event->button() == Qt::LeftButton
        && event->modifiers() == Qt::NoModifier) {
        const QRect cell = visualRect(index);
        if (GalleryDelegate::starRect(cell).contains(event->position().toPoint())
            && entry(index).hasOutput()) {
            emit favouriteToggled(index);
            event->accept();
            return;
        }
    }
    HintListView::mousePressEvent(event);
}

void GalleryView::startDrag(Qt::DropActions supportedActions)
{
    // Other applications get file URLs (file managers, editors) and the image itself (chat,
    // documents), so the drop works wherever it lands.
    QList<QUrl> urls;
    QString firstFile;
    for (const LibraryEntry &item : selectedEntries()) {
        if (!item.output.isSaved() || !QFileInfo::exists(item.output.filePath))
            continue;
        urls << QUrl::fromLocalFile(item.output.filePath);
        if (firstFile.isEmpty())
            firstFile = item.output.filePath;
    }
    if (urls.isEmpty())
        return;
    auto *mime = new QMimeData;
    mime->setUrls(urls);
    QImageReader reader(firstFile);
    const QImage image = reader.read();
    if (!image.isNull())
        mime->setImageData(image);
    auto *drag = new QDrag(this);
    drag->setMimeData(mime);
    const QModelIndex current = currentIndex();
    const QVariant thumbnail = current.data(Qt::DecorationRole);
    QPixmap pixmap = thumbnail.value<QPixmap>();
    if (pixmap.isNull())
        pixmap = QPixmap::fromImage(thumbnail.value<QImage>());
    if (pixmap.isNull())
        pixmap = thumbnail.value<QIcon>().pixmap(96);
    if (!pixmap.isNull())
        drag->setPixmap(pixmap.scaled(96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    drag->exec(supportedActions & Qt::CopyAction ? Qt::CopyAction : supportedActions,
               Qt::CopyAction);
}

GalleryDelegate::GalleryDelegate(GalleryView *view) : QStyledItemDelegate(view), m_view(view) { }

GalleryDelegate::~GalleryDelegate() = default;

QSize GalleryDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &index) const
{
    // The item fills its cell, which is the view's to size; a header, the width of the columns.
    // Answered from the grouping alone (no row of the gallery read), since QListView asks for
    // every row when the sizes are not uniform.
    if (!m_view->isGrouped())
        return m_view->gridSize();
    if (m_view->isHeader(index))
        return QSize(m_view->rowWidth(), m_view->headerHeight());
    return QSize(m_view->cellSize(), m_view->cellSize());
}

void GalleryDelegate::paintHeader(QPainter *painter, const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    // The title (a day, or a task's prompt elided on one line) on the left, what is in the
    // group on the right, above a hairline: palette colours, readable in either scheme.
    // The colours of an enabled row: a header is not enabled (so that no key or click picks
    // it), and the disabled group's text would read as greyed out.
    QPalette palette = option.palette;
    palette.setCurrentColorGroup(m_view->isActiveWindow() ? QPalette::Active : QPalette::Inactive);
    const QRect line = option.rect.adjusted(Margin + 4, 0, -Margin - 4, 0);
    const QString count
            = GalleryGroupModel::countText(index.data(GalleryGroupModel::GroupCountRole).toInt());
    const QString model = index.data(GalleryGroupModel::GroupModelRole).toString();
    const QString detail = model.isEmpty() ? count : model + QStringLiteral(" · ") + count;
    painter->save();
    painter->setFont(option.font);
    const QFontMetrics detailMetrics(option.font);
    // A few pixels spare: elidedText() measures a little wider than horizontalAdvance().
    const int detailWidth = std::min(detailMetrics.horizontalAdvance(detail) + 4, line.width() / 2);
    const QRect text = line.adjusted(0, 0, 0, -4);
    painter->setPen(UiStyle::mutedColor(palette));
    painter->drawText(text, Qt::AlignRight | Qt::AlignBottom,
                      detailMetrics.elidedText(detail, Qt::ElideRight, detailWidth));
    QFont bold = option.font;
    bold.setWeight(QFont::DemiBold);
    bold.setPointSizeF(option.font.pointSizeF() * 1.1);
    painter->setFont(bold);
    painter->setPen(palette.color(QPalette::WindowText));
    const QFontMetrics titleMetrics(bold);
    const int titleWidth = std::max(0, line.width() - detailWidth - 16);
    painter->drawText(text, Qt::AlignLeft | Qt::AlignBottom,
                      titleMetrics.elidedText(index.data().toString(), Qt::ElideRight, titleWidth));
    painter->setPen(QPen(palette.color(QPalette::Mid), 1));
    painter->drawLine(line.bottomLeft(), line.bottomRight());
    painter->restore();
}

QRect GalleryDelegate::starRect(const QRect &cell)
{
    return QRect(cell.right() - Margin - 30, cell.top() + Margin + 4, 26, 26);
}

QString GalleryDelegate::demoBadgeText()
{
    return GalleryView::tr("DEMO");
}

QRect GalleryDelegate::demoBadgeRect(const QRect &cell, const QFont &font)
{
    const QFontMetrics metrics(badgeFont(font));
    const QRect inner = cell.adjusted(Margin + 4, Margin + 4, -Margin - 4, -Margin - 4);
    return QRect(inner.left() + 4, inner.top() + 4, metrics.horizontalAdvance(demoBadgeText()) + 10,
                 metrics.height() + 2);
}

void GalleryDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    if (m_view->isHeader(index)) {
        paintHeader(painter, option, index);
        return;
    }
    const LibraryEntry entry = m_view->entry(index);
    const QPalette &palette = option.palette;
    const QRect cell = option.rect;
    const QRect frame = cell.adjusted(Margin, Margin, -Margin, -Margin);
    const bool selected = option.state & QStyle::State_Selected;
    const bool hovered = option.state & QStyle::State_MouseOver;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);

    // Card background.
    QColor card = palette.color(QPalette::AlternateBase);
    if (UiStyle::isDark(palette))
        card = palette.color(QPalette::Base).lighter(130);
    painter->setPen(Qt::NoPen);
    painter->setBrush(card);
    painter->drawRoundedRect(frame, 6, 6);

    // The thumbnail, centred and scaled to fit.
    const QVariant decoration = index.data(Qt::DecorationRole);
    QPixmap pixmap = decoration.value<QPixmap>();
    if (pixmap.isNull() && decoration.canConvert<QImage>())
        pixmap = QPixmap::fromImage(decoration.value<QImage>());
    if (pixmap.isNull() && decoration.canConvert<QIcon>())
        pixmap = decoration.value<QIcon>().pixmap(frame.size());
    const QRect inner = frame.adjusted(4, 4, -4, -4);
    if (!pixmap.isNull()) {
        QSizeF size = QSizeF(pixmap.size()) / pixmap.devicePixelRatioF();
        size.scale(QSizeF(inner.size()), Qt::KeepAspectRatio);
        const QRectF target(
                QPointF(inner.center()) - QPointF(size.width() / 2.0, size.height() / 2.0), size);
        QPainterPath clip;
        clip.addRoundedRect(target, 4, 4);
        painter->setClipPath(clip);
        painter->setRenderHint(QPainter::SmoothPixmapTransform);
        painter->drawPixmap(target, pixmap, QRectF(pixmap.rect()));
        painter->setClipping(false);
    } else {
        // No picture (yet): the state and the prompt, so the cell is never a blank square.
        painter->setPen(entry.task.state == TaskState::Failed || !entry.output.errorCode.isEmpty()
                                ? UiStyle::errorColor(palette)
                                : UiStyle::mutedColor(palette));
        QFont bold = option.font;
        bold.setWeight(QFont::DemiBold);
        painter->setFont(bold);
        const QString badge = entry.hasOutput() && entry.output.isSaved()
                ? GalleryView::tr("Loading…")
                : stateBadge(entry);
        const QRect badgeRect = inner.adjusted(6, 6, -6, 0);
        painter->drawText(badgeRect, Qt::AlignTop | Qt::AlignHCenter | Qt::TextWordWrap, badge);
        painter->setFont(option.font);
        painter->setPen(UiStyle::mutedColor(palette));
        const QFontMetrics metrics(option.font);
        const QRect promptRect = inner.adjusted(8, metrics.height() * 2 + 8, -8, -8);
        painter->drawText(promptRect, Qt::AlignTop | Qt::AlignHCenter | Qt::TextWordWrap,
                          entry.task.request.prompt.left(160));
    }

    if (entry.output.isSaved() && entry.output.isVideo())
        paintVideoMarks(painter, inner, option.font,
                        index.data(GalleryModel::DurationRole).toLongLong());
    if (entry.task.demo) {
        // White on a dark plate with a light edge: it reads on any picture, in either scheme.
        const QRect badge = demoBadgeRect(cell, option.font);
        painter->setPen(QPen(QColor(255, 255, 255, 170), 1));
        painter->setBrush(QColor(0, 0, 0, 175));
        painter->drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        painter->setFont(badgeFont(option.font));
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, demoBadgeText());
        painter->setFont(option.font);
    }

    // Selection and hover.
    if (selected || hovered) {
        QColor ring = palette.color(QPalette::Highlight);
        if (!selected)
            ring.setAlphaF(0.45);
        painter->setPen(QPen(ring, selected ? 3 : 2));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(frame).adjusted(1, 1, -1, -1), 6, 6);
    }
    if (option.state & QStyle::State_HasFocus && m_view->hasFocus()) {
        QPen focus(palette.color(QPalette::Highlight), 1, Qt::DotLine);
        painter->setPen(focus);
        painter->drawRoundedRect(QRectF(frame).adjusted(-2, -2, 2, 2), 7, 7);
    }

    // The favourite star: filled when starred, an outline on hover to show it can be clicked.
    if (entry.hasOutput() && (entry.output.favourite || hovered)) {
        const QRectF star = QRectF(GalleryDelegate::starRect(cell)).adjusted(3, 3, -3, -3);
        painter->setPen(QPen(QColor(0, 0, 0, 140), 1.2));
        painter->setBrush(entry.output.favourite ? QColor(0xf5, 0xc2, 0x11)
                                                 : QColor(255, 255, 255, 150));
        painter->drawPath(starPath(star));
    }
    painter->restore();
}
