#include "widgets/promptform.h"

#include "ui_promptform.h"
#include "widgets/editoptions.h"
#include "widgets/inputslot.h"
#include "widgets/uistyle.h"
#include "widgets/videooptions.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalBlocker>

namespace {

QString sizeDisplay(QSize size)
{
    return PromptForm::tr("%1 × %2").arg(size.width()).arg(size.height());
}

} // namespace

PromptForm::PromptForm(const ModelCatalog &catalog, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::PromptForm>()), m_catalog(catalog),
      m_prices(PriceTable::builtIn())
{
    m_ui->setupUi(this);
    // The kind switch, under the region line: a segmented row of buttons.
    m_imageKindButton = new QPushButton(tr("Image"), this);
    m_imageKindButton->setObjectName(QStringLiteral("imageKindButton"));
    m_imageKindButton->setAccessibleName(tr("Make images"));
    m_videoKindButton = new QPushButton(tr("Video"), this);
    m_videoKindButton->setObjectName(QStringLiteral("videoKindButton"));
    m_videoKindButton->setAccessibleName(tr("Make a video"));
    m_editKindButton = new QPushButton(tr("Edit"), this);
    m_editKindButton->setObjectName(QStringLiteral("editKindButton"));
    m_editKindButton->setAccessibleName(tr("Edit an image"));
    auto *kindGroup = new QButtonGroup(this);
    auto *kindLayout = new QHBoxLayout;
    kindLayout->setSpacing(0);
    int id = 0; // the buttons in the order of Mode
    for (QPushButton *button : { m_imageKindButton, m_videoKindButton, m_editKindButton }) {
        button->setCheckable(true);
        button->setAutoDefault(false);
        kindGroup->addButton(button, id++);
        kindLayout->addWidget(button);
    }
    m_imageKindButton->setChecked(true);
    m_ui->mainLayout->insertLayout(1, kindLayout);
    m_videoOptions = new VideoOptions(this);
    m_ui->mainLayout->insertWidget(m_ui->mainLayout->indexOf(m_ui->formLayout) + 1, m_videoOptions);
    m_videoOptions->hide();
    m_editOptions = new EditOptions(this);
    m_ui->mainLayout->insertWidget(m_ui->mainLayout->indexOf(m_videoOptions) + 1, m_editOptions);
    m_editOptions->hide();
    // Under the seed: where a reused seed comes from and that it is used once.
    m_seedNoteLabel = new QLabel(this);
    m_seedNoteLabel->setObjectName(QStringLiteral("seedNoteLabel"));
    m_seedNoteLabel->setWordWrap(true);
    m_seedNoteLabel->setTextFormat(Qt::RichText);
    m_seedNoteLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // Three lines reserved: squeezed for room, the form layout would cut a wrapped label to one.
    m_seedNoteLabel->setMinimumHeight(3 * m_seedNoteLabel->fontMetrics().lineSpacing() + 2);
    m_seedNoteLabel->setAccessibleName(tr("Seed source"));
    m_seedNoteLabel->hide();
    int seedRow = 0;
    m_ui->formLayout->getWidgetPosition(m_ui->seedLabel, &seedRow, nullptr);
    m_ui->formLayout->insertRow(seedRow + 1, QString(), m_seedNoteLabel);
    connect(m_seedNoteLabel, &QLabel::linkActivated, this, [this] { setSeedOnce(false); });
    setUpStyles();
    m_ui->sizeProblemLabel->hide();
    m_ui->issueLabel->hide();
    m_ui->seedSpin->setEnabled(false);
    m_ui->randomSeedButton->setEnabled(false);
    m_ui->promptExtendCheck->setChecked(true);
    m_ui->endpointLabel->setContextMenuPolicy(Qt::NoContextMenu);
    setFocusProxy(m_ui->promptEdit);
    // The prompt field takes the room there is, down to its minimum height. With its preferred
    // height the scroll area around the form scrolled instead (it keeps a form with wrapped
    // labels at its preferred height): with Chinese fonts, Generate went out of sight.
    QSizePolicy promptPolicy = m_ui->promptEdit->sizePolicy();
    promptPolicy.setVerticalPolicy(QSizePolicy::Ignored);
    promptPolicy.setVerticalStretch(1);
    m_ui->promptEdit->setSizePolicy(promptPolicy);

    connect(m_ui->promptEdit, &QPlainTextEdit::textChanged, this, [this] {
        m_note.clear();
        updateCounters();
        updateValidation();
    });
    connect(m_ui->negativeEdit, &QPlainTextEdit::textChanged, this, [this] {
        updateCounters();
        updateValidation();
    });
    connect(m_ui->modelCombo, &QComboBox::currentIndexChanged, this,
            &PromptForm::handleModelChanged);
    connect(m_ui->sizeCombo, &QComboBox::currentIndexChanged, this,
            &PromptForm::handleSizePresetChanged);
    connect(m_ui->widthSpin, &QSpinBox::valueChanged, this, &PromptForm::handleCustomSizeChanged);
    connect(m_ui->heightSpin, &QSpinBox::valueChanged, this, &PromptForm::handleCustomSizeChanged);
    connect(m_ui->swapSizeButton, &QToolButton::clicked, this,
            [this] { setSize(currentSize().transposed()); });
    connect(m_ui->countSpin, &QSpinBox::valueChanged, this, &PromptForm::updateValidation);
    // A spin box drops a keystroke that would leave its range without a word ("10" stays "1"):
    // say why instead.
    // (Keys go to the spin box, which hands them to its line edit directly.)
    m_ui->countSpin->installEventFilter(this);
    m_ui->promptEdit->installEventFilter(this); // Up and Down: the prompt history
    connect(m_ui->fixedSeedCheck, &QCheckBox::toggled, this, &PromptForm::handleFixedSeedToggled);
    connect(m_ui->randomSeedButton, &QToolButton::clicked, this, &PromptForm::pickRandomSeed);
    // A seed typed or picked is the person's own: it stays.
    connect(m_ui->seedSpin, &QSpinBox::valueChanged, this, [this] {
        if (!m_updating)
            setSeedOnce(false);
    });
    connect(m_ui->generateButton, &QPushButton::clicked, this, &PromptForm::generate);
    connect(kindGroup, &QButtonGroup::idClicked, this, [this](int mode) { setMode(Mode(mode)); });
    connect(m_videoOptions, &VideoOptions::changed, this, &PromptForm::updateValidation);
    connect(m_editOptions, &EditOptions::changed, this, &PromptForm::updateValidation);
    connect(m_ui->endpointLabel, &QLabel::linkActivated, this,
            [this] { emit changeEndpointRequested(); });

    populateModels();
    updateEndpointLabel();
    updateCounters();
    updateValidation();
}

