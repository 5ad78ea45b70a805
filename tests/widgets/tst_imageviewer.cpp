#include "library/imagemetadata.h"
#include "library/libraryquery.h"
#include "library/videofile.h"
#include "simulator/simulatedvideo.h"
#include "support/pngbuilders.h"
#include "widgets/detaillabel.h"
#include "widgets/imageviewer.h"
#include "widgets/videoplayer.h"
#include "widgets/viewoverlay.h"
#include "widgets/zoomcontrol.h"
#include "widgets/zoomview.h"

#include <QAudioOutput>
#include <QBuffer>
#include <QDir>
#include <QFormLayout>
#include <QImage>
#include <QLabel>
#include <QMediaPlayer>
#include <QPainter>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QWindow>
#include <QtEndian>
#include <array>
#include <zlib.h>

namespace {

constexpr int DecodeTimeoutMs = 20000; // generous: the sanitizer build is slow

QByteArray pngBytes(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QPainter painter(&image);
    painter.fillRect(QRect(QPoint(0, 0), size / 2), Qt::yellow);
    painter.end();
    return ::pngBytes(image);
}

ImageProvenance sample(const QString &prompt)
{
    ImageProvenance p;
    p.request.prompt = prompt;
    p.request.model = QStringLiteral("wan2.5-t2i-preview");
    p.region = QStringLiteral("singapore");
    p.taskId = QStringLiteral("0385dc79-5ff8-4d82-bcb6-000000000001");
    p.request.seed = 42;
    p.request.size = QSize(1280, 1280);
    return p;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

// The viewer on its own, offscreen: images are decoded and files' metadata read on a worker
// thread, only the latest of quick requests is shown, and hostile files end in a sentence.
class tst_ImageViewer : public QObject
{
    Q_OBJECT

private slots:
    void showFileReturnsBeforeTheDecode();
    void previousImageStaysWhileTheNextLoads();
    void quickSuccessionShowsTheLast();
    void hostileFilesGiveASentence_data();
    void hostileFilesGiveASentence();
    void textChunkBombShowsTheImage();
    void videoShowsThePlayerBesideItsDetails();
    void videoPlaysPausesStepsLoopsAndMutes();
    void videoTitleFitsAndZoomIsHidden();
    void openedMp4ShowsHowItWasMade();
    void demoResultSaysSo();
    void zoomKeysWhereverTheFocusIs();
    void beforeAfterDisablesTheZoomControl();
    void arrowsAfterClickingTheDetails();
    void fullScreenModeShowsOnlyTheImage();
    void fullScreenOverlayOverAVideo();

private:
    static QLabel *title(ImageViewer *viewer)
    {
        return viewer->findChild<QLabel *>(QStringLiteral("viewerTitleLabel"));
    }
    static QLabel *noMetadata(ImageViewer *viewer)
    {
        return viewer->findChild<QLabel *>(QStringLiteral("noMetadataLabel"));
    }
};

void tst_ImageViewer::showFileReturnsBeforeTheDecode()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("cat.png"));
    QVERIFY(writeFile(path,
                      ImageMetadata::embed(pngBytes(QSize(1280, 1280)),
                                           sample(QStringLiteral("a cat on a windowsill")))));
    ImageViewer viewer;
    viewer.resize(900, 600);
    viewer.show();
    QSignalSpy loaded(&viewer, &ImageViewer::loaded);

    viewer.showFile(path);
    // Back at once: nothing decoded or read yet, and no "carries no settings" before it is known.
    QVERIFY(viewer.isLoading());
    QVERIFY(viewer.image().isNull());
    QVERIFY(!viewer.provenance().has_value());
    QCOMPARE(viewer.currentFile(), path);
    QVERIFY2(title(&viewer)->text().startsWith(QStringLiteral("Loading cat.png")),
             qPrintable(title(&viewer)->text()));
    QVERIFY(noMetadata(&viewer)->isHidden());
    QCOMPARE(loaded.count(), 0);

    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(viewer.image().size(), QSize(1280, 1280));
    QCOMPARE(title(&viewer)->text(), QStringLiteral("1280 × 1280"));
    QVERIFY(viewer.provenance().has_value());
    QCOMPARE(viewer.provenance()->request.prompt, QStringLiteral("a cat on a windowsill"));
    QVERIFY(viewer.reusableRequest().has_value());
    QVERIFY(noMetadata(&viewer)->isHidden());
}

