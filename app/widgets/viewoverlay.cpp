#include "widgets/viewoverlay.h"

#include "widgets/elidedlabel.h"
#include "widgets/zoomcontrol.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QMenu>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QWindow>

namespace {

QToolButton *overlayButton(QWidget *parent, const QString &text, const QString &tip,
                           const QIcon &icon)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setAccessibleName(text);
    button->setIcon(icon);
    button->setAutoRaise(true);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    return button;
}

} // namespace

ViewOverlay::ViewOverlay(QWidget *parent) : QFrame(parent), m_hideTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("viewOverlay"));
    setAccessibleName(tr("Full screen controls"));
    setAutoFillBackground(true);
    // Light text on a dark bar over a black screen, whatever the colour scheme.
    QPalette dark = palette();
    dark.setColor(QPalette::Window, QColor(20, 20, 20, 225));
    dark.setColor(QPalette::WindowText, QColor(235, 235, 235));
    dark.setColor(QPalette::ButtonText, QColor(235, 235, 235));
    dark.setColor(QPalette::Button, QColor(50, 50, 50));
    dark.setColor(QPalette::Text, QColor(235, 235, 235));
    setPalette(dark);
    // A playing video is a native window of its own (QVideoWidget's surface) that covers what the
    // window draws there, this included: the overlay is a native window too, raised over it when
    // it shows (poke). Its siblings stay drawn in the window (Qt would make them native as well).
    const bool nativeSiblings
            = !QCoreApplication::testAttribute(Qt::AA_DontCreateNativeWidgetSiblings);
    QCoreApplication::setAttribute(Qt::AA_DontCreateNativeWidgetSiblings);
    setAttribute(Qt::WA_DontCreateNativeAncestors);
    setAttribute(Qt::WA_NativeWindow);
    QCoreApplication::setAttribute(Qt::AA_DontCreateNativeWidgetSiblings, !nativeSiblings);

    m_previous = overlayButton(this, tr("Previous"), tr("Previous image (Left)"),
                               style()->standardIcon(QStyle::SP_ArrowLeft));
    m_next = overlayButton(this, tr("Next"), tr("Next image (Right)"),
                           style()->standardIcon(QStyle::SP_ArrowRight));
    m_zoom = new ZoomControl(this);
    m_zoom->setObjectName(QStringLiteral("overlayZoomControl"));
    m_title = new ElidedLabel(this);
    m_title->setObjectName(QStringLiteral("overlayTitleLabel"));
    m_exit = overlayButton(
            this, tr("Exit Full Screen"), tr("Leave full screen (Esc, F or F11)"),
            QIcon::fromTheme(QStringLiteral("view-restore"),
                             style()->standardIcon(QStyle::SP_TitleBarNormalButton)));
    m_exit->setObjectName(QStringLiteral("exitFullScreenButton"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addSpacing(8);
    layout->addWidget(m_zoom);
    layout->addSpacing(12);
    layout->addWidget(m_title, 1);
    layout->addWidget(m_exit);
    for (QToolButton *button : { m_previous, m_next, m_exit, static_cast<QToolButton *>(m_zoom) })
        button->setFocusPolicy(Qt::NoFocus); // the arrows stay the viewer's

    connect(m_previous, &QToolButton::clicked, this, &ViewOverlay::previousRequested);
    connect(m_next, &QToolButton::clicked, this, &ViewOverlay::nextRequested);
    connect(m_exit, &QToolButton::clicked, this, &ViewOverlay::exitRequested);
    // Moves over it (or its buttons) are seen too: it stays while the mouse is on it.
    setMouseTracking(true);
    for (QWidget *child : findChildren<QWidget *>())
        child->setMouseTracking(true);
    m_hideTimer->setSingleShot(true);
    m_hideTimer->setInterval(HideAfterMs);
    connect(m_hideTimer, &QTimer::timeout, this, [this] {
        if (m_hovered || (m_zoom->menu() && m_zoom->menu()->isVisible()))
            m_hideTimer->start(); // not from under the mouse, nor with its menu open
        else
            hide();
    });
    parent->installEventFilter(this); // its size
    hide();
}

ViewOverlay::~ViewOverlay()
{
    qApp->removeEventFilter(this);
}

void ViewOverlay::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    // Moves over any child of the parent (the image's viewport, the player) show it.
    if (active) {
        qApp->installEventFilter(this);
        poke();
    } else {
        qApp->removeEventFilter(this);
        m_hideTimer->stop();
        hide();
    }
}

void ViewOverlay::setTitle(const QString &text, const QString &toolTip)
{
    m_title->setFullText(text);
    m_title->setToolTip(toolTip);
}

void ViewOverlay::poke()
{
    if (!m_active)
        return;
    place();
    show();
    raise();
    // Over the video's surface, made after it or raised since (QWidget::raise() does nothing
    // to a widget already on top of its siblings).
    if (QWindow *own = windowHandle())
        own->raise();
    m_hideTimer->start();
}

void ViewOverlay::place()
{
    const QWidget *parent = parentWidget();
    setGeometry(0, 0, parent->width(), sizeHint().height());
}

bool ViewOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize && isVisible())
        place();
    if (m_active && event->type() == QEvent::MouseMove && watched->isWidgetType()) {
        auto *widget = static_cast<QWidget *>(watched);
        if (widget == parentWidget() || parentWidget()->isAncestorOf(widget)) {
            m_hovered = widget == this || isAncestorOf(widget);
            poke();
        }
    }
    return QFrame::eventFilter(watched, event);
}
