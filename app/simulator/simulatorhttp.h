#pragma once

#include "protocol/taskresponse.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <chrono>
#include <functional>

class QTcpSocket;

// What the simulator's parts share about HTTP: a request as received, an answer as decided, and
// the ways an answer goes out (whole, cut short, drip-fed, or a chunked body without end).

using SimulatorHeaders = QList<QPair<QByteArray, QByteArray>>;

struct SimulatorRequest
{
    QString method;
    QString path; // decoded
    QByteArray query; // as received, percent-encoded
    SimulatorHeaders headers;
    QByteArray body;

    QByteArray header(const char *name) const;
    bool hasHeader(const char *name) const;
};

struct SimulatorReply
{
    SimulatorReply() = default;
    SimulatorReply(int httpStatus, SimulatorHeaders httpHeaders, QByteArray content,
                   qint64 cutShort = -1)
        : status(httpStatus), headers(std::move(httpHeaders)), body(std::move(content)),
          cutAfter(cutShort)
    { }

    int status = 200;
    SimulatorHeaders headers;
    QByteArray body;
    // Send only this much of the body (Content-Length stays whole), then close.
    qint64 cutAfter = -1;
    // Chunked, without end: the body is the start, then `endlessFill` repeats until the client
    // hangs up (or EndlessLimit bytes, so a forgotten client cannot keep a core busy forever).
    bool endless = false;
    QByteArray endlessFill;

    static SimulatorReply json(int status, const QJsonObject &object);
    // The API's error shape: {"request_id", "code", "message"} at top level.
    static SimulatorReply error(int status, const QString &code, const QString &message);
    // OSS's error shape: XML, with its own request id header.
    static SimulatorReply ossError(int status, const QByteArray &code, const QByteArray &message,
                                   const SimulatorHeaders &extra = {});
    static SimulatorReply html(int status, const QByteArray &page);
};

namespace SimulatorWire {

constexpr int ChinaOffsetSeconds = 8 * 3600;
constexpr qint64 EndlessLimit = qint64(64) << 30; // 64 GiB

QString newId();
QByteArray compactJson(const QJsonObject &object);
QString statusName(TaskStatus status);
bool isFinal(TaskStatus status);
// The service's own spelling ("occured") is kept: clients may match on it.
QString internalErrorMessage();
QString contentPolicyMessage();

// The raw bytes of a whole answer: status line, headers (Content-Length added), body.
QByteArray rawAnswer(const SimulatorReply &reply);

// Sends `bytes` one at a time, `interval` apart, on `socket`; stops when the client hangs up.
// `ended` runs once when the stream is over (sent or abandoned).
void dripFeed(QTcpSocket *socket, const QByteArray &bytes, std::chrono::milliseconds interval,
              const std::function<void()> &ended);
// Sends the head of `reply` and a chunked body that never ends, a little at a time as the client
// reads it (never more than about 1 MiB in flight, nothing held in memory), until the client
// hangs up. `ended` runs once then.
void streamEndless(QTcpSocket *socket, const SimulatorReply &reply,
                   const std::function<void()> &ended);

} // namespace SimulatorWire
