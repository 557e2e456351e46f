-- Prevention and governance ledgers (台账), CONTRACTS.md section 6: hazards
-- found and fixed, household visits, law publicity and anti-fraud outreach,
-- fraud-warning dissuasions, committee meetings and their action items.
-- model/ledger.c and model/meeting.c describe them.
--
-- Dates are TEXT YYYY-MM-DD, compared as text; instants INTEGER Unix
-- seconds with their local day beside them (received_day), as incidents.
-- `station` on visits, meetings and actions is derived (the officer's, the
-- attendee's, the meeting's station when first recorded): it is the unit a
-- station user's scope and the reports select by.  The volumes are
-- thousands of rows a year: the reports count them with plain queries over
-- these indexes, no rollup cells (docs/architecture.md).

CREATE TABLE hazards (
	id PRIMARY_ID,
	hazard_no TEXT NOT NULL UNIQUE,
	found_on TEXT NOT NULL,
	station TEXT NOT NULL REFERENCES stations (code),
	type TEXT NOT NULL,
	place TEXT NOT NULL,
	deadline TEXT NOT NULL,
	division TEXT REFERENCES divisions (code),
	level TEXT,
	fixed_on TEXT,
	responsible TEXT,
	note TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);
CREATE INDEX hazards_station_found ON hazards (station, found_on);
CREATE INDEX hazards_found ON hazards (found_on);
CREATE INDEX hazards_division ON hazards (division, found_on);
CREATE INDEX hazards_open ON hazards (deadline) WHERE voided_at IS NULL AND fixed_on IS NULL;

CREATE TABLE visits (
	id PRIMARY_ID,
	visited_on TEXT NOT NULL,
	officer TEXT NOT NULL REFERENCES personnel (badge_no),
	division TEXT NOT NULL REFERENCES divisions (code),
	station TEXT NOT NULL REFERENCES stations (code),
	households INTEGER NOT NULL,
	people INTEGER NOT NULL,
	opinions INTEGER,
	resolved INTEGER,
	satisfied INTEGER,
	basic INTEGER,
	unsatisfied INTEGER,
	note TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT,
	UNIQUE (officer, division, visited_on)
);
CREATE INDEX visits_station_visited ON visits (station, visited_on);
CREATE INDEX visits_visited ON visits (visited_on);
CREATE INDEX visits_division ON visits (division, visited_on);

CREATE TABLE outreach (
	id PRIMARY_ID,
	held_on TEXT NOT NULL,
	station TEXT NOT NULL REFERENCES stations (code),
	kind TEXT NOT NULL,
	place TEXT NOT NULL,
	audience INTEGER NOT NULL,
	division TEXT REFERENCES divisions (code),
	materials INTEGER,
	app_registrations INTEGER,
	note TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT,
	UNIQUE (station, held_on, kind, place)
);
CREATE INDEX outreach_held ON outreach (held_on);
CREATE INDEX outreach_division ON outreach (division, held_on);

CREATE TABLE dissuasions (
	id PRIMARY_ID,
	warning_no TEXT NOT NULL UNIQUE,
	received_at INTEGER NOT NULL,
	received_day INTEGER NOT NULL,
	station TEXT NOT NULL REFERENCES stations (code),
	kind TEXT NOT NULL,
	risk TEXT NOT NULL,
	method TEXT NOT NULL,
	dissuaded_at INTEGER,
	result TEXT,
	loss REAL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);
CREATE INDEX dissuasions_station_day ON dissuasions (station, received_day);
CREATE INDEX dissuasions_day ON dissuasions (received_day);

CREATE TABLE meetings (
	id PRIMARY_ID,
	held_on TEXT NOT NULL,
	division TEXT NOT NULL REFERENCES divisions (code),
	kind TEXT NOT NULL,
	attendee TEXT NOT NULL REFERENCES personnel (badge_no),
	station TEXT NOT NULL REFERENCES stations (code),
	topics TEXT,
	briefed INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT,
	UNIQUE (division, held_on, kind)
);
CREATE INDEX meetings_station_held ON meetings (station, held_on);
CREATE INDEX meetings_held ON meetings (held_on);

-- An action item belongs to the meetings its division held that day (one
-- sitting, whatever their kinds): model/meeting.c.
CREATE TABLE actions (
	id PRIMARY_ID,
	division TEXT NOT NULL REFERENCES divisions (code),
	held_on TEXT NOT NULL,
	item TEXT NOT NULL,
	station TEXT NOT NULL REFERENCES stations (code),
	owner TEXT NOT NULL,
	due_on TEXT NOT NULL,
	done_on TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT,
	UNIQUE (division, held_on, item)
);
CREATE INDEX actions_station_due ON actions (station, due_on);
CREATE INDEX actions_open ON actions (due_on) WHERE voided_at IS NULL AND done_on IS NULL;
