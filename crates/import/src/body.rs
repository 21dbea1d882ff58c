//! A WordPress post body → the body Newsdesk stores.
//!
//! WordPress keeps two kinds of body: the classic editor's, where blank lines make
//! paragraphs (WordPress's `wpautop` adds the `<p>` when it shows the post), and the block
//! editor's, already HTML with `<!-- wp:… -->` comments around each block. Both come out as
//! HTML: blocks lose their comments, classic text gets its paragraphs, `[caption]`
//! shortcodes become `<figure>` with a `<figcaption>`, and addresses of pictures that were
//! imported point at their new `/media/…` files. The one sanitizer then cleans it.
//!
//! Stories keep Markdown as their source, and HTML is Markdown; but Markdown would read a
//! blank line inside the HTML as the end of it, and what follows as Markdown text.
//! [`markdown_source`] writes the HTML so that it is one HTML block from start to end, so
//! the desk's editor opens and saves it unchanged.

use regex::{Captures, Regex};
use std::sync::LazyLock;

/// Where the pictures of the old site are now: an old address → the new `src`.
pub trait PictureAddresses {
    /// The new address for the picture at old address `url`, if it was imported.
    fn new_address(&self, url: &str) -> Option<String>;
}

impl PictureAddresses for std::collections::HashMap<String, String> {
    fn new_address(&self, url: &str) -> Option<String> {
        let path = uploads_path(url)?;
        self.get(&path)
            .or_else(|| self.get(&without_size(&path)))
            .cloned()
    }
}

/// The body of `content` as stored: sanitized HTML written as a Markdown source.
pub fn convert(content: &str, pictures: &dyn PictureAddresses) -> String {
    let html = if is_block_content(content) {
        drop_comments(content)
    } else {
        wpautop(&drop_comments(content))
    };
    let html = captions(&html);
    let html = rewrite_addresses(&html, pictures);
    from_html(&html)
}

/// Any importer's HTML body as stored: cleaned by the one sanitizer, then written as a
/// Markdown source that renders to that same HTML.
pub fn from_html(html: &str) -> String {
    markdown_source(&newsdesk_render::markdown::clean_html(html))
}

/// Whether the block editor wrote it (WordPress shows such bodies without `wpautop`).
pub fn is_block_content(content: &str) -> bool {
    content.contains("<!-- wp:")
}

/// The path under `wp-content/uploads/` that `url` names (`2008/06/boat.jpg`), also for
/// WordPress.com's `*.files.wordpress.com/2008/06/boat.jpg` addresses.
pub fn uploads_path(url: &str) -> Option<String> {
    let url = url.trim();
    let url = url.split(['?', '#']).next().unwrap_or(url);
    if let Some((_, after)) = url.split_once("/wp-content/uploads/") {
        return Some(after.to_owned()).filter(|p| !p.is_empty());
    }
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (host, path) = after_scheme.split_once('/')?;
    static DATED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{4}/\d{2}/[^/]+$").expect("valid"));
    (host.ends_with(".files.wordpress.com") || DATED.is_match(path)).then(|| path.to_owned())
}

/// `boat-300x200.jpg` → `boat.jpg`: WordPress's smaller copies of an upload.
pub fn without_size(path: &str) -> String {
    static SIZED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"-\d+x\d+(\.[A-Za-z0-9]+)$").expect("valid"));
    SIZED.replace(path, "$1").into_owned()
}

/// Drops HTML comments: block delimiters, `<!--more-->`, `<!--nextpage-->`.
fn drop_comments(html: &str) -> String {
    static COMMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").expect("valid"));
    COMMENT.replace_all(html, "").into_owned()
}

/// Elements WordPress's `wpautop` treats as blocks (never wrapped in a paragraph).
const BLOCKS: &str = "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|object|video|audio|script|noscript|textarea|select|option";

/// WordPress's `wpautop`, in short: blank lines make paragraphs, single line breaks
/// inside a paragraph make `<br />`, and block elements are never wrapped. `<pre>` keeps
/// its text as it is.
pub fn wpautop(text: &str) -> String {
    static PRE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<pre[\s>].*?</pre>").expect("valid"));
    static OPEN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"(?i)(<(?:{BLOCKS})[\s/>])")).expect("valid"));
    static CLOSE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"(?i)(</(?:{BLOCKS})>)")).expect("valid"));
    static BLANKS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\n\s*\n").expect("valid"));
    static P_AROUND_OPEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)<p>\s*(</?(?:{BLOCKS})[\s/>][^>]*>?)")).expect("valid")
    });
    static P_AROUND_CLOSE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)(</?(?:{BLOCKS})(?:[\s/][^>]*)?>)\s*</p>")).expect("valid")
    });
    static EMPTY_P: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<p>\s*</p>").expect("valid"));
    static LINE_BREAK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)(<p>)(.*?)(</p>)").expect("valid"));
    if text.trim().is_empty() {
        return String::new();
    }
    // Keep <pre> out of it: its line breaks are the text.
    let mut kept = Vec::new();
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = PRE.replace_all(&text, |c: &Captures| {
        kept.push(c[0].to_owned());
        format!("\n\n<pre>\u{1}{}\u{1}</pre>\n\n", kept.len() - 1)
    });
    let text = OPEN.replace_all(&text, "\n\n$1");
    let text = CLOSE.replace_all(&text, "$1\n\n");
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for piece in BLANKS.split(&text) {
        let piece = piece.trim();
        if !piece.is_empty() {
            out.push_str("<p>");
            out.push_str(piece);
            out.push_str("</p>\n");
        }
    }
    let out = P_AROUND_OPEN.replace_all(&out, "$1");
    let out = P_AROUND_CLOSE.replace_all(&out, "$1");
    let out = EMPTY_P.replace_all(&out, "");
    // A single line break inside a paragraph is a <br />.
    let out = LINE_BREAK.replace_all(&out, |c: &Captures| {
        let inner = c[2].trim_end().replace('\n', "<br />\n");
        format!("{}{}{}", &c[1], inner, &c[3])
    });
    let mut out = out.into_owned();
    for (n, pre) in kept.iter().enumerate() {
        out = out.replace(&format!("<pre>\u{1}{n}\u{1}</pre>"), pre);
    }
    out
}

