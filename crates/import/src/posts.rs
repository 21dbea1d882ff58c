//! Posts and pages: each `<item>` of the second pass, written through the newsroom's
//! story and page operations, taking the workflow steps a person at the desk would take.

use crate::body;
use crate::plan::{self, Plan, Status};
use crate::write::{Outcome, StructureCount, Writer, describe, plain_text};
use crate::wxr::Item;
use newsdesk_core::Slug;
use newsdesk_core::workflow::Step;
use newsdesk_newsroom::{OpError, PageFields, StoryFields, Trashing};

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

    async fn story(&mut self, item: &Item, status: Status) -> Result<Option<Outcome>, OpError> {
        let id = plan::external_id(item);
        let checksum = plan::checksum(item);
        let done = self
            .newsroom
            .imported(self.actor, self.key("story", &id))
            .await?;
        let current = match &done {
            Some(d) => self.newsroom.store.article(d.local_id).await?,
            None => None,
        };
        if let (Some(d), Some(_)) = (&done, &current)
            && d.checksum == checksum
        {
            return Ok(Some(Outcome::Unchanged));
        }
        let (section_id, topic_names, author_ids) = self.filing(item).await?;
        self.body_pictures(&item.content).await?;
        let lead = item
            .meta("_thumbnail_id")
            .and_then(|t| self.pictures_by_post.get(t.trim()).copied());
        let date = plan::date_of(item);
        let fields = StoryFields {
            headline: Some(headline(item, &id)),
            standfirst: Some(plain_text(&item.excerpt)),
            body_markdown: Some(body::convert(&item.content, &self.addresses)),
            section_id: Some(section_id),
            topic_names,
            author_ids: Some(author_ids),
            lead_media_id: Some(lead),
            published_at_from_source: date,
            ..StoryFields::default()
        };
        // A scheduled post whose time has passed: WordPress would have published it.
        let scheduled_for =
            date.filter(|at| status == Status::Scheduled && *at > newsdesk_core::now());
        let status = match status {
            Status::Scheduled if scheduled_for.is_none() => Status::Published,
            s => s,
        };
        let wanted = StoryPlan {
            external_id: id.clone(),
            checksum,
            what: describe(item),
            slug: Slug::parse(item.post_name.trim())
                .ok()
                .map(|s| s.as_str().to_owned()),
            fields,
            status,
            scheduled_for,
            date,
        };
        let Some((article, outcome)) = self.put_story(current, wanted).await? else {
            return Ok(None);
        };
        if article.state == newsdesk_core::State::Published {
            let section = match self.section_slugs.get(&article.section_id) {
                Some(s) => s.clone(),
                None => {
                    let s = self
                        .newsroom
                        .store
                        .section(article.section_id)
                        .await?
                        .map(|s| s.slug.as_str().to_owned())
                        .unwrap_or_default();
                    self.section_slugs.insert(article.section_id, s.clone());
                    s
                }
            };
            let to = format!("/{section}/{}", article.slug.as_str());
            let old = plan::old_addresses(item);
            self.newsroom
                .add_old_addresses(self.actor, &old, &to, Some(article.id))
                .await?;
        }
        self.count(StructureCount::Story, outcome);
        Ok(Some(outcome))
    }

    /// Writes `plan` over `current` (the story an earlier import made, if it still
    /// exists) or as a new story, then takes the workflow steps to its state — the part
    /// every importer shares. `None` when the newsroom refused it for a reason of the
    /// item's own (listed as skipped); the mapping then still names the story, so the
    /// next run updates it rather than making another.
    pub(crate) async fn put_story(
        &mut self,
        current: Option<newsdesk_core::Article>,
        plan: StoryPlan,
    ) -> Result<Option<(newsdesk_core::Article, Outcome)>, OpError> {
        let StoryPlan {
            external_id,
            checksum,
            what,
            slug,
            fields,
            status,
            scheduled_for,
            date,
        } = plan;
        let key = self.key("story", &external_id);
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
                let create = StoryFields { slug, ..fields };
                self.newsroom
                    .create_story(self.actor, create)
                    .await
                    .map(|a| (a, Outcome::Created))
            }
        };
        let (mut article, outcome) = match saved {
            Ok(done) => done,
            Err(e) if !e.is_internal() => {
                self.skip(what, e.public_message());
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        // Remembered before the workflow steps: a run that stops between them updates
        // the story next time instead of making another.
        self.newsroom
            .remember_import(self.actor, key, article.id, "")
            .await?;
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
                    self.skip(what.clone(), e.public_message());
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
            .remember_import(self.actor, key, article.id, &checksum)
            .await?;
        Ok(Some((article, outcome)))
    }

    async fn page(&mut self, item: &Item, status: Status) -> Result<Option<Outcome>, OpError> {
        let id = plan::external_id(item);
        let checksum = plan::checksum(item);
        let done = self
            .newsroom
            .imported(self.actor, self.key("page", &id))
            .await?;
        let current = match &done {
            Some(d) => self.newsroom.store.page(d.local_id).await?,
            None => None,
        };
        if let (Some(d), Some(_)) = (&done, &current)
            && d.checksum == checksum
        {
            return Ok(Some(Outcome::Unchanged));
        }
        if status == Status::Trash {
            self.skip(describe(item), "a page in the WordPress trash");
            return Ok(None);
        }
        self.body_pictures(&item.content).await?;
        let fields = PageFields {
            title: headline(item, &id),
            body_markdown: body::convert(&item.content, &self.addresses),
            published: status == Status::Published,
            ..PageFields::default()
        };
        let (saved, outcome) = match current {
            Some(page) => {
                let fields = PageFields {
                    slug: page.slug.as_str().to_owned(),
                    ..PageFields {
                        purpose: page.purpose.as_str().to_owned(),
                        in_footer: page.in_footer,
                        footer_position: page.footer_position,
                        ..fields
                    }
                };
                let saved = self
                    .newsroom
                    .save_page(self.actor, page.id, page.version, &fields)
                    .await;
                (saved, Outcome::Updated)
            }
            None => {
                let base = Slug::parse(item.post_name.trim())
                    .unwrap_or_else(|_| Slug::from_title(&fields.title));
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
                self.skip(describe(item), e.public_message());
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        self.newsroom
            .remember_import(self.actor, self.key("page", &id), page.id, &checksum)
            .await?;
        if page.published {
            let to = format!("/{}", page.slug.as_str());
            let old = plan::old_addresses(item);
            self.newsroom
                .add_old_addresses(self.actor, &old, &to, None)
                .await?;
        }
        self.count(StructureCount::Page, outcome);
        Ok(Some(outcome))
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

/// A story as an importer wants it: what [`Writer::put_story`] writes.
pub(crate) struct StoryPlan {
    /// The story's id in its source: the import mapping's key.
    pub external_id: String,
    /// A fingerprint of what was read, remembered once the story is written.
    pub checksum: String,
    /// How the summary names the item if the newsroom refuses it.
    pub what: String,
    /// The address a new story asks for (`None`: made from its headline).
    pub slug: Option<String>,
    pub fields: StoryFields,
    pub status: Status,
    /// When a scheduled story is to be published (a time still to come).
    pub scheduled_for: Option<i64>,
    /// When the source published it, stamped by the `Publish` step.
    pub date: Option<i64>,
}
