-- Early warnings (CONTRACTS.md section 5): the indexes they read.
--
-- An incident's address_key is its address folded like a dispute's
-- (full-width to half-width, ASCII lower case, spaces removed:
-- text_fold_key), derived in model/incident.c.  Rows that existed before
-- this migration are filled in by incident_backfill_address_keys() the
-- first time the program opens the database after it (fold rules live in C,
-- not SQL); the row in pending_backfills says that is still to do.
--
-- Every warning reads one range of an index: the days of a window, and the
-- keys it then looks up.  The partial indexes hold only what a warning can
-- count (live rows, the three top categories of incidents), so the window
-- ranges are as short as they can be and each is covering.

ALTER TABLE incidents ADD COLUMN address_key TEXT;

CREATE TABLE pending_backfills (
	name TEXT PRIMARY KEY
);
INSERT INTO pending_backfills (name) VALUES ('incidents.address_key');

-- A party carries its dispute's registration day (model/party.c derives it,
-- model/dispute.c keeps it when the dispute's changes), so a window's parties
-- are one range of parties_warn_day, without a join.
ALTER TABLE parties ADD COLUMN registered_on TEXT;
UPDATE parties SET registered_on = (SELECT d.registered_on FROM disputes d WHERE d.dispute_no = parties.dispute_no);

-- SQLite (3.40) counts an index as covering only when its columns hold every
-- column the query names, the partial index's own condition included: hence
-- voided_at (and top_category) at the end of the window indexes.

-- repeat_address: incidents of a window by day, with their key; then a key's incidents by day.
CREATE INDEX incidents_warn_day ON incidents (received_day, station, address_key, top_category, voided_at)
	WHERE voided_at IS NULL AND address_key IS NOT NULL
	AND top_category IN ('dispute', 'public_order', 'criminal');
CREATE INDEX incidents_warn_address ON incidents (address_key, received_day)
	WHERE voided_at IS NULL AND address_key IS NOT NULL
	AND top_category IN ('dispute', 'public_order', 'criminal');

-- repeat_address and repeat_party: live disputes of a window by day.
CREATE INDEX disputes_warn_day ON disputes (registered_on, station, dispute_no, address_key, voided_at) WHERE voided_at IS NULL;
-- repeat_party: the parties of a window by day (the whole bureau); a dispute's parties (a station's
-- window, read from disputes_warn_day); a person's parties.
CREATE INDEX parties_warn_day ON parties (registered_on, person_key, voided_at) WHERE voided_at IS NULL;
CREATE INDEX parties_warn_dispute ON parties (dispute_no, person_key, voided_at) WHERE voided_at IS NULL;
CREATE INDEX parties_warn_person ON parties (person_key, dispute_no) WHERE voided_at IS NULL;
-- unresolved: the follow-ups that found a risk or the agreement not performed, and a
-- dispute's later done follow-ups; the disputes without a result (or with a late one).
CREATE INDEX followups_warn_risk ON followups (done_on, dispute_no, due_on)
	WHERE voided_at IS NULL AND done_on IS NOT NULL AND (risk = 1 OR performed = 'no');
CREATE INDEX followups_warn_done ON followups (dispute_no, due_on, done_on) WHERE voided_at IS NULL AND done_on IS NOT NULL;
CREATE INDEX disputes_warn_result ON disputes (result_on, registered_on) WHERE voided_at IS NULL;
