//! Tests of the templates: what each page shows, in what order, and that hostile text
//! comes out escaped.

use super::*;
use newsdesk_core::view::*;
use newsdesk_core::{ArticleFlags, CacheKey};

const HOSTILE: &str = "\"><script>alert(1)</script>";

fn at(rfc3339: &str) -> i64 {
    rfc3339.parse::<Timestamp>().expect("test time").as_second()
}

fn section(slug: &str, name: &str) -> SectionLink {
    SectionLink {
        id: slug.len() as i64,
        slug: slug.into(),
        name: name.into(),
        url: format!("/{slug}/"),
    }
}

fn site() -> Site {
    Site {
        name: "The Daily Ledger".into(),
        tagline: "Independent news since 1851".into(),
        base_url: "https://news.example.com".into(),
        sections: [
            ("news", "News"),
            ("world", "World"),
            ("business", "Business"),
            ("comment", "Comment"),
            ("culture", "Culture"),
            ("sport", "Sport"),
            ("obituaries", "Obituaries"),
        ]
        .into_iter()
        .map(|(slug, name)| section(slug, name))
        .collect(),
        time_zone: "Europe/London".into(),
        ..Site::default()
    }
}

fn picture(name: &str, alt: &str, caption: &str, credit: &str) -> Picture {
    let srcset = [480, 960, 1440]
        .map(|w| format!("/media/{name}-{w}.jpg {w}w"))
        .join(", ");
    Picture {
        src: format!("/media/{name}-960.jpg"),
        webp_srcset: srcset.replace(".jpg", ".webp"),
        srcset,
        width: 1440,
        height: 960,
        alt: alt.into(),
        caption: caption.into(),
        credit: credit.into(),
        focal: None,
    }
}

const STORIES: [(&str, &str, &str); 12] = [
    (
        "Flood barriers hold as river peaks a metre above record",
        "Engineers say the new defences spared about 4,000 homes, but warn that farmland downstream faces weeks under water.",
        "news",
    ),
    (
        "Rail operators agree to cap off-peak fares for two years",
        "The deal, brokered by the transport department, follows a summer of strikes and cancellations.",
        "news",
    ),
    (
        "Hospital waiting lists fall for the first time in five years",
        "Figures published on Thursday show a drop of 3% since spring, driven by weekend surgery.",
        "news",
    ),
    (
        "Council votes to pedestrianise historic market square",
        "Traders are split over a plan that will close the square to cars from next April.",
        "news",
    ),
    (
        "Coastguard rescues 14 after fishing boat runs aground",
        "All crew members were brought ashore safely after a four-hour operation in heavy seas.",
        "news",
    ),
    (
        "Central bank holds rates but signals a cut in the new year",
        "Policymakers voted seven to two to keep borrowing costs unchanged.",
        "business",
    ),
    (
        "Summit ends with a pledge on shipping emissions",
        "Delegates from 40 countries agreed a timetable, though campaigners called it too slow.",
        "world",
    ),
    (
        "The quiet return of the village bakery",
        "Across the country, small bakers are reopening shops that closed a generation ago.",
        "culture",
    ),
    (
        "Our towns need trains, not promises",
        "Another consultation will not get anyone to work on time.",
        "comment",
    ),
    (
        "Late winner sends United top of the table",
        "A header in the 94th minute settled a tense derby.",
        "sport",
    ),
    (
        "Margaret Okafor, pioneering surgeon, dies aged 91",
        "She performed the region’s first kidney transplant and trained a generation of doctors.",
        "obituaries",
    ),
    (
        "Exporters count the cost of the strong pound",
        "Manufacturers say orders from Europe have slowed since the summer.",
        "business",
    ),
];

fn teaser(i: usize) -> Teaser {
    let (headline, standfirst, slug) = STORIES[i % STORIES.len()];
    let section = site()
        .sections
        .into_iter()
        .find(|s| s.slug == slug)
        .expect("section");
    Teaser {
        id: 100 + i as i64,
        url: format!("/{slug}/story-{i}"),
        headline: headline.into(),
        standfirst: standfirst.into(),
        section,
        picture: (i % 4 != 3).then(|| picture(&format!("photo{}", i % 8), "A photograph", "", "")),
        published_at: at("2026-11-25T08:00:00Z") - 2400 * i as i64,
        flags: ArticleFlags {
            breaking: i == 0,
            opinion: slug == "comment",
            obituary: slug == "obituaries",
            ..ArticleFlags::default()
        },
    }
}

