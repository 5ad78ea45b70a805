#include "widgets/zoomview.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>
#include <algorithm>
#include <array>
#include <cmath>

namespace {

// The levels +, - and the wheel step through (Gwenview's, up to 800 %).
constexpr std::array<double, 15> Levels
        = { 0.05, 0.1, 0.125, 1.0 / 6, 0.25, 1.0 / 3, 0.5, 2.0 / 3.0,
            1.0,  1.5, 2.0,   3.0,     4.0,  6.0,     8.0 };
constexpr double Epsilon = 1e-6;

} // namespace

ZoomView::ZoomView(QWidget *parent) : QAbstractScrollArea(parent)
{
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::ClickFocus);
    setMinimumSize(64, 64);
    horizontalScrollBar()->setSingleStep(24);
    verticalScrollBar()->setSingleStep(24);
    viewport()->setBackgroundRole(QPalette::Dark);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
}

void ZoomView::setImage(const QImage &image)
{
    m_image = image;
    m_reduced = QImage();
    const bool wasFit = m_fit;
    m_fit = true; // a new image starts at fit whatever the last one was zoomed to
    updateScrollBars();
    viewport()->update();
    if (!wasFit || !image.isNull())
        emit zoomChanged();
}

double ZoomView::fitZoom() const
{
    if (m_image.isNull())
        return 1.0;
    const QSizeF available = QSizeF(viewport()->size()) * devicePixelRatioF();
    return std::min(
            { 1.0, available.width() / m_image.width(), available.height() / m_image.height() });
}

double ZoomView::zoom() const
{
    return m_fit ? fitZoom() : m_zoom;
}

double ZoomView::scale() const
{
    return zoom() / devicePixelRatioF();
}

QSizeF ZoomView::contentSize() const
{
    return QSizeF(m_image.size()) * scale();
}

QPointF ZoomView::origin() const
{
    const QSizeF content = contentSize();
    const QSize view = viewport()->size();
    // Centred while smaller than the view; else where the scroll bars say.
    const double x = content.width() <= view.width()
            ? std::floor((view.width() - content.width()) / 2)
            : -horizontalScrollBar()->value();
    const double y = content.height() <= view.height()
            ? std::floor((view.height() - content.height()) / 2)
            : -verticalScrollBar()->value();
    return { x, y };
}

QPointF ZoomView::mapToImage(const QPointF &viewportPoint) const
{
    return (viewportPoint - origin()) / scale();
}

QPointF ZoomView::mapFromImage(const QPointF &imagePoint) const
{
    return origin() + imagePoint * scale();
}

bool ZoomView::canPan() const
{
    return horizontalScrollBar()->maximum() > 0 || verticalScrollBar()->maximum() > 0;
}

void ZoomView::updateScrollBars()
{
    const QSizeF content = contentSize();
    const QSize view = viewport()->size();
    // Not blocked: the scroll area shows and hides its bars on their rangeChanged.
    horizontalScrollBar()->setRange(0, std::max(0, int(std::ceil(content.width())) - view.width()));
    horizontalScrollBar()->setPageStep(view.width());
    verticalScrollBar()->setRange(0, std::max(0, int(std::ceil(content.height())) - view.height()));
    verticalScrollBar()->setPageStep(view.height());
    updateCursor();
}

void ZoomView::updateCursor()
{
    if (m_dragging)
        viewport()->setCursor(Qt::ClosedHandCursor);
    else if (canPan())
        viewport()->setCursor(Qt::OpenHandCursor);
    else
        viewport()->unsetCursor();
}

void ZoomView::setZoom(double zoom)
{
    setZoom(zoom, QRectF(viewport()->rect()).center());
}

void ZoomView::setZoom(double zoom, const QPointF &anchor)
{
    if (!m_image.isNull())
        zoomAround(zoom, anchor, mapToImage(anchor));
}

void ZoomView::zoomAround(double zoom, const QPointF &anchor, const QPointF &imagePoint)
{
    zoom = std::clamp(zoom, fitZoom(), MaximumZoom);
    if (!m_fit && std::abs(zoom - m_zoom) < Epsilon)
        return;
    m_fit = false;
    m_zoom = zoom;
    updateScrollBars();
    // The same image point under the anchor (the scroll bars clamp at the edges).
    const QPointF at = imagePoint * scale() - anchor;
    horizontalScrollBar()->setValue(qRound(at.x()));
    verticalScrollBar()->setValue(qRound(at.y()));
    viewport()->update();
    emit zoomChanged();
    emit panned();
}

void ZoomView::fitToView()
{
    if (m_fit)
        return;
    m_fit = true;
    updateScrollBars();
    viewport()->update();
    emit zoomChanged();
    emit panned();
}

double ZoomView::stepFrom(double zoom, int direction, double minimum)
{
    if (direction > 0) {
        const auto next = std::find_if(Levels.cbegin(), Levels.cend(),
                                       [zoom](double level) { return level > zoom + Epsilon; });
        return next == Levels.cend() ? Levels.back() : *next;
    }
    const auto next = std::find_if(Levels.crbegin(), Levels.crend(),
                                   [zoom](double level) { return level < zoom - Epsilon; });
    return next == Levels.crend() ? minimum : std::max(*next, minimum);
}

void ZoomView::zoomIn()
{
    setZoom(stepFrom(zoom(), +1, fitZoom()));
}

