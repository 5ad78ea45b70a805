#include "domain/pricing.h"
#include "domain/requestcodec.h"
#include "platform/settings.h"
#include "widgets/inputslot.h"
#include "widgets/promptform.h"
#include "widgets/videooptions.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

namespace {

// Video models of every shape, as the catalog will list them (see tst_generationrequest.cpp).
ModelCatalog videoCatalog()
{
    const QByteArray json = R"({
      "defaultModel": "img",
      "models": [
        { "name": "img", "path": "services/aigc/text2image/image-synthesis",
          "regions": ["singapore"], "negativePromptMaxChars": 500 },
        { "name": "t2v", "kind": "text-to-video", "protocol": "video-synthesis",
          "path": "services/aigc/video-generation/video-synthesis", "regions": ["singapore"],
          "size": { "rule": "fixed", "sizes": ["1280*720", "1920*1080"] },
          "defaultSize": "1920*1080", "durations": [5, 10, 15], "defaultDuration": 5,
          "supportsAudio": true, "supportsShotType": true, "minCount": 1, "maxCount": 1 },
        { "name": "t2v-27", "kind": "text-to-video", "protocol": "video-synthesis",
          "path": "services/aigc/video-generation/video-synthesis", "regions": ["singapore"],
          "resolutions": ["720P", "1080P"], "defaultResolution": "1080P",
          "ratios": ["16:9", "9:16", "1:1"], "defaultRatio": "16:9",
          "durations": { "min": 2, "max": 15 }, "minCount": 1, "maxCount": 1 },
        { "name": "i2v", "kind": "image-to-video", "protocol": "video-synthesis",
          "path": "services/aigc/video-generation/video-synthesis", "regions": ["singapore"],
          "resolutions": ["480P", "720P", "1080P"], "defaultResolution": "1080P",
          "durations": { "min": 2, "max": 15 }, "minCount": 1, "maxCount": 1,
          "inputs": [ { "role": "first_frame", "minCount": 1, "maxCount": 1,
                        "formats": ["jpeg", "png", "bmp", "webp"], "minSide": 360,
                        "maxSide": 2000, "maxBytes": 10485760 } ] },
        { "name": "kf2v", "kind": "keyframe-to-video", "protocol": "image2video",
          "path": "services/aigc/image2video/video-synthesis", "regions": ["singapore"],
          "resolutions": ["720P"], "minCount": 1, "maxCount": 1,
          "inputs": [ { "role": "first_frame", "minCount": 1, "maxCount": 1 },
                      { "role": "last_frame", "minCount": 1, "maxCount": 1 } ] }
      ]
    })";
    QString error;
    const ModelCatalog catalog = ModelCatalog::fromJson(json, &error);
    if (!error.isEmpty())
        qWarning("videoCatalog: %s", qPrintable(error));
    return catalog;
}

QString writeImage(const QString &dir, const QString &name, QSize size, QColor color)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(color);
    const QString path = dir + QLatin1Char('/') + name;
    return image.save(path) ? path : QString();
}

} // namespace

class tst_PromptForm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void startsReadyToType();
    void countSaysItsRangeAndWhyTenIsRefused();
    void promptEnablesGenerate();
    void sizeIsValidatedLive_data();
    void sizeIsValidatedLive();
    void presetsFollowTheModel();
    void countersWarnBeforeTheLimit();
    void seedIsRandomUnlessFixed();
    void modelsFollowTheRegion_data();
    void modelsFollowTheRegion();
    void setRequestRoundTrip();
    void foreignModelIsReplacedWithANote();
    void generateEmitsTheRequest();
    void everyControlHasAnAccessibleName();
    void promptShrinksBeforeTheFormScrolls();
    void estimateFollowsTheForm();

    void kindSwitchShowsTheModelsOfThatKind();
    void videoFieldsFollowTheModelRules();
    void inputSlotsBuildTheRequest();
    void slotProblemsDoNotMoveTheForm();
    void slotTakesDropsAndPastes();
    void videoFormSurvivesSaving();
    void startVideoFromImages();
    void modelPickerSaysWhatEachModelIsFor();
    void reusedSeedIsUsedOnce();
    void reusedSizeMovesToTheNearestPreset_data();
    void reusedSizeMovesToTheNearestPreset();
    void upAndDownRecallEarlierPrompts();
    void stylesAreInsertedAndSaved();
    void inputSlotsFitTheNarrowestColumn();
    void seedNoteKeepsItsLinesInTheNarrowestColumn();

private:
    template<typename T>
    T *child(const char *name) const
    {
        auto *widget = m_form->findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }
    void typePrompt(const QString &text)
    {
        child<QPlainTextEdit>("promptEdit")->setPlainText(text);
    }

    // A form on videoCatalog() in place of the built-in one.
    void useVideoCatalog()
    {
        delete m_form;
        m_form = new PromptForm(videoCatalog());
        Endpoint endpoint;
        endpoint.region = Region::Singapore;
        endpoint.baseUrl = regionBaseUrl(Region::Singapore);
        m_form->setEndpoint(endpoint, false);
        m_form->resize(360, 900);
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

    ModelCatalog m_catalog;
    PromptForm *m_form = nullptr;
};

void tst_PromptForm::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_catalog = ModelCatalog::builtIn();
    QVERIFY(!m_catalog.models().isEmpty());
}

void tst_PromptForm::init()
{
    m_form = new PromptForm(m_catalog);
    Endpoint endpoint;
    endpoint.region = Region::Singapore;
    endpoint.baseUrl = regionBaseUrl(Region::Singapore);
    m_form->setEndpoint(endpoint, false);
    m_form->resize(360, 720);
    m_form->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_form));
}

void tst_PromptForm::cleanup()
{
    delete m_form;
    m_form = nullptr;
}

void tst_PromptForm::startsReadyToType()
{
    m_form->activateWindow();
    m_form->focusPrompt();
    QTRY_COMPARE(QApplication::focusWidget(), child<QPlainTextEdit>("promptEdit"));
    const GenerationRequest request = m_form->request();
    QCOMPARE(request.model, m_catalog.defaultModelFor(Region::Singapore));
    QCOMPARE(request.size, m_catalog.model(request.model).rules.defaultSize);
    QCOMPARE(request.count, 1);
    QVERIFY(!request.seed);
    QVERIFY(!m_form->canGenerate()); // no prompt yet
    QVERIFY(!child<QPushButton>("generateButton")->isEnabled());
    QVERIFY(child<QLabel>("sizeProblemLabel")->isHidden());
    QVERIFY(child<QLabel>("issueLabel")->isHidden()); // an empty prompt is not shouted about
    QVERIFY(child<QLabel>("endpointLabel")->text().contains(QStringLiteral("Singapore")));
}

