#include "widgets/imagecanvas.h"

#include <QPainter>

void ImageCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    if (m_image.isNull())
        return;
    QSizeF size = QSizeF(m_image.size()) / devicePixelRatioF();
    if (m_fit) {
        const QSizeF available = QSizeF(this->size()) - QSizeF(16, 16);
        if (size.width() > available.width() || size.height() > available.height())
            size.scale(available, Qt::KeepAspectRatio);
    }
    const QRectF target(QPointF((width() - size.width()) / 2.0, (height() - size.height()) / 2.0),
                        size);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, m_image);
}
