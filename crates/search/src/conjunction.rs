//! The common search — words, every one required, perhaps a phrase beside them, perhaps
//! narrowed to a section, topic, author or dates — walked straight over the posting lists.
//!
//! tantivy finds each story of the rarest list in the others by a binary search of a block
//! (about 20 ns a story). Our lists are dense — "help" is in a fifth of all stories — so
//! this walk goes a block of the rarest list at a time and lays each list about as dense
//! out under that block, in a table by story number: two passes that never branch on the
//! data. A much longer list is looked up story by story through its skip list, as tantivy
//! does. A phrase's words are lists like any other; only the stories holding all of them
//! are asked, by tantivy's phrase scorer, whether the words stand together. The scores are
//! tantivy's own — each word's BM25 from [`Bm25Weight`], summed in the order tantivy sums
//! them — so the two walks rank alike (a test holds them to it).

use tantivy::columnar::Column;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{
    Bm25Weight, BooleanQuery, EnableScoring, Occur, PhraseQuery, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use crate::top::{Ranked, SegmentTop, TopStories};

/// What a query asks of the one field `field`, when it asks nothing but that every word
/// and phrase be there; `None` for any other shape (fuzzy words, other fields, exclusions,
/// optional words, phrases alone), which tantivy runs itself.
pub(crate) fn required(query: &dyn Query, field: Field) -> Option<Required> {
    let mut found = Required::default();
    let mut add = |q: &dyn Query| {
        if let Some(t) = q.downcast_ref::<TermQuery>() {
            found.words.push(t.term().clone());
            t.term().field() == field
        } else if let Some(p) = q.downcast_ref::<PhraseQuery>() {
            found.phrases.push(p.clone());
            p.field() == field
        } else {
            false
        }
    };
    let all_required = match query.downcast_ref::<BooleanQuery>() {
        Some(boolean) => boolean
            .clauses()
            .iter()
            .all(|(occur, q)| *occur == Occur::Must && add(q.as_ref())),
        None => add(query),
    };
    // Phrases alone are left to tantivy, whose phrase walk is as quick as ours would be.
    (all_required && !found.words.is_empty()).then_some(found)
}

/// Every word and phrase a story must hold.
#[derive(Default)]
pub(crate) struct Required {
    pub words: Vec<Term>,
    pub phrases: Vec<PhraseQuery>,
}

/// What a conjunction walk looks for.
pub(crate) struct Conjunction<'a> {
    /// The field the words and phrases are in.
    pub field: Field,
    pub required: &'a Required,
    /// Terms a story must hold that add nothing to its score (section, topic, author).
    pub filters: &'a [Term],
    /// Inclusive bounds on `published_at`.
    pub published: (Option<i64>, Option<i64>),
}

/// Stories per compressed block of a posting list (tantivy's `COMPRESSION_BLOCK_SIZE`, not
/// exported): the walk goes a block at a time.
const BLOCK: usize = 128;

/// Widest run of story numbers a block of the leading list may span for the other lists
/// to be laid out under it (see [`Cursor::narrow_dense`]).
/// (Small in tests, so that a test index of a few thousand stories goes both ways.)
const MAX_SPAN: usize = if cfg!(test) { 256 } else { 1 << 15 };
/// A list at most this many times as long as the leading one is laid out under each of its
/// blocks; a longer one is searched for each story instead, skipping blocks it need not read.
const DENSE: u64 = 8;

/// The stories of one block of the leading list still in the running, with each list's
/// term frequency for them: a row per list, in the lists' order.
struct Candidates {
    docs: [DocId; BLOCK],
    n: usize,
    tfs: Vec<[u32; BLOCK]>,
}

impl Candidates {
    /// Moves candidate `i` to place `kept` (never after it), giving it term frequency `tf`
    /// in `row`, and returns the next place: `kept + 1` if `hit`, else `kept` (so a miss is
    /// overwritten). No branch on `hit`: misses cost no misprediction.
    #[inline]
    fn keep(&mut self, i: usize, kept: usize, row: usize, tf: u32, hit: bool) -> usize {
        self.docs[kept] = self.docs[i];
        for earlier in &mut self.tfs[..row] {
            earlier[kept] = earlier[i];
        }
        self.tfs[row][kept] = tf;
        kept + usize::from(hit)
    }

    /// Moves candidate `i` to place `kept` with all its term frequencies, as [`Self::keep`].
    #[inline]
    fn carry(&mut self, i: usize, kept: usize, hit: bool) -> usize {
        self.docs[kept] = self.docs[i];
        for row in &mut self.tfs {
            row[kept] = row[i];
        }
        kept + usize::from(hit)
    }
}

/// Room for laying a list out under a block of candidates.
struct Scratch {
    /// For each story number of the span, where its term frequency is in `tfs`; 0 for none.
    slots: Vec<u16>,
    tfs: Vec<u32>,
}