void tst_PromptForm::promptEnablesGenerate()
{
    QSignalSpy spy(m_form, &PromptForm::canGenerateChanged);
    QTest::keyClicks(child<QPlainTextEdit>("promptEdit"), QStringLiteral("a red fox"));
    QVERIFY(m_form->canGenerate());
    QVERIFY(child<QPushButton>("generateButton")->isEnabled());
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.first().first().toBool(), true);
    QCOMPARE(m_form->request().prompt, QStringLiteral("a red fox"));
}

void tst_PromptForm::sizeIsValidatedLive_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("valid");
    QTest::newRow("wan2.5 default") << "wan2.5-t2i-preview" << QSize(1280, 1280) << true;
    QTest::newRow("wan2.5 768x2700") << "wan2.5-t2i-preview" << QSize(768, 2700) << true;
    QTest::newRow("wan2.5 too few pixels") << "wan2.5-t2i-preview" << QSize(1024, 1024) << false;
    QTest::newRow("wan2.5 too thin") << "wan2.5-t2i-preview" << QSize(500, 3500) << false;
    QTest::newRow("wan2.2 512") << "wan2.2-t2i-flash" << QSize(512, 512) << true;
    QTest::newRow("wan2.2 side too long") << "wan2.2-t2i-flash" << QSize(2048, 1024) << false;
    QTest::newRow("qwen fixed ok") << "qwen-image-plus" << QSize(1664, 928) << true;
    QTest::newRow("qwen not in list") << "qwen-image-plus" << QSize(1024, 1024) << false;
}

void tst_PromptForm::sizeIsValidatedLive()
{
    QFETCH(QString, model);
    QFETCH(QSize, size);
    QFETCH(bool, valid);
    typePrompt(QStringLiteral("a lighthouse at dusk"));
    auto *models = child<QComboBox>("modelCombo");
    const int index = models->findData(model);
    QVERIFY2(index >= 0, qPrintable(model));
    models->setCurrentIndex(index);
    child<QSpinBox>("widthSpin")->setValue(size.width());
    child<QSpinBox>("heightSpin")->setValue(size.height());

    auto *problem = child<QLabel>("sizeProblemLabel");
    QCOMPARE(m_form->request().size, size);
    QCOMPARE(problem->isVisible(), !valid);
    QCOMPARE(child<QPushButton>("generateButton")->isEnabled(), valid);
    QCOMPARE(m_form->canGenerate(), valid);
    if (!valid) {
        // The reason names what was given.
        QVERIFY2(problem->text().contains(QString::number(size.width()))
                         || problem->text().contains(QStringLiteral("pixels")),
                 qPrintable(problem->text()));
        QVERIFY(child<QPushButton>("generateButton")->toolTip().size() > 10);
        QCOMPARE(child<QComboBox>("sizeCombo")->currentText(), QStringLiteral("Custom"));
    }
}

void tst_PromptForm::presetsFollowTheModel()
{
    auto *models = child<QComboBox>("modelCombo");
    auto *sizes = child<QComboBox>("sizeCombo");
    models->setCurrentIndex(models->findData(QStringLiteral("qwen-image-plus")));
    const ModelInfo qwen = m_catalog.model(QStringLiteral("qwen-image-plus"));
    QCOMPARE(sizes->count(), qwen.rules.presetSizes.size() + 1); // + "Custom"
    QCOMPARE(m_form->request().size, qwen.rules.defaultSize); // 1280x1280 is not a qwen size

    // Picking a preset fills width and height.
    sizes->setCurrentIndex(sizes->findData(QSize(1664, 928)));
    QCOMPARE(child<QSpinBox>("widthSpin")->value(), 1664);
    QCOMPARE(child<QSpinBox>("heightSpin")->value(), 928);
    QVERIFY(sizes->currentText().contains(QStringLiteral("16:9")));

    // The swap button turns landscape into portrait.
    QTest::mouseClick(child<QToolButton>("swapSizeButton"), Qt::LeftButton);
    QCOMPARE(m_form->request().size, QSize(928, 1664));
    QVERIFY(sizes->currentText().contains(QStringLiteral("9:16")));
}

void tst_PromptForm::countersWarnBeforeTheLimit()
{
    auto *models = child<QComboBox>("modelCombo");
    models->setCurrentIndex(models->findData(QStringLiteral("wan2.2-t2i-flash")));
    const int limit = m_catalog.model(QStringLiteral("wan2.2-t2i-flash")).rules.promptMaxChars;
    QVERIFY(limit > 100);
    auto *counter = child<QLabel>("promptCounter");

    typePrompt(QString(10, QLatin1Char('a')));
    QVERIFY(counter->text().startsWith(QStringLiteral("10 /")));
    QVERIFY(!counter->text().contains(QStringLiteral("limit")));

    typePrompt(QString(limit - 5, QLatin1Char('a')));
    QVERIFY2(counter->text().contains(QStringLiteral("close to the limit")),
             qPrintable(counter->text()));

    typePrompt(QString(limit + 5, QLatin1Char('a')));
    QVERIFY2(counter->text().contains(QStringLiteral("ignored")), qPrintable(counter->text()));
    QVERIFY(counter->toolTip().contains(QStringLiteral("ignores the rest")));
    // Its numbers are never cut: the whole text fits the form's 360 px column.
    QVERIFY2(counter->fontMetrics().horizontalAdvance(counter->text()) <= counter->width(),
             qPrintable(QStringLiteral("%1 px in %2")
                                .arg(counter->fontMetrics().horizontalAdvance(counter->text()))
                                .arg(counter->width())));

    // Chinese characters count one each, as the service counts them.
    typePrompt(QStringLiteral("一间有着精致窗户的花店"));
    QVERIFY2(counter->text().startsWith(QStringLiteral("11 /")), qPrintable(counter->text()));
}

void tst_PromptForm::seedIsRandomUnlessFixed()
{
    typePrompt(QStringLiteral("seeded"));
    QVERIFY(!m_form->request().seed);
    auto *fixed = child<QCheckBox>("fixedSeedCheck");
    auto *seed = child<QSpinBox>("seedSpin");
    QVERIFY(!seed->isEnabled());
    fixed->setChecked(true);
    QVERIFY(seed->isEnabled());
    seed->setValue(12345);
    QCOMPARE(m_form->request().seed.value_or(-1), 12345);
    fixed->setChecked(false);
    QVERIFY(!m_form->request().seed);
}

