//! What the Admin API answers with: one typed struct per shape, which both writes the
//! answer and describes it in the OpenAPI document (`openapi.rs`), so the two cannot
//! drift apart. Every schema is named `Admin…`: the Content API already uses the plain
//! names (`Post`, `Tag`, `Settings`) for its own, different shapes.

mod structure;

pub(crate) use structure::{AuthorOut, SectionOut, SettingsOut, TopicOut, UserOut};

use newsdesk_core::page::Purpose;
use newsdesk_core::{Article, Media, Role, Scope, State};
use newsdesk_store::Revision;
use serde::{Serialize, Serializer};
use utoipa::ToSchema;
use utoipa::openapi::schema::{Array, ArrayBuilder, Object, ObjectBuilder, SchemaType, Type};

/// A time as the Admin API writes it: RFC 3339 in UTC (`2026-11-25T09:14:00Z`). Stored
/// as Unix seconds.
#[derive(Clone, Copy, Debug, ToSchema)]
#[schema(
    as = AdminTime,
    value_type = String,
    format = DateTime,
    example = "2026-11-25T09:14:00Z"
)]
pub(crate) struct Rfc3339(pub(crate) i64);

impl Serialize for Rfc3339 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A time outside jiff's range cannot come from the desk; were one stored, it is
        // written as the nearest time there is rather than as something not a time.
        let t = jiff::Timestamp::from_second(self.0).unwrap_or(if self.0 < 0 {
            jiff::Timestamp::MIN
        } else {
            jiff::Timestamp::MAX
        });
        s.collect_str(&t)
    }
}

/// A string that is one of `words`.
pub(crate) fn one_of(words: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(words))
        .build()
}

/// One of `words`, or `null`.
pub(crate) fn one_of_or_null(words: impl IntoIterator<Item = &'static str>) -> Object {
    let mut values: Vec<serde_json::Value> = words.into_iter().map(Into::into).collect();
    values.push(serde_json::Value::Null);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values))
        .build()
}

pub(crate) fn states() -> Object {
    one_of(State::ALL.map(State::as_str))
}

pub(crate) fn roles() -> Object {
    one_of(Role::ALL.map(Role::as_str))
}

pub(crate) fn purposes() -> Object {
    one_of(Purpose::ALL.map(Purpose::as_str))
}

fn scopes() -> Array {
    ArrayBuilder::new()
        .items(one_of(Scope::ALL.map(Scope::as_str)))
        .build()
}

/// `GET /me/`: who the token acts for, and what it may do.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminMe)]
pub(crate) struct Me {
    pub(crate) user: MeUser,
    pub(crate) token: MeToken,
}

#[derive(Serialize, ToSchema)]
#[schema(as = AdminMeUser)]
pub(crate) struct MeUser {
    pub(crate) id: i64,
    pub(crate) email: String,
    pub(crate) name: String,
    #[schema(schema_with = roles)]
    pub(crate) role: Role,
}

