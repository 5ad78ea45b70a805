#include "platform/secretstore.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

// Runs one job to completion and hands back what it reported.
struct JobResult
{
    QString key;
    SecretStore::Source source = SecretStore::Source::None;
    QString error;
    bool finished = false;
};

static JobResult runJob(SecretJob *job)
{
    JobResult result;
    QObject context;
    QObject::connect(job, &SecretJob::finished, &context, [&result](SecretJob *done) {
        result.key = done->key();
        result.source = done->source();
        result.error = done->errorString();
        result.finished = true;
    });
    // The keychain may need a few seconds to start on a cold D-Bus session.
    if (!QTest::qWaitFor([&result] { return result.finished; }, 20000))
        qWarning("secret job did not finish");
    return result;
}

class tst_SecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void memoryRoundTrip();
    void keysArePerRegion();
    void environmentWins();
    void emptyKeyIsRejected();
    void jobFinishesAfterTheCallReturns();
    void keychainRoundTrip();
    void withoutKeychainKeepsKeyForSession();
    void childWithoutKeychain();

private:
    QByteArray m_savedEnvironmentKey;
};

void tst_SecretStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_savedEnvironmentKey = qgetenv("DASHSCOPE_API_KEY");
}

void tst_SecretStore::init()
{
    qunsetenv("DASHSCOPE_API_KEY");
}

void tst_SecretStore::cleanup()
{
    if (m_savedEnvironmentKey.isEmpty())
        qunsetenv("DASHSCOPE_API_KEY");
    else
        qputenv("DASHSCOPE_API_KEY", m_savedEnvironmentKey);
}

void tst_SecretStore::memoryRoundTrip()
{
    SecretStore store(SecretStore::Backend::Memory);
    QVERIFY(!store.isKeychainAvailable());
    QSignalSpy changed(&store, &SecretStore::keyChanged);

    JobResult read = runJob(store.read(Region::Singapore));
    QVERIFY(read.finished);
    QCOMPARE(read.source, SecretStore::Source::None);
    QVERIFY(read.key.isEmpty());

    const JobResult written
            = runJob(store.write(Region::Singapore, QStringLiteral("  sk-memory-1  ")));
    QVERIFY(written.error.isEmpty());
    QCOMPARE(written.source, SecretStore::Source::Session);
    QCOMPARE(changed.size(), 1);

    read = runJob(store.read(Region::Singapore));
    QCOMPARE(read.key, QStringLiteral("sk-memory-1")); // trimmed: pasted keys often carry spaces
    QCOMPARE(read.source, SecretStore::Source::Session);

    const JobResult removed = runJob(store.remove(Region::Singapore));
    QVERIFY(removed.error.isEmpty());
    QCOMPARE(changed.size(), 2);
    read = runJob(store.read(Region::Singapore));
    QVERIFY(read.key.isEmpty());
    QCOMPARE(read.source, SecretStore::Source::None);
}

void tst_SecretStore::keysArePerRegion()
{
    SecretStore store(SecretStore::Backend::Memory);
    runJob(store.write(Region::Singapore, QStringLiteral("sk-intl")));
    runJob(store.write(Region::Beijing, QStringLiteral("sk-cn")));
    QCOMPARE(runJob(store.read(Region::Singapore)).key, QStringLiteral("sk-intl"));
    QCOMPARE(runJob(store.read(Region::Beijing)).key, QStringLiteral("sk-cn"));
    QVERIFY(runJob(store.read(Region::Virginia)).key.isEmpty());
    QVERIFY(SecretStore::accountName(Region::Singapore)
            != SecretStore::accountName(Region::Beijing));
}

void tst_SecretStore::environmentWins()
{
    SecretStore store(SecretStore::Backend::Memory);
    runJob(store.write(Region::Singapore, QStringLiteral("sk-stored")));
    qputenv("DASHSCOPE_API_KEY", "sk-from-env\n");
    const JobResult read = runJob(store.read(Region::Singapore));
    QCOMPARE(read.key, QStringLiteral("sk-from-env"));
    QCOMPARE(read.source, SecretStore::Source::Environment);
    QVERIFY(SecretStore::sourceDescription(read.source).contains(QStringLiteral("environment")));
}

