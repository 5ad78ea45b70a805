#pragma once

// The desktop object graph as the widget tests build it: everything under one temporary
// directory, a memory secret store, the built-in simulator answering quickly, nothing resumed.

#include "desktop/desktopapp.h"
#include "platform/settings.h"
#include "widgets/mainwindow.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <memory>

inline DesktopOptions desktopTestOptions(const QTemporaryDir &dir)
{
    DesktopOptions options;
    options.dataDirectory = dir.filePath(QStringLiteral("data"));
    options.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
    options.secretBackend = SecretStore::Backend::Memory;
    options.simulatorLatency = std::chrono::milliseconds(300);
    options.resumeUnfinished = false;
    Settings(options.settingsFile).setOutputDirectory(dir.filePath(QStringLiteral("images")));
    return options;
}

// Builds, starts and shows the window into `app`. Reports a test failure when it does not come
// up: callers check QTest::currentTestFailed().
inline void startDesktopForTest(const DesktopOptions &options, std::unique_ptr<DesktopApp> *app)
{
    *app = std::make_unique<DesktopApp>(options);
    const ApiError error = (*app)->initialize();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QSignalSpy started(app->get(), &DesktopApp::started);
    (*app)->start();
    QVERIFY(started.wait(5000));
    QVERIFY(QTest::qWaitForWindowExposed((*app)->window()));
}
