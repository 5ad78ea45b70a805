#include "domain/requestcodec.h"
#include "widgets/editoptions.h"
#include "widgets/inputslot.h"
#include "widgets/maskpainter.h"
#include "widgets/promptform.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

// The two editing models as the catalog lists them (resources/models.json), and an image model.
ModelCatalog editCatalog()
{
    const QByteArray json = R"({
      "defaultModel": "img",
      "models": [
        { "name": "img", "path": "services/aigc/text2image/image-synthesis",
          "regions": ["singapore", "beijing"] },
        { "name": "wan2.5-i2i-preview", "kind": "image-edit", "protocol": "image2image",
          "path": "services/aigc/image2image/image-synthesis", "regions": ["singapore", "beijing"],
          "size": { "rule": "pixel-range", "minPixels": 589824, "maxPixels": 1638400,
                    "maxRatio": 4 },
          "presetSizes": [ { "ratio": "1:1", "size": "1280*1280" },
                           { "ratio": "16:9", "size": "1280*720" } ],
          "promptMaxChars": 2000, "negativePromptMaxChars": 500, "minCount": 1, "maxCount": 4,
          "inputs": [ { "role": "image", "minCount": 1, "maxCount": 3,
                        "formats": ["jpeg", "jpg", "png", "bmp", "webp"], "minSide": 512,
                        "maxSide": 4096, "maxBytes": 10485760 } ] },
        { "name": "wanx2.1-imageedit", "kind": "image-edit", "protocol": "image2image",
          "path": "services/aigc/image2image/image-synthesis", "regions": ["beijing"],
          "promptMaxChars": 800, "minCount": 1, "maxCount": 4, "supportsPromptExtend": false,
          "functions": ["stylization_all", "stylization_local", "description_edit",
                        "description_edit_with_mask", "remove_watermark", "expand",
                        "super_resolution", "colorization", "doodle", "control_cartoon_feature"],
          "inputs": [ { "role": "image", "minCount": 1, "maxCount": 1,
                        "formats": ["jpeg", "jpg", "png", "bmp", "tiff", "tif", "webp"],
                        "minSide": 512, "maxSide": 4096, "maxBytes": 10485760 },
                      { "role": "mask", "minCount": 0, "maxCount": 1,
                        "formats": ["jpeg", "jpg", "png", "bmp", "tiff", "tif", "webp"],
                        "minSide": 512, "maxSide": 4096, "maxBytes": 10485760 } ] }
      ]
    })";
    QString error;
    const ModelCatalog catalog = ModelCatalog::fromJson(json, &error);
    if (!error.isEmpty())
        qWarning("editCatalog: %s", qPrintable(error));
    return catalog;
}

QString writeImage(const QString &dir, const QString &name, QSize size, QColor color)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(color);
    const QString path = dir + QLatin1Char('/') + name;
    return image.save(path) ? path : QString();
}

Endpoint endpointOf(Region region)
{
    Endpoint endpoint;
    endpoint.region = region;
    endpoint.baseUrl = regionBaseUrl(region);
    return endpoint;
}

} // namespace

class tst_EditForm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void editModeListsTheEditModelsOfTheRegion();
    void functionShowsOnlyItsFields();
    void switchingFunctionsMovesNothingBelow();
    void instructionEditBuildsTheRequest();
    void inpaintNeedsAMaskOfTheImageSize();
    void paintMaskFromTheForm();
    void outpaintPreviewAndSizes();
    void upscaleShowsTheResultingSize();
    void multiImageEditIsReorderable();
    void sizeFollowsTheLastImageByDefault();
    void startEditFromAnImage();
    void editFormSurvivesSaving();
    void longSlotMessageShowsWholeAtTheNarrowestWidth();

