#pragma once

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"

#include <QWidget>

class InputSlot;
class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QSpinBox;
class QVBoxLayout;

// The video part of the prompt form: duration, resolution tier, ratio, sound, shot type and one
// input slot per input the model takes, each shown only when the current model has the rule.
class VideoOptions final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VideoOptions)

public:
    explicit VideoOptions(QWidget *parent = nullptr);

    // Rebuilds the fields for `model`; files already chosen stay in slots of the same role, and
    // values the model still allows are kept.
    void setModel(const ModelInfo &model);
    // Writes the video parameters and the inputs (localPath) into `request`.
    void fill(GenerationRequest &request) const;
    // Takes values and inputs from `request` (the model must already be set).
    void setFrom(const GenerationRequest &request);
    void setInput(InputRole role, const QString &path);
    InputSlot *slotFor(InputRole role) const;
    // Problems of the chosen files themselves (format, size), for the form's issues.
    QList<ValidationIssue> fileProblems() const;

signals:
    void changed();

private:
    void clearSlots();

    ModelInfo m_model;
    QFormLayout *m_fields = nullptr;
    QComboBox *m_durationCombo = nullptr;
    QSpinBox *m_durationSpin = nullptr;
    QComboBox *m_resolutionCombo = nullptr;
    QComboBox *m_ratioCombo = nullptr;
    QCheckBox *m_audioCheck = nullptr;
    QComboBox *m_shotCombo = nullptr;
    QVBoxLayout *m_slotLayout = nullptr;
    QList<InputSlot *> m_slots;
};
