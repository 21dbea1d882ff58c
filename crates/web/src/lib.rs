//! The HTTP face of Newsdesk: the public site, the editors' desk and the operations
//! endpoints, and the read-only Content API (`api/`). Handlers are thin: parse the request, ask the store for one view struct,
//! render it, serve it through the page cache.
//!
//! Nothing here may answer a client with an internal cause: errors are logged with their
//! detail and the client gets a page or message it can act on.

mod api;
/// The Content API's `filter=` parser, public for the fuzz targets (`fuzz/`).
#[doc(hidden)]
pub use api::nql;
mod cache;
pub mod csp;
mod desk;
mod editor;
mod error;
mod feeds;
mod follow;
mod gate;
mod history;
mod jobs;
mod library;
pub mod metrics;
mod ops;
pub mod outbound;
mod people;
mod picker;
mod presence;
mod purge;
mod rejections;
mod related;
pub mod route;
mod search;
mod settings;
mod site;
mod sitemaps;
mod standalone;
mod structure;
mod tokens;
mod trash;
mod upload;
mod webhooks;

pub use cache::{CachedPage, PageCache};
pub use error::WebError;
pub use ops::AddressRange;
pub use purge::PurgeSettings;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::HeaderValue;
use axum::routing::{get, post};
use metrics::Metrics;
use newsdesk_core::view::Site;
use newsdesk_media::Storage;
use newsdesk_render::Templates;
use newsdesk_store::Store;
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The settings the web layer needs, filled from the binary's `Config`.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The name, tagline and time zone a newsroom starts with, until it saves its own
    /// in the desk's settings (they then live in the database).
    pub site_name: String,
    pub site_tagline: String,
    /// Absolute, without a trailing slash.
    pub base_url: String,
    pub time_zone: String,
    pub page_size: u32,
    pub rail_size: u32,
    /// Stories listed beside the lead on the home page.
    pub home_latest_size: u32,
    /// Stories in each section's block on the home page.
    pub home_block_size: u32,
    pub cache_enabled: bool,
    pub cache_max_bytes: u64,
    /// `max-age` browsers may keep a page.
    pub browser_max_age: u32,
    /// `s-maxage` for a shared HTTP cache (purged by surrogate keys on change).
    pub shared_max_age: u32,
    pub change_poll_interval: Duration,
    /// The largest picture file accepted, and the most pixels (checked before decoding).
    pub upload_max_bytes: usize,
    pub upload_max_pixels: u64,
    /// Take the client's address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// Client addresses that may read `/metrics`; anyone else is refused.
    pub metrics_allow: Vec<AddressRange>,
    /// A bearer token that opens `/metrics` from any address; `None` for none.
    pub metrics_token: Option<String>,
    /// Feeds carry each story's whole body; otherwise only its standfirst.
    pub feed_full_content: bool,
    /// Folder of this node's search index; `None` keeps it in memory (tests).
    pub search_dir: Option<std::path::PathBuf>,
    /// Show related stories beside each article (stored per story; see `related`).
    pub related_stories: bool,
    /// Searches run at once; 0 for one fewer than the machine's cores (at least one).
    pub search_at_once: usize,
    /// The HTTP cache in front to purge on change; its `url` empty for none.
    pub purge: PurgeSettings,
    /// Addresses off the public internet that purges and webhooks may still reach (a
    /// Varnish on this machine, an intranet endpoint); everything else private is refused.
    pub outbound_allow: Vec<AddressRange>,
    /// The Content API's key: `None` leaves the API public (any `key` is accepted);
    /// set, every API request must carry `?key=` equal to it.
    pub content_api_key: Option<String>,
    /// Origins whose pages may read the API from a browser (`*` for any); empty for none.
    pub api_cors_origins: Vec<String>,
    /// Admin API requests a token may make per minute on one node; 0 for no limit.
    pub api_rate_limit: u32,
    /// Where readers' browsers fetch media files from instead of this node: a public
    /// bucket or a CDN in front of it (absolute, without a trailing slash). `/media/KEY`
    /// then answers a redirect to `MEDIA_PUBLIC_URL/KEY`; `None` streams the file.
    pub media_public_url: Option<String>,
    /// The `Content-Security-Policy` sent with every answer (`csp::DEFAULT_POLICY` unless
    /// the site's theme needs more); empty sends none.
    pub content_security_policy: String,
    /// How long "Aisha is editing this story" lasts after her editor's last heartbeat
    /// (`newsdesk_newsroom::LEASE_SECONDS`; tests shorten it).
    pub edit_lease_seconds: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            site_name: "Newsdesk".into(),
            site_tagline: String::new(),
            base_url: "http://127.0.0.1:8080".into(),
            time_zone: "UTC".into(),
            page_size: 20,
            rail_size: 5,
            home_latest_size: 8,
            home_block_size: 4,
            cache_enabled: true,
            cache_max_bytes: 64 * 1024 * 1024,
            browser_max_age: 60,
            shared_max_age: 86_400,
            change_poll_interval: Duration::from_millis(100),
            upload_max_bytes: 40 * 1024 * 1024,
            upload_max_pixels: 60_000_000,
            trust_proxy: false,
            metrics_allow: AddressRange::loopback(),
            metrics_token: None,
            feed_full_content: true,
            search_dir: None,
            related_stories: true,
            search_at_once: 0,
            purge: PurgeSettings::default(),
            outbound_allow: Vec::new(),
            content_api_key: None,
            api_cors_origins: Vec::new(),
            api_rate_limit: 600,
            media_public_url: None,
            content_security_policy: csp::DEFAULT_POLICY.into(),
            edit_lease_seconds: newsdesk_newsroom::LEASE_SECONDS,
        }
    }
}

