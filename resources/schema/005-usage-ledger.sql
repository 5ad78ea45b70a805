-- Schema 5: the usage ledger. One row per finished task: what came back (images, video seconds
-- and tier) and what it cost at the price used then, with its currency and source. Failed and
-- canceled tasks are recorded at 0. amount and unit_price are NULL when the price was unknown.
-- task_row_id is unique: a task finished again (a resume after a crash) is never counted twice.
CREATE TABLE usage_ledger (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_row_id INTEGER NOT NULL UNIQUE,
    finished_at TEXT NOT NULL,
    model TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'text-to-image',
    state TEXT NOT NULL DEFAULT '',
    image_count INTEGER NOT NULL DEFAULT 0,
    video_seconds INTEGER NOT NULL DEFAULT 0,
    resolution TEXT NOT NULL DEFAULT '',
    audio INTEGER NOT NULL DEFAULT 0,
    unit_price REAL,
    amount REAL,
    currency TEXT NOT NULL DEFAULT '',
    price_source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX usage_ledger_finished_at ON usage_ledger(finished_at);
