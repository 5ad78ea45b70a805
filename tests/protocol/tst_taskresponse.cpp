#include "domain/taskrecord.h"
#include "protocol/taskresponse.h"

#include <QFile>
#include <QStandardPaths>
#include <QTest>

Q_DECLARE_METATYPE(TaskStatus)

// The example bodies of protocol doc §5 (and §3.6 for wan2.6) are copied verbatim into
// tests/data/protocol/*.json; only §5.5's invalid trailing comma is removed, as the doc itself
// notes. They live in files because moc cannot read raw string literals that contain "//".
namespace {

QByteArray example(const char *name)
{
    QFile file(QStringLiteral(STUDIO_SOURCE_DIR "/tests/data/protocol/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing example body %s", name);
    return file.readAll();
}

// A real signed URL shape (protocol doc §7.3): the %3D must come back untouched.
const char *const SignedUrl
        = "https://dashscope-result-wlcb-acdr-1.oss-cn-wulanchabu-acdr-1.aliyuncs.com/7d/93/"
          "20260102/cfc32567/"
          "d1c485a5-1.png?Expires=1767927258&OSSAccessKeyId=LTAI5tXXXX&Signature="
          "YD5PN9nnADTpCoGL7ojcUDnocEE%3D";

// Bodies around a URL, as JSON text (so escaped slashes can be tried too).
QByteArray resultsBody(const QByteArray &url, const QByteArray &escaped)
{
    return "{\"output\":{\"task_status\":\"SUCCEEDED\",\"results\":[{\"url\":\"" + url
            + "\"},{\"url\":\"" + escaped + "\"}]}}";
}

QByteArray videoBody(const QByteArray &url)
{
    return "{\"output\":{\"task_status\":\"SUCCEEDED\",\"video_url\":\"" + url + "\"}}";
}

QByteArray statusBody(const QString &status)
{
    return "{\"output\":{\"task_id\":\"t\",\"task_status\":\"" + status.toUtf8() + "\"}}";
}

TaskSnapshot parseOk(const QByteArray &body)
{
    TaskSnapshot snapshot;
    ApiError error = ApiError::make(ApiError::Kind::Protocol, QStringLiteral("stale"));
    const bool ok = parseTaskResponse(body, &snapshot, &error);
    if (!ok || error.isError())
        qWarning("unexpected parse failure: %s", qPrintable(error.message));
    return snapshot;
}

QDateTime wallClock(int y, int mo, int d, int h, int mi, int s, int ms)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms));
}

} // namespace

