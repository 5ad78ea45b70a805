// ModelCatalog::fromJson: reading resources/models.json (or a test's document) into typed rules.
// Everything that is not what the catalog's format says is an error naming the model and the
// field: a broken catalog is found when it is built, not when a request is refused.
#include "domain/boundednumber.h"
#include "domain/generationrequest.h"
#include "domain/modelcatalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>

namespace {

constexpr qint64 MaxSide = 100000;
constexpr qint64 MaxPixelCount = MaxSide * MaxSide;
constexpr qint64 MaxCount = 100;
constexpr qint64 MaxChars = 1000000;
constexpr qint64 MaxDurationSeconds = 3600;
constexpr qint64 MaxInputBytes = qint64(1) << 40;

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

// A list of distinct non-empty strings; empty when absent.
std::optional<QStringList> stringListField(const QJsonObject &object, const char *key,
                                           const QString &where, QString *why)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return QStringList();
    const auto bad = [&] {
        *why = where
                + QStringLiteral("\"%1\" must be a list of distinct, non-empty texts")
                          .arg(QLatin1String(key));
        return std::nullopt;
    };
    if (!value.isArray())
        return bad();
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        const QString text = item.toString();
        if (!item.isString() || text.trimmed().isEmpty() || list.contains(text))
            return bad();
        list << text;
    }
    return list;
}

// A text that must be one of `allowed` (or absent: empty).
std::optional<QString> choiceField(const QJsonObject &object, const char *key,
                                   const QStringList &allowed, const QString &where, QString *why)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return QString();
    if (!value.isString() || !allowed.contains(value.toString())) {
        *why = where
                + QStringLiteral("\"%1\" must be one of the listed values (%2)")
                          .arg(QLatin1String(key), allowed.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    return value.toString();
}

QString readSizeRule(const QJsonObject &size, const QString &where, SizeRule *sizeRule)
{
    const QString rule = size.value(QLatin1String("rule")).toString();
    QString bad;
    if (rule == u"side-range") {
        sizeRule->kind = SizeRule::Kind::SideRange;
        const auto minSide = integerField(size, "minSide", 0, 0, MaxSide, where, &bad);
        const auto maxSide = integerField(size, "maxSide", 0, 0, MaxSide, where, &bad);
        if (!minSide || !maxSide)
            return bad;
        sizeRule->minSide = int(*minSide);
        sizeRule->maxSide = int(*maxSide);
        if (sizeRule->minSide <= 0 || sizeRule->maxSide < sizeRule->minSide)
            return where + QStringLiteral("side-range needs 0 < minSide <= maxSide");
    } else if (rule == u"pixel-range") {
        sizeRule->kind = SizeRule::Kind::PixelRange;
        const auto minPixels = integerField(size, "minPixels", 0, 0, MaxPixelCount, where, &bad);
        const auto maxPixels = integerField(size, "maxPixels", 0, 0, MaxPixelCount, where, &bad);
        const auto maxRatio = positiveField(size, "maxRatio", 0, 1000, where, &bad);
        if (!minPixels || !maxPixels || !maxRatio)
            return bad;
        sizeRule->minPixels = *minPixels;
        sizeRule->maxPixels = *maxPixels;
        sizeRule->maxRatio = *maxRatio;
        if (sizeRule->minPixels <= 0 || sizeRule->maxPixels < sizeRule->minPixels)
            return where + QStringLiteral("pixel-range needs 0 < minPixels <= maxPixels");
    } else if (rule == u"fixed") {
        sizeRule->kind = SizeRule::Kind::FixedList;
        const QJsonArray sizes = size.value(QLatin1String("sizes")).toArray();
        for (const QJsonValue &value : sizes) {
            const std::optional<QSize> parsed = GenerationRequest::parseSize(value.toString());
            if (!parsed)
                return where + QStringLiteral("bad size \"%1\"").arg(value.toString());
            sizeRule->sizes << *parsed;
        }
        if (sizeRule->sizes.isEmpty())
            return where + QStringLiteral("fixed size rule without \"sizes\"");
    } else {
        return where + QStringLiteral("unknown size rule \"%1\"").arg(rule);
    }
    return {};
}

// parameters.size and what the form offers for it.
QString readSizes(const QJsonObject &entry, const QString &name, const QString &where,
                  ParameterRules *rules)
{
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
        if (QString why = readSizeRule(size, where, &rules->size); !why.isEmpty())
            return why;
    }

    if (entry.contains(QLatin1String("defaultSize"))) {
        if (QString why = readSize(entry.value(QLatin1String("defaultSize")), &rules->defaultSize);
            !why.isEmpty())
            return why;
        if (const QString bad = rules->size.problem(rules->defaultSize, name); !bad.isEmpty())
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
        if (const QString bad = rules->size.problem(preset, name); !bad.isEmpty())
            return where + QStringLiteral("a preset size breaks the size rule: ") + bad;
        rules->presetSizes << preset;
        rules->presetRatios << value.toObject().value(QLatin1String("ratio")).toString();
    }
    return {};
}

