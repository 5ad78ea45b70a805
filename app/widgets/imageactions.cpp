#include "widgets/imageactions.h"

#include "domain/modelcatalog.h"
#include "engine/taskservice.h"
#include "models/displaytext.h"
#include "models/gallerymodel.h"
#include "models/tasklistmodel.h"
#include "platform/settings.h"
#include "protocol/curlcommand.h"
#include "widgets/compareview.h"
#include "widgets/gallerydeletion.h"
#include "widgets/galleryview.h"
#include "widgets/imageviewer.h"

#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImageReader>
#include <QItemSelectionModel>
#include <QMainWindow>
#include <QMessageBox>
#include <QMimeData>
#include <QShortcut>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QUrl>
#include <algorithm>

#ifdef STUDIO_HAVE_DBUS
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#endif

namespace {

// A file name that does not exist yet in `directory`: name.png, name-2.png, …
QString uniqueFilePath(const QString &directory, const QString &fileName)
{
    const QFileInfo info(fileName);
    QString candidate = QDir(directory).filePath(fileName);
    for (int i = 2; QFileInfo::exists(candidate); ++i) {
        candidate = QDir(directory).filePath(
                QStringLiteral("%1-%2.%3").arg(info.completeBaseName()).arg(i).arg(info.suffix()));
    }
    return candidate;
}

void openFolders(const QStringList &files)
{
    QStringList folders;
    for (const QString &file : files) {
        const QString folder = QFileInfo(file).absolutePath();
        if (!folders.contains(folder))
            folders << folder;
    }
    for (const QString &folder : folders)
        QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
}

// Whether `path` names a video (the library's outputs and dropped files alike are MP4s).
bool isVideoFile(const QString &path)
{
    return path.endsWith(QLatin1String(".mp4"), Qt::CaseInsensitive);
}

// A paused task exists on the service and is followed again later: running it again would
// create, and bill, a second task.
bool isPaused(const LibraryEntry &entry)
{
    return entry.task.state == TaskState::Paused;
}

} // namespace

