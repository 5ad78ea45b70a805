#include "engine/pollpolicy.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "models/tasklistmodel.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorfixture.h"

#include <QAbstractItemModelTester>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

// The progress view's model against a real TaskService and the simulator.
class tst_TaskListModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void estimatesUseTheMedian();
    void newestFirstThroughEveryState();
    void progressIsEstimatedFromEarlierTasks();
    void failureCarriesTheSentence();
    void perImageFailuresAreListed();
    void cancelAndRetry();
    void seedsEstimatesFromTheLibrary();
    void openingAFinishedTaskAgainListsItOnce();
    void failingPollsSayTheServiceIsUnreachable();
    void pausedTaskIsNeitherWaitingNorRetried();
    void pausedWithoutKeyShowsItsOwnSentence();
    void pastTheEstimateSaysSoAndKeepsMoving();
    void elapsedTimeSurvivesAResume();
    void queuedAreCountedApart();

private:
    GenerationRequest request(const QString &prompt, int count = 1) const;
    int submit(const GenerationRequest &request);

    ModelCatalog m_catalog;
    QTemporaryDir *m_dir = nullptr; // m_fixture's
    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    SimulatorServer *m_simulator = nullptr; // m_fixture's
    std::unique_ptr<Library> m_library;
    QNetworkAccessManager *m_network = nullptr; // m_fixture's
    std::unique_ptr<TaskService> m_service;
    std::unique_ptr<TaskListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_TaskListModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_catalog = ModelCatalog::builtIn();
}

void tst_TaskListModel::init()
{
    m_fixture = std::make_unique<SimulatorFixture>(m_catalog);
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_dir = m_fixture->dir();
    m_network = m_fixture->network();
    m_simulator = m_fixture->simulator();
    m_simulator->setLatency(300ms);
    m_library = std::make_unique<Library>();
    QVERIFY(m_library->open(m_fixture->libraryPath()));
    m_service = std::make_unique<TaskService>(m_catalog, m_library.get(), m_network);
    m_service->setEndpoint(m_fixture->endpoint());
    m_service->setApiKey(QStringLiteral("sk-test"));
    m_service->setOutputDirectory(m_fixture->outputDirectory());
    m_model = std::make_unique<TaskListModel>(m_service.get(), m_library.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_TaskListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_service.reset();
    m_library.reset();
    m_fixture.reset(); // last: the rest used its network and folder
}

GenerationRequest tst_TaskListModel::request(const QString &prompt, int count) const
{
    GenerationRequest r;
    r.model = QStringLiteral("wan2.2-t2i-flash");
    r.prompt = prompt;
    r.size = QSize(1024, 1024);
    r.count = count;
    return r;
}

int tst_TaskListModel::submit(const GenerationRequest &r)
{
    const TaskStart start = m_service->submit(r);
    if (!start.isStarted())
        qWarning("%s", qPrintable(start.error.message));
    return m_model->rowOf(start.id);
}

void tst_TaskListModel::estimatesUseTheMedian()
{
    const QSize size(1024, 1024);
    QCOMPARE(m_model->estimateFor(QStringLiteral("m"), size), 0);
    m_model->addDurationSample(QStringLiteral("m"), size, 1000);
    m_model->addDurationSample(QStringLiteral("m"), size, 90000); // one stuck in a queue
    m_model->addDurationSample(QStringLiteral("m"), size, 3000);
    QCOMPARE(m_model->estimateFor(QStringLiteral("m"), size), 3000);
    QCOMPARE(m_model->estimateFor(QStringLiteral("m"), QSize(512, 512)), 0); // per size
    QCOMPARE(m_model->estimateFor(QStringLiteral("other"), size), 0); // per model
}

void tst_TaskListModel::newestFirstThroughEveryState()
{
    QCOMPARE(submit(request(QStringLiteral("first"))), 0);
    QCOMPARE(submit(request(QStringLiteral("second"))), 0);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->index(0).data().toString(), QStringLiteral("second"));
    QCOMPARE(m_model->index(1).data().toString(), QStringLiteral("first"));
    QVERIFY(m_model->activeCount() >= 1);
    QVERIFY(m_model->index(0)
                    .data(TaskListModel::DetailTextRole)
                    .toString()
                    .contains(QStringLiteral("1024 × 1024")));
    // The model as people read it, not its API name.
    const QString detail = m_model->index(0).data(TaskListModel::DetailTextRole).toString();
    QVERIFY2(detail.startsWith(QStringLiteral("Wan 2.2 flash  ·  ")), qPrintable(detail));
    QVERIFY(!detail.contains(QStringLiteral("wan2.2-t2i-flash")));
    QVERIFY(m_model->index(0).data(TaskListModel::CanCancelRole).toBool());

    // Every state the task goes through is seen by the model, and ends in Done.
    QSet<int> seen;
    QObject context;
    connect(m_model.get(), &QAbstractItemModel::dataChanged, &context,
            [&seen](const QModelIndex &from) {
                seen.insert(from.data(TaskListModel::StateRole).toInt());
            });
    QTRY_COMPARE_WITH_TIMEOUT(m_model->activeCount(), 0, 15000);
    for (int row = 0; row < 2; ++row) {
        const QModelIndex index = m_model->index(row);
        QCOMPARE(TaskState(index.data(TaskListModel::StateRole).toInt()), TaskState::Done);
        QCOMPARE(index.data(TaskListModel::ProgressRole).toDouble(), 1.0);
        QVERIFY(index.data(TaskListModel::StatusTextRole)
                        .toString()
                        .contains(QStringLiteral("took")));
        QVERIFY(index.data(TaskListModel::ErrorTextRole).toString().isEmpty());
        QVERIFY(index.data(TaskListModel::CanRetryRole).toBool());
        QVERIFY(!index.data(TaskListModel::CanCancelRole).toBool());
        QVERIFY(!m_model->task(row).taskId.isEmpty());
    }
    QVERIFY(seen.contains(int(TaskState::Running)) || seen.contains(int(TaskState::Pending)));
    QVERIFY(seen.contains(int(TaskState::Done)));
}

