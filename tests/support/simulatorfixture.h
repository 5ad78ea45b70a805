#pragma once

// What a suite that talks to the built-in service needs, built the same way every time: a
// simulator on 127.0.0.1:0 (never any other address) with the built-in catalog, its endpoint,
// one network manager, and a temporary folder for a library and results. Make one per test
// function (in init(), destroyed in cleanup() after whatever uses its network or folder):
//
//     m_fixture = std::make_unique<SimulatorFixture>();
//     QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
//
// Header-only; a suite that includes it links studio_simulator (and what it uses beside).

#include "domain/modelcatalog.h"
#include "domain/region.h"
#include "domain/taskrecord.h"
#include "simulator/simulatorserver.h"

#include <QDebug>
#include <QNetworkAccessManager>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

class SimulatorFixture
{
public:
    explicit SimulatorFixture(const ModelCatalog &catalog = ModelCatalog::builtIn())
        : m_catalog(catalog), m_dir(std::make_unique<QTemporaryDir>()),
          m_network(std::make_unique<QNetworkAccessManager>()),
          m_simulator(std::make_unique<SimulatorServer>(m_catalog))
    {
        if (!m_dir->isValid()) {
            m_problem = QStringLiteral("no temporary folder: ") + m_dir->errorString();
            return;
        }
        if (const ApiError error = m_simulator->listen(0); error.isError())
            m_problem = error.message;
    }

    // The simulator listens and the folder exists; otherwise problem() says why.
    bool isReady() const { return m_problem.isEmpty(); }
    QString problem() const { return m_problem; }

    const ModelCatalog &catalog() const { return m_catalog; }
    SimulatorServer *simulator() const { return m_simulator.get(); }
    QNetworkAccessManager *network() const { return m_network.get(); }
    QTemporaryDir *dir() const { return m_dir.get(); }

    // The simulator's base URL, labelled with `region` (it answers for every region).
    Endpoint endpoint(Region region = Region::Singapore) const
    {
        Endpoint endpoint;
        endpoint.region = region;
        endpoint.baseUrl = m_simulator->baseUrl();
        return endpoint;
    }
    QString filePath(const QString &name) const { return m_dir->filePath(name); }
    QString libraryPath() const { return filePath(QStringLiteral("library.sqlite3")); }
    QString outputDirectory() const { return filePath(QStringLiteral("images")); }

    // Processes events (no sleeping) until the simulator has the task in `status`.
    bool waitForStatus(const QString &taskId, TaskStatus status, int timeoutMs = 10000) const
    {
        return QTest::qWaitFor([&] { return m_simulator->taskStatus(taskId) == status; },
                               timeoutMs);
    }

    // Processes events until `service` (a TaskService) has task `id` in a final state; what
    // QTRY_VERIFY does, as a value, saying what it waited for when it gives up.
    template<typename Service>
    static bool waitFinished(const Service &service, qint64 id, int timeoutMs = 20000)
    {
        const bool done
                = QTest::qWaitFor([&] { return isFinished(service.task(id).state); }, timeoutMs);
        if (!done)
            qWarning() << "task" << id << "still" << taskStateId(service.task(id).state);
        return done;
    }

private:
    ModelCatalog m_catalog;
    // Destroyed last to first: the simulator, then the network manager, then the folder.
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<SimulatorServer> m_simulator;
    QString m_problem;
};
