#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "protocol/taskresponse.h"
#include "simulator/simulatedimage.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorclient.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QUrlQuery>
#include <QtEndian>
#include <QtTest>
#include <memory>
#include <zlib.h>

using namespace std::chrono_literals;
using Fault = SimulatorServer::Fault;
using Headers = SimulatorHeaders;

namespace {

const QString TextToImage = QStringLiteral("services/aigc/text2image/image-synthesis");
const QString ImageGeneration = QStringLiteral("services/aigc/image-generation/generation");
const QString FlowerShop = QStringLiteral(u"一间有着精致窗户的花店，漂亮的木质门，摆放着花朵");

// The create request of the official guide (protocol doc §3.3), byte for byte.
const QByteArray GuideBody = QStringLiteral(uR"({
  "model": "wan2.5-t2i-preview",
  "input": {
    "prompt": "一间有着精致窗户的花店，漂亮的木质门，摆放着花朵",
    "negative_prompt": "低分辨率、模糊、比例失调"
  },
  "parameters": { "size": "1280*1280", "n": 1, "prompt_extend": true, "watermark": false, "seed": 12345 }
})")
                                     .toUtf8();

const Headers CreateHeaders = { { "X-DashScope-Async", "enable" },
                                { "Authorization", "Bearer sk-test" },
                                { "Content-Type", "application/json" } };
const Headers KeyOnly = { { "Authorization", "Bearer sk-test" } };

