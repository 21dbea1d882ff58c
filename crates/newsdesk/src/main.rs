//! `newsdesk`: the command line. Parses flags, loads the one `Config`, wires the crates
//! together and runs a command. Nothing else lives here.

mod backup;
mod config;
mod export;
mod import;
mod tokens;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use config::{Config, Overrides, redact};
use newsdesk_demo::DemoOptions;
use newsdesk_store::{ConnectOptions, Store};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// mimalloc rather than the system allocator: a page render makes and drops thousands of
/// small values, and with glibc's malloc a fifth of an uncached render's time went to
/// allocating and consolidating (perf, BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Newsdesk: a newsroom publishing system in one binary — the editors' desk and the
/// public news site, on SQLite out of the box or PostgreSQL at scale.
#[derive(Parser)]
#[command(version, about, long_about = None, after_help = "Start here: `newsdesk serve --demo` and open http://127.0.0.1:8080")]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Common {
    /// Config file (default: ./newsdesk.toml when it exists). Env: NEWSDESK_CONFIG
    #[arg(long, global = true, env = "NEWSDESK_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Folder for the SQLite database, media and indexes [default: ./newsdesk-data]. Env: NEWSDESK_DATA_DIR
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// sqlite://FILE or postgres://USER:PASSWORD@HOST/DB [default: sqlite in the data dir]. Env: NEWSDESK_DATABASE_URL
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the public news site and the editors' desk (at /admin/; the first visit there
    /// creates the first administrator), with /healthz, /readyz and /metrics.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080]. Env: NEWSDESK_LISTEN
        #[arg(long, value_name = "ADDR:PORT")]
        listen: Option<String>,
        /// Fill an empty database with a generated demo newsroom before serving.
        #[arg(long)]
        demo: bool,
    },
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Rebuild this node's search index from the database (stop `serve` first: the index
    /// has one writer), then store every story's related stories.
    Reindex,
    /// Manage logins: add, list, change a password, disable or enable.
    #[command(subcommand)]
    User(UserCommand),
    /// Copy the database and its media into a new folder while the site keeps serving
    /// (SQLite: VACUUM INTO; PostgreSQL: pg_dump), with a manifest of every file's hash.
    Backup {
        /// A new or empty folder.
        dir: PathBuf,
    },
    /// Put a backup back into an empty data folder or database (then migrate it).
    Restore {
        /// A folder written by `newsdesk backup`.
        dir: PathBuf,
    },
    /// Check the database's integrity and every media file against its recorded hash.
    Verify,
    /// Manage Admin API tokens: add (prints the token once), list, revoke.
    #[command(subcommand)]
    Token(tokens::TokenCommand),
    /// Bring in another system's export (a WordPress WXR file, as an administrator; safe
    /// to run again) or a Newsdesk export (into an empty database).
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Write the whole newsroom into a new folder as documented, versioned JSON plus its
    /// media files (docs/EXPORT.md): to leave, or to move with `import newsdesk`.
    Export {
        /// A new or empty folder.
        dir: PathBuf,
        /// Include password hashes, API tokens and webhooks' secrets (keep it as safe as
        /// the database).
        #[arg(long)]
        with_secrets: bool,
    },
    /// Fill an empty database with a generated newsroom (sections, tags, authors, stories, pictures).
    Demo {
        /// How many stories to generate.
        #[arg(long, default_value_t = 300)]
        articles: usize,
        /// Seed: the same seed gives the same newsroom.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Draw this many pictures and share them between stories (default: one per story up to 100).
        #[arg(long)]
        pictures: Option<usize>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a login. The password is read from standard input when it is not a terminal
    /// (`echo "$PW" | newsdesk user add …`), otherwise asked for twice.
    Add {
        email: String,
        /// contributor, author, editor or admin.
        #[arg(long, default_value = "contributor")]
        role: String,
        /// The name shown in the desk.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// List logins with their roles.
    List,
    /// Set a new password (read like `add`); ends the user's sessions.
    Passwd { email: String },
    /// Stop a login from signing in; ends its sessions.
    Disable { email: String },
    /// Let a disabled login sign in again.
    Enable { email: String },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let listen = match &cli.command {
        Command::Serve { listen, .. } => listen.clone(),
        _ => None,
    };
    let overrides = Overrides {
        listen,
        data_dir: cli.common.data_dir.clone(),
        database_url: cli.common.database_url.clone(),
    };
    let config = Config::load(cli.common.config.as_deref(), std::env::vars(), overrides)?;
    init_logging(&config)?;
    // Failure injection, for the failpoint and crash tests (newsdesk_store::faults). A
    // release build has no failpoints: it says so and carries on.
    if let Ok(spec) = std::env::var("FAILPOINTS") {
        if newsdesk_store::faults::BUILT_IN {
            newsdesk_store::faults::arm(&spec).map_err(anyhow::Error::msg)?;
        } else {
            tracing::warn!("FAILPOINTS is ignored: this build has no failpoints");
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(async move {
        match cli.command {
            Command::Serve { demo, .. } => serve(&config, demo).await,
            Command::Migrate => {
                let store = open_store(&config).await?;
                store.close().await;
                Ok(())
            }
            Command::Reindex => {
                let store = open_store(&config).await?;
                let result = reindex(&config, &store, true).await;
                store.close().await;
                result
            }
            Command::User(command) => {
                let store = open_store(&config).await?;
                let result = user_command(&store, command).await;
                store.close().await;
                result
            }
            Command::Backup { dir } => {
                let store = open_store(&config).await?;
                let media = config.media_storage()?;
                let result = backup::backup(&config, &store, &media, &dir).await;
                store.close().await;
                result
            }
            Command::Restore { dir } => backup::restore(&config, &config.media_storage()?, &dir).await,
            Command::Verify => {
                let store = open_store(&config).await?;
                let media = config.media_storage()?;
                let result = backup::verify(&store, &media).await;
                store.close().await;
                result
            }
            Command::Token(command) => {
                let store = open_store(&config).await?;
                let newsroom = newsdesk_newsroom::Newsroom::new(
                    store.clone(),
                    config.media_storage()?,
                    newsdesk_media::Limits::default(),
                );
                let result = tokens::run(&newsroom, command).await;
                store.close().await;
                result
            }
            Command::Export { dir, with_secrets } => {
                let store = open_store(&config).await?;
                let media = config.media_storage()?;
                let result = export::export(&store, &media, &dir, with_secrets).await;
                store.close().await;
                result
            }
            Command::Import(command) => {
                // An import is safe to run again, so its commits do not each wait for the
                // disk (most of its time otherwise); a power cut at worst undoes its last
                // items, which running it again brings back. (A Newsdesk export loads in
                // one transaction into an empty database: it too can simply be run again.)
                let rebuild_search = command.rebuilds_search();
                let store = open_store_with(&config, false).await?;
                let newsroom = newsdesk_newsroom::Newsroom::new(
                    store.clone(),
                    config.media_storage()?,
                    {
                        let web = config.web_settings();
                        newsdesk_media::Limits {
                            max_bytes: web.upload_max_bytes,
                            max_pixels: web.upload_max_pixels,
                        }
                    },
                );
                let outbound =
                    newsdesk_web::outbound::Outbound::new(config.web_settings().outbound_allow);
                let mut result = import::run(&newsroom, outbound, command).await;
                if result.is_ok() && rebuild_search {
                    result = reindex(&config, &store, false).await.context(
                        "the newsroom was loaded, but this node's search index could not be rebuilt: run `newsdesk reindex`",
                    );
                }
                store.close().await;
                result
            }
            Command::Demo {
                articles,
                seed,
                pictures,
            } => {
                let store = open_store(&config).await?;
                let options = DemoOptions {
                    articles,
                    seed,
                    pictures,
                    ..DemoOptions::default()
                };
                run_demo(&config, &store, &options).await
            }
        }
    })
}

fn init_logging(config: &Config) -> anyhow::Result<()> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(config.log_filter()).map_err(|e| {
        anyhow::anyhow!(
            "log_level (or RUST_LOG) = {:?} is not a valid filter: {e}",
            config.log_filter()
        )
    })?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log_format == "json" {
        builder.json().init()
    } else {
        builder.init()
    }
    Ok(())
}

/// Opens the database (creating the data folder for SQLite) and brings its schema up to date.
async fn open_store(config: &Config) -> anyhow::Result<Store> {
    open_store_with(config, true).await
}

/// [`open_store`], choosing whether each SQLite commit waits for the disk (see
/// [`ConnectOptions::sync_each_commit`]).
async fn open_store_with(config: &Config, sync_each_commit: bool) -> anyhow::Result<Store> {
    let url = config.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "cannot create the data folder {}",
                config.data_dir.display()
            )
        })?;
    }
    let options = ConnectOptions {
        max_connections: config.database_max_connections,
        acquire_timeout: Duration::from_secs(5),
        sync_each_commit,
    };
    let store = Store::connect(&url, &options)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(&url)))?;
    let applied = store
        .migrate()
        .await
        .context("cannot bring the database schema up to date")?;
    if !applied.is_empty() {
        tracing::info!(?applied, "database schema updated");
    }
    Ok(store)
}

