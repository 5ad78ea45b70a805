// text2image/image-synthesis (wan2.5 and older, qwen-image, wanx-v1): input.prompt and
// input.negative_prompt (protocol doc §3.2).
#include "protocol/requestencoder_p.h"

CreateBody RequestEncoders::imageSynthesis(const GenerationRequest &request, const ModelInfo &model)
{
    QJsonObject input { { QLatin1String("prompt"), request.prompt } };
    if (!request.negativePrompt.isEmpty())
        input.insert(QLatin1String("negative_prompt"), request.negativePrompt);
    return body(request, model, input, imageParameters(request, model));
}
