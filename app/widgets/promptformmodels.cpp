// The prompt form's model picker: each model in the popup on two lines, its name and what it is
// for (good at, speed, price per unit), so a person can choose without the documentation. The
// closed combo shows the name alone; the tooltip has the whole line and the API name.
#include "models/displaytext.h"
#include "ui_promptform.h"
#include "widgets/promptform.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QPainter>
#include <QScreen>
#include <QSignalBlocker>
#include <QStyledItemDelegate>

namespace {

constexpr int Margin = 4;

QFont nameFont(const QFont &base)
{
    QFont font = base;
    font.setBold(true);
    return font;
}

// Two lines per model: the display name, then the summary in the muted colour.
class ModelPickerDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString name = opt.text;
        const QString summary = index.data(PromptForm::ModelSummaryRole).toString();
        opt.text.clear();
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

        const bool selected = opt.state & QStyle::State_Selected;
        const QPalette::ColorGroup group
                = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
        const QRect text = opt.rect.adjusted(Margin * 2, Margin, -Margin * 2, -Margin);
        painter->save();
        painter->setFont(nameFont(opt.font));
        painter->setPen(
                opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
        const QFontMetrics nameMetrics(painter->font());
        painter->drawText(text.left(), text.top() + nameMetrics.ascent(),
                          nameMetrics.elidedText(name, Qt::ElideRight, text.width()));
        painter->setFont(opt.font);
        QColor muted = opt.palette.color(group, QPalette::PlaceholderText);
        if (selected)
            muted = opt.palette.color(group, QPalette::HighlightedText);
        painter->setPen(muted);
        const QFontMetrics metrics(opt.font);
        painter->drawText(text.left(), text.top() + nameMetrics.height() + metrics.ascent(),
                          metrics.elidedText(summary, Qt::ElideRight, text.width()));
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QFontMetrics nameMetrics(nameFont(option.font));
        const QFontMetrics metrics(option.font);
        const int width = std::max(
                nameMetrics.horizontalAdvance(index.data(Qt::DisplayRole).toString()),
                metrics.horizontalAdvance(index.data(PromptForm::ModelSummaryRole).toString()));
        return { width + Margin * 4 + 1, nameMetrics.height() + metrics.height() + Margin * 2 };
    }
};

} // namespace

QString PromptForm::modelSummary(const ModelInfo &model) const
{
    QStringList parts;
    if (!model.goodAtText().isEmpty())
        parts << model.goodAtText();
    if (!model.speedText().isEmpty())
        parts << model.speedText();
    parts << DisplayText::unitPrice(m_prices.price(model.name, m_endpoint.region));
    return parts.join(QStringLiteral(" · "));
}

void PromptForm::populateModelCombo(const QList<ModelInfo> &models)
{
    QComboBox *combo = m_ui->modelCombo;
    if (!dynamic_cast<ModelPickerDelegate *>(combo->itemDelegate()))
        combo->setItemDelegate(new ModelPickerDelegate(combo));
    const QSignalBlocker blocker(combo);
    combo->clear();
    for (const ModelInfo &model : models)
        combo->addItem(model.displayName.isEmpty() ? model.name : model.displayName, model.name);
    describeModels();
}

// The summaries and tooltips: again when the prices change.
void PromptForm::describeModels()
{
    QComboBox *combo = m_ui->modelCombo;
    int widest = 0;
    for (int row = 0; row < combo->count(); ++row) {
        const ModelInfo model = m_catalog.model(combo->itemData(row).toString());
        const QString summary = modelSummary(model);
        combo->setItemData(row, summary, ModelSummaryRole);
        QString tip = tr("%1 (%2)\n%3\nSizes: %4\nPrompt: up to %5 characters")
                              .arg(combo->itemText(row), model.name, summary,
                                   model.rules.size.describe())
                              .arg(model.rules.promptMaxChars);
        if (!model.notes.isEmpty())
            tip += QLatin1Char('\n') + model.notes;
        combo->setItemData(row, tip, Qt::ToolTipRole);
        QStyleOptionViewItem option;
        option.font = combo->view()->font();
        widest = std::max(
                widest,
                combo->itemDelegate()->sizeHint(option, combo->model()->index(row, 0)).width());
    }
    // The popup is as wide as the combo; the summaries need more in a narrow window (never more
    // than the screen).
    QAbstractItemView *view = combo->view();
    int width = widest + view->frameWidth() * 2
            + view->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, view);
    if (const QScreen *screen = combo->screen())
        width = std::min(width, screen->availableGeometry().width() - 16);
    view->setMinimumWidth(width);
    combo->setToolTip(combo->currentData(Qt::ToolTipRole).toString());
}
