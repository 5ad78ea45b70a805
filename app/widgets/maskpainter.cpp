#include "widgets/maskpainter.h"

#include "widgets/uistyle.h"

#include <QBuffer>
#include <QButtonGroup>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QDir>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSaveFile>
#include <QSlider>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <cmath>

namespace {

// Undo keeps whole masks: at most this many bytes of them (a 4096 × 4096 mask is 16 MiB), and
// never fewer than three steps.
constexpr qsizetype UndoBudgetBytes = 160 * 1024 * 1024;
constexpr int MinUndoSteps = 3;
constexpr int MaxUndoSteps = 30;

// The tint over the parts to change: red, or cyan over an image that is itself mostly red.
constexpr QRgb RedTint = qRgba(255, 32, 96, 140);
constexpr QRgb CyanTint = qRgba(0, 190, 255, 140);

QRgb tintFor(const QImage &image)
{
    const QColor average = QColor::fromRgb(
            image.scaled(1, 1, Qt::IgnoreAspectRatio, Qt::SmoothTransformation).pixel(0, 0));
    const int hue = average.hsvHue();
    const bool reddish = average.hsvSaturation() > 50 && (hue < 45 || hue > 300);
    return reddish ? CyanTint : RedTint;
}

QImage blackMask(QSize size)
{
    QImage mask(size, QImage::Format_Grayscale8);
    mask.fill(0);
    return mask;
}

// Any value but 0 or 255 (a mask from another program, a scaled one) is made one of them.
void threshold(QImage &mask)
{
    for (int y = 0; y < mask.height(); ++y) {
        uchar *line = mask.scanLine(y);
        for (int x = 0; x < mask.width(); ++x)
            line[x] = line[x] >= 128 ? 255 : 0;
    }
}

} // namespace

MaskCanvas::MaskCanvas(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("maskCanvas"));
    setAccessibleName(tr("Mask canvas"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::CrossCursor);
    setMinimumSize(240, 180);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void MaskCanvas::setBaseImage(const QImage &image)
{
    m_base = image.convertToFormat(QImage::Format_RGB32);
    m_tint = tintFor(m_base.scaled(64, 64));
    m_mask = blackMask(m_base.size());
    m_undo.clear();
    // A brush a thirtieth of the long side: a few strokes cover a face, one a hand.
    const int longSide = std::max(m_base.width(), m_base.height());
    m_brushSize = std::clamp(longSide / 30, 4, maximumBrushSize());
    zoomToFit();
    emit changed();
}

bool MaskCanvas::setMask(const QImage &mask)
{
    if (mask.size() != m_base.size())
        return false;
    pushUndo();
    m_mask = mask.convertToFormat(QImage::Format_Grayscale8);
    threshold(m_mask);
    update();
    emit changed();
    return true;
}

int MaskCanvas::maximumBrushSize() const
{
    return std::max(8, std::max(m_base.width(), m_base.height()) / 4);
}

void MaskCanvas::setBrushSize(int pixels)
{
    const int size = std::clamp(pixels, 1, maximumBrushSize());
    if (size == m_brushSize)
        return;
    m_brushSize = size;
    update();
    emit changed();
}

void MaskCanvas::setErasing(bool erasing)
{
    if (erasing == m_erasing)
        return;
    m_erasing = erasing;
    update();
    emit changed();
}

void MaskCanvas::setOverlayVisible(bool visible)
{
    if (visible == m_overlayVisible)
        return;
    m_overlayVisible = visible;
    update();
    emit changed();
}

bool MaskCanvas::isEmpty() const
{
    for (int y = 0; y < m_mask.height(); ++y) {
        const uchar *line = m_mask.constScanLine(y);
        for (int x = 0; x < m_mask.width(); ++x)
            if (line[x])
                return false;
    }
    return true;
}

double MaskCanvas::scale() const
{
    if (m_base.isNull())
        return 1;
    const double fit
            = std::min(double(width()) / m_base.width(), double(height()) / m_base.height());
    return fit * m_zoom;
}

QPointF MaskCanvas::origin() const
{
    const double s = scale();
    return QPointF((width() - m_base.width() * s) / 2, (height() - m_base.height() * s) / 2)
            + m_pan;
}

QPointF MaskCanvas::toWidget(QPointF imagePoint) const
{
    return origin() + imagePoint * scale();
}

QPointF MaskCanvas::toImage(QPointF widgetPoint) const
{
    return (widgetPoint - origin()) / scale();
}

void MaskCanvas::pushUndo()
{
    m_undo.append(m_mask); // implicitly shared: the copy happens when the mask is next painted
    const qsizetype bytes = std::max<qsizetype>(1, m_mask.sizeInBytes());
    const qsizetype steps
            = std::clamp<qsizetype>(UndoBudgetBytes / bytes, MinUndoSteps, MaxUndoSteps);
    while (m_undo.size() > steps)
        m_undo.removeFirst();
}

void MaskCanvas::undo()
{
    if (m_undo.isEmpty())
        return;
    m_mask = m_undo.takeLast();
    update();
    emit changed();
}

void MaskCanvas::clear()
{
    if (m_base.isNull() || isEmpty())
        return;
    pushUndo();
    m_mask.fill(0);
    update();
    emit changed();
}

void MaskCanvas::invert()
{
    if (m_base.isNull())
        return;
    pushUndo();
    m_mask.invertPixels();
    update();
    emit changed();
}

void MaskCanvas::zoomToFit()
{
    m_zoom = 1;
    m_pan = QPointF();
    update();
}

void MaskCanvas::zoomBy(double factor, QPointF widgetPoint)
{
    // The image point under the pointer stays under it.
    const QPointF anchor = toImage(widgetPoint);
    m_zoom = std::clamp(m_zoom * factor, 1.0, 16.0);
    if (m_zoom == 1) {
        m_pan = QPointF();
    } else {
        m_pan += widgetPoint - toWidget(anchor);
    }
    update();
}

void MaskCanvas::strokeTo(QPointF imagePoint)
{
    QPainter painter(&m_mask);
    // No antialiasing: every pixel is fully in the brush or not, so the mask stays two-valued.
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QColor colour = m_erasing ? QColor(0, 0, 0) : QColor(255, 255, 255);
    painter.setPen(QPen(colour, m_brushSize, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    if (imagePoint == m_last) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        const double r = m_brushSize / 2.0;
        painter.drawEllipse(imagePoint, r, r);
    } else {
        painter.drawLine(m_last, imagePoint);
    }
    painter.end();
    const double margin = m_brushSize / 2.0 + 2;
    const QRectF touched
            = QRectF(m_last, imagePoint).normalized().adjusted(-margin, -margin, margin, margin);
    m_last = imagePoint;
    update(QRectF(toWidget(touched.topLeft()), toWidget(touched.bottomRight()))
                   .toAlignedRect()
                   .adjusted(-2, -2, 2, 2));
}

void MaskCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_base.isNull()) {
        QWidget::mousePressEvent(event);
        return;
    }
    pushUndo();
    m_stroking = true;
    m_last = toImage(event->position());
    strokeTo(m_last);
    emit changed();
}