// Video: resolution tiers, ratios (wan2.7) and durations.
QString readVideoRules(const QJsonObject &entry, const QString &where, ParameterRules *rules)
{
    QString why;
    static const QRegularExpression tier(QStringLiteral("^[1-9][0-9]{2,3}P$"));
    static const QRegularExpression ratio(QStringLiteral("^[1-9][0-9]?:[1-9][0-9]?$"));

    const auto resolutions = stringListField(entry, "resolutions", where, &why);
    if (!resolutions)
        return why;
    for (const QString &resolution : *resolutions) {
        if (!tier.match(resolution).hasMatch())
            return where
                    + QStringLiteral("resolution \"%1\" is not a tier such as \"720P\"")
                              .arg(resolution);
    }
    rules->resolutions = *resolutions;
    const auto defaultResolution
            = choiceField(entry, "defaultResolution", rules->resolutions, where, &why);
    if (!defaultResolution)
        return why;
    rules->defaultResolution = *defaultResolution;

    const auto ratios = stringListField(entry, "ratios", where, &why);
    if (!ratios)
        return why;
    for (const QString &value : *ratios) {
        if (!ratio.match(value).hasMatch())
            return where
                    + QStringLiteral("ratio \"%1\" is not a ratio such as \"16:9\"").arg(value);
    }
    rules->ratios = *ratios;
    const auto defaultRatio = choiceField(entry, "defaultRatio", rules->ratios, where, &why);
    if (!defaultRatio)
        return why;
    rules->defaultRatio = *defaultRatio;

    // "durations": [5, 10] or {"min": 2, "max": 15}.
    DurationRule &durations = rules->durations;
    const QJsonValue value = entry.value(QLatin1String("durations"));
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            const std::optional<qint64> seconds = toBoundedInteger(item, 1, MaxDurationSeconds);
            if (!seconds || durations.allowed.contains(int(*seconds)))
                return where
                        + QStringLiteral("\"durations\" must list distinct whole seconds from 1 "
                                         "to %1")
                                  .arg(MaxDurationSeconds);
            durations.allowed << int(*seconds);
        }
        if (durations.allowed.isEmpty())
            return where + QStringLiteral("\"durations\" is empty");
        std::sort(durations.allowed.begin(), durations.allowed.end());
    } else if (value.isObject()) {
        const QJsonObject range = value.toObject();
        const auto min = integerField(range, "min", 0, 1, MaxDurationSeconds,
                                      where + QStringLiteral("durations: "), &why);
        const auto max = integerField(range, "max", 0, 1, MaxDurationSeconds,
                                      where + QStringLiteral("durations: "), &why);
        if (!min || !max)
            return why;
        if (*min < 1 || *max < *min)
            return where + QStringLiteral("\"durations\" needs 1 <= min <= max");
        durations.min = int(*min);
        durations.max = int(*max);
    } else if (!value.isUndefined()) {
        return where + QStringLiteral("\"durations\" must be a list of seconds or {min, max}");
    }
    const auto defaultDuration
            = integerField(entry, "defaultDuration", 0, 1, MaxDurationSeconds, where, &why);
    if (!defaultDuration)
        return why;
    durations.defaultSeconds = int(*defaultDuration);
    if (durations.defaultSeconds > 0 && !durations.allows(durations.defaultSeconds))
        return where + QStringLiteral("\"defaultDuration\" is not one of the durations");
    return {};
}

