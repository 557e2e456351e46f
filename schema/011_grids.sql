-- Grids and grid reports (网格, 网格上报): CONTRACTS.md section 6.
--
-- A grid is a division of kind `grid` under a community or gacha (its code
-- is the parent's 12 digits and 3 of its own); the kind's CHECK is widened
-- by 011_grids_kind.<backend>.sql, the one statement the two engines write
-- differently.  A grid's station is not stored: it is the station whose
-- jurisdiction holds the grid's parent (model/org.c).
--
-- A grid worker reports what it finds in its grid; the station accepts it
-- (accepted_at), decides its outcome (turned into a dispute or an incident,
-- later a hazard, or no action: outcome_no names the record it became) and
-- gives feedback (feedback_at, feedback) that the grid worker sees.  Times
-- are Unix seconds; reported_day is the local day number of reported_at.
-- The dispute or incident a report became carries the report's number
-- (gridreport_no), so the link is kept both ways.

CREATE TABLE gridreports (
	id PRIMARY_ID,
	report_no TEXT NOT NULL UNIQUE,
	reported_at INTEGER NOT NULL,
	reported_day INTEGER NOT NULL,
	grid TEXT NOT NULL REFERENCES divisions (code),
	kind TEXT NOT NULL,
	summary TEXT NOT NULL,
	address TEXT,
	accepted_at INTEGER,
	outcome TEXT,
	outcome_no TEXT,
	feedback_at INTEGER,
	feedback TEXT,
	status TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);
CREATE INDEX gridreports_grid_day ON gridreports (grid, reported_day);
CREATE INDEX gridreports_day ON gridreports (reported_day);
CREATE INDEX gridreports_outcome ON gridreports (outcome_no);

ALTER TABLE disputes ADD COLUMN gridreport_no TEXT REFERENCES gridreports (report_no);
ALTER TABLE incidents ADD COLUMN gridreport_no TEXT REFERENCES gridreports (report_no);
