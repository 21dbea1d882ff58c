//! The pages a reader sees: view structs rendered through the theme's templates.
//!
//! The default theme (`theme/templates/*.html`, `theme/static/site.css`) is built into the
//! binary; a site overrides any template, or the stylesheet, with a file of the same name in
//! its theme folder. Everything is parsed once, in [`Templates::new`], so a broken override
//! stops start-up instead of failing readers' requests, and a render is a single walk over
//! an already-parsed template.
//!
//! Every string from a view struct is HTML-escaped on output; the only values marked safe
//! are `body_html` and the API reference's `description_html`, which the sanitizer produced.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, Value};
use newsdesk_core::view::{
    AccountPage, ApiReferencePage, ArticlePage, AuditLine, DeskHome, DeskPages, DeskViewer,
    HomePage, ListPage, MediaDetailPage, MediaLibraryPage, PageEditor, PeoplePage, ProblemPage,
    RevisionsPage, SearchPage, SettingsPage, SignInPage, Site, StandalonePage, StoryEditor,
    StructureEditPage, StructureListPage, TokensPage, TrashPage, WebhookPage, WebhooksPage,
};
use serde::Serialize;

/// The built-in templates, by the name a theme overrides them with.
const BUILT_IN: [(&str, &str); 32] = [
    ("base.html", include_str!("../theme/templates/base.html")),
    (
        "desk_base.html",
        include_str!("../theme/templates/desk_base.html"),
    ),
    (
        "macros.html",
        include_str!("../theme/templates/macros.html"),
    ),
    (
        "article.html",
        include_str!("../theme/templates/article.html"),
    ),
    ("home.html", include_str!("../theme/templates/home.html")),
    ("list.html", include_str!("../theme/templates/list.html")),
    (
        "not_found.html",
        include_str!("../theme/templates/not_found.html"),
    ),
    (
        "server_error.html",
        include_str!("../theme/templates/server_error.html"),
    ),
    (
        "problem.html",
        include_str!("../theme/templates/problem.html"),
    ),
    (
        "desk_sign_in.html",
        include_str!("../theme/templates/desk_sign_in.html"),
    ),
    (
        "desk_home.html",
        include_str!("../theme/templates/desk_home.html"),
    ),
    (
        "desk_story.html",
        include_str!("../theme/templates/desk_story.html"),
    ),
    (
        "desk_presence.html",
        include_str!("../theme/templates/desk_presence.html"),
    ),
    (
        "desk_lead_picture.html",
        include_str!("../theme/templates/desk_lead_picture.html"),
    ),
    (
        "desk_revisions.html",
        include_str!("../theme/templates/desk_revisions.html"),
    ),
    (
        "desk_audit.html",
        include_str!("../theme/templates/desk_audit.html"),
    ),
    (
        "desk_media.html",
        include_str!("../theme/templates/desk_media.html"),
    ),
    (
        "desk_media_item.html",
        include_str!("../theme/templates/desk_media_item.html"),
    ),
    (
        "desk_trash.html",
        include_str!("../theme/templates/desk_trash.html"),
    ),
    (
        "desk_tokens.html",
        include_str!("../theme/templates/desk_tokens.html"),
    ),
    (
        "search.html",
        include_str!("../theme/templates/search.html"),
    ),
    (
        "desk_people.html",
        include_str!("../theme/templates/desk_people.html"),
    ),
    (
        "desk_account.html",
        include_str!("../theme/templates/desk_account.html"),
    ),
    (
        "desk_settings.html",
        include_str!("../theme/templates/desk_settings.html"),
    ),
    ("page.html", include_str!("../theme/templates/page.html")),
    (
        "desk_pages.html",
        include_str!("../theme/templates/desk_pages.html"),
    ),
    (
        "desk_page.html",
        include_str!("../theme/templates/desk_page.html"),
    ),
    (
        "desk_structure.html",
        include_str!("../theme/templates/desk_structure.html"),
    ),
    (
        "desk_structure_item.html",
        include_str!("../theme/templates/desk_structure_item.html"),
    ),
    (
        "desk_webhooks.html",
        include_str!("../theme/templates/desk_webhooks.html"),
    ),
    (
        "desk_webhook.html",
        include_str!("../theme/templates/desk_webhook.html"),
    ),
    (
        "api_reference.html",
        include_str!("../theme/templates/api_reference.html"),
    ),
];

const BUILT_IN_CSS: &[u8] = include_bytes!("../theme/static/site.css");