/// One posting list, walked forward.
struct Cursor {
    postings: BlockSegmentPostings,
    /// Where in the loaded block the list stands.
    at: usize,
    weight: Option<Bm25Weight>,
}

impl Cursor {
    fn freq(&self, at: usize) -> u32 {
        match self.weight {
            Some(_) => self.postings.freqs()[at],
            None => 1,
        }
    }

    /// Whether the loaded block ends before `doc`.
    fn behind(&self, doc: DocId) -> bool {
        self.postings.docs().last().is_none_or(|&last| last < doc)
    }

    /// Loads the block that may hold `doc`; false if the list has nothing at or after it.
    fn seek(&mut self, doc: DocId) -> bool {
        self.postings.seek(doc);
        self.at = self.postings.docs().partition_point(|&d| d < doc);
        self.at < self.postings.docs().len()
    }

    /// Keeps the candidates this list holds, with its term frequencies in `row`. Returns
    /// true if the list ran out, after which no later story can match.
    fn narrow(&mut self, c: &mut Candidates, row: usize, dense: bool, s: &mut Scratch) -> bool {
        let Some(&last) = c.docs[..c.n].last() else {
            return false;
        };
        if dense && ((last - c.docs[0]) as usize) < MAX_SPAN {
            self.narrow_dense(c, row, s)
        } else {
            self.narrow_search(c, row)
        }
    }

    /// For a list much longer than the leading one: each candidate is looked for in the
    /// block that may hold it, found through the skip list, so blocks between candidates
    /// are never read.
    fn narrow_search(&mut self, c: &mut Candidates, row: usize) -> bool {
        let mut kept = 0;
        for i in 0..c.n {
            let target = c.docs[i];
            if self.behind(target) {
                if !self.seek(target) {
                    c.n = kept;
                    return true;
                }
            } else {
                self.at += self.postings.docs()[self.at..].partition_point(|&d| d < target);
            }
            let hit = self.postings.docs()[self.at] == target;
            kept = c.keep(i, kept, row, self.freq(self.at), hit);
        }
        c.n = kept;
        false
    }

    /// For a list about as dense as the leading one, where looking each candidate up costs
    /// more than reading everything: the list's stories in the candidates' span are laid
    /// out in a table by story number, then each candidate is one lookup. Neither pass
    /// branches on the data, which is what makes "families help" (a tenth and a fifth of a
    /// million stories) fast.
    fn narrow_dense(&mut self, c: &mut Candidates, row: usize, s: &mut Scratch) -> bool {
        let (first, last) = (c.docs[0], c.docs[c.n - 1]);
        let span = (last - first) as usize + 1;
        s.slots.clear();
        s.slots.resize(span, 0);
        s.tfs.clear();
        s.tfs.push(0); // slot 0: not in the list
        let mut ran_out = false;
        loop {
            if self.behind(first) && !self.seek(first) {
                ran_out = true;
                break;
            }
            let docs = self.postings.docs();
            let start = self.at + docs[self.at..].partition_point(|&d| d < first);
            let end = start + docs[start..].partition_point(|&d| d <= last);
            for (at, &doc) in docs.iter().enumerate().take(end).skip(start) {
                s.slots[(doc - first) as usize] = s.tfs.len() as u16;
                s.tfs.push(self.freq(at));
            }
            self.at = end;
            if end < docs.len() {
                break; // the list goes on past the candidates
            }
            self.postings.advance();
            self.at = 0;
            if self.postings.docs().is_empty() {
                ran_out = true;
                break;
            }
        }
        let mut kept = 0;
        for i in 0..c.n {
            let slot = usize::from(s.slots[(c.docs[i] - first) as usize]);
            kept = c.keep(i, kept, row, s.tfs[slot], slot != 0);
        }
        c.n = kept;
        ran_out
    }
}

