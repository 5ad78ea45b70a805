#include "library/imagemetadata.h"
#include "library/videofile.h"
#include "simulator/simulatedvideo.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>
#include <QtEndian>
#include <QtTest>

class tst_VideoFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void isMp4_data();
    void isMp4();
    void probesTheSimulatorsVideo_data();
    void probesTheSimulatorsVideo();
    void refusesWhatIsNotAWholeMp4_data();
    void refusesWhatIsNotAWholeMp4();
    void refusesAHeaderBeyondTheCap();
    void readsEveryKindOfBoxSize_data();
    void readsEveryKindOfBoxSize();
    void posterIsAnEarlyFrameScaledDown();
    void posterNeverScalesUp();
    void posterOnAWorkerThread();
    void noPosterForBrokenFiles();
    void provenanceRoundTrip();
    void provenanceReplacesOurs();
    void untaggedVideoHasNoProvenance();
    void provenanceRefusesBrokenFiles_data();
    void provenanceRefusesBrokenFiles();
    void provenanceMustBeAJsonObject();
    void provenanceKeepsTheInputs();

private:
    QString write(const QString &name, const QByteArray &bytes);
    QByteArray read(const QString &path);
    QStringList files() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QByteArray m_video; // 160×90, 2 s, with audio: made once, copied into each test's folder
};

namespace {

const QByteArray Provenance
        = QJsonDocument(
                  QJsonObject {
                          { QStringLiteral("prompt"), QStringLiteral(u"雨中的纸船, paper boats") },
                          { QStringLiteral("model"), QStringLiteral("wan2.5-t2v-preview") },
                          { QStringLiteral("seed"), 42 },
                  })
                  .toJson(QJsonDocument::Compact);

// The first 64 bytes of an ftyp box with the given major brand and compatible brands.
QByteArray ftyp(const QByteArray &major, const QList<QByteArray> &compatible = {})
{
    QByteArray box = QByteArray::fromHex("00000000") + "ftyp" + major + QByteArray(4, '\0');
    for (const QByteArray &brand : compatible)
        box += brand;
    const int size = int(box.size());
    box[0] = char(size >> 24);
    box[1] = char(size >> 16);
    box[2] = char(size >> 8);
    box[3] = char(size);
    return box;
}

struct Box
{
    qsizetype offset = 0;
    qsizetype size = 0;
    QByteArray type;
};

// The top-level boxes of an MP4 we made (32-bit sizes only).
QList<Box> boxes(const QByteArray &mp4)
{
    QList<Box> found;
    for (qsizetype at = 0; at + 8 <= mp4.size();) {
        const qsizetype size = qFromBigEndian<quint32>(mp4.constData() + at);
        if (size < 8)
            break;
        found.append({ at, size, mp4.mid(at + 4, 4) });
        at += size;
    }
    return found;
}

void setBoxSize(QByteArray &mp4, qsizetype offset, qsizetype size)
{
    qToBigEndian<quint32>(quint32(size), mp4.data() + offset);
}

QByteArray png()
{
    QImage image(32, 32, QImage::Format_RGB32);
    image.fill(Qt::red);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

} // namespace

void tst_VideoFile::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString error;
    m_video = SimulatedVideo { QStringLiteral("paper boats"), 7, QSize(160, 90), 2, true }.toMp4(
            &error);
    QVERIFY2(!m_video.isEmpty(), qPrintable(error));
}

void tst_VideoFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_VideoFile::cleanup()
{
    m_dir.reset();
}

QString tst_VideoFile::write(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qWarning("cannot write %s", qPrintable(path));
    return path;
}

QByteArray tst_VideoFile::read(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList tst_VideoFile::files() const
{
    return QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

void tst_VideoFile::isMp4_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("mp4");
    QTest::newRow("the simulator's") << m_video.left(64) << true;
    QTest::newRow("isom") << ftyp("isom", { "isom", "iso2", "avc1", "mp41" }) << true;
    QTest::newRow("mp42, just 12 bytes") << ftyp("mp42").left(12) << true;
    QTest::newRow("unknown major, known compatible") << ftyp("xxxx", { "abcd", "mp41" }) << true;
    QTest::newRow("unknown brands") << ftyp("xxxx", { "abcd" }) << false;
    QTest::newRow("HEIF image") << ftyp("heic", { "mif1", "heic" }) << false;
    QTest::newRow("too short") << ftyp("isom").left(11) << false;
    QTest::newRow("PNG") << png().left(64) << false;
    QTest::newRow("web page") << QByteArray("<html><body>AccessDenied</body></html>") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QByteArray huge = ftyp("isom");
    huge[1] = 0x10; // a 1 MiB ftyp box
    QTest::newRow("huge ftyp") << huge << false;
    QByteArray tiny = ftyp("isom");
    tiny[3] = 8; // shorter than its own fields
    QTest::newRow("ftyp of 8 bytes") << tiny << false;
    QTest::newRow("moov first") << QByteArray::fromHex("0000001c") + "moovisom" << false;
}

void tst_VideoFile::isMp4()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, mp4);
    QCOMPARE(VideoFile::isMp4(head), mp4);
}