PromptForm::~PromptForm() = default;

void PromptForm::setEndpoint(const Endpoint &endpoint, bool demo)
{
    const bool regionChanged = endpoint.region != m_endpoint.region;
    m_endpoint = endpoint;
    m_demo = demo;
    if (regionChanged) {
        const QString previous = currentModel().name;
        populateModels();
        // Keep the same model family where the new region serves it under another name.
        const QString equivalent = m_catalog.equivalentIn(previous, endpoint.region);
        if (!equivalent.isEmpty())
            selectModel(equivalent);
    }
    updateEndpointLabel();
    updateValidation();
}

void PromptForm::setDefaultModel(const QString &model)
{
    m_defaultModel = model;
    if (m_ui->promptEdit->toPlainText().isEmpty() && !model.isEmpty())
        selectModel(model);
}

namespace {

QList<MediaKind> kindsOf(PromptForm::Mode mode)
{
    switch (mode) {
    case PromptForm::Mode::Video:
        return { MediaKind::TextToVideo, MediaKind::ImageToVideo, MediaKind::KeyframeToVideo };
    case PromptForm::Mode::Edit:
        return { MediaKind::ImageEdit };
    case PromptForm::Mode::Image:
        break;
    }
    return { MediaKind::TextToImage };
}

} // namespace

