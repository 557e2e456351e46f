-- Personnel belong to a unit (013_units.sql); only those of a station unit
-- have a station.  SQLite cannot drop a NOT NULL: its documented way to
-- loosen a constraint is to rewrite the table's SQL in the schema (every
-- stored row that passed the old constraint passes the new one), as
-- 011_grids_kind.sqlite.sql did.
ALTER TABLE personnel ADD COLUMN unit TEXT REFERENCES units (code);
UPDATE personnel SET unit = station;
CREATE INDEX personnel_unit ON personnel (unit);
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'station TEXT NOT NULL REFERENCES stations (code)', 'station TEXT REFERENCES stations (code)')
	WHERE type = 'table' AND name = 'personnel';
PRAGMA writable_schema = RESET;
