#pragma once

#include "domain/apierror.h"
#include "domain/taskrecord.h"
#include "library/imagemetadata.h"
#include "protocol/taskresponse.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

class QNetworkAccessManager;
class ResultDownloader;

// Saves the results of one task that SUCCEEDED into files named by ResultFiles, a few at a time:
// at most MaxDownloadsAtOnce downloads are in flight, and each opens its file only when it starts,
// so a task with many results never holds many files open. Before a download starts, its path is
// announced by outputPlanned() (the library records it, so a crash from then on can be recovered
// from); a file an interrupted earlier run completed at its planned path is taken as it is. Every
// result is reported once, saved or failed, by outputFinished(); finished() follows the last.
// Signals may come from inside start().
class ResultSaver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResultSaver)

public:
    static constexpr int MaxDownloadsAtOnce = 4;

    // `reserved` holds the paths being written by every saver of the program (so two never pick
    // one name); it must outlive this saver's downloads.
    ResultSaver(QNetworkAccessManager *network, QSet<QString> *reserved, QObject *parent = nullptr);
    ~ResultSaver() override; // downloads in flight stop; their temporary files go

    // Saves `results` (the ones to take, already bounded) of `task` into `directory`. Results
    // task.outputs holds as saved (before a restart) are skipped; one it holds with a planned
    // path is looked for there first, and downloaded there again when it is absent.
    void start(const TaskRecord &task, const QList<ImageResult> &results, const QString &requestId,
               const QString &directory);
    // Where video posters go (default: the cache folder's "posters"); set before start().
    void setPosterDirectory(const QString &directory) { m_posterDirectory = directory; }
    // Stops every download; no signal follows.
    void abort();

    int resultCount() const { return m_resultCount; }
    int expiredImages() const { return m_expiredImages; } // links that had expired (OSS 403)
    ApiError firstImageError() const { return m_firstImageError; }
    int downloadsInFlight() const { return int(m_downloads.size()); }

signals:
    // Synchronous for the receiver (a direct connection): the download starts once it returns.
    void outputPlanned(const OutputRecord &output);
    void outputFinished(const OutputRecord &output);
    void finished();

private:
    struct Pending
    {
        OutputRecord output; // what is known before the file is saved
        ImageResult result;
    };

    void startMore();
    void handleDownloadFinished(int index, ResultDownloader *downloader);
    void noteFailure(const ApiError &error);
    // A downloaded video: provenance written (stream copy), probed and its poster extracted on a
    // worker thread; outputFinished() follows.
    void finishVideo(OutputRecord output, const ImageProvenance &provenance);
    QString posterPathFor(const OutputRecord &output, const QByteArray &sha256) const;

    QNetworkAccessManager *m_network;
    QSet<QString> *m_reserved;
    TaskRecord m_task;
    QString m_requestId;
    QString m_directory;
    QDateTime m_now;
    QList<Pending> m_pending; // not started yet, in order
    QHash<int, QPointer<ResultDownloader>> m_downloads; // in flight, by result index
    QHash<int, OutputRecord> m_inFlightOutputs;
    QHash<int, ImageProvenance> m_provenances; // written into each file (PNG chunks, MP4 tag)
    QHash<int, QString> m_paths; // reserved for the downloads in flight
    QString m_posterDirectory;
    int m_finishing = 0; // videos being described on a worker thread
    int m_resultCount = 0;
    int m_expiredImages = 0;
    ApiError m_firstImageError;
    bool m_stopped = false;
};
