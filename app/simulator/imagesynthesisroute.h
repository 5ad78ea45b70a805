#pragma once

#include "simulator/simulatorroute.h"

// POST {base}/services/aigc/text2image/image-synthesis: input.prompt and input.negative_prompt;
// a succeeded task lists output.results[] (url, orig_prompt, actual_prompt, or code and message
// for an image that failed) with output.task_metrics and usage.image_count.
class ImageSynthesisRoute final : public SimulatorRoute
{
public:
    QString protocol() const override { return QStringLiteral("image-synthesis"); }
    bool reportsActualPrompt() const override { return true; }
    void writeSucceeded(const SimulatedTask &task, QJsonObject *output,
                        QJsonObject *usage) const override;
};
