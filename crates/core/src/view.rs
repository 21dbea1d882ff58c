//! What a page is rendered from: one struct per page, filled by the store in as few queries
//! as it can, read by the templates. Plain data; every string in here is untrusted text
//! except `body_html`, which the renderer's sanitizer produced.

mod structure;
mod tokens;
mod webhooks;
pub use structure::{
    StructureEditPage, StructureForm, StructureLine, StructureListPage, TopicSuggestion,
};
pub use tokens::{MadeToken, ScopeChoice, TokenLine, TokensPage};
pub use webhooks::{DeliveryLine, WebhookLine, WebhookPage, WebhooksPage};

use crate::{ArticleFlags, CacheKey, UnixTime};
use serde::Serialize;

mod api_reference;
pub use api_reference::*;

/// What every page shows around its content: the newsroom's settings (name, language,
/// logo, footer links…) and its navigation.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Site {
    pub name: String,
    pub tagline: String,
    /// The site's description, for the home page's meta description and its feeds.
    pub description: String,
    /// BCP 47 language tag: `<html lang>`, feeds.
    pub language: String,
    /// Absolute base URL without a trailing slash, e.g. `https://news.example.com`.
    pub base_url: String,
    /// The navigation: top-level sections in order.
    pub sections: Vec<SectionLink>,
    /// IANA time zone used for displayed times.
    pub time_zone: String,
    /// The masthead's logo, when the newsroom chose one (its name is the text otherwise).
    pub logo: Option<Picture>,
    /// The picture social networks show for pages without one of their own: a site path.
    pub social_image: Option<String>,
    /// The newsroom's own browser icon, served at `/favicon.ico` (a plain default when
    /// `None`).
    pub favicon_media_id: Option<i64>,
    pub footer_links: Vec<crate::site::Link>,
    /// The newsroom's profiles elsewhere: linked in the footer, `sameAs` in JSON-LD.
    pub social_profiles: Vec<String>,
    /// Site paths of the ethics and corrections policies, when pages for them exist
    /// (`ethicsPolicy`, `correctionsPolicy` in the organisation's JSON-LD).
    pub ethics_policy_url: Option<String>,
    pub corrections_policy_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionLink {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// `/news/`
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct AuthorLink {
    pub name: String,
    /// `/author/jane-doe`
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct TagLink {
    pub id: i64,
    pub name: String,
    /// `/tag/iraq`
    pub url: String,
}

/// A picture ready for `<img>`: `src` is a middle rendition, `srcset` lists them all.
#[derive(Clone, Debug, Serialize)]
pub struct Picture {
    pub src: String,
    /// `"/media/ab12…-320.jpg 320w, /media/ab12…-640.jpg 640w, …"`
    pub srcset: String,
    /// The same widths in WebP, offered first; empty when there are none.
    pub webp_srcset: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    /// The focal point in percent, in steps of 5 (`[35, 20]`), for a crop's
    /// `object-position`; `None` for the centre.
    pub focal: Option<[u8; 2]>,
}

/// A story as it appears in any list: headline, standfirst, picture, time.
#[derive(Clone, Debug, Serialize)]
pub struct Teaser {
    pub id: i64,
    /// `/news/bishops-vote-on-synod`
    pub url: String,
    pub headline: String,
    pub standfirst: String,
    pub section: SectionLink,
    pub picture: Option<Picture>,
    pub published_at: UnixTime,
    pub flags: ArticleFlags,
}

#[derive(Clone, Debug, Serialize)]
pub struct Correction {
    pub published_at: UnixTime,
    /// "correction" or "update"
    pub kind: String,
    pub text: String,
}

/// The page this product exists to serve.
#[derive(Clone, Debug, Serialize)]
pub struct ArticlePage {
    pub id: i64,
    pub url: String,
    pub headline: String,
    pub standfirst: String,
    pub section: SectionLink,
    pub lead: Option<Picture>,
    /// In byline order.
    pub authors: Vec<AuthorLink>,
    pub first_published_at: UnixTime,
    /// Set when the story changed after it was first published.
    pub updated_at: Option<UnixTime>,
    /// Sanitized HTML.
    pub body_html: String,
    pub corrections: Vec<Correction>,
    pub tags: Vec<TagLink>,
    /// The latest other stories of the same section, newest first.
    pub rail: Vec<Teaser>,
    /// Up to four stories most like this one (shared topics, then shared words), from the
    /// search index; empty where there are none.
    pub related: Vec<Teaser>,
    pub flags: ArticleFlags,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub canonical_url: Option<String>,
}

/// Links to neighbouring pages of a paged list; `None` at either end.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Paging {
    pub page: u32,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

/// Whose list a list page is.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ListOwner {
    Section {
        name: String,
        description: String,
        /// The front's `<title>` and meta description; empty for the name and description.
        seo_title: String,
        seo_description: String,
    },
    Tag {
        name: String,
        description: String,
    },
    Author {
        name: String,
        bio: String,
        photo: Option<Picture>,
        job_title: String,
        /// Profiles elsewhere, each an absolute http(s) address (`rel="me"` links).
        links: Vec<String>,
    },
}

/// A section front, topic page or author page: one paged list of teasers.
#[derive(Clone, Debug, Serialize)]
pub struct ListPage {
    pub owner: ListOwner,
    /// The key of the list itself (`list:section:3`, …): set by whoever loads the page.
    #[serde(skip)]
    pub list_key: CacheKey,
    pub url: String,
    pub items: Vec<Teaser>,
    pub paging: Paging,
}

/// One section's block on the home page.
#[derive(Clone, Debug, Serialize)]
pub struct SectionBlock {
    pub section: SectionLink,
    pub items: Vec<Teaser>,
}

/// Page 1 is the lead story plus a block per section; later pages are a plain list of the
/// latest stories (in `latest`), so the whole archive stays reachable without JavaScript.
#[derive(Clone, Debug, Serialize)]
pub struct HomePage {
    pub lead: Option<Teaser>,
    /// Below the lead on page 1: the next latest stories site-wide.
    pub latest: Vec<Teaser>,
    pub blocks: Vec<SectionBlock>,
    pub paging: Paging,
}

/// A rendered page's dependencies: the keys that, when changed, make it stale.
pub trait DependsOn {
    fn cache_keys(&self) -> Vec<CacheKey>;
}

fn teaser_keys<'a>(teasers: impl IntoIterator<Item = &'a Teaser>, keys: &mut Vec<CacheKey>) {
    keys.extend(teasers.into_iter().map(|t| CacheKey::Article(t.id)));
}

