#include "widgets/editoptions.h"

#include "widgets/editfunctions.h"
#include "widgets/inputslot.h"
#include "widgets/maskpainter.h"
#include "widgets/uistyle.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QImageReader>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStackedLayout>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>

namespace {

const QString Inpaint = QStringLiteral("description_edit_with_mask");
const QString Expand = QStringLiteral("expand");
const QString Upscale = QStringLiteral("super_resolution");
const QString Sketch = QStringLiteral("doodle");

// The picker's order: the everyday fixes first.
const QStringList FunctionOrder = {
    QStringLiteral("description_edit"),
    QStringLiteral("stylization_all"),
    QStringLiteral("stylization_local"),
    Inpaint,
    Expand,
    Upscale,
    QStringLiteral("colorization"),
    Sketch,
    QStringLiteral("remove_watermark"),
    QStringLiteral("control_cartoon_feature"),
};

// What `function` takes, by the request's own rules.
EditParameters parametersOf(const QString &function)
{
    EditParameters edit;
    edit.function = function;
    return edit;
}

QString pixels(QSize size)
{
    return EditOptions::tr("%1 × %2 px").arg(size.width()).arg(size.height());
}

struct Thumbnail
{
    QSize full;
    QImage image;
};

// On a worker thread: the base image decoded small, for the outpaint preview.
Thumbnail loadThumbnail(const QString &path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    Thumbnail result;
    result.full = reader.size();
    if (result.full.isValid() && (result.full.width() > 240 || result.full.height() > 240))
        reader.setScaledSize(result.full.scaled(240, 240, Qt::KeepAspectRatio));
    result.image = reader.read();
    return result;
}

} // namespace

