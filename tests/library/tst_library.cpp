#include "library/library.h"
#include "library/thumbnailcache.h"

#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

// A second connection to the same file, the way another process (or a crash inspector) sees it:
// whatever it reads has been committed.
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
    QVariant value(const QString &sql, const QVariantList &values = {}) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        q.prepare(sql);
        for (const QVariant &v : values)
            q.addBindValue(v);
        if (!q.exec() || !q.next())
            return QStringLiteral("error: %1").arg(q.lastError().text());
        return q.value(0);
    }
    bool exec(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        const bool ok = q.exec(sql);
        if (!ok)
            qWarning() << sql << q.lastError().text();
        return ok;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
};

class tst_Library : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void openCreatesCurrentSchema();
    void openRefusesNewerSchema();
    void migratesVersion1();
    void migratesVersion2AndStopsReusingIds();
    void idsAreNeverReused();
    void failedMigrationChangesNothing();
    void notADatabase();
    void taskRoundTrip();
    void taskRowIsCommittedImmediately();
    void imageRoundTrip();
    void imageUpsertKeepsIdAndFavourite();
    void requestAndInputsRoundTrip();
    void outputOfAVideoRoundTrip();
    void uploadsAreReusedWhileYoung();
    void foreignKeysEnforced();
    void duplicateServiceTaskIdRejected();
    void unfinishedTasksOldestFirst();
    void signalsAfterCommit();
    void runInTransactionRollsBack();
    void search_data();
    void search();
    void filters();
    void mediaFilter();
    void demoFilter();
    void pagingAndOrder();
    void failedTasksAreEntries();
    void findTasksForHistory();
    void favourites();
    void deleteImagesWithFiles();
    void deleteTasks();
    void deletionNamesObsoleteThumbnails();
    void twoInstancesShareTheFile();
    void reportsChangesFromOtherProcesses();
    void modelsAndSizes();

private:
    TaskRecord makeTask(const QString &prompt,
                        const QString &model = QStringLiteral("wan2.2-t2i-flash"),
                        QSize size = QSize(1024, 1024), TaskState state = TaskState::Done);
    OutputRecord addSavedImage(const TaskRecord &task, int index, const QString &actualPrompt = {});
    void fillSearchLibrary();

    QTemporaryDir *m_dir = nullptr;
    Library *m_library = nullptr;
    QString m_path;
};

void tst_Library::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_Library::init()
{
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("library.sqlite3"));
    m_library = new Library;
    QString error;
    error = m_library->open(m_path).message();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void tst_Library::cleanup()
{
    delete m_library;
    m_library = nullptr;
    delete m_dir;
    m_dir = nullptr;
}

TaskRecord tst_Library::makeTask(const QString &prompt, const QString &model, QSize size,
                                 TaskState state)
{
    TaskRecord task;
    task.request.model = model;
    task.request.prompt = prompt;
    task.request.size = size;
    task.request.count = 1;
    task.request.seed = 42;
    task.state = state;
    return task;
}

OutputRecord tst_Library::addSavedImage(const TaskRecord &task, int index,
                                        const QString &actualPrompt)
{
    OutputRecord image;
    image.taskRowId = task.id;
    image.index = index;
    image.filePath = m_dir->filePath(QStringLiteral("image-%1-%2.png").arg(task.id).arg(index));
    image.pixelSize = task.request.size;
    image.bytes = 1234;
    image.seed = task.request.seed.value_or(0) + index;
    image.actualPrompt = actualPrompt;
    if (!m_library->addOutput(&image))
        qWarning() << "addImage failed:" << m_library->lastError();
    return image;
}

void tst_Library::openCreatesCurrentSchema()
{
    QVERIFY(m_library->isOpen());
    QCOMPARE(m_library->path(), QFileInfo(m_path).absoluteFilePath());
    QCOMPARE(m_library->integrityCheck(), QStringLiteral("ok"));

    RawDatabase raw(m_path);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), Library::SchemaVersion);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    // The trigram tokenizer of FTS5 is available in the SQLite the Qt driver loads.
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name IN "
                                      "('tasks_fts', 'outputs_fts')"))
                     .toInt(),
             2);

    // Opening again is a no-op migration.
    m_library->close();
    QVERIFY(!m_library->isOpen());
    QVERIFY(m_library->open(m_path));
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), Library::SchemaVersion);
}

void tst_Library::openRefusesNewerSchema()
{
    m_library->close();
    {
        RawDatabase raw(m_path);
        QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 99")));
    }
    QString error;
    error = m_library->open(m_path).message();
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QStringLiteral("newer version")), qPrintable(error));
    QVERIFY(!m_library->isOpen());
    RawDatabase raw(m_path);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), 99); // untouched
}