impl DependsOn for ArticlePage {
    fn cache_keys(&self) -> Vec<CacheKey> {
        // The rail's membership follows the section's list.
        let mut keys = vec![
            CacheKey::Site,
            CacheKey::Article(self.id),
            CacheKey::Section(self.section.id),
        ];
        teaser_keys(&self.rail, &mut keys);
        // Related stories: the ones shown (their headlines), and the stored list itself.
        teaser_keys(&self.related, &mut keys);
        keys.push(CacheKey::Related(self.id));
        // Its topics' names; and a story published on them makes the follower work the
        // list out again (`Related`), until then the page may show the old one.
        keys.extend(self.tags.iter().map(|t| CacheKey::Tag(t.id)));
        keys.sort();
        keys.dedup();
        keys
    }
}

impl DependsOn for ListPage {
    fn cache_keys(&self) -> Vec<CacheKey> {
        let mut keys = vec![CacheKey::Site, self.list_key.clone()];
        teaser_keys(&self.items, &mut keys);
        keys.sort();
        keys.dedup();
        keys
    }
}

impl DependsOn for HomePage {
    fn cache_keys(&self) -> Vec<CacheKey> {
        let mut keys = vec![CacheKey::Site, CacheKey::Home];
        teaser_keys(self.lead.iter().chain(&self.latest), &mut keys);
        for block in &self.blocks {
            teaser_keys(&block.items, &mut keys);
        }
        keys.sort();
        keys.dedup();
        keys
    }
}

