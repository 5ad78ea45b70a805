#include "domain/generationrequest.h"
#include "platform/logging.h"
#include "simulator/imageeditroute.h"
#include "simulator/simulatorfaultplan.h"
#include "simulator/simulatorhostile.h"
#include "simulator/simulatorhttp.h"
#include "simulator/simulatorresulthost.h"
#include "simulator/simulatorroute.h"
#include "simulator/simulatorserver.h"
#include "simulator/simulatortaskstore.h"
#include "simulator/simulatoruploadhost.h"
#include "simulator/videoroutes.h"

#include <QCryptographicHash>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrlQuery>
#include <algorithm>
#include <cmath>

// The API of the simulator: create, poll, cancel and list. The transport is in simulatorserver.cpp.

using namespace SimulatorWire;

namespace {

constexpr int PollsPerSecondLimit = 20; // GET /tasks/{id}, GET /tasks, cancel: each, per account
constexpr int TooManyResults = 2000;

QString regionCode(Region region)
{
    switch (region) {
    case Region::Singapore:
        return QStringLiteral("ap-southeast-1");
    case Region::Virginia:
        return QStringLiteral("us-east-1");
    case Region::Beijing:
        return QStringLiteral("cn-beijing");
    }
    return QStringLiteral("ap-southeast-1");
}

bool containsCjk(const QString &text)
{
    return std::any_of(text.begin(), text.end(),
                       [](QChar c) { return c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF; });
}

// What prompt_extend might make of a prompt: the prompt plus a few descriptive phrases, in its
// language, chosen by the seed (so the same request extends the same way).
QString extendedPrompt(const QString &prompt, qint64 seed)
{
    static const char *const english[] = {
        "soft golden-hour light",  "layered mountains fading into morning mist",
        "gentle colour gradients", "high detail",
        "cinematic composition",   "a calm, dreamy atmosphere",
        "subtle film grain",       "wide-angle view",
        "delicate rim lighting",   "harmonious colour palette",
    };
    static const char *const chinese[] = {
        "柔和的晨光",     "层叠的远山隐没在薄雾中", "细腻的色彩过渡", "高清细节",     "电影感构图",
        "宁静梦幻的氛围", "淡淡的胶片质感",         "广角视野",       "精致的轮廓光", "和谐的配色",
    };
    const bool cjk = containsCjk(prompt);
    const char *const *phrases = cjk ? chinese : english;
    constexpr int phraseCount = 10;
    QRandomGenerator random(quint32(seed) ^ 0x5eed5eedU);
    QList<int> picked;
    while (picked.size() < 3) {
        const int i = int(random.bounded(phraseCount));
        if (!picked.contains(i))
            picked.append(i);
    }
    QString result = prompt.trimmed();
    const QString separator = cjk ? QStringLiteral("，") : QStringLiteral(", ");
    for (int i : picked)
        result += separator + QString::fromUtf8(phrases[i]);
    return result + (cjk ? QStringLiteral("。") : QStringLiteral("."));
}

} // namespace

std::optional<SimulatorReply> SimulatorServer::checkApiKey(const SimulatorRequest &request) const
{
    const QByteArray authorization = request.header("Authorization").trimmed();
    const QString invalid = QStringLiteral("Invalid API-key provided.");
    if (authorization.isEmpty())
        return SimulatorReply::error(401, QStringLiteral("InvalidApiKey"),
                                     QStringLiteral("No API-key provided."));
    if (!authorization.toLower().startsWith("bearer"))
        return SimulatorReply::error(401, QStringLiteral("InvalidApiKey"), invalid);
    const QString key = QString::fromUtf8(authorization.mid(6)).trimmed();
    if (key.isEmpty()) // "Bearer " with an unset $DASHSCOPE_API_KEY
        return SimulatorReply::error(401, QStringLiteral("InvalidApiKey"),
                                     QStringLiteral("No API-key provided."));
    if (!m_requiredKey.isEmpty() && key != m_requiredKey)
        return SimulatorReply::error(401, QStringLiteral("InvalidApiKey"), invalid);
    return std::nullopt;
}

