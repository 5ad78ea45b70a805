#include "desktop/desktopapp.h"
#include "domain/pricing.h"
#include "engine/pollpolicy.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "models/gallerymodel.h"
#include "models/tasklistmodel.h"
#include "models/usagemodel.h"
#include "platform/secretstore.h"
#include "platform/settings.h"
#include "session/session.h"
#include "simulator/simulatorserver.h"
#include "support/desktoptest.h"
#include "widgets/editoptions.h"
#include "widgets/galleryview.h"
#include "widgets/helpwindows.h"
#include "widgets/imageviewer.h"
#include "widgets/inputslot.h"
#include "widgets/mainwindow.h"
#include "widgets/notifier.h"
#include "widgets/promptform.h"
#include "widgets/settingsdialog.h"
#include "widgets/usagedialog.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>

using namespace std::chrono_literals;

// Drives the real window, built by the same DesktopApp that main() uses, against the built-in
// simulator: a temporary library and settings, a memory secret store, no key (demo mode).
class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void firstStartIsDemoWithoutDialogs();
    void generateWithCtrlReturn();
    void openInViewerAndReuseSettings();
    void badSizeIsExplainedAndBlocksGenerate();
    void droppedPngShowsItsSettings();
    void favouritesAndSearch();
    void deleteAsksAndRemovesFiles();
    void notifiesWhenInactive();
    void settingsRoundTripLeavesDemoMode();
    void everyActionHasAShortcutOrMenu();
    void pausedTasksAreToldOnceAndNeverRetried();
    void failedTasksAreFoundInTheTaskPanel();
    void runAgainSaysWhyItIsRefused();
    void geometryIsRemembered();
    void layoutIsSavedAsItChanges();
    void helpListsShortcutsAndCopiesSystemInformation();
    void budgetRefusalOffersARaiseAndUsageShowsIt();
    void videoIsNamedShownCopiedAndSavedAsItIs();
    void curlOfALocalInputReadsItsFile();
    void editImageFromTheGalleryTheViewerAndTheClipboard();
    void editInDemoModeLandsInTheGallery();

private:
    // Makes a video task through the window's engine and waits until it is in the gallery.
    LibraryEntry makeVideo(const GenerationRequest &request);
    template<typename T>
    T *child(const char *name) const
    {
        auto *widget = m_app->window()->findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }
    QAction *action(const char *name) const { return child<QAction>(name); }
    bool generate(const QString &prompt);
    // Answers the next message box with the button whose text is `button`.
    void answerNextMessageBox(const QString &button);
    // The same, keeping the box's text and informative text.
    void answerNextMessageBox(const QString &button, QString *text, QString *informative);

    QTemporaryDir m_dir;
    QString m_settingsFile;
    std::unique_ptr<DesktopApp> m_app;
    std::unique_ptr<QAbstractItemModelTester> m_galleryTester;
    std::unique_ptr<QAbstractItemModelTester> m_tasksTester;
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    // Deleted images go to the Trash of this HOME ($HOME/.qttest/share/Trash in test mode).
    qputenv("HOME", m_dir.filePath(QStringLiteral("home")).toUtf8());
    const DesktopOptions options = desktopTestOptions(m_dir);
    m_settingsFile = options.settingsFile;
    startDesktopForTest(options, &m_app);
    if (QTest::currentTestFailed())
        return;
    m_app->window()->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_app->window()));
    m_galleryTester = std::make_unique<QAbstractItemModelTester>(
            m_app->gallery(), QAbstractItemModelTester::FailureReportingMode::Warning);
    m_tasksTester = std::make_unique<QAbstractItemModelTester>(
            m_app->window()->taskModel(), QAbstractItemModelTester::FailureReportingMode::Warning);
}

void tst_MainWindow::cleanupTestCase()
{
    m_galleryTester.reset();
    m_tasksTester.reset();
    m_app.reset();
}

bool tst_MainWindow::generate(const QString &prompt)
{
    // Window shortcuts need the window to be the active one.
    m_app->window()->activateWindow();
    if (!QTest::qWaitForWindowActive(m_app->window()))
        return false;
    auto *edit = child<QPlainTextEdit>("promptEdit");
    edit->clear();
    edit->setFocus();
    QTest::keyClicks(edit, prompt);
    TaskListModel *tasks = m_app->window()->taskModel();
    const int rowsBefore = tasks->rowCount();
    QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
    // A new task at the top (library ids are never reused, so it is a new row).
    return tasks->rowCount() == rowsBefore + 1 && tasks->task(0).request.prompt == prompt;
}

void tst_MainWindow::answerNextMessageBox(const QString &button)
{
    answerNextMessageBox(button, nullptr, nullptr);
}

void tst_MainWindow::answerNextMessageBox(const QString &button, QString *text,
                                          QString *informative)
{
    QTimer::singleShot(0, this, [button, text, informative] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        if (text)
            *text = box->text();
        if (informative)
            *informative = box->informativeText();
        const QList<QAbstractButton *> buttons = box->buttons();
        for (QAbstractButton *candidate : buttons) {
            if (candidate->text() == button) {
                candidate->click();
                return;
            }
        }
        QFAIL("no such button");
    });
}

void tst_MainWindow::firstStartIsDemoWithoutDialogs()
{
    MainWindow *window = m_app->window();
    QVERIFY(m_app->isDemo());
    QVERIFY(m_app->simulator());
    QVERIFY(window->isDemo());
    QVERIFY(window->windowTitle().contains(QStringLiteral("Demo")));
    QVERIFY(child<QFrame>("demoBanner")->isVisible());
    QVERIFY(action("addKeyAction")->isVisible());
    QVERIFY(!QApplication::activeModalWidget());
    QTRY_COMPARE(QApplication::focusWidget(), child<QPlainTextEdit>("promptEdit"));
    // The status bar says it too.
    bool labelled = false;
    const QList<QLabel *> labels = window->statusBar()->findChildren<QLabel *>();
    for (QLabel *label : labels)
        labelled = labelled || label->text().contains(QStringLiteral("Demo"));
    QVERIFY(labelled);
}

