#include "engine/pollpolicy.h"

#include <QRandomGenerator>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <memory>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

// Durations (ms) drawn from a seeded distribution: queue uniform in [queueMin, queueMax],
// generation log-normal around `median`.
struct Drawn
{
    QList<qint64> totals;
    QList<qint64> queues;
};
Drawn draw(quint32 seed, int count, double queueMin, double queueMax, double median, double sigma)
{
    QRandomGenerator random(seed);
    Drawn drawn;
    for (int i = 0; i < count; ++i) {
        const double queue = queueMin + (queueMax - queueMin) * random.generateDouble();
        const double u1 = 1.0 - random.generateDouble();
        const double u2 = random.generateDouble();
        const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
        const double generation = median * std::exp(sigma * normal);
        drawn.queues.append(qint64(queue));
        drawn.totals.append(qint64(queue + generation));
    }
    return drawn;
}

std::shared_ptr<const PollPlan> planOf(const Drawn &history, const PollPlan::Options &options)
{
    QList<qint64> runs;
    for (int i = 0; i < history.totals.size(); ++i)
        runs.append(history.totals.at(i) - history.queues.at(i));
    return PollPlan::fromSamples(history.totals, runs, options);
}

struct Outcome
{
    qint64 medianDelayMs = 0;
    qint64 p90DelayMs = 0;
    double meanDelayMs = 0;
    double polls = 0; // per task
};

// Follows each task as TaskService does (a poll answer tells scheduled_time once it is past),
// the first poll one policy delay after the create; `hint` as a video's PollHint.
Outcome follow(const PollPolicy &policy, const std::shared_ptr<const PollPlan> &plan,
               const Drawn &tasks, milliseconds firstPoll = 0ms, milliseconds cadence = 0ms)
{
    QList<qint64> delays;
    qint64 polls = 0;
    QRandomGenerator jitter(99);
    for (int i = 0; i < tasks.totals.size(); ++i) {
        const qint64 end = tasks.totals.at(i);
        qint64 now = 0;
        int n = 0;
        bool seenRunning = false;
        for (;;) {
            PollPolicy::Input input;
            input.polls = n;
            input.elapsed = milliseconds(now);
            input.jitter = jitter.generateDouble();
            input.firstPoll = firstPoll;
            input.cadence = cadence;
            input.plan = plan;
            if (seenRunning)
                input.sinceScheduled = milliseconds(now - tasks.queues.at(i));
            const milliseconds delay = policy.nextDelay(input);
            if (plan && delay > plan->cap())
                return {}; // never a longer gap than the cap
            now += delay.count();
            ++n;
            if (now >= end)
                break;
            seenRunning = now >= tasks.queues.at(i);
        }
        delays.append(now - end);
        polls += n;
    }
    std::sort(delays.begin(), delays.end());
    Outcome outcome;
    outcome.medianDelayMs = delays.at(delays.size() / 2);
    outcome.p90DelayMs = delays.at(delays.size() * 9 / 10);
    for (const qint64 delay : delays)
        outcome.meanDelayMs += double(delay) / double(delays.size());
    outcome.polls = double(polls) / double(tasks.totals.size());
    return outcome;
}

QByteArray describe(const Outcome &outcome)
{
    return QStringLiteral("median %1 ms, p90 %2 ms, mean %3 ms, %4 polls")
            .arg(outcome.medianDelayMs)
            .arg(outcome.p90DelayMs)
            .arg(outcome.meanDelayMs, 0, 'f', 0)
            .arg(outcome.polls, 0, 'f', 2)
            .toUtf8();
}

} // namespace

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
    void withoutHistoryTheScheduleIsTodays();
    void historyClustersPollsAroundItsQuantiles();
    void neverAGapLongerThanTheCap();
    void runningTimeNarrowsTheSchedule();
    void pastEveryEarlierTaskPollsAtTheCap();
    void failuresStillBackOffWithAPlan();
    void scaledPolicyKeepsTheLearntSchedule();
    void learntImagesBeatTheSdk();
    void learntVideosPollFarLess();
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

