#include "cli/requestoptions.h"

#include "cli/output.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace CommandLine {

void addRequestOptions(QCommandLineParser &parser, const RequestOptionTexts &texts)
{
    parser.addOption({ { QStringLiteral("m"), QStringLiteral("model") },
                       tr("Model name."),
                       QStringLiteral("name") });
    if (!texts.sizeHelp.isEmpty())
        parser.addOption({ { QStringLiteral("s"), QStringLiteral("size") },
                           texts.sizeHelp,
                           QStringLiteral("size") });
    if (!texts.countHelp.isEmpty())
        parser.addOption({ { QStringLiteral("n"), QStringLiteral("count") },
                           texts.countHelp,
                           QStringLiteral("count") });
    parser.addOption({ QStringLiteral("seed"), tr("Seed, 0 to 2147483647 (default: random)."),
                       QStringLiteral("seed") });
    parser.addOption(
            { QStringLiteral("negative"), tr("Negative prompt."), QStringLiteral("text") });
    parser.addOption({ QStringLiteral("no-prompt-extend"),
                       tr("Do not let the service rewrite the prompt.") });
    parser.addOption({ QStringLiteral("watermark"), tr("Add the \"AI generated\" watermark.") });
}

void readRequestOptions(const QCommandLineParser &parser, const RequestOptionTexts &texts,
                        GenerationRequest *request, QList<ValidationIssue> *issues)
{
    request->negativePrompt = parser.value(QStringLiteral("negative"));
    request->promptExtend = !parser.isSet(QStringLiteral("no-prompt-extend"));
    request->watermark = parser.isSet(QStringLiteral("watermark"));
    if (!texts.sizeHelp.isEmpty() && parser.isSet(QStringLiteral("size"))) {
        const QString value = parser.value(QStringLiteral("size"));
        if (const auto size = GenerationRequest::parseSize(value))
            request->size = *size;
        else
            issues->append({ QStringLiteral("size"), texts.sizeProblem.arg(printable(value)) });
    }
    if (!texts.countHelp.isEmpty() && parser.isSet(QStringLiteral("count"))) {
        bool ok = false;
        const QString value = parser.value(QStringLiteral("count"));
        request->count = value.toInt(&ok);
        if (!ok)
            issues->append({ QStringLiteral("n"),
                             tr("Count \"%1\" is not a number.").arg(printable(value)) });
    }
    if (parser.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        const QString value = parser.value(QStringLiteral("seed"));
        request->seed = value.toLongLong(&ok);
        if (!ok)
            issues->append({ QStringLiteral("seed"),
                             tr("Seed \"%1\" is not a number.").arg(printable(value)) });
    }
}

void addInputFile(const QString &path, const QString &option, InputRole role,
                  GenerationRequest *request, QList<ValidationIssue> *issues)
{
    const QFileInfo file(path);
    if (!file.isFile() || !file.isReadable()) {
        issues->append({ inputRoleId(role),
                         tr("Cannot read the image \"%1\" given with --%2.")
                                 .arg(printable(path), option) });
        return;
    }
    RequestInput input;
    input.role = role;
    input.localPath = file.absoluteFilePath();
    request->inputs.append(input);
}

} // namespace CommandLine
