//! The one `Config`: built-in defaults, then `newsdesk.toml`, then `NEWSDESK_*` environment
//! variables, then command-line flags. Loaded once and passed down; nothing else reads the
//! environment.

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address and port to answer on.
    pub listen: String,
    /// Folder for the SQLite database, media and indexes.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means `sqlite://DATA_DIR/newsdesk.db`.
    pub database_url: String,
    pub database_max_connections: u32,
    /// A folder whose `templates/` and `static/` override the built-in theme; empty for none.
    pub theme_dir: PathBuf,
    /// The public address of the site, used in canonical links and feeds. (The site's
    /// name, tagline, language and time zone belong to the newsroom, not to one server:
    /// they are set in the desk and kept in the database.)
    pub site_url: String,
    /// Stories per page of a list.
    pub page_size: u32,
    /// Stories in the section rail beside an article.
    pub rail_size: u32,
    /// Serve pages from the in-memory page cache (turn off only to measure rendering).
    pub cache_enabled: bool,
    /// Memory the page cache may use, in MiB.
    pub cache_max_mb: u64,
    /// `max-age` (seconds) browsers may keep a page.
    pub cache_browser_max_age: u32,
    /// `s-maxage` (seconds) for Varnish or a CDN in front, which is purged on change.
    pub cache_shared_max_age: u32,
    /// How often each node reads new change-log rows, in milliseconds.
    pub change_poll_ms: u64,
    /// The largest picture file accepted, in MiB, and the most pixels (megapixels).
    pub upload_max_mb: u64,
    pub upload_max_megapixels: u64,
    /// Read the client's address from `X-Forwarded-For` (set only behind your own proxy).
    pub trust_proxy: bool,
    /// Client address ranges that may read `/metrics` (`10.0.0.0/8`, `::1/128`, a bare
    /// address); everyone else gets 403. Loopback only by default, because the metrics
    /// describe the site's traffic. The address is the one sign-in throttling uses, so
    /// `trust_proxy` applies.
    pub metrics_allow: Vec<String>,
    /// A token that opens `/metrics` from any address, sent as `Authorization: Bearer …`
    /// (Prometheus: `authorization: { credentials: … }`); empty for none.
    pub metrics_token: String,
    /// Related stories beside each article: one search-index lookup per render.
    pub related_stories: bool,
    /// Searches this node runs at once (each keeps a core busy while it runs); more wait
    /// up to two seconds, then are asked to try again (503). 0: one fewer than the cores.
    pub search_at_once: usize,
    /// This node's search index folder; empty means `DATA_DIR/search`. Every process
    /// needs its own (the index has one writer).
    pub search_dir: PathBuf,
    /// The HTTP cache in front to purge on every change (`http://varnish:6081/`); empty for
    /// none. Method, the header carrying the keys, and an optional `Name: value` header.
    pub purge_url: String,
    pub purge_method: String,
    pub purge_keys_header: String,
    pub purge_auth_header: String,
    /// Address ranges off the public internet that purges and webhooks may still reach
    /// (`127.0.0.1/32` for a Varnish on this machine, `10.0.0.0/8`); requests to any
    /// other loopback, private, link-local or reserved address are refused, so whoever
    /// adds a webhook cannot make the server call into its own network. Empty by default.
    pub outbound_allow: Vec<String>,
    /// Feeds carry each story's whole body (`true`) or only its standfirst (`false`).
    pub feed_full_content: bool,
    /// The Content API's key: empty leaves the API public; set, every request must carry
    /// `?key=` equal to it (Ghost's client wants 26 hexadecimal characters).
    pub content_api_key: String,
    /// Origins whose pages may call the Content API from a browser (`*` for any).
    pub api_cors_origins: Vec<String>,
    /// Admin API requests one token may make per minute on one node; 0 for no limit.
    pub api_rate_limit: u32,
    /// The `Content-Security-Policy` header of every answer; empty sends none. The
    /// default allows scripts and styles from this site only (see the README).
    pub content_security_policy: String,
    /// `text` or `json`.
    pub log_format: String,
    /// A tracing filter: `info`, `debug`, `newsdesk_web=debug,info`, … It sets Newsdesk's
    /// own logs; libraries (the search index, the database driver, HTTP) stay at `warn`
    /// unless the filter names them (`tantivy=info,info`). `RUST_LOG`, when set, replaces
    /// this filter and is used exactly as written.
    pub log_level: String,
    /// Where media files are kept: `local` (the folder `DATA_DIR/media`, for one node) or
    /// `s3` (a bucket on Amazon S3 or any S3-compatible store, which every node shares).
    pub media_store: String,
    /// For `s3`: the bucket, the store's address (empty for AWS's own, by region), the
    /// region, and a folder-like prefix inside the bucket (empty for none). The
    /// credentials come from `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (and
    /// `AWS_SESSION_TOKEN`, when temporary) in the environment, never from this file.
    pub media_bucket: String,
    pub media_endpoint: String,
    pub media_region: String,
    pub media_prefix: String,
    /// Where browsers can fetch the media files directly (a public bucket, or a CDN in
    /// front of it): `/media/KEY` then redirects to `MEDIA_PUBLIC_URL/KEY` instead of
    /// streaming the file through this node. Empty: this node serves them.
    pub media_public_url: String,
    /// `RUST_LOG` as found in the environment: a developer's filter, taken as it is.
    #[serde(skip)]
    rust_log: Option<String>,
    /// The object store's credentials, as found in the environment.
    #[serde(skip)]
    aws: AwsCredentials,
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`: the names every
/// S3 tool reads, so an operator sets them once for all. Never printed.
#[derive(Clone, Default)]
struct AwsCredentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl std::fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

/// Keys that older config files may still hold: they became the newsroom's settings, kept
/// in the database and edited in the desk.
const MOVED_TO_THE_DESK: [&str; 3] = ["site_name", "site_tagline", "site_time_zone"];

/// Libraries whose `info` lines are for their own developers: tantivy logs every segment
/// and merge (dozens of lines on a first start), sqlx every statement at `debug`.
const QUIET_LIBRARIES: [&str; 6] = ["tantivy", "sqlx", "hyper", "hyper_util", "tower", "h2"];

impl Default for Config {
    fn default() -> Self {
        let web = newsdesk_web::Settings::default();
        Config {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./newsdesk-data"),
            database_url: String::new(),
            database_max_connections: 8,
            theme_dir: PathBuf::new(),
            site_url: String::new(),
            page_size: web.page_size,
            rail_size: web.rail_size,
            cache_enabled: web.cache_enabled,
            cache_max_mb: web.cache_max_bytes / (1024 * 1024),
            cache_browser_max_age: web.browser_max_age,
            cache_shared_max_age: web.shared_max_age,
            change_poll_ms: web.change_poll_interval.as_millis() as u64,
            upload_max_mb: (web.upload_max_bytes / (1024 * 1024)) as u64,
            upload_max_megapixels: web.upload_max_pixels / 1_000_000,
            trust_proxy: web.trust_proxy,
            metrics_allow: vec!["127.0.0.0/8".into(), "::1/128".into()],
            metrics_token: String::new(),
            related_stories: web.related_stories,
            search_at_once: web.search_at_once,
            search_dir: PathBuf::new(),
            purge_url: String::new(),
            purge_method: "PURGE".into(),
            purge_keys_header: "xkey-purge".into(),
            purge_auth_header: String::new(),
            outbound_allow: Vec::new(),
            feed_full_content: web.feed_full_content,
            content_api_key: String::new(),
            api_cors_origins: Vec::new(),
            api_rate_limit: web.api_rate_limit,
            content_security_policy: web.content_security_policy,
            log_format: "text".into(),
            log_level: "info".into(),
            media_store: "local".into(),
            media_bucket: String::new(),
            media_endpoint: String::new(),
            media_region: String::new(),
            media_prefix: String::new(),
            media_public_url: String::new(),
            rust_log: None,
            aws: AwsCredentials::default(),
        }
    }
}

/// Flags that override the file and the environment.
#[derive(Default)]
pub struct Overrides {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
}

impl Config {
    /// Defaults ← `file` (or `./newsdesk.toml` when present) ← `NEWSDESK_*` ← flags.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
        flags: Overrides,
    ) -> anyhow::Result<Config> {
        let defaults =
            toml::Table::try_from(Config::default()).context("serializing the default config")?;
        let mut table = toml::Table::new();
        // Where each value came from, so a message can send the reader to it.
        let mut origins: Vec<(String, Origin)> = Vec::new();
        let default_file = Path::new("newsdesk.toml");
        let file = file.or_else(|| default_file.exists().then_some(default_file));
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the config file {}", path.display()))?;
            table = text
                .parse::<toml::Table>()
                .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.message()))?;
            for key in table.keys() {
                origins.push((key.clone(), Origin::File(path.to_owned())));
            }
            if let Some(key) = MOVED_TO_THE_DESK.iter().find(|k| table.contains_key(**k)) {
                bail!(
                    "{}: {key} is no longer read from the config file: the site's name, tagline \
                     and time zone are set in the desk (Settings) and kept in the database. \
                     Remove the line.",
                    path.display()
                );
            }
        }
        let mut rust_log = None;
        let mut aws = AwsCredentials::default();
        for (name, value) in env {
            if name == "RUST_LOG" && !value.trim().is_empty() {
                rust_log = Some(value);
                continue;
            }
            match name.as_str() {
                "AWS_ACCESS_KEY_ID" => aws.access_key_id = value.trim().to_owned(),
                "AWS_SECRET_ACCESS_KEY" => aws.secret_access_key = value.trim().to_owned(),
                "AWS_SESSION_TOKEN" => {
                    aws.session_token = Some(value.trim().to_owned()).filter(|t| !t.is_empty());
                }
                _ => {}
            }
            let Some(key) = name.strip_prefix("NEWSDESK_").map(str::to_ascii_lowercase) else {
                continue;
            };
            if MOVED_TO_THE_DESK.contains(&key.as_str()) {
                bail!(
                    "{name} is no longer read: the site's name, tagline and time zone are set \
                     in the desk (Settings) and kept in the database. Unset it."
                );
            }
            let Some(default) = defaults.get(&key) else {
                continue;
            };
            table.insert(key.clone(), env_value(&name, &value, default)?);
            origins.retain(|(k, _)| *k != key);
            origins.push((key, Origin::Env(name)));
        }
        let mut config: Config = Config::deserialize(toml::Value::Table(table.clone()))
            .map_err(|e| invalid_value(&table, &defaults, &origins, &e))?;
        config.rust_log = rust_log;
        config.aws = aws;
        if let Some(listen) = flags.listen {
            config.listen = listen;
        }
        if let Some(dir) = flags.data_dir {
            config.data_dir = dir;
        }
        if let Some(url) = flags.database_url {
            config.database_url = url;
        }
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> anyhow::Result<()> {
        if self.listen.parse::<SocketAddr>().is_err() {
            bail!(
                "listen = {:?} is not an address like 127.0.0.1:8080",
                self.listen
            );
        }
        if !self.database_url.is_empty()
            && newsdesk_store::Backend::of_url(&self.database_url).is_none()
        {
            bail!(
                "database_url must start with sqlite:// or postgres:// (got {:?})",
                redact(&self.database_url)
            );
        }
        if !self.site_url.is_empty() && !has_http_host(&self.site_url) {
            bail!(
                "site_url must be an address like https://news.example.com (got {:?})",
                self.site_url
            );
        }
        if !(1..=200).contains(&self.page_size) {
            bail!(
                "page_size must be between 1 and 200 (got {})",
                self.page_size
            );
        }
        if let Err(e) = newsdesk_web::csp::header_of(&self.content_security_policy) {
            bail!("content_security_policy: {e}");
        }
        if self.rail_size > 20 {
            bail!("rail_size must be at most 20 (got {})", self.rail_size);
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            bail!(
                "log_format must be \"text\" or \"json\" (got {:?})",
                self.log_format
            );
        }
        if self.database_max_connections == 0 {
            bail!("database_max_connections must be at least 1");
        }
        if self.change_poll_ms < 10 {
            bail!(
                "change_poll_ms must be at least 10 (got {}): each poll reads the database",
                self.change_poll_ms
            );
        }
        if self.cache_enabled && self.cache_max_mb == 0 {
            bail!(
                "cache_max_mb must be at least 1 while cache_enabled = true (set cache_enabled = false for no cache)"
            );
        }
        if !(1..=1024).contains(&self.upload_max_mb) {
            bail!(
                "upload_max_mb must be between 1 and 1024 (got {})",
                self.upload_max_mb
            );
        }
        if !(1..=500).contains(&self.upload_max_megapixels) {
            bail!(
                "upload_max_megapixels must be between 1 and 500 (got {})",
                self.upload_max_megapixels
            );
        }
        self.validate_purge()?;
        self.validate_media()?;
        self.metrics_ranges()?;
        self.outbound_ranges()?;
        Ok(())
    }

    fn outbound_ranges(&self) -> anyhow::Result<Vec<newsdesk_web::AddressRange>> {
        self.outbound_allow
            .iter()
            .map(|r| {
                r.parse()
                    .map_err(|e| anyhow::anyhow!("outbound_allow: {e}"))
            })
            .collect()
    }

    fn metrics_ranges(&self) -> anyhow::Result<Vec<newsdesk_web::AddressRange>> {
        self.metrics_allow
            .iter()
            .map(|r| r.parse().map_err(|e| anyhow::anyhow!("metrics_allow: {e}")))
            .collect()
    }

    /// A media store that cannot work is refused at start, naming what to set.
    fn validate_media(&self) -> anyhow::Result<()> {
        for (key, url) in [
            ("media_endpoint", &self.media_endpoint),
            ("media_public_url", &self.media_public_url),
        ] {
            if !url.trim().is_empty() && !has_http_host(url.trim()) {
                bail!("{key} must be an address like https://media.example.com (got {url:?})");
            }
        }
        match self.media_store.as_str() {
            "local" => Ok(()),
            "s3" => {
                if self.media_bucket.trim().is_empty() {
                    bail!("media_store = \"s3\" needs media_bucket: the bucket's name");
                }
                if self.aws.access_key_id.is_empty() || self.aws.secret_access_key.is_empty() {
                    bail!(
                        "media_store = \"s3\" needs the bucket's credentials in the environment: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                    );
                }
                // The rest (the prefix's form) is checked where the bucket is opened.
                self.media_storage().map(|_| ())
            }
            other => bail!("media_store must be \"local\" or \"s3\" (got {other:?})"),
        }
    }

    /// The purge settings are used only when a change arrives, long after start-up: one
    /// that cannot work is refused now rather than failing every purge.
    fn validate_purge(&self) -> anyhow::Result<()> {
        use axum::http::{HeaderName, HeaderValue, Method, Uri};
        let url = self.purge_url.trim();
        if url.is_empty() {
            return Ok(());
        }
        let host = url
            .parse::<Uri>()
            .ok()
            .filter(|u| matches!(u.scheme_str(), Some("http" | "https")))
            .and_then(|u| u.host().map(str::to_owned));
        if host.is_none_or(|h| h.is_empty()) {
            bail!(
                "purge_url = {url:?} is not an address like http://varnish:6081/ or https://api.example.com/purge"
            );
        }
        if Method::from_bytes(self.purge_method.as_bytes()).is_err() {
            bail!(
                "purge_method = {:?} is not an HTTP method (PURGE, POST, …)",
                self.purge_method
            );
        }
        if HeaderName::from_bytes(self.purge_keys_header.as_bytes()).is_err() {
            bail!(
                "purge_keys_header = {:?} is not a header name (xkey-purge, Surrogate-Key, …)",
                self.purge_keys_header
            );
        }
        if !self.purge_auth_header.trim().is_empty() {
            let valid = self
                .purge_auth_header
                .split_once(':')
                .is_some_and(|(name, value)| {
                    HeaderName::from_bytes(name.trim().as_bytes()).is_ok()
                        && HeaderValue::from_str(value.trim()).is_ok()
                });
            if !valid {
                bail!(
                    "purge_auth_header must be one header line, `Name: value` (the value is not shown here)"
                );
            }
        }
        Ok(())
    }

    /// The tracing filter to log with: `RUST_LOG` as written, or `log_level` with the
    /// chatty libraries it does not name kept at `warn`.
    pub fn log_filter(&self) -> String {
        if let Some(exact) = &self.rust_log {
            return exact.clone();
        }
        let named = |library: &str| {
            self.log_level.split(',').any(|directive| {
                let target = directive.split(['=', '[']).next().unwrap_or("").trim();
                target == library || target.starts_with(&format!("{library}::"))
            })
        };
        let mut directives: Vec<String> = QUIET_LIBRARIES
            .iter()
            .filter(|library| !named(library))
            .map(|library| format!("{library}=warn"))
            .collect();
        directives.push(self.log_level.clone());
        directives.join(",")
    }

    pub fn database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}", self.data_dir.join("newsdesk.db").display())
        } else {
            self.database_url.clone()
        }
    }

    pub fn media_dir(&self) -> PathBuf {
        self.data_dir.join("media")
    }

    /// Where this newsroom's media files are: the data folder's `media/`, or the bucket.
    pub fn media_storage(&self) -> anyhow::Result<newsdesk_media::Storage> {
        if self.media_store != "s3" {
            return Ok(newsdesk_media::Storage::Local(self.media_dir()));
        }
        let config = newsdesk_media::BucketConfig {
            bucket: self.media_bucket.clone(),
            endpoint: self.media_endpoint.clone(),
            region: self.media_region.clone(),
            prefix: self.media_prefix.clone(),
            access_key_id: self.aws.access_key_id.clone(),
            secret_access_key: self.aws.secret_access_key.clone(),
            session_token: self.aws.session_token.clone(),
        };
        newsdesk_media::Storage::bucket(&config)
            .map_err(|e| anyhow::anyhow!("media_store = \"s3\": {e}"))
    }

    pub fn theme_dir(&self) -> Option<&Path> {
        (!self.theme_dir.as_os_str().is_empty()).then_some(self.theme_dir.as_path())
    }

    pub fn web_settings(&self) -> newsdesk_web::Settings {
        let site_url = if self.site_url.is_empty() {
            format!("http://{}", self.listen)
        } else {
            self.site_url.clone()
        };
        newsdesk_web::Settings {
            base_url: site_url.trim_end_matches('/').to_owned(),
            page_size: self.page_size,
            rail_size: self.rail_size,
            home_latest_size: 8,
            home_block_size: 4,
            cache_enabled: self.cache_enabled,
            cache_max_bytes: self.cache_max_mb.saturating_mul(1024 * 1024),
            browser_max_age: self.cache_browser_max_age,
            shared_max_age: self.cache_shared_max_age,
            change_poll_interval: Duration::from_millis(self.change_poll_ms.max(10)),
            upload_max_bytes: usize::try_from(self.upload_max_mb.clamp(1, 1024) * 1024 * 1024)
                .unwrap_or(usize::MAX),
            upload_max_pixels: self.upload_max_megapixels.clamp(1, 500) * 1_000_000,
            trust_proxy: self.trust_proxy,
            // Checked by `validate` when the config was loaded.
            metrics_allow: self.metrics_ranges().unwrap_or_default(),
            metrics_token: Some(self.metrics_token.trim().to_owned()).filter(|t| !t.is_empty()),
            purge: newsdesk_web::PurgeSettings {
                url: self.purge_url.clone(),
                method: self.purge_method.clone(),
                keys_header: self.purge_keys_header.clone(),
                auth_header: self.purge_auth_header.clone(),
            },
            outbound_allow: self.outbound_ranges().unwrap_or_default(),
            feed_full_content: self.feed_full_content,
            content_api_key: Some(self.content_api_key.trim().to_owned()).filter(|k| !k.is_empty()),
            api_rate_limit: self.api_rate_limit,
            content_security_policy: self.content_security_policy.clone(),
            api_cors_origins: self
                .api_cors_origins
                .iter()
                .map(|o| o.trim().trim_end_matches('/').to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
            related_stories: self.related_stories,
            search_at_once: self.search_at_once,
            media_public_url: Some(
                self.media_public_url
                    .trim()
                    .trim_end_matches('/')
                    .to_owned(),
            )
            .filter(|u| !u.is_empty()),
            search_dir: Some(if self.search_dir.as_os_str().is_empty() {
                self.data_dir.join("search")
            } else {
                self.search_dir.clone()
            }),
            // The newsroom starts as "Newsdesk", in UTC, until setup names it.
            ..newsdesk_web::Settings::default()
        }
    }
}

/// Whether `url` is an `http://` or `https://` address with a host.
fn has_http_host(url: &str) -> bool {
    url.split_once("://")
        .filter(|(scheme, _)| matches!(*scheme, "http" | "https"))
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""))
        .is_some_and(|h| !h.is_empty() && !h.contains(char::is_whitespace))
}