EditOptions::EditOptions(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("editOptions"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    m_fields = new QFormLayout;
    m_fields->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_fields->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_fields->setHorizontalSpacing(8);

    m_functionCombo = new QComboBox(this);
    m_functionCombo->setObjectName(QStringLiteral("functionCombo"));
    m_functionCombo->setAccessibleName(tr("Editing function"));
    m_functionHint = new QLabel(this);
    m_functionHint->setObjectName(QStringLiteral("functionHint"));
    m_functionHint->setWordWrap(true);
    // Two lines kept for the longest hint: switching functions does not move what follows.
    m_functionHint->setMinimumHeight(2 * m_functionHint->fontMetrics().lineSpacing() + 2);
    m_functionHint->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    UiStyle::setTone(m_functionHint, UiStyle::Tone::Muted);
    m_fields->addRow(tr("Functi&on"), m_functionCombo);
    m_fields->addRow(QString(), m_functionHint);
    layout->addLayout(m_fields);

    m_imageLayout = new QVBoxLayout;
    m_imageLayout->setSpacing(4);
    layout->addLayout(m_imageLayout);

    // The function's own fields, a page each, in room kept for the tallest page (a stack is as
    // tall as its tallest page at every width): switching functions moves nothing else.
    m_functionFields = new QWidget(this);
    m_functionFields->setObjectName(QStringLiteral("functionFields"));
    m_pages = new QStackedLayout(m_functionFields);
    m_pages->setContentsMargins(0, 0, 0, 0);
    m_emptyPage = new QWidget(m_functionFields);
    m_pages->addWidget(m_emptyPage);
    m_maskRow = new QWidget(m_functionFields);
    auto *maskLayout = new QVBoxLayout(m_maskRow);
    maskLayout->setContentsMargins(0, 0, 0, 0);
    maskLayout->setSpacing(2);
    m_paintButton = new QPushButton(tr("Paint M&ask…"), m_maskRow);
    m_paintButton->setObjectName(QStringLiteral("paintMaskButton"));
    m_paintButton->setAccessibleName(tr("Paint the mask over the image"));
    m_paintButton->setAutoDefault(false);
    maskLayout->addWidget(m_paintButton);
    maskLayout->addStretch(1); // the mask slot goes above this, when the model takes a mask
    m_pages->addWidget(m_maskRow);

    m_strengthRow = new QWidget(this);
    auto *strengthLayout = new QHBoxLayout(m_strengthRow);
    strengthLayout->setContentsMargins(0, 0, 0, 0);
    m_strengthSlider = new QSlider(Qt::Horizontal, m_strengthRow);
    m_strengthSlider->setObjectName(QStringLiteral("strengthSlider"));
    m_strengthSlider->setAccessibleName(tr("Strength"));
    m_strengthSlider->setRange(0, 100);
    m_strengthSlider->setValue(50);
    m_strengthSlider->setToolTip(tr("0: close to the image; 1: close to the prompt."));
    m_strengthValue = new QLabel(m_strengthRow);
    m_strengthValue->setMinimumWidth(
            m_strengthValue->fontMetrics().horizontalAdvance(QStringLiteral("0.00 ")));
    strengthLayout->addWidget(m_strengthSlider, 1);
    strengthLayout->addWidget(m_strengthValue);
    addOptionRow(tr("S&trength"), m_strengthRow);

    m_expandRow = new QWidget(this);
    auto *expandLayout = new QGridLayout(m_expandRow);
    expandLayout->setContentsMargins(0, 0, 0, 0);
    expandLayout->setSpacing(4);
    // Arrows for the sides, in two rows: short enough for a narrow form.
    const QString sideNames[4] = { tr("Top"), tr("Bottom"), tr("Left"), tr("Right") };
    const QString arrows[4] = { QStringLiteral("↑ "), QStringLiteral("↓ "), QStringLiteral("← "),
                                QStringLiteral("→ ") };
    const char *sideIds[4]
            = { "topScaleSpin", "bottomScaleSpin", "leftScaleSpin", "rightScaleSpin" };
    for (int i = 0; i < 4; ++i) {
        auto *spin = new QDoubleSpinBox(m_expandRow);
        spin->setObjectName(QLatin1String(sideIds[i]));
        spin->setAccessibleName(tr("Grow the %1 side by").arg(sideNames[i].toLower()));
        spin->setRange(1.0, 2.0);
        spin->setSingleStep(0.1);
        spin->setDecimals(2);
        spin->setValue(1.0);
        spin->setPrefix(arrows[i]);
        // Narrow enough for the form's narrowest width.
        spin->setMinimumWidth(spin->fontMetrics().horizontalAdvance(arrows[i] + tr("2.00×")) + 30);
        spin->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        spin->setSuffix(tr("×"));
        spin->setToolTip(tr("%1: 1.0–2.0 times the image's extent on this side (1.0: not grown).")
                                 .arg(sideNames[i]));
        expandLayout->addWidget(spin, i / 2, i % 2);
        m_scaleSpins[i] = spin;
    }
    m_expandPreview = new ExpandPreview(m_expandRow);
    m_expandPreview->setToolTip(tr("The grown canvas: the image stays where it is drawn, the "
                                   "model fills the hatched space."));
    m_expandSize = new QLabel(m_expandRow);
    m_expandSize->setObjectName(QStringLiteral("expandSizeLabel"));
    UiStyle::setTone(m_expandSize, UiStyle::Tone::Muted);
    // Never wider than the form: a long size is cut, not the form widened.
    m_expandSize->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    // The preview under the scales, the sizes beside it: fits the narrowest form.
    auto *previewRow = new QHBoxLayout;
    previewRow->setSpacing(8);
    previewRow->addWidget(m_expandPreview);
    previewRow->addWidget(m_expandSize, 1);
    expandLayout->addLayout(previewRow, 2, 0, 1, 2);
    expandLayout->setColumnStretch(0, 1);
    expandLayout->setColumnStretch(1, 1);
    addOptionRow(tr("Grow"), m_expandRow);

    m_upscaleRow = new QWidget(this);
    auto *upscaleLayout = new QHBoxLayout(m_upscaleRow);
    upscaleLayout->setContentsMargins(0, 0, 0, 0);
    m_upscaleSpin = new QSpinBox(m_upscaleRow);
    m_upscaleSpin->setObjectName(QStringLiteral("upscaleSpin"));
    m_upscaleSpin->setAccessibleName(tr("Upscale factor"));
    m_upscaleSpin->setRange(1, 4);
    m_upscaleSpin->setValue(2);
    m_upscaleSpin->setSuffix(tr("×"));
    m_upscaleSpin->setToolTip(tr("1–4 times the width and height (1: sharpen only)."));
    m_upscaleSize = new QLabel(m_upscaleRow);
    m_upscaleSize->setObjectName(QStringLiteral("upscaleSizeLabel"));
    UiStyle::setTone(m_upscaleSize, UiStyle::Tone::Muted);
    m_upscaleSize->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    upscaleLayout->addWidget(m_upscaleSpin);
    upscaleLayout->addWidget(m_upscaleSize, 1);
    addOptionRow(tr("&Upscale"), m_upscaleRow);

    m_sketchCheck = new QCheckBox(tr("The image is a line sketch"), this);
    m_sketchCheck->setObjectName(QStringLiteral("sketchCheck"));
    m_sketchCheck->setAccessibleName(tr("The image is a sketch"));
    m_sketchCheck->setToolTip(tr("On: only its lines are followed. Off: its colours are kept too "
                                 "(a doodle)."));
    addOptionRow(tr("Sketch"), m_sketchCheck);
    layout->addWidget(m_functionFields);

    const auto emitChanged = [this] { emit changed(); };
    connect(m_functionCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateFunctionFields();
        emit changed();
    });
    connect(m_strengthSlider, &QSlider::valueChanged, this, [this](int value) {
        m_strengthValue->setText(QLocale().toString(value / 100.0, 'f', 2));
        emit changed();
    });
    for (QDoubleSpinBox *spin : m_scaleSpins) {
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this] {
            updateSizes();
            emit changed();
        });
    }
    connect(m_upscaleSpin, &QSpinBox::valueChanged, this, [this] {
        updateSizes();
        emit changed();
    });
    connect(m_sketchCheck, &QCheckBox::toggled, this, emitChanged);
    connect(m_paintButton, &QPushButton::clicked, this, &EditOptions::paintMask);
    m_strengthValue->setText(QLocale().toString(0.5, 'f', 2));
    updateFunctionFields();
}

