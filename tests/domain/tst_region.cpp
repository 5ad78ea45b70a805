#include "domain/region.h"

#include <QStandardPaths>
#include <QTest>

class tst_Region final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void ids()
    {
        QCOMPARE(allRegions().size(), 3);
        QCOMPARE(allRegions().constFirst(), Region::Singapore); // the default comes first
        for (Region region : allRegions()) {
            QCOMPARE(regionFromId(regionId(region)), std::optional<Region>(region));
            QVERIFY(!regionDisplayName(region).isEmpty());
        }
        QCOMPARE(regionId(Region::Singapore), QStringLiteral("singapore"));
        QCOMPARE(regionId(Region::Virginia), QStringLiteral("virginia"));
        QCOMPARE(regionId(Region::Beijing), QStringLiteral("beijing"));
    }

    void fromId_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("region"); // -1: none

        QTest::newRow("singapore") << "singapore" << int(Region::Singapore);
        QTest::newRow("case") << " Singapore " << int(Region::Singapore);
        QTest::newRow("alibaba id sg") << "ap-southeast-1" << int(Region::Singapore);
        QTest::newRow("virginia") << "VIRGINIA" << int(Region::Virginia);
        QTest::newRow("alibaba id us") << "us-east-1" << int(Region::Virginia);
        QTest::newRow("beijing") << "beijing" << int(Region::Beijing);
        QTest::newRow("alibaba id cn") << "cn-beijing" << int(Region::Beijing);
        QTest::newRow("frankfurt") << "frankfurt" << -1;
        QTest::newRow("empty") << "" << -1;
    }
    void fromId()
    {
        QFETCH(QString, text);
        QFETCH(int, region);
        const std::optional<Region> parsed = regionFromId(text);
        if (region < 0)
            QVERIFY(!parsed);
        else
            QCOMPARE(parsed, std::optional<Region>(Region(region)));
    }

    void baseUrls()
    {
        QCOMPARE(regionBaseUrl(Region::Singapore).toString(),
                 QStringLiteral("https://dashscope-intl.aliyuncs.com/api/v1"));
        QCOMPARE(regionBaseUrl(Region::Virginia).toString(),
                 QStringLiteral("https://dashscope-us.aliyuncs.com/api/v1"));
        QCOMPARE(regionBaseUrl(Region::Beijing).toString(),
                 QStringLiteral("https://dashscope.aliyuncs.com/api/v1"));
        for (Region region : allRegions())
            QVERIFY2(baseUrlProblem(regionBaseUrl(region)).isEmpty(), qPrintable(regionId(region)));
    }

    void regionFromBaseUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("region");

        QTest::newRow("sg") << "https://dashscope-intl.aliyuncs.com/api/v1"
                            << int(Region::Singapore);
        QTest::newRow("us") << "https://dashscope-us.aliyuncs.com/api/v1" << int(Region::Virginia);
        QTest::newRow("bj") << "https://dashscope.aliyuncs.com/api/v1" << int(Region::Beijing);
        QTest::newRow("workspace bj")
                << "https://llm-abc123.cn-beijing.maas.aliyuncs.com/api/v1" << int(Region::Beijing);
        QTest::newRow("workspace sg")
                << "https://ws1.ap-southeast-1.maas.aliyuncs.com/api/v1" << int(Region::Singapore);
        QTest::newRow("workspace us")
                << "https://ws1.us-east-1.maas.aliyuncs.com/api/v1" << int(Region::Virginia);
        QTest::newRow("simulator") << "http://127.0.0.1:8080/api/v1" << -1;
        QTest::newRow("hong kong") << "https://cn-hongkong.dashscope.aliyuncs.com/api/v1" << -1;
    }
    void regionFromBaseUrl()
    {
        QFETCH(QString, url);
        QFETCH(int, region);
        const std::optional<Region> found = ::regionFromBaseUrl(QUrl(url));
        if (region < 0)
            QVERIFY(!found);
        else
            QCOMPARE(found, std::optional<Region>(Region(region)));
    }

    void sameBaseUrl_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("same");
        QTest::newRow("identical") << "https://dashscope.aliyuncs.com/api/v1"
                                   << "https://dashscope.aliyuncs.com/api/v1" << true;
        QTest::newRow("trailing slash") << "https://dashscope.aliyuncs.com/api/v1/"
                                        << "https://dashscope.aliyuncs.com/api/v1" << true;
        QTest::newRow("host case") << "https://DashScope.aliyuncs.com/api/v1"
                                   << "https://dashscope.aliyuncs.com/api/v1" << true;
        QTest::newRow("other region") << "https://dashscope-intl.aliyuncs.com/api/v1"
                                      << "https://dashscope.aliyuncs.com/api/v1" << false;
        QTest::newRow("other port") << "http://127.0.0.1:8765/api/v1"
                                    << "http://127.0.0.1:8766/api/v1" << false;
        QTest::newRow("other scheme") << "http://127.0.0.1:8765/api/v1"
                                      << "https://127.0.0.1:8765/api/v1" << false;
    }
    void sameBaseUrl()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, same);
        QCOMPARE(::sameBaseUrl(QUrl(a), QUrl(b)), same);
    }
    void loopback_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("loopback");

        QTest::newRow("localhost") << "localhost" << true;
        QTest::newRow("LOCALHOST") << "LOCALHOST" << true;
        QTest::newRow("localhost.") << "localhost." << true;
        QTest::newRow("127.0.0.1") << "127.0.0.1" << true;
        QTest::newRow("127.1.2.3") << "127.1.2.3" << true;
        QTest::newRow("127.255.255.255") << "127.255.255.255" << true;
        QTest::newRow("::1") << "::1" << true;
        QTest::newRow("[::1]") << "[::1]" << true;
        QTest::newRow("128.0.0.1") << "128.0.0.1" << false;
        QTest::newRow("0.0.0.0") << "0.0.0.0" << false;
        QTest::newRow("10.0.0.1") << "10.0.0.1" << false;
        QTest::newRow("::2") << "::2" << false;
        QTest::newRow("localhost.example.com") << "localhost.example.com" << false;
        QTest::newRow("127.0.0.1.nip.io") << "127.0.0.1.nip.io" << false;
        QTest::newRow("empty") << "" << false;
    }
    void loopback()
    {
        QFETCH(QString, host);
        QFETCH(bool, loopback);
        QCOMPARE(isLoopbackHost(host), loopback);
    }

    void parseBaseUrl_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // empty: refused
        QTest::addColumn<QString>("problemMentions"); // for refused ones

        QTest::newRow("singapore") << "https://dashscope-intl.aliyuncs.com/api/v1"
                                   << "https://dashscope-intl.aliyuncs.com/api/v1"
                                   << "";
        QTest::newRow("trailing slash") << "https://dashscope.aliyuncs.com/api/v1/"
                                        << "https://dashscope.aliyuncs.com/api/v1"
                                        << "";
        QTest::newRow("spaces and case") << "  HTTPS://Dashscope-US.aliyuncs.com/api/v1//  "
                                         << "https://dashscope-us.aliyuncs.com/api/v1"
                                         << "";
        QTest::newRow("workspace domain")
                << "https://llm-ab12cd.cn-beijing.maas.aliyuncs.com/api/v1"
                << "https://llm-ab12cd.cn-beijing.maas.aliyuncs.com/api/v1"
                << "";
        QTest::newRow("bare domain") << "https://dashscope-intl.aliyuncs.com"
                                     << "https://dashscope-intl.aliyuncs.com/api/v1"
                                     << "";
        QTest::newRow("pasted endpoint") << "https://dashscope-intl.aliyuncs.com/api/v1/services/"
                                            "aigc/text2image/image-synthesis"
                                         << "https://dashscope-intl.aliyuncs.com/api/v1"
                                         << "";
        QTest::newRow("simulator http") << "http://127.0.0.1:38211/api/v1"
                                        << "http://127.0.0.1:38211/api/v1"
                                        << "";
        QTest::newRow("localhost http") << "http://localhost:8080/api/v1/"
                                        << "http://localhost:8080/api/v1"
                                        << "";
        QTest::newRow("ipv6 loopback http") << "http://[::1]:9000/api/v1"
                                            << "http://[::1]:9000/api/v1"
                                            << "";
        QTest::newRow("https loopback") << "https://127.0.0.1:9443/api/v1"
                                        << "https://127.0.0.1:9443/api/v1"
                                        << "";

        QTest::newRow("empty") << "   "
                               << ""
                               << "empty";
        QTest::newRow("no scheme") << "dashscope.aliyuncs.com/api/v1"
                                   << ""
                                   << "https://";
        QTest::newRow("http remote") << "http://dashscope.aliyuncs.com/api/v1"
                                     << ""
                                     << "unencrypted";
        QTest::newRow("http lan") << "http://192.168.1.20:8080/api/v1"
                                  << ""
                                  << "https://";
        QTest::newRow("http fake localhost") << "http://localhost.evil.example/api/v1"
                                             << ""
                                             << "https://";
        QTest::newRow("ftp") << "ftp://dashscope.aliyuncs.com/api/v1"
                             << ""
                             << "https://";
        QTest::newRow("credentials") << "https://user:secret@dashscope.aliyuncs.com/api/v1"
                                     << ""
                                     << "password";
        QTest::newRow("query") << "https://dashscope.aliyuncs.com/api/v1?x=1"
                               << ""
                               << "?";
        QTest::newRow("compatible mode") << "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
                                         << ""
                                         << "OpenAI-compatible";
        QTest::newRow("no host") << "https:///api/v1"
                                 << ""
                                 << "";
    }
    void parseBaseUrl()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QFETCH(QString, problemMentions);

        QString problem = QStringLiteral("stale");
        const QUrl url = ::parseBaseUrl(text, &problem);
        if (expected.isEmpty()) {
            QVERIFY2(!url.isValid() || url.isEmpty(), qPrintable(url.toString()));
            QVERIFY(!problem.isEmpty());
            QVERIFY(problem != QStringLiteral("stale"));
            QVERIFY2(problem.contains(problemMentions), qPrintable(problem));
            QVERIFY2(problem.endsWith(QLatin1Char('.')), qPrintable(problem)); // a sentence
        } else {
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            QCOMPARE(url.toString(), expected);
            QVERIFY(baseUrlProblem(url).isEmpty());
        }
    }

    void baseUrlProblemOnUrls()
    {
        QVERIFY(!baseUrlProblem(QUrl()).isEmpty());
        QVERIFY(!baseUrlProblem(QUrl(QStringLiteral("http://example.com/api/v1"))).isEmpty());
        QVERIFY(baseUrlProblem(QUrl(QStringLiteral("http://127.0.0.1:1/api/v1"))).isEmpty());
        QVERIFY(baseUrlProblem(QUrl(QStringLiteral("https://example.com/api/v1"))).isEmpty());
    }

    void endpoint()
    {
        Endpoint endpoint;
        QCOMPARE(endpoint.region, Region::Singapore);
        QVERIFY(!endpoint.isCustom());
        QCOMPARE(endpoint.url(QStringLiteral("tasks/abc-123")).toString(),
                 QStringLiteral("https://dashscope-intl.aliyuncs.com/api/v1/tasks/abc-123"));
        QCOMPARE(endpoint.url(QStringLiteral("/services/aigc/text2image/image-synthesis"))
                         .toString(),
                 QStringLiteral(
                         "https://dashscope-intl.aliyuncs.com/api/v1/services/aigc/text2image/"
                         "image-synthesis"));
        QCOMPARE(
                endpoint.url(QStringLiteral("tasks?page_no=1&page_size=10")).toEncoded(),
                QByteArray(
                        "https://dashscope-intl.aliyuncs.com/api/v1/tasks?page_no=1&page_size=10"));

        Endpoint custom { Region::Beijing, QUrl(QStringLiteral("http://127.0.0.1:8080/api/v1")) };
        QVERIFY(custom.isCustom());
        QCOMPARE(custom.url(QStringLiteral("tasks/x")).toString(),
                 QStringLiteral("http://127.0.0.1:8080/api/v1/tasks/x"));
        // Percent-encoding already present is kept as is; a stray space does not break the URL.
        QCOMPARE(custom.url(QStringLiteral("tasks/a%2Fb")).toEncoded(),
                 QByteArray("http://127.0.0.1:8080/api/v1/tasks/a%2Fb"));
        QVERIFY(custom.url(QStringLiteral("tasks/a b")).isValid());
        Endpoint slash { Region::Singapore,
                         QUrl(QStringLiteral(
                                 "https://ws.ap-southeast-1.maas.aliyuncs.com/api/v1/")) };
        QCOMPARE(slash.url(QStringLiteral("tasks/x")).toString(),
                 QStringLiteral("https://ws.ap-southeast-1.maas.aliyuncs.com/api/v1/tasks/x"));
        QVERIFY(!(custom == endpoint));
        QVERIFY(custom
                == (Endpoint { Region::Beijing,
                               QUrl(QStringLiteral("http://127.0.0.1:8080/api/v1")) }));
    }
};

QTEST_GUILESS_MAIN(tst_Region)
#include "tst_region.moc"