// "inputs": [{"role", "minCount", "maxCount", "formats", "minSide", "maxSide", "maxBytes"}].
QString readInputRules(const QJsonObject &entry, const QString &where, ParameterRules *rules)
{
    const QJsonValue value = entry.value(QLatin1String("inputs"));
    if (value.isUndefined())
        return {};
    if (!value.isArray())
        return where + QStringLiteral("\"inputs\" must be a list of input rules");
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        if (!item.isObject())
            return where + QStringLiteral("an input rule is not an object");
        const QJsonObject object = item.toObject();
        const QString roleId = object.value(QLatin1String("role")).toString();
        const std::optional<InputRole> role = inputRoleFromId(roleId);
        if (!role)
            return where + QStringLiteral("unknown input role \"%1\"").arg(roleId);
        if (rules->input(*role))
            return where + QStringLiteral("input role \"%1\" is listed twice").arg(roleId);
        const QString at = where + QStringLiteral("input \"%1\": ").arg(roleId);
        QString why;
        InputRule rule;
        rule.role = *role;
        const auto minCount = integerField(object, "minCount", 0, 0, MaxCount, at, &why);
        const auto maxCount = integerField(object, "maxCount", 1, 1, MaxCount, at, &why);
        const auto minSide = integerField(object, "minSide", 0, 0, MaxSide, at, &why);
        const auto maxSide = integerField(object, "maxSide", 0, 0, MaxSide, at, &why);
        const auto maxBytes = integerField(object, "maxBytes", 0, 0, MaxInputBytes, at, &why);
        const auto formats = stringListField(object, "formats", at, &why);
        if (!minCount || !maxCount || !minSide || !maxSide || !maxBytes || !formats)
            return why;
        rule.minCount = int(*minCount);
        rule.maxCount = int(*maxCount);
        rule.minSide = int(*minSide);
        rule.maxSide = int(*maxSide);
        rule.maxBytes = *maxBytes;
        for (const QString &format : *formats)
            rule.formats << format.toLower();
        if (rule.maxCount < rule.minCount)
            return at + QStringLiteral("needs minCount <= maxCount");
        if (rule.maxSide > 0 && rule.maxSide < rule.minSide)
            return at + QStringLiteral("needs minSide <= maxSide");
        rules->inputs << rule;
    }
    return {};
}

// Prompt limits, counts and the options the model takes.
QString readLimits(const QJsonObject &entry, const QString &where, ParameterRules *rules)
{
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
    rules->promptMaxChars = int(*promptMaxChars);
    rules->negativePromptMaxChars = int(*negativeMaxChars);
    rules->minCount = int(*minCount);
    rules->maxCount = int(*maxCount);
    rules->defaultCount = int(*defaultCount);
    if (rules->minCount < 1 || rules->maxCount < rules->minCount
        || rules->defaultCount < rules->minCount || rules->defaultCount > rules->maxCount) {
        return where + QStringLiteral("needs 1 <= minCount <= defaultCount <= maxCount");
    }

    const auto flag = [&entry](const char *key, bool fallback) {
        return entry.value(QLatin1String(key)).toBool(fallback);
    };
    rules->promptExtendDefault = flag("promptExtendDefault", true);
    rules->supportsPromptExtend = flag("supportsPromptExtend", true);
    rules->supportsWatermark = flag("supportsWatermark", true);
    rules->supportsSeed = flag("supportsSeed", true);
    rules->supportsAudio = flag("supportsAudio", false);
    rules->supportsShotType = flag("supportsShotType", false);

    const auto functions = stringListField(entry, "functions", where, &why);
    if (!functions)
        return why;
    rules->functions = *functions;
    return {};
}

