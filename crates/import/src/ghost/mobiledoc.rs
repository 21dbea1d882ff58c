//! Mobiledoc — the body format of Ghost 1 to 4 — rendered as HTML.
//!
//! A mobiledoc is JSON: `sections` in reading order, each a paragraph or heading
//! (`[1, "p", markers]`), a list (`[3, "ul", [markers…]]`) or a card (`[10, n]`, the n-th
//! of `cards`). A paragraph's text is a run of markers, each opening some of the
//! document's `markups` (bold, links…) before its text and closing the last few after it;
//! an atom marker is an inline object, of which Ghost only uses the soft line break.

use super::cards::{self, escape};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Doc {
    #[serde(default)]
    version: String,
    #[serde(default)]
    markups: Vec<Value>,
    #[serde(default)]
    atoms: Vec<Value>,
    #[serde(default)]
    cards: Vec<Value>,
    #[serde(default)]
    sections: Vec<Value>,
}

/// The HTML of the mobiledoc `source`, or why it cannot be read.
pub fn to_html(source: &str) -> Result<String, String> {
    let mut doc: Doc = serde_json::from_str(source)
        .map_err(|e| format!("its mobiledoc body is not a mobiledoc ({e})"))?;
    // Mobiledoc 0.2 keeps the markups with the sections: `[markups, sections]`.
    if doc.version.starts_with("0.2.") && doc.sections.len() == 2 {
        let mut parts = std::mem::take(&mut doc.sections).into_iter();
        let list = |v: Option<Value>| match v {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        };
        doc.markups = list(parts.next());
        doc.sections = list(parts.next());
    }
    let mut out = String::new();
    for section in &doc.sections {
        let Some(section) = section.as_array() else {
            continue;
        };
        match section.first().and_then(Value::as_i64) {
            Some(1) => {
                let tag = section.get(1).and_then(Value::as_str).unwrap_or("p");
                let inner = markers(&doc, section.get(2));
                if inner.trim().is_empty() {
                    continue;
                }
                let (open, close) = block_tags(tag);
                out.push_str(open);
                out.push_str(&inner);
                out.push_str(close);
            }
            Some(2) => {
                let src = section.get(1).and_then(Value::as_str).unwrap_or("");
                if !src.is_empty() {
                    out.push_str(&format!(
                        "<figure><img src=\"{}\" alt=\"\"></figure>",
                        escape(src)
                    ));
                }
            }
            Some(3) => {
                let tag = match section.get(1).and_then(Value::as_str) {
                    Some("ol") => "ol",
                    _ => "ul",
                };
                out.push_str(&format!("<{tag}>"));
                for item in section
                    .get(2)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    out.push_str("<li>");
                    out.push_str(&markers(&doc, Some(item)));
                    out.push_str("</li>");
                }
                out.push_str(&format!("</{tag}>"));
            }
            Some(10) => {
                let card = section
                    .get(1)
                    .and_then(Value::as_u64)
                    .and_then(|n| doc.cards.get(n as usize))
                    .and_then(Value::as_array);
                if let Some(card) = card {
                    let name = card.first().and_then(Value::as_str).unwrap_or("");
                    let empty = serde_json::Map::new();
                    let settings = card.get(1).and_then(Value::as_object).unwrap_or(&empty);
                    cards::render(name, settings, &mut out);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// A text section's element: Ghost's `aside` (and Koenig beta's `pull-quote`) are its
/// second quote style, a pull quote.
fn block_tags(tag: &str) -> (&'static str, &'static str) {
    match tag.to_ascii_lowercase().as_str() {
        "h1" => ("<h1>", "</h1>"),
        "h2" => ("<h2>", "</h2>"),
        "h3" => ("<h3>", "</h3>"),
        "h4" => ("<h4>", "</h4>"),
        "h5" => ("<h5>", "</h5>"),
        "h6" => ("<h6>", "</h6>"),
        "blockquote" => ("<blockquote><p>", "</p></blockquote>"),
        "aside" | "pull-quote" => ("<blockquote class=\"pullquote\"><p>", "</p></blockquote>"),
        _ => ("<p>", "</p>"),
    }
}

/// The inline HTML of a run of markers. Markers of mobiledoc 0.3 start with their kind
/// (0 text, 1 atom); those of 0.2 have no kind and are all text.
fn markers(doc: &Doc, markers: Option<&Value>) -> String {
    let mut out = String::new();
    let mut open: Vec<&'static str> = Vec::new();
    for marker in markers.and_then(Value::as_array).into_iter().flatten() {
        let Some(m) = marker.as_array() else {
            continue;
        };
        let (kind, rest) = match m.first() {
            Some(Value::Number(n)) => (n.as_i64().unwrap_or(0), &m[1..]),
            _ => (0, &m[..]),
        };
        for index in rest.first().and_then(Value::as_array).into_iter().flatten() {
            let markup = index
                .as_u64()
                .and_then(|n| doc.markups.get(n as usize))
                .and_then(Value::as_array);
            let (opening, closing) = markup.map_or(("".to_owned(), ""), |m| markup_tags(m));
            out.push_str(&opening);
            open.push(closing);
        }
        let value = rest.get(2);
        if kind == 1 {
            let atom = value
                .and_then(Value::as_u64)
                .and_then(|n| doc.atoms.get(n as usize))
                .and_then(Value::as_array);
            match atom.and_then(|a| a.first()).and_then(Value::as_str) {
                Some("soft-return") => out.push_str("<br>"),
                Some(_) => {
                    let text = atom.and_then(|a| a.get(1)).and_then(Value::as_str);
                    out.push_str(&escape(text.unwrap_or("")));
                }
                None => {}
            }
        } else if let Some(text) = value.and_then(Value::as_str) {
            out.push_str(&escape(text));
        }
        let closed = rest.get(1).and_then(Value::as_u64).unwrap_or(0);
        for _ in 0..closed {
            if let Some(closing) = open.pop() {
                out.push_str(closing);
            }
        }
    }
    // A damaged document may leave markups open.
    while let Some(closing) = open.pop() {
        out.push_str(closing);
    }
    out
}

/// The opening and closing tags of a markup (`["a", ["href", "…"]]`); markups Ghost
/// never wrote open nothing.
fn markup_tags(markup: &[Value]) -> (String, &'static str) {
    let tag = markup.first().and_then(Value::as_str).unwrap_or("");
    let simple = |t: &'static str| (format!("<{t}>"), closing_of(t));
    match tag.to_ascii_lowercase().as_str() {
        "strong" | "b" => simple("strong"),
        "em" | "i" => simple("em"),
        "s" | "strike" | "del" => simple("s"),
        "u" => simple("u"),
        "code" => simple("code"),
        "sub" => simple("sub"),
        "sup" => simple("sup"),
        "mark" => simple("mark"),
        "a" => {
            let attrs = markup.get(1).and_then(Value::as_array);
            let href = attrs
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .chunks(2)
                .find(|pair| pair.first().and_then(|k| k.as_str()) == Some("href"))
                .and_then(|pair| pair.get(1))
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_owned();
            (format!("<a href=\"{}\">", escape(&href)), "</a>")
        }
        _ => (String::new(), ""),
    }
}

fn closing_of(tag: &str) -> &'static str {
    match tag {
        "strong" => "</strong>",
        "em" => "</em>",
        "s" => "</s>",
        "u" => "</u>",
        "code" => "</code>",
        "sub" => "</sub>",
        "sup" => "</sup>",
        "mark" => "</mark>",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_headings_lists_and_marks() {
        let doc = r#"{
            "version": "0.3.1",
            "atoms": [["soft-return", "", {}]],
            "cards": [],
            "markups": [["strong"], ["a", ["href", "https://ex.org/?a=1&b=2"]], ["em"]],
            "sections": [
                [1, "h2", [[0, [], 0, "A heading"]]],
                [1, "p", [[0, [], 0, "Plain "], [0, [0], 1, "bold"], [0, [], 0, " and "], [0, [1, 2], 2, "a link"], [1, [], 0, 0], [0, [], 0, "next line"]]],
                [3, "ol", [[[0, [], 0, "one"]], [[0, [2], 1, "two"]]]],
                [1, "blockquote", [[0, [], 0, "Quoted <words>"]]],
                [1, "aside", [[0, [], 0, "Pulled"]]],
                [1, "p", []]
            ]
        }"#;
        assert_eq!(
            to_html(doc).unwrap(),
            concat!(
                "<h2>A heading</h2>",
                "<p>Plain <strong>bold</strong> and <a href=\"https://ex.org/?a=1&amp;b=2\"><em>a link</em></a><br>next line</p>",
                "<ol><li>one</li><li><em>two</em></li></ol>",
                "<blockquote><p>Quoted &lt;words&gt;</p></blockquote>",
                "<blockquote class=\"pullquote\"><p>Pulled</p></blockquote>"
            )
        );
    }

    #[test]
    fn cards_render_in_their_place() {
        let doc = r#"{
            "version": "0.3.1", "atoms": [], "markups": [],
            "cards": [
                ["card-markdown", {"cardName": "card-markdown", "markdown": "Some *markdown*"}],
                ["image", {"src": "__GHOST_URL__/content/images/2021/03/a.jpg", "alt": "Alt", "caption": "Cap"}],
                ["hr", {}],
                ["html", {"html": "<p>Raw</p><script>alert(1)</script>"}]
            ],
            "sections": [[10, 0], [10, 1], [10, 2], [10, 3], [10, 9]]
        }"#;
        let html = to_html(doc).unwrap();
        assert!(html.starts_with("<p>Some <em>markdown</em></p>"), "{html}");
        assert!(
            html.contains("<figure><img src=\"__GHOST_URL__/content/images/2021/03/a.jpg\" alt=\"Alt\"><figcaption>Cap</figcaption></figure><hr>"),
            "{html}"
        );
        // Raw HTML stays raw here: the importer's sanitizer cleans the whole body.
        assert!(
            html.ends_with("<p>Raw</p><script>alert(1)</script>"),
            "{html}"
        );
    }

    #[test]
    fn old_markers_and_damaged_documents() {
        let v2 =
            r#"{"version":"0.2.0","sections":[[["em"]],[[1,"p",[[[0],1,"old"],[[],0," text"]]]]]}"#;
        assert_eq!(to_html(v2).unwrap(), "<p><em>old</em> text</p>");
        let unclosed = r#"{"markups":[["strong"]],"sections":[[1,"p",[[0,[0],0,"open"]]]]}"#;
        assert_eq!(to_html(unclosed).unwrap(), "<p><strong>open</strong></p>");
        assert!(to_html("not json").is_err());
    }
}
