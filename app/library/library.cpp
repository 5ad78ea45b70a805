#include "library/library.h"

#include "platform/logging.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimeZone>
#include <algorithm>
#include <iterator>
#include <utility>

namespace {

// ---------------------------------------------------------------------------------------------
// Schema. Each step takes the database from version N to N+1 and never changes once released:
// a library written by any earlier version opens by running the steps it has not seen yet.

const char *const SchemaV1[] = {
    // A task row exists before anything is sent; everything we learn about it lands here.
    "CREATE TABLE tasks ("
    " id INTEGER PRIMARY KEY,"
    " model TEXT NOT NULL DEFAULT '',"
    " prompt TEXT NOT NULL DEFAULT '',"
    " negative_prompt TEXT NOT NULL DEFAULT '',"
    " width INTEGER NOT NULL DEFAULT 0,"
    " height INTEGER NOT NULL DEFAULT 0,"
    " count INTEGER NOT NULL DEFAULT 1,"
    " seed INTEGER,"
    " prompt_extend INTEGER NOT NULL DEFAULT 1,"
    " watermark INTEGER NOT NULL DEFAULT 0,"
    " region TEXT NOT NULL,"
    " base_url TEXT NOT NULL,"
    " task_id TEXT,"
    " request_id TEXT,"
    " state TEXT NOT NULL,"
    " service_status TEXT,"
    " submit_time TEXT,"
    " scheduled_time TEXT,"
    " end_time TEXT,"
    " error_kind TEXT,"
    " error_code TEXT,"
    " error_message TEXT,"
    " error_request_id TEXT,"
    " error_http_status INTEGER,"
    " usage TEXT,"
    " created_at TEXT NOT NULL,"
    " updated_at TEXT NOT NULL,"
    " finished_at TEXT)",
    // One service task is one row: a second row would mean it was created or imported twice.
    "CREATE UNIQUE INDEX tasks_task_id ON tasks(task_id) WHERE task_id IS NOT NULL",
    "CREATE INDEX tasks_created ON tasks(created_at, id)",
    "CREATE INDEX tasks_state ON tasks(state)",
    "CREATE TABLE images ("
    " id INTEGER PRIMARY KEY,"
    " task INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL,"
    " file_path TEXT,"
    " width INTEGER NOT NULL DEFAULT 0,"
    " height INTEGER NOT NULL DEFAULT 0,"
    " bytes INTEGER NOT NULL DEFAULT 0,"
    " sha256 TEXT,"
    " seed INTEGER,"
    " actual_prompt TEXT,"
    " remote_url BLOB,"
    " url_expiry TEXT,"
    " error_code TEXT,"
    " error_message TEXT,"
    " favourite INTEGER NOT NULL DEFAULT 0,"
    " created_at TEXT NOT NULL,"
    " UNIQUE(task, idx))",
    "CREATE INDEX images_favourite ON images(favourite) WHERE favourite <> 0",
    "CREATE INDEX images_sha256 ON images(sha256)",
};

// v2: full-text search. The trigram tokenizer indexes every 3-character substring, so Chinese
// (which has no spaces for unicode61 to split on) matches by substring like any other script.
// External-content tables: the text lives once, in tasks/images; triggers keep the index in step.
const char *const SchemaV2[] = {
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
    // Only when the text changes: a task is updated on every poll.
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
    // Index what earlier versions stored.
    "INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild')",
    "INSERT INTO images_fts(images_fts) VALUES ('rebuild')",
};

// v3: row ids are never handed out twice. With a plain INTEGER PRIMARY KEY SQLite gives the
// next row max(id) + 1, so deleting the newest task let the next one take its id, and anything
// still holding the old id (a task list, a gallery row, a thumbnail key) would take one for the
// other. AUTOINCREMENT remembers the largest id ever used (sqlite_sequence). A column's key
// kind cannot be altered, so both tables are rebuilt the way SQLite documents ("Making Other
// Kinds Of Table Schema Changes"): new table, copy, drop, rename, indexes and triggers again.
// migrate() runs this with foreign keys off (dropping `tasks` must not cascade into `images`)
// and checks them before committing. Ids are copied as they are, so the external-content FTS
// tables stay valid; they are rebuilt anyway, which costs a moment once.
const char *const SchemaV3[] = {
    "DROP TRIGGER tasks_fts_insert",
    "DROP TRIGGER tasks_fts_delete",
    "DROP TRIGGER tasks_fts_update",
    "DROP TRIGGER images_fts_insert",
    "DROP TRIGGER images_fts_delete",
    "DROP TRIGGER images_fts_update",
    "CREATE TABLE tasks_v3 ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " model TEXT NOT NULL DEFAULT '',"
    " prompt TEXT NOT NULL DEFAULT '',"
    " negative_prompt TEXT NOT NULL DEFAULT '',"
    " width INTEGER NOT NULL DEFAULT 0,"
    " height INTEGER NOT NULL DEFAULT 0,"
    " count INTEGER NOT NULL DEFAULT 1,"
    " seed INTEGER,"
    " prompt_extend INTEGER NOT NULL DEFAULT 1,"
    " watermark INTEGER NOT NULL DEFAULT 0,"
    " region TEXT NOT NULL,"
    " base_url TEXT NOT NULL,"
    " task_id TEXT,"
    " request_id TEXT,"
    " state TEXT NOT NULL,"
    " service_status TEXT,"
    " submit_time TEXT,"
    " scheduled_time TEXT,"
    " end_time TEXT,"
    " error_kind TEXT,"
    " error_code TEXT,"
    " error_message TEXT,"
    " error_request_id TEXT,"
    " error_http_status INTEGER,"
    " usage TEXT,"
    " created_at TEXT NOT NULL,"
    " updated_at TEXT NOT NULL,"
    " finished_at TEXT)",
    "INSERT INTO tasks_v3 (id, model, prompt, negative_prompt, width, height, count, seed,"
    " prompt_extend, watermark, region, base_url, task_id, request_id, state, service_status,"
    " submit_time, scheduled_time, end_time, error_kind, error_code, error_message,"
    " error_request_id, error_http_status, usage, created_at, updated_at, finished_at)"
    " SELECT id, model, prompt, negative_prompt, width, height, count, seed,"
    " prompt_extend, watermark, region, base_url, task_id, request_id, state, service_status,"
    " submit_time, scheduled_time, end_time, error_kind, error_code, error_message,"
    " error_request_id, error_http_status, usage, created_at, updated_at, finished_at"
    " FROM tasks ORDER BY id",
    // References `tasks` by name: after the rename below that is the new table.
    "CREATE TABLE images_v3 ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " task INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL,"
    " file_path TEXT,"
    " width INTEGER NOT NULL DEFAULT 0,"
    " height INTEGER NOT NULL DEFAULT 0,"
    " bytes INTEGER NOT NULL DEFAULT 0,"
    " sha256 TEXT,"
    " seed INTEGER,"
    " actual_prompt TEXT,"
    " remote_url BLOB,"
    " url_expiry TEXT,"
    " error_code TEXT,"
    " error_message TEXT,"
    " favourite INTEGER NOT NULL DEFAULT 0,"
    " created_at TEXT NOT NULL,"
    " UNIQUE(task, idx))",
    "INSERT INTO images_v3 (id, task, idx, file_path, width, height, bytes, sha256, seed,"
    " actual_prompt, remote_url, url_expiry, error_code, error_message, favourite, created_at)"
    " SELECT id, task, idx, file_path, width, height, bytes, sha256, seed,"
    " actual_prompt, remote_url, url_expiry, error_code, error_message, favourite, created_at"
    " FROM images ORDER BY id",
    "DROP TABLE images",
    "DROP TABLE tasks",
    "ALTER TABLE tasks_v3 RENAME TO tasks",
    "ALTER TABLE images_v3 RENAME TO images",
    // The indexes went with the old tables.
    "CREATE UNIQUE INDEX tasks_task_id ON tasks(task_id) WHERE task_id IS NOT NULL",
    "CREATE INDEX tasks_created ON tasks(created_at, id)",
    "CREATE INDEX tasks_state ON tasks(state)",
    "CREATE INDEX images_favourite ON images(favourite) WHERE favourite <> 0",
    "CREATE INDEX images_sha256 ON images(sha256)",
    // The search triggers, as in v2.
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
};

struct Migration
{
    const char *const *begin;
    const char *const *end;
};

const Migration Migrations[] = {
    { std::begin(SchemaV1), std::end(SchemaV1) },
    { std::begin(SchemaV2), std::end(SchemaV2) },
    { std::begin(SchemaV3), std::end(SchemaV3) },
};
static_assert(std::size(Migrations) == Library::SchemaVersion,
              "one migration step per schema version");

// ---------------------------------------------------------------------------------------------
// Columns, in the order the readers below expect them.

const char TaskColumns[]
        = "t.id, t.model, t.prompt, t.negative_prompt, t.width, t.height, t.count, t.seed,"
          " t.prompt_extend, t.watermark, t.region, t.base_url, t.task_id, t.request_id, t.state,"
          " t.service_status, t.submit_time, t.scheduled_time, t.end_time, t.error_kind, "
          "t.error_code,"
          " t.error_message, t.error_request_id, t.error_http_status, t.usage, t.created_at,"
          " t.updated_at, t.finished_at";
constexpr int TaskColumnCount = 28;

const char ImageColumns[]
        = "i.id, i.task, i.idx, i.file_path, i.width, i.height, i.bytes, i.sha256, i.seed,"
          " i.actual_prompt, i.remote_url, i.url_expiry, i.error_code, i.error_message, "
          "i.favourite,"
          " i.created_at";

// Sorting: newest task first (or oldest), a task's images together and in order.
QString orderBy(bool newestFirst)
{
    return newestFirst ? QStringLiteral(" ORDER BY t.created_at DESC, t.id DESC, i.idx ASC")
                       : QStringLiteral(" ORDER BY t.created_at ASC, t.id ASC, i.idx ASC");
}

// Times: ISO 8601 with milliseconds. Local-clock times are stored in UTC ("…Z"), so the text
// sorts like the time; the service's zone-less times are kept exactly as they were parsed.
QVariant utcTime(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toUTC().toString(Qt::ISODateWithMs)) : QVariant();
}

