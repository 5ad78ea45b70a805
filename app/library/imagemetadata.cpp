#include "library/imagemetadata.h"

#include "domain/boundednumber.h"
#include "domain/generationrequest.h"
#include "domain/requestcodec.h"
#include "platform/logging.h"

#include <QBuffer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringConverter>
#include <QtEndian>
#include <algorithm>
#include <array>
#include <climits>
#include <limits>
#include <zlib.h>

namespace {

const QByteArray PngSignature("\x89PNG\r\n\x1a\n", 8);
const QString ParametersKey = QStringLiteral("parameters");
const QString DashScopeKey = QStringLiteral("dashscope");
constexpr qint64 MaxTextChunk = 8 * 1024 * 1024; // larger text chunks are skipped
constexpr qsizetype MaxCompressedText = 1024 * 1024; // zTXt/iTXt bombs stay small
constexpr qsizetype MaxInflatedText = 1024 * 1024; // and so does what they inflate to
constexpr qint64 MaxTextBytesPerFile = 16 * 1024 * 1024; // all text chunks read, together
constexpr int MaxChunksPerFile = 100000; // a real PNG has a few thousand IDAT chunks at most
constexpr qsizetype MaxKeyword = 79; // PNG: keywords are 1-79 bytes

// The keywords read() looks at; any other text chunk is skipped unread. PNG keywords are
// case-sensitive: ours matches exactly (a "DashScope" chunk is someone else's); other tools'
// are taken in any case, as they have been written.
bool isWantedKeyword(const QString &keyword)
{
    static const QStringList wanted {
        QStringLiteral("parameters"),    QStringLiteral("Software"),
        QStringLiteral("Creation Time"), QStringLiteral("invokeai_metadata"),
        QStringLiteral("Comment"),       QStringLiteral("Description"),
        QStringLiteral("Source"),
    };
    return keyword == DashScopeKey || wanted.contains(keyword, Qt::CaseInsensitive);
}

// The CRC-32 of ISO 3309 / PNG (polynomial 0xEDB88320), over chunk type and data.
quint32 crc32(const QByteArray &bytes)
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t {};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 c = 0xFFFFFFFFu;
    for (char byte : bytes)
        c = table[(c ^ quint8(byte)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

QByteArray bigEndian32(quint32 value)
{
    QByteArray bytes(4, Qt::Uninitialized);
    qToBigEndian(value, bytes.data());
    return bytes;
}

QByteArray chunk(const char type[4], const QByteArray &data)
{
    const QByteArray typeAndData = QByteArray(type, 4) + data;
    return bigEndian32(quint32(data.size())) + typeAndData + bigEndian32(crc32(typeAndData));
}

bool isLatin1Text(const QString &text)
{
    for (QChar c : text) {
        if (c.unicode() > 0xFF || c.unicode() == 0)
            return false;
    }
    return true;
}

// tEXt when the text is Latin-1 (the only encoding tEXt allows), else iTXt in UTF-8: what PIL,
// and so AUTOMATIC1111, write, and what every PNG reader understands.
QByteArray textChunk(const QString &keyword, const QString &text)
{
    if (isLatin1Text(text))
        return chunk("tEXt", keyword.toLatin1() + '\0' + text.toLatin1());
    return chunk("iTXt", keyword.toLatin1() + QByteArray("\0\0\0\0\0", 5) + text.toUtf8());
}

QByteArray internationalTextChunk(const QString &keyword, const QString &text)
{
    // keyword NUL, compression flag 0, method 0, empty language NUL, empty translated keyword NUL.
    return chunk("iTXt", keyword.toLatin1() + QByteArray("\0\0\0\0\0", 5) + text.toUtf8());
}

// A zlib stream inflated piece by piece: nullopt when damaged or when it would inflate to more
// than MaxInflatedText (a bomb stops there, the output never grows past the cap).
std::optional<QByteArray> inflateBounded(const QByteArray &zlibStream)
{
    if (zlibStream.isEmpty() || zlibStream.size() > MaxCompressedText)
        return std::nullopt;
    z_stream stream {};
    if (inflateInit(&stream) != Z_OK)
        return std::nullopt;
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(zlibStream.constData()));
    stream.avail_in = uInt(zlibStream.size());
    QByteArray text;
    std::array<char, 16 * 1024> buffer;
    int result = Z_OK;
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef *>(buffer.data());
        stream.avail_out = uInt(buffer.size());
        result = inflate(&stream, Z_NO_FLUSH); // Z_BUF_ERROR once a cut-off stream runs dry
        const qsizetype produced = qsizetype(buffer.size()) - qsizetype(stream.avail_out);
        if (text.size() + produced > MaxInflatedText) {
            result = Z_MEM_ERROR;
            break;
        }
        text.append(buffer.data(), produced);
    }
    inflateEnd(&stream);
    if (result != Z_STREAM_END) {
        qCDebug(lcLibrary) << "skipping a compressed text chunk: damaged or over" << MaxInflatedText
                           << "bytes";
        return std::nullopt;
    }
    return text;
}

QString decodeLatin1(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes);
}