private:
    template<typename T>
    T *child(const char *name) const
    {
        auto *widget = m_form->findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }
    void makeForm(Region region)
    {
        delete m_form;
        m_form = new PromptForm(m_catalog);
        m_form->setEndpoint(endpointOf(region), false);
        m_form->resize(380, 1000);
        m_form->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_form));
    }
    QStringList modelNames() const
    {
        auto *combo = child<QComboBox>("modelCombo");
        QStringList names;
        for (int i = 0; i < combo->count(); ++i)
            names << combo->itemData(i).toString();
        return names;
    }
    void selectModel(const QString &name)
    {
        auto *combo = child<QComboBox>("modelCombo");
        const int index = combo->findData(name);
        QVERIFY2(index >= 0, qPrintable(name));
        combo->setCurrentIndex(index);
    }
    void selectFunction(const QString &id)
    {
        auto *combo = child<QComboBox>("functionCombo");
        const int index = combo->findData(id);
        QVERIFY2(index >= 0, qPrintable(id));
        combo->setCurrentIndex(index);
    }
    // Beijing, the imageedit model, a base image of 800 × 600 and a prompt.
    void imageEditWith(const QString &function)
    {
        makeForm(Region::Beijing);
        QTest::mouseClick(child<QPushButton>("editKindButton"), Qt::LeftButton);
        selectModel(QStringLiteral("wanx2.1-imageedit"));
        selectFunction(function);
        m_form->editOptions()->setImages({ m_base });
        child<QPlainTextEdit>("promptEdit")->setPlainText(QStringLiteral("a red scarf"));
    }
    QString issuesText() const
    {
        QStringList texts;
        for (const ValidationIssue &issue : m_form->issues())
            texts << issue.field + QStringLiteral(": ") + issue.message;
        return texts.join(QLatin1Char('\n'));
    }

    ModelCatalog m_catalog;
    QTemporaryDir *m_dir = nullptr;
    QString m_base; // 800 × 600
    PromptForm *m_form = nullptr;
};

void tst_EditForm::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_catalog = editCatalog();
    QVERIFY(!m_catalog.models().isEmpty());
}

void tst_EditForm::init()
{
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_base = writeImage(m_dir->path(), QStringLiteral("base.png"), { 800, 600 }, Qt::darkGreen);
    makeForm(Region::Singapore);
}

void tst_EditForm::cleanup()
{
    delete m_form;
    m_form = nullptr;
    delete m_dir;
    m_dir = nullptr;
}

void tst_EditForm::editModeListsTheEditModelsOfTheRegion()
{
    auto *edit = child<QPushButton>("editKindButton");
    QVERIFY(edit->isEnabled());
    QTest::mouseClick(edit, Qt::LeftButton);
    QCOMPARE(m_form->mode(), PromptForm::Mode::Edit);
    QVERIFY(!m_form->isVideo());
    QCOMPARE(modelNames(), QStringList { QStringLiteral("wan2.5-i2i-preview") });
    QCOMPARE(m_form->request().kind, MediaKind::ImageEdit);
    QVERIFY(child<QWidget>("editOptions")->isVisible());
    QVERIFY(!child<QWidget>("videoOptions")->isVisible());
    QVERIFY(!child<QComboBox>("functionCombo")->isVisible()); // wan2.5-i2i has no functions
    QVERIFY(child<QSpinBox>("countSpin")->isVisible());

    m_form->setEndpoint(endpointOf(Region::Beijing), false);
    QCOMPARE(modelNames(),
             (QStringList { QStringLiteral("wan2.5-i2i-preview"),
                            QStringLiteral("wanx2.1-imageedit") }));

    QTest::mouseClick(child<QPushButton>("imageKindButton"), Qt::LeftButton);
    QCOMPARE(m_form->mode(), PromptForm::Mode::Image);
    QCOMPARE(modelNames(), QStringList { QStringLiteral("img") });
    QVERIFY(!child<QWidget>("editOptions")->isVisible());

    // Where no editing model is served, the switch is off and says why.
    const ModelCatalog imagesOnly = ModelCatalog::fromJson(R"({"defaultModel": "img", "models": [
        { "name": "img", "path": "p", "regions": ["singapore"] }]})");
    delete m_form;
    m_form = new PromptForm(imagesOnly);
    m_form->setEndpoint(endpointOf(Region::Singapore), false);
    QVERIFY(!child<QPushButton>("editKindButton")->isEnabled());
    QVERIFY(child<QPushButton>("editKindButton")->toolTip().contains(QStringLiteral("Singapore")));
    QVERIFY(!m_form->startEditFrom(m_base));
    QCOMPARE(m_form->mode(), PromptForm::Mode::Image);
}

