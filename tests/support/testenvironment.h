#pragma once

// The environment a test gives the real dashscope-studio binary: a throwaway HOME with its own
// XDG folders (library, settings, thumbnails), the given key, no custom endpoint from the
// developer's shell, and English messages.

#include <QProcessEnvironment>
#include <QString>

inline QProcessEnvironment isolatedEnvironment(const QString &home,
                                               const QString &apiKey = QStringLiteral("sk-test"))
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
    env.insert(QStringLiteral("DASHSCOPE_API_KEY"), apiKey);
    env.remove(QStringLiteral("DASHSCOPE_HTTP_BASE_URL"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    env.remove(QStringLiteral("LANGUAGE"));
    return env;
}

// Where the binary keeps its library under that HOME.
inline QString isolatedLibraryPath(const QString &home)
{
    return home + QStringLiteral("/data/dashscope-studio/library.sqlite3");
}
