// Benchmark of the poll schedule (not a test): replays seeded task durations against the
// simulator through the real TaskService, once per schedule, and prints for each how late a
// finished task is seen (from SUCCEEDED on the simulator to the first GET of its result) and how
// many polls each task cost.
//
//   bench_polling [--tasks N] [--seed N] [--history N] [--queue-ms MIN,MAX] [--median-ms MS]
//                 [--sigma S] [--schedules sdk,today,learnt,known] [--replay-only]
//
// Defaults (the case): 30 tasks of wan2.5-t2i-preview 1280*1280 (the catalog's 5 at a
// time: 5 parallel streams), each queued 0.3-3 s and generating log-normal around 11 s (sigma
// 0.25), the same times for every schedule (the simulator's seeded sampler). Schedules:
//   sdk     the official SDK: a poll at once, then 1, 1, 2, 2, 2, 4, 4, 4, 5, 5… s
//   today   the SDK's without the immediate poll (DefaultPollPolicy without a history)
//   learnt  DefaultPollPolicy with the history: --history earlier tasks (another seed of the
//           same distribution) in the library, and this run's tasks as they finish
//   known   the plan of 2,000 draws of the distribution: what learning tends to (the limit)
// Then the same schedules replayed without a network on 2,000 tasks (the policy alone), for the
// images and for videos of about 4 minutes against the kind's fixed 15 s schedule.
//
// The simulator runs in a child process (this program with --simulator-child): rendering a
// 1280*1280 PNG would otherwise hold up the engine's timers and add to the delays.

#include "domain/modelcatalog.h"
#include "engine/pollpolicy.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorchild.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <unistd.h>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

struct Distribution
{
    quint32 seed = 1;
    milliseconds queueMin { 300 };
    milliseconds queueMax { 3000 };
    milliseconds median { 11000 };
    double sigma = 0.25;

    SimulatorServer::LatencySampler sampler(quint32 withSeed) const
    {
        return SimulatorServer::seededLatency(withSeed, queueMin, queueMax, median, sigma);
    }
    // Totals and runs (ms) of `count` draws with `withSeed`.
    std::pair<QList<qint64>, QList<qint64>> draw(quint32 withSeed, int count) const
    {
        const auto sample = sampler(withSeed);
        QList<qint64> totals, runs;
        for (int i = 0; i < count; ++i) {
            const auto t = sample(QString());
            totals.append((t.queue + t.generation).count());
            runs.append(t.generation.count());
        }
        return { totals, runs };
    }
};

// Nearest-rank percentile; -1 without values.
qint64 percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype rank = qsizetype(std::ceil(p * double(values.size()))) - 1;
    return values.at(std::clamp<qsizetype>(rank, 0, values.size() - 1));
}

// The SDK's wait(): a GET at once, then sleeps of 1, 1, 2, 2, 2, 4, 4, 4, then 5 s.
class SdkPollPolicy final : public PollPolicy
{
public:
    milliseconds nextDelay(const Input &input) const override
    {
        if (input.consecutiveFailures > 0)
            return m_default.nextDelay(input);
        static constexpr milliseconds Sleeps[] = { 1s, 1s, 2s, 2s, 2s, 4s, 4s, 4s };
        if (input.polls <= 0)
            return 0ms;
        const int step = input.polls - 1;
        return step < int(std::size(Sleeps)) ? Sleeps[step] : 5000ms;
    }

private:
    DefaultPollPolicy m_default;
};

// DefaultPollPolicy with the plan replaced: none (today's schedule, whatever this run learns)
// or a fixed one (the known distribution's).
class FixedPlanPolicy final : public PollPolicy
{
public:
    explicit FixedPlanPolicy(std::shared_ptr<const PollPlan> plan) : m_plan(std::move(plan)) { }
    milliseconds nextDelay(const Input &input) const override
    {
        Input with = input;
        with.plan = m_plan;
        if (!m_plan)
            with.sinceScheduled.reset();
        return m_default.nextDelay(with);
    }

private:
    std::shared_ptr<const PollPlan> m_plan;
    DefaultPollPolicy m_default;
};

struct Outcome
{
    QString schedule;
    int finished = 0;
    QList<qint64> delays; // ms, SUCCEEDED to the first download
    double polls = 0; // per task
    int peakPollsPerSecond = 0;
    int peakActiveTasks = 0;
    double wallSeconds = 0;
};

