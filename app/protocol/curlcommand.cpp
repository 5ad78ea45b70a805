#include "protocol/curlcommand.h"

#include "protocol/requestencoder.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <algorithm>
#include <cstring>

namespace {

// Between the arguments, as the guide breaks its commands: a backslash-newline and an indent.
const QString Continue = QStringLiteral(" \\\n    ");

// Double quotes on purpose: the shell substitutes the variable, so the key never appears here.
const QString AuthorizationHeader
        = QStringLiteral("-H \"Authorization: Bearer $DASHSCOPE_API_KEY\"");

bool isShellSafe(QChar c)
{
    if (c.unicode() >= 0x80)
        return false;
    const char ascii = char(c.unicode());
    return (ascii >= 'a' && ascii <= 'z') || (ascii >= 'A' && ascii <= 'Z')
            || (ascii >= '0' && ascii <= '9')
            || (ascii != 0 && std::strchr("_-.,/:@%+=", ascii) != nullptr);
}

// A local input travels as a data: URI the program makes when it sends (or through an upload whose
// URL it records). The command makes the same URI from the file when it runs: the token stands in
// for it in the JSON, then becomes a shell substitution outside the body's single quotes.
QString localInputToken(int index)
{
    return QStringLiteral("DASHSCOPE_STUDIO_LOCAL_INPUT_%1").arg(index);
}

QString mimeTypeOf(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg"))
        return QStringLiteral("image/jpeg");
    if (suffix == QLatin1String("webp") || suffix == QLatin1String("bmp"))
        return QStringLiteral("image/") + suffix;
    if (suffix == QLatin1String("tif") || suffix == QLatin1String("tiff"))
        return QStringLiteral("image/tiff"); // wanx2.1-imageedit's base image may be one
    return QStringLiteral("image/png");
}

// Inside the JSON string's quotes: ends the single-quoted body, adds the data: URI in double
// quotes (so $(…) runs) and opens the single quotes again. base64 without -w and tr: the same on
// GNU and BSD systems.
QString localInputSubstitution(const QString &path)
{
    return QStringLiteral("'\"data:%1;base64,$(base64 < %2 | tr -d '\\n')\"'")
            .arg(mimeTypeOf(path), shellQuote(path));
}

QString urlText(const QUrl &url)
{
    // Encoded: what goes on the wire, and only ASCII for the shell.
    return QString::fromLatin1(url.toEncoded());
}

} // namespace

QString shellQuote(const QString &text)
{
    if (!text.isEmpty() && std::all_of(text.cbegin(), text.cend(), isShellSafe))
        return text;
    // Inside single quotes nothing is special but the closing quote itself: end the quoted part,
    // add an escaped quote, and open a new one.
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString curlCreateCommand(const Endpoint &endpoint, const ModelInfo &model,
                          const GenerationRequest &request)
{
    if (!model.isValid() || model.path.isEmpty())
        return {};
    // A file the service never saw under a URL (sent as a data: URI) is read again by the
    // command itself.
    GenerationRequest sendable = request;
    QStringList localPaths;
    for (RequestInput &input : sendable.inputs) {
        if (!input.url.isEmpty() || input.localPath.isEmpty())
            continue;
        input.url = localInputToken(int(localPaths.size()));
        localPaths << input.localPath;
    }
    // The same JSON value the client sends (it sends it compact); indented here to be read and
    // edited.
    const CreateBody encoded = RequestEncoder::createBody(sendable, model);
    if (!encoded.isValid())
        return {};
    QString body = QString::fromUtf8(QJsonDocument(encoded.json).toJson(QJsonDocument::Indented));
    while (body.endsWith(QLatin1Char('\n')))
        body.chop(1);

    QStringList parts;
    parts << QStringLiteral("curl -X POST ") + shellQuote(urlText(endpoint.url(model.path)))
          << QStringLiteral("-H 'X-DashScope-Async: enable'");
    if (RequestEncoder::needsOssResolve(request))
        parts << QStringLiteral("-H 'X-DashScope-OssResourceResolve: enable'");
    parts << AuthorizationHeader << QStringLiteral("-H 'Content-Type: application/json'")
          << QStringLiteral("-d ") + shellQuote(body);
    QString command = parts.join(Continue);
    for (int i = 0; i < localPaths.size(); ++i)
        command.replace(localInputToken(i), localInputSubstitution(localPaths.at(i)));
    return command;
}

QString curlCommand(const TaskRecord &task, const ModelInfo &model)
{
    // A task followed by id (created elsewhere) has no request of ours to repeat.
    if (task.request.model.isEmpty() || task.request.model != model.name)
        return {};
    return curlCreateCommand(task.endpoint, model, task.request);
}

QString curlPollCommand(const Endpoint &endpoint, const QString &taskId)
{
    if (taskId.isEmpty())
        return {};
    return QStringLiteral("curl -X GET ")
            + shellQuote(urlText(endpoint.url(QStringLiteral("tasks/") + taskId))) + Continue
            + AuthorizationHeader;
}

QString curlPollCommand(const TaskRecord &task)
{
    return curlPollCommand(task.endpoint, task.taskId);
}