// One text chunk's keyword and text, or an empty keyword when it is damaged.
std::pair<QString, QString> parseTextChunk(const QByteArray &type, const QByteArray &data)
{
    const qsizetype nul = data.indexOf('\0');
    if (nul <= 0)
        return {};
    const QString keyword = decodeLatin1(data.left(nul));
    if (type == "tEXt")
        return { keyword, decodeLatin1(data.mid(nul + 1)) };
    if (type == "zTXt") {
        if (data.size() < nul + 2 || data.at(nul + 1) != 0) // method 0: zlib
            return {};
        const std::optional<QByteArray> text = inflateBounded(data.mid(nul + 2));
        return text ? std::pair { keyword, decodeLatin1(*text) } : std::pair<QString, QString> {};
    }
    if (type == "iTXt") {
        if (data.size() < nul + 3)
            return {};
        const bool compressed = data.at(nul + 1) != 0;
        if (compressed && data.at(nul + 2) != 0) // method 0: zlib
            return {};
        const qsizetype languageEnd = data.indexOf('\0', nul + 3);
        if (languageEnd < 0)
            return {};
        const qsizetype translatedEnd = data.indexOf('\0', languageEnd + 1);
        if (translatedEnd < 0)
            return {};
        QByteArray text = data.mid(translatedEnd + 1);
        if (compressed) {
            const std::optional<QByteArray> inflated = inflateBounded(text);
            if (!inflated)
                return {};
            text = *inflated;
        }
        return { keyword, QString::fromUtf8(text) };
    }
    return {};
}

bool isTextChunkType(const QByteArray &type)
{
    return type == "tEXt" || type == "zTXt" || type == "iTXt";
}

// The text chunks read() uses, keyword to text (the first of each keyword wins). Other chunks
// are skipped unread when the device can seek; a text chunk's keyword decides before its text
// is read or inflated. Bounded: chunks looked at, text bytes read, and what each inflates to.
QHash<QString, QString> readTextChunks(QIODevice *device)
{
    QHash<QString, QString> texts;
    if (device->read(8) != PngSignature)
        return texts;
    qint64 textBytesRead = 0;
    for (int chunks = 0; chunks < MaxChunksPerFile; ++chunks) {
        const QByteArray header = device->read(8);
        if (header.size() < 8)
            break;
        const quint32 length = qFromBigEndian<quint32>(header.constData());
        const QByteArray type = header.mid(4, 4);
        if (type == "IEND" || length > 0x7FFFFFFFu)
            break;
        if (!isTextChunkType(type) || length > MaxTextChunk
            || textBytesRead + length > MaxTextBytesPerFile) {
            if (!device->skip(qint64(length) + 4))
                break;
            continue;
        }
        // The keyword first: only the keywords we use are read further, and only once.
        QByteArray data = device->read(std::min<qint64>(length, MaxKeyword + 1));
        if (data.size() != std::min<qint64>(length, MaxKeyword + 1))
            break;
        const qsizetype nul = data.indexOf('\0');
        const QString keyword = decodeLatin1(data.left(nul));
        if (nul <= 0 || !isWantedKeyword(keyword) || texts.contains(keyword)) {
            if (!device->skip(qint64(length) - data.size() + 4))
                break;
            continue;
        }
        textBytesRead += length;
        data += device->read(qint64(length) - data.size());
        const QByteArray crc = device->read(4);
        if (data.size() != qsizetype(length) || crc.size() != 4)
            break;
        if (qFromBigEndian<quint32>(crc.constData()) != crc32(type + data)) {
            qCDebug(lcLibrary) << "skipping a text chunk with a bad CRC";
            continue;
        }
        const auto [parsedKeyword, text] = parseTextChunk(type, data);
        if (!parsedKeyword.isEmpty() && !texts.contains(parsedKeyword))
            texts.insert(parsedKeyword, text);
    }
    return texts;
}

