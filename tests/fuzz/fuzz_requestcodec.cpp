// RequestCodec::fromText(): the stored form of a request (library rows, settings, the provenance
// of files from anywhere). Whatever it reads must write back and read again to the same value.
#include "domain/requestcodec.h"
#include "fuzzinput.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const GenerationRequest request = RequestCodec::fromText(text);
    FUZZ_CHECK(request.count >= 1);
    FUZZ_CHECK(!request.seed || (*request.seed >= 0 && *request.seed <= MaxSeed));
    FUZZ_CHECK(!request.size.isValid() || (request.size.width() > 0 && request.size.height() > 0));
    const GenerationRequest again = RequestCodec::fromText(RequestCodec::toText(request));
    FUZZ_CHECK(again == request);
    return 0;
}
