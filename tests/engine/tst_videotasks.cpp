// Video tasks through the same TaskService as images, against the simulator on 127.0.0.1:0:
// inputs checked and prepared before the create (data: URI or upload), one MP4 per task saved
// through Mp4Sink beside the images, provenance written by stream copy (the streams' bytes as the
// service sent them), length and size probed, a poster extracted; the video poll schedule.
#include "engine/pollpolicy.h"
#include "engine/resultfiles.h"
#include "engine/taskservice.h"
#include "library/imagemetadata.h"
#include "library/library.h"
#include "library/videofile.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>
#include <memory>

using namespace std::chrono_literals;

namespace {

const QString Key = QStringLiteral("sk-test");
constexpr int Timeout = 60000;

// The payload of the first top-level box of `type`: for these silent videos, mdat holds the
// video stream's packets, in order.
QByteArray topLevelBox(const QByteArray &mp4, const QByteArray &type)
{
    qsizetype at = 0;
    while (at + 8 <= mp4.size()) {
        quint64 size = qFromBigEndian<quint32>(mp4.constData() + at);
        qsizetype header = 8;
        if (size == 1 && at + 16 <= mp4.size()) {
            size = qFromBigEndian<quint64>(mp4.constData() + at + 8);
            header = 16;
        } else if (size == 0) {
            size = quint64(mp4.size() - at);
        }
        if (size < quint64(header) || at + qsizetype(size) > mp4.size())
            return {};
        if (mp4.mid(at + 4, 4) == type)
            return mp4.mid(at + header, qsizetype(size) - header);
        at += qsizetype(size);
    }
    return {};
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_VideoTasks final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void textToVideoSavesOneMp4();
    void savedStreamIsTheServicesStream();
    void imageToVideoInline();
    void imageToVideoThroughTheUpload();
    void alphaIsFlattened();
    void inputOutsideTheLimitsSendsNothing();
    void keyframesToVideo();
    void wan27Media();
    void failedVideoTask();
    void cancelWhilePreparing();
    void videosArePolledLessOften();
    void softTimeoutSaysStillRunningAndKeepsFollowing();
    void plannedVideoIsAdoptedAfterACrash();

private:
    GenerationRequest videoRequest(const QString &model, MediaKind kind) const;
    QString image(const QString &name, QSize size, bool alpha = false, bool noise = false) const;
    qint64 submit(const GenerationRequest &request);
    bool waitFinished(qint64 id);
    QByteArray plainGet(const QByteArray &url);

    ModelCatalog m_catalog;
    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    QTemporaryDir *m_dir = nullptr; // m_fixture's
    QNetworkAccessManager *m_network = nullptr; // m_fixture's
    SimulatorServer *m_simulator = nullptr; // m_fixture's
    std::unique_ptr<Library> m_library;
    std::unique_ptr<TaskService> m_service;
    QList<OutputRecord> m_saved;
};

void tst_VideoTasks::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_catalog = ModelCatalog::builtIn();
}

void tst_VideoTasks::init()
{
    m_fixture = std::make_unique<SimulatorFixture>(m_catalog);
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_dir = m_fixture->dir();
    m_network = m_fixture->network();
    m_simulator = m_fixture->simulator();
    m_library = std::make_unique<Library>();
    const LibraryResult opened = m_library->open(m_fixture->libraryPath());
    QVERIFY2(opened, qPrintable(opened.message()));
    m_simulator->setLatency(300ms);
    m_simulator->setVideoRenderLimit(320, 1); // quick renders
    m_service = std::make_unique<TaskService>(m_catalog, m_library.get(), m_network);
    m_service->setEndpoint(m_fixture->endpoint());
    m_service->setApiKey(Key);
    m_service->setOutputDirectory(m_dir->filePath(QStringLiteral("out")));
    m_service->setPollPolicy(
            std::make_unique<ScaledPollPolicy>(std::make_unique<DefaultPollPolicy>(), 0.02));
    m_saved.clear();
    connect(m_service.get(), &TaskService::outputSaved, this,
            [this](const OutputRecord &output) { m_saved.append(output); });
}

void tst_VideoTasks::cleanup()
{
    m_service.reset();
    m_library.reset();
    m_fixture.reset(); // last: the rest used its network and folder
}

GenerationRequest tst_VideoTasks::videoRequest(const QString &model, MediaKind kind) const
{
    GenerationRequest request;
    request.kind = kind;
    request.model = model;
    request.prompt = QStringLiteral("a paper boat drifting down a rainy street");
    request.seed = 42;
    return request;
}

