#include "domain/boundednumber.h"

#include <QCborValue>
#include <cmath>

std::optional<qint64> toBoundedInteger(const QJsonValue &value, qint64 min, qint64 max)
{
    // Qt keeps JSON integers that fit in 64 bits exact; only the others are doubles.
    const QCborValue number = QCborValue::fromJsonValue(value);
    qint64 integer = 0;
    if (number.isInteger()) {
        integer = number.toInteger();
    } else if (number.isDouble()) {
        const double d = number.toDouble();
        // [-2^63, 2^63) is exactly what fits in qint64; NaN fails both comparisons.
        if (!(d >= -0x1p63 && d < 0x1p63) || std::trunc(d) != d)
            return std::nullopt;
        integer = static_cast<qint64>(d);
    } else {
        return std::nullopt;
    }
    if (integer < min || integer > max)
        return std::nullopt;
    return integer;
}

std::optional<qint64> toBoundedInteger(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 integer = text.trimmed().toLongLong(&ok);
    if (!ok || integer < min || integer > max)
        return std::nullopt;
    return integer;
}