// A library as version 1 of the program wrote it, frozen here on purpose: the migrations must
// keep working against this exact schema forever.
namespace {

// clang-format off
const char *const Version1[] = {
    "CREATE TABLE tasks (id INTEGER PRIMARY KEY, model TEXT NOT NULL DEFAULT '',"
    " prompt TEXT NOT NULL DEFAULT '', negative_prompt TEXT NOT NULL DEFAULT '',"
    " width INTEGER NOT NULL DEFAULT 0, height INTEGER NOT NULL DEFAULT 0,"
    " count INTEGER NOT NULL DEFAULT 1, seed INTEGER, prompt_extend INTEGER NOT NULL DEFAULT 1,"
    " watermark INTEGER NOT NULL DEFAULT 0, region TEXT NOT NULL, base_url TEXT NOT NULL,"
    " task_id TEXT, request_id TEXT, state TEXT NOT NULL, service_status TEXT,"
    " submit_time TEXT, scheduled_time TEXT, end_time TEXT, error_kind TEXT, error_code TEXT,"
    " error_message TEXT, error_request_id TEXT, error_http_status INTEGER, usage TEXT,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT)",
    "CREATE UNIQUE INDEX tasks_task_id ON tasks(task_id) WHERE task_id IS NOT NULL",
    "CREATE INDEX tasks_created ON tasks(created_at, id)",
    "CREATE INDEX tasks_state ON tasks(state)",
    "CREATE TABLE images (id INTEGER PRIMARY KEY,"
    " task INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE, idx INTEGER NOT NULL,"
    " file_path TEXT, width INTEGER NOT NULL DEFAULT 0, height INTEGER NOT NULL DEFAULT 0,"
    " bytes INTEGER NOT NULL DEFAULT 0, sha256 TEXT, seed INTEGER, actual_prompt TEXT,"
    " remote_url BLOB, url_expiry TEXT, error_code TEXT, error_message TEXT,"
    " favourite INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, UNIQUE(task, idx))",
    "CREATE INDEX images_favourite ON images(favourite) WHERE favourite <> 0",
    "CREATE INDEX images_sha256 ON images(sha256)",
    "INSERT INTO tasks (id, model, prompt, negative_prompt, width, height, count, seed, region,"
    " base_url, task_id, state, created_at, updated_at) VALUES (7, 'wanx-v1',"
    " '一只戴着帽子的橘猫坐在窗台上', 'blurry', 1024, 1024, 1, 99, 'beijing',"
    " 'https://dashscope.aliyuncs.com/api/v1', 'old-task-1', 'done',"
    " '2024-01-02T03:04:05.000Z', '2024-01-02T03:05:00.000Z')",
    "INSERT INTO images (id, task, idx, file_path, width, height, bytes, seed, actual_prompt,"
    " remote_url, created_at) VALUES (3, 7, 0, '/pictures/cat.png', 1024, 1024, 5000, 99,"
    " 'An orange cat wearing a hat', X'68747470733A2F2F782F612532466225',"
    " '2024-01-02T03:05:00.000Z')",
    "PRAGMA user_version = 1",
};
// clang-format on

bool writeVersion1(const QString &path, const QStringList &extraStatements = {})
{
    RawDatabase raw(path);
    for (const char *statement : Version1) {
        if (!raw.exec(QString::fromUtf8(statement)))
            return false;
    }
    for (const QString &statement : extraStatements) {
        if (!raw.exec(statement))
            return false;
    }
    return true;
}

// Version 2 added full-text search; frozen like version 1.
const char *const Version2[] = {
    "CREATE VIRTUAL TABLE tasks_fts USING fts5(prompt, negative_prompt,"
    " content='tasks', content_rowid='id', tokenize='trigram')",
    "CREATE VIRTUAL TABLE images_fts USING fts5(actual_prompt,"
    " content='images', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN"
    " INSERT INTO tasks_fts(rowid, prompt, negative_prompt)"
    " VALUES (new.id, new.prompt, new.negative_prompt); END",
    "CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN"
    " INSERT INTO tasks_fts(tasks_fts, rowid, prompt, negative_prompt)"
    " VALUES ('delete', old.id, old.prompt, old.negative_prompt); END",
    "CREATE TRIGGER tasks_fts_update AFTER UPDATE OF prompt, negative_prompt ON tasks"
    " WHEN old.prompt IS NOT new.prompt OR old.negative_prompt IS NOT new.negative_prompt BEGIN"
    " INSERT INTO tasks_fts(tasks_fts, rowid, prompt, negative_prompt)"
    " VALUES ('delete', old.id, old.prompt, old.negative_prompt);"
    " INSERT INTO tasks_fts(rowid, prompt, negative_prompt)"
    " VALUES (new.id, new.prompt, new.negative_prompt); END",
    "CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN"
    " INSERT INTO images_fts(rowid, actual_prompt) VALUES (new.id, new.actual_prompt); END",
    "CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN"
    " INSERT INTO images_fts(images_fts, rowid, actual_prompt)"
    " VALUES ('delete', old.id, old.actual_prompt); END",
    "CREATE TRIGGER images_fts_update AFTER UPDATE OF actual_prompt ON images"
    " WHEN old.actual_prompt IS NOT new.actual_prompt BEGIN"
    " INSERT INTO images_fts(images_fts, rowid, actual_prompt)"
    " VALUES ('delete', old.id, old.actual_prompt);"
    " INSERT INTO images_fts(rowid, actual_prompt) VALUES (new.id, new.actual_prompt); END",
    "INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild')",
    "INSERT INTO images_fts(images_fts) VALUES ('rebuild')",
    // Rows written by version 2, through its triggers. Task 9 is the newest, with two images.
    "INSERT INTO tasks (id, model, prompt, width, height, count, region, base_url, task_id,"
    " state, error_kind, error_message, created_at, updated_at) VALUES (8, 'wan2.2-t2i-flash',"
    " 'a failed lighthouse', 1280, 720, 1, 'singapore',"
    " 'https://dashscope-intl.aliyuncs.com/api/v1', 'old-task-2', 'failed', 'content_policy',"
    " 'Input data may contain inappropriate content.', '2024-02-01T10:00:00.000Z',"
    " '2024-02-01T10:00:30.000Z')",
    "INSERT INTO tasks (id, model, prompt, negative_prompt, width, height, count, seed, region,"
    " base_url, task_id, state, created_at, updated_at) VALUES (9, 'wan2.5-t2i-preview',"
    " '雨后的西湖 at dawn', 'text, watermark', 1024, 1024, 2, 5, 'singapore',"
    " 'https://dashscope-intl.aliyuncs.com/api/v1', 'old-task-3', 'done',"
    " '2024-03-01T08:00:00.000Z', '2024-03-01T08:01:00.000Z')",
    "INSERT INTO images (id, task, idx, file_path, width, height, bytes, seed, actual_prompt,"
    " favourite, created_at) VALUES (4, 9, 0, '/pictures/lake-0.png', 1024, 1024, 6000, 5,"
    " 'West Lake after rain, misty pagoda', 1, '2024-03-01T08:01:00.000Z')",
    "INSERT INTO images (id, task, idx, file_path, width, height, bytes, seed, actual_prompt,"
    " created_at) VALUES (5, 9, 1, '/pictures/lake-1.png', 1024, 1024, 6001, 6,"
    " 'West Lake after rain, boats', '2024-03-01T08:01:00.000Z')",
    "PRAGMA user_version = 2",
};

bool writeVersion2(const QString &path)
{
    QStringList statements;
    for (const char *statement : Version2)
        statements.append(QString::fromUtf8(statement));
    return writeVersion1(path, statements);
}

} // namespace

void tst_Library::migratesVersion1()
{
    m_library->close();
    const QString path = m_dir->filePath(QStringLiteral("v1.sqlite3"));
    QVERIFY(writeVersion1(path));

    QString error;
    error = m_library->open(path).message();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    RawDatabase raw(path);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), Library::SchemaVersion);
    QCOMPARE(m_library->integrityCheck(), QStringLiteral("ok"));

    const TaskRecord task = m_library->taskByServiceId(QStringLiteral("old-task-1"));
    QCOMPARE(task.id, 7);
    QCOMPARE(task.request.prompt, QStringLiteral("一只戴着帽子的橘猫坐在窗台上"));
    QCOMPARE(task.endpoint.region, Region::Beijing);
    QCOMPARE(task.state, TaskState::Done);
    QCOMPARE(task.createdAt, QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC));
    QCOMPARE(task.outputs.size(), 1);
    QCOMPARE(task.outputs.first().remoteUrl, QByteArray("https://x/a%2Fb%"));

    // Rows written before full-text search existed are found by it.
    LibraryQuery query;
    query.text = QStringLiteral("戴着帽子");
    QCOMPARE(m_library->countOutputs(query), 1);
    query.text = QStringLiteral("orange cat");
    QCOMPARE(m_library->countOutputs(query), 1);
}

void tst_Library::migratesVersion2AndStopsReusingIds()
{
    m_library->close();
    const QString path = m_dir->filePath(QStringLiteral("v2.sqlite3"));
    QVERIFY(writeVersion2(path));
    {
        RawDatabase raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), 2);
    }

    QString error;
    error = m_library->open(path).message();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    RawDatabase raw(path);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), Library::SchemaVersion);
    QCOMPARE(m_library->integrityCheck(), QStringLiteral("ok"));
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v3'"))
                     .toInt(),
             0);
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"))
                     .toInt(),
             6);
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                      " AND name IN ('tasks_task_id', 'tasks_created',"
                                      " 'tasks_state', 'outputs_favourite', 'outputs_sha256')"))
                     .toInt(),
             5);
    // The search indexes agree with their tables (an error here would be a failed query).
    QVERIFY(raw.exec(
            QStringLiteral("INSERT INTO tasks_fts(tasks_fts) VALUES ('integrity-check')")));
    QVERIFY(raw.exec(
            QStringLiteral("INSERT INTO outputs_fts(outputs_fts) VALUES ('integrity-check')")));

    // Every row, with its id and values, survived.
    const TaskRecord cat = m_library->taskByServiceId(QStringLiteral("old-task-1"));
    QCOMPARE(cat.id, 7);
    QCOMPARE(cat.request.prompt, QStringLiteral("一只戴着帽子的橘猫坐在窗台上"));
    QCOMPARE(cat.outputs.size(), 1);
    QCOMPARE(cat.outputs.first().id, 3);
    QCOMPARE(cat.outputs.first().remoteUrl, QByteArray("https://x/a%2Fb%"));
    const TaskRecord failed = m_library->task(8);
    QCOMPARE(failed.state, TaskState::Failed);
    QCOMPARE(failed.error.kind, ApiError::Kind::ContentPolicy);
    QCOMPARE(failed.request.size, QSize(1280, 720));
    const TaskRecord lake = m_library->task(9);
    QCOMPARE(lake.taskId, QStringLiteral("old-task-3"));
    QCOMPARE(lake.request.negativePrompt, QStringLiteral("text, watermark"));
    QCOMPARE(lake.request.seed, std::optional<qint64>(5));
    QCOMPARE(lake.outputs.size(), 2);
    QCOMPARE(lake.outputs.at(0).id, 4);
    QVERIFY(lake.outputs.at(0).favourite);
    QCOMPARE(lake.outputs.at(1).id, 5);
    QCOMPARE(lake.outputs.at(1).seed, 6);
    QCOMPARE(m_library->countOutputs({}), 4); // three images and the failed task

    LibraryQuery query;
    query.text = QStringLiteral("戴着帽子");
    QCOMPARE(m_library->countOutputs(query), 1);
    query.text = QStringLiteral("misty pagoda");
    QCOMPARE(m_library->countOutputs(query), 1);
    query.text = QStringLiteral("西湖");
    QCOMPARE(m_library->countOutputs(query), 2);

    // Foreign keys are on again, with their cascade: deleting a task takes its images.
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")).toInt(), 0);
    OutputRecord orphan;
    orphan.taskRowId = 5555;
    QVERIFY(!m_library->addOutput(&orphan));

    // Deleting the newest image and the newest task no longer frees their ids.
    QVERIFY(m_library->deleteOutputs({ 5 }, false));
    QVERIFY(m_library->deleteTasks({ 9 }, false));
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM outputs WHERE task = 9")).toInt(), 0);
    TaskRecord next = makeTask(QStringLiteral("after the migration"));
    QVERIFY(m_library->addTask(&next));
    QCOMPARE(next.id, 10);
    const OutputRecord image = addSavedImage(next, 0);
    QCOMPARE(image.id, 6);
    query.text = QStringLiteral("西湖");
    QCOMPARE(m_library->countOutputs(query), 0);
    query.text = QStringLiteral("after the migration");
    QCOMPARE(m_library->countOutputs(query), 1);
    QCOMPARE(m_library->integrityCheck(), QStringLiteral("ok"));
}

