#include "widgets/imageviewer.h"

#include "domain/region.h"
#include "library/library.h"
#include "library/videofile.h"
#include "models/gallerymodel.h"
#include "widgets/elidedlabel.h"
#include "widgets/uistyle.h"
#include "widgets/videoplayer.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

// Paints the image: scaled to fit the viewport, or at 100 % inside the scroll area.
class ImageCanvas final : public QWidget
{
public:
    explicit ImageCanvas(QWidget *parent) : QWidget(parent)
    {
        setAttribute(Qt::WA_OpaquePaintEvent, false);
        setMinimumSize(64, 64);
    }
    void setImage(const QImage &image)
    {
        m_image = image;
        if (!m_fit)
            resize(actualSize());
        update();
    }
    QImage image() const { return m_image; }
    void setFit(bool fit)
    {
        m_fit = fit;
        if (!fit)
            resize(actualSize());
        update();
    }
    bool fit() const { return m_fit; }
    QSize actualSize() const
    {
        return m_image.isNull() ? QSize(64, 64)
                                : (QSizeF(m_image.size()) / devicePixelRatioF()).toSize();
    }
    QSize sizeHint() const override { return m_fit ? QSize(400, 400) : actualSize(); }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        if (m_image.isNull())
            return;
        QSizeF size = QSizeF(m_image.size()) / devicePixelRatioF();
        if (m_fit) {
            const QSizeF available = QSizeF(this->size()) - QSizeF(16, 16);
            if (size.width() > available.width() || size.height() > available.height())
                size.scale(available, Qt::KeepAspectRatio);
        }
        const QRectF target(
                QPointF((width() - size.width()) / 2.0, (height() - size.height()) / 2.0), size);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(target, m_image);
    }

private:
    QImage m_image;
    bool m_fit = true;
};

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

QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("—") : text;
}

} // namespace

