-- The record trail (全程记实): every write appends one event with who, when, what, and the
-- record before and after. Each event's hash covers the previous event's hash, so editing or
-- deleting any event breaks the chain; the after-states let `dangjian audit verify` detect a
-- record row edited behind the application's back.
CREATE TABLE audit_events (
    seq              INTEGER PRIMARY KEY,
    at               TEXT    NOT NULL,
    actor_account_id INTEGER,
    action           TEXT    NOT NULL,
    entity           TEXT    NOT NULL,
    entity_id        TEXT,
    before_json      TEXT,
    after_json       TEXT,
    prev_hash        TEXT    NOT NULL,
    hash             TEXT    NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);

-- The chain's head. Appending starts by updating this row, which takes the write lock first on
-- both engines, so concurrent writers queue instead of forking the chain.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The rest of the member file (一人一表, docs/rules.md#member-file).
ALTER TABLE members ADD COLUMN employer TEXT;
ALTER TABLE members ADD COLUMN rewards_penalties TEXT;
ALTER TABLE members ADD COLUMN training_hours INTEGER NOT NULL DEFAULT 0;
