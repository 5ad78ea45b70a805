#pragma once

#include "library/libraryquery.h"

#include <QStringList>
#include <QVariantList>

class QSqlQuery;

// A LibraryQuery as SQL over `tasks t LEFT JOIN outputs o`: the WHERE clause with its values bound
// in order (never spliced into the SQL), and the gallery's order.
namespace LibrarySearch {

struct Filter
{
    QStringList conditions;
    QVariantList values;
    // The search words the trigram index serves (three characters or more), as FTS5 strings.
    QStringList ftsPhrases;
    bool usesOutputs = false; // a condition reads `o` (the output's text or flags)

    QString where() const; // " WHERE … AND …", or empty
    void bind(QSqlQuery &q) const;
    // The same filter, read from the rows `phrase` matches (tasks whose prompts match, and the
    // tasks of outputs whose actual prompt does) instead of from every row: a rare word then
    // answers from the index in a few milliseconds, however large the library.
    Filter drivenBy(const QString &phrase) const;
};

Filter filterFor(const LibraryQuery &query);
// Nothing narrows `query` but, at most, savedOnly (the gallery's results): its count is one the
// library answers at once from its indexes, with no need to read the rows.
bool isWholeLibrary(const LibraryQuery &query);

// " FROM tasks t LEFT JOIN outputs o ON o.task = t.id"
QString fromTasksAndOutputs();
// How many index entries (tasks and outputs) `phrase` may match for drivenBy() to be the quicker
// way; past it, reading the rows in order finds a page of matches sooner than sorting them all.
constexpr int MaxDrivingMatches = 6000;
// The same when the word is all the search asks (no second word, model, date…): every row it
// matches is a result, so rows read in order fill a page soonest. Measured at 100,000 images: a
// word of 5,300 entries took 13-23 ms driven (every matching task fetched and sorted, about 3 µs
// each) and 2-8 ms in order (about 0.25 µs a row, 200 × rows / matches of them).
constexpr int MaxDrivingMatchesAlone = 2000;
// Newest task first (or oldest), a task's outputs together and in order.
QString orderBy(bool newestFirst);
// Search text as words; "double quoted" text stays one phrase.
QStringList searchTerms(const QString &text);

} // namespace LibrarySearch
