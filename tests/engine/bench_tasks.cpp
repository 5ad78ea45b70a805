// Benchmark of the generation engine (not a test): runs many tasks through TaskService against
// a SimulatorServer and prints what each task costs the service (requests sent), how quickly a
// finished result is fetched (the delay between a task becoming SUCCEEDED on the simulator and
// the first GET of its image), and the peak memory of the engine's process.
//
//   bench_tasks [--tasks N] [--latency-ms MS] [--poll-scale F] [--model NAME] [--size W*H]
//               [--count N] [--keep-images]
//
// Defaults: 200 tasks of wan2.5-t2i-preview (its catalog limits: 5 at a time, 5 creates/s), each
// taking 2 s on the simulator, polled on the real schedule (1, 1, 2, 2, 2, 4… s). --poll-scale
// runs the schedule faster (as the built-in demo does); the request budget stays the real one.
//
// The simulator runs in a child process (this program with --simulator-child), so the memory
// figure is the engine's alone: the simulator renders and caches large PNGs.

#include "domain/modelcatalog.h"
#include "engine/pollpolicy.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorchild.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sys/resource.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

qint64 peakRssKiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

// Nearest-rank percentile; -1 without values.
qint64 percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype rank = qsizetype(std::ceil(p * double(values.size()))) - 1;
    return values.at(std::clamp<qsizetype>(rank, 0, values.size() - 1));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bench_tasks"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Runs tasks through the engine against the simulator."));
    parser.addHelpOption();
    const QCommandLineOption tasksOption(QStringLiteral("tasks"),
                                         QStringLiteral("Number of tasks."), QStringLiteral("N"),
                                         QStringLiteral("200"));
    const QCommandLineOption latencyOption(QStringLiteral("latency-ms"),
                                           QStringLiteral("Simulated task duration."),
                                           QStringLiteral("MS"), QStringLiteral("2000"));
    const QCommandLineOption scaleOption(
            QStringLiteral("poll-scale"),
            QStringLiteral("Factor on the real poll schedule (1 = real)."), QStringLiteral("F"),
            QStringLiteral("1"));
    const QCommandLineOption modelOption(QStringLiteral("model"), QStringLiteral("Model name."),
                                         QStringLiteral("NAME"),
                                         QStringLiteral("wan2.5-t2i-preview"));
    const QCommandLineOption sizeOption(QStringLiteral("size"),
                                        QStringLiteral("Image size (default: the model's)."),
                                        QStringLiteral("W*H"));
    const QCommandLineOption countOption(QStringLiteral("count"),
                                         QStringLiteral("Images per task."), QStringLiteral("N"),
                                         QStringLiteral("1"));
    const QCommandLineOption keepOption(
            QStringLiteral("keep-images"),
            QStringLiteral("Keep the saved images (deleted as they arrive otherwise)."));
    QCommandLineOption childOption(QStringLiteral("simulator-child"));
    childOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({ tasksOption, latencyOption, scaleOption, modelOption, sizeOption,
                        countOption, keepOption, childOption });
    parser.process(app);

    const int taskCount = std::max(1, parser.value(tasksOption).toInt());
    const auto latency
            = std::chrono::milliseconds(std::max(1, parser.value(latencyOption).toInt()));
    const double scale = parser.value(scaleOption).toDouble();
    const bool keepImages = parser.isSet(keepOption);
    if (parser.isSet(childOption))
        return serveSimulator(app, [latency](SimulatorServer &s) { s.setLatency(latency); });

    QTextStream out(stdout);
    const ModelCatalog catalog = ModelCatalog::builtIn();
    GenerationRequest request;
    request.model = parser.value(modelOption);
    request.prompt = QStringLiteral("A lighthouse on a cliff at dawn, benchmark");
    request.count = std::max(1, parser.value(countOption).toInt());
    if (parser.isSet(sizeOption))
        request.size = GenerationRequest::parseSize(parser.value(sizeOption)).value_or(QSize());
    const ModelInfo model = catalog.model(request.model);
    if (!model.isValid()) {
        out << "unknown model " << request.model << Qt::endl;
        return 2;
    }

    QTemporaryDir dir;
    Library library;
    const QString error = dir.isValid()
            ? library.open(dir.filePath(QStringLiteral("library.sqlite3"))).message()
            : QStringLiteral("no temporary folder");
    if (!error.isEmpty()) {
        out << "cannot open a library: " << error << Qt::endl;
        return 1;
    }

    SimulatorChild simulator;
    const QUrl simulatorUrl
            = simulator.start({ QStringLiteral("--simulator-child"), QStringLiteral("--latency-ms"),
                                QString::number(latency.count()) });
    if (simulatorUrl.isEmpty()) {
        out << "cannot start the simulator process" << Qt::endl;
        return 1;
    }
    Endpoint endpoint;
    endpoint.region = model.regions.value(0, Region::Singapore);
    endpoint.baseUrl = simulatorUrl;

    QNetworkAccessManager network;
    TaskService service(catalog, &library, &network);
    service.setEndpoint(endpoint);
    service.setApiKey(QStringLiteral("sk-benchmark"));
    service.setOutputDirectory(dir.filePath(QStringLiteral("images")));
    if (scale > 0 && scale != 1.0)
        service.setPollPolicy(
                std::make_unique<ScaledPollPolicy>(std::make_unique<DefaultPollPolicy>(), scale));

    int finished = 0;
    int done = 0;
    QObject::connect(&service, &TaskService::taskFinished, &app, [&](const TaskRecord &task) {
        ++finished;
        done += task.state == TaskState::Done;
        if (finished == taskCount)
            QCoreApplication::quit();
    });
    if (!keepImages) {
        QObject::connect(&service, &TaskService::outputSaved, &app,
                         [](const OutputRecord &image) { QFile::remove(image.filePath); });
    }

    const qint64 rssBefore = peakRssKiB();
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < taskCount; ++i) {
        GenerationRequest one = request;
        one.seed = 1000 + qint64(i) * 10;
        const TaskStart start = service.submit(one);
        if (!start.isStarted()) {
            out << "invalid request: " << start.error.message << Qt::endl;
            return 2;
        }
    }
    // A generous ceiling, so that a stuck run still ends with numbers.
    QTimer::singleShot(60min, &app, &QCoreApplication::quit);
    app.exec();
    const qint64 elapsedMs = clock.elapsed();

    // The simulator's view: what it received, and when.
    const QJsonObject stats = simulator.statistics();
    const auto stat
            = [&stats](const char *name) { return stats.value(QLatin1String(name)).toInt(); };
    QList<qint64> delays;
    const QJsonArray taskDelays = stats.value(QLatin1String("delays")).toArray();
    for (const QJsonValue &delay : taskDelays) {
        if (delay.toInteger() >= 0)
            delays.append(delay.toInteger());
    }
    const double n = double(taskCount);
    const auto perTask = [&](const char *name) { return QString::number(stat(name) / n, 'f', 2); };

    out << "engine benchmark: " << taskCount << " tasks of " << model.name << ' '
        << GenerationRequest::sizeToString(request.resolved(model).size) << " n=" << request.count
        << ", simulator latency " << latency.count() << " ms, poll schedule x" << scale
        << ", model limits " << model.concurrency << " at a time / " << model.submitRps
        << " creates/s\n";
    out << "finished tasks: " << finished << " (done " << done << ")\n";
    out << "wall time: " << QString::number(double(elapsedMs) / 1000.0, 'f', 1) << " s\n";
    out << "requests per task: create " << perTask("creates") << ", polls " << perTask("polls")
        << ", downloads " << perTask("downloads") << ", total " << perTask("total")
        << " (error answers " << stat("errors") << ")\n";
    out << "peak polls in any one second: " << stat("peakPollsPerSecond")
        << " (service limit 20); peak tasks active on the simulator: " << stat("peakActiveTasks")
        << '\n';
    out << "completion to download start: median " << percentile(delays, 0.5) << " ms, p95 "
        << percentile(delays, 0.95) << " ms, max " << percentile(delays, 1.0) << " ms ("
        << delays.size() << " tasks)\n";
    out << "peak memory of the engine process (ru_maxrss; the simulator runs in its own process): "
        << peakRssKiB() / 1024 << " MiB (" << rssBefore / 1024 << " MiB before the first task)\n";
    out.flush();
    return finished == taskCount && done == taskCount ? 0 : 1;
}
