#include "library/imagemetadata.h"
#include "support/pngbuilders.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QImage>
#include <QImageReader>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>
#include <array>
#include <zlib.h>

namespace {

struct Chunk
{
    QByteArray type;
    QByteArray data;
    qsizetype offset = 0;
};

// An independent, deliberately naive walk over a PNG's chunks.
QList<Chunk> chunks(const QByteArray &png)
{
    QList<Chunk> list;
    qsizetype pos = 8;
    while (pos + 12 <= png.size()) {
        const quint32 length = qFromBigEndian<quint32>(png.constData() + pos);
        list.append({ png.mid(pos + 4, 4), png.mid(pos + 8, length), pos });
        pos += 12 + length;
    }
    return list;
}

QByteArray chunkBytes(const QByteArray &png, const QByteArray &type)
{
    QByteArray all;
    for (const Chunk &c : chunks(png)) {
        if (c.type == type)
            all += c.data;
    }
    return all;
}

QStringList textChunkTypes(const QByteArray &png, const QByteArray &keyword)
{
    QStringList types;
    for (const Chunk &c : chunks(png)) {
        if ((c.type == "tEXt" || c.type == "zTXt" || c.type == "iTXt")
            && c.data.startsWith(keyword + '\0'))
            types.append(QString::fromLatin1(c.type));
    }
    return types;
}

QImage testImage()
{
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.fillRect(8, 8, 30, 20, Qt::red);
    painter.drawEllipse(20, 10, 30, 30);
    return image;
}

ImageProvenance sample()
{
    ImageProvenance p;
    p.request.prompt = QStringLiteral(
            "一只戴着帽子的橘猫，坐在窗台上：水彩风格\nsecond line, with \"quotes\"");
    p.request.negativePrompt = QStringLiteral("低质量, blurry, text: watermark");
    p.actualPrompt = QStringLiteral("一只橘色的猫, wearing a red hat: watercolour\n\"detailed\"");
    p.request.model = QStringLiteral("wan2.5-t2i-preview");
    p.region = QStringLiteral("beijing");
    p.taskId = QStringLiteral("0385dc79-5ff8-4d82-bcb6-000000000001");
    p.requestId = QStringLiteral("4909100c-7b5a-9f92-bfe5-000000000002");
    p.request.seed = 2147483647;
    p.request.size = QSize(1280, 720);
    p.request.promptExtend = true;
    p.request.watermark = false;
    p.created = QDateTime(QDate(2025, 9, 1), QTime(9, 5, 1, 250), Qt::UTC);
    p.software = QStringLiteral("DashScope Studio 0.1.0");
    return p;
}

void compareProvenance(const ImageProvenance &a, const ImageProvenance &b)
{
    QCOMPARE(a.request.prompt, b.request.prompt);
    QCOMPARE(a.request.negativePrompt, b.request.negativePrompt);
    QCOMPARE(a.actualPrompt, b.actualPrompt);
    QCOMPARE(a.request.model, b.request.model);
    QCOMPARE(a.region, b.region);
    QCOMPARE(a.taskId, b.taskId);
    QCOMPARE(a.requestId, b.requestId);
    QCOMPARE(a.request.seed, b.request.seed);
    QCOMPARE(a.request.size, b.request.size);
    QCOMPARE(a.request.promptExtend, b.request.promptExtend);
    QCOMPARE(a.request.watermark, b.request.watermark);
    QCOMPARE(a.created, b.created);
    QCOMPARE(a.software, b.software);
    QCOMPARE(a.demo, b.demo);
}

// A PNG with `extra` chunks inserted right after IHDR.
QByteArray withChunks(const QByteArray &png, const QByteArray &extra)
{
    return png.left(ImageMetadata::PngHeaderSize) + extra + png.mid(ImageMetadata::PngHeaderSize);
}

// What AUTOMATIC1111 1.x writes (multi-line prompt, quoted values with commas).
const char A1111Parameters[]
        = "masterpiece, best quality, (a cat:1.2) sitting on a windowsill\n"
          "soft light, bokeh\n"
          "Negative prompt: lowres, bad anatomy\n"
          "(worst quality:1.4)\n"
          "Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 3141592653, Size: 832x1216, "
          "Model hash: 31e35c80fc, Model: sd_xl_base_1.0, Denoising strength: 0.45, "
          "Lora hashes: \"detail: 1b2c3d, style: 4e5f6a\", Version: v1.10.1";

} // namespace