impl Conjunction<'_> {
    pub fn run(
        &self,
        searcher: &Searcher,
        top: &TopStories,
    ) -> tantivy::Result<(usize, Vec<Ranked>)> {
        let weights = self
            .required
            .words
            .iter()
            .map(|t| Bm25Weight::for_terms(searcher, std::slice::from_ref(t)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let phrases = self
            .required
            .phrases
            .iter()
            .map(|p| p.weight(EnableScoring::enabled_from_searcher(searcher)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut fruits = Vec::new();
        for (ordinal, reader) in searcher.segment_readers().iter().enumerate() {
            let Some(columns) = top.columns.get(ordinal) else {
                continue; // the columns are the same searcher's: never
            };
            let mut segment = SegmentTop::new(top, ordinal as SegmentOrdinal, columns);
            let published_at = columns.published_at.as_ref();
            self.walk(reader, &weights, &phrases, published_at, &mut segment)?;
            fruits.push(segment.harvest());
        }
        Ok(top.merge(fruits))
    }

    fn walk(
        &self,
        reader: &SegmentReader,
        weights: &[Bm25Weight],
        phrases: &[Box<dyn Weight>],
        published_at: Option<&Column<i64>>,
        top: &mut SegmentTop,
    ) -> tantivy::Result<()> {
        let required = self.required;
        // A phrase's words are lists like any other; only the stories holding all of them
        // are asked whether the words stand together.
        let unscored = required.phrases.iter().flat_map(|p| p.phrase_terms());
        let unscored: Vec<Term> = unscored.chain(self.filters.iter().cloned()).collect();
        let mut phrases = phrases
            .iter()
            .map(|w| w.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<Box<dyn Scorer>>>>()?;
        let mut cursors = Vec::with_capacity(required.words.len() + unscored.len());
        let lists = required.words.iter().zip(weights.iter().map(Some));
        for (term, weight) in lists.chain(unscored.iter().zip(std::iter::repeat(None))) {
            let option = match weight {
                Some(_) => IndexRecordOption::WithFreqs,
                None => IndexRecordOption::Basic,
            };
            let index = reader.inverted_index(term.field())?;
            let Some(postings) = index.read_block_postings(term, option)? else {
                return Ok(()); // a word this segment never saw: nothing here matches
            };
            cursors.push(Cursor {
                postings,
                at: 0,
                weight: weight.cloned(),
            });
        }
        // Rarest first, as tantivy orders them: the rarest list leads, and the words'
        // scores are summed in this order (floating-point sums depend on it).
        cursors.sort_by_key(|c| c.postings.doc_freq());
        let fieldnorms = reader.get_fieldnorms_reader(self.field)?;
        let published = match (self.published, published_at) {
            ((None, None), _) => None,
            ((from, to), Some(column)) => {
                Some((column, from.unwrap_or(i64::MIN)..=to.unwrap_or(i64::MAX)))
            }
            (_, None) => return Ok(()), // no dates here: none in the range
        };
        let alive = reader.alive_bitset();
        let Some((lead, others)) = cursors.split_first_mut() else {
            return Ok(()); // no words at all: `required` never gives that
        };
        let lead_freq = u64::from(lead.postings.doc_freq());
        let dense: Vec<bool> = others
            .iter()
            .map(|o| u64::from(o.postings.doc_freq()) <= DENSE * lead_freq)
            .collect();
        let mut c = Candidates {
            docs: [0; BLOCK],
            n: 0,
            tfs: vec![[1; BLOCK]; others.len() + 1],
        };
        let mut dates = [None; BLOCK];
        let mut scratch = Scratch {
            slots: Vec::new(),
            tfs: Vec::new(),
        };
        // The rows of the scored words, rarest first, with their weights.
        let scored: Vec<(usize, Bm25Weight)> = std::iter::once(&*lead)
            .chain(others.iter())
            .enumerate()
            .filter_map(|(row, c)| Some((row, c.weight.clone()?)))
            .collect();
        loop {
            let block = lead.postings.docs();
            c.n = block.len();
            if c.n == 0 {
                return Ok(());
            }
            c.docs[..c.n].copy_from_slice(block);
            if lead.weight.is_some() {
                c.tfs[0][..c.n].copy_from_slice(lead.postings.freqs());
            }
            let mut ran_out = false;
            for (k, other) in others.iter_mut().enumerate() {
                ran_out |= other.narrow(&mut c, k + 1, dense[k], &mut scratch);
            }
            if let Some((column, range)) = &published {
                // Read a block's dates at once: one call, not one per story.
                column.first_vals(&c.docs[..c.n], &mut dates[..c.n]);
                let mut kept = 0;
                for (k, date) in dates[..c.n].iter().enumerate() {
                    let inside = date.is_some_and(|at| range.contains(&at));
                    kept = c.carry(k, kept, inside);
                }
                c.n = kept;
            }
            for k in 0..c.n {
                let doc = c.docs[k];
                if alive.is_some_and(|a| a.is_deleted(doc)) {
                    continue;
                }
                if !phrases
                    .iter_mut()
                    .all(|p| p.doc() <= doc && p.seek(doc) == doc)
                {
                    continue;
                }
                if top.by_date() {
                    top.collect(doc, 0.0);
                    continue;
                }
                let norm = fieldnorms.fieldnorm_id(doc);
                let mut score = sum_as_tantivy_does(
                    scored.iter().map(|(row, w)| w.score(norm, c.tfs[*row][k])),
                );
                if !phrases.is_empty() {
                    score += phrases.iter_mut().map(|p| p.score()).sum::<Score>();
                }
                top.collect(doc, score);
            }
            if ran_out {
                return Ok(());
            }
            lead.postings.advance();
        }
    }
}

/// tantivy's intersection adds the first two scores, then the sum of the rest.
fn sum_as_tantivy_does(mut scores: impl Iterator<Item = Score>) -> Score {
    let first = scores.next().unwrap_or(0.0);
    match scores.next() {
        Some(second) => first + second + scores.sum::<Score>(),
        None => first,
    }
}