void MaskCanvas::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF previous = m_hover;
    m_hover = event->position();
    const double r = m_brushSize * scale() / 2 + 3;
    update(QRectF(previous - QPointF(r, r), previous + QPointF(r, r)).toAlignedRect());
    update(QRectF(m_hover - QPointF(r, r), m_hover + QPointF(r, r)).toAlignedRect());
    if (m_stroking && (event->buttons() & Qt::LeftButton))
        strokeTo(toImage(event->position()));
}

void MaskCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_stroking && event->button() == Qt::LeftButton) {
        strokeTo(toImage(event->position()));
        m_stroking = false;
        emit changed();
    }
}

void MaskCanvas::leaveEvent(QEvent *event)
{
    m_hover = QPointF(-1, -1);
    update();
    QWidget::leaveEvent(event);
}

void MaskCanvas::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    update();
}

void MaskCanvas::wheelEvent(QWheelEvent *event)
{
    const QPoint steps = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(std::pow(1.2, steps.y() / 120.0), event->position());
    } else if (m_zoom > 1) {
        // Scroll the zoomed image (Shift: sideways).
        const bool sideways = event->modifiers() & Qt::ShiftModifier;
        const QPointF by = sideways ? QPointF(steps.y() / 2.0, 0)
                                    : QPointF(steps.x() / 2.0, steps.y() / 2.0);
        m_pan += by;
        update();
    }
    event->accept();
}

void MaskCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Dark));
    if (m_base.isNull())
        return;
    const QRectF target(origin(), QSizeF(m_base.size()) * scale());
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom <= 1);
    painter.drawImage(target, m_base);
    if (m_overlayVisible) {
        // The mask's own bytes read as an indexed image: 0 clear, 255 the tint; no copy.
        QImage tint(m_mask.constBits(), m_mask.width(), m_mask.height(), m_mask.bytesPerLine(),
                    QImage::Format_Indexed8);
        QList<QRgb> colours(256, qRgba(0, 0, 0, 0));
        colours[255] = m_tint;
        tint.setColorTable(colours);
        painter.drawImage(target, tint);
    }
    if (m_hover.x() >= 0) {
        // The brush's outline, in two tones so it shows on any image.
        const double r = m_brushSize * scale() / 2;
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(Qt::black, 1));
        painter.drawEllipse(m_hover, r + 1, r + 1);
        painter.setPen(QPen(m_erasing ? Qt::yellow : Qt::white, 1,
                            m_erasing ? Qt::DashLine : Qt::SolidLine));
        painter.drawEllipse(m_hover, r, r);
    }
}

