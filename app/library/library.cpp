#include "library/library.h"

#include "library/externalchanges.h"
#include "library/libraryledger.h"
#include "library/libraryreads.h"
#include "library/librarysearch.h"
#include "library/librarywrites.h"
#include "library/schema.h"
#include "library/sqlsupport.h"
#include "platform/logging.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>
#include <algorithm>
#include <utility>

static_assert(Library::SchemaVersion == LibrarySchema::Version, "one schema version");

namespace {

QAtomicInteger<quint64> connectionCounter;

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

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
            if (m_library->m_readOnly) {
                m_beginError = m_library->readOnlyFailure();
                return;
            }
            m_library->awaitIntegrityCheck(); // never a write before the file is known sound
            if (m_library->isDamaged()) {
                m_beginError = m_library->damagedFailure();
                return;
            }
            if (!m_library->isOpen()) {
                m_beginError = LibraryResult::failure(QCoreApplication::translate(
                        "Library", "The library is not open, so nothing can be saved."));
                return;
            }
            m_beginError = LibrarySql::execute(m_library->db(), QStringLiteral("BEGIN IMMEDIATE"));
            if (!m_beginError)
                return;
            m_library->m_transactionFailed = false;
            m_library->m_transactionError = {};
        }
        m_began = true;
        ++m_library->m_transactionDepth;
    }
    ~Transaction()
    {
        if (m_began && !m_ended)
            end(LibraryResult::failure(QCoreApplication::translate(
                    "Library", "The changes were abandoned and nothing was saved.")));
    }
    Q_DISABLE_COPY_MOVE(Transaction)

    bool isActive() const { return m_began; }
    LibraryResult beginError() const { return m_beginError; }

    // Ends this level with the outcome of its work; success when it is (or will be) committed.
    LibraryResult end(const LibraryResult &work)
    {
        Q_ASSERT(m_began && !m_ended);
        m_ended = true;
        if (!work && !m_library->m_transactionFailed) {
            m_library->m_transactionFailed = true;
            m_library->m_transactionError = work;
        }
        if (--m_library->m_transactionDepth > 0)
            return work;
        const LibraryDb db = m_library->db();
        if (!m_library->m_transactionFailed) {
            const LibraryResult committed = LibrarySql::execute(db, QStringLiteral("COMMIT"));
            if (committed) {
                const auto emissions = std::exchange(m_library->m_pendingEmissions, {});
                for (const auto &emission : emissions)
                    emission();
                return committed;
            }
            m_library->m_transactionError = committed;
        }
        // Unchecked: after some errors (disk full, I/O) SQLite has already rolled back.
        QSqlQuery(db.database()).exec(QStringLiteral("ROLLBACK"));
        m_library->m_pendingEmissions.clear();
        m_library->forgetKeptReads(); // they may have been read inside the transaction
        return std::exchange(m_library->m_transactionError, {});
    }

private:
    Library *m_library;
    LibraryResult m_beginError;
    bool m_began = false;
    bool m_ended = false;
};

// ---------------------------------------------------------------------------------------------

