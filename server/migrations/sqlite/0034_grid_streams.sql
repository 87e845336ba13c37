-- Grid-centre streams (docs/rules.md#grid-centre-video): one per village branch or the county.
-- `origin` is kept apart so the security policy can name every stream's site in one query.
CREATE TABLE grid_streams (
    org_id        INTEGER PRIMARY KEY REFERENCES organizations (id),
    name          TEXT    NOT NULL,
    address       TEXT    NOT NULL,
    origin        TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    live_from     INTEGER NOT NULL,
    live_until    INTEGER NOT NULL,
    registered_by INTEGER NOT NULL REFERENCES accounts (id),
    updated_at    TEXT    NOT NULL
);
