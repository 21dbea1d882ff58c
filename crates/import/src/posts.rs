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
        match outcome {
            Some(Outcome::Created) => self.summary.items_imported += 1,
            Some(Outcome::Updated) => self.summary.items_updated += 1,
            Some(Outcome::Unchanged) => self.summary.items_unchanged += 1,
            None => self.summary.items_skipped += 1,
        }
        Ok(())
    }

    async fn story(&mut self, item: &Item, status: Status) -> Result<Option<Outcome>, OpError> {
        let id = plan::external_id(item);
        // The pictures first: what the story becomes depends on which of them are in the
        // library now, so a run that finds a picture an earlier one missed updates it.
        self.body_pictures(&item.content).await?;
        let lead = item
            .meta("_thumbnail_id")
            .and_then(|t| self.pictures_by_post.get(t.trim()).copied());
        let body_markdown = body::convert(&item.content, &self.addresses);
        let checksum =
            plan::checksum_of(&[&plan::checksum(item), &format!("{lead:?}"), &body_markdown]);
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
        let date = plan::date_of(item);
        let fields = StoryFields {
            headline: Some(headline(item, &id)),
            standfirst: Some(plain_text(&item.excerpt)),
            body_markdown: Some(body_markdown),
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
        let key = self.key("story", &id);
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
                    slug: Slug::parse(item.post_name.trim())
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
                self.skip(describe(item), e.public_message());
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
                    self.skip(describe(item), e.public_message());
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
            .remember_import(self.actor, self.key("story", &id), article.id, &checksum)
            .await?;
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

    async fn page(&mut self, item: &Item, status: Status) -> Result<Option<Outcome>, OpError> {
        let id = plan::external_id(item);
        if status == Status::Trash {
            self.skip(describe(item), "a page in the WordPress trash");
            return Ok(None);
        }
        self.body_pictures(&item.content).await?;
        let body_markdown = body::convert(&item.content, &self.addresses);
        let checksum = plan::checksum_of(&[&plan::checksum(item), &body_markdown]);
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
        let fields = PageFields {
            title: headline(item, &id),
            body_markdown,
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
