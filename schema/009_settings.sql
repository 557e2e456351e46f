-- Facts about the database itself, one row per key (model/settings.c).
-- `demo` = '1' when `fengqiao init --demo` loaded generated data: every
-- page and report then says 演示数据 (its trends are generated, not observed).
CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
