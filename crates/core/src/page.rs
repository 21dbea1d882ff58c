//! Standalone pages: About us, Contact, the corrections and ethics policies, Privacy.
//! Each lives at its own address (`/about`), may sit in the footer, and is never a story:
//! no news list, news feed or news sitemap shows one.

use crate::{Slug, UnixTime};
use std::fmt;
use std::str::FromStr;

/// What a page is for, when the site must name it: the organisation's structured data
/// points at its ethics and corrections policies (the Trust Project's fields).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    #[default]
    Other,
    About,
    Contact,
    Corrections,
    Ethics,
    Privacy,
}

impl Purpose {
    pub const ALL: [Purpose; 6] = [
        Purpose::Other,
        Purpose::About,
        Purpose::Contact,
        Purpose::Corrections,
        Purpose::Ethics,
        Purpose::Privacy,
    ];

    /// As stored: empty for `Other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Other => "",
            Purpose::About => "about",
            Purpose::Contact => "contact",
            Purpose::Corrections => "corrections",
            Purpose::Ethics => "ethics",
            Purpose::Privacy => "privacy",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Purpose::Other => "Other",
            Purpose::About => "About the newsroom",
            Purpose::Contact => "Contact",
            Purpose::Corrections => "Corrections policy",
            Purpose::Ethics => "Ethics policy",
            Purpose::Privacy => "Privacy",
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown page purpose {0:?}")]
pub struct UnknownPurpose(String);

impl FromStr for Purpose {
    type Err = UnknownPurpose;
    fn from_str(s: &str) -> Result<Purpose, UnknownPurpose> {
        Purpose::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownPurpose(s.to_owned()))
    }
}

/// A standalone page as stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Page {
    pub id: i64,
    pub slug: Slug,
    pub title: String,
    pub body_markdown: String,
    pub body_html: String,
    pub published: bool,
    pub purpose: Purpose,
    pub in_footer: bool,
    pub footer_position: i64,
    pub seo_title: String,
    pub seo_description: String,
    pub version: i64,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
    pub published_at: Option<UnixTime>,
}

impl Page {
    /// `/about`: pages sit at the top level, beside the sections' fronts (`/news/`).
    pub fn url(&self) -> String {
        format!("/{}", self.slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_read_back_from_what_is_stored() {
        for p in Purpose::ALL {
            assert_eq!(p.as_str().parse::<Purpose>().unwrap(), p);
        }
        assert!("mission".parse::<Purpose>().is_err());
    }
}