/// Everything a request handler can reach; cheap to clone.
#[derive(Clone)]
pub struct App(Arc<AppInner>);

pub struct AppInner {
    pub store: Store,
    pub templates: Templates,
    pub media: Storage,
    pub settings: Settings,
    pub cache: PageCache,
    pub metrics: Arc<Metrics>,
    site: RwLock<Arc<Site>>,
    /// `Cache-Control` of every page, made once from the settings.
    page_cache_control: HeaderValue,
    /// The `Content-Security-Policy` of every answer, made once from the settings.
    content_security_policy: Option<HeaderValue>,
    /// The last change-log row this node has applied to its caches.
    position: AtomicI64,
    /// The newsroom's operations, shared by the desk and the Admin API.
    pub newsroom: newsdesk_newsroom::Newsroom,
    /// This node's search index, fed from the change log.
    pub search: Arc<newsdesk_search::SearchIndex>,
    /// Held while the search index is written: catching up and rebuilding never overlap.
    search_sync: tokio::sync::Mutex<()>,
    /// Turns to run a search: a burst of searches cannot take every core from the pages.
    search_turns: tokio::sync::Semaphore,
    /// Related-story lists worked out by renders, waiting to be stored.
    related_waiting: related::WaitingLists,
    /// Sends purges to the HTTP cache in front, when one is configured.
    purger: Option<purge::Purger>,
    /// Each API token's requests in the last minute.
    api_limits: api::admin::RateLimits,
    /// The one client for requests this node sends (purges, webhooks).
    outbound: outbound::Outbound,
    /// This process's name in claims it holds in the database (webhook deliveries).
    node: String,
    /// The round of webhook deliveries under way, if any (see `run_scheduler_until`).
    delivering: tokio::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl std::ops::Deref for App {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

impl App {
    /// Builds the app and reads what every page needs (the navigation). Follows the change
    /// log from its current end: this node's caches start empty.
    pub async fn new(
        store: Store,
        templates: Templates,
        media: Storage,
        settings: Settings,
    ) -> Result<App, WebError> {
        let position = store.last_change_id().await?;
        let search = Arc::new(match &settings.search_dir {
            Some(dir) => newsdesk_search::SearchIndex::open(dir)?,
            None => newsdesk_search::SearchIndex::in_memory()?,
        });
        let site = Arc::new(load_site(&store, &settings).await?);
        let outbound = outbound::Outbound::new(settings.outbound_allow.clone());
        let page_cache_control = HeaderValue::from_str(&format!(
            "public, max-age={}, s-maxage={}, stale-while-revalidate=30",
            settings.browser_max_age, settings.shared_max_age
        ))
        .unwrap_or(HeaderValue::from_static("public, max-age=60"));
        let content_security_policy = csp::header_of(&settings.content_security_policy)
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "content_security_policy: the built-in policy is sent instead");
                Some(HeaderValue::from_static(csp::DEFAULT_POLICY))
            });
        let app = App(Arc::new(AppInner {
            page_cache_control,
            content_security_policy,
            cache: PageCache::new(settings.cache_max_bytes),
            metrics: Arc::new(Metrics::new()),
            site: RwLock::new(site),
            position: AtomicI64::new(position),
            search,
            search_sync: tokio::sync::Mutex::new(()),
            search_turns: tokio::sync::Semaphore::new(search::turns(settings.search_at_once)),
            related_waiting: Default::default(),
            purger: purge::Purger::new(
                settings.purge.clone(),
                outbound.clone(),
                settings.change_poll_interval,
            ),
            outbound,
            node: newsdesk_auth::random_token()[..16].to_owned(),
            delivering: tokio::sync::Mutex::new(None),
            api_limits: api::admin::RateLimits::default(),
            newsroom: newsdesk_newsroom::Newsroom::new(
                store.clone(),
                media.clone(),
                newsdesk_media::Limits {
                    max_bytes: settings.upload_max_bytes,
                    max_pixels: settings.upload_max_pixels,
                },
            )
            .with_lease_seconds(settings.edit_lease_seconds),
            store,
            templates,
            media,
            settings,
        }));
        app.metrics.change_log_position.set(position);
        Ok(app)
    }

    pub fn site(&self) -> Arc<Site> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The whole site. A cached page is answered before routing (`site::from_cache`);
    /// everything else goes through the routes below.
    pub fn router(&self) -> Router {
        // Forms that may carry a picture: the largest picture, plus room for the story.
        let upload_limit = DefaultBodyLimit::max(self.settings.upload_max_bytes + 8 * 1024 * 1024);
        let routes = Router::new()
            .route(route::checked(route::HOME), get(site::home))
            .route(route::checked(route::SEARCH), get(search::search_page))
            .route(route::checked(route::ROBOTS), get(site::robots))
            .route(route::checked(route::FEED_RSS), get(feeds::home))
            .route(route::checked(route::FEED_ATOM), get(feeds::home))
            .route(route::checked(route::FEED_JSON), get(feeds::home))
            .route(route::checked(route::SECTION_FEED_RSS), get(feeds::section))
            .route(
                route::checked(route::SECTION_FEED_ATOM),
                get(feeds::section),
            )
            .route(
                route::checked(route::SECTION_FEED_JSON),
                get(feeds::section),
            )
            .route(route::checked(route::TAG_FEED_RSS), get(feeds::tag))
            .route(route::checked(route::TAG_FEED_ATOM), get(feeds::tag))
            .route(route::checked(route::TAG_FEED_JSON), get(feeds::tag))
            .route(route::checked(route::AUTHOR_FEED_RSS), get(feeds::author))
            .route(route::checked(route::AUTHOR_FEED_ATOM), get(feeds::author))
            .route(route::checked(route::AUTHOR_FEED_JSON), get(feeds::author))
            .route(route::checked(route::SITEMAP_INDEX), get(sitemaps::index))
            .route(route::checked(route::SITEMAP_PAGES), get(sitemaps::pages))
            .route(route::checked(route::SITEMAP_NEWS), get(sitemaps::news))
            .route(route::checked(route::SITEMAP_MONTH), get(sitemaps::month))
            .route(route::checked(route::STYLESHEET), get(site::stylesheet))
            .route(route::checked(route::EMBED_SCRIPT), get(site::embed_script))
            .route(route::checked(route::MEDIA), get(site::media))
            .route(route::checked(route::TAG), get(site::tag))
            .route(route::checked(route::AUTHOR), get(site::author))
            .route(route::checked(route::HEALTHZ), get(ops::healthz))
            .route(route::checked(route::READYZ), get(ops::readyz))
            .route(route::checked(route::METRICS), get(ops::metrics))
            .route(
                route::checked(route::SECTION_NO_SLASH),
                get(site::section_without_slash),
            )
            .route(route::checked(route::SECTION), get(site::section))
            .route(route::checked(route::ARTICLE), get(site::article))
            .route(route::checked(route::DESK), get(desk::desk_home))
            .route(
                route::checked(route::DESK_NO_SLASH),
                get(|| async { axum::response::Redirect::permanent("/admin/") }),
            )
            .route(
                route::checked(route::DESK_SIGN_IN),
                get(desk::sign_in_form).post(desk::sign_in),
            )
            .route(route::checked(route::DESK_SIGN_OUT), post(desk::sign_out))
            .route(
                route::checked(route::DESK_SETUP),
                get(desk::setup_form).post(desk::setup),
            )
            .route(
                route::checked(route::DESK_NEW_STORY),
                get(editor::new_story).post(editor::create_story.layer(upload_limit)),
            )
            .route(
                route::checked(route::DESK_STORY),
                get(editor::edit_story).post(editor::save_story.layer(upload_limit)),
            )
            .route(
                route::checked(route::DESK_CORRECTIONS),
                post(editor::add_correction),
            )
            .route(
                route::checked(route::DESK_REVISIONS),
                get(history::revisions),
            )
            .route(route::checked(route::DESK_RESTORE), post(history::restore))
            .route(
                route::checked(route::DESK_PREVIEW_LINK),
                post(history::make_preview_link),
            )
            .route(route::checked(route::PREVIEW), get(history::preview))
            .route(route::checked(route::DESK_AUDIT), get(desk::audit_log))
            .route(
                route::checked(route::DESK_MEDIA),
                get(library::library).post(library::upload.layer(upload_limit)),
            )
            .route(
                route::checked(route::DESK_MEDIA_ITEM),
                get(library::item).post(library::save),
            )
            .route(route::checked(route::DESK_MEDIA_PICK), get(picker::pick))
            .route(
                route::checked(route::DESK_MEDIA_PREPARE),
                post(picker::prepare.layer(upload_limit)),
            )
            .route(route::checked(route::DESK_TRASH), get(trash::trash_page))
            .route(
                route::checked(route::DESK_TRASH_STORY),
                post(trash::trash_story),
            )
            .route(
                route::checked(route::DESK_UNTRASH),
                post(trash::restore_story),
            )
            .route(
                route::checked(route::DESK_DELETE_FOREVER),
                post(trash::delete_forever),
            )
            .route(route::checked(route::DESK_NOTES), post(trash::add_note))
            .route(route::checked(route::DESK_LEASE), post(presence::heartbeat))
            .route(
                route::checked(route::DESK_LEASE_TAKE_OVER),
                post(presence::take_over),
            )
            .route(
                route::checked(route::DESK_LEASE_RELEASE),
                post(presence::release),
            )
            .route(
                route::checked(route::DESK_STYLESHEET),
                get(site::desk_stylesheet),
            )
            .route(route::checked(route::DESK_SCRIPT), get(site::desk_script))
            .route(
                route::checked(route::DESK_EDITOR_SCRIPT),
                get(site::desk_editor_script),
            )
            .route(
                route::checked(route::DESK_MARKDOWN),
                post(editor::render_markdown),
            )
            .route(
                route::checked(route::DESK_PEOPLE),
                get(people::people).post(people::add_person),
            )
            .route(
                route::checked(route::DESK_PERSON),
                post(people::change_person),
            )
            .route(
                route::checked(route::DESK_ACCOUNT),
                get(people::account).post(people::change_password),
            )
            .route(
                route::checked(route::DESK_SETTINGS),
                get(settings::settings).post(settings::save_settings),
            )
            .route(
                route::checked(route::DESK_SETUP_SITE),
                get(settings::setup_site_form).post(settings::setup_site),
            )
            .route(route::checked(route::FAVICON), get(settings::favicon))
            .route(route::checked(route::DESK_PAGES), get(standalone::list))
            .route(
                route::checked(route::DESK_NEW_PAGE),
                get(standalone::new_page).post(standalone::create_page),
            )
            .route(
                route::checked(route::DESK_PAGE),
                get(standalone::edit_page).post(standalone::save_page),
            )
            .route(
                route::checked(route::DESK_PAGE_DELETE),
                post(standalone::delete_page),
            )
            .route(
                route::checked(route::DESK_PAGE_RESTORE),
                post(standalone::restore_page),
            )
            .route(
                route::checked(route::DESK_PAGE_PREVIEW),
                get(standalone::preview_page),
            )
            .route(
                route::checked(route::DESK_SECTIONS),
                get(structure::sections).post(structure::add_section),
            )
            .route(
                route::checked(route::DESK_SECTION),
                get(structure::section).post(structure::change_section),
            )
            .route(
                route::checked(route::DESK_TOPICS),
                get(structure::topics).post(structure::add_topic),
            )
            .route(
                route::checked(route::DESK_TOPIC_SUGGEST),
                get(structure::suggest_topics),
            )
            .route(
                route::checked(route::DESK_TOPIC),
                get(structure::topic).post(structure::change_topic),
            )
            .route(
                route::checked(route::DESK_AUTHORS),
                get(structure::authors).post(structure::add_author),
            )
            .route(
                route::checked(route::DESK_AUTHOR),
                get(structure::author).post(structure::change_author),
            )
            .route(
                route::checked(route::DESK_WEBHOOKS),
                get(webhooks::desk::list).post(webhooks::desk::add),
            )
            .route(
                route::checked(route::DESK_WEBHOOK),
                get(webhooks::desk::show).post(webhooks::desk::change),
            )
            .route(
                route::checked(route::DESK_WEBHOOK_RESEND),
                post(webhooks::desk::resend),
            )
            .route(route::checked(route::API_POSTS), get(api::browse))
            .route(route::checked(route::API_POST), get(api::read_id))
            .route(route::checked(route::API_POST_SLUG), get(api::read_slug))
            .route(route::checked(route::API_PAGES), get(api::browse))
            .route(route::checked(route::API_PAGE), get(api::read_id))
            .route(route::checked(route::API_PAGE_SLUG), get(api::read_slug))
            .route(route::checked(route::API_TAGS), get(api::browse))
            .route(route::checked(route::API_TAG), get(api::read_id))
            .route(route::checked(route::API_TAG_SLUG), get(api::read_slug))
            .route(route::checked(route::API_AUTHORS), get(api::browse))
            .route(route::checked(route::API_AUTHOR), get(api::read_id))
            .route(route::checked(route::API_AUTHOR_SLUG), get(api::read_slug))
            .route(route::checked(route::API_SECTIONS), get(api::browse))
            .route(route::checked(route::API_SETTINGS), get(api::browse))
            .route(route::checked(route::GHOST_POSTS), get(api::browse))
            .route(route::checked(route::GHOST_POST), get(api::read_id))
            .route(route::checked(route::GHOST_POST_SLUG), get(api::read_slug))
            .route(route::checked(route::GHOST_PAGES), get(api::browse))
            .route(route::checked(route::GHOST_PAGE), get(api::read_id))
            .route(route::checked(route::GHOST_PAGE_SLUG), get(api::read_slug))
            .route(route::checked(route::GHOST_TAGS), get(api::browse))
            .route(route::checked(route::GHOST_TAG), get(api::read_id))
            .route(route::checked(route::GHOST_TAG_SLUG), get(api::read_slug))
            .route(route::checked(route::GHOST_AUTHORS), get(api::browse))
            .route(route::checked(route::GHOST_AUTHOR), get(api::read_id))
            .route(
                route::checked(route::GHOST_AUTHOR_SLUG),
                get(api::read_slug),
            )
            .route(route::checked(route::GHOST_SETTINGS), get(api::browse))
            .route(route::checked(route::ADMIN_ME), get(api::admin::me))
            .route(
                route::checked(route::ADMIN_STORIES),
                get(api::admin::list_stories).post(api::admin::create_story),
            )
            .route(
                route::checked(route::ADMIN_STORY),
                get(api::admin::story)
                    .patch(api::admin::update_story)
                    .delete(api::admin::trash_story),
            )
            .route(
                route::checked(route::ADMIN_STORY_CORRECTIONS),
                post(api::admin::correct_story),
            )
            .route(
                route::checked(route::ADMIN_STORY_RESTORE),
                post(api::admin::restore_story),
            )
            .route(
                route::checked(route::ADMIN_STORY_VERSIONS),
                get(api::admin::versions),
            )
            .route(
                route::checked(route::ADMIN_STORY_VERSION_RESTORE),
                post(api::admin::restore_version),
            )
            .route(
                route::checked(route::ADMIN_PICTURES),
                post(api::admin::upload_picture.layer(upload_limit)),
            )
            .route(
                route::checked(route::ADMIN_PICTURE),
                get(api::admin::picture).patch(api::admin::update_picture),
            )
            .route(
                route::checked(route::ADMIN_SECTIONS),
                get(api::admin::list_sections).post(api::admin::add_section),
            )
            .route(
                route::checked(route::ADMIN_SECTION),
                get(api::admin::section)
                    .patch(api::admin::change_section)
                    .delete(api::admin::delete_section),
            )
            .route(
                route::checked(route::ADMIN_TOPICS),
                get(api::admin::list_topics).post(api::admin::add_topic),
            )
            .route(
                route::checked(route::ADMIN_TOPIC),
                get(api::admin::topic)
                    .patch(api::admin::change_topic)
                    .delete(api::admin::delete_topic),
            )
            .route(
                route::checked(route::ADMIN_TOPIC_MERGE),
                post(api::admin::merge_topic),
            )
            .route(
                route::checked(route::ADMIN_AUTHORS),
                get(api::admin::list_authors).post(api::admin::add_author),
            )
            .route(
                route::checked(route::ADMIN_AUTHOR),
                get(api::admin::author).patch(api::admin::change_author),
            )
            .route(
                route::checked(route::ADMIN_SETTINGS),
                get(api::admin::settings).patch(api::admin::change_settings),
            )
            .route(
                route::checked(route::ADMIN_PAGES),
                get(api::admin::list_pages).post(api::admin::create_page),
            )
            .route(
                route::checked(route::ADMIN_PAGE),
                get(api::admin::page)
                    .patch(api::admin::change_page)
                    .delete(api::admin::delete_page),
            )
            .route(
                route::checked(route::ADMIN_USERS),
                get(api::admin::list_users).post(api::admin::add_user),
            )
            .route(
                route::checked(route::ADMIN_USER),
                axum::routing::patch(api::admin::change_user),
            )
            .route(
                route::checked(route::DESK_TOKENS),
                get(tokens::page).post(tokens::make),
            )
            .route(
                route::checked(route::DESK_TOKEN_REVOKE),
                post(tokens::revoke),
            )
            .route(route::checked(route::API_OPENAPI), get(api::openapi_json))
            .route(route::checked(route::API_DOCS), get(api::docs_page))
            .fallback(site::not_found)
            .with_state(self.clone())
            .layer(axum::middleware::from_fn_with_state(
                self.clone(),
                rejections::error_pages,
            ))
            .layer(axum::middleware::from_fn_with_state(
                self.metrics.clone(),
                metrics::track,
            ));
        Router::new()
            .fallback_service(routes)
            .layer(axum::middleware::from_fn_with_state(
                self.clone(),
                site::from_cache,
            ))
            // Outside the cache, so cached API answers get the asking origin's header too.
            .layer(axum::middleware::from_fn_with_state(
                self.clone(),
                api::cors,
            ))
            // Every answer, cached or not, error or not, carries the policy.
            .layer(axum::middleware::from_fn_with_state(
                self.content_security_policy.clone(),
                csp::add_policy,
            ))
            // Outermost: a cached page needing no CORS header leaves here, policy added.
            .layer(site::HitFirst(self.clone()))
    }
}

