#pragma once

#include "library/sqlsupport.h"

#include <QStringList>

// The library's schema as steps: resources/schema/NNN-name.sql takes the database from version
// NNN-1 to NNN (PRAGMA user_version). A released step never changes: a library written by any
// earlier version opens by running the steps it has not seen yet, in order, in one transaction.
namespace LibrarySchema {

constexpr int Version = 9; // the number of steps

// The statements of one step (1 … Version), from the resource compiled into the library. A
// statement ends with ";" at the end of a line; a trigger's with "END;". "--" lines are comments.
QStringList statements(int step);

// The version of an open database (PRAGMA user_version), or -1 and *error.
int version(const LibraryDb &db, LibraryResult *error);

// Brings the database up to Version, or leaves it exactly as it was. The caller turns foreign
// keys off around this (a rebuilt table is dropped; with them on, that drop would cascade);
// the keys are checked before the commit.
LibraryResult migrate(const LibraryDb &db);

} // namespace LibrarySchema
