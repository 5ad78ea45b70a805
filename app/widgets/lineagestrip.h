#pragma once

#include "library/lineage.h"

#include <QImage>
#include <QList>
#include <QWidget>

class QGridLayout;
class QLabel;
class QToolButton;

// The viewer's lineage: "Made from", a small thumbnail of each input of the image's task, and
// "Used in", the images and videos made from it. A click on one in the library asks to show it
// (entryActivated), on a file still on disk to open it (fileActivated); an input neither in the
// library nor on disk is a grey tile with its name and "deleted", its path and hash in the
// tooltip. Thumbnails are read on a worker thread; rows without anything are hidden.
class LineageStrip final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LineageStrip)

public:
    static constexpr int ThumbnailSize = 64;
    static constexpr int MaxUsedIn = 24; // tiles; more are counted in a line below them

    explicit LineageStrip(QWidget *parent = nullptr);
    ~LineageStrip() override;

    void setLineage(const QList<LineageSource> &madeFrom, const QList<LibraryEntry> &usedIn);
    void clear();

    // Rows made again only when what they show changed (a new child, a deleted parent).
    bool isShowing(const QList<LineageSource> &madeFrom, const QList<LibraryEntry> &usedIn) const;

    // Each tile's "opens" property says whether a click shows something (false: deleted, a link).
    QList<QToolButton *> madeFromTiles() const { return m_madeFromTiles; }
    QList<QToolButton *> usedInTiles() const { return m_usedInTiles; }
    bool isLoadingThumbnails() const { return m_pending > 0; }

    // A grey tile: the name, and a word such as "deleted" under it.
    static QImage placeholder(const QString &name, const QString &note, QSize size);

signals:
    void entryActivated(const LibraryEntry &entry);
    void fileActivated(const QString &path);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    QToolButton *makeTile(const QString &label, const QString &tip);
    void loadThumbnail(QToolButton *tile, const QString &path);
    void relayout();
    void setTileImage(QToolButton *tile, const QImage &image);

    QLabel *m_madeFromTitle = nullptr;
    QWidget *m_madeFromGrid = nullptr;
    QLabel *m_usedInTitle = nullptr;
    QWidget *m_usedInGrid = nullptr;
    QLabel *m_moreLabel = nullptr;
    QList<QToolButton *> m_madeFromTiles;
    QList<QToolButton *> m_usedInTiles;
    QStringList m_shown; // what the tiles show, for isShowing()
    int m_columns = 0;
    quint64 m_generation = 0; // thumbnails of an earlier image are dropped
    int m_pending = 0;
};
