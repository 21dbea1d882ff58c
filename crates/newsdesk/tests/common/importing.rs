//! What the importers' tests share: the newsroom acting as an administrator, and the
//! check that a summary accounts for every item of an export.

use super::TestApp;
use newsdesk_core::workflow::Step;
use newsdesk_core::{Article, Role};
use newsdesk_import::Summary;
use newsdesk_newsroom::{Actor, Newsroom};
use newsdesk_store::NewUser;
use std::path::{Path, PathBuf};

/// A file of the test data folder `tests/data/{folder}/`.
pub fn data(folder: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(folder)
        .join(name)
}

/// The newsroom, acting as its first administrator (made when there is none), as
/// `newsdesk import` acts.
pub async fn as_administrator(t: &TestApp) -> (Newsroom, Actor) {
    let users = t.store.users().await.expect("users");
    let user = match users.into_iter().find(|u| u.role == Role::Admin) {
        Some(u) => u,
        None => t
            .store
            .create_user(
                &NewUser {
                    email: "editor-in-chief@example.com",
                    name: "Editor in chief",
                    password_hash: "x",
                    role: Role::Admin,
                },
                None,
            )
            .await
            .expect("admin"),
    };
    let newsroom = Newsroom::new(t.store.clone(), t.media.clone(), Default::default());
    (newsroom, Actor::person(user.id, user.role, user.author_id))
}

/// Every item of the export is imported, updated, unchanged or skipped — with a reason.
pub fn accounted(s: &Summary) {
    assert_eq!(
        s.items,
        s.items_imported + s.items_updated + s.items_unchanged + s.items_skipped,
        "every item is imported, updated, unchanged or skipped: {s:#?}"
    );
    assert!(s.skipped.iter().all(|k| !k.reason.trim().is_empty()));
}

/// Saves `story` as the editor's form would when nothing was typed (its Markdown sent back
/// as it was) and checks the body comes out the same: an imported body survives the desk.
pub async fn saves_unchanged(newsroom: &Newsroom, actor: &Actor, story: &Article, what: &str) {
    let fields = newsdesk_newsroom::StoryFields {
        body_markdown: Some(story.body_markdown.clone()),
        ..Default::default()
    };
    let saved = newsroom
        .save_story(actor, story.id, story.version, Step::Save, fields)
        .await
        .expect("saves");
    assert_eq!(saved.body_html, story.body_html, "{what}");
    assert!(!saved.body_html.is_empty(), "{what}");
}
