#include "widgets/imageviewer.h"

#include "domain/region.h"
#include "library/library.h"
#include "models/displaytext.h"
#include "models/gallerygroupmodel.h"
#include "models/gallerymodel.h"
#include "widgets/beforeafterview.h"
#include "widgets/detaillabel.h"
#include "widgets/elidedlabel.h"
#include "widgets/lineagestrip.h"
#include "widgets/uistyle.h"
#include "widgets/videoplayer.h"
#include "widgets/viewoverlay.h"
#include "widgets/zoomcontrol.h"
#include "widgets/zoomview.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {

QToolButton *makeButton(QWidget *parent, const QString &text, const QString &tip,
                        const QIcon &icon = {})
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setAccessibleName(text.isEmpty() ? tip : QString(text).remove(QLatin1Char('&')));
    button->setAutoRaise(true);
    if (!icon.isNull()) {
        button->setIcon(icon);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    }
    return button;
}

} // namespace

ImageViewer::ImageViewer(QWidget *parent) : QWidget(parent)
{
    setAccessibleName(tr("Image viewer"));
    setFocusPolicy(Qt::StrongFocus);

    // Top bar.
    m_topBar = new QWidget(this);
    auto *bar = new QHBoxLayout(m_topBar);
    bar->setContentsMargins(6, 4, 6, 4);
    bar->setSpacing(2);
    m_backButton = makeButton(this, tr("Gallery"), tr("Back to the gallery (Esc)"),
                              QIcon::fromTheme(QStringLiteral("go-previous"),
                                               style()->standardIcon(QStyle::SP_ArrowBack)));
    m_previousButton = makeButton(this, tr("Previous"), tr("Previous image (Left)"),
                                  style()->standardIcon(QStyle::SP_ArrowLeft));
    m_nextButton = makeButton(this, tr("Next"), tr("Next image (Right)"),
                              style()->standardIcon(QStyle::SP_ArrowRight));
    m_zoomControl = new ZoomControl(this);
    m_reuseButton = makeButton(this, tr("&Reuse Settings"),
                               tr("Fill the prompt form with the settings of this image"));
    m_reuseButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_compareButton = makeButton(this, tr("&Compare"),
                                 tr("Compare with the image it was made from (C): drag the "
                                    "divider, press B to flip between before and after"));
    m_compareButton->setObjectName(QStringLiteral("compareButton"));
    m_compareButton->setCheckable(true);
    m_compareButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_compareButton->hide(); // shown for an image made from one image
    m_titleLabel = new ElidedLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("viewerTitleLabel"));
    m_titleLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_titleLabel->setAccessibleName(tr("Image file"));
    bar->addWidget(m_backButton);
    bar->addSpacing(8);
    bar->addWidget(m_previousButton);
    bar->addWidget(m_nextButton);
    bar->addSpacing(8);
    bar->addWidget(m_zoomControl);
    bar->addWidget(m_compareButton);
    bar->addSpacing(12);
    bar->addWidget(m_titleLabel, 1);
    bar->addWidget(m_reuseButton);

    // The image.
    m_zoom = new ZoomView(this);
    m_zoom->setObjectName(QStringLiteral("viewerZoomView"));
    m_zoom->setAccessibleName(tr("Image"));
    m_zoom->setMinimumWidth(240);
    m_zoomControl->setView(m_zoom);
    // The video player (m_player) is made when the first video is shown: Qt Multimedia starts
    // its backend with it (GStreamer builds its plugin registry on a first run), 0.1-0.45 s the
    // window's first paint would otherwise wait for.
    m_stage = new QStackedWidget(this);
    m_stage->addWidget(m_zoom);
    m_compare = new BeforeAfterView(this);
    m_stage->addWidget(m_compare);

    m_panelScroll = createPanel();

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("viewerSplitter"));
    splitter->addWidget(m_stage);
    splitter->addWidget(m_panelScroll);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setSizes({ 700, 300 });
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_topBar);
    layout->addWidget(splitter, 1);

    connect(m_backButton, &QToolButton::clicked, this, &ImageViewer::closeRequested);
    connect(m_previousButton, &QToolButton::clicked, this, &ImageViewer::showPrevious);
    connect(m_nextButton, &QToolButton::clicked, this, &ImageViewer::showNext);
    connect(m_compareButton, &QToolButton::toggled, this, &ImageViewer::setComparing);
    connect(m_lineage, &LineageStrip::entryActivated, this, &ImageViewer::showEntry);
    connect(m_lineage, &LineageStrip::fileActivated, this, &ImageViewer::showFile);
    connect(m_reuseButton, &QToolButton::clicked, this, [this] {
        if (const auto request = reusableRequest())
            emit reuseRequested(*request);
    });
    // Previous and next whatever was clicked last in the viewer: a shortcut comes before the
    // focused child (a details value, a lineage tile, the image's scroll bars) sees the key.
    const std::pair<Qt::Key, int> steps[] = { { Qt::Key_Left, -1 },
                                              { Qt::Key_PageUp, -1 },
                                              { Qt::Key_Right, +1 },
                                              { Qt::Key_PageDown, +1 } };
    for (const auto &[key, delta] : steps) {
        auto *shortcut = new QShortcut(QKeySequence(key), this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, [this, delta = delta] { step(delta); });
    }

    // Full screen: only the stage, and this over it when the mouse moves.
    m_overlay = new ViewOverlay(this);
    m_overlay->zoomControl()->setView(m_zoom);
    connect(m_overlay, &ViewOverlay::previousRequested, this, &ImageViewer::showPrevious);
    connect(m_overlay, &ViewOverlay::nextRequested, this, &ImageViewer::showNext);
    connect(m_overlay, &ViewOverlay::exitRequested, this,
            [this] { emit fullScreenRequested(false); });
    setFieldVisible(m_durationValue, false);
    updateNavigation();
}

