//! The Content API's queries: public stories, pages, topics and authors, filtered by an
//! already-parsed filter (`Filter`, parsed from Ghost's NQL in `web`), ordered by a
//! whitelisted column, paged, and each list loaded in a fixed number of queries.
//!
//! Every story query carries [`PUBLIC`] (published, past any embargo) and leaves trashed
//! stories out, whatever the filter says: a filter only ever narrows the public set, and
//! its values only ever travel as bound parameters.

use crate::Store;
use crate::feeds::group;
use crate::media::like_escaped;
use crate::pages::PUBLIC;
use newsdesk_core::view::{Correction, updated_time};
use newsdesk_core::{Media, Page, UnixTime};

/// What a list may be asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Posts,
    Pages,
    Tags,
    Authors,
}

/// A field a filter may name. Which resource takes which is [`Field::parse`]'s table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// A topic's slug (`tag`, `tags.slug`, `tags`).
    Tag,
    /// The slug of a story's first topic (`primary_tag`).
    PrimaryTag,
    /// An author's slug (`author`, `authors.slug`, `authors`).
    Author,
    /// The slug of a story's first byline (`primary_author`).
    PrimaryAuthor,
    /// A story's headline or a page's title.
    Title,
    /// A topic's or author's name.
    Name,
    /// A story's lead picture (`feature_image`): only `null` and `-null` mean anything.
    FeatureImage,
    /// The section's slug.
    Section,
    Slug,
    Id,
    PublishedAt,
    UpdatedAt,
}

/// How a field's values are typed: the parser turns the text it was sent into these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Time,
}

impl Field {
    /// The field `name` on `resource`, or `None` when that resource has no such field.
    pub fn parse(name: &str, resource: Resource) -> Option<Field> {
        let field = match name {
            "tag" | "tags" | "tags.slug" => Field::Tag,
            "primary_tag" | "primary_tag.slug" => Field::PrimaryTag,
            "author" | "authors" | "authors.slug" => Field::Author,
            "primary_author" | "primary_author.slug" => Field::PrimaryAuthor,
            "title" => Field::Title,
            "name" => Field::Name,
            "feature_image" => Field::FeatureImage,
            "section" | "section.slug" => Field::Section,
            "slug" => Field::Slug,
            "id" => Field::Id,
            "published_at" => Field::PublishedAt,
            "updated_at" => Field::UpdatedAt,
            _ => return None,
        };
        let allowed = match resource {
            Resource::Posts => field != Field::Name,
            Resource::Pages => matches!(
                field,
                Field::Slug | Field::Id | Field::PublishedAt | Field::UpdatedAt | Field::Title
            ),
            Resource::Tags | Resource::Authors => {
                matches!(field, Field::Slug | Field::Id | Field::Name)
            }
        };
        allowed.then_some(field)
    }

    pub fn kind(self) -> Kind {
        match self {
            Field::Id => Kind::Number,
            Field::PublishedAt | Field::UpdatedAt => Kind::Time,
            Field::Tag
            | Field::PrimaryTag
            | Field::Author
            | Field::PrimaryAuthor
            | Field::Section
            | Field::Slug
            | Field::Title
            | Field::Name
            | Field::FeatureImage => Kind::Text,
        }
    }
}

/// A value as bound to a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    /// A number, or a time in unix seconds.
    Int(i64),
    /// NQL's `null`: the field has no value.
    Null,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    In,
    NotIn,
    Gt,
    Ge,
    Lt,
    Le,
    /// `~`: holds the text (case-insensitive); `-~` does not.
    Contains,
    NotContains,
    /// `~^`: starts with it.
    StartsWith,
    /// `~$`: ends with it.
    EndsWith,
}

/// A parsed filter: conditions joined by `and` and `or`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    Cond {
        field: Field,
        op: Op,
        values: Vec<Value>,
    },
    And(Vec<Filter>),
    Or(Vec<Filter>),
    /// A condition known when parsing: `status:published` on public content is always
    /// true, `status:draft` never.
    Always(bool),
}

/// A column a list may be ordered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderBy {
    PublishedAt,
    UpdatedAt,
    Title,
    Slug,
    Id,
    Name,
}

