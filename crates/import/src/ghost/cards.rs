//! Ghost's cards — the blocks of its editor that are not text: pictures, galleries,
//! Markdown, raw HTML, embeds, bookmarks, callouts, toggles, code, dividers… Mobiledoc
//! (Ghost 1–4) and Lexical (Ghost 5 and later) keep a card's settings under the same
//! names, so one function turns either into plain HTML that the newsroom's sanitizer
//! will clean like any imported HTML. What a card needs a script, a form or members to
//! show becomes a link (embeds, videos, files) or nothing (sign-up forms, paywall
//! markers, email-only blocks).

/// Text safe between tags and in a quoted attribute.
pub(crate) use newsdesk_render::escape_html as escape;
use serde_json::{Map, Value};

/// Writes the HTML for the card `name` with settings `card` into `out`.
pub(crate) fn render(name: &str, card: &Map<String, Value>, out: &mut String) {
    let text = |key: &str| field(card, key);
    match name {
        "image" => image(card, out),
        "gallery" => gallery(card, out),
        "markdown" | "card-markdown" => {
            let source = text("markdown");
            if !source.trim().is_empty() {
                out.push_str(&newsdesk_render::markdown::to_safe_html(&source));
            }
        }
        // Raw HTML, as the author typed it: the sanitizer keeps what is safe.
        "html" => out.push_str(&text("html")),
        "embed" => {
            let meta = card.get("metadata").and_then(Value::as_object);
            let title = meta.map(|m| field(m, "title")).unwrap_or_default();
            let provider = meta.map(|m| field(m, "provider_name")).unwrap_or_default();
            let url = text("url");
            let words = match (title.trim(), provider.trim()) {
                ("", "") => url.clone(),
                ("", p) => format!("{p}: {url}"),
                (t, "") => t.to_owned(),
                (t, p) => format!("{t} ({p})"),
            };
            link_block(&url, &words, "", &text("caption"), out);
        }
        "bookmark" => {
            let meta = card.get("metadata").and_then(Value::as_object);
            let pick = |key: &str| meta.map(|m| field(m, key)).unwrap_or_default();
            let (title, description) = (pick("title"), pick("description"));
            let publisher = pick("publisher");
            let url = text("url");
            let words = if title.trim().is_empty() {
                &url
            } else {
                &title
            };
            let about = match (description.trim(), publisher.trim()) {
                (d, "") => d.to_owned(),
                ("", p) => p.to_owned(),
                (d, p) => format!("{d} — {p}"),
            };
            link_block(&url, words, &about, &text("caption"), out);
        }
        "callout" => {
            let words = text("calloutText");
            if words.trim().is_empty() {
                return;
            }
            let emoji = text("calloutEmoji");
            out.push_str("<aside>");
            if words.contains("<p") {
                if !emoji.trim().is_empty() {
                    push_tag("p", &escape(&emoji), out);
                }
                out.push_str(&words);
            } else if emoji.trim().is_empty() {
                push_tag("p", &words, out);
            } else {
                push_tag("p", &format!("{} {words}", escape(&emoji)), out);
            }
            out.push_str("</aside>");
        }
        "toggle" => {
            let heading = text("heading");
            if heading.trim().is_empty() {
                return;
            }
            out.push_str("<details><summary>");
            out.push_str(&heading);
            out.push_str("</summary>");
            let content = text("content");
            if content.contains("<p") {
                out.push_str(&content);
            } else if !content.trim().is_empty() {
                push_tag("p", &content, out);
            }
            out.push_str("</details>");
        }
        "horizontalrule" | "hr" | "divider" => out.push_str("<hr>"),
        "codeblock" | "code" => {
            let code = text("code");
            if code.is_empty() {
                return;
            }
            let caption = text("caption");
            let pre = format!("<pre><code>{}</code></pre>", escape(&code));
            if caption.trim().is_empty() {
                out.push_str(&pre);
            } else {
                figure(&pre, &caption, out);
            }
        }
        "video" => {
            let name = first(&[text("fileName"), text("src")]);
            link_block(
                &text("src"),
                &format!("Video: {name}"),
                "",
                &text("caption"),
                out,
            );
        }
        "audio" => {
            let name = first(&[text("title"), text("src")]);
            link_block(&text("src"), &format!("Audio: {name}"), "", "", out);
        }
        "file" => {
            let name = first(&[text("fileTitle"), text("fileName"), text("src")]);
            link_block(&text("src"), &name, &text("fileCaption"), "", out);
        }
        "button" => link_block(&text("buttonUrl"), &text("buttonText"), "", "", out),
        "header" => {
            let header = text("header");
            if !header.trim().is_empty() {
                push_tag("h2", &header, out);
            }
            let sub = text("subheader");
            if !sub.trim().is_empty() {
                push_tag("p", &sub, out);
            }
            if truthy(card, "buttonEnabled") {
                link_block(&text("buttonUrl"), &text("buttonText"), "", "", out);
            }
        }
        "product" => {
            let title = text("productTitle");
            if !title.trim().is_empty() {
                push_tag("h3", &title, out);
            }
            let src = text("productImageSrc");
            if !src.trim().is_empty() {
                out.push_str(&format!("<p><img src=\"{}\" alt=\"\"></p>", escape(&src)));
            }
            let description = text("productDescription");
            if !description.trim().is_empty() {
                push_tag("p", &description, out);
            }
            if truthy(card, "productButtonEnabled") {
                link_block(&text("productUrl"), &text("productButton"), "", "", out);
            }
        }
        "call-to-action" => {
            let words = text("textValue");
            if !words.trim().is_empty() {
                push_tag("p", &words, out);
            }
            if truthy(card, "showButton") {
                link_block(&text("buttonUrl"), &text("buttonText"), "", "", out);
            }
        }
        // Sign-up forms, members' paywall markers, email-only blocks, podcast players
        // and live lists of posts: nothing a reader of the archive needs.
        _ => {}
    }
}

