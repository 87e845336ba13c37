-- Every sign-in with a meeting's code, right or wrong (docs/security.md#sign-in-codes): a
-- six-digit code could be guessed, so a member's wrong codes for a meeting open for sign-in are
-- counted, and after five that meeting takes no code from them (the branch marks them).
CREATE TABLE sign_in_attempts (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    member_id   INTEGER NOT NULL REFERENCES members (id),
    attempted_at TEXT   NOT NULL,
    succeeded   INTEGER NOT NULL
);
CREATE INDEX sign_in_attempts_member ON sign_in_attempts (meeting_id, member_id);
