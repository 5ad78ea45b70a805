#include "widgets/notifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusContext>
#include <QDBusMessage>
#include <QSignalSpy>
#include <QTest>
#include <QWidget>

// A stand-in for the desktop's notification service (GNOME Shell, Plasma), on its own
// connection to the session bus: what the program asks it to show, and the ids it answers. Only
// this process's calls are recorded: other test programs run in the same D-Bus session at the
// same time, and their windows notify too.
class FakeNotifications : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Shown
    {
        QString app, icon, summary, body;
        QStringList actions;
        QVariantMap hints;
    };
    QList<Shown> shown;
    QString acceptFrom; // the unique bus name of the connection under test

public slots:
    uint Notify(const QString &app, uint replacesId, const QString &icon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints,
                int expireTimeout)
    {
        Q_UNUSED(replacesId)
        Q_UNUSED(expireTimeout)
        if (calledFromDBus() && message().service() != acceptFrom)
            return 1; // another test program's
        shown.append({ app, icon, summary, body, actions, hints });
        return uint(100 + shown.size());
    }
    QStringList GetCapabilities() { return { QStringLiteral("body"), QStringLiteral("actions") }; }
};

// Notifications go to org.freedesktop.Notifications over the session bus (tested against a
// stand-in service registered in the test's bus: the test command runs every test in a private
// D-Bus session); clicking one brings the window back; without the service nothing breaks.
class tst_Notifier : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void notifiesThroughTheDesktopService();

private:
    QDBusConnection m_fake { QStringLiteral("unconnected") };
    FakeNotifications m_service;
};

void tst_Notifier::initTestCase()
{
    if (!QDBusConnection::sessionBus().isConnected())
        QSKIP("No D-Bus session bus: run the tests through the README's test command.");
    m_service.acceptFrom = QDBusConnection::sessionBus().baseService();
    m_fake = QDBusConnection::connectToBus(QDBusConnection::SessionBus,
                                           QStringLiteral("fake-notifications"));
    QVERIFY(m_fake.isConnected());
    QVERIFY(m_fake.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &m_service,
                                  QDBusConnection::ExportAllSlots));
    QVERIFY2(m_fake.registerService(Notifier::serviceName()),
             "another notification service runs in this session");
}

void tst_Notifier::cleanupTestCase()
{
    QDBusConnection::disconnectFromBus(QStringLiteral("fake-notifications"));
}

void tst_Notifier::notifiesThroughTheDesktopService()
{
    QWidget window;
    Notifier notifier(&window);
    QSignalSpy activated(&notifier, &Notifier::activated);

    notifier.notify(QStringLiteral("1 image ready"), QStringLiteral("a fox <in> the snow"));
    QTRY_COMPARE(m_service.shown.size(), 1);
    const FakeNotifications::Shown &shown = m_service.shown.first();
    QCOMPARE(shown.summary, QStringLiteral("1 image ready"));
    QCOMPARE(shown.body, QStringLiteral("a fox &lt;in&gt; the snow")); // the body is markup
    QCOMPARE(shown.icon, QStringLiteral(STUDIO_APP_ID));
    QCOMPARE(shown.hints.value(QStringLiteral("desktop-entry")).toString(),
             QStringLiteral(STUDIO_APP_ID));
    QVERIFY(shown.actions.contains(QStringLiteral("default")));

    const auto invoke = [this](uint id) {
        QDBusMessage signal = QDBusMessage::createSignal(
                QStringLiteral("/org/freedesktop/Notifications"), Notifier::serviceName(),
                QStringLiteral("ActionInvoked"));
        signal << id << QStringLiteral("default");
        QVERIFY(m_fake.send(signal));
    };
    invoke(7); // another program's notification
    invoke(101); // ours
    QVERIFY(activated.wait(5000));
    QCOMPARE(activated.size(), 1);

    // A warning says so by its urgency.
    notifier.notify(QStringLiteral("Task failed"), QStringLiteral("refused"),
                    Notifier::Kind::Warning);
    QTRY_COMPARE(m_service.shown.size(), 2);
    QCOMPARE(m_service.shown.last().hints.value(QStringLiteral("urgency")).toInt(), 2);

    // Without the service (no notification daemon): nothing is sent there, nothing breaks.
    QVERIFY(m_fake.unregisterService(Notifier::serviceName()));
    QTRY_VERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(
            Notifier::serviceName()));
    notifier.notify(QStringLiteral("1 image ready"), QStringLiteral("another"));
    QCOMPARE(notifier.sentCount(), 3);
    QCOMPARE(m_service.shown.size(), 2);
    QVERIFY(m_fake.registerService(Notifier::serviceName()));
}

QTEST_MAIN(tst_Notifier)
#include "tst_notifier.moc"