void ImageViewer::setFullScreenMode(bool on)
{
    if (m_fullScreen == on)
        return;
    m_fullScreen = on;
    m_topBar->setVisible(!on);
    m_panelScroll->setVisible(!on);
    // Black around the image, as image viewers have it in full screen.
    m_zoom->setBackground(on ? QColor(Qt::black) : QColor());
    setAutoFillBackground(on);
    QPalette black;
    if (on) {
        // And light text: a video's controls stay under it, readable in either colour scheme.
        black.setColor(QPalette::Window, Qt::black);
        black.setColor(QPalette::Button, QColor(50, 50, 50));
        for (QPalette::ColorRole role :
             { QPalette::WindowText, QPalette::ButtonText, QPalette::Text }) {
            black.setColor(role, QColor(235, 235, 235));
            black.setColor(QPalette::Disabled, role, QColor(120, 120, 120));
        }
    }
    setPalette(black); // off: the application's again
    // Moves without a button pressed show the overlay.
    m_zoom->viewport()->setMouseTracking(on);
    if (m_player) {
        m_player->setMouseTracking(on);
        m_player->setFullScreen(on);
    }
    updateOverlay();
    m_overlay->setActive(on);
    setFocus(Qt::OtherFocusReason);
}

void ImageViewer::updateOverlay()
{
    m_overlay->setTitle(QFileInfo(m_path).fileName(), QDir::toNativeSeparators(m_path));
    m_overlay->zoomControl()->setVisible(!isShowingVideo());
    m_overlay->zoomControl()->setEnabled(!isComparing());
    m_overlay->previousButton()->setEnabled(m_previousButton->isEnabled());
    m_overlay->nextButton()->setEnabled(m_nextButton->isEnabled());
}

ImageViewer::~ImageViewer() = default;

void ImageViewer::hideEvent(QHideEvent *event)
{
    // Back to the gallery: the video stops, and with it its sound.
    if (m_player)
        m_player->stop();
    QWidget::hideEvent(event);
}