class tst_ImageMetadata : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void signatureAndSize();
    void roundTrip();
    void inputsRoundTrip();
    void pngWithoutInputsStillReads();
    void demoRoundTrip();
    void chunksRightAfterHeader();
    void imageDataUnchanged();
    void libpngReadsTheChunks();
    void latin1PromptUsesTextChunk();
    void embedReplacesOurChunks();
    void embedRejectsNonPng();
    void provenanceChunksMatchEmbed();
    void parametersFormat();
    void parseA1111();
    void parseWithoutSettingsLine();
    void parametersRoundTrip();
    void otherToolPng_data();
    void otherToolPng();
    void otherToolFormats();
    void noMetadata();
    void damagedFiles();
    void readFile();
    void compressedTextBomb_data();
    void compressedTextBomb();
    void smallCompressedTextStillReads();
    void chunkCountIsBounded();
    void hugeDeclaredSize();
    void outOfRangeNumbers_data();
    void outOfRangeNumbers();
    void ourKeywordMatchesExactly_data();
    void ourKeywordMatchesExactly();

private:
    QByteArray m_png;
};

void tst_ImageMetadata::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_png = pngBytes(testImage());
    QVERIFY(ImageMetadata::isPng(m_png));
}

void tst_ImageMetadata::signatureAndSize()
{
    QCOMPARE(ImageMetadata::pngSize(m_png), QSize(64, 48));
    QCOMPARE(ImageMetadata::pngSize(m_png.left(ImageMetadata::PngHeaderSize)), QSize(64, 48));
    QVERIFY(!ImageMetadata::pngSize(m_png.left(20)).isValid());
    QVERIFY(!ImageMetadata::isPng(QByteArray("GIF89a....")));
    QVERIFY(!ImageMetadata::pngSize(QByteArray("\xff\xd8\xff\xe0 JFIF")).isValid());
    QVERIFY(!ImageMetadata::isPng(QByteArray()));
}

void tst_ImageMetadata::roundTrip()
{
    const ImageProvenance p = sample();
    const QByteArray embedded = ImageMetadata::embed(m_png, p);
    QVERIFY(!embedded.isEmpty());
    const std::optional<ImageProvenance> read = ImageMetadata::read(embedded);
    QVERIFY(read.has_value());
    compareProvenance(*read, p);

    // Unknown seed and size, no times: still a round trip.
    ImageProvenance sparse;
    sparse.request.prompt = QStringLiteral("just a prompt");
    sparse.request.promptExtend = false;
    const auto sparseRead = ImageMetadata::read(ImageMetadata::embed(m_png, sparse));
    QVERIFY(sparseRead.has_value());
    compareProvenance(*sparseRead, sparse);
}

void tst_ImageMetadata::inputsRoundTrip()
{
    // An edit: what it was made from (role, the file's path and name, its bytes' hash), the kind
    // and the function, so a PNG opened in another library still says where it came from.
    ImageProvenance p = sample();
    p.request.kind = MediaKind::ImageEdit;
    p.request.model = QStringLiteral("wanx2.1-imageedit");
    p.request.edit.function = QStringLiteral("description_edit_with_mask");
    RequestInput base;
    base.role = InputRole::Image;
    base.localPath = QStringLiteral(u"/home/lin/图片/灯塔 at dawn.png");
    base.sha256 = QByteArray(64, 'a');
    RequestInput mask;
    mask.role = InputRole::Mask;
    mask.localPath = QStringLiteral("/tmp/mask.png");
    mask.url = QStringLiteral("oss://dashscope-instant/mask.png");
    mask.sha256 = QByteArray(64, 'b');
    p.request.inputs = { base, mask };

    const std::optional<ImageProvenance> read = ImageMetadata::read(ImageMetadata::embed(m_png, p));
    QVERIFY(read.has_value());
    compareProvenance(*read, p);
    QCOMPARE(read->request.kind, MediaKind::ImageEdit);
    QCOMPARE(read->request.edit.function, p.request.edit.function);
    QCOMPARE(read->request.inputs.size(), 2);
    QCOMPARE(read->request.inputs, p.request.inputs);
    QCOMPARE(read->request, p.request);
    // The same through the JSON a video's comment tag carries.
    const auto fromJson = ImageMetadata::fromProvenanceJson(ImageMetadata::provenanceJson(p));
    QVERIFY(fromJson.has_value());
    QCOMPARE(fromJson->request.inputs, p.request.inputs);
}

