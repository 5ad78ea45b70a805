// Editing tasks (image2image) through the same TaskService as every image, against the simulator
// on 127.0.0.1:0: local inputs checked before anything is sent, a small base image inline as a
// data: URI, a large one and every mask through the temporary upload, wan2.5-i2i's one to three
// images, a failed task and a failed image; the inputs recorded in the library with their hash
// and path, the results saved as images.
#include "engine/inputpreparer.h"
#include "engine/pollpolicy.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorfixture.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace std::chrono_literals;

namespace {

const QString Key = QStringLiteral("sk-test");
const QString Edit = QStringLiteral("wanx2.1-imageedit");
const QString MultiImage = QStringLiteral("wan2.5-i2i-preview");
constexpr int Timeout = 60000;

QByteArray sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

// A picture with a gradient and a disc; noise makes it too large to go inline.
QImage picture(QSize size, bool noise = false)
{
    QImage image(size, QImage::Format_RGB32);
    QRandomGenerator random(7);
    for (int y = 0; y < size.height(); ++y) {
        auto *row = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            const bool disc = std::hypot(x - size.width() / 2.0, y - size.height() / 2.0)
                    < size.height() / 4.0;
            row[x] = noise
                    ? 0xff000000 | random.generate()
                    : (disc ? qRgb(220, 190, 40)
                            : qRgb(40 + 180 * x / size.width(), 90, 60 + 150 * y / size.height()));
        }
    }
    return image;
}

QImage rectangleMask(QSize size, QRect white)
{
    QImage mask(size, QImage::Format_RGB32);
    mask.fill(Qt::black);
    for (int y = white.top(); y <= white.bottom(); ++y) {
        for (int x = white.left(); x <= white.right(); ++x)
            mask.setPixel(x, y, qRgb(255, 255, 255));
    }
    return mask;
}

} // namespace

class tst_EditTasks final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void smallBaseImageGoesInline();
    void largeBaseImageGoesByUpload();
    void inpaintingUploadsTheMaskAndKeepsTheRest();
    void maskOfAnotherSizeSendsNothing();
    void maskNotBlackAndWhiteSendsNothing();
    void baseImageOutsideTheLimitsSendsNothing();
    void expandGrowsTheImage();
    void multiImageEditRecordsEveryInput();
    void failedEditTask();
    void failedImageOfAnEdit();

private:
    GenerationRequest editRequest(const QString &function) const;
    RequestInput input(InputRole role, const QString &name, const QImage &image) const;
    qint64 submit(const GenerationRequest &request);
    bool waitFinished(qint64 id);

    ModelCatalog m_catalog;
    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    QTemporaryDir *m_dir = nullptr; // m_fixture's
    SimulatorServer *m_simulator = nullptr; // m_fixture's
    std::unique_ptr<Library> m_library;
    std::unique_ptr<TaskService> m_service;
    QList<OutputRecord> m_saved;
};

void tst_EditTasks::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_catalog = ModelCatalog::builtIn();
}

void tst_EditTasks::init()
{
    m_fixture = std::make_unique<SimulatorFixture>(m_catalog);
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_dir = m_fixture->dir();
    m_simulator = m_fixture->simulator();
    m_library = std::make_unique<Library>();
    const LibraryResult opened = m_library->open(m_fixture->libraryPath());
    QVERIFY2(opened, qPrintable(opened.message()));
    m_simulator->setLatency(200ms);
    m_service = std::make_unique<TaskService>(m_catalog, m_library.get(), m_fixture->network());
    // wanx2.1-imageedit is served in Beijing only.
    m_service->setEndpoint(m_fixture->endpoint(Region::Beijing));
    m_service->setApiKey(Key);
    m_service->setOutputDirectory(m_dir->filePath(QStringLiteral("out")));
    m_service->setPollPolicy(
            std::make_unique<ScaledPollPolicy>(std::make_unique<DefaultPollPolicy>(), 0.02));
    m_saved.clear();
    connect(m_service.get(), &TaskService::outputSaved, this,
            [this](const OutputRecord &output) { m_saved.append(output); });
}

void tst_EditTasks::cleanup()
{
    m_service.reset();
    m_library.reset();
    m_fixture.reset(); // last: the rest used its network and folder
}

GenerationRequest tst_EditTasks::editRequest(const QString &function) const
{
    GenerationRequest request;
    request.kind = MediaKind::ImageEdit;
    request.model = Edit;
    request.prompt = QStringLiteral("a red kite over the harbour");
    request.edit.function = function;
    request.seed = 42;
    return request;
}

RequestInput tst_EditTasks::input(InputRole role, const QString &name, const QImage &image) const
{
    RequestInput in;
    in.role = role;
    in.localPath = m_dir->filePath(name);
    if (!image.save(in.localPath, "PNG"))
        in.localPath.clear();
    return in;
}

