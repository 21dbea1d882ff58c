//! The public site, as a reader's browser and an HTTP cache see it, on both databases.

use crate::common;

use common::fixture::{self, Newsroom};
use common::{TestApp, select, text_of};
use newsdesk_store::ArticleInput;
use std::io::Read;

async fn newsroom(t: &TestApp) -> Newsroom {
    let room = fixture::newsroom(&t.store, &t.media).await;
    t.catch_up().await;
    room
}

fn url_of(room: &Newsroom, a: &newsdesk_core::Article) -> String {
    let section = if a.section_id == room.world.id {
        "world"
    } else {
        "news"
    };
    format!("/{section}/{}", a.slug)
}

async fn article_page_shows_every_part_in_order(t: TestApp) {
    let room = newsroom(&t).await;
    let res = t.get(&url_of(&room, &room.lead)).await;
    assert_eq!(res.status, 200);
    let html = res.html();

    // Every part is there, inside the one <article>, in reading order.
    let article = select(&html, "main article")
        .into_iter()
        .next()
        .expect("an <article> in <main>");
    let order = [
        ".section-label",
        "h1",
        ".standfirst",
        "figure.lead",
        ".byline",
        "time.published",
        ".body",
        ".tags",
    ];
    let article_html = article.html();
    let mut last = 0;
    for css in order {
        let el = select(&html, &format!("main article {css}"))
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{css} missing"));
        let at = article_html
            .find(&el.html())
            .unwrap_or_else(|| panic!("{css} not inside the article"));
        assert!(at >= last, "{css} is out of order");
        last = at;
    }

    assert_eq!(
        text_of(&select(&html, "main article .section-label")[0]),
        "News"
    );
    assert_eq!(
        select(&html, "main article .section-label")[0]
            .value()
            .attr("href"),
        Some("/news/")
    );
    assert_eq!(
        text_of(&select(&html, "main article h1")[0]),
        "Blast hits market in Basra as talks resume"
    );
    assert_eq!(
        text_of(&select(&html, "main article .standfirst")[0]),
        "Standfirst of Blast hits market in Basra as talks resume."
    );

    // Lead photo: figure > img with srcset, sizes, width, height; caption and credit apart.
    let img = select(&html, "figure.lead img")[0].value();
    assert!(
        img.attr("srcset").unwrap().contains("320w"),
        "srcset lists renditions"
    );
    assert!(
        img.attr("sizes").is_some() && img.attr("width").is_some() && img.attr("height").is_some()
    );
    assert_eq!(img.attr("alt"), Some("Smoke over a market street"));
    assert_ne!(
        img.attr("loading"),
        Some("lazy"),
        "the lead image is above the fold"
    );
    assert_eq!(
        text_of(&select(&html, "figure.lead figcaption .caption")[0]),
        "Smoke rises over a market in Basra, Iraq."
    );
    assert_eq!(
        text_of(&select(&html, "figure.lead figcaption .credit")[0]),
        "AP"
    );

    // Bylines link to author pages, in byline order.
    let authors: Vec<_> = select(&html, ".byline a")
        .iter()
        .map(|a| (text_of(a), a.value().attr("href").unwrap().to_owned()))
        .collect();
    assert_eq!(
        authors,
        [
            ("Jane Hollis".to_owned(), "/author/jane-hollis".to_owned()),
            ("Sam Okafor".to_owned(), "/author/sam-okafor".to_owned())
        ]
    );
    let published = select(&html, "time.published")[0]
        .value()
        .attr("datetime")
        .unwrap()
        .to_owned();
    assert!(
        jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%:z", &published).is_ok()
            || published.parse::<jiff::Timestamp>().is_ok(),
        "{published}"
    );
    assert!(
        select(&html, "time.updated").is_empty(),
        "never updated, so no updated time"
    );

    // Body structure survived Markdown and the sanitizer.
    assert_eq!(select(&html, ".body h2").len(), 1);
    assert_eq!(select(&html, ".body blockquote").len(), 1);
    let tags: Vec<_> = select(&html, ".tags a").iter().map(text_of).collect();
    assert_eq!(tags, ["Iraq", "Housing"]);

    // The rail comes after the article, headed by the section's name, with the 5 latest
    // other News stories, each a linked headline and its standfirst.
    let page = res.text();
    assert!(
        page.find("</article>").unwrap() < page.find("<aside class=\"rail").expect("rail aside")
    );
    let rail = select(&html, "aside.rail section[aria-labelledby=rail-heading]")[0];
    assert_eq!(text_of(&select(&html, "aside.rail h2")[0]), "News");
    let rail_links: Vec<_> = rail
        .select(&scraper::Selector::parse("a[href^='/news/']").unwrap())
        .filter(|a| a.value().attr("href") != Some("/news/"))
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let expected: std::collections::BTreeSet<_> = room.news_others[..5]
        .iter()
        .map(|a| url_of(&room, a))
        .collect();
    assert_eq!(
        rail_links
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>(),
        expected
    );
    assert!(
        rail.html()
            .contains("Standfirst of Older news story number 0.")
    );
    assert!(
        !rail.html().contains("Blast hits market"),
        "the rail leaves out the story itself"
    );
}

