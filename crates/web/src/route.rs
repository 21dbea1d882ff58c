//! Route patterns, also the `route` label of metrics: every route the router serves,
//! and who may use it (`POLICY`), in one table the desk's and the API's gates read.

use newsdesk_core::Action;

pub const HOME: &str = "/";
pub const ROBOTS: &str = "/robots.txt";
pub const STYLESHEET: &str = "/static/site.css";
pub const EMBED_SCRIPT: &str = "/static/embed.js";
pub const MEDIA: &str = "/media/{key}";
pub const TAG: &str = "/tag/{slug}";
pub const AUTHOR: &str = "/author/{slug}";
pub const HEALTHZ: &str = "/healthz";
pub const READYZ: &str = "/readyz";
pub const METRICS: &str = "/metrics";
pub const SECTION_NO_SLASH: &str = "/{section}";
pub const SECTION: &str = "/{section}/";
pub const ARTICLE: &str = "/{section}/{slug}";
pub const DESK: &str = "/admin/";
pub const DESK_SIGN_IN: &str = "/admin/login";
pub const DESK_SIGN_OUT: &str = "/admin/logout";
pub const DESK_SETUP: &str = "/admin/setup";
pub const DESK_NEW_STORY: &str = "/admin/stories/new";
pub const DESK_STORY: &str = "/admin/stories/{id}";
pub const DESK_CORRECTIONS: &str = "/admin/stories/{id}/corrections";
pub const DESK_REVISIONS: &str = "/admin/stories/{id}/revisions";
pub const DESK_RESTORE: &str = "/admin/stories/{id}/revisions/{version}/restore";
pub const DESK_PREVIEW_LINK: &str = "/admin/stories/{id}/preview-link";
pub const PREVIEW: &str = "/preview/{token}";
pub const DESK_AUDIT: &str = "/admin/audit";
pub const DESK_MEDIA: &str = "/admin/media";
pub const DESK_MEDIA_ITEM: &str = "/admin/media/{id}";
pub const DESK_MEDIA_PICK: &str = "/admin/media/pick";
pub const DESK_MEDIA_PREPARE: &str = "/admin/media/prepare";
pub const DESK_TRASH: &str = "/admin/trash";
pub const DESK_TRASH_STORY: &str = "/admin/stories/{id}/trash";
pub const DESK_UNTRASH: &str = "/admin/stories/{id}/restore";
pub const DESK_DELETE_FOREVER: &str = "/admin/stories/{id}/delete-forever";
pub const DESK_NOTES: &str = "/admin/stories/{id}/notes";
pub const DESK_LEASE: &str = "/admin/stories/{id}/lease";
pub const DESK_LEASE_TAKE_OVER: &str = "/admin/stories/{id}/lease/take-over";
pub const DESK_LEASE_RELEASE: &str = "/admin/stories/{id}/lease/release";
pub const DESK_STYLESHEET: &str = "/static/desk.css";
pub const DESK_PEOPLE: &str = "/admin/users";
pub const DESK_PERSON: &str = "/admin/users/{id}";
pub const DESK_ACCOUNT: &str = "/admin/account";
pub const DESK_MARKDOWN: &str = "/admin/markdown";
pub const DESK_SCRIPT: &str = "/static/desk.js";
pub const DESK_EDITOR_SCRIPT: &str = "/static/desk-editor.js";
pub const DESK_NO_SLASH: &str = "/admin";
pub const DESK_SECTIONS: &str = "/admin/sections";
pub const DESK_SECTION: &str = "/admin/sections/{id}";
pub const DESK_TOPICS: &str = "/admin/topics";
pub const DESK_TOPIC: &str = "/admin/topics/{id}";
pub const DESK_TOPIC_SUGGEST: &str = "/admin/topics/suggest";
pub const DESK_AUTHORS: &str = "/admin/authors";
pub const DESK_AUTHOR: &str = "/admin/authors/{id}";
// Feeds: static segments outrank `{section}` and `{slug}` in the router, so
// `/feed.xml` is never a section and `/news/feed.xml` never a story (slugs hold no dot).
pub const FEED_RSS: &str = "/feed.xml";
pub const FEED_ATOM: &str = "/atom.xml";
pub const FEED_JSON: &str = "/feed.json";
pub const SECTION_FEED_RSS: &str = "/{section}/feed.xml";
pub const SECTION_FEED_ATOM: &str = "/{section}/atom.xml";
pub const SECTION_FEED_JSON: &str = "/{section}/feed.json";
pub const TAG_FEED_RSS: &str = "/tag/{slug}/feed.xml";
pub const TAG_FEED_ATOM: &str = "/tag/{slug}/atom.xml";
pub const TAG_FEED_JSON: &str = "/tag/{slug}/feed.json";
pub const AUTHOR_FEED_RSS: &str = "/author/{slug}/feed.xml";
pub const AUTHOR_FEED_ATOM: &str = "/author/{slug}/atom.xml";
pub const AUTHOR_FEED_JSON: &str = "/author/{slug}/feed.json";
pub const SITEMAP_INDEX: &str = "/sitemap.xml";
pub const SITEMAP_PAGES: &str = "/sitemaps/pages.xml";
pub const SITEMAP_NEWS: &str = "/sitemaps/news.xml";
pub const SITEMAP_MONTH: &str = "/sitemaps/{file}";
pub const SEARCH: &str = "/search";
pub const FAVICON: &str = "/favicon.ico";
pub const DESK_SETTINGS: &str = "/admin/settings";
pub const DESK_SETUP_SITE: &str = "/admin/setup/site";
pub const DESK_PAGES: &str = "/admin/pages";
pub const DESK_NEW_PAGE: &str = "/admin/pages/new";
pub const DESK_PAGE: &str = "/admin/pages/{id}";
pub const DESK_PAGE_DELETE: &str = "/admin/pages/{id}/delete";
pub const DESK_PAGE_RESTORE: &str = "/admin/pages/{id}/revisions/{version}/restore";
pub const DESK_PAGE_PREVIEW: &str = "/admin/pages/{id}/preview";
pub const DESK_WEBHOOKS: &str = "/admin/webhooks";
pub const DESK_WEBHOOK: &str = "/admin/webhooks/{id}";
pub const DESK_WEBHOOK_RESEND: &str = "/admin/webhooks/{id}/deliveries/{delivery}/resend";
// The Content API, in Newsdesk's shapes and in Ghost's (`api/`).
pub const API_POSTS: &str = "/api/content/v1/posts/";
pub const API_POST: &str = "/api/content/v1/posts/{id}/";
pub const API_POST_SLUG: &str = "/api/content/v1/posts/slug/{slug}/";
pub const API_PAGES: &str = "/api/content/v1/pages/";
pub const API_PAGE: &str = "/api/content/v1/pages/{id}/";
pub const API_PAGE_SLUG: &str = "/api/content/v1/pages/slug/{slug}/";
pub const API_TAGS: &str = "/api/content/v1/tags/";
pub const API_TAG: &str = "/api/content/v1/tags/{id}/";
pub const API_TAG_SLUG: &str = "/api/content/v1/tags/slug/{slug}/";
pub const API_AUTHORS: &str = "/api/content/v1/authors/";
pub const API_AUTHOR: &str = "/api/content/v1/authors/{id}/";
pub const API_AUTHOR_SLUG: &str = "/api/content/v1/authors/slug/{slug}/";
pub const API_SECTIONS: &str = "/api/content/v1/sections/";
pub const API_SETTINGS: &str = "/api/content/v1/settings/";
pub const GHOST_POSTS: &str = "/ghost/api/content/posts/";
pub const GHOST_POST: &str = "/ghost/api/content/posts/{id}/";
pub const GHOST_POST_SLUG: &str = "/ghost/api/content/posts/slug/{slug}/";
pub const GHOST_PAGES: &str = "/ghost/api/content/pages/";
pub const GHOST_PAGE: &str = "/ghost/api/content/pages/{id}/";
pub const GHOST_PAGE_SLUG: &str = "/ghost/api/content/pages/slug/{slug}/";
pub const GHOST_TAGS: &str = "/ghost/api/content/tags/";
pub const GHOST_TAG: &str = "/ghost/api/content/tags/{id}/";
pub const GHOST_TAG_SLUG: &str = "/ghost/api/content/tags/slug/{slug}/";
pub const GHOST_AUTHORS: &str = "/ghost/api/content/authors/";
pub const GHOST_AUTHOR: &str = "/ghost/api/content/authors/{id}/";
pub const GHOST_AUTHOR_SLUG: &str = "/ghost/api/content/authors/slug/{slug}/";
pub const GHOST_SETTINGS: &str = "/ghost/api/content/settings/";
// The Admin API (`api/admin/`).
pub const ADMIN_ME: &str = "/api/admin/v1/me/";
pub const ADMIN_STORIES: &str = "/api/admin/v1/stories/";
pub const ADMIN_STORY: &str = "/api/admin/v1/stories/{id}/";
pub const ADMIN_STORY_CORRECTIONS: &str = "/api/admin/v1/stories/{id}/corrections/";
pub const ADMIN_STORY_RESTORE: &str = "/api/admin/v1/stories/{id}/restore/";
pub const ADMIN_STORY_VERSIONS: &str = "/api/admin/v1/stories/{id}/versions/";
pub const ADMIN_STORY_VERSION_RESTORE: &str =
    "/api/admin/v1/stories/{id}/versions/{version}/restore/";