/// `[caption id="…" width="300"]<img …> The words[/caption]` →
/// `<figure><img …><figcaption>The words</figcaption></figure>`; the old form with a
/// `caption="…"` attribute too.
pub fn captions(html: &str) -> String {
    static CAPTION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)\[caption([^\]]*)\](.*?)\[/caption\]").expect("valid"));
    static MEDIA: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$").expect("valid")
    });
    static WORDS_ATTR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?is)\bcaption\s*=\s*"([^"]*)""#).expect("valid"));
    CAPTION
        .replace_all(html, |c: &Captures| {
            let inside = &c[2];
            let Some(parts) = MEDIA.captures(inside) else {
                // No picture: keep the words.
                return inside.to_owned();
            };
            let words = WORDS_ATTR
                .captures(&c[1])
                .map_or_else(|| parts[2].trim().to_owned(), |w| w[1].trim().to_owned());
            if words.is_empty() {
                format!("<figure>{}</figure>", &parts[1])
            } else {
                format!(
                    "<figure>{}<figcaption>{words}</figcaption></figure>",
                    &parts[1]
                )
            }
        })
        .into_owned()
}

/// Points `src` and `href` at imported pictures' new addresses.
pub fn rewrite_addresses(html: &str, pictures: &dyn PictureAddresses) -> String {
    static ATTR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)(\s(?:src|href)\s*=\s*)("[^"]*"|'[^']*')"#).expect("valid")
    });
    ATTR.replace_all(html, |c: &Captures| {
        let quoted = &c[2];
        let url = &quoted[1..quoted.len() - 1];
        match pictures.new_address(&url.replace("&amp;", "&")) {
            Some(new) => format!("{}\"{new}\"", &c[1]),
            None => c[0].to_owned(),
        }
    })
    .into_owned()
}

