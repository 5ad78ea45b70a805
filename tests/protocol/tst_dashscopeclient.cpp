#include "domain/modelcatalog.h"
#include "platform/logging.h"
#include "protocol/dashscopeclient.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorfixture.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <memory>

using namespace std::chrono_literals;

namespace {

const QString Key = QStringLiteral("sk-test-0123456789abcdef");

// Records one raw HTTP request and answers it with a canned response: shows exactly which
// headers and body the client puts on the wire.
class RawHttpServer final : public QObject
{
public:
    explicit RawHttpServer(
            const QByteArray &status = "200 OK",
            const QByteArray &body
            = R"({"request_id":"r-1","output":{"task_id":"t-1","task_status":"PENDING"}})")
    {
        m_response = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                m_raw += socket->readAll();
                if (isComplete()) {
                    socket->write(m_response);
                    socket->disconnectFromHost();
                }
            });
        });
    }

    Endpoint endpoint() const
    {
        Endpoint endpoint;
        endpoint.baseUrl
                = QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1").arg(m_server.serverPort()));
        return endpoint;
    }
    bool isComplete() const
    {
        const int end = m_raw.indexOf("\r\n\r\n");
        return end >= 0 && m_raw.size() - end - 4 >= header("content-length").toInt();
    }
    QByteArray requestLine() const { return m_raw.left(m_raw.indexOf("\r\n")); }
    QByteArray header(const QByteArray &name) const
    {
        const QList<QByteArray> lines = m_raw.left(m_raw.indexOf("\r\n\r\n")).split('\n');
        for (const QByteArray &line : lines) {
            const int colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == name)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
    bool hasHeader(const QByteArray &name) const
    {
        const QList<QByteArray> lines = m_raw.left(m_raw.indexOf("\r\n\r\n")).split('\n');
        return std::any_of(lines.cbegin(), lines.cend(), [&](const QByteArray &line) {
            return line.left(line.indexOf(':')).trimmed().toLower() == name;
        });
    }
    QByteArray body() const { return m_raw.mid(m_raw.indexOf("\r\n\r\n") + 4); }
    QByteArray raw() const { return m_raw; }

private:
    QTcpServer m_server;
    QByteArray m_response;
    QByteArray m_raw;
};

// Answers every request with an answer that never ends: chunked without a last chunk, or a
// Content-Length of 1 GiB. Writes only while the client keeps reading (so sent() is what the
// client can have received) and stops at 256 MiB whatever happens.
class EndlessHttpServer final : public QObject
{
public:
    explicit EndlessHttpServer(bool chunked) : m_chunked(chunked)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                socket->readAll();
                if (socket->property("answering").toBool())
                    return;
                socket->setProperty("answering", true);
                socket->write(m_chunked ? "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                          "Transfer-Encoding: chunked\r\n\r\n"
                                        : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                          "Content-Length: 1073741824\r\n\r\n");
                feed(socket);
            });
            connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] { feed(socket); });
        });
    }

    Endpoint endpoint() const
    {
        Endpoint endpoint;
        endpoint.baseUrl
                = QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1").arg(m_server.serverPort()));
        return endpoint;
    }
    qint64 sent() const { return m_sent; }

private:
    void feed(QTcpSocket *socket)
    {
        constexpr qint64 Piece = 64 * 1024;
        if (socket->state() != QAbstractSocket::ConnectedState || socket->bytesToWrite() > Piece
            || m_sent >= 256 * 1024 * 1024)
            return;
        const QByteArray spaces(Piece, ' '); // JSON whitespace: harmless, endless
        socket->write(m_chunked ? QByteArray::number(Piece, 16) + "\r\n" + spaces + "\r\n"
                                : spaces);
        m_sent += Piece;
    }

    QTcpServer m_server;
    bool m_chunked;
    qint64 m_sent = 0;
};

// Collects every log line while alive (the key must never appear in any).
QStringList *g_messages = nullptr;
void collectMessage(QtMsgType, const QMessageLogContext &, const QString &message)
{
    if (g_messages)
        g_messages->append(message);
}

} // namespace

