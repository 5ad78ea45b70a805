// Benchmark of one large download (not a test): serves a generated file from a loopback server in
// a thread of its own (plain sockets and sendfile(2), so it costs this process no memory),
// downloads it with ResultDownloader as the program does (a video through Mp4Sink, an image
// through PngSink up to its 64 MiB cap), and prints the throughput (to the last byte received,
// and to the file saved: QSaveFile::commit() fsyncs, which waits for the disk) and the peak growth
// of the resident memory (VmHWM after the download minus VmRSS before it; the peak is reset through
// /proc/self/clear_refs before each run). When curl is installed it downloads the same URL
// (`curl -o /dev/null`) in the same run, and the ratio is printed; then once more saving the file
// beside ours (`curl -o FILE`, no hash), the like-for-like of a download that keeps its bytes.
//
//   bench_download [--size-mb N] [--repeat N] [--busy-gui] [--no-image] [--ceiling]
//
// Defaults: a 500 MB video, an image of min(N, 60) MB, 3 rounds (medians shown). --busy-gui
// keeps the main (GUI) thread busy 30 ms of every 40 ms while ResultDownloader runs, as a window
// that is painting or decoding would. Exits 3 when a target is missed: to the last byte, at least
// half of curl's throughput; at most 20 MB of peak memory growth (both with --busy-gui too). Each
// round also prints the most the QNetworkReply ever held unread, and the load average.
// --ceiling adds, each round, what Qt's HTTP stack allows alone: the reply read and thrown away on
// a thread of its own (no sink, hash nor file), through 1 MiB, 8 MiB and unbounded read buffers.

#include "engine/mp4sink.h"
#include "engine/resultdownloader.h"
#include "engine/resultsink.h"
#include "library/imagemetadata.h"
#include "support/benchfigures.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtEndian>
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

