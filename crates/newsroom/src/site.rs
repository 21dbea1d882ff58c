//! The site's own settings and its standalone pages (About us, the policies): the
//! administrators' settings, and the pages editors write.

use crate::{Actor, Newsroom, OpError};
use newsdesk_core::page::Purpose;
use newsdesk_core::{Action, Page, SiteSettings, Slug};
use newsdesk_store::{PageInput, StoreError};

/// A standalone page as sent, whole.
#[derive(Clone, Debug, Default)]
pub struct PageFields {
    pub title: String,
    /// Empty: made from the title.
    pub slug: String,
    pub body_markdown: String,
    pub published: bool,
    /// What the page is for: `""`, `about`, `contact`, `corrections`, `ethics`, `privacy`.
    pub purpose: String,
    pub in_footer: bool,
    /// 0 to 1000.
    pub footer_position: i64,
    pub seo_title: String,
    pub seo_description: String,
}

impl PageFields {
    /// The fields of a saved page: the base of a change that sends only some of them.
    pub fn of(page: &Page) -> PageFields {
        PageFields {
            title: page.title.clone(),
            slug: page.slug.as_str().to_owned(),
            body_markdown: page.body_markdown.clone(),
            published: page.published,
            purpose: page.purpose.as_str().to_owned(),
            in_footer: page.in_footer,
            footer_position: page.footer_position,
            seo_title: page.seo_title.clone(),
            seo_description: page.seo_description.clone(),
        }
    }

    /// Checked, with the body made into safe HTML; every refusal begins "Nothing was saved".
    fn input(&self) -> Result<PageInput, OpError> {
        let refused =
            |field, why: String| OpError::invalid(field, format!("Nothing was saved: {why}"));
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            return Err(refused("title", "Give the page a title.".into()));
        }
        if title.chars().count() > 300 {
            return Err(refused(
                "title",
                "The title can be at most 300 characters.".into(),
            ));
        }
        let slug = match self.slug.trim() {
            "" => Slug::from_title(&title),
            typed => Slug::parse(typed).map_err(|_| {
                refused("slug", format!("{typed:?} cannot be an address: use lowercase letters, digits and single hyphens, like about-us."))
            })?,
        };
        let purpose = self
            .purpose
            .parse::<Purpose>()
            .map_err(|_| refused("purpose", "Choose what the page is from the list.".into()))?;
        if !(0..=1000).contains(&self.footer_position) {
            return Err(refused(
                "footer_position",
                format!(
                    "The footer position must be a number from 0 to 1000, not {}.",
                    self.footer_position
                ),
            ));
        }
        Ok(PageInput {
            slug,
            title,
            body_html: newsdesk_render::markdown::to_safe_html(&self.body_markdown),
            body_markdown: self.body_markdown.clone(),
            published: self.published,
            purpose,
            in_footer: self.in_footer,
            footer_position: self.footer_position,
            seo_title: self.seo_title.trim().to_owned(),
            seo_description: self.seo_description.trim().to_owned(),
        })
    }
}

/// A page-store refusal in the person's words.
fn page_refusal(e: StoreError) -> OpError {
    match e {
        // The store refuses only addresses (the site's own, a section's).
        StoreError::Invalid(message) => {
            OpError::invalid("slug", format!("Nothing was saved: {message}"))
        }
        StoreError::Duplicate { value, .. } => OpError::invalid(
            "slug",
            format!(
                "Nothing was saved: another page already has the address /{value}: choose another."
            ),
        ),
        StoreError::NotFound(_) => OpError::NotFound("page"),
        e => e.into(),
    }
}

impl Newsroom {
    /// Replaces the site's settings, after checking every field; every node reloads them.
    pub async fn save_settings(
        &self,
        actor: &Actor,
        settings: SiteSettings,
    ) -> Result<SiteSettings, OpError> {
        actor.check(Action::ManageSettings, None)?;
        let settings = settings.validated().map_err(|e| OpError::Invalid {
            field: None,
            message: e.0,
        })?;
        for (field, id) in [
            ("logo_media_id", settings.logo_media_id),
            ("favicon_media_id", settings.favicon_media_id),
            ("social_image_media_id", settings.social_image_media_id),
        ] {
            if let Some(id) = id
                && self.store.media(id).await?.is_none()
            {
                return Err(OpError::invalid(
                    field,
                    format!("There is no picture number {id} in the library."),
                ));
            }
        }
        self.store
            .save_site_settings(&settings, Some(actor.user_id))
            .await
            .map_err(|e| match e {
                StoreError::Invalid(message) => OpError::Invalid {
                    field: None,
                    message,
                },
                e => e.into(),
            })?;
        Ok(settings)
    }

    /// Writes a new standalone page.
    pub async fn create_page(&self, actor: &Actor, fields: &PageFields) -> Result<Page, OpError> {
        actor.check(Action::ManageStructure, None)?;
        let input = fields.input()?;
        self.store
            .create_page(&input, Some(actor.user_id))
            .await
            .map_err(page_refusal)
    }

    /// Saves a page based on `version`; a stale one saves nothing.
    pub async fn save_page(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        fields: &PageFields,
    ) -> Result<Page, OpError> {
        actor.check(Action::ManageStructure, None)?;
        let input = &fields.input()?;
        let current = self
            .store
            .page(id)
            .await?
            .ok_or(OpError::NotFound("page"))?;
        match self
            .store
            .update_page(id, version, input, Some(actor.user_id))
            .await
        {
            Ok(page) => Ok(page),
            Err(StoreError::Conflict { .. }) => {
                let now = self.store.page(id).await?.unwrap_or(current);
                Err(OpError::PageConflict {
                    expected: version,
                    current: Box::new(now),
                })
            }
            Err(e) => Err(page_refusal(e)),
        }
    }

    /// Deletes a page for good (its revisions go with it).
    pub async fn delete_page(&self, actor: &Actor, id: i64) -> Result<(), OpError> {
        actor.check(Action::ManageStructure, None)?;
        self.store
            .delete_page(id, Some(actor.user_id))
            .await
            .map_err(page_refusal)
    }
}