async fn updated_time_and_corrections_show_after_a_correction(t: TestApp) {
    let room = newsroom(&t).await;
    let url = url_of(&room, &room.lead);
    assert_eq!(t.get(&url).await.status, 200);
    let at = newsdesk_core::now() + 600;
    let c = newsdesk_store::CorrectionInput {
        kind: "correction".into(),
        body: "An earlier version of this article misstated the city.".into(),
        published_at: at,
    };
    t.store.add_correction(room.lead.id, &c).await.unwrap();
    t.catch_up().await;
    let html = t.get(&url).await.html();
    assert_eq!(select(&html, "time.updated").len(), 1);
    let corrections = select(&html, "main article .corrections");
    assert_eq!(corrections.len(), 1);
    assert!(text_of(&corrections[0]).contains("misstated the city"));
}

async fn fronts_list_teasers_with_paging(t: TestApp) {
    let _room = newsroom(&t).await;
    let home = t.get("/").await;
    assert_eq!(home.status, 200);
    let text = home.text();
    assert!(
        text.contains("Blast hits market in Basra"),
        "the lead story is on the home page"
    );
    assert!(text.contains("Synod votes on the future"));

    let front = t.get("/news/").await;
    assert_eq!(front.status, 200);
    assert_eq!(select(&front.html(), "main article.teaser").len(), 7);
    assert_eq!(
        t.get("/news").await.status,
        301,
        "section without slash redirects permanently"
    );

    let tag = t.get("/tag/housing").await;
    assert_eq!(tag.status, 200);
    assert_eq!(select(&tag.html(), "main article.teaser").len(), 2);
    let author = t.get("/author/jane-hollis").await;
    assert_eq!(author.status, 200);
    assert!(author.text().contains("Jane covers the Middle East."));
    assert_eq!(select(&author.html(), "main article.teaser").len(), 1);

    // Paging: 3 per page makes 3 pages of News, linked by rel=prev/next.
    let mut settings = common::test_settings();
    settings.page_size = 3;
    let t3 = TestApp::start_with(t.store.backend(), settings).await;
    let _ = fixture::newsroom(&t3.store, &t3.media).await;
    t3.catch_up().await;
    let p1 = t3.get("/news/").await.html();
    assert_eq!(select(&p1, "main article.teaser").len(), 3);
    assert!(select(&p1, "link[rel=prev]").is_empty());
    assert_eq!(
        select(&p1, "link[rel=next]")[0].value().attr("href"),
        Some("/news/?page=2")
    );
    let p2 = t3.get("/news/?page=2").await.html();
    assert_eq!(
        select(&p2, "link[rel=prev]")[0].value().attr("href"),
        Some("/news/")
    );
    assert_eq!(
        select(&p2, "link[rel=next]")[0].value().attr("href"),
        Some("/news/?page=3")
    );
    let p3 = t3.get("/news/?page=3").await.html();
    assert_eq!(select(&p3, "main article.teaser").len(), 1);
    assert!(select(&p3, "link[rel=next]").is_empty());
    assert!(
        !select(&p3, "a[rel=prev]").is_empty(),
        "a visible pager link back"
    );
    assert_eq!(t3.get("/news/?page=4").await.status, 404);
}