bool isUuid(const QString &text)
{
    static const QRegularExpression pattern(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return pattern.match(text).hasMatch();
}

bool isWireTime(const QJsonValue &value)
{
    return value.isString()
            && QDateTime::fromString(value.toString(), QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                       .isValid();
}

QJsonObject smallRequest(const QString &prompt = QStringLiteral("a red fox in the snow"), int n = 1)
{
    return { { QLatin1String("model"), QStringLiteral("wan2.2-t2i-flash") },
             { QLatin1String("input"), QJsonObject { { QLatin1String("prompt"), prompt } } },
             { QLatin1String("parameters"),
               QJsonObject { { QLatin1String("size"), QStringLiteral("512*512") },
                             { QLatin1String("n"), n },
                             { QLatin1String("seed"), 42 },
                             { QLatin1String("prompt_extend"), false } } } };
}

QByteArray toBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

using Answer = SimulatorAnswer;

} // namespace

class tst_SimulatorServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listensOnLoopbackOnly();
    void guideRequestsWork();
    void guideCurlCommandsWork();
    void timelineGoesPendingRunningSucceeded();
    void newProtocolAnswersWithChoices();
    void createRules_data();
    void createRules();
    void serviceDefaults();
    void overlongPromptIsAccepted();
    void imagesFollowPromptAndSeeds();
    void regionRestrictsModelNames();
    void pollRules();
    void cancelOnlyWhilePending();
    void listPagesAndFilters();
    void downloadRules();
    void downloadsInParallel();
    void unknownPaths();
    void faultNamesRoundTrip();
    void throttleCreate();
    void serverErrorOnCreateStillCreates();
    void createFaultsCombine();
    void pollFaults_data();
    void pollFaults();
    void pollFaultsTakeTurns();
    void unusualStatus();
    void imageContentPolicy();
    void failTask();
    void expiredTask();
    void truncatedDownload();
    void expiredDownload();
    void slowResponses();
    void rateLimits();
    void statistics();
    void hostileFaultsHaveNames();
    void endlessPollAnswer();
    void deepJsonOnPoll();
    void htmlOnPoll();
    void dripFeed();
    void redirectToFile();
    void redirectToOtherHost();
    void htmlResult();
    void pngTextBomb();
    void hugePng();
    void truncatedPng();
    void tooManyResults();
    void unsafeTaskId();

private:
    QUrl api(const QString &path) const
    {
        return QUrl(m_server->baseUrl().toString() + u'/' + path);
    }
    Answer send(const QByteArray &method, const QUrl &url, const Headers &headers,
                const QByteArray &body = {});
    Answer create(const QJsonObject &body, const QString &endpoint = TextToImage)
    {
        return send("POST", api(endpoint), CreateHeaders, toBytes(body));
    }
    Answer poll(const QString &taskId)
    {
        return send("GET", api(QStringLiteral("tasks/") + taskId), KeyOnly);
    }
    Answer download(const QByteArray &url, const Headers &headers = {})
    {
        return send("GET", QUrl::fromEncoded(url, QUrl::StrictMode), headers);
    }
    QString pollStatus(const QString &taskId)
    {
        return poll(taskId).output().value(QLatin1String("task_status")).toString();
    }
    // Creates a small task and waits until the simulator has finished it.
    QString finishedTask(const QJsonObject &body = smallRequest(),
                         const QString &endpoint = TextToImage);
    // The first result URL of a finished task.
    QByteArray firstUrl(const QString &taskId)
    {
        return poll(taskId)
                .output()
                .value(QLatin1String("results"))
                .toArray()
                .first()
                .toObject()
                .value(QLatin1String("url"))
                .toString()
                .toUtf8();
    }
    // A raw connection that has sent `request` (a whole HTTP request) to the simulator.
    std::unique_ptr<QTcpSocket> connectRaw(const QByteArray &request);

    std::unique_ptr<SimulatorServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void tst_SimulatorServer::init()
{
    QStandardPaths::setTestModeEnabled(true);
    m_server = std::make_unique<SimulatorServer>(ModelCatalog::builtIn());
    m_server->setLatency(200ms);
    const ApiError error = m_server->listen(0);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    m_network = std::make_unique<QNetworkAccessManager>();
}

void tst_SimulatorServer::cleanup()
{
    m_network.reset();
    m_server.reset();
}

Answer tst_SimulatorServer::send(const QByteArray &method, const QUrl &url, const Headers &headers,
                                 const QByteArray &body)
{
    return sendToSimulator(*m_network, method, url, headers, body, 10000);
}

QString tst_SimulatorServer::finishedTask(const QJsonObject &body, const QString &endpoint)
{
    const QString id = create(body, endpoint).output().value(QLatin1String("task_id")).toString();
    if (id.isEmpty())
        return {};
    // Waits on the simulator's own clock (what QTRY_* does), not for a fixed time.
    if (!QTest::qWaitFor([&] { return isTerminal(m_server->taskStatus(id)); }, 10000))
        return {};
    return id;
}

void tst_SimulatorServer::listensOnLoopbackOnly()
{
    const QUrl base = m_server->baseUrl();
    QCOMPARE(base.scheme(), QStringLiteral("http"));
    QCOMPARE(base.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(base.port(), int(m_server->serverPort()));
    QCOMPARE(base.path(), QStringLiteral("/api/v1"));
    QVERIFY(m_server->isListening());

    const ApiError again = m_server->listen(0);
    QVERIFY(again.isError());
    QVERIFY(!again.message.isEmpty());

    SimulatorServer second(ModelCatalog::builtIn());
    QVERIFY(!second.baseUrl().isValid());
    const ApiError taken = second.listen(m_server->serverPort());
    QVERIFY(taken.isError());
    QCOMPARE(taken.kind, ApiError::Kind::Network);
    QVERIFY(!taken.message.isEmpty());
    QVERIFY(!second.isListening());
}

void tst_SimulatorServer::guideRequestsWork()
{
    // The guide's cURL create, with only the host changed, sent exactly: same headers, same body.
    const Answer created = send("POST", api(TextToImage), CreateHeaders, GuideBody);
    QCOMPARE(created.status, 200);
    QCOMPARE(created.header("Content-Type"), QByteArray("application/json"));
    const QString taskId = created.output().value(QLatin1String("task_id")).toString();
    QVERIFY(isUuid(taskId));
    QCOMPARE(created.output().value(QLatin1String("task_status")).toString(),
             QStringLiteral("PENDING"));
    QVERIFY(isUuid(created.json().value(QLatin1String("request_id")).toString()));

    // The guide's poll: GET with only the Authorization header.
    QTRY_COMPARE_WITH_TIMEOUT(pollStatus(taskId), QStringLiteral("SUCCEEDED"), 10000);
    const Answer polled = poll(taskId);
    QCOMPARE(polled.status, 200);
    const QJsonObject output = polled.output();
    QCOMPARE(output.value(QLatin1String("task_id")).toString(), taskId);
    QVERIFY(isWireTime(output.value(QLatin1String("submit_time"))));
    QVERIFY(isWireTime(output.value(QLatin1String("scheduled_time"))));
    QVERIFY(isWireTime(output.value(QLatin1String("end_time"))));
    const QJsonArray results = output.value(QLatin1String("results")).toArray();
    QCOMPARE(results.size(), 1);
    const QJsonObject result = results.first().toObject();
    QCOMPARE(result.value(QLatin1String("orig_prompt")).toString(), FlowerShop);
    const QString actual = result.value(QLatin1String("actual_prompt")).toString();
    QVERIFY(actual.startsWith(FlowerShop));
    QVERIFY(actual.size() > FlowerShop.size());
    const QJsonObject metrics = output.value(QLatin1String("task_metrics")).toObject();
    QCOMPARE(metrics.value(QLatin1String("TOTAL")).toInt(), 1);
    QCOMPARE(metrics.value(QLatin1String("SUCCEEDED")).toInt(), 1);
    QCOMPARE(metrics.value(QLatin1String("FAILED")).toInt(), 0);
    QCOMPARE(polled.json()
                     .value(QLatin1String("usage"))
                     .toObject()
                     .value(QLatin1String("image_count"))
                     .toInt(),
             1);

    // The signed URL: same server, OSS-style query with a percent-encoded signature.
    const QByteArray url = result.value(QLatin1String("url")).toString().toUtf8();
    QVERIFY(url.startsWith("http://127.0.0.1:" + QByteArray::number(m_server->serverPort())
                           + "/results/"));
    QVERIFY(url.contains("/" + taskId.toUtf8() + "-1.png?Expires="));
    QVERIFY(url.contains("&OSSAccessKeyId=LTAI5tSimulator&Signature="));
    QVERIFY(url.endsWith("%3D"));
    const QByteArray signature = url.mid(url.indexOf("Signature=") + 10);
    QVERIFY(!signature.contains('+') && !signature.contains('/') && !signature.contains('='));
    const qint64 expires = QUrlQuery(QUrl::fromEncoded(url))
                                   .queryItemValue(QStringLiteral("Expires"))
                                   .toLongLong();
    const qint64 inADay = QDateTime::currentSecsSinceEpoch() + 24 * 3600;
    QVERIFY(qAbs(expires - inADay) < 60);

    // The core's parser reads it as the real service's answer.
    TaskSnapshot snapshot;
    ApiError error;
    QVERIFY(parseTaskResponse(polled.body, &snapshot, &error));
    QCOMPARE(snapshot.status, TaskStatus::Succeeded);
    QCOMPARE(snapshot.results.size(), 1);
    QCOMPARE(snapshot.results.first().url, url);

    // The image: a plain GET of the URL exactly as given.
    const Answer image = download(url);
    QCOMPARE(image.status, 200);
    QCOMPARE(image.header("Content-Type"), QByteArray("image/png"));
    QCOMPARE(image.header("Content-Length").toLongLong(), qint64(image.body.size()));
    QVERIFY(image.body.startsWith("\x89PNG\r\n\x1a\n"));
    QCOMPARE(QImage::fromData(image.body).size(), QSize(1280, 1280));
}

void tst_SimulatorServer::guideCurlCommandsWork()
{
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (curl.isEmpty())
        QSKIP("curl is not installed");
    const auto run = [&curl](const QStringList &arguments) {
        QProcess process;
        process.start(curl, arguments);
        QSignalSpy finished(&process, &QProcess::finished);
        if (!finished.wait(20000)) // an event loop: the simulator answers in this thread
            return QByteArray();
        return process.readAllStandardOutput();
    };
    // The guide's commands, host changed, key literal instead of $DASHSCOPE_API_KEY.
    const QByteArray created
            = run({ QStringLiteral("-s"), QStringLiteral("-X"), QStringLiteral("POST"),
                    api(TextToImage).toString(), QStringLiteral("-H"),
                    QStringLiteral("X-DashScope-Async: enable"), QStringLiteral("-H"),
                    QStringLiteral("Authorization: Bearer sk-test"), QStringLiteral("-H"),
                    QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
                    QString::fromUtf8(GuideBody) });
    const QString taskId = QJsonDocument::fromJson(created)
                                   .object()
                                   .value(QLatin1String("output"))
                                   .toObject()
                                   .value(QLatin1String("task_id"))
                                   .toString();
    QVERIFY2(isUuid(taskId), created.constData());
    const QStringList pollCommand {
        QStringLiteral("-s"),       QStringLiteral("-X"),
        QStringLiteral("GET"),      api(QStringLiteral("tasks/") + taskId).toString(),
        QStringLiteral("--header"), QStringLiteral("Authorization: Bearer sk-test")
    };
    const auto status = [&] {
        return QJsonDocument::fromJson(run(pollCommand))
                .object()
                .value(QLatin1String("output"))
                .toObject()
                .value(QLatin1String("task_status"))
                .toString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(status(), QStringLiteral("SUCCEEDED"), 15000);
}

void tst_SimulatorServer::timelineGoesPendingRunningSucceeded()
{
    m_server->setLatency(2000ms); // PENDING for the first 500 ms
    const Answer created = create(smallRequest());
    const QString id = created.output().value(QLatin1String("task_id")).toString();
    QCOMPARE(m_server->taskStatus(id), TaskStatus::Pending);

    const QJsonObject pending = poll(id).output();
    QCOMPARE(pending.value(QLatin1String("task_status")).toString(), QStringLiteral("PENDING"));
    QVERIFY(isWireTime(pending.value(QLatin1String("submit_time"))));
    QVERIFY(!pending.contains(QLatin1String("scheduled_time")));
    QVERIFY(!pending.contains(QLatin1String("end_time")));
    QVERIFY(!pending.contains(QLatin1String("results")));

    QTRY_COMPARE_WITH_TIMEOUT(pollStatus(id), QStringLiteral("RUNNING"), 5000);
    const QJsonObject running = poll(id).output();
    if (running.value(QLatin1String("task_status")).toString() == u"RUNNING") {
        QVERIFY(isWireTime(running.value(QLatin1String("scheduled_time"))));
        QVERIFY(!running.contains(QLatin1String("end_time")));
    }

    QTRY_COMPARE_WITH_TIMEOUT(pollStatus(id), QStringLiteral("SUCCEEDED"), 5000);
    const QJsonObject done = poll(id).output();
    const auto time = [&done](const char *name) {
        return QDateTime::fromString(done.value(QLatin1String(name)).toString(),
                                     QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    };
    QVERIFY(time("submit_time") <= time("scheduled_time"));
    QVERIFY(time("scheduled_time") <= time("end_time"));
    const qint64 took = time("submit_time").msecsTo(time("end_time"));
    QVERIFY2(took >= 1990 && took <= 2010, qPrintable(QString::number(took)));
}

void tst_SimulatorServer::newProtocolAnswersWithChoices()
{
    const QJsonObject text { { QLatin1String("text"), QStringLiteral("a lighthouse on a cliff") } };
    const QJsonObject body {
        { QLatin1String("model"), QStringLiteral("wan2.6-t2i") },
        { QLatin1String("input"),
          QJsonObject { { QLatin1String("messages"),
                          QJsonArray { QJsonObject {
                                  { QLatin1String("role"), QStringLiteral("user") },
                                  { QLatin1String("content"), QJsonArray { text } } } } } } },
        { QLatin1String("parameters"),
          QJsonObject { { QLatin1String("prompt_extend"), true },
                        { QLatin1String("watermark"), false },
                        { QLatin1String("n"), 2 },
                        { QLatin1String("negative_prompt"), QString() },
                        { QLatin1String("size"), QStringLiteral("1280*1280") } } }
    };
    const QString id = finishedTask(body, ImageGeneration);
    QVERIFY(!id.isEmpty());
    const Answer answer = poll(id);
    const QJsonObject output = answer.output();
    QCOMPARE(output.value(QLatin1String("task_status")).toString(), QStringLiteral("SUCCEEDED"));
    QCOMPARE(output.value(QLatin1String("finished")).toBool(), true);
    QVERIFY(!output.contains(QLatin1String("results")));
    QVERIFY(!output.contains(QLatin1String("task_metrics")));
    const QJsonArray choices = output.value(QLatin1String("choices")).toArray();
    QCOMPARE(choices.size(), 2);
    const QJsonObject message
            = choices.first().toObject().value(QLatin1String("message")).toObject();
    QCOMPARE(message.value(QLatin1String("role")).toString(), QStringLiteral("assistant"));
    const QJsonObject content
            = message.value(QLatin1String("content")).toArray().first().toObject();
    QCOMPARE(content.value(QLatin1String("type")).toString(), QStringLiteral("image"));
    const QJsonObject usage = answer.json().value(QLatin1String("usage")).toObject();
    QCOMPARE(usage.value(QLatin1String("image_count")).toInt(), 2);
    QCOMPARE(usage.value(QLatin1String("size")).toString(), QStringLiteral("1280*1280"));
    QCOMPARE(usage.value(QLatin1String("total_tokens")).toInt(-1), 0);

    const Answer image = download(content.value(QLatin1String("image")).toString().toUtf8());
    QCOMPARE(image.status, 200);
    QCOMPARE(QImage::fromData(image.body).size(), QSize(1280, 1280));

    TaskSnapshot snapshot;
    ApiError error;
    QVERIFY(parseTaskResponse(answer.body, &snapshot, &error));
    QCOMPARE(snapshot.results.size(), 2);
}

void tst_SimulatorServer::createRules_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message"); // a part of it; empty: any

    const QByteArray good = toBytes(smallRequest());
    const auto with = [](const char *key, const QJsonValue &value) {
        QJsonObject body = smallRequest();
        QJsonObject parameters = body.value(QLatin1String("parameters")).toObject();
        parameters.insert(QLatin1String(key), value);
        body.insert(QLatin1String("parameters"), parameters);
        return toBytes(body);
    };
    const auto model = [](const char *name, const QString &size) {
        QJsonObject body = smallRequest();
        body.insert(QLatin1String("model"), QLatin1String(name));
        QJsonObject parameters = body.value(QLatin1String("parameters")).toObject();
        parameters.insert(QLatin1String("size"), size);
        body.insert(QLatin1String("parameters"), parameters);
        return toBytes(body);
    };
    const ModelCatalog catalog = ModelCatalog::builtIn();
    const auto sizeProblem = [&catalog](const char *name, QSize size) {
        const ModelInfo info = catalog.model(QLatin1String(name));
        return info.rules.size.problem(size, info.name);
    };
    const QString invalid = QStringLiteral("InvalidParameter");

    QTest::newRow("no key") << TextToImage
                            << Headers { { "X-DashScope-Async", "enable" },
                                         { "Content-Type", "application/json" } }
                            << good << 401 << QStringLiteral("InvalidApiKey")
                            << QStringLiteral("No API-key provided.");
    QTest::newRow("empty bearer") << TextToImage
                                  << Headers { { "X-DashScope-Async", "enable" },
                                               { "Authorization", "Bearer " } }
                                  << good << 401 << QStringLiteral("InvalidApiKey")
                                  << QStringLiteral("No API-key provided.");
    QTest::newRow("not bearer") << TextToImage
                                << Headers { { "X-DashScope-Async", "enable" },
                                             { "Authorization", "Basic eDp5" } }
                                << good << 401 << QStringLiteral("InvalidApiKey")
                                << QStringLiteral("Invalid API-key provided.");
    QTest::newRow("wrong key") << TextToImage
                               << Headers { { "X-DashScope-Async", "enable" },
                                            { "Authorization", "Bearer sk-wrong" } }
                               << good << 401 << QStringLiteral("InvalidApiKey")
                               << QStringLiteral("Invalid API-key provided.");
    QTest::newRow("synchronous") << TextToImage << Headers { { "Authorization", "Bearer sk-test" } }
                                 << good << 403 << QStringLiteral("AccessDenied")
                                 << QStringLiteral(
                                            "current user api does not support synchronous calls");
    QTest::newRow("async disabled")
            << TextToImage
            << Headers { { "Authorization", "Bearer sk-test" }, { "X-DashScope-Async", "disable" } }
            << good << 403 << QStringLiteral("AccessDenied") << QString();
    QTest::newRow("not json") << TextToImage << CreateHeaders << QByteArray("{\"model\": ") << 400
                              << invalid << QStringLiteral("Required body invalid");
    QTest::newRow("json array") << TextToImage << CreateHeaders << QByteArray("[]") << 400
                                << invalid << QString();
    QTest::newRow("no model") << TextToImage << CreateHeaders
                              << QByteArray(R"({"input":{"prompt":"x"}})") << 400
                              << QStringLiteral("BadRequest.EmptyModel") << QString();
    QTest::newRow("unknown model")
            << TextToImage << CreateHeaders << model("wan9-t2i", QStringLiteral("512*512")) << 400
            << invalid << QStringLiteral("Model not exist.");
    QTest::newRow("wan2.6 on the old endpoint")
            << TextToImage << CreateHeaders << model("wan2.6-t2i", QStringLiteral("1280*1280"))
            << 400 << invalid << QStringLiteral("url error, please check url!");
    QTest::newRow("old model on the new endpoint")
            << ImageGeneration << CreateHeaders << good << 400 << invalid
            << QStringLiteral("url error, please check url!");
    QTest::newRow("unknown endpoint")
            << QStringLiteral("services/aigc/text2image/nope") << CreateHeaders << good << 400
            << invalid << QStringLiteral("url error, please check url!");
    QTest::newRow("no input") << TextToImage << CreateHeaders
                              << QByteArray(R"({"model":"wan2.2-t2i-flash"})") << 400
                              << QStringLiteral("BadRequest.EmptyInput") << QString();
    QTest::newRow("empty prompt")
            << TextToImage << CreateHeaders
            << QByteArray(R"({"model":"wan2.2-t2i-flash","input":{"prompt":"  "}})") << 400
            << invalid << QStringLiteral("input.prompt");
    QTest::newRow("size with x") << TextToImage << CreateHeaders
                                 << with("size", QStringLiteral("512x512")) << 400 << invalid
                                 << QStringLiteral("width*height");
    QTest::newRow("size as number")
            << TextToImage << CreateHeaders << with("size", 512) << 400 << invalid << QString();
    QTest::newRow("wan2.5 too few pixels")
            << TextToImage << CreateHeaders
            << model("wan2.5-t2i-preview", QStringLiteral("1024*1024")) << 400 << invalid
            << sizeProblem("wan2.5-t2i-preview", QSize(1024, 1024));
    QTest::newRow("wan2.5 ratio over 4")
            << TextToImage << CreateHeaders
            << model("wan2.5-t2i-preview", QStringLiteral("640*2800")) << 400 << invalid
            << sizeProblem("wan2.5-t2i-preview", QSize(640, 2800));
    QTest::newRow("wan2.2 side over 1440")
            << TextToImage << CreateHeaders << model("wan2.2-t2i-flash", QStringLiteral("1600*800"))
            << 400 << invalid << sizeProblem("wan2.2-t2i-flash", QSize(1600, 800));
    QTest::newRow("qwen-image not a listed size")
            << TextToImage << CreateHeaders << model("qwen-image-plus", QStringLiteral("1024*1024"))
            << 400 << invalid << sizeProblem("qwen-image-plus", QSize(1024, 1024));
    QTest::newRow("n = 5") << TextToImage << CreateHeaders << with("n", 5) << 400 << invalid
                           << QString();
    QTest::newRow("n = 0") << TextToImage << CreateHeaders << with("n", 0) << 400 << invalid
                           << QString();
    QTest::newRow("n as text") << TextToImage << CreateHeaders << with("n", QStringLiteral("2"))
                               << 400 << invalid << QStringLiteral("integer");
    QTest::newRow("n = 1.5") << TextToImage << CreateHeaders << with("n", 1.5) << 400 << invalid
                             << QStringLiteral("integer");
    QTest::newRow("seed below 0") << TextToImage << CreateHeaders << with("seed", -1) << 400
                                  << invalid << QString();
    QTest::newRow("seed over 2^31-1") << TextToImage << CreateHeaders << with("seed", 2147483648.0)
                                      << 400 << invalid << QString();
    QTest::newRow("prompt_extend as text")
            << TextToImage << CreateHeaders << with("prompt_extend", QStringLiteral("yes")) << 400
            << invalid << QStringLiteral("boolean");
    QTest::newRow("watermark as number") << TextToImage << CreateHeaders << with("watermark", 1)
                                         << 400 << invalid << QStringLiteral("boolean");
    QTest::newRow("wan2.6 two text items")
            << ImageGeneration << CreateHeaders
            << QByteArray(
                       R"({"model":"wan2.6-t2i","input":{"messages":[{"role":"user","content":[{"text":"a"},{"text":"b"}]}]}})")
            << 400 << invalid << QStringLiteral("one text item");
    QTest::newRow("wan2.6 prompt instead of messages")
            << ImageGeneration << CreateHeaders
            << QByteArray(R"({"model":"wan2.6-t2i","input":{"prompt":"a"}})") << 400 << invalid
            << QString();
}

void tst_SimulatorServer::createRules()
{
    QFETCH(QString, endpoint);
    QFETCH(Headers, headers);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, message);

    m_server->setRequiredApiKey(QStringLiteral("sk-test"));
    const Answer answer = send("POST", api(endpoint), headers, body);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(answer.code(), code);
    QVERIFY2(answer.message().contains(message), qPrintable(answer.message()));
    QVERIFY(!answer.message().isEmpty());
    QVERIFY(isUuid(answer.json().value(QLatin1String("request_id")).toString()));
    QVERIFY(!answer.json().contains(QLatin1String("output")));
    QVERIFY(m_server->taskIds().isEmpty()); // rejected: nothing created

    // The same request, correct, is accepted: the row tests exactly one rule.
    const Answer fixed = create(smallRequest());
    QCOMPARE(fixed.status, 200);
}

void tst_SimulatorServer::serviceDefaults()
{
    // Without n the service makes (and bills) 4 images; without size, the model's default.
    const QJsonObject body { { QLatin1String("model"), QStringLiteral("wan2.2-t2i-flash") },
                             { QLatin1String("input"),
                               QJsonObject {
                                       { QLatin1String("prompt"), QStringLiteral("a kite") } } } };
    const QString id = finishedTask(body);
    const Answer answer = poll(id);
    const QJsonArray results = answer.output().value(QLatin1String("results")).toArray();
    QCOMPARE(results.size(), 4);
    QCOMPARE(answer.json()
                     .value(QLatin1String("usage"))
                     .toObject()
                     .value(QLatin1String("image_count"))
                     .toInt(),
             4);
    // prompt_extend defaults to on: actual_prompt is there.
    QVERIFY(results.first().toObject().contains(QLatin1String("actual_prompt")));
    const Answer image
            = download(results.first().toObject().value(QLatin1String("url")).toString().toUtf8());
    QCOMPARE(QImage::fromData(image.body).size(),
             ModelCatalog::builtIn().model(QStringLiteral("wan2.2-t2i-flash")).rules.defaultSize);

    // Without a seed, a random one: two such tasks give different pictures.
    QJsonObject unseeded = smallRequest();
    QJsonObject parameters = unseeded.value(QLatin1String("parameters")).toObject();
    parameters.remove(QLatin1String("seed"));
    unseeded.insert(QLatin1String("parameters"), parameters);
    const QString first = finishedTask(unseeded);
    const QString second = finishedTask(unseeded);
    const auto firstImage = [this](const QString &taskId) {
        return download(poll(taskId)
                                .output()
                                .value(QLatin1String("results"))
                                .toArray()
                                .first()
                                .toObject()
                                .value(QLatin1String("url"))
                                .toString()
                                .toUtf8())
                .body;
    };
    const QByteArray a = firstImage(first);
    QVERIFY(!a.isEmpty());
    QVERIFY(a != firstImage(second));
}

void tst_SimulatorServer::overlongPromptIsAccepted()
{
    // The service truncates silently; it does not reject.
    const QString prompt = QString(900, u'山');
    const QString id = finishedTask(smallRequest(prompt));
    QVERIFY(!id.isEmpty());
    const QJsonObject result
            = poll(id).output().value(QLatin1String("results")).toArray().first().toObject();
    QCOMPARE(result.value(QLatin1String("orig_prompt")).toString(), prompt);
}

void tst_SimulatorServer::imagesFollowPromptAndSeeds()
{
    // n images with seeds seed, seed+1, …: exactly SimulatedImage's bytes.
    QJsonObject body = smallRequest(QStringLiteral("a red fox in the snow"), 3);
    const QString id = finishedTask(body);
    const QJsonArray results = poll(id).output().value(QLatin1String("results")).toArray();
    QCOMPARE(results.size(), 3);
    QList<QByteArray> images;
    for (int i = 0; i < 3; ++i) {
        const QByteArray url
                = results.at(i).toObject().value(QLatin1String("url")).toString().toUtf8();
        QVERIFY(url.contains("-" + QByteArray::number(i + 1) + ".png?"));
        const Answer answer = download(url);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body,
                 (SimulatedImage { QStringLiteral("a red fox in the snow"), 42 + i, QSize(512, 512),
                                   false }
                          .toPng()));
        images.append(answer.body);
    }
    QVERIFY(images[0] != images[1]);
    QVERIFY(images[1] != images[2]);

    // Another task with the same prompt and seed: the same pictures (at other URLs).
    const QString again = finishedTask(body);
    const QJsonObject result
            = poll(again).output().value(QLatin1String("results")).toArray().first().toObject();
    const QByteArray url = result.value(QLatin1String("url")).toString().toUtf8();
    QVERIFY(url != results.first().toObject().value(QLatin1String("url")).toString().toUtf8());
    QCOMPARE(download(url).body, images[0]);

    // Watermark on: the mark is in the picture.
    QJsonObject parameters = body.value(QLatin1String("parameters")).toObject();
    parameters.insert(QLatin1String("watermark"), true);
    parameters.insert(QLatin1String("n"), 1);
    body.insert(QLatin1String("parameters"), parameters);
    const QString marked = finishedTask(body);
    const QByteArray markedUrl = poll(marked)
                                         .output()
                                         .value(QLatin1String("results"))
                                         .toArray()
                                         .first()
                                         .toObject()
                                         .value(QLatin1String("url"))
                                         .toString()
                                         .toUtf8();
    QCOMPARE(download(markedUrl).body,
             (SimulatedImage { QStringLiteral("a red fox in the snow"), 42, QSize(512, 512), true }
                      .toPng()));
}

void tst_SimulatorServer::regionRestrictsModelNames()
{
    QJsonObject singapore = smallRequest();
    singapore.insert(QLatin1String("model"), QStringLiteral("wan2.1-t2i-turbo"));
    QJsonObject beijing = smallRequest();
    beijing.insert(QLatin1String("model"), QStringLiteral("wanx2.1-t2i-turbo"));

    // Default: every catalog name exists.
    QCOMPARE(create(singapore).status, 200);
    QCOMPARE(create(beijing).status, 200);

    m_server->setRegion(Region::Beijing);
    const Answer refused = create(singapore);
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.message(), QStringLiteral("Model not exist."));
    QCOMPARE(create(beijing).status, 200);
}

