#pragma once

#include "domain/apierror.h"
#include "domain/region.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <functional>

class DashScopeClient;
class DashScopeJob;

// Finds the task a create made when its answer (the task id) never arrived: the program was
// killed, or the answer timed out, while the service accepted and will bill the task. Lists the
// account's tasks of that model created in the window the create was in flight, leaves out the
// ones the library already knows, and reports what it found. One job: start(), then exactly one
// finished().
class LostTaskSearch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LostTaskSearch)

public:
    enum class Outcome {
        Found, // exactly one candidate: taskId()
        NotFound, // no task of the model was created then: the create never arrived
        Ambiguous, // several candidates (another client of the account at the same moment)
        Failed, // the list could not be read: error()
    };

    // `sentAt`: when the create was about to be sent (the task row's creation time); the
    // service's gmt_create lies within `window` after it. `isKnown` says whether a task id
    // already belongs to another row of the library.
    LostTaskSearch(DashScopeClient *client, const Endpoint &endpoint, const QString &apiKey,
                   const QString &model, const QDateTime &sentAt, qint64 windowMs,
                   std::function<bool(const QString &taskId)> isKnown, QObject *parent = nullptr);

    void start();
    void abort();

    Outcome outcome() const { return m_outcome; }
    QString taskId() const { return m_candidates.size() == 1 ? m_candidates.first() : QString(); }
    QStringList candidates() const { return m_candidates; }
    ApiError error() const { return m_error; }

signals:
    void finished();

private:
    void requestPage(int pageNumber);
    void handlePage(DashScopeJob *job, int pageNumber);

    DashScopeClient *m_client;
    Endpoint m_endpoint;
    QString m_apiKey;
    QString m_model;
    QDateTime m_from;
    QDateTime m_to;
    std::function<bool(const QString &)> m_isKnown;
    QPointer<DashScopeJob> m_job;
    Outcome m_outcome = Outcome::Failed;
    QStringList m_candidates;
    ApiError m_error;
    bool m_finished = false;
};
