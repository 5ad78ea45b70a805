// The simulator's image2image endpoint (dashscope-video-and-editing.md §2): wan2.5-i2i's images[]
// and wanx2.1-imageedit's functions, refused as the service refuses them, and results made from
// the input: inpainting keeps every unmasked pixel, expand grows the canvas, super_resolution
// multiplies the size, the same seed gives the same bytes. STUDIO_EDIT_PREVIEW_DIR=/some/dir
// keeps each function's input and result there, to look at.
#include "domain/modelcatalog.h"
#include "simulator/simulatorserver.h"
#include "support/pngbuilders.h"
#include "support/simulatorclient.h"
#include "support/simulatorfixture.h"

#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <memory>

using namespace std::chrono_literals;

namespace {

const QString Image2Image = QStringLiteral("services/aigc/image2image/image-synthesis");
const QString Edit = QStringLiteral("wanx2.1-imageedit");
const QString MultiImage = QStringLiteral("wan2.5-i2i-preview");

using Answer = SimulatorAnswer;

QString dataUri(const QImage &image)
{
    return QStringLiteral("data:image/png;base64,")
            + QString::fromLatin1(pngBytes(image).toBase64());
}

// A picture with something to recognise: a diagonal gradient, a disc and stripes.
QImage pattern(QSize size, bool grey = false)
{
    QImage image(size, QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y) {
        auto *row = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            const double dx = x - size.width() * 0.4, dy = y - size.height() * 0.5;
            const bool disc = std::hypot(dx, dy) < size.height() * 0.25;
            const bool stripe = (x / 40) % 5 == 0;
            int r = 40 + 180 * x / size.width(), g = 60 + 150 * y / size.height(), b = 150;
            if (disc)
                r = 230, g = 200, b = 40;
            else if (stripe)
                r = 30, g = 30, b = 90;
            if (grey)
                r = g = b = (r * 299 + g * 587 + b * 114) / 1000;
            row[x] = qRgb(r, g, b);
        }
    }
    return image;
}

// Black, with a white rectangle where the image should change.
QImage rectangleMask(QSize size, QRect white)
{
    QImage mask(size, QImage::Format_RGB32);
    mask.fill(Qt::black);
    for (int y = white.top(); y <= white.bottom(); ++y) {
        for (int x = white.left(); x <= white.right(); ++x)
            mask.setPixel(x, y, qRgb(255, 255, 255));
    }
    return mask;
}

QJsonObject body(const QString &model, const QJsonObject &input, const QJsonObject &parameters)
{
    return { { QStringLiteral("model"), model },
             { QStringLiteral("input"), input },
             { QStringLiteral("parameters"), parameters } };
}

QJsonObject editInput(const QString &function, const QImage &base,
                      const QString &prompt = QStringLiteral("a lighthouse at dusk"))
{
    return { { QStringLiteral("function"), function },
             { QStringLiteral("prompt"), prompt },
             { QStringLiteral("base_image_url"), dataUri(base) } };
}

// The mean saturation (max − min channel) of an image, 0–255.
double saturation(const QImage &image)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    double sum = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        for (int x = 0; x < rgb.width(); ++x) {
            const QRgb c = rgb.pixel(x, y);
            sum += std::max({ qRed(c), qGreen(c), qBlue(c) })
                    - std::min({ qRed(c), qGreen(c), qBlue(c) });
        }
    }
    return sum / (qint64(rgb.width()) * rgb.height());
}

} // namespace

class tst_SimulatorEditRoute final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void refusals_data();
    void refusals();
    void everyFunctionMakesAnImageFromTheInput_data();
    void everyFunctionMakesAnImageFromTheInput();
    void inpaintingKeepsEveryUnmaskedPixel();
    void expandGrowsTheCanvasAroundTheInput();
    void superResolutionMultipliesTheSize();
    void colorizationColoursAGreyInput();
    void sameSeedSameBytes();
    void multiImageBlendsAtTheAskedSizeOrTheLastInputsShape();
    void editsAnEarlierResultByItsUrl();
    void failedTaskAndFailedImage();

private:
    Answer send(const QByteArray &method, const QUrl &url, const QByteArray &body = {});
    Answer create(const QJsonObject &json)
    {
        return send("POST", QUrl(m_server->baseUrl().toString() + u'/' + Image2Image),
                    QJsonDocument(json).toJson(QJsonDocument::Compact));
    }
    Answer finished(const QString &taskId); // polls until final; the last answer
    // Creates, waits and downloads result `index`; a null image (and a failed check) otherwise.
    QImage result(const QJsonObject &json, int index = 0, QByteArray *png = nullptr);
    void preview(const QString &name, const QImage &image); // STUDIO_EDIT_PREVIEW_DIR

    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    SimulatorServer *m_server = nullptr; // m_fixture's
    QNetworkAccessManager *m_network = nullptr; // m_fixture's
};

