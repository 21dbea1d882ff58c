//! The editors' desk: sign-in, sign-out, first-run setup, and the desk's front page.
//!
//! Sessions live in the database (any node serves any request); the cookie holds a random
//! token whose hash is the session's key. Every state-changing request must come from this
//! site (`Sec-Fetch-Site`/`Origin`), and those of a signed-in session must also carry the
//! session's CSRF token. Sign-in is throttled per address and per account, and answers the
//! same, in about the same time, for an unknown email and a wrong password.

use crate::gate::{DeskPost, DeskUser};
use crate::{App, WebError};
use axum::Extension;
use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_auth::{Email, hash_password, random_token, token_hash, verify_password};
use newsdesk_core::Role;
use newsdesk_core::State as StoryState;
use newsdesk_core::view::{Choice, DeskHome, DeskTab, DeskViewer, Paging, SignInPage};
use newsdesk_store::{CursorSide, DeskCursor, DeskFilter, DeskSort, Mine, NewUser, User};
use serde::Deserialize;
use std::net::SocketAddr;

const COOKIE: &str = "newsdesk_session";
/// How long a session lasts without signing in again.
const SESSION_SECONDS: i64 = 14 * 24 * 3600;
/// Ghost's figure: 5 failed tries per hour from one address; a little more per account,
/// so one attacker cannot lock a colleague out from a single address.
const MAX_FAILS_PER_IP: i64 = 5;
const MAX_FAILS_PER_ACCOUNT: i64 = 10;
const THROTTLE_WINDOW: i64 = 3600;

const WRONG: &str = "That email and password do not match an account. Check both and try again.";

/// The signed-in user of a request, if any, with the session's CSRF token.
pub(crate) struct Signed {
    pub(crate) user: User,
    pub(crate) csrf: String,
    token_hash: String,
}

fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}

/// Whether a state-changing request was sent by a page of this site: browsers say so in
/// `Sec-Fetch-Site`, or at least in `Origin`. A request saying neither is refused.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host),
        _ => false,
    }
}

/// The address sign-in throttling counts against: the socket's peer, or behind a trusted
/// proxy the address that proxy appended last to `X-Forwarded-For` (entries further left
/// are whatever the client claimed, and are ignored).
fn client_ip(
    connect: Option<&ConnectInfo<SocketAddr>>,
    headers: &HeaderMap,
    trust_proxy: bool,
) -> String {
    client_addr(connect, headers, trust_proxy)
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// The client's address as [`client_ip`] finds it; `None` when the request came from no
/// socket (a request sent straight into the router).
pub(crate) fn client_addr(
    connect: Option<&ConnectInfo<SocketAddr>>,
    headers: &HeaderMap,
    trust_proxy: bool,
) -> Option<std::net::IpAddr> {
    if trust_proxy
        && let Some(ip) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|entry| entry.trim().parse::<std::net::IpAddr>().ok())
            .next_back()
    {
        return Some(ip);
    }
    connect.map(|c| c.0.ip())
}

/// A refusal by the policy: the signed-in person's role does not allow this.
pub(crate) fn forbidden() -> Response {
    crate::rejections::say(
        StatusCode::FORBIDDEN,
        "Your role does not allow this, so nothing was done; ask an editor or an administrator if it needs doing.",
    )
}

/// A form from another site, or without this session's form token.
pub(crate) fn not_from_this_site() -> Response {
    crate::rejections::say(
        StatusCode::FORBIDDEN,
        "This form was not sent from this site's own page, so it was refused. Reload the page and try again.",
    )
}

impl Signed {
    /// The signed-in person, as the desk's frame shows them.
    pub(crate) fn viewer(&self) -> DeskViewer {
        DeskViewer {
            name: if self.user.name.is_empty() {
                self.user.email.clone()
            } else {
                self.user.name.clone()
            },
            email: self.user.email.clone(),
            role: self.user.role,
            csrf_token: self.csrf.clone(),
        }
    }

