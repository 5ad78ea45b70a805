#include "cli/commandline.h"

#include "domain/modelcatalog.h"
#include "engine/pollpolicy.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "platform/logging.h"
#include "protocol/dashscopeclient.h"
#include "session/session.h"
#include "simulator/simulatorserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTimer>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <unistd.h>

namespace CommandLine {
namespace {

    QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
    {
        return QCoreApplication::translate("CommandLine", text, disambiguation, n);
    }

    void printLine(FILE *stream, const QString &text)
    {
        const QByteArray bytes = text.toLocal8Bit();
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
        std::fputc('\n', stream);
        std::fflush(stream);
    }

    void printJson(const QJsonObject &object)
    {
        const QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    }

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

    int exitCodeFor(const ApiError &error)
    {
        switch (error.kind) {
        case ApiError::Kind::None:
            return Success;
        case ApiError::Kind::Authentication:
        case ApiError::Kind::RegionMismatchLikely:
        case ApiError::Kind::PermissionDenied:
            return AuthFailed;
        case ApiError::Kind::Network:
        case ApiError::Kind::Timeout:
        case ApiError::Kind::Transient:
        case ApiError::Kind::Throttled:
            return Unavailable;
        case ApiError::Kind::InvalidParameter:
            return InvalidInput;
        default:
            return TaskFailed;
        }
    }

    int exitCodeFor(const TaskRecord &task)
    {
        switch (task.state) {
        case TaskState::Done:
            return Success;
        case TaskState::PartlyDone:
            return TaskFailed;
        default:
            // The service ran the task and it failed: that is the task's failure, whatever its
            // code.
            if (task.serviceStatus == QLatin1String("FAILED"))
                return TaskFailed;
            return task.error.isError() ? std::max(int(TaskFailed), exitCodeFor(task.error))
                                        : TaskFailed;
        }
    }

    QJsonObject errorJson(const ApiError &error)
    {
        return { { QStringLiteral("kind"), ApiError::kindName(error.kind) },
                 { QStringLiteral("http_status"), error.httpStatus },
                 { QStringLiteral("code"), error.code },
                 { QStringLiteral("message"), error.message },
                 { QStringLiteral("request_id"), error.requestId },
                 { QStringLiteral("explanation"), error.explanation() } };
    }

    // Options shared by the commands that talk to the service.
    struct ServiceOptions
    {
        Endpoint endpoint;
        QString apiKey;
        QString outputDirectory;
        bool demo = false;
        bool json = false;
    };

    void addServiceOptions(QCommandLineParser &parser, bool withDemo)
    {
        parser.addOption({ { QStringLiteral("r"), QStringLiteral("region") },
                           tr("Region: singapore (default), virginia or beijing."),
                           QStringLiteral("region") });
        parser.addOption({ QStringLiteral("base-url"),
                           tr("Custom base URL, e.g. a workspace domain (overrides "
                              "DASHSCOPE_HTTP_BASE_URL)."),
                           QStringLiteral("url") });
        parser.addOption(
                { { QStringLiteral("o"), QStringLiteral("output") },
                  tr("Folder for the images (default: your Pictures folder/DashScope Studio)."),
                  QStringLiteral("dir") });
        parser.addOption({ QStringLiteral("json"),
                           tr("Print one JSON object per line: events and results.") });
        if (withDemo)
            parser.addOption({ QStringLiteral("demo"),
                               tr("Use the built-in simulator: no key, nothing billed.") });
    }

