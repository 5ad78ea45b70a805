#include "desktop/desktopapp.h"
#include "models/gallerymodel.h"
#include "support/desktoptest.h"
#include "widgets/compareview.h"
#include "widgets/galleryview.h"
#include "widgets/imageviewer.h"
#include "widgets/mainwindow.h"
#include "widgets/promptform.h"
#include "widgets/zoomview.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenuBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

// The window's full screen (F11, F in the viewer: only the image; Esc or F11 back to the window
// exactly as it was) and Compare from the gallery's selection (two to four images).
class tst_FullScreen : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void onlyTheImageThenTheWindowAsItWas();
    void maximizedWithoutTasksComesBackSo();
    void compareTwoToFourFromTheGallery();

private:
    template<typename T>
    T *child(const char *name) const
    {
        return m_app->window()->findChild<T *>(QLatin1String(name));
    }
    bool activate() const;
    void select(int first, int count) const;
    QList<QWidget *> chrome() const;

    QTemporaryDir m_dir;
    std::unique_ptr<DesktopApp> m_app;
};

void tst_FullScreen::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    startDesktopForTest(desktopTestOptions(m_dir), &m_app);
    if (QTest::currentTestFailed())
        return;
    MainWindow *window = m_app->window();
    // Five images: four in one task, one in another.
    for (const int count : { 4, 1 }) {
        GenerationRequest request = window->promptForm()->request();
        request.prompt = QStringLiteral("a lighthouse, %1").arg(count);
        request.count = count;
        request.seed = 7;
        window->promptForm()->setRequest(request);
        QAction *generate = child<QAction>("generateAction");
        QTRY_VERIFY(generate->isEnabled());
        generate->trigger();
    }
    GalleryView *gallery = window->galleryView();
    const auto saved = [gallery] {
        int images = 0;
        for (int row = 0; row < gallery->model()->rowCount(); ++row)
            images += gallery->entry(gallery->model()->index(row, 0)).output.isSaved() ? 1 : 0;
        return images;
    };
    QTRY_COMPARE_WITH_TIMEOUT(saved(), 5, 30000);
}

void tst_FullScreen::cleanupTestCase()
{
    m_app.reset();
}

bool tst_FullScreen::activate() const
{
    m_app->window()->activateWindow();
    return QTest::qWaitForWindowActive(m_app->window());
}

