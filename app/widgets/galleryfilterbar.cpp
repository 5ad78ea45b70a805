#include "widgets/galleryfilterbar.h"

#include "library/library.h"
#include "library/librarycounter.h"
#include "models/displaytext.h"
#include "models/gallerymodel.h"
#include "ui_galleryfilterbar.h"
#include "widgets/galleryfilters.h"

#include <QAction>
#include <QActionGroup>
#include <QEvent>
#include <QFontMetrics>
#include <QHash>
#include <QLocale>
#include <QMenu>
#include <QResizeEvent>

namespace {

// What the gallery holds: results (outputs whose file was saved). Tasks that failed, were
// canceled or still run have none; they live in the task panel.
LibraryQuery results()
{
    LibraryQuery query;
    query.savedOnly = true;
    return query;
}

} // namespace

GalleryFilterBar::GalleryFilterBar(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::GalleryFilterBar>())
{
    m_ui->setupUi(this);
    m_ui->kindFilterCombo->addItem(tr("All kinds"), int(MediaFilter::Any));
    m_ui->kindFilterCombo->addItem(tr("Images"), int(MediaFilter::Images));
    m_ui->kindFilterCombo->addItem(tr("Videos"), int(MediaFilter::Videos));
    // As wide from the start as once models are listed: the bar must not jump when they arrive.
    m_ui->modelFilterCombo->setMinimumWidth(m_ui->modelFilterCombo->minimumSizeHint().width());

    // Size, date and state in a popup under "Filters", so the bar stays one short line.
    m_filters = new GalleryFilters;
    m_filters->setObjectName(QStringLiteral("galleryFilters"));
    m_filtersPopup = new PopupPanel(m_filters, m_ui->filtersButton);
    m_filtersPopup->setObjectName(QStringLiteral("filtersPopup"));

    // Its place is kept while hidden, so the bar does not shift under the pointer when it shows.
    QSizePolicy clearPolicy = m_ui->clearFiltersButton->sizePolicy();
    clearPolicy.setRetainSizeWhenHidden(true);
    m_ui->clearFiltersButton->setSizePolicy(clearPolicy);

    // As wide as the widest count a library plausibly reaches, filtered or not, so "9 images" ->
    // "10 images" does not move the search field; the text sits at the right, by the sort order.
    m_ui->galleryCountLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    reserveCountWidth();

    // The popup arrow goes after the text: Qt's own indicator would sit on the text's last letter.
    m_ui->sortButton->setStyleSheet(
            QStringLiteral("QToolButton::menu-indicator { image: none; width: 0px; }"));
    m_ui->secondRowLayout->addStretch(1); // the filters sit at the left of their own row
}

GalleryFilterBar::~GalleryFilterBar() = default;

