#include "widgets/taskprogressdelegate.h"

#include "models/tasklistmodel.h"
#include "widgets/hintlistview.h"
#include "widgets/uistyle.h"

#include <QApplication>
#include <QPainter>
#include <QTextLayout>
#include <utility>

namespace {

constexpr int Padding = 8;
constexpr int Spacing = 3;
constexpr int DotSize = 10;
constexpr int BarHeight = 6;
constexpr int MaxErrorLines = 4;

QColor stateColor(TaskState state, const QPalette &palette)
{
    switch (state) {
    case TaskState::Queued:
    case TaskState::Canceled:
    case TaskState::Expired:
        return UiStyle::mutedColor(palette);
    case TaskState::Paused:
        return UiStyle::warningColor(palette);
    case TaskState::Submitting:
    case TaskState::Pending:
    case TaskState::Running:
    case TaskState::Downloading:
        return palette.color(QPalette::Highlight);
    case TaskState::Done:
        return UiStyle::successColor(palette);
    case TaskState::PartlyDone:
        return UiStyle::warningColor(palette);
    case TaskState::Failed:
        return UiStyle::errorColor(palette);
    }
    return palette.color(QPalette::Text);
}

// A paused task does not move here: a bar (or the moving stripe) would say it does.
bool hasProgressBar(TaskState state)
{
    return !isFinished(state) && state != TaskState::Paused;
}

QFont boldFont(const QFont &base)
{
    QFont font = base;
    font.setWeight(QFont::DemiBold);
    return font;
}

QFont smallFont(const QFont &base)
{
    QFont font = base;
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 0.9);
    return font;
}

} // namespace

// The two fonts of a row and their metrics, made again only when the view's font changes (each
// made anew cost a font-cache lookup per row per animation frame).
struct TaskProgressDelegate::Fonts
{
    explicit Fonts(const QFont &font)
        : base(font), bold(boldFont(font)), small(smallFont(font)), boldMetrics(bold),
          smallMetrics(small)
    { }

    QFont base;
    QFont bold;
    QFont small;
    QFontMetrics boldMetrics;
    QFontMetrics smallMetrics;
};

namespace {

// Where the progress bar of the task painted in `itemRect` goes, with a pixel of room around it.
QRect barRect(const QRect &itemRect, const QFontMetrics &bold, const QFontMetrics &small)
{
    const QRect r = itemRect.adjusted(Padding, Padding, -Padding, -Padding);
    const int left = r.left() + DotSize + 9;
    const int top = r.top() + bold.lineSpacing() + Spacing + small.lineSpacing() + Spacing + 1;
    return QRect(left - 1, top - 1, r.right() - left + 2, BarHeight + 2);
}

// Lays out `text` in `width`, at most `maxLines` lines (the last one elided); returns its height.
int layoutText(const QString &text, const QFont &font, int width, int maxLines, QPainter *painter,
               QPoint origin)
{
    if (text.isEmpty() || width <= 0)
        return 0;
    const QFontMetrics metrics(font);
    int height = 0;
    int lines = 0;
    const QStringList paragraphs = text.split(QLatin1Char('\n'));
    for (const QString &paragraph : paragraphs) {
        QTextLayout layout(paragraph, font);
        layout.beginLayout();
        while (true) {
            QTextLine line = layout.createLine();
            if (!line.isValid())
                break;
            line.setLineWidth(width);
            ++lines;
            const bool last = lines == maxLines;
            if (painter) {
                const QString lineText = last
                        ? metrics.elidedText(paragraph.mid(line.textStart()), Qt::ElideRight, width)
                        : paragraph.mid(line.textStart(), line.textLength());
                painter->drawText(QPoint(origin.x(), origin.y() + height + metrics.ascent()),
                                  lineText);
            }
            height += metrics.lineSpacing();
            if (last)
                break;
        }
        layout.endLayout();
        if (lines >= maxLines)
            break;
    }
    return height;
}

} // namespace

TaskProgressDelegate::TaskProgressDelegate(HintListView *view)
    : QStyledItemDelegate(view), m_view(view)
{
    m_clock.start();
    // 15 frames a second, the stripe crossing in 2 s: each frame moves it about as far as 20 a
    // second did with 1.6 s (a frame costs the same whatever it paints: 0.4 ms here).
    m_animation.setInterval(66);
    connect(&m_animation, &QTimer::timeout, this, &TaskProgressDelegate::animate);
}