void tst_PromptForm::modelsFollowTheRegion_data()
{
    QTest::addColumn<int>("region");
    QTest::newRow("singapore") << int(Region::Singapore);
    QTest::newRow("virginia") << int(Region::Virginia);
    QTest::newRow("beijing") << int(Region::Beijing);
}

void tst_PromptForm::modelsFollowTheRegion()
{
    QFETCH(int, region);
    Endpoint endpoint;
    endpoint.region = Region(region);
    endpoint.baseUrl = regionBaseUrl(endpoint.region);
    m_form->setEndpoint(endpoint, false);
    auto *models = child<QComboBox>("modelCombo");
    const QList<ModelInfo> expected = m_catalog.modelsFor(endpoint.region);
    QCOMPARE(models->count(), expected.size());
    for (const ModelInfo &model : expected)
        QVERIFY2(models->findData(model.name) >= 0, qPrintable(model.name));
    QVERIFY(child<QLabel>("endpointLabel")->text().contains(regionDisplayName(endpoint.region)));
    QAbstractItemModelTester tester(models->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);

    m_form->setEndpoint(endpoint, true);
    QVERIFY(child<QLabel>("endpointLabel")->text().contains(QStringLiteral("Demo")));
}

void tst_PromptForm::setRequestRoundTrip()
{
    GenerationRequest request;
    request.model = QStringLiteral("wan2.2-t2i-plus");
    request.prompt = QStringLiteral("a cat in a teacup");
    request.negativePrompt = QStringLiteral("blurry");
    request.size = QSize(1280, 720);
    request.count = 3;
    request.seed = 987654;
    request.promptExtend = false;
    request.watermark = true;
    m_form->setRequest(request);
    QCOMPARE(m_form->request(), request);
    QVERIFY(m_form->canGenerate());
    QVERIFY(child<QLabel>("issueLabel")->isHidden());

    request.seed.reset();
    m_form->setRequest(request);
    QCOMPARE(m_form->request(), request);
}

void tst_PromptForm::foreignModelIsReplacedWithANote()
{
    GenerationRequest request;
    request.model = QStringLiteral("wanx-v1"); // Beijing only
    request.prompt = QStringLiteral("a mountain temple");
    request.size = QSize(1024, 1024);
    m_form->setRequest(request);
    const GenerationRequest shown = m_form->request();
    QVERIFY(shown.model != request.model);
    QVERIFY(!m_catalog.model(shown.model).regions.isEmpty());
    auto *note = child<QLabel>("issueLabel");
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("wanx-v1")), qPrintable(note->text()));

    // The Beijing name of a family maps to the Singapore one.
    request.model = QStringLiteral("wanx2.1-t2i-turbo");
    m_form->setRequest(request);
    QCOMPARE(m_form->request().model, QStringLiteral("wan2.1-t2i-turbo"));
}

void tst_PromptForm::generateEmitsTheRequest()
{
    QSignalSpy spy(m_form, &PromptForm::generateRequested);
    m_form->generate(); // empty prompt: nothing
    QCOMPARE(spy.size(), 0);
    typePrompt(QStringLiteral("  a quiet harbour  "));
    QTest::mouseClick(child<QPushButton>("generateButton"), Qt::LeftButton);
    QCOMPARE(spy.size(), 1);
    const auto request = spy.first().first().value<GenerationRequest>();
    QCOMPARE(request.prompt, QStringLiteral("a quiet harbour"));
    QVERIFY(request.validate(m_catalog, Region::Singapore).isEmpty());
}

void tst_PromptForm::everyControlHasAnAccessibleName()
{
    const QList<QWidget *> widgets = m_form->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (widget->focusPolicy() == Qt::NoFocus || qobject_cast<QLabel *>(widget)
            || widget->isWindow())
            continue;
        if (widget->parentWidget() && !qobject_cast<PromptForm *>(widget->parentWidget())
            && widget->parentWidget() != m_form
            && widget->objectName().startsWith(QLatin1String("qt_")))
            continue; // Qt's own inner parts (spin box line edits, scroll bars)
        if (widget->objectName().isEmpty() || widget->objectName().startsWith(QLatin1String("qt_")))
            continue;
        QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    }
}

void tst_PromptForm::promptShrinksBeforeTheFormScrolls()
{
    // As in the main window: the form in a resizable scroll area, with a wrapped label on top.
    QScrollArea area;
    area.setFrameShape(QFrame::NoFrame);
    area.setWidgetResizable(true);
    area.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *container = new QWidget;
    auto *layout = new QVBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *form = new PromptForm(m_catalog);
    Endpoint endpoint;
    endpoint.region = Region::Singapore;
    endpoint.baseUrl = regionBaseUrl(Region::Singapore);
    form->setEndpoint(endpoint, true);
    layout->addWidget(form);
    area.setWidget(container);

    // Plenty of room: the prompt field takes what the other fields leave.
    const int width = 360;
    auto *prompt = form->findChild<QPlainTextEdit *>(QStringLiteral("promptEdit"));
    area.resize(width, 1200);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    QTRY_VERIFY(prompt->height() > prompt->sizeHint().height());
    QCOMPARE(area.verticalScrollBar()->maximum(), 0);

    // Room for the prompt field at little more than its minimum height (taller fonts, a small
    // screen): the prompt field gives way, nothing scrolls, Generate stays in sight.
    area.resize(width, form->height() - prompt->height() + prompt->minimumHeight() + 20);
    QTRY_COMPARE(area.verticalScrollBar()->maximum(), 0);
    QVERIFY(prompt->height() < prompt->sizeHint().height());
    QVERIFY(prompt->height() >= prompt->minimumHeight());
    const auto *generate = form->findChild<QPushButton *>(QStringLiteral("generateButton"));
    QVERIFY(generate->mapTo(&area, QPoint(0, generate->height())).y() <= area.height());

    // Far too little room: then it scrolls, and the wrapped label keeps all of its lines.
    area.resize(width, 200);
    QTRY_VERIFY(area.verticalScrollBar()->maximum() > 0);
    const auto *label = form->findChild<QLabel *>(QStringLiteral("endpointLabel"));
    QVERIFY(label->height() >= label->heightForWidth(label->width()));
}

