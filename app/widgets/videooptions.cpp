#include "widgets/videooptions.h"

#include "widgets/inputslot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

VideoOptions::VideoOptions(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("videoOptions"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    m_slotLayout = new QVBoxLayout;
    m_slotLayout->setSpacing(4);
    layout->addLayout(m_slotLayout);
    m_fields = new QFormLayout;
    m_fields->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_fields->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_fields->setHorizontalSpacing(8);
    layout->addLayout(m_fields);

    m_durationCombo = new QComboBox(this);
    m_durationCombo->setObjectName(QStringLiteral("durationCombo"));
    m_durationCombo->setAccessibleName(tr("Duration"));
    m_durationSpin = new QSpinBox(this);
    m_durationSpin->setObjectName(QStringLiteral("durationSpin"));
    m_durationSpin->setAccessibleName(tr("Duration in seconds"));
    m_durationSpin->setSuffix(tr(" s"));
    m_resolutionCombo = new QComboBox(this);
    m_resolutionCombo->setObjectName(QStringLiteral("resolutionCombo"));
    m_resolutionCombo->setAccessibleName(tr("Resolution"));
    m_resolutionCombo->setToolTip(tr("The height of the video; the width follows the ratio."));
    m_ratioCombo = new QComboBox(this);
    m_ratioCombo->setObjectName(QStringLiteral("ratioCombo"));
    m_ratioCombo->setAccessibleName(tr("Aspect ratio"));
    m_audioCheck = new QCheckBox(tr("Generate sound"), this);
    m_audioCheck->setObjectName(QStringLiteral("audioCheck"));
    m_audioCheck->setAccessibleName(tr("Generate sound"));
    m_audioCheck->setToolTip(tr("The video gets a sound track; this changes the price."));
    m_shotCombo = new QComboBox(this);
    m_shotCombo->setObjectName(QStringLiteral("shotTypeCombo"));
    m_shotCombo->setAccessibleName(tr("Shot type"));
    m_shotCombo->addItem(tr("Model's choice"), QString());
    m_shotCombo->addItem(tr("Single shot"), QStringLiteral("single"));
    m_shotCombo->addItem(tr("Multiple shots"), QStringLiteral("multi"));
    m_shotCombo->setToolTip(tr("Works only with prompt extend."));

    m_fields->addRow(tr("&Duration"), m_durationCombo);
    m_fields->addRow(tr("D&uration"), m_durationSpin);
    m_fields->addRow(tr("&Resolution"), m_resolutionCombo);
    m_fields->addRow(tr("R&atio"), m_ratioCombo);
    m_fields->addRow(tr("Sound"), m_audioCheck);
    m_fields->addRow(tr("S&hot type"), m_shotCombo);

    const auto emitChanged = [this] { emit changed(); };
    connect(m_durationCombo, &QComboBox::currentIndexChanged, this, emitChanged);
    connect(m_durationSpin, &QSpinBox::valueChanged, this, emitChanged);
    connect(m_resolutionCombo, &QComboBox::currentIndexChanged, this, emitChanged);
    connect(m_ratioCombo, &QComboBox::currentIndexChanged, this, emitChanged);
    connect(m_audioCheck, &QCheckBox::toggled, this, emitChanged);
    connect(m_shotCombo, &QComboBox::currentIndexChanged, this, emitChanged);
}

namespace {

void refill(QComboBox *combo, const QStringList &values, const QString &preferred)
{
    const QSignalBlocker blocker(combo);
    const QString previous = combo->currentData().toString();
    combo->clear();
    for (const QString &value : values)
        combo->addItem(value, value);
    int index = combo->findData(previous);
    if (index < 0)
        index = combo->findData(preferred);
    combo->setCurrentIndex(std::max(index, 0));
}

} // namespace

void VideoOptions::setModel(const ModelInfo &model)
{
    m_model = model;
    const ParameterRules &rules = model.rules;
    const DurationRule &durations = rules.durations;
    {
        const QSignalBlocker blocker(m_durationCombo);
        const int previous = m_durationCombo->currentData().toInt();
        m_durationCombo->clear();
        for (int seconds : durations.allowed)
            m_durationCombo->addItem(tr("%n second(s)", nullptr, seconds), seconds);
        int index = m_durationCombo->findData(previous);
        if (index < 0)
            index = m_durationCombo->findData(durations.defaultSeconds);
        m_durationCombo->setCurrentIndex(std::max(index, 0));
    }
    {
        const QSignalBlocker blocker(m_durationSpin);
        const int previous = m_durationSpin->value();
        m_durationSpin->setRange(std::max(1, durations.min), std::max(1, durations.max));
        m_durationSpin->setToolTip(durations.describe());
        const bool keep = durations.max > 0 && previous >= durations.min
                && previous <= durations.max && previous > 0;
        if (!keep)
            m_durationSpin->setValue(durations.defaultSeconds > 0 ? durations.defaultSeconds
                                                                  : durations.min);
    }
    refill(m_resolutionCombo, rules.resolutions, rules.defaultResolution);
    refill(m_ratioCombo, rules.ratios, rules.defaultRatio);

    m_fields->setRowVisible(m_durationCombo, !durations.allowed.isEmpty());
    m_fields->setRowVisible(m_durationSpin, durations.allowed.isEmpty() && durations.max > 0);
    m_fields->setRowVisible(m_resolutionCombo, !rules.resolutions.isEmpty());
    m_fields->setRowVisible(m_ratioCombo, !rules.ratios.isEmpty());
    m_fields->setRowVisible(m_audioCheck, rules.supportsAudio);
    m_fields->setRowVisible(m_shotCombo, rules.supportsShotType);

    // One slot per role the model takes; a file chosen for a role stays when the next model
    // takes the same role (image-to-video to keyframe keeps the first frame).
    QMap<InputRole, QString> kept;
    for (InputSlot *slot : std::as_const(m_slots))
        if (!slot->path().isEmpty())
            kept.insert(slot->role(), slot->path());
    clearSlots();
    for (const InputRule &rule : rules.inputs) {
        auto *slot = new InputSlot(rule, this);
        m_slotLayout->addWidget(slot);
        slot->show(); // now, not when the event loop next runs: the form is already on screen
        m_slots.append(slot);
        slot->setPath(kept.value(rule.role));
        connect(slot, &InputSlot::changed, this, [this] { emit changed(); });
    }
}

void VideoOptions::clearSlots()
{
    for (InputSlot *slot : std::as_const(m_slots))
        delete slot;
    m_slots.clear();
}

InputSlot *VideoOptions::slotFor(InputRole role) const
{
    for (InputSlot *slot : m_slots)
        if (slot->role() == role)
            return slot;
    return nullptr;
}

void VideoOptions::setInput(InputRole role, const QString &path)
{
    if (InputSlot *slot = slotFor(role))
        slot->setPath(path);
}

void VideoOptions::fill(GenerationRequest &request) const
{
    const ParameterRules &rules = m_model.rules;
    VideoParameters &video = request.video;
    if (!rules.durations.allowed.isEmpty())
        video.durationSeconds = m_durationCombo->currentData().toInt();
    else if (rules.durations.max > 0)
        video.durationSeconds = m_durationSpin->value();
    if (!rules.resolutions.isEmpty())
        video.resolution = m_resolutionCombo->currentData().toString();
    if (!rules.ratios.isEmpty())
        video.ratio = m_ratioCombo->currentData().toString();
    video.audio = rules.supportsAudio && m_audioCheck->isChecked();
    if (rules.supportsShotType)
        video.shotType = m_shotCombo->currentData().toString();
    for (InputSlot *slot : m_slots) {
        if (slot->path().isEmpty())
            continue;
        RequestInput input;
        input.role = slot->role();
        input.localPath = slot->path();
        request.inputs.append(input);
    }
}

void VideoOptions::setFrom(const GenerationRequest &request)
{
    const VideoParameters &video = request.video;
    if (video.durationSeconds > 0) {
        const int index = m_durationCombo->findData(video.durationSeconds);
        if (index >= 0)
            m_durationCombo->setCurrentIndex(index);
        if (video.durationSeconds >= m_durationSpin->minimum()
            && video.durationSeconds <= m_durationSpin->maximum())
            m_durationSpin->setValue(video.durationSeconds);
    }
    if (const int index = m_resolutionCombo->findData(video.resolution); index >= 0)
        m_resolutionCombo->setCurrentIndex(index);
    if (const int index = m_ratioCombo->findData(video.ratio); index >= 0)
        m_ratioCombo->setCurrentIndex(index);
    m_audioCheck->setChecked(video.audio);
    if (const int index = m_shotCombo->findData(video.shotType); index >= 0)
        m_shotCombo->setCurrentIndex(index);
    for (InputSlot *slot : std::as_const(m_slots)) {
        const QList<RequestInput> given = request.inputsWith(slot->role());
        slot->setPath(given.isEmpty() ? QString() : given.constFirst().localPath);
    }
}

QList<ValidationIssue> VideoOptions::fileProblems() const
{
    QList<ValidationIssue> problems;
    for (InputSlot *slot : m_slots)
        if (!slot->problem().isEmpty())
            problems.append({ inputRoleId(slot->role()), slot->problem() });
    return problems;
}
