#include "widgets/maskpainter.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

namespace {

// A base image that is not square and not the canvas's shape: the mapping matters.
QImage baseImage()
{
    QImage image(600, 400, QImage::Format_RGB32);
    image.fill(QColor(40, 90, 160));
    return image;
}

// Every value the mask holds, with how many pixels have it.
QMap<int, qint64> histogram(const QImage &image)
{
    const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
    QMap<int, qint64> counts;
    for (int y = 0; y < grey.height(); ++y) {
        const uchar *line = grey.constScanLine(y);
        for (int x = 0; x < grey.width(); ++x)
            ++counts[line[x]];
    }
    return counts;
}

int grey(const QImage &image, QPoint at)
{
    return qGray(image.pixel(at));
}

} // namespace

class tst_MaskPainter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init();
    void cleanup();

    void strokesPaintExactlyWhite();
    void eraserTakesBack();
    void undoStepsBack();
    void invertAndClear();
    void brushSizeKeys();
    void overlayToggles();
    void checkedToolsStandOutInTheDark();
    void exportsAUniqueFilePerMask();

private:
    // A stroke from `from` to `to` in image pixels, with the mouse, through the canvas mapping.
    void stroke(QPoint from, QPoint to)
    {
        MaskCanvas *canvas = m_painter->canvas();
        const QPoint a = canvas->toWidget(from).toPoint();
        const QPoint b = canvas->toWidget(to).toPoint();
        QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, a);
        for (int i = 1; i <= 8; ++i)
            QTest::mouseMove(canvas, a + (b - a) * i / 8);
        QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, b);
    }
    QImage exported()
    {
        QString error;
        const QString path = m_painter->exportMask(m_dir->path(), &error);
        if (path.isEmpty())
            qWarning("export failed: %s", qPrintable(error));
        return QImage(path);
    }

    QTemporaryDir *m_dir = nullptr;
    MaskPainter *m_painter = nullptr;
};

void tst_MaskPainter::init()
{
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_painter = new MaskPainter(baseImage());
    m_painter->resize(800, 640);
    m_painter->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_painter));
    m_painter->canvas()->setBrushSize(20);
}

void tst_MaskPainter::cleanup()
{
    delete m_painter;
    m_painter = nullptr;
    delete m_dir;
    m_dir = nullptr;
}

void tst_MaskPainter::strokesPaintExactlyWhite()
{
    auto *use = m_painter->findChild<QPushButton *>(QStringLiteral("useMaskButton"));
    QVERIFY(!use->isEnabled()); // nothing painted: nothing to use
    QVERIFY(m_painter->canvas()->isEmpty());

    stroke({ 100, 200 }, { 300, 200 });
    QVERIFY(use->isEnabled());
    const QImage mask = exported();
    QCOMPARE(mask.size(), QSize(600, 400)); // the base image's size, not the widget's
    const QMap<int, qint64> values = histogram(mask);
    QCOMPARE(values.keys(), (QList<int> { 0, 255 })); // pure black and white, no edge greys
    // Along the stroke: painted; far from it: kept.
    QCOMPARE(grey(mask, { 100, 200 }), 255);
    QCOMPARE(grey(mask, { 200, 200 }), 255);
    QCOMPARE(grey(mask, { 300, 200 }), 255);
    QCOMPARE(grey(mask, { 200, 205 }), 255); // within the 20 px brush
    QCOMPARE(grey(mask, { 200, 230 }), 0);
    QCOMPARE(grey(mask, { 450, 200 }), 0);
    QCOMPARE(grey(mask, { 0, 0 }), 0);
    // About a 200 × 20 band (plus the round ends); a scaling error would be far off.
    const qint64 painted = values.value(255);
    QVERIFY2(painted > 200 * 16 && painted < 240 * 24, qPrintable(QString::number(painted)));
}

