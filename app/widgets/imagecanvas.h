#pragma once

#include <QImage>
#include <QWidget>

// Paints the image: scaled to fit the viewport, or at 100 % inside the scroll area.
class ImageCanvas final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageCanvas)

public:
    explicit ImageCanvas(QWidget *parent) : QWidget(parent)
    {
        setAttribute(Qt::WA_OpaquePaintEvent, false);
        setMinimumSize(64, 64);
    }
    void setImage(const QImage &image)
    {
        m_image = image;
        if (!m_fit)
            resize(actualSize());
        update();
    }
    QImage image() const { return m_image; }
    void setFit(bool fit)
    {
        m_fit = fit;
        if (!fit)
            resize(actualSize());
        update();
    }
    bool fit() const { return m_fit; }
    QSize actualSize() const
    {
        return m_image.isNull() ? QSize(64, 64)
                                : (QSizeF(m_image.size()) / devicePixelRatioF()).toSize();
    }
    QSize sizeHint() const override { return m_fit ? QSize(400, 400) : actualSize(); }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QImage m_image;
    bool m_fit = true;
};
