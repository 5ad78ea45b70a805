#include "engine/mp4sink.h"

#include "library/videofile.h"

#include <QCoreApplication>
#include <algorithm>

namespace {

// What a result that is not an MP4 was, for a message a person understands. The messages keep the
// downloader's context: they are what a person sees of a download.
QString notAnMp4Message(const QByteArray &head)
{
    const QByteArray start = head.left(64).trimmed().toLower();
    if (start.startsWith('<'))
        return QCoreApplication::translate(
                "ResultDownloader",
                "The video server sent a web page instead of the video; nothing was saved.");
    if (head.startsWith("\x89PNG") || head.startsWith("\xff\xd8\xff"))
        return QCoreApplication::translate(
                "ResultDownloader",
                "The video server sent an image where an MP4 video was expected; nothing was "
                "saved.");
    return QCoreApplication::translate("ResultDownloader",
                                       "The service sent something that is not an MP4 video.");
}

ApiError protocolError(const QString &message)
{
    return ApiError::make(ApiError::Kind::Protocol, message);
}

quint64 bigEndian(const QByteArray &bytes, int offset, int length)
{
    quint64 value = 0;
    for (int i = 0; i < length; ++i)
        value = (value << 8) | static_cast<unsigned char>(bytes.at(offset + i));
    return value;
}

// Top-level box types are four printable ASCII characters ("ftyp", "moov", "mdat", "free", …).
bool isBoxType(const QByteArray &type)
{
    return std::all_of(type.cbegin(), type.cend(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

} // namespace

QString Mp4Sink::tooLargeMessage(qint64 maxBytes) const
{
    return QCoreApplication::translate("ResultDownloader",
                                       "The video is larger than %1 MiB; it was not downloaded.")
            .arg(maxBytes >> 20);
}

void Mp4Sink::reset()
{
    m_head.clear();
    m_headDone = false;
    m_boxHeader.clear();
    m_boxLeft = 0;
    m_toEnd = false;
    m_sawMoov = false;
}

bool Mp4Sink::consume(const QByteArray &bytes, QByteArray *out, ApiError *error)
{
    if (m_headDone) {
        if (!walkBoxes(bytes, error))
            return false;
        *out += bytes;
        return true;
    }
    m_head += bytes;
    if (m_head.size() < 8)
        return true;
    // The first box decides: a whole ftyp box of a known brand, or not a video we save.
    const int ftypSize = VideoFile::ftypSize(m_head);
    if (ftypSize == 0 || (m_head.size() >= ftypSize && !VideoFile::isMp4(m_head.left(ftypSize)))) {
        *error = protocolError(notAnMp4Message(m_head));
        return false;
    }
    if (m_head.size() < ftypSize)
        return true;
    m_headDone = true;
    const QByteArray head = std::exchange(m_head, QByteArray());
    if (!walkBoxes(head, error))
        return false;
    *out += head;
    return true;
}

// Follows the top-level boxes through `bytes`: each starts with its size (32 bits; 1: a 64-bit
// size follows the type; 0: it runs to the end of the file) and its type.
bool Mp4Sink::walkBoxes(const QByteArray &bytes, ApiError *error)
{
    qsizetype position = 0;
    while (position < bytes.size() && !m_toEnd) {
        if (m_boxLeft > 0) {
            const qint64 skip = std::min<qint64>(m_boxLeft, bytes.size() - position);
            m_boxLeft -= skip;
            position += skip;
            continue;
        }
        const int wanted = m_boxHeader.size() >= 8 && bigEndian(m_boxHeader, 0, 4) == 1 ? 16 : 8;
        const qsizetype take
                = std::min<qsizetype>(wanted - m_boxHeader.size(), bytes.size() - position);
        m_boxHeader += bytes.mid(position, take);
        position += take;
        if (m_boxHeader.size() < 8
            || (m_boxHeader.size() < 16 && bigEndian(m_boxHeader, 0, 4) == 1))
            continue; // the rest of the header comes with the next bytes
        const quint64 size32 = bigEndian(m_boxHeader, 0, 4);
        const QByteArray type = m_boxHeader.mid(4, 4);
        const int headerSize = size32 == 1 ? 16 : 8;
        const quint64 size = size32 == 1 ? bigEndian(m_boxHeader, 8, 8) : size32;
        if (!isBoxType(type) || (size32 != 0 && size < quint64(headerSize))
            || size > quint64(MaxBytes)) {
            *error = protocolError(QCoreApplication::translate(
                    "ResultDownloader",
                    "The video from the service is damaged (its parts do not fit together); "
                    "nothing was saved."));
            return false;
        }
        if (type == "moov")
            m_sawMoov = true;
        m_toEnd = size32 == 0;
        m_boxLeft = m_toEnd ? 0 : qint64(size) - headerSize;
        m_boxHeader.clear();
    }
    return true;
}

ResultSink::End Mp4Sink::finish(QByteArray *, ApiError *error)
{
    if (!m_headDone) {
        *error = protocolError(notAnMp4Message(m_head));
        return End::Invalid;
    }
    // Whole when the last box ended with the last byte and the index was among them, whatever
    // Content-Length said (a server may send the length of what it has of a cut-off file).
    const bool betweenBoxes = m_toEnd || (m_boxLeft == 0 && m_boxHeader.isEmpty());
    return betweenBoxes && m_sawMoov ? End::Complete : End::Truncated;
}