/// What a reader gets when even the error template fails: fixed text, nothing about why.
const FALLBACK_SERVER_ERROR: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n\
<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"robots\" content=\"noindex\">\n<title>Something went wrong</title>\n</head>\n<body>\n\
<main>\n<h1>Something went wrong</h1>\n\
<p>Sorry, we couldn’t show this page just now. Please try again in a moment.</p>\n\
<p><a href=\"/\">Go to the home page</a></p>\n</main>\n</body>\n</html>\n";

/// The parsed theme: page templates and the stylesheet.
pub struct Templates {
    env: Environment<'static>,
    css: Cow<'static, [u8]>,
    css_version: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("theme folder {}: {source}", path.display())]
    ThemeFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read theme file {}: {source}", path.display())]
    ReadThemeFile {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A template does not parse. `file` is the override's path, or `built-in NAME`.
    #[error("template {file}, line {line}: {message}")]
    Syntax {
        file: String,
        line: usize,
        message: String,
    },
    /// A template parsed but failed while rendering a page.
    #[error("template {template} failed to render: {message}")]
    Render { template: String, message: String },
}

/// What every template sees.
#[derive(Serialize)]
struct Context<'a, P> {
    site: &'a Site,
    page: P,
    /// The path whose navigation entry is marked `aria-current`.
    current_url: &'a str,
    canonical_url: &'a str,
    /// On desk pages, the signed-in person (the desk's frame shows them and their menu).
    desk: Option<&'a DeskViewer>,
}

impl Templates {
    /// Built-in templates, each overridable by a file of the same name in `theme_dir/templates/`
    /// (any other `.html` file there is added too, for overrides to include). The stylesheet
    /// is `theme_dir/static/site.css` when present. A template that does not parse, or does not
    /// render sample pages, is an error here, naming the file.
    pub fn new(theme_dir: Option<&Path>) -> Result<Templates, RenderError> {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(format_value);
        env.add_filter("iso", iso);
        env.add_filter("datetime", datetime);
        env.add_filter("date", date);
        env.add_filter("absolute", absolute);
        env.add_filter("tojson", tojson);
        // `{% if page.body_html is with_embeds %}`: the body has an embed to load, so the
        // page names `embed.js`.
        env.add_test("with_embeds", |html: &str| crate::embed::has_frames(html));

        for (name, source) in BUILT_IN {
            env.add_template(name, source)
                .map_err(|err| syntax_error(format!("built-in {name}"), &err))?;
        }

        let mut overridden = Vec::new();
        let mut css = Cow::Borrowed(BUILT_IN_CSS);
        if let Some(dir) = theme_dir {
            if !dir.is_dir() {
                return Err(RenderError::ThemeFolder {
                    path: dir.to_owned(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
                });
            }
            for (name, path, source) in theme_templates(&dir.join("templates"))? {
                env.add_template_owned(name.clone(), source)
                    .map_err(|err| syntax_error(path.display().to_string(), &err))?;
                overridden.push((name, path));
            }
            let css_path = dir.join("static").join("site.css");
            if css_path.is_file() {
                let bytes =
                    std::fs::read(&css_path).map_err(|source| RenderError::ReadThemeFile {
                        path: css_path,
                        source,
                    })?;
                css = Cow::Owned(bytes);
            }
        }

        let css_version = content_hash(&css);
        env.add_global(
            "stylesheet_url",
            format!("/static/site.css?v={css_version}"),
        );
        let templates = Templates {
            env,
            css,
            css_version,
        };
        templates.check_renders().map_err(|err| match err {
            RenderError::Render { template, message } => {
                // Name the file a theme author has to open.
                let file = overridden
                    .iter()
                    .find(|(name, _)| {
                        message.contains(&format!("(in {name}:")) || *name == template
                    })
                    .map(|(_, path)| path.display().to_string())
                    .unwrap_or(template);
                RenderError::Render {
                    template: file,
                    message,
                }
            }
            other => other,
        })?;
        Ok(templates)
    }

    pub fn article_page(&self, site: &Site, page: &ArticlePage) -> Result<String, RenderError> {
        let canonical = match &page.canonical_url {
            Some(url) => Cow::Borrowed(url.as_str()),
            None => Cow::Owned(format!("{}{}", site.base_url, page.url)),
        };
        self.render("article.html", site, page, &page.section.url, &canonical)
    }

    pub fn home_page(&self, site: &Site, page: &HomePage) -> Result<String, RenderError> {
        let canonical = paged_url(&site.base_url, "/", page.paging.page);
        self.render("home.html", site, page, "/", &canonical)
    }

    pub fn list_page(&self, site: &Site, page: &ListPage) -> Result<String, RenderError> {
        let canonical = paged_url(&site.base_url, &page.url, page.paging.page);
        self.render("list.html", site, page, &page.url, &canonical)
    }

    pub fn not_found(&self, site: &Site) -> Result<String, RenderError> {
        self.render("not_found.html", site, (), "", &site.base_url)
    }

    /// A request we could not act on, in the desk's frame when `page.desk`, else the site's.
    pub fn problem(&self, site: &Site, page: &ProblemPage) -> Result<String, RenderError> {
        let current = if page.desk { "/admin/" } else { "" };
        self.render("problem.html", site, page, current, &site.base_url)
    }

    /// Must never fail: if the template errors, falls back to a fixed minimal page.
    /// Leaks nothing about the cause (which is logged, not shown).
    pub fn server_error(&self, site: &Site) -> String {
        match self.render("server_error.html", site, (), "", &site.base_url) {
            Ok(html) => html,
            Err(err) => {
                tracing::error!(%err, "server_error.html failed; serving the fixed error page");
                FALLBACK_SERVER_ERROR.to_owned()
            }
        }
    }

    /// The desk's sign-in (or first-run setup) page.
    pub fn desk_sign_in(&self, site: &Site, page: &SignInPage) -> Result<String, RenderError> {
        self.render("desk_sign_in.html", site, page, "/admin/", &site.base_url)
    }

    /// The desk's front page for a signed-in user.
    pub fn desk_home(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &DeskHome,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_home.html",
            site,
            page,
            "/admin/",
            &site.base_url,
        )
    }

