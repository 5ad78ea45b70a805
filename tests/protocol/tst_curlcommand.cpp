// "Copy as cURL": the commands are checked by a real shell (/bin/sh), and the create command is
// run with the real curl against a simulator in this process, which must then hold a task made
// from exactly the body the program would send.

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "engine/taskservice.h"
#include "protocol/curlcommand.h"
#include "protocol/requestencoder.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorfixture.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace {

const QString SecretKey = QStringLiteral("sk-0123456789abcdef-never-shown");

// Shell code that replaces curl with a function printing each argument followed by a NUL byte:
// what the command would hand to curl, after the shell has done its quoting and substitution.
const QString PrintArguments
        = QStringLiteral("curl() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }\n");

} // namespace

class tst_CurlCommand : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void shellQuote_data();
    void shellQuote();
    void shellQuoteSurvivesTheShell_data();
    void shellQuoteSurvivesTheShell();

    void createCommandHasTheGuidesShape();
    void createCommandSendsExactlyTheClientsBody_data();
    void createCommandSendsExactlyTheClientsBody();
    void pollCommand();
    void noCommandWithoutARequest();
    void ossInputsAddTheResolveHeader();
    void editCommandWithLocalBaseAndUploadedMask();

    void neverContainsTheKey();
    void curlCreatesTheSameTaskOnTheSimulator_data();
    void curlCreatesTheSameTaskOnTheSimulator();

private:
    // Runs `script` with /bin/sh and the key in DASHSCOPE_API_KEY; waits with the event loop
    // running (the simulator lives in this process). Returns stdout; *ok is false on failure.
    QByteArray runShell(const QString &script, bool *ok, QByteArray *err = nullptr);
    // The arguments the command gives curl, by running it with PrintArguments in front.
    QStringList curlArguments(const QString &command);
    GenerationRequest request(const QString &model, const QString &prompt,
                              const QString &negative = QString()) const;

    const ModelCatalog m_catalog = ModelCatalog::builtIn();
};

void tst_CurlCommand::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

GenerationRequest tst_CurlCommand::request(const QString &model, const QString &prompt,
                                           const QString &negative) const
{
    GenerationRequest r;
    r.model = model;
    r.prompt = prompt;
    r.negativePrompt = negative;
    r.count = 2;
    r.seed = 12345;
    r.promptExtend = false;
    r.watermark = true;
    return r.resolved(m_catalog.model(model));
}

QByteArray tst_CurlCommand::runShell(const QString &script, bool *ok, QByteArray *err)
{
    QProcess shell;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DASHSCOPE_API_KEY"), SecretKey);
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    shell.setProcessEnvironment(env);
    QSignalSpy finished(&shell, &QProcess::finished);
    shell.start(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), script });
    *ok = shell.waitForStarted() && (finished.count() > 0 || finished.wait(30000))
            && shell.exitStatus() == QProcess::NormalExit && shell.exitCode() == 0;
    if (err)
        *err = shell.readAllStandardError();
    return shell.readAllStandardOutput();
}

QStringList tst_CurlCommand::curlArguments(const QString &command)
{
    bool ok = false;
    QByteArray err;
    const QByteArray out = runShell(PrintArguments + command, &ok, &err);
    if (!ok) {
        qWarning("sh failed: %s", err.constData());
        return {};
    }
    QStringList arguments;
    for (const QByteArray &argument : out.split('\0'))
        arguments.append(QString::fromUtf8(argument));
    if (!arguments.isEmpty() && arguments.last().isEmpty())
        arguments.removeLast(); // after the last NUL
    return arguments;
}

void tst_CurlCommand::shellQuote_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain word") << QStringLiteral("enable") << QStringLiteral("enable");
    QTest::newRow("url") << QStringLiteral("https://x.example/api/v1/tasks/86ecf553-d340")
                         << QStringLiteral("https://x.example/api/v1/tasks/86ecf553-d340");
    QTest::newRow("empty") << QString() << QStringLiteral("''");
    QTest::newRow("space") << QStringLiteral("a cat") << QStringLiteral("'a cat'");
    QTest::newRow("single quote") << QStringLiteral("it's") << QStringLiteral("'it'\\''s'");
    QTest::newRow("only a quote") << QStringLiteral("'") << QStringLiteral("''\\'''");
    QTest::newRow("dollar") << QStringLiteral("$HOME") << QStringLiteral("'$HOME'");
    QTest::newRow("chinese") << QStringLiteral("花店") << QStringLiteral("'花店'");
    QTest::newRow("tilde") << QStringLiteral("~") << QStringLiteral("'~'");
    QTest::newRow("glob") << QStringLiteral("*") << QStringLiteral("'*'");
}