void tst_MainWindow::generateWithCtrlReturn()
{
    GalleryModel *gallery = m_app->gallery();
    const int before = gallery->totalCount();
    QVERIFY(generate(QStringLiteral("a lighthouse on a cliff at dusk")));
    TaskListModel *tasks = m_app->window()->taskModel();
    QCOMPARE(tasks->index(0).data(Qt::DisplayRole).toString(),
             QStringLiteral("a lighthouse on a cliff at dusk"));
    QTRY_COMPARE_WITH_TIMEOUT(TaskState(tasks->index(0).data(TaskListModel::StateRole).toInt()),
                              TaskState::Done, 15000);
    QTRY_COMPARE(gallery->totalCount(), before + 1);
    const LibraryEntry entry = gallery->entry(0);
    QVERIFY(entry.output.isSaved());
    QVERIFY(QFileInfo::exists(entry.output.filePath));
    QVERIFY(entry.output.filePath.startsWith(m_dir.filePath(QStringLiteral("images"))));
    QCOMPARE(entry.task.request.prompt, QStringLiteral("a lighthouse on a cliff at dusk"));
    QTRY_VERIFY(!gallery->index(0).data(Qt::DecorationRole).value<QImage>().isNull()); // thumbnail
                                                                                       // arrives

    // Copy as cURL: the request as the guide writes it, never with a key.
    action("copyCurlAction")->trigger();
    const QString curl = QGuiApplication::clipboard()->text();
    QVERIFY2(curl.startsWith(QStringLiteral("curl")), qPrintable(curl));
    QVERIFY(curl.contains(QStringLiteral("$DASHSCOPE_API_KEY")));
    QVERIFY(curl.contains(QStringLiteral("X-DashScope-Async: enable")));
    QVERIFY(!curl.contains(Session::demoApiKey()));
    QVERIFY(tasks->index(0)
                    .data(TaskListModel::StatusTextRole)
                    .toString()
                    .contains(QStringLiteral("Done")));
}

void tst_MainWindow::openInViewerAndReuseSettings()
{
    MainWindow *window = m_app->window();
    GalleryView *view = window->galleryView();
    const QModelIndex first = view->model()->index(0, 0);
    const LibraryEntry entry = view->entry(first);
    QVERIFY(entry.output.isSaved());
    view->setCurrentIndex(first);
    QTest::keyClick(view, Qt::Key_Return); // activated -> viewer
    QTRY_VERIFY(window->isViewerShown());
    ImageViewer *viewer = window->imageViewer();
    QCOMPARE(viewer->currentFile(), entry.output.filePath);
    const auto labels = viewer->findChildren<QLabel *>();
    bool promptShown = false;
    bool taskShown = false;
    for (QLabel *label : labels) {
        promptShown = promptShown || label->text() == entry.task.request.prompt;
        taskShown = taskShown || label->text() == entry.task.taskId;
    }
    QVERIFY(promptShown);
    QVERIFY(taskShown);

    // Reuse: the form gets the image's settings, with its seed fixed; nothing starts.
    const int tasksBefore = window->taskModel()->rowCount();
    child<QPlainTextEdit>("promptEdit")->setPlainText(QStringLiteral("something else"));
    action("reuseAction")->trigger();
    const GenerationRequest request = window->promptForm()->request();
    QCOMPARE(request.prompt, entry.task.request.prompt);
    QCOMPARE(request.model, entry.task.request.model);
    QCOMPARE(request.size, entry.task.request.size);
    QVERIFY(request.seed.has_value());
    QCOMPARE(*request.seed, entry.output.seed);
    QCOMPARE(window->taskModel()->rowCount(), tasksBefore);
    // The seed is shown with the image it came from (its whole name in the tooltip), for the
    // next task only.
    QVERIFY(window->promptForm()->seedIsOnce());
    const auto *seedNote = child<QLabel>("seedNoteLabel");
    QVERIFY(seedNote->isVisible());
    QVERIFY2(seedNote->toolTip().contains(QFileInfo(entry.output.filePath).fileName()),
             qPrintable(seedNote->toolTip()));

    QTest::keyClick(viewer, Qt::Key_Escape);
    QVERIFY(!window->isViewerShown());
}

void tst_MainWindow::badSizeIsExplainedAndBlocksGenerate()
{
    MainWindow *window = m_app->window();
    child<QPlainTextEdit>("promptEdit")->setPlainText(QStringLiteral("too small"));
    auto *models = child<QComboBox>("modelCombo");
    models->setCurrentIndex(models->findData(QStringLiteral("wan2.5-t2i-preview")));
    child<QSpinBox>("widthSpin")->setValue(640);
    child<QSpinBox>("heightSpin")->setValue(640);
    auto *problem = child<QLabel>("sizeProblemLabel");
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QStringLiteral("640")), qPrintable(problem->text()));
    QVERIFY(!action("generateAction")->isEnabled());
    QVERIFY(!child<QPushButton>("generateButton")->isEnabled());
    const int before = window->taskModel()->rowCount();
    QTest::keyClick(child<QPlainTextEdit>("promptEdit"), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(window->taskModel()->rowCount(), before);

    child<QComboBox>("sizeCombo")->setCurrentIndex(0); // a preset: valid again
    QVERIFY(problem->isHidden());
    QVERIFY(action("generateAction")->isEnabled());
}

void tst_MainWindow::droppedPngShowsItsSettings()
{
    MainWindow *window = m_app->window();
    const LibraryEntry entry = m_app->gallery()->entry(0);
    // A copy outside the library, as if it came from somewhere else.
    const QString copy = m_dir.filePath(QStringLiteral("dropped.png"));
    QVERIFY(QFile::copy(entry.output.filePath, copy));

    child<QPlainTextEdit>("promptEdit")->setPlainText(QStringLiteral("my own prompt"));
    const GenerationRequest formBefore = window->promptForm()->request();

    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(copy) });
    const QPointF where(window->width() / 2.0, window->height() / 2.0);
    QDragEnterEvent enter(where.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(where, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &drop);

    QVERIFY(window->isViewerShown());
    QCOMPARE(window->imageViewer()->currentFile(), copy);
    // Read with the image on a worker thread, so it arrives a moment later.
    QTRY_VERIFY(!window->imageViewer()->isLoading());
    const auto provenance = window->imageViewer()->provenance();
    QVERIFY(provenance.has_value());
    QCOMPARE(provenance->request.prompt, entry.task.request.prompt);
    QCOMPARE(provenance->taskId, entry.task.taskId);
    QCOMPARE(provenance->request.seed.value_or(-1), entry.output.seed);
    QCOMPARE(window->promptForm()->request(), formBefore); // showing changes nothing

    action("reuseAction")->trigger();
    QCOMPARE(window->promptForm()->request().prompt, entry.task.request.prompt);
    QCOMPARE(window->promptForm()->request().seed.value_or(-1), entry.output.seed);
    window->showGallery();

    // Not a PNG: not accepted.
    QMimeData text;
    text.setUrls({ QUrl::fromLocalFile(m_settingsFile) });
    QDragEnterEvent refused(where.toPoint(), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &refused);
    QVERIFY(!refused.isAccepted());
}

