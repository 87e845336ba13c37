-- Every award and deduction, as booked by domain::points::award (so the member's preview and
-- the booked number come from the same code). Never updated in place.
CREATE TABLE points_ledger (
    id           BIGSERIAL PRIMARY KEY,
    member_id    BIGINT  NOT NULL REFERENCES members (id),
    day          TEXT    NOT NULL,
    activity_key TEXT    NOT NULL,
    points       BIGINT  NOT NULL,
    rule_version BIGINT  NOT NULL,
    created_at   TEXT    NOT NULL
);
CREATE INDEX points_ledger_member_day ON points_ledger (member_id, day);
