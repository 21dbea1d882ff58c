//! Logins through the Admin API, for administrators' tokens with the `users` scope: list,
//! add, and change a role, byline, disabled state or password — the desk's operations.

use super::{AdminError, TokenActor, answer, parse_json};
use crate::App;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use newsdesk_core::{Action, Role};
use newsdesk_store::User;
use serde::Deserialize;
use serde_json::{Value, json};

fn user_json(u: &User) -> Value {
    json!({
        "id": u.id, "email": u.email, "name": u.name, "role": u.role,
        "disabled": u.disabled, "author_id": u.author_id,
        "created_at": jiff::Timestamp::from_second(u.created_at).map(|t| t.to_string()).unwrap_or_default(),
    })
}

fn role_of(name: &str) -> Result<Role, AdminError> {
    name.parse::<Role>().map_err(|_| {
        AdminError::invalid(
            "role",
            format!("{name:?} is not a role: use contributor, author, editor or admin."),
        )
    })
}

/// `GET /users/`
pub(crate) async fn list_users(State(app): State<App>, who: TokenActor) -> Response {
    let result = async {
        who.actor.check(Action::ManageUsers, None)?;
        let users: Vec<Value> = app.store.users().await?.iter().map(user_json).collect();
        Ok::<_, AdminError>(answer(StatusCode::OK, &json!({ "users": users })))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUserIn {
    email: String,
    #[serde(default)]
    name: String,
    role: String,
    password: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUserBody {
    user: NewUserIn,
}

/// `POST /users/`: a new login (201).
pub(crate) async fn add_user(State(app): State<App>, who: TokenActor, body: Bytes) -> Response {
    let result = async {
        let NewUserBody { user } = parse_json(&body)?;
        let role = role_of(&user.role)?;
        let made = app
            .newsroom
            .add_user(&who.actor, &user.email, &user.name, role, user.password)
            .await?;
        Ok::<_, AdminError>(answer(
            StatusCode::CREATED,
            &json!({ "user": user_json(&made) }),
        ))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeIn {
    role: Option<String>,
    #[serde(default, deserialize_with = "super::stories::present")]
    author_id: Option<Option<i64>>,
    disabled: Option<bool>,
    password: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeBody {
    user: ChangeIn,
}

/// `PATCH /users/{id}/`: role and byline, disabled, password — what is sent changes.
pub(crate) async fn change_user(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
    body: Bytes,
) -> Response {
    let result = async {
        let ChangeBody { user: change } = parse_json(&body)?;
        who.actor.check(Action::ManageUsers, None)?;
        let current = app
            .store
            .user(id)
            .await?
            .ok_or(newsdesk_newsroom::OpError::NotFound("login"))?;
        let rooms = &app.newsroom;
        if change.role.is_some() || change.author_id.is_some() {
            let role = match &change.role {
                Some(name) => role_of(name)?,
                None => current.role,
            };
            let author_id = change.author_id.unwrap_or(current.author_id);
            rooms.set_role(&who.actor, id, role, author_id).await?;
        }
        if let Some(disabled) = change.disabled {
            rooms.set_disabled(&who.actor, id, disabled).await?;
        }
        if let Some(password) = change.password {
            rooms.set_password(&who.actor, id, password).await?;
        }
        let now = app.store.user(id).await?.unwrap_or(current);
        Ok::<_, AdminError>(answer(StatusCode::OK, &json!({ "user": user_json(&now) })))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}