void tst_ImageMetadata::pngWithoutInputsStillReads()
{
    // A chunk as the first versions wrote it: no kind, no inputs.
    const QByteArray json = QByteArrayLiteral(
            "{\"model\":\"wan2.2-t2i-flash\",\"prompt\":\"a cat\",\"seed\":7,"
            "\"size\":\"1024*1024\",\"n\":1,\"task_id\":\"t-1\",\"region\":\"singapore\"}");
    const QByteArray old
            = withChunks(m_png, rawPngChunk("iTXt", QByteArray("dashscope\0\0\0\0\0", 14) + json));
    const std::optional<ImageProvenance> read = ImageMetadata::read(old);
    QVERIFY(read.has_value());
    QCOMPARE(read->request.prompt, QStringLiteral("a cat"));
    QCOMPARE(read->request.seed, std::optional<qint64>(7));
    QCOMPARE(read->taskId, QStringLiteral("t-1"));
    QCOMPARE(read->request.kind, MediaKind::TextToImage);
    QVERIFY(read->request.inputs.isEmpty());
    QVERIFY(!read->demo); // written before the key: not demo
}

void tst_ImageMetadata::demoRoundTrip()
{
    // A demo result says so in its file (PNG chunk and a video's comment JSON); a real one has
    // no key at all, so its metadata is exactly what earlier versions wrote.
    ImageProvenance p = sample();
    QVERIFY(!ImageMetadata::provenanceJson(p).contains("demo"));
    p.demo = true;
    QVERIFY(ImageMetadata::provenanceJson(p).contains("\"demo\":true"));
    const std::optional<ImageProvenance> read = ImageMetadata::read(ImageMetadata::embed(m_png, p));
    QVERIFY(read.has_value());
    compareProvenance(*read, p);
    QVERIFY(read->demo);
    const auto fromJson = ImageMetadata::fromProvenanceJson(ImageMetadata::provenanceJson(p));
    QVERIFY(fromJson.has_value());
    QVERIFY(fromJson->demo);
}

void tst_ImageMetadata::chunksRightAfterHeader()
{
    const QByteArray embedded = ImageMetadata::embed(m_png, sample());
    const QList<Chunk> list = chunks(embedded);
    QVERIFY(list.size() >= 5);
    QCOMPARE(list.at(0).type, QByteArray("IHDR"));
    QCOMPARE(list.at(1).offset, ImageMetadata::PngHeaderSize);
    QCOMPARE(list.at(1).type, QByteArray("iTXt")); // Chinese prompt: UTF-8, so iTXt
    QVERIFY(list.at(1).data.startsWith(QByteArray("parameters\0", 11)));
    QCOMPARE(list.at(2).type, QByteArray("iTXt"));
    QVERIFY(list.at(2).data.startsWith(QByteArray("dashscope\0\0\0\0\0", 14)));
    QCOMPARE(list.last().type, QByteArray("IEND"));
    // The JSON is plain UTF-8 (not escaped), so the prompt is readable as it is.
    QVERIFY(list.at(2).data.contains(sample().request.prompt.left(5).toUtf8()));
}

void tst_ImageMetadata::imageDataUnchanged()
{
    const QByteArray embedded = ImageMetadata::embed(m_png, sample());
    QVERIFY(!chunkBytes(m_png, "IDAT").isEmpty());
    QCOMPARE(chunkBytes(embedded, "IDAT"), chunkBytes(m_png, "IDAT"));
    // Everything of the original is there, in order: the header, then the rest verbatim.
    QVERIFY(embedded.startsWith(m_png.left(ImageMetadata::PngHeaderSize)));
    QVERIFY(embedded.endsWith(m_png.mid(ImageMetadata::PngHeaderSize)));

    QImage decoded;
    QVERIFY(decoded.loadFromData(embedded, "PNG"));
    QCOMPARE(decoded.convertToFormat(QImage::Format_RGB32), testImage());
}

