#include "library/librarycounter.h"

#include "library/libraryreads.h"
#include "library/sqlsupport.h"
#include "platform/logging.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QThread>

namespace {

QAtomicInteger<quint64> counterConnections;

} // namespace

LibraryCounter::LibraryCounter(QObject *parent) : QObject(parent)
{
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("library counter"));
    m_thread->start(QThread::IdlePriority); // only when the GUI thread leaves a core free
}

LibraryCounter::~LibraryCounter()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_pending.reset();
    }
    m_wake.notify_all();
    m_thread->wait();
    delete m_thread;
}

quint64 LibraryCounter::count(const QString &databasePath, const LibraryQuery &query)
{
    return request(Request { databasePath, query, 0, GalleryGrouping::None });
}

quint64 LibraryCounter::group(const QString &databasePath, const LibraryQuery &query,
                              GalleryGrouping by)
{
    return request(Request { databasePath, query, 0, by });
}

quint64 LibraryCounter::request(Request request)
{
    quint64 serial = 0;
    {
        const std::lock_guard lock(m_mutex);
        serial = ++m_serial;
        request.serial = serial;
        m_pending = std::move(request);
    }
    m_wake.notify_all();
    return serial;
}

void LibraryCounter::run()
{
    // The connection belongs to this thread: made, used and removed here.
    const QString name = QStringLiteral("studio-counter-%1").arg(++counterConnections);
    QString openPath;
    while (true) {
        Request request;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || m_pending.has_value(); });
            if (m_stopping)
                break;
            request = std::move(*m_pending);
            m_pending.reset();
        }
        if (request.path != openPath) {
            if (QSqlDatabase::contains(name))
                QSqlDatabase::removeDatabase(name);
            QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            database.setDatabaseName(request.path);
            database.setConnectOptions(
                    QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
            if (!database.open()) {
                qCWarning(lcLibrary).noquote()
                        << "cannot count in" << request.path << ":" << database.lastError().text();
                openPath.clear();
                QMetaObject::invokeMethod(
                        this,
                        [this, serial = request.serial, grouping = request.grouping] {
                            if (grouping == GalleryGrouping::None)
                                emit counted(serial, -1);
                            else
                                emit grouped(serial, {});
                        },
                        Qt::QueuedConnection);
                continue;
            }
            openPath = request.path;
        }
        if (request.grouping != GalleryGrouping::None) {
            QList<GalleryGroup> groups = LibraryGroups::galleryGroups(
                    LibraryDb { name, openPath }, request.query, request.grouping);
            QMetaObject::invokeMethod(
                    this,
                    [this, serial = request.serial, groups = std::move(groups)] {
                        emit grouped(serial, groups);
                    },
                    Qt::QueuedConnection);
            continue;
        }
        const int count = LibraryReads::countOutputs(LibraryDb { name, openPath }, request.query);
        // Delivered on this object's thread; dropped with the object if it is gone by then.
        QMetaObject::invokeMethod(
                this, [this, serial = request.serial, count] { emit counted(serial, count); },
                Qt::QueuedConnection);
    }
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase::database(name, false).close();
        QSqlDatabase::removeDatabase(name);
    }
}
