//! Every attack string of the OWASP XSS cheat sheet (`tests/data/xss-owasp.json`, copied
//! from the team's `shared/security/`; see `tests/data/README.md`),
//! put in every text field a story and its names carry, must come out inert on every page
//! that shows it: no script from content, no `on*=` handler, no script URL.

use crate::common;

use common::{TestApp, fixture, select};
use newsdesk_core::Slug;
use scraper::Html;

fn corpus() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/xss-owasp.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let entries: Vec<String> = serde_json::from_str(&text).unwrap();
    assert!(
        entries.len() >= 100,
        "the corpus has {} entries",
        entries.len()
    );
    entries
}

/// The checks of `shared/security/README.md`, on a parsed page.
fn assert_inert(html: &Html, page: &str) {
    for script in select(html, "script") {
        let kind = script.value().attr("type").unwrap_or("");
        assert_eq!(
            kind, "application/ld+json",
            "{page}: a <script> that is not the theme's JSON-LD"
        );
        let json: String = script.text().collect();
        assert!(
            serde_json::from_str::<serde_json::Value>(&json).is_ok(),
            "{page}: JSON-LD broken out of: {json}"
        );
    }
    for tag in [
        "iframe",
        "object",
        "embed",
        "frame",
        "frameset",
        "base",
        "applet",
        "svg",
        "math",
        "form[action^='javascript']",
    ] {
        assert!(select(html, tag).is_empty(), "{page}: <{tag}> from content");
    }
    if let Some(meta) = select(html, "meta[http-equiv]").first() {
        panic!("{page}: <meta http-equiv> from content: {}", meta.html());
    }
    for el in html
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in el.value().attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "{page}: handler attribute {name}={value:?} on <{}>",
                el.value().name()
            );
            let squashed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:text/html", "livescript:"] {
                let url_attr = matches!(
                    name,
                    "href"
                        | "src"
                        | "srcset"
                        | "action"
                        | "formaction"
                        | "poster"
                        | "background"
                        | "data"
                        | "xlink:href"
                );
                // A URL is dangerous by its scheme; a srcset holds several URLs.
                let urls: Vec<&str> = if name == "srcset" {
                    squashed.split(',').collect()
                } else {
                    vec![&squashed]
                };
                assert!(
                    !(url_attr && urls.iter().any(|u| u.starts_with(scheme))),
                    "{page}: {scheme} in {name}={value:?}"
                );
            }
            assert!(
                name != "style",
                "{page}: a style attribute from content: {value:?}"
            );
        }
    }
}

async fn every_attack_string_renders_inert_in_every_field(t: TestApp) {
    let entries = corpus();
    // Slugs are types: no attack string is a valid slug, so none can reach a URL.
    for e in &entries {
        assert!(Slug::parse(e).is_err(), "{e:?} parsed as a slug");
    }
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let mut pages = vec!["/".to_owned(), "/news/".to_owned()];
    for (i, attack) in entries.iter().enumerate() {
        // Names carry the attack too: a section, a tag and an author per entry.
        let section = fixture::section(&t.store, &format!("s{i}"), attack, i as i64 + 1).await;
        let tag = fixture::tag(&t.store, &format!("t{i}"), attack).await;
        let author = fixture::author(&t.store, &format!("a{i}"), attack, attack).await;
        // The front's search words and the author's job title, as the desk saves them.
        let words = newsdesk_store::SectionInput {
            slug: section.slug.clone(),
            name: attack.clone(),
            description: attack.clone(),
            seo_title: attack.clone(),
            seo_description: attack.clone(),
            hidden: false,
            position: section.position,
        };
        t.store
            .save_section(section.id, &words, None)
            .await
            .unwrap();
        let profile = newsdesk_store::AuthorInput {
            slug: author.slug.clone(),
            name: attack.clone(),
            bio: attack.clone(),
            job_title: attack.clone(),
            links: String::new(),
            photo_media_id: None,
        };
        t.store
            .save_author(author.id, &profile, None, None)
            .await
            .unwrap();
        let photo =
            fixture::photo(&t.store, &t.media, (i % 250) as u8, attack, attack, attack).await;
        for section_id in [news.id, section.id] {
            let mut input = fixture::story(section_id, attack, i as i64);
            input.slug = Slug::parse(&format!("story-{i}")).unwrap();
            input.standfirst = attack.clone();
            // The body holds the attack as Markdown text, and as raw HTML in Markdown.
            input.body_markdown =
                format!("{attack}\n\n<div>{attack}</div>\n\n[link]({attack})\n\n> {attack}");
            input.body_html = newsdesk_render::markdown::to_safe_html(&input.body_markdown);
            input.seo_title = Some(attack.clone());
            input.seo_description = Some(attack.clone());
            input.lead_media_id = Some(photo.id);
            input.tag_ids = vec![tag.id];
            input.author_ids = vec![author.id];
            t.store.create_article(&input, None).await.unwrap();
        }
        t.store
            .add_correction(
                t.store
                    .article_by_slug(news.id, &format!("story-{i}"))
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
                &newsdesk_store::CorrectionInput {
                    kind: "update".into(),
                    body: attack.clone(),
                    published_at: newsdesk_core::now(),
                },
            )
            .await
            .unwrap();
        pages.push(format!("/news/story-{i}"));
        pages.push(format!("/s{i}/story-{i}"));
        pages.push(format!("/s{i}/"));
        pages.push(format!("/tag/t{i}"));
        pages.push(format!("/author/a{i}"));
    }
    t.catch_up().await;
    pages.push("/no-such-page".to_owned());
    for page in &pages {
        let res = t.get(page).await;
        assert!(
            res.status == 200 || page == "/no-such-page",
            "{page}: {}",
            res.status
        );
        assert_inert(&res.html(), page);
    }
}

db_tests!(every_attack_string_renders_inert_in_every_field);
