//! Connecting, migrating, and the few places where SQLite and PostgreSQL differ.

use crate::{Store, StoreError};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, Executor, Transaction};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    pub(crate) fn migrations(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        }
    }
}

/// One numbered history, written once per dialect. A test checks that both folders hold
/// the same names and produce the same tables and columns.
pub(crate) const SQLITE_MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_foundation",
        include_str!("../migrations/sqlite/0001_foundation.sql"),
    ),
    (
        "0002_accounts",
        include_str!("../migrations/sqlite/0002_accounts.sql"),
    ),
    (
        "0003_revisions",
        include_str!("../migrations/sqlite/0003_revisions.sql"),
    ),
    (
        "0004_redirects",
        include_str!("../migrations/sqlite/0004_redirects.sql"),
    ),
    (
        "0005_previews",
        include_str!("../migrations/sqlite/0005_previews.sql"),
    ),
    (
        "0006_embargo_index",
        include_str!("../migrations/sqlite/0006_embargo_index.sql"),
    ),
    (
        "0007_desk",
        include_str!("../migrations/sqlite/0007_desk.sql"),
    ),
    (
        "0008_sitemap_index",
        include_str!("../migrations/sqlite/0008_sitemap_index.sql"),
    ),
    (
        "0009_cursors",
        include_str!("../migrations/sqlite/0009_cursors.sql"),
    ),
    (
        "0010_structure",
        include_str!("../migrations/sqlite/0010_structure.sql"),
    ),
    (
        "0011_topic_names",
        include_str!("../migrations/sqlite/0011_topic_names.sql"),
    ),
    (
        "0012_pages",
        include_str!("../migrations/sqlite/0012_pages.sql"),
    ),
    (
        "0013_webhooks",
        include_str!("../migrations/sqlite/0013_webhooks.sql"),
    ),
    (
        "0014_api_tokens",
        include_str!("../migrations/sqlite/0014_api_tokens.sql"),
    ),
    (
        "0015_file_hashes",
        include_str!("../migrations/sqlite/0015_file_hashes.sql"),
    ),
    (
        "0016_import_sources",
        include_str!("../migrations/sqlite/0016_import_sources.sql"),
    ),
    (
        "0017_quiet_changes",
        include_str!("../migrations/sqlite/0017_quiet_changes.sql"),
    ),
    (
        "0018_api_order_index",
        include_str!("../migrations/sqlite/0018_api_order_index.sql"),
    ),
    (
        "0019_edit_leases",
        include_str!("../migrations/sqlite/0019_edit_leases.sql"),
    ),
    (
        "0020_picture_focus",
        include_str!("../migrations/sqlite/0020_picture_focus.sql"),
    ),
    (
        "0021_desk_list",
        include_str!("../migrations/sqlite/0021_desk_list.sql"),
    ),
    (
        "0022_desk_published",
        include_str!("../migrations/sqlite/0022_desk_published.sql"),
    ),
    (
        "0023_related_stories",
        include_str!("../migrations/sqlite/0023_related_stories.sql"),
    ),
    (
        "0024_deep_list_pages",
        include_str!("../migrations/sqlite/0024_deep_list_pages.sql"),
    ),
];
pub(crate) const POSTGRES_MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_foundation",
        include_str!("../migrations/postgres/0001_foundation.sql"),
    ),
    (
        "0002_accounts",
        include_str!("../migrations/postgres/0002_accounts.sql"),
    ),
    (
        "0003_revisions",
        include_str!("../migrations/postgres/0003_revisions.sql"),
    ),
    (
        "0004_redirects",
        include_str!("../migrations/postgres/0004_redirects.sql"),
    ),
    (
        "0005_previews",
        include_str!("../migrations/postgres/0005_previews.sql"),
    ),
    (
        "0006_embargo_index",
        include_str!("../migrations/postgres/0006_embargo_index.sql"),
    ),
    (
        "0007_desk",
        include_str!("../migrations/postgres/0007_desk.sql"),
    ),
    (
        "0008_sitemap_index",
        include_str!("../migrations/postgres/0008_sitemap_index.sql"),
    ),
    (
        "0009_cursors",
        include_str!("../migrations/postgres/0009_cursors.sql"),
    ),
    (
        "0010_structure",
        include_str!("../migrations/postgres/0010_structure.sql"),
    ),
    (
        "0011_topic_names",
        include_str!("../migrations/postgres/0011_topic_names.sql"),
    ),
    (
        "0012_pages",
        include_str!("../migrations/postgres/0012_pages.sql"),
    ),
    (
        "0013_webhooks",
        include_str!("../migrations/postgres/0013_webhooks.sql"),
    ),
    (
        "0014_api_tokens",
        include_str!("../migrations/postgres/0014_api_tokens.sql"),
    ),
    (
        "0015_file_hashes",
        include_str!("../migrations/postgres/0015_file_hashes.sql"),
    ),
    (
        "0016_import_sources",
        include_str!("../migrations/postgres/0016_import_sources.sql"),
    ),
    (
        "0017_quiet_changes",
        include_str!("../migrations/postgres/0017_quiet_changes.sql"),
    ),
    (
        "0018_api_order_index",
        include_str!("../migrations/postgres/0018_api_order_index.sql"),
    ),
    (
        "0019_edit_leases",
        include_str!("../migrations/postgres/0019_edit_leases.sql"),
    ),
    (
        "0020_picture_focus",
        include_str!("../migrations/postgres/0020_picture_focus.sql"),
    ),
    (
        "0021_desk_list",
        include_str!("../migrations/postgres/0021_desk_list.sql"),
    ),
    (
        "0022_desk_published",
        include_str!("../migrations/postgres/0022_desk_published.sql"),
    ),
    (
        "0023_related_stories",
        include_str!("../migrations/postgres/0023_related_stories.sql"),
    ),
    (
        "0024_deep_list_pages",
        include_str!("../migrations/postgres/0024_deep_list_pages.sql"),
    ),
];

