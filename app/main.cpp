#include "commandline.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <memory>

namespace {

void describeApplication()
{
    // AppDataLocation becomes ~/.local/share/dashscope-studio: the library shared by window and CLI.
    QCoreApplication::setApplicationName(QStringLiteral("dashscope-studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STUDIO_VERSION));
    QCoreApplication::setOrganizationName(QString());
}

} // namespace

int main(int argc, char *argv[])
{
    describeApplication();
    if (argc > 1 && CommandLine::isCommand(QString::fromLocal8Bit(argv[1]))) {
        // stdout and stderr belong to the person: only warnings, unless QT_LOGGING_RULES says otherwise.
        QLoggingCategory::setFilterRules(QStringLiteral("studio.*.info=false"));
        QCoreApplication app(argc, argv);
        return CommandLine::run(app);
    }
    QApplication app(argc, argv);
    QGuiApplication::setApplicationDisplayName(QStringLiteral("DashScope Studio"));
    QGuiApplication::setDesktopFileName(QStringLiteral(STUDIO_APP_ID));
    return 0;
}
