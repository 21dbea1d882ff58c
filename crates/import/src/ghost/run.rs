//! The Ghost import's writing: authors, topics, then each post and page, through the
//! same writer as WordPress imports (the import mapping, the picture folder, the
//! workflow steps, the old addresses).
//!
//! A post's checksum is taken of what it becomes — headline, body with its pictures'
//! new addresses, section, topics, byline, lead picture, state — so a second run leaves
//! it alone unless the export changed or a picture missing last time is found now.

use super::cards::escape;
use super::export::{self, Export, Post, Tag, User};
use super::{images_path, on_this_site, raw_body, stored_body};
use crate::pictures::PictureFolder;
use crate::plan::{Status, checksum_of};
use crate::posts::{Existing, Incoming};
use crate::run::{ImportError, Options, Progress, Summary};
use crate::write::{Outcome, Writer, plain_text};
use newsdesk_core::Slug;
use newsdesk_newsroom::{
    Actor, Newsroom, OpError, PageFields, PictureWords, StoryFields, StructureFields,
};
use std::collections::HashMap;
use std::path::Path;

/// The section a story is filed in when its primary tag's address is none of the
/// newsroom's sections: its slug and name.
const DEFAULT_SECTION: (&str, &str) = ("news", "News");

/// Bumped when the importer changes what it makes of a post, so a re-run updates.
const VERSION: &str = "ghost-import-1";

/// Imports the Ghost export at `path` into `newsroom` as `actor`. Like a WordPress
/// import, its changes are quiet: the site shows them, webhooks do not announce them.
pub async fn import_ghost(
    newsroom: &Newsroom,
    actor: &Actor,
    path: &Path,
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary, ImportError> {
    let export = export::read(path)?;
    let total = export.users.len() + export.tags.len() + export.posts.len();
    progress.start(total as u64);
    let quiet = newsroom.quietly();
    let writer = Writer::new(
        &quiet,
        actor,
        &export.source,
        export.posts.len(),
        options,
        PictureFolder::GhostImages,
    );
    let mut run = Run {
        w: writer,
        export: &export,
        tags: export.tags.iter().map(|t| (t.id.as_str(), t)).collect(),
        authors: HashMap::new(),
        topics: HashMap::new(),
        sections: HashMap::new(),
        default_section: None,
    };
    // The feeds' old addresses.
    run.old_addresses(&["/rss/".into(), "/rss".into()], "/feed.xml")
        .await?;
    for user in &export.users {
        run.author(user).await?;
        progress.advance(&user.name);
    }
    for tag in &export.tags {
        run.topic(tag).await?;
        progress.advance(&tag.name);
    }
    for post in &export.posts {
        let outcome = run.post(post).await?;
        run.w.tally(outcome);
        progress.advance(&post.title);
    }
    run.w.finish().await.map_err(Into::into)
}

struct Run<'a> {
    w: Writer<'a>,
    export: &'a Export,
    /// Ghost tag id → the tag.
    tags: HashMap<&'a str, &'a Tag>,
    /// Ghost user id → author id.
    authors: HashMap<String, i64>,
    /// Ghost tag id → topic id.
    topics: HashMap<String, i64>,
    /// Section address → the newsroom's section there, if any.
    sections: HashMap<String, Option<i64>>,
    default_section: Option<i64>,
}

