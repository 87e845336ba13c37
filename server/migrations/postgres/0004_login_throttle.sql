-- Failed logins per account ('m:<mobile>') and per client address ('ip:<addr>'). Kept in the
-- database, not in memory, so every server instance behind a load balancer sees the same counts.
CREATE TABLE login_throttle (
    key          TEXT    PRIMARY KEY,
    failures     BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);
