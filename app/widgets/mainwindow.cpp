#include "widgets/mainwindow.h"

#include "engine/taskservice.h"
#include "models/displaytext.h"
#include "models/gallerymodel.h"
#include "models/tasklistmodel.h"
#include "platform/secretstore.h"
#include "platform/settings.h"
#include "protocol/curlcommand.h"
#include "ui_mainwindow.h"
#include "widgets/galleryfilters.h"
#include "widgets/galleryview.h"
#include "widgets/imageviewer.h"
#include "widgets/notifier.h"
#include "widgets/promptform.h"
#include "widgets/settingsdialog.h"
#include "widgets/taskprogressdelegate.h"
#include "widgets/uistyle.h"

#include <QActionGroup>
#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImageReader>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QUrl>

#ifdef STUDIO_HAVE_DBUS
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#endif

namespace {

const QString MainSplitter = QStringLiteral("main");
const QString RightSplitter = QStringLiteral("right");

// A file name that does not exist yet in `directory`: name.png, name-2.png, …
QString uniqueFilePath(const QString &directory, const QString &fileName)
{
    const QFileInfo info(fileName);
    QString candidate = QDir(directory).filePath(fileName);
    for (int i = 2; QFileInfo::exists(candidate); ++i) {
        candidate = QDir(directory).filePath(
                QStringLiteral("%1-%2.%3").arg(info.completeBaseName()).arg(i).arg(info.suffix()));
    }
    return candidate;
}

void openFolders(const QStringList &files)
{
    QStringList folders;
    for (const QString &file : files) {
        const QString folder = QFileInfo(file).absolutePath();
        if (!folders.contains(folder))
            folders << folder;
    }
    for (const QString &folder : folders)
        QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
}

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

bool MainWindow::isViewerShown() const
{
    return m_ui->galleryStack->currentWidget() == m_ui->imageViewer;
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
    connect(ui.addKeyAction, &QAction::triggered, this, &MainWindow::openAddKey);
    connect(ui.demoAddKeyButton, &QPushButton::clicked, this, &MainWindow::openAddKey);
    connect(ui.quitAction, &QAction::triggered, this, &QWidget::close);
    connect(ui.openImageAction, &QAction::triggered, this, &MainWindow::openImageFile);
    connect(ui.openTaskAction, &QAction::triggered, this, &MainWindow::openTaskId);
    connect(ui.openViewerAction, &QAction::triggered, this,
            [this] { showViewer(m_ui->galleryView->currentIndex()); });
    connect(ui.reuseAction, &QAction::triggered, this, &MainWindow::reuseSettings);
    connect(ui.runAgainAction, &QAction::triggered, this, &MainWindow::runAgain);
    connect(ui.favouriteAction, &QAction::triggered, this, &MainWindow::toggleFavourite);
    connect(ui.saveAsAction, &QAction::triggered, this, &MainWindow::saveImagesAs);
    connect(ui.copyImageAction, &QAction::triggered, this, &MainWindow::copyImage);
    connect(ui.copyPromptAction, &QAction::triggered, this, &MainWindow::copyPrompt);
    connect(ui.revealAction, &QAction::triggered, this, &MainWindow::revealInFileManager);
    connect(ui.deleteAction, &QAction::triggered, this, &MainWindow::deleteImages);
    connect(ui.cancelTaskAction, &QAction::triggered, this, &MainWindow::cancelTask);
    connect(ui.retryTaskAction, &QAction::triggered, this, &MainWindow::retryTask);
    connect(ui.copyTaskIdAction, &QAction::triggered, this, &MainWindow::copyTaskId);
    connect(ui.copyRequestIdAction, &QAction::triggered, this, &MainWindow::copyRequestId);
    connect(ui.copyCurlAction, &QAction::triggered, this, [this] { copyCurl(currentTask()); });
    connect(ui.copyImageCurlAction, &QAction::triggered, this, [this] {
        const QList<LibraryEntry> entries = actionEntries();
        if (entries.size() == 1)
            copyCurl(entries.first().task);
    });
    connect(ui.findAction, &QAction::triggered, this, [this] {
        showGallery();
        m_ui->searchEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->searchEdit->selectAll();
    });
    connect(ui.focusPromptAction, &QAction::triggered, m_form, &PromptForm::focusPrompt);
    connect(ui.showGalleryAction, &QAction::triggered, this, &MainWindow::showGallery);
    connect(ui.aboutAction, &QAction::triggered, this, &MainWindow::about);

    // Keys that text fields also use (Delete, Ctrl+C) act on images only where images have focus.
    for (QAction *action : { ui.copyImageAction, ui.copyPromptAction, ui.deleteAction,
                             ui.favouriteAction, ui.openViewerAction }) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        ui.galleryView->addAction(action);
        ui.imageViewer->addAction(action);
    }
    ui.imageViewer->removeAction(ui.openViewerAction);
    ui.galleryView->insertAction(ui.copyImageAction, ui.reuseAction);
    ui.galleryView->insertAction(ui.copyImageAction, ui.runAgainAction);
    ui.galleryView->insertAction(ui.copyImageAction, ui.saveAsAction);
    ui.galleryView->insertAction(ui.deleteAction, ui.copyImageCurlAction);
    ui.galleryView->insertAction(ui.deleteAction, ui.revealAction);

