#include "engine/inputpreparer.h"
#include "protocol/dashscopeclient.h"
#include "protocol/ossupload.h"
#include "simulator/simulatorserver.h"
#include "support/simulatorfixture.h"

#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace {

const QString Model = QStringLiteral("wan2.5-t2i-preview");
const QString Key = QStringLiteral("sk-test");

// A file that starts like a PNG, `bytes` long: the preparer reads only the signature.
QString pngFile(const QTemporaryDir &dir, const QString &name, qint64 bytes, char fill = 'x')
{
    QByteArray content("\x89PNG\r\n\x1a\n", 8);
    content += QByteArray(bytes - content.size(), fill);
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

} // namespace

class tst_InputPreparer final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void policyParsesStringsAndNumbers();
    void policyRefusesMissingFieldsAndPlainRemoteHosts();
    void objectKeysAreTheContentHash();
    void smallImagesGoInline();
    void largeFilesAndMasksAreUploaded();
    void oneUploadPerContentAndModelWithin48Hours();
    void sameBytesUnderOnePolicyAreNotAnError();
    void expiredPolicyIsAnExpiredError();
    void fieldsAfterTheFileAreRefused();
    void badInputsFailWithASentence();
    void ossInputsNeedTheResolveHeader();

private:
    InputPreparation *prepareAndWait(const GenerationRequest &request);
    QByteArray rawCreate(const QJsonObject &body, bool resolveHeader, int *status);

    QTemporaryDir *m_dir = nullptr; // m_fixture's
    std::unique_ptr<SimulatorFixture> m_fixture; // one per test function
    SimulatorServer *m_simulator = nullptr; // m_fixture's
    QNetworkAccessManager *m_network = nullptr; // m_fixture's
    std::unique_ptr<DashScopeClient> m_client;
    std::unique_ptr<OssUploader> m_uploader;
    std::unique_ptr<InputPreparer> m_preparer;
    Endpoint m_endpoint;
    QDateTime m_now;
};

void tst_InputPreparer::init()
{
    m_fixture = std::make_unique<SimulatorFixture>();
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_dir = m_fixture->dir();
    m_network = m_fixture->network();
    m_simulator = m_fixture->simulator();
    m_now = QDateTime::currentDateTimeUtc();
    m_simulator->setUploadClock([this] { return m_now; });
    m_client = std::make_unique<DashScopeClient>(m_network);
    m_uploader = std::make_unique<OssUploader>(m_network);
    m_preparer = std::make_unique<InputPreparer>(m_client.get(), m_uploader.get());
    m_preparer->setClock([this] { return m_now; });
    m_endpoint = m_fixture->endpoint();
}

void tst_InputPreparer::cleanup()
{
    m_preparer.reset();
    m_uploader.reset();
    m_client.reset();
    m_fixture.reset(); // last: the rest used its network and folder
}

InputPreparation *tst_InputPreparer::prepareAndWait(const GenerationRequest &request)
{
    InputPreparation *preparation = m_preparer->prepare(m_endpoint, Key, request);
    QSignalSpy finished(preparation, &InputPreparation::finished);
    if (!finished.wait(10000))
        return nullptr;
    return preparation;
}

void tst_InputPreparer::policyParsesStringsAndNumbers()
{
    const QByteArray body = R"({"request_id":"r","data":{"policy":"cG9s","signature":"c2ln",
        "upload_dir":"dashscope-instant/abc/2026-11-27/uuid","upload_host":"https://oss.example.com",
        "expire_in_seconds":"300","max_file_size_mb":100,"capacity_limit_mb":"999",
        "oss_access_key_id":"LTAI","x_oss_object_acl":"private","x_oss_forbid_overwrite":"true"}})";
    const QDateTime received(QDate(2026, 11, 27), QTime(10, 0), Qt::UTC);
    UploadPolicy policy;
    ApiError error;
    QVERIFY2(parseUploadPolicy(body, Model, received, &policy, &error), qPrintable(error.message));
    QCOMPARE(policy.model, Model);
    QCOMPARE(policy.uploadHost, QUrl(QStringLiteral("https://oss.example.com")));
    QCOMPARE(policy.maxFileBytes, qint64(100) * 1024 * 1024);
    QCOMPARE(policy.expiresAt, received.addSecs(300));
    QVERIFY(policy.isUsableAt(received.addSecs(200)));
    QVERIFY(!policy.isUsableAt(received.addSecs(290))); // too little left for a transfer
    QCOMPARE(policy.forbidOverwrite, QStringLiteral("true"));
}