namespace {

constexpr double MB = 1e6;

// CPU time (user + system) of this process or of its waited-for children, in seconds.
double cpuSeconds(int who)
{
    rusage usage {};
    getrusage(who, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

qint64 procStatusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

void resetPeakRss()
{
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    if (clearRefs.open(QIODevice::WriteOnly))
        clearRefs.write("5"); // resets VmHWM to the current RSS (Linux 4.0 and later)
}

quint32 crc32(const QByteArray &bytes)
{
    static const std::vector<quint32> table = [] {
        std::vector<quint32> t(256);
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 crc = 0xffffffffu;
    for (const char byte : bytes)
        crc = table[(crc ^ quint8(byte)) & 0xff] ^ (crc >> 8);
    return crc ^ 0xffffffffu;
}

QByteArray be32(quint32 value)
{
    QByteArray bytes(4, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}

QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    return be32(quint32(data.size())) + type + data + be32(crc32(type + data));
}

// Bytes that differ from MiB to MiB (so the hash has real work), cheap to make.
QByteArray filler(qint64 index, qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    quint64 state = 0x9e3779b97f4a7c15ull * quint64(index + 1);
    for (qsizetype i = 0; i + 8 <= size; i += 8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        memcpy(bytes.data() + i, &state, 8);
    }
    return bytes;
}

// An MP4 as Mp4Sink checks it: ftyp, moov, then one mdat box to the end.
bool writeVideo(const QString &path, qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const QByteArray ftyp = be32(24) + "ftypisom" + be32(0x200) + "isommp41";
    const QByteArray moov = be32(8 + 256) + "moov" + QByteArray(256, '\0');
    const qint64 mdatSize = size - ftyp.size() - moov.size();
    file.write(ftyp + moov + be32(quint32(mdatSize)) + "mdat");
    qint64 left = mdatSize - 8;
    for (qint64 index = 0; left > 0; ++index) {
        const QByteArray block = filler(index, qsizetype(std::min<qint64>(left, 1 << 20)));
        file.write(block);
        left -= block.size();
    }
    return file.size() == size;
}

// A PNG as PngSink checks it: signature, IHDR, IDAT chunks of a MiB, IEND (never decoded).
bool writeImage(const QString &path, qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QByteArray ihdr = be32(4096) + be32(4096);
    ihdr += QByteArray::fromHex("0802000000"); // 8-bit RGB
    file.write(QByteArray::fromHex("89504e470d0a1a0a") + pngChunk("IHDR", ihdr));
    const QByteArray iend = pngChunk("IEND", {});
    qint64 left = size - file.size() - iend.size();
    for (qint64 index = 0; left > 12; ++index) {
        const QByteArray chunk
                = pngChunk("IDAT", filler(index, qsizetype(std::min<qint64>(left - 12, 1 << 20))));
        file.write(chunk);
        left -= chunk.size();
    }
    file.write(iend);
    return true;
}

// Serves the files of one folder over HTTP/1.1 on 127.0.0.1, one thread per connection, the body
// through sendfile(2) from the page cache.
class FileServer
{
public:
    explicit FileServer(const QString &directory) : m_directory(directory)
    {
        m_listener = socket(AF_INET, SOCK_STREAM, 0);
        const int yes = 1;
        setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (bind(m_listener, reinterpret_cast<sockaddr *>(&address), length) != 0
            || listen(m_listener, 16) != 0
            || getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) != 0)
            return;
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { acceptLoop(); });
    }
    ~FileServer()
    {
        m_stopping = true;
        shutdown(m_listener, SHUT_RDWR);
        close(m_listener);
        if (m_thread.joinable())
            m_thread.join();
        const std::lock_guard lock(m_mutex);
        for (std::thread &connection : m_connections)
            connection.join();
    }
    QByteArray url(const QByteArray &name) const
    {
        return "http://127.0.0.1:" + QByteArray::number(m_port) + "/" + name;
    }
    bool isListening() const { return m_port != 0; }

private:
    void acceptLoop()
    {
        while (!m_stopping) {
            const int connection = accept(m_listener, nullptr, nullptr);
            if (connection < 0)
                return;
            const std::lock_guard lock(m_mutex);
            m_connections.emplace_back([this, connection] { serve(connection); });
        }
    }
    void serve(int connection)
    {
        QByteArray request;
        char buffer[4096];
        while (!request.contains("\r\n\r\n")) {
            const ssize_t got = read(connection, buffer, sizeof buffer);
            if (got <= 0) {
                close(connection);
                return;
            }
            request.append(buffer, qsizetype(got));
        }
        const QByteArray name = request.split(' ').value(1).mid(1).split('?').value(0);
        const QByteArray path = QFile::encodeName(m_directory + QLatin1Char('/'))
                + QByteArray(name).replace('/', '_');
        const int file = open(path.constData(), O_RDONLY);
        struct stat info
        {
        };
        if (file < 0 || fstat(file, &info) != 0) {
            const QByteArray answer = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
            (void)!write(connection, answer.constData(), size_t(answer.size()));
        } else {
            const QByteArray header = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream"
                                      "\r\nContent-Length: "
                    + QByteArray::number(qint64(info.st_size)) + "\r\nConnection: close\r\n\r\n";
            (void)!write(connection, header.constData(), size_t(header.size()));
            off_t offset = 0;
            while (offset < info.st_size) {
                if (sendfile(connection, file, &offset, size_t(info.st_size - offset)) <= 0)
                    break;
            }
        }
        if (file >= 0)
            close(file);
        shutdown(connection, SHUT_WR);
        while (read(connection, buffer, sizeof buffer) > 0) { }
        close(connection);
    }

    QString m_directory;
    int m_listener = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stopping { false };
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<std::thread> m_connections;
};

// Records the most a reply of the download ever held unread (its bytesAvailable() when it
// announces more): the read buffer's bound, or more when Qt overshoots it.
class PeakRecordingNetwork final : public QNetworkAccessManager
{
public:
    explicit PeakRecordingNetwork(std::shared_ptr<std::atomic<qint64>> peak)
        : m_peak(std::move(peak))
    { }

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *data) override
    {
        QNetworkReply *reply = QNetworkAccessManager::createRequest(operation, request, data);
        // Connected before the downloader's own slot: sees each buffer before it is read.
        connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
            const qint64 available = reply->bytesAvailable();
            if (available > m_peak->load())
                m_peak->store(available); // only the download's thread writes
        });
        return reply;
    }

private:
    std::shared_ptr<std::atomic<qint64>> m_peak;
};

struct Run
{
    bool ok = false;
    double seconds = 0; // until the last byte was received
    double savedSeconds = 0; // until finished(): written, fsynced by QSaveFile::commit(), renamed
    double rssGrowthMB = 0;
    double replyPeakMB = 0; // the most the reply held unread
    double cpuSeconds = 0; // every thread of this process (the server's too) until finished()
    QString error;
};