void tst_Library::idsAreNeverReused()
{
    TaskRecord first = makeTask(QStringLiteral("first"));
    TaskRecord second = makeTask(QStringLiteral("second"));
    QVERIFY(m_library->addTask(&first));
    QVERIFY(m_library->addTask(&second));
    const OutputRecord image = addSavedImage(second, 0);
    QVERIFY(image.id > 0);

    QVERIFY(m_library->deleteTasks({ second.id }, false));
    TaskRecord third = makeTask(QStringLiteral("third"));
    QVERIFY(m_library->addTask(&third));
    QVERIFY2(third.id > second.id, qPrintable(QString::number(third.id)));
    const OutputRecord another = addSavedImage(third, 0);
    QVERIFY2(another.id > image.id, qPrintable(QString::number(another.id)));

    // Across closing and opening too (the largest id lives in the file).
    QVERIFY(m_library->deleteTasks({ third.id }, false));
    m_library->close();
    QVERIFY(m_library->open(m_path));
    TaskRecord fourth = makeTask(QStringLiteral("fourth"));
    QVERIFY(m_library->addTask(&fourth));
    QVERIFY(fourth.id > third.id);
}

void tst_Library::failedMigrationChangesNothing()
{
    // Something in the way of step 2 (here a table named like the search index): the upgrade
    // stops, and the library stays exactly as version 1 left it.
    m_library->close();
    const QString path = m_dir->filePath(QStringLiteral("v1-blocked.sqlite3"));
    QVERIFY(writeVersion1(path, { QStringLiteral("CREATE TABLE images_fts (x)") }));
    QString error;
    error = m_library->open(path).message();
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QStringLiteral("schema 2")), qPrintable(error));
    RawDatabase raw(path);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), 1);
    QCOMPARE(
            raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'tasks_fts'"))
                    .toInt(),
            0);
    QCOMPARE(raw.value(QStringLiteral("SELECT prompt FROM tasks WHERE id = 7")).toString(),
             QStringLiteral("一只戴着帽子的橘猫坐在窗台上"));
}

