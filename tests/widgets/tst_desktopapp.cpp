#include "desktop/desktopapp.h"
#include "domain/modelcatalog.h"
#include "engine/pollpolicy.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "platform/secretstore.h"
#include "platform/settings.h"
#include "simulator/simulatorserver.h"
#include "support/desktoptest.h"
#include "support/simulatorfixture.h"
#include "widgets/imageviewer.h"
#include "widgets/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace std::chrono_literals;

namespace {

// The regions the secret store is asked for keys, in order: each read is a job parented to the
// store. Its region is looked at once its constructor is done (the job finishes later still).
class KeyReads final : public QObject
{
public:
    explicit KeyReads(SecretStore *store) { store->installEventFilter(this); }

    QList<Region> regions;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::ChildAdded) {
            QPointer<QObject> child = static_cast<QChildEvent *>(event)->child();
            QTimer::singleShot(0, this, [this, child] {
                if (auto *job = qobject_cast<SecretJob *>(child.data());
                    job && job->operation() == SecretJob::Operation::Read)
                    regions.append(job->region());
            });
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

// DesktopApp's start-up resume: each task of an earlier run is followed where it was created and
// saves where it was submitted to save, whatever mode the window is in by the time the keychain
// answered; and the keychain is asked only for the keys the unfinished tasks need.
class tst_DesktopApp : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void nothingUnfinishedReadsNoKeyForIt();
    void onlyTheRegionsOfUnfinishedTasksAreRead();
    void resumedInDemoModeSavesIntoTheTasksFolder();
    void windowShowsBeforeTheKeyIsRead();
    void damagedLibraryIsToldOnceTheWindowShows();
    void colourSchemeAppliesAtOnceAndRestartSavesFirst();
    void windowShowsWithoutStartingMultimedia();

private:
    DesktopOptions options() const;
    // Adds an unfinished task of `region` (at the region's real endpoint, never contacted: there is
    // no key for it) to the library the window will open.
    void addUnfinishedTask(Region region);
    QList<Region> startAndListKeyReads();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DesktopApp> m_app;
};

void tst_DesktopApp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_DesktopApp::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_DesktopApp::cleanup()
{
    m_app.reset();
    m_dir.reset();
}

DesktopOptions tst_DesktopApp::options() const
{
    DesktopOptions options = desktopTestOptions(*m_dir);
    options.resumeUnfinished = true;
    return options;
}

void tst_DesktopApp::addUnfinishedTask(Region region)
{
    Library library;
    const LibraryResult opened = library.open(
            QDir(options().dataDirectory).filePath(QStringLiteral("library.sqlite3")));
    QVERIFY2(opened, qPrintable(opened.message()));
    TaskRecord task;
    task.request.model = QStringLiteral("wan2.5-t2i-preview");
    task.request.prompt = QStringLiteral("left running");
    task.endpoint.region = region;
    task.endpoint.baseUrl = regionBaseUrl(region);
    static int count = 0;
    task.taskId = QStringLiteral("task-%1-of-%2").arg(++count).arg(regionId(region));
    task.state = TaskState::Running;
    task.createdAt = QDateTime::currentDateTimeUtc().addSecs(-60);
    QVERIFY(library.addTask(&task));
}

QList<Region> tst_DesktopApp::startAndListKeyReads()
{
    m_app = std::make_unique<DesktopApp>(options());
    if (const ApiError error = m_app->initialize(); error.isError()) {
        qWarning() << error.message;
        return { Region::Beijing, Region::Beijing, Region::Beijing }; // fails every comparison
    }
    KeyReads reads(m_app->secrets());
    QSignalSpy started(m_app.get(), &DesktopApp::started);
    m_app->start();
    if (!started.wait(5000))
        return { Region::Beijing, Region::Beijing, Region::Beijing };
    // The resume's reads finish after the window's own; then the paused tasks are told.
    QTest::qWait(0);
    QCoreApplication::processEvents();
    return reads.regions;
}

// Before, the window read the keys of all three regions at every start.
void tst_DesktopApp::nothingUnfinishedReadsNoKeyForIt()
{
    const QList<Region> reads = startAndListKeyReads();
    QCOMPARE(reads, QList<Region> { Settings(options().settingsFile).endpoint().region });
}

void tst_DesktopApp::onlyTheRegionsOfUnfinishedTasksAreRead()
{
    addUnfinishedTask(Region::Virginia);
    addUnfinishedTask(Region::Virginia);
    QList<Region> reads = startAndListKeyReads();
    QTRY_COMPARE(m_app->tasks()->tasks().size(), 2);
    for (const TaskRecord &task : m_app->tasks()->tasks())
        QCOMPARE(task.state, TaskState::Paused); // no Virginia key here: kept, nothing sent
    std::sort(reads.begin(), reads.end());
    QList<Region> expected { Settings(options().settingsFile).endpoint().region, Region::Virginia };
    std::sort(expected.begin(), expected.end());
    QCOMPARE(reads, expected);
}

// The regression: with no key the window is in demo mode by the time the keychain answers, and
// the demo folder is the service's folder then. A task of the earlier run saves where it was
// submitted to, not among the demo images.
void tst_DesktopApp::resumedInDemoModeSavesIntoTheTasksFolder()
{
    const ModelCatalog catalog = ModelCatalog::builtIn();
    SimulatorFixture fixture(catalog);
    QVERIFY2(fixture.isReady(), qPrintable(fixture.problem()));
    SimulatorServer &simulator = *fixture.simulator();
    simulator.setLatency(1500ms);
    const QString folder = m_dir->filePath(QStringLiteral("chosen then"));
    qint64 id = 0;
    {
        Library library;
        QVERIFY(library.open(
                QDir(options().dataDirectory).filePath(QStringLiteral("library.sqlite3"))));
        QNetworkAccessManager network;
        TaskService service(catalog, &library, &network);
        service.setEndpoint(fixture.endpoint());
        service.setApiKey(QStringLiteral("sk-earlier-run"));
        service.setOutputDirectory(folder);
        GenerationRequest request;
        request.model = QStringLiteral("wan2.2-t2i-flash");
        request.prompt = QStringLiteral("a kite over the dunes");
        request.size = QSize(512, 512);
        request.seed = 3;
        const TaskStart start = service.submit(request);
        QVERIFY(start.issues.isEmpty());
        id = start.id;
        QTRY_VERIFY_WITH_TIMEOUT(!service.task(id).taskId.isEmpty(), 30000);
    } // the earlier run ends while the task runs on the service

    startDesktopForTest(options(), &m_app);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(m_app->isDemo());
    const QString demoFolder = m_app->tasks()->outputDirectory();
    QVERIFY2(demoFolder.endsWith(QStringLiteral("Demo")), qPrintable(demoFolder));
    QTRY_COMPARE_WITH_TIMEOUT(m_app->library()->task(id).state, TaskState::Done, 30000);
    const TaskRecord task = m_app->library()->task(id);
    QCOMPARE(task.outputs.size(), 1);
    QCOMPARE(QFileInfo(task.outputs.first().filePath).absolutePath(), QDir(folder).absolutePath());
    QCOMPARE(QDir(demoFolder).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

// The window used to wait for the keychain (1.6 s when D-Bus must start the Secret Service).
void tst_DesktopApp::windowShowsBeforeTheKeyIsRead()
{
    m_app = std::make_unique<DesktopApp>(options());
    const ApiError error = m_app->initialize();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    const Region region = Settings(options().settingsFile).endpoint().region;
    m_app->secrets()->write(region, QStringLiteral("sk-stored"));
    QSignalSpy started(m_app.get(), &DesktopApp::started);
    QSignalSpy modes(m_app.get(), &DesktopApp::modeChanged);
    m_app->start();
    // Shown before the key store answered (it answers on a later turn of the event loop).
    QVERIFY(m_app->window()->isVisible());
    QVERIFY(!m_app->isStarted());
    QVERIFY(started.wait(5000));
    // With a stored key it never showed demo mode meanwhile.
    QVERIFY(!m_app->isDemo());
    for (const QList<QVariant> &mode : std::as_const(modes))
        QCOMPARE(mode.first().toBool(), false);
    QCOMPARE(m_app->tasks()->endpoint().baseUrl, regionBaseUrl(region)); // not the simulator
}

// The check of the library's file (a read of all of it) used to hold up the window's opening.
void tst_DesktopApp::damagedLibraryIsToldOnceTheWindowShows()
{
    const QString path = QDir(options().dataDirectory).filePath(QStringLiteral("library.sqlite3"));
    {
        Library library;
        QVERIFY(library.open(path));
        QVERIFY(library.runInTransaction([&] {
            for (int t = 0; t < 400; ++t) {
                TaskRecord task;
                task.request.model = QStringLiteral("wan2.2-t2i-flash");
                task.request.prompt = QStringLiteral("task %1 ").arg(t).repeated(30);
                task.state = TaskState::Done;
                if (!library.addTask(&task))
                    return false;
            }
            return true;
        }));
    }
    {
        // Three pages in the middle overwritten, as a failing disk or a bad copy would.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 pages = file.size() / 4096;
        QVERIFY2(pages > 20, qPrintable(QString::number(pages)));
        QVERIFY(file.seek(pages / 2 * 4096));
        QCOMPARE(file.write(QByteArray(3 * 4096, char(0xa5))), 3 * 4096);
    }
    DesktopOptions opts = options();
    opts.resumeUnfinished = false;
    m_app = std::make_unique<DesktopApp>(opts);
    // Opened without the check; the window shows, then the check tells the person.
    const ApiError error = m_app->initialize();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(m_app->library()->isIntegrityCheckPending());
    m_app->start();
    QVERIFY(m_app->window()->isVisible());
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_app->window()->findChild<QMessageBox *>(
                         QStringLiteral("libraryDamagedMessage")))
                != nullptr);
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->text().contains(QStringLiteral("damaged")), qPrintable(box->text()));
    QVERIFY2(box->text().contains(QDir::toNativeSeparators(path)), qPrintable(box->text()));
    QVERIFY(m_app->library()->isDamaged());
    // Nothing more is written to it.
    TaskRecord task;
    task.request.model = QStringLiteral("wan2.2-t2i-flash");
    QVERIFY(!m_app->library()->addTask(&task));
    box->close();
}

