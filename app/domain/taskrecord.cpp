#include "domain/taskrecord.h"

#include <QCoreApplication>
#include <array>
#include <utility>

namespace {

// Stable ids: stored in the library and printed by --json. Never rename one.
constexpr std::array<std::pair<TaskState, const char *>, 11> StateIds { {
        { TaskState::Queued, "queued" },
        { TaskState::Submitting, "submitting" },
        { TaskState::Pending, "pending" },
        { TaskState::Running, "running" },
        { TaskState::Downloading, "downloading" },
        { TaskState::Done, "done" },
        { TaskState::PartlyDone, "partly_done" },
        { TaskState::Failed, "failed" },
        { TaskState::Canceled, "canceled" },
        { TaskState::Expired, "expired" },
        { TaskState::Paused, "paused" },
} };

// Registered once at start-up, so queued connections and QVariant know the types by name
// (Q_DECLARE_METATYPE alone registers them lazily, on first use).
const int registered = [] {
    qRegisterMetaType<TaskRecord>();
    qRegisterMetaType<OutputRecord>();
    return 0;
}();

} // namespace

QString taskStateId(TaskState state)
{
    for (const auto &[value, id] : StateIds) {
        if (value == state)
            return QString::fromLatin1(id);
    }
    return {};
}

std::optional<TaskState> taskStateFromId(const QString &id)
{
    for (const auto &[value, text] : StateIds) {
        if (id == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

QString taskStateDisplayName(TaskState state)
{
    switch (state) {
    case TaskState::Queued:
        return QCoreApplication::translate("TaskState", "Queued");
    case TaskState::Submitting:
        return QCoreApplication::translate("TaskState", "Submitting");
    case TaskState::Pending:
        return QCoreApplication::translate("TaskState", "Waiting on the service");
    case TaskState::Running:
        return QCoreApplication::translate("TaskState", "Generating");
    case TaskState::Downloading:
        return QCoreApplication::translate("TaskState", "Downloading");
    case TaskState::Done:
        return QCoreApplication::translate("TaskState", "Done");
    case TaskState::PartlyDone:
        return QCoreApplication::translate("TaskState", "Partly done");
    case TaskState::Failed:
        return QCoreApplication::translate("TaskState", "Failed");
    case TaskState::Canceled:
        return QCoreApplication::translate("TaskState", "Canceled");
    case TaskState::Expired:
        return QCoreApplication::translate("TaskState", "Expired");
    case TaskState::Paused:
        return QCoreApplication::translate("TaskState", "Paused");
    }
    return {};
}

bool isFinished(TaskState state)
{
    switch (state) {
    case TaskState::Done:
    case TaskState::PartlyDone:
    case TaskState::Failed:
    case TaskState::Canceled:
    case TaskState::Expired:
        return true;
    case TaskState::Queued:
    case TaskState::Submitting:
    case TaskState::Pending:
    case TaskState::Running:
    case TaskState::Downloading:
    case TaskState::Paused:
        return false;
    }
    return false;
}

int TaskRecord::savedOutputCount() const
{
    int count = 0;
    for (const OutputRecord &output : outputs) {
        if (output.isSaved())
            ++count;
    }
    return count;
}

int TaskRecord::failedOutputCount() const
{
    // Failed: the service (or the download) gave an error for it and no file was saved.
    int count = 0;
    for (const OutputRecord &output : outputs) {
        if (!output.isSaved() && !output.errorCode.isEmpty())
            ++count;
    }
    return count;
}