QString tst_VideoTasks::image(const QString &name, QSize size, bool alpha, bool noise) const
{
    QImage picture(size, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    picture.fill(alpha ? qRgba(200, 30, 30, 90) : qRgb(30, 90, 200));
    if (noise) {
        QRandomGenerator random(7);
        for (int y = 0; y < size.height(); ++y) {
            auto *row = reinterpret_cast<QRgb *>(picture.scanLine(y));
            for (int x = 0; x < size.width(); ++x)
                row[x] = 0xff000000 | random.generate();
        }
    }
    const QString path = m_dir->filePath(name);
    return picture.save(path, "PNG") ? path : QString();
}

qint64 tst_VideoTasks::submit(const GenerationRequest &request)
{
    const TaskStart start = m_service->submit(request);
    for (const ValidationIssue &issue : start.issues)
        qWarning() << issue.field << issue.message;
    if (!start.isStarted() && start.issues.isEmpty())
        qWarning() << start.error.message;
    return start.id;
}

bool tst_VideoTasks::waitFinished(qint64 id)
{
    const bool done = QTest::qWaitFor(
            [&] { return isFinished(m_service->task(id).state) && m_service->isIdle(); }, Timeout);
    if (!done)
        qWarning() << "task" << id << "still" << taskStateId(m_service->task(id).state);
    return done;
}

QByteArray tst_VideoTasks::plainGet(const QByteArray &url)
{
    std::unique_ptr<QNetworkReply> reply(
            m_network->get(QNetworkRequest(QUrl::fromEncoded(url, QUrl::StrictMode))));
    QSignalSpy spy(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !spy.wait(20000))
        return {};
    return reply->readAll();
}

void tst_VideoTasks::textToVideoSavesOneMp4()
{
    GenerationRequest request
            = videoRequest(QStringLiteral("wan2.5-t2v-preview"), MediaKind::TextToVideo);
    request.size = QSize(832, 480);
    request.video.durationSeconds = 10;
    const qint64 id = submit(request);
    QVERIFY(id > 0);
    QVERIFY(waitFinished(id));
    const TaskRecord task = m_service->task(id);
    QCOMPARE(task.state, TaskState::Done);
    QCOMPARE(task.outputs.size(), 1);
    QCOMPARE(m_saved.size(), 1);
    const OutputRecord video = m_saved.first();
    QCOMPARE(video.mediaType, QStringLiteral("video/mp4"));
    QVERIFY2(video.filePath.endsWith(QLatin1String("_42.mp4")), qPrintable(video.filePath));
    QCOMPARE(QFileInfo(video.filePath).absolutePath(), m_dir->filePath(QStringLiteral("out")));
    // Length and size as the file says (the simulator renders 1 s at 320 px here).
    QVERIFY2(qAbs(video.durationMs - 1000) <= 40, qPrintable(QString::number(video.durationMs)));
    QCOMPARE(video.pixelSize.width(), 320);
    QCOMPARE(video.bytes, QFileInfo(video.filePath).size());
    QVERIFY(QFileInfo::exists(video.posterPath));
    QVERIFY(!QImage(video.posterPath).isNull());
    // Provenance in the file.
    const std::optional<QByteArray> json = VideoFile::readProvenance(video.filePath);
    QVERIFY(json);
    const std::optional<ImageProvenance> provenance = ImageMetadata::fromProvenanceJson(*json);
    QVERIFY(provenance);
    QCOMPARE(provenance->request.prompt, request.prompt);
    QCOMPARE(provenance->request.model, request.model);
    QCOMPARE(provenance->request.video.durationSeconds, 10);
    QCOMPARE(provenance->taskId, task.taskId);
    // Recorded in the library as it was reported.
    const QList<OutputRecord> stored = m_library->task(id).outputs;
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().filePath, video.filePath);
    QCOMPARE(stored.first().durationMs, video.durationMs);
    QCOMPARE(stored.first().posterPath, video.posterPath);
    QCOMPARE(m_simulator->statistics().creates, 1);
}

