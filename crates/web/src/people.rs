//! People: administrators add logins, set roles and bylines, disable them and reset
//! passwords in the browser; everyone changes their own password. Every change is audited.

use crate::desk::Signed;
use crate::gate::{DeskPost, DeskUser};
use crate::{App, WebError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_auth::{hash_password, verify_password};
use newsdesk_core::Role;
use newsdesk_core::view::{AccountPage, Choice, PeoplePage, PersonLine};
use newsdesk_newsroom::OpError;

impl App {
    async fn people_page(
        &self,
        status: StatusCode,
        signed: &Signed,
        message: Option<String>,
    ) -> Result<Response, WebError> {
        let people = self
            .store
            .users()
            .await?
            .into_iter()
            .map(|u| PersonLine {
                is_self: u.id == signed.user.id,
                id: u.id,
                email: u.email,
                name: u.name,
                role: u.role,
                disabled: u.disabled,
                author_id: u.author_id,
            })
            .collect();
        let authors = self
            .store
            .authors()
            .await?
            .into_iter()
            .map(|a| Choice {
                value: a.id.to_string(),
                label: a.name,
                selected: false,
            })
            .collect();
        let page = PeoplePage {
            csrf_token: signed.csrf.clone(),
            people,
            authors,
            message,
        };
        Ok(self.desk_page(
            status,
            self.templates
                .desk_people(&self.site(), &signed.viewer(), &page),
        ))
    }

    fn account_page(
        &self,
        status: StatusCode,
        signed: &Signed,
        message: Option<String>,
    ) -> Response {
        let page = AccountPage {
            csrf_token: signed.csrf.clone(),
            email: signed.user.email.clone(),
            name: signed.user.name.clone(),
            role: signed.user.role,
            message,
        };
        self.desk_page(
            status,
            self.templates
                .desk_account(&self.site(), &signed.viewer(), &page),
        )
    }
}

/// Argon2 takes tens of milliseconds of CPU: off the request threads.
async fn hash(password: String) -> Result<Result<String, String>, WebError> {
    tokio::task::spawn_blocking(move || hash_password(&password).map_err(|e| e.to_string()))
        .await
        .map_err(|e| WebError::from(newsdesk_media::MediaError::Encode(e.to_string())))
}

pub async fn people(State(app): State<App>, DeskUser(signed): DeskUser) -> Response {
    let result = async { app.people_page(StatusCode::OK, &signed, None).await };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn add_person(State(app): State<App>, DeskPost { signed, form }: DeskPost) -> Response {
    let result = async {
        let Ok(role) = form.value("role").parse::<Role>() else {
            let msg = Some("Nobody was added: choose a role.".to_owned());
            return app
                .people_page(StatusCode::UNPROCESSABLE_ENTITY, &signed, msg)
                .await;
        };
        let added = app
            .newsroom
            .add_user(
                &signed.actor(),
                form.value("email"),
                form.value("name"),
                role,
                form.value("password").to_owned(),
            )
            .await;
        match added {
            Ok(user) => {
                let msg = format!("Added {} as {}.", user.email, user.role);
                app.people_page(StatusCode::OK, &signed, Some(msg)).await
            }
            Err(e) => app.refused_people(&signed, e).await,
        }
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

impl App {
    /// An operation's refusal on the people page: the list again, with the sentence.
    async fn refused_people(&self, signed: &Signed, e: OpError) -> Result<Response, WebError> {
        match e {
            e @ OpError::Invalid { .. } => {
                let msg = Some(e.public_message());
                self.people_page(StatusCode::UNPROCESSABLE_ENTITY, signed, msg)
                    .await
            }
            e if e.is_internal() => Err(e.into()),
            e => Ok(self.refused(e)),
        }
    }
}

pub async fn change_person(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    let result = async {
        let actor = signed.actor();
        let rooms = &app.newsroom;
        let action = form.value("action");
        let done = match action {
            "role" => {
                let Ok(role) = form.value("role").parse::<Role>() else {
                    let msg = Some("Nothing changed: choose a role.".to_owned());
                    return app
                        .people_page(StatusCode::UNPROCESSABLE_ENTITY, &signed, msg)
                        .await;
                };
                let author_id = form
                    .value("author_id")
                    .parse::<i64>()
                    .ok()
                    .filter(|a| *a > 0);
                rooms
                    .set_role(&actor, id, role, author_id)
                    .await
                    .map(|p| format!("Saved {}.", p.email))
            }
            "disable" | "enable" => {
                let disable = action == "disable";
                rooms.set_disabled(&actor, id, disable).await.map(|p| {
                    if disable {
                        format!(
                            "{} can no longer sign in; their sessions have ended.",
                            p.email
                        )
                    } else {
                        format!("{} can sign in again.", p.email)
                    }
                })
            }
            "password" => {
                let password = form.value("password").to_owned();
                match rooms.set_password(&actor, id, password).await {
                    // Their own sessions ended with the change, this one included.
                    Ok(()) if id == signed.user.id => {
                        return Ok(Redirect::to("/admin/login").into_response());
                    }
                    Ok(()) => match app.store.user(id).await? {
                        Some(p) => Ok(format!(
                            "New password set for {}; their sessions have ended.",
                            p.email
                        )),
                        None => Err(OpError::NotFound("login")),
                    },
                    Err(e) => Err(e),
                }
            }
            _ => {
                let msg = Some("Nothing changed.".to_owned());
                return app
                    .people_page(StatusCode::UNPROCESSABLE_ENTITY, &signed, msg)
                    .await;
            }
        };
        match done {
            Ok(message) => {
                app.people_page(StatusCode::OK, &signed, Some(message))
                    .await
            }
            Err(e) => app.refused_people(&signed, e).await,
        }
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn account(State(app): State<App>, DeskUser(signed): DeskUser) -> Response {
    let result = async { Ok::<_, WebError>(app.account_page(StatusCode::OK, &signed, None)) };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

/// Changes one's own password: the current one is asked for, every session ends, and a
/// fresh one starts for this browser.
pub async fn change_password(
    State(app): State<App>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    let result = async {
        let stored = app.store.user_for_login(&signed.user.email).await?;
        let current = form.value("current").to_owned();
        let ok = tokio::task::spawn_blocking(move || {
            verify_password(&current, stored.as_ref().map(|(_, h)| h.as_str()))
        })
        .await
        .unwrap_or(false);
        if !ok {
            let msg = Some("Nothing changed: the current password is not right.".to_owned());
            return Ok(app.account_page(StatusCode::UNPROCESSABLE_ENTITY, &signed, msg));
        }
        match hash(form.value("password").to_owned()).await? {
            Ok(h) => {
                app.store
                    .set_password(signed.user.id, &h, Some(signed.user.id))
                    .await?;
                app.start_session(&signed.user).await
            }
            Err(e) => {
                let msg = Some(format!("Nothing changed: {e}."));
                Ok(app.account_page(StatusCode::UNPROCESSABLE_ENTITY, &signed, msg))
            }
        }
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}
