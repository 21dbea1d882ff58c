//! Full-text search over published stories, and "related stories", with tantivy.
//!
//! The index is derived data: each node keeps its own in `DATA_DIR/search`, built from the
//! database and kept current from the change log (the web layer feeds it). It only ever
//! holds stories readers may see; a story that stops being public is deleted from it. The
//! change-log position it has applied is stored beside it, so a restart catches up from
//! there rather than rebuilding.

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::collector::{Count, TopDocs};
use tantivy::merge_policy::{LogMergePolicy, NoMergePolicy};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery,
    TermQuery,
};
use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TEXT, Value};
use tantivy::snippet::SnippetGenerator;
mod conjunction;
mod near;
mod top;

use conjunction::{Conjunction, required};
use top::{ColumnCache, TopStories};

use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Score, TantivyDocument, Term, doc,
};

/// Bump when the schema changes: an index of another version is rebuilt from scratch.
const SCHEMA_VERSION: &str = "4";
/// How many times each part of a story goes into the `all` field. A word in the headline
/// says far more about a story than one in its body, and a repeated word scores higher
/// (BM25's term frequency): one field ranked this way is what lets a search follow one
/// posting list per word, where a score summed over five fields walked five (and cost
/// three to seven times as much on a million stories).
const ALL_COPIES: [(Part, usize); 5] = [
    (Part::Headline, 3),
    (Part::Standfirst, 2),
    (Part::Body, 1),
    (Part::Tags, 2),
    (Part::Authors, 2),
];

#[derive(Clone, Copy)]
enum Part {
    Headline,
    Standfirst,
    Body,
    Tags,
    Authors,
}

const WRITER_MEMORY: usize = 50_000_000;
/// Longest query text looked at; anything after is ignored.
const MAX_QUERY_CHARS: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index folder: {0}")]
    Open(#[from] tantivy::directory::error::OpenDirectoryError),
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;

/// One public story as the index holds it.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub id: i64,
    pub headline: String,
    pub standfirst: String,
    /// Markdown; indexed as its plain text.
    pub body_markdown: String,
    pub section_id: i64,
    pub tags: Vec<(i64, String)>,
    pub authors: Vec<(i64, String)>,
    /// Unix seconds of the last significant update (what lists sort by).
    pub published_at: i64,
}

/// What a reader asked for.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    pub text: String,
    pub section_id: Option<i64>,
    pub tag_id: Option<i64>,
    pub author_id: Option<i64>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Newest first rather than best first.
    pub by_date: bool,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Clone, Debug)]
pub struct Hit {
    pub id: i64,
    /// A passage of the body with the query's words in `<b>`, HTML-escaped by tantivy.
    pub snippet_html: String,
}

#[derive(Clone, Debug, Default)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// No story had all the words as typed, so these are stories with words like them.
    pub fuzzy: bool,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    headline: Field,
    standfirst: Field,
    body: Field,
    tags: Field,
    /// Every word of the story in one field: what a search matches and ranks on, one
    /// posting list per word (see [`ALL_COPIES`]).
    all: Field,
    authors: Field,
    section_id: Field,
    tag_ids: Field,
    author_ids: Field,
    published_at: Field,
}

/// Writes `name` in `dir` whole or not at all, and on disk before it returns (written
/// aside, synced, renamed, the folder synced): a power cut must not leave the schema
/// version or the position empty, which would make the next start rebuild the index.
fn write_durably(dir: &Path, name: &str, contents: &str) -> std::io::Result<()> {
    let tmp = dir.join(format!("{name}.tmp"));
    let mut file = std::fs::File::create(&tmp)?;
    std::io::Write::write_all(&mut file, contents.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, dir.join(name))?;
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_i64_field("id", INDEXED | STORED | FAST),
        headline: b.add_text_field("headline", TEXT | STORED),
        standfirst: b.add_text_field("standfirst", TEXT),
        // Kept for snippets; its words are indexed in `all`.
        body: b.add_text_field("body", STORED),
        tags: b.add_text_field("tags", TEXT),
        authors: b.add_text_field("authors", TEXT),
        all: b.add_text_field("all", TEXT),
        section_id: b.add_i64_field("section_id", INDEXED),
        tag_ids: b.add_i64_field("tag_ids", INDEXED),
        author_ids: b.add_i64_field("author_ids", INDEXED),
        published_at: b.add_i64_field("published_at", INDEXED | FAST),
    };
    (b.build(), fields)
}

