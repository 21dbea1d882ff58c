-- Standalone pages (About us, Contact, the corrections and ethics policies, Privacy): each
-- at its own address (/about), in the footer and the pages sitemap, never in news lists,
-- news feeds or the news sitemap. Every save is a revision. Keep in step with
-- ../postgres/0012_pages.sql.

CREATE TABLE pages (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    body_markdown   TEXT NOT NULL DEFAULT '',
    body_html       TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
    -- What the page is for, when the site's structured data should name it:
    -- '', 'about', 'contact', 'corrections', 'ethics', 'privacy'.
    purpose         TEXT NOT NULL DEFAULT '',
    in_footer       INTEGER NOT NULL DEFAULT 0,
    footer_position INTEGER NOT NULL DEFAULT 0,
    seo_title       TEXT NOT NULL DEFAULT '',
    seo_description TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    published_at    INTEGER,
    created_by      INTEGER REFERENCES users (id)
);

CREATE TABLE page_revisions (
    id            INTEGER PRIMARY KEY,
    page_id       INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    user_id       INTEGER REFERENCES users (id),
    at            INTEGER NOT NULL,
    title         TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    -- Address, state, purpose, footer placement, SEO fields: as JSON.
    meta          TEXT NOT NULL
);
CREATE UNIQUE INDEX page_revisions_by_page ON page_revisions (page_id, version);
