//! Lexical — the body format of Ghost 5 and later — rendered as HTML.
//!
//! A Lexical document is a JSON tree under `root`: block nodes (paragraph, heading, quote,
//! aside, list) hold inline nodes (text with a bit mask of marks, links, line breaks), and
//! Ghost's cards are leaf nodes whose settings sit on the node itself, under the same
//! names as in mobiledoc.

use super::cards::{self, escape, field};
use serde_json::{Map, Value};

/// A Lexical text node's marks: bit → element, outermost first.
const MARKS: [(u64, &str); 8] = [
    (1, "strong"),
    (2, "em"),
    (4, "s"),
    (8, "u"),
    (16, "code"),
    (32, "sub"),
    (64, "sup"),
    (128, "mark"),
];

/// Nesting deeper than this is a damaged or hostile document: the rest is left out.
/// (The JSON reader refuses documents nested much deeper still.)
const MAX_DEPTH: usize = 32;

/// The HTML of the Lexical document `source`, or why it cannot be read.
pub fn to_html(source: &str) -> Result<String, String> {
    let doc: Value =
        serde_json::from_str(source).map_err(|e| format!("its lexical body is not JSON ({e})"))?;
    let root = doc
        .get("root")
        .and_then(Value::as_object)
        .ok_or("its lexical body has no root")?;
    let mut out = String::new();
    blocks(root, &mut out, 0);
    Ok(out)
}