QVariant serviceTime(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toString(Qt::ISODateWithMs)) : QVariant();
}

QDateTime timeFrom(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

QVariant seedOrNull(qint64 seed)
{
    return seed < 0 ? QVariant() : QVariant(seed);
}

QList<TaskState> allTaskStates()
{
    QList<TaskState> states;
    for (int i = int(TaskState::Queued); i <= int(TaskState::Expired); ++i)
        states.append(TaskState(i));
    return states;
}

ApiError::Kind errorKindFromName(const QString &name)
{
    for (int i = int(ApiError::Kind::None); i <= int(ApiError::Kind::Storage); ++i) {
        if (ApiError::kindName(ApiError::Kind(i)) == name)
            return ApiError::Kind(i);
    }
    return name.isEmpty() ? ApiError::Kind::None : ApiError::Kind::Protocol;
}

QString placeholders(qsizetype count)
{
    QString text;
    text.reserve(count * 2);
    for (qsizetype i = 0; i < count; ++i)
        text += i == 0 ? QStringLiteral("?") : QStringLiteral(",?");
    return text;
}

// Long id lists are processed in slices below SQLite's bound-parameter limit.
constexpr qsizetype IdSlice = 500;

TaskRecord readTask(const QSqlQuery &q)
{
    TaskRecord task;
    task.id = q.value(0).toLongLong();
    task.request.model = q.value(1).toString();
    task.request.prompt = q.value(2).toString();
    task.request.negativePrompt = q.value(3).toString();
    const QSize size(q.value(4).toInt(), q.value(5).toInt());
    if (!size.isEmpty())
        task.request.size = size;
    task.request.count = q.value(6).toInt();
    if (!q.value(7).isNull())
        task.request.seed = q.value(7).toLongLong();
    task.request.promptExtend = q.value(8).toBool();
    task.request.watermark = q.value(9).toBool();
    task.endpoint.region = regionFromId(q.value(10).toString()).value_or(Region::Singapore);
    task.endpoint.baseUrl = QUrl::fromEncoded(q.value(11).toString().toUtf8());
    task.taskId = q.value(12).toString();
    task.requestId = q.value(13).toString();
    task.state = taskStateFromId(q.value(14).toString()).value_or(TaskState::Failed);
    task.serviceStatus = q.value(15).toString();
    task.submitTime = timeFrom(q.value(16));
    task.scheduledTime = timeFrom(q.value(17));
    task.endTime = timeFrom(q.value(18));
    task.error.kind = errorKindFromName(q.value(19).toString());
    task.error.code = q.value(20).toString();
    task.error.message = q.value(21).toString();
    task.error.requestId = q.value(22).toString();
    task.error.httpStatus = q.value(23).toInt();
    if (!q.value(24).isNull())
        task.usage = QJsonDocument::fromJson(q.value(24).toString().toUtf8()).object();
    task.createdAt = timeFrom(q.value(25));
    task.updatedAt = timeFrom(q.value(26));
    task.finishedAt = timeFrom(q.value(27));
    return task;
}

ImageRecord readImage(const QSqlQuery &q, int first)
{
    ImageRecord image;
    if (q.value(first).isNull())
        return image; // LEFT JOIN without an image
    image.id = q.value(first).toLongLong();
    image.taskRowId = q.value(first + 1).toLongLong();
    image.index = q.value(first + 2).toInt();
    image.filePath = q.value(first + 3).toString();
    const QSize size(q.value(first + 4).toInt(), q.value(first + 5).toInt());
    if (!size.isEmpty())
        image.pixelSize = size;
    image.bytes = q.value(first + 6).toLongLong();
    image.sha256 = q.value(first + 7).toString().toLatin1();
    image.seed = q.value(first + 8).isNull() ? -1 : q.value(first + 8).toLongLong();
    image.actualPrompt = q.value(first + 9).toString();
    image.remoteUrl = q.value(first + 10).toByteArray();
    image.urlExpiry = timeFrom(q.value(first + 11));
    image.errorCode = q.value(first + 12).toString();
    image.errorMessage = q.value(first + 13).toString();
    image.favourite = q.value(first + 14).toBool();
    image.createdAt = timeFrom(q.value(first + 15));
    return image;
}

// The WHERE clause of a query, with its values bound in order (never spliced into the SQL).
struct Filter
{
    QStringList conditions;
    QVariantList values;

    QString where() const
    {
        return conditions.isEmpty()
                ? QString()
                : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    }
    void bind(QSqlQuery &q) const
    {
        for (const QVariant &value : values)
            q.addBindValue(value);
    }
};

// Splits search text into words; "double quoted" text stays one phrase.
QStringList searchTerms(const QString &text)
{
    static const QRegularExpression term(QStringLiteral(R"re("([^"]*)"?|(\S+))re"));
    QStringList terms;
    for (auto it = term.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString word = match.hasCaptured(1) ? match.captured(1).trimmed() : match.captured(2);
        if (!word.isEmpty())
            terms.append(word);
    }
    return terms;
}

QString likePattern(const QString &word)
{
    QString escaped = word;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    escaped.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

Filter filterFor(const LibraryQuery &query)
{
    Filter filter;
    for (const QString &word : searchTerms(query.text)) {
        if (word.toUcs4().size() >= 3) {
            // A trigram index needs three characters; as an FTS5 string the word is matched as
            // a substring, with quotes doubled so no search text is read as query syntax.
            QString phrase = word;
            phrase.replace(QLatin1Char('"'), QStringLiteral("\"\""));
            phrase = QLatin1Char('"') + phrase + QLatin1Char('"');
            filter.conditions.append(QStringLiteral(
                    "(t.id IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?)"
                    " OR i.id IN (SELECT rowid FROM images_fts WHERE images_fts MATCH ?))"));
            filter.values << phrase << phrase;
        } else {
            // One or two characters (a Chinese word is often two): a scan, still fast at 10,000.
            filter.conditions.append(QStringLiteral(
                    "(t.prompt LIKE ? ESCAPE '\\' OR t.negative_prompt LIKE ? ESCAPE '\\'"
                    " OR i.actual_prompt LIKE ? ESCAPE '\\')"));
            const QString pattern = likePattern(word);
            filter.values << pattern << pattern << pattern;
        }
    }
    if (!query.model.isEmpty()) {
        filter.conditions.append(QStringLiteral("t.model = ?"));
        filter.values << query.model;
    }
    if (query.size.isValid()) {
        filter.conditions.append(QStringLiteral("t.width = ? AND t.height = ?"));
        filter.values << query.size.width() << query.size.height();
    }
    // Dates are the person's calendar days: local midnight, compared in UTC.
    if (query.from.isValid()) {
        filter.conditions.append(QStringLiteral("t.created_at >= ?"));
        filter.values << utcTime(query.from.startOfDay());
    }
    if (query.to.isValid()) {
        filter.conditions.append(QStringLiteral("t.created_at < ?"));
        filter.values << utcTime(query.to.addDays(1).startOfDay());
    }
    if (!query.states.isEmpty()) {
        filter.conditions.append(
                QStringLiteral("t.state IN (%1)").arg(placeholders(query.states.size())));
        for (TaskState state : query.states)
            filter.values << taskStateId(state);
    }
    if (query.favouritesOnly)
        filter.conditions.append(QStringLiteral("i.favourite <> 0"));
    if (query.savedOnly)
        filter.conditions.append(QStringLiteral("i.file_path IS NOT NULL AND i.file_path <> ''"));
    if (!query.taskRowIds.isEmpty()) {
        filter.conditions.append(
                QStringLiteral("t.id IN (%1)").arg(placeholders(query.taskRowIds.size())));
        for (qint64 id : query.taskRowIds)
            filter.values << id;
    }
    return filter;
}

const QString FromTasksAndImages
        = QStringLiteral(" FROM tasks t LEFT JOIN images i ON i.task = t.id");

QAtomicInteger<quint64> connectionCounter;

} // namespace

// ---------------------------------------------------------------------------------------------
// One write transaction. Nested ones join the outermost, which alone commits; signals wait for
// that commit so nobody reacts to rows that may still be rolled back.
class Library::Transaction
{
public:
    explicit Transaction(Library *library) : m_library(library)
    {
        if (m_library->m_transactionDepth == 0) {
            m_began = m_library->execute(QStringLiteral("BEGIN IMMEDIATE"));
            if (!m_began)
                return;
            m_library->m_transactionFailed = false;
        } else {
            m_began = true;
        }
        ++m_library->m_transactionDepth;
    }
    ~Transaction()
    {
        if (m_began && !m_ended)
            end(false);
    }
    Q_DISABLE_COPY_MOVE(Transaction)

    bool isActive() const { return m_began; }

    // Ends this level; true when the work of this level is (or will be) committed.
    bool end(bool success)
    {
        Q_ASSERT(m_began && !m_ended);
        m_ended = true;
        if (!success)
            m_library->m_transactionFailed = true;
        if (--m_library->m_transactionDepth > 0)
            return success;
        if (!m_library->m_transactionFailed && m_library->execute(QStringLiteral("COMMIT"))) {
            const auto emissions = std::exchange(m_library->m_pendingEmissions, {});
            for (const auto &emission : emissions)
                emission();
            return true;
        }
        m_library->execute(QStringLiteral("ROLLBACK"));
        m_library->m_pendingEmissions.clear();
        return false;
    }

private:
    Library *m_library;
    bool m_began = false;
    bool m_ended = false;
};

// ---------------------------------------------------------------------------------------------

Library::Library(QObject *parent)
    : QObject(parent),
      m_connectionName(QStringLiteral("studio-library-%1").arg(++connectionCounter)),
      m_watchTimer(new QTimer(this))
{
    m_watchTimer->setInterval(2000);
    connect(m_watchTimer, &QTimer::timeout, this, &Library::checkForExternalChanges);
}

Library::~Library()
{
    close();
}

QString Library::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QStringLiteral("/library.sqlite3");
}

bool Library::open(const QString &databasePath, QString *error)
{
    close();
    const auto fail = [&](const QString &message) {
        qCWarning(lcLibrary).noquote() << "cannot open library" << databasePath << ":" << message;
        setLastError(message);
        if (error)
            *error = message;
        close();
        return false;
    };

    const QFileInfo info(databasePath);
    if (!QDir().mkpath(info.absolutePath())) {
        return fail(QCoreApplication::translate("Library", "The folder %1 cannot be created.")
                            .arg(QDir::toNativeSeparators(info.absolutePath())));
    }

    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(info.absoluteFilePath());
        // The window and the command line may write at the same time: wait for the other one.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            return fail(
                    QCoreApplication::translate("Library", "The library %1 cannot be opened: %2")
                            .arg(QDir::toNativeSeparators(databasePath), db.lastError().text()));
        }
    }
    m_path = info.absoluteFilePath();

    // WAL: readers never block the writer, and a crash leaves the database consistent.
    // synchronous=FULL: every commit is on disk before the call returns. NORMAL would survive a
    // killed process just as well, but after a power cut it may lose the last commits, and the
    // one we care about is the task_id of a task the service has accepted (and billed): losing
    // it means the result can never be fetched. Commits are few (a handful per task), so the
    // fsync each costs nothing a person could notice; bulk writers use runInTransaction().
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next())
        return fail(q.lastError().text());
    if (q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        qCWarning(lcLibrary) << "the library's file system does not support WAL; journal mode is"
                             << q.value(0).toString();
    }
    q.finish();
    // Foreign keys stay off while migrating: a step that rebuilds a table drops the old one,
    // and with them on that drop would first delete every row referring to it (ON DELETE
    // CASCADE). The pragma does nothing inside a transaction, so it is set around migrate(),
    // which checks the keys itself before it commits.
    if (!execute(QStringLiteral("PRAGMA synchronous=FULL"))
        || !execute(QStringLiteral("PRAGMA foreign_keys=OFF"))) {
        return fail(m_lastError);
    }
    QString migrationError;
    if (!migrate(&migrationError))
        return fail(migrationError);
    if (!execute(QStringLiteral("PRAGMA foreign_keys=ON")))
        return fail(m_lastError);
    qCInfo(lcLibrary).noquote() << "library open:" << m_path;
    rememberExternalState();
    if (m_watchTimer->interval() > 0)
        m_watchTimer->start();
    return true;
}

