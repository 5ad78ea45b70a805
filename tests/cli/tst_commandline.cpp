// End-to-end tests of the command line: the real dashscope-studio binary against a simulator
// in this process (so the test can count what reached the "service"), each run with its own
// HOME, data, config and picture folders.

#include "cli/commandline.h"
#include "domain/modelcatalog.h"
#include "library/imagemetadata.h"
#include "library/library.h"
#include "simulator/simulatorserver.h"
#include "support/clitest.h"
#include "support/testenvironment.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

class tst_CommandLine : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void generateSavesImagesAndPrintsTheirPaths();
    void generateJsonEvents();
    void dryRunPrintsTheBodyAndSendsNothing();
    void maxCostRefusesWhatCostsMoreOrIsUnknown();
    void usageAndABudgetThatHolds();
    void invalidInputSendsNothing_data();
    void invalidInputSendsNothing();
    void missingKeyExitsWithAuthenticationCode();
    void rejectedKeyExitsWithAuthenticationCode();
    void unreachableServiceExitsWithUnavailableCode();
    void failedTaskExitsWithOne();
    void partialFailureSavesTheRestAndExitsWithOne();
    void createIsNotRepeatedAfterServerError();
    void fetchFollowsATaskCreatedElsewhere();
    void interruptLeavesTaskOnServiceAndSaysHowToFetch();
    void historyListsWhatWasGenerated();
    void historyStreamsEveryEntry();
    void historyStreamsInBoundedMemory();
    void demoNeedsNoKey();
    void demoResultsAreMarkedAndCanBeLeftOut();
    void interruptedDemoTaskHasNothingToFetch();
    void hintsNameOnlyOptionsTheCommandTakes();
    void simulatorCommandPrintsBaseUrlFirst();
    void emptyBaseUrlOrRegionSendsNothing_data();
    void emptyBaseUrlOrRegionSendsNothing();
    void commandWordsAndSuggestions();
    void mistypedCommandIsExplainedWithoutADisplay();
    void unwritableOutputFolderCreatesNothing_data();
    void unwritableOutputFolderCreatesNothing();
    void libraryProblemHasItsOwnExitCode();
    void historyShowsServicePromptsHarmlessly();
    void warningsArePrintedBeforeSending();
    void promptThatIsNotUtf8IsRefused();
    void writeErrorsSayWhy();

private:
    using Result = CliResult;

    QProcessEnvironment environment(const QString &apiKey = QStringLiteral("sk-test")) const;
    // Starts the binary; the event loop keeps running (the simulator in this process answers).
    QProcess *start(const QStringList &arguments, const QProcessEnvironment &env);
    Result run(const QStringList &arguments, const QProcessEnvironment &env);
    Result run(const QStringList &arguments) { return run(arguments, environment()); }
    QStringList serviceArguments() const
    {
        return cliServiceArguments(m_server->baseUrl(), m_output);
    }

    ModelCatalog m_catalog = ModelCatalog::builtIn();
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<SimulatorServer> m_server;
    QString m_output;
    void writePrices(double perImage) const;
    // The --options a text names that `command --help` does not list.
    QStringList optionsNotTaken(const QString &command, const QByteArray &text);
};

void tst_CommandLine::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    m_output = m_home->filePath(QStringLiteral("out"));
    m_server = std::make_unique<SimulatorServer>(m_catalog);
    m_server->setLatency(std::chrono::milliseconds(300));
    const ApiError listening = m_server->listen(0);
    QVERIFY2(!listening.isError(), qPrintable(listening.message));
}

void tst_CommandLine::cleanup()
{
    m_server.reset();
    m_home.reset();
}

QProcessEnvironment tst_CommandLine::environment(const QString &apiKey) const
{
    return isolatedEnvironment(m_home->path(), apiKey);
}

QProcess *tst_CommandLine::start(const QStringList &arguments, const QProcessEnvironment &env)
{
    auto *process = new QProcess(this);
    startCli(process, arguments, env);
    return process;
}

tst_CommandLine::Result tst_CommandLine::run(const QStringList &arguments,
                                             const QProcessEnvironment &env)
{
    std::unique_ptr<QProcess> process(start(arguments, env));
    return finishCli(process.get(), 60000);
}

void tst_CommandLine::generateSavesImagesAndPrintsTheirPaths()
{
    const Result result
            = run(QStringList { QStringLiteral("generate"), QStringLiteral("-n"),
                                QStringLiteral("2"), QStringLiteral("--seed"), QStringLiteral("41"),
                                QStringLiteral("-s"), QStringLiteral("1024x1024"),
                                QStringLiteral("-m"), QStringLiteral("wan2.2-t2i-flash"),
                                QStringLiteral("一间有着精致窗户的花店") }
                  + serviceArguments());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QStringList paths = result.outLines();
    QCOMPARE(paths.size(), 2);
    QSet<qint64> seeds;
    for (const QString &path : paths) {
        QVERIFY2(path.startsWith(m_output), qPrintable(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray png = file.readAll();
        QVERIFY(ImageMetadata::isPng(png));
        QCOMPARE(ImageMetadata::pngSize(png), QSize(1024, 1024));
        const auto provenance = ImageMetadata::read(png);
        QVERIFY(provenance);
        QCOMPARE(provenance->request.prompt, QStringLiteral("一间有着精致窗户的花店"));
        QCOMPARE(provenance->request.model, QStringLiteral("wan2.2-t2i-flash"));
        seeds.insert(provenance->request.seed.value_or(-1));
    }
    QCOMPARE(seeds, (QSet<qint64> { 41, 42 }));
    QCOMPARE(m_server->statistics().creates, 1);
    // Quiet when stderr is not a terminal: no progress lines.
    QVERIFY2(result.err.isEmpty(), result.err.constData());
}

void tst_CommandLine::generateJsonEvents()
{
    const Result result = run(QStringList { QStringLiteral("generate"), QStringLiteral("--json"),
                                            QStringLiteral("a lighthouse at dawn") }
                              + serviceArguments());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QStringList events;
    QString taskId;
    for (const QString &line : result.outLines()) {
        QJsonParseError error;
        const QJsonObject object = QJsonDocument::fromJson(line.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(line));
        events.append(object.value(QStringLiteral("event")).toString());
        if (object.value(QStringLiteral("event")) == QLatin1String("finished")) {
            taskId = object.value(QStringLiteral("task_id")).toString();
            QCOMPARE(object.value(QStringLiteral("state")).toString(), QStringLiteral("done"));
            QCOMPARE(object.value(QStringLiteral("exit_code")).toInt(), 0);
        }
        if (object.value(QStringLiteral("event")) == QLatin1String("image"))
            QVERIFY(QFile::exists(object.value(QStringLiteral("path")).toString()));
    }
    QVERIFY(events.contains(QStringLiteral("status")));
    QCOMPARE(events.count(QStringLiteral("image")), 1);
    QCOMPARE(events.last(), QStringLiteral("finished"));
    QCOMPARE(QStringList { taskId }, m_server->taskIds());
}

void tst_CommandLine::invalidInputSendsNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expectedMessage");
    QTest::newRow("size too large for wan2.5")
            << QStringList { QStringLiteral("-s"), QStringLiteral("2000*2000") }
            << QStringLiteral("2000");
    QTest::newRow("size not W*H") << QStringList { QStringLiteral("-s"), QStringLiteral("big") }
                                  << QStringLiteral("big");
    QTest::newRow("count 5") << QStringList { QStringLiteral("-n"), QStringLiteral("5") }
                             << QStringLiteral("5");
    QTest::newRow("unknown model")
            << QStringList { QStringLiteral("-m"), QStringLiteral("no-such-model") }
            << QStringLiteral("no-such-model");
    QTest::newRow("negative seed") << QStringList { QStringLiteral("--seed"), QStringLiteral("-1") }
                                   << QStringLiteral("-1");
    QTest::newRow("plain http to a remote host")
            << QStringList { QStringLiteral("--base-url"),
                             QStringLiteral("http://example.com/api/v1") }
            << QStringLiteral("https");
    QTest::newRow("unknown region") << QStringList { QStringLiteral("-r"), QStringLiteral("mars") }
                                    << QStringLiteral("mars");
}

void tst_CommandLine::invalidInputSendsNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expectedMessage);
    // The base URL given last wins, so a test's own --base-url goes after the simulator's.
    const Result result = run(QStringList { QStringLiteral("generate") } + serviceArguments()
                              + arguments + QStringList { QStringLiteral("a cat") });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(QString::fromLocal8Bit(result.err).contains(expectedMessage), result.err.constData());
    QCOMPARE(m_server->statistics().total(), 0);
    QVERIFY(result.out.isEmpty());
}