impl Settings {
    /// The newsroom settings a database that never saved any starts from.
    pub fn default_site_settings(&self) -> newsdesk_core::SiteSettings {
        newsdesk_core::SiteSettings {
            name: self.site_name.clone(),
            tagline: self.site_tagline.clone(),
            time_zone: self.time_zone.clone(),
            ..newsdesk_core::SiteSettings::default()
        }
    }
}

/// Everything every page shows around its content: the newsroom's settings, its pictures
/// and the navigation. Reloaded when a change-log row names `site`.
async fn load_site(store: &Store, settings: &Settings) -> Result<Site, WebError> {
    let s = store
        .site_settings(settings.default_site_settings())
        .await?;
    let ids: Vec<i64> = [s.logo_media_id, s.social_image_media_id]
        .into_iter()
        .flatten()
        .collect();
    let media = store.media_by_ids(&ids).await?;
    let pages = store.published_pages().await?;
    let policy = |purpose: newsdesk_core::page::Purpose| {
        pages
            .iter()
            .find(|p| p.purpose == purpose)
            .map(newsdesk_core::Page::url)
    };
    let ethics_policy_url = policy(newsdesk_core::page::Purpose::Ethics);
    let corrections_policy_url = policy(newsdesk_core::page::Purpose::Corrections);
    // The footer: the newsroom's pages first, in their order, then its other links.
    let footer_links = pages
        .iter()
        .filter(|p| p.in_footer)
        .map(|p| newsdesk_core::site::Link {
            label: p.title.clone(),
            url: p.url(),
        })
        .chain(s.footer_links)
        .collect();
    let picture = |id: Option<i64>| {
        id.and_then(|id| media.get(&id))
            .map(newsdesk_store::picture_of)
    };
    Ok(Site {
        logo: picture(s.logo_media_id),
        social_image: picture(s.social_image_media_id).map(|p| p.src),
        favicon_media_id: s.favicon_media_id,
        name: s.name,
        tagline: s.tagline,
        description: s.description,
        language: s.language,
        base_url: settings.base_url.clone(),
        sections: store.navigation().await?,
        time_zone: s.time_zone,
        footer_links,
        social_profiles: s.social_profiles,
        ethics_policy_url,
        corrections_policy_url,
    })
}

#[cfg(test)]
mod tests {
    use super::route;

    #[test]
    fn every_route_has_exactly_one_policy_entry() {
        for pattern in route::ALL {
            let entries = route::POLICY.iter().filter(|(p, _)| *p == pattern).count();
            assert_eq!(entries, 1, "{pattern}");
        }
        assert_eq!(route::ALL.len(), route::POLICY.len());
    }

    #[test]
    #[should_panic(expected = "has no entry in route::POLICY")]
    fn a_route_without_a_policy_entry_is_refused() {
        route::checked("/admin/secret-new-page");
    }
}
