// image2video/video-synthesis (keyframe-to-video: first_frame_url, last_frame_url): encoded by
// the video issue (dashscope-video-and-editing.md §2). Until then: refused, unsent.
#include "protocol/requestencoder_p.h"

CreateBody RequestEncoders::image2Video(const GenerationRequest &, const ModelInfo &model)
{
    return unsupported(model);
}
