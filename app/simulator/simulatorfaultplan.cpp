#include "simulator/simulatorfaultplan.h"

#include <algorithm>

namespace {

struct FaultInfo
{
    SimulatorServer::Fault fault;
    const char *name;
    const char *description;
    bool perTask;
};

using F = SimulatorServer::Fault;

const FaultInfo Faults[] = {
    { F::ThrottleCreate, "throttle-create", "the first N creates answer 429 Throttling.RateQuota",
      false },
    { F::ServerErrorOnCreate, "server-error-on-create",
      "the first N creates make a task but answer 500 InternalError", false },
    { F::ServerErrorOnPoll, "server-error-on-poll",
      "the first N polls of each task answer 500, then 503", false },
    { F::GatewayHtmlOnPoll, "gateway-html-on-poll",
      "the first N polls of each task answer 502 with an HTML gateway page", false },
    { F::MalformedJsonOnPoll, "malformed-json-on-poll",
      "the first N polls of each task answer 200 with cut-off JSON", false },
    { F::ThrottlePoll, "throttle-poll", "the first N polls of each task answer 429 Throttling",
      false },
    { F::ResetOnPoll, "reset-on-poll",
      "the first N polls of each task lose the connection mid-answer", false },
    { F::UnusualStatus, "unusual-status",
      "the first N polls of each running task say SUSPENDED or an unknown status", false },
    { F::ImageContentPolicy, "image-content-policy",
      "the last image of each task fails DataInspectionFailed (n = 1: the task fails)", false },
    { F::FailTask, "fail-task", "every task ends FAILED with InternalError.Algo", false },
    { F::ExpiredTask, "expired-task", "polls answer UNKNOWN, as for tasks older than 24 h", false },
    { F::TruncatedDownload, "truncated-download",
      "the first N downloads of each image stop halfway and close the connection", false },
    { F::ExpiredDownload, "expired-download",
      "downloads answer 403 AccessDenied: the URL has expired", false },
    { F::SlowResponses, "slow-responses", "every answer is delayed (3 s unless set)", false },
    { F::RateLimits, "rate-limits",
      "enforce the catalog's submit rate per model and 20 polls per second (429)", false },
    { F::EndlessPollAnswer, "endless-poll-answer",
      "every poll of a task answers 200 with chunked JSON that never ends (gigabytes)", true },
    { F::DeepJsonOnPoll, "deep-json-on-poll",
      "every poll of a task answers 200 with JSON nested 100,000 arrays deep", true },
    { F::HtmlOnPoll, "html-on-poll",
      "every poll of a task answers 200 with an HTML page where JSON belongs", true },
    { F::DripFeed, "drip-feed", "every answer is sent one byte at a time (1 s apart unless set)",
      false },
    { F::RedirectToFile, "redirect-to-file", "result URLs redirect to file:///etc/passwd", true },
    { F::RedirectToOtherHost, "redirect-to-other-host",
      "result URLs redirect to plain http on another host (127.0.0.2)", true },
    { F::HtmlResult, "html-result", "result URLs answer 200 with an HTML page, not an image",
      true },
    { F::PngTextBomb, "png-text-bomb", "results are PNGs whose zTXt text chunk inflates to 2 GiB",
      true },
    { F::HugePng, "huge-png", "results are PNGs declaring 30000x30000 pixels", true },
    { F::TruncatedPng, "truncated-png",
      "results are PNGs cut short, sent with a Content-Length that matches the cut", true },
    { F::TooManyResults, "too-many-results", "succeeded tasks list 2,000 results whatever n was",
      true },
    { F::UnsafeTaskId, "unsafe-task-id", "creates answer a task id holding '..' and '/'", true },
};

const FaultInfo *infoOf(SimulatorServer::Fault fault)
{
    for (const FaultInfo &info : Faults) {
        if (info.fault == fault)
            return &info;
    }
    return nullptr;
}

} // namespace

