-- Schema step 4 (version 3 -> 4): outputs, not images; the request as one JSON text; the inputs
-- of a task and the uploads that carry them. Released: never change this file.
--
-- A task's results may be videos next, so `images` becomes `outputs`, with a media type, a
-- duration and a poster, and the path its download is planned to write. That path is recorded
-- before the download starts: after a crash, a file found there that passes its format's check
-- is the output (no folder scan, no task id read out of the file, which an MP4 cannot carry the
-- way a PNG does).
--
-- The table is renamed with ALTER TABLE ... RENAME, not rebuilt as in step 3: its columns keep
-- their kinds (AUTOINCREMENT included), and SQLite (3.26 and later, legacy_alter_table off, the
-- default) rewrites every reference to the table and moves its sqlite_sequence row, so no id is
-- handed out twice. What SQLite cannot rewrite is the table name inside an FTS5 table's options
-- (content='images'): the search index of actual prompts is dropped first, with its triggers,
-- and made again over `outputs`, then rebuilt from the rows (their ids are unchanged). The
-- indexes follow the new name too.

DROP TRIGGER images_fts_insert;
DROP TRIGGER images_fts_delete;
DROP TRIGGER images_fts_update;
DROP TABLE images_fts;
DROP INDEX images_favourite;
DROP INDEX images_sha256;

ALTER TABLE images RENAME TO outputs;
-- MIME type ('image/png', 'video/mp4'); a video's length and its still frame.
ALTER TABLE outputs ADD COLUMN media_type TEXT NOT NULL DEFAULT 'image/png';
ALTER TABLE outputs ADD COLUMN duration_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outputs ADD COLUMN poster_path TEXT;
ALTER TABLE outputs ADD COLUMN planned_path TEXT;
-- When the row was last written: a planned output is saved into its existing row, which the
-- watcher of other processes' writes (ExternalChangeWatcher) must see as a change.
ALTER TABLE outputs ADD COLUMN updated_at TEXT;

CREATE INDEX outputs_favourite ON outputs(favourite) WHERE favourite <> 0;
CREATE INDEX outputs_sha256 ON outputs(sha256);

CREATE VIRTUAL TABLE outputs_fts USING fts5(actual_prompt,
 content='outputs', content_rowid='id', tokenize='trigram');
CREATE TRIGGER outputs_fts_insert AFTER INSERT ON outputs BEGIN
 INSERT INTO outputs_fts(rowid, actual_prompt) VALUES (new.id, new.actual_prompt); END;
CREATE TRIGGER outputs_fts_delete AFTER DELETE ON outputs BEGIN
 INSERT INTO outputs_fts(outputs_fts, rowid, actual_prompt)
 VALUES ('delete', old.id, old.actual_prompt); END;
CREATE TRIGGER outputs_fts_update AFTER UPDATE OF actual_prompt ON outputs
 WHEN old.actual_prompt IS NOT new.actual_prompt BEGIN
 INSERT INTO outputs_fts(outputs_fts, rowid, actual_prompt)
 VALUES ('delete', old.id, old.actual_prompt);
 INSERT INTO outputs_fts(rowid, actual_prompt) VALUES (new.id, new.actual_prompt); END;
INSERT INTO outputs_fts(outputs_fts) VALUES ('rebuild');

-- The task's request, from now on its source of truth: RequestCodec's JSON text, without the
-- inputs (rows of task_inputs). The old columns (model, prompt, size, ...) stay filled, as the
-- index that search and the filters use. `kind` is the request's kind, for filters.
-- `output_folder`: where the task saves its results, chosen when it was submitted or tracked,
-- so a task resumed later saves there whatever folder the program uses by then. NULL for tasks
-- of earlier versions: the program's folder of the moment.
ALTER TABLE tasks ADD COLUMN kind TEXT NOT NULL DEFAULT 'text-to-image';
ALTER TABLE tasks ADD COLUMN request TEXT;
ALTER TABLE tasks ADD COLUMN output_folder TEXT;

-- The request of every earlier task, from its columns, with RequestCodec's keys: fields at their
-- default left out (json_patch drops the null members), booleans as JSON booleans, the size as
-- "W*H". The keys are in the order QJsonObject keeps them (sorted), so the text is the codec's.
-- The prompt columns are not updated, so the search triggers of tasks do not fire.
UPDATE tasks SET request = json_patch('{}', json_object(
 'kind', 'text-to-image',
 'model', nullif(model, ''),
 'n', count,
 'negative_prompt', nullif(negative_prompt, ''),
 'prompt', nullif(prompt, ''),
 'prompt_extend', json(CASE WHEN prompt_extend <> 0 THEN 'true' ELSE 'false' END),
 'seed', seed,
 'size', CASE WHEN width > 0 AND height > 0 THEN width || '*' || height END,
 'watermark', json(CASE WHEN watermark <> 0 THEN 'true' ELSE 'false' END)));

-- A task's input files (images to edit, a mask, first and last frames, driving audio), in the
-- request's order: where each came from (a local file and/or a URL) and the hash of its bytes,
-- which ties a task to its inputs' content (lineage) and to an upload of them.
CREATE TABLE task_inputs (
 task INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
 idx INTEGER NOT NULL,
 role TEXT NOT NULL,
 file_path TEXT,
 url TEXT,
 sha256 TEXT,
 PRIMARY KEY (task, idx));
CREATE INDEX task_inputs_sha256 ON task_inputs(sha256) WHERE sha256 IS NOT NULL;

-- Files uploaded to the service's temporary storage (getPolicy, then a POST to OSS), for reuse:
-- the oss:// URL is valid for 48 hours after the upload, only for the model named in getPolicy
-- and only for the account (the key) that uploaded it. One row per model, endpoint and content;
-- a new upload of the same file replaces the row. A reader reuses a row only while it is young
-- enough for the task to run (LibraryReads::reusableUpload), and uploads again otherwise.
CREATE TABLE uploads (
 id INTEGER PRIMARY KEY AUTOINCREMENT,
 model TEXT NOT NULL,
 region TEXT NOT NULL,
 base_url TEXT NOT NULL,
 sha256 TEXT NOT NULL,
 oss_url TEXT NOT NULL,
 uploaded_at TEXT NOT NULL,
 UNIQUE (model, base_url, sha256));