/// Where a config value was set.
enum Origin {
    File(PathBuf),
    Env(String),
}

/// The one line for a config that does not deserialize: the key, its value, where it was
/// set, and what it must be. serde's own message names Rust types (`expected u64`) and,
/// for a whole table, not the key at all.
fn invalid_value(
    table: &toml::Table,
    defaults: &toml::Table,
    origins: &[(String, Origin)],
    error: &toml::de::Error,
) -> anyhow::Error {
    let origin = |key: &str| origins.iter().find(|(k, _)| k == key).map(|(_, o)| o);
    for (key, value) in table {
        let alone = toml::Table::from_iter([(key.clone(), value.clone())]);
        if Config::deserialize(toml::Value::Table(alone)).is_ok() {
            continue;
        }
        let Some(default) = defaults.get(key) else {
            let place = match origin(key) {
                Some(Origin::File(path)) => path.display().to_string(),
                _ => "configuration".to_owned(),
            };
            return anyhow::anyhow!(
                "{place}: `{key}` is not a Newsdesk setting (newsdesk.example.toml lists every key)"
            );
        };
        let must_be = match default {
            toml::Value::Integer(_) => "a whole number, 0 or more",
            toml::Value::Boolean(_) => "true or false",
            toml::Value::String(_) => "text in quotes",
            toml::Value::Array(_) => "a list in brackets",
            _ => "a value like the one in newsdesk.example.toml",
        };
        return match origin(key) {
            Some(Origin::Env(name)) => anyhow::anyhow!(
                "{name} (the setting {key}) = {value} is not valid: it must be {must_be}"
            ),
            Some(Origin::File(path)) => anyhow::anyhow!(
                "{}: {key} = {value} is not valid: it must be {must_be}",
                path.display()
            ),
            None => anyhow::anyhow!("{key} = {value} is not valid: it must be {must_be}"),
        };
    }
    anyhow::anyhow!("configuration: {}", error.message())
}

