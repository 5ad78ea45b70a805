#include "platform/logging.h"

Q_LOGGING_CATEGORY(lcApi, "studio.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTasks, "studio.tasks", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLibrary, "studio.library", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSimulator, "studio.simulator", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "studio.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMedia, "studio.media", QtInfoMsg)
