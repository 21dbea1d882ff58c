//! Logins through the Admin API, for administrators' tokens with the `users` scope: list,
//! add, and change a role, byline, disabled state or password — the desk's operations.

use super::shapes::{OneUser, UserOut, Users};
use super::{AdminError, TokenActor, answer, parse_json};
use crate::App;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use newsdesk_core::{Action, Role};
use serde::Deserialize;
use utoipa::ToSchema;

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
        let users = app.store.users().await?;
        let users = users.iter().map(UserOut::from).collect();
        Ok::<_, AdminError>(answer(StatusCode::OK, &Users { users }))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// A new login.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminUserIn)]
pub(super) struct NewUserIn {
    email: String,
    #[serde(default)]
    name: String,
    #[schema(schema_with = super::shapes::roles)]
    role: String,
    /// At least as long and as uncommon as the desk asks of any password.
    password: String,
}

/// `{"user": {…}}`
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminUserBody)]
pub(super) struct NewUserBody {
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
            &OneUser {
                user: UserOut::from(&made),
            },
        ))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// A change to a login: what is sent changes; what is left out (or `null`) stays.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminUserChangeIn)]
pub(super) struct ChangeIn {
    /// Nobody changes their own role.
    #[schema(schema_with = roles_or_null)]
    role: Option<String>,
    /// The author profile whose byline the login writes under; `null` clears it.
    #[serde(default, deserialize_with = "super::stories::present")]
    #[schema(value_type = Option<i64>)]
    author_id: Option<Option<i64>>,
    /// A disabled login cannot sign in, and its tokens stop working; nobody disables
    /// themselves.
    disabled: Option<bool>,
    password: Option<String>,
}

fn roles_or_null() -> utoipa::openapi::schema::Object {
    super::shapes::one_of_or_null(Role::ALL.map(Role::as_str))
}

/// `{"user": {…}}`
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminUserChangeBody)]
pub(super) struct ChangeBody {
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
        let user = UserOut::from(&now);
        Ok::<_, AdminError>(answer(StatusCode::OK, &OneUser { user }))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}