    // Reads region, base URL, key and output folder. On a problem prints why and returns the exit
    // code (InvalidInput, or AuthFailed without a key); Success otherwise.
    int readServiceOptions(const QCommandLineParser &parser, ServiceOptions *options)
    {
        options->json = parser.isSet(QStringLiteral("json"));
        options->demo = parser.optionNames().contains(QStringLiteral("demo"))
                && parser.isSet(QStringLiteral("demo"));

        if (parser.isSet(QStringLiteral("region"))) {
            const auto region = regionFromId(parser.value(QStringLiteral("region")));
            if (!region) {
                printLine(stderr,
                          tr("Unknown region \"%1\". Use singapore, virginia or beijing.")
                                  .arg(parser.value(QStringLiteral("region"))));
                return InvalidInput;
            }
            options->endpoint.region = *region;
        }
        options->endpoint.baseUrl = regionBaseUrl(options->endpoint.region);

        QString customUrl = qEnvironmentVariable("DASHSCOPE_HTTP_BASE_URL");
        if (parser.isSet(QStringLiteral("base-url")))
            customUrl = parser.value(QStringLiteral("base-url"));
        if (!customUrl.isEmpty() && !options->demo) {
            QString problem;
            const QUrl url = parseBaseUrl(customUrl, &problem);
            if (!url.isValid()) {
                printLine(stderr, problem);
                return InvalidInput;
            }
            options->endpoint.baseUrl = url;
        }

        options->outputDirectory = parser.value(QStringLiteral("output"));
        if (options->outputDirectory.isEmpty()) {
            options->outputDirectory
                    = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
                    + QStringLiteral("/DashScope Studio");
        }
        options->outputDirectory = QDir(options->outputDirectory).absolutePath();

        options->apiKey = qEnvironmentVariable("DASHSCOPE_API_KEY").trimmed();
        if (options->apiKey.isEmpty() && !options->demo) {
            printLine(
                    stderr,
                    tr("No API key. Set DASHSCOPE_API_KEY to a Model Studio key of the %1 region, "
                       "or add --demo to try the built-in simulator.")
                            .arg(regionDisplayName(options->endpoint.region)));
            return AuthFailed;
        }
        return Success;
    }

    // Follows tasks of a TaskService until it is idle: progress on stderr (only on a terminal),
    // saved paths (or JSON events) on stdout, and the exit code of the worst task.
    class TaskFollower final : public QObject
    {
        Q_OBJECT
        Q_DISABLE_COPY_MOVE(TaskFollower)

    public:
        TaskFollower(TaskService *service, bool json, QObject *parent = nullptr)
            : QObject(parent), m_service(service), m_json(json),
              m_progress(::isatty(STDERR_FILENO) && !json)
        {
            connect(service, &TaskService::taskAdded, this, &TaskFollower::handleTaskChanged);
            connect(service, &TaskService::taskChanged, this, &TaskFollower::handleTaskChanged);
            connect(service, &TaskService::imageSaved, this, &TaskFollower::handleImageSaved);
            connect(service, &TaskService::taskFinished, this, &TaskFollower::handleTaskFinished);
            connect(service, &TaskService::idle, this, [this] { emit finished(m_exitCode); });
            connect(&m_ticker, &QTimer::timeout, this, &TaskFollower::drawProgress);
            m_ticker.setInterval(1000);
            m_clock.start();
        }

        // Ctrl+C: the tasks stay on the service; say how to pick them up again.
        void interrupt()
        {
            clearProgress();
            for (const TaskRecord &task : m_service->tasks()) {
                if (isFinished(task.state))
                    continue;
                if (task.taskId.isEmpty()) {
                    printLine(
                            stderr,
                            CommandLine::tr(
                                    "Interrupted before the service answered: the task may or may "
                                    "not "
                                    "have been created. Check the list of tasks in the console."));
                } else {
                    QString where = QStringLiteral("--region ") + regionId(task.endpoint.region);
                    if (task.endpoint.isCustom())
                        where = QStringLiteral("--base-url ") + task.endpoint.baseUrl.toString();
                    printLine(
                            stderr,
                            CommandLine::tr(
                                    "Interrupted. Task %1 keeps running on the service; download "
                                    "its "
                                    "results within 24 hours with:\n  dashscope-studio fetch %1 %2")
                                    .arg(task.taskId, where));
                }
                if (m_json) {
                    printJson({ { QStringLiteral("event"), QStringLiteral("interrupted") },
                                { QStringLiteral("task_id"), task.taskId } });
                }
            }
            emit finished(Interrupted);
        }

        int exitCode() const { return m_exitCode; } // of the tasks finished so far

    signals:
        void finished(int exitCode);

    private:
        void handleTaskChanged(const TaskRecord &task)
        {
            if (m_json && task.state != m_lastState.value(task.id, TaskState(-1))) {
                printJson({ { QStringLiteral("event"), QStringLiteral("status") },
                            { QStringLiteral("id"), task.id },
                            { QStringLiteral("task_id"), task.taskId },
                            { QStringLiteral("state"), taskStateId(task.state) },
                            { QStringLiteral("status"), task.serviceStatus },
                            { QStringLiteral("elapsed_ms"), m_clock.elapsed() } });
            }
            m_lastState.insert(task.id, task.state);
            if (!isFinished(task.state))
                m_seenRunning.insert(task.id);
            m_current = task;
            if (m_progress && !m_ticker.isActive())
                m_ticker.start();
            drawProgress();
        }

