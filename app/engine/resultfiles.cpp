#include "engine/resultfiles.h"

#include "domain/modelcatalog.h"
#include "library/videofile.h"
#include "platform/logging.h"
#include "protocol/taskresponse.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace {

constexpr int SlugMaxChars = 40;
constexpr int SlugMaxWords = 6;

} // namespace

namespace ResultFiles {

QString fileBaseName(const QDateTime &created, const QString &prompt, qint64 seed, int index)
{
    QString slug;
    int words = 0;
    bool separator = false;
    for (const QChar c : prompt) {
        if (c.isLetterOrNumber()) {
            if (separator && !slug.isEmpty()) {
                if (++words >= SlugMaxWords)
                    break;
                slug += QLatin1Char('-');
            }
            separator = false;
            slug += c.toLower();
        } else {
            separator = true;
        }
        if (slug.size() >= SlugMaxChars)
            break;
    }
    while (slug.endsWith(QLatin1Char('-')))
        slug.chop(1);
    if (slug.isEmpty())
        slug = QStringLiteral("image");

    const QDateTime when = created.isValid() ? created : QDateTime::currentDateTime();
    const QString suffix
            = seed >= 0 ? QString::number(seed) : QStringLiteral("image%1").arg(index + 1);
    return QStringLiteral("%1_%2_%3")
            .arg(when.toLocalTime().toString(QStringLiteral("yyyyMMdd-HHmmss")), slug, suffix);
}

QString fileBaseName(const TaskRecord &task, qint64 seed, int index, const QDateTime &now)
{
    return fileBaseName(task.createdAt.isValid() ? task.createdAt : now,
                        task.request.prompt.isEmpty() ? task.taskId : task.request.prompt, seed,
                        index);
}

QString uniqueFilePath(const QString &directory, const QString &baseName, const QString &extension,
                       const QSet<QString> &reserved)
{
    const QDir dir(directory);
    const QString dotExtension = extension.isEmpty() ? QString() : QLatin1Char('.') + extension;
    QString candidate = dir.absoluteFilePath(baseName + dotExtension);
    for (int n = 2; QFileInfo::exists(candidate) || reserved.contains(candidate); ++n)
        candidate = dir.absoluteFilePath(
                QStringLiteral("%1-%2%3").arg(baseName).arg(n).arg(dotExtension));
    return candidate;
}

namespace {

    // An MP4 at the planned path is ours when FFmpeg reads it whole (ftyp, moov, the streams):
    // Mp4Sink saved nothing else, and QSaveFile leaves no partial file under the final name.
    bool adoptPlannedVideo(OutputRecord *output)
    {
        const QString path = output->plannedPath;
        if (output->mediaType != QLatin1String("video/mp4"))
            return false;
        const VideoInfo info = VideoFile::probe(path);
        if (!info.valid)
            return false;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        QCryptographicHash hash(QCryptographicHash::Sha256);
        if (!hash.addData(&file))
            return false;
        output->filePath = QFileInfo(path).absoluteFilePath();
        output->pixelSize = info.pixelSize;
        output->durationMs = info.durationMs;
        output->bytes = file.size();
        output->sha256 = hash.result().toHex();
        output->errorCode.clear();
        output->errorMessage.clear();
        return true;
    }

} // namespace

bool adoptPlannedFile(const QSet<QString> &reserved, OutputRecord *output)
{
    const QString path = output->plannedPath;
    if (path.isEmpty() || reserved.contains(path))
        return false; // nothing planned, or being downloaded by this run
    if (output->isVideo())
        return adoptPlannedVideo(output);
    if (output->mediaType != QLatin1String("image/png"))
        return false; // the check of another format belongs with its sink
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    static const QByteArray iend = QByteArray::fromHex("0000000049454e44ae426082");
    const QByteArray head = file.peek(ImageMetadata::PngHeaderSize);
    const QSize size = ImageMetadata::pngSize(head);
    if (!ImageMetadata::isPng(head) || !size.isValid()
        || qint64(size.width()) * size.height() > ImageMetadata::MaxPixels)
        return false; // what PngSink would not have saved
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray tail;
    qint64 bytes = 0;
    while (!file.atEnd()) {
        const QByteArray piece = file.read(256 * 1024);
        if (piece.isEmpty())
            return false; // a read error: not a file to vouch for
        hash.addData(piece);
        bytes += piece.size();
        tail = (tail + piece).right(iend.size());
    }
    if (tail != iend)
        return false; // cut short: QSaveFile never leaves one, so it is not ours
    output->filePath = QFileInfo(path).absoluteFilePath();
    output->pixelSize = size;
    output->bytes = bytes;
    output->sha256 = hash.result().toHex();
    output->errorCode.clear();
    output->errorMessage.clear();
    return true;
}

void removeInterruptedSaves(const QString &path, const QString &taskId)
{
    const QFileInfo target(path);
    const QDir dir = target.absoluteDir();
    static const QRegularExpression temporarySuffix(QStringLiteral("^\\.[A-Za-z0-9]{6}$"));
    const QStringList names = dir.entryList({ target.fileName() + QStringLiteral(".*") },
                                            QDir::Files | QDir::Hidden | QDir::System);
    for (const QString &name : names) {
        if (!name.startsWith(target.fileName())
            || !temporarySuffix.match(name.mid(target.fileName().size())).hasMatch())
            continue;
        const QString leftover = dir.absoluteFilePath(name);
        bool ours = QFileInfo(leftover).size() == 0;
        if (!ours && !taskId.isEmpty()) {
            const std::optional<ImageProvenance> provenance = ImageMetadata::readFile(leftover);
            ours = provenance && provenance->taskId == taskId;
        }
        if (ours && QFile::remove(leftover))
            qCInfo(lcTasks).noquote() << "removed" << leftover << "left by an interrupted save";
    }
}

ImageProvenance provenance(const TaskRecord &task, const ImageResult &result, qint64 seed,
                           const QDateTime &now)
{
    ImageProvenance provenance;
    // The task's request as stored, with this image's own seed (the task's seed plus its
    // position).
    provenance.request = task.request;
    provenance.request.seed = seed >= 0 ? std::optional<qint64>(seed) : std::nullopt;
    provenance.actualPrompt = result.actualPrompt;
    provenance.region = regionId(task.endpoint.region);
    provenance.taskId = task.taskId;
    provenance.requestId = task.requestId;
    provenance.created = now;
    provenance.software = QStringLiteral("DashScope Studio %1").arg(QStringLiteral(STUDIO_VERSION));
    provenance.demo = task.demo;
    return provenance;
}

int resultLimit(const TaskRecord &task, const ModelCatalog &catalog)
{
    if (!task.request.model.isEmpty() && task.request.count > 0)
        return task.request.count; // submitted here: n is what was sent
    const ModelInfo model = catalog.model(task.request.model);
    return model.isValid() ? std::max(1, model.rules.maxCount) : MaxResultsOfUnknownTask;
}

} // namespace ResultFiles
