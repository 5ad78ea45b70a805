#include "models/usagemodel.h"

#include <QMap>

UsageModel::UsageModel(QObject *parent) : QAbstractTableModel(parent) { }

void UsageModel::setEntries(const QList<UsageEntry> &entries)
{
    m_entries = entries;
    rebuild();
}

void UsageModel::setGrouping(Grouping grouping)
{
    if (grouping == m_grouping)
        return;
    m_grouping = grouping;
    rebuild();
}

QString UsageModel::groupOf(const UsageEntry &entry) const
{
    const QDate day = entry.finishedAt.toLocalTime().date();
    switch (m_grouping) {
    case Grouping::Day:
        return day.toString(Qt::ISODate);
    case Grouping::Week: {
        int year = 0;
        const int week = day.weekNumber(&year);
        return QStringLiteral("%1-W%2").arg(year).arg(week, 2, 10, QLatin1Char('0'));
    }
    case Grouping::Month:
        return day.toString(QStringLiteral("yyyy-MM"));
    case Grouping::Model:
        return entry.model.isEmpty() ? tr("(unknown model)") : entry.model;
    case Grouping::Region:
        return regionDisplayName(entry.region);
    }
    return {};
}

void UsageModel::rebuild()
{
    beginResetModel();
    m_demo = UsageTotal();
    for (const UsageEntry &entry : std::as_const(m_entries)) {
        if (entry.demo)
            m_demo.add(entry);
    }
    m_rows = UsageTotal::of(m_entries, [this](const UsageEntry &entry) { return groupOf(entry); });
    endResetModel();
}

int UsageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UsageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UsageTotal &row = m_rows.at(index.row());
    if (role == AmountRole)
        return row.amount;
    if (role == Qt::TextAlignmentRole)
        return index.column() >= TasksColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                             : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case GroupColumn:
        return row.group;
    case CurrencyColumn:
        return row.currency;
    case TasksColumn:
        return row.tasks;
    case ImagesColumn:
        return row.images;
    case SecondsColumn:
        return row.seconds;
    case AmountColumn:
        return formatMoney(row.amount, row.currency);
    case UnknownColumn:
        return row.unknown;
    }
    return {};
}

QVariant UsageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case GroupColumn:
        switch (m_grouping) {
        case Grouping::Day:
            return tr("Day");
        case Grouping::Week:
            return tr("Week");
        case Grouping::Month:
            return tr("Month");
        case Grouping::Model:
            return tr("Model");
        case Grouping::Region:
            return tr("Region");
        }
        return {};
    case CurrencyColumn:
        return tr("Currency");
    case TasksColumn:
        return tr("Tasks");
    case ImagesColumn:
        return tr("Images");
    case SecondsColumn:
        return tr("Video seconds");
    case AmountColumn:
        return tr("Estimated cost");
    case UnknownColumn:
        return tr("Unknown price");
    }
    return {};
}

QString UsageModel::toCsv() const
{
    const auto field = [](const QString &text) {
        if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))
            && !text.contains(QLatin1Char('\n')))
            return text;
        return QLatin1Char('"') + QString(text).replace(QLatin1Char('"'), QStringLiteral("\"\""))
                + QLatin1Char('"');
    };
    QStringList lines { QStringLiteral("group,currency,tasks,images,video_seconds,amount,"
                                       "unknown_price_tasks") };
    for (const UsageTotal &row : m_rows) {
        lines << QStringLiteral("%1,%2,%3,%4,%5,%6,%7")
                         .arg(field(row.group), row.currency)
                         .arg(row.tasks)
                         .arg(row.images)
                         .arg(row.seconds)
                         .arg(QString::number(row.amount, 'f', 3))
                         .arg(row.unknown);
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}
