-- The newsroom's own structure, edited in the desk: site settings, sections' navigation and
-- search fields, author profiles' job titles and links, and the old addresses of renamed or
-- merged sections, topics and authors. Keep in step with ../postgres/0010_structure.sql.

-- What belongs to the newsroom rather than to one deployment (name, tagline, language,
-- time zone, logo, footer links…): one row per key. The deployment's own settings (listen
-- address, database, cache sizes, purge URL) stay in newsdesk.toml.
CREATE TABLE site_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A hidden section keeps its front and stories but leaves the navigation.
ALTER TABLE sections ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sections ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE sections ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';

ALTER TABLE authors ADD COLUMN job_title TEXT NOT NULL DEFAULT '';
-- Public profiles elsewhere (a website, social accounts): one URL a line.
ALTER TABLE authors ADD COLUMN links TEXT NOT NULL DEFAULT '';

-- An address a section, topic or author had before it was renamed (or, for a topic, merged
-- into another): everything under the old address answers 301 to the same place under the
-- new one, forever. A live slug always wins over an old one.
CREATE TABLE slug_redirects (
    kind       TEXT NOT NULL CHECK (kind IN ('section', 'tag', 'author')),
    old_slug   TEXT NOT NULL,
    target_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (kind, old_slug)
);
CREATE INDEX slug_redirects_by_target ON slug_redirects (kind, target_id);
