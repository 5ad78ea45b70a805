#include "platform/settings.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class tst_Settings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void defaults();
    void roundTrip();
    void monthlyBudgetPerCurrency();
    void signalsOnlyOnChange();
    void concurrencyIsClamped_data();
    void concurrencyIsClamped();
    void customBaseUrl();
    void unusableStoredBaseUrlFallsBack();
    void lastRequestRoundTrip();
    void lastRequestIsOneValue();
    void lastRequestOfAnEarlierVersion();
    void windowState();
    void promptHistoryKeepsTheLastHundred();
    void colorSchemeAndStyles();

private:
    QString iniFile() const { return m_dir.filePath(QStringLiteral("settings.ini")); }
    QTemporaryDir m_dir;
};

void tst_Settings::promptHistoryKeepsTheLastHundred()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("history.ini"));
    {
        Settings settings(file);
        QVERIFY(settings.promptHistory().isEmpty());
        settings.addToPromptHistory(QStringLiteral("a cat"));
        settings.addToPromptHistory(QStringLiteral("  a cat  ")); // the same, in a row
        settings.addToPromptHistory(QStringLiteral("a dog"));
        settings.addToPromptHistory(QStringLiteral("a cat")); // again, not in a row: kept
        settings.addToPromptHistory(QString());
        // Never a key, even inside a prompt (made here: no key-shaped text in the sources).
        settings.addToPromptHistory(QStringLiteral("cat sk-") + QString(32, u'x'));
        QCOMPARE(settings.promptHistory(),
                 QStringList({ QStringLiteral("a cat"), QStringLiteral("a dog"),
                               QStringLiteral("a cat") }));
        for (int i = 0; i < 150; ++i)
            settings.addToPromptHistory(QStringLiteral("prompt %1").arg(i));
    }
    Settings reopened(file); // kept across restarts
    const QStringList history = reopened.promptHistory();
    QCOMPARE(history.size(), Settings::MaxPromptHistory);
    QCOMPARE(history.constFirst(), QStringLiteral("prompt 50"));
    QCOMPARE(history.constLast(), QStringLiteral("prompt 149"));
}

void tst_Settings::colorSchemeAndStyles()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("scheme.ini"));
    {
        Settings settings(file);
        QVERIFY(settings.colorScheme().isEmpty());
        QSignalSpy changed(&settings, &Settings::colorSchemeChanged);
        settings.setColorScheme(QStringLiteral("dark"));
        settings.setColorScheme(QStringLiteral("dark"));
        QCOMPARE(changed.size(), 1);
        settings.setColorScheme(QStringLiteral("purple")); // unknown: the system's
        QVERIFY(settings.colorScheme().isEmpty());
        QCOMPARE(changed.size(), 2);
        settings.setColorScheme(QStringLiteral("light"));
        settings.setPromptStyles({ QStringLiteral("cinematic lighting, 35mm film") });
    }
    Settings reopened(file);
    QCOMPARE(reopened.colorScheme(), QStringLiteral("light"));
    QCOMPARE(reopened.promptStyles(),
             QStringList { QStringLiteral("cinematic lighting, 35mm film") });
}

void tst_Settings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_Settings::defaults()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("fresh.ini")));
    QCOMPARE(settings.region(), Region::Singapore);
    QVERIFY(settings.customBaseUrl().isEmpty());
    QCOMPARE(settings.endpoint().baseUrl, regionBaseUrl(Region::Singapore));
    QVERIFY(!settings.endpoint().isCustom());
    QCOMPARE(settings.outputDirectory(), Settings::defaultOutputDirectory());
    QVERIFY(settings.outputDirectory().endsWith(QStringLiteral("DashScope Studio")));
    QVERIFY(settings.defaultModel().isEmpty());
    QCOMPARE(settings.maxConcurrentTasks(), Settings::DefaultConcurrentTasks);
    QVERIFY(settings.notificationsEnabled());
    const GenerationRequest form = settings.lastRequest();
    QVERIFY(form.prompt.isEmpty());
    QCOMPARE(form.count, 1);
    QVERIFY(!form.seed);
}

void tst_Settings::roundTrip()
{
    {
        Settings settings(iniFile());
        settings.setRegion(Region::Beijing);
        settings.setOutputDirectory(m_dir.filePath(QStringLiteral("out/")));
        settings.setDefaultModel(QStringLiteral("wan2.2-t2i-flash"));
        settings.setMaxConcurrentTasks(3);
        settings.setNotificationsEnabled(false);
    }
    Settings settings(iniFile());
    QCOMPARE(settings.region(), Region::Beijing);
    QCOMPARE(settings.endpoint().baseUrl, regionBaseUrl(Region::Beijing));
    QCOMPARE(settings.outputDirectory(), m_dir.filePath(QStringLiteral("out")));
    QCOMPARE(settings.defaultModel(), QStringLiteral("wan2.2-t2i-flash"));
    QCOMPARE(settings.maxConcurrentTasks(), 3);
    QVERIFY(!settings.notificationsEnabled());
}