void tst_Library::notADatabase()
{
    m_library->close();
    const QString path = m_dir->filePath(QStringLiteral("garbage.sqlite3"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    QString error;
    error = m_library->open(path).message();
    QVERIFY(!error.isEmpty());
    QVERIFY(!error.isEmpty());
    QVERIFY(!m_library->isOpen());
    QCOMPARE(QFileInfo(path).size(), 4096); // left alone
}

void tst_Library::taskRoundTrip()
{
    TaskRecord task;
    task.request.model = QStringLiteral("wan2.5-t2i-preview");
    task.request.prompt = QStringLiteral("雨后的杭州西湖，水墨画风格\nsecond line, with \"quotes\" "
                                         "and 'apostrophes'; DROP TABLE tasks;");
    task.request.negativePrompt = QStringLiteral("低质量, blurry");
    task.request.size = QSize(1280, 720);
    task.request.count = 4;
    task.request.seed = MaxSeed;
    task.request.promptExtend = false;
    task.request.watermark = true;
    task.endpoint.region = Region::Virginia;
    task.endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8123/api/v1"));
    task.state = TaskState::Submitting;
    QVERIFY(m_library->addTask(&task));
    QVERIFY(task.id > 0);
    QVERIFY(task.createdAt.isValid());
    QCOMPARE(task.createdAt.timeSpec(), Qt::UTC);

    task.taskId = QStringLiteral("0385dc79-5ff8-4d82-bcb6-xxxxxx");
    task.requestId = QStringLiteral("4909100c-7b5a-9f92-bfe5-xxxxxx");
    task.state = TaskState::PartlyDone;
    task.serviceStatus = QStringLiteral("SUCCEEDED");
    task.submitTime = QDateTime(QDate(2025, 9, 1), QTime(17, 4, 5, 123)); // zone-less, as sent
    task.scheduledTime = QDateTime(QDate(2025, 9, 1), QTime(17, 4, 6, 1));
    task.endTime = QDateTime(QDate(2025, 9, 1), QTime(17, 4, 30, 999));
    task.error.kind = ApiError::Kind::ContentPolicy;
    task.error.httpStatus = 400;
    task.error.code = QStringLiteral("DataInspectionFailed");
    task.error.message = QStringLiteral("Input data may contain inappropriate content.");
    task.error.requestId = QStringLiteral("err-req");
    task.usage = QJsonObject { { QStringLiteral("image_count"), 3 } };
    task.updatedAt = QDateTime(QDate(2025, 9, 1), QTime(9, 5), Qt::UTC);
    task.finishedAt = QDateTime(QDate(2025, 9, 1), QTime(9, 5, 1, 500), Qt::UTC);
    QVERIFY(m_library->updateTask(task));

    const TaskRecord read = m_library->task(task.id);
    QCOMPARE(read.id, task.id);
    QVERIFY(read.request == task.request);
    QCOMPARE(read.request.seed, std::optional<qint64>(MaxSeed));
    QCOMPARE(read.endpoint, task.endpoint);
    QCOMPARE(read.taskId, task.taskId);
    QCOMPARE(read.requestId, task.requestId);
    QCOMPARE(read.state, task.state);
    QCOMPARE(read.serviceStatus, task.serviceStatus);
    QCOMPARE(read.submitTime, task.submitTime);
    QCOMPARE(read.submitTime.timeSpec(), Qt::LocalTime);
    QCOMPARE(read.scheduledTime, task.scheduledTime);
    QCOMPARE(read.endTime, task.endTime);
    QCOMPARE(read.error.kind, task.error.kind);
    QCOMPARE(read.error.httpStatus, 400);
    QCOMPARE(read.error.code, task.error.code);
    QCOMPARE(read.error.message, task.error.message);
    QCOMPARE(read.error.requestId, task.error.requestId);
    QCOMPARE(read.usage, task.usage);
    QCOMPARE(read.createdAt, task.createdAt);
    QCOMPARE(read.updatedAt, task.updatedAt);
    QCOMPARE(read.finishedAt, task.finishedAt);
    QVERIFY(read.outputs.isEmpty());
    QVERIFY(!read.demo);
    task.demo = true; // the built-in simulator made it
    QVERIFY(m_library->updateTask(task));
    QVERIFY(m_library->task(task.id).demo);

    // Absent, unseeded, default endpoint.
    TaskRecord plain;
    plain.request.model = QStringLiteral("m");
    QVERIFY(m_library->addTask(&plain));
    const TaskRecord plainRead = m_library->task(plain.id);
    QVERIFY(!plainRead.request.seed.has_value());
    QVERIFY(!plainRead.request.size.isValid());
    QCOMPARE(plainRead.endpoint, Endpoint());
    QVERIFY(!plainRead.error.isError());
    QVERIFY(plainRead.usage.isEmpty());
    QVERIFY(!plainRead.finishedAt.isValid());

    QCOMPARE(m_library->task(987654).id, 0);
    QCOMPARE(m_library->taskByServiceId(QStringLiteral("nope")).id, 0);
    QCOMPARE(m_library->taskByServiceId(task.taskId).id, task.id);

    TaskRecord missing = task;
    missing.id = 987654;
    QVERIFY(!m_library->updateTask(missing));
}

void tst_Library::taskRowIsCommittedImmediately()
{
    RawDatabase raw(m_path);
    TaskRecord task = makeTask(QStringLiteral("a lighthouse"), QStringLiteral("m"), QSize(),
                               TaskState::Queued);
    QVERIFY(m_library->addTask(&task));
    // Visible to another connection the moment addTask returns: the row exists before any request.
    QCOMPARE(raw.value(QStringLiteral("SELECT state FROM tasks WHERE id = ?"), { task.id })
                     .toString(),
             QStringLiteral("queued"));
    task.taskId = QStringLiteral("service-task-1");
    task.state = TaskState::Pending;
    QVERIFY(m_library->updateTask(task));
    QCOMPARE(raw.value(QStringLiteral("SELECT task_id FROM tasks WHERE id = ?"), { task.id })
                     .toString(),
             QStringLiteral("service-task-1"));
}

void tst_Library::imageRoundTrip()
{
    TaskRecord task = makeTask(QStringLiteral("p"));
    QVERIFY(m_library->addTask(&task));

    OutputRecord image;
    image.taskRowId = task.id;
    image.index = 2;
    image.filePath = QStringLiteral("/home/someone/Pictures/DashScope/2025-09-01 猫 #2.png");
    image.pixelSize = QSize(1280, 720);
    image.bytes = 3'456'789'012LL;
    image.sha256 = QByteArray("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    image.seed = 2147483646;
    image.actualPrompt = QStringLiteral("扩写后的提示词：一只橘猫");
    // Signed URLs must survive byte for byte: %2F stays %2F, '+' stays '+'.
    image.remoteUrl
            = QByteArray("https://dashscope-result.oss-cn-beijing.aliyuncs.com/1d/ab/x.png"
                         "?Expires=1756800000&OSSAccessKeyId=LTAI%2Bx&Signature=a%2Fb%3D+c");
    image.urlExpiry = QDateTime(QDate(2025, 9, 2), QTime(8, 0), Qt::UTC);
    image.favourite = true;
    image.createdAt = QDateTime(QDate(2025, 9, 1), QTime(9, 5, 0, 42), Qt::UTC);
    QVERIFY(m_library->addOutput(&image));
    QVERIFY(image.id > 0);

    OutputRecord failed;
    failed.taskRowId = task.id;
    failed.index = 3;
    failed.errorCode = QStringLiteral("DataInspectionFailed");
    failed.errorMessage = QStringLiteral("Output data may contain inappropriate content.");
    QVERIFY(m_library->addOutput(&failed));
    QVERIFY(failed.createdAt.isValid());

    const OutputRecord read = m_library->output(image.id);
    QCOMPARE(read.id, image.id);
    QCOMPARE(read.taskRowId, task.id);
    QCOMPARE(read.index, 2);
    QCOMPARE(read.filePath, image.filePath);
    QCOMPARE(read.pixelSize, image.pixelSize);
    QCOMPARE(read.bytes, image.bytes);
    QCOMPARE(read.sha256, image.sha256);
    QCOMPARE(read.seed, image.seed);
    QCOMPARE(read.actualPrompt, image.actualPrompt);
    QCOMPARE(read.remoteUrl, image.remoteUrl);
    QCOMPARE(read.urlExpiry, image.urlExpiry);
    QCOMPARE(read.favourite, true);
    QCOMPARE(read.createdAt, image.createdAt);
    QVERIFY(read.isSaved());

    const OutputRecord readFailed = m_library->output(failed.id);
    QVERIFY(!readFailed.isSaved());
    QCOMPARE(readFailed.errorCode, failed.errorCode);
    QCOMPARE(readFailed.errorMessage, failed.errorMessage);
    QCOMPARE(readFailed.seed, -1);
    QVERIFY(readFailed.remoteUrl.isEmpty());

    const TaskRecord withImages = m_library->task(task.id);
    QCOMPARE(withImages.outputs.size(), 2);
    QCOMPARE(withImages.outputs.at(0).index, 2);
    QCOMPARE(withImages.outputs.at(1).index, 3);
    QCOMPARE(m_library->output(424242).id, 0);
}

void tst_Library::imageUpsertKeepsIdAndFavourite()
{
    TaskRecord task = makeTask(QStringLiteral("p"));
    QVERIFY(m_library->addTask(&task));
    OutputRecord first;
    first.taskRowId = task.id;
    first.index = 0;
    first.errorCode = QStringLiteral("Expired");
    QVERIFY(m_library->addOutput(&first));
    QVERIFY(m_library->setFavourite({ first.id }, true));

    OutputRecord again;
    again.taskRowId = task.id;
    again.index = 0;
    again.filePath = QStringLiteral("/tmp/x.png");
    QVERIFY(m_library->addOutput(&again));
    QCOMPARE(again.id, first.id);
    const OutputRecord read = m_library->output(first.id);
    QCOMPARE(read.filePath, QStringLiteral("/tmp/x.png"));
    QVERIFY(read.errorCode.isEmpty());
    QVERIFY(read.favourite);
    QCOMPARE(m_library->task(task.id).outputs.size(), 1);
}

// The request is its JSON column (the old columns only index it) and its inputs are rows of
// task_inputs, in order; the folder a task saves into is kept with it.
void tst_Library::requestAndInputsRoundTrip()
{
    TaskRecord task;
    task.request.kind = MediaKind::KeyframeToVideo;
    task.request.model = QStringLiteral("wan2.2-kf2v-flash");
    task.request.prompt = QStringLiteral("从第一帧到最后一帧 a kite rises");
    task.request.count = 1;
    task.request.seed = 12;
    task.request.video.durationSeconds = 5;
    task.request.video.resolution = QStringLiteral("720P");
    RequestInput first;
    first.role = InputRole::FirstFrame;
    first.localPath = QStringLiteral("/pictures/first frame.png");
    first.sha256 = QByteArray(64, 'a');
    RequestInput last;
    last.role = InputRole::LastFrame;
    last.url = QStringLiteral("oss://dashscope-instant/last.png");
    task.request.inputs = { first, last };
    task.outputFolder = QStringLiteral("/pictures/DashScope Studio");
    QVERIFY(m_library->addTask(&task));

    TaskRecord read = m_library->task(task.id);
    QVERIFY(read.request == task.request);
    QCOMPARE(read.request.inputs, (QList<RequestInput> { first, last }));
    QCOMPARE(read.outputFolder, task.outputFolder);
    RawDatabase raw(m_path);
    QCOMPARE(raw.value(QStringLiteral("SELECT kind FROM tasks WHERE id = ?"), { task.id }),
             QVariant(QStringLiteral("keyframe-to-video")));
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM task_inputs WHERE task = ?"),
                       { task.id })
                     .toInt(),
             2);
    QCOMPARE(raw.value(QStringLiteral("SELECT role FROM task_inputs WHERE task = ? AND idx = 1"),
                       { task.id }),
             QVariant(QStringLiteral("last_frame")));
    const QString json
            = raw.value(QStringLiteral("SELECT request FROM tasks WHERE id = ?"), { task.id })
                      .toString();
    QVERIFY2(!json.contains(QStringLiteral("inputs")), qPrintable(json)); // once, in task_inputs
    QVERIFY2(json.contains(QStringLiteral("\"video\"")), qPrintable(json));

    // The JSON is the source of truth: an index column that says otherwise does not change it.
    QVERIFY(raw.exec(QStringLiteral("UPDATE tasks SET prompt = 'edited elsewhere', width = 9")));
    read = m_library->task(task.id);
    QCOMPARE(read.request.prompt, task.request.prompt);
    QVERIFY(!read.request.size.isValid());

    // The gallery's entries carry the inputs too.
    const QList<LibraryEntry> entries = m_library->findOutputs({});
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().task.request.inputs, task.request.inputs);

    // An update replaces them; removing the task removes them.
    task.request.inputs = { last };
    task.state = TaskState::Running;
    QVERIFY(m_library->updateTask(task));
    QCOMPARE(m_library->task(task.id).request.inputs, (QList<RequestInput> { last }));
    QVERIFY(m_library->deleteTasks({ task.id }, false));
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM task_inputs")).toInt(), 0);
}

