// RequestEncoder: the create body of each endpoint protocol, as the service documents it. The
// image bodies are the ones GenerationRequest::toJson made before the encoders (same tests).
#include "protocol/requestencoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTest>

namespace {

GenerationRequest request(const QString &model,
                          const QString &prompt = QStringLiteral("a flower shop"))
{
    GenerationRequest r;
    r.model = model;
    r.prompt = prompt;
    return r;
}

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QJsonObject encoded(const GenerationRequest &r, const ModelInfo &model)
{
    const CreateBody body = RequestEncoder::createBody(r, model);
    if (!body.isValid())
        qWarning("not encoded: %s", qPrintable(body.error.message));
    return body.json;
}

// One model of each protocol the encoders do not speak yet.
ModelCatalog laterProtocols()
{
    return ModelCatalog::fromJson(R"({ "models": [
        { "name": "t2v", "kind": "text-to-video", "protocol": "video-synthesis",
          "path": "services/aigc/video-generation/video-synthesis", "regions": ["singapore"] },
        { "name": "kf2v", "kind": "keyframe-to-video", "protocol": "image2video",
          "path": "services/aigc/image2video/video-synthesis", "regions": ["singapore"] },
        { "name": "i2i", "kind": "image-edit", "protocol": "image2image",
          "path": "services/aigc/image2image/image-synthesis", "regions": ["singapore"] } ] })");
}

} // namespace

