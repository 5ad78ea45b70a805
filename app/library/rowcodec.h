#pragma once

#include "domain/taskrecord.h"

#include <QDateTime>
#include <QString>
#include <QVariant>
#include <array>

class QSqlQuery;
class QSqlRecord;

// Rows of `tasks` and `images` to records and back. Columns are read by name: a SELECT lists
// them with taskColumns()/imageColumns() (each aliased with its prefix, so a join of both tables
// keeps them apart), and the readers look each name up once per query in its QSqlRecord. A
// column added, removed or moved in a SELECT can then never shift the others.
namespace RowCodec {

// Times: ISO 8601 with milliseconds. Local-clock times are stored in UTC ("…Z"), so the text
// sorts like the time; the service's zone-less times are kept exactly as they were parsed.
QVariant utcTime(const QDateTime &time);
QVariant serviceTime(const QDateTime &time);
QDateTime timeFrom(const QVariant &value);
QVariant textOrNull(const QString &text);

// "t.id AS t_id, t.model AS t_model, …" for the table aliased `t`.
QString taskColumns(const QString &tableAlias = QStringLiteral("t"));
QString imageColumns(const QString &tableAlias = QStringLiteral("i"));

// Binds every :name of an INSERT or UPDATE of tasks except :id and :created_at.
void bindTask(QSqlQuery &q, const TaskRecord &task);
// Binds every :name of an INSERT of images.
void bindImage(QSqlQuery &q, const OutputRecord &image);

// Reads tasks from rows selected with taskColumns(alias).
class TaskReader
{
public:
    TaskReader(const QSqlRecord &record, const QString &tableAlias = QStringLiteral("t"));
    TaskRecord read(const QSqlQuery &q) const;

private:
    std::array<int, 28> m_index;
};

// Reads images from rows selected with imageColumns(alias); a LEFT JOIN's missing image reads
// as an OutputRecord with id 0.
class ImageReader
{
public:
    ImageReader(const QSqlRecord &record, const QString &tableAlias = QStringLiteral("i"));
    OutputRecord read(const QSqlQuery &q) const;

private:
    std::array<int, 16> m_index;
};

} // namespace RowCodec
