#include "domain/modelcatalog.h"
#include "engine/mp4sink.h"
#include "engine/resultdownloader.h"
#include "engine/resultsink.h"
#include "library/imagemetadata.h"
#include "protocol/dashscopeclient.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorfixture.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QtEndian>
#include <future>
#include <memory>

using namespace std::chrono_literals;

namespace {

const QString Key = QStringLiteral("sk-test");

// Serves one fixed HTTP answer to every request: for bodies the simulator never sends.
class FixedHttpServer final : public QObject
{
public:
    explicit FixedHttpServer(const QByteArray &body)
    {
        m_response = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                socket->readAll();
                socket->write(m_response);
                socket->disconnectFromHost();
            });
        });
    }
    QByteArray url() const
    {
        return "http://127.0.0.1:" + QByteArray::number(m_server.serverPort()) + "/x.png";
    }

private:
    QTcpServer m_server;
    QByteArray m_response;
};

// Answers by path with raw HTTP responses (404 for anything else). A dripping path is sent one
// byte per interval, like a server that keeps a transfer barely alive.
class ScriptedHttpServer final : public QObject
{
public:
    ScriptedHttpServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                const QByteArray request = socket->readAll();
                const QByteArray path = request.split(' ').value(1);
                ++m_requests;
                if (m_drip.contains(path)) {
                    drip(socket, m_drip.value(path));
                    return;
                }
                socket->write(m_responses.value(path,
                                                "HTTP/1.1 404 Not Found\r\n"
                                                "Content-Length: 0\r\n\r\n"));
                socket->disconnectFromHost();
            });
        });
    }

    QByteArray origin() const
    {
        return "http://127.0.0.1:" + QByteArray::number(m_server.serverPort());
    }
    // `body` with a Content-Length of `length` (-1: its size).
    void serve(const QByteArray &path, const QByteArray &body, qint64 length = -1)
    {
        m_responses.insert(path,
                           "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
                                   + QByteArray::number(length < 0 ? body.size() : length)
                                   + "\r\nConnection: close\r\n\r\n" + body);
    }
    void redirect(const QByteArray &path, const QByteArray &location)
    {
        m_responses.insert(path,
                           "HTTP/1.1 302 Found\r\nLocation: " + location
                                   + "\r\nContent-Length: 0\r\n\r\n");
    }
    void serveDripping(const QByteArray &path, const QByteArray &body)
    {
        m_drip.insert(path,
                      "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
                              + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }
    int requests() const { return m_requests; }

private:
    void drip(QTcpSocket *socket, const QByteArray &response)
    {
        auto *timer = new QTimer(socket);
        auto position = std::make_shared<qsizetype>(0);
        connect(timer, &QTimer::timeout, socket, [socket, response, position] {
            if (*position < response.size())
                socket->write(response.mid((*position)++, 1));
        });
        timer->start(20);
    }

    QTcpServer m_server;
    QHash<QByteArray, QByteArray> m_responses;
    QHash<QByteArray, QByteArray> m_drip;
    int m_requests = 0;
};

// A made-up format for the transport: any bytes, complete when they end with "END".
class EndMarkedSink final : public ResultSink
{
public:
    void reset() override { m_all.clear(); }
    bool consume(const QByteArray &bytes, QByteArray *out, ApiError *) override
    {
        m_all += bytes;
        *out += bytes;
        return true;
    }
    End finish(QByteArray *, ApiError *) override
    {
        return m_all.endsWith("END") ? End::Complete : End::Truncated;
    }

private:
    QByteArray m_all;
};

// What RecordingNetwork saw; written on the download's thread, read after finished().
struct NetworkRecord
{
    QList<qint64> readBufferSizes;
    qint64 mostAvailable = 0;
    bool readOnCallersThread = false;
};

// Records what the downloader's replies hold before it reads them: how large Qt's read buffer
// of each is, and the most it ever held.
class RecordingNetwork final : public QNetworkAccessManager
{
public:
    RecordingNetwork(std::shared_ptr<NetworkRecord> record, QThread *callersThread)
        : m_record(std::move(record)), m_callersThread(callersThread)
    { }

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *data) override
    {
        QNetworkReply *reply = QNetworkAccessManager::createRequest(operation, request, data);
        // Connected before the downloader's own slot, so this sees each buffer before it is read.
        connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
            if (m_record->readBufferSizes.isEmpty())
                m_record->readBufferSizes.append(reply->readBufferSize());
            m_record->mostAvailable = std::max(m_record->mostAvailable, reply->bytesAvailable());
            if (QThread::currentThread() == m_callersThread)
                m_record->readOnCallersThread = true;
        });
        return reply;
    }

