#include "widgets/helpwindows.h"

#include "domain/region.h"
#include "library/library.h"
#include "platform/secretstore.h"
#include "platform/settings.h"
#include "widgets/uistyle.h"
#include "widgets/windowservices.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QLocale>
#include <QSet>
#include <QSysInfo>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace HelpWindows {

QString systemInformation(const WindowServices &services, bool demo)
{
    QStringList lines;
    lines << QStringLiteral("DashScope Studio %1").arg(QStringLiteral(STUDIO_VERSION));
    lines << QStringLiteral("Qt %1 (built with %2), platform %3")
                     .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR),
                          QGuiApplication::platformName());
    lines << QStringLiteral("System: %1, kernel %2 %3, %4")
                     .arg(QSysInfo::prettyProductName(), QSysInfo::kernelType(),
                          QSysInfo::kernelVersion(), QSysInfo::currentCpuArchitecture());
    lines << QStringLiteral("Locale: %1, language setting: %2")
                     .arg(QLocale().name(),
                          services.settings && !services.settings->language().isEmpty()
                                  ? services.settings->language()
                                  : QStringLiteral("system"));
    if (services.settings) {
        const Endpoint endpoint = services.settings->endpoint();
        // The host only: a workspace URL's path may name the account.
        lines << QStringLiteral("Region: %1%2")
                         .arg(regionId(endpoint.region),
                              endpoint.isCustom() ? QStringLiteral(", custom base URL on %1")
                                                            .arg(endpoint.baseUrl.host())
                                                  : QString());
    }
    lines << QStringLiteral("Mode: %1")
                     .arg(demo ? QStringLiteral("demo (built-in simulator)")
                               : QStringLiteral("real service"));
    lines << QStringLiteral("API key from the environment: %1")
                     .arg(SecretStore::environmentKey().isEmpty() ? QStringLiteral("no")
                                                                  : QStringLiteral("yes"));
    if (services.library && services.library->isOpen()) {
        lines << QStringLiteral("Library: schema %1, %2 entries")
                         .arg(Library::SchemaVersion)
                         .arg(services.library->countOutputs({}));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString documentationUrl()
{
    return QStringLiteral(STUDIO_HOMEPAGE "#readme");
}

} // namespace HelpWindows

ShortcutsDialog::ShortcutsDialog(const QList<Group> &groups, const QList<Extra> &extras,
                                 QWidget *parent)
    : QDialog(parent), m_filter(new QLineEdit(this)), m_tree(new QTreeWidget(this))
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_filter->setObjectName(QStringLiteral("shortcutFilterEdit"));
    m_filter->setPlaceholderText(tr("Find a command or a key"));
    m_filter->setClearButtonEnabled(true);
    m_tree->setObjectName(QStringLiteral("shortcutTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({ tr("Command"), tr("Keys") });
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::NoSelection);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);

    const auto groupItem = [this](const QString &title) {
        auto *item = new QTreeWidgetItem(m_tree, { title });
        item->setFirstColumnSpanned(true);
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        item->setExpanded(true);
        return item;
    };
    QSet<QAction *> listed; // an action in two menus (Edit Image) is listed once
    for (const Group &group : groups) {
        QTreeWidgetItem *parentItem = nullptr;
        for (QAction *action : group.actions) {
            if (listed.contains(action))
                continue;
            QStringList keys;
            for (const QKeySequence &key : action->shortcuts())
                keys << key.toString(QKeySequence::NativeText);
            if (keys.isEmpty())
                continue;
            listed.insert(action);
            if (!parentItem)
                parentItem = groupItem(group.title);
            new QTreeWidgetItem(
                    parentItem,
                    { UiStyle::withoutAccelerator(action->text()).remove(QStringLiteral("…")),
                      keys.join(QStringLiteral(", ")) });
        }
    }
    QTreeWidgetItem *extraGroup = nullptr;
    QString extraTitle;
    for (const Extra &extra : extras) {
        if (!extraGroup || extra.group != extraTitle) {
            extraGroup = groupItem(extra.group);
            extraTitle = extra.group;
        }
        new QTreeWidgetItem(extraGroup, { extra.what, extra.keys });
    }
    m_tree->setRootIsDecorated(false);
    m_tree->setItemsExpandable(false);
    m_tree->expandAll();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_filter, &QLineEdit::textChanged, this, &ShortcutsDialog::filter);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(520, 600);
}

ShortcutsDialog::~ShortcutsDialog() = default;

