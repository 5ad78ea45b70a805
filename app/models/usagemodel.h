#pragma once

#include "domain/pricing.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

// The usage ledger summed by day, week, month, model or region, one row per group and currency
// (a Beijing yuan and a Singapore dollar are never added up). For the Usage view's table and
// chart, and its CSV export. The built-in simulator's tasks (demo mode) are not spending: they
// are left out of the rows and counted apart (demoTasks()).
class UsageModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageModel)

public:
    enum class Grouping { Day, Week, Month, Model, Region };
    enum Column {
        GroupColumn,
        CurrencyColumn,
        TasksColumn,
        ImagesColumn,
        SecondsColumn,
        AmountColumn,
        UnknownColumn,
        ColumnCount
    };
    static constexpr int AmountRole = Qt::UserRole + 1; // the amount as a double

    explicit UsageModel(QObject *parent = nullptr);

    void setEntries(const QList<UsageEntry> &entries);
    void setGrouping(Grouping grouping);
    Grouping grouping() const { return m_grouping; }
    // The demo tasks of the entries (free, not in any row), and what they made.
    int demoTasks() const { return m_demo.tasks; }
    int demoImages() const { return m_demo.images; }
    int demoSeconds() const { return m_demo.seconds; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Every row with a header line, comma-separated (RFC 4180 quoting), amounts as plain numbers.
    QString toCsv() const;

private:
    QString groupOf(const UsageEntry &entry) const;
    void rebuild();

    QList<UsageEntry> m_entries;
    Grouping m_grouping = Grouping::Day;
    QList<UsageTotal> m_rows;
    UsageTotal m_demo; // demo tasks: counted apart, not spending
};