void tst_CommandLine::missingKeyExitsWithAuthenticationCode()
{
    const Result result = run(QStringList { QStringLiteral("generate"), QStringLiteral("a cat") }
                                      + serviceArguments(),
                              environment(QString()));
    QCOMPARE(result.exitCode, 3);
    QVERIFY(result.err.contains("DASHSCOPE_API_KEY"));
    QCOMPARE(m_server->statistics().total(), 0);
}

void tst_CommandLine::rejectedKeyExitsWithAuthenticationCode()
{
    m_server->setRequiredApiKey(QStringLiteral("sk-right"));
    const Result result = run(QStringList { QStringLiteral("generate"), QStringLiteral("a cat") }
                                      + serviceArguments(),
                              environment(QStringLiteral("sk-wrong")));
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains("InvalidApiKey"), result.err.constData());
    QVERIFY2(!result.err.contains("sk-wrong"), "the key must never be printed");
}

void tst_CommandLine::unreachableServiceExitsWithUnavailableCode()
{
    const QUrl base = m_server->baseUrl();
    m_server.reset(); // nothing listens there any more
    const Result result = run({ QStringLiteral("generate"), QStringLiteral("a cat"),
                                QStringLiteral("--base-url"), base.toString(), QStringLiteral("-o"),
                                m_output });
    QCOMPARE(result.exitCode, 4);
    QVERIFY(!result.err.isEmpty());
}

void tst_CommandLine::failedTaskExitsWithOne()
{
    m_server->addFault(SimulatorServer::Fault::FailTask);
    const Result result = run(QStringList { QStringLiteral("generate"), QStringLiteral("a cat") }
                              + serviceArguments());
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains("InternalError.Algo"), result.err.constData());
}

void tst_CommandLine::partialFailureSavesTheRestAndExitsWithOne()
{
    m_server->addFault(SimulatorServer::Fault::ImageContentPolicy);
    const Result result = run(QStringList { QStringLiteral("generate"), QStringLiteral("-n"),
                                            QStringLiteral("3"), QStringLiteral("a cat") }
                              + serviceArguments());
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.outLines().size(), 2);
    QVERIFY2(result.err.contains("DataInspectionFailed"), result.err.constData());
}

void tst_CommandLine::createIsNotRepeatedAfterServerError()
{
    m_server->addFault(SimulatorServer::Fault::ServerErrorOnCreate);
    const Result result = run(QStringList { QStringLiteral("generate"), QStringLiteral("a cat") }
                              + serviceArguments());
    QCOMPARE(m_server->statistics().creates, 1); // the task may exist: never created twice
    // It does: found in the account's task list, followed, and its image saved.
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().lists, 1);
    QCOMPARE(result.outLines().size(), 1);
}

void tst_CommandLine::fetchFollowsATaskCreatedElsewhere()
{
    // Create the task the way the guide's cURL command does.
    QNetworkAccessManager network;
    const QString taskId = createTaskElsewhere(
            &network, m_server->baseUrl(),
            QStringLiteral("services/aigc/text2image/image-synthesis"),
            R"({"model":"wan2.5-t2i-preview","input":{"prompt":"a red kite"},"parameters":{"size":"1280*1280","n":1}})");
    QVERIFY(!taskId.isEmpty());

    const Result result = run(QStringList { QStringLiteral("fetch"), taskId } + serviceArguments());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.outLines().size(), 1);
    QCOMPARE(m_server->statistics().creates, 1);

    // Now it is in the shared library.
    const Result history = run({ QStringLiteral("history"), QStringLiteral("--json") });
    QCOMPARE(history.exitCode, 0);
    QVERIFY2(history.out.contains(taskId.toUtf8()), history.out.constData());
    // What was asked for is learnt from the results: searchable, and its files named after it.
    const QJsonObject entry
            = QJsonDocument::fromJson(history.outLines().value(0).toUtf8()).object();
    QCOMPARE(entry[QStringLiteral("prompt")].toString(), QStringLiteral("a red kite"));
    QCOMPARE(entry[QStringLiteral("size")].toString(), QStringLiteral("1280*1280"));
    QVERIFY2(result.outLines().value(0).contains(QStringLiteral("a-red-kite")),
             qPrintable(result.outLines().value(0)));

    // Fetching it again asks nothing of the service and names the files already saved.
    const int pollsBefore = m_server->statistics().polls;
    const Result again = run(QStringList { QStringLiteral("fetch"), taskId } + serviceArguments());
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.outLines(), result.outLines());
    QCOMPARE(m_server->statistics().polls, pollsBefore);

    const Result unknown
            = run(QStringList { QStringLiteral("fetch"), QStringLiteral("no-such-task") }
                  + serviceArguments());
    QCOMPARE(unknown.exitCode, 1);

    const Result malformed
            = run(QStringList { QStringLiteral("fetch"), QStringLiteral("../tasks?x=1") }
                  + serviceArguments());
    QCOMPARE(malformed.exitCode, 2);
    QVERIFY2(malformed.err.contains("not a task id"), malformed.err.constData());
}

