// The task follower of the command line, driven with TaskRecord and OutputRecord values: what it
// prints on stdout and stderr, and the exit code it decides. No service, no network.

#include "cli/commandline.h"
#include "cli/output.h"
#include "cli/taskfollower.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>

using CommandLine::TaskFollower;

Q_DECLARE_METATYPE(TaskState)
Q_DECLARE_METATYPE(ApiError::Kind)

namespace {

// A FILE the follower writes to, read back as text.
class Capture
{
public:
    Capture() : m_file(std::tmpfile()) { }
    ~Capture()
    {
        if (m_file)
            std::fclose(m_file);
    }
    Capture(const Capture &) = delete;
    Capture &operator=(const Capture &) = delete;

    FILE *file() const { return m_file; }
    QByteArray bytes() const
    {
        std::fflush(m_file);
        const long end = std::ftell(m_file);
        QByteArray data(end, Qt::Uninitialized);
        std::rewind(m_file);
        const size_t read = std::fread(data.data(), 1, size_t(end), m_file);
        data.resize(qsizetype(read));
        std::fseek(m_file, 0, SEEK_END);
        return data;
    }
    QString text() const { return QString::fromUtf8(bytes()); }
    QList<QJsonObject> events() const
    {
        QList<QJsonObject> result;
        for (const QByteArray &line : bytes().split('\n')) {
            if (!line.isEmpty())
                result << QJsonDocument::fromJson(line).object();
        }
        return result;
    }

private:
    FILE *m_file;
};

TaskRecord task(qint64 id, TaskState state, const QString &taskId = QStringLiteral("task-1"))
{
    TaskRecord record;
    record.id = id;
    record.taskId = taskId;
    record.state = state;
    record.request.model = QStringLiteral("wan2.5-t2i-preview");
    record.request.prompt = QStringLiteral("a cat");
    record.request.size = QSize(1280, 1280);
    return record;
}

OutputRecord savedImage(qint64 taskRowId, int index, const QString &path)
{
    OutputRecord image;
    image.taskRowId = taskRowId;
    image.index = index;
    image.filePath = path;
    image.seed = 42 + index;
    image.pixelSize = QSize(1280, 1280);
    return image;
}

} // namespace

class tst_TaskFollower : public QObject
{
    Q_OBJECT

private slots:
    void exitCodeOfATask_data();
    void exitCodeOfATask();
    void worstTaskDecidesTheExitCode();
    void textPrintsSavedPathsOnStdout();
    void jsonReportsEachStateOnceAndTheResult();
    void taskFetchedAgainReportsItsSavedFiles();
    void failedImagesAreExplainedOnStderr();
    void serviceTextCannotDriveTheTerminal();
    void createdTaskWithUnfollowableIdSaysItMayExist();
    void interruptSaysHowToFetch();

private:
    struct Streams
    {
        Capture out;
        Capture err;
    };
};

void tst_TaskFollower::exitCodeOfATask_data()
{
    QTest::addColumn<TaskState>("state");
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<QString>("serviceStatus");
    QTest::addColumn<ApiError::Kind>("errorKind");
    QTest::addColumn<int>("exitCode");
    const QString id = QStringLiteral("0385dc79-5ff8-4d82-bcb6-6f1e5b3c9a21");
    using K = ApiError::Kind;
    QTest::newRow("done") << TaskState::Done << id << "SUCCEEDED" << K::None << 0;
    QTest::newRow("partly done") << TaskState::PartlyDone << id << "SUCCEEDED" << K::ContentPolicy
                                 << 1;
    QTest::newRow("failed on the service")
            << TaskState::Failed << id << "FAILED" << K::InvalidParameter << 1;
    QTest::newRow("rejected before it was created")
            << TaskState::Failed << QString() << "" << K::InvalidParameter << 2;
    QTest::newRow("key rejected") << TaskState::Failed << QString() << "" << K::Authentication << 3;
    QTest::newRow("service unavailable") << TaskState::Failed << id << "" << K::Transient << 4;
    QTest::newRow("images could not be written")
            << TaskState::Failed << id << "SUCCEEDED" << K::Storage << 5;
    // Created (and maybe billed): never "invalid input, nothing sent".
    QTest::newRow("created, then an invalid parameter")
            << TaskState::Failed << id << "" << K::InvalidParameter << 1;
    QTest::newRow("created with an id that is not one") << TaskState::Failed << "../tasks?x=1"
                                                        << "" << K::InvalidParameter << 1;
}

void tst_TaskFollower::exitCodeOfATask()
{
    QFETCH(TaskState, state);
    QFETCH(QString, taskId);
    QFETCH(QString, serviceStatus);
    QFETCH(ApiError::Kind, errorKind);
    QFETCH(int, exitCode);
    TaskRecord record = task(1, state, taskId);
    record.serviceStatus = serviceStatus;
    if (errorKind != ApiError::Kind::None)
        record.error = ApiError::make(errorKind, QStringLiteral("why"));
    QCOMPARE(TaskFollower::exitCodeFor(record), exitCode);
}

