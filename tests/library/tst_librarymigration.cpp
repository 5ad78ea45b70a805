#include "domain/requestcodec.h"
#include "library/library.h"
#include "library/schema.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

// A connection of its own to the file, as the program of an earlier version had it.
class RawDatabase
{
public:
    explicit RawDatabase(const QString &path) : m_name(QStringLiteral("raw-%1").arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawDatabase()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }
    QVariant value(const QString &sql, const QVariantList &values = {}) const
    {
        QSqlQuery q(database());
        q.prepare(sql);
        for (const QVariant &v : values)
            q.addBindValue(v);
        if (!q.exec() || !q.next())
            return QStringLiteral("error: %1").arg(q.lastError().text());
        return q.value(0);
    }
    bool exec(const QString &sql) const
    {
        QSqlQuery q(database());
        const bool ok = q.exec(sql);
        if (!ok)
            qWarning() << sql << q.lastError().text();
        return ok;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
};

// Rows as version 3 of the program wrote them: a task with a saved, starred image and an image
// the service refused, a task followed by its id (no request known), a failed task without
// images, and a newer task with an image that were both deleted (so version 3's sqlite_sequence
// remembers ids the rows no longer have).
// clang-format off
const char *const Version3Rows[] = {
    "INSERT INTO tasks (id, model, prompt, negative_prompt, width, height, count, seed,"
    " prompt_extend, watermark, region, base_url, task_id, request_id, state, service_status,"
    " submit_time, scheduled_time, end_time, usage, created_at, updated_at, finished_at)"
    " VALUES (1, 'wan2.5-t2i-preview', '海边的灯塔 at dawn, \"quoted\"', 'blurry, text',"
    " 1280, 1280, 2, 42, 0, 1, 'singapore', 'https://dashscope-intl.aliyuncs.com/api/v1',"
    " 'task-a', 'req-a', 'partly_done', 'SUCCEEDED', '2025-05-01T10:00:01.000',"
    " '2025-05-01T10:00:02.000', '2025-05-01T10:00:20.000', '{\"image_count\":1}',"
    " '2025-05-01T02:00:00.000Z', '2025-05-01T02:00:25.000Z', '2025-05-01T02:00:25.000Z')",
    "INSERT INTO images (id, task, idx, file_path, width, height, bytes, sha256, seed,"
    " actual_prompt, remote_url, url_expiry, favourite, created_at) VALUES (1, 1, 0,"
    " '/pictures/lighthouse.png', 1280, 1280, 123456,"
    " 'aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233', 42,"
    " 'A white lighthouse on a cliff at dawn', X'68747470733A2F2F6F73732F612532466225',"
    " '2025-05-02T02:00:00.000Z', 1, '2025-05-01T02:00:22.000Z')",
    "INSERT INTO images (id, task, idx, seed, error_code, error_message, created_at)"
    " VALUES (2, 1, 1, 43, 'DataInspectionFailed', 'Output data may contain inappropriate"
    " content.', '2025-05-01T02:00:22.000Z')",
    "INSERT INTO tasks (id, region, base_url, task_id, state, created_at, updated_at)"
    " VALUES (2, 'beijing', 'http://127.0.0.1:8765/api/v1', 'task-b', 'running',"
    " '2025-05-01T03:00:00.000Z', '2025-05-01T03:00:05.000Z')",
    "INSERT INTO tasks (id, model, prompt, width, height, count, seed, region, base_url,"
    " task_id, state, error_kind, error_code, error_message, error_request_id,"
    " error_http_status, created_at, updated_at, finished_at) VALUES (3, 'wan2.2-t2i-flash',"
    " '草地上的猫', 1024, 768, 1, 7, 'virginia', 'https://dashscope-us.aliyuncs.com/api/v1',"
    " 'task-c', 'failed', 'content_policy', 'DataInspectionFailed', 'Input data may contain"
    " inappropriate content.', 'req-c', 400, '2025-05-01T04:00:00.000Z',"
    " '2025-05-01T04:00:03.000Z', '2025-05-01T04:00:03.000Z')",
    "INSERT INTO tasks (id, model, prompt, region, base_url, task_id, state, created_at,"
    " updated_at) VALUES (4, 'wan2.2-t2i-flash', 'deleted later', 'singapore',"
    " 'https://dashscope-intl.aliyuncs.com/api/v1', 'task-d', 'done',"
    " '2025-05-01T05:00:00.000Z', '2025-05-01T05:00:00.000Z')",
    "INSERT INTO images (id, task, idx, file_path, actual_prompt, created_at)"
    " VALUES (3, 4, 0, '/pictures/deleted.png', 'a deleted zebra', '2025-05-01T05:00:00.000Z')",
    "DELETE FROM tasks WHERE id = 4",
};
// clang-format on

// The request as version 3 read it from its columns (RowCodec before schema 4).
GenerationRequest requestFromColumns(const RawDatabase &raw, qint64 id)
{
    QSqlQuery q(raw.database());
    q.prepare(QStringLiteral("SELECT model, prompt, negative_prompt, width, height, count, seed,"
                             " prompt_extend, watermark FROM tasks WHERE id = ?"));
    q.addBindValue(id);
    GenerationRequest r;
    if (!q.exec() || !q.next())
        return r;
    r.model = q.value(0).toString();
    r.prompt = q.value(1).toString();
    r.negativePrompt = q.value(2).toString();
    const QSize size(q.value(3).toInt(), q.value(4).toInt());
    if (!size.isEmpty())
        r.size = size;
    r.count = q.value(5).toInt();
    if (!q.value(6).isNull())
        r.seed = q.value(6).toLongLong();
    r.promptExtend = q.value(7).toBool();
    r.watermark = q.value(8).toBool();
    return r;
}

} // namespace