/// A picture card: `<figure>` with the picture (linked if it was) and its caption.
fn image(card: &Map<String, Value>, out: &mut String) {
    let src = field(card, "src");
    if src.trim().is_empty() {
        return;
    }
    let mut img = picture(card);
    let href = field(card, "href");
    if !href.trim().is_empty() {
        img = format!("<a href=\"{}\">{img}</a>", escape(&href));
    }
    figure(&img, &field(card, "caption"), out);
}

/// A gallery card: one `<figure>` with its pictures and the gallery's caption.
fn gallery(card: &Map<String, Value>, out: &mut String) {
    let pictures: Vec<String> = card
        .get("images")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter(|i| !field(i, "src").trim().is_empty())
        .map(picture)
        .collect();
    if pictures.is_empty() {
        return;
    }
    figure(&pictures.concat(), &field(card, "caption"), out);
}

/// `<img>` with its address, alt text and size.
fn picture(card: &Map<String, Value>) -> String {
    let mut img = format!(
        "<img src=\"{}\" alt=\"{}\"",
        escape(&field(card, "src")),
        escape(&field(card, "alt"))
    );
    let size = |key: &str| card.get(key).and_then(Value::as_u64).filter(|n| *n > 0);
    if let (Some(w), Some(h)) = (size("width"), size("height")) {
        img.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    img.push('>');
    img
}

fn figure(inner: &str, caption: &str, out: &mut String) {
    out.push_str("<figure>");
    out.push_str(inner);
    if !caption.trim().is_empty() {
        push_tag("figcaption", caption, out);
    }
    out.push_str("</figure>");
}

/// A link on its own line, with words about it below, in a `<figure>` when captioned.
fn link_block(url: &str, words: &str, about: &str, caption: &str, out: &mut String) {
    let url = url.trim();
    if url.is_empty() {
        return;
    }
    let words = if words.trim().is_empty() { url } else { words };
    let mut inner = format!("<p><a href=\"{}\">{}</a></p>", escape(url), escape(words));
    if !about.trim().is_empty() {
        inner.push_str(&format!("<p>{}</p>", escape(about)));
    }
    if caption.trim().is_empty() {
        out.push_str(&inner);
    } else {
        figure(&inner, caption, out);
    }
}

fn push_tag(tag: &str, inner_html: &str, out: &mut String) {
    out.push_str(&format!("<{tag}>{inner_html}</{tag}>"));
}

fn first(candidates: &[String]) -> String {
    candidates
        .iter()
        .find(|c| !c.trim().is_empty())
        .cloned()
        .unwrap_or_default()
}

fn truthy(card: &Map<String, Value>, key: &str) -> bool {
    card.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// A setting as text (`""` when missing or not text).
pub(crate) fn field(card: &Map<String, Value>, key: &str) -> String {
    match card.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn card(name: &str, settings: Value) -> String {
        let mut out = String::new();
        render(name, settings.as_object().unwrap(), &mut out);
        out
    }

    #[test]
    fn an_image_card_is_a_figure_with_its_caption() {
        let html = card(
            "image",
            json!({"src": "/content/images/a.jpg", "alt": "A \"quay\"", "caption": "The <b>quay</b>", "width": 800, "height": 600}),
        );
        assert_eq!(
            html,
            "<figure><img src=\"/content/images/a.jpg\" alt=\"A &quot;quay&quot;\" width=\"800\" height=\"600\"><figcaption>The <b>quay</b></figcaption></figure>"
        );
        assert_eq!(card("image", json!({"src": ""})), "");
    }

    #[test]
    fn embeds_and_bookmarks_become_links() {
        let embed = card(
            "embed",
            json!({"url": "https://www.youtube.com/watch?v=x", "html": "<iframe src=\"x\"></iframe>", "metadata": {"title": "A film", "provider_name": "YouTube"}}),
        );
        assert_eq!(
            embed,
            "<p><a href=\"https://www.youtube.com/watch?v=x\">A film (YouTube)</a></p>"
        );
        let bookmark = card(
            "bookmark",
            json!({"url": "https://ex.org/a", "metadata": {"title": "Title", "description": "Words", "publisher": "Ex"}, "caption": "Read this"}),
        );
        assert_eq!(
            bookmark,
            "<figure><p><a href=\"https://ex.org/a\">Title</a></p><p>Words — Ex</p><figcaption>Read this</figcaption></figure>"
        );
    }

    #[test]
    fn code_is_escaped_and_markdown_rendered() {
        assert_eq!(
            card("codeblock", json!({"code": "a < b && c", "language": "js"})),
            "<pre><code>a &lt; b &amp;&amp; c</code></pre>"
        );
        assert!(card("markdown", json!({"markdown": "## Sub\n\n*it*"})).contains("<h2>Sub</h2>"));
        assert_eq!(
            card("toggle", json!({"heading": "Q", "content": "A"})),
            "<details><summary>Q</summary><p>A</p></details>"
        );
        assert_eq!(card("paywall", json!({})), "");
    }
}
