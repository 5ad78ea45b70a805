#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

// The program's own translations are compiled from resources/translations/*.ts at build time and
// embedded as :/translations/dashscope-studio_<language>.qm. Qt's own strings (standard buttons,
// file dialogs, context menus) come from the system's qtbase_<language>.qm when it is installed.
//
// A language setting (Settings::language()) is empty for "follow the system", or "en" or "zh_CN".
namespace Translations {

// The settings a person can choose, in the order the Settings dialog lists them (system first).
QStringList availableLanguages();

// The language's name written in that language ("English", "简体中文"); empty for the system's.
QString nativeName(const QString &languageSetting);

// The locale a setting stands for: the system's for an empty or unknown setting.
QLocale localeFor(const QString &languageSetting);

// Installs our translator and Qt's on the application (both parented to it). A chosen language
// also becomes the default QLocale, so numbers and dates match the words. Returns the language
// that was loaded: "zh_CN", or "en" when the locale has no translation of its own (English is the
// source language; its file only carries the plural forms).
QString installTranslations(QCoreApplication &app, const QString &languageSetting);

} // namespace Translations
