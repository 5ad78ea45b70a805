#pragma once

#include <QJsonValue>
#include <QString>
#include <optional>

// Integers from outside: service answers, PNG text chunks, the model catalog. Converting a
// double such as 1e300, -1e300 or 2^63 to an integer is undefined behaviour, so every such
// number goes through here and is range-checked first.

// A JSON number that is a whole number within [min, max]; nullopt when absent, not a number,
// not whole, or out of range.
std::optional<qint64> toBoundedInteger(const QJsonValue &value, qint64 min, qint64 max);
// Decimal text ("42", " -7 ") within [min, max]; nullopt for anything else ("1e300", "NaN").
std::optional<qint64> toBoundedInteger(const QString &text, qint64 min, qint64 max);
