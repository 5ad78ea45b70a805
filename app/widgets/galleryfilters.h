#pragma once

#include "library/library.h"

#include <QDate>
#include <QFrame>
#include <QList>
#include <QSize>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QToolButton;

// The gallery filters that do not fit in its bar: requested size, creation date and whether the
// built-in simulator's results are shown (the gallery holds results; tasks, failed ones
// included, are in the task panel).
// It sits in the popup of the bar's "Filters" button (search text, model and favourites stay in
// the bar). Nothing chosen means "any"; every choice narrows the result further.
class GalleryFilters final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryFilters)

public:
    enum class Period { AnyTime, Today, Last7Days, Last30Days, Last12Months, Custom };
    Q_ENUM(Period)

    explicit GalleryFilters(QWidget *parent = nullptr);
    ~GalleryFilters() override;

    // The sizes to offer (Library::sizes(), smallest first). The chosen size stays chosen even
    // when it is no longer in the list, so refreshing never changes what is shown.
    void setSizes(const QList<QSize> &sizes);
    QSize size() const; // invalid: any
    void setSize(QSize size);

    Period period() const;
    void setPeriod(Period period);
    // A custom range; a null date leaves that end open. Sets the period to Custom.
    void setDateRange(const QDate &from, const QDate &to);
    // The period's first and last day, counted from today; null: open. The named periods leave
    // the end open, so images made after midnight still appear.
    QDate from() const;
    QDate to() const;

    // "Hide demo results": the built-in simulator's results are left out (remembered in Settings
    // by the window).
    bool hidesDemo() const;
    void setHideDemo(bool hide);

    // Narrows `query` by the choices here (the other fields are left alone).
    void applyTo(LibraryQuery *query) const;
    int activeCount() const; // how many of size, date and demo narrow the result (0–3)
    void clear();

signals:
    void changed();

private:
    void handlePeriodChanged();
    void showPeriodDates();
    QDate dateOf(const QDateEdit *edit) const;
    void emitChanged();

    QComboBox *m_sizeCombo;
    QComboBox *m_periodCombo;
    QDateEdit *m_fromEdit;
    QDateEdit *m_toEdit;
    QCheckBox *m_hideDemoCheck;
    int m_blockChanged = 0; // > 0 while several controls change as one
};

// A popup panel that drops down from a tool button and holds a widget such as GalleryFilters.
// Unlike a QMenu with a QWidgetAction, Tab moves through the panel's controls. It closes on
// Escape, on a click outside, and on a second click on its button (which looks pressed while
// the panel is open).
class PopupPanel final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PopupPanel)

public:
    // A child of `button`, holding `content`; opens when the button is clicked.
    PopupPanel(QWidget *content, QToolButton *button);
    ~PopupPanel() override;

    void open(); // below the button, kept on its screen; focus to the content

signals:
    void aboutToShow();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void place(); // below the button (which moves when the bar's texts change)

    QWidget *m_content;
    QToolButton *m_button;
};