void tst_SimulatorEditRoute::init()
{
    m_fixture = std::make_unique<SimulatorFixture>();
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_server = m_fixture->simulator();
    m_network = m_fixture->network();
    m_server->setLatency(100ms);
}

void tst_SimulatorEditRoute::cleanup()
{
    m_fixture.reset();
}

Answer tst_SimulatorEditRoute::send(const QByteArray &method, const QUrl &url,
                                    const QByteArray &body)
{
    return sendToSimulator(*m_network, method, url, dashScopeHeaders(method, url), body);
}

Answer tst_SimulatorEditRoute::finished(const QString &taskId)
{
    return pollUntilFinal(*m_network, m_server->baseUrl(), taskId);
}

QImage tst_SimulatorEditRoute::result(const QJsonObject &json, int index, QByteArray *png)
{
    const Answer created = create(json);
    if (created.status != 200) {
        qWarning("create: %d %s", created.status, created.body.constData());
        return {};
    }
    const Answer done = finished(created.output().value(QLatin1String("task_id")).toString());
    const QJsonArray results = done.output().value(QLatin1String("results")).toArray();
    const QByteArray url
            = results.at(index).toObject().value(QLatin1String("url")).toString().toUtf8();
    if (url.isEmpty()) {
        qWarning("no result: %s", done.body.constData());
        return {};
    }
    const Answer file = send("GET", QUrl::fromEncoded(url, QUrl::StrictMode));
    if (file.status != 200 || file.header("Content-Type") != "image/png")
        return {};
    if (png)
        *png = file.body;
    return QImage::fromData(file.body, "PNG");
}

void tst_SimulatorEditRoute::preview(const QString &name, const QImage &image)
{
    const QString dir = qEnvironmentVariable("STUDIO_EDIT_PREVIEW_DIR");
    if (!dir.isEmpty() && QDir().mkpath(dir))
        image.save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

void tst_SimulatorEditRoute::refusals_data()
{
    QTest::addColumn<QJsonObject>("request");
    QTest::addColumn<QString>("message");
    const QImage base = pattern({ 640, 512 });
    const QString small = dataUri(pattern({ 400, 400 }));

    QTest::newRow("i2i without images")
            << body(MultiImage, { { QStringLiteral("prompt"), QStringLiteral("a cat") } }, {})
            << "input.images";
    const QJsonArray four { dataUri(base), dataUri(base), dataUri(base), dataUri(base) };
    QTest::newRow("i2i four images")
            << body(MultiImage,
                    { { QStringLiteral("prompt"), QStringLiteral("a cat") },
                      { QStringLiteral("images"), four } },
                    {})
            << "Number of image inputs 4 is outside 1–3";
    QTest::newRow("i2i size too large")
            << body(MultiImage,
                    { { QStringLiteral("prompt"), QStringLiteral("a cat") },
                      { QStringLiteral("images"), QJsonArray { dataUri(base) } } },
                    { { QStringLiteral("size"), QStringLiteral("1440*1440") } })
            << "1440";
    QTest::newRow("i2i image too small")
            << body(MultiImage,
                    { { QStringLiteral("prompt"), QStringLiteral("a cat") },
                      { QStringLiteral("images"), QJsonArray { small } } },
                    {})
            << "512 to 4096";
    QTest::newRow("empty prompt") << body(
            Edit, editInput(QStringLiteral("super_resolution"), base, QString()), {})
                                  << "input.prompt";
    QJsonObject input = editInput(QStringLiteral("colorization"), base);
    input.remove(QStringLiteral("function"));
    QTest::newRow("no function") << body(Edit, input, {}) << "input.function";
    QTest::newRow("unknown function")
            << body(Edit, editInput(QStringLiteral("remove_watermaker"), base), {})
            << "remove_watermaker";
    input = editInput(QStringLiteral("colorization"), base);
    input.remove(QStringLiteral("base_image_url"));
    QTest::newRow("no base image") << body(Edit, input, {}) << "input.base_image_url";
    input = editInput(QStringLiteral("colorization"), base);
    input.insert(QStringLiteral("base_image_url"), small);
    QTest::newRow("base image too small") << body(Edit, input, {}) << "400*400";
    QTest::newRow("inpainting without mask")
            << body(Edit, editInput(QStringLiteral("description_edit_with_mask"), base), {})
            << "needs a mask";
    input = editInput(QStringLiteral("description_edit_with_mask"), base);
    input.insert(QStringLiteral("mask_image_url"),
                 dataUri(rectangleMask({ 600, 512 }, { 10, 10, 100, 100 })));
    QTest::newRow("mask of another size") << body(Edit, input, {}) << "size of the base image";
    input.insert(QStringLiteral("mask_image_url"), dataUri(pattern({ 640, 512 })));
    QTest::newRow("mask in colour") << body(Edit, input, {}) << "black and white";
    QTest::newRow("strength above 1")
            << body(Edit, editInput(QStringLiteral("stylization_all"), base),
                    { { QStringLiteral("strength"), 1.5 } })
            << "Strength 1.5";
    QTest::newRow("expand scale above 2") << body(Edit, editInput(QStringLiteral("expand"), base),
                                                  { { QStringLiteral("left_scale"), 2.5 } })
                                          << "left_scale is 2.5";
    QTest::newRow("upscale factor 5")
            << body(Edit, editInput(QStringLiteral("super_resolution"), base),
                    { { QStringLiteral("upscale_factor"), 5 } })
            << "Upscale factor 5";
    QTest::newRow("upscale factor not whole")
            << body(Edit, editInput(QStringLiteral("super_resolution"), base),
                    { { QStringLiteral("upscale_factor"), 1.5 } })
            << "integer";
    QTest::newRow("a size for imageedit")
            << body(Edit, editInput(QStringLiteral("colorization"), base),
                    { { QStringLiteral("size"), QStringLiteral("1024*1024") } })
            << "takes no size";
}

void tst_SimulatorEditRoute::refusals()
{
    QFETCH(QJsonObject, request);
    QFETCH(QString, message);
    const Answer answer = create(request);
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json().value(QLatin1String("code")).toString(),
             QStringLiteral("InvalidParameter"));
    QVERIFY2(answer.json().value(QLatin1String("message")).toString().contains(message),
             answer.body.constData());
    QCOMPARE(m_server->statistics().creates, 1); // asked once, no task made
    QVERIFY(m_server->taskIds().isEmpty());
}

