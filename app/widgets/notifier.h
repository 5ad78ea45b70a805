#pragma once

#include <QObject>
#include <QPointer>

class QSystemTrayIcon;
class QWidget;

// Tells the person about a finished task while the window is in the background: a desktop
// notification through the freedesktop notification service on the session D-Bus (what GNOME
// and KDE show; a default GNOME has no tray), else through a tray icon where there is one, and
// the task bar's attention hint either way.
class Notifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)

public:
    explicit Notifier(QWidget *window);
    ~Notifier() override;

    enum class Kind { Information, Warning };
    void notify(const QString &title, const QString &message, Kind kind = Kind::Information);
    int sentCount() const { return m_sent; } // for tests

    // The D-Bus service's name; tests register a stand-in under it.
    static QString serviceName();

signals:
    void activated(); // the person clicked the notification or the tray icon

private slots:
    // org.freedesktop.Notifications.ActionInvoked(id, action key), for every notification of
    // every program: ours are those whose id the service gave us.
    void handleActionInvoked(uint id, const QString &action);

private:
    bool notifyOverDBus(const QString &title, const QString &message, Kind kind);
    void notifyInTray(const QString &title, const QString &message, Kind kind);

    QPointer<QWidget> m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QList<uint> m_shownIds; // the service's ids of our notifications, most recent last
    bool m_listening = false;
    int m_sent = 0;
};
