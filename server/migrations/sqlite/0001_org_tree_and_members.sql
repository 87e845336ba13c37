-- Settings and one-time markers (e.g. "the demo county is loaded").
CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The organization tree. `path` is the materialized path '/1/4/17/' of ids from the root, so a
-- subtree is one indexed prefix scan: every admin query is scoped to a subtree.
CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES organizations (id),
    kind        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    path        TEXT    NOT NULL UNIQUE,
    depth       INTEGER NOT NULL,
    is_village  INTEGER NOT NULL DEFAULT 0,
    city        TEXT,
    lat_e6      INTEGER,
    lng_e6      INTEGER,
    term_start  TEXT,
    term_end    TEXT,
    created_at  TEXT    NOT NULL
);
CREATE INDEX organizations_parent ON organizations (parent_id);

-- A member's file (一人一表).
CREATE TABLE members (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES organizations (id),
    name                TEXT    NOT NULL,
    sex                 TEXT    NOT NULL,
    ethnicity           TEXT    NOT NULL,
    birth_date          TEXT    NOT NULL,
    id_number           TEXT    NOT NULL UNIQUE,
    mobile              TEXT    NOT NULL UNIQUE,
    education           TEXT    NOT NULL,
    joined_on           TEXT    NOT NULL,
    full_on             TEXT,
    status              TEXT    NOT NULL,
    job                 TEXT    NOT NULL,
    dues_category       TEXT    NOT NULL,
    dues_base_fen       INTEGER NOT NULL,
    flowing_destination TEXT,
    created_at          TEXT    NOT NULL
);
CREATE INDEX members_org ON members (org_id);

-- Leadership teams (班子) and terms of office feed the 换届 reminders.
CREATE TABLE leadership (
    org_id    INTEGER NOT NULL REFERENCES organizations (id),
    member_id INTEGER NOT NULL REFERENCES members (id),
    position  TEXT    NOT NULL,
    since     TEXT    NOT NULL,
    PRIMARY KEY (org_id, member_id, position)
);
