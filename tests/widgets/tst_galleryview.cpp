#include "desktop/desktopapp.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "models/displaytext.h"
#include "models/gallerygroupmodel.h"
#include "models/gallerymodel.h"
#include "platform/settings.h"
#include "simulator/simulatedvideo.h"
#include "support/desktoptest.h"
#include "widgets/galleryfilterbar.h"
#include "widgets/galleryfilters.h"
#include "widgets/gallerygroupingmenu.h"
#include "widgets/galleryview.h"
#include "widgets/imageactions.h"
#include "widgets/imageviewer.h"
#include "widgets/mainwindow.h"
#include "widgets/windowservices.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QImage>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QStringListModel>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QWheelEvent>

using namespace std::chrono_literals;

// The gallery's filters in the real window (demo mode, a temporary library): each narrows what
// the gallery shows, they combine, "Clear Filters" brings everything back, and the bar says when
// something is hidden. The library is filled directly, with tasks of several sizes, ages and
// states, so no test waits for a generation. The gallery holds results: tasks without a saved
// file (failed, expired, running) are in the library but never in the grid.
class tst_GalleryView : public QObject
{
    Q_OBJECT

public:
    enum class Filter {
        Size,
        Today,
        Last7Days,
        CustomRange,
        OpenStart,
        Favourites,
        Model,
        Search,
    };
    Q_ENUM(Filter)

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void everythingIsShownAtFirst();
    void eachFilterNarrows_data();
    void eachFilterNarrows();
    void filtersCombine();
    void popupOffersTheLibrarysSizes();
    void sortByDate();
    void newWorkFollowsTheFilters();
    void countDoesNotMoveTheSearchField();
    void filterBarFitsAtEveryWidth();
    void thumbnailSizeFollowsTheSliderAndCtrlWheel();
    void animateAndVideoBetweenTakeTheSelection();
    void videosHaveAPosterADurationAndAFilter(); // adds a video task
    void demoResultsAreMarkedAndCanBeHidden(); // adds a demo task
    void endGoesToTheOldestWhileLayingOut();
    void endAndHomeGoBackToTheCursorScrolledAway();
    void groupedByDayTheKeysAndTheViewerSkipHeaders();
    void runAgainAndVaryFromTheGallery(); // last: it adds tasks of its own

private:
    template<typename T>
    T *child(const char *name) const
    {
        auto *object = m_app->window()->findChild<T *>(QString::fromLatin1(name));
        if (!object)
            qFatal("no child %s", name);
        return object;
    }
    QAction *action(const char *name) const { return child<QAction>(name); }
    GalleryFilters *filters() const { return m_app->window()->galleryFilters(); }
    void addTask(const QString &prompt, const QString &model, QSize size, TaskState state,
                 int daysAgo, int savedImages, bool favourite = false, int failedImages = 0);
    QStringList shownPrompts() const; // of the loaded rows, in order

    QTemporaryDir m_dir;
    std::unique_ptr<DesktopApp> m_app;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    int m_allEntries = 0;
};

void tst_GalleryView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    startDesktopForTest(desktopTestOptions(m_dir), &m_app);
    if (QTest::currentTestFailed())
        return;
    m_tester = std::make_unique<QAbstractItemModelTester>(
            m_app->gallery(), QAbstractItemModelTester::FailureReportingMode::QtTest);

    const QString flash = QStringLiteral("wan2.2-t2i-flash");
    const QString preview = QStringLiteral("wan2.5-t2i-preview");
    const QSize square(1024, 1024);
    const QSize wide(1792, 1008); // valid for both models: tasks are run again
    addTask(QStringLiteral("a red fox in the snow"), flash, square, TaskState::Done, 0, 1);
    addTask(QStringLiteral("a lighthouse at dusk"), preview, wide, TaskState::Done, 3, 1, true);
    addTask(QStringLiteral("an old sea map"), flash, square, TaskState::Done, 40, 1);
    addTask(QStringLiteral("a failed cat"), flash, square, TaskState::Failed, 2, 0);
    addTask(QStringLiteral("an expired dog"), preview, wide, TaskState::Expired, 10, 0);
    addTask(QStringLiteral("a partly done garden"), flash, square, TaskState::PartlyDone, 1, 1,
            false, 1);
    addTask(QStringLiteral("a running river"), flash, wide, TaskState::Running, 0, 0);
    addTask(QStringLiteral("a quiet harbour"), preview, wide, TaskState::Done, 9, 1);
    m_allEntries = 5; // one row per saved image; none for the tasks without one
    QTRY_COMPARE(m_app->gallery()->totalCount(), m_allEntries);
}

void tst_GalleryView::cleanupTestCase()
{
    m_tester.reset();
    m_app.reset();
}

void tst_GalleryView::init()
{
    // Every test starts from the whole gallery, newest first.
    action("clearFiltersAction")->trigger();
    action("sortNewestAction")->trigger();
    QTRY_COMPARE(m_app->gallery()->totalCount(), m_allEntries);
}

