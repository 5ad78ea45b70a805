#include "cli/commandline.h"

#include "cli/costcommands.h"
#include "cli/output.h"
#include "cli/serviceoptions.h"
#include "cli/taskfollower.h"
#include "domain/modelcatalog.h"
#include "engine/pollpolicy.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "platform/logging.h"
#include "platform/settings.h"
#include "protocol/dashscopeclient.h"
#include "session/session.h"
#include "simulator/simulatorserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QTimer>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <unistd.h>

namespace CommandLine {
namespace {

    using namespace std::chrono_literals;
    // How long a command keeps trying an endpoint that does not answer before it gives up on
    // following (the task is kept for `resume`).
    constexpr std::chrono::milliseconds UnreachableTimeout = 2min;

    // Ctrl+C and SIGTERM arrive as a Qt signal through a self-pipe: a POSIX handler may only
    // write().
    class InterruptWatcher final : public QObject
    {
        Q_OBJECT
        Q_DISABLE_COPY_MOVE(InterruptWatcher)

    public:
        explicit InterruptWatcher(QObject *parent = nullptr) : QObject(parent)
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

        ~InterruptWatcher() override
        {
            std::signal(SIGINT, SIG_DFL);
            std::signal(SIGTERM, SIG_DFL);
        }

    signals:
        void interrupted();

    private:
        static void handleSignal(int)
        {
            const char byte = 1;
            [[maybe_unused]] const auto n = ::write(s_pipe[1], &byte, 1);
        }

        static inline int s_pipe[2] = { -1, -1 };
        QSocketNotifier *m_notifier = nullptr;
    };

    // The engine as the command line uses it: the shared library, a task service, and in demo mode
    // the simulator in this process.
    class Engine
    {
    public:
        explicit Engine(const ServiceOptions &options) : m_options(options) { }

        // Opens the library and, in demo mode, starts the simulator. Prints why on failure (a
        // local problem: nothing was sent).
        bool start()
        {
            QString error;
            if (!m_session.open(QString(), &error)) {
                printLine(stderr, error);
                return false;
            }
            TaskService *service = m_session.tasks();
            Endpoint endpoint = m_options.endpoint;
            QString key = m_options.apiKey;
            if (m_options.demo) {
                const std::optional<Endpoint> simulated = m_session.startSimulator(
                        std::chrono::seconds(3), endpoint.region, &error);
                if (!simulated) {
                    printLine(stderr, error);
                    return false;
                }
                endpoint = *simulated;
                key = Session::demoApiKey();
                // The simulator answers in seconds: poll it on a faster version of the real
                // schedule.
                service->setPollPolicy(std::make_unique<ScaledPollPolicy>(
                        std::make_unique<DefaultPollPolicy>(), 0.25));
            }
            // Prices, budget and the ledger (demo mode costs nothing); the override file's
            // problems were told by the command that creates.
            applyBilling(service, PriceTable::load(Settings::pricesOverridePath()), m_options.demo);
            service->setEndpoint(endpoint);
            service->setApiKey(key);
            service->setOutputDirectory(m_options.outputDirectory);
            // A command must end: polls that fail this long in a row pause the task (kept,
            // resumable) and the command exits 4, instead of waiting for 24 hours.
            service->setUnreachableTimeout(UnreachableTimeout);
            return true;
        }

        TaskService *service() const { return m_session.tasks(); }
        const ModelCatalog &catalog() const { return m_session.catalog(); }
        Library *library() { return m_session.library(); }

    private:
        ServiceOptions m_options;
        Session m_session;
    };

    // Runs the event loop until the follower is done (or Ctrl+C). `begin`, if given, starts the
    // work once the follower listens: resuming finishes some tasks at once (those that cannot be
    // resumed), and their events must be reported too.
    int follow(QCoreApplication &app, Engine &engine, bool json,
               const std::function<void()> &begin = {})
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

