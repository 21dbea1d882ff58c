-- API tokens: each acts for the person who made it, limited to its scopes. Only the
-- token's SHA-256 is kept (it is shown once, when made). Keep in step with
-- ../postgres/0014_api_tokens.sql.

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    -- The first characters of the token, to recognise it in lists.
    prefix       TEXT NOT NULL,
    -- Scope names separated by spaces: content:read content:write media structure users.
    scopes       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);

CREATE INDEX api_tokens_user ON api_tokens (user_id);