/// A request we could not act on, said in one sentence: a malformed address, a form too
/// large or unreadable, a refusal. Shown in the site's chrome, or the desk's for `/admin`.
#[derive(Clone, Debug, Serialize)]
pub struct ProblemPage {
    /// The HTTP status, shown large like the 404 page's.
    pub status: u16,
    /// A short heading: "Page not found", "Form too large".
    pub title: String,
    /// What happened and what to do, in one sentence.
    pub message: String,
    /// Shown in the desk: a link back to the desk rather than the home page.
    pub desk: bool,
}

/// The desk's sign-in page (or, before any login exists, the one-time setup page).
#[derive(Clone, Debug, Default, Serialize)]
pub struct SignInPage {
    /// Creating the first admin rather than signing in.
    pub setup: bool,
    /// The name typed last time, on the setup page.
    pub name: String,
    /// What went wrong with the last try, in words a person can act on.
    pub error: Option<String>,
    /// The email typed last time, so it need not be typed again.
    pub email: String,
}

/// One story in the desk's list.
#[derive(Clone, Debug, Serialize)]
pub struct DeskStory {
    pub id: i64,
    pub headline: String,
    pub state: crate::State,
    pub section: String,
    pub authors: String,
    pub updated_at: UnixTime,
    /// When a scheduled story goes out.
    pub scheduled_for: Option<UnixTime>,
    /// When it was last published, if ever.
    pub published_at: Option<UnixTime>,
    /// The public address, when the story is public.
    pub public_url: Option<String>,
    /// The name of someone else who has the story open in the editor now, if anyone.
    pub editing: Option<String>,
}

/// The signed-in person, as the desk's frame shows them on every desk page: their name
/// and role beside the navigation (which follows the role), and sign-out.
#[derive(Clone, Debug, Serialize)]
pub struct DeskViewer {
    /// Their name, or their email when they have none.
    pub name: String,
    pub email: String,
    pub role: crate::Role,
    /// The session's form token, for the sign-out form in the frame.
    pub csrf_token: String,
}

/// The desk's front page for a signed-in user: the newsroom's stories, in views (mine, in
/// review, scheduled, published…), filtered, sorted and paged.
#[derive(Clone, Debug, Serialize)]
pub struct DeskHome {
    pub role: crate::Role,
    /// The form token every state-changing form of this session carries.
    pub csrf_token: String,
    /// The view shown (`all`, `mine`, `review`, `scheduled`, `published`, `drafts`,
    /// `unpublished`) and every view with its count.
    pub view: String,
    pub views: Vec<DeskTab>,
    pub stories: Vec<DeskStory>,
    /// The list's filters as chosen (`""`/0 for any) and their options.
    pub filter_state: String,
    pub filter_section: i64,
    pub filter_author: i64,
    pub query: String,
    pub sort: String,
    pub sorts: Vec<Choice>,
    pub sections: Vec<SectionLink>,
    pub authors: Vec<Choice>,
    pub paging: Paging,
    /// What is missing before a story can be filed: `"settings"` (setup never finished)
    /// or `"sections"` (there are none); empty when the newsroom is ready.
    pub needs: String,
    pub message: Option<String>,
}

/// One of the story list's views, as a tab.
#[derive(Clone, Debug, Serialize)]
pub struct DeskTab {
    pub key: String,
    pub label: String,
    /// As shown: "12", or "1,000+" past what the desk counts.
    pub count: String,
    pub url: String,
}

/// Another person's save that a stale save ran into: shown beside the typed text.
#[derive(Clone, Debug, Serialize)]
pub struct ConflictView {
    pub version: i64,
    pub headline: String,
    pub standfirst: String,
    pub body_markdown: String,
}