/// An environment value typed like the key's default: `NEWSDESK_CACHE_ENABLED=false` is a
/// boolean, `NEWSDESK_PAGE_SIZE=30` a number, anything for a text key is text.
fn env_value(name: &str, raw: &str, default: &toml::Value) -> anyhow::Result<toml::Value> {
    let parsed = match default {
        toml::Value::String(_) => return Ok(toml::Value::String(raw.to_owned())),
        toml::Value::Boolean(_) => match raw.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Some(toml::Value::Boolean(true)),
            "false" | "0" | "no" | "off" => Some(toml::Value::Boolean(false)),
            _ => None,
        },
        toml::Value::Integer(_) => raw.trim().parse::<i64>().ok().map(toml::Value::Integer),
        // A list from the environment: comma-separated.
        toml::Value::Array(_) => Some(toml::Value::Array(
            raw.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| toml::Value::String(item.to_owned()))
                .collect(),
        )),
        _ => None,
    };
    let must_be = match default {
        toml::Value::Boolean(_) => "true or false",
        _ => "a whole number, 0 or more",
    };
    let key = name.trim_start_matches("NEWSDESK_").to_ascii_lowercase();
    parsed.with_context(|| {
        format!("{name}={raw:?} (the setting {key}) is not valid: it must be {must_be}")
    })
}

