// GenerationRequest::parseSize(): sizes people type ("1280x1280", "1280＊720"), and the catalog's
// size rules and request checks that take what it returns.
#include "domain/generationrequest.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ModelCatalog catalog = ModelCatalog::builtIn();

    FuzzInput input(data, size);
    const bool utf16 = input.boolean();
    const QByteArray bytes = input.rest();
    // UTF-16 as typed may hold lone surrogates, which UTF-8 decoding never produces.
    const QString text = utf16
            ? QString(reinterpret_cast<const QChar *>(bytes.constData()), bytes.size() / 2)
            : QString::fromUtf8(bytes);

    const std::optional<QSize> parsed = GenerationRequest::parseSize(text);
    if (parsed) {
        FUZZ_CHECK(parsed->width() >= 1 && parsed->width() <= 99999);
        FUZZ_CHECK(parsed->height() >= 1 && parsed->height() <= 99999);
        // What is sent reads back as the same size.
        FUZZ_CHECK(GenerationRequest::parseSize(GenerationRequest::sizeToString(*parsed))
                   == parsed);
    }

    const int length = GenerationRequest::promptLength(text);
    FUZZ_CHECK(length >= 0 && length <= text.size());

    // Every model's rule and the whole request check, with this size and this text as prompt.
    const QSize requested = parsed.value_or(QSize());
    for (const ModelInfo &model : catalog.models()) {
        if (requested.isValid())
            model.rules.size.problem(requested, model.name);
        GenerationRequest request;
        request.model = model.name;
        request.prompt = text;
        request.negativePrompt = text;
        request.size = requested;
        for (const Region region : model.regions)
            request.validate(catalog, region);
        request.warnings(model);
    }
    return 0;
}