void tst_InputPreparer::policyRefusesMissingFieldsAndPlainRemoteHosts()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    UploadPolicy policy;
    ApiError error;
    QVERIFY(!parseUploadPolicy("not json", Model, now, &policy, &error));
    QCOMPARE(error.kind, ApiError::Kind::Protocol);
    QVERIFY(!parseUploadPolicy(R"({"data":{"policy":"p","signature":"s","upload_dir":"d",
        "upload_host":"http://oss.example.com","expire_in_seconds":300,
        "oss_access_key_id":"k"}})",
                               Model, now, &policy, &error));
    QVERIFY2(error.message.contains(QLatin1String("upload_host")), qPrintable(error.message));
    QVERIFY(!parseUploadPolicy(R"({"data":{"policy":"p","upload_dir":"d",
        "upload_host":"https://oss.example.com","expire_in_seconds":300,
        "oss_access_key_id":"k"}})",
                               Model, now, &policy, &error));
    QVERIFY2(error.message.contains(QLatin1String("signature")), qPrintable(error.message));
}

void tst_InputPreparer::objectKeysAreTheContentHash()
{
    UploadPolicy policy;
    policy.uploadDir = QStringLiteral("dir/sub/");
    const QByteArray hash(64, 'a');
    QCOMPARE(policy.objectKeyFor(hash, QStringLiteral("PNG")),
             QStringLiteral("dir/sub/") + QString(40, QLatin1Char('a')) + QStringLiteral(".png"));
    // A suffix that is not plain ASCII is left out rather than put in a key.
    QCOMPARE(policy.objectKeyFor(hash, QStringLiteral("p n/g")),
             QStringLiteral("dir/sub/") + QString(40, QLatin1Char('a')));
}

void tst_InputPreparer::smallImagesGoInline()
{
    GenerationRequest request;
    request.model = Model;
    request.inputs = {
        { InputRole::FirstFrame, pngFile(*m_dir, QStringLiteral("small.png"), 1000), {}, {} }
    };
    InputPreparation *done = prepareAndWait(request);
    QVERIFY(done);
    QVERIFY2(!done->error().isError(), qPrintable(done->error().message));
    const RequestInput sent = done->request().inputs.first();
    QVERIFY(sent.url.startsWith(QLatin1String("data:image/png;base64,iVBORw0KGg")));
    QCOMPARE(sent.sha256.size(), 64);
    QVERIFY(!done->needsOssResolve());
    QCOMPARE(m_simulator->statistics().uploads, 0);
    // What is stored names the file and its hash, never the data: URI.
    const RequestInput stored = done->forStorage().inputs.first();
    QVERIFY(stored.url.isEmpty());
    QCOMPARE(stored.sha256, sent.sha256);
}

void tst_InputPreparer::largeFilesAndMasksAreUploaded()
{
    QList<UploadRecord> remembered;
    m_preparer->setUploadLedger({}, [&](const UploadRecord &r) { remembered.append(r); });
    GenerationRequest request;
    request.model = Model;
    const QString big
            = pngFile(*m_dir, QStringLiteral("frame.png"), InputPreparer::InlineMaxBytes + 1);
    const QString mask = pngFile(*m_dir, QStringLiteral("mask.png"), 500, 'm');
    request.inputs = { { InputRole::Image, big, {}, {} }, { InputRole::Mask, mask, {}, {} } };
    InputPreparation *done = prepareAndWait(request);
    QVERIFY(done);
    QVERIFY2(!done->error().isError(), qPrintable(done->error().message));
    QVERIFY(done->needsOssResolve());
    QCOMPARE(remembered.size(), 2);
    QCOMPARE(m_simulator->uploadedFileCount(), 2);
    for (int i = 0; i < 2; ++i) {
        const RequestInput sent = done->request().inputs.at(i);
        QVERIFY2(sent.url.startsWith(QLatin1String("oss://dashscope-instant/")),
                 qPrintable(sent.url));
        QFile original(request.inputs.at(i).localPath);
        QVERIFY(original.open(QIODevice::ReadOnly));
        QCOMPARE(m_simulator->uploadedFile(sent.url, Model), original.readAll());
        // Bound to the model the policy was asked for.
        QVERIFY(!m_simulator->uploadedFile(sent.url, QStringLiteral("wan2.2-t2i-flash")));
        QCOMPARE(remembered.at(i).ossUrl, sent.url);
        QCOMPARE(remembered.at(i).model, Model);
    }
    // Both files under one policy: one getPolicy, two form POSTs.
    QCOMPARE(m_simulator->statistics().uploads, 3);
}

