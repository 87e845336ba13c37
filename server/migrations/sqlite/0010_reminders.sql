-- Daily reminders (ranking nudges, deadlines) are written by whichever server instance claims
-- the day first: one row per job and day, inserted before the work in the same transaction.
CREATE TABLE job_runs (
    job         TEXT NOT NULL,
    day         TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    PRIMARY KEY (job, day)
);
-- A reminder about one deadline reaches each person once when it comes near and once when it
-- is overdue, however often the job runs: the key names the deadline and the stage.
ALTER TABLE notifications ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX notifications_dedupe ON notifications (account_id, dedupe_key);
