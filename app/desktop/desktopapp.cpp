#include "desktop/desktopapp.h"

#include "engine/taskservice.h"
#include "library/library.h"
#include "library/thumbnailcache.h"
#include "models/gallerymodel.h"
#include "platform/logging.h"
#include "platform/settings.h"
#include "session/session.h"
#include "widgets/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QMap>
#include <QMessageBox>
#include <QProcess>
#include <QStandardPaths>
#include <QStyle>
#include <QTimer>
#include <chrono>
#include <cstdio>

namespace {

// STUDIO_REPORT_FIRST_PAINT=1 (tests/widgets/bench_startup): the moments of the window's first
// paint and of the key's arrival go to stderr, on the monotonic clock the spawning process reads.
bool reportsStartup()
{
    static const bool on = qEnvironmentVariableIsSet("STUDIO_REPORT_FIRST_PAINT");
    return on;
}

void reportMoment(const char *what)
{
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    std::fprintf(stderr, "studio-startup %s %lld\n", what,
                 static_cast<long long>(
                         std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()));
}

class FirstPaintReporter final : public QObject
{
public:
    explicit FirstPaintReporter(QWidget *window) : QObject(window), m_window(window) { }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        const auto *widget = qobject_cast<QWidget *>(watched);
        if (event->type() == QEvent::Paint && widget && widget->window() == m_window) {
            qApp->removeEventFilter(this);
            // Stamped once this paint (the window's and its children's) is done.
            QTimer::singleShot(0, this, [this] {
                reportMoment("first-paint");
                deleteLater();
            });
        }
        return false;
    }

private:
    QWidget *m_window;
};

} // namespace