fn children(node: &Map<String, Value>) -> impl Iterator<Item = &Map<String, Value>> {
    node.get("children")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

fn kind(node: &Map<String, Value>) -> &str {
    node.get("type").and_then(Value::as_str).unwrap_or("")
}

/// The children of `node` as blocks.
fn blocks(node: &Map<String, Value>, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in children(node) {
        block(child, out, depth + 1);
    }
}

fn block(node: &Map<String, Value>, out: &mut String, depth: usize) {
    match kind(node) {
        "paragraph" => wrap("<p>", node, "</p>", out, depth),
        "heading" | "extended-heading" => {
            let tag = node
                .get("tag")
                .and_then(Value::as_str)
                .filter(|t| matches!(*t, "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
                .unwrap_or("h2");
            wrap(&format!("<{tag}>"), node, &format!("</{tag}>"), out, depth);
        }
        "quote" | "extended-quote" => {
            wrap("<blockquote><p>", node, "</p></blockquote>", out, depth)
        }
        "aside" => wrap(
            "<blockquote class=\"pullquote\"><p>",
            node,
            "</p></blockquote>",
            out,
            depth,
        ),
        "list" => list(node, out, depth),
        // A card: its settings are on the node.
        name if !node.contains_key("children") => cards::render(name, node, out),
        // An element this renderer does not know: its text is kept.
        _ => {
            if children(node).all(|c| is_inline(kind(c))) {
                wrap("<p>", node, "</p>", out, depth);
            } else {
                blocks(node, out, depth);
            }
        }
    }
}

/// A block element around `node`'s inline content; nothing when it has no text.
fn wrap(open: &str, node: &Map<String, Value>, close: &str, out: &mut String, depth: usize) {
    let mut inner = String::new();
    inlines(node, &mut inner, depth);
    if inner.trim().is_empty() {
        return;
    }
    out.push_str(open);
    out.push_str(&inner);
    out.push_str(close);
}

/// A list; an item whose first child is a list holds the nested list, which belongs in
/// the item before it.
fn list(node: &Map<String, Value>, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let tag = match (
        node.get("listType").and_then(Value::as_str),
        node.get("tag"),
    ) {
        (Some("number"), _) => "ol",
        (_, Some(Value::String(t))) if t == "ol" => "ol",
        _ => "ul",
    };
    match node.get("start").and_then(Value::as_u64) {
        Some(start) if tag == "ol" && start > 1 => out.push_str(&format!("<ol start=\"{start}\">")),
        _ => out.push_str(&format!("<{tag}>")),
    }
    let mut item_open = false;
    for item in children(node) {
        let nested = children(item).next().filter(|c| kind(c) == "list");
        match nested {
            Some(inner) => {
                if !item_open {
                    out.push_str("<li>");
                    item_open = true;
                }
                list(inner, out, depth + 1);
            }
            None => {
                if item_open {
                    out.push_str("</li>");
                }
                out.push_str("<li>");
                inlines(item, out, depth);
                item_open = true;
            }
        }
    }
    if item_open {
        out.push_str("</li>");
    }
    out.push_str(&format!("</{tag}>"));
}

fn is_inline(kind: &str) -> bool {
    matches!(
        kind,
        "text"
            | "extended-text"
            | "linebreak"
            | "tab"
            | "link"
            | "autolink"
            | "at-link"
            | "hashtag"
            | "zwnj"
            | "tk"
    )
}

/// The children of `node` as inline HTML.
fn inlines(node: &Map<String, Value>, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in children(node) {
        match kind(child) {
            "linebreak" => out.push_str("<br>"),
            "tab" => out.push('\t'),
            "zwnj" => {}
            "link" | "autolink" => {
                let url = field(child, "url");
                out.push_str(&format!("<a href=\"{}\">", escape(&url)));
                inlines(child, out, depth + 1);
                out.push_str("</a>");
            }
            _ if child.contains_key("text") => text(child, out),
            // A nested element (a link-like node Ghost added later): its text.
            _ if child.contains_key("children") => inlines(child, out, depth + 1),
            _ => {}
        }
    }
}

/// A text node, with its marks.
fn text(node: &Map<String, Value>, out: &mut String) {
    let words = field(node, "text");
    if words.is_empty() {
        return;
    }
    let format = node.get("format").and_then(Value::as_u64).unwrap_or(0);
    let marks: Vec<&str> = MARKS
        .iter()
        .filter(|(bit, _)| format & bit != 0)
        .map(|(_, tag)| *tag)
        .collect();
    for tag in &marks {
        out.push_str(&format!("<{tag}>"));
    }
    out.push_str(&escape(&words));
    for tag in marks.iter().rev() {
        out.push_str(&format!("</{tag}>"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(t: &str, format: u64) -> Value {
        json!({"type": "extended-text", "text": t, "format": format, "detail": 0, "mode": "normal", "style": "", "version": 1})
    }

    fn doc(children: Vec<Value>) -> String {
        json!({"root": {"type": "root", "version": 1, "children": children}}).to_string()
    }

    #[test]
    fn paragraphs_headings_quotes_and_marks() {
        let source = doc(vec![
            json!({"type": "extended-heading", "tag": "h3", "children": [text("Sub", 0)]}),
            json!({"type": "paragraph", "children": [
                text("Plain, ", 0), text("bold", 1), text(" ", 0), text("both", 3),
                {"type": "linebreak", "version": 1},
                {"type": "link", "url": "https://ex.org/?a=1&b=\"2\"", "children": [text("a <link>", 2)]}
            ]}),
            json!({"type": "extended-quote", "children": [text("Said.", 0)]}),
            json!({"type": "aside", "children": [text("Pulled.", 0)]}),
            json!({"type": "paragraph", "children": []}),
        ]);
        assert_eq!(
            to_html(&source).unwrap(),
            concat!(
                "<h3>Sub</h3>",
                "<p>Plain, <strong>bold</strong> <strong><em>both</em></strong><br>",
                "<a href=\"https://ex.org/?a=1&amp;b=&quot;2&quot;\"><em>a &lt;link&gt;</em></a></p>",
                "<blockquote><p>Said.</p></blockquote>",
                "<blockquote class=\"pullquote\"><p>Pulled.</p></blockquote>"
            )
        );
    }

    #[test]
    fn lists_nest_inside_the_item_before() {
        let item = |t: &str| json!({"type": "listitem", "children": [text(t, 0)]});
        let source = doc(vec![
            json!({"type": "list", "listType": "number", "tag": "ol", "start": 1, "children": [
                item("one"),
                {"type": "listitem", "children": [{"type": "list", "listType": "bullet", "tag": "ul", "children": [item("one.a")]}]},
                item("two"),
            ]}),
        ]);
        assert_eq!(
            to_html(&source).unwrap(),
            "<ol><li>one<ul><li>one.a</li></ul></li><li>two</li></ol>"
        );
    }

    #[test]
    fn cards_are_rendered_from_their_settings() {
        let source = doc(vec![
            json!({"type": "image", "src": "__GHOST_URL__/content/images/2024/01/a.jpg", "alt": "Alt", "caption": "<span>Cap</span>", "width": 10, "height": 5}),
            json!({"type": "gallery", "images": [{"src": "/content/images/g1.jpg", "alt": "G1", "fileName": "g1.jpg", "row": 0}, {"src": "/content/images/g2.jpg", "fileName": "g2.jpg", "row": 0}], "caption": "Two"}),
            json!({"type": "horizontalrule", "version": 1}),
            json!({"type": "markdown", "markdown": "- a\n- b"}),
            json!({"type": "callout", "calloutText": "Note <b>well</b>", "calloutEmoji": "💡"}),
            json!({"type": "signup", "header": "Sign up"}),
        ]);
        let html = to_html(&source).unwrap();
        assert!(html.starts_with("<figure><img src=\"__GHOST_URL__/content/images/2024/01/a.jpg\" alt=\"Alt\" width=\"10\" height=\"5\"><figcaption><span>Cap</span></figcaption></figure>"), "{html}");
        assert!(html.contains("<figure><img src=\"/content/images/g1.jpg\" alt=\"G1\"><img src=\"/content/images/g2.jpg\" alt=\"\"><figcaption>Two</figcaption></figure><hr>"), "{html}");
        assert!(html.contains("<li>a</li>"), "{html}");
        assert!(
            html.ends_with("<aside><p>💡 Note <b>well</b></p></aside>"),
            "{html}"
        );
    }

    #[test]
    fn broken_documents_are_refused_and_deep_ones_cut_short() {
        assert!(to_html("{").is_err());
        assert!(to_html("{\"nothing\": 1}").is_err());
        let nested = |levels: usize| {
            let mut node = text("deep", 0);
            for _ in 0..levels {
                node = json!({"type": "paragraph", "children": [node]});
            }
            doc(vec![node])
        };
        assert_eq!(to_html(&nested(3)).unwrap(), "<p>deep</p>");
        assert_eq!(to_html(&nested(40)).unwrap(), "");
        assert!(to_html(&nested(500)).is_err());
    }
}
