#include "engine/resultsink.h"

#include <QCoreApplication>

namespace {

// The 12 bytes every complete PNG ends with: an empty IEND chunk and its CRC.
const QByteArray &pngEnd()
{
    static const QByteArray end = QByteArray::fromHex("0000000049454e44ae426082");
    return end;
}

// What a result that is not a PNG was, for a message a person understands. The messages keep the
// downloader's context: they are what a person sees of a download.
QString notAPngMessage(const QByteArray &head)
{
    const QByteArray start = head.left(64).trimmed().toLower();
    if (start.startsWith('<'))
        return QCoreApplication::translate(
                "ResultDownloader",
                "The image server sent a web page instead of the image; nothing was saved.");
    if (head.startsWith("\xff\xd8\xff") || (head.startsWith("RIFF") && head.mid(8, 4) == "WEBP"))
        return QCoreApplication::translate(
                "ResultDownloader",
                "The image server sent a JPEG or WebP image where a PNG was expected; nothing "
                "was saved.");
    return QCoreApplication::translate("ResultDownloader",
                                       "The service sent something that is not a PNG image.");
}

ApiError protocolError(const QString &message)
{
    return ApiError::make(ApiError::Kind::Protocol, message);
}

} // namespace

ResultSink::~ResultSink() = default;

QString ResultSink::tooLargeMessage(qint64 maxBytes) const
{
    return QCoreApplication::translate("ResultDownloader",
                                       "The image is larger than %1 MiB; it was not downloaded.")
            .arg(maxBytes >> 20);
}

PngSink::PngSink(const ImageProvenance &provenance)
    : m_chunks(ImageMetadata::provenanceChunks(provenance))
{ }

void PngSink::reset()
{
    m_head.clear();
    m_tail.clear();
    m_headDone = false;
    m_pixelSize = QSize();
}

bool PngSink::consume(const QByteArray &bytes, QByteArray *out, ApiError *error)
{
    // Only the last bytes are kept: never a copy of a whole chunk (they come a MiB at a time).
    const qsizetype endSize = pngEnd().size();
    m_tail = bytes.size() >= endSize ? bytes.right(endSize) : (m_tail + bytes).right(endSize);
    if (m_headDone) {
        *out += bytes;
        return true;
    }
    m_head += bytes;
    if (m_head.size() < ImageMetadata::PngHeaderSize)
        return true;
    // The first bytes decide: a PNG signature followed by IHDR, or not an image we save.
    m_pixelSize = ImageMetadata::pngSize(m_head);
    if (!ImageMetadata::isPng(m_head) || !m_pixelSize.isValid()) {
        *error = protocolError(notAPngMessage(m_head));
        return false;
    }
    if (qint64(m_pixelSize.width()) * m_pixelSize.height() > ImageMetadata::MaxPixels) {
        *error = protocolError(
                QCoreApplication::translate(
                        "ResultDownloader",
                        "The image claims %1×%2 pixels, more than this program opens; "
                        "it was not downloaded.")
                        .arg(m_pixelSize.width())
                        .arg(m_pixelSize.height()));
        return false;
    }
    m_headDone = true;
    const QByteArray head = std::exchange(m_head, QByteArray());
    // Signature + IHDR, then our text chunks, then the service's bytes as they come.
    *out += head.left(ImageMetadata::PngHeaderSize) + m_chunks
            + head.mid(ImageMetadata::PngHeaderSize);
    return true;
}

ResultSink::End PngSink::finish(QByteArray *, ApiError *error)
{
    if (!m_headDone) {
        *error = protocolError(notAPngMessage(m_head));
        return End::Invalid;
    }
    // A complete PNG ends with IEND, whatever Content-Length said (a server may send the length
    // of what it has of a cut-off file).
    return m_tail == pngEnd() ? End::Complete : End::Truncated;
}