void tst_SimulatorServer::pollRules()
{
    // Unknown ids: HTTP 200, UNKNOWN, the id echoed (protocol doc §5.7).
    const Answer unknown = poll(QStringLiteral("502a00b1-19d9-4839-a82f-000000000000"));
    QCOMPARE(unknown.status, 200);
    QCOMPARE(unknown.output().value(QLatin1String("task_status")).toString(),
             QStringLiteral("UNKNOWN"));
    QCOMPARE(unknown.output().value(QLatin1String("task_id")).toString(),
             QStringLiteral("502a00b1-19d9-4839-a82f-000000000000"));
    QVERIFY(isUuid(unknown.json().value(QLatin1String("request_id")).toString()));

    const QString id = create(smallRequest()).output().value(QLatin1String("task_id")).toString();
    const Answer noKey = send("GET", api(QStringLiteral("tasks/") + id), {});
    QCOMPARE(noKey.status, 401);
    QCOMPARE(noKey.code(), QStringLiteral("InvalidApiKey"));

    // Polls need no async header and no body; a new request_id each time.
    const Answer first = poll(id);
    const Answer second = poll(id);
    QCOMPARE(first.status, 200);
    QVERIFY(first.json().value(QLatin1String("request_id"))
            != second.json().value(QLatin1String("request_id")));
}

