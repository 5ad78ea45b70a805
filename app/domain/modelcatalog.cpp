#include "domain/modelcatalog.h"

#include "domain/boundednumber.h"
#include "domain/generationrequest.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace {

QString sizeText(QSize size)
{
    return QStringLiteral("%1×%2").arg(size.width()).arg(size.height());
}

QString number(qint64 value)
{
    return QLocale().toString(value);
}

// "1280×1280" when the pixel count is a perfect square, else nothing.
QString squareText(qint64 pixels)
{
    const auto side = static_cast<qint64>(std::llround(std::sqrt(static_cast<double>(pixels))));
    if (side * side != pixels)
        return {};
    return QStringLiteral("%1×%1").arg(side);
}

QString pixelRangeText(qint64 minPixels, qint64 maxPixels)
{
    const QString minSquare = squareText(minPixels);
    const QString maxSquare = squareText(maxPixels);
    if (!minSquare.isEmpty() && !maxSquare.isEmpty()) {
        return SizeRule::tr("%1 to %2 (%3 to %4)")
                .arg(number(minPixels), number(maxPixels), minSquare, maxSquare);
    }
    return SizeRule::tr("%1 to %2").arg(number(minPixels), number(maxPixels));
}

// "1:4.13" for a tall size, "4.13:1" for a wide one.
QString ratioText(QSize size)
{
    const int longSide = std::max(size.width(), size.height());
    const int shortSide = std::min(size.width(), size.height());
    const double ratio = static_cast<double>(longSide) / shortSide;
    const QString value = QLocale().toString(ratio, 'g', 3);
    return size.width() >= size.height() ? QStringLiteral("%1:1").arg(value)
                                         : QStringLiteral("1:%1").arg(value);
}

QString sizeList(const QList<QSize> &sizes)
{
    QStringList texts;
    texts.reserve(sizes.size());
    for (const QSize &size : sizes)
        texts << sizeText(size);
    return QLocale().createSeparatedList(texts);
}

} // namespace

bool SizeRule::isUnconstrained() const
{
    switch (kind) {
    case Kind::SideRange:
        return minSide <= 0 && maxSide <= 0;
    case Kind::PixelRange:
        return minPixels <= 0 && maxPixels <= 0 && maxRatio <= 0;
    case Kind::FixedList:
        return sizes.isEmpty();
    }
    return true;
}

QString SizeRule::problem(QSize size) const
{
    return problem(size, SizeRule::tr("this model"));
}

QString SizeRule::problem(QSize size, const QString &modelName) const
{
    if (size.width() <= 0 || size.height() <= 0)
        return SizeRule::tr("Size %1 is not a size: width and height must be positive.")
                .arg(sizeText(size));
    if (isUnconstrained())
        return {};

    switch (kind) {
    case Kind::SideRange: {
        const auto outside = [this](int side) {
            return (minSide > 0 && side < minSide) || (maxSide > 0 && side > maxSide);
        };
        const bool badWidth = outside(size.width());
        const bool badHeight = outside(size.height());
        if (!badWidth && !badHeight)
            return {};
        QString given;
        if (badWidth && badHeight) {
            given = SizeRule::tr("Size %1 has a width of %2 and a height of %3 pixels")
                            .arg(sizeText(size), number(size.width()), number(size.height()));
        } else if (badWidth) {
            given = SizeRule::tr("Size %1 has a width of %2 pixels")
                            .arg(sizeText(size), number(size.width()));
        } else {
            given = SizeRule::tr("Size %1 has a height of %2 pixels")
                            .arg(sizeText(size), number(size.height()));
        }
        return SizeRule::tr("%1; %2 allows each side from %3 to %4 pixels.")
                .arg(given, modelName, number(minSide), number(maxSide));
    }
    case Kind::PixelRange: {
        const qint64 pixels = qint64(size.width()) * size.height();
        if ((minPixels > 0 && pixels < minPixels) || (maxPixels > 0 && pixels > maxPixels)) {
            return SizeRule::tr("Size %1 has %2 pixels; %3 allows %4.")
                    .arg(sizeText(size), number(pixels), modelName,
                         pixelRangeText(minPixels, maxPixels));
        }
        const int longSide = std::max(size.width(), size.height());
        const int shortSide = std::min(size.width(), size.height());
        // Compare without rounding: long/short > maxRatio  <=>  long > maxRatio*short.
        if (maxRatio > 0 && longSide > maxRatio * shortSide) {
            const QString limit = QLocale().toString(maxRatio, 'g', 3);
            return SizeRule::tr("Size %1 has an aspect ratio of %2; %3 allows from 1:%4 to %4:1.")
                    .arg(sizeText(size), ratioText(size), modelName, limit);
        }
        return {};
    }
    case Kind::FixedList:
        if (sizes.contains(size))
            return {};
        return SizeRule::tr("Size %1 is not one of the sizes %2 supports: %3.")
                .arg(sizeText(size), modelName, sizeList(sizes));
    }
    return {};
}

