#pragma once

#include "library/libraryquery.h"
#include "library/sqlsupport.h"

#include <QByteArray>
#include <QList>
#include <QString>

// One input of a task ("Made from"), and what is still known of it: the gallery output with the
// same bytes (or, for an input recorded without a hash, the same file) when one is still in the
// library, else the recorded path and hash, and whether a file is still at that path. The input's
// own record never changes when its parent goes: a child keeps saying what it was made from.
struct LineageSource
{
    enum class State {
        InLibrary, // `entry` is the output with these bytes
        OnDisk, // not in the library any more, but a file is still at input.localPath
        Missing, // neither in the library nor on disk: only its name and hash are known
        Remote, // only a URL was given (the person's http(s) link)
    };

    RequestInput input; // as the task recorded it: role, path, URL, hash
    State state = State::Missing;
    LibraryEntry entry; // when InLibrary: the output (with its task, without the task's outputs)

    // An input not looked up in a library: on disk, missing or a link (a stat, no read).
    static LineageSource outside(const RequestInput &input);

    bool isInLibrary() const { return state == State::InLibrary; }
    // The file to show for it: the output's, else the recorded one; empty when there is none.
    QString filePath() const;
};

// The statements of lineage, each through an index (outputs_sha256, task_inputs_sha256 or a
// primary key), so they answer in a millisecond at 100,000 outputs. GUI thread, like Library.
namespace LibraryLineage {

// What the output's task was made from, in the request's order; empty for an output of a task
// without inputs (text to image) or an unknown output.
QList<LineageSource> madeFrom(const LibraryDb &db, qint64 outputId);
// The same for inputs known otherwise (read from a file's provenance, in another library).
QList<LineageSource> resolve(const LibraryDb &db, const QList<RequestInput> &inputs);
// Saved outputs of the tasks whose inputs carry these bytes (hex SHA-256), newest task first, at
// most `limit` tasks; `excludeOutputId` (the output itself) is left out.
QList<LibraryEntry> usedIn(const LibraryDb &db, const QByteArray &sha256, int limit = 50,
                           qint64 excludeOutputId = 0);

// The statements, for tests that check their plans (EXPLAIN QUERY PLAN).
QString inputsOfOutputSql();
QString outputBySha256Sql();
QString tasksUsingSha256Sql();

} // namespace LibraryLineage