    int runGenerate(QCoreApplication &app)
    {
        QCommandLineParser parser;
        setUpParser(parser, QStringLiteral("generate"),
                    tr("Creates an image task, waits for it and downloads the results. Prints each "
                       "saved "
                       "file's path on stdout."));
        parser.addPositionalArgument(QStringLiteral("prompt"), tr("What to draw."),
                                     QStringLiteral("PROMPT"));
        parser.addOption({ { QStringLiteral("m"), QStringLiteral("model") },
                           tr("Model name."),
                           QStringLiteral("name") });
        parser.addOption({ { QStringLiteral("s"), QStringLiteral("size") },
                           tr("Size as W*H, e.g. 1280*1280."),
                           QStringLiteral("size") });
        parser.addOption({ { QStringLiteral("n"), QStringLiteral("count") },
                           tr("Number of images, 1 to 4 (default 1)."),
                           QStringLiteral("count") });
        parser.addOption({ QStringLiteral("seed"), tr("Seed, 0 to 2147483647 (default: random)."),
                           QStringLiteral("seed") });
        parser.addOption(
                { QStringLiteral("negative"), tr("Negative prompt."), QStringLiteral("text") });
        parser.addOption({ QStringLiteral("no-prompt-extend"),
                           tr("Do not let the service rewrite the prompt.") });
        parser.addOption(
                { QStringLiteral("watermark"), tr("Add the \"AI generated\" watermark.") });
        addServiceOptions(parser, true);
        addCostOptions(parser);

        int exitCode = Success;
        if (!parse(parser, app.arguments(), &exitCode))
            return exitCode;
        const QStringList positional = parser.positionalArguments().mid(1);
        if (positional.isEmpty()) {
            printLine(stderr, tr("No prompt. Usage: dashscope-studio generate [options] PROMPT"));
            return InvalidInput;
        }

        ServiceOptions options;
        if (const int problem = readServiceOptions(parser, &options))
            return problem;

        const ModelCatalog catalog = ModelCatalog::builtIn();
        GenerationRequest request;
        request.prompt = positional.join(QLatin1Char(' '));
        request.model = parser.isSet(QStringLiteral("model"))
                ? parser.value(QStringLiteral("model"))
                : catalog.defaultModelFor(options.endpoint.region);
        request.negativePrompt = parser.value(QStringLiteral("negative"));
        request.promptExtend = !parser.isSet(QStringLiteral("no-prompt-extend"));
        request.watermark = parser.isSet(QStringLiteral("watermark"));
        QList<ValidationIssue> issues;
        if (parser.isSet(QStringLiteral("size"))) {
            const auto size = GenerationRequest::parseSize(parser.value(QStringLiteral("size")));
            if (size)
                request.size = *size;
            else
                issues.append({ QStringLiteral("size"),
                                tr("Size \"%1\" is not of the form WIDTH*HEIGHT, e.g. 1280*1280.")
                                        .arg(parser.value(QStringLiteral("size"))) });
        }
        if (parser.isSet(QStringLiteral("count"))) {
            bool ok = false;
            request.count = parser.value(QStringLiteral("count")).toInt(&ok);
            if (!ok)
                issues.append({ QStringLiteral("n"),
                                tr("Count \"%1\" is not a number.")
                                        .arg(parser.value(QStringLiteral("count"))) });
        }
        if (parser.isSet(QStringLiteral("seed"))) {
            bool ok = false;
            request.seed = parser.value(QStringLiteral("seed")).toLongLong(&ok);
            if (!ok)
                issues.append({ QStringLiteral("seed"),
                                tr("Seed \"%1\" is not a number.")
                                        .arg(parser.value(QStringLiteral("seed"))) });
        }
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
        issues = engine.service()->submit(request);
        if (!issues.isEmpty()) { // the same rules as above, so only reached if they drift apart
            for (const ValidationIssue &issue : std::as_const(issues))
                printLine(stderr, issue.message);
            return InvalidInput;
        }
        return follow(app, engine, options.json);
    }

