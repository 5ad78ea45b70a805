#pragma once

#include "domain/mediakind.h"
#include "domain/region.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QSize>
#include <QString>
#include <QStringList>
#include <chrono>
#include <optional>

// How a model constrains parameters.size.
struct SizeRule
{
    enum class Kind {
        SideRange, // each side in [minSide, maxSide]                   (wan2.2, wan2.1)
        PixelRange, // width*height in [minPixels, maxPixels], ratio ≤ maxRatio (wan2.5, wan2.6)
        FixedList, // one of `sizes`                                   (qwen-image, wanx-v1, video)
    };
    Kind kind = Kind::SideRange;
    int minSide = 0;
    int maxSide = 0;
    qint64 minPixels = 0;
    qint64 maxPixels = 0;
    double maxRatio = 0; // long side / short side, e.g. 4.0 for [1:4, 4:1]
    QList<QSize> sizes;

    // A sentence saying why `size` is not allowed (which limit, what was given, what is allowed);
    // empty when allowed.
    QString problem(QSize size) const;
    // The same, naming the model in the sentence ("… wan2.5-t2i-preview allows …").
    QString problem(QSize size, const QString &modelName) const;
    QString describe() const; // "each side 512–1440 px", for tooltips
    // A rule without limits (no "size" in the catalog, e.g. a model sized by resolution tier)
    // accepts every positive size.
    bool isUnconstrained() const;

    Q_DECLARE_TR_FUNCTIONS(SizeRule) // last: it ends in "private:"
};

// Durations a video model takes, in whole seconds: a list ([5, 10, 15]) or a range (2–15).
// Empty (no list, no range): the model has a fixed length and takes no "duration".
struct DurationRule
{
    QList<int> allowed; // when not empty, exactly these
    int min = 0; // else a range [min, max] when max > 0
    int max = 0;
    int defaultSeconds = 0; // 0: not sent, the service's default

    bool isEmpty() const { return allowed.isEmpty() && max <= 0; }
    bool allows(int seconds) const;
    QString describe() const; // "5, 10, and 15 seconds", "2 to 15 seconds"

    Q_DECLARE_TR_FUNCTIONS(DurationRule) // last: it ends in "private:"
};

// What a model accepts for one input role: how many, which formats, how large. Checked against
// the request's inputs by GenerationRequest::validate() (count) and, for the file itself, where
// the file is read (formats, pixels, bytes).
struct InputRule
{
    InputRole role = InputRole::Image;
    int minCount = 0; // 0: optional
    int maxCount = 1;
    QStringList formats; // lower case, as file suffixes name them: "jpeg", "png", "webp", "mp3"
    int minSide = 0; // pixels a side; 0: no limit
    int maxSide = 0;
    qint64 maxBytes = 0; // 0: no limit
};

// Everything a model constrains in a request, typed (resources/models.json, "Rules" there).
struct ParameterRules
{
    // parameters.size ("W*H"): images and text-to-video; unconstrained when the model takes
    // a resolution tier instead.
    SizeRule size;
    QSize defaultSize;
    QList<QSize> presetSizes; // shown in the form, by aspect ratio
    QStringList presetRatios; // parallel to presetSizes: "1:1", "16:9", …

    // Video: parameters.resolution ("720P"), parameters.ratio ("16:9", wan2.7), duration.
    QStringList resolutions;
    QString defaultResolution;
    QStringList ratios;
    QString defaultRatio;
    DurationRule durations;

    // What the model takes at all. An option it does not take is never sent.
    bool supportsPromptExtend = true;
    bool promptExtendDefault = true;
    bool supportsWatermark = true;
    bool supportsSeed = true;
    bool supportsAudio = false; // parameters.audio (wan2.6-i2v-flash)
    bool supportsShotType = false; // parameters.shot_type, "single" or "multi" (wan2.6)

    int promptMaxChars = 0; // the service truncates silently beyond this; 0: unknown
    int negativePromptMaxChars = 0; // 0: negative prompt not supported
    bool supportsNegativePrompt() const { return negativePromptMaxChars > 0; }

