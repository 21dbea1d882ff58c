use crate::{Slug, UnixTime};
use std::fmt;
use std::str::FromStr;

/// Where a story is in the workflow. Only `Published` can be public, and only once its
/// embargo (if any) has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Draft,
    InReview,
    Scheduled,
    Published,
    Unpublished,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Draft,
        State::InReview,
        State::Scheduled,
        State::Published,
        State::Unpublished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::InReview => "in_review",
            State::Scheduled => "scheduled",
            State::Published => "published",
            State::Unpublished => "unpublished",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error(
    "unknown article state {0:?} (expected one of draft, in_review, scheduled, published, unpublished)"
)]
pub struct UnknownState(String);

impl FromStr for State {
    type Err = UnknownState;
    fn from_str(s: &str) -> Result<State, UnknownState> {
        State::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownState(s.to_owned()))
    }
}

/// Editorial flags shown as labels and used by fronts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ArticleFlags {
    pub breaking: bool,
    pub live: bool,
    pub opinion: bool,
    pub obituary: bool,
}

impl ArticleFlags {
    const BITS: [(u8, &'static str); 4] = [
        (1, "breaking"),
        (2, "live"),
        (4, "opinion"),
        (8, "obituary"),
    ];

    /// Flags are stored as one small integer.
    pub fn to_bits(self) -> i64 {
        let set = [self.breaking, self.live, self.opinion, self.obituary];
        Self::BITS
            .iter()
            .zip(set)
            .filter(|(_, on)| *on)
            .map(|((bit, _), _)| i64::from(*bit))
            .sum()
    }

    pub fn from_bits(bits: i64) -> ArticleFlags {
        ArticleFlags {
            breaking: bits & 1 != 0,
            live: bits & 2 != 0,
            opinion: bits & 4 != 0,
            obituary: bits & 8 != 0,
        }
    }
}

/// A story as stored: the source of truth for everything derived from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    pub id: i64,
    pub slug: Slug,
    pub headline: String,
    pub standfirst: String,
    pub body_markdown: String,
    /// The sanitized HTML made from `body_markdown` by `render::markdown`, kept beside it.
    pub body_html: String,
    pub lead_media_id: Option<i64>,
    pub section_id: i64,
    pub tag_ids: Vec<i64>,
    /// In byline order.
    pub author_ids: Vec<i64>,
    pub state: State,
    pub first_published_at: Option<UnixTime>,
    /// The last significant update; lists are ordered by it.
    pub published_at: Option<UnixTime>,
    pub updated_at: UnixTime,
    pub scheduled_for: Option<UnixTime>,
    pub embargo_until: Option<UnixTime>,
    pub flags: ArticleFlags,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub canonical_url: Option<String>,
    /// Increased by every save: a save naming an older version is a conflict.
    pub version: i64,
    /// Set while the story is in the trash.
    pub deleted_at: Option<UnixTime>,
}

impl Article {
    /// Whether readers may see this story at `now`: published, and past any embargo.
    pub fn is_public(&self, now: UnixTime) -> bool {
        self.state == State::Published && self.embargo_until.is_none_or(|until| until <= now)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    pub id: i64,
    pub slug: Slug,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub parent_id: Option<i64>,
    /// Out of the navigation; the front and its stories stay where they are.
    pub hidden: bool,
    /// The front's `<title>` and meta description; empty to use the name and description.
    pub seo_title: String,
    pub seo_description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Tag {
    pub id: i64,
    pub slug: Slug,
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Author {
    pub id: i64,
    pub slug: Slug,
    pub name: String,
    pub bio: String,
    pub photo_media_id: Option<i64>,
    pub job_title: String,
    /// Public profiles elsewhere, one URL a line (checked when typed).
    pub links: String,
}

impl Author {
    /// The profile links worth showing: the lines that are web addresses.
    pub fn profile_links(&self) -> Vec<String> {
        self.links
            .lines()
            .map(str::trim)
            .filter(|l| is_web_address(l))
            .map(str::to_owned)
            .collect()
    }
}

/// An absolute `http(s)` address with no spaces or quotes: safe to put in an `href`.
pub fn is_web_address(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && s.len() <= 500
            && !s.chars().any(|c| {
                c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')
            })
    })
}

/// One stored size of an image, made at upload or import time.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Rendition {
    pub width: u32,
    pub height: u32,
    /// The storage key, also its public file name under `/media/`.
    pub key: String,
    pub content_type: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Media {
    pub id: i64,
    /// Storage key of the original: its content hash plus extension.
    pub key: String,
    pub content_hash: String,
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub copyright: String,
    /// The uploaded file's name, for finding it again in the library.
    pub original_name: String,
    pub created_at: UnixTime,
    pub uploaded_by: Option<i64>,
    /// Where a crop must keep the subject; `None` for the centre.
    pub focal: Option<crate::FocalPoint>,
    /// Narrowest first; each width in WebP and in the fallback format.
    pub renditions: Vec<Rendition>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_survive_their_integer_form() {
        for bits in 0..16 {
            assert_eq!(ArticleFlags::from_bits(bits).to_bits(), bits);
        }
    }

    #[test]
    fn states_parse_from_their_names() {
        for state in State::ALL {
            assert_eq!(state.as_str().parse::<State>().unwrap(), state);
        }
        assert!("live".parse::<State>().is_err());
    }
}
