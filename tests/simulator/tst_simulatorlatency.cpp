// The simulator's per-task times: the default split of setLatency(), and a seeded sampler
// (queue and generation drawn from a distribution) that gives the same times for the same seed,
// as the poll benchmark needs. Real sockets on 127.0.0.1:0.
#include "simulator/simulatorserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>
#include <algorithm>
#include <memory>

using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace {

struct Times
{
    qint64 queueMs = -1; // scheduled_time - submit_time
    qint64 totalMs = -1; // end_time - submit_time
};

QDateTime wireTime(const QJsonObject &output, const char *name)
{
    return QDateTime::fromString(output.value(QLatin1String(name)).toString(),
                                 QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

} // namespace

class tst_SimulatorLatency final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void defaultSplitIsUnchanged();
    void sameSeedSameTimes();
    void seededTimesFollowTheDistribution();
    void serverUsesTheSampler();

private:
    QJsonObject send(SimulatorServer &server, const QByteArray &method, const QString &path,
                     const QByteArray &body = {});
    // Creates `count` tasks on `server`, waits until each has ended, and reads its times.
    QList<Times> run(SimulatorServer &server, int count);

    ModelCatalog m_catalog = ModelCatalog::builtIn();
    std::unique_ptr<QNetworkAccessManager> m_network;
};

void tst_SimulatorLatency::init()
{
    m_network = std::make_unique<QNetworkAccessManager>();
}

void tst_SimulatorLatency::cleanup()
{
    m_network.reset();
}

QJsonObject tst_SimulatorLatency::send(SimulatorServer &server, const QByteArray &method,
                                       const QString &path, const QByteArray &body)
{
    QNetworkRequest request(QUrl(server.baseUrl().toString() + path));
    request.setRawHeader("Authorization", "Bearer sk-test");
    if (method == "POST") {
        request.setRawHeader("X-DashScope-Async", "enable");
        request.setRawHeader("Content-Type", "application/json");
    }
    std::unique_ptr<QNetworkReply> reply(m_network->sendCustomRequest(request, method, body));
    if (!reply->isFinished()) {
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        finished.wait(10000);
    }
    return QJsonDocument::fromJson(reply->readAll()).object();
}

QList<Times> tst_SimulatorLatency::run(SimulatorServer &server, int count)
{
    const QByteArray body
            = QJsonDocument(
                      QJsonObject {
                              { QLatin1String("model"), QStringLiteral("wan2.2-t2i-flash") },
                              { QLatin1String("input"),
                                QJsonObject { { QLatin1String("prompt"),
                                                QStringLiteral("a red fox") } } },
                              { QLatin1String("parameters"),
                                QJsonObject { { QLatin1String("size"), QStringLiteral("512*512") },
                                              { QLatin1String("n"), 1 } } } })
                      .toJson(QJsonDocument::Compact);
    QStringList ids;
    for (int i = 0; i < count; ++i) {
        ids.append(send(server, "POST", QStringLiteral("/services/aigc/text2image/image-synthesis"),
                        body)
                           .value(QLatin1String("output"))
                           .toObject()
                           .value(QLatin1String("task_id"))
                           .toString());
    }
    QList<Times> times;
    for (const QString &id : std::as_const(ids)) {
        if (id.isEmpty()
            || !QTest::qWaitFor([&] { return server.taskStatus(id) == TaskStatus::Succeeded; },
                                10000)) {
            return {};
        }
        const QJsonObject output = send(server, "GET", QStringLiteral("/tasks/") + id)
                                           .value(QLatin1String("output"))
                                           .toObject();
        const QDateTime submit = wireTime(output, "submit_time");
        Times t;
        t.queueMs = submit.msecsTo(wireTime(output, "scheduled_time"));
        t.totalMs = submit.msecsTo(wireTime(output, "end_time"));
        times.append(t);
    }
    return times;
}

void tst_SimulatorLatency::defaultSplitIsUnchanged()
{
    SimulatorServer server(m_catalog);
    QVERIFY(!server.listen(0).isError());
    server.setLatency(400ms);
    const QList<Times> times = run(server, 2);
    QCOMPARE(times.size(), 2);
    for (const Times &t : times) {
        QCOMPARE(t.queueMs, 100); // a quarter queued, as before there were samplers
        QCOMPARE(t.totalMs, 400);
    }
}

void tst_SimulatorLatency::sameSeedSameTimes()
{
    auto first = SimulatorServer::seededLatency(7, 300ms, 3000ms, 11000ms, 0.25);
    auto second = SimulatorServer::seededLatency(7, 300ms, 3000ms, 11000ms, 0.25);
    auto other = SimulatorServer::seededLatency(8, 300ms, 3000ms, 11000ms, 0.25);
    int differences = 0;
    for (int i = 0; i < 50; ++i) {
        const auto a = first(QStringLiteral("wan2.5-t2i-preview"));
        const auto b = second(QStringLiteral("wan2.2-t2i-flash")); // the model does not matter
        const auto c = other(QStringLiteral("wan2.5-t2i-preview"));
        QCOMPARE(a.queue, b.queue);
        QCOMPARE(a.generation, b.generation);
        differences += a.generation != c.generation ? 1 : 0;
    }
    QVERIFY(differences > 45);
}

void tst_SimulatorLatency::seededTimesFollowTheDistribution()
{
    auto sample = SimulatorServer::seededLatency(1, 300ms, 3000ms, 11000ms, 0.25);
    QList<qint64> generations;
    for (int i = 0; i < 2001; ++i) {
        const auto t = sample(QString());
        QVERIFY(t.queue >= 300ms && t.queue <= 3000ms);
        QVERIFY(t.generation > 0ms);
        generations.append(t.generation.count());
    }
    std::sort(generations.begin(), generations.end());
    const qint64 median = generations.at(1000);
    QVERIFY2(median > 10400 && median < 11600, qPrintable(QString::number(median)));
    // sigma 0.25: the 84th percentile near 11 s * e^0.25 = 14.1 s.
    const qint64 upper = generations.at(1681);
    QVERIFY2(upper > 13300 && upper < 15000, qPrintable(QString::number(upper)));
}

void tst_SimulatorLatency::serverUsesTheSampler()
{
    // Two simulators with the same seed: their tasks take the same times, in order.
    SimulatorServer a(m_catalog), b(m_catalog);
    QVERIFY(!a.listen(0).isError());
    QVERIFY(!b.listen(0).isError());
    a.setLatencySampler(SimulatorServer::seededLatency(42, 50ms, 150ms, 200ms, 0.3));
    b.setLatencySampler(SimulatorServer::seededLatency(42, 50ms, 150ms, 200ms, 0.3));
    const QList<Times> first = run(a, 4);
    const QList<Times> second = run(b, 4);
    QCOMPARE(first.size(), 4);
    QCOMPARE(second.size(), 4);
    auto expected = SimulatorServer::seededLatency(42, 50ms, 150ms, 200ms, 0.3);
    for (int i = 0; i < 4; ++i) {
        const auto drawn = expected(QString());
        QCOMPARE(first.at(i).queueMs, drawn.queue.count());
        QCOMPARE(first.at(i).totalMs, (drawn.queue + drawn.generation).count());
        QCOMPARE(second.at(i).queueMs, first.at(i).queueMs);
        QCOMPARE(second.at(i).totalMs, first.at(i).totalMs);
    }
}

QTEST_GUILESS_MAIN(tst_SimulatorLatency)
#include "tst_simulatorlatency.moc"