void tst_SimulatorServer::cancelOnlyWhilePending()
{
    m_server->setLatency(4000ms); // PENDING for a second
    const QString id = create(smallRequest()).output().value(QLatin1String("task_id")).toString();

    const Answer noKey = send("POST", api(QStringLiteral("tasks/%1/cancel").arg(id)), {});
    QCOMPARE(noKey.status, 401);

    const Answer canceled = send("POST", api(QStringLiteral("tasks/%1/cancel").arg(id)), KeyOnly);
    QCOMPARE(canceled.status, 200);
    QCOMPARE(canceled.json().keys(), QStringList { QStringLiteral("request_id") });
    const QJsonObject output = poll(id).output();
    QCOMPARE(output.value(QLatin1String("task_status")).toString(), QStringLiteral("CANCELED"));
    QVERIFY(isWireTime(output.value(QLatin1String("end_time"))));
    QCOMPARE(m_server->taskStatus(id), TaskStatus::Canceled);

    // Canceled, unknown, running, finished: all refused the same way.
    const auto refused = [this](const QString &taskId) {
        const Answer answer
                = send("POST", api(QStringLiteral("tasks/%1/cancel").arg(taskId)), KeyOnly);
        return answer.status == 400 && answer.code() == u"UnsupportedOperation"
                && answer.message().contains(QLatin1String("PENDING"));
    };
    QVERIFY(refused(id));
    QVERIFY(refused(QStringLiteral("no-such-task")));

    m_server->setLatency(400ms);
    const QString running
            = create(smallRequest()).output().value(QLatin1String("task_id")).toString();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->taskStatus(running), TaskStatus::Running, 5000);
    QVERIFY(refused(running));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->taskStatus(running), TaskStatus::Succeeded, 5000);
    QVERIFY(refused(running));
}

