//! Search: keeping this node's index in step with the change log, rebuilding it, the
//! reader's search page, and the related stories beside an article.

use crate::{App, WebError};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use newsdesk_core::view::{Paging, SearchFilter, SearchHit, SearchPage};
use newsdesk_search::{Doc, SearchQuery};
use newsdesk_store::SearchableStory;
use serde::Deserialize;
use std::collections::HashSet;

const RESULTS_PER_PAGE: usize = 20;
/// Stories re-read from the database per index write when catching up or rebuilding.
const BATCH: i64 = 500;
/// How many stories a rebuild adds between two commits.
const REBUILD_COMMIT: u64 = 50_000;
/// Deepest page of results offered: nobody reads page 500 of a search.
const MAX_PAGE: usize = 50;

fn doc_of(s: SearchableStory) -> Doc {
    Doc {
        id: s.id,
        headline: s.headline,
        standfirst: s.standfirst,
        body_markdown: s.body_markdown,
        section_id: s.section_id,
        tags: s.tags,
        authors: s.authors,
        published_at: s.published_at,
    }
}

/// The story ids a change-log object or cache key names (`article:42`).
pub(crate) fn article_id(name: &str) -> Option<i64> {
    name.strip_prefix("article:")?.parse().ok()
}

impl App {
    /// Re-reads `ids` and puts the public ones in the index, taking the rest out; then
    /// records `position` as applied.
    async fn index_stories(&self, ids: &HashSet<i64>, position: i64) -> Result<(), WebError> {
        let ids: Vec<i64> = ids.iter().copied().collect();
        let found = self
            .store
            .searchable_stories(&ids, newsdesk_core::now())
            .await?;
        let public: HashSet<i64> = found.iter().map(|s| s.id).collect();
        let gone: Vec<i64> = ids.into_iter().filter(|id| !public.contains(id)).collect();
        let docs: Vec<Doc> = found.into_iter().map(doc_of).collect();
        let index = self.search.clone();
        tokio::task::spawn_blocking(move || index.apply(&docs, &gone, position))
            .await
            .map_err(|e| newsdesk_media::MediaError::Encode(format!("index worker: {e}")))??;
        Ok(())
    }

    /// Applies to the search index every change-log row it has not seen; returns the
    /// position it reached. While the index is being rebuilt this returns at once with
    /// `i64::MAX`, so pages are not held back behind the rebuild.
    pub(crate) async fn sync_search(&self) -> Result<i64, WebError> {
        let Ok(_writing) = self.search_sync.try_lock() else {
            return Ok(i64::MAX);
        };
        loop {
            let position = self.search.position();
            let changes = self.store.changes_after(position, BATCH).await?;
            let Some(last) = changes.last().map(|c| c.id) else {
                return Ok(position);
            };
            // A story's own row names it as its object; a rename of its section, topic or
            // author names it among the keys, so its indexed names are read afresh.
            let ids: HashSet<i64> = changes
                .iter()
                .flat_map(|c| std::iter::once(c.object.as_str()).chain(c.keys()))
                .filter_map(article_id)
                .collect();
            self.index_stories(&ids, last).await?;
        }
    }

