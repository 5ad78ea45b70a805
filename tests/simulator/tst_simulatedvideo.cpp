#include "library/videofile.h"
#include "simulator/simulatedimage.h"
#include "simulator/simulatedvideo.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

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
    void sameRequestSameBytes();
    void landscapeMovesSmoothly();
    void imageToVideoAnimatesTheImage();
    void firstAndLastFrameGoFromOneToTheOther();

private:
    VideoInfo probeBytes(const QByteArray &mp4);
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {
const QString FlowerShop = QStringLiteral(u"一间有着精致窗户的花店，漂亮的木质门，摆放着花朵");
// A video lasts its frames at 30 fps; one frame either way is what "the same length" means.
constexpr qint64 OneFrameMs = 34;
// Every frame of an MP4 as RGB32 images, decoded with FFmpeg (the program's own reader makes only
// posters).
QList<QImage> decodeFrames(const QString &path)
{
    QList<QImage> frames;
    AVFormatContext *format = nullptr;
    if (avformat_open_input(&format, QFile::encodeName(path).constData(), nullptr, nullptr) < 0)
        return frames;
    avformat_find_stream_info(format, nullptr);
    const int stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    const AVCodec *codec = stream >= 0
            ? avcodec_find_decoder(format->streams[stream]->codecpar->codec_id)
            : nullptr;
    AVCodecContext *decoder = codec ? avcodec_alloc_context3(codec) : nullptr;
    AVPacket *packet = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    const auto take = [&] {
        while (avcodec_receive_frame(decoder, frame) == 0) {
            QImage image(frame->width, frame->height, QImage::Format_RGB32);
            for (int y = 0; y < frame->height; ++y) {
                const quint8 *luma = frame->data[0] + y * frame->linesize[0];
                const quint8 *u = frame->data[1] + (y / 2) * frame->linesize[1];
                const quint8 *v = frame->data[2] + (y / 2) * frame->linesize[2];
                auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
                for (int x = 0; x < frame->width; ++x) {
                    const double c = 1.164 * (luma[x] - 16);
                    const double d = u[x / 2] - 128, e = v[x / 2] - 128;
                    line[x] = qRgb(std::clamp(int(c + 1.596 * e), 0, 255),
                                   std::clamp(int(c - 0.392 * d - 0.813 * e), 0, 255),
                                   std::clamp(int(c + 2.017 * d), 0, 255));
                }
            }
            frames.append(image);
        }
    };
    if (decoder && avcodec_parameters_to_context(decoder, format->streams[stream]->codecpar) >= 0
        && avcodec_open2(decoder, codec, nullptr) >= 0) {
        while (av_read_frame(format, packet) >= 0) {
            if (packet->stream_index == stream && avcodec_send_packet(decoder, packet) >= 0)
                take();
            av_packet_unref(packet);
        }
        avcodec_send_packet(decoder, nullptr);
        take();
    }
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&decoder);
    avformat_close_input(&format);
    return frames;
}

// How far apart two pictures are: the mean difference per channel, 0 to 255, `b` scaled to `a`.
double difference(const QImage &a, const QImage &b)
{
    const QImage other = b.convertToFormat(QImage::Format_RGB32)
                                 .scaled(a.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    double sum = 0;
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = other.pixel(x, y);
            sum += std::abs(qRed(p) - qRed(q)) + std::abs(qGreen(p) - qGreen(q))
                    + std::abs(qBlue(p) - qBlue(q));
        }
    }
    return sum / (3.0 * a.width() * a.height());
}

// Inputs that look nothing alike: warm, with a dark disc; cool, with a bright band. Drawn pixel
// by pixel: this suite has no QGuiApplication.
QImage sunsetInput()
{
    QImage image(480, 270, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const double t = x / 480.0;
            const bool disc = (x - 150) * (x - 150) + (y - 150) * (y - 150) < 70 * 70;
            image.setPixel(x, y,
                           disc ? qRgb(40, 20, 60)
                                : qRgb(int(230 + 20 * t), int(80 + 130 * t), int(30 + 30 * t)));
        }
    }
    return image;
}

QImage seaInput()
{
    QImage image(480, 270, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        const double t = y / 270.0;
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y,
                           y >= 110 && y < 150
                                   ? qRgb(240, 245, 250)
                                   : qRgb(int(20 - 10 * t), int(60 + 90 * t), int(140 - 20 * t)));
    }
    return image;
}

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

