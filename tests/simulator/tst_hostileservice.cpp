#include "domain/modelcatalog.h"
#include "engine/pollpolicy.h"
#include "engine/taskservice.h"
#include "library/imagemetadata.h"
#include "library/library.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorfixture.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace std::chrono_literals;
using Fault = SimulatorServer::Fault;

// The task engine against a hostile service: each hostile answer ends its task with a clear
// error, writes nothing outside the output folder, and leaves a healthy task running beside it
// unharmed. The simulator fixes hostile faults in a task when it is created, so the two tasks
// share one service.
namespace {

const QString Key = QStringLiteral("sk-test");
const QString Model = QStringLiteral("wan2.2-t2i-flash"); // concurrency 2, small sizes
constexpr int Timeout = 60000;

} // namespace

class tst_HostileService final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void hostileTaskEndsClearly_data();
    void hostileTaskEndsClearly();
    void pngTextBombIsSavedHarmlessly();

private:
    GenerationRequest request(int count, qint64 seed) const;
    qint64 submit(const GenerationRequest &request);
    // Submits one task while `fault` is set, then (fault removed) a healthy one beside it.
    bool submitHostileAndHealthy(Fault fault, qint64 *hostile, qint64 *healthy);
    bool waitSettled(qint64 id); // finished, or paused (kept for a later run)
    // Every file under the temporary folder that is not the library, a lock or a saved image.
    QStringList strayFiles() const;

    ModelCatalog m_catalog;
    QTemporaryDir *m_dir = nullptr; // m_fixture's
    QString m_home; // the library and the output folder: m_dir/a/b, so "../.." stays inside m_dir
    std::unique_ptr<Library> m_library;
    QNetworkAccessManager *m_network = nullptr; // m_fixture's
    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    SimulatorServer *m_simulator = nullptr; // m_fixture's
    std::unique_ptr<TaskService> m_service;
};

void tst_HostileService::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_catalog = ModelCatalog::builtIn();
    QCOMPARE(m_catalog.model(Model).concurrency, 2);
}

void tst_HostileService::init()
{
    m_fixture = std::make_unique<SimulatorFixture>(m_catalog);
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_dir = m_fixture->dir();
    m_network = m_fixture->network();
    m_simulator = m_fixture->simulator();
    m_home = m_dir->filePath(QStringLiteral("a/b"));
    QVERIFY(QDir().mkpath(m_home));
    m_library = std::make_unique<Library>();
    const QString error = m_library->open(m_home + QStringLiteral("/library.sqlite3")).message();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_simulator->setLatency(300ms);

    m_service = std::make_unique<TaskService>(m_catalog, m_library.get(), m_network);
    m_service->setEndpoint(m_fixture->endpoint());
    m_service->setApiKey(Key);
    m_service->setOutputDirectory(m_home + QStringLiteral("/images"));
    // The real schedule, 50 times faster.
    m_service->setPollPolicy(
            std::make_unique<ScaledPollPolicy>(std::make_unique<DefaultPollPolicy>(), 0.02));
}

void tst_HostileService::cleanup()
{
    m_service.reset();
    m_library.reset();
    m_fixture.reset(); // last: the rest used its network and folder
}

GenerationRequest tst_HostileService::request(int count, qint64 seed) const
{
    GenerationRequest request;
    request.model = Model;
    request.prompt = QStringLiteral("A red fox in fresh snow");
    request.size = QSize(512, 512);
    request.count = count;
    request.seed = seed;
    return request;
}

qint64 tst_HostileService::submit(const GenerationRequest &request)
{
    const TaskStart start = m_service->submit(request);
    for (const ValidationIssue &issue : start.issues)
        qWarning() << issue.field << issue.message;
    return start.id;
}

bool tst_HostileService::submitHostileAndHealthy(Fault fault, qint64 *hostile, qint64 *healthy)
{
    m_simulator->addFault(fault);
    QSignalSpy created(m_simulator, &SimulatorServer::taskCreated);
    *hostile = submit(request(1, 7));
    if (*hostile <= 0 || (created.isEmpty() && !created.wait(Timeout)))
        return false;
    m_simulator->removeFault(fault);
    *healthy = submit(request(2, 8));
    return *healthy > 0;
}

bool tst_HostileService::waitSettled(qint64 id)
{
    const bool settled = QTest::qWaitFor(
            [&] {
                const TaskState state = m_service->task(id).state;
                return isFinished(state) || state == TaskState::Paused;
            },
            Timeout);
    if (!settled)
        qWarning() << "task" << id << "still" << taskStateId(m_service->task(id).state);
    return settled;
}

QStringList tst_HostileService::strayFiles() const
{
    QStringList stray;
    const QDir root(m_dir->path());
    QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = root.relativeFilePath(it.next());
        const bool expected = path.startsWith(QLatin1String("a/b/library.sqlite3"))
                || path.startsWith(QLatin1String("a/b/locks/"))
                || (path.startsWith(QLatin1String("a/b/images/")) && path.endsWith(u".png"));
        if (!expected)
            stray.append(path);
    }
    return stray;
}