void tst_MainWindow::favouritesAndSearch()
{
    MainWindow *window = m_app->window();
    QVERIFY(generate(QStringLiteral("a red fox in the snow")));
    GalleryModel *gallery = m_app->gallery();
    QTRY_COMPARE_WITH_TIMEOUT(gallery->totalCount(), 2, 15000);
    QTRY_VERIFY(gallery->entry(0).output.isSaved());
    QCOMPARE(gallery->entry(0).task.request.prompt,
             QStringLiteral("a red fox in the snow")); // newest first

    GalleryView *view = window->galleryView();
    view->setFocus();
    view->setCurrentIndex(view->model()->index(1, 0)); // the view's rows (GalleryGroupModel)
    view->selectionModel()->select(view->model()->index(1, 0), QItemSelectionModel::ClearAndSelect);
    action("favouriteAction")->trigger();
    QTRY_VERIFY(gallery->entry(1).output.favourite);

    child<QToolButton>("favouritesButton")->setChecked(true);
    QTRY_COMPARE(gallery->totalCount(), 1);
    QCOMPARE(gallery->entry(0).task.request.prompt,
             QStringLiteral("a lighthouse on a cliff at dusk"));
    child<QToolButton>("favouritesButton")->setChecked(false);
    QTRY_COMPARE(gallery->totalCount(), 2);

    auto *search = child<QLineEdit>("searchEdit");
    QTest::keyClicks(search, QStringLiteral("fox"));
    QTRY_COMPARE(gallery->totalCount(), 1);
    QCOMPARE(gallery->entry(0).task.request.prompt, QStringLiteral("a red fox in the snow"));
    search->setText(QStringLiteral("nothing like this"));
    QTRY_COMPARE(gallery->totalCount(), 0);
    QCOMPARE(view->emptyHintTitle(), QStringLiteral("Nothing matches"));
    search->clear();
    QTRY_COMPARE(gallery->totalCount(), 2);
}

void tst_MainWindow::deleteAsksAndRemovesFiles()
{
    MainWindow *window = m_app->window();
    GalleryModel *gallery = m_app->gallery();
    GalleryView *view = window->galleryView();
    const LibraryEntry fox = gallery->entry(0);
    QVERIFY(QFileInfo::exists(fox.output.filePath));
    view->setFocus();
    view->setCurrentIndex(view->model()->index(0, 0)); // the view's rows (GalleryGroupModel)
    view->selectionModel()->select(view->model()->index(0, 0), QItemSelectionModel::ClearAndSelect);

    answerNextMessageBox(QStringLiteral("Cancel"));
    action("deleteAction")->trigger();
    QCOMPARE(gallery->totalCount(), 2);
    QVERIFY(QFileInfo::exists(fox.output.filePath));

    QString question;
    QString consequence;
    answerNextMessageBox(QStringLiteral("Move to Trash"), &question, &consequence);
    action("deleteAction")->trigger();
    QCOMPARE(question, QStringLiteral("Delete this image?"));
    QCOMPARE(consequence, QStringLiteral("The file goes to the Trash; you can undo this."));
    QTRY_COMPARE(gallery->totalCount(), 1);
    QVERIFY(!QFileInfo::exists(fox.output.filePath));
    QCOMPARE(m_app->library()->output(fox.output.id).id, 0);
    const QString trash = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
            + QStringLiteral("/Trash/files/") + QFileInfo(fox.output.filePath).fileName();
    QVERIFY2(QFileInfo::exists(trash), qPrintable(trash));

    // Ctrl+Z where the images have focus brings it back in its place, file and row.
    auto *undoButton
            = window->statusBar()->findChild<QAbstractButton *>(QStringLiteral("undoDeleteButton"));
    QVERIFY(undoButton);
    QVERIFY(undoButton->isVisible());
    QVERIFY(action("undoDeleteAction")->isEnabled());
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    view->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), view);
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(gallery->totalCount(), 2);
    QVERIFY(QFileInfo::exists(fox.output.filePath));
    QVERIFY(!QFileInfo::exists(trash));
    QCOMPARE(m_app->library()->output(fox.output.id).filePath, fox.output.filePath);
    QCOMPARE(gallery->entry(0).output.id, fox.output.id);
    QVERIFY(!undoButton->isVisible());
    QVERIFY(!action("undoDeleteAction")->isEnabled());

    // The status bar's Undo button does the same; the last deletion stays.
    view->setCurrentIndex(view->model()->index(0, 0)); // the view's rows (GalleryGroupModel)
    view->selectionModel()->select(view->model()->index(0, 0), QItemSelectionModel::ClearAndSelect);
    answerNextMessageBox(QStringLiteral("Move to Trash"));
    action("deleteAction")->trigger();
    QTRY_COMPARE(gallery->totalCount(), 1);
    QVERIFY(undoButton->isVisible());
    // In a text field Ctrl+Z is the field's own undo.
    auto *search = child<QLineEdit>("searchEdit");
    window->activateWindow(); // back from the confirmation
    QVERIFY(QTest::qWaitForWindowActive(window));
    search->setText(QString()); // no history of its own to undo: the filter stays as it is
    search->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), search);
    QTest::keyClick(search, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(search->text(), QString());
    QCOMPARE(gallery->totalCount(), 1);
    QVERIFY(!QFileInfo::exists(fox.output.filePath));
    undoButton->click();
    QTRY_COMPARE(gallery->totalCount(), 2);
    QVERIFY(QFileInfo::exists(fox.output.filePath));
    view->setCurrentIndex(view->model()->index(0, 0)); // the view's rows (GalleryGroupModel)
    view->selectionModel()->select(view->model()->index(0, 0), QItemSelectionModel::ClearAndSelect);
    answerNextMessageBox(QStringLiteral("Move to Trash"));
    action("deleteAction")->trigger();
    QTRY_COMPARE(gallery->totalCount(), 1);
    QVERIFY(!QFileInfo::exists(fox.output.filePath));
    QCOMPARE(m_app->library()->output(fox.output.id).id, 0);
}

void tst_MainWindow::notifiesWhenInactive()
{
    MainWindow *window = m_app->window();
    Notifier *notifier = window->notifier();
    const int before = notifier->sentCount();
    QVERIFY(generate(QStringLiteral("a notification test")));
    // Another window takes the focus, as when the person switched to another program.
    QWidget other;
    other.show();
    other.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&other));
    QVERIFY(!window->isActiveWindow());
    QTRY_COMPARE_WITH_TIMEOUT(notifier->sentCount(), before + 1, 15000);
    other.close();
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
}