void PromptForm::populateModels()
{
    const auto modelsOf = [this](Mode mode) {
        QList<ModelInfo> models;
        for (MediaKind kind : kindsOf(mode))
            models += m_catalog.modelsFor(m_endpoint.region, kind);
        return models;
    };
    // Until the catalog lists models of a kind for the region, its switch says why it is off.
    const QString region = regionDisplayName(m_endpoint.region);
    const bool anyVideo = !modelsOf(Mode::Video).isEmpty();
    m_videoKindButton->setEnabled(anyVideo || m_mode == Mode::Video);
    m_videoKindButton->setToolTip(
            anyVideo ? tr("Make a video from a prompt or from images")
                     : tr("No video model is served in %1; choose another region in Settings.")
                               .arg(region));
    const bool anyEdit = !modelsOf(Mode::Edit).isEmpty();
    m_editKindButton->setEnabled(anyEdit || m_mode == Mode::Edit);
    m_editKindButton->setToolTip(
            anyEdit ? tr("Change an image: edit, inpaint, outpaint, upscale or restyle it")
                    : tr("No image editing model is served in %1; choose another region in "
                         "Settings.")
                              .arg(region));
    const QSignalBlocker blocker(m_ui->modelCombo);
    const QString previous = m_ui->modelCombo->currentData().toString();
    populateModelCombo(modelsOf(m_mode));
    int index = m_ui->modelCombo->findData(previous);
    if (index < 0 && !m_defaultModel.isEmpty())
        index = m_ui->modelCombo->findData(m_defaultModel);
    if (index < 0)
        index = m_ui->modelCombo->findData(m_catalog.defaultModelFor(m_endpoint.region));
    m_ui->modelCombo->setCurrentIndex(std::max(index, 0));
    handleModelChanged();
}

void PromptForm::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    m_imageKindButton->setChecked(mode == Mode::Image);
    m_videoKindButton->setChecked(mode == Mode::Video);
    m_editKindButton->setChecked(mode == Mode::Edit);
    populateModels();
}

bool PromptForm::startVideoFrom(const QStringList &images)
{
    if (images.isEmpty())
        return false;
    const MediaKind wanted
            = images.size() >= 2 ? MediaKind::KeyframeToVideo : MediaKind::ImageToVideo;
    const QList<ModelInfo> models = m_catalog.modelsFor(m_endpoint.region, wanted);
    if (models.isEmpty())
        return false;
    setVideo(true);
    if (currentModel().kind != wanted)
        selectModel(models.constFirst().name);
    m_videoOptions->setInput(InputRole::FirstFrame, images.at(0));
    if (images.size() >= 2)
        m_videoOptions->setInput(InputRole::LastFrame, images.at(1));
    updateValidation();
    return true;
}

bool PromptForm::startEditFrom(const QString &image)
{
    const QList<ModelInfo> models = m_catalog.modelsFor(m_endpoint.region, MediaKind::ImageEdit);
    if (image.isEmpty() || models.isEmpty())
        return false;
    setMode(Mode::Edit);
    if (currentModel().kind != MediaKind::ImageEdit)
        selectModel(models.constFirst().name);
    // A new image to edit: the mask of the last one does not fit it.
    m_editOptions->setMask(QString());
    m_editOptions->setImages({ image });
    updateValidation();
    return true;
}

