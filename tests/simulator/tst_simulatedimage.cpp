#include "simulator/simulatedimage.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QImage>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

Q_DECLARE_METATYPE(SimulatedImage)

class tst_SimulatedImage : public QObject
{
    Q_OBJECT

private slots:
    void sameInputsGiveSameBytes();
    void inputsChangeThePicture_data();
    void inputsChangeThePicture();
    void isAPngOfTheRequestedSize_data();
    void isAPngOfTheRequestedSize();
    void isNotAFlatColour();
    void watermarkMarksTheBottomRight();
    void sameBytesOnAnyThread();
    void absurdSizesGiveNothing_data();
    void absurdSizesGiveNothing();
    void fullSizeIsFast();
};

namespace {
const QString FlowerShop = QStringLiteral(u"一间有着精致窗户的花店，漂亮的木质门，摆放着花朵");
}

void tst_SimulatedImage::sameInputsGiveSameBytes()
{
    const SimulatedImage image { FlowerShop, 12345, QSize(640, 480), false };
    const QByteArray first = image.toPng();
    QVERIFY(!first.isEmpty());
    QCOMPARE(image.toPng(), first);
    QCOMPARE((SimulatedImage { FlowerShop, 12345, QSize(640, 480), false }.toPng()), first);
}

void tst_SimulatedImage::inputsChangeThePicture_data()
{
    QTest::addColumn<SimulatedImage>("other");
    QTest::newRow("seed + 1") << SimulatedImage { FlowerShop, 12346, QSize(640, 480), false };
    QTest::newRow("another prompt") << SimulatedImage { QStringLiteral("a red fox in the snow"),
                                                        12345, QSize(640, 480), false };
    QTest::newRow("one more character")
            << SimulatedImage { FlowerShop + u'。', 12345, QSize(640, 480), false };
    QTest::newRow("watermark") << SimulatedImage { FlowerShop, 12345, QSize(640, 480), true };
}

void tst_SimulatedImage::inputsChangeThePicture()
{
    QFETCH(SimulatedImage, other);
    const QImage base = SimulatedImage { FlowerShop, 12345, QSize(640, 480), false }.render();
    const QImage changed = other.render();
    QCOMPARE(changed.size(), base.size());
    QVERIFY(changed != base);
}

void tst_SimulatedImage::isAPngOfTheRequestedSize_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280*1280") << QSize(1280, 1280);
    QTest::newRow("768*2700 (tall, 1:3.5)") << QSize(768, 2700);
    QTest::newRow("1664*928") << QSize(1664, 928);
    QTest::newRow("512*1440") << QSize(512, 1440);
    QTest::newRow("1*1") << QSize(1, 1);
}

void tst_SimulatedImage::isAPngOfTheRequestedSize()
{
    QFETCH(QSize, size);
    const QByteArray png
            = SimulatedImage { QStringLiteral("a quiet lake at sunset"), 7, size, false }.toPng();
    QVERIFY(png.startsWith("\x89PNG\r\n\x1a\n"));
    QImage decoded;
    QVERIFY(decoded.loadFromData(png, "PNG"));
    QCOMPARE(decoded.size(), size);
    QVERIFY(!decoded.hasAlphaChannel());
}

void tst_SimulatedImage::isNotAFlatColour()
{
    // Something to look at: many colours, light and dark parts, and rows that differ.
    const QImage image
            = SimulatedImage { QStringLiteral("mountains at dawn"), 3, QSize(320, 320), false }
                      .render();
    QSet<QRgb> colours;
    int darkest = 255;
    int lightest = 0;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4) {
            const QRgb pixel = image.pixel(x, y);
            colours.insert(pixel);
            darkest = std::min(darkest, qGray(pixel));
            lightest = std::max(lightest, qGray(pixel));
        }
    }
    QVERIFY2(colours.size() > 500, qPrintable(QString::number(colours.size())));
    QVERIFY2(lightest - darkest > 100,
             qPrintable(QStringLiteral("%1..%2").arg(darkest).arg(lightest)));
    QVERIFY(image.copy(0, 10, 320, 1) != image.copy(0, 300, 320, 1));
}

void tst_SimulatedImage::watermarkMarksTheBottomRight()
{
    const QSize size(512, 512);
    const QImage plain = SimulatedImage { FlowerShop, 1, size, false }.render();
    const QImage marked = SimulatedImage { FlowerShop, 1, size, true }.render();
    const QRect corner(size.width() - 64, size.height() - 32, 64, 32);
    QVERIFY(plain.copy(corner) != marked.copy(corner));
    QCOMPARE(plain.copy(0, 0, 400, 400), marked.copy(0, 0, 400, 400)); // only the corner changes
}

void tst_SimulatedImage::sameBytesOnAnyThread()
{
    const SimulatedImage image { QStringLiteral("night city skyline"), 99, QSize(400, 300), false };
    QFuture<QByteArray> a = QtConcurrent::run([image] { return image.toPng(); });
    QFuture<QByteArray> b = QtConcurrent::run([image] { return image.toPng(); });
    const QByteArray here = image.toPng();
    QCOMPARE(a.result(), here);
    QCOMPARE(b.result(), here);
}

void tst_SimulatedImage::absurdSizesGiveNothing_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("invalid") << QSize();
    QTest::newRow("zero width") << QSize(0, 100);
    QTest::newRow("negative") << QSize(-5, 100);
    QTest::newRow("too wide") << QSize(SimulatedImage::MaxSide + 1, 10);
}

void tst_SimulatedImage::absurdSizesGiveNothing()
{
    QFETCH(QSize, size);
    const SimulatedImage image { QStringLiteral("x"), 1, size, false };
    QVERIFY(image.render().isNull());
    QVERIFY(image.toPng().isEmpty());
}

void tst_SimulatedImage::fullSizeIsFast()
{
    // The default size of wan2.5: it must be ready long before anyone notices. The bound is
    // generous (a loaded CI machine); on an idle one it takes a few hundred milliseconds.
    QElapsedTimer timer;
    timer.start();
    const QByteArray png = SimulatedImage { FlowerShop, 12345, QSize(1280, 1280), false }.toPng();
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!png.isEmpty());
    QVERIFY2(elapsed < 3000, qPrintable(QStringLiteral("%1 ms").arg(elapsed)));
    qInfo("1280x1280 PNG: %lld ms, %lld bytes", elapsed, qint64(png.size()));
}

QTEST_GUILESS_MAIN(tst_SimulatedImage)
#include "tst_simulatedimage.moc"