void tst_InputPreparer::oneUploadPerContentAndModelWithin48Hours()
{
    QList<UploadRecord> ledger;
    m_preparer->setUploadLedger(
            [&](const QString &model, const Endpoint &endpoint,
                const QByteArray &sha) -> std::optional<UploadRecord> {
                for (const UploadRecord &r : ledger) {
                    if (r.model == model && r.endpoint.baseUrl == endpoint.baseUrl
                        && r.sha256 == sha)
                        return r;
                }
                return std::nullopt;
            },
            [&](const UploadRecord &r) { ledger.append(r); });
    GenerationRequest request;
    request.model = Model;
    request.inputs = { { InputRole::Mask, pngFile(*m_dir, QStringLiteral("m.png"), 800), {}, {} } };

    InputPreparation *first = prepareAndWait(request);
    QVERIFY(first && !first->error().isError());
    QCOMPARE(m_simulator->uploadedFileCount(), 1);

    m_now = m_now.addSecs(40 * 3600); // a retry two days later…
    InputPreparation *again = prepareAndWait(request);
    QVERIFY(again && !again->error().isError());
    QCOMPARE(again->request().inputs.first().url, first->request().inputs.first().url);
    QCOMPARE(m_simulator->uploadedFileCount(), 1); // …within 48 h reuses the upload

    m_now = m_now.addSecs(8 * 3600 + 1); // past 47 h: the file may be gone by the time it runs
    ledger.clear();
    ledger.append({ Model, m_endpoint, first->request().inputs.first().sha256,
                    first->request().inputs.first().url, m_now.addSecs(-48 * 3600 - 5) });
    InputPreparation *late = prepareAndWait(request);
    QVERIFY(late);
    QVERIFY2(!late->error().isError(), qPrintable(late->error().details()));
    // Uploaded again, under a fresh policy's directory.
    QVERIFY(late->request().inputs.first().url != first->request().inputs.first().url);
    QCOMPARE(m_simulator->uploadedFileCount(), 2);
    QCOMPARE(late->newUploads().size(), 1);
}

void tst_InputPreparer::sameBytesUnderOnePolicyAreNotAnError()
{
    // No ledger: the second preparation uploads again, to the same content-derived key, which
    // OSS (told not to overwrite) answers 409 FileAlreadyExists. The file is there: success.
    GenerationRequest request;
    request.model = Model;
    request.inputs = { { InputRole::Mask, pngFile(*m_dir, QStringLiteral("m.png"), 300), {}, {} } };
    InputPreparation *first = prepareAndWait(request);
    QVERIFY(first && !first->error().isError());
    InputPreparation *second = prepareAndWait(request);
    QVERIFY(second);
    QVERIFY2(!second->error().isError(), qPrintable(second->error().details()));
    QCOMPARE(second->request().inputs.first().url, first->request().inputs.first().url);
    QCOMPARE(m_simulator->uploadedFileCount(), 1);
    QCOMPARE(m_simulator->statistics().uploads, 3); // one policy, two form POSTs
}

void tst_InputPreparer::expiredPolicyIsAnExpiredError()
{
    DashScopeJob *policyJob = m_client->getUploadPolicy(m_endpoint, Key, Model);
    QSignalSpy got(policyJob, &DashScopeJob::finished);
    QVERIFY(got.wait());
    QVERIFY2(!policyJob->error().isError(), qPrintable(policyJob->error().message));
    const UploadPolicy policy = policyJob->uploadPolicy();
    m_now = m_now.addSecs(301);
    OssUploadJob *upload = m_uploader->upload(policy, pngFile(*m_dir, QStringLiteral("a.png"), 100),
                                              QByteArray(64, 'b'), "image/png");
    QSignalSpy uploaded(upload, &OssUploadJob::finished);
    QVERIFY(uploaded.wait());
    QCOMPARE(upload->error().kind, ApiError::Kind::Expired);
    QCOMPARE(upload->error().httpStatus, 403);
    QCOMPARE(m_simulator->uploadedFileCount(), 0);
}

