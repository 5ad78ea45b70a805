#include "library/thumbnailcache.h"
#include "models/gallerymodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

class tst_GalleryModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void emptyLibrary();
    void loadsInPages();
    void roles();
    void newImagesAppearAtTheTopWithoutReset();
    void taskLifecycleUpdatesOneTask();
    void olderTaskBeyondLoadedRowsWaitsForFetch();
    void pagesContinueAcrossEqualTimes_data();
    void pagesContinueAcrossEqualTimes();
    void totalFollowsTaskUpdatesWhileSearching();
    void endReadsTheLastRowsOnly();
    void rowsFarFromWhatIsShownAreForgotten();
    void newWorkWhileAtTheEnd();
    void changesAmongRowsNotLoaded();
    void shortWordsAreCountedInTheBackground();
    void setQueryFilters();
    void favouriteThroughSetData();
    void favouritesOnlyDropsUnstarred();
    void deletions();
    void thumbnailsArriveAsynchronously();
    void deletingImagesRemovesTheirThumbnails();
    void dragsFiles();
    void showsWorkOfOtherProcesses();

private:
    TaskRecord addTask(const QString &prompt, const QDateTime &created,
                       TaskState state = TaskState::Done);
    OutputRecord addImage(const TaskRecord &task, int index, bool withFile = false);
    void fill(int tasks, int imagesPerTask);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    QDateTime m_base;
};

void tst_GalleryModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_GalleryModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_library = std::make_unique<Library>();
    QVERIFY(m_library->open(m_dir->filePath(QStringLiteral("library.sqlite3"))));
    m_base = QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);
}

void tst_GalleryModel::cleanup()
{
    m_library.reset();
    m_dir.reset();
}

TaskRecord tst_GalleryModel::addTask(const QString &prompt, const QDateTime &created,
                                     TaskState state)
{
    TaskRecord task;
    task.request.model = QStringLiteral("wan2.2-t2i-flash");
    task.request.prompt = prompt;
    task.request.negativePrompt = QStringLiteral("blurry");
    task.request.size = QSize(1024, 768);
    task.request.seed = 100;
    task.state = state;
    task.taskId = QStringLiteral("task-%1").arg(prompt);
    task.createdAt = created;
    if (!m_library->addTask(&task))
        qWarning() << "addTask:" << m_library->lastError();
    return task;
}

OutputRecord tst_GalleryModel::addImage(const TaskRecord &task, int index, bool withFile)
{
    OutputRecord image;
    image.taskRowId = task.id;
    image.index = index;
    image.filePath = m_dir->filePath(QStringLiteral("%1-%2.png").arg(task.id).arg(index));
    image.pixelSize = QSize(1024, 768);
    image.seed = task.request.seed.value_or(0) + index;
    image.actualPrompt = QStringLiteral("actual ") + task.request.prompt;
    image.createdAt = task.createdAt.addSecs(30);
    if (withFile) {
        QImage picture(400, 300, QImage::Format_RGB32);
        picture.fill(QColor::fromHsv(int(task.id * 37 % 360), 200, 200));
        picture.save(image.filePath, "PNG");
    }
    if (!m_library->addOutput(&image))
        qWarning() << "addImage:" << m_library->lastError();
    return image;
}

void tst_GalleryModel::fill(int tasks, int imagesPerTask)
{
    QVERIFY(m_library->runInTransaction([&] {
        for (int t = 0; t < tasks; ++t) {
            const TaskRecord task
                    = addTask(QStringLiteral("prompt %1").arg(t), m_base.addSecs(t * 60));
            for (int i = 0; i < imagesPerTask; ++i)
                addImage(task, i);
        }
        return true;
    }));
}

void tst_GalleryModel::emptyLibrary()
{
    GalleryModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(!model.data(model.index(0), GalleryModel::PromptRole).isValid());
}

