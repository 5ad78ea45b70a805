// Crash guarantees: the real dashscope-studio process is killed with SIGKILL at the worst moments
// of a task (create in flight, polling, downloading) against a simulator in this process, and then
// `dashscope-studio resume` must finish the job: one task on the service (never created twice),
// each image saved once (one library row, one file), no partial files, an intact database.

#include "domain/modelcatalog.h"
#include "domain/taskrecord.h"
#include "engine/resultdownloader.h"
#include "library/imagemetadata.h"
#include "library/library.h"
#include "library/videofile.h"
#include "simulator/simulatorserver.h"
#include "support/clitest.h"
#include "support/testenvironment.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace std::chrono_literals;

class tst_CrashResume : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void killDuringCreateIsReportedNotRepeated_data();
    void killDuringCreateIsReportedNotRepeated();
    void killWhilePollingResumesTheSameTask();
    void plainResumeFollowsTaskWhereItWasCreated();
    void resumeElsewhereSaysWhereTasksWait();
    void killWhileDownloadingSavesEachImageOnce();
    void killBeforeTheFirstDownloadAnswer();
    void fileSavedButNotRecordedIsNotSavedTwice();
    void remainsOfAnInterruptedSaveAreRemoved();
    void resumeWithNothingUnfinishedDoesNothing();
    void killDuringAVideoResumesItOnce();

private:
    using Result = CliResult;

    QProcessEnvironment environment() const;
    QStringList serviceArguments() const
    {
        return { QStringLiteral("--base-url"), m_server->baseUrl().toString(), QStringLiteral("-o"),
                 m_output, QStringLiteral("--json") };
    }
    QProcess *start(const QStringList &arguments);
    Result run(const QStringList &arguments);
    Result resume() { return run(QStringList { QStringLiteral("resume") } + serviceArguments()); }
    // `generate` of two small images: quick to render, enough for one saved and one not.
    QStringList generateTwoImages(const QString &prompt) const
    {
        return QStringList { QStringLiteral("generate"),
                             QStringLiteral("-n"),
                             QStringLiteral("2"),
                             QStringLiteral("-m"),
                             QStringLiteral("wan2.2-t2i-flash"),
                             QStringLiteral("-s"),
                             QStringLiteral("512*512"),
                             prompt }
        + serviceArguments();
    }
    // Runs generateTwoImages(prompt) and kills it the moment the first download answer is about
    // to leave the server: both files are open, nothing received.
    void generateKilledAtFirstDownload(const QString &prompt);
    // After resume: one task, done, with both images saved and the storage consistent.
    void checkOneTaskWithTwoImages();
    // SIGKILL, and wait until it is gone.
    void killHard(QProcess *process);
    // Starts `generate` of two images and kills it while its task runs on the service.
    void generateAndKillWhilePolling(const QString &prompt);
    QString databasePath() const;
    // The database is intact, and every file in the output folder is a complete image that the
    // library references exactly once (and every saved image's file exists with its checksum).
    void checkStorage(const QList<TaskRecord> &tasks);
    QList<TaskRecord> libraryTasks();

    ModelCatalog m_catalog = ModelCatalog::builtIn();
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<SimulatorServer> m_server;
    QString m_output;
    QList<QProcess *> m_processes;
};

void tst_CrashResume::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFileInfo::exists(QStringLiteral(STUDIO_BINARY)), STUDIO_BINARY);
}

void tst_CrashResume::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    m_output = m_home->filePath(QStringLiteral("out"));
    m_server = std::make_unique<SimulatorServer>(m_catalog);
    m_server->setLatency(300ms);
    const ApiError listening = m_server->listen(0);
    QVERIFY2(!listening.isError(), qPrintable(listening.message));
}

void tst_CrashResume::cleanup()
{
    for (QProcess *process : std::as_const(m_processes)) {
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished();
        }
        delete process;
    }
    m_processes.clear();
    m_server.reset();
    m_home.reset();
}

QProcessEnvironment tst_CrashResume::environment() const
{
    return isolatedEnvironment(m_home->path());
}

