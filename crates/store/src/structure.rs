//! The newsroom's structure as the desk edits it: sections (their order, visibility and
//! front-page words), topics (rename, merge, delete, the typeahead) and author profiles.
//!
//! A changed address leaves its old slug in `slug_redirects`, so everything under it
//! answers 301 forever; a live slug always wins, and taking a slug back removes the old
//! row. Every write is one transaction with its audit event and its change-log row, which
//! names every story filed under the thing (so the search index re-reads them) and the
//! lists (and, for sections, the navigation) that show it.

use crate::Store;
use crate::changes::append;
use crate::db::{duplicate_or, placeholders};
use crate::taxonomy::{
    AUTHOR_COLUMNS, AuthorRow, SECTION_COLUMNS, SectionRow, TAG_COLUMNS, TagRow, author_of,
    section_of, tag_of,
};
use crate::users::audit;
use crate::{StoreError, pages::article_url};
use newsdesk_core::{Author, CacheKey, Section, Slug, Tag};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// What a desk form says about a section.
#[derive(Clone, Debug)]
pub struct SectionInput {
    pub slug: Slug,
    pub name: String,
    pub description: String,
    pub seo_title: String,
    pub seo_description: String,
    pub hidden: bool,
    pub position: i64,
}

#[derive(Clone, Debug)]
pub struct TagInput {
    pub slug: Slug,
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug)]
pub struct AuthorInput {
    pub slug: Slug,
    pub name: String,
    pub bio: String,
    pub job_title: String,
    /// One URL a line, already checked.
    pub links: String,
    pub photo_media_id: Option<i64>,
}

/// Which of the three kinds of thing stories are filed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StructureKind {
    Section,
    Tag,
    Author,
}

impl StructureKind {
    /// The name in `slug_redirects.kind`, the change log and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            StructureKind::Section => "section",
            StructureKind::Tag => "tag",
            StructureKind::Author => "author",
        }
    }

    fn table(self) -> &'static str {
        match self {
            StructureKind::Section => "sections",
            StructureKind::Tag => "tags",
            StructureKind::Author => "authors",
        }
    }

    /// The stories filed under one of these (`$1` is its id), in the trash or not.
    fn stories_sql(self) -> &'static str {
        match self {
            StructureKind::Section => "SELECT id FROM articles WHERE section_id = $1",
            StructureKind::Tag => "SELECT article_id FROM article_tags WHERE tag_id = $1",
            StructureKind::Author => "SELECT article_id FROM article_authors WHERE author_id = $1",
        }
    }

    fn list_key(self, id: i64) -> CacheKey {
        match self {
            StructureKind::Section => CacheKey::Section(id),
            StructureKind::Tag => CacheKey::Tag(id),
            StructureKind::Author => CacheKey::Author(id),
        }
    }

    /// Its public page, given its slug.
    pub fn url(self, slug: &str) -> String {
        match self {
            StructureKind::Section => format!("/{slug}/"),
            StructureKind::Tag => format!("/tag/{slug}"),
            StructureKind::Author => format!("/author/{slug}"),
        }
    }
}

/// A public path that may live under an old slug: its kind, the slug, what follows the
/// slug (`""`, `/`, `/feed.xml`, `/some-story`) and the query (with its `?`, or `""`).
pub fn split_old_address(path: &str) -> Option<(StructureKind, &str, &str, &str)> {
    let (path, query) = match path.find('?') {
        Some(i) => path.split_at(i),
        None => (path, ""),
    };
    let rest = path.strip_prefix('/')?;
    let (kind, rest) = if let Some(r) = rest.strip_prefix("tag/") {
        (StructureKind::Tag, r)
    } else if let Some(r) = rest.strip_prefix("author/") {
        (StructureKind::Author, r)
    } else {
        (StructureKind::Section, rest)
    };
    let (slug, after) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    Slug::parse(slug).ok()?;
    Some((kind, slug, after, query))
}

