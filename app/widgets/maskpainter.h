#pragma once

#include <QDialog>
#include <QImage>
#include <QList>

class QLabel;
class QPushButton;
class QSlider;
class QToolButton;

// The surface of the mask painter: the base image, fitted to the widget, with the mask over it as
// a tint. Strokes are drawn into a same-size 8-bit mask (255 edits, 0 keeps) without
// antialiasing, so the mask never holds a third value.
class MaskCanvas final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MaskCanvas)

public:
    explicit MaskCanvas(QWidget *parent = nullptr);

    void setBaseImage(const QImage &image); // clears the mask and the undo steps
    QImage baseImage() const { return m_base; }
    // Takes a mask of the base image's size (any format; light pixels edit). False otherwise.
    bool setMask(const QImage &mask);
    QImage mask() const { return m_mask; } // Format_Grayscale8, 0 or 255 only

    int brushSize() const { return m_brushSize; } // diameter in image pixels
    void setBrushSize(int pixels);
    int maximumBrushSize() const;
    bool isErasing() const { return m_erasing; }
    void setErasing(bool erasing);
    bool isOverlayVisible() const { return m_overlayVisible; }
    void setOverlayVisible(bool visible);
    bool canUndo() const { return !m_undo.isEmpty(); }
    bool isEmpty() const; // nothing painted

    // Where an image pixel is on the widget, and back (the fitted, centred image).
    QPointF toWidget(QPointF imagePoint) const;
    QPointF toImage(QPointF widgetPoint) const;

public slots:
    void undo();
    void clear();
    void invert();
    void zoomToFit();
    void zoomBy(double factor, QPointF widgetPoint);

signals:
    void changed(); // the mask, the brush or what may be undone

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    void pushUndo();
    void strokeTo(QPointF imagePoint);
    double scale() const;
    QPointF origin() const;

    QImage m_base;
    QImage m_mask;
    QRgb m_tint = 0; // of the overlay: one that stands out on this image
    QList<QImage> m_undo;
    int m_brushSize = 32;
    bool m_erasing = false;
    bool m_overlayVisible = true;
    bool m_stroking = false;
    QPointF m_last; // image coordinates of the stroke so far
    QPointF m_hover = { -1, -1 }; // widget coordinates of the brush outline
    double m_zoom = 1; // over the fitted scale (Ctrl+wheel); 1 = fit
    QPointF m_pan; // widget pixels the zoomed image is moved by (wheel)
};

// "Paint Mask…": paint over the base image what the model may change (brush), take back what it
// may not (eraser), with undo, clear, invert and the tint on or off. exportMask() writes what was
// painted as the service wants it: a PNG of the base image's size, white edits, black keeps.
class MaskPainter final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MaskPainter)

public:
    explicit MaskPainter(const QImage &base, QWidget *parent = nullptr);

    MaskCanvas *canvas() const { return m_canvas; }
    // Writes the mask as a new PNG under `folder` (a file per export, named by its content);
    // the path, or empty with *error set.
    QString exportMask(const QString &folder, QString *error = nullptr) const;
    // The program's own folder for masks (<AppDataLocation>/inputs).
    static QString defaultFolder();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateControls();

    MaskCanvas *m_canvas = nullptr;
    QSlider *m_sizeSlider = nullptr;
    QLabel *m_sizeLabel = nullptr;
    QToolButton *m_brushButton = nullptr;
    QToolButton *m_eraserButton = nullptr;
    QToolButton *m_undoButton = nullptr;
    QToolButton *m_overlayButton = nullptr;
    QLabel *m_hint = nullptr;
    QPushButton *m_useButton = nullptr;
};