void tst_GalleryModel::loadsInPages()
{
    fill(150, 3); // 450 entries
    GalleryModel model(m_library.get());
    QCOMPARE(model.totalCount(), 450);
    QCOMPARE(model.loadedRowCount(), GalleryModel::DefaultPageSize); // one page, not the library
    QVERIFY(model.loadedRowCount() < model.rowCount()); // the rest is read when asked for

    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), 450);
    // Newest task first, its images in order; the last row is the oldest task's last image.
    QCOMPARE(model.data(model.index(0), GalleryModel::PromptRole).toString(),
             QStringLiteral("prompt 149"));
    QCOMPARE(model.entry(0).output.index, 0);
    QCOMPARE(model.entry(2).output.index, 2);
    QCOMPARE(model.data(model.index(449), GalleryModel::PromptRole).toString(),
             QStringLiteral("prompt 0"));
    QCOMPARE(model.entry(449).output.index, 2);
    // No row twice.
    QSet<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.insert(model.data(model.index(row), GalleryModel::ImageIdRole).toLongLong());
    QCOMPARE(ids.size(), 450);

    model.setPageSize(7);
    model.reload();
    QCOMPARE(model.loadedRowCount(), 7);
}

void tst_GalleryModel::roles()
{
    TaskRecord task = addTask(QStringLiteral("a fox"), m_base);
    const OutputRecord image = addImage(task, 1);
    TaskRecord failed
            = addTask(QStringLiteral("failed one"), m_base.addSecs(60), TaskState::Failed);
    failed.error = ApiError::fromTaskFailure(QStringLiteral("InternalError"),
                                             QStringLiteral("boom"), QStringLiteral("r-1"));
    QVERIFY(m_library->updateTask(failed));

    GalleryModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 2);

    const QModelIndex f = model.index(0);
    QCOMPARE(model.data(f, GalleryModel::ImageIdRole).toLongLong(), 0);
    QCOMPARE(model.data(f, GalleryModel::HasImageRole).toBool(), false);
    QCOMPARE(model.data(f, GalleryModel::StateRole).toInt(), int(TaskState::Failed));
    QVERIFY(!model.data(f, GalleryModel::ErrorRole).toString().isEmpty());
    QVERIFY(!model.flags(f).testFlag(Qt::ItemIsDragEnabled));
    QCOMPARE(model.data(f, GalleryModel::SizeRole).toSize(), QSize(1024, 768)); // requested

    const QModelIndex i = model.index(1);
    QCOMPARE(model.data(i, Qt::DisplayRole).toString(), QStringLiteral("a fox"));
    QCOMPARE(model.data(i, GalleryModel::PromptRole).toString(), QStringLiteral("a fox"));
    QCOMPARE(model.data(i, GalleryModel::NegativePromptRole).toString(), QStringLiteral("blurry"));
    QCOMPARE(model.data(i, GalleryModel::ActualPromptRole).toString(),
             QStringLiteral("actual a fox"));
    QCOMPARE(model.data(i, GalleryModel::ImageIdRole).toLongLong(), image.id);
    QCOMPARE(model.data(i, GalleryModel::TaskRowIdRole).toLongLong(), task.id);
    QCOMPARE(model.data(i, GalleryModel::TaskIdRole).toString(), QStringLiteral("task-a fox"));
    QCOMPARE(model.data(i, GalleryModel::FilePathRole).toString(), image.filePath);
    QCOMPARE(model.data(i, GalleryModel::ModelRole).toString(), QStringLiteral("wan2.2-t2i-flash"));
    QCOMPARE(model.data(i, GalleryModel::SizeRole).toSize(), QSize(1024, 768));
    QCOMPARE(model.data(i, GalleryModel::SeedRole).toLongLong(), 101);
    QCOMPARE(model.data(i, GalleryModel::CreatedRole).toDateTime(), m_base.addSecs(30));
    QCOMPARE(model.data(i, GalleryModel::FavouriteRole).toBool(), false);
    QCOMPARE(model.data(i, GalleryModel::StateRole).toInt(), int(TaskState::Done));
    QVERIFY(model.data(i, GalleryModel::ErrorRole).toString().isEmpty());
    QCOMPARE(model.data(i, GalleryModel::HasImageRole).toBool(), true);
    QVERIFY(model.data(i, GalleryModel::ThumbnailRole).value<QImage>().isNull()); // no cache given
    QVERIFY(model.data(i, Qt::ToolTipRole).toString().contains(QStringLiteral("seed 101")));
    const LibraryEntry entry = model.data(i, GalleryModel::EntryRole).value<LibraryEntry>();
    QCOMPARE(entry.output.id, image.id);
    QCOMPARE(entry.task.request.prompt, QStringLiteral("a fox"));
    QVERIFY(model.flags(i).testFlag(Qt::ItemIsDragEnabled));
    QVERIFY(model.roleNames().value(GalleryModel::ThumbnailRole) == "thumbnail");
}

