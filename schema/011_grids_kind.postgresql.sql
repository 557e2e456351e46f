-- Divisions gain the kind `grid` (011_grids.sql): the kind's CHECK, widened.
ALTER TABLE divisions DROP CONSTRAINT divisions_kind_check;
ALTER TABLE divisions ADD CONSTRAINT divisions_kind_check CHECK (kind IN ('county', 'town', 'community', 'gacha', 'grid'));