void tst_PromptForm::kindSwitchShowsTheModelsOfThatKind()
{
    // The built-in catalog serves video in Singapore, but not in US (Virginia): there the switch
    // is off and says why.
    QVERIFY(child<QPushButton>("videoKindButton")->isEnabled());
    Endpoint virginia;
    virginia.region = Region::Virginia;
    virginia.baseUrl = regionBaseUrl(Region::Virginia);
    m_form->setEndpoint(virginia, false);
    QVERIFY(!child<QPushButton>("videoKindButton")->isEnabled());
    QVERIFY(!child<QPushButton>("videoKindButton")->toolTip().isEmpty());

    useVideoCatalog();
    auto *video = child<QPushButton>("videoKindButton");
    QVERIFY(video->isEnabled());
    QCOMPARE(modelNames(), QStringList { QStringLiteral("img") });
    QCOMPARE(m_form->request().kind, MediaKind::TextToImage);
    QVERIFY(child<QSpinBox>("countSpin")->isVisible());

    QTest::mouseClick(video, Qt::LeftButton);
    QVERIFY(m_form->isVideo());
    QCOMPARE(modelNames(),
             (QStringList { QStringLiteral("t2v"), QStringLiteral("t2v-27"), QStringLiteral("i2v"),
                            QStringLiteral("kf2v") }));
    QCOMPARE(m_form->request().kind, MediaKind::TextToVideo);
    QVERIFY(!child<QSpinBox>("countSpin")->isVisible()); // one video per task
    QVERIFY(child<QWidget>("videoOptions")->isVisible());
    selectModel(QStringLiteral("i2v"));
    QCOMPARE(m_form->request().kind, MediaKind::ImageToVideo);

    QTest::mouseClick(child<QPushButton>("imageKindButton"), Qt::LeftButton);
    QVERIFY(!m_form->isVideo());
    QCOMPARE(modelNames(), QStringList { QStringLiteral("img") });
    QVERIFY(!child<QWidget>("videoOptions")->isVisible());
}

void tst_PromptForm::videoFieldsFollowTheModelRules()
{
    useVideoCatalog();
    m_form->setVideo(true);
    typePrompt(QStringLiteral("waves at dusk"));

    selectModel(QStringLiteral("t2v")); // sizes, listed durations, audio, shot type
    auto *durations = child<QComboBox>("durationCombo");
    QVERIFY(durations->isVisible());
    QCOMPARE(durations->count(), 3);
    QCOMPARE(durations->currentData().toInt(), 5);
    QVERIFY(!child<QSpinBox>("durationSpin")->isVisible());
    QVERIFY(!child<QComboBox>("resolutionCombo")->isVisible());
    QVERIFY(!child<QComboBox>("ratioCombo")->isVisible());
    QVERIFY(child<QComboBox>("sizeCombo")->isVisible());
    QCOMPARE(child<QComboBox>("sizeCombo")->count(), 2); // exactly the model's sizes
    QVERIFY(!child<QSpinBox>("widthSpin")->isVisible());
    QVERIFY(child<QCheckBox>("audioCheck")->isVisible());
    QVERIFY(child<QComboBox>("shotTypeCombo")->isVisible());
    durations->setCurrentIndex(durations->findData(10));
    child<QCheckBox>("audioCheck")->setChecked(true);
    auto *shot = child<QComboBox>("shotTypeCombo");
    shot->setCurrentIndex(shot->findData(QStringLiteral("multi")));
    GenerationRequest request = m_form->request();
    QCOMPARE(request.kind, MediaKind::TextToVideo);
    QCOMPARE(request.size, QSize(1920, 1080));
    QCOMPARE(request.video.durationSeconds, 10);
    QVERIFY(request.video.audio);
    QCOMPARE(request.video.shotType, QStringLiteral("multi"));
    QVERIFY2(m_form->canGenerate(), qPrintable(m_form->issues().value(0).message));

    selectModel(QStringLiteral("t2v-27")); // ratio and resolution instead of a size
    QVERIFY(!child<QComboBox>("sizeCombo")->isVisible());
    QVERIFY(!child<QComboBox>("durationCombo")->isVisible());
    auto *spin = child<QSpinBox>("durationSpin");
    QVERIFY(spin->isVisible());
    QCOMPARE(spin->minimum(), 2);
    QCOMPARE(spin->maximum(), 15);
    spin->setValue(7);
    auto *ratio = child<QComboBox>("ratioCombo");
    QVERIFY(ratio->isVisible());
    QCOMPARE(ratio->currentData().toString(), QStringLiteral("16:9"));
    ratio->setCurrentIndex(ratio->findData(QStringLiteral("9:16")));
    QVERIFY(child<QComboBox>("resolutionCombo")->isVisible());
    QVERIFY(!child<QCheckBox>("audioCheck")->isVisible());
    QVERIFY(!child<QComboBox>("shotTypeCombo")->isVisible());
    request = m_form->request();
    QVERIFY(!request.size.isValid());
    QCOMPARE(request.video.durationSeconds, 7);
    QCOMPARE(request.video.ratio, QStringLiteral("9:16"));
    QCOMPARE(request.video.resolution, QStringLiteral("1080P"));
    QVERIFY(!request.video.audio); // the model takes none
    QVERIFY(request.video.shotType.isEmpty());
    QVERIFY2(m_form->canGenerate(), qPrintable(m_form->issues().value(0).message));
}

void tst_PromptForm::inputSlotsBuildTheRequest()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString first
            = writeImage(dir.path(), QStringLiteral("first.png"), { 640, 480 }, Qt::darkCyan);
    const QString last
            = writeImage(dir.path(), QStringLiteral("last.png"), { 640, 480 }, Qt::darkYellow);
    useVideoCatalog();
    m_form->setVideo(true);
    selectModel(QStringLiteral("kf2v"));
    InputSlot *firstSlot = m_form->videoOptions()->slotFor(InputRole::FirstFrame);
    InputSlot *lastSlot = m_form->videoOptions()->slotFor(InputRole::LastFrame);
    QVERIFY(firstSlot && lastSlot);
    QVERIFY(firstSlot->isVisible());
    QVERIFY(!m_form->canGenerate()); // both frames are required
    auto *message = firstSlot->findChild<QLabel *>(QStringLiteral("message"));
    QVERIFY(message->text().startsWith(QStringLiteral("Required")));
    QVERIFY(child<QLabel>("issueLabel")->isHidden()); // the slot says it, not the form

    firstSlot->setPath(first);
    lastSlot->setPath(last);
    QVERIFY2(m_form->canGenerate(), qPrintable(m_form->issues().value(0).message));
    const GenerationRequest request = m_form->request();
    QCOMPARE(request.kind, MediaKind::KeyframeToVideo);
    QCOMPARE(request.inputs.size(), 2);
    QCOMPARE(request.inputsWith(InputRole::FirstFrame).value(0).localPath, first);
    QCOMPARE(request.inputsWith(InputRole::LastFrame).value(0).localPath, last);
    QCOMPARE(message->text(), QStringLiteral("first.png"));
    auto *preview = firstSlot->findChild<QLabel *>(QStringLiteral("preview"));
    QTRY_VERIFY(!preview->pixmap().isNull()); // decoded off the GUI thread

    // Switching to image-to-video keeps the first frame; the last one has no slot there.
    selectModel(QStringLiteral("i2v"));
    QCOMPARE(m_form->request().inputs.size(), 1);
    QCOMPARE(m_form->request().inputs.constFirst().localPath, first);

    QTest::mouseClick(m_form->videoOptions()
                              ->slotFor(InputRole::FirstFrame)
                              ->findChild<QToolButton *>(QStringLiteral("clearButton")),
                      Qt::LeftButton);
    QVERIFY(m_form->request().inputs.isEmpty());
    QVERIFY(!m_form->canGenerate());
}

