//! The second pass: authors, sections and topics, then each post and page, written through
//! the newsroom's operations with the actor's rights — an imported story obeys the rules a
//! typed one does. Each write is remembered in the import mapping with its checksum.
//!
//! Categories: a top-level category is a section; a child category files its posts in its
//! top-level ancestor's section, under a topic named after the child. A post in several
//! categories goes to the first one's section; the others become topics. A post with no
//! category goes to "Uncategorized", as on WordPress.

use crate::pictures::PictureFolder;
use crate::plan;
use crate::posts::Incoming;
use crate::run::{Counts, Missing, Options, Progress, Skipped, Summary, Survey};
use crate::wxr::{Item, Term};
use newsdesk_core::Slug;
use newsdesk_newsroom::{
    Actor, ImportRecord, Newsroom, OpError, SourceKey, StoryFields, StructureFields,
};
use newsdesk_store::StructureKind;
use std::collections::{HashMap, HashSet};

/// What a write of one thing came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Created,
    Updated,
    Unchanged,
}

pub(crate) struct Writer<'a> {
    pub(crate) newsroom: &'a Newsroom,
    pub(crate) actor: &'a Actor,
    pub(crate) source: &'a str,
    pub(crate) options: &'a Options,
    pub(crate) summary: Summary,
    /// Category slug → its term, for walking up to the top-level ancestor.
    categories: HashMap<String, Term>,
    /// Top-level category slug → section id.
    sections: HashMap<String, i64>,
    pub(crate) section_slugs: HashMap<i64, String>,
    /// Author login (or byline name) → author id.
    authors: HashMap<String, i64>,
    /// Attachment post id → picture id.
    pub(crate) pictures_by_post: HashMap<String, i64>,
    /// Path under `uploads/` → the picture's new `src`.
    pub(crate) addresses: HashMap<String, String>,
    /// Full-size path in the folder → picture id: each file is brought in once.
    pub(crate) picture_ids: HashMap<String, i64>,
    /// Pictures (by import key) whose words this run has set: the first use decides.
    pub(crate) worded: std::collections::HashSet<String>,
    /// Addresses already reported missing.
    pub(crate) missing_seen: std::collections::HashSet<String>,
    /// What became of each attachment (by post id); `None`: skipped or missing.
    pub(crate) picture_outcomes: HashMap<String, Option<Outcome>>,
    /// The old site's picture folder, which `options.uploads` is a copy of.
    pub(crate) folder: PictureFolder,
    /// What earlier runs made of this source's stories, by id there (read on first use).
    pub(crate) story_records: Option<HashMap<String, ImportRecord>>,
    /// New stories waiting to arrive together, and their ids in the export.
    pub(crate) arriving: Vec<(Incoming, StoryFields)>,
    pub(crate) arriving_ids: HashSet<String>,
    /// Topic name → topic id, as this run has found or made them.
    pub(crate) topics_by_name: HashMap<String, i64>,
}

