// video-generation/video-synthesis (text-to-video, first-frame image-to-video, wan2.7 media):
// encoded by the video issue (dashscope-video-and-editing.md §2). Until then: refused, unsent.
#include "protocol/requestencoder_p.h"

CreateBody RequestEncoders::videoSynthesis(const GenerationRequest &, const ModelInfo &model)
{
    return unsupported(model);
}
