#pragma once

#include "library/sqlsupport.h"

#include <QObject>
#include <QTimer>
#include <functional>

// Notices what other processes (the command line beside the window) commit to the same library
// file. Every interval it looks at SQLite's data_version, which changes only when another
// connection commits; then it reports tasks and outputs that are new or changed since its last
// look. Deletions elsewhere are not reported (only the window deletes).
class ExternalChangeWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExternalChangeWatcher)

public:
    // `busy` answers true while a look must wait (the owner is inside a transaction).
    explicit ExternalChangeWatcher(std::function<bool()> busy, QObject *parent = nullptr);

    void setInterval(int ms); // 0: never by itself
    int interval() const { return m_timer->interval(); }
    void start(const LibraryDb &db); // remembers the state now; looks by itself from then on
    void stop();
    bool check(); // one look now; true when something changed

signals:
    void taskStored(qint64 taskRowId);
    void outputStored(qint64 outputRowId);
    void changedElsewhere();

private:
    void remember();

    std::function<bool()> m_busy;
    QTimer *m_timer;
    LibraryDb m_db;
    bool m_active = false;
    qint64 m_dataVersion = 0;
    qint64 m_seenTaskId = 0;
    qint64 m_seenOutputId = 0;
    QString m_seenTime; // UTC ISO text, compared with updated_at
};