ImageActions::ImageActions(const WindowServices &services, const Views &views,
                           const Actions &actions, QWidget *window)
    : QObject(window), m_services(services), m_views(views), m_actions(actions), m_window(window),
      m_deletion(new GalleryDeletion(services.library, actions.undoDelete,
                                     qobject_cast<QMainWindow *>(window)
                                             ? qobject_cast<QMainWindow *>(window)->statusBar()
                                             : nullptr,
                                     window))
{
    const Actions &a = m_actions;
    connect(m_deletion, &GalleryDeletion::statusMessage, this, &ImageActions::statusMessage);
    // The window's own text, for images; videos get theirs in updateActions().
    m_copyImageText = a.copyImage->text();
    connect(a.openViewer, &QAction::triggered, this,
            [this] { showViewer(m_views.gallery->currentIndex()); });
    connect(a.openImage, &QAction::triggered, this, &ImageActions::openImageFile);
    connect(a.reuse, &QAction::triggered, this, &ImageActions::reuseSettings);
    connect(a.runAgain, &QAction::triggered, this, [this] { runAgain(false); });
    connect(a.vary, &QAction::triggered, this, [this] { runAgain(true); });
    connect(a.animate, &QAction::triggered, this, &ImageActions::requestVideo);
    connect(a.videoBetween, &QAction::triggered, this, &ImageActions::requestVideo);
    connect(a.edit, &QAction::triggered, this, &ImageActions::requestEdit);
    connect(a.favourite, &QAction::triggered, this, &ImageActions::toggleFavourite);
    connect(a.saveAs, &QAction::triggered, this, &ImageActions::saveImagesAs);
    connect(a.copyImage, &QAction::triggered, this, &ImageActions::copyImage);
    connect(a.copyPrompt, &QAction::triggered, this, &ImageActions::copyPrompt);
    connect(a.copyCurl, &QAction::triggered, this, &ImageActions::copyCurl);
    connect(a.reveal, &QAction::triggered, this, &ImageActions::revealInFileManager);
    connect(a.remove, &QAction::triggered, this, &ImageActions::deleteImages);
    if (a.compare) {
        connect(a.compare, &QAction::triggered, this, &ImageActions::compareSelection);
        connect(m_views.compare, &CompareView::closeRequested, this, &ImageActions::showGallery);
    }

    // Keys that text fields also use (Delete, Ctrl+C) act on images only where images have focus.
    GalleryView *gallery = m_views.gallery;
    ImageViewer *viewer = m_views.viewer;
    for (QAction *action : { a.copyImage, a.copyPrompt, a.remove, a.favourite, a.openViewer }) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        gallery->addAction(action);
        viewer->addAction(action);
    }
    // Ctrl+Z undoes a deletion where images have focus, never a text field's or the mask's edit.
    // The menu shows the key; shortcuts of the images' own make it work there only (an action
    // added to the gallery would also be in its context menu).
    if (a.undoDelete) {
        a.undoDelete->setShortcutContext(Qt::WidgetShortcut);
        for (QWidget *widget :
             { static_cast<QWidget *>(gallery), static_cast<QWidget *>(viewer) }) {
            auto *shortcut = new QShortcut(QKeySequence::Undo, widget);
            shortcut->setContext(Qt::WidgetWithChildrenShortcut);
            connect(shortcut, &QShortcut::activated, a.undoDelete, &QAction::trigger);
        }
    }
    viewer->removeAction(a.openViewer);
    gallery->insertAction(a.copyImage, a.reuse);
    gallery->insertAction(a.copyImage, a.runAgain);
    gallery->insertAction(a.copyImage, a.vary);
    gallery->insertAction(a.copyImage, a.animate);
    gallery->insertAction(a.copyImage, a.videoBetween);
    gallery->insertAction(a.copyImage, a.edit);
    if (a.compare)
        gallery->insertAction(a.copyImage, a.compare);
    gallery->insertAction(a.copyImage, a.saveAs);
    viewer->addAction(a.animate);
    viewer->addAction(a.edit);
    gallery->insertAction(a.remove, a.copyCurl);
    gallery->insertAction(a.remove, a.reveal);

    connect(gallery, &QListView::activated, this, &ImageActions::showViewer);
    connect(gallery, &GalleryView::favouriteToggled, this, &ImageActions::toggleFavouriteAt);
    connect(gallery->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ImageActions::updateActions);
    connect(gallery->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ImageActions::updateActions);
    connect(viewer, &ImageViewer::closeRequested, this, &ImageActions::showGallery);
    connect(viewer, &ImageViewer::reuseRequested, this, [this](const GenerationRequest &request) {
        emit reuseRequested(request, QFileInfo(m_views.viewer->currentFile()).fileName());
    });
    connect(viewer, &ImageViewer::currentIndexChanged, this, [this](const QModelIndex &index) {
        if (index.isValid())
            m_views.gallery->setCurrentIndex(index);
        updateActions();
    });
    // A file's settings are read with its image, on a worker thread: known once it is loaded.
    connect(viewer, &ImageViewer::loaded, this, [this] {
        updateActions();
        const ImageViewer *shown = m_views.viewer;
        if (!shown->currentIndex().isValid() && !shown->provenance())
            emit statusMessage(tr("%1 carries no generation settings.")
                                       .arg(QFileInfo(shown->currentFile()).fileName()),
                               6000);
    });
    GalleryModel *model = m_services.gallery;
    connect(model, &QAbstractItemModel::dataChanged, this, &ImageActions::updateActions);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &ImageActions::updateActions);
    updateActions();
}

ImageActions::~ImageActions() = default;

bool ImageActions::isViewerShown() const
{
    return m_views.stack->currentWidget() == m_views.viewer;
}

void ImageActions::showViewer(const QModelIndex &galleryIndex)
{
    if (!galleryIndex.isValid() || !(galleryIndex.flags() & Qt::ItemIsEnabled))
        return; // a group's header
    const LibraryEntry entry = m_views.gallery->entry(galleryIndex);
    if (!entry.output.isSaved()) {
        // A task without a picture: its error is the interesting part.
        emit statusMessage(entry.task.error.isError() ? TaskListModel::reason(entry.task)
                                                      : taskStateDisplayName(entry.task.state),
                           8000);
        return;
    }
    m_views.viewer->showIndex(galleryIndex);
    m_views.stack->setCurrentWidget(m_views.viewer);
    m_views.viewer->setFocus(Qt::OtherFocusReason);
    updateActions();
}

void ImageActions::showFileInViewer(const QString &path)
{
    m_views.viewer->showFile(path);
    m_views.stack->setCurrentWidget(m_views.viewer);
    m_views.viewer->setFocus(Qt::OtherFocusReason);
    updateActions(); // again once the viewer has read the file (ImageViewer::loaded)
}