void tst_TaskListModel::progressIsEstimatedFromEarlierTasks()
{
    const int row = submit(request(QStringLiteral("no estimate yet")));
    QCOMPARE(row, 0);
    // While nothing of this model and size has finished: indeterminate.
    QTRY_VERIFY(TaskState(m_model->index(0).data(TaskListModel::StateRole).toInt())
                != TaskState::Queued);
    if (!isFinished(TaskState(m_model->index(0).data(TaskListModel::StateRole).toInt())))
        QCOMPARE(m_model->index(0).data(TaskListModel::ProgressRole).toDouble(), -1.0);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->activeCount(), 0, 15000);
    QVERIFY(m_model->estimateFor(QStringLiteral("wan2.2-t2i-flash"), QSize(1024, 1024)) > 0);

    m_simulator->setLatency(3000ms);
    submit(request(QStringLiteral("estimated")));
    QTRY_VERIFY(TaskState(m_model->index(0).data(TaskListModel::StateRole).toInt())
                        == TaskState::Running
                || TaskState(m_model->index(0).data(TaskListModel::StateRole).toInt())
                        == TaskState::Pending);
    const double progress = m_model->index(0).data(TaskListModel::ProgressRole).toDouble();
    QVERIFY2(progress >= 0.0 && progress <= 0.95, qPrintable(QString::number(progress)));
    QVERIFY(m_model->index(0).data(TaskListModel::EstimateRole).toLongLong() > 0);
    QVERIFY(m_model->index(0)
                    .data(TaskListModel::StatusTextRole)
                    .toString()
                    .contains(QStringLiteral("of about")));
}

