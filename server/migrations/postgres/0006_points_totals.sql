-- Each member's points per year, kept in step with points_ledger in the same transaction as
-- every award, so rankings read one row per member instead of summing the ledger. Derived
-- data: it can always be rebuilt from the ledger, so the record trail does not cover it.
CREATE TABLE member_points_year (
    member_id BIGINT NOT NULL REFERENCES members (id),
    year      BIGINT NOT NULL,
    points    BIGINT NOT NULL,
    PRIMARY KEY (member_id, year)
);
INSERT INTO member_points_year (member_id, year, points)
SELECT member_id, CAST(SUBSTR(day, 1, 4) AS BIGINT), SUM(points)
FROM points_ledger GROUP BY member_id, CAST(SUBSTR(day, 1, 4) AS BIGINT);
