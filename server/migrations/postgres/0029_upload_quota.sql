-- Each account's uploads are counted over the last day for its quota (docs/security.md#requests):
-- read by account and time, not by scanning every upload.
CREATE INDEX uploads_by_account ON uploads (uploaded_by, created_at);