    int runFetch(QCoreApplication &app)
    {
        QCommandLineParser parser;
        setUpParser(parser, QStringLiteral("fetch"),
                    tr("Polls a task created elsewhere (for example with cURL) and downloads its "
                       "results into "
                       "the library."));
        parser.addPositionalArgument(QStringLiteral("task-id"),
                                     tr("The task_id the service returned."),
                                     QStringLiteral("TASK_ID"));
        addServiceOptions(parser, false);
        int exitCode = Success;
        if (!parse(parser, app.arguments(), &exitCode))
            return exitCode;
        const QStringList positional = parser.positionalArguments().mid(1);
        if (positional.size() != 1 || positional.first().trimmed().isEmpty()) {
            printLine(stderr,
                      tr("Usage: dashscope-studio fetch TASK_ID [-o DIR] [--region REGION | "
                         "--base-url URL]"));
            return InvalidInput;
        }
        ServiceOptions options;
        if (const int problem = readServiceOptions(parser, &options))
            return problem;
        const QString taskId = positional.first().trimmed();
        if (!DashScopeClient::isPlausibleTaskId(taskId)) {
            printLine(stderr,
                      tr("\"%1\" is not a task id. Task ids look like "
                         "0385dc79-5ff8-4d82-bcb6-6f1e5b3c9a21.")
                              .arg(printable(taskId)));
            return InvalidInput;
        }
        if (const int problem = prepareOutputDirectory(options.outputDirectory))
            return problem;
        Engine engine(options);
        if (!engine.start())
            return LocalProblem;
        bool followedElsewhere = false;
        const int code = follow(app, engine, options.json,
                                [&] { followedElsewhere = engine.service()->track(taskId) == 0; });
        if (followedElsewhere) {
            printLine(stderr,
                      tr("Task %1 is being followed by another DashScope Studio right now (the "
                         "window or "
                         "another command); its images will appear in the library.")
                              .arg(taskId));
            return TaskFailed;
        }
        return code;
    }

    int runResume(QCoreApplication &app)
    {
        QCommandLineParser parser;
        setUpParser(parser, QStringLiteral("resume"),
                    tr("Finishes the library's unfinished tasks younger than 24 hours (polls and "
                       "downloads, never "
                       "creates again) and marks older ones expired."));
        addServiceOptions(parser, false);
        int exitCode = Success;
        if (!parse(parser, app.arguments(), &exitCode))
            return exitCode;
        ServiceOptions options;
        if (const int problem = readServiceOptions(parser, &options))
            return problem;
        if (const int problem = prepareOutputDirectory(options.outputDirectory))
            return problem;
        Engine engine(options);
        if (!engine.start())
            return LocalProblem;
        // Each task is followed where it was created, with the environment's key; with an
        // endpoint chosen (--region, --base-url), only the tasks made there.
        const auto keyFor = [&options](const Endpoint &at) {
            if (options.endpointChosen && !sameBaseUrl(at.baseUrl, options.endpoint.baseUrl))
                return QString();
            return options.apiKey;
        };
        return follow(app, engine, options.json, [&engine, &options, keyFor] {
            const TaskService::ResumeResult result = engine.service()->resumeUnfinished(keyFor);
            if (!options.json && ::isatty(STDERR_FILENO))
                printLine(stderr, tr("Resuming %n task(s).", nullptr, result.resumed));
        });
    }

    int runSimulator(QCoreApplication &app)
    {
        QCommandLineParser parser;
        setUpParser(parser, QStringLiteral("simulator"),
                    tr("Runs the offline DashScope simulator in the foreground. The first line on "
                       "stdout is its "
                       "base URL."));
        parser.addOption({ QStringLiteral("port"), tr("TCP port on 127.0.0.1 (0 = any free port)."),
                           QStringLiteral("port"), QStringLiteral("0") });
        parser.addOption({ QStringLiteral("latency"),
                           tr("Seconds from create to SUCCEEDED (default 3)."),
                           QStringLiteral("seconds"), QStringLiteral("3") });
        parser.addOption({ QStringLiteral("fault"),
                           tr("Inject a fault (repeatable): %1.")
                                   .arg(SimulatorServer::faultNames().join(QStringLiteral(", "))),
                           QStringLiteral("name") });
        parser.addOption({ QStringLiteral("api-key"),
                           tr("Accept only this key (default: any non-empty key)."),
                           QStringLiteral("key") });
        int exitCode = Success;
        if (!parse(parser, app.arguments(), &exitCode))
            return exitCode;

        bool ok = false;
        const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
        if (!ok || port > 65535) {
            printLine(stderr,
                      tr("Port \"%1\" is not a number from 0 to 65535.")
                              .arg(parser.value(QStringLiteral("port"))));
            return InvalidInput;
        }
        const double latency = parser.value(QStringLiteral("latency")).toDouble(&ok);
        if (!ok || latency < 0 || latency > 3600) {
            printLine(stderr,
                      tr("Latency \"%1\" is not a number of seconds from 0 to 3600.")
                              .arg(parser.value(QStringLiteral("latency"))));
            return InvalidInput;
        }
        QSet<SimulatorServer::Fault> faults;
        const QStringList faultNames = parser.values(QStringLiteral("fault"));
        for (const QString &name : faultNames) {
            const auto fault = SimulatorServer::faultFromName(name);
            if (!fault) {
                printLine(stderr,
                          tr("Unknown fault \"%1\". Known faults: %2.")
                                  .arg(name,
                                       SimulatorServer::faultNames().join(QStringLiteral(", "))));
                return InvalidInput;
            }
            faults.insert(*fault);
        }

        const ModelCatalog catalog = ModelCatalog::builtIn();
        SimulatorServer server(catalog);
        server.setLatency(std::chrono::milliseconds(qint64(latency * 1000)));
        server.setFaults(faults);
        server.setRequiredApiKey(parser.value(QStringLiteral("api-key")));
        QString error;
        if (!server.listen(quint16(port), &error)) {
            printLine(stderr, tr("Cannot listen on 127.0.0.1:%1: %2").arg(port).arg(error));
            return LocalProblem;
        }
        printLine(stdout, server.baseUrl().toString());
        if (::isatty(STDERR_FILENO)) {
            printLine(stderr,
                      tr("Simulator running. Try:\n"
                         "  export DASHSCOPE_HTTP_BASE_URL=%1\n"
                         "  DASHSCOPE_API_KEY=demo dashscope-studio generate \"a lighthouse at "
                         "dawn\"\n"
                         "Press Ctrl+C to stop.")
                              .arg(server.baseUrl().toString()));
        }
        InterruptWatcher interrupts;
        QObject::connect(&interrupts, &InterruptWatcher::interrupted, &app,
                         [&app] { app.exit(Success); });
        return app.exec();
    }