bool SimulatorServer::rateLimited(const QString &key, int perSecond)
{
    std::deque<qint64> &window = m_windows[key];
    const qint64 now = m_store->nowMs();
    while (!window.empty() && window.front() <= now - 1000)
        window.pop_front();
    if (int(window.size()) >= perSecond)
        return true;
    window.push_back(now);
    return false;
}

SimulatorReply SimulatorServer::handleCreate(const SimulatorRequest &request,
                                             const QString &endpoint)
{
    const QString invalidParameter = QStringLiteral("InvalidParameter");
    if (std::optional<SimulatorReply> denied = checkApiKey(request))
        return *denied;

    bool knownEndpoint = false;
    for (const ModelInfo &model : m_catalog.models())
        knownEndpoint = knownEndpoint || model.path == endpoint;
    if (!knownEndpoint)
        return SimulatorReply::error(400, invalidParameter,
                                     QStringLiteral("url error, please check url!"));

    if (request.header("X-DashScope-Async").trimmed().compare("enable", Qt::CaseInsensitive) != 0) {
        return SimulatorReply::error(
                403, QStringLiteral("AccessDenied"),
                QStringLiteral("current user api does not support synchronous calls"));
    }

    if (m_faults->takeCreateThrottle()) {
        return SimulatorReply::error(
                429, QStringLiteral("Throttling.RateQuota"),
                QStringLiteral("Requests rate limit exceeded, please try again later."));
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return SimulatorReply::error(
                400, invalidParameter,
                QStringLiteral("Required body invalid, please check the request body format."));
    }
    const QJsonObject body = document.object();

    const QString modelName = body.value(QLatin1String("model")).toString();
    if (modelName.isEmpty()) {
        return SimulatorReply::error(
                400, QStringLiteral("BadRequest.EmptyModel"),
                QStringLiteral("Required parameter \"model\" missing from request."));
    }
    const ModelInfo info = m_catalog.model(modelName);
    const SimulatorRoute *route = SimulatorRoute::forProtocol(endpointProtocolId(info.protocol));
    const bool video = makesVideo(info.kind);
    const bool edit = info.kind == MediaKind::ImageEdit;
    if (!info.isValid() || (info.kind != MediaKind::TextToImage && !video && !edit) || !route
        || (m_region && !info.availableIn(*m_region)))
        return SimulatorReply::error(400, invalidParameter, QStringLiteral("Model not exist."));
    if (info.path != endpoint)
        return SimulatorReply::error(400, invalidParameter,
                                     QStringLiteral("url error, please check url!"));
    if (std::optional<SimulatorReply> refused = m_uploads->checkOssInputs(request, body, modelName))
        return *refused;
    const Region region
            = m_region.value_or(info.regions.isEmpty() ? Region::Singapore : info.regions.first());

    if (m_faults->has(Fault::RateLimits)
        && rateLimited(QStringLiteral("create:") + info.name,
                       std::max(1, int(std::ceil(info.submitRps))))) {
        return SimulatorReply::error(
                429, QStringLiteral("Throttling.RateQuota"),
                QStringLiteral("Requests rate limit exceeded, please try again later."));
    }

    const QJsonValue inputValue = body.value(QLatin1String("input"));
    if (!inputValue.isObject()) {
        return SimulatorReply::error(
                400, QStringLiteral("BadRequest.EmptyInput"),
                QStringLiteral("Required input parameter missing from request."));
    }
    const QJsonObject input = inputValue.toObject();
    const QJsonValue parametersValue = body.value(QLatin1String("parameters"));
    if (!parametersValue.isUndefined() && !parametersValue.isObject())
        return SimulatorReply::error(400, invalidParameter,
                                     QStringLiteral("parameters must be an object."));
    const QJsonObject parameters = parametersValue.toObject();

    // The prompt: input.prompt, or the one text item of the one user message (wan2.6).
    QJsonValue promptValue;
    QJsonValue negativeValue;
    if (std::optional<SimulatorReply> wrong
        = route->readPrompts(info, input, parameters, &promptValue, &negativeValue))
        return *wrong;
    const bool noPrompt = promptValue.isUndefined() || promptValue.isNull();
    if ((!noPrompt && !promptValue.isString())
        || (route->requiresPrompt(info) && promptValue.toString().trimmed().isEmpty()))
        return SimulatorReply::error(400, invalidParameter,
                                     QStringLiteral("Field required: input.prompt"));
    if (!negativeValue.isUndefined() && !negativeValue.isNull() && !negativeValue.isString())
        return SimulatorReply::error(400, invalidParameter,
                                     QStringLiteral("negative_prompt must be a string."));

    // Parameters, type by type, as the service checks them.
    const auto integer = [&parameters](const char *name, std::optional<qint64> *out) {
        const QJsonValue value = parameters.value(QLatin1String(name));
        if (value.isUndefined())
            return true;
        const double number = value.toDouble(std::nan(""));
        if (!value.isDouble() || std::floor(number) != number || std::abs(number) > 9.0e15)
            return false;
        *out = qint64(number);
        return true;
    };
    const auto boolean = [&parameters](const char *name, bool fallback, bool *out) {
        const QJsonValue value = parameters.value(QLatin1String(name));
        if (value.isUndefined()) {
            *out = fallback;
            return true;
        }
        *out = value.toBool();
        return value.isBool();
    };

    QSize size = info.rules.defaultSize;
    const QJsonValue sizeValue = parameters.value(QLatin1String("size"));
    if (!sizeValue.isUndefined()) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})\\*(\\d{1,5})$"));
        const QRegularExpressionMatch match = pattern.match(sizeValue.toString());
        if (!sizeValue.isString() || !match.hasMatch()) {
            return SimulatorReply::error(
                    400, invalidParameter,
                    QStringLiteral("The size is not match the format width*height, e.g. \"%1\".")
                            .arg(GenerationRequest::sizeToString(info.rules.defaultSize)));
        }
        if (video && info.rules.size.isUnconstrained())
            return SimulatorReply::error(400, invalidParameter,
                                         QStringLiteral("%1 takes parameters.resolution, not "
                                                        "size.")
                                                 .arg(info.name));
        size = QSize(match.captured(1).toInt(), match.captured(2).toInt());
        const QString problem = info.rules.size.problem(size, info.name);
        if (!problem.isEmpty())
            return SimulatorReply::error(400, invalidParameter, problem);
    }

    std::optional<qint64> count;
    std::optional<qint64> seed;
    if (!integer("n", &count))
        return SimulatorReply::error(400, invalidParameter,
                                     QStringLiteral("parameters.n must be an integer."));
    if (!integer("seed", &seed))
        return SimulatorReply::error(400, invalidParameter,
                                     QStringLiteral("parameters.seed must be an integer."));
    bool promptExtend = true;
    bool watermark = false;
    if (!boolean("prompt_extend", info.rules.promptExtendDefault, &promptExtend))
        return SimulatorReply::error(400, invalidParameter,
                                     QStringLiteral("parameters.prompt_extend must be a boolean."));
    if (!boolean("watermark", false, &watermark))
        return SimulatorReply::error(400, invalidParameter,
                                     QStringLiteral("parameters.watermark must be a boolean."));

    GenerationRequest checked;
    checked.model = info.name;
    checked.prompt = promptValue.toString();
    checked.negativePrompt = negativeValue.toString();
    checked.size = size;
    // Like the service: n defaults to 4 (within the model's range), the seed to a random one.
    checked.count = count ? int(std::clamp<qint64>(*count, -1, 1000000))
                          : std::clamp(4, info.rules.minCount,
                                       std::max(info.rules.minCount, info.rules.maxCount));
    checked.seed = seed ? *seed : qint64(QRandomGenerator::global()->bounded(quint64(MaxSeed) + 1));
    checked.promptExtend = promptExtend && info.rules.supportsPromptExtend;
    checked.watermark = watermark && info.rules.supportsWatermark;
    checked.kind = info.kind;
    if (std::optional<SimulatorReply> wrong = route->readVideo(info, input, parameters, &checked))
        return *wrong;
    // The input images themselves: data: URIs decoded, uploads resolved (video doc §2, §5).
    QImage firstFrame;
    QByteArray firstBytes;
    QByteArray lastBytes;
    QList<QByteArray> editBytes; // parallel to checked.inputs: each edit input's bytes
    for (const RequestInput &in : std::as_const(checked.inputs)) {
        editBytes.append(QByteArray());
        const std::optional<InputRule> rule = info.rules.input(in.role);
        if (!rule || in.role == InputRole::DrivingAudio)
            continue; // counts and roles: validate() below; audio is not looked at
        QByteArray bytes = SimulatorVideo::dataUriBytes(in.url);
        if (in.url.startsWith(QLatin1String("oss://"), Qt::CaseInsensitive))
            bytes = m_uploads->resolve(in.url, info.name).value_or(QByteArray());
        if (bytes.isEmpty() && edit) // an edit of an earlier result of ours
            bytes = m_results->resultBytes(in.url);
        if (bytes.isEmpty() && !in.url.startsWith(QLatin1String("http"), Qt::CaseInsensitive))
            return SimulatorReply::error(
                    400, invalidParameter,
                    QStringLiteral("The provided URL does not appear to be valid. Ensure it is "
                                   "correctly formatted."));
        if (edit)
            editBytes.last() = bytes; // checked with the others: SimulatorEditInputs
        if (bytes.isEmpty() || edit)
            continue; // an http(s) URL: never fetched here; the video shows the gradient
        QImage image;
        if (std::optional<SimulatorReply> refused
            = SimulatorVideo::checkInputImage(*rule, bytes, &image))
            return *refused;
        if (in.role == InputRole::FirstFrame) {
            firstFrame = image;
            firstBytes = bytes;
        } else {
            lastBytes = bytes;
        }
    }
    // The catalog's rules, exactly as the client applies them; over-long prompts are not
    // errors (the service truncates them) and the model/size were checked above.
    for (const ValidationIssue &issue : checked.validate(m_catalog, region)) {
        if (issue.field == u"n" || issue.field == u"seed"
            || ((video || edit) && issue.field != u"prompt" && issue.field != u"negative_prompt"))
            return SimulatorReply::error(400, invalidParameter, issue.message);
    }
    std::shared_ptr<const SimulatedEdit> edited;
    if (edit) {
        if (std::optional<SimulatorReply> refused
            = SimulatorEditInputs::prepare(info, checked, editBytes, &edited, &size))
            return *refused;
    }

    // Accepted: make the task. Its fate is fixed now, from the faults set at this moment.
    auto task = std::make_shared<SimulatedTask>();
    task->hostile = m_faults->perTaskFaults();
    task->key = newId();
    // A path, where a plain token belongs: a client must not poll it, nor name a file after it.
    task->id = task->has(Fault::UnsafeTaskId) ? QStringLiteral("../../") + task->key : task->key;
    task->createRequestId = newId();
    task->model = info.name;
    task->protocol = endpointProtocolId(info.protocol);
    task->endpoint = endpoint;
    task->region = region;
    task->apiKeyId = QString::number(
            QCryptographicHash::hash(request.header("Authorization"), QCryptographicHash::Sha256)
                            .left(3)
                            .toHex()
                            .toUInt(nullptr, 16)
                    % 900000
            + 100000);
    task->prompt = checked.prompt;
    task->renderedPrompt = info.rules.promptMaxChars > 0
            ? checked.prompt.left(info.rules.promptMaxChars)
            : checked.prompt;
    task->size = size;
    task->count = checked.count;
    task->seed = *checked.seed;
    task->promptExtend = checked.promptExtend;
    task->watermark = checked.watermark;
    task->body = body;
    if (video) {
        task->video = true;
        task->durationSeconds = checked.video.durationSeconds > 0
                ? checked.video.durationSeconds
                : (info.rules.durations.defaultSeconds > 0 ? info.rules.durations.defaultSeconds
                                                           : 5); // the fixed-length models' 5 s
        task->size = SimulatorVideo::pixelSize(info, checked, firstFrame);
        task->firstFrame = firstBytes;
        task->lastFrame = lastBytes;
    }
    task->edit = edited;
    if (task->promptExtend && route->reportsActualPrompt())
        task->actualPrompt = extendedPrompt(task->renderedPrompt, task->seed);

    const qint64 now = m_store->nowMs();
    planTimeline(*task, now);

    if (m_faults->has(Fault::FailTask)) {
        task->fails = true;
        task->failCode = QStringLiteral("InternalError.Algo");
        task->failMessage = QStringLiteral("An internal error has occured during algorithm "
                                           "execution, please try again later.");
    } else if (m_faults->has(Fault::ImageContentPolicy)) {
        if (task->count == 1) {
            task->fails = true;
            task->failCode = QStringLiteral("DataInspectionFailed");
            task->failMessage = contentPolicyMessage();
        } else {
            task->failedImage = task->count - 1;
        }
    }

    if (!task->fails)
        m_results->issueUrls(task.get(),
                             task->has(Fault::TooManyResults) ? TooManyResults : task->count);

    m_store->insert(task);
    m_stats.peakActiveTasks = std::max(m_stats.peakActiveTasks, m_store->activeCount(now));
    qCDebug(lcSimulator) << "created" << task->id << task->model << task->size << "n" << task->count
                         << "seed" << task->seed;
    emit taskCreated(task->id);

    if (m_faults->takeCreateError()) {
        // The task exists, and would be billed: the client must not repeat the create.
        return SimulatorReply::error(500, QStringLiteral("InternalError"), internalErrorMessage());
    }

    return SimulatorReply::json(
            200,
            { { QLatin1String("output"),
                QJsonObject { { QLatin1String("task_status"), QStringLiteral("PENDING") },
                              { QLatin1String("task_id"), task->id } } },
              { QLatin1String("request_id"), task->createRequestId } });
}

