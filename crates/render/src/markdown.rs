//! The one sanitizer. Every piece of HTML that reaches a reader from content — article
//! bodies today, imported HTML tomorrow — passes through `to_safe_html` or `clean_html`.
//!
//! A library picture alone in its paragraph becomes a figure with its caption and credit:
//! `![Alt text](/media/<file> "Caption | Credit")` → `<figure class="inline-picture">`
//! with the image and a `figcaption` of `span.caption` and `span.credit` (the text after
//! the title's last ` | `). Any other image stays a plain `<img>`.

use ammonia::Builder;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::LazyLock;

use crate::embed::{self, Embed};

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::default();
    b.add_tags(["figure", "figcaption", "aside"])
        .add_tag_attributes("img", ["width", "height", "loading"])
        .add_allowed_classes("aside", ["pullquote"])
        .add_allowed_classes("blockquote", ["pullquote"])
        .add_allowed_classes("figure", ["inline-picture"])
        .add_allowed_classes("span", ["caption", "credit"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|_, attribute, value| {
            // An address with a control character in it (`java&#1;script:`) is no address
            // a person wrote, and one step from a script: whatever strips the control (a
            // feed, an export, another sanitizer) would leave `javascript:`.
            let address = matches!(attribute, "href" | "src" | "cite" | "srcset");
            if address && value.chars().any(char::is_control) {
                None
            } else {
                Some(value.into())
            }
        });
    b
});

/// Markdown source of an article body → HTML safe to put in a page as is.
///
/// A top-level paragraph that is nothing but an allow-listed address (a video, a post, a
/// chart: `embed::recognise`) becomes an embed's placeholder. The placeholder carries
/// attributes the sanitizer rightly removes from anything a contributor writes, so it is
/// put in after sanitizing: the paragraph is rendered as a slot whose text holds a random
/// marker no contributor can have typed, and each slot in the sanitized HTML is replaced.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let marker = format!(
        "embed-slot-{:016x}-",
        RandomState::new().build_hasher().finish()
    );
    let mut embeds: Vec<Embed> = Vec::new();
    let mut events = Vec::new();
    let mut depth = 0usize;
    let mut skipping = false;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match &event {
            Event::Start(tag) => {
                let top_paragraph = depth == 0 && matches!(tag, Tag::Paragraph);
                depth += 1;
                let embed = top_paragraph
                    .then(|| embed::recognise(&markdown[range]))
                    .flatten();
                if let Some(embed) = embed {
                    events.push(Event::Start(Tag::Paragraph));
                    events.push(Event::Text(format!("{marker}{}", embeds.len()).into()));
                    embeds.push(embed);
                    skipping = true;
                    continue;
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if skipping && depth == 0 {
                    skipping = false;
                    events.push(Event::End(TagEnd::Paragraph));
                    continue;
                }
            }
            _ => {}
        }
        if !skipping {
            events.push(event);
        }
    }
    let mut raw = String::with_capacity(markdown.len() + markdown.len() / 4);
    html::push_html(&mut raw, figures(events));
    let mut clean = clean_html(&raw);
    if embeds.is_empty() {
        return clean;
    }
    for (n, embed) in embeds.iter().enumerate() {
        let slot = format!("<p>{marker}{n}</p>\n");
        match clean.find(&slot) {
            Some(at) if !inside_a_link(&clean, at) => {
                clean.replace_range(at..at + slot.len(), &embed.placeholder());
            }
            // A slot the sanitizer moved, or put inside a contributor's unclosed `<a>`
            // (where a placeholder's link and button would nest in it): the body is
            // rendered as if it had no embeds, rather than half-replaced.
            _ => {
                let mut raw = String::with_capacity(markdown.len() + markdown.len() / 4);
                html::push_html(
                    &mut raw,
                    figures(Parser::new_ext(markdown, options).collect()),
                );
                return clean_html(&raw);
            }
        }
    }
    clean
}

/// Whether `at` in sanitized HTML is inside an `<a>` element. In the sanitizer's output
/// every `<` that is not a tag is escaped, so counting tags is enough.
fn inside_a_link(html: &str, at: usize) -> bool {
    let before = &html[..at];
    before.matches("<a ").count() + before.matches("<a>").count() > before.matches("</a>").count()
}