/// One checkbox of a list in a desk form.
#[derive(Clone, Debug, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The desk's story editor: the form, what this user may do with the story now, and, after
/// a refused save, the other person's version.
#[derive(Clone, Debug, Serialize)]
pub struct StoryEditor {
    /// `None` for a story not yet saved.
    pub id: Option<i64>,
    /// The version the form was loaded from; a save against an older one is a conflict.
    pub version: i64,
    pub csrf_token: String,
    pub headline: String,
    /// The story's address within its section; changing it on a published story leaves a
    /// 301 from the old address.
    pub slug: String,
    pub standfirst: String,
    pub body_markdown: String,
    pub section_id: i64,
    pub sections: Vec<SectionLink>,
    /// Topic tags, authors (in byline order when chosen) and flags, as checkboxes.
    pub tags: Vec<Choice>,
    pub authors: Vec<Choice>,
    pub flags: Vec<Choice>,
    pub state: crate::State,
    /// When the story was last saved (`None` for a story not yet saved).
    pub saved_at: Option<UnixTime>,
    pub public_url: Option<String>,
    /// The buttons this user may press now: `save`, `submit`, `publish`, `unpublish`.
    pub actions: Vec<String>,
    /// Whether this user may append a correction or update note (published stories).
    pub can_correct: bool,
    /// A preview link just made, to copy and share.
    pub preview_url: Option<String>,
    /// `datetime-local` values in the site's time zone, empty for none.
    pub scheduled_for: String,
    pub embargo_until: String,
    /// SEO overrides; empty to use the headline and standfirst.
    pub seo_title: String,
    pub seo_description: String,
    /// The lead image chosen now (`None` for none), and pictures to choose from: the
    /// newest in the library, the chosen one first.
    pub lead_media_id: Option<i64>,
    /// The chosen lead picture itself, for the picker's "chosen" thumbnail.
    pub lead: Option<MediaCard>,
    pub lead_choices: Vec<MediaCard>,
    /// Whether this user may upload a picture from the editor.
    pub can_upload: bool,
    /// Desk-only notes on the story, oldest first.
    pub notes: Vec<NoteLine>,
    pub can_trash: bool,
    pub message: Option<String>,
    pub conflict: Option<ConflictView>,
    /// Someone else who has this story open in the editor now (its edit lease).
    pub presence: Option<Presence>,
}

/// Someone else with a story open in the editor: their name, and since when (as a time,
/// and as the desk shows it in the site's zone: "10:42", or "25 Nov, 10:42" on another day).
#[derive(Clone, Debug, Serialize)]
pub struct Presence {
    pub name: String,
    pub since: UnixTime,
    pub since_clock: String,
}

/// An editorial note: desk-only, never public, never in the Content API.
#[derive(Clone, Debug, Serialize)]
pub struct NoteLine {
    pub id: i64,
    pub who: String,
    pub at: UnixTime,
    /// The paragraph (1-based) it is about, if any.
    pub paragraph: Option<i64>,
    pub body: String,
}

/// A picture as the desk lists it: a small rendition and its words.
#[derive(Clone, Debug, Serialize)]
pub struct MediaCard {
    pub id: i64,
    /// A narrow rendition for lists.
    pub thumb: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub copyright: String,
    pub original_name: String,
    pub created_at: UnixTime,
}

/// The media library: a page of pictures, newest first, and the upload form.
#[derive(Clone, Debug, Serialize)]
pub struct MediaLibraryPage {
    pub csrf_token: String,
    pub query: String,
    pub items: Vec<MediaCard>,
    pub paging: Paging,
    pub message: Option<String>,
    pub max_upload_mb: usize,
}

/// One story that shows a picture.
#[derive(Clone, Debug, Serialize)]
pub struct MediaUseLine {
    pub id: i64,
    pub headline: String,
    pub state: crate::State,
    /// As its lead image (otherwise inside the body).
    pub lead: bool,
}

