-- Signed, expiring preview links: whoever holds one can read the story before it is public.
-- Keep in step with ../postgres/0005_previews.sql.

CREATE TABLE preview_links (
    -- SHA-256 of the link's token: a copy of the database yields no working link.
    token_hash TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
