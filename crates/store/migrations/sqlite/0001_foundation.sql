-- Newsdesk schema, SQLite dialect. Keep in step with ../postgres/0001_foundation.sql:
-- a test compares the two schemas' tables and columns.
-- Times are unix seconds (INTEGER). Ids are 64-bit integers.

CREATE TABLE sections (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    parent_id   INTEGER REFERENCES sections (id)
);

CREATE TABLE tags (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE media (
    id           INTEGER PRIMARY KEY,
    storage_key  TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    content_type TEXT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    alt          TEXT NOT NULL DEFAULT '',
    caption      TEXT NOT NULL DEFAULT '',
    credit       TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);

CREATE TABLE media_renditions (
    media_id     INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    storage_key  TEXT NOT NULL,
    content_type TEXT NOT NULL,
    PRIMARY KEY (media_id, width, content_type)
);

CREATE TABLE authors (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    bio            TEXT NOT NULL DEFAULT '',
    photo_media_id INTEGER REFERENCES media (id)
);

CREATE TABLE articles (
    id                 INTEGER PRIMARY KEY,
    slug               TEXT NOT NULL,
    headline           TEXT NOT NULL,
    standfirst         TEXT NOT NULL DEFAULT '',
    body_markdown      TEXT NOT NULL DEFAULT '',
    body_html          TEXT NOT NULL DEFAULT '',
    lead_media_id      INTEGER REFERENCES media (id),
    section_id         INTEGER NOT NULL REFERENCES sections (id),
    state              TEXT NOT NULL DEFAULT 'draft'
        CHECK (state IN ('draft', 'in_review', 'scheduled', 'published', 'unpublished')),
    first_published_at INTEGER,
    published_at       INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    scheduled_for      INTEGER,
    embargo_until      INTEGER,
    flags              INTEGER NOT NULL DEFAULT 0,
    seo_title          TEXT,
    seo_description    TEXT,
    canonical_url      TEXT,
    version            INTEGER NOT NULL DEFAULT 1,
    UNIQUE (section_id, slug)
);
CREATE INDEX articles_public_by_time ON articles (state, published_at DESC, id DESC);
CREATE INDEX articles_section_by_time ON articles (section_id, state, published_at DESC, id DESC);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES authors (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_by_author ON article_authors (author_id, article_id);

CREATE TABLE corrections (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('correction', 'update')),
    body         TEXT NOT NULL,
    published_at INTEGER NOT NULL
);
CREATE INDEX corrections_by_article ON corrections (article_id, published_at);

-- The change log: every write appends a row in the same transaction. Caches, the search
-- index, CDN purges and webhooks follow it by id.
CREATE TABLE changes (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    object    TEXT NOT NULL,
    action    TEXT NOT NULL,
    keys      TEXT NOT NULL
);