void tst_GalleryModel::newImagesAppearAtTheTopWithoutReset()
{
    fill(5, 2);
    GalleryModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy total(&model, &GalleryModel::totalCountChanged);

    const TaskRecord task = addTask(QStringLiteral("brand new"), m_base.addDays(1));
    const OutputRecord image = addImage(task, 0);
    QCOMPARE(reset.size(), 0);
    QVERIFY(inserted.size() >= 1);
    QCOMPARE(model.rowCount(), 11);
    QCOMPARE(model.totalCount(), 11);
    QCOMPARE(total.last().first().toInt(), 11);
    QCOMPARE(model.rowForImage(image.id), 0);
    QCOMPARE(model.data(model.index(0), GalleryModel::PromptRole).toString(),
             QStringLiteral("brand new"));
    QCOMPARE(model.data(model.index(1), GalleryModel::PromptRole).toString(),
             QStringLiteral("prompt 4"));
}

void tst_GalleryModel::taskLifecycleUpdatesOneTask()
{
    fill(3, 1);
    GalleryModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // Submitted: a row for the task, before any image exists.
    TaskRecord task = addTask(QStringLiteral("in progress"), m_base.addDays(1), TaskState::Queued);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.data(model.index(0), GalleryModel::TaskRowIdRole).toLongLong(), task.id);
    QCOMPARE(model.data(model.index(0), GalleryModel::HasImageRole).toBool(), false);

    // Polled: the same row changes.
    task.state = TaskState::Running;
    QVERIFY(m_library->updateTask(task));
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(changed.last().at(1).value<QModelIndex>().row(), 0);
    QCOMPARE(model.data(model.index(0), GalleryModel::StateRole).toInt(), int(TaskState::Running));

    // Images arrive (second first): the task's row becomes its images, in index order.
    task.state = TaskState::Downloading;
    QVERIFY(m_library->updateTask(task));
    const OutputRecord second = addImage(task, 1);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowForImage(second.id), 0);
    const OutputRecord first = addImage(task, 0);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.rowForImage(first.id), 0);
    QCOMPARE(model.rowForImage(second.id), 1);
    QCOMPARE(model.data(model.index(2), GalleryModel::PromptRole).toString(),
             QStringLiteral("prompt 2"));
    QCOMPARE(reset.size(), 0);

    task.state = TaskState::Done;
    QVERIFY(m_library->updateTask(task));
    QCOMPARE(model.data(model.index(1), GalleryModel::StateRole).toInt(), int(TaskState::Done));
    QCOMPARE(model.totalCount(), 5);
}

void tst_GalleryModel::olderTaskBeyondLoadedRowsWaitsForFetch()
{
    fill(30, 1);
    GalleryModel model(m_library.get());
    model.setPageSize(10);
    model.reload();
    const int loaded = model.loadedRowCount();
    QCOMPARE(loaded, 10);
    QVERIFY(model.loadedRowCount() < model.rowCount());

    // An imported task made long ago sorts after the loaded rows: it waits for its page.
    const TaskRecord old = addTask(QStringLiteral("imported"), m_base.addYears(-1));
    const OutputRecord image = addImage(old, 0);
    QCOMPARE(model.loadedRowCount(), loaded);
    QCOMPARE(model.totalCount(), 31);
    // (The tester fetches on every insert, so it comes only now.)
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), 31);
    model.entry(30); // shown: read
    QCOMPARE(model.rowForImage(image.id), 30);
}

