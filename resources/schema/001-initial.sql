-- Schema step 1 (version 0 -> 1). Released: never change this file; add a new step instead.
-- Statements end with ";" at the end of a line; a trigger ends with "END;".

-- A task row exists before anything is sent; everything we learn about it lands here.
CREATE TABLE tasks (
 id INTEGER PRIMARY KEY,
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

-- One service task is one row: a second row would mean it was created or imported twice.
CREATE UNIQUE INDEX tasks_task_id ON tasks(task_id) WHERE task_id IS NOT NULL;
CREATE INDEX tasks_created ON tasks(created_at, id);
CREATE INDEX tasks_state ON tasks(state);

CREATE TABLE images (
 id INTEGER PRIMARY KEY,
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

CREATE INDEX images_favourite ON images(favourite) WHERE favourite <> 0;
CREATE INDEX images_sha256 ON images(sha256);