        void handleImageSaved(const ImageRecord &image)
        {
            clearProgress();
            m_reported.insert(image.filePath);
            if (m_json) {
                printJson({ { QStringLiteral("event"), QStringLiteral("image") },
                            { QStringLiteral("id"), image.taskRowId },
                            { QStringLiteral("index"), image.index },
                            { QStringLiteral("path"), image.filePath },
                            { QStringLiteral("seed"), image.seed },
                            { QStringLiteral("width"), image.pixelSize.width() },
                            { QStringLiteral("height"), image.pixelSize.height() },
                            { QStringLiteral("bytes"), image.bytes },
                            { QStringLiteral("sha256"), QString::fromLatin1(image.sha256) } });
            } else {
                printLine(stdout, image.filePath);
            }
            drawProgress();
        }

        void handleTaskFinished(const TaskRecord &task)
        {
            clearProgress();
            m_exitCode = std::max(m_exitCode, exitCodeFor(task));
            for (const ImageRecord &image : task.images) {
                // A task fetched again after it was saved: its files are reported like new ones. (A
                // task that ran here reported its files as they came, and resume reports only new
                // ones.)
                if (image.isSaved() && !m_seenRunning.contains(task.id)
                    && !m_reported.contains(image.filePath))
                    handleImageSaved(image);
                if (image.isSaved())
                    continue;
                const QString reason
                        = image.errorMessage.isEmpty() ? image.errorCode : image.errorMessage;
                if (m_json) {
                    printJson({ { QStringLiteral("event"), QStringLiteral("image_failed") },
                                { QStringLiteral("id"), task.id },
                                { QStringLiteral("index"), image.index },
                                { QStringLiteral("code"), image.errorCode },
                                { QStringLiteral("message"), image.errorMessage } });
                } else {
                    printLine(stderr,
                              CommandLine::tr("Image %1 of task %2 was not saved: %3 (%4)")
                                      .arg(image.index + 1)
                                      .arg(task.taskId, reason, image.errorCode));
                }
            }
            if (m_json) {
                QJsonObject event { { QStringLiteral("event"), QStringLiteral("finished") },
                                    { QStringLiteral("id"), task.id },
                                    { QStringLiteral("task_id"), task.taskId },
                                    { QStringLiteral("request_id"), task.requestId },
                                    { QStringLiteral("state"), taskStateId(task.state) },
                                    { QStringLiteral("saved"), task.savedImageCount() },
                                    { QStringLiteral("failed"), task.failedImageCount() },
                                    { QStringLiteral("exit_code"), exitCodeFor(task) } };
                if (task.error.isError())
                    event.insert(QStringLiteral("error"), errorJson(task.error));
                printJson(event);
            } else if (task.error.isError()) {
                printLine(stderr, task.error.details());
            }
            if (m_service->isIdle())
                m_ticker.stop();
        }

        void drawProgress()
        {
            if (!m_progress || m_current.id == 0)
                return;
            const qint64 seconds = m_current.createdAt.isValid()
                    ? m_current.createdAt.secsTo(QDateTime::currentDateTimeUtc())
                    : m_clock.elapsed() / 1000;
            //: The progress line on a terminal: state, seconds so far, model, size × count.
            QString line = CommandLine::tr("%1  %2 s  %3 %4×%5")
                                   .arg(taskStateDisplayName(m_current.state))
                                   .arg(seconds)
                                   .arg(m_current.request.model,
                                        GenerationRequest::sizeToString(m_current.request.size))
                                   .arg(m_current.request.count);
            if (!m_current.taskId.isEmpty())
                line += QStringLiteral("  ") + m_current.taskId;
            const QByteArray bytes = line.toLocal8Bit();
            std::fprintf(stderr, "\r\033[K%s", bytes.constData());
            std::fflush(stderr);
            m_progressShown = true;
        }

        void clearProgress()
        {
            if (!m_progressShown)
                return;
            std::fputs("\r\033[K", stderr);
            std::fflush(stderr);
            m_progressShown = false;
        }

        TaskService *m_service;
        const bool m_json;
        const bool m_progress;
        bool m_progressShown = false;
        int m_exitCode = Success;
        TaskRecord m_current;
        QSet<QString> m_reported; // paths already printed
        QSet<qint64>
                m_seenRunning; // tasks that were in flight here (not only reported as finished)
        QHash<qint64, TaskState> m_lastState;
        QTimer m_ticker;
        QElapsedTimer m_clock;
    };

    // The engine as the command line uses it: the shared library, a task service, and in demo mode
    // the simulator in this process.
    class Engine
    {
    public:
        explicit Engine(const ServiceOptions &options) : m_options(options) { }