// Schema 4 (outputs, the request as JSON, task inputs, uploads) on a library that version 3 of
// the program made: the schema built by the released steps 1 to 3, real rows written into it.
class tst_LibraryMigration : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void migratesVersion3();
    void marksEarlierDemoTasks();

private:
    QTemporaryDir m_dir;
};

void tst_LibraryMigration::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_LibraryMigration::migratesVersion3()
{
    const QString path = m_dir.filePath(QStringLiteral("v3.sqlite3"));
    QMap<qint64, GenerationRequest> before;
    {
        RawDatabase raw(path);
        for (int step = 1; step <= 3; ++step) {
            const QStringList statements = LibrarySchema::statements(step);
            QVERIFY(!statements.isEmpty());
            for (const QString &statement : statements)
                QVERIFY(raw.exec(statement));
        }
        QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 3")));
        for (const char *statement : Version3Rows)
            QVERIFY(raw.exec(QString::fromUtf8(statement)));
        QVERIFY(raw.exec(QStringLiteral("DELETE FROM images WHERE id = 3")));
        QCOMPARE(raw.value(QStringLiteral("SELECT seq FROM sqlite_sequence WHERE name = 'tasks'"))
                         .toInt(),
                 4);
        for (qint64 id : { 1, 2, 3 })
            before.insert(id, requestFromColumns(raw, id));
    }

    Library library;
    QString error;
    error = library.open(path).message();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    RawDatabase raw(path);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(),
             Library::SchemaVersion); // every step since, the ledger (5) too
    QCOMPARE(library.integrityCheck(), QStringLiteral("ok"));
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")).toInt(), 0);

    // The schema: nothing is called images any more; outputs has its search index and indexes.
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name LIKE"
                                      " '%images%' OR sql LIKE '%images%'"))
                     .toInt(),
             0);
    QCOMPARE(raw.value(QStringLiteral("SELECT group_concat(name, ' ') FROM (SELECT name FROM"
                                      " sqlite_master WHERE type = 'trigger' ORDER BY name)"))
                     .toString(),
             QStringLiteral("outputs_fts_delete outputs_fts_insert outputs_fts_update"
                            " tasks_fts_delete tasks_fts_insert tasks_fts_update"));
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                      " AND name IN ('tasks_task_id', 'tasks_created',"
                                      " 'tasks_state', 'outputs_favourite', 'outputs_sha256',"
                                      " 'task_inputs_sha256')"))
                     .toInt(),
             6);
    QVERIFY(raw.exec(
            QStringLiteral("INSERT INTO outputs_fts(outputs_fts) VALUES ('integrity-check')")));
    QVERIFY(raw.exec(
            QStringLiteral("INSERT INTO tasks_fts(tasks_fts) VALUES ('integrity-check')")));

    // Every value of every row.
    const TaskRecord a = library.task(1);
    QCOMPARE(a.request, before.value(1));
    QCOMPARE(a.request.kind, MediaKind::TextToImage);
    QCOMPARE(a.request.model, QStringLiteral("wan2.5-t2i-preview"));
    QCOMPARE(a.request.prompt, QStringLiteral("海边的灯塔 at dawn, \"quoted\""));
    QCOMPARE(a.request.negativePrompt, QStringLiteral("blurry, text"));
    QCOMPARE(a.request.size, QSize(1280, 1280));
    QCOMPARE(a.request.count, 2);
    QCOMPARE(a.request.seed, std::optional<qint64>(42));
    QVERIFY(!a.request.promptExtend);
    QVERIFY(a.request.watermark);
    QCOMPARE(a.endpoint.region, Region::Singapore);
    QCOMPARE(a.endpoint.baseUrl,
             QUrl(QStringLiteral("https://dashscope-intl.aliyuncs.com/api/v1")));
    QCOMPARE(a.taskId, QStringLiteral("task-a"));
    QCOMPARE(a.requestId, QStringLiteral("req-a"));
    QCOMPARE(a.state, TaskState::PartlyDone);
    QCOMPARE(a.serviceStatus, QStringLiteral("SUCCEEDED"));
    QCOMPARE(a.submitTime, QDateTime(QDate(2025, 5, 1), QTime(10, 0, 1)));
    QCOMPARE(a.scheduledTime, QDateTime(QDate(2025, 5, 1), QTime(10, 0, 2)));
    QCOMPARE(a.endTime, QDateTime(QDate(2025, 5, 1), QTime(10, 0, 20)));
    QCOMPARE(a.usage.value(QStringLiteral("image_count")).toInt(), 1);
    QCOMPARE(a.createdAt, QDateTime(QDate(2025, 5, 1), QTime(2, 0), Qt::UTC));
    QCOMPARE(a.updatedAt, QDateTime(QDate(2025, 5, 1), QTime(2, 0, 25), Qt::UTC));
    QCOMPARE(a.finishedAt, QDateTime(QDate(2025, 5, 1), QTime(2, 0, 25), Qt::UTC));
    QVERIFY(!a.error.isError());
    QVERIFY(a.outputFolder.isEmpty()); // not recorded by version 3
    QVERIFY(a.request.inputs.isEmpty());
    QCOMPARE(a.outputs.size(), 2);
    const OutputRecord saved = a.outputs.at(0);
    QCOMPARE(saved.id, 1);
    QCOMPARE(saved.taskRowId, 1);
    QCOMPARE(saved.index, 0);
    QCOMPARE(saved.filePath, QStringLiteral("/pictures/lighthouse.png"));
    QCOMPARE(saved.pixelSize, QSize(1280, 1280));
    QCOMPARE(saved.bytes, 123456);
    QCOMPARE(saved.sha256,
             QByteArray("aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233"));
    QCOMPARE(saved.seed, 42);
    QCOMPARE(saved.actualPrompt, QStringLiteral("A white lighthouse on a cliff at dawn"));
    QCOMPARE(saved.remoteUrl, QByteArray("https://oss/a%2Fb%"));
    QCOMPARE(saved.urlExpiry, QDateTime(QDate(2025, 5, 2), QTime(2, 0), Qt::UTC));
    QVERIFY(saved.favourite);
    QCOMPARE(saved.createdAt, QDateTime(QDate(2025, 5, 1), QTime(2, 0, 22), Qt::UTC));
    QCOMPARE(saved.mediaType, QStringLiteral("image/png"));
    QCOMPARE(saved.durationMs, 0);
    QVERIFY(saved.posterPath.isEmpty());
    QVERIFY(saved.plannedPath.isEmpty());
    const OutputRecord refused = a.outputs.at(1);
    QCOMPARE(refused.id, 2);
    QVERIFY(!refused.isSaved());
    QCOMPARE(refused.seed, 43);
    QCOMPARE(refused.errorCode, QStringLiteral("DataInspectionFailed"));
    QCOMPARE(refused.errorMessage,
             QStringLiteral("Output data may contain inappropriate content."));
    QVERIFY(!refused.favourite);
    QCOMPARE(refused.mediaType, QStringLiteral("image/png"));

    const TaskRecord b = library.task(2);
    QCOMPARE(b.request, before.value(2));
    QVERIFY(b.request.model.isEmpty());
    QVERIFY(!b.request.size.isValid());
    QVERIFY(!b.request.seed);
    QVERIFY(b.request.promptExtend);
    QCOMPARE(b.endpoint.region, Region::Beijing);
    QCOMPARE(b.endpoint.baseUrl, QUrl(QStringLiteral("http://127.0.0.1:8765/api/v1")));
    QCOMPARE(b.state, TaskState::Running);
    QVERIFY(b.outputs.isEmpty());

    const TaskRecord c = library.task(3);
    QCOMPARE(c.request, before.value(3));
    QCOMPARE(c.request.size, QSize(1024, 768));
    QCOMPARE(c.state, TaskState::Failed);
    QCOMPARE(c.error.kind, ApiError::Kind::ContentPolicy);
    QCOMPARE(c.error.code, QStringLiteral("DataInspectionFailed"));
    QCOMPARE(c.error.message, QStringLiteral("Input data may contain inappropriate content."));
    QCOMPARE(c.error.requestId, QStringLiteral("req-c"));
    QCOMPARE(c.error.httpStatus, 400);
    QCOMPARE(library.task(4).id, 0);

    // The filled request is RequestCodec's text of what the columns said, read back the same.
    for (qint64 id : { 1, 2, 3 }) {
        const QByteArray text
                = raw.value(QStringLiteral("SELECT request FROM tasks WHERE id = ?"), { id })
                          .toString()
                          .toUtf8();
        QVERIFY2(QJsonDocument::fromJson(text).isObject(), text.constData());
        QCOMPARE(RequestCodec::fromText(text), before.value(id));
        QCOMPARE(text, RequestCodec::toText(before.value(id)));
        QCOMPARE(raw.value(QStringLiteral("SELECT kind FROM tasks WHERE id = ?"), { id }),
                 QVariant(QStringLiteral("text-to-image")));
    }

    // Search: the prompts and the actual prompts of version 3's rows, by index and by scan.
    LibraryQuery query;
    query.text = QStringLiteral("lighthouse on a cliff");
    QCOMPARE(library.countOutputs(query), 1);
    query.text = QStringLiteral("海边的灯塔");
    QCOMPARE(library.countOutputs(query), 2);
    query.text = QStringLiteral("灯塔"); // two characters: a scan
    QCOMPARE(library.countOutputs(query), 2);
    query.text = QStringLiteral("草地");
    QCOMPARE(library.countOutputs(query), 1); // the failed task without images
    query.text = QStringLiteral("zebra");
    QCOMPARE(library.countOutputs(query), 0);
    query = {};
    query.favouritesOnly = true;
    QCOMPARE(library.countOutputs(query), 1);
    QCOMPARE(library.countOutputs({}), 4); // two outputs, and the tasks without any

    // Ids are never handed out twice: task 4 and image 3 were deleted by version 3.
    TaskRecord next;
    next.request.prompt = QStringLiteral("a zebra crossing after the upgrade");
    QVERIFY(library.addTask(&next));
    QCOMPARE(next.id, 5);
    OutputRecord output;
    output.taskRowId = next.id;
    output.filePath = QStringLiteral("/pictures/zebra.png");
    output.actualPrompt = QStringLiteral("a zebra crossing in the rain");
    QVERIFY(library.addOutput(&output));
    QCOMPARE(output.id, 4);
    query = {};
    query.text = QStringLiteral("crossing in the rain");
    QCOMPARE(library.countOutputs(query), 1);
    QVERIFY(library.deleteOutputs({ output.id }, false));
    QCOMPARE(library.countOutputs(query), 0);
    OutputRecord another = output;
    another.id = 0;
    another.index = 1;
    QVERIFY(library.addOutput(&another));
    QVERIFY(another.id > output.id);

    // One row per service task, and (task, index) is one output: a second write replaces it.
    TaskRecord again;
    again.taskId = QStringLiteral("task-a");
    QVERIFY(!library.addTask(&again));
    OutputRecord replaced = refused;
    replaced.id = 0;
    replaced.errorCode.clear();
    replaced.filePath = QStringLiteral("/pictures/second.png");
    QVERIFY(library.addOutput(&replaced));
    QCOMPARE(replaced.id, 2);

    QCOMPARE(library.integrityCheck(), QStringLiteral("ok"));
}