void tst_ImageMetadata::libpngReadsTheChunks()
{
    // libpng checks each chunk's CRC and drops ancillary chunks with a wrong one, so reading
    // the texts back through QImage proves the CRCs (and the iTXt layout) right.
    const ImageProvenance p = sample();
    QImage decoded;
    QVERIFY(decoded.loadFromData(ImageMetadata::embed(m_png, p), "PNG"));
    QCOMPARE(decoded.text(QStringLiteral("parameters")), ImageMetadata::toParameters(p));
    const QJsonObject json
            = QJsonDocument::fromJson(decoded.text(QStringLiteral("dashscope")).toUtf8()).object();
    QCOMPARE(json.value(QLatin1String("prompt")).toString(), p.request.prompt);
    QCOMPARE(json.value(QLatin1String("negative_prompt")).toString(), p.request.negativePrompt);
    QCOMPARE(json.value(QLatin1String("actual_prompt")).toString(), p.actualPrompt);
    QCOMPARE(json.value(QLatin1String("model")).toString(), p.request.model);
    QCOMPARE(json.value(QLatin1String("region")).toString(), p.region);
    QCOMPARE(json.value(QLatin1String("task_id")).toString(), p.taskId);
    QCOMPARE(json.value(QLatin1String("request_id")).toString(), p.requestId);
    QCOMPARE(json.value(QLatin1String("seed")).toInteger(), p.request.seed);
    QCOMPARE(json.value(QLatin1String("size")).toString(), QStringLiteral("1280*720"));
    QCOMPARE(json.value(QLatin1String("created")).toString(),
             QStringLiteral("2025-09-01T09:05:01.250Z"));
    QCOMPARE(json.value(QLatin1String("software")).toString(), p.software);

    // A corrupted CRC makes libpng (and us) ignore the chunk.
    QByteArray damaged = ImageMetadata::embed(m_png, p);
    const Chunk first = chunks(damaged).at(1);
    damaged[first.offset + 8 + first.data.size()]
            = char(damaged[first.offset + 8 + first.data.size()] ^ 0x55);
    QImage damagedImage;
    QVERIFY(damagedImage.loadFromData(damaged, "PNG"));
    QVERIFY(damagedImage.text(QStringLiteral("parameters")).isEmpty());
    const auto read = ImageMetadata::read(damaged);
    QVERIFY(read.has_value()); // the dashscope chunk is still good
    QCOMPARE(read->request.prompt, p.request.prompt);
}

void tst_ImageMetadata::latin1PromptUsesTextChunk()
{
    ImageProvenance p;
    p.request.prompt = QStringLiteral("Café au lait, señorita, 50 µm");
    p.request.model = QStringLiteral("wanx-v1");
    p.request.seed = 7;
    p.request.size = QSize(1024, 1024);
    const QByteArray embedded = ImageMetadata::embed(m_png, p);
    QCOMPARE(textChunkTypes(embedded, "parameters"), QStringList { QStringLiteral("tEXt") });
    QImage decoded;
    QVERIFY(decoded.loadFromData(embedded, "PNG"));
    QVERIFY(decoded.text(QStringLiteral("parameters"))
                    .startsWith(p.request.prompt + QLatin1Char('\n')));
    QCOMPARE(ImageMetadata::read(embedded)->request.prompt, p.request.prompt);
}

void tst_ImageMetadata::embedReplacesOurChunks()
{
    ImageProvenance first = sample();
    const QByteArray once = ImageMetadata::embed(m_png, first);
    ImageProvenance second = sample();
    second.request.prompt = QStringLiteral("replaced");
    second.request.seed = 1;
    const QByteArray twice = ImageMetadata::embed(once, second);
    QCOMPARE(textChunkTypes(twice, "parameters").size(), 1);
    QCOMPARE(textChunkTypes(twice, "dashscope").size(), 1);
    QCOMPARE(ImageMetadata::read(twice)->request.prompt, QStringLiteral("replaced"));
    QCOMPARE(ImageMetadata::read(twice)->request.seed, 1);
    QCOMPARE(twice.size(), ImageMetadata::embed(m_png, second).size());

    // Other tools' chunks are kept.
    QImage withText = testImage();
    withText.setText(QStringLiteral("Author"), QStringLiteral("someone"));
    const QByteArray theirs = pngBytes(withText);
    QImage decoded;
    QVERIFY(decoded.loadFromData(ImageMetadata::embed(theirs, second), "PNG"));
    QCOMPARE(decoded.text(QStringLiteral("Author")), QStringLiteral("someone"));
}

void tst_ImageMetadata::embedRejectsNonPng()
{
    QVERIFY(ImageMetadata::embed(QByteArray("not a png at all, not at all, not at all"), sample())
                    .isEmpty());
    QVERIFY(ImageMetadata::embed(m_png.left(20), sample()).isEmpty());
    QVERIFY(ImageMetadata::embed(QByteArray(), sample()).isEmpty());
}

void tst_ImageMetadata::provenanceChunksMatchEmbed()
{
    // What a download streams (header, chunks, rest) is exactly what embed() makes.
    const ImageProvenance p = sample();
    const QByteArray streamed = m_png.left(ImageMetadata::PngHeaderSize)
            + ImageMetadata::provenanceChunks(p) + m_png.mid(ImageMetadata::PngHeaderSize);
    QCOMPARE(streamed, ImageMetadata::embed(m_png, p));
}

