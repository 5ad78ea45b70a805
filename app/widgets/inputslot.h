#pragma once

#include "domain/modelcatalog.h"

#include <QFrame>
#include <QImage>

class QLabel;
class QToolButton;

// One input file of a request (first frame, last frame, …): a preview, "Choose…", a drop, a
// paste and a clear, and one line that always says what the slot needs or what is wrong with
// the file, so the form does not jump when a problem appears.
class InputSlot final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InputSlot)

public:
    explicit InputSlot(const InputRule &rule, QWidget *parent = nullptr);

    InputRole role() const { return m_rule.role; }
    QString path() const { return m_path; }
    // Sets the file (empty clears). Checks it against the rule; problem() says what is wrong.
    void setPath(const QString &path);
    void clear() { setPath(QString()); }
    // A sentence saying why the file cannot be sent (format, size, bytes, or the outer problem);
    // empty when it can.
    QString problem() const { return m_problem.isEmpty() ? m_outerProblem : m_problem; }
    // A problem the slot cannot see alone (a mask not of the image's size), shown on its line.
    void setOuterProblem(const QString &problem);
    void setTitle(const QString &title); // in place of the role's name
    // What the slot says while empty, in place of "Required: choose, drop or paste a file (…)".
    void setEmptyText(const QString &text);
    // Takes an image from the clipboard: saved as a PNG under `folder`. False when there is none.
    bool pasteFrom(const QImage &image, const QString &folder);
    // Saves `image` as a PNG under `folder`, named by its content; the path, or empty.
    static QString savePasted(const QImage &image, const QString &folder);
    // Where pasted and dropped images are kept: <AppDataLocation>/inputs.
    static QString pasteFolder();

    static QString roleTitle(InputRole role);

signals:
    void changed();
    // Another slot's file was dragged onto this one (to reorder them); nothing was changed.
    // Without a receiver, such a drop sets the file like any other.
    void slotDropped(const QString &path);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    void choose();
    void paste();
    void updateMessage();
    QString check(const QString &path) const;

    InputRule m_rule;
    QString m_path;
    QString m_problem;
    QString m_outerProblem;
    QString m_emptyText;
    QPoint m_pressedAt = { -1, -1 }; // where a drag of this slot's file may start
    int m_previewGeneration = 0; // a late preview of a replaced file is dropped
    QLabel *m_preview = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_message = nullptr;
    QToolButton *m_clearButton = nullptr;
};