void ImageActions::showGallery()
{
    GalleryView *gallery = m_views.gallery;
    m_views.stack->setCurrentWidget(m_views.galleryPage);
    gallery->setFocus(Qt::OtherFocusReason);
    if (gallery->currentIndex().isValid())
        gallery->scrollTo(gallery->currentIndex());
    updateActions();
}

bool ImageActions::isCompareShown() const
{
    return m_views.compare && m_views.stack->currentWidget() == m_views.compare;
}

QString ImageActions::compareRefusal() const
{
    if (isViewerShown())
        return tr("Compare works on the gallery's selection: go back to the gallery (Esc) and "
                  "select two to four images.");
    return CompareView::refusal(m_views.gallery->selectedEntries());
}

void ImageActions::compareSelection()
{
    if (const QString why = compareRefusal(); !why.isEmpty()) {
        emit statusMessage(why, 6000);
        return;
    }
    m_views.compare->setEntries(m_views.gallery->selectedEntries());
    m_views.stack->setCurrentWidget(m_views.compare);
    m_views.compare->setFocus(Qt::OtherFocusReason);
    updateActions();
}

QList<LibraryEntry> ImageActions::entries() const
{
    if (isViewerShown()) {
        const QModelIndex index = m_views.viewer->currentIndex();
        if (index.isValid())
            return { m_views.gallery->entry(index) };
        // A dropped file: not in the library, but it can still be copied or saved.
        LibraryEntry outside;
        outside.output.filePath = m_views.viewer->currentFile();
        if (const auto provenance = m_views.viewer->provenance())
            outside.task.request.prompt = provenance->request.prompt;
        return outside.output.filePath.isEmpty() ? QList<LibraryEntry>()
                                                 : QList<LibraryEntry> { outside };
    }
    return m_views.gallery->selectedEntries();
}

void ImageActions::updateActions()
{
    const QList<LibraryEntry> list = entries();
    int saved = 0;
    int savedVideos = 0;
    int inLibrary = 0;
    bool allFavourite = true;
    bool rerunnable = false;
    for (const LibraryEntry &entry : list) {
        if (entry.output.isSaved()) {
            ++saved;
            if (isVideoFile(entry.output.filePath))
                ++savedVideos;
        }
        if (entry.hasOutput() || entry.task.id != 0)
            ++inLibrary;
        if (entry.hasOutput() && !entry.output.favourite)
            allFavourite = false;
        rerunnable = rerunnable
                || (entry.task.id != 0 && !entry.task.request.model.isEmpty() && !isPaused(entry));
    }
    const bool viewer = isViewerShown();
    const Actions &a = m_actions;
    a.saveAs->setEnabled(saved > 0);
    a.copyImage->setEnabled(saved > 0);
    a.copyPrompt->setEnabled(!list.isEmpty());
    a.reveal->setEnabled(saved > 0);
    a.remove->setEnabled(inLibrary > 0);
    a.favourite->setEnabled(inLibrary > 0 && saved > 0);
    a.favourite->setChecked(saved > 0 && allFavourite);
    a.reuse->setEnabled(list.size() == 1
                        && (!list.first().task.request.prompt.isEmpty()
                            || (viewer && m_views.viewer->provenance())));
    a.openViewer->setEnabled(!viewer && saved > 0);
    a.runAgain->setEnabled(rerunnable);
    a.vary->setEnabled(rerunnable);
    const qsizetype images = savedImagePaths().size();
    a.animate->setEnabled(list.size() == 1 && images == 1);
    a.videoBetween->setEnabled(list.size() == 2 && images == 2);
    a.edit->setEnabled(list.size() == 1 && images == 1 && !isVideoFile(savedImagePaths().value(0)));
    a.copyCurl->setEnabled(list.size() == 1 && !list.first().task.request.model.isEmpty());
    if (a.compare) {
        // Disabled with the reason where people look: its tooltip and the status bar's tip.
        const QString why = compareRefusal();
        a.compare->setEnabled(why.isEmpty());
        const QString tip = why.isEmpty()
                ? tr("The selected images side by side, zoomed and panned together")
                : why;
        a.compare->setToolTip(tip);
        a.compare->setStatusTip(tip);
    }
    const bool anyVideo = std::any_of(list.cbegin(), list.cend(), [](const LibraryEntry &e) {
        return makesVideo(e.task.request.kind) || isVideoFile(e.output.filePath);
    });
    if (list.size() <= 1)
        a.remove->setText(tr("&Delete…"));
    else if (anyVideo)
        a.remove->setText(tr("&Delete %n Items…", nullptr, int(list.size())));
    else
        a.remove->setText(tr("&Delete %1 Images…").arg(list.size()));
    if (saved <= 1)
        a.saveAs->setText(tr("&Save As…"));
    else if (savedVideos > 0)
        a.saveAs->setText(tr("&Save %n Items To…", nullptr, saved));
    else
        a.saveAs->setText(tr("&Save %1 Images To…").arg(saved));
    // A video goes to the clipboard as its file, never as a picture.
    a.copyImage->setText(saved > 0 && savedVideos == saved
                                 ? (saved == 1 ? tr("&Copy Video") : tr("&Copy Videos"))
                                 : m_copyImageText);
}

