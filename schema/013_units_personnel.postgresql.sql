-- Personnel belong to a unit (013_units.sql); only those of a station unit
-- have a station.
ALTER TABLE personnel ADD COLUMN unit TEXT REFERENCES units (code);
UPDATE personnel SET unit = station;
CREATE INDEX personnel_unit ON personnel (unit);
ALTER TABLE personnel ALTER COLUMN station DROP NOT NULL;