void tst_PromptForm::slotProblemsDoNotMoveTheForm()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString small
            = writeImage(dir.path(), QStringLiteral("small.png"), { 200, 120 }, Qt::red);
    const QString good
            = writeImage(dir.path(), QStringLiteral("good.png"), { 800, 600 }, Qt::green);
    useVideoCatalog();
    m_form->setVideo(true);
    selectModel(QStringLiteral("i2v"));
    InputSlot *slot = m_form->videoOptions()->slotFor(InputRole::FirstFrame);
    auto *generate = child<QPushButton>("generateButton");
    auto *resolution = child<QComboBox>("resolutionCombo");
    QApplication::processEvents();
    const QPoint before = resolution->mapTo(m_form, QPoint());

    slot->setPath(small);
    QApplication::processEvents();
    QVERIFY(slot->problem().contains(QStringLiteral("360")));
    auto *message = slot->findChild<QLabel *>(QStringLiteral("message"));
    QCOMPARE(message->text(), slot->problem());
    QVERIFY(!m_form->canGenerate());
    QVERIFY(!generate->isEnabled());
    QCOMPARE(resolution->mapTo(m_form, QPoint()), before); // space was reserved

    slot->setPath(good);
    QApplication::processEvents();
    QVERIFY(slot->problem().isEmpty());
    QVERIFY2(m_form->canGenerate(), qPrintable(m_form->issues().value(0).message));
    QCOMPARE(resolution->mapTo(m_form, QPoint()), before);

    const QString text = dir.filePath(QStringLiteral("notes.txt"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not an image");
    file.close();
    slot->setPath(text);
    QVERIFY(slot->problem().contains(QStringLiteral("notes.txt")));
    QVERIFY(!m_form->canGenerate());
}

void tst_PromptForm::slotTakesDropsAndPastes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dropped
            = writeImage(dir.path(), QStringLiteral("dropped.png"), { 500, 500 }, Qt::blue);
    useVideoCatalog();
    m_form->setVideo(true);
    selectModel(QStringLiteral("i2v"));
    InputSlot *slot = m_form->videoOptions()->slotFor(InputRole::FirstFrame);

    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(dropped) });
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(slot, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(slot, &drop);
    QCOMPARE(slot->path(), dropped);

    QImage image(420, 400, QImage::Format_RGB32);
    image.fill(Qt::magenta);
    QApplication::clipboard()->setImage(image);
    if (QApplication::clipboard()->image().isNull())
        QSKIP("this platform has no clipboard");
    QTest::mouseClick(slot->findChild<QToolButton *>(QStringLiteral("pasteButton")),
                      Qt::LeftButton);
    QVERIFY(slot->path() != dropped);
    QVERIFY(slot->path().endsWith(QStringLiteral(".png")));
    QCOMPARE(QImage(slot->path()).size(), QSize(420, 400));
    QVERIFY(slot->problem().isEmpty());
}

void tst_PromptForm::videoFormSurvivesSaving()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString first
            = writeImage(dir.path(), QStringLiteral("first.png"), { 640, 480 }, Qt::darkCyan);
    useVideoCatalog();
    m_form->setVideo(true);
    selectModel(QStringLiteral("i2v"));
    typePrompt(QStringLiteral("the lighthouse blinks"));
    child<QSpinBox>("durationSpin")->setValue(9);
    auto *resolution = child<QComboBox>("resolutionCombo");
    resolution->setCurrentIndex(resolution->findData(QStringLiteral("480P")));
    m_form->videoOptions()->setInput(InputRole::FirstFrame, first);
    const GenerationRequest saved = m_form->request();
    QCOMPARE(saved.video.durationSeconds, 9);

    // As the window saves the form (Settings::setLastRequest) and restores it at the next start.
    const GenerationRequest restored = RequestCodec::fromText(RequestCodec::toText(saved));
    useVideoCatalog();
    QVERIFY(!m_form->isVideo());
    m_form->setRequest(restored);
    QVERIFY(m_form->isVideo());
    QCOMPARE(m_form->request(), saved);
    QCOMPARE(child<QSpinBox>("durationSpin")->value(), 9);
    QCOMPARE(child<QComboBox>("resolutionCombo")->currentData().toString(), QStringLiteral("480P"));
    QCOMPARE(m_form->videoOptions()->slotFor(InputRole::FirstFrame)->path(), first);

    // And an image request switches back.
    GenerationRequest image;
    image.model = QStringLiteral("img");
    image.prompt = QStringLiteral("a quiet harbour");
    m_form->setRequest(image);
    QVERIFY(!m_form->isVideo());
    QCOMPARE(m_form->request().kind, MediaKind::TextToImage);
}

void tst_PromptForm::startVideoFromImages()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString a = writeImage(dir.path(), QStringLiteral("a.png"), { 640, 480 }, Qt::gray);
    const QString b = writeImage(dir.path(), QStringLiteral("b.png"), { 640, 480 }, Qt::white);
    useVideoCatalog();
    m_form->startVideoFrom({ a });
    QVERIFY(m_form->isVideo());
    GenerationRequest request = m_form->request();
    QCOMPARE(request.kind, MediaKind::ImageToVideo);
    QCOMPARE(request.inputsWith(InputRole::FirstFrame).value(0).localPath, a);
    QVERIFY2(m_form->canGenerate(), qPrintable(m_form->issues().value(0).message));

    m_form->startVideoFrom({ a, b });
    request = m_form->request();
    QCOMPARE(request.kind, MediaKind::KeyframeToVideo);
    QCOMPARE(request.inputsWith(InputRole::FirstFrame).value(0).localPath, a);
    QCOMPARE(request.inputsWith(InputRole::LastFrame).value(0).localPath, b);
}

