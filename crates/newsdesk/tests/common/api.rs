//! Calling the Admin API in tests: a login with a token, a request with it, the JSON back.

use super::{Response, TestApp};
use axum::body::Body;
use axum::http::Request;
use newsdesk_core::{Role, Scope, Scopes};
use newsdesk_newsroom::Actor;
use newsdesk_store::NewUser;
use serde_json::Value;

pub const V1: &str = "/api/admin/v1";

/// A login with `role` and a token for it with `scopes`; returns (user id, secret).
pub async fn token_for(t: &TestApp, email: &str, role: Role, scopes: &[Scope]) -> (i64, String) {
    let hash = newsdesk_auth::hash_password("a good long password").unwrap();
    let new = NewUser {
        email,
        name: email,
        password_hash: &hash,
        role,
    };
    let user = t.store.create_user(&new, None).await.unwrap();
    let actor = Actor::person(user.id, user.role, user.author_id);
    let scopes = Scopes::from_iter(scopes.iter().copied());
    let (_, secret) = t
        .app
        .newsroom
        .make_token(&actor, user.id, "test", scopes)
        .await
        .unwrap();
    (user.id, secret)
}

pub async fn call(
    t: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Response {
    let mut request = Request::builder()
        .method(method)
        .uri(format!("{V1}{path}"))
        .header("authorization", format!("Bearer {token}"));
    let body = match body {
        Some(v) => {
            request = request.header("content-type", "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    t.send(request.body(body).unwrap()).await
}

pub fn json_of(res: &Response) -> Value {
    assert!(
        res.header("content-type").starts_with("application/json"),
        "{} {}",
        res.status,
        res.text()
    );
    serde_json::from_slice(&res.body).unwrap_or_else(|e| panic!("{e}: {}", res.text()))
}

/// The first error's code and field.
pub fn error_of(res: &Response) -> (String, Option<String>) {
    let v = json_of(res);
    let e = &v["errors"][0];
    assert!(
        e["message"].as_str().is_some_and(|m| m.len() > 10),
        "an error says what to do: {v}"
    );
    (
        e["code"].as_str().unwrap_or_default().to_owned(),
        e["field"].as_str().map(str::to_owned),
    )
}