void tst_Library::outputOfAVideoRoundTrip()
{
    TaskRecord task = makeTask(QStringLiteral("a video"));
    QVERIFY(m_library->addTask(&task));
    // First only where its download will write (recorded before it starts)…
    OutputRecord planned;
    planned.taskRowId = task.id;
    planned.mediaType = QStringLiteral("video/mp4");
    planned.plannedPath = m_dir->filePath(QStringLiteral("clip.mp4"));
    QVERIFY(m_library->addOutput(&planned));
    OutputRecord read = m_library->output(planned.id);
    QVERIFY(!read.isSaved());
    QVERIFY(read.isVideo());
    QCOMPARE(read.plannedPath, planned.plannedPath);
    QCOMPARE(m_library->task(task.id).outputs.size(), 1);

    // …then saved there, into the same row.
    OutputRecord saved = planned;
    saved.id = 0;
    saved.filePath = planned.plannedPath;
    saved.pixelSize = QSize(1280, 720);
    saved.durationMs = 5042;
    saved.posterPath = m_dir->filePath(QStringLiteral("clip.poster.png"));
    saved.bytes = 9876543;
    saved.sha256 = QByteArray(64, 'c');
    QVERIFY(m_library->addOutput(&saved));
    QCOMPARE(saved.id, planned.id);
    read = m_library->output(saved.id);
    QCOMPARE(read.filePath, saved.filePath);
    QCOMPARE(read.plannedPath, saved.plannedPath);
    QCOMPARE(read.mediaType, QStringLiteral("video/mp4"));
    QCOMPARE(read.pixelSize, QSize(1280, 720));
    QCOMPARE(read.durationMs, 5042);
    QCOMPARE(read.posterPath, saved.posterPath);
    QCOMPARE(read.bytes, 9876543);

    // Deleting it with its files takes the poster too.
    for (const QString &path : { saved.filePath, saved.posterPath }) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    QVERIFY(m_library->deleteOutputs({ saved.id }, true));
    QVERIFY(!QFileInfo::exists(saved.filePath));
    QVERIFY(!QFileInfo::exists(saved.posterPath));
}

// An uploaded input is reused for the same model, endpoint and content while it has time left;
// the service forgets it after 48 hours.
void tst_Library::uploadsAreReusedWhileYoung()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    UploadRecord upload;
    upload.model = QStringLiteral("wan2.2-i2v-flash");
    upload.endpoint.region = Region::Beijing;
    upload.endpoint.baseUrl = regionBaseUrl(Region::Beijing);
    upload.sha256 = QByteArray("ABCDEF") + QByteArray(58, '0');
    upload.ossUrl = QStringLiteral("oss://dashscope-instant/abc/frame.png");
    upload.uploadedAt = now.addSecs(-3600);
    QVERIFY(m_library->recordUpload(upload));

    UploadRecord found = m_library->reusableUpload(upload.model, upload.endpoint,
                                                   upload.sha256.toLower(), now);
    QVERIFY(found.isValid());
    QCOMPARE(found.ossUrl, upload.ossUrl);
    QCOMPARE(found.uploadedAt, upload.uploadedAt);
    QCOMPARE(found.endpoint, upload.endpoint);
    QCOMPARE(found.sha256, upload.sha256.toLower());
    // Another model, another endpoint, other bytes: not this upload.
    QVERIFY(!m_library
                     ->reusableUpload(QStringLiteral("wan2.5-i2v-preview"), upload.endpoint,
                                      upload.sha256, now)
                     .isValid());
    Endpoint singapore;
    QVERIFY(!m_library->reusableUpload(upload.model, singapore, upload.sha256, now).isValid());
    QVERIFY(!m_library->reusableUpload(upload.model, upload.endpoint, QByteArray(64, '1'), now)
                     .isValid());
    // Too close to the end of its 48 hours (or past it): upload again.
    const QDateTime late
            = upload.uploadedAt.addSecs(UploadRecord::LifetimeSecs - UploadRecord::ReuseMarginSecs);
    QVERIFY(!m_library->reusableUpload(upload.model, upload.endpoint, upload.sha256, late)
                     .isValid());
    QVERIFY(m_library
                    ->reusableUpload(upload.model, upload.endpoint, upload.sha256,
                                     late.addSecs(-60))
                    .isValid());

    // A new upload of the same file replaces the row.
    upload.ossUrl = QStringLiteral("oss://dashscope-instant/def/frame.png");
    upload.uploadedAt = now;
    QVERIFY(m_library->recordUpload(upload));
    found = m_library->reusableUpload(upload.model, upload.endpoint, upload.sha256, late);
    QCOMPARE(found.ossUrl, upload.ossUrl);
    RawDatabase raw(m_path);
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM uploads")).toInt(), 1);
}

void tst_Library::foreignKeysEnforced()
{
    OutputRecord orphan;
    orphan.taskRowId = 5555;
    QVERIFY(!m_library->addOutput(&orphan));
    QCOMPARE(orphan.id, 0);
    QVERIFY(!m_library->lastError().isEmpty());
    // The failure left no transaction open: the next write works.
    TaskRecord task = makeTask(QStringLiteral("p"));
    QVERIFY(m_library->addTask(&task));
}

void tst_Library::duplicateServiceTaskIdRejected()
{
    TaskRecord a = makeTask(QStringLiteral("a"));
    a.taskId = QStringLiteral("same");
    QVERIFY(m_library->addTask(&a));
    TaskRecord b = makeTask(QStringLiteral("b"));
    b.taskId = QStringLiteral("same");
    QVERIFY(!m_library->addTask(&b));
    QCOMPARE(b.id, 0);
    // Tasks without a service id yet do not collide.
    TaskRecord c = makeTask(QStringLiteral("c"));
    TaskRecord d = makeTask(QStringLiteral("d"));
    QVERIFY(m_library->addTask(&c));
    QVERIFY(m_library->addTask(&d));
}

void tst_Library::unfinishedTasksOldestFirst()
{
    const QDateTime base = QDateTime::currentDateTimeUtc().addSecs(-3600);
    const QList<TaskState> states
            = { TaskState::Running,   TaskState::Done,        TaskState::Queued,
                TaskState::Failed,    TaskState::Downloading, TaskState::Expired,
                TaskState::Pending,   TaskState::Submitting,  TaskState::Canceled,
                TaskState::PartlyDone };
    QList<qint64> expected;
    for (int i = 0; i < states.size(); ++i) {
        TaskRecord task = makeTask(QStringLiteral("t%1").arg(i), QStringLiteral("m"), QSize(),
                                   states.at(i));
        task.createdAt = base.addSecs(i);
        QVERIFY(m_library->addTask(&task));
        if (!isFinished(states.at(i)))
            expected.append(task.id);
    }
    QList<qint64> ids;
    for (const TaskRecord &task : m_library->unfinishedTasks())
        ids.append(task.id);
    QCOMPARE(ids, expected);
    QCOMPARE(ids.size(), 5);
}

void tst_Library::signalsAfterCommit()
{
    QSignalSpy taskSpy(m_library, &Library::taskStored);
    QSignalSpy imageSpy(m_library, &Library::outputStored);
    RawDatabase raw(m_path);
    qint64 seenByOtherConnection = -1;
    connect(m_library, &Library::taskStored, this, [&](qint64 id) {
        seenByOtherConnection
                = raw.value(QStringLiteral("SELECT count(*) FROM tasks WHERE id = ?"), { id })
                          .toLongLong();
    });
    TaskRecord task = makeTask(QStringLiteral("p"));
    QVERIFY(m_library->addTask(&task));
    QCOMPARE(taskSpy.size(), 1);
    QCOMPARE(taskSpy.first().first().toLongLong(), task.id);
    QCOMPARE(seenByOtherConnection, 1); // the signal came after the commit
    QVERIFY(m_library->updateTask(task));
    QCOMPARE(taskSpy.size(), 2);
    const OutputRecord image = addSavedImage(task, 0);
    QCOMPARE(imageSpy.size(), 1);
    QCOMPARE(imageSpy.first().first().toLongLong(), image.id);
}

void tst_Library::runInTransactionRollsBack()
{
    QSignalSpy taskSpy(m_library, &Library::taskStored);
    TaskRecord inside = makeTask(QStringLiteral("rolled back"));
    QVERIFY(!m_library->runInTransaction([&] { return m_library->addTask(&inside) && false; }));
    QCOMPARE(taskSpy.size(), 0);
    QCOMPARE(m_library->countTasks({}), 0);

    QList<TaskRecord> tasks(3);
    QVERIFY(m_library->runInTransaction([&] {
        for (TaskRecord &task : tasks) {
            task = makeTask(QStringLiteral("bulk"));
            if (!m_library->addTask(&task) || addSavedImage(task, 0).id == 0)
                return false;
        }
        return taskSpy.isEmpty(); // nothing announced before the commit
    }));
    QCOMPARE(taskSpy.size(), 3);
    QCOMPARE(m_library->countTasks({}), 3);
    QCOMPARE(m_library->countOutputs({}), 3);
}