void tst_CommandLine::interruptLeavesTaskOnServiceAndSaysHowToFetch()
{
    m_server->setLatency(std::chrono::seconds(600));
    std::unique_ptr<QProcess> process(
            start(QStringList { QStringLiteral("generate"), QStringLiteral("--json"),
                                QStringLiteral("a slow cat") }
                          + serviceArguments(),
                  environment()));
    // Wait until the task is accepted (its task_id is in a status event), then press Ctrl+C.
    QByteArray out;
    // (An empty id would match the "queued" event's "task_id":"", before anything was created.)
    QTRY_VERIFY_WITH_TIMEOUT(
            !m_server->taskIds().isEmpty()
                    && (out += process->readAllStandardOutput())
                               .contains("\"task_id\":\"" + m_server->taskIds().value(0).toUtf8()),
            20000);
    QVERIFY(!m_server->taskIds().isEmpty());
    ::kill(pid_t(process->processId()), SIGINT);
    QSignalSpy finished(process.get(), &QProcess::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(process->exitCode(), 130);
    const QByteArray err = process->readAllStandardError();
    QVERIFY2(err.contains("dashscope-studio fetch " + m_server->taskIds().first().toUtf8()),
             err.constData());
    // The hint names only options fetch takes.
    QVERIFY2(optionsNotTaken(QStringLiteral("fetch"), err).isEmpty(), err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
    QCOMPARE(m_server->statistics().cancels, 0); // left running on the service
}

void tst_CommandLine::historyListsWhatWasGenerated()
{
    QCOMPARE(run(QStringList { QStringLiteral("generate"), QStringLiteral("a blue whale") }
                 + serviceArguments())
                     .exitCode,
             0);
    QCOMPARE(run(QStringList { QStringLiteral("generate"), QStringLiteral("a green frog") }
                 + serviceArguments())
                     .exitCode,
             0);

    const Result all = run({ QStringLiteral("history"), QStringLiteral("--json") });
    QCOMPARE(all.exitCode, 0);
    QCOMPARE(all.outLines().size(), 2);
    // Newest first.
    QVERIFY(all.outLines().first().contains(QStringLiteral("green frog")));

    const Result found = run({ QStringLiteral("history"), QStringLiteral("--search"),
                               QStringLiteral("whale"), QStringLiteral("--json") });
    QCOMPARE(found.outLines().size(), 1);
    const QJsonObject entry = QJsonDocument::fromJson(found.outLines().first().toUtf8()).object();
    QCOMPARE(entry[QStringLiteral("prompt")].toString(), QStringLiteral("a blue whale"));
    QVERIFY(QFile::exists(entry[QStringLiteral("path")].toString()));
    // The request as RequestCodec stores it, the record's keys beside it.
    QCOMPARE(entry[QStringLiteral("kind")].toString(), QStringLiteral("text-to-image"));
    QCOMPARE(entry[QStringLiteral("n")].toInt(), 1);
    QCOMPARE(entry[QStringLiteral("prompt_extend")].toBool(), true);
    QCOMPARE(entry[QStringLiteral("state")].toString(), QStringLiteral("done"));

    const Result limited
            = run({ QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("1") });
    QCOMPARE(limited.exitCode, 0);
    QVERIFY(limited.out.contains("green frog"));
    QVERIFY(!limited.out.contains("blue whale"));
}

void tst_CommandLine::historyStreamsEveryEntry()
{
    // A library larger than the batches history reads and prints at a time.
    {
        Library library;
        QVERIFY(library.open(isolatedLibraryPath(m_home->path())));
        const QDateTime base = QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);
        QVERIFY(library.runInTransaction([&] {
            for (int i = 0; i < 700; ++i) {
                TaskRecord task;
                task.request.model = QStringLiteral("wan2.2-t2i-flash");
                task.request.prompt = QStringLiteral("entry %1").arg(i);
                if (i % 100 == 0)
                    task.request.kind = MediaKind::TextToVideo;
                task.state = TaskState::Done;
                task.createdAt = base.addSecs(i);
                if (!library.addTask(&task))
                    return false;
                for (int k = 0; k < 1 + i % 2; ++k) {
                    OutputRecord output;
                    output.taskRowId = task.id;
                    output.index = k;
                    output.filePath = m_home->filePath(QStringLiteral("%1-%2.png").arg(i).arg(k));
                    if (!library.addOutput(&output))
                        return false;
                }
            }
            return true;
        }));
    }
    const Result all = run({ QStringLiteral("history"), QStringLiteral("--limit"),
                             QStringLiteral("0"), QStringLiteral("--json") });
    QCOMPARE(all.exitCode, 0);
    const QStringList lines = all.outLines();
    QCOMPARE(lines.size(), 1050);
    QSet<QString> paths;
    for (const QString &line : lines)
        paths.insert(QJsonDocument::fromJson(line.toUtf8())[QStringLiteral("path")].toString());
    QCOMPARE(paths.size(), 1050);
    QCOMPARE(QJsonDocument::fromJson(lines.first().toUtf8())[QStringLiteral("prompt")].toString(),
             QStringLiteral("entry 699"));
    QCOMPARE(QJsonDocument::fromJson(lines.last().toUtf8())[QStringLiteral("prompt")].toString(),
             QStringLiteral("entry 0"));

    // The kind is a condition of the read, the limit counts what it finds.
    const Result videos
            = run({ QStringLiteral("history"), QStringLiteral("--kind"), QStringLiteral("video"),
                    QStringLiteral("--limit"), QStringLiteral("3"), QStringLiteral("--json") });
    QCOMPARE(videos.exitCode, 0);
    QCOMPARE(videos.outLines().size(), 3);
    for (const QString &line : videos.outLines())
        QCOMPARE(QJsonDocument::fromJson(line.toUtf8())[QStringLiteral("kind")].toString(),
                 QStringLiteral("text-to-video"));
    const Result images
            = run({ QStringLiteral("history"), QStringLiteral("--kind"), QStringLiteral("image"),
                    QStringLiteral("--limit"), QStringLiteral("0"), QStringLiteral("--json") });
    QCOMPARE(images.outLines().size(), 1043); // all but the 7 video tasks' rows
}

// The peak memory (KiB) of one run of the binary, from wait4 (QProcess cannot tell it).
static long peakKiBOfRun(const QStringList &arguments, const QProcessEnvironment &env)
{
    QList<QByteArray> storage;
    storage << QByteArray(STUDIO_BINARY);
    for (const QString &argument : arguments)
        storage << argument.toLocal8Bit();
    const int argumentCount = int(storage.size());
    for (const QString &variable : env.toStringList())
        storage << variable.toLocal8Bit();
    std::vector<char *> argv, envp;
    for (int i = 0; i < storage.size(); ++i)
        (i < argumentCount ? argv : envp).push_back(storage[i].data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int devNull = ::open("/dev/null", O_WRONLY);
        ::dup2(devNull, STDOUT_FILENO);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    int status = 0;
    rusage usage {};
    if (pid < 0 || ::wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status)
        || WEXITSTATUS(status) != 0)
        return -1;
    return usage.ru_maxrss;
}

void tst_CommandLine::historyStreamsInBoundedMemory()
{
    // 40,000 entries, copied by SQL from one made through the library (quick to make).
    const QString path = isolatedLibraryPath(m_home->path());
    {
        Library library;
        QVERIFY(library.open(path));
        TaskRecord task;
        task.request.model = QStringLiteral("wan2.2-t2i-flash");
        task.request.prompt = QStringLiteral("a lighthouse at dawn, watercolor, highly detailed");
        task.state = TaskState::Done;
        QVERIFY(library.addTask(&task));
        OutputRecord output;
        output.taskRowId = task.id;
        output.filePath = m_home->filePath(QStringLiteral("image.png"));
        output.actualPrompt = task.request.prompt + QStringLiteral(", soft light, sharp focus");
        QVERIFY(library.addOutput(&output));
    }
    {
        const QString connection = QStringLiteral("history-fill");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY2(q.exec(QStringLiteral(
                             "INSERT INTO tasks (model, prompt, negative_prompt, width, height,"
                             " count, seed, prompt_extend, watermark, region, base_url, state,"
                             " created_at, updated_at, finished_at, kind, request)"
                             " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                             " WHERE i < 39999) SELECT model, prompt || ' ' || i,"
                             " negative_prompt, width, height, count, seed, prompt_extend,"
                             " watermark, region, base_url, state, created_at, updated_at,"
                             " finished_at, kind, request FROM tasks, n WHERE tasks.id = 1")),
                     qPrintable(q.lastError().text()));
            QVERIFY2(q.exec(QStringLiteral(
                             "INSERT INTO outputs (task, idx, file_path, actual_prompt,"
                             " created_at) SELECT t.id, 0, o.file_path, o.actual_prompt,"
                             " o.created_at FROM tasks t, outputs o WHERE t.id > 1")),
                     qPrintable(q.lastError().text()));
        }
        QSqlDatabase::removeDatabase(connection);
    }

    // Printed as read: every entry costs no more memory than the first one.
    const long one = peakKiBOfRun({ QStringLiteral("history"), QStringLiteral("--limit"),
                                    QStringLiteral("1"), QStringLiteral("--json") },
                                  environment());
    const long all = peakKiBOfRun({ QStringLiteral("history"), QStringLiteral("--limit"),
                                    QStringLiteral("0"), QStringLiteral("--json") },
                                  environment());
    QVERIFY(one > 0);
    QVERIFY(all > 0);
    QVERIFY2(all - one < 16 * 1024,
             qPrintable(QStringLiteral("%1 KiB for one entry, %2 KiB for all").arg(one).arg(all)));
}