impl Run<'_> {
    async fn old_addresses(&mut self, paths: &[String], to: &str) -> Result<(), OpError> {
        let actor = self.w.actor;
        self.w
            .newsroom
            .add_old_addresses(actor, paths, to, None)
            .await
    }

    /// A staff user as an author profile, with their photo from the images folder.
    async fn author(&mut self, user: &User) -> Result<(), OpError> {
        let name = [user.name.trim(), user.slug.trim()]
            .into_iter()
            .find(|n| !n.is_empty())
            .map_or_else(|| format!("Ghost user {}", user.id), str::to_owned);
        let photo = match on_this_site(user.profile_image.trim()).as_str() {
            "" => None,
            url => {
                let words = PictureWords {
                    alt: name.clone(),
                    ..PictureWords::default()
                };
                self.w.picture_at(url, Some(words)).await?
            }
        };
        let fields = StructureFields {
            name,
            slug: valid_slug(&user.slug),
            description: user.bio.trim().to_owned(),
            links: user.links(),
            photo_media_id: photo,
            ..StructureFields::default()
        };
        let Some(id) = self.w.author(&user.id, fields).await? else {
            return Ok(());
        };
        self.authors.insert(user.id.clone(), id);
        if let Some(author) = self.w.newsroom.store.author(id).await? {
            self.moved("/author", &user.slug, author.slug.as_str())
                .await?;
        }
        Ok(())
    }

    /// A public tag as a topic; internal tags are skipped.
    async fn topic(&mut self, tag: &Tag) -> Result<(), OpError> {
        let what = format!("tag “{}”", tag.name.trim());
        if tag.is_internal() {
            self.w.skip(
                what,
                "an internal tag (#…): Ghost's way of grouping posts for its themes, never shown to readers",
            );
            return Ok(());
        }
        if tag.name.trim().is_empty() {
            self.w.skip(what, "a tag without a name");
            return Ok(());
        }
        let fields = StructureFields {
            name: tag.name.trim().to_owned(),
            slug: valid_slug(&tag.slug),
            description: tag.description.trim().to_owned(),
            ..StructureFields::default()
        };
        let Some(id) = self.w.topic(&format!("tag:{}", tag.id), fields).await? else {
            return Ok(());
        };
        self.topics.insert(tag.id.clone(), id);
        if let Some(topic) = self.w.newsroom.store.tag(id).await? {
            self.moved("/tag", &tag.slug, topic.slug.as_str()).await?;
        }
        Ok(())
    }

    /// Ghost's addresses for a tag's or author's page and feed (`/tag/{slug}/`,
    /// `/tag/{slug}/rss/`) answer 301 to the newsroom's.
    async fn moved(&mut self, base: &str, old: &str, new: &str) -> Result<(), OpError> {
        if !is_path_segment(old) {
            return Ok(());
        }
        let to = format!("{base}/{new}");
        let mut paths = vec![format!("{base}/{old}/")];
        if old != new {
            paths.push(format!("{base}/{old}"));
        }
        self.old_addresses(&paths, &to).await?;
        let feeds = [format!("{base}/{old}/rss/"), format!("{base}/{old}/rss")];
        self.old_addresses(&feeds, &format!("{to}/feed.xml")).await
    }

    /// One post or page of the export.
    async fn post(&mut self, post: &Post) -> Result<Option<Outcome>, OpError> {
        let what = describe(post);
        let kind = post.kind();
        if kind != "post" && kind != "page" {
            self.w
                .skip(what, format!("a Ghost {kind:?}, neither a post nor a page"));
            return Ok(None);
        }
        let status = match post.status.trim() {
            // `sent`: a post sent as a newsletter (and maybe never shown on the site).
            "published" | "sent" => Status::Published,
            "draft" | "" => Status::Draft,
            "scheduled" => Status::Scheduled,
            other => {
                self.w
                    .skip(what, format!("a post with the unknown status {other:?}"));
                return Ok(None);
            }
        };
        let raw = match raw_body(post) {
            Ok(html) => on_this_site(&html),
            Err(reason) => {
                self.w
                    .skip(what, format!("its body cannot be read: {reason}"));
                return Ok(None);
            }
        };
        if post.title.trim().is_empty() && raw.trim().is_empty() {
            self.w.skip(what, "a post with neither title nor text");
            return Ok(None);
        }
        let mut held = None;
        let status = match (post.visibility.trim(), status) {
            ("" | "public", s) => s,
            (who, Status::Published | Status::Scheduled) => {
                held = Some(format!(
                    "for {} only on Ghost: imported as a draft, as Newsdesk has no members — publish it at the desk if everyone may read it",
                    audience(who)
                ));
                Status::Draft
            }
            (_, s) => s,
        };
        let outcome = if kind == "page" {
            if status == Status::Scheduled {
                held = Some(
                    "a scheduled page: Newsdesk's pages have no schedule, so it came in unpublished"
                        .into(),
                );
            }
            self.page(post, what.clone(), status, raw).await?
        } else {
            self.story(post, what.clone(), status, raw).await?
        };
        if let (Some(reason), Some(Outcome::Created | Outcome::Updated)) = (held, outcome) {
            self.w.hold_back(what, reason);
        }
        Ok(outcome)
    }

    async fn story(
        &mut self,
        post: &Post,
        what: String,
        status: Status,
        raw: String,
    ) -> Result<Option<Outcome>, OpError> {
        let lead = self.lead_picture(post).await?;
        self.w.body_pictures(&raw).await?;
        let body = stored_body(&raw, &self.w.picture_addresses());
        let Some(section) = self.section_for(post).await? else {
            self.w.skip(what, "no section could be made for it");
            return Ok(None);
        };
        let mut tag_ids: Vec<i64> = Vec::new();
        for id in post.tag_ids.iter().filter_map(|t| self.topics.get(t)) {
            if !tag_ids.contains(id) {
                tag_ids.push(*id);
            }
        }
        let author_ids = self.byline(post);
        let headline = headline(post);
        let standfirst = plain_text(&post.custom_excerpt);
        let seo_title = either(&post.meta_title, &post.og_title);
        let seo_description = either(&post.meta_description, &post.og_description);
        let checksum = checksum_of(&[
            VERSION,
            "story",
            &headline,
            &standfirst,
            &body,
            &section.to_string(),
            &format!("{tag_ids:?}"),
            &format!("{author_ids:?}"),
            &format!("{lead:?}"),
            seo_title.as_deref().unwrap_or(""),
            seo_description.as_deref().unwrap_or(""),
            &format!("{status:?} {:?}", post.published_at),
            &post.slug,
        ]);
        let fields = StoryFields {
            headline: Some(headline),
            standfirst: Some(standfirst),
            body_markdown: Some(body),
            section_id: Some(section),
            tag_ids: Some(tag_ids),
            author_ids: Some(author_ids),
            lead_media_id: Some(lead),
            seo_title: Some(seo_title),
            seo_description: Some(seo_description),
            ..StoryFields::default()
        };
        let incoming = self.incoming(post, what, checksum, status);
        let current = match self.w.existing_story(&incoming).await? {
            Existing::Unchanged => return Ok(Some(Outcome::Unchanged)),
            Existing::Changed(article) => Some(article),
            Existing::New => None,
        };
        self.w.write_story(&incoming, current, fields).await
    }

    async fn page(
        &mut self,
        post: &Post,
        what: String,
        status: Status,
        raw: String,
    ) -> Result<Option<Outcome>, OpError> {
        // A page has no lead picture: its feature image opens its body.
        let mut raw = raw;
        if !post.feature_image.trim().is_empty() {
            self.lead_picture(post).await?;
            let caption = match post.feature_image_caption.trim() {
                "" => String::new(),
                words => format!("<figcaption>{words}</figcaption>"),
            };
            raw = format!(
                "<figure><img src=\"{}\" alt=\"{}\">{caption}</figure>{raw}",
                escape(&on_this_site(post.feature_image.trim())),
                escape(&plain_text(&post.feature_image_alt))
            );
        }
        self.w.body_pictures(&raw).await?;
        let body = stored_body(&raw, &self.w.picture_addresses());
        let title = headline(post);
        let seo_title = either(&post.meta_title, &post.og_title).unwrap_or_default();
        let seo_description =
            either(&post.meta_description, &post.og_description).unwrap_or_default();
        let published = status == Status::Published;
        let checksum = checksum_of(&[
            VERSION,
            "page",
            &title,
            &body,
            &seo_title,
            &seo_description,
            &published.to_string(),
            &post.slug,
        ]);
        let fields = PageFields {
            title,
            body_markdown: body,
            published,
            seo_title,
            seo_description,
            ..PageFields::default()
        };
        let incoming = self.incoming(post, what, checksum, status);
        let current = match self.w.existing_page(&incoming).await? {
            Existing::Unchanged => return Ok(Some(Outcome::Unchanged)),
            Existing::Changed(page) => Some(page),
            Existing::New => None,
        };
        self.w.write_page(&incoming, current, fields).await
    }

    fn incoming(&self, post: &Post, what: String, checksum: String, status: Status) -> Incoming {
        let slug = post.slug.trim();
        // Ghost's default address for posts and pages alike: `/{slug}/`.
        let old_addresses = if is_path_segment(slug) {
            vec![
                format!("/{slug}/"),
                format!("/{slug}"),
                format!("/{slug}/amp/"),
            ]
        } else {
            Vec::new()
        };
        Incoming {
            id: post.id.clone(),
            what,
            checksum,
            status,
            date: post.published_at,
            slug: slug.to_owned(),
            old_addresses,
        }
    }

    /// The feature image, with its alt text and caption, from the images folder.
    async fn lead_picture(&mut self, post: &Post) -> Result<Option<i64>, OpError> {
        let url = on_this_site(post.feature_image.trim());
        let url = url.as_str();
        if url.is_empty() {
            return Ok(None);
        }
        if images_path(url).is_none() {
            self.w.missing(
                url,
                "a feature image from outside the site's content/images, and pictures are not downloaded",
            );
            return Ok(None);
        }
        let words = PictureWords {
            alt: plain_text(&post.feature_image_alt),
            caption: plain_text(&post.feature_image_caption),
            ..PictureWords::default()
        };
        self.w.picture_at(url, Some(words)).await
    }

    /// The section whose address is the primary tag's (the first public one), if the
    /// newsroom has one; else "News", made when missing.
    async fn section_for(&mut self, post: &Post) -> Result<Option<i64>, OpError> {
        let primary = post
            .tag_ids
            .iter()
            .filter_map(|id| self.tags.get(id.as_str()))
            .find(|t| !t.is_internal());
        if let Some(tag) = primary
            && let Ok(slug) = Slug::parse(tag.slug.trim())
        {
            let slug = slug.as_str().to_owned();
            let found = match self.sections.get(&slug) {
                Some(found) => *found,
                None => {
                    let found = self
                        .w
                        .newsroom
                        .store
                        .section_by_slug(&slug)
                        .await?
                        .map(|s| s.id);
                    self.sections.insert(slug, found);
                    found
                }
            };
            if found.is_some() {
                return Ok(found);
            }
        }
        if self.default_section.is_none() {
            let (slug, name) = DEFAULT_SECTION;
            self.default_section = self.w.section(slug, name, "").await?;
        }
        Ok(self.default_section)
    }

    /// The post's authors in order; Ghost's own fallback, the site owner, when none of
    /// them came in.
    fn byline(&self, post: &Post) -> Vec<i64> {
        let mut ids: Vec<i64> = Vec::new();
        for id in post.author_ids.iter().filter_map(|a| self.authors.get(a)) {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        if ids.is_empty()
            && let Some(owner) = self.export.owner.as_ref().and_then(|o| self.authors.get(o))
        {
            ids.push(*owner);
        }
        ids
    }
}

