// image2image/image-synthesis (wan2.5-i2i images[], wanx2.1-imageedit function and
// base_image_url): encoded by the editing issue (dashscope-video-and-editing.md §2). Until then:
// refused, unsent.
#include "protocol/requestencoder_p.h"

CreateBody RequestEncoders::image2Image(const GenerationRequest &, const ModelInfo &model)
{
    return unsupported(model);
}