bool Library::migrate(QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    // Reading the version and migrating happen under one write lock, so two processes starting
    // at once cannot both migrate.
    if (!execute(QStringLiteral("BEGIN IMMEDIATE"))) {
        *error = m_lastError;
        return false;
    }
    const auto rollback = [&](const QString &message) {
        execute(QStringLiteral("ROLLBACK"));
        *error = message;
        return false;
    };

    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return rollback(q.lastError().text());
    const int version = q.value(0).toInt();
    q.finish();
    if (version > SchemaVersion) {
        return rollback(QCoreApplication::translate(
                                "Library",
                                "The library was written by a newer version of DashScope "
                                "Studio (schema %1; this version knows up to %2). Update the "
                                "program to open it.")
                                .arg(version)
                                .arg(SchemaVersion));
    }
    for (int step = version; step < SchemaVersion; ++step) {
        qCInfo(lcLibrary) << "migrating library schema from version" << step << "to" << step + 1;
        for (auto statement = Migrations[step].begin; statement != Migrations[step].end;
             ++statement) {
            if (!q.exec(QString::fromLatin1(*statement))) {
                return rollback(
                        QCoreApplication::translate(
                                "Library", "The library could not be upgraded to schema %1: %2")
                                .arg(step + 1)
                                .arg(q.lastError().text()));
            }
        }
        // The pragma takes no bound parameter; the value is our own integer.
        if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(step + 1)))
            return rollback(q.lastError().text());
    }
    // Step 10 of SQLite's table rebuild: the rows must still refer to each other as before.
    if (version < SchemaVersion) {
        if (!q.exec(QStringLiteral("PRAGMA foreign_key_check")))
            return rollback(q.lastError().text());
        if (q.next()) {
            return rollback(QCoreApplication::translate(
                                    "Library",
                                    "The library could not be upgraded to schema %1: row %2 of "
                                    "table %3 refers to a row that does not exist.")
                                    .arg(SchemaVersion)
                                    .arg(q.value(1).toLongLong())
                                    .arg(q.value(0).toString()));
        }
        q.finish();
    }
    if (!execute(QStringLiteral("COMMIT")))
        return rollback(m_lastError);
    return true;
}

