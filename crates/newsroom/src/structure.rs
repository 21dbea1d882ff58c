//! The newsroom's structure: sections, topics and author profiles — add, save, order,
//! merge, delete. Editors and administrators (`ManageStructure`), and tokens with the
//! `structure` scope; which login writes under a byline stays with those who manage people.

use crate::{Actor, Newsroom, OpError};
use newsdesk_core::{Action, Slug, Tag, is_web_address};
use newsdesk_store::{AuthorInput, SectionInput, StoreError, StructureKind, TagInput};

const MAX_NAME: usize = 200;
const MAX_LINKS: usize = 20;

/// A section, topic or author profile as sent, whole.
#[derive(Clone, Debug, Default)]
pub struct StructureFields {
    pub name: String,
    /// Empty: made from the name.
    pub slug: String,
    /// A section's or topic's intro text; an author's bio.
    pub description: String,
    pub seo_title: String,
    pub seo_description: String,
    /// Sections: out of the navigation, still taking stories.
    pub hidden: bool,
    /// Sections: place in the navigation.
    pub position: i64,
    pub job_title: String,
    /// Authors: profile addresses, one each.
    pub links: Vec<String>,
    pub photo_media_id: Option<i64>,
}

/// The desk's word for a kind.
pub fn noun(kind: StructureKind) -> &'static str {
    match kind {
        StructureKind::Section => "section",
        StructureKind::Tag => "topic",
        StructureKind::Author => "author",
    }
}

fn refused(field: &'static str, reason: String) -> OpError {
    OpError::invalid(field, format!("Nothing was saved: {reason}"))
}

/// A store refusal in the person's words; the rest stays internal.
fn store_refusal(kind: StructureKind, e: StoreError) -> OpError {
    match e {
        StoreError::Duplicate { value, .. } => refused(
            "slug",
            format!(
                "the address “{value}” is already taken by another {}.",
                noun(kind)
            ),
        ),
        StoreError::Invalid(reason) => OpError::Invalid {
            field: None,
            message: format!("Nothing changed. {reason}"),
        },
        StoreError::NotFound(_) => OpError::NotFound(noun(kind)),
        other => other.into(),
    }
}

/// The name and address, or why they cannot be used.
fn name_and_slug(kind: StructureKind, f: &StructureFields) -> Result<(String, Slug), OpError> {
    let name = f.name.trim();
    if name.is_empty() {
        return Err(refused("name", format!("a {} needs a name.", noun(kind))));
    }
    if name.chars().count() > MAX_NAME {
        return Err(refused(
            "name",
            format!("the name is too long (at most {MAX_NAME} characters)."),
        ));
    }
    let slug = match f.slug.trim() {
        "" => Slug::from_title(name).as_str().to_owned(),
        typed => typed.to_owned(),
    };
    let parsed = match kind {
        StructureKind::Section => Slug::parse_section(&slug),
        _ => Slug::parse(&slug),
    };
    parsed
        .map_err(|e| refused("slug", format!("the address cannot be used: {e}.")))
        .map(|slug| (name.to_owned(), slug))
}

impl Newsroom {
    async fn author_input(&self, f: &StructureFields) -> Result<AuthorInput, OpError> {
        let (name, slug) = name_and_slug(StructureKind::Author, f)?;
        let links: Vec<&str> = f
            .links
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        if links.len() > MAX_LINKS {
            return Err(refused(
                "links",
                format!("list at most {MAX_LINKS} profile links."),
            ));
        }
        if let Some(n) = links.iter().position(|l| !is_web_address(l)) {
            return Err(refused(
                "links",
                format!(
                    "line {} of the links is not a web address (each line must start with https://).",
                    n + 1
                ),
            ));
        }
        if let Some(id) = f.photo_media_id
            && self.store.media(id).await?.is_none()
        {
            return Err(refused(
                "photo_media_id",
                format!("there is no picture number {id} in the library."),
            ));
        }
        Ok(AuthorInput {
            slug,
            name,
            bio: f.description.clone(),
            job_title: f.job_title.trim().to_owned(),
            links: links.join("\n"),
            photo_media_id: f.photo_media_id,
        })
    }

    /// Adds a section, topic or author profile; returns its id.
    pub async fn add_structure(
        &self,
        actor: &Actor,
        kind: StructureKind,
        f: &StructureFields,
    ) -> Result<i64, OpError> {
        actor.check(Action::ManageStructure, None)?;
        let by = Some(actor.user_id);
        let made = match kind {
            StructureKind::Section => {
                let input = section_input(f)?;
                self.store.add_section(&input, by).await.map(|s| s.id)
            }
            StructureKind::Tag => {
                let input = tag_input(f)?;
                self.store.add_tag(&input, by).await.map(|t| t.id)
            }
            StructureKind::Author => {
                let input = self.author_input(f).await?;
                self.store.add_author(&input, by).await.map(|a| a.id)
            }
        };
        made.map_err(|e| store_refusal(kind, e))
    }