void tst_TaskListModel::failureCarriesTheSentence()
{
    m_simulator->addFault(SimulatorServer::Fault::FailTask);
    submit(request(QStringLiteral("doomed")));
    QTRY_COMPARE_WITH_TIMEOUT(TaskState(m_model->index(0).data(TaskListModel::StateRole).toInt()),
                              TaskState::Failed, 15000);
    const QString error = m_model->index(0).data(TaskListModel::ErrorTextRole).toString();
    QVERIFY(!error.isEmpty());
    QCOMPARE(error, m_model->task(0).error.explanation());
    QVERIFY(m_model->index(0).data(TaskListModel::CanRetryRole).toBool());
    QVERIFY(m_model->index(0).data(Qt::ToolTipRole).toString().contains(m_model->task(0).taskId));
}

void tst_TaskListModel::perImageFailuresAreListed()
{
    m_simulator->addFault(SimulatorServer::Fault::ImageContentPolicy);
    submit(request(QStringLiteral("two images, one refused"), 2));
    QTRY_COMPARE_WITH_TIMEOUT(TaskState(m_model->index(0).data(TaskListModel::StateRole).toInt()),
                              TaskState::PartlyDone, 15000);
    const QString error = m_model->index(0).data(TaskListModel::ErrorTextRole).toString();
    QVERIFY2(error.contains(QStringLiteral("1 of 2")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("DataInspectionFailed")), qPrintable(error));
}

void tst_TaskListModel::cancelAndRetry()
{
    m_simulator->setLatency(20000ms);
    submit(request(QStringLiteral("to cancel")));
    QTRY_VERIFY(!m_model->task(0).taskId.isEmpty());
    const qint64 id = m_model->task(0).id;
    m_service->cancel(id);
    QTRY_COMPARE_WITH_TIMEOUT(TaskState(m_model->index(0).data(TaskListModel::StateRole).toInt()),
                              TaskState::Canceled, 15000);
    QCOMPARE(m_model->activeCount(), 0);

    m_simulator->setLatency(300ms);
    const qint64 retried = m_service->retry(id).id;
    QVERIFY(retried != 0);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->task(0).id, retried);
    QCOMPARE(m_model->task(0).request.prompt, QStringLiteral("to cancel"));
    QTRY_COMPARE_WITH_TIMEOUT(TaskState(m_model->index(0).data(TaskListModel::StateRole).toInt()),
                              TaskState::Done, 15000);
}

void tst_TaskListModel::seedsEstimatesFromTheLibrary()
{
    submit(request(QStringLiteral("remembered")));
    QTRY_COMPARE_WITH_TIMEOUT(m_model->activeCount(), 0, 15000);
    // A new model over the same library (as after a restart) knows how long such tasks take.
    TaskListModel fresh(m_service.get(), m_library.get());
    QVERIFY(fresh.estimateFor(QStringLiteral("wan2.2-t2i-flash"), QSize(1024, 1024)) > 0);
    QCOMPARE(fresh.rowCount(), m_model->rowCount()); // this run's tasks
}

void tst_TaskListModel::openingAFinishedTaskAgainListsItOnce()
{
    submit(request(QStringLiteral("first")));
    QTRY_COMPARE_WITH_TIMEOUT(m_model->activeCount(), 0, 15000);
    const TaskRecord done = m_model->task(0);
    QCOMPARE(done.state, TaskState::Done);
    submit(request(QStringLiteral("second")));
    QTRY_COMPARE_WITH_TIMEOUT(m_model->activeCount(), 0, 15000);
    QCOMPARE(m_model->rowCount(), 2);

    // "Open Task ID…" with the first task's id: reported again, listed once, at the top.
    QSignalSpy added(m_service.get(), &TaskService::taskAdded);
    QCOMPARE(m_service->track(done.taskId).id, done.id);
    QVERIFY(added.wait(5000));
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->task(0).id, done.id);
    QCOMPARE(m_model->task(1).request.prompt, QStringLiteral("second"));
}

