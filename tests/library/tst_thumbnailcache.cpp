#include "library/thumbnailcache.h"
#include "simulator/simulatedvideo.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class tst_ThumbnailCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void producedOffTheCallersThread();
    void transparentImagesStayPng();
    void diskCacheServesNextStart();
    void smallImagesAreNotEnlarged();
    void unreadableFileFailsOnce();
    void keys();
    void removeDeletesTheFile();
    void memoryLimitEvicts();
    void destroyedWhileBusy();
    void defaultDirectoryIsCacheLocation();
    void videosGetAPosterAndADuration();

private:
    QString writeImage(const QString &name, QSize size, bool alpha = false);

    QTemporaryDir *m_dir = nullptr;
};

void tst_ThumbnailCache::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_ThumbnailCache::init()
{
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
}

void tst_ThumbnailCache::cleanup()
{
    delete m_dir;
    m_dir = nullptr;
}

QString tst_ThumbnailCache::writeImage(const QString &name, QSize size, bool alpha)
{
    QImage image(size, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    image.fill(alpha ? QColor(255, 0, 0, 128) : QColor(Qt::darkCyan));
    const QString path = m_dir->filePath(name);
    if (!image.save(path, "PNG"))
        qWarning() << "cannot write" << path;
    return path;
}

void tst_ThumbnailCache::producedOffTheCallersThread()
{
    const QString source = writeImage(QStringLiteral("wide.png"), QSize(1000, 600));
    ThumbnailCache cache(m_dir->filePath(QStringLiteral("cache")));
    QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
    const QString key = ThumbnailCache::keyFor(source);

    // The call returns at once with nothing; the work happens elsewhere.
    QVERIFY(cache.thumbnail(key, source).isNull());
    QVERIFY(cache.isPending(key));
    QVERIFY(cache.thumbnail(key, source).isNull()); // asked twice, made once
    QCOMPARE(cache.pendingCount(), 1);

    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(ready.first().first().toString(), key);
    QVERIFY(!cache.isPending(key));
    const QImage thumbnail = cache.cached(key);
    QCOMPARE(thumbnail.size(), QSize(256, 153));
    QCOMPARE(cache.thumbnail(key, source), thumbnail);
    QVERIFY(QFile::exists(cache.directory() + QLatin1Char('/') + key + QStringLiteral(".jpg")));
    QVERIFY(cache.directory().endsWith(QLatin1String("/cache/256")));
    QCOMPARE(ready.size(), 1);
}

void tst_ThumbnailCache::transparentImagesStayPng()
{
    const QString source = writeImage(QStringLiteral("alpha.png"), QSize(300, 300), true);
    ThumbnailCache cache(m_dir->filePath(QStringLiteral("cache")), 64);
    const QString key = ThumbnailCache::keyFor(source);
    cache.thumbnail(key, source);
    QTRY_VERIFY(!cache.cached(key).isNull());
    QVERIFY(cache.cached(key).hasAlphaChannel());
    QCOMPARE(cache.cached(key).size(), QSize(64, 64));
    QVERIFY(QFile::exists(cache.directory() + QLatin1Char('/') + key + QStringLiteral(".png")));
}

void tst_ThumbnailCache::diskCacheServesNextStart()
{
    const QString source = writeImage(QStringLiteral("a.png"), QSize(800, 800));
    const QByteArray sha = QByteArray(64, 'a');
    const QString key = ThumbnailCache::keyFor(source, sha);
    {
        ThumbnailCache first(m_dir->filePath(QStringLiteral("cache")));
        first.thumbnail(key, source);
        QTRY_VERIFY(!first.cached(key).isNull());
    }
    // Without the original, only the disk cache can answer.
    QVERIFY(QFile::remove(source));
    ThumbnailCache second(m_dir->filePath(QStringLiteral("cache")));
    QVERIFY(second.cached(key).isNull());
    QSignalSpy ready(&second, &ThumbnailCache::thumbnailReady);
    QVERIFY(second.thumbnail(key, source).isNull());
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(second.cached(key).size(), QSize(256, 256));
}

void tst_ThumbnailCache::smallImagesAreNotEnlarged()
{
    const QString source = writeImage(QStringLiteral("small.png"), QSize(40, 30));
    ThumbnailCache cache(m_dir->filePath(QStringLiteral("cache")));
    const QString key = ThumbnailCache::keyFor(source);
    cache.thumbnail(key, source);
    QTRY_VERIFY(!cache.cached(key).isNull());
    QCOMPARE(cache.cached(key).size(), QSize(40, 30));
}

void tst_ThumbnailCache::unreadableFileFailsOnce()
{
    const QString broken = m_dir->filePath(QStringLiteral("broken.png"));
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("\x89PNG\r\n\x1a\n but not really");
    file.close();
    ThumbnailCache cache(m_dir->filePath(QStringLiteral("cache")));
    QSignalSpy failed(&cache, &ThumbnailCache::thumbnailFailed);
    const QString key = ThumbnailCache::keyFor(broken);
    cache.thumbnail(key, broken);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(cache.thumbnail(key, broken).isNull());
    QVERIFY(!cache.isPending(key)); // not tried again
    cache.clearMemory();
    cache.thumbnail(key, broken);
    QVERIFY(cache.isPending(key));
    QTRY_COMPARE(failed.size(), 2);

    const QString missing = m_dir->filePath(QStringLiteral("missing.png"));
    cache.thumbnail(ThumbnailCache::keyFor(missing), missing);
    QTRY_COMPARE(failed.size(), 3);
}

void tst_ThumbnailCache::keys()
{
    const QString source = writeImage(QStringLiteral("k.png"), QSize(10, 10));
    QCOMPARE(ThumbnailCache::keyFor(source, QByteArray("ABCDEF")), QStringLiteral("abcdef"));
    const QString byPath = ThumbnailCache::keyFor(source);
    QCOMPARE(byPath.size(), 64);
    QCOMPARE(ThumbnailCache::keyFor(source), byPath);
    QVERIFY(ThumbnailCache::keyFor(m_dir->filePath(QStringLiteral("other.png"))) != byPath);
    // An edited file is a new thumbnail.
    QFile file(source);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-3600),
                             QFileDevice::FileModificationTime));
    file.close();
    QVERIFY(ThumbnailCache::keyFor(source) != byPath);
}

