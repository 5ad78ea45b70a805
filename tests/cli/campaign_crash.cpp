// Crash campaign (a program, not a test: its run time is its size). N times: the real
// `dashscope-studio generate` against an in-process simulator, killed with SIGKILL at a random
// moment (before the create, with the create in flight, while polling, while downloading, while
// writing), then a plain `dashscope-studio resume`. After each run it checks what the simulator
// made against the library and the disk:
//   - never more than one create, and every accepted task finished once, with each image once;
//   - every saved file complete (PNG signature, IEND, size and SHA-256 as recorded);
//   - nothing else in the output folder (no temporary or partial files, no duplicates);
//   - PRAGMA integrity_check ok.
// Prints a line per run and a summary by the phase the kill hit; exits 1 if any run broke a rule.
//
//   campaign_crash [--runs N] [--seed S] [--binary PATH]

#include "library/library.h"
#include "library/libraryquery.h"
#include "simulator/simulatorserver.h"
#include "support/testenvironment.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLoggingCategory>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>
#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

namespace {

struct RunResult
{
    QString phase; // where the kill landed
    QStringList problems;
    qint64 milliseconds = 0;
};

// Runs the binary until it exits, or kills it after `killAfter` (negative: never) or when the
// `killOnDownload`-th download is asked of `server` (0: never). Returns false when it was killed.
bool runProcess(const QString &binary, const QStringList &arguments, const QProcessEnvironment &env,
                std::chrono::milliseconds killAfter, std::chrono::milliseconds limit,
                SimulatorServer *server = nullptr, int killOnDownload = 0)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice());
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    bool killed = false;
    QTimer killer;
    killer.setSingleShot(true);
    QObject::connect(&killer, &QTimer::timeout, &loop, [&] {
        killed = true;
        process.kill(); // SIGKILL: no handler, no destructor, no flush runs
    });
    int downloads = 0;
    if (server && killOnDownload > 0) {
        QObject::connect(server, &SimulatorServer::requestHandled, &loop,
                         [&](SimulatorServer::RequestKind kind) {
                             if (kind == SimulatorServer::RequestKind::Download
                                 && ++downloads == killOnDownload && !killed) {
                                 killed = true;
                                 process.kill(); // the answer is on its way, not yet written
                             }
                         });
    }
    process.start(binary, arguments);
    killer.start(killAfter >= 0ms ? killAfter : limit);
    loop.exec();
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
    }
    return !killed;
}

QString phaseOf(const SimulatorServer &server, bool finished)
{
    if (finished)
        return QStringLiteral("after it finished");
    const SimulatorServer::Statistics stats = server.statistics();
    if (stats.creates == 0)
        return QStringLiteral("before the create");
    if (stats.polls == 0)
        return QStringLiteral("created, before the first poll");
    if (stats.downloads == 0)
        return QStringLiteral("while polling");
    return QStringLiteral("while downloading or writing");
}

QStringList checkRun(const SimulatorServer &server, const QString &databasePath,
                     const QString &output, int imagesPerTask)
{
    QStringList problems;
    const auto fail = [&problems](const QString &text) { problems.append(text); };
    if (server.statistics().creates > 1)
        fail(QStringLiteral("%1 creates").arg(server.statistics().creates));

    {
        QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("campaign"));
        db.setDatabaseName(databasePath);
        if (db.open()) {
            QSqlQuery integrity(db);
            if (!integrity.exec(QStringLiteral("PRAGMA integrity_check")) || !integrity.next()
                || integrity.value(0).toString() != u"ok")
                fail(QStringLiteral("integrity_check failed"));
            db.close();
        } else if (QFile::exists(databasePath)) {
            fail(QStringLiteral("library does not open"));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("campaign"));

    Library library;
    QList<TaskRecord> tasks;
    if (QFile::exists(databasePath)) {
        QString error;
        error = library.open(databasePath).message();
        if (!error.isEmpty()) {
            fail(QStringLiteral("library: ") + error);
            return problems;
        }
        LibraryQuery everything;
        everything.newestFirst = false;
        tasks = library.findTasks(everything);
    }
    const QStringList created = server.taskIds();
    QSet<QString> referenced;
    for (const QString &taskId : created) {
        int rows = 0;
        for (const TaskRecord &task : std::as_const(tasks)) {
            if (task.taskId != taskId)
                continue;
            ++rows;
            if (task.state != TaskState::Done)
                fail(QStringLiteral("task %1 ended %2: %3")
                             .arg(taskId, taskStateId(task.state), task.error.message));
            if (task.savedOutputCount() != imagesPerTask)
                fail(QStringLiteral("task %1 has %2 of %3 images")
                             .arg(taskId)
                             .arg(task.savedOutputCount())
                             .arg(imagesPerTask));
        }
        if (rows != 1)
            fail(QStringLiteral("task %1 is in the library %2 times").arg(taskId).arg(rows));
    }
    for (const TaskRecord &task : std::as_const(tasks)) {
        if (task.taskId.isEmpty() && !created.isEmpty())
            fail(QStringLiteral("a row without task id beside the created task (%1)")
                         .arg(taskStateId(task.state)));
        if (task.taskId.isEmpty() && !isFinished(task.state))
            fail(QStringLiteral("a row left unfinished without task id"));
        for (const OutputRecord &image : task.outputs) {
            if (!image.isSaved())
                continue;
            if (referenced.contains(image.filePath))
                fail(QStringLiteral("file recorded twice: ") + image.filePath);
            referenced.insert(image.filePath);
            QFile file(image.filePath);
            if (!file.open(QIODevice::ReadOnly)) {
                fail(QStringLiteral("missing file ") + image.filePath);
                continue;
            }
            const QByteArray bytes = file.readAll();
            if (bytes.size() != image.bytes
                || QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()
                        != image.sha256
                || !bytes.startsWith("\x89PNG\r\n\x1a\n")
                || !bytes.endsWith(QByteArray::fromHex("0000000049454e44ae426082")))
                fail(QStringLiteral("file not as recorded or incomplete: ") + image.filePath);
        }
    }
    const QFileInfoList files = QDir(output).entryInfoList(QDir::Files | QDir::Hidden | QDir::System
                                                           | QDir::NoDotAndDotDot);
    for (const QFileInfo &file : files) {
        if (!referenced.contains(file.absoluteFilePath()))
            fail(QStringLiteral("stray file ") + file.fileName());
    }
    return problems;
}