// Which rows the model's kind has: videos have no count, and a resolution tier instead of a size
// where the model takes one.
void PromptForm::updateKindFields()
{
    const ModelInfo model = currentModel();
    const bool video = model.isValid() ? makesVideo(model.kind) : m_mode == Mode::Video;
    const bool edit = model.isValid() ? model.kind == MediaKind::ImageEdit : m_mode == Mode::Edit;
    m_ui->formLayout->setRowVisible(m_ui->countSpin, !video);
    m_videoOptions->setVisible(video);
    if (video)
        m_videoOptions->setModel(model);
    m_editOptions->setVisible(edit);
    if (edit)
        m_editOptions->setModel(model);
    updateSizeRows();
    if (edit)
        m_ui->promptEdit->setPlaceholderText(tr("Describe the change: what to add, remove, "
                                                "restyle or fill in… (Ctrl+Enter generates)"));
    else
        m_ui->promptEdit->setPlaceholderText(
                video ? tr("Describe the video: subject, motion, camera, light… (Ctrl+Enter "
                           "generates)")
                      : tr("Describe the image: subject, setting, style, light… (Ctrl+Enter "
                           "generates)"));
}

// A size row where the model takes a size, typed numbers unless it follows the input or the
// model offers a fixed list.
void PromptForm::updateSizeRows()
{
    const ModelInfo model = currentModel();
    const bool free = model.kind == MediaKind::TextToImage || !model.isValid();
    const bool sized = free || !model.rules.size.isUnconstrained();
    const bool custom = sized && !followsInput()
            && !(makesVideo(model.kind) && model.rules.size.kind == SizeRule::Kind::FixedList);
    m_ui->formLayout->setRowVisible(m_ui->sizeCombo, sized);
    m_ui->formLayout->setRowVisible(m_ui->customSizeLayout, custom);
}

bool PromptForm::followsInput() const
{
    const QSize preset = m_ui->sizeCombo->currentData().toSize();
    return preset.isValid() && preset.isEmpty(); // 0 × 0: "Follow the last image"
}

void PromptForm::selectModel(const QString &name)
{
    const int index = m_ui->modelCombo->findData(name);
    if (index >= 0 && index != m_ui->modelCombo->currentIndex())
        m_ui->modelCombo->setCurrentIndex(index); // handleModelChanged via the signal
}

ModelInfo PromptForm::currentModel() const
{
    return m_catalog.model(m_ui->modelCombo->currentData().toString());
}

void PromptForm::handleModelChanged()
{
    m_sizeNote.clear();
    const ModelInfo model = currentModel();
    const QSize before = currentSize();
    {
        const QSignalBlocker countBlocker(m_ui->countSpin);
        m_ui->countSpin->setRange(model.isValid() ? model.rules.minCount : 1,
                                  model.isValid() ? model.rules.maxCount : 4);
        // The range, where the field is: "Images (1–4)".
        m_ui->countLabel->setText(tr("&Images (%1–%2)")
                                          .arg(m_ui->countSpin->minimum())
                                          .arg(m_ui->countSpin->maximum()));
        m_ui->countSpin->setToolTip(countRangeText());
    }
    m_ui->negativeEdit->setEnabled(model.rules.negativePromptMaxChars > 0 || !model.isValid());
    m_ui->negativeLabel->setEnabled(m_ui->negativeEdit->isEnabled());
    // An editing model without it: no room for a field that is always off (the form is long).
    const bool edit = model.kind == MediaKind::ImageEdit;
    for (QWidget *negative :
         { static_cast<QWidget *>(m_ui->negativeLabel), static_cast<QWidget *>(m_ui->negativeEdit),
           static_cast<QWidget *>(m_ui->negativeCounter) })
        negative->setVisible(!edit || m_ui->negativeEdit->isEnabled());
    m_ui->promptExtendCheck->setEnabled(model.rules.supportsPromptExtend);
    m_ui->watermarkCheck->setEnabled(model.rules.supportsWatermark);
    m_ui->fixedSeedCheck->setEnabled(model.rules.supportsSeed);
    m_ui->modelCombo->setToolTip(m_ui->modelCombo->currentData(Qt::ToolTipRole).toString());
    m_ui->widthSpin->setToolTip(model.rules.size.describe());
    m_ui->heightSpin->setToolTip(model.rules.size.describe());

    populateSizes();
    updateKindFields();
    // Keep the size when the new model allows it; otherwise its default (an editing model
    // without one: the input's).
    if (!m_updating) {
        if (m_ui->sizeCombo->findData(QSize(0, 0)) == 0)
            m_ui->sizeCombo->setCurrentIndex(0);
        else if (before.isValid() && model.rules.size.problem(before).isEmpty())
            setSize(before);
        else
            setSize(model.rules.defaultSize.isValid() ? model.rules.defaultSize : before);
    }
    int labels = 0; // the label column, for the edit fields to line up with
    for (int row = 0; row < m_ui->formLayout->rowCount(); ++row)
        if (QLayoutItem *item = m_ui->formLayout->itemAt(row, QFormLayout::LabelRole))
            labels = std::max(labels, item->widget() ? item->widget()->sizeHint().width() : 0);
    m_editOptions->setLabelWidth(labels);
    updateCounters();
    updateValidation();
}