void tst_MainWindow::settingsRoundTripLeavesDemoMode()
{
    MainWindow *window = m_app->window();
    QSignalSpy modeChanged(m_app.get(), &DesktopApp::modeChanged);
    {
        SettingsDialog dialog(m_app->settings(), m_app->secrets(), m_app->tasks(), m_app->catalog(),
                              window);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *region = dialog.findChild<QComboBox *>(QStringLiteral("regionCombo"));
        auto *key = dialog.findChild<QLineEdit *>(QStringLiteral("keyEdit"));
        auto *concurrent = dialog.findChild<QSpinBox *>(QStringLiteral("concurrentSpin"));
        auto *notifications = dialog.findChild<QCheckBox *>(QStringLiteral("notificationsCheck"));
        auto *source = dialog.findChild<QLabel *>(QStringLiteral("keySourceLabel"));
        QVERIFY(region && key && concurrent && notifications && source);
        QTRY_VERIFY(key->isEnabled()); // the (empty) key was read
        QVERIFY(source->text().contains(QStringLiteral("session only")));
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        region->setCurrentIndex(region->findData(int(Region::Beijing)));
        QTRY_VERIFY(key->isEnabled()); // Beijing's key was read (none)
        key->setText(QStringLiteral("sk-round-trip"));
        concurrent->setValue(3);
        notifications->setChecked(false);
        QSignalSpy finished(&dialog, &QDialog::finished);
        dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(finished.wait(5000) || dialog.result() == QDialog::Accepted);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QCOMPARE(m_app->settings()->region(), Region::Beijing);
    QCOMPARE(m_app->settings()->maxConcurrentTasks(), 3);
    QVERIFY(!m_app->settings()->notificationsEnabled());
    // A key was saved: the real service of the chosen region, no longer the simulator.
    QTRY_VERIFY(!m_app->isDemo());
    QVERIFY(!window->windowTitle().contains(QStringLiteral("Demo")));
    QVERIFY(!child<QFrame>("demoBanner")->isVisible());
    QVERIFY(!action("addKeyAction")->isVisible());
    QCOMPARE(m_app->tasks()->endpoint().baseUrl, regionBaseUrl(Region::Beijing));

    // Opened again, the dialog shows what was saved.
    SettingsDialog again(m_app->settings(), m_app->secrets(), m_app->tasks(), m_app->catalog(),
                         window);
    auto *key = again.findChild<QLineEdit *>(QStringLiteral("keyEdit"));
    QTRY_COMPARE(key->text(), QStringLiteral("sk-round-trip"));
    QCOMPARE(again.findChild<QComboBox *>(QStringLiteral("regionCombo"))->currentData().toInt(),
             int(Region::Beijing));
    QCOMPARE(again.findChild<QSpinBox *>(QStringLiteral("concurrentSpin"))->value(), 3);
    QVERIFY(!again.findChild<QCheckBox *>(QStringLiteral("notificationsCheck"))->isChecked());
    // The key is never written to the settings file.
    m_app->settings()->sync();
    QFile file(m_settingsFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("sk-round-trip"));

    // Removing the key goes back to demo mode.
    key->clear();
    again.accept();
    QTRY_VERIFY(m_app->isDemo());
    QVERIFY(window->windowTitle().contains(QStringLiteral("Demo")));
}

void tst_MainWindow::everyActionHasAShortcutOrMenu()
{
    // The common actions are reachable from the keyboard.
    for (const char *name : { "generateAction", "settingsAction", "quitAction", "saveAsAction",
                              "copyImageAction", "copyPromptAction", "deleteAction", "reuseAction",
                              "favouriteAction", "findAction", "openImageAction" })
        QVERIFY2(!action(name)->shortcut().isEmpty(), name);
    const QList<QWidget *> widgets = m_app->window()->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (widget->focusPolicy() == Qt::NoFocus || !widget->isVisibleTo(m_app->window())
            || qobject_cast<QLabel *>(widget))
            continue;
        if (widget->objectName().isEmpty() || widget->objectName().startsWith(QLatin1String("qt_")))
            continue;
        if (qobject_cast<QAbstractButton *>(widget)
            && !static_cast<QAbstractButton *>(widget)->text().isEmpty())
            continue; // its text is its name
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    }
}

// The gallery shows results only; a failure is found again in the task panel: "Failed" lists this
// session's failed tasks and those of the last 30 days in the library, and Run Again works on
// them. Older ones and tasks that did not fail stay out.
void tst_MainWindow::failedTasksAreFoundInTheTaskPanel()
{
    const auto addEarlier = [this](const QString &prompt, TaskState state, int daysAgo) {
        TaskRecord task;
        task.request.model = QStringLiteral("wan2.5-t2i-preview");
        task.request.prompt = prompt;
        task.request.size = QSize(1280, 1280);
        task.request.seed = 11;
        task.endpoint = m_app->settings()->endpoint();
        task.state = state;
        task.createdAt = QDateTime::currentDateTimeUtc().addDays(-daysAgo);
        task.finishedAt = task.createdAt.addSecs(20);
        if (state == TaskState::Failed)
            task.error = ApiError::make(ApiError::Kind::ContentPolicy, QStringLiteral("refused"));
        if (!m_app->library()->addTask(&task))
            qWarning("the task was not added");
        return task.id;
    };
    const qint64 recent = addEarlier(QStringLiteral("a refused knight"), TaskState::Failed, 3);
    const qint64 old = addEarlier(QStringLiteral("an old refusal"), TaskState::Failed, 45);
    const qint64 done = addEarlier(QStringLiteral("a fine castle"), TaskState::Done, 2);

    // Not in the gallery: it holds results.
    GalleryModel *gallery = m_app->gallery();
    QTRY_VERIFY(gallery->totalCount() >= 0);
    for (int row = 0; row < gallery->rowCount(); ++row)
        QVERIFY(gallery->entry(row).task.id != recent);

    auto *taskView = child<QListView>("taskView");
    auto *show = child<QComboBox>("taskFilterCombo");
    const auto shownIds = [taskView] {
        QList<qint64> ids;
        for (int row = 0; row < taskView->model()->rowCount(); ++row)
            ids << taskView->model()->index(row, 0).data(TaskListModel::TaskIdRole).toLongLong();
        return ids;
    };
    QVERIFY(!shownIds().contains(recent)); // not this session's
    show->setCurrentIndex(show->findText(QStringLiteral("Failed")));
    QList<qint64> ids = shownIds();
    QVERIFY(ids.contains(recent));
    QVERIFY(!ids.contains(old));
    QVERIFY(!ids.contains(done));
    for (int row = 0; row < taskView->model()->rowCount(); ++row) {
        const auto state = TaskState(
                taskView->model()->index(row, 0).data(TaskListModel::StateRole).toInt());
        QVERIFY(state == TaskState::Failed || state == TaskState::Expired
                || state == TaskState::PartlyDone);
    }

    // Run Again works on it.
    taskView->setCurrentIndex(taskView->model()->index(int(ids.indexOf(recent)), 0));
    QVERIFY(action("retryTaskAction")->isEnabled());
    QCOMPARE(m_app->window()
                     ->taskModel()
                     ->task(m_app->window()->taskModel()->rowOf(recent))
                     .request.prompt,
             QStringLiteral("a refused knight"));

    // "Unfinished" hides it; "All tasks" keeps it listed now that it was found.
    show->setCurrentIndex(show->findText(QStringLiteral("Unfinished")));
    QVERIFY(!shownIds().contains(recent));
    show->setCurrentIndex(show->findText(QStringLiteral("All tasks")));
    QVERIFY(shownIds().contains(recent));
}

