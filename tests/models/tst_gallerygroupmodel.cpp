// The gallery grouped by day and by task: one header row before each group, rows mapped from the
// group sizes alone, headers neither selectable nor enabled, and the groups following inserts and
// deletions without a reset.
#include "library/library.h"
#include "models/gallerygroupmodel.h"
#include "models/gallerymodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

class tst_GalleryGroupModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void withoutGroupingRowsPassThrough();
    void headersBeforeEachDay();
    void headersBeforeEachTask();
    void followsAnInsertAndADeletion();
    void switchingOffRemovesTheHeaders();

private:
    // A done task made at `local` (local time) with `images` outputs.
    TaskRecord addTask(const QDateTime &local, int images, const QString &prompt);
    // Three days: today two tasks (2 and 1 images), yesterday one (3), four days ago one (2).
    void fillThreeDays();
    void checkMapping(const GalleryGroupModel &model);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    QDateTime m_noon;
    QList<TaskRecord> m_tasks; // newest first
};

void tst_GalleryGroupModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_GalleryGroupModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_library = std::make_unique<Library>();
    QVERIFY(m_library->open(m_dir->filePath(QStringLiteral("library.sqlite3"))));
    // Times of today before now, so that "Today" holds whatever the hour of the run.
    const QDateTime now = QDateTime::currentDateTime();
    m_noon = QDateTime(now.date(), QTime(0, 0)).addSecs(now.time().msecsSinceStartOfDay() / 2000);
    m_tasks.clear();
}

void tst_GalleryGroupModel::cleanup()
{
    m_library.reset();
    m_dir.reset();
}

TaskRecord tst_GalleryGroupModel::addTask(const QDateTime &local, int images, const QString &prompt)
{
    TaskRecord task;
    task.request.model = QStringLiteral("wan2.2-t2i-flash");
    task.request.prompt = prompt;
    task.state = TaskState::Done;
    task.taskId = QStringLiteral("task-") + prompt;
    task.createdAt = local.toUTC();
    if (!m_library->addTask(&task))
        qWarning() << "addTask:" << m_library->lastError();
    for (int i = 0; i < images; ++i) {
        OutputRecord image;
        image.taskRowId = task.id;
        image.index = i;
        image.filePath = m_dir->filePath(QStringLiteral("%1-%2.png").arg(task.id).arg(i));
        image.pixelSize = QSize(64, 64);
        image.createdAt = task.createdAt.addSecs(1);
        if (!m_library->addOutput(&image))
            qWarning() << "addOutput:" << m_library->lastError();
    }
    return task;
}

void tst_GalleryGroupModel::fillThreeDays()
{
    const QDate today = m_noon.date();
    m_tasks.prepend(addTask(QDateTime(today.addDays(-4), QTime(9, 0)), 2, QStringLiteral("old")));
    m_tasks.prepend(
            addTask(QDateTime(today.addDays(-1), QTime(23, 0)), 3, QStringLiteral("yesterday")));
    m_tasks.prepend(addTask(m_noon.addSecs(-2), 2, QStringLiteral("a lighthouse\nat night")));
    m_tasks.prepend(addTask(m_noon.addSecs(-1), 1, QStringLiteral("a cat")));
}

void tst_GalleryGroupModel::checkMapping(const GalleryGroupModel &model)
{
    const GalleryModel *gallery = model.galleryModel();
    QCOMPARE(model.rowCount(), gallery->rowCount() + model.groups().size());
    int sourceRow = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        if (model.isHeader(row)) {
            QVERIFY(!model.mapToSource(index).isValid());
            QCOMPARE(model.flags(index) & (Qt::ItemIsSelectable | Qt::ItemIsEnabled),
                     Qt::ItemFlags());
            QVERIFY(index.data(GalleryGroupModel::HeaderRole).toBool());
            continue;
        }
        QCOMPARE(model.mapToSource(index).row(), sourceRow);
        QCOMPARE(model.mapFromSource(gallery->index(sourceRow, 0)), index);
        QVERIFY(model.flags(index) & Qt::ItemIsSelectable);
        QVERIFY(!index.data(GalleryGroupModel::HeaderRole).toBool());
        ++sourceRow;
    }
    QCOMPARE(sourceRow, gallery->rowCount());
}

