-- Rollups of the disputes report (src/model/rollup.h, src/stats/disputes.c):
-- each live dispute counts once in each table, by station, type and the day
-- it was registered, with the day it was first handled (a mediation or a
-- referral) or first settled (an agreement), -1 while it has none.  The
-- report's registered, handled and settled figures are sums over these.
-- They move in the same transaction as the dispute (dispute_refresh saves
-- the dispute whenever a mediation or a referral changes its dates).

CREATE TABLE dispute_handled_cells (
	station TEXT NOT NULL,
	type TEXT NOT NULL,
	registered_day INTEGER NOT NULL,
	handled_day INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (station, registered_day, type, handled_day)
);
CREATE INDEX dispute_handled_cells_day ON dispute_handled_cells (registered_day);

CREATE TABLE dispute_settled_cells (
	station TEXT NOT NULL,
	type TEXT NOT NULL,
	registered_day INTEGER NOT NULL,
	settled_day INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (station, registered_day, type, settled_day)
);
CREATE INDEX dispute_settled_cells_day ON dispute_settled_cells (registered_day);