void tst_GalleryModel::pagesContinueAcrossEqualTimes_data()
{
    QTest::addColumn<bool>("newestFirst");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("newest first, pages inside tasks") << true << 4;
    QTest::newRow("oldest first, pages inside tasks") << false << 5;
    QTest::newRow("one row a page") << true << 1;
}

void tst_GalleryModel::pagesContinueAcrossEqualTimes()
{
    QFETCH(bool, newestFirst);
    QFETCH(int, pageSize);
    // Twelve tasks made in the same millisecond (an import, a batch), between others; three
    // images each, so pages end inside tasks too.
    QVERIFY(m_library->runInTransaction([&] {
        for (int t = 0; t < 20; ++t) {
            const QDateTime created = t >= 4 && t < 16 ? m_base : m_base.addSecs(t * 60 - 600);
            const TaskRecord task = addTask(QStringLiteral("prompt %1").arg(t), created);
            for (int i = 0; i < 3; ++i)
                addImage(task, i);
        }
        return true;
    }));
    LibraryQuery query;
    query.newestFirst = newestFirst;
    const QList<LibraryEntry> expected = m_library->findOutputs(query);
    QCOMPARE(expected.size(), 60);

    GalleryModel model(m_library.get());
    model.setPageSize(pageSize);
    model.setQuery(query);
    QCOMPARE(model.loadedRowCount(), pageSize);
    QCOMPARE(model.totalCount(), 60);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    while (model.canFetchMore({})) {
        const int before = model.rowCount();
        model.fetchMore({});
        QVERIFY(model.rowCount() - before <= qMax(pageSize, before));
    }
    QCOMPARE(model.rowCount(), 60);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.entry(row).output.id, expected.at(row).output.id);

    // The other way: from the last row up, each page read back from the one below it.
    GalleryModel back(m_library.get());
    back.setPageSize(pageSize);
    back.setQuery(query);
    QAbstractItemModelTester backTester(&back,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(back.rowCount(), 60);
    for (int row = 59; row >= 0; --row)
        QCOMPARE(back.entry(row).output.id, expected.at(row).output.id);
}

void tst_GalleryModel::totalFollowsTaskUpdatesWhileSearching()
{
    fill(30, 2);
    GalleryModel model(m_library.get());
    model.setPageSize(10);
    LibraryQuery query;
    query.text = QStringLiteral("prompt");
    model.setQuery(query);
    QCOMPARE(model.rowCount(), 10);
    QVERIFY(model.isCounting()); // narrower than every row: counted off the GUI thread
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.totalCount(), 60);
    QSignalSpy total(&model, &GalleryModel::totalCountChanged);

    // A task that does not match, through its whole life: nothing changes.
    TaskRecord other
            = addTask(QStringLiteral("a lighthouse"), m_base.addDays(1), TaskState::Queued);
    for (TaskState state : { TaskState::Submitting, TaskState::Running, TaskState::Downloading }) {
        other.state = state;
        QVERIFY(m_library->updateTask(other));
    }
    addImage(other, 0);
    other.state = TaskState::Done;
    QVERIFY(m_library->updateTask(other));
    QCOMPARE(model.totalCount(), 60);
    QCOMPARE(total.size(), 0);

    // One that matches appears with its rows, and the total follows.
    TaskRecord match = addTask(QStringLiteral("prompt new"), m_base.addDays(2), TaskState::Running);
    QCOMPARE(model.totalCount(), 61);
    addImage(match, 0);
    addImage(match, 1);
    QCOMPARE(model.totalCount(), 62);
    QCOMPARE(model.rowsForTask(match.id).size(), 2);
    // An old task past the loaded rows is counted, not loaded.
    const TaskRecord old = addTask(QStringLiteral("prompt old"), m_base.addYears(-1));
    addImage(old, 0);
    QTRY_COMPARE(model.totalCount(), 63);
    QCOMPARE(model.rowsForTask(old.id).size(), 0);
    QCOMPARE(model.totalCount(), m_library->countOutputs(model.query()));

    // Removing rows counts again.
    QVERIFY(m_library->deleteTasks({ match.id }, false));
    QTRY_COMPARE(model.totalCount(), 61);
    // (The tester fetches on every insert, so it comes only now.)
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), 61);
}

