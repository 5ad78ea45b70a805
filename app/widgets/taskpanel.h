#pragma once

#include "domain/taskrecord.h"
#include "widgets/windowservices.h"

#include <QList>
#include <QTimer>
#include <QWidget>
#include <memory>

namespace Ui {
class TaskPanel;
}
class Notifier;
class QAction;
class QSortFilterProxyModel;
class TaskListModel;

// The tasks of this run below the gallery: their progress, the Tasks menu's actions (cancel,
// retry, copy ids, copy as cURL, open a task id), and what the person is told when a task ends
// or is paused (status bar, and a desktop notification while the window is in the background).
class TaskPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskPanel)

public:
    explicit TaskPanel(QWidget *parent = nullptr);
    ~TaskPanel() override;

    // The window's menu actions the panel drives (Tasks and File menus).
    struct Actions
    {
        QAction *cancel = nullptr;
        QAction *retry = nullptr;
        QAction *vary = nullptr;
        QAction *copyTaskId = nullptr;
        QAction *copyRequestId = nullptr;
        QAction *copyCurl = nullptr;
        QAction *openTask = nullptr;
    };
    // Once, before the panel is shown.
    void setup(const WindowServices &services, const Actions &actions, Notifier *notifier);

    TaskListModel *model() const { return m_model; }

    // Which tasks the list shows. Failed ones include those of the last 30 days in the library:
    // the gallery shows only results, so this is where a failure is found again.
    enum class Show { All, Unfinished, Failed };
    void setShown(Show show);

signals:
    void statusMessage(const QString &text, int timeoutMs);
    void activityChanged(const QString &text); // "2 tasks running"; empty when none
    // "Reuse Settings" on a task (a failed one has no result in the gallery to reuse it from).
    void reuseRequested(const GenerationRequest &request);

private:
    TaskRecord currentTask() const;
    void updateActions();
    void handleFilterChanged();
    void showEmptyHint();
    void cancelTask();
    void updateCounts();
    void retryTask();
    void varyTask();
    void runAgain(bool newSeed);
    void copyTaskId();
    void copyRequestId();
    void copyCurl();
    void openTaskId();
    void handleTaskFinished(const TaskRecord &task);
    void handleTaskPaused(const TaskRecord &task);
    void reportPaused();
    void tell(const QString &title, const QString &message, bool warning);

    std::unique_ptr<Ui::TaskPanel> m_ui;
    WindowServices m_services;
    Actions m_actions;
    Notifier *m_notifier = nullptr;
    TaskListModel *m_model = nullptr;
    QAction *m_reuse = nullptr; // the list's own "Reuse Settings"
    QSortFilterProxyModel *m_shown = nullptr; // m_model as the list shows it
    bool m_earlierLoaded = false; // the library's failures were added to m_model
    bool m_addingEarlier = false;
    QString m_retryToolTip; // the action's own, while retry is possible
    QList<TaskRecord> m_newlyPaused; // told about together: a resume pauses several at once
    QTimer m_pausedReport;
};