void tst_Library::fillSearchLibrary()
{
    struct Row
    {
        const char *prompt;
        const char *negative;
        const char *actual;
        const char *model;
        QSize size;
        TaskState state;
        QDate day;
    };
    const Row rows[] = {
        { "A red fox in the snow, 35mm photo",
          "blurry",
          "A red fox standing in fresh snow at dawn",
          "wan2.2-t2i-flash",
          { 1024, 1024 },
          TaskState::Done,
          { 2025, 1, 10 } },
        { "一只戴着帽子的橘猫坐在窗台上",
          "低质量",
          "一只橘色的猫戴着红色的帽子",
          "wan2.5-t2i-preview",
          { 1280, 720 },
          TaskState::Done,
          { 2025, 2, 20 } },
        { "猫和狗在草地上玩耍",
          "",
          "",
          "wan2.2-t2i-flash",
          { 1024, 1024 },
          TaskState::PartlyDone,
          { 2025, 3, 5 } },
        { "Lighthouse at night, 100% oil painting",
          "text, watermark",
          "",
          "wanx-v1",
          { 1024, 1024 },
          TaskState::Failed,
          { 2025, 3, 6 } },
        { "Under_score and \"quoted\" words",
          "",
          "",
          "wanx-v1",
          { 720, 1280 },
          TaskState::Expired,
          { 2025, 3, 7 } },
    };
    // One transaction: one disk sync instead of one per row (synchronous=FULL).
    const LibraryResult ok = m_library->runInTransaction([&] {
        for (const Row &row : rows) {
            TaskRecord task = makeTask(QString::fromUtf8(row.prompt),
                                       QString::fromLatin1(row.model), row.size, row.state);
            task.request.negativePrompt = QString::fromUtf8(row.negative);
            task.createdAt = row.day.startOfDay().addSecs(12 * 3600).toUTC();
            if (!m_library->addTask(&task))
                return false;
            if (row.state == TaskState::Done || row.state == TaskState::PartlyDone)
                addSavedImage(task, 0, QString::fromUtf8(row.actual));
            if (row.state == TaskState::PartlyDone) {
                OutputRecord failed;
                failed.taskRowId = task.id;
                failed.index = 1;
                failed.errorCode = QStringLiteral("DataInspectionFailed");
                if (!m_library->addOutput(&failed))
                    return false;
            }
        }
        return true;
    });
    QVERIFY2(ok, qPrintable(ok.message()));
}

void tst_Library::search_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expectedPrompts");

    const QString fox = QStringLiteral("A red fox in the snow, 35mm photo");
    const QString cat = QStringLiteral("一只戴着帽子的橘猫坐在窗台上");
    const QString catDog = QStringLiteral("猫和狗在草地上玩耍");
    const QString lighthouse = QStringLiteral("Lighthouse at night, 100% oil painting");
    const QString quoted = QStringLiteral("Under_score and \"quoted\" words");

    QTest::newRow("empty finds all")
            << QString() << QStringList { quoted, lighthouse, catDog, catDog, cat, fox };
    QTest::newRow("english word") << QStringLiteral("fox") << QStringList { fox };
    QTest::newRow("any case") << QStringLiteral("LIGHTHOUSE") << QStringList { lighthouse };
    QTest::newRow("substring") << QStringLiteral("ighthou") << QStringList { lighthouse };
    QTest::newRow("two words, both must match")
            << QStringLiteral("red snow") << QStringList { fox };
    QTest::newRow("two words, one missing") << QStringLiteral("red lighthouse") << QStringList {};
    QTest::newRow("phrase") << QStringLiteral("\"red fox\"") << QStringList { fox };
    QTest::newRow("phrase not adjacent") << QStringLiteral("\"fox red\"") << QStringList {};
    QTest::newRow("negative prompt") << QStringLiteral("watermark") << QStringList { lighthouse };
    QTest::newRow("actual prompt") << QStringLiteral("dawn") << QStringList { fox };
    QTest::newRow("chinese substring") << QStringLiteral("戴着帽子") << QStringList { cat };
    QTest::newRow("chinese actual prompt") << QStringLiteral("红色的帽子") << QStringList { cat };
    QTest::newRow("chinese negative prompt") << QStringLiteral("低质量") << QStringList { cat };
    QTest::newRow("chinese two characters") << QStringLiteral("窗台") << QStringList { cat };
    QTest::newRow("chinese one character")
            << QStringLiteral("狗") << QStringList { catDog, catDog };
    QTest::newRow("chinese in two tasks")
            << QStringLiteral("猫") << QStringList { catDog, catDog, cat };
    QTest::newRow("two characters latin") << QStringLiteral("mm") << QStringList { fox };
    QTest::newRow("percent is literal") << QStringLiteral("%") << QStringList { lighthouse };
    QTest::newRow("percent in word") << QStringLiteral("100%") << QStringList { lighthouse };
    QTest::newRow("underscore is literal") << QStringLiteral("_s") << QStringList { quoted };
    QTest::newRow("quote characters") << QStringLiteral("\"\"quoted\"") << QStringList { quoted };
    QTest::newRow("fts syntax is text") << QStringLiteral("fox OR cat") << QStringList {};
    QTest::newRow("fts operators harmless") << QStringLiteral("NEAR(fox) * ^") << QStringList {};
    QTest::newRow("no match") << QStringLiteral("zebra") << QStringList {};
}

void tst_Library::search()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expectedPrompts);
    fillSearchLibrary();

    LibraryQuery query;
    query.text = text;
    QStringList prompts;
    for (const LibraryEntry &entry : m_library->findOutputs(query))
        prompts.append(entry.task.request.prompt);
    QCOMPARE(prompts, expectedPrompts);
    QCOMPARE(m_library->countOutputs(query), expectedPrompts.size());
}

void tst_Library::filters()
{
    fillSearchLibrary();
    const auto prompts = [this](const LibraryQuery &query) {
        QStringList list;
        for (const LibraryEntry &entry : m_library->findOutputs(query))
            list.append(entry.task.request.prompt.left(4));
        return list;
    };

    LibraryQuery byModel;
    byModel.model = QStringLiteral("wan2.2-t2i-flash");
    QCOMPARE(prompts(byModel),
             (QStringList { QStringLiteral("猫和狗在"), QStringLiteral("猫和狗在"),
                            QStringLiteral("A re") }));

    LibraryQuery bySize;
    bySize.size = QSize(720, 1280);
    QCOMPARE(prompts(bySize), QStringList { QStringLiteral("Unde") });

    LibraryQuery byDate;
    byDate.from = QDate(2025, 2, 20);
    byDate.to = QDate(2025, 3, 5);
    QCOMPARE(prompts(byDate),
             (QStringList { QStringLiteral("猫和狗在"), QStringLiteral("猫和狗在"),
                            QStringLiteral("一只戴着") }));
    LibraryQuery oneDay;
    oneDay.from = oneDay.to = QDate(2025, 3, 6);
    QCOMPARE(prompts(oneDay), QStringList { QStringLiteral("Ligh") });
    LibraryQuery openEnd;
    openEnd.from = QDate(2025, 3, 7);
    QCOMPARE(prompts(openEnd), QStringList { QStringLiteral("Unde") });

    LibraryQuery problems;
    problems.states = { TaskState::Failed, TaskState::Expired };
    QCOMPARE(prompts(problems), (QStringList { QStringLiteral("Unde"), QStringLiteral("Ligh") }));
    const QList<LibraryEntry> problemEntries = m_library->findOutputs(problems);
    for (const LibraryEntry &entry : problemEntries)
        QVERIFY(!entry.hasOutput()); // failed tasks without images are entries of their own

    LibraryQuery saved;
    saved.savedOnly = true;
    QCOMPARE(prompts(saved),
             (QStringList { QStringLiteral("猫和狗在"), QStringLiteral("一只戴着"),
                            QStringLiteral("A re") }));
    // The gallery's count of results comes from the indexes at once (no rows read), and
    // agrees with the rows.
    QCOMPARE(m_library->quickCountOutputs(saved), std::optional<int>(3));
    QCOMPARE(m_library->countOutputs(saved), 3);

    LibraryQuery combined;
    combined.text = QStringLiteral("猫");
    combined.model = QStringLiteral("wan2.5-t2i-preview");
    combined.size = QSize(1280, 720);
    QCOMPARE(prompts(combined), QStringList { QStringLiteral("一只戴着") });
    combined.size = QSize(1024, 1024);
    QCOMPARE(prompts(combined), QStringList {});

    LibraryQuery favourites;
    favourites.favouritesOnly = true;
    QCOMPARE(m_library->countOutputs(favourites), 0);
    const QList<LibraryEntry> all = m_library->findOutputs({});
    QVERIFY(m_library->setFavourite({ all.last().output.id }, true)); // the fox
    QCOMPARE(prompts(favourites), QStringList { QStringLiteral("A re") });
}

