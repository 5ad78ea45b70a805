#include "domain/modelcatalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QStandardPaths>
#include <QTest>

namespace {

QSize size(int width, int height)
{
    return QSize(width, height);
}

QByteArray builtInJson()
{
    QFile file(QStringLiteral(":/models.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// A minimal valid entry to bend in the error tests.
QJsonObject minimalEntry()
{
    return QJsonObject {
        { QStringLiteral("name"), QStringLiteral("m") },
        { QStringLiteral("path"), QStringLiteral("services/aigc/text2image/image-synthesis") },
        { QStringLiteral("regions"), QJsonArray { QStringLiteral("singapore") } },
        { QStringLiteral("size"),
          QJsonObject { { QStringLiteral("rule"), QStringLiteral("side-range") },
                        { QStringLiteral("minSide"), 512 },
                        { QStringLiteral("maxSide"), 1440 } } },
        { QStringLiteral("defaultSize"), QStringLiteral("1024*1024") },
    };
}

QByteArray catalogWith(const QJsonArray &models, const QString &defaultModel = QStringLiteral("m"))
{
    return QJsonDocument(QJsonObject { { QStringLiteral("defaultModel"), defaultModel },
                                       { QStringLiteral("models"), models } })
            .toJson();
}

} // namespace

class tst_ModelCatalog final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // Messages use the person's locale for digit grouping; pin it for exact comparisons.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void builtInLoadsWithoutError()
    {
        const QByteArray json = builtInJson();
        QVERIFY(!json.isEmpty());
        QString error = QStringLiteral("stale");
        const ModelCatalog catalog = ModelCatalog::fromJson(json, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(catalog.models().size() >= 12);
        QCOMPARE(ModelCatalog::builtIn().models().size(), catalog.models().size());
    }

    // The model picker says what each model is for: every model has a "goodAt" that lupdate
    // knows (else it would show untranslated) and a speed class.
    void everyModelSaysWhatItIsFor()
    {
        const QStringList known = modelCatalogTexts();
        for (const ModelInfo &model : ModelCatalog::builtIn().models()) {
            QVERIFY2(!model.goodAt.isEmpty(), qPrintable(model.name));
            QVERIFY2(known.contains(model.goodAt),
                     qPrintable(model.name + QStringLiteral(": add \"") + model.goodAt
                                + QStringLiteral("\" to modelcatalogtexts.cpp")));
            QVERIFY2(model.speed != SpeedClass::Unknown, qPrintable(model.name));
            QVERIFY(!model.speedText().isEmpty());
            QCOMPARE(model.goodAtText(), model.goodAt); // no translator installed: as written
        }
        QString error;
        const auto bad = ModelCatalog::fromJson(R"({ "models": [ { "name": "m",
            "path": "p", "regions": ["singapore"], "speed": "quick" } ] })",
                                                &error);
        QVERIFY(bad.models().isEmpty());
        QVERIFY2(error.contains(QStringLiteral("\"m\"")) && error.contains(QStringLiteral("speed")),
                 qPrintable(error));
    }

    void defaults()
    {
        const ModelCatalog catalog = ModelCatalog::builtIn();
        QCOMPARE(catalog.defaultModel(), QStringLiteral("wan2.5-t2i-preview"));
        QCOMPARE(catalog.defaultModelFor(Region::Singapore), QStringLiteral("wan2.5-t2i-preview"));
        QCOMPARE(catalog.defaultModelFor(Region::Beijing), QStringLiteral("wan2.5-t2i-preview"));
        QCOMPARE(catalog.defaultModelFor(Region::Virginia), QStringLiteral("wan2.6-t2i"));
    }

    // Every model of protocol doc §3.1, with the facts the engine and the form rely on.
    void models_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("regions");
        QTest::addColumn<int>("rule");
        QTest::addColumn<QSize>("defaultSize");
        QTest::addColumn<int>("promptMax");
        QTest::addColumn<double>("rps");
        QTest::addColumn<int>("concurrency");
        QTest::addColumn<QString>("protocol");

        const QString synthesis = QStringLiteral("image-synthesis");
        const int sides = int(SizeRule::Kind::SideRange);
        const int pixels = int(SizeRule::Kind::PixelRange);
        const int fixed = int(SizeRule::Kind::FixedList);
        const QStringList both { QStringLiteral("singapore"), QStringLiteral("beijing") };
        const QStringList sg { QStringLiteral("singapore") };
        const QStringList bj { QStringLiteral("beijing") };

        QTest::newRow("wan2.5-t2i-preview") << "wan2.5-t2i-preview" << both << pixels
                                            << size(1280, 1280) << 2000 << 5.0 << 5 << synthesis;
        QTest::newRow("wan2.6-t2i")
                << "wan2.6-t2i"
                << QStringList { QStringLiteral("singapore"), QStringLiteral("virginia"),
                                 QStringLiteral("beijing") }
                << pixels << size(1280, 1280) << 2100 << 1.0 << 5 << "image-generation";
        QTest::newRow("wan2.2-t2i-flash") << "wan2.2-t2i-flash" << both << sides << size(1024, 1024)
                                          << 800 << 2.0 << 2 << synthesis;
        QTest::newRow("wan2.2-t2i-plus") << "wan2.2-t2i-plus" << both << sides << size(1024, 1024)
                                         << 800 << 2.0 << 2 << synthesis;
        QTest::newRow("wan2.1-t2i-turbo") << "wan2.1-t2i-turbo" << sg << sides << size(1024, 1024)
                                          << 800 << 2.0 << 2 << synthesis;
        QTest::newRow("wanx2.1-t2i-turbo") << "wanx2.1-t2i-turbo" << bj << sides << size(1024, 1024)
                                           << 800 << 2.0 << 2 << synthesis;
        QTest::newRow("wan2.1-t2i-plus") << "wan2.1-t2i-plus" << sg << sides << size(1024, 1024)
                                         << 800 << 2.0 << 2 << synthesis;
        QTest::newRow("wanx2.1-t2i-plus") << "wanx2.1-t2i-plus" << bj << sides << size(1024, 1024)
                                          << 800 << 2.0 << 2 << synthesis;
        QTest::newRow("wanx2.0-t2i-turbo") << "wanx2.0-t2i-turbo" << bj << sides << size(1024, 1024)
                                           << 800 << 2.0 << 2 << synthesis;
        QTest::newRow("wanx-v1") << "wanx-v1" << bj << fixed << size(1024, 1024) << 500 << 2.0 << 1
                                 << synthesis;
        QTest::newRow("qwen-image-plus") << "qwen-image-plus" << both << fixed << size(1328, 1328)
                                         << 800 << 2.0 << 2 << synthesis;
        QTest::newRow("qwen-image") << "qwen-image" << both << fixed << size(1328, 1328) << 800
                                    << 2.0 << 2 << synthesis;
    }
    void models()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, regions);
        QFETCH(int, rule);
        QFETCH(QSize, defaultSize);
        QFETCH(int, promptMax);
        QFETCH(double, rps);
        QFETCH(int, concurrency);
        QFETCH(QString, protocol);

        const ModelInfo model = ModelCatalog::builtIn().model(name);
        QVERIFY(model.isValid());
        QCOMPARE(model.name, name);
        QCOMPARE(mediaKindId(model.kind), QStringLiteral("text-to-image"));
        QStringList ids;
        for (Region region : model.regions)
            ids << regionId(region);
        ids.sort();
        regions.sort();
        QCOMPARE(ids, regions);
        QCOMPARE(int(model.rules.size.kind), rule);
        QCOMPARE(model.rules.defaultSize, defaultSize);
        QCOMPARE(model.rules.promptMaxChars, promptMax);
        QCOMPARE(model.rules.negativePromptMaxChars, 500);
        QCOMPARE(model.rules.minCount, 1);
        QCOMPARE(model.rules.maxCount, 4);
        QCOMPARE(model.rules.defaultCount, 1);
        QCOMPARE(model.submitRps, rps);
        QCOMPARE(model.concurrency, concurrency);
        QCOMPARE(endpointProtocolId(model.protocol), protocol);
        QCOMPARE(model.outputFormat, QStringLiteral("png"));
        QVERIFY(!model.displayName.isEmpty());
        QVERIFY(model.rules.size.problem(model.rules.defaultSize).isEmpty());
        if (protocol == u"image-generation")
            QCOMPARE(model.path, QStringLiteral("services/aigc/image-generation/generation"));
        else
            QCOMPARE(model.path, QStringLiteral("services/aigc/text2image/image-synthesis"));
    }

    void presetsFitTheirRule()
    {
        for (const ModelInfo &model : ModelCatalog::builtIn().models()) {
            // Video models sized by a resolution tier have no W*H presets (see videoModels).
            // So is wanx2.1-imageedit: its output follows the base image.
            if ((makesVideo(model.kind) || model.kind == MediaKind::ImageEdit)
                && model.rules.size.isUnconstrained())
                continue;
            QVERIFY2(!model.rules.presetSizes.isEmpty(), qPrintable(model.name));
            QCOMPARE(model.rules.presetRatios.size(), model.rules.presetSizes.size());
            // wan2.5-i2i has no default size: unset, the output follows the last input.
            if (model.kind != MediaKind::ImageEdit || model.rules.defaultSize.isValid())
                QVERIFY2(model.rules.presetSizes.contains(model.rules.defaultSize),
                         qPrintable(model.name));
            for (int i = 0; i < model.rules.presetSizes.size(); ++i) {
                const QSize preset = model.rules.presetSizes.at(i);
                QVERIFY2(model.rules.size.problem(preset).isEmpty(),
                         qPrintable(model.name + u' ' + model.rules.size.problem(preset)));
                // The label says what the size is, within 2 %.
                const QStringList parts = model.rules.presetRatios.at(i).split(QLatin1Char(':'));
                QCOMPARE(parts.size(), 2);
                const double labelled = parts.at(0).toDouble() / parts.at(1).toDouble();
                const double actual = double(preset.width()) / preset.height();
                // Video's 480P "16:9" (832*480) is 16:9 within 3 %, the images' within 2 %.
                const double tolerance = makesVideo(model.kind) ? 0.03 : 0.02;
                QVERIFY2(qAbs(actual / labelled - 1) < tolerance,
                         qPrintable(model.name + u' ' + model.rules.presetRatios.at(i)));
            }
            QVERIFY(model.rules.presetRatios.contains(QStringLiteral("1:1")));
            QVERIFY(model.rules.presetRatios.contains(QStringLiteral("16:9")));
            QVERIFY(model.rules.presetRatios.contains(QStringLiteral("9:16")));
        }
    }

    // Every video model of the docs, with the rules its family has (protocol §8,
    // dashscope-video-and-editing.md §1–2).
    void videoModels()
    {
        const ModelCatalog catalog = ModelCatalog::builtIn();
        const QStringList t2v {
            QStringLiteral("wan2.6-t2v"),        QStringLiteral("wan2.5-t2v-preview"),
            QStringLiteral("wan2.2-t2v-plus"),   QStringLiteral("wan2.1-t2v-turbo"),
            QStringLiteral("wanx2.1-t2v-turbo"), QStringLiteral("wan2.1-t2v-plus"),
            QStringLiteral("wanx2.1-t2v-plus"),  QStringLiteral("wan2.7-t2v")
        };
        const QStringList i2v {
            QStringLiteral("wan2.6-i2v-flash"),   QStringLiteral("wan2.6-i2v"),
            QStringLiteral("wan2.5-i2v-preview"), QStringLiteral("wan2.2-i2v-flash"),
            QStringLiteral("wan2.2-i2v-plus"),    QStringLiteral("wanx2.1-i2v-plus"),
            QStringLiteral("wanx2.1-i2v-turbo"),  QStringLiteral("wan2.7-i2v-2026-04-25")
        };
        const QStringList kf2v { QStringLiteral("wan2.2-kf2v-flash"),
                                 QStringLiteral("wanx2.1-kf2v-plus"),
                                 QStringLiteral("wan2.1-kf2v-plus") };
        for (const QString &name : t2v + i2v + kf2v) {
            const ModelInfo model = catalog.model(name);
            QVERIFY2(model.isValid(), qPrintable(name));
            QVERIFY(makesVideo(model.kind));
            QCOMPARE(model.outputFormat, QStringLiteral("mp4"));
            QCOMPARE(model.rules.maxCount, 1);
            QVERIFY2(!model.regions.isEmpty(), qPrintable(name));
            QVERIFY(model.concurrency == 2 || model.concurrency == 5);
            QVERIFY(model.rules.promptMaxChars >= 800);
            if (kf2v.contains(name)) {
                QCOMPARE(model.kind, MediaKind::KeyframeToVideo);
                QCOMPARE(model.protocol, EndpointProtocol::Image2Video);
                QCOMPARE(model.path, QStringLiteral("services/aigc/image2video/video-synthesis"));
                QVERIFY(model.rules.input(InputRole::LastFrame)->minCount == 1);
            } else {
                QCOMPARE(model.protocol, EndpointProtocol::VideoSynthesis);
                QCOMPARE(model.path,
                         QStringLiteral("services/aigc/video-generation/video-synthesis"));
            }
            if (model.kind == MediaKind::TextToVideo && !name.startsWith(u"wan2.7")) {
                // A concrete W*H of the model's tiers, never a tier.
                QCOMPARE(model.rules.size.kind, SizeRule::Kind::FixedList);
                QVERIFY(model.rules.size.problem(model.rules.defaultSize).isEmpty());
                QVERIFY(model.rules.resolutions.isEmpty());
                QVERIFY(!model.rules.input(InputRole::FirstFrame));
            } else {
                QVERIFY2(!model.rules.resolutions.isEmpty(), qPrintable(name));
                QVERIFY(model.rules.resolutions.contains(model.rules.defaultResolution));
                QVERIFY(model.rules.size.isUnconstrained());
            }
            if (model.kind != MediaKind::TextToVideo) {
                const std::optional<InputRule> first = model.rules.input(InputRole::FirstFrame);
                QVERIFY(first);
                QCOMPARE(first->minCount, 1);
                QCOMPARE(first->minSide, 360);
                QCOMPARE(first->maxSide, 2000);
                QCOMPARE(first->maxBytes, qint64(10 * 1024 * 1024));
                for (const char *format : { "jpeg", "png", "bmp", "webp" })
                    QVERIFY(first->formats.contains(QLatin1String(format)));
            }
        }
        // Durations and options per model.
        QCOMPARE(catalog.model(QStringLiteral("wan2.6-t2v")).rules.durations.allowed,
                 (QList<int> { 5, 10, 15 }));
        QVERIFY(catalog.model(QStringLiteral("wan2.6-t2v")).rules.supportsShotType);
        QCOMPARE(catalog.model(QStringLiteral("wan2.5-t2v-preview")).rules.durations.allowed,
                 (QList<int> { 5, 10 }));
        QVERIFY(catalog.model(QStringLiteral("wan2.2-t2v-plus")).rules.durations.isEmpty());
        QCOMPARE(catalog.model(QStringLiteral("wanx2.1-i2v-turbo")).rules.durations.allowed,
                 (QList<int> { 3, 4, 5 }));
        const ModelInfo flash = catalog.model(QStringLiteral("wan2.6-i2v-flash"));
        QCOMPARE(flash.rules.durations.min, 2);
        QCOMPARE(flash.rules.durations.max, 15);
        QVERIFY(flash.rules.supportsAudio);
        QVERIFY(!catalog.model(QStringLiteral("wan2.6-i2v")).rules.supportsAudio);
        const ModelInfo t27 = catalog.model(QStringLiteral("wan2.7-t2v"));
        QCOMPARE(t27.rules.ratios.size(), 5);
        QCOMPARE(t27.rules.resolutions,
                 (QStringList { QStringLiteral("720P"), QStringLiteral("1080P") }));
        const ModelInfo i27 = catalog.model(QStringLiteral("wan2.7-i2v-2026-04-25"));
        QCOMPARE(i27.rules.promptMaxChars, 5000);
        QCOMPARE(i27.rules.input(InputRole::LastFrame)->minCount, 0);
        QCOMPARE(catalog.model(QStringLiteral("wan2.1-kf2v-plus")).submitRps, 1.0);
        QCOMPARE(catalog.equivalentIn(QStringLiteral("wanx2.1-t2v-turbo"), Region::Singapore),
                 QStringLiteral("wan2.1-t2v-turbo"));
        // Image lists stay image lists.
        for (const ModelInfo &model : catalog.modelsFor(Region::Singapore))
            QCOMPARE(model.kind, MediaKind::TextToImage);
        QCOMPARE(catalog.modelsFor(Region::Singapore, MediaKind::KeyframeToVideo).size(), 2);
    }

    // Both editing models of dashscope-video-and-editing.md §1–2.
    void editingModels()
    {
        const ModelCatalog catalog = ModelCatalog::builtIn();
        const ModelInfo i2i = catalog.model(QStringLiteral("wan2.5-i2i-preview"));
        QVERIFY(i2i.isValid());
        QCOMPARE(i2i.kind, MediaKind::ImageEdit);
        QCOMPARE(i2i.protocol, EndpointProtocol::Image2Image);
        QCOMPARE(i2i.path, QStringLiteral("services/aigc/image2image/image-synthesis"));
        QCOMPARE(i2i.regions, (QList<Region> { Region::Singapore, Region::Beijing }));
        QCOMPARE(i2i.rules.size.kind, SizeRule::Kind::PixelRange);
        QCOMPARE(i2i.rules.size.minPixels, 768 * 768);
        QCOMPARE(i2i.rules.size.maxPixels, 1280 * 1280);
        QCOMPARE(i2i.rules.size.maxRatio, 4.0);
        QVERIFY(!i2i.rules.defaultSize.isValid()); // unset: the last input's aspect ratio
        QCOMPARE(i2i.rules.promptMaxChars, 2000);
        QCOMPARE(i2i.rules.negativePromptMaxChars, 500);
        QCOMPARE(i2i.rules.maxCount, 4);
        QVERIFY(i2i.rules.supportsPromptExtend);
        QVERIFY(i2i.rules.functions.isEmpty());
        QCOMPARE(i2i.rules.input(InputRole::Image)->minCount, 1);
        QCOMPARE(i2i.rules.input(InputRole::Image)->maxCount, 3);
        QCOMPARE(i2i.rules.input(InputRole::Image)->minSide, 512);
        QCOMPARE(i2i.rules.input(InputRole::Image)->maxSide, 4096);
        QCOMPARE(i2i.rules.input(InputRole::Image)->maxBytes, 10 * 1024 * 1024);
        QVERIFY(!i2i.rules.input(InputRole::Mask));
        QCOMPARE(i2i.submitRps, 5.0);
        QCOMPARE(i2i.concurrency, 5);

        const ModelInfo edit = catalog.model(QStringLiteral("wanx2.1-imageedit"));
        QVERIFY(edit.isValid());
        QCOMPARE(edit.kind, MediaKind::ImageEdit);
        QCOMPARE(edit.protocol, EndpointProtocol::Image2Image);
        QCOMPARE(edit.regions, QList<Region> { Region::Beijing });
        QVERIFY(edit.rules.size.isUnconstrained());
        QVERIFY(!edit.rules.defaultSize.isValid());
        QVERIFY(!edit.rules.supportsNegativePrompt());
        QVERIFY(!edit.rules.supportsPromptExtend);
        QCOMPARE(edit.rules.functions.size(), 10);
        for (const char *function :
             { "stylization_all", "stylization_local", "description_edit",
               "description_edit_with_mask", "remove_watermark", "expand", "super_resolution",
               "colorization", "doodle", "control_cartoon_feature" })
            QVERIFY2(edit.rules.functions.contains(QLatin1String(function)), function);
        QCOMPARE(edit.rules.input(InputRole::Image)->minCount, 1);
        QCOMPARE(edit.rules.input(InputRole::Image)->maxCount, 1);
        QVERIFY(edit.rules.input(InputRole::Image)->formats.contains(QStringLiteral("tiff")));
        QCOMPARE(edit.rules.input(InputRole::Mask)->minCount, 0);
        QCOMPARE(edit.rules.input(InputRole::Mask)->maxCount, 1);
        QCOMPARE(edit.submitRps, 2.0);
        QCOMPARE(edit.concurrency, 2);

        QCOMPARE(catalog.modelsFor(Region::Singapore, MediaKind::ImageEdit).size(), 1);
        QCOMPARE(catalog.modelsFor(Region::Beijing, MediaKind::ImageEdit).size(), 2);
        QCOMPARE(catalog.modelsFor(Region::Virginia, MediaKind::ImageEdit).size(), 0);
    }

    void regionalNames()
    {
        const ModelCatalog catalog = ModelCatalog::builtIn();
        // Virginia serves only the new-protocol model.
        const QList<ModelInfo> virginia = catalog.modelsFor(Region::Virginia);
        QCOMPARE(virginia.size(), 1);
        QCOMPARE(virginia.constFirst().name, QStringLiteral("wan2.6-t2i"));

        const auto names = [&catalog](Region region) {
            QStringList result;
            for (const ModelInfo &model : catalog.modelsFor(region))
                result << model.name;
            return result;
        };
        QVERIFY(names(Region::Beijing).contains(QStringLiteral("wanx2.1-t2i-turbo")));
        QVERIFY(!names(Region::Beijing).contains(QStringLiteral("wan2.1-t2i-turbo")));
        QVERIFY(names(Region::Singapore).contains(QStringLiteral("wan2.1-t2i-turbo")));
        QVERIFY(!names(Region::Singapore).contains(QStringLiteral("wanx2.1-t2i-turbo")));
        QVERIFY(!names(Region::Singapore).contains(QStringLiteral("wanx-v1")));

        QCOMPARE(catalog.equivalentIn(QStringLiteral("wanx2.1-t2i-turbo"), Region::Singapore),
                 QStringLiteral("wan2.1-t2i-turbo"));
        QCOMPARE(catalog.equivalentIn(QStringLiteral("wan2.1-t2i-plus"), Region::Beijing),
                 QStringLiteral("wanx2.1-t2i-plus"));
        QCOMPARE(catalog.equivalentIn(QStringLiteral("wan2.5-t2i-preview"), Region::Beijing),
                 QStringLiteral("wan2.5-t2i-preview"));
        QVERIFY(catalog.equivalentIn(QStringLiteral("wanx-v1"), Region::Singapore).isEmpty());
        QVERIFY(catalog.equivalentIn(QStringLiteral("nope"), Region::Singapore).isEmpty());
        QVERIFY(!catalog.model(QStringLiteral("nope")).isValid());
        // The video models have regional names too, and are listed only for their kind.
        QVERIFY(!catalog.modelsFor(Region::Singapore, MediaKind::TextToVideo).isEmpty());
    }

    void rateLimitPerRegion()
    {
        const ModelInfo wan26 = ModelCatalog::builtIn().model(QStringLiteral("wan2.6-t2i"));
        QCOMPARE(wan26.submitRpsIn(Region::Beijing), 1.0);
        QCOMPARE(wan26.submitRpsIn(Region::Singapore), 5.0);
        QCOMPARE(wan26.submitRpsIn(Region::Virginia), 5.0);
        const ModelInfo flash = ModelCatalog::builtIn().model(QStringLiteral("wan2.2-t2i-flash"));
        QCOMPARE(flash.submitRpsIn(Region::Beijing), 2.0);
    }

    // A video model, described only in data, loads with the same code, its rules typed.
    void futureKindsLoad()
    {
        QJsonObject video = minimalEntry();
        video.insert(QStringLiteral("name"), QStringLiteral("wan2.5-t2v-preview"));
        video.insert(QStringLiteral("kind"), QStringLiteral("text-to-video"));
        video.insert(QStringLiteral("path"),
                     QStringLiteral("services/aigc/video-generation/video-synthesis"));
        video.insert(QStringLiteral("outputFormat"), QStringLiteral("mp4"));
        video.insert(QStringLiteral("size"),
                     QJsonObject { { QStringLiteral("rule"), QStringLiteral("fixed") },
                                   { QStringLiteral("sizes"),
                                     QJsonArray { QStringLiteral("832*480"),
                                                  QStringLiteral("1920*1080") } } });
        video.insert(QStringLiteral("defaultSize"), QStringLiteral("1920*1080"));
        video.insert(QStringLiteral("durations"), QJsonArray { 5, 10 });
        video.insert(QStringLiteral("presetSizes"), QJsonArray { QStringLiteral("832*480") });

        QJsonObject i2v = minimalEntry();
        i2v.insert(QStringLiteral("name"), QStringLiteral("wan2.2-i2v-plus"));
        i2v.insert(QStringLiteral("kind"), QStringLiteral("image-to-video"));
        i2v.remove(QStringLiteral("size")); // sized by a resolution tier, not W*H
        i2v.remove(QStringLiteral("defaultSize"));
        i2v.insert(QStringLiteral("resolutions"),
                   QJsonArray { QStringLiteral("480P"), QStringLiteral("1080P") });

        QString error;
        const ModelCatalog catalog
                = ModelCatalog::fromJson(catalogWith({ minimalEntry(), video, i2v }), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(catalog.models().size(), 3);

        const ModelInfo t2v = catalog.model(QStringLiteral("wan2.5-t2v-preview"));
        QCOMPARE(t2v.kind, MediaKind::TextToVideo);
        QCOMPARE(t2v.outputFormat, QStringLiteral("mp4"));
        QCOMPARE(t2v.rules.durations.allowed, (QList<int> { 5, 10 }));
        QCOMPARE(t2v.rules.presetSizes, QList<QSize> { size(832, 480) });
        QCOMPARE(t2v.rules.presetRatios, QStringList { QString() });
        QVERIFY(!t2v.rules.size.problem(size(1024, 1024)).isEmpty());

        const ModelInfo image2video = catalog.model(QStringLiteral("wan2.2-i2v-plus"));
        QVERIFY(image2video.rules.size.isUnconstrained());
        QVERIFY(image2video.rules.size.problem(size(1000, 700)).isEmpty());
        QVERIFY(!image2video.rules.defaultSize.isValid());
        QCOMPARE(image2video.rules.resolutions.size(), 2);

        QCOMPARE(catalog.modelsFor(Region::Singapore).size(), 1); // text-to-image by default
        QCOMPARE(catalog.modelsFor(Region::Singapore, MediaKind::TextToVideo).size(), 1);
        QCOMPARE(catalog.modelsFor(Region::Singapore, std::nullopt).size(), 3);
    }

    // Every rule a video or editing model needs, typed, as the next issues will list them.
    void typedRules()
    {
        QJsonObject i2v = minimalEntry();
        i2v.insert(QStringLiteral("name"), QStringLiteral("i2v"));
        i2v.insert(QStringLiteral("kind"), QStringLiteral("image-to-video"));
        i2v.insert(QStringLiteral("protocol"), QStringLiteral("video-synthesis"));
        i2v.remove(QStringLiteral("size"));
        i2v.remove(QStringLiteral("defaultSize"));
        i2v.insert(QStringLiteral("resolutions"),
                   QJsonArray { QStringLiteral("720P"), QStringLiteral("1080P") });
        i2v.insert(QStringLiteral("defaultResolution"), QStringLiteral("1080P"));
        i2v.insert(QStringLiteral("durations"),
                   QJsonObject { { QStringLiteral("min"), 2 }, { QStringLiteral("max"), 15 } });
        i2v.insert(QStringLiteral("defaultDuration"), 5);
        i2v.insert(QStringLiteral("supportsAudio"), true);
        i2v.insert(QStringLiteral("supportsShotType"), true);
        i2v.insert(QStringLiteral("minCount"), 1);
        i2v.insert(QStringLiteral("maxCount"), 1);
        i2v.insert(QStringLiteral("inputs"),
                   QJsonArray { QJsonObject {
                           { QStringLiteral("role"), QStringLiteral("first_frame") },
                           { QStringLiteral("minCount"), 1 },
                           { QStringLiteral("maxCount"), 1 },
                           { QStringLiteral("formats"),
                             QJsonArray { QStringLiteral("JPEG"), QStringLiteral("png") } },
                           { QStringLiteral("minSide"), 360 },
                           { QStringLiteral("maxSide"), 2000 },
                           { QStringLiteral("maxBytes"), 10485760 } } });
        i2v.insert(QStringLiteral("submitRps"), 5);
        i2v.insert(QStringLiteral("submitRpsByRegion"),
                   QJsonObject { { QStringLiteral("beijing"), 2 } });

        QJsonObject t2v = minimalEntry();
        t2v.insert(QStringLiteral("name"), QStringLiteral("t2v"));
        t2v.insert(QStringLiteral("kind"), QStringLiteral("text-to-video"));
        t2v.insert(QStringLiteral("ratios"),
                   QJsonArray { QStringLiteral("16:9"), QStringLiteral("9:16") });
        t2v.insert(QStringLiteral("defaultRatio"), QStringLiteral("16:9"));
        t2v.insert(QStringLiteral("durations"), QJsonArray { 15, 5, 10 });

        QJsonObject edit = minimalEntry();
        edit.insert(QStringLiteral("name"), QStringLiteral("edit"));
        edit.insert(QStringLiteral("kind"), QStringLiteral("image-edit"));
        edit.insert(QStringLiteral("protocol"), QStringLiteral("image2image"));
        edit.insert(QStringLiteral("functions"),
                    QJsonArray { QStringLiteral("description_edit"), QStringLiteral("expand") });
        edit.insert(
                QStringLiteral("inputs"),
                QJsonArray { QJsonObject { { QStringLiteral("role"), QStringLiteral("image") },
                                           { QStringLiteral("minCount"), 1 },
                                           { QStringLiteral("maxCount"), 3 } },
                             QJsonObject { { QStringLiteral("role"), QStringLiteral("mask") } } });

        QString error;
        const ModelCatalog catalog
                = ModelCatalog::fromJson(catalogWith({ minimalEntry(), i2v, t2v, edit }), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        const ModelInfo video = catalog.model(QStringLiteral("i2v"));
        QCOMPARE(video.kind, MediaKind::ImageToVideo);
        QCOMPARE(video.protocol, EndpointProtocol::VideoSynthesis);
        QCOMPARE(video.rules.resolutions,
                 (QStringList { QStringLiteral("720P"), QStringLiteral("1080P") }));
        QCOMPARE(video.rules.defaultResolution, QStringLiteral("1080P"));
        QVERIFY(video.rules.durations.allowed.isEmpty());
        QCOMPARE(video.rules.durations.min, 2);
        QCOMPARE(video.rules.durations.max, 15);
        QCOMPARE(video.rules.durations.defaultSeconds, 5);
        QVERIFY(video.rules.durations.allows(2) && video.rules.durations.allows(15));
        QVERIFY(!video.rules.durations.allows(1) && !video.rules.durations.allows(16));
        QCOMPARE(video.rules.durations.describe(), QStringLiteral("2 to 15 seconds"));
        QVERIFY(video.rules.supportsAudio);
        QVERIFY(video.rules.supportsShotType);
        QVERIFY(video.rules.size.isUnconstrained());
        QCOMPARE(video.rules.inputs.size(), 1);
        const std::optional<InputRule> frame = video.rules.input(InputRole::FirstFrame);
        QVERIFY(frame);
        QCOMPARE(frame->minCount, 1);
        QCOMPARE(frame->maxCount, 1);
        QCOMPARE(frame->formats, (QStringList { QStringLiteral("jpeg"), QStringLiteral("png") }));
        QCOMPARE(frame->minSide, 360);
        QCOMPARE(frame->maxSide, 2000);
        QCOMPARE(frame->maxBytes, 10485760);
        QVERIFY(!video.rules.input(InputRole::LastFrame));
        QCOMPARE(video.submitRps, 2.0);
        QCOMPARE(video.submitRpsIn(Region::Beijing), 2.0);
        QCOMPARE(video.submitRpsIn(Region::Singapore), 5.0);
        // Videos are polled later and less often than images, and allowed longer.
        QVERIFY(video.pollHint().firstPoll > pollHintFor(MediaKind::TextToImage).firstPoll);
        QCOMPARE(video.pollHint().cadence, std::chrono::milliseconds(15000));
        QVERIFY(video.pollHint().softTimeout > pollHintFor(MediaKind::TextToImage).softTimeout);

        const ModelInfo text2video = catalog.model(QStringLiteral("t2v"));
        QCOMPARE(text2video.protocol, EndpointProtocol::ImageSynthesis); // the default
        QCOMPARE(text2video.rules.ratios,
                 (QStringList { QStringLiteral("16:9"), QStringLiteral("9:16") }));
        QCOMPARE(text2video.rules.defaultRatio, QStringLiteral("16:9"));
        QCOMPARE(text2video.rules.durations.allowed, (QList<int> { 5, 10, 15 }));
        QCOMPARE(text2video.rules.durations.describe(), QStringLiteral("5, 10, and 15 seconds"));
        QCOMPARE(text2video.rules.durations.defaultSeconds, 0);
        QVERIFY(!text2video.rules.supportsAudio);

        const ModelInfo editor = catalog.model(QStringLiteral("edit"));
        QCOMPARE(editor.kind, MediaKind::ImageEdit);
        QCOMPARE(editor.protocol, EndpointProtocol::Image2Image);
        QCOMPARE(editor.rules.functions,
                 (QStringList { QStringLiteral("description_edit"), QStringLiteral("expand") }));
        QCOMPARE(editor.rules.input(InputRole::Image)->maxCount, 3);
        QCOMPARE(editor.rules.input(InputRole::Mask)->minCount, 0); // optional by default
        QCOMPARE(editor.rules.input(InputRole::Mask)->maxCount, 1);

        // An image model takes no inputs and no video parameters.
        const ModelInfo image = catalog.model(QStringLiteral("m"));
        QVERIFY(image.rules.inputs.isEmpty());
        QVERIFY(image.rules.resolutions.isEmpty());
        QVERIFY(image.rules.durations.isEmpty());
        QVERIFY(image.rules.functions.isEmpty());
        QCOMPARE(catalog.modelsFor(Region::Singapore, MediaKind::ImageEdit).size(), 1);
    }

    // An unknown kind or protocol is this version meeting a newer catalog: refused, by name.
    void unknownKindOrProtocolNamesTheModel_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("kind") << "kind"
                              << "text-to-hologram";
        QTest::newRow("kind not text") << "kind"
                                       << "";
        QTest::newRow("protocol") << "protocol"
                                  << "image3image";
    }
    void unknownKindOrProtocolNamesTheModel()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QJsonObject entry = minimalEntry();
        entry.insert(key, value);
        QString error;
        QVERIFY(ModelCatalog::fromJson(catalogWith({ entry }), &error).models().isEmpty());
        QVERIFY2(error.contains(QStringLiteral("model \"m\"")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("unknown %1 \"%2\"").arg(key, value)),
                 qPrintable(error));
    }

    void brokenCatalogs_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mentions");

        const auto with = [](const char *key, const QJsonValue &value) {
            QJsonObject entry = minimalEntry();
            if (value.isUndefined())
                entry.remove(QLatin1String(key));
            else
                entry.insert(QLatin1String(key), value);
            return catalogWith({ entry });
        };

        QTest::newRow("not json") << QByteArray("{nope") << "not JSON";
        QTest::newRow("array") << QByteArray("[]") << "object";
        QTest::newRow("no models") << QByteArray("{}") << "models";
        QTest::newRow("no name") << with("name", QJsonValue(QJsonValue::Undefined)) << "name";
        QTest::newRow("no path") << with("path", QJsonValue(QJsonValue::Undefined)) << "path";
        QTest::newRow("unknown region")
                << with("regions", QJsonArray { QStringLiteral("mars") }) << "mars";
        QTest::newRow("no regions") << with("regions", QJsonArray {}) << "regions";
        QTest::newRow("bad default size") << with("defaultSize", QStringLiteral("big")) << "big";
        QTest::newRow("default size breaks rule")
                << with("defaultSize", QStringLiteral("2000*2000")) << "defaultSize";
        QTest::newRow("preset breaks rule")
                << with("presetSizes", QJsonArray { QStringLiteral("100*100") }) << "preset";
        QTest::newRow("unknown rule")
                << with("size", QJsonObject { { QStringLiteral("rule"), QStringLiteral("magic") } })
                << "magic";
        QTest::newRow("count range") << with("maxCount", 0) << "Count";
        QTest::newRow("duplicate") << catalogWith({ minimalEntry(), minimalEntry() }) << "twice";

        // The typed rules of video and editing models.
        const auto strings = [](std::initializer_list<const char *> texts) {
            QJsonArray array;
            for (const char *text : texts)
                array.append(QString::fromUtf8(text));
            return array;
        };
        QTest::newRow("resolutions not a list")
                << with("resolutions", QStringLiteral("720P")) << "resolutions";
        QTest::newRow("resolution not a tier") << with("resolutions", strings({ "HD" })) << "HD";
        QTest::newRow("resolutions repeated")
                << with("resolutions", strings({ "720P", "720P" })) << "resolutions";
        QTest::newRow("default resolution not listed")
                << with("defaultResolution", QStringLiteral("720P")) << "defaultResolution";
        QTest::newRow("ratio not a ratio") << with("ratios", strings({ "wide" })) << "wide";
        QTest::newRow("ratio number") << with("ratios", QJsonArray { 1.5 }) << "ratios";
        QTest::newRow("durations empty") << with("durations", QJsonArray {}) << "durations";
        QTest::newRow("durations zero") << with("durations", QJsonArray { 0, 5 }) << "durations";
        QTest::newRow("durations repeated")
                << with("durations", QJsonArray { 5, 5 }) << "durations";
        QTest::newRow("durations fraction") << with("durations", QJsonArray { 2.5 }) << "durations";
        QTest::newRow("durations 1e300") << with("durations", QJsonArray { 1e300 }) << "durations";
        QTest::newRow("durations text") << with("durations", QStringLiteral("5")) << "durations";
        QTest::newRow("duration range inverted")
                << with("durations",
                        QJsonObject { { QStringLiteral("min"), 10 }, { QStringLiteral("max"), 5 } })
                << "durations";
        QTest::newRow("duration range without max")
                << with("durations", QJsonObject { { QStringLiteral("min"), 2 } }) << "durations";
        QTest::newRow("default duration not allowed")
                << with("defaultDuration", 7) << "defaultDuration";
        QTest::newRow("inputs not a list") << with(
                "inputs", QJsonObject { { QStringLiteral("role"), QStringLiteral("image") } })
                                           << "inputs";
        QTest::newRow("input not an object")
                << with("inputs", strings({ "image" })) << "input rule";
        const auto input = [](const QJsonObject &rule) {
            QJsonObject entry = minimalEntry();
            entry.insert(QStringLiteral("inputs"), QJsonArray { rule });
            return catalogWith({ entry });
        };
        const auto role = [](const char *id) {
            return QJsonObject { { QStringLiteral("role"), QString::fromLatin1(id) } };
        };
        QTest::newRow("input role unknown") << input(role("video")) << "\"video\"";
        QTest::newRow("input role twice")
                << with("inputs", QJsonArray { role("mask"), role("mask") }) << "twice";
        QJsonObject inverted = role("image");
        inverted.insert(QStringLiteral("minCount"), 3);
        inverted.insert(QStringLiteral("maxCount"), 2);
        QTest::newRow("input counts inverted") << input(inverted) << "minCount <= maxCount";
        QJsonObject noMax = role("image");
        noMax.insert(QStringLiteral("maxCount"), 0);
        QTest::newRow("input maxCount zero") << input(noMax) << "maxCount";
        QJsonObject sides = role("first_frame");
        sides.insert(QStringLiteral("minSide"), 2000);
        sides.insert(QStringLiteral("maxSide"), 360);
        QTest::newRow("input sides inverted") << input(sides) << "minSide <= maxSide";
        QJsonObject bytes = role("first_frame");
        bytes.insert(QStringLiteral("maxBytes"), 1e300);
        QTest::newRow("input maxBytes 1e300") << input(bytes) << "maxBytes";
        QJsonObject formats = role("first_frame");
        formats.insert(QStringLiteral("formats"), QJsonArray { 1 });
        QTest::newRow("input formats not texts") << input(formats) << "formats";
        QTest::newRow("functions not texts") << with("functions", QJsonArray { 1 }) << "functions";
        QTest::newRow("functions empty text") << with("functions", strings({ "" })) << "functions";

        // Numbers a float-to-integer cast would overflow (UBSan: the pixel limits): refused,
        // naming the field. Written as JSON text, so 2^63 stays what the file says.
        const auto pixelRange = [](const QByteArray &minPixels, const QByteArray &maxPixels) {
            return QByteArray(R"({"defaultModel":"m","models":[{"name":"m","path":"p",)"
                              R"("regions":["singapore"],"size":{"rule":"pixel-range",)"
                              R"("minPixels":)")
                    + minPixels + R"(,"maxPixels":)" + maxPixels + "}}]}";
        };
        for (const char *number :
             { "1e300", "-1e300", "9223372036854775808", "9.3e18", "-1", "2.5", "\"1000\"" }) {
            QTest::addRow("minPixels %s", number) << pixelRange(number, "2073600") << "minPixels";
            QTest::addRow("maxPixels %s", number) << pixelRange("1638400", number) << "maxPixels";
            QJsonObject size = minimalEntry().value(QLatin1String("size")).toObject();
            const QJsonValue value
                    = QJsonDocument::fromJson(QByteArray("[") + number + "]").array().first();
            size.insert(QStringLiteral("maxSide"), value);
            QTest::addRow("maxSide %s", number) << with("size", size) << "maxSide";
            QTest::addRow("maxCount %s", number) << with("maxCount", value) << "maxCount";
            QTest::addRow("concurrency %s", number) << with("concurrency", value) << "concurrency";
            QTest::addRow("promptMaxChars %s", number)
                    << with("promptMaxChars", value) << "promptMaxChars";
        }
        QTest::newRow("submitRps negative") << with("submitRps", -1) << "submitRps";
        QTest::newRow("submitRps 1e300") << with("submitRps", 1e300) << "submitRps";
        QTest::newRow("maxRatio 1e300")
                << pixelRange("1638400", R"(2073600,"maxRatio":1e300)") << "maxRatio";
        QTest::newRow("default model missing")
                << catalogWith({ minimalEntry() }, QStringLiteral("x")) << "defaultModel";
    }
    void brokenCatalogs()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, mentions);
        QString error;
        const ModelCatalog catalog = ModelCatalog::fromJson(json, &error);
        QVERIFY(catalog.models().isEmpty());
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }

    void sizeRules_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("problem"); // empty: allowed; "*": any problem

        // Side range (wan2.2 / wan2.1): each side 512–1440.
        QTest::newRow("side min") << "wan2.2-t2i-flash" << size(512, 512) << "";
        QTest::newRow("side max") << "wan2.2-t2i-flash" << size(1440, 1440) << "";
        QTest::newRow("side mixed") << "wanx2.1-t2i-turbo" << size(512, 1440) << "";
        QTest::newRow("side width small") << "wan2.2-t2i-flash" << size(511, 1024)
                                          << "Size 511×1024 has a width of 511 pixels; "
                                             "wan2.2-t2i-flash allows each side from 512 to "
                                             "1,440 pixels.";
        QTest::newRow("side height big") << "wan2.1-t2i-plus" << size(1024, 2048)
                                         << "Size 1024×2048 has a height of 2,048 pixels; "
                                            "wan2.1-t2i-plus allows each side from 512 "
                                            "to 1,440 pixels.";
        QTest::newRow("side both") << "wan2.2-t2i-plus" << size(2000, 100)
                                   << "Size 2000×100 has a width of 2,000 and a height of 100 "
                                      "pixels; wan2.2-t2i-plus allows "
                                      "each side from 512 to 1,440 pixels.";

        // Pixel range + ratio (wan2.5, wan2.6).
        QTest::newRow("pixels min") << "wan2.5-t2i-preview" << size(1280, 1280) << "";
        QTest::newRow("pixels max") << "wan2.5-t2i-preview" << size(1440, 1440) << "";
        QTest::newRow("pixels tall doc example") << "wan2.5-t2i-preview" << size(768, 2700) << "";
        QTest::newRow("pixels wide doc example") << "wan2.6-t2i" << size(2700, 768) << "";
        QTest::newRow("pixels exactly 4:1") << "wan2.5-t2i-preview" << size(2560, 640) << "";
        QTest::newRow("pixels too many") << "wan2.5-t2i-preview" << size(2000, 2000)
                                         << "Size 2000×2000 has 4,000,000 pixels; "
                                            "wan2.5-t2i-preview allows 1,638,400 to 2,073,600 "
                                            "(1280×1280 to 1440×1440).";
        QTest::newRow("pixels too few")
                << "wan2.6-t2i" << size(1024, 1024)
                << "Size 1024×1024 has 1,048,576 pixels; wan2.6-t2i allows 1,638,400 to 2,073,600 "
                   "(1280×1280 to 1440×1440).";
        QTest::newRow("pixels one short") << "wan2.5-t2i-preview" << size(1279, 1280) << "*";
        QTest::newRow("ratio too tall") << "wan2.5-t2i-preview" << size(640, 2800)
                                        << "Size 640×2800 has an aspect ratio of 1:4.38; "
                                           "wan2.5-t2i-preview allows from 1:4 to 4:1.";
        QTest::newRow("ratio too wide") << "wan2.6-t2i" << size(2700, 640) << "*";

        // Fixed list (qwen-image, wanx-v1).
        QTest::newRow("fixed 1:1") << "qwen-image-plus" << size(1328, 1328) << "";
        QTest::newRow("fixed 16:9") << "qwen-image" << size(1664, 928) << "";
        QTest::newRow("fixed swapped ok") << "qwen-image" << size(928, 1664) << "";
        QTest::newRow("fixed other") << "qwen-image-plus" << size(1024, 1024)
                                     << "Size 1024×1024 is not one of the sizes qwen-image-plus "
                                        "supports: 1664×928, 928×1664, "
                                        "1328×1328, 1472×1104, and 1104×1472.";
        QTest::newRow("wanx-v1 ok") << "wanx-v1" << size(768, 1152) << "";
        QTest::newRow("wanx-v1 swapped") << "wanx-v1" << size(1152, 768) << "*";

        QTest::newRow("zero") << "wan2.2-t2i-flash" << size(0, 1024) << "*";
    }
    void sizeRules()
    {
        QFETCH(QString, model);
        QFETCH(QSize, size);
        QFETCH(QString, problem);

        const ModelInfo info = ModelCatalog::builtIn().model(model);
        QVERIFY(info.isValid());
        const QString actual = info.rules.size.problem(size, info.name);
        if (problem.isEmpty())
            QVERIFY2(actual.isEmpty(), qPrintable(actual));
        else if (problem == u"*")
            QVERIFY(!actual.isEmpty());
        else
            QCOMPARE(actual, problem);
        // Without a name the sentence still reads, and agrees on allowed or not.
        QCOMPARE(info.rules.size.problem(size).isEmpty(), actual.isEmpty());
    }

    void describe()
    {
        const ModelCatalog catalog = ModelCatalog::builtIn();
        QCOMPARE(catalog.model(QStringLiteral("wan2.2-t2i-flash")).rules.size.describe(),
                 QStringLiteral("each side 512–1,440 px"));
        QCOMPARE(catalog.model(QStringLiteral("wan2.5-t2i-preview")).rules.size.describe(),
                 QStringLiteral(
                         "1,638,400 to 2,073,600 pixels (1280×1280 to 1440×1440), aspect ratio "
                         "1:4 to 4:1"));
        QVERIFY(catalog.model(QStringLiteral("qwen-image"))
                        .rules.size.describe()
                        .contains(QStringLiteral("1328×1328")));
    }
};

QTEST_GUILESS_MAIN(tst_ModelCatalog)
#include "tst_modelcatalog.moc"
