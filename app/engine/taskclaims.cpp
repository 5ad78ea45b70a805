#include "engine/taskclaims.h"

#include <QDir>
#include <QFileInfo>

TaskClaims::TaskClaims(const QString &libraryPath)
{
    if (!libraryPath.isEmpty())
        m_directory = QFileInfo(libraryPath).absolutePath() + QStringLiteral("/locks");
}

QString TaskClaims::lockFilePath(qint64 id) const
{
    if (m_directory.isEmpty())
        return {};
    return m_directory + QStringLiteral("/task-%1.lock").arg(id);
}

bool TaskClaims::claim(qint64 id, std::unique_ptr<QLockFile> *lock) const
{
    lock->reset();
    if (m_directory.isEmpty())
        return true; // nothing shared with other processes
    QDir().mkpath(m_directory);
    auto file = std::make_unique<QLockFile>(lockFilePath(id));
    // Held for as long as the task runs; only a holder that is gone (crashed, killed) makes it
    // stale.
    file->setStaleLockTime(0);
    if (!file->tryLock(0))
        return false;
    *lock = std::move(file);
    return true;
}
