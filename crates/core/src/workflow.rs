//! The workflow: the steps a story can take (save, submit, publish, schedule, unpublish),
//! which policy action each one is, and what a story's state and publication times become.
//! Every door — the desk's forms, an API, an importer — takes steps through here, so none
//! decides a publication time of its own.

use crate::policy::{self, Action, Role};
use crate::{State, UnixTime};

/// A step a person asks for on a story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Save the content, leaving the state as it is.
    Save,
    Submit,
    Publish,
    Schedule,
    Unpublish,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Save,
        Step::Submit,
        Step::Publish,
        Step::Schedule,
        Step::Unpublish,
    ];

    /// The step a form's button names; an empty name is a plain save.
    pub fn parse(name: &str) -> Option<Step> {
        match name {
            "" => Some(Step::Save),
            other => Step::ALL.into_iter().find(|s| s.as_str() == other),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Save => "save",
            Step::Submit => "submit",
            Step::Publish => "publish",
            Step::Schedule => "schedule",
            Step::Unpublish => "unpublish",
        }
    }

    /// What the policy must allow for this step (every step also edits the story).
    pub fn action(self) -> Action {
        match self {
            Step::Save => Action::EditStory,
            Step::Submit => Action::SubmitForReview,
            Step::Publish => Action::Publish,
            Step::Schedule => Action::Schedule,
            Step::Unpublish => Action::Unpublish,
        }
    }

    /// The state the story is in after the step; `None` keeps the current one.
    pub fn next_state(self) -> Option<State> {
        match self {
            Step::Save => None,
            Step::Submit => Some(State::InReview),
            Step::Publish => Some(State::Published),
            Step::Schedule => Some(State::Scheduled),
            Step::Unpublish => Some(State::Unpublished),
        }
    }
}

/// A story's place in the workflow: its state and publication times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub state: State,
    /// The last significant publication (what lists sort by).
    pub published_at: Option<UnixTime>,
    /// The first publication, which never changes once set.
    pub first_published_at: Option<UnixTime>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("To schedule a story, give it a publication time in the future.")]
    ScheduleNotInTheFuture,
}

/// Where `step` leaves a story standing at `current`, at `now`, scheduled for
/// `scheduled_for`: publishing stamps `published_at` with now and keeps the first
/// publication time; scheduling needs a time still to come.
pub fn take(
    step: Step,
    current: Standing,
    scheduled_for: Option<UnixTime>,
    now: UnixTime,
) -> Result<Standing, WorkflowError> {
    let Some(state) = step.next_state() else {
        return Ok(current);
    };
    if step == Step::Schedule && scheduled_for.is_none_or(|at| at <= now) {
        return Err(WorkflowError::ScheduleNotInTheFuture);
    }
    Ok(match state {
        State::Published => Standing {
            state,
            published_at: Some(now),
            first_published_at: current.first_published_at.or(Some(now)),
        },
        _ => Standing { state, ..current },
    })
}

/// The change-log action of a save that took a story (or page) from `before` (`None`: it
/// is new) to `after`. Followers that announce changes (webhooks) tell a publication from
/// an edit of a published story by it; caches only read the row's keys.
pub fn save_action(before: Option<State>, after: State) -> &'static str {
    use State::{Published, Scheduled};
    match (before, after) {
        (None, Published) => "create-published",
        (None, _) => "create",
        (Some(Published), Published) => "update-published",
        (Some(Published), _) => "unpublish",
        (Some(_), Published) => "publish",
        (Some(b), Scheduled) if b != Scheduled => "schedule",
        (Some(_), _) => "update",
    }
}

/// The steps `role` may take on a story in `state` (`own`: theirs).
pub fn steps_allowed(role: Role, own: bool, state: State) -> Vec<Step> {
    let story = Some(policy::Story { own, state });
    Step::ALL
        .into_iter()
        .filter(|s| policy::allows(role, s.action(), story))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: UnixTime = 1_800_000_000;

    fn draft() -> Standing {
        Standing {
            state: State::Draft,
            published_at: None,
            first_published_at: None,
        }
    }

    #[test]
    fn a_save_is_named_by_what_it_did_to_publication() {
        use State::*;
        for (before, after, action) in [
            (None, Draft, "create"),
            (None, Published, "create-published"),
            (Some(Draft), Draft, "update"),
            (Some(Draft), InReview, "update"),
            (Some(InReview), Published, "publish"),
            (Some(Unpublished), Published, "publish"),
            (Some(Published), Published, "update-published"),
            (Some(Published), Unpublished, "unpublish"),
            (Some(Published), Draft, "unpublish"),
            (Some(Draft), Scheduled, "schedule"),
            (Some(Scheduled), Scheduled, "update"),
            (Some(Scheduled), Published, "publish"),
        ] {
            assert_eq!(
                save_action(before, after),
                action,
                "{before:?} -> {after:?}"
            );
        }
    }

    #[test]
    fn steps_read_back_from_their_names() {
        for step in Step::ALL {
            assert_eq!(Step::parse(step.as_str()), Some(step));
        }
        assert_eq!(Step::parse(""), Some(Step::Save));
        assert_eq!(Step::parse("delete"), None);
    }

    #[test]
    fn publishing_stamps_now_and_keeps_the_first_publication() {
        let first = take(Step::Publish, draft(), None, NOW).unwrap();
        assert_eq!(first.state, State::Published);
        assert_eq!(
            (first.published_at, first.first_published_at),
            (Some(NOW), Some(NOW))
        );
        let unpublished = take(Step::Unpublish, first, None, NOW + 10).unwrap();
        assert_eq!(unpublished.state, State::Unpublished);
        assert_eq!(unpublished.first_published_at, Some(NOW));
        let again = take(Step::Publish, unpublished, None, NOW + 20).unwrap();
        assert_eq!(again.published_at, Some(NOW + 20));
        assert_eq!(
            again.first_published_at,
            Some(NOW),
            "the first publication stays"
        );
    }

    #[test]
    fn a_save_changes_nothing_of_the_standing() {
        let published = take(Step::Publish, draft(), None, NOW).unwrap();
        assert_eq!(
            take(Step::Save, published, None, NOW + 5).unwrap(),
            published
        );
    }

    #[test]
    fn scheduling_needs_a_time_still_to_come() {
        for at in [None, Some(NOW - 1), Some(NOW)] {
            assert_eq!(
                take(Step::Schedule, draft(), at, NOW),
                Err(WorkflowError::ScheduleNotInTheFuture)
            );
        }
        let scheduled = take(Step::Schedule, draft(), Some(NOW + 60), NOW).unwrap();
        assert_eq!(scheduled.state, State::Scheduled);
        assert_eq!(
            scheduled.published_at, None,
            "published when the time comes"
        );
    }

    #[test]
    fn contributors_may_only_save_and_submit_their_drafts() {
        assert_eq!(
            steps_allowed(Role::Contributor, true, State::Draft),
            [Step::Save, Step::Submit]
        );
        assert!(steps_allowed(Role::Contributor, false, State::Draft).is_empty());
        assert!(steps_allowed(Role::Editor, false, State::Published).contains(&Step::Unpublish));
    }
}
