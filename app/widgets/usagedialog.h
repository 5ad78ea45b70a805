#pragma once

#include <QDialog>

class Library;
class QComboBox;
class QLabel;
class QTableView;
class Settings;
class UsageModel;
class QChartView;

// What was generated and what it cost: the usage ledger by day, week, month, model or region,
// as a chart and a table, with CSV export and this month's spending against the budget.
class UsageDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageDialog)

public:
    UsageDialog(Library *library, Settings *settings, QWidget *parent = nullptr);

    UsageModel *model() const { return m_model; }
    QChartView *chartView() const { return m_chartView; }
    void reload(); // reads the ledger again
    // Writes the table as CSV; false and *error with a sentence when it cannot.
    bool exportCsv(const QString &path, QString *error) const;

private:
    void updateChart();
    void updateSummary();
    void chooseCsvFile();

    Library *m_library;
    Settings *m_settings;
    UsageModel *m_model;
    QComboBox *m_grouping;
    QTableView *m_table;
    QChartView *m_chartView;
    QLabel *m_summary;
};