class tst_DashScopeClient final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void userAgent();
    void createRequestOnTheWire();
    void ossInputsAreResolvedOnTheCreateOnly();
    void protocolNotEncodedYetIsRefusedUnsent();
    void fetchRequestOnTheWire();
    void cancelRequestOnTheWire();
    void listRequestOnTheWire();
    void refusedBeforeConnecting_data();
    void refusedBeforeConnecting();
    void createAgainstSimulator();
    void fetchAndList();
    void unknownTaskIsUnknown();
    void httpErrors_data();
    void httpErrors();
    void pollFaults_data();
    void pollFaults();
    void cancelPendingAndRunning();
    void timeout();
    void connectionRefused();
    void abortEmitsOnce();
    void keyNeverLogged();
    void answerTooLarge_data();
    void answerTooLarge();
    void dripFedAnswerHitsTotalDeadline();
    void plausibleTaskIds_data();
    void plausibleTaskIds();
    void taskIdIsOneSegment();

private:
    DashScopeJob *waitFor(DashScopeJob *job);
    GenerationRequest request() const;
    Endpoint simulatorEndpoint() const;

    ModelCatalog m_catalog;
    QNetworkAccessManager *m_network = nullptr; // m_fixture's
    std::unique_ptr<DashScopeClient> m_client;
    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    SimulatorServer *m_simulator = nullptr; // m_fixture's
};

void tst_DashScopeClient::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_catalog = ModelCatalog::builtIn();
    QVERIFY(m_catalog.model(QStringLiteral("wan2.2-t2i-flash")).isValid());
}

void tst_DashScopeClient::init()
{
    m_fixture = std::make_unique<SimulatorFixture>(m_catalog);
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_network = m_fixture->network();
    m_simulator = m_fixture->simulator();
    m_client = std::make_unique<DashScopeClient>(m_network);
    m_simulator->setLatency(400ms);
}

void tst_DashScopeClient::cleanup()
{
    m_client.reset();
    m_fixture.reset(); // last: the rest used its network and folder
}

DashScopeJob *tst_DashScopeClient::waitFor(DashScopeJob *job)
{
    QSignalSpy spy(job, &DashScopeJob::finished);
    if (!job->isFinished() && !spy.wait(10000))
        qWarning("job did not finish");
    return job;
}

GenerationRequest tst_DashScopeClient::request() const
{
    GenerationRequest request;
    request.model = QStringLiteral("wan2.2-t2i-flash");
    request.prompt = QStringLiteral("A lighthouse on a cliff at dawn");
    request.size = QSize(512, 512);
    request.count = 1;
    request.seed = 42;
    return request.resolved(m_catalog.model(request.model));
}

Endpoint tst_DashScopeClient::simulatorEndpoint() const
{
    return m_fixture->endpoint();
}

void tst_DashScopeClient::userAgent()
{
    const QString agent = QString::fromUtf8(DashScopeClient::userAgent());
    QVERIFY2(agent.startsWith(
                     QStringLiteral("DashScopeStudio/%1; qt/%2; platform/")
                             .arg(QStringLiteral(STUDIO_VERSION), QString::fromLatin1(qVersion()))),
             qPrintable(agent));
    QVERIFY(!agent.contains(QLatin1Char('\n')));
}

void tst_DashScopeClient::createRequestOnTheWire()
{
    RawHttpServer server;
    const ModelInfo model = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
    DashScopeJob *job = waitFor(m_client->createTask(server.endpoint(), Key, model, request()));

    QCOMPARE(server.requestLine(),
             QByteArray("POST /api/v1/services/aigc/text2image/image-synthesis HTTP/1.1"));
    QCOMPARE(server.header("authorization"), "Bearer " + Key.toLatin1());
    QCOMPARE(server.header("content-type"), QByteArray("application/json"));
    QCOMPARE(server.header("x-dashscope-async"), QByteArray("enable"));
    QCOMPARE(server.header("accept"), QByteArray("application/json"));
    QCOMPARE(server.header("user-agent"), DashScopeClient::userAgent());
    QVERIFY(!server.hasHeader("x-dashscope-ossresourceresolve")); // no oss:// input

    const QJsonObject body = QJsonDocument::fromJson(server.body()).object();
    QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("wan2.2-t2i-flash"));
    QCOMPARE(
            body.value(QLatin1String("input")).toObject().value(QLatin1String("prompt")).toString(),
            request().prompt);
    const QJsonObject parameters = body.value(QLatin1String("parameters")).toObject();
    QVERIFY2(parameters.contains(QLatin1String("n")),
             "n must always be sent: the service defaults to 4");
    QCOMPARE(parameters.value(QLatin1String("n")).toInt(), 1);
    QCOMPARE(parameters.value(QLatin1String("size")).toString(), QStringLiteral("512*512"));
    QCOMPARE(parameters.value(QLatin1String("seed")).toInteger(), 42);

    QVERIFY(!job->error().isError());
    QCOMPARE(job->taskId(), QStringLiteral("t-1"));
    QCOMPARE(job->requestId(), QStringLiteral("r-1"));
    QCOMPARE(job->snapshot().status, TaskStatus::Pending);
}

