#include "library/thumbnailcache.h"

#include "library/videofile.h"
#include "platform/logging.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QRunnable>
#include <QSaveFile>
#include <QStandardPaths>
#include <climits>

namespace {

// A still image scaled down while decoding where the format allows it (JPEG).
QImage readScaled(const QString &source, int edge)
{
    QImageReader reader(source);
    reader.setAutoTransform(true);
    const QSize full = reader.size();
    if (full.isValid() && (full.width() > edge || full.height() > edge))
        reader.setScaledSize(full.scaled(edge, edge, Qt::KeepAspectRatio)); // JPEG decodes smaller
    QImage image = reader.read();
    if (image.isNull())
        qCDebug(lcLibrary).noquote() << "no thumbnail for" << source << ":" << reader.errorString();
    return image;
}

struct Produced
{
    QImage image;
    qint64 durationMs = 0; // videos
};

bool isVideoFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && VideoFile::isMp4(file.read(64));
}

QImage produceImage(const QString &cacheBase, const QString &source, int edge, bool video);

// Runs on a worker thread: the disk cache if it has the thumbnail, else the image scaled down
// or the video's poster frame (and written to the disk cache for next time). Touches nothing but
// its arguments.
Produced produceThumbnail(const QString &cacheBase, const QString &source, int edge)
{
    Produced result;
    const QString durationFile = cacheBase + QStringLiteral(".ms");
    for (const char *suffix : { ".jpg", ".png" }) {
        const QString cached = cacheBase + QLatin1String(suffix);
        if (QFileInfo::exists(cached)) {
            QImage image(cached);
            if (!image.isNull()) {
                QFile duration(durationFile);
                if (duration.open(QIODevice::ReadOnly))
                    result.durationMs = duration.read(32).trimmed().toLongLong();
                result.image = image;
                return result;
            }
        }
    }
    const bool video = isVideoFile(source);
    if (video) {
        const VideoInfo info = VideoFile::probe(source);
        if (!info.valid) {
            qCDebug(lcLibrary).noquote() << "no poster for" << source << ":" << info.error;
            return result;
        }
        result.durationMs = info.durationMs;
        QSaveFile duration(durationFile);
        if (QDir().mkpath(QFileInfo(durationFile).absolutePath())
            && duration.open(QIODevice::WriteOnly)
            && duration.write(QByteArray::number(info.durationMs)) > 0)
            duration.commit();
        else
            duration.cancelWriting();
    }
    result.image = produceImage(cacheBase, source, edge, video);
    return result;
}

QImage produceImage(const QString &cacheBase, const QString &source, int edge, bool video)
{
    QImage image;
    if (video) {
        image = VideoFile::poster(source, QSize(edge, edge));
        if (image.isNull()) {
            qCDebug(lcLibrary).noquote() << "no poster frame in" << source;
            return {};
        }
    } else {
        image = readScaled(source, edge);
        if (image.isNull())
            return {};
    }
    if (image.width() > edge || image.height() > edge)
        image = image.scaled(edge, edge, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    image = image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied
                                                          : QImage::Format_RGB32);

    // JPEG is a tenth of the size and quick to decode; PNG only when there is transparency.
    const bool alpha = image.hasAlphaChannel();
    QSaveFile file(cacheBase + (alpha ? QStringLiteral(".png") : QStringLiteral(".jpg")));
    if (QDir().mkpath(QFileInfo(file.fileName()).absolutePath()) && file.open(QIODevice::WriteOnly)
        && image.save(&file, alpha ? "PNG" : "JPEG", alpha ? -1 : 85)) {
        file.commit();
    } else {
        file.cancelWriting();
        qCDebug(lcLibrary).noquote() << "thumbnail not cached on disk:" << file.fileName();
    }
    return image;
}

} // namespace