void GalleryFilterBar::setup(GalleryModel *gallery, Library *library, const Actions &actions)
{
    Ui::GalleryFilterBar &ui = *m_ui;
    m_gallery = gallery;
    m_library = library;
    m_actions = actions;

    connect(gallery, &GalleryModel::totalCountChanged, this, &GalleryFilterBar::updateCount);
    connect(gallery, &QAbstractItemModel::modelReset, this, &GalleryFilterBar::updateCount);

    // Searching: a short pause after typing, so every keystroke does not query the library.
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(150);
    connect(&m_searchDelay, &QTimer::timeout, this, &GalleryFilterBar::applyQuery);
    connect(ui.searchEdit, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(ui.searchEdit, &QLineEdit::returnPressed, this, &GalleryFilterBar::applyQuery);
    connect(ui.modelFilterCombo, &QComboBox::currentIndexChanged, this,
            &GalleryFilterBar::applyQuery);
    connect(ui.favouritesButton, &QToolButton::toggled, this, &GalleryFilterBar::applyQuery);
    connect(ui.kindFilterCombo, &QComboBox::currentIndexChanged, this,
            &GalleryFilterBar::applyQuery);

    connect(m_filtersPopup, &PopupPanel::aboutToShow, this, [this] {
        // The sizes used so far, fresh each time the popup opens.
        if (m_library)
            m_filters->setSizes(m_library->sizes());
    });
    connect(m_filters, &GalleryFilters::changed, this, &GalleryFilterBar::applyQuery);
    if (m_library)
        m_filters->setSizes(m_library->sizes());

    ui.clearFiltersButton->setDefaultAction(actions.clearFilters);
    ui.clearFiltersButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // Short on the button, where the bar is narrow; the menu keeps "Clear Filters".
    actions.clearFilters->setIconText(QStringLiteral("✕ ") + tr("Clear"));
    connect(actions.clearFilters, &QAction::triggered, this, &GalleryFilterBar::clear);

    auto *sortGroup = new QActionGroup(this);
    sortGroup->addAction(actions.sortNewest);
    sortGroup->addAction(actions.sortOldest);
    auto *sortMenu = new QMenu(ui.sortButton);
    sortMenu->addAction(actions.sortNewest);
    sortMenu->addAction(actions.sortOldest);
    ui.sortButton->setMenu(sortMenu);
    connect(sortGroup, &QActionGroup::triggered, this, &GalleryFilterBar::applyQuery);
    if (m_library)
        connect(m_library, &Library::taskStored, this, &GalleryFilterBar::refreshModelFilter);
    refreshModelFilter();
    applyQuery(); // the gallery shows results from the start
}

void GalleryFilterBar::focusSearch()
{
    m_ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->searchEdit->selectAll();
}

void GalleryFilterBar::applyQuery()
{
    m_searchDelay.stop();
    LibraryQuery query = results();
    query.text = m_ui->searchEdit->text().trimmed();
    query.model = m_ui->modelFilterCombo->currentData().toString();
    query.favouritesOnly = m_ui->favouritesButton->isChecked();
    query.media = MediaFilter(m_ui->kindFilterCombo->currentData().toInt());
    m_filters->applyTo(&query);
    query.newestFirst = !m_actions.sortOldest->isChecked();
    m_gallery->setQuery(query);
    const bool onlyFavourites = query.favouritesOnly && query.text.isEmpty()
            && query.model.isEmpty() && query.media == MediaFilter::Any
            && m_filters->activeCount() == 0;
    updateIndicators();
    updateCount();
    emit queryApplied(isFiltered(), onlyFavourites);
}

void GalleryFilterBar::updateCount()
{
    showCount(); // at once, with the kinds as last counted
    if (!m_library || !m_library->isOpen())
        return;
    if (!m_videoCounter) {
        m_videoCounter = new LibraryCounter(this);
        connect(m_videoCounter, &LibraryCounter::counted, this, &GalleryFilterBar::countVideos);
    }
    LibraryQuery videos = results();
    videos.media = MediaFilter::Videos;
    m_countingShown = false;
    m_videoSerial = m_videoCounter->count(m_library->path(), videos);
}

void GalleryFilterBar::countVideos(quint64 serial, int count)
{
    if (serial != m_videoSerial || count < 0)
        return;
    const LibraryQuery shown = m_gallery->query();
    if (!m_countingShown) {
        m_allVideos = count;
        if (count > 0 && shown.media == MediaFilter::Any) {
            LibraryQuery shownAsVideos = shown;
            shownAsVideos.media = MediaFilter::Videos;
            m_countingShown = true;
            m_videoSerial = m_videoCounter->count(m_library->path(), shownAsVideos);
            return;
        }
        m_shownVideos = shown.media == MediaFilter::Videos ? m_gallery->totalCount() : 0;
    } else {
        m_shownVideos = count;
    }
    m_videoSerial = 0;
    showCount();
}

void GalleryFilterBar::showCount()
{
    const int count = m_gallery->totalCount();
    const bool open = m_library && m_library->isOpen();
    const QLocale locale;
    // A library of images says "images" as it always did; once it holds videos the count names
    // them too, and its tooltip says how many of each are shown.
    const MediaFilter media = m_gallery->query().media;
    const int shownVideos = m_allVideos == 0 || media == MediaFilter::Images ? 0
            : media == MediaFilter::Videos                                   ? count
                                           : std::min(m_shownVideos, count);
    const int shownImages = count - shownVideos;
    QString text;
    if (isFiltered() && open) {
        // How much the filters hide: "12 of 3,400 images" (the whole library's count is kept).
        const int all = m_library->countOutputs(results());
        if (m_allVideos == 0)
            text = all == 1
                    ? tr("%1 of 1 image").arg(locale.toString(count))
                    : tr("%1 of %2 images").arg(locale.toString(count), locale.toString(all));
        else if (m_allVideos >= all)
            text = tr("%1 of %Ln video(s)", nullptr, all).arg(locale.toString(count));
        else
            text = tr("%1 of %Ln item(s)", nullptr, all).arg(locale.toString(count));
    } else if (shownVideos == 0) {
        text = DisplayText::plural(count, tr("1 image"), tr("%1 images"));
    } else if (shownImages == 0) {
        text = tr("%Ln video(s)", nullptr, count);
    } else {
        text = tr("%Ln item(s)", nullptr, count);
    }
    m_ui->galleryCountLabel->setText(text);
    m_ui->galleryCountLabel->setToolTip(
            m_allVideos == 0 ? QString()
                             : tr("%1, %2").arg(DisplayText::plural(shownImages, tr("1 image"),
                                                                    tr("%1 images")),
                                                tr("%Ln video(s)", nullptr, shownVideos)));
}

void GalleryFilterBar::reserveCountWidth()
{
    const QLocale locale;
    const QString many = locale.toString(88888); // every digit as wide as 8 in most fonts
    const QFontMetrics metrics = m_ui->galleryCountLabel->fontMetrics();
    int widest = 0;
    for (const QString &text :
         { tr("%1 of %2 images").arg(many, many), tr("%1 of 1 image").arg(many),
           tr("%1 images").arg(many), tr("%1 of %Ln item(s)", nullptr, 88888).arg(many),
           tr("%1 of %Ln video(s)", nullptr, 88888).arg(many) })
        widest = std::max(widest, metrics.horizontalAdvance(text));
    const QMargins margins = m_ui->galleryCountLabel->contentsMargins();
    m_ui->galleryCountLabel->setMinimumWidth(widest + margins.left() + margins.right()
                                             + 2 * m_ui->galleryCountLabel->margin());
}

void GalleryFilterBar::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        reserveCountWidth();
        arrangeRows();
    }
}

