-- Schema step 7 (version 6 -> 7): the gallery shows results only (outputs whose file was saved),
-- and counts them at every change. Released: never change this file.
--
-- Counting saved outputs reads every output row (46 ms at 100,000). The outputs without a file
-- (failed images, downloads not finished) are few: the count is all outputs, which SQLite counts
-- from the smallest index, less these, read from this partial index. An index of the saved ones
-- instead would tempt the planner to read the gallery's page from it and sort 100,000 rows.
CREATE INDEX outputs_without_file ON outputs(task) WHERE file_path IS NULL OR file_path = '';