void tst_SimulatorServer::listPagesAndFilters()
{
    const QString first = finishedTask();
    QJsonObject other = smallRequest();
    other.insert(QLatin1String("model"), QStringLiteral("wan2.2-t2i-plus"));
    const QString second = finishedTask(other);
    m_server->setLatency(60s);
    const QString third
            = create(smallRequest()).output().value(QLatin1String("task_id")).toString();

    const auto list = [this](const QString &query) {
        return send("GET", api(QStringLiteral("tasks") + query), KeyOnly);
    };
    const Answer all = list(QString());
    QCOMPARE(all.status, 200);
    QCOMPARE(all.json().value(QLatin1String("total")).toInt(), 3);
    QCOMPARE(all.json().value(QLatin1String("page_no")).toInt(), 1);
    QCOMPARE(all.json().value(QLatin1String("total_page")).toInt(), 1);
    QVERIFY(isUuid(all.json().value(QLatin1String("request_id")).toString()));
    const QJsonArray data = all.json().value(QLatin1String("data")).toArray();
    QCOMPARE(data.size(), 3);
    QCOMPARE(data.at(0).toObject().value(QLatin1String("task_id")).toString(),
             third); // newest first
    QCOMPARE(data.at(2).toObject().value(QLatin1String("task_id")).toString(), first);
    const QJsonObject done = data.at(2).toObject();
    QCOMPARE(done.value(QLatin1String("status")).toString(), QStringLiteral("SUCCEEDED"));
    QCOMPARE(done.value(QLatin1String("model_name")).toString(),
             QStringLiteral("wan2.2-t2i-flash"));
    QCOMPARE(done.value(QLatin1String("user_api_unique_key")).toString(),
             QStringLiteral("apikey:v1:aigc:text2image:image-synthesis:wan2.2-t2i-flash"));
    QCOMPARE(done.value(QLatin1String("region")).toString(), QStringLiteral("ap-southeast-1"));
    const qint64 created = qint64(done.value(QLatin1String("gmt_create")).toDouble());
    QVERIFY(qAbs(created - QDateTime::currentMSecsSinceEpoch()) < 60000); // epoch milliseconds
    QVERIFY(done.value(QLatin1String("end_time")).toDouble() >= created);
    QVERIFY(!done.value(QLatin1String("api_key_id")).toString().contains(QLatin1String("sk-test")));
    QVERIFY(!data.at(0).toObject().contains(QLatin1String("end_time"))); // still pending
    QVERIFY(!all.body.contains("sk-test"));

    const Answer trailingSlash = list(QStringLiteral("/"));
    QCOMPARE(trailingSlash.json().value(QLatin1String("total")).toInt(), 3);

    const Answer page2 = list(QStringLiteral("?page_no=2&page_size=2"));
    QCOMPARE(page2.json().value(QLatin1String("total")).toInt(), 3);
    QCOMPARE(page2.json().value(QLatin1String("total_page")).toInt(), 2);
    QCOMPARE(page2.json().value(QLatin1String("page_no")).toInt(), 2);
    QCOMPARE(page2.json().value(QLatin1String("data")).toArray().size(), 1);
    QCOMPARE(page2.json()
                     .value(QLatin1String("data"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("task_id"))
                     .toString(),
             first);

    const Answer succeeded = list(QStringLiteral("?status=SUCCEEDED"));
    QCOMPARE(succeeded.json().value(QLatin1String("total")).toInt(), 2);
    const Answer byModel = list(QStringLiteral("?model_name=wan2.2-t2i-plus"));
    QCOMPARE(byModel.json().value(QLatin1String("total")).toInt(), 1);
    QCOMPARE(byModel.json()
                     .value(QLatin1String("data"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("task_id"))
                     .toString(),
             second);
    const Answer future = list(QStringLiteral("?start_time=%1")
                                       .arg(QDateTime::currentDateTimeUtc()
                                                    .addDays(2)
                                                    .toOffsetFromUtc(8 * 3600)
                                                    .toString(QStringLiteral("yyyyMMddHHmmss"))));
    QCOMPARE(future.json().value(QLatin1String("total")).toInt(), 0);
    const Answer past = list(QStringLiteral("?start_time=20200101000000&end_time=%1")
                                     .arg(QDateTime::currentDateTimeUtc()
                                                  .addDays(2)
                                                  .toOffsetFromUtc(8 * 3600)
                                                  .toString(QStringLiteral("yyyyMMddHHmmss"))));
    QCOMPARE(past.json().value(QLatin1String("total")).toInt(), 3);

    QCOMPARE(list(QStringLiteral("?page_size=0")).status, 400);
    QCOMPARE(list(QStringLiteral("?page_no=x")).status, 400);
    QCOMPARE(list(QStringLiteral("?start_time=yesterday")).status, 400);
    QCOMPARE(send("GET", api(QStringLiteral("tasks")), {}).status, 401);

    // The core's list parser reads it.
    QList<TaskListEntry> entries;
    int total = 0;
    ApiError error;
    QVERIFY(parseTaskList(all.body, &entries, &total, &error));
    QCOMPARE(total, 3);
    QCOMPARE(entries.size(), 3);
}

void tst_SimulatorServer::downloadRules()
{
    const QString id = finishedTask(smallRequest(QStringLiteral("a red fox in the snow"), 2));
    const QJsonArray results = poll(id).output().value(QLatin1String("results")).toArray();
    const QByteArray url
            = results.first().toObject().value(QLatin1String("url")).toString().toUtf8();

    const Answer good = download(url);
    QCOMPARE(good.status, 200);
    QCOMPARE(good.header("Server"), QByteArray("AliyunOSS"));
    QVERIFY(!good.header("ETag").isEmpty());

    // Decoded signature (what a careless QUrl round trip does): OSS refuses it.
    QByteArray decoded = url;
    decoded.replace("%2B", "+").replace("%2F", "/").replace("%3D", "=");
    QVERIFY(decoded != url);
    const Answer mismatch = download(decoded);
    QCOMPARE(mismatch.status, 403);
    QCOMPARE(mismatch.header("Content-Type"), QByteArray("application/xml"));
    QVERIFY(mismatch.body.contains("<Code>SignatureDoesNotMatch</Code>"));
    QVERIFY(!mismatch.header("x-oss-request-id").isEmpty());

    // Another image's signature on this path does not fit either.
    const QByteArray other
            = results.at(1).toObject().value(QLatin1String("url")).toString().toUtf8();
    const QByteArray swapped = url.left(url.indexOf('?')) + other.mid(other.indexOf('?'));
    QVERIFY(download(swapped).body.contains("<Code>SignatureDoesNotMatch</Code>"));

    // A DashScope key sent along: refused, a client must send no Authorization header.
    const Answer withKey = download(url, KeyOnly);
    QCOMPARE(withKey.status, 400);
    QVERIFY(withKey.body.contains("<Code>InvalidArgument</Code>"));

    // No signature at all.
    const Answer unsigned_ = download(url.left(url.indexOf('?')));
    QCOMPARE(unsigned_.status, 403);
    QVERIFY(unsigned_.body.contains("<Code>AccessDenied</Code>"));

    // A file that does not exist.
    QByteArray missing = url;
    missing.replace("-1.png?", "-7.png?");
    const Answer notFound = download(missing);
    QCOMPARE(notFound.status, 404);
    QVERIFY(notFound.body.contains("<Code>NoSuchKey</Code>"));

    // URLs past their Expires.
    m_server->setResultUrlLifetime(-1h);
    const QString old = finishedTask();
    const QByteArray oldUrl = poll(old)
                                      .output()
                                      .value(QLatin1String("results"))
                                      .toArray()
                                      .first()
                                      .toObject()
                                      .value(QLatin1String("url"))
                                      .toString()
                                      .toUtf8();
    const Answer expired = download(oldUrl);
    QCOMPARE(expired.status, 403);
    QVERIFY(expired.body.contains("<Code>AccessDenied</Code>"));
    QVERIFY(expired.body.contains("<Message>Request has expired.</Message>"));
}

void tst_SimulatorServer::downloadsInParallel()
{
    const QString id = finishedTask(smallRequest(QStringLiteral("parallel lakes"), 4));
    const QJsonArray results = poll(id).output().value(QLatin1String("results")).toArray();
    QList<QNetworkReply *> replies;
    for (const QJsonValue &result : results) {
        replies.append(m_network->get(QNetworkRequest(
                QUrl::fromEncoded(result.toObject().value(QLatin1String("url")).toString().toUtf8(),
                                  QUrl::StrictMode))));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.begin(), replies.end(),
                                         [](QNetworkReply *r) { return r->isFinished(); }),
                             20000);
    QSet<QByteArray> bodies;
    for (QNetworkReply *reply : std::as_const(replies)) {
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        bodies.insert(reply->readAll());
        reply->deleteLater();
    }
    QCOMPARE(bodies.size(), 4);
}

void tst_SimulatorServer::unknownPaths()
{
    const Answer apiPath
            = send("GET", api(QStringLiteral("services/aigc/text2image/image-synthesis")), KeyOnly);
    QCOMPARE(apiPath.status, 400);
    QCOMPARE(apiPath.message(), QStringLiteral("url error, please check url!"));
    const Answer deleteTask = send("DELETE", api(QStringLiteral("tasks/abc")), KeyOnly);
    QCOMPARE(deleteTask.status, 400);
    const QUrl root(QStringLiteral("http://127.0.0.1:%1/index.html").arg(m_server->serverPort()));
    QCOMPARE(send("GET", root, {}).status, 404);
    QCOMPARE(m_server->statistics().other, 3);
}

void tst_SimulatorServer::faultNamesRoundTrip()
{
    const QMetaEnum meta = QMetaEnum::fromType<Fault>();
    QCOMPARE(SimulatorServer::faultNames().size(), meta.keyCount());
    QSet<QString> names;
    for (int i = 0; i < meta.keyCount(); ++i) {
        const auto fault = Fault(meta.value(i));
        const QString name = SimulatorServer::faultName(fault);
        QVERIFY2(!name.isEmpty(), meta.key(i));
        QVERIFY(!SimulatorServer::faultDescription(fault).isEmpty());
        QCOMPARE(SimulatorServer::faultFromName(name), std::optional<Fault>(fault));
        QCOMPARE(SimulatorServer::faultFromName(QString::fromLatin1(meta.key(i))),
                 std::optional<Fault>(fault));
        QCOMPARE(SimulatorServer::faultFromName(name.toUpper().replace(u'-', u'_')),
                 std::optional<Fault>(fault));
        QVERIFY(name == name.toLower() && !name.contains(u' '));
        names.insert(name);
    }
    QCOMPARE(names.size(), meta.keyCount());
    QVERIFY(!SimulatorServer::faultFromName(QStringLiteral("nonsense")));
    QVERIFY(!SimulatorServer::faultFromName(QString()));
}

void tst_SimulatorServer::throttleCreate()
{
    m_server->setFaultRepeat(2);
    m_server->addFault(Fault::ThrottleCreate);
    for (int i = 0; i < 2; ++i) {
        const Answer throttled = create(smallRequest());
        QCOMPARE(throttled.status, 429);
        QCOMPARE(throttled.code(), QStringLiteral("Throttling.RateQuota"));
    }
    QVERIFY(m_server->taskIds().isEmpty());
    QCOMPARE(create(smallRequest()).status, 200);
    QCOMPARE(m_server->taskIds().size(), 1);

    m_server->setFaults({ Fault::ThrottleCreate }); // re-armed
    QCOMPARE(create(smallRequest()).status, 429);
}

void tst_SimulatorServer::serverErrorOnCreateStillCreates()
{
    m_server->setFaultRepeat(1);
    m_server->addFault(Fault::ServerErrorOnCreate);
    const Answer failed = create(smallRequest());
    QCOMPARE(failed.status, 500);
    QCOMPARE(failed.code(), QStringLiteral("InternalError"));
    QCOMPARE(m_server->taskIds().size(),
             1); // made, and would be billed: never repeat a create after a 5xx
    QTRY_COMPARE_WITH_TIMEOUT(m_server->taskStatus(m_server->taskIds().first()),
                              TaskStatus::Succeeded, 5000);
    QCOMPARE(create(smallRequest()).status, 200);
}

void tst_SimulatorServer::createFaultsCombine()
{
    m_server->setFaultRepeat(1);
    m_server->setFaults({ Fault::ThrottleCreate, Fault::ServerErrorOnCreate });
    QCOMPARE(create(smallRequest()).status, 429); // rejected before anything is made
    QCOMPARE(create(smallRequest()).status, 500); // made, answered with an error
    QCOMPARE(create(smallRequest()).status, 200);
    QCOMPARE(m_server->taskIds().size(), 2);
}

void tst_SimulatorServer::pollFaults_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<QList<int>>("statuses"); // of the first polls; 0 = no HTTP answer
    QTest::addColumn<QString>("contentType");
    QTest::newRow("server error") << Fault::ServerErrorOnPoll << QList<int> { 500, 503 }
                                  << QStringLiteral("application/json");
    QTest::newRow("gateway html") << Fault::GatewayHtmlOnPoll << QList<int> { 502, 502 }
                                  << QStringLiteral("text/html");
    QTest::newRow("malformed json") << Fault::MalformedJsonOnPoll << QList<int> { 200, 200 }
                                    << QStringLiteral("application/json");
    QTest::newRow("throttled") << Fault::ThrottlePoll << QList<int> { 429, 429 }
                               << QStringLiteral("application/json");
    QTest::newRow("reset") << Fault::ResetOnPoll << QList<int> { 200, 200 }
                           << QStringLiteral("application/json");
}

