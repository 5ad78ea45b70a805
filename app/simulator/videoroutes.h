#pragma once

#include "simulator/simulatorroute.h"

struct GenerationRequest;

// POST {base}/services/aigc/video-generation/video-synthesis (text-to-video: input.prompt and
// parameters.size; image-to-video: input.img_url and parameters.resolution; wan2.7: input.media
// [{type, url}]) and POST {base}/services/aigc/image2video/video-synthesis (first_frame_url,
// last_frame_url). A succeeded task has one output.video_url and the usage shape of its model's
// generation (dashscope-video-and-editing.md §3).
class VideoSynthesisRoute : public SimulatorRoute
{
public:
    QString protocol() const override { return QStringLiteral("video-synthesis"); }
    bool reportsActualPrompt() const override { return true; }
    bool requiresPrompt(const ModelInfo &model) const override;
    std::optional<SimulatorReply> readVideo(const ModelInfo &model, const QJsonObject &input,
                                            const QJsonObject &parameters,
                                            GenerationRequest *request) const override;
    void writeSucceeded(const SimulatedTask &task, QJsonObject *output,
                        QJsonObject *usage) const override;
};

class Image2VideoRoute final : public VideoSynthesisRoute
{
public:
    QString protocol() const override { return QStringLiteral("image2video"); }
    std::optional<SimulatorReply> readVideo(const ModelInfo &model, const QJsonObject &input,
                                            const QJsonObject &parameters,
                                            GenerationRequest *request) const override;
};

class QImage;
class QSize;
struct InputRule;

namespace SimulatorVideo {

// What the service refuses in an input image (video doc §2: format, 360–2000 px a side,
// ≤ 10 MB), as 400 InvalidParameter; the decoded image in *image otherwise.
std::optional<SimulatorReply> checkInputImage(const InputRule &rule, const QByteArray &bytes,
                                              QImage *image);
// The size of the video a request makes: text-to-video's size; else the resolution tier's
// pixels in the first frame's aspect ratio (or wan2.7's ratio), both sides even.
QSize pixelSize(const ModelInfo &model, const GenerationRequest &request, const QImage &first);
// The bytes of a data: URI; empty when it is not one.
QByteArray dataUriBytes(const QString &url);

} // namespace SimulatorVideo
