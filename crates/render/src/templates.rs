//! The pages a reader sees: view structs rendered through the theme's templates.
//!
//! The default theme (`theme/templates/*.html`, `theme/static/site.css`) is built into the
//! binary; a site overrides any template, or the stylesheet, with a file of the same name in
//! its theme folder. Everything is parsed once, in [`Templates::new`], so a broken override
//! stops start-up instead of failing readers' requests, and a render is a single walk over
//! an already-parsed template.
//!
//! Every string from a view struct is HTML-escaped on output; the only value marked safe is
//! `body_html`, which the sanitizer produced.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, Output, State, Value};
use newsdesk_core::view::{
    AccountPage, ArticlePage, AuditLine, Choice, ConflictView, DeskHome, DeskStory, DiffPart,
    FieldDiff, HomePage, ListPage, MediaDetailPage, MediaLibraryPage, MediaUseLine, NoteLine,
    Paging, PeoplePage, PersonLine, RevisionLine, RevisionsPage, SearchFilter, SearchHit,
    SearchPage, SignInPage, Site, StoryEditor, TrashLine, TrashPage,
};
use serde::Serialize;

/// The built-in templates, by the name a theme overrides them with.
const BUILT_IN: [(&str, &str); 18] = [
    ("base.html", include_str!("../theme/templates/base.html")),
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
    pub fn desk_home(&self, site: &Site, page: &DeskHome) -> Result<String, RenderError> {
        self.render("desk_home.html", site, page, "/admin/", &site.base_url)
    }

    /// The desk's story editor (and its conflict page).
    pub fn desk_story(&self, site: &Site, page: &StoryEditor) -> Result<String, RenderError> {
        self.render("desk_story.html", site, page, "/admin/", &site.base_url)
    }

    /// A story's history and a comparison of two versions.
    pub fn desk_revisions(&self, site: &Site, page: &RevisionsPage) -> Result<String, RenderError> {
        self.render("desk_revisions.html", site, page, "/admin/", &site.base_url)
    }

    /// The audit log, for administrators.
    pub fn desk_audit(&self, site: &Site, events: &[AuditLine]) -> Result<String, RenderError> {
        self.render("desk_audit.html", site, events, "/admin/", &site.base_url)
    }

    /// The media library: a page of pictures and the upload form.
    pub fn desk_media(&self, site: &Site, page: &MediaLibraryPage) -> Result<String, RenderError> {
        self.render(
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
        page: &MediaDetailPage,
    ) -> Result<String, RenderError> {
        self.render(
            "desk_media_item.html",
            site,
            page,
            "/admin/media",
            &site.base_url,
        )
    }

    /// The trash.
    pub fn desk_trash(&self, site: &Site, page: &TrashPage) -> Result<String, RenderError> {
        self.render(
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
    pub fn desk_people(&self, site: &Site, page: &PeoplePage) -> Result<String, RenderError> {
        self.render(
            "desk_people.html",
            site,
            page,
            "/admin/users",
            &site.base_url,
        )
    }

    /// A person's own account page.
    pub fn desk_account(&self, site: &Site, page: &AccountPage) -> Result<String, RenderError> {
        self.render(
            "desk_account.html",
            site,
            page,
            "/admin/account",
            &site.base_url,
        )
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
        let context = Context {
            site,
            page,
            current_url,
            canonical_url,
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
        let site = specimen::site();
        let article = specimen::article();
        self.article_page(&site, &article)?;
        self.article_page(&site, &specimen::bare_article())?;
        for page in [1, 2] {
            self.home_page(&site, &specimen::home(page))?;
            for list in specimen::lists(page) {
                self.list_page(&site, &list)?;
            }
        }
        self.home_page(&site, &specimen::empty_home())?;
        self.not_found(&site)?;
        self.render("server_error.html", &site, (), "", &site.base_url)?;
        self.desk_sign_in(
            &site,
            &SignInPage {
                setup: true,
                error: Some("x".into()),
                email: "a@b.c".into(),
            },
        )?;
        self.desk_sign_in(&site, &SignInPage::default())?;
        let desk = DeskHome {
            user_name: "Ada".into(),
            user_email: "ada@example.com".into(),
            role: newsdesk_core::Role::Editor,
            csrf_token: "token".into(),
            stories: vec![DeskStory {
                id: 1,
                headline: article.headline.clone(),
                state: newsdesk_core::State::Published,
                section: article.section.name.clone(),
                authors: "Ada".into(),
                updated_at: article.first_published_at,
                public_url: Some(article.url.clone()),
            }],
            filter_state: "published".into(),
            filter_section: 1,
            filter_author: 0,
            query: "flood".into(),
            sections: site.sections.clone(),
            authors: vec![Choice {
                value: "1".into(),
                label: "Ada".into(),
                selected: true,
            }],
            paging: Paging {
                page: 2,
                prev_url: Some("/admin/".into()),
                next_url: Some("/admin/?page=3".into()),
            },
            message: Some("Moved to the trash.".into()),
        };
        self.desk_home(&site, &desk)?;
        self.desk_home(
            &site,
            &DeskHome {
                stories: Vec::new(),
                ..desk
            },
        )?;
        let editor = StoryEditor {
            id: Some(1),
            version: 2,
            csrf_token: "token".into(),
            headline: article.headline.clone(),
            standfirst: article.standfirst.clone(),
            body_markdown: "Body.".into(),
            slug: "a-story".into(),
            section_id: article.section.id,
            sections: site.sections.clone(),
            tags: vec![Choice {
                value: "1".into(),
                label: "Iraq".into(),
                selected: true,
            }],
            authors: vec![Choice {
                value: "1".into(),
                label: "Ada".into(),
                selected: false,
            }],
            flags: vec![Choice {
                value: "breaking".into(),
                label: "Breaking".into(),
                selected: false,
            }],
            state: newsdesk_core::State::Draft,
            public_url: None,
            actions: vec!["save".into(), "publish".into()],
            can_correct: true,
            preview_url: Some("http://x/preview/abc".into()),
            scheduled_for: "2026-11-25T18:30".into(),
            embargo_until: String::new(),
            seo_title: "SEO title".into(),
            seo_description: String::new(),
            lead_media_id: Some(7),
            lead_choices: vec![specimen::media_card()],
            can_upload: true,
            notes: vec![NoteLine {
                id: 1,
                who: "Ada".into(),
                at: article.first_published_at,
                paragraph: Some(2),
                body: "Check the figure.".into(),
            }],
            can_trash: true,
            message: Some("Saved.".into()),
            conflict: Some(ConflictView {
                version: 3,
                headline: "Theirs".into(),
                standfirst: String::new(),
                body_markdown: "Their body.".into(),
            }),
        };
        self.desk_story(&site, &editor)?;
        let history = RevisionsPage {
            id: 1,
            headline: "A story".into(),
            csrf_token: "token".into(),
            revisions: vec![RevisionLine {
                version: 1,
                saved_by: "Ada".into(),
                saved_at: article.first_published_at,
                headline: "A story".into(),
                current: false,
            }],
            compared: Some((1, 2)),
            fields: vec![FieldDiff {
                field: "Body".into(),
                changed: true,
                parts: vec![
                    DiffPart {
                        kind: "del",
                        text: "old".into(),
                    },
                    DiffPart {
                        kind: "ins",
                        text: "new".into(),
                    },
                ],
            }],
            can_restore: true,
        };
        self.desk_revisions(&site, &history)?;
        let line = AuditLine {
            at: article.first_published_at,
            who: "Ada".into(),
            action: "article.publish".into(),
            object: "article:1".into(),
            detail: String::new(),
        };
        self.desk_audit(&site, &[line])?;
        self.desk_audit(&site, &[])?;
        self.desk_story(
            &site,
            &StoryEditor {
                id: None,
                conflict: None,
                message: None,
                lead_media_id: None,
                lead_choices: Vec::new(),
                notes: Vec::new(),
                ..editor
            },
        )?;
        let library = MediaLibraryPage {
            csrf_token: "token".into(),
            query: "flood".into(),
            items: vec![specimen::media_card()],
            paging: Paging {
                page: 2,
                prev_url: Some("/admin/media".into()),
                next_url: Some("/admin/media?page=3".into()),
            },
            message: Some("Uploaded.".into()),
            max_upload_mb: 40,
        };
        self.desk_media(&site, &library)?;
        self.desk_media(
            &site,
            &MediaLibraryPage {
                items: Vec::new(),
                message: None,
                ..library
            },
        )?;
        let picture = article.lead.clone().unwrap_or_else(specimen::picture);
        let detail = MediaDetailPage {
            csrf_token: "token".into(),
            card: specimen::media_card(),
            copyright: "© Ada".into(),
            picture,
            files: vec![("640 × 427 WebP".into(), "/media/a-640.webp".into())],
            uses: vec![MediaUseLine {
                id: 1,
                headline: "A story".into(),
                state: newsdesk_core::State::Published,
                lead: true,
            }],
            can_edit: true,
            message: Some("Saved.".into()),
        };
        self.desk_media_item(&site, &detail)?;
        self.desk_media_item(
            &site,
            &MediaDetailPage {
                uses: Vec::new(),
                can_edit: false,
                message: None,
                ..detail
            },
        )?;
        let trash = TrashPage {
            csrf_token: "token".into(),
            stories: vec![TrashLine {
                id: 1,
                headline: "A story".into(),
                deleted_at: article.first_published_at,
                deleted_by: "Ada".into(),
                purge_at: article.first_published_at + 30 * 86_400,
            }],
            can_delete_forever: true,
            message: Some("Restored.".into()),
        };
        self.desk_trash(&site, &trash)?;
        self.desk_trash(
            &site,
            &TrashPage {
                stories: Vec::new(),
                can_delete_forever: false,
                message: None,
                ..trash
            },
        )?;
        let people = PeoplePage {
            csrf_token: "token".into(),
            people: vec![PersonLine {
                id: 1,
                email: "ada@example.com".into(),
                name: "Ada".into(),
                role: newsdesk_core::Role::Admin,
                disabled: false,
                author_id: Some(1),
                is_self: true,
            }],
            authors: vec![Choice {
                value: "1".into(),
                label: "Ada Lovelace".into(),
                selected: false,
            }],
            message: Some("Saved.".into()),
        };
        self.desk_people(&site, &people)?;
        let account = AccountPage {
            csrf_token: "token".into(),
            email: "ada@example.com".into(),
            name: "Ada".into(),
            role: newsdesk_core::Role::Editor,
            message: None,
        };
        self.desk_account(&site, &account)?;
        let hit = SearchHit {
            teaser: article
                .rail
                .first()
                .cloned()
                .unwrap_or_else(|| specimen::teaser(9, false)),
            snippet_html: "A <b>storm</b> passage.".into(),
        };
        let search = SearchPage {
            query: "storm".into(),
            sort: "relevance".into(),
            section: "news".into(),
            from: "2026-01-01".into(),
            to: String::new(),
            tag: "floods".into(),
            author: String::new(),
            filters: vec![SearchFilter {
                label: "Section: News".into(),
                remove_url: "/search?q=storm".into(),
            }],
            sections: site.sections.clone(),
            total: 41,
            hits: vec![hit],
            fuzzy: true,
            other_sort_url: "/search?q=storm&sort=date".into(),
            paging: Paging {
                page: 2,
                prev_url: Some("/search?q=storm".into()),
                next_url: Some("/search?q=storm&page=3".into()),
            },
            notice: Some("“x” is not a date.".into()),
        };
        self.search_page(&site, &search)?;
        self.search_page(
            &site,
            &SearchPage {
                query: String::new(),
                total: 0,
                hits: Vec::new(),
                filters: Vec::new(),
                notice: None,
                ..search
            },
        )?;
        Ok(())
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
mod specimen {
    use newsdesk_core::view::*;
    use newsdesk_core::{ArticleFlags, CacheKey};

    pub fn site() -> Site {
        Site {
            name: "Specimen".into(),
            tagline: "Specimen pages".into(),
            base_url: "https://example.com".into(),
            sections: vec![section()],
            time_zone: "UTC".into(),
        }
    }

    fn section() -> SectionLink {
        SectionLink {
            id: 1,
            slug: "news".into(),
            name: "News".into(),
            url: "/news/".into(),
        }
    }

    pub fn media_card() -> MediaCard {
        MediaCard {
            id: 7,
            thumb: "/media/a-320.jpg".into(),
            width: 320,
            height: 213,
            alt: "Alt".into(),
            caption: "Caption".into(),
            credit: "Credit".into(),
            original_name: "IMG_0001.jpg".into(),
            created_at: 1_700_000_000,
        }
    }

    pub fn picture() -> Picture {
        Picture {
            src: "/media/a-640.jpg".into(),
            srcset: "/media/a-320.jpg 320w, /media/a-640.jpg 640w".into(),
            webp_srcset: "/media/a-320.webp 320w, /media/a-640.webp 640w".into(),
            width: 640,
            height: 427,
            alt: "Alt".into(),
            caption: "Caption".into(),
            credit: "Credit".into(),
        }
    }

    fn all_flags() -> ArticleFlags {
        ArticleFlags {
            breaking: true,
            live: true,
            opinion: true,
            obituary: true,
        }
    }

    pub fn teaser(id: i64, picture: bool) -> Teaser {
        Teaser {
            id,
            url: format!("/news/story-{id}"),
            headline: "Headline".into(),
            standfirst: "Standfirst".into(),
            section: section(),
            picture: picture.then(self::picture),
            published_at: 1_700_000_000,
            flags: if picture {
                all_flags()
            } else {
                ArticleFlags::default()
            },
        }
    }

    pub fn article() -> ArticlePage {
        ArticlePage {
            id: 1,
            url: "/news/story-1".into(),
            headline: "Headline".into(),
            standfirst: "Standfirst".into(),
            section: section(),
            lead: Some(picture()),
            authors: vec![
                AuthorLink {
                    name: "A".into(),
                    url: "/author/a".into(),
                },
                AuthorLink {
                    name: "B".into(),
                    url: "/author/b".into(),
                },
                AuthorLink {
                    name: "C".into(),
                    url: "/author/c".into(),
                },
            ],
            first_published_at: 1_700_000_000,
            updated_at: Some(1_700_003_600),
            body_html: "<p>Body</p>".into(),
            corrections: vec![
                Correction {
                    published_at: 1_700_003_600,
                    kind: "correction".into(),
                    text: "Text".into(),
                },
                Correction {
                    published_at: 1_700_003_600,
                    kind: "update".into(),
                    text: "Text".into(),
                },
            ],
            tags: vec![TagLink {
                id: 1,
                name: "Tag".into(),
                url: "/tag/tag".into(),
            }],
            rail: vec![teaser(2, true), teaser(3, false)],
            related: vec![teaser(4, true)],
            flags: all_flags(),
            seo_title: Some("SEO title".into()),
            seo_description: Some("SEO description".into()),
            canonical_url: Some("https://example.com/news/story-1".into()),
        }
    }

    pub fn bare_article() -> ArticlePage {
        ArticlePage {
            lead: None,
            authors: Vec::new(),
            updated_at: None,
            corrections: Vec::new(),
            tags: Vec::new(),
            rail: Vec::new(),
            flags: ArticleFlags::default(),
            seo_title: None,
            seo_description: None,
            canonical_url: None,
            ..article()
        }
    }

    fn paging(page: u32) -> Paging {
        Paging {
            page,
            prev_url: (page > 1).then(|| format!("?page={}", page - 1)),
            next_url: Some(format!("?page={}", page + 1)),
        }
    }

    pub fn home(page: u32) -> HomePage {
        HomePage {
            lead: Some(teaser(1, true)),
            latest: vec![teaser(2, true), teaser(3, false)],
            blocks: vec![
                SectionBlock {
                    section: section(),
                    items: vec![teaser(4, true), teaser(5, false)],
                },
                SectionBlock {
                    section: section(),
                    items: Vec::new(),
                },
            ],
            paging: paging(page),
        }
    }

    pub fn empty_home() -> HomePage {
        HomePage {
            lead: None,
            latest: Vec::new(),
            blocks: Vec::new(),
            paging: Paging::default(),
        }
    }

    pub fn lists(page: u32) -> Vec<ListPage> {
        let owners = [
            ListOwner::Section {
                name: "News".into(),
                description: "Description".into(),
            },
            ListOwner::Tag {
                name: "Tag".into(),
                description: String::new(),
            },
            ListOwner::Author {
                name: "A".into(),
                bio: "Bio".into(),
                photo: Some(picture()),
            },
            ListOwner::Author {
                name: "B".into(),
                bio: String::new(),
                photo: None,
            },
        ];
        owners
            .into_iter()
            .enumerate()
            .map(|(i, owner)| ListPage {
                owner,
                list_key: CacheKey::Section(1),
                url: "/news/".into(),
                items: if i == 3 {
                    Vec::new()
                } else {
                    vec![teaser(1, true), teaser(2, false)]
                },
                paging: paging(page),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_core::view::*;
    use newsdesk_core::{ArticleFlags, CacheKey};

    const HOSTILE: &str = "\"><script>alert(1)</script>";

    fn at(rfc3339: &str) -> i64 {
        rfc3339.parse::<Timestamp>().expect("test time").as_second()
    }

    fn section(slug: &str, name: &str) -> SectionLink {
        SectionLink {
            id: slug.len() as i64,
            slug: slug.into(),
            name: name.into(),
            url: format!("/{slug}/"),
        }
    }

    fn site() -> Site {
        Site {
            name: "The Daily Ledger".into(),
            tagline: "Independent news since 1851".into(),
            base_url: "https://news.example.com".into(),
            sections: [
                ("news", "News"),
                ("world", "World"),
                ("business", "Business"),
                ("comment", "Comment"),
                ("culture", "Culture"),
                ("sport", "Sport"),
                ("obituaries", "Obituaries"),
            ]
            .into_iter()
            .map(|(slug, name)| section(slug, name))
            .collect(),
            time_zone: "Europe/London".into(),
        }
    }

    fn picture(name: &str, alt: &str, caption: &str, credit: &str) -> Picture {
        let srcset = [480, 960, 1440]
            .map(|w| format!("/media/{name}-{w}.jpg {w}w"))
            .join(", ");
        Picture {
            src: format!("/media/{name}-960.jpg"),
            webp_srcset: srcset.replace(".jpg", ".webp"),
            srcset,
            width: 1440,
            height: 960,
            alt: alt.into(),
            caption: caption.into(),
            credit: credit.into(),
        }
    }

    const STORIES: [(&str, &str, &str); 12] = [
        (
            "Flood barriers hold as river peaks a metre above record",
            "Engineers say the new defences spared about 4,000 homes, but warn that farmland downstream faces weeks under water.",
            "news",
        ),
        (
            "Rail operators agree to cap off-peak fares for two years",
            "The deal, brokered by the transport department, follows a summer of strikes and cancellations.",
            "news",
        ),
        (
            "Hospital waiting lists fall for the first time in five years",
            "Figures published on Thursday show a drop of 3% since spring, driven by weekend surgery.",
            "news",
        ),
        (
            "Council votes to pedestrianise historic market square",
            "Traders are split over a plan that will close the square to cars from next April.",
            "news",
        ),
        (
            "Coastguard rescues 14 after fishing boat runs aground",
            "All crew members were brought ashore safely after a four-hour operation in heavy seas.",
            "news",
        ),
        (
            "Central bank holds rates but signals a cut in the new year",
            "Policymakers voted seven to two to keep borrowing costs unchanged.",
            "business",
        ),
        (
            "Summit ends with a pledge on shipping emissions",
            "Delegates from 40 countries agreed a timetable, though campaigners called it too slow.",
            "world",
        ),
        (
            "The quiet return of the village bakery",
            "Across the country, small bakers are reopening shops that closed a generation ago.",
            "culture",
        ),
        (
            "Our towns need trains, not promises",
            "Another consultation will not get anyone to work on time.",
            "comment",
        ),
        (
            "Late winner sends United top of the table",
            "A header in the 94th minute settled a tense derby.",
            "sport",
        ),
        (
            "Margaret Okafor, pioneering surgeon, dies aged 91",
            "She performed the region’s first kidney transplant and trained a generation of doctors.",
            "obituaries",
        ),
        (
            "Exporters count the cost of the strong pound",
            "Manufacturers say orders from Europe have slowed since the summer.",
            "business",
        ),
    ];

    fn teaser(i: usize) -> Teaser {
        let (headline, standfirst, slug) = STORIES[i % STORIES.len()];
        let section = site()
            .sections
            .into_iter()
            .find(|s| s.slug == slug)
            .expect("section");
        Teaser {
            id: 100 + i as i64,
            url: format!("/{slug}/story-{i}"),
            headline: headline.into(),
            standfirst: standfirst.into(),
            section,
            picture: (i % 4 != 3)
                .then(|| picture(&format!("photo{}", i % 8), "A photograph", "", "")),
            published_at: at("2026-11-25T08:00:00Z") - 2400 * i as i64,
            flags: ArticleFlags {
                breaking: i == 0,
                opinion: slug == "comment",
                obituary: slug == "obituaries",
                ..ArticleFlags::default()
            },
        }
    }

    const BODY: &str = r#"<p>The river Severn peaked at 6.4 metres in the early hours of Wednesday, more than a metre above the level reached in 2000, yet the town centre stayed dry for the first time in a generation.</p>
<p>“We watched it come up the steps and stop,” said Alison Reed, who has run a café on the quay for 22 years. “Last time it was through the door by midnight.”</p>
<h2>Defences tested</h2>
<p>The demountable barriers, installed in 2019 at a cost of £38m, were raised on Monday after the <a href="https://example.org/warnings">Environment Agency issued severe warnings</a> for the upper valley.</p>
<aside class="pullquote"><p>We watched it come up the steps and stop. Last time it was through the door by midnight.</p><footer>Alison Reed, café owner</footer></aside>
<p>Engineers monitored the barriers through the night. By dawn, the only water in the old town was rain.</p>
<figure><img src="/media/photo5-960.jpg" srcset="/media/photo5-480.jpg 480w, /media/photo5-960.jpg 960w" sizes="(min-width: 64em) 38em, 100vw" width="1440" height="960" alt="Sandbags stacked against a shop door" loading="lazy"><figcaption><span class="caption">Shopkeepers on Mardol took no chances.</span> <span class="credit">Ledger staff</span></figcaption></figure>
<h3>Downstream, a different story</h3>
<p>Farmers below the town said the water had simply been pushed elsewhere. About 1,200 hectares of farmland were flooded.</p>
<blockquote><p>Protecting the town is right, but the water has to go somewhere, and this week it came to us.</p></blockquote>
<p>The agency said it would publish a review of the operation in the spring.</p>"#;

    /// A complete article: lead picture, two authors, tags, five rail teasers, a correction.
    fn full_article() -> ArticlePage {
        ArticlePage {
            id: 42,
            url: "/news/flood-barriers-hold".into(),
            headline: "Flood barriers hold as river peaks a metre above record".into(),
            standfirst: "Engineers say the new defences spared about 4,000 homes in Shrewsbury, but warn that farmland downstream faces weeks under water.".into(),
            section: section("news", "News"),
            lead: Some(picture(
                "photo0",
                "Floodwater laps against grey metal barriers along a riverside street",
                "The barriers on Frankwell quay, Shrewsbury, on Wednesday morning.",
                "Photograph: Jane Doe/Ledger",
            )),
            authors: vec![
                AuthorLink { name: "Jane Doe".into(), url: "/author/jane-doe".into() },
                AuthorLink { name: "Sam Okoro".into(), url: "/author/sam-okoro".into() },
            ],
            first_published_at: at("2026-11-25T09:14:00Z"),
            updated_at: Some(at("2026-11-25T11:02:00Z")),
            body_html: BODY.into(),
            corrections: vec![Correction {
                published_at: at("2026-11-25T13:30:00Z"),
                kind: "correction".into(),
                text: "An earlier version of this article gave the cost of the barriers as £83m. It was £38m.".into(),
            }],
            tags: vec![
                TagLink { id: 1, name: "Flooding".into(), url: "/tag/flooding".into() },
                TagLink { id: 2, name: "Shropshire".into(), url: "/tag/shropshire".into() },
                TagLink { id: 3, name: "Environment Agency".into(), url: "/tag/environment-agency".into() },
            ],
            rail: (1..6).map(teaser).collect(),
            related: Vec::new(),
            flags: ArticleFlags { breaking: true, ..ArticleFlags::default() },
            seo_title: None,
            seo_description: None,
            canonical_url: None,
        }
    }

    fn home(page: u32) -> HomePage {
        let site = site();
        let blocks = ["world", "business", "comment", "culture", "sport"]
            .into_iter()
            .map(|slug| SectionBlock {
                section: site
                    .sections
                    .iter()
                    .find(|s| s.slug == slug)
                    .cloned()
                    .expect("section"),
                items: (0..4).map(|i| teaser(i * 3 + slug.len())).collect(),
            })
            .collect();
        HomePage {
            lead: Some(teaser(0)),
            latest: (1..7).map(teaser).collect(),
            blocks,
            paging: Paging {
                page,
                prev_url: (page > 1).then(|| format!("/?page={}", page - 1)),
                next_url: Some(format!("/?page={}", page + 1)),
            },
        }
    }

    fn list(owner: ListOwner, items: usize) -> ListPage {
        ListPage {
            owner,
            list_key: CacheKey::Section(4),
            url: "/news/".into(),
            items: (0..items).map(teaser).collect(),
            paging: Paging {
                page: 1,
                prev_url: None,
                next_url: Some("/news/?page=2".into()),
            },
        }
    }

    fn news_front() -> ListPage {
        let description = "The latest news from across the country.".to_string();
        list(
            ListOwner::Section {
                name: "News".into(),
                description,
            },
            11,
        )
    }

    fn author_page() -> ListPage {
        let owner = ListOwner::Author {
            name: "Jane Doe".into(),
            bio: "Jane Doe is the Ledger’s environment correspondent. She has covered floods, droughts and the politics of water since 2012.".into(),
            photo: Some(picture("photo7", "Jane Doe", "", "")),
        };
        ListPage {
            url: "/author/jane-doe".into(),
            ..list(owner, 7)
        }
    }

    fn templates() -> Templates {
        Templates::new(None).expect("built-in templates")
    }

    /// Asserts that `parts` occur in `html` in this order, each after the previous one.
    fn assert_in_order(html: &str, parts: &[&str]) {
        let mut from = 0;
        for part in parts {
            match html[from..].find(part) {
                Some(at) => from += at + part.len(),
                None => panic!("{part:?} not found after byte {from} in:\n{html}"),
            }
        }
    }

    /// A fresh folder under the system temp dir for one test's theme.
    fn theme_dir(test: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("newsdesk-theme-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("templates")).expect("temp theme dir");
        dir
    }

    #[test]
    fn article_page_shows_its_parts_in_reading_order() {
        let html = templates()
            .article_page(&site(), &full_article())
            .expect("renders");
        assert_in_order(
            &html,
            &[
                "<main",
                "<article",
                r#"<a class="section-label" href="/news/">News</a>"#,
                r#"<span class="flag flag-breaking">Breaking</span>"#,
                "<h1",
                "Flood barriers hold as river peaks a metre above record</h1>",
                r#"<p class="standfirst">Engineers say"#,
                r#"<figure class="lead">"#,
                r#"<img src="/media/photo0-960.jpg" srcset="/media/photo0-480.jpg 480w, /media/photo0-960.jpg 960w, /media/photo0-1440.jpg 1440w" sizes=""#,
                r#"width="1440" height="960" alt="Floodwater laps against grey metal barriers along a riverside street" fetchpriority="high">"#,
                "<figcaption>",
                r#"<span class="caption">The barriers on Frankwell quay, Shrewsbury, on Wednesday morning.</span>"#,
                r#"<span class="credit">Photograph: Jane Doe/Ledger</span>"#,
                "</figure>",
                r#"<p class="byline">By <a href="/author/jane-doe" rel="author">Jane Doe</a> and <a href="/author/sam-okoro" rel="author">Sam Okoro</a></p>"#,
                r#"<time class="published" datetime="2026-11-25T09:14:00Z">25 November 2026, 09:14</time>"#,
                r#"<time class="updated" datetime="2026-11-25T11:02:00Z">25 November 2026, 11:02</time>"#,
                r#"<div class="body"><p>The river Severn"#,
                "<h2>Defences tested</h2>",
                r#"<aside class="pullquote">"#,
                "would publish a review of the operation in the spring.</p></div>",
                r#"<section class="corrections""#,
                r#"<time datetime="2026-11-25T13:30:00Z">25 November 2026, 13:30</time>"#,
                "gave the cost of the barriers as £83m",
                r#"<ul class="tags">"#,
                r#"<a href="/tag/flooding" rel="tag">Flooding</a>"#,
                r#"<a href="/tag/environment-agency" rel="tag">Environment Agency</a>"#,
                "</article>",
                r#"<aside class="rail""#,
                r#"<h2 id="rail-heading"><a href="/news/">News</a></h2>"#,
                r#"<a href="/news/story-1">Rail operators agree"#,
                "The deal, brokered by the transport department",
                r#"<a href="/news/story-2">Hospital waiting lists"#,
                r#"<a href="/news/story-3">Council votes"#,
                r#"<a href="/news/story-4">Coastguard rescues"#,
                r#"<a href="/business/story-5">Central bank"#,
                "</aside>",
                "</main>",
            ],
        );
        // The lead is fetched first; the rail's one picture waits.
        let lead =
            &html[html.find(r#"<figure class="lead">"#).unwrap()..html.find("</figure>").unwrap()];
        assert!(
            !lead.contains("loading="),
            "lead image must not be lazy: {lead}"
        );
        let rail = &html[html.find(r#"<aside class="rail""#).unwrap()..];
        assert_eq!(rail.matches("<img").count(), 1);
        assert!(rail.contains(r#"loading="lazy" decoding="async""#));
        assert_eq!(rail.matches("<time datetime=").count(), 5);
    }

    #[test]
    fn article_head_has_title_description_canonical_and_stylesheet() {
        let templates = templates();
        let html = templates
            .article_page(&site(), &full_article())
            .expect("renders");
        let (_, version) = templates.stylesheet();
        assert_in_order(
            &html,
            &[
                "<!doctype html>",
                r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
                r#"<meta name="color-scheme" content="light dark">"#,
                "<title>Flood barriers hold as river peaks a metre above record — The Daily Ledger</title>",
                r#"<meta name="description" content="Engineers say the new defences"#,
                r#"<link rel="canonical" href="https://news.example.com/news/flood-barriers-hold">"#,
                &format!(r#"<link rel="stylesheet" href="/static/site.css?v={version}">"#),
                r#"<meta property="og:image" content="https://news.example.com/media/photo0-960.jpg">"#,
                r#"<script type="application/ld+json">"#,
                r#""@type":"NewsArticle""#,
                r#""datePublished":"2026-11-25T09:14:00Z","dateModified":"2026-11-25T11:02:00Z""#,
                r#"{"@type":"Person","name":"Jane Doe","url":"https://news.example.com/author/jane-doe"}"#,
                "</head>",
                r##"<a class="skip-link" href="#main">"##,
                r#"<a class="brand" href="/">The Daily Ledger</a>"#,
                r#"<form class="search" role="search" action="/search" method="get">"#,
                r#"name="q""#,
                r#"<a href="/news/" aria-current="page">News</a>"#,
                r#"<a href="/world/">World</a>"#,
                r#"<main id="main""#,
                "</main>",
                "<footer",
            ],
        );
        assert_eq!(html.matches("aria-current").count(), 1);

        let custom = ArticlePage {
            seo_title: Some("Severn flood barriers hold".into()),
            seo_description: Some("Town centre dry despite record river level.".into()),
            canonical_url: Some("https://elsewhere.example.org/story".into()),
            ..full_article()
        };
        let html = templates.article_page(&site(), &custom).expect("renders");
        assert!(html.contains("<title>Severn flood barriers hold — The Daily Ledger</title>"));
        assert!(html.contains(
            r#"<meta name="description" content="Town centre dry despite record river level.">"#
        ));
        assert!(
            html.contains(r#"<link rel="canonical" href="https://elsewhere.example.org/story">"#)
        );
    }

    #[test]
    fn article_without_optional_parts_leaves_no_empty_elements() {
        let bare = ArticlePage {
            lead: None,
            updated_at: None,
            corrections: Vec::new(),
            tags: Vec::new(),
            rail: Vec::new(),
            ..full_article()
        };
        let html = templates().article_page(&site(), &bare).expect("renders");
        assert!(!html.contains("<figure class=\"lead\""));
        assert!(!html.contains("fetchpriority"));
        assert!(!html.contains("og:image"));
        assert!(!html.contains(r#"class="updated""#));
        assert!(!html.contains("corrections"));
        assert!(!html.contains(r#"class="tags""#));
        assert!(!html.contains(r#"class="rail""#));
        assert!(html.contains(r#"<time class="published""#));

        let mut uncaptioned = full_article();
        if let Some(lead) = uncaptioned.lead.as_mut() {
            lead.caption.clear();
            lead.credit.clear();
        }
        let html = templates()
            .article_page(&site(), &uncaptioned)
            .expect("renders");
        let lead = &html[html.find(r#"<figure class="lead">"#).expect("lead")..];
        let lead = &lead[..lead.find("</figure>").expect("end of lead")];
        assert!(!lead.contains("figcaption"), "no empty caption: {lead}");
    }

    #[test]
    fn bylines_join_three_authors_with_commas_and_and() {
        let mut page = full_article();
        page.authors.push(AuthorLink {
            name: "Ada Li".into(),
            url: "/author/ada-li".into(),
        });
        let html = templates().article_page(&site(), &page).expect("renders");
        assert!(html.contains(
            r#"By <a href="/author/jane-doe" rel="author">Jane Doe</a>, <a href="/author/sam-okoro" rel="author">Sam Okoro</a> and <a href="/author/ada-li" rel="author">Ada Li</a></p>"#
        ));
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let mut site = site();
        site.name = format!("Site{HOSTILE}");
        site.sections[0].name = format!("Nav{HOSTILE}");
        let mut page = full_article();
        page.headline = format!("Headline{HOSTILE}");
        page.standfirst = format!("Standfirst{HOSTILE}");
        page.section.name = format!("Section{HOSTILE}");
        if let Some(lead) = page.lead.as_mut() {
            lead.caption = format!("Caption{HOSTILE}");
            lead.credit = format!("Credit{HOSTILE}");
            lead.alt = format!("Alt{HOSTILE}");
        }
        page.authors[0].name = format!("Author{HOSTILE}");
        page.tags[0].name = format!("Tag{HOSTILE}");
        page.corrections[0].text = format!("Correction{HOSTILE}");
        page.rail[0].headline = format!("Rail{HOSTILE}");
        page.rail[0].standfirst = format!("RailStandfirst{HOSTILE}");

        let html = templates().article_page(&site, &page).expect("renders");
        assert!(
            !html.contains("<script>alert"),
            "unescaped script in:\n{html}"
        );
        assert!(
            !html.contains("\"><script"),
            "attribute broken out of in:\n{html}"
        );
        for field in [
            "Site",
            "Nav",
            "Headline",
            "Standfirst",
            "Section",
            "Caption",
            "Credit",
            "Alt",
            "Author",
            "Tag",
            "Correction",
            "Rail",
            "RailStandfirst",
        ] {
            let escaped = format!("{field}&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
            assert!(html.contains(&escaped), "{field} not escaped as {escaped}");
        }
        // In JSON-LD the same text is JSON, with the markup characters escaped.
        assert!(html.contains(
            r#""headline":"Headline\"\u003e\u003cscript\u003ealert(1)\u003c/script\u003e""#
        ));
        // The sanitized body is the one thing passed through as HTML.
        assert!(html.contains(r#"<aside class="pullquote"><p>We watched"#));

        let mut list = news_front();
        list.owner = ListOwner::Tag {
            name: format!("Topic{HOSTILE}"),
            description: format!("About{HOSTILE}"),
        };
        let html = templates().list_page(&site, &list).expect("renders");
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("<h1>Topic&quot;&gt;&lt;script&gt;"));

        let html = templates().server_error(&site);
        assert!(!html.contains("<script>alert"));
    }

    #[test]
    fn times_show_in_the_site_time_zone_and_fall_back_to_utc() {
        let templates = templates();
        let mut tokyo = site();
        tokyo.time_zone = "Asia/Tokyo".into();
        let html = templates
            .article_page(&tokyo, &full_article())
            .expect("renders");
        assert!(html.contains(r#"<time class="published" datetime="2026-11-25T09:14:00Z">25 November 2026, 18:14</time>"#));
        // Teasers are rendered by a macro; they must see the site's zone too.
        assert!(
            html.contains(
                r#"<time datetime="2026-11-25T07:20:00Z">25 November 2026, 16:20</time>"#
            )
        );

        let mut nowhere = site();
        nowhere.time_zone = "Mars/Olympus_Mons".into();
        let html = templates
            .article_page(&nowhere, &full_article())
            .expect("renders");
        assert!(html.contains(">25 November 2026, 09:14</time>"));

        let env = &templates.env;
        let date = env.render_str(
            "{{ t|date }}",
            minijinja::context! { t => at("2026-03-01T23:30:00Z") },
        );
        assert_eq!(date.expect("renders"), "1 March 2026");
        let iso = env.render_str("{{ t|iso }}", minijinja::context! { t => 0 });
        assert_eq!(iso.expect("renders"), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn home_page_one_has_lead_latest_and_section_blocks() {
        let html = templates().home_page(&site(), &home(1)).expect("renders");
        assert_in_order(
            &html,
            &[
                r#"<link rel="next" href="/?page=2">"#,
                "<main",
                r#"<article class="teaser teaser-lead">"#,
                r#"fetchpriority="high""#,
                r#"<h2 class="teaser-headline"><a href="/news/story-0">Flood barriers hold"#,
                "Latest",
                r#"<a href="/news/story-1">"#,
                r#"<a href="/news/story-6">"#.replace("news", "world").as_str(),
                r#"<section class="block""#,
                r#"<h2 class="block-title" id="block-world"><a href="/world/">World</a></h2>"#,
                r#"<h2 class="block-title" id="block-sport"><a href="/sport/">Sport</a></h2>"#,
                r#"<nav class="pager""#,
                r#"<a rel="next" href="/?page=2">"#,
                "</main>",
            ],
        );
        assert!(!html.contains(r#"rel="prev""#));
        assert_eq!(html.matches("fetchpriority").count(), 1);
        assert!(html.contains(r#"<link rel="canonical" href="https://news.example.com/">"#));
    }

    #[test]
    fn later_home_pages_are_a_plain_list_with_prev_and_next() {
        let html = templates().home_page(&site(), &home(3)).expect("renders");
        assert_in_order(
            &html,
            &[
                r#"<link rel="canonical" href="https://news.example.com/?page=3">"#,
                r#"<link rel="prev" href="/?page=2">"#,
                r#"<link rel="next" href="/?page=4">"#,
                r#"<ol class="stream">"#,
                r#"<a href="/news/story-1">"#,
                "</ol>",
                r#"<a rel="prev" href="/?page=2">"#,
                r#"<a rel="next" href="/?page=4">"#,
            ],
        );
        assert!(!html.contains("teaser-lead"), "the lead is only on page 1");
        assert!(
            !html.contains(r#"class="block""#),
            "section blocks are only on page 1"
        );
        assert!(!html.contains("fetchpriority"));
    }

    #[test]
    fn empty_home_says_so() {
        let empty = HomePage {
            lead: None,
            latest: Vec::new(),
            blocks: Vec::new(),
            paging: Paging::default(),
        };
        let html = templates().home_page(&site(), &empty).expect("renders");
        assert!(html.contains("Nothing has been published yet."));
        assert!(!html.contains("<article"));
    }

    #[test]
    fn section_front_lists_teasers_with_the_first_two_eager() {
        let html = templates()
            .list_page(&site(), &news_front())
            .expect("renders");
        assert_in_order(
            &html,
            &[
                "<title>News — The Daily Ledger</title>",
                r#"<meta name="description" content="The latest news from across the country.">"#,
                r#"<link rel="canonical" href="https://news.example.com/news/">"#,
                r#"<link rel="next" href="/news/?page=2">"#,
                r#"<a href="/news/" aria-current="page">News</a>"#,
                "<h1>News</h1>",
                "The latest news from across the country.",
                r#"<article class="teaser">"#,
                r#"<h2 class="teaser-headline"><a href="/news/story-0">"#,
                r#"<p class="teaser-standfirst">Engineers say"#,
                r#"<time datetime="2026-11-25T08:00:00Z">"#,
                r#"<a rel="next" href="/news/?page=2">"#,
            ],
        );
        let images: Vec<&str> = html.split("<img").skip(1).collect();
        assert_eq!(
            images.len(),
            9,
            "every teaser but the 4th and 8th has a picture"
        );
        assert!(!images[0].split('>').next().unwrap().contains("loading="));
        assert!(!images[1].split('>').next().unwrap().contains("loading="));
        for image in &images[2..] {
            assert!(
                image
                    .split('>')
                    .next()
                    .unwrap()
                    .contains(r#"loading="lazy" decoding="async""#)
            );
        }
    }

    #[test]
    fn author_page_shows_bio_and_photo() {
        let html = templates()
            .list_page(&site(), &author_page())
            .expect("renders");
        assert_in_order(
            &html,
            &[
                "<title>Jane Doe — The Daily Ledger</title>",
                r#"<img class="author-photo" src="/media/photo7-960.jpg""#,
                r#"alt="Jane Doe""#,
                "<h1>Jane Doe</h1>",
                "Jane Doe is the Ledger’s environment correspondent.",
                r#"<article class="teaser">"#,
            ],
        );
        // On an author's page, teasers say which section each story is in.
        assert!(html.contains(r#"<a class="section-label" href="/news/">News</a>"#));
    }

    #[test]
    fn empty_list_says_so() {
        let page = list(
            ListOwner::Tag {
                name: "Beekeeping".into(),
                description: String::new(),
            },
            0,
        );
        let page = ListPage {
            paging: Paging {
                page: 1,
                prev_url: None,
                next_url: None,
            },
            ..page
        };
        let html = templates().list_page(&site(), &page).expect("renders");
        assert!(html.contains("<h1>Beekeeping</h1>"));
        assert!(html.contains("There are no stories here yet."));
        assert!(!html.contains("<article"));
        assert!(!html.contains("pager"));
    }

    #[test]
    fn not_found_looks_like_the_site_and_offers_search_and_home() {
        let html = templates().not_found(&site()).expect("renders");
        assert_in_order(
            &html,
            &[
                "<title>Page not found — The Daily Ledger</title>",
                r#"<meta name="robots" content="noindex">"#,
                r#"<a class="brand" href="/">The Daily Ledger</a>"#,
                r#"<a href="/world/">World</a>"#,
                "<main",
                "<h1>Page not found</h1>",
                r#"action="/search""#,
                r#"name="q""#,
                r#"<a class="button-link" href="/">"#,
                "</main>",
                "<footer",
            ],
        );
    }

    #[test]
    fn server_error_looks_like_the_site() {
        let html = templates().server_error(&site());
        assert!(html.contains(r#"<a class="brand" href="/">The Daily Ledger</a>"#));
        assert!(html.contains("<h1>Something went wrong</h1>"));
        assert!(html.contains("<footer"));
    }

    #[test]
    fn server_error_falls_back_when_its_template_fails() {
        let mut templates = templates();
        templates
            .env
            .add_template_owned(
                "server_error.html",
                r#"{% include "secret-missing-partial.html" %}"#,
            )
            .expect("parses");
        let html = templates.server_error(&site());
        assert_eq!(html, FALLBACK_SERVER_ERROR);
        assert!(!html.contains("secret-missing-partial"));
        assert!(!html.contains("The Daily Ledger"));
    }

    #[test]
    fn theme_override_replaces_a_built_in_template_and_the_stylesheet() {
        let dir = theme_dir("override");
        std::fs::write(
            dir.join("templates/not_found.html"),
            r#"{% extends "base.html" %}{% block content %}<p class="custom">{% include "note.html" %}</p>{% endblock %}"#,
        )
        .expect("write");
        std::fs::write(dir.join("templates/note.html"), "Lost at {{ site.name }}").expect("write");
        std::fs::create_dir_all(dir.join("static")).expect("mkdir");
        std::fs::write(dir.join("static/site.css"), "body { color: teal }").expect("write");

        let themed = Templates::new(Some(&dir)).expect("theme loads");
        let html = themed.not_found(&site()).expect("renders");
        assert!(html.contains(r#"<p class="custom">Lost at The Daily Ledger</p>"#));
        assert!(!html.contains("Page not found</h1>"));
        // Templates it does not override stay built-in.
        assert!(
            themed
                .article_page(&site(), &full_article())
                .expect("renders")
                .contains("<h1")
        );

        let (css, version) = themed.stylesheet();
        assert_eq!(css, b"body { color: teal }");
        let built_in = templates();
        assert_ne!(version, built_in.stylesheet().1);
        assert!(html.contains(&format!("/static/site.css?v={version}")));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn broken_override_fails_at_start_up_naming_file_and_line() {
        let dir = theme_dir("broken");
        let file = dir.join("templates/article.html");
        std::fs::write(
            &file,
            "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.headline }</h1>\n",
        )
        .expect("write");
        let err = Templates::new(Some(&dir))
            .err()
            .expect("a syntax error is an error");
        let message = err.to_string();
        assert!(message.contains(&file.display().to_string()), "{message}");
        assert!(message.contains("line 3"), "{message}");
        assert!(
            matches!(err, RenderError::Syntax { line: 3, .. }),
            "{err:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn override_using_a_missing_filter_or_template_fails_at_start_up() {
        let dir = theme_dir("unrenderable");
        let file = dir.join("templates/list.html");
        std::fs::write(
            &file,
            "{% extends \"base.html\" %}{% block content %}{{ page.url|shout }}{% endblock %}",
        )
        .expect("write");
        let message = Templates::new(Some(&dir)).err().expect("fails").to_string();
        assert!(message.contains(&file.display().to_string()), "{message}");
        assert!(message.contains("shout"), "{message}");

        std::fs::write(&file, "{% extends \"layout.html\" %}").expect("write");
        let message = Templates::new(Some(&dir)).err().expect("fails").to_string();
        assert!(message.contains("layout.html"), "{message}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn missing_theme_folder_is_an_error() {
        let dir = std::env::temp_dir().join("newsdesk-theme-that-does-not-exist");
        let err = Templates::new(Some(&dir)).err().expect("fails");
        assert!(
            err.to_string()
                .contains("newsdesk-theme-that-does-not-exist"),
            "{err}"
        );
    }

    #[test]
    fn stylesheet_is_the_built_in_one_with_a_stable_short_version() {
        let templates = templates();
        let (css, version) = templates.stylesheet();
        assert_eq!(css, BUILT_IN_CSS);
        assert_eq!(version, super::content_hash(BUILT_IN_CSS));
        assert_eq!(version.len(), 10);
        assert!(version.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(
            css.len() < 18 * 1024, // the site plus the desk's few rules
            "the stylesheet should stay small: {} bytes",
            css.len()
        );
        let css = std::str::from_utf8(css).expect("utf-8");
        for needle in [
            "prefers-color-scheme: dark",
            "prefers-reduced-motion",
            ":focus-visible",
        ] {
            assert!(css.contains(needle), "stylesheet lacks {needle}");
        }
    }

    #[test]
    fn templates_can_be_shared_between_request_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Templates>();
    }

    #[test]
    fn a_time_out_of_range_is_a_render_error_not_a_panic() {
        let page = ArticlePage {
            first_published_at: i64::MAX,
            ..full_article()
        };
        let err = templates()
            .article_page(&site(), &page)
            .expect_err("no such time");
        assert!(matches!(err, RenderError::Render { .. }), "{err:?}");
        assert!(err.to_string().contains("not a time"), "{err}");
    }

    /// Renders the sample pages into a folder for looking at in a browser:
    /// `cargo test -p newsdesk-render write_preview -- --ignored`, then open
    /// `$NEWSDESK_THEME_PREVIEW` (default /tmp/theme-preview). Pictures are expected in its
    /// `media/` folder.
    #[test]
    #[ignore]
    fn write_preview() {
        let dir = PathBuf::from(
            std::env::var("NEWSDESK_THEME_PREVIEW").unwrap_or_else(|_| "/tmp/theme-preview".into()),
        );
        std::fs::create_dir_all(&dir).expect("preview dir");
        let templates = templates();
        let (css, version) = templates.stylesheet();
        std::fs::write(dir.join("site.css"), css).expect("write css");
        let local = |html: String| {
            html.replace(&format!("/static/site.css?v={version}"), "site.css")
                .replace("\"/media/", "\"media/")
                .replace(", /media/", ", media/")
        };
        let site = site();
        let tag = list(
            ListOwner::Tag {
                name: "Flooding".into(),
                description: "Floods, flood defences and the people who live with them.".into(),
            },
            0,
        );
        let pages = [
            (
                "article.html",
                templates.article_page(&site, &full_article()),
            ),
            ("home.html", templates.home_page(&site, &home(1))),
            ("home-2.html", templates.home_page(&site, &home(2))),
            ("section.html", templates.list_page(&site, &news_front())),
            ("author.html", templates.list_page(&site, &author_page())),
            ("tag-empty.html", templates.list_page(&site, &tag)),
            ("not-found.html", templates.not_found(&site)),
            ("server-error.html", Ok(templates.server_error(&site))),
        ];
        for (name, html) in pages {
            std::fs::write(dir.join(name), local(html.expect("renders"))).expect("write page");
        }
    }

    /// Not a benchmark: a guard that a page render stays far from a millisecond.
    /// `cargo test -p newsdesk-render render_speed -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn render_speed() {
        let templates = templates();
        let (site, page) = (site(), full_article());
        let runs = 2000;
        let start = std::time::Instant::now();
        for _ in 0..runs {
            std::hint::black_box(templates.article_page(&site, &page).expect("renders"));
        }
        println!("article page: {:?} per render", start.elapsed() / runs);
        let home = home(1);
        let start = std::time::Instant::now();
        for _ in 0..runs {
            std::hint::black_box(templates.home_page(&site, &home).expect("renders"));
        }
        println!("home page: {:?} per render", start.elapsed() / runs);
    }
}