impl OrderBy {
    /// The column `name` on `resource`, from a whitelist: nothing else reaches the SQL.
    pub fn parse(name: &str, resource: Resource) -> Option<OrderBy> {
        let order = match name {
            "published_at" => OrderBy::PublishedAt,
            "updated_at" => OrderBy::UpdatedAt,
            "title" => OrderBy::Title,
            "slug" => OrderBy::Slug,
            "id" => OrderBy::Id,
            "name" => OrderBy::Name,
            _ => return None,
        };
        let allowed = match resource {
            Resource::Posts | Resource::Pages => order != OrderBy::Name,
            Resource::Tags | Resource::Authors => {
                matches!(order, OrderBy::Name | OrderBy::Slug | OrderBy::Id)
            }
        };
        allowed.then_some(order)
    }
}

/// One page of a list: which filter, order and window.
#[derive(Clone, Debug)]
pub struct ListQuery {
    pub filter: Option<Filter>,
    /// Columns and whether each is descending; empty for the resource's default order.
    pub order: Vec<(OrderBy, bool)>,
    pub limit: u32,
    pub offset: u64,
}

/// A public story with everything the API shows of it.
#[derive(Clone, Debug)]
pub struct ApiPost {
    pub id: i64,
    pub slug: String,
    pub headline: String,
    pub standfirst: String,
    pub body_markdown: String,
    pub body_html: String,
    pub section: ApiSection,
    pub tags: Vec<ApiTag>,
    pub authors: Vec<ApiAuthor>,
    pub lead: Option<Media>,
    pub corrections: Vec<Correction>,
    pub created_at: UnixTime,
    pub first_published_at: UnixTime,
    /// When readers were last told it changed (the article page's "Updated"), else the
    /// first publication.
    pub updated_at: UnixTime,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub canonical_url: Option<String>,
    /// The story's version: every save, and every correction, adds one.
    pub version: i64,
    /// When that version was made (the last save or correction).
    pub saved_at: UnixTime,
}

impl ApiPost {
    /// The story's site path, `/{section}/{slug}`.
    pub fn path(&self) -> String {
        crate::pages::article_url(&self.section.slug, &self.slug)
    }
}

