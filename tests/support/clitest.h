#pragma once

// Running the real dashscope-studio binary from a test, as the command-line suites do: start it,
// keep the event loop turning while it runs (a simulator in the test's process must answer),
// and read what it printed. The environment is isolatedEnvironment() (support/testenvironment.h).
// Header-only; a suite that uses createTaskElsewhere() links Qt Network (studio_cli does).

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QStringList>
#include <QUrl>
#include <memory>

// What one run of the binary left: its exit code (-1 when it crashed or was killed), stdout and
// stderr.
struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QStringList outLines() const
    {
        return QString::fromUtf8(out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }
    // Every non-empty line of stdout as a JSON object (what --json prints).
    QList<QJsonObject> events() const
    {
        QList<QJsonObject> list;
        for (const QByteArray &line : out.split('\n')) {
            if (!line.trimmed().isEmpty())
                list.append(QJsonDocument::fromJson(line).object());
        }
        return list;
    }
    // The --json events named `name` ("image", "video", "finished", …), in order.
    QList<QJsonObject> events(const QString &name) const
    {
        QList<QJsonObject> list;
        for (const QJsonObject &event : events()) {
            if (event.value(QStringLiteral("event")).toString() == name)
                list.append(event);
        }
        return list;
    }
};

// Starts the binary with `arguments` in `env`.
inline void startCli(QProcess *process, const QStringList &arguments,
                     const QProcessEnvironment &env)
{
    process->setProcessEnvironment(env);
    process->start(QStringLiteral(STUDIO_BINARY), arguments);
}

// Waits for a started run while the event loop turns; one that takes longer than `timeoutMs` is
// killed, and its stderr says so.
inline CliResult finishCli(QProcess *process, int timeoutMs)
{
    QSignalSpy finished(process, &QProcess::finished);
    CliResult result;
    if (process->state() != QProcess::NotRunning && !finished.wait(timeoutMs)) {
        process->kill();
        process->waitForFinished();
        result.err = "timed out\n";
    }
    result.exitCode = process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
    result.out = process->readAllStandardOutput();
    result.err += process->readAllStandardError();
    return result;
}

inline CliResult runCli(const QStringList &arguments, const QProcessEnvironment &env,
                        int timeoutMs = 120000)
{
    QProcess process;
    startCli(&process, arguments, env);
    return finishCli(&process, timeoutMs);
}

// The options that point a command at a simulator and an output folder.
inline QStringList cliServiceArguments(const QUrl &baseUrl, const QString &output)
{
    return { QStringLiteral("--base-url"), baseUrl.toString(), QStringLiteral("-o"), output };
}

// Creates a task the way the guide's cURL command does (POST `body` to `path` below `baseUrl`,
// asynchronously, with the key sk-test); returns its task_id, empty when none came back.
inline QString createTaskElsewhere(QNetworkAccessManager *network, const QUrl &baseUrl,
                                   const QString &path, const QByteArray &body)
{
    QNetworkRequest request(QUrl(baseUrl.toString() + QLatin1Char('/') + path));
    request.setRawHeader("X-DashScope-Async", "enable");
    request.setRawHeader("Authorization", "Bearer sk-test");
    request.setRawHeader("Content-Type", "application/json");
    std::unique_ptr<QNetworkReply> reply(network->post(request, body));
    QSignalSpy done(reply.get(), &QNetworkReply::finished);
    if (reply->isRunning() && !done.wait())
        return {};
    return QJsonDocument::fromJson(reply->readAll())
            .object()[QStringLiteral("output")][QStringLiteral("task_id")]
            .toString();
}