async fn user_command(store: &Store, command: UserCommand) -> anyhow::Result<()> {
    use newsdesk_auth::{Email, hash_password};
    let find = |email: String| async move {
        let email = Email::parse(&email)?;
        let found = store.user_for_login(email.as_str()).await?;
        found
            .map(|(u, _)| u)
            .ok_or_else(|| anyhow::anyhow!("no login with the email {email}"))
    };
    match command {
        UserCommand::Add { email, role, name } => {
            let email = Email::parse(&email)?;
            let role: newsdesk_core::Role = role.parse()?;
            let hash = hash_password(&read_password()?)?;
            let new = newsdesk_store::NewUser {
                email: email.as_str(),
                name: &name,
                password_hash: &hash,
                role,
            };
            let user = store.create_user(&new, None).await?;
            println!("added {} ({})", user.email, user.role);
        }
        UserCommand::List => {
            let users = store.users().await?;
            if users.is_empty() {
                println!(
                    "no logins yet: add one with `newsdesk user add EMAIL --role admin`, or open /admin/setup on the running site"
                );
            }
            for u in users {
                let status = if u.disabled { "disabled" } else { "active" };
                println!("{:<40} {:<12} {:<9} {}", u.email, u.role, status, u.name);
            }
        }
        UserCommand::Passwd { email } => {
            let user = find(email).await?;
            let hash = hash_password(&read_password()?)?;
            store.set_password(user.id, &hash, None).await?;
            println!(
                "password changed for {}; their sessions have ended",
                user.email
            );
        }
        UserCommand::Disable { email } => {
            let user = find(email).await?;
            store.set_disabled(user.id, true, None).await?;
            println!("disabled {}; their sessions have ended", user.email);
        }
        UserCommand::Enable { email } => {
            let user = find(email).await?;
            store.set_disabled(user.id, false, None).await?;
            println!("enabled {}", user.email);
        }
    }
    Ok(())
}