void tst_SimulatorServer::pollFaults()
{
    QFETCH(Fault, fault);
    QFETCH(QList<int>, statuses);
    QFETCH(QString, contentType);

    m_server->setFaultRepeat(2);
    m_server->addFault(fault);
    const QString id = create(smallRequest()).output().value(QLatin1String("task_id")).toString();
    QVERIFY(!id.isEmpty());
    for (int expected : statuses) {
        const Answer answer = poll(id);
        QCOMPARE(answer.status, expected);
        QCOMPARE(answer.header("Content-Type"), contentType.toUtf8());
        QJsonParseError parseError;
        QJsonDocument::fromJson(answer.body, &parseError);
        switch (fault) {
        case Fault::ServerErrorOnPoll:
            QVERIFY(answer.code() == u"InternalError" || answer.code() == u"ModelUnavailable");
            break;
        case Fault::GatewayHtmlOnPoll:
            QVERIFY(answer.body.contains("<html>"));
            QVERIFY(parseError.error != QJsonParseError::NoError);
            break;
        case Fault::MalformedJsonOnPoll:
            QVERIFY(parseError.error != QJsonParseError::NoError);
            QVERIFY(answer.body.startsWith("{"));
            break;
        case Fault::ThrottlePoll:
            QCOMPARE(answer.code(), QStringLiteral("Throttling"));
            break;
        case Fault::ResetOnPoll:
            QCOMPARE(answer.error, QNetworkReply::RemoteHostClosedError);
            QVERIFY(answer.body.size() < answer.header("Content-Length").toInt());
            break;
        default:
            QFAIL("row without checks");
        }
    }
    // Then it recovers.
    const Answer recovered = poll(id);
    QCOMPARE(recovered.status, 200);
    QCOMPARE(recovered.error, QNetworkReply::NoError);
    QCOMPARE(recovered.output().value(QLatin1String("task_id")).toString(), id);
    // Per task: another task gets its own faulty polls.
    const QString another
            = create(smallRequest()).output().value(QLatin1String("task_id")).toString();
    QCOMPARE(poll(another).status, statuses.first());
}

void tst_SimulatorServer::pollFaultsTakeTurns()
{
    m_server->setFaultRepeat(1);
    m_server->setFaults({ Fault::GatewayHtmlOnPoll, Fault::ServerErrorOnPoll });
    const QString id = create(smallRequest()).output().value(QLatin1String("task_id")).toString();
    QCOMPARE(poll(id).status, 500);
    QCOMPARE(poll(id).status, 502);
    QCOMPARE(poll(id).status, 200);
}

void tst_SimulatorServer::unusualStatus()
{
    m_server->setLatency(3000ms);
    m_server->setFaultRepeat(2);
    m_server->addFault(Fault::UnusualStatus);
    const QString id = create(smallRequest()).output().value(QLatin1String("task_id")).toString();
    QCOMPARE(pollStatus(id), QStringLiteral("SUSPENDED"));
    const QString strange = pollStatus(id);
    QCOMPARE(taskStatusFromString(strange), TaskStatus::Other); // a status no client knows
    QCOMPARE(pollStatus(id), QStringLiteral("PENDING"));
}

void tst_SimulatorServer::imageContentPolicy()
{
    m_server->addFault(Fault::ImageContentPolicy);
    const QString id = finishedTask(smallRequest(QStringLiteral("x"), 3));
    const Answer answer = poll(id);
    QCOMPARE(answer.output().value(QLatin1String("task_status")).toString(),
             QStringLiteral("SUCCEEDED"));
    const QJsonArray results = answer.output().value(QLatin1String("results")).toArray();
    QCOMPARE(results.size(), 3);
    QVERIFY(results.at(0).toObject().contains(QLatin1String("url")));
    const QJsonObject failed = results.at(2).toObject();
    QVERIFY(!failed.contains(QLatin1String("url")));
    QCOMPARE(failed.value(QLatin1String("code")).toString(),
             QStringLiteral("DataInspectionFailed"));
    QVERIFY(!failed.value(QLatin1String("message")).toString().isEmpty());
    const QJsonObject metrics = answer.output().value(QLatin1String("task_metrics")).toObject();
    QCOMPARE(metrics.value(QLatin1String("TOTAL")).toInt(), 3);
    QCOMPARE(metrics.value(QLatin1String("SUCCEEDED")).toInt(), 2);
    QCOMPARE(metrics.value(QLatin1String("FAILED")).toInt(), 1);
    QCOMPARE(answer.json()
                     .value(QLatin1String("usage"))
                     .toObject()
                     .value(QLatin1String("image_count"))
                     .toInt(),
             2);

    // One image only: the whole task fails.
    const QString single = finishedTask(smallRequest(QStringLiteral("x"), 1));
    const QJsonObject output = poll(single).output();
    QCOMPARE(output.value(QLatin1String("task_status")).toString(), QStringLiteral("FAILED"));
    QCOMPARE(output.value(QLatin1String("code")).toString(),
             QStringLiteral("DataInspectionFailed"));
}

void tst_SimulatorServer::failTask()
{
    m_server->addFault(Fault::FailTask);
    const QString id = finishedTask();
    QCOMPARE(m_server->taskStatus(id), TaskStatus::Failed);
    const Answer answer = poll(id);
    QCOMPARE(answer.status, 200); // the GET succeeds; the task failed
    const QJsonObject output = answer.output();
    QCOMPARE(output.value(QLatin1String("task_status")).toString(), QStringLiteral("FAILED"));
    QCOMPARE(output.value(QLatin1String("code")).toString(), QStringLiteral("InternalError.Algo"));
    QVERIFY(!output.value(QLatin1String("message")).toString().isEmpty());
    QVERIFY(isWireTime(output.value(QLatin1String("end_time"))));
    QVERIFY(!output.contains(QLatin1String("results")));

    // The fate is fixed at creation: removing the fault does not rescue it, new tasks succeed.
    m_server->removeFault(Fault::FailTask);
    QCOMPARE(pollStatus(id), QStringLiteral("FAILED"));
    QCOMPARE(pollStatus(finishedTask()), QStringLiteral("SUCCEEDED"));
}

void tst_SimulatorServer::expiredTask()
{
    const QString id = finishedTask();
    m_server->addFault(Fault::ExpiredTask);
    const Answer answer = poll(id);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.output().value(QLatin1String("task_status")).toString(),
             QStringLiteral("UNKNOWN"));
    QCOMPARE(answer.output().value(QLatin1String("task_id")).toString(), id);
}

