#pragma once

#include "domain/taskrecord.h"

#include <QDateTime>
#include <QString>
#include <QVariant>
#include <array>
#include <optional>

class QSqlQuery;
class QSqlRecord;

// Rows of `tasks`, `outputs` and `task_inputs` to records and back. Columns are read by name: a
// SELECT lists them with taskColumns()/outputColumns()/inputColumns() (each aliased with its
// prefix, so a join keeps them apart), and the readers look each name up once per query in its
// QSqlRecord. A column added, removed or moved in a SELECT can then never shift the others.
// A task's request is its `request` column (RequestCodec's JSON, without the inputs), its inputs
// are rows of task_inputs; the old request columns are written too, as the search index.
namespace RowCodec {

// Times: ISO 8601 with milliseconds. Local-clock times are stored in UTC ("…Z"), so the text
// sorts like the time; the service's zone-less times are kept exactly as they were parsed.
QVariant utcTime(const QDateTime &time);
QVariant serviceTime(const QDateTime &time);
QDateTime timeFrom(const QVariant &value);
QVariant textOrNull(const QString &text);

// "t.id AS t_id, t.model AS t_model, …" for the table aliased `t`.
QString taskColumns(const QString &tableAlias = QStringLiteral("t"));
QString outputColumns(const QString &tableAlias = QStringLiteral("o"));
QString inputColumns(const QString &tableAlias = QStringLiteral("n"));

// Binds every :name of an INSERT or UPDATE of tasks except :id and :created_at.
void bindTask(QSqlQuery &q, const TaskRecord &task);
// Binds every :name of an INSERT of outputs.
void bindOutput(QSqlQuery &q, const OutputRecord &output);
// Binds :task, :idx, :role, :file_path, :url and :sha256 of an INSERT of task_inputs.
void bindInput(QSqlQuery &q, qint64 taskRowId, int index, const RequestInput &input);

// Reads tasks from rows selected with taskColumns(alias).
class TaskReader
{
public:
    TaskReader(const QSqlRecord &record, const QString &tableAlias = QStringLiteral("t"));
    TaskRecord read(const QSqlQuery &q) const; // without inputs and outputs

private:
    std::array<int, 31> m_index;
};

// Reads outputs from rows selected with outputColumns(alias); a LEFT JOIN's missing output reads
// as an OutputRecord with id 0.
class OutputReader
{
public:
    OutputReader(const QSqlRecord &record, const QString &tableAlias = QStringLiteral("o"));
    OutputRecord read(const QSqlQuery &q) const;

private:
    std::array<int, 20> m_index;
};

// Reads task inputs from rows selected with inputColumns(alias), with the task they belong to.
// A role this version does not know reads as nullopt (it could not be sent by it either).
class InputReader
{
public:
    InputReader(const QSqlRecord &record, const QString &tableAlias = QStringLiteral("n"));
    qint64 taskRowId(const QSqlQuery &q) const;
    std::optional<RequestInput> read(const QSqlQuery &q) const;

private:
    std::array<int, 6> m_index;
};

} // namespace RowCodec