EditOptions::~EditOptions() = default;

void EditOptions::setModel(const ModelInfo &model)
{
    const QStringList kept = images();
    const QString keptMask = m_maskSlot ? m_maskSlot->path() : QString();
    const QString previousFunction = function();
    m_model = model;
    {
        const QSignalBlocker blocker(m_functionCombo);
        m_functionCombo->clear();
        QStringList functions;
        for (const QString &id : FunctionOrder)
            if (model.rules.functions.contains(id))
                functions << id;
        for (const QString &id : model.rules.functions)
            if (!functions.contains(id))
                functions << id;
        for (const QString &id : std::as_const(functions)) {
            m_functionCombo->addItem(functionName(id), id);
            m_functionCombo->setItemData(m_functionCombo->count() - 1, functionHint(id),
                                         Qt::ToolTipRole);
        }
        const int index = m_functionCombo->findData(previousFunction);
        m_functionCombo->setCurrentIndex(std::max(index, 0));
    }
    m_fields->setRowVisible(m_functionCombo, !model.rules.functions.isEmpty());
    m_fields->setRowVisible(m_functionHint, !model.rules.functions.isEmpty());

    rebuildImageSlots(kept);

    delete m_maskSlot;
    m_maskSlot = nullptr;
    if (std::optional<InputRule> rule = model.rules.input(InputRole::Mask)) {
        // Shown only for inpainting, where it is needed.
        rule->minCount = 1;
        m_maskSlot = new InputSlot(*rule, m_maskRow);
        m_maskSlot->setEmptyText(tr("Required: paint it (Paint Mask…), or choose, drop or paste a "
                                    "black-and-white image."));
        static_cast<QVBoxLayout *>(m_maskRow->layout())->insertWidget(1, m_maskSlot);
        m_maskSlot->setPath(keptMask);
        connect(m_maskSlot, &InputSlot::changed, this, [this] {
            m_maskSlot->setOuterProblem(maskSizeProblem());
            emit changed();
        });
    }
    updateFunctionFields();
}

// A page of the stack: the field beside its label (a grid, not a form layout: a field as wide
// as the outpaint scales stays beside its label), at the top.
void EditOptions::addOptionRow(const QString &text, QWidget *field)
{
    auto *page = new QWidget(m_functionFields);
    auto *grid = new QGridLayout(page);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(1, 1);
    auto *label = new QLabel(text, page);
    label->setBuddy(field);
    grid->addWidget(label, 0, 0, Qt::AlignRight | Qt::AlignVCenter);
    grid->addWidget(field, 0, 1);
    m_pages->addWidget(page);
    m_pageOf.insert(field, page);
    m_pageGrids.append(grid);
}

