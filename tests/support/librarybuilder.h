#pragma once

// Fills a test's library with done tasks and their images, made at given local times, for the
// suites of the gallery's groups (by day, by task). The files are named, never written: the
// groups read the rows alone.

#include "library/library.h"

#include <QDate>
#include <QDateTime>
#include <QDebug>
#include <QDir>
#include <QList>
#include <QSize>
#include <QString>
#include <QTime>

class LibraryBuilder
{
public:
    // `folder` is where the images would be (the test's temporary folder).
    LibraryBuilder(Library *library, const QString &folder) : m_library(library), m_folder(folder)
    { }

    // A done task made at `local` (local time) with `images` saved images, the first of them a
    // favourite, and `failed` outputs after them that are not results (never counted).
    TaskRecord addTask(const QDateTime &local, int images, const QString &prompt, int failed = 0)
    {
        TaskRecord task;
        task.request.model = QStringLiteral("wan2.2-t2i-flash");
        task.request.prompt = prompt;
        task.state = TaskState::Done;
        task.taskId = QStringLiteral("task-") + prompt;
        task.createdAt = local.toUTC();
        if (!m_library->addTask(&task))
            qWarning() << "addTask:" << m_library->lastError();
        for (int i = 0; i < images + failed; ++i) {
            OutputRecord output;
            output.taskRowId = task.id;
            output.index = i;
            if (i < images) {
                output.filePath
                        = QDir(m_folder).filePath(QStringLiteral("%1-%2.png").arg(task.id).arg(i));
                output.pixelSize = QSize(64, 64);
            } else {
                output.errorCode = QStringLiteral("Failed");
            }
            output.createdAt = task.createdAt.addSecs(1);
            output.favourite = i == 0;
            if (!m_library->addOutput(&output))
                qWarning() << "addOutput:" << m_library->lastError();
        }
        return task;
    }

    // Three days up to `now` (a time of today): today two tasks (2 and 1 images, made just before
    // `now`), yesterday one (3, at 23:00), four days ago one (2, at 9:00). Newest first.
    QList<TaskRecord> fillThreeDays(const QDateTime &now)
    {
        const QDate today = now.date();
        QList<TaskRecord> tasks;
        tasks.prepend(addTask(QDateTime(today.addDays(-4), QTime(9, 0)), 2, QStringLiteral("old")));
        tasks.prepend(addTask(QDateTime(today.addDays(-1), QTime(23, 0)), 3,
                              QStringLiteral("yesterday")));
        tasks.prepend(addTask(now.addSecs(-2), 2, QStringLiteral("a lighthouse\nat night")));
        tasks.prepend(addTask(now.addSecs(-1), 1, QStringLiteral("a cat")));
        return tasks;
    }

private:
    Library *m_library;
    QString m_folder;
};
