//! The desk's own records: the filtered story list, the trash and editorial notes.
//!
//! Trashing a story takes it off the site (a published story becomes unpublished, a
//! scheduled one a draft) and out of the desk's lists; it stays restorable for
//! [`TRASH_DAYS`] days, then housekeeping deletes it for good.

use crate::Store;
use crate::changes::append;
use crate::media::like_escaped;
use crate::users::audit;
use newsdesk_core::view::DeskStory;
use newsdesk_core::{CacheKey, State, UnixTime};

/// How long a story stays restorable in the trash.
pub const TRASH_DAYS: i64 = 30;

/// Which stories the desk lists. Empty fields filter nothing.
#[derive(Clone, Debug, Default)]
pub struct DeskFilter {
    pub state: Option<State>,
    pub section_id: Option<i64>,
    pub author_id: Option<i64>,
    /// Words in the headline.
    pub query: String,
    pub page: u32,
}

/// id, headline, state, section name, public path, last saved, embargo.
type DeskRow = (i64, String, String, String, String, i64, Option<i64>);

/// One note: id, author's name or email, time, paragraph, text.
pub type NoteRow = (i64, String, UnixTime, Option<i64>, String);

/// One story in the trash: id, headline, deleted at, deleted by (name or email).
pub type TrashRow = (i64, String, UnixTime, String);

const MAX_NOTE: usize = 5000;

impl Store {
    /// A page of the desk's stories, last saved first, and whether another page follows.
    pub async fn desk_stories(
        &self,
        filter: &DeskFilter,
        per_page: u32,
        now: UnixTime,
    ) -> crate::Result<(Vec<DeskStory>, bool)> {
        let mut sql = String::from(
            "SELECT a.id, a.headline, a.state, s.name, s.slug || '/' || a.slug, a.updated_at, a.embargo_until \
             FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.deleted_at IS NULL",
        );
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        if filter.state.is_some() {
            sql += &format!(" AND a.state = {}", next());
        }
        if filter.section_id.is_some() {
            sql += &format!(" AND a.section_id = {}", next());
        }
        if filter.author_id.is_some() {
            sql += &format!(
                " AND a.id IN (SELECT article_id FROM article_authors WHERE author_id = {})",
                next()
            );
        }
        let query = filter.query.trim().to_lowercase();
        if !query.is_empty() {
            sql += &format!(" AND LOWER(a.headline) LIKE {} ESCAPE '\\'", next());
        }
        sql += &format!(
            " ORDER BY a.updated_at DESC, a.id DESC LIMIT {} OFFSET {}",
            next(),
            next()
        );
        let mut q = sqlx::query_as::<_, DeskRow>(&sql);
        if let Some(state) = filter.state {
            q = q.bind(state.as_str());
        }
        if let Some(id) = filter.section_id {
            q = q.bind(id);
        }
        if let Some(id) = filter.author_id {
            q = q.bind(id);
        }
        if !query.is_empty() {
            q = q.bind(format!("%{}%", like_escaped(&query)));
        }
        let offset = i64::from(filter.page.max(1) - 1) * i64::from(per_page);
        let rows = q
            .bind(i64::from(per_page) + 1)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let has_next = rows.len() > per_page as usize;
        let mut stories = Vec::with_capacity(rows.len());
        for (id, headline, state, section, path, updated_at, embargo_until) in
            rows.into_iter().take(per_page as usize)
        {
            let authors: Vec<String> = sqlx::query_scalar(
                "SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
                 WHERE aa.article_id = $1 ORDER BY aa.position",
            )
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
            let state: State = state
                .parse()
                .map_err(|e| crate::StoreError::Invalid(format!("article {id}: {e}")))?;
            let public = state == State::Published && embargo_until.is_none_or(|u| u <= now);
            stories.push(DeskStory {
                id,
                headline,
                state,
                section,
                authors: authors.join(", "),
                updated_at,
                public_url: public.then(|| format!("/{path}")),
                editing: None,
            });
        }
        Ok((stories, has_next))
    }

