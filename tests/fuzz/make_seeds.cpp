// Writes the PNG seeds of tests/fuzz/corpus (run by hand when the formats change; the output is
// committed): small real PNGs from QImage, with the text chunks of every tool read() knows.
//   make_seeds tests/fuzz/corpus
#include "fuzzinput.h"
#include "library/imagemetadata.h"
#include "simulator/simulatedvideo.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QtEndian>
#include <zlib.h>

namespace {

QByteArray pngOf(int width, int height, QImage::Format format)
{
    QImage image(width, height, format);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.fillRect(0, 0, width / 2, height / 2, QColor(200, 40, 40));
    painter.drawLine(0, height - 1, width - 1, 0);
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QByteArray chunk(const char *type, const QByteArray &data)
{
    QByteArray typeAndData = QByteArray(type, 4) + data;
    QByteArray result(4, Qt::Uninitialized);
    qToBigEndian(quint32(data.size()), result.data());
    result += typeAndData;
    QByteArray crc(4, Qt::Uninitialized);
    qToBigEndian(quint32(::crc32(0, reinterpret_cast<const Bytef *>(typeAndData.constData()),
                                 uInt(typeAndData.size()))),
                 crc.data());
    return result + crc;
}

QByteArray zlib(const QByteArray &text)
{
    return qCompress(text).mid(4); // qCompress puts the length in front of the zlib stream
}

// The chunks go right after IHDR, as every tool writes them.
QByteArray withChunks(const QByteArray &png, const QByteArray &chunks)
{
    return png.left(ImageMetadata::PngHeaderSize) + chunks + png.mid(ImageMetadata::PngHeaderSize);
}

ImageProvenance example()
{
    ImageProvenance p;
    p.request.prompt = QStringLiteral("一间有着精致窗户的花店，漂亮的木质门，摆放着花朵");
    p.request.negativePrompt = QStringLiteral("blurry, low quality");
    p.actualPrompt = QStringLiteral("一间有着精致雕花窗户的花店");
    p.request.model = QStringLiteral("wan2.5-t2i-preview");
    p.region = QStringLiteral("singapore");
    p.taskId = QStringLiteral("0385dc79-5ff8-4d82-bcb6-000000");
    p.requestId = QStringLiteral("4909100c-7b5a-9f92-bfe5-000000");
    p.request.seed = 42;
    p.request.size = QSize(1280, 1280);
    p.created = QDateTime(QDate(2025, 1, 8), QTime(16, 4, 10, 660), Qt::UTC);
    p.software = QStringLiteral("DashScope Studio 0.1.0");
    return p;
}

QByteArray embedSeed(const ImageProvenance &p, const QByteArray &png)
{
    return FuzzWriter()
            .boolean(p.request.promptExtend)
            .boolean(p.request.watermark)
            .integer<qint64>(p.request.seed.value_or(-1))
            .integer<quint32>(quint32(p.request.size.width()))
            .integer<quint32>(quint32(p.request.size.height()))
            .integer<qint64>(p.created.isValid() ? p.created.toMSecsSinceEpoch() : 0)
            .utf8(p.request.prompt)
            .utf8(p.request.negativePrompt)
            .utf8(p.actualPrompt)
            .utf8(p.request.model)
            .utf8(p.region)
            .utf8(p.taskId)
            .utf8(p.requestId)
            .utf8(p.software)
            .rest(png)
            .result();
}

bool write(const QDir &root, const QString &target, const QString &name, const QByteArray &bytes)
{
    if (!root.mkpath(target))
        return false;
    QFile file(root.filePath(target + QLatin1Char('/') + name));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "cannot write %s: %s\n", qPrintable(file.fileName()),
                     qPrintable(file.errorString()));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR (tests/fuzz/corpus)\n", argv[0]);
        return 2;
    }
    const QDir root(QString::fromLocal8Bit(argv[1]));
    const QByteArray rgb = pngOf(16, 16, QImage::Format_RGB32);
    const QByteArray rgba = pngOf(12, 8, QImage::Format_ARGB32);
    const QByteArray gray = pngOf(9, 9, QImage::Format_Grayscale8);
    const ImageProvenance ours = example();