void tst_DashScopeClient::ossInputsAreResolvedOnTheCreateOnly()
{
    // An uploaded input is an oss:// URL: the service reads it only when the create says so.
    GenerationRequest uploaded = request();
    RequestInput input;
    input.role = InputRole::Image;
    input.url = QStringLiteral("oss://dashscope-instant/key/2025-09-01/frame.png");
    uploaded.inputs.append(input);
    const ModelInfo model = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
    RawHttpServer create;
    DashScopeJob *job = waitFor(m_client->createTask(create.endpoint(), Key, model, uploaded));
    QVERIFY(!job->error().isError());
    QCOMPARE(create.header("x-dashscope-ossresourceresolve"), QByteArray("enable"));
    QCOMPARE(create.header("x-dashscope-async"), QByteArray("enable"));

    // Never on the polls of that task.
    RawHttpServer poll(
            "200 OK", R"({"request_id":"r-2","output":{"task_id":"t-1","task_status":"RUNNING"}})");
    QVERIFY(!waitFor(m_client->fetchTask(poll.endpoint(), Key, job->taskId()))->error().isError());
    QVERIFY(!poll.hasHeader("x-dashscope-ossresourceresolve"));

    // A plain https:// input needs no resolving.
    uploaded.inputs.first().url = QStringLiteral("https://example.com/frame.png");
    RawHttpServer plain;
    QVERIFY(!waitFor(m_client->createTask(plain.endpoint(), Key, model, uploaded))
                     ->error()
                     .isError());
    QVERIFY(!plain.hasHeader("x-dashscope-ossresourceresolve"));
}

void tst_DashScopeClient::protocolNotEncodedYetIsRefusedUnsent()
{
    // Every protocol of the catalog is encoded now (image editing last): a protocol of a newer
    // catalog, out of the enum's range, is the one refused.
    const ModelCatalog later = ModelCatalog::fromJson(R"({ "models": [
        { "name": "i2i", "kind": "image-edit", "protocol": "image2image",
          "path": "services/aigc/image2image/image-synthesis", "regions": ["singapore"] } ] })");
    ModelInfo model = later.model(QStringLiteral("i2i"));
    QVERIFY(model.isValid());
    model.protocol = static_cast<EndpointProtocol>(99);
    GenerationRequest edit;
    edit.kind = MediaKind::ImageEdit;
    edit.model = model.name;
    edit.prompt = QStringLiteral("a kite over the sea");
    RawHttpServer server;
    DashScopeJob *job = waitFor(m_client->createTask(server.endpoint(), Key, model, edit));
    QVERIFY(job->isFinished());
    QCOMPARE(job->error().kind, ApiError::Kind::InvalidParameter);
    QVERIFY2(job->error().message.contains(QStringLiteral("i2i")),
             qPrintable(job->error().message));
    QVERIFY(!job->mayHaveCreatedTask());
    QVERIFY(server.raw().isEmpty()); // nothing reached the wire
}

void tst_DashScopeClient::fetchRequestOnTheWire()
{
    RawHttpServer server(
            "200 OK",
            R"({"request_id":"r-2","output":{"task_id":"abc-1","task_status":"RUNNING"}})");
    DashScopeJob *job
            = waitFor(m_client->fetchTask(server.endpoint(), Key, QStringLiteral("abc-1")));
    QCOMPARE(server.requestLine(), QByteArray("GET /api/v1/tasks/abc-1 HTTP/1.1"));
    QCOMPARE(server.header("authorization"), "Bearer " + Key.toLatin1());
    QVERIFY(!server.hasHeader("x-dashscope-async"));
    QVERIFY(!server.hasHeader("content-type"));
    QCOMPARE(server.header("user-agent"), DashScopeClient::userAgent());
    QVERIFY(!job->error().isError());
    QCOMPARE(job->snapshot().status, TaskStatus::Running);
}