void tst_VideoFile::probesTheSimulatorsVideo_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("plain name") << QStringLiteral("video.mp4");
    QTest::newRow("Chinese name with a colon") << QStringLiteral(u"纸船: 雨.mp4");
}

void tst_VideoFile::probesTheSimulatorsVideo()
{
    QFETCH(QString, name);
    const VideoInfo info = VideoFile::probe(write(name, m_video));
    QVERIFY2(info.valid, qPrintable(info.error));
    QVERIFY(info.error.isEmpty());
    QCOMPARE(info.pixelSize, QSize(160, 90));
    QVERIFY2(qAbs(info.durationMs - 2000) <= 34, qPrintable(QString::number(info.durationMs)));
    QVERIFY(qAbs(info.frameRate - 30.0) < 0.01);
    QCOMPARE(info.videoCodec, QStringLiteral("h264"));
    QCOMPARE(info.hasAudio, SimulatedVideo::hasAacEncoder());
}

void tst_VideoFile::refusesWhatIsNotAWholeMp4_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mentions");
    // moov is at the front: the header is whole, the frames it promises are not.
    QTest::newRow("cut in the frames")
            << m_video.left(m_video.size() - 100) << QStringLiteral("incomplete");
    QTest::newRow("cut in the header") << m_video.left(200) << QStringLiteral("incomplete");
    QTest::newRow("cut after the ftyp box")
            << m_video.left(VideoFile::ftypSize(m_video) + 5) << QStringLiteral("incomplete");
    QTest::newRow("only ftyp") << ftyp("isom", { "isom" })
                               << QStringLiteral("damaged or incomplete (its index is missing)");
    // Cut, and the last box's size made to fit: the boxes agree, the index still promises more.
    QByteArray patched = m_video.left(m_video.size() - 100);
    setBoxSize(patched, boxes(m_video).constLast().offset, boxes(m_video).constLast().size - 100);
    QTest::newRow("cut, box sizes patched") << patched << QStringLiteral("incomplete");
    QByteArray tiny = m_video;
    setBoxSize(tiny, boxes(m_video).constLast().offset, 4);
    QTest::newRow("box shorter than its header") << tiny << QStringLiteral("damaged");
    QTest::newRow("PNG named .mp4") << png() << QStringLiteral("not an MP4");
    QTest::newRow("text") << QByteArray("just some text, long enough to be read\n")
                          << QStringLiteral("not an MP4");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("not an MP4");
}

void tst_VideoFile::refusesWhatIsNotAWholeMp4()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mentions);
    const VideoInfo info = VideoFile::probe(write(QStringLiteral("broken.mp4"), bytes));
    QVERIFY(!info.valid);
    QVERIFY2(info.error.contains(mentions), qPrintable(info.error));
    QVERIFY(info.error.endsWith(u'.'));

    const VideoInfo missing = VideoFile::probe(m_dir->filePath(QStringLiteral("absent.mp4")));
    QVERIFY(!missing.valid);
    QVERIFY2(missing.error.contains(QStringLiteral("cannot be opened")), qPrintable(missing.error));
}

void tst_VideoFile::refusesAHeaderBeyondTheCap()
{
    // A moov box that starts with 9 MiB of empty "free" boxes before the real index: FFmpeg
    // would read on through any amount; the reader stops at the cap and says why.
    const Box moov = boxes(m_video).at(1);
    QCOMPARE(moov.type, QByteArray("moov"));
    QByteArray padding;
    padding.reserve(9 * 1024 * 1024);
    while (padding.size() < VideoFile::MaxHeaderBytes + 1024 * 1024)
        padding += QByteArray::fromHex("00000008") + "free";
    QByteArray bytes = m_video.left(moov.offset + 8) + padding + m_video.mid(moov.offset + 8);
    setBoxSize(bytes, moov.offset, moov.size + padding.size());
    QCOMPARE(boxes(bytes).size(), boxes(m_video).size()); // the boxes still fit together
    const VideoInfo info = VideoFile::probe(write(QStringLiteral("padded.mp4"), bytes));
    QVERIFY(!info.valid);
    QVERIFY2(info.error.contains(QStringLiteral("first 8 MB")), qPrintable(info.error));
}