void tst_ImageViewer::previousImageStaysWhileTheNextLoads()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString first = dir.filePath(QStringLiteral("first.png"));
    const QString second = dir.filePath(QStringLiteral("second.png"));
    QVERIFY(writeFile(first, pngBytes(QSize(300, 200))));
    QVERIFY(writeFile(second, pngBytes(QSize(200, 300))));
    ImageViewer viewer;
    viewer.show();
    viewer.showFile(first);
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QCOMPARE(viewer.image().size(), QSize(300, 200));
    QVERIFY(noMetadata(&viewer)->isVisibleTo(&viewer)); // a plain PNG: said so, once read

    viewer.showFile(second);
    QVERIFY(viewer.isLoading());
    QCOMPARE(viewer.image().size(), QSize(300, 200)); // not a blank while decoding
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QCOMPARE(viewer.image().size(), QSize(200, 300));
}

void tst_ImageViewer::quickSuccessionShowsTheLast()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QStringList paths;
    for (int i = 1; i <= 6; ++i) {
        const QString path = dir.filePath(QStringLiteral("image%1.png").arg(i));
        QVERIFY(writeFile(path,
                          ImageMetadata::embed(pngBytes(QSize(100 * i, 50 * i)),
                                               sample(QStringLiteral("prompt %1").arg(i)))));
        paths << path;
    }
    ImageViewer viewer;
    viewer.show();
    QSignalSpy loaded(&viewer, &ImageViewer::loaded);
    for (const QString &path : std::as_const(paths))
        viewer.showFile(path);

    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    // Only the last one is shown: an earlier result arriving late is dropped, never painted.
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(viewer.currentFile(), paths.last());
    QCOMPARE(viewer.image().size(), QSize(600, 300));
    QVERIFY(viewer.provenance().has_value());
    QCOMPARE(viewer.provenance()->request.prompt, QStringLiteral("prompt 6"));

    // And a request while the decode of another runs: still the last one wins.
    viewer.showFile(paths.at(0));
    viewer.showFile(paths.at(2));
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QCOMPARE(loaded.count(), 2);
    QCOMPARE(viewer.image().size(), QSize(300, 150));
    QCOMPARE(viewer.provenance()->request.prompt, QStringLiteral("prompt 3"));
}

void tst_ImageViewer::hostileFilesGiveASentence_data()
{
    QTest::addColumn<QByteArray>("bytes"); // empty: no file at all
    QTest::addColumn<QString>("sentence");

    // IHDR says 30000×30000 (3.6 GB as RGBA); the image data is a few bytes.
    QByteArray ihdr(13, '\0');
    qToBigEndian<quint32>(30000, ihdr.data());
    qToBigEndian<quint32>(30000, ihdr.data() + 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 6; // RGBA
    const QByteArray huge = QByteArray("\x89PNG\r\n\x1a\n", 8) + rawPngChunk("IHDR", ihdr)
            + ImageMetadata::provenanceChunks(sample(QStringLiteral("huge")))
            + rawPngChunk("IDAT", qCompress(QByteArray(100, '\0')).mid(4))
            + rawPngChunk("IEND", QByteArray());
    QTest::newRow("30000×30000 declared")
            << huge
            << QStringLiteral("at 30000 × 30000 pixels it is larger than the viewer can show.");
    const QByteArray whole = pngBytes(QSize(400, 400));
    QTest::newRow("cut short") << whole.left(whole.size() / 2)
                               << QStringLiteral("the image data is damaged or incomplete.");
    QTest::newRow("not an image") << QByteArray("plain text, not a picture\n")
                                  << QStringLiteral("it is not an image this program can read.");
    QTest::newRow("missing") << QByteArray() << QStringLiteral("the file is not there any more.");
}

void tst_ImageViewer::hostileFilesGiveASentence()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, sentence);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("hostile.png"));
    if (!bytes.isEmpty())
        QVERIFY(writeFile(path, bytes));
    ImageViewer viewer;
    viewer.show();
    viewer.showFile(path);
    QVERIFY(viewer.isLoading());
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QVERIFY(viewer.image().isNull());
    QCOMPARE(title(&viewer)->text(), QStringLiteral("hostile.png — cannot be shown: ") + sentence);
}