void ImageActions::saveImagesAs()
{
    QList<LibraryEntry> list = entries();
    list.erase(std::remove_if(list.begin(), list.end(),
                              [](const LibraryEntry &e) { return !e.output.isSaved(); }),
               list.end());
    if (list.isEmpty())
        return;
    QStringList failed;
    const int videos = int(std::count_if(list.cbegin(), list.cend(), [](const LibraryEntry &e) {
        return isVideoFile(e.output.filePath);
    }));
    if (list.size() == 1) {
        const QString source = list.first().output.filePath;
        // A copy of the file, byte for byte: never decoded and written again.
        const bool video = videos == 1;
        QString target = QFileDialog::getSaveFileName(
                m_window, video ? tr("Save Video As") : tr("Save Image As"),
                QDir(QStandardPaths::writableLocation(video ? QStandardPaths::MoviesLocation
                                                            : QStandardPaths::PicturesLocation))
                        .filePath(QFileInfo(source).fileName()),
                video ? tr("MP4 videos (*.mp4)") : tr("PNG images (*.png)"));
        if (target.isEmpty())
            return;
        if (QFileInfo(target).suffix().isEmpty())
            target += QLatin1Char('.') + QFileInfo(source).suffix();
        if (QFileInfo(target).canonicalFilePath() == QFileInfo(source).canonicalFilePath())
            return;
        QFile::remove(target); // the dialog already asked about replacing it
        if (!QFile::copy(source, target))
            failed << target;
    } else {
        const QString directory = QFileDialog::getExistingDirectory(
                m_window,
                videos > 0 ? tr("Save %n Items To", nullptr, int(list.size()))
                           : tr("Save %1 Images To").arg(list.size()),
                QStandardPaths::writableLocation(QStandardPaths::PicturesLocation));
        if (directory.isEmpty())
            return;
        for (const LibraryEntry &entry : list) {
            const QString target
                    = uniqueFilePath(directory, QFileInfo(entry.output.filePath).fileName());
            if (!QFile::copy(entry.output.filePath, target))
                failed << target;
        }
    }
    if (!failed.isEmpty()) {
        QMessageBox::warning(
                m_window, tr("Save As"),
                tr("These files could not be written:\n%1").arg(failed.join(QLatin1Char('\n'))));
    } else {
        emit statusMessage(
                videos == 0 ? DisplayText::plural(int(list.size()), tr("Saved 1 image."),
                                                  tr("Saved %1 images."))
                            : tr("Saved %1.").arg(countText(int(list.size()) - videos, videos)),
                4000);
    }
}

void ImageActions::copyImage()
{
    QList<QUrl> urls;
    QImage first;
    int videos = 0;
    for (const LibraryEntry &entry : entries()) {
        if (!entry.output.isSaved())
            continue;
        urls << QUrl::fromLocalFile(entry.output.filePath);
        if (isVideoFile(entry.output.filePath))
            ++videos;
        else if (first.isNull())
            first = QImageReader(entry.output.filePath).read();
    }
    if (urls.isEmpty())
        return;
    auto *mime = new QMimeData;
    if (!first.isNull() && videos == 0)
        mime->setImageData(first);
    mime->setUrls(urls);
    if (videos > 0) {
        // What GNOME Files, Nemo and Caja paste as files (Dolphin reads the URL list).
        QByteArray copied = "copy";
        for (const QUrl &url : std::as_const(urls))
            copied += '\n' + url.toEncoded();
        mime->setData(QStringLiteral("x-special/gnome-copied-files"), copied);
    }
    QGuiApplication::clipboard()->setMimeData(mime);
    if (videos == 0)
        emit statusMessage(urls.size() == 1 ? tr("Image copied.")
                                            : tr("%1 images copied as files.").arg(urls.size()),
                           3000);
    else
        emit statusMessage(tr("%1 copied as files: paste them in a file manager or a chat.")
                                   .arg(countText(int(urls.size()) - videos, videos)),
                           4000);
}

