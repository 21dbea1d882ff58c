//! Loading the sitemaps. The archive is cut by month of first publication (see
//! `newsdesk_core::sitemap`); every query here reads a range of the
//! `articles_public_by_first_publication` index or a handful of rows, so none grows with
//! the whole archive except the index's first render, which counts every month; after it,
//! only the months the change log says changed are counted again (`MonthMemo`).

use crate::Store;
use crate::pages::{PUBLIC, article_url};
use newsdesk_core::UnixTime;
use newsdesk_core::sitemap::{Month, SitemapFile, URLS_PER_FILE, files_of_month};
use newsdesk_core::view::{
    NewsEntry, NewsSitemap, SitemapEntry, SitemapIndex, UrlSet, updated_time,
};
use std::collections::HashMap;

/// Where the sitemap files are served; the index points at them.
pub const SITEMAPS_PATH: &str = "/sitemaps/";

/// How far back the news sitemap reaches (Google News reads two days).
pub const NEWS_WINDOW_SECONDS: i64 = 48 * 3600;

/// The most stories a news sitemap may list (Google News).
pub const NEWS_MAX_ITEMS: u32 = 1000;

/// A story in a monthly file: its slug, its section's slug, first publication,
/// publication and latest correction.
type MonthRow = (String, String, i64, Option<i64>, Option<i64>);

/// The sitemap figures of each month, as of a change-log row; see `Store::month_stats`.
#[derive(Debug, Default)]
pub(crate) struct MonthMemo {
    as_of: i64,
    months: HashMap<Month, MonthFigures>,
}

#[derive(Debug, Clone, Copy)]
struct MonthFigures {
    count: u64,
    lastmod: Option<UnixTime>,
}

/// One month's public stories: how many, and the latest change among them.
struct MonthStats {
    month: Month,
    count: u64,
    lastmod: Option<UnixTime>,
}

impl Store {
    /// `/sitemap.xml`: the list pages' file first, then each month's files, newest first,
    /// each dated by the latest change among its stories.
    pub async fn sitemap_index(&self, now: UnixTime) -> crate::Result<SitemapIndex> {
        let latest = self.latest_publication(now, None).await?;
        let mut files = vec![SitemapEntry {
            url: format!("{SITEMAPS_PATH}pages.xml"),
            lastmod: latest,
        }];
        for stats in self.month_stats(now).await?.into_iter().rev() {
            for file in files_of_month(stats.month, stats.count, URLS_PER_FILE) {
                let mut url = String::with_capacity(SITEMAPS_PATH.len() + 16);
                url.push_str(SITEMAPS_PATH);
                file.push_name(&mut url);
                files.push(SitemapEntry {
                    url,
                    lastmod: stats.lastmod,
                });
            }
        }
        Ok(SitemapIndex { files })
    }

    /// Counts of every month from the first public story's to the last one's. Months are
    /// counted one by one, each a range of the index, so that the month a story belongs to
    /// is decided in one place (`Month`) for both databases. A month's figures are kept
    /// (`MonthMemo`) until a change-log row touches one of its stories, so after the first
    /// index only the months that changed are counted again, however long the archive.
    async fn month_stats(&self, now: UnixTime) -> crate::Result<Vec<MonthStats>> {
        // Read before anything else: whatever commits after it is a row the next call sees.
        let as_of = self.last_change_id().await?;
        let first = self.first_publication_edge(now, "ASC").await?;
        let last = self.first_publication_edge(now, "DESC").await?;
        let (Some(first), Some(last)) = (first.and_then(Month::of), last.and_then(Month::of))
        else {
            return Ok(Vec::new());
        };
        let mut memo = self.sitemap_months.lock().await;
        self.forget_changed_months(&mut memo, as_of).await?;
        let mut missing = Vec::new();
        let mut month = first;
        while month <= last {
            if !memo.months.contains_key(&month) {
                missing.push(month);
            }
            month = month.next();
        }
        if let (Some(&from), Some(&to)) = (missing.first(), missing.last()) {
            let notes = self
                .latest_note_by_month(now, from.start(), to.end())
                .await?;
            let sql = format!(
                "SELECT COUNT(*), MAX(a.published_at) FROM articles a WHERE {PUBLIC} \
                 AND a.first_published_at >= $2 AND a.first_published_at < $3"
            );
            for month in missing {
                let (count, latest): (i64, Option<i64>) = sqlx::query_as(&sql)
                    .bind(now)
                    .bind(month.start())
                    .bind(month.end())
                    .fetch_one(&self.pool)
                    .await?;
                let figures = MonthFigures {
                    count: u64::try_from(count).unwrap_or(0),
                    lastmod: latest.max(notes.get(&month).copied()),
                };
                memo.months.insert(month, figures);
            }
        }
        let mut out = Vec::new();
        let mut month = first;
        while month <= last {
            if let Some(figures) = memo.months.get(&month).filter(|f| f.count > 0) {
                out.push(MonthStats {
                    month,
                    count: figures.count,
                    lastmod: figures.lastmod,
                });
            }
            month = month.next();
        }
        Ok(out)
    }