void PromptForm::populateSizes()
{
    const ModelInfo model = currentModel();
    const QSignalBlocker blocker(m_ui->sizeCombo);
    m_ui->sizeCombo->clear();
    // A video model with a fixed list of sizes offers exactly those.
    const bool fixedList = makesVideo(model.kind) && model.rules.presetSizes.isEmpty()
            && model.rules.size.kind == SizeRule::Kind::FixedList;
    if (fixedList) {
        for (const QSize size : model.rules.size.sizes)
            m_ui->sizeCombo->addItem(sizeDisplay(size), size);
        return;
    }
    if (model.kind == MediaKind::ImageEdit && !model.rules.defaultSize.isValid()) {
        m_ui->sizeCombo->addItem(tr("Follow the last image"), QSize(0, 0));
        m_ui->sizeCombo->setItemData(0,
                                     tr("The service picks about %1 with the aspect ratio of the "
                                        "last input image.")
                                             .arg(sizeDisplay(QSize(1280, 1280))),
                                     Qt::ToolTipRole);
    }
    for (int i = 0; i < model.rules.presetSizes.size(); ++i) {
        const QSize size = model.rules.presetSizes.at(i);
        const QString ratio = model.rules.presetRatios.value(i);
        const QString text = ratio.isEmpty() ? sizeDisplay(size)
                                             : tr("%1  ·  %2").arg(ratio, sizeDisplay(size));
        m_ui->sizeCombo->addItem(text, size);
    }
    m_ui->sizeCombo->addItem(tr("Custom"), QSize());
    m_ui->sizeCombo->setItemData(
            m_ui->sizeCombo->count() - 1,
            tr("Type any width and height below; %1.").arg(model.rules.size.describe()),
            Qt::ToolTipRole);
}

void PromptForm::setSize(QSize size)
{
    if (!size.isValid())
        return;
    {
        const QSignalBlocker w(m_ui->widthSpin);
        const QSignalBlocker h(m_ui->heightSpin);
        m_ui->widthSpin->setValue(size.width());
        m_ui->heightSpin->setValue(size.height());
    }
    handleCustomSizeChanged();
}

QSize PromptForm::currentSize() const
{
    return QSize(m_ui->widthSpin->value(), m_ui->heightSpin->value());
}

void PromptForm::handleSizePresetChanged()
{
    const QSize preset = m_ui->sizeCombo->currentData().toSize();
    updateSizeRows();
    if (followsInput()) {
        updateValidation();
    } else if (preset.isValid()) {
        setSize(preset);
    } else {
        // "Custom": the width field is where the person goes next.
        m_ui->widthSpin->setFocus();
        m_ui->widthSpin->selectAll();
    }
}

void PromptForm::handleCustomSizeChanged()
{
    m_sizeNote.clear();
    // Show the matching preset, or "Custom" when the numbers match none.
    const QSize size = currentSize();
    int index = m_ui->sizeCombo->findData(size);
    if (index < 0)
        index = m_ui->sizeCombo->count() - 1;
    {
        const QSignalBlocker blocker(m_ui->sizeCombo);
        m_ui->sizeCombo->setCurrentIndex(index);
    }
    updateSizeRows();
    updateValidation();
}