void tst_CurlCommand::shellQuote()
{
    QFETCH(QString, text);
    QFETCH(QString, quoted);
    QCOMPARE(::shellQuote(text), quoted);
}

void tst_CurlCommand::shellQuoteSurvivesTheShell_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("single quotes") << QStringLiteral("a 'quoted' word and it's ''");
    QTest::newRow("double quotes") << QStringLiteral("say \"cheese\"");
    QTest::newRow("substitutions") << QStringLiteral("$DASHSCOPE_API_KEY `id` $(id) ${HOME}");
    QTest::newRow("backslashes") << QStringLiteral("a\\nb\\\\c\\");
    QTest::newRow("history and globs") << QStringLiteral("!! * ? [a] ~ & ; | < > # %");
    QTest::newRow("newlines and tabs") << QStringLiteral("line one\nline two\tend\n");
    QTest::newRow("chinese") << QStringLiteral("一间有着精致窗户的花店，漂亮的木质门，摆放着花朵");
    QTest::newRow("emoji") << QStringLiteral("🌸 spring");
    QTest::newRow("empty") << QString();
}

void tst_CurlCommand::shellQuoteSurvivesTheShell()
{
    QFETCH(QString, text);
    bool ok = false;
    const QByteArray out = runShell(QStringLiteral("printf '%s' ") + ::shellQuote(text), &ok);
    QVERIFY(ok);
    QCOMPARE(QString::fromUtf8(out), text);
}

void tst_CurlCommand::createCommandHasTheGuidesShape()
{
    const GenerationRequest r
            = request(QStringLiteral("wan2.5-t2i-preview"), QStringLiteral("a flower shop"));
    const QString command = curlCreateCommand(Endpoint(), m_catalog.model(r.model), r);
    const QStringList lines = command.split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0),
             QStringLiteral("curl -X POST "
                            "https://dashscope-intl.aliyuncs.com/api/v1/services/aigc/text2image/"
                            "image-synthesis \\"));
    QCOMPARE(lines.value(1), QStringLiteral("    -H 'X-DashScope-Async: enable' \\"));
    QCOMPARE(lines.value(2),
             QStringLiteral("    -H \"Authorization: Bearer $DASHSCOPE_API_KEY\" \\"));
    QCOMPARE(lines.value(3), QStringLiteral("    -H 'Content-Type: application/json' \\"));
    QCOMPARE(lines.value(4), QStringLiteral("    -d '{"));
    QCOMPARE(lines.last(), QStringLiteral("}'"));
    // Indented for reading, like the guide's body.
    QVERIFY(command.contains(QStringLiteral("\n        \"prompt\": \"a flower shop\"")));

    Endpoint beijing;
    beijing.region = Region::Beijing;
    beijing.baseUrl = regionBaseUrl(Region::Beijing);
    QVERIFY(curlCreateCommand(beijing, m_catalog.model(r.model), r)
                    .startsWith(QStringLiteral(
                            "curl -X POST https://dashscope.aliyuncs.com/api/v1/services/")));
}

void tst_CurlCommand::createCommandSendsExactlyTheClientsBody_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QString>("negative");
    QTest::newRow("plain") << QStringLiteral("wan2.5-t2i-preview")
                           << QStringLiteral("a lighthouse at dawn") << QString();
    QTest::newRow("guide's example, chinese")
            << QStringLiteral("wan2.5-t2i-preview")
            << QStringLiteral("一间有着精致窗户的花店，漂亮的木质门，摆放着花朵")
            << QStringLiteral("低分辨率、模糊、比例失调");
    QTest::newRow("single quotes")
            << QStringLiteral("wan2.2-t2i-flash") << QStringLiteral("the painter's 'blue' period")
            << QStringLiteral("don't blur");
    QTest::newRow("shell syntax") << QStringLiteral("wan2.2-t2i-flash")
                                  << QStringLiteral(
                                             "$DASHSCOPE_API_KEY `rm -rf /` $(id) \\\" !! ; & | *")
                                  << QStringLiteral("\\'\"");
    QTest::newRow("newline and emoji") << QStringLiteral("wan2.5-t2i-preview")
                                       << QStringLiteral("two lines\n🌸 second") << QString();
    QTest::newRow("messages protocol")
            << QStringLiteral("wan2.6-t2i") << QStringLiteral("a cat's whiskers")
            << QStringLiteral("blurry");
}

