#pragma once

#include "library/library.h"

#include <QList>
#include <QObject>
#include <QString>

class QAction;
class QLabel;
class QStatusBar;
class QTimer;
class QWidget;

// Deleting gallery entries: asks with a question that says what goes (images, videos, tasks
// without files) and where (the Trash, or for good where there is none), moves them to the
// Trash through Library::trashEntries(), and offers Undo: a button in the status bar for a few
// seconds, and the Undo Delete action (Edit menu, Ctrl+Z) for every deletion of this session,
// newest first.
class GalleryDeletion final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryDeletion)

public:
    static constexpr int UndoSeconds = 10; // the status bar's Undo button

    // What a deletion takes away, as the confirmation says it.
    struct Counts
    {
        int images = 0; // saved image files
        int videos = 0; // saved video files
        int withoutFiles = 0; // tasks (or failed images) that have no file
        int files() const { return images + videos; }
        int total() const { return images + videos + withoutFiles; }
    };
    static Counts countsOf(const QList<LibraryEntry> &entries);
    // The confirmation: a question and what happens to the files.
    static QString question(const Counts &counts);
    static QString consequence(const Counts &counts, bool toTrash, const QString &folder = {});
    // Whether every saved file of `entries` can go to the Trash; else `folder` names one that
    // cannot.
    static bool canTrash(const QList<LibraryEntry> &entries, QString *folder);

    // `undoAction` is the window's Undo Delete; `statusBar` shows the Undo button; `window` is
    // the parent of the confirmation.
    GalleryDeletion(Library *library, QAction *undoAction, QStatusBar *statusBar, QWidget *window);
    ~GalleryDeletion() override;

    // Asks, then deletes; false when nothing was deleted (the person cancelled).
    bool deleteEntries(const QList<LibraryEntry> &entries);
    void undo(); // the newest deletion of this session that is not undone yet
    bool canUndo() const { return !m_batches.isEmpty(); }

signals:
    void statusMessage(const QString &text, int timeoutMs);
    void undone(); // rows are back in the library

private:
    struct Batch
    {
        qint64 id = 0;
        QString what; // "2 images", for the messages
    };
    void showUndoBar(const QString &text);
    void hideUndoBar();
    void updateAction();

    Library *m_library;
    QAction *m_undoAction;
    QStatusBar *m_statusBar;
    QWidget *m_window;
    QWidget *m_undoBar = nullptr; // in the status bar while Undo is offered there
    QLabel *m_undoLabel = nullptr;
    QTimer *m_undoTimer;
    QList<Batch> m_batches; // newest last
};
