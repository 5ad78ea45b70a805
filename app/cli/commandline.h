#pragma once

#include <QByteArrayList>
#include <QStringList>

class QCoreApplication;

// `dashscope-studio generate|video|edit|fetch|resume|history|simulator …`: the command line,
// sharing the engine and the library with the window.
namespace CommandLine {

// Process exit codes, as documented in the man page and the README.
enum ExitCode {
    Success = 0, // every image saved
    TaskFailed = 1, // the task failed, or some images failed (the rest are saved)
    InvalidInput = 2, // bad arguments or request: nothing was sent
    AuthFailed = 3, // authentication or permission
    Unavailable = 4, // service or network unavailable after retries
    LocalProblem = 5, // the library or the output folder cannot be opened or written
    Interrupted = 130, // Ctrl+C
};

QStringList commands(); // generate, video, edit, fetch, resume, history, usage, simulator
bool isCommand(const QString &argument);
// Whether argv[1] is meant for the command line rather than the window: a command, or a word
// that is neither an option nor an existing file (a mistyped command, which run() explains).
bool isCommandLine(const QString &argument);
// The command `argument` is most likely a typo of (by edit distance), or empty if none is close.
QString closestCommand(const QString &argument);

// Runs the command named in app.arguments()[1]; returns the exit code. `rawArguments` are argv
// as given, to refuse arguments that are not UTF-8.
int run(QCoreApplication &app, const QByteArrayList &rawArguments = {});

} // namespace CommandLine