QProcess *tst_CrashResume::start(const QStringList &arguments)
{
    auto *process = new QProcess;
    m_processes.append(process);
    startCli(process, arguments, environment());
    return process;
}

tst_CrashResume::Result tst_CrashResume::run(const QStringList &arguments)
{
    return finishCli(start(arguments), 40000);
}

void tst_CrashResume::killHard(QProcess *process)
{
    process->kill(); // SIGKILL: no handler, no destructor, no flush runs
    if (process->state() != QProcess::NotRunning)
        QVERIFY(process->waitForFinished(10000));
    QCOMPARE(process->exitStatus(), QProcess::CrashExit);
}

QString tst_CrashResume::databasePath() const
{
    return isolatedLibraryPath(m_home->path());
}

QList<TaskRecord> tst_CrashResume::libraryTasks()
{
    Library library;
    QString error;
    error = library.open(databasePath()).message();
    if (!error.isEmpty()) {
        qWarning("cannot open the library: %s", qPrintable(error));
        return {};
    }
    library.setExternalChangeInterval(0);
    LibraryQuery everything;
    everything.newestFirst = false;
    return library.findTasks(everything);
}

void tst_CrashResume::checkStorage(const QList<TaskRecord> &tasks)
{
    // SQLite's own verdict, from a connection of our own (the program is not running).
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                    QStringLiteral("crashcheck"));
        db.setDatabaseName(databasePath());
        QVERIFY(db.open());
        QSqlQuery integrity(db);
        QVERIFY(integrity.exec(QStringLiteral("PRAGMA integrity_check")));
        QVERIFY(integrity.next());
        QCOMPARE(integrity.value(0).toString(), QStringLiteral("ok"));
        QSqlQuery foreignKeys(db);
        QVERIFY(foreignKeys.exec(QStringLiteral("PRAGMA foreign_key_check")));
        QVERIFY(!foreignKeys.next());
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("crashcheck"));

    QSet<QString> referenced;
    for (const TaskRecord &task : tasks) {
        QSet<int> indexes;
        for (const OutputRecord &image : task.outputs) {
            QVERIFY2(!indexes.contains(image.index), "an image slot stored twice");
            indexes.insert(image.index);
            if (!image.isSaved())
                continue;
            QVERIFY2(!referenced.contains(image.filePath), qPrintable(image.filePath));
            referenced.insert(image.filePath);
            QFile file(image.filePath);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(image.filePath));
            const QByteArray bytes = file.readAll();
            QCOMPARE(qint64(bytes.size()), image.bytes);
            QCOMPARE(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(),
                     image.sha256);
            QVERIFY(bytes.startsWith("\x89PNG\r\n\x1a\n"));
            QVERIFY(bytes.endsWith(
                    QByteArray::fromHex("0000000049454e44ae426082"))); // IEND: complete
        }
    }

    // Nothing else in the output folder: no temporary or partial files, no duplicates.
    const QFileInfoList files = QDir(m_output).entryInfoList(QDir::Files | QDir::Hidden
                                                             | QDir::System | QDir::NoDotAndDotDot);
    QSet<QString> present;
    for (const QFileInfo &file : files) {
        QVERIFY2(file.size() > 0, qPrintable(file.fileName()));
        QVERIFY2(file.suffix() == u"png", qPrintable(file.fileName()));
        present.insert(file.absoluteFilePath());
    }
    QCOMPARE(present, referenced);
}

// The create is in flight when the program dies: the service has made the task but its answer (the
// task id) never arrived. Resume must not send it again: it finds the task in the account's task
// list and saves its result.
void tst_CrashResume::killDuringCreateIsReportedNotRepeated_data()
{
    QTest::addColumn<bool>("json");
    QTest::newRow("json events") << true;
    QTest::newRow("terminal") << false;
}

