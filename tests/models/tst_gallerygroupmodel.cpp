// The gallery grouped by day and by task: one header row before each group, rows mapped from the
// group sizes alone, headers neither selectable nor enabled, and the groups following inserts and
// deletions without a reset.
#include "library/library.h"
#include "models/gallerygroupmodel.h"
#include "models/gallerymodel.h"
#include "support/librarybuilder.h"

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
    void checkMapping(const GalleryGroupModel &model);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    std::unique_ptr<LibraryBuilder> m_builder;
    QDateTime m_noon;
    QList<TaskRecord> m_tasks; // newest first
    // Every test's models, over the three days, ungrouped; the tester checks every change.
    std::unique_ptr<GalleryModel> m_gallery;
    std::unique_ptr<GalleryGroupModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<QSignalSpy> m_regrouped;
    std::unique_ptr<QSignalSpy> m_reset;
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
    m_builder = std::make_unique<LibraryBuilder>(m_library.get(), m_dir->path());
    // Three days: today two tasks (2 and 1 images), yesterday one (3), four days ago one (2).
    m_tasks = m_builder->fillThreeDays(m_noon);

    m_gallery = std::make_unique<GalleryModel>(m_library.get());
    m_model = std::make_unique<GalleryGroupModel>(m_library.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setSourceModel(m_gallery.get());
    m_regrouped = std::make_unique<QSignalSpy>(m_model.get(), &GalleryGroupModel::regrouped);
    m_reset = std::make_unique<QSignalSpy>(m_model.get(), &QAbstractItemModel::modelReset);
}

void tst_GalleryGroupModel::cleanup()
{
    m_reset.reset();
    m_regrouped.reset();
    m_tester.reset();
    m_model.reset();
    m_gallery.reset();
    m_builder.reset();
    m_library.reset();
    m_dir.reset();
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
    QCOMPARE(m_model->rowCount(), 8);
    QVERIFY(!m_model->isHeader(0));
    QCOMPARE(m_model->index(3, 0).data(GalleryModel::TaskRowIdRole),
             m_gallery->index(3).data(GalleryModel::TaskRowIdRole));
    checkMapping(*m_model);
}

