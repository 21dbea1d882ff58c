//! The newsroom's structure through the Admin API: sections, topics and author profiles
//! (list, read, add, change, delete, merge), and the site's settings — through the same
//! operations as the desk's pages.

use super::shapes::{
    AuthorOut, Authors, ListMeta, OneAuthor, OneSection, OneSettings, OneTopic, SectionOut,
    Sections, SettingsOut, TopicOut, Topics,
};
use super::{AdminError, TokenActor, answer, parse_json};
use crate::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use newsdesk_core::SiteSettings;
use newsdesk_core::site::Link;
use newsdesk_newsroom::{OpError, StructureFields};
use newsdesk_store::StructureKind;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

const MAX_TOPICS_PAGE: usize = 100;

/// What may be sent for a section, topic or author; fields left out (or `null`) keep
/// what is saved, and a field another kind has is taken and ignored.
#[derive(Deserialize, Default, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminStructureIn)]
pub(super) struct StructureIn {
    name: Option<String>,
    slug: Option<String>,
    /// Sections and topics.
    description: Option<String>,
    /// Authors (their description).
    bio: Option<String>,
    /// Sections: the front's `<title>`; empty to use the name.
    seo_title: Option<String>,
    /// Sections: the front's meta description; empty to use the description.
    seo_description: Option<String>,
    /// Sections: out of the navigation.
    hidden: Option<bool>,
    /// Sections: the place in the navigation, smallest first.
    position: Option<i64>,
    /// Authors.
    job_title: Option<String>,
    /// Authors: public profiles elsewhere (web addresses).
    links: Option<Vec<String>>,
    /// Authors: a picture's id; `null` clears it.
    #[serde(default, deserialize_with = "super::stories::present")]
    #[schema(value_type = Option<i64>)]
    photo_media_id: Option<Option<i64>>,
}

/// `{"section": {…}}`
#[derive(ToSchema)]
#[schema(as = AdminSectionBody)]
#[allow(
    dead_code,
    reason = "describes the body `parse_body` reads, for the document"
)]
pub(super) struct SectionBody {
    section: StructureIn,
}

/// `{"topic": {…}}`
#[derive(ToSchema)]
#[schema(as = AdminTopicBody)]
#[allow(
    dead_code,
    reason = "describes the body `parse_body` reads, for the document"
)]
pub(super) struct TopicBody {
    topic: StructureIn,
}

/// `{"author": {…}}`
#[derive(ToSchema)]
#[schema(as = AdminAuthorBody)]
#[allow(
    dead_code,
    reason = "describes the body `parse_body` reads, for the document"
)]
pub(super) struct AuthorBody {
    author: StructureIn,
}

impl StructureIn {
    /// The fields to save: what was sent over `base`.
    fn over(self, base: StructureFields) -> StructureFields {
        StructureFields {
            name: self.name.unwrap_or(base.name),
            slug: self.slug.unwrap_or(base.slug),
            description: self.description.or(self.bio).unwrap_or(base.description),
            seo_title: self.seo_title.unwrap_or(base.seo_title),
            seo_description: self.seo_description.unwrap_or(base.seo_description),
            hidden: self.hidden.unwrap_or(base.hidden),
            position: self.position.unwrap_or(base.position),
            job_title: self.job_title.unwrap_or(base.job_title),
            links: self.links.unwrap_or(base.links),
            photo_media_id: self.photo_media_id.unwrap_or(base.photo_media_id),
        }
    }
}

/// The request body's one key for each kind.
fn body_key(kind: StructureKind) -> &'static str {
    match kind {
        StructureKind::Section => "section",
        StructureKind::Tag => "topic",
        StructureKind::Author => "author",
    }
}

