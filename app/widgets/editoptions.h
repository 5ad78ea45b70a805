#pragma once

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"

#include <QHash>
#include <QImage>
#include <QWidget>

class ExpandPreview;
class InputSlot;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGridLayout;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QStackedLayout;
class QToolButton;
class QVBoxLayout;

// The edit part of the prompt form: the images to edit (wan2.5-i2i: up to three, in order), and
// for a model with functions (wanx2.1-imageedit) the function picker and only the fields that
// function takes: strength, the four expand scales with a preview of the grown canvas, the
// upscale factor with the size it makes, "is a sketch", and the mask with "Paint Mask…".
class EditOptions final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EditOptions)

public:
    explicit EditOptions(QWidget *parent = nullptr);
    ~EditOptions() override;

    // Rebuilds the fields for `model`; images already chosen stay, values still allowed too.
    void setModel(const ModelInfo &model);
    // Writes the inputs (images in order, then the mask) and the edit parameters.
    void fill(GenerationRequest &request) const;
    // Takes inputs and parameters from `request` (the model must already be set).
    void setFrom(const GenerationRequest &request);

    // The images to edit, in order; the first is the base image.
    void setImages(const QStringList &paths);
    QStringList images() const;
    void setMask(const QString &path);
    QString function() const; // empty for a model without functions
    void setFunction(const QString &function);

    InputSlot *imageSlot(int index) const; // nullptr when there is no such slot
    InputSlot *maskSlot() const { return m_maskSlot; }
    // Whether a problem of `field` ("image", "mask") is shown by a slot, not by the form.
    bool showsField(const QString &field) const;
    // Problems of the chosen files themselves (format, size, the mask against the base).
    QList<ValidationIssue> fileProblems() const;

    // The labels' column as wide as the form's above, so the fields line up with its fields.
    void setLabelWidth(int width);

    // What people call a function ("Inpaint (paint a mask)" for description_edit_with_mask).
    static QString functionName(const QString &function);
    static QString functionHint(const QString &function); // what to type for it
    // The canvas an outpaint makes of `base`, and where the image lands on it.
    static QRect expandedImageRect(QSize base, const EditParameters &edit, QSize *canvas);

public slots:
    void paintMask(); // opens the mask painter on the base image

signals:
    void changed();

private:
    void rebuildImageSlots(const QStringList &keep);
    void moveImage(int from, int to);
    void updateFunctionFields();
    void addOptionRow(const QString &text, QWidget *field);
    void updateBase();
    void updateSizes();
    void openPainter(const QImage &base);
    QString maskSizeProblem() const;

    ModelInfo m_model;
    QFormLayout *m_fields = nullptr; // function and its hint
    QStackedLayout *m_pages = nullptr; // the function's own fields, a page each
    QWidget *m_emptyPage = nullptr; // for the functions that take nothing more
    QHash<QWidget *, QWidget *> m_pageOf; // a field's page
    QList<QGridLayout *> m_pageGrids; // the pages' label and field
    QWidget *m_functionFields = nullptr; // the pages' stack
    QComboBox *m_functionCombo = nullptr;
    QLabel *m_functionHint = nullptr;
    QSlider *m_strengthSlider = nullptr;
    QLabel *m_strengthValue = nullptr;
    QWidget *m_strengthRow = nullptr;
    QWidget *m_expandRow = nullptr;
    QDoubleSpinBox *m_scaleSpins[4] = {}; // top, bottom, left, right
    ExpandPreview *m_expandPreview = nullptr;
    QLabel *m_expandSize = nullptr;
    QWidget *m_upscaleRow = nullptr;
    QSpinBox *m_upscaleSpin = nullptr;
    QLabel *m_upscaleSize = nullptr;
    QCheckBox *m_sketchCheck = nullptr;
    QVBoxLayout *m_imageLayout = nullptr;
    QList<InputSlot *> m_imageSlots;
    QList<QWidget *> m_imageRows; // a slot with its move buttons
    QWidget *m_maskRow = nullptr;
    InputSlot *m_maskSlot = nullptr;
    QPushButton *m_paintButton = nullptr;
    QString m_basePath; // the first image, whose size and thumbnail are known
    QSize m_baseSize; // of the first image, from its header; invalid when unknown
    QImage m_baseThumbnail; // for the outpaint preview, decoded off the GUI thread
    int m_baseGeneration = 0;
    bool m_settingImages = false;
};