void tst_VideoTasks::savedStreamIsTheServicesStream()
{
    const qint64 id
            = submit(videoRequest(QStringLiteral("wan2.2-t2v-plus"), MediaKind::TextToVideo));
    QVERIFY(waitFinished(id));
    QCOMPARE(m_service->task(id).state, TaskState::Done);
    const OutputRecord video = m_saved.value(0);
    const QByteArray sent = plainGet(video.remoteUrl);
    QVERIFY(VideoFile::isMp4(sent.left(64)));
    const QByteArray saved = readAll(video.filePath);
    QVERIFY(saved != sent); // our tag is in it…
    const QByteArray sentStream = topLevelBox(sent, "mdat");
    QVERIFY(!sentStream.isEmpty());
    QCOMPARE(topLevelBox(saved, "mdat"),
             sentStream); // …and the stream is the service's, bit for bit
}

void tst_VideoTasks::imageToVideoInline()
{
    GenerationRequest request
            = videoRequest(QStringLiteral("wan2.2-i2v-flash"), MediaKind::ImageToVideo);
    request.video.resolution = QStringLiteral("480P");
    RequestInput first;
    first.role = InputRole::FirstFrame;
    first.localPath = image(QStringLiteral("portrait.png"), QSize(480, 800));
    request.inputs = { first };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    const TaskRecord task = m_service->task(id);
    QVERIFY2(task.state == TaskState::Done, qPrintable(task.error.message));
    QCOMPARE(m_simulator->statistics().uploads, 0); // small: inline
    const OutputRecord video = m_saved.value(0);
    QVERIFY(video.pixelSize.height() > video.pixelSize.width()); // the image's shape
    // Stored: the file and its hash, never the data: URI.
    const RequestInput stored = m_library->task(id).request.inputs.value(0);
    QCOMPARE(stored.localPath, first.localPath);
    QVERIFY(stored.url.isEmpty());
    QVERIFY(!stored.sha256.isEmpty());
}

void tst_VideoTasks::imageToVideoThroughTheUpload()
{
    GenerationRequest request
            = videoRequest(QStringLiteral("wan2.5-i2v-preview"), MediaKind::ImageToVideo);
    request.video.resolution = QStringLiteral("480P");
    RequestInput first;
    first.role = InputRole::FirstFrame;
    // Noise does not compress: over the inline limit, under 10 MB.
    first.localPath = image(QStringLiteral("noise.png"), QSize(1200, 1000), false, true);
    QVERIFY(QFileInfo(first.localPath).size() > InputPreparer::InlineMaxBytes);
    request.inputs = { first };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    QVERIFY2(m_service->task(id).state == TaskState::Done,
             qPrintable(m_service->task(id).error.message));
    QCOMPARE(m_simulator->statistics().uploads, 2); // getPolicy and the form POST
    // The upload is in the library's ledger, for this model and endpoint; the task records the
    // file and its hash, never a wire value.
    const RequestInput stored = m_library->task(id).request.inputs.value(0);
    QVERIFY(stored.url.isEmpty());
    const UploadRecord upload
            = m_library->reusableUpload(request.model, m_service->endpoint(), stored.sha256);
    QVERIFY2(upload.ossUrl.startsWith(QLatin1String("oss://")), qPrintable(upload.ossUrl));
    // A retry reuses the upload (the library's ledger): no new upload, one more create.
    const qint64 again = m_service->retry(id).id;
    QVERIFY(again > 0);
    QVERIFY(waitFinished(again));
    QCOMPARE(m_service->task(again).state, TaskState::Done);
    QCOMPARE(m_simulator->statistics().uploads, 2);
    QCOMPARE(m_simulator->statistics().creates, 2);
}

void tst_VideoTasks::alphaIsFlattened()
{
    // The simulator refuses PNGs with alpha, as the service does: sent flattened, it succeeds.
    GenerationRequest request
            = videoRequest(QStringLiteral("wan2.2-i2v-flash"), MediaKind::ImageToVideo);
    RequestInput first;
    first.role = InputRole::FirstFrame;
    first.localPath = image(QStringLiteral("alpha.png"), QSize(600, 400), true);
    QVERIFY(QImage(first.localPath).hasAlphaChannel());
    request.inputs = { first };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    QVERIFY2(m_service->task(id).state == TaskState::Done,
             qPrintable(m_service->task(id).error.message));
}