fn parse_body(kind: StructureKind, body: &[u8]) -> Result<StructureIn, AdminError> {
    let mut wrapped: serde_json::Map<String, Value> = parse_json(body)?;
    let key = body_key(kind);
    let (Some(inner), true) = (wrapped.remove(key), wrapped.is_empty()) else {
        return Err(AdminError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("The body is not the JSON this endpoint takes: send {{\"{key}\": {{…}}}}."),
        ));
    };
    serde_json::from_value(inner).map_err(|e| {
        AdminError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("The body is not the JSON this endpoint takes: {e}."),
        )
    })
}

/// One item as answered, `{"section": {…}}` and the like.
#[derive(Serialize)]
#[serde(untagged)]
enum Item {
    Section(OneSection),
    Topic(OneTopic),
    Author(OneAuthor),
}

/// The saved fields of one item, and its answer; `NotFound` when there is none.
async fn current(
    app: &App,
    kind: StructureKind,
    id: i64,
) -> Result<(StructureFields, Item), AdminError> {
    let missing = || AdminError::from(OpError::NotFound(newsdesk_newsroom::noun(kind)));
    Ok(match kind {
        StructureKind::Section => {
            let s = app.store.section(id).await?.ok_or_else(missing)?;
            let fields = StructureFields {
                name: s.name.clone(),
                slug: s.slug.as_str().to_owned(),
                description: s.description.clone(),
                seo_title: s.seo_title.clone(),
                seo_description: s.seo_description.clone(),
                hidden: s.hidden,
                position: s.position,
                ..StructureFields::default()
            };
            let section = SectionOut::from(&s);
            (fields, Item::Section(OneSection { section }))
        }
        StructureKind::Tag => {
            let t = app.store.tag(id).await?.ok_or_else(missing)?;
            let fields = StructureFields {
                name: t.name.clone(),
                slug: t.slug.as_str().to_owned(),
                description: t.description.clone(),
                ..StructureFields::default()
            };
            let topic = TopicOut::from(&t);
            (fields, Item::Topic(OneTopic { topic }))
        }
        StructureKind::Author => {
            let a = app.store.author(id).await?.ok_or_else(missing)?;
            let fields = StructureFields {
                name: a.name.clone(),
                slug: a.slug.as_str().to_owned(),
                description: a.bio.clone(),
                job_title: a.job_title.clone(),
                links: a.links.lines().map(str::to_owned).collect(),
                photo_media_id: a.photo_media_id,
                ..StructureFields::default()
            };
            let author = AuthorOut::from(&a);
            (fields, Item::Author(OneAuthor { author }))
        }
    })
}

/// The list of topics is paged and searched; sections and authors take no query.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct TopicQuery {
    /// Topics whose name starts with this.
    #[serde(default)]
    #[param(required = false)]
    q: String,
    /// From 1 (the default) to 10000.
    #[param(minimum = 1, maximum = 10000)]
    page: Option<usize>,
    /// Topics a page: from 1 to 100; 50 when not given.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
}

async fn list(app: &App, kind: StructureKind, q: TopicQuery) -> Result<Response, AdminError> {
    Ok(match kind {
        StructureKind::Section => {
            let sections = app.store.sections().await?;
            let sections = sections.iter().map(SectionOut::from).collect();
            answer(StatusCode::OK, &Sections { sections })
        }
        StructureKind::Author => {
            let authors = app.store.authors().await?;
            let authors = authors.iter().map(AuthorOut::from).collect();
            answer(StatusCode::OK, &Authors { authors })
        }
        StructureKind::Tag => {
            let limit = q.limit.unwrap_or(50);
            if !(1..=MAX_TOPICS_PAGE).contains(&limit) {
                return Err(AdminError::invalid(
                    "limit",
                    format!("limit is from 1 to {MAX_TOPICS_PAGE}."),
                ));
            }
            let page = q.page.unwrap_or(1);
            if !(1..=10_000).contains(&page) {
                return Err(AdminError::invalid("page", "page is from 1 to 10000."));
            }
            let typed: String = (q.q.trim().chars())
                .filter(|c| !c.is_control())
                .take(200)
                .collect();
            let (topics, more) = app
                .store
                .tags_starting(&typed, limit, (page - 1) * limit)
                .await?;
            let topics = topics.iter().map(TopicOut::from).collect();
            let meta = ListMeta::page(page as u64, limit as u64, more);
            answer(StatusCode::OK, &Topics { topics, meta })
        }
    })
}

