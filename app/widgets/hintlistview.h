#pragma once

#include <QListView>
#include <QRegion>

// A list view that says what to do when it is empty, instead of showing a blank rectangle.
class HintListView : public QListView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HintListView)

public:
    explicit HintListView(QWidget *parent = nullptr);
    ~HintListView() override;

    void setEmptyHint(const QString &title, const QString &detail = {});
    QString emptyHintTitle() const { return m_title; }
    // While the view paints: the part of the viewport being painted (empty otherwise). A
    // delegate can skip what lies outside it: painting is clipped to it anyway.
    const QRegion &regionBeingPainted() const { return m_regionBeingPainted; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_title;
    QString m_detail;
    QRegion m_regionBeingPainted;
};
