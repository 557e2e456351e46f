-- Divisions gain the kind `grid` (011_grids.sql).  SQLite cannot alter a
-- CHECK constraint; its documented way to loosen one is to rewrite the
-- table's SQL in the schema (the stored rows do not change: every row that
-- passed the old check passes the new one).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '''community'', ''gacha''))', '''community'', ''gacha'', ''grid''))')
	WHERE type = 'table' AND name = 'divisions';
PRAGMA writable_schema = RESET;
