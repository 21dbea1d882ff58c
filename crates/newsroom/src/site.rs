//! The site's own settings and its standalone pages (About us, the policies): the
//! administrators' settings, and the pages editors write.

use crate::{Actor, Newsroom, OpError};
use newsdesk_core::{Action, Page, SiteSettings};
use newsdesk_store::{PageInput, StoreError};

/// A page-store refusal in the person's words.
fn page_refusal(e: StoreError) -> OpError {
    match e {
        StoreError::Invalid(message) => OpError::Invalid {
            field: None,
            message: format!("Nothing was saved: {message}"),
        },
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
    pub async fn create_page(&self, actor: &Actor, input: &PageInput) -> Result<Page, OpError> {
        actor.check(Action::ManageStructure, None)?;
        self.store
            .create_page(input, Some(actor.user_id))
            .await
            .map_err(page_refusal)
    }

    /// Saves a page based on `version`; a stale one saves nothing.
    pub async fn save_page(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        input: &PageInput,
    ) -> Result<Page, OpError> {
        actor.check(Action::ManageStructure, None)?;
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