    // The toolbar: the few things people do most.
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
    ui.galleryView->setModel(m_services.gallery);
    ui.galleryView->setEmptyHint(
            tr("No images yet"),
            tr("Type a prompt on the left and press Ctrl+Enter.\n"
               "Images appear here, newest first. Drop any PNG here to see how it was made."));
    ui.imageViewer->setModel(m_services.gallery, GalleryModel::EntryRole);
    ui.galleryStack->setCurrentWidget(ui.galleryPage);

    connect(ui.galleryView, &QListView::activated, this, &MainWindow::showViewer);
    connect(ui.galleryView, &GalleryView::favouriteToggled, this, &MainWindow::toggleFavouriteAt);
    connect(ui.galleryView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateImageActions);
    connect(ui.galleryView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::updateImageActions);
    connect(ui.imageViewer, &ImageViewer::closeRequested, this, &MainWindow::showGallery);
    connect(ui.imageViewer, &ImageViewer::reuseRequested, this, &MainWindow::reuse);
    connect(ui.imageViewer, &ImageViewer::currentIndexChanged, this,
            [this](const QModelIndex &index) {
                if (index.isValid())
                    m_ui->galleryView->setCurrentIndex(index);
                updateImageActions();
            });

    GalleryModel *model = m_services.gallery;
    connect(model, &GalleryModel::totalCountChanged, this, &MainWindow::updateGalleryCount);
    connect(model, &QAbstractItemModel::modelReset, this, &MainWindow::updateGalleryCount);
    connect(model, &QAbstractItemModel::dataChanged, this, &MainWindow::updateImageActions);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateImageActions);

    // Searching: a short pause after typing, so every keystroke does not query the library.
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(150);
    connect(&m_searchDelay, &QTimer::timeout, this, &MainWindow::applyGalleryQuery);
    connect(ui.searchEdit, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(ui.searchEdit, &QLineEdit::returnPressed, this, &MainWindow::applyGalleryQuery);
    connect(ui.modelFilterCombo, &QComboBox::currentIndexChanged, this,
            &MainWindow::applyGalleryQuery);
    connect(ui.favouritesButton, &QToolButton::toggled, this, &MainWindow::applyGalleryQuery);

    // Size, date and state in a popup under "Filters", so the bar stays one short line.
    m_filters = new GalleryFilters;
    m_filters->setObjectName(QStringLiteral("galleryFilters"));
    m_filtersPopup = new PopupPanel(m_filters, ui.filtersButton);
    m_filtersPopup->setObjectName(QStringLiteral("filtersPopup"));
    connect(m_filtersPopup, &PopupPanel::aboutToShow, this, [this] {
        // The sizes used so far, fresh each time the popup opens.
        if (m_services.library)
            m_filters->setSizes(m_services.library->sizes());
    });
    connect(m_filters, &GalleryFilters::changed, this, &MainWindow::applyGalleryQuery);
    if (m_services.library)
        m_filters->setSizes(m_services.library->sizes());
    ui.clearFiltersButton->setDefaultAction(ui.clearFiltersAction);
    ui.clearFiltersButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // Its place is kept while hidden, so the bar does not shift under the pointer when it shows.
    QSizePolicy clearPolicy = ui.clearFiltersButton->sizePolicy();
    clearPolicy.setRetainSizeWhenHidden(true);
    ui.clearFiltersButton->setSizePolicy(clearPolicy);
    // Short on the button, where the bar is narrow; the menu keeps "Clear Filters".
    ui.clearFiltersAction->setIconText(QStringLiteral("✕ ") + tr("Clear"));
    connect(ui.clearFiltersAction, &QAction::triggered, this, &MainWindow::clearGalleryFilters);

    // The popup arrow goes after the text: Qt's own indicator would sit on the text's last letter.
    ui.sortButton->setStyleSheet(
            QStringLiteral("QToolButton::menu-indicator { image: none; width: 0px; }"));

    auto *sortGroup = new QActionGroup(this);
    sortGroup->addAction(ui.sortNewestAction);
    sortGroup->addAction(ui.sortOldestAction);
    auto *sortMenu = new QMenu(ui.sortButton);
    sortMenu->addAction(ui.sortNewestAction);
    sortMenu->addAction(ui.sortOldestAction);
    ui.sortButton->setMenu(sortMenu);
    connect(sortGroup, &QActionGroup::triggered, this, &MainWindow::applyGalleryQuery);
    if (m_services.library)
        connect(m_services.library, &Library::taskStored, this, &MainWindow::refreshModelFilter);
    refreshModelFilter();
    updateFilterIndicators();
    updateGalleryCount();
    updateImageActions();
}

