// image-generation/generation (wan2.6-t2i): one user message with exactly one text item; the
// negative prompt is a parameter here (protocol doc §3.6).
#include "protocol/requestencoder_p.h"

#include <QJsonArray>

CreateBody RequestEncoders::imageGeneration(const GenerationRequest &request,
                                            const ModelInfo &model)
{
    const QJsonObject text { { QLatin1String("text"), request.prompt } };
    const QJsonObject message { { QLatin1String("role"), QStringLiteral("user") },
                                { QLatin1String("content"), QJsonArray { text } } };
    const QJsonObject input { { QLatin1String("messages"), QJsonArray { message } } };
    QJsonObject parameters = imageParameters(request, model);
    if (!request.negativePrompt.isEmpty())
        parameters.insert(QLatin1String("negative_prompt"), request.negativePrompt);
    return body(request, model, input, parameters);
}
