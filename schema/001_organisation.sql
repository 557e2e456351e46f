-- Organisation: the division tree, stations and their jurisdictions, partner
-- bodies, personnel and the concurrent "进班子" posts.
--
-- Portable SQL (SQLite and PostgreSQL).  PRIMARY_ID is expanded by the
-- backend.  Instants are INTEGER Unix seconds; civil dates TEXT YYYY-MM-DD.
-- Records are never deleted: voided_at / void_reason mark them void.
-- References use the natural keys that files and the API speak (codes,
-- badge numbers), so import, JSON and SQL agree without translation.

CREATE TABLE divisions (
	id PRIMARY_ID,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('county', 'town', 'community', 'gacha')),
	parent_code TEXT REFERENCES divisions (code),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);
CREATE INDEX divisions_parent ON divisions (parent_code);

CREATE TABLE stations (
	id PRIMARY_ID,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	model TEXT NOT NULL CHECK (model IN ('two_teams_one_office', 'multi_skill', 'two_in_one', 'standard')),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);

-- A station's jurisdiction as listed; a town listed here covers its
-- communities and gacha (resolved through divisions.parent_code).
CREATE TABLE station_divisions (
	station_code TEXT NOT NULL REFERENCES stations (code),
	division_code TEXT NOT NULL REFERENCES divisions (code),
	PRIMARY KEY (station_code, division_code)
);
CREATE INDEX station_divisions_division ON station_divisions (division_code);

CREATE TABLE partners (
	id PRIMARY_ID,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('judicial_office', 'law_firm', 'legal_service', 'court')),
	division TEXT REFERENCES divisions (code),
	phone TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);

CREATE TABLE personnel (
	id PRIMARY_ID,
	badge_no TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('police', 'auxiliary')),
	position TEXT NOT NULL CHECK (position IN ('chief', 'instructor', 'deputy_chief',
		'community_officer', 'case_officer', 'auxiliary', 'other')),
	party TEXT NOT NULL CHECK (party IN ('member', 'probationary', 'none')),
	station TEXT NOT NULL REFERENCES stations (code),
	gender TEXT CHECK (gender IN ('male', 'female')),
	hired_on TEXT,
	phone TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);
CREATE INDEX personnel_station ON personnel (station);

CREATE TABLE posts (
	id PRIMARY_ID,
	badge_no TEXT NOT NULL REFERENCES personnel (badge_no),
	kind TEXT NOT NULL CHECK (kind IN ('township_committee', 'village_committee',
		'deputy_secretary', 'secretary_assistant', 'director_assistant')),
	division TEXT NOT NULL REFERENCES divisions (code),
	start_date TEXT NOT NULL,
	end_date TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT,
	UNIQUE (badge_no, kind, division, start_date)
);
CREATE INDEX posts_division ON posts (division);