int ShortcutsDialog::rowCount() const
{
    int rows = 0;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *group = m_tree->topLevelItem(i);
        for (int j = 0; j < group->childCount(); ++j)
            rows += group->child(j)->isHidden() ? 0 : 1;
    }
    return rows;
}

void ShortcutsDialog::filter(const QString &text)
{
    const QString wanted = text.trimmed();
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *group = m_tree->topLevelItem(i);
        int shown = 0;
        for (int j = 0; j < group->childCount(); ++j) {
            QTreeWidgetItem *row = group->child(j);
            const bool match = wanted.isEmpty()
                    || row->text(0).contains(wanted, Qt::CaseInsensitive)
                    || row->text(1).contains(wanted, Qt::CaseInsensitive);
            row->setHidden(!match);
            shown += match ? 1 : 0;
        }
        group->setHidden(shown == 0);
    }
}

QList<ShortcutsDialog::Extra> ShortcutsDialog::viewKeys()
{
    // In the window's context, where these texts were first and have their translations.
    const auto t = [](const char *text) { return QCoreApplication::translate("MainWindow", text); };
    const QString gallery = t(QT_TRANSLATE_NOOP("MainWindow", "Gallery")),
                  viewer = t(QT_TRANSLATE_NOOP("MainWindow", "Viewer")),
                  video = t(QT_TRANSLATE_NOOP("MainWindow", "Video player")),
                  mask = t(QT_TRANSLATE_NOOP("MainWindow", "Mask painter"));
    return {
        { gallery, t(QT_TRANSLATE_NOOP("MainWindow", "Thumbnail size")),
          t(QT_TRANSLATE_NOOP("MainWindow", "Ctrl+wheel")) },
        { gallery, t(QT_TRANSLATE_NOOP("MainWindow", "Open the selected image")),
          t(QT_TRANSLATE_NOOP("MainWindow", "Enter, double-click")) },
        { viewer, t(QT_TRANSLATE_NOOP("MainWindow", "Previous / next image")),
          t(QT_TRANSLATE_NOOP("MainWindow", "Left / Right, Page Up / Page Down")) },
        { viewer, t(QT_TRANSLATE_NOOP("MainWindow", "Zoom in / out")),
          t(QT_TRANSLATE_NOOP("MainWindow", "+ / -, wheel")) },
        { viewer, t(QT_TRANSLATE_NOOP("MainWindow", "Fit to the window / 100 %")),
          QStringLiteral("0 / 1") },
        { viewer, t(QT_TRANSLATE_NOOP("MainWindow", "Pan")),
          t(QT_TRANSLATE_NOOP("MainWindow", "Drag, scroll bars")) },
        { viewer, t(QT_TRANSLATE_NOOP("MainWindow", "Full screen (Esc leaves)")),
          QStringLiteral("F, F11") },
        { viewer, t(QT_TRANSLATE_NOOP("MainWindow", "Compare with the image it was made from")),
          QStringLiteral("C") },
        { viewer, t(QT_TRANSLATE_NOOP("MainWindow", "Flip between before and after")),
          QStringLiteral("B") },
        { viewer, t(QT_TRANSLATE_NOOP("MainWindow", "Back to the gallery")),
          QStringLiteral("Esc") },
        { video, t(QT_TRANSLATE_NOOP("MainWindow", "Play / pause")),
          t(QT_TRANSLATE_NOOP("MainWindow", "Space, K")) },
        { video, t(QT_TRANSLATE_NOOP("MainWindow", "Step a frame back / forward")),
          QStringLiteral(", / .") },
        { video, t(QT_TRANSLATE_NOOP("MainWindow", "Mute / loop")), QStringLiteral("M / L") },
        { video, t(QT_TRANSLATE_NOOP("MainWindow", "Full screen")), QStringLiteral("F11") },
        { mask, t(QT_TRANSLATE_NOOP("MainWindow", "Brush / eraser")), QStringLiteral("B / E") },
        { mask, t(QT_TRANSLATE_NOOP("MainWindow", "Smaller / larger brush")),
          QStringLiteral("[ / ]") },
        { mask, t(QT_TRANSLATE_NOOP("MainWindow", "Show or hide the mask")), QStringLiteral("H") },
        { mask, t(QT_TRANSLATE_NOOP("MainWindow", "Undo")), QStringLiteral("Ctrl+Z") },
        { mask, t(QT_TRANSLATE_NOOP("MainWindow", "Zoom to fit / zoom")),
          t(QT_TRANSLATE_NOOP("MainWindow", "Ctrl+0 / Ctrl+wheel")) },
    };
}
