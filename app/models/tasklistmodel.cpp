#include "models/tasklistmodel.h"

#include "engine/taskservice.h"
#include "library/library.h"
#include "models/displaytext.h"

#include <QLocale>
#include <algorithm>
#include <numeric>

namespace {

constexpr int MaxSamples = 10; // recent tasks that count for an estimate

// Followed by this run: a paused task is unfinished, but nothing happens to it here.
bool isActive(TaskState state)
{
    return !isFinished(state) && state != TaskState::Paused;
}

// Polls of an accepted task keep failing and are tried again: the service is not "waiting".
bool isRetryingPolls(const TaskRecord &task)
{
    if (task.state != TaskState::Pending && task.state != TaskState::Running)
        return false;
    switch (task.error.kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Transient:
        return true;
    default:
        return false;
    }
}

} // namespace

TaskListModel::TaskListModel(TaskService *service, const Library *library, QObject *parent)
    : QAbstractListModel(parent), m_service(service)
{
    seedEstimates(library);
    const QList<TaskRecord> existing = service->tasks(); // oldest first
    for (const TaskRecord &task : existing) {
        Row row { task, {}, {} };
        m_rows.prepend(row);
        noteStart(task);
    }
    connect(service, &TaskService::taskAdded, this, &TaskListModel::handleTaskAdded);
    connect(service, &TaskService::taskChanged, this, &TaskListModel::handleTaskChanged);
    connect(service, &TaskService::taskFinished, this, &TaskListModel::handleTaskChanged);

    // Elapsed times and estimated progress move on even when no snapshot arrives.
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &TaskListModel::handleTick);
    updateActiveCount();
}

TaskListModel::~TaskListModel() = default;

int TaskListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QHash<int, QByteArray> TaskListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(TaskIdRole, "taskId");
    names.insert(StateRole, "state");
    names.insert(ElapsedRole, "elapsed");
    names.insert(EstimateRole, "estimate");
    names.insert(ProgressRole, "progress");
    names.insert(StatusTextRole, "statusText");
    names.insert(ErrorTextRole, "errorText");
    names.insert(DetailTextRole, "detailText");
    return names;
}

TaskRecord TaskListModel::task(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).task : TaskRecord();
}

int TaskListModel::rowOf(qint64 taskRowId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).task.id == taskRowId)
            return i;
    }
    return -1;
}

int TaskListModel::activeCount() const
{
    return m_activeCount;
}

QString TaskListModel::sampleKey(const QString &model, QSize size)
{
    // Not sizeToString(): QString::arg() twice costs more, and this is asked at every frame.
    return model + QLatin1Char('|') + QString::number(size.width()) + QLatin1Char('*')
            + QString::number(size.height());
}

qint64 TaskListModel::estimateFor(const QString &model, QSize size) const
{
    return m_estimates.value(sampleKey(model, size));
}

void TaskListModel::addDurationSample(const QString &model, QSize size, qint64 ms)
{
    if (ms <= 0 || model.isEmpty())
        return;
    const QString key = sampleKey(model, size);
    QList<qint64> &samples = m_samples[key];
    samples.append(ms);
    while (samples.size() > MaxSamples)
        samples.removeFirst();
    // The median: one task stuck in a long queue should not move every estimate. Kept, since
    // the view asks for it at every frame of every running task.
    QList<qint64> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    m_estimates.insert(key, sorted.at(sorted.size() / 2));
}

void TaskListModel::seedEstimates(const Library *library)
{
    if (!library || !library->isOpen())
        return;
    LibraryQuery query;
    query.states = { TaskState::Done };
    query.limit = 200;
    const QList<TaskRecord> done = library->findTasks(query); // newest first
    for (auto it = done.crbegin(); it != done.crend(); ++it) {
        const TaskRecord &task = *it;
        // The service's own times are on one clock; our local ones are the fallback.
        qint64 ms = 0;
        if (task.submitTime.isValid() && task.endTime.isValid())
            ms = task.submitTime.msecsTo(task.endTime);
        else if (task.createdAt.isValid() && task.finishedAt.isValid())
            ms = task.createdAt.msecsTo(task.finishedAt);
        addDurationSample(task.request.model, task.request.size, ms);
    }
}

void TaskListModel::noteStart(const TaskRecord &task)
{
    const int row = rowOf(task.id);
    if (row < 0)
        return;
    Row &r = m_rows[row];
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!r.startedAt.isValid() && task.state != TaskState::Queued)
        r.startedAt = now;
    if (!r.finishedAt.isValid() && isFinished(task.state))
        r.finishedAt = task.finishedAt.isValid() ? task.finishedAt : now;
}

