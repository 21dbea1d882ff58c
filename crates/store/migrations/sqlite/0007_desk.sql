-- The media library's own fields, the trash, and editorial notes.
-- Keep in step with ../postgres/0007_desk.sql.

-- What a photo said about itself (IPTC/XMP) or an editor typed, and who brought it in.
ALTER TABLE media ADD COLUMN copyright TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN original_name TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN uploaded_by INTEGER REFERENCES users (id);
CREATE INDEX media_by_time ON media (created_at DESC, id DESC);
-- "Where is this picture used?"
CREATE INDEX articles_by_lead_media ON articles (lead_media_id) WHERE lead_media_id IS NOT NULL;

-- A story in the trash has deleted_at set; it is restorable until it is purged, 30 days on.
ALTER TABLE articles ADD COLUMN deleted_at INTEGER;
ALTER TABLE articles ADD COLUMN deleted_by INTEGER REFERENCES users (id);
CREATE INDEX articles_in_trash ON articles (deleted_at) WHERE deleted_at IS NOT NULL;

-- Desk-only comments on a story, optionally about one paragraph (1-based). Never public.
CREATE TABLE article_notes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id),
    at         INTEGER NOT NULL,
    paragraph  INTEGER,
    body       TEXT NOT NULL
);
CREATE INDEX article_notes_by_article ON article_notes (article_id, at);
