#include "widgets/taskpanel.h"

#include "domain/modelcatalog.h"
#include "engine/taskservice.h"
#include "library/library.h"
#include "models/displaytext.h"
#include "models/tasklistmodel.h"
#include "platform/settings.h"
#include "protocol/curlcommand.h"
#include "ui_taskpanel.h"
#include "widgets/notifier.h"
#include "widgets/taskprogressdelegate.h"
#include "widgets/uistyle.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <utility>

namespace {

// A reason's first sentence: up to the first full stop outside parentheses (an error quoted in
// parentheses may have its own), Latin or Chinese.
QString firstSentence(const QString &text)
{
    int depth = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == u'(' || c == u'\uFF08') {
            ++depth;
        } else if ((c == u')' || c == u'\uFF09') && depth > 0) {
            --depth;
        } else if (depth == 0
                   && (c == u'\u3002'
                       || (c == u'.' && (i + 1 == text.size() || text.at(i + 1).isSpace())))) {
            return text.left(i + 1);
        }
    }
    return text;
}

constexpr int EarlierFailureDays = 30;

bool endedInFailure(TaskState state)
{
    return state == TaskState::Failed || state == TaskState::Expired
            || state == TaskState::PartlyDone;
}

// The task list through the panel's "Show" choice.
class TaskFilter final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setShown(TaskPanel::Show show)
    {
        m_show = show;
        invalidateRowsFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const auto state = TaskState(
                sourceModel()->index(row, 0, parent).data(TaskListModel::StateRole).toInt());
        switch (m_show) {
        case TaskPanel::Show::All:
            return true;
        case TaskPanel::Show::Unfinished:
            return !isFinished(state);
        case TaskPanel::Show::Failed:
            return endedInFailure(state);
        }
        return true;
    }

private:
    TaskPanel::Show m_show = TaskPanel::Show::All;
};

} // namespace

TaskPanel::TaskPanel(QWidget *parent) : QWidget(parent), m_ui(std::make_unique<Ui::TaskPanel>())
{
    m_ui->setupUi(this);
    // Pauses that come together (every task of an endpoint at a resume) are told as one.
    m_pausedReport.setSingleShot(true);
    m_pausedReport.setInterval(0);
    connect(&m_pausedReport, &QTimer::timeout, this, &TaskPanel::reportPaused);
}

TaskPanel::~TaskPanel() = default;

