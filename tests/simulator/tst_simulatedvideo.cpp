#include "library/videofile.h"
#include "simulator/simulatedvideo.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

Q_DECLARE_METATYPE(SimulatedVideo)

class tst_SimulatedVideo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void isAnMp4OfTheRequestedShape_data();
    void isAnMp4OfTheRequestedShape();
    void picturesMove();
    void writesToAFile();
    void unwritablePathFails();
    void madeOnAnyThread();
    void absurdRequestsGiveNothing_data();
    void absurdRequestsGiveNothing();
    void fullHdFifteenSecondsIsQuick();

private:
    VideoInfo probeBytes(const QByteArray &mp4);
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {
const QString FlowerShop = QStringLiteral(u"一间有着精致窗户的花店，漂亮的木质门，摆放着花朵");
// A video lasts its frames at 30 fps; one frame either way is what "the same length" means.
constexpr qint64 OneFrameMs = 34;
} // namespace

void tst_SimulatedVideo::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // The service's files are H.264; Debian's libavcodec carries libx264, so ours are too.
    QVERIFY(SimulatedVideo::hasH264Encoder());
}

VideoInfo tst_SimulatedVideo::probeBytes(const QByteArray &mp4)
{
    static int count = 0;
    const QString path = m_dir->filePath(QStringLiteral("probe-%1.mp4").arg(++count));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(mp4) != mp4.size())
        return {};
    file.close();
    return VideoFile::probe(path);
}

void tst_SimulatedVideo::isAnMp4OfTheRequestedShape_data()
{
    QTest::addColumn<SimulatedVideo>("video");
    QTest::newRow("160x90 2 s") << SimulatedVideo { FlowerShop, 1, QSize(160, 90), 2, false };
    QTest::newRow("portrait 90x160 3 s")
            << SimulatedVideo { QStringLiteral("a fox"), 2, QSize(90, 160), 3, false };
    QTest::newRow("160x90 1 s with audio")
            << SimulatedVideo { FlowerShop, 3, QSize(160, 90), 1, true };
}

void tst_SimulatedVideo::isAnMp4OfTheRequestedShape()
{
    QFETCH(SimulatedVideo, video);
    QString error;
    const QByteArray mp4 = video.toMp4(&error);
    QVERIFY2(!mp4.isEmpty(), qPrintable(error));
    QVERIFY(VideoFile::isMp4(mp4.left(64)));
    // Like the service's files, the index comes first (the moov box right after ftyp).
    QCOMPARE(mp4.mid(VideoFile::ftypSize(mp4) + 4, 4), QByteArray("moov"));

    const VideoInfo info = probeBytes(mp4);
    QVERIFY2(info.valid, qPrintable(info.error));
    QCOMPARE(info.pixelSize, video.size);
    QVERIFY2(qAbs(info.durationMs - video.durationSeconds * 1000) <= OneFrameMs,
             qPrintable(QString::number(info.durationMs)));
    QVERIFY2(qAbs(info.frameRate - 30.0) < 0.01, qPrintable(QString::number(info.frameRate)));
    QCOMPARE(info.videoCodec, QStringLiteral("h264"));
    QCOMPARE(info.hasAudio, video.audio && SimulatedVideo::hasAacEncoder());
    // Small: a test may make dozens.
    QVERIFY2(mp4.size() < 200 * 1024, qPrintable(QString::number(mp4.size())));
}

void tst_SimulatedVideo::picturesMove()
{
    const QString path = m_dir->filePath(QStringLiteral("moving.mp4"));
    QVERIFY(SimulatedVideo({ FlowerShop, 4, QSize(160, 90), 4, false }).writeMp4(path));
    // The poster (at 10 %) is not the first frame, and not one flat colour.
    const QImage poster = VideoFile::poster(path, QSize(160, 90));
    QVERIFY(!poster.isNull());
    QSet<QRgb> colours;
    for (int x = 0; x < poster.width(); x += 8)
        colours.insert(poster.pixel(x, poster.height() / 2));
    QVERIFY2(colours.size() > 3, qPrintable(QString::number(colours.size())));
    // Another seed, other colours.
    const QString other = m_dir->filePath(QStringLiteral("other.mp4"));
    QVERIFY(SimulatedVideo({ FlowerShop, 5, QSize(160, 90), 4, false }).writeMp4(other));
    QVERIFY(VideoFile::poster(other, QSize(160, 90)) != poster);
}

