//! XML 1.0 has characters it cannot carry at all, not even escaped: the C0 controls but
//! tab, line feed and carriage return, and U+FFFE/U+FFFF. A headline pasted from a
//! terminal (`ESC[0;31m`) or a word processor can hold them; one such character makes the
//! whole feed or sitemap unreadable to every parser.
//!
//! Each becomes U+FFFD (the replacement character), as an HTML parser does with NUL, rather
//! than disappearing: a body's `href="java&#1;script:…"` is a harmless relative address
//! with the control in it, but with the control taken out it would read `javascript:` to
//! every feed reader.

/// `text` with each character XML 1.0 forbids replaced by U+FFFD (unchanged, and not
/// copied, when it has none).
pub fn only_xml_chars(text: String) -> String {
    if is_xml_chars(&text) {
        return text;
    }
    text.chars()
        .map(|c| {
            if allowed(c) {
                c
            } else {
                char::REPLACEMENT_CHARACTER
            }
        })
        .collect()
}

/// Whether XML 1.0 can carry every character of `text`.
pub fn is_xml_chars(text: &str) -> bool {
    text.chars().all(allowed)
}

fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_a_parser_refuses_are_replaced_and_the_rest_kept() {
        let text = "<t>Roses are \u{1b}[0;31mred\u{7}, tab\there\nnew \u{FFFE}é 😍</t>";
        assert_eq!(
            only_xml_chars(text.into()),
            "<t>Roses are \u{FFFD}[0;31mred\u{FFFD}, tab\there\nnew \u{FFFD}é 😍</t>"
        );
        assert_eq!(only_xml_chars("plain".into()), "plain");
    }

    #[test]
    fn a_control_inside_a_scheme_never_leaves_a_script_address() {
        let out = only_xml_chars("<a href=\"java\u{1}\u{2}script:alert(1)\">".into());
        assert!(!out.contains("javascript:"), "{out}");
    }
}
