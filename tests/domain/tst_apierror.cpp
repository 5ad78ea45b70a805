#include "domain/apierror.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

Q_DECLARE_METATYPE(ApiError::Kind)

namespace {

using Kind = ApiError::Kind;

QList<Kind> allKinds()
{
    QList<Kind> kinds;
    for (int i = int(Kind::None); i <= int(Kind::Storage); ++i)
        kinds << Kind(i);
    return kinds;
}

QByteArray body(const char *code, const char *message, const char *requestId = "req-1")
{
    return QJsonDocument(
                   QJsonObject { { QStringLiteral("request_id"), QString::fromUtf8(requestId) },
                                 { QStringLiteral("code"), QString::fromUtf8(code) },
                                 { QStringLiteral("message"), QString::fromUtf8(message) } })
            .toJson();
}

} // namespace

class tst_ApiError final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Every row of protocol doc §6.2.
    void classification_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<Kind>("kind");

        QTest::newRow("InvalidParameter")
                << 400 << "InvalidParameter"
                << "Required parameter(s) missing or invalid" << Kind::InvalidParameter;
        QTest::newRow("size not match") << 400 << "InvalidParameter"
                                        << "The size is not match xxxxxx" << Kind::InvalidParameter;
        QTest::newRow("model not exist 400") << 400 << "InvalidParameter"
                                             << "Model not exist." << Kind::InvalidParameter;
        QTest::newRow("model not exist 404") << 404 << "InvalidParameter"
                                             << "Model not exist." << Kind::InvalidParameter;
        QTest::newRow("url error") << 400 << "InvalidParameter"
                                   << "url error, please check url!" << Kind::InvalidParameter;
        QTest::newRow("DataInspectionFailed")
                << 400 << "DataInspectionFailed"
                << "Input or output data may contain inappropriate content." << Kind::ContentPolicy;
        QTest::newRow("IPInfringementSuspect") << 400 << "IPInfringementSuspect"
                                               << "suspected" << Kind::ContentPolicy;
        QTest::newRow("InvalidParameter.DataInspection") << 400 << "InvalidParameter.DataInspection"
                                                         << "" << Kind::InvalidParameter;
        QTest::newRow("Arrearage")
                << 400 << "Arrearage"
                << "Access denied, please make sure your account is in good standing."
                << Kind::Billing;
        QTest::newRow("BadRequest.EmptyInput") << 400 << "BadRequest.EmptyInput"
                                               << "" << Kind::InvalidParameter;
        QTest::newRow("EmptyParameters") << 400 << "EmptyParameters"
                                         << "" << Kind::InvalidParameter;
        QTest::newRow("EmptyModel") << 400 << "EmptyModel"
                                    << "" << Kind::InvalidParameter;
        QTest::newRow("InvalidURL")
                << 400 << "InvalidURL"
                << "Invalid URL provided in your request." << Kind::InvalidParameter;
        QTest::newRow("InvalidApiKey") << 401 << "InvalidApiKey"
                                       << "Invalid API-key provided." << Kind::Authentication;
        QTest::newRow("No API key") << 401 << "InvalidApiKey"
                                    << "No API-key provided." << Kind::Authentication;
        QTest::newRow("AccessDenied") << 403 << "AccessDenied"
                                      << "Access denied." << Kind::PermissionDenied;
        QTest::newRow("synchronous")
                << 403 << "AccessDenied"
                << "current user api does not support synchronous calls" << Kind::PermissionDenied;
        QTest::newRow("Workspace.AccessDenied") << 403 << "Workspace.AccessDenied"
                                                << "" << Kind::PermissionDenied;
        QTest::newRow("Model.AccessDenied") << 403 << "Model.AccessDenied"
                                            << "" << Kind::PermissionDenied;
        QTest::newRow("AccessDenied.Unpurchased") << 403 << "AccessDenied.Unpurchased"
                                                  << "" << Kind::PermissionDenied;
        QTest::newRow("FreeTierOnly") << 403 << "AllocationQuota.FreeTierOnly"
                                      << "" << Kind::Quota;
        QTest::newRow("ModelNotFound") << 404 << "ModelNotFound"
                                       << "Model can not be found." << Kind::NotFound;
        QTest::newRow("WorkSpaceNotFound") << 404 << "WorkSpaceNotFound"
                                           << "" << Kind::NotFound;
        QTest::newRow("RequestTimeOut")
                << 408 << "RequestTimeOut"
                << "Request timed out, please try again later." << Kind::Transient;
        QTest::newRow("BadRequest.TooLarge") << 413 << "BadRequest.TooLarge"
                                             << "Payload Too Large." << Kind::InvalidParameter;
        QTest::newRow("InputDownloadFailed") << 415 << "BadRequest.InputDownloadFailed"
                                             << "" << Kind::InvalidParameter;
        QTest::newRow("UnsupportedFileFormat") << 415 << "BadRequest.UnsupportedFileFormat"
                                               << "" << Kind::InvalidParameter;
        QTest::newRow("Throttling") << 429 << "Throttling"
                                    << "Requests throttling triggered." << Kind::Throttled;
        QTest::newRow("Throttling.RateQuota")
                << 429 << "Throttling.RateQuota"
                << "Requests rate limit exceeded, please try again later." << Kind::Throttled;
        QTest::newRow("Throttling.AllocationQuota")
                << 429 << "Throttling.AllocationQuota"
                << "Allocated quota exceeded, please increase your quota limit." << Kind::Quota;
        QTest::newRow("Free allocated quota") << 429 << "Throttling.AllocationQuota"
                                              << "Free allocated quota exceeded." << Kind::Quota;
        QTest::newRow("Throttling.BurstRate")
                << 429 << "Throttling.BurstRate"
                << "Request rate increased too quickly" << Kind::Throttled;
        QTest::newRow("LimitRequests") << 429 << "LimitRequests"
                                       << "" << Kind::Billing;
        QTest::newRow("PrepaidBillOverdue") << 429 << "PrepaidBillOverdue"
                                            << "" << Kind::Billing;
        QTest::newRow("PostpaidBillOverdue") << 429 << "PostpaidBillOverdue"
                                             << "" << Kind::Billing;
        QTest::newRow("CommodityNotPurchased") << 429 << "CommodityNotPurchased"
                                               << "" << Kind::Billing;
        QTest::newRow("UnsupportedOperation")
                << 400 << "UnsupportedOperation"
                << "Failed to cancel the task, please confirm if the task is in PENDING status."
                << Kind::InvalidParameter;
        QTest::newRow("InternalError") << 500 << "InternalError"
                                       << "An internal error has occured" << Kind::Transient;
        QTest::newRow("InternalError.Algo") << 500 << "InternalError.Algo"
                                            << "" << Kind::Transient;
        QTest::newRow("InternalError.Timeout") << 500 << "InternalError.Timeout"
                                               << "" << Kind::Transient;
        QTest::newRow("SystemError") << 500 << "SystemError"
                                     << "" << Kind::Transient;
        QTest::newRow("ModelServiceFailed") << 500 << "ModelServiceFailed"
                                            << "" << Kind::Transient;
        QTest::newRow("ModelUnavailable")
                << 503 << "ModelUnavailable"
                << "Model is unavailable, please try again later." << Kind::Transient;

        // Codes the table does not list: the family or the HTTP status decides.
        QTest::newRow("new throttling code") << 429 << "Throttling.Something"
                                             << "" << Kind::Throttled;
        QTest::newRow("unknown 401") << 401 << "Whatever"
                                     << "" << Kind::Authentication;
        QTest::newRow("unknown 403") << 403 << "Whatever"
                                     << "" << Kind::PermissionDenied;
        QTest::newRow("unknown 404") << 404 << "Whatever"
                                     << "" << Kind::NotFound;
        QTest::newRow("unknown 408") << 408 << "Whatever"
                                     << "" << Kind::Transient;
        QTest::newRow("unknown 429") << 429 << "Whatever"
                                     << "" << Kind::Throttled;
        QTest::newRow("unknown 400") << 400 << "Whatever"
                                     << "" << Kind::InvalidParameter;
        QTest::newRow("unknown 502") << 502 << "Whatever"
                                     << "" << Kind::Transient;
        QTest::newRow("unknown 504") << 504 << "Whatever"
                                     << "" << Kind::Transient;
        QTest::newRow("5xx beats code") << 500 << "InvalidParameter"
                                        << "" << Kind::Transient;
    }
    void classification()
    {
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, message);
        QFETCH(Kind, kind);

        const ApiError error
                = ApiError::fromHttp(status,
                                     body(code.toUtf8().constData(), message.toUtf8().constData(),
                                          "7438d53d-6eb8-4596"));
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.httpStatus, status);
        QCOMPARE(error.code, code);
        QCOMPARE(error.message, message);
        QCOMPARE(error.requestId, QStringLiteral("7438d53d-6eb8-4596"));
        QVERIFY(error.isError());
        QVERIFY(!error.explanation().isEmpty());
        QVERIFY(error.details().contains(QStringLiteral("7438d53d-6eb8-4596")));
    }

    void docExampleBody()
    {
        // Protocol doc §5.2, verbatim.
        const QByteArray json = R"({
  "code": "InvalidApiKey",
  "message": "No API-key provided.",
  "request_id": "7438d53d-6eb8-4596-8835-xxxxxx"
})";
        const ApiError error = ApiError::fromHttp(401, json);
        QCOMPARE(error.kind, Kind::Authentication);
        QCOMPARE(error.code, QStringLiteral("InvalidApiKey"));
        QCOMPARE(error.message, QStringLiteral("No API-key provided."));
        QCOMPARE(error.requestId, QStringLiteral("7438d53d-6eb8-4596-8835-xxxxxx"));
        QVERIFY(error.explanation().contains(QStringLiteral("DASHSCOPE_API_KEY")));
    }

    void msgInsteadOfMessage()
    {
        const ApiError error = ApiError::fromHttp(
                400, R"({"code":"InvalidParameter","msg":"bad n","request_id":"r"})");
        QCOMPARE(error.message, QStringLiteral("bad n"));
        QCOMPARE(error.requestId, QStringLiteral("r"));
        QCOMPARE(error.kind, Kind::InvalidParameter);
    }

    void gatewayPages_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("page");
        QTest::addColumn<QString>("message");
        QTest::addColumn<Kind>("kind");

        QTest::newRow("nginx 502")
                << 502
                << QByteArray("<html>\r\n<head><title>502 Bad "
                              "Gateway</title></head>\r\n<body>\r\n<center><h1>502 "
                              "Bad "
                              "Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</"
                              "html>\r\n")
                << "502 Bad Gateway" << Kind::Transient;
        QTest::newRow("untitled 503")
                << 503 << QByteArray("<html><body><p>Service   busy</p></body></html>")
                << "Service busy" << Kind::Transient;
        QTest::newRow("plain text 429") << 429 << QByteArray("  too many requests\n")
                                        << "too many requests" << Kind::Throttled;
        QTest::newRow("empty 504") << 504 << QByteArray() << "" << Kind::Transient;
        QTest::newRow("truncated json 500") << 500 << QByteArray("{\"code\":\"Internal")
                                            << "{\"code\":\"Internal" << Kind::Transient;
        QTest::newRow("html 200") << 200 << QByteArray("<html><title>Login</title></html>")
                                  << "Login" << Kind::Protocol;
        QTest::newRow("html 401") << 401 << QByteArray("<title>Unauthorized</title>")
                                  << "Unauthorized" << Kind::Authentication;
    }
    void gatewayPages()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, page);
        QFETCH(QString, message);
        QFETCH(Kind, kind);

        const ApiError error = ApiError::fromHttp(status, page);
        QCOMPARE(error.code, QStringLiteral("Unknown"));
        QCOMPARE(error.message, message);
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.httpStatus, status);
        QVERIFY(error.requestId.isEmpty());
    }

    void longBodiesAreCapped()
    {
        const QByteArray page
                = QByteArray("<html><body>") + QByteArray(5000, 'x') + "</body></html>";
        const ApiError error = ApiError::fromHttp(502, page);
        QVERIFY(error.message.size() <= 300);
        QVERIFY(error.message.endsWith(QChar(0x2026)));
        QVERIFY(error.message.startsWith(QStringLiteral("xxx")));
    }

    void successIsNoError()
    {
        const ApiError error = ApiError::fromHttp(200, R"({"request_id":"abc"})");
        QCOMPARE(error.kind, Kind::None);
        QVERIFY(!error.isError());
        QVERIFY(error.explanation().isEmpty());
    }

    void explanations()
    {
        // 401 tells the person about region-bound keys.
        const ApiError auth
                = ApiError::fromHttp(401, body("InvalidApiKey", "Invalid API-key provided."));
        QVERIFY2(auth.explanation().contains(QStringLiteral("region")),
                 qPrintable(auth.explanation()));
        QVERIFY(ApiError::make(Kind::RegionMismatchLikely)
                        .explanation()
                        .contains(QStringLiteral("region")));

        // A missing async header is explained, not just "access denied".
        const ApiError sync = ApiError::fromHttp(
                403, body("AccessDenied", "current user api does not support synchronous calls"));
        QVERIFY2(sync.explanation().contains(QStringLiteral("synchronous")),
                 qPrintable(sync.explanation()));
        const ApiError denied = ApiError::fromHttp(403, body("AccessDenied", "Access denied."));
        QVERIFY(!denied.explanation().contains(QStringLiteral("synchronous")));

        const ApiError quota = ApiError::fromHttp(
                429, body("Throttling.AllocationQuota", "Allocated quota exceeded"));
        QVERIFY(quota.explanation().contains(QStringLiteral("quota")));
        QVERIFY(!quota.isTransient()); // retrying a used-up quota is pointless

        const ApiError content = ApiError::fromHttp(400, body("DataInspectionFailed", "x"));
        QVERIFY(content.explanation().contains(QStringLiteral("rephrase")));

        // Every kind but None has its own sentence, which ends like a sentence.
        QSet<QString> seen;
        for (Kind kind : allKinds()) {
            const QString text = ApiError::make(kind).explanation();
            if (kind == Kind::None) {
                QVERIFY(text.isEmpty());
                continue;
            }
            QVERIFY2(!text.isEmpty(), qPrintable(ApiError::kindName(kind)));
            QVERIFY2(text.endsWith(QLatin1Char('.')), qPrintable(text));
            seen.insert(text);
        }
        QCOMPARE(seen.size(), allKinds().size() - 1);
    }

    void details()
    {
        ApiError error = ApiError::fromHttp(
                429, body("Throttling.RateQuota", "Requests rate limit exceeded", "rid-9"));
        const QString text = error.details();
        QVERIFY(text.startsWith(error.explanation()));
        QVERIFY(text.contains(
                QStringLiteral("Throttling.RateQuota: Requests rate limit exceeded")));
        QVERIFY(text.contains(QStringLiteral("429")));
        QVERIFY(text.contains(QStringLiteral("rid-9")));
    }

    void kindNames()
    {
        QSet<QString> names;
        for (Kind kind : allKinds()) {
            const QString name = ApiError::kindName(kind);
            QVERIFY(!name.isEmpty());
            QCOMPARE(name, name.toLower());
            QVERIFY(!name.contains(QLatin1Char(' ')));
            QCOMPARE(ApiError::kindFromName(name), std::optional<Kind>(kind));
            names.insert(name);
        }
        QCOMPARE(names.size(), allKinds().size());
        // Stable ids: the library and --json output depend on them.
        QCOMPARE(ApiError::kindName(Kind::Authentication), QStringLiteral("authentication"));
        QCOMPARE(ApiError::kindName(Kind::RegionMismatchLikely),
                 QStringLiteral("region_mismatch_likely"));
        QCOMPARE(ApiError::kindName(Kind::ContentPolicy), QStringLiteral("content_policy"));
        QCOMPARE(ApiError::kindName(Kind::Storage), QStringLiteral("storage"));
        QVERIFY(!ApiError::kindFromName(QStringLiteral("nonsense")));
    }

    void transient()
    {
        const QList<Kind> transientKinds { Kind::Throttled, Kind::Transient, Kind::Network,
                                           Kind::Timeout };
        for (Kind kind : allKinds())
            QCOMPARE(ApiError::make(kind).isTransient(), transientKinds.contains(kind));
    }

    void taskFailures()
    {
        // output.code of a FAILED task (protocol doc §5.6) and per-image codes (§5.5).
        ApiError error = ApiError::fromTaskFailure(QStringLiteral("InvalidParameter"),
                                                   QStringLiteral("The size is not match xxxxxx"),
                                                   QStringLiteral("e5d70b02"));
        QCOMPARE(error.kind, Kind::InvalidParameter);
        QCOMPARE(error.httpStatus, 0);
        QCOMPARE(error.requestId, QStringLiteral("e5d70b02"));
        QCOMPARE(error.message, QStringLiteral("The size is not match xxxxxx"));

        error = ApiError::fromTaskFailure(
                QStringLiteral("DataInspectionFailed"),
                QStringLiteral("Output data may contain inappropriate content."), {});
        QCOMPARE(error.kind, Kind::ContentPolicy);
        error = ApiError::fromTaskFailure(QStringLiteral("SomethingNew"), {}, {});
        QVERIFY(error.isError());
        error = ApiError::fromTaskFailure({}, {}, {});
        QVERIFY(error.isError());
    }

    void makeAndCompare()
    {
        const ApiError a = ApiError::make(Kind::Network, QStringLiteral("Connection refused"));
        QCOMPARE(a.kind, Kind::Network);
        QCOMPARE(a.message, QStringLiteral("Connection refused"));
        ApiError b = a;
        QVERIFY(a == b);
        b.requestId = QStringLiteral("x");
        QVERIFY(a != b);
        QVERIFY(!ApiError().isError());
    }
};

QTEST_GUILESS_MAIN(tst_ApiError)
#include "tst_apierror.moc"