void tst_GalleryView::addTask(const QString &prompt, const QString &model, QSize size,
                              TaskState state, int daysAgo, int savedImages, bool favourite,
                              int failedImages)
{
    Library *library = m_app->library();
    TaskRecord task;
    task.request.model = model;
    task.request.prompt = prompt;
    task.request.size = size;
    task.request.count = std::max(1, savedImages + failedImages);
    task.request.seed = 7;
    task.endpoint = m_app->settings()->endpoint();
    task.state = state;
    // Noon local time, so "days ago" is the calendar day whatever the time zone.
    task.createdAt = QDateTime(QDate::currentDate().addDays(-daysAgo), QTime(12, 0)).toUTC();
    if (daysAgo == 0)
        task.createdAt = QDateTime::currentDateTimeUtc(); // not in the future, not yesterday
    if (state == TaskState::Failed || state == TaskState::Expired) {
        task.error = ApiError::make(state == TaskState::Failed ? ApiError::Kind::ContentPolicy
                                                               : ApiError::Kind::Expired,
                                    QStringLiteral("no picture"));
    }
    QVERIFY(library->addTask(&task));
    for (int i = 0; i < savedImages + failedImages; ++i) {
        OutputRecord image;
        image.taskRowId = task.id;
        image.index = i;
        if (i < savedImages) {
            image.filePath
                    = m_dir.filePath(QStringLiteral("picture-%1-%2.png").arg(task.id).arg(i));
            QImage picture(64, 64, QImage::Format_RGB32);
            picture.fill(QColor::fromHsv(int(task.id * 40 % 360), 160, 200));
            QVERIFY(picture.save(image.filePath));
            image.pixelSize = size;
            image.bytes = 100;
            image.favourite = favourite;
        } else {
            image.errorCode = QStringLiteral("DataInspectionFailed");
        }
        QVERIFY(library->addOutput(&image));
    }
}

void tst_GalleryView::animateAndVideoBetweenTakeTheSelection()
{
    auto *view = child<GalleryView>("galleryView");
    GalleryModel *gallery = m_app->gallery();
    auto *actions = m_app->window()->findChild<ImageActions *>();
    QVERIFY(actions);
    QSignalSpy spy(actions, &ImageActions::videoRequested);
    const auto rowOf = [gallery](const QString &prompt) {
        for (int row = 0; row < gallery->rowCount(); ++row)
            if (gallery->entry(row).task.request.prompt == prompt)
                return row;
        return -1;
    };
    const int fox = rowOf(QStringLiteral("a red fox in the snow"));
    const int lighthouse = rowOf(QStringLiteral("a lighthouse at dusk"));
    const int map = rowOf(QStringLiteral("an old sea map"));
    QVERIFY(fox >= 0 && lighthouse >= 0 && map >= 0);

    view->selectionModel()->select(gallery->index(fox), QItemSelectionModel::ClearAndSelect);
    QVERIFY(action("animateAction")->isEnabled());
    QVERIFY(!action("videoBetweenAction")->isEnabled());
    action("animateAction")->trigger();
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.takeFirst().first().toStringList(),
             QStringList { gallery->entry(fox).output.filePath });

    // Two images: the older one is the first frame.
    view->selectionModel()->select(gallery->index(lighthouse), QItemSelectionModel::Select);
    QVERIFY(!action("animateAction")->isEnabled());
    QVERIFY(action("videoBetweenAction")->isEnabled());
    action("videoBetweenAction")->trigger();
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.takeFirst().first().toStringList(),
             (QStringList { gallery->entry(lighthouse).output.filePath,
                            gallery->entry(fox).output.filePath }));

    // Three images are neither one frame nor two.
    view->selectionModel()->select(gallery->index(map), QItemSelectionModel::Select);
    QVERIFY(!action("animateAction")->isEnabled());
    QVERIFY(!action("videoBetweenAction")->isEnabled());
    view->selectionModel()->clearSelection();
}

void tst_GalleryView::videosHaveAPosterADurationAndAFilter()
{
    const QString clip = m_dir.filePath(QStringLiteral("clip.mp4"));
    QString error;
    QVERIFY2((SimulatedVideo { QStringLiteral("waves at dusk"), 5, QSize(320, 180), 2, false }
                      .writeMp4(clip, &error)),
             qPrintable(error));
    Library *library = m_app->library();
    TaskRecord task;
    task.request.kind = MediaKind::TextToVideo;
    task.request.model = QStringLiteral("t2v");
    task.request.prompt = QStringLiteral("waves at dusk");
    task.request.size = QSize(320, 180);
    task.request.seed = 5;
    task.endpoint = m_app->settings()->endpoint();
    task.state = TaskState::Done;
    task.createdAt = QDateTime::currentDateTimeUtc();
    QVERIFY(library->addTask(&task));
    OutputRecord video;
    video.taskRowId = task.id;
    video.mediaType = QStringLiteral("video/mp4");
    video.filePath = clip;
    video.pixelSize = QSize(320, 180);
    video.bytes = QFileInfo(clip).size();
    QVERIFY(library->addOutput(&video)); // no duration recorded: the gallery probes it
    ++m_allEntries;
    GalleryModel *gallery = m_app->gallery();
    QTRY_COMPARE(gallery->totalCount(), m_allEntries);

    int row = -1;
    for (int i = 0; i < gallery->rowCount(); ++i)
        if (gallery->entry(i).output.id == video.id)
            row = i;
    QVERIFY(row >= 0);
    const QModelIndex index = gallery->index(row);
    QVERIFY(index.data(GalleryModel::IsVideoRole).toBool());
    index.data(GalleryModel::ThumbnailRole); // asks for the poster
    QTRY_VERIFY(!gallery->index(row).data(GalleryModel::ThumbnailRole).value<QImage>().isNull());
    const QImage poster = gallery->index(row).data(GalleryModel::ThumbnailRole).value<QImage>();
    QCOMPARE(poster.size(), QSize(256, 144));
    const qint64 ms = gallery->index(row).data(GalleryModel::DurationRole).toLongLong();
    QVERIFY2(qAbs(ms - 2000) <= 34, qPrintable(QString::number(ms)));
    QVERIFY(gallery->index(row).data(Qt::ToolTipRole).toString().contains(QStringLiteral("0:02")));

    // The cell shows the poster with a play glyph and the length.
    auto *view = child<GalleryView>("galleryView");
    // The view shows the gallery through the grouping (none here: the same rows).
    view->scrollTo(view->model()->index(row, 0));
    QApplication::processEvents();
    const QRect cell = view->visualRect(view->model()->index(row, 0));
    const QImage shot = view->viewport()->grab(cell).toImage();
    const QColor middle = shot.pixelColor(shot.rect().center());
    QVERIFY2(middle.lightness() > 200, "no play glyph in the middle of the poster");

    // The kind filter.
    auto *kind = child<QComboBox>("kindFilterCombo");
    kind->setCurrentIndex(kind->findText(QStringLiteral("Videos")));
    QTRY_COMPARE(gallery->totalCount(), 1);
    QCOMPARE(gallery->entry(0).output.id, video.id);
    QVERIFY(action("clearFiltersAction")->isEnabled());
    kind->setCurrentIndex(kind->findText(QStringLiteral("Images")));
    QTRY_COMPARE(gallery->totalCount(), m_allEntries - 1);
    for (int i = 0; i < gallery->rowCount(); ++i)
        QVERIFY(!gallery->entry(i).output.isVideo());
    action("clearFiltersAction")->trigger();
    QCOMPARE(kind->currentIndex(), 0);
    QTRY_COMPARE(gallery->totalCount(), m_allEntries);
}

