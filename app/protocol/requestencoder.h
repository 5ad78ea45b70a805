#pragma once

#include "domain/apierror.h"
#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"

#include <QJsonObject>

// A create body, or why it cannot be made (then nothing is sent).
struct CreateBody
{
    QJsonObject json;
    ApiError error; // Kind::None when `json` is the body

    bool isValid() const { return !error.isError(); }
};

// The wire form of a GenerationRequest: one encoder per endpoint protocol (ModelInfo::protocol),
// each in its own file (requestencoder_p.h lists them), so a new protocol is an addition. The
// storage form is RequestCodec, not this: the wire body carries only what the model takes.
namespace RequestEncoder {

// The JSON body of POST {base}/{model.path}. Expects a resolved, valid request
// (GenerationRequest::resolved() and validate()): it is encoded as it is.
CreateBody createBody(const GenerationRequest &request, const ModelInfo &model);

// True when an input is an oss:// URL (a temporary upload): the create must then carry
// X-DashScope-OssResourceResolve: enable, or the service refuses the URL. Polls never need it.
bool needsOssResolve(const GenerationRequest &request);

} // namespace RequestEncoder
