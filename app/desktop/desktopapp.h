#pragma once

#include "domain/apierror.h"
#include "domain/modelcatalog.h"
#include "domain/region.h"
#include "platform/secretstore.h"

#include <QObject>
#include <QString>
#include <chrono>
#include <memory>

class GalleryModel;
class Library;
class MainWindow;
class QApplication;
class QIcon;
class Session;
class Settings;
class SimulatorServer;
class TaskService;
class ThumbnailCache;

// Light or dark: the system's palette by default; a choice for desktops that do not tell Qt
// (and for screenshots).
enum class ColorScheme { System, Light, Dark };

// How the desktop program starts. The defaults are what `dashscope-studio` does; tests point
// everything at a temporary directory and a memory secret store.
struct DesktopOptions
{
    bool forceDemo = false; // --demo: the built-in simulator even when a key exists
    QString dataDirectory; // library and thumbnails; empty: the platform's locations
    QString settingsFile; // INI file; empty: the platform's settings store
    SecretStore::Backend secretBackend = SecretStore::Backend::Keychain;
    std::chrono::milliseconds simulatorLatency { 4000 }; // how long a demo task takes
    bool resumeUnfinished = true; // resume the library's unfinished tasks (when a key exists)
    ColorScheme colorScheme = ColorScheme::System;
};

// The desktop object graph, built once by constructor injection: the Session (library, task
// service, network manager, the in-process simulator for demo mode) shared with the command line,
// and the window's own Settings, SecretStore, ThumbnailCache, GalleryModel and MainWindow.
// Decides between demo mode and the real service from the stored key and follows changes.
class DesktopApp final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesktopApp)

public:
    explicit DesktopApp(const DesktopOptions &options, QObject *parent = nullptr);
    ~DesktopApp() override;

    // Opens the library and builds the window. Kind::None, or an error whose message is a
    // sentence for a person.
    ApiError initialize();
    // Shows the window at once (saying the key is being read: never "demo" while a key may
    // exist), reads the key, picks the mode and resumes unfinished tasks.
    void start();

    bool isDemo() const { return m_demo; }
    // "Restart Now" in Settings closed the window (the layout and the form saved) and ended the
    // event loop: runDesktop() starts the program again once this object is gone.
    bool restartRequested() const { return m_restartRequested; }
    bool isStarted() const { return m_started; }
    MainWindow *window() const { return m_window.get(); }
    Settings *settings() const { return m_settings.get(); }
    SecretStore *secrets() const { return m_secrets.get(); }
    Library *library() const;
    TaskService *tasks() const;
    GalleryModel *gallery() const { return m_gallery.get(); }
    SimulatorServer *simulator() const; // null until demo mode needs it
    const ModelCatalog &catalog() const;

signals:
    void started(); // the mode is known (the window shows from start() on)
    void modeChanged(bool demo);

private:
    void readKeyAndApply();
    void reportDamage(const QString &problem); // the deferred check of the library failed
    void applyKey(const QString &key, SecretStore::Source source);
    void resumeWithStoredKeys();
    Endpoint realEndpoint() const;
    QString outputDirectoryFor(bool demo) const;

    DesktopOptions m_options;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<ThumbnailCache> m_thumbnails;
    std::unique_ptr<GalleryModel> m_gallery;
    std::unique_ptr<MainWindow> m_window;
    QString m_key;
    bool m_demo = true;
    bool m_started = false;
    bool m_resumed = false;
    bool m_restartRequested = false;
    int m_keyGeneration = 0; // ignores answers to key reads that a later read superseded
};

// The program's icon: the installed theme's, else the one compiled in.
QIcon applicationIcon();
// Light or Dark: the Fusion style with a matching palette. System: leaves Qt's choice alone, or
// brings it back after Light or Dark.
void applyColorScheme(QApplication &app, ColorScheme scheme);
// Settings::colorScheme() as a ColorScheme ("" or unknown: System).
ColorScheme colorSchemeFromSetting(const QString &scheme);

// The desktop program: builds the graph, shows the window and runs the event loop. For main().
int runDesktop(QApplication &app, const DesktopOptions &options = {});
