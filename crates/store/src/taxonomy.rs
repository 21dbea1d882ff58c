//! Sections, tags and authors: the names stories are filed under.

use crate::Store;
use crate::changes::append;
use crate::db::duplicate_or;
use newsdesk_core::{Author, CacheKey, Section, Slug, Tag};

pub struct NewSection {
    pub slug: Slug,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub parent_id: Option<i64>,
}

pub struct NewTag {
    pub slug: Slug,
    pub name: String,
    pub description: String,
}

pub struct NewAuthor {
    pub slug: Slug,
    pub name: String,
    pub bio: String,
    pub photo_media_id: Option<i64>,
}

pub(crate) type SectionRow = (
    i64,
    String,
    String,
    String,
    i64,
    Option<i64>,
    i64,
    String,
    String,
);
pub(crate) type TagRow = (i64, String, String, String);
pub(crate) type AuthorRow = (i64, String, String, String, Option<i64>, String, String);

/// Slugs were valid when written; a row that no longer parses means someone edited the
/// database by hand, and the page should fail loudly rather than link somewhere broken.
pub(crate) fn stored_slug(s: String) -> crate::Result<Slug> {
    Slug::parse(&s).map_err(|e| crate::StoreError::Invalid(format!("stored slug {s:?}: {e}")))
}

pub(crate) fn section_of(row: SectionRow) -> crate::Result<Section> {
    let (id, slug, name, description, position, parent_id, hidden, seo_title, seo_description) =
        row;
    Ok(Section {
        id,
        slug: stored_slug(slug)?,
        name,
        description,
        position,
        parent_id,
        hidden: hidden != 0,
        seo_title,
        seo_description,
    })
}

pub(crate) fn tag_of(row: TagRow) -> crate::Result<Tag> {
    let (id, slug, name, description) = row;
    Ok(Tag {
        id,
        slug: stored_slug(slug)?,
        name,
        description,
    })
}

pub(crate) fn author_of(row: AuthorRow) -> crate::Result<Author> {
    let (id, slug, name, bio, photo_media_id, job_title, links) = row;
    Ok(Author {
        id,
        slug: stored_slug(slug)?,
        name,
        bio,
        photo_media_id,
        job_title,
        links,
    })
}

pub(crate) const SECTION_COLUMNS: &str =
    "id, slug, name, description, position, parent_id, hidden, seo_title, seo_description";
pub(crate) const TAG_COLUMNS: &str = "id, slug, name, description";
pub(crate) const AUTHOR_COLUMNS: &str = "id, slug, name, bio, photo_media_id, job_title, links";

impl Store {
    pub async fn create_section(&self, new: &NewSection) -> crate::Result<Section> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sections (slug, name, description, position, parent_id) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(new.slug.as_str())
        .bind(&new.name)
        .bind(&new.description)
        .bind(new.position)
        .bind(new.parent_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| duplicate_or(e, "section slug", new.slug.as_str()))?;
        crate::structure::take_over_slug(&mut tx, "section", new.slug.as_str()).await?;
        append(
            self.writer(),
            &mut tx,
            &format!("section:{id}"),
            "create",
            &[CacheKey::Site],
        )
        .await?;
        tx.commit().await?;
        Ok(Section {
            id,
            slug: new.slug.clone(),
            name: new.name.clone(),
            description: new.description.clone(),
            position: new.position,
            parent_id: new.parent_id,
            hidden: false,
            seo_title: String::new(),
            seo_description: String::new(),
        })
    }

    /// All sections in navigation order.
    pub async fn sections(&self) -> crate::Result<Vec<Section>> {
        let sql = format!("SELECT {SECTION_COLUMNS} FROM sections ORDER BY position, name");
        let rows: Vec<SectionRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        rows.into_iter().map(section_of).collect()
    }

    pub async fn section_by_slug(&self, slug: &str) -> crate::Result<Option<Section>> {
        let sql = format!("SELECT {SECTION_COLUMNS} FROM sections WHERE slug = $1");
        let row: Option<SectionRow> = sqlx::query_as(&sql)
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        row.map(section_of).transpose()
    }

    pub async fn create_tag(&self, new: &NewTag) -> crate::Result<Tag> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tags (slug, name, description) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(new.slug.as_str())
        .bind(&new.name)
        .bind(&new.description)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| duplicate_or(e, "tag slug", new.slug.as_str()))?;
        crate::structure::take_over_slug(&mut tx, "tag", new.slug.as_str()).await?;
        append(
            self.writer(),
            &mut tx,
            &format!("tag:{id}"),
            "create",
            &[CacheKey::Tag(id)],
        )
        .await?;
        tx.commit().await?;
        Ok(Tag {
            id,
            slug: new.slug.clone(),
            name: new.name.clone(),
            description: new.description.clone(),
        })
    }

    pub async fn tags(&self) -> crate::Result<Vec<Tag>> {
        let sql = format!("SELECT {TAG_COLUMNS} FROM tags ORDER BY name");
        let rows: Vec<TagRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        rows.into_iter().map(tag_of).collect()
    }

    pub async fn tag_by_slug(&self, slug: &str) -> crate::Result<Option<Tag>> {
        let sql = format!("SELECT {TAG_COLUMNS} FROM tags WHERE slug = $1");
        let row: Option<TagRow> = sqlx::query_as(&sql)
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        row.map(tag_of).transpose()
    }

    pub async fn create_author(&self, new: &NewAuthor) -> crate::Result<Author> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO authors (slug, name, bio, photo_media_id) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(new.slug.as_str())
        .bind(&new.name)
        .bind(&new.bio)
        .bind(new.photo_media_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| duplicate_or(e, "author slug", new.slug.as_str()))?;
        crate::structure::take_over_slug(&mut tx, "author", new.slug.as_str()).await?;
        append(
            self.writer(),
            &mut tx,
            &format!("author:{id}"),
            "create",
            &[CacheKey::Author(id)],
        )
        .await?;
        tx.commit().await?;
        Ok(Author {
            id,
            slug: new.slug.clone(),
            name: new.name.clone(),
            bio: new.bio.clone(),
            photo_media_id: new.photo_media_id,
            job_title: String::new(),
            links: String::new(),
        })
    }

    pub async fn authors(&self) -> crate::Result<Vec<Author>> {
        let sql = format!("SELECT {AUTHOR_COLUMNS} FROM authors ORDER BY name");
        let rows: Vec<AuthorRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        rows.into_iter().map(author_of).collect()
    }

    pub async fn author_by_slug(&self, slug: &str) -> crate::Result<Option<Author>> {
        let sql = format!("SELECT {AUTHOR_COLUMNS} FROM authors WHERE slug = $1");
        let row: Option<AuthorRow> = sqlx::query_as(&sql)
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        row.map(author_of).transpose()
    }
}
