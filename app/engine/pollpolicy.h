#pragma once

#include <chrono>
#include <memory>

// Decides how long to wait before the next GET /tasks/{id}. Pure: no clock, no randomness of its
// own (jitter comes in as a number), so it is unit-tested by value.
class PollPolicy
{
public:
    struct Input
    {
        std::chrono::milliseconds elapsed { 0 }; // since the create answered
        int polls = 0; // successful polls so far
        int consecutiveFailures = 0; // transient failures in a row (network, 408, 429, 5xx)
        double jitter = 0.5; // uniform in [0, 1), supplied by the caller
        // The task's kind (PollHint, modelcatalog.h): no poll before `firstPoll`, then at most
        // one every `cadence`. Zero: the SDK's image schedule alone. Videos take minutes.
        std::chrono::milliseconds firstPoll { 0 };
        std::chrono::milliseconds cadence { 0 };
    };

    virtual ~PollPolicy() = default;
    // With consecutiveFailures > 0 this is a backoff delay; the task service also uses it for a
    // create rejected with 429 Throttling (polls 0), so a scaled policy speeds that up as well.
    virtual std::chrono::milliseconds nextDelay(const Input &input) const = 0;
};

// The default: the official SDK's 1, 1, 2, 2, 2, 4, 4, 4, 5 s… schedule for successful polls, and
// capped exponential backoff with jitter after transient failures.
class DefaultPollPolicy final : public PollPolicy
{
public:
    std::chrono::milliseconds nextDelay(const Input &input) const override;
};

// Scales another policy's delays: the simulator and tests run the same schedule faster.
class ScaledPollPolicy final : public PollPolicy
{
public:
    ScaledPollPolicy(std::unique_ptr<PollPolicy> inner, double factor);
    std::chrono::milliseconds nextDelay(const Input &input) const override;

private:
    std::unique_ptr<PollPolicy> m_inner;
    double m_factor;
};

// A token bucket: on average `ratePerSecond` requests, at most `burst` at once. Pure like the
// policy: the caller passes a monotonic time. Any one-second window then holds at most
// burst + ratePerSecond requests, which is how the task service stays under the account-wide
// 20 requests/s of GET /tasks, and spaces creates by a model's submit RPS (burst 1).
class RequestBudget final
{
public:
    explicit RequestBudget(double ratePerSecond = 10, double burst = 5);

    // Takes one token at `now` and returns 0, or takes nothing and returns how long until a token
    // is available. `now` must not go backwards.
    std::chrono::milliseconds tryAcquire(std::chrono::milliseconds now);
    double ratePerSecond() const { return m_rate; }
    double burst() const { return m_burst; }

private:
    void refill(std::chrono::milliseconds now);

    double m_rate;
    double m_burst;
    double m_tokens;
    std::chrono::milliseconds m_last { 0 };
    bool m_started = false;
};
