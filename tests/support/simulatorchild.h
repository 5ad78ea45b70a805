#pragma once

// The benchmarks' simulator runs in a process of its own (the benchmark's executable started
// again with a flag), so that its work shares neither the measured event loop nor its timing.
//
// In the child, serveSimulator() listens on 127.0.0.1:0, prints the base URL as one line, and
// at any input prints its statistics as one JSON line and exits. In the parent, SimulatorChild
// starts it, reads the URL, and asks for the statistics at the end. Header-only; a benchmark
// that includes it links studio_simulator.

#include "domain/modelcatalog.h"
#include "simulator/simulatorserver.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSocketNotifier>
#include <QUrl>
#include <cstdio>
#include <functional>
#include <unistd.h>

// The child's part: `configure` sets the simulator's latencies before it serves. The statistics:
// the request counts, the peaks, and per task (in the order created) the delay from completion
// to download ("delays") and the polls ("taskPolls").
inline int serveSimulator(QCoreApplication &app,
                          const std::function<void(SimulatorServer &)> &configure)
{
    SimulatorServer simulator(ModelCatalog::builtIn());
    if (const ApiError error = simulator.listen(0); error.isError()) {
        std::fprintf(stderr, "cannot start the simulator: %s\n", qPrintable(error.message));
        return 1;
    }
    configure(simulator);
    std::printf("%s\n", simulator.baseUrl().toEncoded().constData());
    std::fflush(stdout);

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&simulator, &input] {
        input.setEnabled(false);
        char buffer[64];
        const ssize_t bytes = ::read(STDIN_FILENO, buffer, sizeof buffer);
        Q_UNUSED(bytes)
        const SimulatorServer::Statistics stats = simulator.statistics();
        QJsonArray delays, polls;
        for (const SimulatorServer::TaskStatistics &task : simulator.taskStatistics()) {
            delays.append(task.downloadDelayMs());
            polls.append(task.polls);
        }
        const QJsonObject json { { QStringLiteral("creates"), stats.creates },
                                 { QStringLiteral("polls"), stats.polls },
                                 { QStringLiteral("cancels"), stats.cancels },
                                 { QStringLiteral("lists"), stats.lists },
                                 { QStringLiteral("downloads"), stats.downloads },
                                 { QStringLiteral("total"), stats.total() },
                                 { QStringLiteral("errors"), stats.errors },
                                 { QStringLiteral("peakPollsPerSecond"), stats.peakPollsPerSecond },
                                 { QStringLiteral("peakActiveTasks"), stats.peakActiveTasks },
                                 { QStringLiteral("delays"), delays },
                                 { QStringLiteral("taskPolls"), polls } };
        std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        QCoreApplication::quit();
    });
    return app.exec();
}

// The parent's part.
class SimulatorChild
{
public:
    SimulatorChild() { m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel); }

    // Starts this executable with `arguments` (which make it call serveSimulator()); the base
    // URL it serves on, or an empty URL when it did not start.
    QUrl start(const QStringList &arguments)
    {
        m_process.start(QCoreApplication::applicationFilePath(), arguments);
        if (!m_process.waitForStarted() || !m_process.waitForReadyRead(30000))
            return {};
        return QUrl::fromEncoded(m_process.readLine().trimmed());
    }

    // What the simulator saw (see serveSimulator()); it exits after answering.
    QJsonObject statistics()
    {
        m_process.write("stats\n");
        QByteArray answer;
        while (!answer.contains('\n') && m_process.waitForReadyRead(30000))
            answer += m_process.readAll();
        m_process.waitForFinished();
        return QJsonDocument::fromJson(answer).object();
    }

private:
    QProcess m_process;
};
