// Benchmark of what running tasks cost the window while nobody touches it (not a test, never
// run by ctest): the task list (TaskListModel, HintListView and TaskProgressDelegate, as the
// TaskPanel builds them) follows --tasks tasks of the simulator that run for an hour, without a
// time estimate (so their bars are the moving stripe), shown in a 900×400 window. After the tasks
// are running, it measures the process's CPU time (every thread: getrusage) over --seconds and
// prints it as a share of one core, the same with no task at all (the idle window), and with the
// list hidden (what following the tasks costs without the window's painting).
//
//   bench_taskpanel [--tasks 5] [--seconds 10]
//
// Runs offscreen (QT_QPA_PLATFORM=offscreen unless set), so it needs no display; the offscreen
// platform paints into an image like a real backing store, only without the compositor.

#include "domain/modelcatalog.h"
#include "engine/taskservice.h"
#include "models/tasklistmodel.h"
#include "simulator/simulatorserver.h"
#include "widgets/hintlistview.h"
#include "widgets/taskprogressdelegate.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QTimer>
#include <cstdio>
#include <sys/resource.h>

namespace {

double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Runs the event loop for `seconds` and returns the CPU time spent meanwhile, per wall second.
double coreShare(double seconds)
{
    const double cpuBefore = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    QEventLoop loop;
    QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
    return (cpuSeconds() - cpuBefore) / (double(wall.elapsed()) / 1000.0);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("studio.*=false"));
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("tasks"), QStringLiteral("Running tasks (default 5)."),
                       QStringLiteral("n"), QStringLiteral("5") });
    parser.addOption({ QStringLiteral("seconds"),
                       QStringLiteral("Seconds measured in each state (default 10)."),
                       QStringLiteral("s"), QStringLiteral("10") });
    parser.process(app);
    const int taskCount = std::max(1, parser.value(QStringLiteral("tasks")).toInt());
    const double seconds = std::max(1.0, parser.value(QStringLiteral("seconds")).toDouble());

    const ModelCatalog catalog = ModelCatalog::builtIn();
    SimulatorServer simulator(catalog);
    simulator.setLatency(std::chrono::hours(1));
    if (const ApiError error = simulator.listen(0); error.isError()) {
        std::fprintf(stderr, "simulator: %s\n", qPrintable(error.message));
        return 1;
    }
    QNetworkAccessManager network;
    TaskService service(catalog, nullptr, &network);
    Endpoint endpoint;
    endpoint.baseUrl = simulator.baseUrl();
    service.setEndpoint(endpoint);
    service.setApiKey(QStringLiteral("sk-bench"));

    TaskListModel model(&service);
    HintListView view;
    view.setModel(&model);
    view.setItemDelegate(new TaskProgressDelegate(&view));
    view.setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    view.resize(900, 400);
    view.show();

    std::printf("task list, %d tasks, %.0f s per figure (CPU time of the process, every thread, "
                "per wall second)\n",
                taskCount, seconds);
    std::printf("  idle, no task:            %5.2f %% of a core\n", 100 * coreShare(seconds));

    for (int i = 0; i < taskCount; ++i) {
        GenerationRequest request;
        request.model = catalog.defaultModelFor(Region::Singapore);
        request.prompt
                = QStringLiteral("a lighthouse at dawn, seen from the sea, number %1").arg(i);
        if (!service.submit(request).isStarted()) {
            std::fprintf(stderr, "the task was refused\n");
            return 1;
        }
    }
    // Wait until every task runs on the service (the create answered), then measure.
    QElapsedTimer waited;
    waited.start();
    while (simulator.statistics().creates < taskCount && waited.elapsed() < 30000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    coreShare(2); // the first polls and the first paint
    std::printf("  %d tasks running:         %5.2f %% of a core\n", taskCount,
                100 * coreShare(seconds));
    view.hide(); // what the engine and the model cost alone
    std::printf("  %d tasks, the list hidden: %5.2f %% of a core\n", taskCount,
                100 * coreShare(seconds));
    std::printf("  (polls meanwhile: %d)\n", simulator.statistics().polls);
    return 0;
}
