#include "engine/pollpolicy.h"

#include <QtGlobal>
#include <algorithm>
#include <cmath>
#include <iterator>

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

} // namespace

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
