#include "library/videofile.h"

#include "platform/ffmpeglog.h"
#include "platform/ffmpegpointers.h"
#include "platform/logging.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryFile>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unistd.h>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswscale/swscale.h>
}

namespace {

// The brands of the MP4 files players take: ISO base media, MP4 v1/v2, H.264, Apple's M4V and
// QuickTime, DASH and 3GPP.
bool isKnownBrand(const QByteArray &brand)
{
    static const char *const brands[]
            = { "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1",
                "M4V ", "qt  ", "dash", "msdh", "3gp4", "3gp5", "3gp6", "mmp4", "f4v " };
    for (const char *known : brands) {
        if (brand == known)
            return true;
    }
    return false;
}

quint32 bigEndian32(const QByteArray &bytes, int offset)
{
    quint32 value = 0;
    for (int i = 0; i < 4; ++i)
        value = (value << 8) | static_cast<unsigned char>(bytes.at(offset + i));
    return value;
}

// An MP4 file opened for FFmpeg through our own reader (see videofile.h for why), with the video
// stream picked and its size and sample table checked.
class Mp4Reader final
{
public:
    Mp4Reader() { routeFfmpegLogToQt(); }
    ~Mp4Reader()
    {
        avformat_close_input(&m_format); // a custom reader stays ours to free
        if (m_io) {
            av_freep(&m_io->buffer);
            avio_context_free(&m_io);
        }
    }
    Mp4Reader(const Mp4Reader &) = delete;
    Mp4Reader &operator=(const Mp4Reader &) = delete;

    bool open(const QString &path, QString *error);
    AVFormatContext *format() const { return m_format; }
    AVStream *video() const { return m_format->streams[m_video]; }
    int videoIndex() const { return m_video; }

private:
    static int read(void *opaque, uint8_t *buffer, int size);
    static int64_t seek(void *opaque, int64_t offset, int whence);
    bool boxesFit(QString *error);
    bool isWhole(QString *error) const;

    QFile m_file;
    qint64 m_bytesRead = 0;
    qint64 m_readLimit = -1; // while the header is read
    bool m_limitHit = false;
    AVIOContext *m_io = nullptr;
    AVFormatContext *m_format = nullptr;
    int m_video = -1;
};

int Mp4Reader::read(void *opaque, uint8_t *buffer, int size)
{
    auto *reader = static_cast<Mp4Reader *>(opaque);
    if (reader->m_readLimit >= 0 && reader->m_bytesRead >= reader->m_readLimit) {
        reader->m_limitHit = true;
        return AVERROR(EFBIG);
    }
    const qint64 count = reader->m_file.read(reinterpret_cast<char *>(buffer), size);
    if (count < 0)
        return AVERROR(EIO);
    if (count == 0)
        return AVERROR_EOF;
    reader->m_bytesRead += count;
    return int(count);
}

int64_t Mp4Reader::seek(void *opaque, int64_t offset, int whence)
{
    auto *reader = static_cast<Mp4Reader *>(opaque);
    switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE:
        return reader->m_file.size();
    case SEEK_SET:
        break;
    case SEEK_CUR:
        offset += reader->m_file.pos();
        break;
    case SEEK_END:
        offset += reader->m_file.size();
        break;
    default:
        return AVERROR(EINVAL);
    }
    if (offset < 0 || !reader->m_file.seek(offset))
        return AVERROR(EIO);
    return offset;
}

