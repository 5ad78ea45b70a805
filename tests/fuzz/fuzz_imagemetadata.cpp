// ImageMetadata::read() and readFile(): any PNG dropped on the window or found in the library
// (our chunks, AUTOMATIC1111's, InvokeAI's, NovelAI's, compressed or not).
#include "fuzzinput.h"
#include "library/imagemetadata.h"

#include <sys/mman.h>
#include <unistd.h>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietQt();
    return 0;
}

namespace {

bool sameProvenance(const ImageProvenance &a, const ImageProvenance &b)
{
    return a.request.prompt == b.request.prompt
            && a.request.negativePrompt == b.request.negativePrompt
            && a.actualPrompt == b.actualPrompt && a.request.model == b.request.model
            && a.region == b.region && a.taskId == b.taskId && a.requestId == b.requestId
            && a.request.seed == b.request.seed && a.request.size == b.request.size
            && a.request.promptExtend == b.request.promptExtend
            && a.request.watermark == b.request.watermark && a.created == b.created
            && a.software == b.software;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // A file in memory: a file on this disk costs about 2 ms a write, 10 times the parsing.
    static const int fd = memfd_create("fuzz_imagemetadata", 0);
    static const QString path = QStringLiteral("/proc/self/fd/%1").arg(fd);
    FUZZ_CHECK(fd >= 0);

    const QByteArray png(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<ImageProvenance> fromBytes = ImageMetadata::read(png);

    // The same bytes from a file (QFile seeks where QBuffer does not have to) read the same.
    FUZZ_CHECK(ftruncate(fd, 0) == 0);
    FUZZ_CHECK(pwrite(fd, png.constData(), size_t(png.size()), 0) == png.size());
    const std::optional<ImageProvenance> fromFile = ImageMetadata::readFile(path);
    FUZZ_CHECK(fromBytes.has_value() == fromFile.has_value());
    if (fromBytes) {
        FUZZ_CHECK(sameProvenance(*fromBytes, *fromFile));
        FUZZ_CHECK(!fromBytes->request.seed || *fromBytes->request.seed >= 0);
        FUZZ_CHECK(
                !fromBytes->request.size.isValid()
                || (fromBytes->request.size.width() > 0 && fromBytes->request.size.height() > 0));
        ImageMetadata::toParameters(*fromBytes);
    }

    const QSize pixels = ImageMetadata::pngSize(png);
    if (pixels.isValid())
        FUZZ_CHECK(ImageMetadata::isPng(png));

    // The A1111 text on its own, as if it were a "parameters" chunk's text.
    const ImageProvenance parameters = ImageMetadata::fromParameters(QString::fromUtf8(png));
    FUZZ_CHECK(!parameters.request.seed || *parameters.request.seed >= 0);
    return 0;
}
