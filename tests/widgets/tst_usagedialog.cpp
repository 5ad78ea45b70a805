#include "library/library.h"
#include "models/usagemodel.h"
#include "platform/settings.h"
#include "widgets/usagedialog.h"

#include <QAbstractItemModelTester>
#include <QBarSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

// The Usage view offscreen: the ledger as a chart and a table, CSV export.
class tst_UsageDialog : public QObject
{
    Q_OBJECT

private slots:
    void showsTheLedger();
};

void tst_UsageDialog::showsTheLedger()
{
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Library library;
    const LibraryResult opened = library.open(dir.filePath(QStringLiteral("library.sqlite3")));
    QVERIFY2(opened, qPrintable(opened.message()));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    UsageEntry yuan;
    yuan.taskRowId = 1;
    yuan.finishedAt = now;
    yuan.model = QStringLiteral("wanx2.1-imageedit");
    yuan.region = Region::Beijing;
    yuan.images = 4;
    yuan.amount = 0.56;
    yuan.currency = QStringLiteral("CNY");
    QVERIFY(library.recordUsage(yuan));
    UsageEntry dollars = yuan;
    dollars.taskRowId = 2;
    dollars.model = QStringLiteral("wan2.6-t2v");
    dollars.region = Region::Singapore;
    dollars.images = 0;
    dollars.seconds = 10;
    dollars.amount = 1.5;
    dollars.currency = QStringLiteral("USD");
    QVERIFY(library.recordUsage(dollars));
    UsageEntry demo = dollars; // made by the built-in simulator: not spending
    demo.taskRowId = 3;
    demo.amount = 0.0;
    demo.demo = true;
    QVERIFY(library.recordUsage(demo));
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setMonthlyBudget(QStringLiteral("USD"), 10.0);

    UsageDialog dialog(&library, &settings);
    QAbstractItemModelTester tester(dialog.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.model()->rowCount(), 2); // one day, two currencies
    auto *series = qobject_cast<QBarSeries *>(dialog.chartView()->chart()->series().value(0));
    QVERIFY(series);
    QCOMPARE(series->count(), 2); // a bar set per currency
    QList<QLabel *> labels = dialog.findChildren<QLabel *>();
    bool budgetShown = false;
    for (QLabel *label : labels)
        budgetShown = budgetShown
                || label->text().contains(QStringLiteral("$1.50 of a budget of $10.00"));
    QVERIFY(budgetShown);
    bool demoApart = false;
    for (QLabel *label : labels)
        demoApart = demoApart
                || label->text().contains(QStringLiteral(
                        "Demo (free): 1 task(s) of the built-in simulator, not counted."));
    QVERIFY(demoApart);

    auto *grouping = dialog.findChild<QComboBox *>();
    grouping->setCurrentIndex(grouping->findData(int(UsageModel::Grouping::Model)));
    QCOMPARE(dialog.model()->grouping(), UsageModel::Grouping::Model);
    QCOMPARE(dialog.model()->rowCount(), 2);

    const QString csv = dir.filePath(QStringLiteral("usage.csv"));
    QString error;
    QVERIFY2(dialog.exportCsv(csv, &error), qPrintable(error));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.startsWith("group,currency,tasks"));
    QVERIFY(text.contains("wan2.6-t2v,USD,1,0,10,1.500,0")); // one task: the demo one is apart
    QVERIFY(!dialog.exportCsv(dir.filePath(QStringLiteral("missing/folder/usage.csv")), &error));
    QVERIFY(!error.isEmpty());
}

QTEST_MAIN(tst_UsageDialog)
#include "tst_usagedialog.moc"
