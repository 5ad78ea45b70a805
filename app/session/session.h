#pragma once

#include "domain/apierror.h"
#include "domain/modelcatalog.h"
#include "domain/region.h"

#include <QObject>
#include <QString>
#include <chrono>
#include <memory>

class Library;
class QNetworkAccessManager;
class SimulatorServer;
class TaskService;

// The object graph the window and the command line share, built in one place: the model
// catalog, the library, one network manager, the task service and, for demo mode, the built-in
// simulator. Everything is owned here and handed to the rest by pointer (no singletons).
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    // Opens (creating its folder) the library at `databasePath` (empty: Library::defaultPath())
    // and builds the task service on it. Kind::None, or a Storage error whose message is a
    // sentence for a person. With deferIntegrityCheck, the library's check of its file may run
    // later (Library::IntegrityCheck::Deferred; the window starts it once it shows).
    ApiError open(const QString &databasePath, bool deferIntegrityCheck = false);

    struct SimulatorStart
    {
        Endpoint endpoint; // labelled with the region asked for
        ApiError error; // why it could not start (Kind::None: it runs)
        bool isStarted() const { return !error.isError(); }
    };
    // Starts the built-in simulator on 127.0.0.1 (once) and returns its endpoint. Tasks made
    // there are never billed.
    SimulatorStart startSimulator(std::chrono::milliseconds latency, Region region);

    const ModelCatalog &catalog() const { return m_catalog; }
    Library *library() const { return m_library.get(); }
    TaskService *tasks() const { return m_tasks.get(); }
    SimulatorServer *simulator() const { return m_simulator.get(); } // null until started

    // The key sent to the built-in simulator (it accepts any non-empty key).
    static QString demoApiKey();

private:
    ModelCatalog m_catalog;
    std::unique_ptr<Library> m_library;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<SimulatorServer> m_simulator;
    std::unique_ptr<TaskService> m_tasks;
};
