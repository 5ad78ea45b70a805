#include "widgets/gallerydeletion.h"

#include "library/librarytrash.h"
#include "models/displaytext.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>

namespace {

bool isVideoEntry(const LibraryEntry &entry)
{
    return entry.output.isVideo()
            || entry.output.filePath.endsWith(QLatin1String(".mp4"), Qt::CaseInsensitive);
}

} // namespace

GalleryDeletion::Counts GalleryDeletion::countsOf(const QList<LibraryEntry> &entries)
{
    Counts counts;
    for (const LibraryEntry &entry : entries) {
        if (!entry.hasOutput() && entry.task.id == 0)
            continue; // a file from outside the library: never deleted here
        if (!entry.output.isSaved())
            ++counts.withoutFiles;
        else if (isVideoEntry(entry))
            ++counts.videos;
        else
            ++counts.images;
    }
    return counts;
}

QString GalleryDeletion::question(const Counts &counts)
{
    if (counts.total() == 1) {
        if (counts.images == 1)
            return tr("Delete this image?");
        if (counts.videos == 1)
            return tr("Delete this video?");
        return tr("Delete this task?");
    }
    QStringList parts;
    if (counts.images > 0)
        parts << DisplayText::plural(counts.images, tr("1 image"), tr("%1 images"));
    if (counts.videos > 0)
        parts << DisplayText::plural(counts.videos, tr("1 video"), tr("%1 videos"));
    if (counts.withoutFiles > 0) {
        parts << (counts.files() == 0
                          ? DisplayText::plural(counts.withoutFiles, tr("1 task"), tr("%1 tasks"))
                          : DisplayText::plural(counts.withoutFiles, tr("1 task without files"),
                                                tr("%1 tasks without files")));
    }
    const QString list = parts.size() == 1
            ? parts.first()
            : tr("%1 and %2")
                      .arg(QStringList(parts.mid(0, parts.size() - 1)).join(tr(", ")),
                           parts.last());
    return tr("Delete %1?").arg(list);
}

QString GalleryDeletion::consequence(const Counts &counts, bool toTrash, const QString &folder)
{
    if (counts.files() == 0) {
        return counts.total() == 1
                ? tr("It has no files, so nothing is removed from disk. You can undo this.")
                : tr("They have no files, so nothing is removed from disk. You can undo this.");
    }
    QString text;
    if (toTrash) {
        text = counts.files() == 1 ? tr("The file goes to the Trash; you can undo this.")
                                   : tr("The files go to the Trash; you can undo this.");
    } else {
        text = (counts.files() == 1 ? tr("%1 has no Trash, so the file will be deleted for good. "
                                         "This cannot be undone.")
                                    : tr("%1 has no Trash, so the files will be deleted for good. "
                                         "This cannot be undone."))
                       .arg(QDir::toNativeSeparators(folder));
    }
    if (counts.withoutFiles > 0)
        text += QLatin1Char(' ')
                + DisplayText::plural(counts.withoutFiles,
                                      tr("The task without files deletes no files."),
                                      tr("The %1 tasks without files delete no files."));
    return text;
}

bool GalleryDeletion::canTrash(const QList<LibraryEntry> &entries, QString *folder)
{
    QStringList tried;
    for (const LibraryEntry &entry : entries) {
        if (!entry.output.isSaved() || !QFileInfo::exists(entry.output.filePath))
            continue;
        const QString dir = QFileInfo(entry.output.filePath).absolutePath();
        if (tried.contains(dir))
            continue;
        tried << dir;
        if (!LibraryTrash::canTrashIn(dir)) {
            *folder = dir;
            return false;
        }
    }
    return true;
}

GalleryDeletion::GalleryDeletion(Library *library, QAction *undoAction, QStatusBar *statusBar,
                                 QWidget *window)
    : QObject(window), m_library(library), m_undoAction(undoAction), m_statusBar(statusBar),
      m_window(window), m_undoTimer(new QTimer(this))
{
    m_undoTimer->setSingleShot(true);
    m_undoTimer->setInterval(UndoSeconds * 1000);
    connect(m_undoTimer, &QTimer::timeout, this, &GalleryDeletion::hideUndoBar);
    if (m_undoAction)
        connect(m_undoAction, &QAction::triggered, this, &GalleryDeletion::undo);
    updateAction();
}

GalleryDeletion::~GalleryDeletion() = default;

