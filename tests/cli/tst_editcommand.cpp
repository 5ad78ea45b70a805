// `dashscope-studio edit`, end to end: the real binary against a simulator in this process (or
// its own, with --demo), each run with its own HOME. Every function of wanx2.1-imageedit,
// wan2.5-i2i-preview with three images, what is refused before anything is sent, the estimate,
// and `history` of edit tasks.
#include "library/imagemetadata.h"
#include "simulator/simulatorserver.h"
#include "support/clitest.h"
#include "support/simulatorfixture.h"
#include "support/testenvironment.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;

class tst_EditCommand final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void helpListsEveryFunction();
    void everyFunctionAgainstTheService_data();
    void everyFunctionAgainstTheService();
    void everyFunctionInDemoMode_data();
    void everyFunctionInDemoMode();
    void inpaintSendsTheMask();
    void expandSendsTheFourScales();
    void threeImagesForWan25();
    void refusedBeforeAnythingIsSent_data();
    void refusedBeforeAnythingIsSent();
    void dryRunPricesTheEdit();
    void historyShowsEditTasksWithTheirKind();

private:
    QStringList serviceArguments() const
    {
        return cliServiceArguments(m_server->baseUrl(), m_output);
    }
    CliResult run(const QStringList &arguments,
                  const QString &apiKey = QStringLiteral("sk-test")) const
    {
        return runCli(arguments, isolatedEnvironment(m_home->path(), apiKey));
    }
    // A PNG under the test's HOME: a picture with some shapes, or a mask (white where to edit).
    QString image(const QString &name, QSize size = QSize(512, 512)) const;
    QString mask(const QString &name, QSize size = QSize(512, 512)) const;
    // `edit` against the simulator for wanx2.1-imageedit (Beijing only) with `arguments`.
    QStringList imageEdit(const QStringList &arguments) const
    {
        return QStringList { u"edit"_s, u"-r"_s, u"beijing"_s, u"-m"_s, u"wanx2.1-imageedit"_s }
        + arguments + serviceArguments();
    }
    // The one saved image of a run with --json, checked: an "image" event whose file is a PNG
    // with our provenance, and a "finished" event with exit code 0.
    static QString savedImage(const CliResult &result);

    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    QTemporaryDir *m_home = nullptr; // m_fixture's: the runs' HOME
    SimulatorServer *m_server = nullptr; // m_fixture's
    QString m_output;
};

void tst_EditCommand::init()
{
    m_fixture = std::make_unique<SimulatorFixture>();
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_home = m_fixture->dir();
    m_server = m_fixture->simulator();
    m_output = m_home->filePath(u"out"_s);
    m_server->setLatency(std::chrono::milliseconds(300));
}

void tst_EditCommand::cleanup()
{
    m_fixture.reset();
}

QString tst_EditCommand::image(const QString &name, QSize size) const
{
    QImage picture(size, QImage::Format_RGB32);
    picture.fill(qRgb(40, 120, 200));
    QPainter painter(&picture);
    painter.fillRect(QRect(QPoint(size.width() / 4, size.height() / 4), size / 2),
                     QColor(230, 180, 40));
    painter.end();
    const QString path = m_home->filePath(name);
    return picture.save(path, "PNG") ? path : QString();
}

QString tst_EditCommand::mask(const QString &name, QSize size) const
{
    QImage picture(size, QImage::Format_RGB32);
    picture.fill(Qt::black);
    QPainter painter(&picture);
    painter.fillRect(QRect(QPoint(0, 0), size / 2), Qt::white);
    painter.end();
    const QString path = m_home->filePath(name);
    return picture.save(path, "PNG") ? path : QString();
}

QString tst_EditCommand::savedImage(const CliResult &result)
{
    const QList<QJsonObject> images = result.events(u"image"_s);
    const QList<QJsonObject> finished = result.events(u"finished"_s);
    if (images.size() != 1 || finished.size() != 1
        || finished.first().value(u"exit_code"_s).toInt(-1) != 0) {
        qWarning().noquote() << "not one image and a finished event:" << result.out;
        return {};
    }
    const QString path = images.first().value(u"path"_s).toString();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning() << "cannot read" << path;
        return {};
    }
    const QByteArray png = file.readAll();
    if (!ImageMetadata::isPng(png) || !ImageMetadata::read(png)) {
        qWarning() << "not a PNG with provenance:" << path;
        return {};
    }
    return path;
}