void tst_SecretStore::emptyKeyIsRejected()
{
    SecretStore store(SecretStore::Backend::Memory);
    const JobResult written = runJob(store.write(Region::Singapore, QStringLiteral("   ")));
    QVERIFY(written.finished);
    QVERIFY(!written.error.isEmpty());
    QVERIFY(runJob(store.read(Region::Singapore)).key.isEmpty());
}

void tst_SecretStore::jobFinishesAfterTheCallReturns()
{
    // A caller connects after read() returned; an immediate answer must not be lost.
    SecretStore store(SecretStore::Backend::Memory);
    SecretJob *job = store.read(Region::Singapore);
    QSignalSpy finished(job, &SecretJob::finished);
    QVERIFY(finished.wait(1000));
    QCOMPARE(finished.size(), 1);
}

void tst_SecretStore::keychainRoundTrip()
{
    SecretStore store(SecretStore::Backend::Keychain);
    // A service name of its own: this test never touches a real key of the person running it.
    store.setServiceName(QStringLiteral("%1.test-%2")
                                 .arg(SecretStore::defaultServiceName(),
                                      QUuid::createUuid().toString(QUuid::WithoutBraces)));
    const QString secret
            = QStringLiteral("sk-keychain-%1").arg(QUuid::createUuid().toString(QUuid::Id128));

    const JobResult written = runJob(store.write(Region::Virginia, secret));
    QVERIFY(written.finished);
    if (written.source == SecretStore::Source::Session) {
        QVERIFY(!store.isKeychainAvailable());
        QSKIP("No Secret Service is reachable on this D-Bus session. Run the test inside "
              "dbus-run-session with an unlocked gnome-keyring (see packaging/dev.sh test).");
    }
    QVERIFY2(written.error.isEmpty(), qPrintable(written.error));
    QCOMPARE(written.source, SecretStore::Source::Keychain);

    // A second store (as after a restart) finds the key in the keychain, not in memory.
    SecretStore again(SecretStore::Backend::Keychain);
    again.setServiceName(store.serviceName());
    JobResult read = runJob(again.read(Region::Virginia));
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QCOMPARE(read.source, SecretStore::Source::Keychain);
    QCOMPARE(read.key, secret);

    const JobResult removed = runJob(again.remove(Region::Virginia));
    QVERIFY2(removed.error.isEmpty(), qPrintable(removed.error));
    read = runJob(store.read(Region::Virginia));
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QCOMPARE(read.source, SecretStore::Source::None);
    QVERIFY(read.key.isEmpty());
}

void tst_SecretStore::withoutKeychainKeepsKeyForSession()
{
    // The D-Bus session bus is per process, so the "no Secret Service" case runs in a child
    // process of this test with every way to reach a bus removed from its environment.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY",
                              "XDG_RUNTIME_DIR", "DASHSCOPE_API_KEY" })
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("STUDIO_SECRETSTORE_CHILD"), QStringLiteral("1"));
    QProcess child;
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QCoreApplication::applicationFilePath(),
                { QStringLiteral("childWithoutKeychain") });
    QVERIFY(child.waitForFinished(60000));
    const QByteArray output = child.readAll();
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
             output.constData());
    QVERIFY2(output.contains("PASS   : tst_SecretStore::childWithoutKeychain"), output.constData());
}

void tst_SecretStore::childWithoutKeychain()
{
    if (qEnvironmentVariableIsEmpty("STUDIO_SECRETSTORE_CHILD"))
        QSKIP("Runs as the child process of withoutKeychainKeepsKeyForSession.");
    SecretStore store(SecretStore::Backend::Keychain);
    store.setServiceName(QStringLiteral("%1.test-child").arg(SecretStore::defaultServiceName()));
    QSignalSpy availability(&store, &SecretStore::keychainAvailableChanged);

    const JobResult written = runJob(store.write(Region::Singapore, QStringLiteral("sk-session")));
    QVERIFY(written.finished);
    QVERIFY2(written.error.isEmpty(), qPrintable(written.error));
    QCOMPARE(written.source, SecretStore::Source::Session);
    QVERIFY(!store.isKeychainAvailable());
    QCOMPARE(availability.size(), 1);

    const JobResult read = runJob(store.read(Region::Singapore));
    QCOMPARE(read.key, QStringLiteral("sk-session"));
    QCOMPARE(read.source, SecretStore::Source::Session);
    QVERIFY(SecretStore::sourceDescription(read.source).contains(QStringLiteral("session only")));
}

QTEST_GUILESS_MAIN(tst_SecretStore)
#include "tst_secretstore.moc"