    /// The desk's story editor (and its conflict page).
    pub fn desk_story(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &StoryEditor,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_story.html",
            site,
            page,
            "/admin/",
            &site.base_url,
        )
    }

    /// A story's history and a comparison of two versions.
    pub fn desk_revisions(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &RevisionsPage,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_revisions.html",
            site,
            page,
            "/admin/",
            &site.base_url,
        )
    }

    /// The audit log, for administrators.
    pub fn desk_audit(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        events: &[AuditLine],
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_audit.html",
            site,
            events,
            "/admin/",
            &site.base_url,
        )
    }

    /// The media library: a page of pictures and the upload form.
    pub fn desk_media(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &MediaLibraryPage,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_media.html",
            site,
            page,
            "/admin/media",
            &site.base_url,
        )
    }

    /// One picture: its words, its files, where it is used.
    pub fn desk_media_item(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &MediaDetailPage,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_media_item.html",
            site,
            page,
            "/admin/media",
            &site.base_url,
        )
    }

    /// The trash.
    pub fn desk_tokens(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &TokensPage,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_tokens.html",
            site,
            page,
            "/admin/tokens",
            &site.base_url,
        )
    }

    pub fn desk_trash(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &TrashPage,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_trash.html",
            site,
            page,
            "/admin/trash",
            &site.base_url,
        )
    }

    /// The search page.
    pub fn search_page(&self, site: &Site, page: &SearchPage) -> Result<String, RenderError> {
        self.render("search.html", site, page, "/search", &site.base_url)
    }

    /// The people page, for administrators.
    pub fn desk_people(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &PeoplePage,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_people.html",
            site,
            page,
            "/admin/users",
            &site.base_url,
        )
    }

    /// A standalone page (About us, a policy), or its desk preview.
    pub fn standalone_page(
        &self,
        site: &Site,
        page: &StandalonePage,
    ) -> Result<String, RenderError> {
        let canonical = format!("{}{}", site.base_url, page.url);
        self.render("page.html", site, page, &page.url, &canonical)
    }

    /// The desk's list of standalone pages.
    pub fn desk_pages(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &DeskPages,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_pages.html",
            site,
            page,
            "/admin/pages",
            &site.base_url,
        )
    }

    /// The editor of a standalone page.
    pub fn desk_page(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &PageEditor,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_page.html",
            site,
            page,
            "/admin/pages",
            &site.base_url,
        )
    }

    /// The site settings page, and setup's second step.
    pub fn desk_settings(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &SettingsPage,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_settings.html",
            site,
            page,
            "/admin/settings",
            &site.base_url,
        )
    }

    /// A person's own account page.
    pub fn desk_account(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &AccountPage,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_account.html",
            site,
            page,
            "/admin/account",
            &site.base_url,
        )
    }

    /// The desk's list of sections, topics or authors.
    pub fn desk_structure_list(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &StructureListPage,
    ) -> Result<String, RenderError> {
        let here = format!("/admin/{}", page.kind);
        self.render_desk(
            viewer,
            "desk_structure.html",
            site,
            page,
            &here,
            &site.base_url,
        )
    }

    /// One section's, topic's or author's page in the desk.
    pub fn desk_structure_item(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &StructureEditPage,
    ) -> Result<String, RenderError> {
        let here = format!("/admin/{}", page.kind);
        self.render_desk(
            viewer,
            "desk_structure_item.html",
            site,
            page,
            &here,
            &site.base_url,
        )
    }

    /// The webhooks page (administrators).
    pub fn desk_webhooks(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &WebhooksPage,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_webhooks.html",
            site,
            page,
            "/admin/webhooks",
            &site.base_url,
        )
    }

    /// One webhook and its deliveries.
    pub fn desk_webhook(
        &self,
        site: &Site,
        viewer: &DeskViewer,
        page: &WebhookPage,
    ) -> Result<String, RenderError> {
        self.render_desk(
            viewer,
            "desk_webhook.html",
            site,
            page,
            "/admin/webhooks",
            &site.base_url,
        )
    }

    /// The API reference page (`/api/docs`), made from the OpenAPI document.
    pub fn api_reference(
        &self,
        site: &Site,
        page: &ApiReferencePage,
    ) -> Result<String, RenderError> {
        let canonical = format!("{}/api/docs", site.base_url);
        self.render("api_reference.html", site, page, "", &canonical)
    }

    /// The stylesheet bytes and a short hash of them, for `/static/site.css?v=HASH`.
    pub fn stylesheet(&self) -> (&[u8], &str) {
        (&self.css, &self.css_version)
    }

    fn render<P: Serialize>(
        &self,
        name: &str,
        site: &Site,
        page: P,
        current_url: &str,
        canonical_url: &str,
    ) -> Result<String, RenderError> {
        self.render_for(name, site, page, current_url, canonical_url, None)
    }

    /// A desk page, in the desk's own frame for `viewer`.
    fn render_desk<P: Serialize>(
        &self,
        viewer: &DeskViewer,
        name: &str,
        site: &Site,
        page: P,
        current_url: &str,
        canonical_url: &str,
    ) -> Result<String, RenderError> {
        self.render_for(name, site, page, current_url, canonical_url, Some(viewer))
    }

    fn render_for<P: Serialize>(
        &self,
        name: &str,
        site: &Site,
        page: P,
        current_url: &str,
        canonical_url: &str,
        desk: Option<&DeskViewer>,
    ) -> Result<String, RenderError> {
        let context = Context {
            site,
            page,
            current_url,
            canonical_url,
            desk,
        };
        self.env
            .get_template(name)
            .and_then(|template| template.render(context))
            .map_err(|err| RenderError::Render {
                template: name.to_owned(),
                message: describe(&err),
            })
    }

    /// Renders every page template with sample pages, full and empty, so that an override
    /// naming a missing template, filter or macro fails at start-up rather than per request.
    fn check_renders(&self) -> Result<(), RenderError> {
        specimen::check_renders(self)
    }
}