    const QByteArray a1111Text = QByteArrayLiteral(
            "a lighthouse at dawn, oil painting\nNegative prompt: blurry\nSteps: 20, Sampler: "
            "Euler a, CFG scale: 7, Seed: 1234567890, Size: 512x768, Model: sd_xl_base_1.0, "
            "Version: v1.10.1");
    const QByteArray invokeText = QByteArrayLiteral(
            R"({"positive_prompt":"a cat","negative_prompt":"dog","seed":7,"width":64,)"
            R"("height":48,"model":{"name":"sdxl"}})");
    const QByteArray novelText = QByteArrayLiteral(
            R"({"prompt":"a fox","uc":"lowres","seed":99,"width":832,"height":1216})");
    const QByteArray ourJson = QByteArrayLiteral(
            R"({"model":"wan2.2-t2i-flash","seed":5,"size":"1024*1024","prompt":"橘猫",)"
            R"("prompt_extend":false,"watermark":true,"created":"2025-01-08T08:04:10.660Z"})");

    const QList<std::pair<QString, QByteArray>> images {
        { QStringLiteral("plain-rgb.png"), rgb },
        { QStringLiteral("plain-gray.png"), gray },
        { QStringLiteral("ours.png"), ImageMetadata::embed(rgba, ours) },
        { QStringLiteral("a1111-text.png"),
          withChunks(rgb, chunk("tEXt", "parameters" + QByteArray(1, '\0') + a1111Text)) },
        { QStringLiteral("a1111-ztxt.png"),
          withChunks(rgb, chunk("zTXt", "parameters" + QByteArray(2, '\0') + zlib(a1111Text))) },
        { QStringLiteral("ours-itxt-compressed.png"),
          withChunks(gray,
                     chunk("iTXt",
                           "dashscope" + QByteArray(1, '\0') + QByteArray("\x01\x00", 2)
                                   + QByteArray(2, '\0') + zlib(ourJson))) },
        { QStringLiteral("invokeai.png"),
          withChunks(rgb, chunk("iTXt", "invokeai_metadata" + QByteArray(5, '\0') + invokeText)) },
        { QStringLiteral("novelai.png"),
          withChunks(rgba,
                     chunk("tEXt", "Software" + QByteArray(1, '\0') + "NovelAI")
                             + chunk("tEXt", "Source" + QByteArray(1, '\0') + "NAI Diffusion V3")
                             + chunk("tEXt", "Comment" + QByteArray(1, '\0') + novelText)) },
    };
    bool ok = true;
    for (const auto &[name, bytes] : images)
        ok = write(root, QStringLiteral("imagemetadata"), name, bytes) && ok;

    // Embedding: our provenance (and none) into plain PNGs and into PNGs that already carry text.
    ImageProvenance none;
    ok = write(root, QStringLiteral("pngembed"), QStringLiteral("ours-into-plain"),
               embedSeed(ours, rgb))
            && ok;
    ok = write(root, QStringLiteral("pngembed"), QStringLiteral("empty-into-gray"),
               embedSeed(none, gray))
            && ok;
    ok = write(root, QStringLiteral("pngembed"), QStringLiteral("ours-over-ours"),
               embedSeed(ours, ImageMetadata::embed(rgba, ours)))
            && ok;
    ok = write(root, QStringLiteral("pngembed"), QStringLiteral("ours-over-a1111"),
               embedSeed(ours, images.at(3).second))
            && ok;

    // MP4: small real videos from the simulator's encoder (the first byte is the piece size the
    // target feeds the sink with), silent and with an audio track.
    for (const auto &[name, audio] : { std::pair { "silent.mp4", false }, { "audio.mp4", true } }) {
        SimulatedVideo video;
        video.prompt = QStringLiteral("a lighthouse at dawn");
        video.seed = 7;
        video.size = QSize(64, 36);
        video.durationSeconds = 1;
        video.audio = audio;
        const QByteArray mp4 = video.toMp4();
        ok = !mp4.isEmpty()
                && write(root, QStringLiteral("mp4"), QString::fromLatin1(name),
                         QByteArray(1, char(13)) + mp4)
                && ok;
    }
    return ok ? 0 : 1;
}