class tst_TaskResponse final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void create()
    {
        const TaskSnapshot s = parseOk(example("create-succeeded.json"));
        QCOMPARE(s.taskId, QStringLiteral("0385dc79-5ff8-4d82-bcb6-xxxxxx"));
        QCOMPARE(s.status, TaskStatus::Pending);
        QCOMPARE(s.statusText, QStringLiteral("PENDING"));
        QCOMPARE(s.requestId, QStringLiteral("4909100c-7b5a-9f92-bfe5-xxxxxx"));
        QVERIFY(!s.submitTime.isValid());
        QVERIFY(s.results.isEmpty());
        QCOMPARE(s.metricsTotal, -1);
        QCOMPARE(s.metricsSucceeded, -1);
        QCOMPARE(s.metricsFailed, -1);
        QVERIFY(s.usage.isEmpty());
        QVERIFY(s.videoUrl.isEmpty());
    }

    void running()
    {
        const TaskSnapshot s = parseOk(example("poll-running.json"));
        QCOMPARE(s.status, TaskStatus::Running);
        QVERIFY(!isTerminal(s.status));
        QCOMPARE(s.submitTime, wallClock(2025, 1, 8, 16, 3, 59, 840));
        QCOMPARE(s.scheduledTime, wallClock(2025, 1, 8, 16, 3, 59, 863));
        QVERIFY(!s.endTime.isValid());
        QCOMPARE(s.taskId, QStringLiteral("…"));
    }

    void succeeded()
    {
        const TaskSnapshot s = parseOk(example("poll-succeeded.json"));
        QCOMPARE(s.status, TaskStatus::Succeeded);
        QVERIFY(isTerminal(s.status));
        QCOMPARE(s.taskId, QStringLiteral("d492bffd-10b5-4169-b639-xxxxxx"));
        QCOMPARE(s.requestId, QStringLiteral("f767d108-7d50-908b-a6d9-xxxxxx"));
        QCOMPARE(s.endTime, wallClock(2025, 1, 8, 16, 4, 10, 660));
        QCOMPARE(s.submitTime.msecsTo(s.endTime), 10820);
        QCOMPARE(s.results.size(), 1);
        const ImageResult &image = s.results.constFirst();
        QVERIFY(!image.failed());
        QCOMPARE(image.url,
                 QByteArray("https://dashscope-result-wlcb.oss-cn-wulanchabu.aliyuncs.com/1.png"));
        QCOMPARE(image.origPrompt,
                 QStringLiteral("一间有着精致窗户的花店，漂亮的木质门，摆放着花朵"));
        QVERIFY(image.actualPrompt.startsWith(QStringLiteral("一间有着精致雕花窗户的花店")));
        QVERIFY(image.code.isEmpty());
        QCOMPARE(s.metricsTotal, 1);
        QCOMPARE(s.metricsSucceeded, 1);
        QCOMPARE(s.metricsFailed, 0);
        QCOMPARE(s.usage.value(QStringLiteral("image_count")).toInt(), 1);
        QVERIFY(s.code.isEmpty());
    }

    void partialFailure()
    {
        const TaskSnapshot s = parseOk(example("poll-partial-failure.json"));
        QCOMPARE(s.status, TaskStatus::Succeeded);
        QCOMPARE(s.results.size(), 4);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(!s.results.at(i).failed());
            QCOMPARE(s.results.at(i).url,
                     QByteArray("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/xxx")
                             + QByteArray::number(i + 1) + ".png");
        }
        const ImageResult &rejected = s.results.at(3);
        QVERIFY(rejected.failed());
        QVERIFY(rejected.url.isEmpty());
        QCOMPARE(rejected.code, QStringLiteral("DataInspectionFailed"));
        QCOMPARE(rejected.message,
                 QStringLiteral("Output data may contain inappropriate content."));
        QCOMPARE(ApiError::fromTaskFailure(rejected.code, rejected.message, s.requestId).kind,
                 ApiError::Kind::ContentPolicy);
        QCOMPARE(s.metricsTotal, 4);
        QCOMPARE(s.metricsSucceeded, 3);
        QCOMPARE(s.metricsFailed, 1);
        QCOMPARE(s.usage.value(QStringLiteral("image_count")).toInt(), 3);
        QCOMPARE(s.submitTime, wallClock(2023, 12, 20, 21, 36, 31, 896));
        QCOMPARE(s.scheduledTime, wallClock(2023, 12, 20, 21, 36, 39, 9));
        QCOMPARE(s.endTime, wallClock(2023, 12, 20, 21, 36, 45, 913));
    }

    void failed()
    {
        const TaskSnapshot s = parseOk(example("poll-failed.json"));
        QCOMPARE(s.status, TaskStatus::Failed);
        QVERIFY(isTerminal(s.status));
        QCOMPARE(s.code, QStringLiteral("InvalidParameter"));
        QCOMPARE(s.message, QStringLiteral("The size is not match xxxxxx"));
        QCOMPARE(s.requestId, QStringLiteral("e5d70b02-ebd3-98ce-9fe8-759d7d7b107d"));
        QCOMPARE(s.taskId, QStringLiteral("86ecf553-d340-4e21-af6e-a0c6a421c010"));
        QVERIFY(s.results.isEmpty());
    }

    void unknownTask()
    {
        const TaskSnapshot s = parseOk(example("poll-unknown.json"));
        QCOMPARE(s.status, TaskStatus::Unknown);
        QVERIFY(isTerminal(s.status));
        QCOMPARE(s.taskId, QStringLiteral("502a00b1-19d9-4839-a82f-xxxxxx"));
    }

    void videos()
    {
        const TaskSnapshot old = parseOk(example("video-succeeded-wan25.json"));
        QCOMPARE(old.status, TaskStatus::Succeeded);
        QCOMPARE(old.videoUrl,
                 QByteArray("https://dashscope-result-bj.oss-accelerate.aliyuncs.com/"
                            "xxx.mp4?Expires=xxx"));
        QVERIFY(old.results.isEmpty());
        QCOMPARE(old.origPrompt, QStringLiteral("…"));
        QCOMPARE(old.actualPrompt, QStringLiteral("…"));
        QCOMPARE(old.usage.value(QStringLiteral("video_ratio")).toString(),
                 QStringLiteral("832*480"));
        QCOMPARE(old.endTime, wallClock(2025, 10, 23, 11, 52, 35, 323));

        const TaskSnapshot s = parseOk(example("video-succeeded-wan26.json"));
        QCOMPARE(s.videoUrl,
                 QByteArray("https://dashscope-result-sh.oss-accelerate.aliyuncs.com/"
                            "xxx.mp4?Expires=xxx"));
        QCOMPARE(s.usage.value(QStringLiteral("SR")).toInt(), 720);
        QCOMPARE(s.usage.value(QStringLiteral("duration")).toInt(), 10);
        QVERIFY(s.actualPrompt.isEmpty());
        QCOMPARE(s.scheduledTime, wallClock(2025, 9, 29, 14, 18, 59, 290));
    }

    void wan26Choices()
    {
        const TaskSnapshot s = parseOk(example("image-generation-succeeded.json"));
        QCOMPARE(s.status, TaskStatus::Succeeded);
        QCOMPARE(s.results.size(), 2);
        QCOMPARE(s.results.at(0).url,
                 QByteArray("https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/"
                            "a.png?Expires=1767927258"
                            "&Signature=abc%2Bdef%3D"));
        QCOMPARE(s.results.at(1).url,
                 QByteArray("https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/b.png"));
        QCOMPARE(s.metricsTotal, -1); // no task_metrics in this protocol
        QCOMPARE(s.usage.value(QStringLiteral("image_count")).toInt(), 2);
        QCOMPARE(s.endTime, wallClock(2025, 12, 30, 10, 0, 20, 500));
    }

    void urlsStayByteExact_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::newRow("signed") << QByteArray(SignedUrl);
        QTest::newRow("plus and percent")
                << QByteArray("https://h.example/a%20b+c.png?x=%2F%2f&y=a+b");
        QTest::newRow("unicode path") << QByteArray("https://h.example/花.png?Signature=%3D");
        QTest::newRow("already odd")
                << QByteArray("https://h.example/a.png?Expires=1&Signature=a%3Db%3d");
    }
    void urlsStayByteExact()
    {
        QFETCH(QByteArray, url);
        const QByteArray escaped = QByteArray(url).replace('/', "\\/"); // JSON may escape slashes
        const QByteArray images = resultsBody(url, escaped);
        const TaskSnapshot s = parseOk(images);
        QCOMPARE(s.results.size(), 2);
        QCOMPARE(s.results.at(0).url, url);
        QCOMPARE(s.results.at(1).url, url);

        QCOMPARE(parseOk(videoBody(url)).videoUrl, url);
    }

    void unknownFieldsAreIgnored()
    {
        const QByteArray body = example("unknown-fields.json");
        const TaskSnapshot s = parseOk(body);
        QCOMPARE(s.status, TaskStatus::Succeeded);
        QCOMPARE(s.results.size(), 1);
        QCOMPARE(s.results.constFirst().url, QByteArray("https://h/1.png"));
        QCOMPARE(s.metricsTotal, 2); // a float
        QCOMPARE(s.metricsSucceeded, 1); // a string
        QCOMPARE(s.metricsFailed, 1);
        QCOMPARE(s.usage.value(QStringLiteral("something")).toString(), QStringLiteral("else"));
    }

    void wrongTypesAreTolerated()
    {
        const QByteArray body
                = R"({"output":{"task_id":42,"task_status":null,"submit_time":"yesterday",
                                   "results":{"url":"x"},"task_metrics":[],"video_url":7},"usage":"none"})";
        TaskSnapshot s;
        ApiError error;
        QVERIFY(parseTaskResponse(body, &s, &error));
        QVERIFY(!error.isError());
        QCOMPARE(s.status, TaskStatus::Other); // keep polling
        QVERIFY(s.taskId.isEmpty());
        QVERIFY(!s.submitTime.isValid());
        QVERIFY(s.results.isEmpty());
        QCOMPARE(s.metricsTotal, -1);
        QVERIFY(s.videoUrl.isEmpty());
        QVERIFY(s.usage.isEmpty());
    }

    void statuses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<TaskStatus>("status");
        QTest::addColumn<bool>("terminal");

        QTest::newRow("PENDING") << "PENDING" << TaskStatus::Pending << false;
        QTest::newRow("RUNNING") << "RUNNING" << TaskStatus::Running << false;
        QTest::newRow("SUSPENDED") << "SUSPENDED" << TaskStatus::Suspended << false;
        QTest::newRow("SUCCEEDED") << "SUCCEEDED" << TaskStatus::Succeeded << true;
        QTest::newRow("FAILED") << "FAILED" << TaskStatus::Failed << true;
        QTest::newRow("CANCELED") << "CANCELED" << TaskStatus::Canceled << true;
        QTest::newRow("UNKNOWN") << "UNKNOWN" << TaskStatus::Unknown << true;
        QTest::newRow("new status") << "QUEUED_FOR_GPU" << TaskStatus::Other << false;
        QTest::newRow("empty") << "" << TaskStatus::Other << false;
        QTest::newRow("lower case") << "succeeded" << TaskStatus::Succeeded << true;
    }
    void statuses()
    {
        QFETCH(QString, text);
        QFETCH(TaskStatus, status);
        QFETCH(bool, terminal);
        QCOMPARE(taskStatusFromString(text), status);
        QCOMPARE(isTerminal(status), terminal);
        if (status != TaskStatus::Other)
            QCOMPARE(taskStatusFromString(taskStatusToString(status)), status);

        const TaskSnapshot s = parseOk(statusBody(text));
        QCOMPARE(s.status, status);
        QCOMPARE(s.statusText, text);
    }

    void badBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");

        const int protocol = int(ApiError::Kind::Protocol);
        QTest::newRow("empty") << QByteArray() << protocol;
        QTest::newRow("html") << QByteArray("<html><title>502 Bad Gateway</title></html>")
                              << protocol;
        QTest::newRow("truncated") << QByteArray("{\"output\":{\"task_status\":\"RUN") << protocol;
        QTest::newRow("array") << QByteArray("[1,2]") << protocol;
        QTest::newRow("no output") << QByteArray(R"({"request_id":"r"})") << protocol;
        QTest::newRow("output not object") << QByteArray(R"({"output":"x"})") << protocol;
        QTest::newRow("error body with 200") << QByteArray(
                R"({"code":"Throttling.RateQuota","message":"slow down","request_id":"r"})")
                                             << int(ApiError::Kind::Throttled);
    }
    void badBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        TaskSnapshot s;
        s.taskId = QStringLiteral("untouched");
        ApiError error;
        QVERIFY(!parseTaskResponse(body, &s, &error));
        QCOMPARE(int(error.kind), kind);
        QVERIFY(!error.message.isEmpty());
        QCOMPARE(s.taskId, QStringLiteral("untouched"));
    }

    void requestIdKeptOnProtocolErrors()
    {
        ApiError error;
        QVERIFY(!parseTaskResponse(R"({"request_id":"keep-me"})", nullptr, &error));
        QCOMPARE(error.requestId, QStringLiteral("keep-me"));
        QVERIFY(parseTaskResponse(example("create-succeeded.json"), nullptr,
                                  nullptr)); // null outputs are fine
    }

    void taskList()
    {
        // Protocol doc §5.9, verbatim.
        const QByteArray body = example("task-list.json");
        QList<TaskListEntry> entries;
        int total = -1;
        ApiError error;
        QVERIFY(parseTaskList(body, &entries, &total, &error));
        QVERIFY(!error.isError());
        QCOMPARE(total, 2);
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.at(0).taskId, QStringLiteral("50e2ccea-abc4-43d7-a0dc-xxxxxx"));
        QCOMPARE(entries.at(0).model, QStringLiteral("wanx2.1-kf2v-plus"));
        QCOMPARE(entries.at(0).status, QStringLiteral("RUNNING"));
        QCOMPARE(entries.at(0).region, QStringLiteral("cn-beijing"));
        QCOMPARE(entries.at(0).requestId, QStringLiteral("1abfc3c8-dd25-98da-ad0b-xxxxxx"));
        QCOMPARE(entries.at(0).created.toMSecsSinceEpoch(), Q_INT64_C(1745568428109));
        QCOMPARE(entries.at(0).created.timeSpec(), Qt::UTC);
        QCOMPARE(entries.at(1).model, QStringLiteral("wanx2.1-t2i-turbo"));
        QCOMPARE(entries.at(1).created.toMSecsSinceEpoch(), Q_INT64_C(1745568293253));

        QVERIFY(parseTaskList(R"({"total":0,"data":[]})", &entries, &total, &error));
        QVERIFY(entries.isEmpty());
        QCOMPARE(total, 0);
        QVERIFY(!parseTaskList("nope", &entries, &total, &error));
        QCOMPARE(error.kind, ApiError::Kind::Protocol);
        QVERIFY(!parseTaskList(R"({"data":"x"})", &entries, &total, &error));
    }

    // Numbers a float-to-integer cast would overflow (UBSan found 1e300 in gmt_create): absent.
    void outOfRangeNumbers_data()
    {
        QTest::addColumn<QByteArray>("number");
        QTest::addColumn<qint64>("createdMs"); // -1: invalid
        QTest::addColumn<int>("metric");

        QTest::newRow("1e300") << QByteArray("1e300") << qint64(-1) << -1;
        QTest::newRow("-1e300") << QByteArray("-1e300") << qint64(-1) << -1;
        QTest::newRow("2^63") << QByteArray("9223372036854775808") << qint64(-1) << -1;
        QTest::newRow("2^63 as string")
                << QByteArray("\"9223372036854775808\"") << qint64(-1) << -1;
        QTest::newRow("1e300 as string") << QByteArray("\"1e300\"") << qint64(-1) << -1;
        QTest::newRow("NaN as string") << QByteArray("\"NaN\"") << qint64(-1) << -1;
        QTest::newRow("Infinity as string") << QByteArray("\"Infinity\"") << qint64(-1) << -1;
        QTest::newRow("negative") << QByteArray("-5") << qint64(-1) << -1;
        QTest::newRow("fraction") << QByteArray("2.5") << qint64(-1) << -1;
        QTest::newRow("2^31") << QByteArray("2147483648") << qint64(2147483648) << -1;
        QTest::newRow("past year 9999") << QByteArray("253402300800000") << qint64(-1) << -1;
        QTest::newRow("plain") << QByteArray("1745568428109") << qint64(1745568428109) << -1;
        QTest::newRow("small") << QByteArray("3") << qint64(3) << 3;
        QTest::newRow("small as string") << QByteArray("\"3\"") << qint64(3) << 3;
    }
    void outOfRangeNumbers()
    {
        QFETCH(QByteArray, number);
        QFETCH(qint64, createdMs);
        QFETCH(int, metric);

        QList<TaskListEntry> entries;
        int total = -2;
        ApiError error;
        QVERIFY(parseTaskList(R"({"total":)" + number + R"(,"data":[{"task_id":"t","gmt_create":)"
                                      + number + "}]}",
                              &entries, &total, &error));
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().created.isValid(), createdMs >= 0);
        if (createdMs >= 0)
            QCOMPARE(entries.first().created.toMSecsSinceEpoch(), createdMs);
        QCOMPARE(total, metric >= 0 ? metric : 1); // else the rows counted

        const TaskSnapshot s = parseOk(R"({"output":{"task_id":"t","task_status":"RUNNING",
                "task_metrics":{"TOTAL":)"
                                       + number + R"(,"SUCCEEDED":)" + number + "}}}");
        QCOMPARE(s.metricsTotal, metric);
        QCOMPARE(s.metricsSucceeded, metric);
    }

    // TaskState helpers (taskrecord.h) live with the protocol values they mirror.
    void taskStates()
    {
        const QList<TaskState> all { TaskState::Queued,      TaskState::Submitting,
                                     TaskState::Pending,     TaskState::Running,
                                     TaskState::Downloading, TaskState::Done,
                                     TaskState::PartlyDone,  TaskState::Failed,
                                     TaskState::Canceled,    TaskState::Expired };
        QStringList ids;
        for (TaskState state : all) {
            const QString id = taskStateId(state);
            QVERIFY(!id.isEmpty());
            QCOMPARE(id, id.toLower());
            QCOMPARE(taskStateFromId(id), std::optional<TaskState>(state));
            QVERIFY(!taskStateDisplayName(state).isEmpty());
            ids << id;
        }
        ids.removeDuplicates();
        QCOMPARE(ids.size(), all.size());
        QCOMPARE(taskStateId(TaskState::PartlyDone), QStringLiteral("partly_done"));
        QVERIFY(!taskStateFromId(QStringLiteral("bogus")));

        const QList<TaskState> finished { TaskState::Done, TaskState::PartlyDone, TaskState::Failed,
                                          TaskState::Canceled, TaskState::Expired };
        for (TaskState state : all)
            QCOMPARE(isFinished(state), finished.contains(state));
    }

    void imageCounts()
    {
        TaskRecord record;
        QCOMPARE(record.savedOutputCount(), 0);
        QCOMPARE(record.failedOutputCount(), 0);
        OutputRecord saved;
        saved.filePath = QStringLiteral("/tmp/a.png");
        OutputRecord rejected;
        rejected.errorCode = QStringLiteral("DataInspectionFailed");
        OutputRecord waiting; // not downloaded yet: neither saved nor failed
        record.outputs = { saved, rejected, waiting, saved };
        QCOMPARE(record.savedOutputCount(), 2);
        QCOMPARE(record.failedOutputCount(), 1);

        QVERIFY(QMetaType::fromName("TaskRecord").isValid());
        QVERIFY(QMetaType::fromName("OutputRecord").isValid());
    }
};

QTEST_GUILESS_MAIN(tst_TaskResponse)
#include "tst_taskresponse.moc"
