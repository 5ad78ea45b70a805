#pragma once

#include "domain/pricing.h"
#include "library/sqlsupport.h"

#include <QDateTime>
#include <QList>

// The usage ledger (schema 5, table usage_ledger): one row per finished task. Statements inside
// the caller's transaction (Library opens and commits it), as LibraryWrites.
namespace LibraryLedger {

// Records a finished task once: a task already in the ledger keeps its first row (a task that
// finishes again after a crash or a resume is never counted twice).
LibraryResult record(const LibraryDb &db, const UsageEntry &entry);
// The entries finished in [from, to) (UTC), oldest first; every entry when both are invalid.
QList<UsageEntry> entries(const LibraryDb &db, const QDateTime &from, const QDateTime &to);

} // namespace LibraryLedger
