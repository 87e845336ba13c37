-- A receipt lists the bills its payment covers (`dues::mine`): found by the payment, not by
-- reading every bill of the county.
CREATE INDEX dues_bills_payment ON dues_bills (payment_id) WHERE payment_id IS NOT NULL;