ImageViewer::ImageViewer(QWidget *parent) : QWidget(parent)
{
    setAccessibleName(tr("Image viewer"));
    setFocusPolicy(Qt::StrongFocus);

    // Top bar.
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 4);
    bar->setSpacing(2);
    m_backButton = makeButton(this, tr("Gallery"), tr("Back to the gallery (Esc)"),
                              QIcon::fromTheme(QStringLiteral("go-previous"),
                                               style()->standardIcon(QStyle::SP_ArrowBack)));
    m_previousButton = makeButton(this, tr("Previous"), tr("Previous image (Left)"),
                                  style()->standardIcon(QStyle::SP_ArrowLeft));
    m_nextButton = makeButton(this, tr("Next"), tr("Next image (Right)"),
                              style()->standardIcon(QStyle::SP_ArrowRight));
    m_fitButton = makeButton(this, tr("Fit"), tr("Fit the image to the window (F)"));
    m_fitButton->setCheckable(true);
    m_actualSizeButton = makeButton(this, tr("100 %"), tr("Show the image at its actual size (1)"));
    m_actualSizeButton->setCheckable(true);
    m_reuseButton = makeButton(this, tr("&Reuse Settings"),
                               tr("Fill the prompt form with the settings of this image"));
    m_reuseButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_titleLabel = new ElidedLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("viewerTitleLabel"));
    m_titleLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_titleLabel->setAccessibleName(tr("Image file"));
    bar->addWidget(m_backButton);
    bar->addSpacing(8);
    bar->addWidget(m_previousButton);
    bar->addWidget(m_nextButton);
    bar->addSpacing(8);
    bar->addWidget(m_fitButton);
    bar->addWidget(m_actualSizeButton);
    bar->addSpacing(12);
    bar->addWidget(m_titleLabel, 1);
    bar->addWidget(m_reuseButton);

    // The image.
    m_canvas = new ImageCanvas(this);
    m_canvas->setAccessibleName(tr("Image"));
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_canvas);
    m_scroll->setWidgetResizable(true);
    m_scroll->setAlignment(Qt::AlignCenter);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setBackgroundRole(QPalette::Dark);
    m_scroll->setAccessibleName(tr("Image area"));
    m_scroll->setMinimumWidth(240);
    m_player = new VideoPlayer(this);
    m_stage = new QStackedWidget(this);
    m_stage->addWidget(m_scroll);
    m_stage->addWidget(m_player);

    // The side panel.
    auto *panel = new QWidget(this);
    panel->setAccessibleName(tr("Image details"));
    auto *panelLayout = new QVBoxLayout(panel);
    panelLayout->setContentsMargins(12, 8, 12, 8);
    m_noMetadataLabel = new QLabel(panel);
    m_noMetadataLabel->setObjectName(QStringLiteral("noMetadataLabel"));
    m_noMetadataLabel->setWordWrap(true);
    m_noMetadataLabel->hide();
    panelLayout->addWidget(m_noMetadataLabel);
    m_panelFields = new QWidget(panel);
    auto *form = new QFormLayout(m_panelFields);
    form->setContentsMargins(0, 0, 0, 0);
    form->setRowWrapPolicy(QFormLayout::WrapAllRows);
    form->setVerticalSpacing(4);
    panelLayout->addWidget(m_panelFields);
    panelLayout->addStretch(1);
    addField(tr("Prompt"), &m_promptValue, tr("Prompt"));
    addField(tr("Extended prompt"), &m_actualPromptValue, tr("Extended prompt"));
    addField(tr("Negative prompt"), &m_negativeValue, tr("Negative prompt"));
    addField(tr("Model"), &m_modelValue, tr("Model"));
    addField(tr("Size"), &m_sizeValue, tr("Size"));
    addField(tr("Duration"), &m_durationValue, tr("Duration"));
    addField(tr("Seed"), &m_seedValue, tr("Seed"));
    addField(tr("Region"), &m_regionValue, tr("Region"));
    addField(tr("Task ID"), &m_taskIdValue, tr("Task ID"));
    addField(tr("Request ID"), &m_requestIdValue, tr("Request ID"));
    addField(tr("Created"), &m_timeValue, tr("Created"));
    addField(tr("File"), &m_fileValue, tr("File"));
    auto *panelScroll = new QScrollArea(this);
    panelScroll->setWidget(panel);
    panelScroll->setWidgetResizable(true);
    panelScroll->setFrameShape(QFrame::NoFrame);
    panelScroll->setMinimumWidth(240);
    panelScroll->setAccessibleName(tr("Image details"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("viewerSplitter"));
    splitter->addWidget(m_stage);
    splitter->addWidget(panelScroll);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setSizes({ 700, 300 });
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

    connect(m_backButton, &QToolButton::clicked, this, &ImageViewer::closeRequested);
    connect(m_previousButton, &QToolButton::clicked, this, &ImageViewer::showPrevious);
    connect(m_nextButton, &QToolButton::clicked, this, &ImageViewer::showNext);
    connect(m_fitButton, &QToolButton::clicked, this, [this] { setFitToWindow(true); });
    connect(m_actualSizeButton, &QToolButton::clicked, this, [this] { setFitToWindow(false); });
    connect(m_reuseButton, &QToolButton::clicked, this, [this] {
        if (const auto request = reusableRequest())
            emit reuseRequested(*request);
    });
    setFitToWindow(true);
    static_cast<QFormLayout *>(m_panelFields->layout())->setRowVisible(m_durationValue, false);
    updateNavigation();
}

ImageViewer::~ImageViewer() = default;

void ImageViewer::hideEvent(QHideEvent *event)
{
    // Back to the gallery: the video stops, and with it its sound.
    m_player->stop();
    QWidget::hideEvent(event);
}

void ImageViewer::addField(const QString &label, QLabel **value, const QString &accessibleName)
{
    auto *form = static_cast<QFormLayout *>(m_panelFields->layout());
    auto *title = new QLabel(label, m_panelFields);
    QFont font = title->font();
    font.setWeight(QFont::DemiBold);
    title->setFont(font);
    *value = new QLabel(m_panelFields);
    (*value)->setWordWrap(true);
    (*value)->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    (*value)->setFocusPolicy(Qt::TabFocus);
    (*value)->setAccessibleName(accessibleName);
    (*value)->setTextFormat(Qt::PlainText);
    title->setBuddy(*value);
    form->addRow(title, *value);
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
    return p;
}

