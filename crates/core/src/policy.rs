//! Who may do what: the one permission policy. Every route of the desk and the Admin API
//! asks `allows` and nothing else; a table-driven test below covers every role × action ×
//! own/other × state.

use crate::State;
use std::fmt;
use std::str::FromStr;

/// A login's role, from least to most trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Writes own drafts and submits them for review; never publishes.
    Contributor,
    /// Publishes own stories.
    Author,
    /// Everything on content, for every author.
    Editor,
    /// Also users, settings and API keys.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Contributor, Role::Author, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Contributor => "contributor",
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown role {0:?} (expected contributor, author, editor or admin)")]
pub struct UnknownRole(String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// Everything the policy rules on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Open the desk at all.
    UseDesk,
    /// Start a new story (it is the creator's own).
    CreateStory,
    /// Change a story's content and metadata.
    EditStory,
    SubmitForReview,
    Publish,
    Schedule,
    Unpublish,
    /// Append a correction or update note to a published story.
    Correct,
    /// Move to the trash (restorable).
    Trash,
    /// Delete for good.
    DeleteForever,
    /// Upload an image.
    UploadImage,
    /// Change a picture's alt text, caption, credit or copyright (`own`: uploaded it).
    EditMedia,
    /// Put raw HTML (or SVG) into a story or the media library.
    UseRawHtml,
    /// Create, rename, order, merge and delete sections, topics and author profiles, and
    /// write the standalone pages (About us, policies): the newsroom's structure.
    ManageStructure,
    ManageUsers,
    /// The site's own settings: name, tagline, language, time zone, logo, footer links.
    ManageSettings,
    /// Add, turn off and delete webhooks, see their deliveries and send one again: a
    /// webhook sends the newsroom's drafts' titles to an address of one's choosing.
    ManageWebhooks,
    ViewAuditLog,
}

impl Action {
    pub const ALL: [Action; 18] = [
        Action::UseDesk,
        Action::CreateStory,
        Action::EditStory,
        Action::SubmitForReview,
        Action::Publish,
        Action::Schedule,
        Action::Unpublish,
        Action::Correct,
        Action::Trash,
        Action::DeleteForever,
        Action::UploadImage,
        Action::EditMedia,
        Action::UseRawHtml,
        Action::ManageStructure,
        Action::ManageUsers,
        Action::ManageSettings,
        Action::ManageWebhooks,
        Action::ViewAuditLog,
    ];
}

impl Action {
    /// Whether the answer depends on the one story or picture acted on (whose it is, what
    /// state it is in): a route for such an action asks the policy with the item, after
    /// loading it; a route for any other action can be checked before anything is read.
    pub fn is_on_one_item(self) -> bool {
        use Action::*;
        matches!(
            self,
            EditStory
                | SubmitForReview
                | Publish
                | Schedule
                | Unpublish
                | Correct
                | Trash
                | EditMedia
        )
    }
}

/// The story an action is on, when it is on one. (For `EditMedia`, the picture: `own`
/// says the user uploaded it, and `state` does not matter.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Story {
    /// The acting user is one of the story's authors (or created it).
    pub own: bool,
    pub state: State,
}

/// Whether `role` may do `action` (on `story`, for story actions).
pub fn allows(role: Role, action: Action, story: Option<Story>) -> bool {
    use Action::*;
    let own = story.is_some_and(|s| s.own);
    let state = story.map(|s| s.state);
    match action {
        UseDesk | CreateStory | UploadImage => true,
        ManageUsers | ManageSettings | ManageWebhooks | ViewAuditLog | DeleteForever => {
            role == Role::Admin
        }
        UseRawHtml => role >= Role::Author,
        ManageStructure => role >= Role::Editor,
        // Captions show on published pages: the photo desk's, or the uploader's own.
        EditMedia => story.is_some() && (own || role >= Role::Editor),
        // A contributor works on own stories until an editor has them.
        EditStory => match role {
            Role::Contributor => own && matches!(state, Some(State::Draft | State::InReview)),
            Role::Author => own,
            Role::Editor | Role::Admin => story.is_some(),
        },
        SubmitForReview => match role {
            Role::Contributor | Role::Author => own && state == Some(State::Draft),
            Role::Editor | Role::Admin => state == Some(State::Draft),
        },
        Publish | Schedule | Unpublish | Correct | Trash => {
            let fits = match action {
                Publish | Schedule => matches!(
                    state,
                    Some(State::Draft | State::InReview | State::Scheduled | State::Unpublished)
                ),
                Unpublish => matches!(state, Some(State::Published | State::Scheduled)),
                Correct => state == Some(State::Published),
                _ => story.is_some(),
            };
            fits && match role {
                Role::Contributor => false,
                Role::Author => own,
                Role::Editor | Role::Admin => true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Role::*;

    /// The whole grid, written out: (role, action, own, state) → allowed. Any change to
    /// the policy must change this table too.
    fn expected(role: Role, action: Action, own: bool, state: State) -> bool {
        let editorial = role >= Editor;
        match action {
            UseDesk | CreateStory | UploadImage => true,
            ManageUsers | ManageSettings | ManageWebhooks | ViewAuditLog | DeleteForever => {
                role == Admin
            }
            UseRawHtml => role != Contributor,
            ManageStructure => editorial,
            EditMedia => editorial || own,
            EditStory => {
                editorial
                    || (own && (role == Author || matches!(state, State::Draft | State::InReview)))
            }
            SubmitForReview => state == State::Draft && (editorial || own),
            Publish | Schedule => {
                state != State::Published && (editorial || (role == Author && own))
            }
            Unpublish => {
                matches!(state, State::Published | State::Scheduled)
                    && (editorial || (role == Author && own))
            }
            Correct => state == State::Published && (editorial || (role == Author && own)),
            Trash => editorial || (role == Author && own),
        }
    }

    #[test]
    fn every_role_action_ownership_and_state_is_decided_as_the_table_says() {
        let mut checked = 0;
        for role in Role::ALL {
            for action in Action::ALL {
                for own in [true, false] {
                    for state in State::ALL {
                        let story = Some(Story { own, state });
                        assert_eq!(
                            allows(role, action, story),
                            expected(role, action, own, state),
                            "{role} {action:?} own={own} {state}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 4 * 18 * 2 * 5);
    }

    #[test]
    fn contributors_never_publish_or_use_raw_html() {
        for state in State::ALL {
            for own in [true, false] {
                let story = Some(Story { own, state });
                for action in [
                    Publish,
                    Schedule,
                    Unpublish,
                    Correct,
                    UseRawHtml,
                    DeleteForever,
                ] {
                    assert!(!allows(Contributor, action, story), "{action:?} {state}");
                }
            }
        }
    }

    #[test]
    fn story_actions_without_a_story_are_refused() {
        for role in Role::ALL {
            for action in [
                EditStory,
                SubmitForReview,
                Publish,
                Unpublish,
                Correct,
                Trash,
                EditMedia,
            ] {
                assert!(!allows(role, action, None), "{role} {action:?}");
            }
        }
    }

    #[test]
    fn actions_on_one_item_are_exactly_those_refused_without_one() {
        for action in Action::ALL {
            let refused_without_item = Role::ALL.into_iter().all(|r| !allows(r, action, None));
            assert_eq!(action.is_on_one_item(), refused_without_item, "{action:?}");
        }
    }

    #[test]
    fn roles_parse_from_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("owner".parse::<Role>().is_err());
    }
}
