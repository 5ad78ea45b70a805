#pragma once

#include <QString>
#include <optional>

struct Price;

// Numbers and durations as the window's views and models show them (no Widgets needed).
namespace DisplayText {

// `one` for 1, else `many` with %1 replaced by the number. Both come from tr() at the caller
// (English needs two forms; the languages planned need no more).
QString plural(int count, const QString &one, const QString &many);

// "1.2 s", "42 s", "3 min 05 s", "1 h 02 min"
QString formatDuration(qint64 milliseconds);

// A model as people read it: the catalog's display name ("Wan 2.5 preview"); the API name
// itself when the catalog does not know it (a model of an earlier catalog, a custom one).
// The API name belongs in a tooltip beside it.
QString modelName(const QString &apiName);
// "Wan 2.5 preview (wan2.5-t2i-preview)": where the API name must stay at hand to copy.
QString modelNameWithId(const QString &apiName);

// What one unit of a model costs, for the model picker: "¥0.14 / image", "$0.10 / s",
// "$0.05–0.15 / s" (by resolution), "price unknown".
QString unitPrice(const std::optional<Price> &price);

} // namespace DisplayText
