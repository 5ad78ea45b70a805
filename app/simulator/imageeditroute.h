#pragma once

#include "simulator/simulatorroute.h"

#include <QByteArray>
#include <QList>
#include <QSize>
#include <memory>

struct GenerationRequest;
struct SimulatedEdit;

// POST {base}/services/aigc/image2image/image-synthesis (dashscope-video-and-editing.md §2):
// wan2.5-i2i-preview's input.images[] (1–3) and wanx2.1-imageedit's input.function,
// base_image_url, mask_image_url (inpainting) and the function's own parameters (strength, the
// four expand scales, upscale_factor, is_sketch). A succeeded task answers as text-to-image
// does: output.results[], task_metrics, usage.image_count; per-image failures alike.
class ImageEditRoute final : public SimulatorRoute
{
public:
    QString protocol() const override { return QStringLiteral("image2image"); }
    // The inputs (URLs as sent) and the edit parameters into *request; a body of the wrong shape
    // is refused here, the ranges by GenerationRequest::validate (called by the server).
    std::optional<SimulatorReply> readVideo(const ModelInfo &model, const QJsonObject &input,
                                            const QJsonObject &parameters,
                                            GenerationRequest *request) const override;
    bool reportsActualPrompt() const override { return true; }
    void writeSucceeded(const SimulatedTask &task, QJsonObject *output,
                        QJsonObject *usage) const override;
};

namespace SimulatorEditInputs {

// The input files as the service checks them (format, size a side, bytes; the mask the base
// image's size and black and white) and what the task will render: `bytes` is parallel to
// request.inputs (empty for an http(s) URL the simulator does not hold: a grey stand-in is
// used). 400 InvalidParameter with the service's kind of message when one is refused.
std::optional<SimulatorReply> prepare(const ModelInfo &model, const GenerationRequest &request,
                                      const QList<QByteArray> &bytes,
                                      std::shared_ptr<const SimulatedEdit> *edit, QSize *size);

} // namespace SimulatorEditInputs
