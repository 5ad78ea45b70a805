#include "simulator/simulatedvideo.h"

#include "platform/ffmpeglog.h"
#include "platform/ffmpegpointers.h"
#include "platform/logging.h"
#include "simulator/simulatedimage.h"
#include "simulator/stablerandom.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <optional>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

namespace {

// Writes an RGB32 picture of the frame's size into the encoder's YUV 4:2:0 planes: BT.601,
// limited range (what H.264 in MP4 means when nothing else is said), in integers; chroma from
// each 2×2 block.
void toYuv(const QImage &picture, AVFrame *frame)
{
    const int width = frame->width;
    const int height = frame->height;
    for (int y = 0; y < height; ++y) {
        const auto *rgb = reinterpret_cast<const QRgb *>(picture.constScanLine(y));
        quint8 *row = frame->data[0] + qsizetype(y) * frame->linesize[0];
        for (int x = 0; x < width; ++x)
            row[x] = quint8(
                    ((66 * qRed(rgb[x]) + 129 * qGreen(rgb[x]) + 25 * qBlue(rgb[x]) + 128) >> 8)
                    + 16);
    }
    for (int y = 0; y < height / 2; ++y) {
        const auto *top = reinterpret_cast<const QRgb *>(picture.constScanLine(2 * y));
        const auto *bottom = reinterpret_cast<const QRgb *>(picture.constScanLine(2 * y + 1));
        quint8 *u = frame->data[1] + qsizetype(y) * frame->linesize[1];
        quint8 *v = frame->data[2] + qsizetype(y) * frame->linesize[2];
        for (int x = 0; x < width / 2; ++x) {
            const QRgb p[4] = { top[2 * x], top[2 * x + 1], bottom[2 * x], bottom[2 * x + 1] };
            int r = 0, g = 0, b = 0;
            for (const QRgb c : p) {
                r += qRed(c);
                g += qGreen(c);
                b += qBlue(c);
            }
            // The block's sums are four times the mean: shift by two more.
            u[x] = quint8(((-38 * r - 74 * g + 112 * b + 512) >> 10) + 128);
            v[x] = quint8(((112 * r - 94 * g - 18 * b + 512) >> 10) + 128);
        }
    }
}

// Where a column or row of the picture samples its source: two neighbours and the second's
// weight, 0 to 256 (bilinear, in integers: quick, and the same everywhere).
struct Tap
{
    int first = 0, second = 0, weight = 0;
};

std::vector<Tap> taps(int count, double start, double step, int limit)
{
    std::vector<Tap> result(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        const double at = std::clamp(start + (i + 0.5) * step - 0.5, 0.0, double(limit - 1));
        const int first = int(at);
        result[size_t(i)] = { first, std::min(first + 1, limit - 1), int((at - first) * 256) };
    }
    return result;
}

// `window` (in `source`'s pixels) drawn over the whole of `out`, mixed into what `out` holds
// by `weight` (0 to 256; 256 replaces it).
void drawWindow(QImage &out, const QImage &source, const QRectF &window, int weight = 256)
{
    const std::vector<Tap> columns
            = taps(out.width(), window.left(), window.width() / out.width(), source.width());
    const std::vector<Tap> rows
            = taps(out.height(), window.top(), window.height() / out.height(), source.height());
    for (int y = 0; y < out.height(); ++y) {
        const Tap &row = rows[size_t(y)];
        const auto *top = reinterpret_cast<const QRgb *>(source.constScanLine(row.first));
        const auto *bottom = reinterpret_cast<const QRgb *>(source.constScanLine(row.second));
        auto *line = reinterpret_cast<QRgb *>(out.scanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            const Tap &column = columns[size_t(x)];
            const QRgb a = top[column.first], b = top[column.second];
            const QRgb c = bottom[column.first], d = bottom[column.second];
            const auto mix = [&](int shift) {
                const int p = int((a >> shift) & 0xff), q = int((b >> shift) & 0xff);
                const int r = int((c >> shift) & 0xff), t = int((d >> shift) & 0xff);
                const int upper = p * 256 + (q - p) * column.weight;
                const int lower = r * 256 + (t - r) * column.weight;
                const int value = (upper * 256 + (lower - upper) * row.weight + 32768) >> 16;
                if (weight >= 256)
                    return value;
                const int was = int((line[x] >> shift) & 0xff);
                return was + (((value - was) * weight + 128) >> 8);
            };
            line[x] = qRgb(mix(16), mix(8), mix(0));
        }
    }
}

double easeInOut(double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return t * t * (3 - 2 * t);
}

// The given images of an image-to-video, scaled once to cover the frame with room for the zoom
// (never scaled per picture).
constexpr double ZoomHeadroom = 1.15;

QImage coverScaled(const QImage &image, QSize frame)
{
    const QSize target(int(frame.width() * ZoomHeadroom), int(frame.height() * ZoomHeadroom));
    return image.convertToFormat(QImage::Format_RGB32)
            .scaled(target, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
}

// The part of `image` the camera sees at zoom `zoom` (0: all of it, 1: 1 / ZoomHeadroom of it),
// its centre moved from the middle towards `towards` (each in -1 … 1) as it narrows.
QRectF cameraWindow(const QImage &image, double zoom, QPointF towards)
{
    const double scale = 1.0 - (1.0 - 1.0 / ZoomHeadroom) * zoom;
    const double w = image.width() * scale;
    const double h = image.height() * scale;
    const double left = (image.width() - w) * (0.5 + 0.5 * towards.x());
    const double top = (image.height() - h) * (0.5 + 0.5 * towards.y());
    return { left, top, w, h };
}

// What moves in a video: the landscape, or the given images.
struct Pictures
{
    std::optional<SimulatedLandscape> landscape;
    QImage first; // image-to-video (and the first frame of first-and-last-frame)
    QImage last; // first-and-last-frame
    QPointF pan; // where the camera heads, from the seed

    // The picture `seconds` into a video of `duration` seconds, of the frame's size.
    QImage at(double seconds, double duration, QSize frame) const;
};

// The landscape is drawn at most this large (the demo's size) and scaled up: a 1080P picture
// costs little more than a demo one, and the landscape is soft enough not to show it much.
constexpr qint64 RenderPixels = 640 * 400;

QImage Pictures::at(double seconds, double duration, QSize frame) const
{
    QImage out(frame, QImage::Format_RGB32);
    if (landscape) {
        const QImage picture = landscape->render(seconds);
        if (picture.size() == frame)
            return picture;
        drawWindow(out, picture, QRectF(QPointF(0, 0), QSizeF(picture.size())));
        return out;
    }
    const double t = duration > 0 ? std::clamp(seconds / duration, 0.0, 1.0) : 0.0;
    // A slow zoom and pan over the first image; with a last image the camera arrives at it: it
    // starts as close on the last image as it ends on the first, and settles on all of it.
    drawWindow(out, first, cameraWindow(first, easeInOut(t), pan));
    if (!last.isNull()) {
        const int blend = int(std::lround(easeInOut((t - 0.2) / 0.6) * 256));
        if (blend > 0)
            drawWindow(out, last, cameraWindow(last, 1.0 - easeInOut(t), -pan), blend);
    }
    return out;
}

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
    OwnedCodecContext m_video;
    OwnedCodecContext m_audio;
    AVStream *m_videoStream = nullptr;
    AVStream *m_audioStream = nullptr;
    OwnedPacket m_packet { av_packet_alloc() };
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
    // A new picture every frame for the demo's sizes; larger videos (up to 1080P and 15 s from
    // the command-line simulator) hold each picture a few frames, which the encoder stores as
    // nearly nothing, so they still take seconds, not minutes.
    const qint64 pixels = qint64(video.size.width()) * video.size.height();
    const int holdFrames = int(std::clamp<qint64>((pixels + 640 * 360 - 1) / (640 * 360), 1, 5));
    Pictures pictures;
    if (!firstFrame.isNull()) {
        pictures.first = coverScaled(firstFrame, video.size);
        if (!lastFrame.isNull())
            pictures.last = coverScaled(lastFrame, video.size);
        const quint64 hash
                = stableHash(video.prompt.toUtf8()) ^ quint64(video.seed) * 0x9E3779B97F4A7C15ULL;
        pictures.pan = QPointF(double(hash % 201) / 100.0 - 1.0,
                               (double((hash >> 16) % 201) / 100.0 - 1.0) * 0.5);
    } else {
        QSize render = video.size;
        if (pixels > RenderPixels)
            render = (QSizeF(video.size) * std::sqrt(double(RenderPixels) / double(pixels)))
                             .toSize();
        pictures.landscape.emplace(video.prompt, video.seed, render.expandedTo(QSize(16, 16)),
                                   double(video.durationSeconds));
    }

    OwnedFrame picture(av_frame_alloc());
    if (!picture)
        return QStringLiteral("not enough memory");
    picture->format = m_video->pix_fmt;
    picture->width = m_video->width;
    picture->height = m_video->height;
    if (av_frame_get_buffer(picture.get(), 0) < 0)
        return QStringLiteral("not enough memory");

    OwnedFrame sound;
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
        if (index % holdFrames == 0) {
            // The encoder may still hold the last picture: draw into a buffer of our own.
            if (av_frame_make_writable(picture.get()) < 0)
                return QStringLiteral("not enough memory");
            // The last frame is the end of the motion: first-and-last-frame ends on the last.
            const double seconds
                    = frames > 1 ? double(index) / (frames - 1) * video.durationSeconds : 0.0;
            const QImage drawn = pictures.at(seconds, video.durationSeconds, video.size);
            if (drawn.isNull())
                return QStringLiteral("not enough memory");
            toYuv(drawn, picture.get());
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