void tst_GalleryGroupModel::withoutGroupingRowsPassThrough()
{
    fillThreeDays();
    GalleryModel gallery(m_library.get());
    GalleryGroupModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSourceModel(&gallery);
    QCOMPARE(model.rowCount(), 8);
    QVERIFY(!model.isHeader(0));
    QCOMPARE(model.index(3, 0).data(GalleryModel::TaskRowIdRole),
             gallery.index(3).data(GalleryModel::TaskRowIdRole));
    checkMapping(model);
}

void tst_GalleryGroupModel::headersBeforeEachDay()
{
    fillThreeDays();
    GalleryModel gallery(m_library.get());
    GalleryGroupModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSourceModel(&gallery);
    QSignalSpy regrouped(&model, &GalleryGroupModel::regrouped);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setGrouping(GalleryGrouping::Day);
    QVERIFY(regrouped.wait());
    QCOMPARE(reset.count(), 0); // the headers came by a layout change
    // [Today] 1+2 [Yesterday] 3 [four days ago] 2
    QCOMPARE(model.rowCount(), 11);
    const QList<int> headers { 0, 4, 8 };
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.isHeader(row), headers.contains(row));
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Today"));
    QCOMPARE(model.index(4, 0).data().toString(), QStringLiteral("Yesterday"));
    QCOMPARE(model.index(8, 0).data().toString(),
             QLocale().toString(m_noon.date().addDays(-4), QLocale::LongFormat));
    QCOMPARE(model.index(0, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 3);
    QCOMPARE(model.index(4, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 3);
    QCOMPARE(model.index(8, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 2);
    QCOMPARE(GalleryGroupModel::countText(3), QStringLiteral("3 images"));
    QCOMPARE(GalleryGroupModel::countText(1), QStringLiteral("1 image"));
    QCOMPARE(model.index(5, 0).data(GalleryModel::TaskRowIdRole).toLongLong(), m_tasks.at(2).id);
    QCOMPARE(model.index(10, 0).data(GalleryModel::TaskRowIdRole).toLongLong(), m_tasks.at(3).id);
    checkMapping(model);
}

void tst_GalleryGroupModel::headersBeforeEachTask()
{
    fillThreeDays();
    GalleryModel gallery(m_library.get());
    GalleryGroupModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSourceModel(&gallery);
    QSignalSpy regrouped(&model, &GalleryGroupModel::regrouped);
    model.setGrouping(GalleryGrouping::Task);
    QVERIFY(regrouped.wait());
    // [cat] 1 [lighthouse] 2 [yesterday] 3 [old] 2
    QCOMPARE(model.rowCount(), 12);
    const QList<int> headers { 0, 2, 5, 9 };
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.isHeader(row), headers.contains(row));
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("a cat"));
    // One line in the header, the prompt as written in the tooltip.
    QCOMPARE(model.index(2, 0).data().toString(), QStringLiteral("a lighthouse at night"));
    QCOMPARE(model.index(2, 0).data(Qt::ToolTipRole).toString(),
             QStringLiteral("a lighthouse\nat night"));
    QCOMPARE(model.index(2, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 2);
    QVERIFY(!model.index(2, 0).data(GalleryGroupModel::GroupModelRole).toString().isEmpty());
    QCOMPARE(model.index(3, 0).data(GalleryModel::TaskRowIdRole).toLongLong(), m_tasks.at(1).id);
    checkMapping(model);
}

void tst_GalleryGroupModel::followsAnInsertAndADeletion()
{
    fillThreeDays();
    GalleryModel gallery(m_library.get());
    GalleryGroupModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSourceModel(&gallery);
    QSignalSpy regrouped(&model, &GalleryGroupModel::regrouped);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setGrouping(GalleryGrouping::Day);
    QVERIFY(regrouped.wait());
    // A row of yesterday and the header of four days ago, held as the view holds its current.
    const QPersistentModelIndex yesterday = model.index(6, 0);
    const qint64 yesterdayImage = yesterday.data(GalleryModel::ImageIdRole).toLongLong();
    const QPersistentModelIndex oldHeader = model.index(8, 0);

    // New work today joins Today.
    m_tasks.prepend(addTask(m_noon, 2, QStringLiteral("new")));
    QCOMPARE(model.rowCount(), 13);
    QVERIFY(model.isHeader(0));
    QCOMPARE(model.index(1, 0).data(GalleryModel::TaskRowIdRole).toLongLong(), m_tasks.at(0).id);
    QTRY_COMPARE(model.index(0, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 5);
    QTRY_VERIFY(!model.isRegrouping());
    QCOMPARE(yesterday.row(), 8);
    QCOMPARE(yesterday.data(GalleryModel::ImageIdRole).toLongLong(), yesterdayImage);
    QCOMPARE(oldHeader.row(), 10);
    checkMapping(model);

    // Today's tasks deleted: its header goes, the rest move up.
    QVERIFY(m_library->deleteTasks({ m_tasks.at(0).id, m_tasks.at(1).id, m_tasks.at(2).id },
                                   false));
    QTRY_COMPARE(model.rowCount(), 7);
    QTRY_VERIFY(!model.isRegrouping());
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Yesterday"));
    QCOMPARE(model.index(4, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 2);
    QCOMPARE(yesterday.row(), 2);
    QCOMPARE(yesterday.data(GalleryModel::ImageIdRole).toLongLong(), yesterdayImage);
    QCOMPARE(oldHeader.row(), 4);
    checkMapping(model);

    // A deletion across two groups (the last of yesterday, the first of four days ago).
    const QList<qint64> across { model.index(3, 0).data(GalleryModel::ImageIdRole).toLongLong(),
                                 model.index(5, 0).data(GalleryModel::ImageIdRole).toLongLong() };
    QVERIFY(m_library->deleteOutputs(across, false));
    QTRY_COMPARE(model.rowCount(), 5);
    QTRY_VERIFY(!model.isRegrouping());
    QCOMPARE(model.index(0, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 2);
    QVERIFY(model.isHeader(3));
    QCOMPARE(model.index(3, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 1);
    checkMapping(model);
    QCOMPARE(reset.count(), 0);
}

void tst_GalleryGroupModel::switchingOffRemovesTheHeaders()
{
    fillThreeDays();
    GalleryModel gallery(m_library.get());
    GalleryGroupModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSourceModel(&gallery);
    QSignalSpy regrouped(&model, &GalleryGroupModel::regrouped);
    model.setGrouping(GalleryGrouping::Day);
    QVERIFY(regrouped.wait());
    const QPersistentModelIndex row = model.index(5, 0);
    const qint64 image = row.data(GalleryModel::ImageIdRole).toLongLong();
    model.setGrouping(GalleryGrouping::Task);
    QVERIFY(regrouped.wait());
    QCOMPARE(model.rowCount(), 12);
    QCOMPARE(row.data(GalleryModel::ImageIdRole).toLongLong(), image);
    model.setGrouping(GalleryGrouping::None);
    QCOMPARE(model.rowCount(), 8);
    QVERIFY(model.groups().isEmpty());
    QCOMPARE(row.row(), 3);
    QCOMPARE(row.data(GalleryModel::ImageIdRole).toLongLong(), image);
    checkMapping(model);
}

QTEST_GUILESS_MAIN(tst_GalleryGroupModel)
#include "tst_gallerygroupmodel.moc"