// Tasks of an earlier run whose endpoint has no key here are paused at the resume: the rows say
// "Paused" and why, the status bar says it once for all of them, and neither Retry nor Run Again
// is offered (either would create and bill a second task). Nothing is sent to their endpoint.
void tst_MainWindow::pausedTasksAreToldOnceAndNeverRetried()
{
    MainWindow *window = m_app->window();
    Endpoint elsewhere;
    elsewhere.region = Region::Virginia;
    elsewhere.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9/api/v1")); // nothing is sent
    QList<qint64> ids;
    for (const QString &prompt : { QStringLiteral("paused one"), QStringLiteral("paused two") }) {
        TaskRecord task;
        task.request.model = QStringLiteral("wan2.5-t2i-preview");
        task.request.prompt = prompt;
        task.request.size = QSize(1280, 1280);
        task.endpoint = elsewhere;
        task.state = TaskState::Running;
        task.taskId = QStringLiteral("task-%1").arg(ids.size() + 1);
        task.createdAt = QDateTime::currentDateTimeUtc().addSecs(-60);
        QVERIFY(m_app->library()->addTask(&task));
        ids << task.id;
    }
    TaskListModel *tasks = window->taskModel();
    const int activeBefore = tasks->activeCount();
    QSignalSpy messages(window->statusBar(), &QStatusBar::messageChanged);
    const TaskService::ResumeResult resumed
            = m_app->tasks()->resumeUnfinished([](const Endpoint &) { return QString(); });
    QCOMPARE(resumed.paused.size(), 2);
    QTRY_VERIFY(
            window->statusBar()->currentMessage().startsWith(QStringLiteral("2 tasks paused: ")));
    const QString told = window->statusBar()->currentMessage();
    QVERIFY2(told.contains(elsewhere.baseUrl.toDisplayString()), qPrintable(told));
    // It fits the status bar of a 1280 px window, with room for the activity text beside it:
    // where and why; the command that finishes the task is in the rows (below).
    const int toldWidth = window->statusBar()->fontMetrics().horizontalAdvance(told);
    QVERIFY2(toldWidth <= 1280 - 300, qPrintable(QString::number(toldWidth) + u' ' + told));
    int paused = 0;
    for (const QList<QVariant> &message : std::as_const(messages))
        paused += message.first().toString().contains(QStringLiteral("paused")) ? 1 : 0;
    QCOMPARE(paused, 1); // once for both

    // The rows: "Paused" and the engine's sentence, never "Waiting on the service".
    for (const qint64 id : std::as_const(ids)) {
        const QModelIndex index = tasks->index(tasks->rowOf(id));
        QCOMPARE(index.data(TaskListModel::StatusTextRole).toString(), QStringLiteral("Paused"));
        const QString error = index.data(TaskListModel::ErrorTextRole).toString();
        QVERIFY2(error.contains(elsewhere.baseUrl.toDisplayString()), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("dashscope-studio resume")), qPrintable(error));
        QVERIFY(!index.data(Qt::AccessibleTextRole)
                         .toString()
                         .contains(QStringLiteral("Waiting on the service")));
    }
    QCOMPARE(tasks->activeCount(), activeBefore); // not "running"

    // The newest row is the current one: neither Retry nor Cancel applies to it.
    auto *taskView = child<QListView>("taskView");
    QCOMPARE(tasks->task(taskView->currentIndex().row()).state, TaskState::Paused);
    QVERIFY(!action("retryTaskAction")->isEnabled());
    QVERIFY(!action("cancelTaskAction")->isEnabled());
    QVERIFY(!child<QToolButton>("retryTaskButton")->isEnabled());
    QVERIFY(action("retryTaskAction")->toolTip().contains(QStringLiteral("second task")));
    QVERIFY(action("copyTaskIdAction")->isEnabled());
    // The ids and the cURL command are one Copy button's menu (five buttons did not fit).
    QMenu *copyMenu = child<QToolButton>("copyButton")->menu();
    QVERIFY(copyMenu);
    QVERIFY(copyMenu->actions().contains(action("copyTaskIdAction")));
    QVERIFY(copyMenu->actions().contains(action("copyRequestIdAction")));
    const int rowsBefore = tasks->rowCount();
    action("retryTaskAction")->trigger(); // a stale shortcut must not create one either
    QCOMPARE(tasks->rowCount(), rowsBefore);

    // The gallery holds results: a paused task has none, so it is not there to run again.
    GalleryModel *gallery = m_app->gallery();
    gallery->reload();
    QCOMPARE(gallery->rowCount(), gallery->totalCount());
    for (int row = 0; row < gallery->rowCount(); ++row)
        QVERIFY(gallery->entry(row).task.id != ids.first());
}

// Run Again on a task whose settings the model no longer takes: the status bar says which rule
// (TaskStart's reason), not a guess, and nothing is created.
void tst_MainWindow::runAgainSaysWhyItIsRefused()
{
    MainWindow *window = m_app->window();
    TaskRecord task;
    task.request.model = QStringLiteral("wan2.5-t2i-preview");
    task.request.prompt = QStringLiteral("a size the model never took");
    task.request.size = QSize(100, 100);
    task.endpoint = m_app->tasks()->endpoint();
    task.state = TaskState::Failed;
    task.createdAt = QDateTime::currentDateTimeUtc().addSecs(-60);
    QVERIFY(m_app->library()->addTask(&task));
    const QList<ValidationIssue> issues
            = task.request.validate(m_app->catalog(), m_app->tasks()->endpoint().region);
    QVERIFY(!issues.isEmpty());

    // Found again in the task panel's failed tasks (the gallery holds results).
    auto *show = child<QComboBox>("taskFilterCombo");
    show->setCurrentIndex(show->findText(QStringLiteral("Failed")));
    auto *taskView = child<QListView>("taskView");
    window->taskModel()->addEarlier({ m_app->library()->task(task.id) }); // loaded once before
    int row = -1;
    QTRY_VERIFY([&] {
        for (row = 0; row < taskView->model()->rowCount(); ++row) {
            if (taskView->model()->index(row, 0).data(TaskListModel::TaskIdRole).toLongLong()
                == task.id)
                return true;
        }
        return false;
    }());
    taskView->setCurrentIndex(taskView->model()->index(row, 0));
    QTRY_VERIFY(action("retryTaskAction")->isEnabled());
    TaskListModel *tasks = window->taskModel();
    const int rowsBefore = tasks->rowCount();
    action("retryTaskAction")->trigger();
    const QString told = window->statusBar()->currentMessage();
    QVERIFY2(told.contains(issues.first().message), qPrintable(told));
    QVERIFY2(told.contains(QStringLiteral("Reuse Settings")), qPrintable(told));
    QCOMPARE(tasks->rowCount(), rowsBefore);

    // Reused from the task's menu, the status bar says "press Ctrl+Enter" only if Generate is
    // on.
    auto *form = window->findChild<PromptForm *>();
    QVERIFY(form);
    const GenerationRequest before = form->request();
    QAction *reuse = nullptr;
    for (QAction *candidate : taskView->actions()) {
        if (candidate->objectName() == QLatin1String("reuseTaskAction"))
            reuse = candidate;
    }
    QVERIFY(reuse && reuse->isEnabled());
    reuse->trigger();
    QCOMPARE(form->request().prompt, task.request.prompt);
    show->setCurrentIndex(show->findText(QStringLiteral("All tasks")));
    const QString reused = window->statusBar()->currentMessage();
    QVERIFY(!reused.isEmpty());
    QCOMPARE(reused.contains(QStringLiteral("Ctrl+Enter")), form->canGenerate());
    form->setRequest(before); // the form is saved for the next test's window
}

