-- Sitemaps cut the archive by month of first publication and the news sitemap asks for
-- the last two days' first publications: without this index both scan every story. It
-- also holds the columns the monthly counts read, so counting a month never touches the
-- table. Keep in step with ../postgres/0008_sitemap_index.sql.

CREATE INDEX articles_public_by_first_publication
    ON articles (state, first_published_at, published_at, embargo_until);
