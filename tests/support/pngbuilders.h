#pragma once

// PNG files as the suites need them: an image's PNG bytes, and the pieces of a hostile file (a
// chunk with any type and data, a zlib stream that inflates far beyond its size). Header-only;
// a suite that includes it links ZLIB::ZLIB.

#include <QBuffer>
#include <QByteArray>
#include <QColor>
#include <QImage>
#include <QSize>
#include <QtEndian>
#include <algorithm>
#include <array>
#include <zlib.h>

// `image` as PNG bytes.
inline QByteArray pngBytes(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// A PNG of `size` filled with `colour`.
inline QByteArray pngBytes(QSize size, QColor colour)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    return pngBytes(image);
}

// One PNG chunk with its length and CRC, as a hostile file would carry it.
inline QByteArray rawPngChunk(const QByteArray &type, const QByteArray &data)
{
    QByteArray length(4, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(data.size()), length.data());
    QByteArray crc(4, Qt::Uninitialized);
    const QByteArray typeAndData = type + data;
    qToBigEndian<quint32>(
            quint32(::crc32(0, reinterpret_cast<const Bytef *>(typeAndData.constData()),
                            uInt(typeAndData.size()))),
            crc.data());
    return length + typeAndData + crc;
}

// A zlib stream of `inflated` zero bytes, made piece by piece (never holding them all).
inline QByteArray zlibBomb(qint64 inflated)
{
    z_stream stream {};
    if (deflateInit(&stream, Z_BEST_COMPRESSION) != Z_OK)
        return {};
    static const QByteArray zeros(1024 * 1024, '\0');
    std::array<char, 64 * 1024> out;
    QByteArray compressed;
    for (qint64 done = 0; done < inflated || stream.avail_in > 0;) {
        if (stream.avail_in == 0) {
            const qint64 piece = std::min<qint64>(zeros.size(), inflated - done);
            stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(zeros.constData()));
            stream.avail_in = uInt(piece);
            done += piece;
        }
        stream.next_out = reinterpret_cast<Bytef *>(out.data());
        stream.avail_out = uInt(out.size());
        deflate(&stream, Z_NO_FLUSH);
        compressed.append(out.data(), qsizetype(out.size() - stream.avail_out));
    }
    int result = Z_OK;
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef *>(out.data());
        stream.avail_out = uInt(out.size());
        result = deflate(&stream, Z_FINISH);
        compressed.append(out.data(), qsizetype(out.size() - stream.avail_out));
    }
    deflateEnd(&stream);
    return result == Z_STREAM_END ? compressed : QByteArray();
}
