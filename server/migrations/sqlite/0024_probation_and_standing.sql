-- A member's standing (党籍状态, docs/rules.md#standing-changes): only 'active' members count on
-- boards, in counts, bills, reminders, invitations and notices; the others keep their file as
-- history. The columns are left out of the trail's JSON while at their defaults, so earlier
-- events still match their rows.
ALTER TABLE members ADD COLUMN standing TEXT NOT NULL DEFAULT 'active';
ALTER TABLE members ADD COLUMN standing_since TEXT;
ALTER TABLE members ADD COLUMN standing_reason TEXT;
-- An extension of the probation granted by the committee (6–12 months, once).
ALTER TABLE members ADD COLUMN probation_extension_months INTEGER;
CREATE INDEX members_org_standing ON members (org_id, standing);

-- 预备党员转正 (docs/rules.md#admission-to-full-membership): the branch assembly's proposal and
-- the committee's decision on it. At most one open proposal per member.
CREATE TABLE conversions (
    id               INTEGER PRIMARY KEY,
    member_id        INTEGER NOT NULL REFERENCES members (id),
    org_id           INTEGER NOT NULL REFERENCES organizations (id),
    state            TEXT    NOT NULL,
    meeting_on       TEXT    NOT NULL,
    entitled         INTEGER NOT NULL,
    in_favour        INTEGER NOT NULL,
    against          INTEGER NOT NULL,
    abstaining       INTEGER NOT NULL,
    proposed_by      INTEGER NOT NULL REFERENCES accounts (id),
    proposed_at      TEXT    NOT NULL,
    decided_by       INTEGER REFERENCES accounts (id),
    decided_at       TEXT,
    extension_months INTEGER,
    note             TEXT
);
CREATE INDEX conversions_member ON conversions (member_id);
CREATE INDEX conversions_org ON conversions (org_id, state);
CREATE UNIQUE INDEX conversions_one_open ON conversions (member_id) WHERE state = 'proposed';