// Polls that keep failing (5xx) are retried: the row says so instead of "Waiting on the service".
void tst_TaskListModel::failingPollsSayTheServiceIsUnreachable()
{
    m_service->setPollPolicy(
            std::make_unique<ScaledPollPolicy>(std::make_unique<DefaultPollPolicy>(), 0.02));
    m_simulator->setFaultRepeat(100000);
    m_simulator->addFault(SimulatorServer::Fault::ServerErrorOnPoll);
    submit(request(QStringLiteral("unreachable for a while")));
    QTRY_VERIFY_WITH_TIMEOUT(m_model->task(0).error.kind == ApiError::Kind::Transient, 15000);
    const QModelIndex index = m_model->index(0);
    const auto state = TaskState(index.data(TaskListModel::StateRole).toInt());
    QVERIFY(state == TaskState::Pending || state == TaskState::Running);
    const QString status = index.data(TaskListModel::StatusTextRole).toString();
    QVERIFY2(status.startsWith(QStringLiteral("Cannot reach the service — trying again")),
             qPrintable(status));
    QVERIFY2(!status.contains(QStringLiteral("Waiting on the service")), qPrintable(status));
    QVERIFY(!index.data(Qt::AccessibleTextRole)
                     .toString()
                     .contains(QStringLiteral("Waiting on the service")));
    QCOMPARE(index.data(TaskListModel::ErrorTextRole).toString(),
             m_model->task(0).error.explanation());
    QVERIFY(index.data(TaskListModel::CanCancelRole).toBool()); // still followed
    QCOMPARE(m_model->activeCount(), 1);
}

// A task this run stopped following: "Paused" with the engine's sentence, neither counted as
// running nor offered for cancel or retry (a retry would create and bill a second task).
void tst_TaskListModel::pausedTaskIsNeitherWaitingNorRetried()
{
    m_service->setPollPolicy(
            std::make_unique<ScaledPollPolicy>(std::make_unique<DefaultPollPolicy>(), 0.02));
    m_service->setUnreachableTimeout(300ms);
    m_simulator->setFaultRepeat(100000);
    m_simulator->addFault(SimulatorServer::Fault::ServerErrorOnPoll);
    QSignalSpy paused(m_service.get(), &TaskService::taskPaused);
    QSignalSpy active(m_model.get(), &TaskListModel::activeCountChanged);
    submit(request(QStringLiteral("paused")));
    QVERIFY(paused.wait(15000));
    const QModelIndex index = m_model->index(0);
    QCOMPARE(TaskState(index.data(TaskListModel::StateRole).toInt()), TaskState::Paused);
    QCOMPARE(index.data(TaskListModel::StatusTextRole).toString(), QStringLiteral("Paused"));
    const QString error = index.data(TaskListModel::ErrorTextRole).toString();
    QCOMPARE(error, m_model->task(0).error.message);
    QVERIFY2(error.contains(QStringLiteral("Cannot reach the service at")), qPrintable(error));
    QVERIFY(!index.data(TaskListModel::CanRetryRole).toBool());
    QVERIFY(!index.data(TaskListModel::CanCancelRole).toBool());
    QCOMPARE(index.data(TaskListModel::ProgressRole).toDouble(), 0.0);
    QCOMPARE(m_model->activeCount(), 0);
    QCOMPARE(active.last().first().toInt(), 0);
    QVERIFY(!index.data(Qt::AccessibleTextRole)
                     .toString()
                     .contains(QStringLiteral("Waiting on the service")));
}

