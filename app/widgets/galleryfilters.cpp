#include "widgets/galleryfilters.h"

#include "widgets/uistyle.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QScreen>
#include <QToolButton>
#include <QVBoxLayout>
#include <numeric>

namespace {

// Before any image this program could have made: shown as "Any" (the end is open).
const QDate OpenEnd(2000, 1, 1);

QString sizeText(QSize size)
{
    QString text = QStringLiteral("%1 × %2").arg(size.width()).arg(size.height());
    const int divisor = std::gcd(size.width(), size.height());
    if (divisor > 0) {
        const int w = size.width() / divisor;
        const int h = size.height() / divisor;
        if (w <= 21 && h <= 21) // 16:9, 3:4 … a ratio people say; not 1000:1001
            text += QStringLiteral("  (%1:%2)").arg(w).arg(h);
    }
    return text;
}

} // namespace

GalleryFilters::GalleryFilters(QWidget *parent)
    : QWidget(parent), m_sizeCombo(new QComboBox(this)), m_periodCombo(new QComboBox(this)),
      m_fromEdit(new QDateEdit(this)), m_toEdit(new QDateEdit(this)),
      m_hideDemoCheck(new QCheckBox(tr("&Hide demo results"), this))
{
    auto *form = new QFormLayout(this);
    form->setContentsMargins(12, 10, 12, 10);
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(8);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_sizeCombo->setObjectName(QStringLiteral("sizeFilterCombo"));
    m_sizeCombo->setAccessibleName(tr("Filter by size"));
    m_sizeCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setSizes({});
    form->addRow(tr("&Size:"), m_sizeCombo);

    m_periodCombo->setObjectName(QStringLiteral("periodFilterCombo"));
    m_periodCombo->setAccessibleName(tr("Filter by creation date"));
    m_periodCombo->addItem(tr("Any time"), int(Period::AnyTime));
    m_periodCombo->addItem(tr("Today"), int(Period::Today));
    m_periodCombo->addItem(tr("Last 7 days"), int(Period::Last7Days));
    m_periodCombo->addItem(tr("Last 30 days"), int(Period::Last30Days));
    m_periodCombo->addItem(tr("Last 12 months"), int(Period::Last12Months));
    m_periodCombo->addItem(tr("Between…"), int(Period::Custom));
    form->addRow(tr("&Created:"), m_periodCombo);

    const QString dateFormat = QLocale().dateFormat(QLocale::ShortFormat);
    for (QDateEdit *edit : { m_fromEdit, m_toEdit }) {
        edit->setCalendarPopup(true);
        edit->setMinimumDate(OpenEnd);
        edit->setSpecialValueText(tr("Any"));
        edit->setDisplayFormat(dateFormat.contains(QLatin1String("yyyy"))
                                       ? dateFormat
                                       : QStringLiteral("yyyy-MM-dd"));
        edit->setDate(OpenEnd);
        edit->setEnabled(false);
    }
    m_fromEdit->setObjectName(QStringLiteral("fromDateEdit"));
    m_fromEdit->setAccessibleName(tr("Created on or after"));
    m_toEdit->setObjectName(QStringLiteral("toDateEdit"));
    m_toEdit->setAccessibleName(tr("Created on or before"));
    auto *range = new QHBoxLayout;
    range->setSpacing(6);
    range->addWidget(m_fromEdit, 1);
    range->addWidget(new QLabel(QStringLiteral("–"), this));
    range->addWidget(m_toEdit, 1);
    form->addRow(QString(), range);

    m_hideDemoCheck->setObjectName(QStringLiteral("hideDemoCheck"));
    m_hideDemoCheck->setToolTip(tr("Leave out what the built-in simulator made in demo mode."));
    form->addRow(QString(), m_hideDemoCheck);

    // Focus given to the panel (when its popup opens) goes to the first control; Tab goes on.
    setFocusProxy(m_sizeCombo);

    connect(m_sizeCombo, &QComboBox::currentIndexChanged, this, &GalleryFilters::emitChanged);
    connect(m_hideDemoCheck, &QCheckBox::toggled, this, &GalleryFilters::emitChanged);
    connect(m_periodCombo, &QComboBox::currentIndexChanged, this,
            &GalleryFilters::handlePeriodChanged);
    // A range that ends before it starts is moved along rather than showing nothing.
    connect(m_fromEdit, &QDateEdit::dateChanged, this, [this](QDate from) {
        const QDate to = dateOf(m_toEdit);
        if (from != OpenEnd && to.isValid() && from > to) {
            ++m_blockChanged;
            m_toEdit->setDate(from);
            --m_blockChanged;
        }
        emitChanged();
    });
    connect(m_toEdit, &QDateEdit::dateChanged, this, [this](QDate to) {
        const QDate from = dateOf(m_fromEdit);
        if (to != OpenEnd && from.isValid() && to < from) {
            ++m_blockChanged;
            m_fromEdit->setDate(to);
            --m_blockChanged;
        }
        emitChanged();
    });
}

GalleryFilters::~GalleryFilters() = default;

void GalleryFilters::setSizes(const QList<QSize> &sizes)
{
    const QSize current = size();
    ++m_blockChanged;
    m_sizeCombo->clear();
    m_sizeCombo->addItem(tr("Any size"), QSize());
    for (const QSize &s : sizes)
        m_sizeCombo->addItem(sizeText(s), s);
    if (current.isValid() && !sizes.contains(current))
        m_sizeCombo->addItem(sizeText(current), current);
    m_sizeCombo->setCurrentIndex(std::max(0, m_sizeCombo->findData(current)));
    --m_blockChanged;
}

QSize GalleryFilters::size() const
{
    return m_sizeCombo->currentData().toSize();
}

