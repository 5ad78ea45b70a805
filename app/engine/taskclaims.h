#pragma once

#include <QLockFile>
#include <QString>
#include <memory>

// The window, `resume` and `fetch` share one library: each task is followed by one process at a
// time, the one holding its lock file, locks/task-<row id>.lock beside the library's database.
class TaskClaims final
{
public:
    // An empty path: no library, nothing shared with other processes, every claim succeeds.
    explicit TaskClaims(const QString &libraryPath = QString());

    QString directory() const { return m_directory; } // empty without a library
    QString lockFilePath(qint64 id) const;

    // True when this process may follow task `id`, with *lock holding the claim until it is
    // destroyed (null when nothing is shared). False when another running process holds it. A
    // lock left by a process that is gone (crashed, killed) is taken over.
    bool claim(qint64 id, std::unique_ptr<QLockFile> *lock) const;

private:
    QString m_directory;
};
