//! Pages deep in a list. `?page=5000` of a section would have the database step over
//! every story before the page, a walk that grows with the archive. Instead each list's
//! public stories are counted by month of publication; the counts are kept between
//! renders and dropped, month by month, as the change log says stories joined or left the
//! list. A deep page skips whole months by their counts and walks only within the month
//! it starts in, so its cost stays about the same however long the archive grows.

use crate::Store;
use crate::pages::{Filter, PUBLIC};
use newsdesk_core::UnixTime;
use newsdesk_core::sitemap::Month;
use std::collections::HashMap;

/// From how many stories into a list whole months are skipped; nearer pages are read from
/// the top of the list, which is as quick.
pub(crate) const DEEP_OFFSET: u64 = 1000;

/// The most monthly counts kept, over all lists (a few megabytes); past it they are
/// counted again from nothing. Only lists read this deep keep any.
const MAX_KEPT_MONTHS: usize = 100_000;

/// Each list's count of public stories by month of publication, as of a change-log row.
#[derive(Debug, Default)]
pub(crate) struct ListDepths {
    as_of: i64,
    lists: HashMap<Filter, HashMap<Month, u64>>,
}

/// Where a deep page starts: before the end of a month, this many stories in.
pub(crate) struct DeepStart {
    pub(crate) before: UnixTime,
    pub(crate) offset: u64,
}

impl Store {
    /// Where the page `offset` stories into `filter`'s list starts; `None` when the list
    /// is shorter than that.
    pub(crate) async fn deep_start(
        &self,
        now: UnixTime,
        filter: Filter,
        offset: u64,
    ) -> crate::Result<Option<DeepStart>> {
        // Read before anything else: whatever commits after it is a row the next call sees.
        let as_of = self.last_change_id().await?;
        let (Some(newest), Some(oldest)) = (
            self.publication_edge(now, filter, "DESC").await?,
            self.publication_edge(now, filter, "ASC").await?,
        ) else {
            return Ok(None);
        };
        let mut depths = self.list_depths.lock().await;
        self.forget_changed_depths(&mut depths, as_of).await?;
        if depths.lists.values().map(HashMap::len).sum::<usize>() > MAX_KEPT_MONTHS {
            depths.lists.clear();
        }
        let counts = depths.lists.entry(filter).or_default();
        let mut before = 0;
        let mut month = newest;
        loop {
            let count = match counts.get(&month) {
                Some(count) => *count,
                None => {
                    let count = self.count_in_month(now, filter, month).await?;
                    counts.insert(month, count);
                    count
                }
            };
            if before + count > offset {
                return Ok(Some(DeepStart {
                    before: month.end(),
                    offset: offset - before,
                }));
            }
            before += count;
            if month <= oldest {
                return Ok(None);
            }
            month = month.previous();
        }
    }

    /// The month of the newest (`DESC`) or oldest (`ASC`) public story in the list.
    async fn publication_edge(
        &self,
        now: UnixTime,
        filter: Filter,
        direction: &'static str,
    ) -> crate::Result<Option<Month>> {
        let sql = format!(
            "SELECT a.published_at FROM articles a WHERE {PUBLIC}{} \
             ORDER BY a.published_at {direction}, a.id {direction} LIMIT 1",
            filter.clause()
        );
        let mut query = sqlx::query_scalar::<_, Option<i64>>(&sql).bind(now);
        if let Some(id) = filter.id() {
            query = query.bind(id);
        }
        Ok(query
            .fetch_optional(&self.pool)
            .await?
            .flatten()
            .and_then(Month::of))
    }

    async fn count_in_month(
        &self,
        now: UnixTime,
        filter: Filter,
        month: Month,
    ) -> crate::Result<u64> {
        let next = if filter.id().is_some() { 3 } else { 2 };
        let sql = format!(
            "SELECT COUNT(*) FROM articles a WHERE {PUBLIC}{} \
             AND a.published_at >= ${next} AND a.published_at < ${}",
            filter.clause(),
            next + 1
        );
        let mut query = sqlx::query_scalar::<_, i64>(&sql).bind(now);
        if let Some(id) = filter.id() {
            query = query.bind(id);
        }
        let count = query
            .bind(month.start())
            .bind(month.end())
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Drops the counts that change-log rows up to `as_of` may have moved since `depths`
    /// was last brought up to date. A story that joined lists (`KEEPS_ITS_TIME`) drops
    /// its month of the lists its row names; any other change to a list drops that list's
    /// counts whole, and a change to the site (or too many rows to read) drops them all.
    async fn forget_changed_depths(
        &self,
        depths: &mut ListDepths,
        as_of: i64,
    ) -> crate::Result<()> {
        // A reader that read the log before another brought these figures further on
        // uses them as they are.
        if as_of <= depths.as_of || depths.lists.is_empty() {
            depths.as_of = depths.as_of.max(as_of);
            return Ok(());
        }
        // Moved on only once every count the rows name is dropped: a query failing half
        // way leaves the counts to be brought up to date again.
        let Some(changes) = self.changes_between(depths.as_of, as_of).await? else {
            depths.lists.clear();
            depths.as_of = as_of;
            return Ok(());
        };
        let mut arrivals: Vec<(i64, Vec<Filter>)> = Vec::new();
        for change in &changes {
            if change.keys().any(|k| k == "site") {
                depths.lists.clear();
                depths.as_of = as_of;
                return Ok(());
            }
            let lists: Vec<Filter> = change.keys().filter_map(Filter::of_list_key).collect();
            if lists.is_empty() {
                continue;
            }
            let story = change
                .object
                .strip_prefix("article:")
                .and_then(|id| id.parse::<i64>().ok());
            match story {
                Some(id) if KEEPS_ITS_TIME.contains(&change.action.as_str()) => {
                    arrivals.push((id, lists));
                }
                _ => lists.iter().for_each(|f| {
                    depths.lists.remove(f);
                }),
            }
        }
        let mut ids: Vec<i64> = arrivals.iter().map(|(id, ..)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        let times = self.publication_times(&ids).await?;
        for (id, lists) in arrivals {
            let month = times.get(&id).and_then(|(_, at)| at.and_then(Month::of));
            for filter in lists {
                match month {
                    Some(month) => {
                        if let Some(counts) = depths.lists.get_mut(&filter) {
                            counts.remove(&month);
                        }
                    }
                    None => {
                        depths.lists.remove(&filter);
                    }
                }
            }
        }
        depths.as_of = as_of;
        Ok(())
    }
}

/// Change-log actions that only add a story to lists, at its time of publication: a new
/// story, a publication (the story was in no list before it), an embargo lifted. Every
/// other change to a list may also have taken a story out of a month this cannot know.
const KEEPS_ITS_TIME: &[&str] = &["create-published", "create", "publish", "embargo-lift"];
