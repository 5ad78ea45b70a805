#pragma once

#include "domain/generationrequest.h"
#include "library/library.h"
#include "widgets/windowservices.h"

#include <QObject>
#include <QStringList>

class CompareView;
class GalleryDeletion;
class GalleryView;
class ImageViewer;
class QAction;
class QDragEnterEvent;
class QMimeData;
class QModelIndex;
class QStackedWidget;
class QWidget;

// What the window does with images: shows one in the viewer (from the gallery, a file or a
// dropped PNG) and back, and the Image menu's actions (open, reuse, run again, favourite, save,
// copy, copy as cURL, show in the file manager, delete), on the viewer's image or else the
// gallery's selection. The actions and views are the window's; this object drives them.
class ImageActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageActions)

public:
    struct Views
    {
        QStackedWidget *stack = nullptr; // holds galleryPage and viewer
        QWidget *galleryPage = nullptr;
        GalleryView *gallery = nullptr;
        ImageViewer *viewer = nullptr;
        CompareView *compare = nullptr; // in `stack` too
    };
    struct Actions
    {
        QAction *openViewer = nullptr;
        QAction *openImage = nullptr;
        QAction *reuse = nullptr;
        QAction *runAgain = nullptr; // the same request exactly, seed included
        QAction *vary = nullptr; // the same request with a new seed
        QAction *animate = nullptr;
        QAction *videoBetween = nullptr;
        QAction *edit = nullptr; // "Edit…": the image into the form's edit mode
        QAction *favourite = nullptr;
        QAction *saveAs = nullptr;
        QAction *copyImage = nullptr;
        QAction *copyPrompt = nullptr;
        QAction *copyCurl = nullptr;
        QAction *reveal = nullptr;
        QAction *remove = nullptr;
        QAction *compare = nullptr; // two to four of the gallery's images side by side
        QAction *undoDelete = nullptr; // Edit > Undo Delete (Ctrl+Z where images have focus)
    };
    // `window` is the parent of dialogs and message boxes.
    ImageActions(const WindowServices &services, const Views &views, const Actions &actions,
                 QWidget *window);
    ~ImageActions() override;

    bool isViewerShown() const;
    bool isCompareShown() const;
    // A drag the window can take: local PNG or MP4 files, not the gallery's own drags.
    bool acceptsDrag(const QDragEnterEvent *event) const;
    // Shows the first dropped PNG or MP4; false when there is none.
    bool showDropped(const QMimeData *mime);

public slots:
    void showViewer(const QModelIndex &galleryIndex);
    void showFileInViewer(const QString &path);
    void showGallery();
    void updateActions();

signals:
    void statusMessage(const QString &text, int timeoutMs);
    // For the prompt form; `source` names the image (its file name), empty when unknown.
    void reuseRequested(const GenerationRequest &request, const QString &source);
    // "Animate…" (one image: the first frame) and "Video Between These Images…" (two: first and
    // last frame, in the order of their creation), for the prompt form.
    void videoRequested(const QStringList &images);
    // "Edit…" on one image (the gallery's, the viewer's, an opened or dropped file).
    void editRequested(const QString &image);

private:
    // The images an action applies to: the viewer's image, else the gallery's selection.
    QList<LibraryEntry> entries() const;
    void saveImagesAs();
    void copyImage();
    void copyPrompt();
    void copyCurl();
    void revealInFileManager();
    void deleteImages();
    void toggleFavourite();
    void toggleFavouriteAt(const QModelIndex &index);
    void reuseSettings();
    void runAgain(bool newSeed);
    void requestVideo();
    void requestEdit();
    QStringList savedImagePaths() const; // of entries(), oldest first
    void openImageFile();
    void compareSelection();
    QString compareRefusal() const; // why the selection cannot be compared; empty when it can

    // Local PNG and MP4 files among the drop's URLs.
    static QStringList droppedFiles(const QMimeData *mime);
    // "2 images", "1 video", "2 images and 1 video".
    static QString countText(int images, int videos);

    WindowServices m_services;
    Views m_views;
    Actions m_actions;
    QWidget *m_window;
    GalleryDeletion *m_deletion;
    QString m_copyImageText; // Copy Image's text for images, as the window's form has it
};
