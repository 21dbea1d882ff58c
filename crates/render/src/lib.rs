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

/// `text` safe in HTML text and in a quoted attribute: for the few places that write HTML
/// by hand (embeds, figures, imported cards) before the sanitizer sees it.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

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
