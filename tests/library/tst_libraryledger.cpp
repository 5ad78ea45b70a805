#include "library/library.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

// The usage ledger (schema 5) through the Library facade.
class tst_LibraryLedger : public QObject
{
    Q_OBJECT

private slots:
    void recordsOncePerTaskAndReadsByTime();
    void keepsTheDemoFlag();
};

namespace {

UsageEntry entry(qint64 task, const QDateTime &when, std::optional<double> amount)
{
    UsageEntry e;
    e.taskRowId = task;
    e.finishedAt = when;
    e.model = QStringLiteral("wan2.6-t2v");
    e.region = Region::Singapore;
    e.kind = MediaKind::TextToVideo;
    e.state = QStringLiteral("done");
    e.seconds = 10;
    e.resolution = QStringLiteral("720P");
    e.audio = true;
    e.amount = amount;
    e.unitPrice = amount ? std::optional<double>(*amount / 10) : std::nullopt;
    e.currency = QStringLiteral("USD");
    e.source = QStringLiteral("test");
    return e;
}

} // namespace

void tst_LibraryLedger::recordsOncePerTaskAndReadsByTime()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Library library;
    const LibraryResult opened = library.open(dir.filePath(QStringLiteral("library.sqlite3")));
    QVERIFY2(opened, qPrintable(opened.message()));
    const QDateTime november(QDate(2026, 11, 3), QTime(10, 0), Qt::UTC);
    const QDateTime december(QDate(2026, 12, 1), QTime(10, 0), Qt::UTC);
    QVERIFY(library.recordUsage(entry(1, november, 1.0)));
    QVERIFY(library.recordUsage(entry(2, november.addDays(1), std::nullopt))); // unknown price
    QVERIFY(library.recordUsage(entry(3, december, 0.5)));
    QVERIFY(library.recordUsage(entry(1, december, 9.0))); // the same task again: ignored

    const QList<UsageEntry> all = library.usage();
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0).taskRowId, 1);
    QCOMPARE(all.at(0).amount, 1.0);
    QCOMPARE(all.at(0).finishedAt, november);
    QCOMPARE(all.at(0).kind, MediaKind::TextToVideo);
    QCOMPARE(all.at(0).seconds, 10);
    QCOMPARE(all.at(0).resolution, QStringLiteral("720P"));
    QVERIFY(all.at(0).audio);
    QCOMPARE(all.at(0).unitPrice, 0.1);
    QCOMPARE(all.at(0).source, QStringLiteral("test"));
    QVERIFY(!all.at(1).amount); // unknown stays unknown, never 0
    QVERIFY(!all.at(1).unitPrice);

    const QList<UsageEntry> inNovember
            = library.usage(QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC),
                            QDateTime(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC));
    QCOMPARE(inNovember.size(), 2);
    QCOMPARE(inNovember.last().taskRowId, 2);
}

void tst_LibraryLedger::keepsTheDemoFlag()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Library library;
    const LibraryResult opened = library.open(dir.filePath(QStringLiteral("library.sqlite3")));
    QVERIFY2(opened, qPrintable(opened.message()));
    const QDateTime when(QDate(2026, 11, 3), QTime(10, 0), Qt::UTC);
    UsageEntry demo = entry(1, when, 0.0);
    demo.demo = true;
    QVERIFY(library.recordUsage(demo));
    QVERIFY(library.recordUsage(entry(2, when.addSecs(60), 1.0)));
    const QList<UsageEntry> all = library.usage();
    QCOMPARE(all.size(), 2);
    QVERIFY(all.at(0).demo);
    QVERIFY(!all.at(1).demo);

    // The entry of a demo task is a demo entry at 0, whatever the price table says.
    TaskRecord task;
    task.id = 3;
    task.request.model = QStringLiteral("wan2.2-t2i-flash");
    task.request.size = QSize(1024, 1024);
    task.request.count = 1;
    task.state = TaskState::Done;
    task.demo = true;
    const UsageEntry of = UsageEntry::of(task, PriceTable::builtIn());
    QVERIFY(of.demo);
    QCOMPARE(of.amount, 0.0);
    task.demo = false;
    QVERIFY(!UsageEntry::of(task, PriceTable::builtIn()).demo);
}

QTEST_GUILESS_MAIN(tst_LibraryLedger)
#include "tst_libraryledger.moc"
