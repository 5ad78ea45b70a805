#pragma once

#include <QStringList>

class QCoreApplication;

// `dashscope-studio generate|fetch|resume|history|simulator …`: the command line, sharing the
// engine and the library with the window.
namespace CommandLine {

// Process exit codes, as documented in the man page and the README.
enum ExitCode {
    Success = 0, // every image saved
    TaskFailed = 1, // the task failed, or some images failed (the rest are saved)
    InvalidInput = 2, // bad arguments or request: nothing was sent
    AuthFailed = 3, // authentication or permission
    Unavailable = 4, // service or network unavailable after retries
    Interrupted = 130, // Ctrl+C
};

QStringList commands(); // generate, fetch, resume, history, simulator
bool isCommand(const QString &argument);

// Runs the command named in app.arguments()[1]; returns the exit code.
int run(QCoreApplication &app);

} // namespace CommandLine
