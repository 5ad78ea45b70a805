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
        std::chrono::milliseconds elapsed{0}; // since the create answered
        int polls = 0;                        // successful polls so far
        int consecutiveFailures = 0;          // transient failures in a row (network, 408, 429, 5xx)
        double jitter = 0.5;                  // uniform in [0, 1), supplied by the caller
    };

    virtual ~PollPolicy() = default;
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
