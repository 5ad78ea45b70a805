// DurationHistory against a real Library in a temporary folder: the durations the poll schedule
// is learnt from, per model, size (or a video's resolution and length) and count.
#include "library/durationhistory.h"
#include "library/library.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class tst_DurationHistory final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void keyOfARequest();
    void onlySucceededTasksOfTheKey();
    void newestFirstAndLimited();
    void runTimeOnlyWhereScheduledIsKnown();
    void videosByResolutionAndLength();
    void onlyTheLatestWindowIsRead();
    void readThroughTheCreatedIndex();
    void closedLibraryHasNoHistory();

private:
    // A finished task of `model` 1280*1280, n 1, submitted at `submit` (service clock), that
    // ran `runMs` after a queue of `queueMs`; `status` as the service last said.
    qint64 addTask(const QString &model, qint64 queueMs, qint64 runMs,
                   const QString &status = QStringLiteral("SUCCEEDED"),
                   GenerationRequest request = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    QDateTime m_submit;
    int m_tasks = 0;
};

void tst_DurationHistory::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_DurationHistory::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_library = std::make_unique<Library>();
    const LibraryResult opened
            = m_library->open(m_dir->filePath(QStringLiteral("library.sqlite3")));
    QVERIFY2(opened, qPrintable(opened.message()));
    m_submit = QDateTime(QDate(2026, 11, 20), QTime(10, 0)); // zone-less, as the service's
    m_tasks = 0;
}

void tst_DurationHistory::cleanup()
{
    m_library.reset();
    m_dir.reset();
}

qint64 tst_DurationHistory::addTask(const QString &model, qint64 queueMs, qint64 runMs,
                                    const QString &status, GenerationRequest request)
{
    ++m_tasks;
    TaskRecord task;
    if (request.model.isEmpty()) {
        request.model = model;
        request.prompt = QStringLiteral("a lighthouse at dawn");
        request.size = QSize(1280, 1280);
        request.count = 1;
    }
    task.request = request;
    task.endpoint.region = Region::Singapore;
    task.endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1/api/v1"));
    // One minute apart, in order: the newest task was made last.
    task.createdAt = QDateTime::currentDateTimeUtc().addSecs(-3600 + 60 * m_tasks);
    task.updatedAt = task.createdAt;
    task.state = TaskState::Queued;
    if (!m_library->addTask(&task))
        return 0;
    task.taskId = QStringLiteral("task-%1").arg(m_tasks);
    task.serviceStatus = status;
    task.state = status == QLatin1String("SUCCEEDED") ? TaskState::Done : TaskState::Failed;
    task.submitTime = m_submit.addSecs(60 * m_tasks);
    if (queueMs >= 0)
        task.scheduledTime = task.submitTime.addMSecs(queueMs);
    task.endTime = task.submitTime.addMSecs(std::max<qint64>(0, queueMs) + runMs);
    task.finishedAt = task.createdAt.addMSecs(queueMs + runMs + 300);
    if (!m_library->updateTask(task))
        return 0;
    return task.id;
}

void tst_DurationHistory::keyOfARequest()
{
    GenerationRequest image;
    image.model = QStringLiteral("wan2.5-t2i-preview");
    image.size = QSize(1280, 1280);
    image.count = 2;
    image.video.resolution = QStringLiteral("720P"); // not a video: not part of its key
    const DurationKey imageKey = DurationKey::of(image);
    QCOMPARE(imageKey.id(), QStringLiteral("wan2.5-t2i-preview|1280*1280|2||0"));

    GenerationRequest video;
    video.kind = MediaKind::ImageToVideo;
    video.model = QStringLiteral("wan2.5-i2v-preview");
    video.video.resolution = QStringLiteral("720P");
    video.video.durationSeconds = 10;
    QCOMPARE(DurationKey::of(video).id(), QStringLiteral("wan2.5-i2v-preview||1|720P|10"));
    QVERIFY(!DurationKey::of(GenerationRequest()).isValid()); // followed by id: no key
}

void tst_DurationHistory::onlySucceededTasksOfTheKey()
{
    QVERIFY(addTask(QStringLiteral("wan2.5-t2i-preview"), 1000, 11000));
    QVERIFY(addTask(QStringLiteral("wan2.5-t2i-preview"), 500, 9000, QStringLiteral("FAILED")));
    QVERIFY(addTask(QStringLiteral("wan2.2-t2i-flash"), 200, 4000)); // another model
    GenerationRequest twoImages;
    twoImages.model = QStringLiteral("wan2.5-t2i-preview");
    twoImages.size = QSize(1280, 1280);
    twoImages.count = 2; // another count
    QVERIFY(addTask(QString(), 800, 15000, QStringLiteral("SUCCEEDED"), twoImages));
    GenerationRequest otherSize = twoImages;
    otherSize.count = 1;
    otherSize.size = QSize(1440, 1440); // another size
    QVERIFY(addTask(QString(), 800, 16000, QStringLiteral("SUCCEEDED"), otherSize));
    QVERIFY(addTask(QStringLiteral("wan2.5-t2i-preview"), 2000, 12000));

    GenerationRequest asked;
    asked.model = QStringLiteral("wan2.5-t2i-preview");
    asked.size = QSize(1280, 1280);
    const DurationSamples samples = m_library->recentDurations(DurationKey::of(asked));
    QCOMPARE(samples.totals, (QList<qint64> { 14000, 12000 }));
    QCOMPARE(samples.runs, (QList<qint64> { 12000, 11000 }));
}