// The text of `key`: the chunk spelled exactly so when there is one, else (never for ours) a
// case variant, the same one whatever the hash's order (the smallest keyword).
QString textFor(const QHash<QString, QString> &texts, const QString &key)
{
    const auto exact = texts.constFind(key);
    if (exact != texts.cend())
        return exact.value();
    if (key == DashScopeKey)
        return {};
    const QString *found = nullptr;
    const QString *foundKeyword = nullptr;
    for (auto it = texts.cbegin(); it != texts.cend(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0
            && (!foundKeyword || it.key() < *foundKeyword)) {
            foundKeyword = &it.key();
            found = &it.value();
        }
    }
    return found ? *found : QString();
}

// --- A1111 parameters -------------------------------------------------------------------------

// AUTOMATIC1111's quote(): plain unless the value holds a comma, colon or newline, then a JSON
// string.
QString quoteParameter(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char(':'))
        && !value.contains(QLatin1Char('\n')))
        return value;
    const QByteArray json = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2)); // strip [ ]
}

QString unquoteParameter(const QString &value)
{
    if (value.size() < 2 || !value.startsWith(QLatin1Char('"'))
        || !value.endsWith(QLatin1Char('"')))
        return value;
    const QJsonDocument doc
            = QJsonDocument::fromJson(QByteArray("[") + value.toUtf8() + QByteArray("]"));
    if (!doc.isArray() || doc.array().size() != 1)
        return value;
    return doc.array().first().toString();
}

// AUTOMATIC1111's re_param, key: value pairs separated by commas, values optionally JSON-quoted.
const QRegularExpression &parameterPattern()
{
    static const QRegularExpression pattern(
            QStringLiteral(R"re(\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$))re"),
            QRegularExpression::UseUnicodePropertiesOption);
    return pattern;
}

QList<std::pair<QString, QString>> parameterPairs(const QString &line)
{
    QList<std::pair<QString, QString>> pairs;
    for (auto it = parameterPattern().globalMatch(line); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedLength(0) == 0)
            break;
        pairs.append({ m.captured(1).trimmed(), unquoteParameter(m.captured(2).trimmed()) });
    }
    return pairs;
}

std::optional<bool> parseBool(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("yes"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("no"))
        return false;
    return std::nullopt;
}

QSize parseSize(const QString &text)
{
    return GenerationRequest::parseSize(text).value_or(QSize());
}

// A seed of any tool: a whole number >= 0, else unknown. No float-to-integer overflow.
std::optional<qint64> seedFrom(const QJsonValue &value)
{
    return toBoundedInteger(value, 0, std::numeric_limits<qint64>::max());
}

QSize sizeFrom(const QJsonObject &o)
{
    const auto width = toBoundedInteger(o.value(QLatin1String("width")), 1, INT_MAX);
    const auto height = toBoundedInteger(o.value(QLatin1String("height")), 1, INT_MAX);
    return width && height ? QSize(int(*width), int(*height)) : QSize();
}

// --- our JSON -----------------------------------------------------------------------------------