void tst_SimulatorServer::truncatedDownload()
{
    m_server->setFaultRepeat(1);
    m_server->addFault(Fault::TruncatedDownload);
    const QString id = finishedTask();
    const QByteArray url = poll(id).output()
                                   .value(QLatin1String("results"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QLatin1String("url"))
                                   .toString()
                                   .toUtf8();
    const Answer cut = download(url);
    QCOMPARE(cut.error, QNetworkReply::RemoteHostClosedError);
    const qint64 announced = cut.header("Content-Length").toLongLong();
    QVERIFY(announced > 0);
    QVERIFY(cut.body.size() < announced);

    const Answer whole = download(url); // a retry gets everything
    QCOMPARE(whole.error, QNetworkReply::NoError);
    QCOMPARE(qint64(whole.body.size()), announced);
    QVERIFY(whole.body.startsWith(cut.body));
}

void tst_SimulatorServer::expiredDownload()
{
    const QString id = finishedTask();
    const QByteArray url = poll(id).output()
                                   .value(QLatin1String("results"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QLatin1String("url"))
                                   .toString()
                                   .toUtf8();
    m_server->addFault(Fault::ExpiredDownload);
    const Answer expired = download(url);
    QCOMPARE(expired.status, 403);
    QVERIFY(expired.body.contains("<Code>AccessDenied</Code>"));
    QVERIFY(expired.body.contains("Request has expired."));
    m_server->removeFault(Fault::ExpiredDownload);
    QCOMPARE(download(url).status, 200);
}

void tst_SimulatorServer::slowResponses()
{
    m_server->setSlowResponseDelay(400ms);
    m_server->addFault(Fault::SlowResponses);
    QElapsedTimer timer;
    timer.start();
    const Answer answer = poll(QStringLiteral("anything"));
    QCOMPARE(answer.status, 200);
    QVERIFY2(timer.elapsed() >= 390, qPrintable(QString::number(timer.elapsed())));

    m_server->removeFault(Fault::SlowResponses);
    timer.restart();
    poll(QStringLiteral("anything"));
    QVERIFY2(timer.elapsed() < 390, qPrintable(QString::number(timer.elapsed())));
}

void tst_SimulatorServer::rateLimits()
{
    m_server->addFault(Fault::RateLimits);
    // wan2.2-t2i-flash: 2 creates per second (catalog).
    const double rps = ModelCatalog::builtIn().model(QStringLiteral("wan2.2-t2i-flash")).submitRps;
    QCOMPARE(rps, 2.0);
    QList<int> statuses;
    for (int i = 0; i < 3; ++i)
        statuses.append(create(smallRequest()).status);
    QCOMPARE(statuses, (QList<int> { 200, 200, 429 }));
    QCOMPARE(m_server->taskIds().size(), 2);

    // 20 polls per second, account-wide.
    int throttled = 0;
    for (int i = 0; i < 25; ++i) {
        const Answer answer = poll(QStringLiteral("x"));
        if (answer.status == 429) {
            QCOMPARE(answer.code(), QStringLiteral("Throttling"));
            ++throttled;
        }
    }
    QVERIFY(throttled >= 1);
    QVERIFY(m_server->statistics().peakPollsPerSecond >= 20);
}

void tst_SimulatorServer::statistics()
{
    QSignalSpy handled(m_server.get(), &SimulatorServer::requestHandled);
    QSignalSpy created(m_server.get(), &SimulatorServer::taskCreated);
    const QString id = finishedTask();
    QCOMPARE(created.size(), 1);
    QCOMPARE(created.first().first().toString(), id);
    QTRY_COMPARE_WITH_TIMEOUT(pollStatus(id), QStringLiteral("SUCCEEDED"), 5000);
    const QByteArray url = poll(id).output()
                                   .value(QLatin1String("results"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QLatin1String("url"))
                                   .toString()
                                   .toUtf8();
    download(url);
    send("GET", api(QStringLiteral("tasks")), KeyOnly);
    send("POST", api(QStringLiteral("tasks/%1/cancel").arg(id)), KeyOnly); // 400: not pending

    const SimulatorServer::Statistics stats = m_server->statistics();
    QCOMPARE(stats.creates, 1);
    QVERIFY(stats.polls >= 2);
    QCOMPARE(stats.downloads, 1);
    QCOMPARE(stats.lists, 1);
    QCOMPARE(stats.cancels, 1);
    QCOMPARE(stats.errors, 1);
    QCOMPARE(stats.peakActiveTasks, 1);
    QVERIFY(stats.peakPollsPerSecond >= 1);
    QCOMPARE(stats.total(), handled.size());
    QCOMPARE(handled.first().at(0).value<SimulatorServer::RequestKind>(),
             SimulatorServer::RequestKind::Create);
    QCOMPARE(handled.first().at(1).toInt(), 200);
    QCOMPARE(handled.first().at(2).toString(), QStringLiteral("POST"));
    QCOMPARE(handled.first().at(3).toString(), QStringLiteral("/api/v1/") + TextToImage);

    const std::optional<SimulatorServer::TaskStatistics> task = m_server->taskStatistics(id);
    QVERIFY(task);
    QCOMPARE(task->model, QStringLiteral("wan2.2-t2i-flash"));
    QCOMPARE(task->imageCount, 1);
    QCOMPARE(task->polls, stats.polls);
    QCOMPARE(task->downloads, 1);
    QVERIFY(task->created.isValid());
    QCOMPARE(task->created.msecsTo(task->terminal), 200);
    QVERIFY(task->firstDownloadStarted >= task->terminal);
    QVERIFY(task->downloadDelayMs() >= 0);
    QCOMPARE(m_server->taskStatistics().size(), 1);
    QVERIFY(!m_server->taskStatistics(QStringLiteral("nope")));

    // A task not finished yet has no terminal time.
    m_server->setLatency(60s);
    const QString running
            = create(smallRequest()).output().value(QLatin1String("task_id")).toString();
    QVERIFY(!m_server->taskStatistics(running)->terminal.isValid());
    QCOMPARE(m_server->taskStatistics(running)->downloadDelayMs(), -1);
    QCOMPARE(m_server->statistics().peakActiveTasks, 1);

    m_server->resetStatistics();
    QCOMPARE(m_server->statistics().total(), 0);
    QCOMPARE(m_server->taskStatistics(id)->polls, 0);
    QCOMPARE(m_server->taskIds().size(), 2);
}

// ---------------------------------------------------------------------------------------------
// Hostile answers: each test shows what really goes over the wire.

namespace {

// Resident memory of this process (the simulator runs in it), in KiB.
qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

struct PngChunk
{
    QByteArray type;
    QByteArray data;
};

QList<PngChunk> pngChunks(const QByteArray &png)
{
    QList<PngChunk> chunks;
    qsizetype pos = 8;
    while (pos + 12 <= png.size()) {
        const quint32 length = qFromBigEndian<quint32>(png.constData() + pos);
        if (pos + 12 + qsizetype(length) > png.size())
            break;
        chunks.append({ png.mid(pos + 4, 4), png.mid(pos + 8, length) });
        pos += 12 + qsizetype(length);
    }
    return chunks;
}

// Inflates a zlib stream piece by piece, keeping nothing: how many bytes it makes, -1 if broken.
qint64 inflatedSize(const QByteArray &compressed)
{
    z_stream stream {};
    if (inflateInit(&stream) != Z_OK)
        return -1;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.constData()));
    stream.avail_in = uInt(compressed.size());
    QByteArray out(1 << 20, '\0');
    qint64 total = 0;
    int result = Z_OK;
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef *>(out.data());
        stream.avail_out = uInt(out.size());
        result = inflate(&stream, Z_NO_FLUSH);
        total += out.size() - qint64(stream.avail_out);
    }
    inflateEnd(&stream);
    return result == Z_STREAM_END ? total : -1;
}

} // namespace

std::unique_ptr<QTcpSocket> tst_SimulatorServer::connectRaw(const QByteArray &request)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QSignalSpy connected(socket.get(), &QTcpSocket::connected);
    if (socket->state() != QAbstractSocket::ConnectedState && !connected.wait(5000))
        return {};
    socket->write(request);
    return socket;
}

void tst_SimulatorServer::hostileFaultsHaveNames()
{
    // Usable as `dashscope-studio simulator --fault NAME`.
    const QList<QPair<Fault, QString>> expected {
        { Fault::EndlessPollAnswer, QStringLiteral("endless-poll-answer") },
        { Fault::DeepJsonOnPoll, QStringLiteral("deep-json-on-poll") },
        { Fault::HtmlOnPoll, QStringLiteral("html-on-poll") },
        { Fault::DripFeed, QStringLiteral("drip-feed") },
        { Fault::RedirectToFile, QStringLiteral("redirect-to-file") },
        { Fault::RedirectToOtherHost, QStringLiteral("redirect-to-other-host") },
        { Fault::HtmlResult, QStringLiteral("html-result") },
        { Fault::PngTextBomb, QStringLiteral("png-text-bomb") },
        { Fault::HugePng, QStringLiteral("huge-png") },
        { Fault::TruncatedPng, QStringLiteral("truncated-png") },
        { Fault::TooManyResults, QStringLiteral("too-many-results") },
        { Fault::UnsafeTaskId, QStringLiteral("unsafe-task-id") },
    };
    for (const auto &[fault, name] : expected) {
        QCOMPARE(SimulatorServer::faultName(fault), name);
        QVERIFY(SimulatorServer::faultNames().contains(name));
        QVERIFY(!SimulatorServer::faultDescription(fault).isEmpty());
    }
}

void tst_SimulatorServer::endlessPollAnswer()
{
    m_server->addFault(Fault::EndlessPollAnswer);
    const QString id = create(smallRequest()).output().value(QLatin1String("task_id")).toString();
    QVERIFY(!id.isEmpty());
    [[maybe_unused]] const qint64 before = residentKiB();

    std::unique_ptr<QTcpSocket> socket
            = connectRaw("GET /api/v1/tasks/" + id.toUtf8()
                         + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-test\r\n\r\n");
    QVERIFY(socket);
    socket->setReadBufferSize(1 << 20); // this side holds little too
    // Read and drop 128 MiB (sixteen times what a client should accept): it keeps coming.
    constexpr qint64 Wanted = qint64(128) << 20;
    QByteArray head;
    qint64 received = 0;
    QElapsedTimer timer;
    timer.start();
    // Events processed back to back (qWaitFor would nap 10 ms between reads).
    while (received < Wanted && timer.elapsed() < 120000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 100);
        const QByteArray bytes = socket->readAll();
        if (head.size() < 4096)
            head += bytes.left(4096 - head.size());
        received += bytes.size();
    }
    const bool enough = received >= Wanted;
    QVERIFY2(enough, qPrintable(QString::number(received)));
    QVERIFY(head.startsWith("HTTP/1.1 200 "));
    QVERIFY(head.contains("Content-Type: application/json\r\n"));
    QVERIFY(head.contains("Transfer-Encoding: chunked\r\n"));
    QVERIFY(!head.contains("Content-Length"));
    QVERIFY(head.contains("{\"request_id\":\""));
    QVERIFY(head.contains("\"task_id\":\"" + id.toUtf8() + "\",\"task_status\":\"RUNNING\""));
    QCOMPARE(m_server->openStreams(), 1);
    // Streamed as it is read, never made whole: the server's memory hardly moves. (Not measured
    // under AddressSanitizer, whose quarantine keeps freed memory resident on purpose.)
#ifndef __SANITIZE_ADDRESS__
    if (before > 0)
        QVERIFY2(residentKiB() - before < 48 * 1024,
                 qPrintable(QStringLiteral("%1 KiB more").arg(residentKiB() - before)));
#endif

    // The client hangs up: the stream stops.
    socket->abort();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openStreams(), 0, 10000);
    QCOMPARE(poll(QStringLiteral("another-id")).status, 200); // and the server still answers
}

void tst_SimulatorServer::deepJsonOnPoll()
{
    m_server->addFault(Fault::DeepJsonOnPoll);
    const QString id = create(smallRequest()).output().value(QLatin1String("task_id")).toString();
    for (int i = 0; i < 2; ++i) { // every poll
        const Answer answer = poll(id);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.header("Content-Type"), QByteArray("application/json"));
        const qsizetype results = answer.body.indexOf("\"results\":");
        QVERIFY(results > 0);
        const QByteArray nested = answer.body.mid(results + 10);
        QVERIFY(nested.startsWith(QByteArray(100000, '[') + ']'));
        QCOMPARE(nested.count('['), 100000);
        QCOMPARE(nested.count(']'), 100000);
        QVERIFY(nested.endsWith("]}}"));
        QJsonParseError error;
        QJsonDocument::fromJson(answer.body, &error);
        QCOMPARE(error.error, QJsonParseError::DeepNesting);
    }
    // A task created without the fault is answered normally.
    m_server->removeFault(Fault::DeepJsonOnPoll);
    const QString healthy
            = create(smallRequest()).output().value(QLatin1String("task_id")).toString();
    QVERIFY(!poll(healthy).output().isEmpty());
}