void ImageViewer::setLibrary(Library *library)
{
    if (m_library)
        m_library->disconnect(this);
    m_library = library;
    if (library) {
        connect(library, &Library::outputStored, this, &ImageViewer::refreshLineage);
        // Queued: the files of removed outputs go after the signal (a parent kept on disk or not).
        connect(library, &Library::outputsRemoved, this, &ImageViewer::refreshLineage,
                Qt::QueuedConnection);
    }
}

void ImageViewer::refreshLineage()
{
    if (!m_library || !m_entry || !isVisible())
        return;
    const OutputRecord &output = m_entry->output;
    const QList<LineageSource> madeFrom = m_library->madeFrom(output.id);
    const QList<LibraryEntry> usedIn = m_library->usedIn(output.sha256, 50, output.id);
    if (!m_lineage->isShowing(madeFrom, usedIn))
        setLineage(madeFrom, usedIn, output.isVideo());
}

void ImageViewer::setModel(QAbstractItemModel *model, int entryRole)
{
    m_model = model;
    m_entryRole = entryRole;
    if (model) {
        connect(model, &QAbstractItemModel::rowsRemoved, this, &ImageViewer::updateNavigation);
        connect(model, &QAbstractItemModel::rowsInserted, this, &ImageViewer::updateNavigation);
        connect(model, &QAbstractItemModel::modelReset, this, &ImageViewer::updateNavigation);
    }
}

ImageProvenance ImageViewer::provenanceOf(const LibraryEntry &entry)
{
    ImageProvenance p;
    p.request = entry.task.request;
    // This image's own seed and size where the library knows them.
    if (entry.output.seed >= 0)
        p.request.seed = entry.output.seed;
    if (entry.output.pixelSize.isValid())
        p.request.size = entry.output.pixelSize;
    p.actualPrompt = entry.output.actualPrompt;
    p.region = regionId(entry.task.endpoint.region);
    p.taskId = entry.task.taskId;
    p.requestId = entry.task.requestId;
    p.created = entry.output.createdAt.isValid() ? entry.output.createdAt : entry.task.createdAt;
    p.demo = entry.task.demo;
    return p;
}

GenerationRequest ImageViewer::requestOf(const ImageProvenance &provenance)
{
    return provenance.request;
}

std::optional<GenerationRequest> ImageViewer::reusableRequest() const
{
    if (m_entry) {
        const LibraryEntry &entry = *m_entry;
        GenerationRequest request = entry.task.request;
        // This image's own seed: the task's seed plus its position.
        if (entry.output.seed >= 0)
            request.seed = entry.output.seed;
        return request;
    }
    if (m_provenance)
        return requestOf(*m_provenance);
    return std::nullopt;
}

void ImageViewer::showIndex(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    m_index = index;
    LibraryEntry entry = index.data(m_entryRole).value<LibraryEntry>();
    if (entry.output.isVideo() && entry.output.durationMs <= 0)
        entry.output.durationMs = index.data(GalleryModel::DurationRole).toLongLong();
    showLibraryEntry(entry);
    updateNavigation();
    emit currentIndexChanged(index);
}

void ImageViewer::showEntry(const LibraryEntry &entry)
{
    if (const int row = rowOf(entry.output.id); row >= 0) {
        showIndex(m_model->index(row, 0));
        return;
    }
    m_index = QPersistentModelIndex();
    showLibraryEntry(entry);
    updateNavigation();
    emit currentIndexChanged({});
}

int ImageViewer::rowOf(qint64 outputId) const
{
    if (!m_model || outputId == 0)
        return -1;
    if (const auto *gallery = qobject_cast<const GalleryModel *>(m_model))
        return gallery->rowForImage(outputId); // the loaded rows only: never reads a page
    if (const auto *grouped = qobject_cast<const GalleryGroupModel *>(m_model))
        return grouped->rowForImage(outputId); // the same, with the headers counted
    for (int row = 0, rows = std::min(m_model->rowCount(), 10000); row < rows; ++row) {
        const QModelIndex index = m_model->index(row, 0);
        if (index.data(m_entryRole).value<LibraryEntry>().output.id == outputId)
            return row;
    }
    return -1;
}

