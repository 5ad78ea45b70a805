#include "widgets/usagedialog.h"

#include "library/library.h"
#include "models/usagemodel.h"
#include "platform/settings.h"
#include "widgets/uistyle.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMap>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

UsageDialog::UsageDialog(Library *library, Settings *settings, QWidget *parent)
    : QDialog(parent), m_library(library), m_settings(settings), m_model(new UsageModel(this)),
      m_grouping(new QComboBox(this)), m_table(new QTableView(this)),
      m_chartView(new QChartView(this)), m_summary(new QLabel(this))
{
    setWindowTitle(tr("Usage"));
    resize(860, 620);
    m_grouping->setAccessibleName(tr("Group by"));
    m_grouping->addItem(tr("By day"), int(UsageModel::Grouping::Day));
    m_grouping->addItem(tr("By week"), int(UsageModel::Grouping::Week));
    m_grouping->addItem(tr("By month"), int(UsageModel::Grouping::Month));
    m_grouping->addItem(tr("By model"), int(UsageModel::Grouping::Model));
    m_grouping->addItem(tr("By region"), int(UsageModel::Grouping::Region));
    m_summary->setWordWrap(true);
    m_summary->setAccessibleName(tr("This month"));
    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Usage table"));
    m_table->verticalHeader()->hide();
    // The group (a day, a model name) takes the room; the figures keep their width.
    m_table->horizontalHeader()->setSectionResizeMode(UsageModel::GroupColumn,
                                                      QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_chartView->setAccessibleName(tr("Usage chart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(240);

    auto *top = new QHBoxLayout;
    top->addWidget(m_grouping);
    top->addWidget(m_summary, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_chartView);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *exportButton = buttons->addButton(tr("Export CSV…"), QDialogButtonBox::ActionRole);
    auto *note = new QLabel(tr("Estimates at the prices used when each task finished; the bill "
                               "is the service's. Failed and canceled tasks cost nothing."),
                            this);
    note->setWordWrap(true);
    UiStyle::setTone(note, UiStyle::Tone::Muted);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(note);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(exportButton, &QPushButton::clicked, this, &UsageDialog::chooseCsvFile);
    connect(m_grouping, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setGrouping(UsageModel::Grouping(m_grouping->currentData().toInt()));
        updateChart();
    });
    reload();
}

void UsageDialog::reload()
{
    m_model->setEntries(m_library ? m_library->usage() : QList<UsageEntry>());
    m_table->resizeColumnsToContents();
    updateChart();
    updateSummary();
}

// One bar set per currency (yuan and dollars are never stacked together), one category per row
// group.
void UsageDialog::updateChart()
{
    QStringList groups;
    QMap<QString, QMap<QString, double>> byCurrency; // currency -> group -> amount
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QString group = m_model->index(row, UsageModel::GroupColumn).data().toString();
        const QString currency = m_model->index(row, UsageModel::CurrencyColumn).data().toString();
        if (!groups.contains(group))
            groups << group;
        byCurrency[currency][group]
                += m_model->index(row, 0).data(UsageModel::AmountRole).toDouble();
    }
    auto *chart = new QChart;
    auto *series = new QBarSeries(chart);
    double top = 0;
    for (auto it = byCurrency.cbegin(); it != byCurrency.cend(); ++it) {
        auto *set = new QBarSet(it.key() == QLatin1String("CNY")           ? tr("CNY (¥)")
                                        : it.key() == QLatin1String("USD") ? tr("USD ($)")
                                                                           : it.key());
        for (const QString &group : std::as_const(groups)) {
            const double amount = it.value().value(group);
            *set << amount;
            top = std::max(top, amount);
        }
        series->append(set);
    }
    chart->addSeries(series);
    auto *categories = new QBarCategoryAxis(chart);
    categories->append(groups);
    chart->addAxis(categories, Qt::AlignBottom);
    series->attachAxis(categories);
    auto *values = new QValueAxis(chart);
    values->setRange(0, top > 0 ? top * 1.15 : 1);
    values->setLabelFormat(QStringLiteral("%.2f"));
    values->setTitleText(tr("Estimated cost"));
    chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(values);
    chart->legend()->setVisible(byCurrency.size() > 0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setTitle(groups.isEmpty() ? tr("Nothing generated yet") : QString());
    QChart *old = m_chartView->chart();
    m_chartView->setChart(chart);
    delete old;
}

void UsageDialog::updateSummary()
{
    const QDate today = QDate::currentDate();
    const QDateTime from(QDate(today.year(), today.month(), 1), QTime(0, 0));
    QMap<QString, double> spent;
    if (m_library) {
        for (const UsageEntry &entry : m_library->usage(from.toUTC(), from.addMonths(1).toUTC())) {
            if (!entry.demo) // the built-in simulator bills nothing
                spent[entry.currency] += entry.amount.value_or(0);
        }
    }
    const QMap<QString, double> budgets
            = m_settings ? m_settings->budgetsFor(today) : QMap<QString, double>();
    QStringList parts;
    QStringList currencies = spent.keys();
    for (const QString &currency : budgets.keys()) {
        if (!currencies.contains(currency))
            currencies << currency;
    }
    for (const QString &currency : std::as_const(currencies)) {
        parts << (budgets.contains(currency)
                          ? tr("%1 of a budget of %2")
                                    .arg(formatMoney(spent.value(currency), currency),
                                         formatMoney(budgets.value(currency), currency))
                          : formatMoney(spent.value(currency), currency));
    }
    QString summary = parts.isEmpty() ? tr("This month: nothing spent.")
                                      : tr("This month: %1.").arg(parts.join(QStringLiteral("; ")));
    // Shown apart, never added to what was spent.
    if (const int demo = m_model->demoTasks(); demo > 0)
        summary += QLatin1Char(' ')
                + tr("Demo (free): %n task(s) of the built-in simulator, not counted.", nullptr,
                     demo);
    m_summary->setText(summary);
}

bool UsageDialog::exportCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        *error = tr("%1 could not be written: %2").arg(path, file.errorString());
        return false;
    }
    file.write(m_model->toCsv().toUtf8());
    if (!file.commit()) {
        *error = tr("%1 could not be written: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void UsageDialog::chooseCsvFile()
{
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Usage"), documents + QStringLiteral("/dashscope-usage.csv"),
            tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export Usage"), error);
}