void ImageActions::copyPrompt()
{
    QStringList prompts;
    for (const LibraryEntry &entry : entries()) {
        if (!entry.task.request.prompt.isEmpty() && !prompts.contains(entry.task.request.prompt))
            prompts << entry.task.request.prompt;
    }
    if (prompts.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(prompts.join(QStringLiteral("\n\n")));
    emit statusMessage(tr("Prompt copied."), 3000);
}

void ImageActions::copyCurl()
{
    const QList<LibraryEntry> list = entries();
    if (list.size() != 1)
        return;
    const TaskRecord &task = list.first().task;
    const QString command = curlCommand(task, m_services.catalog->model(task.request.model));
    if (command.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(command);
    const bool localInput
            = std::any_of(task.request.inputs.cbegin(), task.request.inputs.cend(),
                          [](const RequestInput &input) { return input.url.isEmpty(); });
    emit statusMessage(localInput ? tr("cURL command copied. It reads the key from "
                                       "$DASHSCOPE_API_KEY and the input images from their files.")
                                  : tr("cURL command copied. It reads the key from "
                                       "$DASHSCOPE_API_KEY."),
                       4000);
}

void ImageActions::revealInFileManager()
{
    QStringList files;
    for (const LibraryEntry &entry : entries()) {
        if (entry.output.isSaved() && QFileInfo::exists(entry.output.filePath))
            files << QFileInfo(entry.output.filePath).absoluteFilePath();
    }
    if (files.isEmpty())
        return;
#ifdef STUDIO_HAVE_DBUS
    // File managers that implement org.freedesktop.FileManager1 (GNOME Files, Dolphin, Nemo,
    // Caja, Thunar …) open the folder with the files selected; without one, the folder opens.
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected()) {
        QStringList uris;
        for (const QString &file : std::as_const(files))
            uris << QString::fromUtf8(QUrl::fromLocalFile(file).toEncoded());
        QDBusMessage call = QDBusMessage::createMethodCall(
                QStringLiteral("org.freedesktop.FileManager1"),
                QStringLiteral("/org/freedesktop/FileManager1"),
                QStringLiteral("org.freedesktop.FileManager1"), QStringLiteral("ShowItems"));
        call << uris << QString(); // no startup id
        auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, 5000), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
                [files](QDBusPendingCallWatcher *finished) {
                    if (finished->isError())
                        openFolders(files);
                    finished->deleteLater();
                });
        return;
    }
#endif
    openFolders(files);
}

void ImageActions::deleteImages()
{
    const bool wasViewer = isViewerShown();
    const int row = wasViewer ? m_views.viewer->currentIndex().row() : -1;
    if (!m_deletion->deleteEntries(entries()))
        return;
    if (wasViewer) {
        // Stay in the viewer on the image that took the deleted one's place.
        QAbstractItemModel *model = m_views.gallery->model(); // grouped or not, the view's rows
        if (model->rowCount() > 0) {
            int next = std::clamp(row, 0, model->rowCount() - 1);
            if (!(model->index(next, 0).flags() & Qt::ItemIsEnabled)) // a group's header
                next = next + 1 < model->rowCount() ? next + 1 : next - 1;
            showViewer(model->index(next, 0));
            if (!isViewerShown())
                showGallery();
        } else {
            showGallery();
        }
    }
    updateActions();
}

void ImageActions::toggleFavourite()
{
    QList<qint64> ids;
    bool allFavourite = true;
    for (const LibraryEntry &entry : entries()) {
        if (!entry.hasOutput())
            continue;
        ids << entry.output.id;
        allFavourite = allFavourite && entry.output.favourite;
    }
    if (!ids.isEmpty())
        m_services.library->setFavourite(ids, !allFavourite);
    updateActions();
}

void ImageActions::toggleFavouriteAt(const QModelIndex &index)
{
    const LibraryEntry entry = m_views.gallery->entry(index);
    if (entry.hasOutput())
        m_services.library->setFavourite({ entry.output.id }, !entry.output.favourite);
}