void tst_MainWindow::geometryIsRemembered()
{
    MainWindow *window = m_app->window();
    window->resize(1111, 777);
    window->close();
    Settings settings(m_settingsFile);
    QVERIFY(!settings.windowGeometry().isEmpty());
    QVERIFY(!settings.splitterState(QStringLiteral("main")).isEmpty());
    QWidget probe;
    QVERIFY(probe.restoreGeometry(settings.windowGeometry()));
    QCOMPARE(probe.size(), QSize(1111, 777));
}

// The layout is saved a moment after it changes, not only on a clean quit (a crash or a logout
// keeps it); the task panel can be put away and stays away.
void tst_MainWindow::layoutIsSavedAsItChanges()
{
    MainWindow *window = m_app->window();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    window->resize(1234, 765);
    QTRY_VERIFY([this] {
        QWidget probe;
        return probe.restoreGeometry(Settings(m_settingsFile).windowGeometry())
                && probe.size() == QSize(1234, 765);
    }());

    QAction *showTasks = action("showTasksAction");
    auto *panel = child<QWidget>("tasksPanel");
    auto *gallery = child<QWidget>("galleryStack");
    QVERIFY(showTasks->isChecked());
    QVERIFY(panel->isVisible());
    const int galleryHeight = gallery->height();
    showTasks->trigger();
    QVERIFY(!showTasks->isChecked());
    QVERIFY(!panel->isVisible());
    QTRY_VERIFY(gallery->height() > galleryHeight); // the gallery takes the room
    QVERIFY(!Settings(m_settingsFile).tasksPanelShown()); // and it stays away at the next start
    showTasks->trigger();
    QVERIFY(panel->isVisible());
    QTRY_COMPARE(gallery->height(), galleryHeight);
    QVERIFY(Settings(m_settingsFile).tasksPanelShown());
}

// Help: the shortcuts window lists the menus' shortcuts (read from the actions) and finds one;
// Copy System Information says versions and region, never the key.
void tst_MainWindow::helpListsShortcutsAndCopiesSystemInformation()
{
    action("shortcutsAction")->trigger();
    auto *dialog = m_app->window()->findChild<ShortcutsDialog *>(QStringLiteral("shortcutsDialog"));
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto *tree = dialog->findChild<QTreeWidget *>(QStringLiteral("shortcutTree"));
    QVERIFY(tree);
    const QList<QTreeWidgetItem *> generate
            = tree->findItems(QStringLiteral("Generate"), Qt::MatchExactly | Qt::MatchRecursive);
    QCOMPARE(generate.size(), 1);
    QCOMPARE(generate.first()->text(1),
             action("generateAction")->shortcuts().first().toString(QKeySequence::NativeText)
                     + QStringLiteral(", ")
                     + action("generateAction")
                               ->shortcuts()
                               .last()
                               .toString(QKeySequence::NativeText));
    const int all = dialog->rowCount();
    QVERIFY(all >= 15);
    dialog->findChild<QLineEdit *>(QStringLiteral("shortcutFilterEdit"))
            ->setText(QStringLiteral("ctrl+shift+t"));
    QCOMPARE(dialog->rowCount(), 1);
    dialog->close();

    const QString key = QStringLiteral("sk-system-info-must-not-show");
    qputenv("DASHSCOPE_API_KEY", key.toUtf8());
    action("copySystemInfoAction")->trigger();
    qunsetenv("DASHSCOPE_API_KEY");
    const QString info = QGuiApplication::clipboard()->text();
    QVERIFY2(info.startsWith(
                     QStringLiteral("DashScope Studio %1\n").arg(QStringLiteral(STUDIO_VERSION))),
             qPrintable(info));
    QVERIFY(info.contains(QStringLiteral("Qt %1").arg(QString::fromLatin1(qVersion()))));
    QVERIFY(info.contains(QStringLiteral("Region: ")));
    QVERIFY(info.contains(QStringLiteral("API key from the environment: yes")));
    QVERIFY(!info.contains(key));
    QVERIFY(!info.contains(QStringLiteral("sk-")));
}

// A create over this month's budget is not sent: the window explains the figures and offers to
// raise the budget for this month, then sends it. The Usage view (View menu) shows the ledger.
void tst_MainWindow::budgetRefusalOffersARaiseAndUsageShowsIt()
{
    TaskService *tasks = m_app->tasks();
    const QString model = child<PromptForm>("promptForm")->request().model;
    PriceTable prices = PriceTable::builtIn();
    prices.overrideWith(PriceTable::fromJson(
            QStringLiteral(R"({"prices": [{"model": "%1", "regions": ["singapore", "virginia",
                "beijing"], "currency": "USD", "unit": "image", "perImage": 0.25}]})")
                    .arg(model)
                    .toUtf8()));
    tasks->setPriceTable(prices);
    tasks->setFreeOfCharge(false); // as if the key were real: demo mode bills nothing
    const double spent = tasks->spentThisMonth(QStringLiteral("USD"));
    m_app->settings()->setMonthlyBudget(QStringLiteral("USD"), spent + 0.10);
    tasks->setMonthlyBudget(m_app->settings()->budgetsFor());
    TaskListModel *taskModel = m_app->window()->taskModel();
    const int rowsBefore = taskModel->rowCount();

    // The form's generate() directly: the message box must be what the next turn of the event
    // loop meets.
    auto *form = child<PromptForm>("promptForm");
    child<QPlainTextEdit>("promptEdit")->setPlainText(QStringLiteral("a budget of ten cents"));
    answerNextMessageBox(QStringLiteral("Cancel"));
    form->generate();
    QCOMPARE(taskModel->rowCount(), rowsBefore); // refused: nothing sent, nothing recorded

    answerNextMessageBox(QStringLiteral("Raise This Month's Budget by $0.15 and Generate"));
    form->generate();
    QCOMPARE(taskModel->rowCount(), rowsBefore + 1);
    QCOMPARE(m_app->settings()->budgetRaise(QStringLiteral("USD"), QDate::currentDate()), 0.15);
    tasks->setFreeOfCharge(true);
    m_app->settings()->setMonthlyBudget(QStringLiteral("USD"), std::nullopt);

    action("usageAction")->trigger();
    auto *dialog = m_app->window()->findChild<UsageDialog *>(QStringLiteral("usageDialog"));
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QTRY_VERIFY(dialog->model()->rowCount() > 0); // the demo tasks of this run, at 0
    dialog->close();
}

