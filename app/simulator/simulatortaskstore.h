#pragma once

#include "domain/region.h"
#include "protocol/taskresponse.h"
#include "simulator/simulatorserver.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSize>
#include <QString>
#include <QStringList>
#include <memory>

struct SimulatedEdit;

// One task of the simulator: what was asked, its timeline and its fate (fixed at creation).
struct SimulatedTask
{
    QString id; // as the create answer gave it (an UnsafeTaskId fault makes it hostile)
    QString key; // a plain UUID: names its result files whatever the id is
    QString createRequestId;
    QString model;
    QString protocol; // the route: "image-synthesis", "image-generation", …
    QString endpoint; // "services/aigc/text2image/image-synthesis"
    Region region = Region::Singapore;
    QString apiKeyId;
    QString prompt; // as sent
    QString renderedPrompt; // as used: truncated to the model's limit
    QString actualPrompt; // prompt_extend
    QSize size;
    int count = 1;
    qint64 seed = 0;
    bool promptExtend = true;
    bool watermark = false;
    QJsonObject body; // the create body as received
    // Video: one MP4 at output.video_url, rendered at `size` for this long, animating the input
    // images when there are any (their bytes, resolved from data: or oss://).
    bool video = false;
    int durationSeconds = 0;
    QByteArray firstFrame;
    QByteArray lastFrame;
    // Editing (image2image): its results are made from its inputs; null for other tasks.
    std::shared_ptr<const SimulatedEdit> edit;

    qint64 submitMs = 0;
    qint64 scheduledMs = 0;
    qint64 endMs = 0;
    qint64 canceledMs = -1;

    bool fails = false;
    QString failCode;
    QString failMessage;
    int failedImage = -1; // content policy, one image of n
    QList<QByteArray> urls; // per result; empty for a failed image (may be more than count)
    QList<QByteArray> queries;
    qint64 expires = 0;
    QSet<SimulatorServer::Fault> hostile; // the hostile faults set when it was created

    int polls = 0;
    int downloads = 0;
    qint64 firstDownloadMs = -1;

    qint64 terminalMs() const { return canceledMs >= 0 ? canceledMs : endMs; }
    int succeededImages() const { return count - (failedImage >= 0 ? 1 : 0); }
    bool has(SimulatorServer::Fault fault) const { return hostile.contains(fault); }
};

// The simulator's tasks and their state machine. A task is PENDING for the first quarter of its
// latency, then RUNNING, then terminal (or CANCELED from the moment it is canceled). State is
// computed from timestamps on each request: no timers, no busy loops. Times on the wire are
// "yyyy-MM-dd HH:mm:ss.zzz" in China time (UTC+8), as the service's seem to be.
class SimulatorTaskStore final
{
public:
    SimulatorTaskStore();

    qint64 nowMs() const { return m_clock.elapsed(); }
    QDateTime utcAt(qint64 ms) const { return m_startUtc.addMSecs(ms); }
    QString wireTime(qint64 ms) const;

    void insert(const std::shared_ptr<SimulatedTask> &task);
    std::shared_ptr<SimulatedTask> find(const QString &id) const { return m_tasks.value(id); }
    std::shared_ptr<SimulatedTask> findByKey(const QString &key) const
    {
        return m_byKey.value(key);
    }
    const QStringList &order() const { return m_order; } // creation order

    TaskStatus statusAt(const SimulatedTask &task, qint64 atMs) const;
    TaskStatus status(const QString &id) const; // Unknown for unknown ids
    int activeCount(qint64 atMs) const; // PENDING or RUNNING
    // The service's cancel: only while PENDING. False (and nothing changes) otherwise.
    bool cancel(const QString &id);
    void resetCounters(); // polls and downloads of every task

private:
    QElapsedTimer m_clock;
    QDateTime m_startUtc;
    QHash<QString, std::shared_ptr<SimulatedTask>> m_tasks; // by id
    QHash<QString, std::shared_ptr<SimulatedTask>> m_byKey;
    QStringList m_order;
};