void tst_ImageViewer::textChunkBombShowsTheImage()
{
    // A valid picture behind a "parameters" chunk that inflates to 1 GB (it once took 19 s and
    // 3 GB): the picture is shown, the bomb is not read, and it is said that nothing was found.
    const QByteArray bomb = zlibBomb(1000 * 1000 * 1000);
    QVERIFY(!bomb.isEmpty());
    const QByteArray png = pngBytes(QSize(320, 240));
    const QByteArray hostile = png.left(ImageMetadata::PngHeaderSize)
            + rawPngChunk("zTXt", QByteArray("parameters\0\0", 12) + bomb)
            + png.mid(ImageMetadata::PngHeaderSize);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("bomb.png"));
    QVERIFY(writeFile(path, hostile));

    ImageViewer viewer;
    viewer.show();
    viewer.showFile(path);
    QVERIFY(viewer.isLoading());
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QCOMPARE(viewer.image().size(), QSize(320, 240));
    QVERIFY(!viewer.provenance().has_value());
    QVERIFY(noMetadata(&viewer)->isVisibleTo(&viewer));
}

namespace {

constexpr int EntryRole = Qt::UserRole + 1;

// A gallery of one video and one image, as GalleryModel gives them (an entry per row).
struct VideoGallery
{
    QStandardItemModel model;
    QString videoPath;
    QString imagePath;
    QString error;

    explicit VideoGallery(const QTemporaryDir &dir)
    {
        videoPath = dir.filePath(QStringLiteral("waves.mp4"));
        if (!SimulatedVideo { QStringLiteral("waves at dusk"), 5, QSize(320, 180), 2, false }
                     .writeMp4(videoPath, &error))
            return;
        imagePath = dir.filePath(QStringLiteral("still.png"));
        writeFile(imagePath, pngBytes(QSize(300, 200)));
        LibraryEntry video;
        video.task.id = 1;
        video.task.request.kind = MediaKind::TextToVideo;
        video.task.request.model = QStringLiteral("t2v");
        video.task.request.prompt = QStringLiteral("waves at dusk");
        video.task.request.video.durationSeconds = 2;
        video.output.id = 1;
        video.output.mediaType = QStringLiteral("video/mp4");
        video.output.filePath = videoPath;
        video.output.pixelSize = QSize(320, 180);
        video.output.durationMs = 2000;
        LibraryEntry image;
        image.task.id = 2;
        image.task.request.model = QStringLiteral("img");
        image.task.request.prompt = QStringLiteral("a still");
        image.output.id = 2;
        image.output.filePath = imagePath;
        for (const LibraryEntry &entry : { video, image }) {
            auto *item = new QStandardItem(entry.task.request.prompt);
            item->setData(QVariant::fromValue(entry), EntryRole);
            model.appendRow(item);
        }
    }
};

} // namespace

void tst_ImageViewer::videoShowsThePlayerBesideItsDetails()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    VideoGallery gallery(dir);
    QVERIFY2(gallery.error.isEmpty(), qPrintable(gallery.error));
    ImageViewer viewer;
    viewer.setModel(&gallery.model, EntryRole);
    viewer.resize(900, 600);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));

    QSignalSpy loaded(&viewer, &ImageViewer::loaded);
    viewer.showIndex(gallery.model.index(0, 0));
    QCOMPARE(loaded.count(), 1); // nothing to decode here: the player reads the file itself
    QVERIFY(viewer.isShowingVideo());
    QVERIFY(!viewer.isLoading());
    QCOMPARE(viewer.currentFile(), gallery.videoPath);
    QCOMPARE(viewer.videoPlayer()->file(), gallery.videoPath);
    QVERIFY(viewer.videoPlayer()->isVisible());
    QVERIFY2(title(&viewer)->text().contains(QStringLiteral("320 × 180")),
             qPrintable(title(&viewer)->text()));
    QVERIFY(title(&viewer)->text().contains(QStringLiteral("0:02")));
    // The same details as for an image, and the length.
    QCOMPARE(viewer.provenance()->request.prompt, QStringLiteral("waves at dusk"));
    QCOMPARE(viewer.reusableRequest()->kind, MediaKind::TextToVideo);
    bool durationShown = false;
    for (QLabel *label : viewer.findChildren<QLabel *>())
        if (label->accessibleName() == QStringLiteral("Duration") && label->isVisible())
            durationShown = label->text() == QStringLiteral("0:02");
    QVERIFY(durationShown);
    for (const char *name : { "playButton", "positionSlider", "loopButton", "muteButton",
                              "fullScreenButton", "previousFrameButton", "nextFrameButton" })
        QVERIFY2(viewer.findChild<QWidget *>(QString::fromLatin1(name)), name);

    // The next row is an image: the image path as before, the player unloaded.
    viewer.showNext();
    QVERIFY(!viewer.isShowingVideo());
    QVERIFY(viewer.videoPlayer()->file().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QCOMPARE(viewer.image().size(), QSize(300, 200));
    for (QLabel *label : viewer.findChildren<QLabel *>())
        if (label->accessibleName() == QStringLiteral("Duration"))
            QVERIFY(!label->isVisible());

    // And back; hiding the viewer stops the sound.
    viewer.showPrevious();
    QVERIFY(viewer.isShowingVideo());
    viewer.hide();
    QCOMPARE(viewer.videoPlayer()->player()->playbackState(), QMediaPlayer::StoppedState);
}

