#include "engine/pollpolicy.h"

#include <QTest>
#include <memory>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

class tst_PollPolicy final : public QObject
{
    Q_OBJECT

private slots:
    void schedule_data();
    void schedule();
    void backoff_data();
    void backoff();
    void jitterSpreadsPolls();
    void scaled_data();
    void scaled();
    void budgetAcquire();
    void budgetNeverExceedsWindow_data();
    void budgetNeverExceedsWindow();
};

void tst_PollPolicy::schedule_data()
{
    QTest::addColumn<int>("polls");
    QTest::addColumn<qint64>("elapsedMs");
    QTest::addColumn<qint64>("expectedMs");

    // The official SDK's sleeps between GETs: 1, 1, 2, 2, 2, 4, 4, 4, 5, 5, 5… s.
    const qint64 sdk[] = { 1000, 1000, 2000, 2000, 2000, 4000, 4000, 4000, 5000, 5000, 5000, 5000 };
    for (int polls = 0; polls < int(std::size(sdk)); ++polls)
        QTest::addRow("sdk step %d", polls) << polls << qint64(polls) * 1000 << sdk[polls];
    QTest::newRow("capped at 5 s") << 200 << qint64(5 * 60 * 1000) << qint64(5000);
    QTest::newRow("negative polls count") << -1 << qint64(0) << qint64(5000);
    // Tasks that run for many minutes (a long queue; video later) are polled less often.
    QTest::newRow("after 10 min") << 150 << qint64(10 * 60 * 1000) << qint64(10000);
    QTest::newRow("resumed old task") << 0 << qint64(3 * 60 * 60 * 1000) << qint64(10000);
}

void tst_PollPolicy::schedule()
{
    QFETCH(int, polls);
    QFETCH(qint64, elapsedMs);
    QFETCH(qint64, expectedMs);
    const DefaultPollPolicy policy;
    PollPolicy::Input input;
    input.polls = polls;
    input.elapsed = milliseconds(elapsedMs);
    input.jitter = 0.5; // neutral
    QCOMPARE(policy.nextDelay(input).count(), expectedMs);
}

void tst_PollPolicy::backoff_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<double>("jitter");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("1st failure") << 1 << 0.5 << qint64(2000);
    QTest::newRow("2nd failure") << 2 << 0.5 << qint64(4000);
    QTest::newRow("3rd failure") << 3 << 0.5 << qint64(8000);
    QTest::newRow("4th failure") << 4 << 0.5 << qint64(16000);
    QTest::newRow("5th failure: capped") << 5 << 0.5 << qint64(30000);
    QTest::newRow("50th failure: capped, no overflow") << 50 << 0.5 << qint64(30000);
    QTest::newRow("jitter 0: half") << 2 << 0.0 << qint64(2000);
    QTest::newRow("jitter 0.99: almost 1.5x") << 2 << 0.99 << qint64(5960);
    QTest::newRow("jitter never beyond the cap") << 5 << 0.99 << qint64(30000);
    QTest::newRow("jitter out of range is clamped") << 1 << 7.0 << qint64(3000);
    QTest::newRow("jitter NaN is neutral")
            << 1 << std::numeric_limits<double>::quiet_NaN() << qint64(2000);
}

void tst_PollPolicy::backoff()
{
    QFETCH(int, failures);
    QFETCH(double, jitter);
    QFETCH(qint64, expectedMs);
    const DefaultPollPolicy policy;
    PollPolicy::Input input;
    input.polls = 3;
    input.elapsed = 20s;
    input.consecutiveFailures = failures;
    input.jitter = jitter;
    QCOMPARE(policy.nextDelay(input).count(), expectedMs);
}

void tst_PollPolicy::jitterSpreadsPolls()
{
    // Tasks created together must not poll in lockstep: ±10 % around the schedule.
    const DefaultPollPolicy policy;
    PollPolicy::Input input;
    input.polls = 20;
    input.jitter = 0.0;
    QCOMPARE(policy.nextDelay(input), 4500ms);
    input.jitter = 1.0;
    QCOMPARE(policy.nextDelay(input), 5500ms);
}

void tst_PollPolicy::scaled_data()
{
    QTest::addColumn<double>("factor");
    QTest::addColumn<int>("polls");
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("expectedMs");

    QTest::newRow("x0.01 first poll") << 0.01 << 0 << 0 << qint64(10);
    QTest::newRow("x0.01 steady") << 0.01 << 30 << 0 << qint64(50);
    QTest::newRow("x0.1 backoff") << 0.1 << 5 << 2 << qint64(400);
    QTest::newRow("x2 slower") << 2.0 << 0 << 0 << qint64(2000);
    QTest::newRow("invalid factor means 1") << -3.0 << 0 << 0 << qint64(1000);
}

void tst_PollPolicy::scaled()
{
    QFETCH(double, factor);
    QFETCH(int, polls);
    QFETCH(int, failures);
    QFETCH(qint64, expectedMs);
    const ScaledPollPolicy policy(std::make_unique<DefaultPollPolicy>(), factor);
    PollPolicy::Input input;
    input.polls = polls;
    input.consecutiveFailures = failures;
    QCOMPARE(policy.nextDelay(input).count(), expectedMs);
}

void tst_PollPolicy::budgetAcquire()
{
    RequestBudget budget(10, 2);
    QCOMPARE(budget.tryAcquire(0ms), 0ms);
    QCOMPARE(budget.tryAcquire(0ms), 0ms);
    // Empty: one token comes back every 100 ms.
    QCOMPARE(budget.tryAcquire(0ms), 100ms);
    QCOMPARE(budget.tryAcquire(40ms), 60ms);
    QCOMPARE(budget.tryAcquire(100ms), 0ms);
    QVERIFY(budget.tryAcquire(100ms) > 0ms);
    // A long pause refills to the burst, not beyond.
    QCOMPARE(budget.tryAcquire(10'000ms), 0ms);
    QCOMPARE(budget.tryAcquire(10'000ms), 0ms);
    QVERIFY(budget.tryAcquire(10'000ms) > 0ms);
}

void tst_PollPolicy::budgetNeverExceedsWindow_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("burst");
    QTest::newRow("task service: 10/s, burst 5") << 10.0 << 5.0;
    QTest::newRow("submit rps 2, burst 1") << 2.0 << 1.0;
    QTest::newRow("odd rate") << 3.3 << 2.0;
}

void tst_PollPolicy::budgetNeverExceedsWindow()
{
    QFETCH(double, rate);
    QFETCH(double, burst);
    // A greedy caller that retries exactly when told: count grants in every 1-second window.
    RequestBudget budget(rate, burst);
    QList<qint64> grants;
    qint64 now = 0;
    while (now < 20'000) {
        const milliseconds wait = budget.tryAcquire(milliseconds(now));
        if (wait == 0ms)
            grants.append(now);
        else
            now += wait.count();
    }
    // Every wait it returned was long enough: the average rate is the configured one.
    QVERIFY2(grants.size() >= int(rate * 20), qPrintable(QString::number(grants.size())));
    const int limit = int(burst + rate) + 1; // ≤ burst + rate in any window, with rounding
    for (int i = 0; i < grants.size(); ++i) {
        int inWindow = 0;
        for (int j = i; j < grants.size() && grants.at(j) < grants.at(i) + 1000; ++j)
            ++inWindow;
        QVERIFY2(inWindow <= limit,
                 qPrintable(QStringLiteral("%1 grants in the second after %2 ms")
                                    .arg(inWindow)
                                    .arg(grants.at(i))));
    }
}

QTEST_APPLESS_MAIN(tst_PollPolicy)
#include "tst_pollpolicy.moc"
