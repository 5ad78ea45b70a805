#include "engine/losttasksearch.h"

#include "protocol/dashscopeclient.h"

namespace {

// Tasks of one model made around one moment fit in a few pages; more is not a search.
constexpr int PageSize = 100;
constexpr int MaxPages = 5;
// The service's clock and ours may disagree by a little.
constexpr qint64 ClockSlackMs = 60 * 1000;

} // namespace

LostTaskSearch::LostTaskSearch(DashScopeClient *client, const Endpoint &endpoint,
                               const QString &apiKey, const QString &model, const QDateTime &sentAt,
                               qint64 windowMs, std::function<bool(const QString &)> isKnown,
                               QObject *parent)
    : QObject(parent), m_client(client), m_endpoint(endpoint), m_apiKey(apiKey), m_model(model),
      m_from(sentAt.addMSecs(-ClockSlackMs)), m_to(sentAt.addMSecs(windowMs + ClockSlackMs)),
      m_isKnown(std::move(isKnown))
{ }

void LostTaskSearch::start()
{
    requestPage(1);
}

void LostTaskSearch::abort()
{
    if (m_job) {
        m_job->disconnect(this);
        m_job->abort();
        m_job->deleteLater();
    }
    m_finished = true;
}

void LostTaskSearch::requestPage(int pageNumber)
{
    TaskListQuery query;
    query.pageSize = PageSize;
    query.pageNumber = pageNumber;
    query.from = m_from;
    query.to = m_to;
    query.model = m_model;
    DashScopeJob *job = m_client->listTasks(m_endpoint, m_apiKey, query);
    m_job = job;
    connect(job, &DashScopeJob::finished, this,
            [this, job, pageNumber] { handlePage(job, pageNumber); });
}

void LostTaskSearch::handlePage(DashScopeJob *job, int pageNumber)
{
    job->deleteLater();
    m_job = nullptr;
    if (m_finished)
        return;
    if (job->error().isError()) {
        m_outcome = Outcome::Failed;
        m_error = job->error();
        m_finished = true;
        emit finished();
        return;
    }
    const QList<TaskListEntry> entries = job->tasks();
    for (const TaskListEntry &entry : entries) {
        // The query's times were widened for the zone; the entry's own time decides.
        if (entry.model != m_model || !entry.created.isValid() || entry.created < m_from
            || entry.created > m_to || entry.taskId.isEmpty() || m_candidates.contains(entry.taskId)
            || (m_isKnown && m_isKnown(entry.taskId)))
            continue;
        m_candidates.append(entry.taskId);
    }
    if (pageNumber * PageSize < job->total() && pageNumber < MaxPages
        && entries.size() == PageSize) {
        requestPage(pageNumber + 1);
        return;
    }
    m_outcome = m_candidates.isEmpty() ? Outcome::NotFound
            : m_candidates.size() == 1 ? Outcome::Found
                                       : Outcome::Ambiguous;
    m_finished = true;
    emit finished();
}