void tst_GalleryView::demoResultsAreMarkedAndCanBeHidden()
{
    // A result of the built-in simulator, on a white picture (the badge must read on it).
    Library *library = m_app->library();
    TaskRecord task;
    task.request.model = QStringLiteral("wan2.2-t2i-flash");
    task.request.prompt = QStringLiteral("a demo snowfield");
    task.request.size = QSize(1024, 1024);
    task.request.count = 1;
    task.request.seed = 3;
    task.endpoint = m_app->settings()->endpoint();
    task.state = TaskState::Done;
    task.demo = true;
    task.createdAt = QDateTime::currentDateTimeUtc();
    QVERIFY(library->addTask(&task));
    OutputRecord image;
    image.taskRowId = task.id;
    image.filePath = m_dir.filePath(QStringLiteral("snowfield.png"));
    QImage white(64, 64, QImage::Format_RGB32);
    white.fill(Qt::white);
    QVERIFY(white.save(image.filePath));
    image.pixelSize = QSize(64, 64);
    image.bytes = 100;
    QVERIFY(library->addOutput(&image));
    ++m_allEntries;
    GalleryModel *gallery = m_app->gallery();
    QTRY_COMPARE(gallery->totalCount(), m_allEntries);

    // The badge: a dark plate with light letters over the white picture, and none on a real
    // result's cell.
    const auto rowOfTask = [gallery](qint64 id) {
        for (int i = 0; i < gallery->rowCount(); ++i)
            if (gallery->entry(i).task.id == id)
                return i;
        return -1;
    };
    const int demoRow = rowOfTask(task.id);
    QVERIFY(demoRow >= 0);
    QVERIFY(gallery->entry(demoRow).task.demo);
    const int realRow = demoRow == 0 ? 1 : 0;
    QVERIFY(!gallery->entry(realRow).task.demo);
    auto *view = child<GalleryView>("galleryView");
    // The view shows the gallery through the grouping (none here: the same rows).
    view->scrollTo(view->model()->index(demoRow, 0));
    const auto badgeOf = [&](int row) {
        const QRect cell = view->visualRect(view->model()->index(row, 0));
        const QRect badge = GalleryDelegate::demoBadgeRect(cell, view->font());
        return view->viewport()->grab(badge.intersected(view->viewport()->rect())).toImage();
    };
    QTRY_VERIFY(
            !gallery->index(demoRow).data(GalleryModel::ThumbnailRole).value<QImage>().isNull());
    const auto share = [](const QImage &shot, const auto &test) {
        int count = 0;
        for (int y = 0; y < shot.height(); ++y)
            for (int x = 0; x < shot.width(); ++x)
                count += test(shot.pixelColor(x, y)) ? 1 : 0;
        return shot.isNull() ? 0.0 : double(count) / (shot.width() * shot.height());
    };
    const auto dark = [](const QColor &c) { return c.value() < 110; };
    const auto light = [](const QColor &c) { return c.value() > 230 && c.saturation() < 30; };
    const QImage demoBadge = badgeOf(demoRow);
    QVERIFY2(share(demoBadge, dark) > 0.4, "no dark plate behind the DEMO badge");
    QVERIFY2(share(demoBadge, light) > 0.03, "no light letters on the DEMO badge");
    QVERIFY2(share(badgeOf(realRow), dark) < 0.1, "a badge on a real result");

    // Hidden by the filter (remembered in Settings), and back with Clear Filters.
    QVERIFY(!m_app->settings()->hideDemoResults());
    auto *hide = child<QCheckBox>("hideDemoCheck");
    hide->setChecked(true);
    QTRY_COMPARE(gallery->totalCount(), m_allEntries - 1);
    for (int i = 0; i < gallery->rowCount(); ++i)
        QVERIFY(!gallery->entry(i).task.demo);
    QVERIFY(m_app->settings()->hideDemoResults());
    QCOMPARE(child<QToolButton>("filtersButton")->text(), QStringLiteral("Filters (1) ▾"));
    QVERIFY(action("clearFiltersAction")->isEnabled());
    action("clearFiltersAction")->trigger();
    QVERIFY(!hide->isChecked());
    QVERIFY(!m_app->settings()->hideDemoResults());
    QTRY_COMPARE(gallery->totalCount(), m_allEntries);
}

QStringList tst_GalleryView::shownPrompts() const
{
    QStringList prompts;
    GalleryModel *gallery = m_app->gallery();
    for (int row = 0; row < gallery->rowCount(); ++row)
        prompts << gallery->entry(row).task.request.prompt;
    return prompts;
}

