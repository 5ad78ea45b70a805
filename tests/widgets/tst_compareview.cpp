#include "library/libraryquery.h"
#include "widgets/compareview.h"
#include "widgets/zoomcontrol.h"
#include "widgets/zoomview.h"

#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

namespace {

constexpr int DecodeTimeoutMs = 20000; // generous: the sanitizer build is slow

QStringList writeImages(const QTemporaryDir &dir, int count)
{
    QStringList paths;
    for (int i = 0; i < count; ++i) {
        // Of different sizes, as a comparison of models' results has them.
        QImage image(QSize(1200 + 200 * i, 900), QImage::Format_RGB32);
        image.fill(QColor::fromHsv(60 * i, 200, 200));
        const QString path = dir.filePath(QStringLiteral("image-%1.png").arg(i + 1));
        image.save(path);
        paths << path;
    }
    return paths;
}

QList<CompareView::Item> itemsFor(const QStringList &paths)
{
    QList<CompareView::Item> items;
    for (const QString &path : paths)
        items.append({ path, QStringLiteral("caption of %1").arg(path), path });
    return items;
}

void wheel(ZoomView *view, QPoint at, int notches)
{
    QWheelEvent event(at, view->viewport()->mapToGlobal(at), QPoint(), QPoint(0, notches * 120),
                      Qt::NoButton, {}, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view->viewport(), &event);
}

bool near(QPointF a, QPointF b)
{
    return std::abs(a.x() - b.x()) < 0.01 && std::abs(a.y() - b.y()) < 0.01;
}

} // namespace

// Compare: two to four images side by side, decoded off the GUI thread, zoomed and panned
// together, with the viewer's keys; one or five are refused with a reason.
class tst_CompareView : public QObject
{
    Q_OBJECT

private slots:
    void twoThreeAndFourSideBySide();
    void zoomAndPanAreLocked();
    void keysAreTheViewers();
    void refusesOneAndFive();
    void captionSaysModelSizeAndSeed();
};

void tst_CompareView::twoThreeAndFourSideBySide()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QStringList paths = writeImages(dir, 4);
    CompareView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (int count = 2; count <= 4; ++count) {
        QSignalSpy loaded(&view, &CompareView::loaded);
        QVERIFY(view.setItems(itemsFor(paths.mid(0, count))));
        QVERIFY(view.isLoading()); // decoded on workers: back before the images are
        QVERIFY(loaded.wait(DecodeTimeoutMs));
        QCOMPARE(view.count(), count);
        QTRY_VERIFY(view.pane(count - 1)->isVisible());
        QList<QRect> rects;
        for (int i = 0; i < count; ++i) {
            ZoomView *pane = view.pane(i);
            QCOMPARE(pane->image().width(), 1200 + 200 * i);
            QVERIFY(pane->isFit());
            QCOMPARE(view.caption(i), QStringLiteral("caption of %1").arg(paths.at(i)));
            rects << QRect(pane->mapTo(&view, QPoint()), pane->size());
        }
        if (count < 4) {
            // One row, left to right, the same size each.
            for (int i = 1; i < count; ++i) {
                QCOMPARE(rects.at(i).top(), rects.at(0).top());
                QVERIFY(rects.at(i).left() > rects.at(i - 1).right());
                QVERIFY(std::abs(rects.at(i).width() - rects.at(0).width()) <= 1);
            }
            QVERIFY(rects.at(0).width() < view.width() / count + 1);
        } else {
            // Two rows of two.
            QCOMPARE(rects.at(1).top(), rects.at(0).top());
            QCOMPARE(rects.at(2).left(), rects.at(0).left());
            QVERIFY(rects.at(2).top() > rects.at(0).bottom());
            QCOMPARE(rects.at(3).top(), rects.at(2).top());
        }
    }
}

void tst_CompareView::zoomAndPanAreLocked()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    CompareView view;
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy loaded(&view, &CompareView::loaded);
    QVERIFY(view.setItems(itemsFor(writeImages(dir, 4))));
    QVERIFY(loaded.wait(DecodeTimeoutMs));
    const auto locked = [&view](double zoom) {
        const QPointF center = view.pane(0)->centerFraction();
        for (int i = 0; i < view.count(); ++i) {
            if (std::abs(view.pane(i)->zoom() - zoom) > 1e-6
                || !near(view.pane(i)->centerFraction(), center))
                return false;
        }
        return true;
    };
    // The wheel over one pane: all at its level, around the same point of their image.
    ZoomView *third = view.pane(2);
    wheel(third, QPoint(40, 50), 4);
    const double zoom = third->zoom();
    QVERIFY(zoom >= 1.0);
    QVERIFY(locked(zoom));
    QVERIFY(!near(third->centerFraction(), QPointF(0.5, 0.5))); // towards its cursor
    QCOMPARE(view.zoomControl()->text(), ZoomControl::levelText(false, zoom));
    // A drag in another pane pans them all.
    ZoomView *second = view.pane(1);
    const QPointF before = second->centerFraction();
    QTest::mousePress(second->viewport(), Qt::LeftButton, {}, QPoint(200, 150));
    QTest::mouseMove(second->viewport(), QPoint(120, 100));
    QTest::mouseRelease(second->viewport(), Qt::LeftButton, {}, QPoint(120, 100));
    QVERIFY(!near(second->centerFraction(), before));
    QVERIFY(locked(zoom));
    // The control zooms them all too; fit is each one's fit.
    view.pane(0)->setZoom(4.0);
    QVERIFY(locked(4.0));
    view.pane(3)->fitToView();
    for (int i = 0; i < view.count(); ++i)
        QVERIFY(view.pane(i)->isFit());
}

