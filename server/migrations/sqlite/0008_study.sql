-- Study material (学习): articles, videos and quizzes for an audience subtree, published at a
-- time (China time, 'YYYY-MM-DDTHH:MM', compared as text) and withdrawn by setting
-- withdrawn_at. A record: every change goes through the record trail.
CREATE TABLE study_items (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT    NOT NULL CHECK (kind IN ('article', 'video', 'quiz')),
    column_name        TEXT    NOT NULL,
    title              TEXT    NOT NULL,
    body_md            TEXT    NOT NULL,
    video_url          TEXT,
    quiz_src           TEXT,
    audience_org_id    INTEGER NOT NULL REFERENCES organizations (id),
    audience_path      TEXT    NOT NULL,
    author_account_id  INTEGER NOT NULL REFERENCES accounts (id),
    publish_at         TEXT    NOT NULL,
    withdrawn_at       TEXT,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);
CREATE INDEX study_items_publish ON study_items (publish_at);

-- Where a member is in an item (percent read, or seconds into a video) and whether it is
-- finished. Points for finishing are booked in points_ledger, through the trail.
CREATE TABLE study_progress (
    member_id      INTEGER NOT NULL REFERENCES members (id),
    item_id        INTEGER NOT NULL REFERENCES study_items (id),
    position       INTEGER NOT NULL DEFAULT 0,
    percent        INTEGER NOT NULL DEFAULT 0,
    completed_at   TEXT,
    score_percent  INTEGER,
    points         INTEGER NOT NULL DEFAULT 0,
    updated_at     TEXT    NOT NULL,
    PRIMARY KEY (member_id, item_id)
);

-- Uploaded files (images in study articles, later meeting photos); the bytes are in the file
-- store under `key`.
CREATE TABLE uploads (
    id            INTEGER PRIMARY KEY,
    key           TEXT    NOT NULL UNIQUE,
    content_type  TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    purpose       TEXT    NOT NULL,
    uploaded_by   INTEGER NOT NULL REFERENCES accounts (id),
    created_at    TEXT    NOT NULL
);