/// Removes the old-address row of `slug`: a new or renamed thing takes the slug over.
pub(crate) async fn take_over_slug(
    tx: &mut Transaction<'static, Any>,
    kind: &str,
    slug: &str,
) -> crate::Result<()> {
    sqlx::query("DELETE FROM slug_redirects WHERE kind = $1 AND old_slug = $2")
        .bind(kind)
        .bind(slug)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records that `old_slug` now means `target_id`.
async fn leave_old_slug(
    tx: &mut Transaction<'static, Any>,
    kind: StructureKind,
    old_slug: &str,
    target_id: i64,
) -> crate::Result<()> {
    take_over_slug(tx, kind.as_str(), old_slug).await?;
    sqlx::query(
        "INSERT INTO slug_redirects (kind, old_slug, target_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(kind.as_str())
    .bind(old_slug)
    .bind(target_id)
    .bind(newsdesk_core::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn stories_of(
    tx: &mut Transaction<'static, Any>,
    kind: StructureKind,
    id: i64,
) -> crate::Result<Vec<i64>> {
    Ok(sqlx::query_scalar(kind.stories_sql())
        .bind(id)
        .fetch_all(&mut **tx)
        .await?)
}

/// The change-log keys of a change to `kind` `id`: its list, its stories (so every page
/// showing them and the search index re-read them) and the sitemap of list pages.
fn keys_for(kind: StructureKind, id: i64, stories: &[i64]) -> Vec<CacheKey> {
    let mut keys = vec![kind.list_key(id), CacheKey::Sitemap];
    if kind == StructureKind::Section {
        // The navigation and the home page's blocks follow sections.
        keys.extend([CacheKey::Site, CacheKey::Home]);
    }
    keys.extend(stories.iter().map(|s| CacheKey::Article(*s)));
    keys
}

/// Points the per-story redirects that led into section `old` at the same story under
/// `new`, so an old story address answers one 301, not two.
async fn repoint_story_redirects(
    tx: &mut Transaction<'static, Any>,
    old: &str,
    new: &str,
) -> crate::Result<()> {
    let prefix = format!("/{old}/");
    // Slugs hold no `%` or `_`, so the pattern matches exactly the prefix.
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT from_path, to_path FROM redirects WHERE to_path LIKE $1")
            .bind(format!("{prefix}%"))
            .fetch_all(&mut **tx)
            .await?;
    for (from, to) in rows {
        let Some(story) = to.strip_prefix(&prefix) else {
            continue;
        };
        sqlx::query("UPDATE redirects SET to_path = $1 WHERE from_path = $2")
            .bind(article_url(new, story))
            .bind(&from)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// "name News → Home news; address news → home-news" for the audit log.
fn described(changes: &[(&str, &str, &str)]) -> String {
    let said: Vec<String> = changes
        .iter()
        .filter(|(_, a, b)| a != b)
        .map(|(what, a, b)| format!("{what} {a:?} -> {b:?}"))
        .collect();
    if said.is_empty() {
        "details".to_owned()
    } else {
        said.join("; ")
    }
}

impl Store {
    pub async fn section(&self, id: i64) -> crate::Result<Option<Section>> {
        let sql = format!("SELECT {SECTION_COLUMNS} FROM sections WHERE id = $1");
        let row: Option<SectionRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(section_of).transpose()
    }

    pub async fn tag(&self, id: i64) -> crate::Result<Option<Tag>> {
        let sql = format!("SELECT {TAG_COLUMNS} FROM tags WHERE id = $1");
        let row: Option<TagRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(tag_of).transpose()
    }

    pub async fn author(&self, id: i64) -> crate::Result<Option<Author>> {
        let sql = format!("SELECT {AUTHOR_COLUMNS} FROM authors WHERE id = $1");
        let row: Option<AuthorRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(author_of).transpose()
    }

    /// How many stories (the trash included) are filed under `kind` `id`.
    pub async fn story_count(&self, kind: StructureKind, id: i64) -> crate::Result<i64> {
        let sql = format!("SELECT COUNT(*) FROM ({}) s", kind.stories_sql());
        Ok(sqlx::query_scalar(&sql)
            .bind(id)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Story counts of every section, topic or author among `ids` (missing: none).
    pub async fn story_counts(
        &self,
        kind: StructureKind,
        ids: &[i64],
    ) -> crate::Result<HashMap<i64, i64>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let (table, column) = match kind {
            StructureKind::Section => ("articles", "section_id"),
            StructureKind::Tag => ("article_tags", "tag_id"),
            StructureKind::Author => ("article_authors", "author_id"),
        };
        let sql = format!(
            "SELECT {column}, COUNT(*) FROM {table} WHERE {column} IN ({}) GROUP BY {column}",
            placeholders(1, ids.len())
        );
        let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
        for id in ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(&self.pool).await?.into_iter().collect())
    }

    /// The old slugs that answer 301 to `kind` `id`, oldest first.
    pub async fn old_slugs(&self, kind: StructureKind, id: i64) -> crate::Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT old_slug FROM slug_redirects WHERE kind = $1 AND target_id = $2 \
             ORDER BY created_at, old_slug",
        )
        .bind(kind.as_str())
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Where `path` lives now if it is under the old slug of a section, topic or author:
    /// the same path under the current slug. `None` when no old slug matches.
    pub async fn renamed_path(&self, path: &str) -> crate::Result<Option<String>> {
        let Some((kind, old, rest, query)) = split_old_address(path) else {
            return Ok(None);
        };
        let sql = format!(
            "SELECT t.slug FROM slug_redirects r JOIN {} t ON t.id = r.target_id \
             WHERE r.kind = $1 AND r.old_slug = $2",
            kind.table()
        );
        let found: Option<String> = sqlx::query_scalar(&sql)
            .bind(kind.as_str())
            .bind(old)
            .fetch_optional(&self.pool)
            .await?;
        let Some(new) = found.filter(|new| new != old) else {
            return Ok(None);
        };
        let moved = match (kind, rest) {
            // `/old` is the front, like `/old/`.
            (StructureKind::Section, "") => format!("/{new}/"),
            (StructureKind::Section, rest) => format!("/{new}{rest}"),
            (kind, rest) => format!("{}{rest}", kind.url(&new)),
        };
        Ok(Some(format!("{moved}{query}")))
    }

    /// Topics whose slug or name starts with `prefix` (already lowercased), in slug
    /// order: `limit` of them from `offset`. Both conditions are ranges on an index (the
    /// unique slug index and the lowercased-name index), so this stays fast with tens of
    /// thousands of topics on either database.
    pub async fn tags_starting(
        &self,
        prefix: &str,
        limit: usize,
        offset: usize,
    ) -> crate::Result<(Vec<Tag>, bool)> {
        let wanted = i64::try_from(limit + 1).unwrap_or(i64::MAX);
        let skip = i64::try_from(offset).unwrap_or(i64::MAX);
        let prefix = prefix.trim().to_lowercase();
        let rows: Vec<TagRow> = if prefix.is_empty() {
            let sql = format!("SELECT {TAG_COLUMNS} FROM tags ORDER BY slug LIMIT $1 OFFSET $2");
            sqlx::query_as(&sql)
                .bind(wanted)
                .bind(skip)
                .fetch_all(&self.pool)
                .await?
        } else {
            let slug = Slug::from_title(&prefix);
            // `from_title` answers "story" for text without letters or digits.
            let slug = if prefix.chars().any(char::is_alphanumeric) {
                slug.as_str().to_owned()
            } else {
                prefix.clone()
            };
            let sql = format!(
                "SELECT {TAG_COLUMNS} FROM tags WHERE (slug >= $1 AND slug < $2) \
                 OR (lower(name) >= $3 AND lower(name) < $4) ORDER BY slug LIMIT $5 OFFSET $6"
            );
            let rows: Vec<TagRow> = sqlx::query_as(&sql)
                .bind(&slug)
                .bind(next_prefix(&slug))
                .bind(&prefix)
                .bind(next_prefix(&prefix))
                .bind(wanted)
                .bind(skip)
                .fetch_all(&self.pool)
                .await?;
            // A database collation may order text by more than its bytes (ignoring
            // hyphens, say): keep only true prefix matches.
            rows.into_iter()
                .filter(|(_, s, name, _)| {
                    s.starts_with(&slug) || name.to_lowercase().starts_with(&prefix)
                })
                .collect()
        };
        let has_more = rows.len() > limit;
        let tags = rows
            .into_iter()
            .take(limit)
            .map(tag_of)
            .collect::<crate::Result<Vec<_>>>()?;
        Ok((tags, has_more))
    }

    /// The topic with this slug or (any case) this name, if there is one.
    pub async fn tag_named(&self, name: &str) -> crate::Result<Option<Tag>> {
        // `from_title` makes "story" of text without letters or digits.
        if !name.chars().any(char::is_alphanumeric) {
            return Ok(None);
        }
        let slug = Slug::from_title(name);
        if let Some(tag) = self.tag_by_slug(slug.as_str()).await? {
            return Ok(Some(tag));
        }
        let sql = format!("SELECT {TAG_COLUMNS} FROM tags WHERE lower(name) = $1");
        let row: Option<TagRow> = sqlx::query_as(&sql)
            .bind(name.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await?;
        row.map(tag_of).transpose()
    }

    /// Which of `ids` are topics.
    pub async fn existing_tag_ids(&self, ids: &[i64]) -> crate::Result<Vec<i64>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id FROM tags WHERE id IN ({})",
            placeholders(1, ids.len())
        );
        let mut q = sqlx::query_scalar::<_, i64>(&sql);
        for id in ids {
            q = q.bind(*id);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    pub async fn tag_count(&self) -> crate::Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM tags")
            .fetch_one(&self.pool)
            .await?)
    }
}

/// The smallest string after every string starting with `prefix` (in byte order):
/// `"chur"` → `"chus"`.
fn next_prefix(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(u32::from(last) + 1) {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    // Only for a prefix of `char::MAX`es: nothing sorts after it.
    "\u{10FFFF}".repeat(prefix.chars().count() + 1)
}

impl Store {
    pub async fn add_section(
        &self,
        input: &SectionInput,
        by: Option<i64>,
    ) -> crate::Result<Section> {
        self.refuse_page_address(&input.slug).await?;
        let mut tx = self.begin().await?;
        let position: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(position), -1) + 1 FROM sections")
                .fetch_one(&mut *tx)
                .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sections (slug, name, description, position, hidden, seo_title, seo_description) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(input.slug.as_str())
        .bind(&input.name)
        .bind(&input.description)
        .bind(position)
        .bind(i64::from(input.hidden))
        .bind(&input.seo_title)
        .bind(&input.seo_description)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| duplicate_or(e, "section address", input.slug.as_str()))?;
        take_over_slug(&mut tx, "section", input.slug.as_str()).await?;
        let object = format!("section:{id}");
        audit(&mut tx, by, "section.create", &object, &input.name).await?;
        append(
            self.writer(),
            &mut tx,
            &object,
            "create",
            &keys_for(StructureKind::Section, id, &[]),
        )
        .await?;
        tx.commit().await?;
        self.section(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(object))
    }

    /// Saves a section's names, words, visibility and position. A new slug leaves the old
    /// one answering 301, for the front, its feeds and every story under it.
    pub async fn save_section(
        &self,
        id: i64,
        input: &SectionInput,
        by: Option<i64>,
    ) -> crate::Result<Section> {
        let object = format!("section:{id}");
        let before = self
            .section(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(object.clone()))?;
        if before.slug != input.slug {
            self.refuse_page_address(&input.slug).await?;
        }
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE sections SET slug = $1, name = $2, description = $3, position = $4, hidden = $5, \
             seo_title = $6, seo_description = $7 WHERE id = $8",
        )
        .bind(input.slug.as_str())
        .bind(&input.name)
        .bind(&input.description)
        .bind(input.position)
        .bind(i64::from(input.hidden))
        .bind(&input.seo_title)
        .bind(&input.seo_description)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| duplicate_or(e, "section address", input.slug.as_str()))?;
        if before.slug != input.slug {
            take_over_slug(&mut tx, "section", input.slug.as_str()).await?;
            leave_old_slug(&mut tx, StructureKind::Section, before.slug.as_str(), id).await?;
            repoint_story_redirects(&mut tx, before.slug.as_str(), input.slug.as_str()).await?;
        }
        let stories = stories_of(&mut tx, StructureKind::Section, id).await?;
        let hidden = |h: bool| if h { "hidden" } else { "shown" };
        let position = (before.position.to_string(), input.position.to_string());
        let detail = described(&[
            ("name", &before.name, &input.name),
            ("address", before.slug.as_str(), input.slug.as_str()),
            ("navigation", hidden(before.hidden), hidden(input.hidden)),
            ("position", &position.0, &position.1),
        ]);
        audit(&mut tx, by, "section.update", &object, &detail).await?;
        let keys = keys_for(StructureKind::Section, id, &stories);
        append(self.writer(), &mut tx, &object, "update", &keys).await?;
        tx.commit().await?;
        self.section(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(object))
    }

    /// Moves a section one place up (`-1`) or down (`1`) in the navigation, numbering
    /// every section's position afresh so equal positions cannot make the move a no-op.
    pub async fn move_section(&self, id: i64, step: i64, by: Option<i64>) -> crate::Result<()> {
        let mut order: Vec<i64> = self.sections().await?.into_iter().map(|s| s.id).collect();
        let Some(at) = order.iter().position(|s| *s == id) else {
            return Err(StoreError::NotFound(format!("section:{id}")));
        };
        let to = if step < 0 {
            at.saturating_sub(1)
        } else {
            (at + 1).min(order.len() - 1)
        };
        order.swap(at, to);
        let mut tx = self.begin().await?;
        for (position, section) in order.iter().enumerate() {
            sqlx::query("UPDATE sections SET position = $1 WHERE id = $2")
                .bind(i64::try_from(position).unwrap_or(i64::MAX))
                .bind(*section)
                .execute(&mut *tx)
                .await?;
        }
        let object = format!("section:{id}");
        let detail = if step < 0 { "moved up" } else { "moved down" };
        audit(&mut tx, by, "section.order", &object, detail).await?;
        append(
            self.writer(),
            &mut tx,
            &object,
            "order",
            &[CacheKey::Site, CacheKey::Home],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a section: an empty one outright, one with stories only by moving them to
    /// `move_to`, whose address the old one then answers with (301) for good.
    pub async fn delete_section(
        &self,
        id: i64,
        move_to: Option<i64>,
        by: Option<i64>,
    ) -> crate::Result<()> {
        let object = format!("section:{id}");
        let section = self
            .section(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(object.clone()))?;
        let mut tx = self.begin().await?;
        let children: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sections WHERE parent_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        if children > 0 {
            return Err(StoreError::Invalid(format!(
                "{} has sections under it; move or delete those first.",
                section.name
            )));
        }
        let stories = stories_of(&mut tx, StructureKind::Section, id).await?;
        let mut keys = keys_for(StructureKind::Section, id, &stories);
        let detail = match (stories.is_empty(), move_to) {
            (true, _) => {
                sqlx::query("DELETE FROM slug_redirects WHERE kind = 'section' AND target_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                format!("{} (empty)", section.name)
            }
            (false, None) => {
                return Err(StoreError::Invalid(format!(
                    "{} still holds {} stories; choose a section to move them to.",
                    section.name,
                    stories.len()
                )));
            }
            (false, Some(target)) if target == id => {
                return Err(StoreError::Invalid(
                    "The stories cannot move to the section being deleted; choose another."
                        .to_owned(),
                ));
            }
            (false, Some(target)) => {
                let Some(to) = self.section(target).await? else {
                    return Err(StoreError::Invalid(
                        "The section to move the stories to does not exist.".to_owned(),
                    ));
                };
                // Two stories may not share an address in one section.
                let clash: Option<String> = sqlx::query_scalar(
                    "SELECT a.slug FROM articles a WHERE a.section_id = $1 AND a.slug IN \
                     (SELECT b.slug FROM articles b WHERE b.section_id = $2) LIMIT 1",
                )
                .bind(id)
                .bind(target)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(slug) = clash {
                    return Err(StoreError::Invalid(format!(
                        "Both sections hold a story at the address {slug:?}; change one of them first."
                    )));
                }
                sqlx::query("UPDATE articles SET section_id = $1 WHERE section_id = $2")
                    .bind(target)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "UPDATE slug_redirects SET target_id = $1 WHERE kind = 'section' AND target_id = $2",
                )
                .bind(target)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                leave_old_slug(
                    &mut tx,
                    StructureKind::Section,
                    section.slug.as_str(),
                    target,
                )
                .await?;
                repoint_story_redirects(&mut tx, section.slug.as_str(), to.slug.as_str()).await?;
                keys.push(CacheKey::Section(target));
                format!(
                    "{} ({} stories moved to {})",
                    section.name,
                    stories.len(),
                    to.name
                )
            }
        };
        sqlx::query("DELETE FROM sections WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, by, "section.delete", &object, &detail).await?;
        append(self.writer(), &mut tx, &object, "delete", &keys).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    pub async fn add_tag(&self, input: &TagInput, by: Option<i64>) -> crate::Result<Tag> {
        let mut tx = self.begin().await?;
        let id = insert_tag(&mut tx, input).await?;
        let object = format!("tag:{id}");
        audit(&mut tx, by, "tag.create", &object, &input.name).await?;
        append(
            self.writer(),
            &mut tx,
            &object,
            "create",
            &keys_for(StructureKind::Tag, id, &[]),
        )
        .await?;
        tx.commit().await?;
        self.tag(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(object))
    }

    /// The topics named in `names`, made where missing (each in its own transaction, as
    /// `add_tag`); names with nothing to make an address from are skipped.
    pub async fn find_or_add_tags(
        &self,
        names: &[String],
        by: Option<i64>,
    ) -> crate::Result<Vec<Tag>> {
        let mut found = Vec::new();
        for name in names {
            let name = name.trim();
            if !name.chars().any(char::is_alphanumeric) {
                continue;
            }
            let tag = match self.tag_named(name).await? {
                Some(tag) => tag,
                None => {
                    let input = TagInput {
                        slug: Slug::from_title(name),
                        name: name.to_owned(),
                        description: String::new(),
                    };
                    match self.add_tag(&input, by).await {
                        Ok(tag) => tag,
                        // Someone made it a moment ago.
                        Err(StoreError::Duplicate { .. }) => self
                            .tag_named(name)
                            .await?
                            .ok_or_else(|| StoreError::NotFound(format!("topic {name:?}")))?,
                        Err(e) => return Err(e),
                    }
                }
            };
            if !found.iter().any(|t: &Tag| t.id == tag.id) {
                found.push(tag);
            }
        }
        Ok(found)
    }

    pub async fn save_tag(&self, id: i64, input: &TagInput, by: Option<i64>) -> crate::Result<Tag> {
        let object = format!("tag:{id}");
        let before = self
            .tag(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(object.clone()))?;
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE tags SET slug = $1, name = $2, description = $3 WHERE id = $4")
            .bind(input.slug.as_str())
            .bind(&input.name)
            .bind(&input.description)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| duplicate_or(e, "topic address", input.slug.as_str()))?;
        if before.slug != input.slug {
            take_over_slug(&mut tx, "tag", input.slug.as_str()).await?;
            leave_old_slug(&mut tx, StructureKind::Tag, before.slug.as_str(), id).await?;
        }
        let stories = stories_of(&mut tx, StructureKind::Tag, id).await?;
        let detail = described(&[
            ("name", &before.name, &input.name),
            ("address", before.slug.as_str(), input.slug.as_str()),
        ]);
        audit(&mut tx, by, "tag.update", &object, &detail).await?;
        append(
            self.writer(),
            &mut tx,
            &object,
            "update",
            &keys_for(StructureKind::Tag, id, &stories),
        )
        .await?;
        tx.commit().await?;
        self.tag(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(object))
    }

    /// Merges topic `from` into `into`: `from`'s stories get `into` (once each), `from` is
    /// deleted, and its address (and any it had before) answers with `into`'s.
    pub async fn merge_tag(&self, from: i64, into: i64, by: Option<i64>) -> crate::Result<Tag> {
        if from == into {
            return Err(StoreError::Invalid(
                "A topic cannot be merged into itself; choose another.".to_owned(),
            ));
        }
        let source = self
            .tag(from)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("tag:{from}")))?;
        let Some(target) = self.tag(into).await? else {
            return Err(StoreError::Invalid(
                "The topic to merge into does not exist.".to_owned(),
            ));
        };
        let mut tx = self.begin().await?;
        let stories = stories_of(&mut tx, StructureKind::Tag, from).await?;
        sqlx::query(
            "INSERT INTO article_tags (article_id, tag_id, position) \
             SELECT article_id, $1, position FROM article_tags WHERE tag_id = $2 \
             AND article_id NOT IN (SELECT article_id FROM article_tags WHERE tag_id = $1)",
        )
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM article_tags WHERE tag_id = $1")
            .bind(from)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE slug_redirects SET target_id = $1 WHERE kind = 'tag' AND target_id = $2",
        )
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM tags WHERE id = $1")
            .bind(from)
            .execute(&mut *tx)
            .await?;
        leave_old_slug(&mut tx, StructureKind::Tag, source.slug.as_str(), into).await?;
        let object = format!("tag:{from}");
        let detail = format!(
            "{:?} merged into {:?} (tag:{into})",
            source.name, target.name
        );
        audit(&mut tx, by, "tag.merge", &object, &detail).await?;
        let mut keys = keys_for(StructureKind::Tag, from, &stories);
        keys.push(CacheKey::Tag(into));
        append(self.writer(), &mut tx, &object, "merge", &keys).await?;
        tx.commit().await?;
        Ok(target)
    }

    /// Deletes a topic and takes it off every story; its address then answers 404.
    pub async fn delete_tag(&self, id: i64, by: Option<i64>) -> crate::Result<()> {
        let object = format!("tag:{id}");
        let tag = self
            .tag(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(object.clone()))?;
        let mut tx = self.begin().await?;
        let stories = stories_of(&mut tx, StructureKind::Tag, id).await?;
        for sql in [
            "DELETE FROM article_tags WHERE tag_id = $1",
            "DELETE FROM slug_redirects WHERE kind = 'tag' AND target_id = $1",
            "DELETE FROM tags WHERE id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        }
        let detail = format!("{:?} (on {} stories)", tag.name, stories.len());
        audit(&mut tx, by, "tag.delete", &object, &detail).await?;
        append(
            self.writer(),
            &mut tx,
            &object,
            "delete",
            &keys_for(StructureKind::Tag, id, &stories),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn insert_tag(tx: &mut Transaction<'static, Any>, input: &TagInput) -> crate::Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tags (slug, name, description) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(input.slug.as_str())
    .bind(&input.name)
    .bind(&input.description)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| duplicate_or(e, "topic address", input.slug.as_str()))?;
    take_over_slug(tx, "tag", input.slug.as_str()).await?;
    Ok(id)
}

impl Store {
    pub async fn add_author(&self, input: &AuthorInput, by: Option<i64>) -> crate::Result<Author> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO authors (slug, name, bio, photo_media_id, job_title, links) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(input.slug.as_str())
        .bind(&input.name)
        .bind(&input.bio)
        .bind(input.photo_media_id)
        .bind(&input.job_title)
        .bind(&input.links)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| duplicate_or(e, "author address", input.slug.as_str()))?;
        take_over_slug(&mut tx, "author", input.slug.as_str()).await?;
        let object = format!("author:{id}");
        audit(&mut tx, by, "author.create", &object, &input.name).await?;
        append(
            self.writer(),
            &mut tx,
            &object,
            "create",
            &keys_for(StructureKind::Author, id, &[]),
        )
        .await?;
        tx.commit().await?;
        self.author(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(object))
    }

    /// Saves an author's profile; with `login` set, also which login writes under this
    /// byline (`Some(None)`: none) — that login's earlier byline, if any, is replaced.
    pub async fn save_author(
        &self,
        id: i64,
        input: &AuthorInput,
        login: Option<Option<i64>>,
        by: Option<i64>,
    ) -> crate::Result<Author> {
        let object = format!("author:{id}");
        let before = self
            .author(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(object.clone()))?;
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE authors SET slug = $1, name = $2, bio = $3, photo_media_id = $4, job_title = $5, \
             links = $6 WHERE id = $7",
        )
        .bind(input.slug.as_str())
        .bind(&input.name)
        .bind(&input.bio)
        .bind(input.photo_media_id)
        .bind(&input.job_title)
        .bind(&input.links)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| duplicate_or(e, "author address", input.slug.as_str()))?;
        if before.slug != input.slug {
            take_over_slug(&mut tx, "author", input.slug.as_str()).await?;
            leave_old_slug(&mut tx, StructureKind::Author, before.slug.as_str(), id).await?;
        }
        if let Some(login) = login {
            let linked: Vec<i64> = sqlx::query_scalar("SELECT id FROM users WHERE author_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
            if login.is_none_or(|l| linked != [l]) {
                sqlx::query("UPDATE users SET author_id = NULL WHERE author_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                if let Some(user) = login {
                    let done = sqlx::query("UPDATE users SET author_id = $1 WHERE id = $2")
                        .bind(id)
                        .bind(user)
                        .execute(&mut *tx)
                        .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::Invalid(
                            "That login does not exist; choose another.".to_owned(),
                        ));
                    }
                }
                let detail = match login {
                    Some(_) => format!("writes as {object}"),
                    None => format!("no login writes as {object}"),
                };
                let who = login.map_or_else(|| object.clone(), |u| format!("user:{u}"));
                audit(&mut tx, by, "user.byline", &who, &detail).await?;
            }
        }
        let stories = stories_of(&mut tx, StructureKind::Author, id).await?;
        let detail = described(&[
            ("name", &before.name, &input.name),
            ("address", before.slug.as_str(), input.slug.as_str()),
        ]);
        audit(&mut tx, by, "author.update", &object, &detail).await?;
        append(
            self.writer(),
            &mut tx,
            &object,
            "update",
            &keys_for(StructureKind::Author, id, &stories),
        )
        .await?;
        tx.commit().await?;
        self.author(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_addresses_split_into_kind_slug_and_what_follows() {
        use StructureKind::*;
        assert_eq!(split_old_address("/news"), Some((Section, "news", "", "")));
        assert_eq!(
            split_old_address("/news/"),
            Some((Section, "news", "/", ""))
        );
        assert_eq!(
            split_old_address("/news/a-story"),
            Some((Section, "news", "/a-story", ""))
        );
        assert_eq!(
            split_old_address("/news/?page=2"),
            Some((Section, "news", "/", "?page=2"))
        );
        assert_eq!(
            split_old_address("/tag/iraq/atom.xml"),
            Some((Tag, "iraq", "/atom.xml", ""))
        );
        assert_eq!(
            split_old_address("/author/jane"),
            Some((Author, "jane", "", ""))
        );
        assert_eq!(split_old_address("/"), None);
        assert_eq!(split_old_address("/wp-login.php"), None);
    }

    #[test]
    fn the_next_prefix_sorts_after_every_string_with_the_prefix() {
        assert_eq!(next_prefix("chur"), "chus");
        assert_eq!(next_prefix("a-"), "a.");
        assert!(next_prefix("church").as_str() > "church-of-england");
    }
}