// Creates per second (per region where they differ) and tasks in flight.
QString readRateLimits(const QJsonObject &entry, const QString &where, ModelInfo *model)
{
    // The conservative figure is the lowest over the regions; submitRpsIn() gives the exact one.
    constexpr double MaxRps = 1000;
    QString why;
    const auto submitRps = positiveField(entry, "submitRps", 1, MaxRps, where, &why);
    if (!submitRps)
        return why;
    model->submitRps = *submitRps;
    for (Region region : allRegions())
        model->submitRpsByRegion.insert(region, *submitRps);
    const QJsonObject perRegion = entry.value(QLatin1String("submitRpsByRegion")).toObject();
    for (auto it = perRegion.begin(); it != perRegion.end(); ++it) {
        const std::optional<Region> region = regionFromId(it.key());
        if (!region)
            return where
                    + QStringLiteral("unknown region \"%1\" in submitRpsByRegion").arg(it.key());
        const auto rate = positiveField(perRegion, it.key().toLatin1().constData(), 1, MaxRps,
                                        where + QStringLiteral("submitRpsByRegion: "), &why);
        if (!rate)
            return why;
        model->submitRpsByRegion.insert(*region, *rate);
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

// Reads one catalog entry. Returns an empty string on success, else what is wrong.
QString readModel(const QJsonObject &entry, ModelInfo *model)
{
    model->name = entry.value(QLatin1String("name")).toString().trimmed();
    if (model->name.isEmpty())
        return QStringLiteral("a model has no \"name\"");
    const QString where = QStringLiteral("model \"%1\": ").arg(model->name);

    model->displayName = entry.value(QLatin1String("displayName")).toString(model->name);
    const QString kind
            = entry.value(QLatin1String("kind")).toString(mediaKindId(MediaKind::TextToImage));
    const std::optional<MediaKind> mediaKind = mediaKindFromId(kind);
    if (!mediaKind)
        return where + QStringLiteral("unknown kind \"%1\"").arg(kind);
    model->kind = *mediaKind;
    const QString protocol
            = entry.value(QLatin1String("protocol"))
                      .toString(endpointProtocolId(EndpointProtocol::ImageSynthesis));
    const std::optional<EndpointProtocol> endpointProtocol = endpointProtocolFromId(protocol);
    if (!endpointProtocol)
        return where + QStringLiteral("unknown protocol \"%1\"").arg(protocol);
    model->protocol = *endpointProtocol;
    model->path = entry.value(QLatin1String("path")).toString();
    if (model->path.isEmpty())
        return where + QStringLiteral("no \"path\"");
    model->family = entry.value(QLatin1String("family")).toString(model->name);
    model->notes = entry.value(QLatin1String("notes")).toString();
    model->goodAt = entry.value(QLatin1String("goodAt")).toString().trimmed();
    QString badSpeed;
    const auto speed = choiceField(
            entry, "speed",
            { QStringLiteral("fast"), QStringLiteral("standard"), QStringLiteral("slow") }, where,
            &badSpeed);
    if (!speed)
        return badSpeed;
    model->speed = *speed == u"fast" ? SpeedClass::Fast
            : *speed == u"standard"  ? SpeedClass::Standard
            : *speed == u"slow"      ? SpeedClass::Slow
                                     : SpeedClass::Unknown;
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

    if (QString why = readSizes(entry, model->name, where, &model->rules); !why.isEmpty())
        return why;
    if (QString why = readVideoRules(entry, where, &model->rules); !why.isEmpty())
        return why;
    if (QString why = readInputRules(entry, where, &model->rules); !why.isEmpty())
        return why;
    if (QString why = readLimits(entry, where, &model->rules); !why.isEmpty())
        return why;
    if (QString why = readRateLimits(entry, where, model); !why.isEmpty())
        return why;
    return {};
}

} // namespace

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
