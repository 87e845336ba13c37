-- API tokens for integrations (docs/security.md#api-tokens). The secret is kept only as its
-- SHA-256: it has 256 random bits, so a slow hash buys nothing, and a copied table grants
-- nothing. The role and scope root are the creator's when the token was made; the window
-- columns count this minute's requests for the token's rate limit in one statement.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    scopes       TEXT    NOT NULL,
    secret_hash  TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    scope_org_id INTEGER NOT NULL REFERENCES organizations (id),
    created_by   INTEGER NOT NULL REFERENCES accounts (id),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER,
    last_used_at INTEGER,
    uses         INTEGER NOT NULL DEFAULT 0,
    window_start INTEGER NOT NULL DEFAULT 0,
    window_count INTEGER NOT NULL DEFAULT 0
);
-- Every request made with a token, answered or refused.
CREATE TABLE api_token_uses (
    id       INTEGER PRIMARY KEY,
    token_id INTEGER NOT NULL REFERENCES api_tokens (id),
    used_at  INTEGER NOT NULL,
    method   TEXT    NOT NULL,
    path     TEXT    NOT NULL,
    status   INTEGER NOT NULL
);
CREATE INDEX api_token_uses_token ON api_token_uses (token_id, id);
-- Keyed by its time, for the daily purge of old requests.
CREATE INDEX api_token_uses_time ON api_token_uses (used_at);
