#include "session/session.h"

#include "engine/taskservice.h"
#include "library/library.h"
#include "simulator/simulatorserver.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>

Session::Session(QObject *parent) : QObject(parent), m_catalog(ModelCatalog::builtIn()) { }

Session::~Session()
{
    // The service first: its jobs and downloads use the network manager and the library.
    m_tasks.reset();
}

QString Session::demoApiKey()
{
    return QStringLiteral("sk-demo-built-in-simulator");
}

ApiError Session::open(const QString &databasePath, bool deferIntegrityCheck)
{
    const QString path = databasePath.isEmpty() ? Library::defaultPath() : databasePath;
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_library = std::make_unique<Library>();
    const auto check = deferIntegrityCheck ? Library::IntegrityCheck::Deferred
                                           : Library::IntegrityCheck::AtOpen;
    if (const LibraryResult opened = m_library->open(path, check); !opened) {
        ApiError error = opened.error();
        error.message = tr("Cannot open the library %1: %2").arg(path, opened.message());
        return error;
    }
    m_network = std::make_unique<QNetworkAccessManager>();
    m_tasks = std::make_unique<TaskService>(m_catalog, m_library.get(), m_network.get());
    return {};
}

Session::SimulatorStart Session::startSimulator(std::chrono::milliseconds latency, Region region)
{
    SimulatorStart start;
    if (!m_simulator) {
        auto simulator = std::make_unique<SimulatorServer>(m_catalog);
        simulator->setLatency(latency);
        // Demo mode: videos rendered at most 640 px and 5 s (the task reports what was asked),
        // so a person waits seconds for one, not minutes.
        simulator->setVideoRenderLimit(640, 5);
        if (const ApiError problem = simulator->listen(0); problem.isError()) {
            start.error = problem;
            start.error.message
                    = tr("Cannot start the built-in simulator: %1").arg(problem.message);
            return start;
        }
        m_simulator = std::move(simulator);
    }
    start.endpoint.region = region;
    start.endpoint.baseUrl = m_simulator->baseUrl();
    return start;
}