async fn unknown_pages_answer_404_in_the_site_chrome(t: TestApp) {
    let _room = newsroom(&t).await;
    for path in [
        "/nope/",
        "/news/no-such-story",
        "/tag/nope",
        "/author/nobody",
        "/news/?page=abc",
        "/news/?page=0",
        "/a/b/c",
        "/media/deadbeef.jpg",
        "/media/..%2F..%2Fetc%2Fpasswd",
    ] {
        let res = t.get(path).await;
        assert_eq!(res.status, 404, "{path}");
        let html = res.html();
        assert!(
            !select(&html, "header").is_empty(),
            "{path}: the 404 looks like the site"
        );
        assert!(
            !select(&html, "nav a[href='/news/']").is_empty(),
            "{path}: navigation is there"
        );
        assert!(
            !select(&html, "form[action='/search'] input[name=q]").is_empty(),
            "{path}: a way on"
        );
    }
}

async fn unpublished_and_embargoed_stories_are_invisible(t: TestApp) {
    let room = newsroom(&t).await;
    let mut embargoed = fixture::story(room.news.id, "Embargoed budget details leak", 5);
    embargoed.embargo_until = Some(newsdesk_core::now() + 3600);
    embargoed.tag_ids = vec![room.iraq.id];
    let embargoed = t.store.create_article(&embargoed, None).await.unwrap();
    let mut draft = fixture::story(room.news.id, "Draft story about nothing yet", 1);
    draft.state = newsdesk_core::State::Draft;
    draft.published_at = None;
    draft.first_published_at = None;
    let draft = t.store.create_article(&draft, None).await.unwrap();
    t.catch_up().await;
    for a in [&embargoed, &draft] {
        assert_eq!(t.get(&url_of(&room, a)).await.status, 404);
        for list in ["/", "/news/", "/tag/iraq", &url_of(&room, &room.lead)] {
            assert!(
                !t.get(list).await.text().contains(&a.headline),
                "{} shows on {list}",
                a.headline
            );
        }
    }
}

async fn a_story_appears_everywhere_when_its_embargo_ends(t: TestApp) {
    let room = newsroom(&t).await;
    let lead = url_of(&room, &room.lead);
    let mut input = fixture::story(
        room.news.id,
        "Report embargoed until the stroke of the hour",
        0,
    );
    input.embargo_until = Some(newsdesk_core::now() + 2);
    input.tag_ids = vec![room.iraq.id];
    let story = t.store.create_article(&input, None).await.unwrap();
    t.catch_up().await;
    let pages = ["/", "/news/", "/tag/iraq", lead.as_str()];
    for p in pages {
        assert!(
            !t.get(p).await.text().contains(&story.headline),
            "{p} before the embargo"
        );
        assert_eq!(
            t.get(p).await.header("x-cache"),
            "HIT",
            "{p} is cached without the story"
        );
    }
    // A second node over the same database.
    let other = t.other_node().await;
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    t.catch_up().await;
    other.catch_up().await.unwrap();
    for p in pages {
        let res = t.get(p).await;
        assert!(
            res.text().contains(&story.headline),
            "{p} shows the story once the embargo ends"
        );
    }
    assert_eq!(t.get(&url_of(&room, &story)).await.status, 200);
    // The end of the embargo is one change-log row, written by one of the two nodes, that
    // every node (and the purge sender, search and webhooks) follows like any other.
    let lifts: Vec<_> = t
        .store
        .changes_after(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.action == "embargo-lift")
        .collect();
    assert_eq!(lifts.len(), 1, "{lifts:?}");
    assert_eq!(lifts[0].object, format!("article:{}", story.id));
    for key in [
        "list:home",
        &format!("list:section:{}", room.news.id),
        "sitemap",
    ] {
        assert!(
            lifts[0].keys().any(|k| k == key),
            "{key} in {}",
            lifts[0].keys
        );
    }
}