impl<'a> Writer<'a> {
    /// A writer for an import from `source` (the import mapping's name for the old site)
    /// of `items` posts and pages.
    pub(crate) fn new(
        newsroom: &'a Newsroom,
        actor: &'a Actor,
        source: &'a str,
        items: usize,
        options: &'a Options,
        folder: PictureFolder,
    ) -> Writer<'a> {
        Writer {
            newsroom,
            actor,
            source,
            options,
            summary: Summary {
                source: source.to_owned(),
                items,
                ..Summary::default()
            },
            categories: HashMap::new(),
            sections: HashMap::new(),
            section_slugs: HashMap::new(),
            authors: HashMap::new(),
            pictures_by_post: HashMap::new(),
            addresses: HashMap::new(),
            picture_ids: HashMap::new(),
            worded: Default::default(),
            missing_seen: Default::default(),
            picture_outcomes: HashMap::new(),
            folder,
            story_records: None,
            arriving: Vec::new(),
            arriving_ids: HashSet::new(),
            topics_by_name: HashMap::new(),
        }
    }

    /// A writer for a WordPress export, knowing its categories.
    pub(crate) fn for_wxr(
        newsroom: &'a Newsroom,
        actor: &'a Actor,
        survey: &'a Survey,
        options: &'a Options,
    ) -> Writer<'a> {
        let mut writer = Writer::new(
            newsroom,
            actor,
            &survey.source,
            survey.items,
            options,
            PictureFolder::WordPressUploads,
        );
        writer.categories = survey
            .terms
            .iter()
            .filter(|t| t.taxonomy == "category" && !t.slug.is_empty())
            .map(|t| (t.slug.clone(), t.clone()))
            .collect();
        writer
    }

    /// The run's summary, once the stories still waiting have arrived.
    pub(crate) async fn finish(mut self) -> Result<Summary, OpError> {
        self.flush_arrivals().await?;
        Ok(self.summary)
    }

    pub(crate) fn key<'k>(&self, kind: &'k str, external_id: &'k str) -> SourceKey<'k>
    where
        'a: 'k,
    {
        SourceKey {
            source: self.source,
            kind,
            external_id,
        }
    }

    pub(crate) fn count(&mut self, kind: StructureCount, outcome: Outcome) {
        let counts = match outcome {
            Outcome::Created => &mut self.summary.created,
            Outcome::Updated => &mut self.summary.updated,
            Outcome::Unchanged => {
                self.summary.unchanged += 1;
                return;
            }
        };
        let field = match kind {
            StructureCount::Story => &mut counts.stories,
            StructureCount::Page => &mut counts.pages,
            StructureCount::Picture => &mut counts.pictures,
            StructureCount::Section => &mut counts.sections,
            StructureCount::Topic => &mut counts.topics,
            StructureCount::Author => &mut counts.authors,
        };
        *field += 1;
    }

    pub(crate) fn skip(&mut self, what: String, reason: impl Into<String>) {
        self.summary.skipped.push(Skipped {
            what,
            reason: reason.into(),
        });
    }

    /// Notes an item imported but kept off the public site, and why.
    pub(crate) fn hold_back(&mut self, what: String, reason: impl Into<String>) {
        self.summary.held_back.push(Skipped {
            what,
            reason: reason.into(),
        });
    }

    pub(crate) fn missing(&mut self, url: &str, reason: impl Into<String>) {
        if self.missing_seen.insert(url.to_owned()) {
            self.summary.missing_media.push(Missing {
                url: url.to_owned(),
                reason: reason.into(),
            });
        }
    }

    /// Authors, then categories (sections, and topics for child categories), then tags
    /// and other terms (topics).
    pub(crate) async fn structure(
        &mut self,
        survey: &Survey,
        progress: &mut dyn Progress,
    ) -> Result<(), OpError> {
        for a in &survey.authors {
            let name = [
                a.display_name.trim(),
                &format!("{} {}", a.first_name, a.last_name),
            ]
            .into_iter()
            .map(str::trim)
            .find(|n| !n.is_empty())
            .unwrap_or(a.login.as_str())
            .to_owned();
            let fields = StructureFields {
                name,
                description: a.description.clone(),
                ..StructureFields::default()
            };
            self.author(&a.login, fields).await?;
            progress.advance(&a.login);
        }
        for term in &survey.terms {
            let what = format!("{} “{}”", term.taxonomy, term.name);
            match term.taxonomy.as_str() {
                "category" if term.parent.is_empty() => {
                    self.section(&term.slug, &term.name, &term.description)
                        .await?;
                }
                "category" => {
                    let id = format!("category:{}", term.slug);
                    self.topic(&id, words(&term.name, &term.description))
                        .await?;
                }
                "post_tag" => {
                    let id = format!("tag:{}", term.slug);
                    self.topic(&id, words(&term.name, &term.description))
                        .await?;
                }
                t if is_design_taxonomy(t) => self.skip(
                    what,
                    format!("a {t} term: the old site's design or menus, not a topic"),
                ),
                t => {
                    let id = format!("{t}:{}", term.slug);
                    self.topic(&id, words(&term.name, &term.description))
                        .await?;
                }
            }
            progress.advance(&term.name);
        }
        Ok(())
    }

    /// A structure item by its import key: made, updated when its words changed, or
    /// found by address when the newsroom already has one there.
    async fn upsert_structure(
        &mut self,
        kind: StructureKind,
        mapping_kind: &str,
        external_id: &str,
        fields: StructureFields,
    ) -> Result<Option<(i64, Outcome)>, OpError> {
        let checksum = structure_checksum(&fields);
        let key = self.key(mapping_kind, external_id);
        if let Some(done) = self.newsroom.imported(self.actor, key).await?
            && self.exists(kind, done.local_id).await?
        {
            if done.checksum == checksum {
                return Ok(Some((done.local_id, Outcome::Unchanged)));
            }
            let mut saved = fields.clone();
            if let Some(current) = self.current_slug(kind, done.local_id).await? {
                // Keep the address the newsroom uses now.
                saved.slug = current;
            }
            if kind == StructureKind::Section
                && let Some(s) = self.newsroom.store.section(done.local_id).await?
            {
                saved.position = s.position;
                saved.hidden = s.hidden;
                saved.seo_title = s.seo_title;
                saved.seo_description = s.seo_description;
            }
            self.newsroom
                .save_structure(self.actor, kind, done.local_id, &saved, None)
                .await?;
            self.newsroom
                .remember_import(self.actor, key, done.local_id, &checksum)
                .await?;
            return Ok(Some((done.local_id, Outcome::Updated)));
        }
        let base = if fields.slug.is_empty() {
            Slug::from_title(&fields.name).as_str().to_owned()
        } else {
            fields.slug.clone()
        };
        // A section may not take one of the site's own addresses (`/media/`…).
        let candidates = [base.clone(), format!("{base}-section")];
        for slug in candidates {
            let attempt = StructureFields {
                slug: slug.clone(),
                ..fields.clone()
            };
            let existing = self.by_slug(kind, &slug).await?;
            let (id, outcome) = match existing {
                // The newsroom already has one at this address: use it.
                Some(id) => (id, Outcome::Unchanged),
                None => match self
                    .newsroom
                    .add_structure(self.actor, kind, &attempt)
                    .await
                {
                    Ok(id) => (id, Outcome::Created),
                    Err(OpError::Invalid { .. }) => continue,
                    Err(e) => return Err(e),
                },
            };
            self.newsroom
                .remember_import(self.actor, key, id, &checksum)
                .await?;
            return Ok(Some((id, outcome)));
        }
        Ok(None)
    }

    async fn exists(&self, kind: StructureKind, id: i64) -> Result<bool, OpError> {
        let store = &self.newsroom.store;
        Ok(match kind {
            StructureKind::Section => store.section(id).await?.is_some(),
            StructureKind::Tag => store.tag(id).await?.is_some(),
            StructureKind::Author => store.author(id).await?.is_some(),
        })
    }

    async fn current_slug(&self, kind: StructureKind, id: i64) -> Result<Option<String>, OpError> {
        let store = &self.newsroom.store;
        Ok(match kind {
            StructureKind::Section => store.section(id).await?.map(|s| s.slug.as_str().to_owned()),
            StructureKind::Tag => store.tag(id).await?.map(|s| s.slug.as_str().to_owned()),
            StructureKind::Author => store.author(id).await?.map(|s| s.slug.as_str().to_owned()),
        })
    }

    async fn by_slug(&self, kind: StructureKind, slug: &str) -> Result<Option<i64>, OpError> {
        let store = &self.newsroom.store;
        Ok(match kind {
            StructureKind::Section => store.section_by_slug(slug).await?.map(|s| s.id),
            StructureKind::Tag => store.tag_by_slug(slug).await?.map(|t| t.id),
            StructureKind::Author => store.author_by_slug(slug).await?.map(|a| a.id),
        })
    }

    pub(crate) async fn author(
        &mut self,
        login: &str,
        fields: StructureFields,
    ) -> Result<Option<i64>, OpError> {
        if let Some(id) = self.authors.get(login) {
            return Ok(Some(*id));
        }
        let what = format!("author “{}”", fields.name);
        match self
            .upsert_structure(StructureKind::Author, "author", login, fields)
            .await?
        {
            Some((id, outcome)) => {
                self.count(StructureCount::Author, outcome);
                self.authors.insert(login.to_owned(), id);
                Ok(Some(id))
            }
            None => {
                self.skip(what, "no address could be made for the author");
                Ok(None)
            }
        }
    }

    pub(crate) async fn section(
        &mut self,
        slug: &str,
        name: &str,
        description: &str,
    ) -> Result<Option<i64>, OpError> {
        if let Some(id) = self.sections.get(slug) {
            return Ok(Some(*id));
        }
        let fields = StructureFields {
            name: name.to_owned(),
            slug: Slug::parse(slug)
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            description: description.to_owned(),
            position: 100,
            ..StructureFields::default()
        };
        let found = self
            .upsert_structure(StructureKind::Section, "section", slug, fields)
            .await?;
        let Some((id, outcome)) = found else {
            self.skip(
                format!("category “{name}”"),
                "no address could be made for its section",
            );
            return Ok(None);
        };
        self.count(StructureCount::Section, outcome);
        self.sections.insert(slug.to_owned(), id);
        Ok(Some(id))
    }

    /// A topic by its import key (`tag:elections`), with its id; `None` when no
    /// address could be made for it (then skipped with that reason).
    pub(crate) async fn topic(
        &mut self,
        external_id: &str,
        fields: StructureFields,
    ) -> Result<Option<i64>, OpError> {
        let what = format!("term “{}”", fields.name);
        match self
            .upsert_structure(StructureKind::Tag, "topic", external_id, fields)
            .await?
        {
            Some((id, outcome)) => {
                self.count(StructureCount::Topic, outcome);
                Ok(Some(id))
            }
            None => {
                self.skip(what, "no address could be made for the topic");
                Ok(None)
            }
        }
    }

    /// The section, topics and byline of `item`.
    pub(crate) async fn filing(
        &mut self,
        item: &Item,
    ) -> Result<(i64, Vec<String>, Vec<i64>), OpError> {
        let mut section = None;
        let mut topics = Vec::new();
        for term in &item.terms {
            match term.domain.as_str() {
                "category" => {
                    let slug = if term.nicename.is_empty() {
                        Slug::from_title(&term.name).as_str().to_owned()
                    } else {
                        term.nicename.clone()
                    };
                    let (top, top_name, top_description) = self.top_category(&slug, &term.name);
                    if slug != top {
                        topics.push(term.name.clone());
                    }
                    if section.is_none() {
                        section = self.section(&top, &top_name, &top_description).await?;
                    } else if slug == top {
                        topics.push(term.name.clone());
                    }
                }
                d if is_design_taxonomy(d) => {}
                _ => topics.push(term.name.clone()),
            }
        }
        let section = match section {
            Some(id) => id,
            None => self
                .section("uncategorized", "Uncategorized", "")
                .await?
                .ok_or_else(|| OpError::invalid("section_id", "No section for the post."))?,
        };
        let creator = item.creator.trim();
        let mut authors = Vec::new();
        if !creator.is_empty() {
            let fields = StructureFields {
                name: creator.to_owned(),
                ..StructureFields::default()
            };
            authors.extend(self.author(creator, fields).await?);
        }
        topics.retain(|t| !t.trim().is_empty());
        Ok((section, topics, authors))
    }

    /// A category's top-level ancestor: its slug, name and description.
    fn top_category(&self, slug: &str, name: &str) -> (String, String, String) {
        let mut at = slug.to_owned();
        let mut found = (slug.to_owned(), name.to_owned(), String::new());
        // A loop in the parents (a damaged export) stops after a few steps.
        for _ in 0..32 {
            let Some(term) = self.categories.get(&at) else {
                break;
            };
            found = (
                term.slug.clone(),
                term.name.clone(),
                term.description.clone(),
            );
            if term.parent.is_empty() {
                break;
            }
            at = term.parent.clone();
        }
        found
    }
}

