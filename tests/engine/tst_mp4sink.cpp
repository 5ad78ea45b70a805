#include "engine/mp4sink.h"
#include "engine/resultdownloader.h"
#include "library/videofile.h"
#include "simulator/simulatedvideo.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QImage>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace std::chrono_literals;

namespace {

// Answers by path with a 200 and the body given (404 for anything else), counting requests.
class FixedHttpServer final : public QObject
{
public:
    FixedHttpServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                const QByteArray path = socket->readAll().split(' ').value(1);
                ++m_requests;
                socket->write(m_responses.value(path,
                                                "HTTP/1.1 404 Not Found\r\n"
                                                "Content-Length: 0\r\n\r\n"));
                socket->disconnectFromHost();
            });
        });
    }
    QByteArray url(const QByteArray &path) const
    {
        return "http://127.0.0.1:" + QByteArray::number(m_server.serverPort()) + path;
    }
    void serve(const QByteArray &path, const QByteArray &body)
    {
        m_responses.insert(path,
                           "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: "
                                   + QByteArray::number(body.size())
                                   + "\r\nConnection: close\r\n\r\n" + body);
    }
    int requests() const { return m_requests; }

private:
    QTcpServer m_server;
    QHash<QByteArray, QByteArray> m_responses;
    int m_requests = 0;
};

QByteArray png()
{
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

struct Fed
{
    bool accepted = true; // every consume() returned true
    ResultSink::End end = ResultSink::End::Invalid;
    QByteArray out;
    ApiError error;
};

// Feeds `bytes` to a sink in pieces of `piece` bytes, as a download would.
Fed feed(Mp4Sink &sink, const QByteArray &bytes, qsizetype piece)
{
    Fed fed;
    sink.reset();
    for (qsizetype at = 0; at < bytes.size() && fed.accepted; at += piece)
        fed.accepted = sink.consume(bytes.mid(at, piece), &fed.out, &fed.error);
    if (fed.accepted)
        fed.end = sink.finish(&fed.out, &fed.error);
    return fed;
}

} // namespace

class tst_Mp4Sink final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void passesAWholeMp4Unchanged_data();
    void passesAWholeMp4Unchanged();
    void cutShortIsTruncated_data();
    void cutShortIsTruncated();
    void otherBytesAreInvalid_data();
    void otherBytesAreInvalid();
    void largeBoxesAndOpenEndedLastBox();
    void capIsLargerThanForImages();
    void downloadsAnMp4ByteForByte();
    void downloadRefusesANonMp4WithoutRetry();
    void downloadRetriesACutMp4();

private:
    ResultDownloader *download(const QByteArray &url, const QString &target, int attempts = 4);
    QStringList filesInOutput() const;

    QByteArray m_video; // 160×90, 2 s, with audio, moov at the front
    QByteArray m_moovLast; // the same boxes with moov moved after mdat
    int m_moovSize = 0;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void tst_Mp4Sink::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString error;
    m_video = SimulatedVideo { QStringLiteral("paper boats"), 7, QSize(160, 90), 2, true }.toMp4(
            &error);
    QVERIFY2(!m_video.isEmpty(), qPrintable(error));
    // The sink only follows the boxes, so a reordering is enough to stand for the files whose
    // moov comes last (the offsets inside no longer fit, which the sink does not read).
    const int ftyp = VideoFile::ftypSize(m_video);
    const QByteArray rest = m_video.mid(ftyp);
    QCOMPARE(rest.mid(4, 4), QByteArray("moov"));
    m_moovSize = int(qFromBigEndian<quint32>(rest.constData()));
    m_moovLast = m_video.left(ftyp) + rest.mid(m_moovSize) + rest.left(m_moovSize);
}

void tst_Mp4Sink::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_network = std::make_unique<QNetworkAccessManager>();
}

void tst_Mp4Sink::cleanup()
{
    m_network.reset();
    m_dir.reset();
}

ResultDownloader *tst_Mp4Sink::download(const QByteArray &url, const QString &target, int attempts)
{
    auto *downloader = new ResultDownloader(m_network.get(), m_network.get());
    downloader->setRetryDelay(1ms);
    downloader->setMaxAttempts(attempts);
    downloader->setMaxBytes(Mp4Sink::MaxBytes);
    downloader->setSink(std::make_unique<Mp4Sink>());
    QSignalSpy spy(downloader, &ResultDownloader::finished);
    downloader->start(url, target, {});
    if (!spy.wait(15000))
        qWarning("download did not finish");
    return downloader;
}

