-- Grid-centre streams (docs/rules.md#grid-centre-video): one per village branch or the county.
-- `origin` is kept apart so the security policy can name every stream's site in one query.
CREATE TABLE grid_streams (
    org_id        BIGINT  PRIMARY KEY REFERENCES organizations (id),
    name          TEXT    NOT NULL,
    address       TEXT    NOT NULL,
    origin        TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    live_from     BIGINT  NOT NULL,
    live_until    BIGINT  NOT NULL,
    registered_by BIGINT  NOT NULL REFERENCES accounts (id),
    updated_at    TEXT    NOT NULL
);
