#include "widgets/zoomcontrol.h"
#include "widgets/zoomview.h"

#include <QAction>
#include <QImage>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

namespace {

// Stripes one pixel wide, black and white: crisp when magnified, grey when smoothed down.
QImage stripes(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y) {
        for (int x = 0; x < size.width(); ++x)
            image.setPixel(x, y, (x + y) % 2 ? 0xffffffff : 0xff000000);
    }
    return image;
}

void wheel(ZoomView *view, QPoint at, int notches, Qt::KeyboardModifiers modifiers = {})
{
    QWheelEvent event(at, view->viewport()->mapToGlobal(at), QPoint(), QPoint(0, notches * 120),
                      Qt::NoButton, modifiers, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view->viewport(), &event);
}

} // namespace

// The viewer's zoom as image viewers have it: levels from keys and the wheel, toward the cursor,
// between fit and 800 %, panned by dragging, crisp when magnified; the control says the level.
class tst_ZoomView : public QObject
{
    Q_OBJECT

private slots:
    void keysStepThroughLevels();
    void wheelZoomsTowardTheCursor();
    void zoomStaysBetweenFitAndEightHundred();
    void controlShowsAndSetsTheLevel();
    void dragPans();
    void magnifiedPixelsAreCrispReducedAreSmooth();
    void newImageStartsAtFit();
};

void tst_ZoomView::keysStepThroughLevels()
{
    ZoomView view;
    view.resize(400, 300);
    view.setImage(stripes(QSize(1600, 1200)));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.isFit());
    QCOMPARE(view.zoom(), 0.25);
    QTest::keyClick(&view, Qt::Key_Plus);
    QVERIFY(!view.isFit());
    QCOMPARE(view.zoom(), 1.0 / 3);
    QTest::keyClick(&view, Qt::Key_Equal); // + without Shift
    QCOMPARE(view.zoom(), 0.5);
    QTest::keyClick(&view, Qt::Key_Minus);
    QCOMPARE(view.zoom(), 1.0 / 3);
    QTest::keyClick(&view, Qt::Key_1);
    QCOMPARE(view.zoom(), 1.0);
    QVERIFY(view.canPan());
    QTest::keyClick(&view, Qt::Key_0);
    QVERIFY(view.isFit());
    QCOMPARE(view.zoom(), 0.25);
    QVERIFY(!view.canPan());
    // Left and Right are not the view's: whoever holds it moves to the next image with them.
    QKeyEvent right(QEvent::KeyPress, Qt::Key_Right, Qt::NoModifier);
    QCoreApplication::sendEvent(&view, &right);
    QVERIFY(!right.isAccepted());
}

void tst_ZoomView::wheelZoomsTowardTheCursor()
{
    ZoomView view;
    view.resize(400, 300);
    view.setImage(stripes(QSize(1600, 1200)));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (const QPoint at : { QPoint(100, 80), QPoint(310, 220), QPoint(200, 150) }) {
        view.fitToView();
        const QPointF imagePoint = view.mapToImage(at);
        for (int notch = 0; notch < 6; ++notch) {
            const double before = view.zoom();
            wheel(&view, at, 1, notch % 2 ? Qt::ControlModifier : Qt::NoModifier);
            QVERIFY2(view.zoom() > before, qPrintable(QString::number(view.zoom())));
            const QPointF now = view.mapFromImage(imagePoint);
            QVERIFY2(std::abs(now.x() - at.x()) <= 1 && std::abs(now.y() - at.y()) <= 1,
                     qPrintable(QStringLiteral("%1,%2 at %3 %")
                                        .arg(now.x())
                                        .arg(now.y())
                                        .arg(view.zoom() * 100)));
        }
        // And back out, the same point still under the cursor until fit.
        wheel(&view, at, -1);
        const QPointF now = view.mapFromImage(imagePoint);
        QVERIFY(std::abs(now.x() - at.x()) <= 1 && std::abs(now.y() - at.y()) <= 1);
    }
    // A touchpad's small steps add up to one notch.
    view.fitToView();
    wheel(&view, QPoint(200, 150), 0);
    QWheelEvent small(QPointF(200, 150), view.viewport()->mapToGlobal(QPointF(200, 150)), QPoint(),
                      QPoint(0, 60), Qt::NoButton, {}, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view.viewport(), &small);
    QVERIFY(view.isFit());
    QCoreApplication::sendEvent(view.viewport(), &small);
    QCOMPARE(view.zoom(), 1.0 / 3);
}

void tst_ZoomView::zoomStaysBetweenFitAndEightHundred()
{
    ZoomView view;
    view.resize(400, 300);
    view.setImage(stripes(QSize(1600, 1200)));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (int i = 0; i < 30; ++i)
        QTest::keyClick(&view, Qt::Key_Plus);
    QCOMPARE(view.zoom(), ZoomView::MaximumZoom);
    wheel(&view, QPoint(10, 10), 5);
    QCOMPARE(view.zoom(), 8.0);
    view.setZoom(20);
    QCOMPARE(view.zoom(), 8.0);
    for (int i = 0; i < 30; ++i)
        QTest::keyClick(&view, Qt::Key_Minus);
    QVERIFY(view.isFit());
    QCOMPARE(view.zoom(), view.fitZoom());
    wheel(&view, QPoint(10, 10), -5);
    QCOMPARE(view.zoom(), 0.25);
    view.setZoom(0.01);
    QCOMPARE(view.zoom(), 0.25);

    // A small image fits at 100 % (never enlarged), and zooms from there.
    view.setImage(stripes(QSize(50, 40)));
    QCOMPARE(view.fitZoom(), 1.0);
    QTest::keyClick(&view, Qt::Key_Plus);
    QCOMPARE(view.zoom(), 1.5);
    QTest::keyClick(&view, Qt::Key_Minus);
    QTest::keyClick(&view, Qt::Key_Minus);
    QVERIFY(view.isFit());
    QCOMPARE(view.zoom(), 1.0);
}