void Library::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close(); // the last connection checkpoints the WAL into the database
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_watchTimer->stop();
    m_path.clear();
    m_transactionDepth = 0;
    m_pendingEmissions.clear();
}

bool Library::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName)
            && QSqlDatabase::database(m_connectionName, false).isOpen();
}

QString Library::path() const
{
    return m_path;
}

QString Library::lastError() const
{
    return m_lastError;
}

void Library::setLastError(const QString &message) const
{
    m_lastError = message;
}

bool Library::execute(const QString &sql) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (q.exec(sql))
        return true;
    setLastError(q.lastError().text());
    qCWarning(lcLibrary).noquote() << sql << "failed:" << m_lastError;
    return false;
}

void Library::afterCommit(std::function<void()> emission)
{
    m_pendingEmissions.append(std::move(emission));
}

bool Library::runInTransaction(const std::function<bool()> &work)
{
    Transaction transaction(this);
    if (!transaction.isActive())
        return false;
    return transaction.end(work());
}

// ---------------------------------------------------------------------------------------------
// Writes

namespace {

bool execOrLog(QSqlQuery &q, const char *what, QString *error)
{
    if (q.exec())
        return true;
    *error = q.lastError().text();
    qCWarning(lcLibrary).noquote() << what << "failed:" << *error;
    return false;
}

// A null QString binds as SQL NULL: the NOT NULL text columns take '' through coalesce().
void bindTask(QSqlQuery &q, const TaskRecord &task)
{
    const GenerationRequest &r = task.request;
    q.bindValue(QStringLiteral(":model"), r.model);
    q.bindValue(QStringLiteral(":prompt"), r.prompt);
    q.bindValue(QStringLiteral(":negative_prompt"), r.negativePrompt);
    q.bindValue(QStringLiteral(":width"), r.size.isValid() ? r.size.width() : 0);
    q.bindValue(QStringLiteral(":height"), r.size.isValid() ? r.size.height() : 0);
    q.bindValue(QStringLiteral(":count"), r.count);
    q.bindValue(QStringLiteral(":seed"), r.seed ? QVariant(*r.seed) : QVariant());
    q.bindValue(QStringLiteral(":prompt_extend"), r.promptExtend);
    q.bindValue(QStringLiteral(":watermark"), r.watermark);
    q.bindValue(QStringLiteral(":region"), regionId(task.endpoint.region));
    q.bindValue(QStringLiteral(":base_url"), QString::fromUtf8(task.endpoint.baseUrl.toEncoded()));
    q.bindValue(QStringLiteral(":task_id"), textOrNull(task.taskId));
    q.bindValue(QStringLiteral(":request_id"), textOrNull(task.requestId));
    q.bindValue(QStringLiteral(":state"), taskStateId(task.state));
    q.bindValue(QStringLiteral(":service_status"), textOrNull(task.serviceStatus));
    q.bindValue(QStringLiteral(":submit_time"), serviceTime(task.submitTime));
    q.bindValue(QStringLiteral(":scheduled_time"), serviceTime(task.scheduledTime));
    q.bindValue(QStringLiteral(":end_time"), serviceTime(task.endTime));
    const ApiError &e = task.error;
    q.bindValue(QStringLiteral(":error_kind"),
                e.isError() ? QVariant(ApiError::kindName(e.kind)) : QVariant());
    q.bindValue(QStringLiteral(":error_code"), textOrNull(e.code));
    q.bindValue(QStringLiteral(":error_message"), textOrNull(e.message));
    q.bindValue(QStringLiteral(":error_request_id"), textOrNull(e.requestId));
    q.bindValue(QStringLiteral(":error_http_status"),
                e.httpStatus != 0 ? QVariant(e.httpStatus) : QVariant());
    q.bindValue(QStringLiteral(":usage"),
                task.usage.isEmpty()
                        ? QVariant()
                        : QVariant(QString::fromUtf8(
                                QJsonDocument(task.usage).toJson(QJsonDocument::Compact))));
    q.bindValue(QStringLiteral(":updated_at"), utcTime(task.updatedAt));
    q.bindValue(QStringLiteral(":finished_at"), utcTime(task.finishedAt));
}

} // namespace

