// ImageViewer's work off the GUI thread: decoding an image (and what it was made from), reading a
// file's provenance and hash. Touches only its job, never the widget.

#include "library/videofile.h"
#include "widgets/imageviewer.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>

namespace {

// On a worker thread: the image at `path`, or null with why in `error`.
QImage readImage(const QString &path, QString *error)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    // The same bound as downloads: a header may declare far more than the file holds.
    reader.setAllocationLimit(int(ImageMetadata::MaxPixels * 4 / (1024 * 1024)));
    const QSize size = reader.size();
    if (size.isValid() && qint64(size.width()) * size.height() > ImageMetadata::MaxPixels) {
        *error = ImageViewer::tr("at %1 × %2 pixels it is larger than the viewer can show.")
                         .arg(size.width())
                         .arg(size.height());
        return {};
    }
    const QImage image = reader.read();
    if (!image.isNull())
        return image;
    switch (reader.error()) {
    case QImageReader::FileNotFoundError:
        *error = ImageViewer::tr("the file is not there any more.");
        break;
    case QImageReader::DeviceError:
        *error = ImageViewer::tr("the file cannot be read (check its permissions).");
        break;
    case QImageReader::UnsupportedFormatError:
        *error = ImageViewer::tr("it is not an image this program can read.");
        break;
    case QImageReader::InvalidDataError:
        *error = ImageViewer::tr("the image data is damaged or incomplete.");
        break;
    default:
        *error = reader.errorString();
        break;
    }
    return {};
}

QByteArray fileSha256(const QString &path)
{
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return hash.result().toHex();
}

// The one image input of `provenance` still at its recorded path (a mask is not one).
QString beforeOf(const std::optional<ImageProvenance> &provenance)
{
    if (!provenance)
        return {};
    const QList<RequestInput> images = provenance->request.inputsWith(InputRole::Image);
    if (images.size() != 1 || !QFileInfo(images.first().localPath).isFile())
        return {};
    return images.first().localPath;
}

} // namespace

QImage ImageViewer::readImageFile(const QString &path, QString *error)
{
    return readImage(path, error);
}

ImageViewer::Decoded ImageViewer::decode(const DecodeJob &job)
{
    Decoded decoded;
    decoded.generation = job.generation;
    decoded.metadataRead = job.readMetadata;
    if (job.readMetadata)
        decoded.sha256 = fileSha256(job.path); // where it was used, in this library
    if (job.video) {
        // Our MP4s carry the same JSON as our PNGs, in their comment tag.
        decoded.video = true;
        if (job.readMetadata) {
            if (const auto json = VideoFile::readProvenance(job.path))
                decoded.provenance = ImageMetadata::fromProvenanceJson(*json);
        }
        const VideoInfo info = VideoFile::probe(job.path);
        decoded.videoSize = info.pixelSize;
        decoded.videoDurationMs = info.durationMs;
        return decoded;
    }
    QString beforePath = job.beforePath;
    if (job.readMetadata) {
        decoded.provenance = ImageMetadata::readFile(job.path); // bounded: chunks, inflate, text
        beforePath = beforeOf(decoded.provenance);
    }
    decoded.image = readImage(job.path, &decoded.error);
    if (!decoded.image.isNull() && !beforePath.isEmpty()) {
        QString ignored; // no comparison then: the image itself is shown
        decoded.before = readImage(beforePath, &ignored);
    }
    return decoded;
}