QStringList SimulatorFaultPlan::names()
{
    QStringList names;
    for (const FaultInfo &info : Faults)
        names << QString::fromLatin1(info.name);
    return names;
}

QString SimulatorFaultPlan::name(Fault fault)
{
    const FaultInfo *info = infoOf(fault);
    return info ? QString::fromLatin1(info->name) : QString();
}

QString SimulatorFaultPlan::description(Fault fault)
{
    const FaultInfo *info = infoOf(fault);
    return info ? QString::fromLatin1(info->description) : QString();
}

std::optional<SimulatorFaultPlan::Fault> SimulatorFaultPlan::fromName(const QString &name)
{
    // "server-error-on-poll", "server_error_on_poll" and "ServerErrorOnPoll" all match.
    const auto normalized
            = [](QString text) { return text.remove(u'-').remove(u'_').trimmed().toLower(); };
    const QString wanted = normalized(name);
    for (const FaultInfo &info : Faults) {
        if (normalized(QString::fromLatin1(info.name)) == wanted)
            return info.fault;
    }
    return std::nullopt;
}

bool SimulatorFaultPlan::isPerTask(Fault fault)
{
    const FaultInfo *info = infoOf(fault);
    return info && info->perTask;
}

void SimulatorFaultPlan::set(const QSet<Fault> &faults)
{
    m_faults = faults;
    m_throttledCreates = 0;
    m_failedCreates = 0;
    m_pollFaultsFired.clear();
    m_truncations.clear();
}

void SimulatorFaultPlan::add(Fault fault)
{
    QSet<Fault> faults = m_faults;
    faults.insert(fault);
    set(faults);
}

QSet<SimulatorFaultPlan::Fault> SimulatorFaultPlan::perTaskFaults() const
{
    QSet<Fault> result;
    for (Fault fault : m_faults) {
        if (isPerTask(fault))
            result.insert(fault);
    }
    return result;
}

void SimulatorFaultPlan::setSlowDelay(std::chrono::milliseconds delay)
{
    m_slowDelay = std::max(delay, std::chrono::milliseconds(0));
}

void SimulatorFaultPlan::setDripInterval(std::chrono::milliseconds interval)
{
    m_dripInterval = std::max(interval, std::chrono::milliseconds(1));
}

bool SimulatorFaultPlan::takeCreateThrottle()
{
    if (!has(Fault::ThrottleCreate) || m_throttledCreates >= m_repeat)
        return false;
    ++m_throttledCreates;
    return true;
}

bool SimulatorFaultPlan::takeCreateError()
{
    if (!has(Fault::ServerErrorOnCreate) || m_failedCreates >= m_repeat)
        return false;
    ++m_failedCreates;
    return true;
}

bool SimulatorFaultPlan::takeTruncation(const QString &taskKey, int index)
{
    if (!has(Fault::TruncatedDownload))
        return false;
    int &truncations = m_truncations[taskKey + u'/' + QString::number(index)];
    if (truncations >= m_repeat)
        return false;
    ++truncations;
    return true;
}

std::optional<SimulatorFaultPlan::PollFault>
SimulatorFaultPlan::takePollFault(const QString &taskId, bool unfinished)
{
    QList<Fault> active;
    for (Fault fault : { Fault::ThrottlePoll, Fault::ServerErrorOnPoll, Fault::GatewayHtmlOnPoll,
                         Fault::MalformedJsonOnPoll, Fault::ResetOnPoll, Fault::UnusualStatus }) {
        if (!has(fault))
            continue;
        if (fault == Fault::UnusualStatus && !unfinished)
            continue;
        active.append(fault);
    }
    if (active.isEmpty())
        return std::nullopt;
    int &fired = m_pollFaultsFired[taskId];
    if (fired >= m_repeat * int(active.size()))
        return std::nullopt;
    const PollFault fault { active.at(fired % int(active.size())), fired / int(active.size()) };
    ++fired;
    return fault;
}