ThumbnailCache::ThumbnailCache(const QString &directory, int edge, QObject *parent)
    : QObject(parent),
      m_directory((directory.isEmpty()
                           ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
                                   + QStringLiteral("/thumbnails")
                           : directory)
                  + QLatin1Char('/') + QString::number(edge)),
      m_edge(edge)
{
    setMemoryLimit(DefaultMemoryLimit);
    // At least two decoders, so a cold first screen of full-size images fills twice as fast on a
    // two-core machine; at low priority, so the GUI thread still wins the cores when it needs them.
    m_pool.setMaxThreadCount(qMax(2, QThread::idealThreadCount() - 1));
    m_pool.setThreadPriority(QThread::LowPriority);
    m_pool.setObjectName(QStringLiteral("thumbnails"));
}

ThumbnailCache::~ThumbnailCache()
{
    // Drop what has not started, wait for what has: workers post back to this object.
    m_pool.clear();
    m_pool.waitForDone();
}

QString ThumbnailCache::directory() const
{
    return m_directory;
}

void ThumbnailCache::setMemoryLimit(qint64 bytes)
{
    // Room for at least a few: a thumbnail that cannot be kept would be asked for again forever.
    const qint64 minimum = 8 * qint64(m_edge) * m_edge * 4;
    m_memory.setMaxCost(qsizetype(qMax(minimum, bytes) / 1024));
}

QString ThumbnailCache::keyFor(const QString &filePath, const QByteArray &sha256)
{
    if (!sha256.isEmpty())
        return QString::fromLatin1(sha256.toLower());
    const QFileInfo info(filePath);
    const QByteArray identity = filePath.toUtf8() + '\n' + QByteArray::number(info.size()) + '\n'
            + QByteArray::number(info.lastModified().toMSecsSinceEpoch());
    return QString::fromLatin1(
            QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex());
}

QString ThumbnailCache::cacheFileBase(const QString &key) const
{
    return m_directory + QLatin1Char('/') + key;
}

QImage ThumbnailCache::cached(const QString &key) const
{
    const QImage *image = m_memory.object(key);
    return image ? *image : QImage();
}

QImage ThumbnailCache::thumbnail(const QString &key, const QString &filePath)
{
    if (key.isEmpty())
        return {};
    if (const QImage *image = m_memory.object(key))
        return *image;
    if (m_pending.contains(key) || m_failed.contains(key) || filePath.isEmpty())
        return {};

    m_pending.insert(key);
    const QString cacheBase = cacheFileBase(key);
    const int edge = m_edge;
    // Later requests first: while scrolling, the rows now on screen were asked for last.
    const int priority = m_nextPriority < INT_MAX ? ++m_nextPriority : INT_MAX;
    m_pool.start(QRunnable::create([this, key, cacheBase, filePath, edge] {
                     const Produced produced = produceThumbnail(cacheBase, filePath, edge);
                     // Queued to this object's thread; the destructor waits for running workers,
                     // and events still queued for a deleted object are dropped.
                     QMetaObject::invokeMethod(
                             this,
                             [this, key, produced] {
                                 handleProduced(key, produced.image, produced.durationMs);
                             },
                             Qt::QueuedConnection);
                 }),
                 priority);
    return {};
}

void ThumbnailCache::handleProduced(const QString &key, const QImage &image, qint64 durationMs)
{
    if (!m_pending.remove(key))
        return; // cleared meanwhile
    if (durationMs > 0)
        m_durations.insert(key, durationMs);
    if (image.isNull()) {
        m_failed.insert(key);
        emit thumbnailFailed(key);
        return;
    }
    m_memory.insert(key, new QImage(image), qMax<qsizetype>(1, image.sizeInBytes() / 1024));
    emit thumbnailReady(key);
}

void ThumbnailCache::clearMemory()
{
    m_memory.clear();
    m_failed.clear();
}

void ThumbnailCache::remove(const QString &key)
{
    m_memory.remove(key);
    m_failed.remove(key);
    m_durations.remove(key);
    for (const char *suffix : { ".jpg", ".png", ".ms" })
        QFile::remove(cacheFileBase(key) + QLatin1String(suffix));
}
