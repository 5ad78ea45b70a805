// image2video/video-synthesis (keyframe-to-video, dashscope-video-and-editing.md §2):
// input.first_frame_url and input.last_frame_url, parameters.resolution; no duration (fixed).
#include "protocol/requestencoder_p.h"

CreateBody RequestEncoders::image2Video(const GenerationRequest &request, const ModelInfo &model)
{
    QJsonObject input = videoPrompts(request, model);
    for (const RequestInput &in : request.inputs) {
        if (in.role == InputRole::FirstFrame)
            input.insert(QLatin1String("first_frame_url"), in.url);
        else if (in.role == InputRole::LastFrame)
            input.insert(QLatin1String("last_frame_url"), in.url);
    }
    if (const CreateBody unprepared = unpreparedInput(request, model); !unprepared.isValid())
        return unprepared;
    return body(request, model, input, videoParameters(request, model));
}
