-- Per-organization totals for the branch boards, so a committee's or the county's board reads
-- one row per organization instead of joining every member (the county board joined 20,138
-- members per request; at a million members it took seconds). Derived data like
-- member_points_year: kept in step in the same transaction as each award and rebuilt after a
-- bulk import (rankings::rebuild_totals); the record trail does not cover it.
CREATE TABLE org_member_counts (
    org_id  BIGINT NOT NULL PRIMARY KEY REFERENCES organizations (id),
    members BIGINT NOT NULL
);
CREATE TABLE org_points_year (
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    year   BIGINT NOT NULL,
    points BIGINT NOT NULL,
    PRIMARY KEY (org_id, year)
);
INSERT INTO org_member_counts (org_id, members)
SELECT org_id, COUNT(*) FROM members GROUP BY org_id;
INSERT INTO org_points_year (org_id, year, points)
SELECT m.org_id, t.year, SUM(t.points)
FROM member_points_year t JOIN members m ON m.id = t.member_id GROUP BY m.org_id, t.year;