void tst_EditCommand::helpListsEveryFunction()
{
    const CliResult help = run({ u"edit"_s, u"--help"_s });
    QCOMPARE(help.exitCode, 0);
    const QString text = QString::fromUtf8(help.out);
    const QStringList functions {
        u"stylization_all"_s,  u"stylization_local"_s,
        u"description_edit"_s, u"description_edit_with_mask"_s,
        u"remove_watermark"_s, u"expand"_s,
        u"super_resolution"_s, u"colorization"_s,
        u"doodle"_s,           u"control_cartoon_feature"_s,
    };
    for (const QString &function : functions)
        QVERIFY2(text.contains(u"\n  "_s + function + u' '), qPrintable(function));
    for (const char *option : { "--function", "--image", "--mask", "--expand", "--upscale",
                                "--strength", "--sketch", "--dry-run", "--max-cost", "--demo" })
        QVERIFY2(text.contains(QLatin1String(option)), option);
    QVERIFY(text.contains(u"wan2.5-i2i-preview"_s));
}

namespace {

// Each function of wanx2.1-imageedit with the options it takes, and the base image's size.
void addFunctionRows()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("withMask");
    QTest::newRow("stylization_all")
            << QStringList { u"--function"_s, u"stylization_all"_s, u"--strength"_s, u"0.7"_s }
            << false;
    QTest::newRow("stylization_local")
            << QStringList { u"--function"_s, u"stylization_local"_s } << false;
    QTest::newRow("description_edit")
            << QStringList { u"--function"_s, u"description_edit"_s, u"--strength"_s, u"0.3"_s }
            << false;
    QTest::newRow("description_edit_with_mask")
            << QStringList { u"--function"_s, u"description_edit_with_mask"_s } << true;
    QTest::newRow("remove_watermark")
            << QStringList { u"--function"_s, u"remove_watermark"_s } << false;
    QTest::newRow("expand") << QStringList { u"--function"_s, u"expand"_s, u"--expand"_s,
                                             u"1.5,1.5,1.2,1.2"_s }
                            << false;
    QTest::newRow("super_resolution")
            << QStringList { u"--function"_s, u"super_resolution"_s, u"--upscale"_s, u"2"_s }
            << false;
    QTest::newRow("colorization") << QStringList { u"--function"_s, u"colorization"_s } << false;
    QTest::newRow("doodle") << QStringList { u"--function"_s, u"doodle"_s, u"--sketch"_s } << false;
    QTest::newRow("control_cartoon_feature")
            << QStringList { u"--function"_s, u"control_cartoon_feature"_s } << false;
}

} // namespace

void tst_EditCommand::everyFunctionAgainstTheService_data()
{
    addFunctionRows();
}

void tst_EditCommand::everyFunctionAgainstTheService()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, withMask);
    const QString base = image(u"base.png"_s);
    QStringList extra { u"--json"_s, u"--seed"_s, u"7"_s, u"--image"_s, base };
    if (withMask)
        extra += QStringList { u"--mask"_s, mask(u"mask.png"_s) };
    const CliResult result = run(imageEdit(arguments + extra + QStringList { u"make it dusk"_s }));
    QVERIFY2(result.exitCode == 0, (result.err + result.out).constData());
    const QString path = savedImage(result);
    QVERIFY(!path.isEmpty());
    QVERIFY2(path.startsWith(m_output) && path.endsWith(u"_7.png"_s), qPrintable(path));
    QCOMPARE(m_server->statistics().creates, 1);

    // What reached the service: the function, the base image (a data: URI: it is small).
    const QString taskId = m_server->taskIds().value(0);
    const QJsonObject body = m_server->taskRequestBody(taskId);
    const QJsonObject input = body.value(u"input"_s).toObject();
    QCOMPARE(body.value(u"model"_s).toString(), u"wanx2.1-imageedit"_s);
    QCOMPARE(input.value(u"function"_s).toString(), arguments.at(1));
    QVERIFY2(input.value(u"base_image_url"_s).toString().startsWith(u"data:image/png;base64,"_s),
             qPrintable(input.value(u"base_image_url"_s).toString().left(40)));
    QCOMPARE(input.contains(u"mask_image_url"_s), withMask);
    QCOMPARE(body.value(u"parameters"_s).toObject().value(u"n"_s).toInt(), 1);
}

