#pragma once

#include "widgets/zoomview.h"

#include <QPointer>
#include <QToolButton>

class QAction;

// The zoom level as one control: a button that reads "Fit (34 %)" or "200 %" and opens a menu of
// Fit, 25 % to 800 %, Zoom In and Zoom Out (the check marks the level in effect). Follows a
// ZoomView; disabled without one, or while what is shown has no zoom of ours.
class ZoomControl final : public QToolButton
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ZoomControl)

public:
    explicit ZoomControl(QWidget *parent = nullptr);

    void setView(ZoomView *view);
    ZoomView *view() const { return m_view; }
    // "Fit (34 %)", "100 %": what the control reads for a view's state.
    static QString levelText(bool fit, double zoom);

private:
    void refresh();

    QPointer<ZoomView> m_view;
    QAction *m_fit = nullptr;
    QList<QPair<double, QAction *>> m_levels;
};