void tst_CommandLine::demoNeedsNoKey()
{
    const Result result = run({ QStringLiteral("generate"), QStringLiteral("--demo"),
                                QStringLiteral("-o"), m_output, QStringLiteral("a paper boat") },
                              environment(QString()));
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.outLines().size(), 1);
    QCOMPARE(m_server->statistics().total(), 0); // its own simulator, not ours

    // Without -o, demo results go where the window puts them: apart, in a Demo folder.
    const Result unsorted = run({ QStringLiteral("generate"), QStringLiteral("--demo"),
                                  QStringLiteral("a paper boat") },
                                environment(QString()));
    QVERIFY2(unsorted.exitCode == 0, unsorted.err.constData());
    QCOMPARE(unsorted.outLines().size(), 1);
    const QString saved = unsorted.outLines().first();
    QVERIFY2(QFileInfo(saved).absolutePath().endsWith(QStringLiteral("/DashScope Studio/Demo")),
             qPrintable(saved));
    QVERIFY(saved.startsWith(m_home->path()));

    // The folder chosen in the window's Settings is the command's too, demo results in its Demo.
    const QString chosen = m_home->filePath(QStringLiteral("chosen pictures"));
    QVERIFY(QDir().mkpath(m_home->filePath(QStringLiteral("config"))));
    QFile config(m_home->filePath(QStringLiteral("config/dashscope-studio.conf")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("[output]\ndirectory=" + chosen.toUtf8() + "\n");
    config.close();
    const Result inChosen = run({ QStringLiteral("generate"), QStringLiteral("--demo"),
                                  QStringLiteral("a paper boat") },
                                environment(QString()));
    QVERIFY2(inChosen.exitCode == 0, inChosen.err.constData());
    QCOMPARE(QFileInfo(inChosen.outLines().value(0)).absolutePath(),
             chosen + QStringLiteral("/Demo"));
}

void tst_CommandLine::demoResultsAreMarkedAndCanBeLeftOut()
{
    QVERIFY(run(QStringList { QStringLiteral("generate"), QStringLiteral("a real whale") }
                + serviceArguments())
                    .exitCode
            == 0);
    const Result demo = run({ QStringLiteral("generate"), QStringLiteral("--demo"),
                              QStringLiteral("-o"), m_output, QStringLiteral("a demo boat") },
                            environment(QString()));
    QVERIFY2(demo.exitCode == 0, demo.err.constData());

    // --json: "demo" on every entry; the API id stays under "model", its name beside it.
    const Result all = run({ QStringLiteral("history"), QStringLiteral("--json") });
    QCOMPARE(all.exitCode, 0);
    QCOMPARE(all.outLines().size(), 2);
    QMap<QString, QJsonObject> byPrompt;
    for (const QString &line : all.outLines()) {
        const QJsonObject entry = QJsonDocument::fromJson(line.toUtf8()).object();
        QVERIFY2(entry.contains(QStringLiteral("demo")), qPrintable(line));
        byPrompt.insert(entry.value(QStringLiteral("prompt")).toString(), entry);
    }
    QCOMPARE(byPrompt.value(QStringLiteral("a demo boat")).value(QStringLiteral("demo")),
             QJsonValue(true));
    QCOMPARE(byPrompt.value(QStringLiteral("a real whale")).value(QStringLiteral("demo")),
             QJsonValue(false));
    const QJsonObject real = byPrompt.value(QStringLiteral("a real whale"));
    const QString model = real.value(QStringLiteral("model")).toString();
    QCOMPARE(model, m_catalog.defaultModelFor(Region::Singapore));
    const QString name = m_catalog.model(model).displayName;
    QVERIFY(!name.isEmpty() && name != model);
    QCOMPARE(real.value(QStringLiteral("model_name")).toString(), name);

    // Text: the model as the window names it, the demo entry marked.
    const Result text = run({ QStringLiteral("history") });
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains(name.toUtf8()), text.out.constData());
    QCOMPARE(text.out.count("[demo]"), 1);
    const QList<QByteArray> lines = text.out.split('\n');
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        if (lines.at(i).contains("[demo]"))
            QVERIFY2(lines.at(i).contains("a demo boat"), text.out.constData());
    }

    // Left out, or alone.
    const Result noDemo = run(
            { QStringLiteral("history"), QStringLiteral("--no-demo"), QStringLiteral("--json") });
    QCOMPARE(noDemo.outLines().size(), 1);
    QVERIFY(noDemo.out.contains("a real whale"));
    const Result demoOnly = run(
            { QStringLiteral("history"), QStringLiteral("--demo-only"), QStringLiteral("--json") });
    QCOMPARE(demoOnly.outLines().size(), 1);
    QVERIFY(demoOnly.out.contains("a demo boat"));
    const Result both = run({ QStringLiteral("history"), QStringLiteral("--demo-only"),
                              QStringLiteral("--no-demo") });
    QCOMPARE(both.exitCode, 2);

    // Usage: the demo task is not spending; the text says it is apart.
    const Result usage = run({ QStringLiteral("usage"), QStringLiteral("--json") });
    QCOMPARE(usage.exitCode, 0);
    QCOMPARE(usage.outLines().size(), 1);
    QCOMPARE(QJsonDocument::fromJson(usage.outLines().first().toUtf8())
                     .object()
                     .value(QStringLiteral("tasks"))
                     .toInt(),
             1);
    const Result usageText = run({ QStringLiteral("usage") });
    QVERIFY2(usageText.out.contains("Demo (free): 1 task of the built-in simulator"),
             usageText.out.constData());
}

