#include "engine/resultsaver.h"

#include "engine/mp4sink.h"
#include "engine/resultdownloader.h"
#include "engine/resultfiles.h"
#include "library/videofile.h"
#include "platform/logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QImage>
#include <QPointer>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

ResultSaver::ResultSaver(QNetworkAccessManager *network, QSet<QString> *reserved, QObject *parent)
    : QObject(parent), m_network(network), m_reserved(reserved)
{ }

ResultSaver::~ResultSaver()
{
    for (const QPointer<ResultDownloader> &downloader : std::as_const(m_downloads)) {
        if (downloader) {
            downloader->disconnect(this);
            delete downloader; // discards its temporary file
        }
    }
}

void ResultSaver::abort()
{
    m_stopped = true;
    m_pending.clear();
    for (const QPointer<ResultDownloader> &downloader : std::as_const(m_downloads)) {
        if (downloader) {
            downloader->disconnect(this);
            downloader->abort();
            downloader->deleteLater();
        }
    }
    m_downloads.clear();
    m_inFlightOutputs.clear();
    m_provenances.clear();
    for (const QString &path : std::as_const(m_paths))
        m_reserved->remove(path);
    m_paths.clear();
}

void ResultSaver::noteFailure(const ApiError &error)
{
    if (!m_firstImageError.isError())
        m_firstImageError = error;
}

void ResultSaver::start(const TaskRecord &task, const QList<ImageResult> &results,
                        const QString &requestId, const QString &directory)
{
    m_task = task;
    m_requestId = requestId;
    m_directory = directory;
    m_now = QDateTime::currentDateTimeUtc();
    m_resultCount = int(results.size());

    for (int index = 0; index < results.size(); ++index) {
        const ImageResult &result = results.at(index);
        const auto known = std::find_if(
                task.outputs.cbegin(), task.outputs.cend(),
                [index](const OutputRecord &output) { return output.index == index; });
        if (known != task.outputs.cend() && known->isSaved())
            continue; // saved before a restart

        OutputRecord output;
        output.taskRowId = task.id;
        output.index = index;
        output.mediaType = makesVideo(task.request.kind) ? QStringLiteral("video/mp4")
                                                         : QStringLiteral("image/png");
        output.seed = task.request.seed ? *task.request.seed + index : -1;
        output.actualPrompt = result.actualPrompt;
        output.remoteUrl = result.url;
        output.urlExpiry = ResultDownloader::urlExpiry(result.url);
        output.createdAt = m_now;
        if (known != task.outputs.cend())
            output.plannedPath = known->plannedPath; // an earlier run's download

        if (result.failed()) {
            // Per-image failure inside a SUCCEEDED task, e.g. DataInspectionFailed.
            output.errorCode = result.code;
            output.errorMessage = result.message;
            noteFailure(ApiError::fromTaskFailure(result.code, result.message, requestId));
            emit outputFinished(output);
            if (m_stopped)
                return;
            continue;
        }
        m_pending.append({ output, result });
    }
    startMore();
}

void ResultSaver::startMore()
{
    while (!m_stopped && !m_pending.isEmpty() && m_downloads.size() < MaxDownloadsAtOnce) {
        const Pending next = m_pending.takeFirst();
        OutputRecord output = next.output;
        const int index = output.index;
        if (ResultFiles::adoptPlannedFile(*m_reserved, &output)) {
            qCInfo(lcTasks).noquote() << "task" << m_task.id << "output" << index
                                      << "was saved before a restart:" << output.filePath;
            if (output.isVideo()) {
                // Its provenance and poster may not have been written before the restart.
                finishVideo(output,
                            ResultFiles::provenance(m_task, next.result, output.seed, m_now));
                continue;
            }
            emit outputFinished(output);
            continue;
        }
        // The planned path again when it is free (what the earlier run began there is gone or
        // was never completed); a new name when something else is there.
        const QString planned = output.plannedPath;
        QString path = planned;
        if (path.isEmpty() || QFileInfo::exists(path) || m_reserved->contains(path)) {
            const QString baseName = ResultFiles::fileBaseName(m_task, output.seed, index, m_now);
            path = ResultFiles::uniqueFilePath(
                    m_directory, baseName,
                    output.isVideo() ? QStringLiteral("mp4") : QStringLiteral("png"), *m_reserved);
        }
        ResultFiles::removeInterruptedSaves(path, m_task.taskId);
        m_reserved->insert(path);
        m_paths.insert(index, path);
        output.plannedPath = path;
        output.errorCode.clear(); // a retried failure is planned again, not failed
        output.errorMessage.clear();
        m_inFlightOutputs.insert(index, output);
        if (path != planned) {
            emit outputPlanned(output); // recorded before a byte is written
            if (m_stopped)
                return; // a receiver stopped the task: abort() released the path
        }

        auto *downloader = new ResultDownloader(m_network, this);
        if (output.isVideo()) {
            downloader->setSink(std::make_unique<Mp4Sink>());
            downloader->setMaxBytes(Mp4Sink::MaxBytes);
        }
        m_downloads.insert(index, downloader);
        connect(downloader, &ResultDownloader::finished, this,
                [this, index, downloader] { handleDownloadFinished(index, downloader); });
        const ImageProvenance provenance
                = ResultFiles::provenance(m_task, next.result, output.seed, m_now);
        m_provenances.insert(index, provenance);
        downloader->start(next.result.url, path, provenance);
    }
    if (!m_stopped && m_pending.isEmpty() && m_downloads.isEmpty() && m_finishing == 0) {
        m_stopped = true; // finished once
        emit finished();
    }
}