bool Library::addTask(TaskRecord *task)
{
    Q_ASSERT(task);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    TaskRecord stored = *task;
    if (!stored.createdAt.isValid())
        stored.createdAt = now;
    if (!stored.updatedAt.isValid())
        stored.updatedAt = stored.createdAt;

    Transaction transaction(this);
    if (!transaction.isActive())
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral(
            "INSERT INTO tasks (model, prompt, negative_prompt, width, height, count, seed,"
            " prompt_extend, watermark, region, base_url, task_id, request_id, state, "
            "service_status,"
            " submit_time, scheduled_time, end_time, error_kind, error_code, error_message,"
            " error_request_id, error_http_status, usage, created_at, updated_at, finished_at)"
            " VALUES (coalesce(:model, ''), coalesce(:prompt, ''), coalesce(:negative_prompt, ''), "
            ":width, :height, :count, :seed,"
            " :prompt_extend, :watermark, :region, :base_url, :task_id, :request_id, :state,"
            " :service_status, :submit_time, :scheduled_time, :end_time, :error_kind, :error_code,"
            " :error_message, :error_request_id, :error_http_status, :usage, :created_at,"
            " :updated_at, :finished_at)"));
    bindTask(q, stored);
    q.bindValue(QStringLiteral(":created_at"), utcTime(stored.createdAt));
    if (!execOrLog(q, "adding a task", &m_lastError))
        return transaction.end(false);
    stored.id = q.lastInsertId().toLongLong();
    const qint64 id = stored.id;
    afterCommit([this, id] { emit taskStored(id); });
    if (!transaction.end(true))
        return false;
    // Only a committed row gets an id: a caller never holds the id of a row that was rolled back.
    task->id = stored.id;
    task->createdAt = stored.createdAt;
    task->updatedAt = stored.updatedAt;
    return true;
}

bool Library::updateTask(const TaskRecord &task)
{
    if (task.id <= 0) {
        setLastError(QStringLiteral("updateTask: the task has no library id"));
        return false;
    }
    TaskRecord stored = task;
    if (!stored.updatedAt.isValid())
        stored.updatedAt = QDateTime::currentDateTimeUtc();

    Transaction transaction(this);
    if (!transaction.isActive())
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral(
            "UPDATE tasks SET model = coalesce(:model, ''), prompt = coalesce(:prompt, ''),"
            " negative_prompt = coalesce(:negative_prompt, ''),"
            " width = :width, height = :height, count = :count, seed = :seed,"
            " prompt_extend = :prompt_extend, watermark = :watermark, region = :region,"
            " base_url = :base_url, task_id = :task_id, request_id = :request_id, state = :state,"
            " service_status = :service_status, submit_time = :submit_time,"
            " scheduled_time = :scheduled_time, end_time = :end_time, error_kind = :error_kind,"
            " error_code = :error_code, error_message = :error_message,"
            " error_request_id = :error_request_id, error_http_status = :error_http_status,"
            " usage = :usage, updated_at = :updated_at, finished_at = :finished_at"
            " WHERE id = :id"));
    bindTask(q, stored);
    q.bindValue(QStringLiteral(":id"), stored.id);
    if (!execOrLog(q, "updating a task", &m_lastError))
        return transaction.end(false);
    if (q.numRowsAffected() != 1) {
        setLastError(QStringLiteral("updateTask: no task with id %1").arg(stored.id));
        return transaction.end(false);
    }
    const qint64 id = stored.id;
    afterCommit([this, id] { emit taskStored(id); });
    return transaction.end(true);
}

