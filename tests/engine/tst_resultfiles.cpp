#include "domain/modelcatalog.h"
#include "engine/resultfiles.h"
#include "library/imagemetadata.h"
#include "protocol/taskresponse.h"
#include "simulator/simulatedimage.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

namespace {

TaskRecord makeTask()
{
    TaskRecord task;
    task.id = 4;
    task.taskId = QStringLiteral("task-of-ours");
    task.requestId = QStringLiteral("req-9");
    task.request.model = QStringLiteral("wan2.2-t2i-flash");
    task.request.prompt = QStringLiteral("A lighthouse at dawn");
    task.request.negativePrompt = QStringLiteral("fog");
    task.request.size = QSize(64, 64);
    task.request.count = 2;
    task.request.seed = 40;
    task.endpoint.region = Region::Singapore;
    task.createdAt = QDateTime(QDate(2025, 9, 1), QTime(8, 30), Qt::UTC);
    return task;
}

// A complete PNG carrying `taskId` in our chunk.
QByteArray pngOf(const QString &taskId)
{
    ImageProvenance provenance;
    provenance.taskId = taskId;
    provenance.request.prompt = QStringLiteral("A lighthouse at dawn");
    return ImageMetadata::embed(SimulatedImage { QStringLiteral("x"), 1, QSize(32, 32) }.toPng(),
                                provenance);
}

bool write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class tst_ResultFiles final : public QObject
{
    Q_OBJECT

private slots:
    void baseNameOfTask();
    void uniquePathSkipsExistingAndReserved();
    void fileAtPlannedPathIsAdopted();
    void fileAtPlannedPathCutShortOrNotAPngIsNot();
    void interruptedSavesOfOursAreRemoved();
    void provenanceSaysHowItWasMade();
    void resultLimit();
};

void tst_ResultFiles::baseNameOfTask()
{
    const TaskRecord task = makeTask();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(ResultFiles::fileBaseName(task, 41, 1, now),
             ResultFiles::fileBaseName(task.createdAt, task.request.prompt, 41, 1));
    QVERIFY(ResultFiles::fileBaseName(task, 41, 1, now)
                    .endsWith(QStringLiteral("_a-lighthouse-at-dawn_41")));
    // Followed by id: no prompt, no seed, no creation time of ours.
    TaskRecord followed;
    followed.taskId = QStringLiteral("abc123");
    QVERIFY(ResultFiles::fileBaseName(followed, -1, 2, now)
                    .endsWith(QStringLiteral("_abc123_image3")));
}

void tst_ResultFiles::uniquePathSkipsExistingAndReserved()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(write(dir.filePath(QStringLiteral("a.png")), "x"));
    const QSet<QString> reserved { dir.filePath(QStringLiteral("a-2.png")) };
    QCOMPARE(ResultFiles::uniqueFilePath(dir.path(), QStringLiteral("a"), QStringLiteral("png"),
                                         reserved),
             dir.filePath(QStringLiteral("a-3.png")));
    QCOMPARE(ResultFiles::uniqueFilePath(dir.path(), QStringLiteral("b"), QStringLiteral("png")),
             dir.filePath(QStringLiteral("b.png")));
}

// An earlier run planned base-2.png for this output and died after the file was complete there:
// the file is the output (whatever its chunks say: an MP4 will not carry our task id the same
// way), with its size and a SHA-256 computed from it.
void tst_ResultFiles::fileAtPlannedPathIsAdopted()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray ours = pngOf(QStringLiteral("task-of-ours"));
    QVERIFY(write(dir.filePath(QStringLiteral("base.png")), pngOf(QStringLiteral("another"))));
    QVERIFY(write(dir.filePath(QStringLiteral("base-2.png")), ours));
    OutputRecord image;
    image.plannedPath = dir.filePath(QStringLiteral("base-2.png"));
    QVERIFY(ResultFiles::adoptPlannedFile({}, &image));
    QCOMPARE(image.filePath, dir.filePath(QStringLiteral("base-2.png")));
    QCOMPARE(image.bytes, ours.size());
    QCOMPARE(image.pixelSize, QSize(32, 32));
    QCOMPARE(image.sha256, QCryptographicHash::hash(ours, QCryptographicHash::Sha256).toHex());
    // A file this run is writing is not one left by an earlier run.
    OutputRecord reservedImage;
    reservedImage.plannedPath = image.plannedPath;
    QVERIFY(!ResultFiles::adoptPlannedFile({ dir.filePath(QStringLiteral("base-2.png")) },
                                           &reservedImage));
    QVERIFY(reservedImage.filePath.isEmpty());
    // Nothing planned: nothing to adopt, whatever lies in the folder.
    OutputRecord unplanned;
    QVERIFY(!ResultFiles::adoptPlannedFile({}, &unplanned));
}