void tst_PromptForm::countSaysItsRangeAndWhyTenIsRefused()
{
    selectModel(QStringLiteral("wan2.5-t2i-preview"));
    QCOMPARE(child<QLabel>("countLabel")->text(), QStringLiteral("&Images (1–4)"));
    auto *count = child<QSpinBox>("countSpin");
    count->setFocus();
    count->selectAll();
    QTest::keyClicks(count, QStringLiteral("1"));
    QCOMPARE(count->value(), 1);
    QVERIFY(QToolTip::text().isEmpty());
    QTest::keyClicks(count, QStringLiteral("0")); // "10": the spin box keeps "1"…
    QCOMPARE(count->value(), 1);
    // …and the person is told why, where they type.
    QTRY_VERIFY(QToolTip::text().contains(QStringLiteral("Not 10")));
    QVERIFY2(QToolTip::text().contains(QStringLiteral("1 to 4 images per task")),
             qPrintable(QToolTip::text()));
}

void tst_PromptForm::estimateFollowsTheForm()
{
    auto *label = child<QLabel>("estimateLabel");
    // The built-in table has no published price for the default image model: it says so.
    QCOMPARE(label->text(), QStringLiteral("unknown price · 1 image"));
    const QString model = m_form->request().model;
    QString error;
    const PriceTable own = PriceTable::fromJson(
            QStringLiteral(R"({"prices": [{"model": "%1", "regions": ["singapore"],
                "unit": "image", "perImage": 0.02}]})")
                    .arg(model)
                    .toUtf8(),
            &error, QStringLiteral("/tmp/prices.json"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    PriceTable prices = PriceTable::builtIn();
    prices.overrideWith(own);
    m_form->setPriceTable(prices);
    QCOMPARE(label->text(), QStringLiteral("≈ $0.02 · 1 image"));
    QVERIFY(label->toolTip().contains(QStringLiteral("/tmp/prices.json")));
    child<QSpinBox>("countSpin")->setValue(4); // live, as the count changes
    QCOMPARE(label->text(), QStringLiteral("≈ $0.08 · 4 images"));
    QCOMPARE(m_form->estimate().amount, 0.08);
    Endpoint endpoint = m_form->endpoint();
    m_form->setEndpoint(endpoint, true);
    QCOMPARE(label->text(), QStringLiteral("free: demo"));
}

void tst_PromptForm::modelPickerSaysWhatEachModelIsFor()
{
    // As narrow as the form's column at the window's minimum width.
    m_form->resize(m_form->minimumSizeHint().width(), 720);
    PriceTable prices = PriceTable::builtIn();
    m_form->setPriceTable(prices);
    auto *combo = child<QComboBox>("modelCombo");
    for (const PromptForm::Mode mode :
         { PromptForm::Mode::Image, PromptForm::Mode::Video, PromptForm::Mode::Edit }) {
        Endpoint endpoint;
        endpoint.region = mode == PromptForm::Mode::Edit ? Region::Beijing : Region::Singapore;
        endpoint.baseUrl = regionBaseUrl(endpoint.region);
        m_form->setEndpoint(endpoint, false);
        m_form->setMode(mode);
        QVERIFY(combo->count() > 0);
        for (int row = 0; row < combo->count(); ++row) {
            const ModelInfo model = m_catalog.model(combo->itemData(row).toString());
            // Closed: the name alone.
            QCOMPARE(combo->itemText(row), model.displayName);
            const QString summary = combo->itemData(row, PromptForm::ModelSummaryRole).toString();
            QVERIFY2(summary.startsWith(model.goodAt + QStringLiteral(" · ") + model.speedText()
                                        + QStringLiteral(" · ")),
                     qPrintable(summary));
            const auto price = prices.price(model.name, endpoint.region);
            if (price && price->unit == Price::Unit::Image && price->perImage)
                QVERIFY2(summary.endsWith(QStringLiteral(" / image")), qPrintable(summary));
            else if (!price || (!price->perImage && price->perSecond.isEmpty()))
                QVERIFY2(summary.endsWith(QStringLiteral("price unknown")), qPrintable(summary));
            const QString tip = combo->itemData(row, Qt::ToolTipRole).toString();
            QVERIFY2(tip.contains(model.name) && tip.contains(summary), qPrintable(tip));
        }
        // Two lines in the popup, none cut: the popup is as wide as the widest line needs.
        combo->showPopup();
        QAbstractItemView *view = combo->view();
        QTRY_VERIFY(view->isVisible());
        for (int row = 0; row < combo->count(); ++row) {
            const QModelIndex index = view->model()->index(row, 0);
            const QSize hint = view->sizeHintForIndex(index);
            QVERIFY2(view->visualRect(index).width() >= hint.width(),
                     qPrintable(combo->itemText(row)));
            QVERIFY(hint.height() >= 2 * view->fontMetrics().height());
        }
        combo->hidePopup();
        QTRY_VERIFY(!view->isVisible());
    }
    // A price per image in the picker: wanx2.1-imageedit costs ¥0.14 an image in Beijing.
    const int edit = combo->findData(QStringLiteral("wanx2.1-imageedit"));
    QVERIFY(edit >= 0);
    QVERIFY(combo->itemData(edit, PromptForm::ModelSummaryRole)
                    .toString()
                    .endsWith(QStringLiteral("¥0.14 / image")));
}

