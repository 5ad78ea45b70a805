#include "protocol/taskresponse.h"

#include "domain/boundednumber.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <array>
#include <limits>
#include <utility>

namespace {

constexpr std::array<std::pair<TaskStatus, const char *>, 7> StatusNames { {
        { TaskStatus::Pending, "PENDING" },
        { TaskStatus::Running, "RUNNING" },
        { TaskStatus::Suspended, "SUSPENDED" },
        { TaskStatus::Succeeded, "SUCCEEDED" },
        { TaskStatus::Failed, "FAILED" },
        { TaskStatus::Canceled, "CANCELED" },
        { TaskStatus::Unknown, "UNKNOWN" },
} };

// "2025-01-08 16:03:59.840": no zone on the wire, so the value stays a wall-clock time.
QDateTime serviceTime(const QJsonValue &value)
{
    const QString text = value.toString().trimmed();
    if (text.isEmpty())
        return {};
    QDateTime time = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    if (!time.isValid())
        time = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time;
}

// Counts may arrive as int, whole float or even a string; -1 when absent, not a whole number,
// negative or beyond int.
int intValue(const QJsonValue &value)
{
    const std::optional<qint64> count = value.isString()
            ? toBoundedInteger(value.toString(), 0, std::numeric_limits<int>::max())
            : toBoundedInteger(value, 0, std::numeric_limits<int>::max());
    return count ? int(*count) : -1;
}

// gmt_create of the task list: epoch milliseconds, as a number or a string. Invalid when out of
// the range QDateTime handles (year 0 to 9999 here) instead of overflowing.
QDateTime epochMilliseconds(const QJsonValue &value)
{
    constexpr qint64 Max = Q_INT64_C(253402300799999); // 9999-12-31T23:59:59.999Z
    const std::optional<qint64> ms = value.isString() ? toBoundedInteger(value.toString(), 0, Max)
                                                      : toBoundedInteger(value, 0, Max);
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC) : QDateTime();
}

// URLs stay byte-exact: the JSON string as UTF-8, never through QUrl (the signature is
// percent-encoded and must not be decoded and re-encoded).
QByteArray urlBytes(const QJsonValue &value)
{
    return value.toString().trimmed().toUtf8();
}

ImageResult imageResult(const QJsonObject &entry)
{
    ImageResult result;
    result.url = urlBytes(entry.value(QLatin1String("url")));
    result.origPrompt = entry.value(QLatin1String("orig_prompt")).toString();
    result.actualPrompt = entry.value(QLatin1String("actual_prompt")).toString();
    result.code = entry.value(QLatin1String("code")).toString();
    result.message = entry.value(QLatin1String("message")).toString();
    return result;
}

// wan2.6-t2i: output.choices[].message.content[] = {"type": "image", "image": "<url>"}.
void readChoices(const QJsonArray &choices, QList<ImageResult> *results)
{
    for (const QJsonValue &choiceValue : choices) {
        const QJsonObject choice = choiceValue.toObject();
        const QJsonArray content = choice.value(QLatin1String("message"))
                                           .toObject()
                                           .value(QLatin1String("content"))
                                           .toArray();
        bool found = false;
        for (const QJsonValue &itemValue : content) {
            const QJsonObject item = itemValue.toObject();
            const QJsonValue image = item.value(QLatin1String("image"));
            if (!image.isString())
                continue;
            ImageResult result;
            result.url = urlBytes(image);
            results->append(result);
            found = true;
        }
        // A choice without an image but with an error is a per-image failure, as in results[].
        if (!found
            && (choice.contains(QLatin1String("code"))
                || choice.contains(QLatin1String("message")))) {
            ImageResult result;
            result.code = choice.value(QLatin1String("code")).toString();
            result.message = choice.value(QLatin1String("message")).toString();
            results->append(result);
        }
    }
}

int metric(const QJsonObject &metrics, const char *upper, const char *lower)
{
    const QJsonValue value = metrics.value(QLatin1String(upper));
    return intValue(value.isUndefined() ? metrics.value(QLatin1String(lower)) : value);
}

bool protocolError(ApiError *error, const QString &message, const QString &requestId = {})
{
    if (error) {
        *error = ApiError::make(ApiError::Kind::Protocol, message);
        error->requestId = requestId;
    }
    return false;
}

} // namespace

TaskStatus taskStatusFromString(const QString &text)
{
    const QString upper = text.trimmed().toUpper();
    for (const auto &[status, name] : StatusNames) {
        if (upper == QLatin1String(name))
            return status;
    }
    if (upper == u"CANCELLED") // the service spells it with one L; be kind to a second one
        return TaskStatus::Canceled;
    return TaskStatus::Other;
}