void tst_PollPolicy::withoutHistoryTheScheduleIsTodays()
{
    // Too few earlier tasks: no plan, and the schedule stays exactly the SDK's.
    QVERIFY(!PollPlan::fromSamples({ 12000, 13000, 14000, 15000 }, {}));
    QVERIFY(!PollPlan::fromSamples({ 12000, 0, -5, 13000, 14000, 15000 }, {})); // 4 usable
    QVERIFY(PollPlan::fromSamples({ 12000, 13000, 14000, 15000, 16000 }, {}));
    const DefaultPollPolicy policy;
    const qint64 sdk[] = { 1000, 1000, 2000, 2000, 2000, 4000, 4000, 4000, 5000, 5000 };
    for (int polls = 0; polls < int(std::size(sdk)); ++polls) {
        PollPolicy::Input input;
        input.polls = polls;
        input.elapsed = milliseconds(polls * 1500);
        input.sinceScheduled = 500ms; // ignored without a plan
        input.plan = PollPlan::fromSamples({ 12000, 13000, 14000, 15000 }, {});
        QCOMPARE(policy.nextDelay(input).count(), sdk[polls]);
    }
}

void tst_PollPolicy::historyClustersPollsAroundItsQuantiles()
{
    // Earlier tasks took 10 to 14 s: nothing ends before about 9 s, so the first polls are
    // sparse (at most the cap apart), and from there on they are close together.
    QList<qint64> totals;
    for (qint64 ms = 10000; ms <= 14000; ms += 250)
        totals.append(ms);
    const auto plan = PollPlan::fromSamples(totals, {});
    QVERIFY(plan);
    QCOMPARE(plan->sampleCount(), int(totals.size()));
    const DefaultPollPolicy policy;
    QList<qint64> times;
    qint64 now = 0;
    while (now < 16000) {
        PollPolicy::Input input;
        input.polls = int(times.size());
        input.elapsed = milliseconds(now);
        input.plan = plan;
        now += policy.nextDelay(input).count();
        times.append(now);
    }
    const auto count = [&](qint64 from, qint64 to) {
        return std::count_if(times.cbegin(), times.cend(),
                             [&](qint64 t) { return t >= from && t < to; });
    };
    QVERIFY2(count(0, 9000) <= 2, qPrintable(QString::number(count(0, 9000))));
    QVERIFY2(count(10000, 14000) >= 4, qPrintable(QString::number(count(10000, 14000))));
    // Within the earlier durations, no gap is longer than 1.5 s.
    for (int i = 1; i < times.size(); ++i) {
        if (times.at(i - 1) >= 10000 && times.at(i) <= 14000)
            QVERIFY(times.at(i) - times.at(i - 1) <= 1500);
    }
}

void tst_PollPolicy::neverAGapLongerThanTheCap()
{
    const Drawn images = draw(1, 30, 300, 3000, 11000, 0.25);
    const Drawn videos = draw(2, 30, 1000, 30000, 240000, 0.3);
    PollPlan::Options videoOptions;
    videoOptions.cap = 60s;
    videoOptions.pollCost = 0.003;
    videoOptions.lateAfter = 0;
    const DefaultPollPolicy policy;
    for (const auto &plan : { planOf(images, {}), planOf(videos, videoOptions) }) {
        QVERIFY(plan);
        for (qint64 at = 0; at < 30 * 60 * 1000; at += 97) {
            for (const double jitter : { 0.0, 0.5, 1.0 }) {
                PollPolicy::Input input;
                input.elapsed = milliseconds(at);
                input.jitter = jitter;
                input.plan = plan;
                if (at % 2)
                    input.sinceScheduled = milliseconds(at / 2);
                const milliseconds delay = policy.nextDelay(input);
                QVERIFY2(delay <= plan->cap() && delay >= 250ms,
                         qPrintable(QStringLiteral("%1 ms at %2 ms").arg(delay.count()).arg(at)));
            }
        }
    }
}

void tst_PollPolicy::runningTimeNarrowsTheSchedule()
{
    // The generation takes 10 s ± a little; the queue varied from 0 to 4 s.
    QList<qint64> totals, runs;
    for (int i = 0; i < 20; ++i) {
        runs.append(9800 + 20 * i);
        totals.append(runs.last() + 200 * i);
    }
    const auto plan = PollPlan::fromSamples(totals, runs);
    QVERIFY(plan);
    const DefaultPollPolicy policy;
    PollPolicy::Input input;
    input.polls = 3;
    input.elapsed = 11000ms;
    input.plan = plan;
    // Eleven seconds in, the earlier tasks were ending: poll soon.
    const milliseconds soon = policy.nextDelay(input);
    QVERIFY2(soon <= 1000ms, qPrintable(QString::number(soon.count())));
    // But it has only been running for 2 s (a long queue): nothing ends before about 9.5 s,
    // which two polls at most (5 s apart at most) reach.
    qint64 running = 2000;
    int polls = 0;
    while (running < 9400) {
        input.elapsed = milliseconds(9000 + running);
        input.sinceScheduled = milliseconds(running);
        const milliseconds delay = policy.nextDelay(input);
        QVERIFY2(delay >= 2000ms, qPrintable(QString::number(delay.count())));
        running += delay.count();
        ++polls;
    }
    QVERIFY2(polls <= 2, qPrintable(QString::number(polls)));
    input.sinceScheduled = 9700ms;
    QVERIFY(policy.nextDelay(input) <= 600ms);
}

