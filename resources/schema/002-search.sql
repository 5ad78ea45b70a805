-- Schema step 2 (version 1 -> 2): full-text search. Released: never change this file.
-- The trigram tokenizer indexes every 3-character substring, so Chinese (which has no spaces for
-- unicode61 to split on) matches by substring like any other script. External-content tables:
-- the text lives once, in tasks/images; triggers keep the index in step.

CREATE VIRTUAL TABLE tasks_fts USING fts5(prompt, negative_prompt,
 content='tasks', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE images_fts USING fts5(actual_prompt,
 content='images', content_rowid='id', tokenize='trigram');

CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
 INSERT INTO tasks_fts(rowid, prompt, negative_prompt)
 VALUES (new.id, new.prompt, new.negative_prompt); END;
CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
 INSERT INTO tasks_fts(tasks_fts, rowid, prompt, negative_prompt)
 VALUES ('delete', old.id, old.prompt, old.negative_prompt); END;
-- Only when the text changes: a task is updated on every poll.
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

-- Index what earlier versions stored.
INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild');
INSERT INTO images_fts(images_fts) VALUES ('rebuild');