void tst_GalleryModel::endReadsTheLastRowsOnly()
{
    fill(600, 3); // 1,800 entries
    const QList<LibraryEntry> expected = m_library->findOutputs({});
    GalleryModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // A row for every entry, so the End key or the scroll bar reaches the oldest at once.
    QCOMPARE(model.rowCount(), 1800);
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.data(model.index(1799), GalleryModel::PromptRole).toString(),
             QStringLiteral("prompt 0"));
    QCOMPARE(model.entry(1799).output.index, 2);
    // The last rows (the first page of the opposite order), not every row before them.
    QVERIFY2(model.loadedRowCount() <= 3 * GalleryModel::DefaultPageSize,
             qPrintable(QString::number(model.loadedRowCount())));
    for (int row = 1799; row >= 1500; --row)
        QCOMPARE(model.entry(row).output.id, expected.at(row).output.id);
    // A row in the middle, far from any loaded one (the scroll bar dragged there): by position.
    for (int row = 900; row < 960; ++row)
        QCOMPARE(model.entry(row).output.id, expected.at(row).output.id);
    QVERIFY(model.loadedRowCount() < 1800);
}

void tst_GalleryModel::rowsFarFromWhatIsShownAreForgotten()
{
    fill(4000, 2); // 8,000 entries
    const QList<LibraryEntry> expected = m_library->findOutputs({});
    GalleryModel model(m_library.get());
    QCOMPARE(model.rowCount(), 8000);
    // Scrolling through all of it keeps at most MaxLoadedRows (memory stays flat).
    int most = 0;
    for (int row = 0; row < 8000; row += 37) {
        QCOMPARE(model.entry(row).output.id, expected.at(row).output.id);
        most = qMax(most, model.loadedRowCount());
    }
    QVERIFY2(most <= GalleryModel::MaxLoadedRows + GalleryModel::DefaultPageSize,
             qPrintable(QString::number(most)));
    // And back up: forgotten rows are read again.
    for (int row = 7999; row >= 0; row -= 53)
        QCOMPARE(model.entry(row).output.id, expected.at(row).output.id);
}

void tst_GalleryModel::newWorkWhileAtTheEnd()
{
    fill(600, 3);
    GalleryModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const qint64 oldest = model.entry(1799).output.id;
    const QPersistentModelIndex current = model.index(1799);
    const QPersistentModelIndex top = model.index(0);
    const qint64 newest = model.entry(0).output.id;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    // New work appears at the top with row inserts; what is shown (and selected) stays.
    const TaskRecord task = addTask(QStringLiteral("new"), m_base.addDays(1), TaskState::Running);
    addImage(task, 0);
    addImage(task, 1);
    QCOMPARE(model.rowCount(), 1802);
    QCOMPARE(model.totalCount(), 1802);
    QCOMPARE(reset.size(), 0);
    QVERIFY(!inserted.isEmpty());
    QCOMPARE(model.rowsForTask(task.id), (QList<int> { 0, 1 }));
    QCOMPARE(current.row(), 1801);
    QCOMPARE(model.entry(1801).output.id, oldest);
    QCOMPARE(top.row(), 2);
    QCOMPARE(model.entry(2).output.id, newest);
}

