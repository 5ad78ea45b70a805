#pragma once

#include <QElapsedTimer>
#include <QStyledItemDelegate>
#include <QTimer>

class HintListView;

// Paints one task of the progress view: prompt, model/size/count, state and elapsed time, a
// progress bar (a moving stripe while no estimate exists) and the error sentence, if any.
// The stripe is the only thing that moves between the model's updates, so only the stripes'
// tracks are repainted for it (20 times a second, text untouched), and only while one shows.
class TaskProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskProgressDelegate)

public:
    // Animates the view's indeterminate bars while it shows any.
    explicit TaskProgressDelegate(HintListView *view);
    ~TaskProgressDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // A moving stripe is on screen, so its timer runs (never while none is).
    bool isAnimating() const { return m_animation.isActive(); }

private:
    void animate();
    static bool hasStripe(const QModelIndex &index);

    HintListView *m_view;
    mutable QTimer m_animation; // started by paint() when it draws a stripe
    QElapsedTimer m_clock;
};