void tst_SimulatedVideo::writesToAFile()
{
    const QString path = m_dir->filePath(QStringLiteral("written.mp4"));
    {
        QFile existing(path);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write(QByteArray(100000, 'x')); // replaced, not appended to
    }
    const SimulatedVideo video { FlowerShop, 6, QSize(320, 180), 2, true };
    QString error;
    QVERIFY2(video.writeMp4(path, &error), qPrintable(error));
    const VideoInfo info = VideoFile::probe(path);
    QVERIFY2(info.valid, qPrintable(info.error));
    QCOMPARE(info.pixelSize, QSize(320, 180));
    QFile written(path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QVERIFY(VideoFile::isMp4(written.read(64)));
}

void tst_SimulatedVideo::unwritablePathFails()
{
    QString error;
    const QString path = m_dir->filePath(QStringLiteral("no-such-folder/video.mp4"));
    QVERIFY(!SimulatedVideo({ FlowerShop, 7, QSize(160, 90), 1, false }).writeMp4(path, &error));
    QVERIFY2(error.contains(QStringLiteral("cannot be written")), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void tst_SimulatedVideo::madeOnAnyThread()
{
    QFuture<QByteArray> future = QtConcurrent::run([] {
        return SimulatedVideo { FlowerShop, 8, QSize(160, 90), 1, false }.toMp4();
    });
    const QByteArray mp4 = future.result();
    QVERIFY(VideoFile::isMp4(mp4.left(64)));
    QVERIFY(probeBytes(mp4).valid);
}

void tst_SimulatedVideo::absurdRequestsGiveNothing_data()
{
    QTest::addColumn<SimulatedVideo>("video");
    QTest::newRow("odd width") << SimulatedVideo { FlowerShop, 1, QSize(161, 90), 1, false };
    QTest::newRow("tiny") << SimulatedVideo { FlowerShop, 1, QSize(8, 8), 1, false };
    QTest::newRow("huge") << SimulatedVideo { FlowerShop, 1, QSize(8192, 8192), 1, false };
    QTest::newRow("no time") << SimulatedVideo { FlowerShop, 1, QSize(160, 90), 0, false };
    QTest::newRow("an hour") << SimulatedVideo { FlowerShop, 1, QSize(160, 90), 3600, false };
}

void tst_SimulatedVideo::absurdRequestsGiveNothing()
{
    QFETCH(SimulatedVideo, video);
    QString error;
    QVERIFY(video.toMp4(&error).isEmpty());
    QVERIFY(!error.isEmpty());
    // A file of that name is left alone: nothing was written.
    const QString path = m_dir->filePath(QStringLiteral("mine.mp4"));
    QFile mine(path);
    QVERIFY(mine.open(QIODevice::WriteOnly));
    mine.write("mine");
    mine.close();
    QVERIFY(!video.writeMp4(path));
    QVERIFY(mine.open(QIODevice::ReadOnly));
    QCOMPARE(mine.readAll(), QByteArray("mine"));
}

void tst_SimulatedVideo::fullHdFifteenSecondsIsQuick()
{
    // The largest request of the service (1080P, 15 s) must not hold the simulator up. The bound
    // is generous (a loaded 2-core CI machine); README.md has the figure on an idle one.
    QElapsedTimer timer;
    timer.start();
    QString error;
    const QByteArray mp4
            = SimulatedVideo { FlowerShop, 9, QSize(1920, 1080), 15, true }.toMp4(&error);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(!mp4.isEmpty(), qPrintable(error));
    QVERIFY2(elapsed < 30000, qPrintable(QStringLiteral("%1 ms").arg(elapsed)));
    qInfo("1920x1080 15 s MP4: %lld ms, %lld bytes", elapsed, qint64(mp4.size()));
    const VideoInfo info = probeBytes(mp4);
    QVERIFY2(info.valid, qPrintable(info.error));
    QCOMPARE(info.pixelSize, QSize(1920, 1080));
    QVERIFY(qAbs(info.durationMs - 15000) <= OneFrameMs);
}

QTEST_GUILESS_MAIN(tst_SimulatedVideo)
#include "tst_simulatedvideo.moc"