// Earlier tasks of the request's key in the library, as an earlier run would have left them.
bool addHistory(Library &library, const GenerationRequest &resolved, const Endpoint &endpoint,
                const QList<qint64> &totals, const QList<qint64> &runs)
{
    const QDateTime submitted = QDateTime::currentDateTime().addDays(-1);
    const LibraryResult added = library.runInTransaction([&] {
        for (int i = 0; i < totals.size(); ++i) {
            TaskRecord task;
            task.request = resolved;
            task.endpoint = endpoint;
            task.createdAt = QDateTime::currentDateTimeUtc().addDays(-1).addSecs(60 * i);
            task.updatedAt = task.createdAt;
            if (!library.addTask(&task))
                return false;
            task.taskId = QStringLiteral("history-%1").arg(i);
            task.serviceStatus = QStringLiteral("SUCCEEDED");
            task.state = TaskState::Done;
            task.submitTime = submitted.addSecs(60 * i);
            task.scheduledTime = task.submitTime.addMSecs(totals.at(i) - runs.at(i));
            task.endTime = task.submitTime.addMSecs(totals.at(i));
            task.finishedAt = task.createdAt.addMSecs(totals.at(i));
            if (!library.updateTask(task))
                return false;
        }
        return true;
    });
    return bool(added);
}

Outcome runAgainstSimulator(QCoreApplication &app, const QString &schedule,
                            const Distribution &distribution, const GenerationRequest &request,
                            int taskCount, int historyCount, QTextStream &out)
{
    Outcome outcome;
    outcome.schedule = schedule;
    const ModelCatalog catalog = ModelCatalog::builtIn();
    const ModelInfo model = catalog.model(request.model);
    QTemporaryDir dir;
    Library library;
    if (!dir.isValid() || !library.open(dir.filePath(QStringLiteral("library.sqlite3")))) {
        out << "cannot open a library" << Qt::endl;
        return outcome;
    }
    // The simulator's tasks take the seeded times.
    SimulatorChild simulator;
    const QUrl simulatorUrl = simulator.start(QCoreApplication::arguments().mid(1)
                                              << QStringLiteral("--simulator-child"));
    if (simulatorUrl.isEmpty()) {
        out << "cannot start the simulator process" << Qt::endl;
        return outcome;
    }
    Endpoint endpoint;
    endpoint.region = model.regions.value(0, Region::Singapore);
    endpoint.baseUrl = simulatorUrl;

    if (schedule == QLatin1String("learnt")) {
        const auto [totals, runs] = distribution.draw(distribution.seed + 1000, historyCount);
        if (!addHistory(library, request.resolved(model), endpoint, totals, runs)) {
            out << "cannot write the history: " << library.lastError() << Qt::endl;
            return outcome;
        }
    }

    QNetworkAccessManager network;
    TaskService service(catalog, &library, &network);
    service.setEndpoint(endpoint);
    service.setApiKey(QStringLiteral("sk-benchmark"));
    service.setOutputDirectory(dir.filePath(QStringLiteral("images")));
    if (schedule == QLatin1String("sdk")) {
        service.setPollPolicy(std::make_unique<SdkPollPolicy>());
    } else if (schedule == QLatin1String("today")) {
        service.setPollPolicy(std::make_unique<FixedPlanPolicy>(nullptr));
    } else if (schedule == QLatin1String("known")) {
        const auto [totals, runs] = distribution.draw(distribution.seed + 2000, 2000);
        const PollPlan::Options options; // the images' (TaskService's planOptions)
        service.setPollPolicy(
                std::make_unique<FixedPlanPolicy>(PollPlan::fromSamples(totals, runs, options)));
    }

    int finished = 0;
    QEventLoop loop;
    QObject::connect(&service, &TaskService::taskFinished, &app, [&](const TaskRecord &) {
        if (++finished == taskCount)
            loop.quit();
    });
    QObject::connect(&service, &TaskService::outputSaved, &app,
                     [](const OutputRecord &image) { QFile::remove(image.filePath); });
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < taskCount; ++i) {
        GenerationRequest one = request;
        one.seed = 1000 + qint64(i);
        if (!service.submit(one).isStarted()) {
            out << "the request was refused" << Qt::endl;
            return outcome;
        }
    }
    QTimer::singleShot(60min, &loop, &QEventLoop::quit); // a stuck run still ends with numbers
    loop.exec();
    outcome.wallSeconds = double(clock.elapsed()) / 1000.0;
    outcome.finished = finished;

    const QJsonObject stats = simulator.statistics();
    outcome.peakPollsPerSecond = stats.value(QLatin1String("peakPollsPerSecond")).toInt();
    outcome.peakActiveTasks = stats.value(QLatin1String("peakActiveTasks")).toInt();
    const QJsonArray delays = stats.value(QLatin1String("delays")).toArray();
    for (const QJsonValue &delay : delays) {
        if (delay.toInteger() >= 0)
            outcome.delays.append(delay.toInteger());
    }
    const QJsonArray polls = stats.value(QLatin1String("taskPolls")).toArray();
    for (const QJsonValue &count : polls)
        outcome.polls += double(count.toInt()) / double(std::max<qsizetype>(1, polls.size()));
    return outcome;
}