void MainWindow::setupTasks()
{
    Ui::MainWindow &ui = *m_ui;
    m_taskModel = new TaskListModel(m_services.tasks, m_services.library, this);
    ui.taskView->setModel(m_taskModel);
    ui.taskView->setItemDelegate(new TaskProgressDelegate(ui.taskView));
    ui.taskView->setSelectionMode(QAbstractItemView::SingleSelection);
    ui.taskView->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    ui.taskView->setUniformItemSizes(false);
    ui.taskView->setWordWrap(true);
    ui.taskView->setEmptyHint(
            tr("No tasks in this session"),
            tr("Each generation shows its progress here: queued, generating, downloading, done."));
    ui.taskView->setContextMenuPolicy(Qt::ActionsContextMenu);
    ui.taskView->addActions({ ui.cancelTaskAction, ui.retryTaskAction, ui.copyTaskIdAction,
                              ui.copyRequestIdAction, ui.copyCurlAction });

    ui.cancelTaskButton->setDefaultAction(ui.cancelTaskAction);
    ui.retryTaskButton->setDefaultAction(ui.retryTaskAction);
    ui.copyTaskIdButton->setDefaultAction(ui.copyTaskIdAction);
    ui.copyRequestIdButton->setDefaultAction(ui.copyRequestIdAction);
    for (QToolButton *button :
         { ui.cancelTaskButton, ui.retryTaskButton, ui.copyTaskIdButton, ui.copyRequestIdButton }) {
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        UiStyle::showWithoutAccelerator(button->defaultAction());
    }

    connect(ui.taskView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::updateTaskActions);
    connect(m_taskModel, &QAbstractItemModel::dataChanged, this, &MainWindow::updateTaskActions);
    connect(m_taskModel, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first) {
                // Follow the newest task, so its progress is in view.
                m_ui->taskView->setCurrentIndex(m_taskModel->index(first));
                m_ui->taskView->scrollToTop();
                updateTaskActions();
            });
    connect(m_taskModel, &TaskListModel::activeCountChanged, this, [this](int active) {
        m_ui->tasksCountLabel->setText(active > 0 ? tr("— %1 running or queued").arg(active)
                                                  : QString());
        m_activityLabel->setText(active > 0 ? DisplayText::plural(active, tr("1 task running"),
                                                                  tr("%1 tasks running"))
                                            : QString());
    });
    connect(m_services.tasks, &TaskService::taskFinished, this, &MainWindow::handleTaskFinished);
    updateTaskActions();
}

void MainWindow::setMode(bool demo, const Endpoint &endpoint)
{
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
    settings->setWindowGeometry(saveGeometry());
    settings->setWindowState(QMainWindow::saveState());
    settings->setSplitterState(MainSplitter, m_ui->mainSplitter->saveState());
    settings->setSplitterState(RightSplitter, m_ui->rightSplitter->saveState());
    settings->setLastRequest(m_form->request());
    settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
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
    if (dialog.exec() == QDialog::Accepted)
        emit settingsApplied();
}

// --- Generating -------------------------------------------------------------------------------

