-- Disputes and their mediation (矛盾纠纷多元化解, 四所一庭): the case file of
-- a dispute, its parties, each mediation session, referrals to the partner
-- bodies (司法所, 律师事务所, 基层法律服务所, 人民法庭) and follow-up visits.
-- CONTRACTS.md section 5.
--
-- A dispute's status, handled_on, result_on and settled_on are derived from
-- its mediations and referrals (model/dispute.c), never typed: they are
-- rewritten in the same transaction as any change to those.  Dates are TEXT
-- YYYY-MM-DD, compared as text.  address_key and person_key are folded keys
-- the early warnings look up (full-width folded to half-width, spaces gone).

CREATE TABLE disputes (
	id PRIMARY_ID,
	dispute_no TEXT NOT NULL UNIQUE,
	registered_on TEXT NOT NULL,
	station TEXT NOT NULL REFERENCES stations (code),
	type TEXT NOT NULL,
	source TEXT NOT NULL,
	division TEXT REFERENCES divisions (code),
	address TEXT,
	address_key TEXT,
	incident_no TEXT REFERENCES incidents (incident_no),
	amount REAL,
	officer TEXT REFERENCES personnel (badge_no),
	summary TEXT,
	status TEXT NOT NULL,
	handled_on TEXT,
	result_on TEXT,
	settled_on TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);
CREATE INDEX disputes_station_registered ON disputes (station, registered_on);
CREATE INDEX disputes_registered ON disputes (registered_on);
CREATE INDEX disputes_address_key ON disputes (address_key, registered_on);
CREATE INDEX disputes_incident ON disputes (incident_no);

CREATE TABLE parties (
	id PRIMARY_ID,
	dispute_no TEXT NOT NULL REFERENCES disputes (dispute_no),
	role TEXT NOT NULL,
	name TEXT NOT NULL,
	id_no TEXT,
	phone TEXT,
	address TEXT,
	person_key TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT,
	UNIQUE (dispute_no, name)
);
CREATE INDEX parties_person_key ON parties (person_key);

CREATE TABLE mediations (
	id PRIMARY_ID,
	dispute_no TEXT NOT NULL REFERENCES disputes (dispute_no),
	held_on TEXT NOT NULL,
	mode TEXT NOT NULL,
	result TEXT NOT NULL,
	partner TEXT REFERENCES partners (code),
	mediators TEXT,
	agreement_no TEXT,
	perform_by TEXT,
	note TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT,
	UNIQUE (dispute_no, held_on, mode)
);
CREATE INDEX mediations_held ON mediations (held_on);

CREATE TABLE referrals (
	id PRIMARY_ID,
	referral_no TEXT NOT NULL UNIQUE,
	dispute_no TEXT NOT NULL REFERENCES disputes (dispute_no),
	partner TEXT NOT NULL REFERENCES partners (code),
	referred_on TEXT NOT NULL,
	accepted_on TEXT,
	result TEXT,
	closed_on TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);
CREATE INDEX referrals_dispute ON referrals (dispute_no);
CREATE INDEX referrals_partner ON referrals (partner, dispute_no);
CREATE INDEX referrals_referred ON referrals (referred_on);

CREATE TABLE followups (
	id PRIMARY_ID,
	dispute_no TEXT NOT NULL REFERENCES disputes (dispute_no),
	due_on TEXT NOT NULL,
	done_on TEXT,
	officer TEXT REFERENCES personnel (badge_no),
	performed TEXT,
	satisfaction TEXT,
	risk INTEGER NOT NULL DEFAULT 0,
	note TEXT,
	scheduled INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT,
	UNIQUE (dispute_no, due_on)
);
CREATE INDEX followups_due ON followups (due_on);