void tst_VideoFile::readsEveryKindOfBoxSize_data()
{
    QTest::addColumn<QByteArray>("bytes");
    // FFmpeg writes an 8-byte "free" box before mdat: room to turn the mdat's header into one
    // with a 64-bit size without moving a byte of the frames.
    const QList<Box> all = boxes(m_video);
    QCOMPARE(all.size(), 4);
    QCOMPARE(all.at(2).type, QByteArray("free"));
    const Box mdat = all.at(3);
    QByteArray large = m_video.left(all.at(2).offset) + QByteArray::fromHex("00000001") + "mdat"
            + QByteArray(8, '\0') + m_video.mid(mdat.offset + 8);
    qToBigEndian<quint64>(quint64(mdat.size + 8), large.data() + all.at(2).offset + 8);
    QTest::newRow("64-bit mdat size") << large;
    QByteArray toEnd = m_video;
    setBoxSize(toEnd, mdat.offset, 0);
    QTest::newRow("mdat to the end of the file") << toEnd;
}

void tst_VideoFile::readsEveryKindOfBoxSize()
{
    QFETCH(QByteArray, bytes);
    const QString path = write(QStringLiteral("v.mp4"), bytes);
    const VideoInfo info = VideoFile::probe(path);
    QVERIFY2(info.valid, qPrintable(info.error));
    QCOMPARE(info.pixelSize, QSize(160, 90));
    QCOMPARE(VideoFile::poster(path, QSize(160, 90)),
             VideoFile::poster(write(QStringLiteral("original.mp4"), m_video), QSize(160, 90)));
}

void tst_VideoFile::posterIsAnEarlyFrameScaledDown()
{
    const QImage poster = VideoFile::poster(write(QStringLiteral("v.mp4"), m_video), QSize(80, 80));
    QVERIFY(!poster.isNull());
    QCOMPARE(poster.size(), QSize(80, 45)); // the aspect ratio kept
    // Not a black or empty frame: the simulator's gradient is coloured.
    const QColor middle = poster.pixelColor(40, 10);
    QVERIFY2(middle.value() > 40, qPrintable(middle.name()));
}

void tst_VideoFile::posterNeverScalesUp()
{
    const QString path = write(QStringLiteral("v.mp4"), m_video);
    QCOMPARE(VideoFile::poster(path, QSize(1000, 1000)).size(), QSize(160, 90));
    QCOMPARE(VideoFile::poster(path, QSize()).size(), QSize(160, 90)); // no limit given
}

void tst_VideoFile::posterOnAWorkerThread()
{
    const QString path = write(QStringLiteral("v.mp4"), m_video);
    QFuture<QImage> first = QtConcurrent::run(VideoFile::poster, path, QSize(64, 64));
    QFuture<QImage> second = QtConcurrent::run(VideoFile::poster, path, QSize(64, 64));
    QCOMPARE(first.result().size(), QSize(64, 36));
    QCOMPARE(second.result(), first.result());
}

void tst_VideoFile::noPosterForBrokenFiles()
{
    QVERIFY(VideoFile::poster(write(QStringLiteral("png.mp4"), png()), QSize(64, 64)).isNull());
    QVERIFY(VideoFile::poster(write(QStringLiteral("cut.mp4"), m_video.left(m_video.size() / 2)),
                              QSize(64, 64))
                    .isNull());
    QVERIFY(VideoFile::poster(m_dir->filePath(QStringLiteral("absent.mp4")), QSize(64, 64))
                    .isNull());
}

void tst_VideoFile::provenanceRoundTrip()
{
    const QString path = write(QStringLiteral("tagged.mp4"), m_video);
    const LibraryResult written = VideoFile::writeProvenance(path, Provenance);
    QVERIFY2(written, qPrintable(written.message()));
    QCOMPARE(VideoFile::readProvenance(path), std::optional<QByteArray>(Provenance));

    // The same video, not re-encoded: same streams, same length, still an MP4 with moov first.
    const QByteArray tagged = read(path);
    QVERIFY(tagged != m_video);
    QVERIFY(VideoFile::isMp4(tagged.left(64)));
    QCOMPARE(tagged.mid(VideoFile::ftypSize(tagged) + 4, 4), QByteArray("moov"));
    const VideoInfo info = VideoFile::probe(path);
    QVERIFY2(info.valid, qPrintable(info.error));
    QCOMPARE(info.pixelSize, QSize(160, 90));
    QVERIFY2(qAbs(info.durationMs - 2000) <= 34, qPrintable(QString::number(info.durationMs)));
    QCOMPARE(info.videoCodec, QStringLiteral("h264"));
    QCOMPARE(info.hasAudio, SimulatedVideo::hasAacEncoder());
    QCOMPARE(VideoFile::poster(path, QSize(160, 90)),
             VideoFile::poster(write(QStringLiteral("original.mp4"), m_video), QSize(160, 90)));
    // Nothing left beside it.
    QCOMPARE(files(),
             (QStringList { QStringLiteral("original.mp4"), QStringLiteral("tagged.mp4") }));
}