// The policy alone, without a network: each task polled as TaskService would (the answer tells
// scheduled_time once it is past), the first poll one delay after the create.
Outcome replay(const QString &schedule, const PollPolicy &policy,
               const std::shared_ptr<const PollPlan> &plan, const Distribution &distribution,
               int taskCount, milliseconds firstPoll, milliseconds cadence)
{
    Outcome outcome;
    outcome.schedule = schedule;
    const auto sample = distribution.sampler(distribution.seed);
    QRandomGenerator jitter(distribution.seed);
    qint64 polls = 0;
    for (int i = 0; i < taskCount; ++i) {
        const auto t = sample(QString());
        const qint64 end = (t.queue + t.generation).count();
        qint64 now = 0;
        int n = 0;
        for (;;) {
            PollPolicy::Input input;
            input.polls = n;
            input.elapsed = milliseconds(now);
            input.jitter = jitter.generateDouble();
            input.firstPoll = firstPoll;
            input.cadence = cadence;
            input.plan = plan;
            if (n > 0 && now >= t.queue.count())
                input.sinceScheduled = milliseconds(now - t.queue.count());
            now += policy.nextDelay(input).count();
            ++n;
            if (now >= end)
                break;
        }
        outcome.delays.append(now - end);
        polls += n;
    }
    outcome.finished = taskCount;
    outcome.polls = double(polls) / double(taskCount);
    return outcome;
}