pub const ADMIN_PICTURES: &str = "/api/admin/v1/pictures/";
pub const ADMIN_PICTURE: &str = "/api/admin/v1/pictures/{id}/";
pub const ADMIN_SECTIONS: &str = "/api/admin/v1/sections/";
pub const ADMIN_SECTION: &str = "/api/admin/v1/sections/{id}/";
pub const ADMIN_TOPICS: &str = "/api/admin/v1/topics/";
pub const ADMIN_TOPIC: &str = "/api/admin/v1/topics/{id}/";
pub const ADMIN_TOPIC_MERGE: &str = "/api/admin/v1/topics/{id}/merge/";
pub const ADMIN_AUTHORS: &str = "/api/admin/v1/authors/";
pub const ADMIN_AUTHOR: &str = "/api/admin/v1/authors/{id}/";
pub const ADMIN_SETTINGS: &str = "/api/admin/v1/settings/";
pub const ADMIN_PAGES: &str = "/api/admin/v1/pages/";
pub const ADMIN_PAGE: &str = "/api/admin/v1/pages/{id}/";
pub const ADMIN_USERS: &str = "/api/admin/v1/users/";
pub const ADMIN_USER: &str = "/api/admin/v1/users/{id}/";
pub const DESK_TOKENS: &str = "/admin/tokens";
pub const DESK_TOKEN_REVOKE: &str = "/admin/tokens/{id}/revoke";
// The APIs' OpenAPI document, and the reference page made from it (`api/openapi.rs`).
pub const API_OPENAPI: &str = "/api/openapi.json";
pub const API_DOCS: &str = "/api/docs";