QString SizeRule::describe() const
{
    if (isUnconstrained())
        return SizeRule::tr("any size");
    switch (kind) {
    case Kind::SideRange:
        return SizeRule::tr("each side %1–%2 px").arg(number(minSide), number(maxSide));
    case Kind::PixelRange: {
        const QString minSquare = squareText(minPixels);
        const QString maxSquare = squareText(maxPixels);
        const QString pixels = (minSquare.isEmpty() || maxSquare.isEmpty())
                ? SizeRule::tr("%1 to %2 pixels").arg(number(minPixels), number(maxPixels))
                : SizeRule::tr("%1 to %2 pixels (%3 to %4)")
                          .arg(number(minPixels), number(maxPixels), minSquare, maxSquare);
        if (maxRatio <= 0)
            return pixels;
        const QString limit = QLocale().toString(maxRatio, 'g', 3);
        return SizeRule::tr("%1, aspect ratio 1:%2 to %2:1").arg(pixels, limit);
    }
    case Kind::FixedList:
        return SizeRule::tr("one of %1").arg(sizeList(sizes));
    }
    return {};
}

double ModelInfo::submitRpsIn(Region region) const
{
    const QJsonValue perRegion
            = raw.value(QLatin1String("submitRpsByRegion")).toObject().value(regionId(region));
    if (perRegion.isDouble() && perRegion.toDouble() > 0)
        return perRegion.toDouble();
    const double common = raw.value(QLatin1String("submitRps")).toDouble();
    return common > 0 ? common : submitRps;
}

namespace {

// An integer field of an entry: `fallback` when absent, else a whole number in [min, max]. Any
// other value (1e300, -1, 2.5, "3") sets *why and gives nullopt: never a cast that overflows.
std::optional<qint64> integerField(const QJsonObject &object, const char *key, qint64 fallback,
                                   qint64 min, qint64 max, const QString &where, QString *why)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return fallback;
    const std::optional<qint64> number = toBoundedInteger(value, min, max);
    if (!number) {
        *why = where
                + QStringLiteral("\"%1\" must be a whole number from %2 to %3")
                          .arg(QLatin1String(key))
                          .arg(min)
                          .arg(max);
    }
    return number;
}

// A rate or ratio: `fallback` when absent, else a finite number in (0, max].
std::optional<double> positiveField(const QJsonObject &object, const char *key, double fallback,
                                    double max, const QString &where, QString *why)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return fallback;
    const double number = value.toDouble(-1);
    if (!value.isDouble() || !(number > 0 && number <= max)) {
        *why = where
                + QStringLiteral("\"%1\" must be a number above 0 and at most %2")
                          .arg(QLatin1String(key))
                          .arg(max);
        return std::nullopt;
    }
    return number;
}

constexpr qint64 MaxSide = 100000;
constexpr qint64 MaxPixelCount = MaxSide * MaxSide;
constexpr qint64 MaxCount = 100;
constexpr qint64 MaxChars = 1000000;