void TaskPanel::setup(const WindowServices &services, const Actions &actions, Notifier *notifier)
{
    Ui::TaskPanel &ui = *m_ui;
    m_services = services;
    m_actions = actions;
    m_notifier = notifier;
    m_retryToolTip = actions.retry->toolTip();

    m_model = new TaskListModel(services.tasks, services.library, this);
    auto *filter = new TaskFilter(this);
    filter->setSourceModel(m_model);
    filter->setDynamicSortFilter(true); // a task that fails joins the failed ones at once
    m_shown = filter;
    ui.taskView->setModel(m_shown);
    ui.taskView->setItemDelegate(new TaskProgressDelegate(ui.taskView));
    ui.taskView->setSelectionMode(QAbstractItemView::SingleSelection);
    ui.taskView->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    ui.taskView->setUniformItemSizes(false);
    ui.taskView->setWordWrap(true);
    ui.taskFilterCombo->addItem(tr("All tasks"), int(Show::All));
    ui.taskFilterCombo->addItem(tr("Unfinished"), int(Show::Unfinished));
    ui.taskFilterCombo->addItem(tr("Failed"), int(Show::Failed));
    ui.taskFilterCombo->setToolTip(
            tr("Failed shows the tasks that ended without every result, from this session and "
               "the last %n day(s).",
               nullptr, EarlierFailureDays));
    connect(ui.taskFilterCombo, &QComboBox::currentIndexChanged, this,
            &TaskPanel::handleFilterChanged);
    showEmptyHint();
    ui.taskView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_reuse = new QAction(tr("Reuse Settings"), this);
    m_reuse->setObjectName(QStringLiteral("reuseTaskAction"));
    m_reuse->setToolTip(tr("Fill the form with this task's prompt and settings"));
    connect(m_reuse, &QAction::triggered, this, [this] {
        const TaskRecord task = currentTask();
        if (!task.request.model.isEmpty())
            emit reuseRequested(task.request);
    });
    ui.taskView->addActions({ actions.cancel, actions.retry, actions.vary, m_reuse,
                              actions.copyTaskId, actions.copyRequestId, actions.copyCurl });

    ui.cancelTaskButton->setDefaultAction(actions.cancel);
    ui.retryTaskButton->setDefaultAction(actions.retry);
    ui.varyTaskButton->setDefaultAction(actions.vary);
    for (QToolButton *button : { ui.cancelTaskButton, ui.retryTaskButton, ui.varyTaskButton }) {
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        UiStyle::showWithoutAccelerator(button->defaultAction());
    }
    // The ids and the cURL command share one button: five buttons in a row did not fit the
    // panel at the window's narrowest (their text was cut).
    ui.copyButton->setText(tr("Copy"));
    ui.copyButton->setToolTip(tr("Copy the task's id, its request id or its cURL command"));
    ui.copyButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *copyMenu = new QMenu(ui.copyButton);
    copyMenu->addActions({ actions.copyTaskId, actions.copyRequestId, actions.copyCurl });
    ui.copyButton->setMenu(copyMenu);

    connect(actions.cancel, &QAction::triggered, this, &TaskPanel::cancelTask);
    connect(actions.retry, &QAction::triggered, this, &TaskPanel::retryTask);
    connect(actions.vary, &QAction::triggered, this, &TaskPanel::varyTask);
    connect(actions.copyTaskId, &QAction::triggered, this, &TaskPanel::copyTaskId);
    connect(actions.copyRequestId, &QAction::triggered, this, &TaskPanel::copyRequestId);
    connect(actions.copyCurl, &QAction::triggered, this, &TaskPanel::copyCurl);
    connect(actions.openTask, &QAction::triggered, this, &TaskPanel::openTaskId);

    connect(ui.taskView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &TaskPanel::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TaskPanel::updateActions);
    connect(m_shown, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first) {
                if (m_addingEarlier)
                    return; // the library's failures: nothing new to follow
                // Follow the newest task, so its progress is in view.
                m_ui->taskView->setCurrentIndex(m_shown->index(first, 0));
                m_ui->taskView->scrollToTop();
                updateActions();
            });
    connect(m_model, &TaskListModel::activeCountChanged, this, &TaskPanel::updateCounts);
    connect(m_model, &TaskListModel::queuedCountChanged, this, &TaskPanel::updateCounts);
    connect(services.tasks, &TaskService::taskFinished, this, &TaskPanel::handleTaskFinished);
    connect(services.tasks, &TaskService::taskPaused, this, &TaskPanel::handleTaskPaused);
    updateActions();
}

void TaskPanel::updateCounts()
{
    // Running and waiting for a slot are told apart: five queued tasks are not five running.
    const int queued = m_model->queuedCount();
    const int running = m_model->activeCount() - queued;
    QStringList parts;
    if (running > 0)
        parts << DisplayText::plural(running, tr("1 task running"), tr("%1 tasks running"));
    if (queued > 0)
        parts << DisplayText::plural(queued, tr("1 queued"), tr("%1 queued"));
    const QString text = parts.join(QStringLiteral(" · "));
    m_ui->tasksCountLabel->setText(text.isEmpty() ? QString() : tr("— %1").arg(text));
    emit activityChanged(text);
}

TaskRecord TaskPanel::currentTask() const
{
    const QModelIndex index = m_ui->taskView->currentIndex();
    return index.isValid() ? m_model->task(m_shown->mapToSource(index).row()) : TaskRecord();
}