class tst_RequestEncoder final : public QObject
{
    Q_OBJECT

private:
    const ModelCatalog m_catalog = ModelCatalog::builtIn();

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(!m_catalog.models().isEmpty());
    }

    void imageSynthesisBody()
    {
        const ModelInfo wan25 = m_catalog.model(QStringLiteral("wan2.5-t2i-preview"));
        GenerationRequest r;
        r.model = wan25.name;
        r.prompt = QStringLiteral("一间有着精致窗户的花店，漂亮的木质门，摆放着花朵");
        r.negativePrompt = QStringLiteral("低分辨率、模糊、比例失调");
        r.size = QSize(1280, 1280);
        r.count = 1;
        r.seed = 12345;
        r.promptExtend = true;
        r.watermark = false;
        // The doc's example create body (protocol doc §3.3), field for field.
        const QJsonObject expected = parse(R"({
          "model": "wan2.5-t2i-preview",
          "input": {
            "prompt": "一间有着精致窗户的花店，漂亮的木质门，摆放着花朵",
            "negative_prompt": "低分辨率、模糊、比例失调"
          },
          "parameters": { "size": "1280*1280", "n": 1, "prompt_extend": true, "watermark": false, "seed": 12345 }
        })");
        QVERIFY(!expected.isEmpty());
        QCOMPARE(encoded(r, wan25), expected);
    }

    void imageSynthesisBodyOmitsEmptyNegativeAndAlwaysSendsN()
    {
        const ModelInfo flash = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
        GenerationRequest r = request(flash.name).resolved(flash);
        r.seed = 7;
        const QJsonObject body = encoded(r, flash);
        QCOMPARE(body.value(QStringLiteral("input")).toObject(),
                 (QJsonObject { { QStringLiteral("prompt"), QStringLiteral("a flower shop") } }));
        const QJsonObject parameters = body.value(QStringLiteral("parameters")).toObject();
        QCOMPARE(parameters.value(QStringLiteral("n")).toInt(), 1);
        QCOMPARE(parameters.value(QStringLiteral("seed")).toInteger(), 7);
        QCOMPARE(parameters.value(QStringLiteral("size")).toString(), QStringLiteral("1024*1024"));
        QCOMPARE(parameters.value(QStringLiteral("prompt_extend")), QJsonValue(true));
        QCOMPARE(parameters.value(QStringLiteral("watermark")), QJsonValue(false));

        // The largest seed survives the trip through JSON exactly.
        r.seed = MaxSeed;
        const QByteArray bytes = QJsonDocument(encoded(r, flash)).toJson(QJsonDocument::Compact);
        QVERIFY2(bytes.contains("\"seed\":2147483647"), bytes.constData());

        // wanx-v1 has no prompt_extend or watermark.
        const ModelInfo v1 = m_catalog.model(QStringLiteral("wanx-v1"));
        const QJsonObject v1Parameters = encoded(request(v1.name).resolved(v1), v1)
                                                 .value(QStringLiteral("parameters"))
                                                 .toObject();
        QVERIFY(!v1Parameters.contains(QStringLiteral("prompt_extend")));
        QVERIFY(!v1Parameters.contains(QStringLiteral("watermark")));
        QVERIFY(v1Parameters.contains(QStringLiteral("n")));
        QVERIFY(v1Parameters.contains(QStringLiteral("seed")));
    }

    void imageGenerationBody()
    {
        const ModelInfo wan26 = m_catalog.model(QStringLiteral("wan2.6-t2i"));
        QCOMPARE(endpointProtocolId(wan26.protocol), QStringLiteral("image-generation"));
        GenerationRequest r;
        r.model = wan26.name;
        r.prompt = QStringLiteral("a lighthouse at dusk");
        r.negativePrompt = QStringLiteral("blurry");
        r.size = QSize(1280, 1280);
        r.count = 2;
        r.seed = 99;
        r.promptExtend = false;
        r.watermark = true;
        const QJsonObject expected = parse(R"({
          "model": "wan2.6-t2i",
          "input": { "messages": [ { "role": "user", "content": [ { "text": "a lighthouse at dusk" } ] } ] },
          "parameters": { "prompt_extend": false, "watermark": true, "n": 2, "negative_prompt": "blurry",
                          "size": "1280*1280", "seed": 99 }
        })");
        QVERIFY(!expected.isEmpty());
        QCOMPARE(encoded(r, wan26), expected);

        r.negativePrompt.clear();
        const QJsonObject parameters
                = encoded(r, wan26).value(QStringLiteral("parameters")).toObject();
        QVERIFY(!parameters.contains(QStringLiteral("negative_prompt")));
        QVERIFY(!encoded(r, wan26)
                         .value(QStringLiteral("input"))
                         .toObject()
                         .contains(QStringLiteral("prompt")));
    }

    // A protocol this version does not speak (a newer catalog's): an error value, never a wrong
    // body. Every protocol of the catalog is encoded now, so it is one out of the enum's range.
    void laterProtocolsAreRefused_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("protocol");
        QTest::newRow("image2image as a protocol of the future") << "i2i"
                                                                 << "";
    }
    void laterProtocolsAreRefused()
    {
        QFETCH(QString, model);
        QFETCH(QString, protocol);
        const ModelCatalog catalog = laterProtocols();
        ModelInfo info = catalog.model(model);
        QVERIFY(info.isValid());
        info.protocol = static_cast<EndpointProtocol>(99);
        QCOMPARE(endpointProtocolId(info.protocol), protocol);
        GenerationRequest r = request(model);
        r.kind = info.kind;
        const CreateBody body = RequestEncoder::createBody(r.resolved(info), info);
        QVERIFY(!body.isValid());
        QVERIFY(body.json.isEmpty());
        QCOMPARE(body.error.kind, ApiError::Kind::InvalidParameter);
        QVERIFY2(body.error.message.contains(model), qPrintable(body.error.message));
        QVERIFY2(body.error.message.contains(protocol), qPrintable(body.error.message));
    }

    // The exact editing bodies (dashscope-video-and-editing.md §2): wan2.5-i2i's images[] with
    // a size only when asked for; wanx2.1-imageedit's function, base image, the mask for
    // inpainting only, and each function's own parameters, nothing else.
    void editBodies_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<GenerationRequest>("request");
        QTest::addColumn<QByteArray>("expected");

        const auto image = [](const char *url, InputRole role = InputRole::Image) {
            RequestInput in;
            in.role = role;
            in.localPath = QStringLiteral("/tmp/in.png");
            in.url = QString::fromLatin1(url);
            return in;
        };
        GenerationRequest r = request(QStringLiteral("wan2.5-i2i-preview"));
        r.kind = MediaKind::ImageEdit;
        r.inputs = { image("data:image/png;base64,AAAA"), image("oss://dashscope-instant/k/b.png"),
                     image("https://example.com/c.jpg") };
        r.negativePrompt = QStringLiteral("blurry");
        r.seed = 42;
        QTest::newRow("i2i without size") << r.model << r << QByteArray(R"({
            "model": "wan2.5-i2i-preview",
            "input": {"prompt": "a flower shop", "negative_prompt": "blurry",
                      "images": ["data:image/png;base64,AAAA",
                                 "oss:\/\/dashscope-instant/k/b.png",
                                 "https:\/\/example.com/c.jpg"]},
            "parameters": {"n": 1, "seed": 42, "prompt_extend": true, "watermark": false}})");
        r.inputs = { image("data:image/png;base64,AAAA") };
        r.negativePrompt.clear();
        r.size = QSize(1280, 720);
        r.count = 4;
        r.promptExtend = false;
        r.watermark = true;
        QTest::newRow("i2i with size") << r.model << r << QByteArray(R"({
            "model": "wan2.5-i2i-preview",
            "input": {"prompt": "a flower shop", "images": ["data:image/png;base64,AAAA"]},
            "parameters": {"size": "1280*720", "n": 4, "seed": 42, "prompt_extend": false,
                           "watermark": true}})");

        const auto edit = [&image](const char *function) {
            GenerationRequest e = request(QStringLiteral("wanx2.1-imageedit"));
            e.kind = MediaKind::ImageEdit;
            e.inputs = { image("data:image/png;base64,BASE") };
            e.edit.function = QString::fromLatin1(function);
            e.seed = 7;
            return e;
        };
        // Built with QJsonObject: moc cannot read raw strings split around a quote.
        const auto expected = [](const char *function, const char *parameters) {
            QJsonObject params
                    = QJsonDocument::fromJson(QByteArray("{") + parameters + "}").object();
            params.insert(QStringLiteral("n"), 1);
            params.insert(QStringLiteral("seed"), 7);
            params.insert(QStringLiteral("watermark"), false);
            const QJsonObject input { { QStringLiteral("function"), QString::fromLatin1(function) },
                                      { QStringLiteral("prompt"), QStringLiteral("a flower shop") },
                                      { QStringLiteral("base_image_url"),
                                        QStringLiteral("data:image/png;base64,BASE") } };
            return QJsonDocument(QJsonObject { { QStringLiteral("model"),
                                                 QStringLiteral("wanx2.1-imageedit") },
                                               { QStringLiteral("input"), input },
                                               { QStringLiteral("parameters"), params } })
                    .toJson();
        };
        r = edit("stylization_all");
        r.edit.strength = 0.8;
        QTest::newRow("stylization_all")
                << r.model << r << expected("stylization_all", R"("strength": 0.8)");
        r = edit("stylization_all"); // without a strength: the service's 0.5
        QTest::newRow("stylization_all default strength")
                << r.model << r << expected("stylization_all", "");
        QTest::newRow("stylization_local")
                << r.model << edit("stylization_local") << expected("stylization_local", "");
        r = edit("description_edit");
        r.edit.strength = 0.0;
        QTest::newRow("description_edit")
                << r.model << r << expected("description_edit", R"("strength": 0)");
        QTest::newRow("remove_watermark")
                << r.model << edit("remove_watermark") << expected("remove_watermark", "");
        r = edit("expand");
        r.edit.topScale = 1.5;
        r.edit.leftScale = 2.0;
        QTest::newRow("expand") << r.model << r
                                << expected("expand",
                                            R"("top_scale": 1.5, "bottom_scale": 1,
                                            "left_scale": 2, "right_scale": 1)");
        r = edit("super_resolution");
        r.edit.upscaleFactor = 2;
        QTest::newRow("super_resolution")
                << r.model << r << expected("super_resolution", R"("upscale_factor": 2)");
        QTest::newRow("colorization")
                << r.model << edit("colorization") << expected("colorization", "");
        r = edit("doodle");
        r.edit.isSketch = true;
        QTest::newRow("doodle") << r.model << r << expected("doodle", R"("is_sketch": true)");
        QTest::newRow("doodle not a sketch")
                << r.model << edit("doodle") << expected("doodle", R"("is_sketch": false)");
        QTest::newRow("control_cartoon_feature") << r.model << edit("control_cartoon_feature")
                                                 << expected("control_cartoon_feature", "");
        r = edit("description_edit_with_mask");
        r.inputs.append(image("oss://dashscope-instant/k/mask.png", InputRole::Mask));
        r.count = 2;
        r.watermark = true;
        QTest::newRow("description_edit_with_mask") << r.model << r << QByteArray(R"({
            "model": "wanx2.1-imageedit",
            "input": {"function": "description_edit_with_mask", "prompt": "a flower shop",
                      "base_image_url": "data:image/png;base64,BASE",
                      "mask_image_url": "oss:\/\/dashscope-instant/k/mask.png"},
            "parameters": {"n": 2, "seed": 7, "watermark": true}})");
    }
    void editBodies()
    {
        QFETCH(QString, model);
        QFETCH(GenerationRequest, request);
        QFETCH(QByteArray, expected);
        const ModelInfo info = m_catalog.model(model);
        QVERIFY(info.isValid());
        const QList<ValidationIssue> issues = request.validate(m_catalog, Region::Beijing);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).message));
        QJsonParseError error;
        const QJsonObject want = QJsonDocument::fromJson(expected, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError,
                 qPrintable(error.errorString() + u'\n' + QString::fromUtf8(expected)));
        const GenerationRequest resolved = request.resolved(info);
        QCOMPARE(encoded(resolved, info), want);
        // The header follows the inputs: any oss:// one needs it.
        bool oss = false;
        for (const RequestInput &in : request.inputs)
            oss = oss || in.url.startsWith(QLatin1String("oss://"));
        QCOMPARE(RequestEncoder::needsOssResolve(resolved), oss);
    }

    // An editing input without its wire value is refused, never sent as an empty URL.
    void unpreparedEditInputIsRefused()
    {
        const ModelInfo info = m_catalog.model(QStringLiteral("wanx2.1-imageedit"));
        GenerationRequest r = request(info.name);
        r.kind = info.kind;
        r.edit.function = QStringLiteral("description_edit_with_mask");
        RequestInput base;
        base.role = InputRole::Image;
        base.url = QStringLiteral("https://example.com/base.png");
        RequestInput mask;
        mask.role = InputRole::Mask;
        mask.localPath = QStringLiteral("/tmp/mask.png");
        r.inputs = { base, mask };
        const CreateBody body = RequestEncoder::createBody(r.resolved(info), info);
        QVERIFY(!body.isValid());
        QVERIFY(body.json.isEmpty());
        QVERIFY2(body.error.message.contains(QLatin1String("mask")),
                 qPrintable(body.error.message));
    }

    // The exact bodies per video family (dashscope-video-and-editing.md §2, protocol §8.3):
    // only what the model takes; no input.function, no input.extend_prompt, no "n".
    // ("oss:\/\/" in the expected JSON: moc would read "//" as a comment in a raw string.)
    void videoBodies_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<GenerationRequest>("request");
        QTest::addColumn<QByteArray>("expected");

        GenerationRequest r = request(QStringLiteral("wan2.5-t2v-preview"));
        r.kind = MediaKind::TextToVideo;
        r.negativePrompt = QStringLiteral("blurry");
        r.size = QSize(832, 480);
        r.video.durationSeconds = 10;
        r.seed = 42;
        QTest::newRow("t2v 2.5") << r.model << r << QByteArray(R"({"model": "wan2.5-t2v-preview",
            "input": {"prompt": "a flower shop", "negative_prompt": "blurry"},
            "parameters": {"size": "832*480", "duration": 10, "seed": 42, "prompt_extend": true,
                           "watermark": false}})");

        r = request(QStringLiteral("wan2.6-t2v"));
        r.kind = MediaKind::TextToVideo;
        r.size = QSize(1920, 1080);
        r.video.durationSeconds = 15;
        r.video.shotType = QStringLiteral("multi");
        r.seed = 1;
        QTest::newRow("t2v 2.6 shot type") << r.model << r << QByteArray(R"({"model": "wan2.6-t2v",
            "input": {"prompt": "a flower shop"},
            "parameters": {"size": "1920*1080", "duration": 15, "shot_type": "multi", "seed": 1,
                           "prompt_extend": true, "watermark": false}})");
        r.promptExtend = false; // shot_type is read only with prompt_extend
        QTest::newRow("t2v 2.6 without prompt extend")
                << r.model << r << QByteArray(R"({"model": "wan2.6-t2v",
            "input": {"prompt": "a flower shop"},
            "parameters": {"size": "1920*1080", "duration": 15, "seed": 1,
                           "prompt_extend": false, "watermark": false}})");

        r = request(QStringLiteral("wan2.2-t2v-plus"));
        r.kind = MediaKind::TextToVideo;
        r.size = QSize(1920, 1080);
        r.seed = 3;
        r.watermark = true;
        QTest::newRow("t2v fixed length")
                << r.model << r << QByteArray(R"({"model": "wan2.2-t2v-plus",
            "input": {"prompt": "a flower shop"},
            "parameters": {"size": "1920*1080", "seed": 3, "prompt_extend": true,
                           "watermark": true}})");

        r = request(QStringLiteral("wan2.7-t2v"));
        r.kind = MediaKind::TextToVideo;
        r.video.resolution = QStringLiteral("720P");
        r.video.ratio = QStringLiteral("9:16");
        r.video.durationSeconds = 2;
        r.seed = 4;
        QTest::newRow("t2v 2.7 ratio") << r.model << r << QByteArray(R"({"model": "wan2.7-t2v",
            "input": {"prompt": "a flower shop"},
            "parameters": {"resolution": "720P", "ratio": "9:16", "duration": 2, "seed": 4,
                           "prompt_extend": true, "watermark": false}})");

        RequestInput first;
        first.role = InputRole::FirstFrame;
        first.localPath = QStringLiteral("/tmp/first.png");
        first.url = QStringLiteral("data:image/png;base64,iVBORw0KGgo=");
        RequestInput last;
        last.role = InputRole::LastFrame;
        last.url = QStringLiteral("oss://dashscope-instant/k/last.png");

        r = request(QStringLiteral("wan2.2-i2v-plus"), QString());
        r.kind = MediaKind::ImageToVideo;
        r.inputs = { first };
        r.video.resolution = QStringLiteral("480P");
        r.seed = 5;
        QTest::newRow("i2v without prompt")
                << r.model << r << QByteArray(R"({"model": "wan2.2-i2v-plus",
            "input": {"img_url": "data:image/png;base64,iVBORw0KGgo="},
            "parameters": {"resolution": "480P", "seed": 5, "prompt_extend": true,
                           "watermark": false}})");

        r = request(QStringLiteral("wan2.6-i2v-flash"));
        r.kind = MediaKind::ImageToVideo;
        r.inputs = { first };
        r.video.resolution = QStringLiteral("720P");
        r.video.durationSeconds = 7;
        r.video.audio = false;
        r.seed = 6;
        QTest::newRow("i2v flash silent")
                << r.model << r << QByteArray(R"({"model": "wan2.6-i2v-flash",
            "input": {"prompt": "a flower shop", "img_url": "data:image/png;base64,iVBORw0KGgo="},
            "parameters": {"resolution": "720P", "duration": 7, "audio": false, "seed": 6,
                           "prompt_extend": true, "watermark": false}})");

        r = request(QStringLiteral("wan2.7-i2v-2026-04-25"));
        r.kind = MediaKind::ImageToVideo;
        r.inputs = { first, last };
        r.inputs.first().url = QStringLiteral("oss://dashscope-instant/k/first.png");
        r.video.resolution = QStringLiteral("1080P");
        r.video.durationSeconds = 5;
        r.seed = 7;
        QTest::newRow("i2v 2.7 media")
                << r.model << r << QByteArray(R"({"model": "wan2.7-i2v-2026-04-25",
            "input": {"prompt": "a flower shop", "media": [
                {"type": "first_frame", "url": "oss:\/\/dashscope-instant/k/first.png"},
                {"type": "last_frame", "url": "oss:\/\/dashscope-instant/k/last.png"}]},
            "parameters": {"resolution": "1080P", "duration": 5, "seed": 7,
                           "prompt_extend": true, "watermark": false}})");

        r = request(QStringLiteral("wan2.2-kf2v-flash"));
        r.kind = MediaKind::KeyframeToVideo;
        r.negativePrompt = QStringLiteral("blurry");
        r.inputs = { first, last };
        r.video.resolution = QStringLiteral("480P");
        r.seed = 8;
        QTest::newRow("kf2v") << r.model << r << QByteArray(R"({"model": "wan2.2-kf2v-flash",
            "input": {"prompt": "a flower shop", "negative_prompt": "blurry",
                      "first_frame_url": "data:image/png;base64,iVBORw0KGgo=",
                      "last_frame_url": "oss:\/\/dashscope-instant/k/last.png"},
            "parameters": {"resolution": "480P", "seed": 8, "prompt_extend": true,
                           "watermark": false}})");
    }
    void videoBodies()
    {
        QFETCH(QString, model);
        QFETCH(GenerationRequest, request);
        QFETCH(QByteArray, expected);
        const ModelInfo info = m_catalog.model(model);
        QVERIFY(info.isValid());
        // The request is valid as it is: the bodies are of requests the engine would send.
        const QList<ValidationIssue> issues = request.validate(m_catalog, info.regions.first());
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).message));
        QJsonParseError error;
        const QJsonObject want = QJsonDocument::fromJson(expected, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(encoded(request.resolved(info), info), want);
    }

    // An input without its wire value is refused, never sent as an empty URL.
    void unpreparedVideoInputIsRefused()
    {
        const ModelInfo info = m_catalog.model(QStringLiteral("wan2.2-kf2v-flash"));
        GenerationRequest r = request(info.name);
        r.kind = info.kind;
        RequestInput first;
        first.role = InputRole::FirstFrame;
        first.localPath = QStringLiteral("/tmp/first.png");
        r.inputs = { first, first };
        r.inputs.last().role = InputRole::LastFrame;
        r.inputs.last().url = QStringLiteral("https://example.com/last.png");
        const CreateBody body = RequestEncoder::createBody(r.resolved(info), info);
        QVERIFY(!body.isValid());
        QVERIFY(body.json.isEmpty());
        QVERIFY2(body.error.message.contains(QLatin1String("first_frame")),
                 qPrintable(body.error.message));
    }

    void ossInputsNeedResolving()
    {
        GenerationRequest r = request(QStringLiteral("wan2.5-t2i-preview"));
        QVERIFY(!RequestEncoder::needsOssResolve(r));
        RequestInput local;
        local.role = InputRole::FirstFrame;
        local.localPath = QStringLiteral("/tmp/frame.png");
        r.inputs.append(local);
        RequestInput remote;
        remote.role = InputRole::LastFrame;
        remote.url = QStringLiteral("https://example.com/oss://not-an-upload.png");
        r.inputs.append(remote);
        QVERIFY(!RequestEncoder::needsOssResolve(r));
        RequestInput uploaded;
        uploaded.role = InputRole::Mask;
        uploaded.url = QStringLiteral("oss://dashscope-instant/abc/2025-01-01/frame.png");
        r.inputs.append(uploaded);
        QVERIFY(RequestEncoder::needsOssResolve(r));
        r.inputs.last().url = QStringLiteral("OSS://dashscope-instant/abc/frame.png");
        QVERIFY(RequestEncoder::needsOssResolve(r));
    }
};

QTEST_GUILESS_MAIN(tst_RequestEncoder)
#include "tst_requestencoder.moc"
