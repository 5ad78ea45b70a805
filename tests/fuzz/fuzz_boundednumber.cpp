// toBoundedInteger(): every number from outside (answers, PNG text, the catalog) becomes an
// integer here, so nothing may overflow and nothing out of range may pass.
#include "domain/boundednumber.h"
#include "fuzzinput.h"

#include <QJsonArray>
#include <QJsonDocument>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    quietQt();
    return 0;
}

namespace {

void checkBounds(const std::optional<qint64> &result, qint64 min, qint64 max)
{
    if (result)
        FUZZ_CHECK(*result >= min && *result <= max);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput input(data, size);
    const quint8 mode = input.integer<quint8>();
    const qint64 min = input.integer<qint64>();
    const qint64 max = input.integer<qint64>();

    switch (mode % 4) {
    case 0: { // a double, any bit pattern (NaN, infinities, 1e300, -0.0)
        const double d = input.number();
        const std::optional<qint64> result = toBoundedInteger(QJsonValue(d), min, max);
        checkBounds(result, min, max);
        if (result)
            FUZZ_CHECK(double(*result) == d);
        break;
    }
    case 1: { // a 64-bit integer: exact, whatever its size
        const qint64 v = input.integer<qint64>();
        const std::optional<qint64> result = toBoundedInteger(QJsonValue(v), min, max);
        FUZZ_CHECK(result.has_value() == (v >= min && v <= max));
        if (result)
            FUZZ_CHECK(*result == v);
        break;
    }
    case 2: { // a JSON number as the parser reads it from the wire
        const QByteArray text = input.rest();
        const QJsonDocument document = QJsonDocument::fromJson("[" + text + "]");
        const QJsonValue value = document.array().first();
        const std::optional<qint64> result = toBoundedInteger(value, min, max);
        checkBounds(result, min, max);
        if (result)
            FUZZ_CHECK(value.isDouble());
        break;
    }
    default: { // decimal text (PNG chunks, A1111 parameters, string counts in answers)
        const QString text = QString::fromUtf8(input.rest());
        const std::optional<qint64> result = toBoundedInteger(text, min, max);
        checkBounds(result, min, max);
        bool ok = false;
        const qint64 expected = text.trimmed().toLongLong(&ok);
        FUZZ_CHECK(result.has_value() == (ok && expected >= min && expected <= max));
        break;
    }
    }
    return 0;
}
