//! What an API token may be used for. A token acts as the person who made it, limited
//! further by its scopes: an action is allowed when the person's role allows it *and* one
//! of the token's scopes covers it. A person at the desk has every scope.

use crate::Action;
use std::fmt;

/// One kind of work a token may be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Read stories in every state (drafts too), pages, pictures and the structure.
    ReadContent,
    /// Create, edit, publish, schedule, correct and trash stories and pages.
    WriteContent,
    /// Upload pictures and edit their words.
    Media,
    /// Sections, topics, author profiles and the site's settings.
    Structure,
    /// Logins and their roles.
    Users,
}

impl Scope {
    pub const ALL: [Scope; 5] = [
        Scope::ReadContent,
        Scope::WriteContent,
        Scope::Media,
        Scope::Structure,
        Scope::Users,
    ];

    /// The name used in the desk, the CLI and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::ReadContent => "content:read",
            Scope::WriteContent => "content:write",
            Scope::Media => "media",
            Scope::Structure => "structure",
            Scope::Users => "users",
        }
    }

    /// Words for the desk's checkboxes.
    pub fn describe(self) -> &'static str {
        match self {
            Scope::ReadContent => "Read stories in every state, pages, pictures and structure",
            Scope::WriteContent => "Write, publish, correct and trash stories and pages",
            Scope::Media => "Upload pictures and edit their captions",
            Scope::Structure => "Change sections, topics, author profiles and site settings",
            Scope::Users => "Manage logins and roles",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The scope an action needs; `None` for what no token may ever do (the desk-only
    /// work of an administrator: the audit log, and where webhooks send the newsroom's
    /// stories).
    pub fn needed_for(action: Action) -> Option<Scope> {
        use Action::*;
        Some(match action {
            UseDesk => Scope::ReadContent,
            CreateStory | EditStory | SubmitForReview | Publish | Schedule | Unpublish
            | Correct | Trash | DeleteForever | UseRawHtml => Scope::WriteContent,
            UploadImage | EditMedia => Scope::Media,
            ManageStructure | ManageSettings => Scope::Structure,
            ManageUsers => Scope::Users,
            ViewAuditLog | ManageWebhooks => return None,
        })
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of scopes, stored as their names separated by spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Scopes(u8);

#[derive(Debug, thiserror::Error)]
#[error("unknown scope {0:?} (expected content:read, content:write, media, structure or users)")]
pub struct UnknownScope(pub String);

impl Scopes {
    /// Every scope: a person signed in at the desk.
    pub fn all() -> Scopes {
        Scopes::from_iter(Scope::ALL)
    }

    pub fn contains(self, scope: Scope) -> bool {
        self.0 & scope.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether these scopes cover `action`.
    pub fn cover(self, action: Action) -> bool {
        Scope::needed_for(action).is_some_and(|s| self.contains(s))
    }

    pub fn iter(self) -> impl Iterator<Item = Scope> {
        Scope::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    /// Reads names separated by spaces or commas.
    pub fn parse(text: &str) -> Result<Scopes, UnknownScope> {
        text.split([' ', ','])
            .filter(|w| !w.is_empty())
            .map(|w| {
                Scope::ALL
                    .into_iter()
                    .find(|s| s.as_str() == w)
                    .ok_or_else(|| UnknownScope(w.to_owned()))
            })
            .collect()
    }
}

impl FromIterator<Scope> for Scopes {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Scopes {
        Scopes(iter.into_iter().fold(0, |bits, s| bits | s.bit()))
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.iter().map(Scope::as_str).collect();
        f.write_str(&names.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_ones_are_refused() {
        let s = Scopes::parse("content:read, media").unwrap();
        assert!(s.contains(Scope::ReadContent) && s.contains(Scope::Media));
        assert!(!s.contains(Scope::WriteContent));
        assert_eq!(Scopes::parse(&s.to_string()).unwrap(), s);
        assert_eq!(
            Scopes::parse(&Scopes::all().to_string()).unwrap(),
            Scopes::all()
        );
        assert!(Scopes::parse("content:read admin").is_err());
        assert!(Scopes::parse("").unwrap().is_empty());
    }

    #[test]
    fn a_reading_token_covers_no_writing_and_none_covers_the_audit_log() {
        let read = Scopes::parse("content:read").unwrap();
        assert!(read.cover(Action::UseDesk));
        for a in Action::ALL {
            if a != Action::UseDesk {
                assert!(!read.cover(a), "{a:?}");
            }
        }
        assert!(!Scopes::all().cover(Action::ViewAuditLog));
        assert!(!Scopes::all().cover(Action::ManageWebhooks));
        assert!(Scopes::all().cover(Action::Publish));
    }
}
