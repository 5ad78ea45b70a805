#pragma once

#include <QLabel>

// One line of plain text cut to the room it has, with "…" at the end: a long file name never
// pushes the viewer's bar wider than the window or hides what comes first. text() is what shows;
// fullText() the whole line.
class ElidedLabel final : public QLabel
{
    Q_DISABLE_COPY_MOVE(ElidedLabel)

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    // Qt::ElideNone shows it all, clipped where the room ends: for a sentence that must not lose
    // its end (its tooltip should then hold it too).
    void setFullText(const QString &text, Qt::TextElideMode mode = Qt::ElideRight);
    QString fullText() const { return m_fullText; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void elide();

    QString m_fullText;
    Qt::TextElideMode m_mode = Qt::ElideRight;
};