/// One picture in the library: its words to edit, its files and where it is used.
#[derive(Clone, Debug, Serialize)]
pub struct MediaDetailPage {
    pub csrf_token: String,
    /// The card's size is its thumbnail's; the picture's own is `width` × `height`.
    pub card: MediaCard,
    /// The original's size in pixels, as uploaded (turned upright).
    pub width: u32,
    pub height: u32,
    pub copyright: String,
    /// The focal point as the form shows it (`"0.35"`), empty for the centre.
    pub focal_x: String,
    pub focal_y: String,
    pub picture: Picture,
    /// Every stored file: `(label, url)`, e.g. `("640 × 427 WebP", "/media/…-640.webp")`.
    pub files: Vec<(String, String)>,
    pub uses: Vec<MediaUseLine>,
    pub can_edit: bool,
    pub message: Option<String>,
}

/// One story in the trash.
#[derive(Clone, Debug, Serialize)]
pub struct TrashLine {
    pub id: i64,
    pub headline: String,
    pub deleted_at: UnixTime,
    pub deleted_by: String,
    /// When it will be deleted for good.
    pub purge_at: UnixTime,
}

/// The trash: stories deleted within the last 30 days, restorable.
#[derive(Clone, Debug, Serialize)]
pub struct TrashPage {
    pub csrf_token: String,
    pub stories: Vec<TrashLine>,
    pub can_delete_forever: bool,
    pub message: Option<String>,
}

/// One saved version in a story's history.
#[derive(Clone, Debug, Serialize)]
pub struct RevisionLine {
    pub version: i64,
    pub saved_by: String,
    pub saved_at: UnixTime,
    pub headline: String,
    pub current: bool,
}

/// A run of words in a diff: `same`, `del` (only in the older) or `ins` (only in the newer).
#[derive(Clone, Debug, Serialize)]
pub struct DiffPart {
    pub kind: &'static str,
    pub text: String,
}

/// One field compared between two versions.
#[derive(Clone, Debug, Serialize)]
pub struct FieldDiff {
    pub field: String,
    pub changed: bool,
    pub parts: Vec<DiffPart>,
}

/// A story's revisions, and a word-level comparison of two of them.
#[derive(Clone, Debug, Serialize)]
pub struct RevisionsPage {
    pub id: i64,
    pub headline: String,
    pub csrf_token: String,
    pub revisions: Vec<RevisionLine>,
    /// The versions compared, older first, when two are.
    pub compared: Option<(i64, i64)>,
    pub fields: Vec<FieldDiff>,
    pub can_restore: bool,
}

/// One line of the audit log, as an administrator reads it.
#[derive(Clone, Debug, Serialize)]
pub struct AuditLine {
    pub at: UnixTime,
    /// Who did it: a login's name or email, or "system" for the scheduler and tools.
    pub who: String,
    pub action: String,
    pub object: String,
    pub detail: String,
}

/// One login on the people page.
#[derive(Clone, Debug, Serialize)]
pub struct PersonLine {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: crate::Role,
    pub disabled: bool,
    /// The byline this login writes as; its stories count as its own.
    pub author_id: Option<i64>,
    /// The administrator looking at the page (who cannot demote or disable themselves).
    pub is_self: bool,
}

/// The people page, for administrators: every login, its role and byline, and a form to
/// add one.
#[derive(Clone, Debug, Serialize)]
pub struct PeoplePage {
    pub csrf_token: String,
    pub people: Vec<PersonLine>,
    /// Bylines to link a login to.
    pub authors: Vec<Choice>,
    pub message: Option<String>,
}

/// A signed-in person's own account: change the password.
#[derive(Clone, Debug, Serialize)]
pub struct AccountPage {
    pub csrf_token: String,
    pub email: String,
    pub name: String,
    pub role: crate::Role,
    pub message: Option<String>,
}

/// One search result: the story's teaser and a passage with the query's words marked.
#[derive(Clone, Debug, Serialize)]
pub struct SearchHit {
    pub teaser: Teaser,
    /// HTML-escaped text with `<b>` around the matched words (made by the search index).
    pub snippet_html: String,
}

/// A filter in effect on the search page, with the address that removes it.
#[derive(Clone, Debug, Serialize)]
pub struct SearchFilter {
    pub label: String,
    pub remove_url: String,
}

