#include "domain/generationrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
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

QStringList fields(const QList<ValidationIssue> &issues)
{
    QStringList result;
    for (const ValidationIssue &issue : issues)
        result << issue.field;
    return result;
}

QString messages(const QList<ValidationIssue> &issues)
{
    QStringList result;
    for (const ValidationIssue &issue : issues)
        result << issue.field + QStringLiteral(": ") + issue.message;
    return result.join(QLatin1Char('\n'));
}

// A small catalog with a model of every kind, as the video and editing issues will list them.
ModelCatalog kindsCatalog()
{
    const QByteArray json = R"({
      "defaultModel": "img",
      "models": [
        { "name": "img", "path": "services/aigc/text2image/image-synthesis",
          "regions": ["singapore"], "negativePromptMaxChars": 500 },
        { "name": "t2v", "kind": "text-to-video", "protocol": "video-synthesis",
          "path": "services/aigc/video-generation/video-synthesis", "regions": ["singapore"],
          "size": { "rule": "fixed", "sizes": ["1280*720", "1920*1080"] },
          "defaultSize": "1920*1080", "durations": [5, 10, 15], "defaultDuration": 5,
          "supportsAudio": true, "supportsShotType": true, "minCount": 1, "maxCount": 1,
          "inputs": [ { "role": "driving_audio", "maxCount": 1, "formats": ["wav", "mp3"] } ] },
        { "name": "t2v-27", "kind": "text-to-video", "protocol": "video-synthesis",
          "path": "services/aigc/video-generation/video-synthesis", "regions": ["singapore"],
          "resolutions": ["720P", "1080P"], "defaultResolution": "1080P",
          "ratios": ["16:9", "9:16", "1:1"], "defaultRatio": "16:9",
          "durations": { "min": 2, "max": 15 }, "minCount": 1, "maxCount": 1 },
        { "name": "i2v", "kind": "image-to-video", "protocol": "video-synthesis",
          "path": "services/aigc/video-generation/video-synthesis", "regions": ["singapore"],
          "resolutions": ["480P", "720P", "1080P"], "defaultResolution": "1080P",
          "durations": { "min": 2, "max": 15 }, "minCount": 1, "maxCount": 1,
          "inputs": [ { "role": "first_frame", "minCount": 1, "maxCount": 1,
                        "formats": ["jpeg", "png", "bmp", "webp"], "minSide": 360,
                        "maxSide": 2000, "maxBytes": 10485760 } ] },
        { "name": "kf2v", "kind": "keyframe-to-video", "protocol": "image2video",
          "path": "services/aigc/image2video/video-synthesis", "regions": ["singapore"],
          "resolutions": ["720P"], "minCount": 1, "maxCount": 1,
          "inputs": [ { "role": "first_frame", "minCount": 1, "maxCount": 1 },
                      { "role": "last_frame", "minCount": 1, "maxCount": 1 } ] },
        { "name": "edit", "kind": "image-edit", "protocol": "image2image",
          "path": "services/aigc/image2image/image-synthesis", "regions": ["singapore"],
          "functions": ["description_edit", "description_edit_with_mask", "expand"],
          "inputs": [ { "role": "image", "minCount": 1, "maxCount": 1 },
                      { "role": "mask", "maxCount": 1 } ] },
        { "name": "i2i", "kind": "image-edit", "protocol": "image2image",
          "path": "services/aigc/image2image/image-synthesis", "regions": ["singapore"],
          "inputs": [ { "role": "image", "minCount": 1, "maxCount": 3 } ] }
      ]
    })";
    QString error;
    const ModelCatalog catalog = ModelCatalog::fromJson(json, &error);
    if (!error.isEmpty())
        qWarning("kindsCatalog: %s", qPrintable(error));
    return catalog;
}

RequestInput input(InputRole role, const QString &url = QStringLiteral("https://example.com/a.png"))
{
    RequestInput in;
    in.role = role;
    in.url = url;
    return in;
}

// A request every model of kindsCatalog() takes as it is.
GenerationRequest validFor(const ModelInfo &model)
{
    GenerationRequest r = request(model.name);
    r.kind = model.kind;
    for (const InputRule &rule : model.rules.inputs) {
        for (int i = 0; i < rule.minCount; ++i)
            r.inputs.append(input(rule.role));
    }
    if (!model.rules.functions.isEmpty())
        r.edit.function = model.rules.functions.constFirst();
    return r;
}

} // namespace

