// The simulator's video endpoints (video doc §1–3): video-synthesis (text-to-video, image-to-video,
// wan2.7 media) and image2video (first and last frame), their refusals, timeline, usage shapes,
// and the real MP4 each result URL serves.
#include "domain/modelcatalog.h"
#include "library/videofile.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorclient.h"
#include "support/simulatorfixture.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace std::chrono_literals;

namespace {

const QString VideoSynthesis = QStringLiteral("services/aigc/video-generation/video-synthesis");
const QString Image2Video = QStringLiteral("services/aigc/image2video/video-synthesis");

using Answer = SimulatorAnswer;

QString dataUri(const QImage &image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
}

QImage solid(QSize size, QColor colour)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    return image;
}

QJsonObject body(const QString &model, const QJsonObject &input, const QJsonObject &parameters)
{
    return { { QStringLiteral("model"), model },
             { QStringLiteral("input"), input },
             { QStringLiteral("parameters"), parameters } };
}

} // namespace

class tst_SimulatorVideoRoutes final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void textToVideoSucceedsWithAnMp4();
    void usageShapesPerGeneration_data();
    void usageShapesPerGeneration();
    void sameRequestSameVideo();
    void imageToVideoAnimatesTheImage();
    void keyframesMoveFromFirstToLast();
    void wan27TakesMedia();
    void refusals_data();
    void refusals();
    void failedVideoTask();

private:
    Answer send(const QByteArray &method, const QUrl &url, const QByteArray &body = {});
    Answer create(const QJsonObject &json, const QString &endpoint = VideoSynthesis)
    {
        return send("POST", QUrl(m_server->baseUrl().toString() + u'/' + endpoint),
                    QJsonDocument(json).toJson(QJsonDocument::Compact));
    }
    // Polls until the task is final; its last answer.
    Answer finished(const QString &taskId);
    // The task's video, saved in the test's folder; its path.
    QString saveVideo(const Answer &succeeded, const QString &name);

    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    QTemporaryDir *m_dir = nullptr; // m_fixture's
    SimulatorServer *m_server = nullptr; // m_fixture's
    QNetworkAccessManager *m_network = nullptr; // m_fixture's
};

void tst_SimulatorVideoRoutes::init()
{
    m_fixture = std::make_unique<SimulatorFixture>();
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_dir = m_fixture->dir();
    m_server = m_fixture->simulator();
    m_network = m_fixture->network();
    m_server->setLatency(100ms);
    m_server->setVideoRenderLimit(320, 1); // quick renders; the task reports what was asked
}

void tst_SimulatorVideoRoutes::cleanup()
{
    m_fixture.reset();
}

Answer tst_SimulatorVideoRoutes::send(const QByteArray &method, const QUrl &url,
                                      const QByteArray &body)
{
    return sendToSimulator(*m_network, method, url, dashScopeHeaders(method, url), body);
}

Answer tst_SimulatorVideoRoutes::finished(const QString &taskId)
{
    return pollUntilFinal(*m_network, m_server->baseUrl(), taskId);
}

QString tst_SimulatorVideoRoutes::saveVideo(const Answer &succeeded, const QString &name)
{
    const QByteArray url = succeeded.output().value(QLatin1String("video_url")).toString().toUtf8();
    const Answer file = send("GET", QUrl::fromEncoded(url, QUrl::StrictMode));
    if (file.status != 200 || file.header("Content-Type") != "video/mp4")
        return {};
    const QString path = m_dir->filePath(name);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(file.body) != file.body.size())
        return {};
    return path;
}

