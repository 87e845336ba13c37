-- A dissolved organization (撤销, docs/rules.md#reshaping-the-tree) keeps its row, so its
-- meetings, notices and trail still name it; it leaves every list of the live tree. Absent on
-- live rows; the trail's JSON leaves it out when empty, so earlier events still match.
ALTER TABLE organizations ADD COLUMN dissolved_at TEXT;