/// The events with each paragraph that holds one library picture and nothing else
/// replaced by its figure.
fn figures(events: Vec<Event<'_>>) -> impl Iterator<Item = Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut at = 0;
    while at < events.len() {
        if let Some((figure, used)) = lone_picture(&events[at..]) {
            out.push(Event::Html(CowStr::from(figure)));
            at += used;
        } else {
            out.push(events[at].clone());
            at += 1;
        }
    }
    out.into_iter()
}

/// When `events` start with a paragraph holding only an image from `/media/`, its figure
/// and how many events it took.
fn lone_picture(events: &[Event<'_>]) -> Option<(String, usize)> {
    let [Event::Start(Tag::Paragraph), rest @ ..] = events else {
        return None;
    };
    let blank = |e: &Event<'_>| match e {
        Event::Text(t) => t.trim().is_empty(),
        Event::SoftBreak => true,
        _ => false,
    };
    let start = rest.iter().position(|e| !blank(e))?;
    let Event::Start(Tag::Image {
        dest_url, title, ..
    }) = &rest[start]
    else {
        return None;
    };
    if !dest_url.starts_with("/media/") {
        return None;
    }
    let mut alt = String::new();
    let mut i = start + 1;
    loop {
        match rest.get(i)? {
            Event::End(TagEnd::Image) => break,
            Event::Text(t) | Event::Code(t) => alt.push_str(t),
            _ => {}
        }
        i += 1;
    }
    i += 1;
    while rest.get(i).is_some_and(blank) {
        i += 1;
    }
    if !matches!(rest.get(i)?, Event::End(TagEnd::Paragraph)) {
        return None;
    }
    let (caption, credit) = match title.rsplit_once(" | ") {
        Some((caption, credit)) => (caption.trim(), credit.trim()),
        None => (title.trim(), ""),
    };
    let mut figure = format!(
        "<figure class=\"inline-picture\"><img src=\"{}\" alt=\"{}\" loading=\"lazy\">",
        crate::escape_html(dest_url),
        crate::escape_html(&alt)
    );
    if !caption.is_empty() || !credit.is_empty() {
        figure.push_str("<figcaption>");
        if !caption.is_empty() {
            figure.push_str(&format!(
                "<span class=\"caption\">{}</span>",
                crate::escape_html(caption)
            ));
        }
        if !caption.is_empty() && !credit.is_empty() {
            figure.push(' ');
        }
        if !credit.is_empty() {
            figure.push_str(&format!(
                "<span class=\"credit\">{}</span>",
                crate::escape_html(credit)
            ));
        }
        figure.push_str("</figcaption>");
    }
    figure.push_str("</figure>\n");
    // The paragraph's start, what it held, and its end.
    Some((figure, i + 2))
}

