#pragma once

#include "library/librarygroups.h"

#include <QObject>

class GalleryGroupModel;
class GalleryView;
class ImageViewer;
class QActionGroup;
class QMenu;
class Settings;
struct WindowServices;

// View > Group Gallery By: None / Day / Task, remembered in Settings. Puts a GalleryGroupModel
// between the gallery and both the gallery view and the viewer (which then walk the same rows,
// headers skipped), and tells the view when headers come.
class GalleryGroupingMenu final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryGroupingMenu)

public:
    GalleryGroupingMenu(const WindowServices &services, GalleryView *view, ImageViewer *viewer,
                        QMenu *viewMenu, QObject *parent);
    ~GalleryGroupingMenu() override;

    GalleryGroupModel *model() const { return m_model; }
    void setGrouping(GalleryGrouping by); // as the menu does

private:
    GalleryGroupModel *m_model;
    GalleryView *m_view;
    QActionGroup *m_actions;
    Settings *m_settings;
};
