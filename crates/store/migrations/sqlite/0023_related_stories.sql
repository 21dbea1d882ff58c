-- Each public story's related stories, worked out once from the search index and read with
-- the story's page (no search-index query per render). Rows are written when a page first
-- needs them and rewritten by the change-log follower when a story near them is published,
-- edited or taken down (see crates/web/src/related.rs). Derived data: a story with no rows
-- is simply worked out again. Keep in step with ../postgres/0023_related_stories.sql.

CREATE TABLE related_stories (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    related_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, position)
);

-- "Which lists show this story?": asked when a story is taken down or changes.
CREATE INDEX related_stories_related ON related_stories (related_id);