void tst_ImageMetadata::parametersFormat()
{
    ImageProvenance p;
    p.request.prompt = QStringLiteral("a lighthouse at night");
    p.request.negativePrompt = QStringLiteral("blurry");
    p.request.model = QStringLiteral("wan2.2-t2i-flash");
    p.region = QStringLiteral("singapore");
    p.taskId = QStringLiteral("t-1");
    p.request.seed = 42;
    p.request.size = QSize(1024, 768);
    p.request.promptExtend = true;
    p.actualPrompt = QStringLiteral("A lighthouse, at night: stars");
    QCOMPARE(ImageMetadata::toParameters(p),
             QStringLiteral(
                     "a lighthouse at night\n"
                     "Negative prompt: blurry\n"
                     "Steps: 0, Sampler: DashScope, Seed: 42, Size: 1024x768, Model: "
                     "wan2.2-t2i-flash, "
                     "Region: singapore, Task id: t-1, Prompt extend: true, Watermark: false, "
                     "Actual prompt: \"A lighthouse, at night: stars\""));
    p.request.negativePrompt.clear();
    QVERIFY(!ImageMetadata::toParameters(p).contains(QLatin1String("Negative prompt")));
}

void tst_ImageMetadata::parseA1111()
{
    const ImageProvenance p = ImageMetadata::fromParameters(QString::fromUtf8(A1111Parameters));
    QCOMPARE(p.request.prompt,
             QStringLiteral("masterpiece, best quality, (a cat:1.2) sitting on a windowsill\nsoft "
                            "light, bokeh"));
    QCOMPARE(p.request.negativePrompt, QStringLiteral("lowres, bad anatomy\n(worst quality:1.4)"));
    QCOMPARE(p.request.seed, 3141592653LL);
    QCOMPARE(p.request.size, QSize(832, 1216));
    QCOMPARE(p.request.model, QStringLiteral("sd_xl_base_1.0"));
    QCOMPARE(p.software, QStringLiteral("Stable Diffusion web UI v1.10.1"));
    QVERIFY(p.taskId.isEmpty());
}

void tst_ImageMetadata::parseWithoutSettingsLine()
{
    // Fewer than three key: value pairs on the last line: it is part of the prompt (as A1111 reads
    // it).
    const ImageProvenance p
            = ImageMetadata::fromParameters(QStringLiteral("a cat\nstyle: watercolour"));
    QCOMPARE(p.request.prompt, QStringLiteral("a cat\nstyle: watercolour"));
    QVERIFY(!p.request.seed); // unknown
    QVERIFY(!p.request.size.isValid());
}

void tst_ImageMetadata::parametersRoundTrip()
{
    const ImageProvenance p = sample();
    ImageProvenance read = ImageMetadata::fromParameters(ImageMetadata::toParameters(p));
    QCOMPARE(read.created, p.created.addMSecs(-250)); // the text line keeps whole seconds
    read.created = p.created;
    compareProvenance(read, p);
}

void tst_ImageMetadata::otherToolPng_data()
{
    QTest::addColumn<QString>("parameters");
    QTest::addColumn<QString>("chunkType");
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<qint64>("seed");

    // Qt's PNG writer (libpng) picks tEXt for short Latin-1 text, zTXt for long Latin-1 text and
    // iTXt for anything else: three ways another program stores the same thing.
    QTest::newRow("short tEXt") << QStringLiteral("cat\nSteps: 4, Seed: 5, Size: 8x8")
                                << QStringLiteral("tEXt") << QStringLiteral("cat") << qint64(5);
    QTest::newRow("long zTXt") << QString::fromUtf8(A1111Parameters) << QStringLiteral("zTXt")
                               << QStringLiteral("masterpiece, best quality, (a cat:1.2) sitting "
                                                 "on a windowsill\nsoft light, bokeh")
                               << qint64(3141592653LL);
    QTest::newRow("chinese iTXt") << QStringLiteral(
            "山水画，云雾缭绕的群山\nNegative prompt: 模糊\nSteps: 20, Sampler: Euler a, Seed: 99, "
            "Size: 512x768, Model: 国画")
                                  << QStringLiteral("iTXt")
                                  << QStringLiteral("山水画，云雾缭绕的群山") << qint64(99);
}