void tst_ResultFiles::fileAtPlannedPathCutShortOrNotAPngIsNot()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray ours = pngOf(QStringLiteral("task-of-ours"));
    QVERIFY(write(dir.filePath(QStringLiteral("base.png")), ours.left(ours.size() - 12)));
    QVERIFY(write(dir.filePath(QStringLiteral("page.png")), "<html>not an image</html>"));
    QVERIFY(write(dir.filePath(QStringLiteral("empty.png")), QByteArray()));
    for (const char *name : { "base.png", "page.png", "empty.png", "absent.png" }) {
        OutputRecord image;
        image.plannedPath = dir.filePath(QLatin1String(name));
        QVERIFY2(!ResultFiles::adoptPlannedFile({}, &image), name);
        QVERIFY(image.filePath.isEmpty());
        QCOMPARE(image.bytes, 0);
    }
    // A complete PNG where a video was planned is not that video.
    QVERIFY(write(dir.filePath(QStringLiteral("clip.mp4")), ours));
    OutputRecord video;
    video.mediaType = QStringLiteral("video/mp4");
    video.plannedPath = dir.filePath(QStringLiteral("clip.mp4"));
    QVERIFY(!ResultFiles::adoptPlannedFile({}, &video));
}

void tst_ResultFiles::interruptedSavesOfOursAreRemoved()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString target = dir.filePath(QStringLiteral("image.png"));
    QVERIFY(write(target + QStringLiteral(".Ab12Cd"), QByteArray())); // empty: ours
    QVERIFY(write(target + QStringLiteral(".Ef34Gh"), pngOf(QStringLiteral("task-of-ours"))));
    QVERIFY(write(target + QStringLiteral(".Ij56Kl"), pngOf(QStringLiteral("another"))));
    QVERIFY(write(target + QStringLiteral(".bak"), QByteArray())); // not QSaveFile's name
    ResultFiles::removeInterruptedSaves(target, QStringLiteral("task-of-ours"));
    QVERIFY(!QFileInfo::exists(target + QStringLiteral(".Ab12Cd")));
    QVERIFY(!QFileInfo::exists(target + QStringLiteral(".Ef34Gh")));
    QVERIFY(QFileInfo::exists(target + QStringLiteral(".Ij56Kl")));
    QVERIFY(QFileInfo::exists(target + QStringLiteral(".bak")));
}

void tst_ResultFiles::provenanceSaysHowItWasMade()
{
    const TaskRecord task = makeTask();
    ImageResult result;
    result.url = "http://127.0.0.1/r.png";
    result.actualPrompt = QStringLiteral("A tall lighthouse at dawn, warm light");
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const ImageProvenance provenance = ResultFiles::provenance(task, result, 41, now);
    QCOMPARE(provenance.request.prompt, task.request.prompt);
    QCOMPARE(provenance.request.negativePrompt, task.request.negativePrompt);
    QCOMPARE(provenance.actualPrompt, result.actualPrompt);
    QCOMPARE(provenance.request.model, task.request.model);
    QCOMPARE(provenance.region, QStringLiteral("singapore"));
    QCOMPARE(provenance.taskId, task.taskId);
    QCOMPARE(provenance.requestId, task.requestId);
    QCOMPARE(provenance.request.seed, qint64(41));
    QCOMPARE(provenance.request.size, QSize(64, 64));
    QCOMPARE(provenance.created, now);
    QVERIFY(provenance.software.startsWith(QStringLiteral("DashScope Studio ")));
}

void tst_ResultFiles::resultLimit()
{
    const ModelCatalog catalog = ModelCatalog::builtIn();
    TaskRecord task = makeTask();
    QCOMPARE(ResultFiles::resultLimit(task, catalog), 2); // n as sent
    TaskRecord followed; // by id: n unknown, the model too
    QCOMPARE(ResultFiles::resultLimit(followed, catalog), ResultFiles::MaxResultsOfUnknownTask);
    followed.request.count = 1000; // what a first answer said: not a limit
    QCOMPARE(ResultFiles::resultLimit(followed, catalog), ResultFiles::MaxResultsOfUnknownTask);
}

QTEST_GUILESS_MAIN(tst_ResultFiles)
#include "tst_resultfiles.moc"