void tst_SimulatorServer::htmlOnPoll()
{
    m_server->addFault(Fault::HtmlOnPoll);
    const QString id = finishedTask();
    QVERIFY(!id.isEmpty());
    for (int i = 0; i < 4; ++i) { // every poll, finished or not
        const Answer answer = poll(id);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.header("Content-Type"), QByteArray("text/html"));
        QVERIFY(answer.body.contains("<html>"));
        QJsonParseError error;
        QJsonDocument::fromJson(answer.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
    }
    m_server->removeFault(Fault::HtmlOnPoll); // fixed at creation: still HTML
    QCOMPARE(poll(id).header("Content-Type"), QByteArray("text/html"));
}

void tst_SimulatorServer::dripFeed()
{
    m_server->setDripInterval(40ms);
    QCOMPARE(m_server->dripInterval(), 40ms);
    m_server->addFault(Fault::DripFeed);
    std::unique_ptr<QTcpSocket> socket
            = connectRaw("GET /api/v1/tasks/anything HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "Authorization: Bearer sk-test\r\n\r\n");
    QVERIFY(socket);
    QElapsedTimer timer;
    timer.start();
    QByteArray received;
    qint64 firstByteMs = -1;
    // One byte at a time: never more than one per interval has arrived.
    const bool got = QTest::qWaitFor(
            [&] {
                received += socket->readAll();
                if (firstByteMs < 0 && !received.isEmpty())
                    firstByteMs = timer.elapsed();
                if (firstByteMs >= 0) {
                    const qint64 allowed = 1 + (timer.elapsed() - firstByteMs) / 30;
                    if (received.size() > allowed)
                        return true; // too fast: checked below
                }
                return received.size() >= 6;
            },
            10000);
    QVERIFY(got);
    QCOMPARE(received.left(6), QByteArray("HTTP/1"));
    QVERIFY2(timer.elapsed() - firstByteMs >= 5 * 30,
             qPrintable(QString::number(timer.elapsed() - firstByteMs)));
    QCOMPARE(m_server->openStreams(), 1);
    socket->abort();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openStreams(), 0, 5000);

    // Drip-fed to the end, it is the whole answer.
    m_server->setDripInterval(1ms);
    const Answer answer = poll(QStringLiteral("anything"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.output().value(QLatin1String("task_status")).toString(),
             QStringLiteral("UNKNOWN"));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->openStreams(), 0, 5000);
}

void tst_SimulatorServer::redirectToFile()
{
    m_server->addFault(Fault::RedirectToFile);
    const QString id = finishedTask();
    const Answer answer = download(firstUrl(id));
    QCOMPARE(answer.status, 302);
    QCOMPARE(answer.header("Location"), QByteArray("file:///etc/passwd"));
    // Only a URL as issued is redirected: a wrong signature is still refused.
    QByteArray forged = firstUrl(id);
    forged.replace("Signature=", "Signature=AAAA");
    QCOMPARE(download(forged).status, 403);
}

void tst_SimulatorServer::redirectToOtherHost()
{
    m_server->addFault(Fault::RedirectToOtherHost);
    const QString id = finishedTask();
    const QByteArray url = firstUrl(id);
    const Answer answer = download(url);
    QCOMPARE(answer.status, 302);
    const QByteArray location = answer.header("Location");
    const QByteArray pathAndQuery = url.mid(url.indexOf("/results/"));
    QCOMPARE(location,
             "http://127.0.0.2:" + QByteArray::number(m_server->serverPort()) + pathAndQuery);
    QCOMPARE(QUrl::fromEncoded(location).scheme(), QStringLiteral("http"));
    QVERIFY(QUrl::fromEncoded(location).host() != QUrl::fromEncoded(url).host());
}

void tst_SimulatorServer::htmlResult()
{
    m_server->addFault(Fault::HtmlResult);
    const Answer answer = download(firstUrl(finishedTask()));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Content-Type"), QByteArray("text/html"));
    QVERIFY(answer.body.contains("<html>"));
    QVERIFY(!answer.body.startsWith("\x89PNG"));
    QVERIFY(QImage::fromData(answer.body).isNull());
}

void tst_SimulatorServer::pngTextBomb()
{
    m_server->addFault(Fault::PngTextBomb);
    const Answer answer = download(firstUrl(finishedTask()));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Content-Type"), QByteArray("image/png"));
    QCOMPARE(answer.header("Content-Length").toLongLong(), qint64(answer.body.size()));
    QVERIFY(answer.body.size() < 4 * 1024 * 1024); // small on the wire
    QCOMPARE(QImage::fromData(answer.body).size(), QSize(512, 512)); // still the picture
    const QList<PngChunk> chunks = pngChunks(answer.body);
    QCOMPARE(chunks.first().type, QByteArray("IHDR"));
    QCOMPARE(chunks.at(1).type, QByteArray("zTXt"));
    QCOMPARE(chunks.last().type, QByteArray("IEND"));
    const QByteArray text = chunks.at(1).data;
    QVERIFY(text.startsWith(QByteArray("parameters\0\0", 12))); // a keyword readers inflate
    QCOMPARE(inflatedSize(text.mid(12)), qint64(2) << 30); // 2 GiB, counted, never kept
}

void tst_SimulatorServer::hugePng()
{
    m_server->addFault(Fault::HugePng);
    const Answer answer = download(firstUrl(finishedTask()));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("Content-Type"), QByteArray("image/png"));
    QVERIFY(answer.body.size() < 2 * 1024 * 1024);
    const QList<PngChunk> chunks = pngChunks(answer.body);
    QCOMPARE(chunks.first().type, QByteArray("IHDR"));
    QCOMPARE(qFromBigEndian<quint32>(chunks.first().data.constData()), 30000U);
    QCOMPARE(qFromBigEndian<quint32>(chunks.first().data.constData() + 4), 30000U);
    QCOMPARE(chunks.last().type, QByteArray("IEND"));
    QBuffer buffer;
    buffer.setData(answer.body);
    QImageReader reader(&buffer, "png");
    QCOMPARE(reader.size(), QSize(30000, 30000)); // the header only: never decoded here
}

void tst_SimulatorServer::truncatedPng()
{
    const QByteArray whole = download(firstUrl(finishedTask())).body;
    m_server->addFault(Fault::TruncatedPng);
    const Answer cut = download(firstUrl(finishedTask())); // same request, same picture
    QCOMPARE(cut.status, 200);
    QCOMPARE(cut.error, QNetworkReply::NoError); // a complete HTTP answer
    QCOMPARE(cut.header("Content-Length").toLongLong(), qint64(cut.body.size()));
    QVERIFY(cut.body.startsWith("\x89PNG\r\n\x1a\n"));
    QVERIFY(cut.body.size() < whole.size());
    QVERIFY(whole.startsWith(cut.body));
    QVERIFY(!cut.body.contains("IEND"));
}

void tst_SimulatorServer::tooManyResults()
{
    m_server->addFault(Fault::TooManyResults);
    const QString id = finishedTask(smallRequest(QStringLiteral("x"), 2));
    const Answer answer = poll(id);
    QCOMPARE(answer.output().value(QLatin1String("task_status")).toString(),
             QStringLiteral("SUCCEEDED"));
    const QJsonArray results = answer.output().value(QLatin1String("results")).toArray();
    QCOMPARE(results.size(), 2000);
    QSet<QString> urls;
    for (const QJsonValue &result : results)
        urls.insert(result.toObject().value(QLatin1String("url")).toString());
    QCOMPARE(urls.size(), 2000);
    // What was asked for is what the metrics say.
    QCOMPARE(answer.output()
                     .value(QLatin1String("task_metrics"))
                     .toObject()
                     .value(QLatin1String("TOTAL"))
                     .toInt(),
             2);
    QCOMPARE(m_server->taskStatistics(id)->imageCount, 2);

    // wan2.6's protocol too: 2,000 choices.
    QJsonObject wan26 {
        { QLatin1String("model"), QStringLiteral("wan2.6-t2i") },
        { QLatin1String("input"),
          QJsonObject {
                  { QLatin1String("messages"),
                    QJsonArray { QJsonObject {
                            { QLatin1String("role"), QStringLiteral("user") },
                            { QLatin1String("content"),
                              QJsonArray { QJsonObject { { QLatin1String("text"),
                                                           QStringLiteral("x") } } } } } } } } },
        { QLatin1String("parameters"),
          QJsonObject { { QLatin1String("n"), 2 },
                        { QLatin1String("size"), QStringLiteral("1280*1280") } } }
    };
    const QString other = finishedTask(wan26, ImageGeneration);
    QVERIFY(!other.isEmpty());
    QCOMPARE(poll(other).output().value(QLatin1String("choices")).toArray().size(), 2000);
}

void tst_SimulatorServer::unsafeTaskId()
{
    m_server->addFault(Fault::UnsafeTaskId);
    const Answer created = create(smallRequest());
    QCOMPARE(created.status, 200);
    const QString id = created.output().value(QLatin1String("task_id")).toString();
    QVERIFY2(id.contains(QStringLiteral("..")) && id.contains(u'/'), qPrintable(id));
    QVERIFY(m_server->taskIds().contains(id));
    QVERIFY(isUuid(id.section(u'/', -1)));
    // Its result files are named by a plain key, not by the id.
    QTRY_VERIFY_WITH_TIMEOUT(isTerminal(m_server->taskStatus(id)), 10000);
    m_server->removeFault(Fault::UnsafeTaskId);
    QVERIFY(isUuid(create(smallRequest()).output().value(QLatin1String("task_id")).toString()));
}

QTEST_GUILESS_MAIN(tst_SimulatorServer)
#include "tst_simulatorserver.moc"