void tst_PollPolicy::pastEveryEarlierTaskPollsAtTheCap()
{
    const auto plan = PollPlan::fromSamples({ 2000, 2100, 2200, 2300, 2400 }, {});
    const DefaultPollPolicy policy;
    PollPolicy::Input input;
    input.plan = plan;
    input.elapsed = 10min; // far longer than any earlier task: still followed, every cap
    QCOMPARE(policy.nextDelay(input), 5000ms);
    input.elapsed = 3h;
    QCOMPARE(policy.nextDelay(input), 5000ms);
}

void tst_PollPolicy::failuresStillBackOffWithAPlan()
{
    const DefaultPollPolicy policy;
    PollPolicy::Input input;
    input.plan = PollPlan::fromSamples({ 2000, 2100, 2200, 2300, 2400 }, {});
    input.elapsed = 2000ms;
    input.consecutiveFailures = 2;
    QCOMPARE(policy.nextDelay(input), 4000ms);
    input.consecutiveFailures = 5;
    QCOMPARE(policy.nextDelay(input), 30000ms);
    const ScaledPollPolicy scaled(std::make_unique<DefaultPollPolicy>(), 0.1);
    QCOMPARE(scaled.nextDelay(input), 3000ms);
}

void tst_PollPolicy::scaledPolicyKeepsTheLearntSchedule()
{
    // Learnt durations are real ones (the demo's simulator's too): not scaled again.
    const DefaultPollPolicy policy;
    const ScaledPollPolicy scaled(std::make_unique<DefaultPollPolicy>(), 0.25);
    PollPolicy::Input input;
    input.plan = PollPlan::fromSamples({ 4000, 4100, 4200, 4300, 4400 }, {});
    QCOMPARE(scaled.nextDelay(input), policy.nextDelay(input));
    input.plan.reset();
    QCOMPARE(scaled.nextDelay(input), 250ms);
}

void tst_PollPolicy::learntImagesBeatTheSdk()
{
    // The target: queue 0.3-3 s, generation log-normal around 11 s; learnt from 30
    // earlier tasks, measured on 400 others. Median delay <= 0.5 s, p90 no worse than the
    // SDK's, at most 0.8 times its polls (the SDK also polls at once: one more poll per task).
    const Drawn history = draw(3, 30, 300, 3000, 11000, 0.25);
    const Drawn tasks = draw(4, 400, 300, 3000, 11000, 0.25);
    const DefaultPollPolicy policy;
    const Outcome today = follow(policy, nullptr, tasks);
    Outcome sdk = today;
    sdk.polls += 1;
    const Outcome learnt = follow(policy, planOf(history, {}), tasks);
    qInfo("today %s; learnt %s", describe(today).constData(), describe(learnt).constData());
    QVERIFY(learnt.polls > 0);
    QVERIFY2(learnt.medianDelayMs <= 500, describe(learnt));
    QVERIFY2(learnt.p90DelayMs <= sdk.p90DelayMs, describe(learnt));
    QVERIFY2(learnt.polls <= 0.8 * sdk.polls, describe(learnt));
}

void tst_PollPolicy::learntVideosPollFarLess()
{
    // Videos of about 4 minutes: the kind's 15 s schedule against the plan learnt from 30.
    const Drawn history = draw(5, 30, 1000, 30000, 240000, 0.3);
    const Drawn tasks = draw(6, 300, 1000, 30000, 240000, 0.3);
    const DefaultPollPolicy policy;
    const Outcome fixed = follow(policy, nullptr, tasks, 15s, 15s);
    PollPlan::Options options;
    options.cap = 60s;
    options.pollCost = 0.003;
    options.lateAfter = 0;
    const Outcome learnt = follow(policy, planOf(history, options), tasks, 15s, 15s);
    qInfo("fixed %s; learnt %s", describe(fixed).constData(), describe(learnt).constData());
    QVERIFY(learnt.polls > 0);
    QVERIFY2(learnt.meanDelayMs <= fixed.meanDelayMs, describe(learnt));
    QVERIFY2(learnt.medianDelayMs <= fixed.medianDelayMs, describe(learnt));
    QVERIFY2(learnt.polls <= 0.7 * fixed.polls, describe(learnt));
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
