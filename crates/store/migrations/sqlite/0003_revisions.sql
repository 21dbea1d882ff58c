-- Every save of a story is a revision; stories remember who created them (ownership for
-- the role policy). Keep in step with ../postgres/0003_revisions.sql.

ALTER TABLE articles ADD COLUMN created_by INTEGER REFERENCES users (id);

CREATE TABLE revisions (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    user_id       INTEGER REFERENCES users (id),
    at            INTEGER NOT NULL,
    headline      TEXT NOT NULL,
    standfirst    TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    -- Section, tags, authors, lead image, state, schedule, embargo, flags, SEO: as JSON.
    meta          TEXT NOT NULL
);
CREATE UNIQUE INDEX revisions_by_article ON revisions (article_id, version);
