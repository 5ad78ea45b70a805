#include "library/rowcodec.h"

#include "domain/requestcodec.h"
#include "platform/logging.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QSqlRecord>

namespace RowCodec {

namespace {

    // The columns of each table, in the order of the reader's index array below.
    enum TaskColumn {
        TaskId,
        TaskModel,
        TaskPrompt,
        TaskNegativePrompt,
        TaskWidth,
        TaskHeight,
        TaskCount,
        TaskSeed,
        TaskPromptExtend,
        TaskWatermark,
        TaskRegion,
        TaskBaseUrl,
        TaskServiceId,
        TaskRequestId,
        TaskState_,
        TaskServiceStatus,
        TaskSubmitTime,
        TaskScheduledTime,
        TaskEndTime,
        TaskErrorKind,
        TaskErrorCode,
        TaskErrorMessage,
        TaskErrorRequestId,
        TaskErrorHttpStatus,
        TaskUsage,
        TaskCreatedAt,
        TaskUpdatedAt,
        TaskFinishedAt,
        TaskRequest,
        TaskOutputFolder,
        TaskDemo,
        TaskColumnCount
    };

    const char *const TaskNames[] = {
        "id",
        "model",
        "prompt",
        "negative_prompt",
        "width",
        "height",
        "count",
        "seed",
        "prompt_extend",
        "watermark",
        "region",
        "base_url",
        "task_id",
        "request_id",
        "state",
        "service_status",
        "submit_time",
        "scheduled_time",
        "end_time",
        "error_kind",
        "error_code",
        "error_message",
        "error_request_id",
        "error_http_status",
        "usage",
        "created_at",
        "updated_at",
        "finished_at",
        "request",
        "output_folder",
        "demo",
    };
    static_assert(std::size(TaskNames) == TaskColumnCount);

    enum OutputColumn {
        OutputId,
        OutputTask,
        OutputIndex,
        OutputFilePath,
        OutputWidth,
        OutputHeight,
        OutputBytes,
        OutputSha256,
        OutputSeed,
        OutputActualPrompt,
        OutputRemoteUrl,
        OutputUrlExpiry,
        OutputErrorCode,
        OutputErrorMessage,
        OutputFavourite,
        OutputCreatedAt,
        OutputMediaType,
        OutputDurationMs,
        OutputPosterPath,
        OutputPlannedPath,
        OutputColumnCount
    };

    const char *const OutputNames[] = {
        "id",         "task",       "idx",         "file_path",     "width",
        "height",     "bytes",      "sha256",      "seed",          "actual_prompt",
        "remote_url", "url_expiry", "error_code",  "error_message", "favourite",
        "created_at", "media_type", "duration_ms", "poster_path",   "planned_path",
    };
    static_assert(std::size(OutputNames) == OutputColumnCount);

    enum InputColumn {
        InputTask,
        InputIndex,
        InputRole_,
        InputFilePath,
        InputUrl,
        InputSha256,
        InputColumnCount
    };

    const char *const InputNames[] = { "task", "idx", "role", "file_path", "url", "sha256" };
    static_assert(std::size(InputNames) == InputColumnCount);

    template<std::size_t N>
    QString columns(const char *const (&names)[N], const QString &alias)
    {
        QStringList list;
        for (const char *name : names)
            list.append(QStringLiteral("%1.%2 AS %1_%2").arg(alias, QLatin1String(name)));
        return list.join(QStringLiteral(", "));
    }

    template<std::size_t N>
    std::array<int, N> indexes(const char *const (&names)[N], const QSqlRecord &record,
                               const QString &alias)
    {
        std::array<int, N> result {};
        for (std::size_t i = 0; i < N; ++i) {
            result[i] = record.indexOf(alias + QLatin1Char('_') + QLatin1String(names[i]));
            if (result[i] < 0)
                qCWarning(lcLibrary) << "query without column" << alias << names[i];
        }
        return result;
    }

