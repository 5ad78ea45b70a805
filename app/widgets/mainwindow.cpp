#include "widgets/mainwindow.h"

#include "engine/taskservice.h"
#include "models/gallerymodel.h"
#include "platform/settings.h"
#include "ui_mainwindow.h"
#include "widgets/galleryfilterbar.h"
#include "widgets/galleryfilters.h"
#include "widgets/gallerygroupingmenu.h"
#include "widgets/galleryview.h"
#include "widgets/helpwindows.h"
#include "widgets/imageactions.h"
#include "widgets/imageviewer.h"
#include "widgets/inputslot.h"
#include "widgets/notifier.h"
#include "widgets/promptform.h"
#include "widgets/settingsdialog.h"
#include "widgets/taskpanel.h"
#include "widgets/uistyle.h"
#include "widgets/usagedialog.h"

#include <QClipboard>
#include <QCloseEvent>
#include <QDate>
#include <QDesktopServices>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QGuiApplication>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUrl>

namespace {

const QString MainSplitter = QStringLiteral("main");
const QString RightSplitter = QStringLiteral("right");

} // namespace

MainWindow::MainWindow(const WindowServices &services, QWidget *parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_services(services)
{
    m_ui->setupUi(this);
    setAcceptDrops(true);
    m_notifier = new Notifier(this);

    m_form = new PromptForm(*services.catalog, m_ui->formContainer);
    m_form->setObjectName(QStringLiteral("promptForm"));
    m_ui->formContainerLayout->addWidget(m_form);
    m_form->setDefaultModel(services.settings->defaultModel());
    m_form->setSettings(services.settings); // prompt history and styles
    m_form->setPriceTable(services.tasks->priceTable());
    connect(m_form, &PromptForm::generateRequested, this, &MainWindow::handleGenerate);
    connect(m_form, &PromptForm::canGenerateChanged, m_ui->generateAction, &QAction::setEnabled);
    connect(m_form, &PromptForm::changeEndpointRequested, this, &MainWindow::openSettings);
    m_ui->generateAction->setEnabled(m_form->canGenerate());

    m_modeLabel = new QLabel(this);
    m_modeLabel->setAccessibleName(tr("Mode"));
    m_activityLabel = new QLabel(this);
    m_activityLabel->setAccessibleName(tr("Activity"));
    statusBar()->addPermanentWidget(m_activityLabel);
    statusBar()->addPermanentWidget(m_modeLabel);

    setupActions();
    setupToolBar();
    setupGallery();
    setupTasks();

    m_ui->mainSplitter->setStretchFactor(0, 0);
    m_ui->mainSplitter->setStretchFactor(1, 1);
    m_ui->rightSplitter->setStretchFactor(0, 3);
    m_ui->rightSplitter->setStretchFactor(1, 1);
    m_ui->mainSplitter->setSizes({ 380, 900 });
    m_ui->rightSplitter->setSizes({ 560, 220 });

    connect(services.settings, &Settings::defaultModelChanged, m_form,
            &PromptForm::setDefaultModel);
    connect(m_notifier, &Notifier::activated, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });

    restoreState();
    setupLayoutSaving();
    setupFullScreen();
    setMode(false, services.settings->endpoint());
    m_form->focusPrompt();
}

MainWindow::~MainWindow() = default;

GalleryView *MainWindow::galleryView() const
{
    return m_ui->galleryView;
}

ImageViewer *MainWindow::imageViewer() const
{
    return m_ui->imageViewer;
}

TaskListModel *MainWindow::taskModel() const
{
    return m_ui->tasksPanel->model();
}

GalleryFilters *MainWindow::galleryFilters() const
{
    return m_ui->galleryFilterBar->filters();
}

bool MainWindow::isViewerShown() const
{
    return m_images->isViewerShown();
}

void MainWindow::showViewer(const QModelIndex &galleryIndex)
{
    m_images->showViewer(galleryIndex);
}

void MainWindow::showFileInViewer(const QString &path)
{
    m_images->showFileInViewer(path);
}

