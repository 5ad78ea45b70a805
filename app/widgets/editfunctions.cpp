// What the editing functions are called and what they ask for, and the outpaint's geometry and
// preview: EditOptions' texts, apart from its fields.
#include "widgets/editfunctions.h"

#include "widgets/editoptions.h"

#include <QPainter>
#include <cmath>

QString EditOptions::functionName(const QString &function)
{
    if (function == QLatin1String("description_edit"))
        return tr("Edit by instruction");
    if (function == QLatin1String("stylization_all"))
        return tr("Restyle");
    if (function == QLatin1String("stylization_local"))
        return tr("Restyle part");
    if (function == QLatin1String("description_edit_with_mask"))
        return tr("Inpaint (paint a mask)");
    if (function == QLatin1String("expand"))
        return tr("Outpaint (grow the canvas)");
    if (function == QLatin1String("super_resolution"))
        return tr("Upscale");
    if (function == QLatin1String("colorization"))
        return tr("Colourise");
    if (function == QLatin1String("doodle"))
        return tr("Sketch to image");
    if (function == QLatin1String("remove_watermark"))
        return tr("Remove watermark or text");
    if (function == QLatin1String("control_cartoon_feature"))
        return tr("Cartoon reference");
    return function;
}

QString EditOptions::functionHint(const QString &function)
{
    if (function == QLatin1String("description_edit"))
        return tr("Say what to change; the rest of the image stays as it is.");
    if (function == QLatin1String("stylization_all"))
        return tr("Name a style; the whole image takes it.");
    if (function == QLatin1String("stylization_local"))
        return tr("Name a style and the part of the image that takes it.");
    if (function == QLatin1String("description_edit_with_mask"))
        return tr("Paint over what should change and say what goes there.");
    if (function == QLatin1String("expand"))
        return tr("The canvas grows on each side; say what fills the new space.");
    if (function == QLatin1String("super_resolution"))
        return tr("A larger, sharper copy; 1× only sharpens it.");
    if (function == QLatin1String("colorization"))
        return tr("Colours for a black-and-white image; name them or leave it to "
                  "the model.");
    if (function == QLatin1String("doodle"))
        return tr("A picture drawn from a sketch or doodle; say what it shows.");
    if (function == QLatin1String("remove_watermark"))
        return tr("Removes text and watermarks; say which ones.");
    if (function == QLatin1String("control_cartoon_feature"))
        return tr("A new picture with the cartoon character of the image.");
    return {};
}

QRect EditOptions::expandedImageRect(QSize base, const EditParameters &edit, QSize *canvas)
{
    // Each scale is how far the canvas reaches on that side, in the image's own extent:
    // left 1.5 adds half the width on the left.
    const int left = int(std::lround(base.width() * (edit.leftScale - 1)));
    const int right = int(std::lround(base.width() * (edit.rightScale - 1)));
    const int top = int(std::lround(base.height() * (edit.topScale - 1)));
    const int bottom = int(std::lround(base.height() * (edit.bottomScale - 1)));
    if (canvas)
        *canvas = QSize(base.width() + left + right, base.height() + top + bottom);
    return QRect(QPoint(left, top), base);
}

ExpandPreview::ExpandPreview(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("expandPreview"));
    setFixedSize(80, 60);
}

void ExpandPreview::set(const QImage &image, QSize base, const EditParameters &edit)
{
    m_image = image;
    m_base = base.isValid() ? base : QSize(4, 3);
    m_edit = edit;
    update();
}

void ExpandPreview::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    QSize canvas;
    const QRect inner = EditOptions::expandedImageRect(m_base, m_edit, &canvas);
    const QRectF area = QRectF(rect()).adjusted(2, 2, -2, -2);
    const double s = std::min(area.width() / canvas.width(), area.height() / canvas.height());
    const QPointF origin = area.center() - QPointF(canvas.width() * s, canvas.height() * s) / 2;
    const QRectF frame(origin, QSizeF(canvas) * s);
    // The new space hatched: the model fills it.
    painter.fillRect(frame, palette().color(QPalette::Base));
    painter.fillRect(frame, QBrush(palette().color(QPalette::Mid), Qt::BDiagPattern));
    const QRectF placed(origin + QPointF(inner.topLeft()) * s, QSizeF(inner.size()) * s);
    if (m_image.isNull())
        painter.fillRect(placed, palette().color(QPalette::Mid));
    else
        painter.drawImage(placed, m_image);
    painter.setPen(QPen(palette().color(QPalette::Text), 1, Qt::DashLine));
    painter.drawRect(frame.adjusted(0, 0, -1, -1));
}
