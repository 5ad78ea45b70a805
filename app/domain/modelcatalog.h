#pragma once

#include "domain/region.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

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

// One model as the catalog describes it (resources/models.json).
struct ModelInfo
{
    QString name; // exactly as sent in "model", e.g. "wan2.5-t2i-preview"
    QString displayName; // "Wan 2.5 preview"
    QString kind; // "text-to-image" now; "text-to-video", "image-to-video" later
    QString protocol; // "image-synthesis" (results[]) or "image-generation" (wan2.6
                      // messages/choices)
    QString path; // below the base URL, e.g. "services/aigc/text2image/image-synthesis"
    QList<Region> regions; // where this exact name is served
    SizeRule sizeRule;
    QSize defaultSize;
    QList<QSize> presetSizes; // shown in the form, by aspect ratio
    QStringList presetRatios; // parallel to presetSizes: "1:1", "16:9", …
    int promptMaxChars = 0; // the service truncates silently beyond this
    int negativePromptMaxChars = 0; // 0: negative prompt not supported
    int minCount = 1;
    int maxCount = 4;
    int defaultCount = 1; // ours; the service's default is 4 and bills for 4
    bool promptExtendDefault = true;
    bool supportsPromptExtend = true;
    bool supportsWatermark = true;
    bool supportsSeed = true;
    double submitRps = 1; // creates per second, account-wide
    int concurrency = 1; // tasks in flight, account-wide
    QString outputFormat; // "png", "mp4"
    QString family; // the same model under its other regional names (wanx2.1-… / wan2.1-…)
    QString notes; // uncertainties and sources, for tooltips and maintainers
    QJsonObject raw; // the whole entry, for fields a later model kind needs

    bool isValid() const { return !name.isEmpty(); }
    bool availableIn(Region region) const { return regions.contains(region); }
    // submitRps for one region ("submitRpsByRegion" in the catalog); submitRps is the lowest of
    // them.
    double submitRpsIn(Region region) const;
};

class ModelCatalog final
{
public:
    // The catalog compiled into the binary (:/models.json).
    static ModelCatalog builtIn();
    // Parses a catalog document; on error returns an empty catalog and sets *error.
    static ModelCatalog fromJson(const QByteArray &json, QString *error = nullptr);

    QList<ModelInfo> models() const { return m_models; }
    QList<ModelInfo> modelsFor(Region region,
                               const QString &kind = QStringLiteral("text-to-image")) const;
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
