#include "simulator/simulatorhostile.h"

#include "simulator/simulatorhttp.h"

#include <QtEndian>
#include <zlib.h>

namespace {

// Raw deflate of `length` zeros from a fresh state, ending in a full flush: byte-aligned, not
// final, and referring to nothing before it, so copies of it can follow one another.
QByteArray rawDeflatedZeros(int length)
{
    z_stream stream {};
    if (deflateInit2(&stream, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    const QByteArray input(length, '\0');
    QByteArray output(int(deflateBound(&stream, uLong(length))) + 64, '\0');
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
    stream.avail_in = uInt(input.size());
    stream.next_out = reinterpret_cast<Bytef *>(output.data());
    stream.avail_out = uInt(output.size());
    deflate(&stream, Z_FULL_FLUSH);
    output.resize(int(stream.total_out));
    deflateEnd(&stream);
    return output;
}

QByteArray bigEndian(quint32 value)
{
    QByteArray bytes(4, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}

QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    const QByteArray typed = type + data;
    const auto crc = quint32(
            crc32(0, reinterpret_cast<const Bytef *>(typed.constData()), uInt(typed.size())));
    return bigEndian(quint32(data.size())) + typed + bigEndian(crc);
}

} // namespace

QByteArray SimulatorHostile::zlibZeros(qint64 length)
{
    constexpr int Segment = 1 << 20;
    static const QByteArray segment = rawDeflatedZeros(Segment);
    QByteArray out("\x78\xda", 2); // deflate, 32 KiB window, best compression
    out.reserve(int(length / Segment + 1) * segment.size() + 64);
    for (qint64 i = 0; i < length / Segment; ++i)
        out += segment;
    if (length % Segment)
        out += rawDeflatedZeros(int(length % Segment));
    out += QByteArray("\x03\x00", 2); // an empty final block
    // Adler-32 of zeros: A stays 1, B counts the bytes.
    return out + bigEndian((quint32(length % 65521) << 16) | 1U);
}

QByteArray SimulatorHostile::withTextBomb(const QByteArray &png)
{
    static const QByteArray chunk
            = pngChunk("zTXt", QByteArray("parameters\0\0", 12) + zlibZeros(TextBombBytes));
    constexpr int AfterHeader = 8 + 12 + 13; // signature, IHDR
    if (png.size() < AfterHeader)
        return png;
    return png.left(AfterHeader) + chunk + png.mid(AfterHeader);
}

QByteArray SimulatorHostile::hugePng()
{
    static const QByteArray png = [] {
        QByteArray header = bigEndian(HugeSide) + bigEndian(HugeSide);
        header += QByteArray("\x08\x00\x00\x00\x00", 5); // 8-bit grey, no interlace
        // Every row: filter 0, then black pixels.
        const QByteArray pixels = zlibZeros(qint64(HugeSide) * (HugeSide + 1));
        return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", header)
                + pngChunk("IDAT", pixels) + pngChunk("IEND", {});
    }();
    return png;
}

QByteArray SimulatorHostile::deeplyNestedJson(const QString &taskId)
{
    QByteArray json = "{\"request_id\":\"" + SimulatorWire::newId().toUtf8()
            + "\",\"output\":{\"task_id\":\"" + taskId.toUtf8()
            + "\",\"task_status\":\"SUCCEEDED\",\"results\":";
    json += QByteArray(NestingDepth, '[');
    json += QByteArray(NestingDepth, ']');
    return json + "}}";
}

QByteArray SimulatorHostile::loginPage()
{
    return "<!DOCTYPE html>\r\n<html><head><title>Sign in</title></head>\r\n<body>\r\n"
           "<h1>Sign in to continue</h1>\r\n<form method=\"post\" action=\"/login\">"
           "<input name=\"user\"><input name=\"password\" type=\"password\">"
           "<button>Sign in</button></form>\r\n</body></html>\r\n";
}

QByteArray SimulatorHostile::notAnImage()
{
    return "<!DOCTYPE html>\r\n<html><head><title>Image</title></head>\r\n<body>\r\n"
           "<img src=\"/results/image.png\" alt=\"Your image\">\r\n</body></html>\r\n";
}
