-- Schema step 6 (version 5 -> 6): tasks by state in time order. Released: never change this file.
--
-- The task list's estimates read the 200 most recent done tasks at every start. With the index
-- on the state alone SQLite read every done task and sorted them (50 ms at 100,000 tasks); this
-- one gives them newest first and stops at the limit. tasks_state stays for the lookups that
-- name a state only.
CREATE INDEX tasks_state_created ON tasks(state, created_at, id);