/// The search page: the query as typed, its filters, the results and paging.
#[derive(Clone, Debug, Serialize)]
pub struct SearchPage {
    pub query: String,
    /// `relevance` or `date`.
    pub sort: String,
    pub section: String,
    pub from: String,
    pub to: String,
    /// Hidden fields that keep tag and author filters across a new query.
    pub tag: String,
    pub author: String,
    pub filters: Vec<SearchFilter>,
    pub sections: Vec<SectionLink>,
    pub total: usize,
    pub hits: Vec<SearchHit>,
    /// No story had every word as typed; these have words like them.
    pub fuzzy: bool,
    /// The address of the same search in the other order.
    pub other_sort_url: String,
    pub paging: Paging,
    /// A problem with the filters, said plainly (a bad date, say).
    pub notice: Option<String>,
}

/// When readers were last told a story changed: a correction or update note, or a
/// significant update (its publication time moved on) after the first minute; `None` when
/// neither happened. Feeds and sitemaps date a story's last change by this rule, the one
/// the article page shows as "Updated".
pub fn updated_time(
    first_published_at: UnixTime,
    published_at: Option<UnixTime>,
    last_note: Option<UnixTime>,
) -> Option<UnixTime> {
    let last_change = published_at
        .unwrap_or(first_published_at)
        .max(last_note.unwrap_or(i64::MIN));
    (last_note.is_some() || last_change > first_published_at + 60).then_some(last_change)
}

/// A feed (RSS, Atom or JSON Feed) of one list: the home page, a section, a topic or an
/// author. The same stories as the list, newest first, each in full.
#[derive(Clone, Debug, Serialize)]
pub struct FeedPage {
    /// The list's own name ("News", "Iraq", "Jane Doe"); empty for the home page's feed.
    /// The renderer adds the site's name.
    pub title: String,
    /// The section's or topic's description, or the author's bio; empty for the site's
    /// tagline.
    pub description: String,
    /// The page the feed follows: `/`, `/news/`, `/tag/iraq`, `/author/jane-doe`.
    pub page_url: String,
    /// The folder of the feed files (`feed.xml`, `atom.xml`, `feed.json`): `/`, `/news/`,
    /// `/tag/iraq/`.
    pub feed_base: String,
    /// The key of the list the feed mirrors: set by whoever loads it.
    #[serde(skip)]
    pub list_key: CacheKey,
    pub items: Vec<FeedItem>,
}

/// One story in a feed.
#[derive(Clone, Debug, Serialize)]
pub struct FeedItem {
    pub id: i64,
    /// `/news/bishops-vote-on-synod`
    pub url: String,
    pub headline: String,
    pub standfirst: String,
    /// Sanitized HTML.
    pub body_html: String,
    pub section: SectionLink,
    /// In byline order.
    pub authors: Vec<AuthorLink>,
    pub tags: Vec<TagLink>,
    pub image: Option<FeedImage>,
    pub first_published_at: UnixTime,
    /// The last change readers were told of ([`updated_time`]), or the first publication.
    pub updated_at: UnixTime,
    /// Oldest first.
    pub corrections: Vec<Correction>,
}

/// A story's lead picture as a feed carries it: one rendition, with its type and size.
#[derive(Clone, Debug, Serialize)]
pub struct FeedImage {
    /// `/media/ab12…-960.jpg`
    pub url: String,
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

/// One address in a sitemap, or one sitemap file in the sitemap index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SitemapEntry {
    /// A site path: `/news/bishops-vote-on-synod`, `/sitemaps/2026-11.xml`.
    pub url: String,
    pub lastmod: Option<UnixTime>,
}

/// `/sitemap.xml`: every sitemap file, the list pages' first, then the months, newest first.
#[derive(Clone, Debug, Serialize)]
pub struct SitemapIndex {
    pub files: Vec<SitemapEntry>,
}

/// One sitemap file: a month's stories, or the home page, sections, topics and authors.
#[derive(Clone, Debug, Serialize)]
pub struct UrlSet {
    pub urls: Vec<SitemapEntry>,
}