void tst_DurationHistory::newestFirstAndLimited()
{
    for (int i = 0; i < 8; ++i)
        QVERIFY(addTask(QStringLiteral("wan2.5-t2i-preview"), 100, 10000 + i));
    GenerationRequest asked;
    asked.model = QStringLiteral("wan2.5-t2i-preview");
    asked.size = QSize(1280, 1280);
    const DurationSamples three = m_library->recentDurations(DurationKey::of(asked), 3);
    QCOMPARE(three.totals, (QList<qint64> { 10107, 10106, 10105 }));
    QCOMPARE(m_library->recentDurations(DurationKey::of(asked)).totals.size(), 8);
}

void tst_DurationHistory::runTimeOnlyWhereScheduledIsKnown()
{
    QVERIFY(addTask(QStringLiteral("wan2.5-t2i-preview"), -1, 13000)); // no scheduled_time
    QVERIFY(addTask(QStringLiteral("wan2.5-t2i-preview"), 1000, 11000));
    GenerationRequest asked;
    asked.model = QStringLiteral("wan2.5-t2i-preview");
    asked.size = QSize(1280, 1280);
    const DurationSamples samples = m_library->recentDurations(DurationKey::of(asked));
    QCOMPARE(samples.totals, (QList<qint64> { 12000, 13000 }));
    QCOMPARE(samples.runs, (QList<qint64> { 11000 }));

    TaskRecord times;
    times.submitTime = m_submit;
    times.endTime = m_submit.addSecs(-5); // a clock that went back: not a duration
    QVERIFY(!DurationHistory::totalOf(times));
    times.endTime = m_submit.addMSecs(9000);
    QCOMPARE(DurationHistory::totalOf(times).value_or(0), 9000);
    QVERIFY(!DurationHistory::runOf(times));
}

void tst_DurationHistory::videosByResolutionAndLength()
{
    GenerationRequest video;
    video.kind = MediaKind::ImageToVideo;
    video.model = QStringLiteral("wan2.5-i2v-preview");
    video.prompt = QStringLiteral("the boat drifts away");
    video.video.resolution = QStringLiteral("720P");
    video.video.durationSeconds = 5;
    GenerationRequest longer = video;
    longer.video.durationSeconds = 10;
    GenerationRequest sharper = video;
    sharper.video.resolution = QStringLiteral("1080P");
    QVERIFY(addTask(QString(), 10000, 120000, QStringLiteral("SUCCEEDED"), video));
    QVERIFY(addTask(QString(), 10000, 240000, QStringLiteral("SUCCEEDED"), longer));
    QVERIFY(addTask(QString(), 10000, 300000, QStringLiteral("SUCCEEDED"), sharper));
    QCOMPARE(m_library->recentDurations(DurationKey::of(video)).totals, (QList<qint64> { 130000 }));
    QCOMPARE(m_library->recentDurations(DurationKey::of(longer)).totals,
             (QList<qint64> { 250000 }));
    QCOMPARE(m_library->recentDurations(DurationKey::of(sharper)).totals,
             (QList<qint64> { 310000 }));
}

void tst_DurationHistory::onlyTheLatestWindowIsRead()
{
    // One old task of a rare model, then more than a window of others: it is not read.
    QVERIFY(addTask(QStringLiteral("wan2.2-t2i-flash"), 100, 3000));
    const LibraryResult filled = m_library->runInTransaction([&] {
        for (int i = 0; i < DurationHistory::Window; ++i) {
            if (!addTask(QStringLiteral("wan2.5-t2i-preview"), 100, 10000))
                return false;
        }
        return true;
    });
    QVERIFY2(filled, qPrintable(filled.message()));
    GenerationRequest rare;
    rare.model = QStringLiteral("wan2.2-t2i-flash");
    rare.size = QSize(1280, 1280);
    QVERIFY(m_library->recentDurations(DurationKey::of(rare)).totals.isEmpty());
    QVERIFY(addTask(QStringLiteral("wan2.2-t2i-flash"), 100, 3500));
    QCOMPARE(m_library->recentDurations(DurationKey::of(rare)).totals, (QList<qint64> { 3600 }));
}

void tst_DurationHistory::readThroughTheCreatedIndex()
{
    QVERIFY(addTask(QStringLiteral("wan2.5-t2i-preview"), 1000, 11000));
    const QString name = QStringLiteral("plan");
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        raw.setDatabaseName(m_dir->filePath(QStringLiteral("library.sqlite3")));
        QVERIFY(raw.open());
        QSqlQuery q(raw);
        // The inner read of DurationHistory::recent, as SQLite plans it.
        QVERIFY(q.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM tasks"
                                      " ORDER BY created_at DESC, id DESC LIMIT 2000")));
        QString plan;
        while (q.next())
            plan += q.value(3).toString() + QLatin1Char('\n');
        QVERIFY2(plan.contains(QLatin1String("tasks_created")), qPrintable(plan));
        QVERIFY2(!plan.contains(QLatin1String("TEMP B-TREE")), qPrintable(plan));
    }
    QSqlDatabase::removeDatabase(name);
}

void tst_DurationHistory::closedLibraryHasNoHistory()
{
    QVERIFY(addTask(QStringLiteral("wan2.5-t2i-preview"), 1000, 11000));
    m_library->close();
    GenerationRequest asked;
    asked.model = QStringLiteral("wan2.5-t2i-preview");
    asked.size = QSize(1280, 1280);
    QVERIFY(m_library->recentDurations(DurationKey::of(asked)).totals.isEmpty());
}

QTEST_GUILESS_MAIN(tst_DurationHistory)
#include "tst_durationhistory.moc"
