#include "simulator/simulatorresulthost.h"

#include "simulator/simulatededit.h"
#include "simulator/simulatedimage.h"
#include "simulator/simulatedvideo.h"
#include "simulator/simulatorfaultplan.h"
#include "simulator/simulatorhostile.h"
#include "simulator/simulatortaskstore.h"

#include <QCryptographicHash>
#include <QFutureWatcher>
#include <QLocale>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

namespace {

const QByteArray AccessKeyId = QByteArrayLiteral("LTAI5tSimulator");
const QByteArray BucketPrefix = QByteArrayLiteral("/dashscope-result-sim");

SimulatorReply image(const QByteArray &png, const QDateTime &modified, qint64 cutAfter = -1)
{
    const bool mp4 = png.mid(4, 4) == "ftyp";
    const QByteArray etag
            = '"' + QCryptographicHash::hash(png, QCryptographicHash::Md5).toHex().toUpper() + '"';
    SimulatorReply reply;
    reply.headers = {
        { "Content-Type", mp4 ? "video/mp4" : "image/png" },
        { "Server", "AliyunOSS" },
        { "Accept-Ranges", "bytes" },
        { "ETag", etag },
        { "Last-Modified",
          QLocale::c()
                  .toString(modified, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                  .toUtf8() },
        { "x-oss-object-type", "Normal" },
        { "x-oss-request-id", QUuid::createUuid().toRfc4122().toHex().left(24).toUpper() },
    };
    reply.body = png;
    reply.cutAfter = cutAfter;
    return reply;
}

SimulatorReply redirect(const QByteArray &location)
{
    SimulatorReply reply;
    reply.status = 302;
    reply.headers = { { "Location", location }, { "Server", "AliyunOSS" } };
    return reply;
}

} // namespace

SimulatorResultHost::SimulatorResultHost(SimulatorTaskStore *store, SimulatorFaultPlan *faults,
                                         QObject *parent)
    : QObject(parent), m_store(store), m_faults(faults)
{
    m_signingSecret.resize(20);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(m_signingSecret.data()), 5);
    // KiB: ~60 full-size images. Evicted images are rendered again (same bytes); kept small
    // because benchmarks run the simulator in-process and measure the peak memory.
    m_pngCache.setMaxCost(48 * 1024);
}

SimulatorResultHost::~SimulatorResultHost() = default;

void SimulatorResultHost::issueUrls(SimulatedTask *task, int results) const
{
    const QDateTime end = m_store->utcAt(task->endMs);
    task->expires = end.addSecs(m_urlLifetime.count()).toSecsSinceEpoch();
    const QString day = end.toOffsetFromUtc(SimulatorWire::ChinaOffsetSeconds)
                                .toString(QStringLiteral("yyyyMMdd"));
    for (int i = 0; i < results; ++i) {
        if (i == task->failedImage) {
            task->urls.append(QByteArray());
            task->queries.append(QByteArray());
            continue;
        }
        const QString path
                = QStringLiteral("/results/%1/%2-%3.%4")
                          .arg(day, task->key)
                          .arg(i + 1)
                          .arg(task->video ? QStringLiteral("mp4") : QStringLiteral("png"));
        const QByteArray query = signedQuery(path, task->expires);
        task->queries.append(query);
        task->urls.append("http://127.0.0.1:" + QByteArray::number(m_port) + path.toUtf8() + '?'
                          + query);
    }
}

QByteArray SimulatorResultHost::signedQuery(const QString &path, qint64 expires) const
{
    // As OSS signs a GET URL: HMAC-SHA1 over verb, (empty) MD5 and type, expiry and resource.
    const QByteArray stringToSign
            = "GET\n\n\n" + QByteArray::number(expires) + '\n' + BucketPrefix + path.toUtf8();
    const QByteArray signature = QMessageAuthenticationCode::hash(stringToSign, m_signingSecret,
                                                                  QCryptographicHash::Sha1)
                                         .toBase64();
    // Percent-encoded like the real URLs: + / = become %2B %2F %3D.
    return "Expires=" + QByteArray::number(expires) + "&OSSAccessKeyId=" + AccessKeyId
            + "&Signature=" + signature.toPercentEncoding();
}