void ImageActions::reuseSettings()
{
    if (isViewerShown()) {
        if (const auto request = m_views.viewer->reusableRequest())
            emit reuseRequested(*request, QFileInfo(m_views.viewer->currentFile()).fileName());
        return;
    }
    const QList<LibraryEntry> list = entries();
    if (list.size() != 1)
        return;
    GenerationRequest request = list.first().task.request;
    if (list.first().output.seed >= 0)
        request.seed = list.first().output.seed;
    emit reuseRequested(request, QFileInfo(list.first().output.filePath).fileName());
}

void ImageActions::runAgain(bool newSeed)
{
    QList<qint64> done;
    int started = 0;
    TaskStart refused; // the first refusal, said as it is
    for (const LibraryEntry &entry : entries()) {
        if (entry.task.id == 0 || isPaused(entry) || done.contains(entry.task.id))
            continue;
        done << entry.task.id;
        const TaskStart start = newSeed ? m_services.tasks->vary(entry.task.id)
                                        : m_services.tasks->retry(entry.task.id);
        if (start.isStarted())
            ++started;
        else if (refused.refusal == TaskStart::Refusal::None)
            refused = start;
    }
    if (started > 0) {
        emit statusMessage(DisplayText::plural(started, tr("Started 1 task again."),
                                               tr("Started %1 tasks again.")),
                           4000);
    } else if (refused.refusal == TaskStart::Refusal::InvalidRequest) {
        // The catalog's rules may have changed since (a size a model no longer takes).
        emit statusMessage(tr("Its settings do not pass the model's rules any more: %1 Use "
                              "Reuse Settings (Ctrl+R) to fix them in the form.")
                                   .arg(refused.error.message),
                           8000);
    } else if (refused.refusal != TaskStart::Refusal::None) {
        emit statusMessage(refused.error.message, 8000);
    }
}

QStringList ImageActions::savedImagePaths() const
{
    QList<LibraryEntry> list = entries();
    // The older image is the first frame: a story goes forward in time.
    std::stable_sort(list.begin(), list.end(), [](const LibraryEntry &a, const LibraryEntry &b) {
        if (a.task.createdAt != b.task.createdAt)
            return a.task.createdAt < b.task.createdAt;
        return a.output.index < b.output.index;
    });
    QStringList paths;
    for (const LibraryEntry &entry : std::as_const(list))
        if (entry.output.isSaved() && !entry.output.isVideo())
            paths << entry.output.filePath;
    return paths;
}

void ImageActions::requestVideo()
{
    const QStringList paths = savedImagePaths();
    if (paths.size() == 1 || paths.size() == 2)
        emit videoRequested(paths);
}

void ImageActions::requestEdit()
{
    const QStringList paths = savedImagePaths();
    if (paths.size() == 1 && !isVideoFile(paths.first()))
        emit editRequested(paths.first());
}

void ImageActions::openImageFile()
{
    const QString path = QFileDialog::getOpenFileName(
            m_window, tr("Open Image"), m_services.settings->outputDirectory(),
            tr("PNG images and MP4 videos (*.png *.mp4);;All files (*)"));
    if (!path.isEmpty())
        showFileInViewer(path);
}

QStringList ImageActions::droppedFiles(const QMimeData *mime)
{
    QStringList files;
    if (!mime || !mime->hasUrls())
        return files;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile()
            && (url.toLocalFile().endsWith(QLatin1String(".png"), Qt::CaseInsensitive)
                || isVideoFile(url.toLocalFile())))
            files << url.toLocalFile();
    }
    return files;
}

QString ImageActions::countText(int images, int videos)
{
    if (videos == 0)
        return DisplayText::plural(images, tr("1 image"), tr("%1 images"));
    if (images == 0)
        return tr("%n video(s)", nullptr, videos);
    return tr("%1 and %2")
            .arg(DisplayText::plural(images, tr("1 image"), tr("%1 images")),
                 tr("%n video(s)", nullptr, videos));
}

bool ImageActions::acceptsDrag(const QDragEnterEvent *event) const
{
    // Our own gallery drags are for other applications, not for us.
    return event->source() != m_views.gallery && !droppedFiles(event->mimeData()).isEmpty();
}

bool ImageActions::showDropped(const QMimeData *mime)
{
    const QStringList files = droppedFiles(mime);
    if (files.isEmpty())
        return false;
    showFileInViewer(files.first());
    return true;
}