#[derive(Serialize, ToSchema)]
#[schema(as = AdminToken)]
pub(crate) struct MeToken {
    pub(crate) id: i64,
    pub(crate) name: String,
    #[schema(schema_with = scopes)]
    pub(crate) scopes: Vec<&'static str>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = AdminStoryFlags)]
pub(crate) struct Flags {
    pub(crate) breaking: bool,
    pub(crate) live: bool,
    pub(crate) opinion: bool,
    pub(crate) obituary: bool,
}

/// A dated note on a published story.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminCorrection)]
pub(crate) struct Correction {
    /// `correction` or `update`.
    pub(crate) kind: String,
    pub(crate) text: String,
    pub(crate) published_at: Rfc3339,
}

/// A story as the Admin API shows it: everything the desk's editor holds.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminStory)]
pub(crate) struct StoryOut {
    pub(crate) id: i64,
    /// What a change must name as the version it is based on.
    pub(crate) version: i64,
    #[schema(schema_with = states)]
    pub(crate) state: &'static str,
    pub(crate) slug: String,
    /// The public address, while readers can see the story.
    pub(crate) url: Option<String>,
    pub(crate) headline: String,
    pub(crate) standfirst: String,
    pub(crate) body_markdown: String,
    /// The body as readers see it, rendered from the Markdown and sanitized.
    pub(crate) body_html: String,
    pub(crate) section_id: i64,
    pub(crate) tag_ids: Vec<i64>,
    pub(crate) author_ids: Vec<i64>,
    pub(crate) lead_media_id: Option<i64>,
    pub(crate) flags: Flags,
    pub(crate) seo_title: Option<String>,
    pub(crate) seo_description: Option<String>,
    pub(crate) scheduled_for: Option<Rfc3339>,
    pub(crate) embargo_until: Option<Rfc3339>,
    pub(crate) first_published_at: Option<Rfc3339>,
    pub(crate) published_at: Option<Rfc3339>,
    pub(crate) updated_at: Rfc3339,
    pub(crate) in_trash: bool,
    pub(crate) corrections: Vec<Correction>,
}

impl StoryOut {
    /// `url` and the corrections come from elsewhere.
    pub(crate) fn of(a: Article, url: Option<String>, corrections: Vec<Correction>) -> StoryOut {
        StoryOut {
            id: a.id,
            version: a.version,
            state: a.state.as_str(),
            slug: a.slug.as_str().to_owned(),
            url,
            headline: a.headline,
            standfirst: a.standfirst,
            body_markdown: a.body_markdown,
            body_html: a.body_html,
            section_id: a.section_id,
            tag_ids: a.tag_ids,
            author_ids: a.author_ids,
            lead_media_id: a.lead_media_id,
            flags: Flags {
                breaking: a.flags.breaking,
                live: a.flags.live,
                opinion: a.flags.opinion,
                obituary: a.flags.obituary,
            },
            seo_title: a.seo_title,
            seo_description: a.seo_description,
            scheduled_for: a.scheduled_for.map(Rfc3339),
            embargo_until: a.embargo_until.map(Rfc3339),
            first_published_at: a.first_published_at.map(Rfc3339),
            published_at: a.published_at.map(Rfc3339),
            updated_at: Rfc3339(a.updated_at),
            in_trash: a.deleted_at.is_some(),
            corrections,
        }
    }
}

/// A story in the desk's list.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminStorySummary)]
pub(crate) struct StorySummary {
    pub(crate) id: i64,
    pub(crate) headline: String,
    #[schema(schema_with = states)]
    pub(crate) state: &'static str,
    /// The section's name.
    pub(crate) section: String,
    /// The bylines' names, joined.
    pub(crate) authors: String,
    pub(crate) updated_at: Rfc3339,
    /// The public address, when the story is public.
    pub(crate) url: Option<String>,
}

/// A list's `meta`.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminListMeta)]
pub(crate) struct ListMeta {
    pub(crate) pagination: Pagination,
}

/// Where this page is, and the pages beside it (`null` at either end).
#[derive(Serialize, ToSchema)]
#[schema(as = AdminPagination)]
pub(crate) struct Pagination {
    #[schema(minimum = 1)]
    pub(crate) page: u64,
    #[schema(minimum = 1, maximum = 100)]
    pub(crate) limit: u64,
    #[schema(minimum = 2)]
    pub(crate) next: Option<u64>,
    #[schema(minimum = 1)]
    pub(crate) prev: Option<u64>,
}

impl ListMeta {
    /// Page `page` of `limit` items; `more` when a next page has some.
    pub(crate) fn page(page: u64, limit: u64, more: bool) -> ListMeta {
        let pagination = Pagination {
            page,
            limit,
            next: more.then_some(page + 1),
            prev: (page > 1).then(|| page - 1),
        };
        ListMeta { pagination }
    }
}

/// One saved version of a story.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminVersion)]
pub(crate) struct Version {
    pub(crate) version: i64,
    pub(crate) saved_at: Rfc3339,
    /// The login that saved it (`null` for the system, or a login since deleted).
    pub(crate) saved_by: Option<i64>,
    pub(crate) headline: String,
    pub(crate) standfirst: String,
    pub(crate) body_markdown: String,
}

impl From<Revision> for Version {
    fn from(r: Revision) -> Version {
        Version {
            version: r.version,
            saved_at: Rfc3339(r.at),
            saved_by: r.user_id,
            headline: r.headline,
            standfirst: r.standfirst,
            body_markdown: r.body_markdown,
        }
    }
}

/// One size of a picture.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminRendition)]
pub(crate) struct Rendition {
    pub(crate) url: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// Its media type: `image/webp`, `image/jpeg`, …
    #[serde(rename = "type")]
    pub(crate) kind: String,
}

/// A picture in the library, with its words and its renditions.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminPicture)]
pub(crate) struct PictureOut {
    pub(crate) id: i64,
    /// The original, as uploaded.
    pub(crate) url: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) alt: String,
    pub(crate) caption: String,
    pub(crate) credit: String,
    pub(crate) copyright: String,
    pub(crate) original_name: String,
    pub(crate) created_at: Rfc3339,
    /// Where crops keep the subject; `null` for the centre.
    pub(crate) focal_point: Option<FocalPointOut>,
    /// Narrowest first; each width in WebP and in the fallback format.
    pub(crate) renditions: Vec<Rendition>,
}

/// A picture's focal point: `x` across from the left edge, `y` down from the top, each
/// from 0 to 1.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminFocalPoint)]
pub(crate) struct FocalPointOut {
    pub(crate) x: f64,
    pub(crate) y: f64,
}

