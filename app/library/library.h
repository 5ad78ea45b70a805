#pragma once

#include "domain/pricing.h"
#include "library/durationhistory.h"
#include "library/librarygroups.h"
#include "library/libraryquery.h"
#include "library/libraryresult.h"
#include "library/lineage.h"
#include "library/uploadrecord.h"

#include <QList>
#include <QObject>
#include <QSize>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

class ExternalChangeWatcher;
class QThread;
struct LibraryDb;

// The local library: one SQLite database (QtSql, WAL) holding every task and output ever made.
// The single source of truth for what exists; files on disk are referenced from it.
// Thread: GUI thread only (one QSqlDatabase connection, named per instance). Several processes
// (the window and the command line) may use the same file at once; SQLite serializes writers.
// This class is the facade: the schema steps are in schema.h (resources/schema/*.sql), rows and
// records in rowcodec.h, the statements in libraryreads.h, librarywrites.h and librarysearch.h,
// and the watcher of other processes' writes in externalchanges.h.
class Library final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Library)

public:
    static constexpr int SchemaVersion = 9; // PRAGMA user_version written by open()

    explicit Library(QObject *parent = nullptr);
    ~Library() override;

    static QString defaultPath(); // <AppDataLocation>/library.sqlite3

    // Opens (creating and migrating as needed). On failure, an error (kind Storage) whose message
    // is a sentence for a person.
    // A damaged file is refused (PRAGMA quick_check) and never written to. A library whose file
    // or folder cannot be written is opened read-only: reads work, every write fails with a
    // sentence saying why (isReadOnly()).
    // Deferred: a writable library already at this schema opens without the check (which reads
    // the whole file: a tenth of a second at 100,000 images), and startIntegrityCheck() runs it on
    // a thread of its own. Until it answers, the first write waits for it, so nothing is ever
    // written to a damaged file; when it fails, integrityChecked() tells why and every write
    // fails with that sentence while reads go on. Any other library is checked at open.
    enum class IntegrityCheck { AtOpen, Deferred };
    LibraryResult open(const QString &databasePath, IntegrityCheck check = IntegrityCheck::AtOpen);
    // Starts the deferred check (once; nothing when the library was checked at open).
    void startIntegrityCheck();
    bool isIntegrityCheckPending() const { return m_checkPending; }
    bool isDamaged() const { return !m_damage.isEmpty(); }
    void close();
    bool isOpen() const;
    bool isReadOnly() const { return m_readOnly; }
    QString path() const;
    QString lastError() const; // the sentence of the last failed write, for logs and status bars

    // Writes. Each is one transaction, committed before it returns, and answers success or an
    // ApiError (kind Storage) whose message says what failed and what to do: disk full,
    // read-only, locked by another program, damaged. The result tests as a bool.
    // Inserts, with the request's inputs; sets task->id (before any network call).
    LibraryResult addTask(TaskRecord *task);
    LibraryResult updateTask(const TaskRecord &task); // request, state, ids, times, error, usage
    // Inserts or replaces (task, index), keeping the row's id and favourite flag; sets id. A
    // download's row is written first with only its planned path, then again when it is saved.
    LibraryResult addOutput(OutputRecord *output);
    // Runs `work` as one transaction: the writes inside commit together (or not at all when
    // `work` returns false) and signals are emitted after the commit. For imports and benchmarks.
    LibraryResult runInTransaction(const std::function<bool()> &work);

    LibraryResult setFavourite(const QList<qint64> &outputIds, bool favourite);
    // Removes the output rows and, with deleteFiles, their files and posters (after the rows are
    // gone, so a crash leaves at worst an unreferenced file). A task whose last output is removed
    // is removed too. Missing files are not an error; files that cannot be removed are.
    LibraryResult deleteOutputs(const QList<qint64> &outputIds, bool deleteFiles);
    LibraryResult deleteTasks(const QList<qint64> &taskRowIds, bool deleteFiles); // with outputs
    // Deleting with Undo (schema step 9): removes the outputs and the tasks (with their outputs)
    // as the two above do, copying their rows under a new batch in the same transaction, then
    // moves their files and posters to the Trash. `batch` receives it, for restoreDeleted() (in
    // this process or the next, for a day). A file that cannot go to the Trash stays where it is
    // and is reported; the rows are removed all the same.
    LibraryResult trashEntries(const QList<qint64> &outputIds, const QList<qint64> &taskRowIds,
                               qint64 *batch);
    // Undo: the batch's files back from the Trash to where they were, then its rows with their
    // ids (so lineage and search find them again); a file no longer in the Trash is reported.
    LibraryResult restoreDeleted(qint64 batch);

    // Uploads of input files, for reuse by later tasks of the same model (see UploadRecord).
    LibraryResult recordUpload(const UploadRecord &upload); // replaces model+endpoint+content
    // The upload of `sha256` for `model` at `endpoint` still usable at `now`; invalid when none.
    UploadRecord reusableUpload(const QString &model, const Endpoint &endpoint,
                                const QByteArray &sha256,
                                const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    // The usage ledger: a finished task's usage and cost, recorded once (a second time for the
    // same task is ignored, so a resume never counts twice).
    LibraryResult recordUsage(const UsageEntry &entry);
    // The ledger's entries finished in [from, to) (UTC), oldest first; all when both are invalid.
    QList<UsageEntry> usage(const QDateTime &from = {}, const QDateTime &to = {}) const;
    // How long the latest succeeded tasks of `key` took (DurationHistory::recent): what the
    // poll schedule is learnt from.
    DurationSamples recentDurations(const DurationKey &key,
                                    int limit = DurationHistory::DefaultLimit) const;

    // Reads.
    TaskRecord task(qint64 id) const; // with inputs and outputs; id 0 when absent
    QList<TaskRecord> unfinishedTasks() const; // state not finished, oldest first
    TaskRecord taskByServiceId(const QString &taskId) const;
    OutputRecord output(qint64 id) const; // id 0 when absent

    // Lineage (see lineage.h): what an output was made from, each input resolved to the gallery
    // output with its bytes when one is still here; the same for inputs read from a file's
    // provenance; and the saved outputs of the tasks made from these bytes, newest first.
    QList<LineageSource> madeFrom(qint64 outputId) const;
    QList<LineageSource> resolveInputs(const QList<RequestInput> &inputs) const;
    QList<LibraryEntry> usedIn(const QByteArray &sha256, int limit = 50,
                               qint64 excludeOutputId = 0) const;

    // The gallery: outputs (and tasks without outputs), newest task first, a task's outputs in
    // order. Each entry's task has its inputs, not its outputs.
    QList<LibraryEntry> findOutputs(const LibraryQuery &query) const;
    // The same entries one by one, read in small batches, for a caller that streams them (the
    // command line's history); stops when `visit` answers false.
    void forEachOutput(const LibraryQuery &query,
                       const std::function<bool(const LibraryEntry &)> &visit) const;
    // Ignores limit, offset and the keyset. The count of every row is kept until a write (here,
    // or seen from another process) may change it.
    int countOutputs(const LibraryQuery &query) const;
    // The same when an index answers it in a few milliseconds at any size (every row, a rare
    // search word, given tasks); nullopt when it would read every row (a search word of one or
    // two characters, a common one, only a model or a date): count those off the GUI thread.
    std::optional<int> quickCountOutputs(const LibraryQuery &query) const;
    // The query's rows by day or by task, in its order, each group with its number of rows: one
    // aggregate statement over the index of tasks by time, no row read (librarygroups.h).
    QList<GalleryGroup> galleryGroups(const LibraryQuery &query, GalleryGrouping by) const;
    // Tasks with at least one entry matching the query, with all their outputs (history, CLI).
    QList<TaskRecord> findTasks(const LibraryQuery &query) const;
    int countTasks(const LibraryQuery &query) const;

    // Every model name used, for filters: kept, and read again only after a task with a new
    // model is written, a deletion, or a change seen from another process.
    QStringList models() const;
    QList<QSize> sizes() const; // every requested size used
    // "ok", or SQLite's list of problems (PRAGMA integrity_check).
    QString integrityCheck() const;

    // Another process (the command line beside the window) may write to the same file. While
    // open, the library looks every `ms` (default 2000; 0: never) at SQLite's data_version and,
    // when someone else committed, emits taskStored/outputStored for the tasks and outputs that
    // are new or changed since the last look, then changedElsewhere(). Deletions elsewhere are
    // not reported (only this program deletes).
    void setExternalChangeInterval(int ms);
    bool checkForExternalChanges(); // the same look, now; true when something changed

signals:
    void taskStored(qint64 taskRowId);
    void outputStored(qint64 outputRowId);
    void outputsChanged(const QList<qint64> &outputRowIds); // favourite flag
    void outputsRemoved(const QList<qint64> &outputRowIds);
    void tasksRemoved(const QList<qint64> &taskRowIds);
    // Thumbnail keys (ThumbnailCache::keyFor) of removed outputs that no remaining one shares:
    // whoever keeps thumbnails removes them (GalleryModel does, with its ThumbnailCache).
    void thumbnailsObsolete(const QStringList &thumbnailKeys);
    void changedElsewhere();
    // The deferred check's answer: empty when the library is sound, else the sentence of a
    // damaged library (the same as a refused open), for a person.
    void integrityChecked(const QString &problem);

private:
    class Transaction;
    friend class Transaction;

    LibraryDb db() const;
    LibraryResult openConnection(const QString &absolutePath, bool readOnly, bool folderWritable);
    bool canDeferCheck() const; // already WAL and at this schema: open writes nothing
    void awaitIntegrityCheck(); // before the first write: the check's answer, now
    void takeIntegrityAnswer(const LibraryResult &answer);
    LibraryResult damagedFailure() const;
    LibraryResult prepareForWriting();
    LibraryResult checkReadableVersion() const;
    LibraryResult fail(const LibraryResult &result); // remembers it for lastError()
    LibraryResult readOnlyFailure() const;
    void afterCommit(std::function<void()> emission);
    LibraryResult deleteRows(bool outputs, const QList<qint64> &ids, bool deleteFiles);
    void forgetKeptReads(); // the kept model list and row count
    void noteModel(const QString &model); // forgets the model list when `model` is new to it

    QString m_connectionName;
    QString m_path;
    bool m_readOnly = false;
    QString m_lastError;
    int m_transactionDepth = 0;
    bool m_transactionFailed = false;
    LibraryResult m_transactionError; // the first failure inside the outermost transaction
    QList<std::function<void()>> m_pendingEmissions;
    ExternalChangeWatcher *m_watcher;
    bool m_checkPending = false; // open without the check; it has not answered yet
    QThread *m_checkThread = nullptr;
    std::shared_ptr<LibraryResult> m_checkAnswer; // written by the thread before it ends
    QString m_damage; // the sentence of a failed deferred check
    // Reads every search keystroke and task update would otherwise repeat (see models()).
    mutable std::optional<QStringList> m_models;
    mutable std::optional<int> m_allRows;
};
