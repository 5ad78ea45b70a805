-- Schema step 8 (version 7 -> 8): which tasks the built-in simulator made (demo mode), so they
-- can be marked, hidden and left out of the spending. Released: never change this file.
--
-- Earlier versions did not record it. Filled for the rows written before, from what they say:
-- a task is demo when it was sent to a loopback address (the built-in simulator listens on
-- 127.0.0.1 only) AND its results go, or went, to a folder named Demo (where the window and
-- `--demo` commands put them). Both, because either alone may be a real task: a loopback URL
-- may be a tunnel or proxy to Model Studio, and anyone may name an output folder Demo. A task
-- marked demo by mistake would hide real spending; one missed only shows a free task as real.
ALTER TABLE tasks ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
UPDATE tasks SET demo = 1
WHERE (base_url GLOB 'http://127.0.0.1[:/]*' OR base_url GLOB 'http://localhost[:/]*'
       OR base_url GLOB 'http://[[]::1][:/]*')
  AND (output_folder GLOB '*/Demo' OR output_folder GLOB '*/Demo/'
       OR EXISTS (SELECT 1 FROM outputs o WHERE o.task = tasks.id
                  AND (o.file_path GLOB '*/Demo/*' OR o.planned_path GLOB '*/Demo/*')));
-- The gallery's "Hide demo results" and `history --no-demo` read the newest tasks of one kind in
-- order: from this index, a page stops at its limit however many of the other kind there are.
CREATE INDEX tasks_demo_created ON tasks(demo, created_at, id);
-- The ledger keeps its own flag: its rows outlive the tasks they count. Filled from the tasks,
-- and, for tasks deleted since, from the price it recorded (free, at the demo's price source,
-- in English or Chinese, the languages the program was released in).
ALTER TABLE usage_ledger ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
UPDATE usage_ledger SET demo = 1
WHERE task_row_id IN (SELECT id FROM tasks WHERE demo = 1)
   OR (coalesce(amount, 0) = 0
       AND price_source IN ('demo (built-in simulator)', '演示（内置模拟器）'));
