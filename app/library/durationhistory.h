#pragma once

#include "domain/generationrequest.h"
#include "domain/taskrecord.h"
#include "library/sqlsupport.h"

#include <QList>
#include <QSize>
#include <QString>
#include <optional>

// How long earlier tasks took, per model, size (or a video's resolution and length) and count:
// what the poll schedule is learnt from (PollPlan). Read from the library, so it survives
// restarts and is shared by the window and the command line.
struct DurationKey
{
    QString model;
    QSize size; // as recorded (resolved); invalid for a video asked for by resolution
    int count = 1;
    QString resolution; // videos: "720P", …; empty otherwise
    int durationSeconds = 0; // videos: the length asked for; 0 otherwise

    static DurationKey of(const GenerationRequest &request);
    bool isValid() const { return !model.isEmpty(); }
    QString id() const; // one text per key, for caches: "wan2.5-t2i-preview|1280*1280|1||0"
};

// Durations of succeeded tasks of one key, in ms, newest first.
struct DurationSamples
{
    QList<qint64> totals; // submit_time to end_time: the queue and the generation
    QList<qint64> runs; // scheduled_time to end_time, where the task had both
};

namespace DurationHistory {

constexpr int DefaultLimit = 50; // the latest tasks of a key that count
// Only the latest tasks are looked at, newest first through the index on created_at: the read
// stays quick in any library, and the service's speed months ago says little about today's.
constexpr int Window = 2000;

// A succeeded task's own sample (its service times), for adding to a cached history.
// nullopt when the times are missing or make no sense.
std::optional<qint64> totalOf(const TaskRecord &task);
std::optional<qint64> runOf(const TaskRecord &task);

// The latest `limit` succeeded tasks of `key` among the library's latest Window tasks. A read
// that fails logs SQLite's error and answers no samples.
DurationSamples recent(const LibraryDb &db, const DurationKey &key, int limit = DefaultLimit);

} // namespace DurationHistory