void printTable(QTextStream &out, const QList<Outcome> &outcomes, bool network)
{
    out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                    .arg(QStringLiteral("schedule"), -10)
                    .arg(QStringLiteral("median ms"), 10)
                    .arg(QStringLiteral("p90 ms"), 8)
                    .arg(QStringLiteral("mean ms"), 8)
                    .arg(QStringLiteral("polls/task"), 11)
                    .arg(network ? QStringLiteral("peak polls/s, active, wall") : QString());
    for (const Outcome &o : outcomes) {
        double mean = 0;
        for (const qint64 d : o.delays)
            mean += double(d) / double(std::max<qsizetype>(1, o.delays.size()));
        out << QStringLiteral("%1 %2 %3 %4 %5")
                        .arg(o.schedule, -10)
                        .arg(percentile(o.delays, 0.5), 10)
                        .arg(percentile(o.delays, 0.9), 8)
                        .arg(qRound64(mean), 8)
                        .arg(o.polls, 11, 'f', 2);
        if (network)
            out << QStringLiteral("  %1, %2, %3 s (%4 finished)")
                            .arg(o.peakPollsPerSecond)
                            .arg(o.peakActiveTasks)
                            .arg(o.wallSeconds, 0, 'f', 0)
                            .arg(o.finished);
        out << '\n';
    }
    out.flush();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bench_polling"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Replays seeded task durations against the simulator, once per poll schedule."));
    parser.addHelpOption();
    const QCommandLineOption tasksOption(QStringLiteral("tasks"),
                                         QStringLiteral("Tasks per schedule."), QStringLiteral("N"),
                                         QStringLiteral("30"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        QStringLiteral("Seed of the times."), QStringLiteral("N"),
                                        QStringLiteral("1"));
    const QCommandLineOption historyOption(QStringLiteral("history"),
                                           QStringLiteral("Earlier tasks in the library (learnt)."),
                                           QStringLiteral("N"), QStringLiteral("30"));
    const QCommandLineOption queueOption(QStringLiteral("queue-ms"),
                                         QStringLiteral("Queue time range."),
                                         QStringLiteral("MIN,MAX"), QStringLiteral("300,3000"));
    const QCommandLineOption medianOption(QStringLiteral("median-ms"),
                                          QStringLiteral("Median generation time."),
                                          QStringLiteral("MS"), QStringLiteral("11000"));
    const QCommandLineOption sigmaOption(QStringLiteral("sigma"),
                                         QStringLiteral("Sigma of the log generation time."),
                                         QStringLiteral("S"), QStringLiteral("0.25"));
    const QCommandLineOption schedulesOption(
            QStringLiteral("schedules"), QStringLiteral("Schedules run against the simulator."),
            QStringLiteral("LIST"), QStringLiteral("sdk,today,learnt,known"));
    const QCommandLineOption replayOption(QStringLiteral("replay-only"),
                                          QStringLiteral("Only the replay without a network."));
    QCommandLineOption childOption(QStringLiteral("simulator-child"));
    childOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({ tasksOption, seedOption, historyOption, queueOption, medianOption,
                        sigmaOption, schedulesOption, replayOption, childOption });
    parser.process(app);

    Distribution distribution;
    distribution.seed = parser.value(seedOption).toUInt();
    const QStringList queue = parser.value(queueOption).split(QLatin1Char(','));
    distribution.queueMin = milliseconds(queue.value(0).toLongLong());
    distribution.queueMax = milliseconds(queue.value(1, queue.value(0)).toLongLong());
    distribution.median = milliseconds(std::max(1LL, parser.value(medianOption).toLongLong()));
    distribution.sigma = parser.value(sigmaOption).toDouble();
    if (parser.isSet(childOption))
        return serveSimulator(app, [&distribution](SimulatorServer &s) {
            s.setLatencySampler(distribution.sampler(distribution.seed));
        });

    const int taskCount = std::max(1, parser.value(tasksOption).toInt());
    const int historyCount = std::max(0, parser.value(historyOption).toInt());
    QTextStream out(stdout);
    GenerationRequest request;
    request.model = QStringLiteral("wan2.5-t2i-preview");
    request.prompt = QStringLiteral("A lighthouse on a cliff at dawn, benchmark");
    request.size = QSize(1280, 1280);
    request.count = 1;
    out << "poll benchmark: queue " << distribution.queueMin.count() << "-"
        << distribution.queueMax.count() << " ms, generation log-normal median "
        << distribution.median.count() << " ms sigma " << distribution.sigma << ", seed "
        << distribution.seed << "; learnt from " << historyCount << " earlier tasks\n";

    if (!parser.isSet(replayOption)) {
        out << "\nagainst the simulator: " << taskCount << " tasks of " << request.model
            << " 1280*1280 n=1, 5 at a time (delay: SUCCEEDED to the first download)\n";
        out.flush();
        QList<Outcome> outcomes;
        const QStringList schedules
                = parser.value(schedulesOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &schedule : schedules) {
            outcomes.append(runAgainstSimulator(app, schedule.trimmed(), distribution, request,
                                                taskCount, historyCount, out));
        }
        printTable(out, outcomes, true);
    }

    // The policy alone, on many tasks: images, then videos of about four minutes.
    const int replayed = 2000;
    const DefaultPollPolicy policy;
    const SdkPollPolicy sdk;
    const PollPlan::Options images;
    const auto [historyTotals, historyRuns]
            = distribution.draw(distribution.seed + 1000, std::max(historyCount, 5));
    const auto [knownTotals, knownRuns] = distribution.draw(distribution.seed + 2000, 2000);
    out << "\nreplayed without a network: " << replayed << " image tasks\n";
    printTable(out,
               { replay(QStringLiteral("sdk"), sdk, nullptr, distribution, replayed, 0ms, 0ms),
                 replay(QStringLiteral("today"), policy, nullptr, distribution, replayed, 0ms, 0ms),
                 replay(QStringLiteral("learnt"), policy,
                        PollPlan::fromSamples(historyTotals, historyRuns, images), distribution,
                        replayed, 0ms, 0ms),
                 replay(QStringLiteral("known"), policy,
                        PollPlan::fromSamples(knownTotals, knownRuns, images), distribution,
                        replayed, 0ms, 0ms) },
               false);

    Distribution video;
    video.seed = distribution.seed;
    video.queueMin = 1s;
    video.queueMax = 30s;
    video.median = 240s;
    video.sigma = 0.3;
    PollPlan::Options videos; // TaskService's for a kind polled every 15 s
    videos.cap = 60s;
    videos.pollCost = 0.003;
    videos.lateAfter = 0;
    const auto [videoTotals, videoRuns] = video.draw(video.seed + 1000, std::max(historyCount, 5));
    const auto [knownVideoTotals, knownVideoRuns] = video.draw(video.seed + 2000, 2000);
    out << "\nreplayed without a network: " << replayed
        << " video tasks (queue 1-30 s, generation median 240 s, sigma 0.3)\n";
    printTable(out,
               { replay(QStringLiteral("every 15s"), policy, nullptr, video, replayed, 15s, 15s),
                 replay(QStringLiteral("learnt"), policy,
                        PollPlan::fromSamples(videoTotals, videoRuns, videos), video, replayed, 15s,
                        15s),
                 replay(QStringLiteral("known"), policy,
                        PollPlan::fromSamples(knownVideoTotals, knownVideoRuns, videos), video,
                        replayed, 15s, 15s) },
               false);
    return 0;
}