    int runHistory(QCoreApplication &app)
    {
        QCommandLineParser parser;
        setUpParser(parser, QStringLiteral("history"),
                    tr("Lists the library's images, newest first, with their files (the same "
                       "library the "
                       "window shows)."));
        parser.addOption({ QStringLiteral("search"),
                           tr("Only entries whose prompts contain these words."),
                           QStringLiteral("text") });
        parser.addOption({ { QStringLiteral("m"), QStringLiteral("model") },
                           tr("Only this model."),
                           QStringLiteral("name") });
        parser.addOption({ QStringLiteral("limit"),
                           tr("At most this many entries (default 20, 0 = all)."),
                           QStringLiteral("n"), QStringLiteral("20") });
        parser.addOption({ QStringLiteral("json"), tr("Print one JSON object per line.") });
        int exitCode = Success;
        if (!parse(parser, app.arguments(), &exitCode))
            return exitCode;
        bool ok = false;
        const int limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 0) {
            printLine(stderr,
                      tr("Limit \"%1\" is not a whole number of 0 or more.")
                              .arg(parser.value(QStringLiteral("limit"))));
            return InvalidInput;
        }

        Library library;
        QString error;
        const QString path = Library::defaultPath();
        if (!QFileInfo::exists(path)) {
            if (!parser.isSet(QStringLiteral("json")))
                printLine(stderr, tr("The library is empty: nothing was generated yet."));
            return Success;
        }
        if (!library.open(path, &error)) {
            printLine(stderr, tr("Cannot open the library %1: %2").arg(path, error));
            return LocalProblem;
        }
        LibraryQuery query;
        query.text = parser.value(QStringLiteral("search"));
        query.model = parser.value(QStringLiteral("model"));
        query.limit = limit == 0 ? -1 : limit;
        const QList<LibraryEntry> entries = library.findOutputs(query);
        const bool json = parser.isSet(QStringLiteral("json"));
        for (const LibraryEntry &entry : entries) {
            const TaskRecord &task = entry.task;
            const OutputRecord &image = entry.output;
            if (json) {
                QJsonObject object = requestJson(
                        task.request,
                        { { QStringLiteral("id"), task.id },
                          { QStringLiteral("task_id"), task.taskId },
                          { QStringLiteral("state"), taskStateId(task.state) },
                          { QStringLiteral("created"), task.createdAt.toString(Qt::ISODate) },
                          { QStringLiteral("region"), regionId(task.endpoint.region) } });
                if (entry.hasOutput()) {
                    object.insert(QStringLiteral("index"), image.index);
                    object.insert(QStringLiteral("seed"), image.seed);
                    object.insert(QStringLiteral("path"), image.filePath);
                    object.insert(QStringLiteral("favourite"), image.favourite);
                    if (!image.errorCode.isEmpty())
                        object.insert(QStringLiteral("error_code"), image.errorCode);
                }
                if (task.error.isError())
                    object.insert(QStringLiteral("error"), errorJson(task.error));
                printJson(object);
                continue;
            }
            const QString when
                    = task.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
            QString what = entry.hasOutput() && image.isSaved() ? image.filePath
                    : entry.hasOutput()
                    ? tr("(not saved: %1)").arg(image.errorCode)
                    : QStringLiteral("(%1)").arg(taskStateDisplayName(task.state));
            // Prompts of fetched tasks come from the service: no escape sequence of theirs may
            // reach the terminal.
            QString prompt = task.request.prompt.simplified();
            if (prompt.size() > 60)
                prompt = prompt.left(59) + QChar(0x2026);
            printLine(stdout,
                      QStringLiteral("%1  %2  %3  %4\n    %5")
                              .arg(when, printable(task.request.model),
                                   entry.hasOutput() && image.seed >= 0
                                           ? tr("seed %1").arg(image.seed)
                                           : QString(),
                                   printable(prompt), printable(what)));
        }
        return Success;
    }

} // namespace

