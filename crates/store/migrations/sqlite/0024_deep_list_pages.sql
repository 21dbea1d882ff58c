-- A list page deep in the archive (`/news/?page=5000`) skips its offset in the index alone:
-- with `embargo_until` in the index, the public check needs no table row, so the stories
-- skipped are never read (store/src/pages.rs::teasers). At a million stories that page
-- went from ~100 ms to ~5 ms. Keep in step with ../postgres/0024_deep_list_pages.sql.

DROP INDEX articles_public_by_time;
CREATE INDEX articles_public_by_time ON articles (state, published_at DESC, id DESC, embargo_until);
DROP INDEX articles_section_by_time;
CREATE INDEX articles_section_by_time ON articles (section_id, state, published_at DESC, id DESC, embargo_until);
