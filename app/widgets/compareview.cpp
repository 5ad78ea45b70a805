#include "widgets/compareview.h"

#include "domain/taskrecord.h"
#include "library/libraryquery.h"
#include "models/displaytext.h"
#include "widgets/elidedlabel.h"
#include "widgets/imageviewer.h"
#include "widgets/uistyle.h"
#include "widgets/zoomcontrol.h"
#include "widgets/zoomview.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {

struct Decoded
{
    QImage image;
    QString error;
};

} // namespace

CompareView::CompareView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("compareView"));
    setAccessibleName(tr("Compare"));
    setFocusPolicy(Qt::StrongFocus);

    auto *back = new QToolButton(this);
    back->setText(tr("Gallery"));
    back->setToolTip(tr("Back to the gallery (Esc)"));
    back->setAccessibleName(tr("Gallery"));
    back->setIcon(QIcon::fromTheme(QStringLiteral("go-previous"),
                                   style()->standardIcon(QStyle::SP_ArrowBack)));
    back->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    back->setAutoRaise(true);
    m_zoomControl = new ZoomControl(this);
    m_titleLabel = new ElidedLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("compareTitleLabel"));
    UiStyle::setTone(m_titleLabel, UiStyle::Tone::Muted);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 4);
    bar->setSpacing(2);
    bar->addWidget(back);
    bar->addSpacing(8);
    bar->addWidget(m_zoomControl);
    bar->addSpacing(12);
    bar->addWidget(m_titleLabel, 1);

    m_grid = new QGridLayout;
    m_grid->setContentsMargins(4, 0, 4, 4);
    m_grid->setSpacing(6);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addLayout(m_grid, 1);

    connect(back, &QToolButton::clicked, this, &CompareView::closeRequested);
}

CompareView::~CompareView() = default;

QString CompareView::refusal(int count)
{
    if (count < MinimumCount)
        return tr("Select two to four images to compare them (Ctrl+click adds one).");
    if (count > MaximumCount)
        return tr("Compare shows at most four images side by side: %1 are selected.").arg(count);
    return {};
}

QString CompareView::refusal(const QList<LibraryEntry> &selection)
{
    int images = 0;
    for (const LibraryEntry &entry : selection) {
        if (!entry.output.isSaved())
            continue;
        if (entry.output.isVideo()
            || entry.output.filePath.endsWith(QLatin1String(".mp4"), Qt::CaseInsensitive))
            return tr("Compare shows images, not videos: leave the videos out of the selection.");
        ++images;
    }
    return refusal(images);
}

bool CompareView::setEntries(const QList<LibraryEntry> &selection)
{
    QList<Item> items;
    for (const LibraryEntry &entry : selection) {
        if (entry.output.isSaved())
            items << itemOf(entry);
    }
    return setItems(items);
}

CompareView::Item CompareView::itemOf(const LibraryEntry &entry)
{
    const GenerationRequest &request = entry.task.request;
    QStringList parts;
    if (!request.model.isEmpty())
        parts << DisplayText::modelName(request.model);
    const QSize size = entry.output.pixelSize.isValid() ? entry.output.pixelSize : request.size;
    if (size.isValid())
        parts << tr("%1 × %2").arg(size.width()).arg(size.height());
    const std::optional<qint64> seed
            = entry.output.seed >= 0 ? std::optional<qint64>(entry.output.seed) : request.seed;
    if (seed)
        parts << tr("seed %1").arg(*seed);
    Item item;
    item.path = entry.output.filePath;
    item.caption = parts.isEmpty() ? QFileInfo(item.path).fileName()
                                   : parts.join(QStringLiteral("  ·  "));
    QStringList tip { item.caption };
    if (!request.model.isEmpty())
        tip << DisplayText::modelNameWithId(request.model);
    if (!request.prompt.isEmpty())
        tip << request.prompt;
    tip << QDir::toNativeSeparators(item.path);
    item.toolTip = tip.join(QLatin1Char('\n'));
    return item;
}

void CompareView::clear()
{
    for (const Pane &pane : std::as_const(m_panes))
        delete pane.frame;
    m_panes.clear();
    m_zoomControl->setView(nullptr);
}

