#include "domain/pricing.h"

#include "domain/taskrecord.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QtDebug>
#include <cmath>

namespace {

// Tiers by pixel count: 480P sizes are at most 832*480, 720P at most 1088*832, the rest 1080P.
constexpr qint64 Max480PPixels = 400000;
constexpr qint64 Max720PPixels = 1000000;

bool readTiers(const QJsonValue &value, QMap<QString, double> *tiers)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isObject())
        return false;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.value().isNull())
            continue; // unknown for this tier
        if (!it.value().isDouble() || it.value().toDouble() < 0)
            return false;
        tiers->insert(it.key().toUpper(), it.value().toDouble());
    }
    return true;
}

// The resolution tier the service reports: "SR": 720 (2.6), "size"/"video_ratio": "832*480".
QString usageTier(const QJsonObject &usage)
{
    const QJsonValue sr = usage.value(QLatin1String("SR"));
    const int srValue = sr.isString() ? sr.toString().toInt() : sr.toInt();
    if (srValue > 0)
        return QString::number(srValue) + QLatin1Char('P');
    for (const char *key : { "size", "video_ratio" }) {
        if (const auto size
            = GenerationRequest::parseSize(usage.value(QLatin1String(key)).toString()))
            return videoTier(*size);
    }
    return {};
}

int usageSeconds(const QJsonObject &usage)
{
    for (const char *key : { "output_video_duration", "video_duration", "duration" }) {
        const QJsonValue value = usage.value(QLatin1String(key));
        if (value.isDouble() && value.toDouble() > 0)
            return int(std::ceil(value.toDouble()));
    }
    return 0;
}

} // namespace

std::optional<double> Price::unitAmount(const QString &tier, bool audio) const
{
    if (unit == Unit::Image)
        return perImage;
    if (audio && perSecondWithAudio.contains(tier))
        return perSecondWithAudio.value(tier);
    if (perSecond.contains(tier))
        return perSecond.value(tier);
    return std::nullopt;
}

QString CostEstimate::text() const
{
    if (currency.isEmpty() || !known)
        return unitText.isEmpty() ? tr("unknown price") : tr("unknown price · %1").arg(unitText);
    return tr("≈ %1 · %2").arg(formatMoney(amount, currency), unitText);
}

QString formatMoney(double amount, const QString &currency)
{
    // Cents, or a tenth of a cent for the small per-second figures (0.025).
    const double cents = amount * 100;
    const int decimals = std::abs(cents - std::round(cents)) > 1e-6 ? 3 : 2;
    const QString number = QString::number(amount, 'f', decimals);
    if (currency == QLatin1String("CNY"))
        return QStringLiteral("¥") + number;
    if (currency == QLatin1String("USD"))
        return QStringLiteral("$") + number;
    return number + QLatin1Char(' ') + currency;
}

QString regionCurrency(Region region)
{
    return region == Region::Beijing ? QStringLiteral("CNY") : QStringLiteral("USD");
}

QString videoTier(QSize size)
{
    const qint64 pixels = qint64(size.width()) * size.height();
    if (pixels <= 0)
        return {};
    if (pixels <= Max480PPixels)
        return QStringLiteral("480P");
    if (pixels <= Max720PPixels)
        return QStringLiteral("720P");
    return QStringLiteral("1080P");
}