Library::Library(QObject *parent)
    : QObject(parent),
      m_connectionName(QStringLiteral("studio-library-%1").arg(++connectionCounter)),
      m_watcher(new ExternalChangeWatcher([this] { return m_transactionDepth > 0; }, this))
{
    // Before anyone hears of a change elsewhere, what was kept is forgotten.
    connect(m_watcher, &ExternalChangeWatcher::taskStored, this, &Library::forgetKeptReads);
    connect(m_watcher, &ExternalChangeWatcher::outputStored, this, &Library::forgetKeptReads);
    connect(m_watcher, &ExternalChangeWatcher::taskStored, this, &Library::taskStored);
    connect(m_watcher, &ExternalChangeWatcher::outputStored, this, &Library::outputStored);
    connect(m_watcher, &ExternalChangeWatcher::changedElsewhere, this, &Library::changedElsewhere);
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

LibraryDb Library::db() const
{
    return { m_connectionName, m_path };
}

LibraryResult Library::open(const QString &databasePath, IntegrityCheck check)
{
    close();
    const QFileInfo info(databasePath);
    m_path = info.absoluteFilePath();
    const auto refuse = [&](const LibraryResult &result) {
        qCWarning(lcLibrary).noquote()
                << "cannot open library" << databasePath << ":" << result.message();
        m_lastError = result.message();
        close();
        return result;
    };

    const QString folder = info.absolutePath();
    if (!QDir().mkpath(folder)) {
        return refuse(LibraryResult::failure(
                QCoreApplication::translate("Library", "The folder %1 cannot be created.")
                        .arg(nativePath(folder))));
    }
    // SQLite writes its journal beside the database: a library in a folder that cannot be
    // written can only be read, like one whose file cannot be written.
    const bool folderWritable = QFileInfo(folder).isWritable();
    if (!info.exists() && !folderWritable) {
        return refuse(LibraryResult::failure(
                QCoreApplication::translate("Library",
                                            "The library %1 cannot be created because the folder "
                                            "%2 cannot be written. Choose another folder, or ask "
                                            "for permission to write to it.")
                        .arg(nativePath(m_path), nativePath(folder)),
                QStringLiteral("SQLITE_READONLY")));
    }
    const bool readOnly = info.exists() && (!info.isWritable() || !folderWritable);

    if (LibraryResult r = openConnection(m_path, readOnly, folderWritable); !r)
        return refuse(r);
    m_readOnly = readOnly;
    // Before anything is written: a damaged file must stay exactly as it is, for recovery.
    // Deferred, the first write waits for the check instead (awaitIntegrityCheck()).
    m_checkPending = check == IntegrityCheck::Deferred && !readOnly && canDeferCheck();
    if (!m_checkPending) {
        if (LibraryResult r = LibraryReads::quickCheck(db().database(), m_path); !r)
            return refuse(r);
    }
    if (LibraryResult r = readOnly ? checkReadableVersion() : prepareForWriting(); !r)
        return refuse(r);

    if (readOnly)
        qCWarning(lcLibrary).noquote() << "library open read-only:" << m_path;
    else
        qCInfo(lcLibrary).noquote() << "library open:" << m_path;
    m_watcher->start(db());
    return {};
}

LibraryResult Library::openConnection(const QString &absolutePath, bool readOnly,
                                      bool folderWritable)
{
    QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    // The window and the command line may write at the same time: wait for the other one.
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");
    if (readOnly) {
        QUrl uri = QUrl::fromLocalFile(absolutePath);
        // Reading a WAL database needs its -shm file beside it, which SQLite cannot create in
        // a folder nobody may write to; "immutable" reads the file as it is (no other writer can
        // change it there either). A -wal left behind holds commits: then read it normally.
        const bool immutable
                = !folderWritable && !QFileInfo::exists(absolutePath + QStringLiteral("-wal"));
        uri.setQuery(immutable ? QStringLiteral("mode=ro&immutable=1") : QStringLiteral("mode=ro"));
        database.setDatabaseName(uri.toString(QUrl::FullyEncoded));
        options += QStringLiteral(";QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI");
    } else {
        database.setDatabaseName(absolutePath);
    }
    database.setConnectOptions(options);
    if (!database.open()) {
        return LibraryResult::failure(
                QCoreApplication::translate("Library", "The library %1 cannot be opened: %2")
                        .arg(nativePath(absolutePath), database.lastError().text()));
    }
    return {};
}

LibraryResult Library::prepareForWriting()
{
    const LibraryDb database = db();
    // WAL: readers never block the writer, and a crash leaves the database consistent.
    // synchronous=FULL: every commit is on disk before the call returns. NORMAL would survive a
    // killed process just as well, but after a power cut it may lose the last commits, and the
    // one we care about is the task_id of a task the service has accepted (and billed): losing
    // it means the result can never be fetched. Commits are few (a handful per task), so the
    // fsync each costs nothing a person could notice; bulk writers use runInTransaction().
    QSqlQuery q(database.database());
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next())
        return LibraryResult::fromSql(q.lastError(), m_path);
    if (q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        qCWarning(lcLibrary) << "the library's file system does not support WAL; journal mode is"
                             << q.value(0).toString();
    }
    q.finish();
    // Foreign keys stay off while migrating: a step that rebuilds a table drops the old one,
    // and with them on that drop would first delete every row referring to it (ON DELETE
    // CASCADE). The pragma does nothing inside a transaction, so it is set around migrate(),
    // which checks the keys itself before it commits.
    for (const char *pragma : { "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=OFF" }) {
        if (LibraryResult r = LibrarySql::execute(database, QLatin1String(pragma)); !r)
            return r;
    }
    if (LibraryResult r = LibrarySchema::migrate(database); !r)
        return r;
    return LibrarySql::execute(database, QStringLiteral("PRAGMA foreign_keys=ON"));
}