void tst_ZoomView::controlShowsAndSetsTheLevel()
{
    QWidget window;
    auto *view = new ZoomView(&window);
    auto *control = new ZoomControl(&window);
    view->setGeometry(0, 40, 400, 300);
    control->move(0, 0);
    control->setView(view);
    view->setImage(stripes(QSize(1600, 1200)));
    window.resize(400, 340);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(control->text(), QStringLiteral("Fit (25 %)"));
    const int width = control->width();
    QTest::keyClick(view, Qt::Key_1);
    QCOMPARE(control->text(), QStringLiteral("100 %"));
    QTest::keyClick(view, Qt::Key_Plus);
    QCOMPARE(control->text(), QStringLiteral("150 %"));
    QCOMPARE(control->width(), width); // never jumps
    // The menu: levels, fit, in and out; the level in effect is checked.
    const auto find = [control](const QString &prefix) -> QAction * {
        for (QAction *action : control->menu()->actions())
            if (action->text().startsWith(prefix))
                return action;
        return nullptr;
    };
    QVERIFY(find(QStringLiteral("400 %")));
    find(QStringLiteral("400 %"))->trigger();
    QCOMPARE(view->zoom(), 4.0);
    QCOMPARE(control->text(), QStringLiteral("400 %"));
    QVERIFY(find(QStringLiteral("400 %"))->isChecked());
    find(QStringLiteral("Zoom In"))->trigger();
    QCOMPARE(control->text(), QStringLiteral("600 %"));
    QVERIFY(!find(QStringLiteral("400 %"))->isChecked());
    find(QStringLiteral("Fit"))->trigger();
    QVERIFY(view->isFit());
    QCOMPARE(control->text(), QStringLiteral("Fit (25 %)"));
    // Fit's level follows the view's size.
    view->resize(200, 150);
    QCOMPARE(control->text(), QStringLiteral("Fit (13 %)"));
}

void tst_ZoomView::dragPans()
{
    ZoomView view;
    view.resize(400, 300);
    view.setImage(stripes(QSize(1600, 1200)));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.viewport()->cursor().shape(), Qt::ArrowCursor); // at fit there is nothing to pan
    view.showActualSize();
    QCOMPARE(view.viewport()->cursor().shape(), Qt::OpenHandCursor);
    const QPointF before = view.mapToImage(QPointF(200, 150));
    QSignalSpy panned(&view, &ZoomView::panned);
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, QPoint(200, 150));
    QCOMPARE(view.viewport()->cursor().shape(), Qt::ClosedHandCursor);
    QTest::mouseMove(view.viewport(), QPoint(170, 110));
    QTest::mouseMove(view.viewport(), QPoint(150, 100));
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, QPoint(150, 100));
    QCOMPARE(view.viewport()->cursor().shape(), Qt::OpenHandCursor);
    QVERIFY(!panned.isEmpty());
    // The image moved with the mouse: what was under (200, 150) is under (150, 100).
    QCOMPARE(view.mapToImage(QPointF(200, 150)), before + QPointF(50, 50));
    // The scroll bars pan too.
    view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + 30);
    QCOMPARE(view.mapToImage(QPointF(200, 150)), before + QPointF(80, 50));
}

void tst_ZoomView::magnifiedPixelsAreCrispReducedAreSmooth()
{
    ZoomView view;
    view.resize(400, 300);
    view.setImage(stripes(QSize(40, 30)));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setZoom(4.0);
    QCOMPARE(view.zoom(), 4.0);
    const QImage magnified = view.viewport()->grab().toImage();
    const QPoint topLeft = view.mapFromImage(QPointF(0, 0)).toPoint();
    for (int y = 0; y < 120; ++y) {
        for (int x = 0; x < 160; ++x) {
            const QRgb expected = ((x / 4) + (y / 4)) % 2 ? 0xffffffff : 0xff000000;
            QCOMPARE(magnified.pixel(topLeft + QPoint(x, y)) | 0xff000000, expected);
        }
    }
    view.setImage(stripes(QSize(1600, 1200)));
    QCOMPARE(view.zoom(), 0.25);
    const QImage reduced = view.viewport()->grab().toImage();
    const QColor middle = reduced.pixelColor(200, 150);
    QVERIFY2(middle.lightness() > 60 && middle.lightness() < 200,
             qPrintable(middle.name())); // grey, not a black or white stripe
}

void tst_ZoomView::newImageStartsAtFit()
{
    ZoomView view;
    view.resize(400, 300);
    view.setImage(stripes(QSize(1600, 1200)));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy changed(&view, &ZoomView::zoomChanged);
    view.setZoom(2.0);
    view.setImage(stripes(QSize(800, 600)));
    QVERIFY(view.isFit());
    QCOMPARE(view.zoom(), 0.5);
    QVERIFY(changed.size() >= 2);
    view.setImage(stripes(QSize(1600, 1200)));
    QVERIFY(view.isFit());
    QCOMPARE(view.zoom(), 0.25);
}

QTEST_MAIN(tst_ZoomView)
#include "tst_zoomview.moc"