private:
    std::shared_ptr<NetworkRecord> m_record;
    QThread *m_callersThread;
};

// An MP4 as Mp4Sink checks it (ftyp, moov, then an mdat of `size` bytes in all), with bytes that
// differ throughout, so a hash of the wrong bytes cannot match.
QByteArray syntheticMp4(qint64 size)
{
    QByteArray mp4 = QByteArray::fromHex("00000018") + "ftypisom" + QByteArray::fromHex("00000200")
            + "isommp41" + QByteArray::fromHex("00000018") + "moov" + QByteArray(16, '\0');
    const qint64 mdat = size - mp4.size();
    QByteArray header(4, '\0');
    qToBigEndian<quint32>(quint32(mdat), header.data());
    mp4 += header + "mdat";
    const qsizetype start = mp4.size();
    mp4.resize(size);
    quint32 state = 2463534242u;
    for (qsizetype i = start; i < mp4.size(); ++i) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        mp4[i] = char(state);
    }
    return mp4;
}

// A small, complete PNG.
QByteArray smallPng()
{
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

} // namespace

class tst_ResultDownloader final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void savesServiceBytesPlusProvenance();
    void byteExactUrlMatters();
    void neverOverwrites();
    void expiredLinkIsNotRetried();
    void truncatedDownloadIsRetried();
    void truncatedDownloadGivesUp();
    void sizeCap();
    void notAPng();
    void abortLeavesNothing();
    void truncatedPngWithMatchingLength();
    void notAnImage_data();
    void notAnImage();
    void hugeDeclaredSize();
    void redirects_data();
    void redirects();
    void drippingTransferHitsDeadline();
    void otherFormatThroughItsSink();
    void largeDownloadHashIsTheFiles();
    void sizeCapIsTheMediaKinds();
    void readBufferIsBounded();
    void busyCallerDoesNotStopIt();
    void fileBaseName_data();
    void fileBaseName();
    void urlExpiry();

private:
    QList<QByteArray> resultUrls(int count);
    QByteArray plainGet(const QByteArray &url);
    ResultDownloader *download(const QByteArray &url, const QString &target);
    QStringList filesInOutput() const;
    ImageProvenance provenance() const;

    ModelCatalog m_catalog;
    QTemporaryDir *m_dir = nullptr; // m_fixture's
    QNetworkAccessManager *m_network = nullptr; // m_fixture's
    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    SimulatorServer *m_simulator = nullptr; // m_fixture's
    std::unique_ptr<DashScopeClient> m_client;
};

void tst_ResultDownloader::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_catalog = ModelCatalog::builtIn();
}

void tst_ResultDownloader::init()
{
    m_fixture = std::make_unique<SimulatorFixture>(m_catalog);
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_dir = m_fixture->dir();
    m_network = m_fixture->network();
    m_simulator = m_fixture->simulator();
    m_client = std::make_unique<DashScopeClient>(m_network);
    m_simulator->setLatency(200ms);
}

void tst_ResultDownloader::cleanup()
{
    m_client.reset();
    m_fixture.reset(); // last: the rest used its network and folder
}

// Creates a task on the simulator and returns its result URLs, exactly as the service sent them.
QList<QByteArray> tst_ResultDownloader::resultUrls(int count)
{
    const Endpoint endpoint = m_fixture->endpoint();
    const ModelInfo model = m_catalog.model(QStringLiteral("wan2.2-t2i-flash"));
    GenerationRequest request;
    request.model = model.name;
    request.prompt = QStringLiteral("Paper boats on a rainy street");
    request.size = QSize(512, 768);
    request.count = count;
    request.seed = 7;

    std::unique_ptr<DashScopeJob> create(
            m_client->createTask(endpoint, Key, model, request.resolved(model)));
    QSignalSpy created(create.get(), &DashScopeJob::finished);
    if (!created.wait(10000) || create->error().isError())
        return {};
    const QString taskId = create->taskId();
    if (!m_fixture->waitForStatus(taskId, TaskStatus::Succeeded))
        return {};
    std::unique_ptr<DashScopeJob> fetch(m_client->fetchTask(endpoint, Key, taskId));
    QSignalSpy fetched(fetch.get(), &DashScopeJob::finished);
    if (!fetched.wait(10000))
        return {};
    QList<QByteArray> urls;
    for (const ImageResult &result : fetch->snapshot().results)
        urls.append(result.url);
    return urls;
}

