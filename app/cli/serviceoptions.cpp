#include "cli/serviceoptions.h"

#include "cli/commandline.h"
#include "cli/output.h"
#include "platform/settings.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QStringDecoder>
#include <QTemporaryFile>
#include <cerrno>

namespace CommandLine {

void addServiceOptions(QCommandLineParser &parser, bool withDemo)
{
    parser.addOption({ { QStringLiteral("r"), QStringLiteral("region") },
                       tr("Region: singapore (default), virginia or beijing."),
                       QStringLiteral("region") });
    parser.addOption({ QStringLiteral("base-url"),
                       tr("Custom base URL, e.g. a workspace domain (overrides "
                          "DASHSCOPE_HTTP_BASE_URL)."),
                       QStringLiteral("url") });
    // Each help and hint names only options this command takes (fetch and resume: no --demo).
    parser.addOption({ { QStringLiteral("o"), QStringLiteral("output") },
                       withDemo ? tr("Folder for the results (default: the window's, your Pictures "
                                     "folder/DashScope Studio unless chosen in Settings; with "
                                     "--demo, its Demo folder).")
                                : tr("Folder for the results (default: the window's, your Pictures "
                                     "folder/DashScope Studio unless chosen in Settings)."),
                       QStringLiteral("dir") });
    parser.addOption(
            { QStringLiteral("json"), tr("Print one JSON object per line: events and results.") });
    if (withDemo)
        parser.addOption({ QStringLiteral("demo"),
                           tr("Use the built-in simulator: no key, nothing billed.") });
}

int readServiceOptions(const QCommandLineParser &parser, ServiceOptions *options, bool withDemo)
{
    options->json = parser.isSet(QStringLiteral("json"));
    options->demo = withDemo && parser.isSet(QStringLiteral("demo"));

    if (parser.isSet(QStringLiteral("region"))) {
        const QString value = parser.value(QStringLiteral("region"));
        if (value.trimmed().isEmpty()) {
            printLine(stderr,
                      tr("--region needs a region: singapore, virginia or beijing. Leave the "
                         "option out for singapore."));
            return InvalidInput;
        }
        const auto region = regionFromId(value);
        if (!region) {
            printLine(stderr,
                      tr("Unknown region \"%1\". Use singapore, virginia or beijing.")
                              .arg(printable(value)));
            return InvalidInput;
        }
        options->endpoint.region = *region;
        options->endpointChosen = true;
    }
    options->endpoint.baseUrl = regionBaseUrl(options->endpoint.region);

    QString customUrl = qEnvironmentVariable("DASHSCOPE_HTTP_BASE_URL");
    if (parser.isSet(QStringLiteral("base-url"))) {
        customUrl = parser.value(QStringLiteral("base-url"));
        // An empty value must not quietly mean "the region's real, billed service".
        if (customUrl.trimmed().isEmpty()) {
            printLine(stderr,
                      tr("--base-url needs a URL, e.g. "
                         "https://dashscope-intl.aliyuncs.com/api/v1. Leave the option out to "
                         "use the region's own service."));
            return InvalidInput;
        }
    }
    if (!customUrl.isEmpty() && !options->demo) {
        QString problem;
        const QUrl url = parseBaseUrl(customUrl, &problem);
        if (!url.isValid()) {
            printLine(stderr, printable(problem));
            return InvalidInput;
        }
        options->endpoint.baseUrl = url;
        options->endpointChosen = true;
    }

    options->outputDirectory = parser.value(QStringLiteral("output"));
    if (options->outputDirectory.isEmpty()) {
        // The window's folder (Settings), so a command's results land beside the window's.
        options->outputDirectory = Settings().outputDirectory();
        // As the window does: demo results are kept apart, in a folder that says what they are.
        if (options->demo)
            options->outputDirectory += QStringLiteral("/Demo");
    }
    options->outputDirectory = QDir(options->outputDirectory).absolutePath();

    options->apiKey = qEnvironmentVariable("DASHSCOPE_API_KEY").trimmed();
    if (options->apiKey.isEmpty() && !options->demo) {
        const QString region = regionDisplayName(options->endpoint.region);
        printLine(stderr,
                  withDemo ? tr("No API key. Set DASHSCOPE_API_KEY to a Model Studio key of the "
                                "%1 region, or add --demo to try the built-in simulator.")
                                     .arg(region)
                           : tr("No API key. Set DASHSCOPE_API_KEY to a Model Studio key of the "
                                "%1 region.")
                                     .arg(region));
        return AuthFailed;
    }
    return Success;
}

int prepareOutputDirectory(const QString &directory)
{
    const QString shown = printable(QDir::toNativeSeparators(directory));
    const QFileInfo info(directory);
    if (info.exists() && !info.isDir()) {
        printLine(stderr,
                  tr("The output folder %1 is a file, not a folder. Choose a folder with -o. "
                     "Nothing was sent.")
                          .arg(shown));
        return LocalProblem;
    }
    errno = 0;
    if (!QDir().mkpath(directory)) {
        const int error = errno;
        printLine(stderr,
                  tr("Cannot create the output folder %1: %2. Choose another folder with -o. "
                     "Nothing was sent.")
                          .arg(shown, error ? qt_error_string(error) : tr("unknown reason")));
        return LocalProblem;
    }
    // Permissions, ACLs and read-only mounts all show in one real write.
    QTemporaryFile probe(directory + QStringLiteral("/.dashscope-studio-XXXXXX"));
    if (!probe.open()) {
        printLine(stderr,
                  tr("Cannot write to the output folder %1: %2. Choose another folder with -o. "
                     "Nothing was sent.")
                          .arg(shown, probe.errorString()));
        return LocalProblem;
    }
    return Success;
}

void setUpParser(QCommandLineParser &parser, const QString &command, const QString &description)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addPositionalArgument(command, tr("Command."), command);
}

bool parse(QCommandLineParser &parser, const QStringList &arguments, int *exitCode)
{
    if (!parser.parse(arguments)) {
        printLine(stderr, printable(parser.errorText()));
        *exitCode = InvalidInput;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        printLine(stdout, parser.helpText());
        *exitCode = Success;
        return false;
    }
    return true;
}

int checkArgumentsAreUtf8(const QByteArrayList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        [[maybe_unused]] const QString decoded = decoder.decode(arguments.at(i));
        if (!decoder.hasError())
            continue;
        // The bytes that are not UTF-8 shown as \xNN among the text, so the person can find them.
        const QByteArray &bytes = arguments.at(i);
        QString shown;
        for (qsizetype at = 0; at < bytes.size();) {
            const auto lead = uchar(bytes.at(at));
            const int length = lead < 0x80 ? 1
                    : (lead >> 5) == 0x6   ? 2
                    : (lead >> 4) == 0xe   ? 3
                    : (lead >> 3) == 0x1e  ? 4
                                           : 0;
            if (length > 0 && at + length <= bytes.size()) {
                QStringDecoder piece(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
                const QString character = piece.decode(bytes.mid(at, length));
                if (!piece.hasError()) {
                    shown += printable(character);
                    at += length;
                    continue;
                }
            }
            shown += QStringLiteral("\\x%1").arg(uint(lead), 2, 16, QLatin1Char('0'));
            ++at;
        }
        printLine(stderr,
                  tr("Argument %1 is not valid UTF-8 text: \"%2\". Nothing was sent; convert it "
                     "to UTF-8 (for example with iconv) and try again.")
                          .arg(i)
                          .arg(shown));
        return InvalidInput;
    }
    return Success;
}

} // namespace CommandLine
