#include "library/sqlsupport.h"

#include "platform/logging.h"

#include <QSqlError>
#include <QSqlQuery>

namespace LibrarySql {

QString placeholders(qsizetype count)
{
    QString text;
    text.reserve(count * 2);
    for (qsizetype i = 0; i < count; ++i)
        text += i == 0 ? QStringLiteral("?") : QStringLiteral(",?");
    return text;
}

QVariantList idValues(const QList<qint64> &ids)
{
    QVariantList values;
    values.reserve(ids.size());
    for (qint64 id : ids)
        values.append(id);
    return values;
}

LibraryResult prepare(const LibraryDb &db, QSqlQuery &q, const QString &sql)
{
    if (q.prepare(sql))
        return {};
    qCWarning(lcLibrary).noquote() << "preparing" << sql << "failed:" << q.lastError().text();
    return LibraryResult::fromSql(q.lastError(), db.path);
}

LibraryResult exec(const LibraryDb &db, QSqlQuery &q, const char *what)
{
    if (q.exec())
        return {};
    qCWarning(lcLibrary).noquote() << what << "failed:" << q.lastError().text();
    return LibraryResult::fromSql(q.lastError(), db.path);
}

LibraryResult execute(const LibraryDb &db, const QString &sql)
{
    QSqlQuery q(db.database());
    if (q.exec(sql))
        return {};
    qCWarning(lcLibrary).noquote() << sql << "failed:" << q.lastError().text();
    return LibraryResult::fromSql(q.lastError(), db.path);
}

LibraryResult run(const LibraryDb &db, QSqlQuery &q, const QString &sql, const QVariantList &values,
                  const char *what)
{
    if (LibraryResult prepared = prepare(db, q, sql); !prepared)
        return prepared;
    for (const QVariant &value : values)
        q.addBindValue(value);
    return exec(db, q, what);
}

} // namespace LibrarySql