PriceTable PriceTable::builtIn()
{
    QFile file(QStringLiteral(":/prices.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        qCritical() << "The built-in price table is missing:" << file.errorString();
        return {};
    }
    QString error;
    PriceTable table = fromJson(file.readAll(), &error);
    if (!error.isEmpty())
        qCritical() << "The built-in price table is broken:" << error;
    return table;
}

PriceTable PriceTable::fromJson(const QByteArray &json, QString *error,
                                const QString &sourceOverride)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return PriceTable();
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject())
        return fail(QStringLiteral("not a JSON object: %1").arg(parseError.errorString()));
    const QJsonValue list = document.object().value(QLatin1String("prices"));
    if (!list.isArray())
        return fail(QStringLiteral("\"prices\" must be a list"));
    PriceTable table;
    int index = 0;
    for (const QJsonValue &value : list.toArray()) {
        const QJsonObject entry = value.toObject();
        const QString where = QStringLiteral("price %1").arg(index++);
        Price price;
        price.model = entry.value(QLatin1String("model")).toString();
        if (price.model.isEmpty())
            return fail(where + QStringLiteral(": \"model\" is missing"));
        const QString unit = entry.value(QLatin1String("unit")).toString();
        if (unit == QLatin1String("image"))
            price.unit = Price::Unit::Image;
        else if (unit == QLatin1String("second"))
            price.unit = Price::Unit::Second;
        else
            return fail(where
                        + QStringLiteral(" (%1): unit must be \"image\" or \"second\"")
                                  .arg(price.model));
        const QJsonValue perImage = entry.value(QLatin1String("perImage"));
        if (perImage.isDouble() && perImage.toDouble() >= 0)
            price.perImage = perImage.toDouble();
        else if (!perImage.isNull() && !perImage.isUndefined())
            return fail(
                    where
                    + QStringLiteral(" (%1): perImage must be a number or null").arg(price.model));
        if (!readTiers(entry.value(QLatin1String("perSecond")), &price.perSecond)
            || !readTiers(entry.value(QLatin1String("perSecondWithAudio")),
                          &price.perSecondWithAudio))
            return fail(where
                        + QStringLiteral(" (%1): per-second prices must be numbers by tier")
                                  .arg(price.model));
        price.date = entry.value(QLatin1String("date")).toString();
        price.source = sourceOverride.isEmpty() ? entry.value(QLatin1String("source")).toString()
                                                : sourceOverride;
        const QJsonArray regions = entry.value(QLatin1String("regions")).toArray();
        if (regions.isEmpty())
            return fail(where + QStringLiteral(" (%1): \"regions\" is missing").arg(price.model));
        for (const QJsonValue &regionValue : regions) {
            const auto region = regionFromId(regionValue.toString());
            if (!region)
                return fail(where
                            + QStringLiteral(" (%1): unknown region \"%2\"")
                                      .arg(price.model, regionValue.toString()));
            Price perRegion = price;
            perRegion.region = *region;
            perRegion.currency
                    = entry.value(QLatin1String("currency")).toString(regionCurrency(*region));
            table.m_prices.append(perRegion);
        }
    }
    return table;
}

PriceTable PriceTable::load(const QString &overridePath, QString *error)
{
    PriceTable table = builtIn();
    if (overridePath.isEmpty() || !QFileInfo::exists(overridePath))
        return table;
    QFile file(overridePath);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(overridePath, file.errorString());
        return table;
    }
    QString problem;
    const PriceTable own = fromJson(file.read(1 << 20), &problem, overridePath);
    if (!problem.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(overridePath, problem);
        return table;
    }
    table.overrideWith(own);
    return table;
}

void PriceTable::overrideWith(const PriceTable &other)
{
    for (const Price &price : other.m_prices) {
        m_prices.removeIf([&price](const Price &p) {
            return p.model == price.model && p.region == price.region;
        });
        m_prices.append(price);
    }
}

std::optional<Price> PriceTable::price(const QString &model, Region region) const
{
    for (const Price &price : m_prices) {
        if (price.model == model && price.region == region)
            return price;
    }
    return std::nullopt;
}

CostEstimate PriceTable::estimate(const GenerationRequest &request, Region region,
                                  const ModelInfo &model) const
{
    if (!makesVideo(request.kind))
        return priced(request.model, region, std::max(request.count, 1), 0, {}, false);
    int seconds = request.video.durationSeconds;
    if (seconds <= 0)
        seconds = model.rules.durations.defaultSeconds;
    // The tier asked for, else the size's, else the model's default tier or size.
    QString tier = request.video.resolution;
    if (tier.isEmpty() && request.size.isValid())
        tier = videoTier(request.size);
    if (tier.isEmpty())
        tier = model.rules.defaultResolution;
    if (tier.isEmpty())
        tier = videoTier(model.rules.defaultSize);
    return priced(request.model, region, 0, seconds, tier.toUpper(), request.video.audio);
}