void MainWindow::showGallery()
{
    m_images->showGallery();
}

void MainWindow::setupActions()
{
    Ui::MainWindow &ui = *m_ui;
    ui.generateAction->setShortcuts(
            { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) });
    ui.generateAction->setIcon(QIcon::fromTheme(QStringLiteral("media-playback-start")));
    ui.settingsAction->setIcon(QIcon::fromTheme(QStringLiteral("preferences-system")));
    ui.quitAction->setIcon(QIcon::fromTheme(QStringLiteral("application-exit")));
    ui.deleteAction->setIcon(QIcon::fromTheme(QStringLiteral("edit-delete"),
                                              style()->standardIcon(QStyle::SP_TrashIcon)));
    ui.saveAsAction->setIcon(QIcon::fromTheme(QStringLiteral("document-save-as"),
                                              style()->standardIcon(QStyle::SP_DialogSaveButton)));
    ui.cancelTaskAction->setIcon(QIcon::fromTheme(QStringLiteral("process-stop"),
                                                  style()->standardIcon(QStyle::SP_BrowserStop)));
    ui.retryTaskAction->setIcon(QIcon::fromTheme(QStringLiteral("view-refresh"),
                                                 style()->standardIcon(QStyle::SP_BrowserReload)));

    connect(ui.generateAction, &QAction::triggered, m_form, &PromptForm::generate);
    connect(ui.settingsAction, &QAction::triggered, this, &MainWindow::openSettings);
    QAction *usageAction = ui.viewMenu->addAction(tr("&Usage and Costs…"));
    usageAction->setObjectName(QStringLiteral("usageAction"));
    connect(usageAction, &QAction::triggered, this, &MainWindow::openUsage);
    connect(ui.addKeyAction, &QAction::triggered, this, &MainWindow::openAddKey);
    connect(ui.demoAddKeyButton, &QPushButton::clicked, this, &MainWindow::openAddKey);
    connect(ui.quitAction, &QAction::triggered, this, &QWidget::close);
    connect(ui.findAction, &QAction::triggered, this, [this] {
        showGallery();
        m_ui->galleryFilterBar->focusSearch();
    });
    connect(ui.focusPromptAction, &QAction::triggered, m_form, &PromptForm::focusPrompt);
    connect(ui.editClipboardAction, &QAction::triggered, this, &MainWindow::editFromClipboard);
    connect(ui.showGalleryAction, &QAction::triggered, this, &MainWindow::showGallery);
    connect(ui.aboutAction, &QAction::triggered, this, &MainWindow::about);
    setupHelp();
}