/// The search index of one node.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// Where the applied change-log position is kept; `None` in memory.
    dir: Option<PathBuf>,
    position: Mutex<i64>,
    columns: ColumnCache,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it (empty, at position 0) when it is missing or
    /// was made by another schema version.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let version_file = dir.join("newsdesk-schema");
        let same_version =
            std::fs::read_to_string(&version_file).is_ok_and(|v| v.trim() == SCHEMA_VERSION);
        if !same_version && dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        let index = Index::open_or_create(directory, schema)?;
        if !same_version {
            write_durably(dir, "newsdesk-schema", SCHEMA_VERSION)?;
        }
        let position = std::fs::read_to_string(dir.join("newsdesk-position"))
            .ok()
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(0);
        SearchIndex::with(index, fields, Some(dir.to_owned()), position)
    }

    /// An index in memory (tests, and nodes configured without a data folder).
    pub fn in_memory() -> Result<SearchIndex> {
        let (schema, fields) = schema();
        SearchIndex::with(Index::create_in_ram(schema), fields, None, 0)
    }

    fn with(index: Index, fields: Fields, dir: Option<PathBuf>, position: i64) -> Result<Self> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = index.writer(WRITER_MEMORY)?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            dir,
            position: Mutex::new(position),
            columns: ColumnCache::default(),
        })
    }

    /// The change-log position whose changes the index holds.
    pub fn position(&self) -> i64 {
        *self.position.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many stories the index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Puts `docs` in the index (replacing any earlier version) and takes `gone` out, then
    /// commits, records `position` and makes the change visible to searches.
    pub fn apply(&self, docs: &[Doc], gone: &[i64], position: i64) -> Result<()> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let f = self.fields;
        for id in gone.iter().chain(docs.iter().map(|d| &d.id)) {
            writer.delete_term(Term::from_field_i64(f.id, *id));
        }
        for d in docs {
            writer.add_document(self.document(d))?;
        }
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        self.set_position(position)
    }

    /// Adds `docs` to an index being rebuilt since [`clear`](Self::clear): none of them is
    /// there yet, so nothing is deleted, and nothing is committed until
    /// [`commit_rebuilt`](Self::commit_rebuilt). (A commit per batch, each applying its
    /// deletes to every segment so far, made a million stories take ten minutes.)
    pub fn add_rebuilt(&self, docs: &[Doc]) -> Result<()> {
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        for d in docs {
            writer.add_document(self.document(d))?;
        }
        Ok(())
    }

    /// Makes what [`add_rebuilt`](Self::add_rebuilt) added durable and visible to
    /// searches; the position stays 0, so a rebuild cut short starts again.
    pub fn commit_rebuilt(&self) -> Result<()> {
        self.writer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn document(&self, d: &Doc) -> TantivyDocument {
        let f = self.fields;
        let body = plain_text(&d.body_markdown);
        let mut document = doc!(
            f.id => d.id,
            f.headline => d.headline.as_str(),
            f.standfirst => d.standfirst.as_str(),
            f.section_id => d.section_id,
            f.published_at => d.published_at,
        );
        for (id, name) in &d.tags {
            document.add_i64(f.tag_ids, *id);
            document.add_text(f.tags, name);
        }
        for (id, name) in &d.authors {
            document.add_i64(f.author_ids, *id);
            document.add_text(f.authors, name);
        }
        for (part, copies) in ALL_COPIES {
            let texts: Vec<&str> = match part {
                Part::Headline => vec![&d.headline],
                Part::Standfirst => vec![&d.standfirst],
                Part::Body => vec![&body],
                Part::Tags => d.tags.iter().map(|(_, name)| name.as_str()).collect(),
                Part::Authors => d.authors.iter().map(|(_, name)| name.as_str()).collect(),
            };
            for _ in 0..copies {
                for text in &texts {
                    document.add_text(f.all, text);
                }
            }
        }
        document.add_text(f.body, body);
        document
    }

    /// Merges every segment into one, then goes back to merging in the background: after
    /// a rebuild, so each search reads one term dictionary instead of dozens. Takes
    /// seconds on a large index.
    pub fn merge_all(&self) -> Result<()> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let ids = self.index.searchable_segment_ids()?;
        if ids.len() > 1 {
            writer.merge(&ids).wait()?;
            drop(writer.garbage_collect_files().wait());
        }
        writer.set_merge_policy(Box::new(LogMergePolicy::default()));
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Empties the index before a rebuild, and stops background merges until
    /// [`merge_all`](Self::merge_all) ends it (they would race the final merge).
    pub fn clear(&self) -> Result<()> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        writer.set_merge_policy(Box::new(NoMergePolicy));
        writer.delete_all_documents()?;
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        self.set_position(0)
    }

    fn set_position(&self, position: i64) -> Result<()> {
        let mut current = self.position.lock().unwrap_or_else(|e| e.into_inner());
        *current = position.max(*current);
        if let Some(dir) = &self.dir {
            write_durably(dir, "newsdesk-position", &current.to_string())?;
        }
        Ok(())
    }

    /// What a story must have to match: every word (or phrase) of the query somewhere in
    /// it, looked up in the one field that holds them all.
    fn matching(&self, text: &str) -> Box<dyn Query> {
        let mut parser = QueryParser::for_index(&self.index, vec![self.fields.all]);
        parser.set_conjunction_by_default();
        parser.parse_query_lenient(text).0
    }

    /// Runs a reader's search. Any text at all is accepted: broken syntax is read as
    /// plain words, never an error. With no words, the filters alone list stories.
    pub fn search(&self, q: &SearchQuery) -> Result<Results> {
        let text: String = q.text.chars().take(MAX_QUERY_CHARS).collect();
        let text = text.trim();
        let results = self.run(q, text, false)?;
        if results.total > 0 || text.is_empty() {
            return Ok(results);
        }
        // Nothing matched every word as typed: try words like them (typos, plurals).
        let mut fuzzy = self.run(q, text, true)?;
        fuzzy.fuzzy = fuzzy.total > 0;
        Ok(fuzzy)
    }

    /// The section, topic and author a search is narrowed to, as terms.
    fn filter_terms(&self, q: &SearchQuery) -> Vec<Term> {
        let f = self.fields;
        [
            (f.section_id, q.section_id),
            (f.tag_ids, q.tag_id),
            (f.author_ids, q.author_id),
        ]
        .into_iter()
        .filter_map(|(field, value)| value.map(|v| Term::from_field_i64(field, v)))
        .collect()
    }

    /// `words` narrowed by `filters` and `q`'s dates, for tantivy to run. Filters narrow and
    /// never score: a story's rank is its words' alone.
    fn narrowed(&self, words: Box<dyn Query>, filters: &[Term], q: &SearchQuery) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words)];
        let mut narrow = |q: Box<dyn Query>| {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0))));
        };
        for term in filters {
            narrow(Box::new(TermQuery::new(
                term.clone(),
                IndexRecordOption::Basic,
            )));
        }
        if q.from.is_some() || q.to.is_some() {
            let bound = |v: Option<i64>| {
                v.map_or(Bound::Unbounded, |v| {
                    Bound::Included(Term::from_field_i64(self.fields.published_at, v))
                })
            };
            narrow(Box::new(RangeQuery::new(bound(q.from), bound(q.to))));
        }
        match clauses.len() {
            1 => clauses.remove(0).1,
            _ => Box::new(BooleanQuery::new(clauses)),
        }
    }

    fn run(&self, q: &SearchQuery, text: &str, fuzzy: bool) -> Result<Results> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        // Broken syntax is read as plain words: the parser's complaints are not the reader's.
        let words = match text {
            "" => None,
            _ if fuzzy => Some(near::near(self.matching(text).as_ref(), f.all, &searcher)?),
            _ => Some(self.matching(text)),
        };
        let limit = q.limit.clamp(1, 100);
        let filters = self.filter_terms(q);
        // Newest first when asked, or when there are no words to rank by.
        let top = TopStories {
            keep: q.offset + limit,
            columns: self.columns.get(&searcher),
            by_date: q.by_date || words.is_none(),
        };
        let required = words.as_ref().and_then(|w| required(w.as_ref(), f.all));
        let (total, best) = if let Some(required) = required {
            let walk = Conjunction {
                field: f.all,
                required: &required,
                filters: &filters,
                published: (q.from, q.to),
            };
            walk.run(&searcher, &top)?
        } else {
            let words: Box<dyn Query> =
                words.as_ref().map_or(Box::new(AllQuery), |w| w.box_clone());
            let query = self.narrowed(words, &filters, q);
            searcher.search(&query, &top)?
        };
        let addresses: Vec<DocAddress> = best.iter().skip(q.offset).map(|r| r.address).collect();
        let snippets = match &words {
            Some(w) => {
                // The words as `all` holds them, found in the body's stored text.
                let mut g = SnippetGenerator::create(&searcher, w.as_ref(), f.all)?;
                g.set_max_num_chars(220);
                Some(g)
            }
            None => None,
        };
        let mut hits = Vec::with_capacity(addresses.len());
        for address in addresses {
            let document: TantivyDocument = searcher.doc(address)?;
            let Some(id) = document.get_first(f.id).and_then(|v| v.as_i64()) else {
                continue;
            };
            let snippet_html = snippets
                .as_ref()
                .map(|g| {
                    let body = document.get_first(f.body).and_then(|v| v.as_str());
                    g.snippet(body.unwrap_or_default()).to_html()
                })
                .unwrap_or_default();
            hits.push(Hit { id, snippet_html });
        }
        Ok(Results {
            total,
            hits,
            fuzzy: false,
        })
    }

    /// Whether story `id` is in the index (public, as of the index's position).
    pub fn contains(&self, id: i64) -> Result<bool> {
        let searcher = self.reader.searcher();
        let own = TermQuery::new(
            Term::from_field_i64(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        Ok(searcher.search(&own, &Count)? > 0)
    }

    /// Up to `limit` public stories most like story `id`: sharing its topic tags counts
    /// most, then words in common. The story itself is never among them.
    pub fn related(&self, id: i64, tag_ids: &[i64], limit: usize) -> Result<Vec<i64>> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let own = TermQuery::new(Term::from_field_i64(f.id, id), IndexRecordOption::Basic);
        let found = searcher.search(&own, &TopDocs::with_limit(1))?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some((_, address)) = found.first() {
            let document: TantivyDocument = searcher.doc(*address)?;
            for (term, weight) in self.telling_terms(&searcher, &document)? {
                let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(q), weight)),
                ));
            }
        }
        for tag in tag_ids {
            let boosted = BoostQuery::new(term_query(f.tag_ids, *tag), 8.0);
            clauses.push((Occur::Should, Box::new(boosted)));
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        clauses.push((Occur::MustNot, term_query(f.id, id)));
        let query = BooleanQuery::new(clauses);
        // The best few by likeness (plain top-k, which tantivy prunes well), then, of
        // stories about equally alike, the fresher first: a score halves for each month a
        // story is older than the newest candidate.
        let top = searcher.search(&query, &TopDocs::with_limit(limit * 3))?;
        let mut candidates = Vec::with_capacity(top.len());
        for (score, address) in top {
            let fast = searcher.segment_reader(address.segment_ord).fast_fields();
            let value = |name: &str| fast.i64(name).ok().and_then(|c| c.first(address.doc_id));
            if let Some(other) = value("id") {
                candidates.push((other, score, value("published_at").unwrap_or(0)));
            }
        }
        let newest = candidates.iter().map(|c| c.2).max().unwrap_or(0);
        let fresher = |(_, score, at): &(i64, Score, i64)| {
            let months = (newest - at).max(0) as f32 / (30.0 * 86_400.0);
            score * 0.5f32.powf(months)
        };
        candidates.sort_by(|a, b| fresher(b).total_cmp(&fresher(a)).then(a.0.cmp(&b.0)));
        let ids = candidates.into_iter().take(limit).map(|c| c.0).collect();
        Ok(ids)
    }
}

