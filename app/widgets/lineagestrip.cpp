#include "widgets/lineagestrip.h"

#include "widgets/uistyle.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QImageReader>
#include <QLabel>
#include <QPainter>
#include <QPointer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {

constexpr int TileWidth = LineageStrip::ThumbnailSize + 22;

QString roleText(InputRole role)
{
    switch (role) {
    case InputRole::Image:
        return LineageStrip::tr("Image");
    case InputRole::Mask:
        return LineageStrip::tr("Mask");
    case InputRole::FirstFrame:
        return LineageStrip::tr("First frame");
    case InputRole::LastFrame:
        return LineageStrip::tr("Last frame");
    case InputRole::DrivingAudio:
        return LineageStrip::tr("Audio");
    }
    return {};
}

// On a worker thread: the image at `path` scaled down to a tile; null when it cannot be read.
QImage readThumbnail(const QString &path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    reader.setAllocationLimit(128);
    const QSize size = reader.size();
    if (size.isValid()) {
        reader.setScaledSize(size.scaled(LineageStrip::ThumbnailSize, LineageStrip::ThumbnailSize,
                                         Qt::KeepAspectRatio)
                                     .expandedTo(QSize(1, 1)));
    }
    return reader.read();
}

QStringList keysOf(const QList<LineageSource> &madeFrom, const QList<LibraryEntry> &usedIn)
{
    QStringList keys;
    for (const LineageSource &source : madeFrom) {
        keys << QStringLiteral("%1 %2 %3")
                        .arg(int(source.state))
                        .arg(source.entry.output.id)
                        .arg(source.filePath());
    }
    keys << QStringLiteral("|");
    for (const LibraryEntry &entry : usedIn)
        keys << QString::number(entry.output.id);
    return keys;
}

} // namespace

LineageStrip::LineageStrip(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("lineageStrip"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    const auto title = [this](const QString &text) {
        auto *label = new QLabel(text, this);
        QFont font = label->font();
        font.setWeight(QFont::DemiBold);
        label->setFont(font);
        return label;
    };
    m_madeFromTitle = title(tr("Made from"));
    m_madeFromTitle->setObjectName(QStringLiteral("madeFromTitle"));
    m_madeFromGrid = new QWidget(this);
    m_madeFromGrid->setAccessibleName(tr("Made from"));
    new QGridLayout(m_madeFromGrid);
    m_usedInTitle = title(tr("Used in"));
    m_usedInTitle->setObjectName(QStringLiteral("usedInTitle"));
    m_usedInGrid = new QWidget(this);
    m_usedInGrid->setAccessibleName(tr("Used in"));
    new QGridLayout(m_usedInGrid);
    for (QWidget *grid : { m_madeFromGrid, m_usedInGrid }) {
        auto *gridLayout = static_cast<QGridLayout *>(grid->layout());
        gridLayout->setContentsMargins(0, 0, 0, 0);
        gridLayout->setSpacing(4);
        gridLayout->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    }
    m_moreLabel = new QLabel(this);
    m_moreLabel->setWordWrap(true);
    UiStyle::setTone(m_moreLabel, UiStyle::Tone::Muted);
    layout->addWidget(m_madeFromTitle);
    layout->addWidget(m_madeFromGrid);
    layout->addSpacing(6);
    layout->addWidget(m_usedInTitle);
    layout->addWidget(m_usedInGrid);
    layout->addWidget(m_moreLabel);
    clear();
}

LineageStrip::~LineageStrip() = default;

void LineageStrip::clear()
{
    ++m_generation;
    m_pending = 0;
    qDeleteAll(m_madeFromTiles);
    qDeleteAll(m_usedInTiles);
    m_madeFromTiles.clear();
    m_usedInTiles.clear();
    m_columns = 0;
    m_shown.clear();
    m_madeFromTitle->hide();
    m_madeFromGrid->hide();
    m_usedInTitle->hide();
    m_usedInGrid->hide();
    m_moreLabel->hide();
    setVisible(false);
}

QImage LineageStrip::placeholder(const QString &name, const QString &note, QSize size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor(0x9e, 0x9e, 0x9e));
    QPainter painter(&image);
    painter.setPen(QColor(0x5f, 0x5f, 0x5f));
    painter.drawRect(image.rect().adjusted(0, 0, -1, -1));
    QFont font = painter.font();
    font.setPixelSize(std::max(8, size.height() / 7));
    painter.setFont(font);
    painter.setPen(Qt::white);
    const QRect text = image.rect().adjusted(3, 3, -3, -3);
    // The name on up to three lines at the top (broken anywhere: file names have no spaces), its
    // end kept on the last one (the extension says what it was); the note across the bottom.
    const QFontMetrics metrics(font);
    QStringList lines;
    QString rest = name;
    while (!rest.isEmpty() && lines.size() < 3) {
        int fits = 1;
        while (fits < rest.size() && metrics.horizontalAdvance(rest.left(fits + 1)) <= text.width())
            ++fits;
        if (lines.size() == 2 && fits < rest.size()) {
            lines << metrics.elidedText(rest, Qt::ElideLeft, text.width());
            break;
        }
        lines << rest.left(fits);
        rest = rest.mid(fits);
    }
    painter.drawText(text, Qt::AlignHCenter | Qt::AlignTop, lines.join(QLatin1Char('\n')));
    font.setBold(true);
    painter.setFont(font);
    painter.drawText(text, Qt::AlignHCenter | Qt::AlignBottom | Qt::TextWordWrap, note);
    return image;
}

