#pragma once

#include "domain/generationrequest.h"

#include <QByteArray>
#include <QJsonObject>

// The one storage form of a GenerationRequest: the library's task rows, the saved form, the
// provenance written into every result, the viewer and the command line's --json all read and
// write this JSON object. The wire body is not this: each endpoint protocol has its encoder
// (protocol/requestencoder.h).
//
// Keys are the service's where it has one ("negative_prompt", "size" as "W*H", "n", "seed",
// "prompt_extend", "watermark"), so provenance written before this codec reads the same. Fields
// at their default are left out; reading is tolerant: a missing or mistyped field keeps its
// default, an unknown key is ignored (a newer version's fields survive an older reader's view
// but not its rewrite).
namespace RequestCodec {

QJsonObject toJson(const GenerationRequest &request);
GenerationRequest fromJson(const QJsonObject &json);

// Compact UTF-8 JSON text, for a TEXT column or a settings value; fromText of anything that is
// not a JSON object gives a default request.
QByteArray toText(const GenerationRequest &request);
GenerationRequest fromText(const QByteArray &text);

} // namespace RequestCodec
