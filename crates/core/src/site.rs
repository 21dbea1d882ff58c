//! The newsroom's own settings: what the site is called, how it speaks, what it links to.
//! They live in the database (edited in the desk, carried by the export) and change every
//! page through the change log's `site` key. What belongs to one deployment — the listen
//! address, the database, cache sizes, the purge URL — stays in the config file.

use serde::Serialize;

/// Every setting, with the values a fresh newsroom starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SiteSettings {
    pub name: String,
    pub tagline: String,
    /// The site's description for search engines and the home page's meta description.
    pub description: String,
    /// BCP 47 language tag of the site's pages and feeds: `en`, `en-GB`, `pt-BR`.
    pub language: String,
    /// IANA time zone in which dates are shown and schedules are typed.
    pub time_zone: String,
    pub logo_media_id: Option<i64>,
    pub favicon_media_id: Option<i64>,
    /// The picture social networks show for a page that has none of its own.
    pub social_image_media_id: Option<i64>,
    /// Links in the footer, in order.
    pub footer_links: Vec<Link>,
    /// The newsroom's own profiles elsewhere (`sameAs` in its structured data).
    pub social_profiles: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            name: "Newsdesk".into(),
            tagline: String::new(),
            description: String::new(),
            language: "en".into(),
            time_zone: "UTC".into(),
            logo_media_id: None,
            favicon_media_id: None,
            social_image_media_id: None,
            footer_links: Vec::new(),
            social_profiles: Vec::new(),
        }
    }
}

/// A setting that cannot be saved, with the sentence that says why.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidSetting(pub String);

const MAX_NAME: usize = 120;
const MAX_TEXT: usize = 500;

impl SiteSettings {
    /// Checks every field, trimming what a person typed; the first problem found is the
    /// answer, phrased so the person can fix it.
    pub fn validated(mut self) -> Result<SiteSettings, InvalidSetting> {
        let bad = |s: &str| Err(InvalidSetting(s.to_owned()));
        self.name = self.name.trim().to_owned();
        self.tagline = self.tagline.trim().to_owned();
        self.description = self.description.trim().to_owned();
        self.language = self.language.trim().to_owned();
        self.time_zone = self.time_zone.trim().to_owned();
        if self.name.is_empty() {
            return bad("Give the site a name.");
        }
        if self.name.chars().count() > MAX_NAME {
            return bad("The site's name can be at most 120 characters.");
        }
        if self.tagline.chars().count() > MAX_TEXT || self.description.chars().count() > MAX_TEXT {
            return bad("The tagline and the description can be at most 500 characters each.");
        }
        if !is_language_tag(&self.language) {
            return bad("The language must be a language tag such as en, en-GB or pt-BR.");
        }
        if jiff::tz::TimeZone::get(&self.time_zone).is_err() {
            return Err(InvalidSetting(format!(
                "{:?} is not a time zone Newsdesk knows: use a name such as Europe/London or America/New_York.",
                self.time_zone
            )));
        }
        for link in &self.footer_links {
            if link.label.is_empty() || !is_link(&link.url) {
                return Err(InvalidSetting(format!(
                    "Footer link {:?} needs a label and an address starting with /, http:// or https://.",
                    link.label
                )));
            }
        }
        if let Some(url) = self.social_profiles.iter().find(|u| !is_web_url(u)) {
            return Err(InvalidSetting(format!(
                "Social profile {url:?} must be a full address starting with https:// or http://."
            )));
        }
        Ok(self)
    }
}

/// `en`, `en-GB`, `zh-Hant-TW`: letters and digits in hyphen-separated parts, the first
/// two or three letters.
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_web_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.chars().any(|c| c.is_whitespace() || c == '"'))
}

/// A footer link may point into the site (`/about`) or anywhere on the web.
fn is_link(s: &str) -> bool {
    (s.starts_with('/') && !s.starts_with("//") && !s.chars().any(char::is_whitespace))
        || is_web_url(s)
}

/// Reads "Label | https://…" lines; blank lines are skipped, a line without a bar is its
/// own label and address.
pub fn parse_links(text: &str) -> Vec<Link> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| match line.rsplit_once('|') {
            Some((label, url)) => Link {
                label: label.trim().to_owned(),
                url: url.trim().to_owned(),
            },
            None => Link {
                label: line.to_owned(),
                url: line.to_owned(),
            },
        })
        .collect()
}

/// The inverse of [`parse_links`], for the settings form.
pub fn links_text(links: &[Link]) -> String {
    links
        .iter()
        .map(|l| format!("{} | {}", l.label, l.url))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> SiteSettings {
        SiteSettings {
            name: "  The Basra Courier ".into(),
            language: "en-GB".into(),
            time_zone: "Asia/Baghdad".into(),
            ..SiteSettings::default()
        }
    }

    #[test]
    fn good_settings_are_trimmed_and_kept() {
        let s = settings().validated().unwrap();
        assert_eq!(s.name, "The Basra Courier");
    }

    #[test]
    fn each_bad_field_is_named_in_a_sentence() {
        let cases: Vec<(SiteSettings, &str)> = vec![
            (
                SiteSettings {
                    name: "  ".into(),
                    ..settings()
                },
                "name",
            ),
            (
                SiteSettings {
                    language: "english please".into(),
                    ..settings()
                },
                "language",
            ),
            (
                SiteSettings {
                    time_zone: "Mars/Olympus".into(),
                    ..settings()
                },
                "time zone",
            ),
            (
                SiteSettings {
                    footer_links: parse_links("About | javascript:alert(1)"),
                    ..settings()
                },
                "Footer link",
            ),
            (
                SiteSettings {
                    social_profiles: vec!["@courier".into()],
                    ..settings()
                },
                "Social profile",
            ),
        ];
        for (bad, word) in cases {
            let e = bad.validated().unwrap_err();
            assert!(e.0.contains(word), "{e} should mention {word}");
        }
    }

    #[test]
    fn footer_links_read_and_write_as_lines() {
        let links = parse_links("About us | /about\n\n  Jobs|https://jobs.example.com  \n/contact");
        assert_eq!(
            links,
            vec![
                Link {
                    label: "About us".into(),
                    url: "/about".into()
                },
                Link {
                    label: "Jobs".into(),
                    url: "https://jobs.example.com".into()
                },
                Link {
                    label: "/contact".into(),
                    url: "/contact".into()
                },
            ]
        );
        assert_eq!(parse_links(&links_text(&links)), links);
    }

    #[test]
    fn language_tags() {
        for good in ["en", "en-GB", "pt-BR", "zh-Hant-TW", "ar"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "e", "english", "en_GB", "en-", "<b>"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
