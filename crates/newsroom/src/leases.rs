//! Edit leases: "Aisha is editing this story". Opening the editor takes the story's lease
//! when it is free, the open editor keeps it fresh, and leaving gives it up; a lease not
//! refreshed for [`LEASE_SECONDS`] is free again. Taking over someone else's lease is a
//! deliberate act: allowed to whoever may edit the story, and audited, since it is the
//! one step here that acts on a colleague (the others are routine heartbeats, a few a
//! minute per open editor, which would drown the audit log).
//!
//! A lease warns; it never locks. Saving still checks the story's version, and a stale
//! save still gets the conflict page.

use crate::{Actor, Newsroom, OpError};
use newsdesk_core::Action;
use newsdesk_store::Lease;
use std::collections::HashMap;

/// How long a lease lasts without being refreshed. The editor refreshes it every 20 s, so
/// two missed heartbeats are forgiven.
pub const LEASE_SECONDS: i64 = 60;

/// A story's lease as one person sees it: someone else holds it, or it is theirs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holding {
    /// The other person holding it; `None` when it is the asker's own.
    pub holder: Option<Lease>,
    pub yours: bool,
}

impl Newsroom {
    /// Takes the lease on story `id` for `actor` when it is free, expired or already
    /// theirs (refreshing it); otherwise leaves it with its holder. For whoever may edit
    /// the story.
    pub async fn take_lease(&self, actor: &Actor, id: i64) -> Result<Holding, OpError> {
        self.story_for(actor, id, Action::EditStory).await?;
        let now = newsdesk_core::now();
        let lease = self
            .store
            .take_lease(id, actor.user_id, now, now + self.lease_seconds)
            .await?;
        Ok(holding(actor, lease))
    }

    /// Takes the lease on story `id` for `actor`, whoever held it. For whoever may edit
    /// the story; displacing someone is audited.
    pub async fn take_over_lease(&self, actor: &Actor, id: i64) -> Result<(), OpError> {
        self.story_for(actor, id, Action::EditStory).await?;
        let now = newsdesk_core::now();
        let displaced = self
            .store
            .take_over_lease(id, actor.user_id, now, now + self.lease_seconds)
            .await?;
        if let Some(from) = displaced {
            tracing::info!(
                article = id,
                user = actor.user_id,
                from,
                "took over the edit lease"
            );
        }
        Ok(())
    }

    /// Gives up `actor`'s lease on story `id`, if they hold it. Asks no permission: it
    /// only ever drops the asker's own lease (and someone who just lost the right to edit
    /// must still be able to let go).
    pub async fn release_lease(&self, actor: &Actor, id: i64) -> Result<(), OpError> {
        self.store.release_lease(id, actor.user_id).await?;
        Ok(())
    }

    /// Who else is editing each of `ids` now, by story: one query for a whole list. The
    /// asker's own leases are left out.
    pub async fn others_editing(
        &self,
        actor: &Actor,
        ids: &[i64],
    ) -> Result<HashMap<i64, Lease>, OpError> {
        actor.check(Action::UseDesk, None)?;
        Ok(self
            .store
            .leases(ids, newsdesk_core::now())
            .await?
            .into_iter()
            .filter(|l| l.user_id != actor.user_id)
            .map(|l| (l.article_id, l))
            .collect())
    }
}

fn holding(actor: &Actor, lease: Option<Lease>) -> Holding {
    match lease {
        Some(l) if l.user_id != actor.user_id => Holding {
            holder: Some(l),
            yours: false,
        },
        // The asker's own; none only if the clock went back between take and read.
        other => Holding {
            yours: other.is_some(),
            holder: None,
        },
    }
}
