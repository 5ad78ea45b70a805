#include "widgets/notifier.h"

#include <QApplication>
#include <QSystemTrayIcon>
#include <QWidget>

Notifier::Notifier(QWidget *window) : QObject(window), m_window(window) { }

Notifier::~Notifier() = default;

void Notifier::notify(const QString &title, const QString &message, Kind kind)
{
    ++m_sent;
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            // Created on first use: no tray icon for people who never need one.
            m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
            m_tray->setToolTip(QApplication::applicationDisplayName());
            connect(m_tray, &QSystemTrayIcon::messageClicked, this, &Notifier::activated);
            connect(m_tray, &QSystemTrayIcon::activated, this, &Notifier::activated);
            m_tray->show();
        }
        m_tray->showMessage(title, message,
                            kind == Kind::Warning ? QSystemTrayIcon::Warning
                                                  : QSystemTrayIcon::Information,
                            8000);
    }
    if (m_window)
        QApplication::alert(m_window); // flashes the task bar entry where supported
}