void MainWindow::handleGenerate(const GenerationRequest &request)
{
    qint64 id = 0;
    const QList<ValidationIssue> issues = m_services.tasks->submit(request, &id);
    if (!issues.isEmpty()) {
        statusBar()->showMessage(issues.first().message, 8000);
        return;
    }
    m_services.settings->setLastRequest(request);
    statusBar()->showMessage(m_demo ? tr("Task started (demo: the built-in simulator answers).")
                                    : tr("Task started."),
                             4000);
}

void MainWindow::handleTaskFinished(const TaskRecord &task)
{
    const QString prompt = task.request.prompt.left(80);
    QString title;
    QString message;
    Notifier::Kind kind = Notifier::Kind::Information;
    switch (task.state) {
    case TaskState::Done:
        title = DisplayText::plural(task.savedImageCount(), tr("1 image ready"),
                                    tr("%1 images ready"));
        message = prompt;
        break;
    case TaskState::PartlyDone:
        title = tr("%1 of %2 images ready").arg(task.savedImageCount()).arg(task.images.size());
        message = prompt;
        kind = Notifier::Kind::Warning;
        break;
    case TaskState::Failed:
    case TaskState::Expired:
        title = tr("A task failed");
        message = task.error.explanation();
        kind = Notifier::Kind::Warning;
        break;
    default:
        return; // canceled by the person: nothing to tell
    }
    statusBar()->showMessage(title + QStringLiteral(" — ") + message, 6000);
    if (!isActiveWindow() && m_services.settings->notificationsEnabled())
        m_notifier->notify(title, message, kind);
}

// --- Gallery ----------------------------------------------------------------------------------

