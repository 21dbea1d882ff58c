//! Stories: create, save (with the version it was based on, and a workflow step), correct,
//! restore an old version, trash, restore from the trash, delete for good.

use crate::{Actor, Newsroom, OpError};
use newsdesk_core::workflow::{self, Standing, Step};
use newsdesk_core::{Action, Article, ArticleFlags, Slug, State, UnixTime, policy};
use newsdesk_store::{ArticleInput, CorrectionInput, StoreError};

/// What a door sends for a story. `None` keeps what is saved (or, creating, the default);
/// `Some(None)` clears an optional value.
#[derive(Clone, Debug, Default)]
pub struct StoryFields {
    pub headline: Option<String>,
    /// The address; a new story without one gets one made from its headline.
    pub slug: Option<String>,
    pub standfirst: Option<String>,
    pub body_markdown: Option<String>,
    pub section_id: Option<i64>,
    pub tag_ids: Option<Vec<i64>>,
    /// Topics named in words: found by name or address, made when missing by those who
    /// may change the structure, and added to the story's topics.
    pub topic_names: Vec<String>,
    pub author_ids: Option<Vec<i64>>,
    pub lead_media_id: Option<Option<i64>>,
    pub flags: Option<ArticleFlags>,
    pub seo_title: Option<Option<String>>,
    pub seo_description: Option<Option<String>>,
    pub scheduled_for: Option<Option<UnixTime>>,
    pub embargo_until: Option<Option<UnixTime>>,
    /// Importers only: when the story was first published on the site it comes from. A
    /// `Publish` step then stamps this time instead of now (and keeps an earlier first
    /// publication), so an archive keeps its dates. No form or API field sets it.
    pub published_at_from_source: Option<UnixTime>,
}

/// Where a story goes: into the trash, back out of it, or away for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trashing {
    ToTrash,
    Restore,
    DeleteForever,
}

/// Longest topic name.
const MAX_TOPIC_NAME: usize = 200;

fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

impl Newsroom {
    /// Whether a story is `actor`'s own: they created it, or their byline is on it.
    pub async fn owns(&self, actor: &Actor, article: &Article) -> Result<bool, OpError> {
        if actor
            .author_id
            .is_some_and(|a| article.author_ids.contains(&a))
        {
            return Ok(true);
        }
        Ok(self.store.article_creator(article.id).await? == Some(actor.user_id))
    }

    /// The story `id` if `actor` may do `action` to it, and whether it is their own. A
    /// story in the trash can only be restored or deleted for good.
    pub async fn story_for(
        &self,
        actor: &Actor,
        id: i64,
        action: Action,
    ) -> Result<(Article, bool), OpError> {
        let article = self
            .store
            .article(id)
            .await?
            .ok_or(OpError::NotFound("story"))?;
        let trashing = matches!(action, Action::Trash | Action::DeleteForever);
        if article.deleted_at.is_some() && !trashing {
            return Err(OpError::NotFound("story"));
        }
        let own = self.owns(actor, &article).await?;
        let story = policy::Story {
            own,
            state: article.state,
        };
        actor.check(action, Some(story))?;
        Ok((article, own))
    }

    /// Starts a draft. A headline like another story's gets a numbered address rather
    /// than an error.
    pub async fn create_story(
        &self,
        actor: &Actor,
        mut fields: StoryFields,
    ) -> Result<Article, OpError> {
        actor.check(Action::CreateStory, None)?;
        self.take_topic_names(actor, &mut fields).await?;
        self.check_references(&fields).await?;
        let mut input = draft_input(actor, fields)?;
        let base = input.slug.clone();
        for n in 2..=Slug::NUMBERED_MAX + 1 {
            match self.store.create_article(&input, Some(actor.user_id)).await {
                Ok(article) => return Ok(article),
                Err(StoreError::Duplicate { .. }) => input.slug = base.numbered(n),
                Err(e) => return Err(invalid_or(e)),
            }
        }
        Err(OpError::invalid(
            "slug",
            "Every address made from this headline is taken; type an address for the story.",
        ))
    }

