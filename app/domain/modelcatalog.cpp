#include "domain/modelcatalog.h"

#include <QCoreApplication>
#include <QFile>
#include <QLocale>
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

bool DurationRule::allows(int seconds) const
{
    if (!allowed.isEmpty())
        return allowed.contains(seconds);
    return max > 0 && seconds >= min && seconds <= max;
}

QString DurationRule::describe() const
{
    if (!allowed.isEmpty()) {
        QStringList texts;
        for (int seconds : allowed)
            texts << number(seconds);
        return DurationRule::tr("%1 seconds").arg(QLocale().createSeparatedList(texts));
    }
    if (max > 0)
        return DurationRule::tr("%1 to %2 seconds").arg(number(min), number(max));
    return {};
}

std::optional<InputRule> ParameterRules::input(InputRole role) const
{
    for (const InputRule &rule : inputs) {
        if (rule.role == role)
            return rule;
    }
    return std::nullopt;
}

PollHint pollHintFor(MediaKind kind)
{
    using namespace std::chrono_literals;
    switch (kind) {
    case MediaKind::TextToImage:
    case MediaKind::ImageEdit:
        // Images take 10 s to 2 minutes: the official SDK's schedule (1, 1, 2, 2, 2, 4, 4, 4 s,
        // then every 5 s), so a quick task is downloaded within a second or two of finishing.
        return { 1s, 5s, 10min };
    case MediaKind::TextToVideo:
    case MediaKind::ImageToVideo:
    case MediaKind::KeyframeToVideo:
        // Videos take 1 to 5 minutes, the doc's examples up to 10: nothing is done before 15 s,
        // and the doc asks for a poll every 15 s (all polls share the account's 20 GET/s).
        return { 15s, 15s, 20min };
    }
    return { 1s, 5s, 10min };
}

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

QList<ModelInfo> ModelCatalog::modelsFor(Region region, std::optional<MediaKind> kind) const
{
    QList<ModelInfo> result;
    for (const ModelInfo &model : m_models) {
        if (model.availableIn(region) && (!kind || model.kind == *kind))
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
            = modelsFor(region, preferred.isValid() ? std::optional(preferred.kind) : std::nullopt);
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
