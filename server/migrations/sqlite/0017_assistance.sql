-- Village assistance (驻村帮扶): teams that an organization (the county or a committee)
-- stations in a village, their members, their visit logs with photos and a summary per month.
-- Days are China dates ('2026-11-29'), months 'YYYY-MM'. Every change is also a trail event.
CREATE TABLE assistance_teams (
    id          INTEGER PRIMARY KEY,
    -- The organization that sends the team and follows its reports.
    org_id      INTEGER NOT NULL REFERENCES organizations (id),
    name        TEXT NOT NULL,
    village     TEXT NOT NULL,
    started_on  TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES accounts (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX assistance_teams_org ON assistance_teams (org_id);

CREATE TABLE assistance_team_members (
    team_id     INTEGER NOT NULL REFERENCES assistance_teams (id),
    member_id   INTEGER NOT NULL REFERENCES members (id),
    -- leader | member
    role        TEXT NOT NULL,
    PRIMARY KEY (team_id, member_id)
);
CREATE INDEX assistance_team_members_member ON assistance_team_members (member_id);

CREATE TABLE assistance_visits (
    id          INTEGER PRIMARY KEY,
    team_id     INTEGER NOT NULL REFERENCES assistance_teams (id),
    visited_on  TEXT NOT NULL,
    content     TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES accounts (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX assistance_visits_team ON assistance_visits (team_id, visited_on);

CREATE TABLE assistance_visit_photos (
    id          INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL REFERENCES assistance_visits (id),
    file_key    TEXT NOT NULL,
    thumb_key   TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    taken_at    TEXT,
    place       TEXT
);
CREATE UNIQUE INDEX assistance_visit_photos_file ON assistance_visit_photos (visit_id, file_key);

CREATE TABLE assistance_summaries (
    team_id     INTEGER NOT NULL REFERENCES assistance_teams (id),
    month       TEXT NOT NULL,
    content     TEXT NOT NULL,
    written_by  INTEGER NOT NULL REFERENCES accounts (id),
    written_at  TEXT NOT NULL,
    PRIMARY KEY (team_id, month)
);
