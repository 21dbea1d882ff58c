//! What `backup`, `restore` and `verify` need of the database: a consistent copy of a
//! SQLite file while the site writes, the database's own integrity checks, the recorded
//! hash of every media file, and whether a database is still empty.

use crate::{Backend, Store, StoreError};
use std::path::Path;

/// One stored media file as the database knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRecord {
    pub key: String,
    /// Whole hex SHA-256 and size, recorded when written (`None` for files stored before
    /// hashes were kept, until `verify` first sees them).
    pub sha256: Option<String>,
    pub bytes: Option<i64>,
}

impl Store {
    /// Every media file the database names, once each.
    pub async fn media_files(&self) -> crate::Result<Vec<FileRecord>> {
        let rows: Vec<(String, Option<String>, Option<i64>)> = sqlx::query_as(
            "SELECT storage_key, MAX(sha256), MAX(bytes) FROM media_renditions \
             GROUP BY storage_key ORDER BY storage_key",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(key, sha256, bytes)| FileRecord { key, sha256, bytes })
            .collect())
    }

    /// Records the hash of a file that had none.
    pub async fn record_file_hash(&self, key: &str, sha256: &str, bytes: i64) -> crate::Result<()> {
        sqlx::query(
            "UPDATE media_renditions SET sha256 = $1, bytes = $2 WHERE storage_key = $3 AND sha256 IS NULL",
        )
        .bind(sha256)
        .bind(bytes)
        .bind(key)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// What the database's own checks find wrong; empty when all is well. SQLite checks
    /// every page and every foreign key; PostgreSQL reads every row of every table (a
    /// damaged page fails the read) and, with `amcheck` installed, checks every index;
    /// both check that the schema is fully migrated.
    pub async fn integrity_problems(&self) -> crate::Result<Vec<String>> {
        let mut problems = Vec::new();
        match self.backend {
            Backend::Sqlite => {
                let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_all(&self.pool)
                    .await?;
                problems.extend(rows.into_iter().filter(|r| r != "ok"));
                let orphans: Vec<(String, i64, String)> =
                    sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
                        .fetch_all(&self.pool)
                        .await?;
                problems.extend(orphans.into_iter().map(|(table, row, parent)| {
                    format!("{table} row {row} points at a missing {parent} row")
                }));
            }
            Backend::Postgres => {
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
                )
                .fetch_all(&self.pool)
                .await?;
                for table in tables {
                    let read: Result<i64, sqlx::Error> =
                        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
                            .fetch_one(&self.pool)
                            .await;
                    if let Err(e) = read {
                        problems.push(format!("table {table} could not be read: {e}"));
                    }
                }
                problems.extend(self.amcheck_problems().await?);
            }
        }
        let done: Vec<String> = sqlx::query_scalar("SELECT name FROM schema_migrations")
            .fetch_all(&self.pool)
            .await?;
        for (name, _) in self.backend.migrations() {
            if !done.iter().any(|d| d == name) {
                problems.push(format!(
                    "migration {name} has not been applied (run `newsdesk migrate`)"
                ));
            }
        }
        Ok(problems)
    }

    /// PostgreSQL's `amcheck`, where the database has it (a superuser's `CREATE EXTENSION
    /// amcheck`): every B-tree index of the schema checked for damage and for rows of its
    /// table it lacks. Without the extension, nothing (reading every table is what's left).
    async fn amcheck_problems(&self) -> crate::Result<Vec<String>> {
        let installed: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'amcheck')",
        )
        .fetch_one(&self.pool)
        .await?;
        if !installed {
            return Ok(Vec::new());
        }
        let indexes: Vec<String> = sqlx::query_scalar(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) \
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE a.amname = 'btree' AND n.nspname = current_schema() ORDER BY 1",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut problems = Vec::new();
        for index in indexes {
            // bt_index_check returns nothing; counting its one row keeps the answer a type
            // every driver reads.
            let checked: Result<i64, sqlx::Error> = sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT bt_index_check($1::regclass, true)) AS checked",
            )
            .bind(&index)
            .fetch_one(&self.pool)
            .await;
            if let Err(e) = checked {
                problems.push(format!("index {index} fails amcheck: {e}"));
            }
        }
        Ok(problems)
    }

    /// Writes a consistent copy of a SQLite database to `path` while others keep writing
    /// (`VACUUM INTO` reads one snapshot). `path` must not exist.
    pub async fn copy_sqlite_into(&self, path: &Path) -> crate::Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Invalid(
                "only a SQLite database is copied this way".into(),
            ));
        }
        let text = path.to_str().ok_or_else(|| {
            StoreError::Invalid(format!("{} is not a UTF-8 path", path.display()))
        })?;
        sqlx::query(&format!("VACUUM INTO '{}'", text.replace('\'', "''")))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether the database holds no tables at all (a restore's target must be empty).
    pub async fn is_blank(&self) -> crate::Result<bool> {
        Ok(self.schema_columns().await?.is_empty())
    }

    /// The name of the last migration applied, for a backup's manifest.
    pub async fn schema_version(&self) -> crate::Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT MAX(name) FROM schema_migrations")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}