void tst_EditForm::functionShowsOnlyItsFields()
{
    imageEditWith(QStringLiteral("description_edit"));
    auto *function = child<QComboBox>("functionCombo");
    QVERIFY(function->isVisible());
    QCOMPARE(function->count(), 10);
    // Names for people, in the picker's order.
    QCOMPARE(function->itemText(0), QStringLiteral("Edit by instruction"));
    QCOMPARE(function->itemText(function->findData(QStringLiteral("description_edit_with_mask"))),
             QStringLiteral("Inpaint (paint a mask)"));
    QCOMPARE(function->itemText(function->findData(QStringLiteral("expand"))),
             QStringLiteral("Outpaint (grow the canvas)"));
    QCOMPARE(function->itemText(function->findData(QStringLiteral("remove_watermark"))),
             QStringLiteral("Remove watermark or text"));
    // No size for this model (the output follows the image), no negative prompt.
    QVERIFY(!child<QComboBox>("sizeCombo")->isVisible());
    QVERIFY(!child<QSpinBox>("widthSpin")->isVisible());

    struct Expected
    {
        const char *function;
        bool strength, expand, upscale, sketch, mask;
    };
    const Expected table[] = {
        { "description_edit", true, false, false, false, false },
        { "stylization_all", true, false, false, false, false },
        { "stylization_local", false, false, false, false, false },
        { "description_edit_with_mask", false, false, false, false, true },
        { "expand", false, true, false, false, false },
        { "super_resolution", false, false, true, false, false },
        { "colorization", false, false, false, false, false },
        { "doodle", false, false, false, true, false },
        { "remove_watermark", false, false, false, false, false },
        { "control_cartoon_feature", false, false, false, false, false },
    };
    for (const Expected &row : table) {
        selectFunction(QString::fromLatin1(row.function));
        const QByteArray name = row.function;
        QVERIFY2(child<QSlider>("strengthSlider")->isVisible() == row.strength, name);
        QVERIFY2(child<QDoubleSpinBox>("topScaleSpin")->isVisible() == row.expand, name);
        QVERIFY2(child<QDoubleSpinBox>("rightScaleSpin")->isVisible() == row.expand, name);
        QVERIFY2(child<QWidget>("expandPreview")->isVisible() == row.expand, name);
        QVERIFY2(child<QSpinBox>("upscaleSpin")->isVisible() == row.upscale, name);
        QVERIFY2(child<QCheckBox>("sketchCheck")->isVisible() == row.sketch, name);
        QVERIFY2(child<QPushButton>("paintMaskButton")->isVisible() == row.mask, name);
        QVERIFY2(!child<QLabel>("functionHint")->text().isEmpty(), name);
        const GenerationRequest request = m_form->request();
        QCOMPARE(request.edit.function, QString::fromLatin1(row.function));
        QCOMPARE(request.edit.strength.has_value(), row.strength);
        QVERIFY(!request.size.isValid());
    }
}