#[derive(Clone, Debug)]
pub struct ApiSection {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub hidden: bool,
    pub post_count: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct ApiTag {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Public stories with this topic, when asked for (`include=count.posts`).
    pub post_count: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct ApiAuthor {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub job_title: String,
    pub links: String,
    pub photo: Option<Media>,
    pub post_count: Option<i64>,
}

/// Stories only: the public ones, never trashed. `$1` is `now`.
const POST_WHERE: &str = "a.deleted_at IS NULL";

const POST_SELECT: &str = "SELECT a.id, a.slug, a.headline, a.standfirst, a.body_markdown, a.body_html, \
    a.lead_media_id, s.id, s.slug, s.name, s.description, s.hidden, a.created_at, a.first_published_at, \
    a.published_at, a.seo_title, a.seo_description, a.canonical_url, a.version, a.updated_at \
    FROM articles a JOIN sections s ON s.id = a.section_id";

/// A row of `POST_SELECT`, by position (more columns than sqlx's tuples take).
struct PostRow {
    id: i64,
    slug: String,
    headline: String,
    standfirst: String,
    body_markdown: String,
    body_html: String,
    lead_media_id: Option<i64>,
    section: ApiSection,
    created_at: i64,
    first_published_at: Option<i64>,
    published_at: Option<i64>,
    seo_title: Option<String>,
    seo_description: Option<String>,
    canonical_url: Option<String>,
    version: i64,
    saved_at: i64,
}

impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for PostRow {
    fn from_row(r: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        Ok(PostRow {
            id: r.try_get(0)?,
            slug: r.try_get(1)?,
            headline: r.try_get(2)?,
            standfirst: r.try_get(3)?,
            body_markdown: r.try_get(4)?,
            body_html: r.try_get(5)?,
            lead_media_id: r.try_get(6)?,
            section: ApiSection {
                id: r.try_get(7)?,
                slug: r.try_get(8)?,
                name: r.try_get(9)?,
                description: r.try_get(10)?,
                hidden: r.try_get::<i64, _>(11)? != 0,
                post_count: None,
            },
            created_at: r.try_get(12)?,
            first_published_at: r.try_get(13)?,
            published_at: r.try_get(14)?,
            seo_title: r.try_get(15)?,
            seo_description: r.try_get(16)?,
            canonical_url: r.try_get(17)?,
            version: r.try_get(18)?,
            saved_at: r.try_get(19)?,
        })
    }
}

/// A resource's table, the condition every row of it must meet, and its default order.
struct Table {
    from: &'static str,
    base: &'static str,
    default_order: &'static str,
    /// Whether `$1` (`now`) appears in `base`.
    uses_now: bool,
}

fn table(resource: Resource) -> Table {
    match resource {
        Resource::Posts => Table {
            from: "articles a JOIN sections s ON s.id = a.section_id",
            base: "",
            default_order: "COALESCE(a.first_published_at, a.published_at) DESC",
            uses_now: true,
        },
        Resource::Pages => Table {
            from: "pages p",
            base: "p.state = 'published'",
            default_order: "p.title ASC",
            uses_now: false,
        },
        // Topics and authors are listed when they have a public story: the lists then
        // change only when a story is published or unpublished, which `list:home` carries.
        Resource::Tags => Table {
            from: "tags t",
            base: "t.id IN (SELECT at.tag_id FROM article_tags at JOIN articles a ON a.id = at.article_id \
                   WHERE a.deleted_at IS NULL AND ",
            default_order: "t.name ASC",
            uses_now: true,
        },
        Resource::Authors => Table {
            from: "authors au",
            base: "au.id IN (SELECT aa.author_id FROM article_authors aa JOIN articles a ON a.id = aa.article_id \
                   WHERE a.deleted_at IS NULL AND ",
            default_order: "au.name ASC",
            uses_now: true,
        },
    }
}

/// The base condition of `resource`, complete.
fn base_condition(resource: Resource) -> String {
    let t = table(resource);
    match resource {
        Resource::Posts => format!("{PUBLIC} AND {POST_WHERE}"),
        Resource::Pages => t.base.to_owned(),
        Resource::Tags | Resource::Authors => format!("{}{PUBLIC})", t.base),
    }
}

/// The SQL column or condition of `field` on `resource`.
fn column(field: Field, resource: Resource) -> &'static str {
    let alias = match resource {
        Resource::Posts => "a",
        Resource::Pages => "p",
        Resource::Tags => "t",
        Resource::Authors => "au",
    };
    match (field, alias) {
        (Field::Slug, "a") => "a.slug",
        (Field::Slug, "p") => "p.slug",
        (Field::Slug, "t") => "t.slug",
        (Field::Slug, _) => "au.slug",
        (Field::Id, "a") => "a.id",
        (Field::Id, "p") => "p.id",
        (Field::Id, "t") => "t.id",
        (Field::Id, _) => "au.id",
        (Field::PublishedAt, "a") => "COALESCE(a.first_published_at, a.published_at)",
        (Field::PublishedAt, _) => "p.published_at",
        // The last significant update; corrections are not counted here (they are in the
        // `updated_at` shown), which would take a subquery per row.
        (Field::UpdatedAt, "a") => "COALESCE(a.published_at, a.first_published_at)",
        (Field::UpdatedAt, _) => "p.updated_at",
        (Field::Section, _) => "s.slug",
        (Field::Tag | Field::PrimaryTag, _) => "t.slug",
        (Field::Author | Field::PrimaryAuthor, _) => "au.slug",
        (Field::Title, "a") => "a.headline",
        (Field::Title, _) => "p.title",
        (Field::Name, "t") => "t.name",
        (Field::Name, _) => "au.name",
        (Field::FeatureImage, _) => "a.lead_media_id",
    }
}

fn order_column(order: OrderBy, resource: Resource) -> &'static str {
    match (order, resource) {
        (OrderBy::PublishedAt, Resource::Posts) => column(Field::PublishedAt, resource),
        (OrderBy::UpdatedAt, Resource::Posts) => column(Field::UpdatedAt, resource),
        (OrderBy::Title, Resource::Posts) => "a.headline",
        (OrderBy::PublishedAt, _) => "p.published_at",
        (OrderBy::UpdatedAt, _) => "p.updated_at",
        (OrderBy::Title, _) => "p.title",
        (OrderBy::Slug | OrderBy::Id | OrderBy::Name, _) => match (order, resource) {
            (OrderBy::Name, Resource::Tags) => "t.name",
            (OrderBy::Name, _) => "au.name",
            (OrderBy::Slug, r) => column(Field::Slug, r),
            (_, r) => column(Field::Id, r),
        },
    }
}

