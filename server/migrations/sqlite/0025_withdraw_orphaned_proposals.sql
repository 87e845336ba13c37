-- 转正 proposals still open for members who had already stopped counting close undecided, as a
-- standing change now closes them (docs/rules.md#standing-changes): nobody decides them, and a
-- member restored later is proposed anew.
UPDATE conversions
SET state = 'withdrawn', note = '党籍状态变更', decided_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE state = 'proposed' AND member_id IN (SELECT id FROM members WHERE standing <> 'active');