void tst_EditCommand::everyFunctionInDemoMode_data()
{
    addFunctionRows();
}

void tst_EditCommand::everyFunctionInDemoMode()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, withMask);
    QStringList command { u"edit"_s, u"--demo"_s, u"-r"_s,      u"beijing"_s,
                          u"-o"_s,   m_output,    u"--image"_s, image(u"base.png"_s) };
    if (withMask)
        command += QStringList { u"--mask"_s, mask(u"mask.png"_s) };
    // No key, no -m: a function asks for wanx2.1-imageedit.
    const CliResult result
            = run(command + arguments + QStringList { u"make it dusk"_s }, QString());
    QVERIFY2(result.exitCode == 0, (result.err + result.out).constData());
    QCOMPARE(result.outLines().size(), 1);
    const QString path = result.outLines().first();
    QVERIFY2(path.startsWith(m_output), qPrintable(path));
    QImage saved;
    QVERIFY2(saved.load(path, "PNG"), qPrintable(path));
    QCOMPARE(m_server->statistics().total(), 0); // its own simulator, not ours
}

void tst_EditCommand::inpaintSendsTheMask()
{
    // --mask alone implies inpainting (description_edit_with_mask), and with it wanx2.1-imageedit.
    const CliResult result = run(QStringList { u"edit"_s, u"--json"_s, u"-r"_s, u"beijing"_s,
                                               u"--image"_s, image(u"base.png"_s), u"--mask"_s,
                                               mask(u"mask.png"_s), u"a red door"_s }
                                 + serviceArguments());
    QVERIFY2(result.exitCode == 0, (result.err + result.out).constData());
    QVERIFY(!savedImage(result).isEmpty());
    const QJsonObject body = m_server->taskRequestBody(m_server->taskIds().value(0));
    QCOMPARE(body.value(u"model"_s).toString(), u"wanx2.1-imageedit"_s);
    const QJsonObject input = body.value(u"input"_s).toObject();
    QCOMPARE(input.value(u"function"_s).toString(), u"description_edit_with_mask"_s);
    QVERIFY(!input.value(u"mask_image_url"_s).toString().isEmpty());
    QVERIFY(input.value(u"mask_image_url"_s) != input.value(u"base_image_url"_s));

    // The task's inputs are recorded with where they came from.
    const CliResult history = run({ u"history"_s, u"--json"_s });
    const QJsonObject entry
            = QJsonDocument::fromJson(history.outLines().value(0).toUtf8()).object();
    const QJsonArray inputs = entry.value(u"inputs"_s).toArray();
    QCOMPARE(inputs.size(), 2);
    QCOMPARE(inputs.at(0).toObject().value(u"role"_s).toString(), u"image"_s);
    QCOMPARE(inputs.at(0).toObject().value(u"path"_s).toString(), m_home->filePath(u"base.png"_s));
    QCOMPARE(inputs.at(1).toObject().value(u"role"_s).toString(), u"mask"_s);
}

void tst_EditCommand::expandSendsTheFourScales()
{
    const QString base = image(u"base.png"_s);
    const CliResult result = run(imageEdit({ u"--json"_s, u"--expand"_s, u"2,1,1.5,1"_s,
                                             u"--image"_s, base, u"a wider beach"_s }));
    QVERIFY2(result.exitCode == 0, (result.err + result.out).constData());
    const QString path = savedImage(result);
    QVERIFY(!path.isEmpty());
    const QJsonObject body = m_server->taskRequestBody(m_server->taskIds().value(0));
    QCOMPARE(body[u"input"_s][u"function"_s].toString(), u"expand"_s);
    const QJsonObject parameters = body.value(u"parameters"_s).toObject();
    QCOMPARE(parameters.value(u"top_scale"_s).toDouble(), 2.0);
    QCOMPARE(parameters.value(u"bottom_scale"_s).toDouble(), 1.0);
    QCOMPARE(parameters.value(u"left_scale"_s).toDouble(), 1.5);
    QCOMPARE(parameters.value(u"right_scale"_s).toDouble(), 1.0);
    // The canvas grew.
    const QImage saved(path);
    QVERIFY2(saved.width() > 512 && saved.height() > 512,
             qPrintable(u"%1x%2"_s.arg(saved.width()).arg(saved.height())));
}

