#include "widgets/hintlistview.h"

#include "widgets/uistyle.h"

#include <QPaintEvent>
#include <QPainter>

HintListView::HintListView(QWidget *parent) : QListView(parent) { }

HintListView::~HintListView() = default;

void HintListView::setEmptyHint(const QString &title, const QString &detail)
{
    m_title = title;
    m_detail = detail;
    viewport()->update();
}

void HintListView::paintEvent(QPaintEvent *event)
{
    m_regionBeingPainted = event->region();
    QListView::paintEvent(event);
    m_regionBeingPainted = QRegion();
    if (!model() || model()->rowCount(rootIndex()) > 0 || m_title.isEmpty())
        return;
    QPainter painter(viewport());
    const QRect area = viewport()->rect().adjusted(24, 16, -24, -16);
    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setWeight(QFont::DemiBold);
    const QFontMetrics titleMetrics(titleFont);
    const QFontMetrics detailMetrics(font());
    const QRect detailBounds
            = detailMetrics.boundingRect(area, Qt::AlignHCenter | Qt::TextWordWrap, m_detail);
    const int total = titleMetrics.height() + (m_detail.isEmpty() ? 0 : 6 + detailBounds.height());
    int y = area.top() + std::max(0, (area.height() - total) / 2);
    painter.setPen(UiStyle::mutedColor(palette()));
    painter.setFont(titleFont);
    painter.drawText(QRect(area.left(), y, area.width(), titleMetrics.height()), Qt::AlignHCenter,
                     m_title);
    y += titleMetrics.height() + 6;
    if (!m_detail.isEmpty()) {
        painter.setFont(font());
        painter.drawText(QRect(area.left(), y, area.width(), detailBounds.height()),
                         Qt::AlignHCenter | Qt::TextWordWrap, m_detail);
    }
}