qint64 tst_EditTasks::submit(const GenerationRequest &request)
{
    const TaskStart start = m_service->submit(request);
    for (const ValidationIssue &issue : start.issues)
        qWarning() << issue.field << issue.message;
    if (!start.isStarted() && start.issues.isEmpty())
        qWarning() << start.error.message;
    return start.id;
}

bool tst_EditTasks::waitFinished(qint64 id)
{
    const bool done = QTest::qWaitFor(
            [&] { return isFinished(m_service->task(id).state) && m_service->isIdle(); }, Timeout);
    if (!done)
        qWarning() << "task" << id << "still" << taskStateId(m_service->task(id).state);
    return done;
}

void tst_EditTasks::smallBaseImageGoesInline()
{
    GenerationRequest request = editRequest(QStringLiteral("colorization"));
    const RequestInput base
            = input(InputRole::Image, QStringLiteral("base.png"), picture({ 640, 512 }));
    request.inputs = { base };
    const qint64 id = submit(request);
    QVERIFY(id > 0);
    QVERIFY(waitFinished(id));
    const TaskRecord task = m_service->task(id);
    QVERIFY2(task.state == TaskState::Done, qPrintable(task.error.message));
    QCOMPARE(m_simulator->statistics().uploads, 0); // small: inline
    const QJsonObject sent = m_simulator->taskRequestBody(task.taskId);
    const QJsonObject sentInput = sent.value(QLatin1String("input")).toObject();
    QVERIFY(sentInput.value(QLatin1String("base_image_url"))
                    .toString()
                    .startsWith(QLatin1String("data:image/png;base64,")));
    QCOMPARE(sentInput.value(QLatin1String("function")).toString(), QStringLiteral("colorization"));
    QVERIFY(!sent.value(QLatin1String("parameters")).toObject().contains(QLatin1String("size")));

    // Saved like any image, at the base image's size.
    QCOMPARE(m_saved.size(), 1);
    QCOMPARE(m_saved.first().mediaType, QStringLiteral("image/png"));
    QCOMPARE(QImage(m_saved.first().filePath).size(), QSize(640, 512));
    // The input recorded in the library: the file and its hash, never the data: URI.
    const QList<RequestInput> stored = m_library->task(id).request.inputs;
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().role, InputRole::Image);
    QCOMPARE(stored.first().localPath, base.localPath);
    QVERIFY(stored.first().url.isEmpty());
    QCOMPARE(stored.first().sha256, sha256Of(base.localPath));
    QCOMPARE(m_library->task(id).request.edit.function, QStringLiteral("colorization"));
}

void tst_EditTasks::largeBaseImageGoesByUpload()
{
    GenerationRequest request = editRequest(QStringLiteral("stylization_all"));
    request.edit.strength = 0.7;
    const RequestInput base
            = input(InputRole::Image, QStringLiteral("noise.png"), picture({ 1100, 1000 }, true));
    QVERIFY(QFileInfo(base.localPath).size() > InputPreparer::InlineMaxBytes);
    request.inputs = { base };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    const TaskRecord task = m_service->task(id);
    QVERIFY2(task.state == TaskState::Done, qPrintable(task.error.message));
    QCOMPARE(m_simulator->statistics().uploads, 2); // getPolicy and the form POST
    const QJsonObject sent = m_simulator->taskRequestBody(task.taskId);
    QVERIFY(sent.value(QLatin1String("input"))
                    .toObject()
                    .value(QLatin1String("base_image_url"))
                    .toString()
                    .startsWith(QLatin1String("oss://")));
    QCOMPARE(sent.value(QLatin1String("parameters")).toObject().value(QLatin1String("strength")),
             QJsonValue(0.7));
    const RequestInput stored = m_library->task(id).request.inputs.value(0);
    QCOMPARE(stored.sha256, sha256Of(base.localPath));
    QCOMPARE(stored.localPath, base.localPath);
    const UploadRecord upload
            = m_library->reusableUpload(Edit, m_service->endpoint(), stored.sha256);
    QVERIFY2(upload.ossUrl.startsWith(QLatin1String("oss://")), qPrintable(upload.ossUrl));
    QCOMPARE(QImage(m_saved.value(0).filePath).size(), QSize(1100, 1000));
}

