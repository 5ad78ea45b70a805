#include "engine/resultsaver.h"

#include "engine/resultdownloader.h"
#include "engine/resultfiles.h"
#include "platform/logging.h"

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
    m_inFlightImages.clear();
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
        const bool savedBefore = std::any_of(task.outputs.cbegin(), task.outputs.cend(),
                                             [index](const OutputRecord &image) {
                                                 return image.index == index && image.isSaved();
                                             });
        if (savedBefore)
            continue; // saved before a restart

        OutputRecord image;
        image.taskRowId = task.id;
        image.index = index;
        image.seed = task.request.seed ? *task.request.seed + index : -1;
        image.actualPrompt = result.actualPrompt;
        image.remoteUrl = result.url;
        image.urlExpiry = ResultDownloader::urlExpiry(result.url);
        image.createdAt = m_now;

        if (result.failed()) {
            // Per-image failure inside a SUCCEEDED task, e.g. DataInspectionFailed.
            image.errorCode = result.code;
            image.errorMessage = result.message;
            noteFailure(ApiError::fromTaskFailure(result.code, result.message, requestId));
            emit imageFinished(image);
            if (m_stopped)
                return;
            continue;
        }
        m_pending.append({ image, result });
    }
    startMore();
}

void ResultSaver::startMore()
{
    while (!m_stopped && !m_pending.isEmpty() && m_downloads.size() < MaxDownloadsAtOnce) {
        const Pending next = m_pending.takeFirst();
        OutputRecord image = next.image;
        const int index = image.index;
        const QString baseName = ResultFiles::fileBaseName(m_task, image.seed, index, m_now);
        if (ResultFiles::findUnrecordedFile(m_directory, baseName, m_task.taskId, *m_reserved,
                                            &image)) {
            qCInfo(lcTasks).noquote() << "task" << m_task.id << "image" << index
                                      << "was saved before a restart:" << image.filePath;
            emit imageFinished(image);
            continue;
        }
        const QString path = ResultFiles::uniqueFilePath(m_directory, baseName,
                                                         QStringLiteral("png"), *m_reserved);
        ResultFiles::removeInterruptedSaves(path, m_task.taskId);
        m_reserved->insert(path);
        m_paths.insert(index, path);
        m_inFlightImages.insert(index, image);

        auto *downloader = new ResultDownloader(m_network, this);
        m_downloads.insert(index, downloader);
        connect(downloader, &ResultDownloader::finished, this,
                [this, index, downloader] { handleDownloadFinished(index, downloader); });
        downloader->start(next.result.url, path,
                          ResultFiles::provenance(m_task, next.result, image.seed, m_now));
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
    OutputRecord image = m_inFlightImages.take(index);

    const ApiError error = downloader->error();
    if (!error.isError()) {
        image.filePath = downloader->filePath();
        image.pixelSize = downloader->pixelSize();
        image.bytes = downloader->fileSize();
        image.sha256 = downloader->sha256();
        image.errorCode.clear();
        image.errorMessage.clear();
    } else {
        image.errorCode = ApiError::kindName(error.kind);
        image.errorMessage = error.message;
        if (error.kind == ApiError::Kind::Expired)
            ++m_expiredImages;
        noteFailure(error);
    }
    emit imageFinished(image);
    startMore();
}
