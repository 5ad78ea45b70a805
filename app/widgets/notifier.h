#pragma once

#include <QObject>
#include <QPointer>

class QSystemTrayIcon;
class QWidget;

// Tells the person about a finished task while the window is in the background: a desktop
// notification through the system tray (which uses org.freedesktop.Notifications on Linux
// desktops), and the task bar's attention hint where there is no tray.
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

signals:
    void activated(); // the person clicked the notification or the tray icon

private:
    QPointer<QWidget> m_window;
    QSystemTrayIcon *m_tray = nullptr;
    int m_sent = 0;
};
