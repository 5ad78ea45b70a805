#include "domain/modelcatalog.h"
#include "engine/taskscheduler.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

namespace {

const QString Flash = QStringLiteral("wan2.2-t2i-flash"); // 2 at once, 2 creates/s
const QString Preview = QStringLiteral("wan2.5-t2i-preview"); // 5 at once

QList<qint64> granted(const QSignalSpy &spy)
{
    QList<qint64> ids;
    for (const QList<QVariant> &arguments : spy)
        ids << arguments.at(0).toLongLong();
    return ids;
}

} // namespace

// The scheduler alone, without any network: which task may be created when, and when the other
// requests may go.
class tst_TaskScheduler final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void modelLimitIsFifo();
    void personsCapOverAllModels();
    void modelAtItsLimitDoesNotHoldBackAnother();
    void occupiedSlotsCount();
    void forgottenTaskIsNeverGranted();
    void grantIsDeferred();
    void createsAreSpacedPerModelAndRegion();
    void requestBudgetKeepsOrderAndDropsOwners();

private:
    ModelCatalog m_catalog;
};

void tst_TaskScheduler::initTestCase()
{
    m_catalog = ModelCatalog::builtIn();
    QCOMPARE(m_catalog.model(Flash).concurrency, 2);
    QCOMPARE(m_catalog.model(Preview).concurrency, 5);
}

void tst_TaskScheduler::modelLimitIsFifo()
{
    TaskScheduler scheduler(m_catalog);
    QSignalSpy spy(&scheduler, &TaskScheduler::slotGranted);
    for (qint64 id = 1; id <= 4; ++id)
        scheduler.enqueue(id, Flash);
    QTRY_COMPARE(granted(spy), (QList<qint64> { 1, 2 }));
    QCOMPARE(scheduler.slotsInUse(Flash), 2);
    QCOMPARE(scheduler.queue(), (QList<qint64> { 3, 4 }));
    QVERIFY(scheduler.holdsSlot(1) && scheduler.isQueued(3));

    scheduler.release(2); // its results are downloading: the service is done with it
    QTRY_COMPARE(granted(spy), (QList<qint64> { 1, 2, 3 }));
    QCOMPARE(scheduler.queue(), QList<qint64> { 4 });
}

void tst_TaskScheduler::personsCapOverAllModels()
{
    TaskScheduler scheduler(m_catalog);
    scheduler.setMaxConcurrentTasks(1);
    QSignalSpy spy(&scheduler, &TaskScheduler::slotGranted);
    scheduler.enqueue(1, Flash);
    scheduler.enqueue(2, Preview);
    QTRY_COMPARE(granted(spy), QList<qint64> { 1 });
    QTest::qWait(20); // the event loop runs: still nothing more
    QCOMPARE(granted(spy), QList<qint64> { 1 });
    scheduler.setMaxConcurrentTasks(0); // only the models' limits
    QTRY_COMPARE(granted(spy), (QList<qint64> { 1, 2 }));
    QCOMPARE(scheduler.slotsInUse(), 2);
}

void tst_TaskScheduler::modelAtItsLimitDoesNotHoldBackAnother()
{
    TaskScheduler scheduler(m_catalog);
    QSignalSpy spy(&scheduler, &TaskScheduler::slotGranted);
    scheduler.enqueue(1, Flash);
    scheduler.enqueue(2, Flash);
    scheduler.enqueue(3, Flash);
    scheduler.enqueue(4, Preview);
    QTRY_COMPARE(granted(spy), (QList<qint64> { 1, 2, 4 }));
    QCOMPARE(scheduler.queue(), QList<qint64> { 3 });
}

void tst_TaskScheduler::occupiedSlotsCount()
{
    // Resumed tasks run on the service already: they hold slots at once and count against the
    // queued ones.
    TaskScheduler scheduler(m_catalog);
    QSignalSpy spy(&scheduler, &TaskScheduler::slotGranted);
    scheduler.occupy(10, Flash);
    scheduler.occupy(11, Flash);
    scheduler.occupy(12, Flash); // over the limit: cannot be held back
    QCOMPARE(scheduler.slotsInUse(Flash), 3);
    scheduler.enqueue(1, Flash);
    scheduler.release(10);
    QTest::qWait(20); // still 2 of 2 in use
    QVERIFY(spy.isEmpty());
    scheduler.forget(12);
    QTRY_COMPARE(granted(spy), QList<qint64> { 1 });
}

void tst_TaskScheduler::forgottenTaskIsNeverGranted()
{
    TaskScheduler scheduler(m_catalog);
    QSignalSpy spy(&scheduler, &TaskScheduler::slotGranted);
    scheduler.enqueue(1, Flash);
    scheduler.enqueue(2, Flash);
    scheduler.enqueue(3, Flash);
    scheduler.forget(1); // canceled while queued
    QTRY_COMPARE(granted(spy), (QList<qint64> { 2, 3 }));
    QVERIFY(!scheduler.isQueued(1) && !scheduler.holdsSlot(1));
}

void tst_TaskScheduler::grantIsDeferred()
{
    // Never from inside enqueue(): the caller finishes recording the task first.
    TaskScheduler scheduler(m_catalog);
    QSignalSpy spy(&scheduler, &TaskScheduler::slotGranted);
    scheduler.enqueue(1, Flash);
    QVERIFY(spy.isEmpty());
    QVERIFY(scheduler.isQueued(1));
    QTRY_COMPARE(spy.count(), 1);
}

void tst_TaskScheduler::createsAreSpacedPerModelAndRegion()
{
    TaskScheduler scheduler(m_catalog);
    QCOMPARE(scheduler.createDelay(Flash, Region::Singapore), 0ms);
    const auto wait = scheduler.createDelay(Flash, Region::Singapore);
    QVERIFY2(wait > 0ms && wait <= 500ms, qPrintable(QString::number(wait.count())));
    // Another model, or the same model in another region, has a budget of its own.
    QCOMPARE(scheduler.createDelay(Preview, Region::Singapore), 0ms);
    QCOMPARE(scheduler.createDelay(Flash, Region::Virginia), 0ms);
    // Once the wait is over, the next one may go (qWaitFor: each 0 takes the token).
    QVERIFY(QTest::qWaitFor(
            [&scheduler] { return scheduler.createDelay(Flash, Region::Singapore) == 0ms; }, 5000));
}

void tst_TaskScheduler::requestBudgetKeepsOrderAndDropsOwners()
{
    TaskScheduler scheduler(m_catalog);
    scheduler.setRequestBudget(50, 2); // a burst of 2, then one every 20 ms
    QList<int> sent;
    for (int i = 0; i < 6; ++i) {
        const qint64 owner = i == 3 ? 7 : 1;
        scheduler.withBudget(owner, [&sent, i] { sent << i; });
    }
    QCOMPARE(sent, (QList<int> { 0, 1 })); // the burst goes at once
    QCOMPARE(scheduler.waitingRequests(), 4);
    scheduler.dropBudgetRequests(7); // its task finished: its poll is not sent
    QTRY_COMPARE(sent, (QList<int> { 0, 1, 2, 4, 5 }));
    QCOMPARE(scheduler.waitingRequests(), 0);
    // While requests wait, a new one queues behind them even if a token is free.
    scheduler.setRequestBudget(50, 1);
    scheduler.withBudget(1, [&sent] { sent << 10; });
    scheduler.withBudget(1, [&sent] { sent << 11; });
    QCOMPARE(sent.size(), 6);
    QTRY_COMPARE(sent.last(), 11);
}

QTEST_GUILESS_MAIN(tst_TaskScheduler)
#include "tst_taskscheduler.moc"
