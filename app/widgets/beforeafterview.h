#pragma once

#include <QImage>
#include <QWidget>

// An edited image beside what it was made from, in one frame: the result fitted to the widget,
// the original stretched to the result's size (the difference in size is said in its caption),
// the original left of a divider and the result right of it. Drag the divider (or click where it
// should be); B, or flip(), shows one whole image, then the other; dragging again splits.
class BeforeAfterView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BeforeAfterView)

public:
    enum class Showing { Split, Before, After };
    Q_ENUM(Showing)

    explicit BeforeAfterView(QWidget *parent = nullptr);

    void setImages(const QImage &before, const QImage &after);
    QImage before() const { return m_before; }
    QImage after() const { return m_after; }
    bool hasImages() const { return !m_before.isNull() && !m_after.isNull(); }

    double split() const { return m_split; } // 0 (all after) to 1 (all before), of the frame
    void setSplit(double fraction); // also shows the split
    Showing showing() const { return m_showing; }
    void setShowing(Showing showing);
    // Before, then after, then before again: from the split, the original first.
    void flip();

    QRect frame() const; // where the images are drawn, in widget coordinates
    int dividerX() const;
    // "Before 1024 × 768, stretched to 1280 × 1280" or "Before 1280 × 1280"; empty without images.
    QString beforeCaption() const;
    QString afterCaption() const;

signals:
    void showingChanged(BeforeAfterView::Showing showing);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void splitAt(int x);
    void drawCaption(QPainter &painter, const QString &text, bool right) const;

    QImage m_before;
    QImage m_after;
    double m_split = 0.5;
    Showing m_showing = Showing::Split;
    bool m_dragging = false;
};