void MainWindow::applyGalleryQuery()
{
    m_searchDelay.stop();
    LibraryQuery query;
    query.text = m_ui->searchEdit->text().trimmed();
    query.model = m_ui->modelFilterCombo->currentData().toString();
    query.favouritesOnly = m_ui->favouritesButton->isChecked();
    m_filters->applyTo(&query);
    query.newestFirst = !m_ui->sortOldestAction->isChecked();
    m_services.gallery->setQuery(query);
    if (galleryIsFiltered()) {
        const bool onlyFavourites = query.favouritesOnly && query.text.isEmpty()
                && query.model.isEmpty() && m_filters->activeCount() == 0;
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
    updateFilterIndicators();
    updateGalleryCount();
}

void MainWindow::updateGalleryCount()
{
    const int count = m_services.gallery->totalCount();
    if (galleryIsFiltered() && m_services.library && m_services.library->isOpen()) {
        // How much the filters hide: "12 of 3,400 images".
        const int all = m_services.library->countImages({});
        const QLocale locale;
        m_ui->galleryCountLabel->setText(
                all == 1 ? tr("%1 of 1 image").arg(locale.toString(count))
                         : tr("%1 of %2 images").arg(locale.toString(count), locale.toString(all)));
    } else {
        m_ui->galleryCountLabel->setText(
                DisplayText::plural(count, tr("1 image"), tr("%1 images")));
    }
}

bool MainWindow::galleryIsFiltered() const
{
    return !m_ui->searchEdit->text().trimmed().isEmpty()
            || !m_ui->modelFilterCombo->currentData().toString().isEmpty()
            || m_ui->favouritesButton->isChecked() || m_filters->activeCount() > 0;
}

void MainWindow::updateFilterIndicators()
{
    Ui::MainWindow &ui = *m_ui;
    const int active = m_filters->activeCount();
    const QString arrow = QStringLiteral(" ▾");
    ui.filtersButton->setText((active > 0 ? tr("Filters (%1)").arg(active) : tr("Filters"))
                              + arrow);
    QFont font = ui.filtersButton->font();
    font.setBold(active > 0);
    ui.filtersButton->setFont(font);
    ui.filtersButton->setToolTip(
            active > 0 ? tr("%1 more filters narrow the gallery: size, date or state").arg(active)
                       : tr("Filter by size, date and state"));
    const bool filtered = galleryIsFiltered();
    ui.clearFiltersAction->setEnabled(filtered);
    ui.clearFiltersButton->setVisible(filtered);
    ui.sortButton->setText(
            (ui.sortOldestAction->isChecked() ? tr("Oldest first") : tr("Newest first")) + arrow);
}

void MainWindow::clearGalleryFilters()
{
    m_searchDelay.stop();
    {
        // One query for the lot, not one per control.
        const QSignalBlocker search(m_ui->searchEdit);
        const QSignalBlocker model(m_ui->modelFilterCombo);
        const QSignalBlocker favourites(m_ui->favouritesButton);
        const QSignalBlocker filters(m_filters);
        m_ui->searchEdit->clear();
        m_ui->modelFilterCombo->setCurrentIndex(0);
        m_ui->favouritesButton->setChecked(false);
        m_filters->clear();
    }
    applyGalleryQuery();
}

void MainWindow::refreshModelFilter()
{
    if (!m_services.library)
        return;
    const QStringList models = m_services.library->models();
    const QString current = m_ui->modelFilterCombo->currentData().toString();
    if (m_ui->modelFilterCombo->count() == models.size() + 1)
        return; // unchanged
    const QSignalBlocker blocker(m_ui->modelFilterCombo);
    m_ui->modelFilterCombo->clear();
    m_ui->modelFilterCombo->addItem(tr("All models"), QString());
    for (const QString &model : models)
        m_ui->modelFilterCombo->addItem(model, model);
    m_ui->modelFilterCombo->setCurrentIndex(std::max(0, m_ui->modelFilterCombo->findData(current)));
}

void MainWindow::showViewer(const QModelIndex &galleryIndex)
{
    if (!galleryIndex.isValid())
        return;
    const LibraryEntry entry = m_ui->galleryView->entry(galleryIndex);
    if (!entry.image.isSaved()) {
        // A task without a picture: its error is the interesting part.
        statusBar()->showMessage(entry.task.error.isError()
                                         ? entry.task.error.explanation()
                                         : taskStateDisplayName(entry.task.state),
                                 8000);
        return;
    }
    m_ui->imageViewer->showIndex(galleryIndex);
    m_ui->galleryStack->setCurrentWidget(m_ui->imageViewer);
    m_ui->imageViewer->setFocus(Qt::OtherFocusReason);
    updateImageActions();
}

void MainWindow::showFileInViewer(const QString &path)
{
    m_ui->imageViewer->showFile(path);
    m_ui->galleryStack->setCurrentWidget(m_ui->imageViewer);
    m_ui->imageViewer->setFocus(Qt::OtherFocusReason);
    updateImageActions();
    if (!m_ui->imageViewer->provenance())
        statusBar()->showMessage(
                tr("%1 carries no generation settings.").arg(QFileInfo(path).fileName()), 6000);
}

void MainWindow::showGallery()
{
    m_ui->galleryStack->setCurrentWidget(m_ui->galleryPage);
    m_ui->galleryView->setFocus(Qt::OtherFocusReason);
    if (m_ui->galleryView->currentIndex().isValid())
        m_ui->galleryView->scrollTo(m_ui->galleryView->currentIndex());
    updateImageActions();
}

QList<LibraryEntry> MainWindow::actionEntries() const
{
    if (isViewerShown()) {
        const QModelIndex index = m_ui->imageViewer->currentIndex();
        if (index.isValid())
            return { m_ui->galleryView->entry(index) };
        // A dropped file: not in the library, but it can still be copied or saved.
        LibraryEntry outside;
        outside.image.filePath = m_ui->imageViewer->currentFile();
        if (const auto provenance = m_ui->imageViewer->provenance())
            outside.task.request.prompt = provenance->prompt;
        return outside.image.filePath.isEmpty() ? QList<LibraryEntry>()
                                                : QList<LibraryEntry> { outside };
    }
    return m_ui->galleryView->selectedEntries();
}

void MainWindow::updateImageActions()
{
    const QList<LibraryEntry> entries = actionEntries();
    int saved = 0;
    int inLibrary = 0;
    bool allFavourite = true;
    for (const LibraryEntry &entry : entries) {
        if (entry.image.isSaved())
            ++saved;
        if (entry.hasImage() || entry.task.id != 0)
            ++inLibrary;
        if (entry.hasImage() && !entry.image.favourite)
            allFavourite = false;
    }
    const bool viewer = isViewerShown();
    Ui::MainWindow &ui = *m_ui;
    ui.saveAsAction->setEnabled(saved > 0);
    ui.copyImageAction->setEnabled(saved > 0);
    ui.copyPromptAction->setEnabled(!entries.isEmpty());
    ui.revealAction->setEnabled(saved > 0);
    ui.deleteAction->setEnabled(inLibrary > 0);
    ui.favouriteAction->setEnabled(inLibrary > 0 && saved > 0);
    ui.favouriteAction->setChecked(saved > 0 && allFavourite);
    ui.reuseAction->setEnabled(entries.size() == 1
                               && (!entries.first().task.request.prompt.isEmpty()
                                   || (viewer && ui.imageViewer->provenance())));
    ui.openViewerAction->setEnabled(!viewer && saved > 0);
    bool rerunnable = false;
    for (const LibraryEntry &entry : entries)
        rerunnable = rerunnable || (entry.task.id != 0 && !entry.task.request.model.isEmpty());
    ui.runAgainAction->setEnabled(rerunnable);
    ui.copyImageCurlAction->setEnabled(entries.size() == 1
                                       && !entries.first().task.request.model.isEmpty());
    ui.deleteAction->setText(entries.size() > 1 ? tr("&Delete %1 Images…").arg(entries.size())
                                                : tr("&Delete…"));
    ui.saveAsAction->setText(saved > 1 ? tr("&Save %1 Images To…").arg(saved) : tr("&Save As…"));
}

void MainWindow::saveImagesAs()
{
    QList<LibraryEntry> entries = actionEntries();
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                                 [](const LibraryEntry &e) { return !e.image.isSaved(); }),
                  entries.end());
    if (entries.isEmpty())
        return;
    QStringList failed;
    if (entries.size() == 1) {
        const QString source = entries.first().image.filePath;
        const QString target = QFileDialog::getSaveFileName(
                this, tr("Save Image As"),
                QDir(QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
                        .filePath(QFileInfo(source).fileName()),
                tr("PNG images (*.png)"));
        if (target.isEmpty())
            return;
        if (QFileInfo(target).canonicalFilePath() == QFileInfo(source).canonicalFilePath())
            return;
        QFile::remove(target); // the dialog already asked about replacing it
        if (!QFile::copy(source, target))
            failed << target;
    } else {
        const QString directory = QFileDialog::getExistingDirectory(
                this, tr("Save %1 Images To").arg(entries.size()),
                QStandardPaths::writableLocation(QStandardPaths::PicturesLocation));
        if (directory.isEmpty())
            return;
        for (const LibraryEntry &entry : entries) {
            const QString target
                    = uniqueFilePath(directory, QFileInfo(entry.image.filePath).fileName());
            if (!QFile::copy(entry.image.filePath, target))
                failed << target;
        }
    }
    if (!failed.isEmpty()) {
        QMessageBox::warning(
                this, tr("Save As"),
                tr("These files could not be written:\n%1").arg(failed.join(QLatin1Char('\n'))));
    } else {
        statusBar()->showMessage(DisplayText::plural(int(entries.size()), tr("Saved 1 image."),
                                                     tr("Saved %1 images.")),
                                 4000);
    }
}