QString taskStatusToString(TaskStatus status)
{
    for (const auto &[value, name] : StatusNames) {
        if (value == status)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("OTHER");
}

bool isTerminal(TaskStatus status)
{
    switch (status) {
    case TaskStatus::Succeeded:
    case TaskStatus::Failed:
    case TaskStatus::Canceled:
    case TaskStatus::Unknown:
        return true;
    case TaskStatus::Pending:
    case TaskStatus::Running:
    case TaskStatus::Suspended:
    case TaskStatus::Other:
        return false;
    }
    return false;
}

bool parseTaskResponse(const QByteArray &body, TaskSnapshot *snapshot, ApiError *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return protocolError(error,
                             QCoreApplication::translate("TaskResponse",
                                                         "The answer is not JSON (%1 at byte %2).")
                                     .arg(parseError.errorString())
                                     .arg(parseError.offset));
    }
    if (!document.isObject()) {
        return protocolError(
                error,
                QCoreApplication::translate("TaskResponse", "The answer is not a JSON object."));
    }
    const QJsonObject root = document.object();
    const QString requestId = root.value(QLatin1String("request_id")).toString();
    const QJsonValue outputValue = root.value(QLatin1String("output"));
    if (!outputValue.isObject()) {
        // An error body that came with HTTP 200: classify it like any other error answer.
        if (root.value(QLatin1String("code")).isString()) {
            if (error) {
                *error = ApiError::fromHttp(200, body);
                if (!error->isError())
                    error->kind = ApiError::Kind::Protocol;
            }
            return false;
        }
        return protocolError(
                error,
                QCoreApplication::translate("TaskResponse", "The answer has no “output” object."),
                requestId);
    }
    const QJsonObject output = outputValue.toObject();

    TaskSnapshot result;
    result.requestId = requestId;
    result.taskId = output.value(QLatin1String("task_id")).toString();
    result.statusText = output.value(QLatin1String("task_status")).toString();
    result.status = taskStatusFromString(result.statusText);
    result.submitTime = serviceTime(output.value(QLatin1String("submit_time")));
    result.scheduledTime = serviceTime(output.value(QLatin1String("scheduled_time")));
    result.endTime = serviceTime(output.value(QLatin1String("end_time")));
    result.code = output.value(QLatin1String("code")).toString();
    result.message = output.value(QLatin1String("message")).toString();
    result.videoUrl = urlBytes(output.value(QLatin1String("video_url")));
    result.origPrompt = output.value(QLatin1String("orig_prompt")).toString();
    result.actualPrompt = output.value(QLatin1String("actual_prompt")).toString();

    const QJsonArray results = output.value(QLatin1String("results")).toArray();
    for (const QJsonValue &entry : results) {
        if (entry.isObject())
            result.results << imageResult(entry.toObject());
    }
    readChoices(output.value(QLatin1String("choices")).toArray(), &result.results);

    const QJsonObject metrics = output.value(QLatin1String("task_metrics")).toObject();
    result.metricsTotal = metric(metrics, "TOTAL", "total");
    result.metricsSucceeded = metric(metrics, "SUCCEEDED", "succeeded");
    result.metricsFailed = metric(metrics, "FAILED", "failed");
    result.usage = root.value(QLatin1String("usage")).toObject();

    if (snapshot)
        *snapshot = result;
    if (error)
        *error = ApiError();
    return true;
}

bool parseTaskList(const QByteArray &body, QList<TaskListEntry> *entries, int *total,
                   ApiError *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return protocolError(
                error,
                QCoreApplication::translate("TaskResponse", "The task list is not a JSON object."));
    }
    const QJsonObject root = document.object();
    const QJsonValue data = root.value(QLatin1String("data"));
    if (!data.isUndefined() && !data.isNull() && !data.isArray()) {
        return protocolError(
                error,
                QCoreApplication::translate("TaskResponse", "The task list has no “data” array."),
                root.value(QLatin1String("request_id")).toString());
    }

    QList<TaskListEntry> list;
    const QJsonArray rows = data.toArray();
    for (const QJsonValue &rowValue : rows) {
        const QJsonObject row = rowValue.toObject();
        TaskListEntry entry;
        entry.taskId = row.value(QLatin1String("task_id")).toString();
        entry.model = row.value(QLatin1String("model_name")).toString();
        entry.status = row.value(QLatin1String("status")).toString();
        entry.region = row.value(QLatin1String("region")).toString();
        entry.requestId = row.value(QLatin1String("request_id")).toString();
        // Epoch milliseconds here, unlike the strings of a single-task query.
        entry.created = epochMilliseconds(row.value(QLatin1String("gmt_create")));
        list << entry;
    }

    if (entries)
        *entries = list;
    if (total) {
        const int sent = intValue(root.value(QLatin1String("total")));
        *total = sent >= 0 ? sent : int(list.size());
    }
    if (error)
        *error = ApiError();
    return true;
}
