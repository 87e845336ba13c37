-- Accounts log in by mobile number. A member's account links to their file; staff accounts
-- (county admin, auditor) may have none. `scope_org_id` is the root of the subtree the role
-- acts on: every permission check is "is the target inside this subtree".
CREATE TABLE accounts (
    id                   BIGINT PRIMARY KEY,
    member_id            BIGINT  REFERENCES members (id),
    mobile               TEXT    NOT NULL UNIQUE,
    display_name         TEXT    NOT NULL,
    password_hash        TEXT    NOT NULL,
    role                 TEXT    NOT NULL,
    scope_org_id         BIGINT  NOT NULL REFERENCES organizations (id),
    must_change_password BIGINT  NOT NULL DEFAULT 1,
    created_at           TEXT    NOT NULL
);
CREATE INDEX accounts_member ON accounts (member_id);

-- Server-side sessions: the cookie holds only a random token; the table holds its SHA-256, so a
-- copy of the database cannot be replayed as a cookie.
CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    account_id  BIGINT  NOT NULL REFERENCES accounts (id),
    created_at  TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