/// `post “Title” (Ghost id 5f3…)` for the summary.
fn describe(post: &Post) -> String {
    let title = plain_text(&post.title);
    let title = if title.is_empty() {
        "(no title)".to_owned()
    } else {
        title
    };
    format!("{} “{title}” (Ghost id {})", post.kind(), post.id)
}

fn headline(post: &Post) -> String {
    let title = plain_text(&post.title);
    if title.is_empty() {
        format!("Untitled (Ghost post {})", post.id)
    } else {
        title
    }
}

/// The first of two words that is not empty.
fn either(first: &str, second: &str) -> Option<String> {
    [first, second]
        .into_iter()
        .map(plain_text)
        .find(|s| !s.is_empty())
}

/// Who could read a post on Ghost, in words.
fn audience(visibility: &str) -> String {
    match visibility {
        "members" => "members".into(),
        "paid" => "paying members".into(),
        "tiers" => "members of some tiers".into(),
        other => format!("{other:?} readers"),
    }
}

/// A Ghost slug the newsroom can take as an address; empty (made from the name) if not.
fn valid_slug(slug: &str) -> String {
    Slug::parse(slug.trim())
        .map(|s| s.as_str().to_owned())
        .unwrap_or_default()
}

/// Whether `segment` can stand in a path as it is (Ghost's slugs always can).
fn is_path_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '%'))
        && segment != "."
        && segment != ".."
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_segments_make_old_addresses() {
        assert!(is_path_segment("welcome-to-ghost"));
        assert!(is_path_segment("caf%C3%A9"));
        for bad in ["", "..", "a/b", "a?b", "a b", "a#b"] {
            assert!(!is_path_segment(bad), "{bad}");
        }
    }

    #[test]
    fn members_only_posts_are_named_for_their_readers() {
        assert_eq!(audience("paid"), "paying members");
        assert_eq!(either("", "OG title").as_deref(), Some("OG title"));
        assert_eq!(either(" ", ""), None);
    }
}