void EditOptions::setLabelWidth(int width)
{
    for (int row = 0; row < m_fields->rowCount(); ++row) {
        QLayoutItem *item = m_fields->itemAt(row, QFormLayout::LabelRole);
        if (auto *label = item ? qobject_cast<QLabel *>(item->widget()) : nullptr) {
            label->setMinimumWidth(width);
            label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    for (QGridLayout *grid : std::as_const(m_pageGrids))
        grid->setColumnMinimumWidth(0, width);
}

void EditOptions::rebuildImageSlots(const QStringList &keep)
{
    qDeleteAll(m_imageRows);
    m_imageRows.clear();
    m_imageSlots.clear();
    const std::optional<InputRule> rule = m_model.rules.input(InputRole::Image);
    if (!rule)
        return;
    for (int i = 0; i < rule->maxCount; ++i) {
        InputRule own = *rule;
        own.minCount = i < rule->minCount ? 1 : 0;
        auto *row = new QWidget(this);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->setSpacing(2);
        auto *slot = new InputSlot(own, row);
        slot->setObjectName(QStringLiteral("inputSlot_image_%1").arg(i + 1));
        if (rule->maxCount > 1)
            slot->setTitle(tr("Image %1").arg(i + 1));
        else
            slot->setTitle(tr("Image"));
        rowLayout->addWidget(slot, 1);
        if (rule->maxCount > 1) {
            // Order matters: without a size, the output follows the last image.
            auto *moves = new QVBoxLayout;
            moves->setSpacing(2);
            auto *up = new QToolButton(row);
            up->setObjectName(QStringLiteral("moveUpButton_%1").arg(i + 1));
            up->setArrowType(Qt::UpArrow);
            up->setAccessibleName(tr("Move image %1 up").arg(i + 1));
            up->setToolTip(tr("Move up (or drag the image onto another slot)"));
            up->setEnabled(i > 0);
            auto *down = new QToolButton(row);
            down->setObjectName(QStringLiteral("moveDownButton_%1").arg(i + 1));
            down->setArrowType(Qt::DownArrow);
            down->setAccessibleName(tr("Move image %1 down").arg(i + 1));
            down->setToolTip(tr("Move down (or drag the image onto another slot)"));
            down->setEnabled(i + 1 < rule->maxCount);
            moves->addWidget(up);
            moves->addWidget(down);
            moves->addStretch(1);
            rowLayout->addLayout(moves);
            connect(up, &QToolButton::clicked, this, [this, i] { moveImage(i, i - 1); });
            connect(down, &QToolButton::clicked, this, [this, i] { moveImage(i, i + 1); });
        }
        m_imageLayout->addWidget(row);
        m_imageRows.append(row);
        m_imageSlots.append(slot);
        slot->setPath(keep.value(i));
        connect(slot, &InputSlot::changed, this, [this] {
            // A cleared image leaves no hole, a chosen one opens the next slot.
            if (!m_settingImages)
                setImages(images());
        });
        connect(slot, &InputSlot::slotDropped, this, [this, i](const QString &path) {
            const int from = int(images().indexOf(path));
            if (from >= 0)
                moveImage(from, i);
            else
                m_imageSlots.at(i)->setPath(path);
        });
    }
    updateBase();
    setImages(keep); // shows the filled slots and one more
}

void EditOptions::moveImage(int from, int to)
{
    if (from < 0 || to < 0 || from >= m_imageSlots.size() || to >= m_imageSlots.size()
        || from == to)
        return;
    QStringList order;
    for (InputSlot *slot : std::as_const(m_imageSlots))
        order << slot->path();
    order.move(from, to);
    order.removeAll(QString());
    setImages(order);
}

void EditOptions::setImages(const QStringList &paths)
{
    QStringList given = paths;
    given.removeAll(QString());
    if (m_settingImages)
        return;
    m_settingImages = true;
    for (int i = 0; i < m_imageSlots.size(); ++i) {
        m_imageSlots.at(i)->setPath(given.value(i));
        // The filled slots and the next empty one: room for one more, no wall of empty boxes.
        QWidget *row = m_imageRows.at(i);
        row->setVisible(i <= given.size());
        const QString number = QString::number(i + 1);
        if (auto *up = row->findChild<QToolButton *>(QStringLiteral("moveUpButton_") + number))
            up->setEnabled(i > 0 && i < given.size());
        if (auto *down = row->findChild<QToolButton *>(QStringLiteral("moveDownButton_") + number))
            down->setEnabled(i + 1 < given.size());
    }
    m_settingImages = false;
    updateBase();
    emit changed();
}

QStringList EditOptions::images() const
{
    QStringList paths;
    for (InputSlot *slot : m_imageSlots)
        if (!slot->path().isEmpty())
            paths << slot->path();
    return paths;
}

void EditOptions::setMask(const QString &path)
{
    if (m_maskSlot)
        m_maskSlot->setPath(path);
}

InputSlot *EditOptions::imageSlot(int index) const
{
    return m_imageSlots.value(index);
}

QString EditOptions::function() const
{
    return m_functionCombo->count() > 0 ? m_functionCombo->currentData().toString() : QString();
}

void EditOptions::setFunction(const QString &function)
{
    const int index = m_functionCombo->findData(function);
    if (index >= 0)
        m_functionCombo->setCurrentIndex(index);
}

void EditOptions::updateFunctionFields()
{
    const QString id = function();
    const bool functions = !m_model.rules.functions.isEmpty();
    m_functionHint->setText(functionHint(id));
    QWidget *page = m_emptyPage;
    if (parametersOf(id).takesStrength())
        page = m_pageOf.value(m_strengthRow);
    else if (id == Expand)
        page = m_pageOf.value(m_expandRow);
    else if (id == Upscale)
        page = m_pageOf.value(m_upscaleRow);
    else if (id == Sketch)
        page = m_pageOf.value(m_sketchCheck);
    else if (id == Inpaint && m_maskSlot)
        page = m_maskRow;
    m_pages->setCurrentWidget(page);
    m_functionFields->setVisible(functions);
    updateSizes();
}

void EditOptions::updateBase()
{
    const QString path = m_imageSlots.isEmpty() ? QString() : m_imageSlots.first()->path();
    if (path == m_basePath && !path.isEmpty())
        return; // already read
    m_basePath = path;
    m_baseSize = path.isEmpty() ? QSize() : QImageReader(path).size(); // the header only
    m_baseThumbnail = QImage();
    const int generation = ++m_baseGeneration;
    if (!path.isEmpty()) {
        auto *watcher = new QFutureWatcher<Thumbnail>(this);
        connect(watcher, &QFutureWatcher<Thumbnail>::finished, this, [this, watcher, generation] {
            watcher->deleteLater();
            if (generation != m_baseGeneration)
                return;
            m_baseThumbnail = watcher->result().image;
            updateSizes();
        });
        watcher->setFuture(QtConcurrent::run(loadThumbnail, path));
    }
    if (m_maskSlot)
        m_maskSlot->setOuterProblem(maskSizeProblem());
    updateSizes();
}

void EditOptions::updateSizes()
{
    EditParameters edit;
    edit.topScale = m_scaleSpins[0]->value();
    edit.bottomScale = m_scaleSpins[1]->value();
    edit.leftScale = m_scaleSpins[2]->value();
    edit.rightScale = m_scaleSpins[3]->value();
    m_expandPreview->set(m_baseThumbnail, m_baseSize, edit);
    if (m_baseSize.isValid()) {
        QSize canvas;
        expandedImageRect(m_baseSize, edit, &canvas);
        m_expandSize->setText(tr("%1 × %2 → %3 × %4 px")
                                      .arg(m_baseSize.width())
                                      .arg(m_baseSize.height())
                                      .arg(canvas.width())
                                      .arg(canvas.height()));
        m_upscaleSize->setText(tr("→ %1").arg(pixels(m_baseSize * m_upscaleSpin->value())));
    } else {
        m_expandSize->setText(tr("(no image yet)"));
        m_upscaleSize->setText(tr("(no image yet)"));
    }
}

QString EditOptions::maskSizeProblem() const
{
    if (!m_maskSlot || m_maskSlot->path().isEmpty() || !m_baseSize.isValid())
        return {};
    const QSize mask = QImageReader(m_maskSlot->path()).size();
    if (!mask.isValid() || mask == m_baseSize)
        return {};
    return tr("The mask is %1; it must be the size of the image, %2. Paint it again.")
            .arg(pixels(mask), pixels(m_baseSize));
}

bool EditOptions::showsField(const QString &field) const
{
    if (field == inputRoleId(InputRole::Image))
        return !m_imageSlots.isEmpty();
    if (field == inputRoleId(InputRole::Mask))
        return m_maskSlot && function() == Inpaint;
    return false;
}

QList<ValidationIssue> EditOptions::fileProblems() const
{
    QList<ValidationIssue> problems;
    for (InputSlot *slot : m_imageSlots)
        if (!slot->problem().isEmpty())
            problems.append({ inputRoleId(InputRole::Image), slot->problem() });
    // A missing mask is the request's problem (GenerationRequest::validate); a wrong one is ours.
    if (m_maskSlot && function() == Inpaint && !m_maskSlot->problem().isEmpty())
        problems.append({ inputRoleId(InputRole::Mask), m_maskSlot->problem() });
    return problems;
}

void EditOptions::fill(GenerationRequest &request) const
{
    for (const QString &path : images()) {
        RequestInput input;
        input.role = InputRole::Image;
        input.localPath = path;
        request.inputs.append(input);
    }
    const QString id = function();
    if (m_maskSlot && id == Inpaint && !m_maskSlot->path().isEmpty()) {
        RequestInput mask;
        mask.role = InputRole::Mask;
        mask.localPath = m_maskSlot->path();
        request.inputs.append(mask);
    }
    EditParameters &edit = request.edit;
    edit.function = id;
    if (edit.takesStrength())
        edit.strength = m_strengthSlider->value() / 100.0;
    if (id == Expand) {
        edit.topScale = m_scaleSpins[0]->value();
        edit.bottomScale = m_scaleSpins[1]->value();
        edit.leftScale = m_scaleSpins[2]->value();
        edit.rightScale = m_scaleSpins[3]->value();
    }
    if (id == Upscale)
        edit.upscaleFactor = m_upscaleSpin->value();
    if (id == Sketch)
        edit.isSketch = m_sketchCheck->isChecked();
}

void EditOptions::setFrom(const GenerationRequest &request)
{
    const EditParameters &edit = request.edit;
    setFunction(edit.function);
    if (edit.strength)
        m_strengthSlider->setValue(int(std::lround(*edit.strength * 100)));
    const double scales[4] = { edit.topScale, edit.bottomScale, edit.leftScale, edit.rightScale };
    for (int i = 0; i < 4; ++i)
        m_scaleSpins[i]->setValue(scales[i]);
    m_upscaleSpin->setValue(edit.upscaleFactor);
    m_sketchCheck->setChecked(edit.isSketch);
    QStringList paths;
    for (const RequestInput &input : request.inputsWith(InputRole::Image))
        paths << input.localPath;
    setImages(paths);
    const QList<RequestInput> masks = request.inputsWith(InputRole::Mask);
    setMask(masks.isEmpty() ? QString() : masks.constFirst().localPath);
}

void EditOptions::paintMask()
{
    const QString base = m_imageSlots.isEmpty() ? QString() : m_imageSlots.first()->path();
    if (base.isEmpty() || !m_maskSlot)
        return;
    // A large image takes a moment to decode: not on the GUI thread.
    m_paintButton->setEnabled(false);
    auto *watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_paintButton->setEnabled(true);
        openPainter(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([base] {
        QImageReader reader(base);
        reader.setAutoTransform(false); // the mask is of the pixels as stored, like the service's
        return reader.read();
    }));
}

void EditOptions::openPainter(const QImage &base)
{
    if (base.isNull() || !m_maskSlot)
        return;
    auto *painter = new MaskPainter(base, window());
    painter->setAttribute(Qt::WA_DeleteOnClose);
    // Go on from the mask there is, when it fits.
    if (!m_maskSlot->path().isEmpty())
        painter->canvas()->setMask(QImage(m_maskSlot->path()));
    connect(painter, &QDialog::accepted, this, [this, painter] {
        QString error;
        const QString path = painter->exportMask(MaskPainter::defaultFolder(), &error);
        if (path.isEmpty())
            m_maskSlot->setOuterProblem(error);
        else
            m_maskSlot->setPath(path);
    });
    painter->open();
}
