#pragma once

#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"
#include "domain/pricing.h"
#include "domain/region.h"

#include <QWidget>
#include <memory>

namespace Ui {
class PromptForm;
}
class EditOptions;
class QKeyEvent;
class QLabel;
class QToolButton;
class Settings;
class QPushButton;
class VideoOptions;

// What to generate: prompt, negative prompt, model, size, count, seed and options, validated live
// against the model catalog. Emits generateRequested with a value; starts nothing itself.
class PromptForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptForm)

public:
    explicit PromptForm(const ModelCatalog &catalog, QWidget *parent = nullptr);
    ~PromptForm() override;

    // Where tasks go: decides the models offered. `demo` labels the form as using the simulator.
    void setEndpoint(const Endpoint &endpoint, bool demo);
    Endpoint endpoint() const { return m_endpoint; }

    // The form as entered: the seed is set only when fixed; the size is always concrete.
    GenerationRequest request() const;
    // Fills every field ("Reuse Settings", restoring the last session). Starts nothing.
    // A model not served in the region is replaced by its regional equivalent or the default,
    // and the form says so.
    void setRequest(const GenerationRequest &request);
    // "Reuse Settings": setRequest(), but a fixed seed it brings is used for the next task only,
    // then the form goes back to random; the form says so under the seed, naming `source` (the
    // image's file name; empty when there is none). "Keep" or editing the seed keeps it fixed.
    void reuse(const GenerationRequest &request, const QString &source = {});
    bool seedIsOnce() const { return m_seedOnce; }
    // Where the prompt history (Up and Down in an empty prompt) and the saved styles live; none
    // (the default) turns both off.
    void setSettings(Settings *settings);
    void setDefaultModel(const QString &model); // preselected when the form has no model yet
    // Prices of the estimate beside Generate (the built-in table until set).
    void setPriceTable(const PriceTable &prices);
    CostEstimate estimate() const; // what the form as entered would cost

    // Image, video or edit: the model list shows the models of that kind.
    enum class Mode { Image, Video, Edit };
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setVideo(bool video) { setMode(video ? Mode::Video : Mode::Image); }
    bool isVideo() const { return m_mode == Mode::Video; }
    // "Animate…" and "Video Between These Images…": the video form with these images as first
    // (and last) frame, on a model of the matching kind. Starts nothing. False (and the form
    // unchanged) when the region serves no model of that kind.
    bool startVideoFrom(const QStringList &images);
    VideoOptions *videoOptions() const { return m_videoOptions; }
    // "Edit…": the edit form with `image` as the image to edit (other images and the mask are
    // cleared). False (and the form unchanged) when the region serves no editing model.
    bool startEditFrom(const QString &image);
    EditOptions *editOptions() const { return m_editOptions; }

    // The model picker's second line of each model: good at, speed and price ("Fast drafts ·
    // Fast · ¥0.14 / image"), as an item data role of the model combo.
    static constexpr int ModelSummaryRole = Qt::UserRole + 1;
    QString modelSummary(const ModelInfo &model) const;

    QList<ValidationIssue> issues() const; // blocking problems, empty when Generate is allowed
    bool canGenerate() const;
    void focusPrompt();
    void selectPrompt(); // focused with its text selected: typing replaces it

public slots:
    // Emits generateRequested when the form is valid; otherwise points at the problem.
    void generate();

signals:
    void generateRequested(const GenerationRequest &request);
    void canGenerateChanged(bool canGenerate);
    void changeEndpointRequested(); // the "Change…" link next to the region

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    QString countRangeText() const;
    void populateModels();
    void populateModelCombo(const QList<ModelInfo> &models);
    void describeModels();
    void updateKindFields();
    void populateSizes();
    void handleModelChanged();
    void handleSizePresetChanged();
    void handleCustomSizeChanged();
    void handleFixedSeedToggled(bool fixed);
    void pickRandomSeed();
    void setSeedOnce(bool once, const QString &source = {});
    void setUpStyles();
    void fillStylesMenu();
    void insertStyle(const QString &style);
    void saveSelectionAsStyle();
    void rememberPrompt(const QString &prompt);
    bool handleHistoryKey(const QKeyEvent *key); // true when the key recalled a prompt
    void updateEndpointLabel();
    void updateCounters();
    void updateValidation();
    void updateEstimate();
    void selectModel(const QString &name);
    void setSize(QSize size);
    QSize currentSize() const;
    bool followsInput() const; // the size is the service's: it follows the last input image
    void updateSizeRows();
    ModelInfo currentModel() const;
    void showCounter(QLabel *label, int length, int limit) const;

    std::unique_ptr<Ui::PromptForm> m_ui;
    ModelCatalog m_catalog;
    PriceTable m_prices;
    Endpoint m_endpoint;
    bool m_demo = false;
    QString m_defaultModel;
    QString m_note; // a one-off remark from setRequest (model replaced), cleared on edit
    QString m_sizeNote; // the reused size was replaced by a preset; cleared when it changes
    bool m_updating = false; // while fields are filled programmatically
    bool m_lastCanGenerate = false;
    bool m_seedOnce = false; // the fixed seed came with Reuse Settings: one task, then random
    QLabel *m_seedNoteLabel = nullptr;
    Settings *m_settings = nullptr;
    int m_historyIndex = -1; // the recalled prompt's place in the history; -1: none
    QString m_recalled; // its text: browsing goes on while the prompt is unchanged
    QToolButton *m_stylesButton = nullptr;
    Mode m_mode = Mode::Image;
    QPushButton *m_imageKindButton = nullptr;
    QPushButton *m_videoKindButton = nullptr;
    QPushButton *m_editKindButton = nullptr;
    VideoOptions *m_videoOptions = nullptr;
    EditOptions *m_editOptions = nullptr;
};