    /// The signed-in person, as the newsroom's operations know them.
    pub(crate) fn actor(&self) -> newsdesk_newsroom::Actor {
        newsdesk_newsroom::Actor::person(self.user.id, self.user.role, self.user.author_id)
    }
}

impl App {
    pub(crate) async fn signed_in(&self, headers: &HeaderMap) -> Result<Option<Signed>, WebError> {
        let Some(token) = session_token(headers) else {
            return Ok(None);
        };
        let hash = token_hash(token);
        let found = self.store.session_user(&hash, newsdesk_core::now()).await?;
        Ok(found.map(|(user, csrf)| Signed {
            user,
            csrf,
            token_hash: hash,
        }))
    }

    pub(crate) fn desk_page(
        &self,
        status: StatusCode,
        html: Result<String, newsdesk_render::RenderError>,
    ) -> Response {
        match html {
            Ok(html) => (
                status,
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                html,
            )
                .into_response(),
            Err(e) => self.error_page(&e.into()),
        }
    }

    fn sign_in_page(&self, status: StatusCode, page: &SignInPage) -> Response {
        self.desk_page(status, self.templates.desk_sign_in(&self.site(), page))
    }

    /// Starts a session and sends its cookie along with a redirect to the desk.
    pub(crate) async fn start_session(&self, user: &User) -> Result<Response, WebError> {
        self.start_session_at(user, "/admin/").await
    }

    /// Starts a session and sends its cookie along with a redirect to `to`.
    async fn start_session_at(&self, user: &User, to: &str) -> Result<Response, WebError> {
        let token = random_token();
        let expires = newsdesk_core::now() + SESSION_SECONDS;
        self.store
            .create_session(&token_hash(&token), user.id, &random_token(), expires)
            .await?;
        let secure = if self.settings.base_url.starts_with("https://") {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_SECONDS}{secure}"
        );
        let mut response = Redirect::to(to).into_response();
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        Ok(response)
    }
}

#[derive(Deserialize, Default)]
pub struct DeskQuery {
    #[serde(default)]
    view: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    section: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    after: String,
    #[serde(default)]
    before: String,
    trashed: Option<String>,
    welcome: Option<String>,
}

const DESK_PAGE_SIZE: u32 = 50;

/// The story list's views: key, tab label, the state it shows (`None`: every state) and
/// the order it starts in.
const VIEWS: [(&str, &str, Option<StoryState>, DeskSort); 7] = [
    ("all", "All", None, DeskSort::Saved),
    ("mine", "Mine", None, DeskSort::Saved),
    ("drafts", "Drafts", Some(StoryState::Draft), DeskSort::Saved),
    (
        "review",
        "In review",
        Some(StoryState::InReview),
        DeskSort::Saved,
    ),
    (
        "scheduled",
        "Scheduled",
        Some(StoryState::Scheduled),
        DeskSort::Scheduled,
    ),
    (
        "published",
        "Published",
        Some(StoryState::Published),
        DeskSort::Published,
    ),
    (
        "unpublished",
        "Unpublished",
        Some(StoryState::Unpublished),
        DeskSort::Saved,
    ),
];

const SORTS: [(DeskSort, &str); 4] = [
    (DeskSort::Saved, "Last saved"),
    (DeskSort::Published, "Last published"),
    (DeskSort::Scheduled, "Soonest scheduled"),
    (DeskSort::Headline, "Headline A–Z"),
];