CostEstimate PriceTable::costOf(const TaskRecord &task) const
{
    const GenerationRequest &request = task.request;
    const Region region = task.endpoint.region;
    if (task.state != TaskState::Done && task.state != TaskState::PartlyDone) {
        // Failed, canceled, expired: nothing came back, nothing is billed, whatever the price.
        CostEstimate free = priced(request.model, region, 0, 0, {}, false);
        free.known = true;
        free.amount = 0;
        if (free.currency.isEmpty())
            free.currency = regionCurrency(region);
        return free;
    }
    const QJsonObject &usage = task.usage;
    if (!makesVideo(request.kind)) {
        // Billing uses usage.image_count, the images the service made; without it, the saved.
        const QJsonValue count = usage.value(QLatin1String("image_count"));
        const int images = count.isDouble() ? std::max(0, count.toInt()) : task.savedOutputCount();
        return priced(request.model, region, images, 0, {}, false);
    }
    int seconds = usageSeconds(usage);
    if (seconds == 0)
        seconds = request.video.durationSeconds;
    QString tier = usageTier(usage);
    if (tier.isEmpty())
        tier = !request.video.resolution.isEmpty() ? request.video.resolution.toUpper()
                                                   : videoTier(request.size);
    return priced(request.model, region, 0, seconds, tier, request.video.audio);
}

CostEstimate PriceTable::priced(const QString &model, Region region, int images, int seconds,
                                const QString &tier, bool audio) const
{
    CostEstimate estimate;
    estimate.images = images;
    estimate.seconds = seconds;
    estimate.resolution = tier;
    estimate.audio = audio;
    if (seconds > 0 || !tier.isEmpty()) {
        estimate.unitText = tier.isEmpty() ? CostEstimate::tr("%1 s").arg(seconds)
                                           : CostEstimate::tr("%1 s %2").arg(seconds).arg(tier);
        if (audio)
            estimate.unitText = CostEstimate::tr("%1, with audio").arg(estimate.unitText);
    } else {
        estimate.unitText = images == 1 ? CostEstimate::tr("1 image")
                                        : CostEstimate::tr("%1 images").arg(images);
    }
    const std::optional<Price> price = this->price(model, region);
    if (!price)
        return estimate;
    estimate.currency = price->currency;
    estimate.source = price->date.isEmpty()
            ? price->source
            : CostEstimate::tr("%1, %2").arg(price->source, price->date);
    const std::optional<double> unit = price->unitAmount(tier, audio);
    if (!unit || (price->unit == Price::Unit::Second && seconds <= 0))
        return estimate;
    estimate.known = true;
    estimate.unitPrice = *unit;
    estimate.amount = *unit * (price->unit == Price::Unit::Image ? images : seconds);
    return estimate;
}

UsageEntry UsageEntry::of(const TaskRecord &task, const PriceTable &prices, bool free)
{
    const CostEstimate cost = prices.costOf(task);
    UsageEntry entry;
    entry.taskRowId = task.id;
    entry.finishedAt
            = task.finishedAt.isValid() ? task.finishedAt.toUTC() : QDateTime::currentDateTimeUtc();
    entry.model = task.request.model;
    entry.region = task.endpoint.region;
    entry.kind = task.request.kind;
    entry.state = taskStateId(task.state);
    entry.images = cost.images;
    entry.seconds = cost.seconds;
    entry.resolution = cost.resolution;
    entry.audio = cost.audio;
    entry.currency = cost.currency.isEmpty() ? regionCurrency(entry.region) : cost.currency;
    entry.demo = task.demo;
    if (free || task.demo) {
        entry.amount = 0;
        entry.unitPrice = 0;
        entry.source = CostEstimate::tr("demo (built-in simulator)");
        return entry;
    }
    entry.source = cost.source;
    if (cost.known) {
        entry.amount = cost.amount;
        entry.unitPrice = cost.unitPrice;
    }
    return entry;
}

void UsageTotal::add(const UsageEntry &entry)
{
    ++tasks;
    images += entry.images;
    seconds += entry.seconds;
    if (entry.amount)
        amount += *entry.amount;
    else
        ++unknown;
}

QList<UsageTotal> UsageTotal::of(const QList<UsageEntry> &entries,
                                 const std::function<QString(const UsageEntry &)> &groupOf)
{
    QMap<QPair<QString, QString>, UsageTotal> totals; // sorted by group, then currency
    for (const UsageEntry &entry : entries) {
        if (entry.demo)
            continue;
        const QString group = groupOf(entry);
        UsageTotal &total = totals[{ group, entry.currency }];
        total.group = group;
        total.currency = entry.currency;
        total.add(entry);
    }
    return totals.values();
}
