#pragma once

#include "domain/mediakind.h"
#include "simulator/simulatorhttp.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QSize>
#include <QString>
#include <optional>

struct GenerationRequest;
struct InputRule;
struct ModelInfo;
struct SimulatedTask;

// One endpoint protocol of the simulator: how its create body carries the prompt, and how a
// succeeded task's results are shaped in a poll answer. What every create shares (key, async
// header, model, size, n, seed, flags) is checked by the server before a route is asked.
// A new endpoint (video-synthesis, image2video, image2image) is a new route in a new file,
// listed in SimulatorRoute::forProtocol().
class SimulatorRoute
{
public:
    virtual ~SimulatorRoute() = default;

    // The catalog's ModelInfo::protocol this route speaks.
    virtual QString protocol() const = 0;
    // Finds the prompt and negative prompt in the create body; an error answer when the body
    // does not have this protocol's shape. By default input.prompt and input.negative_prompt.
    virtual std::optional<SimulatorReply>
    readPrompts(const ModelInfo &model, const QJsonObject &input, const QJsonObject &parameters,
                QJsonValue *prompt, QJsonValue *negative) const;
    // Whether a create without a prompt is refused (image-to-video's prompt is optional).
    virtual bool requiresPrompt(const ModelInfo &model) const
    {
        Q_UNUSED(model)
        return true;
    }
    // Video and editing routes: the inputs (with their URLs as sent) and video or edit
    // parameters into *request, or an error answer for a body of the wrong shape. The server
    // validates what was read.
    virtual std::optional<SimulatorReply> readVideo(const ModelInfo &model,
                                                    const QJsonObject &input,
                                                    const QJsonObject &parameters,
                                                    GenerationRequest *request) const
    {
        Q_UNUSED(model)
        Q_UNUSED(input)
        Q_UNUSED(parameters)
        Q_UNUSED(request)
        return std::nullopt;
    }
    // Whether prompt_extend gives an actual_prompt in the results.
    virtual bool reportsActualPrompt() const = 0;
    // The output fields (and usage) of a SUCCEEDED poll answer.
    virtual void writeSucceeded(const SimulatedTask &task, QJsonObject *output,
                                QJsonObject *usage) const = 0;

    // The route for a catalog protocol; nullptr when the simulator does not speak it.
    static const SimulatorRoute *forProtocol(const QString &protocol);

    // What the routes that take input files share.
    // 400 InvalidParameter with `message`, as the service answers a body it refuses.
    static SimulatorReply invalid(const QString &message);
    // The refusal of an input image whose sides `rule` does not allow; `name` is how the
    // service's message names it.
    static std::optional<SimulatorReply> checkSides(const InputRule &rule, QSize size,
                                                    const QString &name);
    // An input of `role` sent as `url`, appended to *request.
    static void addInput(InputRole role, const QString &url, GenerationRequest *request);
    // input.<name> as a URL into *request; an error answer when it is not one, or when it is
    // missing and `required`.
    static std::optional<SimulatorReply> readUrl(const QJsonObject &input, const char *name,
                                                 InputRole role, bool required,
                                                 GenerationRequest *request);
};
