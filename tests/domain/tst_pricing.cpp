#include "domain/pricing.h"
#include "domain/taskrecord.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

namespace {

GenerationRequest image(const QString &model, int count)
{
    GenerationRequest r;
    r.model = model;
    r.prompt = QStringLiteral("a flower shop");
    r.count = count;
    return r;
}

GenerationRequest video(const QString &model, MediaKind kind, int seconds, QString resolution = {},
                        QSize size = {}, bool audio = false)
{
    GenerationRequest r;
    r.kind = kind;
    r.model = model;
    r.prompt = QStringLiteral("a cat running");
    r.count = 1;
    r.size = size;
    r.video.durationSeconds = seconds;
    r.video.resolution = resolution;
    r.video.audio = audio;
    return r;
}

TaskRecord finished(const GenerationRequest &request, Region region, TaskState state,
                    const QByteArray &usage)
{
    TaskRecord task;
    task.request = request;
    task.endpoint.region = region;
    task.state = state;
    task.usage = QJsonDocument::fromJson(usage).object();
    return task;
}

} // namespace

class tst_Pricing : public QObject
{
    Q_OBJECT

private slots:
    void builtInTableLoadsAndNamesEveryCatalogModel();
    void perImageKnown();
    void perImageUnknownSaysSo();
    void modelWithoutEntryIsUnknown();
    void perSecondByTier_data();
    void perSecondByTier();
    void audioChangesThePrice();
    void missingTierIsUnknown();
    void videoDefaultsComeFromTheModel();
    void overrideFileReplacesAndNamesItself();
    void brokenOverrideIsReportedAndIgnored();
    void brokenDocumentsAreRejected_data();
    void brokenDocumentsAreRejected();
    void formatMoney_data();
    void formatMoney();
    void costOfUsage_data();
    void costOfUsage();
    void usageTotalsPerGroupAndCurrency();
};

void tst_Pricing::builtInTableLoadsAndNamesEveryCatalogModel()
{
    const PriceTable table = PriceTable::builtIn();
    QVERIFY(!table.prices().isEmpty());
    // Every model of the catalog in every region it is served has an entry: known, or marked
    // unknown on purpose (never simply forgotten).
    const ModelCatalog catalog = ModelCatalog::builtIn();
    for (const ModelInfo &model : catalog.models()) {
        for (Region region : model.regions) {
            const auto price = table.price(model.name, region);
            QVERIFY2(price, qPrintable(model.name + QLatin1Char(' ') + regionId(region)));
            QCOMPARE(price->currency, regionCurrency(region));
        }
    }
}

void tst_Pricing::perImageKnown()
{
    const PriceTable table = PriceTable::builtIn();
    GenerationRequest edit = image(QStringLiteral("wanx2.1-imageedit"), 4);
    edit.kind = MediaKind::ImageEdit;
    const CostEstimate estimate = table.estimate(edit, Region::Beijing);
    QVERIFY(estimate.known);
    QCOMPARE(estimate.currency, QStringLiteral("CNY"));
    QCOMPARE(estimate.images, 4);
    QVERIFY(qAbs(estimate.amount - 0.56) < 1e-9);
    QCOMPARE(estimate.text(), QStringLiteral("≈ ¥0.56 · 4 images"));
    QVERIFY(estimate.source.contains(QLatin1String("wanx2.1-imageedit")));
    QVERIFY(estimate.source.contains(QLatin1String("2026")));
    QCOMPARE(table.estimate(image(QStringLiteral("wanx2.1-imageedit"), 1), Region::Beijing).text(),
             QStringLiteral("≈ ¥0.14 · 1 image"));
}

void tst_Pricing::perImageUnknownSaysSo()
{
    const CostEstimate estimate = PriceTable::builtIn().estimate(
            image(QStringLiteral("wan2.5-t2i-preview"), 4), Region::Singapore);
    QVERIFY(!estimate.known);
    QCOMPARE(estimate.currency, QStringLiteral("USD"));
    QCOMPARE(estimate.amount, 0.0);
    QCOMPARE(estimate.text(), QStringLiteral("unknown price · 4 images"));
}