void tst_Library::mediaFilter()
{
    fillSearchLibrary();
    const int images = m_library->countOutputs({});
    TaskRecord video
            = makeTask(QStringLiteral("waves at dusk"), QStringLiteral("t2v"), QSize(1280, 720));
    video.request.kind = MediaKind::TextToVideo;
    QVERIFY(m_library->addTask(&video));
    OutputRecord clip;
    clip.taskRowId = video.id;
    clip.mediaType = QStringLiteral("video/mp4");
    clip.filePath = m_dir->filePath(QStringLiteral("clip.mp4"));
    clip.durationMs = 5000;
    QVERIFY(m_library->addOutput(&clip));
    TaskRecord running = makeTask(QStringLiteral("a running keyframe video"),
                                  QStringLiteral("kf2v"), QSize(), TaskState::Running);
    running.request.kind = MediaKind::KeyframeToVideo;
    QVERIFY(m_library->addTask(&running));

    LibraryQuery all;
    QCOMPARE(m_library->countOutputs(all), images + 2);
    LibraryQuery onlyVideos;
    onlyVideos.media = MediaFilter::Videos;
    QStringList prompts;
    for (const LibraryEntry &entry : m_library->findOutputs(onlyVideos))
        prompts << entry.task.request.prompt;
    QCOMPARE(prompts,
             (QStringList { QStringLiteral("a running keyframe video"),
                            QStringLiteral("waves at dusk") }));
    LibraryQuery onlyImages;
    onlyImages.media = MediaFilter::Images;
    QCOMPARE(m_library->countOutputs(onlyImages), images);
    for (const LibraryEntry &entry : m_library->findOutputs(onlyImages))
        QVERIFY(!makesVideo(entry.task.request.kind));
}

void tst_Library::demoFilter()
{
    fillSearchLibrary();
    const int real = m_library->countOutputs({});
    TaskRecord demo = makeTask(QStringLiteral("a demo zeppelin"));
    demo.demo = true;
    QVERIFY(m_library->addTask(&demo));
    addSavedImage(demo, 0);
    addSavedImage(demo, 1);
    QVERIFY(m_library->task(demo.id).demo);

    LibraryQuery all;
    QCOMPARE(m_library->countOutputs(all), real + 2);
    LibraryQuery hidden;
    hidden.demo = DemoFilter::Hide;
    QCOMPARE(m_library->countOutputs(hidden), real);
    for (const LibraryEntry &entry : m_library->findOutputs(hidden))
        QVERIFY(!entry.task.demo);
    LibraryQuery only;
    only.demo = DemoFilter::Only;
    const QList<LibraryEntry> demoEntries = m_library->findOutputs(only);
    QCOMPARE(demoEntries.size(), 2);
    for (const LibraryEntry &entry : demoEntries) {
        QCOMPARE(entry.task.id, demo.id);
        QVERIFY(entry.task.demo); // the entry carries the flag to the gallery
    }
    QCOMPARE(m_library->findTasks(only).size(), 1);
    QCOMPARE(m_library->countTasks(hidden) + 1, m_library->countTasks({}));
    // With the other conditions: words and the flag together.
    only.text = QStringLiteral("zeppelin");
    QCOMPARE(m_library->countOutputs(only), 2);
    hidden.text = QStringLiteral("zeppelin");
    QCOMPARE(m_library->countOutputs(hidden), 0);
}

void tst_Library::pagingAndOrder()
{
    const QDateTime base = QDateTime(QDate(2025, 5, 1), QTime(10, 0), Qt::UTC);
    for (int i = 0; i < 10; ++i) {
        TaskRecord task = makeTask(QStringLiteral("task %1").arg(i));
        task.request.count = 2;
        task.createdAt = base.addSecs(i * 60);
        QVERIFY(m_library->addTask(&task));
        // Images arrive out of order; entries still list a task's images by index.
        addSavedImage(task, 1);
        addSavedImage(task, 0);
    }
    LibraryQuery query;
    QCOMPARE(m_library->countOutputs(query), 20);
    query.limit = 3;
    query.offset = 0;
    QList<LibraryEntry> page = m_library->findOutputs(query);
    QCOMPARE(page.size(), 3);
    QCOMPARE(page.at(0).task.request.prompt, QStringLiteral("task 9"));
    QCOMPARE(page.at(0).output.index, 0);
    QCOMPARE(page.at(1).output.index, 1);
    QCOMPARE(page.at(2).task.request.prompt, QStringLiteral("task 8"));
    query.offset = 19;
    page = m_library->findOutputs(query);
    QCOMPARE(page.size(), 1);
    QCOMPARE(page.at(0).task.request.prompt, QStringLiteral("task 0"));
    QCOMPARE(page.at(0).output.index, 1);
    QCOMPARE(m_library->countOutputs(query), 20); // limit and offset do not count

    query.newestFirst = false;
    query.offset = 0;
    page = m_library->findOutputs(query);
    QCOMPARE(page.at(0).task.request.prompt, QStringLiteral("task 0"));
    QCOMPARE(page.at(0).output.index, 0);
    QCOMPARE(page.at(1).output.index, 1);
}

void tst_Library::failedTasksAreEntries()
{
    TaskRecord failed
            = makeTask(QStringLiteral("failed"), QStringLiteral("m"), QSize(), TaskState::Failed);
    failed.error = ApiError::fromTaskFailure(QStringLiteral("InternalError"),
                                             QStringLiteral("boom"), QStringLiteral("r"));
    QVERIFY(m_library->addTask(&failed));
    const QList<LibraryEntry> entries = m_library->findOutputs({});
    QCOMPARE(entries.size(), 1);
    QVERIFY(!entries.first().hasOutput());
    QCOMPARE(entries.first().task.id, failed.id);
    QCOMPARE(entries.first().task.error.code, QStringLiteral("InternalError"));
    QVERIFY(entries.first().task.outputs.isEmpty());
}

void tst_Library::findTasksForHistory()
{
    fillSearchLibrary();
    LibraryQuery query;
    query.text = QStringLiteral("猫");
    const QList<TaskRecord> tasks = m_library->findTasks(query);
    QCOMPARE(tasks.size(), 2);
    QCOMPARE(m_library->countTasks(query), 2);
    QCOMPARE(tasks.at(0).request.prompt, QStringLiteral("猫和狗在草地上玩耍"));
    QCOMPARE(tasks.at(0).outputs.size(), 2); // saved and failed image, in order
    QCOMPARE(tasks.at(0).outputs.at(0).index, 0);
    QCOMPARE(tasks.at(0).outputs.at(1).errorCode, QStringLiteral("DataInspectionFailed"));
    QCOMPARE(tasks.at(1).outputs.size(), 1);

    query.limit = 1;
    QCOMPARE(m_library->findTasks(query).size(), 1);
    query = {};
    query.model = QStringLiteral("wanx-v1");
    QCOMPARE(m_library->findTasks(query).size(), 2);
}

void tst_Library::favourites()
{
    TaskRecord task = makeTask(QStringLiteral("p"));
    QVERIFY(m_library->addTask(&task));
    const OutputRecord a = addSavedImage(task, 0);
    const OutputRecord b = addSavedImage(task, 1);
    QSignalSpy spy(m_library, &Library::outputsChanged);
    QVERIFY(m_library->setFavourite({ a.id, b.id }, true));
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.first().first().value<QList<qint64>>(), (QList<qint64> { a.id, b.id }));
    QVERIFY(m_library->output(a.id).favourite);
    QVERIFY(m_library->setFavourite({ a.id }, false));
    QVERIFY(!m_library->output(a.id).favourite);
    QVERIFY(m_library->output(b.id).favourite);
}