bool Library::addImage(ImageRecord *image)
{
    Q_ASSERT(image);
    ImageRecord stored = *image;
    if (!stored.createdAt.isValid())
        stored.createdAt = QDateTime::currentDateTimeUtc();

    Transaction transaction(this);
    if (!transaction.isActive())
        return false;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    // An upsert, not INSERT OR REPLACE: the row keeps its id (the gallery's key) and the
    // person's favourite flag when a retried download replaces a failed image.
    q.prepare(QStringLiteral(
            "INSERT INTO images (task, idx, file_path, width, height, bytes, sha256, seed,"
            " actual_prompt, remote_url, url_expiry, error_code, error_message, favourite, "
            "created_at)"
            " VALUES (:task, :idx, :file_path, :width, :height, :bytes, :sha256, :seed,"
            " :actual_prompt, :remote_url, :url_expiry, :error_code, :error_message, :favourite,"
            " :created_at)"
            " ON CONFLICT (task, idx) DO UPDATE SET file_path = excluded.file_path,"
            " width = excluded.width, height = excluded.height, bytes = excluded.bytes,"
            " sha256 = excluded.sha256, seed = excluded.seed, actual_prompt = "
            "excluded.actual_prompt,"
            " remote_url = excluded.remote_url, url_expiry = excluded.url_expiry,"
            " error_code = excluded.error_code, error_message = excluded.error_message"));
    q.bindValue(QStringLiteral(":task"), stored.taskRowId);
    q.bindValue(QStringLiteral(":idx"), stored.index);
    q.bindValue(QStringLiteral(":file_path"), textOrNull(stored.filePath));
    q.bindValue(QStringLiteral(":width"),
                stored.pixelSize.isValid() ? stored.pixelSize.width() : 0);
    q.bindValue(QStringLiteral(":height"),
                stored.pixelSize.isValid() ? stored.pixelSize.height() : 0);
    q.bindValue(QStringLiteral(":bytes"), stored.bytes);
    q.bindValue(QStringLiteral(":sha256"),
                stored.sha256.isEmpty() ? QVariant()
                                        : QVariant(QString::fromLatin1(stored.sha256)));
    q.bindValue(QStringLiteral(":seed"), seedOrNull(stored.seed));
    q.bindValue(QStringLiteral(":actual_prompt"), textOrNull(stored.actualPrompt));
    // A BLOB, so the signed URL is kept byte for byte (no re-encoding as text or as a QUrl).
    q.bindValue(QStringLiteral(":remote_url"),
                stored.remoteUrl.isNull() ? QVariant() : QVariant(stored.remoteUrl));
    q.bindValue(QStringLiteral(":url_expiry"), utcTime(stored.urlExpiry));
    q.bindValue(QStringLiteral(":error_code"), textOrNull(stored.errorCode));
    q.bindValue(QStringLiteral(":error_message"), textOrNull(stored.errorMessage));
    q.bindValue(QStringLiteral(":favourite"), stored.favourite);
    q.bindValue(QStringLiteral(":created_at"), utcTime(stored.createdAt));
    if (!execOrLog(q, "adding an image", &m_lastError))
        return transaction.end(false);

    QSqlQuery idQuery(db);
    idQuery.prepare(QStringLiteral("SELECT id FROM images WHERE task = ? AND idx = ?"));
    idQuery.addBindValue(stored.taskRowId);
    idQuery.addBindValue(stored.index);
    if (!execOrLog(idQuery, "reading an image id", &m_lastError) || !idQuery.next())
        return transaction.end(false);
    stored.id = idQuery.value(0).toLongLong();
    idQuery.finish();

    const qint64 id = stored.id;
    afterCommit([this, id] { emit imageStored(id); });
    if (!transaction.end(true))
        return false;
    image->id = stored.id;
    image->createdAt = stored.createdAt;
    return true;
}

bool Library::setFavourite(const QList<qint64> &imageIds, bool favourite)
{
    if (imageIds.isEmpty())
        return true;
    Transaction transaction(this);
    if (!transaction.isActive())
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    for (qsizetype start = 0; start < imageIds.size(); start += IdSlice) {
        const QList<qint64> slice = imageIds.mid(start, IdSlice);
        q.prepare(QStringLiteral("UPDATE images SET favourite = ? WHERE id IN (%1)")
                          .arg(placeholders(slice.size())));
        q.addBindValue(favourite);
        for (qint64 id : slice)
            q.addBindValue(id);
        if (!execOrLog(q, "setting favourites", &m_lastError))
            return transaction.end(false);
    }
    afterCommit([this, imageIds] { emit imagesChanged(imageIds); });
    return transaction.end(true);
}

QList<qint64> Library::taskIdsOfImages(const QList<qint64> &imageIds) const
{
    QList<qint64> taskIds;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    for (qsizetype start = 0; start < imageIds.size(); start += IdSlice) {
        const QList<qint64> slice = imageIds.mid(start, IdSlice);
        q.prepare(QStringLiteral("SELECT DISTINCT task FROM images WHERE id IN (%1)")
                          .arg(placeholders(slice.size())));
        for (qint64 id : slice)
            q.addBindValue(id);
        if (!q.exec())
            continue;
        while (q.next())
            taskIds.append(q.value(0).toLongLong());
    }
    std::sort(taskIds.begin(), taskIds.end());
    taskIds.erase(std::unique(taskIds.begin(), taskIds.end()), taskIds.end());
    return taskIds;
}

namespace {

// Removes files after their rows are gone. A missing file is fine (already gone); one that
// exists and cannot be removed is reported.
bool removeFiles(const QStringList &paths, QString *error)
{
    bool ok = true;
    for (const QString &path : paths) {
        if (path.isEmpty() || !QFileInfo::exists(path))
            continue;
        QFile file(path);
        if (!file.remove()) {
            ok = false;
            *error = QCoreApplication::translate("Library", "%1 could not be deleted: %2")
                             .arg(QDir::toNativeSeparators(path), file.errorString());
            qCWarning(lcLibrary).noquote() << *error;
        }
    }
    return ok;
}

} // namespace