SimulatorReply SimulatorServer::handlePoll(const SimulatorRequest &request, const QString &taskId)
{
    const qint64 now = m_store->nowMs();
    std::deque<qint64> &peak = m_windows[QStringLiteral("peak:poll")];
    while (!peak.empty() && peak.front() <= now - 1000)
        peak.pop_front();
    peak.push_back(now);
    m_stats.peakPollsPerSecond = std::max(m_stats.peakPollsPerSecond, int(peak.size()));

    if (std::optional<SimulatorReply> denied = checkApiKey(request))
        return *denied;
    if (m_faults->has(Fault::RateLimits)
        && rateLimited(QStringLiteral("poll"), PollsPerSecondLimit))
        return SimulatorReply::error(429, QStringLiteral("Throttling"),
                                     QStringLiteral("Requests throttling triggered."));

    const std::shared_ptr<SimulatedTask> task = m_store->find(taskId);
    if (task)
        ++task->polls;
    const bool expired = !task || m_faults->has(Fault::ExpiredTask);
    const TaskStatus status = expired ? TaskStatus::Unknown : m_store->statusAt(*task, now);
    const auto unknownBody = [&taskId] {
        return compactJson({ { QLatin1String("request_id"), newId() },
                             { QLatin1String("output"),
                               QJsonObject { { QLatin1String("task_id"), taskId },
                                             { QLatin1String("task_status"),
                                               QStringLiteral("UNKNOWN") } } } });
    };
    const auto body = [&]() {
        return expired ? unknownBody() : taskBody(*task, status, statusName(status));
    };

    // A hostile task answers every poll with something no client should swallow.
    if (task && !expired) {
        const SimulatorHeaders json { { "Content-Type", "application/json" } };
        if (task->has(Fault::HtmlOnPoll))
            return SimulatorReply::html(200, SimulatorHostile::loginPage());
        if (task->has(Fault::DeepJsonOnPoll))
            return { 200, json, SimulatorHostile::deeplyNestedJson(task->id), -1 };
        if (task->has(Fault::EndlessPollAnswer)) {
            SimulatorReply endless { 200, json, {}, -1 };
            endless.body = "{\"request_id\":\"" + newId().toUtf8() + "\",\"output\":{\"task_id\":\""
                    + task->id.toUtf8() + "\",\"task_status\":\"RUNNING\",\"padding\":\"";
            endless.endless = true;
            endless.endlessFill = QByteArray(1024, 'x');
            return endless;
        }
    }

    // Poll faults take turns, each firing faultRepeat() times per task.
    const bool unfinished = !expired && !isFinal(status);
    if (const auto pollFault = m_faults->takePollFault(taskId, unfinished)) {
        const Fault fault = pollFault->fault;
        const int round = pollFault->round;
        switch (fault) {
        case Fault::ThrottlePoll:
            return SimulatorReply::error(429, QStringLiteral("Throttling"),
                                         QStringLiteral("Requests throttling triggered."));
        case Fault::ServerErrorOnPoll:
            if (round % 2 == 0)
                return SimulatorReply::error(500, QStringLiteral("InternalError"),
                                             internalErrorMessage());
            return SimulatorReply::error(
                    503, QStringLiteral("ModelUnavailable"),
                    QStringLiteral("Model is unavailable, please try again later."));
        case Fault::GatewayHtmlOnPoll:
            return { 502,
                     { { "Content-Type", "text/html" }, { "Server", "Tengine" } },
                     "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                     "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n"
                     "</body>\r\n</html>\r\n",
                     -1 };
        case Fault::MalformedJsonOnPoll: {
            const QByteArray whole = body();
            return {
                200, { { "Content-Type", "application/json" } }, whole.left(whole.size() / 2), -1
            };
        }
        case Fault::ResetOnPoll: {
            const QByteArray whole = body();
            return { 200, { { "Content-Type", "application/json" } }, whole, whole.size() / 2 };
        }
        case Fault::UnusualStatus:
            return { 200,
                     { { "Content-Type", "application/json" } },
                     taskBody(*task, status,
                              round % 2 == 0 ? QStringLiteral("SUSPENDED")
                                             : QStringLiteral("PREPARING")),
                     -1 };
        default:
            break;
        }
    }

    if (status == TaskStatus::Succeeded)
        m_results->prefetch(*task);
    return { 200, { { "Content-Type", "application/json" } }, body(), -1 };
}