    ApiError::Kind errorKindFromName(const QString &name)
    {
        if (const auto kind = ApiError::kindFromName(name))
            return *kind;
        return name.isEmpty() ? ApiError::Kind::None : ApiError::Kind::Protocol;
    }

} // namespace

QVariant utcTime(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toUTC().toString(Qt::ISODateWithMs)) : QVariant();
}

QVariant serviceTime(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toString(Qt::ISODateWithMs)) : QVariant();
}

QDateTime timeFrom(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QString taskColumns(const QString &tableAlias)
{
    return columns(TaskNames, tableAlias);
}

QString outputColumns(const QString &tableAlias)
{
    return columns(OutputNames, tableAlias);
}

QString inputColumns(const QString &tableAlias)
{
    return columns(InputNames, tableAlias);
}

// A null QString binds as SQL NULL: the NOT NULL text columns take '' through coalesce().
void bindTask(QSqlQuery &q, const TaskRecord &task)
{
    const GenerationRequest &r = task.request;
    q.bindValue(QStringLiteral(":model"), r.model);
    q.bindValue(QStringLiteral(":prompt"), r.prompt);
    q.bindValue(QStringLiteral(":negative_prompt"), r.negativePrompt);
    q.bindValue(QStringLiteral(":width"), r.size.isValid() ? r.size.width() : 0);
    q.bindValue(QStringLiteral(":height"), r.size.isValid() ? r.size.height() : 0);
    q.bindValue(QStringLiteral(":count"), r.count);
    q.bindValue(QStringLiteral(":seed"), r.seed ? QVariant(*r.seed) : QVariant());
    q.bindValue(QStringLiteral(":prompt_extend"), r.promptExtend);
    q.bindValue(QStringLiteral(":watermark"), r.watermark);
    q.bindValue(QStringLiteral(":region"), regionId(task.endpoint.region));
    q.bindValue(QStringLiteral(":base_url"), QString::fromUtf8(task.endpoint.baseUrl.toEncoded()));
    q.bindValue(QStringLiteral(":task_id"), textOrNull(task.taskId));
    q.bindValue(QStringLiteral(":request_id"), textOrNull(task.requestId));
    q.bindValue(QStringLiteral(":state"), taskStateId(task.state));
    q.bindValue(QStringLiteral(":service_status"), textOrNull(task.serviceStatus));
    q.bindValue(QStringLiteral(":submit_time"), serviceTime(task.submitTime));
    q.bindValue(QStringLiteral(":scheduled_time"), serviceTime(task.scheduledTime));
    q.bindValue(QStringLiteral(":end_time"), serviceTime(task.endTime));
    const ApiError &e = task.error;
    q.bindValue(QStringLiteral(":error_kind"),
                e.isError() ? QVariant(ApiError::kindName(e.kind)) : QVariant());
    q.bindValue(QStringLiteral(":error_code"), textOrNull(e.code));
    q.bindValue(QStringLiteral(":error_message"), textOrNull(e.message));
    q.bindValue(QStringLiteral(":error_request_id"), textOrNull(e.requestId));
    q.bindValue(QStringLiteral(":error_http_status"),
                e.httpStatus != 0 ? QVariant(e.httpStatus) : QVariant());
    q.bindValue(QStringLiteral(":usage"),
                task.usage.isEmpty()
                        ? QVariant()
                        : QVariant(QString::fromUtf8(
                                QJsonDocument(task.usage).toJson(QJsonDocument::Compact))));
    q.bindValue(QStringLiteral(":updated_at"), utcTime(task.updatedAt));
    q.bindValue(QStringLiteral(":finished_at"), utcTime(task.finishedAt));
    q.bindValue(QStringLiteral(":kind"), mediaKindId(r.kind));
    GenerationRequest withoutInputs = r;
    withoutInputs.inputs.clear(); // rows of task_inputs
    q.bindValue(QStringLiteral(":request"), QString::fromUtf8(RequestCodec::toText(withoutInputs)));
    q.bindValue(QStringLiteral(":output_folder"), textOrNull(task.outputFolder));
    q.bindValue(QStringLiteral(":demo"), task.demo ? 1 : 0);
}

void bindOutput(QSqlQuery &q, const OutputRecord &output)
{
    q.bindValue(QStringLiteral(":task"), output.taskRowId);
    q.bindValue(QStringLiteral(":idx"), output.index);
    q.bindValue(QStringLiteral(":file_path"), textOrNull(output.filePath));
    q.bindValue(QStringLiteral(":width"),
                output.pixelSize.isValid() ? output.pixelSize.width() : 0);
    q.bindValue(QStringLiteral(":height"),
                output.pixelSize.isValid() ? output.pixelSize.height() : 0);
    q.bindValue(QStringLiteral(":bytes"), output.bytes);
    q.bindValue(QStringLiteral(":sha256"),
                output.sha256.isEmpty() ? QVariant()
                                        : QVariant(QString::fromLatin1(output.sha256)));
    q.bindValue(QStringLiteral(":seed"), output.seed < 0 ? QVariant() : QVariant(output.seed));
    q.bindValue(QStringLiteral(":actual_prompt"), textOrNull(output.actualPrompt));
    // A BLOB, so the signed URL is kept byte for byte (no re-encoding as text or as a QUrl).
    q.bindValue(QStringLiteral(":remote_url"),
                output.remoteUrl.isNull() ? QVariant() : QVariant(output.remoteUrl));
    q.bindValue(QStringLiteral(":url_expiry"), utcTime(output.urlExpiry));
    q.bindValue(QStringLiteral(":error_code"), textOrNull(output.errorCode));
    q.bindValue(QStringLiteral(":error_message"), textOrNull(output.errorMessage));
    q.bindValue(QStringLiteral(":favourite"), output.favourite);
    q.bindValue(QStringLiteral(":created_at"), utcTime(output.createdAt));
    // The column is NOT NULL: a record without a type is the table's default kind of output.
    q.bindValue(QStringLiteral(":media_type"),
                output.mediaType.isEmpty() ? QStringLiteral("image/png") : output.mediaType);
    q.bindValue(QStringLiteral(":duration_ms"), std::max<qint64>(0, output.durationMs));
    q.bindValue(QStringLiteral(":poster_path"), textOrNull(output.posterPath));
    q.bindValue(QStringLiteral(":planned_path"), textOrNull(output.plannedPath));
}

void bindInput(QSqlQuery &q, qint64 taskRowId, int index, const RequestInput &input)
{
    q.bindValue(QStringLiteral(":task"), taskRowId);
    q.bindValue(QStringLiteral(":idx"), index);
    q.bindValue(QStringLiteral(":role"), inputRoleId(input.role));
    q.bindValue(QStringLiteral(":file_path"), textOrNull(input.localPath));
    q.bindValue(QStringLiteral(":url"), textOrNull(input.url));
    q.bindValue(QStringLiteral(":sha256"),
                input.sha256.isEmpty() ? QVariant() : QVariant(QString::fromLatin1(input.sha256)));
}

TaskReader::TaskReader(const QSqlRecord &record, const QString &tableAlias)
    : m_index(indexes(TaskNames, record, tableAlias))
{ }

TaskRecord TaskReader::read(const QSqlQuery &q) const
{
    const auto value = [&](TaskColumn column) { return q.value(m_index[column]); };
    TaskRecord task;
    task.id = value(TaskId).toLongLong();
    if (const QVariant request = value(TaskRequest); !request.isNull()) {
        task.request = RequestCodec::fromText(request.toString().toUtf8());
    } else {
        // Not written by this version (the upgrade fills it): the columns say as much.
        task.request.model = value(TaskModel).toString();
        task.request.prompt = value(TaskPrompt).toString();
        task.request.negativePrompt = value(TaskNegativePrompt).toString();
        const QSize size(value(TaskWidth).toInt(), value(TaskHeight).toInt());
        if (!size.isEmpty())
            task.request.size = size;
        task.request.count = value(TaskCount).toInt();
        if (const QVariant seed = value(TaskSeed); !seed.isNull())
            task.request.seed = seed.toLongLong();
        task.request.promptExtend = value(TaskPromptExtend).toBool();
        task.request.watermark = value(TaskWatermark).toBool();
    }
    task.endpoint.region = regionFromId(value(TaskRegion).toString()).value_or(Region::Singapore);
    task.endpoint.baseUrl = QUrl::fromEncoded(value(TaskBaseUrl).toString().toUtf8());
    task.taskId = value(TaskServiceId).toString();
    task.requestId = value(TaskRequestId).toString();
    task.state = taskStateFromId(value(TaskState_).toString()).value_or(TaskState::Failed);
    task.serviceStatus = value(TaskServiceStatus).toString();
    task.submitTime = timeFrom(value(TaskSubmitTime));
    task.scheduledTime = timeFrom(value(TaskScheduledTime));
    task.endTime = timeFrom(value(TaskEndTime));
    task.error.kind = errorKindFromName(value(TaskErrorKind).toString());
    task.error.code = value(TaskErrorCode).toString();
    task.error.message = value(TaskErrorMessage).toString();
    task.error.requestId = value(TaskErrorRequestId).toString();
    task.error.httpStatus = value(TaskErrorHttpStatus).toInt();
    if (const QVariant usage = value(TaskUsage); !usage.isNull())
        task.usage = QJsonDocument::fromJson(usage.toString().toUtf8()).object();
    task.createdAt = timeFrom(value(TaskCreatedAt));
    task.updatedAt = timeFrom(value(TaskUpdatedAt));
    task.finishedAt = timeFrom(value(TaskFinishedAt));
    task.outputFolder = value(TaskOutputFolder).toString();
    task.demo = value(TaskDemo).toInt() != 0;
    return task;
}

OutputReader::OutputReader(const QSqlRecord &record, const QString &tableAlias)
    : m_index(indexes(OutputNames, record, tableAlias))
{ }

OutputRecord OutputReader::read(const QSqlQuery &q) const
{
    const auto value = [&](OutputColumn column) { return q.value(m_index[column]); };
    OutputRecord output;
    if (value(OutputId).isNull())
        return output; // LEFT JOIN without an output
    output.id = value(OutputId).toLongLong();
    output.taskRowId = value(OutputTask).toLongLong();
    output.index = value(OutputIndex).toInt();
    output.filePath = value(OutputFilePath).toString();
    const QSize size(value(OutputWidth).toInt(), value(OutputHeight).toInt());
    if (!size.isEmpty())
        output.pixelSize = size;
    output.bytes = value(OutputBytes).toLongLong();
    output.sha256 = value(OutputSha256).toString().toLatin1();
    const QVariant seed = value(OutputSeed);
    output.seed = seed.isNull() ? -1 : seed.toLongLong();
    output.actualPrompt = value(OutputActualPrompt).toString();
    output.remoteUrl = value(OutputRemoteUrl).toByteArray();
    output.urlExpiry = timeFrom(value(OutputUrlExpiry));
    output.errorCode = value(OutputErrorCode).toString();
    output.errorMessage = value(OutputErrorMessage).toString();
    output.favourite = value(OutputFavourite).toBool();
    output.createdAt = timeFrom(value(OutputCreatedAt));
    output.mediaType = value(OutputMediaType).toString();
    output.durationMs = value(OutputDurationMs).toLongLong();
    output.posterPath = value(OutputPosterPath).toString();
    output.plannedPath = value(OutputPlannedPath).toString();
    return output;
}

InputReader::InputReader(const QSqlRecord &record, const QString &tableAlias)
    : m_index(indexes(InputNames, record, tableAlias))
{ }

qint64 InputReader::taskRowId(const QSqlQuery &q) const
{
    return q.value(m_index[InputTask]).toLongLong();
}

std::optional<RequestInput> InputReader::read(const QSqlQuery &q) const
{
    const auto value = [&](InputColumn column) { return q.value(m_index[column]); };
    const std::optional<InputRole> role = inputRoleFromId(value(InputRole_).toString());
    if (!role)
        return std::nullopt;
    RequestInput input;
    input.role = *role;
    input.localPath = value(InputFilePath).toString();
    input.url = value(InputUrl).toString();
    input.sha256 = value(InputSha256).toString().toLatin1();
    return input;
}

} // namespace RowCodec
