//! Related stories, stored per story (`related_stories`) rather than looked up in the search
//! index at every render.
//!
//! A page reads its story's stored list. A story without one has it worked out from the
//! index when its page is first rendered, and written a moment later, several at once.
//! The change-log follower keeps the lists fresh: for each story published, edited or taken
//! down it works out again the lists of the story itself, of the stories most like it (the
//! lists it is likely to join) and of the stories whose lists show it (which it may leave),
//! then stores them with one change-log row naming each list that changed. One node does
//! each batch of rows (a compare-and-set on the shared `related` position), and every node
//! follows that row like any other: its pages show the new list at their next render.

use crate::{App, WebError};
use newsdesk_core::view::Teaser;
use newsdesk_store::Change;
use std::collections::BTreeSet;
use std::time::Duration;

/// Related stories shown beside an article.
const SHOWN: usize = 4;
/// How many of a published story's nearest stories have their lists worked out again.
const NEIGHBOURS: usize = 8;
/// Change-log rows taken at a time.
const BATCH: i64 = 200;
/// Lists worked out by renders wait this long to be written together.
const WRITE_DELAY: Duration = Duration::from_millis(50);
/// At most this many lists wait to be written; beyond it a render simply does not store
/// its list (the next render of that story works it out again).
const MAX_WAITING: usize = 2_000;

/// Lists worked out by renders, waiting to be stored: (story, list, replace a stored one).
pub(crate) type WaitingLists = std::sync::Mutex<Vec<(i64, Vec<i64>, bool)>>;