/// A password from standard input (first line) for scripts, or asked for twice on a terminal.
fn read_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        let password = line.trim_end_matches(['\n', '\r']).to_owned();
        anyhow::ensure!(!password.is_empty(), "no password on standard input");
        return Ok(password);
    }
    let first = rpassword::prompt_password("Password: ").context("reading the password")?;
    let second = rpassword::prompt_password("Again: ").context("reading the password")?;
    anyhow::ensure!(first == second, "the two passwords differ");
    Ok(first)
}

async fn run_demo(config: &Config, store: &Store, options: &DemoOptions) -> anyhow::Result<()> {
    let existing = store.count_articles().await?;
    if existing > 0 {
        anyhow::bail!(
            "the database already holds {existing} stories; the demo loads only into an empty one \
             (use another --data-dir)"
        );
    }
    let media = config.media_storage()?;
    let summary = newsdesk_demo::load(store, &media, options)
        .await
        .context("loading the demo newsroom")?;
    tracing::info!(
        articles = summary.articles,
        pictures = summary.pictures,
        seconds = summary.elapsed.as_secs_f64(),
        "demo newsroom ready"
    );
    Ok(())
}

async fn serve(config: &Config, demo: bool) -> anyhow::Result<()> {
    // Bind first: a taken port is the most common start-up failure and the quickest to report.
    let listener = tokio::net::TcpListener::bind(&config.listen).await.map_err(|e| {
        anyhow::anyhow!("cannot listen on {}: {e} (is another server running there? choose another with --listen)", config.listen)
    })?;
    let store = open_store(config).await?;
    if demo && store.count_articles().await? == 0 {
        run_demo(config, &store, &DemoOptions::default()).await?;
    }
    let templates =
        newsdesk_render::Templates::new(config.theme_dir()).context("loading the theme")?;
    let media = config.media_storage()?;
    media
        .check()
        .await
        .with_context(|| format!("{} cannot be read", media.describe()))?;
    let app = newsdesk_web::App::new(store.clone(), templates, media, config.web_settings())
        .await
        .context("starting the site (if the search index is locked, another newsdesk process uses this folder: give each process its own search_dir)")?;
    // Background work stops before the database closes: a job finding the pool closed
    // under it would log a failure that is only the shutdown.
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let stopped = move || {
        let mut stopping = stopping.clone();
        async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        }
    };
    // The search index catches up (or, the first time, builds itself) in the background:
    // pages are served meanwhile. A build cut short by the shutdown starts again next time.
    let indexing = app.clone();
    let until_stopped = stopped();
    let jobs = [
        tokio::spawn(async move {
            tokio::select! {
                prepared = indexing.prepare_search() => if let Err(e) = prepared {
                    tracing::error!(error = %e, "the search index could not be prepared; `newsdesk reindex` rebuilds it");
                },
                () = until_stopped => {}
            }
        }),
        tokio::spawn(app.clone().follow_changes_until(stopped())),
        tokio::spawn(app.clone().run_scheduler_until(stopped())),
    ];
    tracing::info!(address = %config.listen, database = %redact(&config.database_url()), "Newsdesk is serving on http://{}", config.listen);
    if store.count_users().await? == 0 {
        tracing::info!(
            "nobody can sign in yet: open {}/admin/ to create the first administrator and set up the newsroom",
            app.settings.base_url
        );
    }
    axum::serve(
        listener,
        app.router()
            .into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("the server stopped")?;
    let _ = stop.send(true);
    for job in jobs {
        if tokio::time::timeout(Duration::from_secs(30), job)
            .await
            .is_err()
        {
            tracing::warn!(
                "a background job did not stop within 30 s; closing the database anyway"
            );
        }
    }
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// A progress bar on a terminal (nothing when standard error is not one).
fn progress(len: u64, what: &'static str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} ({eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what);
    bar
}

/// Rebuilds the search index with a progress bar; then, with `related`, works out every
/// story's related stories (otherwise each is worked out at its page's first render).
async fn reindex(config: &Config, store: &Store, related: bool) -> anyhow::Result<()> {
    let templates =
        newsdesk_render::Templates::new(config.theme_dir()).context("loading the theme")?;
    let media = config.media_storage()?;
    let app = newsdesk_web::App::new(store.clone(), templates, media, config.web_settings())
        .await
        .context("opening the search index (is `newsdesk serve` running on this data folder? stop it first)")?;
    let bar = progress(0, "indexing");
    let started = std::time::Instant::now();
    let indexed = app
        .rebuild_search(|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await
        .context("rebuilding the search index")?;
    bar.finish_and_clear();
    tracing::info!(
        indexed,
        seconds = started.elapsed().as_secs_f64(),
        "search index rebuilt"
    );
    if !related || !config.web_settings().related_stories {
        return Ok(());
    }
    let bar = progress(0, "related");
    let started = std::time::Instant::now();
    let stored = app
        .store_all_related(|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await
        .context("working out related stories")?;
    bar.finish_and_clear();
    tracing::info!(
        stored,
        seconds = started.elapsed().as_secs_f64(),
        "related stories stored"
    );
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return ctrl_c.await.unwrap_or(()),
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    tracing::info!("shutting down");
}
