//! The desk's API tokens page: make a token (its secret shown once), see when each was
//! last used, revoke one. Everyone has their own; administrators see and revoke anyone's.

use crate::desk::Signed;
use crate::gate::{DeskPost, DeskUser};
use crate::{App, WebError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_core::view::{MadeToken, ScopeChoice, TokenLine, TokensPage};
use newsdesk_core::{Scope, Scopes};
use newsdesk_newsroom::OpError;

impl App {
    async fn tokens_page(
        &self,
        status: StatusCode,
        signed: &Signed,
        typed: Option<(&str, Scopes)>,
        made: Option<MadeToken>,
        message: Option<String>,
    ) -> Result<Response, WebError> {
        let actor = signed.actor();
        let everyone = actor.may(newsdesk_core::Action::ManageUsers, None);
        let tokens = self
            .newsroom
            .tokens(&actor)
            .await?
            .into_iter()
            .map(|t| TokenLine {
                id: t.id,
                name: t.name,
                prefix: t.prefix,
                owner: t.user_email,
                scopes: t.scopes.iter().map(|s| s.as_str().to_owned()).collect(),
                created_at: t.created_at,
                last_used_at: t.last_used_at,
                revoked_at: t.revoked_at,
            })
            .collect();
        // A new form offers reading and writing stories; a refused one keeps its ticks.
        let (name, ticked) = typed.unwrap_or((
            "",
            Scopes::from_iter([Scope::ReadContent, Scope::WriteContent]),
        ));
        let page = TokensPage {
            csrf_token: signed.csrf.clone(),
            role: signed.user.role.as_str().to_owned(),
            tokens,
            everyone,
            scopes: Scope::ALL
                .into_iter()
                .map(|s| ScopeChoice {
                    name: s.as_str(),
                    describe: s.describe(),
                    checked: ticked.contains(s),
                })
                .collect(),
            name: name.to_owned(),
            made,
            message,
        };
        Ok(self.desk_page(
            status,
            self.templates
                .desk_tokens(&self.site(), &signed.viewer(), &page),
        ))
    }
}

pub async fn page(State(app): State<App>, DeskUser(signed): DeskUser) -> Response {
    app.tokens_page(StatusCode::OK, &signed, None, None, None)
        .await
        .unwrap_or_else(|e| app.error_page(&e))
}

/// Makes a token for the signed-in person and shows its secret, this once.
pub async fn make(State(app): State<App>, DeskPost { signed, form }: DeskPost) -> Response {
    let result = async {
        let name = form.value("name").trim().to_owned();
        let picked: Vec<&str> = form
            .pairs
            .iter()
            .filter(|(k, _)| k == "scope")
            .map(|(_, v)| v.as_str())
            .collect();
        let scopes = match Scopes::parse(&picked.join(" ")) {
            Ok(s) => s,
            Err(e) => {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                let typed = Some((name.as_str(), Scopes::default()));
                let message = Some(format!("No token was made: {e}."));
                return app.tokens_page(status, &signed, typed, None, message).await;
            }
        };
        let actor = signed.actor();
        match app
            .newsroom
            .make_token(&actor, signed.user.id, &name, scopes)
            .await
        {
            Ok((token, secret)) => {
                let made = MadeToken {
                    name: token.name,
                    secret,
                };
                app.tokens_page(StatusCode::CREATED, &signed, None, Some(made), None)
                    .await
            }
            Err(e @ OpError::Invalid { .. }) => {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                let typed = Some((name.as_str(), scopes));
                let message = Some(e.public_message());
                app.tokens_page(status, &signed, typed, None, message).await
            }
            Err(e) if e.is_internal() => Err(e.into()),
            Err(e) => Ok(app.refused(e)),
        }
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn revoke(
    State(app): State<App>,
    Path(id): Path<i64>,
    DeskPost { signed, .. }: DeskPost,
) -> Response {
    match app.newsroom.revoke_token(&signed.actor(), id).await {
        Ok(()) => Redirect::to("/admin/tokens").into_response(),
        Err(e) => app.refused(e),
    }
}