void tst_CompareView::keysAreTheViewers()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    CompareView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy loaded(&view, &CompareView::loaded);
    QVERIFY(view.setItems(itemsFor(writeImages(dir, 3))));
    QVERIFY(loaded.wait(DecodeTimeoutMs));
    QTest::keyClick(&view, Qt::Key_1);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(view.pane(i)->zoom(), 1.0);
    QTest::keyClick(&view, Qt::Key_Plus);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(view.pane(i)->zoom(), 1.5);
    QTest::keyClick(view.pane(2), Qt::Key_Minus); // the key in a pane that has the focus
    for (int i = 0; i < 3; ++i)
        QCOMPARE(view.pane(i)->zoom(), 1.0);
    QTest::keyClick(&view, Qt::Key_0);
    for (int i = 0; i < 3; ++i)
        QVERIFY(view.pane(i)->isFit());
    QSignalSpy closed(&view, &CompareView::closeRequested);
    QTest::keyClick(&view, Qt::Key_Escape);
    QCOMPARE(closed.size(), 1);
}

void tst_CompareView::refusesOneAndFive()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QStringList paths = writeImages(dir, 5);
    QVERIFY(!CompareView::refusal(0).isEmpty());
    QVERIFY2(CompareView::refusal(1).contains(QStringLiteral("two to four")),
             qPrintable(CompareView::refusal(1)));
    QVERIFY2(CompareView::refusal(5).contains(QStringLiteral("at most four")),
             qPrintable(CompareView::refusal(5)));
    for (int count = 2; count <= 4; ++count)
        QVERIFY(CompareView::refusal(count).isEmpty());
    // A gallery selection: its saved images count; a video is refused by name.
    QList<LibraryEntry> selection;
    for (int i = 0; i < 3; ++i) {
        LibraryEntry entry;
        entry.output.filePath = paths.at(i);
        selection << entry;
    }
    selection << LibraryEntry(); // a task without a file: not counted
    QVERIFY(CompareView::refusal(selection).isEmpty());
    LibraryEntry video;
    video.output.filePath = dir.filePath(QStringLiteral("waves.mp4"));
    video.output.mediaType = QStringLiteral("video/mp4");
    QVERIFY2(CompareView::refusal(selection + QList<LibraryEntry> { video })
                     .contains(QStringLiteral("not videos")),
             qPrintable(CompareView::refusal(selection + QList<LibraryEntry> { video })));
    QVERIFY(!CompareView::refusal(selection.mid(0, 1)).isEmpty());
    CompareView view;
    QVERIFY(!view.setItems(itemsFor(paths.mid(0, 1))));
    QCOMPARE(view.count(), 0);
    QVERIFY(!view.setItems(itemsFor(paths)));
    QCOMPARE(view.count(), 0);
}

void tst_CompareView::captionSaysModelSizeAndSeed()
{
    LibraryEntry entry;
    entry.task.request.model = QStringLiteral("wan2.5-t2i-preview");
    entry.task.request.prompt = QStringLiteral("a lighthouse at dusk");
    entry.output.filePath = QStringLiteral("/tmp/lighthouse.png");
    entry.output.pixelSize = QSize(1280, 720);
    entry.output.seed = 42;
    const CompareView::Item item = CompareView::itemOf(entry);
    QVERIFY2(item.caption.contains(QStringLiteral("1280 × 720")), qPrintable(item.caption));
    QVERIFY2(item.caption.contains(QStringLiteral("seed 42")), qPrintable(item.caption));
    QVERIFY2(!item.caption.contains(QStringLiteral("lighthouse")), qPrintable(item.caption));
    // The tooltip has it all: the model's API name, the prompt and the file.
    QVERIFY(item.toolTip.contains(QStringLiteral("wan2.5-t2i-preview")));
    QVERIFY(item.toolTip.contains(QStringLiteral("a lighthouse at dusk")));
    QVERIFY(item.toolTip.contains(QStringLiteral("lighthouse.png")));
}

QTEST_MAIN(tst_CompareView)
#include "tst_compareview.moc"
