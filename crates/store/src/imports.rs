//! What importers remember between runs: which Newsdesk item each imported item became
//! (`import_sources`, so a second run updates instead of creating twice), and the old
//! site's addresses, answered with 301 to the new ones.

use crate::articles::{
    ArticleInput, add_redirect, insert_article, keys_for_save, write_links, write_revision,
};
use crate::changes::append;
use crate::db::placeholders;
use crate::{Store, StoreError};
use newsdesk_core::{Slug, State};
use std::collections::{HashMap, HashSet};

/// What an earlier run made of one imported item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRecord {
    pub local_id: i64,
    /// The importer's checksum of the item as it was then: unchanged items are left alone.
    pub checksum: String,
}

/// A new story an importer brings in whole: saved once, already in the state it reached
/// on the old site, remembered under its id there, its old addresses answered.
#[derive(Clone, Debug)]
pub struct Arrival {
    pub input: ArticleInput,
    /// Who brought it in: its creator for the role policy, and the author of revision 1.
    pub by: Option<i64>,
    /// Its id in the export, remembered with `checksum` (kind `story`).
    pub external_id: String,
    pub checksum: String,
    /// Paths readers may have for it on the old site (each starting with one `/`),
    /// answered with a 301 when it arrives published.
    pub old_addresses: Vec<String>,
}