void tst_GalleryModel::changesAmongRowsNotLoaded()
{
    fill(600, 3);
    GalleryModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.entry(1799); // the end is shown; the middle is not loaded
    QVERIFY(model.loadedRowCount() < 1800);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // A task in the middle gets an image (a retry of a failed one): the rows after it move.
    const QList<LibraryEntry> before = m_library->findOutputs({});
    TaskRecord task = m_library->task(before.at(899).task.id);
    addImage(task, 3);
    const QList<LibraryEntry> expected = m_library->findOutputs({});
    QCOMPARE(expected.size(), 1801);
    QCOMPARE(model.rowCount(), 1801);
    QVERIFY(!changed.isEmpty()); // the rows shown are painted again
    for (int row = 1800; row >= 1700; --row)
        QCOMPARE(model.entry(row).output.id, expected.at(row).output.id);
    for (int row = 880; row < 920; ++row)
        QCOMPARE(model.entry(row).output.id, expected.at(row).output.id);

    // Deleting rows not loaded: the same.
    QVERIFY(m_library->deleteTasks({ expected.at(1000).task.id }, false));
    const QList<LibraryEntry> after = m_library->findOutputs({});
    QCOMPARE(model.rowCount(), int(after.size()));
    for (int row = int(after.size()) - 1; row >= int(after.size()) - 100; --row)
        QCOMPARE(model.entry(row).output.id, after.at(row).output.id);
}

void tst_GalleryModel::shortWordsAreCountedInTheBackground()
{
    fill(300, 1);
    GalleryModel model(m_library.get());
    QSignalSpy total(&model, &GalleryModel::totalCountChanged);
    LibraryQuery query;
    query.text = QStringLiteral("p"); // one character: no index serves it
    model.setQuery(query);
    // The first page is there at once; the count follows from the counting thread.
    QCOMPARE(model.rowCount(), GalleryModel::DefaultPageSize);
    QVERIFY(model.isCounting());
    QCOMPARE(model.totalCount(), GalleryModel::DefaultPageSize); // what is known so far
    QVERIFY(model.canFetchMore({}));
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.totalCount(), 300);
    QCOMPARE(total.last().first().toInt(), 300);

    // A change while a count is under way is not lost: the count is made again.
    query.text = QStringLiteral("pr");
    model.setQuery(query);
    QVERIFY(model.isCounting());
    const TaskRecord task = addTask(QStringLiteral("pr new"), m_base.addDays(1));
    addImage(task, 0);
    QTRY_VERIFY(!model.isCounting());
    QCOMPARE(model.totalCount(), 301);

    // A short word whose first page holds every match needs no count.
    query.text = QStringLiteral("w");
    model.setQuery(query);
    QVERIFY(!model.isCounting());
    QCOMPARE(model.totalCount(), 1);
    QCOMPARE(model.rowCount(), 1);
}

void tst_GalleryModel::setQueryFilters()
{
    fill(4, 1);
    const TaskRecord chinese = addTask(QStringLiteral("一只戴着帽子的橘猫"), m_base.addDays(2));
    addImage(chinese, 0);
    GalleryModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    LibraryQuery query;
    query.text = QStringLiteral("戴着帽子");
    model.setQuery(query);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.totalCount(), 1);

    // A new image that does not match the query does not appear.
    const TaskRecord other = addTask(QStringLiteral("a dog"), m_base.addDays(3));
    addImage(other, 0);
    QCOMPARE(model.rowCount(), 1);
    // One that does, does.
    const TaskRecord match = addTask(QStringLiteral("另一只戴着帽子的狗"), m_base.addDays(4));
    addImage(match, 0);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.data(model.index(0), GalleryModel::TaskRowIdRole).toLongLong(), match.id);

    query = {};
    query.newestFirst = false;
    model.setQuery(query);
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.data(model.index(0), GalleryModel::PromptRole).toString(),
             QStringLiteral("prompt 0"));
    // Oldest first: new work goes to the end.
    const TaskRecord newest = addTask(QStringLiteral("newest"), m_base.addDays(5));
    addImage(newest, 0);
    QCOMPARE(model.rowCount(), 8);
    QCOMPARE(model.data(model.index(7), GalleryModel::PromptRole).toString(),
             QStringLiteral("newest"));
}

void tst_GalleryModel::favouriteThroughSetData()
{
    fill(3, 2);
    GalleryModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QModelIndex index = model.index(3);
    QVERIFY(model.setData(index, true, GalleryModel::FavouriteRole));
    QCOMPARE(model.data(index, GalleryModel::FavouriteRole).toBool(), true);
    QVERIFY(m_library->output(model.data(index, GalleryModel::ImageIdRole).toLongLong()).favourite);
    QCOMPARE(changed.size(), 2); // the task's two rows, each alone
    for (const QList<QVariant> &signal : changed)
        QCOMPARE(signal.at(0).value<QModelIndex>(), signal.at(1).value<QModelIndex>());
    QVERIFY(!model.setData(index, true, GalleryModel::PromptRole));
}

