#include "library/rowcodec.h"

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
    };
    static_assert(std::size(TaskNames) == TaskColumnCount);

    enum ImageColumn {
        ImageId,
        ImageTask,
        ImageIndex,
        ImageFilePath,
        ImageWidth,
        ImageHeight,
        ImageBytes,
        ImageSha256,
        ImageSeed,
        ImageActualPrompt,
        ImageRemoteUrl,
        ImageUrlExpiry,
        ImageErrorCode,
        ImageErrorMessage,
        ImageFavourite,
        ImageCreatedAt,
        ImageColumnCount
    };

    const char *const ImageNames[] = {
        "id",         "task",          "idx",       "file_path",     "width",      "height",
        "bytes",      "sha256",        "seed",      "actual_prompt", "remote_url", "url_expiry",
        "error_code", "error_message", "favourite", "created_at",
    };
    static_assert(std::size(ImageNames) == ImageColumnCount);

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

QString imageColumns(const QString &tableAlias)
{
    return columns(ImageNames, tableAlias);
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
}

void bindImage(QSqlQuery &q, const OutputRecord &image)
{
    q.bindValue(QStringLiteral(":task"), image.taskRowId);
    q.bindValue(QStringLiteral(":idx"), image.index);
    q.bindValue(QStringLiteral(":file_path"), textOrNull(image.filePath));
    q.bindValue(QStringLiteral(":width"), image.pixelSize.isValid() ? image.pixelSize.width() : 0);
    q.bindValue(QStringLiteral(":height"),
                image.pixelSize.isValid() ? image.pixelSize.height() : 0);
    q.bindValue(QStringLiteral(":bytes"), image.bytes);
    q.bindValue(QStringLiteral(":sha256"),
                image.sha256.isEmpty() ? QVariant() : QVariant(QString::fromLatin1(image.sha256)));
    q.bindValue(QStringLiteral(":seed"), image.seed < 0 ? QVariant() : QVariant(image.seed));
    q.bindValue(QStringLiteral(":actual_prompt"), textOrNull(image.actualPrompt));
    // A BLOB, so the signed URL is kept byte for byte (no re-encoding as text or as a QUrl).
    q.bindValue(QStringLiteral(":remote_url"),
                image.remoteUrl.isNull() ? QVariant() : QVariant(image.remoteUrl));
    q.bindValue(QStringLiteral(":url_expiry"), utcTime(image.urlExpiry));
    q.bindValue(QStringLiteral(":error_code"), textOrNull(image.errorCode));
    q.bindValue(QStringLiteral(":error_message"), textOrNull(image.errorMessage));
    q.bindValue(QStringLiteral(":favourite"), image.favourite);
    q.bindValue(QStringLiteral(":created_at"), utcTime(image.createdAt));
}

TaskReader::TaskReader(const QSqlRecord &record, const QString &tableAlias)
    : m_index(indexes(TaskNames, record, tableAlias))
{ }

TaskRecord TaskReader::read(const QSqlQuery &q) const
{
    const auto value = [&](TaskColumn column) { return q.value(m_index[column]); };
    TaskRecord task;
    task.id = value(TaskId).toLongLong();
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
    return task;
}

ImageReader::ImageReader(const QSqlRecord &record, const QString &tableAlias)
    : m_index(indexes(ImageNames, record, tableAlias))
{ }

OutputRecord ImageReader::read(const QSqlQuery &q) const
{
    const auto value = [&](ImageColumn column) { return q.value(m_index[column]); };
    OutputRecord image;
    if (value(ImageId).isNull())
        return image; // LEFT JOIN without an image
    image.id = value(ImageId).toLongLong();
    image.taskRowId = value(ImageTask).toLongLong();
    image.index = value(ImageIndex).toInt();
    image.filePath = value(ImageFilePath).toString();
    const QSize size(value(ImageWidth).toInt(), value(ImageHeight).toInt());
    if (!size.isEmpty())
        image.pixelSize = size;
    image.bytes = value(ImageBytes).toLongLong();
    image.sha256 = value(ImageSha256).toString().toLatin1();
    const QVariant seed = value(ImageSeed);
    image.seed = seed.isNull() ? -1 : seed.toLongLong();
    image.actualPrompt = value(ImageActualPrompt).toString();
    image.remoteUrl = value(ImageRemoteUrl).toByteArray();
    image.urlExpiry = timeFrom(value(ImageUrlExpiry));
    image.errorCode = value(ImageErrorCode).toString();
    image.errorMessage = value(ImageErrorMessage).toString();
    image.favourite = value(ImageFavourite).toBool();
    image.createdAt = timeFrom(value(ImageCreatedAt));
    return image;
}

} // namespace RowCodec