// One download through ResultDownloader, as ResultSaver makes it.
Run download(QNetworkAccessManager *network, const QByteArray &url, const QString &target,
             bool video, bool busyGui)
{
    ImageProvenance provenance;
    provenance.request.prompt = QStringLiteral("bench");
    provenance.request.model = QStringLiteral("wan2.5-t2i-preview");
    provenance.taskId = QStringLiteral("bench");
    provenance.created = QDateTime::currentDateTimeUtc();

    ResultDownloader downloader(network);
    auto replyPeak = std::make_shared<std::atomic<qint64>>(0);
    downloader.setNetworkFactory([replyPeak] { return new PeakRecordingNetwork(replyPeak); });
    if (video)
        downloader.setSink(std::make_unique<Mp4Sink>());
    QTimer busy;
    busy.setTimerType(Qt::PreciseTimer);
    QObject::connect(&busy, &QTimer::timeout, &busy, [] {
        // 30 ms of work every 40 ms: the event loop gets a quarter of the time.
        const auto until = std::chrono::steady_clock::now() + 30ms;
        while (std::chrono::steady_clock::now() < until) { }
    });
    QEventLoop loop;
    QObject::connect(&downloader, &ResultDownloader::finished, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    qint64 lastByte = 0;
    QObject::connect(&downloader, &ResultDownloader::progress, &loop,
                     [&](qint64 received, qint64 total) {
                         if (received == total && lastByte == 0)
                             lastByte = clock.nsecsElapsed();
                     });

    resetPeakRss();
    const qint64 before = procStatusKiB("VmRSS:");
    const double cpuBefore = cpuSeconds(RUSAGE_SELF);
    clock.start();
    if (busyGui)
        busy.start(40);
    downloader.start(url, target, provenance);
    loop.exec();
    busy.stop();
    Run run;
    run.cpuSeconds = cpuSeconds(RUSAGE_SELF) - cpuBefore;
    run.savedSeconds = double(clock.nsecsElapsed()) / 1e9;
    run.seconds = double(lastByte > 0 ? lastByte : clock.nsecsElapsed()) / 1e9;
    run.rssGrowthMB = double(procStatusKiB("VmHWM:") - before) * 1024 / MB;
    run.replyPeakMB = double(replyPeak->load()) / MB;
    run.ok = !downloader.error().isError();
    run.error = downloader.error().message;
    if (run.ok)
        QFile::remove(downloader.filePath());
    return run;
}

// What Qt's HTTP stack itself allows here: the same kind of QNetworkAccessManager on a thread of
// its own, the reply's read buffer bounded as ResultDownloader bounds it, every readyRead read
// into one reused buffer (or with readAll(), a QByteArray per read, as the download reads) and
// thrown away: no sink, no hash, no file. Bytes per second to finished(); 0 when it failed.
double ceilingSpeed(const QByteArray &url, qint64 readBufferSize, bool readAll)
{
    QThread thread;
    thread.start();
    double speed = 0;
    QObject context;
    context.moveToThread(&thread);
    QMetaObject::invokeMethod(
            &context,
            [&] {
                QNetworkAccessManager network;
                QNetworkRequest request(QUrl::fromEncoded(url));
                std::vector<char> buffer(size_t(std::max<qint64>(readBufferSize, 1 << 20)));
                qint64 received = 0;
                QEventLoop loop;
                QElapsedTimer clock;
                clock.start();
                QNetworkReply *reply = network.get(request);
                reply->setReadBufferSize(readBufferSize);
                QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
                    if (readAll) {
                        received += reply->readAll().size();
                        return;
                    }
                    for (;;) {
                        const qint64 got = reply->read(buffer.data(), qint64(buffer.size()));
                        if (got <= 0)
                            break;
                        received += got;
                    }
                });
                QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
                loop.exec();
                received += reply->readAll().size();
                if (reply->error() == QNetworkReply::NoError && received > 0)
                    speed = double(received) / (double(clock.nsecsElapsed()) / 1e9);
                delete reply;
            },
            Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    return speed;
}