// RequestCodec's object (so the request reads as the library and the form store it) plus where
// and when: files written before the codec have the same keys and read the same.
QJsonObject toJson(const ImageProvenance &p)
{
    QJsonObject o = RequestCodec::toJson(p.request);
    const auto put = [&o](const char *key, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    put("region", p.region);
    put("task_id", p.taskId);
    put("request_id", p.requestId);
    put("actual_prompt", p.actualPrompt);
    if (p.created.isValid())
        o.insert(QLatin1String("created"), p.created.toUTC().toString(Qt::ISODateWithMs));
    put("software", p.software);
    if (p.demo)
        o.insert(QLatin1String("demo"), true);
    return o;
}

ImageProvenance fromJson(const QJsonObject &o)
{
    ImageProvenance p;
    p.request = RequestCodec::fromJson(o);
    p.region = o.value(QLatin1String("region")).toString();
    p.taskId = o.value(QLatin1String("task_id")).toString();
    p.requestId = o.value(QLatin1String("request_id")).toString();
    p.actualPrompt = o.value(QLatin1String("actual_prompt")).toString();
    const QString created = o.value(QLatin1String("created")).toString();
    if (!created.isEmpty())
        p.created = QDateTime::fromString(created, Qt::ISODateWithMs).toUTC();
    p.software = o.value(QLatin1String("software")).toString();
    p.demo = o.value(QLatin1String("demo")).toBool(false);
    return p;
}

QJsonObject jsonObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

// Other tools' own formats, for "drop any PNG": NovelAI (Description + Comment JSON) and
// InvokeAI (invokeai_metadata JSON).
std::optional<ImageProvenance> fromOtherTools(const QHash<QString, QString> &texts)
{
    const QJsonObject invoke = jsonObject(textFor(texts, QStringLiteral("invokeai_metadata")));
    if (!invoke.isEmpty()) {
        ImageProvenance p;
        p.request.prompt = invoke.value(QLatin1String("positive_prompt")).toString();
        p.request.negativePrompt = invoke.value(QLatin1String("negative_prompt")).toString();
        p.request.seed = seedFrom(invoke.value(QLatin1String("seed")));
        p.request.size = sizeFrom(invoke);
        const QJsonObject model = invoke.value(QLatin1String("model")).toObject();
        p.request.model = model.value(QLatin1String("name"))
                                  .toString(model.value(QLatin1String("model_name")).toString());
        p.software = QStringLiteral("InvokeAI");
        return p;
    }
    const QString software = textFor(texts, QStringLiteral("Software"));
    const QJsonObject comment = jsonObject(textFor(texts, QStringLiteral("Comment")));
    if (software.startsWith(QLatin1String("NovelAI")) && !comment.isEmpty()) {
        ImageProvenance p;
        p.request.prompt = comment.value(QLatin1String("prompt"))
                                   .toString(textFor(texts, QStringLiteral("Description")));
        p.request.negativePrompt = comment.value(QLatin1String("uc")).toString();
        p.request.seed = seedFrom(comment.value(QLatin1String("seed")));
        p.request.size = sizeFrom(comment);
        p.request.model = textFor(texts, QStringLiteral("Source"));
        p.software = software;
        return p;
    }
    return std::nullopt;
}

std::optional<ImageProvenance> fromTexts(const QHash<QString, QString> &texts)
{
    const QJsonObject ours = jsonObject(textFor(texts, DashScopeKey));
    if (!ours.isEmpty())
        return fromJson(ours);
    const QString parameters = textFor(texts, ParametersKey);
    if (!parameters.trimmed().isEmpty()) {
        ImageProvenance p = ImageMetadata::fromParameters(parameters);
        const QString software = textFor(texts, QStringLiteral("Software"));
        if (!software.isEmpty())
            p.software = software;
        if (!p.created.isValid()) {
            const QString creation = textFor(texts, QStringLiteral("Creation Time"));
            QDateTime created = QDateTime::fromString(creation, Qt::RFC2822Date);
            if (!created.isValid())
                created = QDateTime::fromString(creation, Qt::ISODate);
            if (created.isValid())
                p.created = created.toUTC();
        }
        return p;
    }
    return fromOtherTools(texts);
}

} // namespace

