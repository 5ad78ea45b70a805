#include "cli/commandline.h"

#include "cli/commandengine.h"
#include "cli/costcommands.h"
#include "cli/output.h"
#include "cli/requestoptions.h"
#include "cli/serviceoptions.h"
#include "cli/taskfollower.h"
#include "domain/modelcatalog.h"
#include "engine/pollpolicy.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "models/displaytext.h"
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

    int runGenerate(QCoreApplication &app)
    {
        QCommandLineParser parser;
        setUpParser(parser, QStringLiteral("generate"),
                    tr("Creates an image task, waits for it and downloads the results. Prints each "
                       "saved "
                       "file's path on stdout."));
        parser.addPositionalArgument(QStringLiteral("prompt"), tr("What to draw."),
                                     QStringLiteral("PROMPT"));
        const RequestOptionTexts texts {
            tr("Size as W*H, e.g. 1280*1280."),
            tr("Size \"%1\" is not of the form WIDTH*HEIGHT, e.g. 1280*1280."),
            tr("Number of images, 1 to 4 (default 1)."),
        };
        addRequestOptions(parser, texts);
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
        if (const int problem = readServiceOptions(parser, &options, true))
            return problem;

        const ModelCatalog catalog = ModelCatalog::builtIn();
        GenerationRequest request;
        request.prompt = positional.join(QLatin1Char(' '));
        request.model = parser.isSet(QStringLiteral("model"))
                ? parser.value(QStringLiteral("model"))
                : catalog.defaultModelFor(options.endpoint.region);
        QList<ValidationIssue> issues;
        readRequestOptions(parser, texts, &request, &issues);
        return submitAndFollow(app, parser, options, request, issues);
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
        if (const int problem = readServiceOptions(parser, &options, false))
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
        TaskStart start;
        const int code = follow(app, engine, options.json,
                                [&] { start = engine.service()->track(taskId); });
        if (!start.isStarted()) {
            printLine(stderr, start.error.message);
            return start.refusal == TaskStart::Refusal::LibraryWriteFailed ? LocalProblem
                                                                           : TaskFailed;
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
        if (const int problem = readServiceOptions(parser, &options, false))
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
        if (const ApiError error = server.listen(quint16(port)); error.isError()) {
            printLine(stderr, error.message); // names the address and why
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
        parser.addOption({ QStringLiteral("kind"),
                           tr("Only images (edits included), only edits, or only videos."),
                           QStringLiteral("image|edit|video") });
        parser.addOption({ QStringLiteral("limit"),
                           tr("At most this many entries (default 20, 0 = all)."),
                           QStringLiteral("n"), QStringLiteral("20") });
        parser.addOption({ QStringLiteral("no-demo"),
                           tr("Leave out the built-in simulator's results (demo mode).") });
        parser.addOption(
                { QStringLiteral("demo-only"), tr("Only the built-in simulator's results.") });
        parser.addOption({ QStringLiteral("json"), tr("Print one JSON object per line.") });
        int exitCode = Success;
        if (!parse(parser, app.arguments(), &exitCode))
            return exitCode;
        const bool noDemo = parser.isSet(QStringLiteral("no-demo"));
        const bool demoOnly = parser.isSet(QStringLiteral("demo-only"));
        if (noDemo && demoOnly) {
            printLine(stderr, tr("--no-demo and --demo-only exclude each other: use one."));
            return InvalidInput;
        }
        bool ok = false;
        const int limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 0) {
            printLine(stderr,
                      tr("Limit \"%1\" is not a whole number of 0 or more.")
                              .arg(parser.value(QStringLiteral("limit"))));
            return InvalidInput;
        }

        const QString kind = parser.value(QStringLiteral("kind"));
        if (parser.isSet(QStringLiteral("kind")) && kind != u"image" && kind != u"edit"
            && kind != u"video") {
            printLine(stderr, tr("Kind \"%1\" is not image, edit or video.").arg(printable(kind)));
            return InvalidInput;
        }

        Library library;
        const QString path = Library::defaultPath();
        if (!QFileInfo::exists(path)) {
            if (!parser.isSet(QStringLiteral("json")))
                printLine(stderr, tr("The library is empty: nothing was generated yet."));
            return Success;
        }
        if (const LibraryResult opened = library.open(path); !opened) {
            printLine(stderr, tr("Cannot open the library %1: %2").arg(path, opened.message()));
            return LocalProblem;
        }
        LibraryQuery query;
        query.text = parser.value(QStringLiteral("search"));
        query.model = parser.value(QStringLiteral("model"));
        query.demo = noDemo ? DemoFilter::Hide : demoOnly ? DemoFilter::Only : DemoFilter::Any;
        // By what the task makes (a task without its output yet has a kind too).
        if (!kind.isEmpty())
            query.media = kind == u"video" ? MediaFilter::Videos : MediaFilter::Images;
        // Edits are images the library does not tell apart: they are picked here, so the limit
        // counts what is printed.
        const bool editsOnly = kind == u"edit";
        query.limit = limit == 0 || editsOnly ? -1 : limit;
        int printed = 0;
        const bool json = parser.isSet(QStringLiteral("json"));
        // Printed as read, so `--limit 0` over a large library holds one batch, not every row.
        library.forEachOutput(query, [&](const LibraryEntry &entry) {
            const TaskRecord &task = entry.task;
            const OutputRecord &image = entry.output;
            if (editsOnly && task.request.kind != MediaKind::ImageEdit)
                return true;
            const bool more = limit == 0 || ++printed < limit;
            if (json) {
                QJsonObject object = requestJson(
                        task.request,
                        { { QStringLiteral("id"), task.id },
                          { QStringLiteral("task_id"), task.taskId },
                          { QStringLiteral("state"), taskStateId(task.state) },
                          { QStringLiteral("created"), task.createdAt.toString(Qt::ISODate) },
                          { QStringLiteral("region"), regionId(task.endpoint.region) },
                          { QStringLiteral("demo"), task.demo } });
                // `model` stays the API id (scripts pass it back to -m); the name is beside it.
                object.insert(QStringLiteral("model_name"),
                              DisplayText::modelName(task.request.model));
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
                return more;
            }
            const QString when
                    = task.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
            QString what = entry.hasOutput() && image.isSaved() ? image.filePath
                    : entry.hasOutput()
                    ? tr("(not saved: %1)").arg(image.errorCode)
                    : QStringLiteral("(%1)").arg(taskStateDisplayName(task.state));
            // The model as the window names it; what the task made from what, unless it is the
            // plain text-to-image.
            QString model = DisplayText::modelName(task.request.model);
            if (task.request.kind != MediaKind::TextToImage)
                model += QStringLiteral(" (%1)").arg(mediaKindId(task.request.kind));
            // Prompts of fetched tasks come from the service: no escape sequence of theirs may
            // reach the terminal.
            QString prompt = task.request.prompt.simplified();
            if (prompt.size() > 60)
                prompt = prompt.left(59) + QChar(0x2026);
            // Marked where the eye starts: the built-in simulator made it, not Model Studio.
            if (task.demo)
                model = tr("[demo] %1").arg(model);
            printLine(stdout,
                      QStringLiteral("%1  %2  %3  %4\n    %5")
                              .arg(when, printable(model),
                                   entry.hasOutput() && image.seed >= 0
                                           ? tr("seed %1").arg(image.seed)
                                           : QString(),
                                   printable(prompt), printable(what)));
            return more;
        });
        return Success;
    }

} // namespace

QStringList commands()
{
    return { QStringLiteral("generate"), QStringLiteral("video"),    QStringLiteral("edit"),
             QStringLiteral("fetch"),    QStringLiteral("resume"),   QStringLiteral("history"),
             QStringLiteral("usage"),    QStringLiteral("simulator") };
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
    if (command == QLatin1String("video"))
        return runVideo(app);
    if (command == QLatin1String("edit"))
        return runEdit(app);
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
