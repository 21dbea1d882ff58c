//! A whole newsroom loaded from its export (`newsdesk import newsdesk`): the way a
//! newsroom moves between databases (SQLite to PostgreSQL) or between installs.
//!
//! It is allowed only into a database that holds no newsroom at all — no person, story,
//! section or setting — so it can never mix two newsrooms or overwrite one. Such a
//! database has no administrator to act as: the load runs on the authority of whoever
//! runs the command, who already holds the database's credentials and the media folder.
//! That is why it takes no [`Actor`](crate::Actor), and why no other door (desk, API)
//! offers it.

use crate::{Newsroom, OpError};
use newsdesk_media::Storage;
use newsdesk_store::{Restore, StoreError};

/// A load under way: one open database transaction, and the media storage the pictures'
/// files go to. Dropped without [`Loading::finish`], nothing stays in the database.
pub struct Loading {
    restore: Restore,
    media: Storage,
}

impl Newsroom {
    /// Starts loading a newsroom, refusing a database that already holds one.
    pub async fn start_loading(&self) -> Result<Loading, OpError> {
        let restore = self.store.begin_restore().await.map_err(|e| match e {
            StoreError::Invalid(message) => OpError::Invalid {
                field: None,
                message,
            },
            e => e.into(),
        })?;
        Ok(Loading {
            restore,
            media: self.media.clone(),
        })
    }
}

impl Loading {
    /// Where the records go, in the order [`Restore`] documents.
    pub fn records(&mut self) -> &mut Restore {
        &mut self.restore
    }

    /// Puts a picture's file into media storage. Files go in before the records that name
    /// them are committed: a load that fails leaves at most unnamed files behind, never a
    /// record whose file is missing.
    pub async fn store_file(&self, key: &str, bytes: &[u8]) -> Result<(), OpError> {
        Ok(self.media.put(key, bytes).await?)
    }

    /// Commits everything at once.
    pub async fn finish(self) -> Result<(), OpError> {
        Ok(self.restore.finish().await?)
    }
}
