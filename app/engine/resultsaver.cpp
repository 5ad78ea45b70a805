#include "engine/resultsaver.h"

#include "engine/resultdownloader.h"
#include "engine/resultfiles.h"
#include "platform/logging.h"

#include <QFileInfo>
#include <QPointer>
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
        output.mediaType = QStringLiteral("image/png");
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
            emit outputFinished(output);
            continue;
        }
        // The planned path again when it is free (what the earlier run began there is gone or
        // was never completed); a new name when something else is there.
        const QString planned = output.plannedPath;
        QString path = planned;
        if (path.isEmpty() || QFileInfo::exists(path) || m_reserved->contains(path)) {
            const QString baseName = ResultFiles::fileBaseName(m_task, output.seed, index, m_now);
            path = ResultFiles::uniqueFilePath(m_directory, baseName, QStringLiteral("png"),
                                               *m_reserved);
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
        m_downloads.insert(index, downloader);
        connect(downloader, &ResultDownloader::finished, this,
                [this, index, downloader] { handleDownloadFinished(index, downloader); });
        downloader->start(next.result.url, path,
                          ResultFiles::provenance(m_task, next.result, output.seed, m_now));
    }
    if (!m_stopped && m_pending.isEmpty() && m_downloads.isEmpty()) {
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

    const ApiError error = downloader->error();
    if (!error.isError()) {
        output.filePath = downloader->filePath();
        output.pixelSize = downloader->pixelSize();
        output.bytes = downloader->fileSize();
        output.sha256 = downloader->sha256();
        output.errorCode.clear();
        output.errorMessage.clear();
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