async fn etag_answers_304_and_encodings_are_negotiated(t: TestApp) {
    let room = newsroom(&t).await;
    let url = url_of(&room, &room.lead);
    let first = t.get(&url).await;
    let etag = first.header("etag").to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "a strong ETag: {etag}"
    );
    assert!(first.header("cache-control").contains("public"));
    assert!(
        first
            .header("surrogate-key")
            .split(' ')
            .any(|k| k == format!("article:{}", room.lead.id))
    );
    assert_eq!(first.header("surrogate-key"), first.header("xkey"));

    let again = t.get_with(&url, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), etag);
    let other = t
        .get_with(&url, &[("if-none-match", "\"something-else\"")])
        .await;
    assert_eq!(other.status, 200);

    let gz = t.get_with(&url, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.header("content-encoding"), "gzip");
    assert_ne!(
        gz.header("etag"),
        etag,
        "each encoding has its own strong ETag"
    );
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&gz.body[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, first.body);

    let br = t
        .get_with(&url, &[("accept-encoding", "gzip, deflate, br")])
        .await;
    assert_eq!(br.header("content-encoding"), "br");
    let mut unbrotli = Vec::new();
    brotli::Decompressor::new(&br.body[..], 4096)
        .read_to_end(&mut unbrotli)
        .unwrap();
    assert_eq!(unbrotli, first.body);
    let refused = t
        .get_with(&url, &[("accept-encoding", "br;q=0, gzip")])
        .await;
    assert_eq!(refused.header("content-encoding"), "gzip");
    assert_eq!(
        t.get_with(
            &url,
            &[
                ("if-none-match", br.header("etag")),
                ("accept-encoding", "br")
            ]
        )
        .await
        .status,
        304
    );
}

async fn an_edit_rerenders_exactly_the_pages_that_show_it(t: TestApp) {
    let room = newsroom(&t).await;
    let lead = url_of(&room, &room.lead);
    let world = url_of(&room, &room.world_story);
    // An old News story beyond the rail's five: its page does not show the lead story
    // … except that its rail does. Pick the World story and fronts instead.
    let pages = [
        lead.as_str(),
        "/news/",
        "/",
        world.as_str(),
        "/world/",
        "/tag/general-synod",
        "/author/jane-hollis",
    ];
    for p in pages {
        assert_eq!(t.get(p).await.status, 200, "{p}");
        assert_eq!(
            t.get(p).await.header("x-cache"),
            "HIT",
            "{p} is cached after one visit"
        );
    }

    let mut input = ArticleInput::from_article(&room.lead);
    input.headline = "Blast hits market in Basra, killing three".into();
    t.store
        .update_article(room.lead.id, room.lead.version, &input, None)
        .await
        .unwrap();
    t.catch_up().await;

    for shows_it in [lead.as_str(), "/news/", "/", "/author/jane-hollis"] {
        let res = t.get(shows_it).await;
        assert_eq!(
            res.header("x-cache"),
            "MISS",
            "{shows_it} must be re-rendered"
        );
        assert!(
            res.text()
                .contains("Blast hits market in Basra, killing three"),
            "{shows_it} shows the edit"
        );
    }
    for unrelated in [world.as_str(), "/world/", "/tag/general-synod"] {
        assert_eq!(
            t.get(unrelated).await.header("x-cache"),
            "HIT",
            "{unrelated} must not be re-rendered"
        );
    }
}

