-- An administrator may disable an account (a member who left, a lost phone) and enable it
-- again; a disabled account cannot sign in and its sessions end (docs/operations.md#accounts).
ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