impl SearchIndex {
    /// The words that best tell a story apart: frequent in its headline and body, rare in
    /// the rest of the index (tf × idf), at most 25. (tantivy's own more-like-this can
    /// panic on an index with deleted documents, so the few lines are ours.)
    fn telling_terms(
        &self,
        searcher: &tantivy::Searcher,
        document: &TantivyDocument,
    ) -> Result<Vec<(Term, f32)>> {
        let f = self.fields;
        // max_doc counts deleted documents too, as doc_freq does: the idf stays defined.
        let total: u64 = searcher
            .segment_readers()
            .iter()
            .map(|s| u64::from(s.max_doc()))
            .sum();
        // Words in more than one story in fifty say little about this one, and make the
        // query slow on a big index.
        let common = (total / 50).max(20);
        let mut counts: std::collections::HashMap<Term, u32> = std::collections::HashMap::new();
        // The body's words are counted in `all`, where they are indexed.
        for (field, stored) in [(f.headline, f.headline), (f.all, f.body)] {
            let mut tokenizer = self.index.tokenizer_for_field(field)?;
            for value in document.get_all(stored) {
                let Some(text) = value.as_str() else { continue };
                // The opening of a story says what it is about; the rest adds lookups.
                let mut end = text.len().min(2000);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                let mut stream = tokenizer.token_stream(&text[..end]);
                while let Some(token) = stream.next() {
                    if token.text.chars().count() >= 4 {
                        *counts
                            .entry(Term::from_field_text(field, &token.text))
                            .or_insert(0) += 1;
                    }
                }
            }
        }
        let mut scored = Vec::with_capacity(counts.len());
        for (term, tf) in counts {
            let df = searcher.doc_freq(&term)?;
            // A word only this story has matches nothing else; a common one says nothing.
            if df < 2 || df > common {
                continue;
            }
            let idf = (1.0 + (total.saturating_sub(df) as f32 + 0.5) / (df as f32 + 0.5)).ln();
            scored.push((term, tf as f32 * idf));
        }
        // Words as telling as each other are taken in the words' order, not in the hash
        // map's (which differs from process to process): the same index gives the same
        // related stories on every node and after every restart or move.
        scored.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| a.0.serialized_term().cmp(b.0.serialized_term()))
        });
        scored.truncate(12);
        Ok(scored)
    }
}