// Settings' colour scheme takes effect at once, for the whole program; "Restart Now" leaves by
// the normal way (the window closed, its layout saved) before runDesktop() starts it again.
void tst_DesktopApp::colourSchemeAppliesAtOnceAndRestartSavesFirst()
{
    m_app = std::make_unique<DesktopApp>(options());
    const ApiError error = m_app->initialize();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    m_app->start();
    QVERIFY(m_app->window()->isVisible());
    const auto isDark
            = [] { return QApplication::palette().color(QPalette::Window).lightness() < 128; };
    QVERIFY(!isDark());
    m_app->settings()->setColorScheme(QStringLiteral("dark"));
    QVERIFY(isDark());
    QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));
    QTRY_VERIFY(m_app->window()->palette().color(QPalette::Window).lightness() < 128);
    m_app->settings()->setColorScheme(QString()); // the system's again
    QVERIFY(!isDark());

    QVERIFY(!m_app->restartRequested());
    emit m_app->window()->restartRequested();
    QVERIFY(m_app->restartRequested());
    QVERIFY(!m_app->window()->isVisible());
    QVERIFY(!Settings(options().settingsFile).windowGeometry().isEmpty());
}

QTEST_MAIN(tst_DesktopApp)
// The video player was made with the window: Qt Multimedia started its backend before the first
// paint (GStreamer builds its plugin registry on a first run: 0.45 s of a 1.1 s first paint).
void tst_DesktopApp::windowShowsWithoutStartingMultimedia()
{
    m_app = std::make_unique<DesktopApp>(options());
    const ApiError error = m_app->initialize();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    m_app->start();
    QVERIFY(m_app->window()->isVisible());
    QVERIFY(!m_app->window()->imageViewer()->videoPlayer());
}

#include "tst_desktopapp.moc"
