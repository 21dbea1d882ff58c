//! Counting every match and keeping the best few, in one pass.
//!
//! Stories that score the same (BM25 ties often: lengths are kept in 256 steps) are ordered
//! by the story, newer first and then by id, never by where the index happens to hold
//! them: every node, however its index was built, gives the same pages. The date and id are
//! read only for a story that could still make the list, so a word found in a tenth of a
//! million stories costs one comparison for most of them, not two column reads.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// How many stories match, and the best `keep` of them, best first.
pub(crate) struct TopStories {
    pub keep: usize,
    /// Each segment's columns, by segment ordinal.
    pub columns: Arc<Vec<Columns>>,
    /// Newest first, scores aside.
    pub by_date: bool,
}

/// The columns a ranking reads from one segment.
#[derive(Clone)]
pub(crate) struct Columns {
    pub published_at: Option<Column<i64>>,
    pub id: Option<Column<i64>>,
}

/// The segments' [`Columns`], opened once for each version of the index. Opening a column
/// parses its table of blocks (two thousand of them at a million stories): done for every
/// search, that alone cost as much as finding a common word.
#[derive(Default)]
pub(crate) struct ColumnCache(Mutex<Option<(u64, Arc<Vec<Columns>>)>>);

impl ColumnCache {
    pub fn get(&self, searcher: &Searcher) -> Arc<Vec<Columns>> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some((g, columns)) if *g == generation => columns.clone(),
            _ => {
                let columns = Arc::new(
                    searcher
                        .segment_readers()
                        .iter()
                        .map(|reader| {
                            let fast = reader.fast_fields();
                            Columns {
                                published_at: fast.i64("published_at").ok(),
                                id: fast.i64("id").ok(),
                            }
                        })
                        .collect(),
                );
                *cached = Some((generation, Arc::clone(&columns)));
                columns
            }
        }
    }
}

/// A story's place in the ranking: higher is better.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ranked {
    pub score: Score,
    pub published_at: i64,
    pub id: i64,
    pub address: DocAddress,
}

impl Ranked {
    fn key(&self) -> (Score, i64, i64, Reverse<DocAddress>) {
        (
            self.score,
            self.published_at,
            self.id,
            Reverse(self.address),
        )
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.key(), other.key());
        a.0.total_cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

/// One segment's share of [`TopStories`]; the conjunction walk feeds it directly.
pub(crate) struct SegmentTop {
    segment: SegmentOrdinal,
    keep: usize,
    count: usize,
    /// Scores are ignored: every story ties, so the date ranks them.
    by_date: bool,
    /// The best so far, worst on top.
    best: BinaryHeap<Reverse<Ranked>>,
    /// Below this score a story cannot make the list: the worst score in it once full.
    floor: Score,
    published_at: Option<Column<i64>>,
    id: Option<Column<i64>>,
}

impl SegmentTop {
    pub fn new(top: &TopStories, segment: SegmentOrdinal, columns: &Columns) -> SegmentTop {
        let keep = top.keep;
        SegmentTop {
            by_date: top.by_date,
            segment,
            keep,
            count: 0,
            best: BinaryHeap::with_capacity(keep + 1),
            floor: if keep == 0 {
                Score::INFINITY
            } else {
                Score::NEG_INFINITY
            },
            published_at: columns.published_at.clone(),
            id: columns.id.clone(),
        }
    }

    /// Whether scores are ignored (so need not be worked out).
    pub fn by_date(&self) -> bool {
        self.by_date
    }

    /// Counts a match, and keeps it if it ranks among the best so far.
    #[inline]
    pub fn collect(&mut self, doc: DocId, score: Score) {
        self.count += 1;
        let score = if self.by_date { 0.0 } else { score };
        // Most stories of a common word score below the list: one comparison each.
        if score >= self.floor {
            self.consider(doc, score);
        }
    }

    fn consider(&mut self, doc: DocId, score: Score) {
        let value = |c: &Option<Column<i64>>| c.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
        let worst = match self.best.peek() {
            Some(Reverse(w)) if self.best.len() >= self.keep => Some(*w),
            _ => None,
        };
        let published_at = match worst {
            Some(w) if score < w.score => return,
            // A tie: the date decides, then the id.
            Some(w) if score == w.score => {
                let published_at = value(&self.published_at);
                if published_at < w.published_at {
                    return;
                }
                published_at
            }
            _ => value(&self.published_at),
        };
        let ranked = Ranked {
            score,
            published_at,
            id: value(&self.id),
            address: DocAddress::new(self.segment, doc),
        };
        match worst {
            None => self.best.push(Reverse(ranked)),
            Some(w) if ranked > w => {
                self.best.pop();
                self.best.push(Reverse(ranked));
            }
            Some(_) => {}
        }
        if self.best.len() >= self.keep
            && let Some(Reverse(worst)) = self.best.peek()
        {
            self.floor = worst.score;
        }
    }

    pub fn harvest(self) -> (usize, Vec<Ranked>) {
        (
            self.count,
            self.best.into_iter().map(|Reverse(r)| r).collect(),
        )
    }
}

impl SegmentCollector for SegmentTop {
    type Fruit = (usize, Vec<Ranked>);

    fn collect(&mut self, doc: DocId, score: Score) {
        SegmentTop::collect(self, doc, score);
    }

    fn harvest(self) -> Self::Fruit {
        SegmentTop::harvest(self)
    }
}

impl TopStories {
    /// Joins the segments' shares: the total, and the best `keep`, best first.
    pub fn merge(&self, fruits: Vec<(usize, Vec<Ranked>)>) -> (usize, Vec<Ranked>) {
        let total = fruits.iter().map(|(n, _)| n).sum();
        let mut best: Vec<Ranked> = fruits.into_iter().flat_map(|(_, v)| v).collect();
        best.sort_unstable_by(|a, b| b.cmp(a));
        best.truncate(self.keep);
        (total, best)
    }
}

impl Collector for TopStories {
    type Fruit = (usize, Vec<Ranked>);
    type Child = SegmentTop;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _: &SegmentReader,
    ) -> tantivy::Result<SegmentTop> {
        let columns = self.columns.get(segment as usize).ok_or_else(|| {
            tantivy::TantivyError::InternalError("a segment without its columns".into())
        })?;
        Ok(SegmentTop::new(self, segment, columns))
    }

    fn requires_scoring(&self) -> bool {
        !self.by_date
    }

    fn merge_fruits(&self, fruits: Vec<(usize, Vec<Ranked>)>) -> tantivy::Result<Self::Fruit> {
        Ok(self.merge(fruits))
    }
}
