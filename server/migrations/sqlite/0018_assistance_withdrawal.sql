-- A team withdrawn from its village (驻村期满或调整撤回): the last day it is there. Months after
-- that owe no summary, and no visit is logged after it. NULL: still there.
ALTER TABLE assistance_teams ADD COLUMN ended_on TEXT;