void ResultSaver::handleDownloadFinished(int index, ResultDownloader *downloader)
{
    downloader->deleteLater();
    m_downloads.remove(index);
    m_reserved->remove(m_paths.take(index));
    OutputRecord output = m_inFlightOutputs.take(index);
    const ImageProvenance provenance = m_provenances.take(index);

    const ApiError error = downloader->error();
    if (!error.isError()) {
        output.filePath = downloader->filePath();
        output.pixelSize = downloader->pixelSize();
        output.bytes = downloader->fileSize();
        output.sha256 = downloader->sha256();
        output.errorCode.clear();
        output.errorMessage.clear();
        if (output.isVideo()) {
            finishVideo(output, provenance);
            return;
        }
    } else {
        output.errorCode = ApiError::kindName(error.kind);
        output.errorMessage = error.message;
        if (error.kind == ApiError::Kind::Expired)
            ++m_expiredImages;
        noteFailure(error);
    }
    emit outputFinished(output);
    startMore();
}

namespace {

struct FinishedVideo
{
    VideoInfo info;
    QString posterPath;
    qint64 bytes = 0;
    QByteArray sha256;
    QString provenanceProblem;
};

// Off the event loop: a stream copy of the whole file, a decode for the poster.
FinishedVideo describeVideo(const QString &path, const QByteArray &provenanceJson,
                            const QString &posterPath)
{
    FinishedVideo done;
    // Our provenance in the comment tag, by stream copy: the streams stay bit-identical.
    if (const LibraryResult tagged = VideoFile::writeProvenance(path, provenanceJson); !tagged)
        done.provenanceProblem = tagged.message();
    done.info = VideoFile::probe(path);
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(&file);
        done.sha256 = hash.result().toHex();
        done.bytes = file.size();
    }
    const QImage poster = VideoFile::poster(path, QSize(512, 512));
    if (!poster.isNull() && QDir().mkpath(QFileInfo(posterPath).absolutePath())
        && poster.save(posterPath, "JPG", 85))
        done.posterPath = posterPath;
    return done;
}

} // namespace

QString ResultSaver::posterPathFor(const OutputRecord &output, const QByteArray &sha256) const
{
    QString cache = m_posterDirectory;
    if (cache.isEmpty())
        cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
                + QStringLiteral("/posters");
    const QString name = sha256.isEmpty() ? QStringLiteral("%1-%2").arg(m_task.id).arg(output.index)
                                          : QString::fromLatin1(sha256.left(32));
    return QDir(cache).absoluteFilePath(name + QStringLiteral(".jpg"));
}

void ResultSaver::finishVideo(OutputRecord output, const ImageProvenance &provenance)
{
    ++m_finishing;
    const QString path = output.filePath;
    const QByteArray json = ImageMetadata::provenanceJson(provenance);
    const QString posterPath = posterPathFor(output, output.sha256);
    auto *watcher = new QFutureWatcher<FinishedVideo>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, output]() mutable {
        watcher->deleteLater();
        --m_finishing;
        if (m_stopped)
            return;
        const FinishedVideo done = watcher->result();
        if (!done.provenanceProblem.isEmpty())
            qCWarning(lcTasks).noquote()
                    << "video" << output.filePath
                    << "saved without its provenance:" << done.provenanceProblem;
        if (done.info.valid) {
            output.pixelSize = done.info.pixelSize;
            output.durationMs = done.info.durationMs;
        }
        if (!done.sha256.isEmpty()) {
            output.sha256 = done.sha256;
            output.bytes = done.bytes;
        }
        output.posterPath = done.posterPath;
        emit outputFinished(output);
        startMore();
    });
    watcher->setFuture(QtConcurrent::run(describeVideo, path, json, posterPath));
}
