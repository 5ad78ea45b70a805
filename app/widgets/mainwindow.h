#pragma once

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "domain/region.h"
#include "library/library.h"

#include <QMainWindow>
#include <QTimer>
#include <functional>
#include <memory>

namespace Ui {
class MainWindow;
}
class GalleryFilters;
class GalleryModel;
class GalleryView;
class ImageViewer;
class Notifier;
class PromptForm;
class QAbstractItemModel;
class QLabel;
class PopupPanel;
class QMimeData;
class SecretStore;
class Settings;
class TaskListModel;
class TaskService;

// Everything the window works with, built by the caller (dependency injection; no singletons).
struct WindowServices
{
    const ModelCatalog *catalog = nullptr;
    Settings *settings = nullptr;
    SecretStore *secrets = nullptr;
    Library *library = nullptr;
    TaskService *tasks = nullptr;
    GalleryModel *gallery = nullptr; // the library's images, with thumbnails
};

// The window a person uses: prompt form on the left, gallery (or one image) on the right, the
// progress of every task below it.
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
    bool isDemo() const { return m_demo; }

    PromptForm *promptForm() const { return m_form; }
    GalleryView *galleryView() const;
    ImageViewer *imageViewer() const;
    TaskListModel *taskModel() const { return m_taskModel; }
    GalleryFilters *galleryFilters() const { return m_filters; }
    Notifier *notifier() const { return m_notifier; }
    bool isViewerShown() const;

public slots:
    void openSettings();
    void openAddKey();
    void showViewer(const QModelIndex &galleryIndex);
    void showFileInViewer(const QString &path);
    void showGallery();

signals:
    void settingsApplied(); // the settings dialog was accepted (keys may have changed)

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void setupActions();
    void setupGallery();
    void setupTasks();
    void restoreState();
    void saveState();
    void updateTitle();
    void updateBanner();
    void applyGalleryQuery();
    void updateGalleryCount();
    void updateFilterIndicators();
    void refreshModelFilter();
    void clearGalleryFilters();
    bool galleryIsFiltered() const; // anything besides the sort order narrows what is shown
    void updateImageActions();
    void updateTaskActions();
    void handleGenerate(const GenerationRequest &request);
    void handleTaskFinished(const TaskRecord &task);
    void openSettingsDialog(bool focusKey);

    // The images an action applies to: the viewer's image, else the gallery's selection.
    QList<LibraryEntry> actionEntries() const;
    void saveImagesAs();
    void copyImage();
    void copyPrompt();
    void revealInFileManager();
    void deleteImages();
    void toggleFavourite();
    void toggleFavouriteAt(const QModelIndex &index);
    void reuseSettings();
    void runAgain();
    void reuse(const GenerationRequest &request);
    void openImageFile();
    void openTaskId();
    void about();

    TaskRecord currentTask() const;
    void cancelTask();
    void retryTask();
    void copyTaskId();
    void copyRequestId();
    void copyCurl(const TaskRecord &task);

    static QStringList droppedPngFiles(const QMimeData *mime);

    std::unique_ptr<Ui::MainWindow> m_ui;
    WindowServices m_services;
    PromptForm *m_form = nullptr;
    TaskListModel *m_taskModel = nullptr;
    Notifier *m_notifier = nullptr;
    QLabel *m_modeLabel = nullptr;
    QLabel *m_activityLabel = nullptr;
    GalleryFilters *m_filters = nullptr; // size, date and state, in the Filters button's popup
    PopupPanel *m_filtersPopup = nullptr;
    QTimer m_searchDelay;
    Endpoint m_endpoint;
    bool m_demo = false;
    bool m_stateRestored = false;
};