void tst_Pricing::modelWithoutEntryIsUnknown()
{
    const CostEstimate estimate = PriceTable::builtIn().estimate(
            image(QStringLiteral("no-such-model"), 2), Region::Virginia);
    QVERIFY(!estimate.known);
    QVERIFY(estimate.currency.isEmpty());
    QCOMPARE(estimate.text(), QStringLiteral("unknown price · 2 images"));
}

void tst_Pricing::perSecondByTier_data()
{
    QTest::addColumn<GenerationRequest>("request");
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("amount");
    const auto t2v = MediaKind::TextToVideo;
    const auto i2v = MediaKind::ImageToVideo;
    QTest::newRow("t2v by size 1080P")
            << video(QStringLiteral("wan2.5-t2v-preview"), t2v, 10, {}, QSize(1920, 1080))
            << QStringLiteral("≈ $1.50 · 10 s 1080P") << 1.5;
    QTest::newRow("t2v by size 720P 4:3")
            << video(QStringLiteral("wan2.5-t2v-preview"), t2v, 5, {}, QSize(1088, 832))
            << QStringLiteral("≈ $0.50 · 5 s 720P") << 0.5;
    QTest::newRow("t2v by size 480P 1:1")
            << video(QStringLiteral("wan2.5-t2v-preview"), t2v, 10, {}, QSize(624, 624))
            << QStringLiteral("≈ $0.50 · 10 s 480P") << 0.5;
    QTest::newRow("2.6 t2v 15 s") << video(QStringLiteral("wan2.6-t2v"), t2v, 15, {},
                                           QSize(1280, 720))
                                  << QStringLiteral("≈ $1.50 · 15 s 720P") << 1.5;
    QTest::newRow("i2v by resolution")
            << video(QStringLiteral("wan2.5-i2v-preview"), i2v, 10, QStringLiteral("1080P"))
            << QStringLiteral("≈ $1.50 · 10 s 1080P") << 1.5;
    QTest::newRow("i2v lower-case tier")
            << video(QStringLiteral("wan2.6-i2v"), i2v, 5, QStringLiteral("720p"))
            << QStringLiteral("≈ $0.50 · 5 s 720P") << 0.5;
}

void tst_Pricing::perSecondByTier()
{
    QFETCH(GenerationRequest, request);
    QFETCH(QString, text);
    QFETCH(double, amount);
    const CostEstimate estimate = PriceTable::builtIn().estimate(request, Region::Singapore);
    QVERIFY(estimate.known);
    QCOMPARE(estimate.text(), text);
    QVERIFY(qAbs(estimate.amount - amount) < 1e-9);
    QCOMPARE(estimate.currency, QStringLiteral("USD"));
}

void tst_Pricing::audioChangesThePrice()
{
    const PriceTable table = PriceTable::builtIn();
    const QString flash = QStringLiteral("wan2.6-i2v-flash");
    const CostEstimate silent = table.estimate(
            video(flash, MediaKind::ImageToVideo, 10, QStringLiteral("720P")), Region::Singapore);
    const CostEstimate sound = table.estimate(
            video(flash, MediaKind::ImageToVideo, 10, QStringLiteral("720P"), {}, true),
            Region::Singapore);
    QVERIFY(silent.known && sound.known);
    QVERIFY(qAbs(silent.amount - 0.25) < 1e-9);
    QVERIFY(qAbs(sound.amount - 0.5) < 1e-9);
    QCOMPARE(silent.text(), QStringLiteral("≈ $0.25 · 10 s 720P"));
    QCOMPARE(sound.text(), QStringLiteral("≈ $0.50 · 10 s 720P, with audio"));
    QCOMPARE(sound.unitPrice, 0.05);
}

void tst_Pricing::missingTierIsUnknown()
{
    // wan2.6-i2v-flash's 1080P price is not published: unknown, not 720P's.
    const CostEstimate estimate = PriceTable::builtIn().estimate(
            video(QStringLiteral("wan2.6-i2v-flash"), MediaKind::ImageToVideo, 5,
                  QStringLiteral("1080P")),
            Region::Singapore);
    QVERIFY(!estimate.known);
    QCOMPARE(estimate.text(), QStringLiteral("unknown price · 5 s 1080P"));
}

