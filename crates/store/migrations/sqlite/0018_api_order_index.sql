-- The Content API lists public stories newest first by COALESCE(first_published_at,
-- published_at) and counts them for its paging. Without an index on that order, every
-- uncached list read each public row — and a story's row holds its body, so the columns
-- after it live on overflow pages: 0.35–0.76 s a list on 100,000 stories. This index
-- serves the order and, holding what the public predicate reads, answers the count
-- alone. Keep in step with ../postgres/0018_api_order_index.sql.

CREATE INDEX articles_api_public ON articles (
    state,
    COALESCE(first_published_at, published_at) DESC,
    id DESC,
    embargo_until,
    deleted_at,
    section_id
);