void MainWindow::copyImage()
{
    const QList<LibraryEntry> entries = actionEntries();
    QList<QUrl> urls;
    QImage first;
    for (const LibraryEntry &entry : entries) {
        if (!entry.image.isSaved())
            continue;
        urls << QUrl::fromLocalFile(entry.image.filePath);
        if (first.isNull())
            first = QImageReader(entry.image.filePath).read();
    }
    if (urls.isEmpty())
        return;
    auto *mime = new QMimeData;
    if (!first.isNull())
        mime->setImageData(first);
    mime->setUrls(urls);
    QGuiApplication::clipboard()->setMimeData(mime);
    statusBar()->showMessage(urls.size() == 1 ? tr("Image copied.")
                                              : tr("%1 images copied as files.").arg(urls.size()),
                             3000);
}

void MainWindow::copyPrompt()
{
    QStringList prompts;
    for (const LibraryEntry &entry : actionEntries()) {
        if (!entry.task.request.prompt.isEmpty() && !prompts.contains(entry.task.request.prompt))
            prompts << entry.task.request.prompt;
    }
    if (prompts.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(prompts.join(QStringLiteral("\n\n")));
    statusBar()->showMessage(tr("Prompt copied."), 3000);
}

void MainWindow::revealInFileManager()
{
    QStringList files;
    for (const LibraryEntry &entry : actionEntries()) {
        if (entry.image.isSaved() && QFileInfo::exists(entry.image.filePath))
            files << QFileInfo(entry.image.filePath).absoluteFilePath();
    }
    if (files.isEmpty())
        return;
#ifdef STUDIO_HAVE_DBUS
    // File managers that implement org.freedesktop.FileManager1 (GNOME Files, Dolphin, Nemo,
    // Caja, Thunar …) open the folder with the files selected; without one, the folder opens.
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected()) {
        QStringList uris;
        for (const QString &file : std::as_const(files))
            uris << QString::fromUtf8(QUrl::fromLocalFile(file).toEncoded());
        QDBusMessage call = QDBusMessage::createMethodCall(
                QStringLiteral("org.freedesktop.FileManager1"),
                QStringLiteral("/org/freedesktop/FileManager1"),
                QStringLiteral("org.freedesktop.FileManager1"), QStringLiteral("ShowItems"));
        call << uris << QString(); // no startup id
        auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, 5000), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
                [files](QDBusPendingCallWatcher *finished) {
                    if (finished->isError())
                        openFolders(files);
                    finished->deleteLater();
                });
        return;
    }