void tst_GalleryView::everythingIsShownAtFirst()
{
    QCOMPARE(m_app->gallery()->totalCount(), m_allEntries);
    QCOMPARE(child<QLabel>("galleryCountLabel")->text(), QStringLiteral("5 images"));
    QVERIFY(!child<QToolButton>("clearFiltersButton")->isVisibleTo(m_app->window()));
    QCOMPARE(child<QToolButton>("filtersButton")->text(), QStringLiteral("Filters ▾"));
    QCOMPARE(child<QToolButton>("sortButton")->text(), QStringLiteral("Newest first ▾"));
    // Results only: the partly done task's saved image, not its failed one; no card for a
    // failed, expired or running task (they are in the task panel), and none is counted.
    QCOMPARE(shownPrompts(),
             (QStringList { QStringLiteral("a red fox in the snow"),
                            QStringLiteral("a partly done garden"),
                            QStringLiteral("a lighthouse at dusk"),
                            QStringLiteral("a quiet harbour"), QStringLiteral("an old sea map") }));
    QCOMPARE(m_app->library()->countOutputs({}), 9); // the library still holds them all
    // The filters offer no task states any more.
    QVERIFY(!m_app->window()->findChild<QCheckBox *>(QStringLiteral("stateFailedBox")));
}

void tst_GalleryView::eachFilterNarrows_data()
{
    QTest::addColumn<Filter>("filter");
    QTest::addColumn<QStringList>("expected"); // prompts shown, newest first (one per row)
    QTest::addColumn<bool>("inPopup"); // counted on the Filters button

    const QString fox = QStringLiteral("a red fox in the snow");
    const QString lighthouse = QStringLiteral("a lighthouse at dusk");
    const QString map = QStringLiteral("an old sea map");
    const QString garden = QStringLiteral("a partly done garden");
    const QString harbour = QStringLiteral("a quiet harbour");

    QTest::newRow("size") << Filter::Size << QStringList { lighthouse, harbour } << true;
    QTest::newRow("today") << Filter::Today << QStringList { fox } << true;
    QTest::newRow("last 7 days") << Filter::Last7Days << QStringList { fox, garden, lighthouse }
                                 << true;
    QTest::newRow("between") << Filter::CustomRange << QStringList { harbour } << true;
    QTest::newRow("until") << Filter::OpenStart << QStringList { map } << true;
    QTest::newRow("favourites") << Filter::Favourites << QStringList { lighthouse } << false;
    QTest::newRow("model") << Filter::Model << QStringList { lighthouse, harbour } << false;
    QTest::newRow("search") << Filter::Search << QStringList { map } << false;
}

void tst_GalleryView::eachFilterNarrows()
{
    QFETCH(Filter, filter);
    QFETCH(QStringList, expected);
    QFETCH(bool, inPopup);

    const QDate today = QDate::currentDate();
    switch (filter) {
    case Filter::Size:
        filters()->setSize(QSize(1792, 1008));
        break;
    case Filter::Today:
        filters()->setPeriod(GalleryFilters::Period::Today);
        break;
    case Filter::Last7Days:
        filters()->setPeriod(GalleryFilters::Period::Last7Days);
        break;
    case Filter::CustomRange:
        filters()->setDateRange(today.addDays(-12), today.addDays(-5));
        break;
    case Filter::OpenStart:
        filters()->setDateRange(QDate(), today.addDays(-30));
        break;
    case Filter::Favourites:
        child<QToolButton>("favouritesButton")->setChecked(true);
        break;
    case Filter::Model: {
        auto *combo = child<QComboBox>("modelFilterCombo");
        const int index = combo->findData(QStringLiteral("wan2.5-t2i-preview"));
        QVERIFY(index > 0);
        // Shown by its display name; the API name is the tooltip.
        QCOMPARE(combo->itemText(index), QStringLiteral("Wan 2.5 preview"));
        QCOMPARE(combo->itemData(index, Qt::ToolTipRole).toString(),
                 QStringLiteral("wan2.5-t2i-preview"));
        combo->setCurrentIndex(index);
        break;
    }
    case Filter::Search:
        QTest::keyClicks(child<QLineEdit>("searchEdit"), QStringLiteral("sea map"));
        break;
    }

    GalleryModel *gallery = m_app->gallery();
    QTRY_COMPARE(gallery->totalCount(), int(expected.size()));
    QCOMPARE(shownPrompts(), expected);

    // The bar says that something is hidden, and how much.
    QCOMPARE(child<QLabel>("galleryCountLabel")->text(),
             QStringLiteral("%1 of %2 images").arg(expected.size()).arg(m_allEntries));
    QVERIFY(child<QToolButton>("clearFiltersButton")->isVisibleTo(m_app->window()));
    QVERIFY(action("clearFiltersAction")->isEnabled());
    QCOMPARE(child<QToolButton>("filtersButton")->text(),
             inPopup ? QStringLiteral("Filters (1) ▾") : QStringLiteral("Filters ▾"));
    QCOMPARE(child<QToolButton>("filtersButton")->font().bold(), inPopup);
    QCOMPARE(filters()->activeCount(), inPopup ? 1 : 0);

    // One click brings everything back.
    child<QToolButton>("clearFiltersButton")->click();
    QCOMPARE(gallery->totalCount(), m_allEntries);
    QCOMPARE(gallery->rowCount(), m_allEntries);
    QCOMPARE(child<QLabel>("galleryCountLabel")->text(), QStringLiteral("5 images"));
    QVERIFY(!child<QToolButton>("clearFiltersButton")->isVisibleTo(m_app->window()));
    QCOMPARE(child<QToolButton>("filtersButton")->text(), QStringLiteral("Filters ▾"));
    QCOMPARE(filters()->activeCount(), 0);
    QVERIFY(child<QLineEdit>("searchEdit")->text().isEmpty());
    QCOMPARE(child<QComboBox>("modelFilterCombo")->currentIndex(), 0);
    QVERIFY(!child<QToolButton>("favouritesButton")->isChecked());
}

