-- Documents of a task report (docs/rules.md#tasks): a PDF, Word or Excel file as sent, under a
-- name by content; `name` is the one the phone gave.
CREATE TABLE task_report_files (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES task_assignments (id),
    file_key      TEXT NOT NULL,
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    -- Set when a later report brought its own: the report shows only the latest, while the
    -- trail's keys still open for whoever may read the task.
    superseded_at TEXT,
    uploaded_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX task_report_files_file ON task_report_files (assignment_id, file_key);
CREATE INDEX task_report_files_key ON task_report_files (file_key);

-- A report's photos are kept the same way when a later report replaces them.
ALTER TABLE task_report_photos ADD COLUMN superseded_at TEXT;
