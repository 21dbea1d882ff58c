//! What importers need beyond the operations every door uses: remembering which newsroom
//! item each imported item became (so a second run updates rather than duplicates), and
//! answering the old site's addresses with 301s. Importing creates sections, topics and
//! authors, so it is for those who manage the newsroom's structure.

use crate::stories::{draft_input, invalid_or, take_step};
use crate::{Actor, Newsroom, OpError, StoryFields};
use newsdesk_core::workflow::{Standing, Step};
use newsdesk_core::{Action, policy};
use newsdesk_store::Arrival;
pub use newsdesk_store::ImportRecord;
use std::collections::{BTreeSet, HashMap};

/// One imported item's name in its source: which export (`source`, e.g. the old site's
/// address), what sort of item (`kind`: story, page, section, topic, author, picture), and
/// its id there.
#[derive(Clone, Copy, Debug)]
pub struct SourceKey<'a> {
    pub source: &'a str,
    pub kind: &'a str,
    pub external_id: &'a str,
}

/// A new story arriving from another system: what a door would send for it, and the
/// workflow steps that take it to the state it had there.
#[derive(Clone, Debug)]
pub struct Arriving {
    pub fields: StoryFields,
    pub steps: Vec<Step>,
    /// Its id in the export, and the importer's checksum of it.
    pub external_id: String,
    pub checksum: String,
    /// Paths readers may have for it on the old site, answered with a 301 once published.
    pub old_addresses: Vec<String>,
}

impl Newsroom {
    /// Brings in new stories from `source` together, all or none. Each is checked and
    /// taken through its workflow steps by the rules a story created and saved at the desk
    /// obeys — the same draft, the same policy for every step, the same workflow — and
    /// then all are written in one transaction (`Store::import_arrivals`). A refusal of
    /// any one refuses the lot: the importer then brings them in one at a time, so each
    /// refusal is reported as that story's own.
    pub async fn import_new_stories(
        &self,
        actor: &Actor,
        source: &str,
        stories: Vec<Arriving>,
    ) -> Result<Vec<i64>, OpError> {
        actor.check(Action::ManageStructure, None)?;
        actor.check(Action::CreateStory, None)?;
        let mut arrivals = Vec::with_capacity(stories.len());
        let mut references = References::default();
        for mut story in stories {
            self.take_topic_names(actor, &mut story.fields).await?;
            references.note(&story.fields);
            let from_source = story.fields.published_at_from_source;
            let mut input = draft_input(actor, story.fields)?;
            for step in story.steps {
                let standing = Standing {
                    state: input.state,
                    published_at: input.published_at,
                    first_published_at: input.first_published_at,
                };
                let own = policy::Story {
                    own: true,
                    state: input.state,
                };
                actor.check(step.action(), Some(own))?;
                take_step(&mut input, standing, step, from_source)?;
            }
            check_old_addresses(&story.old_addresses)?;
            arrivals.push(Arrival {
                input,
                by: Some(actor.user_id),
                external_id: story.external_id,
                checksum: story.checksum,
                old_addresses: story.old_addresses,
            });
        }
        self.check_all_references(&references).await?;
        self.store
            .import_arrivals(source, &arrivals)
            .await
            .map_err(invalid_or)
    }

    /// Every section, topic, byline and picture `references` names exists: one look for
    /// each kind, however many stories name them.
    async fn check_all_references(&self, references: &References) -> Result<(), OpError> {
        let sections: Vec<i64> = references.sections.iter().copied().collect();
        let tags: Vec<i64> = references.tags.iter().copied().collect();
        let authors: Vec<i64> = references.authors.iter().copied().collect();
        let pictures: Vec<i64> = references.pictures.iter().copied().collect();
        let known_sections: Vec<i64> = self
            .store
            .section_choices()
            .await?
            .iter()
            .map(|s| s.id)
            .collect();
        let known_tags = self.store.existing_tag_ids(&tags).await?;
        let known_authors: Vec<i64> = self.store.authors().await?.iter().map(|a| a.id).collect();
        let known_pictures: HashMap<i64, _> = self.store.media_by_ids(&pictures).await?;
        let missing =
            |field: &'static str, what: &str, ids: &[i64], known: &dyn Fn(i64) -> bool| match ids
                .iter()
                .find(|id| !known(**id))
            {
                Some(id) => Err(OpError::invalid(
                    field,
                    format!("There is no {what} number {id}."),
                )),
                None => Ok(()),
            };
        missing("section_id", "section", &sections, &|id| {
            known_sections.contains(&id)
        })?;
        missing("tag_ids", "topic", &tags, &|id| known_tags.contains(&id))?;
        missing("author_ids", "author", &authors, &|id| {
            known_authors.contains(&id)
        })?;
        missing("lead_media_id", "picture", &pictures, &|id| {
            known_pictures.contains_key(&id)
        })
    }

    /// What an earlier import made of `key`, if anything.
    pub async fn imported(
        &self,
        actor: &Actor,
        key: SourceKey<'_>,
    ) -> Result<Option<ImportRecord>, OpError> {
        actor.check(Action::ManageStructure, None)?;
        Ok(self
            .store
            .import_record(key.source, key.kind, key.external_id)
            .await?)
    }

    /// Notes that `key` is now the newsroom's `local_id`, imported as `checksum`.
    pub async fn remember_import(
        &self,
        actor: &Actor,
        key: SourceKey<'_>,
        local_id: i64,
        checksum: &str,
    ) -> Result<(), OpError> {
        actor.check(Action::ManageStructure, None)?;
        let record = ImportRecord {
            local_id,
            checksum: checksum.to_owned(),
        };
        Ok(self
            .store
            .remember_import(key.source, key.kind, key.external_id, &record)
            .await?)
    }

    /// Answers each of the old site's `paths` (with their query, like `/?p=12`) with a 301
    /// to `to`, a path on this site. With `article_id` the redirects follow the story when
    /// it moves and go when it is deleted for good, as a moved story's own do.
    pub async fn add_old_addresses(
        &self,
        actor: &Actor,
        paths: &[String],
        to: &str,
        article_id: Option<i64>,
    ) -> Result<(), OpError> {
        actor.check(Action::ManageStructure, None)?;
        check_old_addresses(paths)?;
        for path in paths {
            self.store.add_old_address(path, to, article_id).await?;
        }
        Ok(())
    }

    /// What an earlier import made of every item of `kind` from `source`, by id there.
    pub async fn imported_all(
        &self,
        actor: &Actor,
        source: &str,
        kind: &str,
    ) -> Result<HashMap<String, ImportRecord>, OpError> {
        actor.check(Action::ManageStructure, None)?;
        Ok(self.store.import_records(source, kind).await?)
    }
}

fn check_old_addresses(paths: &[String]) -> Result<(), OpError> {
    match paths
        .iter()
        .find(|path| !path.starts_with('/') || path.starts_with("//"))
    {
        Some(path) => Err(OpError::invalid(
            "from",
            format!("{path:?} is not a path on a site (it must start with one /)."),
        )),
        None => Ok(()),
    }
}

/// The sections, topics, bylines and pictures a batch of stories names.
#[derive(Default)]
struct References {
    sections: BTreeSet<i64>,
    tags: BTreeSet<i64>,
    authors: BTreeSet<i64>,
    pictures: BTreeSet<i64>,
}

impl References {
    fn note(&mut self, fields: &StoryFields) {
        self.sections.extend(fields.section_id);
        self.tags.extend(fields.tag_ids.iter().flatten());
        self.authors.extend(fields.author_ids.iter().flatten());
        self.pictures.extend(fields.lead_media_id.flatten());
    }
}