void tst_DashScopeClient::cancelRequestOnTheWire()
{
    RawHttpServer server("200 OK", R"({"request_id":"r-3"})");
    DashScopeJob *job
            = waitFor(m_client->cancelTask(server.endpoint(), Key, QStringLiteral("abc-1")));
    QCOMPARE(server.requestLine(), QByteArray("POST /api/v1/tasks/abc-1/cancel HTTP/1.1"));
    QCOMPARE(server.header("content-length"), QByteArray("0"));
    QVERIFY(server.body().isEmpty());
    QVERIFY(!server.hasHeader("x-dashscope-async"));
    QVERIFY(!job->error().isError());
    QCOMPARE(job->requestId(), QStringLiteral("r-3"));
}

void tst_DashScopeClient::listRequestOnTheWire()
{
    RawHttpServer server("200 OK",
                         R"({"request_id":"r-4","total":0,"data":[],"page_no":1,"total_page":0})");
    DashScopeJob *job
            = waitFor(m_client->listTasks(server.endpoint(), Key, TaskListQuery::firstPage(1)));
    QCOMPARE(server.requestLine(), QByteArray("GET /api/v1/tasks?page_no=1&page_size=1 HTTP/1.1"));
    QVERIFY(!job->error().isError());
    QCOMPARE(job->total(), 0);
}

void tst_DashScopeClient::refusedBeforeConnecting_data()
{
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<int>("kind");

    const QString loopback = QStringLiteral("SIMULATOR");
    QTest::newRow("http to a remote host")
            << QStringLiteral("http://dashscope-intl.aliyuncs.com/api/v1") << Key
            << QStringLiteral("abc") << int(ApiError::Kind::InvalidParameter);
    QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/api/v1") << Key << QStringLiteral("abc")
                         << int(ApiError::Kind::InvalidParameter);
    QTest::newRow("no key") << loopback << QString() << QStringLiteral("abc")
                            << int(ApiError::Kind::Authentication);
    QTest::newRow("key with a newline")
            << loopback << QStringLiteral("sk-1\r\nX-Evil: 1") << QStringLiteral("abc")
            << int(ApiError::Kind::Authentication);
    QTest::newRow("task id with a path") << loopback << Key << QStringLiteral("../services/x")
                                         << int(ApiError::Kind::InvalidParameter);
    // "GET …/tasks/.." was normalised into "GET …/api/v1", with the key.
    for (const char *id : { "..", ".", "a/b", "%2e%2e", "%2F", "a b", "a?b=1", "a#b", "a.png" }) {
        QTest::addRow("task id %s", id) << loopback << Key << QString::fromLatin1(id)
                                        << int(ApiError::Kind::InvalidParameter);
    }
}

void tst_DashScopeClient::refusedBeforeConnecting()
{
    QFETCH(QString, baseUrl);
    QFETCH(QString, key);
    QFETCH(QString, taskId);
    QFETCH(int, kind);

    Endpoint endpoint = simulatorEndpoint();
    if (baseUrl != QLatin1String("SIMULATOR"))
        endpoint.baseUrl = QUrl(baseUrl);
    DashScopeJob *job = m_client->fetchTask(endpoint, key, taskId);
    QSignalSpy spy(job, &DashScopeJob::finished);
    QCOMPARE(spy.count(), 0); // never from inside the call: callers connect afterwards
    QVERIFY(spy.wait(5000));
    QCOMPARE(int(job->error().kind), kind);
    QVERIFY(!job->error().message.isEmpty());
    QCOMPARE(m_simulator->statistics().total(), 0);
    QCOMPARE(spy.count(), 1);
}

void tst_DashScopeClient::createAgainstSimulator()
{
    const ModelInfo model = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
    DashScopeJob *job = waitFor(m_client->createTask(simulatorEndpoint(), Key, model, request()));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().details()));
    QVERIFY(!job->taskId().isEmpty());
    QVERIFY(!job->requestId().isEmpty());
    QCOMPARE(job->snapshot().status, TaskStatus::Pending);
    QCOMPARE(m_simulator->statistics().creates, 1);
    QCOMPARE(m_simulator->taskIds(), QStringList { job->taskId() });
}