void tst_EditForm::switchingFunctionsMovesNothingBelow()
{
    imageEditWith(QStringLiteral("description_edit"));
    auto *generate = child<QPushButton>("generateButton");
    auto *function = child<QComboBox>("functionCombo");
    QApplication::processEvents();
    const QPoint generateAt = generate->mapTo(m_form, QPoint());
    const QPoint slotAt = m_form->editOptions()->imageSlot(0)->mapTo(m_form, QPoint());
    for (int i = 0; i < function->count(); ++i) {
        function->setCurrentIndex(i);
        QApplication::processEvents();
        // Generate stays where it is (the prompt field gives and takes the room), and so does
        // what is above the function's own fields.
        // (Layouts settle over a few turns of the event loop.)
        QTRY_COMPARE(generate->mapTo(m_form, QPoint()), generateAt);
        QTRY_COMPARE(m_form->editOptions()->imageSlot(0)->mapTo(m_form, QPoint()), slotAt);
    }
}

void tst_EditForm::instructionEditBuildsTheRequest()
{
    imageEditWith(QStringLiteral("description_edit"));
    child<QSlider>("strengthSlider")->setValue(80);
    child<QSpinBox>("countSpin")->setValue(2);
    QVERIFY2(m_form->canGenerate(), qPrintable(issuesText()));
    QSignalSpy requested(m_form, &PromptForm::generateRequested);
    QTest::mouseClick(child<QPushButton>("generateButton"), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    const auto request = requested.first().first().value<GenerationRequest>();
    QCOMPARE(request.kind, MediaKind::ImageEdit);
    QCOMPARE(request.model, QStringLiteral("wanx2.1-imageedit"));
    QCOMPARE(request.edit.function, QStringLiteral("description_edit"));
    QCOMPARE(request.edit.strength, std::optional<double>(0.8));
    QCOMPARE(request.count, 2);
    QCOMPARE(request.inputs.size(), 1);
    QCOMPARE(request.inputs.constFirst().role, InputRole::Image);
    QCOMPARE(request.inputs.constFirst().localPath, m_base);
    QVERIFY(!request.size.isValid());

    // Without the image: Generate is off, and the slot says what it needs.
    m_form->editOptions()->imageSlot(0)->clear();
    QVERIFY(!m_form->canGenerate());
    QVERIFY(!child<QPushButton>("generateButton")->isEnabled());
    auto *message
            = m_form->editOptions()->imageSlot(0)->findChild<QLabel *>(QStringLiteral("message"));
    QVERIFY2(message->text().startsWith(QStringLiteral("Required")), qPrintable(message->text()));
}

void tst_EditForm::inpaintNeedsAMaskOfTheImageSize()
{
    imageEditWith(QStringLiteral("description_edit_with_mask"));
    InputSlot *mask = m_form->editOptions()->maskSlot();
    QVERIFY(mask);
    QVERIFY(mask->isVisible());
    auto *generate = child<QPushButton>("generateButton");
    // No mask: Generate is off, and both the button and the slot say why.
    QVERIFY(!m_form->canGenerate());
    QVERIFY(!generate->isEnabled());
    QVERIFY2(generate->toolTip().contains(QStringLiteral("mask")), qPrintable(generate->toolTip()));
    auto *message = mask->findChild<QLabel *>(QStringLiteral("message"));
    QVERIFY2(message->text().startsWith(QStringLiteral("Required")), qPrintable(message->text()));
    QVERIFY(child<QLabel>("issueLabel")->isHidden()); // the slot says it, in its reserved lines

    // A mask of another size: refused, naming both sizes.
    const QString wrong
            = writeImage(m_dir->path(), QStringLiteral("wrong.png"), { 1024, 768 }, Qt::white);
    m_form->editOptions()->setMask(wrong);
    QVERIFY(!m_form->canGenerate());
    QVERIFY2(mask->problem().contains(QStringLiteral("1024 × 768")), qPrintable(mask->problem()));
    QVERIFY2(mask->problem().contains(QStringLiteral("800 × 600")), qPrintable(mask->problem()));
    QCOMPARE(message->text(), mask->problem());
    QVERIFY2(generate->toolTip().contains(QStringLiteral("800 × 600")),
             qPrintable(generate->toolTip()));

    const QString right
            = writeImage(m_dir->path(), QStringLiteral("right.png"), { 800, 600 }, Qt::white);
    m_form->editOptions()->setMask(right);
    QVERIFY2(m_form->canGenerate(), qPrintable(issuesText()));
    const GenerationRequest request = m_form->request();
    QCOMPARE(request.inputsWith(InputRole::Image).value(0).localPath, m_base);
    QCOMPARE(request.inputsWith(InputRole::Mask).value(0).localPath, right);

    // Another function takes no mask: it is not sent, and nothing asks for it.
    selectFunction(QStringLiteral("colorization"));
    QVERIFY(!mask->isVisible());
    QVERIFY(m_form->request().inputsWith(InputRole::Mask).isEmpty());
    QVERIFY2(m_form->canGenerate(), qPrintable(issuesText()));
}

void tst_EditForm::paintMaskFromTheForm()
{
    imageEditWith(QStringLiteral("description_edit_with_mask"));
    QTest::mouseClick(child<QPushButton>("paintMaskButton"), Qt::LeftButton);
    // The base image is decoded off the GUI thread, then the painter opens.
    MaskPainter *painter = nullptr;
    QTRY_VERIFY((painter = m_form->window()->findChild<MaskPainter *>()) != nullptr);
    QVERIFY(QTest::qWaitForWindowExposed(painter));
    MaskCanvas *canvas = painter->canvas();
    QCOMPARE(canvas->baseImage().size(), QSize(800, 600));
    canvas->setBrushSize(40);
    const QPoint a = canvas->toWidget(QPointF(200, 300)).toPoint();
    const QPoint b = canvas->toWidget(QPointF(600, 300)).toPoint();
    QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, a);
    QTest::mouseMove(canvas, (a + b) / 2);
    QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, b);
    QTest::mouseClick(painter->findChild<QPushButton *>(QStringLiteral("useMaskButton")),
                      Qt::LeftButton);

    InputSlot *slot = m_form->editOptions()->maskSlot();
    QTRY_VERIFY(!slot->path().isEmpty());
    // In the program's data folder, as pasted images are, the image's size, black and white.
    QVERIFY2(slot->path().startsWith(MaskPainter::defaultFolder()), qPrintable(slot->path()));
    const QImage mask(slot->path());
    QCOMPARE(mask.size(), QSize(800, 600));
    QCOMPARE(qGray(mask.pixel(400, 300)), 255);
    QCOMPARE(qGray(mask.pixel(400, 100)), 0);
    QVERIFY2(m_form->canGenerate(), qPrintable(issuesText()));
    QCOMPARE(m_form->request().inputsWith(InputRole::Mask).value(0).localPath, slot->path());
    QFile::remove(slot->path());
}