bool Mp4Reader::open(const QString &path, QString *error)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("VideoFile", "The video file cannot be opened (%1).")
                         .arg(m_file.errorString());
        return false;
    }
    if (!VideoFile::isMp4(m_file.read(VideoFile::MaxFtypSize))) {
        *error = QCoreApplication::translate("VideoFile", "This file is not an MP4 video.");
        return false;
    }
    if (!boxesFit(error) || !m_file.seek(0))
        return false;
    constexpr int BufferSize = 64 * 1024;
    auto *buffer = static_cast<unsigned char *>(av_malloc(BufferSize));
    m_io = buffer ? avio_alloc_context(buffer, BufferSize, 0, this, &Mp4Reader::read, nullptr,
                                       &Mp4Reader::seek)
                  : nullptr;
    m_format = m_io ? avformat_alloc_context() : nullptr;
    if (!m_format) {
        if (!m_io)
            av_free(buffer);
        *error = QCoreApplication::translate("VideoFile", "Not enough memory to open the video.");
        return false;
    }
    m_format->pb = m_io;
    m_format->flags |= AVFMT_FLAG_CUSTOM_IO;
    // Never another file or URL, whatever the file refers to.
    m_format->io_open = [](AVFormatContext *, AVIOContext **, const char *, int, AVDictionary **) {
        return AVERROR(EPERM);
    };
    m_readLimit = VideoFile::MaxHeaderBytes;
    // Only the MP4 demuxer: a file that merely claims to be MP4 is never probed as anything else.
    const int opened
            = avformat_open_input(&m_format, nullptr, av_find_input_format("mp4"), nullptr);
    m_readLimit = -1;
    // FFmpeg may stop at the cap as at an end and open what it read so far: the cap decides.
    if (opened < 0 || m_limitHit) {
        *error = m_limitHit
                ? QCoreApplication::translate(
                          "VideoFile",
                          "The video's index was not found in its first %1 MB; the file is "
                          "not a video this program opens.")
                          .arg(VideoFile::MaxHeaderBytes >> 20)
                : QCoreApplication::translate(
                        "VideoFile",
                        "The video file is damaged or incomplete (its index is missing); "
                        "download it again.");
        return false;
    }
    m_video = av_find_best_stream(m_format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (m_video < 0) {
        *error = QCoreApplication::translate("VideoFile", "The MP4 file holds no video.");
        return false;
    }
    const AVCodecParameters *codec = video()->codecpar;
    if (codec->width <= 0 || codec->height <= 0
        || qint64(codec->width) * codec->height > VideoFile::MaxPixels) {
        *error = QCoreApplication::translate(
                         "VideoFile",
                         "The video claims %1×%2 pixels, more than this program opens.")
                         .arg(codec->width)
                         .arg(codec->height);
        return false;
    }
    return isWhole(error);
}

QString incompleteMessage()
{
    return QCoreApplication::translate(
            "VideoFile", "The video file is incomplete (it was cut short); download it again.");
}

// Whether the top-level boxes (ftyp, moov, mdat, …) follow each other to the end of the file and
// one is the moov: FFmpeg opens a file cut short inside its frames without a word.
bool Mp4Reader::boxesFit(QString *error)
{
    // Real files have a handful (fragmented ones a few per second); this bounds the walk.
    constexpr int MaxBoxes = 100000;
    const qint64 fileSize = m_file.size();
    bool sawMoov = false;
    qint64 position = 0;
    for (int count = 0; position < fileSize; ++count) {
        if (count == MaxBoxes || !m_file.seek(position)) {
            *error = QCoreApplication::translate("VideoFile",
                                                 "The video file is damaged; download it again.");
            return false;
        }
        const QByteArray header = m_file.read(16);
        if (header.size() < 8) {
            *error = incompleteMessage();
            return false;
        }
        const quint64 size32 = bigEndian32(header, 0);
        if (header.mid(4, 4) == "moov")
            sawMoov = true;
        if (size32 == 0) // the last box, to the end of the file
            break;
        if (size32 == 1 && header.size() < 16) {
            *error = incompleteMessage();
            return false;
        }
        const quint64 size = size32 == 1
                ? (quint64(bigEndian32(header, 8)) << 32) | bigEndian32(header, 12)
                : size32;
        if (size < (size32 == 1 ? 16U : 8U)) {
            *error = QCoreApplication::translate("VideoFile",
                                                 "The video file is damaged; download it again.");
            return false;
        }
        if (size > quint64(fileSize - position)) {
            *error = incompleteMessage();
            return false;
        }
        position += qint64(size);
    }
    if (!sawMoov) {
        *error = QCoreApplication::translate(
                "VideoFile",
                "The video file is damaged or incomplete (its index is missing); download it "
                "again.");
        return false;
    }
    return true;
}

// Whether every sample the index lists is inside the file: an index that promises more than the
// file holds is damaged, or was written for a longer file.
bool Mp4Reader::isWhole(QString *error) const
{
    const qint64 fileSize = m_file.size();
    for (unsigned i = 0; i < m_format->nb_streams; ++i) {
        AVStream *stream = m_format->streams[i];
        const int count = avformat_index_get_entries_count(stream);
        for (int entry = 0; entry < count; ++entry) {
            const AVIndexEntry *sample = avformat_index_get_entry(stream, entry);
            if (sample && sample->pos + sample->size > fileSize) {
                *error = incompleteMessage();
                return false;
            }
        }
    }
    return true;
}