void tst_ImageMetadata::otherToolPng()
{
    QFETCH(QString, parameters);
    QFETCH(QString, chunkType);
    QFETCH(QString, prompt);
    QFETCH(qint64, seed);

    QImage image = testImage();
    image.setText(QStringLiteral("parameters"), parameters);
    const QByteArray png = pngBytes(image);
    QCOMPARE(textChunkTypes(png, "parameters"), QStringList { chunkType });

    const std::optional<ImageProvenance> read = ImageMetadata::read(png);
    QVERIFY(read.has_value());
    QCOMPARE(read->request.prompt, prompt);
    QCOMPARE(read->request.seed, seed);
    QVERIFY(read->taskId.isEmpty());
}

void tst_ImageMetadata::otherToolFormats()
{
    QImage novelAi = testImage();
    novelAi.setText(QStringLiteral("Software"), QStringLiteral("NovelAI"));
    novelAi.setText(QStringLiteral("Source"), QStringLiteral("NovelAI Diffusion V3"));
    novelAi.setText(QStringLiteral("Description"), QStringLiteral("1girl, cherry blossoms"));
    novelAi.setText(
            QStringLiteral("Comment"),
            QStringLiteral(
                    R"({"prompt": "1girl, cherry blossoms", "uc": "lowres", "seed": 1234, "width": 832, "height": 1216, "steps": 28})"));
    auto read = ImageMetadata::read(pngBytes(novelAi));
    QVERIFY(read.has_value());
    QCOMPARE(read->request.prompt, QStringLiteral("1girl, cherry blossoms"));
    QCOMPARE(read->request.negativePrompt, QStringLiteral("lowres"));
    QCOMPARE(read->request.seed, 1234);
    QCOMPARE(read->request.size, QSize(832, 1216));
    QCOMPARE(read->software, QStringLiteral("NovelAI"));

    QImage invoke = testImage();
    invoke.setText(
            QStringLiteral("invokeai_metadata"),
            QStringLiteral(
                    R"({"positive_prompt": "a robot", "negative_prompt": "", "seed": 77, "width": 1024, "height": 1024, "model": {"name": "sdxl"}})"));
    read = ImageMetadata::read(pngBytes(invoke));
    QVERIFY(read.has_value());
    QCOMPARE(read->request.prompt, QStringLiteral("a robot"));
    QCOMPARE(read->request.seed, 77);
    QCOMPARE(read->request.model, QStringLiteral("sdxl"));
    QCOMPARE(read->software, QStringLiteral("InvokeAI"));
}

void tst_ImageMetadata::noMetadata()
{
    QVERIFY(!ImageMetadata::read(m_png).has_value());
    QImage other = testImage();
    other.setText(QStringLiteral("Title"), QStringLiteral("holiday"));
    QVERIFY(!ImageMetadata::read(pngBytes(other)).has_value());
    QVERIFY(!ImageMetadata::read(QByteArray("plain text")).has_value());
}

void tst_ImageMetadata::damagedFiles()
{
    const QByteArray embedded = ImageMetadata::embed(m_png, sample());
    // Cut anywhere: never a crash; once the chunks are whole, they are read.
    for (qsizetype length = 0; length < embedded.size(); length += 7)
        ImageMetadata::read(embedded.left(length));
    const qsizetype afterChunks
            = ImageMetadata::PngHeaderSize + ImageMetadata::provenanceChunks(sample()).size();
    QVERIFY(ImageMetadata::read(embedded.left(afterChunks)).has_value());
    // A length field pointing past the end.
    QByteArray lying = embedded;
    qToBigEndian<quint32>(0x7FFFFFF0u, lying.data() + ImageMetadata::PngHeaderSize);
    QVERIFY(!ImageMetadata::read(lying).has_value());
    QVERIFY(!ImageMetadata::embed(lying, sample()).isEmpty()); // the damaged rest is kept as it was
}

void tst_ImageMetadata::readFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("猫.png"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(ImageMetadata::embed(m_png, sample()));
    file.close();
    const auto read = ImageMetadata::readFile(path);
    QVERIFY(read.has_value());
    compareProvenance(*read, sample());
    QVERIFY(!ImageMetadata::readFile(dir.filePath(QStringLiteral("missing.png"))).has_value());
}

void tst_ImageMetadata::compressedTextBomb_data()
{
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("keyword");
    QTest::addColumn<bool>("oursAfter"); // a real "dashscope" chunk follows the bomb

    QTest::newRow("zTXt parameters") << QByteArray("zTXt") << QByteArray("parameters") << false;
    QTest::newRow("iTXt dashscope") << QByteArray("iTXt") << QByteArray("dashscope") << false;
    QTest::newRow("zTXt Comment, ours after")
            << QByteArray("zTXt") << QByteArray("Comment") << true;
    QTest::newRow("iTXt XMP (not read), ours after")
            << QByteArray("iTXt") << QByteArray("XML:com.adobe.xmp") << true;
}