QByteArray tst_ResultDownloader::plainGet(const QByteArray &url)
{
    std::unique_ptr<QNetworkReply> reply(
            m_network->get(QNetworkRequest(QUrl::fromEncoded(url, QUrl::StrictMode))));
    QSignalSpy spy(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !spy.wait(10000))
        return {};
    return reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
}

ResultDownloader *tst_ResultDownloader::download(const QByteArray &url, const QString &target)
{
    auto *downloader = new ResultDownloader(m_network, m_network);
    downloader->setRetryDelay(10ms);
    QSignalSpy spy(downloader, &ResultDownloader::finished);
    downloader->start(url, target, provenance());
    if (spy.count() != 0)
        qWarning("finished() from inside start()");
    if (!spy.wait(15000))
        qWarning("download did not finish");
    return downloader;
}

QStringList tst_ResultDownloader::filesInOutput() const
{
    return QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

ImageProvenance tst_ResultDownloader::provenance() const
{
    ImageProvenance provenance;
    provenance.request.prompt = QStringLiteral("Paper boats on a rainy street, 雨中的纸船");
    provenance.request.model = QStringLiteral("wan2.2-t2i-flash");
    provenance.region = QStringLiteral("singapore");
    provenance.taskId = QStringLiteral("task-1");
    provenance.request.seed = 7;
    provenance.request.size = QSize(512, 768);
    provenance.created = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    provenance.software = QStringLiteral("DashScope Studio test");
    return provenance;
}

void tst_ResultDownloader::savesServiceBytesPlusProvenance()
{
    const QList<QByteArray> urls = resultUrls(1);
    QCOMPARE(urls.size(), 1);
    const QByteArray original = plainGet(urls.first());
    QVERIFY(ImageMetadata::isPng(original));

    std::unique_ptr<ResultDownloader> downloader(
            download(urls.first(), m_dir->filePath(QStringLiteral("a.png"))));
    QVERIFY2(!downloader->error().isError(), qPrintable(downloader->error().details()));
    QCOMPARE(downloader->attempts(), 1);
    QCOMPARE(downloader->filePath(), m_dir->filePath(QStringLiteral("a.png")));
    QCOMPARE(downloader->pixelSize(), QSize(512, 768));
    QCOMPARE(downloader->serviceBytes(), qint64(original.size()));

    QFile file(downloader->filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QCOMPARE(downloader->fileSize(), qint64(saved.size()));
    QCOMPARE(downloader->sha256(),
             QCryptographicHash::hash(saved, QCryptographicHash::Sha256).toHex());

    // The saved file is the service's bytes with our chunks right after IHDR, nothing else changed.
    const QByteArray chunks = ImageMetadata::provenanceChunks(provenance());
    QVERIFY(!chunks.isEmpty());
    QCOMPARE(saved.size(), original.size() + chunks.size());
    QCOMPARE(saved.mid(ImageMetadata::PngHeaderSize, chunks.size()), chunks);
    QVERIFY(saved.left(ImageMetadata::PngHeaderSize)
                    + saved.mid(ImageMetadata::PngHeaderSize + chunks.size())
            == original);

    const std::optional<ImageProvenance> read = ImageMetadata::readFile(downloader->filePath());
    QVERIFY(read);
    QCOMPARE(read->taskId, QStringLiteral("task-1"));
    QCOMPARE(read->request.prompt, provenance().request.prompt);
    QCOMPARE(filesInOutput(), QStringList { QStringLiteral("a.png") }); // no temporary file left
    QCOMPARE(m_simulator->statistics().downloads, 2); // ours and plainGet's
}

void tst_ResultDownloader::byteExactUrlMatters()
{
    // The simulator checks the signature like OSS: a decoded "%3D" must not pass. This proves the
    // success above depends on keeping the URL byte-exact.
    const QList<QByteArray> urls = resultUrls(1);
    QCOMPARE(urls.size(), 1);
    QVERIFY2(urls.first().contains('%'), urls.first().constData());
    QByteArray decoded = QByteArray::fromPercentEncoding(urls.first());
    decoded.replace(' ', "%20");
    std::unique_ptr<ResultDownloader> downloader(
            download(decoded, m_dir->filePath(QStringLiteral("b.png"))));
    QVERIFY(downloader->error().isError());
    QCOMPARE(downloader->error().httpStatus, 403);
    QCOMPARE(downloader->error().code, QStringLiteral("SignatureDoesNotMatch"));
    QCOMPARE(downloader->error().kind, ApiError::Kind::Protocol); // not "expired": a bug, not fate
    QVERIFY(filesInOutput().isEmpty());
}

void tst_ResultDownloader::neverOverwrites()
{
    const QList<QByteArray> urls = resultUrls(1);
    QCOMPARE(urls.size(), 1);
    const QString target = m_dir->filePath(QStringLiteral("same.png"));
    {
        QFile existing(target);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("mine");
    }
    std::unique_ptr<ResultDownloader> downloader(download(urls.first(), target));
    QVERIFY(!downloader->error().isError());
    QCOMPARE(downloader->filePath(), m_dir->filePath(QStringLiteral("same-2.png")));
    QFile existing(target);
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("mine"));
}

void tst_ResultDownloader::expiredLinkIsNotRetried()
{
    const QList<QByteArray> urls = resultUrls(1);
    QCOMPARE(urls.size(), 1);
    m_simulator->addFault(SimulatorServer::Fault::ExpiredDownload);
    m_simulator->resetStatistics();
    std::unique_ptr<ResultDownloader> downloader(
            download(urls.first(), m_dir->filePath(QStringLiteral("c.png"))));
    QCOMPARE(downloader->error().kind, ApiError::Kind::Expired);
    QCOMPARE(downloader->error().httpStatus, 403);
    QCOMPARE(downloader->attempts(), 1);
    QCOMPARE(m_simulator->statistics().downloads, 1);
    QVERIFY(downloader->filePath().isEmpty());
    QVERIFY(filesInOutput().isEmpty());
}

void tst_ResultDownloader::truncatedDownloadIsRetried()
{
    const QList<QByteArray> urls = resultUrls(1);
    QCOMPARE(urls.size(), 1);
    m_simulator->addFault(SimulatorServer::Fault::TruncatedDownload); // the first 2 of each image
    m_simulator->resetStatistics();
    std::unique_ptr<ResultDownloader> downloader(
            download(urls.first(), m_dir->filePath(QStringLiteral("d.png"))));
    QVERIFY2(!downloader->error().isError(), qPrintable(downloader->error().details()));
    QCOMPARE(downloader->attempts(), 3);
    // Qt may itself resend a GET once after a connection closed early: at least our three.
    QVERIFY(m_simulator->statistics().downloads >= 3);
    QCOMPARE(filesInOutput(), QStringList { QStringLiteral("d.png") });
    m_simulator->removeFault(SimulatorServer::Fault::TruncatedDownload);
    const QByteArray original = plainGet(urls.first());
    QCOMPARE(downloader->serviceBytes(), qint64(original.size()));
}

void tst_ResultDownloader::truncatedDownloadGivesUp()
{
    const QList<QByteArray> urls = resultUrls(1);
    QCOMPARE(urls.size(), 1);
    m_simulator->setFaultRepeat(100);
    m_simulator->addFault(SimulatorServer::Fault::TruncatedDownload);
    auto *downloader = new ResultDownloader(m_network, m_network);
    downloader->setRetryDelay(1ms);
    downloader->setMaxAttempts(2);
    QSignalSpy spy(downloader, &ResultDownloader::finished);
    downloader->start(urls.first(), m_dir->filePath(QStringLiteral("e.png")), provenance());
    QVERIFY(spy.wait(10000));
    QCOMPARE(downloader->error().kind, ApiError::Kind::Network);
    QCOMPARE(downloader->attempts(), 2);
    QVERIFY(filesInOutput().isEmpty()); // no half-written file, no temporary file
}

void tst_ResultDownloader::sizeCap()
{
    const QList<QByteArray> urls = resultUrls(1);
    QCOMPARE(urls.size(), 1);
    auto *downloader = new ResultDownloader(m_network, m_network);
    downloader->setMaxBytes(1000);
    QSignalSpy spy(downloader, &ResultDownloader::finished);
    downloader->start(urls.first(), m_dir->filePath(QStringLiteral("f.png")), provenance());
    QVERIFY(spy.wait(10000));
    QCOMPARE(downloader->error().kind, ApiError::Kind::Protocol);
    QCOMPARE(downloader->attempts(), 1);
    QVERIFY(filesInOutput().isEmpty());
}

void tst_ResultDownloader::notAPng()
{
    FixedHttpServer server(
            QByteArray("<html><body>Not an image, but long enough to be checked.</body></html>"));
    std::unique_ptr<ResultDownloader> downloader(
            download(server.url(), m_dir->filePath(QStringLiteral("g.png"))));
    QCOMPARE(downloader->error().kind, ApiError::Kind::Protocol);
    QCOMPARE(downloader->attempts(), 1);
    QVERIFY(filesInOutput().isEmpty());
}

void tst_ResultDownloader::abortLeavesNothing()
{
    const QList<QByteArray> urls = resultUrls(1);
    QCOMPARE(urls.size(), 1);
    m_simulator->addFault(SimulatorServer::Fault::SlowResponses);
    m_simulator->setSlowResponseDelay(5s);
    m_simulator->resetStatistics();
    auto *downloader = new ResultDownloader(m_network, m_network);
    QSignalSpy spy(downloader, &ResultDownloader::finished);
    downloader->start(urls.first(), m_dir->filePath(QStringLiteral("h.png")), provenance());
    QTRY_COMPARE(m_simulator->statistics().downloads, 1);
    downloader->abort();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(downloader->error().kind, ApiError::Kind::Canceled);
    QVERIFY(filesInOutput().isEmpty());
}

void tst_ResultDownloader::truncatedPngWithMatchingLength()
{
    // The server's Content-Length matches what it sends, but the PNG stops before IEND.
    ScriptedHttpServer server;
    const QByteArray png = smallPng();
    server.serve("/cut.png", png.left(png.size() - 20));
    server.serve("/whole.png", png);

    auto *downloader = new ResultDownloader(m_network, m_network);
    downloader->setRetryDelay(1ms);
    downloader->setMaxAttempts(2);
    QSignalSpy spy(downloader, &ResultDownloader::finished);
    downloader->start(server.origin() + "/cut.png", m_dir->filePath(QStringLiteral("i.png")),
                      provenance());
    QVERIFY(spy.wait(10000));
    QCOMPARE(downloader->error().kind, ApiError::Kind::Network); // cut short: retried
    QCOMPARE(downloader->attempts(), 2);
    QVERIFY(downloader->filePath().isEmpty());
    QVERIFY(filesInOutput().isEmpty());

    // The same PNG whole is saved.
    std::unique_ptr<ResultDownloader> whole(
            download(server.origin() + "/whole.png", m_dir->filePath(QStringLiteral("i.png"))));
    QVERIFY2(!whole->error().isError(), qPrintable(whole->error().details()));
    QCOMPARE(filesInOutput(), QStringList { QStringLiteral("i.png") });
}

void tst_ResultDownloader::notAnImage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("html") << QByteArray("\n  <!DOCTYPE html><html><head><title>Login</title>"
                                        "</head><body>Please sign in to continue.</body></html>")
                          << QStringLiteral("web page");
    QTest::newRow("xml") << QByteArray("<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code>"
                                       "<Message>The key does not exist.</Message></Error>")
                         << QStringLiteral("web page");
    QByteArray jpeg = QByteArray::fromHex("ffd8ffe000104a46494600010100000100010000");
    jpeg += QByteArray(64, '\0');
    QTest::newRow("jpeg") << jpeg << QStringLiteral("JPEG");
    QTest::newRow("json") << QByteArray(
            R"({"error":"not here","detail":"something else entirely"})")
                          << QStringLiteral("not a PNG");
    QTest::newRow("short") << QByteArray("oops") << QStringLiteral("not a PNG");
}

