#pragma once

#include <QLabel>

// A value of the viewer's details: wraps to any width (a file path or a long token breaks where
// it must, not only between words), is selected with the mouse or the keyboard and copied as it
// is (Ctrl+C, or the context menu's Copy and Copy All). Break points are zero-width spaces in the
// shown text, left out of every copy.
class DetailLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailLabel)

public:
    explicit DetailLabel(QWidget *parent = nullptr);

    // `breakAnywhere`: a path, broken after its separators and within long names; otherwise only
    // runs without a break longer than a line are broken.
    void setValue(const QString &value, bool breakAnywhere = false);
    QString value() const { return m_value; } // as given, without break points

    // `text` with zero-width spaces where a line may break: after / \ _ . - and every few
    // characters of a run longer than `longRun` without one (0: every run).
    static QString withBreaks(const QString &text, int longRun);

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void copy(bool all) const;

    QString m_value;
};
