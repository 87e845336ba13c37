-- Suggestions (意见建议) from members to their branch or committee. A record: every change
-- goes through the record trail.
CREATE TABLE suggestions (
    id                 INTEGER PRIMARY KEY,
    author_member_id   INTEGER NOT NULL REFERENCES members (id),
    author_account_id  INTEGER NOT NULL REFERENCES accounts (id),
    org_id             INTEGER NOT NULL REFERENCES organizations (id),
    title              TEXT    NOT NULL,
    body               TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    reply              TEXT,
    handled_by         INTEGER REFERENCES accounts (id),
    points_awarded     INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);
CREATE INDEX suggestions_author ON suggestions (author_account_id);
CREATE INDEX suggestions_org ON suggestions (org_id);

-- The in-app inbox: messages derived from events already in the trail (a reply, an award),
-- so the inbox itself is not a record.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    link        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    read_at     TEXT
);
CREATE INDEX notifications_account ON notifications (account_id, read_at);