    /// Saves a section, topic or author profile whole. `login` links a login to an
    /// author's byline (`Some(None)` unlinks), for those who manage people only.
    pub async fn save_structure(
        &self,
        actor: &Actor,
        kind: StructureKind,
        id: i64,
        f: &StructureFields,
        login: Option<Option<i64>>,
    ) -> Result<(), OpError> {
        actor.check(Action::ManageStructure, None)?;
        self.structure_exists(kind, id).await?;
        let by = Some(actor.user_id);
        let saved = match kind {
            StructureKind::Section => {
                let input = section_input(f)?;
                self.store.save_section(id, &input, by).await.map(drop)
            }
            StructureKind::Tag => {
                let input = tag_input(f)?;
                self.store.save_tag(id, &input, by).await.map(drop)
            }
            StructureKind::Author => {
                if login.is_some() {
                    actor.check(Action::ManageUsers, None)?;
                }
                let input = self.author_input(f).await?;
                self.store
                    .save_author(id, &input, login, by)
                    .await
                    .map(drop)
            }
        };
        saved.map_err(|e| store_refusal(kind, e))
    }

    /// Moves a section one place up (`step` < 0) or down in the navigation.
    pub async fn move_section(&self, actor: &Actor, id: i64, step: i64) -> Result<(), OpError> {
        actor.check(Action::ManageStructure, None)?;
        let by = Some(actor.user_id);
        self.store
            .move_section(id, step, by)
            .await
            .map_err(|e| store_refusal(StructureKind::Section, e))
    }

    /// Deletes a section, moving its stories to `move_to` (needed when it has any).
    pub async fn delete_section(
        &self,
        actor: &Actor,
        id: i64,
        move_to: Option<i64>,
    ) -> Result<(), OpError> {
        actor.check(Action::ManageStructure, None)?;
        self.structure_exists(StructureKind::Section, id).await?;
        let by = Some(actor.user_id);
        self.store
            .delete_section(id, move_to, by)
            .await
            .map_err(|e| store_refusal(StructureKind::Section, e))
    }

    /// Deletes a topic (stories keep their other topics).
    pub async fn delete_topic(&self, actor: &Actor, id: i64) -> Result<(), OpError> {
        actor.check(Action::ManageStructure, None)?;
        self.structure_exists(StructureKind::Tag, id).await?;
        self.store
            .delete_tag(id, Some(actor.user_id))
            .await
            .map_err(|e| store_refusal(StructureKind::Tag, e))
    }

    /// Merges topic `id` into the topic named `into` (by name or address); the old
    /// topic's address then leads to the other.
    pub async fn merge_topic(&self, actor: &Actor, id: i64, into: &str) -> Result<Tag, OpError> {
        actor.check(Action::ManageStructure, None)?;
        self.structure_exists(StructureKind::Tag, id).await?;
        let into = into.trim();
        if into.is_empty() {
            return Err(OpError::invalid(
                "into",
                "Nothing changed: name the topic to merge this one into.",
            ));
        }
        let Some(target) = self.store.tag_named(into).await? else {
            return Err(OpError::invalid(
                "into",
                format!("Nothing changed: no topic is called “{into}”."),
            ));
        };
        self.store
            .merge_tag(id, target.id, Some(actor.user_id))
            .await
            .map_err(|e| store_refusal(StructureKind::Tag, e))
    }

    async fn structure_exists(&self, kind: StructureKind, id: i64) -> Result<(), OpError> {
        let exists = match kind {
            StructureKind::Section => self.store.section(id).await?.is_some(),
            StructureKind::Tag => self.store.tag(id).await?.is_some(),
            StructureKind::Author => self.store.author(id).await?.is_some(),
        };
        if exists {
            Ok(())
        } else {
            Err(OpError::NotFound(noun(kind)))
        }
    }
}

fn section_input(f: &StructureFields) -> Result<SectionInput, OpError> {
    let (name, slug) = name_and_slug(StructureKind::Section, f)?;
    Ok(SectionInput {
        slug,
        name,
        description: f.description.clone(),
        seo_title: f.seo_title.clone(),
        seo_description: f.seo_description.clone(),
        hidden: f.hidden,
        position: f.position,
    })
}

fn tag_input(f: &StructureFields) -> Result<TagInput, OpError> {
    let (name, slug) = name_and_slug(StructureKind::Tag, f)?;
    Ok(TagInput {
        slug,
        name,
        description: f.description.clone(),
    })
}
