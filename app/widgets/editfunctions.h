#pragma once

#include "domain/generationrequest.h"

#include <QImage>
#include <QWidget>

// The grown canvas of an outpaint, drawn small: the frame it will have, and the image where it
// stays (EditOptions::expandedImageRect), the new space hatched.
class ExpandPreview final : public QWidget
{
public:
    explicit ExpandPreview(QWidget *parent);
    void set(const QImage &image, QSize base, const EditParameters &edit);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QImage m_image;
    QSize m_base = QSize(4, 3);
    EditParameters m_edit;
};