void tst_DashScopeClient::fetchAndList()
{
    const ModelInfo model = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
    GenerationRequest threeImages = request();
    threeImages.count = 3;
    DashScopeJob *create
            = waitFor(m_client->createTask(simulatorEndpoint(), Key, model, threeImages));
    QVERIFY(!create->error().isError());
    const QString taskId = create->taskId();
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->taskStatus(taskId), TaskStatus::Succeeded, 10000);

    DashScopeJob *fetch = waitFor(m_client->fetchTask(simulatorEndpoint(), Key, taskId));
    QVERIFY2(!fetch->error().isError(), qPrintable(fetch->error().details()));
    const TaskSnapshot snapshot = fetch->snapshot();
    QCOMPARE(snapshot.taskId, taskId);
    QCOMPARE(snapshot.status, TaskStatus::Succeeded);
    QCOMPARE(snapshot.results.size(), 3);
    for (const ImageResult &result : snapshot.results) {
        QVERIFY(!result.failed());
        QVERIFY2(result.url.contains("Signature="), result.url.constData());
    }
    QVERIFY(snapshot.submitTime.isValid());
    QVERIFY(snapshot.endTime.isValid());

    DashScopeJob *list
            = waitFor(m_client->listTasks(simulatorEndpoint(), Key, TaskListQuery::firstPage(10)));
    QVERIFY2(!list->error().isError(), qPrintable(list->error().details()));
    QCOMPARE(list->total(), 1);
    QCOMPARE(list->tasks().size(), 1);
    QCOMPARE(list->tasks().first().taskId, taskId);
}

void tst_DashScopeClient::unknownTaskIsUnknown()
{
    DashScopeJob *job = waitFor(
            m_client->fetchTask(simulatorEndpoint(), Key, QStringLiteral("no-such-task")));
    QVERIFY(!job->error().isError());
    QCOMPARE(job->snapshot().status, TaskStatus::Unknown);
}

void tst_DashScopeClient::httpErrors_data()
{
    QTest::addColumn<QString>("configuredKey");
    QTest::addColumn<int>("fault");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("mayHaveCreated");

    QTest::newRow("401 wrong key") << QStringLiteral("sk-other") << -1 << 401
                                   << int(ApiError::Kind::Authentication) << false;
    QTest::newRow("429 throttled: nothing created")
            << QString() << int(SimulatorServer::Fault::ThrottleCreate) << 429
            << int(ApiError::Kind::Throttled) << false;
    QTest::newRow("500: may exist") << QString() << int(SimulatorServer::Fault::ServerErrorOnCreate)
                                    << 500 << int(ApiError::Kind::Transient) << true;
}

void tst_DashScopeClient::httpErrors()
{
    QFETCH(QString, configuredKey);
    QFETCH(int, fault);
    QFETCH(int, httpStatus);
    QFETCH(int, kind);
    QFETCH(bool, mayHaveCreated);

    if (!configuredKey.isEmpty())
        m_simulator->setRequiredApiKey(configuredKey);
    if (fault >= 0)
        m_simulator->addFault(SimulatorServer::Fault(fault));
    const ModelInfo model = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
    DashScopeJob *job = waitFor(m_client->createTask(simulatorEndpoint(), Key, model, request()));
    QCOMPARE(job->httpStatus(), httpStatus);
    QCOMPARE(int(job->error().kind), kind);
    QVERIFY(!job->error().code.isEmpty());
    QVERIFY(!job->error().requestId.isEmpty());
    QCOMPARE(job->mayHaveCreatedTask(), mayHaveCreated);
    QCOMPARE(m_simulator->statistics().creates, 1);
}

void tst_DashScopeClient::pollFaults_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<int>("kind");

    QTest::newRow("500") << int(SimulatorServer::Fault::ServerErrorOnPoll) << 500
                         << int(ApiError::Kind::Transient);
    QTest::newRow("gateway html") << int(SimulatorServer::Fault::GatewayHtmlOnPoll) << 502
                                  << int(ApiError::Kind::Transient);
    QTest::newRow("malformed json") << int(SimulatorServer::Fault::MalformedJsonOnPoll) << 200
                                    << int(ApiError::Kind::Protocol);
    QTest::newRow("429") << int(SimulatorServer::Fault::ThrottlePoll) << 429
                         << int(ApiError::Kind::Throttled);
    QTest::newRow("reset") << int(SimulatorServer::Fault::ResetOnPoll) << -1
                           << int(ApiError::Kind::Network);
}