const BODY: &str = r#"<p>The river Severn peaked at 6.4 metres in the early hours of Wednesday, more than a metre above the level reached in 2000, yet the town centre stayed dry for the first time in a generation.</p>
<p>“We watched it come up the steps and stop,” said Alison Reed, who has run a café on the quay for 22 years. “Last time it was through the door by midnight.”</p>
<h2>Defences tested</h2>
<p>The demountable barriers, installed in 2019 at a cost of £38m, were raised on Monday after the <a href="https://example.org/warnings">Environment Agency issued severe warnings</a> for the upper valley.</p>
<aside class="pullquote"><p>We watched it come up the steps and stop. Last time it was through the door by midnight.</p><footer>Alison Reed, café owner</footer></aside>
<p>Engineers monitored the barriers through the night. By dawn, the only water in the old town was rain.</p>
<figure><img src="/media/photo5-960.jpg" srcset="/media/photo5-480.jpg 480w, /media/photo5-960.jpg 960w" sizes="(min-width: 64em) 38em, 100vw" width="1440" height="960" alt="Sandbags stacked against a shop door" loading="lazy"><figcaption><span class="caption">Shopkeepers on Mardol took no chances.</span> <span class="credit">Ledger staff</span></figcaption></figure>
<h3>Downstream, a different story</h3>
<p>Farmers below the town said the water had simply been pushed elsewhere. About 1,200 hectares of farmland were flooded.</p>
<blockquote><p>Protecting the town is right, but the water has to go somewhere, and this week it came to us.</p></blockquote>
<p>The agency said it would publish a review of the operation in the spring.</p>"#;

/// A complete article: lead picture, two authors, tags, five rail teasers, a correction.
fn full_article() -> ArticlePage {
    ArticlePage {
        id: 42,
        url: "/news/flood-barriers-hold".into(),
        headline: "Flood barriers hold as river peaks a metre above record".into(),
        standfirst: "Engineers say the new defences spared about 4,000 homes in Shrewsbury, but warn that farmland downstream faces weeks under water.".into(),
        section: section("news", "News"),
        lead: Some(picture(
            "photo0",
            "Floodwater laps against grey metal barriers along a riverside street",
            "The barriers on Frankwell quay, Shrewsbury, on Wednesday morning.",
            "Photograph: Jane Doe/Ledger",
        )),
        authors: vec![
            AuthorLink { name: "Jane Doe".into(), url: "/author/jane-doe".into() },
            AuthorLink { name: "Sam Okoro".into(), url: "/author/sam-okoro".into() },
        ],
        first_published_at: at("2026-11-25T09:14:00Z"),
        updated_at: Some(at("2026-11-25T11:02:00Z")),
        body_html: BODY.into(),
        corrections: vec![Correction {
            published_at: at("2026-11-25T13:30:00Z"),
            kind: "correction".into(),
            text: "An earlier version of this article gave the cost of the barriers as £83m. It was £38m.".into(),
        }],
        tags: vec![
            TagLink { id: 1, name: "Flooding".into(), url: "/tag/flooding".into() },
            TagLink { id: 2, name: "Shropshire".into(), url: "/tag/shropshire".into() },
            TagLink { id: 3, name: "Environment Agency".into(), url: "/tag/environment-agency".into() },
        ],
        rail: (1..6).map(teaser).collect(),
        related: Vec::new(),
        flags: ArticleFlags { breaking: true, ..ArticleFlags::default() },
        seo_title: None,
        seo_description: None,
        canonical_url: None,
    }
}

fn home(page: u32) -> HomePage {
    let site = site();
    let blocks = ["world", "business", "comment", "culture", "sport"]
        .into_iter()
        .map(|slug| SectionBlock {
            section: site
                .sections
                .iter()
                .find(|s| s.slug == slug)
                .cloned()
                .expect("section"),
            items: (0..4).map(|i| teaser(i * 3 + slug.len())).collect(),
        })
        .collect();
    HomePage {
        lead: Some(teaser(0)),
        latest: (1..7).map(teaser).collect(),
        blocks,
        paging: Paging {
            page,
            prev_url: (page > 1).then(|| format!("/?page={}", page - 1)),
            next_url: Some(format!("/?page={}", page + 1)),
        },
    }
}