QStringList tst_Mp4Sink::filesInOutput() const
{
    return QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

void tst_Mp4Sink::passesAWholeMp4Unchanged_data()
{
    QTest::addColumn<bool>("moovLast");
    QTest::addColumn<int>("piece");
    QTest::newRow("at once") << false << (1 << 30);
    QTest::newRow("byte by byte") << false << 1;
    QTest::newRow("7 bytes at a time") << false << 7;
    QTest::newRow("moov last, 4 KiB at a time") << true << 4096;
    QTest::newRow("moov last, byte by byte") << true << 1;
}

void tst_Mp4Sink::passesAWholeMp4Unchanged()
{
    QFETCH(bool, moovLast);
    QFETCH(int, piece);
    const QByteArray bytes = moovLast ? m_moovLast : m_video;
    Mp4Sink sink;
    const Fed fed = feed(sink, bytes, piece);
    QVERIFY2(fed.accepted, qPrintable(fed.error.message));
    QCOMPARE(fed.end, ResultSink::End::Complete);
    QCOMPARE(fed.out, bytes); // nothing inserted, nothing held back
    QVERIFY(!sink.pixelSize().isValid()); // read from the file afterwards (VideoFile::probe)
}

void tst_Mp4Sink::cutShortIsTruncated_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("in the last frames") << m_video.left(m_video.size() - 100);
    QTest::newRow("one byte short") << m_video.left(m_video.size() - 1);
    QTest::newRow("in the moov box") << m_video.left(VideoFile::ftypSize(m_video) + 20);
    QTest::newRow("in a box header") << m_video.left(VideoFile::ftypSize(m_video) + 5);
    QTest::newRow("just the ftyp box") << m_video.left(VideoFile::ftypSize(m_video));
    // Every box whole, but the index never came: the file cannot play.
    QTest::newRow("moov last, cut before it") << m_moovLast.left(m_moovLast.size() - m_moovSize);
}

void tst_Mp4Sink::cutShortIsTruncated()
{
    QFETCH(QByteArray, bytes);
    Mp4Sink sink;
    const Fed fed = feed(sink, bytes, 1000);
    QVERIFY2(fed.accepted, qPrintable(fed.error.message));
    QCOMPARE(fed.end, ResultSink::End::Truncated);
}

void tst_Mp4Sink::otherBytesAreInvalid_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("PNG") << png() << QStringLiteral("an image where an MP4 video");
    QTest::newRow("web page") << QByteArray(
            "<!DOCTYPE html><html><body>Access denied</body></html>")
                              << QStringLiteral("web page");
    QTest::newRow("XML error") << QByteArray("<?xml version=\"1.0\"?><Error><Code>AccessDenied"
                                             "</Code></Error>")
                               << QStringLiteral("web page");
    QTest::newRow("unknown brand")
            << QByteArray::fromHex("00000010") + "ftypxxxx" + QByteArray(4, '\0')
            << QStringLiteral("not an MP4");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not an MP4");
    QTest::newRow("a few bytes") << QByteArray("abc") << QStringLiteral("not an MP4");
    QByteArray badBox = m_video.left(VideoFile::ftypSize(m_video));
    badBox += QByteArray::fromHex("00000004") + "moov"; // shorter than its own header
    QTest::newRow("box shorter than its header") << badBox << QStringLiteral("damaged");
    QByteArray binaryType = m_video.left(VideoFile::ftypSize(m_video));
    binaryType += QByteArray::fromHex("00000010ff00fe0100000000");
    QTest::newRow("box type not text") << binaryType << QStringLiteral("damaged");
}

void tst_Mp4Sink::otherBytesAreInvalid()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mentions);
    for (const qsizetype piece : { qsizetype(1), qsizetype(1) << 30 }) {
        Mp4Sink sink;
        const Fed fed = feed(sink, bytes, piece);
        QVERIFY(!fed.accepted || fed.end == ResultSink::End::Invalid);
        QVERIFY2(fed.error.message.contains(mentions), qPrintable(fed.error.message));
        QCOMPARE(fed.error.kind, ApiError::Kind::Protocol);
        if (!mentions.contains(QStringLiteral("damaged")))
            QVERIFY(fed.out.isEmpty()); // nothing written before the first box was checked
    }
}