void tst_ImageViewer::videoPlaysPausesStepsLoopsAndMutes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    VideoGallery gallery(dir);
    QVERIFY2(gallery.error.isEmpty(), qPrintable(gallery.error));
    ImageViewer viewer;
    viewer.setModel(&gallery.model, EntryRole);
    viewer.resize(900, 600);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    viewer.showIndex(gallery.model.index(0, 0));
    VideoPlayer *player = viewer.videoPlayer();

    // Whether this machine's multimedia backend plays offscreen at all (GStreamer with its
    // H.264 decoder): if not, the screenshot under Xvfb is the proof (see the report).
    (void)QTest::qWaitFor(
            [player] { return player->position() > 0 || !player->errorText().isEmpty(); }, 10000);
    if (player->position() <= 0)
        QSKIP(qPrintable(QStringLiteral("the multimedia backend does not play here: %1")
                                 .arg(player->errorText().isEmpty() ? QStringLiteral("no progress")
                                                                    : player->errorText())));
    QVERIFY(player->isPlaying());
    QTRY_COMPARE(player->duration() > 1900 && player->duration() < 2100, true);
    const qint64 early = player->position();
    QTRY_VERIFY(player->position() > early); // it advances
    auto *slider = player->findChild<QSlider *>(QStringLiteral("positionSlider"));
    QTRY_VERIFY(slider->value() > 0);
    QVERIFY(player->findChild<QLabel *>(QStringLiteral("timeLabel"))
                    ->text()
                    .endsWith(QStringLiteral("/ 0:02")));

    // Space pauses (in the viewer it would otherwise be "next").
    viewer.setFocus();
    QTest::keyClick(&viewer, Qt::Key_Space);
    QTRY_VERIFY(!player->isPlaying());
    QCOMPARE(viewer.currentIndex().row(), 0);
    auto *next = player->findChild<QToolButton *>(QStringLiteral("nextFrameButton"));
    QTRY_VERIFY(next->isEnabled());
    player->player()->setPosition(500);
    QTRY_VERIFY(qAbs(player->position() - 500) <= 2);
    QTest::mouseClick(next, Qt::LeftButton);
    QTRY_VERIFY(qAbs(player->position() - 533) <= 2); // one frame at 30 fps
    QVERIFY(!player->isPlaying());
    QTest::mouseClick(player->findChild<QToolButton *>(QStringLiteral("previousFrameButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(qAbs(player->position() - 500) <= 2);

    // Scrubbing.
    slider->setValue(1500);
    QTRY_VERIFY(qAbs(player->position() - 1500) < 50);

    QTest::mouseClick(player->findChild<QToolButton *>(QStringLiteral("loopButton")),
                      Qt::LeftButton);
    QCOMPARE(player->player()->loops(), int(QMediaPlayer::Infinite));
    QTest::mouseClick(player->findChild<QToolButton *>(QStringLiteral("muteButton")),
                      Qt::LeftButton);
    QVERIFY(player->player()->audioOutput()->isMuted());
    QTest::keyClick(&viewer, Qt::Key_M);
    QVERIFY(!player->player()->audioOutput()->isMuted());

    // Looping: it plays on past the end.
    QTest::keyClick(&viewer, Qt::Key_Space);
    QTRY_VERIFY(player->isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(player->position() < 1000 && player->isPlaying(), 5000);
}

void tst_ImageViewer::videoTitleFitsAndZoomIsHidden()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    VideoGallery gallery(dir);
    QVERIFY2(gallery.error.isEmpty(), qPrintable(gallery.error));
    // A file name as long as the library makes them, in a viewer as narrow as the window's.
    const QString longPath = dir.filePath(
            QStringLiteral("2026-11-27 20-14-33 waves at dusk rolling onto a long quiet beach "
                           "under a pink sky seed 42.mp4"));
    QVERIFY(QFile::copy(gallery.videoPath, longPath));
    auto entry = gallery.model.item(0)->data(EntryRole).value<LibraryEntry>();
    entry.output.filePath = longPath;
    gallery.model.item(0)->setData(QVariant::fromValue(entry), EntryRole);
    ImageViewer viewer;
    viewer.setModel(&gallery.model, EntryRole);
    viewer.resize(620, 500);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    // The zoom level is one control.
    auto *zoom = viewer.findChild<QToolButton *>(QStringLiteral("zoomControl"));
    QVERIFY(zoom);

    viewer.showIndex(gallery.model.index(0, 0));
    QLabel *label = title(&viewer);
    // Size and length first, whole; the name after them, cut where the room ends.
    QTRY_VERIFY2(label->text().startsWith(QStringLiteral("320 × 180  ·  0:02")),
                 qPrintable(label->text()));
    QVERIFY(label->fontMetrics().horizontalAdvance(label->text()) <= label->contentsRect().width());
    QVERIFY(label->toolTip().contains(QStringLiteral("seed 42.mp4")));
    QVERIFY2(!zoom->isVisible(), qPrintable(zoom->text()));

    // An image has them again.
    viewer.showNext();
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QVERIFY2(zoom->isVisible(), qPrintable(zoom->text()));
    QVERIFY2(zoom->text().startsWith(QStringLiteral("Fit (")), qPrintable(zoom->text()));
    QCOMPARE(label->text(), QStringLiteral("300 × 200"));
}

void tst_ImageViewer::openedMp4ShowsHowItWasMade()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("ours.mp4"));
    QString error;
    QVERIFY2((SimulatedVideo { QStringLiteral("a paper boat in the rain"), 5, QSize(320, 180), 2,
                               false }
                      .writeMp4(path, &error)),
             qPrintable(error));
    ImageProvenance made = sample(QStringLiteral("a paper boat in the rain"));
    made.request.kind = MediaKind::TextToVideo;
    made.request.model = QStringLiteral("wan2.2-t2v-plus");
    made.request.size = QSize(832, 480);
    made.request.video.durationSeconds = 5;
    QVERIFY(VideoFile::writeProvenance(path, ImageMetadata::provenanceJson(made)));
    const QString plain = dir.filePath(QStringLiteral("plain.mp4"));
    QVERIFY((SimulatedVideo { QStringLiteral("x"), 1, QSize(160, 90), 1, false }.writeMp4(plain)));

    ImageViewer viewer;
    viewer.resize(900, 600);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    QSignalSpy loaded(&viewer, &ImageViewer::loaded);
    viewer.showFile(path);
    QVERIFY(viewer.isShowingVideo());
    QCOMPARE(viewer.videoPlayer()->file(), path);
    // It plays at once; "loaded" waits for its settings, read off the GUI thread.
    QVERIFY(viewer.isLoading());
    QCOMPARE(loaded.count(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QCOMPARE(loaded.count(), 1);
    QVERIFY(viewer.provenance().has_value());
    QCOMPARE(viewer.provenance()->request.prompt, made.request.prompt);
    QCOMPARE(viewer.provenance()->taskId, made.taskId);
    bool promptShown = false;
    bool modelShown = false;
    for (QLabel *label : viewer.findChildren<QLabel *>())
        promptShown = promptShown || (label->isVisible() && label->text() == made.request.prompt);
    // The model by its display name, its API name beside it.
    for (DetailLabel *value : viewer.findChildren<DetailLabel *>()) {
        modelShown = modelShown
                || (value->isVisible()
                    && value->value()
                            == QStringLiteral("Wan 2.2 Plus text-to-video (%1)")
                                       .arg(made.request.model));
    }
    QVERIFY(promptShown);
    QVERIFY(modelShown);
    QVERIFY(!noMetadata(&viewer)->isVisible());
    // The file's own size and length in the title; Reuse Settings gives a video request.
    QVERIFY2(title(&viewer)->text().startsWith(QStringLiteral("320 × 180  ·  0:02")),
             qPrintable(title(&viewer)->text()));
    const auto reuse = viewer.reusableRequest();
    QVERIFY(reuse.has_value());
    QCOMPARE(reuse->kind, MediaKind::TextToVideo);
    QCOMPARE(reuse->model, made.request.model);
    QCOMPARE(reuse->seed, made.request.seed);
    QSignalSpy reused(&viewer, &ImageViewer::reuseRequested);
    for (QToolButton *button : viewer.findChildren<QToolButton *>())
        if (button->text() == QStringLiteral("&Reuse Settings"))
            button->click();
    QCOMPARE(reused.count(), 1);

    // An MP4 of another tool's: played, and said to carry no settings.
    viewer.showFile(plain);
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QVERIFY(!viewer.provenance().has_value());
    QVERIFY(noMetadata(&viewer)->isVisible());
    QVERIFY(noMetadata(&viewer)->text().contains(QStringLiteral("video")));
}

void tst_ImageViewer::demoResultSaysSo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString real = dir.filePath(QStringLiteral("real.png"));
    const QString demo = dir.filePath(QStringLiteral("demo.png"));
    QVERIFY(writeFile(
            real,
            ImageMetadata::embed(pngBytes(QSize(64, 64)), sample(QStringLiteral("a real cat")))));
    ImageProvenance simulated = sample(QStringLiteral("a demo cat"));
    simulated.demo = true;
    QVERIFY(writeFile(demo, ImageMetadata::embed(pngBytes(QSize(64, 64)), simulated)));
    ImageViewer viewer;
    viewer.resize(900, 600);
    viewer.show();
    auto *label = viewer.findChild<QLabel *>(QStringLiteral("demoResultLabel"));
    QVERIFY(label);
    QCOMPARE(label->text(),
             QStringLiteral("Demo result (made by the built-in simulator, not by Model Studio)"));

    // A file opened from disk: its own metadata says so.
    viewer.showFile(demo);
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QVERIFY(label->isVisibleTo(&viewer));
    viewer.showFile(real);
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QVERIFY(label->isHidden());

    // A library entry: the task's flag.
    LibraryEntry entry;
    entry.task.request = simulated.request;
    entry.task.demo = true;
    entry.output.id = 1;
    entry.output.filePath = real; // what the file says does not matter here
    viewer.showEntry(entry);
    QVERIFY(label->isVisibleTo(&viewer));
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QVERIFY(label->isVisibleTo(&viewer));
    entry.task.demo = false;
    viewer.showEntry(entry);
    QVERIFY(label->isHidden());
}

namespace {

// Three plain PNGs in a gallery model, as the window's gallery holds them.
struct ImageGallery
{
    QStandardItemModel model;
    QStringList paths;

    explicit ImageGallery(const QTemporaryDir &dir)
    {
        for (int i = 1; i <= 3; ++i) {
            const QString path = dir.filePath(QStringLiteral("image-%1.png").arg(i));
            writeFile(path, pngBytes(QSize(1600, 1200)));
            paths << path;
            LibraryEntry entry;
            entry.task.id = i;
            entry.task.request.model = QStringLiteral("img");
            entry.task.request.prompt = QStringLiteral("image %1").arg(i);
            entry.output.id = i;
            entry.output.filePath = path;
            auto *item = new QStandardItem(entry.task.request.prompt);
            item->setData(QVariant::fromValue(entry), EntryRole);
            model.appendRow(item);
        }
    }
};

} // namespace

void tst_ImageViewer::zoomKeysWhereverTheFocusIs()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ImageGallery gallery(dir);
    ImageViewer viewer;
    viewer.setModel(&gallery.model, EntryRole);
    viewer.resize(1000, 700);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    viewer.showIndex(gallery.model.index(0, 0));
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    ZoomView *zoom = viewer.zoomView();
    ZoomControl *control = viewer.zoomControl();
    QVERIFY(zoom->isFit());
    QVERIFY2(control->text().startsWith(QStringLiteral("Fit (")), qPrintable(control->text()));
    // Keys to the viewer, or to a value of the details panel, zoom the image.
    QTest::keyClick(&viewer, Qt::Key_1);
    QCOMPARE(zoom->zoom(), 1.0);
    QCOMPARE(control->text(), QStringLiteral("100 %"));
    auto *value = viewer.findChild<DetailLabel *>();
    QVERIFY(value);
    QTest::keyClick(value, Qt::Key_Plus);
    QCOMPARE(zoom->zoom(), 1.5);
    QTest::keyClick(value, Qt::Key_Minus);
    QCOMPARE(zoom->zoom(), 1.0);
    QTest::keyClick(&viewer, Qt::Key_0);
    QVERIFY(zoom->isFit());
    // The next image starts at fit, whatever this one was zoomed to.
    QTest::keyClick(&viewer, Qt::Key_Equal);
    QVERIFY(!zoom->isFit());
    viewer.showNext();
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QVERIFY(zoom->isFit());
    QVERIFY2(control->text().startsWith(QStringLiteral("Fit (")), qPrintable(control->text()));
}