    /// Drops from `memo` the months of the stories that change-log rows up to `as_of`
    /// touched since it was last brought up to date; anything else that may move the
    /// sitemaps (a section, the site, a restore) or more rows than are worth reading
    /// drops every month.
    async fn forget_changed_months(&self, memo: &mut MonthMemo, as_of: i64) -> crate::Result<()> {
        // A reader that read the log before another brought these figures further on
        // uses them as they are.
        if as_of <= memo.as_of || memo.months.is_empty() {
            memo.as_of = memo.as_of.max(as_of);
            return Ok(());
        }
        // Moved on only once every month the rows name is dropped: a query failing half
        // way leaves the figures to be brought up to date again.
        let Some(changes) = self.changes_between(memo.as_of, as_of).await? else {
            memo.months.clear();
            memo.as_of = as_of;
            return Ok(());
        };
        let mut stories = Vec::new();
        for change in &changes {
            let moves_sitemaps = change
                .keys()
                .any(|k| matches!(k, "sitemap" | "list:home" | "site"));
            if !moves_sitemaps {
                continue;
            }
            match change
                .object
                .strip_prefix("article:")
                .map(str::parse::<i64>)
            {
                Some(Ok(id)) => stories.push(id),
                _ => {
                    memo.months.clear();
                    memo.as_of = as_of;
                    return Ok(());
                }
            }
        }
        stories.sort_unstable();
        stories.dedup();
        let times = self.publication_times(&stories).await?;
        if times.len() < stories.len() {
            // A story no longer in the table took its month's figures with it, unseen.
            memo.months.clear();
            memo.as_of = as_of;
            return Ok(());
        }
        for month in times
            .values()
            .filter_map(|(first, _)| first.and_then(Month::of))
        {
            memo.months.remove(&month);
        }
        memo.as_of = as_of;
        Ok(())
    }

