#include "widgets/notifier.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QWidget>

#ifdef STUDIO_HAVE_DBUS
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#endif

namespace {

const QString NotificationsPath = QStringLiteral("/org/freedesktop/Notifications");
const QString NotificationsInterface = QStringLiteral("org.freedesktop.Notifications");
constexpr int MaxRememberedIds = 50;

} // namespace

Notifier::Notifier(QWidget *window) : QObject(window), m_window(window) { }

Notifier::~Notifier() = default;

QString Notifier::serviceName()
{
    return NotificationsInterface;
}

void Notifier::notify(const QString &title, const QString &message, Kind kind)
{
    ++m_sent;
    if (!notifyOverDBus(title, message, kind))
        notifyInTray(title, message, kind);
    if (m_window)
        QApplication::alert(m_window); // flashes the task bar entry where supported
}

bool Notifier::notifyOverDBus(const QString &title, const QString &message, Kind kind)
{
#ifdef STUDIO_HAVE_DBUS
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface()
        || !bus.interface()->isServiceRegistered(serviceName()))
        return false;
    if (!m_listening) {
        m_listening = bus.connect(serviceName(), NotificationsPath, NotificationsInterface,
                                  QStringLiteral("ActionInvoked"), this,
                                  SLOT(handleActionInvoked(uint, QString)));
    }
    // Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)
    QDBusMessage call = QDBusMessage::createMethodCall(
            serviceName(), NotificationsPath, NotificationsInterface, QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral(STUDIO_APP_ID));
    hints.insert(QStringLiteral("urgency"),
                 QVariant::fromValue(uchar(kind == Kind::Warning ? 2 : 1)));
    hints.insert(QStringLiteral("category"),
                 kind == Kind::Warning ? QStringLiteral("transfer.error")
                                       : QStringLiteral("transfer.complete"));
    call << QApplication::applicationDisplayName() << uint(0) << QStringLiteral(STUDIO_APP_ID)
         << title << message.toHtmlEscaped()
         << QStringList { QStringLiteral("default"), tr("Show") } << hints << int(-1);
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, 5000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, title, message, kind](QDBusPendingCallWatcher *finished) {
                finished->deleteLater();
                const QDBusPendingReply<uint> reply = *finished;
                if (reply.isError()) {
                    notifyInTray(title, message, kind); // the service went away meanwhile
                    return;
                }
                m_shownIds.append(reply.value());
                while (m_shownIds.size() > MaxRememberedIds)
                    m_shownIds.removeFirst();
            });
    return true;
#else
    Q_UNUSED(title)
    Q_UNUSED(message)
    Q_UNUSED(kind)
    return false;
#endif
}

void Notifier::notifyInTray(const QString &title, const QString &message, Kind kind)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable() || !QSystemTrayIcon::supportsMessages())
        return;
    if (!m_tray) {
        // Created on first use: no tray icon for people who never need one.
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(QApplication::applicationDisplayName());
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &Notifier::activated);
        connect(m_tray, &QSystemTrayIcon::activated, this, &Notifier::activated);
        m_tray->show();
    }
    m_tray->showMessage(
            title, message,
            kind == Kind::Warning ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 8000);
}

void Notifier::handleActionInvoked(uint id, const QString &action)
{
    if (action == QLatin1String("default") && m_shownIds.contains(id))
        emit activated();
}