void tst_Pricing::videoDefaultsComeFromTheModel()
{
    // A video model from a catalog document (the catalog's video entries land separately).
    const ModelCatalog catalog = ModelCatalog::fromJson(R"({
      "defaultModel": "wan2.5-t2v-preview",
      "models": [
        { "name": "wan2.5-t2v-preview", "kind": "text-to-video", "protocol": "video-synthesis",
          "path": "services/aigc/video-generation/video-synthesis", "regions": ["singapore"],
          "size": { "rule": "fixed", "sizes": ["832*480", "1280*720", "1920*1080"] },
          "defaultSize": "1920*1080", "durations": [5, 10], "defaultDuration": 5,
          "minCount": 1, "maxCount": 1 },
        { "name": "wan2.6-i2v-flash", "kind": "image-to-video", "protocol": "video-synthesis",
          "path": "services/aigc/video-generation/video-synthesis", "regions": ["singapore"],
          "resolutions": ["720P", "1080P"], "defaultResolution": "720P",
          "durations": { "min": 2, "max": 15 }, "defaultDuration": 5, "supportsAudio": true,
          "minCount": 1, "maxCount": 1 }
      ] })");
    QVERIFY(!catalog.models().isEmpty());
    const PriceTable table = PriceTable::builtIn();
    const ModelInfo t2v = catalog.model(QStringLiteral("wan2.5-t2v-preview"));
    QCOMPARE(table.estimate(video(t2v.name, MediaKind::TextToVideo, 0), Region::Singapore, t2v)
                     .text(),
             QStringLiteral("≈ $0.75 · 5 s 1080P"));
    const ModelInfo flash = catalog.model(QStringLiteral("wan2.6-i2v-flash"));
    QCOMPARE(table.estimate(video(flash.name, MediaKind::ImageToVideo, 0), Region::Singapore, flash)
                     .text(),
             QStringLiteral("≈ $0.125 · 5 s 720P"));
}

void tst_Pricing::overrideFileReplacesAndNamesItself()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("prices.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({ "prices": [
        { "model": "wan2.5-t2i-preview", "regions": ["singapore"], "unit": "image",
          "perImage": 0.02 } ] })");
    file.close();
    QString error;
    const PriceTable table = PriceTable::load(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const CostEstimate estimate
            = table.estimate(image(QStringLiteral("wan2.5-t2i-preview"), 3), Region::Singapore);
    QVERIFY(estimate.known);
    QCOMPARE(estimate.text(), QStringLiteral("≈ $0.06 · 3 images"));
    QCOMPARE(estimate.source, path);
    // Other entries stay the built-in ones.
    const CostEstimate beijing
            = table.estimate(image(QStringLiteral("wan2.5-t2i-preview"), 3), Region::Beijing);
    QVERIFY(!beijing.known);
    QCOMPARE(table.estimate(image(QStringLiteral("wanx2.1-imageedit"), 1), Region::Beijing).amount,
             0.14);
    // No file: the built-in table.
    QVERIFY(!PriceTable::load(dir.filePath(QStringLiteral("none.json")), &error)
                     .estimate(image(QStringLiteral("wan2.5-t2i-preview"), 1), Region::Singapore)
                     .known);
}

void tst_Pricing::brokenOverrideIsReportedAndIgnored()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("prices.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({ "prices": [ { "model": "wan2.5-t2i-preview", "regions": ["singapore"],
                   "unit": "image", "perImage": "cheap" } ] })");
    file.close();
    QString error;
    const PriceTable table = PriceTable::load(path, &error);
    QVERIFY(error.contains(path));
    QVERIFY(error.contains(QLatin1String("perImage")));
    QVERIFY(table.price(QStringLiteral("wanx2.1-imageedit"), Region::Beijing));
}