void tst_CrashResume::killDuringCreateIsReportedNotRepeated()
{
    QFETCH(bool, json);
    m_server->setSlowResponseDelay(60s); // the answer to the create never comes in time
    m_server->addFault(SimulatorServer::Fault::SlowResponses);
    QSignalSpy created(m_server.get(), &SimulatorServer::taskCreated);
    QProcess *process = start(
            QStringList { QStringLiteral("generate"), QStringLiteral("a lighthouse at dawn") }
            + serviceArguments());
    QVERIFY(created.wait(20000));
    killHard(process);
    QCOMPARE(m_server->statistics().creates, 1);

    m_server->removeFault(SimulatorServer::Fault::SlowResponses);
    QStringList arguments = QStringList { QStringLiteral("resume") } + serviceArguments();
    if (!json)
        arguments.removeAll(QStringLiteral("--json"));
    const Result result = run(arguments);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1); // never created twice
    QCOMPARE(m_server->statistics().lists, 1); // found in the account's task list instead

    // The task the service made (and bills) is followed to the end: its image is saved.
    if (json) {
        const QList<QJsonObject> events = result.events();
        QVERIFY(!events.isEmpty());
        const QJsonObject finished = events.last();
        QCOMPARE(finished.value(QStringLiteral("event")).toString(), QStringLiteral("finished"));
        QCOMPARE(finished.value(QStringLiteral("state")).toString(), QStringLiteral("done"));
        QCOMPARE(finished.value(QStringLiteral("task_id")).toString(),
                 m_server->taskIds().value(0));
    } else {
        QCOMPARE(result.out.count('\n'), 1); // the saved image's path
    }
    const QList<TaskRecord> tasks = libraryTasks();
    QCOMPARE(tasks.size(), 1);
    QCOMPARE(tasks.first().state, TaskState::Done);
    QCOMPARE(tasks.first().taskId, m_server->taskIds().value(0));
    QCOMPARE(tasks.first().savedOutputCount(), 1);
    checkStorage(tasks);

    // Reported once: a second resume has nothing left to do.
    const Result again = resume();
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.out.isEmpty());
    QCOMPARE(m_server->statistics().creates, 1);
}

