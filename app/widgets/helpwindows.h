#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QAction;
class QLineEdit;
class QTreeWidget;
struct WindowServices;

// The Help menu's windows and texts.
namespace HelpWindows {

// What a bug report needs, for the clipboard: the program's and Qt's versions, the system, the
// region and whether a custom base URL and a key are set (never the key, never the URL's path).
QString systemInformation(const WindowServices &services, bool demo);

// Where the documentation lives (the project's page; the man page is installed beside the
// program as dashscope-studio(1)).
QString documentationUrl();

} // namespace HelpWindows

// Every keyboard shortcut of the window, by menu, read from its actions (so it never disagrees
// with them), plus the keys of views that have no menu entry; a filter finds one by name or key.
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)

public:
    struct Group
    {
        QString title; // a menu's title without its accelerator
        QList<QAction *> actions;
    };
    struct Extra
    {
        QString group;
        QString what;
        QString keys; // as shown, e.g. "Ctrl+wheel"
    };
    ShortcutsDialog(const QList<Group> &groups, const QList<Extra> &extras,
                    QWidget *parent = nullptr);
    ~ShortcutsDialog() override;

    int rowCount() const; // shortcuts listed (for tests)
    // The keys of views that have no menu entry: gallery, viewer, video player, mask painter.
    static QList<Extra> viewKeys();

private:
    void filter(const QString &text);

    QLineEdit *m_filter;
    QTreeWidget *m_tree;
};