#endif
    openFolders(files);
}

void MainWindow::deleteImages()
{
    const QList<LibraryEntry> entries = actionEntries();
    QList<qint64> imageIds;
    QList<qint64> taskIds;
    for (const LibraryEntry &entry : entries) {
        if (entry.hasImage())
            imageIds << entry.image.id;
        else if (entry.task.id != 0)
            taskIds << entry.task.id;
    }
    if (imageIds.isEmpty() && taskIds.isEmpty())
        return;
    const int count = int(imageIds.size() + taskIds.size());
    QMessageBox box(QMessageBox::Warning, tr("Delete"),
                    count == 1 ? tr("Delete this image?") : tr("Delete %1 images?").arg(count),
                    QMessageBox::Cancel, this);
    box.setInformativeText(tr("The files are removed from disk too. This cannot be undone."));
    QPushButton *remove = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != remove)
        return;
    const bool wasViewer = isViewerShown();
    const int row = wasViewer ? m_ui->imageViewer->currentIndex().row() : -1;
    bool ok = true;
    if (!imageIds.isEmpty())
        ok = m_services.library->deleteImages(imageIds, true) && ok;
    if (!taskIds.isEmpty())
        ok = m_services.library->deleteTasks(taskIds, true) && ok;
    if (!ok) {
        QMessageBox::warning(
                this, tr("Delete"),
                tr("Not everything could be deleted: %1").arg(m_services.library->lastError()));
    }
    statusBar()->showMessage(
            DisplayText::plural(count, tr("Deleted 1 image."), tr("Deleted %1 images.")), 4000);
    if (wasViewer) {
        // Stay in the viewer on the image that took the deleted one's place.
        QAbstractItemModel *model = m_services.gallery;
        if (model->rowCount() > 0) {
            const QModelIndex next = model->index(std::clamp(row, 0, model->rowCount() - 1), 0);
            showViewer(next);
            if (!isViewerShown())
                showGallery();
        } else {
            showGallery();
        }
    }
    updateImageActions();
}

void MainWindow::toggleFavourite()
{
    QList<qint64> ids;
    bool allFavourite = true;
    for (const LibraryEntry &entry : actionEntries()) {
        if (!entry.hasImage())
            continue;
        ids << entry.image.id;
        allFavourite = allFavourite && entry.image.favourite;
    }
    if (!ids.isEmpty())
        m_services.library->setFavourite(ids, !allFavourite);
    updateImageActions();
}

void MainWindow::toggleFavouriteAt(const QModelIndex &index)
{
    const LibraryEntry entry = m_ui->galleryView->entry(index);
    if (entry.hasImage())
        m_services.library->setFavourite({ entry.image.id }, !entry.image.favourite);
}

void MainWindow::reuseSettings()
{
    if (isViewerShown()) {
        if (const auto request = m_ui->imageViewer->reusableRequest())
            reuse(*request);
        return;
    }
    const QList<LibraryEntry> entries = actionEntries();
    if (entries.size() != 1)
        return;
    GenerationRequest request = entries.first().task.request;
    if (entries.first().image.seed >= 0)
        request.seed = entries.first().image.seed;
    reuse(request);
}

void MainWindow::runAgain()
{
    QList<qint64> done;
    int started = 0;
    for (const LibraryEntry &entry : actionEntries()) {
        if (entry.task.id == 0 || done.contains(entry.task.id))
            continue;
        done << entry.task.id;
        if (m_services.tasks->retry(entry.task.id) != 0)
            ++started;
    }
    if (started > 0) {
        statusBar()->showMessage(DisplayText::plural(started, tr("Started 1 task again."),
                                                     tr("Started %1 tasks again.")),
                                 4000);
    } else if (!done.isEmpty()) {
        // The catalog's rules may have changed since (a size a model no longer takes).
        statusBar()->showMessage(tr("Its settings do not pass the model's rules any more: use "
                                    "Reuse Settings (Ctrl+R) "
                                    "to fix them in the form."),
                                 8000);
    }
}