LibraryEntry tst_MainWindow::makeVideo(const GenerationRequest &request)
{
    // Quick: the video schedule's first poll at 15 s, scaled down; a small render.
    m_app->tasks()->setPollPolicy(
            std::make_unique<ScaledPollPolicy>(std::make_unique<DefaultPollPolicy>(), 0.02));
    m_app->simulator()->setVideoRenderLimit(320, 1);
    const TaskStart start = m_app->tasks()->submit(request);
    for (const ValidationIssue &issue : start.issues)
        qWarning() << issue.field << issue.message;
    if (!start.isStarted())
        return {};
    GalleryModel *gallery = m_app->gallery();
    const bool saved = QTest::qWaitFor(
            [&] {
                return gallery->rowCount() > 0 && gallery->entry(0).task.id == start.id
                        && gallery->entry(0).output.isSaved();
            },
            60000);
    m_app->tasks()->setPollPolicy(std::make_unique<DefaultPollPolicy>());
    return saved ? gallery->entry(0) : LibraryEntry();
}

void tst_MainWindow::videoIsNamedShownCopiedAndSavedAsItIs()
{
    GenerationRequest request;
    request.kind = MediaKind::TextToVideo;
    request.model = QStringLiteral("wan2.2-t2v-plus");
    request.prompt = QStringLiteral("waves rolling onto a quiet beach");
    request.seed = 7;
    const LibraryEntry entry = makeVideo(request);
    QVERIFY(entry.output.isSaved());
    QVERIFY(entry.output.isVideo());
    MainWindow *window = m_app->window();

    // The task row and the gallery call it a video, not an image.
    TaskListModel *tasks = window->taskModel();
    QTRY_VERIFY(tasks->rowCount() > 0
                && TaskState(tasks->index(0).data(TaskListModel::StateRole).toInt())
                        == TaskState::Done);
    for (const int role : { int(TaskListModel::StatusTextRole), int(TaskListModel::DetailTextRole),
                            int(Qt::AccessibleTextRole) }) {
        const QString text = tasks->index(0).data(role).toString();
        QVERIFY2(!text.contains(QStringLiteral("image")), qPrintable(text));
    }
    QVERIFY(tasks->index(0)
                    .data(TaskListModel::StatusTextRole)
                    .toString()
                    .contains(QStringLiteral("1 video")));
    auto *count = child<QLabel>("galleryCountLabel");
    QTRY_VERIFY2(!count->text().contains(QStringLiteral("image")), qPrintable(count->text()));
    QVERIFY2(count->toolTip().contains(QStringLiteral("1 video")), qPrintable(count->toolTip()));

    // The viewer: the player, a title that fits, no zoom of ours.
    GalleryView *view = window->galleryView();
    view->setCurrentIndex(view->model()->index(0, 0));
    QTest::keyClick(view, Qt::Key_Return);
    QTRY_VERIFY(window->isViewerShown());
    ImageViewer *viewer = window->imageViewer();
    QVERIFY(viewer->isShowingVideo());
    auto *title = viewer->findChild<QLabel *>(QStringLiteral("viewerTitleLabel"));
    const QSize size = entry.output.pixelSize;
    QTRY_VERIFY2(title->text().startsWith(
                         QStringLiteral("%1 × %2").arg(size.width()).arg(size.height())),
                 qPrintable(title->text()));
    QVERIFY(title->fontMetrics().horizontalAdvance(title->text()) <= title->contentsRect().width());
    auto *zoom = viewer->findChild<QToolButton *>(QStringLiteral("zoomControl"));
    QVERIFY(zoom);
    QVERIFY2(!zoom->isVisible(), qPrintable(zoom->text()));

    // Copy: the file, for a file manager or a chat; never a still of it.
    QCOMPARE(action("copyImageAction")->text(), QStringLiteral("&Copy Video"));
    action("copyImageAction")->trigger();
    const QMimeData *copied = QGuiApplication::clipboard()->mimeData();
    QVERIFY(copied->hasUrls());
    QCOMPARE(copied->urls(), QList<QUrl> { QUrl::fromLocalFile(entry.output.filePath) });
    QVERIFY(!copied->hasImage());

    // Save As: an MP4 filter, and the file's bytes as they are.
    const QString target = m_dir.filePath(QStringLiteral("saved-video"));
    QStringList filters;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        filters = dialog->nameFilters();
        dialog->selectFile(target);
        static_cast<QDialog *>(dialog)->accept(); // QFileDialog's own is protected
    });
    action("saveAsAction")->trigger();
    QVERIFY2(filters.join(u' ').contains(QStringLiteral("*.mp4")), qPrintable(filters.join(u' ')));
    QFile original(entry.output.filePath);
    QFile saved(target + QStringLiteral(".mp4"));
    QVERIFY(original.open(QIODevice::ReadOnly));
    QVERIFY2(saved.open(QIODevice::ReadOnly), qPrintable(saved.fileName()));
    QCOMPARE(saved.readAll(), original.readAll());

    QTest::keyClick(viewer, Qt::Key_Escape);
    QVERIFY(!window->isViewerShown());
    QCOMPARE(action("copyImageAction")->text(), QStringLiteral("&Copy Video"));
}

void tst_MainWindow::curlOfALocalInputReadsItsFile()
{
    // A first frame small enough to travel as a data: URI: the task records no URL for it.
    const QString frame = m_dir.filePath(QStringLiteral("first frame.png"));
    QImage image(480, 800, QImage::Format_RGB32);
    image.fill(qRgb(30, 90, 160));
    QVERIFY(image.save(frame, "PNG"));
    GenerationRequest request;
    request.kind = MediaKind::ImageToVideo;
    request.model = QStringLiteral("wan2.2-i2v-flash");
    request.prompt = QStringLiteral("the sea comes alive");
    request.seed = 8;
    request.video.resolution = QStringLiteral("480P");
    RequestInput first;
    first.role = InputRole::FirstFrame;
    first.localPath = frame;
    request.inputs = { first };
    const LibraryEntry entry = makeVideo(request);
    QVERIFY(entry.output.isSaved());
    QVERIFY(entry.task.request.inputs.size() == 1
            && entry.task.request.inputs.first().url.isEmpty());

    GalleryView *view = m_app->window()->galleryView();
    view->setCurrentIndex(view->model()->index(0, 0));
    view->selectionModel()->select(view->model()->index(0, 0), QItemSelectionModel::ClearAndSelect);
    QVERIFY(action("copyCurlAction")->isEnabled());
    QGuiApplication::clipboard()->clear();
    action("copyCurlAction")->trigger();
    const QString curl = QGuiApplication::clipboard()->text();
    QVERIFY2(curl.startsWith(QStringLiteral("curl")), qPrintable(curl));
    QVERIFY2(curl.contains(QStringLiteral("base64 < '%1'").arg(frame)), qPrintable(curl));
    QVERIFY(curl.contains(QStringLiteral("data:image/png;base64,")));
    QVERIFY(curl.contains(QStringLiteral("$DASHSCOPE_API_KEY")));
    QVERIFY(!curl.contains(Session::demoApiKey()));
    QVERIFY(!curl.contains(QStringLiteral("DASHSCOPE_STUDIO_LOCAL_INPUT")));

    // And it works: the shell makes the data: URI, the simulator creates the task.
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        return;
    const int creates = m_app->simulator()->statistics().creates;
    QProcess shell;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DASHSCOPE_API_KEY"), QStringLiteral("sk-any"));
    shell.setProcessEnvironment(environment);
    shell.start(QStringLiteral("sh"), { QStringLiteral("-c"), curl + QStringLiteral(" -sS") });
    QSignalSpy finished(&shell, &QProcess::finished);
    QVERIFY(finished.wait(30000)); // the event loop runs: the simulator in this process answers
    const QByteArray answer = shell.readAllStandardOutput();
    QVERIFY2(answer.contains("\"task_id\""), (answer + shell.readAllStandardError()).constData());
    QCOMPARE(m_app->simulator()->statistics().creates, creates + 1);
}

