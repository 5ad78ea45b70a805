#pragma once

#include "cli/serviceoptions.h"
#include "domain/generationrequest.h"
#include "session/session.h"

#include <QObject>
#include <QSocketNotifier>
#include <chrono>
#include <functional>

class QCommandLineParser;
class QCoreApplication;
class TaskService;

// What the commands that run tasks share: the engine as the command line uses it, Ctrl+C, and
// following tasks until they end (commandline.cpp, videocommand.cpp, editcommand.cpp).
namespace CommandLine {

// How long a command keeps trying an endpoint that does not answer before it gives up on
// following (the task is kept for `resume`).
constexpr std::chrono::milliseconds UnreachableTimeout = std::chrono::minutes(2);

// Ctrl+C and SIGTERM arrive as a Qt signal through a self-pipe: a POSIX handler may only write().
class InterruptWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InterruptWatcher)

public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

signals:
    void interrupted();

private:
    static void handleSignal(int);

    static inline int s_pipe[2] = { -1, -1 };
    QSocketNotifier *m_notifier = nullptr;
};

// The engine as the command line uses it: the shared library, a task service, and in demo mode
// the simulator in this process.
class Engine
{
public:
    explicit Engine(const ServiceOptions &options) : m_options(options) { }

    // Opens the library and, in demo mode, starts the simulator. Prints why on failure (a local
    // problem: nothing was sent).
    bool start();

    TaskService *service() const { return m_session.tasks(); }
    const ModelCatalog &catalog() const { return m_session.catalog(); }
    Library *library() { return m_session.library(); }

private:
    ServiceOptions m_options;
    Session m_session;
};

// Runs the event loop until the follower is done (or Ctrl+C). `begin`, if given, starts the work
// once the follower listens: resuming finishes some tasks at once (those that cannot be resumed),
// and their events must be reported too.
int follow(QCoreApplication &app, Engine &engine, bool json,
           const std::function<void()> &begin = {});

// generate, video and edit: `issues` (the command's own) or the request's validation printed (exit
// 2); else its warnings and estimate printed (--dry-run and --max-cost may end it there), the
// output folder checked, the task submitted and followed.
int submitAndFollow(QCoreApplication &app, const QCommandLineParser &parser,
                    const ServiceOptions &options, const GenerationRequest &request,
                    QList<ValidationIssue> issues);

// `dashscope-studio video [options] PROMPT` (videocommand.cpp).
int runVideo(QCoreApplication &app);
// `dashscope-studio edit [options] PROMPT` (editcommand.cpp).
int runEdit(QCoreApplication &app);

} // namespace CommandLine
