#include "widgets/beforeafterview.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace {

constexpr int Margin = 8;
constexpr int HandleRadius = 11;

QString sizeText(QSize size)
{
    return BeforeAfterView::tr("%1 × %2").arg(size.width()).arg(size.height());
}

} // namespace

BeforeAfterView::BeforeAfterView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("beforeAfterView"));
    setAccessibleName(tr("Before and after"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(64, 64);
    setCursor(Qt::SplitHCursor);
}

void BeforeAfterView::setImages(const QImage &before, const QImage &after)
{
    m_before = before;
    m_after = after;
    setAccessibleDescription(beforeCaption() + QLatin1Char('\n') + afterCaption());
    update();
}

void BeforeAfterView::setSplit(double fraction)
{
    m_split = std::clamp(fraction, 0.0, 1.0);
    setShowing(Showing::Split);
    update();
}

void BeforeAfterView::setShowing(Showing showing)
{
    if (m_showing == showing)
        return;
    m_showing = showing;
    setCursor(showing == Showing::Split ? Qt::SplitHCursor : Qt::ArrowCursor);
    update();
    emit showingChanged(showing);
}

void BeforeAfterView::flip()
{
    setShowing(m_showing == Showing::Before ? Showing::After : Showing::Before);
}

QRect BeforeAfterView::frame() const
{
    if (m_after.isNull())
        return {};
    const QRect room = rect().adjusted(Margin, Margin, -Margin, -Margin);
    QSizeF size = QSizeF(m_after.size()) / devicePixelRatioF();
    // Never larger than the result's own pixels, fitted when larger than the room.
    if (size.width() > room.width() || size.height() > room.height())
        size.scale(QSizeF(room.size()), Qt::KeepAspectRatio);
    const QSize whole = size.toSize().expandedTo(QSize(1, 1));
    return QRect(QPoint(room.x() + (room.width() - whole.width()) / 2,
                        room.y() + (room.height() - whole.height()) / 2),
                 whole);
}

int BeforeAfterView::dividerX() const
{
    const QRect f = frame();
    return f.x() + int(std::lround(m_split * f.width()));
}

QString BeforeAfterView::beforeCaption() const
{
    if (m_before.isNull() || m_after.isNull())
        return {};
    if (m_before.size() == m_after.size())
        return tr("Before · %1").arg(sizeText(m_before.size()));
    return tr("Before · %1, stretched to %2")
            .arg(sizeText(m_before.size()), sizeText(m_after.size()));
}

QString BeforeAfterView::afterCaption() const
{
    return m_after.isNull() ? QString() : tr("After · %1").arg(sizeText(m_after.size()));
}

void BeforeAfterView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().dark());
    if (!hasImages())
        return;
    const QRect f = frame();
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const int x = m_showing == Showing::Split ? dividerX()
            : m_showing == Showing::Before    ? f.right() + 1
                                              : f.left();
    // The original stretched over the whole frame, clipped to the left of the divider.
    if (x > f.left()) {
        painter.save();
        painter.setClipRect(QRect(f.topLeft(), QPoint(x - 1, f.bottom())));
        painter.drawImage(f, m_before);
        painter.restore();
    }
    if (x <= f.right()) {
        painter.save();
        painter.setClipRect(QRect(QPoint(x, f.top()), f.bottomRight()));
        painter.drawImage(f, m_after);
        painter.restore();
    }
    if (m_showing == Showing::Split) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(QColor(0, 0, 0, 140), 3));
        painter.drawLine(x, f.top(), x, f.bottom());
        painter.setPen(QPen(Qt::white, 1));
        painter.drawLine(x, f.top(), x, f.bottom());
        const QPointF centre(x, f.center().y());
        painter.setBrush(QColor(255, 255, 255, 230));
        painter.setPen(QPen(QColor(0, 0, 0, 140), 1));
        painter.drawEllipse(centre, HandleRadius, HandleRadius);
        // Two small arrows: it moves sideways.
        QPainterPath arrows;
        arrows.moveTo(centre + QPointF(-3, -4));
        arrows.lineTo(centre + QPointF(-7, 0));
        arrows.lineTo(centre + QPointF(-3, 4));
        arrows.moveTo(centre + QPointF(3, -4));
        arrows.lineTo(centre + QPointF(7, 0));
        arrows.lineTo(centre + QPointF(3, 4));
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(40, 40, 40), 1.5));
        painter.drawPath(arrows);
    }
    if (m_showing != Showing::After)
        drawCaption(painter, beforeCaption(), false);
    if (m_showing != Showing::Before)
        drawCaption(painter, afterCaption(), true);
}

void BeforeAfterView::drawCaption(QPainter &painter, const QString &text, bool right) const
{
    const QRect f = frame();
    const QFontMetrics metrics(font());
    const int room = std::max(40, (m_showing == Showing::Split ? f.width() / 2 : f.width()) - 12);
    const QString shown = metrics.elidedText(text, Qt::ElideRight, room - 12);
    QRect box(0, 0, metrics.horizontalAdvance(shown) + 12, metrics.height() + 6);
    box.moveTop(f.top() + 6);
    if (right)
        box.moveRight(f.right() - 6);
    else
        box.moveLeft(f.left() + 6);
    painter.save();
    // Each caption stays on its own side of the divider.
    if (m_showing == Showing::Split) {
        const int x = dividerX();
        painter.setClipRect(right ? QRect(QPoint(x + 1, f.top()), f.bottomRight())
                                  : QRect(f.topLeft(), QPoint(x - 1, f.bottom())));
    }
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 150));
    painter.drawRoundedRect(box, 4, 4);
    painter.setPen(Qt::white);
    painter.drawText(box, Qt::AlignCenter, shown);
    painter.restore();
}

void BeforeAfterView::splitAt(int x)
{
    const QRect f = frame();
    if (f.width() <= 0)
        return;
    setSplit(double(x - f.left()) / f.width());
}

void BeforeAfterView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !hasImages()) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_dragging = true;
    splitAt(event->position().toPoint().x());
}

void BeforeAfterView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging)
        splitAt(event->position().toPoint().x());
    else
        QWidget::mouseMoveEvent(event);
}

void BeforeAfterView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void BeforeAfterView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_B && !event->isAutoRepeat()) {
        flip();
        return;
    }
    QWidget::keyPressEvent(event);
}
