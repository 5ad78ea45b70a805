#pragma once

#include <QTimer>
#include <QWidget>
#include <memory>

namespace Ui {
class GalleryFilterBar;
}
class GalleryFilters;
class GalleryModel;
class Library;
class LibraryCounter;
class PopupPanel;
class QAction;

// The bar above the gallery: search field, model, favourites, the "Filters" popup (size, date,
// state), the count of images shown and the sort order. It narrows the gallery model itself.
class GalleryFilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryFilterBar)

public:
    explicit GalleryFilterBar(QWidget *parent = nullptr);
    ~GalleryFilterBar() override;

    // The window's menu actions the bar shares (View menu).
    struct Actions
    {
        QAction *clearFilters = nullptr;
        QAction *sortNewest = nullptr;
        QAction *sortOldest = nullptr;
    };
    // Connects the bar to the gallery it narrows; once, before it is shown. `library` may be null.
    void setup(GalleryModel *gallery, Library *library, const Actions &actions);

    GalleryFilters *filters() const { return m_filters; }
    bool isFiltered() const; // anything besides the sort order narrows what is shown
    void focusSearch();
    bool hasTwoRows() const { return m_twoRows; } // the filters under the search field

    // As narrow as two rows can be: the window's minimum does not grow with the filters.
    QSize minimumSizeHint() const override;

public slots:
    void applyQuery(); // now, without the typing delay
    void clear();

signals:
    // The gallery has a new query: `filtered` as isFiltered(); `onlyFavourites` when the
    // favourites button is the one thing that narrows it.
    void queryApplied(bool filtered, bool onlyFavourites);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QList<QWidget *> filterWidgets() const; // kind to Clear: the part that moves to row two
    int oneRowWidth() const; // what one row needs with room to type a search
    void arrangeRows();
    void reserveCountWidth();
    void updateCount(); // asks how many videos there are, then shows the count
    void countVideos(quint64 serial, int count);
    void showCount();
    void updateIndicators();
    void refreshModelFilter();

    std::unique_ptr<Ui::GalleryFilterBar> m_ui;
    GalleryModel *m_gallery = nullptr;
    Library *m_library = nullptr;
    Actions m_actions;
    GalleryFilters *m_filters = nullptr; // size, date and state, in the Filters button's popup
    PopupPanel *m_filtersPopup = nullptr;
    QTimer m_searchDelay;
    // How many of the library's and of the shown rows are videos: counted on LibraryCounter's
    // thread (the whole library, then what is shown when it holds any), never on the GUI thread.
    LibraryCounter *m_videoCounter = nullptr;
    quint64 m_videoSerial = 0; // the count awaited; 0: none
    bool m_countingShown = false; // the second count of the pair
    int m_allVideos = 0;
    int m_shownVideos = 0;
    bool m_twoRows = false;
};