fn list(owner: ListOwner, items: usize) -> ListPage {
    ListPage {
        owner,
        list_key: CacheKey::Section(4),
        url: "/news/".into(),
        items: (0..items).map(teaser).collect(),
        paging: Paging {
            page: 1,
            prev_url: None,
            next_url: Some("/news/?page=2".into()),
        },
    }
}

fn news_front() -> ListPage {
    let description = "The latest news from across the country.".to_string();
    list(
        ListOwner::Section {
            name: "News".into(),
            description,
            seo_title: String::new(),
            seo_description: String::new(),
        },
        11,
    )
}

fn author_page() -> ListPage {
    let owner = ListOwner::Author {
        name: "Jane Doe".into(),
        bio: "Jane Doe is the Ledger’s environment correspondent. She has covered floods, droughts and the politics of water since 2012.".into(),
        photo: Some(picture("photo7", "Jane Doe", "", "")),
        job_title: String::new(),
        links: Vec::new(),
    };
    ListPage {
        url: "/author/jane-doe".into(),
        ..list(owner, 7)
    }
}

fn templates() -> Templates {
    Templates::new(None).expect("built-in templates")
}

/// Asserts that `parts` occur in `html` in this order, each after the previous one.
fn assert_in_order(html: &str, parts: &[&str]) {
    let mut from = 0;
    for part in parts {
        match html[from..].find(part) {
            Some(at) => from += at + part.len(),
            None => panic!("{part:?} not found after byte {from} in:\n{html}"),
        }
    }
}

/// A fresh folder under the system temp dir for one test's theme.
fn theme_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsdesk-theme-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("templates")).expect("temp theme dir");
    dir
}