QToolButton *LineageStrip::makeTile(const QString &label, const QString &tip)
{
    auto *tile = new QToolButton(this);
    tile->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    tile->setAutoRaise(true);
    tile->setIconSize(QSize(ThumbnailSize, ThumbnailSize));
    tile->setFixedWidth(TileWidth);
    tile->setText(QFontMetrics(tile->font()).elidedText(label, Qt::ElideRight, TileWidth - 6));
    tile->setToolTip(tip);
    tile->setAccessibleName(label);
    tile->setAccessibleDescription(tip);
    setTileImage(tile, placeholder(QString(), QString(), QSize(ThumbnailSize, ThumbnailSize)));
    return tile;
}

void LineageStrip::setTileImage(QToolButton *tile, const QImage &image)
{
    const QPixmap pixmap = QPixmap::fromImage(image);
    QIcon icon;
    // The same picture when the tile cannot be clicked: a deleted input is grey already.
    icon.addPixmap(pixmap, QIcon::Normal);
    icon.addPixmap(pixmap, QIcon::Disabled);
    tile->setIcon(icon);
    tile->setProperty("thumbnailLoaded", !image.isNull());
}

void LineageStrip::loadThumbnail(QToolButton *tile, const QString &path)
{
    ++m_pending;
    auto *watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, tile = QPointer<QToolButton>(tile), generation = m_generation] {
                watcher->deleteLater();
                if (generation != m_generation)
                    return;
                --m_pending;
                if (!tile)
                    return;
                const QImage image = watcher->result();
                if (!image.isNull())
                    setTileImage(tile, image);
                else
                    setTileImage(
                            tile,
                            placeholder(QFileInfo(tile->property("path").toString()).fileName(),
                                        tr("cannot be read"), QSize(ThumbnailSize, ThumbnailSize)));
            });
    tile->setProperty("path", path);
    watcher->setFuture(QtConcurrent::run(&readThumbnail, path));
}

bool LineageStrip::isShowing(const QList<LineageSource> &madeFrom,
                             const QList<LibraryEntry> &usedIn) const
{
    return m_shown == keysOf(madeFrom, usedIn);
}

