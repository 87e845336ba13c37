-- What the county's workbooks carry beyond the tree and the file (docs/operations.md#importing):
-- an organization's address and a clerk's remark on a member. Absent on older rows; the trail's
-- JSON leaves them out when empty, so earlier events still match their rows.
ALTER TABLE organizations ADD COLUMN address TEXT;
ALTER TABLE members ADD COLUMN remarks TEXT;

-- Imports started from the page, kept in the database so that any server process answers the
-- page's polling and a restart cannot leave a job half-known. `running` is 1 while a job runs
-- and empty after: the unique constraint lets one import run at a time across processes.
-- `beat_at` moves while the job runs; a job whose beat stopped (its process died) is failed
-- by the next start or poll. Nothing was written by it: imports commit at once or not at all.
CREATE TABLE import_jobs (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    kind         TEXT    NOT NULL,
    dry_run      INTEGER NOT NULL,
    running      INTEGER UNIQUE,
    phase        TEXT    NOT NULL,
    done         INTEGER NOT NULL DEFAULT 0,
    total        INTEGER NOT NULL DEFAULT 0,
    started_at   TEXT    NOT NULL,
    beat_at      TEXT    NOT NULL,
    finished_at  TEXT,
    result       TEXT
);

-- Each branch's one-time-password workbook of an applied import: handed over once, then its
-- body is deleted; the rest of the row stays so the page can say it was downloaded. Bodies
-- not fetched within a day are deleted too (the accounts can be reset instead).
CREATE TABLE import_sheets (
    job_id    INTEGER NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    org_name  TEXT    NOT NULL,
    body      BLOB,
    PRIMARY KEY (job_id, idx)
);
