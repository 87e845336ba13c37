-- Notices (通知公告) an organization posts to the members of its subtree: a branch to its
-- members (flowing branches included, wherever they are), a committee or the county to all
-- below. Each post is an event in the record trail and a message in every reader's inbox.
CREATE TABLE notices (
    id                INTEGER PRIMARY KEY,
    org_id            INTEGER NOT NULL REFERENCES organizations (id),
    audience_path     TEXT NOT NULL,
    title             TEXT NOT NULL,
    body              TEXT NOT NULL,
    author_account_id INTEGER NOT NULL REFERENCES accounts (id),
    created_at        TEXT NOT NULL
);
CREATE INDEX notices_audience ON notices (audience_path, id);
