-- A suggestion may carry one photo (an upload of purpose 'suggestion', by its content hash).
ALTER TABLE suggestions ADD COLUMN photo_key TEXT;