void tst_MaskPainter::eraserTakesBack()
{
    stroke({ 100, 100 }, { 500, 100 });
    QTest::mouseClick(m_painter->findChild<QToolButton *>(QStringLiteral("eraserButton")),
                      Qt::LeftButton);
    QVERIFY(m_painter->canvas()->isErasing());
    stroke({ 300, 60 }, { 300, 140 }); // across the band
    const QImage mask = exported();
    QCOMPARE(histogram(mask).keys(), (QList<int> { 0, 255 }));
    QCOMPARE(grey(mask, { 150, 100 }), 255);
    QCOMPARE(grey(mask, { 300, 100 }), 0); // erased
    QCOMPARE(grey(mask, { 450, 100 }), 255);

    // "B" goes back to the brush.
    QTest::keyClick(m_painter->canvas(), Qt::Key_B);
    QVERIFY(!m_painter->canvas()->isErasing());
}

void tst_MaskPainter::undoStepsBack()
{
    stroke({ 50, 50 }, { 150, 50 });
    stroke({ 50, 300 }, { 150, 300 });
    stroke({ 400, 300 }, { 500, 300 });
    MaskCanvas *canvas = m_painter->canvas();
    QCOMPARE(grey(canvas->mask(), { 450, 300 }), 255);

    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(grey(canvas->mask(), { 450, 300 }), 0);
    QCOMPARE(grey(canvas->mask(), { 100, 300 }), 255);
    QTest::mouseClick(m_painter->findChild<QToolButton *>(QStringLiteral("undoButton")),
                      Qt::LeftButton);
    QCOMPARE(grey(canvas->mask(), { 100, 300 }), 0);
    QCOMPARE(grey(canvas->mask(), { 100, 50 }), 255);
    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(canvas->isEmpty());
    QVERIFY(!canvas->canUndo());
    QVERIFY(!m_painter->findChild<QToolButton *>(QStringLiteral("undoButton"))->isEnabled());
}

void tst_MaskPainter::invertAndClear()
{
    stroke({ 100, 200 }, { 300, 200 });
    QTest::mouseClick(m_painter->findChild<QToolButton *>(QStringLiteral("invertButton")),
                      Qt::LeftButton);
    QImage mask = exported();
    QCOMPARE(histogram(mask).keys(), (QList<int> { 0, 255 }));
    QCOMPARE(grey(mask, { 200, 200 }), 0); // painted: now kept
    QCOMPARE(grey(mask, { 450, 50 }), 255); // the rest: now edited
    QCOMPARE(mask.size(), QSize(600, 400));

    QTest::mouseClick(m_painter->findChild<QToolButton *>(QStringLiteral("clearMaskButton")),
                      Qt::LeftButton);
    QVERIFY(m_painter->canvas()->isEmpty());
    QTest::keyClick(m_painter->canvas(), Qt::Key_Z, Qt::ControlModifier); // clear is undone too
    QCOMPARE(grey(m_painter->canvas()->mask(), { 450, 50 }), 255);
}

void tst_MaskPainter::brushSizeKeys()
{
    MaskCanvas *canvas = m_painter->canvas();
    auto *slider = m_painter->findChild<QSlider *>(QStringLiteral("brushSizeSlider"));
    QCOMPARE(slider->value(), 20);
    QTest::keyClick(canvas, Qt::Key_BracketRight);
    QVERIFY(canvas->brushSize() > 20);
    QCOMPARE(slider->value(), canvas->brushSize());
    const int larger = canvas->brushSize();
    QTest::keyClick(canvas, Qt::Key_BracketLeft);
    QTest::keyClick(canvas, Qt::Key_BracketLeft);
    QVERIFY(canvas->brushSize() < larger);
    slider->setValue(60);
    QCOMPARE(canvas->brushSize(), 60);
    // A 60 px dab is about 60 px across.
    stroke({ 300, 200 }, { 300, 200 });
    const QImage mask = canvas->mask();
    QCOMPARE(grey(mask, { 300 + 27, 200 }), 255);
    QCOMPARE(grey(mask, { 300 + 34, 200 }), 0);
}