void tst_CommandLine::interruptedDemoTaskHasNothingToFetch()
{
    // The built-in simulator lives in the command's process: the hint is not a fetch of it.
    std::unique_ptr<QProcess> process(
            start({ QStringLiteral("generate"), QStringLiteral("--demo"), QStringLiteral("--json"),
                    QStringLiteral("-o"), m_output, QStringLiteral("a slow demo cat") },
                  environment(QString())));
    QByteArray out;
    static const QRegularExpression accepted(QStringLiteral("\"task_id\":\"[^\"]+\""));
    QTRY_VERIFY_WITH_TIMEOUT(
            accepted.match(QString::fromUtf8(out += process->readAllStandardOutput())).hasMatch(),
            20000);
    ::kill(pid_t(process->processId()), SIGINT);
    QSignalSpy finished(process.get(), &QProcess::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(process->exitCode(), 130);
    const QByteArray err = process->readAllStandardError();
    QVERIFY2(err.contains("built-in simulator") && !err.contains("dashscope-studio fetch"),
             err.constData());
}

QStringList tst_CommandLine::optionsNotTaken(const QString &command, const QByteArray &text)
{
    const Result help = run({ command, QStringLiteral("--help") });
    static const QRegularExpression option(QStringLiteral("--[a-z][a-z-]*[a-z]"));
    QStringList missing;
    for (auto it = option.globalMatch(QString::fromUtf8(text)); it.hasNext();) {
        const QString name = it.next().captured();
        const QRegularExpression listed(QRegularExpression::escape(name)
                                        + QStringLiteral("(?![a-z-])"));
        if (!listed.match(QString::fromUtf8(help.out)).hasMatch() && !missing.contains(name))
            missing << name;
    }
    return missing;
}

void tst_CommandLine::hintsNameOnlyOptionsTheCommandTakes()
{
    // Every message that tells the person what to type next, from the command that prints it:
    // each option it names must be one that command (or the one it names) takes.
    struct Hint
    {
        QStringList arguments;
        bool withKey;
        QString command; // the command the hint is for
        QByteArray mustName; // an option the hint names (so the check has something to check)
    };
    const QString taskId = QStringLiteral("0385dc79-5ff8-4d82-bcb6-6f1e5b3c9a21");
    const QList<Hint> hints = {
        { { QStringLiteral("generate"), QStringLiteral("a cat") },
          false,
          QStringLiteral("generate"),
          "--demo" },
        { { QStringLiteral("video"), QStringLiteral("a cat") },
          false,
          QStringLiteral("video"),
          "--demo" },
        { { QStringLiteral("fetch"), taskId }, false, QStringLiteral("fetch"), {} },
        { { QStringLiteral("resume") }, false, QStringLiteral("resume"), {} },
        { { QStringLiteral("fetch") }, true, QStringLiteral("fetch"), "--base-url" },
        { { QStringLiteral("usage"), QStringLiteral("--budget"), QStringLiteral("5"),
            QStringLiteral("EUR") },
          true,
          QStringLiteral("usage"),
          "--budget" },
        { { QStringLiteral("generate"), QStringLiteral("--max-cost"), QStringLiteral("lots"),
            QStringLiteral("a cat") },
          true,
          QStringLiteral("generate"),
          "--max-cost" },
        { { QStringLiteral("history"), QStringLiteral("--no-demo"), QStringLiteral("--demo-only") },
          true,
          QStringLiteral("history"),
          "--demo-only" },
    };
    const QStringList sending = { QStringLiteral("generate"), QStringLiteral("video"),
                                  QStringLiteral("fetch"), QStringLiteral("resume") };
    for (const Hint &hint : hints) {
        // Never the real service: the commands that send are pointed at this test's simulator.
        QStringList arguments = hint.arguments;
        if (sending.contains(hint.command))
            arguments += serviceArguments();
        const Result result
                = run(arguments, environment(hint.withKey ? QStringLiteral("sk-test") : QString()));
        QVERIFY2(result.exitCode != 0, qPrintable(hint.arguments.join(u' ')));
        QVERIFY2(hint.mustName.isEmpty() || result.err.contains(hint.mustName),
                 result.err.constData());
        const QStringList missing = optionsNotTaken(hint.command, result.err);
        QVERIFY2(missing.isEmpty(),
                 qPrintable(hint.arguments.join(u' ') + QStringLiteral(": names ")
                            + missing.join(u' ') + QStringLiteral(" in: ")
                            + QString::fromUtf8(result.err)));
    }
}

void tst_CommandLine::simulatorCommandPrintsBaseUrlFirst()
{
    std::unique_ptr<QProcess> process(
            start({ QStringLiteral("simulator"), QStringLiteral("--port"), QStringLiteral("0"),
                    QStringLiteral("--latency"), QStringLiteral("0.2") },
                  environment()));
    QTRY_VERIFY_WITH_TIMEOUT(process->canReadLine(), 20000);
    const QUrl base(QString::fromUtf8(process->readLine().trimmed()));
    QCOMPARE(base.scheme(), QStringLiteral("http"));
    QCOMPARE(base.host(), QStringLiteral("127.0.0.1"));
    QVERIFY(base.path().endsWith(QStringLiteral("/api/v1")));

    // The generate command works against it like against the real service.
    const Result result = run({ QStringLiteral("generate"), QStringLiteral("a kite"),
                                QStringLiteral("--base-url"), base.toString(), QStringLiteral("-o"),
                                m_output });
    QVERIFY2(result.exitCode == 0, result.err.constData());

    ::kill(pid_t(process->processId()), SIGTERM);
    QSignalSpy finished(process.get(), &QProcess::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(process->exitCode(), 0);
}

void tst_CommandLine::emptyBaseUrlOrRegionSendsNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expectedMessage");
    QTest::newRow("empty base URL") << QStringList { QStringLiteral("--base-url"), QString() }
                                    << QStringLiteral("--base-url");
    QTest::newRow("blank base URL")
            << QStringList { QStringLiteral("--base-url"), QStringLiteral("  ") }
            << QStringLiteral("--base-url");
    QTest::newRow("empty region") << QStringList { QStringLiteral("-r"), QString() }
                                  << QStringLiteral("--region");
}

void tst_CommandLine::emptyBaseUrlOrRegionSendsNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expectedMessage);
    // An empty --base-url used to fall back to the region's real service, overriding
    // DASHSCOPE_HTTP_BASE_URL. "-n 5" is a guard: even without the check, the request is refused
    // locally and nothing can reach the real service.
    QProcessEnvironment env = environment();
    env.insert(QStringLiteral("DASHSCOPE_HTTP_BASE_URL"), m_server->baseUrl().toString());
    const Result result = run(
            QStringList { QStringLiteral("generate"), QStringLiteral("-o"), m_output } + arguments
                    + QStringList { QStringLiteral("-n"), QStringLiteral("5"),
                                    QStringLiteral("a cat") },
            env);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(QString::fromLocal8Bit(result.err).contains(expectedMessage), result.err.constData());
    QCOMPARE(m_server->statistics().total(), 0);
    QVERIFY(result.out.isEmpty());
}

