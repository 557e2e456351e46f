-- Units beside and above the stations (CONTRACTS.md §7): a bureau's other
-- units (criminal investigation, traffic, ...) and, for a city bureau, its
-- county bureaus with their stations.  Every station is a unit of kind
-- `station` with the same code; its jurisdiction and model stay in
-- `stations`.  front_line NULL means the kind's default (model/unit.c).
CREATE TABLE units (
	id PRIMARY_ID,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('bureau', 'station', 'criminal', 'traffic', 'patrol', 'drugs',
		'prison', 'office', 'other')),
	parent_code TEXT REFERENCES units (code),
	front_line INTEGER CHECK (front_line IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);
CREATE INDEX units_parent ON units (parent_code);

-- The closure of the unit tree: one row per unit and each unit at or above
-- it (depth 0: itself), kept by model/unit.c in the transaction of every
-- unit write.  The scope "unit and below" reads it:
-- station IN (SELECT descendant FROM unit_tree WHERE ancestor = ?).
CREATE TABLE unit_tree (
	ancestor TEXT NOT NULL REFERENCES units (code),
	descendant TEXT NOT NULL REFERENCES units (code),
	depth INTEGER NOT NULL,
	PRIMARY KEY (ancestor, descendant)
);
CREATE INDEX unit_tree_descendant ON unit_tree (descendant);

-- every station so far is a unit at the top (a bureau above them comes by import)
INSERT INTO units (code, name, kind, parent_code, front_line, created_at, updated_at, voided_at, void_reason)
	SELECT code, name, 'station', NULL, NULL, created_at, updated_at, voided_at, void_reason FROM stations;
INSERT INTO unit_tree (ancestor, descendant, depth) SELECT code, code, 0 FROM units;