void tst_MaskPainter::overlayToggles()
{
    stroke({ 100, 200 }, { 300, 200 });
    MaskCanvas *canvas = m_painter->canvas();
    const QPoint onStroke = canvas->toWidget(QPointF(200, 200)).toPoint();
    QTest::mouseMove(canvas, QPoint(2, 2)); // the brush outline away from the stroke
    const QColor base = baseImage().pixelColor(0, 0);
    QColor shown = canvas->grab().toImage().pixelColor(onStroke);
    QVERIFY2(shown != base, qPrintable(shown.name())); // tinted
    QTest::keyClick(canvas, Qt::Key_H);
    QVERIFY(!canvas->isOverlayVisible());
    QVERIFY(!m_painter->findChild<QToolButton *>(QStringLiteral("overlayButton"))->isChecked());
    shown = canvas->grab().toImage().pixelColor(onStroke);
    QCOMPARE(shown.rgb(), base.rgb()); // the image as it is
    QCOMPARE(grey(canvas->mask(), { 200, 200 }), 255); // hiding is not erasing
}

void tst_MaskPainter::exportsAUniqueFilePerMask()
{
    stroke({ 100, 200 }, { 300, 200 });
    const QString first = m_painter->exportMask(m_dir->path());
    QVERIFY(QFileInfo(first).isFile());
    QVERIFY(first.startsWith(m_dir->path()));
    QCOMPARE(QImageReader(first).format(), QByteArray("png"));
    stroke({ 100, 300 }, { 300, 300 });
    const QString second = m_painter->exportMask(m_dir->path());
    QVERIFY(second != first);
    QVERIFY(QFileInfo(first).isFile()); // the earlier mask is not overwritten
    QCOMPARE(m_painter->exportMask(m_dir->path()), second); // the same mask: the same file
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files).size(), 2);
}

void tst_MaskPainter::checkedToolsStandOutInTheDark()
{
    // The dark colour scheme's buttons (DesktopApp's applyColorScheme), under Fusion.
    QPalette dark = m_painter->palette();
    dark.setColor(QPalette::Window, QColor(0x31, 0x33, 0x38));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x3b, 0x3d, 0x42));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Light, QColor(0x45, 0x47, 0x4b));
    dark.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x40));
    dark.setColor(QPalette::Mid, QColor(0x5a, 0x5c, 0x60));
    dark.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    dark.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    m_painter->setPalette(dark);
    auto *brush = m_painter->findChild<QToolButton *>(QStringLiteral("brushButton"));
    auto *eraser = m_painter->findChild<QToolButton *>(QStringLiteral("eraserButton"));
    auto *overlay = m_painter->findChild<QToolButton *>(QStringLiteral("overlayButton"));
    // The fill beside the text, inside the frame.
    const auto fill = [](QToolButton *button) {
        const QImage image = button->grab().toImage();
        return QColor(image.pixel(3, image.height() / 2));
    };
    const auto apart = [](QColor a, QColor b) {
        return qAbs(a.red() - b.red()) + qAbs(a.green() - b.green()) + qAbs(a.blue() - b.blue());
    };
    const auto why = [&](QToolButton *on, QToolButton *off) {
        return QStringLiteral("%1 %2 beside %3 %4")
                .arg(on->objectName(), fill(on).name(), off->objectName(), fill(off).name());
    };
    QVERIFY(brush->isChecked() && !eraser->isChecked());
    QVERIFY2(apart(fill(brush), fill(eraser)) > 90, qPrintable(why(brush, eraser)));
    QVERIFY2(apart(fill(overlay), fill(eraser)) > 90, qPrintable(why(overlay, eraser)));
    QTest::keyClick(m_painter, Qt::Key_E);
    QVERIFY(eraser->isChecked());
    QVERIFY2(apart(fill(eraser), fill(brush)) > 90, qPrintable(why(eraser, brush)));
    QTest::keyClick(m_painter, Qt::Key_H);
    QVERIFY(!overlay->isChecked());
    QVERIFY2(apart(fill(eraser), fill(overlay)) > 90, qPrintable(why(eraser, overlay)));
}

QTEST_MAIN(tst_MaskPainter)
#include "tst_maskpainter.moc"