// Reads one catalog entry. Returns an empty string on success, else what is wrong.
QString readModel(const QJsonObject &entry, ModelInfo *model)
{
    model->raw = entry;
    model->name = entry.value(QLatin1String("name")).toString().trimmed();
    if (model->name.isEmpty())
        return QStringLiteral("a model has no \"name\"");
    const QString where = QStringLiteral("model \"%1\": ").arg(model->name);

    model->displayName = entry.value(QLatin1String("displayName")).toString(model->name);
    model->kind = entry.value(QLatin1String("kind")).toString(QStringLiteral("text-to-image"));
    model->protocol
            = entry.value(QLatin1String("protocol")).toString(QStringLiteral("image-synthesis"));
    model->path = entry.value(QLatin1String("path")).toString();
    if (model->path.isEmpty())
        return where + QStringLiteral("no \"path\"");
    model->family = entry.value(QLatin1String("family")).toString(model->name);
    model->notes = entry.value(QLatin1String("notes")).toString();
    model->outputFormat = entry.value(QLatin1String("outputFormat")).toString();

    const QJsonArray regions = entry.value(QLatin1String("regions")).toArray();
    for (const QJsonValue &value : regions) {
        const std::optional<Region> region = regionFromId(value.toString());
        if (!region)
            return where + QStringLiteral("unknown region \"%1\"").arg(value.toString());
        if (!model->regions.contains(*region))
            model->regions << *region;
    }
    if (model->regions.isEmpty())
        return where + QStringLiteral("no \"regions\"");

    const auto readSize = [&where](const QJsonValue &value, QSize *size) -> QString {
        const std::optional<QSize> parsed = GenerationRequest::parseSize(value.toString());
        if (!parsed)
            return where + QStringLiteral("bad size \"%1\"").arg(value.toString());
        *size = *parsed;
        return {};
    };

    // No "size" at all is allowed: models sized by something else (video resolution tiers).
    const QJsonObject size = entry.value(QLatin1String("size")).toObject();
    if (!size.isEmpty()) {
        const QString rule = size.value(QLatin1String("rule")).toString();
        SizeRule &sizeRule = model->sizeRule;
        QString bad;
        if (rule == u"side-range") {
            sizeRule.kind = SizeRule::Kind::SideRange;
            const auto minSide = integerField(size, "minSide", 0, 0, MaxSide, where, &bad);
            const auto maxSide = integerField(size, "maxSide", 0, 0, MaxSide, where, &bad);
            if (!minSide || !maxSide)
                return bad;
            sizeRule.minSide = int(*minSide);
            sizeRule.maxSide = int(*maxSide);
            if (sizeRule.minSide <= 0 || sizeRule.maxSide < sizeRule.minSide)
                return where + QStringLiteral("side-range needs 0 < minSide <= maxSide");
        } else if (rule == u"pixel-range") {
            sizeRule.kind = SizeRule::Kind::PixelRange;
            const auto minPixels
                    = integerField(size, "minPixels", 0, 0, MaxPixelCount, where, &bad);
            const auto maxPixels
                    = integerField(size, "maxPixels", 0, 0, MaxPixelCount, where, &bad);
            const auto maxRatio = positiveField(size, "maxRatio", 0, 1000, where, &bad);
            if (!minPixels || !maxPixels || !maxRatio)
                return bad;
            sizeRule.minPixels = *minPixels;
            sizeRule.maxPixels = *maxPixels;
            sizeRule.maxRatio = *maxRatio;
            if (sizeRule.minPixels <= 0 || sizeRule.maxPixels < sizeRule.minPixels)
                return where + QStringLiteral("pixel-range needs 0 < minPixels <= maxPixels");
        } else if (rule == u"fixed") {
            sizeRule.kind = SizeRule::Kind::FixedList;
            const QJsonArray sizes = size.value(QLatin1String("sizes")).toArray();
            for (const QJsonValue &value : sizes) {
                QSize fixed;
                if (QString why = readSize(value, &fixed); !why.isEmpty())
                    return why;
                sizeRule.sizes << fixed;
            }
            if (sizeRule.sizes.isEmpty())
                return where + QStringLiteral("fixed size rule without \"sizes\"");
        } else {
            return where + QStringLiteral("unknown size rule \"%1\"").arg(rule);
        }
    }

    if (entry.contains(QLatin1String("defaultSize"))) {
        if (QString why = readSize(entry.value(QLatin1String("defaultSize")), &model->defaultSize);
            !why.isEmpty())
            return why;
        if (const QString bad = model->sizeRule.problem(model->defaultSize, model->name);
            !bad.isEmpty())
            return where + QStringLiteral("defaultSize breaks the size rule: ") + bad;
    }

    const QJsonArray presets = entry.value(QLatin1String("presetSizes")).toArray();
    for (const QJsonValue &value : presets) {
        // Either {"ratio": "16:9", "size": "1792*1008"} or a plain "1792*1008".
        const QJsonValue sizeValue
                = value.isObject() ? value.toObject().value(QLatin1String("size")) : value;
        QSize preset;
        if (QString why = readSize(sizeValue, &preset); !why.isEmpty())
            return why;
        if (const QString bad = model->sizeRule.problem(preset, model->name); !bad.isEmpty())
            return where + QStringLiteral("a preset size breaks the size rule: ") + bad;
        model->presetSizes << preset;
        model->presetRatios << value.toObject().value(QLatin1String("ratio")).toString();
    }

    QString why;
    const auto promptMaxChars = integerField(entry, "promptMaxChars", 0, 0, MaxChars, where, &why);
    const auto negativeMaxChars
            = integerField(entry, "negativePromptMaxChars", 0, 0, MaxChars, where, &why);
    const auto minCount = integerField(entry, "minCount", 1, 0, MaxCount, where, &why);
    if (!promptMaxChars || !negativeMaxChars || !minCount)
        return why;
    const auto maxCount = integerField(entry, "maxCount", *minCount, 0, MaxCount, where, &why);
    const auto defaultCount
            = integerField(entry, "defaultCount", *minCount, 0, MaxCount, where, &why);
    if (!maxCount || !defaultCount)
        return why;
    model->promptMaxChars = int(*promptMaxChars);
    model->negativePromptMaxChars = int(*negativeMaxChars);
    model->minCount = int(*minCount);
    model->maxCount = int(*maxCount);
    model->defaultCount = int(*defaultCount);
    if (model->minCount < 1 || model->maxCount < model->minCount
        || model->defaultCount < model->minCount || model->defaultCount > model->maxCount) {
        return where + QStringLiteral("needs 1 <= minCount <= defaultCount <= maxCount");
    }
    model->promptExtendDefault = entry.value(QLatin1String("promptExtendDefault")).toBool(true);
    model->supportsPromptExtend = entry.value(QLatin1String("supportsPromptExtend")).toBool(true);
    model->supportsWatermark = entry.value(QLatin1String("supportsWatermark")).toBool(true);
    model->supportsSeed = entry.value(QLatin1String("supportsSeed")).toBool(true);

    // The conservative figure is the lowest over the regions; submitRpsIn() gives the exact one.
    constexpr double MaxRps = 1000;
    const auto submitRps = positiveField(entry, "submitRps", 1, MaxRps, where, &why);
    if (!submitRps)
        return why;
    model->submitRps = *submitRps;
    const QJsonObject perRegion = entry.value(QLatin1String("submitRpsByRegion")).toObject();
    for (auto it = perRegion.begin(); it != perRegion.end(); ++it) {
        if (!regionFromId(it.key()))
            return where
                    + QStringLiteral("unknown region \"%1\" in submitRpsByRegion").arg(it.key());
        const auto rate = positiveField(perRegion, it.key().toLatin1().constData(), 1, MaxRps,
                                        where + QStringLiteral("submitRpsByRegion: "), &why);
        if (!rate)
            return why;
        model->submitRps = std::min(model->submitRps, *rate);
    }
    const auto concurrency = integerField(entry, "concurrency", 1, 0, 1000, where, &why);
    if (!concurrency)
        return why;
    model->concurrency = int(*concurrency);
    if (model->submitRps <= 0 || model->concurrency < 1)
        return where + QStringLiteral("submitRps and concurrency must be positive");
    return {};
}

} // namespace