void tst_VideoFile::provenanceReplacesOurs()
{
    const QString path = write(QStringLiteral("tagged.mp4"), m_video);
    QVERIFY(VideoFile::writeProvenance(path, Provenance));
    const QByteArray second = QByteArray(R"({"prompt":"second","note":")") + QByteArray(20000, 'x')
            + QByteArray(R"("})");
    const LibraryResult written = VideoFile::writeProvenance(path, second);
    QVERIFY2(written, qPrintable(written.message()));
    QCOMPARE(VideoFile::readProvenance(path), std::optional<QByteArray>(second));
    QCOMPARE(files(), QStringList { QStringLiteral("tagged.mp4") });
}

void tst_VideoFile::untaggedVideoHasNoProvenance()
{
    QCOMPARE(VideoFile::readProvenance(write(QStringLiteral("v.mp4"), m_video)), std::nullopt);
    QCOMPARE(VideoFile::readProvenance(write(QStringLiteral("png.mp4"), png())), std::nullopt);
    QCOMPARE(VideoFile::readProvenance(m_dir->filePath(QStringLiteral("absent.mp4"))),
             std::nullopt);
}

void tst_VideoFile::provenanceRefusesBrokenFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("cut in the frames") << m_video.left(m_video.size() - 100);
    QTest::newRow("cut in the header") << m_video.left(200);
    QTest::newRow("PNG named .mp4") << png();
    QTest::newRow("empty") << QByteArray();
}

void tst_VideoFile::provenanceRefusesBrokenFiles()
{
    QFETCH(QByteArray, bytes);
    const QString path = write(QStringLiteral("broken.mp4"), bytes);
    const LibraryResult written = VideoFile::writeProvenance(path, Provenance);
    QVERIFY(!written);
    QCOMPARE(written.error().kind, ApiError::Kind::Storage);
    QVERIFY2(written.message().contains(path), qPrintable(written.message()));
    QCOMPARE(read(path), bytes); // untouched
    QCOMPARE(files(), QStringList { QStringLiteral("broken.mp4") }); // no copy left behind
}

void tst_VideoFile::provenanceMustBeAJsonObject()
{
    const QString path = write(QStringLiteral("v.mp4"), m_video);
    QVERIFY(!VideoFile::writeProvenance(path, "[1, 2]"));
    QVERIFY(!VideoFile::writeProvenance(path, "not json"));
    QVERIFY(!VideoFile::writeProvenance(
            path, QByteArray("{\"a\":\"") + QByteArray(2 << 20, 'x') + "\"}"));
    QCOMPARE(read(path), m_video);
    QCOMPARE(files(), QStringList { QStringLiteral("v.mp4") });
}

void tst_VideoFile::provenanceKeepsTheInputs()
{
    // The same JSON as a PNG's: a video made from an image says so, read back from the file.
    ImageProvenance p;
    p.request.kind = MediaKind::KeyframeToVideo;
    p.request.model = QStringLiteral("wan2.2-kf2v-flash");
    p.request.prompt = QStringLiteral("the boat drifts away");
    RequestInput first;
    first.role = InputRole::FirstFrame;
    first.localPath = QStringLiteral(u"/home/lin/图片/boat.png");
    first.sha256 = QByteArray(64, 'c');
    RequestInput last;
    last.role = InputRole::LastFrame;
    last.localPath = QStringLiteral("/home/lin/boat-far.png");
    last.sha256 = QByteArray(64, 'd');
    p.request.inputs = { first, last };
    const QString path = write(QStringLiteral("inputs.mp4"), m_video);
    const LibraryResult written
            = VideoFile::writeProvenance(path, ImageMetadata::provenanceJson(p));
    QVERIFY2(written, qPrintable(written.message()));
    const std::optional<QByteArray> json = VideoFile::readProvenance(path);
    QVERIFY(json.has_value());
    const std::optional<ImageProvenance> read = ImageMetadata::fromProvenanceJson(*json);
    QVERIFY(read.has_value());
    QCOMPARE(read->request.kind, MediaKind::KeyframeToVideo);
    QCOMPARE(read->request.inputs, p.request.inputs);
}

QTEST_GUILESS_MAIN(tst_VideoFile)
#include "tst_videofile.moc"