fn query_error(e: axum::extract::rejection::QueryRejection) -> AdminError {
    AdminError::new(
        StatusCode::BAD_REQUEST,
        "bad_request",
        format!("The query could not be read: {}.", e.body_text()),
    )
}

macro_rules! kind_handlers {
    ($kind:expr, $list:ident, $get:ident, $add:ident, $change:ident) => {
        pub(crate) async fn $list(
            State(app): State<App>,
            who: TokenActor,
            q: Result<Query<TopicQuery>, axum::extract::rejection::QueryRejection>,
        ) -> Response {
            let result = async {
                who.may_read()?;
                let Query(q) = q.map_err(query_error)?;
                list(&app, $kind, q).await
            };
            result.await.unwrap_or_else(IntoResponse::into_response)
        }

        pub(crate) async fn $get(
            State(app): State<App>,
            who: TokenActor,
            Path(id): Path<i64>,
        ) -> Response {
            let result = async {
                who.may_read()?;
                let (_, item) = current(&app, $kind, id).await?;
                Ok::<_, AdminError>(answer(StatusCode::OK, &item))
            };
            result.await.unwrap_or_else(IntoResponse::into_response)
        }

        pub(crate) async fn $add(State(app): State<App>, who: TokenActor, body: Bytes) -> Response {
            let result = async {
                let sent = parse_body($kind, &body)?;
                let fields = sent.over(StructureFields::default());
                let id = app
                    .newsroom
                    .add_structure(&who.actor, $kind, &fields)
                    .await?;
                let (_, item) = current(&app, $kind, id).await?;
                Ok::<_, AdminError>(answer(StatusCode::CREATED, &item))
            };
            result.await.unwrap_or_else(IntoResponse::into_response)
        }

        pub(crate) async fn $change(
            State(app): State<App>,
            who: TokenActor,
            Path(id): Path<i64>,
            body: Bytes,
        ) -> Response {
            let result = async {
                let sent = parse_body($kind, &body)?;
                let (base, _) = current(&app, $kind, id).await?;
                let fields = sent.over(base);
                app.newsroom
                    .save_structure(&who.actor, $kind, id, &fields, None)
                    .await?;
                let (_, item) = current(&app, $kind, id).await?;
                Ok::<_, AdminError>(answer(StatusCode::OK, &item))
            };
            result.await.unwrap_or_else(IntoResponse::into_response)
        }
    };
}

kind_handlers!(
    StructureKind::Section,
    list_sections,
    section,
    add_section,
    change_section
);
kind_handlers!(
    StructureKind::Tag,
    list_topics,
    topic,
    add_topic,
    change_topic
);
kind_handlers!(
    StructureKind::Author,
    list_authors,
    author,
    add_author,
    change_author
);

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DeleteQuery {
    /// The section to move the section's stories to: needed when it has any.
    move_to: Option<i64>,
}

/// `DELETE /sections/{id}/?move_to=N`: a section with stories needs somewhere to move them.
pub(crate) async fn delete_section(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
    q: Result<Query<DeleteQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let result = async {
        let Query(q) = q.map_err(query_error)?;
        app.newsroom
            .delete_section(&who.actor, id, q.move_to)
            .await?;
        Ok::<_, AdminError>(StatusCode::NO_CONTENT.into_response())
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

pub(crate) async fn delete_topic(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
) -> Response {
    match app.newsroom.delete_topic(&who.actor, id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => AdminError::from(e).into_response(),
    }
}

/// `{"into": "…"}`
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminMergeIn)]
pub(super) struct MergeIn {
    /// The topic to merge into, by name or address.
    into: String,
}