void tst_ResultDownloader::notAnImage()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, mentions);
    ScriptedHttpServer server;
    server.serve("/r.png", body);
    std::unique_ptr<ResultDownloader> downloader(
            download(server.origin() + "/r.png", m_dir->filePath(QStringLiteral("j.png"))));
    QCOMPARE(downloader->error().kind, ApiError::Kind::Protocol);
    QVERIFY2(downloader->error().message.contains(mentions),
             qPrintable(downloader->error().message));
    QCOMPARE(downloader->attempts(), 1);
    QVERIFY(filesInOutput().isEmpty());
}

void tst_ResultDownloader::hugeDeclaredSize()
{
    // IHDR claims 30000×30000: refused from the header, nothing allocated or saved.
    QByteArray png = smallPng();
    qToBigEndian<quint32>(30000, png.data() + 16);
    qToBigEndian<quint32>(30000, png.data() + 20);
    ScriptedHttpServer server;
    server.serve("/huge.png", png);
    std::unique_ptr<ResultDownloader> downloader(
            download(server.origin() + "/huge.png", m_dir->filePath(QStringLiteral("k.png"))));
    QCOMPARE(downloader->error().kind, ApiError::Kind::Protocol);
    QVERIFY2(downloader->error().message.contains(QLatin1String("30000")),
             qPrintable(downloader->error().message));
    QVERIFY(filesInOutput().isEmpty());
}