void tst_CurlCommand::createCommandSendsExactlyTheClientsBody()
{
    QFETCH(QString, model);
    QFETCH(QString, prompt);
    QFETCH(QString, negative);
    const ModelInfo info = m_catalog.model(model);
    QVERIFY(info.isValid());
    const GenerationRequest r = request(model, prompt, negative);

    const QStringList arguments = curlArguments(curlCreateCommand(Endpoint(), info, r));
    QCOMPARE(arguments.size(), 11);
    QCOMPARE(arguments.mid(0, 2), (QStringList { QStringLiteral("-X"), QStringLiteral("POST") }));
    QCOMPARE(arguments.at(2), Endpoint().url(info.path).toString());
    QCOMPARE(arguments.mid(3, 6),
             (QStringList {
                     QStringLiteral("-H"), QStringLiteral("X-DashScope-Async: enable"),
                     QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + SecretKey,
                     QStringLiteral("-H"), QStringLiteral("Content-Type: application/json") }));
    QCOMPARE(arguments.at(9), QStringLiteral("-d"));
    QJsonParseError error;
    const QJsonDocument body = QJsonDocument::fromJson(arguments.at(10).toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(body.object(), RequestEncoder::createBody(r, info).json);
}

void tst_CurlCommand::ossInputsAddTheResolveHeader()
{
    const ModelInfo info = m_catalog.model(QStringLiteral("wan2.5-t2i-preview"));
    GenerationRequest r = request(info.name, QStringLiteral("a kite"), QString());
    RequestInput input;
    input.role = InputRole::Image;
    input.url = QStringLiteral("oss://dashscope-instant/key/frame.png");
    r.inputs.append(input);
    const QStringList arguments = curlArguments(curlCreateCommand(Endpoint(), info, r));
    QCOMPARE(arguments.size(), 13);
    QCOMPARE(arguments.mid(3, 4),
             (QStringList { QStringLiteral("-H"), QStringLiteral("X-DashScope-Async: enable"),
                            QStringLiteral("-H"),
                            QStringLiteral("X-DashScope-OssResourceResolve: enable") }));

    // A protocol this version cannot encode (a newer catalog's) has no command (nothing to
    // repeat). Every protocol of the catalog is encoded now: one out of the enum's range.
    const ModelCatalog later = ModelCatalog::fromJson(R"({ "models": [
        { "name": "i2i", "kind": "image-edit", "protocol": "image2image",
          "path": "services/aigc/image2image/image-synthesis", "regions": ["singapore"] } ] })");
    ModelInfo future = later.model(QStringLiteral("i2i"));
    future.protocol = static_cast<EndpointProtocol>(99);
    QVERIFY(curlCreateCommand(Endpoint(), future, r).isEmpty());
}

