#pragma once

#include "simulator/simulatorhttp.h"

#include <QByteArray>
#include <QCache>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <chrono>
#include <functional>
#include <optional>

class SimulatorFaultPlan;
class SimulatorTaskStore;
struct SimulatedTask;

// The OSS-like host of the result files, on the simulator's own port:
//   GET /results/<yyyyMMdd>/<task key>-<k>.png?Expires=…&OSSAccessKeyId=…&Signature=…
// A plain GET of the URL exactly as issued works until Expires; a query string that is not
// byte-identical (decoded or re-encoded signature) gets 403 SignatureDoesNotMatch XML, an expired
// one 403 AccessDenied XML, and a request that also carries an Authorization header 400
// InvalidArgument XML (OSS refuses two authentication methods at once). Images are
// SimulatedImage PNGs, rendered off the event loop (QtConcurrent) on first use and cached per
// (task, image). A task's hostile result faults replace the image once the URL checks out.
class SimulatorResultHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatorResultHost)

public:
    using Send = std::function<void(const SimulatorReply &)>;

    SimulatorResultHost(SimulatorTaskStore *store, SimulatorFaultPlan *faults,
                        QObject *parent = nullptr);
    ~SimulatorResultHost() override;

    void setPort(quint16 port) { m_port = port; }
    void setUrlLifetime(std::chrono::seconds lifetime) { m_urlLifetime = lifetime; }
    // Videos are rendered at most this large and this long (0: as asked).
    void setVideoRenderLimit(int maxSide, int maxSeconds)
    {
        m_videoMaxSide = maxSide;
        m_videoMaxSeconds = maxSeconds;
    }

    // Signs `results` URLs for a task that will succeed; they expire a lifetime after its end.
    // The task's failed image (content policy) gets an empty URL.
    void issueUrls(SimulatedTask *task, int results) const;
    // Answers now (a value) or later through `send` (nullopt) once the image is rendered.
    std::optional<SimulatorReply> handle(const SimulatorRequest &request, const Send &send);
    // A task just seen SUCCEEDED will be downloaded next: start rendering now.
    void prefetch(const SimulatedTask &task);
    // The PNG behind one of this host's result URLs (an edit of an earlier result), rendered now
    // if need be; empty for any other URL, a video or an unknown task.
    QByteArray resultBytes(const QString &url);

private:
    QByteArray signedQuery(const QString &path, qint64 expires) const;
    void withImage(const SimulatedTask &task, int index,
                   std::function<void(const QByteArray &png)> use);

    SimulatorTaskStore *m_store;
    SimulatorFaultPlan *m_faults;
    quint16 m_port = 0;
    std::chrono::seconds m_urlLifetime { 24 * 3600 };
    int m_videoMaxSide = 0;
    int m_videoMaxSeconds = 0;
    QByteArray m_signingSecret;
    QCache<QString, QByteArray> m_pngCache; // cost in KiB
    QHash<QString, QList<std::function<void(const QByteArray &)>>> m_waitingForImage;
};
