#include "cli/commandline.h"
#include "desktop/desktopapp.h"
#include "platform/settings.h"
#include "platform/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

namespace {

void describeApplication()
{
    // AppDataLocation becomes ~/.local/share/dashscope-studio: the library shared by window and
    // CLI.
    QCoreApplication::setApplicationName(QStringLiteral("dashscope-studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STUDIO_VERSION));
    QCoreApplication::setOrganizationName(QString());
}

int runWindow(int argc, char *argv[])
{
    QApplication app(argc, argv);
    Translations::installTranslations(app, Settings().language());
    QGuiApplication::setApplicationDisplayName(QStringLiteral("DashScope Studio"));
    QGuiApplication::setDesktopFileName(QStringLiteral(STUDIO_APP_ID));

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QCoreApplication::translate("main",
                                        "Generate images with Alibaba Cloud Model "
                                        "Studio.\n\nCommands: %1 (see COMMAND --help).")
                    .arg(CommandLine::commands().join(QStringLiteral(", "))));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
            QStringLiteral("demo"),
            QCoreApplication::translate("main",
                                        "Use the built-in simulator: no key, nothing billed."));
    parser.addOption(demo);
    const QCommandLineOption colorScheme(
            QStringLiteral("color-scheme"),
            QCoreApplication::translate(
                    "main",
                    "Light or dark colours instead of the system's: light, dark or system."),
            QStringLiteral("scheme"), QStringLiteral("system"));
    parser.addOption(colorScheme);
    parser.process(app);

    DesktopOptions options;
    options.forceDemo = parser.isSet(demo);
    const QString scheme = parser.value(colorScheme);
    if (scheme == QLatin1String("light"))
        options.colorScheme = ColorScheme::Light;
    else if (scheme == QLatin1String("dark"))
        options.colorScheme = ColorScheme::Dark;
    else if (scheme != QLatin1String("system"))
        parser.showHelp(2);
    return runDesktop(app, options);
}

} // namespace

int main(int argc, char *argv[])
{
    describeApplication();
    // A mistyped command is answered on the command line too: it must not open the window (or
    // abort where there is no display).
    if (argc > 1 && CommandLine::isCommandLine(QString::fromLocal8Bit(argv[1]))) {
        // As given, before Qt decodes them: run() refuses arguments that are not UTF-8.
        const QByteArrayList rawArguments(argv, argv + argc);
        // stdout and stderr belong to the person: only warnings, unless QT_LOGGING_RULES says
        // otherwise.
        QLoggingCategory::setFilterRules(QStringLiteral("studio.*.info=false"));
        QCoreApplication app(argc, argv);
        Translations::installTranslations(app, Settings().language());
        return CommandLine::run(app, rawArguments);
    }
    return runWindow(argc, argv);
}
