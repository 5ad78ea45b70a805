#pragma once

#include "domain/generationrequest.h"
#include "domain/mediakind.h"
#include "domain/region.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <functional>
#include <optional>

struct TaskRecord;

// What one model costs in one region (resources/prices.json, or the person's override file).
struct Price
{
    enum class Unit { Image, Second };
    QString model;
    Region region = Region::Singapore;
    QString currency; // "CNY", "USD"
    Unit unit = Unit::Image;
    std::optional<double> perImage; // nullopt: unknown
    QMap<QString, double> perSecond; // by resolution tier ("720P"); a missing tier is unknown
    QMap<QString, double> perSecondWithAudio; // when sound changes the price; else perSecond
    QString source; // where the figure was published, or the override file's path
    QString date;

    // The amount per unit for a tier and audio setting; nullopt when unknown.
    std::optional<double> unitAmount(const QString &tier = {}, bool audio = false) const;
};

// An estimate, before the click or of a finished task: what, how much, and where the figure came
// from. Never a bill: the service's own is.
struct CostEstimate
{
    bool known = false; // a price was found for every unit
    double amount = 0;
    double unitPrice = 0;
    QString currency; // empty when no price entry exists at all
    QString unitText; // "4 images", "10 s 1080P"
    QString source; // "Model Studio price list, 2026", "/home/…/prices.json"
    int images = 0;
    int seconds = 0;
    QString resolution; // a video's tier, "1080P"
    bool audio = false;

    // "≈ ¥0.56 · 4 images", "≈ $1.50 · 10 s 1080P", "unknown price · 4 images".
    QString text() const;

    Q_DECLARE_TR_FUNCTIONS(CostEstimate) // last: it ends in "private:"
};

// "¥0.56", "$1.50", "0.56 EUR".
QString formatMoney(double amount, const QString &currency);
// The currency a region bills in when no price says otherwise: CNY for Beijing, USD elsewhere.
QString regionCurrency(Region region);
// The resolution tier of a video size: "480P", "720P" or "1080P" (by pixel count).
QString videoTier(QSize size);

// One finished task in the usage ledger: what came back and what it cost at the price of the day.
struct UsageEntry
{
    qint64 taskRowId = 0;
    QDateTime finishedAt; // UTC
    QString model;
    Region region = Region::Singapore;
    MediaKind kind = MediaKind::TextToImage;
    QString state; // taskStateId(): "done", "partly_done", "failed", …
    int images = 0;
    int seconds = 0;
    QString resolution;
    bool audio = false;
    std::optional<double> unitPrice; // nullopt: unknown
    std::optional<double> amount; // nullopt: unknown; 0 for what cost nothing
    QString currency;
    QString source;
    bool demo = false; // made by the built-in simulator: not spending (TaskRecord::demo)

    // The entry of a finished task. `free`, or a demo task: the simulator bills nothing.
    static UsageEntry of(const TaskRecord &task, const class PriceTable &prices, bool free = false);
};

// What a group of ledger entries (a day, a model, a region) adds up to, in one currency.
struct UsageTotal
{
    QString group;
    QString currency;
    int tasks = 0;
    int images = 0;
    int seconds = 0;
    double amount = 0;
    int unknown = 0; // tasks whose price was unknown (not in amount)

    void add(const UsageEntry &entry);
    // The totals per group and currency, sorted by group, then currency; demo tasks (not
    // spending) are left out, to be counted apart.
    static QList<UsageTotal> of(const QList<UsageEntry> &entries,
                                const std::function<QString(const UsageEntry &)> &groupOf);
};

class PriceTable final
{
public:
    // The table compiled into the binary (:/prices.json).
    static PriceTable builtIn();
    // Parses a price document; entries get `sourceOverride` as their source when it is not empty
    // (the override file's path). On error returns an empty table and sets *error.
    static PriceTable fromJson(const QByteArray &json, QString *error = nullptr,
                               const QString &sourceOverride = {});
    // The built-in table with the entries of `overridePath` (when it exists) replacing theirs.
    // A broken override file is reported in *error and left out, never half read.
    static PriceTable load(const QString &overridePath, QString *error = nullptr);

    // `other`'s entries replace this table's for the same model and region.
    void overrideWith(const PriceTable &other);
    std::optional<Price> price(const QString &model, Region region) const;
    QList<Price> prices() const { return m_prices; }

    // Before the click: what `request` would cost in `region`. `model` fills what the request
    // leaves to the model's defaults (size, duration, resolution).
    CostEstimate estimate(const GenerationRequest &request, Region region,
                          const ModelInfo &model = {}) const;
    // After the task: what it cost by its usage (image count, video seconds and resolution),
    // at today's price. Failed, canceled and expired tasks cost nothing; a partly failed one only
    // the images that came back.
    CostEstimate costOf(const TaskRecord &task) const;

private:
    CostEstimate priced(const QString &model, Region region, int images, int seconds,
                        const QString &tier, bool audio) const;

    QList<Price> m_prices;
};
