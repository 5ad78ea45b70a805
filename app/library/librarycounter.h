#pragma once

#include "library/librarygroups.h"
#include "library/libraryquery.h"

#include <QObject>
#include <QString>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

class QThread;

// Counts the gallery's rows for a query on a thread of its own, over a read-only connection of
// its own (SQLite in WAL mode reads beside the writer), so a count that reads every row (a search
// word of one or two characters, which the trigram index cannot serve) never holds up typing.
// It also groups them (View > Group Gallery By: LibraryGroups::galleryGroups). Only the latest
// request is answered: one made while another is waiting replaces it (a count and a grouping
// wanted together need a counter each).
class LibraryCounter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LibraryCounter)

public:
    explicit LibraryCounter(QObject *parent = nullptr);
    ~LibraryCounter() override; // waits for a count under way

    // Counts the rows of `query` in the library file `databasePath` (countOutputs); counted()
    // follows with the returned serial, on this object's thread. -1 when the count failed.
    quint64 count(const QString &databasePath, const LibraryQuery &query);
    // Groups the rows of `query` (Library::galleryGroups); grouped() follows with the serial.
    // No groups when it failed.
    quint64 group(const QString &databasePath, const LibraryQuery &query, GalleryGrouping by);

signals:
    void counted(quint64 serial, int count);
    void grouped(quint64 serial, const QList<GalleryGroup> &groups);

private:
    struct Request
    {
        QString path;
        LibraryQuery query;
        quint64 serial = 0;
        GalleryGrouping grouping = GalleryGrouping::None; // None: a count
    };
    quint64 request(Request request);
    void run(); // the thread's loop

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::optional<Request> m_pending;
    bool m_stopping = false;
    quint64 m_serial = 0;
    QThread *m_thread = nullptr;
};