GenerationRequest ImageViewer::requestOf(const ImageProvenance &provenance)
{
    return provenance.request;
}

std::optional<GenerationRequest> ImageViewer::reusableRequest() const
{
    if (m_index.isValid()) {
        const auto entry = m_index.data(m_entryRole).value<LibraryEntry>();
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
    const auto entry = index.data(m_entryRole).value<LibraryEntry>();
    m_index = index;
    m_provenance = provenanceOf(entry);
    if (entry.output.isVideo()) {
        qint64 durationMs = entry.output.durationMs;
        if (durationMs <= 0)
            durationMs = index.data(GalleryModel::DurationRole).toLongLong();
        showVideo(entry.output.filePath, entry.output.pixelSize, durationMs);
    } else {
        load(entry.output.filePath, false);
    }
    fillPanel();
    updateNavigation();
    emit currentIndexChanged(index);
}

void ImageViewer::showFile(const QString &path)
{
    m_index = QPersistentModelIndex();
    m_provenance.reset(); // read from the file by the worker, with the image
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
    return m_canvas->image();
}

struct ImageViewer::Decoded
{
    quint64 generation = 0;
    QImage image;
    QString error; // why it cannot be shown, a sentence; empty when `image` is there
    bool metadataRead = false; // DecodeJob::readMetadata: `provenance` is the file's
    std::optional<ImageProvenance> provenance;
    bool video = false;
    QSize videoSize; // a video's, from the file
    qint64 videoDurationMs = 0;
};

ImageViewer::Decoded ImageViewer::decode(const DecodeJob &job)
{
    Decoded decoded;
    decoded.generation = job.generation;
    decoded.metadataRead = job.readMetadata;
    if (job.video) {
        // Our MP4s carry the same JSON as our PNGs, in their comment tag.
        decoded.video = true;
        if (job.readMetadata) {
            if (const auto json = VideoFile::readProvenance(job.path))
                decoded.provenance = ImageMetadata::fromProvenanceJson(*json);
        }
        const VideoInfo info = VideoFile::probe(job.path);
        decoded.videoSize = info.pixelSize;
        decoded.videoDurationMs = info.durationMs;
        return decoded;
    }
    if (job.readMetadata)
        decoded.provenance = ImageMetadata::readFile(job.path); // bounded: chunks, inflate, text
    QImageReader reader(job.path);
    reader.setAutoTransform(true);
    // The same bound as downloads: a header may declare far more than the file holds.
    reader.setAllocationLimit(int(ImageMetadata::MaxPixels * 4 / (1024 * 1024)));
    const QSize size = reader.size();
    if (size.isValid() && qint64(size.width()) * size.height() > ImageMetadata::MaxPixels) {
        decoded.error = tr("at %1 × %2 pixels it is larger than the viewer can show.")
                                .arg(size.width())
                                .arg(size.height());
        return decoded;
    }
    decoded.image = reader.read();
    if (!decoded.image.isNull())
        return decoded;
    switch (reader.error()) {
    case QImageReader::FileNotFoundError:
        decoded.error = tr("the file is not there any more.");
        break;
    case QImageReader::DeviceError:
        decoded.error = tr("the file cannot be read (check its permissions).");
        break;
    case QImageReader::UnsupportedFormatError:
        decoded.error = tr("it is not an image this program can read.");
        break;
    case QImageReader::InvalidDataError:
        decoded.error = tr("the image data is damaged or incomplete.");
        break;
    default:
        decoded.error = reader.errorString();
        break;
    }
    return decoded;
}

bool ImageViewer::isShowingVideo() const
{
    return m_stage->currentWidget() == m_player;
}

void ImageViewer::showVideo(const QString &path, QSize size, qint64 durationMs, bool readMetadata)
{
    ++m_generation; // an image still being decoded is not shown over the video
    m_queued.reset();
    m_path = path;
    m_loading = false;
    m_canvas->setImage(QImage());
    m_stage->setCurrentWidget(m_player);
    m_player->setFile(path);
    // A video has no zoom of ours: the player fits it to the window.
    m_fitButton->hide();
    m_actualSizeButton->hide();
    m_reuseButton->setToolTip(tr("Fill the prompt form with the settings of this video"));
    setVideoShape(size, durationMs);
    if (readMetadata) {
        // It plays at once; its settings, size and length follow from a worker (loaded()).
        m_loading = true;
        fillPanel();
        queueDecode({ path, true, m_generation, true });
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
    auto *form = static_cast<QFormLayout *>(m_panelFields->layout());
    m_durationValue->setText(durationMs > 0 ? GalleryModel::durationText(durationMs)
                                            : QStringLiteral("—"));
    form->setRowVisible(m_durationValue, true);
}

void ImageViewer::load(const QString &path, bool readMetadata)
{
    if (m_stage->currentWidget() != m_scroll) {
        m_player->setFile(QString());
        m_stage->setCurrentWidget(m_scroll);
        m_fitButton->show();
        m_actualSizeButton->show();
        m_reuseButton->setToolTip(tr("Fill the prompt form with the settings of this image"));
        static_cast<QFormLayout *>(m_panelFields->layout())->setRowVisible(m_durationValue, false);
    }
    m_path = path;
    m_loading = true;
    // The previous image stays until this one is decoded; the title says what is coming.
    m_titleLabel->setFullText(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_titleLabel->setToolTip(QDir::toNativeSeparators(path));
    UiStyle::setTone(m_titleLabel, UiStyle::Tone::Muted);
    queueDecode({ path, readMetadata, ++m_generation });
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
    if (decoded.metadataRead)
        m_provenance = decoded.provenance;
    if (decoded.video) {
        setVideoShape(decoded.videoSize, decoded.videoDurationMs);
        fillPanel();
        emit loaded();
        return;
    }
    m_canvas->setImage(decoded.image);
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

void ImageViewer::fillPanel()
{
    m_noMetadataLabel->setText(isShowingVideo() ? tr("This video carries no generation settings.")
                                                : tr("This PNG carries no generation settings."));
    m_noMetadataLabel->setVisible(!m_provenance && !m_loading); // not known before it is read
    m_reuseButton->setEnabled(m_provenance.has_value());
    const ImageProvenance p = m_provenance.value_or(ImageProvenance());
    m_panelFields->setVisible(true);
    const GenerationRequest &request = p.request;
    m_promptValue->setText(orDash(request.prompt));
    m_actualPromptValue->setText(orDash(p.actualPrompt));
    m_negativeValue->setText(orDash(request.negativePrompt));
    m_modelValue->setText(orDash(request.model));
    m_sizeValue->setText(
            request.size.isValid()
                    ? tr("%1 × %2").arg(request.size.width()).arg(request.size.height())
                    : QStringLiteral("—"));
    m_seedValue->setText(request.seed ? QString::number(*request.seed) : QStringLiteral("—"));
    const auto region = regionFromId(p.region);
    m_regionValue->setText(region ? regionDisplayName(*region) : orDash(p.region));
    m_taskIdValue->setText(orDash(p.taskId));
    m_requestIdValue->setText(orDash(p.requestId));
    m_timeValue->setText(p.created.isValid()
                                 ? QLocale().toString(p.created.toLocalTime(), QLocale::LongFormat)
                                 : QStringLiteral("—"));
    m_fileValue->setText(QDir::toNativeSeparators(m_path));
}

void ImageViewer::setFitToWindow(bool fit)
{
    m_scroll->setWidgetResizable(fit);
    m_canvas->setFit(fit);
    if (fit)
        m_canvas->resize(m_scroll->viewport()->size());
    m_fitButton->setChecked(fit);
    m_actualSizeButton->setChecked(!fit);
}

bool ImageViewer::isFitToWindow() const
{
    return m_canvas->fit();
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
        emit closeRequested();
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
    case Qt::Key_F:
        setFitToWindow(true);
        return;
    case Qt::Key_1:
        setFitToWindow(false);
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}