/// The kinds counted in a summary.
#[derive(Clone, Copy, Debug)]
pub(crate) enum StructureCount {
    Story,
    Page,
    Picture,
    Section,
    Topic,
    Author,
}

/// A topic's or section's words.
fn words(name: &str, description: &str) -> StructureFields {
    StructureFields {
        name: name.to_owned(),
        description: description.to_owned(),
        ..StructureFields::default()
    }
}

/// A fingerprint of a structure item's words. The profile's links, job and photo count
/// only when there are some, so an earlier import's fingerprints of names and
/// descriptions stay the same.
fn structure_checksum(fields: &StructureFields) -> String {
    let mut parts = vec![
        fields.name.clone(),
        fields.slug.clone(),
        fields.description.clone(),
    ];
    if !fields.links.is_empty() || !fields.job_title.is_empty() || fields.photo_media_id.is_some() {
        parts.push(fields.links.join("\n"));
        parts.push(fields.job_title.clone());
        parts.push(
            fields
                .photo_media_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
        );
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    plan::checksum_of(&parts)
}

/// Taxonomies of the old site's design and menus, never topics.
fn is_design_taxonomy(taxonomy: &str) -> bool {
    matches!(
        taxonomy,
        "post_format"
            | "nav_menu"
            | "link_category"
            | "wp_theme"
            | "wp_template_part_area"
            | "wp_pattern_category"
    )
}

/// `post “Title” (WordPress id 12)` for the summary.
pub(crate) fn describe(item: &Item) -> String {
    let kind = if item.post_type.is_empty() {
        "item"
    } else {
        &item.post_type
    };
    let title = plain_text(&item.title);
    let title = if title.is_empty() {
        "(no title)".to_owned()
    } else {
        title
    };
    format!(
        "{kind} “{title}” (WordPress id {})",
        plan::external_id(item)
    )
}

/// Text that may carry tags or HTML entities (titles, excerpts, captions), as plain text.
pub(crate) fn plain_text(html: &str) -> String {
    static TAG: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"<[^>]*>").expect("valid"));
    static ENTITY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|nbsp);")
            .expect("valid")
    });
    let text = TAG.replace_all(html, "");
    let text = ENTITY.replace_all(&text, |c: &regex::Captures| {
        let e = &c[1];
        let ch = match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            _ => e[1..].parse::<u32>().ok().and_then(char::from_u32),
        };
        ch.map_or_else(|| c[0].to_owned(), String::from)
    });
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Counts {
    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }
}
