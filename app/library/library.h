#pragma once

#include "domain/taskrecord.h"

#include <QDate>
#include <QList>
#include <QObject>
#include <QSize>
#include <QString>
#include <QTimer>
#include <functional>
#include <optional>

// What to look for in the library. Every field narrows the result; the defaults find everything.
struct LibraryQuery
{
    // Words in the prompt, negative prompt or actual prompt (substrings, any case, any script;
    // every word must match). "double quotes" keep a phrase together.
    QString text;
    QString model; // exact model name; empty: any
    QSize size; // requested size; invalid: any
    QDate from; // creation date in local time, inclusive; null: open
    QDate to; // inclusive; null: open
    QList<TaskState> states; // empty: any state
    bool favouritesOnly = false;
    bool savedOnly
            = false; // only images whose file was saved (no failed images, no tasks without images)
    bool newestFirst = true;
    int limit = -1; // -1: no limit
    int offset = 0;
    QList<qint64> taskRowIds; // restrict to these tasks; empty: all
};

// One gallery entry: an image slot of a task, or a task that has no image rows at all (queued,
// running, failed, expired): then image.id is 0. `task.images` is left empty.
struct LibraryEntry
{
    TaskRecord task;
    ImageRecord image;

    bool hasImage() const { return image.id != 0; }
};

Q_DECLARE_METATYPE(LibraryEntry)

// The local library: one SQLite database (QtSql, WAL) holding every task and image ever made.
// The single source of truth for what exists; files on disk are referenced from it.
// Thread: GUI thread only (one QSqlDatabase connection, named per instance). Several processes
// (the window and the command line) may use the same file at once; SQLite serializes writers.
class Library final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Library)

public:
    static constexpr int SchemaVersion = 3; // PRAGMA user_version written by open()

    explicit Library(QObject *parent = nullptr);
    ~Library() override;

    static QString defaultPath(); // <AppDataLocation>/library.sqlite3

    // Opens (creating and migrating as needed). false + *error with a sentence for a person.
    bool open(const QString &databasePath, QString *error = nullptr);
    void close();
    bool isOpen() const;
    QString path() const;
    QString lastError() const; // of the last failed write, for logs and status bars

    // Writes. Each is one transaction, committed before it returns.
    bool addTask(TaskRecord *task); // inserts; sets task->id (before any network call)
    bool updateTask(const TaskRecord &task); // state, task_id, request_id, times, error, usage
    bool addImage(ImageRecord *image); // inserts or replaces (task, index); sets image->id
    // Runs `work` as one transaction: the writes inside commit together (or not at all when
    // `work` returns false) and signals are emitted after the commit. For imports and benchmarks.
    bool runInTransaction(const std::function<bool()> &work);

    bool setFavourite(const QList<qint64> &imageIds, bool favourite);
    // Removes the image rows and, with deleteFiles, their files (after the rows are gone, so a
    // crash leaves at worst an unreferenced file). A task whose last image is removed is removed
    // too. Missing files are not an error; files that cannot be removed are (see lastError()).
    bool deleteImages(const QList<qint64> &imageIds, bool deleteFiles);
    bool deleteTasks(const QList<qint64> &taskRowIds, bool deleteFiles); // with their images

    // Reads.
    TaskRecord task(qint64 id) const; // with images; id 0 when absent
    QList<TaskRecord> unfinishedTasks() const; // state not finished, oldest first
    TaskRecord taskByServiceId(const QString &taskId) const;
    ImageRecord image(qint64 id) const; // id 0 when absent

    // The gallery: images (and tasks without images), newest task first, a task's images in order.
    QList<LibraryEntry> findImages(const LibraryQuery &query) const;
    int countImages(const LibraryQuery &query) const; // ignores limit and offset
    // Tasks with at least one entry matching the query, with all their images (history, CLI).
    QList<TaskRecord> findTasks(const LibraryQuery &query) const;
    int countTasks(const LibraryQuery &query) const;

    QStringList models() const; // every model name used, for filters
    QList<QSize> sizes() const; // every requested size used
    // "ok", or SQLite's list of problems (PRAGMA integrity_check).
    QString integrityCheck() const;

    // Another process (the command line beside the window) may write to the same file. While
    // open, the library looks every `ms` (default 2000; 0: never) at SQLite's data_version and,
    // when someone else committed, emits taskStored/imageStored for the tasks and images that
    // are new or changed since the last look, then changedElsewhere(). Deletions elsewhere are
    // not reported (only this program deletes).
    void setExternalChangeInterval(int ms);
    bool checkForExternalChanges(); // the same look, now; true when something changed

signals:
    void taskStored(qint64 taskRowId);
    void imageStored(qint64 imageRowId);
    void imagesChanged(const QList<qint64> &imageRowIds); // favourite flag
    void imagesRemoved(const QList<qint64> &imageRowIds);
    void tasksRemoved(const QList<qint64> &taskRowIds);
    void changedElsewhere();

private:
    class Transaction;
    friend class Transaction;

    bool migrate(QString *error);
    bool execute(const QString &sql) const;
    void setLastError(const QString &message) const;
    void afterCommit(std::function<void()> emission);
    QList<qint64> taskIdsOfImages(const QList<qint64> &imageIds) const;
    QString connectionName() const { return m_connectionName; }

    QString m_connectionName;
    QString m_path;
    mutable QString m_lastError;
    int m_transactionDepth = 0;
    bool m_transactionFailed = false;
    QList<std::function<void()>> m_pendingEmissions;
    // Watching for other processes' writes.
    void rememberExternalState();
    QTimer *m_watchTimer;
    qint64 m_dataVersion = 0;
    qint64 m_seenTaskId = 0;
    qint64 m_seenImageId = 0;
    QString m_seenTime; // UTC ISO text, compared with updated_at
};
