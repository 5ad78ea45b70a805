#include "widgets/gallerygroupingmenu.h"

#include "models/gallerygroupmodel.h"
#include "models/gallerymodel.h"
#include "platform/settings.h"
#include "widgets/galleryview.h"
#include "widgets/imageviewer.h"
#include "widgets/windowservices.h"

#include <QActionGroup>
#include <QMenu>

namespace {

// The Settings value of each grouping.
QString settingOf(GalleryGrouping by)
{
    switch (by) {
    case GalleryGrouping::Day:
        return QStringLiteral("day");
    case GalleryGrouping::Task:
        return QStringLiteral("task");
    case GalleryGrouping::None:
        break;
    }
    return QStringLiteral("none");
}

} // namespace

GalleryGroupingMenu::GalleryGroupingMenu(const WindowServices &services, GalleryView *view,
                                         ImageViewer *viewer, QMenu *viewMenu, QObject *parent)
    : QObject(parent), m_model(new GalleryGroupModel(services.library, this)), m_view(view),
      m_actions(new QActionGroup(this)), m_settings(services.settings)
{
    m_model->setSourceModel(services.gallery);
    view->setModel(m_model);
    viewer->setModel(m_model, GalleryModel::EntryRole);

    QMenu *menu = viewMenu->addMenu(tr("&Group Gallery By"));
    menu->setObjectName(QStringLiteral("groupGalleryMenu"));
    m_actions->setExclusive(true);
    const std::pair<GalleryGrouping, QString> choices[] = {
        { GalleryGrouping::None, tr("&None") },
        { GalleryGrouping::Day, tr("&Day") },
        { GalleryGrouping::Task, tr("&Task") },
    };
    const QString saved = m_settings ? m_settings->galleryGrouping() : QString();
    for (const auto &[by, text] : choices) {
        QAction *action = menu->addAction(text);
        action->setObjectName(QStringLiteral("groupBy_") + settingOf(by));
        action->setCheckable(true);
        action->setData(int(by));
        m_actions->addAction(action);
        if (settingOf(by) == saved || (by == GalleryGrouping::None && saved.isEmpty()))
            action->setChecked(true);
    }
    connect(m_actions, &QActionGroup::triggered, this,
            [this](QAction *action) { setGrouping(GalleryGrouping(action->data().toInt())); });
    if (const QAction *checked = m_actions->checkedAction())
        setGrouping(GalleryGrouping(checked->data().toInt()));
}

GalleryGroupingMenu::~GalleryGroupingMenu() = default;

void GalleryGroupingMenu::setGrouping(GalleryGrouping by)
{
    for (QAction *action : m_actions->actions())
        if (GalleryGrouping(action->data().toInt()) == by)
            action->setChecked(true);
    m_view->setGrouped(by != GalleryGrouping::None);
    m_model->setGrouping(by);
    if (m_settings && m_settings->galleryGrouping() != settingOf(by))
        m_settings->setGalleryGrouping(settingOf(by));
}
