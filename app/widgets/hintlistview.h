#pragma once

#include <QListView>

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

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_title;
    QString m_detail;
};
