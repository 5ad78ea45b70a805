// video-generation/video-synthesis (dashscope-video-and-editing.md §2): text-to-video (size),
// first-frame image-to-video (img_url + resolution) and every wan2.7 model (input.media). Only
// what the model takes is sent; not the SDK's input.function or input.extend_prompt.
#include "protocol/requestencoder_p.h"

#include <QJsonArray>

namespace {

// wan2.7 takes its frames and audio as input.media [{type, url}] instead of img_url/audio_url.
bool takesMediaList(const ModelInfo &model)
{
    return model.name.startsWith(QLatin1String("wan2.7"));
}

} // namespace

CreateBody RequestEncoders::videoSynthesis(const GenerationRequest &request, const ModelInfo &model)
{
    QJsonObject input = videoPrompts(request, model);
    if (takesMediaList(model)) {
        QJsonArray media;
        for (const RequestInput &in : request.inputs) {
            media.append(QJsonObject { { QLatin1String("type"), inputRoleId(in.role) },
                                       { QLatin1String("url"), in.url } });
        }
        if (!media.isEmpty())
            input.insert(QLatin1String("media"), media);
    } else {
        for (const RequestInput &in : request.inputs) {
            if (in.role == InputRole::FirstFrame)
                input.insert(QLatin1String("img_url"), in.url);
            else if (in.role == InputRole::DrivingAudio)
                input.insert(QLatin1String("audio_url"), in.url);
        }
    }
    if (const CreateBody unprepared = unpreparedInput(request, model); !unprepared.isValid())
        return unprepared;
    return body(request, model, input, videoParameters(request, model));
}