fn term_query(field: Field, value: i64) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_i64(field, value),
        IndexRecordOption::Basic,
    ))
}

/// The words of a Markdown body, without its markup (raw HTML blocks are dropped).
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(id: i64, headline: &str, body: &str) -> Doc {
        Doc {
            id,
            headline: headline.into(),
            standfirst: String::new(),
            body_markdown: body.into(),
            section_id: 1,
            tags: Vec::new(),
            authors: Vec::new(),
            published_at: 1_700_000_000 + id,
        }
    }

    fn ids(r: &Results) -> Vec<i64> {
        r.hits.iter().map(|h| h.id).collect()
    }

    fn query(text: &str) -> SearchQuery {
        SearchQuery {
            text: text.into(),
            limit: 10,
            ..SearchQuery::default()
        }
    }

    #[test]
    fn a_headline_match_beats_a_passing_mention() {
        let index = SearchIndex::in_memory().unwrap();
        let docs = [
            story(
                1,
                "Council budget vote",
                "The ferry was mentioned once in passing.",
            ),
            story(
                2,
                "Ferry strike strands thousands",
                "Crews walked out at dawn.",
            ),
        ];
        index.apply(&docs, &[], 5).unwrap();
        assert_eq!(ids(&index.search(&query("ferry")).unwrap()), [2, 1]);
        assert_eq!(index.position(), 5);
    }

    #[test]
    fn stories_scoring_the_same_come_newest_first_however_the_index_was_built() {
        let same = |id| story(id, "Storm warning", "Winds of 90 mph.");
        let forwards = SearchIndex::in_memory().unwrap();
        forwards
            .apply(&(1..=6).map(same).collect::<Vec<_>>(), &[], 1)
            .unwrap();
        let backwards = SearchIndex::in_memory().unwrap();
        for id in (1..=6).rev() {
            backwards.apply(&[same(id)], &[], id).unwrap();
        }
        for index in [&forwards, &backwards] {
            assert_eq!(
                ids(&index.search(&query("storm")).unwrap()),
                [6, 5, 4, 3, 2, 1]
            );
            assert_eq!(
                ids(&index.search(&query("storm winds")).unwrap()),
                [6, 5, 4, 3, 2, 1]
            );
        }
    }

    /// A newsroom of `n` stories in several segments, some deleted, from a small vocabulary
    /// whose words run from most stories to a few (so posting lists are dense and sparse,
    /// and a word often comes more than once in a story).
    fn varied_newsroom(n: i64) -> SearchIndex {
        const WORDS: [&str; 12] = [
            "council", "storm", "budget", "ferry", "vote", "school", "river", "bishop", "court",
            "heat", "odesa", "lantern",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |below: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        };
        let index = SearchIndex::in_memory().unwrap();
        for batch in 0..5 {
            let docs: Vec<Doc> = (batch * n / 5 + 1..=(batch + 1) * n / 5)
                .map(|id| {
                    // Word i is in about one story in 2^(i/2): "council" in most, "lantern" in few.
                    let mut words = |count: usize| {
                        (0..count)
                            .filter_map(|_| {
                                let i = next(WORDS.len() as u64) as usize;
                                (next(1 << (i / 2)) == 0).then_some(WORDS[i])
                            })
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    Doc {
                        id,
                        headline: words(4),
                        standfirst: words(6),
                        body_markdown: words(30),
                        section_id: 1 + next(3) as i64,
                        tags: vec![(1 + next(4) as i64, "Topic".into())],
                        authors: vec![(1 + next(2) as i64, "Writer".into())],
                        // Often the same second: the date and then the id break ties.
                        published_at: 1_700_000_000 + next(n as u64 / 4) as i64,
                    }
                })
                .collect();
            let gone: Vec<i64> = (0..n / 50).map(|_| 1 + next(n as u64) as i64).collect();
            index.apply(&docs, &gone, batch + 1).unwrap();
        }
        index
    }

    /// What tantivy itself answers for `q`, its own walk of the same query ranked the same
    /// way (score, then newer, then id): the answer the conjunction walk must give.
    fn tantivy_answer(index: &SearchIndex, q: &SearchQuery) -> (usize, Vec<i64>) {
        let f = index.fields;
        let query = index.narrowed(index.matching(&q.text), &index.filter_terms(q), q);
        let searcher = index.reader.searcher();
        let top = TopDocs::with_limit(q.limit)
            .and_offset(q.offset)
            .tweak_score(|segment: &tantivy::SegmentReader| {
                let fast = segment.fast_fields();
                let (at, id) = (fast.i64("published_at").unwrap(), fast.i64("id").unwrap());
                move |doc: tantivy::DocId, score: Score| {
                    (score, at.first(doc).unwrap(), id.first(doc).unwrap())
                }
            });
        let (total, docs) = searcher.search(&query, &(Count, top)).unwrap();
        let ids = docs
            .iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(*address).unwrap();
                doc.get_first(f.id).and_then(|v| v.as_i64()).unwrap()
            })
            .collect();
        (total, ids)
    }

    #[test]
    fn the_conjunction_walk_finds_and_ranks_what_tantivy_does() {
        let index = varied_newsroom(3000);
        assert!(index.reader.searcher().segment_readers().len() > 1);
        let texts = [
            "council",
            "lantern",
            "council storm",
            "council council",
            "storm council budget",
            "council storm budget ferry",
            "council lantern",
            "lantern council storm",
            "odesa heat",
            "bishop \"council storm\"",
            "\"storm council\" lantern",
            "nowhere council",
        ];
        let mut compared = 0;
        for text in texts {
            for (section_id, tag_id, author_id) in [
                (None, None, None),
                (Some(2), None, None),
                (None, Some(3), Some(1)),
            ] {
                for (from, to) in [(None, None), (Some(1_700_000_100), Some(1_700_000_400))] {
                    for offset in [0, 10] {
                        let q = SearchQuery {
                            text: text.into(),
                            section_id,
                            tag_id,
                            author_id,
                            from,
                            to,
                            offset,
                            limit: 10,
                            ..SearchQuery::default()
                        };
                        let ours = index.search(&q).unwrap();
                        assert_eq!(
                            (ours.total, ids(&ours)),
                            tantivy_answer(&index, &q),
                            "{q:?}"
                        );
                        compared += usize::from(ours.total > 0);
                    }
                }
            }
        }
        // Most of them found something: the comparison was not of empty answers.
        assert!(compared > 80, "{compared}");
    }

    #[test]
    fn a_misspelt_word_is_ranked_as_the_word_it_is_near() {
        let index = SearchIndex::in_memory().unwrap();
        let docs = [
            story(1, "Hospital waiting lists grow", "Wards are full."),
            story(2, "Roadworks on the ring road", "Near the hospital."),
        ];
        index.apply(&docs, &[], 1).unwrap();
        let r = index.search(&query("hospitel")).unwrap();
        // By relevance, as "hospital" would be: not newest first.
        assert_eq!((ids(&r), r.fuzzy), (vec![1, 2], true));
        assert!(
            r.hits[1].snippet_html.contains("<b>hospital</b>"),
            "{}",
            r.hits[1].snippet_html
        );
    }

    #[test]
    fn newest_first_ranks_by_date_then_id_and_sees_new_stories() {
        let index = SearchIndex::in_memory().unwrap();
        let dated = |id, at| Doc {
            published_at: at,
            ..story(id, "Storm warning", "")
        };
        index
            .apply(
                &[dated(1, 50), dated(2, 70), dated(3, 70), dated(4, 60)],
                &[],
                1,
            )
            .unwrap();
        let newest = SearchQuery {
            by_date: true,
            ..query("storm")
        };
        assert_eq!(ids(&index.search(&newest).unwrap()), [3, 2, 4, 1]);
        // A later version of the index: its segments are read afresh.
        index.apply(&[dated(5, 80)], &[3], 2).unwrap();
        assert_eq!(ids(&index.search(&newest).unwrap()), [5, 2, 4, 1]);
        let words_none = SearchQuery {
            by_date: false,
            ..query("")
        };
        assert_eq!(ids(&index.search(&words_none).unwrap()), [5, 2, 4, 1]);
    }

    #[test]
    fn a_word_in_the_headline_outranks_the_same_word_in_the_body() {
        let index = SearchIndex::in_memory().unwrap();
        // The same length and the word once in each: only where it is differs.
        let body = "Talks on the budget went on late into the night.";
        let docs = [
            story(
                1,
                "Council meets tonight",
                &format!("{body} A strike was raised."),
            ),
            story(
                2,
                "Strike called tonight",
                &format!("{body} A council was raised."),
            ),
        ];
        index.apply(&docs, &[], 1).unwrap();
        let r = index.search(&query("strike")).unwrap();
        assert_eq!((ids(&r), r.total), (vec![2, 1], 2));
    }

    #[test]
    fn any_text_gives_results_or_none_never_an_error() {
        let index = SearchIndex::in_memory().unwrap();
        index
            .apply(&[story(1, "Storm warning", "Winds of 90 mph.")], &[], 1)
            .unwrap();
        for text in [
            "\"unclosed",
            "(((",
            "AND OR NOT",
            "headline:",
            "a:b:c",
            "*",
            "~",
            "[1 TO",
            "\\",
            "storm^",
            "-",
            "+",
            "\0",
            "ストーム",
            "<script>alert(1)</script>",
        ] {
            index.search(&query(text)).unwrap();
        }
        assert_eq!(ids(&index.search(&query("\"storm")).unwrap()), [1]);
    }

    #[test]
    fn a_misspelt_word_finds_stories_with_the_right_one() {
        let index = SearchIndex::in_memory().unwrap();
        index
            .apply(&[story(1, "Hospital waiting lists grow", "")], &[], 1)
            .unwrap();
        let r = index.search(&query("hospitel")).unwrap();
        assert_eq!((ids(&r), r.fuzzy), (vec![1], true));
    }

    #[test]
    fn deleted_stories_leave_the_index() {
        let index = SearchIndex::in_memory().unwrap();
        index
            .apply(
                &[story(1, "Storm", ""), story(2, "Storm again", "")],
                &[],
                1,
            )
            .unwrap();
        index.apply(&[], &[1], 2).unwrap();
        assert_eq!(ids(&index.search(&query("storm")).unwrap()), [2]);
        assert_eq!(index.len(), 1);
    }

    #[test]
    fn related_stories_share_tags_and_words_and_exclude_the_story() {
        let index = SearchIndex::in_memory().unwrap();
        let mut a = story(
            1,
            "Flood defences hold in York",
            "River Ouse flood barrier.",
        );
        a.tags = vec![(7, "Floods".into())];
        let mut b = story(2, "Flood clean-up begins", "Volunteers clear mud.");
        b.tags = vec![(7, "Floods".into())];
        let c = story(3, "Cup final tonight", "Kick-off at eight.");
        let d = story(4, "River Ouse flood barrier praised", "Engineers praised.");
        index.apply(&[a, b, c, d], &[], 1).unwrap();
        let related = index.related(1, &[7], 4).unwrap();
        assert!(!related.contains(&1));
        assert!(!related.contains(&3), "{related:?}");
        assert!(related.contains(&2) && related.contains(&4), "{related:?}");
        assert_eq!(related[0], 2, "a shared tag counts most");
    }

    #[test]
    fn related_stories_survive_many_updates_of_the_same_stories() {
        // Re-indexing leaves deleted documents behind until a merge: word statistics that
        // count them must not trip over them.
        let index = SearchIndex::in_memory().unwrap();
        for round in 0..6 {
            let docs: Vec<Doc> = (1..=5)
                .map(|i| story(i, "Flood barrier holds", "River flood barrier praised."))
                .collect();
            index.apply(&docs, &[], round).unwrap();
            let related = index.related(1, &[], 4).unwrap();
            assert!(!related.contains(&1));
            assert_eq!(related.len(), 4, "round {round}");
        }
    }

    #[test]
    fn the_position_survives_a_reopen_and_a_new_schema_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("search");
        {
            let index = SearchIndex::open(&path).unwrap();
            index.apply(&[story(1, "Storm", "")], &[], 42).unwrap();
        }
        let index = SearchIndex::open(&path).unwrap();
        assert_eq!((index.position(), index.len()), (42, 1));
        drop(index);
        std::fs::write(path.join("newsdesk-schema"), "0").unwrap();
        let index = SearchIndex::open(&path).unwrap();
        assert_eq!((index.position(), index.len()), (0, 0));
    }

    #[test]
    fn filters_and_date_order() {
        let index = SearchIndex::in_memory().unwrap();
        let mut a = story(1, "Storm in the north", "");
        a.section_id = 2;
        let mut b = story(2, "Storm in the south", "");
        b.authors = vec![(9, "Ann Ray".into())];
        index.apply(&[a, b], &[], 1).unwrap();
        let mut q = query("storm");
        q.section_id = Some(2);
        assert_eq!(ids(&index.search(&q).unwrap()), [1]);
        let mut q = query("storm");
        q.author_id = Some(9);
        assert_eq!(ids(&index.search(&q).unwrap()), [2]);
        let mut q = query("");
        q.by_date = true;
        assert_eq!(ids(&index.search(&q).unwrap()), [2, 1]);
        let mut q = query("storm");
        q.from = Some(1_700_000_002);
        assert_eq!(ids(&index.search(&q).unwrap()), [2]);
        let r = index.search(&query("storm north")).unwrap();
        assert_eq!(ids(&r), [1]);
        assert!(!index.search(&query("ann ray")).unwrap().hits.is_empty());
    }
}