void ZoomView::zoomOut()
{
    const double next = stepFrom(zoom(), -1, fitZoom());
    if (next <= fitZoom() + Epsilon)
        fitToView(); // the smallest is fit, and it stays fit as the window changes
    else
        setZoom(next);
}

void ZoomView::showActualSize()
{
    setZoom(1.0);
}

QPointF ZoomView::centerFraction() const
{
    if (m_image.isNull())
        return { 0.5, 0.5 };
    const QPointF center = mapToImage(QRectF(viewport()->rect()).center());
    return { center.x() / m_image.width(), center.y() / m_image.height() };
}

void ZoomView::setCenterFraction(const QPointF &fraction)
{
    if (m_image.isNull())
        return;
    const QPointF point(fraction.x() * m_image.width(), fraction.y() * m_image.height());
    const QPointF at = point * scale() - QRectF(viewport()->rect()).center();
    horizontalScrollBar()->setValue(qRound(at.x()));
    verticalScrollBar()->setValue(qRound(at.y()));
}

void ZoomView::setBackground(const QColor &color)
{
    m_background = color;
    viewport()->update();
}

void ZoomView::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    painter.fillRect(event->rect(),
                     m_background.isValid() ? m_background : palette().color(QPalette::Dark));
    if (m_image.isNull())
        return;
    const QPointF topLeft = origin();
    const double zoom = this->zoom();
    if (zoom < 1.0 - Epsilon) {
        // Reduced: smoothed once per level (QPainter's bilinear filter aliases when shrinking).
        const QSize size = (QSizeF(m_image.size()) * zoom).toSize().expandedTo(QSize(1, 1));
        if (m_reduced.size() != size) {
            m_reduced = m_image.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
            m_reduced.setDevicePixelRatio(devicePixelRatioF());
        }
        painter.drawImage(topLeft, m_reduced);
        return;
    }
    m_reduced = QImage();
    // Magnified: every image pixel a crisp square; only the visible ones are drawn.
    const double s = scale();
    const QRectF target(topLeft, contentSize());
    const QRectF visible = QRectF(event->rect()).intersected(target);
    if (visible.isEmpty())
        return;
    const QRectF wanted((visible.topLeft() - topLeft) / s, visible.size() / s);
    const QRectF source = QRectF(QPointF(std::floor(wanted.left()), std::floor(wanted.top())),
                                 QPointF(std::ceil(wanted.right()), std::ceil(wanted.bottom())))
                                  .intersected(QRectF(m_image.rect()));
    const QRectF drawn(topLeft + source.topLeft() * s, source.size() * s);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(drawn, m_image, source);
}

void ZoomView::resizeEvent(QResizeEvent *event)
{
    const QPointF center = centerFraction();
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
    if (!m_fit)
        setCenterFraction(center); // the same part of the image stays in the middle
    if (m_fit && !m_image.isNull())
        emit zoomChanged(); // fit's level follows the view
}

void ZoomView::wheelEvent(QWheelEvent *event)
{
    // The wheel zooms, with or without Ctrl (as Gwenview's default); a notch is one level.
    event->accept();
    if (m_image.isNull())
        return;
    m_wheelDelta += event->angleDelta().y();
    const int steps = m_wheelDelta / 120;
    if (steps == 0)
        return;
    m_wheelDelta -= steps * 120;
    double zoom = this->zoom();
    for (int i = 0; i < std::abs(steps); ++i)
        zoom = stepFrom(zoom, steps > 0 ? +1 : -1, fitZoom());
    const QPointF at = event->position();
    const QPoint scroll(horizontalScrollBar()->value(), verticalScrollBar()->value());
    if (!m_wheelAnchor || m_wheelAnchor->at != at || m_wheelAnchor->scroll != scroll
        || std::abs(m_wheelAnchor->zoom - this->zoom()) > Epsilon)
        m_wheelAnchor = WheelAnchor { at, mapToImage(at), {}, 0 };
    if (steps < 0 && zoom <= fitZoom() + Epsilon) {
        fitToView();
        m_wheelAnchor.reset();
        return;
    }
    zoomAround(zoom, at, m_wheelAnchor->imagePoint);
    m_wheelAnchor->scroll = QPoint(horizontalScrollBar()->value(), verticalScrollBar()->value());
    m_wheelAnchor->zoom = this->zoom();
}

void ZoomView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && canPan()) {
        m_dragging = true;
        m_dragFrom = event->position().toPoint();
        updateCursor();
        event->accept();
        return;
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void ZoomView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging) {
        const QPoint at = event->position().toPoint();
        const QPoint moved = at - m_dragFrom;
        m_dragFrom = at;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - moved.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - moved.y());
        event->accept();
        return;
    }
    QAbstractScrollArea::mouseMoveEvent(event);
}

void ZoomView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        updateCursor();
        event->accept();
        return;
    }
    QAbstractScrollArea::mouseReleaseEvent(event);
}

void ZoomView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        return;
    case Qt::Key_Minus:
        zoomOut();
        return;
    case Qt::Key_0:
        fitToView();
        return;
    case Qt::Key_1:
        showActualSize();
        return;
    case Qt::Key_Up:
    case Qt::Key_Down:
        QAbstractScrollArea::keyPressEvent(event); // scrolls
        return;
    default:
        // Left, Right, Page Up and Page Down belong to whoever holds the view (next, previous).
        event->ignore();
    }
}

void ZoomView::scrollContentsBy(int, int)
{
    viewport()->update();
    emit panned();
}