RunResult runOnce(const ModelCatalog &catalog, const QString &binary, QRandomGenerator &random)
{
    RunResult result;
    QElapsedTimer clock;
    clock.start();
    QTemporaryDir home;
    const QString output = home.filePath(QStringLiteral("out"));
    SimulatorServer server(catalog);
    const auto latency = std::chrono::milliseconds(random.bounded(300, 2500));
    server.setLatency(latency);
    if (server.listen(0).isError()) {
        result.problems.append(QStringLiteral("the simulator did not start"));
        return result;
    }
    const int images = random.bounded(1, 4);
    // One run in five holds every answer back a second, so kills land with the create in flight
    // (accepted by the service, its task id not yet received); one in five kills at a download.
    const int mode = random.bounded(5);
    const bool createInFlight = mode == 0;
    const int killOnDownload = mode == 1 ? random.bounded(1, images + 1) : 0;
    if (createInFlight) {
        server.setSlowResponseDelay(1s);
        server.addFault(SimulatorServer::Fault::SlowResponses);
    }
    const QProcessEnvironment env = isolatedEnvironment(home.path(), QStringLiteral("sk-campaign"));
    const QString baseUrl = server.baseUrl().toString();
    // Kill somewhere in the task's life: create (~0.1 s in), polls until `latency`, downloads.
    const auto killAfter = createInFlight ? std::chrono::milliseconds(random.bounded(300, 900))
            : killOnDownload > 0
            ? -1ms
            : std::chrono::milliseconds(random.bounded(0, int(latency.count()) + 1500));
    const bool finished = runProcess(
            binary,
            { QStringLiteral("generate"), QStringLiteral("-n"), QString::number(images),
              QStringLiteral("-m"), QStringLiteral("wan2.2-t2i-flash"), QStringLiteral("-s"),
              QStringLiteral("512*512"), QStringLiteral("--base-url"), baseUrl,
              QStringLiteral("-o"), output,
              QStringLiteral("a harbour at night, run %1").arg(random.generate() % 100000) },
            env, killAfter, 60s, &server, killOnDownload);
    result.phase = createInFlight && !finished && server.statistics().creates == 1
                    && server.statistics().polls == 0
            ? QStringLiteral("create in flight")
            : phaseOf(server, finished);
    server.removeFault(SimulatorServer::Fault::SlowResponses);
    // A plain resume: the task is followed at the base URL it was created at.
    runProcess(binary, { QStringLiteral("resume"), QStringLiteral("-o"), output }, env, -1ms, 90s);
    const QString database = isolatedLibraryPath(home.path());
    result.problems = checkRun(server, database, output, images);
    result.milliseconds = clock.elapsed();
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("studio.*.info=false"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Kills dashscope-studio generate at random moments, resumes, checks the results."));
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("runs"), QStringLiteral("Number of runs."),
                       QStringLiteral("N"), QStringLiteral("100") });
    parser.addOption({ QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("S"),
                       QStringLiteral("1") });
    parser.addOption({ QStringLiteral("binary"), QStringLiteral("The program to kill."),
                       QStringLiteral("path"), QStringLiteral(STUDIO_BINARY) });
    parser.process(app);
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    QRandomGenerator random(parser.value(QStringLiteral("seed")).toUInt());
    const QString binary = parser.value(QStringLiteral("binary"));
    const ModelCatalog catalog = ModelCatalog::builtIn();

    QMap<QString, int> byPhase;
    QMap<QString, int> brokenByPhase;
    int broken = 0;
    QElapsedTimer clock;
    clock.start();
    for (int run = 1; run <= runs; ++run) {
        const RunResult result = runOnce(catalog, binary, random);
        ++byPhase[result.phase];
        if (!result.problems.isEmpty()) {
            ++broken;
            ++brokenByPhase[result.phase];
        }
        std::printf(
                "run %3d  %-30s %5lld ms  %s\n", run, qPrintable(result.phase), result.milliseconds,
                result.problems.isEmpty() ? "ok"
                                          : qPrintable(result.problems.join(QStringLiteral("; "))));
        std::fflush(stdout);
    }
    std::printf("\n%d runs in %.0f s; killed:\n", runs, clock.elapsed() / 1000.0);
    for (auto it = byPhase.cbegin(); it != byPhase.cend(); ++it)
        std::printf("  %-30s %3d runs, %d broken\n", qPrintable(it.key()), it.value(),
                    brokenByPhase.value(it.key()));
    std::printf("%d of %d runs broke a rule\n", broken, runs);
    return broken == 0 ? 0 : 1;
}
