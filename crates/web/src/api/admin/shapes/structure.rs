//! The shapes of the newsroom's structure and people: sections, topics, author
//! profiles, the site's settings, and logins.

use super::{Rfc3339, roles};
use newsdesk_core::{Author, Role, Section, SiteSettings, Tag};
use newsdesk_store::User;
use serde::Serialize;
use utoipa::ToSchema;

/// A login.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminUser)]
pub(crate) struct UserOut {
    pub(crate) id: i64,
    pub(crate) email: String,
    pub(crate) name: String,
    #[schema(schema_with = roles)]
    pub(crate) role: Role,
    pub(crate) disabled: bool,
    /// The author profile whose byline the login writes under.
    pub(crate) author_id: Option<i64>,
    pub(crate) created_at: Rfc3339,
}

impl From<&User> for UserOut {
    fn from(u: &User) -> UserOut {
        UserOut {
            id: u.id,
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role,
            disabled: u.disabled,
            author_id: u.author_id,
            created_at: Rfc3339(u.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = AdminSection)]
pub(crate) struct SectionOut {
    pub(crate) id: i64,
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) description: String,
    /// Its place in the navigation, smallest first.
    pub(crate) position: i64,
    /// Out of the navigation; its front and stories stay where they are.
    pub(crate) hidden: bool,
    pub(crate) seo_title: String,
    pub(crate) seo_description: String,
}

impl From<&Section> for SectionOut {
    fn from(s: &Section) -> SectionOut {
        SectionOut {
            id: s.id,
            slug: s.slug.as_str().to_owned(),
            name: s.name.clone(),
            description: s.description.clone(),
            position: s.position,
            hidden: s.hidden,
            seo_title: s.seo_title.clone(),
            seo_description: s.seo_description.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = AdminTopic)]
pub(crate) struct TopicOut {
    pub(crate) id: i64,
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) description: String,
}

impl From<&Tag> for TopicOut {
    fn from(t: &Tag) -> TopicOut {
        TopicOut {
            id: t.id,
            slug: t.slug.as_str().to_owned(),
            name: t.name.clone(),
            description: t.description.clone(),
        }
    }
}

/// An author profile: the byline's page.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminAuthor)]
pub(crate) struct AuthorOut {
    pub(crate) id: i64,
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) bio: String,
    pub(crate) job_title: String,
    pub(crate) photo_media_id: Option<i64>,
    /// Public profiles elsewhere (web addresses).
    pub(crate) links: Vec<String>,
}

impl From<&Author> for AuthorOut {
    fn from(a: &Author) -> AuthorOut {
        AuthorOut {
            id: a.id,
            slug: a.slug.as_str().to_owned(),
            name: a.name.clone(),
            bio: a.bio.clone(),
            job_title: a.job_title.clone(),
            photo_media_id: a.photo_media_id,
            links: a
                .links
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = AdminLink)]
pub(crate) struct LinkOut {
    pub(crate) label: String,
    pub(crate) url: String,
}

/// The site's settings.
#[derive(Serialize, ToSchema)]
#[schema(as = AdminSettings)]
pub(crate) struct SettingsOut {
    pub(crate) name: String,
    pub(crate) tagline: String,
    pub(crate) description: String,
    /// BCP 47: `en`, `en-GB`, `pt-BR`.
    pub(crate) language: String,
    /// IANA: `Europe/Lisbon`.
    pub(crate) time_zone: String,
    pub(crate) logo_media_id: Option<i64>,
    pub(crate) favicon_media_id: Option<i64>,
    pub(crate) social_image_media_id: Option<i64>,
    pub(crate) footer_links: Vec<LinkOut>,
    pub(crate) social_profiles: Vec<String>,
}

impl From<&SiteSettings> for SettingsOut {
    fn from(s: &SiteSettings) -> SettingsOut {
        SettingsOut {
            name: s.name.clone(),
            tagline: s.tagline.clone(),
            description: s.description.clone(),
            language: s.language.clone(),
            time_zone: s.time_zone.clone(),
            logo_media_id: s.logo_media_id,
            favicon_media_id: s.favicon_media_id,
            social_image_media_id: s.social_image_media_id,
            footer_links: s
                .footer_links
                .iter()
                .map(|l| LinkOut {
                    label: l.label.clone(),
                    url: l.url.clone(),
                })
                .collect(),
            social_profiles: s.social_profiles.clone(),
        }
    }
}
