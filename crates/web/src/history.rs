//! A story's history: every save listed, any two compared word by word (metadata too), and
//! any one restored — restoring is itself a new save, so nothing is ever lost.

use crate::gate::{DeskPost, DeskUser};
use crate::{App, WebError};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_core::Action;
use newsdesk_core::view::{DiffPart, FieldDiff, RevisionLine, RevisionsPage};
use newsdesk_store::Revision;
use serde::Deserialize;
use similar::{ChangeTag, TextDiff};
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct Compare {
    from: Option<i64>,
    to: Option<i64>,
}

/// Word-level differences of two texts, runs of the same kind merged.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPart> {
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Delete => "del",
            ChangeTag::Insert => "ins",
        };
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                kind,
                text: change.value().to_owned(),
            }),
        }
    }
    parts
}

/// A revision's metadata as sorted `name: value` lines, so it diffs like text.
fn meta_lines(meta: &str) -> String {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(meta) else {
        return meta.to_owned();
    };
    let mut lines: Vec<String> = map.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    lines.sort();
    lines.join("\n") + "\n"
}

fn field(name: &str, old: &str, new: &str) -> FieldDiff {
    FieldDiff {
        field: name.to_owned(),
        changed: old != new,
        parts: word_diff(old, new),
    }
}

fn compare(older: &Revision, newer: &Revision) -> Vec<FieldDiff> {
    vec![
        field("Headline", &older.headline, &newer.headline),
        field("Standfirst", &older.standfirst, &newer.standfirst),
        field("Body", &older.body_markdown, &newer.body_markdown),
        field(
            "Section, tags, bylines, picture, state, times, labels, SEO",
            &meta_lines(&older.meta),
            &meta_lines(&newer.meta),
        ),
    ]
}

pub async fn revisions(
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(q): Query<Compare>,
    DeskUser(signed): DeskUser,
) -> Response {
    let result = async {
        let (article, _) = match app.story_for(&signed, id, Action::EditStory).await? {
            Ok(found) => found,
            Err(answer) => return Ok(answer),
        };
        let revisions = app.store.revisions(id).await?;
        let mut names: HashMap<i64, String> = HashMap::new();
        for user_id in revisions.iter().filter_map(|r| r.user_id) {
            if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(user_id) {
                let user = app.store.user(user_id).await?;
                slot.insert(user.map_or_else(
                    || "a former user".to_owned(),
                    |u| if u.name.is_empty() { u.email } else { u.name },
                ));
            }
        }
        // Default: what the latest save changed.
        let (from, to) = match (q.from, q.to) {
            (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
            _ => (
                revisions.get(1).map(|r| r.version),
                revisions.first().map(|r| r.version),
            ),
        };
        let find = |v: Option<i64>| v.and_then(|v| revisions.iter().find(|r| r.version == v));
        let (fields, compared) = match (find(from), find(to)) {
            (Some(a), Some(b)) if a.version != b.version => {
                (compare(a, b), Some((a.version, b.version)))
            }
            _ => (Vec::new(), None),
        };
        let page = RevisionsPage {
            id,
            headline: article.headline.clone(),
            csrf_token: signed.csrf.clone(),
            revisions: revisions
                .iter()
                .map(|r| RevisionLine {
                    version: r.version,
                    saved_by: r
                        .user_id
                        .and_then(|u| names.get(&u).cloned())
                        .unwrap_or_else(|| "import or tool".to_owned()),
                    saved_at: r.at,
                    headline: r.headline.clone(),
                    current: r.version == article.version,
                })
                .collect(),
            compared,
            fields,
            can_restore: true,
        };
        Ok(app.desk_page(
            StatusCode::OK,
            app.templates
                .desk_revisions(&app.site(), &signed.viewer(), &page),
        ))
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

/// Saves an old version's content (text and metadata, not its workflow state) as the newest.
pub async fn restore(
    State(app): State<App>,
    Path((id, version)): Path<(i64, i64)>,
    DeskPost { signed, .. }: DeskPost,
) -> Response {
    match app
        .newsroom
        .restore_version(&signed.actor(), id, version)
        .await
    {
        Ok(_) => Redirect::to(&format!("/admin/stories/{id}?saved=1")).into_response(),
        // Names a section, tag or author removed since: it says so.
        Err(e @ newsdesk_newsroom::OpError::Invalid { .. }) => {
            crate::rejections::say(StatusCode::CONFLICT, e.public_message())
        }
        Err(e) => app.refused(e),
    }
}

/// How long a preview link works.
const PREVIEW_SECONDS: i64 = 7 * 24 * 3600;

/// Makes a preview link for a story (anyone who may edit it may share it).
pub async fn make_preview_link(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, .. }: DeskPost,
) -> Response {
    let result = async {
        if let Err(answer) = app.story_for(&signed, id, Action::EditStory).await? {
            return Ok(answer);
        }
        let token = newsdesk_auth::random_token();
        let expires = newsdesk_core::now() + PREVIEW_SECONDS;
        app.store
            .create_preview_link(
                &newsdesk_auth::token_hash(&token),
                id,
                signed.user.id,
                expires,
            )
            .await?;
        Ok(Redirect::to(&format!("/admin/stories/{id}?preview={token}")).into_response())
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

/// A story's page for whoever holds a live preview link: any state, never cached, not indexed.
pub async fn preview(State(app): State<App>, Path(token): Path<String>) -> Response {
    let result = async {
        let now = newsdesk_core::now();
        let Some(id) = app
            .store
            .preview_article(&newsdesk_auth::token_hash(&token), now)
            .await?
        else {
            return Ok(app.not_found_page());
        };
        let Some(page) = app
            .store
            .preview_page(id, now, app.settings.rail_size)
            .await?
        else {
            return Ok(app.not_found_page());
        };
        let html = app.templates.article_page(&app.site(), &page)?;
        Ok((
            StatusCode::OK,
            [
                (axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (axum::http::header::CACHE_CONTROL, "private, no-store"),
                (
                    axum::http::HeaderName::from_static("x-robots-tag"),
                    "noindex, nofollow",
                ),
            ],
            html,
        )
            .into_response())
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_marks_what_changed_and_keeps_the_rest() {
        let parts = word_diff(
            "The council will cut 15 posts",
            "The council will cut 20 posts today",
        );
        let render: String = parts
            .iter()
            .map(|p| match p.kind {
                "del" => format!("[-{}]", p.text),
                "ins" => format!("[+{}]", p.text),
                _ => p.text.clone(),
            })
            .collect();
        assert_eq!(render, "The council will cut [-15][+20] posts[+ today]");
    }

    #[test]
    fn metadata_diffs_line_by_line() {
        let a = meta_lines(r#"{"section_id":1,"tag_ids":[1,2]}"#);
        let b = meta_lines(r#"{"tag_ids":[1,3],"section_id":1}"#);
        assert_eq!(a, "section_id: 1\ntag_ids: [1,2]\n");
        assert!(
            word_diff(&a, &b)
                .iter()
                .any(|p| p.kind == "ins" && p.text.contains('3'))
        );
    }
}