void TaskPanel::setShown(Show show)
{
    m_ui->taskFilterCombo->setCurrentIndex(m_ui->taskFilterCombo->findData(int(show)));
}

void TaskPanel::handleFilterChanged()
{
    const auto show = Show(m_ui->taskFilterCombo->currentData().toInt());
    if (show == Show::Failed && !m_earlierLoaded && m_services.library
        && m_services.library->isOpen()) {
        m_earlierLoaded = true;
        LibraryQuery query;
        query.states = { TaskState::Failed, TaskState::Expired, TaskState::PartlyDone };
        query.from = QDate::currentDate().addDays(1 - EarlierFailureDays);
        query.limit = 200;
        m_addingEarlier = true;
        m_model->addEarlier(m_services.library->findTasks(query));
        m_addingEarlier = false;
    }
    static_cast<TaskFilter *>(m_shown)->setShown(show);
    showEmptyHint();
    updateActions();
}

void TaskPanel::showEmptyHint()
{
    switch (Show(m_ui->taskFilterCombo->currentData().toInt())) {
    case Show::All:
        m_ui->taskView->setEmptyHint(tr("No tasks in this session"),
                                     tr("Each generation shows its progress here: queued, "
                                        "generating, downloading, done."));
        break;
    case Show::Unfinished:
        m_ui->taskView->setEmptyHint(tr("Nothing running"),
                                     tr("Tasks that are queued, generating or downloading show "
                                        "here."));
        break;
    case Show::Failed:
        m_ui->taskView->setEmptyHint(tr("No failed tasks"),
                                     tr("Nothing failed in this session or the last %n day(s).",
                                        nullptr, EarlierFailureDays));
        break;
    }
}

void TaskPanel::updateActions()
{
    const QModelIndex index = m_ui->taskView->currentIndex();
    const TaskRecord task = currentTask();
    m_actions.cancel->setEnabled(index.isValid()
                                 && index.data(TaskListModel::CanCancelRole).toBool());
    m_actions.retry->setEnabled(index.isValid()
                                && index.data(TaskListModel::CanRetryRole).toBool());
    m_actions.vary->setEnabled(m_actions.retry->isEnabled());
    // Why Retry is off for a paused task, where the person would look for it.
    m_actions.retry->setToolTip(task.state == TaskState::Paused
                                        ? tr("A paused task still exists on the service and is "
                                             "followed again at the next start: a retry would "
                                             "create, and bill, a second task.")
                                        : m_retryToolTip);
    m_actions.copyTaskId->setEnabled(!task.taskId.isEmpty());
    m_actions.copyRequestId->setEnabled(!task.requestId.isEmpty()
                                        || !task.error.requestId.isEmpty());
    m_actions.copyCurl->setEnabled(!task.request.model.isEmpty());
    m_reuse->setEnabled(!task.request.model.isEmpty());
}

void TaskPanel::cancelTask()
{
    const TaskRecord task = currentTask();
    if (task.id != 0)
        m_services.tasks->cancel(task.id);
}

void TaskPanel::retryTask()
{
    runAgain(false);
}

void TaskPanel::varyTask()
{
    runAgain(true);
}

void TaskPanel::runAgain(bool newSeed)
{
    const TaskRecord task = currentTask();
    // The action is disabled for those; a shortcut or a stale menu must not bill twice either.
    if (task.id == 0 || !isFinished(task.state))
        return;
    const TaskStart start
            = newSeed ? m_services.tasks->vary(task.id) : m_services.tasks->retry(task.id);
    if (start.refusal == TaskStart::Refusal::InvalidRequest) {
        // The catalog's rules may have changed since (a size a model no longer takes).
        tell(tr("Run Again"),
             tr("Its settings do not pass the model's rules any more: %1 Use Reuse Settings "
                "(in the task's menu) to fix them in the form.")
                     .arg(start.error.message),
             true);
    } else if (!start.isStarted()) {
        tell(tr("Run Again"), start.error.message, true);
    }
}