void tst_GalleryView::filtersCombine()
{
    filters()->setSize(QSize(1024, 1024));
    filters()->setPeriod(GalleryFilters::Period::Last7Days);
    QTRY_COMPARE(m_app->gallery()->totalCount(), 2); // the fox, the garden's saved image
    QCOMPARE(child<QToolButton>("filtersButton")->text(), QStringLiteral("Filters (2) ▾"));
    QTest::keyClicks(child<QLineEdit>("searchEdit"), QStringLiteral("fox"));
    QTRY_COMPARE(m_app->gallery()->totalCount(), 1);
    QCOMPARE(m_app->gallery()->entry(0).task.request.prompt,
             QStringLiteral("a red fox in the snow"));
    QTest::keyClicks(child<QLineEdit>("searchEdit"), QStringLiteral(" garden"));
    QTRY_COMPARE(m_app->gallery()->totalCount(), 0);
    QCOMPARE(m_app->window()->galleryView()->emptyHintTitle(), QStringLiteral("Nothing matches"));

    // The keyboard way to clear everything.
    action("clearFiltersAction")->trigger();
    QCOMPARE(m_app->gallery()->totalCount(), m_allEntries);
}

void tst_GalleryView::popupOffersTheLibrarysSizes()
{
    auto *button = child<QToolButton>("filtersButton");
    QWidget *popup = filters()->window();
    QVERIFY(popup != m_app->window());
    QVERIFY(!popup->isVisible());
    auto *sizes = child<QComboBox>("sizeFilterCombo");

    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(QTest::qWaitForWindowExposed(popup));
    QVERIFY(filters()->isVisible());
    QVERIFY(button->isDown());
    QVERIFY(popup->geometry().top() >= button->mapToGlobal(QPoint(0, button->height())).y() - 1);
    // The keyboard starts in the popup and moves through it with Tab.
    QTRY_COMPARE(QApplication::focusWidget(), sizes);
    QTest::keyClick(sizes, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), child<QComboBox>("periodFilterCombo"));
    QCOMPARE(sizes->count(), 3); // any, then the sizes used, smallest first
    QCOMPARE(sizes->itemData(1).toSize(), QSize(1024, 1024));
    QCOMPARE(sizes->itemData(2).toSize(), QSize(1792, 1008));
    QCOMPARE(sizes->itemText(2), QStringLiteral("1792 × 1008  (16:9)"));

    // Choosing a size in the open popup narrows at once and leaves the popup open.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
    QCOMPARE(QApplication::focusWidget(), sizes);
    QTest::keyClick(sizes, Qt::Key_End);
    QCOMPARE(sizes->currentIndex(), 2);
    QTRY_COMPARE(m_app->gallery()->totalCount(), 2); // the lighthouse, the harbour
    QVERIFY(popup->isVisible());
    QCOMPARE(button->text(), QStringLiteral("Filters (1) ▾"));

    // A custom range enables the date fields; a named period shows its days but locks them.
    auto *from = child<QDateEdit>("fromDateEdit");
    QVERIFY(!from->isEnabled());
    auto *period = child<QComboBox>("periodFilterCombo");
    period->setCurrentIndex(period->findData(int(GalleryFilters::Period::Last30Days)));
    QCOMPARE(from->date(), QDate::currentDate().addDays(-29));
    QVERIFY(!from->isEnabled());
    period->setCurrentIndex(period->findData(int(GalleryFilters::Period::Custom)));
    QVERIFY(from->isEnabled());
    QCOMPARE(filters()->from(), QDate::currentDate().addDays(-29));
    QCOMPARE(button->text(), QStringLiteral("Filters (2) ▾"));

    // Escape closes it; the filters stay.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QTRY_VERIFY(!popup->isVisible());
    QVERIFY(!button->isDown());
    QCOMPARE(filters()->activeCount(), 2);
}

void tst_GalleryView::sortByDate()
{
    GalleryModel *gallery = m_app->gallery();
    action("sortOldestAction")->trigger();
    QTRY_COMPARE(gallery->entry(0).task.request.prompt, QStringLiteral("an old sea map"));
    QCOMPARE(child<QToolButton>("sortButton")->text(), QStringLiteral("Oldest first ▾"));
    QCOMPARE(gallery->entry(gallery->rowCount() - 1).task.request.prompt,
             QStringLiteral("a red fox in the snow"));
    // Sorting is not a filter: nothing to clear, everything shown.
    QVERIFY(!action("clearFiltersAction")->isEnabled());
    QCOMPARE(gallery->totalCount(), m_allEntries);
    // The sort holds with filters, and clearing them keeps it.
    filters()->setSize(QSize(1792, 1008));
    QTRY_COMPARE(shownPrompts(),
                 (QStringList { QStringLiteral("a quiet harbour"),
                                QStringLiteral("a lighthouse at dusk") }));
    action("clearFiltersAction")->trigger();
    QCOMPARE(gallery->entry(0).task.request.prompt, QStringLiteral("an old sea map"));
    QVERIFY(action("sortOldestAction")->isChecked());

    action("sortNewestAction")->trigger();
    QTRY_COMPARE(gallery->entry(0).task.request.prompt, QStringLiteral("a red fox in the snow"));
    QCOMPARE(child<QToolButton>("sortButton")->text(), QStringLiteral("Newest first ▾"));
}

void tst_GalleryView::newWorkFollowsTheFilters()
{
    // Showing the wide ones: a new wide result comes in; a result of another size and a wide
    // task that failed stay out (the failure is not a result, and is not counted).
    filters()->setSize(QSize(1792, 1008));
    GalleryModel *gallery = m_app->gallery();
    QTRY_COMPARE(gallery->totalCount(), 2);
    addTask(QStringLiteral("another fox"), QStringLiteral("wan2.2-t2i-flash"), QSize(1024, 1024),
            TaskState::Done, 0, 1);
    addTask(QStringLiteral("another failure"), QStringLiteral("wan2.2-t2i-flash"),
            QSize(1792, 1008), TaskState::Failed, 0, 0);
    addTask(QStringLiteral("another lighthouse"), QStringLiteral("wan2.2-t2i-flash"),
            QSize(1792, 1008), TaskState::Done, 0, 1);
    m_allEntries += 2;
    QTRY_COMPARE(gallery->totalCount(), 3);
    QCOMPARE(gallery->entry(0).task.request.prompt, QStringLiteral("another lighthouse"));
    QTRY_COMPARE(child<QLabel>("galleryCountLabel")->text(),
                 QStringLiteral("3 of %1 images").arg(m_allEntries));
}