void GalleryFilters::setSize(QSize size)
{
    if (size.isValid() && m_sizeCombo->findData(size) < 0) {
        ++m_blockChanged;
        m_sizeCombo->addItem(sizeText(size), size);
        --m_blockChanged;
    }
    m_sizeCombo->setCurrentIndex(
            std::max(0, m_sizeCombo->findData(size.isValid() ? size : QSize())));
}

GalleryFilters::Period GalleryFilters::period() const
{
    return Period(m_periodCombo->currentData().toInt());
}

void GalleryFilters::setPeriod(Period period)
{
    m_periodCombo->setCurrentIndex(std::max(0, m_periodCombo->findData(int(period))));
}

void GalleryFilters::setDateRange(const QDate &from, const QDate &to)
{
    ++m_blockChanged;
    setPeriod(Period::Custom);
    m_fromEdit->setDate(from.isValid() ? from : OpenEnd);
    m_toEdit->setDate(to.isValid() ? to : OpenEnd);
    --m_blockChanged;
    emitChanged();
}

QDate GalleryFilters::dateOf(const QDateEdit *edit) const
{
    const QDate date = edit->date();
    return date == OpenEnd ? QDate() : date;
}

QDate GalleryFilters::from() const
{
    const QDate today = QDate::currentDate();
    switch (period()) {
    case Period::AnyTime:
        return {};
    case Period::Today:
        return today;
    case Period::Last7Days:
        return today.addDays(-6);
    case Period::Last30Days:
        return today.addDays(-29);
    case Period::Last12Months:
        return today.addYears(-1).addDays(1);
    case Period::Custom:
        return dateOf(m_fromEdit);
    }
    return {};
}

QDate GalleryFilters::to() const
{
    return period() == Period::Custom ? dateOf(m_toEdit) : QDate();
}

void GalleryFilters::handlePeriodChanged()
{
    const bool custom = period() == Period::Custom;
    m_fromEdit->setEnabled(custom);
    m_toEdit->setEnabled(custom);
    if (!custom) {
        showPeriodDates();
    } else if (!dateOf(m_fromEdit).isValid() && !dateOf(m_toEdit).isValid()) {
        // From "Any time": start with the last month rather than two open ends.
        ++m_blockChanged;
        m_fromEdit->setDate(QDate::currentDate().addMonths(-1));
        m_toEdit->setDate(QDate::currentDate());
        --m_blockChanged;
    }
    emitChanged();
}

void GalleryFilters::showPeriodDates()
{
    // A named period shows the days it covers, up to today.
    ++m_blockChanged;
    const QDate from = this->from();
    m_fromEdit->setDate(from.isValid() ? from : OpenEnd);
    m_toEdit->setDate(from.isValid() ? QDate::currentDate() : OpenEnd);
    --m_blockChanged;
}

bool GalleryFilters::hidesDemo() const
{
    return m_hideDemoCheck->isChecked();
}

void GalleryFilters::setHideDemo(bool hide)
{
    m_hideDemoCheck->setChecked(hide);
}

void GalleryFilters::applyTo(LibraryQuery *query) const
{
    query->size = size();
    query->from = from();
    query->to = to();
    query->demo = hidesDemo() ? DemoFilter::Hide : DemoFilter::Any;
}

int GalleryFilters::activeCount() const
{
    int count = 0;
    if (size().isValid())
        ++count;
    if (from().isValid() || to().isValid())
        ++count;
    if (hidesDemo())
        ++count;
    return count;
}

void GalleryFilters::clear()
{
    ++m_blockChanged;
    m_sizeCombo->setCurrentIndex(0);
    setPeriod(Period::AnyTime);
    m_hideDemoCheck->setChecked(false);
    --m_blockChanged;
    emitChanged();
}

void GalleryFilters::emitChanged()
{
    if (m_blockChanged == 0)
        emit changed();
}

// ---------------------------------------------------------------------------------------------

PopupPanel::PopupPanel(QWidget *content, QToolButton *button)
    : QFrame(button, Qt::Popup), m_content(content), m_button(button)
{
    setFrameStyle(QFrame::StyledPanel | QFrame::Plain);
    // The click that closes the panel is not passed on: on the button it would open it again.
    setAttribute(Qt::WA_NoMouseReplay);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(content);
    connect(button, &QToolButton::clicked, this, &PopupPanel::open);
    button->installEventFilter(this);
}

PopupPanel::~PopupPanel() = default;

void PopupPanel::open()
{
    emit aboutToShow();
    adjustSize();
    place();
    m_button->setDown(true);
    show();
    m_content->setFocus(Qt::PopupFocusReason);
}

void PopupPanel::place()
{
    QPoint position = m_button->mapToGlobal(QPoint(0, m_button->height()));
    if (const QScreen *screen = m_button->screen()) {
        const QRect available = screen->availableGeometry();
        position.setX(std::clamp(position.x(), available.left(),
                                 std::max(available.left(), available.right() - width())));
        if (position.y() + height() > available.bottom()) // no room below: above the button
            position.setY(m_button->mapToGlobal(QPoint(0, 0)).y() - height());
    }
    move(position);
}

bool PopupPanel::eventFilter(QObject *watched, QEvent *event)
{
    // A filter chosen here changes the button's text, and the bar lays itself out again.
    if (watched == m_button && isVisible()
        && (event->type() == QEvent::Move || event->type() == QEvent::Resize))
        place();
    return QFrame::eventFilter(watched, event);
}

void PopupPanel::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        close();
        return;
    }
    QFrame::keyPressEvent(event);
}

void PopupPanel::hideEvent(QHideEvent *event)
{
    m_button->setDown(false);
    QFrame::hideEvent(event);
}