impl PictureOut {
    pub(crate) fn of(base: &str, m: &Media) -> PictureOut {
        PictureOut {
            id: m.id,
            url: format!("{base}/media/{}", m.key),
            width: m.width,
            height: m.height,
            kind: m.content_type.clone(),
            alt: m.alt.clone(),
            caption: m.caption.clone(),
            credit: m.credit.clone(),
            copyright: m.copyright.clone(),
            original_name: m.original_name.clone(),
            created_at: Rfc3339(m.created_at),
            focal_point: m.focal.map(|f| FocalPointOut { x: f.x(), y: f.y() }),
            renditions: m
                .renditions
                .iter()
                .map(|r| Rendition {
                    url: format!("{base}/media/{}", r.key),
                    width: r.width,
                    height: r.height,
                    kind: r.content_type.clone(),
                })
                .collect(),
        }
    }
}

/// A standalone page (About us, the policies), drafts too.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminPage)]
pub(crate) struct PageOut {
    pub(crate) id: i64,
    pub(crate) version: i64,
    pub(crate) slug: String,
    pub(crate) title: String,
    /// The public address, while the page is published.
    pub(crate) url: Option<String>,
    pub(crate) published: bool,
    #[schema(schema_with = purposes)]
    pub(crate) purpose: &'static str,
    pub(crate) in_footer: bool,
    pub(crate) footer_position: i64,
    pub(crate) body_markdown: String,
    pub(crate) body_html: String,
    pub(crate) seo_title: String,
    pub(crate) seo_description: String,
    pub(crate) created_at: Rfc3339,
    pub(crate) updated_at: Rfc3339,
    pub(crate) published_at: Option<Rfc3339>,
}

impl PageOut {
    pub(crate) fn of(base: &str, p: &newsdesk_core::Page) -> PageOut {
        PageOut {
            id: p.id,
            version: p.version,
            slug: p.slug.as_str().to_owned(),
            title: p.title.clone(),
            url: p.published.then(|| format!("{base}{}", p.url())),
            published: p.published,
            purpose: p.purpose.as_str(),
            in_footer: p.in_footer,
            footer_position: p.footer_position,
            body_markdown: p.body_markdown.clone(),
            body_html: p.body_html.clone(),
            seo_title: p.seo_title.clone(),
            seo_description: p.seo_description.clone(),
            created_at: Rfc3339(p.created_at),
            updated_at: Rfc3339(p.updated_at),
            published_at: p.published_at.map(Rfc3339),
        }
    }
}

/// An envelope: the answer's items under their name (`{"story": {…}}`,
/// `{"sections": […]}`), each its own schema.
macro_rules! envelope {
    ($(#[doc = $doc:literal])* $name:ident as $schema:ident { $($key:ident: $item:ty),+ }) => {
        $(#[doc = $doc])*
        #[derive(Serialize, ToSchema)]
        #[schema(as = $schema)]
        pub(crate) struct $name {
            $(pub(crate) $key: $item,)+
        }
    };
}

envelope!(OneStory as AdminStoryAnswer { story: StoryOut });
envelope!(
    /// The desk's list, last saved first.
    Stories as AdminStoryList { stories: Vec<StorySummary>, meta: ListMeta }
);
envelope!(
    /// Every saved version, newest first.
    Versions as AdminVersionList { versions: Vec<Version> }
);
envelope!(OnePicture as AdminPictureAnswer { picture: PictureOut });
envelope!(OnePage as AdminPageAnswer { page: PageOut });
envelope!(Pages as AdminPageList { pages: Vec<PageOut> });
envelope!(OneUser as AdminUserAnswer { user: UserOut });
envelope!(Users as AdminUserList { users: Vec<UserOut> });
envelope!(OneSection as AdminSectionAnswer { section: SectionOut });
envelope!(
    /// Every section, hidden ones too, in the navigation's order.
    Sections as AdminSectionList { sections: Vec<SectionOut> }
);
envelope!(OneTopic as AdminTopicAnswer { topic: TopicOut });
envelope!(
    /// Topics by name, those starting with `q` when it is sent.
    Topics as AdminTopicList { topics: Vec<TopicOut>, meta: ListMeta }
);
envelope!(OneAuthor as AdminAuthorAnswer { author: AuthorOut });
envelope!(Authors as AdminAuthorList { authors: Vec<AuthorOut> });
envelope!(OneSettings as AdminSettingsAnswer { settings: SettingsOut });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc_3339_and_never_empty() {
        let t = serde_json::to_value(Rfc3339(1_795_000_000)).ok();
        assert_eq!(t, Some(serde_json::Value::from("2026-11-18T11:06:40Z")));
        let far = serde_json::to_value(Rfc3339(i64::MAX)).ok();
        assert!(far.is_some_and(|v| v.as_str().is_some_and(|s| !s.is_empty())));
    }
}
