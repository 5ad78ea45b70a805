#include "widgets/zoomcontrol.h"

#include "widgets/zoomview.h"

#include <QActionGroup>
#include <QMenu>
#include <algorithm>
#include <cmath>

ZoomControl::ZoomControl(QWidget *parent) : QToolButton(parent)
{
    setObjectName(QStringLiteral("zoomControl"));
    setAccessibleName(tr("Zoom"));
    setToolTip(tr("Zoom: wheel, + and -, 0 fits the window, 1 is 100 %"));
    setAutoRaise(true);
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto *menu = new QMenu(this);
    auto *group = new QActionGroup(this);
    group->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional); // 150 %: none
    // The keys are the view's (and the viewer's), shown after a tab as menus show shortcuts.
    m_fit = menu->addAction(tr("Fit to Window") + QStringLiteral("\t0"));
    m_fit->setCheckable(true);
    group->addAction(m_fit);
    connect(m_fit, &QAction::triggered, this, [this] {
        if (ZoomView *view = m_view.data())
            view->fitToView();
    });
    for (const double level : { 0.25, 0.5, 1.0, 2.0, 4.0, 8.0 }) {
        QString text = tr("%1 %").arg(qRound(level * 100));
        if (level == 1.0)
            text += QStringLiteral("\t1");
        QAction *action = menu->addAction(text);
        action->setCheckable(true);
        group->addAction(action);
        m_levels.append({ level, action });
        connect(action, &QAction::triggered, this, [this, level] {
            if (ZoomView *view = m_view.data())
                view->setZoom(level);
        });
    }
    menu->addSeparator();
    QAction *in = menu->addAction(tr("Zoom In") + QStringLiteral("\t+"));
    connect(in, &QAction::triggered, this, [this] {
        if (ZoomView *view = m_view.data())
            view->zoomIn();
    });
    QAction *out = menu->addAction(tr("Zoom Out") + QStringLiteral("\t-"));
    connect(out, &QAction::triggered, this, [this] {
        if (ZoomView *view = m_view.data())
            view->zoomOut();
    });
    setMenu(menu);

    // As wide as its widest text from the start: the bar beside it never jumps as it changes.
    setText(levelText(true, 1.0));
    const int fitWidth = sizeHint().width();
    setText(levelText(false, ZoomView::MaximumZoom));
    setMinimumWidth(std::max(fitWidth, sizeHint().width()));
    refresh();
}

QString ZoomControl::levelText(bool fit, double zoom)
{
    const int percent = int(std::round(zoom * 100));
    return fit ? tr("Fit (%1 %)").arg(percent) : tr("%1 %").arg(percent);
}

void ZoomControl::setView(ZoomView *view)
{
    if (ZoomView *previous = m_view.data())
        previous->disconnect(this);
    m_view = view;
    if (view)
        connect(view, &ZoomView::zoomChanged, this, &ZoomControl::refresh);
    refresh();
}

void ZoomControl::refresh()
{
    const ZoomView *view = m_view.data();
    if (!view) {
        setText(levelText(true, 1.0));
        return;
    }
    const double zoom = view->zoom();
    const bool fit = view->isFit();
    setText(levelText(fit, zoom));
    m_fit->setChecked(fit);
    for (const auto &[level, action] : std::as_const(m_levels))
        action->setChecked(!fit && std::abs(level - zoom) < 1e-6);
}