/// The unique column that ends every order, so pages never overlap.
fn tie_break(resource: Resource) -> &'static str {
    match resource {
        Resource::Posts => "a.id DESC",
        Resource::Pages => "p.id ASC",
        Resource::Tags => "t.id ASC",
        Resource::Authors => "au.id ASC",
    }
}

impl Filter {
    /// Appends this filter's SQL, with a placeholder for each value pushed onto `binds`
    /// (numbered after the ones already there).
    fn to_sql(&self, resource: Resource, out: &mut String, binds: &mut Vec<Value>) {
        match self {
            Filter::And(parts) | Filter::Or(parts) => {
                let joiner = if matches!(self, Filter::And(_)) {
                    " AND "
                } else {
                    " OR "
                };
                out.push('(');
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        out.push_str(joiner);
                    }
                    part.to_sql(resource, out, binds);
                }
                out.push(')');
            }
            Filter::Always(true) => out.push_str("(1 = 1)"),
            Filter::Always(false) => out.push_str("(1 = 0)"),
            Filter::Cond { field, op, values } if values.first() == Some(&Value::Null) => {
                let is = if matches!(op, Op::Ne | Op::NotIn) {
                    "IS NOT NULL"
                } else {
                    "IS NULL"
                };
                out.push_str(&format!("({} {is})", column(*field, resource)));
            }
            Filter::Cond { field, op, values } => {
                let mut slots = Vec::with_capacity(values.len());
                for value in values {
                    let bound = match (op, value) {
                        (Op::Contains | Op::NotContains, Value::Text(t)) => {
                            Value::Text(format!("%{}%", like_escaped(&t.to_lowercase())))
                        }
                        (Op::StartsWith, Value::Text(t)) => {
                            Value::Text(format!("{}%", like_escaped(&t.to_lowercase())))
                        }
                        (Op::EndsWith, Value::Text(t)) => {
                            Value::Text(format!("%{}", like_escaped(&t.to_lowercase())))
                        }
                        _ => value.clone(),
                    };
                    binds.push(bound);
                    slots.push(format!("${}", binds.len()));
                }
                let list = slots.join(", ");
                let first = slots.first().cloned().unwrap_or_default();
                let negated = matches!(op, Op::Ne | Op::NotIn | Op::NotContains);
                let like = matches!(
                    op,
                    Op::Contains | Op::NotContains | Op::StartsWith | Op::EndsWith
                );
                let test = match op {
                    Op::Contains | Op::NotContains | Op::StartsWith | Op::EndsWith => {
                        format!("LIKE {first} ESCAPE '\\'")
                    }
                    Op::Eq | Op::Ne => format!("= {first}"),
                    Op::In | Op::NotIn => format!("IN ({list})"),
                    Op::Gt => format!("> {first}"),
                    Op::Ge => format!(">= {first}"),
                    Op::Lt => format!("< {first}"),
                    Op::Le => format!("<= {first}"),
                };
                // An empty list matches nothing (`[]`), its negation everything.
                if values.is_empty() {
                    out.push_str(if negated { "(1 = 1)" } else { "(1 = 0)" });
                    return;
                }
                let not = if negated { "NOT " } else { "" };
                let sql = match field {
                    Field::Tag => format!(
                        "a.id {not}IN (SELECT at.article_id FROM article_tags at \
                         JOIN tags t ON t.id = at.tag_id WHERE t.slug {test})"
                    ),
                    Field::Author => format!(
                        "a.id {not}IN (SELECT aa.article_id FROM article_authors aa \
                         JOIN authors au ON au.id = aa.author_id WHERE au.slug {test})"
                    ),
                    Field::PrimaryTag => format!(
                        "a.id {not}IN (SELECT at.article_id FROM article_tags at \
                         JOIN tags t ON t.id = at.tag_id WHERE at.position = 0 AND t.slug {test})"
                    ),
                    Field::PrimaryAuthor => format!(
                        "a.id {not}IN (SELECT aa.article_id FROM article_authors aa \
                         JOIN authors au ON au.id = aa.author_id WHERE aa.position = 0 AND au.slug {test})"
                    ),
                    _ => {
                        let col = column(*field, resource);
                        let col = if like {
                            format!("LOWER({col})")
                        } else {
                            col.to_owned()
                        };
                        if negated {
                            // NULL times never equal anything: keep `NOT` true for them.
                            format!("({col} IS NULL OR NOT ({col} {test}))")
                        } else {
                            format!("{col} {test}")
                        }
                    }
                };
                out.push('(');
                out.push_str(&sql);
                out.push(')');
            }
        }
    }
}

