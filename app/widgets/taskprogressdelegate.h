#pragma once

#include <QElapsedTimer>
#include <QStyledItemDelegate>
#include <QTimer>

class QAbstractItemView;

// Paints one task of the progress view: prompt, model/size/count, state and elapsed time, a
// progress bar (a moving stripe while no estimate exists) and the error sentence, if any.
class TaskProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskProgressDelegate)

public:
    // Animates the view's indeterminate bars while it shows unfinished tasks.
    explicit TaskProgressDelegate(QAbstractItemView *view);
    ~TaskProgressDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    void animate();

    QAbstractItemView *m_view;
    QTimer m_animation;
    QElapsedTimer m_clock;
};