impl Store {
    /// Writes new stories in one transaction: for each, its row, topics and bylines,
    /// revision 1, the audit line when it arrives published, its change-log row (so
    /// pages, search and purges follow it as they follow a desk save), its import record
    /// and its old addresses. An address already taken gets a number, as at the desk.
    /// Any failure writes none of them. Returns their ids, in order.
    ///
    /// One transaction of a few statements per story is what lets an archive of a
    /// hundred thousand posts arrive in minutes rather than hours.
    pub async fn import_arrivals(
        &self,
        source: &str,
        arrivals: &[Arrival],
    ) -> crate::Result<Vec<i64>> {
        let now = newsdesk_core::now();
        let mut tx = self.begin().await?;
        let mut ids = Vec::with_capacity(arrivals.len());
        let mut taken: HashSet<(i64, Slug)> = HashSet::new();
        let mut section_slugs: HashMap<i64, String> = HashMap::new();
        // The addresses already used among the batch's own, looked up at once; a numbered
        // address, needed only when one is taken, is looked up on its own.
        let wanted: Vec<&str> = arrivals.iter().map(|a| a.input.slug.as_str()).collect();
        let used = used_addresses(&mut tx, &wanted).await?;
        let mut records = Vec::with_capacity(arrivals.len());
        let mut redirects: Vec<(String, String, i64)> = Vec::new();
        for arrival in arrivals {
            let mut input = arrival.input.clone();
            input.validate()?;
            let base = input.slug.clone();
            let mut n = 1;
            loop {
                let free = !taken.contains(&(input.section_id, input.slug.clone()))
                    && if n == 1 {
                        !used.contains(&(input.section_id, input.slug.as_str().to_owned()))
                    } else {
                        sqlx::query_scalar::<_, i64>(
                            "SELECT id FROM articles WHERE section_id = $1 AND slug = $2",
                        )
                        .bind(input.section_id)
                        .bind(input.slug.as_str())
                        .fetch_optional(&mut *tx)
                        .await?
                        .is_none()
                    };
                if free {
                    break;
                }
                n += 1;
                if n > Slug::NUMBERED_MAX {
                    return Err(StoreError::Duplicate {
                        what: "article slug in this section",
                        value: base.as_str().to_owned(),
                    });
                }
                input.slug = base.numbered(n);
            }
            taken.insert((input.section_id, input.slug.clone()));
            let id = insert_article(&mut tx, &input, arrival.by, now).await?;
            write_links(&mut tx, id, &input).await?;
            write_revision(&mut tx, id, 1, arrival.by, &input, now).await?;
            let object = format!("article:{id}");
            if input.state == State::Published {
                let detail = format!("import -> {}", input.state);
                crate::users::audit(&mut tx, arrival.by, "article.publish", &object, &detail)
                    .await?;
            }
            append(
                self.writer(),
                &mut tx,
                &object,
                newsdesk_core::workflow::save_action(None, input.state),
                &keys_for_save(None, &input, id),
            )
            .await?;
            records.push((
                arrival.external_id.as_str(),
                ImportRecord {
                    local_id: id,
                    checksum: arrival.checksum.clone(),
                },
            ));
            if input.state == State::Published && !arrival.old_addresses.is_empty() {
                let section = match section_slugs.get(&input.section_id) {
                    Some(slug) => slug.clone(),
                    None => {
                        let slug: String =
                            sqlx::query_scalar("SELECT slug FROM sections WHERE id = $1")
                                .bind(input.section_id)
                                .fetch_one(&mut *tx)
                                .await?;
                        section_slugs.insert(input.section_id, slug.clone());
                        slug
                    }
                };
                let to = format!("/{section}/{}", input.slug.as_str());
                for from in arrival.old_addresses.iter().filter(|from| **from != to) {
                    redirects.push((from.clone(), to.clone(), id));
                }
            }
            ids.push(id);
        }
        remember_all(&mut tx, source, "story", &records).await?;
        add_redirects(&mut tx, &redirects).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// What `(source, kind, external_id)` became in an earlier run, if anything.
    pub async fn import_record(
        &self,
        source: &str,
        kind: &str,
        external_id: &str,
    ) -> crate::Result<Option<ImportRecord>> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT local_id, checksum FROM import_sources \
             WHERE source = $1 AND kind = $2 AND external_id = $3",
        )
        .bind(source)
        .bind(kind)
        .bind(external_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(local_id, checksum)| ImportRecord { local_id, checksum }))
    }

    /// Notes that `(source, kind, external_id)` is now `local_id`, imported as `checksum`.
    pub async fn remember_import(
        &self,
        source: &str,
        kind: &str,
        external_id: &str,
        record: &ImportRecord,
    ) -> crate::Result<()> {
        let mut tx = self.begin().await?;
        remember(&mut tx, source, kind, external_id, record).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Everything an earlier run made of `source`'s items of `kind`, by their ids there:
    /// read once at the start of a run instead of once per item.
    pub async fn import_records(
        &self,
        source: &str,
        kind: &str,
    ) -> crate::Result<HashMap<String, ImportRecord>> {
        let rows: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT external_id, local_id, checksum FROM import_sources \
             WHERE source = $1 AND kind = $2",
        )
        .bind(source)
        .bind(kind)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, local_id, checksum)| (id, ImportRecord { local_id, checksum }))
            .collect())
    }

    /// Answers the old site's address `from` (a path, perhaps with `?p=N`) with a 301 to
    /// `to`, the way a moved story's old address is answered. With `article_id`, the
    /// redirect goes when the story is deleted for good, and follows it when it moves.
    pub async fn add_old_address(
        &self,
        from: &str,
        to: &str,
        article_id: Option<i64>,
    ) -> crate::Result<()> {
        if from == to {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        add_redirect(&mut tx, from, to, article_id).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Bound values per statement when many rows go in one. Far below SQLite's and
/// PostgreSQL's limits on purpose: SQLite finds a numbered parameter's name by walking a
/// list, so binding n of them costs n², and a few hundred is where rows per statement stop
/// paying.
const VALUES_PER_STATEMENT: usize = 480;

/// Which of `slugs` are already some story's address: `(section id, slug)` pairs.
async fn used_addresses(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    slugs: &[&str],
) -> crate::Result<HashSet<(i64, String)>> {
    let mut used = HashSet::new();
    for chunk in slugs.chunks(VALUES_PER_STATEMENT) {
        let sql = format!(
            "SELECT section_id, slug FROM articles WHERE slug IN ({})",
            placeholders(1, chunk.len())
        );
        let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
        for slug in chunk {
            q = q.bind(*slug);
        }
        used.extend(q.fetch_all(&mut **tx).await?);
    }
    Ok(used)
}

/// [`remember`] for many items of one kind at once (the last word on an id counts).
async fn remember_all(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    source: &str,
    kind: &str,
    records: &[(&str, ImportRecord)],
) -> crate::Result<()> {
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, (id, _)) in records.iter().enumerate() {
        last.insert(id, i);
    }
    let rows: Vec<&(&str, ImportRecord)> = records
        .iter()
        .enumerate()
        .filter(|(i, (id, _))| last[id] == *i)
        .map(|(_, row)| row)
        .collect();
    let now = newsdesk_core::now();
    for chunk in rows.chunks(VALUES_PER_STATEMENT / 6) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", placeholders(6 * i + 1, 6)))
            .collect();
        let sql = format!(
            "INSERT INTO import_sources (source, kind, external_id, local_id, checksum, imported_at) \
             VALUES {} ON CONFLICT (source, kind, external_id) DO UPDATE SET \
             local_id = excluded.local_id, checksum = excluded.checksum, imported_at = excluded.imported_at",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (external_id, record) in chunk {
            q = q
                .bind(source)
                .bind(kind)
                .bind(*external_id)
                .bind(record.local_id)
                .bind(&record.checksum)
                .bind(now);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// [`add_redirect`] for many `(from, to, story)` at once, in order. When none of them
/// touches another or a redirect already there — as in an archive arriving in a newsroom
/// — they go in as rows of a few statements; otherwise one by one, as the desk does.
async fn add_redirects(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    redirects: &[(String, String, i64)],
) -> crate::Result<()> {
    if redirects.is_empty() {
        return Ok(());
    }
    let froms: HashSet<&str> = redirects.iter().map(|(from, _, _)| from.as_str()).collect();
    let tos: HashSet<&str> = redirects.iter().map(|(_, to, _)| to.as_str()).collect();
    let apart = froms.len() == redirects.len() && froms.is_disjoint(&tos) && {
        let mut paths: Vec<&str> = froms.iter().chain(&tos).copied().collect();
        paths.sort_unstable();
        paths.dedup();
        let mut clear = true;
        for chunk in paths.chunks(VALUES_PER_STATEMENT / 2) {
            let sql = format!(
                "SELECT COUNT(*) FROM redirects WHERE from_path IN ({list}) OR to_path IN ({list})",
                list = placeholders(1, chunk.len())
            );
            let mut q = sqlx::query_scalar::<_, i64>(&sql);
            for path in chunk {
                q = q.bind(*path);
            }
            if q.fetch_one(&mut **tx).await? > 0 {
                clear = false;
                break;
            }
        }
        clear
    };
    if !apart {
        for (from, to, id) in redirects {
            add_redirect(tx, from, to, Some(*id)).await?;
        }
        return Ok(());
    }
    let now = newsdesk_core::now();
    for chunk in redirects.chunks(VALUES_PER_STATEMENT / 4) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", placeholders(4 * i + 1, 4)))
            .collect();
        let sql = format!(
            "INSERT INTO redirects (from_path, to_path, article_id, created_at) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (from, to, id) in chunk {
            q = q.bind(from).bind(to).bind(*id).bind(now);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn remember(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    source: &str,
    kind: &str,
    external_id: &str,
    record: &ImportRecord,
) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO import_sources (source, kind, external_id, local_id, checksum, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (source, kind, external_id) DO UPDATE SET \
         local_id = excluded.local_id, checksum = excluded.checksum, imported_at = excluded.imported_at",
    )
    .bind(source)
    .bind(kind)
    .bind(external_id)
    .bind(record.local_id)
    .bind(&record.checksum)
    .bind(newsdesk_core::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