// Decodes the video stream from where the reader stands up to the first frame at or after
// `target` (in the stream's time base), reading at most `maxPackets`; the last frame decoded.
OwnedFrame decodeUntil(Mp4Reader &reader, AVCodecContext *decoder, qint64 target, int maxPackets)
{
    OwnedFrame best(av_frame_alloc());
    OwnedFrame frame(av_frame_alloc());
    OwnedPacket packet(av_packet_alloc());
    if (!best || !frame || !packet)
        return {};
    bool have = false;
    bool draining = false;
    for (int packets = 0; packets < maxPackets && !draining;) {
        const int read = av_read_frame(reader.format(), packet.get());
        if (read < 0) {
            draining = true; // the end: what the decoder still holds
            avcodec_send_packet(decoder, nullptr);
        } else {
            const bool ours = packet->stream_index == reader.videoIndex();
            if (ours) {
                ++packets;
                avcodec_send_packet(decoder, packet.get()); // a damaged packet is skipped
            }
            av_packet_unref(packet.get());
            if (!ours)
                continue;
        }
        while (avcodec_receive_frame(decoder, frame.get()) == 0) {
            av_frame_unref(best.get());
            av_frame_move_ref(best.get(), frame.get());
            have = true;
            if (best->best_effort_timestamp != AV_NOPTS_VALUE
                && best->best_effort_timestamp >= target)
                return best;
        }
    }
    return have ? std::move(best) : OwnedFrame();
}