void tst_HostileService::hostileTaskEndsClearly_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<TaskState>("state"); // of the hostile task once settled
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<QString>("says"); // part of the message a person reads

    QTest::newRow("endless poll answer") << Fault::EndlessPollAnswer << TaskState::Paused
                                         << ApiError::Kind::Protocol << QStringLiteral("too large");
    QTest::newRow("deeply nested JSON")
            << Fault::DeepJsonOnPoll << TaskState::Paused << ApiError::Kind::Protocol
            << QStringLiteral("Check the base URL");
    QTest::newRow("HTML on every poll")
            << Fault::HtmlOnPoll << TaskState::Paused << ApiError::Kind::Protocol
            << QStringLiteral("Check the base URL");
    QTest::newRow("redirect to file://")
            << Fault::RedirectToFile << TaskState::Failed << ApiError::Kind::Protocol
            << QStringLiteral("redirected the download to file:");
    QTest::newRow("redirect to another host")
            << Fault::RedirectToOtherHost << TaskState::Failed << ApiError::Kind::Protocol
            << QStringLiteral("127.0.0.2");
    QTest::newRow("HTML result") << Fault::HtmlResult << TaskState::Failed
                                 << ApiError::Kind::Protocol << QStringLiteral("web page");
    QTest::newRow("30000x30000 PNG") << Fault::HugePng << TaskState::Failed
                                     << ApiError::Kind::Protocol << QStringLiteral("30000");
    // Retried as cut short (a PNG without IEND), then given up.
    QTest::newRow("truncated PNG") << Fault::TruncatedPng << TaskState::Failed
                                   << ApiError::Kind::Network << QStringLiteral("cut short");
    // Refused before any poll: no URL, lock or file is made from it.
    QTest::newRow("task id with ..")
            << Fault::UnsafeTaskId << TaskState::Failed << ApiError::Kind::InvalidParameter
            << QStringLiteral("is not a task id");
}

void tst_HostileService::hostileTaskEndsClearly()
{
    QFETCH(Fault, fault);
    QFETCH(TaskState, state);
    QFETCH(ApiError::Kind, kind);
    QFETCH(QString, says);

    qint64 hostile = 0;
    qint64 healthy = 0;
    QVERIFY(submitHostileAndHealthy(fault, &hostile, &healthy));
    QVERIFY(waitSettled(hostile));
    QVERIFY(waitSettled(healthy));

    const TaskRecord bad = m_service->task(hostile);
    qInfo().noquote() << taskStateId(bad.state) << ApiError::kindName(bad.error.kind)
                      << bad.error.message;
    for (const OutputRecord &image : bad.outputs)
        qInfo().noquote() << "  image" << image.index << image.errorCode << image.errorMessage;
    QCOMPARE(bad.state, state);
    QCOMPARE(bad.error.kind, kind);
    QVERIFY(!bad.error.message.isEmpty());
    // Qt refuses a redirect to file:// itself, before ResultDownloader's own check: the message
    // still says where the image server sent the download.
    if (!says.isEmpty())
        QVERIFY2(bad.error.message.contains(says, Qt::CaseInsensitive),
                 qPrintable(bad.error.message));
    for (const OutputRecord &image : bad.outputs)
        QVERIFY(!image.isSaved());

    // The rest of the work is unharmed: the healthy task saved both its images.
    const TaskRecord good = m_service->task(healthy);
    QCOMPARE(good.state, TaskState::Done);
    QCOMPARE(good.outputs.size(), 2);
    for (const OutputRecord &image : good.outputs)
        QVERIFY(QFileInfo::exists(image.filePath));
    QCOMPARE(QDir(m_home + QStringLiteral("/images")).entryList(QDir::Files | QDir::Hidden).size(),
             2);
    // Nothing written anywhere else (a lock or a file named after "../../…" would land in a/).
    QCOMPARE(strayFiles(), QStringList());
}

void tst_HostileService::pngTextBombIsSavedHarmlessly()
{
    qint64 hostile = 0;
    qint64 healthy = 0;
    QVERIFY(submitHostileAndHealthy(Fault::PngTextBomb, &hostile, &healthy));
    QVERIFY(waitSettled(hostile));
    QVERIFY(waitSettled(healthy));
    QCOMPARE(m_service->task(healthy).state, TaskState::Done);

    const TaskRecord bombed = m_service->task(hostile);
    qInfo().noquote() << taskStateId(bombed.state) << bombed.error.message;
    QVERIFY(bombed.state == TaskState::Done || bombed.state == TaskState::Failed);
    if (bombed.state == TaskState::Done) {
        // Saved as the service sent it (plus our chunks); reading it back does not inflate the
        // 2 GiB: only our own chunk is read, at once.
        const QString path = bombed.outputs.first().filePath;
        QElapsedTimer timer;
        timer.start();
        const std::optional<ImageProvenance> provenance = ImageMetadata::readFile(path);
        QVERIFY(provenance);
        QCOMPARE(provenance->taskId, bombed.taskId);
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    } else {
        QVERIFY(!bombed.error.message.isEmpty());
    }
    QCOMPARE(strayFiles(), QStringList());
}

QTEST_GUILESS_MAIN(tst_HostileService)
#include "tst_hostileservice.moc"