void tst_GalleryView::runAgainAndVaryFromTheGallery()
{
    MainWindow *window = m_app->window();
    GalleryView *view = window->galleryView();
    GalleryModel *gallery = m_app->gallery();
    QTest::keyClicks(child<QLineEdit>("searchEdit"), QStringLiteral("harbour"));
    QTRY_COMPARE(gallery->totalCount(), 1);
    view->setFocus();
    view->setCurrentIndex(gallery->index(0));
    view->selectionModel()->select(gallery->index(0), QItemSelectionModel::ClearAndSelect);
    QVERIFY(action("runAgainAction")->isEnabled());

    QVERIFY(action("varyAction")->isEnabled());

    QSignalSpy added(m_app->tasks(), &TaskService::taskAdded);
    action("runAgainAction")->trigger();
    QCOMPARE(added.size(), 1);
    const auto task = added.first().first().value<TaskRecord>();
    QCOMPARE(task.request.prompt, QStringLiteral("a quiet harbour"));
    QVERIFY(task.id != gallery->entry(0).task.id);
    // Run Again is the same request, seed included; Vary is another take with a new seed.
    const GenerationRequest original = gallery->entry(0).task.request;
    QCOMPARE(task.request.seed, original.seed);
    action("varyAction")->trigger();
    QCOMPARE(added.size(), 2);
    const auto varied = added.last().first().value<TaskRecord>();
    QCOMPARE(varied.request.prompt, original.prompt);
    QVERIFY(varied.request.seed.has_value());
    QVERIFY(varied.request.seed != original.seed);
    // Once they are done, their results show, newest first.
    action("clearFiltersAction")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_app->library()->task(task.id).state, TaskState::Done, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(m_app->library()->task(varied.id).state, TaskState::Done, 15000);
    QTRY_COMPARE(gallery->entry(0).task.id, varied.id); // the newest first
    QTRY_COMPARE(gallery->entry(1).task.id, task.id);
    QVERIFY(gallery->entry(1).output.isSaved());
}

void tst_GalleryView::countDoesNotMoveTheSearchField()
{
    // "N images", "1 of N images", "N+1 images": the count's width is kept, so the search field
    // does not move under the pointer as the gallery fills or the filters narrow it.
    auto *search = child<QLineEdit>("searchEdit");
    auto *count = child<QLabel>("galleryCountLabel");
    QWidget *bar = search->parentWidget();
    bar->layout()->activate();
    const QRect before = search->geometry();
    const QString all = count->text();

    QTest::keyClicks(search, QStringLiteral("sea map"));
    QTRY_COMPARE(count->text(), QStringLiteral("1 of %1 images").arg(m_allEntries));
    bar->layout()->activate();
    QCOMPARE(search->geometry(), before);

    search->clear();
    QTRY_COMPARE(count->text(), all);
    addTask(QStringLiteral("one more"), QStringLiteral("wan2.2-t2i-flash"), QSize(1024, 1024),
            TaskState::Done, 0, 1);
    ++m_allEntries;
    QTRY_COMPARE(count->text(), QStringLiteral("%1 images").arg(m_allEntries));
    bar->layout()->activate();
    QCOMPARE(search->geometry(), before);
}

void tst_GalleryView::filterBarFitsAtEveryWidth()
{
    // From the window's minimum to a wide screen, with a search typed (so Clear shows): the
    // search field has room to type in and no control lies over another. Where one row is too
    // narrow the filters go to a second one.
    MainWindow *window = m_app->window();
    auto *bar = child<GalleryFilterBar>("galleryFilterBar");
    auto *search = child<QLineEdit>("searchEdit");
    const QSize before = window->size();
    QTest::keyClicks(search, QStringLiteral("sea"));
    QTRY_VERIFY(child<QToolButton>("clearFiltersButton")->isVisible());
    const QList<QWidget *> controls {
        search,
        child<QComboBox>("kindFilterCombo"),
        child<QComboBox>("modelFilterCombo"),
        child<QToolButton>("favouritesButton"),
        child<QToolButton>("filtersButton"),
        child<QToolButton>("clearFiltersButton"),
        child<QLabel>("galleryCountLabel"),
        child<QToolButton>("sortButton"),
    };
    for (const int width : { window->minimumWidth(), 1024, 1800 }) {
        window->resize(width, 700);
        QTRY_COMPARE(window->width(), width);
        QCoreApplication::processEvents();
        bar->layout()->activate();
        QVERIFY2(search->width() >= 150,
                 qPrintable(QStringLiteral("%1 px wide at %2").arg(search->width()).arg(width)));
        QVERIFY(bar->width() >= bar->minimumSizeHint().width());
        for (int i = 0; i < controls.size(); ++i) {
            QVERIFY(controls.at(i)->isVisible());
            for (int j = i + 1; j < controls.size(); ++j) {
                const QRect a(controls.at(i)->mapTo(bar, QPoint(0, 0)), controls.at(i)->size());
                const QRect b(controls.at(j)->mapTo(bar, QPoint(0, 0)), controls.at(j)->size());
                QVERIFY2(!a.intersects(b),
                         qPrintable(QStringLiteral("%1 over %2 at %3")
                                            .arg(controls.at(i)->objectName(),
                                                 controls.at(j)->objectName())
                                            .arg(width)));
            }
        }
        QCOMPARE(bar->hasTwoRows(), width < 1800);
    }
    search->clear();
    window->resize(before);
}