void tst_CommandLine::commandWordsAndSuggestions()
{
    using namespace CommandLine;
    QVERIFY(isCommandLine(QStringLiteral("generate")));
    QVERIFY(isCommandLine(QStringLiteral("genrate")));
    QVERIFY(isCommandLine(QStringLiteral("a cat")));
    QVERIFY(!isCommandLine(QStringLiteral("--demo")));
    QVERIFY(!isCommandLine(QStringLiteral("-platform")));
    const QString file = m_home->filePath(QStringLiteral("image.png"));
    QFile png(file);
    QVERIFY(png.open(QIODevice::WriteOnly));
    png.close();
    QVERIFY(!isCommandLine(file)); // a file is for the window

    QCOMPARE(closestCommand(QStringLiteral("genrate")), QStringLiteral("generate"));
    QCOMPARE(closestCommand(QStringLiteral("Generate")), QStringLiteral("generate"));
    QCOMPARE(closestCommand(QStringLiteral("gen")), QStringLiteral("generate"));
    QCOMPARE(closestCommand(QStringLiteral("fecth")), QStringLiteral("fetch"));
    QCOMPARE(closestCommand(QStringLiteral("histroy")), QStringLiteral("history"));
    QCOMPARE(closestCommand(QStringLiteral("resum")), QStringLiteral("resume"));
    QCOMPARE(closestCommand(QStringLiteral("simulater")), QStringLiteral("simulator"));
    QCOMPARE(closestCommand(QStringLiteral("x")), QString());
    QCOMPARE(closestCommand(QStringLiteral("a cat")), QString());
}

void tst_CommandLine::mistypedCommandIsExplainedWithoutADisplay()
{
    // As on a server or in ssh: no display, no platform chosen. The window would abort (134).
    QProcessEnvironment env = environment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    const Result typo = run({ QStringLiteral("genrate"), QStringLiteral("a cat") }, env);
    QCOMPARE(typo.exitCode, 2);
    QVERIFY2(typo.err.contains("Unknown command \"genrate\". Did you mean \"generate\"?"),
             typo.err.constData());
    QVERIFY(typo.out.isEmpty());

    const Result prompt = run({ QStringLiteral("a cat") }, env);
    QCOMPARE(prompt.exitCode, 2);
    QVERIFY2(prompt.err.contains("Unknown command \"a cat\""), prompt.err.constData());
    QVERIFY2(prompt.err.contains("generate, video, edit, fetch"), prompt.err.constData());
    QCOMPARE(m_server->statistics().total(), 0);
}

void tst_CommandLine::unwritableOutputFolderCreatesNothing_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expectedMessage");
    QTest::newRow("a file") << QStringLiteral("file") << QStringLiteral("is a file");
    QTest::newRow("below a file") << QStringLiteral("below-file")
                                  << QStringLiteral("Cannot create the output folder");
    QTest::newRow("read-only folder")
            << QStringLiteral("read-only") << QStringLiteral("Cannot write to the output folder");
}

void tst_CommandLine::unwritableOutputFolderCreatesNothing()
{
    QFETCH(QString, kind);
    QFETCH(QString, expectedMessage);
    const QString file = m_home->filePath(QStringLiteral("a-file"));
    QFile plain(file);
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    QString output;
    if (kind == QLatin1String("file")) {
        output = file;
    } else if (kind == QLatin1String("below-file")) {
        output = file + QStringLiteral("/out");
    } else {
        if (::geteuid() == 0)
            QSKIP("root writes into read-only folders; the other rows cover this check");
        output = m_home->filePath(QStringLiteral("read-only"));
        QVERIFY(QDir().mkpath(output));
        QVERIFY(QFile::setPermissions(output, QFile::ReadOwner | QFile::ExeOwner));
    }
    for (const QString &command : { QStringLiteral("generate"), QStringLiteral("fetch") }) {
        const QStringList what = command == QLatin1String("generate")
                ? QStringList { QStringLiteral("a cat") }
                : QStringList { QStringLiteral("0385dc79-5ff8-4d82-bcb6-6f1e5b3c9a21") };
        const Result result
                = run(QStringList { command } + what
                      + QStringList { QStringLiteral("--base-url"), m_server->baseUrl().toString(),
                                      QStringLiteral("-o"), output });
        QCOMPARE(result.exitCode, 5);
        QVERIFY2(QString::fromLocal8Bit(result.err).contains(expectedMessage),
                 result.err.constData());
        QVERIFY(result.err.contains("Nothing was sent"));
        QCOMPARE(m_server->statistics().total(), 0); // nothing created, nothing billed
    }
}

