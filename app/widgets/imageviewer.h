#pragma once

#include "domain/generationrequest.h"
#include "library/imagemetadata.h"
#include "library/lineage.h"

#include <QImage>
#include <QPersistentModelIndex>
#include <QWidget>

class QAbstractItemModel;
class QLabel;
class BeforeAfterView;
class DetailLabel;
class Library;
class LineageStrip;
template<typename T>
class QFutureWatcher;
class QScrollArea;
class QStackedWidget;
class QToolButton;
class ElidedLabel;
class ZoomControl;
class ZoomView;
class VideoPlayer;
class ViewOverlay;
struct LibraryEntry;

// One image large (or a video playing, see VideoPlayer), with where it came from: zoomed as
// image viewers do (ZoomView, its level in one ZoomControl; a new image starts at fit),
// previous/next through the gallery, and a side panel with prompt, extended prompt, negative
// prompt, model, size, seed, region, task id, request id and time (every value whole, wrapped and
// selectable), and its lineage (LineageStrip: what it was made from, what was made from it). An
// image made from one input image is compared with it (BeforeAfterView: C, and B to flip). Also
// shows any PNG dropped on the window. Images are decoded (and a file's metadata read) on a worker
// thread, one at a time: the previous image stays on screen meanwhile, and of several quick
// requests only the last is shown.
class ImageViewer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageViewer)

public:
    // `entryRole` of `model` holds a LibraryEntry for each row (the gallery model).
    explicit ImageViewer(QWidget *parent = nullptr);
    ~ImageViewer() override;

    void setModel(QAbstractItemModel *model, int entryRole);
    // Where lineage is read (Made from, Used in); none: no lineage is shown.
    void setLibrary(Library *library);
    // Shows the gallery's row; previous/next walk the gallery.
    void showIndex(const QModelIndex &index);
    // Shows a file from outside the library (a PNG, or an MP4 that plays at once) with the
    // metadata read from it (or none), once read.
    void showFile(const QString &path);
    // Shows a library entry (a lineage tile's): its gallery row when the model has it loaded,
    // else on its own (no previous/next; currentIndex() invalid).
    void showEntry(const LibraryEntry &entry);

    // True from showIndex() or showFile() until its image, or why it cannot be shown, is there.
    bool isLoading() const { return m_loading; }
    QImage image() const; // what is on screen: the previous image while the next one is decoded

    QModelIndex currentIndex() const { return m_index; }
    QString currentFile() const { return m_path; }
    std::optional<ImageProvenance> provenance() const { return m_provenance; }
    bool isFitToWindow() const;
    bool isShowingVideo() const;
    LineageStrip *lineageStrip() const { return m_lineage; }
    BeforeAfterView *beforeAfterView() const { return m_compare; }
    bool canCompare() const; // an image made from one input image, both decoded
    bool isComparing() const;
    VideoPlayer *videoPlayer() const { return m_player; } // null until a video is shown
    ZoomView *zoomView() const { return m_zoom; }
    ZoomControl *zoomControl() const { return m_zoomControl; }
    // Full screen (the window's, MainWindow::setFullScreen): only the image on black, and an
    // overlay (ViewOverlay) with the name, zoom, previous, next and the way out, on mouse moves.
    void setFullScreenMode(bool on);
    bool isFullScreenMode() const { return m_fullScreen; }
    ViewOverlay *overlay() const { return m_overlay; }
    // The settings that made the image, for the prompt form; nullopt without metadata.
    std::optional<GenerationRequest> reusableRequest() const;

    // What the panel shows for a library entry, and the request that reproduces one image.
    static ImageProvenance provenanceOf(const LibraryEntry &entry);
    static GenerationRequest requestOf(const ImageProvenance &provenance);
    // On any thread: the image at `path` (with the library's bound on pixels), or null with why
    // in `error`, a sentence's end ("the file is not there any more.").
    static QImage readImageFile(const QString &path, QString *error);

public slots:
    void showPrevious();
    void showNext();
    void setFitToWindow(bool fit);
    void setComparing(bool compare);