void tst_GalleryModel::favouritesOnlyDropsUnstarred()
{
    fill(3, 2);
    const QList<LibraryEntry> all = m_library->findOutputs({});
    QVERIFY(m_library->setFavourite({ all.at(0).output.id, all.at(3).output.id }, true));
    GalleryModel model(m_library.get());
    LibraryQuery query;
    query.favouritesOnly = true;
    model.setQuery(query);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.setData(model.index(0), false, GalleryModel::FavouriteRole));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.totalCount(), 1);
    QCOMPARE(model.data(model.index(0), GalleryModel::ImageIdRole).toLongLong(),
             all.at(3).output.id);
    QVERIFY(m_library->setFavourite({ all.at(5).output.id }, true));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowForImage(all.at(5).output.id), 1);
}

void tst_GalleryModel::deletions()
{
    fill(4, 2);
    const TaskRecord failed
            = addTask(QStringLiteral("failed"), m_base.addDays(1), TaskState::Failed);
    GalleryModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QCOMPARE(model.rowCount(), 9);

    const qint64 a = model.data(model.index(1), GalleryModel::ImageIdRole).toLongLong();
    const qint64 b = model.data(model.index(5), GalleryModel::ImageIdRole).toLongLong();
    QVERIFY(m_library->deleteOutputs({ a, b }, false));
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.rowForImage(a), -1);
    QCOMPARE(model.totalCount(), 7);

    QVERIFY(m_library->deleteTasks({ failed.id }, false));
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.data(model.index(0), GalleryModel::PromptRole).toString(),
             QStringLiteral("prompt 3"));

    // The last image of a finished task takes the task along: no empty row is left.
    const qint64 last = model.data(model.index(0), GalleryModel::ImageIdRole).toLongLong();
    QVERIFY(m_library->deleteOutputs({ last }, false));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.data(model.index(0), GalleryModel::PromptRole).toString(),
             QStringLiteral("prompt 2"));

    // A running task keeps a row while its images are gone.
    TaskRecord running
            = addTask(QStringLiteral("running"), m_base.addDays(2), TaskState::Downloading);
    const OutputRecord image = addImage(running, 0);
    QCOMPARE(model.rowCount(), 6);
    QVERIFY(m_library->deleteOutputs({ image.id }, false));
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.data(model.index(0), GalleryModel::TaskRowIdRole).toLongLong(), running.id);
    QCOMPARE(model.data(model.index(0), GalleryModel::HasImageRole).toBool(), false);
    QCOMPARE(reset.size(), 0);
}

void tst_GalleryModel::thumbnailsArriveAsynchronously()
{
    QList<OutputRecord> images;
    QVERIFY(m_library->runInTransaction([&] {
        for (int t = 0; t < 3; ++t) {
            const TaskRecord task = addTask(QStringLiteral("p%1").arg(t), m_base.addSecs(t));
            images.append(addImage(task, 0, true));
        }
        return true;
    }));
    ThumbnailCache thumbnails(m_dir->filePath(QStringLiteral("thumbnails")), 64);
    GalleryModel model(m_library.get(), &thumbnails);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    const QModelIndex index = model.index(1);
    changed.clear(); // the tester may have asked for decorations already
    const QImage first = model.data(index, GalleryModel::ThumbnailRole).value<QImage>();
    if (first.isNull()) {
        QTRY_VERIFY(!model.data(index, GalleryModel::ThumbnailRole).value<QImage>().isNull());
        // Only the rows whose thumbnails arrived changed, each alone, for the thumbnail roles.
        QVERIFY(!changed.isEmpty());
        bool sawRow = false;
        for (const QList<QVariant> &signal : std::as_const(changed)) {
            QCOMPARE(signal.at(0).value<QModelIndex>(), signal.at(1).value<QModelIndex>());
            const auto roles = signal.at(2).value<QList<int>>();
            QVERIFY(roles.contains(GalleryModel::ThumbnailRole));
            QVERIFY(roles.contains(Qt::DecorationRole));
            sawRow = sawRow || signal.at(0).value<QModelIndex>().row() == 1;
        }
        QVERIFY(sawRow);
    }
    const QImage thumbnail = model.data(index, GalleryModel::ThumbnailRole).value<QImage>();
    QCOMPARE(thumbnail.size(), QSize(64, 48));
    QCOMPARE(model.data(index, Qt::DecorationRole).value<QImage>(), thumbnail);
    QVERIFY(!model.data(index, GalleryModel::ThumbnailKeyRole).toString().isEmpty());
}