void tst_ImageMetadata::compressedTextBomb()
{
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, keyword);
    QFETCH(bool, oursAfter);

    // Under the 1 MiB cap on compressed text, 1 GB once inflated (it took 19 s and 3 GB).
    static const QByteArray bomb = zlibBomb(1000 * 1000 * 1000);
    QVERIFY(!bomb.isEmpty());
    QVERIFY2(bomb.size() < 1024 * 1024, QByteArray::number(bomb.size()).constData());
    const QByteArray header = type == "zTXt" ? keyword + QByteArray("\0\0", 2)
                                             : keyword + QByteArray("\0\1\0\0\0", 5);
    QByteArray extra = rawPngChunk(type, header + bomb);
    if (oursAfter)
        extra += ImageMetadata::provenanceChunks(sample());
    const QByteArray png = withChunks(m_png, extra);

    QElapsedTimer timer;
    timer.start();
    const std::optional<ImageProvenance> read = ImageMetadata::read(png);
    // The bomb stops at the inflate cap (or is never inflated): milliseconds, not 19 s.
    QVERIFY2(timer.elapsed() < 5000, QByteArray::number(timer.elapsed()).constData());
    QCOMPARE(read.has_value(), oursAfter); // nothing from the bomb itself
    if (oursAfter)
        compareProvenance(*read, sample());
}

void tst_ImageMetadata::smallCompressedTextStillReads()
{
    // Just under the inflate cap: still read, whichever compressed chunk carries it.
    const QString prompt = QString(1000 * 1000, QLatin1Char('a'));
    const QByteArray text = prompt.toLatin1() + "\nSteps: 1, Seed: 5, Size: 8x8";
    const QByteArray compressed = qCompress(text).mid(4); // qCompress puts the size in front
    for (const QByteArray &chunk :
         { rawPngChunk("zTXt", QByteArray("parameters\0\0", 12) + compressed),
           rawPngChunk("iTXt", QByteArray("parameters\0\1\0\0\0", 15) + compressed) }) {
        const auto read = ImageMetadata::read(withChunks(m_png, chunk));
        QVERIFY(read.has_value());
        QCOMPARE(read->request.prompt, prompt);
        QCOMPARE(read->request.seed, 5);
    }
    // Just over it: skipped, like any bomb.
    const QByteArray over = qCompress(QByteArray(1024 * 1024 + 1, 'a')).mid(4);
    QVERIFY(!ImageMetadata::read(
                     withChunks(m_png,
                                rawPngChunk("zTXt", QByteArray("parameters\0\0", 12) + over)))
                     .has_value());
}

void tst_ImageMetadata::chunkCountIsBounded()
{
    // 200,000 empty private chunks before the text: reading gives up instead of walking on.
    QByteArray many;
    const QByteArray one = rawPngChunk("abXy", QByteArray());
    for (int i = 0; i < 200000; ++i)
        many += one;
    const QByteArray png = withChunks(m_png, many + ImageMetadata::provenanceChunks(sample()));
    QVERIFY(!ImageMetadata::read(png).has_value());
    // A plausible number of chunks first is fine.
    QVERIFY(ImageMetadata::read(withChunks(m_png,
                                           many.left(one.size() * 5000)
                                                   + ImageMetadata::provenanceChunks(sample())))
                    .has_value());
}