/// The Google News sitemap: stories first published in the last two days.
#[derive(Clone, Debug, Serialize)]
pub struct NewsSitemap {
    pub items: Vec<NewsEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NewsEntry {
    pub url: String,
    pub headline: String,
    pub first_published_at: UnixTime,
}

impl DependsOn for FeedPage {
    fn cache_keys(&self) -> Vec<CacheKey> {
        // The same keys as the list page it mirrors.
        let mut keys = vec![CacheKey::Site, self.list_key.clone()];
        keys.extend(self.items.iter().map(|i| CacheKey::Article(i.id)));
        keys.sort();
        keys.dedup();
        keys
    }
}

/// Every sitemap changes when a story joins or leaves the public lists (`list:home`), when
/// a public story's address, headline or last change moves (`sitemap`), and when sections
/// come and go (`site`). Naming no story keeps the header short for a 50,000-address file.
fn sitemap_keys() -> Vec<CacheKey> {
    vec![CacheKey::Home, CacheKey::Site, CacheKey::Sitemap]
}

impl DependsOn for SitemapIndex {
    fn cache_keys(&self) -> Vec<CacheKey> {
        sitemap_keys()
    }
}

impl DependsOn for UrlSet {
    fn cache_keys(&self) -> Vec<CacheKey> {
        sitemap_keys()
    }
}

impl DependsOn for NewsSitemap {
    fn cache_keys(&self) -> Vec<CacheKey> {
        sitemap_keys()
    }
}

/// The site settings page, and the second step of first-run setup (`setup`), which also
/// offers the first sections.
#[derive(Clone, Debug, Serialize)]
pub struct SettingsPage {
    pub csrf_token: String,
    pub setup: bool,
    pub settings: crate::SiteSettings,
    /// The footer links as typed: "Label | address" a line.
    pub footer_links_text: String,
    /// The social profiles as typed: an address a line.
    pub social_profiles_text: String,
    /// Setup only: the first sections, a name a line.
    pub sections_text: String,
    /// Recent pictures to choose the logo, favicon and social image from.
    pub pictures: Vec<MediaCard>,
    /// Common time zones offered as suggestions; any IANA name is accepted.
    pub time_zones: Vec<&'static str>,
    pub error: Option<String>,
    pub message: Option<String>,
}

/// A standalone page as readers see it (About us, a policy).
#[derive(Clone, Debug, Serialize)]
pub struct StandalonePage {
    pub id: i64,
    pub title: String,
    /// Sanitized HTML from the page's Markdown.
    pub body_html: String,
    /// `/about`
    pub url: String,
    pub seo_title: String,
    pub seo_description: String,
    pub updated_at: UnixTime,
    /// A desk preview of an unpublished version: `noindex`, and marked as a preview.
    pub preview: bool,
}

impl DependsOn for StandalonePage {
    fn cache_keys(&self) -> Vec<CacheKey> {
        vec![CacheKey::Page(self.id), CacheKey::Site]
    }
}

/// The desk's list of standalone pages.
#[derive(Clone, Debug, Serialize)]
pub struct DeskPages {
    pub role: crate::Role,
    pub pages: Vec<DeskPageLine>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DeskPageLine {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub published: bool,
    pub purpose: &'static str,
    pub in_footer: bool,
    pub updated_at: UnixTime,
}

/// The editor of a standalone page: the form, its history, and what went wrong.
#[derive(Clone, Debug, Serialize)]
pub struct PageEditor {
    pub role: crate::Role,
    pub csrf_token: String,
    /// `None` for a page not yet saved.
    pub id: Option<i64>,
    pub version: i64,
    pub title: String,
    pub slug: String,
    pub body: String,
    pub published: bool,
    pub purpose: String,
    pub purposes: Vec<Choice>,
    pub in_footer: bool,
    pub footer_position: i64,
    pub seo_title: String,
    pub seo_description: String,
    /// The live address, when published.
    pub public_url: Option<String>,
    pub revisions: Vec<RevisionLine>,
    pub error: Option<String>,
    pub message: Option<String>,
}