void tst_VideoTasks::inputOutsideTheLimitsSendsNothing()
{
    GenerationRequest request
            = videoRequest(QStringLiteral("wan2.2-i2v-flash"), MediaKind::ImageToVideo);
    RequestInput first;
    first.role = InputRole::FirstFrame;
    first.localPath = image(QStringLiteral("tiny.png"), QSize(200, 300));
    request.inputs = { first };
    // Refused at submit from the file's header: nothing recorded, nothing sent.
    const TaskStart start = m_service->submit(request);
    QVERIFY(!start.isStarted());
    QCOMPARE(start.refusal, TaskStart::Refusal::InvalidRequest);
    QCOMPARE(start.issues.first().field, QStringLiteral("first_frame"));
    QVERIFY2(start.error.message.contains(QStringLiteral(u"200 × 300"))
                     && start.error.message.contains(QStringLiteral(u"360–2000")),
             qPrintable(start.error.message));
    QVERIFY(m_library->findTasks({}).isEmpty());
    QCOMPARE(m_simulator->statistics().creates, 0);
    QCOMPARE(m_simulator->statistics().uploads, 0);
}

void tst_VideoTasks::keyframesToVideo()
{
    GenerationRequest request
            = videoRequest(QStringLiteral("wan2.2-kf2v-flash"), MediaKind::KeyframeToVideo);
    request.video.resolution = QStringLiteral("480P");
    RequestInput first;
    first.role = InputRole::FirstFrame;
    first.localPath = image(QStringLiteral("first.png"), QSize(800, 480));
    RequestInput last = first;
    last.role = InputRole::LastFrame;
    last.localPath = image(QStringLiteral("last.png"), QSize(800, 480), false, false);
    request.inputs = { first, last };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    QVERIFY2(m_service->task(id).state == TaskState::Done,
             qPrintable(m_service->task(id).error.message));
    QCOMPARE(m_saved.size(), 1);
}

void tst_VideoTasks::wan27Media()
{
    GenerationRequest request
            = videoRequest(QStringLiteral("wan2.7-i2v-2026-04-25"), MediaKind::ImageToVideo);
    request.video.resolution = QStringLiteral("720P");
    request.video.durationSeconds = 2;
    RequestInput first;
    first.role = InputRole::FirstFrame;
    first.localPath = image(QStringLiteral("first.png"), QSize(640, 640));
    request.inputs = { first };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    QVERIFY2(m_service->task(id).state == TaskState::Done,
             qPrintable(m_service->task(id).error.message));
}

void tst_VideoTasks::failedVideoTask()
{
    m_simulator->setFaults({ SimulatorServer::Fault::FailTask });
    const qint64 id
            = submit(videoRequest(QStringLiteral("wan2.2-t2v-plus"), MediaKind::TextToVideo));
    QVERIFY(waitFinished(id));
    QCOMPARE(m_service->task(id).state, TaskState::Failed);
    QVERIFY(m_saved.isEmpty());
}

void tst_VideoTasks::cancelWhilePreparing()
{
    GenerationRequest request
            = videoRequest(QStringLiteral("wan2.2-i2v-flash"), MediaKind::ImageToVideo);
    RequestInput first;
    first.role = InputRole::FirstFrame;
    first.localPath = image(QStringLiteral("frame.png"), QSize(640, 480));
    request.inputs = { first };
    const qint64 id = submit(request);
    m_service->cancel(id); // before anything was sent
    QVERIFY(waitFinished(id));
    QCOMPARE(m_service->task(id).state, TaskState::Canceled);
    QCOMPARE(m_simulator->statistics().creates, 0);
}

void tst_VideoTasks::videosArePolledLessOften()
{
    PollPolicy::Input image;
    PollPolicy::Input video = image;
    const PollHint hint = pollHintFor(MediaKind::TextToVideo);
    video.firstPoll = hint.firstPoll;
    video.cadence = hint.cadence;
    const DefaultPollPolicy policy;
    QCOMPARE(policy.nextDelay(image), 1000ms);
    QCOMPARE(policy.nextDelay(video), 15000ms);
    video.polls = image.polls = 20;
    QCOMPARE(policy.nextDelay(image), 5000ms);
    QCOMPARE(policy.nextDelay(video), 15000ms);
    // Backoff after failures is the same for both.
    video.consecutiveFailures = image.consecutiveFailures = 2;
    QCOMPARE(policy.nextDelay(video), policy.nextDelay(image));

    // Against the simulator: a 3 s video task polled every 15 s (scaled by 0.02: 300 ms) is
    // polled a handful of times, where the image schedule would poll about twice as often.
    m_simulator->setLatency(3000ms);
    const qint64 id
            = submit(videoRequest(QStringLiteral("wan2.2-t2v-plus"), MediaKind::TextToVideo));
    QVERIFY(waitFinished(id));
    QCOMPARE(m_service->task(id).state, TaskState::Done);
    QVERIFY2(m_simulator->statistics().polls <= 12,
             qPrintable(QString::number(m_simulator->statistics().polls)));
}

