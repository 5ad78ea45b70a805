#include "simulator/simulatedvideo.h"

#include "platform/ffmpeglog.h"
#include "platform/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

namespace {

// FNV-1a: stable across runs (qHash is seeded per process).
quint64 stableHash(const QByteArray &data)
{
    quint64 hash = 1469598103934665603ULL;
    for (const char c : data) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

struct Yuv
{
    double y = 0, u = 128, v = 128;
};

// BT.601, limited range: what H.264 in MP4 means when nothing else is said.
Yuv toYuv(double r, double g, double b)
{
    return { 16 + 0.257 * r + 0.504 * g + 0.098 * b, 128 - 0.148 * r - 0.291 * g + 0.439 * b,
             128 + 0.439 * r - 0.368 * g - 0.071 * b };
}

// A colour from 24 bits of the hash, kept away from black and white so the gradient shows.
Yuv colour(quint64 bits)
{
    return toYuv(40 + double(bits & 0xff) * 0.7, 40 + double((bits >> 8) & 0xff) * 0.7,
                 40 + double((bits >> 16) & 0xff) * 0.7);
}

quint8 clampByte(double value)
{
    return quint8(std::clamp(value, 0.0, 255.0));
}

// Draws picture `step` into a YUV 4:2:0 frame: two colours in a gradient that drifts left, darker
// towards the bottom, and a bright bar sweeping right once a second.
void draw(AVFrame *frame, const Yuv &first, const Yuv &second, int step, int stepsPerSecond)
{
    const int width = frame->width;
    const int height = frame->height;
    const double phase = double(step) / (4.0 * stepsPerSecond); // a full drift every 4 s
    std::vector<Yuv> columns(size_t(width / 2) + 1);
    for (int x = 0; x < width; x += 2) {
        const double position = double(x) / width + phase;
        const double t = std::fabs(position - 2.0 * std::floor(position / 2.0) - 1.0); // 1→0→1
        columns[size_t(x / 2)]
                = { first.y + (second.y - first.y) * t, first.u + (second.u - first.u) * t,
                    first.v + (second.v - first.v) * t };
    }
    const int barWidth = std::max(2, width / 24);
    const int barX
            = int(double(step % stepsPerSecond) / stepsPerSecond * (width + barWidth)) - barWidth;
    for (int y = 0; y < height; ++y) {
        quint8 *row = frame->data[0] + qsizetype(y) * frame->linesize[0];
        const double shade = -40.0 * y / height;
        for (int x = 0; x < width; ++x)
            row[x] = clampByte(columns[size_t(x / 2)].y + shade);
        const int from = std::max(0, barX);
        const int to = std::min(width, barX + barWidth);
        if (from < to)
            std::fill(row + from, row + to, quint8(225));
    }
    for (int y = 0; y < height / 2; ++y) {
        quint8 *u = frame->data[1] + qsizetype(y) * frame->linesize[1];
        quint8 *v = frame->data[2] + qsizetype(y) * frame->linesize[2];
        for (int x = 0; x < width / 2; ++x) {
            u[x] = clampByte(columns[size_t(x)].u);
            v[x] = clampByte(columns[size_t(x)].v);
        }
    }
}

// Both frames of an image-to-video, scaled to cover a frame a little larger than the video (the
// zoom's headroom), as RGB32: sampled once per picture, never scaled per picture.
struct Stills
{
    QImage first;
    QImage last;
};

constexpr double ZoomHeadroom = 1.15;

QImage coverScaled(const QImage &image, QSize frame)
{
    const QSize target(int(frame.width() * ZoomHeadroom), int(frame.height() * ZoomHeadroom));
    return image.convertToFormat(QImage::Format_RGB32)
            .scaled(target, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
}

// Picture `step` of `steps` of an image-to-video: a crop that narrows from the whole scaled
// image towards its centre-right (a slow zoom and pan), crossfading to `last` when there is one.
void drawStills(AVFrame *frame, const Stills &stills, int step, int steps)
{
    const int width = frame->width;
    const int height = frame->height;
    const double t = steps > 1 ? double(step) / (steps - 1) : 0.0;
    const auto sampleOf = [&](const QImage &image, int x, int y) {
        // The visible window shrinks from the whole image to 1 / ZoomHeadroom of it.
        const double scale = 1.0 - (1.0 - 1.0 / ZoomHeadroom) * t;
        const double windowW = image.width() * scale;
        const double windowH = image.height() * scale;
        const double left = (image.width() - windowW) * (0.5 + 0.5 * t);
        const double top = (image.height() - windowH) * 0.5;
        const int sx = std::clamp(int(left + (x + 0.5) * windowW / width), 0, image.width() - 1);
        const int sy = std::clamp(int(top + (y + 0.5) * windowH / height), 0, image.height() - 1);
        return reinterpret_cast<const QRgb *>(image.constScanLine(sy))[sx];
    };
    const bool fade = !stills.last.isNull();
    for (int y = 0; y < height; ++y) {
        quint8 *row = frame->data[0] + qsizetype(y) * frame->linesize[0];
        quint8 *u = frame->data[1] + qsizetype(y / 2) * frame->linesize[1];
        quint8 *v = frame->data[2] + qsizetype(y / 2) * frame->linesize[2];
        for (int x = 0; x < width; ++x) {
            QRgb rgb = sampleOf(stills.first, x, y);
            double r = qRed(rgb), g = qGreen(rgb), b = qBlue(rgb);
            if (fade) {
                const QRgb other = sampleOf(stills.last, x, y);
                r += (qRed(other) - r) * t;
                g += (qGreen(other) - g) * t;
                b += (qBlue(other) - b) * t;
            }
            const Yuv yuv = toYuv(r, g, b);
            row[x] = clampByte(yuv.y);
            if ((x % 2) == 0 && (y % 2) == 0) {
                u[x / 2] = clampByte(yuv.u);
                v[x / 2] = clampByte(yuv.v);
            }
        }
    }
}

template<typename T, void (*Free)(T **)>
struct Freer
{
    void operator()(T *pointer) const { Free(&pointer); }
};
using CodecContext = std::unique_ptr<AVCodecContext, Freer<AVCodecContext, avcodec_free_context>>;
using Frame = std::unique_ptr<AVFrame, Freer<AVFrame, av_frame_free>>;
using Packet = std::unique_ptr<AVPacket, Freer<AVPacket, av_packet_free>>;

QString ffmpegError(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return QString::fromLocal8Bit(text);
}

// One encoding into one MP4 file.
class Mp4Writer final
{
public:
    ~Mp4Writer()
    {
        if (m_out) {
            if (m_out->pb)
                avio_closep(&m_out->pb);
            avformat_free_context(m_out);
        }
    }

    QString open(const QString &path, const SimulatedVideo &video);
    bool hasFile() const { return m_out && m_out->pb; } // `path` was created or emptied
    QString encode(const SimulatedVideo &video, const QImage &firstFrame, const QImage &lastFrame);

private:
    QString addVideo(const SimulatedVideo &video);
    QString addAudio();
    // Sends `frame` (nullptr: the end) and writes every packet the encoder has ready.
    QString send(AVCodecContext *encoder, AVStream *stream, const AVFrame *frame);

    AVFormatContext *m_out = nullptr;
    CodecContext m_video;
    CodecContext m_audio;
    AVStream *m_videoStream = nullptr;
    AVStream *m_audioStream = nullptr;
    Packet m_packet { av_packet_alloc() };
};

QString Mp4Writer::open(const QString &path, const SimulatedVideo &video)
{
    // "file:" and an absolute path: never read as another protocol, and the muxer can reopen the
    // file to move the moov box to the front.
    const QByteArray url = "file:" + QFile::encodeName(QFileInfo(path).absoluteFilePath());
    if (avformat_alloc_output_context2(&m_out, nullptr, "mp4", url.constData()) < 0 || !m_out
        || !m_packet)
        return QStringLiteral("not enough memory");
    QString error = addVideo(video);
    if (error.isEmpty() && video.audio && SimulatedVideo::hasAacEncoder())
        error = addAudio();
    if (!error.isEmpty())
        return error;
    int result = avio_open(&m_out->pb, url.constData(), AVIO_FLAG_WRITE);
    if (result < 0)
        return QStringLiteral("the file cannot be written (%1)").arg(ffmpegError(result));
    AVDictionary *options = nullptr;
    av_dict_set(&options, "movflags", "+faststart", 0); // as the service's files: moov first
    result = avformat_write_header(m_out, &options);
    av_dict_free(&options);
    return result < 0
            ? QStringLiteral("the MP4 header cannot be written (%1)").arg(ffmpegError(result))
            : QString();
}

QString Mp4Writer::addVideo(const SimulatedVideo &video)
{
    const AVCodec *codec = avcodec_find_encoder_by_name("libx264");
    if (!codec)
        codec = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
    m_video.reset(codec ? avcodec_alloc_context3(codec) : nullptr);
    if (!m_video)
        return QStringLiteral("FFmpeg has neither an H.264 nor an MPEG-4 encoder");
    m_video->width = video.size.width();
    m_video->height = video.size.height();
    m_video->time_base = AVRational { 1, SimulatedVideo::FramesPerSecond };
    m_video->framerate = AVRational { SimulatedVideo::FramesPerSecond, 1 };
    m_video->pix_fmt = AV_PIX_FMT_YUV420P;
    m_video->gop_size = SimulatedVideo::FramesPerSecond; // a key frame a second
    m_video->max_b_frames = 0;
    if (m_out->oformat->flags & AVFMT_GLOBALHEADER)
        m_video->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (codec->id == AV_CODEC_ID_H264) {
        av_opt_set(m_video->priv_data, "preset", "ultrafast", 0);
        av_opt_set(m_video->priv_data, "crf", "30", 0);
    } else {
        m_video->bit_rate = qint64(video.size.width()) * video.size.height() * 2;
    }
    const int result = avcodec_open2(m_video.get(), codec, nullptr);
    if (result < 0)
        return QStringLiteral("the video encoder cannot start (%1)").arg(ffmpegError(result));
    m_videoStream = avformat_new_stream(m_out, nullptr);
    if (!m_videoStream
        || avcodec_parameters_from_context(m_videoStream->codecpar, m_video.get()) < 0)
        return QStringLiteral("not enough memory");
    m_videoStream->time_base = m_video->time_base;
    m_videoStream->avg_frame_rate = m_video->framerate;
    return {};
}

QString Mp4Writer::addAudio()
{
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
    m_audio.reset(codec ? avcodec_alloc_context3(codec) : nullptr);
    if (!m_audio)
        return QStringLiteral("not enough memory");
    m_audio->sample_fmt = AV_SAMPLE_FMT_FLTP; // the only format FFmpeg's AAC encoder takes
    m_audio->sample_rate = 48000;
    av_channel_layout_default(&m_audio->ch_layout, 2);
    m_audio->bit_rate = 64000;
    m_audio->time_base = AVRational { 1, m_audio->sample_rate };
    if (m_out->oformat->flags & AVFMT_GLOBALHEADER)
        m_audio->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    const int result = avcodec_open2(m_audio.get(), codec, nullptr);
    if (result < 0)
        return QStringLiteral("the audio encoder cannot start (%1)").arg(ffmpegError(result));
    m_audioStream = avformat_new_stream(m_out, nullptr);
    if (!m_audioStream
        || avcodec_parameters_from_context(m_audioStream->codecpar, m_audio.get()) < 0)
        return QStringLiteral("not enough memory");
    m_audioStream->time_base = m_audio->time_base;
    return {};
}

QString Mp4Writer::send(AVCodecContext *encoder, AVStream *stream, const AVFrame *frame)
{
    int result = avcodec_send_frame(encoder, frame);
    if (result < 0)
        return QStringLiteral("encoding failed (%1)").arg(ffmpegError(result));
    while ((result = avcodec_receive_packet(encoder, m_packet.get())) == 0) {
        av_packet_rescale_ts(m_packet.get(), encoder->time_base, stream->time_base);
        m_packet->stream_index = stream->index;
        result = av_interleaved_write_frame(m_out, m_packet.get());
        if (result < 0)
            return QStringLiteral("writing the MP4 failed (%1)").arg(ffmpegError(result));
    }
    return result == AVERROR(EAGAIN) || result == AVERROR_EOF
            ? QString()
            : QStringLiteral("encoding failed (%1)").arg(ffmpegError(result));
}

QString Mp4Writer::encode(const SimulatedVideo &video, const QImage &firstFrame,
                          const QImage &lastFrame)
{
    // A new picture every HoldFrames frames; the frames between repeat it and cost the encoder
    // almost nothing, which keeps a 15 s 1080P video to a few seconds of work.
    constexpr int HoldFrames = 5;
    const quint64 hash
            = stableHash(video.prompt.toUtf8()) ^ quint64(video.seed) * 0x9E3779B97F4A7C15ULL;
    const Yuv first = colour(hash);
    const Yuv second = colour(hash >> 24);
    Stills stills;
    if (!firstFrame.isNull()) {
        stills.first = coverScaled(firstFrame, video.size);
        if (!lastFrame.isNull())
            stills.last = coverScaled(lastFrame, video.size);
    }

    Frame picture(av_frame_alloc());
    if (!picture)
        return QStringLiteral("not enough memory");
    picture->format = m_video->pix_fmt;
    picture->width = m_video->width;
    picture->height = m_video->height;
    if (av_frame_get_buffer(picture.get(), 0) < 0)
        return QStringLiteral("not enough memory");

    Frame sound;
    qint64 samplesLeft = 0;
    if (m_audio) {
        sound.reset(av_frame_alloc());
        if (!sound)
            return QStringLiteral("not enough memory");
        sound->format = m_audio->sample_fmt;
        sound->sample_rate = m_audio->sample_rate;
        sound->nb_samples = m_audio->frame_size > 0 ? m_audio->frame_size : 1024;
        if (av_channel_layout_copy(&sound->ch_layout, &m_audio->ch_layout) < 0
            || av_frame_get_buffer(sound.get(), 0) < 0)
            return QStringLiteral("not enough memory");
        for (int channel = 0; channel < sound->ch_layout.nb_channels; ++channel)
            std::fill_n(reinterpret_cast<float *>(sound->data[channel]), sound->nb_samples, 0.0f);
        samplesLeft = qint64(video.durationSeconds) * m_audio->sample_rate;
        sound->pts = 0;
    }

    const int frames = video.durationSeconds * SimulatedVideo::FramesPerSecond;
    for (int index = 0; index < frames; ++index) {
        if (index % HoldFrames == 0) {
            // The encoder may still hold the last picture: draw into a buffer of our own.
            if (av_frame_make_writable(picture.get()) < 0)
                return QStringLiteral("not enough memory");
            if (!stills.first.isNull())
                drawStills(picture.get(), stills, index / HoldFrames,
                           (frames + HoldFrames - 1) / HoldFrames);
            else
                draw(picture.get(), first, second, index / HoldFrames,
                     SimulatedVideo::FramesPerSecond / HoldFrames);
        }
        picture->pts = index;
        QString error = send(m_video.get(), m_videoStream, picture.get());
        // Silence up to the end of this frame, so the muxer can interleave as it goes.
        const qint64 until = m_audio
                ? qint64(index + 1) * m_audio->sample_rate / SimulatedVideo::FramesPerSecond
                : 0;
        while (error.isEmpty() && sound && samplesLeft > 0 && sound->pts < until) {
            const bool last = samplesLeft < sound->nb_samples;
            if (last && (m_audio->codec->capabilities & AV_CODEC_CAP_SMALL_LAST_FRAME))
                sound->nb_samples = int(samplesLeft);
            error = send(m_audio.get(), m_audioStream, sound.get());
            samplesLeft -= sound->nb_samples;
            sound->pts += sound->nb_samples;
        }
        if (!error.isEmpty())
            return error;
    }
    QString error = send(m_video.get(), m_videoStream, nullptr);
    if (error.isEmpty() && m_audio)
        error = send(m_audio.get(), m_audioStream, nullptr);
    if (!error.isEmpty())
        return error;
    const int result = av_write_trailer(m_out);
    return result < 0 ? QStringLiteral("writing the MP4 failed (%1)").arg(ffmpegError(result))
                      : QString();
}

} // namespace

bool SimulatedVideo::hasH264Encoder()
{
    return avcodec_find_encoder_by_name("libx264") != nullptr;
}

bool SimulatedVideo::hasAacEncoder()
{
    return avcodec_find_encoder(AV_CODEC_ID_AAC) != nullptr;
}

namespace {
bool writeAnimated(const SimulatedVideo &video, const QString &path, const QImage &firstFrame,
                   const QImage &lastFrame, QString *error);
} // namespace

bool SimulatedVideo::writeMp4(const QString &path, QString *error) const
{
    return writeAnimated(*this, path, {}, {}, error);
}

namespace {

bool writeAnimated(const SimulatedVideo &video, const QString &path, const QImage &firstFrame,
                   const QImage &lastFrame, QString *error)
{
    const QSize size = video.size;
    const int durationSeconds = video.durationSeconds;
    constexpr int MaxSide = SimulatedVideo::MaxSide;
    constexpr int MaxSeconds = SimulatedVideo::MaxSeconds;
    routeFfmpegLogToQt();
    QString why;
    if (size.width() < 16 || size.height() < 16 || size.width() > MaxSide || size.height() > MaxSide
        || size.width() % 2 != 0 || size.height() % 2 != 0)
        why = QStringLiteral("the size %1×%2 is not one a video can have here")
                      .arg(size.width())
                      .arg(size.height());
    else if (durationSeconds < 1 || durationSeconds > MaxSeconds)
        why = QStringLiteral("a video lasts 1 to %1 seconds here").arg(MaxSeconds);
    bool started = false;
    if (why.isEmpty()) {
        Mp4Writer writer;
        why = writer.open(path, video);
        started = writer.hasFile();
        if (why.isEmpty())
            why = writer.encode(video, firstFrame, lastFrame);
    }
    if (why.isEmpty())
        return true;
    if (started)
        QFile::remove(path); // what was written is no video

    if (error)
        *error = QStringLiteral("The simulated video could not be made: %1.").arg(why);
    return false;
}

} // namespace

QByteArray SimulatedVideo::toMp4(QString *error) const
{
    return animate({}, {}, error);
}

QByteArray SimulatedVideo::animate(const QImage &firstFrame, const QImage &lastFrame,
                                   QString *error) const
{
    // Through a file: moving the moov box to the front needs a file the muxer can read back.
    QTemporaryFile file(QDir::tempPath() + QStringLiteral("/simulated-video-XXXXXX.mp4"));
    if (!file.open()) {
        if (error)
            *error = QStringLiteral("The simulated video could not be made: %1.")
                             .arg(file.errorString());
        return {};
    }
    if (!writeAnimated(*this, file.fileName(), firstFrame, lastFrame, error))
        return {};
    QFile written(file.fileName());
    if (!written.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("The simulated video could not be made: %1.")
                             .arg(written.errorString());
        return {};
    }
    return written.readAll();
}
