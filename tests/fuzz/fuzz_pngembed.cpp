// ImageMetadata::embed(): inserts our provenance chunks into the service's PNG bytes without
// re-encoding. Whatever the bytes, the result is the same PNG with our chunks, and reading it
// gives back exactly what was written.
//
// Input: the provenance (see readProvenance below, written by make_seeds.cpp), then the PNG.
#include "fuzzinput.h"
#include "library/imagemetadata.h"

#include <QtEndian>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietQt();
    return 0;
}

namespace {

ImageProvenance readProvenance(FuzzInput *input)
{
    ImageProvenance p;
    p.request.promptExtend = input->boolean();
    p.request.watermark = input->boolean();
    p.request.seed = input->integer<qint64>();
    // Sizes as the service makes them: parseSize() reads up to five digits a side.
    const int width = int(input->integer<quint32>() % 100000);
    const int height = int(input->integer<quint32>() % 100000);
    p.request.size = QSize(width, height);
    // Times the ISO text of the chunk can hold: 1970 to 9999, UTC, or none.
    const qint64 created = input->integer<qint64>();
    constexpr qint64 MaxTime = Q_INT64_C(253402300799999);
    if (created > 0)
        p.created = QDateTime::fromMSecsSinceEpoch(created % MaxTime, Qt::UTC);
    p.request.prompt = input->utf8();
    p.request.negativePrompt = input->utf8();
    p.actualPrompt = input->utf8();
    p.request.model = input->utf8();
    p.region = input->utf8();
    p.taskId = input->utf8();
    p.requestId = input->utf8();
    p.software = input->utf8();
    return p;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput input(data, size);
    const ImageProvenance written = readProvenance(&input);
    const QByteArray png = input.rest();

    const QByteArray result = ImageMetadata::embed(png, written);
    if (result.isEmpty()) {
        // Refused only when the header is not a PNG signature and a 13-byte IHDR.
        FUZZ_CHECK(!ImageMetadata::pngSize(png).isValid() || png.size() < 33);
        return 0;
    }
    FUZZ_CHECK(ImageMetadata::pngSize(result) == ImageMetadata::pngSize(png));
    // Header, then exactly our chunks, then the rest of the file.
    const QByteArray chunks = ImageMetadata::provenanceChunks(written);
    FUZZ_CHECK(result.left(ImageMetadata::PngHeaderSize) == png.left(ImageMetadata::PngHeaderSize));
    FUZZ_CHECK(result.mid(ImageMetadata::PngHeaderSize, chunks.size()) == chunks);
    FUZZ_CHECK(result.size() <= png.size() + chunks.size());

    // Embedding again replaces ours instead of adding a second pair.
    FUZZ_CHECK(ImageMetadata::embed(result, written) == result);

    const std::optional<ImageProvenance> read = ImageMetadata::read(result);
    FUZZ_CHECK(read.has_value());
    FUZZ_CHECK(read->request.prompt == written.request.prompt);
    FUZZ_CHECK(read->request.negativePrompt == written.request.negativePrompt);
    FUZZ_CHECK(read->actualPrompt == written.actualPrompt);
    FUZZ_CHECK(read->request.model == written.request.model);
    FUZZ_CHECK(read->region == written.region);
    FUZZ_CHECK(read->taskId == written.taskId);
    FUZZ_CHECK(read->requestId == written.requestId);
    FUZZ_CHECK(read->software == written.software);
    // Seeds are the service's (0 to MaxSeed, RequestCodec's range); any other reads as none.
    const std::optional<qint64> seed = written.request.seed;
    FUZZ_CHECK(read->request.seed
               == (seed && *seed >= 0 && *seed <= MaxSeed ? seed : std::nullopt));
    // A size with a side of 0 is no size (QSize calls it valid, the chunk reader does not).
    FUZZ_CHECK(read->request.size
               == (written.request.size.isEmpty() ? QSize() : written.request.size));
    FUZZ_CHECK(read->request.promptExtend == written.request.promptExtend);
    FUZZ_CHECK(read->request.watermark == written.request.watermark);
    FUZZ_CHECK(read->created == written.created);
    return 0;
}
