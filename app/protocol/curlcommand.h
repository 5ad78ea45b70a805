#pragma once

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "domain/region.h"
#include "domain/taskrecord.h"

#include <QString>

// "Copy as cURL": the requests the program sends, written the way the official guide writes them,
// for a POSIX shell (sh, bash, zsh). The key is never part of them: the Authorization header reads
// "Bearer $DASHSCOPE_API_KEY" (double-quoted, so the shell fills it in), whatever key the program
// holds. Every other argument is single-quoted where needed, so prompts with quotes, dollar signs,
// backslashes or Chinese text reach the service unchanged.

// A local input file that went as a data: URI (it has no URL of its own) is read by the command
// when it runs: the JSON string is "data:image/…;base64,$(base64 < FILE | tr -d '\n')", so the
// command works while the file is where it was, and says which file it needs.
//
// The create request of `task`, exactly as it was sent: POST {base}/{model.path} with the
// X-DashScope-Async (and, for oss:// inputs, X-DashScope-OssResourceResolve), Authorization and
// Content-Type headers and the body RequestEncoder::createBody gives (indented for reading; the
// same JSON value). Empty when the task has no request (a task followed by id, created
// elsewhere), `model` is not the task's model, or its protocol cannot be encoded yet.
QString curlCommand(const TaskRecord &task, const ModelInfo &model);
// The same from the parts; `request` should be resolved (concrete size and seed) to be repeatable.
QString curlCreateCommand(const Endpoint &endpoint, const ModelInfo &model,
                          const GenerationRequest &request);

// GET {base}/tasks/{taskId}: the poll of a task, as the guide writes it. Empty without a task id.
QString curlPollCommand(const Endpoint &endpoint, const QString &taskId);
QString curlPollCommand(const TaskRecord &task);

// `text` as one word for a POSIX shell: unchanged when it holds only characters no shell treats
// specially, otherwise in single quotes, each ' written as '\''. The empty string gives ''.
QString shellQuote(const QString &text);
