-- Accounts: logins, their sessions, login attempts (for throttling) and the audit log.
-- Keep in step with ../postgres/0002_accounts.sql.

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    -- Stored lowercased; unique.
    email               TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL DEFAULT '',
    -- Argon2id, in PHC string format.
    password_hash       TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
    disabled            INTEGER NOT NULL DEFAULT 0,
    author_id           INTEGER REFERENCES authors (id),
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's token: a leaked table row cannot be replayed as a cookie.
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE login_attempts (
    id        INTEGER PRIMARY KEY,
    ip        TEXT NOT NULL,
    email     TEXT NOT NULL,
    at        INTEGER NOT NULL,
    succeeded INTEGER NOT NULL
);
CREATE INDEX login_attempts_by_ip ON login_attempts (ip, at);
CREATE INDEX login_attempts_by_email ON login_attempts (email, at);

CREATE TABLE audit_events (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    user_id INTEGER REFERENCES users (id),
    action  TEXT NOT NULL,
    object  TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_by_time ON audit_events (at);