    int minCount = 1; // parameters.n
    int maxCount = 4;
    int defaultCount = 1; // ours; the service's default is 4 and bills for 4

    QList<InputRule> inputs; // empty: the model takes no input files
    QStringList functions; // input.function of editing models (wanx2.1-imageedit); else empty

    // The rule for `role`, or nullopt when the model takes no input of that role.
    std::optional<InputRule> input(InputRole role) const;
};

// How to follow a task of one kind (see pollHintFor()).
struct PollHint
{
    std::chrono::milliseconds firstPoll; // after the create answered
    std::chrono::milliseconds cadence; // once the schedule has settled
    std::chrono::minutes softTimeout; // then tell the person it takes longer than usual
};

// Images finish in seconds, videos in minutes: numbers per kind, in one place.
PollHint pollHintFor(MediaKind kind);

// How long a model takes, among the models of its kind (a fast video still takes minutes).
enum class SpeedClass { Unknown, Fast, Standard, Slow };

// One model as the catalog describes it (resources/models.json).
struct ModelInfo
{
    QString name; // exactly as sent in "model", e.g. "wan2.5-t2i-preview"
    QString displayName; // "Wan 2.5 preview"
    MediaKind kind = MediaKind::TextToImage;
    EndpointProtocol protocol = EndpointProtocol::ImageSynthesis; // which request encoder
    QString path; // below the base URL, e.g. "services/aigc/text2image/image-synthesis"
    QList<Region> regions; // where this exact name is served
    ParameterRules rules;
    double submitRps = 1; // creates per second, account-wide: the lowest of every region's
    QMap<Region, double> submitRpsByRegion; // every region's own ("submitRpsByRegion" overrides)
    int concurrency = 1; // tasks in flight, account-wide
    QString outputFormat; // "png", "mp4"
    QString family; // the same model under its other regional names (wanx2.1-… / wan2.1-…)
    QString notes; // uncertainties and sources, for tooltips and maintainers
    QString goodAt; // "Fast drafts": what to pick it for, in English (see goodAtText())
    SpeedClass speed = SpeedClass::Unknown;

    bool isValid() const { return !name.isEmpty(); }
    bool availableIn(Region region) const { return regions.contains(region); }
    // submitRps for one region ("submitRpsByRegion" in the catalog, else "submitRps").
    double submitRpsIn(Region region) const { return submitRpsByRegion.value(region, submitRps); }
    PollHint pollHint() const { return pollHintFor(kind); }
    // goodAt in the interface language (modelcatalogtexts.cpp lists every text for lupdate).
    QString goodAtText() const;
    QString speedText() const; // "Fast", "Standard speed", "Slow"; empty when unknown
};

// Every "goodAt" text of the built-in catalog as lupdate sees it: a catalog text missing here
// is shown untranslated (tst_modelcatalog checks the catalog against it).
QStringList modelCatalogTexts();

class ModelCatalog final
{
public:
    // The catalog compiled into the binary (:/models.json).
    static ModelCatalog builtIn();
    // Parses a catalog document; on error returns an empty catalog and sets *error.
    static ModelCatalog fromJson(const QByteArray &json, QString *error = nullptr);

    QList<ModelInfo> models() const { return m_models; }
    // The models served in `region` that make `kind`; every kind when `kind` is nullopt.
    QList<ModelInfo> modelsFor(Region region,
                               std::optional<MediaKind> kind = MediaKind::TextToImage) const;
    ModelInfo model(const QString &name) const; // invalid ModelInfo when unknown
    QString defaultModel() const { return m_defaultModel; } // "wan2.5-t2i-preview"
    // The default model if served in `region`, else the first model there.
    QString defaultModelFor(Region region) const;
    // The name `model` has in `region` (same family), e.g. wanx2.1-t2i-turbo → wan2.1-t2i-turbo
    // for Singapore; empty when the family is not served there.
    QString equivalentIn(const QString &model, Region region) const;

private:
    QList<ModelInfo> m_models;
    QString m_defaultModel;
};