void tst_SimulatorVideoRoutes::textToVideoSucceedsWithAnMp4()
{
    const Answer created = create(body(QStringLiteral("wan2.5-t2v-preview"),
                                       { { QStringLiteral("prompt"), QStringLiteral("a river") } },
                                       { { QStringLiteral("size"), QStringLiteral("832*480") },
                                         { QStringLiteral("duration"), 10 },
                                         { QStringLiteral("seed"), 7 } }));
    QCOMPARE(created.status, 200);
    QCOMPARE(created.output().value(QLatin1String("task_status")).toString(),
             QStringLiteral("PENDING"));
    const Answer done = finished(created.output().value(QLatin1String("task_id")).toString());
    const QJsonObject output = done.output();
    QCOMPARE(output.value(QLatin1String("task_status")).toString(), QStringLiteral("SUCCEEDED"));
    QVERIFY(!output.contains(QLatin1String("results"))); // one video_url, no results[]
    QVERIFY(output.value(QLatin1String("video_url")).toString().contains(QLatin1String(".mp4?")));
    const QString path = saveVideo(done, QStringLiteral("a.mp4"));
    QVERIFY(!path.isEmpty());
    const VideoInfo info = VideoFile::probe(path);
    QVERIFY2(info.valid, qPrintable(info.error));
    QCOMPARE(info.frameRate, 30.0);
    // Rendered within the limit, in the asked shape (832*480 → 320 wide).
    QCOMPARE(info.pixelSize.width(), 320);
    QVERIFY(qAbs(info.pixelSize.height() - 184) <= 2);
}

void tst_SimulatorVideoRoutes::usageShapesPerGeneration_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QJsonObject>("parameters");
    QTest::addColumn<QStringList>("usageKeys");
    QTest::newRow("2.5: video_count, video_duration, video_ratio")
            << "wan2.5-t2v-preview"
            << QJsonObject { { QStringLiteral("size"), QStringLiteral("832*480") } }
            << QStringList { QStringLiteral("video_count"), QStringLiteral("video_duration"),
                             QStringLiteral("video_ratio") };
    QTest::newRow("2.6: duration, size, SR, …")
            << "wan2.6-t2v"
            << QJsonObject { { QStringLiteral("size"), QStringLiteral("1280*720") },
                             { QStringLiteral("duration"), 15 } }
            << QStringList { QStringLiteral("SR"),
                             QStringLiteral("duration"),
                             QStringLiteral("input_video_duration"),
                             QStringLiteral("output_video_duration"),
                             QStringLiteral("size"),
                             QStringLiteral("video_count") };
}

void tst_SimulatorVideoRoutes::usageShapesPerGeneration()
{
    QFETCH(QString, model);
    QFETCH(QJsonObject, parameters);
    QFETCH(QStringList, usageKeys);
    const Answer created = create(
            body(model, { { QStringLiteral("prompt"), QStringLiteral("a fox") } }, parameters));
    QCOMPARE(created.status, 200);
    const Answer done = finished(created.output().value(QLatin1String("task_id")).toString());
    const QJsonObject usage = done.json().value(QLatin1String("usage")).toObject();
    QStringList keys = usage.keys();
    keys.sort();
    usageKeys.sort();
    QCOMPARE(keys, usageKeys);
    if (model == u"wan2.6-t2v") {
        QCOMPARE(usage.value(QLatin1String("duration")).toInt(), 15);
        QCOMPARE(usage.value(QLatin1String("SR")).toInt(), 720);
        QVERIFY(!done.output().contains(QLatin1String("actual_prompt"))); // never for 2.6
    } else {
        QCOMPARE(usage.value(QLatin1String("video_duration")).toInt(), 5); // the default
        QCOMPARE(usage.value(QLatin1String("video_ratio")).toString(), QStringLiteral("832*480"));
    }
}

void tst_SimulatorVideoRoutes::sameRequestSameVideo()
{
    QByteArray first;
    for (int round = 0; round < 2; ++round) {
        const Answer created
                = create(body(QStringLiteral("wan2.2-t2v-plus"),
                              { { QStringLiteral("prompt"), QStringLiteral("a lighthouse") } },
                              { { QStringLiteral("size"), QStringLiteral("832*480") },
                                { QStringLiteral("seed"), 11 } }));
        const Answer done = finished(created.output().value(QLatin1String("task_id")).toString());
        const QString path = saveVideo(done, QStringLiteral("%1.mp4").arg(round));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        if (round == 0)
            first = bytes;
        else
            QCOMPARE(bytes, first); // deterministic from prompt and seed
    }
}