/// The Markdown that shows a library picture in a body as a figure (see the module's
/// comment): what the desk's "Insert picture" puts in, and the rich editor will too.
pub fn picture_markdown(src: &str, alt: &str, caption: &str, credit: &str) -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let alt: String = one_line(alt)
        .chars()
        .flat_map(|c| match c {
            '\\' | '[' | ']' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    // The credit is what follows the title's last " | ": it cannot hold one, and without a
    // credit neither can the caption.
    let credit = one_line(credit).replace(" | ", " / ");
    let mut caption = one_line(caption);
    if credit.is_empty() {
        caption = caption.replace(" | ", " / ");
    }
    let title = match (caption.is_empty(), credit.is_empty()) {
        (_, true) => caption,
        (true, false) => format!(" | {credit}"),
        (false, false) => format!("{caption} | {credit}"),
    };
    let title: String = title
        .chars()
        .flat_map(|c| match c {
            '\\' | '"' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    if title.is_empty() {
        format!("![{alt}]({src})")
    } else {
        format!("![{alt}]({src} \"{title}\")")
    }
}

/// Untrusted HTML (Markdown output, imported posts) → HTML safe to put in a page as is.
pub fn clean_html(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_news_body_structure() {
        let html = to_safe_html("Para one.\n\n## Subhead\n\n> \"Quote,\" she said.\n\nPara *two*.");
        assert!(html.contains("<p>Para one.</p>"));
        assert!(html.contains("<h2>Subhead</h2>"));
        assert!(html.contains("<blockquote>"));
        assert!(html.contains("<em>two</em>"));
    }

    #[test]
    fn keeps_pull_quotes_and_drops_other_classes() {
        let html = to_safe_html("<aside class=\"pullquote evil\">Words</aside>");
        assert!(html.contains("<aside class=\"pullquote\">"), "{html}");
    }

    #[test]
    fn an_address_with_a_control_character_is_dropped() {
        let html = to_safe_html(
            "<a href=java&#1&#2&#3&#11&#12script:javascript:alert(1)>XXX</a> <img src=\"x\u{7}y\">",
        );
        assert!(!html.contains("href") && !html.contains("src"), "{html}");
        assert!(html.contains("XXX"));
    }

    #[test]
    fn scripts_handlers_and_script_urls_are_removed() {
        let html = to_safe_html(
            "<script>alert(1)</script><img src=x onerror=alert(1)>\n\n\
             [x](javascript:alert(1)) <a href=\"vbscript:x\">v</a> <a href=\"data:text/html,x\">d</a>",
        );
        let lower = html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "href=\"javascript:",
            "href=\"vbscript:",
            "href=\"data:",
        ] {
            assert!(!lower.contains(bad), "{bad} survived in {html}");
        }
    }

    const VIDEO: &str = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";
    const FRAME: &str = "data-embed-src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\"";

    #[test]
    fn a_paragraph_of_one_provider_address_becomes_a_placeholder() {
        for body in [
            format!("Before.\n\n{VIDEO}\n\nAfter."),
            format!("Before.\n\n<{VIDEO}>\n\nAfter."),
        ] {
            let html = to_safe_html(&body);
            assert!(html.contains(FRAME), "{html}");
            assert!(
                html.contains("<p>Before.</p>\n<figure class=\"embed embed-youtube"),
                "{html}"
            );
            assert!(html.contains("</figure>\n<p>After.</p>"), "{html}");
            assert!(!html.contains("embed-slot"), "{html}");
            assert!(embed::has_frames(&html));
        }
    }

    #[test]
    fn an_address_in_a_sentence_a_link_code_or_a_quote_stays_as_written() {
        for body in [
            format!("Watch {VIDEO} now."),
            format!("[the video]({VIDEO})"),
            format!("`{VIDEO}`"),
            format!("```\n{VIDEO}\n```"),
            format!("    {VIDEO}"),
            format!("> {VIDEO}"),
            format!("- {VIDEO}"),
            format!("1. {VIDEO}\n\n2. two"),
            format!("{VIDEO}\n{VIDEO}"),
            format!("**{VIDEO}**"),
            format!("Text[^1]\n\n[^1]: {VIDEO}"),
            format!("{VIDEO}\n==="),
            "https://example.com/watch?v=dQw4w9WgXcQ".into(),
        ] {
            let html = to_safe_html(&body);
            assert!(!html.contains("data-embed-src"), "{body:?} gave {html}");
            assert!(!html.contains("<figure"), "{body:?} gave {html}");
        }
    }

    #[test]
    fn raw_html_cannot_make_an_embed() {
        let forged = "<figure class=\"embed embed-youtube\" \
             data-embed-src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" \
             data-embed-title=\"x\"><div class=\"embed-frame\">x</div></figure>\n\n\
             <iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\"></iframe>";
        let html = to_safe_html(forged);
        assert!(!html.contains("data-embed"), "{html}");
        // The sanitizer drops every class it does not allow (an empty `class=""` may stay).
        assert!(!html.contains("embed-"), "{html}");
        assert!(!html.contains("class=\"embed"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(!embed::has_frames(&html));
    }

    #[test]
    fn a_slot_marker_typed_by_a_contributor_is_only_text() {
        let html = to_safe_html(&format!(
            "embed-slot-0000000000000000-0\n\n<p>embed-slot-</p>\n\n{VIDEO}"
        ));
        assert!(
            html.contains("<p>embed-slot-0000000000000000-0</p>"),
            "{html}"
        );
        assert_eq!(html.matches("<figure").count(), 1, "{html}");
    }

    #[test]
    fn an_embed_inside_a_contributors_unclosed_link_stays_a_plain_address() {
        let html = to_safe_html(&format!(
            "<a href=\"https://example.com\">\n\n{VIDEO}\n\nEnd."
        ));
        assert!(
            !html.contains("<figure") && !html.contains("embed-slot"),
            "{html}"
        );
        assert!(html.contains(VIDEO), "{html}");
        let fine = to_safe_html(&format!("<a href=\"https://example.com\">x</a>\n\n{VIDEO}"));
        assert!(fine.contains(FRAME), "{fine}");
    }

    #[test]
    fn embeds_keep_their_order_among_footnotes_and_raw_html() {
        let html = to_safe_html(&format!(
            "One[^a].\n\n{VIDEO}\n\n<div>\n\nhttps://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC\n\n</div>\n\n\
             Two[^b].\n\n[^a]: Note a.\n[^b]: Note b."
        ));
        let youtube = html.find("embed-youtube").expect("youtube");
        let spotify = html.find("embed-spotify").expect("spotify");
        let two = html.find("Two").expect("two");
        assert!(youtube < spotify && spotify < two, "{html}");
        assert!(
            html.contains("Note a.") && html.contains("Note b."),
            "{html}"
        );
    }

    #[test]
    fn a_body_without_embeds_renders_as_before() {
        let body = "Para *one*.\n\nhttps://example.com/x\n\n<https://example.com/y>";
        let mut raw = String::new();
        html::push_html(
            &mut raw,
            Parser::new_ext(body, Options::ENABLE_SMART_PUNCTUATION),
        );
        assert_eq!(to_safe_html(body), clean_html(&raw));
    }

    #[test]
    fn a_library_picture_alone_becomes_a_figure_with_caption_and_credit() {
        let html = to_safe_html(
            "Before.\n\n![Rescuers at dawn](/media/ab12-960.jpg \"The market at dawn | Jane Doe/AFP\")\n\nAfter.",
        );
        assert!(
            html.contains(
                "<figure class=\"inline-picture\"><img src=\"/media/ab12-960.jpg\" alt=\"Rescuers at dawn\" loading=\"lazy\">\
                 <figcaption><span class=\"caption\">The market at dawn</span> <span class=\"credit\">Jane Doe/AFP</span></figcaption></figure>"
            ),
            "{html}"
        );
        assert!(html.contains("<p>Before.</p>") && html.contains("<p>After.</p>"));
        let plain = to_safe_html("![Only alt](/media/ab12-960.jpg)");
        assert!(
            plain.contains("<figure class=\"inline-picture\"><img")
                && !plain.contains("figcaption"),
            "{plain}"
        );
    }

    #[test]
    fn the_desks_picture_markdown_comes_back_as_the_same_figure() {
        let md = picture_markdown(
            "/media/ab12-640.jpg",
            "A [boat] at\ndawn",
            "Caption with \"quotes\" | and a bar",
            "Jane Doe/AFP",
        );
        let html = to_safe_html(&md);
        assert!(html.contains("alt=\"A [boat] at dawn\""), "{md} → {html}");
        assert!(
            html.contains("<span class=\"caption\">Caption with \"quotes\" | and a bar</span> <span class=\"credit\">Jane Doe/AFP</span>"),
            "{md} → {html}"
        );
        let md = picture_markdown("/media/ab12-640.jpg", "", "", "AP");
        let html = to_safe_html(&md);
        assert!(
            html.contains("<figcaption><span class=\"credit\">AP</span></figcaption>"),
            "{md} → {html}"
        );
        let md = picture_markdown("/media/ab12-640.jpg", "x", "One | two", "");
        assert!(
            to_safe_html(&md).contains(">One / two</span></figcaption>"),
            "{md}"
        );
    }

    #[test]
    fn other_images_stay_plain_and_hostile_titles_are_escaped() {
        let inline = to_safe_html("Text ![x](/media/ab12-960.jpg \"c\") more.");
        assert!(!inline.contains("<figure"), "{inline}");
        let elsewhere = to_safe_html("![x](https://example.com/a.jpg \"c | d\")");
        assert!(!elsewhere.contains("<figure"), "{elsewhere}");
        let hostile = to_safe_html(
            "![a\" onerror=\"x](/media/ab12-960.jpg \"<script>alert(1)</script> | <b>AP</b>\")",
        );
        assert!(
            !hostile.contains("<script")
                && !hostile.contains(" onerror=\"")
                && !hostile.contains("<b>"),
            "{hostile}"
        );
    }

    #[test]
    fn links_cannot_reach_the_opener() {
        let html = to_safe_html("[site](https://example.com)");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }
}