void GalleryFilterBar::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrangeRows();
}

QList<QWidget *> GalleryFilterBar::filterWidgets() const
{
    return { m_ui->kindFilterCombo, m_ui->modelFilterCombo, m_ui->favouritesButton,
             m_ui->filtersButton, m_ui->clearFiltersButton };
}

int GalleryFilterBar::oneRowWidth() const
{
    // The search field wants room for its placeholder and a few words more; every other control
    // its natural width (the same in either arrangement, so the choice cannot flip back and
    // forth at one width).
    const Ui::GalleryFilterBar &ui = *m_ui;
    const int spacing = ui.filterLayout->spacing();
    int width
            = ui.searchEdit->fontMetrics().horizontalAdvance(ui.searchEdit->placeholderText()) + 60;
    QList<QWidget *> widgets = filterWidgets();
    widgets << ui.galleryCountLabel << ui.sortButton;
    for (QWidget *widget : std::as_const(widgets))
        width += std::max(widget->sizeHint().width(), widget->minimumWidth()) + spacing;
    return width;
}

QSize GalleryFilterBar::minimumSizeHint() const
{
    const Ui::GalleryFilterBar &ui = *m_ui;
    const int spacing = ui.filterLayout->spacing();
    int top = ui.searchEdit->minimumSizeHint().width();
    for (QWidget *widget :
         { static_cast<QWidget *>(ui.galleryCountLabel), static_cast<QWidget *>(ui.sortButton) })
        top += std::max(widget->minimumSizeHint().width(), widget->minimumWidth()) + spacing;
    int second = 0;
    for (QWidget *widget : filterWidgets())
        second += std::max(widget->minimumSizeHint().width(), widget->minimumWidth()) + spacing;
    return { std::max(top, second), QWidget::minimumSizeHint().height() };
}

