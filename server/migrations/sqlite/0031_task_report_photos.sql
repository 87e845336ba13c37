-- Photos of a task report (docs/rules.md#tasks): re-encoded like meeting photos, with the
-- camera's time and place when the picture carried them. A new report with photos replaces
-- the earlier report's; the trail keeps every report's keys.
CREATE TABLE task_report_photos (
    id            INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES task_assignments (id),
    file_key      TEXT NOT NULL,
    thumb_key     TEXT NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    taken_at      TEXT,
    place         TEXT,
    uploaded_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX task_report_photos_file ON task_report_photos (assignment_id, file_key);
CREATE INDEX task_report_photos_thumb ON task_report_photos (thumb_key);