void tst_FullScreen::select(int first, int count) const
{
    GalleryView *gallery = m_app->window()->galleryView();
    const QAbstractItemModel *model = gallery->model();
    gallery->selectionModel()->select(
            QItemSelection(model->index(first, 0), model->index(first + count - 1, 0)),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QList<QWidget *> tst_FullScreen::chrome() const
{
    MainWindow *window = m_app->window();
    return { window->menuBar(), window->statusBar(), child<QToolBar>("mainToolBar"),
             child<QWidget>("formScroll"), child<QWidget>("tasksPanel") };
}

void tst_FullScreen::onlyTheImageThenTheWindowAsItWas()
{
    MainWindow *window = m_app->window();
    window->showNormal();
    auto *mainSplitter = child<QSplitter>("mainSplitter");
    auto *rightSplitter = child<QSplitter>("rightSplitter");
    mainSplitter->setSizes({ 330, 900 });
    rightSplitter->setSizes({ 500, 180 });
    const QList<int> mainSizes = mainSplitter->sizes();
    const QList<int> rightSizes = rightSplitter->sizes();
    const Qt::WindowStates state = window->windowState();
    for (QWidget *widget : chrome())
        QVERIFY2(widget->isVisible(), qPrintable(widget->objectName()));
    window->showViewer(window->galleryView()->model()->index(0, 0));
    ImageViewer *viewer = window->imageViewer();
    QTRY_VERIFY(window->isViewerShown() && !viewer->isLoading());
    QVERIFY(activate());

    QTest::keyClick(window, Qt::Key_F11);
    QVERIFY(window->isFullScreenView());
    QVERIFY(window->windowState() & Qt::WindowFullScreen);
    QVERIFY(window->fullScreenAction()->isChecked());
    for (QWidget *widget : chrome())
        QVERIFY2(!widget->isVisible(), qPrintable(widget->objectName()));
    QVERIFY(!viewer->findChild<QLabel *>(QStringLiteral("viewerTitleLabel"))->isVisible());
    // The image on the whole window, on black.
    ZoomView *zoom = viewer->zoomView();
    QTRY_COMPARE(QRect(zoom->mapTo(window, QPoint()), zoom->size()), window->rect());
    // The arrows still walk the gallery.
    QTest::keyClick(viewer, Qt::Key_Right);
    QCOMPARE(viewer->currentIndex().row(), 1);
    QVERIFY(window->isFullScreenView());

    // Esc leaves full screen, not the viewer; the window is as it was.
    QTest::keyClick(viewer, Qt::Key_Escape);
    QVERIFY(!window->isFullScreenView());
    QVERIFY(window->isViewerShown());
    QVERIFY(!window->fullScreenAction()->isChecked());
    QCOMPARE(window->windowState(), state);
    for (QWidget *widget : chrome())
        QVERIFY2(widget->isVisible(), qPrintable(widget->objectName()));
    QVERIFY(viewer->findChild<QLabel *>(QStringLiteral("viewerTitleLabel"))->isVisible());
    QTRY_COMPARE(mainSplitter->sizes(), mainSizes);
    QCOMPARE(rightSplitter->sizes(), rightSizes);

    // F11 again and back to the gallery (Ctrl+G): full screen ends with the viewer.
    QTest::keyClick(window, Qt::Key_F11);
    QVERIFY(window->isFullScreenView());
    window->showGallery();
    QVERIFY(!window->isFullScreenView());
    QCOMPARE(window->windowState(), state);
}

void tst_FullScreen::maximizedWithoutTasksComesBackSo()
{
    MainWindow *window = m_app->window();
    QAction *showTasks = child<QAction>("showTasksAction");
    showTasks->setChecked(false);
    window->showMaximized();
    QTRY_VERIFY(window->isMaximized());
    window->showViewer(window->galleryView()->model()->index(2, 0));
    ImageViewer *viewer = window->imageViewer();
    QTRY_VERIFY(window->isViewerShown() && !viewer->isLoading());
    QVERIFY(activate());
    // F in the viewer, F11 out.
    QTest::keyClick(viewer, Qt::Key_F);
    QVERIFY(window->isFullScreenView());
    QVERIFY(window->windowState() & Qt::WindowFullScreen);
    QTest::keyClick(window, Qt::Key_F11);
    QVERIFY(!window->isFullScreenView());
    QCOMPARE(window->windowState(), Qt::WindowMaximized);
    QVERIFY(!child<QWidget>("tasksPanel")->isVisible()); // stays put away
    QVERIFY(!showTasks->isChecked());
    QVERIFY(child<QWidget>("formScroll")->isVisible());
    showTasks->setChecked(true);
    window->showNormal();
    window->showGallery();
}

void tst_FullScreen::compareTwoToFourFromTheGallery()
{
    MainWindow *window = m_app->window();
    window->showGallery();
    QAction *compare = child<QAction>("compareAction");
    QVERIFY(compare);
    QCOMPARE(compare->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+M")));
    // In the gallery's context menu too.
    QVERIFY(window->galleryView()->actions().contains(compare));
    // One or five: disabled, and the tooltip says why.
    select(0, 1);
    QVERIFY(!compare->isEnabled());
    QVERIFY2(compare->toolTip().contains(QStringLiteral("two to four")),
             qPrintable(compare->toolTip()));
    select(0, 5);
    QVERIFY(!compare->isEnabled());
    QVERIFY2(compare->toolTip().contains(QStringLiteral("at most four")),
             qPrintable(compare->toolTip()));
    QCOMPARE(compare->statusTip(), compare->toolTip());
    // Three: side by side, in the viewer's place.
    select(1, 3);
    QVERIFY(compare->isEnabled());
    QVERIFY(activate());
    QTest::keyClick(window->galleryView(), Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
    auto *view = child<CompareView>("compareView");
    QVERIFY(view);
    QTRY_VERIFY(view->isVisible());
    QCOMPARE(view->count(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading(), 20000);
    for (int i = 0; i < 3; ++i) {
        QVERIFY(!view->pane(i)->image().isNull());
        QVERIFY2(view->caption(i).contains(QStringLiteral("seed")), qPrintable(view->caption(i)));
    }
    QTest::keyClick(view, Qt::Key_Escape);
    QTRY_VERIFY(!view->isVisible());
    QVERIFY(window->galleryView()->isVisible());
}

QTEST_MAIN(tst_FullScreen)
#include "tst_fullscreen.moc"