signals:
    void reuseRequested(const GenerationRequest &request);
    void closeRequested();
    void fullScreenRequested(bool on); // F toggles it, Esc and the overlay's button leave it
    void currentIndexChanged(const QModelIndex &index); // invalid for a dropped file
    // The current image is shown (or why it cannot be); for a file, provenance() is now read.
    void loaded();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct Decoded // what a worker hands back
    {
        quint64 generation = 0;
        QImage image;
        QString error; // why it cannot be shown, a sentence; empty when `image` is there
        bool metadataRead = false; // DecodeJob::readMetadata: `provenance` is the file's
        std::optional<ImageProvenance> provenance;
        bool video = false;
        QImage before; // DecodeJob::beforePath's image
        QByteArray sha256; // of a file from outside (readMetadata): where it was used
        QSize videoSize; // a video's, from the file
        qint64 videoDurationMs = 0;
    };
    struct DecodeJob
    {
        QString path;
        bool readMetadata = false; // a file from outside: its provenance comes from the PNG
        quint64 generation = 0;
        bool video = false; // an MP4 the player shows: only its metadata and shape are read
        QString beforePath; // the one image it was made from, decoded too (before/after)
    };
    static Decoded decode(const DecodeJob &job); // on a worker thread: touches only `job`
    void load(const QString &path, bool readMetadata);
    // `readMetadata`: a file from outside, whose provenance, size and length are read first.
    void showVideo(const QString &path, QSize size, qint64 durationMs, bool readMetadata = false);
    void setVideoShape(QSize size, qint64 durationMs); // the title and the Duration field
    void queueDecode(const DecodeJob &job);
    void startDecode(const DecodeJob &job);
    void applyDecoded(const Decoded &decoded);
    QWidget *createPanel(); // the details and lineage, in a scroll area (imageviewerpanel.cpp)
    void fillPanel();
    void showLibraryEntry(const LibraryEntry &entry);
    void setLineage(const QList<LineageSource> &madeFrom, const QList<LibraryEntry> &usedIn,
                    bool video);
    int rowOf(qint64 outputId) const; // in the model, -1 when not loaded
    void refreshLineage();
    void
    setFieldVisible(DetailLabel *value,
                    bool visible); // with its label // after a write: a new child, a deleted parent
    void step(int delta);
    void updateNavigation();
    void updateOverlay();
    void addField(const QString &label, DetailLabel **value, const QString &accessibleName);

    QAbstractItemModel *m_model = nullptr;
    int m_entryRole = 0;
    QPersistentModelIndex m_index;
    Library *m_library = nullptr;
    std::optional<LibraryEntry> m_entry; // the library entry shown (from the gallery or lineage)
    QString m_beforePath; // what the image shown was made from, for before/after
    QString m_path;
    std::optional<ImageProvenance> m_provenance;
    QString m_region;
    quint64 m_generation = 0; // of the latest load(): an older result is dropped
    bool m_loading = false;
    QFutureWatcher<Decoded> *m_decoding = nullptr; // the one decode running, if any
    std::optional<DecodeJob> m_queued; // the latest load() asked for while one was running

    ZoomView *m_zoom = nullptr;
    ZoomControl *m_zoomControl = nullptr;
    QStackedWidget *m_stage = nullptr; // the image's scroll area or the video player
    VideoPlayer *m_player = nullptr;
    QWidget *m_topBar = nullptr;
    QWidget *m_panelScroll = nullptr;
    ViewOverlay *m_overlay = nullptr;
    bool m_fullScreen = false;
    QToolButton *m_backButton = nullptr;
    QToolButton *m_previousButton = nullptr;
    QToolButton *m_nextButton = nullptr;
    QToolButton *m_reuseButton = nullptr;
    QToolButton *m_compareButton = nullptr;
    BeforeAfterView *m_compare = nullptr;
    LineageStrip *m_lineage = nullptr;
    ElidedLabel *m_titleLabel = nullptr;
    QLabel *m_noMetadataLabel = nullptr;
    QLabel *m_demoLabel = nullptr; // shown for the built-in simulator's results
    DetailLabel *m_promptValue = nullptr;
    DetailLabel *m_actualPromptValue = nullptr;
    DetailLabel *m_negativeValue = nullptr;
    DetailLabel *m_modelValue = nullptr;
    DetailLabel *m_sizeValue = nullptr;
    DetailLabel *m_seedValue = nullptr;
    DetailLabel *m_regionValue = nullptr;
    DetailLabel *m_taskIdValue = nullptr;
    DetailLabel *m_requestIdValue = nullptr;
    DetailLabel *m_timeValue = nullptr;
    DetailLabel *m_durationValue = nullptr;
    DetailLabel *m_fileValue = nullptr;
    QWidget *m_panelFields = nullptr;
};
