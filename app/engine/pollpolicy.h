#pragma once

#include <QList>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

// A poll schedule learnt from how long earlier tasks of the same model, size (or resolution) and
// count took. Pure and immutable: built once per history (TaskService caches it per key) and
// shared by the tasks of that key.
//
// The schedule minimises the expected delay from completion to the poll that sees it plus
// `pollCost` for every poll sent, over a smoothed density of the durations (a Gaussian kernel on
// their logarithms), by dynamic programming on a time grid: for every moment the task was last
// seen unfinished, the best moment for the next poll. Two tables: one over the time since
// submit_time (queue and generation), one over the time since scheduled_time (generation only,
// which varies much less), used once the service has said when the task started running.
class PollPlan
{
public:
    static constexpr int MinSamples = 5; // fewer: no plan, the default schedule

    struct Options
    {
        std::chrono::milliseconds cap { 5000 }; // never a longer gap between two polls
        std::chrono::milliseconds minGap { 300 }; // never a shorter one (a poll's round trip)
        // What one poll is worth, as a fraction of the median duration: a poll is sent when it
        // saves at least this much expected delay. Relative, so minutes-long videos are polled
        // as sparingly (in count) as seconds-long images.
        double pollCost = 0.0075;
        // A task seen later than this (a fraction of the median duration) counts as this late:
        // polls go where they catch most tasks quickly, not after the rare slow ones (whose
        // gaps the cap still bounds). 0: every millisecond counts.
        double lateAfter = 0.1;
    };

    // Durations in ms: from submit_time to end_time of earlier tasks (`totals`), and from
    // scheduled_time to end_time where known (`runs`). Null with fewer than MinSamples totals.
    static std::shared_ptr<const PollPlan> fromSamples(QList<qint64> totals, QList<qint64> runs,
                                                       const Options &options);
    static std::shared_ptr<const PollPlan> fromSamples(QList<qint64> totals, QList<qint64> runs);

    // When to poll next, as a time since submit (or since scheduled), after a poll at `at` found
    // the task unfinished. nullopt: later than every earlier task, or no table.
    std::optional<std::chrono::milliseconds> nextSinceSubmit(std::chrono::milliseconds at) const;
    std::optional<std::chrono::milliseconds> nextSinceScheduled(std::chrono::milliseconds at) const;

    std::chrono::milliseconds cap() const { return m_options.cap; }
    std::chrono::milliseconds minGap() const { return m_options.minGap; }
    int sampleCount() const { return m_sampleCount; }

private:
    struct Table
    {
        qint64 stepMs = 0; // grid spacing
        std::vector<int> next; // grid index of the next poll after one at each grid index
        bool isEmpty() const { return next.empty(); }
        std::optional<std::chrono::milliseconds> after(std::chrono::milliseconds at) const;
    };
    static Table plan(QList<qint64> samples, const Options &options);

    Options m_options;
    Table m_total;
    Table m_run;
    int m_sampleCount = 0;
};

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
        // Learnt from earlier tasks of this model, size and count (null: no history yet, the
        // schedule above exactly as without it).
        std::shared_ptr<const PollPlan> plan;
        // The task's age on the service's clock: now minus submit_time, with the service's clock
        // offset taken out. nullopt: `elapsed` (the create answered just after submit_time).
        std::optional<std::chrono::milliseconds> sinceSubmit;
        // Now minus scheduled_time (service clock, offset taken out), once an answer had it.
        std::optional<std::chrono::milliseconds> sinceScheduled;
    };

    virtual ~PollPolicy() = default;
    // With consecutiveFailures > 0 this is a backoff delay; the task service also uses it for a
    // create rejected with 429 Throttling (polls 0), so a scaled policy speeds that up as well.
    virtual std::chrono::milliseconds nextDelay(const Input &input) const = 0;
};

// The default: the official SDK's 1, 1, 2, 2, 2, 4, 4, 4, 5 s… schedule for successful polls, and
// capped exponential backoff with jitter after transient failures. With a plan (a history), the
// plan's schedule, never a gap longer than its cap; past every earlier task, the steady delay.
class DefaultPollPolicy final : public PollPolicy
{
public:
    std::chrono::milliseconds nextDelay(const Input &input) const override;
};

// Scales another policy's delays: the simulator and tests run the same schedule faster. A learnt
// plan is not scaled: it was learnt from durations as they are.
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