/// Who may use a route: anyone, or a signed-in desk user whom the policy allows the
/// action. The desk's extractors (`gate::DeskUser`, `gate::DeskPost`) read this table
/// by the matched pattern; for an action on one story or picture
/// (`Action::is_on_one_item`) the handler asks the policy again with that item.
/// `App::router` refuses to start with a route missing here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Anyone,
    Desk(Action),
    /// An Admin API route: a live API token, within its rate limit. Each operation
    /// checks the token's person and scopes itself (`newsdesk_newsroom::Actor`).
    Token,
}

pub const POLICY: [(&str, Who); 133] = [
    (HOME, Who::Anyone),
    (SEARCH, Who::Anyone),
    (ROBOTS, Who::Anyone),
    (FEED_RSS, Who::Anyone),
    (FEED_ATOM, Who::Anyone),
    (FEED_JSON, Who::Anyone),
    (SECTION_FEED_RSS, Who::Anyone),
    (SECTION_FEED_ATOM, Who::Anyone),
    (SECTION_FEED_JSON, Who::Anyone),
    (TAG_FEED_RSS, Who::Anyone),
    (TAG_FEED_ATOM, Who::Anyone),
    (TAG_FEED_JSON, Who::Anyone),
    (AUTHOR_FEED_RSS, Who::Anyone),
    (AUTHOR_FEED_ATOM, Who::Anyone),
    (AUTHOR_FEED_JSON, Who::Anyone),
    (SITEMAP_INDEX, Who::Anyone),
    (SITEMAP_PAGES, Who::Anyone),
    (SITEMAP_NEWS, Who::Anyone),
    (SITEMAP_MONTH, Who::Anyone),
    (STYLESHEET, Who::Anyone),
    (EMBED_SCRIPT, Who::Anyone),
    (MEDIA, Who::Anyone),
    (TAG, Who::Anyone),
    (AUTHOR, Who::Anyone),
    (HEALTHZ, Who::Anyone),
    (READYZ, Who::Anyone),
    (METRICS, Who::Anyone),
    (SECTION_NO_SLASH, Who::Anyone),
    (SECTION, Who::Anyone),
    (ARTICLE, Who::Anyone),
    // Holding a preview link is the permission.
    (PREVIEW, Who::Anyone),
    (DESK_SIGN_IN, Who::Anyone),
    (DESK_SETUP, Who::Anyone),
    (DESK_STYLESHEET, Who::Anyone),
    (DESK_SCRIPT, Who::Anyone),
    (DESK_EDITOR_SCRIPT, Who::Anyone),
    (DESK_NO_SLASH, Who::Anyone),
    (DESK, Who::Desk(Action::UseDesk)),
    (DESK_SIGN_OUT, Who::Desk(Action::UseDesk)),
    (DESK_ACCOUNT, Who::Desk(Action::UseDesk)),
    (DESK_MARKDOWN, Who::Desk(Action::UseDesk)),
    (DESK_TRASH, Who::Desk(Action::UseDesk)),
    (DESK_NEW_STORY, Who::Desk(Action::CreateStory)),
    (DESK_STORY, Who::Desk(Action::EditStory)),
    (DESK_REVISIONS, Who::Desk(Action::EditStory)),
    (DESK_RESTORE, Who::Desk(Action::EditStory)),
    (DESK_PREVIEW_LINK, Who::Desk(Action::EditStory)),
    (DESK_NOTES, Who::Desk(Action::EditStory)),
    // "Aisha is editing": whoever may edit the story keeps and takes over its lease;
    // releasing only ever drops one's own.
    (DESK_LEASE, Who::Desk(Action::EditStory)),
    (DESK_LEASE_TAKE_OVER, Who::Desk(Action::EditStory)),
    (DESK_LEASE_RELEASE, Who::Desk(Action::UseDesk)),
    (DESK_CORRECTIONS, Who::Desk(Action::Correct)),
    (DESK_TRASH_STORY, Who::Desk(Action::Trash)),
    (DESK_UNTRASH, Who::Desk(Action::Trash)),
    (DESK_DELETE_FOREVER, Who::Desk(Action::DeleteForever)),
    (DESK_MEDIA, Who::Desk(Action::UploadImage)),
    // Anyone at the desk sees a picture's page; saving its words asks `EditMedia` of
    // that picture (its uploader, or the photo desk).
    (DESK_MEDIA_ITEM, Who::Desk(Action::EditMedia)),
    // The editor's picture picker and the upload's IPTC read (which stores nothing): as
    // the library page.
    (DESK_MEDIA_PICK, Who::Desk(Action::UploadImage)),
    (DESK_MEDIA_PREPARE, Who::Desk(Action::UploadImage)),
    (DESK_AUDIT, Who::Desk(Action::ViewAuditLog)),
    (DESK_PEOPLE, Who::Desk(Action::ManageUsers)),
    (DESK_PERSON, Who::Desk(Action::ManageUsers)),
    (FAVICON, Who::Anyone),
    (DESK_SETTINGS, Who::Desk(Action::ManageSettings)),
    (DESK_SETUP_SITE, Who::Desk(Action::ManageSettings)),
    (DESK_PAGES, Who::Desk(Action::ManageStructure)),
    (DESK_NEW_PAGE, Who::Desk(Action::ManageStructure)),
    (DESK_PAGE, Who::Desk(Action::ManageStructure)),
    (DESK_PAGE_DELETE, Who::Desk(Action::ManageStructure)),
    (DESK_PAGE_RESTORE, Who::Desk(Action::ManageStructure)),
    (DESK_PAGE_PREVIEW, Who::Desk(Action::ManageStructure)),
    (DESK_SECTIONS, Who::Desk(Action::ManageStructure)),
    (DESK_SECTION, Who::Desk(Action::ManageStructure)),
    (DESK_TOPICS, Who::Desk(Action::ManageStructure)),
    (DESK_TOPIC, Who::Desk(Action::ManageStructure)),
    (DESK_AUTHORS, Who::Desk(Action::ManageStructure)),
    (DESK_AUTHOR, Who::Desk(Action::ManageStructure)),
    (DESK_WEBHOOKS, Who::Desk(Action::ManageWebhooks)),
    (DESK_WEBHOOK, Who::Desk(Action::ManageWebhooks)),
    (DESK_WEBHOOK_RESEND, Who::Desk(Action::ManageWebhooks)),
    // The story editor's typeahead: whoever may write may choose topics.
    (DESK_TOPIC_SUGGEST, Who::Desk(Action::UseDesk)),
    // The Content API is public; a configured content key is checked in `api`.
    (API_POSTS, Who::Anyone),
    (API_POST, Who::Anyone),
    (API_POST_SLUG, Who::Anyone),
    (API_PAGES, Who::Anyone),
    (API_PAGE, Who::Anyone),
    (API_PAGE_SLUG, Who::Anyone),
    (API_TAGS, Who::Anyone),
    (API_TAG, Who::Anyone),
    (API_TAG_SLUG, Who::Anyone),
    (API_AUTHORS, Who::Anyone),
    (API_AUTHOR, Who::Anyone),
    (API_AUTHOR_SLUG, Who::Anyone),
    (API_SECTIONS, Who::Anyone),
    (API_SETTINGS, Who::Anyone),
    (GHOST_POSTS, Who::Anyone),
    (GHOST_POST, Who::Anyone),
    (GHOST_POST_SLUG, Who::Anyone),
    (GHOST_PAGES, Who::Anyone),
    (GHOST_PAGE, Who::Anyone),
    (GHOST_PAGE_SLUG, Who::Anyone),
    (GHOST_TAGS, Who::Anyone),
    (GHOST_TAG, Who::Anyone),
    (GHOST_TAG_SLUG, Who::Anyone),
    (GHOST_AUTHORS, Who::Anyone),
    (GHOST_AUTHOR, Who::Anyone),
    (GHOST_AUTHOR_SLUG, Who::Anyone),
    (GHOST_SETTINGS, Who::Anyone),
    (ADMIN_ME, Who::Token),
    (ADMIN_STORIES, Who::Token),
    (ADMIN_STORY, Who::Token),
    (ADMIN_STORY_CORRECTIONS, Who::Token),
    (ADMIN_STORY_RESTORE, Who::Token),
    (ADMIN_STORY_VERSIONS, Who::Token),
    (ADMIN_STORY_VERSION_RESTORE, Who::Token),
    (ADMIN_PICTURES, Who::Token),
    (ADMIN_PICTURE, Who::Token),
    (ADMIN_SECTIONS, Who::Token),
    (ADMIN_SECTION, Who::Token),
    (ADMIN_TOPICS, Who::Token),
    (ADMIN_TOPIC, Who::Token),
    (ADMIN_TOPIC_MERGE, Who::Token),
    (ADMIN_AUTHORS, Who::Token),
    (ADMIN_AUTHOR, Who::Token),
    (ADMIN_SETTINGS, Who::Token),
    (ADMIN_PAGES, Who::Token),
    (ADMIN_PAGE, Who::Token),
    (ADMIN_USERS, Who::Token),
    (ADMIN_USER, Who::Token),
    // Everyone makes and revokes their own tokens; administrators anyone's.
    (DESK_TOKENS, Who::Desk(Action::UseDesk)),
    (DESK_TOKEN_REVOKE, Who::Desk(Action::UseDesk)),
    (API_OPENAPI, Who::Anyone),
    (API_DOCS, Who::Anyone),
];