    /// Saves a story based on `version`, taking workflow `step` (`Save` keeps its state).
    /// A stale version saves nothing and answers with the current story.
    pub async fn save_story(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        step: Step,
        mut fields: StoryFields,
    ) -> Result<Article, OpError> {
        // Every step edits the story, and the step itself must be allowed too.
        let (current, own) = self.story_for(actor, id, Action::EditStory).await?;
        actor.check(
            step.action(),
            Some(policy::Story {
                own,
                state: current.state,
            }),
        )?;
        self.take_topic_names(actor, &mut fields).await?;
        self.check_references(&fields).await?;
        let mut input = ArticleInput::from_article(&current);
        if let Some(h) = &fields.headline {
            input.headline = required_headline(Some(h))?;
        }
        if let Some(slug) = fields
            .slug
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            input.slug = parse_slug(slug)?;
        }
        if let Some(s) = fields.standfirst {
            input.standfirst = s.trim().to_owned();
        }
        if let Some(body) = fields.body_markdown {
            input.body_html = newsdesk_render::markdown::to_safe_html(&body);
            input.body_markdown = body;
        }
        if let Some(section) = fields.section_id {
            input.section_id = section;
        }
        if let Some(tags) = fields.tag_ids {
            input.tag_ids = tags;
        }
        if let Some(authors) = fields.author_ids {
            input.author_ids = authors;
        }
        if let Some(lead) = fields.lead_media_id {
            input.lead_media_id = lead;
        }
        if let Some(flags) = fields.flags {
            input.flags = flags;
        }
        if let Some(t) = fields.seo_title {
            input.seo_title = optional(t);
        }
        if let Some(d) = fields.seo_description {
            input.seo_description = optional(d);
        }
        if let Some(at) = fields.scheduled_for {
            input.scheduled_for = at;
        }
        if let Some(at) = fields.embargo_until {
            input.embargo_until = at;
        }
        let standing = Standing {
            state: current.state,
            published_at: current.published_at,
            first_published_at: current.first_published_at,
        };
        take_step(&mut input, standing, step, fields.published_at_from_source)?;
        self.write(actor, current, version, &input).await
    }

    /// Saves an old version's content (text and metadata, not its workflow state) as the
    /// newest: restoring is itself a new save, so nothing is ever lost.
    pub async fn restore_version(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
    ) -> Result<Article, OpError> {
        let (current, _) = self.story_for(actor, id, Action::EditStory).await?;
        let revisions = self.store.revisions(id).await?;
        let old = revisions
            .iter()
            .find(|r| r.version == version)
            .ok_or(OpError::NotFound("version"))?;
        let meta: serde_json::Value = serde_json::from_str(&old.meta).unwrap_or_default();
        let ids = |key: &str| -> Vec<i64> {
            meta[key]
                .as_array()
                .map(|a| a.iter().filter_map(serde_json::Value::as_i64).collect())
                .unwrap_or_default()
        };
        let text = |key: &str| meta[key].as_str().map(str::to_owned);
        let input = ArticleInput {
            slug: text("slug")
                .and_then(|s| Slug::parse(&s).ok())
                .unwrap_or_else(|| current.slug.clone()),
            headline: old.headline.clone(),
            standfirst: old.standfirst.clone(),
            body_html: newsdesk_render::markdown::to_safe_html(&old.body_markdown),
            body_markdown: old.body_markdown.clone(),
            section_id: meta["section_id"].as_i64().unwrap_or(current.section_id),
            tag_ids: ids("tag_ids"),
            author_ids: ids("author_ids"),
            lead_media_id: meta["lead_media_id"].as_i64(),
            flags: meta["flags"]
                .as_i64()
                .map_or(current.flags, ArticleFlags::from_bits),
            seo_title: text("seo_title"),
            seo_description: text("seo_description"),
            canonical_url: text("canonical_url"),
            ..ArticleInput::from_article(&current)
        };
        let gone = OpError::Invalid {
            field: None,
            message: "That version names a section, topic, author or picture that no longer exists, so it was not restored; restore a later version or edit the story instead.".into(),
        };
        let fields = StoryFields {
            section_id: Some(input.section_id),
            tag_ids: Some(input.tag_ids.clone()),
            author_ids: Some(input.author_ids.clone()),
            lead_media_id: Some(input.lead_media_id),
            ..StoryFields::default()
        };
        self.check_references(&fields).await.map_err(|e| match e {
            OpError::Invalid { .. } => gone,
            e => e,
        })?;
        let expected = current.version;
        self.write(actor, current, expected, &input).await
    }

    /// Appends a dated correction or update note to a published story.
    pub async fn correct_story(
        &self,
        actor: &Actor,
        id: i64,
        kind: &str,
        body: &str,
    ) -> Result<(), OpError> {
        self.story_for(actor, id, Action::Correct).await?;
        let note = CorrectionInput {
            kind: kind.to_owned(),
            body: body.trim().to_owned(),
            published_at: newsdesk_core::now(),
        };
        self.store
            .add_correction(id, &note)
            .await
            .map_err(|e| match e {
                StoreError::Invalid(msg) => OpError::Invalid {
                    field: Some(if msg.contains("kind") { "kind" } else { "body" }),
                    message: format!("Nothing was added: {msg}."),
                },
                e => e.into(),
            })
    }

    /// An editorial note on a story (never shown to readers); anyone who may edit the
    /// story may comment on it, on the whole or on one paragraph.
    pub async fn add_note(
        &self,
        actor: &Actor,
        id: i64,
        paragraph: Option<i64>,
        text: &str,
    ) -> Result<(), OpError> {
        self.story_for(actor, id, Action::EditStory).await?;
        self.store
            .add_note(id, actor.user_id, paragraph, text)
            .await
            .map_err(|e| match e {
                StoreError::Invalid(msg) => {
                    OpError::invalid("text", format!("The note was not added: {msg}."))
                }
                e => e.into(),
            })
    }

    /// Moves a story into or out of the trash, or deletes it for good.
    pub async fn trash_story(&self, actor: &Actor, id: i64, to: Trashing) -> Result<(), OpError> {
        let action = match to {
            Trashing::ToTrash | Trashing::Restore => Action::Trash,
            Trashing::DeleteForever => Action::DeleteForever,
        };
        self.story_for(actor, id, action).await?;
        let by = Some(actor.user_id);
        let done = match to {
            Trashing::ToTrash => self.store.trash_article(id, by).await?,
            Trashing::Restore => self.store.restore_article(id, by).await?,
            Trashing::DeleteForever => self.store.delete_article_forever(id, by).await?,
        };
        if done {
            Ok(())
        } else {
            Err(OpError::NotFound("story"))
        }
    }

    /// Writes `input` over `current` if it is still at `expected`.
    async fn write(
        &self,
        actor: &Actor,
        current: Article,
        expected: i64,
        input: &ArticleInput,
    ) -> Result<Article, OpError> {
        match self
            .store
            .update_article(current.id, expected, input, Some(actor.user_id))
            .await
        {
            Ok(saved) => Ok(saved),
            Err(StoreError::Conflict { .. }) => {
                // Read again: the story as it is now, for the door to show beside the text.
                let now = self.store.article(current.id).await?.unwrap_or(current);
                Err(OpError::Conflict {
                    expected,
                    current: Box::new(now),
                })
            }
            Err(e) => Err(invalid_or(e)),
        }
    }

    /// The topics `names` name, made when missing by those who may change the
    /// structure: what a story's topic names become when it is saved.
    pub async fn topic_ids(&self, actor: &Actor, names: Vec<String>) -> Result<Vec<i64>, OpError> {
        let mut fields = StoryFields {
            topic_names: names,
            ..StoryFields::default()
        };
        self.take_topic_names(actor, &mut fields).await?;
        Ok(fields.tag_ids.unwrap_or_default())
    }

    /// Topics typed by name become topic ids. A name nobody has used is made into a topic
    /// only for those who may change the newsroom's structure.
    pub(crate) async fn take_topic_names(
        &self,
        actor: &Actor,
        fields: &mut StoryFields,
    ) -> Result<(), OpError> {
        let names: Vec<String> = std::mem::take(&mut fields.topic_names)
            .into_iter()
            .map(|n| n.trim().to_owned())
            .filter(|n| n.chars().any(char::is_alphanumeric))
            .collect();
        if names.is_empty() {
            return Ok(());
        }
        let may_add = actor.may(Action::ManageStructure, None);
        let mut ids = fields.tag_ids.take().unwrap_or_default();
        for name in names {
            if name.chars().count() > MAX_TOPIC_NAME {
                return Err(OpError::invalid(
                    "topic_names",
                    "A topic name may be at most 200 characters; nothing was saved.",
                ));
            }
            let tag = match self.store.tag_named(&name).await? {
                Some(tag) => tag,
                None if may_add => {
                    let by = Some(actor.user_id);
                    let made = self
                        .store
                        .find_or_add_tags(std::slice::from_ref(&name), by)
                        .await?;
                    let Some(tag) = made.into_iter().next() else {
                        continue;
                    };
                    tag
                }
                None => {
                    let who = if policy::allows(actor.role, Action::ManageStructure, None) {
                        "this API token may not add topics (it needs the structure scope)"
                    } else {
                        "only editors add topics"
                    };
                    return Err(OpError::invalid(
                        "topic_names",
                        format!(
                            "No topic is called “{name}”, and {who}: choose an existing one. Nothing was saved."
                        ),
                    ));
                }
            };
            if !ids.contains(&tag.id) {
                ids.push(tag.id);
            }
        }
        fields.tag_ids = Some(ids);
        Ok(())
    }

    /// Refuses a section, topic, author or picture that does not exist, naming it.
    async fn check_references(&self, fields: &StoryFields) -> Result<(), OpError> {
        if let Some(section) = fields.section_id
            && !self
                .store
                .section_choices()
                .await?
                .iter()
                .any(|s| s.id == section)
        {
            return Err(OpError::invalid(
                "section_id",
                "Choose a section for the story: that one does not exist.",
            ));
        }
        if let Some(tags) = &fields.tag_ids {
            let known = self.store.existing_tag_ids(tags).await?;
            if let Some(missing) = tags.iter().find(|t| !known.contains(t)) {
                return Err(OpError::invalid(
                    "tag_ids",
                    format!(
                        "There is no topic number {missing} (perhaps it was merged or deleted); choose the topics again."
                    ),
                ));
            }
        }
        if let Some(authors) = &fields.author_ids
            && !authors.is_empty()
        {
            let known: Vec<i64> = self.store.authors().await?.iter().map(|a| a.id).collect();
            if let Some(missing) = authors.iter().find(|a| !known.contains(a)) {
                return Err(OpError::invalid(
                    "author_ids",
                    format!("There is no author number {missing}; choose the byline again."),
                ));
            }
        }
        if let Some(Some(media)) = fields.lead_media_id
            && self.store.media(media).await?.is_none()
        {
            return Err(OpError::invalid(
                "lead_media_id",
                format!("There is no picture number {media} in the library."),
            ));
        }
        Ok(())
    }
}