#[derive(Clone, Debug)]
pub struct ConnectOptions {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
    /// On SQLite, whether each commit waits for the disk (`synchronous=FULL`, the
    /// default). Off (`synchronous=NORMAL`) for bulk work that can simply be run again —
    /// an import — where the wait is most of the time: the database stays consistent, but
    /// a power cut may undo the last commits.
    pub sync_each_commit: bool,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(5),
            sync_each_commit: true,
        }
    }
}

impl Store {
    /// Opens a pool on `url` (`sqlite://path/to/file.db` or `postgres://…`). A SQLite file is
    /// created when missing and runs in WAL mode with `synchronous=FULL` (unless
    /// [`ConnectOptions::sync_each_commit`] is off) and foreign keys on.
    pub async fn connect(url: &str, options: &ConnectOptions) -> crate::Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url).ok_or_else(|| StoreError::BadUrl {
            url: url.to_owned(),
            reason: "it must start with sqlite:// or postgres://".to_owned(),
        })?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_owned(),
        };
        let connect_options =
            AnyConnectOptions::from_str(&url).map_err(|e| StoreError::BadUrl {
                url: url.clone(),
                reason: e.to_string(),
            })?;
        let synchronous = if crate::faults::synchronous_off() {
            "OFF"
        } else if options.sync_each_commit {
            "FULL"
        } else {
            "NORMAL"
        };
        let pool = AnyPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(options.acquire_timeout)
            // A SQLite connection is a file in this process and cannot drop away the way a
            // PostgreSQL server's can: pinging it on every acquire only costs a round trip
            // to its worker thread, for every query.
            .test_before_acquire(backend != Backend::Sqlite)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // 16 MB of pages per connection (8 connections: 128 MB at most);
                        // the kernel's file cache holds the rest of a big database.
                        let pragmas = format!(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                             PRAGMA cache_size = -16000; PRAGMA temp_store = MEMORY;"
                        );
                        conn.execute(pragmas.as_str()).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(connect_options)
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let listen_url = (backend == Backend::Postgres).then(|| url.as_str().into());
        Ok(Store {
            pool,
            backend,
            quiet: false,
            listen_url,
            sitemap_months: Default::default(),
            list_depths: Default::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies every migration not yet applied, each in its own transaction, in order.
    /// On PostgreSQL an advisory lock keeps two starting nodes from migrating at once.
    pub async fn migrate(&self) -> crate::Result<Vec<&'static str>> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Postgres {
            conn.execute("SELECT pg_advisory_lock(7201)").await?;
        }
        let result = self.migrate_locked(&mut conn).await;
        if self.backend == Backend::Postgres {
            conn.execute("SELECT pg_advisory_unlock(7201)").await?;
        }
        result
    }

    async fn migrate_locked(
        &self,
        conn: &mut sqlx::AnyConnection,
    ) -> crate::Result<Vec<&'static str>> {
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        )
        .await?;
        let done: Vec<String> = sqlx::query_scalar("SELECT name FROM schema_migrations")
            .fetch_all(&mut *conn)
            .await?;
        let mut applied = Vec::new();
        for (name, sql) in self.backend.migrations() {
            if done.iter().any(|d| d == name) {
                continue;
            }
            let fail = |e: sqlx::Error| StoreError::Migration {
                name: (*name).to_owned(),
                reason: e.to_string(),
            };
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            sqlx::raw_sql(sql).execute(&mut *tx).await.map_err(fail)?;
            sqlx::query("INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)")
                .bind(*name)
                .bind(newsdesk_core::now())
                .execute(&mut *tx)
                .await
                .map_err(fail)?;
            tx.commit().await?;
            tracing::info!(
                migration = name,
                backend = self.backend.name(),
                "applied migration"
            );
            applied.push(*name);
        }
        Ok(applied)
    }

    /// Whether the database answers: for `/readyz`.
    pub async fn ping(&self) -> crate::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`),
    /// waiting for another writer up to the busy timeout: a transaction that reads first
    /// and writes later cannot otherwise wait — when another connection wrote since its
    /// read, SQLite refuses its first write at once ("database is locked"), and two
    /// requests changing the newsroom at the same moment would see one of them fail.
    pub(crate) async fn begin(&self) -> crate::Result<Transaction<'static, Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// The tables and their columns, sorted: lets a test compare the two dialects' schemas.
    pub async fn schema_columns(&self) -> crate::Result<Vec<(String, String)>> {
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2"
            }
            Backend::Postgres => {
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() ORDER BY 1, 2"
            }
        };
        Ok(sqlx::query_as(sql).fetch_all(&self.pool).await?)
    }
}

/// Holds change-log ids in commit order: on PostgreSQL, identity values are handed out
/// before commit, so two writers could commit ids 6 then 5 and a follower at 6 would miss
/// 5. A transaction-scoped advisory lock taken just before appending serializes writers
/// from that point to commit. SQLite has one writer at a time already.
pub(crate) async fn lock_change_log(
    backend: Backend,
    tx: &mut Transaction<'static, Any>,
) -> crate::Result<()> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(7202)")
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// `$first, $first+1, …` for `count` values: an `IN (…)` list that works in both dialects.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Maps a unique-constraint violation to a message a person can act on.
pub(crate) fn duplicate_or(e: sqlx::Error, what: &'static str, value: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate {
            what,
            value: value.to_owned(),
        },
        _ => e.into(),
    }
}

impl Store {
    /// Runs one statement outside any transaction and outside the change log: for
    /// administration only (creating or dropping a database in tests, maintenance).
    pub async fn execute_admin(&self, sql: &str) -> crate::Result<()> {
        sqlx::raw_sql(sql).execute(&self.pool).await?;
        Ok(())
    }
}
