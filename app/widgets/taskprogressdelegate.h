#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QRect>
#include <QStyledItemDelegate>
#include <QTimer>
#include <memory>

class HintListView;

// Paints one task of the progress view: prompt, model/size/count, state and elapsed time, a
// progress bar (a moving stripe while no estimate exists) and the error sentence, if any.
// The stripe is the only thing that moves between the model's updates, so only the stripes'
// tracks are repainted for it (15 times a second, text untouched), and only while one shows.
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
    struct Fonts;
    const Fonts &fontsFor(const QFont &base) const;
    void animate();
    static bool hasStripe(const QModelIndex &index);

    HintListView *m_view;
    mutable QTimer m_animation; // started by paint() when it draws a stripe
    // The tracks of the stripes painted since the last frame, in the viewport: the next frame
    // repaints these (asking the view for every row's rectangle cost more than the paint).
    mutable QList<QRect> m_stripeTracks;
    mutable std::unique_ptr<Fonts> m_fonts;
    QElapsedTimer m_clock;
};
