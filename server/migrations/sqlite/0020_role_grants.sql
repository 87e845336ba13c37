-- One account, several roles (docs/operations.md#roles): the account's own role stays on
-- `accounts` (a member's is "member" at their branch); every further role an administrator
-- grants is a row here. A session acts in one of them at a time: `sessions.role_grant_id`
-- names the grant, or is empty for the account's own role. Revoking a grant deletes its row,
-- so a session acting in it falls back to the account's own role at its next request.
CREATE TABLE role_grants (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id),
    role          TEXT    NOT NULL,
    scope_org_id  INTEGER NOT NULL REFERENCES organizations (id),
    granted_by    INTEGER REFERENCES accounts (id),
    granted_at    TEXT    NOT NULL,
    UNIQUE (account_id, role, scope_org_id)
);
CREATE INDEX role_grants_scope ON role_grants (scope_org_id, role);

ALTER TABLE sessions ADD COLUMN role_grant_id INTEGER REFERENCES role_grants (id) ON DELETE SET NULL;

-- Every role every account holds: whom to tell when a branch's secretary is wanted.
CREATE VIEW account_roles AS
    SELECT id AS account_id, role, scope_org_id FROM accounts
    UNION
    SELECT account_id, role, scope_org_id FROM role_grants;
