#include "models/displaytext.h"

#include "domain/modelcatalog.h"
#include "domain/pricing.h"

#include <QCoreApplication>
#include <QLocale>

namespace DisplayText {

// The translation context stays "UiStyle", where these strings were first translated.
QString plural(int count, const QString &one, const QString &many)
{
    return count == 1 ? one : many.arg(QLocale().toString(count));
}

QString formatDuration(qint64 milliseconds)
{
    if (milliseconds < 0)
        milliseconds = 0;
    const QLocale locale;
    if (milliseconds < 10000)
        return QCoreApplication::translate("UiStyle", "%1 s")
                .arg(locale.toString(milliseconds / 1000.0, 'f', 1));
    const qint64 seconds = milliseconds / 1000;
    if (seconds < 60)
        return QCoreApplication::translate("UiStyle", "%1 s").arg(seconds);
    if (seconds < 3600) {
        return QCoreApplication::translate("UiStyle", "%1 min %2 s")
                .arg(seconds / 60)
                .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    }
    return QCoreApplication::translate("UiStyle", "%1 h %2 min")
            .arg(seconds / 3600)
            .arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString modelName(const QString &apiName)
{
    static const ModelCatalog catalog = ModelCatalog::builtIn(); // read once, never changes
    const QString display = catalog.model(apiName).displayName;
    return display.isEmpty() ? apiName : display;
}

QString modelNameWithId(const QString &apiName)
{
    const QString name = modelName(apiName);
    return name == apiName ? apiName : QStringLiteral("%1 (%2)").arg(name, apiName);
}

QString unitPrice(const std::optional<Price> &price)
{
    const QString unknown = QCoreApplication::translate("DisplayText", "price unknown");
    if (!price)
        return unknown;
    if (price->unit == Price::Unit::Image) {
        return price->perImage ? QCoreApplication::translate("DisplayText", "%1 / image")
                                         .arg(formatMoney(*price->perImage, price->currency))
                               : unknown;
    }
    if (price->perSecond.isEmpty())
        return unknown;
    // Tiers differ in price; sound only ever adds to it, so the range starts without.
    double low = price->perSecond.first();
    double high = low;
    for (const double amount : price->perSecond) {
        low = std::min(low, amount);
        high = std::max(high, amount);
    }
    for (const double amount : price->perSecondWithAudio)
        high = std::max(high, amount);
    const QString money = low == high
            ? formatMoney(low, price->currency)
            : QStringLiteral("%1–%2").arg(formatMoney(low, price->currency),
                                          formatMoney(high, price->currency));
    return QCoreApplication::translate("DisplayText", "%1 / s").arg(money);
}

} // namespace DisplayText