DesktopApp::DesktopApp(const DesktopOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_session(std::make_unique<Session>())
{ }

DesktopApp::~DesktopApp()
{
    // The window first: it holds models that listen to the services below.
    m_window.reset();
}

Library *DesktopApp::library() const
{
    return m_session->library();
}

TaskService *DesktopApp::tasks() const
{
    return m_session->tasks();
}

SimulatorServer *DesktopApp::simulator() const
{
    return m_session->simulator();
}

const ModelCatalog &DesktopApp::catalog() const
{
    return m_session->catalog();
}

ApiError DesktopApp::initialize()
{
    m_settings = m_options.settingsFile.isEmpty()
            ? std::make_unique<Settings>()
            : std::make_unique<Settings>(m_options.settingsFile);
    m_secrets = std::make_unique<SecretStore>(m_options.secretBackend);

    const QString databasePath = m_options.dataDirectory.isEmpty()
            ? QString()
            : QDir(m_options.dataDirectory).filePath(QStringLiteral("library.sqlite3"));
    // The check of the library's file (a read of all of it) runs once the window shows.
    if (const ApiError error = m_session->open(databasePath, true); error.isError())
        return error;
    m_thumbnails = std::make_unique<ThumbnailCache>(
            m_options.dataDirectory.isEmpty()
                    ? QString()
                    : QDir(m_options.dataDirectory).filePath(QStringLiteral("thumbnails")));
    // The model loads its first page (every image, newest first) in its constructor.
    m_gallery = std::make_unique<GalleryModel>(library(), m_thumbnails.get());
    tasks()->setMaxConcurrentTasks(m_settings->maxConcurrentTasks());
    // Prices (with the person's own file) and the month's budget, checked by every create.
    tasks()->setPriceTable(PriceTable::load(Settings::pricesOverridePath()));
    tasks()->setMonthlyBudget(m_settings->budgetsFor());

    WindowServices services;
    services.catalog = &m_session->catalog();
    services.settings = m_settings.get();
    services.secrets = m_secrets.get();
    services.library = library();
    services.tasks = tasks();
    services.gallery = m_gallery.get();
    // The stored colour scheme unless the command line chose one (--color-scheme).
    auto *application = qobject_cast<QApplication *>(QCoreApplication::instance());
    if (application && m_options.colorScheme == ColorScheme::System)
        applyColorScheme(*application, colorSchemeFromSetting(m_settings->colorScheme()));
    m_window = std::make_unique<MainWindow>(services);

    connect(m_settings.get(), &Settings::budgetChanged, this,
            [this] { tasks()->setMonthlyBudget(m_settings->budgetsFor()); });
    connect(m_settings.get(), &Settings::maxConcurrentTasksChanged, tasks(),
            &TaskService::setMaxConcurrentTasks);
    connect(m_settings.get(), &Settings::outputDirectoryChanged, this,
            [this] { tasks()->setOutputDirectory(outputDirectoryFor(m_demo)); });
    connect(m_settings.get(), &Settings::endpointChanged, this, &DesktopApp::readKeyAndApply);
    connect(m_secrets.get(), &SecretStore::keyChanged, this, &DesktopApp::readKeyAndApply);
    connect(m_window.get(), &MainWindow::settingsApplied, this, &DesktopApp::readKeyAndApply);
    connect(m_settings.get(), &Settings::colorSchemeChanged, this, [](const QString &scheme) {
        if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
            applyColorScheme(*app, colorSchemeFromSetting(scheme));
    });
    connect(m_window.get(), &MainWindow::restartRequested, this, [this] {
        // The normal way out: closing saves the layout and the form; unfinished tasks are
        // resumed by the new process.
        if (!m_window->close())
            return;
        m_restartRequested = true;
        QCoreApplication::quit();
    });
    return {};
}

void DesktopApp::start()
{
    // The window shows at once, whatever the keychain does (starting the Secret Service over
    // D-Bus takes over a second, unlocking it as long as the person needs). The mode follows
    // when the key is known, or after a short while in demo mode, switching when it arrives.
    m_window->setKeyPending();
    if (reportsStartup())
        qApp->installEventFilter(new FirstPaintReporter(m_window.get()));
    m_window->show();
    m_window->activateWindow();
    connect(library(), &Library::integrityChecked, this, &DesktopApp::reportDamage);
    library()->startIntegrityCheck();
    QTimer::singleShot(1500, this, [this] {
        if (!m_started)
            applyKey({}, SecretStore::Source::None);
    });
    readKeyAndApply();
}

void DesktopApp::reportDamage(const QString &problem)
{
    if (problem.isEmpty())
        return;
    // Told as a refused open is, but the window stays: what is shown can still be looked at and
    // copied out, and nothing more is written to the file.
    auto *box = new QMessageBox(
            QMessageBox::Critical, tr("DashScope Studio"),
            tr("The library is damaged. Nothing more will be saved in it; what it shows can "
               "still be opened and copied.\n\n%1")
                    .arg(problem),
            QMessageBox::Ok, m_window.get());
    box->setObjectName(QStringLiteral("libraryDamagedMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

Endpoint DesktopApp::realEndpoint() const
{
    Endpoint endpoint = m_settings->endpoint();
    // Like the official SDKs: DASHSCOPE_HTTP_BASE_URL overrides the base URL.
    const QString fromEnvironment = qEnvironmentVariable("DASHSCOPE_HTTP_BASE_URL").trimmed();
    if (!fromEnvironment.isEmpty()) {
        QString problem;
        const QUrl url = parseBaseUrl(fromEnvironment, &problem);
        if (url.isValid() && problem.isEmpty()) {
            endpoint.baseUrl = url;
            if (const auto region = regionFromBaseUrl(url))
                endpoint.region = *region;
        } else {
            qCWarning(lcUi).noquote() << "DASHSCOPE_HTTP_BASE_URL ignored:" << problem;
        }
    }
    return endpoint;
}

QString DesktopApp::outputDirectoryFor(bool demo) const
{
    // Demo images are kept apart from real ones, in a folder that says what they are.
    const QString base = m_settings->outputDirectory();
    return demo ? QDir(base).filePath(QStringLiteral("Demo")) : base;
}

void DesktopApp::readKeyAndApply()
{
    const int generation = ++m_keyGeneration;
    const Region region = realEndpoint().region;
    SecretJob *job = m_secrets->read(region);
    connect(job, &SecretJob::finished, this, [this, generation](SecretJob *done) {
        if (generation != m_keyGeneration)
            return;
        if (done->isError())
            qCWarning(lcUi).noquote() << done->errorString();
        if (reportsStartup())
            reportMoment(done->key().isEmpty() ? "key-read-none" : "key-read");
        applyKey(done->key(), done->source());
    });
}

void DesktopApp::applyKey(const QString &key, SecretStore::Source source)
{
    Q_UNUSED(source)
    m_key = key;
    const Endpoint real = realEndpoint();
    const bool demo = m_options.forceDemo || key.isEmpty();

    if (!m_resumed && m_options.resumeUnfinished) {
        m_resumed = true;
        tasks()->setOutputDirectory(outputDirectoryFor(false));
        resumeWithStoredKeys();
    }

    std::optional<Endpoint> simulated;
    if (demo) {
        const Session::SimulatorStart start
                = m_session->startSimulator(m_options.simulatorLatency, real.region);
        if (start.isStarted())
            simulated = start.endpoint;
        else
            qCWarning(lcUi).noquote() << start.error.message;
    }
    tasks()->setFreeOfCharge(simulated.has_value()); // the simulator bills nothing
    if (simulated) {
        tasks()->setEndpoint(*simulated);
        tasks()->setApiKey(Session::demoApiKey());
        tasks()->setOutputDirectory(outputDirectoryFor(true));
        m_window->setMode(true, *simulated);
    } else {
        tasks()->setEndpoint(real);
        tasks()->setApiKey(key);
        tasks()->setOutputDirectory(outputDirectoryFor(false));
        m_window->setMode(false, real);
    }
    const bool changed = demo != m_demo;
    m_demo = demo;
    if (changed)
        emit modeChanged(demo);

    if (!m_started) {
        m_started = true;
        emit started();
    }
}

// Tasks left over from an earlier run are followed where each was created, with the stored key of
// that region (the keychain's, or DASHSCOPE_API_KEY), and save into the folder each was submitted
// with. A task whose region has no key is shown as paused, saying which key it needs; it is
// resumed at a start that has it (within 24 h). Only the regions of unfinished tasks are asked
// for a key: each read may make the keychain ask the person to unlock it.
void DesktopApp::resumeWithStoredKeys()
{
    QList<Region> regions;
    for (const TaskRecord &task : library()->unfinishedTasks()) {
        if (!regions.contains(task.endpoint.region))
            regions.append(task.endpoint.region);
    }
    // Tasks recorded before each task kept its folder: the real folder, never the demo folder
    // the window may have switched to by the time the keychain answers.
    const QString folderOfOlderTasks = outputDirectoryFor(false);
    auto keys = std::make_shared<QMap<Region, QString>>();
    const auto resume = [this, keys, folderOfOlderTasks] {
        tasks()->resumeUnfinished(
                [keys](const Endpoint &at) {
                    const QString key = keys->value(at.region);
                    // A local simulator (DASHSCOPE_HTTP_BASE_URL, or the built-in one of an
                    // earlier demo run) takes any key; one that has stopped pauses the task at
                    // once.
                    if (isLoopbackHost(at.baseUrl.host()) && key.isEmpty())
                        return Session::demoApiKey();
                    return key;
                },
                folderOfOlderTasks);
    };
    if (regions.isEmpty()) {
        resume(); // nothing to follow: no key is read
        return;
    }
    auto pending = std::make_shared<int>(int(regions.size()));
    for (const Region region : std::as_const(regions)) {
        SecretJob *job = m_secrets->read(region);
        connect(job, &SecretJob::finished, this, [keys, pending, region, resume](SecretJob *done) {
            if (!done->isError())
                keys->insert(region, done->key());
            if (--*pending == 0)
                resume();
        });
    }
}

QIcon applicationIcon()
{
    // The installed theme icon when there is one; the compiled-in sizes otherwise.
    QIcon builtIn;
    for (int size : { 16, 22, 24, 32, 48, 64, 128, 256 })
        builtIn.addFile(QStringLiteral(":/icons/dashscope-studio-%1.png").arg(size),
                        QSize(size, size));
    return QIcon::fromTheme(QStringLiteral(STUDIO_APP_ID), builtIn);
}

ColorScheme colorSchemeFromSetting(const QString &scheme)
{
    if (scheme == u"light")
        return ColorScheme::Light;
    if (scheme == u"dark")
        return ColorScheme::Dark;
    return ColorScheme::System;
}

void applyColorScheme(QApplication &app, ColorScheme scheme)
{
    // The style Qt chose, to go back to when the person picks "System" again.
    static const QString systemStyle = app.style()->name();
    static bool changed = false;
    if (scheme == ColorScheme::System) {
        if (changed) {
            app.setStyle(systemStyle);
            app.setPalette(QPalette()); // the platform's palette again
            changed = false;
        }
        return;
    }
    changed = true;
    app.setStyle(QStringLiteral("Fusion"));
    if (scheme == ColorScheme::Light) {
        app.setPalette(app.style()->standardPalette());
        return;
    }
    QPalette dark;
    // Fusion (Qt 6.4) draws the frames of fields and check boxes in Window darkened by 40 %,
    // which vanishes on a dark window: fields and boxes must stand out by their fill instead, a
    // Base well below Window (an unchecked "Fixed" or "Watermark" box was all but invisible).
    const QColor window(0x31, 0x33, 0x38);
    const QColor base(0x1b, 0x1c, 0x1f);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x80, 0x80, 0x80);
    dark.setColor(QPalette::Window, window);
    dark.setColor(QPalette::WindowText, text);
    dark.setColor(QPalette::Base, base);
    dark.setColor(QPalette::AlternateBase, QColor(0x23, 0x24, 0x28));
    dark.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    dark.setColor(QPalette::ToolTipText, text);
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    dark.setColor(QPalette::Text, text);
    dark.setColor(QPalette::Button, QColor(0x3b, 0x3d, 0x42));
    dark.setColor(QPalette::ButtonText, text);
    dark.setColor(QPalette::BrightText, Qt::white);
    dark.setColor(QPalette::Light, QColor(0x45, 0x47, 0x4b));
    dark.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x40));
    dark.setColor(QPalette::Mid, QColor(0x5a, 0x5c, 0x60));
    dark.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    dark.setColor(QPalette::Shadow, Qt::black);
    dark.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::Link, QColor(0x78, 0xae, 0xed));
    dark.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xe8));
    for (QPalette::ColorRole role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        dark.setColor(QPalette::Disabled, role, disabledText);
    dark.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x50));
    app.setPalette(dark);
}

int runDesktop(QApplication &app, const DesktopOptions &options)
{
    applyColorScheme(app, options.colorScheme);
    QApplication::setWindowIcon(applicationIcon());
    int code = 0;
    bool restart = false;
    {
        DesktopApp desktop(options);
        if (const ApiError error = desktop.initialize(); error.isError()) {
            QMessageBox::critical(
                    nullptr, QObject::tr("DashScope Studio"),
                    QObject::tr("The library could not be opened.\n\n%1").arg(error.message));
            return 1;
        }
        desktop.start();
        code = app.exec();
        restart = desktop.restartRequested();
    }
    // Once the library is closed and every task lock released, so the new process resumes them.
    if (restart
        && !QProcess::startDetached(QCoreApplication::applicationFilePath(),
                                    QCoreApplication::arguments().mid(1))) {
        qCWarning(lcUi) << "Could not start" << QCoreApplication::applicationFilePath() << "again";
    }
    return code;
}
