#include "domain/requestcodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class tst_RequestCodec final : public QObject
{
    Q_OBJECT

private slots:
    void idsRoundTrip();
    void roundTrip_data();
    void roundTrip();
    void defaultsAreLeftOut();
    void readsProvenanceWrittenBeforeTheCodec();
    void toleratesBadFields();
    void unknownInputRolesAreDropped();
    void textThatIsNotAnObjectGivesADefaultRequest();
};

void tst_RequestCodec::idsRoundTrip()
{
    for (MediaKind kind : { MediaKind::TextToImage, MediaKind::ImageEdit, MediaKind::TextToVideo,
                            MediaKind::ImageToVideo, MediaKind::KeyframeToVideo })
        QCOMPARE(mediaKindFromId(mediaKindId(kind)), kind);
    for (EndpointProtocol protocol :
         { EndpointProtocol::ImageSynthesis, EndpointProtocol::ImageGeneration,
           EndpointProtocol::VideoSynthesis, EndpointProtocol::Image2Video,
           EndpointProtocol::Image2Image })
        QCOMPARE(endpointProtocolFromId(endpointProtocolId(protocol)), protocol);
    for (InputRole role : { InputRole::Image, InputRole::Mask, InputRole::FirstFrame,
                            InputRole::LastFrame, InputRole::DrivingAudio })
        QCOMPARE(inputRoleFromId(inputRoleId(role)), role);
    QCOMPARE(mediaKindId(MediaKind::KeyframeToVideo), QStringLiteral("keyframe-to-video"));
    QCOMPARE(endpointProtocolId(EndpointProtocol::Image2Video), QStringLiteral("image2video"));
    QVERIFY(!mediaKindFromId(QStringLiteral("Text-To-Image")));
    QVERIFY(!endpointProtocolFromId(QString()));
    QVERIFY(makesVideo(MediaKind::ImageToVideo));
    QVERIFY(!makesVideo(MediaKind::ImageEdit));
}

void tst_RequestCodec::roundTrip_data()
{
    QTest::addColumn<GenerationRequest>("request");

    GenerationRequest image;
    image.model = QStringLiteral("wan2.5-t2i-preview");
    image.prompt = QStringLiteral("一间有着精致窗户的花店 🌸");
    image.negativePrompt = QStringLiteral("blurry");
    image.size = QSize(1280, 720);
    image.count = 3;
    image.seed = 2147483647;
    image.promptExtend = false;
    image.watermark = true;
    QTest::newRow("text-to-image") << image;

    GenerationRequest defaults;
    QTest::newRow("defaults") << defaults;

    GenerationRequest keyframes;
    keyframes.kind = MediaKind::KeyframeToVideo;
    keyframes.model = QStringLiteral("wan2.2-kf2v-flash");
    keyframes.prompt = QStringLiteral("the flower opens");
    keyframes.seed = 0;
    keyframes.inputs = {
        { InputRole::FirstFrame, QStringLiteral("/home/a/first.png"), {}, QByteArray("ab12") },
        { InputRole::LastFrame, {}, QStringLiteral("oss://dir/last.png"), {} }
    };
    keyframes.video.durationSeconds = 5;
    keyframes.video.resolution = QStringLiteral("1080P");
    keyframes.video.audio = true;
    keyframes.video.shotType = QStringLiteral("multi");
    keyframes.video.ratio = QStringLiteral("16:9");
    QTest::newRow("keyframe-to-video") << keyframes;

    GenerationRequest edit;
    edit.kind = MediaKind::ImageEdit;
    edit.model = QStringLiteral("wanx2.1-imageedit");
    edit.prompt = QStringLiteral("grow the canvas");
    edit.inputs = { { InputRole::Image, QStringLiteral("/a.png"), {}, {} },
                    { InputRole::Mask, QStringLiteral("/mask.png"), {}, {} } };
    edit.edit.function = QStringLiteral("expand");
    edit.edit.strength = 0.25;
    edit.edit.topScale = 1.5;
    edit.edit.bottomScale = 2.0;
    edit.edit.leftScale = 1.25;
    edit.edit.rightScale = 1.75;
    edit.edit.upscaleFactor = 3;
    edit.edit.isSketch = true;
    QTest::newRow("image-edit") << edit;
}

void tst_RequestCodec::roundTrip()
{
    QFETCH(GenerationRequest, request);
    QCOMPARE(RequestCodec::fromJson(RequestCodec::toJson(request)), request);
    QCOMPARE(RequestCodec::fromText(RequestCodec::toText(request)), request);
}

