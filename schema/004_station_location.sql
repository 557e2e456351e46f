-- Where each station stands (WGS-84 degrees), for the coverage map.
ALTER TABLE stations ADD COLUMN lat REAL;
ALTER TABLE stations ADD COLUMN lon REAL;
