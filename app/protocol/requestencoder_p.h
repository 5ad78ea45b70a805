#pragma once

#include "protocol/requestencoder.h"

// The encoders behind RequestEncoder::createBody(), one per EndpointProtocol, each in its own
// file: <protocol>encoder.cpp. Private to the protocol layer.
namespace RequestEncoders {

CreateBody imageSynthesis(const GenerationRequest &request, const ModelInfo &model);
CreateBody imageGeneration(const GenerationRequest &request, const ModelInfo &model);
CreateBody videoSynthesis(const GenerationRequest &request, const ModelInfo &model);
CreateBody image2Video(const GenerationRequest &request, const ModelInfo &model);
CreateBody image2Image(const GenerationRequest &request, const ModelInfo &model);

// Shared pieces.
// parameters.size, n, seed, prompt_extend and watermark, each only when the model takes it.
QJsonObject imageParameters(const GenerationRequest &request, const ModelInfo &model);
// Video: input.prompt (when given; optional for image-to-video) and negative_prompt.
QJsonObject videoPrompts(const GenerationRequest &request, const ModelInfo &model);
// Video: size or resolution (and ratio), duration, audio, shot_type, seed, prompt_extend and
// watermark, each only when the model takes it; never "n" (one video per task).
QJsonObject videoParameters(const GenerationRequest &request, const ModelInfo &model);
// An error when an input has no wire value yet (the engine prepares inputs before encoding);
// a valid, empty body otherwise.
CreateBody unpreparedInput(const GenerationRequest &request, const ModelInfo &model);
// {"model", "input", "parameters"}, the shape of every create body.
CreateBody body(const GenerationRequest &request, const ModelInfo &model, const QJsonObject &input,
                const QJsonObject &parameters);
// parameters.seed, prompt_extend and watermark, each only when the model takes it.
void addSeedAndFlags(const GenerationRequest &request, const ModelInfo &model,
                     QJsonObject *parameters);
// What a protocol this version cannot encode yet answers.
CreateBody unsupported(const ModelInfo &model);

} // namespace RequestEncoders
