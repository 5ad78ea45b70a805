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

    QString where() const; // " WHERE … AND …", or empty
    void bind(QSqlQuery &q) const;
};

Filter filterFor(const LibraryQuery &query);

// " FROM tasks t LEFT JOIN outputs o ON o.task = t.id"
QString fromTasksAndOutputs();
// Newest task first (or oldest), a task's outputs together and in order.
QString orderBy(bool newestFirst);
// Search text as words; "double quoted" text stays one phrase.
QStringList searchTerms(const QString &text);

} // namespace LibrarySearch