void tst_GalleryModel::deletingImagesRemovesTheirThumbnails()
{
    QList<TaskRecord> tasks;
    QList<OutputRecord> images;
    QVERIFY(m_library->runInTransaction([&] {
        for (int t = 0; t < 3; ++t) {
            tasks.append(addTask(QStringLiteral("p%1").arg(t), m_base.addSecs(t)));
            images.append(addImage(tasks.last(), 0, true));
        }
        return true;
    }));
    ThumbnailCache thumbnails(m_dir->filePath(QStringLiteral("thumbnails")), 64);
    GalleryModel model(m_library.get(), &thumbnails);
    for (int row = 0; row < model.rowCount(); ++row)
        model.data(model.index(row), GalleryModel::ThumbnailRole);
    QTRY_COMPARE(thumbnails.pendingCount(), 0);
    const auto cached = [&] {
        return QDir(thumbnails.directory()).entryList(QDir::Files | QDir::NoDotAndDotDot).size();
    };
    QCOMPARE(cached(), 3);

    // An image deleted, then a task with its image: their thumbnails go, the other one stays.
    QVERIFY(m_library->deleteOutputs({ images.at(0).id }, true));
    QCOMPARE(cached(), 2);
    QVERIFY(m_library->deleteTasks({ tasks.at(1).id }, true));
    QCOMPARE(cached(), 1);
    const QString kept = ThumbnailCache::keyFor(images.at(2).filePath);
    QVERIFY(QFileInfo::exists(thumbnails.directory() + QLatin1Char('/') + kept
                              + QStringLiteral(".jpg")));
}

void tst_GalleryModel::dragsFiles()
{
    fill(2, 1);
    GalleryModel model(m_library.get());
    QCOMPARE(model.mimeTypes(), QStringList { QStringLiteral("text/uri-list") });
    std::unique_ptr<QMimeData> mime(model.mimeData({ model.index(0), model.index(1) }));
    QVERIFY(mime);
    QCOMPARE(mime->urls().size(), 2);
    QCOMPARE(mime->urls().first().toLocalFile(),
             model.data(model.index(0), GalleryModel::FilePathRole).toString());
}

void tst_GalleryModel::showsWorkOfOtherProcesses()
{
    fill(3, 1);
    m_library->setExternalChangeInterval(0);
    GalleryModel model(m_library.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    // `dashscope-studio generate` beside the window: its own connection to the same file.
    Library commandLine;
    QVERIFY(commandLine.open(m_library->path()));
    TaskRecord task;
    task.request.model = QStringLiteral("wan2.2-t2i-flash");
    task.request.prompt = QStringLiteral("from the command line");
    task.state = TaskState::Done;
    task.createdAt = m_base.addDays(1);
    QVERIFY(commandLine.addTask(&task));
    OutputRecord image;
    image.taskRowId = task.id;
    image.filePath = m_dir->filePath(QStringLiteral("cli.png"));
    QVERIFY(commandLine.addOutput(&image));

    QCOMPARE(model.rowCount(), 3);
    QVERIFY(m_library->checkForExternalChanges());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowForImage(image.id), 0);
    QCOMPARE(reset.size(), 0);
}

QTEST_GUILESS_MAIN(tst_GalleryModel)
#include "tst_gallerymodel.moc"