void tst_EditForm::outpaintPreviewAndSizes()
{
    imageEditWith(QStringLiteral("expand"));
    // Beside its label, not over it.
    QWidget *row = child<QWidget>("expandPreview")->parentWidget();
    QLabel *grow = nullptr;
    const QList<QLabel *> labels = m_form->findChildren<QLabel *>();
    for (QLabel *candidate : labels)
        if (candidate->buddy() == row)
            grow = candidate;
    QVERIFY(grow && grow->isVisible());
    QVERIFY(grow->geometry().right() < row->geometry().left());
    auto *label = child<QLabel>("expandSizeLabel");
    QCOMPARE(label->text(), QStringLiteral("800 × 600 → 800 × 600 px"));
    child<QDoubleSpinBox>("leftScaleSpin")->setValue(1.5);
    child<QDoubleSpinBox>("rightScaleSpin")->setValue(1.5);
    child<QDoubleSpinBox>("topScaleSpin")->setValue(2.0);
    QCOMPARE(label->text(), QStringLiteral("800 × 600 → 1600 × 1200 px")); // live
    const GenerationRequest request = m_form->request();
    QCOMPARE(request.edit.leftScale, 1.5);
    QCOMPARE(request.edit.rightScale, 1.5);
    QCOMPARE(request.edit.topScale, 2.0);
    QCOMPARE(request.edit.bottomScale, 1.0);
    QVERIFY2(m_form->canGenerate(), qPrintable(issuesText()));

    // Where the image lands on the grown canvas: the preview draws exactly this.
    QSize canvas;
    const QRect placed = EditOptions::expandedImageRect({ 800, 600 }, request.edit, &canvas);
    QCOMPARE(canvas, QSize(1600, 1200));
    QCOMPARE(placed, QRect(400, 600, 800, 600));
    // The preview shows the frame grown on the top: the image in its lower half.
    auto *preview = child<QWidget>("expandPreview");
    QTRY_VERIFY(preview->isVisible());
    const QImage shown = preview->grab().toImage();
    const QColor image = shown.pixelColor(preview->width() / 2, preview->height() * 3 / 4);
    QTRY_COMPARE(
            preview->grab().toImage().pixelColor(preview->width() / 2, preview->height() * 3 / 4),
            QColor(Qt::darkGreen)); // the image, once its thumbnail is decoded
    Q_UNUSED(image);
    QVERIFY(preview->grab().toImage().pixelColor(preview->width() / 2, preview->height() / 4)
            != QColor(Qt::darkGreen)); // the new space above it

    // The range is the service's: 1.0–2.0, and the spin boxes hold it.
    auto *top = child<QDoubleSpinBox>("topScaleSpin");
    QCOMPARE(top->minimum(), 1.0);
    QCOMPARE(top->maximum(), 2.0);
    QVERIFY(top->toolTip().contains(QStringLiteral("1.0–2.0")));
    top->setValue(2.5);
    QCOMPARE(m_form->request().edit.topScale, 2.0);
}

