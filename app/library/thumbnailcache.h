#pragma once

#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThreadPool>

// Small versions of library images for the gallery (for an MP4 video: its poster frame, and its
// duration), made on worker threads and kept twice: on
// disk under <CacheLocation>/thumbnails/<edge>/ (so the next start decodes nothing big) and in a
// bounded memory cache. The GUI thread never decodes: thumbnail() answers from memory or
// schedules the work and returns a null image; thumbnailReady(key) follows.
// Thread: lives in the GUI thread; only its private worker function runs elsewhere.
class ThumbnailCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThumbnailCache)

public:
    static constexpr int DefaultEdge = 256; // longest side, in pixels
    static constexpr qint64 DefaultMemoryLimit = 64 * 1024 * 1024; // bytes of decoded thumbnails

    // `directory` empty: <CacheLocation>/thumbnails.
    explicit ThumbnailCache(const QString &directory = {}, int edge = DefaultEdge,
                            QObject *parent = nullptr);
    ~ThumbnailCache() override;

    QString directory() const; // where this edge's files go
    int edge() const { return m_edge; }
    void setMemoryLimit(qint64 bytes);

    // A stable name for an image's thumbnail: its SHA-256 when known (the content never changes),
    // else one derived from path, size and modification time (so an edited file gets a new one).
    static QString keyFor(const QString &filePath, const QByteArray &sha256 = {});

    // From memory, or a null image while it is produced (once per key; the most recently asked
    // for are made first, which are the ones on screen). A file that cannot be read is not tried
    // again (thumbnailFailed) until clearMemory().
    QImage thumbnail(const QString &key, const QString &filePath);
    QImage cached(const QString &key) const; // memory only; never schedules work
    // A video's length in milliseconds, known once its poster is ready (probed on the worker,
    // kept beside the poster on disk); 0 for an image or while not known.
    qint64 durationMs(const QString &key) const { return m_durations.value(key); }
    bool isPending(const QString &key) const { return m_pending.contains(key); }
    int pendingCount() const { return int(m_pending.size()); }
    void clearMemory();
    void remove(const QString &key); // memory and disk, e.g. when the image is deleted

signals:
    void thumbnailReady(const QString &key);
    void thumbnailFailed(const QString &key);

private:
    void handleProduced(const QString &key, const QImage &image, qint64 durationMs);
    QString cacheFileBase(const QString &key) const;

    QString m_directory;
    int m_edge;
    QCache<QString, QImage> m_memory; // cost: KiB
    QSet<QString> m_pending;
    QSet<QString> m_failed;
    QHash<QString, qint64> m_durations; // videos only; small, never evicted
    QThreadPool m_pool;
    int m_nextPriority = 0;
};