namespace ImageMetadata {

bool isPng(const QByteArray &head)
{
    return head.startsWith(PngSignature);
}

QSize pngSize(const QByteArray &head)
{
    // IHDR comes first and is 13 bytes long: only then do provenance chunks go at PngHeaderSize.
    if (!isPng(head) || head.size() < 24 || head.mid(12, 4) != "IHDR"
        || qFromBigEndian<quint32>(head.constData() + 8) != 13)
        return {};
    const quint32 width = qFromBigEndian<quint32>(head.constData() + 16);
    const quint32 height = qFromBigEndian<quint32>(head.constData() + 20);
    if (width == 0 || height == 0 || width > 0x7FFFFFFFu || height > 0x7FFFFFFFu)
        return {};
    return QSize(int(width), int(height));
}

QByteArray provenanceChunks(const ImageProvenance &provenance)
{
    return textChunk(ParametersKey, toParameters(provenance))
            + internationalTextChunk(
                    DashScopeKey,
                    QString::fromUtf8(
                            QJsonDocument(toJson(provenance)).toJson(QJsonDocument::Compact)));
}

QByteArray embed(const QByteArray &png, const ImageProvenance &provenance)
{
    if (png.size() < PngHeaderSize || !pngSize(png).isValid()
        || qFromBigEndian<quint32>(png.constData() + 8) != 13)
        return {};
    QByteArray result = png.left(PngHeaderSize);
    result += provenanceChunks(provenance);
    // Copy every later chunk byte for byte, dropping earlier copies of our two keywords.
    qsizetype pos = PngHeaderSize;
    while (pos + 12 <= png.size()) {
        const quint32 length = qFromBigEndian<quint32>(png.constData() + pos);
        const qsizetype total = 12 + qsizetype(length);
        if (length > 0x7FFFFFFFu || pos + total > png.size())
            break; // damaged tail: kept as it is below
        const QByteArray type = png.mid(pos + 4, 4);
        bool drop = false;
        if (isTextChunkType(type)) {
            const QByteArray data = png.mid(pos + 8, length);
            const QString keyword = decodeLatin1(data.left(data.indexOf('\0')));
            drop = keyword == ParametersKey || keyword == DashScopeKey;
        }
        if (!drop)
            result += png.mid(pos, total);
        pos += total;
    }
    result += png.mid(pos);
    return result;
}

std::optional<ImageProvenance> read(const QByteArray &png)
{
    QBuffer buffer;
    buffer.setData(png);
    buffer.open(QIODevice::ReadOnly);
    return fromTexts(readTextChunks(&buffer));
}

std::optional<ImageProvenance> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return fromTexts(readTextChunks(&file));
}

QString toParameters(const ImageProvenance &p)
{
    QString text = p.request.prompt;
    if (!p.request.negativePrompt.isEmpty())
        text += QStringLiteral("\nNegative prompt: ") + p.request.negativePrompt;

    // The key: value line. A1111 has no notion of "no steps"; 0 says the service decided.
    QStringList pairs;
    const auto add = [&pairs](const QString &key, const QString &value) {
        if (!value.isEmpty())
            pairs.append(key + QStringLiteral(": ") + quoteParameter(value));
    };
    add(QStringLiteral("Steps"), QStringLiteral("0"));
    add(QStringLiteral("Sampler"), QStringLiteral("DashScope"));
    if (p.request.seed && *p.request.seed >= 0)
        add(QStringLiteral("Seed"), QString::number(*p.request.seed));
    if (p.request.size.isValid())
        add(QStringLiteral("Size"),
            QStringLiteral("%1x%2").arg(p.request.size.width()).arg(p.request.size.height()));
    add(QStringLiteral("Model"), p.request.model);
    add(QStringLiteral("Region"), p.region);
    add(QStringLiteral("Task id"), p.taskId);
    add(QStringLiteral("Request id"), p.requestId);
    add(QStringLiteral("Prompt extend"),
        p.request.promptExtend ? QStringLiteral("true") : QStringLiteral("false"));
    add(QStringLiteral("Watermark"),
        p.request.watermark ? QStringLiteral("true") : QStringLiteral("false"));
    add(QStringLiteral("Actual prompt"), p.actualPrompt);
    if (p.created.isValid())
        add(QStringLiteral("Created"), p.created.toUTC().toString(Qt::ISODate));
    add(QStringLiteral("Version"), p.software);
    return text + QLatin1Char('\n') + pairs.join(QStringLiteral(", "));
}

