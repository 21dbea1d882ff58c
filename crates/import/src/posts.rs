//! Posts and pages, written through the newsroom's story and page operations, taking the
//! workflow steps a person at the desk would take. Each format reads its own post (a
//! WordPress `<item>`, a Ghost post) into [`Incoming`] and the fields to save; what
//! follows — found again or made, restored from the trash, moved through the workflow,
//! remembered with its checksum, its old addresses answered — is the same for all.

use crate::body;
use crate::plan::{self, Plan, Status};
use crate::write::{Outcome, StructureCount, Writer, describe, plain_text};
use crate::wxr::Item;
use newsdesk_core::workflow::Step;
use newsdesk_core::{Article, Page, Slug};
use newsdesk_newsroom::{Arriving, ImportRecord, OpError, PageFields, StoryFields, Trashing};

/// How many new stories are brought in together, in one transaction.
const ARRIVALS_PER_BATCH: usize = 500;

/// A post or page from an export, as every format hands it to the writer.
#[derive(Clone, Debug)]
pub(crate) struct Incoming {
    /// Its id in the export: the import mapping's `external_id`.
    pub id: String,
    /// How the summary names it: `post “Title” (WordPress id 12)`.
    pub what: String,
    /// A fingerprint of everything the import reads from it.
    pub checksum: String,
    pub status: Status,
    /// When it was published (or is to be), as Unix seconds.
    pub date: Option<i64>,
    /// The address it had, for a new story or page (empty: made from the title).
    pub slug: String,
    /// Paths readers may have for it on the old site, answered with a 301 once published.
    pub old_addresses: Vec<String>,
}

/// What the newsroom already has of an imported post.
pub(crate) enum Existing<T> {
    /// Imported before from the same words: left alone.
    Unchanged,
    /// Imported before, changed since.
    Changed(T),
    New,
}