LibraryResult Library::checkReadableVersion() const
{
    LibraryResult error;
    const int version = LibrarySchema::version(db(), &error);
    if (version < 0)
        return error;
    if (version > SchemaVersion) {
        return LibraryResult::failure(
                QCoreApplication::translate("Library",
                                            "The library was written by a newer version of "
                                            "DashScope Studio (schema %1; this version knows up "
                                            "to %2). Update the program to open it.")
                        .arg(version)
                        .arg(SchemaVersion));
    }
    if (version < SchemaVersion) {
        return LibraryResult::failure(
                QCoreApplication::translate("Library",
                                            "The library %1 was made by an older version of "
                                            "DashScope Studio and must be upgraded before it can "
                                            "be read, but it cannot be written. Make the file and "
                                            "its folder writable, then open it again.")
                        .arg(nativePath(m_path)),
                QStringLiteral("SQLITE_READONLY"));
    }
    return {};
}

LibraryResult Library::readOnlyFailure() const
{
    return LibraryResult::failure(
            QCoreApplication::translate("Library",
                                        "Nothing can be saved in the library %1 because it is "
                                        "open read-only: the file or its folder cannot be "
                                        "written. Ask for permission to write to them, or copy "
                                        "the library to a folder of your own.")
                    .arg(nativePath(m_path)),
            QStringLiteral("SQLITE_READONLY"));
}

