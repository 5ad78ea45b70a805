#include "cli/output.h"

#include "domain/apierror.h"
#include "domain/requestcodec.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace CommandLine {

QString tr(const char *text, const char *disambiguation, int n)
{
    return QCoreApplication::translate("CommandLine", text, disambiguation, n);
}

void printLine(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

bool isUnsafeForTerminal(char32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) // C0, DEL, C1 (0x9b is CSI, 0x9d OSC)
            || (c >= 0x202a && c <= 0x202e) // LRE, RLE, PDF, LRO, RLO
            || (c >= 0x2066 && c <= 0x2069); // LRI, RLI, FSI, PDI
}

namespace {

    QString escaped(char32_t c)
    {
        if (c < 0x100)
            return QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
        return QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
    }

} // namespace

QString printable(const QString &text, bool keepNewlines)
{
    QString result;
    result.reserve(text.size());
    for (const char32_t c : text.toUcs4()) {
        if (isUnsafeForTerminal(c) && !(keepNewlines && c == U'\n'))
            result += escaped(c);
        else
            result += QString::fromUcs4(&c, 1);
    }
    return result;
}

void printJson(const QJsonObject &object, FILE *stream)
{
    // QJsonDocument writes UTF-8 and escapes only what JSON requires (below U+0020, '"', '\').
    // The other characters printable() escapes can only occur inside strings here (the rest of
    // the document is ASCII), so writing them as \uXXXX keeps every value the same.
    const QString json = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    QString safe;
    safe.reserve(json.size());
    for (const QChar c : json) {
        if (isUnsafeForTerminal(c.unicode()))
            safe += QStringLiteral("\\u%1").arg(uint(c.unicode()), 4, 16, QLatin1Char('0'));
        else
            safe += c;
    }
    const QByteArray bytes = safe.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

QJsonObject errorJson(const ApiError &error)
{
    return { { QStringLiteral("kind"), ApiError::kindName(error.kind) },
             { QStringLiteral("http_status"), error.httpStatus },
             { QStringLiteral("code"), error.code },
             { QStringLiteral("message"), error.message },
             { QStringLiteral("request_id"), error.requestId },
             { QStringLiteral("explanation"), error.explanation() } };
}

QJsonObject requestJson(const GenerationRequest &request, const QJsonObject &fields)
{
    QJsonObject object = RequestCodec::toJson(request);
    for (auto it = fields.begin(); it != fields.end(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

} // namespace CommandLine