void tst_Pricing::brokenDocumentsAreRejected_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << QByteArray("{");
    QTest::newRow("no list") << QByteArray(R"({"prices": {}})");
    QTest::newRow("no model") << QByteArray(
            R"({"prices": [{"regions": ["beijing"], "unit": "image"}]})");
    QTest::newRow("bad unit") << QByteArray(
            R"({"prices": [{"model": "m", "regions": ["beijing"], "unit": "token"}]})");
    QTest::newRow("bad region") << QByteArray(
            R"({"prices": [{"model": "m", "regions": ["mars"], "unit": "image"}]})");
    QTest::newRow("negative") << QByteArray(
            R"({"prices": [{"model": "m", "regions": ["beijing"], "unit": "image", "perImage": -1}]})");
    QTest::newRow("tier text") << QByteArray(
            R"({"prices": [{"model": "m", "regions": ["beijing"], "unit": "second", "perSecond": {"720P": "x"}}]})");
}

void tst_Pricing::brokenDocumentsAreRejected()
{
    QFETCH(QByteArray, json);
    QString error;
    QVERIFY(PriceTable::fromJson(json, &error).prices().isEmpty());
    QVERIFY(!error.isEmpty());
}

void tst_Pricing::formatMoney_data()
{
    QTest::addColumn<double>("amount");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<QString>("text");
    QTest::newRow("yuan") << 0.56 << QStringLiteral("CNY") << QStringLiteral("¥0.56");
    QTest::newRow("dollars") << 1.5 << QStringLiteral("USD") << QStringLiteral("$1.50");
    QTest::newRow("tenth of a cent") << 0.125 << QStringLiteral("USD") << QStringLiteral("$0.125");
    QTest::newRow("other") << 2.0 << QStringLiteral("EUR") << QStringLiteral("2.00 EUR");
}

void tst_Pricing::formatMoney()
{
    QFETCH(double, amount);
    QFETCH(QString, currency);
    QFETCH(QString, text);
    QCOMPARE(::formatMoney(amount, currency), text);
}

// Every usage shape of the protocol reference (§5.4, §5.5, §3.6, §5.8), and the tasks that cost
// nothing.
void tst_Pricing::costOfUsage_data()
{
    QTest::addColumn<TaskRecord>("task");
    QTest::addColumn<bool>("known");
    QTest::addColumn<double>("amount");
    QTest::addColumn<int>("images");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<QString>("resolution");
    GenerationRequest edit = image(QStringLiteral("wanx2.1-imageedit"), 4);
    edit.kind = MediaKind::ImageEdit;
    QTest::newRow("images: image_count")
            << finished(edit, Region::Beijing, TaskState::Done, R"({"image_count": 4})") << true
            << 0.56 << 4 << 0 << QString();
    QTest::newRow("partly failed: only what came back")
            << finished(edit, Region::Beijing, TaskState::PartlyDone, R"({"image_count": 3})")
            << true << 0.42 << 3 << 0 << QString();
    QTest::newRow("wan2.6 image-generation usage")
            << finished(edit, Region::Beijing, TaskState::Done,
                        R"({"image_count": 2, "size": "1280*1280", "input_tokens": 0,
                            "output_tokens": 0, "total_tokens": 0})")
            << true << 0.28 << 2 << 0 << QString();
    QTest::newRow("failed costs nothing")
            << finished(edit, Region::Beijing, TaskState::Failed, "{}") << true << 0.0 << 0 << 0
            << QString();
    QTest::newRow("canceled costs nothing")
            << finished(image(QStringLiteral("wan2.5-t2i-preview"), 4), Region::Singapore,
                        TaskState::Canceled, "{}")
            << true << 0.0 << 0 << 0 << QString();
    QTest::newRow("unknown image price")
            << finished(image(QStringLiteral("wan2.5-t2i-preview"), 4), Region::Singapore,
                        TaskState::Done, R"({"image_count": 4})")
            << false << 0.0 << 4 << 0 << QString();
    QTest::newRow("video ≤2.5: video_duration, video_ratio")
            << finished(video(QStringLiteral("wan2.5-t2v-preview"), MediaKind::TextToVideo, 5, {},
                              QSize(1920, 1080)),
                        Region::Singapore, TaskState::Done,
                        R"({"video_count": 1, "video_duration": 10, "video_ratio": "832*480"})")
            << true << 0.5 << 0 << 10 << QStringLiteral("480P");
    QTest::newRow("video 2.6: duration, SR, output_video_duration") << finished(
            video(QStringLiteral("wan2.6-t2v"), MediaKind::TextToVideo, 5, {}, QSize(1920, 1080)),
            Region::Singapore, TaskState::Done,
            R"({"duration": 10, "size": "1280*720", "input_video_duration": 0,
                            "output_video_duration": 10, "video_count": 1, "SR": 720})")
                                                                    << true << 1.0 << 0 << 10
                                                                    << QStringLiteral("720P");
    QTest::newRow("video SR as a string") << finished(
            video(QStringLiteral("wan2.6-i2v"), MediaKind::ImageToVideo, 5, QStringLiteral("720P")),
            Region::Singapore, TaskState::Done, R"({"duration": 5, "SR": "1080"})")
                                          << true << 0.75 << 0 << 5 << QStringLiteral("1080P");
    QTest::newRow("video without usage: the request") << finished(
            video(QStringLiteral("wan2.6-i2v"), MediaKind::ImageToVideo, 5, QStringLiteral("720P")),
            Region::Singapore, TaskState::Done, "{}") << true
                                                      << 0.5 << 0 << 5 << QStringLiteral("720P");
}

