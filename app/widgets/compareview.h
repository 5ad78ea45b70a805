#pragma once

#include <QImage>
#include <QList>
#include <QWidget>

class ElidedLabel;
class QGridLayout;
class ZoomControl;
class ZoomView;
struct LibraryEntry;

// Two to four images side by side (two and three in a row, four in two rows), each with its
// model, size and seed under it, zoomed and panned together: zoom one (wheel, keys, the control)
// and all take that level around the same point of their image; drag one and all follow. The
// keys are the viewer's: + / - / = , 0 (fit), 1 (100 %), Esc back to the gallery. Each pane is a
// ZoomView; the images are decoded on worker threads as the viewer's are.
class CompareView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareView)

public:
    static constexpr int MinimumCount = 2;
    static constexpr int MaximumCount = 4;

    struct Item
    {
        QString path;
        QString caption; // "Wan 2.5 · 1280 × 1280 · seed 42"
        QString toolTip; // the caption whole, with the prompt and the file
    };

    explicit CompareView(QWidget *parent = nullptr);
    ~CompareView() override;

    // Why `count` images cannot be compared, a sentence for a tooltip or the status bar; empty
    // when they can.
    static QString refusal(int count);
    // The same for a gallery selection: its saved images are counted, and videos are refused.
    static QString refusal(const QList<LibraryEntry> &selection);
    static Item itemOf(const LibraryEntry &entry);

    // Fewer than two or more than four: nothing is shown (refusal() says why).
    bool setItems(const QList<Item> &items);
    bool setEntries(const QList<LibraryEntry> &selection); // its saved images
    int count() const { return int(m_panes.size()); }
    ZoomView *pane(int index) const;
    QString caption(int index) const;
    bool isLoading() const { return m_pending > 0; }
    ZoomControl *zoomControl() const { return m_zoomControl; }

signals:
    void closeRequested();
    void loaded(); // every image decoded (or why not, in its caption)

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    struct Pane
    {
        QWidget *frame = nullptr;
        ZoomView *view = nullptr;
        ElidedLabel *caption = nullptr;
    };
    void clear();
    void follow(const ZoomView *leader); // the others take its zoom and centre

    QList<Pane> m_panes;
    QGridLayout *m_grid = nullptr;
    ZoomControl *m_zoomControl = nullptr;
    ElidedLabel *m_titleLabel = nullptr;
    quint64 m_generation = 0; // of the latest setItems(): older decodes are dropped
    int m_pending = 0;
    bool m_following = false;
};