void tst_SimulatorVideoRoutes::imageToVideoAnimatesTheImage()
{
    // A portrait red image: the video is portrait and red.
    const Answer created
            = create(body(QStringLiteral("wan2.2-i2v-flash"),
                          { { QStringLiteral("img_url"), dataUri(solid({ 480, 800 }, Qt::red)) } },
                          { { QStringLiteral("resolution"), QStringLiteral("480P") } }));
    QCOMPARE(created.status, 200); // no prompt: optional for image-to-video
    const Answer done = finished(created.output().value(QLatin1String("task_id")).toString());
    const QString path = saveVideo(done, QStringLiteral("i2v.mp4"));
    QVERIFY(!path.isEmpty());
    const VideoInfo info = VideoFile::probe(path);
    QVERIFY2(info.valid, qPrintable(info.error));
    QVERIFY(info.pixelSize.height() > info.pixelSize.width());
    const QImage poster = VideoFile::poster(path, QSize(64, 64));
    QVERIFY(!poster.isNull());
    const QColor centre = poster.pixelColor(poster.width() / 2, poster.height() / 2);
    QVERIFY2(centre.red() > 180 && centre.green() < 80 && centre.blue() < 80,
             qPrintable(centre.name()));
}

void tst_SimulatorVideoRoutes::keyframesMoveFromFirstToLast()
{
    const Answer created = create(
            body(QStringLiteral("wan2.2-kf2v-flash"),
                 { { QStringLiteral("prompt"), QStringLiteral("day to night") },
                   { QStringLiteral("first_frame_url"), dataUri(solid({ 800, 480 }, Qt::white)) },
                   { QStringLiteral("last_frame_url"), dataUri(solid({ 800, 480 }, Qt::black)) } },
                 { { QStringLiteral("resolution"), QStringLiteral("480P") } }),
            Image2Video);
    QCOMPARE(created.status, 200);
    const Answer done = finished(created.output().value(QLatin1String("task_id")).toString());
    const QString path = saveVideo(done, QStringLiteral("kf2v.mp4"));
    QVERIFY(!path.isEmpty());
    // The poster (at 10 %) is still light: the crossfade has only begun.
    const QImage poster = VideoFile::poster(path, QSize(64, 64));
    QVERIFY(!poster.isNull());
    QVERIFY(qGray(poster.pixel(poster.width() / 2, poster.height() / 2)) > 170);
}

void tst_SimulatorVideoRoutes::wan27TakesMedia()
{
    const QJsonArray media { QJsonObject {
            { QStringLiteral("type"), QStringLiteral("first_frame") },
            { QStringLiteral("url"), dataUri(solid({ 640, 640 }, Qt::blue)) } } };
    const Answer created = create(body(QStringLiteral("wan2.7-i2v-2026-04-25"),
                                       { { QStringLiteral("media"), media } },
                                       { { QStringLiteral("resolution"), QStringLiteral("720P") },
                                         { QStringLiteral("duration"), 2 } }));
    QCOMPARE(created.status, 200);
    const Answer done = finished(created.output().value(QLatin1String("task_id")).toString());
    QCOMPARE(done.json()
                     .value(QLatin1String("usage"))
                     .toObject()
                     .value(QLatin1String("duration"))
                     .toInt(),
             2);
    QVERIFY(!saveVideo(done, QStringLiteral("27.mp4")).isEmpty());
}