void tst_EditTasks::inpaintingUploadsTheMaskAndKeepsTheRest()
{
    GenerationRequest request = editRequest(QStringLiteral("description_edit_with_mask"));
    const QImage basePicture = picture({ 640, 512 });
    const QRect white(300, 100, 200, 250);
    const RequestInput base = input(InputRole::Image, QStringLiteral("base.png"), basePicture);
    const RequestInput mask = input(InputRole::Mask, QStringLiteral("mask.png"),
                                    rectangleMask(basePicture.size(), white));
    request.inputs = { base, mask };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    const TaskRecord task = m_service->task(id);
    QVERIFY2(task.state == TaskState::Done, qPrintable(task.error.message));
    // The base inline, the (small) mask uploaded all the same.
    QCOMPARE(m_simulator->statistics().uploads, 2);
    const QJsonObject sentInput
            = m_simulator->taskRequestBody(task.taskId).value(QLatin1String("input")).toObject();
    QVERIFY(sentInput.value(QLatin1String("base_image_url"))
                    .toString()
                    .startsWith(QLatin1String("data:")));
    QVERIFY(sentInput.value(QLatin1String("mask_image_url"))
                    .toString()
                    .startsWith(QLatin1String("oss://")));
    // Only the masked area changed.
    const QImage made = QImage(m_saved.value(0).filePath).convertToFormat(QImage::Format_RGB32);
    QCOMPARE(made.size(), basePicture.size());
    for (int y = 0; y < made.height(); y += 7) {
        for (int x = 0; x < made.width(); x += 7) {
            if (!white.contains(x, y) && made.pixel(x, y) != basePicture.pixel(x, y))
                QFAIL(qPrintable(QStringLiteral("%1,%2 changed outside the mask").arg(x).arg(y)));
        }
    }
    QVERIFY(made.copy(white) != basePicture.copy(white));
    // Both inputs recorded, in order, with their hashes.
    const QList<RequestInput> stored = m_library->task(id).request.inputs;
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored.at(1).role, InputRole::Mask);
    QCOMPARE(stored.at(1).localPath, mask.localPath);
    QCOMPARE(stored.at(1).sha256, sha256Of(mask.localPath));
}

// Refused at submit, from the files' headers: nothing recorded, nothing sent (bad input changes
// nothing).
void tst_EditTasks::maskOfAnotherSizeSendsNothing()
{
    GenerationRequest request = editRequest(QStringLiteral("description_edit_with_mask"));
    request.inputs = { input(InputRole::Image, QStringLiteral("base.png"), picture({ 640, 512 })),
                       input(InputRole::Mask, QStringLiteral("mask.png"),
                             rectangleMask({ 600, 512 }, { 10, 10, 50, 50 })) };
    const TaskStart start = m_service->submit(request);
    QVERIFY(!start.isStarted());
    QCOMPARE(start.refusal, TaskStart::Refusal::InvalidRequest);
    QCOMPARE(start.issues.size(), 1);
    QCOMPARE(start.issues.first().field, QStringLiteral("mask"));
    const QString message = start.error.message;
    QVERIFY2(message.contains(QStringLiteral(u"600×512"))
                     && message.contains(QStringLiteral(u"640×512"))
                     && message.contains(QLatin1String("mask.png")),
             qPrintable(message));
    QVERIFY(m_library->findTasks({}).isEmpty()); // nothing recorded
    QCOMPARE(m_simulator->statistics().creates, 0);
    QCOMPARE(m_simulator->statistics().uploads, 0);
}

void tst_EditTasks::maskNotBlackAndWhiteSendsNothing()
{
    GenerationRequest request = editRequest(QStringLiteral("description_edit_with_mask"));
    request.inputs = { input(InputRole::Image, QStringLiteral("base.png"), picture({ 640, 512 })),
                       input(InputRole::Mask, QStringLiteral("photo.png"), picture({ 640, 512 })) };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    const TaskRecord task = m_service->task(id);
    QCOMPARE(task.state, TaskState::Failed);
    QVERIFY2(task.error.message.contains(QLatin1String("not black and white")),
             qPrintable(task.error.message));
    QCOMPARE(m_simulator->statistics().creates, 0);
    QCOMPARE(m_simulator->statistics().uploads, 0);
}

void tst_EditTasks::baseImageOutsideTheLimitsSendsNothing()
{
    GenerationRequest request = editRequest(QStringLiteral("super_resolution"));
    request.edit.upscaleFactor = 2;
    request.inputs
            = { input(InputRole::Image, QStringLiteral("small.png"), picture({ 400, 300 })) };
    const TaskStart start = m_service->submit(request);
    QVERIFY(!start.isStarted());
    QCOMPARE(start.refusal, TaskStart::Refusal::InvalidRequest);
    QVERIFY2(start.error.message.contains(QStringLiteral(u"400 × 300"))
                     && start.error.message.contains(QStringLiteral(u"512–4096")),
             qPrintable(start.error.message));
    QVERIFY(m_library->findTasks({}).isEmpty()); // nothing recorded
    QCOMPARE(m_simulator->statistics().creates, 0);
}

