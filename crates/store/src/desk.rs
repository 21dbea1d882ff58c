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
use sqlx::Row;

/// How long a story stays restorable in the trash.
pub const TRASH_DAYS: i64 = 30;

/// Which stories the desk lists. Empty fields filter nothing.
#[derive(Clone, Debug, Default)]
pub struct DeskFilter {
    pub state: Option<State>,
    pub section_id: Option<i64>,
    pub author_id: Option<i64>,
    /// Only the stories of this person: created by the user, or under the byline.
    pub mine: Option<Mine>,
    /// Words in the headline.
    pub query: String,
    pub sort: DeskSort,
    /// A page by number (the Admin API); ignored when a cursor is given.
    pub page: u32,
    /// The page after (or before) this story in the list's order: the desk's paging,
    /// which costs the same on the last page of 100,000 stories as on the first.
    pub cursor: Option<(CursorSide, DeskCursor)>,
}

/// A person's own stories: those they created and those that carry their byline.
#[derive(Clone, Copy, Debug)]
pub struct Mine {
    pub user_id: i64,
    pub author_id: Option<i64>,
}

/// The desk list's orders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DeskSort {
    /// Last saved first.
    #[default]
    Saved,
    /// Last published first (stories never published last).
    Published,
    /// Soonest scheduled first (stories not scheduled last).
    Scheduled,
    /// By headline, A to Z.
    Headline,
}

impl DeskSort {
    pub fn as_str(self) -> &'static str {
        match self {
            DeskSort::Saved => "saved",
            DeskSort::Published => "published",
            DeskSort::Scheduled => "scheduled",
            DeskSort::Headline => "headline",
        }
    }

    pub fn parse(name: &str) -> Option<DeskSort> {
        [
            DeskSort::Saved,
            DeskSort::Published,
            DeskSort::Scheduled,
            DeskSort::Headline,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }

    /// The ordering expression (never NULL, so that a cursor can compare it) and whether
    /// it runs from high to low.
    fn key(self) -> (&'static str, bool) {
        match self {
            DeskSort::Saved => ("a.updated_at", true),
            DeskSort::Published => ("COALESCE(a.published_at, 0)", true),
            DeskSort::Scheduled => ("COALESCE(a.scheduled_for, 9000000000000)", false),
            DeskSort::Headline => ("LOWER(a.headline)", false),
        }
    }
}

/// Which way a cursor pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorSide {
    After,
    Before,
}

/// A story's place in a desk list: its sort key and its id (the tie-break).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeskCursor {
    pub key: CursorKey,
    pub id: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CursorKey {
    Number(i64),
    Text(String),
}

impl DeskCursor {
    /// `KEY~ID` as it travels in a link (the text key is percent-encoded by the caller).
    pub fn to_param(&self) -> String {
        match &self.key {
            CursorKey::Number(n) => format!("{n}~{}", self.id),
            CursorKey::Text(t) => format!("{t}~{}", self.id),
        }
    }

    /// Reads [`DeskCursor::to_param`] back for `sort`; `None` for anything else.
    pub fn parse(param: &str, sort: DeskSort) -> Option<DeskCursor> {
        let (key, id) = param.rsplit_once('~')?;
        let id = id.parse().ok()?;
        let key = match sort {
            DeskSort::Headline => CursorKey::Text(key.chars().take(300).collect()),
            _ => CursorKey::Number(key.parse().ok()?),
        };
        Some(DeskCursor { key, id })
    }
}

/// One page of the desk's list: its stories, and the cursors of the pages on either side
/// (`None` where the list ends).
#[derive(Debug)]
pub struct DeskPage {
    pub stories: Vec<DeskStory>,
    pub before: Option<DeskCursor>,
    pub after: Option<DeskCursor>,
}

/// The most the desk counts in one of its views (see [`Store::desk_counts`]).
pub const DESK_COUNT_CAP: i64 = 1_000;

/// How many stories the desk's views hold: by state, and the person's own.
#[derive(Clone, Debug, Default)]
pub struct DeskCounts {
    pub all: i64,
    pub mine: i64,
    pub by_state: Vec<(State, i64)>,
}

impl DeskCounts {
    pub fn of(&self, state: State) -> i64 {
        self.by_state
            .iter()
            .find(|(s, _)| *s == state)
            .map_or(0, |(_, n)| *n)
    }
}