void tst_SimulatorEditRoute::everyFunctionMakesAnImageFromTheInput_data()
{
    QTest::addColumn<QString>("function");
    QTest::addColumn<QJsonObject>("parameters");
    QTest::addColumn<QSize>("size");
    const QSize base(640, 512);
    const QJsonObject seed { { QStringLiteral("seed"), 7 }, { QStringLiteral("n"), 1 } };
    const auto with = [&seed](std::initializer_list<std::pair<const char *, QJsonValue>> extra) {
        QJsonObject parameters = seed;
        for (const auto &[key, value] : extra)
            parameters.insert(QLatin1String(key), value);
        return parameters;
    };
    QTest::newRow("stylization_all") << "stylization_all" << with({ { "strength", 0.8 } }) << base;
    QTest::newRow("stylization_local") << "stylization_local" << seed << base;
    QTest::newRow("description_edit")
            << "description_edit" << with({ { "strength", 0.5 } }) << base;
    QTest::newRow("description_edit_with_mask") << "description_edit_with_mask" << seed << base;
    QTest::newRow("remove_watermark") << "remove_watermark" << seed << base;
    QTest::newRow("expand") << "expand"
                            << with({ { "top_scale", 1.5 },
                                      { "bottom_scale", 1.0 },
                                      { "left_scale", 1.25 },
                                      { "right_scale", 2.0 } })
                            << QSize(1440, 768);
    QTest::newRow("super_resolution")
            << "super_resolution" << with({ { "upscale_factor", 2 } }) << QSize(1280, 1024);
    QTest::newRow("colorization") << "colorization" << seed << base;
    QTest::newRow("doodle") << "doodle" << with({ { "is_sketch", true } }) << base;
    QTest::newRow("control_cartoon_feature") << "control_cartoon_feature" << seed << base;
}

void tst_SimulatorEditRoute::everyFunctionMakesAnImageFromTheInput()
{
    QFETCH(QString, function);
    QFETCH(QJsonObject, parameters);
    QFETCH(QSize, size);
    const QImage base = pattern({ 640, 512 });
    QJsonObject input = editInput(function, base);
    if (function == u"description_edit_with_mask")
        input.insert(QStringLiteral("mask_image_url"),
                     dataUri(rectangleMask(base.size(), { 320, 100, 200, 250 })));
    const QImage made = result(body(Edit, input, parameters));
    QVERIFY(!made.isNull());
    QCOMPARE(made.size(), size);
    QVERIFY(made.convertToFormat(QImage::Format_RGB32) != base); // an edit, not the input back
    preview(QStringLiteral("input"), base);
    preview(function, made);
}

