-- The boards' stamp counts accepted task reports on every home page (docs/rules.md#rankings-and-lists):
-- a partial index keeps that count to the accepted rows' index entries instead of every
-- assignment ever sent.
CREATE INDEX task_assignments_accepted ON task_assignments (accepted_on) WHERE accepted_on IS NOT NULL;
