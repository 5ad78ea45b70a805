#include "cli/commandengine.h"

#include "cli/commandline.h"
#include "cli/costcommands.h"
#include "cli/output.h"
#include "cli/taskfollower.h"
#include "engine/pollpolicy.h"
#include "engine/taskservice.h"
#include "platform/settings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>
#include <csignal>
#include <unistd.h>

namespace CommandLine {

InterruptWatcher::InterruptWatcher(QObject *parent) : QObject(parent)
{
    if (::pipe(s_pipe) != 0)
        return;
    m_notifier = new QSocketNotifier(s_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        [[maybe_unused]] const auto n = ::read(s_pipe[0], &byte, 1);
        emit interrupted();
    });
    struct sigaction action = {};
    action.sa_handler = &InterruptWatcher::handleSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

InterruptWatcher::~InterruptWatcher()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

void InterruptWatcher::handleSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(s_pipe[1], &byte, 1);
}

bool Engine::start()
{
    if (const ApiError error = m_session.open(QString()); error.isError()) {
        printLine(stderr, error.message);
        return false;
    }
    TaskService *service = m_session.tasks();
    Endpoint endpoint = m_options.endpoint;
    QString key = m_options.apiKey;
    if (m_options.demo) {
        const Session::SimulatorStart simulated
                = m_session.startSimulator(std::chrono::seconds(3), endpoint.region);
        if (!simulated.isStarted()) {
            printLine(stderr, simulated.error.message);
            return false;
        }
        endpoint = simulated.endpoint;
        key = Session::demoApiKey();
        // The simulator answers in seconds: poll it on a faster version of the real
        // schedule.
        service->setPollPolicy(
                std::make_unique<ScaledPollPolicy>(std::make_unique<DefaultPollPolicy>(), 0.25));
    }
    // Prices, budget and the ledger (demo mode costs nothing); the override file's problems were
    // told by the command that creates.
    applyBilling(service, PriceTable::load(Settings::pricesOverridePath()), m_options.demo);
    service->setEndpoint(endpoint);
    service->setApiKey(key);
    service->setOutputDirectory(m_options.outputDirectory);
    // A command must end: polls that fail this long in a row pause the task (kept,
    // resumable) and the command exits 4, instead of waiting for 24 hours.
    service->setUnreachableTimeout(UnreachableTimeout);
    return true;
}

int follow(QCoreApplication &app, Engine &engine, bool json, const std::function<void()> &begin)
{
    TaskFollower follower(json, ::isatty(STDERR_FILENO));
    follower.follow(engine.service());
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &follower,
                     [&follower, &engine] { follower.interrupt(engine.service()->tasks()); });
    QObject::connect(&follower, &TaskFollower::finished, &app,
                     [&app](int code) { app.exit(code); });
    if (begin)
        begin();
    // Nothing in flight may still mean news on the next turn of the event loop (a task that was
    // already finished is reported that way), so look again then rather than now.
    QTimer::singleShot(0, &follower, [&] {
        if (engine.service()->isIdle())
            app.exit(follower.exitCode());
    });
    return app.exec();
}

int submitAndFollow(QCoreApplication &app, const QCommandLineParser &parser,
                    const ServiceOptions &options, const GenerationRequest &request,
                    QList<ValidationIssue> issues)
{
    const ModelCatalog catalog = ModelCatalog::builtIn();
    if (issues.isEmpty())
        issues = request.validate(catalog, options.endpoint.region);
    if (!issues.isEmpty()) {
        for (const ValidationIssue &issue : std::as_const(issues))
            printLine(stderr, issue.message);
        if (options.json) {
            QJsonArray list;
            for (const ValidationIssue &issue : std::as_const(issues))
                list.append(QJsonObject { { QStringLiteral("field"), issue.field },
                                          { QStringLiteral("message"), issue.message } });
            printJson({ { QStringLiteral("event"), QStringLiteral("invalid") },
                        { QStringLiteral("issues"), list } });
        }
        return InvalidInput;
    }
    // Not errors, but the person must know before paying: the service truncates an
    // over-long prompt without a word.
    const QList<ValidationIssue> warnings = request.warnings(catalog.model(request.model));
    for (const ValidationIssue &warning : warnings) {
        printLine(stderr, warning.message);
        if (options.json) {
            printJson({ { QStringLiteral("event"), QStringLiteral("warning") },
                        { QStringLiteral("field"), warning.field },
                        { QStringLiteral("warning"), warning.message } });
        }
    }
    // The estimate, --max-cost and --dry-run: before anything is written or sent.
    if (const auto code = checkCost(parser, request, catalog, options, loadPrices()))
        return *code;
    if (const int problem = prepareOutputDirectory(options.outputDirectory))
        return problem;

    Engine engine(options);
    if (!engine.start())
        return LocalProblem;
    const TaskStart start = engine.service()->submit(request);
    if (!start.isStarted()) {
        // Over the month's budget, or invalid by the same rules as above (only if they drift
        // apart): nothing was sent.
        for (const ValidationIssue &issue : start.issues)
            printLine(stderr, issue.message);
        if (start.issues.isEmpty())
            printLine(stderr, start.error.message);
        const bool refusedRequest = start.refusal == TaskStart::Refusal::InvalidRequest
                || start.refusal == TaskStart::Refusal::OverBudget;
        return refusedRequest ? InvalidInput : LocalProblem;
    }
    return follow(app, engine, options.json);
}

} // namespace CommandLine