MaskPainter::MaskPainter(const QImage &base, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("maskPainter"));
    setWindowTitle(tr("Paint Mask"));
    setAccessibleName(tr("Paint Mask"));
    m_canvas = new MaskCanvas(this);

    const auto toolButton = [this](const QString &name, const QString &text, const QString &tip) {
        auto *button = new QToolButton(this);
        button->setObjectName(name);
        button->setText(text);
        button->setToolTip(tip);
        button->setAccessibleName(text);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        return button;
    };
    m_brushButton = toolButton(QStringLiteral("brushButton"), tr("Brush"),
                               tr("Paint what the model may change (B)"));
    m_eraserButton = toolButton(QStringLiteral("eraserButton"), tr("Eraser"),
                                tr("Take back what the model should keep (E)"));
    for (QToolButton *button : { m_brushButton, m_eraserButton })
        button->setCheckable(true);
    auto *tools = new QButtonGroup(this);
    tools->addButton(m_brushButton);
    tools->addButton(m_eraserButton);
    m_brushButton->setChecked(true);

    m_sizeSlider = new QSlider(Qt::Horizontal, this);
    m_sizeSlider->setObjectName(QStringLiteral("brushSizeSlider"));
    m_sizeSlider->setAccessibleName(tr("Brush size"));
    m_sizeSlider->setToolTip(tr("Brush size in pixels of the image ([ smaller, ] larger)"));
    m_sizeSlider->setMinimumWidth(100);
    m_sizeLabel = new QLabel(this);
    m_sizeLabel->setObjectName(QStringLiteral("brushSizeLabel"));
    // Wide enough for the largest size: the row does not move as the number grows.
    m_sizeLabel->setMinimumWidth(
            m_sizeLabel->fontMetrics().horizontalAdvance(tr("%1 px").arg(8888)));
    auto *sizeCaption = new QLabel(tr("Size"), this);
    sizeCaption->setBuddy(m_sizeSlider);

    m_undoButton = toolButton(QStringLiteral("undoButton"), tr("Undo"), tr("Undo (Ctrl+Z)"));
    auto *clearButton = toolButton(QStringLiteral("clearMaskButton"), tr("Clear"),
                                   tr("Remove the whole mask"));
    auto *invertButton = toolButton(QStringLiteral("invertButton"), tr("Invert"),
                                    tr("Change everything that was kept, and keep what was "
                                       "painted"));
    m_overlayButton = toolButton(QStringLiteral("overlayButton"), tr("Show Mask"),
                                 tr("Show or hide the tint over the painted parts (H)"));
    m_overlayButton->setCheckable(true);
    m_overlayButton->setChecked(true);
    auto *fitButton = toolButton(QStringLiteral("fitButton"), tr("Zoom to Fit"),
                                 tr("The whole image (Ctrl+0); Ctrl+wheel zooms"));

    auto *toolbar = new QHBoxLayout;
    toolbar->setSpacing(4);
    toolbar->addWidget(m_brushButton);
    toolbar->addWidget(m_eraserButton);
    toolbar->addSpacing(8);
    toolbar->addWidget(sizeCaption);
    toolbar->addWidget(m_sizeSlider, 1);
    toolbar->addWidget(m_sizeLabel);
    toolbar->addSpacing(8);
    toolbar->addWidget(m_undoButton);
    toolbar->addWidget(clearButton);
    toolbar->addWidget(invertButton);
    toolbar->addSpacing(8);
    toolbar->addWidget(m_overlayButton);
    toolbar->addWidget(fitButton);

    m_hint = new QLabel(tr("Paint over what should change; the rest of the image is kept. "
                           "[ and ] change the brush size, Ctrl+Z undoes."),
                        this);
    m_hint->setWordWrap(true);
    UiStyle::setTone(m_hint, UiStyle::Tone::Muted);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_useButton = buttons->addButton(tr("Use Mask"), QDialogButtonBox::AcceptRole);
    m_useButton->setObjectName(QStringLiteral("useMaskButton"));
    m_useButton->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_canvas, 1);
    layout->addWidget(m_hint);
    layout->addWidget(buttons);

    connect(m_brushButton, &QToolButton::toggled, this,
            [this](bool on) { m_canvas->setErasing(!on); });
    connect(m_sizeSlider, &QSlider::valueChanged, m_canvas, &MaskCanvas::setBrushSize);
    connect(m_undoButton, &QToolButton::clicked, m_canvas, &MaskCanvas::undo);
    connect(clearButton, &QToolButton::clicked, m_canvas, &MaskCanvas::clear);
    connect(invertButton, &QToolButton::clicked, m_canvas, &MaskCanvas::invert);
    connect(m_overlayButton, &QToolButton::toggled, m_canvas, &MaskCanvas::setOverlayVisible);
    connect(fitButton, &QToolButton::clicked, m_canvas, &MaskCanvas::zoomToFit);
    connect(m_canvas, &MaskCanvas::changed, this, &MaskPainter::updateControls);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_canvas->setBaseImage(base);
    m_sizeSlider->setRange(1, m_canvas->maximumBrushSize());
    updateControls();
    resize(900, 700);
    m_canvas->setFocus();
}