/// The `.html` files in a theme's `templates/` folder (none if it has no such folder).
fn theme_templates(dir: &Path) -> Result<Vec<(String, PathBuf, String)>, RenderError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let folder_error = |source| RenderError::ThemeFolder {
        path: dir.to_owned(),
        source,
    };
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(folder_error)? {
        let path = entry.map_err(folder_error)?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".html") || !path.is_file() {
            continue;
        }
        let name = name.to_owned();
        let source =
            std::fs::read_to_string(&path).map_err(|source| RenderError::ReadThemeFile {
                path: path.clone(),
                source,
            })?;
        found.push((name, path, source));
    }
    found.sort();
    Ok(found)
}

fn syntax_error(file: String, err: &Error) -> RenderError {
    let message = match err.detail() {
        Some(detail) => format!("{}: {detail}", err.kind()),
        None => err.kind().to_string(),
    };
    RenderError::Syntax {
        file,
        line: err.line().unwrap_or(0),
        message,
    }
}

/// An error with its causes (an include's failure is the source of the including one's).
fn describe(err: &Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let _ = write!(message, ": {cause}");
        source = cause.source();
    }
    message
}

/// `base + path`, with `?page=N` after the first page: each page of a list is its own
/// canonical address.
fn paged_url(base: &str, path: &str, page: u32) -> String {
    if page > 1 {
        format!("{base}{path}?page={page}")
    } else {
        format!("{base}{path}")
    }
}