void tst_EditCommand::threeImagesForWan25()
{
    const CliResult result
            = run(QStringList { u"edit"_s, u"--json"_s, u"-n"_s, u"2"_s, u"--seed"_s, u"11"_s,
                                u"--image"_s, image(u"one.png"_s), u"--image"_s,
                                image(u"two.png"_s, QSize(768, 576)), u"--image"_s,
                                image(u"three.png"_s, QSize(576, 768)),
                                u"the cat from the first on the sofa of the second"_s }
                  + serviceArguments());
    QVERIFY2(result.exitCode == 0, (result.err + result.out).constData());
    const QList<QJsonObject> images = result.events(u"image"_s);
    QCOMPARE(images.size(), 2);
    for (const QJsonObject &saved : images)
        QVERIFY(QFileInfo::exists(saved.value(u"path"_s).toString()));
    const QJsonObject body = m_server->taskRequestBody(m_server->taskIds().value(0));
    QCOMPARE(body.value(u"model"_s).toString(), u"wan2.5-i2i-preview"_s); // the default
    QCOMPARE(body[u"input"_s][u"images"_s].toArray().size(), 3);
    QVERIFY(!body[u"input"_s].toObject().contains(u"function"_s));
    QCOMPARE(body[u"parameters"_s][u"n"_s].toInt(), 2);
}

void tst_EditCommand::refusedBeforeAnythingIsSent_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString base = u"base.png"_s; // made by the test, under its HOME
    QTest::newRow("unknown function") << QStringList { u"-r"_s,      u"beijing"_s, u"--function"_s,
                                                       u"sharpen"_s, u"--image"_s, base }
                                      << u"sharpen"_s;
    QTest::newRow("no image") << QStringList { u"-r"_s, u"beijing"_s, u"--function"_s,
                                               u"colorization"_s }
                              << u"image"_s;
    QTest::newRow("no image for wan2.5-i2i") << QStringList {} << u"image"_s;
    QTest::newRow("a mask for a function that takes none")
            << QStringList { u"-r"_s,      u"beijing"_s, u"--function"_s, u"colorization"_s,
                             u"--image"_s, base,         u"--mask"_s,     u"mask.png"_s }
            << u"mask"_s;
    QTest::newRow("expand scale over 2")
            << QStringList { u"-r"_s,        u"beijing"_s, u"--expand"_s,
                             u"2.5,1,1,1"_s, u"--image"_s, base }
            << u"2.5"_s;
    QTest::newRow("expand scale under 1")
            << QStringList { u"-r"_s,        u"beijing"_s, u"--expand"_s,
                             u"1,0.5,1,1"_s, u"--image"_s, base }
            << u"0.5"_s;
    QTest::newRow("expand not four numbers") << QStringList {
        u"-r"_s, u"beijing"_s, u"--expand"_s, u"1.5,1.5"_s, u"--image"_s, base
    } << u"TOP,BOTTOM,LEFT,RIGHT"_s;
    QTest::newRow("a function for wan2.5-i2i") << QStringList {
        u"-m"_s, u"wan2.5-i2i-preview"_s, u"--function"_s, u"expand"_s, u"--image"_s, base
    } << u"wan2.5-i2i-preview"_s;
    QTest::newRow("four images for wan2.5-i2i")
            << QStringList { u"--image"_s, base, u"--image"_s, base,
                             u"--image"_s, base, u"--image"_s, base }
            << u"3"_s;
    QTest::newRow("imageedit outside Beijing")
            << QStringList { u"--function"_s, u"colorization"_s, u"--image"_s, base }
            << u"wanx2.1-imageedit"_s;
    QTest::newRow("unreadable image")
            << QStringList { u"--image"_s, u"/nonexistent.png"_s } << u"Cannot read the image"_s;
    QTest::newRow("strength not a number")
            << QStringList { u"-r"_s,         u"beijing"_s, u"--function"_s, u"description_edit"_s,
                             u"--strength"_s, u"strong"_s,  u"--image"_s,    base }
            << u"strong"_s;
}