bool Library::deleteImages(const QList<qint64> &imageIds, bool deleteFiles)
{
    if (imageIds.isEmpty())
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QStringList files;
    QList<qint64> removedTasks;

    Transaction transaction(this);
    if (!transaction.isActive())
        return false;
    const QList<qint64> taskIds = taskIdsOfImages(imageIds);
    QSqlQuery q(db);
    for (qsizetype start = 0; start < imageIds.size(); start += IdSlice) {
        const QList<qint64> slice = imageIds.mid(start, IdSlice);
        q.prepare(QStringLiteral(
                          "SELECT file_path FROM images WHERE id IN (%1) AND file_path IS NOT NULL")
                          .arg(placeholders(slice.size())));
        for (qint64 id : slice)
            q.addBindValue(id);
        if (!execOrLog(q, "listing image files", &m_lastError))
            return transaction.end(false);
        while (q.next())
            files.append(q.value(0).toString());
        q.prepare(QStringLiteral("DELETE FROM images WHERE id IN (%1)")
                          .arg(placeholders(slice.size())));
        for (qint64 id : slice)
            q.addBindValue(id);
        if (!execOrLog(q, "deleting images", &m_lastError))
            return transaction.end(false);
    }
    // A finished task without any image left has nothing to show; one still running keeps its
    // row, or its next image would have nowhere to go.
    QStringList finishedStates;
    for (TaskState state : allTaskStates()) {
        if (isFinished(state))
            finishedStates.append(taskStateId(state));
    }
    for (qint64 taskId : taskIds) {
        q.prepare(QStringLiteral("DELETE FROM tasks WHERE id = ? AND state IN (%1)"
                                 " AND NOT EXISTS (SELECT 1 FROM images WHERE task = tasks.id)")
                          .arg(placeholders(finishedStates.size())));
        q.addBindValue(taskId);
        for (const QString &state : finishedStates)
            q.addBindValue(state);
        if (!execOrLog(q, "deleting an emptied task", &m_lastError))
            return transaction.end(false);
        if (q.numRowsAffected() > 0)
            removedTasks.append(taskId);
    }
    afterCommit([this, imageIds, removedTasks] {
        emit imagesRemoved(imageIds);
        if (!removedTasks.isEmpty())
            emit tasksRemoved(removedTasks);
    });
    if (!transaction.end(true))
        return false;
    return !deleteFiles || removeFiles(files, &m_lastError);
}

bool Library::deleteTasks(const QList<qint64> &taskRowIds, bool deleteFiles)
{
    if (taskRowIds.isEmpty())
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QStringList files;
    QList<qint64> imageIds;

    Transaction transaction(this);
    if (!transaction.isActive())
        return false;
    QSqlQuery q(db);
    for (qsizetype start = 0; start < taskRowIds.size(); start += IdSlice) {
        const QList<qint64> slice = taskRowIds.mid(start, IdSlice);
        q.prepare(QStringLiteral("SELECT id, file_path FROM images WHERE task IN (%1)")
                          .arg(placeholders(slice.size())));
        for (qint64 id : slice)
            q.addBindValue(id);
        if (!execOrLog(q, "listing task images", &m_lastError))
            return transaction.end(false);
        while (q.next()) {
            imageIds.append(q.value(0).toLongLong());
            if (!q.value(1).isNull())
                files.append(q.value(1).toString());
        }
        // Images go with their task (ON DELETE CASCADE).
        q.prepare(QStringLiteral("DELETE FROM tasks WHERE id IN (%1)")
                          .arg(placeholders(slice.size())));
        for (qint64 id : slice)
            q.addBindValue(id);
        if (!execOrLog(q, "deleting tasks", &m_lastError))
            return transaction.end(false);
    }
    afterCommit([this, imageIds, taskRowIds] {
        if (!imageIds.isEmpty())
            emit imagesRemoved(imageIds);
        emit tasksRemoved(taskRowIds);
    });
    if (!transaction.end(true))
        return false;
    return !deleteFiles || removeFiles(files, &m_lastError);
}

// ---------------------------------------------------------------------------------------------
// Reads

namespace {

QList<ImageRecord> imagesOf(const QSqlDatabase &db, const QList<qint64> &taskIds)
{
    QList<ImageRecord> images;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    for (qsizetype start = 0; start < taskIds.size(); start += IdSlice) {
        const QList<qint64> slice = taskIds.mid(start, IdSlice);
        q.prepare(QStringLiteral(
                          "SELECT %1 FROM images i WHERE i.task IN (%2) ORDER BY i.task, i.idx")
                          .arg(QLatin1String(ImageColumns), placeholders(slice.size())));
        for (qint64 id : slice)
            q.addBindValue(id);
        if (!q.exec()) {
            qCWarning(lcLibrary).noquote() << "reading images failed:" << q.lastError().text();
            continue;
        }
        while (q.next())
            images.append(readImage(q, 0));
    }
    return images;
}

// Fills each task's images from one query.
void attachImages(const QSqlDatabase &db, QList<TaskRecord> *tasks)
{
    QList<qint64> ids;
    ids.reserve(tasks->size());
    for (const TaskRecord &task : std::as_const(*tasks))
        ids.append(task.id);
    const QList<ImageRecord> images = imagesOf(db, ids);
    QHash<qint64, qsizetype> position;
    for (qsizetype i = 0; i < tasks->size(); ++i)
        position.insert(tasks->at(i).id, i);
    for (const ImageRecord &image : images)
        (*tasks)[position.value(image.taskRowId)].images.append(image);
}

QList<TaskRecord> selectTasks(const QSqlDatabase &db, const QString &tail,
                              const QVariantList &values)
{
    QList<TaskRecord> tasks;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM tasks t").arg(QLatin1String(TaskColumns)) + tail);
    for (const QVariant &value : values)
        q.addBindValue(value);
    if (!q.exec()) {
        qCWarning(lcLibrary).noquote() << "reading tasks failed:" << q.lastError().text();
        return tasks;
    }
    while (q.next())
        tasks.append(readTask(q));
    q.finish();
    attachImages(db, &tasks);
    return tasks;
}

} // namespace

TaskRecord Library::task(qint64 id) const
{
    const QList<TaskRecord> tasks = selectTasks(QSqlDatabase::database(m_connectionName, false),
                                                QStringLiteral(" WHERE t.id = ?"), { id });
    return tasks.isEmpty() ? TaskRecord() : tasks.first();
}