void MainWindow::reuse(const GenerationRequest &request)
{
    m_form->setRequest(request);
    m_form->focusPrompt();
    statusBar()->showMessage(
            tr("The prompt form now has this image's settings. Press Ctrl+Enter to generate."),
            6000);
}

void MainWindow::openImageFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Image"),
                                                      m_services.settings->outputDirectory(),
                                                      tr("PNG images (*.png);;All files (*)"));
    if (!path.isEmpty())
        showFileInViewer(path);
}

void MainWindow::openTaskId()
{
    bool ok = false;
    const QString taskId
            = QInputDialog::getText(
                      this, tr("Open Task ID"),
                      tr("The task_id of a task created elsewhere, for example with cURL.\n"
                         "It is followed here and its images are saved to the library:"),
                      QLineEdit::Normal, QString(), &ok)
                      .trimmed();
    if (!ok || taskId.isEmpty())
        return;
    if (m_services.tasks->track(taskId) == 0) {
        QMessageBox::information(
                this, tr("Open Task ID"),
                tr("Task “%1” cannot be followed here: it is not a task id, or another DashScope "
                   "Studio (the command line, say) is following it right now. Its images then "
                   "appear in the gallery when it is done.")
                        .arg(taskId));
        return;
    }
    statusBar()->showMessage(tr("Following task %1.").arg(taskId), 4000);
}

QStringList MainWindow::droppedPngFiles(const QMimeData *mime)
{
    QStringList files;
    if (!mime || !mime->hasUrls())
        return files;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile()
            && url.toLocalFile().endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
            files << url.toLocalFile();
    }
    return files;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    // Our own gallery drags are for other applications, not for us.
    if (event->source() == m_ui->galleryView || droppedPngFiles(event->mimeData()).isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList files = droppedPngFiles(event->mimeData());
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    showFileInViewer(files.first());
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

// --- Tasks ------------------------------------------------------------------------------------

TaskRecord MainWindow::currentTask() const
{
    const QModelIndex index = m_ui->taskView->currentIndex();
    return index.isValid() ? m_taskModel->task(index.row()) : TaskRecord();
}

void MainWindow::updateTaskActions()
{
    const QModelIndex index = m_ui->taskView->currentIndex();
    const TaskRecord task = currentTask();
    Ui::MainWindow &ui = *m_ui;
    ui.cancelTaskAction->setEnabled(index.isValid()
                                    && index.data(TaskListModel::CanCancelRole).toBool());
    ui.retryTaskAction->setEnabled(index.isValid()
                                   && index.data(TaskListModel::CanRetryRole).toBool());
    ui.copyTaskIdAction->setEnabled(!task.taskId.isEmpty());
    ui.copyRequestIdAction->setEnabled(!task.requestId.isEmpty()
                                       || !task.error.requestId.isEmpty());
    ui.copyCurlAction->setEnabled(!task.request.model.isEmpty());
}

void MainWindow::cancelTask()
{
    const TaskRecord task = currentTask();
    if (task.id != 0)
        m_services.tasks->cancel(task.id);
}

void MainWindow::retryTask()
{
    const TaskRecord task = currentTask();
    if (task.id != 0)
        m_services.tasks->retry(task.id);
}

void MainWindow::copyTaskId()
{
    const TaskRecord task = currentTask();
    if (task.taskId.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(task.taskId);
    statusBar()->showMessage(tr("Task ID %1 copied.").arg(task.taskId), 3000);
}

void MainWindow::copyCurl(const TaskRecord &task)
{
    const QString command = curlCommand(task, m_services.catalog->model(task.request.model));
    if (command.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(command);
    statusBar()->showMessage(tr("cURL command copied. It reads the key from $DASHSCOPE_API_KEY."),
                             4000);
}

void MainWindow::copyRequestId()
{
    const TaskRecord task = currentTask();
    const QString requestId
            = task.error.requestId.isEmpty() ? task.requestId : task.error.requestId;
    if (requestId.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(requestId);
    statusBar()->showMessage(tr("Request ID %1 copied.").arg(requestId), 3000);
}
