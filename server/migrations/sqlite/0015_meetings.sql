-- Organizational life (三会一课, 主题党日; docs/rules.md#organizational-life): a branch plans its meetings, members see
-- them coming. Times are China time to the minute ('2026-12-05T09:00'), as the form sends them.
CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    kind        TEXT NOT NULL,
    topic       TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    place       TEXT NOT NULL,
    -- planned → (recording, review: see 0016) | cancelled
    status      TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES accounts (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX meetings_org_start ON meetings (org_id, starts_at);