void tst_RequestCodec::defaultsAreLeftOut()
{
    GenerationRequest request;
    request.model = QStringLiteral("wan2.2-t2i-flash");
    const QJsonObject json = RequestCodec::toJson(request);
    QCOMPARE(json.value(QLatin1String("kind")).toString(), QStringLiteral("text-to-image"));
    QCOMPARE(json.value(QLatin1String("n")).toInt(), 1);
    for (const char *absent : { "size", "seed", "inputs", "video", "edit", "negative_prompt" })
        QVERIFY2(!json.contains(QLatin1String(absent)), absent);
}

void tst_RequestCodec::readsProvenanceWrittenBeforeTheCodec()
{
    // The "dashscope" PNG chunk of version 0.1: no kind, no n, the seed as a number.
    const QByteArray old = R"({"model":"wan2.2-t2i-flash","region":"beijing","task_id":"t-1",
        "seed":42,"size":"1024*1024","prompt":"a cat","negative_prompt":"dogs",
        "actual_prompt":"a small cat","prompt_extend":false,"watermark":true,
        "created":"2026-01-02T03:04:05.000Z","software":"DashScope Studio 0.1.0"})";
    const GenerationRequest request = RequestCodec::fromText(old);
    QCOMPARE(request.kind, MediaKind::TextToImage);
    QCOMPARE(request.model, QStringLiteral("wan2.2-t2i-flash"));
    QCOMPARE(request.prompt, QStringLiteral("a cat"));
    QCOMPARE(request.negativePrompt, QStringLiteral("dogs"));
    QCOMPARE(request.size, QSize(1024, 1024));
    QCOMPARE(request.seed, std::optional<qint64>(42));
    QCOMPARE(request.count, 1);
    QCOMPARE(request.promptExtend, false);
    QCOMPARE(request.watermark, true);
}

void tst_RequestCodec::toleratesBadFields()
{
    const QByteArray hostile = R"({"kind":"hologram","model":7,"size":"huge","n":1e300,
        "seed":-5,"prompt_extend":"yes","inputs":{"role":"image"},"video":[1,2],
        "edit":{"upscale_factor":1e308,"strength":"strong"}})";
    const GenerationRequest request = RequestCodec::fromText(hostile);
    const GenerationRequest defaults;
    QCOMPARE(request.kind, MediaKind::TextToImage);
    QCOMPARE(request.model, QString());
    QVERIFY(!request.size.isValid());
    QCOMPARE(request.count, defaults.count);
    QCOMPARE(request.seed, std::nullopt);
    QCOMPARE(request.promptExtend, defaults.promptExtend);
    QVERIFY(request.inputs.isEmpty());
    QCOMPARE(request.video, VideoParameters());
    QCOMPARE(request.edit.upscaleFactor, 1);
    QCOMPARE(request.edit.strength, std::nullopt);

    // A seed written as text by another tool still reads.
    QCOMPARE(RequestCodec::fromText(R"({"seed":"17"})").seed, std::optional<qint64>(17));
}

void tst_RequestCodec::unknownInputRolesAreDropped()
{
    const QByteArray json = R"({"kind":"image-to-video","inputs":[
        {"role":"first_frame","path":"/a.png","sha256":"00ff"},
        {"role":"first_clip","url":"oss://x"}]})";
    const GenerationRequest request = RequestCodec::fromText(json);
    QCOMPARE(request.kind, MediaKind::ImageToVideo);
    QCOMPARE(request.inputs.size(), 1);
    QCOMPARE(request.inputs.first().role, InputRole::FirstFrame);
    QCOMPARE(request.inputs.first().localPath, QStringLiteral("/a.png"));
    QCOMPARE(request.inputs.first().sha256, QByteArray("00ff"));
    QCOMPARE(request.inputsWith(InputRole::FirstFrame).size(), 1);
    QVERIFY(request.inputsWith(InputRole::LastFrame).isEmpty());
}

void tst_RequestCodec::textThatIsNotAnObjectGivesADefaultRequest()
{
    for (const QByteArray &text : { QByteArray(), QByteArray("[]"), QByteArray("nul"),
                                    QByteArray("\"text\""), QByteArray("{\"n\":") })
        QCOMPARE(RequestCodec::fromText(text), GenerationRequest());
}

QTEST_GUILESS_MAIN(tst_RequestCodec)
#include "tst_requestcodec.moc"