ModelCatalog ModelCatalog::builtIn()
{
    QFile file(QStringLiteral(":/models.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        qCritical() << "The built-in model catalog is missing:" << file.errorString();
        return {};
    }
    QString error;
    ModelCatalog catalog = fromJson(file.readAll(), &error);
    if (!error.isEmpty())
        qCritical() << "The built-in model catalog is broken:" << error;
    return catalog;
}

ModelCatalog ModelCatalog::fromJson(const QByteArray &json, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return ModelCatalog();
    };

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return fail(QStringLiteral("not JSON: %1 at offset %2")
                            .arg(parseError.errorString())
                            .arg(parseError.offset));
    }
    if (!document.isObject())
        return fail(QStringLiteral("the catalog is not a JSON object"));
    const QJsonObject root = document.object();
    if (!root.value(QLatin1String("models")).isArray())
        return fail(QStringLiteral("the catalog has no \"models\" array"));

    ModelCatalog catalog;
    QSet<QString> names;
    const QJsonArray models = root.value(QLatin1String("models")).toArray();
    for (const QJsonValue &value : models) {
        if (!value.isObject())
            return fail(QStringLiteral("a model entry is not an object"));
        ModelInfo model;
        if (const QString why = readModel(value.toObject(), &model); !why.isEmpty())
            return fail(why);
        if (names.contains(model.name))
            return fail(QStringLiteral("model \"%1\" is listed twice").arg(model.name));
        names.insert(model.name);
        catalog.m_models << model;
    }

    catalog.m_defaultModel = root.value(QLatin1String("defaultModel")).toString();
    if (catalog.m_defaultModel.isEmpty() && !catalog.m_models.isEmpty())
        catalog.m_defaultModel = catalog.m_models.constFirst().name;
    if (!catalog.m_defaultModel.isEmpty() && !names.contains(catalog.m_defaultModel))
        return fail(QStringLiteral("defaultModel \"%1\" is not in the catalog")
                            .arg(catalog.m_defaultModel));

    if (error)
        error->clear();
    return catalog;
}

