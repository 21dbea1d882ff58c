-- The desk's "Published" view and its "last published" order sort by the key the store
-- writes as COALESCE(published_at, 0): without an index on that very expression, a
-- newsroom of 100,000 stories sorted them all for each page (0.2 to 0.7 s). Keep in step
-- with ../sqlite/0022_desk_published.sql.

CREATE INDEX articles_desk_by_published ON articles (COALESCE(published_at, 0) DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX articles_desk_state_by_published ON articles (state, COALESCE(published_at, 0) DESC, id DESC) WHERE deleted_at IS NULL;