void MainWindow::setupHelp()
{
    Ui::MainWindow &ui = *m_ui;
    QAction *shortcuts = new QAction(tr("&Keyboard Shortcuts"), this);
    shortcuts->setObjectName(QStringLiteral("shortcutsAction"));
    shortcuts->setShortcuts(
            { QKeySequence(Qt::CTRL | Qt::Key_Question), QKeySequence(Qt::CTRL | Qt::Key_Slash) });
    connect(shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    QAction *documentation = new QAction(tr("&Documentation"), this);
    documentation->setObjectName(QStringLiteral("documentationAction"));
    documentation->setShortcut(QKeySequence::HelpContents);
    connect(documentation, &QAction::triggered, this,
            [] { QDesktopServices::openUrl(QUrl(HelpWindows::documentationUrl())); });
    QAction *systemInfo = new QAction(tr("Copy &System Information"), this);
    systemInfo->setObjectName(QStringLiteral("copySystemInfoAction"));
    systemInfo->setToolTip(tr("For a bug report: versions, system and region; never the key"));
    connect(systemInfo, &QAction::triggered, this, [this] {
        QGuiApplication::clipboard()->setText(HelpWindows::systemInformation(m_services, m_demo));
        statusBar()->showMessage(tr("System information copied: paste it into your report."), 4000);
    });
    ui.helpMenu->insertActions(ui.aboutAction, { shortcuts, documentation, systemInfo });
    ui.helpMenu->insertSeparator(ui.aboutAction);
}

void MainWindow::showShortcuts()
{
    QList<ShortcutsDialog::Group> groups;
    for (QAction *menu : menuBar()->actions()) {
        if (menu->menu())
            groups.append({ UiStyle::withoutAccelerator(menu->text()), menu->menu()->actions() });
    }
    auto *dialog = new ShortcutsDialog(groups, ShortcutsDialog::viewKeys(), this);
    dialog->setObjectName(QStringLiteral("shortcutsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::setupLayoutSaving()
{
    // Saved as it changes, not only on a clean quit: a crash or a logout keeps the layout.
    m_saveLayoutLater = new QTimer(this);
    m_saveLayoutLater->setSingleShot(true);
    m_saveLayoutLater->setInterval(800);
    connect(m_saveLayoutLater, &QTimer::timeout, this, &MainWindow::saveLayout);
    for (QSplitter *splitter : { m_ui->mainSplitter, m_ui->rightSplitter }) {
        connect(splitter, &QSplitter::splitterMoved, m_saveLayoutLater,
                qOverload<>(&QTimer::start));
    }

    // The task panel can be put away, and stays away at the next start.
    m_showTasksAction = m_ui->viewMenu->addAction(tr("Show &Tasks"));
    m_showTasksAction->setObjectName(QStringLiteral("showTasksAction"));
    m_showTasksAction->setCheckable(true);
    m_showTasksAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_showTasksAction->setChecked(m_services.settings->tasksPanelShown());
    m_ui->tasksPanel->setVisible(m_showTasksAction->isChecked());
    connect(m_showTasksAction, &QAction::toggled, this, [this](bool show) {
        m_ui->tasksPanel->setVisible(show);
        m_services.settings->setTasksPanelShown(show);
        m_services.settings->sync();
    });
}

void MainWindow::setupToolBar()
{
    // The few things people do most.
    Ui::MainWindow &ui = *m_ui;
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->addAction(ui.generateAction);
    toolbar->addSeparator();
    toolbar->addAction(ui.reuseAction);
    toolbar->addAction(ui.saveAsAction);
    toolbar->addAction(ui.deleteAction);
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    // Not "Add API Key…": it shows only in demo mode, where the banner has that button.
    toolbar->addAction(ui.settingsAction);
    // Icons beside the texts when the desktop's icon theme has one for every action; texts alone
    // otherwise, rather than a row where some actions have Qt's fallback icons and others none.
    ui.reuseAction->setIcon(QIcon::fromTheme(QStringLiteral("edit-paste")));
    bool themed = true;
    for (const char *name : { "media-playback-start", "edit-paste", "document-save-as",
                              "edit-delete", "preferences-system" })
        themed = themed && QIcon::hasThemeIcon(QLatin1String(name));
    toolbar->setToolButtonStyle(themed ? Qt::ToolButtonTextBesideIcon : Qt::ToolButtonTextOnly);
    for (QAction *action : toolbar->actions())
        UiStyle::showWithoutAccelerator(action);
}

void MainWindow::setupGallery()
{
    Ui::MainWindow &ui = *m_ui;
    ui.galleryView->setEntryRole(GalleryModel::EntryRole);
    // The view and the viewer walk the rows grouped by View > Group Gallery By.
    new GalleryGroupingMenu(m_services, ui.galleryView, ui.imageViewer, ui.viewMenu, this);
    updateGalleryHint(false, false);
    ui.imageViewer->setLibrary(m_services.library); // lineage: Made from, Used in
    ui.galleryStack->setCurrentWidget(ui.galleryPage);

    // Thumbnail size: a slider at the end of the status bar (where image viewers keep it) and
    // Ctrl+wheel over the grid, kept for the next start.
    auto *cellSlider = new QSlider(Qt::Horizontal, this);
    cellSlider->setObjectName(QStringLiteral("thumbnailSizeSlider"));
    cellSlider->setRange(GalleryView::MinimumCellSize, GalleryView::MaximumCellSize);
    cellSlider->setSingleStep(16);
    cellSlider->setPageStep(48);
    cellSlider->setFixedWidth(120);
    cellSlider->setAccessibleName(tr("Thumbnail size"));
    cellSlider->setToolTip(tr("Thumbnail size (Ctrl+wheel over the gallery)"));
    if (const int saved = m_services.settings->galleryCellSize(); saved > 0)
        ui.galleryView->setTargetCellSize(saved);
    cellSlider->setValue(ui.galleryView->targetCellSize());
    statusBar()->addPermanentWidget(cellSlider);
    connect(cellSlider, &QSlider::valueChanged, ui.galleryView, &GalleryView::setTargetCellSize);
    connect(ui.galleryView, &GalleryView::targetCellSizeChanged, this,
            [this, cellSlider](int size) {
                cellSlider->setValue(size);
                m_services.settings->setGalleryCellSize(size);
            });

    // Remembered: set before the bar is connected, so the first query already leaves them out;
    // saved with each query (Clear Filters included).
    GalleryFilters *filters = ui.galleryFilterBar->filters();
    filters->setHideDemo(m_services.settings->hideDemoResults());
    connect(ui.galleryFilterBar, &GalleryFilterBar::queryApplied, m_services.settings,
            [settings = m_services.settings, filters] {
                settings->setHideDemoResults(filters->hidesDemo());
            });
    ui.galleryFilterBar->setup(m_services.gallery, m_services.library,
                               { ui.clearFiltersAction, ui.sortNewestAction, ui.sortOldestAction });
    connect(ui.galleryFilterBar, &GalleryFilterBar::queryApplied, this,
            &MainWindow::updateGalleryHint);
    // The splitter keeps the gallery at least as wide as its filter bar in two rows (more than
    // the form file's 360 px): narrower, its controls would lie over one another.
    const QMargins pageMargins = ui.galleryLayout->contentsMargins();
    ui.galleryStack->setMinimumWidth(std::max(ui.galleryStack->minimumWidth(),
                                              ui.galleryFilterBar->minimumSizeHint().width()
                                                      + pageMargins.left() + pageMargins.right()));

    ImageActions::Views views;
    views.stack = ui.galleryStack;
    views.galleryPage = ui.galleryPage;
    views.gallery = ui.galleryView;
    views.viewer = ui.imageViewer;
    ImageActions::Actions actions;
    actions.openViewer = ui.openViewerAction;
    actions.openImage = ui.openImageAction;
    actions.reuse = ui.reuseAction;
    actions.runAgain = ui.runAgainAction;
    actions.vary = ui.varyAction;
    actions.animate = ui.animateAction;
    actions.videoBetween = ui.videoBetweenAction;
    actions.edit = ui.editImageAction;
    actions.favourite = ui.favouriteAction;
    actions.saveAs = ui.saveAsAction;
    actions.copyImage = ui.copyImageAction;
    actions.copyPrompt = ui.copyPromptAction;
    actions.copyCurl = ui.copyImageCurlAction;
    actions.reveal = ui.revealAction;
    actions.remove = ui.deleteAction;
    actions.undoDelete = new QAction(tr("&Undo Delete"), this);
    actions.undoDelete->setObjectName(QStringLiteral("undoDeleteAction"));
    actions.undoDelete->setShortcut(QKeySequence::Undo);
    ui.editMenu->insertAction(ui.editImageAction, actions.undoDelete);
    ui.editMenu->insertSeparator(ui.editImageAction);
    views.compare = setupCompare(&actions.compare);
    m_images = new ImageActions(m_services, views, actions, this);
    connect(m_images, &ImageActions::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_images, &ImageActions::reuseRequested, this, &MainWindow::reuse);
    connect(m_images, &ImageActions::videoRequested, this, &MainWindow::startVideo);
    connect(m_images, &ImageActions::editRequested, this, &MainWindow::startEdit);
}

void MainWindow::setupTasks()
{
    Ui::MainWindow &ui = *m_ui;
    TaskPanel::Actions actions;
    actions.cancel = ui.cancelTaskAction;
    actions.retry = ui.retryTaskAction;
    actions.vary = ui.varyTaskAction;
    actions.copyTaskId = ui.copyTaskIdAction;
    actions.copyRequestId = ui.copyRequestIdAction;
    actions.copyCurl = ui.copyCurlAction;
    actions.openTask = ui.openTaskAction;
    ui.tasksPanel->setup(m_services, actions, m_notifier);
    connect(ui.tasksPanel, &TaskPanel::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(ui.tasksPanel, &TaskPanel::activityChanged, m_activityLabel, &QLabel::setText);
    connect(ui.tasksPanel, &TaskPanel::reuseRequested, this,
            [this](const GenerationRequest &request) { reuse(request); });
}

void MainWindow::updateGalleryHint(bool filtered, bool onlyFavourites)
{
    if (filtered) {
        m_ui->galleryView->setEmptyHint(
                tr("Nothing matches"),
                onlyFavourites
                        ? tr("Star an image (click its star, or Ctrl+D) to find it here.")
                        : tr("Try fewer words or filters, or clear them all (Ctrl+Shift+F)."));
    } else {
        m_ui->galleryView->setEmptyHint(
                tr("No images yet"),
                tr("Type a prompt on the left and press Ctrl+Enter.\n"
                   "Images appear here, newest first. Drop any PNG here to see how it was made."));
    }
}

void MainWindow::setKeyPending()
{
    m_keyPending = true;
    m_modeLabel->setText(tr("Reading the API key…"));
    UiStyle::setTone(m_modeLabel, UiStyle::Tone::Muted);
}

void MainWindow::setMode(bool demo, const Endpoint &endpoint)
{
    m_keyPending = false;
    m_demo = demo;
    m_endpoint = endpoint;
    m_form->setEndpoint(endpoint, demo);
    m_ui->addKeyAction->setVisible(demo);
    if (demo) {
        m_modeLabel->setText(tr("Demo mode: built-in simulator, no API key"));
        UiStyle::setTone(m_modeLabel, UiStyle::Tone::Warning);
    } else {
        const QString where = endpoint.isCustom()
                ? tr("%1 via %2").arg(regionDisplayName(endpoint.region), endpoint.baseUrl.host())
                : regionDisplayName(endpoint.region);
        m_modeLabel->setText(tr("Model Studio · %1").arg(where));
        UiStyle::setTone(m_modeLabel, UiStyle::Tone::Muted);
    }
    updateTitle();
    updateBanner();
}

void MainWindow::updateTitle()
{
    // QGuiApplication's display name ("DashScope Studio") is appended by Qt.
    setWindowTitle(m_demo ? tr("Demo mode (built-in simulator)") : QString());
}

void MainWindow::updateBanner()
{
    m_ui->demoBanner->setVisible(m_demo);
    // A tint of the highlight colour: visible in light and dark palettes alike.
    QPalette palette = this->palette();
    const QColor window = palette.color(QPalette::Window);
    const QColor highlight = palette.color(QPalette::Highlight);
    const QColor tint = QColor::fromRgbF(window.redF() * 0.82 + highlight.redF() * 0.18,
                                         window.greenF() * 0.82 + highlight.greenF() * 0.18,
                                         window.blueF() * 0.82 + highlight.blueF() * 0.18);
    palette.setColor(QPalette::Window, tint);
    m_ui->demoBanner->setPalette(palette);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    if (const auto splitters = std::exchange(m_splittersAfterFullScreen, std::nullopt)) {
        m_ui->mainSplitter->restoreState(splitters->first);
        m_ui->rightSplitter->restoreState(splitters->second);
    }
    if (m_saveLayoutLater && isVisible())
        m_saveLayoutLater->start();
}

void MainWindow::moveEvent(QMoveEvent *event)
{
    QMainWindow::moveEvent(event);
    if (m_saveLayoutLater && isVisible())
        m_saveLayoutLater->start();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        updateBanner();
    QMainWindow::changeEvent(event);
}

void MainWindow::restoreState()
{
    Settings *settings = m_services.settings;
    if (!settings->windowGeometry().isEmpty())
        restoreGeometry(settings->windowGeometry());
    else
        resize(1280, 800);
    if (!settings->windowState().isEmpty())
        QMainWindow::restoreState(settings->windowState());
    if (!settings->splitterState(MainSplitter).isEmpty())
        m_ui->mainSplitter->restoreState(settings->splitterState(MainSplitter));
    if (!settings->splitterState(RightSplitter).isEmpty())
        m_ui->rightSplitter->restoreState(settings->splitterState(RightSplitter));
    const GenerationRequest last = settings->lastRequest();
    if (!last.model.isEmpty() || !last.prompt.isEmpty())
        m_form->setRequest(last);
    m_stateRestored = true;
}

void MainWindow::saveState()
{
    Settings *settings = m_services.settings;
    saveLayout();
    settings->setLastRequest(m_form->request());
    settings->sync();
}

void MainWindow::saveLayout()
{
    if (isFullScreenView())
        return; // the layout to keep is the one full screen leaves
    Settings *settings = m_services.settings;
    settings->setWindowGeometry(saveGeometry());
    settings->setWindowState(QMainWindow::saveState());
    settings->setSplitterState(MainSplitter, m_ui->mainSplitter->saveState());
    settings->setSplitterState(RightSplitter, m_ui->rightSplitter->saveState());
    settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    setFullScreen(false); // what is saved is the window as it was before
    saveState();
    QMainWindow::closeEvent(event);
}

void MainWindow::openSettings()
{
    openSettingsDialog(false);
}

void MainWindow::openAddKey()
{
    openSettingsDialog(true);
}

void MainWindow::openSettingsDialog(bool focusKey)
{
    SettingsDialog dialog(m_services.settings, m_services.secrets, m_services.tasks,
                          *m_services.catalog, this);
    if (focusKey)
        dialog.focusKey();
    if (dialog.exec() == QDialog::Accepted) {
        emit settingsApplied();
        if (dialog.restartRequested())
            emit restartRequested();
    }
}

void MainWindow::handleGenerate(const GenerationRequest &request)
{
    if (m_keyPending) {
        statusBar()->showMessage(tr("The API key is still being read from the keychain. Press "
                                    "Generate again in a moment."),
                                 6000);
        return;
    }
    if (const TaskStart start = m_services.tasks->submit(request); !start.isStarted()) {
        if (start.refusal == TaskStart::Refusal::OverBudget)
            offerBudgetRaise(request, start.error.message);
        else
            statusBar()->showMessage(start.error.message, 8000);
        return;
    }
    m_services.settings->setLastRequest(request);
    const CostEstimate cost = m_services.tasks->estimate(request);
    const QString currency = cost.currency.isEmpty()
            ? regionCurrency(m_services.tasks->endpoint().region)
            : cost.currency;
    if (!m_demo && !cost.known && m_services.settings->budgetsFor().contains(currency)) {
        statusBar()->showMessage(tr("Task started. Its price is unknown, so your monthly budget "
                                    "could not be checked for it."),
                                 8000);
        return;
    }
    statusBar()->showMessage(m_demo ? tr("Task started (demo: the built-in simulator answers).")
                                    : tr("Task started."),
                             4000);
}

void MainWindow::reuse(const GenerationRequest &request, const QString &source)
{
    m_form->reuse(request, source);
    m_form->focusPrompt();
    if (!m_form->canGenerate()) {
        // Never "press Ctrl+Enter" while Generate is off: the form says what to change.
        statusBar()->showMessage(tr("The prompt form now has these settings; change what it "
                                    "marks before generating."),
                                 8000);
        return;
    }
    statusBar()->showMessage(
            makesVideo(request.kind)
                    ? tr("The prompt form now has this video's settings. Press Ctrl+Enter to "
                         "generate.")
                    : tr("The prompt form now has this image's settings. Press Ctrl+Enter to "
                         "generate."),
            6000);
}

void MainWindow::startVideo(const QStringList &images)
{
    if (!m_form->startVideoFrom(images)) {
        statusBar()->showMessage(
                images.size() > 1
                        ? tr("No first-and-last-frame video model is served in this region; "
                             "choose another region in Settings.")
                        : tr("No image-to-video model is served in this region; choose another "
                             "region in Settings."),
                8000);
        return;
    }
    m_form->focusPrompt();
    statusBar()->showMessage(tr("Describe the motion (optional), then press Ctrl+Enter."), 6000);
}

void MainWindow::startEdit(const QString &image)
{
    if (!m_form->startEditFrom(image)) {
        statusBar()->showMessage(tr("No image editing model is served in %1; choose another "
                                    "region in Settings.")
                                         .arg(regionDisplayName(m_endpoint.region)),
                                 8000);
        return;
    }
    // The prompt of what made the image is rarely the change wanted: typing replaces it.
    m_form->selectPrompt();
    statusBar()->showMessage(tr("Describe the change you want, then press Ctrl+Enter."), 6000);
}

void MainWindow::editFromClipboard()
{
    // A copied file (a file manager) or a copied picture (a browser, a screenshot tool).
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    QString path;
    if (mime && mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile())
        path = mime->urls().first().toLocalFile();
    else if (mime && mime->hasImage())
        path = InputSlot::savePasted(qvariant_cast<QImage>(mime->imageData()),
                                     InputSlot::pasteFolder());
    if (path.isEmpty()) {
        statusBar()->showMessage(tr("The clipboard holds no image; copy one first."), 6000);
        return;
    }
    startEdit(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (m_images->acceptsDrag(event))
        event->acceptProposedAction();
    else
        event->ignore();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    if (m_images->showDropped(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::about()
{
    QMessageBox::about(
            this, tr("About DashScope Studio"),
            tr("<h3>DashScope Studio %1</h3>"
               "<p>A desktop client for Alibaba Cloud Model Studio (DashScope) image "
               "generation.</p>"
               "<p>Every task and image is kept in a local library, with the settings that made it "
               "written into each PNG.</p>"
               "<p>Licensed under the GNU General Public License, version 3 or later.</p>")
                    .arg(QStringLiteral(STUDIO_VERSION)));
}

// The budget refused a create (nothing was sent): the figures, and a raise for this month only.
void MainWindow::offerBudgetRaise(const GenerationRequest &request, const QString &explanation)
{
    TaskService *tasks = m_services.tasks;
    Settings *settings = m_services.settings;
    const CostEstimate cost = tasks->estimate(request);
    const QString currency = cost.currency;
    const double budget = settings->budgetsFor().value(currency);
    const double missing = tasks->spentThisMonth(currency) + cost.amount - budget;
    QMessageBox box(QMessageBox::Warning, tr("Over this month's budget"), explanation,
                    QMessageBox::Cancel, this);
    box.setInformativeText(
            tr("Estimates use the prices in the program; the bill is the service's."));
    QPushButton *raise = box.addButton(
            tr("Raise This Month's Budget by %1 and Generate").arg(formatMoney(missing, currency)),
            QMessageBox::AcceptRole);
    box.exec();
    if (box.clickedButton() != raise)
        return;
    const QDate today = QDate::currentDate();
    settings->setBudgetRaise(currency, today, settings->budgetRaise(currency, today) + missing);
    tasks->setMonthlyBudget(settings->budgetsFor());
    handleGenerate(request);
}

void MainWindow::openUsage()
{
    // Not modal: the person may keep generating and press the dialog's grouping again.
    auto *dialog = new UsageDialog(m_services.library, m_services.settings, this);
    dialog->setObjectName(QStringLiteral("usageDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_services.tasks, &TaskService::taskFinished, dialog, &UsageDialog::reload);
    dialog->show();
}