void GalleryFilterBar::arrangeRows()
{
    const bool twoRows = width() < oneRowWidth();
    if (twoRows == m_twoRows)
        return;
    m_twoRows = twoRows;
    Ui::GalleryFilterBar &ui = *m_ui;
    const QList<QWidget *> widgets = filterWidgets();
    for (QWidget *widget : widgets) {
        ui.filterLayout->removeWidget(widget);
        ui.secondRowLayout->removeWidget(widget);
    }
    for (int i = 0; i < widgets.size(); ++i) {
        if (twoRows)
            ui.secondRowLayout->insertWidget(i, widgets.at(i));
        else
            ui.filterLayout->insertWidget(1 + i, widgets.at(i)); // after the search field
    }
    ui.barLayout->setSpacing(twoRows ? 4 : 0);
    // At the end of its own row, Clear moves nothing when it shows: it takes no room hidden.
    QSizePolicy clearPolicy = ui.clearFiltersButton->sizePolicy();
    clearPolicy.setRetainSizeWhenHidden(!twoRows);
    ui.clearFiltersButton->setSizePolicy(clearPolicy);
    updateGeometry();
}

bool GalleryFilterBar::isFiltered() const
{
    return !m_ui->searchEdit->text().trimmed().isEmpty()
            || !m_ui->modelFilterCombo->currentData().toString().isEmpty()
            || m_ui->favouritesButton->isChecked() || m_filters->activeCount() > 0
            || m_ui->kindFilterCombo->currentIndex() > 0;
}

void GalleryFilterBar::updateIndicators()
{
    Ui::GalleryFilterBar &ui = *m_ui;
    const int active = m_filters->activeCount();
    const QString arrow = QStringLiteral(" ▾");
    ui.filtersButton->setText((active > 0 ? tr("Filters (%1)").arg(active) : tr("Filters"))
                              + arrow);
    QFont font = ui.filtersButton->font();
    font.setBold(active > 0);
    ui.filtersButton->setFont(font);
    ui.filtersButton->setToolTip(
            active > 0 ? tr("%1 more filters narrow the gallery: size, date or demo results")
                                 .arg(active)
                       : tr("Filter by size and date, or hide demo results"));
    const bool filtered = isFiltered();
    m_actions.clearFilters->setEnabled(filtered);
    ui.clearFiltersButton->setVisible(filtered);
    ui.sortButton->setText(
            (m_actions.sortOldest->isChecked() ? tr("Oldest first") : tr("Newest first")) + arrow);
}

void GalleryFilterBar::clear()
{
    m_searchDelay.stop();
    {
        // One query for the lot, not one per control.
        const QSignalBlocker search(m_ui->searchEdit);
        const QSignalBlocker model(m_ui->modelFilterCombo);
        const QSignalBlocker favourites(m_ui->favouritesButton);
        const QSignalBlocker kind(m_ui->kindFilterCombo);
        const QSignalBlocker filters(m_filters);
        m_ui->kindFilterCombo->setCurrentIndex(0);
        m_ui->searchEdit->clear();
        m_ui->modelFilterCombo->setCurrentIndex(0);
        m_ui->favouritesButton->setChecked(false);
        m_filters->clear();
    }
    applyQuery();
}

void GalleryFilterBar::refreshModelFilter()
{
    if (!m_library)
        return;
    const QStringList models = m_library->models();
    QComboBox *combo = m_ui->modelFilterCombo;
    const QString current = combo->currentData().toString();
    if (combo->count() == models.size() + 1)
        return; // unchanged
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(tr("All models"), QString());
    QHash<QString, int> named; // display name -> how many models have it
    for (const QString &model : models)
        ++named[DisplayText::modelName(model)];
    for (const QString &model : models) {
        // The display name; the API name too where two models share one (a model's regional
        // names), and always in the tooltip.
        const QString name = DisplayText::modelName(model);
        combo->addItem(named.value(name) > 1 && name != model
                               ? QStringLiteral("%1 (%2)").arg(name, model)
                               : name,
                       model);
        combo->setItemData(combo->count() - 1, model, Qt::ToolTipRole);
    }
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}