// curl's throughput in bytes per second on the same URL, into `outputPath`; 0 when curl is
// absent or failed. `cpu`: the CPU time of curl and of this process (the server) meanwhile.
double curlSpeed(const QByteArray &url, const QString &outputPath, double *cpu)
{
    const double before = cpuSeconds(RUSAGE_SELF) + cpuSeconds(RUSAGE_CHILDREN);
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (curl.isEmpty())
        return 0;
    QProcess process;
    process.start(curl,
                  { QStringLiteral("-s"), QStringLiteral("-o"), outputPath, QStringLiteral("-w"),
                    QStringLiteral("%{speed_download}"), QString::fromLatin1(url) });
    if (!process.waitForFinished(600000) || process.exitCode() != 0)
        return 0;
    *cpu = cpuSeconds(RUSAGE_SELF) + cpuSeconds(RUSAGE_CHILDREN) - before;
    return process.readAllStandardOutput().trimmed().toDouble();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Throughput and peak memory of one large ResultDownloader download."));
    parser.addHelpOption();
    const QCommandLineOption sizeOption(QStringLiteral("size-mb"),
                                        QStringLiteral("Size of the video in MB (default 500)."),
                                        QStringLiteral("N"), QStringLiteral("500"));
    const QCommandLineOption repeatOption(QStringLiteral("repeat"),
                                          QStringLiteral("Rounds (default 3); medians shown."),
                                          QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption busyOption(
            QStringLiteral("busy-gui"),
            QStringLiteral("Keep the main thread busy 30 ms of every 40 ms while downloading."));
    const QCommandLineOption noImageOption(QStringLiteral("no-image"),
                                           QStringLiteral("Only the video."));
    const QCommandLineOption ceilingOption(
            QStringLiteral("ceiling"),
            QStringLiteral("Each round, also read the reply and throw it away on a thread of its "
                           "own (no sink, hash or file), with 1 and 8 MiB read buffers: what "
                           "Qt's HTTP stack itself allows."));
    parser.addOptions({ sizeOption, repeatOption, busyOption, noImageOption, ceilingOption });
    parser.process(app);
    const qint64 sizeMB = std::max<qint64>(1, parser.value(sizeOption).toLongLong());
    const int repeat = std::max(1, parser.value(repeatOption).toInt());
    const bool busyGui = parser.isSet(busyOption);

    QTemporaryDir served;
    QTemporaryDir output;
    const qint64 videoBytes = qint64(sizeMB * MB);
    const qint64 imageBytes = std::min<qint64>(videoBytes, qint64(60 * MB));
    std::fprintf(stderr, "making a %.0f MB video and a %.0f MB image in %s…\n",
                 double(videoBytes) / MB, double(imageBytes) / MB, qPrintable(served.path()));
    if (!writeVideo(served.filePath(QStringLiteral("video.mp4")), videoBytes)
        || !writeImage(served.filePath(QStringLiteral("image.png")), imageBytes)) {
        std::fprintf(stderr, "cannot write the files to serve\n");
        return 1;
    }
    FileServer server(served.path());
    if (!server.isListening()) {
        std::fprintf(stderr, "cannot listen on 127.0.0.1\n");
        return 1;
    }
    QNetworkAccessManager network;

    struct Kind
    {
        const char *name;
        QByteArray file;
        qint64 bytes;
        bool video;
    };
    std::vector<Kind> kinds { { "video (Mp4Sink)", "video.mp4", videoBytes, true } };
    if (!parser.isSet(noImageOption))
        kinds.push_back({ "image (PngSink)", "image.png", imageBytes, false });

    std::printf("machine: %d cores, load average %s; %s\n", QThread::idealThreadCount(),
                qPrintable(loadAverage()),
                busyGui ? "main thread busy 30 ms of every 40 ms" : "main thread idle");
    bool targetsMet = true;
    for (const Kind &kind : kinds) {
        const QByteArray url = server.url(kind.file);
        std::vector<double> ours, saved, curls, curlsSaving, growths, replyPeaks, ratios;
        struct Ceiling
        {
            const char *name;
            qint64 readBuffer;
            bool readAll;
            std::vector<double> speeds;
        };
        std::vector<Ceiling> ceilings;
        if (parser.isSet(ceilingOption))
            ceilings = { { "read() 1 MiB", ResultDownloader::ReadBufferSize, false, {} },
                         { "readAll() 1 MiB", ResultDownloader::ReadBufferSize, true, {} },
                         { "read() 8 MiB", 8 << 20, false, {} },
                         { "read() unbounded", 0, false, {} } };
        for (int round = 0; round < repeat; ++round) {
            double curlCpu = 0;
            const double curl = curlSpeed(url, QStringLiteral("/dev/null"), &curlCpu);
            if (curl > 0)
                curls.push_back(curl);
            const QString curlFile
                    = output.filePath(QStringLiteral("curl-") + QString::fromLatin1(kind.file));
            double curlSavingCpu = 0;
            const double curlSaving = curlSpeed(url, curlFile, &curlSavingCpu);
            QFile::remove(curlFile);
            if (curlSaving > 0)
                curlsSaving.push_back(curlSaving);
            for (Ceiling &ceiling : ceilings) {
                ceiling.speeds.push_back(ceilingSpeed(url, ceiling.readBuffer, ceiling.readAll));
                std::printf("  %s round %d: Qt alone, %s: %.0f MB/s (%.2f of curl)\n", kind.name,
                            round + 1, ceiling.name, ceiling.speeds.back() / MB,
                            curl > 0 ? ceiling.speeds.back() / curl : 0.0);
            }
            const Run run = download(&network, url, output.filePath(QString::fromLatin1(kind.file)),
                                     kind.video, busyGui);
            if (!run.ok) {
                std::printf("%s: failed: %s\n", kind.name, qPrintable(run.error));
                return 1;
            }
            ours.push_back(double(kind.bytes) / run.seconds);
            saved.push_back(double(kind.bytes) / run.savedSeconds);
            growths.push_back(run.rssGrowthMB);
            replyPeaks.push_back(run.replyPeakMB);
            if (curl > 0)
                ratios.push_back(ours.back() / curl);
            std::printf("  %s round %d: %.0f MB/s to the last byte, %.0f MB/s saved (curl %.0f "
                        "MB/s, ratio %.2f; curl saving the file %.0f MB/s, ratio %.2f), CPU %.2f "
                        "s (curl and the server %.2f s), peak RSS growth %.1f MB, reply held at "
                        "most %.2f MB, load %s\n",
                        kind.name, round + 1, ours.back() / MB, saved.back() / MB, curl / MB,
                        curl > 0 ? ours.back() / curl : 0.0, curlSaving / MB,
                        curlSaving > 0 ? ours.back() / curlSaving : 0.0, run.cpuSeconds, curlCpu,
                        run.rssGrowthMB, run.replyPeakMB, qPrintable(loadAverage()));
            std::fflush(stdout);
        }
        const double ourMedian = median(ours);
        const double curlMedian = median(curls);
        const double growthMax = *std::max_element(growths.begin(), growths.end());
        std::printf("%s, %.0f MB: ResultDownloader %.0f MB/s to the last byte, %.0f MB/s saved "
                    "(medians of %d)",
                    kind.name, double(kind.bytes) / MB, ourMedian / MB, median(saved) / MB, repeat);
        if (curlMedian > 0) {
            std::printf(", curl %.0f MB/s, ratio %.2f (per round: median %.2f, worst %.2f)",
                        curlMedian / MB, ourMedian / curlMedian, median(ratios),
                        ratios.empty() ? 0.0 : *std::min_element(ratios.begin(), ratios.end()));
            if (ourMedian < 0.5 * curlMedian)
                targetsMet = false;
        }
        if (const double curlSavingMedian = median(curlsSaving); curlSavingMedian > 0)
            std::printf(", curl saving the file %.0f MB/s, ratio %.2f", curlSavingMedian / MB,
                        ourMedian / curlSavingMedian);
        std::printf("; peak RSS growth at most %.1f MB; the reply held at most %.2f MB\n",
                    growthMax, *std::max_element(replyPeaks.begin(), replyPeaks.end()));
        for (const Ceiling &ceiling : ceilings)
            std::printf("  Qt alone, %s: median %.0f MB/s (%.2f of curl's median), worst %.0f "
                        "MB/s\n",
                        ceiling.name, median(ceiling.speeds) / MB,
                        curlMedian > 0 ? median(ceiling.speeds) / curlMedian : 0.0,
                        *std::min_element(ceiling.speeds.begin(), ceiling.speeds.end()) / MB);
        if (growthMax > 20)
            targetsMet = false;
    }
    std::printf("%s\n", targetsMet ? "targets met" : "TARGET MISSED");
    return targetsMet ? 0 : 3;
}