QByteArray SimulatorServer::taskBody(const SimulatedTask &task, TaskStatus status,
                                     const QString &shownStatus) const
{
    const qint64 now = m_store->nowMs();
    QJsonObject output { { QLatin1String("task_id"), task.id },
                         { QLatin1String("task_status"), shownStatus },
                         { QLatin1String("submit_time"), m_store->wireTime(task.submitMs) } };
    if (now >= task.scheduledMs && (task.canceledMs < 0 || task.canceledMs >= task.scheduledMs))
        output.insert(QLatin1String("scheduled_time"), m_store->wireTime(task.scheduledMs));
    if (isFinal(status))
        output.insert(QLatin1String("end_time"), m_store->wireTime(task.terminalMs()));

    QJsonObject usage;
    if (status == TaskStatus::Failed) {
        output.insert(QLatin1String("code"), task.failCode);
        output.insert(QLatin1String("message"), task.failMessage);
    } else if (status == TaskStatus::Succeeded) {
        if (const SimulatorRoute *route = SimulatorRoute::forProtocol(task.protocol))
            route->writeSucceeded(task, &output, &usage);
    }

    QJsonObject answer { { QLatin1String("request_id"), newId() },
                         { QLatin1String("output"), output } };
    if (!usage.isEmpty())
        answer.insert(QLatin1String("usage"), usage);
    return compactJson(answer);
}