/// A database URL fit for messages: the password replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn serve_needs_no_file() {
        let c = Config::load(None, env(&[]), Overrides::default()).unwrap();
        assert_eq!(c.listen, "127.0.0.1:8080");
        assert_eq!(c.database_url(), "sqlite://./newsdesk-data/newsdesk.db");
    }

    #[test]
    fn env_overrides_file_and_flags_override_env() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("newsdesk.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:9000\"\npage_size = 12\ncache_enabled = true\n",
        )
        .unwrap();
        let c = Config::load(
            Some(&file),
            env(&[
                ("NEWSDESK_PAGE_SIZE", "30"),
                ("NEWSDESK_CACHE_ENABLED", "false"),
                ("NEWSDESK_TEST_POSTGRES_URL", "x"),
            ]),
            Overrides {
                listen: Some("127.0.0.1:9100".into()),
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(
            (c.listen.as_str(), c.page_size, c.cache_enabled),
            ("127.0.0.1:9100", 30, false)
        );
    }

    #[test]
    fn the_site_name_in_an_old_config_file_is_sent_to_the_desk() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("newsdesk.toml");
        std::fs::write(&file, "site_name = \"The Chronicle\"\n").unwrap();
        let err = Config::load(Some(&file), env(&[]), Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("site_name") && err.contains("Settings"),
            "{err}"
        );
        let err = Config::load(
            None,
            env(&[("NEWSDESK_SITE_TIME_ZONE", "Europe/Paris")]),
            Overrides::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("NEWSDESK_SITE_TIME_ZONE") && err.contains("Settings"),
            "{err}"
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("newsdesk.toml");
        std::fs::write(&file, "lisen = \"x\"\n").unwrap();
        let err = Config::load(Some(&file), env(&[]), Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("lisen"), "{err}");
        let err = Config::load(
            None,
            env(&[("NEWSDESK_PAGE_SIZE", "many")]),
            Overrides::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("NEWSDESK_PAGE_SIZE"), "{err}");
        let err = Config::load(
            None,
            env(&[("NEWSDESK_LISTEN", "port 80")]),
            Overrides::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("listen"), "{err}");
    }

    fn load_file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("newsdesk.toml");
        std::fs::write(&file, text).unwrap();
        (dir, file)
    }

    #[test]
    fn a_value_of_the_wrong_type_names_its_key_and_where_it_was_set() {
        let (_dir, file) = load_file("page_size = 20\ncache_max_mb = \"lots\"\n");
        let err = Config::load(Some(&file), env(&[]), Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("cache_max_mb"), "{err}");
        assert!(err.contains(&file.display().to_string()), "{err}");
        assert!(err.contains("whole number"), "{err}");
        assert!(!err.contains("u64"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");

        let err = Config::load(
            None,
            env(&[("NEWSDESK_CACHE_MAX_MB", "lots")]),
            Overrides::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("NEWSDESK_CACHE_MAX_MB"), "{err}");
        assert!(err.contains("cache_max_mb"), "{err}");
        // A number of the right kind but out of range: the environment variable is named.
        let err = Config::load(
            None,
            env(&[("NEWSDESK_CACHE_MAX_MB", "-1")]),
            Overrides::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("NEWSDESK_CACHE_MAX_MB"), "{err}");
        // A typo in the file names the file and the key, without listing every key.
        let (_dir, file) = load_file("cache_max_md = 10\n");
        let err = Config::load(Some(&file), env(&[]), Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("cache_max_md"), "{err}");
        assert!(err.contains(&file.display().to_string()), "{err}");
    }

    #[test]
    fn a_setting_that_cannot_work_stops_start_up_naming_its_key() {
        let cases = [
            ("purge_url = \"ftp://cache.example.com/purge\"", "purge_url"),
            ("purge_url = \"varnish:6081\"", "purge_url"),
            (
                "purge_url = \"http://v/\"\npurge_method = \"PUR GE\"",
                "purge_method",
            ),
            (
                "purge_url = \"http://v/\"\npurge_keys_header = \"x key\"",
                "purge_keys_header",
            ),
            (
                "purge_url = \"http://v/\"\npurge_auth_header = \"token\"",
                "purge_auth_header",
            ),
            ("page_size = 0", "page_size"),
            ("site_url = \"news.example.com\"", "site_url"),
            ("site_url = \"https://\"", "site_url"),
            ("change_poll_ms = 0", "change_poll_ms"),
            ("cache_max_mb = 0", "cache_max_mb"),
            ("upload_max_mb = 0", "upload_max_mb"),
            ("upload_max_megapixels = 0", "upload_max_megapixels"),
            ("metrics_allow = [\"10.0.0.0/33\"]", "metrics_allow"),
            ("metrics_allow = [\"intranet\"]", "metrics_allow"),
            ("outbound_allow = [\"10.0.0.0/40\"]", "outbound_allow"),
            ("media_store = \"ftp\"", "media_store"),
            ("media_store = \"s3\"", "media_bucket"),
            (
                "media_store = \"s3\"\nmedia_bucket = \"pictures\"",
                "AWS_SECRET_ACCESS_KEY",
            ),
            ("media_endpoint = \"minio:9000\"", "media_endpoint"),
            ("media_public_url = \"cdn.example.com\"", "media_public_url"),
        ];
        for (text, key) in cases {
            let (_dir, file) = load_file(text);
            let err = Config::load(Some(&file), env(&[]), Overrides::default())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(key), "{text}: {err:?}");
            assert_eq!(err.lines().count(), 1, "{err}");
        }
        let (_dir, file) = load_file(
            "purge_url = \"http://varnish:6081/\"\ncache_enabled = false\ncache_max_mb = 0\n",
        );
        Config::load(Some(&file), env(&[]), Overrides::default()).unwrap();
        let (_dir, file) = load_file(
            "purge_url = \"https://api.fastly.com/purge\"\noutbound_allow = [\"127.0.0.1/32\"]\n",
        );
        let config = Config::load(Some(&file), env(&[]), Overrides::default()).unwrap();
        assert_eq!(
            config.web_settings().outbound_allow,
            vec!["127.0.0.1/32".parse().unwrap()]
        );
    }

    #[test]
    fn an_s3_media_store_takes_its_credentials_from_the_aws_variables() {
        let vars = [
            ("NEWSDESK_MEDIA_STORE", "s3"),
            ("NEWSDESK_MEDIA_BUCKET", "pictures"),
            ("NEWSDESK_MEDIA_ENDPOINT", "http://127.0.0.1:9000"),
            ("NEWSDESK_MEDIA_PREFIX", "site-a"),
            (
                "NEWSDESK_MEDIA_PUBLIC_URL",
                "https://cdn.example.com/site-a/",
            ),
            ("AWS_ACCESS_KEY_ID", "newsdesk"),
            ("AWS_SECRET_ACCESS_KEY", "a-secret-value"),
        ];
        let c = Config::load(None, env(&vars), Overrides::default()).unwrap();
        let storage = c.media_storage().unwrap();
        assert_eq!(storage.describe(), "the media bucket s3://pictures/site-a");
        assert_eq!(
            c.web_settings().media_public_url.as_deref(),
            Some("https://cdn.example.com/site-a")
        );
        // The secret is in no printout of the configuration.
        assert!(!format!("{c:?}").contains("a-secret-value"));
        let err = Config::load(None, env(&vars[..5]), Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("AWS_ACCESS_KEY_ID"), "{err}");
        let prefix = [("NEWSDESK_MEDIA_PREFIX", "../other")];
        let all: Vec<_> = vars.iter().chain(&prefix).copied().collect();
        let err = Config::load(None, env(&all), Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("prefix"), "{err}");
        // Local stays the default.
        let c = Config::load(None, env(&[]), Overrides::default()).unwrap();
        assert!(matches!(
            c.media_storage().unwrap(),
            newsdesk_media::Storage::Local(_)
        ));
    }

    #[test]
    fn libraries_log_warnings_only_unless_named_or_rust_log_is_set() {
        let c = Config::load(None, env(&[]), Overrides::default()).unwrap();
        let filter = c.log_filter();
        assert!(filter.contains("tantivy=warn"), "{filter}");
        assert!(filter.contains("sqlx=warn"), "{filter}");
        assert!(filter.ends_with(",info"), "{filter}");
        let c = Config::load(
            None,
            env(&[("NEWSDESK_LOG_LEVEL", "tantivy=info,debug")]),
            Overrides::default(),
        )
        .unwrap();
        let filter = c.log_filter();
        assert!(!filter.contains("tantivy=warn"), "{filter}");
        assert!(filter.contains("sqlx=warn"), "{filter}");
        let c = Config::load(None, env(&[("RUST_LOG", "debug")]), Overrides::default()).unwrap();
        assert_eq!(c.log_filter(), "debug");
    }

    #[test]
    fn the_example_config_is_complete_and_valid() {
        // newsdesk.example.toml must list every key, with its default value.
        let text = include_str!("../../../newsdesk.example.toml");
        let example: toml::Table = text.parse().unwrap();
        let defaults = toml::Table::try_from(Config::default()).unwrap();
        let mut missing: Vec<_> = defaults
            .keys()
            .filter(|k| !example.contains_key(*k))
            .collect();
        missing.sort();
        assert!(
            missing.is_empty(),
            "keys missing from newsdesk.example.toml: {missing:?}"
        );
        let parsed: Config = Config::deserialize(toml::Value::Table(example)).unwrap();
        parsed.validate().unwrap();
        // The policy is written out in full there: it must be the one the app sends.
        assert_eq!(
            parsed.content_security_policy,
            newsdesk_web::csp::DEFAULT_POLICY
        );
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("postgres://news:s3cret@db:5432/news"),
            "postgres://news:***@db:5432/news"
        );
        assert_eq!(redact("sqlite://./x.db"), "sqlite://./x.db");
    }
}