fn required_headline(typed: Option<&str>) -> Result<String, OpError> {
    match typed.map(str::trim) {
        Some(h) if !h.is_empty() => Ok(h.to_owned()),
        _ => Err(OpError::invalid("headline", "A story needs a headline.")),
    }
}

fn parse_slug(typed: &str) -> Result<Slug, OpError> {
    Slug::parse(typed)
        .map_err(|e| OpError::invalid("slug", format!("The address cannot be used: {e}.")))
}

/// The store's refusals of what was sent become `Invalid`; the rest stays internal.
pub(crate) fn invalid_or(e: StoreError) -> OpError {
    match e {
        StoreError::Invalid(message) => OpError::Invalid {
            field: None,
            message: format!("Nothing was saved: {message}."),
        },
        StoreError::Duplicate { what, value } => OpError::invalid(
            "slug",
            format!("The {what} “{value}” is already another story's; choose another."),
        ),
        e => e.into(),
    }
}

/// A new story's first version from what a door sent: checked, with its address made
/// from the headline when none was typed and `actor`'s byline when none was chosen.
pub(crate) fn draft_input(actor: &Actor, fields: StoryFields) -> Result<ArticleInput, OpError> {
    let headline = required_headline(fields.headline.as_deref())?;
    let section_id = fields
        .section_id
        .ok_or_else(|| OpError::invalid("section_id", "Choose a section for the story."))?;
    let body_markdown = fields.body_markdown.unwrap_or_default();
    let slug = match fields.slug.as_deref().map(str::trim) {
        None | Some("") => Slug::from_title(&headline),
        Some(typed) => parse_slug(typed)?,
    };
    let mut author_ids = fields.author_ids.unwrap_or_default();
    if author_ids.is_empty() {
        author_ids.extend(actor.author_id);
    }
    let input = ArticleInput {
        slug,
        body_html: newsdesk_render::markdown::to_safe_html(&body_markdown),
        body_markdown,
        standfirst: fields.standfirst.unwrap_or_default().trim().to_owned(),
        headline,
        lead_media_id: fields.lead_media_id.flatten(),
        section_id,
        tag_ids: fields.tag_ids.unwrap_or_default(),
        author_ids,
        state: State::Draft,
        first_published_at: None,
        published_at: None,
        scheduled_for: fields.scheduled_for.flatten(),
        embargo_until: fields.embargo_until.flatten(),
        flags: fields.flags.unwrap_or_default(),
        seo_title: optional(fields.seo_title.flatten()),
        seo_description: optional(fields.seo_description.flatten()),
        canonical_url: None,
    };
    Ok(input)
}

/// Takes workflow `step` from `standing`, setting the state and publication times on
/// `input`. An importer's `from_source` time is the publication time a `Publish` stamps.
pub(crate) fn take_step(
    input: &mut ArticleInput,
    standing: Standing,
    step: Step,
    from_source: Option<UnixTime>,
) -> Result<(), OpError> {
    let next = workflow::take(step, standing, input.scheduled_for, newsdesk_core::now())
        .map_err(|why| OpError::invalid("scheduled_for", why.to_string()))?;
    input.state = next.state;
    input.published_at = next.published_at;
    input.first_published_at = next.first_published_at;
    if let Some(at) = from_source
        && step == Step::Publish
    {
        input.published_at = Some(at);
        input.first_published_at = standing.first_published_at.or(Some(at));
    }
    Ok(())
}