TaskProgressDelegate::~TaskProgressDelegate() = default;

const TaskProgressDelegate::Fonts &TaskProgressDelegate::fontsFor(const QFont &base) const
{
    if (!m_fonts || m_fonts->base != base)
        m_fonts = std::make_unique<Fonts>(base);
    return *m_fonts;
}

bool TaskProgressDelegate::hasStripe(const QModelIndex &index)
{
    const auto state = TaskState(index.data(TaskListModel::StateRole).toInt());
    return hasProgressBar(state) && state != TaskState::Queued
            && index.data(TaskListModel::ProgressRole).toDouble() < 0;
}

void TaskProgressDelegate::animate()
{
    // Repaint the tracks of the stripes painted since the last frame; their paint records them
    // again while they still move. With none left (the tasks got an estimate or ended, the view
    // was hidden or scrolled them away), stop until paint() draws one again: a new task, or the
    // view shown again, repaints it through the model or the window.
    const QList<QRect> tracks = std::exchange(m_stripeTracks, {});
    if (tracks.isEmpty() || !m_view->isVisible()) {
        m_animation.stop();
        return;
    }
    const QRect visible = m_view->viewport()->rect();
    for (const QRect &track : tracks) {
        if (track.intersects(visible))
            m_view->viewport()->update(track);
    }
}

QSize TaskProgressDelegate::sizeHint(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    const QFont font = option.font;
    const Fonts &fonts = fontsFor(font);
    const QFontMetrics &bold = fonts.boldMetrics;
    const QFontMetrics &small = fonts.smallMetrics;
    const int width = (option.widget ? option.widget->width() : option.rect.width()) - 2 * Padding
            - DotSize - 8;
    int height = Padding + bold.lineSpacing() + Spacing + small.lineSpacing();
    const auto state = TaskState(index.data(TaskListModel::StateRole).toInt());
    if (hasProgressBar(state))
        height += Spacing + BarHeight + 2;
    const QString error = index.data(TaskListModel::ErrorTextRole).toString();
    if (!error.isEmpty())
        height += Spacing + layoutText(error, fonts.small, width, MaxErrorLines, nullptr, {});
    height += Padding;
    return QSize(std::max(200, width), height);
}

void TaskProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    // Background and selection as the style draws them, without text.
    opt.text.clear();
    opt.icon = QIcon();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const Fonts &fonts = fontsFor(option.font);
    const QRect barArea = barRect(option.rect, fonts.boldMetrics, fonts.smallMetrics);
    const bool moving = hasStripe(index);
    if (moving) {
        if (!m_stripeTracks.contains(barArea))
            m_stripeTracks.append(barArea);
        if (!m_animation.isActive())
            m_animation.start();
    }
    // The animation's frames paint only the track: the text around it stays as it is, so it is
    // not shaped and elided again at every frame.
    const QRegion exposed = m_view->regionBeingPainted().intersected(option.rect);
    const bool onlyTheBar
            = moving && !exposed.isEmpty() && barArea.contains(exposed.boundingRect());

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &palette = option.palette;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor muted = selected ? text : UiStyle::mutedColor(palette);
    if (selected)
        muted.setAlphaF(0.8);

    const QRect r = option.rect.adjusted(Padding, Padding, -Padding, -Padding);
    const auto state = TaskState(index.data(TaskListModel::StateRole).toInt());

    const QFont &bold = fonts.bold;
    const QFontMetrics &boldMetrics = fonts.boldMetrics;
    const QFont &small = fonts.small;
    const QFontMetrics &smallMetrics = fonts.smallMetrics;
    const QRect dot(r.left(), r.top() + (boldMetrics.height() - DotSize) / 2, DotSize, DotSize);
    const int left = dot.right() + 9;
    const int width = r.right() - left;
    int y = r.top() + boldMetrics.lineSpacing() + Spacing + smallMetrics.lineSpacing();

    if (!onlyTheBar) {
        // State dot. On the selection (drawn in the highlight colour) it keeps its contrast
        // with a ring.
        painter->setPen(Qt::NoPen);
        painter->setBrush(stateColor(state, palette));
        if (selected)
            painter->setPen(QPen(palette.color(QPalette::HighlightedText), 1.5));
        painter->drawEllipse(dot);
        painter->setPen(Qt::NoPen);

        // Line 1: prompt (elided) and, on the right, state and time.
        const int top = r.top();
        const QString status = index.data(TaskListModel::StatusTextRole).toString();
        const int statusWidth = std::min(smallMetrics.horizontalAdvance(status) + 6, width / 2);
        painter->setFont(small);
        const bool stateStandsOut
                = (isFinished(state) && state != TaskState::Done) || state == TaskState::Paused;
        painter->setPen(stateStandsOut && !selected ? stateColor(state, palette) : muted);
        painter->drawText(QRect(r.right() - statusWidth, top, statusWidth, boldMetrics.height()),
                          Qt::AlignRight | Qt::AlignVCenter,
                          smallMetrics.elidedText(status, Qt::ElideRight, statusWidth));
        painter->setFont(bold);
        painter->setPen(text);
        const QString prompt = index.data(Qt::DisplayRole).toString().simplified();
        painter->drawText(QRect(left, top, width - statusWidth - 12, boldMetrics.height()),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          boldMetrics.elidedText(prompt, Qt::ElideRight, width - statusWidth - 12));

        // Line 2: model, size, count, seed.
        painter->setFont(small);
        painter->setPen(muted);
        const QString detail = index.data(TaskListModel::DetailTextRole).toString();
        painter->drawText(QRect(left, top + boldMetrics.lineSpacing() + Spacing, width,
                                smallMetrics.height()),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          smallMetrics.elidedText(detail, Qt::ElideRight, width));
    }

    // Progress bar.
    if (hasProgressBar(state)) {
        y += Spacing + 1;
        const QRectF track(left, y, width, BarHeight);
        QColor trackColor = palette.color(QPalette::Mid);
        trackColor.setAlphaF(0.35);
        painter->setPen(Qt::NoPen);
        painter->setBrush(trackColor);
        painter->drawRoundedRect(track, BarHeight / 2.0, BarHeight / 2.0);
        QColor fill = selected ? palette.color(QPalette::HighlightedText)
                               : palette.color(QPalette::Highlight);
        painter->setBrush(fill);
        const double progress = index.data(TaskListModel::ProgressRole).toDouble();
        if (state == TaskState::Queued) {
            // Nothing to show yet: the empty track says "waiting".
        } else if (progress < 0) {
            // No estimate: a stripe moving across the track.
            const double phase = double(m_clock.elapsed() % 2000) / 2000.0;
            const double stripe = track.width() * 0.25;
            const double x = track.left() - stripe + phase * (track.width() + stripe);
            // The stripe and the track are capsules of one height, so the part of the stripe
            // inside the track is the capsule over their overlap: drawn as such, with no clip
            // path (an antialiased clip is rasterised into a mask every frame).
            const double from = std::max(x, track.left());
            const double to = std::min(x + stripe, track.right());
            if (to > from)
                painter->drawRoundedRect(QRectF(from, track.top(), to - from, track.height()),
                                         BarHeight / 2.0, BarHeight / 2.0);
        } else {
            QRectF done = track;
            done.setWidth(std::max<double>(BarHeight, track.width() * progress));
            painter->drawRoundedRect(done, BarHeight / 2.0, BarHeight / 2.0);
        }
        y += BarHeight + 1;
    }

    // Error sentence with what to do.
    const QString error = index.data(TaskListModel::ErrorTextRole).toString();
    if (!error.isEmpty() && !onlyTheBar) {
        y += Spacing;
        painter->setFont(small);
        // Red only for a failure; a pause, some failed images or a note while polls are
        // retried are warnings.
        QColor pen = UiStyle::warningColor(palette);
        if (selected)
            pen = text;
        else if (state == TaskState::Canceled || state == TaskState::Expired)
            pen = muted;
        else if (state == TaskState::Failed)
            pen = stateColor(TaskState::Failed, palette);
        painter->setPen(pen);
        layoutText(error, small, width, MaxErrorLines, painter, QPoint(left, y));
    }

    // A hairline between tasks.
    if (onlyTheBar) {
        painter->restore();
        return;
    }
    QColor line = palette.color(QPalette::Mid);
    line.setAlphaF(0.25);
    painter->setPen(line);
    painter->drawLine(option.rect.bottomLeft() + QPoint(Padding, 0),
                      option.rect.bottomRight() - QPoint(Padding, 0));
    painter->restore();
}
