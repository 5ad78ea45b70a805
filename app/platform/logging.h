#pragma once

#include <QLoggingCategory>

// One category per area. The API key is never logged, in any category.
Q_DECLARE_LOGGING_CATEGORY(lcApi) // studio.api: requests and answers (no headers with secrets)
Q_DECLARE_LOGGING_CATEGORY(lcTasks) // studio.tasks: task lifecycle, polling, downloads
Q_DECLARE_LOGGING_CATEGORY(lcLibrary) // studio.library: database and files
Q_DECLARE_LOGGING_CATEGORY(lcSimulator) // studio.simulator
Q_DECLARE_LOGGING_CATEGORY(lcUi) // studio.ui
Q_DECLARE_LOGGING_CATEGORY(lcMedia) // studio.media: FFmpeg's own notes (see ffmpeglog.h)
