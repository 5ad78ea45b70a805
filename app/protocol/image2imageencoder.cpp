// image2image/image-synthesis (dashscope-video-and-editing.md §2). wan2.5-i2i: input.images[]
// and the prompt say what to make; wanx2.1-imageedit: input.function on one base_image_url (and
// a mask_image_url for inpainting), with that function's own parameters only.
#include "protocol/requestencoder_p.h"

#include <QJsonArray>

namespace {

// wan2.5-i2i-preview: parameters.size only when asked for (without it the service keeps the
// last input's aspect ratio), n always (the service's default is 4, billed).
CreateBody multiImage(const GenerationRequest &request, const ModelInfo &model)
{
    const ParameterRules &rules = model.rules;
    QJsonObject input { { QLatin1String("prompt"), request.prompt } };
    if (!request.negativePrompt.isEmpty() && rules.supportsNegativePrompt())
        input.insert(QLatin1String("negative_prompt"), request.negativePrompt);
    QJsonArray images;
    for (const RequestInput &in : request.inputs) {
        if (in.role == InputRole::Image)
            images.append(in.url);
    }
    input.insert(QLatin1String("images"), images);

    QJsonObject parameters;
    if (request.size.isValid())
        parameters.insert(QLatin1String("size"), GenerationRequest::sizeToString(request.size));
    parameters.insert(QLatin1String("n"), request.count);
    RequestEncoders::addSeedAndFlags(request, model, &parameters);
    return RequestEncoders::body(request, model, input, parameters);
}

// wanx2.1-imageedit: never a size, a negative prompt or prompt_extend (it takes none).
CreateBody byFunction(const GenerationRequest &request, const ModelInfo &model)
{
    const EditParameters &edit = request.edit;
    QJsonObject input { { QLatin1String("function"), edit.function },
                        { QLatin1String("prompt"), request.prompt } };
    for (const RequestInput &in : request.inputs) {
        if (in.role == InputRole::Image)
            input.insert(QLatin1String("base_image_url"), in.url);
        else if (in.role == InputRole::Mask && edit.needsMask())
            input.insert(QLatin1String("mask_image_url"), in.url);
    }

    QJsonObject parameters { { QLatin1String("n"), request.count } };
    if (request.seed && model.rules.supportsSeed)
        parameters.insert(QLatin1String("seed"), *request.seed);
    if (model.rules.supportsWatermark)
        parameters.insert(QLatin1String("watermark"), request.watermark);
    if (edit.takesStrength() && edit.strength)
        parameters.insert(QLatin1String("strength"), *edit.strength);
    if (edit.takesScales()) {
        parameters.insert(QLatin1String("top_scale"), edit.topScale);
        parameters.insert(QLatin1String("bottom_scale"), edit.bottomScale);
        parameters.insert(QLatin1String("left_scale"), edit.leftScale);
        parameters.insert(QLatin1String("right_scale"), edit.rightScale);
    }
    if (edit.takesUpscaleFactor())
        parameters.insert(QLatin1String("upscale_factor"), edit.upscaleFactor);
    if (edit.takesSketch())
        parameters.insert(QLatin1String("is_sketch"), edit.isSketch);
    return RequestEncoders::body(request, model, input, parameters);
}

} // namespace

CreateBody RequestEncoders::image2Image(const GenerationRequest &request, const ModelInfo &model)
{
    if (const CreateBody unprepared = unpreparedInput(request, model); !unprepared.isValid())
        return unprepared;
    return model.rules.functions.isEmpty() ? multiImage(request, model)
                                           : byFunction(request, model);
}
