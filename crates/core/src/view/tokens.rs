//! The desk's API tokens page.

use crate::UnixTime;
use serde::Serialize;

/// Everyone's own tokens (an administrator's page lists everyone's), the form that makes
/// one, and — once, right after it is made — the new token's secret.
#[derive(Clone, Debug, Serialize)]
pub struct TokensPage {
    pub csrf_token: String,
    pub role: String,
    pub tokens: Vec<TokenLine>,
    /// Whether the list holds everyone's tokens (for an administrator).
    pub everyone: bool,
    pub scopes: Vec<ScopeChoice>,
    /// The name typed, kept when the form is refused.
    pub name: String,
    pub made: Option<MadeToken>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TokenLine {
    pub id: i64,
    pub name: String,
    /// The first characters, to recognise it.
    pub prefix: String,
    pub owner: String,
    pub scopes: Vec<String>,
    pub created_at: UnixTime,
    pub last_used_at: Option<UnixTime>,
    pub revoked_at: Option<UnixTime>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScopeChoice {
    pub name: &'static str,
    pub describe: &'static str,
    pub checked: bool,
}

/// A token just made: its secret is on this page and nowhere else, ever.
#[derive(Clone, Debug, Serialize)]
pub struct MadeToken {
    pub name: String,
    pub secret: String,
}
