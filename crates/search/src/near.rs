//! Words like the reader's: what a search falls back to when nothing matched as typed.
//!
//! Each word becomes every word of the index within one edit of it (a typo, a plural, two
//! letters swapped), found by running a Levenshtein automaton over each segment's term
//! dictionary — what tantivy's fuzzy query does — but then asked for as those words, with
//! their BM25 scores. tantivy's fuzzy query scores every match the same, so ranking fell
//! to the date and every story matching a common word had its date read; a misspelt
//! "goverment" is here simply "government", ranked like any search and walked like one.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::query::{BooleanQuery, EmptyQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

/// `exact` with each word of `field` in it widened to the words within one edit; phrases and
/// anything else stay as they are. A word with nothing near it matches nothing.
pub(crate) fn near(
    exact: &dyn Query,
    field: Field,
    searcher: &Searcher,
) -> tantivy::Result<Box<dyn Query>> {
    if let Some(word) = exact.downcast_ref::<TermQuery>()
        && word.term().field() == field
        && let Some(text) = word.term().value().as_str()
    {
        let mut words = neighbours(text, field, searcher)?.into_iter().map(|w| {
            let term = Term::from_field_text(field, &w);
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)) as Box<dyn Query>
        });
        return Ok(match words.len() {
            0 => Box::new(EmptyQuery),
            1 => words.next().expect("one word"),
            _ => Box::new(BooleanQuery::new(
                words.map(|w| (Occur::Should, w)).collect(),
            )),
        });
    }
    if let Some(boolean) = exact.downcast_ref::<BooleanQuery>() {
        let clauses = boolean
            .clauses()
            .iter()
            .map(|(occur, q)| Ok((*occur, near(q.as_ref(), field, searcher)?)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        return Ok(Box::new(BooleanQuery::new(clauses)));
    }
    Ok(exact.box_clone())
}

/// The index's words within one edit of `word` (a swap of two letters counting as one),
/// across every segment, in order.
fn neighbours(word: &str, field: Field, searcher: &Searcher) -> tantivy::Result<BTreeSet<String>> {
    static ONE_EDIT: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let builder = ONE_EDIT.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true));
    let near = Near(builder.build_dfa(word));
    let mut found = BTreeSet::new();
    for reader in searcher.segment_readers() {
        let index = reader.inverted_index(field)?;
        let mut stream = index.terms().search(&near).into_stream()?;
        while stream.advance() {
            if let Ok(w) = std::str::from_utf8(stream.key()) {
                found.insert(w.to_owned());
            }
        }
    }
    Ok(found)
}

/// The automaton as the term dictionary walks it.
struct Near(DFA);

impl tantivy_fst::Automaton for Near {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}