void tst_ImageViewer::beforeAfterDisablesTheZoomControl()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString before = dir.filePath(QStringLiteral("before.png"));
    QVERIFY(writeFile(before, pngBytes(QSize(640, 480))));
    ImageProvenance made = sample(QStringLiteral("the cat in a hat"));
    RequestInput input;
    input.role = InputRole::Image;
    input.localPath = before;
    made.request.inputs = { input };
    const QString after = dir.filePath(QStringLiteral("after.png"));
    QVERIFY(writeFile(after, ImageMetadata::embed(pngBytes(QSize(640, 480)), made)));
    ImageViewer viewer;
    viewer.resize(1000, 700);
    viewer.show();
    viewer.showFile(after);
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QVERIFY(viewer.canCompare());
    ZoomControl *control = viewer.zoomControl();
    QTest::keyClick(&viewer, Qt::Key_Plus);
    QVERIFY(!viewer.zoomView()->isFit());
    QVERIFY(control->isEnabled());
    // Before/after always fits: the control would say a level it does not show.
    QTest::keyClick(&viewer, Qt::Key_C);
    QVERIFY(viewer.isComparing());
    QVERIFY(!control->isEnabled());
    // A zoom key leaves the comparison and zooms the image itself.
    QTest::keyClick(&viewer, Qt::Key_1);
    QVERIFY(!viewer.isComparing());
    QVERIFY(control->isEnabled());
    QCOMPARE(control->text(), QStringLiteral("100 %"));
}