void MaskPainter::updateControls()
{
    {
        const QSignalBlocker blocker(m_sizeSlider);
        m_sizeSlider->setValue(m_canvas->brushSize());
    }
    m_sizeLabel->setText(tr("%1 px").arg(m_canvas->brushSize()));
    m_undoButton->setEnabled(m_canvas->canUndo());
    {
        const QSignalBlocker brush(m_brushButton);
        const QSignalBlocker eraser(m_eraserButton);
        m_brushButton->setChecked(!m_canvas->isErasing());
        m_eraserButton->setChecked(m_canvas->isErasing());
    }
    {
        const QSignalBlocker blocker(m_overlayButton);
        m_overlayButton->setChecked(m_canvas->isOverlayVisible());
    }
    // The tool in use, and whether the tint shows, in the highlight colour: the style's checked
    // bevel was all but the unchecked one's in the dark colour scheme (Brush looked like Eraser).
    for (QToolButton *button : { m_brushButton, m_eraserButton, m_overlayButton }) {
        QPalette palette;
        if (button->isChecked()) {
            palette = button->parentWidget()->palette();
            palette.setColor(QPalette::Button, palette.color(QPalette::Highlight));
            palette.setColor(QPalette::ButtonText, palette.color(QPalette::HighlightedText));
        }
        button->setPalette(palette); // unchecked: the dialog's again
    }
    // An empty mask would change nothing: say so rather than send it.
    const bool empty = m_canvas->isEmpty();
    m_useButton->setEnabled(!empty);
    m_useButton->setToolTip(empty ? tr("Paint over the part to change first") : QString());
}

void MaskPainter::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Undo)) {
        m_canvas->undo();
        return;
    }
    const int step = std::max(1, m_canvas->brushSize() / 8);
    switch (event->key()) {
    case Qt::Key_BracketLeft:
        m_canvas->setBrushSize(m_canvas->brushSize() - step);
        return;
    case Qt::Key_BracketRight:
        m_canvas->setBrushSize(m_canvas->brushSize() + step);
        return;
    case Qt::Key_B:
        m_canvas->setErasing(false);
        return;
    case Qt::Key_E:
        m_canvas->setErasing(true);
        return;
    case Qt::Key_H:
        m_canvas->setOverlayVisible(!m_canvas->isOverlayVisible());
        return;
    case Qt::Key_0:
        if (event->modifiers() & Qt::ControlModifier) {
            m_canvas->zoomToFit();
            return;
        }
        break;
    default:
        break;
    }
    QDialog::keyPressEvent(event);
}

QString MaskPainter::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QStringLiteral("/inputs");
}

QString MaskPainter::exportMask(const QString &folder, QString *error) const
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QString();
    };
    QImage mask = m_canvas->mask();
    if (mask.isNull())
        return fail(tr("There is no image to paint a mask for."));
    threshold(mask);
    if (!QDir().mkpath(folder))
        return fail(tr("The folder %1 cannot be created; check its permissions.").arg(folder));
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        mask.save(&buffer, "PNG");
    }
    // Named by content, as pasted images are: a new file for every different mask.
    const QString name = QString::fromLatin1(
            QCryptographicHash::hash(png, QCryptographicHash::Sha256).toHex().left(16));
    QSaveFile file(folder + QStringLiteral("/mask-") + name + QStringLiteral(".png"));
    if (!file.open(QIODevice::WriteOnly) || file.write(png) != png.size() || !file.commit())
        return fail(tr("The mask could not be written to %1: %2").arg(folder, file.errorString()));
    return file.fileName();
}