void TaskPanel::copyTaskId()
{
    const TaskRecord task = currentTask();
    if (task.taskId.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(task.taskId);
    emit statusMessage(tr("Task ID %1 copied.").arg(task.taskId), 3000);
}

void TaskPanel::copyRequestId()
{
    const TaskRecord task = currentTask();
    const QString requestId
            = task.error.requestId.isEmpty() ? task.requestId : task.error.requestId;
    if (requestId.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(requestId);
    emit statusMessage(tr("Request ID %1 copied.").arg(requestId), 3000);
}

void TaskPanel::copyCurl()
{
    const TaskRecord task = currentTask();
    const QString command = curlCommand(task, m_services.catalog->model(task.request.model));
    if (command.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(command);
    emit statusMessage(tr("cURL command copied. It reads the key from $DASHSCOPE_API_KEY."), 4000);
}

void TaskPanel::openTaskId()
{
    bool ok = false;
    const QString taskId
            = QInputDialog::getText(
                      window(), tr("Open Task ID"),
                      tr("The task_id of a task created elsewhere, for example with cURL.\n"
                         "It is followed here and its images are saved to the library:"),
                      QLineEdit::Normal, QString(), &ok)
                      .trimmed();
    if (!ok || taskId.isEmpty())
        return;
    if (const TaskStart start = m_services.tasks->track(taskId); !start.isStarted()) {
        QMessageBox::information(window(), tr("Open Task ID"), start.error.message);
        return;
    }
    emit statusMessage(tr("Following task %1.").arg(taskId), 4000);
}

void TaskPanel::tell(const QString &title, const QString &message, bool warning)
{
    emit statusMessage(title + QStringLiteral(" — ") + message, 6000);
    if (!window()->isActiveWindow() && m_services.settings->notificationsEnabled())
        m_notifier->notify(title, message,
                           warning ? Notifier::Kind::Warning : Notifier::Kind::Information);
}

void TaskPanel::handleTaskFinished(const TaskRecord &task)
{
    const QString prompt = task.request.prompt.left(80);
    switch (task.state) {
    case TaskState::Done:
        tell(makesVideo(task.request.kind)
                     ? tr("%n video(s) ready", nullptr, task.savedOutputCount())
                     : DisplayText::plural(task.savedOutputCount(), tr("1 image ready"),
                                           tr("%1 images ready")),
             prompt, false);
        return;
    case TaskState::PartlyDone:
        tell(tr("%1 of %2 images ready").arg(task.savedOutputCount()).arg(task.outputs.size()),
             prompt, true);
        return;
    case TaskState::Failed:
    case TaskState::Expired:
        tell(tr("A task failed"), task.error.explanation(), true);
        return;
    default:
        return; // canceled by the person: nothing to tell
    }
}

void TaskPanel::handleTaskPaused(const TaskRecord &task)
{
    m_newlyPaused.append(task);
    m_pausedReport.start();
}

void TaskPanel::reportPaused()
{
    const QList<TaskRecord> paused = std::exchange(m_newlyPaused, {});
    if (paused.isEmpty())
        return;
    QString reason = TaskListModel::reason(paused.first());
    for (const TaskRecord &task : paused) {
        if (TaskListModel::reason(task) != reason)
            reason = tr("Each one's row in Tasks says why and what to do.");
    }
    const int count = int(paused.size());
    // The status bar gets the reason's first sentence (where and why): the whole of it, with the
    // command that finishes the task, is cut off at 1280 px; each task's row keeps all of it.
    const QString brief = firstSentence(reason);
    emit statusMessage(count == 1 ? tr("1 task paused: %1").arg(brief)
                                  : tr("%1 tasks paused: %2").arg(count).arg(brief),
                       20000);
    if (!window()->isActiveWindow() && m_services.settings->notificationsEnabled())
        m_notifier->notify(DisplayText::plural(count, tr("1 task paused"), tr("%1 tasks paused")),
                           reason, Notifier::Kind::Warning);
}