void tst_ImageViewer::arrowsAfterClickingTheDetails()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ImageGallery gallery(dir);
    ImageViewer viewer;
    viewer.setModel(&gallery.model, EntryRole);
    viewer.resize(1000, 700);
    viewer.show();
    viewer.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&viewer)); // shortcuts need the active window
    viewer.showIndex(gallery.model.index(1, 0));
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    // A value of the details panel clicked (and focused, to select and copy): the arrows still
    // move through the images, not through its text.
    auto *value = viewer.findChild<DetailLabel *>();
    QVERIFY(value);
    QTest::mouseClick(value, Qt::LeftButton);
    value->setFocus(Qt::MouseFocusReason);
    QVERIFY(value->hasFocus());
    QTest::keyClick(value, Qt::Key_Right);
    QCOMPARE(viewer.currentIndex().row(), 2);
    QTest::keyClick(value, Qt::Key_Left);
    QTest::keyClick(value, Qt::Key_Left);
    QCOMPARE(viewer.currentIndex().row(), 0);
    // The image's own scroll area does not take them either, zoomed in.
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    viewer.zoomView()->setFocus(Qt::MouseFocusReason);
    QTest::keyClick(viewer.zoomView(), Qt::Key_1);
    QVERIFY(viewer.zoomView()->canPan());
    QTest::keyClick(viewer.zoomView(), Qt::Key_PageDown);
    QCOMPARE(viewer.currentIndex().row(), 1);
    QTest::keyClick(viewer.zoomView(), Qt::Key_Right);
    QCOMPARE(viewer.currentIndex().row(), 2);
}