/// `WHERE …` for `resource` with `filter`, and the values to bind after `now` (when the
/// resource uses it, as `$1`).
fn where_clause(resource: Resource, filter: Option<&Filter>) -> (String, Vec<Value>) {
    let t = table(resource);
    let mut binds = Vec::new();
    if t.uses_now {
        // `$1` is `now`; a placeholder slot is kept so the filter's numbering follows.
        binds.push(Value::Int(0));
    }
    let mut sql = format!("WHERE {}", base_condition(resource));
    if let Some(filter) = filter {
        sql.push_str(" AND ");
        filter.to_sql(resource, &mut sql, &mut binds);
    }
    if t.uses_now {
        binds.remove(0);
    }
    (sql, binds)
}

fn order_clause(resource: Resource, order: &[(OrderBy, bool)]) -> String {
    let mut parts: Vec<String> = order
        .iter()
        .map(|(by, desc)| {
            let dir = if *desc { "DESC" } else { "ASC" };
            format!("{} {dir}", order_column(*by, resource))
        })
        .collect();
    if parts.is_empty() {
        parts.push(table(resource).default_order.to_owned());
    }
    parts.push(tie_break(resource).to_owned());
    format!("ORDER BY {}", parts.join(", "))
}

/// Binds `now` (when used) and `values` to `sql`, in placeholder order.
fn bound<'q, O>(
    mut query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    now: Option<UnixTime>,
    values: &'q [Value],
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    if let Some(now) = now {
        query = query.bind(now);
    }
    for value in values {
        query = match value {
            Value::Text(s) => query.bind(s.as_str()),
            Value::Int(i) => query.bind(*i),
            // `null` is written as `IS NULL`, never bound.
            Value::Null => query,
        };
    }
    query
}

impl Store {
    /// The ids on one page of `resource`'s list, and how many rows the whole list has.
    async fn api_ids(
        &self,
        resource: Resource,
        q: &ListQuery,
        now: UnixTime,
    ) -> crate::Result<(Vec<i64>, i64)> {
        let t = table(resource);
        let id = column(Field::Id, resource);
        let (clause, values) = where_clause(resource, q.filter.as_ref());
        let now = t.uses_now.then_some(now);
        let first = values.len() + usize::from(now.is_some()) + 1;
        let count_sql = format!("SELECT COUNT(*) FROM {} {clause}", t.from);
        let (total,): (i64,) = bound(sqlx::query_as(&count_sql), now, &values)
            .fetch_one(&self.pool)
            .await?;
        let sql = format!(
            "SELECT {id} FROM {} {clause} {} LIMIT ${first} OFFSET ${}",
            t.from,
            order_clause(resource, &q.order),
            first + 1
        );
        let offset = i64::try_from(q.offset).unwrap_or(i64::MAX);
        let rows: Vec<(i64,)> = bound(sqlx::query_as(&sql), now, &values)
            .bind(i64::from(q.limit))
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        Ok((rows.into_iter().map(|r| r.0).collect(), total))
    }

    /// One page of public stories and the list's length.
    pub async fn api_posts(
        &self,
        q: &ListQuery,
        now: UnixTime,
    ) -> crate::Result<(Vec<ApiPost>, i64)> {
        let (ids, total) = self.api_ids(Resource::Posts, q, now).await?;
        Ok((self.api_posts_by_ids(&ids, now).await?, total))
    }

