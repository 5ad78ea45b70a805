#pragma once

#include "taskrecord.h"

#include <QList>
#include <QObject>
#include <QString>

// The local library: one SQLite database (QtSql, WAL) holding every task and image ever made.
// The single source of truth for what exists; files on disk are referenced from it.
// Thread: GUI thread only (one QSqlDatabase connection, named per instance).
class Library final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Library)

public:
    explicit Library(QObject *parent = nullptr);
    ~Library() override;

    static QString defaultPath(); // <AppDataLocation>/library.sqlite3

    // Opens (creating and migrating as needed). false + *error with a sentence for a person.
    bool open(const QString &databasePath, QString *error = nullptr);
    bool isOpen() const;
    QString path() const;

    // Writes. Each is one transaction, committed before it returns.
    bool addTask(TaskRecord *task);          // inserts; sets task->id (before any network call)
    bool updateTask(const TaskRecord &task); // state, task_id, request_id, times, error, usage
    bool addImage(ImageRecord *image);       // inserts or replaces (task, index); sets image->id

    // Reads.
    TaskRecord task(qint64 id) const;                       // with images; id 0 when absent
    QList<TaskRecord> unfinishedTasks() const;              // state not finished, oldest first
    TaskRecord taskByServiceId(const QString &taskId) const;

signals:
    void taskStored(qint64 taskRowId);
    void imageStored(qint64 imageRowId);
};
