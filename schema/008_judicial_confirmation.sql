-- Judicial confirmation (司法确认) of a mediation agreement: the parties
-- apply to the people's court, which rules the agreement enforceable.
-- Kept on the session that reached the agreement (model/mediation.c).
ALTER TABLE mediations ADD COLUMN confirm_applied_on TEXT;
ALTER TABLE mediations ADD COLUMN confirm_court TEXT REFERENCES partners (code);
ALTER TABLE mediations ADD COLUMN confirm_ruling TEXT;
ALTER TABLE mediations ADD COLUMN confirmed_on TEXT;