void PromptForm::handleFixedSeedToggled(bool fixed)
{
    if (!fixed)
        setSeedOnce(false);
    m_ui->seedSpin->setEnabled(fixed);
    m_ui->randomSeedButton->setEnabled(fixed);
    if (fixed && m_ui->seedSpin->value() == 0 && !m_updating)
        pickRandomSeed();
    updateValidation();
}

void PromptForm::pickRandomSeed()
{
    m_ui->seedSpin->setValue(int(QRandomGenerator::global()->bounded(qint64(MaxSeed) + 1)));
}

GenerationRequest PromptForm::request() const
{
    GenerationRequest request;
    const ModelInfo model = currentModel();
    request.model = model.name;
    request.kind = model.isValid() ? model.kind : kindsOf(m_mode).constFirst();
    request.prompt = m_ui->promptEdit->toPlainText().trimmed();
    if (model.rules.negativePromptMaxChars > 0 || !model.isValid())
        request.negativePrompt = m_ui->negativeEdit->toPlainText().trimmed();
    request.size = currentSize();
    request.count = m_ui->countSpin->value();
    if (m_ui->fixedSeedCheck->isChecked() && model.rules.supportsSeed)
        request.seed = m_ui->seedSpin->value();
    request.promptExtend = m_ui->promptExtendCheck->isChecked();
    request.watermark = m_ui->watermarkCheck->isChecked();
    if (makesVideo(request.kind)) {
        if (model.rules.size.isUnconstrained())
            request.size = QSize(); // a resolution tier instead
        m_videoOptions->fill(request);
    }
    if (request.kind == MediaKind::ImageEdit) {
        if (model.rules.size.isUnconstrained() || followsInput())
            request.size = QSize(); // the service's: from the input
        m_editOptions->fill(request);
    }
    return request;
}

void PromptForm::setRequest(const GenerationRequest &request)
{
    setSeedOnce(false);
    QString note;
    QString model = request.model;
    if (!model.isEmpty() && m_ui->modelCombo->findData(model) < 0) {
        const QString equivalent = m_catalog.equivalentIn(model, m_endpoint.region);
        const QString replacement = equivalent.isEmpty() ? currentModel().name : equivalent;
        note = tr("%1 is not served in %2; using %3.")
                       .arg(model, regionDisplayName(m_endpoint.region), replacement);
        model = replacement;
    }
    m_updating = true;
    const ModelInfo info = m_catalog.model(model);
    const MediaKind kind = info.isValid() ? info.kind : request.kind;
    setMode(makesVideo(kind) ? Mode::Video
                             : (kind == MediaKind::ImageEdit ? Mode::Edit : Mode::Image));
    if (!model.isEmpty())
        selectModel(model);
    m_updating = false;
    if (makesVideo(currentModel().kind))
        m_videoOptions->setFrom(request);
    if (currentModel().kind == MediaKind::ImageEdit)
        m_editOptions->setFrom(request);
    m_ui->negativeEdit->setPlainText(request.negativePrompt);
    if (request.size.isValid())
        setSize(request.size);
    else if (const int follow = m_ui->sizeCombo->findData(QSize(0, 0)); follow >= 0)
        m_ui->sizeCombo->setCurrentIndex(follow);
    else
        setSize(currentModel().rules.defaultSize);
    m_ui->countSpin->setValue(request.count);
    m_updating = true;
    m_ui->fixedSeedCheck->setChecked(request.seed.has_value());
    if (request.seed)
        m_ui->seedSpin->setValue(int(std::clamp<qint64>(*request.seed, 0, MaxSeed)));
    m_updating = false;
    m_ui->promptExtendCheck->setChecked(request.promptExtend);
    m_ui->watermarkCheck->setChecked(request.watermark);
    m_ui->promptEdit->setPlainText(request.prompt); // clears the note: set it afterwards
    m_note = note;
    updateCounters();
    updateValidation();
}

