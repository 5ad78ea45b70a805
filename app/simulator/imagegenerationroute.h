#pragma once

#include "simulator/simulatorroute.h"

// POST {base}/services/aigc/image-generation/generation (wan2.6): the prompt is the one text item
// of the one user message in input.messages, the negative prompt parameters.negative_prompt; a
// succeeded task lists output.choices[].message.content[].image, with no results[] and no
// task_metrics.
class ImageGenerationRoute final : public SimulatorRoute
{
public:
    QString protocol() const override { return QStringLiteral("image-generation"); }
    std::optional<SimulatorReply> readPrompts(const ModelInfo &model, const QJsonObject &input,
                                              const QJsonObject &parameters, QJsonValue *prompt,
                                              QJsonValue *negative) const override;
    bool reportsActualPrompt() const override { return false; }
    void writeSucceeded(const SimulatedTask &task, QJsonObject *output,
                        QJsonObject *usage) const override;
};
