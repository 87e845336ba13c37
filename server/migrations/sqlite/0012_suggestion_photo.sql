-- A suggestion may carry one photo (an upload of purpose 'suggestion', by its content hash).
ALTER TABLE suggestions ADD COLUMN photo_key TEXT;
-- Who may see a photo is looked up by its key.
CREATE INDEX suggestions_photo ON suggestions (photo_key);