async fn publishing_a_story_refreshes_its_section_and_leaves_others(t: TestApp) {
    let room = newsroom(&t).await;
    let world = url_of(&room, &room.world_story);
    let lead = url_of(&room, &room.lead);
    for p in ["/", "/news/", "/world/", lead.as_str(), world.as_str()] {
        t.get(p).await;
    }
    let input = fixture::story(room.news.id, "Fresh news lands on the front", 0);
    t.store.create_article(&input, None).await.unwrap();
    t.catch_up().await;
    for p in ["/", "/news/", lead.as_str()] {
        let res = t.get(p).await;
        assert_eq!(res.header("x-cache"), "MISS", "{p}");
        assert!(
            res.text().contains("Fresh news lands on the front"),
            "{p} lists the new story"
        );
    }
    for p in ["/world/", world.as_str()] {
        assert_eq!(t.get(p).await.header("x-cache"), "HIT", "{p}");
    }
}

async fn a_stale_save_is_refused_and_nothing_is_written(t: TestApp) {
    let room = newsroom(&t).await;
    let mut first = ArticleInput::from_article(&room.lead);
    first.headline = "First editor's headline".into();
    let saved = t
        .store
        .update_article(room.lead.id, room.lead.version, &first, None)
        .await
        .unwrap();
    assert_eq!(saved.version, room.lead.version + 1);
    let mut second = ArticleInput::from_article(&room.lead);
    second.headline = "Second editor's headline".into();
    let err = t
        .store
        .update_article(room.lead.id, room.lead.version, &second, None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, newsdesk_store::StoreError::Conflict { current, .. } if current == saved.version),
        "{err}"
    );
    let now = t.store.article(room.lead.id).await.unwrap().unwrap();
    assert_eq!(now.headline, "First editor's headline");
}

async fn media_is_served_forever_cacheable(t: TestApp) {
    let room = newsroom(&t).await;
    let res = t
        .get(&format!("/media/{}", room.photo.renditions[0].key))
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), "image/jpeg");
    assert!(res.header("cache-control").contains("immutable"));
    assert!(image::load_from_memory(&res.body).is_ok());
    let css = t.get("/static/site.css").await;
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").starts_with("text/css"));
}

async fn a_database_outage_shows_an_error_page_that_leaks_nothing(t: TestApp) {
    let room = newsroom(&t).await;
    t.store.close().await;
    let res = t.get(&url_of(&room, &room.lead)).await;
    assert_eq!(res.status, 503);
    let text = res.text().to_lowercase();
    assert!(
        text.contains("<header") || text.contains("<html"),
        "still a page of the site"
    );
    for leak in [
        "sqlx",
        "pool",
        "sqlite",
        "postgres",
        "database error",
        "panicked",
        ".rs:",
    ] {
        assert!(!text.contains(leak), "the error page mentions {leak:?}");
    }
    assert_eq!(t.get("/readyz").await.status, 503);
    assert_eq!(t.get("/healthz").await.status, 200);
}

async fn metrics_count_routes_and_cache_hits(t: TestApp) {
    let room = newsroom(&t).await;
    let url = url_of(&room, &room.lead);
    t.get(&url).await;
    t.get(&url).await;
    let metrics = t.get("/metrics").await.text();
    assert!(
        metrics
            .contains("newsdesk_http_requests_total{route=\"/{section}/{slug}\",status=\"200\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("newsdesk_page_cache_hits_total{kind=\"article\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("newsdesk_page_cache_misses_total{kind=\"article\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("newsdesk_http_request_duration_seconds_bucket"));
}

db_tests!(
    article_page_shows_every_part_in_order,
    updated_time_and_corrections_show_after_a_correction,
    fronts_list_teasers_with_paging,
    unknown_pages_answer_404_in_the_site_chrome,
    unpublished_and_embargoed_stories_are_invisible,
    a_story_appears_everywhere_when_its_embargo_ends,
    etag_answers_304_and_encodings_are_negotiated,
    an_edit_rerenders_exactly_the_pages_that_show_it,
    publishing_a_story_refreshes_its_section_and_leaves_others,
    a_stale_save_is_refused_and_nothing_is_written,
    media_is_served_forever_cacheable,
    a_database_outage_shows_an_error_page_that_leaks_nothing,
    metrics_count_routes_and_cache_hits,
);
