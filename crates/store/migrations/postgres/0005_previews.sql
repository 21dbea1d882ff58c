-- Signed, expiring preview links: whoever holds one can read the story before it is public.
-- Keep in step with ../sqlite/0005_previews.sql.

CREATE TABLE preview_links (
    -- SHA-256 of the link's token: a copy of the database yields no working link.
    token_hash TEXT PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
