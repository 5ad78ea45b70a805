// The library's integrity check (PRAGMA quick_check): at open, or deferred until after the
// window shows, on a read-only connection and thread of its own; writes wait for its answer.
#include "library/library.h"
#include "library/libraryreads.h"
#include "library/sqlsupport.h"
#include "platform/logging.h"

#include <QSqlQuery>
#include <QThread>
#include <memory>

bool Library::canDeferCheck() const
{
    // Only when open() will write nothing: journal mode already WAL, no migration to run.
    QSqlQuery q(db().database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("PRAGMA journal_mode")) || !q.next()
        || q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return false;
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return false;
    return q.value(0).toInt() == SchemaVersion;
}

void Library::startIntegrityCheck()
{
    if (!m_checkPending || m_checkThread)
        return;
    auto answer = std::make_shared<LibraryResult>();
    m_checkAnswer = answer;
    const QString path = m_path;
    // Its own read-only connection: WAL lets it read beside this one (and any writer).
    m_checkThread
            = QThread::create([answer, path] { *answer = LibraryReads::quickCheckFile(path); });
    m_checkThread->setObjectName(QStringLiteral("library check"));
    connect(m_checkThread, &QThread::finished, this, [this, answer] {
        if (answer == m_checkAnswer)
            takeIntegrityAnswer(*answer);
    });
    m_checkThread->start(QThread::LowPriority);
}

void Library::awaitIntegrityCheck()
{
    if (!m_checkPending)
        return;
    startIntegrityCheck();
    const std::shared_ptr<LibraryResult> answer = m_checkAnswer; // outlives the reset in take
    m_checkThread->wait();
    takeIntegrityAnswer(*answer);
}

void Library::takeIntegrityAnswer(const LibraryResult &answer)
{
    if (!m_checkPending)
        return; // answered already (a write waited for it)
    m_checkPending = false;
    if (m_checkThread) {
        m_checkThread->wait();
        m_checkThread->deleteLater();
        m_checkThread = nullptr;
    }
    m_checkAnswer.reset();
    if (answer) {
        qCInfo(lcLibrary).noquote() << "library checked:" << m_path;
        emit integrityChecked({});
        return;
    }
    m_damage = answer.message();
    m_lastError = m_damage;
    qCWarning(lcLibrary).noquote() << "library damaged:" << m_path << ":" << m_damage;
    emit integrityChecked(m_damage);
}

LibraryResult Library::damagedFailure() const
{
    return LibraryResult::failure(m_damage, QStringLiteral("SQLITE_CORRUPT"));
}

QString Library::integrityCheck() const
{
    return LibraryReads::integrityCheck(db());
}
