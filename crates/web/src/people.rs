//! People: administrators add logins, set roles and bylines, disable them and reset
//! passwords in the browser; everyone changes their own password. Every change is audited.

use crate::desk::Signed;
use crate::gate::{DeskPost, DeskUser};
use crate::{App, WebError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_auth::{Email, hash_password, verify_password};
use newsdesk_core::Role;
use newsdesk_core::view::{AccountPage, Choice, PeoplePage, PersonLine};
use newsdesk_store::{NewUser, StoreError};

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
        Ok(self.desk_page(status, self.templates.desk_people(&self.site(), &page)))
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
        self.desk_page(status, self.templates.desk_account(&self.site(), &page))
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
        let refuse =
            |msg: String| app.people_page(StatusCode::UNPROCESSABLE_ENTITY, &signed, Some(msg));
        let email = match Email::parse(form.value("email")) {
            Ok(e) => e,
            Err(e) => return refuse(format!("Nobody was added: {e}.")).await,
        };
        let Ok(role) = form.value("role").parse::<Role>() else {
            return refuse("Nobody was added: choose a role.".into()).await;
        };
        let password_hash = match hash(form.value("password").to_owned()).await? {
            Ok(h) => h,
            Err(e) => return refuse(format!("Nobody was added: {e}.")).await,
        };
        let new = NewUser {
            email: email.as_str(),
            name: form.value("name").trim(),
            password_hash: &password_hash,
            role,
        };
        match app.store.create_user(&new, Some(signed.user.id)).await {
            Ok(user) => {
                let msg = format!("Added {} as {}.", user.email, user.role);
                app.people_page(StatusCode::OK, &signed, Some(msg)).await
            }
            Err(StoreError::Duplicate { .. }) => {
                refuse(format!(
                    "Nobody was added: {} already has a login.",
                    email.as_str()
                ))
                .await
            }
            Err(e) => Err(e.into()),
        }
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn change_person(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, form }: DeskPost,
) -> Response {
    let result = async {
        let Some(person) = app.store.user(id).await? else {
            return Ok(app.not_found_page());
        };
        let by = Some(signed.user.id);
        let is_self = person.id == signed.user.id;
        let refuse = |msg: &str| {
            app.people_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &signed,
                Some(msg.to_owned()),
            )
        };
        let message = match form.value("action") {
            "role" => {
                let Ok(role) = form.value("role").parse::<Role>() else {
                    return refuse("Nothing changed: choose a role.").await;
                };
                // An administrator who demoted themselves could lock everyone out.
                if is_self && role != person.role {
                    return refuse("Nothing changed: you cannot change your own role.").await;
                }
                let author_id = form
                    .value("author_id")
                    .parse::<i64>()
                    .ok()
                    .filter(|a| *a > 0);
                let authors = app.store.authors().await?;
                if author_id.is_some_and(|a| !authors.iter().any(|x| x.id == a)) {
                    return refuse("Nothing changed: that byline does not exist.").await;
                }
                app.store
                    .set_role_and_byline(id, role, author_id, by)
                    .await?;
                format!("Saved {}.", person.email)
            }
            "disable" | "enable" => {
                let disable = form.value("action") == "disable";
                if is_self {
                    return refuse("Nothing changed: you cannot disable your own login.").await;
                }
                app.store.set_disabled(id, disable, by).await?;
                if disable {
                    format!(
                        "{} can no longer sign in; their sessions have ended.",
                        person.email
                    )
                } else {
                    format!("{} can sign in again.", person.email)
                }
            }
            "password" => match hash(form.value("password").to_owned()).await? {
                Ok(h) => {
                    app.store.set_password(id, &h, by).await?;
                    format!(
                        "New password set for {}; their sessions have ended.",
                        person.email
                    )
                }
                Err(e) => return refuse(&format!("Nothing changed: {e}.")).await,
            },
            _ => return refuse("Nothing changed.").await,
        };
        if is_self && form.value("action") == "password" {
            // Their own sessions ended with the change, this one included.
            return Ok(Redirect::to("/admin/login").into_response());
        }
        app.people_page(StatusCode::OK, &signed, Some(message))
            .await
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
