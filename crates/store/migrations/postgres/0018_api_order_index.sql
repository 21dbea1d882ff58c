-- The Content API lists public stories newest first by COALESCE(first_published_at,
-- published_at) and counts them for its paging: an index on that order, holding what the
-- public predicate reads, serves both. Keep in step with ../sqlite/0018_api_order_index.sql.

CREATE INDEX articles_api_public ON articles (
    state,
    (COALESCE(first_published_at, published_at)) DESC,
    id DESC
) INCLUDE (embargo_until, deleted_at, section_id);