void tst_ImageViewer::fullScreenModeShowsOnlyTheImage()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ImageGallery gallery(dir);
    ImageViewer viewer;
    viewer.setModel(&gallery.model, EntryRole);
    viewer.resize(1000, 700);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    viewer.showIndex(gallery.model.index(0, 0));
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QSignalSpy requested(&viewer, &ImageViewer::fullScreenRequested);
    // F asks the window for full screen (MainWindow does the rest), Esc to leave it.
    QTest::keyClick(&viewer, Qt::Key_F);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.takeFirst().at(0).toBool(), true);
    viewer.setFullScreenMode(true);
    QVERIFY(!title(&viewer)->isVisible()); // the bar
    QVERIFY(!viewer.findChild<DetailLabel *>()->isVisible()); // the details
    ZoomView *zoom = viewer.zoomView();
    QTRY_COMPARE(zoom->size(), viewer.size()); // the image, on all of it
    QCOMPARE(zoom->viewport()->grab().toImage().pixelColor(2, 2), QColor(Qt::black));
    // The overlay: shown on a move, gone after two idle seconds.
    ViewOverlay *overlay = viewer.overlay();
    QTest::mouseMove(zoom->viewport(), QPoint(300, 300)); // not on the overlay: that keeps it
    QVERIFY(overlay->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!overlay->isVisible(), ViewOverlay::HideAfterMs * 3);
    QTest::mouseMove(zoom->viewport(), QPoint(320, 310));
    QTRY_VERIFY(overlay->isVisible());
    QCOMPARE(overlay->width(), viewer.width());
    auto *name = overlay->findChild<QLabel *>(QStringLiteral("overlayTitleLabel"));
    QCOMPARE(name->toolTip(), QDir::toNativeSeparators(gallery.paths.at(0)));
    auto *overlayZoom = overlay->zoomControl();
    QTest::keyClick(&viewer, Qt::Key_1);
    QCOMPARE(overlayZoom->text(), QStringLiteral("100 %"));
    QVERIFY(!overlay->previousButton()->isEnabled());
    overlay->nextButton()->click();
    QCOMPARE(viewer.currentIndex().row(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!overlay->isVisible(), ViewOverlay::HideAfterMs * 3);
    // Esc leaves full screen, not the viewer.
    QSignalSpy closed(&viewer, &ImageViewer::closeRequested);
    QTest::keyClick(&viewer, Qt::Key_Escape);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.takeFirst().at(0).toBool(), false);
    QCOMPARE(closed.size(), 0);
    viewer.setFullScreenMode(false);
    QVERIFY(title(&viewer)->isVisible());
    QVERIFY(!overlay->isVisible());
    QTest::mouseMove(zoom->viewport(), QPoint(200, 200));
    QVERIFY(!overlay->isVisible());
    QTest::keyClick(&viewer, Qt::Key_Escape);
    QCOMPARE(closed.size(), 1);
}