/// FNV-1a: a stable, dependency-free fingerprint; enough to bust caches, not a checksum.
fn content_hash(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{:010x}", hash >> 24)
}

/// Output formatting: HTML-escapes `& < > " '` (enough for text and quoted attributes;
/// minijinja's default also escapes `/`, which would turn every URL into `&#x2f;`), and
/// prints `none` as nothing.
fn format_value(out: &mut Output, state: &State, value: &Value) -> Result<(), Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    if state.auto_escape() == AutoEscape::None || value.is_safe() {
        return write!(out, "{value}").map_err(Error::from);
    }
    match value.as_str() {
        Some(text) => write_escaped(out, text),
        None => write_escaped(out, &value.to_string()),
    }
    .map_err(Error::from)
}

fn write_escaped(out: &mut Output, text: &str) -> std::fmt::Result {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.write_str(&rest[..at])?;
        out.write_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        })?;
        rest = &rest[at + 1..];
    }
    out.write_str(rest)
}

fn timestamp(secs: i64) -> Result<Timestamp, Error> {
    Timestamp::from_second(secs).map_err(|err| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("not a time: {secs}: {err}"),
        )
    })
}

/// `{{ t|iso }}`: RFC 3339 in UTC, for `<time datetime>` and metadata.
fn iso(secs: i64) -> Result<String, Error> {
    Ok(timestamp(secs)?.to_string())
}

/// `{{ t|datetime }}`: "25 November 2026, 09:14" in the site's time zone (or the one given).
fn datetime(state: &State, secs: i64, zone: Option<&str>) -> Result<String, Error> {
    local(state, secs, zone, "%-d %B %Y, %H:%M")
}

/// `{{ t|date }}`: "25 November 2026" in the site's time zone (or the one given).
fn date(state: &State, secs: i64, zone: Option<&str>) -> Result<String, Error> {
    local(state, secs, zone, "%-d %B %Y")
}

fn local(state: &State, secs: i64, zone: Option<&str>, format: &str) -> Result<String, Error> {
    let ts = timestamp(secs)?;
    let tz = match zone {
        Some(name) => time_zone(name),
        None => {
            let site_zone = state
                .lookup("site")
                .and_then(|site| site.get_attr("time_zone").ok());
            time_zone(site_zone.as_ref().and_then(Value::as_str).unwrap_or("UTC"))
        }
    };
    Ok(ts.to_zoned(tz).strftime(format).to_string())
}

/// The named zone, or UTC when it is unknown. Every render asks for the same zone, so the
/// last one is kept per thread instead of going back to the zone database each time.
fn time_zone(name: &str) -> TimeZone {
    thread_local! {
        static LAST: RefCell<Option<(String, TimeZone)>> = const { RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| {
        if let Some((_, tz)) = last.as_ref().filter(|(last_name, _)| last_name == name) {
            return tz.clone();
        }
        let tz = TimeZone::get(name).unwrap_or_else(|err| {
            tracing::warn!(zone = name, %err, "unknown time zone; showing times in UTC");
            TimeZone::UTC
        });
        *last = Some((name.to_owned(), tz.clone()));
        tz
    })
}

/// `{{ url|absolute }}`: a site path made absolute with `site.base_url`; full URLs unchanged.
fn absolute(state: &State, url: &str) -> String {
    if !url.starts_with('/') || url.starts_with("//") {
        return url.to_owned();
    }
    let base = state
        .lookup("site")
        .and_then(|site| site.get_attr("base_url").ok());
    format!(
        "{}{url}",
        base.as_ref().and_then(Value::as_str).unwrap_or("")
    )
}

/// `{{ value|tojson }}`: JSON safe inside `<script>` and attributes (`<`, `>`, `&`, `'`
/// escaped as `\u00XX`), for JSON-LD.
fn tojson(value: &Value) -> Result<Value, Error> {
    let json = serde_json::to_string(value).map_err(|err| {
        Error::new(ErrorKind::BadSerialization, "cannot write as JSON").with_source(err)
    })?;
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\'' => safe.push_str("\\u0027"),
            c => safe.push(c),
        }
    }
    Ok(Value::from_safe_string(safe))
}

/// Sample pages for the start-up check: every optional part present once, and absent once.
mod specimen;

#[cfg(test)]
mod tests;
