#include "protocol/requestencoder.h"

#include "protocol/requestencoder_p.h"

#include <QCoreApplication>

CreateBody RequestEncoder::createBody(const GenerationRequest &request, const ModelInfo &model)
{
    switch (model.protocol) {
    case EndpointProtocol::ImageSynthesis:
        return RequestEncoders::imageSynthesis(request, model);
    case EndpointProtocol::ImageGeneration:
        return RequestEncoders::imageGeneration(request, model);
    case EndpointProtocol::VideoSynthesis:
        return RequestEncoders::videoSynthesis(request, model);
    case EndpointProtocol::Image2Video:
        return RequestEncoders::image2Video(request, model);
    case EndpointProtocol::Image2Image:
        return RequestEncoders::image2Image(request, model);
    }
    return RequestEncoders::unsupported(model);
}

bool RequestEncoder::needsOssResolve(const GenerationRequest &request)
{
    for (const RequestInput &input : request.inputs) {
        if (input.url.startsWith(QLatin1String("oss://"), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QJsonObject RequestEncoders::imageParameters(const GenerationRequest &request,
                                             const ModelInfo &model)
{
    const ParameterRules &rules = model.rules;
    const QSize size = request.size.isValid() ? request.size : rules.defaultSize;
    QJsonObject parameters;
    if (size.isValid())
        parameters.insert(QLatin1String("size"), GenerationRequest::sizeToString(size));
    // Always explicit: the service's default is 4 images, and it bills for each.
    parameters.insert(QLatin1String("n"), request.count);
    addSeedAndFlags(request, model, &parameters);
    return parameters;
}

void RequestEncoders::addSeedAndFlags(const GenerationRequest &request, const ModelInfo &model,
                                      QJsonObject *parameters)
{
    const ParameterRules &rules = model.rules;
    if (request.seed && rules.supportsSeed)
        parameters->insert(QLatin1String("seed"), *request.seed);
    if (rules.supportsPromptExtend)
        parameters->insert(QLatin1String("prompt_extend"), request.promptExtend);
    if (rules.supportsWatermark)
        parameters->insert(QLatin1String("watermark"), request.watermark);
}

QJsonObject RequestEncoders::videoPrompts(const GenerationRequest &request, const ModelInfo &model)
{
    QJsonObject input;
    if (!request.prompt.isEmpty())
        input.insert(QLatin1String("prompt"), request.prompt);
    if (!request.negativePrompt.isEmpty() && model.rules.supportsNegativePrompt())
        input.insert(QLatin1String("negative_prompt"), request.negativePrompt);
    return input;
}

QJsonObject RequestEncoders::videoParameters(const GenerationRequest &request,
                                             const ModelInfo &model)
{
    const ParameterRules &rules = model.rules;
    QJsonObject parameters;
    // Text-to-video up to 2.6 takes a concrete W*H; the rest a tier (the image sets the ratio).
    if (!rules.size.isUnconstrained()) {
        const QSize size = request.size.isValid() ? request.size : rules.defaultSize;
        if (size.isValid())
            parameters.insert(QLatin1String("size"), GenerationRequest::sizeToString(size));
    }
    const VideoParameters &video = request.video;
    if (!rules.resolutions.isEmpty() && !video.resolution.isEmpty())
        parameters.insert(QLatin1String("resolution"), video.resolution);
    if (!rules.ratios.isEmpty() && !video.ratio.isEmpty())
        parameters.insert(QLatin1String("ratio"), video.ratio);
    if (!rules.durations.isEmpty() && video.durationSeconds > 0)
        parameters.insert(QLatin1String("duration"), video.durationSeconds);
    if (rules.supportsAudio)
        parameters.insert(QLatin1String("audio"), video.audio);
    // The service reads shot_type only with prompt_extend.
    if (rules.supportsShotType && !video.shotType.isEmpty() && request.promptExtend)
        parameters.insert(QLatin1String("shot_type"), video.shotType);
    addSeedAndFlags(request, model, &parameters);
    return parameters;
}

CreateBody RequestEncoders::unpreparedInput(const GenerationRequest &request,
                                            const ModelInfo &model)
{
    CreateBody result;
    for (const RequestInput &in : request.inputs) {
        if (!in.url.isEmpty())
            continue;
        result.error = ApiError::make(
                ApiError::Kind::InvalidParameter,
                QCoreApplication::translate("RequestEncoder",
                                            "The %1 input of this %2 request was not prepared "
                                            "for sending (no URL). Send it again.")
                        .arg(inputRoleId(in.role), model.name));
        break;
    }
    return result;
}

CreateBody RequestEncoders::body(const GenerationRequest &request, const ModelInfo &model,
                                 const QJsonObject &input, const QJsonObject &parameters)
{
    CreateBody result;
    result.json = QJsonObject { { QLatin1String("model"),
                                  model.isValid() ? model.name : request.model },
                                { QLatin1String("input"), input },
                                { QLatin1String("parameters"), parameters } };
    return result;
}

CreateBody RequestEncoders::unsupported(const ModelInfo &model)
{
    CreateBody result;
    result.error = ApiError::make(
            ApiError::Kind::InvalidParameter,
            QCoreApplication::translate("RequestEncoder",
                                        "This version of DashScope Studio cannot send requests "
                                        "for %1 yet (its endpoint protocol is “%2”). Choose an "
                                        "image model, or update DashScope Studio.")
                    .arg(model.name, endpointProtocolId(model.protocol)));
    return result;
}