/// `POST /topics/{id}/merge/`: stories move to the other topic; the old address leads there.
pub(crate) async fn merge_topic(
    State(app): State<App>,
    who: TokenActor,
    Path(id): Path<i64>,
    body: Bytes,
) -> Response {
    let result = async {
        let MergeIn { into } = parse_json(&body)?;
        let kept = app.newsroom.merge_topic(&who.actor, id, &into).await?;
        let topic = TopicOut::from(&kept);
        Ok::<_, AdminError>(answer(StatusCode::OK, &OneTopic { topic }))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

fn settings_out(s: &SiteSettings) -> OneSettings {
    OneSettings {
        settings: SettingsOut::from(s),
    }
}

/// A link in the footer.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminLinkIn)]
pub(super) struct LinkIn {
    label: String,
    url: String,
}

/// The site's settings as sent: what is sent changes; what is left out (or `null`) stays,
/// except where `null` clears.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminSettingsIn)]
pub(super) struct SettingsIn {
    name: Option<String>,
    tagline: Option<String>,
    description: Option<String>,
    language: Option<String>,
    time_zone: Option<String>,
    /// A picture's id; `null` clears it.
    #[serde(default, deserialize_with = "super::stories::present")]
    #[schema(value_type = Option<i64>)]
    logo_media_id: Option<Option<i64>>,
    /// A picture's id; `null` clears it.
    #[serde(default, deserialize_with = "super::stories::present")]
    #[schema(value_type = Option<i64>)]
    favicon_media_id: Option<Option<i64>>,
    /// A picture's id; `null` clears it.
    #[serde(default, deserialize_with = "super::stories::present")]
    #[schema(value_type = Option<i64>)]
    social_image_media_id: Option<Option<i64>>,
    /// Sent, they replace every link in the footer, in order.
    footer_links: Option<Vec<LinkIn>>,
    social_profiles: Option<Vec<String>>,
}

/// `{"settings": {…}}`
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AdminSettingsBody)]
pub(super) struct SettingsBody {
    settings: SettingsIn,
}

/// `GET /settings/`: the site's settings (structure scope; they are an administrator's).
pub(crate) async fn settings(State(app): State<App>, who: TokenActor) -> Response {
    let result = async {
        who.may_read()?;
        let s = app
            .store
            .site_settings(app.settings.default_site_settings())
            .await?;
        Ok::<_, AdminError>(answer(StatusCode::OK, &settings_out(&s)))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `PATCH /settings/`: what is sent changes; every page shows it at once.
pub(crate) async fn change_settings(
    State(app): State<App>,
    who: TokenActor,
    body: Bytes,
) -> Response {
    let result = async {
        let SettingsBody { settings: sent } = parse_json(&body)?;
        let s = app
            .store
            .site_settings(app.settings.default_site_settings())
            .await?;
        let next = SiteSettings {
            name: sent.name.unwrap_or(s.name),
            tagline: sent.tagline.unwrap_or(s.tagline),
            description: sent.description.unwrap_or(s.description),
            language: sent.language.unwrap_or(s.language),
            time_zone: sent.time_zone.unwrap_or(s.time_zone),
            logo_media_id: sent.logo_media_id.unwrap_or(s.logo_media_id),
            favicon_media_id: sent.favicon_media_id.unwrap_or(s.favicon_media_id),
            social_image_media_id: sent
                .social_image_media_id
                .unwrap_or(s.social_image_media_id),
            footer_links: sent.footer_links.map_or(s.footer_links, |links| {
                links
                    .into_iter()
                    .map(|l| Link {
                        label: l.label,
                        url: l.url,
                    })
                    .collect()
            }),
            social_profiles: sent.social_profiles.unwrap_or(s.social_profiles),
        };
        let saved = app.newsroom.save_settings(&who.actor, next).await?;
        Ok::<_, AdminError>(answer(StatusCode::OK, &settings_out(&saved)))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}