    /// Builds the index from nothing: every public story, in batches, calling `progress`
    /// with (done, total). Changes made meanwhile are applied by the next catch-up.
    pub async fn rebuild_search(
        &self,
        progress: impl Fn(u64, u64) + Send,
    ) -> Result<u64, WebError> {
        let _writing = self.search_sync.lock().await;
        let position = self.store.last_change_id().await?;
        let total = u64::try_from(self.store.count_articles().await?).unwrap_or(0);
        let index = self.search.clone();
        tokio::task::spawn_blocking(move || index.clear())
            .await
            .map_err(|e| newsdesk_media::MediaError::Encode(format!("index worker: {e}")))??;
        let now = newsdesk_core::now();
        let (mut after, mut done, mut committed) = (0, 0u64, 0u64);
        loop {
            let ids = self.store.public_ids_after(after, BATCH, now).await?;
            let Some(last) = ids.last().copied() else {
                break;
            };
            after = last;
            done += ids.len() as u64;
            let found = self.store.searchable_stories(&ids, now).await?;
            let docs: Vec<Doc> = found.into_iter().map(doc_of).collect();
            // Searches see the stories indexed so far every REBUILD_COMMIT of them.
            let commit = done - committed >= REBUILD_COMMIT;
            if commit {
                committed = done;
            }
            let index = self.search.clone();
            tokio::task::spawn_blocking(move || {
                index.add_rebuilt(&docs)?;
                if commit {
                    index.commit_rebuilt()
                } else {
                    Ok(())
                }
            })
            .await
            .map_err(|e| newsdesk_media::MediaError::Encode(format!("index worker: {e}")))??;
            progress(done, total.max(done));
        }
        let index = self.search.clone();
        tokio::task::spawn_blocking(move || {
            index.commit_rebuilt()?;
            index.merge_all()
        })
        .await
        .map_err(|e| newsdesk_media::MediaError::Encode(format!("index worker: {e}")))??;
        self.index_stories(&HashSet::new(), position).await?;
        Ok(done)
    }

    /// At start: build an index that never finished a build (its position is still 0,
    /// say after a rebuild was interrupted); otherwise catch up from where it left off.
    pub async fn prepare_search(&self) -> Result<(), WebError> {
        if self.search.position() == 0 {
            let started = std::time::Instant::now();
            let indexed = self.rebuild_search(|_, _| {}).await?;
            tracing::info!(
                indexed,
                seconds = started.elapsed().as_secs_f64(),
                "search index built"
            );
        }
        self.sync_search().await?;
        Ok(())
    }
}

#[derive(Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    section: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: String,
}

impl SearchParams {
    /// This search's address with `change` applied to a copy of its parameters.
    fn url(&self, change: impl FnOnce(&mut SearchParams)) -> String {
        let mut p = SearchParams {
            q: self.q.clone(),
            sort: self.sort.clone(),
            section: self.section.clone(),
            tag: self.tag.clone(),
            author: self.author.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            page: String::new(),
        };
        change(&mut p);
        let pairs: Vec<String> = [
            ("q", &p.q),
            ("sort", &p.sort),
            ("section", &p.section),
            ("tag", &p.tag),
            ("author", &p.author),
            ("from", &p.from),
            ("to", &p.to),
            ("page", &p.page),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::library::urlencoded(v)))
        .collect();
        if pairs.is_empty() {
            "/search".to_owned()
        } else {
            format!("/search?{}", pairs.join("&"))
        }
    }
}

/// A `YYYY-MM-DD` day in the site's zone → unix seconds at its start (or its end).
fn day(value: &str, zone: &str, end: bool) -> Result<Option<i64>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let date: jiff::civil::Date = value
        .parse()
        .map_err(|_| format!("“{value}” is not a date like 2026-11-25, so it was left out."))?;
    let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let start = date
        .to_zoned(tz)
        .map_err(|_| format!("“{value}” is not a date this site can use."))?
        .timestamp()
        .as_second();
    Ok(Some(if end { start + 86_399 } else { start }))
}

/// How long a search waits for its turn before the reader is asked to try again.
const SEARCH_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// How many searches run at once: as configured, or one fewer than the cores, so that
/// pages keep at least one core however many readers search (at least one search).
pub(crate) fn turns(configured: usize) -> usize {
    if configured > 0 {
        return configured;
    }
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    cores.saturating_sub(1).max(1)
}

impl App {
    /// A turn to run a search, waiting up to two seconds for one; `None` when every turn
    /// stayed taken.
    pub async fn search_turn(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        match tokio::time::timeout(SEARCH_WAIT, self.search_turns.acquire()).await {
            Ok(Ok(turn)) => Some(turn),
            _ => None,
        }
    }
}