void tst_Pricing::costOfUsage()
{
    QFETCH(TaskRecord, task);
    QFETCH(bool, known);
    QFETCH(double, amount);
    QFETCH(int, images);
    QFETCH(int, seconds);
    QFETCH(QString, resolution);
    const CostEstimate cost = PriceTable::builtIn().costOf(task);
    QCOMPARE(cost.known, known);
    QVERIFY2(qAbs(cost.amount - amount) < 1e-9, qPrintable(QString::number(cost.amount)));
    QCOMPARE(cost.images, images);
    QCOMPARE(cost.seconds, seconds);
    QCOMPARE(cost.resolution, resolution);
    QVERIFY(!cost.currency.isEmpty());
}

void tst_Pricing::usageTotalsPerGroupAndCurrency()
{
    const auto entry = [](const QString &model, const QString &currency,
                          std::optional<double> amount, int images, bool demo = false) {
        UsageEntry e;
        e.model = model;
        e.currency = currency;
        e.amount = amount;
        e.images = images;
        e.seconds = images == 0 ? 5 : 0;
        e.demo = demo;
        return e;
    };
    const QList<UsageEntry> entries {
        entry(QStringLiteral("wan-b"), QStringLiteral("CNY"), 0.5, 2),
        entry(QStringLiteral("wan-a"), QStringLiteral("USD"), 0.25, 1),
        entry(QStringLiteral("wan-a"), QStringLiteral("USD"), std::nullopt, 0),
        entry(QStringLiteral("wan-b"), QStringLiteral("CNY"), 1.0, 4),
        entry(QStringLiteral("wan-a"), QStringLiteral("CNY"), 0.1, 1),
        entry(QStringLiteral("wan-a"), QStringLiteral("USD"), 9.0, 9, true), // demo: left out
    };
    const QList<UsageTotal> totals
            = UsageTotal::of(entries, [](const UsageEntry &e) { return e.model; });
    // Sorted by group, then currency.
    QCOMPARE(totals.size(), 3);
    QCOMPARE(totals.at(0).group, QStringLiteral("wan-a"));
    QCOMPARE(totals.at(0).currency, QStringLiteral("CNY"));
    QCOMPARE(totals.at(0).tasks, 1);
    QCOMPARE(totals.at(1).group, QStringLiteral("wan-a"));
    QCOMPARE(totals.at(1).currency, QStringLiteral("USD"));
    QCOMPARE(totals.at(1).tasks, 2);
    QCOMPARE(totals.at(1).images, 1);
    QCOMPARE(totals.at(1).seconds, 5);
    QCOMPARE(totals.at(1).amount, 0.25);
    QCOMPARE(totals.at(1).unknown, 1);
    QCOMPARE(totals.at(2).group, QStringLiteral("wan-b"));
    QCOMPARE(totals.at(2).tasks, 2);
    QCOMPARE(totals.at(2).images, 6);
    QCOMPARE(totals.at(2).amount, 1.5);
    QCOMPARE(totals.at(2).unknown, 0);
}

QTEST_GUILESS_MAIN(tst_Pricing)
#include "tst_pricing.moc"