std::optional<SimulatorReply> SimulatorResultHost::handle(const SimulatorRequest &request,
                                                          const Send &send)
{
    using Fault = SimulatorServer::Fault;
    // /results/<yyyyMMdd>/<task key>-<k>.png
    const QStringList parts = request.path.split(u'/', Qt::SkipEmptyParts);
    QString taskKey;
    int index = -1;
    if (parts.size() == 3 && (parts[2].endsWith(u".png") || parts[2].endsWith(u".mp4"))) {
        const QString name = parts[2].chopped(4);
        const qsizetype dash = name.lastIndexOf(u'-');
        bool ok = false;
        index = dash > 0 ? name.mid(dash + 1).toInt(&ok) - 1 : -1;
        taskKey = dash > 0 ? name.left(dash) : QString();
        if (!ok)
            index = -1;
    }
    const std::shared_ptr<SimulatedTask> task = m_store->findByKey(taskKey);
    const qint64 now = m_store->nowMs();
    if (!task || index < 0 || index >= task->urls.size() || task->urls.at(index).isEmpty()
        || m_store->statusAt(*task, now) != TaskStatus::Succeeded) {
        return SimulatorReply::ossError(404, "NoSuchKey", "The specified key does not exist.",
                                        { { "Key", request.path.mid(1).toUtf8() } });
    }
    ++task->downloads;
    if (task->firstDownloadMs < 0)
        task->firstDownloadMs = now;

    if (request.hasHeader("Authorization")) {
        return SimulatorReply::ossError(
                400, "InvalidArgument",
                "Authorization header is invalid: a request may carry the Authorization header "
                "or a signature in the query string, not both.");
    }
    const QUrlQuery received(QString::fromUtf8(request.query));
    if (!received.hasQueryItem(QStringLiteral("Signature"))
        || !received.hasQueryItem(QStringLiteral("Expires"))) {
        return SimulatorReply::ossError(
                403, "AccessDenied",
                "You have no right to access this object because of bucket acl.");
    }
    const qint64 nowSeconds = m_store->utcAt(now).toSecsSinceEpoch();
    const qint64 expires = received.queryItemValue(QStringLiteral("Expires")).toLongLong();
    if (m_faults->has(Fault::ExpiredDownload) || nowSeconds > expires) {
        const auto iso = [](qint64 seconds) {
            return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate).toUtf8();
        };
        return SimulatorReply::ossError(
                403, "AccessDenied", "Request has expired.",
                { { "Expires", iso(expires) }, { "ServerTime", iso(nowSeconds) } });
    }
    if (request.query != task->queries.at(index)) {
        // Byte-exact, as the signature is checked: a decoded or re-encoded URL does not match.
        const QByteArray provided = QByteArray::fromPercentEncoding(
                received.queryItemValue(QStringLiteral("Signature"), QUrl::FullyEncoded).toUtf8());
        return SimulatorReply::ossError(
                403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. "
                "Check your key and signing method.",
                { { "OSSAccessKeyId", AccessKeyId }, { "SignatureProvided", provided } });
    }

    // The URL checks out: a hostile task answers with something else than its image.
    if (task->has(Fault::RedirectToFile))
        return redirect("file:///etc/passwd");
    if (task->has(Fault::RedirectToOtherHost)) {
        return redirect("http://127.0.0.2:" + QByteArray::number(m_port) + request.path.toUtf8()
                        + '?' + request.query);
    }
    if (task->has(Fault::HtmlResult))
        return SimulatorReply::html(200, SimulatorHostile::notAnImage());
    const QDateTime end = m_store->utcAt(task->endMs);
    if (task->has(Fault::HugePng))
        return image(SimulatorHostile::hugePng(), end);

    const bool truncate = m_faults->takeTruncation(task->key, index);
    const bool bomb = task->has(Fault::PngTextBomb);
    const bool cutPng = task->has(Fault::TruncatedPng);
    withImage(*task, index, [send, truncate, bomb, cutPng, end](const QByteArray &png) {
        if (png.isEmpty()) {
            send(SimulatorReply::ossError(500, "InternalError",
                                          "We encountered an internal error. Please try again."));
            return;
        }
        if (bomb)
            return send(image(SimulatorHostile::withTextBomb(png), end));
        if (cutPng) // an honest Content-Length for a PNG without its end
            return send(image(png.left(png.size() / 2), end));
        send(image(png, end, truncate ? png.size() / 2 : -1));
    });
    return std::nullopt;
}

void SimulatorResultHost::prefetch(const SimulatedTask &task)
{
    if (task.has(SimulatorServer::Fault::TooManyResults))
        return; // rendered when asked for, not two thousand at once
    for (int i = 0; i < task.urls.size(); ++i) {
        if (i != task.failedImage)
            withImage(task, i, [](const QByteArray &) {});
    }
}