void tst_PromptForm::reusedSeedIsUsedOnce()
{
    GenerationRequest reused;
    reused.model = QStringLiteral("wan2.5-t2i-preview");
    reused.prompt = QStringLiteral("a lighthouse at dawn");
    reused.size = QSize(1280, 1280);
    reused.seed = 12345;
    QSignalSpy generated(m_form, &PromptForm::generateRequested);
    auto *note = child<QLabel>("seedNoteLabel");
    auto *fixed = child<QCheckBox>("fixedSeedCheck");

    // Shown under the seed with where it came from, and used for one task.
    m_form->reuse(reused, QStringLiteral("lighthouse.png"));
    QVERIFY(m_form->seedIsOnce());
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("Seed 12345 from lighthouse.png"))
                     && note->text().contains(QStringLiteral("next task only")),
             qPrintable(note->text()));
    QVERIFY(fixed->isChecked());
    m_form->generate();
    m_form->generate();
    QCOMPARE(generated.size(), 2);
    QCOMPARE(generated.at(0).at(0).value<GenerationRequest>().seed, std::optional<qint64>(12345));
    QVERIFY(!generated.at(1).at(0).value<GenerationRequest>().seed); // random again
    QVERIFY(!fixed->isChecked());
    QVERIFY(note->isHidden());
    QCOMPARE(child<QSpinBox>("seedSpin")->value(), 12345); // kept for "Fixed"

    // "Keep it fixed": the seed stays for every task, like one the person fixed.
    generated.clear();
    m_form->reuse(reused, QString());
    QVERIFY2(note->text().contains(QStringLiteral("from the reused settings")),
             qPrintable(note->text()));
    emit note->linkActivated(QStringLiteral("#keep"));
    QVERIFY(note->isHidden());
    QVERIFY(!m_form->seedIsOnce());
    m_form->generate();
    m_form->generate();
    QCOMPARE(generated.size(), 2);
    QCOMPARE(generated.at(1).at(0).value<GenerationRequest>().seed, std::optional<qint64>(12345));

    // A seed the person types is theirs too; and restoring the last session is not a reuse.
    m_form->reuse(reused, QStringLiteral("lighthouse.png"));
    child<QSpinBox>("seedSpin")->setValue(777);
    QVERIFY(!m_form->seedIsOnce());
    QVERIFY(note->isHidden());
    m_form->setRequest(reused);
    QVERIFY(!m_form->seedIsOnce());
    QVERIFY(note->isHidden());
    QCOMPARE(m_form->request().seed, std::optional<qint64>(12345));
}

void tst_PromptForm::reusedSizeMovesToTheNearestPreset_data()
{
    QTest::addColumn<QSize>("reused");
    QTest::addColumn<QSize>("expected");
    // Off every preset of wan2.5-t2i-preview (and too small): the same ratio, then the nearest.
    QTest::newRow("1000×1000 → 1:1") << QSize(1000, 1000) << QSize(1280, 1280);
    QTest::newRow("1000×700 → 3:2") << QSize(1000, 700) << QSize(1632, 1088);
    QTest::newRow("600×1100 → 9:16") << QSize(600, 1100) << QSize(1008, 1792);
    // Allowed, though no preset: kept as it is.
    QTest::newRow("1400×1400 kept") << QSize(1400, 1400) << QSize(1400, 1400);
}

void tst_PromptForm::reusedSizeMovesToTheNearestPreset()
{
    QFETCH(QSize, reused);
    QFETCH(QSize, expected);
    GenerationRequest request;
    request.model = QStringLiteral("wan2.5-t2i-preview");
    request.prompt = QStringLiteral("from another tool");
    request.size = reused;
    m_form->reuse(request, QStringLiteral("other.png"));
    QCOMPARE(m_form->request().size, expected);
    QVERIFY(m_form->canGenerate());
    auto *label = child<QLabel>("sizeProblemLabel");
    if (reused == expected) {
        QVERIFY(label->isHidden());
        return;
    }
    QVERIFY(label->isVisible());
    const QString said = QStringLiteral("%1 × %2 is not offered by Wan 2.5 preview; using %3 × %4.")
                                 .arg(reused.width())
                                 .arg(reused.height())
                                 .arg(expected.width())
                                 .arg(expected.height());
    QCOMPARE(label->text(), said);
    // Gone once the person picks a size.
    auto *sizes = child<QComboBox>("sizeCombo");
    sizes->setCurrentIndex(sizes->currentIndex() == 0 ? 1 : 0);
    QVERIFY(label->isHidden());
}

void tst_PromptForm::upAndDownRecallEarlierPrompts()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    m_form->setSettings(&settings);
    auto *prompt = child<QPlainTextEdit>("promptEdit");
    for (const char *text : { "a red kite", "a blue boat", "a blue boat", "a green hill" }) {
        typePrompt(QString::fromLatin1(text));
        m_form->generate();
    }
    QCOMPARE(settings.promptHistory(),
             QStringList({ QStringLiteral("a red kite"), QStringLiteral("a blue boat"),
                           QStringLiteral("a green hill") }));

    prompt->clear();
    prompt->setFocus();
    QTest::keyClick(prompt, Qt::Key_Up);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("a green hill"));
    QTest::keyClick(prompt, Qt::Key_Up);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("a blue boat"));
    QTest::keyClick(prompt, Qt::Key_Up);
    QTest::keyClick(prompt, Qt::Key_Up); // the oldest: stays
    QCOMPARE(prompt->toPlainText(), QStringLiteral("a red kite"));
    QTest::keyClick(prompt, Qt::Key_Down);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("a blue boat"));
    QTest::keyClick(prompt, Qt::Key_Down);
    QTest::keyClick(prompt, Qt::Key_Down); // past the newest: empty again
    QVERIFY(prompt->toPlainText().isEmpty());

    // Once edited, the prompt is the person's: Up moves the cursor, nothing is replaced.
    QTest::keyClick(prompt, Qt::Key_Up);
    QTest::keyClicks(prompt, QStringLiteral(" at noon"));
    QTest::keyClick(prompt, Qt::Key_Up);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("a green hill at noon"));
    // A prompt being typed is never replaced either.
    prompt->setPlainText(QStringLiteral("line one\nline two"));
    prompt->moveCursor(QTextCursor::Start);
    QTest::keyClick(prompt, Qt::Key_Up);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("line one\nline two"));

    // A recalled prompt of two lines: Up goes to its first line before the prompt before it.
    prompt->clear();
    typePrompt(QStringLiteral("two\nlines"));
    m_form->generate();
    prompt->clear();
    QTest::keyClick(prompt, Qt::Key_Up);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("two\nlines"));
    QTest::keyClick(prompt, Qt::Key_Up); // to the first line
    QCOMPARE(prompt->toPlainText(), QStringLiteral("two\nlines"));
    QTest::keyClick(prompt, Qt::Key_Up);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("a green hill"));
    m_form->setSettings(nullptr);
}