void tst_DashScopeClient::pollFaults()
{
    QFETCH(int, fault);
    QFETCH(int, httpStatus);
    QFETCH(int, kind);

    const ModelInfo model = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
    DashScopeJob *create
            = waitFor(m_client->createTask(simulatorEndpoint(), Key, model, request()));
    QVERIFY(!create->error().isError());
    m_simulator->addFault(SimulatorServer::Fault(fault));
    DashScopeJob *poll = waitFor(m_client->fetchTask(simulatorEndpoint(), Key, create->taskId()));
    if (httpStatus >= 0)
        QCOMPARE(poll->httpStatus(), httpStatus);
    QCOMPARE(int(poll->error().kind), kind);
    QVERIFY(!poll->error().message.isEmpty());
}

void tst_DashScopeClient::cancelPendingAndRunning()
{
    m_simulator->setLatency(20s); // PENDING for the first 5 s
    const ModelInfo model = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
    DashScopeJob *first = waitFor(m_client->createTask(simulatorEndpoint(), Key, model, request()));
    QVERIFY(!first->error().isError());
    DashScopeJob *cancel = waitFor(m_client->cancelTask(simulatorEndpoint(), Key, first->taskId()));
    QVERIFY2(!cancel->error().isError(), qPrintable(cancel->error().details()));
    QCOMPARE(m_simulator->taskStatus(first->taskId()), TaskStatus::Canceled);

    m_simulator->setLatency(400ms); // RUNNING after 100 ms
    DashScopeJob *second
            = waitFor(m_client->createTask(simulatorEndpoint(), Key, model, request()));
    QTRY_COMPARE_WITH_TIMEOUT(m_simulator->taskStatus(second->taskId()), TaskStatus::Running, 5000);
    DashScopeJob *refused
            = waitFor(m_client->cancelTask(simulatorEndpoint(), Key, second->taskId()));
    QCOMPARE(refused->httpStatus(), 400);
    QCOMPARE(refused->error().code, QStringLiteral("UnsupportedOperation"));
}

void tst_DashScopeClient::timeout()
{
    m_simulator->addFault(SimulatorServer::Fault::SlowResponses);
    m_simulator->setSlowResponseDelay(3s);
    m_client->setTimeout(200ms);
    const ModelInfo model = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
    DashScopeJob *job = waitFor(m_client->createTask(simulatorEndpoint(), Key, model, request()));
    QCOMPARE(job->error().kind, ApiError::Kind::Timeout);
    QCOMPARE(job->httpStatus(), 0);
    QVERIFY2(job->mayHaveCreatedTask(), "a create that timed out may exist on the service");
}

void tst_DashScopeClient::connectionRefused()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    Endpoint endpoint;
    endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1").arg(port));
    const ModelInfo model = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
    DashScopeJob *job = waitFor(m_client->createTask(endpoint, Key, model, request()));
    QCOMPARE(job->error().kind, ApiError::Kind::Network);
    QVERIFY2(!job->mayHaveCreatedTask(), "nothing can exist when the connection was refused");
}

void tst_DashScopeClient::abortEmitsOnce()
{
    m_simulator->addFault(SimulatorServer::Fault::SlowResponses);
    m_simulator->setSlowResponseDelay(2s);
    DashScopeJob *job = m_client->fetchTask(simulatorEndpoint(), Key, QStringLiteral("abc"));
    QSignalSpy spy(job, &DashScopeJob::finished);
    QTRY_COMPARE(m_simulator->statistics().polls, 1);
    job->abort();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(job->error().kind, ApiError::Kind::Canceled);
    job->abort();
    QVERIFY(!spy.wait(300)); // nothing more: exactly one finished()
    QCOMPARE(spy.count(), 1);
}

void tst_DashScopeClient::keyNeverLogged()
{
    QStringList messages;
    g_messages = &messages;
    QLoggingCategory::setFilterRules(QStringLiteral("studio.*=true"));
    const QtMessageHandler previous = qInstallMessageHandler(collectMessage);

    const ModelInfo model = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
    m_simulator->addFault(SimulatorServer::Fault::ThrottleCreate);
    waitFor(m_client->createTask(simulatorEndpoint(), Key, model, request()));
    waitFor(m_client->fetchTask(simulatorEndpoint(), Key, QStringLiteral("abc")));
    waitFor(m_client->listTasks(simulatorEndpoint(), Key));

    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    g_messages = nullptr;
    QVERIFY(!messages.isEmpty()); // the requests were logged…
    for (const QString &message : std::as_const(messages))
        QVERIFY2(!message.contains(Key), qPrintable(message)); // …without the key
}

void tst_DashScopeClient::answerTooLarge_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::newRow("chunked, without end") << true;
    QTest::newRow("Content-Length of 1 GiB") << false;
}