impl Writer<'_> {
    /// One `<item>` of the second pass.
    pub(crate) async fn item(&mut self, item: &Item) -> Result<(), OpError> {
        self.summary.comments += item.comments;
        let what = describe(item);
        let outcome = match plan::plan(item) {
            Plan::Skip(reason) => {
                self.skip(what, reason);
                None
            }
            // Brought in before the posts, by `attachments`.
            Plan::Picture => self.picture_outcome(item),
            Plan::Story(status) => self.story(item, status).await?,
            Plan::Page(status) => self.page(item, status).await?,
        };
        self.tally(outcome);
        Ok(())
    }

    /// Counts one post or page of the export by what became of it.
    pub(crate) fn tally(&mut self, outcome: Option<Outcome>) {
        match outcome {
            Some(Outcome::Created) => self.summary.items_imported += 1,
            Some(Outcome::Updated) => self.summary.items_updated += 1,
            Some(Outcome::Unchanged) => self.summary.items_unchanged += 1,
            None => self.summary.items_skipped += 1,
        }
    }

    fn incoming(item: &Item, status: Status) -> Incoming {
        Incoming {
            id: plan::external_id(item),
            what: describe(item),
            checksum: plan::checksum(item),
            status,
            date: plan::date_of(item),
            slug: item.post_name.trim().to_owned(),
            old_addresses: plan::old_addresses(item),
        }
    }

    async fn story(&mut self, item: &Item, status: Status) -> Result<Option<Outcome>, OpError> {
        // The pictures first: what the story becomes depends on which of them are in the
        // library now, so a run that finds a picture an earlier one missed updates it.
        self.body_pictures(&item.content).await?;
        let lead = item
            .meta("_thumbnail_id")
            .and_then(|t| self.pictures_by_post.get(t.trim()).copied());
        let body_markdown = body::convert(&item.content, &self.addresses);
        let mut incoming = Self::incoming(item, status);
        incoming.checksum =
            plan::checksum_of(&[&incoming.checksum, &format!("{lead:?}"), &body_markdown]);
        let current = match self.existing_story(&incoming).await? {
            Existing::Unchanged => return Ok(Some(Outcome::Unchanged)),
            Existing::Changed(article) => Some(article),
            Existing::New => None,
        };
        let (section_id, topic_names, author_ids) = self.filing(item).await?;
        let fields = StoryFields {
            headline: Some(headline(item, &incoming.id)),
            standfirst: Some(plain_text(&item.excerpt)),
            body_markdown: Some(body_markdown),
            section_id: Some(section_id),
            topic_names,
            author_ids: Some(author_ids),
            lead_media_id: Some(lead),
            ..StoryFields::default()
        };
        self.write_story(&incoming, current, fields).await
    }

    /// What the newsroom has of the story imported as `incoming`.
    pub(crate) async fn existing_story(
        &mut self,
        incoming: &Incoming,
    ) -> Result<Existing<Article>, OpError> {
        let Some(done) = self.story_record(&incoming.id).await? else {
            return Ok(Existing::New);
        };
        Ok(match self.newsroom.store.article(done.local_id).await? {
            Some(_) if done.checksum == incoming.checksum => Existing::Unchanged,
            Some(article) => Existing::Changed(article),
            // Deleted for good since: made again.
            None => Existing::New,
        })
    }

    /// What an earlier run (or this one) made of the story with the export's `id`. The
    /// records are read once, on first use; a story still waiting in the batch is
    /// written first.
    pub(crate) async fn story_record(&mut self, id: &str) -> Result<Option<ImportRecord>, OpError> {
        if self.arriving_ids.contains(id) {
            self.flush_arrivals().await?;
        }
        if self.story_records.is_none() {
            let all = self
                .newsroom
                .imported_all(self.actor, self.source, "story")
                .await?;
            self.story_records = Some(all);
        }
        Ok(self
            .story_records
            .as_ref()
            .and_then(|records| records.get(id))
            .cloned())
    }

    fn note_story_record(&mut self, id: &str, local_id: i64, checksum: &str) {
        if let Some(records) = &mut self.story_records {
            let record = ImportRecord {
                local_id,
                checksum: checksum.to_owned(),
            };
            records.insert(id.to_owned(), record);
        }
    }

    /// Saves `fields` as the story `current` (or a new one), takes it to the incoming
    /// post's state, and remembers it. A new story (not bound for the trash) waits to
    /// arrive with others in one batch; it is counted as created now, and recounted if
    /// the batch refuses it. A refusal that is the post's own (a rule it breaks) skips it
    /// with the reason; anything else stops the import.
    pub(crate) async fn write_story(
        &mut self,
        incoming: &Incoming,
        current: Option<Article>,
        mut fields: StoryFields,
    ) -> Result<Option<Outcome>, OpError> {
        if current.is_some() || incoming.status == Status::Trash {
            return self.write_story_alone(incoming, current, fields).await;
        }
        // Topic names become ids here, once each, rather than once per story.
        match self
            .topic_ids(std::mem::take(&mut fields.topic_names))
            .await
        {
            Ok(ids) => {
                let mut tag_ids = fields.tag_ids.take().unwrap_or_default();
                for id in ids {
                    if !tag_ids.contains(&id) {
                        tag_ids.push(id);
                    }
                }
                fields.tag_ids = Some(tag_ids);
            }
            Err(e) if !e.is_internal() => {
                self.skip(incoming.what.clone(), e.public_message());
                return Ok(None);
            }
            Err(e) => return Err(e),
        }
        self.arriving_ids.insert(incoming.id.clone());
        self.arriving.push((incoming.clone(), fields));
        self.count(StructureCount::Story, Outcome::Created);
        if self.arriving.len() >= ARRIVALS_PER_BATCH {
            self.flush_arrivals().await?;
        }
        Ok(Some(Outcome::Created))
    }

    /// The topics `names` name, from this run's memory or the newsroom (made there when
    /// missing).
    async fn topic_ids(&mut self, names: Vec<String>) -> Result<Vec<i64>, OpError> {
        let mut ids = Vec::with_capacity(names.len());
        for name in names {
            let id = match self.topics_by_name.get(&name) {
                Some(id) => Some(*id),
                None => {
                    let found = self
                        .newsroom
                        .topic_ids(self.actor, vec![name.clone()])
                        .await?
                        .first()
                        .copied();
                    if let Some(id) = found {
                        self.topics_by_name.insert(name, id);
                    }
                    found
                }
            };
            ids.extend(id);
        }
        Ok(ids)
    }

    /// Writes the stories waiting to arrive, together. If the newsroom refuses the batch
    /// (one of them breaks a rule), each is written alone instead, so the one refused is
    /// skipped with its own reason and the rest arrive.
    pub(crate) async fn flush_arrivals(&mut self) -> Result<(), OpError> {
        if self.arriving.is_empty() {
            return Ok(());
        }
        let waiting = std::mem::take(&mut self.arriving);
        self.arriving_ids.clear();
        let batch = waiting
            .iter()
            .map(|(incoming, fields)| arriving(incoming, fields.clone()))
            .collect();
        match self
            .newsroom
            .import_new_stories(self.actor, self.source, batch)
            .await
        {
            Ok(ids) => {
                for ((incoming, _), id) in waiting.iter().zip(ids) {
                    self.note_story_record(&incoming.id, id, &incoming.checksum);
                }
                Ok(())
            }
            Err(e) if e.is_internal() => Err(e),
            Err(_) => {
                for (incoming, fields) in waiting {
                    // Counted as created when it was queued: counted again by what
                    // becomes of it now.
                    self.summary.items_imported -= 1;
                    self.summary.created.stories -= 1;
                    let outcome = self.write_story_alone(&incoming, None, fields).await?;
                    self.tally(outcome);
                }
                Ok(())
            }
        }
    }

    /// [`Writer::write_story`] for one story, through the operations a person at the desk
    /// would use: created or saved, then taken step by step to the post's state.
    async fn write_story_alone(
        &mut self,
        incoming: &Incoming,
        current: Option<Article>,
        fields: StoryFields,
    ) -> Result<Option<Outcome>, OpError> {
        let date = incoming.date;
        let fields = StoryFields {
            published_at_from_source: date,
            ..fields
        };
        let (scheduled_for, status) = bound_for(incoming);
        let key = self.key("story", &incoming.id);
        let saved = match current {
            Some(article) => {
                if article.deleted_at.is_some() {
                    self.newsroom
                        .trash_story(self.actor, article.id, Trashing::Restore)
                        .await?;
                }
                let version = self
                    .newsroom
                    .store
                    .article(article.id)
                    .await?
                    .map_or(article.version, |a| a.version);
                let fields = StoryFields {
                    scheduled_for: Some(scheduled_for),
                    ..fields
                };
                self.newsroom
                    .save_story(self.actor, article.id, version, Step::Save, fields)
                    .await
                    .map(|a| (a, Outcome::Updated))
            }
            None => {
                let create = StoryFields {
                    slug: Slug::parse(&incoming.slug)
                        .ok()
                        .map(|s| s.as_str().to_owned()),
                    ..fields
                };
                self.newsroom
                    .create_story(self.actor, create)
                    .await
                    .map(|a| (a, Outcome::Created))
            }
        };
        let (mut article, outcome) = match saved {
            Ok(done) => done,
            Err(e) if !e.is_internal() => {
                self.skip(incoming.what.clone(), e.public_message());
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        // Remembered before the workflow steps: a run that stops between them updates
        // the story next time instead of making another.
        self.newsroom
            .remember_import(self.actor, key, article.id, "")
            .await?;
        self.note_story_record(&incoming.id, article.id, "");
        for step in steps(article.state, status, scheduled_for.is_some()) {
            let fields = StoryFields {
                published_at_from_source: date,
                scheduled_for: (*step == Step::Schedule).then_some(scheduled_for),
                ..StoryFields::default()
            };
            match self
                .newsroom
                .save_story(self.actor, article.id, article.version, *step, fields)
                .await
            {
                Ok(a) => article = a,
                Err(e) if !e.is_internal() => {
                    self.skip(incoming.what.clone(), e.public_message());
                    return Ok(None);
                }
                Err(e) => return Err(e),
            }
        }
        if status == Status::Trash {
            self.newsroom
                .trash_story(self.actor, article.id, Trashing::ToTrash)
                .await?;
        }
        self.newsroom
            .remember_import(self.actor, key, article.id, &incoming.checksum)
            .await?;
        self.note_story_record(&incoming.id, article.id, &incoming.checksum);
        if article.state == newsdesk_core::State::Published {
            let section = self.section_slug(article.section_id).await?;
            let to = format!("/{section}/{}", article.slug.as_str());
            self.newsroom
                .add_old_addresses(self.actor, &incoming.old_addresses, &to, Some(article.id))
                .await?;
        }
        self.count(StructureCount::Story, outcome);
        Ok(Some(outcome))
    }

    async fn section_slug(&mut self, id: i64) -> Result<String, OpError> {
        if let Some(s) = self.section_slugs.get(&id) {
            return Ok(s.clone());
        }
        let s = self
            .newsroom
            .store
            .section(id)
            .await?
            .map(|s| s.slug.as_str().to_owned())
            .unwrap_or_default();
        self.section_slugs.insert(id, s.clone());
        Ok(s)
    }

    async fn page(&mut self, item: &Item, status: Status) -> Result<Option<Outcome>, OpError> {
        if status == Status::Trash {
            self.skip(describe(item), "a page in the WordPress trash");
            return Ok(None);
        }
        self.body_pictures(&item.content).await?;
        let body_markdown = body::convert(&item.content, &self.addresses);
        let mut incoming = Self::incoming(item, status);
        incoming.checksum = plan::checksum_of(&[&incoming.checksum, &body_markdown]);
        let current = match self.existing_page(&incoming).await? {
            Existing::Unchanged => return Ok(Some(Outcome::Unchanged)),
            Existing::Changed(page) => Some(page),
            Existing::New => None,
        };
        let fields = PageFields {
            title: headline(item, &incoming.id),
            body_markdown,
            published: status == Status::Published,
            ..PageFields::default()
        };
        self.write_page(&incoming, current, fields).await
    }

    /// What the newsroom has of the page imported as `incoming`.
    pub(crate) async fn existing_page(
        &self,
        incoming: &Incoming,
    ) -> Result<Existing<Page>, OpError> {
        let done = self
            .newsroom
            .imported(self.actor, self.key("page", &incoming.id))
            .await?;
        let Some(done) = done else {
            return Ok(Existing::New);
        };
        Ok(match self.newsroom.store.page(done.local_id).await? {
            Some(_) if done.checksum == incoming.checksum => Existing::Unchanged,
            Some(page) => Existing::Changed(page),
            None => Existing::New,
        })
    }

    /// Saves `fields` as the page `current` (keeping its address, purpose and place in
    /// the footer) or as a new page at the incoming address (or the next free one).
    pub(crate) async fn write_page(
        &mut self,
        incoming: &Incoming,
        current: Option<Page>,
        fields: PageFields,
    ) -> Result<Option<Outcome>, OpError> {
        let (saved, outcome) = match current {
            Some(page) => {
                let fields = PageFields {
                    slug: page.slug.as_str().to_owned(),
                    purpose: page.purpose.as_str().to_owned(),
                    in_footer: page.in_footer,
                    footer_position: page.footer_position,
                    ..fields
                };
                let saved = self
                    .newsroom
                    .save_page(self.actor, page.id, page.version, &fields)
                    .await;
                (saved, Outcome::Updated)
            }
            None => {
                let base =
                    Slug::parse(&incoming.slug).unwrap_or_else(|_| Slug::from_title(&fields.title));
                let mut made = Err(OpError::invalid(
                    "slug",
                    "No address could be made for the page.",
                ));
                for n in 1..=5 {
                    let slug = if n == 1 {
                        base.as_str().to_owned()
                    } else {
                        format!("{}-{n}", base.as_str())
                    };
                    let attempt = PageFields {
                        slug,
                        ..fields.clone()
                    };
                    made = self.newsroom.create_page(self.actor, &attempt).await;
                    if !matches!(made, Err(OpError::Invalid { .. })) {
                        break;
                    }
                }
                (made, Outcome::Created)
            }
        };
        let page = match saved {
            Ok(p) => p,
            Err(e) if !e.is_internal() => {
                self.skip(incoming.what.clone(), e.public_message());
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        let key = self.key("page", &incoming.id);
        self.newsroom
            .remember_import(self.actor, key, page.id, &incoming.checksum)
            .await?;
        if page.published {
            let to = format!("/{}", page.slug.as_str());
            self.newsroom
                .add_old_addresses(self.actor, &incoming.old_addresses, &to, None)
                .await?;
        }
        self.count(StructureCount::Page, outcome);
        Ok(Some(outcome))
    }
}

/// When a post scheduled on the old site is to be published here: only if its time is
/// still ahead (a scheduled post whose time has passed, the old site would have
/// published), with the state it is then bound for.
fn bound_for(incoming: &Incoming) -> (Option<newsdesk_core::UnixTime>, Status) {
    let scheduled_for = incoming
        .date
        .filter(|at| incoming.status == Status::Scheduled && *at > newsdesk_core::now());
    let status = match incoming.status {
        Status::Scheduled if scheduled_for.is_none() => Status::Published,
        s => s,
    };
    (scheduled_for, status)
}

/// A new story as it arrives in a batch: created as a draft and taken by the workflow
/// steps to the post's state, as [`Writer::write_story_alone`] would take it.
fn arriving(incoming: &Incoming, fields: StoryFields) -> Arriving {
    let (scheduled_for, status) = bound_for(incoming);
    let fields = StoryFields {
        slug: Slug::parse(&incoming.slug)
            .ok()
            .map(|s| s.as_str().to_owned()),
        published_at_from_source: incoming.date,
        scheduled_for: Some(scheduled_for),
        ..fields
    };
    Arriving {
        fields,
        steps: steps(newsdesk_core::State::Draft, status, scheduled_for.is_some()).to_vec(),
        external_id: incoming.id.clone(),
        checksum: incoming.checksum.clone(),
        old_addresses: incoming.old_addresses.clone(),
    }
}

/// The workflow steps that take a story in `now` to the post's `want`ed state — the
/// steps a person at the desk would take, allowed by the same policy. A private post is
/// published (at its own date) and then unpublished, as there is no other way there.
fn steps(now: newsdesk_core::State, want: Status, future: bool) -> &'static [Step] {
    use newsdesk_core::State as S;
    match (want, now) {
        (Status::Published, S::Published) => &[],
        (Status::Published, _) => &[Step::Publish],
        (Status::Scheduled, S::Published) if future => &[Step::Unpublish, Step::Schedule],
        (Status::Scheduled, S::Scheduled) => &[],
        (Status::Scheduled, _) => &[Step::Schedule],
        (Status::InReview, S::Draft) => &[Step::Submit],
        (Status::InReview, _) => &[],
        (Status::Unpublished, S::Published | S::Scheduled) => &[Step::Unpublish],
        (Status::Unpublished, S::Unpublished) => &[],
        (Status::Unpublished, _) => &[Step::Publish, Step::Unpublish],
        (Status::Draft | Status::Trash, S::Published | S::Scheduled) => &[Step::Unpublish],
        (Status::Draft | Status::Trash, _) => &[],
    }
}

fn headline(item: &Item, id: &str) -> String {
    let title = plain_text(&item.title);
    if title.is_empty() {
        format!("Untitled (WordPress post {id})")
    } else {
        title
    }
}