pub async fn desk_home(
    State(app): State<App>,
    Query(q): Query<DeskQuery>,
    DeskUser(signed): DeskUser,
) -> Response {
    let result = async {
        let (view, _, view_state, view_sort) = VIEWS
            .iter()
            .find(|v| v.0 == q.view)
            .copied()
            .unwrap_or(VIEWS[0]);
        let mine = Mine {
            user_id: signed.user.id,
            author_id: signed.user.author_id,
        };
        let sort = DeskSort::parse(&q.sort).unwrap_or(view_sort);
        // A cursor that does not parse starts the list again, rather than failing the page.
        let cursor = match (q.after.as_str(), q.before.as_str()) {
            ("", "") => None,
            ("", before) => DeskCursor::parse(before, sort).map(|c| (CursorSide::Before, c)),
            (after, _) => DeskCursor::parse(after, sort).map(|c| (CursorSide::After, c)),
        };
        // Filters that do not parse filter nothing, rather than failing the page.
        let filter = DeskFilter {
            state: q.state.parse().ok().or(view_state),
            section_id: q.section.parse().ok().filter(|id| *id > 0),
            author_id: q.author.parse().ok().filter(|id| *id > 0),
            mine: (view == "mine").then_some(mine),
            query: q.q.chars().filter(|c| !c.is_control()).take(200).collect(),
            sort,
            page: 1,
            cursor,
        };
        let mut listed = app
            .store
            .desk_page(&filter, DESK_PAGE_SIZE, newsdesk_core::now())
            .await?;
        app.mark_editing(&signed, &mut listed.stories).await?;
        let counts = app.store.desk_counts(mine).await?;
        let authors = app.store.authors().await?;
        // The list's own address with its filters, for tabs, sorting and paging.
        let url = |view: &str, sort: Option<DeskSort>, page: Option<(&str, &DeskCursor)>| {
            let mut url = format!("/admin/?view={view}");
            if let Some(state) = filter.state.filter(|s| Some(*s) != view_state) {
                url += &format!("&state={}", state.as_str());
            }
            if let Some(id) = filter.section_id {
                url += &format!("&section={id}");
            }
            if let Some(id) = filter.author_id {
                url += &format!("&author={id}");
            }
            if !filter.query.is_empty() {
                url += &format!("&q={}", crate::library::urlencoded(&filter.query));
            }
            if let Some(sort) = sort {
                url += &format!("&sort={}", sort.as_str());
            }
            if let Some((side, cursor)) = page {
                url += &format!("&{side}={}", crate::library::urlencoded(&cursor.to_param()));
            }
            url
        };
        let chosen_sort = (sort != view_sort).then_some(sort);
        let count_of = |key: &str, state: Option<StoryState>| match (key, state) {
            ("mine", _) => counts.mine,
            (_, Some(state)) => counts.of(state),
            _ => counts.all,
        };
        let page = DeskHome {
            role: signed.user.role,
            csrf_token: signed.csrf.clone(),
            view: view.to_owned(),
            views: VIEWS
                .iter()
                .filter(|(key, _, state, _)| {
                    *key == view || *key != "unpublished" || count_of(key, *state) > 0
                })
                .map(|(key, label, state, _)| DeskTab {
                    key: (*key).to_owned(),
                    label: (*label).to_owned(),
                    count: shown_count(count_of(key, *state)),
                    url: format!("/admin/?view={key}"),
                })
                .collect(),
            stories: listed.stories,
            filter_state: filter
                .state
                .map_or(String::new(), |s| s.as_str().to_owned()),
            filter_section: filter.section_id.unwrap_or(0),
            filter_author: filter.author_id.unwrap_or(0),
            query: filter.query.clone(),
            sort: sort.as_str().to_owned(),
            sorts: SORTS
                .iter()
                .map(|(s, label)| Choice {
                    value: s.as_str().to_owned(),
                    label: (*label).to_owned(),
                    selected: *s == sort,
                })
                .collect(),
            sections: app.store.section_choices().await?,
            authors: authors
                .into_iter()
                .map(|a| Choice {
                    selected: filter.author_id == Some(a.id),
                    value: a.id.to_string(),
                    label: a.name,
                })
                .collect(),
            paging: Paging {
                page: 1,
                prev_url: listed
                    .before
                    .as_ref()
                    .map(|c| url(view, chosen_sort, Some(("before", c)))),
                next_url: listed
                    .after
                    .as_ref()
                    .map(|c| url(view, chosen_sort, Some(("after", c)))),
            },
            needs: if !app.store.has_site_settings().await? {
                "settings".into()
            } else if app.store.sections().await?.is_empty() {
                "sections".into()
            } else {
                String::new()
            },
            message: if q.trashed.is_some() {
                Some("Moved to the trash. It can be restored from there for 30 days.".into())
            } else if q.welcome.is_some() {
                Some("Your newsroom is ready: write its first story, or add your colleagues under People.".into())
            } else {
                None
            },
        };
        Ok::<_, WebError>(
            app.desk_page(
                StatusCode::OK,
                app.templates
                    .desk_home(&app.site(), &signed.viewer(), &page),
            ),
        )
    };
    result.await.unwrap_or_else(|e| app.error_page(&e))
}