void tst_CommandLine::libraryProblemHasItsOwnExitCode()
{
    // The library's folder is a file: the library cannot be opened. A local problem, not "the
    // service is unavailable".
    const QString folder = m_home->filePath(QStringLiteral("data/dashscope-studio"));
    QVERIFY(QDir().mkpath(m_home->filePath(QStringLiteral("data"))));
    QFile blocker(folder);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const Result result = run(QStringList { QStringLiteral("generate"), QStringLiteral("a cat") }
                              + serviceArguments());
    QCOMPARE(result.exitCode, 5);
    QVERIFY2(result.err.contains("library"), result.err.constData());
    QCOMPARE(m_server->statistics().total(), 0);
}

void tst_CommandLine::historyShowsServicePromptsHarmlessly()
{
    // A task created elsewhere whose prompt (learnt from the service's orig_prompt) carries a
    // screen clear, an OSC 8 link, a C1 CSI and a right-to-left override.
    const QString hostile = QStringLiteral("a cat \x1b[2J\x1b]8;;http://x\x07link\x1b]8;;\x07 ")
            + QChar(0x9b) + QStringLiteral("31m ") + QChar(0x202e) + QStringLiteral("gnp.exe");
    const QJsonObject body {
        { QStringLiteral("model"), QStringLiteral("wan2.5-t2i-preview") },
        { QStringLiteral("input"), QJsonObject { { QStringLiteral("prompt"), hostile } } },
        { QStringLiteral("parameters"),
          QJsonObject { { QStringLiteral("size"), QStringLiteral("1280*1280") },
                        { QStringLiteral("n"), 1 } } }
    };
    QNetworkAccessManager network;
    const QString taskId
            = createTaskElsewhere(&network, m_server->baseUrl(),
                                  QStringLiteral("services/aigc/text2image/image-synthesis"),
                                  QJsonDocument(body).toJson());
    QVERIFY(!taskId.isEmpty());
    const Result fetched
            = run(QStringList { QStringLiteral("fetch"), taskId } + serviceArguments());
    QVERIFY2(fetched.exitCode == 0, fetched.err.constData());

    const Result text = run({ QStringLiteral("history") });
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(!text.out.contains('\x1b') && !text.out.contains('\x07'), text.out.constData());
    QVERIFY(!text.out.contains("\xc2\x9b")); // U+009B in UTF-8
    QVERIFY(!text.out.contains("\xe2\x80\xae")); // U+202E in UTF-8
    QVERIFY2(text.out.contains("a cat \\x1b[2J") && text.out.contains("\\u202e"),
             text.out.constData());

    // JSON escapes them too, and the prompt reads back exactly.
    const Result json = run({ QStringLiteral("history"), QStringLiteral("--json") });
    QCOMPARE(json.exitCode, 0);
    QVERIFY(!json.out.contains('\x1b') && !json.out.contains('\x07'));
    QVERIFY(!json.out.contains("\xc2\x9b") && !json.out.contains("\xe2\x80\xae"));
    const QJsonObject entry = QJsonDocument::fromJson(json.outLines().value(0).toUtf8()).object();
    QCOMPARE(entry[QStringLiteral("prompt")].toString(), hostile);
}

void tst_CommandLine::warningsArePrintedBeforeSending()
{
    // wan2.5-t2i-preview reads 2,000 characters; the service drops the rest without a word.
    const QString prompt = QString(2100, QLatin1Char('x'));
    const Result text
            = run(QStringList { QStringLiteral("generate"), prompt } + serviceArguments());
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY2(text.err.contains("reads only the first"), text.err.constData());
    QCOMPARE(text.outLines().size(), 1);

    const Result json
            = run(QStringList { QStringLiteral("generate"), QStringLiteral("--json"), prompt }
                  + serviceArguments());
    QVERIFY2(json.exitCode == 0, json.err.constData());
    QVERIFY2(json.err.contains("reads only the first"), json.err.constData());
    const QJsonObject first = QJsonDocument::fromJson(json.outLines().value(0).toUtf8()).object();
    QCOMPARE(first[QStringLiteral("event")].toString(), QStringLiteral("warning"));
    QCOMPARE(first[QStringLiteral("field")].toString(), QStringLiteral("prompt"));
    QVERIFY(first[QStringLiteral("warning")].toString().contains(QStringLiteral("2,000")));
    QCOMPARE(m_server->statistics().creates, 2);
}

void tst_CommandLine::promptThatIsNotUtf8IsRefused()
{
    // QProcess can only pass text; the shell passes the Latin-1 byte of "café" as it is.
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral("/bin/sh"),
                  { QStringLiteral("-c"),
                    QStringLiteral("exec \"$0\" generate --base-url \"$1\" -o \"$2\" "
                                   "\"$(printf 'caf\\351 au lait')\""),
                    QStringLiteral(STUDIO_BINARY), m_server->baseUrl().toString(), m_output });
    QSignalSpy finished(&process, &QProcess::finished);
    QVERIFY(finished.wait(60000));
    QCOMPARE(process.exitCode(), 2);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("Argument 6 is not valid UTF-8") && err.contains("caf\\xe9 au lait"),
             err.constData());
    QCOMPARE(m_server->statistics().total(), 0);
}