// The thumbnail size: the status bar's slider and Ctrl+wheel over the grid move it together,
// within its bounds; a plain wheel scrolls; the choice is kept for the next start.
void tst_GalleryView::thumbnailSizeFollowsTheSliderAndCtrlWheel()
{
    auto *view = child<GalleryView>("galleryView");
    auto *slider = child<QSlider>("thumbnailSizeSlider");
    QVERIFY(slider->isVisible());
    QCOMPARE(slider->value(), view->targetCellSize());
    const int before = view->targetCellSize();

    slider->setValue(GalleryView::MaximumCellSize);
    QCOMPARE(view->targetCellSize(), int(GalleryView::MaximumCellSize));
    QTRY_VERIFY(view->cellSize() >= GalleryView::MaximumCellSize);
    QCOMPARE(m_app->settings()->galleryCellSize(), int(GalleryView::MaximumCellSize));

    const auto wheel = [view](int notches, Qt::KeyboardModifiers modifiers) {
        const QPointF at = view->viewport()->rect().center();
        QWheelEvent event(at, view->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120 * notches),
                          Qt::NoButton, modifiers, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(view->viewport(), &event);
    };
    wheel(-2, Qt::ControlModifier);
    QCOMPARE(view->targetCellSize(), GalleryView::MaximumCellSize - 32);
    QCOMPARE(slider->value(), GalleryView::MaximumCellSize - 32);
    QTRY_VERIFY(view->cellSize() < GalleryView::MaximumCellSize);
    wheel(-40, Qt::ControlModifier); // never below the smallest
    QCOMPARE(view->targetCellSize(), int(GalleryView::MinimumCellSize));
    const int columnsSmall = view->viewport()->width() / view->cellSize();
    QVERIFY(columnsSmall >= 2);
    wheel(-1, Qt::NoModifier); // scrolls, does not size
    QCOMPARE(view->targetCellSize(), int(GalleryView::MinimumCellSize));

    slider->setValue(before);
    QCOMPARE(m_app->settings()->galleryCellSize(), before);
}

// A single End reaches the last row (the oldest result) even while a large gallery is still laid
// out in batches: QListView's own End stops at the last row laid out so far.
namespace {

// A gallery view of `rows` plain rows, shown.
struct PlainGallery
{
    explicit PlainGallery(int rows) : model(QStringList(rows, QStringLiteral("result")))
    {
        view.resize(800, 600);
        view.setModel(&model);
        view.show();
    }
    QStringListModel model;
    GalleryView view;
};

} // namespace

void tst_GalleryView::endGoesToTheOldestWhileLayingOut()
{
    PlainGallery gallery(100000);
    QStringListModel &model = gallery.model;
    GalleryView &view = gallery.view;
    // At once: no turn of the event loop has laid out more than the first batch.
    QTest::keyClick(&view, Qt::Key_End);
    QCOMPARE(view.currentIndex().row(), model.rowCount() - 1);
    QTRY_VERIFY(view.visualRect(view.currentIndex()).intersects(view.viewport()->rect()));
}

void tst_GalleryView::endAndHomeGoBackToTheCursorScrolledAway()
{
    PlainGallery gallery(2000);
    QStringListModel &model = gallery.model;
    GalleryView &view = gallery.view;
    const auto shown = [&](int row) {
        return view.visualRect(model.index(row, 0)).intersects(view.viewport()->rect());
    };
    QTest::keyClick(&view, Qt::Key_End);
    QTRY_VERIFY(shown(model.rowCount() - 1));
    // Scrolled back to the top (the wheel): End again brings the last row back, though the
    // cursor is already there.
    view.verticalScrollBar()->setValue(0);
    QVERIFY(!shown(model.rowCount() - 1));
    QTest::keyClick(&view, Qt::Key_End);
    QCOMPARE(view.currentIndex().row(), model.rowCount() - 1);
    QVERIFY(shown(model.rowCount() - 1));
    // And Home the first.
    QTest::keyClick(&view, Qt::Key_Home);
    QVERIFY(shown(0));
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
    QVERIFY(!shown(0));
    QTest::keyClick(&view, Qt::Key_Home);
    QCOMPARE(view.currentIndex().row(), 0);
    QVERIFY(shown(0));
}

