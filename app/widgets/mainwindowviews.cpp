// MainWindow's views beyond the gallery: Compare, and full screen (the image alone on the whole
// screen, and the window as it was after).

#include "ui_mainwindow.h"
#include "widgets/compareview.h"
#include "widgets/galleryview.h"
#include "widgets/imageactions.h"
#include "widgets/imageviewer.h"
#include "widgets/mainwindow.h"

#include <QAction>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <utility>

CompareView *MainWindow::setupCompare(QAction **action)
{
    auto *view = new CompareView(m_ui->galleryStack);
    m_ui->galleryStack->addWidget(view);
    // Ctrl+Shift+C is Copy Prompt; M as in "compare", free everywhere in the window.
    *action = new QAction(tr("Co&mpare"), this);
    (*action)->setObjectName(QStringLiteral("compareAction"));
    (*action)->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_ui->imageMenu->insertAction(m_ui->favouriteAction, *action);
    m_ui->imageMenu->setToolTipsVisible(true); // why Compare is disabled, on the item
    return view;
}

void MainWindow::setupFullScreen()
{
    m_fullScreenAction = new QAction(tr("&Full Screen"), this);
    m_fullScreenAction->setObjectName(QStringLiteral("fullScreenAction"));
    m_fullScreenAction->setCheckable(true);
    // F11 on every desktop (Qt's FullScreen key is Ctrl+Shift+F on some, Clear Filters here).
    m_fullScreenAction->setShortcut(QKeySequence(Qt::Key_F11));
    m_fullScreenAction->setToolTip(tr("The image alone on the whole screen (F11; Esc leaves)"));
    m_ui->viewMenu->addAction(m_fullScreenAction);
    addAction(m_fullScreenAction); // its key works while the menu bar is hidden
    connect(m_fullScreenAction, &QAction::toggled, this, &MainWindow::setFullScreen);
    ImageViewer *viewer = m_ui->imageViewer;
    connect(viewer, &ImageViewer::fullScreenRequested, m_fullScreenAction, &QAction::setChecked);
    // Back to the gallery (Ctrl+G, a deleted image): the window as it was.
    connect(m_ui->galleryStack, &QStackedWidget::currentChanged, this, [this] {
        if (isFullScreenView() && !isViewerShown() && !m_images->isCompareShown())
            m_fullScreenAction->setChecked(false);
    });
}

void MainWindow::setFullScreen(bool on)
{
    if (on == isFullScreenView())
        return;
    ImageViewer *viewer = m_ui->imageViewer;
    if (!on) {
        const LayoutBeforeFullScreen before = *std::exchange(m_beforeFullScreen, std::nullopt);
        viewer->setFullScreenMode(false);
        for (QWidget *widget : before.hidden) {
            if (widget)
                widget->show();
        }
        setWindowState(before.state);
        m_ui->mainSplitter->restoreState(before.mainSplitter);
        m_ui->rightSplitter->restoreState(before.rightSplitter);
        // Again once the window manager has given the window its old size back.
        m_splittersAfterFullScreen = { before.mainSplitter, before.rightSplitter };
        const QSignalBlocker blocker(m_fullScreenAction);
        m_fullScreenAction->setChecked(false);
        return;
    }
    if (!isViewerShown() && !m_images->isCompareShown()) {
        // From the gallery: its current image.
        showViewer(m_ui->galleryView->currentIndex());
        if (!isViewerShown()) {
            const QSignalBlocker blocker(m_fullScreenAction);
            m_fullScreenAction->setChecked(false);
            statusBar()->showMessage(tr("Open an image to see it on the whole screen."), 5000);
            return;
        }
    }
    LayoutBeforeFullScreen before;
    before.state = windowState();
    before.mainSplitter = m_ui->mainSplitter->saveState();
    before.rightSplitter = m_ui->rightSplitter->saveState();
    QList<QWidget *> chrome { menuBar(), statusBar(), m_ui->demoBanner, m_ui->formScroll,
                              m_ui->tasksPanel };
    for (QToolBar *toolBar : findChildren<QToolBar *>(QString(), Qt::FindDirectChildrenOnly))
        chrome << toolBar;
    for (QWidget *widget : chrome) {
        if (!widget->isHidden()) {
            before.hidden << widget;
            widget->hide();
        }
    }
    m_splittersAfterFullScreen.reset();
    m_beforeFullScreen = before;
    viewer->setFullScreenMode(isViewerShown()); // Compare keeps its bar: its way back
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowFullScreen);
    const QSignalBlocker blocker(m_fullScreenAction);
    m_fullScreenAction->setChecked(true);
}