void tst_GalleryGroupModel::headersBeforeEachDay()
{
    m_model->setGrouping(GalleryGrouping::Day);
    QVERIFY(m_regrouped->wait());
    QCOMPARE(m_reset->count(), 0); // the headers came by a layout change
    // [Today] 1+2 [Yesterday] 3 [four days ago] 2
    QCOMPARE(m_model->rowCount(), 11);
    const QList<int> headers { 0, 4, 8 };
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->isHeader(row), headers.contains(row));
    QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("Today"));
    QCOMPARE(m_model->index(4, 0).data().toString(), QStringLiteral("Yesterday"));
    QCOMPARE(m_model->index(8, 0).data().toString(),
             QLocale().toString(m_noon.date().addDays(-4), QLocale::LongFormat));
    QCOMPARE(m_model->index(0, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 3);
    QCOMPARE(m_model->index(4, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 3);
    QCOMPARE(m_model->index(8, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 2);
    QCOMPARE(GalleryGroupModel::countText(3), QStringLiteral("3 images"));
    QCOMPARE(GalleryGroupModel::countText(1), QStringLiteral("1 image"));
    QCOMPARE(m_model->index(5, 0).data(GalleryModel::TaskRowIdRole).toLongLong(), m_tasks.at(2).id);
    QCOMPARE(m_model->index(10, 0).data(GalleryModel::TaskRowIdRole).toLongLong(),
             m_tasks.at(3).id);
    checkMapping(*m_model);
}

void tst_GalleryGroupModel::headersBeforeEachTask()
{
    m_model->setGrouping(GalleryGrouping::Task);
    QVERIFY(m_regrouped->wait());
    // [cat] 1 [lighthouse] 2 [yesterday] 3 [old] 2
    QCOMPARE(m_model->rowCount(), 12);
    const QList<int> headers { 0, 2, 5, 9 };
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->isHeader(row), headers.contains(row));
    QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("a cat"));
    // One line in the header, the prompt as written in the tooltip.
    QCOMPARE(m_model->index(2, 0).data().toString(), QStringLiteral("a lighthouse at night"));
    QCOMPARE(m_model->index(2, 0).data(Qt::ToolTipRole).toString(),
             QStringLiteral("a lighthouse\nat night"));
    QCOMPARE(m_model->index(2, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 2);
    QVERIFY(!m_model->index(2, 0).data(GalleryGroupModel::GroupModelRole).toString().isEmpty());
    QCOMPARE(m_model->index(3, 0).data(GalleryModel::TaskRowIdRole).toLongLong(), m_tasks.at(1).id);
    checkMapping(*m_model);
}

void tst_GalleryGroupModel::followsAnInsertAndADeletion()
{
    m_model->setGrouping(GalleryGrouping::Day);
    QVERIFY(m_regrouped->wait());
    // A row of yesterday and the header of four days ago, held as the view holds its current.
    const QPersistentModelIndex yesterday = m_model->index(6, 0);
    const qint64 yesterdayImage = yesterday.data(GalleryModel::ImageIdRole).toLongLong();
    const QPersistentModelIndex oldHeader = m_model->index(8, 0);

    // New work today joins Today.
    m_tasks.prepend(m_builder->addTask(m_noon, 2, QStringLiteral("new")));
    QCOMPARE(m_model->rowCount(), 13);
    QVERIFY(m_model->isHeader(0));
    QCOMPARE(m_model->index(1, 0).data(GalleryModel::TaskRowIdRole).toLongLong(), m_tasks.at(0).id);
    QTRY_COMPARE(m_model->index(0, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 5);
    QTRY_VERIFY(!m_model->isRegrouping());
    QCOMPARE(yesterday.row(), 8);
    QCOMPARE(yesterday.data(GalleryModel::ImageIdRole).toLongLong(), yesterdayImage);
    QCOMPARE(oldHeader.row(), 10);
    checkMapping(*m_model);

    // Today's tasks deleted: its header goes, the rest move up.
    QVERIFY(m_library->deleteTasks({ m_tasks.at(0).id, m_tasks.at(1).id, m_tasks.at(2).id },
                                   false));
    QTRY_COMPARE(m_model->rowCount(), 7);
    QTRY_VERIFY(!m_model->isRegrouping());
    QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("Yesterday"));
    QCOMPARE(m_model->index(4, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 2);
    QCOMPARE(yesterday.row(), 2);
    QCOMPARE(yesterday.data(GalleryModel::ImageIdRole).toLongLong(), yesterdayImage);
    QCOMPARE(oldHeader.row(), 4);
    checkMapping(*m_model);

    // A deletion across two groups (the last of yesterday, the first of four days ago).
    const QList<qint64> across {
        m_model->index(3, 0).data(GalleryModel::ImageIdRole).toLongLong(),
        m_model->index(5, 0).data(GalleryModel::ImageIdRole).toLongLong()
    };
    QVERIFY(m_library->deleteOutputs(across, false));
    QTRY_COMPARE(m_model->rowCount(), 5);
    QTRY_VERIFY(!m_model->isRegrouping());
    QCOMPARE(m_model->index(0, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 2);
    QVERIFY(m_model->isHeader(3));
    QCOMPARE(m_model->index(3, 0).data(GalleryGroupModel::GroupCountRole).toInt(), 1);
    checkMapping(*m_model);
    QCOMPARE(m_reset->count(), 0);
}

void tst_GalleryGroupModel::switchingOffRemovesTheHeaders()
{
    m_model->setGrouping(GalleryGrouping::Day);
    QVERIFY(m_regrouped->wait());
    const QPersistentModelIndex row = m_model->index(5, 0);
    const qint64 image = row.data(GalleryModel::ImageIdRole).toLongLong();
    m_model->setGrouping(GalleryGrouping::Task);
    QVERIFY(m_regrouped->wait());
    QCOMPARE(m_model->rowCount(), 12);
    QCOMPARE(row.data(GalleryModel::ImageIdRole).toLongLong(), image);
    m_model->setGrouping(GalleryGrouping::None);
    QCOMPARE(m_model->rowCount(), 8);
    QVERIFY(m_model->groups().isEmpty());
    QCOMPARE(row.row(), 3);
    QCOMPARE(row.data(GalleryModel::ImageIdRole).toLongLong(), image);
    checkMapping(*m_model);
}

QTEST_GUILESS_MAIN(tst_GalleryGroupModel)
#include "tst_gallerygroupmodel.moc"
