#pragma once

// The simulator's suites talk to it as any HTTP client would: one request and its whole answer
// (status, error, body, headers; a redirect is an answer to look at, never followed), and a task
// polled until it is final. Header-only.

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPair>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>
#include <memory>

using SimulatorHeaders = QList<QPair<QByteArray, QByteArray>>;

struct SimulatorAnswer
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonObject output() const { return json().value(QLatin1String("output")).toObject(); }
    QString code() const { return json().value(QLatin1String("code")).toString(); }
    QString message() const { return json().value(QLatin1String("message")).toString(); }
    QString taskStatus() const { return output().value(QLatin1String("task_status")).toString(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &pair : headers) {
            if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
                return pair.second;
        }
        return {};
    }
};

// What a client of the service sends: the key on /api/ paths, and for a POST there the
// asynchronous task and JSON headers. A result URL gets no header.
inline SimulatorHeaders dashScopeHeaders(const QByteArray &method, const QUrl &url)
{
    if (!url.path().startsWith(QLatin1String("/api/")))
        return {};
    SimulatorHeaders headers = { { "Authorization", "Bearer sk-test" } };
    if (method == "POST")
        headers += { { "X-DashScope-Async", "enable" }, { "Content-Type", "application/json" } };
    return headers;
}

// Sends one request and waits (processing events) for the whole answer.
inline SimulatorAnswer sendToSimulator(QNetworkAccessManager &network, const QByteArray &method,
                                       const QUrl &url, const SimulatorHeaders &headers,
                                       const QByteArray &body = {}, int timeoutMs = 20000)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    std::unique_ptr<QNetworkReply> reply(network.sendCustomRequest(request, method, body));
    if (!reply->isFinished()) {
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        finished.wait(timeoutMs);
    }
    SimulatorAnswer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.error = reply->error();
    answer.body = reply->readAll();
    answer.headers = reply->rawHeaderPairs();
    return answer;
}

// Polls `baseUrl`/tasks/`taskId` as a client would, processing events (no sleeping), until the
// task has SUCCEEDED or FAILED or `timeoutMs` has passed; the last answer.
inline SimulatorAnswer pollUntilFinal(QNetworkAccessManager &network, const QUrl &baseUrl,
                                      const QString &taskId, int timeoutMs = 20000)
{
    const QUrl url(baseUrl.toString() + QStringLiteral("/tasks/") + taskId);
    SimulatorAnswer answer;
    [[maybe_unused]] const bool final = QTest::qWaitFor(
            [&] {
                answer = sendToSimulator(network, "GET", url, dashScopeHeaders("GET", url));
                const QString status = answer.taskStatus();
                return status == u"SUCCEEDED" || status == u"FAILED";
            },
            timeoutMs);
    return answer;
}