/// Who may use the route `pattern`, or `None` for a route with no policy entry.
pub fn who(pattern: &str) -> Option<Who> {
    POLICY.iter().find(|(p, _)| *p == pattern).map(|(_, w)| *w)
}

/// `pattern`, after checking it has a policy entry: a route added without one stops
/// the app from starting, and so fails every test.
pub(crate) fn checked(pattern: &'static str) -> &'static str {
    assert!(
        who(pattern).is_some(),
        "route {pattern} has no entry in route::POLICY"
    );
    pattern
}

pub const ALL: [&str; 133] = [
    HOME,
    ROBOTS,
    STYLESHEET,
    EMBED_SCRIPT,
    MEDIA,
    TAG,
    AUTHOR,
    HEALTHZ,
    READYZ,
    METRICS,
    SECTION_NO_SLASH,
    SECTION,
    ARTICLE,
    DESK,
    DESK_SIGN_IN,
    DESK_SIGN_OUT,
    DESK_SETUP,
    DESK_NEW_STORY,
    DESK_STORY,
    DESK_CORRECTIONS,
    DESK_REVISIONS,
    DESK_RESTORE,
    DESK_PREVIEW_LINK,
    PREVIEW,
    DESK_AUDIT,
    DESK_MEDIA,
    DESK_MEDIA_ITEM,
    DESK_MEDIA_PICK,
    DESK_MEDIA_PREPARE,
    DESK_TRASH,
    DESK_TRASH_STORY,
    DESK_UNTRASH,
    DESK_DELETE_FOREVER,
    DESK_NOTES,
    DESK_LEASE,
    DESK_LEASE_TAKE_OVER,
    DESK_LEASE_RELEASE,
    DESK_STYLESHEET,
    DESK_PEOPLE,
    DESK_PERSON,
    DESK_ACCOUNT,
    DESK_MARKDOWN,
    DESK_SCRIPT,
    DESK_EDITOR_SCRIPT,
    DESK_NO_SLASH,
    SEARCH,
    FEED_RSS,
    FEED_ATOM,
    FEED_JSON,
    SECTION_FEED_RSS,
    SECTION_FEED_ATOM,
    SECTION_FEED_JSON,
    TAG_FEED_RSS,
    TAG_FEED_ATOM,
    TAG_FEED_JSON,
    AUTHOR_FEED_RSS,
    AUTHOR_FEED_ATOM,
    AUTHOR_FEED_JSON,
    SITEMAP_INDEX,
    SITEMAP_PAGES,
    SITEMAP_NEWS,
    SITEMAP_MONTH,
    FAVICON,
    DESK_SETTINGS,
    DESK_SETUP_SITE,
    DESK_PAGES,
    DESK_NEW_PAGE,
    DESK_PAGE,
    DESK_PAGE_DELETE,
    DESK_PAGE_RESTORE,
    DESK_PAGE_PREVIEW,
    DESK_SECTIONS,
    DESK_SECTION,
    DESK_TOPICS,
    DESK_TOPIC,
    DESK_TOPIC_SUGGEST,
    DESK_AUTHORS,
    DESK_AUTHOR,
    DESK_WEBHOOKS,
    DESK_WEBHOOK,
    DESK_WEBHOOK_RESEND,
    API_POSTS,
    API_POST,
    API_POST_SLUG,
    API_PAGES,
    API_PAGE,
    API_PAGE_SLUG,
    API_TAGS,
    API_TAG,
    API_TAG_SLUG,
    API_AUTHORS,
    API_AUTHOR,
    API_AUTHOR_SLUG,
    API_SECTIONS,
    API_SETTINGS,
    GHOST_POSTS,
    GHOST_POST,
    GHOST_POST_SLUG,
    GHOST_PAGES,
    GHOST_PAGE,
    GHOST_PAGE_SLUG,
    GHOST_TAGS,
    GHOST_TAG,
    GHOST_TAG_SLUG,
    GHOST_AUTHORS,
    GHOST_AUTHOR,
    GHOST_AUTHOR_SLUG,
    GHOST_SETTINGS,
    ADMIN_ME,
    ADMIN_STORIES,
    ADMIN_STORY,
    ADMIN_STORY_CORRECTIONS,
    ADMIN_STORY_RESTORE,
    ADMIN_STORY_VERSIONS,
    ADMIN_STORY_VERSION_RESTORE,
    ADMIN_PICTURES,
    ADMIN_PICTURE,
    ADMIN_SECTIONS,
    ADMIN_SECTION,
    ADMIN_TOPICS,
    ADMIN_TOPIC,
    ADMIN_TOPIC_MERGE,
    ADMIN_AUTHORS,
    ADMIN_AUTHOR,
    ADMIN_SETTINGS,
    ADMIN_PAGES,
    ADMIN_PAGE,
    ADMIN_USERS,
    ADMIN_USER,
    DESK_TOKENS,
    DESK_TOKEN_REVOKE,
    API_OPENAPI,
    API_DOCS,
];

/// The static name of a matched route pattern, so labels need no allocation.
pub fn label(pattern: &str) -> &'static str {
    ALL.into_iter().find(|r| *r == pattern).unwrap_or("other")
}
