#pragma once

#include <QFrame>

class ElidedLabel;
class QTimer;
class QToolButton;
class ZoomControl;

// Over the image in full screen: the file's name, the zoom level, previous, next and the way out.
// While active it appears when the mouse moves over its parent and hides after two idle seconds
// (never while the mouse is on it); inactive, it stays hidden.
class ViewOverlay final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewOverlay)

public:
    static constexpr int HideAfterMs = 2000;

    explicit ViewOverlay(QWidget *parent);
    ~ViewOverlay() override;

    void setActive(bool active);
    bool isActive() const { return m_active; }
    void setTitle(const QString &text, const QString &toolTip);
    ZoomControl *zoomControl() const { return m_zoom; }
    QToolButton *previousButton() const { return m_previous; }
    QToolButton *nextButton() const { return m_next; }
    // Shows it now, and hides it after HideAfterMs without a move.
    void poke();

signals:
    void previousRequested();
    void nextRequested();
    void exitRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void place();

    bool m_active = false;
    bool m_hovered = false; // the last move was over it
    QTimer *m_hideTimer;
    ElidedLabel *m_title;
    ZoomControl *m_zoom;
    QToolButton *m_previous;
    QToolButton *m_next;
    QToolButton *m_exit;
};