    /// The public story `id`, or the newest public one at `slug` (slugs are unique within
    /// a section only).
    pub async fn api_post(
        &self,
        id: Option<i64>,
        slug: Option<&str>,
        now: UnixTime,
    ) -> crate::Result<Option<ApiPost>> {
        let (field, value) = match (id, slug) {
            (Some(id), _) => (Field::Id, Value::Int(id)),
            (None, Some(slug)) => (Field::Slug, Value::Text(slug.to_owned())),
            (None, None) => return Ok(None),
        };
        let q = ListQuery {
            filter: Some(Filter::Cond {
                field,
                op: Op::Eq,
                values: vec![value],
            }),
            order: Vec::new(),
            limit: 1,
            offset: 0,
        };
        Ok(self.api_posts(&q, now).await?.0.into_iter().next())
    }

    /// The stories `ids`, public at `now`, in that order, each in full: five queries
    /// however many there are.
    async fn api_posts_by_ids(&self, ids: &[i64], now: UnixTime) -> crate::Result<Vec<ApiPost>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "{POST_SELECT} WHERE {PUBLIC} AND {POST_WHERE} AND a.id IN ({})",
            crate::db::placeholders(2, ids.len())
        );
        let mut query = sqlx::query_as::<_, PostRow>(&sql).bind(now);
        for id in ids {
            query = query.bind(*id);
        }
        let mut rows: std::collections::HashMap<i64, PostRow> = query
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let mut tags = self.api_story_tags(ids).await?;
        let mut authors = self.api_story_authors(ids).await?;
        let mut corrections = self.api_story_corrections(ids).await?;
        let media_ids: Vec<i64> = rows.values().filter_map(|r| r.lead_media_id).collect();
        let media = self.media_by_ids(&media_ids).await?;
        Ok(ids
            .iter()
            .filter_map(|id| rows.remove(id))
            .map(|r| {
                let corrections = corrections.remove(&r.id).unwrap_or_default();
                let first = r
                    .first_published_at
                    .or(r.published_at)
                    .unwrap_or(r.created_at);
                let last_note = corrections.iter().map(|c| c.published_at).max();
                ApiPost {
                    lead: r.lead_media_id.and_then(|m| media.get(&m).cloned()),
                    tags: tags.remove(&r.id).unwrap_or_default(),
                    authors: authors.remove(&r.id).unwrap_or_default(),
                    corrections,
                    first_published_at: first,
                    updated_at: updated_time(first, r.published_at, last_note).unwrap_or(first),
                    id: r.id,
                    slug: r.slug,
                    headline: r.headline,
                    standfirst: r.standfirst,
                    body_markdown: r.body_markdown,
                    body_html: r.body_html,
                    section: r.section,
                    created_at: r.created_at,
                    seo_title: r.seo_title,
                    seo_description: r.seo_description,
                    canonical_url: r.canonical_url,
                    version: r.version,
                    saved_at: r.saved_at,
                }
            })
            .collect())
    }

    async fn api_story_tags(
        &self,
        ids: &[i64],
    ) -> crate::Result<std::collections::HashMap<i64, Vec<ApiTag>>> {
        let rows: Vec<(i64, i64, String, String, String)> = self
            .rows_for_stories(
                "SELECT at.article_id, t.id, t.slug, t.name, t.description FROM article_tags at \
                 JOIN tags t ON t.id = at.tag_id WHERE at.article_id IN ({ids}) \
                 ORDER BY at.article_id, at.position",
                ids,
            )
            .await?;
        Ok(group(rows.into_iter().map(
            |(story, id, slug, name, description)| {
                let tag = ApiTag {
                    id,
                    slug,
                    name,
                    description,
                    post_count: None,
                };
                (story, tag)
            },
        )))
    }

    async fn api_story_authors(
        &self,
        ids: &[i64],
    ) -> crate::Result<std::collections::HashMap<i64, Vec<ApiAuthor>>> {
        type Row = (
            i64,
            i64,
            String,
            String,
            String,
            String,
            String,
            Option<i64>,
        );
        let rows: Vec<Row> = self
            .rows_for_stories(
                "SELECT aa.article_id, au.id, au.slug, au.name, au.bio, au.job_title, au.links, \
                 au.photo_media_id FROM article_authors aa JOIN authors au ON au.id = aa.author_id \
                 WHERE aa.article_id IN ({ids}) ORDER BY aa.article_id, aa.position",
                ids,
            )
            .await?;
        let photos = self
            .media_by_ids(&rows.iter().filter_map(|r| r.7).collect::<Vec<_>>())
            .await?;
        Ok(group(rows.into_iter().map(|r| {
            let author = ApiAuthor {
                id: r.1,
                slug: r.2,
                name: r.3,
                bio: r.4,
                job_title: r.5,
                links: r.6,
                photo: r.7.and_then(|m| photos.get(&m).cloned()),
                post_count: None,
            };
            (r.0, author)
        })))
    }

    async fn api_story_corrections(
        &self,
        ids: &[i64],
    ) -> crate::Result<std::collections::HashMap<i64, Vec<Correction>>> {
        let rows: Vec<(i64, i64, String, String)> = self
            .rows_for_stories(
                "SELECT article_id, published_at, kind, body FROM corrections \
                 WHERE article_id IN ({ids}) ORDER BY article_id, published_at, id",
                ids,
            )
            .await?;
        Ok(group(rows.into_iter().map(
            |(story, published_at, kind, text)| {
                let c = Correction {
                    published_at,
                    kind,
                    text,
                };
                (story, c)
            },
        )))
    }

    /// One page of published standalone pages and the list's length.
    pub async fn api_pages(&self, q: &ListQuery) -> crate::Result<(Vec<Page>, i64)> {
        let (ids, total) = self.api_ids(Resource::Pages, q, 0).await?;
        let mut pages: std::collections::HashMap<i64, Page> = self
            .published_pages()
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        Ok((
            ids.iter().filter_map(|id| pages.remove(id)).collect(),
            total,
        ))
    }

    /// The published page `id` or at `slug`.
    pub async fn api_page(
        &self,
        id: Option<i64>,
        slug: Option<&str>,
    ) -> crate::Result<Option<Page>> {
        match (id, slug) {
            (Some(id), _) => Ok(self.page(id).await?.filter(|p| p.published)),
            (None, Some(slug)) => self.public_page(slug).await,
            (None, None) => Ok(None),
        }
    }

    /// One page of the topics that have a public story, and the list's length.
    pub async fn api_tags(
        &self,
        q: &ListQuery,
        counts: bool,
        now: UnixTime,
    ) -> crate::Result<(Vec<ApiTag>, i64)> {
        let (ids, total) = self.api_ids(Resource::Tags, q, now).await?;
        Ok((self.api_tags_by_ids(&ids, counts, now).await?, total))
    }

    async fn api_tags_by_ids(
        &self,
        ids: &[i64],
        counts: bool,
        now: UnixTime,
    ) -> crate::Result<Vec<ApiTag>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT t.id, t.slug, t.name, t.description, \
             (SELECT COUNT(*) FROM article_tags at JOIN articles a ON a.id = at.article_id \
              WHERE at.tag_id = t.id AND {PUBLIC} AND {POST_WHERE}) \
             FROM tags t WHERE t.id IN ({})",
            crate::db::placeholders(2, ids.len())
        );
        let mut query = sqlx::query_as::<_, (i64, String, String, String, i64)>(&sql).bind(now);
        for id in ids {
            query = query.bind(*id);
        }
        let mut rows: std::collections::HashMap<i64, ApiTag> = query
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|(id, slug, name, description, n)| {
                let tag = ApiTag {
                    id,
                    slug,
                    name,
                    description,
                    post_count: counts.then_some(n),
                };
                (id, tag)
            })
            .collect();
        Ok(ids.iter().filter_map(|id| rows.remove(id)).collect())
    }

    /// The topic `id` or at `slug`, with or without public stories (its page exists).
    pub async fn api_tag(
        &self,
        id: Option<i64>,
        slug: Option<&str>,
        counts: bool,
        now: UnixTime,
    ) -> crate::Result<Option<ApiTag>> {
        let id = match (id, slug) {
            (Some(id), _) => id,
            (None, Some(slug)) => match self.tag_by_slug(slug).await? {
                Some(t) => t.id,
                None => return Ok(None),
            },
            (None, None) => return Ok(None),
        };
        Ok(self
            .api_tags_by_ids(&[id], counts, now)
            .await?
            .into_iter()
            .next())
    }

    /// One page of the authors who have a public story, and the list's length.
    pub async fn api_authors(
        &self,
        q: &ListQuery,
        counts: bool,
        now: UnixTime,
    ) -> crate::Result<(Vec<ApiAuthor>, i64)> {
        let (ids, total) = self.api_ids(Resource::Authors, q, now).await?;
        Ok((self.api_authors_by_ids(&ids, counts, now).await?, total))
    }

    async fn api_authors_by_ids(
        &self,
        ids: &[i64],
        counts: bool,
        now: UnixTime,
    ) -> crate::Result<Vec<ApiAuthor>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        type Row = (
            i64,
            String,
            String,
            String,
            String,
            String,
            Option<i64>,
            i64,
        );
        let sql = format!(
            "SELECT au.id, au.slug, au.name, au.bio, au.job_title, au.links, au.photo_media_id, \
             (SELECT COUNT(*) FROM article_authors aa JOIN articles a ON a.id = aa.article_id \
              WHERE aa.author_id = au.id AND {PUBLIC} AND {POST_WHERE}) \
             FROM authors au WHERE au.id IN ({})",
            crate::db::placeholders(2, ids.len())
        );
        let mut query = sqlx::query_as::<_, Row>(&sql).bind(now);
        for id in ids {
            query = query.bind(*id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let photos = self
            .media_by_ids(&rows.iter().filter_map(|r| r.6).collect::<Vec<_>>())
            .await?;
        let mut rows: std::collections::HashMap<i64, ApiAuthor> = rows
            .into_iter()
            .map(|r| {
                let author = ApiAuthor {
                    id: r.0,
                    slug: r.1,
                    name: r.2,
                    bio: r.3,
                    job_title: r.4,
                    links: r.5,
                    photo: r.6.and_then(|m| photos.get(&m).cloned()),
                    post_count: counts.then_some(r.7),
                };
                (r.0, author)
            })
            .collect();
        Ok(ids.iter().filter_map(|id| rows.remove(id)).collect())
    }

    /// The author `id` or at `slug`, with or without public stories (their page exists).
    pub async fn api_author(
        &self,
        id: Option<i64>,
        slug: Option<&str>,
        counts: bool,
        now: UnixTime,
    ) -> crate::Result<Option<ApiAuthor>> {
        let id = match (id, slug) {
            (Some(id), _) => id,
            (None, Some(slug)) => match self.author_by_slug(slug).await? {
                Some(a) => a.id,
                None => return Ok(None),
            },
            (None, None) => return Ok(None),
        };
        Ok(self
            .api_authors_by_ids(&[id], counts, now)
            .await?
            .into_iter()
            .next())
    }

    /// Every section in order, with its count of public stories when asked.
    pub async fn api_sections(
        &self,
        counts: bool,
        now: UnixTime,
    ) -> crate::Result<Vec<ApiSection>> {
        let sql = format!(
            "SELECT s.id, s.slug, s.name, s.description, s.hidden, \
             (SELECT COUNT(*) FROM articles a WHERE a.section_id = s.id AND {PUBLIC} AND {POST_WHERE}) \
             FROM sections s ORDER BY s.position, s.id"
        );
        let rows: Vec<(i64, String, String, String, i64, i64)> =
            sqlx::query_as(&sql).bind(now).fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .map(|(id, slug, name, description, hidden, n)| ApiSection {
                id,
                slug,
                name,
                description,
                hidden: hidden != 0,
                post_count: counts.then_some(n),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_become_placeholders_after_now() {
        let filter = Filter::And(vec![
            Filter::Cond {
                field: Field::Tag,
                op: Op::In,
                values: vec![Value::Text("a".into()), Value::Text("b".into())],
            },
            Filter::Cond {
                field: Field::PublishedAt,
                op: Op::Gt,
                values: vec![Value::Int(5)],
            },
        ]);
        let (sql, binds) = where_clause(Resource::Posts, Some(&filter));
        assert!(sql.contains("t.slug IN ($2, $3)"), "{sql}");
        assert!(sql.contains("> $4"), "{sql}");
        assert!(sql.starts_with("WHERE a.state = 'published'"), "{sql}");
        assert_eq!(binds.len(), 3);
    }

    #[test]
    fn pages_number_their_placeholders_from_one() {
        let filter = Filter::Cond {
            field: Field::Slug,
            op: Op::Ne,
            values: vec![Value::Text("about".into())],
        };
        let (sql, _) = where_clause(Resource::Pages, Some(&filter));
        assert!(sql.contains("NOT (p.slug = $1)"), "{sql}");
    }
}