void tst_ThumbnailCache::removeDeletesTheFile()
{
    const QString source = writeImage(QStringLiteral("r.png"), QSize(500, 500));
    ThumbnailCache cache(m_dir->filePath(QStringLiteral("cache")));
    const QString key = ThumbnailCache::keyFor(source);
    cache.thumbnail(key, source);
    QTRY_VERIFY(!cache.cached(key).isNull());
    const QString cached = cache.directory() + QLatin1Char('/') + key + QStringLiteral(".jpg");
    QVERIFY(QFile::exists(cached));
    cache.remove(key);
    QVERIFY(!QFile::exists(cached));
    QVERIFY(cache.cached(key).isNull());
}

void tst_ThumbnailCache::memoryLimitEvicts()
{
    ThumbnailCache cache(m_dir->filePath(QStringLiteral("cache")), 32);
    cache.setMemoryLimit(1); // raised to the minimum: 8 thumbnails of 32×32
    QStringList keys;
    for (int i = 0; i < 12; ++i) {
        const QString source = writeImage(QStringLiteral("m%1.png").arg(i), QSize(64, 64));
        keys.append(ThumbnailCache::keyFor(source));
        cache.thumbnail(keys.last(), source);
    }
    QTRY_COMPARE(cache.pendingCount(), 0);
    int inMemory = 0;
    for (const QString &key : std::as_const(keys))
        inMemory += cache.cached(key).isNull() ? 0 : 1;
    QCOMPARE(inMemory, 8);
}

void tst_ThumbnailCache::destroyedWhileBusy()
{
    auto *cache = new ThumbnailCache(m_dir->filePath(QStringLiteral("cache")));
    for (int i = 0; i < 20; ++i) {
        const QString source = writeImage(QStringLiteral("b%1.png").arg(i), QSize(600, 600));
        cache->thumbnail(ThumbnailCache::keyFor(source), source);
    }
    delete cache; // drops the queue, waits for the running one; nothing is delivered afterwards
    QCoreApplication::processEvents();
}

void tst_ThumbnailCache::videosGetAPosterAndADuration()
{
    const QString source = m_dir->filePath(QStringLiteral("clip.mp4"));
    QString error;
    QVERIFY2((SimulatedVideo { QStringLiteral("paper boats"), 3, QSize(320, 180), 2, false }
                      .writeMp4(source, &error)),
             qPrintable(error));
    const QString key = ThumbnailCache::keyFor(source, QByteArray(64, 'v'));
    {
        ThumbnailCache cache(m_dir->filePath(QStringLiteral("cache")));
        QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
        QVERIFY(cache.thumbnail(key, source).isNull()); // decoded on a worker, not here
        QCOMPARE(cache.durationMs(key), 0);
        QTRY_COMPARE(ready.size(), 1);
        const QImage poster = cache.cached(key);
        QCOMPARE(poster.size(), QSize(256, 144));
        // A frame of the video, not a blank: the simulator's gradient has colour.
        QVERIFY(poster.pixelColor(128, 72).saturation() > 0
                || poster.pixelColor(10, 10) != poster.pixelColor(240, 130));
        QVERIFY2(qAbs(cache.durationMs(key) - 2000) <= 34,
                 qPrintable(QString::number(cache.durationMs(key))));
        QVERIFY(QFile::exists(cache.directory() + QLatin1Char('/') + key + QStringLiteral(".jpg")));
    }
    // The next start reads both from disk, without the video.
    QVERIFY(QFile::remove(source));
    ThumbnailCache second(m_dir->filePath(QStringLiteral("cache")));
    QSignalSpy ready(&second, &ThumbnailCache::thumbnailReady);
    second.thumbnail(key, source);
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(second.cached(key).size(), QSize(256, 144));
    QVERIFY(qAbs(second.durationMs(key) - 2000) <= 34);

    second.remove(key);
    QVERIFY(!QFile::exists(second.directory() + QLatin1Char('/') + key + QStringLiteral(".ms")));
    QCOMPARE(second.durationMs(key), 0);
}

void tst_ThumbnailCache::defaultDirectoryIsCacheLocation()
{
    ThumbnailCache cache;
    QCOMPARE(cache.directory(),
             QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
                     + QStringLiteral("/thumbnails/256"));
}

QTEST_GUILESS_MAIN(tst_ThumbnailCache)
#include "tst_thumbnailcache.moc"
