//! Turns data into bytes a reader receives: Markdown into sanitized HTML (the one
//! sanitizer everything uses), view structs into pages through the theme's templates.
//!
//! Pure functions of their input: no database, no clock (times arrive in the view structs),
//! no network. Every string from content is escaped by the template engine; only
//! `body_html`, which `markdown::to_safe_html` produced, is trusted as HTML.

pub mod embed;
pub mod feeds;
pub mod markdown;
pub mod sitemaps;
pub mod templates;
pub mod xml;

pub use templates::{RenderError, Templates};

/// The desk's stylesheet, served at `/static/desk.css` on desk pages only.
pub const DESK_CSS: &str = include_str!("../theme/static/desk.css");

/// The desk's script (autosave, live preview, list filters), served at `/static/desk.js`.
pub const DESK_JS: &str = include_str!("../theme/static/desk.js");

/// The readers' script for embeds (a "Load" button that swaps a placeholder for the
/// provider's frame), served at `/static/embed.js` and named only by pages with an embed.
pub const EMBED_JS: &str = include_str!("../theme/static/embed.js");
/// The desk's rich-text editor for story and page bodies, served at `/static/desk-editor.js`
/// on those two editors only: ProseMirror and markdown-it built into one file from
/// `theme/editor/` (its README says how; the licences are in `desk-editor.LICENSES.txt`).
pub const DESK_EDITOR_JS: &str = include_str!("../theme/static/desk-editor.js");
