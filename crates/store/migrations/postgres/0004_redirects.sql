-- Old addresses of moved stories, answered with 301 forever; also editable by hand.
-- Keep in step with ../sqlite/0004_redirects.sql.

CREATE TABLE redirects (
    from_path  TEXT PRIMARY KEY,
    to_path    TEXT NOT NULL,
    article_id BIGINT REFERENCES articles (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX redirects_by_target ON redirects (to_path);
