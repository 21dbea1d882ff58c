//! What importers need beyond the operations every door uses: remembering which newsroom
//! item each imported item became (so a second run updates rather than duplicates), and
//! answering the old site's addresses with 301s. Importing creates sections, topics and
//! authors, so it is for those who manage the newsroom's structure.

use crate::{Actor, Newsroom, OpError};
use newsdesk_core::Action;
pub use newsdesk_store::ImportRecord;

/// One imported item's name in its source: which export (`source`, e.g. the old site's
/// address), what sort of item (`kind`: story, page, section, topic, author, picture), and
/// its id there.
#[derive(Clone, Copy, Debug)]
pub struct SourceKey<'a> {
    pub source: &'a str,
    pub kind: &'a str,
    pub external_id: &'a str,
}

impl Newsroom {
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
        for path in paths {
            if !path.starts_with('/') || path.starts_with("//") {
                return Err(OpError::invalid(
                    "from",
                    format!("{path:?} is not a path on a site (it must start with one /)."),
                ));
            }
            self.store.add_old_address(path, to, article_id).await?;
        }
        Ok(())
    }
}