void tst_ResultDownloader::redirects_data()
{
    QTest::addColumn<QByteArray>("location"); // "ORIGIN" is replaced by the server's
    QTest::addColumn<bool>("saved");

    QTest::newRow("file") << QByteArray("file:///etc/passwd") << false;
    QTest::newRow("plain http, another host")
            << QByteArray("http://localhost:PORT/whole.png") << false;
    QTest::newRow("ftp") << QByteArray("ftp://127.0.0.1/whole.png") << false;
    QTest::newRow("same host and port") << QByteArray("ORIGIN/whole.png") << true;
}

void tst_ResultDownloader::redirects()
{
    QFETCH(QByteArray, location);
    QFETCH(bool, saved);
    ScriptedHttpServer server;
    server.serve("/whole.png", smallPng());
    const QByteArray port = server.origin().mid(server.origin().lastIndexOf(':') + 1);
    server.redirect("/moved.png",
                    location.replace("ORIGIN", server.origin()).replace("PORT", port));

    std::unique_ptr<ResultDownloader> downloader(
            download(server.origin() + "/moved.png", m_dir->filePath(QStringLiteral("l.png"))));
    if (saved) {
        QVERIFY2(!downloader->error().isError(), qPrintable(downloader->error().details()));
        QCOMPARE(filesInOutput(), QStringList { QStringLiteral("l.png") });
        QCOMPARE(server.requests(), 2);
        return;
    }
    QVERIFY(downloader->error().isError());
    QCOMPARE(downloader->error().kind, ApiError::Kind::Protocol);
    QCOMPARE(downloader->attempts(), 1);
    QVERIFY(filesInOutput().isEmpty());
    QCOMPARE(server.requests(), 1); // the redirect was not followed
}

