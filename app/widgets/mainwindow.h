#pragma once

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "domain/region.h"
#include "library/library.h"
#include "widgets/windowservices.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>
#include <optional>

namespace Ui {
class MainWindow;
}
class CompareView;
class GalleryFilters;
class GalleryView;
class ImageActions;
class ImageViewer;
class Notifier;
class PromptForm;
class QLabel;
class QTimer;
class TaskListModel;

// The window a person uses: prompt form on the left, gallery (or one image) on the right, the
// progress of every task below it. It builds and wires the parts that do the work: the gallery's
// filter bar (GalleryFilterBar), what is done with images (ImageActions) and the task panel
// (TaskPanel); what is left here is the prompt form, the toolbar, the mode and the settings.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const WindowServices &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Demo mode runs against the built-in simulator: said in the title, a banner and the status
    // bar.
    void setMode(bool demo, const Endpoint &endpoint);
    // Before the first setMode(): the key is still being read (the keychain may take a moment),
    // so the window says so, and Generate waits for it rather than failing for want of a key.
    void setKeyPending();
    bool isDemo() const { return m_demo; }

    PromptForm *promptForm() const { return m_form; }
    GalleryView *galleryView() const;
    ImageViewer *imageViewer() const;
    TaskListModel *taskModel() const;
    GalleryFilters *galleryFilters() const;
    Notifier *notifier() const { return m_notifier; }
    bool isViewerShown() const;
    // Full screen (View > Full Screen, F11; F in the viewer): the image alone, on black.
    bool isFullScreenView() const { return m_beforeFullScreen.has_value(); }
    QAction *fullScreenAction() const { return m_fullScreenAction; }

public slots:
    void openSettings();
    void openAddKey();
    void showViewer(const QModelIndex &galleryIndex);
    void showFileInViewer(const QString &path);
    void showGallery();
    // The window's state before (maximized or not, splitters, panels) comes back exactly.
    void setFullScreen(bool on);

signals:
    void settingsApplied(); // the settings dialog was accepted (keys may have changed)
    void restartRequested(); // "Restart Now" in Settings (a new language): saved, start again

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void moveEvent(QMoveEvent *event) override;

private:
    void setupActions();
    void setupToolBar();
    void setupGallery();
    void setupTasks();
    void restoreState();
    void saveState();
    void updateTitle();
    void updateBanner();
    void updateGalleryHint(bool filtered, bool onlyFavourites);
    void openUsage();
    void offerBudgetRaise(const GenerationRequest &request, const QString &explanation);
    void handleGenerate(const GenerationRequest &request);
    void reuse(const GenerationRequest &request, const QString &source = {});
    void startVideo(const QStringList &images); // "Animate…", "Video Between These Images…"
    void startEdit(const QString &image); // "Edit Image…"
    void editFromClipboard(); // "Edit Image from Clipboard"
    void openSettingsDialog(bool focusKey);
    void about();
    void setupHelp();
    void setupLayoutSaving();
    void showShortcuts();
    void saveLayout(); // geometry, toolbar and splitter positions, as they change
    void setupFullScreen(); // mainwindowviews.cpp
    CompareView *setupCompare(QAction **action); // the view in the gallery's stack, its action

    std::unique_ptr<Ui::MainWindow> m_ui;
    WindowServices m_services;
    PromptForm *m_form = nullptr;
    ImageActions *m_images = nullptr;
    Notifier *m_notifier = nullptr;
    QLabel *m_modeLabel = nullptr;
    QLabel *m_activityLabel = nullptr;
    Endpoint m_endpoint;
    bool m_demo = false;
    bool m_keyPending = false;
    bool m_stateRestored = false;
    QTimer *m_saveLayoutLater = nullptr; // a moment after the window is moved or resized
    QAction *m_showTasksAction = nullptr;
    QAction *m_fullScreenAction = nullptr;
    struct LayoutBeforeFullScreen
    {
        Qt::WindowStates state;
        QByteArray mainSplitter;
        QByteArray rightSplitter;
        QList<QPointer<QWidget>> hidden; // the menu bar, toolbar, form, task panel … shown then
    };
    std::optional<LayoutBeforeFullScreen> m_beforeFullScreen;
    // Put back again at the first resize after full screen (the window manager's, later).
    std::optional<std::pair<QByteArray, QByteArray>> m_splittersAfterFullScreen;
};