void tst_Settings::signalsOnlyOnChange()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("signals.ini")));
    QSignalSpy endpoint(&settings, &Settings::endpointChanged);
    QSignalSpy concurrency(&settings, &Settings::maxConcurrentTasksChanged);
    QSignalSpy notifications(&settings, &Settings::notificationsEnabledChanged);
    QSignalSpy output(&settings, &Settings::outputDirectoryChanged);

    settings.setRegion(Region::Virginia);
    QCOMPARE(endpoint.size(), 1);
    QCOMPARE(endpoint.last().at(0).value<Endpoint>().region, Region::Virginia);
    settings.setRegion(Region::Virginia);
    QCOMPARE(endpoint.size(), 1);

    settings.setMaxConcurrentTasks(2);
    settings.setMaxConcurrentTasks(2);
    QCOMPARE(concurrency.size(), 1);
    QCOMPARE(concurrency.last().at(0).toInt(), 2);

    settings.setNotificationsEnabled(false);
    settings.setNotificationsEnabled(false);
    QCOMPARE(notifications.size(), 1);

    settings.setOutputDirectory(dir.filePath(QStringLiteral("a")));
    settings.setOutputDirectory(dir.filePath(QStringLiteral("a")));
    QCOMPARE(output.size(), 1);
    settings.setOutputDirectory(QString()); // back to the default
    QCOMPARE(output.size(), 2);
    QCOMPARE(settings.outputDirectory(), Settings::defaultOutputDirectory());
}

void tst_Settings::concurrencyIsClamped_data()
{
    QTest::addColumn<int>("given");
    QTest::addColumn<int>("stored");
    QTest::newRow("zero") << 0 << Settings::MinConcurrentTasks;
    QTest::newRow("negative") << -5 << Settings::MinConcurrentTasks;
    QTest::newRow("inside") << 7 << 7;
    QTest::newRow("too many") << 99 << Settings::MaxConcurrentTasks;
}

void tst_Settings::concurrencyIsClamped()
{
    QFETCH(int, given);
    QFETCH(int, stored);
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("clamp.ini")));
    settings.setMaxConcurrentTasks(given);
    QCOMPARE(settings.maxConcurrentTasks(), stored);
}

void tst_Settings::customBaseUrl()
{
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("url.ini")));
    QSignalSpy endpoint(&settings, &Settings::endpointChanged);
    const QUrl workspace(QStringLiteral("https://ws-1.ap-southeast-1.maas.aliyuncs.com/api/v1"));
    settings.setCustomBaseUrl(workspace);
    QCOMPARE(endpoint.size(), 1);
    QCOMPARE(settings.endpoint().baseUrl, workspace);
    QCOMPARE(settings.endpoint().region, Region::Singapore);
    QVERIFY(settings.endpoint().isCustom());

    // Choosing the region's own URL is the same as no custom URL.
    settings.setCustomBaseUrl(regionBaseUrl(Region::Singapore));
    QVERIFY(settings.customBaseUrl().isEmpty());
    QVERIFY(!settings.endpoint().isCustom());
    QCOMPARE(endpoint.size(), 2);
}

void tst_Settings::unusableStoredBaseUrlFallsBack()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("bad.ini"));
    {
        QSettings raw(file, QSettings::IniFormat);
        raw.setValue(QStringLiteral("connection/baseUrl"),
                     QStringLiteral("http://example.com/api/v1"));
        raw.setValue(QStringLiteral("connection/region"), QStringLiteral("nowhere"));
    }
    Settings settings(file);
    QCOMPARE(settings.region(), Region::Singapore);
    QVERIFY(settings.customBaseUrl().isEmpty()); // plain http off loopback is refused
    QCOMPARE(settings.endpoint().baseUrl, regionBaseUrl(Region::Singapore));
}

void tst_Settings::lastRequestRoundTrip()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("form.ini"));
    GenerationRequest request;
    request.model = QStringLiteral("wan2.5-t2i-preview");
    request.prompt = QStringLiteral("一间有着精致窗户的花店");
    request.negativePrompt = QStringLiteral("blurry");
    request.size = QSize(768, 2700);
    request.count = 3;
    request.seed = 12345;
    request.promptExtend = false;
    request.watermark = true;
    {
        Settings settings(file);
        settings.setLastRequest(request);
    }
    Settings settings(file);
    QCOMPARE(settings.lastRequest(), request);

    request.seed.reset();
    request.size = QSize();
    settings.setLastRequest(request);
    QCOMPARE(settings.lastRequest(), request);
}