void Library::close()
{
    m_watcher->stop();
    if (m_checkThread) {
        m_checkThread->wait(); // its connection reads this file
        delete m_checkThread;
        m_checkThread = nullptr;
    }
    m_checkPending = false;
    m_checkAnswer.reset();
    m_damage.clear();
    if (QSqlDatabase::contains(m_connectionName)) {
        {
            QSqlDatabase database = QSqlDatabase::database(m_connectionName, false);
            database.close(); // the last connection checkpoints the WAL into the database
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    m_path.clear();
    m_readOnly = false;
    m_transactionDepth = 0;
    m_pendingEmissions.clear();
    forgetKeptReads();
}

void Library::forgetKeptReads()
{
    m_models.reset();
    m_allRows.reset();
}

void Library::noteModel(const QString &model)
{
    // A new model joins the kept list in its place (the list is sorted, as the read sorts it).
    if (!m_models || model.isEmpty())
        return;
    const auto place = std::lower_bound(m_models->begin(), m_models->end(), model);
    if (place == m_models->end() || *place != model)
        m_models->insert(place, model);
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

LibraryResult Library::fail(const LibraryResult &result)
{
    if (!result)
        m_lastError = result.message();
    return result;
}

void Library::afterCommit(std::function<void()> emission)
{
    m_pendingEmissions.append(std::move(emission));
}

LibraryResult Library::runInTransaction(const std::function<bool()> &work)
{
    Transaction transaction(this);
    if (!transaction.isActive())
        return fail(transaction.beginError());
    const bool done = work();
    return fail(transaction.end(
            done ? LibraryResult()
                 : LibraryResult::failure(QCoreApplication::translate(
                         "Library", "The changes were abandoned and nothing was saved."))));
}

// ---------------------------------------------------------------------------------------------
// Writes

LibraryResult Library::addTask(TaskRecord *task)
{
    Q_ASSERT(task);
    TaskRecord stored = *task;
    if (!stored.createdAt.isValid())
        stored.createdAt = QDateTime::currentDateTimeUtc();
    if (!stored.updatedAt.isValid())
        stored.updatedAt = stored.createdAt;

    Transaction transaction(this);
    if (!transaction.isActive())
        return fail(transaction.beginError());
    m_allRows.reset();
    noteModel(stored.request.model);
    const LibraryResult written = LibraryWrites::insertTask(db(), &stored);
    if (written) {
        const qint64 id = stored.id;
        afterCommit([this, id] { emit taskStored(id); });
    }
    if (LibraryResult r = transaction.end(written); !r)
        return fail(r);
    // Only a committed row gets an id: a caller never holds the id of a row that was rolled back.
    task->id = stored.id;
    task->createdAt = stored.createdAt;
    task->updatedAt = stored.updatedAt;
    return {};
}

LibraryResult Library::updateTask(const TaskRecord &task)
{
    if (task.id <= 0) {
        return fail(LibraryResult::failure(QCoreApplication::translate(
                "Library",
                "The task could not be saved because it was never added to the "
                "library.")));
    }
    TaskRecord stored = task;
    if (!stored.updatedAt.isValid())
        stored.updatedAt = QDateTime::currentDateTimeUtc();

    Transaction transaction(this);
    if (!transaction.isActive())
        return fail(transaction.beginError());
    noteModel(stored.request.model); // a task's rows stay as many: the count is still right
    const LibraryResult written = LibraryWrites::updateTask(db(), stored);
    if (written) {
        const qint64 id = stored.id;
        afterCommit([this, id] { emit taskStored(id); });
    }
    return fail(transaction.end(written));
}

LibraryResult Library::addOutput(OutputRecord *output)
{
    Q_ASSERT(output);
    OutputRecord stored = *output;
    if (!stored.createdAt.isValid())
        stored.createdAt = QDateTime::currentDateTimeUtc();

    Transaction transaction(this);
    if (!transaction.isActive())
        return fail(transaction.beginError());
    m_allRows.reset();
    const LibraryResult written = LibraryWrites::upsertOutput(db(), &stored);
    if (written) {
        const qint64 id = stored.id;
        afterCommit([this, id] { emit outputStored(id); });
    }
    if (LibraryResult r = transaction.end(written); !r)
        return fail(r);
    output->id = stored.id;
    output->createdAt = stored.createdAt;
    return {};
}

LibraryResult Library::setFavourite(const QList<qint64> &outputIds, bool favourite)
{
    if (outputIds.isEmpty())
        return {};
    Transaction transaction(this);
    if (!transaction.isActive())
        return fail(transaction.beginError());
    const LibraryResult written = LibraryWrites::setFavourite(db(), outputIds, favourite);
    if (written)
        afterCommit([this, outputIds] { emit outputsChanged(outputIds); });
    return fail(transaction.end(written));
}

LibraryResult Library::deleteOutputs(const QList<qint64> &outputIds, bool deleteFiles)
{
    return deleteRows(true, outputIds, deleteFiles);
}

LibraryResult Library::deleteTasks(const QList<qint64> &taskRowIds, bool deleteFiles)
{
    return deleteRows(false, taskRowIds, deleteFiles);
}

LibraryResult Library::deleteRows(bool outputs, const QList<qint64> &ids, bool deleteFiles)
{
    if (ids.isEmpty())
        return {};
    Transaction transaction(this);
    if (!transaction.isActive())
        return fail(transaction.beginError());
    forgetKeptReads(); // a model may be gone with its last task
    LibraryWrites::Removed removed;
    const LibraryResult written = outputs ? LibraryWrites::deleteOutputs(db(), ids, &removed)
                                          : LibraryWrites::deleteTasks(db(), ids, &removed);
    if (written) {
        afterCommit([this, outputs, removed] {
            // Deleting outputs always names them; deleting tasks always names the tasks.
            if (outputs || !removed.outputIds.isEmpty())
                emit outputsRemoved(removed.outputIds);
            if (!outputs || !removed.taskIds.isEmpty())
                emit tasksRemoved(removed.taskIds);
            // The keys were made while the files still existed (keyFor reads their dates).
            if (!removed.thumbnailKeys.isEmpty())
                emit thumbnailsObsolete(removed.thumbnailKeys);
        });
    }
    if (LibraryResult r = transaction.end(written); !r)
        return fail(r);
    return deleteFiles ? fail(LibraryWrites::removeFiles(removed.files)) : LibraryResult();
}

LibraryResult Library::recordUpload(const UploadRecord &upload)
{
    Transaction transaction(this);
    if (!transaction.isActive())
        return fail(transaction.beginError());
    return fail(transaction.end(LibraryWrites::recordUpload(db(), upload)));
}

LibraryResult Library::recordUsage(const UsageEntry &entry)
{
    Transaction transaction(this);
    if (!transaction.isActive())
        return fail(transaction.beginError());
    return fail(transaction.end(LibraryLedger::record(db(), entry)));
}

QList<UsageEntry> Library::usage(const QDateTime &from, const QDateTime &to) const
{
    return LibraryLedger::entries(db(), from, to);
}

// ---------------------------------------------------------------------------------------------
// Reads

TaskRecord Library::task(qint64 id) const
{
    return LibraryReads::task(db(), id);
}

QList<TaskRecord> Library::unfinishedTasks() const
{
    return LibraryReads::unfinishedTasks(db());
}

TaskRecord Library::taskByServiceId(const QString &taskId) const
{
    return LibraryReads::taskByServiceId(db(), taskId);
}

OutputRecord Library::output(qint64 id) const
{
    return LibraryReads::output(db(), id);
}

QList<LineageSource> Library::madeFrom(qint64 outputId) const
{
    return LibraryLineage::madeFrom(db(), outputId);
}

QList<LineageSource> Library::resolveInputs(const QList<RequestInput> &inputs) const
{
    return LibraryLineage::resolve(db(), inputs);
}

QList<LibraryEntry> Library::usedIn(const QByteArray &sha256, int limit,
                                    qint64 excludeOutputId) const
{
    return LibraryLineage::usedIn(db(), sha256, limit, excludeOutputId);
}

QList<LibraryEntry> Library::findOutputs(const LibraryQuery &query) const
{
    return LibraryReads::findOutputs(db(), query);
}

void Library::forEachOutput(const LibraryQuery &query,
                            const std::function<bool(const LibraryEntry &)> &visit) const
{
    LibraryReads::forEachOutput(db(), query, visit);
}

int Library::countOutputs(const LibraryQuery &query) const
{
    if (const std::optional<int> quick = quickCountOutputs(query))
        return *quick;
    return LibraryReads::countOutputs(db(), query);
}

std::optional<int> Library::quickCountOutputs(const LibraryQuery &query) const
{
    if (!isOpen())
        return 0;
    LibraryQuery all = query;
    all.afterTaskRowId = 0;
    if (!LibrarySearch::filterFor(all).conditions.isEmpty())
        return LibraryReads::quickCountOutputs(db(), query);
    if (!m_allRows)
        m_allRows = LibraryReads::countOutputs(db(), {});
    return *m_allRows;
}

QList<TaskRecord> Library::findTasks(const LibraryQuery &query) const
{
    return LibraryReads::findTasks(db(), query);
}

int Library::countTasks(const LibraryQuery &query) const
{
    return LibraryReads::countTasks(db(), query);
}

QStringList Library::models() const
{
    if (!isOpen())
        return {};
    if (!m_models)
        m_models = LibraryReads::models(db());
    return *m_models;
}

QList<QSize> Library::sizes() const
{
    return LibraryReads::sizes(db());
}

UploadRecord Library::reusableUpload(const QString &model, const Endpoint &endpoint,
                                     const QByteArray &sha256, const QDateTime &now) const
{
    return LibraryReads::reusableUpload(db(), model, endpoint, sha256, now);
}

DurationSamples Library::recentDurations(const DurationKey &key, int limit) const
{
    if (!isOpen())
        return {};
    return DurationHistory::recent(db(), key, limit);
}

// ---------------------------------------------------------------------------------------------
// Other processes

void Library::setExternalChangeInterval(int ms)
{
    m_watcher->setInterval(ms);
}

bool Library::checkForExternalChanges()
{
    return isOpen() && m_watcher->check();
}