    /// Moves a story to the trash, taking it off the site. Returns false when it was
    /// already there (or does not exist).
    pub async fn trash_article(&self, id: i64, by: Option<i64>) -> crate::Result<bool> {
        let Some(before) = self.article(id).await? else {
            return Ok(false);
        };
        let state = match before.state {
            State::Published => State::Unpublished,
            State::Scheduled => State::Draft,
            other => other,
        };
        let mut tx = self.begin().await?;
        let moved = sqlx::query(
            "UPDATE articles SET deleted_at = $1, deleted_by = $2, state = $3, updated_at = $1, \
             version = version + 1 WHERE id = $4 AND deleted_at IS NULL",
        )
        .bind(newsdesk_core::now())
        .bind(by)
        .bind(state.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved == 0 {
            return Ok(false);
        }
        let mut keys = vec![CacheKey::Article(id)];
        if before.state == State::Published {
            keys.extend([CacheKey::Home, CacheKey::Section(before.section_id)]);
            keys.extend(before.tag_ids.iter().copied().map(CacheKey::Tag));
            keys.extend(before.author_ids.iter().copied().map(CacheKey::Author));
        }
        let object = format!("article:{id}");
        append(self.writer(), &mut tx, &object, "trash", &keys).await?;
        let detail = format!("{}: {} -> {state}", before.headline, before.state);
        audit(&mut tx, by, "article.trash", &object, &detail).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Takes a story out of the trash, in the state trashing left it (never public).
    pub async fn restore_article(&self, id: i64, by: Option<i64>) -> crate::Result<bool> {
        let mut tx = self.begin().await?;
        let restored = sqlx::query(
            "UPDATE articles SET deleted_at = NULL, deleted_by = NULL, updated_at = $1, version = version + 1 \
             WHERE id = $2 AND deleted_at IS NOT NULL",
        )
        .bind(newsdesk_core::now())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if restored == 0 {
            return Ok(false);
        }
        let object = format!("article:{id}");
        append(
            self.writer(),
            &mut tx,
            &object,
            "restore",
            &[CacheKey::Article(id)],
        )
        .await?;
        audit(&mut tx, by, "article.restore", &object, "").await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes a story in the trash for good, with its revisions, notes and redirects.
    pub async fn delete_article_forever(&self, id: i64, by: Option<i64>) -> crate::Result<bool> {
        let mut tx = self.begin().await?;
        let headline: Option<String> = sqlx::query_scalar(
            "SELECT headline FROM articles WHERE id = $1 AND deleted_at IS NOT NULL",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(headline) = headline else {
            return Ok(false);
        };
        delete_rows(&mut tx, id).await?;
        let object = format!("article:{id}");
        append(
            self.writer(),
            &mut tx,
            &object,
            "delete",
            &[CacheKey::Article(id)],
        )
        .await?;
        audit(&mut tx, by, "article.delete", &object, &headline).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes for good every story trashed before `before`; returns how many.
    pub async fn purge_trash(&self, before: UnixTime) -> crate::Result<usize> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM articles WHERE deleted_at IS NOT NULL AND deleted_at < $1",
        )
        .bind(before)
        .fetch_all(&self.pool)
        .await?;
        for id in &ids {
            let mut tx = self.begin().await?;
            delete_rows(&mut tx, *id).await?;
            let object = format!("article:{id}");
            append(
                self.writer(),
                &mut tx,
                &object,
                "delete",
                &[CacheKey::Article(*id)],
            )
            .await?;
            audit(
                &mut tx,
                None,
                "article.purge",
                &object,
                "30 days in the trash",
            )
            .await?;
            tx.commit().await?;
        }
        Ok(ids.len())
    }

    /// The trash, most recently deleted first.
    pub async fn trash(&self) -> crate::Result<Vec<TrashRow>> {
        Ok(sqlx::query_as(
            "SELECT a.id, a.headline, a.deleted_at, COALESCE(NULLIF(u.name, ''), u.email, 'system') \
             FROM articles a LEFT JOIN users u ON u.id = a.deleted_by \
             WHERE a.deleted_at IS NOT NULL ORDER BY a.deleted_at DESC, a.id DESC LIMIT 500",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Adds a desk-only note to a story, optionally about one paragraph.
    pub async fn add_note(
        &self,
        article_id: i64,
        by: i64,
        paragraph: Option<i64>,
        body: &str,
    ) -> crate::Result<()> {
        let body = body.trim();
        if body.is_empty() {
            return Err(crate::StoreError::Invalid("the note is empty".into()));
        }
        if body.chars().count() > MAX_NOTE {
            return Err(crate::StoreError::Invalid(format!(
                "a note is at most {MAX_NOTE} characters"
            )));
        }
        sqlx::query(
            "INSERT INTO article_notes (article_id, user_id, at, paragraph, body) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(article_id)
        .bind(by)
        .bind(newsdesk_core::now())
        .bind(paragraph.filter(|p| *p > 0))
        .bind(body)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A story's notes, oldest first.
    pub async fn notes(&self, article_id: i64) -> crate::Result<Vec<NoteRow>> {
        Ok(sqlx::query_as(
            "SELECT n.id, COALESCE(NULLIF(u.name, ''), u.email, 'someone'), n.at, n.paragraph, n.body \
             FROM article_notes n LEFT JOIN users u ON u.id = n.user_id \
             WHERE n.article_id = $1 ORDER BY n.at, n.id",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// Deletes a story and what only it refers to (the rest cascades).
async fn delete_rows(tx: &mut sqlx::Transaction<'static, sqlx::Any>, id: i64) -> crate::Result<()> {
    for sql in [
        "DELETE FROM article_notes WHERE article_id = $1",
        "DELETE FROM preview_links WHERE article_id = $1",
        "DELETE FROM redirects WHERE article_id = $1",
        "DELETE FROM revisions WHERE article_id = $1",
        "DELETE FROM corrections WHERE article_id = $1",
        "DELETE FROM article_tags WHERE article_id = $1",
        "DELETE FROM article_authors WHERE article_id = $1",
        "DELETE FROM articles WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}
