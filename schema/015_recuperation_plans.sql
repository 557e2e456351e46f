-- 015: saved recuperation plans (CONTRACTS.md §7): the programme and the plan
-- as last computed or checked (JSON text), a draft until frozen; freezing
-- writes the members into recuperations (the history the next years read).
CREATE TABLE recuperation_plans (
	id PRIMARY_ID,
	name TEXT NOT NULL,
	year INTEGER NOT NULL,
	programme TEXT NOT NULL,
	result TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft', 'frozen')),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	frozen_at INTEGER,
	created_by TEXT NOT NULL
);

CREATE TABLE recuperation_plan_members (
	id PRIMARY_ID,
	plan_id INTEGER NOT NULL REFERENCES recuperation_plans (id),
	group_code TEXT NOT NULL,
	route TEXT NOT NULL,
	badge_no TEXT NOT NULL REFERENCES personnel (badge_no),
	UNIQUE (plan_id, badge_no)
);