QList<ValidationIssue> PromptForm::issues() const
{
    QList<ValidationIssue> problems = request().validate(m_catalog, m_endpoint.region);
    if (makesVideo(currentModel().kind))
        problems += m_videoOptions->fileProblems();
    if (currentModel().kind == MediaKind::ImageEdit)
        problems += m_editOptions->fileProblems();
    return problems;
}

bool PromptForm::canGenerate() const
{
    return issues().isEmpty();
}

void PromptForm::focusPrompt()
{
    m_ui->promptEdit->setFocus(Qt::OtherFocusReason);
}

void PromptForm::selectPrompt()
{
    focusPrompt();
    m_ui->promptEdit->selectAll();
}

void PromptForm::generate()
{
    const QList<ValidationIssue> problems = issues();
    if (!problems.isEmpty()) {
        // Take the person to the field that needs attention.
        const QString field = problems.first().field;
        if (field == QLatin1String("size"))
            m_ui->widthSpin->setFocus();
        else if (field == QLatin1String("negative_prompt"))
            m_ui->negativeEdit->setFocus();
        else
            m_ui->promptEdit->setFocus();
        return;
    }
    const GenerationRequest wanted = request();
    rememberPrompt(wanted.prompt);
    emit generateRequested(wanted);
    if (m_seedOnce) {
        // Used once: later tasks get new random seeds (the spin box keeps it for "Fixed").
        m_ui->fixedSeedCheck->setChecked(false);
    }
}

void PromptForm::updateValidation()
{
    const QList<ValidationIssue> problems = issues();
    QString sizeProblem;
    QStringList others;
    bool emptyPrompt = false;
    for (const ValidationIssue &issue : problems) {
        if (issue.field == QLatin1String("size"))
            sizeProblem = issue.message;
        else if (issue.field == QLatin1String("prompt")
                 && m_ui->promptEdit->toPlainText().trimmed().isEmpty())
            emptyPrompt = true; // not an error to shout about: the person has not typed yet
        else if (const auto role = inputRoleFromId(issue.field);
                 role && (m_videoOptions->slotFor(*role) || m_editOptions->showsField(issue.field)))
            continue; // the slot itself says what it needs or what is wrong with its file
        else
            others << issue.message;
    }

    const QString sizeText = sizeProblem.isEmpty() ? m_sizeNote : sizeProblem;
    m_ui->sizeProblemLabel->setText(sizeText);
    m_ui->sizeProblemLabel->setVisible(!sizeText.isEmpty());
    UiStyle::setTone(m_ui->sizeProblemLabel,
                     sizeProblem.isEmpty() ? UiStyle::Tone::Warning : UiStyle::Tone::Error);
    m_ui->widthSpin->setProperty("invalid", !sizeProblem.isEmpty());
    m_ui->heightSpin->setProperty("invalid", !sizeProblem.isEmpty());
    m_ui->widthSpin->setAccessibleDescription(sizeProblem);

    QString issueText = others.join(QLatin1Char('\n'));
    UiStyle::Tone tone = UiStyle::Tone::Error;
    if (issueText.isEmpty() && !m_note.isEmpty()) {
        issueText = m_note;
        tone = UiStyle::Tone::Warning;
    }
    m_ui->issueLabel->setText(issueText);
    m_ui->issueLabel->setVisible(!issueText.isEmpty());
    UiStyle::setTone(m_ui->issueLabel, tone);

    const bool ok = problems.isEmpty();
    m_ui->generateButton->setEnabled(ok);
    if (ok)
        m_ui->generateButton->setToolTip(tr("Start a task (Ctrl+Enter)"));
    else if (emptyPrompt && problems.size() == 1)
        m_ui->generateButton->setToolTip(tr("Type a prompt first"));
    else
        m_ui->generateButton->setToolTip(problems.first().message);
    if (ok != m_lastCanGenerate) {
        m_lastCanGenerate = ok;
        emit canGenerateChanged(ok);
    }
    updateEstimate();
}