void tst_CrashResume::generateAndKillWhilePolling(const QString &prompt)
{
    m_server->setLatency(3s); // still running at the first poll (about 1 s after the create)
    QProcess *process = start(QStringList { QStringLiteral("generate"), QStringLiteral("-n"),
                                            QStringLiteral("2"), QStringLiteral("-m"),
                                            QStringLiteral("wan2.2-t2i-flash"), prompt }
                              + serviceArguments());
    bool killedRunning = false;
    connect(m_server.get(), &SimulatorServer::requestHandled, process,
            [this, process, &killedRunning](SimulatorServer::RequestKind kind) {
                if (kind != SimulatorServer::RequestKind::Poll
                    || process->state() == QProcess::NotRunning)
                    return;
                // The poll is answered but the program has not read the answer yet.
                const TaskStatus status = m_server->taskStatus(m_server->taskIds().value(0));
                killedRunning = status == TaskStatus::Pending || status == TaskStatus::Running;
                process->kill();
            });
    QSignalSpy finished(process, &QProcess::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(process->exitStatus(), QProcess::CrashExit);
    QVERIFY(killedRunning);
    QCOMPARE(m_server->statistics().creates, 1);
    QCOMPARE(m_server->statistics().downloads, 0);
}

// The task id is stored and the task is being polled: resume polls the same task to the end.
void tst_CrashResume::killWhilePollingResumesTheSameTask()
{
    generateAndKillWhilePolling(QStringLiteral("a red kite over the sea"));
    if (QTest::currentTestFailed())
        return;

    const Result result = resume();
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
    QCOMPARE(m_server->statistics().downloads, 2);
    QStringList saved;
    for (const QJsonObject &event : result.events()) {
        if (event.value(QStringLiteral("event")).toString() == u"image")
            saved.append(event.value(QStringLiteral("path")).toString());
        if (event.value(QStringLiteral("event")).toString() == u"finished")
            QCOMPARE(event.value(QStringLiteral("task_id")).toString(),
                     m_server->taskIds().value(0));
    }
    QCOMPARE(saved.size(), 2);

    const QList<TaskRecord> tasks = libraryTasks();
    QCOMPARE(tasks.size(), 1);
    QCOMPARE(tasks.first().state, TaskState::Done);
    QCOMPARE(tasks.first().taskId, m_server->taskIds().value(0));
    QCOMPARE(tasks.first().savedOutputCount(), 2);
    checkStorage(tasks);
}

// Created with --base-url, resumed with a plain `resume` (no endpoint given): the task is
// followed where it was created, not at the default region, and finished.
void tst_CrashResume::plainResumeFollowsTaskWhereItWasCreated()
{
    generateAndKillWhilePolling(QStringLiteral("a lantern in the fog"));
    if (QTest::currentTestFailed())
        return;

    const Result result = run(
            { QStringLiteral("resume"), QStringLiteral("-o"), m_output, QStringLiteral("--json") });
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
    QCOMPARE(m_server->statistics().downloads, 2);
    const QList<TaskRecord> tasks = libraryTasks();
    QCOMPARE(tasks.size(), 1);
    QCOMPARE(tasks.first().state, TaskState::Done);
    QCOMPARE(tasks.first().savedOutputCount(), 2);
    checkStorage(tasks);
}

// Resume pointed at another endpoint leaves the task alone, says where it was made and how to
// follow it, and exits non-zero; the task is still finished by a resume at its endpoint.
void tst_CrashResume::resumeElsewhereSaysWhereTasksWait()
{
    generateAndKillWhilePolling(QStringLiteral("a glasshouse at dusk"));
    if (QTest::currentTestFailed())
        return;

    const Result elsewhere = run({ QStringLiteral("resume"), QStringLiteral("--region"),
                                   QStringLiteral("beijing"), QStringLiteral("-o"), m_output });
    QCOMPARE(elsewhere.exitCode, 3);
    const QString said = QString::fromUtf8(elsewhere.err);
    QVERIFY2(said.contains(QStringLiteral("resume --base-url ")
                           + m_server->baseUrl().toDisplayString()),
             qPrintable(said));
    QCOMPARE(m_server->statistics().downloads, 0);
    QCOMPARE(libraryTasks().value(0).state, TaskState::Paused);

    const Result result = resume();
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
    QCOMPARE(m_server->statistics().downloads, 2);
    QCOMPARE(libraryTasks().value(0).state, TaskState::Done);
}

// One image is saved, the other's download is under way: resume downloads only the missing one.
void tst_CrashResume::killWhileDownloadingSavesEachImageOnce()
{
    int downloads = 0;
    connect(m_server.get(), &SimulatorServer::requestHandled, this,
            [this, &downloads](SimulatorServer::RequestKind kind) {
                // The first file goes out at once; the second one's answer (headers and body) is
                // held back past the kill. The fault is armed before the simulator looks at it for
                // this answer.
                if (kind == SimulatorServer::RequestKind::Download && ++downloads == 2) {
                    m_server->setSlowResponseDelay(60s);
                    m_server->addFault(SimulatorServer::Fault::SlowResponses);
                }
            });
    QProcess *process = start(generateTwoImages(QStringLiteral("two paper boats")));
    // The first image is saved and recorded (the "image" event follows the library write), and
    // the second download has reached the server.
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT(
            (out += process->readAllStandardOutput()).contains("\"event\":\"image\"")
                    && downloads == 2,
            20000);
    killHard(process);
    QCOMPARE(m_server->statistics().creates, 1);

    m_server->removeFault(SimulatorServer::Fault::SlowResponses);
    const Result result = resume();
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
    QCOMPARE(m_server->statistics().downloads, 3); // the saved image was not fetched again
    int savedNow = 0;
    for (const QJsonObject &event : result.events())
        savedNow += event.value(QStringLiteral("event")).toString() == u"image" ? 1 : 0;
    QCOMPARE(savedNow, 1);
    checkOneTaskWithTwoImages();
}

void tst_CrashResume::generateKilledAtFirstDownload(const QString &prompt)
{
    QProcess *process = nullptr;
    const QMetaObject::Connection killer
            = connect(m_server.get(), &SimulatorServer::requestHandled, this,
                      [&process](SimulatorServer::RequestKind kind) {
                          if (kind == SimulatorServer::RequestKind::Download && process
                              && process->state() != QProcess::NotRunning)
                              process->kill();
                      });
    process = start(generateTwoImages(prompt));
    QSignalSpy finished(process, &QProcess::finished);
    const bool ended = finished.wait(30000);
    disconnect(killer); // `process` is a local of this function
    QVERIFY(ended);
    QCOMPARE(process->exitStatus(), QProcess::CrashExit);
}

void tst_CrashResume::checkOneTaskWithTwoImages()
{
    const QList<TaskRecord> tasks = libraryTasks();
    QCOMPARE(tasks.size(), 1);
    QCOMPARE(tasks.first().state, TaskState::Done);
    QCOMPARE(tasks.first().savedOutputCount(), 2);
    checkStorage(tasks);
}

// Both downloads are under way (their files open, nothing received) when the program dies: it
// is killed the moment the first answer is about to leave the server.
void tst_CrashResume::killBeforeTheFirstDownloadAnswer()
{
    generateKilledAtFirstDownload(QStringLiteral("an owl at night"));
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_server->statistics().downloads >= 1);
    const int downloadsBefore = m_server->statistics().downloads;

    m_server->removeFault(SimulatorServer::Fault::SlowResponses);
    const Result result = resume();
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
    QCOMPARE(m_server->statistics().downloads, downloadsBefore + 2);
    checkOneTaskWithTwoImages();
}