// The demo flag (step 8) on a library of version 7: set where the rows say the built-in
// simulator made the task (a loopback URL and the Demo folder), never on a guess from one alone.
void tst_LibraryMigration::marksEarlierDemoTasks()
{
    const QString path = m_dir.filePath(QStringLiteral("v7.sqlite3"));
    constexpr int Before = 7; // the step that adds the flag is the next one
    {
        RawDatabase raw(path);
        for (int step = 1; step <= Before; ++step) {
            const QStringList statements = LibrarySchema::statements(step);
            QVERIFY(!statements.isEmpty());
            for (const QString &statement : statements)
                QVERIFY(raw.exec(statement));
        }
        QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(Before)));
        const auto task = [&](int id, const char *baseUrl, const char *folder) {
            return raw.exec(QStringLiteral("INSERT INTO tasks (id, model, prompt, region, base_url,"
                                           " state, created_at, updated_at, output_folder)"
                                           " VALUES (%1, 'wan2.2-t2i-flash', 'p', 'singapore',"
                                           " '%2', 'done', '2026-05-01T02:00:00.000Z',"
                                           " '2026-05-01T02:00:00.000Z', %3)")
                                    .arg(id)
                                    .arg(QLatin1String(baseUrl),
                                         folder ? QStringLiteral("'%1'").arg(QLatin1String(folder))
                                                : QStringLiteral("NULL")));
        };
        const char *simulator = "http://127.0.0.1:40123/api/v1";
        const char *real = "https://dashscope-intl.aliyuncs.com/api/v1";
        QVERIFY(task(1, simulator, "/home/a/Pictures/DashScope Studio/Demo")); // the window's
        QVERIFY(task(2, simulator, nullptr)); // before folders were kept: its file says
        QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO outputs (task, idx, file_path, created_at) VALUES (2, 0,"
                " '/home/a/Pictures/DashScope Studio/Demo/x.png', '2026-05-01T02:00:00.000Z')")));
        QVERIFY(task(3, simulator, "/home/a/Pictures/DashScope Studio")); // own simulator
        QVERIFY(task(4, real, "/home/a/Demo")); // a real task in a folder named Demo
        QVERIFY(task(5, "http://localhost:8080/api/v1", "/tmp/out/Demo")); // `--demo -o`
        QVERIFY(task(6, simulator, nullptr)); // nothing says where: not marked
        // The ledger: its tasks' flags, and a deleted task's free demo price.
        const auto ledger = [&](int taskRow, const char *amount, const QString &source) {
            return raw.exec(QStringLiteral("INSERT INTO usage_ledger (task_row_id, finished_at,"
                                           " model, amount, price_source) VALUES (%1,"
                                           " '2026-05-01T02:00:00.000Z', 'm', %2, '%3')")
                                    .arg(taskRow)
                                    .arg(QLatin1String(amount), source));
        };
        QVERIFY(ledger(1, "0", QStringLiteral("demo (built-in simulator)")));
        QVERIFY(ledger(3, "0.2", QStringLiteral("built-in")));
        QVERIFY(ledger(4, "0.2", QStringLiteral("built-in")));
        QVERIFY(ledger(99, "0", QStringLiteral(u"演示（内置模拟器）"))); // task deleted
        QVERIFY(ledger(98, "0", QStringLiteral("prices.json"))); // free, but not demo
    }

    Library library;
    const QString error = library.open(path).message();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(library.task(1).demo);
    QVERIFY(library.task(2).demo);
    QVERIFY(!library.task(3).demo);
    QVERIFY(!library.task(4).demo);
    QVERIFY(library.task(5).demo);
    QVERIFY(!library.task(6).demo);
    QMap<qint64, bool> demoLedger;
    for (const UsageEntry &entry : library.usage())
        demoLedger.insert(entry.taskRowId, entry.demo);
    QCOMPARE(demoLedger,
             (QMap<qint64, bool> {
                     { 1, true }, { 3, false }, { 4, false }, { 99, true }, { 98, false } }));
}

QTEST_GUILESS_MAIN(tst_LibraryMigration)
#include "tst_librarymigration.moc"