/// The answer when every turn is taken: try again in a few seconds. Pages meanwhile
/// are served as usual.
fn busy(app: &App) -> Response {
    let mut page = app.problem_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "Search is busy",
        "So many readers are searching just now that this search could not start; please try again in a few seconds.".into(),
        false,
    );
    page.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    page
}

pub async fn search_page(
    State(app): State<App>,
    Query(p): Query<SearchParams>,
    _headers: HeaderMap,
) -> Response {
    let result = async {
        let site = app.site();
        let mut notice = None;
        let mut filters = Vec::new();
        let mut q = SearchQuery {
            text: p.q.clone(),
            by_date: p.sort == "date",
            limit: RESULTS_PER_PAGE,
            ..SearchQuery::default()
        };
        if let Some(s) = site.sections.iter().find(|s| s.slug.as_str() == p.section) {
            q.section_id = Some(s.id);
            filters.push(SearchFilter {
                label: format!("Section: {}", s.name),
                remove_url: p.url(|p| p.section.clear()),
            });
        }
        if !p.tag.is_empty()
            && let Some(tag) = app.store.tag_by_slug(&p.tag).await?
        {
            q.tag_id = Some(tag.id);
            filters.push(SearchFilter {
                label: format!("Topic: {}", tag.name),
                remove_url: p.url(|p| p.tag.clear()),
            });
        }
        if !p.author.is_empty()
            && let Some(author) = app.store.author_by_slug(&p.author).await?
        {
            q.author_id = Some(author.id);
            filters.push(SearchFilter {
                label: format!("By {}", author.name),
                remove_url: p.url(|p| p.author.clear()),
            });
        }
        let site = app.site();
        let zone = &site.time_zone;
        match (day(&p.from, zone, false), day(&p.to, zone, true)) {
            (Ok(from), Ok(to)) => {
                q.from = from;
                q.to = to;
            }
            (Err(e), _) | (_, Err(e)) => notice = Some(e),
        }
        let page = p
            .page
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .unwrap_or(1);
        q.offset = (page - 1) * RESULTS_PER_PAGE;
        let Some(_turn) = app.search_turn().await else {
            return Ok(busy(&app));
        };
        let index = app.search.clone();
        let query = q.clone();
        let results = tokio::task::spawn_blocking(move || index.search(&query))
            .await
            .map_err(|e| newsdesk_media::MediaError::Encode(format!("search worker: {e}")))??;
        let ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
        let teasers = app.store.teasers_by_ids(&ids, newsdesk_core::now()).await?;
        let hits = results
            .hits
            .into_iter()
            .filter_map(|h| {
                let teaser = teasers.iter().find(|t| t.id == h.id)?.clone();
                Some(SearchHit {
                    teaser,
                    snippet_html: h.snippet_html,
                })
            })
            .collect();
        let has_next = results.total > page * RESULTS_PER_PAGE && page < MAX_PAGE;
        let view = SearchPage {
            query: p.q.clone(),
            sort: if q.by_date { "date" } else { "relevance" }.to_owned(),
            section: p.section.clone(),
            from: p.from.clone(),
            to: p.to.clone(),
            tag: p.tag.clone(),
            author: p.author.clone(),
            filters,
            sections: site.sections.clone(),
            total: results.total,
            hits,
            fuzzy: results.fuzzy,
            other_sort_url: p.url(|p| {
                p.sort = if q.by_date {
                    String::new()
                } else {
                    "date".into()
                }
            }),
            paging: Paging {
                page: page as u32,
                prev_url: (page > 1).then(|| p.url(|x| x.page = (page - 1).to_string())),
                next_url: has_next.then(|| p.url(|x| x.page = (page + 1).to_string())),
            },
            notice,
        };
        let html = app.templates.search_page(&site, &view)?;
        let mut response = (StatusCode::OK, html).into_response();
        let h = response.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        // Results change with every story published: a short life in shared caches.
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=30"),
        );
        Ok::<_, WebError>(response)
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}