void tst_DashScopeClient::answerTooLarge()
{
    QFETCH(bool, chunked);
    EndlessHttpServer server(chunked);
    std::unique_ptr<DashScopeJob> job(
            m_client->fetchTask(server.endpoint(), Key, QStringLiteral("abc-1")));
    QSignalSpy spy(job.get(), &DashScopeJob::finished);
    QVERIFY(spy.wait(30000)); // before: buffered on and on (1 GiB grew the process to 1 GB)
    QCOMPARE(job->error().kind, ApiError::Kind::Protocol);
    QVERIFY2(job->error().message.contains(QLatin1String("too large")),
             qPrintable(job->error().message));
    QCOMPARE(job->httpStatus(), 200);
    // Stopped near the cap: at most the cap and what the sockets' buffers hold beyond it (with a
    // Content-Length, before the body was read at all).
    QVERIFY2(server.sent() < DashScopeJob::MaxAnswerBytes + 16 * 1024 * 1024,
             QByteArray::number(server.sent()).constData());
    if (!chunked)
        QVERIFY2(server.sent() < DashScopeJob::MaxAnswerBytes,
                 QByteArray::number(server.sent()).constData());
}

// An answer that trickles in a byte at a time keeps resetting the no-progress timeout; the total
// deadline still ends the request, as a timeout the engine retries.
void tst_DashScopeClient::dripFedAnswerHitsTotalDeadline()
{
    m_simulator->setDripInterval(50ms);
    m_simulator->addFault(SimulatorServer::Fault::DripFeed);
    m_client->setTimeout(10s);
    m_client->setTotalDeadline(400ms);
    DashScopeJob *job
            = waitFor(m_client->fetchTask(simulatorEndpoint(), Key, QStringLiteral("abc-1")));
    QCOMPARE(job->error().kind, ApiError::Kind::Timeout);
    QVERIFY2(job->error().message.contains(QLatin1String("took too long")),
             qPrintable(job->error().message));
}

void tst_DashScopeClient::plausibleTaskIds_data()
{
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<bool>("plausible");
    QTest::newRow("uuid") << QStringLiteral("0385dc79-5ff8-4d82-bcb6-xxxxxx") << true;
    QTest::newRow("underscore") << QStringLiteral("task_1") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("dot dot") << QStringLiteral("..") << false;
    QTest::newRow("dot") << QStringLiteral(".") << false;
    QTest::newRow("dots inside") << QStringLiteral("a..b") << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("backslash") << QStringLiteral("a\\b") << false;
    QTest::newRow("percent") << QStringLiteral("%2e%2e") << false;
    QTest::newRow("space") << QStringLiteral("a b") << false;
    QTest::newRow("non-ASCII") << QStringLiteral("任务") << false;
    QTest::newRow("too long") << QString(129, QLatin1Char('a')) << false;
}

void tst_DashScopeClient::plausibleTaskIds()
{
    QFETCH(QString, taskId);
    QFETCH(bool, plausible);
    QCOMPARE(DashScopeClient::isPlausibleTaskId(taskId), plausible);
}

void tst_DashScopeClient::taskIdIsOneSegment()
{
    // The id reaches the server as one segment below tasks/, under a base URL with a path.
    RawHttpServer poll(
            "200 OK",
            R"({"request_id":"r-5","output":{"task_id":"A-b_9","task_status":"RUNNING"}})");
    waitFor(m_client->fetchTask(poll.endpoint(), Key, QStringLiteral("A-b_9")));
    QCOMPARE(poll.requestLine(), QByteArray("GET /api/v1/tasks/A-b_9 HTTP/1.1"));
    RawHttpServer cancel("200 OK", R"({"request_id":"r-6"})");
    waitFor(m_client->cancelTask(cancel.endpoint(), Key, QStringLiteral("A-b_9")));
    QCOMPARE(cancel.requestLine(), QByteArray("POST /api/v1/tasks/A-b_9/cancel HTTP/1.1"));

    // Cancel refuses what fetch refuses: nothing is sent.
    DashScopeJob *job
            = waitFor(m_client->cancelTask(simulatorEndpoint(), Key, QStringLiteral("..")));
    QCOMPARE(job->error().kind, ApiError::Kind::InvalidParameter);
    QCOMPARE(m_simulator->statistics().total(), 0);
}

QTEST_GUILESS_MAIN(tst_DashScopeClient)
#include "tst_dashscopeclient.moc"