void tst_Library::deleteImagesWithFiles()
{
    TaskRecord task = makeTask(QStringLiteral("p"));
    QVERIFY(m_library->addTask(&task));
    TaskRecord running = makeTask(QStringLiteral("running"), QStringLiteral("m"), QSize(),
                                  TaskState::Downloading);
    QVERIFY(m_library->addTask(&running));
    const OutputRecord a = addSavedImage(task, 0);
    const OutputRecord b = addSavedImage(task, 1);
    const OutputRecord c = addSavedImage(running, 0);
    for (const OutputRecord &image : { a, b, c }) {
        QFile file(image.filePath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("png");
    }

    QSignalSpy imagesSpy(m_library, &Library::outputsRemoved);
    QSignalSpy tasksSpy(m_library, &Library::tasksRemoved);
    QVERIFY(m_library->deleteOutputs({ a.id }, true));
    QVERIFY(!QFile::exists(a.filePath));
    QVERIFY(QFile::exists(b.filePath));
    QCOMPARE(m_library->output(a.id).id, 0);
    QCOMPARE(m_library->task(task.id).outputs.size(), 1);
    QCOMPARE(imagesSpy.size(), 1);
    QCOMPARE(tasksSpy.size(), 0);

    // Without files: the row goes, the file stays. The emptied finished task goes too.
    QVERIFY(m_library->deleteOutputs({ b.id }, false));
    QVERIFY(QFile::exists(b.filePath));
    QCOMPARE(m_library->task(task.id).id, 0);
    QCOMPARE(tasksSpy.size(), 1);
    QCOMPARE(tasksSpy.first().first().value<QList<qint64>>(), QList<qint64> { task.id });

    // A task still downloading keeps its row for the images to come.
    QVERIFY(m_library->deleteOutputs({ c.id }, true));
    QVERIFY(!QFile::exists(c.filePath));
    QCOMPARE(m_library->task(running.id).id, running.id);
    QCOMPARE(m_library->integrityCheck(), QStringLiteral("ok"));

    // A file already gone is not an error.
    const OutputRecord d = addSavedImage(running, 1);
    QVERIFY(m_library->deleteOutputs({ d.id }, true));
}

void tst_Library::deleteTasks()
{
    fillSearchLibrary();
    const QList<TaskRecord> tasks = m_library->findTasks({});
    QCOMPARE(tasks.size(), 5);
    QSignalSpy imagesSpy(m_library, &Library::outputsRemoved);
    QSignalSpy tasksSpy(m_library, &Library::tasksRemoved);
    const TaskRecord catDog = tasks.at(2);
    QCOMPARE(catDog.outputs.size(), 2);
    QVERIFY(m_library->deleteTasks({ catDog.id, tasks.at(0).id }, true));
    QCOMPARE(m_library->countTasks({}), 3);
    QCOMPARE(imagesSpy.size(), 1);
    QCOMPARE(imagesSpy.first().first().value<QList<qint64>>().size(), 2);
    QCOMPARE(tasksSpy.size(), 1);
    // The search index forgot them too.
    LibraryQuery query;
    query.text = QStringLiteral("草地");
    QCOMPARE(m_library->countOutputs(query), 0);
    RawDatabase raw(m_path);
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM outputs WHERE task = ?"), { catDog.id })
                     .toInt(),
             0);
    QCOMPARE(m_library->integrityCheck(), QStringLiteral("ok"));
    // The FTS index agrees with its content tables.
    QVERIFY(raw.exec(
            QStringLiteral("INSERT INTO tasks_fts(tasks_fts, rank) VALUES('integrity-check', 1)")));
    QVERIFY(raw.exec(QStringLiteral(
            "INSERT INTO outputs_fts(outputs_fts, rank) VALUES('integrity-check', 1)")));
}

void tst_Library::deletionNamesObsoleteThumbnails()
{
    TaskRecord task = makeTask(QStringLiteral("p"));
    QVERIFY(m_library->addTask(&task));
    const QByteArray sha = QByteArray(64, 'a');
    OutputRecord a = addSavedImage(task, 0);
    OutputRecord b = addSavedImage(task, 1);
    OutputRecord c = addSavedImage(task, 2);
    // a and b are the same bytes saved twice; c has no hash (its key comes from its file).
    a.sha256 = sha;
    b.sha256 = sha;
    QVERIFY(m_library->addOutput(&a));
    QVERIFY(m_library->addOutput(&b));
    QFile file(c.filePath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("png");
    file.close();
    const QString keyOfC = ThumbnailCache::keyFor(c.filePath);

    QSignalSpy obsolete(m_library, &Library::thumbnailsObsolete);
    // b still shows the thumbnail a shared with it.
    QVERIFY(m_library->deleteOutputs({ a.id }, true));
    QCOMPARE(obsolete.size(), 0);
    QVERIFY(m_library->deleteOutputs({ b.id, c.id }, true));
    QCOMPARE(obsolete.size(), 1);
    QStringList keys = obsolete.first().first().toStringList();
    keys.sort();
    QStringList expected { QString::fromLatin1(sha), keyOfC };
    expected.sort();
    QCOMPARE(keys, expected);
    QVERIFY(!QFile::exists(c.filePath));

    // Deleting a task names its images' thumbnails too.
    TaskRecord other = makeTask(QStringLiteral("q"));
    QVERIFY(m_library->addTask(&other));
    OutputRecord d = addSavedImage(other, 0);
    d.sha256 = QByteArray(64, 'b');
    QVERIFY(m_library->addOutput(&d));
    QVERIFY(m_library->deleteTasks({ other.id }, false));
    QCOMPARE(obsolete.size(), 2);
    QCOMPARE(obsolete.last().first().toStringList(), QStringList { QString(64, u'b') });
}

void tst_Library::twoInstancesShareTheFile()
{
    Library other;
    QVERIFY(other.open(m_path));
    TaskRecord task = makeTask(QStringLiteral("from the command line"));
    QVERIFY(other.addTask(&task));
    QCOMPARE(m_library->task(task.id).request.prompt, task.request.prompt);
    TaskRecord mine = makeTask(QStringLiteral("from the window"));
    QVERIFY(m_library->addTask(&mine));
    QCOMPARE(other.countTasks({}), 2);
}

void tst_Library::reportsChangesFromOtherProcesses()
{
    m_library->setExternalChangeInterval(0); // looked at by hand below
    Library other;
    QVERIFY(other.open(m_path));
    QSignalSpy taskSpy(m_library, &Library::taskStored);
    QSignalSpy imageSpy(m_library, &Library::outputStored);
    QSignalSpy elsewhere(m_library, &Library::changedElsewhere);
    QVERIFY(!m_library->checkForExternalChanges());

    TaskRecord task = makeTask(QStringLiteral("from the command line"));
    QVERIFY(other.addTask(&task));
    QVERIFY(m_library->checkForExternalChanges());
    QCOMPARE(elsewhere.size(), 1);
    QVERIFY(taskSpy.contains(QVariantList { task.id }));
    QVERIFY(imageSpy.isEmpty());
    QVERIFY(!m_library->checkForExternalChanges()); // nothing new

    const OutputRecord image = [&] {
        OutputRecord record;
        record.taskRowId = task.id;
        record.filePath = QStringLiteral("/x.png");
        other.addOutput(&record);
        return record;
    }();
    task.state = TaskState::Done;
    QVERIFY(other.updateTask(task));
    taskSpy.clear();
    QVERIFY(m_library->checkForExternalChanges());
    QCOMPARE(imageSpy.size(), 1);
    QCOMPARE(imageSpy.first().first().toLongLong(), image.id);
    QVERIFY(taskSpy.contains(QVariantList { task.id }));

    // Our own writes are announced once, as they happen, not again as "elsewhere".
    TaskRecord mine = makeTask(QStringLiteral("mine"));
    QVERIFY(m_library->addTask(&mine));
    QVERIFY(!m_library->checkForExternalChanges());

    // The timer does the same by itself.
    m_library->setExternalChangeInterval(50);
    TaskRecord later = makeTask(QStringLiteral("later"));
    QVERIFY(other.addTask(&later));
    QTRY_COMPARE(elsewhere.size(), 3);
}

void tst_Library::modelsAndSizes()
{
    fillSearchLibrary();
    QCOMPARE(m_library->models(),
             (QStringList { QStringLiteral("wan2.2-t2i-flash"),
                            QStringLiteral("wan2.5-t2i-preview"), QStringLiteral("wanx-v1") }));
    QCOMPARE(m_library->sizes(),
             (QList<QSize> { QSize(720, 1280), QSize(1280, 720), QSize(1024, 1024) }));
}

QTEST_GUILESS_MAIN(tst_Library)
#include "tst_library.moc"