void tst_Mp4Sink::largeBoxesAndOpenEndedLastBox()
{
    const int ftyp = VideoFile::ftypSize(m_video);
    const QByteArray rest = m_video.mid(ftyp);
    const QByteArray moov = rest.left(m_moovSize);
    // After the moov: an 8-byte "free" box (room for a 64-bit size), then mdat.
    const qsizetype mdat = m_video.indexOf("mdat", ftyp + m_moovSize) - 4;
    QVERIFY(mdat > 0);
    const QByteArray mdatBody = m_video.mid(mdat + 8);

    // mdat with a 64-bit size (size field 1, the size after the type), as files over 4 GiB have.
    QByteArray large = QByteArray::fromHex("00000001") + "mdat" + QByteArray(8, '\0') + mdatBody;
    qToBigEndian<quint64>(quint64(large.size()), large.data() + 8);
    Mp4Sink sink;
    Fed fed = feed(sink, m_video.left(ftyp) + moov + large, 3);
    QVERIFY2(fed.accepted, qPrintable(fed.error.message));
    QCOMPARE(fed.end, ResultSink::End::Complete);
    fed = feed(sink, m_video.left(ftyp) + moov + large.left(large.size() - 1), 3);
    QCOMPARE(fed.end, ResultSink::End::Truncated);

    // mdat of size 0: it runs to the end of the file, so any end after the moov is whole.
    const QByteArray open = QByteArray::fromHex("00000000") + "mdat" + mdatBody;
    fed = feed(sink, m_video.left(ftyp) + moov + open, 5);
    QVERIFY2(fed.accepted, qPrintable(fed.error.message));
    QCOMPARE(fed.end, ResultSink::End::Complete);
    fed = feed(sink, m_video.left(ftyp) + open, 5); // and no moov before it
    QCOMPARE(fed.end, ResultSink::End::Truncated);
}

void tst_Mp4Sink::capIsLargerThanForImages()
{
    QVERIFY(Mp4Sink::MaxBytes > ResultDownloader::DefaultMaxBytes);
    QCOMPARE(Mp4Sink::MaxBytes, qint64(2) << 30);
}

void tst_Mp4Sink::downloadsAnMp4ByteForByte()
{
    FixedHttpServer server;
    server.serve("/video.mp4?Expires=1&Signature=a%2Bb", m_video);
    const QString target = m_dir->filePath(QStringLiteral("video.mp4"));
    std::unique_ptr<ResultDownloader> downloader(
            download(server.url("/video.mp4?Expires=1&Signature=a%2Bb"), target));
    QVERIFY2(!downloader->error().isError(), qPrintable(downloader->error().details()));
    QCOMPARE(downloader->attempts(), 1);
    QCOMPARE(downloader->filePath(), target);
    QCOMPARE(downloader->serviceBytes(), qint64(m_video.size()));
    QCOMPARE(downloader->fileSize(), qint64(m_video.size()));
    QCOMPARE(downloader->sha256(),
             QCryptographicHash::hash(m_video, QCryptographicHash::Sha256).toHex());
    QFile saved(target);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), m_video);
    const VideoInfo info = VideoFile::probe(target);
    QVERIFY2(info.valid, qPrintable(info.error));
    QCOMPARE(info.pixelSize, QSize(160, 90));
    QCOMPARE(filesInOutput(), QStringList { QStringLiteral("video.mp4") });
}

void tst_Mp4Sink::downloadRefusesANonMp4WithoutRetry()
{
    FixedHttpServer server;
    server.serve("/video.mp4", png());
    std::unique_ptr<ResultDownloader> downloader(
            download(server.url("/video.mp4"), m_dir->filePath(QStringLiteral("video.mp4"))));
    QCOMPARE(downloader->error().kind, ApiError::Kind::Protocol);
    QVERIFY2(downloader->error().message.contains(QStringLiteral("MP4")),
             qPrintable(downloader->error().message));
    QCOMPARE(downloader->attempts(), 1);
    QCOMPARE(server.requests(), 1);
    QVERIFY(downloader->filePath().isEmpty());
    QVERIFY(filesInOutput().isEmpty());
}

void tst_Mp4Sink::downloadRetriesACutMp4()
{
    // Content-Length matches what is sent, but the MP4 stops inside its last box.
    FixedHttpServer server;
    server.serve("/cut.mp4", m_video.left(m_video.size() - 100));
    std::unique_ptr<ResultDownloader> downloader(
            download(server.url("/cut.mp4"), m_dir->filePath(QStringLiteral("cut.mp4")), 2));
    QCOMPARE(downloader->error().kind, ApiError::Kind::Network); // cut short: retried
    QCOMPARE(downloader->attempts(), 2);
    QCOMPARE(server.requests(), 2);
    QVERIFY(filesInOutput().isEmpty());
}

QTEST_GUILESS_MAIN(tst_Mp4Sink)
#include "tst_mp4sink.moc"
