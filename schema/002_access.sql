-- Access: users and their roles, sessions shared by every server process,
-- login throttling, and the append-only, hash-chained audit log.

CREATE TABLE users (
	id PRIMARY_ID,
	username TEXT NOT NULL UNIQUE,
	display_name TEXT,
	role TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'station', 'officer', 'grid', 'mediator')),
	unit TEXT,
	disabled INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT,
	password_changed_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	voided_at INTEGER,
	void_reason TEXT
);

-- The token itself never rests here, only its SHA-256.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id),
	csrf_token TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,
	ip TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
	username TEXT NOT NULL,
	ip TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (username, ip, at);

-- hash = SHA-256 of the previous entry's hash and this entry's fields, so
-- any change to a past entry breaks every link after it.
CREATE TABLE audit_log (
	id PRIMARY_ID,
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	ip TEXT,
	action TEXT NOT NULL,
	kind TEXT,
	record_id INTEGER,
	detail TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (kind, record_id);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
