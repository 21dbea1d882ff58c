//! What the search index needs from the database: public stories by id, with their
//! topics and bylines, and the teasers of search results and related stories.

use crate::Store;
use crate::db::placeholders;
use crate::pages::{TEASER_SELECT, TeaserRow, teaser_of};
use newsdesk_core::UnixTime;
use newsdesk_core::view::Teaser;
use std::collections::HashMap;

/// A public story as the search index takes it.
#[derive(Clone, Debug, Default)]
pub struct SearchableStory {
    pub id: i64,
    pub headline: String,
    pub standfirst: String,
    pub body_markdown: String,
    pub section_id: i64,
    pub tags: Vec<(i64, String)>,
    pub authors: Vec<(i64, String)>,
    pub published_at: UnixTime,
}

type StoryRow = (i64, String, String, String, i64, Option<i64>, i64);

/// The public condition for lookups by id (`$1` is now). Written so no index on `state`
/// can serve it: without statistics the planners prefer that index for `state = …` and
/// scan every published story, where the primary key finds the few asked for at once.
const PUBLIC_BY_ID: &str =
    "(a.state || '') = 'published' AND (a.embargo_until IS NULL OR a.embargo_until <= $1)";

impl Store {
    /// Those of `ids` that are public at `now`, ready to index. An id missing from the
    /// answer is a story readers may not see (or that no longer exists).
    pub async fn searchable_stories(
        &self,
        ids: &[i64],
        now: UnixTime,
    ) -> crate::Result<Vec<SearchableStory>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(2, ids.len());
        let sql = format!(
            "SELECT a.id, a.headline, a.standfirst, a.body_markdown, a.section_id, a.published_at, \
             a.updated_at FROM articles a WHERE {PUBLIC_BY_ID} AND a.id IN ({list})"
        );
        let mut q = sqlx::query_as::<_, StoryRow>(&sql).bind(now);
        for id in ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(&self.pool).await?;
        let found: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let mut tags = self.linked(&found, "article_tags", "tags").await?;
        let mut authors = self.linked(&found, "article_authors", "authors").await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, headline, standfirst, body_markdown, section_id, published, updated)| {
                    SearchableStory {
                        id,
                        headline,
                        standfirst,
                        body_markdown,
                        section_id,
                        tags: tags.remove(&id).unwrap_or_default(),
                        authors: authors.remove(&id).unwrap_or_default(),
                        published_at: published.unwrap_or(updated),
                    }
                },
            )
            .collect())
    }

    /// `(id, name)` of the tags or authors of each story, in their order.
    async fn linked(
        &self,
        ids: &[i64],
        link_table: &str,
        table: &str,
    ) -> crate::Result<HashMap<i64, Vec<(i64, String)>>> {
        let mut out: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let column = if table == "tags" {
            "tag_id"
        } else {
            "author_id"
        };
        let list = placeholders(1, ids.len());
        let sql = format!(
            "SELECT l.article_id, t.id, t.name FROM {link_table} l JOIN {table} t ON t.id = l.{column} \
             WHERE l.article_id IN ({list}) ORDER BY l.article_id, l.position"
        );
        let mut q = sqlx::query_as::<_, (i64, i64, String)>(&sql);
        for id in ids {
            q = q.bind(*id);
        }
        for (article, id, name) in q.fetch_all(&self.pool).await? {
            out.entry(article).or_default().push((id, name));
        }
        Ok(out)
    }

    /// Ids of public stories after `after_id`, in id order: the batches of a rebuild.
    pub async fn public_ids_after(
        &self,
        after_id: i64,
        limit: i64,
        now: UnixTime,
    ) -> crate::Result<Vec<i64>> {
        let sql = format!(
            "SELECT a.id FROM articles a WHERE {PUBLIC_BY_ID} AND a.id > $2 ORDER BY a.id LIMIT $3"
        );
        Ok(sqlx::query_scalar(&sql)
            .bind(now)
            .bind(after_id)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Teasers of those of `ids` that are public at `now`, in the order given, without
    /// pictures (search results and related stories are lists of words). One query.
    pub async fn teasers_by_ids(&self, ids: &[i64], now: UnixTime) -> crate::Result<Vec<Teaser>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(2, ids.len());
        let sql = format!("{TEASER_SELECT} WHERE {PUBLIC_BY_ID} AND a.id IN ({list})");
        let mut q = sqlx::query_as::<_, TeaserRow>(&sql).bind(now);
        for id in ids {
            q = q.bind(*id);
        }
        let mut teasers: Vec<Teaser> = q
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|row| teaser_of(row).teaser)
            .collect();
        teasers.sort_by_key(|t| ids.iter().position(|id| *id == t.id));
        Ok(teasers)
    }
}