void LineageStrip::setLineage(const QList<LineageSource> &madeFrom,
                              const QList<LibraryEntry> &usedIn)
{
    clear();
    m_shown = keysOf(madeFrom, usedIn);
    for (const LineageSource &source : madeFrom) {
        const RequestInput &input = source.input;
        const QString name = !input.localPath.isEmpty() ? QFileInfo(input.localPath).fileName()
                                                        : input.url.section(u'/', -1);
        const QString role = roleText(input.role);
        QString where;
        switch (source.state) {
        case LineageSource::State::InLibrary:
            where = tr("In the library: %1")
                            .arg(QDir::toNativeSeparators(source.entry.output.filePath));
            break;
        case LineageSource::State::OnDisk:
            where = tr("Not in the library; the file is still at %1")
                            .arg(QDir::toNativeSeparators(input.localPath));
            break;
        case LineageSource::State::Missing:
            where = tr("Deleted: no longer in the library or on disk (was %1)")
                            .arg(QDir::toNativeSeparators(input.localPath));
            break;
        case LineageSource::State::Remote:
            where = tr("Sent as a link: %1").arg(input.url);
            break;
        }
        const QString tip = tr("%1: %2\n%3\nSHA-256 %4")
                                    .arg(role, name, where, QString::fromLatin1(input.sha256));
        QToolButton *tile = makeTile(role, tip);
        const QString path = source.filePath();
        const bool video = source.isInLibrary() && source.entry.output.isVideo();
        const QString picture = video ? source.entry.output.posterPath : path;
        if (source.state == LineageSource::State::Missing
            || source.state == LineageSource::State::Remote || input.role == InputRole::DrivingAudio
            || picture.isEmpty()) {
            const QString note = source.state == LineageSource::State::Missing ? tr("deleted")
                    : source.state == LineageSource::State::Remote             ? tr("link")
                                                                               : QString();
            setTileImage(tile, placeholder(name, note, QSize(ThumbnailSize, ThumbnailSize)));
        } else {
            loadThumbnail(tile, picture);
        }
        // Still enabled when there is nothing to open: a disabled button shows no tooltip, and
        // the tooltip is where its path and hash are.
        tile->setProperty("opens",
                          source.isInLibrary() || source.state == LineageSource::State::OnDisk);
        connect(tile, &QToolButton::clicked, this, [this, source] {
            if (source.isInLibrary())
                emit entryActivated(source.entry);
            else if (source.state == LineageSource::State::OnDisk)
                emit fileActivated(source.input.localPath);
        });
        m_madeFromTiles.append(tile);
    }
    for (const LibraryEntry &entry : usedIn.mid(0, MaxUsedIn)) {
        const QString name = QFileInfo(entry.output.filePath).fileName();
        const QString tip = tr("%1\n%2\n%3")
                                    .arg(entry.task.request.prompt, entry.task.request.model,
                                         QDir::toNativeSeparators(entry.output.filePath));
        QToolButton *tile = makeTile(entry.output.isVideo() ? tr("Video") : tr("Image"), tip);
        tile->setAccessibleName(name);
        const QString picture
                = entry.output.isVideo() ? entry.output.posterPath : entry.output.filePath;
        if (picture.isEmpty())
            setTileImage(tile, placeholder(name, tr("video"), QSize(ThumbnailSize, ThumbnailSize)));
        else
            loadThumbnail(tile, picture);
        connect(tile, &QToolButton::clicked, this, [this, entry] { emit entryActivated(entry); });
        m_usedInTiles.append(tile);
    }
    const int more = int(usedIn.size()) - int(m_usedInTiles.size());
    m_moreLabel->setText(tr("and %n more", nullptr, more));
    m_moreLabel->setVisible(more > 0);
    m_madeFromTitle->setVisible(!m_madeFromTiles.isEmpty());
    m_madeFromGrid->setVisible(!m_madeFromTiles.isEmpty());
    m_usedInTitle->setVisible(!m_usedInTiles.isEmpty());
    m_usedInGrid->setVisible(!m_usedInTiles.isEmpty());
    setVisible(!m_madeFromTiles.isEmpty() || !m_usedInTiles.isEmpty());
    relayout();
}

void LineageStrip::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void LineageStrip::relayout()
{
    // As many tiles a row as the panel's width holds: the height follows, never the width.
    const int columns = std::max(1, (width() + 4) / (TileWidth + 4));
    if (columns == m_columns)
        return;
    m_columns = columns;
    const auto place = [columns](QWidget *grid, const QList<QToolButton *> &tiles) {
        auto *layout = static_cast<QGridLayout *>(grid->layout());
        for (QToolButton *tile : tiles)
            layout->removeWidget(tile);
        for (qsizetype i = 0; i < tiles.size(); ++i) {
            tiles.at(i)->setParent(grid);
            layout->addWidget(tiles.at(i), int(i / columns), int(i % columns));
            tiles.at(i)->show();
        }
    };
    place(m_madeFromGrid, m_madeFromTiles);
    place(m_usedInGrid, m_usedInTiles);
}