void ImageViewer::showLibraryEntry(const LibraryEntry &entry)
{
    m_entry = entry;
    m_provenance = provenanceOf(entry);
    // Indexed reads of a few rows (LibraryLineage), quick at any library size.
    QList<LineageSource> madeFrom;
    QList<LibraryEntry> usedIn;
    if (m_library && entry.output.id != 0) {
        madeFrom = m_library->madeFrom(entry.output.id);
        usedIn = m_library->usedIn(entry.output.sha256, 50, entry.output.id);
    }
    setLineage(madeFrom, usedIn, entry.output.isVideo());
    if (entry.output.isVideo())
        showVideo(entry.output.filePath, entry.output.pixelSize, entry.output.durationMs);
    else
        load(entry.output.filePath, false);
    fillPanel();
}

void ImageViewer::setLineage(const QList<LineageSource> &madeFrom,
                             const QList<LibraryEntry> &usedIn, bool video)
{
    m_lineage->setLineage(madeFrom, usedIn);
    // Before/after for an image made from one image (a mask beside it is not a "before").
    m_beforePath.clear();
    const auto images = std::count_if(madeFrom.cbegin(), madeFrom.cend(), [](const auto &source) {
        return source.input.role == InputRole::Image;
    });
    if (video || images != 1)
        return;
    for (const LineageSource &source : madeFrom) {
        if (source.input.role == InputRole::Image
            && (source.isInLibrary() || source.state == LineageSource::State::OnDisk))
            m_beforePath = source.filePath();
    }
}

void ImageViewer::showFile(const QString &path)
{
    m_index = QPersistentModelIndex();
    m_entry.reset();
    m_provenance.reset(); // read from the file by the worker, with the image
    setLineage({}, {}, true); // from the file's provenance, once read
    if (path.endsWith(QLatin1String(".mp4"), Qt::CaseInsensitive))
        showVideo(path, {}, 0, true);
    else
        load(path, true);
    fillPanel();
    updateNavigation();
    emit currentIndexChanged({});
}

QImage ImageViewer::image() const
{
    return m_zoom->image();
}

bool ImageViewer::isShowingVideo() const
{
    return m_player && m_stage->currentWidget() == m_player;
}

void ImageViewer::showVideo(const QString &path, QSize size, qint64 durationMs, bool readMetadata)
{
    ++m_generation; // an image still being decoded is not shown over the video
    m_queued.reset();
    m_path = path;
    m_loading = false;
    m_zoom->setImage(QImage());
    if (!m_player) {
        m_player = new VideoPlayer(this);
        m_player->setMouseTracking(m_fullScreen);
        m_player->setFullScreen(m_fullScreen);
        // Its button and F11 ask for the window's full screen, the one images have.
        connect(m_player, &VideoPlayer::fullScreenRequested, this,
                &ImageViewer::fullScreenRequested);
        m_stage->insertWidget(1, m_player);
    }
    m_stage->setCurrentWidget(m_player);
    m_player->setFile(path);
    m_compare->setImages({}, {});
    m_compareButton->setChecked(false);
    m_compareButton->hide();
    // A video has no zoom of ours: the player fits it to the window.
    m_zoomControl->hide();
    m_reuseButton->setToolTip(tr("Fill the prompt form with the settings of this video"));
    setVideoShape(size, durationMs);
    if (readMetadata) {
        // It plays at once; its settings, size and length follow from a worker (loaded()).
        m_loading = true;
        fillPanel();
        queueDecode({ path, true, m_generation, true, QString() });
        return;
    }
    fillPanel();
    emit loaded();
}