void tst_CommandLine::writeErrorsSayWhy()
{
    // A file size limit makes writing the image fail part way, the way a full disk does (which a
    // test cannot arrange): the library is small enough, an image of 1440×1440 is not.
    std::unique_ptr<QProcess> process(new QProcess);
    process->setProcessEnvironment(environment());
    process->setChildProcessModifier([] {
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit { 400 * 1024, 400 * 1024 };
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    process->start(QStringLiteral(STUDIO_BINARY),
                   QStringList { QStringLiteral("generate"), QStringLiteral("-s"),
                                 QStringLiteral("1440*1440"), QStringLiteral("a cat") }
                           + serviceArguments());
    QSignalSpy finished(process.get(), &QProcess::finished);
    QVERIFY(finished.wait(60000));
    const QByteArray err = process->readAllStandardError();
    QCOMPARE(process->exitCode(), 5); // a local problem: the image could not be written
    QVERIFY2(err.contains(qt_error_string(EFBIG).toLocal8Bit()), err.constData());
    QVERIFY2(!err.contains("Unknown error"), err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
}

// The person's prices file, in the config folder of the test's HOME.
void tst_CommandLine::writePrices(double perImage) const
{
    QDir(m_home->path()).mkpath(QStringLiteral("config/dashscope-studio"));
    QFile file(m_home->filePath(QStringLiteral("config/dashscope-studio/prices.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({"prices": [{"model": "%1", "regions": ["singapore"],
        "unit": "image", "perImage": %2}]})")
                       .arg(m_catalog.defaultModelFor(Region::Singapore))
                       .arg(perImage)
                       .toUtf8());
}

void tst_CommandLine::dryRunPrintsTheBodyAndSendsNothing()
{
    const Result result = run(QStringList { QStringLiteral("generate"), QStringLiteral("--dry-run"),
                                            QStringLiteral("-n"), QStringLiteral("3"),
                                            QStringLiteral("a lighthouse at dawn") }
                              + serviceArguments());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(result.out.startsWith("POST " + m_server->baseUrl().toString().toUtf8()));
    const QByteArray json = result.out.mid(result.out.indexOf('{'));
    const QJsonObject body = QJsonDocument::fromJson(json).object();
    QCOMPARE(body.value(QStringLiteral("model")).toString(),
             m_catalog.defaultModelFor(Region::Singapore));
    QCOMPARE(body.value(QStringLiteral("parameters")).toObject().value(QStringLiteral("n")).toInt(),
             3);
    QVERIFY2(result.err.contains("Estimate: unknown price · 3 images"), result.err.constData());
    QCOMPARE(m_server->statistics().creates, 0);
    QVERIFY(!QFileInfo::exists(m_output)); // nothing written either
    // With --json: the estimate and the body as events.
    writePrices(0.25);
    const Result json2 = run(QStringList { QStringLiteral("generate"), QStringLiteral("--dry-run"),
                                           QStringLiteral("--json"), QStringLiteral("-n"),
                                           QStringLiteral("2"), QStringLiteral("a lighthouse") }
                             + serviceArguments());
    QCOMPARE(json2.exitCode, 0);
    const QStringList lines = json2.outLines();
    QCOMPARE(lines.size(), 2);
    const QJsonObject estimate = QJsonDocument::fromJson(lines.at(0).toUtf8()).object();
    QCOMPARE(estimate.value(QStringLiteral("event")).toString(), QStringLiteral("estimate"));
    QCOMPARE(estimate.value(QStringLiteral("amount")).toDouble(), 0.5);
    QCOMPARE(estimate.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
    QCOMPARE(estimate.value(QStringLiteral("text")).toString(),
             QStringLiteral("≈ $0.50 · 2 images"));
    QVERIFY(estimate.value(QStringLiteral("source"))
                    .toString()
                    .endsWith(QLatin1String("prices.json")));
    const QJsonObject dry = QJsonDocument::fromJson(lines.at(1).toUtf8()).object();
    QCOMPARE(dry.value(QStringLiteral("event")).toString(), QStringLiteral("dry-run"));
    QVERIFY(dry.value(QStringLiteral("body")).toObject().contains(QStringLiteral("input")));
    QCOMPARE(m_server->statistics().creates, 0);
}

void tst_CommandLine::maxCostRefusesWhatCostsMoreOrIsUnknown()
{
    const QStringList request { QStringLiteral("generate"), QStringLiteral("-n"),
                                QStringLiteral("3"), QStringLiteral("a lighthouse at dawn") };
    // Unknown price: refused, not passed.
    Result result = run(request + QStringList { QStringLiteral("--max-cost"), QStringLiteral("5") }
                        + serviceArguments());
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("unknown"), result.err.constData());
    writePrices(0.5); // $1.50 for 3
    result = run(request + QStringList { QStringLiteral("--max-cost"), QStringLiteral("1") }
                 + serviceArguments());
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("$1.50"), result.err.constData());
    QCOMPARE(m_server->statistics().creates, 0);
    result = run(request + QStringList { QStringLiteral("--max-cost"), QStringLiteral("1.5") }
                 + serviceArguments());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
}

void tst_CommandLine::usageAndABudgetThatHolds()
{
    writePrices(0.5);
    Result result = run(QStringList { QStringLiteral("generate"), QStringLiteral("-n"),
                                      QStringLiteral("2"), QStringLiteral("a lighthouse") }
                        + serviceArguments());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    result = run({ QStringLiteral("usage"), QStringLiteral("--by"), QStringLiteral("model"),
                   QStringLiteral("--json") });
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.outLines().size(), 1);
    const QJsonObject row = QJsonDocument::fromJson(result.outLines().first().toUtf8()).object();
    QCOMPARE(row.value(QStringLiteral("model")).toString(),
             m_catalog.defaultModelFor(Region::Singapore));
    QCOMPARE(row.value(QStringLiteral("images")).toInt(), 2);
    QCOMPARE(row.value(QStringLiteral("amount")).toDouble(), 1.0);
    QCOMPARE(row.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
    result = run({ QStringLiteral("usage"), QStringLiteral("--csv") });
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.outLines().size(), 2);
    QVERIFY(result.outLines().first().startsWith(QLatin1String("day,currency,tasks")));
    // One task: its text row says "1 task" (a plural form, never "1 tasks").
    result = run({ QStringLiteral("usage") });
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains("  1 task, 2 images, 0 s of video: $1.00\n"),
             result.out.constData());

    // A budget of $2 with $1 spent: $1.50 more is refused, exit 2, nothing sent.
    result = run({ QStringLiteral("usage"), QStringLiteral("--budget"), QStringLiteral("2"),
                   QStringLiteral("USD") });
    QVERIFY2(result.exitCode == 0, result.err.constData());
    result = run(QStringList { QStringLiteral("generate"), QStringLiteral("-n"),
                               QStringLiteral("3"), QStringLiteral("a lighthouse") }
                 + serviceArguments());
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("budget") && result.err.contains("$1.50"), result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
    result = run({ QStringLiteral("usage") });
    QVERIFY2(result.out.contains("of a budget of $2.00"), result.out.constData());
    result = run({ QStringLiteral("usage"), QStringLiteral("--budget"), QStringLiteral("none") });
    QCOMPARE(result.exitCode, 0);
    result = run(QStringList { QStringLiteral("generate"), QStringLiteral("-n"),
                               QStringLiteral("3"), QStringLiteral("a lighthouse") }
                 + serviceArguments());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 2);
    result = run({ QStringLiteral("usage"), QStringLiteral("--budget"), QStringLiteral("2") });
    QCOMPARE(result.exitCode, 2); // no currency
}

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
