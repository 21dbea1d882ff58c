//! The newsroom's domain: the nouns (articles, sections, tags, authors, media), the rules
//! that make a value valid (slugs, states, roles), when a story is public, and the view
//! structs a page is rendered from.
//!
//! This crate does no I/O and depends on nothing of ours: the store fills these types,
//! the renderer reads them, and neither may invent rules of its own.

mod article;
mod focal;
mod keys;
pub mod page;
pub mod policy;
pub mod scope;
pub mod site;
pub mod sitemap;
mod slug;
pub mod view;
pub mod webhook;
pub mod workflow;

pub use article::{
    Article, ArticleFlags, Author, Media, Rendition, Section, State, Tag, is_web_address,
};
pub use focal::FocalPoint;
pub use keys::CacheKey;
pub use page::Page;
pub use policy::{Action, Role};
pub use scope::{Scope, Scopes};
pub use site::SiteSettings;
pub use slug::{Slug, SlugError};

/// Seconds since the Unix epoch: how every time is stored and passed around.
pub type UnixTime = i64;

/// The current time as stored in the database.
pub fn now() -> UnixTime {
    jiff::Timestamp::now().as_second()
}