bool CompareView::setItems(const QList<Item> &items)
{
    clear();
    ++m_generation;
    m_pending = 0;
    if (!refusal(int(items.size())).isEmpty())
        return false;
    m_titleLabel->setFullText(
            tr("Comparing %n images: zoom and pan move them all", nullptr, int(items.size())));
    // Two or three in a row; four in two rows of two.
    const int columns = items.size() == 4 ? 2 : int(items.size());
    for (int i = 0; i < items.size(); ++i) {
        const Item &item = items.at(i);
        Pane pane;
        pane.frame = new QWidget(this);
        auto *column = new QVBoxLayout(pane.frame);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(2);
        pane.view = new ZoomView(pane.frame);
        pane.view->setObjectName(QStringLiteral("comparePane%1").arg(i + 1));
        pane.view->setAccessibleName(tr("Image %1").arg(i + 1));
        pane.caption = new ElidedLabel(pane.frame);
        pane.caption->setFullText(tr("Loading %1…").arg(QFileInfo(item.path).fileName()));
        pane.caption->setToolTip(item.toolTip);
        pane.caption->setAlignment(Qt::AlignHCenter);
        UiStyle::setTone(pane.caption, UiStyle::Tone::Muted);
        column->addWidget(pane.view, 1);
        column->addWidget(pane.caption);
        m_grid->addWidget(pane.frame, i / columns, i % columns);
        m_panes.append(pane);
        ZoomView *view = pane.view;
        connect(view, &ZoomView::zoomChanged, this, [this, view] { follow(view); });
        connect(view, &ZoomView::panned, this, [this, view] { follow(view); });

        // Decoded off the GUI thread, by the viewer's reader (its limits and its sentences).
        ++m_pending;
        auto *watcher = new QFutureWatcher<Decoded>(this);
        connect(watcher, &QFutureWatcherBase::finished, this,
                [this, watcher, generation = m_generation, i, item] {
                    const Decoded decoded = watcher->result();
                    watcher->deleteLater();
                    if (generation != m_generation || i >= m_panes.size())
                        return;
                    const Pane &shown = m_panes.at(i);
                    shown.view->setImage(decoded.image);
                    if (decoded.image.isNull()) {
                        shown.caption->setFullText(
                                tr("%1 — cannot be shown: %2")
                                        .arg(QFileInfo(item.path).fileName(), decoded.error));
                        UiStyle::setTone(shown.caption, UiStyle::Tone::Error);
                    } else {
                        shown.caption->setFullText(item.caption);
                        UiStyle::setTone(shown.caption, UiStyle::Tone::Muted);
                    }
                    if (--m_pending == 0) {
                        follow(m_panes.first().view); // all at the first one's zoom
                        emit loaded();
                    }
                });
        watcher->setFuture(QtConcurrent::run([path = item.path] {
            Decoded decoded;
            decoded.image = ImageViewer::readImageFile(path, &decoded.error);
            return decoded;
        }));
    }
    m_zoomControl->setView(m_panes.first().view);
    return true;
}

ZoomView *CompareView::pane(int index) const
{
    return index >= 0 && index < m_panes.size() ? m_panes.at(index).view : nullptr;
}

QString CompareView::caption(int index) const
{
    return index >= 0 && index < m_panes.size() ? m_panes.at(index).caption->fullText() : QString();
}

void CompareView::follow(const ZoomView *leader)
{
    if (m_following)
        return;
    m_following = true; // the others' own signals do not lead in turn
    const QPointF center = leader->centerFraction();
    for (const Pane &pane : std::as_const(m_panes)) {
        if (pane.view == leader || pane.view->image().isNull())
            continue;
        if (leader->isFit())
            pane.view->fitToView();
        else
            pane.view->setZoom(leader->zoom());
        pane.view->setCenterFraction(center);
    }
    m_following = false;
}

void CompareView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Escape:
        emit closeRequested();
        return;
    case Qt::Key_0:
    case Qt::Key_1:
    case Qt::Key_Plus:
    case Qt::Key_Equal:
    case Qt::Key_Minus:
        // The first pane zooms; the others follow it.
        if (!m_panes.isEmpty())
            QCoreApplication::sendEvent(m_panes.first().view, event);
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}