void tst_EditForm::upscaleShowsTheResultingSize()
{
    imageEditWith(QStringLiteral("super_resolution"));
    auto *factor = child<QSpinBox>("upscaleSpin");
    QCOMPARE(factor->minimum(), 1);
    QCOMPARE(factor->maximum(), 4);
    factor->setValue(3);
    QCOMPARE(child<QLabel>("upscaleSizeLabel")->text(), QStringLiteral("→ 2400 × 1800 px"));
    QCOMPARE(m_form->request().edit.upscaleFactor, 3);

    selectFunction(QStringLiteral("doodle"));
    child<QCheckBox>("sketchCheck")->setChecked(true);
    QVERIFY(m_form->request().edit.isSketch);
    QCOMPARE(m_form->request().edit.upscaleFactor, 1); // not this function's
}

void tst_EditForm::multiImageEditIsReorderable()
{
    const QString a = writeImage(m_dir->path(), QStringLiteral("a.png"), { 600, 600 }, Qt::red);
    const QString b = writeImage(m_dir->path(), QStringLiteral("b.png"), { 600, 600 }, Qt::green);
    const QString c = writeImage(m_dir->path(), QStringLiteral("c.png"), { 600, 600 }, Qt::blue);
    QTest::mouseClick(child<QPushButton>("editKindButton"), Qt::LeftButton);
    EditOptions *options = m_form->editOptions();
    // One slot to start with; each image chosen opens the next, up to three.
    QVERIFY(options->imageSlot(0)->isVisible());
    QVERIFY(!options->imageSlot(1)->isVisible());
    options->imageSlot(0)->setPath(a);
    QVERIFY(options->imageSlot(1)->isVisible());
    QVERIFY(!options->imageSlot(2)->isVisible());
    options->imageSlot(1)->setPath(b);
    options->imageSlot(2)->setPath(c);
    QVERIFY(options->imageSlot(2)->isVisible());
    QVERIFY(!options->imageSlot(3));
    QCOMPARE(options->images(), (QStringList { a, b, c }));
    QTRY_VERIFY(!options->imageSlot(2)
                         ->findChild<QLabel *>(QStringLiteral("preview"))
                         ->pixmap()
                         .isNull()); // each with its preview

    QTest::mouseClick(child<QToolButton>("moveDownButton_1"), Qt::LeftButton);
    QCOMPARE(options->images(), (QStringList { b, a, c }));
    QTest::mouseClick(child<QToolButton>("moveUpButton_3"), Qt::LeftButton);
    QCOMPARE(options->images(), (QStringList { b, c, a }));

    // Dragged from one slot onto another: the same move.
    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(a) });
    mime.setData(QStringLiteral("application/x-dashscope-studio-input-slot"), a.toUtf8());
    InputSlot *target = options->imageSlot(0);
    QDragEnterEvent enter(QPoint(5, 5), Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::MoveAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QCOMPARE(options->images(), (QStringList { a, b, c }));

    child<QPlainTextEdit>("promptEdit")
            ->setPlainText(QStringLiteral("the cat of 1 on the sofa of 2"));
    QVERIFY2(m_form->canGenerate(), qPrintable(issuesText()));
    const GenerationRequest request = m_form->request();
    QCOMPARE(request.inputs.size(), 3);
    QCOMPARE(request.inputs.at(0).localPath, a);
    QCOMPARE(request.inputs.at(1).localPath, b);
    QCOMPARE(request.inputs.at(2).localPath, c);
    QVERIFY(request.edit.function.isEmpty());

    // A cleared image leaves no hole.
    options->imageSlot(1)->clear();
    QCOMPARE(options->images(), (QStringList { a, c }));
    QVERIFY(options->imageSlot(2)->isVisible());
    QVERIFY(options->imageSlot(2)->path().isEmpty());
}