// Resumed without a key for its endpoint: the row shows the engine's sentence naming the endpoint,
// not the general "the API key was rejected" of an authentication error.
void tst_TaskListModel::pausedWithoutKeyShowsItsOwnSentence()
{
    TaskRecord task;
    task.request = request(QStringLiteral("made elsewhere"))
                           .resolved(m_catalog.model(QStringLiteral("wan2.2-t2i-flash")));
    task.endpoint = m_service->endpoint();
    task.state = TaskState::Running;
    task.taskId = QStringLiteral("task-without-a-key-here");
    task.createdAt = QDateTime::currentDateTimeUtc().addSecs(-30);
    QVERIFY(m_library->addTask(&task));
    const TaskService::ResumeResult result
            = m_service->resumeUnfinished([](const Endpoint &) { return QString(); });
    QCOMPARE(result.paused.size(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    const QModelIndex index = m_model->index(0);
    QCOMPARE(TaskState(index.data(TaskListModel::StateRole).toInt()), TaskState::Paused);
    const QString error = index.data(TaskListModel::ErrorTextRole).toString();
    QVERIFY2(error.contains(m_service->endpoint().baseUrl.toDisplayString()), qPrintable(error));
    QVERIFY2(!error.contains(QStringLiteral("rejected")), qPrintable(error));
    QCOMPARE(TaskListModel::reason(m_model->task(0)), error);
    QCOMPARE(m_model->activeCount(), 0);
    QCOMPARE(m_simulator->statistics().polls, 0); // nothing was sent
}

void tst_TaskListModel::pastTheEstimateSaysSoAndKeepsMoving()
{
    // Earlier tasks of this model and size took a tenth of a second; this one takes a minute.
    m_model->addDurationSample(QStringLiteral("wan2.2-t2i-flash"), QSize(1024, 1024), 100);
    m_simulator->setLatency(60000ms);
    submit(request(QStringLiteral("slow today")));
    const QModelIndex task = m_model->index(0);
    QTRY_VERIFY_WITH_TIMEOUT(task.data(TaskListModel::StatusTextRole)
                                     .toString()
                                     .contains(QStringLiteral("longer than the usual")),
                             10000);
    QVERIFY(!task.data(TaskListModel::StatusTextRole)
                     .toString()
                     .contains(QStringLiteral("of about")));
    const double progress = task.data(TaskListModel::ProgressRole).toDouble();
    QVERIFY2(progress > 0.95 && progress < 0.99, qPrintable(QString::number(progress)));
    // The bar creeps on rather than stopping at a figure.
    QTRY_VERIFY_WITH_TIMEOUT(task.data(TaskListModel::ProgressRole).toDouble() > progress, 5000);
}

// Elapsed time comes from the library's times: a task resumed by a new process does not start
// again from 0 s.
void tst_TaskListModel::elapsedTimeSurvivesAResume()
{
    m_simulator->setLatency(60000ms);
    submit(request(QStringLiteral("left running")));
    QTRY_VERIFY(!m_model->task(0).taskId.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(
            m_model->index(0).data(TaskListModel::ElapsedRole).toLongLong() >= 1500, 10000);
    m_tester.reset();
    m_model.reset();
    m_service.reset(); // the program stops; the task runs on

    m_service = std::make_unique<TaskService>(m_catalog, m_library.get(), m_network);
    m_service->setEndpoint(m_fixture->endpoint());
    m_service->setApiKey(QStringLiteral("sk-test"));
    m_model = std::make_unique<TaskListModel>(m_service.get(), m_library.get());
    QCOMPARE(m_service->resumeUnfinished([](const Endpoint &) { return QStringLiteral("sk-test"); })
                     .resumed,
             1);
    QCOMPARE(m_model->rowCount(), 1);
    const qint64 elapsed = m_model->index(0).data(TaskListModel::ElapsedRole).toLongLong();
    QVERIFY2(elapsed >= 1500, qPrintable(QString::number(elapsed)));
}

void tst_TaskListModel::queuedAreCountedApart()
{
    // wan2.2-t2i-flash runs two at once: of five, three wait for a slot.
    m_simulator->setLatency(60000ms);
    QSignalSpy queuedChanges(m_model.get(), &TaskListModel::queuedCountChanged);
    for (int i = 0; i < 5; ++i)
        submit(request(QStringLiteral("task %1").arg(i)));
    QCOMPARE(m_model->activeCount(), 5);
    QTRY_COMPARE(m_model->queuedCount(), 3);
    QVERIFY(!queuedChanges.isEmpty());
    QCOMPARE(queuedChanges.last().first().toInt(), 3);
    m_service->cancel(m_model->task(0).id); // a queued one
    QTRY_COMPARE(m_model->queuedCount(), 2);
    QCOMPARE(m_model->activeCount(), 4);
}

QTEST_GUILESS_MAIN(tst_TaskListModel)
#include "tst_tasklistmodel.moc"
