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
// {"model", "input", "parameters"}, the shape of every create body.
CreateBody body(const GenerationRequest &request, const ModelInfo &model, const QJsonObject &input,
                const QJsonObject &parameters);
// What a protocol this version cannot encode yet answers.
CreateBody unsupported(const ModelInfo &model);

} // namespace RequestEncoders