QImage toImage(const AVFrame *frame, const QSize &maxSize)
{
    const QSize size(frame->width, frame->height);
    if (size.isEmpty() || qint64(size.width()) * size.height() > VideoFile::MaxPixels)
        return {};
    QSize target = size;
    if (maxSize.isValid() && (size.width() > maxSize.width() || size.height() > maxSize.height()))
        target = size.scaled(maxSize, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
    QImage image(target, QImage::Format_RGB32);
    if (image.isNull())
        return {};
    // AV_PIX_FMT_RGB32 is QImage's RGB32 in memory on either byte order.
    SwsContext *scaler = sws_getContext(
            size.width(), size.height(), static_cast<AVPixelFormat>(frame->format), target.width(),
            target.height(), AV_PIX_FMT_RGB32, SWS_AREA, nullptr, nullptr, nullptr);
    if (!scaler)
        return {};
    uint8_t *const planes[4] = { image.bits(), nullptr, nullptr, nullptr };
    const int strides[4] = { int(image.bytesPerLine()), 0, 0, 0 };
    const int rows
            = sws_scale(scaler, frame->data, frame->linesize, 0, size.height(), planes, strides);
    sws_freeContext(scaler);
    return rows == target.height() ? image : QImage();
}

LibraryResult tagFailure(const QString &path, const QString &why)
{
    return LibraryResult::failure(
            QCoreApplication::translate("VideoFile",
                                        "The video %1 could not be tagged with how it was made: %2")
                    .arg(path, why),
            QStringLiteral("VIDEO_TAG"));
}

QString ffmpegError(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return QString::fromLocal8Bit(text);
}

// Copies every audio and video packet of `in` into a new MP4 at `target` (moov at the front) with
// `json` as its comment. Empty on success, else why not.
QString remux(Mp4Reader &in, const QString &target, const QByteArray &json)
{
    // "file:" and an absolute path: never read as another protocol, and the muxer can reopen it
    // to move the moov box to the front.
    const QByteArray url = "file:" + QFile::encodeName(QFileInfo(target).absoluteFilePath());
    AVFormatContext *out = nullptr;
    if (avformat_alloc_output_context2(&out, nullptr, "mp4", url.constData()) < 0 || !out)
        return QCoreApplication::translate("VideoFile", "not enough memory.");
    const std::unique_ptr<AVFormatContext, void (*)(AVFormatContext *)> outOwner(
            out, [](AVFormatContext *context) {
                if (context->pb)
                    avio_closep(&context->pb);
                avformat_free_context(context);
            });
    AVFormatContext *source = in.format();
    std::vector<int> map(source->nb_streams, -1);
    for (unsigned i = 0; i < source->nb_streams; ++i) {
        const AVStream *stream = source->streams[i];
        const AVMediaType type = stream->codecpar->codec_type;
        if (type != AVMEDIA_TYPE_VIDEO && type != AVMEDIA_TYPE_AUDIO)
            continue; // timecode and data tracks do not survive a copy into MP4
        AVStream *copy = avformat_new_stream(out, nullptr);
        if (!copy || avcodec_parameters_copy(copy->codecpar, stream->codecpar) < 0)
            return QCoreApplication::translate("VideoFile", "not enough memory.");
        copy->codecpar->codec_tag = 0;
        copy->time_base = stream->time_base;
        copy->disposition = stream->disposition;
        av_dict_copy(&copy->metadata, stream->metadata, 0);
        map[i] = copy->index;
    }
    av_dict_copy(&out->metadata, source->metadata, 0);
    av_dict_set(&out->metadata, "comment", json.constData(), 0);

    int result = avio_open(&out->pb, url.constData(), AVIO_FLAG_WRITE);
    if (result < 0)
        return QCoreApplication::translate("VideoFile", "the folder cannot be written (%1).")
                .arg(ffmpegError(result));
    AVDictionary *options = nullptr;
    av_dict_set(&options, "movflags", "+faststart", 0);
    result = avformat_write_header(out, &options);
    av_dict_free(&options);
    if (result < 0)
        return QCoreApplication::translate("VideoFile", "its streams cannot be copied (%1).")
                .arg(ffmpegError(result));

    OwnedPacket packet(av_packet_alloc());
    if (!packet)
        return QCoreApplication::translate("VideoFile", "not enough memory.");
    while ((result = av_read_frame(source, packet.get())) >= 0) {
        const int index = map.at(packet->stream_index);
        if (index < 0) {
            av_packet_unref(packet.get());
            continue;
        }
        if (packet->flags & AV_PKT_FLAG_CORRUPT) // cut short: a copy would be cut short too
            return QCoreApplication::translate("VideoFile",
                                               "the file is incomplete; download it again.");
        av_packet_rescale_ts(packet.get(), source->streams[packet->stream_index]->time_base,
                             out->streams[index]->time_base);
        packet->stream_index = index;
        packet->pos = -1;
        result = av_interleaved_write_frame(out, packet.get());
        if (result < 0)
            return QCoreApplication::translate("VideoFile", "writing the copy failed (%1).")
                    .arg(ffmpegError(result));
    }
    if (result != AVERROR_EOF)
        return QCoreApplication::translate("VideoFile", "the file cannot be read to its end (%1).")
                .arg(ffmpegError(result));
    result = av_write_trailer(out);
    if (result < 0)
        return QCoreApplication::translate("VideoFile", "writing the copy failed (%1).")
                .arg(ffmpegError(result));
    return {};
}

} // namespace

