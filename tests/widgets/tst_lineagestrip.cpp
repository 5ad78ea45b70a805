// The viewer's lineage and comparison, against a real library in a temporary folder: "Made from"
// tiles for an output with inputs (a click goes there), "Used in", a deleted parent as a grey
// tile that says so, before/after with the original left of the divider, a PNG from disk that
// says what it was made from; and the details panel whose values wrap whole and copy as they are.

#include "library/imagemetadata.h"
#include "library/library.h"
#include "support/pngbuilders.h"
#include "widgets/beforeafterview.h"
#include "widgets/detaillabel.h"
#include "widgets/imageviewer.h"
#include "widgets/lineagestrip.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QPointer>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

namespace {

constexpr int EntryRole = Qt::UserRole + 1;
constexpr int DecodeTimeoutMs = 20000; // generous: the sanitizer build is slow

QByteArray sha256Of(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

bool near(QColor a, QColor b)
{
    return qAbs(a.red() - b.red()) < 40 && qAbs(a.green() - b.green()) < 40
            && qAbs(a.blue() - b.blue()) < 40;
}

} // namespace

class tst_LineageStrip : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void madeFromTilesAndClickGoesThere();
    void usedInGoesToTheChild();
    void parentOutsideTheGalleryIsShownOnItsOwn();
    void deletedParentIsAGreyTileThatSaysSo();
    void parentKeptOnDiskOpensItsFile();
    void beforeAfterShowsTheInputLeftOfTheDivider();
    void pngFromDiskSaysWhatItWasMadeFrom();
    void noComparisonWithoutOneInputImage();
    void lineageFollowsWrites();
    void detailsWrapWholeAndCopyAsTheyAre();
    void longChineseValuesAreShownAsTheyAre();

private:
    // `name` written with `bytes`, recorded as the one output of a finished task of `request`.
    LibraryEntry add(const QString &name, const QByteArray &bytes, GenerationRequest request);
    LibraryEntry addParent();
    LibraryEntry addChild(const LibraryEntry &parent);
    void addToGallery(const LibraryEntry &entry);
    void showAndWait(ImageViewer *viewer, const QModelIndex &index);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    std::unique_ptr<QStandardItemModel> m_gallery;
};

void tst_LineageStrip::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_LineageStrip::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_library = std::make_unique<Library>();
    const LibraryResult opened = m_library->open(m_dir->filePath(QStringLiteral("lib.sqlite3")));
    QVERIFY2(opened, qPrintable(opened.message()));
    m_gallery = std::make_unique<QStandardItemModel>();
}

void tst_LineageStrip::cleanup()
{
    m_gallery.reset();
    m_library.reset();
    m_dir.reset();
}

