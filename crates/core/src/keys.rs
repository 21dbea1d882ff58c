//! Cache keys: the names of what a page shows. A page is cached with the keys it depends
//! on, the same keys go out as `Surrogate-Key`/`xkey` headers, and every change-log row
//! lists the keys it invalidates.
//!
//! Two kinds exist. `article:ID` changes when that story's own content changes (every page
//! showing it, even as a teaser, depends on it). `list:…` keys change when the *membership
//! or order* of a list changes: a story is published or unpublished, moves section, gains
//! or loses a tag or an author, or is bumped by a significant update.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CacheKey {
    Article(i64),
    Home,
    Section(i64),
    Tag(i64),
    Author(i64),
    Media(i64),
    /// A standalone page (About us, a policy): its own page only. Its place in the footer
    /// is part of `Site`.
    Page(i64),
    /// The site's chrome (navigation, section list): changes touch every page.
    Site,
    /// The sitemaps' content: a public story's address, headline or time of last change.
    /// Membership changes reach the sitemaps through `list:home`; this key carries the
    /// edits that leave every list as it was but still change what a sitemap says.
    Sitemap,
    /// A story's related stories, as stored: changes when the change-log follower works
    /// them out again. Only the story's own page shows them.
    Related(i64),
}

impl fmt::Display for CacheKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheKey::Article(id) => write!(f, "article:{id}"),
            CacheKey::Home => f.write_str("list:home"),
            CacheKey::Section(id) => write!(f, "list:section:{id}"),
            CacheKey::Tag(id) => write!(f, "list:tag:{id}"),
            CacheKey::Author(id) => write!(f, "list:author:{id}"),
            CacheKey::Media(id) => write!(f, "media:{id}"),
            CacheKey::Page(id) => write!(f, "page:{id}"),
            CacheKey::Site => f.write_str("site"),
            CacheKey::Sitemap => f.write_str("sitemap"),
            CacheKey::Related(id) => write!(f, "related:{id}"),
        }
    }
}

impl CacheKey {
    /// Joins keys the way the change log and the `Surrogate-Key` header carry them.
    pub fn join(keys: &[CacheKey]) -> String {
        let mut out = String::new();
        for key in keys {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&key.to_string());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_space_separated_names() {
        let keys = [CacheKey::Article(42), CacheKey::Section(3), CacheKey::Home];
        assert_eq!(CacheKey::join(&keys), "article:42 list:section:3 list:home");
    }
}
