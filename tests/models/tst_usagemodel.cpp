#include "models/usagemodel.h"

#include <QAbstractItemModelTester>
#include <QTest>
#include <QTimeZone>

class tst_UsageModel : public QObject
{
    Q_OBJECT

private slots:
    void groupsPerCurrency();
    void csvExport();
    void demoTasksAreNotSpending();
};

namespace {

UsageEntry entry(const QString &model, Region region, const QDateTime &when, int images,
                 std::optional<double> amount, const QString &currency)
{
    UsageEntry e;
    e.model = model;
    e.region = region;
    e.finishedAt = when;
    e.images = images;
    e.amount = amount;
    e.currency = currency;
    return e;
}

QList<UsageEntry> ledger()
{
    const QDateTime day(QDate(2026, 11, 3), QTime(12, 0), Qt::UTC);
    return { entry(QStringLiteral("wanx2.1-imageedit"), Region::Beijing, day, 4, 0.56,
                   QStringLiteral("CNY")),
             entry(QStringLiteral("wanx2.1-imageedit"), Region::Beijing, day.addDays(1), 2, 0.28,
                   QStringLiteral("CNY")),
             entry(QStringLiteral("wan2.5-t2i-preview"), Region::Singapore, day, 3, std::nullopt,
                   QStringLiteral("USD")),
             entry(QStringLiteral("wan2.6-t2v, \"odd\""), Region::Singapore, day.addDays(10), 0,
                   1.5, QStringLiteral("USD")) };
}

} // namespace

void tst_UsageModel::groupsPerCurrency()
{
    UsageModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries(ledger());
    model.setGrouping(UsageModel::Grouping::Month);
    QCOMPARE(model.rowCount(), 2); // one month, two currencies: never added up
    QCOMPARE(model.index(0, UsageModel::CurrencyColumn).data().toString(), QStringLiteral("CNY"));
    QCOMPARE(model.index(0, UsageModel::TasksColumn).data().toInt(), 2);
    QCOMPARE(model.index(0, UsageModel::ImagesColumn).data().toInt(), 6);
    QCOMPARE(model.index(0, UsageModel::AmountColumn).data().toString(), QStringLiteral("¥0.84"));
    QCOMPARE(model.index(1, UsageModel::AmountColumn).data().toString(), QStringLiteral("$1.50"));
    QCOMPARE(model.index(1, UsageModel::UnknownColumn).data().toInt(), 1);
    QCOMPARE(model.index(1, 0).data(UsageModel::AmountRole).toDouble(), 1.5);

    model.setGrouping(UsageModel::Grouping::Model);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Model"));
    model.setGrouping(UsageModel::Grouping::Region);
    QCOMPARE(model.rowCount(), 2);
    model.setGrouping(UsageModel::Grouping::Day);
    QCOMPARE(model.rowCount(), 4);
    model.setGrouping(UsageModel::Grouping::Week);
    QCOMPARE(model.rowCount(), 3); // 2026-W45 in CNY and USD, W46 in USD
    model.setEntries({});
    QCOMPARE(model.rowCount(), 0);
}

void tst_UsageModel::csvExport()
{
    UsageModel model;
    model.setEntries(ledger());
    model.setGrouping(UsageModel::Grouping::Model);
    const QStringList lines = model.toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QCOMPARE(
            lines.at(0),
            QStringLiteral("group,currency,tasks,images,video_seconds,amount,unknown_price_tasks"));
    QVERIFY(lines.contains(QStringLiteral("\"wan2.6-t2v, \"\"odd\"\"\",USD,1,0,0,1.500,0")));
    QVERIFY(lines.contains(QStringLiteral("wanx2.1-imageedit,CNY,2,6,0,0.840,0")));
    QVERIFY(lines.contains(QStringLiteral("wan2.5-t2i-preview,USD,1,3,0,0.000,1")));
}

void tst_UsageModel::demoTasksAreNotSpending()
{
    // Two demo tasks beside the ledger: in no row, no total and no CSV line, counted apart.
    QList<UsageEntry> entries = ledger();
    const QDateTime day(QDate(2026, 11, 3), QTime(12, 0), Qt::UTC);
    UsageEntry demo = entry(QStringLiteral("wanx2.1-imageedit"), Region::Beijing, day, 2, 0.0,
                            QStringLiteral("CNY"));
    demo.demo = true;
    entries << demo;
    demo.model = QStringLiteral("wan2.6-t2v");
    demo.images = 0;
    demo.seconds = 5;
    demo.currency = QStringLiteral("USD");
    entries << demo;
    UsageModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries(entries);
    model.setGrouping(UsageModel::Grouping::Month);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, UsageModel::TasksColumn).data().toInt(), 2); // not 3
    QCOMPARE(model.index(0, UsageModel::ImagesColumn).data().toInt(), 6);
    QCOMPARE(model.index(1, UsageModel::TasksColumn).data().toInt(), 2);
    QCOMPARE(model.index(1, UsageModel::SecondsColumn).data().toInt(), 0);
    model.setGrouping(UsageModel::Grouping::Model);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.toCsv(), [&] {
        UsageModel real;
        real.setEntries(ledger());
        real.setGrouping(UsageModel::Grouping::Model);
        return real.toCsv();
    }());
    QCOMPARE(model.demoTasks(), 2);
    QCOMPARE(model.demoImages(), 2);
    QCOMPARE(model.demoSeconds(), 5);
    model.setEntries(ledger());
    QCOMPARE(model.demoTasks(), 0);
}

QTEST_GUILESS_MAIN(tst_UsageModel)
#include "tst_usagemodel.moc"