void tst_ResultDownloader::drippingTransferHitsDeadline()
{
    // One byte every 20 ms never stalls long enough for the transfer timeout; the deadline ends it.
    ScriptedHttpServer server;
    server.serveDripping("/slow.png", smallPng());
    auto *downloader = new ResultDownloader(m_network, m_network);
    downloader->setMaxAttempts(1);
    downloader->setTotalDeadline(300ms);
    QSignalSpy spy(downloader, &ResultDownloader::finished);
    downloader->start(server.origin() + "/slow.png", m_dir->filePath(QStringLiteral("m.png")),
                      provenance());
    QVERIFY(spy.wait(10000)); // the whole drip would take far longer
    QCOMPARE(downloader->error().kind, ApiError::Kind::Timeout);
    QVERIFY(downloader->serviceBytes() < smallPng().size());
    QVERIFY(filesInOutput().isEmpty());
}

void tst_ResultDownloader::otherFormatThroughItsSink()
{
    // The transport knows nothing of PNG: another sink gets the same streaming, checks and
    // retries (the way an MP4 result will be added).
    ScriptedHttpServer server;
    server.serve("/clip.bin", "frames…END");
    server.serve("/cut.bin", "frames…");
    const auto fetch = [&](const QByteArray &path, const QString &name) {
        auto *downloader = new ResultDownloader(m_network, m_network);
        downloader->setSink(std::make_unique<EndMarkedSink>());
        downloader->setRetryDelay(1ms);
        downloader->setMaxAttempts(2);
        QSignalSpy spy(downloader, &ResultDownloader::finished);
        downloader->start(server.origin() + path, m_dir->filePath(name), provenance());
        spy.wait(10000);
        return std::unique_ptr<ResultDownloader>(downloader);
    };

    const auto whole = fetch("/clip.bin", QStringLiteral("clip.bin"));
    QVERIFY2(!whole->error().isError(), qPrintable(whole->error().details()));
    QFile file(whole->filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("frames…END")); // as sent: no PNG chunks inserted

    const auto cut = fetch("/cut.bin", QStringLiteral("cut.bin"));
    QCOMPARE(cut->error().kind, ApiError::Kind::Network); // cut short, retried, then given up
    QCOMPARE(cut->attempts(), 2);
    QCOMPARE(filesInOutput(), QStringList { QStringLiteral("clip.bin") });
}

