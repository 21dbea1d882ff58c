//! Webhook events: Ghost's names, so integrations written for Ghost subscribe unchanged,
//! and which change-log rows announce each. A newsroom's own event, `post.corrected`,
//! sits beside them.

use std::fmt;
use std::str::FromStr;

/// Something a webhook can be sent for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Event {
    PostAdded,
    PostPublished,
    PostPublishedEdited,
    PostUnpublished,
    PostDeleted,
    PostScheduled,
    PostCorrected,
    PageAdded,
    PagePublished,
    PagePublishedEdited,
    PageUnpublished,
    PageDeleted,
    TagAdded,
    TagEdited,
    TagDeleted,
    SiteChanged,
}

impl Event {
    pub const ALL: [Event; 16] = [
        Event::PostAdded,
        Event::PostPublished,
        Event::PostPublishedEdited,
        Event::PostUnpublished,
        Event::PostDeleted,
        Event::PostScheduled,
        Event::PostCorrected,
        Event::PageAdded,
        Event::PagePublished,
        Event::PagePublishedEdited,
        Event::PageUnpublished,
        Event::PageDeleted,
        Event::TagAdded,
        Event::TagEdited,
        Event::TagDeleted,
        Event::SiteChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::PostAdded => "post.added",
            Event::PostPublished => "post.published",
            Event::PostPublishedEdited => "post.published.edited",
            Event::PostUnpublished => "post.unpublished",
            Event::PostDeleted => "post.deleted",
            Event::PostScheduled => "post.scheduled",
            Event::PostCorrected => "post.corrected",
            Event::PageAdded => "page.added",
            Event::PagePublished => "page.published",
            Event::PagePublishedEdited => "page.published.edited",
            Event::PageUnpublished => "page.unpublished",
            Event::PageDeleted => "page.deleted",
            Event::TagAdded => "tag.added",
            Event::TagEdited => "tag.edited",
            Event::TagDeleted => "tag.deleted",
            Event::SiteChanged => "site.changed",
        }
    }

    /// What the desk's list of events says about it.
    pub fn description(self) -> &'static str {
        match self {
            Event::PostAdded => "A story is created",
            Event::PostPublished => "A story is published",
            Event::PostPublishedEdited => "A published story is edited",
            Event::PostUnpublished => "A story is unpublished",
            Event::PostDeleted => "A story is moved to the trash",
            Event::PostScheduled => "A story is scheduled",
            Event::PostCorrected => "A correction or update note is added to a story",
            Event::PageAdded => "A page is created",
            Event::PagePublished => "A page is published",
            Event::PagePublishedEdited => "A published page is edited",
            Event::PageUnpublished => "A page is unpublished",
            Event::PageDeleted => "A page is deleted",
            Event::TagAdded => "A topic is created",
            Event::TagEdited => "A topic is edited",
            Event::TagDeleted => "A topic is deleted or merged into another",
            Event::SiteChanged => "Anything on the site changes",
        }
    }

    /// The object a body is about: `post`, `page`, `tag`, or none (`site.changed`).
    pub fn resource(self) -> Option<&'static str> {
        self.as_str()
            .split_once('.')
            .map(|(kind, _)| kind)
            .filter(|kind| *kind != "site")
    }

    /// The events a change-log row of `object` (`article:42`, `page:3`, `tag:9`) with
    /// `action` announces. `site.changed` is not among them: it covers any row, and is
    /// sent once for a batch of rows.
    pub fn of_change(object: &str, action: &str) -> &'static [Event] {
        use Event::*;
        let kind = object.split(':').next().unwrap_or_default();
        match (kind, action) {
            ("article", "create") => &[PostAdded],
            ("article", "create-published") => &[PostAdded, PostPublished],
            ("article", "publish") => &[PostPublished],
            // Published under embargo: announced when readers can see it.
            ("article", "embargo-lift") => &[PostPublished],
            ("article", "update-published") => &[PostPublishedEdited],
            ("article", "unpublish") => &[PostUnpublished],
            ("article", "schedule") => &[PostScheduled],
            ("article", "correct") => &[PostCorrected],
            // Out of every public place at once; deleting for good later says nothing new.
            ("article", "trash") => &[PostDeleted],
            ("page", "create") => &[PageAdded],
            ("page", "create-published") => &[PageAdded, PagePublished],
            ("page", "publish") => &[PagePublished],
            ("page", "update-published") => &[PagePublishedEdited],
            ("page", "unpublish") => &[PageUnpublished],
            ("page", "delete") => &[PageDeleted],
            ("tag", "create") => &[TagAdded],
            ("tag", "update") => &[TagEdited],
            ("tag", "delete" | "merge") => &[TagDeleted],
            _ => &[],
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a webhook event; choose one from the list (post.published, tag.added, …)")]
pub struct UnknownEvent(pub String);

impl FromStr for Event {
    type Err = UnknownEvent;
    fn from_str(s: &str) -> Result<Event, UnknownEvent> {
        Event::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or_else(|| UnknownEvent(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_read_back_from_their_names() {
        for event in Event::ALL {
            assert_eq!(event.as_str().parse::<Event>(), Ok(event));
        }
        assert!("post.exploded".parse::<Event>().is_err());
    }

    #[test]
    fn change_rows_announce_ghosts_events() {
        use Event::*;
        assert_eq!(Event::of_change("article:4", "publish"), [PostPublished]);
        assert_eq!(
            Event::of_change("article:4", "update-published"),
            [PostPublishedEdited]
        );
        assert_eq!(Event::of_change("article:4", "update"), []);
        assert_eq!(
            Event::of_change("page:2", "create-published"),
            [PageAdded, PagePublished]
        );
        assert_eq!(Event::of_change("tag:9", "merge"), [TagDeleted]);
        assert_eq!(Event::of_change("section:1", "update"), []);
        assert_eq!(PostCorrected.resource(), Some("post"));
        assert_eq!(SiteChanged.resource(), None);
    }
}
