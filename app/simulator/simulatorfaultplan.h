#pragma once

#include "simulator/simulatorserver.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <chrono>
#include <optional>

// Which faults the simulator injects, and how many times. "First N" faults fire repeat() times
// (per task for polls, per image for downloads, in all for creates) and then recover; the others
// hold while set. set()/add() re-arm the counters. Hostile faults (isPerTask()) are copied into
// each task when it is created, so a hostile task can run beside a healthy one.
class SimulatorFaultPlan final
{
public:
    using Fault = SimulatorServer::Fault;

    static QStringList names();
    static QString name(Fault fault);
    static QString description(Fault fault);
    static std::optional<Fault> fromName(const QString &name);
    // Fixed in each task at its creation (its polls, its results, its create answer).
    static bool isPerTask(Fault fault);

    void set(const QSet<Fault> &faults);
    void add(Fault fault);
    void remove(Fault fault) { m_faults.remove(fault); }
    bool has(Fault fault) const { return m_faults.contains(fault); }
    QSet<Fault> faults() const { return m_faults; }
    QSet<Fault> perTaskFaults() const; // those set now, for a task being created

    void setRepeat(int count) { m_repeat = std::max(0, count); }
    int repeat() const { return m_repeat; }
    void setSlowDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds slowDelay() const { return m_slowDelay; }
    void setDripInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds dripInterval() const { return m_dripInterval; }

    // Each true at most repeat() times since the last set()/add().
    bool takeCreateThrottle();
    bool takeCreateError();
    bool takeTruncation(const QString &taskKey, int index);

    struct PollFault
    {
        Fault fault;
        int round = 0; // how many times this fault fired before for this task
    };
    // The poll faults take turns, each firing repeat() times per task (unknown ids too).
    // UnusualStatus only applies to unfinished tasks (`unfinished`).
    std::optional<PollFault> takePollFault(const QString &taskId, bool unfinished);

private:
    QSet<Fault> m_faults;
    int m_repeat = 2;
    std::chrono::milliseconds m_slowDelay { 3000 };
    std::chrono::milliseconds m_dripInterval { 1000 };
    int m_throttledCreates = 0;
    int m_failedCreates = 0;
    QHash<QString, int> m_pollFaultsFired; // by task id
    QHash<QString, int> m_truncations; // by "<task key>/<index>"
};