// The narrowest window: an image's file is complete under its final name, but the program died
// before the library recorded it (the row has only the path planned before the download). No
// kill can hit that moment on purpose, so the test makes the database look exactly like that,
// then resumes: the file at the planned path is this image, not a reason to save a second copy.
void tst_CrashResume::fileSavedButNotRecordedIsNotSavedTwice()
{
    const Result first = run(generateTwoImages(QStringLiteral("a fox in the snow")));
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QCOMPARE(QDir(m_output).entryList(QDir::Files).size(), 2);
    {
        QSqlDatabase db
                = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("crash"));
        db.setDatabaseName(databasePath());
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral(
                "UPDATE outputs SET file_path = NULL, width = 0, height = 0, bytes = 0,"
                " sha256 = NULL WHERE idx = 1 AND planned_path = file_path")));
        QCOMPARE(query.numRowsAffected(), 1);
        QVERIFY(query.prepare(QStringLiteral("UPDATE tasks SET state = ?, finished_at = NULL")));
        query.addBindValue(taskStateId(TaskState::Downloading));
        QVERIFY(query.exec());
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("crash"));

    const Result result = resume();
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
    QCOMPARE(m_server->statistics().downloads, 2); // the file on disk was taken, not fetched again
    checkOneTaskWithTwoImages();
}