    /// The earliest (`ASC`) or latest (`DESC`) first publication of a public story.
    async fn first_publication_edge(
        &self,
        now: UnixTime,
        direction: &'static str,
    ) -> crate::Result<Option<UnixTime>> {
        let sql = format!(
            "SELECT a.first_published_at FROM articles a WHERE {PUBLIC} \
             AND a.first_published_at IS NOT NULL ORDER BY a.first_published_at {direction} LIMIT 1"
        );
        Ok(sqlx::query_scalar(&sql)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// The latest correction or update note of public stories first published from `from`
    /// to before `to`, by month of the story's first publication. Notes are few, so all
    /// of them are read.
    async fn latest_note_by_month(
        &self,
        now: UnixTime,
        from: UnixTime,
        to: UnixTime,
    ) -> crate::Result<HashMap<Month, UnixTime>> {
        let sql = format!(
            "SELECT a.first_published_at, c.published_at FROM corrections c \
             JOIN articles a ON a.id = c.article_id WHERE {PUBLIC} \
             AND a.first_published_at >= $2 AND a.first_published_at < $3"
        );
        let rows: Vec<(i64, i64)> = sqlx::query_as(&sql)
            .bind(now)
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?;
        let mut out: HashMap<Month, UnixTime> = HashMap::new();
        for (first, note) in rows {
            if let Some(month) = Month::of(first) {
                let latest = out.entry(month).or_insert(note);
                *latest = (*latest).max(note);
            }
        }
        Ok(out)
    }

    /// One monthly file's addresses, in order of first publication, each dated by its last
    /// change; `None` when the month has no public story for this part.
    pub async fn sitemap_month(
        &self,
        file: SitemapFile,
        now: UnixTime,
    ) -> crate::Result<Option<UrlSet>> {
        let sql = format!(
            "SELECT a.slug, s.slug, a.first_published_at, a.published_at, \
             (SELECT MAX(c.published_at) FROM corrections c WHERE c.article_id = a.id) \
             FROM articles a JOIN sections s ON s.id = a.section_id WHERE {PUBLIC} \
             AND a.first_published_at >= $2 AND a.first_published_at < $3 \
             ORDER BY a.first_published_at, a.id LIMIT $4 OFFSET $5"
        );
        let offset = i64::try_from(file.offset(URLS_PER_FILE)).unwrap_or(i64::MAX);
        let rows: Vec<MonthRow> = sqlx::query_as(&sql)
            .bind(now)
            .bind(file.month.start())
            .bind(file.month.end())
            .bind(i64::try_from(URLS_PER_FILE).unwrap_or(i64::MAX))
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        if rows.is_empty() {
            return Ok(None);
        }
        let urls = rows
            .into_iter()
            .map(|(slug, section, first, published, note)| SitemapEntry {
                url: article_url(&section, &slug),
                lastmod: Some(updated_time(first, published, note).unwrap_or(first)),
            })
            .collect();
        Ok(Some(UrlSet { urls }))
    }

    /// The home page and every section, topic and author page that lists a public story.
    /// The home page and sections are dated by their latest story (one index probe each);
    /// topics and authors are not dated: finding each one's latest story means reading
    /// every story's topics (about 0.3 s at 100,000 stories), while finding that it has one
    /// stops at the first.
    pub async fn sitemap_pages(&self, now: UnixTime) -> crate::Result<UrlSet> {
        let mut urls = vec![SitemapEntry {
            url: "/".into(),
            lastmod: self.latest_publication(now, None).await?,
        }];
        for section in self.sections().await? {
            if let Some(latest) = self.latest_publication(now, Some(section.id)).await? {
                urls.push(SitemapEntry {
                    url: format!("/{}/", section.slug),
                    lastmod: Some(latest),
                });
            }
        }
        for (table, link, column, prefix) in [
            ("tags", "article_tags", "tag_id", "/tag/"),
            ("authors", "article_authors", "author_id", "/author/"),
        ] {
            let sql = format!(
                "SELECT o.slug FROM {table} o WHERE EXISTS (SELECT 1 FROM {link} l \
                 JOIN articles a ON a.id = l.article_id WHERE l.{column} = o.id AND {PUBLIC}) \
                 ORDER BY o.slug"
            );
            let slugs: Vec<String> = sqlx::query_scalar(&sql)
                .bind(now)
                .fetch_all(&self.pool)
                .await?;
            urls.extend(slugs.into_iter().map(|slug| SitemapEntry {
                url: format!("{prefix}{slug}"),
                lastmod: None,
            }));
        }
        urls.extend(
            self.published_pages()
                .await?
                .into_iter()
                .map(|p| SitemapEntry {
                    url: p.url(),
                    lastmod: Some(p.updated_at),
                }),
        );
        Ok(UrlSet { urls })
    }

    /// The newest public story's publication time, site-wide or in one section.
    async fn latest_publication(
        &self,
        now: UnixTime,
        section: Option<i64>,
    ) -> crate::Result<Option<UnixTime>> {
        let clause = if section.is_some() {
            " AND a.section_id = $2"
        } else {
            ""
        };
        let sql = format!(
            "SELECT a.published_at FROM articles a WHERE {PUBLIC}{clause} \
             ORDER BY a.published_at DESC, a.id DESC LIMIT 1"
        );
        let mut query = sqlx::query_scalar::<_, Option<i64>>(&sql).bind(now);
        if let Some(id) = section {
            query = query.bind(id);
        }
        Ok(query.fetch_optional(&self.pool).await?.flatten())
    }

    /// The Google News sitemap: public stories first published in the last
    /// [`NEWS_WINDOW_SECONDS`] before `now`, newest first, at most [`NEWS_MAX_ITEMS`].
    pub async fn news_sitemap(&self, now: UnixTime) -> crate::Result<NewsSitemap> {
        let sql = format!(
            "SELECT a.slug, s.slug, a.headline, a.first_published_at \
             FROM articles a JOIN sections s ON s.id = a.section_id WHERE {PUBLIC} \
             AND a.first_published_at >= $2 AND a.first_published_at <= $1 \
             ORDER BY a.first_published_at DESC, a.id DESC LIMIT $3"
        );
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(&sql)
            .bind(now)
            .bind(now - NEWS_WINDOW_SECONDS)
            .bind(i64::from(NEWS_MAX_ITEMS))
            .fetch_all(&self.pool)
            .await?;
        let items = rows
            .into_iter()
            .map(|(slug, section, headline, first)| NewsEntry {
                url: article_url(&section, &slug),
                headline,
                first_published_at: first,
            })
            .collect();
        Ok(NewsSitemap { items })
    }
}