void tst_EditForm::sizeFollowsTheLastImageByDefault()
{
    QTest::mouseClick(child<QPushButton>("editKindButton"), Qt::LeftButton);
    auto *size = child<QComboBox>("sizeCombo");
    QVERIFY(size->isVisible());
    QCOMPARE(size->currentText(), QStringLiteral("Follow the last image"));
    QVERIFY(!child<QSpinBox>("widthSpin")->isVisible());
    QVERIFY(!m_form->request().size.isValid());
    size->setCurrentIndex(size->findData(QSize(1280, 720)));
    QVERIFY(child<QSpinBox>("widthSpin")->isVisible());
    QCOMPARE(m_form->request().size, QSize(1280, 720));
    size->setCurrentIndex(0);
    QVERIFY(!m_form->request().size.isValid());
}

void tst_EditForm::startEditFromAnImage()
{
    child<QPlainTextEdit>("promptEdit")->setPlainText(QStringLiteral("a fox"));
    QVERIFY(m_form->startEditFrom(m_base));
    QCOMPARE(m_form->mode(), PromptForm::Mode::Edit);
    QCOMPARE(m_form->request().kind, MediaKind::ImageEdit);
    QCOMPARE(m_form->editOptions()->images(), QStringList { m_base });
    QVERIFY2(m_form->canGenerate(), qPrintable(issuesText()));

    // Again with another image: it replaces the first, alone.
    const QString other
            = writeImage(m_dir->path(), QStringLiteral("other.png"), { 700, 700 }, Qt::gray);
    m_form->editOptions()->imageSlot(1)->setPath(m_base);
    QVERIFY(m_form->startEditFrom(other));
    QCOMPARE(m_form->editOptions()->images(), QStringList { other });
}

void tst_EditForm::editFormSurvivesSaving()
{
    imageEditWith(QStringLiteral("expand"));
    child<QDoubleSpinBox>("bottomScaleSpin")->setValue(1.25);
    const GenerationRequest saved = m_form->request();
    const GenerationRequest restored = RequestCodec::fromText(RequestCodec::toText(saved));
    makeForm(Region::Beijing);
    QCOMPARE(m_form->mode(), PromptForm::Mode::Image);
    m_form->setRequest(restored);
    QCOMPARE(m_form->mode(), PromptForm::Mode::Edit);
    QCOMPARE(m_form->request(), saved);
    QCOMPARE(child<QComboBox>("functionCombo")->currentData().toString(), QStringLiteral("expand"));
    QCOMPARE(child<QDoubleSpinBox>("bottomScaleSpin")->value(), 1.25);
}