QList<TaskRecord> Library::unfinishedTasks() const
{
    QVariantList values;
    for (TaskState state : allTaskStates()) {
        if (isFinished(state))
            values.append(taskStateId(state));
    }
    return selectTasks(
            QSqlDatabase::database(m_connectionName, false),
            QStringLiteral(" WHERE t.state NOT IN (%1) ORDER BY t.created_at ASC, t.id ASC")
                    .arg(placeholders(values.size())),
            values);
}

TaskRecord Library::taskByServiceId(const QString &taskId) const
{
    if (taskId.isEmpty())
        return {};
    const QList<TaskRecord> tasks = selectTasks(QSqlDatabase::database(m_connectionName, false),
                                                QStringLiteral(" WHERE t.task_id = ?"), { taskId });
    return tasks.isEmpty() ? TaskRecord() : tasks.first();
}

ImageRecord Library::image(qint64 id) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM images i WHERE i.id = ?")
                      .arg(QLatin1String(ImageColumns)));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return {};
    return readImage(q, 0);
}

QList<LibraryEntry> Library::findImages(const LibraryQuery &query) const
{
    QList<LibraryEntry> entries;
    const Filter filter = filterFor(query);
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1, %2")
                      .arg(QLatin1String(TaskColumns), QLatin1String(ImageColumns))
              + FromTasksAndImages + filter.where() + orderBy(query.newestFirst)
              + QStringLiteral(" LIMIT ? OFFSET ?"));
    filter.bind(q);
    q.addBindValue(query.limit < 0 ? -1 : query.limit);
    q.addBindValue(std::max(0, query.offset));
    if (!q.exec()) {
        qCWarning(lcLibrary).noquote() << "searching the library failed:" << q.lastError().text();
        return entries;
    }
    while (q.next()) {
        LibraryEntry entry;
        entry.task = readTask(q);
        entry.image = readImage(q, TaskColumnCount);
        entries.append(entry);
    }
    return entries;
}

int Library::countImages(const LibraryQuery &query) const
{
    const Filter filter = filterFor(query);
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT count(*)") + FromTasksAndImages + filter.where());
    filter.bind(q);
    if (!q.exec() || !q.next())
        return 0;
    return q.value(0).toInt();
}

QList<TaskRecord> Library::findTasks(const LibraryQuery &query) const
{
    const Filter filter = filterFor(query);
    QVariantList values = filter.values;
    values << (query.limit < 0 ? -1 : query.limit) << std::max(0, query.offset);
    const QString order = query.newestFirst
            ? QStringLiteral(" ORDER BY t.created_at DESC, t.id DESC")
            : QStringLiteral(" ORDER BY t.created_at ASC, t.id ASC");
    return selectTasks(QSqlDatabase::database(m_connectionName, false),
                       QStringLiteral(" WHERE t.id IN (SELECT t.id") + FromTasksAndImages
                               + filter.where() + QLatin1Char(')') + order
                               + QStringLiteral(" LIMIT ? OFFSET ?"),
                       values);
}

int Library::countTasks(const LibraryQuery &query) const
{
    const Filter filter = filterFor(query);
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT count(DISTINCT t.id)") + FromTasksAndImages + filter.where());
    filter.bind(q);
    if (!q.exec() || !q.next())
        return 0;
    return q.value(0).toInt();
}

QStringList Library::models() const
{
    QStringList models;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    if (q.exec(QStringLiteral(
                "SELECT DISTINCT model FROM tasks WHERE model <> '' ORDER BY model"))) {
        while (q.next())
            models.append(q.value(0).toString());
    }
    return models;
}

QList<QSize> Library::sizes() const
{
    QList<QSize> sizes;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    if (q.exec(QStringLiteral(
                "SELECT DISTINCT width, height FROM tasks WHERE width > 0 AND height > 0"
                " ORDER BY width * height, width"))) {
        while (q.next())
            sizes.append(QSize(q.value(0).toInt(), q.value(1).toInt()));
    }
    return sizes;
}

QString Library::integrityCheck() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
        return q.lastError().text();
    QStringList lines;
    while (q.next())
        lines.append(q.value(0).toString());
    return lines.join(QLatin1Char('\n'));
}

// ---------------------------------------------------------------------------------------------
// Other processes

namespace {

qint64 singleNumber(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : 0;
}

} // namespace

void Library::setExternalChangeInterval(int ms)
{
    m_watchTimer->setInterval(qMax(0, ms));
    if (ms > 0 && isOpen())
        m_watchTimer->start();
    else
        m_watchTimer->stop();
}

void Library::rememberExternalState()
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    // data_version changes when another connection commits, never for our own commits.
    m_dataVersion = singleNumber(db, QStringLiteral("PRAGMA data_version"));
    m_seenTaskId = singleNumber(db, QStringLiteral("SELECT coalesce(max(id), 0) FROM tasks"));
    m_seenImageId = singleNumber(db, QStringLiteral("SELECT coalesce(max(id), 0) FROM images"));
    // With a margin: a commit racing with this look, or another clock's rounding, is then
    // reported twice rather than never (a repeated taskStored is harmless).
    m_seenTime = utcTime(QDateTime::currentDateTimeUtc().addSecs(-10)).toString();
}

bool Library::checkForExternalChanges()
{
    if (!isOpen() || m_transactionDepth > 0)
        return false;
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const qint64 version = singleNumber(db, QStringLiteral("PRAGMA data_version"));
    if (version == m_dataVersion)
        return false;

    // Remembered before reading, so a commit racing with this look is seen the next time.
    const QString since = m_seenTime;
    const qint64 seenTasks = m_seenTaskId;
    const qint64 seenImages = m_seenImageId;
    rememberExternalState();

    QList<qint64> tasks;
    QList<qint64> images;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id FROM tasks WHERE id > ? OR updated_at >= ? ORDER BY id"));
    q.addBindValue(seenTasks);
    q.addBindValue(since);
    if (q.exec()) {
        while (q.next())
            tasks.append(q.value(0).toLongLong());
    }
    q.prepare(QStringLiteral("SELECT id FROM images WHERE id > ? ORDER BY id"));
    q.addBindValue(seenImages);
    if (q.exec()) {
        while (q.next())
            images.append(q.value(0).toLongLong());
    }
    q.finish();
    qCDebug(lcLibrary) << "changed elsewhere:" << tasks.size() << "tasks," << images.size()
                       << "images";
    for (qint64 id : std::as_const(tasks))
        emit taskStored(id);
    for (qint64 id : std::as_const(images))
        emit imageStored(id);
    emit changedElsewhere();
    return true;
}