void tst_PromptForm::stylesAreInsertedAndSaved()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setPromptStyles({ QStringLiteral("cinematic lighting, 35mm film") });
    m_form->setSettings(&settings);
    auto *button = child<QToolButton>("stylesButton");
    QVERIFY(button->isVisible() && button->isEnabled());
    QMenu *menu = button->menu();
    const auto actionNamed = [menu](const QString &text) -> QAction * {
        emit menu->aboutToShow();
        for (QAction *action : menu->actions()) {
            if (action->text().remove(QLatin1Char('&')) == text)
                return action;
        }
        return nullptr;
    };

    // Inserted at the cursor, after a comma.
    auto *prompt = child<QPlainTextEdit>("promptEdit");
    typePrompt(QStringLiteral("a harbour at night"));
    prompt->moveCursor(QTextCursor::End);
    QAction *insert = actionNamed(QStringLiteral("cinematic lighting, 35mm film"));
    QVERIFY(insert);
    insert->trigger();
    QCOMPARE(prompt->toPlainText(),
             QStringLiteral("a harbour at night, cinematic lighting, 35mm film"));

    // Save Selection as Style…: the selection, editable in the dialog, added to the list.
    QTextCursor cursor = prompt->textCursor();
    cursor.setPosition(0);
    cursor.setPosition(9, QTextCursor::KeepAnchor); // "a harbour"
    prompt->setTextCursor(cursor);
    QAction *save = actionNamed(QStringLiteral("Save Selection as Style…"));
    QVERIFY(save && save->isEnabled());
    bool answered = false;
    QTimer::singleShot(0, this, [&answered] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        QCOMPARE(dialog->textValue(), QStringLiteral("a harbour"));
        dialog->setTextValue(QStringLiteral("a harbour, wide angle"));
        dialog->accept();
        answered = true;
    });
    save->trigger();
    QVERIFY(answered);
    QCOMPARE(settings.promptStyles(),
             QStringList({ QStringLiteral("cinematic lighting, 35mm film"),
                           QStringLiteral("a harbour, wide angle") }));

    // Delete Style: gone from the menu and the settings.
    emit menu->aboutToShow();
    QMenu *remove = menu->findChild<QMenu *>(QStringLiteral("deleteStyleMenu"));
    QVERIFY(remove && remove->isEnabled());
    QCOMPARE(remove->actions().size(), 2);
    remove->actions().first()->trigger();
    QCOMPARE(settings.promptStyles(), QStringList { QStringLiteral("a harbour, wide angle") });
    QVERIFY(!actionNamed(QStringLiteral("cinematic lighting, 35mm film")));
    m_form->setSettings(nullptr);
}

void tst_PromptForm::inputSlotsFitTheNarrowestColumn()
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
    layout->addWidget(form);
    area.setWidget(container);
    area.resize(320, 500);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));

    struct Case
    {
        Region region;
        PromptForm::Mode mode;
        const char *model;
    };
    const Case cases[] = {
        { Region::Singapore, PromptForm::Mode::Video, "wan2.2-i2v-flash" },
        { Region::Singapore, PromptForm::Mode::Video, "wan2.2-kf2v-flash" },
        { Region::Singapore, PromptForm::Mode::Edit, "wan2.5-i2i-preview" },
        { Region::Beijing, PromptForm::Mode::Edit, "wanx2.1-imageedit" },
    };
    auto *models = form->findChild<QComboBox *>(QStringLiteral("modelCombo"));
    for (const Case &c : cases) {
        Endpoint endpoint;
        endpoint.region = c.region;
        endpoint.baseUrl = regionBaseUrl(c.region);
        form->setEndpoint(endpoint, false);
        form->setMode(c.mode);
        models->setCurrentIndex(models->findData(QString::fromLatin1(c.model)));
        QCOMPARE(models->currentData().toString(), QString::fromLatin1(c.model));
        if (c.mode == PromptForm::Mode::Edit && c.region == Region::Beijing) {
            // Inpainting: the image and its mask.
            auto *function = form->findChild<QComboBox *>(QStringLiteral("functionCombo"));
            if (function)
                function->setCurrentIndex(
                        function->findData(QStringLiteral("description_edit_with_mask")));
        }
        QTRY_VERIFY(area.verticalScrollBar()->isVisible());
        QApplication::processEvents();
        int shown = 0;
        const QRect viewport = area.viewport()->rect();
        for (InputSlot *slot : form->findChildren<InputSlot *>()) {
            if (!slot->isVisibleTo(form))
                continue;
            ++shown;
            // Not squeezed below what its title, buttons and preview need either.
            QVERIFY2(slot->width() >= slot->minimumSizeHint().width(),
                     qPrintable(QStringLiteral("%1 %2: %3 px wide, needs %4")
                                        .arg(QString::fromLatin1(c.model), slot->objectName())
                                        .arg(slot->width())
                                        .arg(slot->minimumSizeHint().width())));
            // Across: below the fold is fine (the form scrolls), cut at the side is not.
            const QRect geometry(slot->mapTo(area.viewport(), QPoint()), slot->size());
            QVERIFY2(geometry.left() >= viewport.left() && geometry.right() <= viewport.right(),
                     qPrintable(QStringLiteral("%1 %2: %3 px wide at x %4, the viewport %5 px")
                                        .arg(QString::fromLatin1(c.model), slot->objectName())
                                        .arg(geometry.width())
                                        .arg(geometry.x())
                                        .arg(viewport.width())));
        }
        QVERIFY2(shown > 0, c.model);
    }
}

void tst_PromptForm::seedNoteKeepsItsLinesInTheNarrowestColumn()
{
    // As in the main window at its minimum width, the form scrolling (video mode is long).
    QScrollArea area;
    area.setFrameShape(QFrame::NoFrame);
    area.setWidgetResizable(true);
    area.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *container = new QWidget;
    auto *layout = new QVBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *form = new PromptForm(m_catalog);
    layout->addWidget(form);
    area.setWidget(container);
    area.resize(320, 500);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    GenerationRequest reused;
    reused.model = QStringLiteral("wan2.5-t2i-preview");
    reused.prompt = QStringLiteral("a lighthouse at dawn");
    reused.seed = 1945239961;
    form->reuse(reused, QStringLiteral("20261128-025530_a-lighthouse-at-dawn_1945239961.png"));
    form->setMode(PromptForm::Mode::Video);
    auto *note = form->findChild<QLabel *>(QStringLiteral("seedNoteLabel"));
    QVERIFY(note->isVisible());
    QTRY_VERIFY(area.verticalScrollBar()->isVisible());
    QApplication::processEvents();
    QVERIFY2(note->height() >= note->heightForWidth(note->width()),
             qPrintable(QStringLiteral("%1 px high, needs %2")
                                .arg(note->height())
                                .arg(note->heightForWidth(note->width()))));
    // Nothing drawn over it: the row below starts under it.
    auto *extend = form->findChild<QCheckBox *>(QStringLiteral("promptExtendCheck"));
    QVERIFY(extend->mapTo(form, QPoint()).y() >= note->mapTo(form, QPoint(0, note->height())).y());
}

QTEST_MAIN(tst_PromptForm)
#include "tst_promptform.moc"
