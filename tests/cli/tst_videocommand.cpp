// `dashscope-studio video`, end to end: the real binary against a simulator in this process (or
// its own, with --demo), each run with its own HOME. Also `history --kind` and `fetch` of a video
// task made elsewhere.
#include "domain/modelcatalog.h"
#include "library/videofile.h"
#include "simulator/simulatorserver.h"
#include "support/clitest.h"
#include "support/simulatorfixture.h"
#include "support/testenvironment.h"

#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

class tst_VideoCommand final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void demoSavesAnMp4AndPrintsItsPath();
    void imageChoosesAnImageToVideoModel();
    void invalidInputSendsNothing_data();
    void invalidInputSendsNothing();
    void textToVideoAgainstTheService();
    void fetchFollowsAVideoTaskCreatedElsewhere();
    void dryRunAndMaxCostPriceTheSeconds();

private:
    using Result = CliResult;

    Result run(const QStringList &arguments, const QString &apiKey = QStringLiteral("sk-test"));
    QStringList serviceArguments() const
    {
        return cliServiceArguments(m_server->baseUrl(), m_output);
    }
    QString frame(const QString &name, QSize size) const;

    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    QTemporaryDir *m_home = nullptr; // m_fixture's: the runs' HOME
    SimulatorServer *m_server = nullptr; // m_fixture's
    QString m_output;
};

void tst_VideoCommand::init()
{
    m_fixture = std::make_unique<SimulatorFixture>();
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_home = m_fixture->dir();
    m_server = m_fixture->simulator();
    m_output = m_home->filePath(QStringLiteral("out"));
    m_server->setLatency(std::chrono::milliseconds(300));
    m_server->setVideoRenderLimit(320, 1);
}

void tst_VideoCommand::cleanup()
{
    m_fixture.reset();
}

tst_VideoCommand::Result tst_VideoCommand::run(const QStringList &arguments, const QString &apiKey)
{
    return runCli(arguments, isolatedEnvironment(m_home->path(), apiKey));
}

QString tst_VideoCommand::frame(const QString &name, QSize size) const
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(qRgb(40, 120, 200));
    const QString path = m_home->filePath(name);
    return image.save(path, "PNG") ? path : QString();
}

void tst_VideoCommand::demoSavesAnMp4AndPrintsItsPath()
{
    const Result result = run({ QStringLiteral("video"), QStringLiteral("--demo"),
                                QStringLiteral("-o"), m_output, QStringLiteral("--seed"),
                                QStringLiteral("5"), QStringLiteral("a paper boat") },
                              QString());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.outLines().size(), 1);
    const QString path = result.outLines().first();
    QVERIFY2(path.endsWith(QLatin1String("_5.mp4")), qPrintable(path));
    QVERIFY(VideoFile::probe(path).valid);
    QVERIFY(VideoFile::readProvenance(path));
    QCOMPARE(m_server->statistics().total(), 0); // its own simulator, not ours

    // history --kind: the video is a video, not an image.
    const Result videos = run({ QStringLiteral("history"), QStringLiteral("--kind"),
                                QStringLiteral("video"), QStringLiteral("--json") });
    QCOMPARE(videos.exitCode, 0);
    QCOMPARE(videos.outLines().size(), 1);
    const Result images = run({ QStringLiteral("history"), QStringLiteral("--kind"),
                                QStringLiteral("image"), QStringLiteral("--json") });
    QCOMPARE(images.exitCode, 0);
    QVERIFY(images.outLines().isEmpty());
    const Result wrong
            = run({ QStringLiteral("history"), QStringLiteral("--kind"), QStringLiteral("gif") });
    QCOMPARE(wrong.exitCode, 2);
}

void tst_VideoCommand::imageChoosesAnImageToVideoModel()
{
    const Result result = run({ QStringLiteral("video"), QStringLiteral("--demo"),
                                QStringLiteral("-o"), m_output, QStringLiteral("--image"),
                                frame(QStringLiteral("first.png"), QSize(640, 480)),
                                QStringLiteral("--resolution"), QStringLiteral("720p"),
                                QStringLiteral("the sea starts to move") },
                              QString());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.outLines().size(), 1);
    const Result history = run({ QStringLiteral("history"), QStringLiteral("--json") });
    const QJsonObject entry
            = QJsonDocument::fromJson(history.outLines().value(0).toUtf8()).object();
    const ModelInfo model
            = ModelCatalog::builtIn().model(entry.value(QStringLiteral("model")).toString());
    QCOMPARE(model.kind, MediaKind::ImageToVideo);
}

void tst_VideoCommand::invalidInputSendsNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("last frame without a first")
            << QStringList { QStringLiteral("--last-frame"), QStringLiteral("/nonexistent.png"),
                             QStringLiteral("a door opens") }
            << "--last-frame needs --image";
    QTest::newRow("unreadable image")
            << QStringList { QStringLiteral("--image"), QStringLiteral("/nonexistent.png"),
                             QStringLiteral("a door opens") }
            << "Cannot read the image";
    QTest::newRow("duration the model does not offer")
            << QStringList { QStringLiteral("-m"), QStringLiteral("wan2.5-t2v-preview"),
                             QStringLiteral("--duration"), QStringLiteral("7"),
                             QStringLiteral("a door opens") }
            << "7";
    QTest::newRow("an image model")
            << QStringList { QStringLiteral("-m"), QStringLiteral("wan2.5-t2i-preview"),
                             QStringLiteral("a door opens") }
            << "text-to-image";
    QTest::newRow("no prompt for text-to-video") << QStringList {} << "prompt";
}