// An inpainting request: the local base image read by the command as a data: URI, the uploaded
// mask as its oss:// URL with the resolve header; the body is the client's.
void tst_CurlCommand::editCommandWithLocalBaseAndUploadedMask()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString basePath = dir.filePath(QStringLiteral("base image.png"));
    QByteArray png;
    {
        QFile file(basePath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        png = QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(300, 'x');
        file.write(png);
    }
    const ModelInfo info = m_catalog.model(QStringLiteral("wanx2.1-imageedit"));
    GenerationRequest r = request(info.name, QStringLiteral("a red hat"), QString());
    r.kind = MediaKind::ImageEdit;
    r.edit.function = QStringLiteral("description_edit_with_mask");
    RequestInput base;
    base.role = InputRole::Image;
    base.localPath = basePath;
    RequestInput mask;
    mask.role = InputRole::Mask;
    mask.localPath = dir.filePath(QStringLiteral("mask.png"));
    mask.url = QStringLiteral("oss://dashscope-instant/key/mask.png");
    r.inputs = { base, mask };
    r = r.resolved(info);
    QVERIFY(r.validate(m_catalog, Region::Beijing).isEmpty());

    const QStringList arguments = curlArguments(curlCreateCommand(Endpoint(), info, r));
    QCOMPARE(arguments.size(), 13);
    QCOMPARE(arguments.at(2), Endpoint().url(info.path).toString());
    QCOMPARE(arguments.mid(3, 4),
             (QStringList { QStringLiteral("-H"), QStringLiteral("X-DashScope-Async: enable"),
                            QStringLiteral("-H"),
                            QStringLiteral("X-DashScope-OssResourceResolve: enable") }));
    const QJsonObject body = QJsonDocument::fromJson(arguments.at(12).toUtf8()).object();
    GenerationRequest sent = r;
    sent.inputs.first().url
            = QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
    QCOMPARE(body, RequestEncoder::createBody(sent, info).json);
    const QJsonObject input = body.value(QStringLiteral("input")).toObject();
    QCOMPARE(input.value(QStringLiteral("function")).toString(),
             QStringLiteral("description_edit_with_mask"));
    QCOMPARE(input.value(QStringLiteral("mask_image_url")).toString(), mask.url);
}

void tst_CurlCommand::pollCommand()
{
    const QString id = QStringLiteral("86ecf553-d340-4e21-af6e-a0c6a421c010");
    QCOMPARE(curlPollCommand(Endpoint(), id),
             QStringLiteral("curl -X GET https://dashscope-intl.aliyuncs.com/api/v1/tasks/%1 \\\n"
                            "    -H \"Authorization: Bearer $DASHSCOPE_API_KEY\"")
                     .arg(id));
    TaskRecord task;
    task.taskId = id;
    task.endpoint.region = Region::Beijing;
    task.endpoint.baseUrl = QUrl(QStringLiteral("https://ws1.cn-beijing.maas.aliyuncs.com/api/v1"));
    QCOMPARE(curlArguments(curlPollCommand(task)),
             (QStringList {
                     QStringLiteral("-X"), QStringLiteral("GET"),
                     QStringLiteral("https://ws1.cn-beijing.maas.aliyuncs.com/api/v1/tasks/") + id,
                     QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + SecretKey }));
    QVERIFY(curlPollCommand(Endpoint(), QString()).isEmpty());
}

void tst_CurlCommand::noCommandWithoutARequest()
{
    TaskRecord tracked; // followed by id: the request was made elsewhere
    tracked.taskId = QStringLiteral("86ecf553-d340-4e21-af6e-a0c6a421c010");
    QVERIFY(curlCommand(tracked, m_catalog.model(m_catalog.defaultModel())).isEmpty());
    QVERIFY(!curlPollCommand(tracked).isEmpty());

    TaskRecord task;
    task.request = request(QStringLiteral("wan2.5-t2i-preview"), QStringLiteral("a cat"));
    QVERIFY(curlCommand(task, m_catalog.model(QStringLiteral("wan2.2-t2i-flash")))
                    .isEmpty()); // not its model
    QVERIFY(curlCommand(task, ModelInfo()).isEmpty());
    QCOMPARE(curlCommand(task, m_catalog.model(QStringLiteral("wan2.5-t2i-preview"))),
             curlCreateCommand(task.endpoint, m_catalog.model(QStringLiteral("wan2.5-t2i-preview")),
                               task.request));
}

