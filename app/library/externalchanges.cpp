#include "library/externalchanges.h"

#include "library/rowcodec.h"
#include "platform/logging.h"

#include <QSqlQuery>

namespace {

qint64 singleNumber(const LibraryDb &db, const QString &sql)
{
    QSqlQuery q(db.database());
    q.setForwardOnly(true);
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : 0;
}

QList<qint64> ids(const LibraryDb &db, const QString &sql, const QVariantList &values)
{
    QList<qint64> result;
    QSqlQuery q(db.database());
    q.setForwardOnly(true);
    if (LibrarySql::run(db, q, sql, values, "looking for changes elsewhere")) {
        while (q.next())
            result.append(q.value(0).toLongLong());
    }
    return result;
}

} // namespace

ExternalChangeWatcher::ExternalChangeWatcher(std::function<bool()> busy, QObject *parent)
    : QObject(parent), m_busy(std::move(busy)), m_timer(new QTimer(this))
{
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &ExternalChangeWatcher::check);
}

void ExternalChangeWatcher::setInterval(int ms)
{
    m_timer->setInterval(qMax(0, ms));
    if (ms > 0 && m_active)
        m_timer->start();
    else
        m_timer->stop();
}

void ExternalChangeWatcher::start(const LibraryDb &db)
{
    m_db = db;
    m_active = true;
    remember();
    if (m_timer->interval() > 0)
        m_timer->start();
}

void ExternalChangeWatcher::stop()
{
    m_active = false;
    m_timer->stop();
}

void ExternalChangeWatcher::remember()
{
    // data_version changes when another connection commits, never for our own commits.
    m_dataVersion = singleNumber(m_db, QStringLiteral("PRAGMA data_version"));
    m_seenTaskId = singleNumber(m_db, QStringLiteral("SELECT coalesce(max(id), 0) FROM tasks"));
    m_seenOutputId = singleNumber(m_db, QStringLiteral("SELECT coalesce(max(id), 0) FROM outputs"));
    // With a margin: a commit racing with this look, or another clock's rounding, is then
    // reported twice rather than never (a repeated taskStored is harmless).
    m_seenTime = RowCodec::utcTime(QDateTime::currentDateTimeUtc().addSecs(-10)).toString();
}

bool ExternalChangeWatcher::check()
{
    if (!m_active || (m_busy && m_busy()))
        return false;
    const qint64 version = singleNumber(m_db, QStringLiteral("PRAGMA data_version"));
    if (version == m_dataVersion)
        return false;

    // Remembered before reading, so a commit racing with this look is seen the next time.
    const QString since = m_seenTime;
    const qint64 seenTasks = m_seenTaskId;
    const qint64 seenOutputs = m_seenOutputId;
    remember();

    const QList<qint64> tasks = ids(
            m_db,
            QStringLiteral("SELECT id FROM tasks WHERE id > ? OR updated_at >= ? ORDER BY id"),
            { seenTasks, since });
    // Updated ones too: a download saves into the row planned before it started.
    const QList<qint64> outputs = ids(
            m_db,
            QStringLiteral("SELECT id FROM outputs WHERE id > ? OR updated_at >= ? ORDER BY id"),
            { seenOutputs, since });
    qCDebug(lcLibrary) << "changed elsewhere:" << tasks.size() << "tasks," << outputs.size()
                       << "outputs";
    for (qint64 id : tasks)
        emit taskStored(id);
    for (qint64 id : outputs)
        emit outputStored(id);
    emit changedElsewhere();
    return true;
}