void tst_TaskFollower::worstTaskDecidesTheExitCode()
{
    Streams streams;
    TaskFollower follower(false, false);
    follower.setStreams(streams.out.file(), streams.err.file());
    follower.handleTaskFinished(task(1, TaskState::Done));
    QCOMPARE(follower.exitCode(), 0);
    TaskRecord unavailable = task(2, TaskState::Failed);
    unavailable.error = ApiError::make(ApiError::Kind::Network, QStringLiteral("reset"));
    follower.handleTaskFinished(unavailable);
    QCOMPARE(follower.exitCode(), 4);
    TaskRecord partly = task(3, TaskState::PartlyDone);
    follower.handleTaskFinished(partly);
    QCOMPARE(follower.exitCode(), 4);
}

void tst_TaskFollower::textPrintsSavedPathsOnStdout()
{
    Streams streams;
    TaskFollower follower(false, false);
    follower.setStreams(streams.out.file(), streams.err.file());
    TaskRecord record = task(1, TaskState::Running);
    follower.handleTaskChanged(record);
    follower.handleImageSaved(savedImage(1, 0, QStringLiteral("/pictures/a.png")));
    follower.handleImageSaved(savedImage(1, 1, QStringLiteral("/pictures/b.png")));
    record.state = TaskState::Done;
    record.outputs = { savedImage(1, 0, QStringLiteral("/pictures/a.png")),
                       savedImage(1, 1, QStringLiteral("/pictures/b.png")) };
    follower.handleTaskFinished(record);
    QCOMPARE(streams.out.text(), QStringLiteral("/pictures/a.png\n/pictures/b.png\n"));
    QVERIFY2(streams.err.bytes().isEmpty(), streams.err.bytes().constData()); // no progress
    QCOMPARE(follower.exitCode(), 0);
}

void tst_TaskFollower::jsonReportsEachStateOnceAndTheResult()
{
    Streams streams;
    TaskFollower follower(true, true); // progress is never drawn with --json
    follower.setStreams(streams.out.file(), streams.err.file());
    TaskRecord record = task(7, TaskState::Pending);
    follower.handleTaskChanged(record);
    follower.handleTaskChanged(record); // the same state again: no new event
    record.state = TaskState::Running;
    follower.handleTaskChanged(record);
    follower.handleImageSaved(savedImage(7, 0, QStringLiteral("/pictures/a.png")));
    record.state = TaskState::Done;
    record.outputs = { savedImage(7, 0, QStringLiteral("/pictures/a.png")) };
    follower.handleTaskFinished(record);

    const QList<QJsonObject> events = streams.out.events();
    QStringList kinds;
    for (const QJsonObject &event : events)
        kinds << event.value(QStringLiteral("event")).toString();
    QCOMPARE(kinds,
             (QStringList { QStringLiteral("status"), QStringLiteral("status"),
                            QStringLiteral("image"), QStringLiteral("finished") }));
    QCOMPARE(events.at(1).value(QStringLiteral("state")).toString(), QStringLiteral("running"));
    QCOMPARE(events.at(2).value(QStringLiteral("path")).toString(),
             QStringLiteral("/pictures/a.png"));
    QCOMPARE(events.at(3).value(QStringLiteral("exit_code")).toInt(), 0);
    QCOMPARE(events.at(3).value(QStringLiteral("saved")).toInt(), 1);
    QVERIFY(streams.err.bytes().isEmpty());
}

void tst_TaskFollower::taskFetchedAgainReportsItsSavedFiles()
{
    Streams streams;
    TaskFollower follower(false, false);
    follower.setStreams(streams.out.file(), streams.err.file());
    // Known as done already: only taskFinished comes.
    TaskRecord record = task(3, TaskState::Done);
    record.outputs = { savedImage(3, 0, QStringLiteral("/pictures/a.png")) };
    follower.handleTaskFinished(record);
    QCOMPARE(streams.out.text(), QStringLiteral("/pictures/a.png\n"));
}

void tst_TaskFollower::failedImagesAreExplainedOnStderr()
{
    Streams streams;
    TaskFollower follower(false, false);
    follower.setStreams(streams.out.file(), streams.err.file());
    TaskRecord record = task(4, TaskState::PartlyDone);
    OutputRecord failed;
    failed.taskRowId = 4;
    failed.index = 1;
    failed.errorCode = QStringLiteral("DataInspectionFailed");
    failed.errorMessage = QStringLiteral("Output data may contain inappropriate content.");
    record.outputs = { savedImage(4, 0, QStringLiteral("/pictures/a.png")), failed };
    follower.handleTaskChanged(task(4, TaskState::Running));
    follower.handleImageSaved(record.outputs.first());
    follower.handleTaskFinished(record);
    QCOMPARE(streams.out.text(), QStringLiteral("/pictures/a.png\n"));
    QVERIFY2(streams.err.text().contains(
                     QStringLiteral("Image 2 of task task-1 was not saved: Output data may contain "
                                    "inappropriate content. (DataInspectionFailed)")),
             streams.err.bytes().constData());
    QCOMPARE(follower.exitCode(), 1);
}