/// Sanitized HTML → a Markdown source that renders to the same HTML: one HTML block with
/// no blank line in it (blank lines in `<pre>` are kept as `&#10;`), opened by a block
/// element so Markdown reads none of it as text.
pub fn markdown_source(clean: &str) -> String {
    static PRE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<pre[\s>].*?</pre>").expect("valid"));
    static STARTS_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^<(?:p|div|h[1-6]|ul|ol|dl|blockquote|figure|table|hr|aside|section|article|header|footer|nav|details)[\s/>]")
            .expect("valid")
    });
    let kept_pre = PRE.replace_all(clean, |c: &Captures| c[0].replace('\n', "&#10;"));
    let lines: Vec<&str> = kept_pre
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let joined = lines.join("\n");
    if joined.is_empty() {
        return joined;
    }
    // A line indented by four spaces is still HTML inside an HTML block; a block must
    // only begin with an element Markdown knows as one.
    let trimmed = joined.trim_start();
    if STARTS_BLOCK.is_match(trimmed) {
        trimmed.to_owned()
    } else {
        format!("<div>\n{trimmed}\n</div>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_render::markdown::{clean_html, to_safe_html};
    use std::collections::HashMap;

    fn none() -> HashMap<String, String> {
        HashMap::new()
    }

    #[test]
    fn blank_lines_make_paragraphs_and_single_breaks_make_br() {
        let html = wpautop("First line\nsame paragraph.\n\nSecond paragraph.");
        assert_eq!(
            html,
            "<p>First line<br />\nsame paragraph.</p>\n<p>Second paragraph.</p>\n"
        );
    }

    #[test]
    fn block_elements_are_not_wrapped_in_paragraphs() {
        let html = wpautop("Intro.\n<h2>Sub</h2>\nText.\n\n<ul>\n<li>One</li>\n</ul>");
        assert!(html.contains("<p>Intro.</p>"), "{html}");
        assert!(html.contains("<h2>Sub</h2>"), "{html}");
        assert!(!html.contains("<p><h2>"), "{html}");
        assert!(!html.contains("<p><ul>"), "{html}");
        assert!(html.contains("<p>Text.</p>"), "{html}");
    }

    #[test]
    fn pre_keeps_its_lines() {
        let html = wpautop("Code:\n\n<pre>a\n\nb</pre>\n\nAfter.");
        assert!(html.contains("<pre>a\n\nb</pre>"), "{html}");
        assert!(html.contains("<p>After.</p>"), "{html}");
    }

    #[test]
    fn block_comments_go_and_their_content_stays() {
        let content = "<!-- wp:paragraph -->\n<p>A paragraph.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">Color</h2>\n<!-- /wp:heading -->";
        let body = convert(content, &none());
        assert!(!body.contains("wp:"), "{body}");
        assert!(body.contains("<p>A paragraph.</p>"), "{body}");
        assert!(body.contains("<h2>Color</h2>"), "{body}");
        // Block bodies are not run through wpautop: no stray <br />.
        assert!(!body.contains("<br"), "{body}");
    }

    #[test]
    fn caption_shortcodes_become_figures() {
        let content = "[caption id=\"attachment_6\" align=\"alignright\" width=\"300\"]<a href=\"https://ex.org/wp-content/uploads/2010/08/boat.jpg\"><img class=\"size-medium\" src=\"https://ex.org/wp-content/uploads/2010/08/boat-300x200.jpg\" alt=\"A boat\" width=\"300\" height=\"200\" /></a> The boat at dawn.[/caption]\n\nText after.";
        let body = convert(content, &none());
        assert!(body.contains("<figure><a"), "{body}");
        assert!(
            body.contains("<figcaption>The boat at dawn.</figcaption></figure>"),
            "{body}"
        );
        assert!(body.contains("<p>Text after.</p>"), "{body}");
        let old = captions("[caption caption=\"Old style\"]<img src=\"x.jpg\" />[/caption]");
        assert_eq!(
            old,
            "<figure><img src=\"x.jpg\" /><figcaption>Old style</figcaption></figure>"
        );
    }

    #[test]
    fn old_picture_addresses_point_at_the_new_files() {
        let mut pictures = HashMap::new();
        pictures.insert(
            "2010/08/boat.jpg".to_owned(),
            "/media/abc-640.jpg".to_owned(),
        );
        let content = "<img src=\"https://ex.org/wp-content/uploads/2010/08/boat-300x200.jpg\" alt=\"x\"> <a href='http://ex.org/wp-content/uploads/2010/08/boat.jpg?w=1'>big</a> <img src=\"https://elsewhere.example/pic.jpg\">";
        let body = convert(content, &pictures);
        assert_eq!(body.matches("/media/abc-640.jpg").count(), 2, "{body}");
        assert!(body.contains("https://elsewhere.example/pic.jpg"), "{body}");
    }

    #[test]
    fn uploads_paths_are_found_in_both_kinds_of_address() {
        assert_eq!(
            uploads_path("https://ex.org/blog/wp-content/uploads/2008/06/a.jpg?x=1").as_deref(),
            Some("2008/06/a.jpg")
        );
        assert_eq!(
            uploads_path("https://wpthemetestdata.files.wordpress.com/2008/06/img_0747.jpg")
                .as_deref(),
            Some("2008/06/img_0747.jpg")
        );
        assert_eq!(uploads_path("https://ex.org/about/"), None);
        assert_eq!(without_size("2008/06/a-1024x768.jpeg"), "2008/06/a.jpeg");
    }

    #[test]
    fn scripts_and_handlers_do_not_survive_an_import() {
        let body = convert(
            "<p onclick=\"x()\">Hi<script>alert(1)</script></p>\n\n<iframe src=\"https://evil.example\"></iframe>",
            &none(),
        );
        for bad in ["<script", "onclick", "<iframe"] {
            assert!(!body.contains(bad), "{bad} in {body}");
        }
    }

    #[test]
    fn the_markdown_source_renders_to_the_same_html() {
        let samples = [
            "<p>One</p>\n\n\n<p>Two *not emphasis*</p>",
            "Loose text with _underscores_\n\n    indented line\n\n<p>para</p>",
            "<pre>line\n\n    indented\n\nlast</pre>\n<p>after</p>",
            "<h2>Head</h2>\n\n<ul>\n\n<li>one</li>\n\n</ul>",
            "<pre>starts with pre\n\nstill</pre>",
        ];
        for sample in samples {
            let clean = clean_html(sample);
            let source = markdown_source(&clean);
            let rendered: String = to_safe_html(&source).split_whitespace().collect();
            let clean_words: String = clean.split_whitespace().collect();
            // Loose text at the start is wrapped in a <div>, and nothing else changes.
            assert!(
                rendered == clean_words || rendered == format!("<div>{clean_words}</div>"),
                "{sample:?} became {source:?}, rendered {rendered}"
            );
            let pre = clean.find("<pre>").map(|at| &clean[at..]);
            if let Some(pre) = pre {
                assert!(to_safe_html(&source).contains(pre.split("</pre>").next().unwrap_or("")));
            }
        }
    }
}