// The same reading as AUTOMATIC1111's parse_generation_parameters(): the last line holds the
// settings when it has at least three key: value pairs; lines before "Negative prompt:" are the
// prompt, the rest the negative prompt.
ImageProvenance fromParameters(const QString &parameters)
{
    ImageProvenance p;
    p.request.promptExtend = false; // unknown for other tools; only ours say so
    QStringList lines = parameters.trimmed().split(QLatin1Char('\n'));
    QString lastLine = lines.takeLast();
    QList<std::pair<QString, QString>> pairs = parameterPairs(lastLine);
    if (pairs.size() < 3) {
        lines.append(lastLine);
        pairs.clear();
    }

    bool inNegative = false;
    QStringList prompt;
    QStringList negative;
    for (QString line : std::as_const(lines)) {
        line = line.trimmed();
        if (line.startsWith(QLatin1String("Negative prompt:"))) {
            inNegative = true;
            line = line.mid(16).trimmed();
        }
        (inNegative ? negative : prompt).append(line);
    }
    p.request.prompt = prompt.join(QLatin1Char('\n'));
    p.request.negativePrompt = negative.join(QLatin1Char('\n'));

    for (const auto &[key, value] : std::as_const(pairs)) {
        const QString k = key.toLower();
        if (k == QLatin1String("seed")) {
            p.request.seed = toBoundedInteger(value, 0, std::numeric_limits<qint64>::max());
        } else if (k == QLatin1String("size")) {
            p.request.size = parseSize(value);
        } else if (k == QLatin1String("model")) {
            p.request.model = value;
        } else if (k == QLatin1String("region")) {
            p.region = value;
        } else if (k == QLatin1String("task id")) {
            p.taskId = value;
        } else if (k == QLatin1String("request id")) {
            p.requestId = value;
        } else if (k == QLatin1String("prompt extend")) {
            p.request.promptExtend = parseBool(value).value_or(p.request.promptExtend);
        } else if (k == QLatin1String("watermark")) {
            p.request.watermark = parseBool(value).value_or(p.request.watermark);
        } else if (k == QLatin1String("actual prompt")) {
            p.actualPrompt = value;
        } else if (k == QLatin1String("created")) {
            p.created = QDateTime::fromString(value, Qt::ISODateWithMs).toUTC();
        } else if (k == QLatin1String("version")) {
            // A1111 writes its own version as "v1.10.1".
            static const QRegularExpression a1111Version(QStringLiteral("^v\\d"));
            p.software = a1111Version.match(value).hasMatch()
                    ? QStringLiteral("Stable Diffusion web UI ") + value
                    : value;
        }
    }
    if (p.software.isEmpty() && !pairs.isEmpty()) {
        // A1111 writes "Version: v1.x"; without it the sampler tells who wrote the line.
        const bool ours = std::any_of(pairs.cbegin(), pairs.cend(), [](const auto &pair) {
            return pair.first == QLatin1String("Sampler")
                    && pair.second == QLatin1String("DashScope");
        });
        if (!ours)
            p.software = QStringLiteral("Stable Diffusion web UI");
    }
    return p;
}

QByteArray provenanceJson(const ImageProvenance &provenance)
{
    return QJsonDocument(toJson(provenance)).toJson(QJsonDocument::Compact);
}

std::optional<ImageProvenance> fromProvenanceJson(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return std::nullopt;
    return fromJson(doc.object());
}

} // namespace ImageMetadata