void tst_EditForm::longSlotMessageShowsWholeAtTheNarrowestWidth()
{
    // As in the main window at its minimum width (840 px): the form's scroll area at its own
    // minimum, 320 px, with the vertical scroll bar showing.
    QScrollArea area;
    area.setFrameShape(QFrame::NoFrame);
    area.setWidgetResizable(true);
    area.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *container = new QWidget;
    auto *layout = new QVBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *form = new PromptForm(m_catalog);
    form->setEndpoint(endpointOf(Region::Beijing), true); // its note takes two lines
    layout->addWidget(form);
    area.setWidget(container);
    area.resize(320, 500);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    form->setMode(PromptForm::Mode::Edit);
    auto *models = form->findChild<QComboBox *>(QStringLiteral("modelCombo"));
    models->setCurrentIndex(models->findData(QStringLiteral("wanx2.1-imageedit")));
    auto *function = form->findChild<QComboBox *>(QStringLiteral("functionCombo"));
    function->setCurrentIndex(function->findData(QStringLiteral("description_edit_with_mask")));
    form->editOptions()->setImages({ m_base });
    InputSlot *slot = form->editOptions()->maskSlot();
    QVERIFY(slot && slot->isVisible());
    auto *message = slot->findChild<QLabel *>(QStringLiteral("message"));
    const auto fits
            = [message] { return message->height() >= message->heightForWidth(message->width()); };
    const auto why = [message] {
        return QStringLiteral("%1 px high, its %2 lines need %3")
                .arg(message->height())
                .arg(message->heightForWidth(message->width())
                     / message->fontMetrics().lineSpacing())
                .arg(message->heightForWidth(message->width()));
    };
    QTRY_VERIFY(area.verticalScrollBar()->isVisible());
    QApplication::processEvents();
    QVERIFY2(fits(), qPrintable(why()));
    const int reserved = message->height();

    // A mask too small, with a long name: a long sentence, more than the three lines kept.
    const QString wrong = writeImage(
            m_dir->path(), QStringLiteral("the-mask-painted-elsewhere-for-the-lighthouse.png"),
            { 300, 200 }, Qt::white);
    form->editOptions()->setMask(wrong);
    QVERIFY2(slot->problem().contains(QStringLiteral("300 × 200")), qPrintable(slot->problem()));
    QCOMPARE(message->text(), slot->problem());
    QVERIFY2(message->heightForWidth(message->width()) > reserved, qPrintable(why()));
    QTRY_VERIFY2(fits(), qPrintable(why()));
    // Nothing cut below it either: the slot holds it, and the function's fields hold the slot,
    // at each width the form's column may have near its narrowest (the form was too short by
    // the endpoint note's second line, and the tallest part, the edit options, lost it).
    auto *fields = form->findChild<QWidget *>(QStringLiteral("functionFields"));
    for (int width = 320; width <= 360; width += 4) {
        area.resize(width, 500);
        QTRY_VERIFY2(fits(), qPrintable(QStringLiteral("%1 px: %2").arg(width).arg(why())));
        QTRY_VERIFY2(message->geometry().bottom() <= slot->contentsRect().bottom()
                             && slot->height() >= slot->minimumSizeHint().height(),
                     qPrintable(QStringLiteral("%1 px: the slot %2 px high, needs %3")
                                        .arg(width)
                                        .arg(slot->height())
                                        .arg(slot->minimumSizeHint().height())));
        QVERIFY(slot->mapTo(fields, QPoint(0, slot->height())).y() <= fields->height());
    }
    area.resize(320, 500);

    // A short one again: back to the three lines, no more.
    form->editOptions()->setMask(QString());
    QTRY_COMPARE(message->height(), reserved);
}

QTEST_MAIN(tst_EditForm)
#include "tst_editform.moc"
