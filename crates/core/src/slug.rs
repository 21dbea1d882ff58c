use std::fmt;

/// A URL path segment: lowercase ASCII letters, digits and single hyphens, 1 to 120
/// characters, not starting or ending with a hyphen. Parsed at the edge, trusted inside.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SlugError {
    #[error("a slug cannot be empty")]
    Empty,
    #[error("a slug can be at most {max} characters long", max = Slug::MAX_LEN)]
    TooLong,
    #[error(
        "a slug may hold only lowercase letters a-z, digits and single hyphens between them (got {0:?})"
    )]
    Invalid(String),
    #[error("{0:?} is reserved for the site's own pages")]
    Reserved(String),
}

impl Slug {
    pub const MAX_LEN: usize = 120;
    /// The highest number a taken address is tried with ("…-48") before a new story's
    /// address is given up on and the newsroom asks for one to be typed.
    pub const NUMBERED_MAX: u32 = 48;

    /// Paths the site itself answers at the top level; a section may not take them.
    pub const RESERVED_TOP_LEVEL: &'static [&'static str] = &[
        "admin",
        "api",
        "author",
        "feed",
        "healthz",
        "media",
        "metrics",
        "readyz",
        "robots-txt",
        "search",
        "sitemap",
        "sitemaps",
        "static",
        "tag",
    ];

    pub fn parse(s: &str) -> Result<Slug, SlugError> {
        if s.is_empty() {
            return Err(SlugError::Empty);
        }
        if s.len() > Self::MAX_LEN {
            return Err(SlugError::TooLong);
        }
        let valid_chars = s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_chars || s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(SlugError::Invalid(s.to_owned()));
        }
        Ok(Slug(s.to_owned()))
    }

    /// A section slug: a valid slug that does not shadow one of the site's own paths.
    pub fn parse_section(s: &str) -> Result<Slug, SlugError> {
        let slug = Slug::parse(s)?;
        if Self::RESERVED_TOP_LEVEL.contains(&slug.as_str()) {
            return Err(SlugError::Reserved(slug.0));
        }
        Ok(slug)
    }

    /// Makes a slug from free text ("Bishops vote on – the Synod's future" →
    /// "bishops-vote-on-the-synods-future"); falls back to "story" when nothing is left.
    pub fn from_title(title: &str) -> Slug {
        let mut out = String::with_capacity(title.len());
        for c in title.chars() {
            let c = fold_accent(c);
            if c.is_ascii_alphanumeric() {
                if out.len() >= Self::MAX_LEN {
                    break;
                }
                out.push(c.to_ascii_lowercase());
            } else if c == '\'' || c == '’' {
                continue;
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        if out.is_empty() {
            out.push_str("story");
        }
        Slug(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `n`th address tried when this one is taken ("budget-vote" → "budget-vote-2"),
    /// cut short enough that the number always fits.
    pub fn numbered(&self, n: u32) -> Slug {
        let stem = self.0[..self.0.len().min(Self::MAX_LEN - 10)].trim_end_matches('-');
        Slug(format!("{stem}-{n}"))
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_slugs() {
        assert_eq!(
            Slug::parse("church-of-england").unwrap().as_str(),
            "church-of-england"
        );
        assert_eq!(Slug::parse("g7").unwrap().as_str(), "g7");
    }

    #[test]
    fn rejects_what_would_break_a_url() {
        for bad in [
            "", "Upper", "a b", "-a", "a-", "a--b", "a/b", "é", "<script>",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(Slug::parse(&"a".repeat(121)), Err(SlugError::TooLong));
    }

    #[test]
    fn sections_cannot_shadow_site_paths() {
        assert!(matches!(
            Slug::parse_section("admin"),
            Err(SlugError::Reserved(_))
        ));
        assert!(Slug::parse_section("news").is_ok());
    }

    #[test]
    fn titles_become_valid_slugs() {
        let cases = [
            (
                "Bishops vote on – the Synod's future",
                "bishops-vote-on-the-synods-future",
            ),
            ("  Café  society!! ", "cafe-society"),
            ("<script>alert(1)</script>", "script-alert-1-script"),
            ("???", "story"),
        ];
        for (title, want) in cases {
            let slug = Slug::from_title(title);
            assert_eq!(slug.as_str(), want);
            assert!(Slug::parse(slug.as_str()).is_ok());
        }
    }

    #[test]
    fn long_titles_are_cut_to_a_valid_slug() {
        let slug = Slug::from_title(&"word ".repeat(100));
        assert!(slug.as_str().len() <= Slug::MAX_LEN);
        assert!(Slug::parse(slug.as_str()).is_ok());
    }

    #[test]
    fn a_numbered_address_is_a_valid_one_however_long_the_first() {
        let long = Slug::from_title(&"word ".repeat(60));
        for slug in [Slug::parse("budget-vote").unwrap(), long] {
            let next = slug.numbered(12);
            assert_eq!(Slug::parse(next.as_str()), Ok(next.clone()));
            assert!(next.as_str().ends_with("-12"));
        }
        assert_eq!(
            Slug::parse("budget-vote").unwrap().numbered(2).as_str(),
            "budget-vote-2"
        );
    }
}