SimulatorReply SimulatorServer::handleCancel(const SimulatorRequest &request, const QString &taskId)
{
    if (std::optional<SimulatorReply> denied = checkApiKey(request))
        return *denied;
    if (m_faults->has(Fault::RateLimits)
        && rateLimited(QStringLiteral("cancel"), PollsPerSecondLimit))
        return SimulatorReply::error(429, QStringLiteral("Throttling"),
                                     QStringLiteral("Requests throttling triggered."));
    if (!m_store->cancel(taskId)) {
        return SimulatorReply::error(400, QStringLiteral("UnsupportedOperation"),
                                     QStringLiteral("Failed to cancel the task, please confirm if "
                                                    "the task is in PENDING status."));
    }
    qCDebug(lcSimulator) << "canceled" << taskId;
    return SimulatorReply::json(200, { { QLatin1String("request_id"), newId() } });
}

SimulatorReply SimulatorServer::handleList(const SimulatorRequest &request)
{
    const QString invalidParameter = QStringLiteral("InvalidParameter");
    if (std::optional<SimulatorReply> denied = checkApiKey(request))
        return *denied;
    if (m_faults->has(Fault::RateLimits)
        && rateLimited(QStringLiteral("list"), PollsPerSecondLimit))
        return SimulatorReply::error(429, QStringLiteral("Throttling"),
                                     QStringLiteral("Requests throttling triggered."));

    const QUrlQuery query(QString::fromUtf8(request.query));
    const auto value = [&query](const char *name) {
        return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    const auto positive = [&value](const char *name, int fallback, int maximum, int *out) {
        const QString text = value(name);
        if (text.isEmpty()) {
            *out = fallback;
            return true;
        }
        bool ok = false;
        *out = text.toInt(&ok);
        return ok && *out >= 1 && *out <= maximum;
    };
    int pageNo = 1;
    int pageSize = 10;
    if (!positive("page_no", 1, 1000000, &pageNo))
        return SimulatorReply::error(400, invalidParameter,
                                     QStringLiteral("page_no must be a positive integer."));
    if (!positive("page_size", 10, 100, &pageSize))
        return SimulatorReply::error(400, invalidParameter,
                                     QStringLiteral("page_size must be an integer from 1 to 100."));

    // start_time / end_time: YYYYMMDDhhmmss, in the service's time zone.
    const auto time = [&value](const char *name, QDateTime *out) {
        const QString text = value(name);
        if (text.isEmpty())
            return true;
        QDateTime parsed = QDateTime::fromString(text, QStringLiteral("yyyyMMddHHmmss"));
        if (!parsed.isValid())
            return false;
        parsed.setOffsetFromUtc(SimulatorWire::ChinaOffsetSeconds);
        *out = parsed;
        return true;
    };
    QDateTime from;
    QDateTime to;
    if (!time("start_time", &from) || !time("end_time", &to))
        return SimulatorReply::error(
                400, invalidParameter,
                QStringLiteral("start_time and end_time must be YYYYMMDDhhmmss."));
    const QString statusFilter = value("status").toUpper();
    const QString modelFilter = value("model_name");

    const qint64 now = m_store->nowMs();
    QJsonArray matching;
    const QStringList &order = m_store->order();
    for (auto it = order.crbegin(); it != order.crend(); ++it) { // newest first
        const SimulatedTask &task = *m_store->find(*it);
        const TaskStatus status = m_store->statusAt(task, now);
        const QDateTime created = m_store->utcAt(task.submitMs);
        if (!statusFilter.isEmpty() && statusName(status) != statusFilter)
            continue;
        if (!modelFilter.isEmpty() && task.model != modelFilter)
            continue;
        if ((from.isValid() && created < from) || (to.isValid() && created > to))
            continue;
        QString uniqueKey = task.endpoint;
        uniqueKey.remove(QStringLiteral("services/")).replace(u'/', u':');
        QJsonObject entry { { QLatin1String("api_key_id"), task.apiKeyId },
                            { QLatin1String("caller_parent_id"),
                              QStringLiteral("5551234567890123") },
                            { QLatin1String("caller_uid"), QStringLiteral("5551234567890123") },
                            { QLatin1String("gmt_create"), created.toMSecsSinceEpoch() },
                            { QLatin1String("model_name"), task.model },
                            { QLatin1String("region"), regionCode(task.region) },
                            { QLatin1String("request_id"), task.createRequestId },
                            { QLatin1String("status"), statusName(status) },
                            { QLatin1String("task_id"), task.id },
                            { QLatin1String("user_api_unique_key"),
                              QStringLiteral("apikey:v1:%1:%2").arg(uniqueKey, task.model) } };
        if (now >= task.scheduledMs && (task.canceledMs < 0 || task.canceledMs >= task.scheduledMs))
            entry.insert(QLatin1String("start_time"),
                         m_store->utcAt(task.scheduledMs).toMSecsSinceEpoch());
        if (isFinal(status))
            entry.insert(QLatin1String("end_time"),
                         m_store->utcAt(task.terminalMs()).toMSecsSinceEpoch());
        matching.append(entry);
    }

    const int total = int(matching.size());
    QJsonArray page;
    for (int i = (pageNo - 1) * pageSize; i < std::min(total, pageNo * pageSize) && i >= 0; ++i)
        page.append(matching.at(i));
    return SimulatorReply::json(
            200,
            { { QLatin1String("total"), total },
              { QLatin1String("data"), page },
              { QLatin1String("total_page"), (total + pageSize - 1) / pageSize },
              { QLatin1String("page_no"), pageNo },
              { QLatin1String("page_size"), pageSize },
              { QLatin1String("request_id"), newId() } });
}