void tst_EditCommand::refusedBeforeAnythingIsSent()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QVERIFY(!image(u"base.png"_s).isEmpty());
    QVERIFY(!mask(u"mask.png"_s).isEmpty());
    // Relative paths are the binary's working directory: make them the test's HOME.
    for (QString &argument : arguments) {
        if (argument == u"base.png" || argument == u"mask.png")
            argument = m_home->filePath(argument);
    }
    const CliResult result = run(QStringList { u"edit"_s, u"--json"_s } + serviceArguments()
                                 + arguments + QStringList { u"a quiet street"_s });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(QString::fromUtf8(result.err).contains(message),
             (result.err + result.out).constData());
    const QList<QJsonObject> invalid = result.events(u"invalid"_s);
    QCOMPARE(invalid.size(), 1);
    QVERIFY(!invalid.first().value(u"issues"_s).toArray().isEmpty());
    QCOMPARE(m_server->statistics().total(), 0);
    QVERIFY(!QFileInfo::exists(m_output));
}

void tst_EditCommand::dryRunPricesTheEdit()
{
    const QString base = image(u"base.png"_s);
    // wanx2.1-imageedit: CNY 0.14 an image.
    const CliResult priced
            = run(imageEdit({ u"--dry-run"_s, u"-n"_s, u"2"_s, u"--function"_s, u"colorization"_s,
                              u"--image"_s, base, u"in colour"_s }));
    QVERIFY2(priced.exitCode == 0, priced.err.constData());
    QVERIFY2(priced.err.contains("Estimate: \u2248 \u00a50.28 \u00b7 2 images"),
             priced.err.constData());
    const QJsonObject body
            = QJsonDocument::fromJson(priced.out.mid(priced.out.indexOf('{'))).object();
    QCOMPARE(body[u"input"_s][u"function"_s].toString(), u"colorization"_s);
    // The base image as the local file it is: its wire value is made when it is sent.
    QCOMPARE(body[u"input"_s][u"base_image_url"_s].toString(),
             QUrl::fromLocalFile(base).toString());
    QVERIFY2(priced.err.contains("file: URLs"), priced.err.constData());

    // wan2.5-i2i-preview: no published price, said so.
    const CliResult unknown = run(
            QStringList { u"edit"_s, u"--dry-run"_s, u"--image"_s, base, u"a hat on the cat"_s }
            + serviceArguments());
    QVERIFY2(unknown.exitCode == 0, unknown.err.constData());
    QVERIFY2(unknown.err.contains("unknown price"), unknown.err.constData());
    const CliResult capped = run(QStringList { u"edit"_s, u"--max-cost"_s, u"1"_s, u"--image"_s,
                                               base, u"a hat on the cat"_s }
                                 + serviceArguments());
    QCOMPARE(capped.exitCode, 2);
    QCOMPARE(m_server->statistics().total(), 0);
    QVERIFY(!QFileInfo::exists(m_output));
}

void tst_EditCommand::historyShowsEditTasksWithTheirKind()
{
    // A text-to-image task first, then an edit of two images.
    QCOMPARE(run(QStringList { u"generate"_s, u"a grey street"_s } + serviceArguments()).exitCode,
             0);
    const CliResult edited = run(imageEdit({ u"--function"_s, u"colorization"_s, u"-n"_s, u"2"_s,
                                             u"--image"_s, image(u"base.png"_s), u"in colour"_s }));
    QVERIFY2(edited.exitCode == 0, edited.err.constData());
    const QString path = edited.outLines().value(0);
    QVERIFY(QFileInfo::exists(path));

    const CliResult json = run({ u"history"_s, u"--kind"_s, u"edit"_s, u"--json"_s });
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(json.outLines().size(), 2); // the edit's two images, not the generated one
    for (const QJsonObject &entry : json.events())
        QCOMPARE(entry.value(u"kind"_s).toString(), u"image-edit"_s);
    QVERIFY2(json.out.contains(path.toUtf8()), json.out.constData());
    // The limit counts the edits listed.
    const CliResult one
            = run({ u"history"_s, u"--kind"_s, u"edit"_s, u"--limit"_s, u"1"_s, u"--json"_s });
    QCOMPARE(one.outLines().size(), 1);
    // An edit makes images.
    const CliResult images = run({ u"history"_s, u"--kind"_s, u"image"_s, u"--json"_s });
    QCOMPARE(images.outLines().size(), 3);
    QVERIFY2(images.out.contains(path.toUtf8()), images.out.constData());
    const CliResult text = run({ u"history"_s });
    QVERIFY2(text.out.contains("image-edit"), text.out.constData());
}

QTEST_GUILESS_MAIN(tst_EditCommand)
#include "tst_editcommand.moc"