QList<ModelInfo> ModelCatalog::modelsFor(Region region, const QString &kind) const
{
    QList<ModelInfo> result;
    for (const ModelInfo &model : m_models) {
        if (model.availableIn(region) && (kind.isEmpty() || model.kind == kind))
            result << model;
    }
    return result;
}

ModelInfo ModelCatalog::model(const QString &name) const
{
    for (const ModelInfo &model : m_models) {
        if (model.name == name)
            return model;
    }
    return {};
}

QString ModelCatalog::defaultModelFor(Region region) const
{
    const ModelInfo preferred = model(m_defaultModel);
    if (preferred.availableIn(region))
        return preferred.name;
    // Prefer the default's kind, so Virginia gets a text-to-image model, not a video one.
    const QList<ModelInfo> candidates
            = modelsFor(region, preferred.isValid() ? preferred.kind : QString());
    return candidates.isEmpty() ? QString() : candidates.constFirst().name;
}

QString ModelCatalog::equivalentIn(const QString &name, Region region) const
{
    const ModelInfo source = model(name);
    if (!source.isValid())
        return {};
    if (source.availableIn(region))
        return source.name;
    for (const ModelInfo &candidate : m_models) {
        if (candidate.family == source.family && candidate.availableIn(region))
            return candidate.name;
    }
    return {};
}