// Where the file system has no O_TMPFILE (network shares, some removable drives) QSaveFile writes
// "<name>.XXXXXX" beside the target, and a killed download leaves it there. This machine's file
// system may not, so the test puts such remains where the killed run would have left them.
void tst_CrashResume::remainsOfAnInterruptedSaveAreRemoved()
{
    generateKilledAtFirstDownload(QStringLiteral("a heron in the reeds"));
    if (QTest::currentTestFailed())
        return;

    QList<TaskRecord> tasks = libraryTasks();
    QCOMPARE(tasks.size(), 1);
    const TaskRecord task = tasks.first();
    QVERIFY(task.request.seed);
    QDir().mkpath(m_output);
    const auto target = [this, &task](int index) {
        return QDir(m_output).absoluteFilePath(
                ResultDownloader::fileBaseName(task.createdAt, task.request.prompt,
                                               *task.request.seed + index, index)
                + QStringLiteral(".png"));
    };
    // A PNG as far as the killed download got: signature, IHDR and our chunks, then nothing.
    const auto partial = [](const QString &taskId) {
        QImage image(8, 8, QImage::Format_RGB32);
        image.fill(Qt::darkCyan);
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        ImageProvenance provenance;
        provenance.taskId = taskId;
        provenance.request.prompt = QStringLiteral("a heron in the reeds");
        const QByteArray png = ImageMetadata::embed(buffer.data(), provenance);
        return png.left(png.size() - 20);
    };
    const auto write = [](const QString &path, const QByteArray &bytes) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    };
    const QString emptyRemains = target(0) + QStringLiteral(".OacqlE");
    const QString partialRemains = target(1) + QStringLiteral(".bumeHV");
    const QString someoneElses
            = target(0) + QStringLiteral(".k33pMe"); // another task's: not ours to remove
    const QString notATemporaryName = target(1) + QStringLiteral(".backup1");
    QVERIFY(write(emptyRemains, QByteArray()));
    QVERIFY(write(partialRemains, partial(task.taskId)));
    QVERIFY(write(someoneElses, partial(QStringLiteral("0b4ec6a4-7a39-4d7b-8b31-6c1b3c1e0c2a"))));
    QVERIFY(write(notATemporaryName, QByteArray()));

    const Result result = resume();
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
    QVERIFY(!QFileInfo::exists(emptyRemains));
    QVERIFY(!QFileInfo::exists(partialRemains));
    QVERIFY(QFile::remove(someoneElses));
    QVERIFY(QFile::remove(notATemporaryName));

    tasks = libraryTasks();
    QCOMPARE(tasks.size(), 1);
    QCOMPARE(tasks.first().state, TaskState::Done);
    QCOMPARE(tasks.first().savedOutputCount(), 2);
    QCOMPARE(tasks.first().outputs.value(0).filePath, target(0));
    QCOMPARE(tasks.first().outputs.value(1).filePath, target(1));
    checkStorage(tasks);
}

void tst_CrashResume::resumeWithNothingUnfinishedDoesNothing()
{
    const Result first
            = run(QStringList { QStringLiteral("generate"), QStringLiteral("a calm lake") }
                  + serviceArguments());
    QVERIFY2(first.exitCode == 0, first.err.constData());
    const Result result = resume();
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.isEmpty());
    QCOMPARE(m_server->statistics().creates, 1);
    QCOMPARE(m_server->statistics().downloads, 1);
    checkStorage(libraryTasks());
}

// A video task killed while it runs on the service (its task id stored): resume follows the same
// task on the video schedule and saves one MP4, once.
void tst_CrashResume::killDuringAVideoResumesItOnce()
{
    m_server->setLatency(3s);
    m_server->setVideoRenderLimit(320, 1);
    QProcess *process
            = start(QStringList { QStringLiteral("video"), QStringLiteral("-m"),
                                  QStringLiteral("wan2.2-t2v-plus"), QStringLiteral("-s"),
                                  QStringLiteral("832*480"), QStringLiteral("a tram in the rain") }
                    + serviceArguments());
    QTRY_VERIFY_WITH_TIMEOUT(!libraryTasks().value(0).taskId.isEmpty(), 20000);
    killHard(process);
    QCOMPARE(m_server->statistics().creates, 1);
    QCOMPARE(m_server->statistics().downloads, 0);

    const Result result = resume();
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
    QCOMPARE(m_server->statistics().downloads, 1);
    const QList<TaskRecord> tasks = libraryTasks();
    QCOMPARE(tasks.size(), 1);
    QCOMPARE(tasks.first().state, TaskState::Done);
    QCOMPARE(tasks.first().savedOutputCount(), 1);
    const OutputRecord video = tasks.first().outputs.value(0);
    QVERIFY(video.isVideo());
    QVERIFY(VideoFile::probe(video.filePath).valid);
    const QFileInfoList files = QDir(m_output).entryInfoList(QDir::Files | QDir::Hidden
                                                             | QDir::System | QDir::NoDotAndDotDot);
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.first().absoluteFilePath(), video.filePath);
}

QTEST_GUILESS_MAIN(tst_CrashResume)
#include "tst_crashresume.moc"
