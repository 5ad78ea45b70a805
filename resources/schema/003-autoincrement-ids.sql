-- Schema step 3 (version 2 -> 3): row ids are never handed out twice. Released: never change it.
-- With a plain INTEGER PRIMARY KEY SQLite gives the next row max(id) + 1, so deleting the newest
-- task let the next one take its id, and anything still holding the old id (a task list, a
-- gallery row, a thumbnail key) would take one for the other. AUTOINCREMENT remembers the largest
-- id ever used (sqlite_sequence). A column's key kind cannot be altered, so both tables are
-- rebuilt the way SQLite documents ("Making Other Kinds Of Table Schema Changes"): new table,
-- copy, drop, rename, indexes and triggers again. LibrarySchema::migrate() runs this with foreign
-- keys off (dropping `tasks` must not cascade into `images`) and checks them before committing.
-- Ids are copied as they are, so the external-content FTS tables stay valid; they are rebuilt
-- anyway, which costs a moment once.

DROP TRIGGER tasks_fts_insert;
DROP TRIGGER tasks_fts_delete;
DROP TRIGGER tasks_fts_update;
DROP TRIGGER images_fts_insert;
DROP TRIGGER images_fts_delete;
DROP TRIGGER images_fts_update;

CREATE TABLE tasks_v3 (
 id INTEGER PRIMARY KEY AUTOINCREMENT,
 model TEXT NOT NULL DEFAULT '',
 prompt TEXT NOT NULL DEFAULT '',
 negative_prompt TEXT NOT NULL DEFAULT '',
 width INTEGER NOT NULL DEFAULT 0,
 height INTEGER NOT NULL DEFAULT 0,
 count INTEGER NOT NULL DEFAULT 1,
 seed INTEGER,
 prompt_extend INTEGER NOT NULL DEFAULT 1,
 watermark INTEGER NOT NULL DEFAULT 0,
 region TEXT NOT NULL,
 base_url TEXT NOT NULL,
 task_id TEXT,
 request_id TEXT,
 state TEXT NOT NULL,
 service_status TEXT,
 submit_time TEXT,
 scheduled_time TEXT,
 end_time TEXT,
 error_kind TEXT,
 error_code TEXT,
 error_message TEXT,
 error_request_id TEXT,
 error_http_status INTEGER,
 usage TEXT,
 created_at TEXT NOT NULL,
 updated_at TEXT NOT NULL,
 finished_at TEXT);
INSERT INTO tasks_v3 (id, model, prompt, negative_prompt, width, height, count, seed,
 prompt_extend, watermark, region, base_url, task_id, request_id, state, service_status,
 submit_time, scheduled_time, end_time, error_kind, error_code, error_message,
 error_request_id, error_http_status, usage, created_at, updated_at, finished_at)
 SELECT id, model, prompt, negative_prompt, width, height, count, seed,
 prompt_extend, watermark, region, base_url, task_id, request_id, state, service_status,
 submit_time, scheduled_time, end_time, error_kind, error_code, error_message,
 error_request_id, error_http_status, usage, created_at, updated_at, finished_at
 FROM tasks ORDER BY id;

-- References `tasks` by name: after the rename below that is the new table.
CREATE TABLE images_v3 (
 id INTEGER PRIMARY KEY AUTOINCREMENT,
 task INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
 idx INTEGER NOT NULL,
 file_path TEXT,
 width INTEGER NOT NULL DEFAULT 0,
 height INTEGER NOT NULL DEFAULT 0,
 bytes INTEGER NOT NULL DEFAULT 0,
 sha256 TEXT,
 seed INTEGER,
 actual_prompt TEXT,
 remote_url BLOB,
 url_expiry TEXT,
 error_code TEXT,
 error_message TEXT,
 favourite INTEGER NOT NULL DEFAULT 0,
 created_at TEXT NOT NULL,
 UNIQUE(task, idx));
INSERT INTO images_v3 (id, task, idx, file_path, width, height, bytes, sha256, seed,
 actual_prompt, remote_url, url_expiry, error_code, error_message, favourite, created_at)
 SELECT id, task, idx, file_path, width, height, bytes, sha256, seed,
 actual_prompt, remote_url, url_expiry, error_code, error_message, favourite, created_at
 FROM images ORDER BY id;

DROP TABLE images;
DROP TABLE tasks;
ALTER TABLE tasks_v3 RENAME TO tasks;
ALTER TABLE images_v3 RENAME TO images;

-- The indexes went with the old tables.
CREATE UNIQUE INDEX tasks_task_id ON tasks(task_id) WHERE task_id IS NOT NULL;
CREATE INDEX tasks_created ON tasks(created_at, id);
CREATE INDEX tasks_state ON tasks(state);
CREATE INDEX images_favourite ON images(favourite) WHERE favourite <> 0;
CREATE INDEX images_sha256 ON images(sha256);

-- The search triggers, as in step 2.
CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
 INSERT INTO tasks_fts(rowid, prompt, negative_prompt)
 VALUES (new.id, new.prompt, new.negative_prompt); END;
CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
 INSERT INTO tasks_fts(tasks_fts, rowid, prompt, negative_prompt)
 VALUES ('delete', old.id, old.prompt, old.negative_prompt); END;
CREATE TRIGGER tasks_fts_update AFTER UPDATE OF prompt, negative_prompt ON tasks
 WHEN old.prompt IS NOT new.prompt OR old.negative_prompt IS NOT new.negative_prompt BEGIN
 INSERT INTO tasks_fts(tasks_fts, rowid, prompt, negative_prompt)
 VALUES ('delete', old.id, old.prompt, old.negative_prompt);
 INSERT INTO tasks_fts(rowid, prompt, negative_prompt)
 VALUES (new.id, new.prompt, new.negative_prompt); END;
CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
 INSERT INTO images_fts(rowid, actual_prompt) VALUES (new.id, new.actual_prompt); END;
CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
 INSERT INTO images_fts(images_fts, rowid, actual_prompt)
 VALUES ('delete', old.id, old.actual_prompt); END;
CREATE TRIGGER images_fts_update AFTER UPDATE OF actual_prompt ON images
 WHEN old.actual_prompt IS NOT new.actual_prompt BEGIN
 INSERT INTO images_fts(images_fts, rowid, actual_prompt)
 VALUES ('delete', old.id, old.actual_prompt);
 INSERT INTO images_fts(rowid, actual_prompt) VALUES (new.id, new.actual_prompt); END;

INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild');
INSERT INTO images_fts(images_fts) VALUES ('rebuild');