void tst_SimulatorEditRoute::inpaintingKeepsEveryUnmaskedPixel()
{
    const QImage base = pattern({ 700, 600 });
    const QRect white(200, 150, 260, 220);
    QJsonObject input = editInput(QStringLiteral("description_edit_with_mask"), base,
                                  QStringLiteral("a red balloon"));
    input.insert(QStringLiteral("mask_image_url"), dataUri(rectangleMask(base.size(), white)));
    const QImage made = result(body(Edit, input, { { QStringLiteral("seed"), 3 } }))
                                .convertToFormat(QImage::Format_RGB32);
    QCOMPARE(made.size(), base.size());
    int changedInside = 0;
    for (int y = 0; y < base.height(); ++y) {
        for (int x = 0; x < base.width(); ++x) {
            if (white.contains(x, y)) {
                changedInside += made.pixel(x, y) != base.pixel(x, y);
                continue;
            }
            if (made.pixel(x, y) != base.pixel(x, y))
                QFAIL(qPrintable(
                        QStringLiteral("pixel %1,%2 outside the mask changed").arg(x).arg(y)));
        }
    }
    // The masked area is the generated picture, not the input.
    QVERIFY2(changedInside > white.width() * white.height() * 9 / 10,
             qPrintable(QString::number(changedInside)));
}

void tst_SimulatorEditRoute::expandGrowsTheCanvasAroundTheInput()
{
    const QImage base = pattern({ 600, 520 });
    const QImage made = result(body(Edit, editInput(QStringLiteral("expand"), base),
                                    { { QStringLiteral("top_scale"), 1.5 },
                                      { QStringLiteral("bottom_scale"), 1.25 },
                                      { QStringLiteral("left_scale"), 2.0 },
                                      { QStringLiteral("right_scale"), 1.0 } }))
                                .convertToFormat(QImage::Format_RGB32);
    // Each side grows by its scale: 600 × (2 + 1 − 1), 520 × (1.5 + 1.25 − 1).
    QCOMPARE(made.size(), QSize(1200, 910));
    // The input, unchanged, where the scales put it: 600 px from the left, 260 from the top.
    QCOMPARE(made.copy(600, 260, 600, 520), base);
    // Around it, something generated (not a flat fill).
    const QImage above = made.copy(0, 0, 1200, 260);
    QVERIFY(above.pixel(10, 10) != above.pixel(1100, 200)
            || above.pixel(600, 10) != above.pixel(10, 10));
}

void tst_SimulatorEditRoute::superResolutionMultipliesTheSize()
{
    const QImage base = pattern({ 512, 600 });
    for (const int factor : { 1, 3 }) {
        const QImage made = result(body(Edit, editInput(QStringLiteral("super_resolution"), base),
                                        { { QStringLiteral("upscale_factor"), factor } }));
        QCOMPARE(made.size(), base.size() * factor);
    }
}

void tst_SimulatorEditRoute::colorizationColoursAGreyInput()
{
    const QImage grey = pattern({ 640, 512 }, true);
    QCOMPARE(saturation(grey), 0.0);
    const QImage made = result(body(Edit, editInput(QStringLiteral("colorization"), grey),
                                    { { QStringLiteral("seed"), 11 } }));
    QCOMPARE(made.size(), grey.size());
    QVERIFY2(saturation(made) > 25, qPrintable(QString::number(saturation(made))));
    preview(QStringLiteral("colorization-grey-input"), grey);
    preview(QStringLiteral("colorization-of-grey"), made);
}

void tst_SimulatorEditRoute::sameSeedSameBytes()
{
    const QImage base = pattern({ 640, 512 });
    const auto request = [&base](int seed) {
        return body(Edit, editInput(QStringLiteral("description_edit"), base),
                    { { QStringLiteral("seed"), seed }, { QStringLiteral("strength"), 0.6 } });
    };
    QByteArray first;
    QByteArray again;
    QByteArray other;
    QVERIFY(!result(request(42), 0, &first).isNull());
    QVERIFY(!result(request(42), 0, &again).isNull());
    QVERIFY(!result(request(43), 0, &other).isNull());
    QCOMPARE(again, first);
    QVERIFY(other != first);
}