void tst_EditTasks::expandGrowsTheImage()
{
    GenerationRequest request = editRequest(QStringLiteral("expand"));
    request.edit.topScale = 1.5;
    request.edit.leftScale = 1.25;
    request.edit.rightScale = 1.25;
    request.inputs = { input(InputRole::Image, QStringLiteral("base.png"), picture({ 640, 512 })) };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    QVERIFY2(m_service->task(id).state == TaskState::Done,
             qPrintable(m_service->task(id).error.message));
    QCOMPARE(QImage(m_saved.value(0).filePath).size(), QSize(960, 768));
    const QJsonObject parameters = m_simulator->taskRequestBody(m_service->task(id).taskId)
                                           .value(QLatin1String("parameters"))
                                           .toObject();
    QCOMPARE(parameters.value(QLatin1String("top_scale")).toDouble(), 1.5);
    QCOMPARE(parameters.value(QLatin1String("bottom_scale")).toDouble(), 1.0);
}

void tst_EditTasks::multiImageEditRecordsEveryInput()
{
    m_service->setEndpoint(m_fixture->endpoint(Region::Singapore));
    GenerationRequest request;
    request.kind = MediaKind::ImageEdit;
    request.model = MultiImage;
    request.prompt = QStringLiteral("the kite from the first over the harbour of the second");
    request.seed = 5;
    request.count = 2;
    request.inputs = { input(InputRole::Image, QStringLiteral("a.png"), picture({ 800, 600 })),
                       input(InputRole::Image, QStringLiteral("b.png"), picture({ 600, 600 })),
                       input(InputRole::Image, QStringLiteral("c.png"), picture({ 600, 1200 })) };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    const TaskRecord task = m_service->task(id);
    QVERIFY2(task.state == TaskState::Done, qPrintable(task.error.message));
    const QJsonObject sent = m_simulator->taskRequestBody(task.taskId);
    QCOMPARE(sent.value(QLatin1String("input"))
                     .toObject()
                     .value(QLatin1String("images"))
                     .toArray()
                     .size(),
             3);
    // No size: the service follows the last input's shape (1:2 here).
    QVERIFY(!sent.value(QLatin1String("parameters")).toObject().contains(QLatin1String("size")));
    QCOMPARE(m_saved.size(), 2);
    const QSize made = QImage(m_saved.first().filePath).size();
    QVERIFY2(std::abs(double(made.width()) / made.height() - 0.5) < 0.01,
             qPrintable(QStringLiteral("%1x%2").arg(made.width()).arg(made.height())));
    const QList<RequestInput> stored = m_library->task(id).request.inputs;
    QCOMPARE(stored.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(stored.at(i).localPath, request.inputs.at(i).localPath);
        QCOMPARE(stored.at(i).sha256, sha256Of(request.inputs.at(i).localPath));
    }
    QVERIFY(!m_library->task(id).request.size.isValid());

    // A retry sends the same request: still no size, the same files.
    const qint64 again = m_service->retry(id).id;
    QVERIFY(again > 0);
    QVERIFY(waitFinished(again));
    QVERIFY2(m_service->task(again).state == TaskState::Done,
             qPrintable(m_service->task(again).error.message));
    QVERIFY(!m_simulator->taskRequestBody(m_service->task(again).taskId)
                     .value(QLatin1String("parameters"))
                     .toObject()
                     .contains(QLatin1String("size")));
}

void tst_EditTasks::failedEditTask()
{
    m_simulator->setFaults({ SimulatorServer::Fault::FailTask });
    GenerationRequest request = editRequest(QStringLiteral("remove_watermark"));
    request.inputs = { input(InputRole::Image, QStringLiteral("base.png"), picture({ 640, 512 })) };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    const TaskRecord task = m_service->task(id);
    QCOMPARE(task.state, TaskState::Failed);
    QCOMPARE(task.error.code, QStringLiteral("InternalError.Algo"));
    QVERIFY(m_saved.isEmpty());
    // The inputs stay recorded: the failed edit can be retried from the same files.
    QCOMPARE(m_library->task(id).request.inputs.size(), 1);
}

void tst_EditTasks::failedImageOfAnEdit()
{
    m_simulator->setFaults({ SimulatorServer::Fault::ImageContentPolicy });
    GenerationRequest request = editRequest(QStringLiteral("description_edit"));
    request.count = 2;
    request.inputs = { input(InputRole::Image, QStringLiteral("base.png"), picture({ 640, 512 })) };
    const qint64 id = submit(request);
    QVERIFY(waitFinished(id));
    const TaskRecord task = m_service->task(id);
    QCOMPARE(task.state, TaskState::PartlyDone);
    QCOMPARE(task.savedOutputCount(), 1);
    QCOMPARE(task.failedOutputCount(), 1);
    QCOMPARE(task.outputs.at(1).errorCode, QStringLiteral("DataInspectionFailed"));
    QCOMPARE(m_saved.size(), 1);
}

QTEST_MAIN(tst_EditTasks)
#include "tst_edittasks.moc"
