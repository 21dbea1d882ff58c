//! The one sanitizer. Every piece of HTML that reaches a reader from content — article
//! bodies today, imported HTML tomorrow — passes through `to_safe_html` or `clean_html`.

use ammonia::Builder;
use pulldown_cmark::{Options, Parser, html};
use std::collections::HashSet;
use std::sync::LazyLock;

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::default();
    b.add_tags(["figure", "figcaption", "aside"])
        .add_tag_attributes("img", ["width", "height", "loading"])
        .add_allowed_classes("aside", ["pullquote"])
        .add_allowed_classes("blockquote", ["pullquote"])
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
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut raw = String::with_capacity(markdown.len() + markdown.len() / 4);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    clean_html(&raw)
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

    #[test]
    fn links_cannot_reach_the_opener() {
        let html = to_safe_html("[site](https://example.com)");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }
}