void tst_SimulatorVideoRoutes::refusals_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QJsonObject>("request");
    QTest::addColumn<QString>("message");
    const QJsonObject prompt { { QStringLiteral("prompt"), QStringLiteral("a cat") } };
    const QString small = dataUri(solid({ 200, 200 }, Qt::green));
    const QString fine = dataUri(solid({ 640, 480 }, Qt::green));

    QTest::newRow("t2v size of another tier")
            << VideoSynthesis
            << body(QStringLiteral("wanx2.1-t2v-plus"), prompt,
                    { { QStringLiteral("size"), QStringLiteral("832*480") } })
            << "832";
    QTest::newRow("duration not offered") << VideoSynthesis
                                          << body(QStringLiteral("wan2.5-t2v-preview"), prompt,
                                                  { { QStringLiteral("duration"), 15 } })
                                          << "15";
    QTest::newRow("t2v without prompt")
            << VideoSynthesis << body(QStringLiteral("wan2.5-t2v-preview"), {}, {})
            << "input.prompt";
    QTest::newRow("i2v without image")
            << VideoSynthesis << body(QStringLiteral("wan2.2-i2v-plus"), prompt, {})
            << "input.img_url";
    QTest::newRow("i2v with a size")
            << VideoSynthesis
            << body(QStringLiteral("wan2.2-i2v-plus"), { { QStringLiteral("img_url"), fine } },
                    { { QStringLiteral("size"), QStringLiteral("832*480") } })
            << "resolution";
    QTest::newRow("i2v resolution not offered")
            << VideoSynthesis
            << body(QStringLiteral("wan2.2-i2v-plus"), { { QStringLiteral("img_url"), fine } },
                    { { QStringLiteral("resolution"), QStringLiteral("720P") } })
            << "720P";
    QTest::newRow("image too small")
            << VideoSynthesis
            << body(QStringLiteral("wan2.2-i2v-plus"), { { QStringLiteral("img_url"), small } }, {})
            << "360";
    QTest::newRow("not an image") << VideoSynthesis
                                  << body(QStringLiteral("wan2.2-i2v-plus"),
                                          { { QStringLiteral("img_url"),
                                              QStringLiteral("data:image/png;base64,aGVsbG8=") } },
                                          {})
                                  << "format";
    QTest::newRow("kf2v without last frame")
            << Image2Video
            << body(QStringLiteral("wan2.2-kf2v-flash"),
                    { { QStringLiteral("first_frame_url"), fine } }, {})
            << "last_frame_url";
    QTest::newRow("kf2v at the wrong endpoint")
            << VideoSynthesis
            << body(QStringLiteral("wan2.2-kf2v-flash"),
                    { { QStringLiteral("first_frame_url"), fine } }, {})
            << "url error";
    QTest::newRow("wan2.7 media twice")
            << VideoSynthesis
            << body(QStringLiteral("wan2.7-i2v-2026-04-25"),
                    { { QStringLiteral("media"),
                        QJsonArray { QJsonObject { { QStringLiteral("type"),
                                                     QStringLiteral("first_frame") },
                                                   { QStringLiteral("url"), fine } },
                                     QJsonObject { { QStringLiteral("type"),
                                                     QStringLiteral("first_frame") },
                                                   { QStringLiteral("url"), fine } } } } },
                    {})
            << "twice";
}

void tst_SimulatorVideoRoutes::refusals()
{
    QFETCH(QString, endpoint);
    QFETCH(QJsonObject, request);
    QFETCH(QString, message);
    const Answer answer = create(request, endpoint);
    QCOMPARE(answer.status, 400);
    QCOMPARE(answer.json().value(QLatin1String("code")).toString(),
             QStringLiteral("InvalidParameter"));
    QVERIFY2(answer.json().value(QLatin1String("message")).toString().contains(message),
             answer.body.constData());
}

void tst_SimulatorVideoRoutes::failedVideoTask()
{
    m_server->setFaults({ SimulatorServer::Fault::FailTask });
    const Answer created
            = create(body(QStringLiteral("wan2.2-t2v-plus"),
                          { { QStringLiteral("prompt"), QStringLiteral("a storm") } }, {}));
    QCOMPARE(created.status, 200);
    const Answer done = finished(created.output().value(QLatin1String("task_id")).toString());
    QCOMPARE(done.output().value(QLatin1String("task_status")).toString(),
             QStringLiteral("FAILED"));
    QVERIFY(!done.output().contains(QLatin1String("video_url")));
}

QTEST_MAIN(tst_SimulatorVideoRoutes)
#include "tst_simulatorvideoroutes.moc"
