-- Incidents (警情), cases (刑事 / 治安案件), the category dictionary, and the
-- rollup cells the statistics read.
--
-- received_day / accepted_day / closed_day are local day numbers (days since
-- 1970-01-01 in the bureau's zone), computed in C when a record is saved.

CREATE TABLE categories (
	id PRIMARY_ID,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	parent_code TEXT REFERENCES categories (code),
	top TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);

INSERT INTO categories (code, name, parent_code, top, created_at, updated_at) VALUES
	('criminal', '刑事', NULL, 'criminal', 0, 0),
	('public_order', '治安', NULL, 'public_order', 0, 0),
	('traffic', '交通', NULL, 'traffic', 0, 0),
	('fire', '火灾', NULL, 'fire', 0, 0),
	('disaster', '灾害事故', NULL, 'disaster', 0, 0),
	('dispute', '纠纷', NULL, 'dispute', 0, 0),
	('assistance', '群众求助', NULL, 'assistance', 0, 0),
	('complaint', '举报投诉', NULL, 'complaint', 0, 0),
	('other', '其他', NULL, 'other', 0, 0),
	('criminal.theft', '盗窃', 'criminal', 'criminal', 0, 0),
	('criminal.theft.livestock', '盗窃牲畜', 'criminal.theft', 'criminal', 0, 0),
	('criminal.fraud', '诈骗', 'criminal', 'criminal', 0, 0),
	('criminal.fraud.telecom', '电信网络诈骗', 'criminal.fraud', 'criminal', 0, 0),
	('criminal.robbery', '抢劫抢夺', 'criminal', 'criminal', 0, 0),
	('criminal.injury', '故意伤害', 'criminal', 'criminal', 0, 0),
	('public_order.assault', '殴打他人', 'public_order', 'public_order', 0, 0),
	('public_order.gambling', '赌博', 'public_order', 'public_order', 0, 0),
	('public_order.disturbance', '寻衅滋事', 'public_order', 'public_order', 0, 0),
	('public_order.damage', '故意损毁财物', 'public_order', 'public_order', 0, 0),
	('traffic.accident', '交通事故', 'traffic', 'traffic', 0, 0),
	('dispute.neighbour', '邻里纠纷', 'dispute', 'dispute', 0, 0),
	('dispute.family', '婚姻家庭纠纷', 'dispute', 'dispute', 0, 0),
	('dispute.grassland', '草场边界纠纷', 'dispute', 'dispute', 0, 0),
	('dispute.labour', '劳资纠纷', 'dispute', 'dispute', 0, 0),
	('assistance.lost', '走失寻人', 'assistance', 'assistance', 0, 0),
	('assistance.unlock', '开锁求助', 'assistance', 'assistance', 0, 0);

CREATE TABLE incidents (
	id PRIMARY_ID,
	incident_no TEXT NOT NULL UNIQUE,
	received_at INTEGER NOT NULL,
	received_day INTEGER NOT NULL,
	station TEXT NOT NULL REFERENCES stations (code),
	category TEXT NOT NULL REFERENCES categories (code),
	top_category TEXT NOT NULL,
	division TEXT REFERENCES divisions (code),
	source TEXT,
	major INTEGER NOT NULL DEFAULT 0,
	address TEXT,
	lat REAL,
	lon REAL,
	summary TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);
-- Lists filter a station's incidents by day; drill-down adds the category.
CREATE INDEX incidents_station_day ON incidents (station, received_day);

CREATE TABLE cases (
	id PRIMARY_ID,
	case_no TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('criminal', 'public_order')),
	station TEXT NOT NULL REFERENCES stations (code),
	accepted_at INTEGER NOT NULL,
	accepted_day INTEGER NOT NULL,
	investigating_at INTEGER,
	processing_at INTEGER,
	closed_at INTEGER,
	closed_day INTEGER,
	revoked_at INTEGER,
	status TEXT NOT NULL CHECK (status IN ('accepted', 'investigating', 'processing', 'closed', 'revoked')),
	incident_no TEXT REFERENCES incidents (incident_no),
	summary TEXT,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);
CREATE INDEX cases_station_day ON cases (station, accepted_day);

-- Rollups: see src/model/rollup.h.  Keys lead with station and day (month) so a
-- report reads one range per station; category and division follow.
CREATE TABLE incident_day (
	station TEXT NOT NULL,
	division TEXT NOT NULL,
	category TEXT NOT NULL,
	day INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (station, day, category, division)
);
CREATE TABLE incident_month (
	station TEXT NOT NULL,
	division TEXT NOT NULL,
	category TEXT NOT NULL,
	month INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (station, month, category, division)
);
CREATE TABLE case_cells (
	station TEXT NOT NULL,
	kind TEXT NOT NULL,
	accepted_day INTEGER NOT NULL,
	closed_day INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (station, kind, accepted_day, closed_day)
);