void tst_TaskFollower::serviceTextCannotDriveTheTerminal()
{
    // ESC (a colour, an OSC 8 link), BEL, a C1 CSI and a right-to-left override, from the
    // service.
    const QString hostile = QStringLiteral("\x1b[2J\x1b]8;;http://x\x07link\x1b]8;;\x07 ")
            + QChar(0x9b) + QStringLiteral("31m ") + QChar(0x202e) + QStringLiteral("gnp.exe");
    Streams streams;
    TaskFollower follower(false, false);
    follower.setStreams(streams.out.file(), streams.err.file());
    TaskRecord record = task(5, TaskState::Failed, QStringLiteral("0385dc79"));
    record.serviceStatus = QStringLiteral("FAILED");
    record.error = ApiError::fromTaskFailure(QStringLiteral("InternalError"), hostile,
                                             QStringLiteral("req-1"));
    OutputRecord failed;
    failed.taskRowId = 5;
    failed.errorCode = QStringLiteral("InternalError");
    failed.errorMessage = hostile;
    record.outputs = { failed };
    follower.handleTaskFinished(record);

    const QByteArray err = streams.err.bytes();
    QVERIFY2(!err.contains('\x1b') && !err.contains('\x07'), err.constData());
    QVERIFY(!err.contains("\xc2\x9b")); // U+009B in UTF-8
    QVERIFY(!err.contains("\xe2\x80\xae")); // U+202E in UTF-8
    QVERIFY2(err.contains("\\x1b[2J") && err.contains("\\x9b31m") && err.contains("\\u202e"),
             err.constData());
    QVERIFY(err.contains('\n')); // the lines of the explanation stay lines

    // JSON: the same text, escaped, and it reads back exactly.
    Streams json;
    TaskFollower jsonFollower(true, false);
    jsonFollower.setStreams(json.out.file(), json.err.file());
    jsonFollower.handleTaskFinished(record);
    const QByteArray out = json.out.bytes();
    QVERIFY(!out.contains('\x1b') && !out.contains('\x07'));
    QVERIFY(!out.contains("\xc2\x9b") && !out.contains("\xe2\x80\xae"));
    const QList<QJsonObject> events = json.out.events();
    QCOMPARE(events.first().value(QStringLiteral("message")).toString(), hostile);
}

void tst_TaskFollower::createdTaskWithUnfollowableIdSaysItMayExist()
{
    Streams streams;
    TaskFollower follower(false, false);
    follower.setStreams(streams.out.file(), streams.err.file());
    // The service answered the create with something that is not a task id; polling it is
    // refused before sending, as invalid input.
    TaskRecord record = task(6, TaskState::Failed, QStringLiteral("../tasks?x=1"));
    record.error = ApiError::make(ApiError::Kind::InvalidParameter,
                                  QStringLiteral("“../tasks?x=1” is not a task id."));
    follower.handleTaskFinished(record);
    QCOMPARE(follower.exitCode(), 1);
    QVERIFY2(streams.err.text().contains(QStringLiteral("may be billed")),
             streams.err.bytes().constData());
    QVERIFY(streams.err.text().contains(QStringLiteral("../tasks?x=1")));
}

void tst_TaskFollower::interruptSaysHowToFetch()
{
    Streams streams;
    TaskFollower follower(true, false);
    follower.setStreams(streams.out.file(), streams.err.file());
    QSignalSpy finished(&follower, &TaskFollower::finished);
    TaskRecord running = task(8, TaskState::Running, QStringLiteral("0385dc79-5ff8"));
    running.endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8765/api/v1"));
    TaskRecord notCreated = task(9, TaskState::Submitting, QString());
    follower.interrupt({ running, notCreated, task(10, TaskState::Done) });
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toInt(), 130);
    const QString err = streams.err.text();
    QVERIFY2(err.contains(QStringLiteral("dashscope-studio fetch 0385dc79-5ff8 --base-url "
                                         "http://127.0.0.1:8765/api/v1")),
             qPrintable(err));
    QVERIFY(err.contains(QStringLiteral("may or may not have been created")));
    const QList<QJsonObject> events = streams.out.events();
    QCOMPARE(events.size(), 2); // the finished task is not mentioned
    QCOMPARE(events.first().value(QStringLiteral("event")).toString(),
             QStringLiteral("interrupted"));
}

QTEST_GUILESS_MAIN(tst_TaskFollower)
#include "tst_taskfollower.moc"
