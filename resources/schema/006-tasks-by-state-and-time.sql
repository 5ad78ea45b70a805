-- Schema step 6 (version 5 -> 6): indexes for a library of 100,000 results. Released: never
-- change this file.
--
-- Tasks by state in time order: the task list's estimates read the 200 most recent done tasks
-- at every start, which with the index on the state alone meant reading every done task and
-- sorting them (50 ms at 100,000 tasks); this one gives them newest first and stops at the
-- limit. tasks_state stays for the lookups that name a state only.
CREATE INDEX tasks_state_created ON tasks(state, created_at, id);
-- The filter's lists of models and sizes (read at every start) from the index alone, instead of
-- every task row (20 and 10 ms at 100,000 tasks), and the model filter's rows by lookup.
CREATE INDEX tasks_model ON tasks(model);
CREATE INDEX tasks_size ON tasks(width, height);