void tst_CurlCommand::neverContainsTheKey()
{
    // A task the program really sent, with a key it holds: the copied commands name only the
    // variable, and repeat exactly the body the service received.
    SimulatorFixture fixture(m_catalog);
    QVERIFY2(fixture.isReady(), qPrintable(fixture.problem()));
    SimulatorServer &server = *fixture.simulator();
    server.setLatency(std::chrono::milliseconds(100));
    server.setRequiredApiKey(SecretKey);
    TaskService service(m_catalog, nullptr, fixture.network());
    service.setEndpoint(fixture.endpoint());
    service.setApiKey(SecretKey);
    service.setOutputDirectory(fixture.outputDirectory());
    QSignalSpy finished(&service, &TaskService::taskFinished);
    const TaskStart start = service.submit(
            request(QStringLiteral("wan2.2-t2i-flash"), QStringLiteral("it's a key-free cat")));
    QVERIFY(start.issues.isEmpty());
    QVERIFY(start.isStarted());
    const qint64 id = start.id;
    QVERIFY(finished.wait(20000));
    const TaskRecord task = service.task(id);
    QCOMPARE(task.state, TaskState::Done);

    const ModelInfo model = m_catalog.model(task.request.model);
    const QString create = curlCommand(task, model);
    const QString poll = curlPollCommand(task);
    QVERIFY(!create.isEmpty());
    QVERIFY(!poll.isEmpty());
    for (const QString &command : { create, poll }) {
        QVERIFY(!command.contains(SecretKey));
        QVERIFY(!command.contains(QStringLiteral("sk-")));
        QVERIFY(command.contains(QStringLiteral("\"Authorization: Bearer $DASHSCOPE_API_KEY\"")));
    }
    const QStringList arguments = curlArguments(create);
    QCOMPARE(QJsonDocument::fromJson(arguments.value(10).toUtf8()).object(),
             server.taskRequestBody(task.taskId));
    QCOMPARE(arguments.value(2), server.baseUrl().toString() + QStringLiteral("/") + model.path);
}

void tst_CurlCommand::curlCreatesTheSameTaskOnTheSimulator_data()
{
    createCommandSendsExactlyTheClientsBody_data();
}

void tst_CurlCommand::curlCreatesTheSameTaskOnTheSimulator()
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        QSKIP("curl is not installed (packaging/dev.sh installs it)");
    QFETCH(QString, model);
    QFETCH(QString, prompt);
    QFETCH(QString, negative);

    SimulatorFixture fixture(m_catalog);
    QVERIFY2(fixture.isReady(), qPrintable(fixture.problem()));
    SimulatorServer &server = *fixture.simulator();
    server.setRequiredApiKey(SecretKey); // the command must send the key from the environment
    const Endpoint endpoint = fixture.endpoint();
    const ModelInfo info = m_catalog.model(model);
    const GenerationRequest r = request(model, prompt, negative);

    bool ok = false;
    QByteArray err;
    const QByteArray answer = runShell(
            QStringLiteral("exec ") + curlCreateCommand(endpoint, info, r) + QStringLiteral(" -sS"),
            &ok, &err);
    QVERIFY2(ok, err.constData());
    const QJsonObject output
            = QJsonDocument::fromJson(answer).object().value(QStringLiteral("output")).toObject();
    const QString taskId = output.value(QStringLiteral("task_id")).toString();
    QVERIFY2(!taskId.isEmpty(), answer.constData());
    QCOMPARE(output.value(QStringLiteral("task_status")).toString(), QStringLiteral("PENDING"));

    // Created once, from exactly the body the program sends.
    QCOMPARE(server.statistics().creates, 1);
    QCOMPARE(server.taskIds(), QStringList { taskId });
    QCOMPARE(server.taskRequestBody(taskId), RequestEncoder::createBody(r, info).json);
    const auto stats = server.taskStatistics(taskId);
    QVERIFY(stats);
    QCOMPARE(stats->model, model);
    QCOMPARE(stats->imageCount, r.count);

    // The poll command finds it.
    const QByteArray polled = runShell(QStringLiteral("exec ") + curlPollCommand(endpoint, taskId)
                                               + QStringLiteral(" -sS"),
                                       &ok, &err);
    QVERIFY2(ok, err.constData());
    const QJsonObject pollOutput
            = QJsonDocument::fromJson(polled).object().value(QStringLiteral("output")).toObject();
    QCOMPARE(pollOutput.value(QStringLiteral("task_id")).toString(), taskId);
    QVERIFY(!pollOutput.value(QStringLiteral("task_status")).toString().isEmpty());
    QCOMPARE(server.statistics().polls, 1);
}

QTEST_GUILESS_MAIN(tst_CurlCommand)
#include "tst_curlcommand.moc"
