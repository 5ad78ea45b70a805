#include "simulator/simulatorhttp.h"

#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>
#include <algorithm>

namespace {

QByteArray xmlEscaped(const QByteArray &text)
{
    return QString::fromUtf8(text).toHtmlEscaped().toUtf8();
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        break;
    }
    return "Unknown";
}

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

// Owned by the socket, so it goes when the connection goes; reports its end exactly once.
class Stream final : public QObject
{
public:
    Stream(QTcpSocket *socket, std::function<void()> ended)
        : QObject(socket), m_socket(socket), m_ended(std::move(ended))
    {
        connect(socket, &QTcpSocket::disconnected, this, &Stream::end);
        connect(socket, &QObject::destroyed, this, &Stream::end);
    }
    ~Stream() override { end(); }

    void end()
    {
        if (m_done)
            return;
        m_done = true;
        if (m_timer)
            m_timer->stop();
        if (m_ended)
            m_ended();
    }
    bool isLive() const { return !m_done && m_socket && m_socket->isOpen(); }

    QPointer<QTcpSocket> m_socket;
    QTimer *m_timer = nullptr;

private:
    std::function<void()> m_ended;
    bool m_done = false;
};

} // namespace

QByteArray SimulatorRequest::header(const char *name) const
{
    const QByteArray wanted(name);
    for (const auto &header : headers) {
        if (header.first.compare(wanted, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

bool SimulatorRequest::hasHeader(const char *name) const
{
    const QByteArray wanted(name);
    return std::any_of(headers.begin(), headers.end(), [&wanted](const auto &header) {
        return header.first.compare(wanted, Qt::CaseInsensitive) == 0;
    });
}

SimulatorReply SimulatorReply::json(int status, const QJsonObject &object)
{
    SimulatorReply reply;
    reply.status = status;
    reply.headers = { { "Content-Type", "application/json" } };
    reply.body = SimulatorWire::compactJson(object);
    return reply;
}

SimulatorReply SimulatorReply::error(int status, const QString &code, const QString &message)
{
    return json(status,
                { { QLatin1String("request_id"), SimulatorWire::newId() },
                  { QLatin1String("code"), code },
                  { QLatin1String("message"), message } });
}

SimulatorReply SimulatorReply::ossError(int status, const QByteArray &code,
                                        const QByteArray &message, const SimulatorHeaders &extra)
{
    const QByteArray requestId = QUuid::createUuid().toRfc4122().toHex().left(24).toUpper();
    QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n";
    xml += "  <Code>" + code + "</Code>\n";
    xml += "  <Message>" + xmlEscaped(message) + "</Message>\n";
    xml += "  <RequestId>" + requestId + "</RequestId>\n";
    xml += "  <HostId>127.0.0.1</HostId>\n";
    for (const auto &element : extra)
        xml += "  <" + element.first + ">" + xmlEscaped(element.second) + "</" + element.first
                + ">\n";
    xml += "</Error>\n";
    SimulatorReply reply;
    reply.status = status;
    reply.headers = { { "Content-Type", "application/xml" },
                      { "Server", "AliyunOSS" },
                      { "x-oss-request-id", requestId } };
    reply.body = xml;
    return reply;
}

SimulatorReply SimulatorReply::html(int status, const QByteArray &page)
{
    SimulatorReply reply;
    reply.status = status;
    reply.headers = { { "Content-Type", "text/html" }, { "Server", "Tengine" } };
    reply.body = page;
    return reply;
}

QString SimulatorWire::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QByteArray SimulatorWire::compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString SimulatorWire::statusName(TaskStatus status)
{
    switch (status) {
    case TaskStatus::Pending:
        return QStringLiteral("PENDING");
    case TaskStatus::Running:
        return QStringLiteral("RUNNING");
    case TaskStatus::Suspended:
        return QStringLiteral("SUSPENDED");
    case TaskStatus::Succeeded:
        return QStringLiteral("SUCCEEDED");
    case TaskStatus::Failed:
        return QStringLiteral("FAILED");
    case TaskStatus::Canceled:
        return QStringLiteral("CANCELED");
    case TaskStatus::Unknown:
    case TaskStatus::Other:
        break;
    }
    return QStringLiteral("UNKNOWN");
}

bool SimulatorWire::isFinal(TaskStatus status)
{
    return status == TaskStatus::Succeeded || status == TaskStatus::Failed
            || status == TaskStatus::Canceled;
}

QString SimulatorWire::internalErrorMessage()
{
    return QStringLiteral("An internal error has occured, please try your request again later.");
}

QString SimulatorWire::contentPolicyMessage()
{
    return QStringLiteral("Output data may contain inappropriate content.");
}

QByteArray SimulatorWire::rawAnswer(const SimulatorReply &reply)
{
    QByteArray raw = "HTTP/1.1 " + QByteArray::number(reply.status) + ' '
            + reasonPhrase(reply.status) + "\r\n";
    for (const auto &header : reply.headers)
        raw += header.first + ": " + header.second + "\r\n";
    if (reply.endless)
        return raw + "Transfer-Encoding: chunked\r\n\r\n" + chunk(reply.body);
    raw += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n\r\n";
    return raw + (reply.cutAfter >= 0 ? reply.body.left(reply.cutAfter) : reply.body);
}

void SimulatorWire::dripFeed(QTcpSocket *socket, const QByteArray &bytes,
                             std::chrono::milliseconds interval, const std::function<void()> &ended)
{
    auto *stream = new Stream(socket, ended);
    stream->m_timer = new QTimer(stream);
    auto sent = std::make_shared<qsizetype>(0);
    QObject::connect(stream->m_timer, &QTimer::timeout, stream, [stream, bytes, sent] {
        QTcpSocket *connection = stream->m_socket.data();
        if (!connection || !stream->isLive())
            return stream->end();
        connection->write(bytes.constData() + *sent, 1);
        if (++*sent >= bytes.size()) {
            connection->disconnectFromHost(); // after the buffered byte is out
            stream->end();
        }
    });
    if (bytes.isEmpty()) {
        stream->end();
        return;
    }
    stream->m_timer->start(std::max(interval, std::chrono::milliseconds(1)));
}

void SimulatorWire::streamEndless(QTcpSocket *socket, const SimulatorReply &reply,
                                  const std::function<void()> &ended)
{
    constexpr qint64 InFlight = 1 << 20;
    auto *stream = new Stream(socket, ended);
    // One chunk, made once and written again and again: the body is never held whole.
    QByteArray fill = reply.endlessFill.isEmpty() ? QByteArray("x") : reply.endlessFill;
    while (fill.size() < 64 * 1024)
        fill += fill;
    const QByteArray piece = chunk(fill);
    auto sent = std::make_shared<qint64>(0);
    const auto topUp = [stream, piece, sent] {
        QTcpSocket *connection = stream->m_socket.data();
        if (!connection || !stream->isLive())
            return stream->end();
        while (connection->bytesToWrite() < InFlight && *sent < EndlessLimit) {
            connection->write(piece);
            *sent += piece.size();
        }
        if (*sent >= EndlessLimit) {
            connection->disconnectFromHost();
            stream->end();
        }
    };
    QObject::connect(socket, &QTcpSocket::bytesWritten, stream, topUp);
    socket->write(rawAnswer(reply));
    topUp();
}