void tst_VideoCommand::invalidInputSendsNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result result
            = run(QStringList { QStringLiteral("video") } + serviceArguments() + arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(QString::fromUtf8(result.err).contains(message), result.err.constData());
    QCOMPARE(m_server->statistics().total(), 0);
}

void tst_VideoCommand::textToVideoAgainstTheService()
{
    // The real schedule: the first poll of a video after 15 s.
    const Result result = run(QStringList { QStringLiteral("video"), QStringLiteral("--json"),
                                            QStringLiteral("-m"), QStringLiteral("wan2.2-t2v-plus"),
                                            QStringLiteral("-s"), QStringLiteral("832*480"),
                                            QStringLiteral("a fox in the snow") }
                              + serviceArguments());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(m_server->statistics().creates, 1);
    QVERIFY2(m_server->statistics().polls <= 3,
             qPrintable(QString::number(m_server->statistics().polls)));
    // One "video" event with the file's length and size.
    const QList<QJsonObject> videos = result.events(QStringLiteral("video"));
    QCOMPARE(videos.size(), 1);
    const QJsonObject video = videos.first();
    QVERIFY2(video.value(QStringLiteral("path")).toString().endsWith(QLatin1String(".mp4")),
             result.out.constData());
    QVERIFY(video.value(QStringLiteral("duration_ms")).toInteger() > 0);
    QCOMPARE(video.value(QStringLiteral("width")).toInt(), 320);
}

void tst_VideoCommand::fetchFollowsAVideoTaskCreatedElsewhere()
{
    const QString taskId = createTaskElsewhere(
            m_fixture->network(), m_server->baseUrl(),
            QStringLiteral("services/aigc/video-generation/video-synthesis"),
            R"({"model":"wan2.2-t2v-plus","input":{"prompt":"a red kite"},"parameters":{"size":"832*480"}})");
    QVERIFY(!taskId.isEmpty());

    const Result result = run(QStringList { QStringLiteral("fetch"), taskId } + serviceArguments());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.outLines().size(), 1);
    const QString path = result.outLines().first();
    QVERIFY2(path.endsWith(QLatin1String(".mp4")) && path.contains(QLatin1String("a-red-kite")),
             qPrintable(path));
    QVERIFY(VideoFile::probe(path).valid);
    QCOMPARE(m_server->statistics().creates, 1);
    const Result videos
            = run({ QStringLiteral("history"), QStringLiteral("--kind"), QStringLiteral("video") });
    QVERIFY2(videos.out.contains(path.toUtf8()), videos.out.constData());
}

void tst_VideoCommand::dryRunAndMaxCostPriceTheSeconds()
{
    const QStringList request { QStringLiteral("-m"),
                                QStringLiteral("wan2.5-t2v-preview"),
                                QStringLiteral("-s"),
                                QStringLiteral("832*480"),
                                QStringLiteral("--duration"),
                                QStringLiteral("5"),
                                QStringLiteral("a fox in the snow") };
    // A video is priced by the second at its resolution tier: 5 s x $0.05 (480P).
    const Result dry = run(QStringList { QStringLiteral("video"), QStringLiteral("--dry-run") }
                           + request + serviceArguments());
    QVERIFY2(dry.exitCode == 0, dry.err.constData());
    QVERIFY2(dry.err.contains("Estimate: \u2248 $0.25 \u00b7 5 s 480P"), dry.err.constData());
    const QJsonObject body = QJsonDocument::fromJson(dry.out.mid(dry.out.indexOf('{'))).object();
    QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("wan2.5-t2v-preview"));
    QCOMPARE(body.value(QStringLiteral("parameters")).toObject().value(QStringLiteral("duration")),
             5);

    // With a local first frame: shown as its file, nothing uploaded.
    const QString first = frame(QStringLiteral("first.png"), QSize(640, 480));
    const Result withImage
            = run(QStringList { QStringLiteral("video"), QStringLiteral("--dry-run"),
                                QStringLiteral("--image"), first, QStringLiteral("a door opens") }
                  + serviceArguments());
    QVERIFY2(withImage.exitCode == 0, withImage.err.constData());
    QVERIFY2(withImage.out.contains(QUrl::fromLocalFile(first).toEncoded()),
             withImage.out.constData());

    const Result capped = run(QStringList { QStringLiteral("video"), QStringLiteral("--max-cost"),
                                            QStringLiteral("0.20") }
                              + request + serviceArguments());
    QCOMPARE(capped.exitCode, 2);
    QVERIFY2(capped.err.contains("more than --max-cost $0.20"), capped.err.constData());
    QCOMPARE(m_server->statistics().creates, 0);
    QVERIFY(!QFileInfo::exists(m_output));
}

QTEST_GUILESS_MAIN(tst_VideoCommand)
#include "tst_videocommand.moc"
