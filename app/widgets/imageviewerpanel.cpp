// The viewer's side panel: what made the image (every value whole, wrapped and selectable) and
// its lineage.

#include "domain/region.h"
#include "models/displaytext.h"
#include "widgets/detaillabel.h"
#include "widgets/imageviewer.h"
#include "widgets/lineagestrip.h"
#include "widgets/uistyle.h"

#include <QDir>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("—") : text;
}

} // namespace

QWidget *ImageViewer::createPanel()
{
    // The side panel.
    auto *panel = new QWidget(this);
    panel->setAccessibleName(tr("Image details"));
    auto *panelLayout = new QVBoxLayout(panel);
    panelLayout->setContentsMargins(12, 8, 12, 8);
    m_noMetadataLabel = new QLabel(panel);
    m_noMetadataLabel->setObjectName(QStringLiteral("noMetadataLabel"));
    m_noMetadataLabel->setWordWrap(true);
    m_noMetadataLabel->hide();
    panelLayout->addWidget(m_noMetadataLabel);
    m_demoLabel = new QLabel(
            tr("Demo result (made by the built-in simulator, not by Model Studio)"), panel);
    m_demoLabel->setObjectName(QStringLiteral("demoResultLabel"));
    m_demoLabel->setWordWrap(true);
    UiStyle::setTone(m_demoLabel, UiStyle::Tone::Warning);
    m_demoLabel->hide();
    panelLayout->addWidget(m_demoLabel);
    m_panelFields = new QWidget(panel);
    // A column of label and value pairs, not a QFormLayout: Qt 6.4's form gives the rows after
    // one hidden with setRowVisible() the heights of their neighbours (values cut, or drawn over
    // the next label, issue 13), where a box layout sizes each wrapped value for its width.
    auto *form = new QVBoxLayout(m_panelFields);
    form->setContentsMargins(0, 0, 0, 0);
    form->setSpacing(1);
    panelLayout->addWidget(m_panelFields);
    m_lineage = new LineageStrip(panel);
    panelLayout->addSpacing(8);
    panelLayout->addWidget(m_lineage);
    panelLayout->addStretch(1);
    addField(tr("Prompt"), &m_promptValue, tr("Prompt"));
    addField(tr("Extended prompt"), &m_actualPromptValue, tr("Extended prompt"));
    addField(tr("Negative prompt"), &m_negativeValue, tr("Negative prompt"));
    addField(tr("Model"), &m_modelValue, tr("Model"));
    addField(tr("Size"), &m_sizeValue, tr("Size"));
    addField(tr("Duration"), &m_durationValue, tr("Duration"));
    addField(tr("Seed"), &m_seedValue, tr("Seed"));
    addField(tr("Region"), &m_regionValue, tr("Region"));
    addField(tr("Task ID"), &m_taskIdValue, tr("Task ID"));
    addField(tr("Request ID"), &m_requestIdValue, tr("Request ID"));
    addField(tr("Created"), &m_timeValue, tr("Created"));
    addField(tr("File"), &m_fileValue, tr("File"));
    auto *panelScroll = new QScrollArea(this);
    panelScroll->setWidget(panel);
    panelScroll->setWidgetResizable(true);
    panelScroll->setFrameShape(QFrame::NoFrame);
    // Values wrap to the panel's width (never wider): long ones make the panel scroll down.
    panelScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    panelScroll->setMinimumWidth(240);
    panelScroll->setAccessibleName(tr("Image details"));
    return panelScroll;
}

void ImageViewer::addField(const QString &label, DetailLabel **value, const QString &accessibleName)
{
    auto *form = static_cast<QVBoxLayout *>(m_panelFields->layout());
    auto *title = new QLabel(label, m_panelFields);
    if (form->count() > 0)
        title->setContentsMargins(0, 4, 0, 0); // the space between rows goes with its row
    QFont font = title->font();
    font.setWeight(QFont::DemiBold);
    title->setFont(font);
    *value = new DetailLabel(m_panelFields);
    (*value)->setAccessibleName(accessibleName);
    title->setBuddy(*value);
    (*value)->setProperty("title", QVariant::fromValue<QObject *>(title));
    form->addWidget(title);
    form->addWidget(*value);
}

void ImageViewer::setFieldVisible(DetailLabel *value, bool visible)
{
    value->setVisible(visible);
    if (auto *title = qobject_cast<QWidget *>(value->property("title").value<QObject *>()))
        title->setVisible(visible);
}

void ImageViewer::fillPanel()
{
    m_noMetadataLabel->setText(isShowingVideo() ? tr("This video carries no generation settings.")
                                                : tr("This PNG carries no generation settings."));
    m_noMetadataLabel->setVisible(!m_provenance && !m_loading); // not known before it is read
    m_reuseButton->setEnabled(m_provenance.has_value());
    const ImageProvenance p = m_provenance.value_or(ImageProvenance());
    m_demoLabel->setVisible(p.demo); // from the library, or the file's own metadata
    m_panelFields->setVisible(true);
    const GenerationRequest &request = p.request;
    m_promptValue->setValue(orDash(request.prompt));
    m_actualPromptValue->setValue(orDash(p.actualPrompt));
    m_negativeValue->setValue(orDash(request.negativePrompt));
    m_modelValue->setValue(orDash(DisplayText::modelNameWithId(request.model)));
    m_sizeValue->setValue(
            request.size.isValid()
                    ? tr("%1 × %2").arg(request.size.width()).arg(request.size.height())
                    : QStringLiteral("—"));
    m_seedValue->setValue(request.seed ? QString::number(*request.seed) : QStringLiteral("—"));
    const auto region = regionFromId(p.region);
    m_regionValue->setValue(region ? regionDisplayName(*region) : orDash(p.region));
    m_taskIdValue->setValue(orDash(p.taskId));
    m_requestIdValue->setValue(orDash(p.requestId));
    m_timeValue->setValue(p.created.isValid()
                                  ? QLocale().toString(p.created.toLocalTime(), QLocale::LongFormat)
                                  : QStringLiteral("—"));
    m_fileValue->setValue(QDir::toNativeSeparators(m_path), true);
}