impl App {
    /// Up to four public stories related to story `id`: its stored list, or one worked out
    /// now when it has none (or its list shows a story no longer public). None when that
    /// fails: a sidebar is not worth an error page.
    pub(crate) async fn related(&self, id: i64, tag_ids: &[i64]) -> Vec<Teaser> {
        let now = newsdesk_core::now();
        let found = async {
            let stored = self.store.related_ids(id).await?;
            let mut stale = false;
            if !stored.is_empty() {
                let teasers = self.store.teasers_by_ids(&stored, now).await?;
                if teasers.len() == stored.len() {
                    return Ok(teasers);
                }
                stale = true;
            }
            let ids = self.search.related(id, tag_ids, SHOWN)?;
            let teasers = self.store.teasers_by_ids(&ids, now).await?;
            // Only a story in the index has a list worth keeping: a page rendered before
            // the index caught up would store a list made from its topics alone.
            if self.search.contains(id)? {
                self.store_later(id, ids, stale);
            }
            Ok::<_, WebError>(teasers)
        };
        found.await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "related stories failed");
            Vec::new()
        })
    }

    /// Queues a list worked out by a render; the first in an empty queue writes them all
    /// after `WRITE_DELAY`, in one transaction.
    fn store_later(&self, id: i64, ids: Vec<i64>, replace: bool) {
        let first = {
            let mut waiting = self
                .related_waiting
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if waiting.len() >= MAX_WAITING {
                return;
            }
            waiting.push((id, ids, replace));
            waiting.len() == 1
        };
        if !first {
            return;
        }
        let app = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(WRITE_DELAY).await;
            let lists = std::mem::take(
                &mut *app
                    .related_waiting
                    .lock()
                    .unwrap_or_else(|e| e.into_inner()),
            );
            if let Err(e) = app.store.save_related(&lists).await {
                tracing::warn!(error = %e, lists = lists.len(), "storing related stories failed");
            }
        });
    }

    /// Works out again the lists the change-log rows since the shared `related` position
    /// touch, up to what this node's index holds, and stores them (see the module's
    /// comment). Returns how many rows it covered; 0 when another node is ahead.
    pub(crate) async fn refresh_related(&self) -> Result<usize, WebError> {
        let indexed = self.search.position();
        let Some(mut from) = self.store.related_position().await? else {
            // A database new to stored lists: start from here (older stories' lists are
            // worked out by their first render).
            self.store.record_related(None, indexed, &[]).await?;
            return Ok(0);
        };
        let mut covered = 0;
        while from < indexed {
            let mut changes = self.store.changes_after(from, BATCH).await?;
            changes.retain(|c| c.id <= indexed);
            let Some(last) = changes.last().map(|c| c.id) else {
                break;
            };
            let lists = self.lists_touched_by(&changes).await?;
            if !self.store.record_related(Some(from), last, &lists).await? {
                break;
            }
            covered += changes.len();
            from = last;
        }
        Ok(covered)
    }

    /// Works out and stores every public story's list (after a rebuild of the index), on
    /// every core, calling `progress` with (done, total). Returns how many it stored.
    pub async fn store_all_related(
        &self,
        progress: impl Fn(u64, u64) + Send,
    ) -> Result<u64, WebError> {
        let total = self.search.len();
        let now = newsdesk_core::now();
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (mut after, mut done) = (0, 0u64);
        loop {
            let ids = self.store.public_ids_after(after, 1_000, now).await?;
            let Some(last) = ids.last().copied() else {
                break;
            };
            after = last;
            let tags = std::sync::Arc::new(self.store.tag_ids_of(&ids).await?);
            let chunk = ids.len().div_ceil(workers);
            let mut parts = Vec::new();
            for part in ids.chunks(chunk) {
                let (part, tags, index) = (part.to_vec(), tags.clone(), self.search.clone());
                parts.push(tokio::task::spawn_blocking(move || {
                    let mut lists = Vec::with_capacity(part.len());
                    for id in part {
                        let own = tags.get(&id).map(Vec::as_slice).unwrap_or_default();
                        lists.push((id, index.related(id, own, SHOWN)?, true));
                    }
                    Ok::<_, newsdesk_search::SearchError>(lists)
                }));
            }
            let mut lists = Vec::with_capacity(ids.len());
            for part in parts {
                lists.extend(part.await.map_err(worker_failed)??);
            }
            self.store.save_related(&lists).await?;
            done += lists.len() as u64;
            progress(done, total.max(done));
        }
        // The follower takes over from what the index holds.
        if self.store.related_position().await?.is_none() {
            self.store
                .record_related(None, self.search.position(), &[])
                .await?;
        }
        Ok(done)
    }

    /// The lists to work out again after `changes`, worked out.
    async fn lists_touched_by(&self, changes: &[Change]) -> Result<Vec<(i64, Vec<i64>)>, WebError> {
        // An import's rows (quiet) are left to each story's first render: a hundred
        // thousand imported stories must not mean a million lookups here.
        let stories: BTreeSet<i64> = changes
            .iter()
            .filter(|c| !c.quiet)
            .filter_map(|c| c.object.strip_prefix("article:")?.parse().ok())
            .collect();
        if stories.is_empty() {
            return Ok(Vec::new());
        }
        let stories: Vec<i64> = stories.into_iter().collect();
        let listing = self.store.listing_related(&stories).await?;
        let mut tags = self.store.tag_ids_of(&stories).await?;
        let (index, known, changed) = (self.search.clone(), tags.clone(), stories.clone());
        let nearest = tokio::task::spawn_blocking(move || {
            let tags = known;
            let mut nearest = BTreeSet::new();
            for id in &changed {
                nearest.insert(*id);
                if index.contains(*id)? {
                    let own = tags.get(id).map(Vec::as_slice).unwrap_or_default();
                    nearest.extend(index.related(*id, own, NEIGHBOURS)?);
                }
            }
            Ok::<_, newsdesk_search::SearchError>(nearest)
        })
        .await
        .map_err(worker_failed)??;
        let mut targets = nearest;
        targets.extend(listing);
        let targets: Vec<i64> = targets.into_iter().collect();
        // The changed stories' topics are known already; only the others' are read.
        let others: Vec<i64> = targets
            .iter()
            .filter(|id| !stories.contains(id))
            .copied()
            .collect();
        tags.extend(self.store.tag_ids_of(&others).await?);
        let index = self.search.clone();
        tokio::task::spawn_blocking(move || {
            let mut lists = Vec::with_capacity(targets.len());
            for id in targets {
                // A story no longer public keeps no list.
                let list = if index.contains(id)? {
                    let own = tags.get(&id).map(Vec::as_slice).unwrap_or_default();
                    index.related(id, own, SHOWN)?
                } else {
                    Vec::new()
                };
                lists.push((id, list));
            }
            Ok::<_, newsdesk_search::SearchError>(lists)
        })
        .await
        .map_err(worker_failed)?
        .map_err(WebError::from)
    }
}

/// A blocking worker that panicked, as the search error it stands for.
fn worker_failed(e: tokio::task::JoinError) -> WebError {
    let io = std::io::Error::other(format!("related stories worker: {e}"));
    newsdesk_search::SearchError::Io(io).into()
}