void tst_SimulatorEditRoute::multiImageBlendsAtTheAskedSizeOrTheLastInputsShape()
{
    const QJsonArray images { dataUri(pattern({ 800, 600 })), dataUri(pattern({ 600, 600 }, true)),
                              dataUri(pattern({ 600, 1200 })) };
    const QJsonObject input { { QStringLiteral("prompt"), QStringLiteral("the three as one") },
                              { QStringLiteral("images"), images } };
    // No size: about 1280×1280 pixels in the last input's 1:2.
    const QImage free = result(body(MultiImage, input, { { QStringLiteral("n"), 1 } }));
    QVERIFY(!free.isNull());
    QVERIFY2(std::abs(double(free.width()) / free.height() - 0.5) < 0.01,
             qPrintable(QStringLiteral("%1x%2").arg(free.width()).arg(free.height())));
    QVERIFY(std::abs(double(free.width()) * free.height() - 1280.0 * 1280.0)
            < 1280.0 * 1280.0 * 0.02);
    preview(QStringLiteral("multi-image"), free);
    const QImage sized = result(body(MultiImage, input,
                                     { { QStringLiteral("n"), 1 },
                                       { QStringLiteral("size"), QStringLiteral("1280*720") } }));
    QCOMPARE(sized.size(), QSize(1280, 720));
}

void tst_SimulatorEditRoute::editsAnEarlierResultByItsUrl()
{
    // A text-to-image result, then its URL (on the simulator's result host) as the base image.
    const Answer created
            = send("POST",
                   QUrl(m_server->baseUrl().toString()
                        + QStringLiteral("/services/aigc/text2image/image-synthesis")),
                   QJsonDocument(body(QStringLiteral("wan2.2-t2i-flash"),
                                      { { QStringLiteral("prompt"), QStringLiteral("a harbour") } },
                                      { { QStringLiteral("size"), QStringLiteral("512*640") },
                                        { QStringLiteral("n"), 1 } }))
                           .toJson(QJsonDocument::Compact));
    QCOMPARE(created.status, 200);
    const Answer done = finished(created.output().value(QLatin1String("task_id")).toString());
    const QString url = done.output()
                                .value(QLatin1String("results"))
                                .toArray()
                                .at(0)
                                .toObject()
                                .value(QLatin1String("url"))
                                .toString();
    QVERIFY(url.startsWith(QLatin1String("http://127.0.0.1:")));
    const QJsonObject input { { QStringLiteral("function"), QStringLiteral("super_resolution") },
                              { QStringLiteral("prompt"), QStringLiteral("sharper") },
                              { QStringLiteral("base_image_url"), url } };
    const QImage made = result(body(Edit, input, { { QStringLiteral("upscale_factor"), 2 } }));
    QCOMPARE(made.size(), QSize(1024, 1280));
}

void tst_SimulatorEditRoute::failedTaskAndFailedImage()
{
    const QImage base = pattern({ 640, 512 });
    m_server->setFaults({ SimulatorServer::Fault::FailTask });
    Answer created = create(body(Edit, editInput(QStringLiteral("colorization"), base), {}));
    QCOMPARE(created.status, 200);
    Answer done = finished(created.output().value(QLatin1String("task_id")).toString());
    QCOMPARE(done.output().value(QLatin1String("task_status")).toString(),
             QStringLiteral("FAILED"));
    QVERIFY(!done.output().value(QLatin1String("code")).toString().isEmpty());
    QVERIFY(!done.output().contains(QLatin1String("results")));

    // One image of two refused by the content check, the other delivered.
    m_server->setFaults({ SimulatorServer::Fault::ImageContentPolicy });
    created = create(body(Edit, editInput(QStringLiteral("colorization"), base),
                          { { QStringLiteral("n"), 2 } }));
    QCOMPARE(created.status, 200);
    done = finished(created.output().value(QLatin1String("task_id")).toString());
    QCOMPARE(done.output().value(QLatin1String("task_status")).toString(),
             QStringLiteral("SUCCEEDED"));
    const QJsonArray results = done.output().value(QLatin1String("results")).toArray();
    QCOMPARE(results.size(), 2);
    QVERIFY(results.at(0).toObject().contains(QLatin1String("url")));
    QCOMPARE(results.at(1).toObject().value(QLatin1String("code")).toString(),
             QStringLiteral("DataInspectionFailed"));
    QCOMPARE(done.json()
                     .value(QLatin1String("usage"))
                     .toObject()
                     .value(QLatin1String("image_count"))
                     .toInt(),
             1);
}

QTEST_MAIN(tst_SimulatorEditRoute)
#include "tst_simulatoreditroute.moc"