LibraryEntry tst_LineageStrip::add(const QString &name, const QByteArray &bytes,
                                   GenerationRequest request)
{
    LibraryEntry entry;
    QFile file(m_dir->filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qWarning() << "cannot write" << file.fileName();
    file.close();
    entry.task.request = request;
    entry.task.state = TaskState::Done;
    entry.task.taskId = name;
    entry.task.createdAt = QDateTime::currentDateTimeUtc();
    if (!m_library->addTask(&entry.task))
        qWarning() << "addTask" << m_library->lastError();
    entry.output.taskRowId = entry.task.id;
    entry.output.filePath = file.fileName();
    entry.output.sha256 = sha256Of(bytes);
    entry.output.bytes = bytes.size();
    if (!m_library->addOutput(&entry.output))
        qWarning() << "addOutput" << m_library->lastError();
    return entry;
}

LibraryEntry tst_LineageStrip::addParent()
{
    GenerationRequest request;
    request.model = QStringLiteral("wan2.2-t2i-flash");
    request.prompt = QStringLiteral("a red barn");
    return add(QStringLiteral("parent.png"), pngBytes(QSize(200, 100), Qt::red), request);
}

LibraryEntry tst_LineageStrip::addChild(const LibraryEntry &parent)
{
    GenerationRequest request;
    request.kind = MediaKind::ImageEdit;
    request.model = QStringLiteral("wan2.5-i2i-preview");
    request.prompt = QStringLiteral("paint the barn blue");
    RequestInput input;
    input.role = InputRole::Image;
    input.localPath = parent.output.filePath;
    input.sha256 = parent.output.sha256;
    request.inputs = { input };
    return add(QStringLiteral("child.png"), pngBytes(QSize(300, 150), Qt::blue), request);
}

void tst_LineageStrip::addToGallery(const LibraryEntry &entry)
{
    auto *item = new QStandardItem(entry.task.request.prompt);
    item->setData(QVariant::fromValue(entry), EntryRole);
    m_gallery->appendRow(item);
}

void tst_LineageStrip::showAndWait(ImageViewer *viewer, const QModelIndex &index)
{
    viewer->showIndex(index);
    QTRY_VERIFY_WITH_TIMEOUT(!viewer->isLoading(), DecodeTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!viewer->lineageStrip()->isLoadingThumbnails(), DecodeTimeoutMs);
}

void tst_LineageStrip::madeFromTilesAndClickGoesThere()
{
    const LibraryEntry parent = addParent();
    const LibraryEntry child = addChild(parent);
    addToGallery(child);
    addToGallery(parent);
    ImageViewer viewer;
    viewer.setModel(m_gallery.get(), EntryRole);
    viewer.setLibrary(m_library.get());
    viewer.resize(1000, 700);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    showAndWait(&viewer, m_gallery->index(0, 0));

    LineageStrip *strip = viewer.lineageStrip();
    QVERIFY(strip->isVisible());
    QCOMPARE(strip->madeFromTiles().size(), 1);
    QVERIFY(strip->usedInTiles().isEmpty());
    QToolButton *tile = strip->madeFromTiles().first();
    QVERIFY(tile->isVisible());
    QVERIFY(tile->property("opens").toBool());
    QVERIFY(tile->property("thumbnailLoaded").toBool());
    // The thumbnail is the parent's picture: red.
    const QImage icon = tile->icon().pixmap(LineageStrip::ThumbnailSize).toImage();
    QVERIFY(near(icon.pixelColor(icon.width() / 2, icon.height() / 2), Qt::red));
    QVERIFY2(tile->toolTip().contains(QString::fromLatin1(parent.output.sha256)),
             qPrintable(tile->toolTip()));

    QSignalSpy changed(&viewer, &ImageViewer::currentIndexChanged);
    QTest::mouseClick(tile, Qt::LeftButton);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(viewer.currentFile(), parent.output.filePath);
    QCOMPARE(viewer.currentIndex().row(), 1); // its gallery row: previous and next work from it
    QCOMPARE(viewer.provenance()->request.prompt, QStringLiteral("a red barn"));
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QCOMPARE(viewer.image().pixelColor(10, 10), QColor(Qt::red));
}

void tst_LineageStrip::usedInGoesToTheChild()
{
    const LibraryEntry parent = addParent();
    const LibraryEntry child = addChild(parent);
    addToGallery(child);
    addToGallery(parent);
    ImageViewer viewer;
    viewer.setModel(m_gallery.get(), EntryRole);
    viewer.setLibrary(m_library.get());
    viewer.resize(1000, 700);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    showAndWait(&viewer, m_gallery->index(1, 0));

    LineageStrip *strip = viewer.lineageStrip();
    QVERIFY(strip->madeFromTiles().isEmpty()); // made from a prompt alone
    QCOMPARE(strip->usedInTiles().size(), 1);
    QToolButton *tile = strip->usedInTiles().first();
    QVERIFY(tile->isVisible());
    QVERIFY(tile->toolTip().contains(QStringLiteral("paint the barn blue")));
    QTest::mouseClick(tile, Qt::LeftButton);
    QCOMPARE(viewer.currentFile(), child.output.filePath);
    QCOMPARE(viewer.currentIndex().row(), 0);
}

void tst_LineageStrip::parentOutsideTheGalleryIsShownOnItsOwn()
{
    // The gallery is filtered: only the child is in it. The parent still opens, on its own.
    const LibraryEntry parent = addParent();
    const LibraryEntry child = addChild(parent);
    addToGallery(child);
    ImageViewer viewer;
    viewer.setModel(m_gallery.get(), EntryRole);
    viewer.setLibrary(m_library.get());
    viewer.resize(1000, 700);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    showAndWait(&viewer, m_gallery->index(0, 0));
    QTest::mouseClick(viewer.lineageStrip()->madeFromTiles().first(), Qt::LeftButton);
    QCOMPARE(viewer.currentFile(), parent.output.filePath);
    QVERIFY(!viewer.currentIndex().isValid());
    QCOMPARE(viewer.reusableRequest()->prompt, QStringLiteral("a red barn"));
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    // And back through its Used in.
    QCOMPARE(viewer.lineageStrip()->usedInTiles().size(), 1);
    QTest::mouseClick(viewer.lineageStrip()->usedInTiles().first(), Qt::LeftButton);
    QCOMPARE(viewer.currentIndex().row(), 0);
}

void tst_LineageStrip::deletedParentIsAGreyTileThatSaysSo()
{
    const LibraryEntry parent = addParent();
    const LibraryEntry child = addChild(parent);
    QVERIFY(m_library->deleteOutputs({ parent.output.id }, true));
    QVERIFY(!QFile::exists(parent.output.filePath));
    addToGallery(child);
    ImageViewer viewer;
    viewer.setModel(m_gallery.get(), EntryRole);
    viewer.setLibrary(m_library.get());
    viewer.resize(1000, 700);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    showAndWait(&viewer, m_gallery->index(0, 0));

    // The child is shown as ever; its parent is a grey tile with its name and "deleted".
    QCOMPARE(viewer.image().pixelColor(10, 10), QColor(Qt::blue));
    QCOMPARE(viewer.lineageStrip()->madeFromTiles().size(), 1);
    QToolButton *tile = viewer.lineageStrip()->madeFromTiles().first();
    QVERIFY(tile->isVisible());
    QVERIFY(!tile->property("opens").toBool()); // nothing to go to
    QVERIFY(tile->isEnabled()); // but its tooltip shows: path and hash
    const QImage icon = tile->icon().pixmap(LineageStrip::ThumbnailSize).toImage();
    QVERIFY(near(icon.pixelColor(2, icon.height() - 3), QColor(0x9e, 0x9e, 0x9e)));
    const QImage grey = LineageStrip::placeholder(QStringLiteral("parent.png"),
                                                  QStringLiteral("deleted"), icon.size());
    QCOMPARE(icon.convertToFormat(QImage::Format_RGB32),
             grey.convertToFormat(QImage::Format_RGB32));
    QVERIFY2(tile->toolTip().contains(QStringLiteral("Deleted")), qPrintable(tile->toolTip()));
    QVERIFY(tile->toolTip().contains(QString::fromLatin1(parent.output.sha256)));
    QVERIFY(tile->toolTip().contains(QStringLiteral("parent.png")));
    // No comparison without the original; a click goes nowhere.
    QVERIFY(!viewer.canCompare());
    QTest::mouseClick(tile, Qt::LeftButton);
    QCOMPARE(viewer.currentFile(), child.output.filePath);
}

void tst_LineageStrip::parentKeptOnDiskOpensItsFile()
{
    const LibraryEntry parent = addParent();
    const LibraryEntry child = addChild(parent);
    QVERIFY(m_library->deleteOutputs({ parent.output.id }, false)); // the file stays
    addToGallery(child);
    ImageViewer viewer;
    viewer.setModel(m_gallery.get(), EntryRole);
    viewer.setLibrary(m_library.get());
    viewer.resize(1000, 700);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    showAndWait(&viewer, m_gallery->index(0, 0));
    QToolButton *tile = viewer.lineageStrip()->madeFromTiles().first();
    QVERIFY(tile->property("opens").toBool());
    QVERIFY(tile->property("thumbnailLoaded").toBool());
    QVERIFY(tile->toolTip().contains(QStringLiteral("Not in the library")));
    QTRY_VERIFY_WITH_TIMEOUT(viewer.canCompare(), DecodeTimeoutMs); // still on disk: compared
    QTest::mouseClick(tile, Qt::LeftButton);
    QCOMPARE(viewer.currentFile(), parent.output.filePath);
    QVERIFY(!viewer.currentIndex().isValid());
}

void tst_LineageStrip::beforeAfterShowsTheInputLeftOfTheDivider()
{
    const LibraryEntry parent = addParent();
    const LibraryEntry child = addChild(parent);
    addToGallery(child);
    ImageViewer viewer;
    viewer.setModel(m_gallery.get(), EntryRole);
    viewer.setLibrary(m_library.get());
    viewer.resize(1000, 700);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    showAndWait(&viewer, m_gallery->index(0, 0));
    QVERIFY(viewer.canCompare());
    auto *compareButton = viewer.findChild<QToolButton *>(QStringLiteral("compareButton"));
    QVERIFY(compareButton->isVisible());
    QVERIFY(!viewer.isComparing());

    QTest::keyClick(&viewer, Qt::Key_C);
    QVERIFY(viewer.isComparing());
    QVERIFY(compareButton->isChecked());
    BeforeAfterView *view = viewer.beforeAfterView();
    QVERIFY(view->isVisible());
    QCOMPARE(view->showing(), BeforeAfterView::Showing::Split);
    // Both in one frame, the result's shape; the difference in size said.
    QCOMPARE(view->beforeCaption(), QStringLiteral("Before · 200 × 100, stretched to 300 × 150"));
    QCOMPARE(view->afterCaption(), QStringLiteral("After · 300 × 150"));
    const QRect frame = view->frame();
    QCOMPARE(frame.size(), QSize(300, 150));

    const auto colourAt = [view](int x, int y) { return view->grab().toImage().pixelColor(x, y); };
    const int y = frame.bottom() - 10; // below the captions
    int divider = view->dividerX();
    QVERIFY(near(colourAt(divider - 20, y), Qt::red)); // the original, left
    QVERIFY(near(colourAt(divider + 20, y), Qt::blue)); // the result, right
    QVERIFY(near(colourAt(frame.left() + 2, y), Qt::red));
    QVERIFY(near(colourAt(frame.right() - 2, y), Qt::blue));

    // Dragged to a quarter: the original ends there.
    QTest::mousePress(view, Qt::LeftButton, {}, QPoint(divider, frame.center().y()));
    QTest::mouseMove(view, QPoint(frame.left() + frame.width() / 4, frame.center().y()));
    QTest::mouseRelease(view, Qt::LeftButton, {},
                        QPoint(frame.left() + frame.width() / 4, frame.center().y()));
    QVERIFY2(qAbs(view->split() - 0.25) < 0.02, qPrintable(QString::number(view->split())));
    divider = view->dividerX();
    QVERIFY(near(colourAt(divider - 10, y), Qt::red));
    QVERIFY(near(colourAt(divider + 10, y), Qt::blue));
    QVERIFY(near(colourAt(frame.center().x(), y), Qt::blue));

    // B flips: the whole original, then the whole result.
    QTest::keyClick(&viewer, Qt::Key_B);
    QCOMPARE(view->showing(), BeforeAfterView::Showing::Before);
    QVERIFY(near(colourAt(frame.right() - 2, y), Qt::red));
    QTest::keyClick(&viewer, Qt::Key_B);
    QCOMPARE(view->showing(), BeforeAfterView::Showing::After);
    QVERIFY(near(colourAt(frame.left() + 2, y), Qt::blue));

    // C again: the image alone, as before.
    QTest::keyClick(&viewer, Qt::Key_C);
    QVERIFY(!viewer.isComparing());
    // B from the plain view goes straight to the original.
    QTest::keyClick(&viewer, Qt::Key_B);
    QVERIFY(viewer.isComparing());
    QCOMPARE(view->showing(), BeforeAfterView::Showing::Before);
}

void tst_LineageStrip::pngFromDiskSaysWhatItWasMadeFrom()
{
    // A child's PNG with its provenance, copied elsewhere and opened as a file: its parent is
    // found in this library by the hash the chunk records.
    const LibraryEntry parent = addParent();
    ImageProvenance provenance;
    provenance.request.kind = MediaKind::ImageEdit;
    provenance.request.model = QStringLiteral("wan2.5-i2i-preview");
    provenance.request.prompt = QStringLiteral("paint the barn blue");
    RequestInput input;
    input.role = InputRole::Image;
    input.localPath = QStringLiteral("/somewhere/else/parent.png"); // another machine's path
    input.sha256 = parent.output.sha256;
    provenance.request.inputs = { input };
    const QString path = m_dir->filePath(QStringLiteral("shared.png"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(ImageMetadata::embed(pngBytes(QSize(300, 150), Qt::blue), provenance));
    file.close();

    ImageViewer viewer;
    viewer.setLibrary(m_library.get());
    viewer.resize(1000, 700);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    viewer.showFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.lineageStrip()->isLoadingThumbnails(), DecodeTimeoutMs);
    QCOMPARE(viewer.provenance()->request.inputs, provenance.request.inputs);
    QCOMPARE(viewer.lineageStrip()->madeFromTiles().size(), 1);
    QToolButton *tile = viewer.lineageStrip()->madeFromTiles().first();
    QVERIFY(tile->property("opens").toBool());
    QVERIFY(tile->toolTip().contains(QStringLiteral("In the library")));
    QTest::mouseClick(tile, Qt::LeftButton);
    QCOMPARE(viewer.currentFile(), parent.output.filePath);

    // Without a library, the same file still lists its input (not found: deleted here).
    ImageViewer alone;
    alone.resize(800, 600);
    alone.show();
    alone.showFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(!alone.isLoading(), DecodeTimeoutMs);
    QCOMPARE(alone.lineageStrip()->madeFromTiles().size(), 1);
    QVERIFY(!alone.lineageStrip()->madeFromTiles().first()->property("opens").toBool());
}

void tst_LineageStrip::noComparisonWithoutOneInputImage()
{
    // A video's first frame is lineage, not a "before": no comparison for a video or for an
    // image made from two images.
    const LibraryEntry first = addParent();
    const LibraryEntry second = add(QStringLiteral("second.png"),
                                    pngBytes(QSize(64, 64), Qt::green), GenerationRequest());
    GenerationRequest request;
    request.kind = MediaKind::ImageEdit;
    for (const LibraryEntry &parent : { first, second }) {
        RequestInput input;
        input.localPath = parent.output.filePath;
        input.sha256 = parent.output.sha256;
        request.inputs.append(input);
    }
    const LibraryEntry blend
            = add(QStringLiteral("blend.png"), pngBytes(QSize(64, 64), Qt::cyan), request);
    addToGallery(blend);
    ImageViewer viewer;
    viewer.setModel(m_gallery.get(), EntryRole);
    viewer.setLibrary(m_library.get());
    viewer.resize(1000, 700);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    showAndWait(&viewer, m_gallery->index(0, 0));
    QCOMPARE(viewer.lineageStrip()->madeFromTiles().size(), 2);
    QVERIFY(!viewer.canCompare());
    QVERIFY(!viewer.findChild<QToolButton *>(QStringLiteral("compareButton"))->isVisible());
    QTest::keyClick(&viewer, Qt::Key_C);
    QTest::keyClick(&viewer, Qt::Key_B);
    QVERIFY(!viewer.isComparing());
}

void tst_LineageStrip::lineageFollowsWrites()
{
    // A child made while its parent is shown appears in Used in; the parent deleted while the
    // child is shown becomes a grey tile, without the rows being made again for other writes.
    const LibraryEntry parent = addParent();
    addToGallery(parent);
    ImageViewer viewer;
    viewer.setModel(m_gallery.get(), EntryRole);
    viewer.setLibrary(m_library.get());
    viewer.resize(1000, 700);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    showAndWait(&viewer, m_gallery->index(0, 0));
    QVERIFY(!viewer.lineageStrip()->isVisible());

    const LibraryEntry child = addChild(parent);
    QCOMPARE(viewer.lineageStrip()->usedInTiles().size(), 1);
    QPointer<QToolButton> tile = viewer.lineageStrip()->usedInTiles().first();
    add(QStringLiteral("unrelated.png"), pngBytes(QSize(32, 32), Qt::green), GenerationRequest());
    QVERIFY(tile); // not made again
    QTRY_VERIFY_WITH_TIMEOUT(!viewer.lineageStrip()->isLoadingThumbnails(), DecodeTimeoutMs);

    QTest::mouseClick(tile, Qt::LeftButton);
    QCOMPARE(viewer.currentFile(), child.output.filePath);
    QVERIFY(viewer.lineageStrip()->madeFromTiles().first()->property("opens").toBool());
    QVERIFY(m_library->deleteOutputs({ parent.output.id }, true));
    QTRY_VERIFY(!viewer.lineageStrip()->madeFromTiles().first()->property("opens").toBool());
    QCOMPARE(viewer.lineageStrip()->madeFromTiles().size(), 1);
    QVERIFY(viewer.lineageStrip()->madeFromTiles().first()->toolTip().contains(
            QStringLiteral("Deleted")));
}

void tst_LineageStrip::longChineseValuesAreShownAsTheyAre()
{
    // Chinese breaks between any two characters: shown exactly as written, no break points.
    const QString prompt
            = QStringLiteral(u"一间有着精致窗户的花店，漂亮的木质门，摆放着花朵。").repeated(4);
    QCOMPARE(DetailLabel::withBreaks(prompt, 40), prompt);
    const QString path = QStringLiteral("/home/someone/Pictures/DashScope Studio/"
                                        "20260101-120000_a-lighthouse-at-dawn_0123456789.png");
    const QString broken = DetailLabel::withBreaks(path, 0);
    QVERIFY(broken.size() > path.size());
    QCOMPARE(QString(broken).remove(QChar(0x200B)), path);
}

namespace {

// Every value of the details panel as tall as its text needs at its width, within the panel's
// width, and no label or value over another. Empty when so, else what is wrong.
QString panelProblem(DetailLabel *anyValue)
{
    QWidget *fields = anyValue->parentWidget();
    QList<QWidget *> rows;
    for (QWidget *child : fields->findChildren<QWidget *>(Qt::FindDirectChildrenOnly)) {
        if (child->isVisible())
            rows.append(child);
    }
    for (QWidget *row : std::as_const(rows)) {
        if (auto *value = qobject_cast<DetailLabel *>(row);
            value && value->height() < value->heightForWidth(value->width())) {
            return QStringLiteral("%1 is cut: %2 px of %3")
                    .arg(value->accessibleName())
                    .arg(value->height())
                    .arg(value->heightForWidth(value->width()));
        }
        if (row->geometry().right() > fields->width())
            return QStringLiteral("%1 is wider than the panel").arg(row->accessibleName());
        for (QWidget *other : std::as_const(rows)) {
            if (other != row && row->geometry().intersects(other->geometry())) {
                return QStringLiteral("%1 over %2")
                        .arg(row->accessibleName(), other->accessibleName());
            }
        }
    }
    // The panel holds them all: it scrolls rather than squeezes.
    if (fields->geometry().bottom() > fields->parentWidget()->height())
        return QStringLiteral("the panel is shorter than its fields");
    return {};
}

} // namespace

void tst_LineageStrip::detailsWrapWholeAndCopyAsTheyAre()
{
    // Issue 13: the extended prompt was cut after a line and a half with "Negative prompt" drawn
    // over it, and the file path was cut; seen after going from one image to the next with the
    // panel scrolled.
    GenerationRequest shortRequest;
    shortRequest.model = QStringLiteral("wan2.2-t2i-flash");
    shortRequest.prompt = QStringLiteral("the light turns");
    // A video first: its Duration row is shown, then hidden for the image.
    LibraryEntry first
            = add(QStringLiteral("first.mp4"), QByteArray("not played here"), shortRequest);
    first.output.mediaType = QStringLiteral("video/mp4");
    first.output.durationMs = 5000;
    addToGallery(first);
    GenerationRequest request;
    request.model = QStringLiteral("wan2.2-t2i-flash");
    request.prompt = QStringLiteral("A calm turquoise lake between green mountains, midday sun");
    request.negativePrompt = QStringLiteral("blurry, low quality, watermark, text, ").repeated(6);
    const QString folder = QStringLiteral("a-very-long-folder-name-without-any-spaces-in-it_%1")
                                   .arg(QStringLiteral("0123456789").repeated(4));
    QVERIFY(QDir(m_dir->path()).mkpath(folder));
    LibraryEntry entry = add(folder + QStringLiteral("/image.png"),
                             pngBytes(QSize(64, 64), Qt::gray), request);
    entry.output.actualPrompt
            = QStringLiteral("A lighthouse stands on a rocky headland at dawn, its lamp still "
                             "burning while the first light colours the sea. ")
                      .repeated(8);
    addToGallery(entry);
    ImageViewer viewer;
    viewer.setModel(m_gallery.get(), EntryRole);
    viewer.resize(900, 600);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    viewer.showIndex(m_gallery->index(0, 0));

    DetailLabel *file = nullptr;
    DetailLabel *actual = nullptr;
    DetailLabel *model = nullptr;
    for (DetailLabel *value : viewer.findChildren<DetailLabel *>()) {
        if (value->accessibleName() == QStringLiteral("File"))
            file = value;
        if (value->accessibleName() == QStringLiteral("Extended prompt"))
            actual = value;
        if (value->accessibleName() == QStringLiteral("Model"))
            model = value;
    }
    QVERIFY(file && actual && model);
    // The model as people read it, its API name beside it to copy.
    QCOMPARE(model->value(), QStringLiteral("Wan 2.2 flash (wan2.2-t2i-flash)"));
    auto *scroll = qobject_cast<QScrollArea *>(
            actual->parentWidget()->parentWidget()->parentWidget()->parentWidget());
    QVERIFY(scroll);
    QTRY_COMPARE(panelProblem(file), QString());
    scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum());

    // The next image, with long values, while the panel is scrolled; then back, and on again.
    for (int row : { 1, 0, 1 }) {
        viewer.showIndex(m_gallery->index(row, 0));
        QTRY_VERIFY_WITH_TIMEOUT(!viewer.isLoading(), DecodeTimeoutMs);
        QTRY_COMPARE(panelProblem(file), QString());
    }
    QCOMPARE(file->value(), QDir::toNativeSeparators(entry.output.filePath));
    QCOMPARE(actual->value(), entry.output.actualPrompt);
    QVERIFY(!scroll->horizontalScrollBar()->isVisible());
    QVERIFY(scroll->verticalScrollBar()->isVisible()); // long values: the panel scrolls
    QVERIFY(file->height() > file->fontMetrics().height() * 2); // the path wraps: never cut
    QVERIFY(actual->height() > actual->fontMetrics().height() * 8);

    // Selected and copied as it is: no break points in the copy.
    file->setFocus();
    QTest::keyClick(file, Qt::Key_A, Qt::ControlModifier);
    QVERIFY(file->hasSelectedText());
    QTest::keyClick(file, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), QDir::toNativeSeparators(entry.output.filePath));
}

QTEST_MAIN(tst_LineageStrip)
#include "tst_lineagestrip.moc"
