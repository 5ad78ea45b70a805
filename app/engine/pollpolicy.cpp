#include "engine/pollpolicy.h"

#include <QtGlobal>
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

using namespace std::chrono_literals;

namespace {

// Images usually take 10 s to 2 min: the SDK's schedule finds quick ones quickly and then polls
// every 5 s, so a result waits on average 2.5 s before we see it. Tasks that run for many minutes
// (a long queue, video later) are polled less often.
constexpr std::chrono::milliseconds SdkSchedule[] = { 1s, 1s, 2s, 2s, 2s, 4s, 4s, 4s, 5s };
constexpr std::chrono::milliseconds SteadyDelay = 5s;
constexpr std::chrono::milliseconds SlowAfter = 10min;
constexpr std::chrono::milliseconds SlowDelay = 10s;

// Backoff after transient failures: 2, 4, 8, 16, 30, 30… s, then jittered.
constexpr std::chrono::milliseconds BackoffBase = 1s;
constexpr std::chrono::milliseconds BackoffCap = 30s;

double clampedJitter(double jitter)
{
    if (!std::isfinite(jitter))
        return 0.5;
    return std::clamp(jitter, 0.0, 1.0);
}

std::chrono::milliseconds scaled(std::chrono::milliseconds delay, double factor)
{
    return std::chrono::milliseconds(qRound64(double(delay.count()) * factor));
}

// The plan's grid: at most this many cells up to 1.5 times the longest earlier task, and never
// finer than 50 ms.
constexpr int MaxCells = 400;
constexpr qint64 MinCellMs = 50;
constexpr double GridReach = 1.5;
// The kernel's width on log durations: Silverman's rule, but never sharper than ±4 %, so that a
// few identical samples do not make a schedule that only fits them.
constexpr double MinBandwidth = 0.04;

// Standard normal distribution function.
double normalCdf(double x)
{
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

double median(QList<qint64> sorted)
{
    std::sort(sorted.begin(), sorted.end());
    return sorted.isEmpty() ? 0.0 : double(sorted.at(sorted.size() / 2));
}

QList<qint64> positive(QList<qint64> samples)
{
    samples.removeIf([](qint64 ms) { return ms <= 0; });
    std::sort(samples.begin(), samples.end());
    return samples;
}

} // namespace

// --- PollPlan -------------------------------------------------------------------------------

std::shared_ptr<const PollPlan> PollPlan::fromSamples(QList<qint64> totals, QList<qint64> runs)
{
    return fromSamples(std::move(totals), std::move(runs), Options());
}

std::shared_ptr<const PollPlan> PollPlan::fromSamples(QList<qint64> totals, QList<qint64> runs,
                                                      const Options &options)
{
    totals = positive(std::move(totals));
    runs = positive(std::move(runs));
    if (totals.size() < MinSamples)
        return nullptr;
    auto result = std::shared_ptr<PollPlan>(new PollPlan());
    result->m_options = options;
    result->m_options.cap = std::max(options.cap, 1ms);
    result->m_options.minGap = std::clamp(options.minGap, 0ms, result->m_options.cap);
    result->m_sampleCount = int(totals.size());
    result->m_total = plan(totals, result->m_options);
    if (runs.size() >= MinSamples)
        result->m_run = plan(runs, result->m_options);
    return result;
}

PollPlan::Table PollPlan::plan(QList<qint64> samples, const Options &options)
{
    Table table;
    const qsizetype n = samples.size();
    const double reach = double(samples.last()) * GridReach;
    table.stepMs = std::max<qint64>(MinCellMs, qint64(std::ceil(reach / MaxCells)));
    const int cells = std::max(1, int(std::ceil(reach / double(table.stepMs))));

    // The kernel's width from the spread of the log durations.
    std::vector<double> logs;
    logs.reserve(size_t(n));
    double mean = 0;
    for (const qint64 ms : samples) {
        logs.push_back(std::log(double(ms)));
        mean += logs.back();
    }
    mean /= double(n);
    double variance = 0;
    for (const double x : logs)
        variance += (x - mean) * (x - mean);
    const double sigma = std::sqrt(variance / double(std::max<qsizetype>(1, n - 1)));
    const double bandwidth = std::max(MinBandwidth, 1.06 * sigma * std::pow(double(n), -0.2));

    // Cumulative mass at each grid time; cell k holds the tasks ending in (t(k-1), t(k)].
    std::vector<double> cdf(size_t(cells) + 1, 0.0);
    for (int k = 1; k <= cells; ++k) {
        const double logT = std::log(double(k) * double(table.stepMs));
        double sum = 0;
        for (const double x : logs)
            sum += normalCdf((logT - x) / bandwidth);
        cdf[size_t(k)] = sum / double(n);
    }
    // Prefix sums of mass and of mass × time (each cell's tasks taken at its middle).
    std::vector<double> mass(size_t(cells) + 1, 0.0), massTime(size_t(cells) + 1, 0.0);
    for (int k = 1; k <= cells; ++k) {
        const double p = cdf[size_t(k)] - cdf[size_t(k - 1)];
        const double t = (double(k) - 0.5) * double(table.stepMs);
        mass[size_t(k)] = mass[size_t(k - 1)] + p;
        massTime[size_t(k)] = massTime[size_t(k - 1)] + p * t;
    }

    // value[a]: the least expected cost from a poll at grid index a that found the task running
    // (unconditional masses, so the best next poll from a does not depend on normalising).
    const double pollCost = std::max(0.0, options.pollCost) * median(samples);
    const int minSteps = std::max(1, int(options.minGap.count() / table.stepMs));
    const int capSteps = std::max(minSteps, int(options.cap.count() / table.stepMs));
    const double worst = options.lateAfter > 0
            ? std::max(double(table.stepMs), options.lateAfter * median(samples))
            : std::numeric_limits<double>::infinity();
    const int worstSteps = int(std::min(double(cells + 1), worst / double(table.stepMs)));
    std::vector<double> value(size_t(cells) + 1, 0.0);
    table.next.assign(size_t(cells), cells);
    for (int a = cells - 1; a >= 0; --a) {
        const double survival = 1.0 - cdf[size_t(a)];
        const int last = std::min(cells, a + capSteps);
        double best = std::numeric_limits<double>::infinity();
        int bestNext = last;
        for (int b = std::min(a + minSteps, last); b <= last; ++b) {
            const double tb = double(b) * double(table.stepMs);
            // Tasks ending more than `worst` before the poll count as `worst` late.
            const int c = std::clamp(b - worstSteps, a, b);
            const double capped = c > a ? worst * (mass[size_t(c)] - mass[size_t(a)]) : 0.0;
            const double delay = capped + tb * (mass[size_t(b)] - mass[size_t(c)])
                    - (massTime[size_t(b)] - massTime[size_t(c)]);
            const double cost = delay + value[size_t(b)];
            if (cost < best) {
                best = cost;
                bestNext = b;
            }
        }
        value[size_t(a)] = best + pollCost * survival;
        table.next[size_t(a)] = bestNext;
    }
    return table;
}

std::optional<std::chrono::milliseconds> PollPlan::Table::after(std::chrono::milliseconds at) const
{
    if (isEmpty() || at < 0ms)
        return std::nullopt;
    const qint64 cell = at.count() / stepMs;
    if (cell >= qint64(next.size()))
        return std::nullopt;
    return std::chrono::milliseconds(qint64(next[size_t(cell)]) * stepMs);
}

std::optional<std::chrono::milliseconds>
PollPlan::nextSinceSubmit(std::chrono::milliseconds at) const
{
    return m_total.after(at);
}

std::optional<std::chrono::milliseconds>
PollPlan::nextSinceScheduled(std::chrono::milliseconds at) const
{
    return m_run.after(at);
}

// --- policies -------------------------------------------------------------------------------

std::chrono::milliseconds DefaultPollPolicy::nextDelay(const Input &input) const
{
    const double jitter = clampedJitter(input.jitter);
    if (input.consecutiveFailures > 0) {
        // Exponential, capped; "equal jitter" in [0.5, 1.5) × backoff keeps the order of
        // magnitude while spreading retries of many tasks apart. The cap holds after jitter.
        const int exponent = std::min(input.consecutiveFailures, 16);
        const auto backoff
                = std::min(BackoffCap, std::chrono::milliseconds(BackoffBase.count() << exponent));
        return std::min(BackoffCap, scaled(backoff, 0.5 + jitter));
    }

    if (input.plan) {
        // The learnt schedule: from the time the task started running when the service said
        // so, else from its submit time.
        const PollPlan &plan = *input.plan;
        std::optional<std::chrono::milliseconds> delay;
        if (input.sinceScheduled) {
            if (const auto next = plan.nextSinceScheduled(*input.sinceScheduled))
                delay = *next - *input.sinceScheduled;
        }
        if (!delay) {
            const auto age = input.sinceSubmit.value_or(input.elapsed);
            if (const auto next = plan.nextSinceSubmit(age))
                delay = *next - age;
        }
        // Slower than every earlier task: the longest gap allowed until it ends.
        const auto gap = std::clamp(delay.value_or(plan.cap()), plan.minGap(), plan.cap());
        // ±5 %: tasks of one key started together do not poll in lockstep.
        return std::min(plan.cap(), scaled(gap, 0.95 + 0.1 * jitter));
    }

    std::chrono::milliseconds delay = SteadyDelay;
    const int steps = int(std::size(SdkSchedule));
    if (input.polls >= 0 && input.polls < steps)
        delay = SdkSchedule[input.polls];
    if (input.elapsed >= SlowAfter)
        delay = SlowDelay;
    // A kind that takes minutes (video): the first poll when one could be done, then the kind's
    // cadence, never more often than the image schedule.
    if (input.polls <= 0 && input.firstPoll > 0ms)
        delay = std::max(delay, input.firstPoll);
    else if (input.cadence > 0ms)
        delay = std::max(delay, input.cadence);
    // ±10 % so that tasks created together do not poll in lockstep (jitter 0.5: exactly the
    // schedule).
    return scaled(delay, 0.9 + 0.2 * jitter);
}

ScaledPollPolicy::ScaledPollPolicy(std::unique_ptr<PollPolicy> inner, double factor)
    : m_inner(inner ? std::move(inner) : std::make_unique<DefaultPollPolicy>()),
      m_factor(std::isfinite(factor) && factor > 0 ? factor : 1.0)
{ }

std::chrono::milliseconds ScaledPollPolicy::nextDelay(const Input &input) const
{
    if (input.plan && input.consecutiveFailures <= 0)
        return m_inner->nextDelay(input);
    return scaled(m_inner->nextDelay(input), m_factor);
}

RequestBudget::RequestBudget(double ratePerSecond, double burst)
    : m_rate(ratePerSecond > 0 ? ratePerSecond : 1), m_burst(std::max(1.0, burst)),
      m_tokens(m_burst)
{ }

void RequestBudget::refill(std::chrono::milliseconds now)
{
    if (!m_started) {
        m_started = true;
        m_last = now;
        return;
    }
    if (now <= m_last)
        return;
    m_tokens = std::min(m_burst, m_tokens + double((now - m_last).count()) * m_rate / 1000.0);
    m_last = now;
}

std::chrono::milliseconds RequestBudget::tryAcquire(std::chrono::milliseconds now)
{
    refill(now);
    // The epsilon absorbs floating-point rounding of the refill.
    if (m_tokens >= 1.0 - 1e-9) {
        m_tokens = std::max(0.0, m_tokens - 1.0);
        return 0ms;
    }
    // Round up, so that waiting exactly this long always yields a token.
    const double missing = 1.0 - m_tokens;
    return std::chrono::milliseconds(
            std::max<qint64>(1, qint64(std::ceil(missing * 1000.0 / m_rate))));
}