bool GalleryDeletion::deleteEntries(const QList<LibraryEntry> &entries)
{
    QList<qint64> outputIds;
    QList<qint64> taskIds;
    for (const LibraryEntry &entry : entries) {
        if (entry.hasOutput())
            outputIds << entry.output.id;
        else if (entry.task.id != 0)
            taskIds << entry.task.id;
    }
    const Counts counts = countsOf(entries);
    if (counts.total() == 0)
        return false;
    QString folder;
    const bool toTrash = canTrash(entries, &folder);
    // A short title: the window manager cuts long ones ("Delet…tudio"); the question is the text.
    QMessageBox box(QMessageBox::Warning, tr("Delete"), question(counts), QMessageBox::Cancel,
                    m_window);
    box.setObjectName(QStringLiteral("deleteConfirmation"));
    box.setInformativeText(consequence(counts, toTrash, folder));
    // QMessageBox wraps at a narrow width; a sentence on one or two lines reads better.
    box.setStyleSheet(QStringLiteral("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel"
                                     " { min-width: %1px; }")
                              .arg(box.fontMetrics().averageCharWidth() * 48));
    QPushButton *remove = box.addButton(counts.files() == 0 ? tr("Delete")
                                                : toTrash   ? tr("Move to Trash")
                                                            : tr("Delete for Good"),
                                        QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != remove)
        return false;

    QString what = DisplayText::plural(counts.total(), tr("1 item"), tr("%1 items"));
    if (counts.total() == counts.images)
        what = DisplayText::plural(counts.images, tr("1 image"), tr("%1 images"));
    else if (counts.total() == counts.videos)
        what = DisplayText::plural(counts.videos, tr("1 video"), tr("%1 videos"));
    if (!toTrash) {
        bool ok = outputIds.isEmpty() || m_library->deleteOutputs(outputIds, true);
        ok = (taskIds.isEmpty() || m_library->deleteTasks(taskIds, true)) && ok;
        if (!ok) {
            QMessageBox::warning(
                    m_window, tr("Delete"),
                    tr("Not everything could be deleted: %1").arg(m_library->lastError()));
        }
        emit statusMessage(tr("Deleted %1 for good.").arg(what), 4000);
        return true;
    }
    qint64 batch = 0;
    const LibraryResult result = m_library->trashEntries(outputIds, taskIds, &batch);
    if (batch != 0) {
        m_batches.append({ batch, what });
        updateAction();
    }
    if (!result) {
        QMessageBox::warning(
                m_window, tr("Delete"),
                tr("Not everything could be moved to the Trash: %1").arg(result.message()));
    }
    if (batch != 0)
        showUndoBar(tr("Deleted %1.").arg(what));
    return true;
}

void GalleryDeletion::undo()
{
    if (m_batches.isEmpty())
        return;
    const Batch batch = m_batches.takeLast();
    hideUndoBar();
    updateAction();
    const LibraryResult result = m_library->restoreDeleted(batch.id);
    emit undone();
    if (result)
        emit statusMessage(tr("Restored %1.").arg(batch.what), 4000);
    else
        QMessageBox::warning(m_window, tr("Undo Delete"), result.message());
}

void GalleryDeletion::showUndoBar(const QString &text)
{
    if (!m_statusBar) {
        emit statusMessage(text, UndoSeconds * 1000);
        return;
    }
    if (!m_undoBar) {
        m_undoBar = new QWidget(m_statusBar);
        m_undoBar->setObjectName(QStringLiteral("undoDeleteBar"));
        auto *layout = new QHBoxLayout(m_undoBar);
        layout->setContentsMargins(0, 0, 0, 0);
        m_undoLabel = new QLabel(m_undoBar);
        // A button no taller than the status bar's text: the window does not jump.
        auto *button = new QToolButton(m_undoBar);
        button->setText(tr("Undo"));
        button->setObjectName(QStringLiteral("undoDeleteButton"));
        button->setFocusPolicy(Qt::NoFocus); // the gallery keeps the keyboard
        button->setMaximumHeight(m_undoLabel->sizeHint().height() + 2);
        connect(button, &QToolButton::clicked, this, &GalleryDeletion::undo);
        layout->addWidget(m_undoLabel);
        layout->addWidget(button);
    }
    m_undoLabel->setText(text);
    m_statusBar->clearMessage(); // a temporary message would hide it
    m_statusBar->addWidget(m_undoBar);
    m_undoBar->show();
    m_undoTimer->start();
}

void GalleryDeletion::hideUndoBar()
{
    m_undoTimer->stop();
    if (m_undoBar && m_statusBar) {
        m_statusBar->removeWidget(m_undoBar);
        m_undoBar->hide();
    }
}

void GalleryDeletion::updateAction()
{
    if (!m_undoAction)
        return;
    m_undoAction->setEnabled(!m_batches.isEmpty());
    m_undoAction->setText(m_batches.isEmpty()
                                  ? tr("&Undo Delete")
                                  : tr("&Undo Delete of %1").arg(m_batches.last().what));
}