void tst_GalleryView::groupedByDayTheKeysAndTheViewerSkipHeaders()
{
    GalleryView *view = m_app->window()->galleryView();
    GalleryModel *gallery = m_app->gallery();
    QAbstractItemModel *rows = view->model();
    QCOMPARE(m_app->settings()->galleryGrouping(), QStringLiteral("none"));
    QVERIFY(action("groupBy_none")->isChecked());
    QCOMPARE(rows->rowCount(), gallery->rowCount());

    // A header before each day of the fixture (newest first), titled and counted.
    action("groupBy_day")->trigger();
    QCOMPARE(m_app->settings()->galleryGrouping(), QStringLiteral("day"));
    QVERIFY(view->isGrouped());
    QTRY_VERIFY(rows->rowCount() > gallery->rowCount());
    QList<int> headers;
    QDate day;
    for (int row = 0; row < rows->rowCount(); ++row) {
        const QModelIndex index = rows->index(row, 0);
        if (view->isHeader(index)) {
            headers.append(row);
            QVERIFY(row + 1 < rows->rowCount() && !view->isHeader(rows->index(row + 1, 0)));
            const QDate next
                    = view->entry(rows->index(row + 1, 0)).task.createdAt.toLocalTime().date();
            QVERIFY(next != day);
            day = next;
            QCOMPARE(index.data().toString(),
                     GalleryGroupModel::dayTitle(day, QDate::currentDate()));
            continue;
        }
        QVERIFY(!headers.isEmpty());
        QCOMPARE(view->entry(index).task.createdAt.toLocalTime().date(), day);
        QCOMPARE(view->entry(index).output.id, gallery->entry(row - headers.size()).output.id);
    }
    QCOMPARE(rows->rowCount(), gallery->rowCount() + headers.size());
    QCOMPARE(headers.first(), 0);
    QVERIFY(headers.size() >= 4); // today, yesterday, 3, 9 and 40 days ago
    QCOMPARE(rows->index(0, 0).data().toString(), QStringLiteral("Today"));
    QCOMPARE(rows->index(0, 0).data(GalleryGroupModel::GroupCountRole).toInt(), headers.at(1) - 1);
    QCOMPARE(rows->index(headers.at(1), 0).data().toString(), QStringLiteral("Yesterday"));

    // A header spans the columns, its group's first cell is on the line below it.
    view->window()->resize(1200, 800);
    QTRY_COMPARE(view->visualRect(rows->index(0, 0)).width(), view->rowWidth());
    QVERIFY(view->rowWidth() >= 2 * view->cellSize());
    const QRect header = view->visualRect(rows->index(headers.at(1), 0));
    const QRect cell = view->visualRect(rows->index(headers.at(1) + 1, 0));
    QCOMPARE(header.height(), view->headerHeight());
    QCOMPARE(cell.top(), header.bottom() + 1);
    QCOMPARE(cell.left(), header.left());
    QCOMPARE(cell.size(), QSize(view->cellSize(), view->cellSize()));

    // The keys pass over the headers; a click on a header neither selects nor moves.
    view->setFocus();
    view->setCurrentIndex(rows->index(1, 0));
    QCOMPARE(view->currentIndex().row(), 1);
    QTest::keyClick(view, Qt::Key_Down);
    const int below = view->currentIndex().row();
    QVERIFY(below > 1 && !view->isHeader(view->currentIndex()));
    QVERIFY(view->visualRect(view->currentIndex()).top()
            > view->visualRect(rows->index(1, 0)).bottom());
    QTest::keyClick(view, Qt::Key_Up);
    QVERIFY(!view->isHeader(view->currentIndex()));
    QVERIFY(view->currentIndex().row() < below);
    for (int step = 0; step < rows->rowCount(); ++step) {
        QTest::keyClick(view, Qt::Key_Right);
        QVERIFY(!view->isHeader(view->currentIndex()));
    }
    QTest::keyClick(view, Qt::Key_End);
    QCOMPARE(view->currentIndex().row(), rows->rowCount() - 1);
    for (int step = 0; step < rows->rowCount(); ++step) {
        QTest::keyClick(view, Qt::Key_Left);
        QVERIFY(!view->isHeader(view->currentIndex()));
        QTest::keyClick(view, Qt::Key_Up);
        QVERIFY(!view->isHeader(view->currentIndex()));
    }
    QTest::keyClick(view, Qt::Key_Home);
    QCOMPARE(view->currentIndex().row(), 1);
    QTest::keyClick(view, Qt::Key_PageDown);
    QVERIFY(!view->isHeader(view->currentIndex()));
    for (int page = 0; page < rows->rowCount(); ++page) { // up to the top: the first header
        QTest::keyClick(view, Qt::Key_PageUp);
        QVERIFY(!view->isHeader(view->currentIndex()));
    }
    QCOMPARE(view->currentIndex().row(), 1);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, header.center());
    QCOMPARE(view->currentIndex().row(), 1);
    view->selectAll();
    QCOMPARE(view->selectedRows().size(), gallery->rowCount());
    QCOMPARE(view->selectedEntries().size(), gallery->rowCount());
    for (const QModelIndex &index : view->selectedRows())
        QVERIFY(!view->isHeader(index));
    view->clearSelection();

    // The viewer walks the same rows: next and previous step over the header between days.
    ImageViewer *viewer = m_app->window()->imageViewer();
    const int lastOfToday = headers.at(1) - 1;
    const int firstOfYesterday = headers.at(1) + 1;
    viewer->showIndex(rows->index(lastOfToday, 0));
    viewer->showNext();
    QCOMPARE(viewer->currentIndex().row(), firstOfYesterday);
    QCOMPARE(view->currentIndex().row(), firstOfYesterday);
    viewer->showPrevious();
    QCOMPARE(viewer->currentIndex().row(), lastOfToday);

    // Remembered: a window made now (the next start) groups by day from the first.
    {
        WindowServices services;
        services.settings = m_app->settings();
        services.library = m_app->library();
        services.gallery = m_app->gallery();
        GalleryView otherView;
        ImageViewer otherViewer;
        QMenu viewMenu;
        GalleryGroupingMenu menu(services, &otherView, &otherViewer, &viewMenu, nullptr);
        QVERIFY(otherView.isGrouped());
        QCOMPARE(menu.model()->grouping(), GalleryGrouping::Day);
        QVERIFY(viewMenu.findChild<QAction *>(QStringLiteral("groupBy_day"))->isChecked());
    }

    // By task: the prompt, its model and its count; then back to none.
    action("groupBy_task")->trigger();
    QCOMPARE(m_app->settings()->galleryGrouping(), QStringLiteral("task"));
    QTRY_COMPARE(rows->index(0, 0).data(GalleryGroupModel::GroupModelRole).toString().isEmpty(),
                 false);
    const GenerationRequest newest = view->entry(rows->index(1, 0)).task.request;
    QCOMPARE(rows->index(0, 0).data().toString(), newest.prompt);
    QCOMPARE(rows->index(0, 0).data(Qt::ToolTipRole).toString(), newest.prompt);
    QCOMPARE(rows->index(0, 0).data(GalleryGroupModel::GroupModelRole).toString(),
             DisplayText::modelName(newest.model));
    action("groupBy_none")->trigger();
    QCOMPARE(rows->rowCount(), m_allEntries);
    QVERIFY(!view->isGrouped());
    QCOMPARE(m_app->settings()->galleryGrouping(), QStringLiteral("none"));
}

QTEST_MAIN(tst_GalleryView)
#include "tst_galleryview.moc"