/// id, headline, state, section name, public path, last saved, embargo, scheduled for,
/// published at, sort key (number), sort key (text).
type DeskRow = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

/// One note: id, author's name or email, time, paragraph, text.
pub type NoteRow = (i64, String, UnixTime, Option<i64>, String);

/// One story in the trash: id, headline, deleted at, deleted by (name or email).
pub type TrashRow = (i64, String, UnixTime, String);

const MAX_NOTE: usize = 5000;

impl Store {
    /// A page of the desk's stories in the filter's order, and whether another page
    /// follows (the Admin API's paging by number).
    pub async fn desk_stories(
        &self,
        filter: &DeskFilter,
        per_page: u32,
        now: UnixTime,
    ) -> crate::Result<(Vec<DeskStory>, bool)> {
        let page = self.desk_page(filter, per_page, now).await?;
        Ok((page.stories, page.after.is_some()))
    }

    /// A page of the desk's stories in the filter's order, with the cursors of the pages
    /// around it.
    pub async fn desk_page(
        &self,
        filter: &DeskFilter,
        per_page: u32,
        now: UnixTime,
    ) -> crate::Result<DeskPage> {
        let (key, descending) = filter.sort.key();
        let (number_key, text_key) = if filter.sort == DeskSort::Headline {
            ("CAST(NULL AS BIGINT)", key)
        } else {
            (key, "CAST(NULL AS TEXT)")
        };
        let mut sql = format!(
            "SELECT a.id, a.headline, a.state, s.name, s.slug || '/' || a.slug, a.updated_at, \
             a.embargo_until, a.scheduled_for, a.published_at, {number_key}, {text_key} \
             FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.deleted_at IS NULL"
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
        if filter.mine.is_some() {
            sql += &format!(
                " AND a.id IN (SELECT id FROM articles WHERE created_by = {} AND deleted_at IS NULL \
                 UNION SELECT article_id FROM article_authors WHERE author_id = {})",
                next(),
                next()
            );
        }
        let query = filter.query.trim().to_lowercase();
        if !query.is_empty() {
            sql += &format!(" AND LOWER(a.headline) LIKE {} ESCAPE '\\'", next());
        }
        // Paging backwards reads the list in reverse from the cursor, then turns it round.
        let backwards = matches!(filter.cursor, Some((CursorSide::Before, _)));
        if let Some((side, _)) = &filter.cursor {
            let later = (*side == CursorSide::After) == descending;
            let op = if later { "<" } else { ">" };
            // A row value, which both databases read as a range of the list's index
            // (spelt out with OR, SQLite walked the index from its start instead), after
            // a bound on the key alone, which SQLite needs to range over an index on an
            // expression such as `LOWER(headline)`.
            sql += &format!(
                " AND {key} {op}= {k} AND ({key}, a.id) {op} ({k2}, {id})",
                k = next(),
                k2 = next(),
                id = next()
            );
        }
        let reading_descending = descending != backwards;
        let dir = if reading_descending { "DESC" } else { "ASC" };
        sql += &format!(" ORDER BY {key} {dir}, a.id {dir} LIMIT {}", next());
        if filter.cursor.is_none() {
            sql += &format!(" OFFSET {}", next());
        }
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
        if let Some(mine) = filter.mine {
            // A person with no author profile has no byline: -1 matches none.
            q = q.bind(mine.user_id).bind(mine.author_id.unwrap_or(-1));
        }
        if !query.is_empty() {
            q = q.bind(format!("%{}%", like_escaped(&query)));
        }
        if let Some((_, cursor)) = &filter.cursor {
            q = match &cursor.key {
                CursorKey::Number(k) => q.bind(*k).bind(*k),
                CursorKey::Text(k) => q.bind(k.clone()).bind(k.clone()),
            }
            .bind(cursor.id);
        }
        q = q.bind(i64::from(per_page) + 1);
        if filter.cursor.is_none() {
            q = q.bind(i64::from(filter.page.max(1) - 1) * i64::from(per_page));
        }
        let mut rows = q.fetch_all(&self.pool).await?;
        let more = rows.len() > per_page as usize;
        rows.truncate(per_page as usize);
        if backwards {
            rows.reverse();
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let mut bylines = self.bylines(&ids).await?;
        let cursor_of = |r: &DeskRow| DeskCursor {
            key: match (&r.9, &r.10) {
                (_, Some(text)) => CursorKey::Text(text.clone()),
                (Some(n), None) => CursorKey::Number(*n),
                (None, None) => CursorKey::Number(0),
            },
            id: r.0,
        };
        let first_page = filter.cursor.is_none() && filter.page <= 1;
        let (before, after) = match (&filter.cursor, rows.first(), rows.last()) {
            (_, None, _) | (_, _, None) => (None, None),
            (Some((CursorSide::Before, _)), Some(first), Some(last)) => {
                (more.then(|| cursor_of(first)), Some(cursor_of(last)))
            }
            (_, Some(first), Some(last)) => (
                (!first_page).then(|| cursor_of(first)),
                more.then(|| cursor_of(last)),
            ),
        };
        let mut stories = Vec::with_capacity(rows.len());
        for (
            id,
            headline,
            state,
            section,
            path,
            updated_at,
            embargo_until,
            scheduled_for,
            published_at,
            _,
            _,
        ) in rows
        {
            let state: State = state
                .parse()
                .map_err(|e| crate::StoreError::Invalid(format!("article {id}: {e}")))?;
            let public = state == State::Published && embargo_until.is_none_or(|u| u <= now);
            stories.push(DeskStory {
                id,
                headline,
                state,
                section,
                authors: bylines.remove(&id).unwrap_or_default().join(", "),
                updated_at,
                scheduled_for: (state == State::Scheduled)
                    .then_some(scheduled_for)
                    .flatten(),
                published_at,
                public_url: public.then(|| format!("/{path}")),
                editing: None,
            });
        }
        Ok(DeskPage {
            stories,
            before,
            after,
        })
    }

    /// The bylines of several stories at once, in byline order.
    async fn bylines(
        &self,
        ids: &[i64],
    ) -> crate::Result<std::collections::HashMap<i64, Vec<String>>> {
        let mut found: std::collections::HashMap<i64, Vec<String>> = Default::default();
        if ids.is_empty() {
            return Ok(found);
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT aa.article_id, au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
             WHERE aa.article_id IN ({list}) ORDER BY aa.article_id, aa.position"
        ))
        .fetch_all(&self.pool)
        .await?;
        for (id, name) in rows {
            found.entry(id).or_default().push(name);
        }
        Ok(found)
    }

    /// How many stories each of the desk's views holds (the trash aside), each counted up
    /// to [`DESK_COUNT_CAP`] and no further: a count past it is `DESK_COUNT_CAP + 1`, shown
    /// as "1,000+". Counting every published story of a large archive on each list page
    /// would cost more than the page; each count is a bounded walk of an index instead.
    pub async fn desk_counts(&self, mine: Mine) -> crate::Result<DeskCounts> {
        let limit = DESK_COUNT_CAP + 1;
        let bounded = |filter: &str| {
            format!(
                "(SELECT COUNT(*) FROM (SELECT 1 FROM articles WHERE {filter} \
                 AND deleted_at IS NULL LIMIT {limit}) AS c)"
            )
        };
        let mut columns = vec![bounded("1 = 1")];
        columns.extend(
            State::ALL
                .iter()
                .map(|state| bounded(&format!("state = '{}'", state.as_str()))),
        );
        let sql = format!("SELECT {}", columns.join(", "));
        let row = sqlx::query(&sql).fetch_one(&self.pool).await?;
        let mut counts = DeskCounts {
            all: row.try_get(0)?,
            ..DeskCounts::default()
        };
        for (at, state) in State::ALL.into_iter().enumerate() {
            counts.by_state.push((state, row.try_get(at + 1)?));
        }
        counts.mine = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM (SELECT id FROM articles WHERE created_by = $1 AND deleted_at IS NULL \
             UNION SELECT a.id FROM article_authors aa JOIN articles a ON a.id = aa.article_id \
             WHERE aa.author_id = $2 AND a.deleted_at IS NULL LIMIT {limit}) AS m"
        ))
        .bind(mine.user_id)
        .bind(mine.author_id.unwrap_or(-1))
        .fetch_one(&self.pool)
        .await?;
        Ok(counts)
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