QStringList commands()
{
    return { QStringLiteral("generate"), QStringLiteral("fetch"), QStringLiteral("resume"),
             QStringLiteral("history"),  QStringLiteral("usage"), QStringLiteral("simulator") };
}

bool isCommand(const QString &argument)
{
    return commands().contains(argument);
}

bool isCommandLine(const QString &argument)
{
    if (isCommand(argument))
        return true;
    // Options (the window's, and Qt's such as -platform) and files belong to the window.
    return !argument.startsWith(QLatin1Char('-')) && !QFileInfo::exists(argument);
}

namespace {

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
    // neighbours ("genrate", "gneerate" and "generat" are all 1 from "generate").
    int editDistance(const QString &a, const QString &b)
    {
        const qsizetype n = a.size();
        const qsizetype m = b.size();
        QList<QList<int>> d(n + 1, QList<int>(m + 1, 0));
        for (qsizetype i = 0; i <= n; ++i)
            d[i][0] = int(i);
        for (qsizetype j = 0; j <= m; ++j)
            d[0][j] = int(j);
        for (qsizetype i = 1; i <= n; ++i) {
            for (qsizetype j = 1; j <= m; ++j) {
                const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i][j] = std::min({ d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost });
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
        return d[n][m];
    }

} // namespace

QString closestCommand(const QString &argument)
{
    const QString word = argument.trimmed().toLower();
    if (word.isEmpty())
        return {};
    QString best;
    int bestDistance = 0;
    for (const QString &command : commands()) {
        // A start of a command ("gen", "hist") is as good as a typo.
        const int distance
                = word.size() >= 2 && command.startsWith(word) ? 1 : editDistance(word, command);
        if (best.isEmpty() || distance < bestDistance) {
            best = command;
            bestDistance = distance;
        }
    }
    // At most two edits, and fewer than half the word: "x" is nobody's "fetch".
    return bestDistance <= 2 && bestDistance * 2 < word.size() ? best : QString();
}

int run(QCoreApplication &app, const QByteArrayList &rawArguments)
{
    if (const int problem = checkArgumentsAreUtf8(rawArguments))
        return problem;
    const QString command = app.arguments().value(1);
    if (command == QLatin1String("generate"))
        return runGenerate(app);
    if (command == QLatin1String("fetch"))
        return runFetch(app);
    if (command == QLatin1String("resume"))
        return runResume(app);
    if (command == QLatin1String("history"))
        return runHistory(app);
    if (command == QLatin1String("simulator"))
        return runSimulator(app);
    if (command == QLatin1String("usage"))
        return runUsage(app);
    const QString suggestion = closestCommand(command);
    if (!suggestion.isEmpty()) {
        printLine(stderr,
                  tr("Unknown command \"%1\". Did you mean \"%2\"? Commands: %3.")
                          .arg(printable(command), suggestion,
                               commands().join(QStringLiteral(", "))));
    } else {
        printLine(stderr,
                  tr("Unknown command \"%1\". Commands: %2. To open the window, start "
                     "dashscope-studio without a command.")
                          .arg(printable(command), commands().join(QStringLiteral(", "))));
    }
    return InvalidInput;
}

} // namespace CommandLine

#include "commandline.moc"