void tst_ImageMetadata::hugeDeclaredSize()
{
    // IHDR says 30000×30000 (3.6 GB as RGBA); the image data is a few bytes.
    QByteArray ihdr(13, '\0');
    qToBigEndian<quint32>(30000, ihdr.data());
    qToBigEndian<quint32>(30000, ihdr.data() + 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 6; // RGBA
    const QByteArray png = QByteArray("\x89PNG\r\n\x1a\n", 8) + rawPngChunk("IHDR", ihdr)
            + ImageMetadata::provenanceChunks(sample())
            + rawPngChunk("IDAT", qCompress(QByteArray(100, '\0')).mid(4))
            + rawPngChunk("IEND", QByteArray());

    QCOMPARE(ImageMetadata::pngSize(png), QSize(30000, 30000)); // read, never allocated
    QVERIFY(qint64(30000) * 30000 > ImageMetadata::MaxPixels); // downloads refuse it
    const auto read = ImageMetadata::read(png);
    QVERIFY(read.has_value());
    compareProvenance(*read, sample());
    QVERIFY(!ImageMetadata::embed(png, sample()).isEmpty());

    // Thumbnails and the viewer decode through QImageReader, whose allocation limit refuses it.
    QBuffer buffer;
    buffer.setData(png);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    QImageReader reader(&buffer);
    QCOMPARE(reader.size(), QSize(30000, 30000));
    QVERIFY(reader.read().isNull());
}

void tst_ImageMetadata::outOfRangeNumbers_data()
{
    QTest::addColumn<QString>("keyword");
    QTest::addColumn<QByteArray>("text");

    // Our JSON, InvokeAI's and NovelAI's: numbers a float-to-integer cast would overflow.
    for (const char *number : { "1e300", "-1e300", "9223372036854775808", "-5", "1.5" }) {
        const QByteArray n(number);
        QTest::addRow("dashscope %s", number)
                << QStringLiteral("dashscope")
                << R"({"prompt":"p","seed":)" + n + R"(,"size":"8*8"})";
        QTest::addRow("invokeai %s", number)
                << QStringLiteral("invokeai_metadata")
                << R"({"positive_prompt":"p","seed":)" + n + R"(,"width":)" + n + R"(,"height":8})";
        QTest::addRow("novelai %s", number)
                << QStringLiteral("Comment")
                << R"({"prompt":"p","seed":)" + n + R"(,"width":8,"height":)" + n + "}";
        QTest::addRow("parameters %s", number)
                << QStringLiteral("parameters") << "p\nSteps: 1, Seed: " + n + ", Size: 8x8";
    }
    QTest::newRow("parameters NaN")
            << QStringLiteral("parameters") << QByteArray("p\nSteps: 1, Seed: NaN, Size: 8x8");
}

void tst_ImageMetadata::outOfRangeNumbers()
{
    QFETCH(QString, keyword);
    QFETCH(QByteArray, text);
    QImage image = testImage();
    image.setText(keyword, QString::fromUtf8(text));
    if (keyword == QLatin1String("Comment"))
        image.setText(QStringLiteral("Software"), QStringLiteral("NovelAI"));
    const auto read = ImageMetadata::read(pngBytes(image));
    QVERIFY(read.has_value());
    QCOMPARE(read->request.prompt, QStringLiteral("p"));
    QVERIFY(!read->request.seed); // absent, not a wrapped-around number
    QVERIFY(read->request.size == QSize(8, 8) || !read->request.size.isValid());
}

void tst_ImageMetadata::ourKeywordMatchesExactly_data()
{
    QTest::addColumn<bool>("oursFirst");
    QTest::newRow("ours before the variants") << true;
    QTest::newRow("ours after the variants") << false;
}

void tst_ImageMetadata::ourKeywordMatchesExactly()
{
    QFETCH(bool, oursFirst);
    // PNG keywords are case-sensitive: "DashScope" and the rest are someone else's chunks. Many
    // variants, so a lookup that depends on the hash's order would pick one of them nearly always.
    QByteArray variants;
    for (const char *keyword : { "DashScope", "DASHSCOPE", "Dashscope", "dashScope", "dashscopE",
                                 "DashscopE", "dASHSCOPE", "daShscope" }) {
        const QByteArray json = R"({"prompt":"foreign )" + QByteArray(keyword)
                + R"(","model":"not ours","seed":1})";
        variants += rawPngChunk("iTXt", QByteArray(keyword) + QByteArray("\0\0\0\0\0", 5) + json);
    }
    const QByteArray ours = ImageMetadata::provenanceChunks(sample());
    const QByteArray png = withChunks(m_png, oursFirst ? ours + variants : variants + ours);
    for (int round = 0; round < 3; ++round) { // the same answer every time
        const auto read = ImageMetadata::read(png);
        QVERIFY(read.has_value());
        compareProvenance(*read, sample());
    }

    // Only the variants: none of them is read as ours.
    const auto foreignOnly = ImageMetadata::read(withChunks(m_png, variants));
    QVERIFY(!foreignOnly.has_value());
    // With an A1111 "parameters" chunk too, that one is what is read.
    const auto withParameters = ImageMetadata::read(withChunks(
            m_png,
            variants + rawPngChunk("tEXt", QByteArray("parameters\0", 11) + A1111Parameters)));
    QVERIFY(withParameters.has_value());
    QCOMPARE(withParameters->request.model, QStringLiteral("sd_xl_base_1.0"));
}

QTEST_GUILESS_MAIN(tst_ImageMetadata)
#include "tst_imagemetadata.moc"
