//! The trash (restorable for 30 days, permanent delete for administrators) and the desk's
//! editorial notes on a story.

use crate::gate::{DeskPost, DeskUser};
use crate::{App, WebError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_core::view::{TrashLine, TrashPage};
use newsdesk_core::{Action, policy};
use newsdesk_newsroom::{OpError, Trashing};
use newsdesk_store::TRASH_DAYS;

pub async fn trash_page(State(app): State<App>, DeskUser(signed): DeskUser) -> Response {
    let result = async {
        let stories = app
            .store
            .trash()
            .await?
            .into_iter()
            .map(|(id, headline, deleted_at, deleted_by)| TrashLine {
                id,
                headline,
                deleted_at,
                deleted_by,
                purge_at: deleted_at + TRASH_DAYS * 86_400,
            })
            .collect();
        let page = TrashPage {
            csrf_token: signed.csrf.clone(),
            stories,
            can_delete_forever: policy::allows(signed.user.role, Action::DeleteForever, None),
            message: None,
        };
        Ok::<_, WebError>(
            app.desk_page(
                StatusCode::OK,
                app.templates
                    .desk_trash(&app.site(), &signed.viewer(), &page),
            ),
        )
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

async fn move_story(app: App, id: i64, post: DeskPost, to: Trashing) -> Response {
    let DeskPost { signed, form: _ } = post;
    match app.newsroom.trash_story(&signed.actor(), id, to).await {
        Ok(()) => {
            let next = match to {
                Trashing::ToTrash => "/admin/?trashed=1".to_owned(),
                Trashing::Restore => format!("/admin/stories/{id}?restored=1"),
                Trashing::DeleteForever => "/admin/trash".to_owned(),
            };
            Redirect::to(&next).into_response()
        }
        Err(e) => app.refused(e),
    }
}

pub async fn trash_story(State(app): State<App>, Path(id): Path<i64>, post: DeskPost) -> Response {
    move_story(app, id, post, Trashing::ToTrash).await
}

pub async fn restore_story(
    State(app): State<App>,
    Path(id): Path<i64>,
    post: DeskPost,
) -> Response {
    move_story(app, id, post, Trashing::Restore).await
}

pub async fn delete_forever(
    State(app): State<App>,
    Path(id): Path<i64>,
    post: DeskPost,
) -> Response {
    move_story(app, id, post, Trashing::DeleteForever).await
}

/// Adds an editorial note; anyone who may edit the story may comment on it.
pub async fn add_note(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    let paragraph = form.value("paragraph").trim().parse::<i64>().ok();
    let added = app
        .newsroom
        .add_note(&signed.actor(), id, paragraph, form.value("body"))
        .await;
    match added {
        Ok(()) => Redirect::to(&format!("/admin/stories/{id}#notes")).into_response(),
        Err(e @ OpError::Invalid { .. }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "{} Go back, and your text is still there.\n",
                e.public_message()
            ),
        )
            .into_response(),
        Err(e) => app.refused(e),
    }
}
