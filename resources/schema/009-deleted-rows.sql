-- Schema step 8 (version 7 -> 8): deletions that can be undone. Released: never change this file.
--
-- Deleting from the gallery copies the rows it removes (tasks, their outputs and inputs) into
-- these tables in the same transaction, under one batch, and then moves the files to the Trash.
-- Undo copies the rows back with their ids (so lineage, the usage ledger, which keeps its rows
-- anyway, and the search index, by its triggers, come back as they were) and the files from the
-- Trash. A quit or a crash at any moment leaves a consistent library: the rows are either in
-- the library or in a batch, never half. Batches older than a day are dropped by the next
-- deletion. The copies have the columns of their tables at this step; a later step that adds a
-- column to tasks, outputs or task_inputs finds it added here too at the next deletion
-- (LibraryTrash copies the columns both tables have, adding what is missing).

CREATE TABLE deleted_batches (
 id INTEGER PRIMARY KEY AUTOINCREMENT,
 deleted_at TEXT NOT NULL);
CREATE INDEX deleted_batches_deleted_at ON deleted_batches(deleted_at);

CREATE TABLE deleted_tasks AS SELECT 0 AS batch, * FROM tasks WHERE 0;
CREATE TABLE deleted_outputs AS SELECT 0 AS batch, * FROM outputs WHERE 0;
CREATE TABLE deleted_task_inputs AS SELECT 0 AS batch, * FROM task_inputs WHERE 0;
CREATE INDEX deleted_tasks_batch ON deleted_tasks(batch);
CREATE INDEX deleted_outputs_batch ON deleted_outputs(batch);
CREATE INDEX deleted_task_inputs_batch ON deleted_task_inputs(batch);

-- The files of a batch: where each was, and where the Trash put it (NULL until it is there).
CREATE TABLE deleted_files (
 batch INTEGER NOT NULL,
 path TEXT NOT NULL,
 trash_path TEXT);
CREATE INDEX deleted_files_batch ON deleted_files(batch);