QByteArray SimulatorResultHost::resultBytes(const QString &url)
{
    const QUrl parsed(url);
    if (parsed.host() != u"127.0.0.1" || parsed.port() != m_port)
        return {};
    // /results/<yyyyMMdd>/<task key>-<k>.png
    const QStringList parts = parsed.path().split(u'/', Qt::SkipEmptyParts);
    if (parts.size() != 3 || parts.at(0) != u"results" || !parts.at(2).endsWith(u".png"))
        return {};
    const QString name = parts.at(2).chopped(4);
    const qsizetype dash = name.lastIndexOf(u'-');
    bool ok = false;
    const int index = dash > 0 ? name.mid(dash + 1).toInt(&ok) - 1 : -1;
    const std::shared_ptr<SimulatedTask> task
            = dash > 0 ? m_store->findByKey(name.left(dash)) : nullptr;
    if (!ok || !task || task->video || index < 0 || index >= task->urls.size()
        || index == task->failedImage)
        return {};
    const QString key = task->key + u'/' + QString::number(index);
    if (const QByteArray *png = m_pngCache.object(key))
        return *png;
    // Rendered here, once: a create that names an earlier result waits for it, as the service
    // fetches the URL before it answers.
    const QByteArray png = task->edit ? task->edit->toPng(task->seed + index)
                                      : SimulatedImage { task->renderedPrompt, task->seed + index,
                                                         task->size, task->watermark }
                                                .toPng();
    if (!png.isEmpty())
        m_pngCache.insert(key, new QByteArray(png), std::max<qsizetype>(1, png.size() / 1024));
    return png;
}

void SimulatorResultHost::withImage(const SimulatedTask &task, int index,
                                    std::function<void(const QByteArray &)> use)
{
    const QString key = task.key + u'/' + QString::number(index);
    if (const QByteArray *png = m_pngCache.object(key)) {
        use(*png);
        return;
    }
    QList<std::function<void(const QByteArray &)>> &waiting = m_waitingForImage[key];
    waiting.append(std::move(use));
    if (waiting.size() > 1)
        return; // already rendering

    auto *watcher = new QFutureWatcher<QByteArray>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, key] {
        const QByteArray png = watcher->result();
        watcher->deleteLater();
        if (!png.isEmpty())
            m_pngCache.insert(key, new QByteArray(png), std::max<qsizetype>(1, png.size() / 1024));
        const QList<std::function<void(const QByteArray &)>> callbacks
                = m_waitingForImage.take(key);
        for (const auto &callback : callbacks)
            callback(png);
    });
    if (task.video) {
        SimulatedVideo video;
        video.prompt = task.renderedPrompt;
        video.seed = task.seed;
        video.size = task.size;
        video.durationSeconds = std::clamp(task.durationSeconds, 1, SimulatedVideo::MaxSeconds);
        // A render limit (demo mode, tests): the same picture, smaller and shorter, so a person
        // waits seconds, not minutes. The task still reports what was asked for.
        if (m_videoMaxSide > 0
            && std::max(video.size.width(), video.size.height()) > m_videoMaxSide)
            video.size = (QSizeF(video.size)
                                  .scaled(m_videoMaxSide, m_videoMaxSide, Qt::KeepAspectRatio)
                                  .toSize()
                          / 2)
                    * 2;
        if (m_videoMaxSeconds > 0)
            video.durationSeconds = std::min(video.durationSeconds, m_videoMaxSeconds);
        const QByteArray first = task.firstFrame;
        const QByteArray last = task.lastFrame;
        watcher->setFuture(QtConcurrent::run([video, first, last] {
            QImage firstFrame;
            QImage lastFrame;
            if (firstFrame.loadFromData(first))
                lastFrame.loadFromData(last);
            return video.animate(firstFrame, lastFrame);
        }));
        return;
    }
    if (task.edit) {
        const std::shared_ptr<const SimulatedEdit> edit = task.edit;
        const qint64 seed = task.seed + index;
        watcher->setFuture(QtConcurrent::run([edit, seed] { return edit->toPng(seed); }));
        return;
    }
    const SimulatedImage image { task.renderedPrompt, task.seed + index, task.size,
                                 task.watermark };
    watcher->setFuture(QtConcurrent::run([image] { return image.toPng(); }));
}