void tst_InputPreparer::fieldsAfterTheFileAreRefused()
{
    // The simulator reads forms as OSS does; a hand-made form with a field after the file fails,
    // which is why OssUploader puts the file last (the upload tests above pass through it).
    QNetworkRequest request(
            QUrl(QStringLiteral("http://127.0.0.1:%1/oss-upload").arg(m_simulator->serverPort())));
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("multipart/form-data; boundary=XyZ"));
    const QByteArray body
            = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nbytes\r\n"
              "--XyZ\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk\r\n"
              "--XyZ--\r\n";
    QNetworkReply *reply = m_network->post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    QVERIFY(reply->readAll().contains("InvalidArgument"));
    reply->deleteLater();
}

void tst_InputPreparer::badInputsFailWithASentence()
{
    GenerationRequest request;
    request.model = Model;
    request.inputs
            = { { InputRole::Image, m_dir->filePath(QStringLiteral("missing.png")), {}, {} } };
    InputPreparation *missing = prepareAndWait(request);
    QVERIFY(missing);
    QCOMPARE(missing->error().kind, ApiError::Kind::Storage);
    QVERIFY(missing->error().message.contains(QLatin1String("missing.png")));

    QFile text(m_dir->filePath(QStringLiteral("notes.png")));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("just some text, whatever the name says");
    text.close();
    request.inputs = { { InputRole::Image, text.fileName(), {}, {} } };
    InputPreparation *notImage = prepareAndWait(request);
    QVERIFY(notImage);
    QCOMPARE(notImage->error().kind, ApiError::Kind::InvalidParameter);
    QVERIFY(notImage->error().message.contains(QLatin1String("JPEG, PNG")));

    request.inputs = { { InputRole::Image, {}, {}, {} } };
    InputPreparation *empty = prepareAndWait(request);
    QVERIFY(empty);
    QCOMPARE(empty->error().kind, ApiError::Kind::InvalidParameter);
    QCOMPARE(m_simulator->statistics().uploads, 0);
}

QByteArray tst_InputPreparer::rawCreate(const QJsonObject &body, bool resolveHeader, int *status)
{
    QNetworkRequest request(
            m_endpoint.url(QStringLiteral("services/aigc/text2image/image-synthesis")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer " + Key.toLatin1());
    request.setRawHeader("X-DashScope-Async", "enable");
    if (resolveHeader)
        request.setRawHeader("X-DashScope-OssResourceResolve", "enable");
    QNetworkReply *reply = m_network->post(request, QJsonDocument(body).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait())
        return {};
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return reply->readAll();
}

void tst_InputPreparer::ossInputsNeedTheResolveHeader()
{
    GenerationRequest request;
    request.model = Model;
    request.inputs = { { InputRole::Mask, pngFile(*m_dir, QStringLiteral("m.png"), 300), {}, {} } };
    InputPreparation *done = prepareAndWait(request);
    QVERIFY(done && !done->error().isError());
    const QString oss = done->request().inputs.first().url;

    const auto body = [&](const QString &url) {
        return QJsonObject {
            { QStringLiteral("model"), Model },
            { QStringLiteral("input"),
              QJsonObject { { QStringLiteral("prompt"), QStringLiteral("a cat") },
                            { QStringLiteral("ref_img"), url } } },
            { QStringLiteral("parameters"), QJsonObject { { QStringLiteral("n"), 1 } } },
        };
    };
    int status = 0;
    QByteArray answer = rawCreate(body(oss), false, &status);
    QCOMPARE(status, 400);
    QVERIFY2(answer.contains("does not appear to be valid"), answer.constData());

    answer = rawCreate(body(oss + QStringLiteral("x")), true, &status);
    QCOMPARE(status, 400); // not uploaded (or for another model)

    answer = rawCreate(body(oss), true, &status);
    QCOMPARE(status, 200);
    QVERIFY2(answer.contains("task_id"), answer.constData());
}

QTEST_GUILESS_MAIN(tst_InputPreparer)
#include "tst_inputpreparer.moc"