void tst_ImageViewer::fullScreenOverlayOverAVideo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    VideoGallery gallery(dir);
    QVERIFY2(gallery.error.isEmpty(), qPrintable(gallery.error));
    ImageViewer viewer;
    viewer.setModel(&gallery.model, EntryRole);
    viewer.resize(900, 600);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    viewer.showIndex(gallery.model.index(0, 0));
    QVERIFY(viewer.isShowingVideo());
    viewer.setFullScreenMode(true);
    ViewOverlay *overlay = viewer.overlay();
    QTRY_VERIFY_WITH_TIMEOUT(!overlay->isVisible(), ViewOverlay::HideAfterMs * 3);

    // A move over the picture shows the overlay, as over an image, whichever of the video
    // widget's children takes it.
    auto *video = viewer.videoPlayer()->findChild<QWidget *>(QStringLiteral("videoWidget"));
    QVERIFY(video && video->isVisible());
    QTest::mouseMove(video, video->rect().center());
    QTRY_VERIFY(overlay->isVisible());
    for (QWidget *inner : video->findChildren<QWidget *>()) {
        overlay->hide();
        QMouseEvent move(QEvent::MouseMove, QPointF(10, 10), inner->mapToGlobal(QPointF(10, 10)),
                         Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(inner, &move);
        QVERIFY2(overlay->isVisible(), inner->metaObject()->className());
    }
    // And it is seen: the picture is a native window of its own (QVideoWidget's surface) that
    // covers whatever the window draws there, so the overlay is a window too, above it.
    QWindow *own = overlay->windowHandle();
    QVERIFY2(own, "the overlay is drawn in the window, under the video's surface");
    QVERIFY(own->parent());
    const QObjectList stack = own->parent()->children(); // bottom to top
    int surfaces = 0;
    for (QObject *object : stack) {
        auto *window = qobject_cast<QWindow *>(object);
        if (!window || window == own || !window->isVisible())
            continue;
        ++surfaces;
        QVERIFY2(stack.indexOf(window) < stack.indexOf(own), qPrintable(window->objectName()));
    }
    QVERIFY(surfaces > 0);
    QVERIFY(own->isVisible());

    // The player's Full Screen button is the window's: it asks to leave, as Esc does.
    QSignalSpy requested(&viewer, &ImageViewer::fullScreenRequested);
    auto *button
            = viewer.videoPlayer()->findChild<QToolButton *>(QStringLiteral("fullScreenButton"));
    QVERIFY(button->isChecked());
    button->click();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.takeFirst().at(0).toBool(), false);
    QVERIFY(!video->isFullScreen()); // no second full screen of its own
    QVERIFY(video->parentWidget());
    viewer.setFullScreenMode(false);
    QVERIFY(!button->isChecked());
    button->click();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.takeFirst().at(0).toBool(), true);
    QVERIFY(!video->isFullScreen());
    QVERIFY(!video->isWindow());
}

QTEST_MAIN(tst_ImageViewer)
#include "tst_imageviewer.moc"