void tst_VideoTasks::softTimeoutSaysStillRunningAndKeepsFollowing()
{
    // The task service's clock, which the test moves forward: twenty-one minutes pass at once.
    struct Clock
    {
        QElapsedTimer real;
        qint64 skipped = 0;
    };
    const auto clock = std::make_shared<Clock>();
    clock->real.start();
    m_service->setClock([clock] { return clock->real.elapsed() + clock->skipped; });
    m_simulator->setLatency(4000ms);
    QList<TaskRecord> changes;
    const QObject context; // disconnects at the end of this function
    connect(m_service.get(), &TaskService::taskChanged, &context,
            [&changes](const TaskRecord &task) { changes.append(task); });

    const qint64 id
            = submit(videoRequest(QStringLiteral("wan2.2-t2v-plus"), MediaKind::TextToVideo));
    QVERIFY(id != 0);
    QTRY_VERIFY_WITH_TIMEOUT(!m_service->task(id).taskId.isEmpty(), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(m_simulator->statistics().polls >= 1, Timeout);
    QCOMPARE(m_service->task(id).error.kind, ApiError::Kind::None); // not yet: seconds old

    clock->skipped = 21 * 60 * 1000;
    // The next answer (still running on the service) says so once, and it is still followed.
    QTRY_VERIFY_WITH_TIMEOUT(m_service->task(id).error.kind == ApiError::Kind::Timeout, Timeout);
    const TaskRecord noted = m_service->task(id);
    QVERIFY2(noted.error.message.contains(QLatin1String("Still running after 20 minutes")),
             qPrintable(noted.error.message));
    QVERIFY(!isFinished(noted.state));
    const int pollsWhenNoted = m_simulator->statistics().polls;
    QTRY_VERIFY_WITH_TIMEOUT(m_simulator->statistics().polls > pollsWhenNoted, Timeout);
    QCOMPARE(m_service->task(id).error.kind, ApiError::Kind::Timeout); // kept while it runs

    // The service finishes it: saved as any other, the note gone.
    QVERIFY(waitFinished(id));
    const TaskRecord done = m_service->task(id);
    QCOMPARE(done.state, TaskState::Done);
    QCOMPARE(done.error.kind, ApiError::Kind::None);
    QCOMPARE(m_saved.size(), 1);
    const auto notes = std::count_if(changes.cbegin(), changes.cend(), [](const TaskRecord &t) {
        return t.error.kind == ApiError::Kind::Timeout;
    });
    QVERIFY(notes >= 1);
    m_service->setClock({});
}

void tst_VideoTasks::plannedVideoIsAdoptedAfterACrash()
{
    const qint64 id
            = submit(videoRequest(QStringLiteral("wan2.2-t2v-plus"), MediaKind::TextToVideo));
    QVERIFY(waitFinished(id));
    const OutputRecord saved = m_saved.value(0);
    QVERIFY(saved.isSaved());

    // What a crash after the file was complete leaves: a planned path, nothing recorded saved.
    OutputRecord planned;
    planned.mediaType = QStringLiteral("video/mp4");
    planned.plannedPath = saved.filePath;
    QVERIFY(ResultFiles::adoptPlannedFile({}, &planned));
    QCOMPARE(planned.filePath, saved.filePath);
    QVERIFY(planned.durationMs > 0);
    QCOMPARE(planned.pixelSize, saved.pixelSize);
    // Being written by this run: not adopted.
    OutputRecord busy;
    busy.mediaType = QStringLiteral("video/mp4");
    busy.plannedPath = saved.filePath;
    QVERIFY(!ResultFiles::adoptPlannedFile({ saved.filePath }, &busy));
    QCOMPARE(planned.sha256, saved.sha256);

    // A cut MP4 at the planned path is not taken.
    const QString cut = m_dir->filePath(QStringLiteral("cut.mp4"));
    QFile file(cut);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(readAll(saved.filePath).left(int(saved.bytes / 2)));
    file.close();
    OutputRecord partial;
    partial.mediaType = QStringLiteral("video/mp4");
    partial.plannedPath = cut;
    QVERIFY(!ResultFiles::adoptPlannedFile({}, &partial));
    QVERIFY(partial.filePath.isEmpty());
}

QTEST_MAIN(tst_VideoTasks)
#include "tst_videotasks.moc"