pub async fn sign_in_form(State(app): State<App>) -> Response {
    match app.store.count_users().await {
        Ok(0) => Redirect::to("/admin/setup").into_response(),
        Ok(_) => app.sign_in_page(StatusCode::OK, &SignInPage::default()),
        Err(e) => app.error_page(&e.into()),
    }
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

pub async fn sign_in(
    State(app): State<App>,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    if !same_origin(&headers) {
        return not_from_this_site();
    }
    match try_sign_in(
        &app,
        &client_ip(
            connect.as_ref().map(|c| &c.0),
            &headers,
            app.settings.trust_proxy,
        ),
        form,
    )
    .await
    {
        Ok(response) => response,
        Err(e) => app.error_page(&e),
    }
}

async fn try_sign_in(app: &App, ip: &str, form: SignInForm) -> Result<Response, WebError> {
    let typed = form.email.trim().to_owned();
    let email = Email::parse(&typed)
        .map(|e| e.to_string())
        .unwrap_or_else(|_| typed.to_lowercase());
    let retry = |error: &str| SignInPage {
        setup: false,
        error: Some(error.to_owned()),
        email: typed.clone(),
        name: String::new(),
    };
    let (by_ip, by_email) = app
        .store
        .failed_logins_since(ip, &email, newsdesk_core::now() - THROTTLE_WINDOW)
        .await?;
    if by_ip >= MAX_FAILS_PER_IP || by_email >= MAX_FAILS_PER_ACCOUNT {
        tracing::warn!(ip, "sign-in throttled");
        let page = retry(
            "Too many failed sign-ins. Wait an hour, or ask an administrator to reset your password.",
        );
        let mut response = app.sign_in_page(StatusCode::TOO_MANY_REQUESTS, &page);
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("3600"));
        return Ok(response);
    }
    let account = app
        .store
        .user_for_login(&email)
        .await?
        .filter(|(u, _)| !u.disabled);
    // Verify against a decoy hash when there is no such account: same answer, same time.
    let ok = verify_password(&form.password, account.as_ref().map(|(_, h)| h.as_str()));
    app.store
        .record_login_attempt(ip, &email, ok, newsdesk_core::now())
        .await?;
    match account {
        Some((user, _)) if ok => {
            tracing::info!(user = user.id, "signed in");
            app.start_session(&user).await
        }
        _ => Ok(app.sign_in_page(StatusCode::UNAUTHORIZED, &retry(WRONG))),
    }
}