        // Opens the library and, in demo mode, starts the simulator. Prints why on failure.
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
            service->setEndpoint(endpoint);
            service->setApiKey(key);
            service->setOutputDirectory(m_options.outputDirectory);
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
        TaskFollower follower(engine.service(), json);
        InterruptWatcher interrupts;
        QObject::connect(&interrupts, &InterruptWatcher::interrupted, &follower,
                         &TaskFollower::interrupt);
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

    void setUpParser(QCommandLineParser &parser, const QString &command, const QString &description)
    {
        parser.setApplicationDescription(description);
        parser.addHelpOption();
        parser.addPositionalArgument(command, tr("Command."), command);
    }

    // Returns false when the arguments are unusable (help already printed on request).
    bool parse(QCommandLineParser &parser, const QStringList &arguments, int *exitCode)
    {
        if (!parser.parse(arguments)) {
            printLine(stderr, parser.errorText());
            *exitCode = InvalidInput;
            return false;
        }
        if (parser.isSet(QStringLiteral("help"))) {
            printLine(stdout, parser.helpText());
            *exitCode = Success;
            return false;
        }
        return true;
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

        Engine engine(options);
        if (!engine.start())
            return Unavailable;
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
        Engine engine(options);
        if (!engine.start())
            return Unavailable;
        const QString taskId = positional.first().trimmed();
        if (!DashScopeClient::isPlausibleTaskId(taskId)) {
            printLine(stderr,
                      tr("\"%1\" is not a task id. Task ids look like "
                         "0385dc79-5ff8-4d82-bcb6-6f1e5b3c9a21.")
                              .arg(taskId));
            return InvalidInput;
        }
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
        Engine engine(options);
        if (!engine.start())
            return Unavailable;
        return follow(app, engine, options.json, [&engine, &options] {
            const int resumed = engine.service()->resumeUnfinished();
            if (!options.json && ::isatty(STDERR_FILENO))
                printLine(stderr, tr("Resuming %n task(s).", nullptr, resumed));
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
            return Unavailable;
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
            return TaskFailed;
        }
        LibraryQuery query;
        query.text = parser.value(QStringLiteral("search"));
        query.model = parser.value(QStringLiteral("model"));
        query.limit = limit == 0 ? -1 : limit;
        const QList<LibraryEntry> entries = library.findImages(query);
        const bool json = parser.isSet(QStringLiteral("json"));
        for (const LibraryEntry &entry : entries) {
            const TaskRecord &task = entry.task;
            const ImageRecord &image = entry.image;
            if (json) {
                QJsonObject object { { QStringLiteral("id"), task.id },
                                     { QStringLiteral("task_id"), task.taskId },
                                     { QStringLiteral("state"), taskStateId(task.state) },
                                     { QStringLiteral("created"),
                                       task.createdAt.toString(Qt::ISODate) },
                                     { QStringLiteral("model"), task.request.model },
                                     { QStringLiteral("prompt"), task.request.prompt },
                                     { QStringLiteral("size"),
                                       task.request.size.isValid()
                                               ? GenerationRequest::sizeToString(task.request.size)
                                               : QString() },
                                     { QStringLiteral("region"), regionId(task.endpoint.region) } };
                if (entry.hasImage()) {
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
            QString what = entry.hasImage() && image.isSaved() ? image.filePath
                    : entry.hasImage()
                    ? tr("(not saved: %1)").arg(image.errorCode)
                    : QStringLiteral("(%1)").arg(taskStateDisplayName(task.state));
            QString prompt = task.request.prompt.simplified();
            if (prompt.size() > 60)
                prompt = prompt.left(59) + QChar(0x2026);
            printLine(stdout,
                      QStringLiteral("%1  %2  %3  %4\n    %5")
                              .arg(when, task.request.model,
                                   entry.hasImage() && image.seed >= 0
                                           ? tr("seed %1").arg(image.seed)
                                           : QString(),
                                   prompt, what));
        }
        return Success;
    }

} // namespace

QStringList commands()
{
    return { QStringLiteral("generate"), QStringLiteral("fetch"), QStringLiteral("resume"),
             QStringLiteral("history"), QStringLiteral("simulator") };
}

bool isCommand(const QString &argument)
{
    return commands().contains(argument);
}

int run(QCoreApplication &app)
{
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
    printLine(stderr,
              tr("Unknown command \"%1\". Commands: %2.")
                      .arg(command, commands().join(QStringLiteral(", "))));
    return InvalidInput;
}

} // namespace CommandLine

#include "commandline.moc"
