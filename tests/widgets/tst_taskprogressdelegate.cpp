#include "engine/taskservice.h"
#include "models/tasklistmodel.h"
#include "support/simulatorfixture.h"
#include "widgets/hintlistview.h"
#include "widgets/taskprogressdelegate.h"

#include <QPaintEvent>
#include <QSignalSpy>
#include <QTest>
#include <memory>

// The task list's moving stripe costs nothing when nothing moves, and its frames repaint only
// the bars (bench_taskpanel measures the CPU share; README.md "Benchmarks").
class tst_TaskProgressDelegate : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void noTimerWithoutAMovingStripe();
    void framesRepaintOnlyTheBars();

private:
    // Records the regions the view's viewport paints.
    class PaintRecorder : public QObject
    {
    public:
        QList<QRegion> regions;
        bool eventFilter(QObject *, QEvent *event) override
        {
            if (event->type() == QEvent::Paint)
                regions.append(static_cast<QPaintEvent *>(event)->region());
            return false;
        }
    };

    qint64 submit();

    std::unique_ptr<SimulatorFixture> m_fixture;
    std::unique_ptr<TaskService> m_service;
    std::unique_ptr<TaskListModel> m_model;
    std::unique_ptr<HintListView> m_view;
    TaskProgressDelegate *m_delegate = nullptr;
};

void tst_TaskProgressDelegate::init()
{
    m_fixture = std::make_unique<SimulatorFixture>();
    QVERIFY2(m_fixture->isReady(), qPrintable(m_fixture->problem()));
    m_fixture->simulator()->setLatency(std::chrono::hours(1)); // running until canceled
    m_service = std::make_unique<TaskService>(m_fixture->catalog(), nullptr, m_fixture->network());
    m_service->setEndpoint(m_fixture->endpoint());
    m_service->setApiKey(QStringLiteral("sk-test"));
    m_model = std::make_unique<TaskListModel>(m_service.get());
    m_view = std::make_unique<HintListView>();
    m_view->setModel(m_model.get());
    m_delegate = new TaskProgressDelegate(m_view.get());
    m_view->setItemDelegate(m_delegate);
    m_view->resize(700, 300);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void tst_TaskProgressDelegate::cleanup()
{
    m_view.reset();
    m_model.reset();
    m_service.reset();
    m_fixture.reset();
}

qint64 tst_TaskProgressDelegate::submit()
{
    GenerationRequest request;
    request.model = m_fixture->catalog().defaultModelFor(Region::Singapore);
    request.prompt = QStringLiteral("a lighthouse at dawn");
    const TaskStart start = m_service->submit(request);
    return start.isStarted() ? start.id : 0;
}

void tst_TaskProgressDelegate::noTimerWithoutAMovingStripe()
{
    QCoreApplication::processEvents();
    QVERIFY(!m_delegate->isAnimating()); // an empty list: no timer at all

    const qint64 id = submit();
    QVERIFY(id != 0);
    // Running on the service without an estimate: the stripe moves.
    QTRY_VERIFY_WITH_TIMEOUT(m_delegate->isAnimating(), 10000);

    // Hidden, it stops at the next frame; shown again, the first paint starts it again.
    m_view->hide();
    QTRY_VERIFY(!m_delegate->isAnimating());
    m_view->show();
    QTRY_VERIFY(m_delegate->isAnimating());

    m_service->cancel(id);
    QTRY_VERIFY_WITH_TIMEOUT(!m_delegate->isAnimating(), 10000);
}

void tst_TaskProgressDelegate::framesRepaintOnlyTheBars()
{
    QVERIFY(submit() != 0);
    QVERIFY(submit() != 0);
    QTRY_VERIFY_WITH_TIMEOUT(m_delegate->isAnimating(), 10000);
    PaintRecorder recorder;
    m_view->viewport()->installEventFilter(&recorder);
    // Animation frames come 15 times a second; the model's own updates (once a second) repaint
    // whole rows. Most paints are frames, and a frame is thin tracks, one per moving task.
    QTRY_VERIFY(recorder.regions.size() >= 10);
    m_view->viewport()->removeEventFilter(&recorder);
    int frames = 0;
    for (const QRegion &region : std::as_const(recorder.regions)) {
        bool thin = true;
        for (const QRect &rect : region)
            thin = thin && rect.height() <= 10;
        if (thin)
            ++frames;
    }
    QVERIFY2(frames >= recorder.regions.size() / 2,
             qPrintable(QStringLiteral("%1 of %2 paints were bar-only")
                                .arg(frames)
                                .arg(recorder.regions.size())));
}

QTEST_MAIN(tst_TaskProgressDelegate)
#include "tst_taskprogressdelegate.moc"
