-- 014: officers' honours and their past recuperation trips (从优待警, CONTRACTS.md
-- §7): what the recuperation planner scores and excludes by.  model/honour.c
-- and model/recuperation.c describe them.  Dates are TEXT YYYY-MM-DD; a
-- person's honours and trips follow their personnel record's scope.
-- A frozen recuperation plan writes its members' trips here (migration 015).

CREATE TABLE honours (
	id PRIMARY_ID,
	badge_no TEXT NOT NULL REFERENCES personnel (badge_no),
	title TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('model', 'merit_1', 'merit_2', 'merit_3', 'excellent', 'other')),
	awarded_on TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT,
	UNIQUE (badge_no, title, awarded_on)
);
CREATE INDEX honours_awarded ON honours (awarded_on);
CREATE INDEX honours_kind ON honours (kind);

CREATE TABLE recuperations (
	id PRIMARY_ID,
	badge_no TEXT NOT NULL REFERENCES personnel (badge_no),
	year INTEGER NOT NULL,
	route TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT,
	UNIQUE (badge_no, year)
);
CREATE INDEX recuperations_year ON recuperations (year);