void tst_Settings::lastRequestIsOneValue()
{
    // Every field of the request survives, the kinds video and editing bring included.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("form.ini"));
    GenerationRequest request;
    request.kind = MediaKind::KeyframeToVideo;
    request.model = QStringLiteral("wan2.2-kf2v-flash");
    request.prompt = QStringLiteral("a door opens, \"slowly\"; 门开了\n second line");
    RequestInput first;
    first.role = InputRole::FirstFrame;
    first.localPath = dir.filePath(QStringLiteral("first.png"));
    first.sha256 = QByteArray(64, 'a');
    RequestInput last;
    last.role = InputRole::LastFrame;
    last.url = QStringLiteral("oss://dashscope-instant/key/last.png");
    request.inputs = { first, last };
    request.video.resolution = QStringLiteral("720P");
    request.video.durationSeconds = 5;
    request.edit.function = QStringLiteral("expand");
    request.edit.topScale = 1.5;
    {
        Settings settings(file);
        settings.setLastRequest(request);
    }
    QCOMPARE(Settings(file).lastRequest(), request);

    const QSettings raw(file, QSettings::IniFormat);
    QCOMPARE(raw.allKeys(), QStringList { QStringLiteral("generation/lastRequest") });
}

void tst_Settings::lastRequestOfAnEarlierVersion()
{
    // 0.1 kept the form as separate keys: an existing person's form survives the update once.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("old.ini"));
    {
        QSettings old(file, QSettings::IniFormat);
        old.setValue(QStringLiteral("form/model"), QStringLiteral("wan2.2-t2i-flash"));
        old.setValue(QStringLiteral("form/prompt"), QStringLiteral("一只橘猫"));
        old.setValue(QStringLiteral("form/negativePrompt"), QStringLiteral("blurry"));
        old.setValue(QStringLiteral("form/size"), QStringLiteral("1024*768"));
        old.setValue(QStringLiteral("form/count"), 2);
        old.setValue(QStringLiteral("form/seed"), 77);
        old.setValue(QStringLiteral("form/promptExtend"), false);
        old.setValue(QStringLiteral("form/watermark"), true);
    }
    GenerationRequest expected;
    expected.model = QStringLiteral("wan2.2-t2i-flash");
    expected.prompt = QStringLiteral("一只橘猫");
    expected.negativePrompt = QStringLiteral("blurry");
    expected.size = QSize(1024, 768);
    expected.count = 2;
    expected.seed = 77;
    expected.promptExtend = false;
    expected.watermark = true;
    Settings settings(file);
    QCOMPARE(settings.lastRequest(), expected);

    // Saved again, it is one value, and the old keys are gone.
    expected.prompt = QStringLiteral("一只黑猫");
    settings.setLastRequest(expected);
    settings.sync();
    QCOMPARE(settings.lastRequest(), expected);
    const QSettings raw(file, QSettings::IniFormat);
    QCOMPARE(raw.allKeys(), QStringList { QStringLiteral("generation/lastRequest") });
}

void tst_Settings::windowState()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("window.ini"));
    {
        Settings settings(file);
        settings.setWindowGeometry("geometry");
        settings.setWindowState("state");
        settings.setSplitterState(QStringLiteral("main"), "main-splitter");
    }
    Settings settings(file);
    QCOMPARE(settings.windowGeometry(), QByteArray("geometry"));
    QCOMPARE(settings.windowState(), QByteArray("state"));
    QCOMPARE(settings.splitterState(QStringLiteral("main")), QByteArray("main-splitter"));
    QVERIFY(settings.splitterState(QStringLiteral("other")).isEmpty());
}

void tst_Settings::monthlyBudgetPerCurrency()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("budget.ini"));
    {
        Settings settings(file);
        QVERIFY(!settings.monthlyBudget(QStringLiteral("CNY")));
        QVERIFY(settings.budgetsFor().isEmpty());
        QSignalSpy changed(&settings, &Settings::budgetChanged);
        settings.setMonthlyBudget(QStringLiteral("CNY"), 50.0);
        settings.setMonthlyBudget(QStringLiteral("usd"), 10.0);
        settings.setBudgetRaise(QStringLiteral("USD"), QDate(2026, 11, 5), 5.0);
        QCOMPARE(changed.size(), 3);
    }
    Settings settings(file);
    QCOMPARE(settings.monthlyBudget(QStringLiteral("CNY")), 50.0);
    const QMap<QString, double> november = settings.budgetsFor(QDate(2026, 11, 27));
    QCOMPARE(november.value(QStringLiteral("USD")), 15.0); // raised for this month only
    QCOMPARE(november.value(QStringLiteral("CNY")), 50.0);
    QCOMPARE(settings.budgetsFor(QDate(2026, 12, 1)).value(QStringLiteral("USD")), 10.0);
    settings.setMonthlyBudget(QStringLiteral("USD"), std::nullopt);
    QVERIFY(!settings.budgetsFor(QDate(2026, 11, 27)).contains(QStringLiteral("USD")));
    QVERIFY(Settings::pricesOverridePath().endsWith(QLatin1String("/prices.json")));
}

QTEST_GUILESS_MAIN(tst_Settings)
#include "tst_settings.moc"