void TaskListModel::handleTaskAdded(const TaskRecord &task)
{
    // A task already listed can be added again: opening the task id of a finished task reports
    // it once more. It moves to the top instead of being listed twice. (Library ids are never
    // reused, so a row id seen before is always the same task.)
    if (const int old = rowOf(task.id); old >= 0) {
        beginRemoveRows({}, old, old);
        m_rows.removeAt(old);
        endRemoveRows();
    }
    // A task first seen past the queue was started by an earlier run (a resume): its time counts
    // from when it was recorded, not from this process's start.
    QDateTime startedAt;
    if (task.state != TaskState::Queued && task.createdAt.isValid())
        startedAt = task.createdAt.toUTC();
    beginInsertRows({}, 0, 0);
    m_rows.prepend(Row { task, startedAt, {} });
    endInsertRows();
    noteStart(task);
    updateActiveCount();
}

void TaskListModel::addEarlier(const QList<TaskRecord> &tasks)
{
    for (const TaskRecord &task : tasks) {
        if (task.id == 0 || rowOf(task.id) >= 0)
            continue;
        // Newest first: before the first row created earlier than it.
        const auto at = std::find_if(m_rows.cbegin(), m_rows.cend(), [&task](const Row &row) {
            return row.task.createdAt.isValid() && row.task.createdAt < task.createdAt;
        });
        const int row = int(at - m_rows.cbegin());
        beginInsertRows({}, row, row);
        m_rows.insert(row, Row { task, task.createdAt.toUTC(), task.finishedAt.toUTC() });
        endInsertRows();
    }
}

void TaskListModel::handleTaskChanged(const TaskRecord &task)
{
    const int row = rowOf(task.id);
    if (row < 0) {
        handleTaskAdded(task);
        return;
    }
    Row &r = m_rows[row];
    const bool wasFinished = isFinished(r.task.state);
    r.task = task;
    noteStart(task);
    if (!wasFinished && task.state == TaskState::Done && r.startedAt.isValid())
        addDurationSample(task.request.model, task.request.size, r.startedAt.msecsTo(r.finishedAt));
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed);
    updateActiveCount();
}

void TaskListModel::handleTick()
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (isActive(m_rows.at(i).task.state)) {
            const QModelIndex changed = index(i);
            emit dataChanged(changed, changed, { ElapsedRole, ProgressRole, StatusTextRole });
        }
    }
}

void TaskListModel::updateActiveCount()
{
    const int active = int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                                         [](const Row &r) { return isActive(r.task.state); }));
    if (active > 0 && !m_tick.isActive())
        m_tick.start();
    else if (active == 0)
        m_tick.stop();
    const int queued = int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &r) {
        return r.task.state == TaskState::Queued;
    }));
    const bool queuedChanged = queued != m_queuedCount;
    m_queuedCount = queued;
    if (active != m_activeCount) {
        m_activeCount = active;
        emit activeCountChanged(active);
    }
    if (queuedChanged)
        emit queuedCountChanged(queued);
}

qint64 TaskListModel::elapsedMs(const TaskRecord &task) const
{
    const int row = rowOf(task.id);
    if (row < 0)
        return 0;
    const Row &r = m_rows.at(row);
    QDateTime start = r.startedAt;
    if (!start.isValid())
        start = task.createdAt.isValid() ? task.createdAt : QDateTime::currentDateTimeUtc();
    const QDateTime end = r.finishedAt.isValid() ? r.finishedAt : QDateTime::currentDateTimeUtc();
    return std::max<qint64>(0, start.msecsTo(end));
}

QString TaskListModel::detailText(const TaskRecord &task)
{
    const GenerationRequest &request = task.request;
    QStringList parts;
    if (!request.model.isEmpty())
        parts << DisplayText::modelName(request.model);
    if (request.size.isValid()) {
        parts << tr("%1 × %2").arg(request.size.width()).arg(request.size.height());
    }
    if (makesVideo(request.kind)) {
        // One video per task: its length and tier say more than a count would.
        if (!request.size.isValid() && !request.video.resolution.isEmpty())
            parts << request.video.resolution;
        if (request.video.durationSeconds > 0)
            parts << tr("%n second(s)", nullptr, request.video.durationSeconds);
        else
            parts << tr("%n video(s)", nullptr, 1);
    } else {
        parts << DisplayText::plural(request.count, tr("1 image"), tr("%1 images"));
    }
    if (request.seed)
        parts << tr("seed %1").arg(*request.seed);
    if (task.endpoint.region != Region::Singapore || task.endpoint.isCustom())
        parts << regionDisplayName(task.endpoint.region);
    return parts.join(QStringLiteral("  ·  "));
}

QString TaskListModel::savedCountText(const TaskRecord &task)
{
    const int saved = task.savedOutputCount();
    if (makesVideo(task.request.kind))
        return tr("%n video(s)", nullptr, saved);
    return DisplayText::plural(saved, tr("1 image"), tr("%1 images"));
}