#[test]
fn article_page_shows_its_parts_in_reading_order() {
    let html = templates()
        .article_page(&site(), &full_article())
        .expect("renders");
    assert_in_order(
        &html,
        &[
            "<main",
            "<article",
            r#"<a class="section-label" href="/news/">News</a>"#,
            r#"<span class="flag flag-breaking">Breaking</span>"#,
            "<h1",
            "Flood barriers hold as river peaks a metre above record</h1>",
            r#"<p class="standfirst">Engineers say"#,
            r#"<figure class="lead">"#,
            r#"<img src="/media/photo0-960.jpg" srcset="/media/photo0-480.jpg 480w, /media/photo0-960.jpg 960w, /media/photo0-1440.jpg 1440w" sizes=""#,
            r#"width="1440" height="960" alt="Floodwater laps against grey metal barriers along a riverside street" fetchpriority="high">"#,
            "<figcaption>",
            r#"<span class="caption">The barriers on Frankwell quay, Shrewsbury, on Wednesday morning.</span>"#,
            r#"<span class="credit">Photograph: Jane Doe/Ledger</span>"#,
            "</figure>",
            r#"<p class="byline">By <a href="/author/jane-doe" rel="author">Jane Doe</a> and <a href="/author/sam-okoro" rel="author">Sam Okoro</a></p>"#,
            r#"<time class="published" datetime="2026-11-25T09:14:00Z">25 November 2026, 09:14</time>"#,
            r#"<time class="updated" datetime="2026-11-25T11:02:00Z">25 November 2026, 11:02</time>"#,
            r#"<div class="body"><p>The river Severn"#,
            "<h2>Defences tested</h2>",
            r#"<aside class="pullquote">"#,
            "would publish a review of the operation in the spring.</p></div>",
            r#"<section class="corrections""#,
            r#"<time datetime="2026-11-25T13:30:00Z">25 November 2026, 13:30</time>"#,
            "gave the cost of the barriers as £83m",
            r#"<ul class="tags">"#,
            r#"<a href="/tag/flooding" rel="tag">Flooding</a>"#,
            r#"<a href="/tag/environment-agency" rel="tag">Environment Agency</a>"#,
            "</article>",
            r#"<aside class="rail""#,
            r#"<h2 id="rail-heading"><a href="/news/">News</a></h2>"#,
            r#"<a href="/news/story-1">Rail operators agree"#,
            "The deal, brokered by the transport department",
            r#"<a href="/news/story-2">Hospital waiting lists"#,
            r#"<a href="/news/story-3">Council votes"#,
            r#"<a href="/news/story-4">Coastguard rescues"#,
            r#"<a href="/business/story-5">Central bank"#,
            "</aside>",
            "</main>",
        ],
    );
    // The lead is fetched first; the rail's one picture waits.
    let lead =
        &html[html.find(r#"<figure class="lead">"#).unwrap()..html.find("</figure>").unwrap()];
    assert!(
        !lead.contains("loading="),
        "lead image must not be lazy: {lead}"
    );
    let rail = &html[html.find(r#"<aside class="rail""#).unwrap()..];
    assert_eq!(rail.matches("<img").count(), 1);
    assert!(rail.contains(r#"loading="lazy" decoding="async""#));
    assert_eq!(rail.matches("<time datetime=").count(), 5);
}

#[test]
fn article_head_has_title_description_canonical_and_stylesheet() {
    let templates = templates();
    let html = templates
        .article_page(&site(), &full_article())
        .expect("renders");
    let (_, version) = templates.stylesheet();
    assert_in_order(
        &html,
        &[
            "<!doctype html>",
            r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
            r#"<meta name="color-scheme" content="light dark">"#,
            "<title>Flood barriers hold as river peaks a metre above record — The Daily Ledger</title>",
            r#"<meta name="description" content="Engineers say the new defences"#,
            r#"<link rel="canonical" href="https://news.example.com/news/flood-barriers-hold">"#,
            &format!(r#"<link rel="stylesheet" href="/static/site.css?v={version}">"#),
            r#"<meta property="og:image" content="https://news.example.com/media/photo0-960.jpg">"#,
            r#"<script type="application/ld+json">"#,
            r#""@type":"NewsArticle""#,
            r#""datePublished":"2026-11-25T09:14:00Z","dateModified":"2026-11-25T11:02:00Z""#,
            r#"{"@type":"Person","name":"Jane Doe","url":"https://news.example.com/author/jane-doe"}"#,
            "</head>",
            r##"<a class="skip-link" href="#main">"##,
            r#"<a class="brand" href="/">The Daily Ledger</a>"#,
            r#"<form class="search" role="search" action="/search" method="get">"#,
            r#"name="q""#,
            r#"<a href="/news/" aria-current="page">News</a>"#,
            r#"<a href="/world/">World</a>"#,
            r#"<main id="main""#,
            "</main>",
            "<footer",
        ],
    );
    assert_eq!(html.matches("aria-current").count(), 1);

    let custom = ArticlePage {
        seo_title: Some("Severn flood barriers hold".into()),
        seo_description: Some("Town centre dry despite record river level.".into()),
        canonical_url: Some("https://elsewhere.example.org/story".into()),
        ..full_article()
    };
    let html = templates.article_page(&site(), &custom).expect("renders");
    assert!(html.contains("<title>Severn flood barriers hold — The Daily Ledger</title>"));
    assert!(html.contains(
        r#"<meta name="description" content="Town centre dry despite record river level.">"#
    ));
    assert!(html.contains(r#"<link rel="canonical" href="https://elsewhere.example.org/story">"#));
}

#[test]
fn article_without_optional_parts_leaves_no_empty_elements() {
    let bare = ArticlePage {
        lead: None,
        updated_at: None,
        corrections: Vec::new(),
        tags: Vec::new(),
        rail: Vec::new(),
        ..full_article()
    };
    let html = templates().article_page(&site(), &bare).expect("renders");
    assert!(!html.contains("<figure class=\"lead\""));
    assert!(!html.contains("fetchpriority"));
    assert!(!html.contains("og:image"));
    assert!(!html.contains(r#"class="updated""#));
    assert!(!html.contains("corrections"));
    assert!(!html.contains(r#"class="tags""#));
    assert!(!html.contains(r#"class="rail""#));
    assert!(html.contains(r#"<time class="published""#));

    let mut uncaptioned = full_article();
    if let Some(lead) = uncaptioned.lead.as_mut() {
        lead.caption.clear();
        lead.credit.clear();
    }
    let html = templates()
        .article_page(&site(), &uncaptioned)
        .expect("renders");
    let lead = &html[html.find(r#"<figure class="lead">"#).expect("lead")..];
    let lead = &lead[..lead.find("</figure>").expect("end of lead")];
    assert!(!lead.contains("figcaption"), "no empty caption: {lead}");
}

#[test]
fn bylines_join_three_authors_with_commas_and_and() {
    let mut page = full_article();
    page.authors.push(AuthorLink {
        name: "Ada Li".into(),
        url: "/author/ada-li".into(),
    });
    let html = templates().article_page(&site(), &page).expect("renders");
    assert!(html.contains(
        r#"By <a href="/author/jane-doe" rel="author">Jane Doe</a>, <a href="/author/sam-okoro" rel="author">Sam Okoro</a> and <a href="/author/ada-li" rel="author">Ada Li</a></p>"#
    ));
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let mut site = site();
    site.name = format!("Site{HOSTILE}");
    site.sections[0].name = format!("Nav{HOSTILE}");
    let mut page = full_article();
    page.headline = format!("Headline{HOSTILE}");
    page.standfirst = format!("Standfirst{HOSTILE}");
    page.section.name = format!("Section{HOSTILE}");
    if let Some(lead) = page.lead.as_mut() {
        lead.caption = format!("Caption{HOSTILE}");
        lead.credit = format!("Credit{HOSTILE}");
        lead.alt = format!("Alt{HOSTILE}");
    }
    page.authors[0].name = format!("Author{HOSTILE}");
    page.tags[0].name = format!("Tag{HOSTILE}");
    page.corrections[0].text = format!("Correction{HOSTILE}");
    page.rail[0].headline = format!("Rail{HOSTILE}");
    page.rail[0].standfirst = format!("RailStandfirst{HOSTILE}");

    let html = templates().article_page(&site, &page).expect("renders");
    assert!(
        !html.contains("<script>alert"),
        "unescaped script in:\n{html}"
    );
    assert!(
        !html.contains("\"><script"),
        "attribute broken out of in:\n{html}"
    );
    for field in [
        "Site",
        "Nav",
        "Headline",
        "Standfirst",
        "Section",
        "Caption",
        "Credit",
        "Alt",
        "Author",
        "Tag",
        "Correction",
        "Rail",
        "RailStandfirst",
    ] {
        let escaped = format!("{field}&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
        assert!(html.contains(&escaped), "{field} not escaped as {escaped}");
    }
    // In JSON-LD the same text is JSON, with the markup characters escaped.
    assert!(
        html.contains(
            r#""headline":"Headline\"\u003e\u003cscript\u003ealert(1)\u003c/script\u003e""#
        )
    );
    // The sanitized body is the one thing passed through as HTML.
    assert!(html.contains(r#"<aside class="pullquote"><p>We watched"#));

    let mut list = news_front();
    list.owner = ListOwner::Tag {
        name: format!("Topic{HOSTILE}"),
        description: format!("About{HOSTILE}"),
    };
    let html = templates().list_page(&site, &list).expect("renders");
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("<h1>Topic&quot;&gt;&lt;script&gt;"));

    let html = templates().server_error(&site);
    assert!(!html.contains("<script>alert"));
}

#[test]
fn times_show_in_the_site_time_zone_and_fall_back_to_utc() {
    let templates = templates();
    let mut tokyo = site();
    tokyo.time_zone = "Asia/Tokyo".into();
    let html = templates
        .article_page(&tokyo, &full_article())
        .expect("renders");
    assert!(html.contains(
        r#"<time class="published" datetime="2026-11-25T09:14:00Z">25 November 2026, 18:14</time>"#
    ));
    // Teasers are rendered by a macro; they must see the site's zone too.
    assert!(
        html.contains(r#"<time datetime="2026-11-25T07:20:00Z">25 November 2026, 16:20</time>"#)
    );

    let mut nowhere = site();
    nowhere.time_zone = "Mars/Olympus_Mons".into();
    let html = templates
        .article_page(&nowhere, &full_article())
        .expect("renders");
    assert!(html.contains(">25 November 2026, 09:14</time>"));

    let env = &templates.env;
    let date = env.render_str(
        "{{ t|date }}",
        minijinja::context! { t => at("2026-03-01T23:30:00Z") },
    );
    assert_eq!(date.expect("renders"), "1 March 2026");
    let iso = env.render_str("{{ t|iso }}", minijinja::context! { t => 0 });
    assert_eq!(iso.expect("renders"), "1970-01-01T00:00:00Z");
}

#[test]
fn home_page_one_has_lead_latest_and_section_blocks() {
    let html = templates().home_page(&site(), &home(1)).expect("renders");
    assert_in_order(
        &html,
        &[
            r#"<link rel="next" href="/?page=2">"#,
            "<main",
            r#"<article class="teaser teaser-lead">"#,
            r#"fetchpriority="high""#,
            r#"<h2 class="teaser-headline"><a href="/news/story-0">Flood barriers hold"#,
            "Latest",
            r#"<a href="/news/story-1">"#,
            r#"<a href="/news/story-6">"#.replace("news", "world").as_str(),
            r#"<section class="block""#,
            r#"<h2 class="block-title" id="block-world"><a href="/world/">World</a></h2>"#,
            r#"<h2 class="block-title" id="block-sport"><a href="/sport/">Sport</a></h2>"#,
            r#"<nav class="pager""#,
            r#"<a rel="next" href="/?page=2">"#,
            "</main>",
        ],
    );
    assert!(!html.contains(r#"rel="prev""#));
    assert_eq!(html.matches("fetchpriority").count(), 1);
    assert!(html.contains(r#"<link rel="canonical" href="https://news.example.com/">"#));
}

#[test]
fn later_home_pages_are_a_plain_list_with_prev_and_next() {
    let html = templates().home_page(&site(), &home(3)).expect("renders");
    assert_in_order(
        &html,
        &[
            r#"<link rel="canonical" href="https://news.example.com/?page=3">"#,
            r#"<link rel="prev" href="/?page=2">"#,
            r#"<link rel="next" href="/?page=4">"#,
            r#"<ol class="stream">"#,
            r#"<a href="/news/story-1">"#,
            "</ol>",
            r#"<a rel="prev" href="/?page=2">"#,
            r#"<a rel="next" href="/?page=4">"#,
        ],
    );
    assert!(!html.contains("teaser-lead"), "the lead is only on page 1");
    assert!(
        !html.contains(r#"class="block""#),
        "section blocks are only on page 1"
    );
    assert!(!html.contains("fetchpriority"));
}

#[test]
fn empty_home_says_so() {
    let empty = HomePage {
        lead: None,
        latest: Vec::new(),
        blocks: Vec::new(),
        paging: Paging::default(),
    };
    let html = templates().home_page(&site(), &empty).expect("renders");
    assert!(html.contains("Nothing has been published yet."));
    assert!(!html.contains("<article"));
}

#[test]
fn section_front_lists_teasers_with_the_first_two_eager() {
    let html = templates()
        .list_page(&site(), &news_front())
        .expect("renders");
    assert_in_order(
        &html,
        &[
            "<title>News — The Daily Ledger</title>",
            r#"<meta name="description" content="The latest news from across the country.">"#,
            r#"<link rel="canonical" href="https://news.example.com/news/">"#,
            r#"<link rel="next" href="/news/?page=2">"#,
            r#"<a href="/news/" aria-current="page">News</a>"#,
            "<h1>News</h1>",
            "The latest news from across the country.",
            r#"<article class="teaser">"#,
            r#"<h2 class="teaser-headline"><a href="/news/story-0">"#,
            r#"<p class="teaser-standfirst">Engineers say"#,
            r#"<time datetime="2026-11-25T08:00:00Z">"#,
            r#"<a rel="next" href="/news/?page=2">"#,
        ],
    );
    let images: Vec<&str> = html.split("<img").skip(1).collect();
    assert_eq!(
        images.len(),
        9,
        "every teaser but the 4th and 8th has a picture"
    );
    assert!(!images[0].split('>').next().unwrap().contains("loading="));
    assert!(!images[1].split('>').next().unwrap().contains("loading="));
    for image in &images[2..] {
        assert!(
            image
                .split('>')
                .next()
                .unwrap()
                .contains(r#"loading="lazy" decoding="async""#)
        );
    }
}

#[test]
fn author_page_shows_bio_and_photo() {
    let html = templates()
        .list_page(&site(), &author_page())
        .expect("renders");
    assert_in_order(
        &html,
        &[
            "<title>Jane Doe — The Daily Ledger</title>",
            r#"<img class="author-photo" src="/media/photo7-960.jpg""#,
            r#"alt="Jane Doe""#,
            "<h1>Jane Doe</h1>",
            "Jane Doe is the Ledger’s environment correspondent.",
            r#"<article class="teaser">"#,
        ],
    );
    // On an author's page, teasers say which section each story is in.
    assert!(html.contains(r#"<a class="section-label" href="/news/">News</a>"#));
}

#[test]
fn empty_list_says_so() {
    let page = list(
        ListOwner::Tag {
            name: "Beekeeping".into(),
            description: String::new(),
        },
        0,
    );
    let page = ListPage {
        paging: Paging {
            page: 1,
            prev_url: None,
            next_url: None,
        },
        ..page
    };
    let html = templates().list_page(&site(), &page).expect("renders");
    assert!(html.contains("<h1>Beekeeping</h1>"));
    assert!(html.contains("There are no stories here yet."));
    assert!(!html.contains("<article"));
    assert!(!html.contains("pager"));
}

#[test]
fn not_found_looks_like_the_site_and_offers_search_and_home() {
    let html = templates().not_found(&site()).expect("renders");
    assert_in_order(
        &html,
        &[
            "<title>Page not found — The Daily Ledger</title>",
            r#"<meta name="robots" content="noindex">"#,
            r#"<a class="brand" href="/">The Daily Ledger</a>"#,
            r#"<a href="/world/">World</a>"#,
            "<main",
            "<h1>Page not found</h1>",
            r#"action="/search""#,
            r#"name="q""#,
            r#"<a class="button-link" href="/">"#,
            "</main>",
            "<footer",
        ],
    );
}

#[test]
fn server_error_looks_like_the_site() {
    let html = templates().server_error(&site());
    assert!(html.contains(r#"<a class="brand" href="/">The Daily Ledger</a>"#));
    assert!(html.contains("<h1>Something went wrong</h1>"));
    assert!(html.contains("<footer"));
}

#[test]
fn server_error_falls_back_when_its_template_fails() {
    let mut templates = templates();
    templates
        .env
        .add_template_owned(
            "server_error.html",
            r#"{% include "secret-missing-partial.html" %}"#,
        )
        .expect("parses");
    let html = templates.server_error(&site());
    assert_eq!(html, FALLBACK_SERVER_ERROR);
    assert!(!html.contains("secret-missing-partial"));
    assert!(!html.contains("The Daily Ledger"));
}

#[test]
fn theme_override_replaces_a_built_in_template_and_the_stylesheet() {
    let dir = theme_dir("override");
    std::fs::write(
        dir.join("templates/not_found.html"),
        r#"{% extends "base.html" %}{% block content %}<p class="custom">{% include "note.html" %}</p>{% endblock %}"#,
    )
    .expect("write");
    std::fs::write(dir.join("templates/note.html"), "Lost at {{ site.name }}").expect("write");
    std::fs::create_dir_all(dir.join("static")).expect("mkdir");
    std::fs::write(dir.join("static/site.css"), "body { color: teal }").expect("write");

    let themed = Templates::new(Some(&dir)).expect("theme loads");
    let html = themed.not_found(&site()).expect("renders");
    assert!(html.contains(r#"<p class="custom">Lost at The Daily Ledger</p>"#));
    assert!(!html.contains("Page not found</h1>"));
    // Templates it does not override stay built-in.
    assert!(
        themed
            .article_page(&site(), &full_article())
            .expect("renders")
            .contains("<h1")
    );

    let (css, version) = themed.stylesheet();
    assert_eq!(css, b"body { color: teal }");
    let built_in = templates();
    assert_ne!(version, built_in.stylesheet().1);
    assert!(html.contains(&format!("/static/site.css?v={version}")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn broken_override_fails_at_start_up_naming_file_and_line() {
    let dir = theme_dir("broken");
    let file = dir.join("templates/article.html");
    std::fs::write(
        &file,
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.headline }</h1>\n",
    )
    .expect("write");
    let err = Templates::new(Some(&dir))
        .err()
        .expect("a syntax error is an error");
    let message = err.to_string();
    assert!(message.contains(&file.display().to_string()), "{message}");
    assert!(message.contains("line 3"), "{message}");
    assert!(
        matches!(err, RenderError::Syntax { line: 3, .. }),
        "{err:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn override_using_a_missing_filter_or_template_fails_at_start_up() {
    let dir = theme_dir("unrenderable");
    let file = dir.join("templates/list.html");
    std::fs::write(
        &file,
        "{% extends \"base.html\" %}{% block content %}{{ page.url|shout }}{% endblock %}",
    )
    .expect("write");
    let message = Templates::new(Some(&dir)).err().expect("fails").to_string();
    assert!(message.contains(&file.display().to_string()), "{message}");
    assert!(message.contains("shout"), "{message}");

    std::fs::write(&file, "{% extends \"layout.html\" %}").expect("write");
    let message = Templates::new(Some(&dir)).err().expect("fails").to_string();
    assert!(message.contains("layout.html"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_theme_folder_is_an_error() {
    let dir = std::env::temp_dir().join("newsdesk-theme-that-does-not-exist");
    let err = Templates::new(Some(&dir)).err().expect("fails");
    assert!(
        err.to_string()
            .contains("newsdesk-theme-that-does-not-exist"),
        "{err}"
    );
}

#[test]
fn stylesheet_is_the_built_in_one_with_a_stable_short_version() {
    let templates = templates();
    let (css, version) = templates.stylesheet();
    assert_eq!(css, BUILT_IN_CSS);
    assert_eq!(version, super::content_hash(BUILT_IN_CSS));
    assert_eq!(version.len(), 10);
    assert!(version.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(
        css.len() < 20 * 1024, // the site, embeds' cards and the focal-point classes
        "the stylesheet should stay small: {} bytes",
        css.len()
    );
    let css = std::str::from_utf8(css).expect("utf-8");
    for needle in [
        "prefers-color-scheme: dark",
        "prefers-reduced-motion",
        ":focus-visible",
    ] {
        assert!(css.contains(needle), "stylesheet lacks {needle}");
    }
}

#[test]
fn templates_can_be_shared_between_request_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Templates>();
}

#[test]
fn a_time_out_of_range_is_a_render_error_not_a_panic() {
    let page = ArticlePage {
        first_published_at: i64::MAX,
        ..full_article()
    };
    let err = templates()
        .article_page(&site(), &page)
        .expect_err("no such time");
    assert!(matches!(err, RenderError::Render { .. }), "{err:?}");
    assert!(err.to_string().contains("not a time"), "{err}");
}

/// Renders the sample pages into a folder for looking at in a browser:
/// `cargo test -p newsdesk-render write_preview -- --ignored`, then open
/// `$NEWSDESK_THEME_PREVIEW` (default /tmp/theme-preview). Pictures are expected in its
/// `media/` folder.
#[test]
#[ignore = "a tool, not a check: writes the specimen pages to NEWSDESK_THEME_PREVIEW (default /tmp/theme-preview) for a look in a browser"]
fn write_preview() {
    let dir = PathBuf::from(
        std::env::var("NEWSDESK_THEME_PREVIEW").unwrap_or_else(|_| "/tmp/theme-preview".into()),
    );
    std::fs::create_dir_all(&dir).expect("preview dir");
    let templates = templates();
    let (css, version) = templates.stylesheet();
    std::fs::write(dir.join("site.css"), css).expect("write css");
    let local = |html: String| {
        html.replace(&format!("/static/site.css?v={version}"), "site.css")
            .replace("\"/media/", "\"media/")
            .replace(", /media/", ", media/")
    };
    let site = site();
    let tag = list(
        ListOwner::Tag {
            name: "Flooding".into(),
            description: "Floods, flood defences and the people who live with them.".into(),
        },
        0,
    );
    let pages = [
        (
            "article.html",
            templates.article_page(&site, &full_article()),
        ),
        ("home.html", templates.home_page(&site, &home(1))),
        ("home-2.html", templates.home_page(&site, &home(2))),
        ("section.html", templates.list_page(&site, &news_front())),
        ("author.html", templates.list_page(&site, &author_page())),
        ("tag-empty.html", templates.list_page(&site, &tag)),
        ("not-found.html", templates.not_found(&site)),
        ("server-error.html", Ok(templates.server_error(&site))),
    ];
    for (name, html) in pages {
        std::fs::write(dir.join(name), local(html.expect("renders"))).expect("write page");
    }
}

/// Not a benchmark: a guard that a page render stays far from a millisecond.
/// `cargo test -p newsdesk-render render_speed -- --ignored --nocapture`
#[test]
#[ignore = "a tool, not a check: prints render times (timings belong in bench/, never in assertions)"]
fn render_speed() {
    let templates = templates();
    let (site, page) = (site(), full_article());
    let runs = 2000;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        std::hint::black_box(templates.article_page(&site, &page).expect("renders"));
    }
    println!("article page: {:?} per render", start.elapsed() / runs);
    let home = home(1);
    let start = std::time::Instant::now();
    for _ in 0..runs {
        std::hint::black_box(templates.home_page(&site, &home).expect("renders"));
    }
    println!("home page: {:?} per render", start.elapsed() / runs);
}
