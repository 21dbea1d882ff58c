//! The desk's pages for sections, topics and author profiles.

use super::Choice;
use super::MediaCard;
use super::Paging;
use serde::Serialize;

/// One section, topic or author in a desk list: its names, public address and how many
/// stories it holds.
#[derive(Clone, Debug, Serialize)]
pub struct StructureLine {
    pub id: i64,
    pub name: String,
    pub slug: String,
    /// The public page: `/news/`, `/tag/iraq`, `/author/jane-doe`.
    pub url: String,
    pub stories: i64,
    /// Sections only: left out of the navigation.
    pub hidden: bool,
    pub position: i64,
    /// Authors only: the job title.
    pub note: String,
}

/// The fields of a section, topic or author form, as typed (or as stored).
#[derive(Clone, Debug, Default, Serialize)]
pub struct StructureForm {
    pub name: String,
    pub slug: String,
    /// A section's or topic's intro text; an author's bio.
    pub description: String,
    pub seo_title: String,
    pub seo_description: String,
    pub hidden: bool,
    pub position: i64,
    pub job_title: String,
    /// One URL a line.
    pub links: String,
    /// The author's photo by library number, empty for none.
    pub photo: String,
    /// The login that writes under this byline (0 for none).
    pub login_id: i64,
}

/// `/admin/sections`, `/admin/topics`, `/admin/authors`: the list, a form to add one,
/// and (for topics) the search box and paging.
#[derive(Clone, Debug, Serialize)]
pub struct StructureListPage {
    /// `sections`, `topics` or `authors`.
    pub kind: &'static str,
    /// The signed-in person's role, for the desk's navigation.
    pub role: crate::Role,
    pub csrf_token: String,
    pub lines: Vec<StructureLine>,
    pub query: String,
    pub paging: Paging,
    /// What was typed into the "add" form, kept after a refusal.
    pub form: StructureForm,
    pub message: Option<String>,
}

/// `/admin/sections/{id}`, `/admin/topics/{id}`, `/admin/authors/{id}`: one item's form,
/// its old addresses (which answer 301) and what can be done with it.
#[derive(Clone, Debug, Serialize)]
pub struct StructureEditPage {
    pub kind: &'static str,
    pub role: crate::Role,
    pub id: i64,
    pub csrf_token: String,
    pub form: StructureForm,
    pub url: String,
    pub stories: i64,
    pub old_slugs: Vec<String>,
    /// Sections: where a non-empty section's stories may go when it is deleted.
    pub move_to: Vec<Choice>,
    /// Authors: recent pictures to choose the photo from, and the current one.
    pub photos: Vec<MediaCard>,
    pub photo: Option<MediaCard>,
    /// Authors: logins to link, and whether this user may change that link.
    pub logins: Vec<Choice>,
    pub can_link_login: bool,
    pub message: Option<String>,
}

/// One answer of the topic typeahead.
#[derive(Clone, Debug, Serialize)]
pub struct TopicSuggestion {
    pub id: i64,
    pub name: String,
    pub slug: String,
}