pub async fn sign_out(State(app): State<App>, DeskPost { signed, .. }: DeskPost) -> Response {
    if let Err(e) = app.store.end_session(&signed.token_hash).await {
        return app.error_page(&e.into());
    }
    let mut response = Redirect::to("/admin/login").into_response();
    let expired = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

pub async fn setup_form(State(app): State<App>) -> Response {
    match app.store.count_users().await {
        Ok(0) => app.sign_in_page(
            StatusCode::OK,
            &SignInPage {
                setup: true,
                ..SignInPage::default()
            },
        ),
        Ok(_) => app.not_found_page(),
        Err(e) => app.error_page(&e.into()),
    }
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// Creates the first administrator, once: with any login in the database this page is gone.
pub async fn setup(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<SetupForm>,
) -> Response {
    if !same_origin(&headers) {
        return not_from_this_site();
    }
    match app.store.count_users().await {
        Ok(0) => {}
        Ok(_) => return app.not_found_page(),
        Err(e) => return app.error_page(&e.into()),
    }
    let again = |error: String| SignInPage {
        setup: true,
        error: Some(error),
        email: form.email.clone(),
        name: form.name.clone(),
    };
    let email = match Email::parse(&form.email) {
        Ok(e) => e,
        Err(e) => return app.sign_in_page(StatusCode::UNPROCESSABLE_ENTITY, &again(e.to_string())),
    };
    let hash = match hash_password(&form.password) {
        Ok(h) => h,
        Err(e) => return app.sign_in_page(StatusCode::UNPROCESSABLE_ENTITY, &again(e.to_string())),
    };
    let new = NewUser {
        email: email.as_str(),
        name: form.name.trim(),
        password_hash: &hash,
        role: Role::Admin,
    };
    let created = match app.store.create_user(&new, None).await {
        Ok(u) => u,
        Err(e) => return app.error_page(&e.into()),
    };
    // Then the newsroom itself: name, language, time zone, first sections.
    app.start_session_at(&created, "/admin/setup/site")
        .await
        .unwrap_or_else(|e| app.error_page(&e))
}

/// The audit log, for administrators only.
pub async fn audit_log(State(app): State<App>, DeskUser(signed): DeskUser) -> Response {
    let result = async {
        let mut names: std::collections::HashMap<i64, String> = std::collections::HashMap::new();
        let mut lines = Vec::new();
        for (at, user_id, action, object, detail) in app.store.audit_events(500).await? {
            let who = match user_id {
                None => "system".to_owned(),
                Some(id) => match names.get(&id) {
                    Some(name) => name.clone(),
                    None => {
                        let name = app
                            .store
                            .user(id)
                            .await?
                            .map_or_else(|| format!("user {id}"), |u| u.email);
                        names.insert(id, name.clone());
                        name
                    }
                },
            };
            lines.push(newsdesk_core::view::AuditLine {
                at,
                who,
                action,
                object,
                detail,
            });
        }
        Ok(app.desk_page(
            StatusCode::OK,
            app.templates
                .desk_audit(&app.site(), &signed.viewer(), &lines),
        ))
    };
    result
        .await
        .unwrap_or_else(|e: WebError| app.error_page(&e))
}

/// A desk view's count as shown: past what the desk counts, "1,000+".
fn shown_count(n: i64) -> String {
    if n > newsdesk_store::DESK_COUNT_CAP {
        format!("{}+", thousands(newsdesk_store::DESK_COUNT_CAP))
    } else {
        thousands(n)
    }
}

/// `12345` as "12,345".
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_past_the_cap_are_shown_as_more_than_it() {
        assert_eq!(shown_count(0), "0");
        assert_eq!(shown_count(999), "999");
        assert_eq!(shown_count(1_000), "1,000");
        assert_eq!(shown_count(1_001), "1,000+");
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    #[test]
    fn the_client_address_comes_from_the_proxy_only_when_trusted() {
        let peer = ConnectInfo(SocketAddr::from(([10, 0, 0, 2], 4000)));
        let headers = forwarded(&["1.1.1.1, 203.0.113.5"]);
        assert_eq!(client_ip(Some(&peer), &headers, false), "10.0.0.2");
        // The proxy appends the address it saw last; what the client claimed is ignored.
        assert_eq!(client_ip(Some(&peer), &headers, true), "203.0.113.5");
        let two_headers = forwarded(&["9.9.9.9", "198.51.100.7"]);
        assert_eq!(client_ip(Some(&peer), &two_headers, true), "198.51.100.7");
        let junk = forwarded(&["not-an-address"]);
        assert_eq!(client_ip(Some(&peer), &junk, true), "10.0.0.2");
        assert_eq!(client_ip(None, &HeaderMap::new(), true), "unknown");
    }
}