void tst_ResultDownloader::largeDownloadHashIsTheFiles()
{
    // Many chunks through the writer's thread: the hash is of the whole file, in order.
    const QByteArray body = syntheticMp4(24 * 1024 * 1024 + 12345);
    ScriptedHttpServer server;
    server.serve("/large.mp4", body);
    auto *downloader = new ResultDownloader(m_network, m_network);
    downloader->setSink(std::make_unique<Mp4Sink>());
    QSignalSpy spy(downloader, &ResultDownloader::finished);
    downloader->start(server.origin() + "/large.mp4", m_dir->filePath(QStringLiteral("n.mp4")),
                      provenance());
    QVERIFY(spy.wait(30000));
    QVERIFY2(!downloader->error().isError(), qPrintable(downloader->error().details()));
    QCOMPARE(downloader->serviceBytes(), qint64(body.size()));
    QCOMPARE(downloader->fileSize(), qint64(body.size()));

    QFile file(downloader->filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QVERIFY(hash.addData(&file));
    QCOMPARE(downloader->sha256(), hash.result().toHex());
    QCOMPARE(downloader->sha256(),
             QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
    QCOMPARE(filesInOutput(), QStringList { QStringLiteral("n.mp4") });
}

void tst_ResultDownloader::sizeCapIsTheMediaKinds()
{
    // One body just over the image cap: an image download refuses it, a video download (whose
    // sink's cap is Mp4Sink::MaxBytes) takes it, without the caller setting a cap.
    const QByteArray body = syntheticMp4(ResultDownloader::DefaultMaxBytes + 4096);
    ScriptedHttpServer server;
    server.serve("/big", body);

    std::unique_ptr<ResultDownloader> image(
            download(server.origin() + "/big", m_dir->filePath(QStringLiteral("o.png"))));
    QCOMPARE(image->error().kind, ApiError::Kind::Protocol);
    QVERIFY2(image->error().message.contains(QLatin1String("64 MiB")),
             qPrintable(image->error().message));
    QCOMPARE(image->attempts(), 1);
    QVERIFY(filesInOutput().isEmpty());

    auto *video = new ResultDownloader(m_network, m_network);
    video->setSink(std::make_unique<Mp4Sink>());
    QSignalSpy spy(video, &ResultDownloader::finished);
    video->start(server.origin() + "/big", m_dir->filePath(QStringLiteral("o.mp4")), provenance());
    QVERIFY(spy.wait(30000));
    QVERIFY2(!video->error().isError(), qPrintable(video->error().details()));
    QCOMPARE(video->fileSize(), qint64(body.size()));
    QCOMPARE(filesInOutput(), QStringList { QStringLiteral("o.mp4") });

    // A cap the caller sets still wins over the sink's.
    auto *capped = new ResultDownloader(m_network, m_network);
    capped->setSink(std::make_unique<Mp4Sink>());
    capped->setMaxBytes(1024 * 1024);
    QSignalSpy cappedSpy(capped, &ResultDownloader::finished);
    capped->start(server.origin() + "/big", m_dir->filePath(QStringLiteral("p.mp4")), provenance());
    QVERIFY(cappedSpy.wait(30000));
    QCOMPARE(capped->error().kind, ApiError::Kind::Protocol);
    QVERIFY2(capped->error().message.contains(QLatin1String("video is larger than 1 MiB")),
             qPrintable(capped->error().message));
    QCOMPARE(filesInOutput(), QStringList { QStringLiteral("o.mp4") });
}

void tst_ResultDownloader::readBufferIsBounded()
{
    // Qt may hold only ReadBufferSize of a reply the downloader has not read: beyond it, Qt stops
    // reading the socket. Unbounded (Qt's default), a busy GUI thread let a 500 MB download pile
    // up in memory.
    QVERIFY(ResultDownloader::ReadBufferSize > 0);
    const QByteArray body = syntheticMp4(24 * 1024 * 1024);
    ScriptedHttpServer server;
    server.serve("/bounded.mp4", body);
    auto record = std::make_shared<NetworkRecord>();
    auto *downloader = new ResultDownloader(m_network, m_network);
    QThread *callersThread = QThread::currentThread();
    downloader->setNetworkFactory(
            [record, callersThread] { return new RecordingNetwork(record, callersThread); });
    downloader->setSink(std::make_unique<Mp4Sink>());
    QSignalSpy spy(downloader, &ResultDownloader::finished);
    downloader->start(server.origin() + "/bounded.mp4", m_dir->filePath(QStringLiteral("q.mp4")),
                      provenance());
    QVERIFY(spy.wait(30000));
    QVERIFY2(!downloader->error().isError(), qPrintable(downloader->error().details()));
    QCOMPARE(record->readBufferSizes, QList<qint64> { ResultDownloader::ReadBufferSize });
    // Qt's accounting may overshoot its bound by a part of a block.
    QVERIFY2(record->mostAvailable <= 2 * ResultDownloader::ReadBufferSize,
             qPrintable(QString::number(record->mostAvailable)));
    // The reply is read on the download's own thread, never on the caller's (the GUI thread).
    QVERIFY(!record->readOnCallersThread);
}

void tst_ResultDownloader::busyCallerDoesNotStopIt()
{
    // While the caller's thread handles no events at all (a window painting or decoding), the
    // download still receives, writes and saves the whole file: only finished() waits for it.
    // The server needs a thread of its own for that.
    const QByteArray body = syntheticMp4(8 * 1024 * 1024);
    std::promise<QByteArray> origin;
    std::unique_ptr<QThread> serverThread(QThread::create([&origin, body] {
        ScriptedHttpServer server;
        server.serve("/busy.mp4", body);
        origin.set_value(server.origin());
        QEventLoop loop;
        loop.exec(); // until serverThread->quit()
    }));
    serverThread->start();
    const auto stopServer = qScopeGuard([&serverThread] {
        serverThread->quit();
        serverThread->wait();
    });
    const QByteArray url = origin.get_future().get() + "/busy.mp4";

    auto *downloader = new ResultDownloader(m_network, m_network);
    downloader->setSink(std::make_unique<Mp4Sink>());
    QSignalSpy spy(downloader, &ResultDownloader::finished);
    const QString target = m_dir->filePath(QStringLiteral("busy.mp4"));
    downloader->start(url, target, provenance());
    QDeadlineTimer deadline(20s);
    while (!QFileInfo::exists(target) && !deadline.hasExpired())
        QThread::yieldCurrentThread(); // busy: no event of this thread is handled
    const bool savedWhileBusy = QFileInfo::exists(target);
    QVERIFY(spy.wait(30000));
    QVERIFY(savedWhileBusy);
    QVERIFY2(!downloader->error().isError(), qPrintable(downloader->error().details()));
    QCOMPARE(downloader->fileSize(), qint64(body.size()));
    QCOMPARE(downloader->sha256(),
             QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex());
}

void tst_ResultDownloader::fileBaseName_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<qint64>("seed");
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("expected");

    QTest::newRow("english") << QStringLiteral("A lighthouse on a cliff, at dawn!") << qint64(42)
                             << 0
                             << QStringLiteral("20260102-030405_a-lighthouse-on-a-cliff-at_42");
    QTest::newRow("chinese")
            << QStringLiteral("一间有着精致窗户的花店，漂亮的木质门") << qint64(12345) << 0
            << QStringLiteral("20260102-030405_一间有着精致窗户的花店-漂亮的木质门_12345");
    QTest::newRow("no letters") << QStringLiteral("?!/\\:*") << qint64(0) << 0
                                << QStringLiteral("20260102-030405_image_0");
    QTest::newRow("path tricks") << QStringLiteral("../../etc/passwd") << qint64(1) << 0
                                 << QStringLiteral("20260102-030405_etc-passwd_1");
    QTest::newRow("unknown seed") << QStringLiteral("cat") << qint64(-1) << 2
                                  << QStringLiteral("20260102-030405_cat_image3");
}

void tst_ResultDownloader::fileBaseName()
{
    QFETCH(QString, prompt);
    QFETCH(qint64, seed);
    QFETCH(int, index);
    QFETCH(QString, expected);
    const QDateTime created(QDate(2026, 1, 2), QTime(3, 4, 5)); // local time
    QCOMPARE(ResultDownloader::fileBaseName(created, prompt, seed, index), expected);
}

void tst_ResultDownloader::urlExpiry()
{
    const QByteArray url = "https://x.oss-cn-beijing.aliyuncs.com/"
                           "1.png?Expires=1767927258&OSSAccessKeyId=LTAI5t&"
                           "Signature=YD5PN9nnADTpCoGL7ojcUDnocEE%3D";
    QCOMPARE(ResultDownloader::urlExpiry(url), QDateTime::fromSecsSinceEpoch(1767927258, Qt::UTC));
    QVERIFY(!ResultDownloader::urlExpiry("https://x/1.png").isValid());
}

QTEST_GUILESS_MAIN(tst_ResultDownloader)
#include "tst_resultdownloader.moc"
