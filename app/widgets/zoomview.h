#pragma once

#include <QAbstractScrollArea>
#include <QColor>
#include <QImage>
#include <optional>

// One image as image viewers (Gwenview, Eye of GNOME) show it: fitted to the view, or zoomed from
// fit up to 800 % by the wheel (with or without Ctrl), + / - / = , 0 (fit) and 1 (100 %), toward
// the cursor (the pixel under it stays under it); panned by dragging (hand cursor) or the scroll
// bars. Magnified pixels stay crisp squares; reduced images are smoothed. The viewer, its full
// screen and each pane of CompareView are this one view.
class ZoomView final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ZoomView)

public:
    static constexpr double MaximumZoom = 8.0;

    explicit ZoomView(QWidget *parent = nullptr);

    // A new image keeps fit when fit was chosen, else it starts at fit (as Gwenview does).
    void setImage(const QImage &image);
    QImage image() const { return m_image; }

    bool isFit() const { return m_fit; }
    // 1.0 is 100 %: one image pixel on one screen pixel. In fit, fitZoom().
    double zoom() const;
    // The whole image in the view, never enlarged past 100 %; the smallest zoom there is.
    double fitZoom() const;
    // `anchor` (viewport coordinates; default: the centre) keeps its image point.
    void setZoom(double zoom, const QPointF &anchor);
    void setZoom(double zoom);

    // The image point at the viewport's centre, as fractions of the image's width and height.
    QPointF centerFraction() const;
    void setCenterFraction(const QPointF &fraction);
    QPointF mapToImage(const QPointF &viewportPoint) const;
    QPointF mapFromImage(const QPointF &imagePoint) const;
    bool canPan() const; // the image is larger than the view

    void setBackground(const QColor &color); // invalid: the palette's Dark

public slots:
    void fitToView();
    void zoomIn();
    void zoomOut();
    void showActualSize(); // 100 %

signals:
    void zoomChanged(); // the level, or fit, changed (also fit's level as the view resizes)
    void panned(); // what part of the image is shown changed

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    double scale() const; // logical pixels per image pixel
    QSizeF contentSize() const;
    QPointF origin() const; // the image's top left in viewport coordinates
    void updateScrollBars();
    void updateCursor();
    static double stepFrom(double zoom, int direction, double minimum);
    void zoomAround(double zoom, const QPointF &anchor, const QPointF &imagePoint);

    QImage m_image;
    QImage m_reduced; // m_image smoothed down to the current zoom, when below 100 %
    double m_zoom = 1.0;
    bool m_fit = true;
    QColor m_background;
    int m_wheelDelta = 0; // eighths of a degree not yet turned into a step
    // The image point under the cursor as the wheel turns, kept exact from notch to notch (the
    // scroll bars' whole pixels would make it drift); valid while nothing else moved the view.
    struct WheelAnchor
    {
        QPointF at;
        QPointF imagePoint;
        QPoint scroll;
        double zoom = 0;
    };
    std::optional<WheelAnchor> m_wheelAnchor;
    QPoint m_dragFrom;
    bool m_dragging = false;
};
