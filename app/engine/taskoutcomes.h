#pragma once

#include "domain/apierror.h"
#include "domain/taskrecord.h"
#include "protocol/taskresponse.h"

#include <QtGlobal>

// What TaskService's answers mean for a task, and the sentences that tell a person: small pure
// helpers shared by its files (taskservice.cpp, taskpolling.cpp, taskrecovery.cpp). Their
// messages keep the "TaskService" translation context.
namespace TaskOutcomes {

// Tasks and their result URLs live 24 hours on the service.
constexpr qint64 ServiceRetentionMs = 24LL * 60 * 60 * 1000;
// A create rejected with 429 Throttling is retried this many times in all.
constexpr int MaxCreateAttempts = 6;
// Answers with HTTP 200 that are not the API's JSON, in a row, before the endpoint is taken to be
// the wrong one (a gateway glitch passes; a web page at a mistyped base URL does not).
constexpr int MaxNonApiAnswers = 3;

ApiError canceledError(const QString &message);
// What the person needs to know when a create failed in a way that may still have created it.
ApiError mayExistError(ApiError error, bool mayExist);
// A task whose outcome or images the library could not record: the images stay where they are
// (they are paid for), and the error says where, why, and how to record them later.
ApiError unrecordedError(const TaskRecord &task, const ApiError &libraryError,
                         const ApiError &original);
// The key cannot see the task: another key (of the task's region) may.
bool isKeyProblem(const ApiError &error);
// Poll answers worth trying again: the GET is idempotent.
bool isTransientPollError(const ApiError &error);
TaskState stateFor(TaskStatus status, TaskState current);
void upsertImage(TaskRecord &record, const OutputRecord &image);

} // namespace TaskOutcomes
