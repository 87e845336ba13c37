-- Which organization and which member each trail event concerns, so the trail page can filter
-- by them (docs/operations.md#the-record-trail). Derived from the event's own fields when it is
-- appended (an organization's own events, else the record's org_id; a member's own events, else
-- member_id); outside the hash, and checked against the event by `audit verify`.
ALTER TABLE audit_events ADD COLUMN org_id BIGINT;
ALTER TABLE audit_events ADD COLUMN member_id BIGINT;

-- Every stored record is JSON written by the server (an object, a seal or nothing).
UPDATE audit_events SET
  org_id = CASE
    WHEN entity IN ('organizations', 'dues_branch_settings') THEN
      CASE WHEN entity_id ~ '^[0-9]{1,18}$' THEN entity_id::BIGINT END
    ELSE COALESCE(
      CASE WHEN jsonb_typeof(after_json::jsonb -> 'org_id') = 'number' AND (after_json::jsonb ->> 'org_id') ~ '^-?[0-9]{1,18}$'
           THEN (after_json::jsonb ->> 'org_id')::BIGINT END,
      CASE WHEN jsonb_typeof(before_json::jsonb -> 'org_id') = 'number' AND (before_json::jsonb ->> 'org_id') ~ '^-?[0-9]{1,18}$'
           THEN (before_json::jsonb ->> 'org_id')::BIGINT END)
  END,
  member_id = CASE
    WHEN entity IN ('members', 'dues_arrears_notes') THEN
      CASE WHEN entity_id ~ '^[0-9]{1,18}$' THEN entity_id::BIGINT END
    ELSE COALESCE(
      CASE WHEN jsonb_typeof(after_json::jsonb -> 'member_id') = 'number' AND (after_json::jsonb ->> 'member_id') ~ '^-?[0-9]{1,18}$'
           THEN (after_json::jsonb ->> 'member_id')::BIGINT END,
      CASE WHEN jsonb_typeof(before_json::jsonb -> 'member_id') = 'number' AND (before_json::jsonb ->> 'member_id') ~ '^-?[0-9]{1,18}$'
           THEN (before_json::jsonb ->> 'member_id')::BIGINT END)
  END;

CREATE INDEX audit_events_org ON audit_events (org_id, seq);
CREATE INDEX audit_events_member ON audit_events (member_id, seq);
CREATE INDEX audit_events_action ON audit_events (action, seq);
