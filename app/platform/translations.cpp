#include "platform/translations.h"

#include "platform/logging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace {

const QString FileBase = QStringLiteral("dashscope-studio");
const QString ResourceDirectory = QStringLiteral(":/translations");
const QString EnglishSetting = QStringLiteral("en");
const QString ChineseSetting = QStringLiteral("zh_CN");

} // namespace

namespace Translations {

QStringList availableLanguages()
{
    return { QString(), EnglishSetting, ChineseSetting };
}

QString nativeName(const QString &languageSetting)
{
    // Written out rather than QLocale::nativeLanguageName(), which says "American English" and
    // "中文（中国）": language menus name the written language.
    if (languageSetting == EnglishSetting)
        return QStringLiteral("English");
    if (languageSetting == ChineseSetting)
        return QStringLiteral("简体中文");
    return {};
}

QLocale localeFor(const QString &languageSetting)
{
    if (!availableLanguages().contains(languageSetting) || languageSetting.isEmpty())
        return QLocale::system();
    return QLocale(languageSetting);
}

QString installTranslations(QCoreApplication &app, const QString &languageSetting)
{
    const bool chosen
            = !languageSetting.isEmpty() && availableLanguages().contains(languageSetting);
    const QLocale locale = localeFor(languageSetting);
    if (chosen)
        QLocale::setDefault(locale);

    // The locale's UI languages in order (LANGUAGE=de:zh_CN finds Chinese), else English, whose
    // file gives "%n task(s)" its singular and plural.
    auto *ours = new QTranslator(&app);
    if (!ours->load(locale, FileBase, QStringLiteral("_"), ResourceDirectory)
        && !ours->load(FileBase + QStringLiteral("_en"), ResourceDirectory)) {
        qCWarning(lcUi) << "No translation found in" << ResourceDirectory;
        delete ours;
        return {};
    }
    app.installTranslator(ours);
    const QString language = ours->language();

    // Qt's own strings only in the language our words are in: a half-German dialog helps no one.
    if (!language.startsWith(EnglishSetting)) {
        auto *qt = new QTranslator(&app);
        const QString directory = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
        if (qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"), directory)) {
            app.installTranslator(qt);
        } else {
            qCInfo(lcUi) << "Qt's own translation for" << language << "is not installed in"
                         << directory;
            delete qt;
        }
    }
    return language;
}

} // namespace Translations