namespace VideoFile {

int ftypSize(const QByteArray &head)
{
    if (head.size() < 8 || head.mid(4, 4) != "ftyp")
        return 0;
    const quint32 size = bigEndian32(head, 0);
    return size >= 16 && size <= quint32(MaxFtypSize) ? int(size) : 0;
}

bool isMp4(const QByteArray &head)
{
    const int size = ftypSize(head);
    if (size == 0 || head.size() < 12)
        return false;
    if (isKnownBrand(head.mid(8, 4)))
        return true;
    // Compatible brands follow the minor version, 4 bytes each.
    const int end = int(std::min<qsizetype>(size, head.size()));
    for (int offset = 16; offset + 4 <= end; offset += 4) {
        if (isKnownBrand(head.mid(offset, 4)))
            return true;
    }
    return false;
}

VideoInfo probe(const QString &path)
{
    VideoInfo info;
    Mp4Reader reader;
    if (!reader.open(path, &info.error))
        return info;
    const AVStream *stream = reader.video();
    const AVFormatContext *format = reader.format();
    info.pixelSize = QSize(stream->codecpar->width, stream->codecpar->height);
    if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0)
        info.durationMs = av_rescale_q(stream->duration, stream->time_base, AVRational { 1, 1000 });
    else if (format->duration != AV_NOPTS_VALUE && format->duration > 0)
        info.durationMs = format->duration / (AV_TIME_BASE / 1000);
    const AVRational rate
            = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
    if (rate.num > 0 && rate.den > 0)
        info.frameRate = av_q2d(rate);
    info.videoCodec = QString::fromLatin1(avcodec_get_name(stream->codecpar->codec_id));
    info.hasAudio
            = av_find_best_stream(reader.format(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) >= 0;
    info.valid = true;
    return info;
}

QImage poster(const QString &path, const QSize &maxSize)
{
    Mp4Reader reader;
    QString error;
    if (!reader.open(path, &error))
        return {};
    AVStream *stream = reader.video();
    const AVCodec *codec = avcodec_find_decoder(stream->codecpar->codec_id);
    OwnedCodecContext decoder(codec ? avcodec_alloc_context3(codec) : nullptr);
    if (!decoder || avcodec_parameters_to_context(decoder.get(), stream->codecpar) < 0)
        return {};
    decoder->thread_count = 1; // one frame: threads would only add their start-up
    if (avcodec_open2(decoder.get(), codec, nullptr) < 0)
        return {};

    // About 10 % in: past a fade from black, still the scene the video opens with.
    const qint64 start = stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0;
    qint64 target = start;
    if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0) {
        target = start + stream->duration / 10;
        if (av_seek_frame(reader.format(), stream->index, target, AVSEEK_FLAG_BACKWARD) < 0)
            av_seek_frame(reader.format(), stream->index, start, AVSEEK_FLAG_BACKWARD);
    }
    // Up to ten seconds of 30 fps past the key frame before it: enough for any file that has
    // key frames, and bounded for one that has not.
    constexpr int MaxPackets = 300;
    const OwnedFrame frame = decodeUntil(reader, decoder.get(), target, MaxPackets);
    return frame ? toImage(frame.get(), maxSize) : QImage();
}

LibraryResult writeProvenance(const QString &path, const QByteArray &json)
{
    if (json.size() > MaxProvenanceBytes || json.contains('\0')
        || !QJsonDocument::fromJson(json).isObject())
        return tagFailure(path,
                          QCoreApplication::translate(
                                  "VideoFile", "what was to be stored is not a JSON object."));
    Mp4Reader in;
    QString error;
    if (!in.open(path, &error))
        return tagFailure(path, error);

    // Beside the video, so the final rename stays on one file system and is atomic.
    const QFileInfo info(path);
    QTemporaryFile temporary(
            QStringLiteral("%1/.%2.XXXXXX.part").arg(info.absolutePath(), info.fileName()));
    if (!temporary.open())
        return tagFailure(
                path,
                QCoreApplication::translate("VideoFile", "its folder cannot be written (%1).")
                        .arg(temporary.errorString()));
    temporary.close();
    const QString copy = temporary.fileName();
    error = remux(in, copy, json);
    if (!error.isEmpty())
        return tagFailure(path, error);
    if (readProvenance(copy) != json)
        return tagFailure(path,
                          QCoreApplication::translate(
                                  "VideoFile", "the tag could not be read back from the copy."));

    // On disk before it replaces the original: after a crash, one of the two, whole.
    QFile written(copy);
    if (!written.open(QIODevice::ReadWrite) || ::fsync(written.handle()) != 0)
        return tagFailure(
                path,
                QCoreApplication::translate("VideoFile", "the copy could not be written to disk."));
    written.close();
    QFile::setPermissions(copy, QFile::permissions(path));
    // rename(2) replaces the original in one step (QFile::rename() refuses an existing target).
    if (std::rename(QFile::encodeName(copy).constData(), QFile::encodeName(path).constData()) != 0)
        return tagFailure(path,
                          QCoreApplication::translate("VideoFile", "it could not be replaced (%1).")
                                  .arg(QString::fromLocal8Bit(std::strerror(errno))));
    temporary.setAutoRemove(false); // it is the video now
    return {};
}

std::optional<QByteArray> readProvenance(const QString &path)
{
    Mp4Reader reader;
    QString error;
    if (!reader.open(path, &error))
        return std::nullopt;
    const AVDictionaryEntry *comment
            = av_dict_get(reader.format()->metadata, "comment", nullptr, AV_DICT_MATCH_CASE);
    if (!comment || !comment->value)
        return std::nullopt;
    const QByteArray json(comment->value,
                          qsizetype(strnlen(comment->value, MaxProvenanceBytes + 1)));
    if (json.size() > MaxProvenanceBytes || !QJsonDocument::fromJson(json).isObject())
        return std::nullopt;
    return json;
}

} // namespace VideoFile