void ImageViewer::setVideoShape(QSize size, qint64 durationMs)
{
    // What an image's title says (its size), then the length; the file name last, where the
    // bar's room may cut it (the File field and the tooltip have it whole).
    QStringList title;
    if (size.isValid())
        title << tr("%1 × %2").arg(size.width()).arg(size.height());
    if (durationMs > 0)
        title << GalleryModel::durationText(durationMs);
    title << QFileInfo(m_path).fileName();
    m_titleLabel->setFullText(title.join(QStringLiteral("  ·  ")));
    m_titleLabel->setToolTip(QDir::toNativeSeparators(m_path));
    UiStyle::setTone(m_titleLabel, UiStyle::Tone::Muted);
    m_durationValue->setValue(durationMs > 0 ? GalleryModel::durationText(durationMs)
                                             : QStringLiteral("—"));
    setFieldVisible(m_durationValue, true);
}

void ImageViewer::load(const QString &path, bool readMetadata)
{
    if (isShowingVideo()) {
        m_player->setFile(QString());
        m_stage->setCurrentWidget(m_zoom);
        m_zoomControl->show();
        m_reuseButton->setToolTip(tr("Fill the prompt form with the settings of this image"));
        setFieldVisible(m_durationValue, false);
    }
    m_path = path;
    m_loading = true;
    // The previous image stays until this one is decoded; the title says what is coming.
    m_titleLabel->setFullText(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_titleLabel->setToolTip(QDir::toNativeSeparators(path));
    UiStyle::setTone(m_titleLabel, UiStyle::Tone::Muted);
    queueDecode({ path, readMetadata, ++m_generation, false, m_beforePath });
}

void ImageViewer::queueDecode(const DecodeJob &job)
{
    if (m_decoding)
        m_queued = job; // replaces any older wish: only the latest is worth decoding
    else
        startDecode(job);
}

void ImageViewer::startDecode(const DecodeJob &job)
{
    m_decoding = new QFutureWatcher<Decoded>(this);
    connect(m_decoding, &QFutureWatcherBase::finished, this, [this, watcher = m_decoding] {
        const Decoded decoded = watcher->result();
        watcher->deleteLater();
        m_decoding = nullptr;
        if (decoded.generation == m_generation)
            applyDecoded(decoded);
        if (m_queued)
            startDecode(*std::exchange(m_queued, std::nullopt));
    });
    m_decoding->setFuture(QtConcurrent::run(&ImageViewer::decode, job));
}

void ImageViewer::applyDecoded(const Decoded &decoded)
{
    m_loading = false;
    if (decoded.metadataRead) {
        m_provenance = decoded.provenance;
        // What the file says it was made from, found in this library where it can be.
        const QList<RequestInput> inputs
                = m_provenance ? m_provenance->request.inputs : QList<RequestInput>();
        QList<LineageSource> madeFrom;
        if (m_library) {
            madeFrom = m_library->resolveInputs(inputs);
        } else {
            for (const RequestInput &input : inputs)
                madeFrom.append(LineageSource::outside(input));
        }
        const QList<LibraryEntry> usedIn
                = m_library ? m_library->usedIn(decoded.sha256) : QList<LibraryEntry>();
        setLineage(madeFrom, usedIn, decoded.video);
    }
    if (decoded.video) {
        setVideoShape(decoded.videoSize, decoded.videoDurationMs);
        fillPanel();
        emit loaded();
        return;
    }
    m_zoom->setImage(decoded.image); // at fit, whatever the last image was zoomed to
    m_compare->setImages(decoded.before, decoded.image);
    m_compareButton->setVisible(canCompare());
    if (isComparing() && !canCompare())
        setComparing(false);
    if (decoded.image.isNull()) {
        // The reason is the point: never cut, and whole in the tooltip where the bar is narrow.
        const QString why
                = tr("%1 — cannot be shown: %2").arg(QFileInfo(m_path).fileName(), decoded.error);
        m_titleLabel->setFullText(why, Qt::ElideNone);
        m_titleLabel->setToolTip(why + QLatin1Char('\n') + QDir::toNativeSeparators(m_path));
        UiStyle::setTone(m_titleLabel, UiStyle::Tone::Error);
    } else {
        m_titleLabel->setFullText(
                tr("%1 × %2").arg(decoded.image.width()).arg(decoded.image.height()));
        UiStyle::setTone(m_titleLabel, UiStyle::Tone::Muted);
    }
    fillPanel();
    emit loaded();
}

void ImageViewer::setFitToWindow(bool fit)
{
    if (fit)
        m_zoom->fitToView();
    else
        m_zoom->showActualSize();
}

bool ImageViewer::canCompare() const
{
    return !isShowingVideo() && m_compare->hasImages();
}

bool ImageViewer::isComparing() const
{
    return m_stage->currentWidget() == m_compare;
}

void ImageViewer::setComparing(bool compare)
{
    compare = compare && canCompare();
    if (compare)
        m_stage->setCurrentWidget(m_compare);
    else if (isComparing())
        m_stage->setCurrentWidget(m_zoom);
    // The comparison always fits the window: the control would say a level it does not show.
    m_zoomControl->setEnabled(!compare);
    m_zoomControl->setToolTip(compare ? tr("The comparison always fits the window; press C to "
                                           "zoom the image itself")
                                      : tr("Zoom: wheel, + and -, 0 fits the window, 1 is 100 %"));
    const QSignalBlocker blocker(m_compareButton);
    m_compareButton->setChecked(compare);
    updateOverlay();
}

bool ImageViewer::isFitToWindow() const
{
    return m_zoom->isFit();
}

void ImageViewer::step(int delta)
{
    if (!m_model || !m_index.isValid())
        return;
    // Skip entries without an image file (failed or running tasks).
    for (int row = m_index.row() + delta; row >= 0 && row < m_model->rowCount(); row += delta) {
        const QModelIndex candidate = m_model->index(row, 0);
        if (candidate.data(m_entryRole).value<LibraryEntry>().output.isSaved()) {
            showIndex(candidate);
            return;
        }
    }
}

void ImageViewer::showPrevious()
{
    step(-1);
}

void ImageViewer::showNext()
{
    step(+1);
}

void ImageViewer::updateNavigation()
{
    const bool inGallery = m_model && m_index.isValid();
    m_previousButton->setEnabled(inGallery && m_index.row() > 0);
    m_nextButton->setEnabled(inGallery && m_index.row() + 1 < m_model->rowCount());
    updateOverlay();
}

void ImageViewer::keyPressEvent(QKeyEvent *event)
{
    if (isShowingVideo()) {
        switch (event->key()) {
        case Qt::Key_Space:
        case Qt::Key_K:
        case Qt::Key_Comma:
        case Qt::Key_Period:
        case Qt::Key_M:
        case Qt::Key_L:
        case Qt::Key_F11:
            QCoreApplication::sendEvent(m_player, event);
            return;
        default:
            break;
        }
    }
    switch (event->key()) {
    case Qt::Key_Escape:
        // In full screen, Esc leaves it (and stays in the viewer).
        if (m_fullScreen)
            emit fullScreenRequested(false);
        else
            emit closeRequested();
        return;
    case Qt::Key_F:
        emit fullScreenRequested(!m_fullScreen);
        return;
    case Qt::Key_Left:
    case Qt::Key_PageUp:
        showPrevious();
        return;
    case Qt::Key_Right:
    case Qt::Key_PageDown:
    case Qt::Key_Space:
        showNext();
        return;
    case Qt::Key_0:
    case Qt::Key_1:
    case Qt::Key_Plus:
    case Qt::Key_Equal:
    case Qt::Key_Minus:
        // The zoom keys, wherever the focus is in the viewer; they zoom the image itself.
        setComparing(false);
        QCoreApplication::sendEvent(m_zoom, event);
        return;
    case Qt::Key_C:
        if (canCompare())
            setComparing(!isComparing());
        return;
    case Qt::Key_B:
        // Flip between what it was made from and what it is (entering the comparison first).
        if (canCompare() && !event->isAutoRepeat()) {
            if (isComparing()) {
                m_compare->flip();
            } else {
                setComparing(true);
                m_compare->setShowing(BeforeAfterView::Showing::Before);
            }
        }
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}