// "Edit Image…" (Ctrl+E) on a gallery image, on the viewer's, and on the clipboard's: the form
// switches to its edit mode with that image to edit and the prompt in focus; never on a video.
void tst_MainWindow::editImageFromTheGalleryTheViewerAndTheClipboard()
{
    MainWindow *window = m_app->window();
    PromptForm *form = window->promptForm();
    GalleryView *view = window->galleryView();
    window->showGallery();
    QAbstractItemModel *model = view->model();
    int imageRow = -1;
    int videoRow = -1;
    for (int row = 0; row < model->rowCount() && (imageRow < 0 || videoRow < 0); ++row) {
        const LibraryEntry entry = view->entry(model->index(row, 0));
        if (!entry.output.isSaved())
            continue;
        if (entry.output.isVideo())
            videoRow = videoRow < 0 ? row : videoRow;
        else
            imageRow = imageRow < 0 ? row : imageRow;
    }
    QVERIFY(imageRow >= 0);
    QAction *edit = action("editImageAction");
    QCOMPARE(edit->shortcut(), QKeySequence(QStringLiteral("Ctrl+E")));
    if (videoRow >= 0) {
        view->setCurrentIndex(model->index(videoRow, 0));
        view->selectionModel()->select(model->index(videoRow, 0),
                                       QItemSelectionModel::ClearAndSelect);
        QVERIFY(!edit->isEnabled()); // a video is not an image to edit
    }
    const QModelIndex index = model->index(imageRow, 0);
    const LibraryEntry entry = view->entry(index);
    view->setCurrentIndex(index);
    view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
    QVERIFY(edit->isEnabled());
    QVERIFY(view->actions().contains(edit)); // in the gallery's context menu
    QVERIFY(window->imageViewer()->actions().contains(edit)); // and the viewer's

    // Shown again (geometryIsRemembered closed it) and active: the window takes the shortcut.
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    view->setFocus();
    QTest::keyClick(view, Qt::Key_E, Qt::ControlModifier);
    QCOMPARE(form->mode(), PromptForm::Mode::Edit);
    QCOMPARE(form->request().kind, MediaKind::ImageEdit);
    QCOMPARE(form->editOptions()->images(), QStringList { entry.output.filePath });
    QTRY_COMPARE(QApplication::focusWidget(), child<QPlainTextEdit>("promptEdit"));

    // From the viewer: its image.
    form->setMode(PromptForm::Mode::Image);
    window->showViewer(index);
    QVERIFY(window->isViewerShown());
    edit->trigger();
    QCOMPARE(form->mode(), PromptForm::Mode::Edit);
    QCOMPARE(form->editOptions()->images(), QStringList { entry.output.filePath });
    window->showGallery();

    // From the clipboard: a copied picture is kept in the program's folder for pasted inputs.
    QImage picture(640, 520, QImage::Format_RGB32);
    picture.fill(qRgb(200, 120, 40));
    QGuiApplication::clipboard()->setImage(picture);
    if (QGuiApplication::clipboard()->image().isNull())
        QSKIP("this platform has no clipboard");
    form->setMode(PromptForm::Mode::Image);
    action("editClipboardAction")->trigger();
    QCOMPARE(form->mode(), PromptForm::Mode::Edit);
    const QStringList images = form->editOptions()->images();
    QCOMPARE(images.size(), 1);
    QVERIFY2(images.first().startsWith(InputSlot::pasteFolder()), qPrintable(images.first()));
    QCOMPARE(QImage(images.first()).size(), QSize(640, 520));
    // Nothing on it: said, and the form is left as it is.
    QGuiApplication::clipboard()->clear();
    action("editClipboardAction")->trigger();
    QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("no image")));
    QCOMPARE(form->editOptions()->images(), images);

    QTest::mouseClick(child<QPushButton>("imageKindButton"), Qt::LeftButton);
    QCOMPARE(form->mode(), PromptForm::Mode::Image);
}

// A whole edit in demo mode: the form's request goes through the same submit path, the built-in
// simulator edits the image, and the result lands in the gallery as an edit of it.
void tst_MainWindow::editInDemoModeLandsInTheGallery()
{
    MainWindow *window = m_app->window();
    PromptForm *form = window->promptForm();
    const QString base = m_dir.filePath(QStringLiteral("to edit.png"));
    QImage picture(768, 640, QImage::Format_RGB32);
    picture.fill(qRgb(60, 140, 90));
    QVERIFY(picture.save(base, "PNG"));
    QVERIFY(form->startEditFrom(base));
    QCOMPARE(form->request().model, QStringLiteral("wan2.5-i2i-preview"));
    auto *prompt = child<QPlainTextEdit>("promptEdit");
    prompt->setPlainText(QStringLiteral("make it autumn"));
    QVERIFY2(form->canGenerate(), qPrintable(form->issues().value(0).message));
    QVERIFY(child<QPushButton>("generateButton")->isEnabled());

    GalleryModel *gallery = m_app->gallery();
    const int before = gallery->totalCount();
    TaskListModel *tasks = window->taskModel();
    const int rowsBefore = tasks->rowCount();
    form->generate();
    QCOMPARE(tasks->rowCount(), rowsBefore + 1);
    QCOMPARE(tasks->task(0).request.kind, MediaKind::ImageEdit);
    QTRY_COMPARE_WITH_TIMEOUT(TaskState(tasks->index(0).data(TaskListModel::StateRole).toInt()),
                              TaskState::Done, 20000);
    QTRY_COMPARE(gallery->totalCount(), before + 1);
    const LibraryEntry entry = gallery->entry(0);
    QVERIFY(entry.output.isSaved());
    QVERIFY(QFileInfo::exists(entry.output.filePath));
    QCOMPARE(entry.task.request.kind, MediaKind::ImageEdit);
    QCOMPARE(entry.task.request.prompt, QStringLiteral("make it autumn"));
    QCOMPARE(entry.task.request.inputsWith(InputRole::Image).value(0).localPath, base);
    QVERIFY(!QImage(entry.output.filePath).isNull());

    // An edit of the result: Edit Image on it puts it in the form in place of the first image.
    const QModelIndex index = window->galleryView()->model()->index(0, 0); // grouped or not
    window->galleryView()->setCurrentIndex(index);
    window->galleryView()->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
    action("editImageAction")->trigger();
    QCOMPARE(form->editOptions()->images(), QStringList { entry.output.filePath });
    QTest::mouseClick(child<QPushButton>("imageKindButton"), Qt::LeftButton);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