void tst_SimulatedVideo::sameRequestSameBytes()
{
    // Deterministic, as a generated image is: the same request, the same file, byte for byte.
    const SimulatedVideo video { FlowerShop, 11, QSize(192, 108), 2, false };
    const QByteArray first = video.toMp4();
    QVERIFY(!first.isEmpty());
    QCOMPARE(video.toMp4(), first);
    QCOMPARE(video.animate(sunsetInput()), video.animate(sunsetInput()));
    QCOMPARE(video.animate(sunsetInput(), seaInput()), video.animate(sunsetInput(), seaInput()));
    // Another seed, another video.
    QVERIFY(SimulatedVideo({ FlowerShop, 12, QSize(192, 108), 2, false }).toMp4() != first);
}

void tst_SimulatedVideo::landscapeMovesSmoothly()
{
    // The landscape of the prompt, moving a little every frame (30 pictures a second, not a
    // few), and a good deal over the video.
    const QString path = m_dir->filePath(QStringLiteral("landscape.mp4"));
    const SimulatedVideo video { QStringLiteral("a calm lake between mountains at dusk"), 3,
                                 QSize(320, 180), 2, false };
    QVERIFY(video.writeMp4(path));
    const QList<QImage> frames = decodeFrames(path);
    QCOMPARE(frames.size(), 60);
    const SimulatedImage still { video.prompt, video.seed, video.size, false };
    QVERIFY2(difference(frames.first(), still.render()) < 6,
             qPrintable(QString::number(difference(frames.first(), still.render()))));
    int moved = 0;
    for (int i = 1; i < frames.size(); ++i) {
        const double step = difference(frames.at(i), frames.at(i - 1));
        if (step > 0.05)
            ++moved;
        QVERIFY2(step < 6, qPrintable(QStringLiteral("frame %1: %2").arg(i).arg(step)));
    }
    QVERIFY2(moved > 50, qPrintable(QString::number(moved)));
    QVERIFY2(difference(frames.last(), frames.first()) > 1.5,
             qPrintable(QString::number(difference(frames.last(), frames.first()))));
    frames.at(frames.size() / 2).save(m_dir->filePath(QStringLiteral("landscape-middle.png")));
}

void tst_SimulatedVideo::imageToVideoAnimatesTheImage()
{
    const SimulatedVideo video { QStringLiteral("the sun goes down"), 4, QSize(192, 108), 2,
                                 false };
    const QByteArray mp4 = video.animate(sunsetInput());
    QVERIFY(!mp4.isEmpty());
    const QString path = m_dir->filePath(QStringLiteral("i2v.mp4"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(mp4);
    file.close();
    const QList<QImage> frames = decodeFrames(path);
    QCOMPARE(frames.size(), 60);
    // It starts as the image, stays the image (a slow zoom and pan over it) and moves.
    const double start = difference(frames.first(), sunsetInput());
    QVERIFY2(start < 8, qPrintable(QString::number(start)));
    for (const QImage &frame : { frames.at(30), frames.last() }) {
        QVERIFY2(difference(frame, sunsetInput()) < difference(frame, seaInput()) / 3,
                 qPrintable(QString::number(difference(frame, sunsetInput()))));
    }
    QVERIFY(difference(frames.last(), frames.first()) > 2);
}

void tst_SimulatedVideo::firstAndLastFrameGoFromOneToTheOther()
{
    const SimulatedVideo video { QStringLiteral("from dusk to the sea"), 4, QSize(192, 108), 2,
                                 false };
    const QByteArray mp4 = video.animate(sunsetInput(), seaInput());
    QVERIFY(!mp4.isEmpty());
    const QString path = m_dir->filePath(QStringLiteral("kf2v.mp4"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(mp4);
    file.close();
    const QList<QImage> frames = decodeFrames(path);
    QCOMPARE(frames.size(), 60);
    const double firstToFirst = difference(frames.first(), sunsetInput());
    const double lastToLast = difference(frames.last(), seaInput());
    QVERIFY2(firstToFirst < 8, qPrintable(QString::number(firstToFirst)));
    QVERIFY2(lastToLast < 8, qPrintable(QString::number(lastToLast)));
    QVERIFY(difference(frames.first(), seaInput()) > 5 * firstToFirst);
    QVERIFY(difference(frames.last(), sunsetInput()) > 5 * lastToLast);
    // On the way, a mix: closer to each end than the ends are to each other.
    const QImage middle = frames.at(30);
    QVERIFY(difference(middle, sunsetInput()) < difference(frames.last(), sunsetInput()));
    QVERIFY(difference(middle, seaInput()) < difference(frames.first(), seaInput()));
}

QTEST_GUILESS_MAIN(tst_SimulatedVideo)
#include "tst_simulatedvideo.moc"