class tst_GenerationRequest final : public QObject
{
    Q_OBJECT

private:
    const ModelCatalog m_catalog = ModelCatalog::builtIn();

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(!m_catalog.models().isEmpty());
    }

    void parseSize_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QSize>("expected"); // invalid: refused

        QTest::newRow("asterisk") << "1280*1280" << QSize(1280, 1280);
        QTest::newRow("x") << "1280x720" << QSize(1280, 720);
        QTest::newRow("X") << "720X1280" << QSize(720, 1280);
        QTest::newRow("times sign") << "1280×1280" << QSize(1280, 1280);
        QTest::newRow("spaces") << " 1280 x 1280 " << QSize(1280, 1280);
        QTest::newRow("fullwidth asterisk") << "1328＊1328" << QSize(1328, 1328);
        QTest::newRow("doc example") << "768*2700" << QSize(768, 2700);

        QTest::newRow("empty") << "" << QSize();
        QTest::newRow("one number") << "1280" << QSize();
        QTest::newRow("comma") << "1280,1280" << QSize();
        QTest::newRow("colon ratio") << "16:9" << QSize();
        QTest::newRow("zero") << "0*1280" << QSize();
        QTest::newRow("negative") << "-1280*1280" << QSize();
        QTest::newRow("decimal") << "1280.5*1280" << QSize();
        QTest::newRow("three parts") << "1*2*3" << QSize();
        QTest::newRow("huge") << "999999*999999" << QSize();
        QTest::newRow("letters") << "big*small" << QSize();
        QTest::newRow("resolution tier") << "1080P" << QSize();
    }
    void parseSize()
    {
        QFETCH(QString, text);
        QFETCH(QSize, expected);
        const std::optional<QSize> parsed = GenerationRequest::parseSize(text);
        if (!expected.isValid()) {
            QVERIFY2(!parsed, qPrintable(text));
        } else {
            QVERIFY(parsed);
            QCOMPARE(*parsed, expected);
        }
    }

    void sizeToString()
    {
        QCOMPARE(GenerationRequest::sizeToString(QSize(1280, 720)), QStringLiteral("1280*720"));
        QCOMPARE(GenerationRequest::parseSize(GenerationRequest::sizeToString(QSize(768, 2700))),
                 std::optional<QSize>(QSize(768, 2700)));
    }

    void validRequests_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("region");
        QTest::addColumn<QSize>("size");

        QTest::newRow("default model, default size")
                << "wan2.5-t2i-preview" << int(Region::Singapore) << QSize();
        QTest::newRow("wan2.5 768*2700")
                << "wan2.5-t2i-preview" << int(Region::Beijing) << QSize(768, 2700);
        QTest::newRow("wan2.6 in Virginia")
                << "wan2.6-t2i" << int(Region::Virginia) << QSize(1440, 1440);
        QTest::newRow("wan2.2 sides")
                << "wan2.2-t2i-flash" << int(Region::Singapore) << QSize(512, 1440);
        QTest::newRow("wan2.1 Singapore name")
                << "wan2.1-t2i-turbo" << int(Region::Singapore) << QSize(1024, 768);
        QTest::newRow("wanx2.1 Beijing name")
                << "wanx2.1-t2i-plus" << int(Region::Beijing) << QSize(1024, 768);
        QTest::newRow("qwen fixed")
                << "qwen-image-plus" << int(Region::Singapore) << QSize(1664, 928);
        QTest::newRow("wanx-v1") << "wanx-v1" << int(Region::Beijing) << QSize(720, 1280);
    }
    void validRequests()
    {
        QFETCH(QString, model);
        QFETCH(int, region);
        QFETCH(QSize, size);
        GenerationRequest r = request(model);
        r.size = size;
        r.count = 4;
        r.seed = 0;
        const QList<ValidationIssue> issues = r.validate(m_catalog, Region(region));
        QVERIFY2(issues.isEmpty(), qPrintable(messages(issues)));
        r.seed = MaxSeed;
        r.count = 1;
        QVERIFY(r.validate(m_catalog, Region(region)).isEmpty());
    }

    void invalidRequests_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("region");
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("count");
        QTest::addColumn<qint64>("seed");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message"); // exact, or a part of it when it starts with "…"

        const int sg = int(Region::Singapore);
        const QString ok = QStringLiteral("a flower shop");
        QTest::newRow("no model") << "" << sg << ok << QSize() << 1 << qint64(1) << "model"
                                  << "Choose a model.";
        QTest::newRow("unknown model")
                << "wan9-t2i" << sg << ok << QSize() << 1 << qint64(1) << "model"
                << "…The model “wan9-t2i” is not in the catalog. Models served in "
                   "Singapore: wan2.5-t2i-preview, wan2.6-t2i";
        QTest::newRow("Beijing name in Singapore")
                << "wanx2.1-t2i-turbo" << sg << ok << QSize() << 1 << qint64(1) << "model"
                << "The model wanx2.1-t2i-turbo is not served in Singapore, where the same model "
                   "is called "
                   "wan2.1-t2i-turbo.";
        QTest::newRow("Beijing only")
                << "wanx-v1" << sg << ok << QSize() << 1 << qint64(1) << "model"
                << "The model wanx-v1 is not served in Singapore; it is served in China (Beijing). "
                   "Choose "
                   "another model or region.";
        QTest::newRow("not in Virginia") << "wan2.5-t2i-preview" << int(Region::Virginia) << ok
                                         << QSize() << 1 << qint64(1) << "model"
                                         << "…it is served in Singapore and China (Beijing).";
        QTest::newRow("empty prompt")
                << "wan2.5-t2i-preview" << sg << "" << QSize() << 1 << qint64(1) << "prompt"
                << "The prompt is empty; describe the image you want.";
        QTest::newRow("blank prompt")
                << "wan2.5-t2i-preview" << sg << " \n\t " << QSize() << 1 << qint64(1) << "prompt"
                << "…empty";
        QTest::newRow("n zero")
                << "wan2.5-t2i-preview" << sg << ok << QSize() << 0 << qint64(1) << "n"
                << "Number of images 0 is outside 1–4, the range wan2.5-t2i-preview "
                   "allows.";
        QTest::newRow("n five") << "qwen-image" << sg << ok << QSize() << 5 << qint64(1) << "n"
                                << "…5 is outside 1–4";
        QTest::newRow("seed negative")
                << "wan2.2-t2i-flash" << sg << ok << QSize() << 1 << qint64(-1) << "seed"
                << "Seed -1 is outside the allowed range 0–2,147,483,647.";
        QTest::newRow("seed too big")
                << "wan2.2-t2i-flash" << sg << ok << QSize() << 1 << qint64(2147483648) << "seed"
                << "…2,147,483,648 is outside";
        QTest::newRow("size pixels")
                << "wan2.5-t2i-preview" << sg << ok << QSize(2000, 2000) << 1 << qint64(1) << "size"
                << "Size 2000×2000 has 4,000,000 pixels; wan2.5-t2i-preview allows "
                   "1,638,400 to 2,073,600 (1280×1280 to 1440×1440).";
        QTest::newRow("size sides")
                << "wan2.2-t2i-flash" << sg << ok << QSize(1024, 1536) << 1 << qint64(1) << "size"
                << "…height of 1,536 pixels";
        QTest::newRow("size fixed")
                << "qwen-image-plus" << sg << ok << QSize(1280, 1280) << 1 << qint64(1) << "size"
                << "…is not one of the sizes qwen-image-plus supports";
        QTest::newRow("size zero")
                << "wan2.2-t2i-flash" << sg << ok << QSize(0, 0) << 1 << qint64(1) << "size"
                << "…not a size";
    }
    void invalidRequests()
    {
        QFETCH(QString, model);
        QFETCH(int, region);
        QFETCH(QString, prompt);
        QFETCH(QSize, size);
        QFETCH(int, count);
        QFETCH(qint64, seed);
        QFETCH(QString, field);
        QFETCH(QString, message);

        GenerationRequest r = request(model, prompt);
        r.size = size;
        r.count = count;
        r.seed = seed;
        const QList<ValidationIssue> issues = r.validate(m_catalog, Region(region));
        QCOMPARE(fields(issues), QStringList { field });
        const QString actual = issues.constFirst().message;
        if (message.startsWith(QChar(0x2026)))
            QVERIFY2(actual.contains(message.mid(1)), qPrintable(actual));
        else
            QCOMPARE(actual, message);
    }

    void severalProblemsAtOnce()
    {
        GenerationRequest r = request(QStringLiteral("wan2.2-t2i-flash"), QString());
        r.size = QSize(100, 100);
        r.count = 9;
        r.seed = -5;
        const QStringList found = fields(r.validate(m_catalog, Region::Singapore));
        QCOMPARE(found,
                 (QStringList { QStringLiteral("prompt"), QStringLiteral("size"),
                                QStringLiteral("n"), QStringLiteral("seed") }));
    }

    void longPromptIsAWarningNotAnError()
    {
        const ModelInfo flash = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
        GenerationRequest r = request(flash.name, QString(801, QLatin1Char('a')));
        QVERIFY(r.validate(m_catalog, Region::Singapore).isEmpty());
        const QList<ValidationIssue> warnings = r.warnings(flash);
        QCOMPARE(fields(warnings), QStringList { QStringLiteral("prompt") });
        QCOMPARE(warnings.constFirst().message,
                 QStringLiteral(
                         "The prompt has 801 characters; wan2.2-t2i-flash reads only the first 800 "
                         "and ignores the rest."));

        r.prompt = QString(800, QChar(0x82B1)); // 花: one character each, as the service counts
        QVERIFY(r.warnings(flash).isEmpty());
        r.negativePrompt = QString(501, QLatin1Char('n'));
        QCOMPARE(fields(r.warnings(flash)), QStringList { QStringLiteral("negative_prompt") });
        QVERIFY(r.validate(m_catalog, Region::Singapore).isEmpty());

        const ModelInfo wan25 = m_catalog.model(QStringLiteral("wan2.5-t2i-preview"));
        r.prompt = QString(2000, QLatin1Char('a'));
        r.negativePrompt.clear();
        QVERIFY(r.warnings(wan25).isEmpty());
        r.prompt += QLatin1Char('a');
        QCOMPARE(r.warnings(wan25).size(), 1);
    }

    void promptLength()
    {
        QCOMPARE(GenerationRequest::promptLength(QString()), 0);
        QCOMPARE(GenerationRequest::promptLength(QStringLiteral("abc")), 3);
        QCOMPARE(GenerationRequest::promptLength(QStringLiteral("一间花店，")), 5);
        QCOMPARE(GenerationRequest::promptLength(QStringLiteral("a😀b")), 3); // surrogate pair = 1
    }

    void negativePromptNeedsSupport()
    {
        QJsonObject entry {
            { QStringLiteral("name"), QStringLiteral("no-negative") },
            { QStringLiteral("path"), QStringLiteral("services/aigc/text2image/image-synthesis") },
            { QStringLiteral("regions"), QJsonArray { QStringLiteral("singapore") } },
            { QStringLiteral("negativePromptMaxChars"), 0 },
        };
        const ModelCatalog catalog = ModelCatalog::fromJson(
                QJsonDocument(QJsonObject { { QStringLiteral("models"), QJsonArray { entry } } })
                        .toJson());
        QVERIFY(catalog.model(QStringLiteral("no-negative")).isValid());
        GenerationRequest r = request(QStringLiteral("no-negative"));
        QVERIFY(r.validate(catalog, Region::Singapore).isEmpty());
        r.negativePrompt = QStringLiteral("blurry");
        const QList<ValidationIssue> issues = r.validate(catalog, Region::Singapore);
        QCOMPARE(fields(issues), QStringList { QStringLiteral("negative_prompt") });
        QVERIFY(issues.constFirst().message.contains(QStringLiteral("no-negative")));
    }

    void everyKindValidAsItIs()
    {
        const ModelCatalog catalog = kindsCatalog();
        QCOMPARE(catalog.models().size(), 7);
        for (const ModelInfo &model : catalog.models()) {
            const GenerationRequest r = validFor(model);
            const QList<ValidationIssue> issues = r.validate(catalog, Region::Singapore);
            QVERIFY2(issues.isEmpty(), qPrintable(model.name + u'\n' + messages(issues)));
            // What resolved() fills in from the model is within its rules too.
            QVERIFY(r.resolved(model).validate(catalog, Region::Singapore).isEmpty());
        }
    }

    // Rules from the catalog, for the kinds video and editing bring: field and sentence.
    void kindRules_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<GenerationRequest>("changed"); // validFor(model) with one thing changed
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message"); // exact, or a part of it when it starts with "…"

        const ModelCatalog catalog = kindsCatalog();
        const auto base = [&catalog](const char *name) {
            return validFor(catalog.model(QString::fromLatin1(name)));
        };

        GenerationRequest r = base("img");
        r.kind = MediaKind::TextToVideo;
        QTest::newRow("kind of another model")
                << "img" << r << "kind"
                << "The model img is for text-to-image; this request is for text-to-video. Choose "
                   "a model for text-to-video.";
        r = base("i2v");
        r.kind = MediaKind::TextToImage;
        QTest::newRow("image request, video model") << "i2v" << r << "kind"
                                                    << "…is for image-to-video";

        r = base("img");
        r.inputs.append(input(InputRole::Image));
        QTest::newRow("inputs for a model without")
                << "img" << r << "inputs"
                << "img takes no input files (given: 1); remove them.";
        r = base("i2v");
        r.inputs.clear();
        QTest::newRow("first frame missing")
                << "i2v" << r << "first_frame"
                << "Number of first frame inputs 0 is not allowed; i2v takes exactly 1.";
        r = base("kf2v");
        r.inputs.removeLast();
        QTest::newRow("last frame missing")
                << "kf2v" << r << "last_frame"
                << "Number of last frame inputs 0 is not allowed; kf2v takes exactly 1.";
        r = base("i2i");
        r.inputs = { input(InputRole::Image), input(InputRole::Image), input(InputRole::Image),
                     input(InputRole::Image) };
        QTest::newRow("too many images")
                << "i2i" << r << "image"
                << "Number of image inputs 4 is outside 1–3, the range i2i allows.";
        r = base("i2v");
        r.inputs.append(input(InputRole::Mask));
        QTest::newRow("role the model does not take")
                << "i2v" << r << "mask"
                << "i2v does not take a mask input (given: 1); it takes: first frame.";
        r = base("i2v");
        r.inputs.first().url.clear();
        QTest::newRow("input without file or url")
                << "i2v" << r << "first_frame"
                << "A first frame input has neither a file nor a URL; choose a file for it.";

        r = base("t2v");
        r.video.durationSeconds = 7;
        QTest::newRow("duration not listed")
                << "t2v" << r << "duration"
                << "Duration 7 s is not allowed; t2v allows 5, 10, and 15 seconds.";
        r = base("i2v");
        r.video.durationSeconds = 16;
        QTest::newRow("duration outside range")
                << "i2v" << r << "duration"
                << "Duration 16 s is not allowed; i2v allows 2 to 15 seconds.";
        r = base("kf2v");
        r.video.durationSeconds = 5;
        QTest::newRow("duration of a fixed-length model")
                << "kf2v" << r << "duration"
                << "…kf2v makes videos of one fixed length";
        r = base("i2v");
        r.video.resolution = QStringLiteral("4K");
        QTest::newRow("resolution not offered")
                << "i2v" << r << "resolution"
                << "Resolution 4K is not one i2v offers: 480P, 720P, and 1080P.";
        r = base("t2v");
        r.video.resolution = QStringLiteral("720P");
        QTest::newRow("resolution for a sized model")
                << "t2v" << r << "resolution"
                << "…t2v takes no resolution tier (given: 720P)";
        r = base("t2v-27");
        r.video.ratio = QStringLiteral("4:3");
        QTest::newRow("ratio not offered")
                << "t2v-27" << r << "ratio"
                << "Aspect ratio 4:3 is not one t2v-27 offers: 16:9, 9:16, and 1:1.";
        r = base("i2v");
        r.video.ratio = QStringLiteral("16:9");
        QTest::newRow("ratio for an image-to-video model") << "i2v" << r << "ratio"
                                                           << "…i2v takes no aspect ratio";
        r = base("i2v");
        r.video.audio = true;
        QTest::newRow("audio not made") << "i2v" << r << "audio"
                                        << "i2v does not make sound; switch audio off.";
        r = base("i2v");
        r.video.shotType = QStringLiteral("multi");
        QTest::newRow("shot type not taken") << "i2v" << r << "shot_type"
                                             << "i2v takes no shot type (given: multi); leave "
                                                "it empty.";
        r = base("t2v");
        r.video.shotType = QStringLiteral("triple");
        QTest::newRow("shot type unknown")
                << "t2v" << r << "shot_type"
                << "Shot type “triple” is not one t2v offers: single and multi.";
        r = base("t2v");
        r.count = 2;
        QTest::newRow("two videos") << "t2v" << r << "n"
                                    << "Number of videos 2 is not allowed; t2v makes exactly 1.";
        r = base("t2v");
        r.prompt.clear();
        QTest::newRow("text-to-video without prompt")
                << "t2v" << r << "prompt"
                << "The prompt is empty; describe the video you want.";
        r = base("edit");
        r.prompt.clear();
        QTest::newRow("edit without prompt")
                << "edit" << r << "prompt"
                << "The prompt is empty; describe the change you want.";

        r = base("edit");
        r.edit.function.clear();
        QTest::newRow("function missing")
                << "edit" << r << "function"
                << "Choose what edit should do: description_edit, description_edit_with_mask, "
                   "and expand.";
        r = base("edit");
        r.edit.function = QStringLiteral("remove_watermaker");
        QTest::newRow("function unknown")
                << "edit" << r << "function"
                << "…Editing function “remove_watermaker” is not one edit offers";
        r = base("i2i");
        r.edit.function = QStringLiteral("expand");
        QTest::newRow("function for a model without")
                << "i2i" << r << "function"
                << "i2i takes no editing function (given: expand); leave it empty.";
    }
    void kindRules()
    {
        QFETCH(QString, model);
        QFETCH(GenerationRequest, changed);
        QFETCH(QString, field);
        QFETCH(QString, message);
        QCOMPARE(changed.model, model);

        const QList<ValidationIssue> issues = changed.validate(kindsCatalog(), Region::Singapore);
        QVERIFY2(fields(issues) == QStringList { field }, qPrintable(messages(issues)));
        const QString actual = issues.constFirst().message;
        if (message.startsWith(QChar(0x2026)))
            QVERIFY2(actual.contains(message.mid(1)), qPrintable(actual));
        else
            QCOMPARE(actual, message);
    }

    // Each wanx2.1-imageedit function with the parameters it takes, at the ends of their
    // ranges: valid as it is (dashscope-video-and-editing.md §2).
    void editFunctionValid_data()
    {
        QTest::addColumn<GenerationRequest>("request");
        const auto edit = [](const char *function) {
            GenerationRequest r = request(QStringLiteral("wanx2.1-imageedit"));
            r.kind = MediaKind::ImageEdit;
            r.inputs = { input(InputRole::Image) };
            r.edit.function = QString::fromLatin1(function);
            return r;
        };
        GenerationRequest r = edit("stylization_all");
        r.edit.strength = 1.0;
        QTest::newRow("stylization_all") << r;
        QTest::newRow("stylization_local") << edit("stylization_local");
        r = edit("description_edit");
        r.edit.strength = 0.0;
        QTest::newRow("description_edit") << r;
        r = edit("description_edit_with_mask");
        r.inputs.append(input(InputRole::Mask));
        QTest::newRow("description_edit_with_mask") << r;
        QTest::newRow("remove_watermark") << edit("remove_watermark");
        r = edit("expand");
        r.edit.topScale = 2.0;
        r.edit.bottomScale = 1.0;
        r.edit.leftScale = 1.5;
        r.edit.rightScale = 1.25;
        QTest::newRow("expand") << r;
        r = edit("super_resolution");
        r.edit.upscaleFactor = 4;
        QTest::newRow("super_resolution") << r;
        QTest::newRow("colorization") << edit("colorization");
        r = edit("doodle");
        r.edit.isSketch = true;
        QTest::newRow("doodle") << r;
        QTest::newRow("control_cartoon_feature") << edit("control_cartoon_feature");
    }
    void editFunctionValid()
    {
        QFETCH(GenerationRequest, request);
        const QList<ValidationIssue> issues = request.validate(m_catalog, Region::Beijing);
        QVERIFY2(issues.isEmpty(), qPrintable(messages(issues)));
        // Not served in Singapore: the model names where it is.
        QCOMPARE(fields(request.validate(m_catalog, Region::Singapore)),
                 QStringList { QStringLiteral("model") });
        // No size and no prompt extension are invented for it.
        const GenerationRequest resolved
                = request.resolved(m_catalog.model(QStringLiteral("wanx2.1-imageedit")));
        QVERIFY(!resolved.size.isValid());
        QVERIFY(!resolved.promptExtend);
        QVERIFY(resolved.validate(m_catalog, Region::Beijing).isEmpty());
    }

    // Per function: a parameter it does not take, a value outside its range, the mask: refused
    // before anything is sent, by field, with a sentence naming the limit and what was given.
    void editFunctionRules_data()
    {
        QTest::addColumn<GenerationRequest>("request");
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<QString>("message"); // exact, or a part when it starts with "…"

        const auto edit = [](const char *function) {
            GenerationRequest r = request(QStringLiteral("wanx2.1-imageedit"));
            r.kind = MediaKind::ImageEdit;
            r.inputs = { input(InputRole::Image) };
            r.edit.function = QString::fromLatin1(function);
            return r;
        };
        const QStringList strength { QStringLiteral("strength") };
        GenerationRequest r = edit("stylization_all");
        r.edit.strength = 1.5;
        QTest::newRow("stylization_all strength above 1")
                << r << strength
                << "Strength 1.5 is outside 0–1, the range stylization_all allows.";
        r = edit("description_edit");
        r.edit.strength = -0.1;
        QTest::newRow("description_edit strength below 0")
                << r << strength
                << "Strength -0.1 is outside 0–1, the range description_edit allows.";
        r = edit("stylization_local");
        r.edit.strength = 0.5;
        QTest::newRow("stylization_local takes no strength")
                << r << strength
                << "The function stylization_local takes no strength (given: 0.5); it is for "
                   "stylization_all and description_edit only.";
        r = edit("super_resolution");
        r.edit.strength = 0.2;
        QTest::newRow("super_resolution takes no strength") << r << strength << "…no strength";

        r = edit("expand");
        r.edit.leftScale = 2.5;
        QTest::newRow("expand scale above 2")
                << r << QStringList { QStringLiteral("left_scale") }
                << "The expand scale left_scale is 2.5; each side may grow by 1.0–2.0 times.";
        r = edit("expand");
        r.edit.topScale = 0.5;
        r.edit.bottomScale = 0.9;
        QTest::newRow("expand scales below 1")
                << r << QStringList { QStringLiteral("top_scale"), QStringLiteral("bottom_scale") }
                << "…top_scale is 0.5";
        r = edit("colorization");
        r.edit.rightScale = 1.5;
        QTest::newRow("colorization takes no scales")
                << r << QStringList { QStringLiteral("top_scale") }
                << "The function colorization takes no expand scales (given: top 1, bottom 1, "
                   "left 1, right 1.5); it is for expand only.";

        r = edit("super_resolution");
        r.edit.upscaleFactor = 5;
        QTest::newRow("upscale factor above 4")
                << r << QStringList { QStringLiteral("upscale_factor") }
                << "Upscale factor 5 is outside 1–4, the range super_resolution allows (1 "
                   "enhances without enlarging).";
        r = edit("super_resolution");
        r.edit.upscaleFactor = 0;
        QTest::newRow("upscale factor 0")
                << r << QStringList { QStringLiteral("upscale_factor") } << "…factor 0 is outside";
        r = edit("expand");
        r.edit.upscaleFactor = 2;
        QTest::newRow("expand takes no upscale factor")
                << r << QStringList { QStringLiteral("upscale_factor") }
                << "The function expand takes no upscale factor (given: 2); it is for "
                   "super_resolution only.";

        r = edit("description_edit");
        r.edit.isSketch = true;
        QTest::newRow("sketch flag only for doodle")
                << r << QStringList { QStringLiteral("is_sketch") }
                << "The function description_edit takes no sketch flag (given: on); it is for "
                   "doodle only.";

        r = edit("description_edit_with_mask");
        QTest::newRow("inpainting without mask")
                << r << QStringList { QStringLiteral("mask") }
                << "The function description_edit_with_mask needs a mask: a black-and-white "
                   "image the size of the base image, white where it should change.";
        for (const char *function : { "stylization_all", "stylization_local", "description_edit",
                                      "remove_watermark", "expand", "super_resolution",
                                      "colorization", "doodle", "control_cartoon_feature" }) {
            r = edit(function);
            r.inputs.append(input(InputRole::Mask));
            QTest::addRow("%s refuses a mask", function)
                    << r << QStringList { QStringLiteral("mask") }
                    << QStringLiteral("The function %1 takes no mask (given: 1); only "
                                      "description_edit_with_mask does. Remove the mask or choose "
                                      "that function.")
                               .arg(QLatin1String(function));
        }
        r = edit("description_edit_with_mask");
        r.inputs.append(input(InputRole::Mask));
        r.inputs.append(input(InputRole::Mask));
        QTest::newRow("two masks") << r << QStringList { QStringLiteral("mask") }
                                   << "…Number of mask inputs 2 is outside 0–1";
        r = edit("stylization_all");
        r.inputs.append(input(InputRole::Image));
        QTest::newRow("two base images")
                << r << QStringList { QStringLiteral("image") }
                << "Number of image inputs 2 is not allowed; wanx2.1-imageedit takes exactly 1.";
        r = edit("super_resolution");
        r.prompt = QStringLiteral("  ");
        QTest::newRow("empty prompt, even to upscale")
                << r << QStringList { QStringLiteral("prompt") }
                << "The prompt is empty; describe the change you want.";
        r = edit("colorization");
        r.size = QSize(1024, 1024);
        QTest::newRow("no size") << r << QStringList { QStringLiteral("size") }
                                 << "wanx2.1-imageedit takes no size (given: 1024*1024); the "
                                    "result has the size of the base image, grown by expand or "
                                    "enlarged by super_resolution.";
        r = edit("colorization");
        r.negativePrompt = QStringLiteral("blurry");
        QTest::newRow("no negative prompt")
                << r << QStringList { QStringLiteral("negative_prompt") }
                << "…does not accept a negative prompt";
        r = edit("");
        QTest::newRow("no function") << r << QStringList { QStringLiteral("function") }
                                     << "…Choose what wanx2.1-imageedit should do: "
                                        "stylization_all, stylization_local";

        // wan2.5-i2i: one to three images, the prompt alone says what to do.
        const auto i2i = [](int images) {
            GenerationRequest multi = request(QStringLiteral("wan2.5-i2i-preview"));
            multi.kind = MediaKind::ImageEdit;
            for (int i = 0; i < images; ++i)
                multi.inputs.append(input(InputRole::Image));
            return multi;
        };
        QTest::newRow("i2i without image")
                << i2i(0) << QStringList { QStringLiteral("image") }
                << "Number of image inputs 0 is outside 1–3, the range wan2.5-i2i-preview allows.";
        QTest::newRow("i2i four images")
                << i2i(4) << QStringList { QStringLiteral("image") }
                << "Number of image inputs 4 is outside 1–3, the range wan2.5-i2i-preview allows.";
        r = i2i(1);
        r.inputs.append(input(InputRole::Mask));
        QTest::newRow("i2i takes no mask") << r << QStringList { QStringLiteral("mask") }
                                           << "…wan2.5-i2i-preview does not take a mask input";
        r = i2i(2);
        r.edit.upscaleFactor = 2;
        QTest::newRow("i2i takes no upscale factor")
                << r << QStringList { QStringLiteral("upscale_factor") }
                << "wan2.5-i2i-preview takes no upscale factor (given: 2); leave it at its "
                   "default.";
        r = i2i(1);
        r.edit.strength = 0.3;
        QTest::newRow("i2i takes no strength")
                << r << QStringList { QStringLiteral("strength") } << "…takes no strength";
        r = i2i(1);
        r.size = QSize(1280, 1281);
        QTest::newRow("i2i size above 1280×1280")
                << r << QStringList { QStringLiteral("size") } << "…wan2.5-i2i-preview";
        r = i2i(1);
        r.size = QSize(700, 700);
        QTest::newRow("i2i size below 768×768")
                << r << QStringList { QStringLiteral("size") } << "…700";
        r = i2i(1);
        r.prompt.clear();
        QTest::newRow("i2i empty prompt") << r << QStringList { QStringLiteral("prompt") }
                                          << "The prompt is empty; describe the change you want.";
    }
    void editFunctionRules()
    {
        QFETCH(GenerationRequest, request);
        QFETCH(QStringList, fields);
        QFETCH(QString, message);
        const QList<ValidationIssue> issues = request.validate(m_catalog, Region::Beijing);
        QVERIFY2(::fields(issues) == fields, qPrintable(messages(issues)));
        const QString actual = issues.constFirst().message;
        if (message.startsWith(QChar(0x2026)))
            QVERIFY2(actual.contains(message.mid(1)), qPrintable(actual));
        else
            QCOMPARE(actual, message);
    }

    // wan2.5-i2i: without a size none is sent, so the service follows the last input's aspect
    // ratio; a size given is kept.
    void multiImageEditKeepsTheSizeUnset()
    {
        const ModelInfo model = m_catalog.model(QStringLiteral("wan2.5-i2i-preview"));
        GenerationRequest r = request(model.name);
        r.kind = MediaKind::ImageEdit;
        r.inputs = { input(InputRole::Image), input(InputRole::Image), input(InputRole::Image) };
        QVERIFY(r.validate(m_catalog, Region::Singapore).isEmpty());
        QVERIFY(r.validate(m_catalog, Region::Beijing).isEmpty());
        const GenerationRequest resolved = r.resolved(model);
        QVERIFY(!resolved.size.isValid());
        QVERIFY(resolved.seed.has_value());
        QVERIFY(resolved.promptExtend);
        r.size = QSize(1280, 720);
        QCOMPARE(r.resolved(model).size, QSize(1280, 720));
        QVERIFY(r.validate(m_catalog, Region::Singapore).isEmpty());
    }

    void imageToVideoMayGoWithoutPrompt()
    {
        const ModelCatalog catalog = kindsCatalog();
        for (const char *name : { "i2v", "kf2v" }) {
            GenerationRequest r = validFor(catalog.model(QString::fromLatin1(name)));
            r.prompt.clear();
            QVERIFY2(r.validate(catalog, Region::Singapore).isEmpty(), name);
        }
    }

    void videoDefaultsAreResolved()
    {
        const ModelCatalog catalog = kindsCatalog();
        GenerationRequest r = validFor(catalog.model(QStringLiteral("t2v-27")));
        const GenerationRequest wan27 = r.resolved(catalog.model(QStringLiteral("t2v-27")));
        QCOMPARE(wan27.video.resolution, QStringLiteral("1080P"));
        QCOMPARE(wan27.video.ratio, QStringLiteral("16:9"));
        QCOMPARE(wan27.video.durationSeconds, 0); // a range without a default: the service's

        r = validFor(catalog.model(QStringLiteral("t2v")));
        r.video.shotType = QStringLiteral("multi");
        const GenerationRequest t2v = r.resolved(catalog.model(QStringLiteral("t2v")));
        QCOMPARE(t2v.video.durationSeconds, 5);
        QCOMPARE(t2v.size, QSize(1920, 1080));
        QCOMPARE(t2v.video.shotType, QStringLiteral("multi"));

        // Options the model does not have are switched off, so the record matches the body.
        r = validFor(catalog.model(QStringLiteral("i2v")));
        r.video.audio = true;
        r.video.shotType = QStringLiteral("single");
        const GenerationRequest i2v = r.resolved(catalog.model(QStringLiteral("i2v")));
        QVERIFY(!i2v.video.audio);
        QVERIFY(i2v.video.shotType.isEmpty());
        QCOMPARE(i2v.video.resolution, QStringLiteral("1080P"));

        // A shot type without prompt extension is ignored by the service: said, not refused.
        r = validFor(catalog.model(QStringLiteral("t2v")));
        r.video.shotType = QStringLiteral("single");
        r.promptExtend = false;
        QVERIFY(r.validate(catalog, Region::Singapore).isEmpty());
        QCOMPARE(fields(r.warnings(catalog.model(QStringLiteral("t2v")))),
                 QStringList { QStringLiteral("shot_type") });
    }

    void resolved()
    {
        const ModelInfo wan25 = m_catalog.model(QStringLiteral("wan2.5-t2i-preview"));
        GenerationRequest r = request(QString());
        const GenerationRequest a = r.resolved(wan25);
        QCOMPARE(a.model, wan25.name);
        QCOMPARE(a.size, QSize(1280, 1280));
        QVERIFY(a.seed);
        QVERIFY(*a.seed >= 0 && *a.seed <= MaxSeed);
        QCOMPARE(a.resolved(wan25), a); // idempotent: what is sent is what is recorded

        // Seeds are random, not constant (a 1 in 2^31 chance of a false failure per try).
        bool differs = false;
        for (int i = 0; i < 5 && !differs; ++i)
            differs = r.resolved(wan25).seed != a.seed;
        QVERIFY(differs);

        r.seed = 42;
        r.size = QSize(768, 2700);
        const GenerationRequest b = r.resolved(wan25);
        QCOMPARE(b.seed, std::optional<qint64>(42));
        QCOMPARE(b.size, QSize(768, 2700));

        // Options the model does not have are switched off, so the record matches the body.
        const ModelInfo v1 = m_catalog.model(QStringLiteral("wanx-v1"));
        r.watermark = true;
        r.size = QSize(); // the model's default
        const GenerationRequest c = r.resolved(v1);
        QVERIFY(!c.promptExtend);
        QVERIFY(!c.watermark);
        QCOMPARE(c.size, QSize(1024, 1024));
    }

    void equality()
    {
        GenerationRequest a = request(QStringLiteral("wan2.5-t2i-preview"));
        GenerationRequest b = a;
        QVERIFY(a == b);
        b.seed = 1;
        QVERIFY(a != b);
        b = a;
        b.watermark = true;
        QVERIFY(!(a == b));
        b = a;
        b.negativePrompt = QStringLiteral("x");
        QVERIFY(a != b);
    }
};

QTEST_GUILESS_MAIN(tst_GenerationRequest)
#include "tst_generationrequest.moc"