QString TaskListModel::reason(const TaskRecord &task)
{
    // The engine's sentence for a pause names the endpoint and what to do; the kind's general
    // explanation ("the API key was rejected") would be wrong for "no key for that endpoint".
    if (task.state == TaskState::Paused && !task.error.message.isEmpty())
        return task.error.message;
    return task.error.explanation();
}

QString TaskListModel::errorText(const TaskRecord &task)
{
    QStringList lines;
    if (task.error.isError())
        lines << reason(task);
    const int failed = task.failedOutputCount();
    if (failed > 0 && task.state != TaskState::Failed) {
        QStringList codes;
        for (const OutputRecord &image : task.outputs) {
            if (!image.errorCode.isEmpty() && !codes.contains(image.errorCode))
                codes << image.errorCode;
        }
        const QString codeList = codes.join(QStringLiteral(", "));
        if (makesVideo(task.request.kind))
            lines << tr("%1 of %n video(s) failed (%2).", nullptr, int(task.outputs.size()))
                             .arg(failed)
                             .arg(codeList);
        else
            lines << tr("%1 of %2 images failed (%3).")
                             .arg(failed)
                             .arg(task.outputs.size())
                             .arg(codeList);
    }
    return lines.join(QLatin1Char('\n'));
}

QString TaskListModel::statusText(const TaskRecord &task) const
{
    if (task.state == TaskState::Paused)
        return taskStateDisplayName(task.state); // the error line says why and what to do
    const QString state = isRetryingPolls(task) ? tr("Cannot reach the service — trying again")
                                                : taskStateDisplayName(task.state);
    const qint64 elapsed = elapsedMs(task);
    if (task.state == TaskState::Queued)
        return tr("%1 · waiting for a free slot").arg(state);
    if (isFinished(task.state)) {
        if (task.state == TaskState::Done || task.state == TaskState::PartlyDone)
            return tr("%1 · %2 · took %3")
                    .arg(state, savedCountText(task), DisplayText::formatDuration(elapsed));
        return state;
    }
    const qint64 estimate = estimateFor(task.request.model, task.request.size);
    if (estimate > 0 && !isRetryingPolls(task)) {
        // Past the estimate the time keeps counting, said as what it is (never "17 s of about
        // 6 s"); the service may be busy.
        const QString text = elapsed <= estimate ? tr("%1 · %2 of about %3")
                                                 : tr("%1 · %2 · longer than the usual %3");
        return text.arg(state, DisplayText::formatDuration(elapsed),
                        DisplayText::formatDuration(estimate));
    }
    return tr("%1 · %2").arg(state, DisplayText::formatDuration(elapsed));
}

QVariant TaskListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TaskRecord &task = m_rows.at(index.row()).task;
    switch (role) {
    case Qt::DisplayRole:
        return task.request.prompt.isEmpty() ? tr("Task %1").arg(task.taskId) : task.request.prompt;
    case Qt::ToolTipRole: {
        QString tip = task.request.prompt;
        if (!task.taskId.isEmpty())
            tip += QLatin1Char('\n') + tr("Task ID: %1").arg(task.taskId);
        if (!task.requestId.isEmpty())
            tip += QLatin1Char('\n') + tr("Request ID: %1").arg(task.requestId);
        if (task.error.isError())
            tip += QLatin1Char('\n') + task.error.details();
        return tip;
    }
    case Qt::AccessibleTextRole:
        return tr("%1, %2").arg(task.request.prompt, statusText(task));
    case Qt::AccessibleDescriptionRole:
        return errorText(task);
    case TaskRole:
        return QVariant::fromValue(task);
    case TaskIdRole:
        return task.id;
    case StateRole:
        return int(task.state);
    case ElapsedRole:
        return elapsedMs(task);
    case EstimateRole:
        return estimateFor(task.request.model, task.request.size);
    case ProgressRole: {
        if (isFinished(task.state))
            return 1.0;
        if (task.state == TaskState::Queued || task.state == TaskState::Paused)
            return 0.0;
        if (task.state == TaskState::Downloading && !task.outputs.isEmpty()) {
            // Downloads are quick; count saved images.
            return 0.9 + 0.1 * task.savedOutputCount() / double(task.outputs.size());
        }
        const qint64 estimate = estimateFor(task.request.model, task.request.size);
        if (estimate <= 0)
            return -1.0;
        // Never claim to be done before it is. Past the estimate the bar still creeps on
        // (towards 99 %), so it never looks stuck.
        const double ratio = double(elapsedMs(task)) / double(estimate);
        return ratio <= 0.95 ? ratio : 0.99 - 0.04 * 0.95 / ratio;
    }
    case StatusTextRole:
        return statusText(task);
    case ErrorTextRole:
        return errorText(task);
    case DetailTextRole:
        return detailText(task);
    case CanCancelRole:
        return isActive(task.state);
    case CanRetryRole:
        // Never for a paused task: it exists on the service, and a retry would bill a second.
        return isFinished(task.state) && !task.request.prompt.isEmpty();
    default:
        return {};
    }
}
