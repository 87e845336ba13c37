-- Which organization and which member each trail event concerns, so the trail page can filter
-- by them (docs/operations.md#the-record-trail). Derived from the event's own fields when it is
-- appended (an organization's own events, else the record's org_id; a member's own events, else
-- member_id); outside the hash, and checked against the event by `audit verify`.
ALTER TABLE audit_events ADD COLUMN org_id INTEGER;
ALTER TABLE audit_events ADD COLUMN member_id INTEGER;

UPDATE audit_events SET
  org_id = CASE
    WHEN entity IN ('organizations', 'dues_branch_settings') THEN
      CASE WHEN entity_id GLOB '[0-9]*' AND entity_id NOT GLOB '*[^0-9]*' AND length(entity_id) <= 18
           THEN CAST(entity_id AS INTEGER) END
    ELSE (SELECT CAST(v AS INTEGER) FROM (
            SELECT json_extract(after_json, '$.org_id') AS v
              WHERE json_valid(after_json) AND json_type(after_json, '$.org_id') = 'integer'
            UNION ALL
            SELECT json_extract(before_json, '$.org_id')
              WHERE json_valid(before_json) AND json_type(before_json, '$.org_id') = 'integer'
          ) LIMIT 1)
  END,
  member_id = CASE
    WHEN entity IN ('members', 'dues_arrears_notes') THEN
      CASE WHEN entity_id GLOB '[0-9]*' AND entity_id NOT GLOB '*[^0-9]*' AND length(entity_id) <= 18
           THEN CAST(entity_id AS INTEGER) END
    ELSE (SELECT CAST(v AS INTEGER) FROM (
            SELECT json_extract(after_json, '$.member_id') AS v
              WHERE json_valid(after_json) AND json_type(after_json, '$.member_id') = 'integer'
            UNION ALL
            SELECT json_extract(before_json, '$.member_id')
              WHERE json_valid(before_json) AND json_type(before_json, '$.member_id') = 'integer'
          ) LIMIT 1)
  END;

CREATE INDEX audit_events_org ON audit_events (org_id, seq);
CREATE INDEX audit_events_member ON audit_events (member_id, seq);
CREATE INDEX audit_events_action ON audit_events (action, seq);
