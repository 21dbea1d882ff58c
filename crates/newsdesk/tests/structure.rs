//! The newsroom's structure, edited in the desk: sections (address, words, order,
//! visibility, deletion), topics (rename, merge, delete, the typeahead) and author
//! profiles — every old address answering 301, every change reaching pages and search
//! through the change log, and only editors and administrators allowed in.

use crate::common;

use common::desk::{Browser, sign_in};
use common::{TestApp, fixture, select, text_of};
use newsdesk_core::{Role, Slug};

fn location(res: &common::Response) -> (u16, String) {
    (res.status.as_u16(), res.header("location").to_owned())
}

fn nav(res: &common::Response) -> Vec<String> {
    select(&res.html(), "nav.sections a")
        .iter()
        .map(text_of)
        .collect()
}

fn result_headlines(res: &common::Response) -> Vec<String> {
    select(&res.html(), ".search-result .teaser-headline")
        .iter()
        .map(text_of)
        .collect()
}

/// Every field of a section's form, with the given changes.
fn section_form<'a>(
    name: &'a str,
    slug: &'a str,
    more: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("action", "save"),
        ("name", name),
        ("slug", slug),
        ("description", ""),
        ("seo_title", ""),
        ("seo_description", ""),
        ("position", "0"),
    ];
    for (k, v) in more {
        fields.retain(|(key, _)| key != k);
        fields.push((k, v));
    }
    fields
}

async fn editor(t: &TestApp) -> Browser {
    sign_in(t, "editor@example.com", Role::Editor).await
}

async fn a_new_section_address_answers_301_for_its_front_feeds_and_stories(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let story = fixture::published(&t.store, news.id, "Council approves budget", 5).await;
    // The story moved once already: its first address has its own redirect.
    let mut input = newsdesk_store::ArticleInput::from_article(&story);
    input.slug = Slug::parse("council-budget-approved").unwrap();
    let story = t
        .store
        .update_article(story.id, story.version, &input, None)
        .await
        .unwrap();
    t.catch_up().await;
    assert_eq!(
        t.get("/news/").await.status,
        200,
        "cached before the change"
    );

    let ed = editor(&t).await;
    let fields = section_form(
        "Home news",
        "home-news",
        &[
            ("description", "What is happening near you."),
            ("seo_title", "Local news from every town"),
            ("seo_description", "Councils, courts and schools."),
        ],
    );
    let res = ed
        .post(&t, &format!("/admin/sections/{}", news.id), &fields)
        .await;
    assert_eq!(
        location(&res),
        (303, format!("/admin/sections/{}?saved=1", news.id))
    );
    t.catch_up().await;

    for (old, new) in [
        ("/news/", "/home-news/"),
        ("/news", "/home-news/"),
        ("/news/feed.xml", "/home-news/feed.xml"),
        ("/news/atom.xml", "/home-news/atom.xml"),
        ("/news/feed.json", "/home-news/feed.json"),
        (
            "/news/council-budget-approved",
            "/home-news/council-budget-approved",
        ),
        // The story's own older address: one hop to where it lives now.
        (
            "/news/council-approves-budget",
            "/home-news/council-budget-approved",
        ),
        ("/news/?page=2", "/home-news/?page=2"),
    ] {
        assert_eq!(location(&t.get(old).await), (301, new.to_owned()), "{old}");
    }
    let front = t.get("/home-news/").await;
    assert_eq!(front.status, 200);
    let html = front.html();
    assert_eq!(
        text_of(&select(&html, "title")[0]),
        format!("Local news from every town — {}", t.app.site().name)
    );
    assert_eq!(
        select(&html, "meta[name=description]")[0]
            .value()
            .attr("content"),
        Some("Councils, courts and schools.")
    );
    assert!(front.text().contains("What is happening near you."));
    assert_eq!(nav(&front), ["Home news"]);
    assert_eq!(
        t.get(&format!("/home-news/{}", story.slug)).await.status,
        200
    );

    // The rename's change-log row names the stories, the list and the navigation.
    let changes = t.store.changes_after(0, 1000).await.unwrap();
    let row = changes
        .iter()
        .rev()
        .find(|c| c.object == format!("section:{}", news.id))
        .unwrap();
    for key in [
        format!("article:{}", story.id),
        format!("list:section:{}", news.id),
        "site".to_owned(),
    ] {
        assert!(row.keys().any(|k| k == key), "{key} in {}", row.keys);
    }
    let audited: Vec<String> = t
        .store
        .audit_events(10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.2)
        .collect();
    assert!(audited.contains(&"section.update".to_owned()));

    // A new section may take the old address back; then it is simply that section's.
    let res = ed
        .post(&t, "/admin/sections", &[("name", "News"), ("slug", "news")])
        .await;
    assert_eq!(res.status, 303, "{}", res.text());
    t.catch_up().await;
    assert_eq!(t.get("/news/").await.status, 200);
    let page = ed.get(&t, &format!("/admin/sections/{}", news.id)).await;
    assert!(!page.text().contains("Old addresses"));
}

async fn navigation_order_and_hiding_reach_every_page_through_the_change_log(t: TestApp) {
    let a = fixture::section(&t.store, "arts", "Arts", 0).await;
    let b = fixture::section(&t.store, "business", "Business", 1).await;
    let c = fixture::section(&t.store, "comment", "Comment", 2).await;
    let story = fixture::published(&t.store, b.id, "Markets rally", 5).await;
    t.catch_up().await;
    assert_eq!(nav(&t.get("/").await), ["Arts", "Business", "Comment"]);
    assert_eq!(nav(&t.get("/arts/").await), ["Arts", "Business", "Comment"]);

    let ed = editor(&t).await;
    let res = ed
        .post(
            &t,
            &format!("/admin/sections/{}", c.id),
            &[("action", "up")],
        )
        .await;
    assert_eq!(location(&res), (303, "/admin/sections?saved=1".to_owned()));
    t.catch_up().await;
    assert_eq!(nav(&t.get("/").await), ["Arts", "Comment", "Business"]);
    assert_eq!(nav(&t.get("/arts/").await), ["Arts", "Comment", "Business"]);

    let fields = section_form(
        "Business",
        "business",
        &[("hidden", "1"), ("position", "1")],
    );
    let res = ed
        .post(&t, &format!("/admin/sections/{}", b.id), &fields)
        .await;
    assert_eq!(res.status, 303, "{}", res.text());
    t.catch_up().await;
    for page in ["/", "/arts/", "/business/"] {
        assert_eq!(nav(&t.get(page).await), ["Arts", "Comment"], "{page}");
    }
    assert_eq!(
        t.get("/business/").await.status,
        200,
        "a hidden section keeps its front"
    );
    assert_eq!(
        location(&t.get("/business").await),
        (301, "/business/".to_owned())
    );
    let url = format!("/business/{}", story.slug);
    assert_eq!(t.get(&url).await.status, 200, "and its stories");
    let list = ed.get(&t, "/admin/sections").await;
    let rows: Vec<String> = select(&list.html(), ".desk-structure-list tbody tr")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter()
            .any(|r| r.contains("Business") && r.contains("Hidden")),
        "{rows:?}"
    );
    let _ = a;
}

async fn a_section_is_deleted_only_when_empty_or_by_moving_its_stories(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let world = fixture::section(&t.store, "world", "World", 1).await;
    let empty = fixture::section(&t.store, "empty", "Empty", 2).await;
    let story = fixture::published(&t.store, world.id, "Summit ends in agreement", 5).await;
    t.catch_up().await;
    let ed = editor(&t).await;
    let world_url = format!("/admin/sections/{}", world.id);

    let res = ed.post(&t, &world_url, &[("action", "delete")]).await;
    assert_eq!(res.status, 422);
    assert!(
        res.text().contains("choose a section to move them to"),
        "{}",
        res.text()
    );
    let to_itself = world.id.to_string();
    let res = ed
        .post(
            &t,
            &world_url,
            &[("action", "delete"), ("move_to", &to_itself)],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.text()
            .contains("cannot move to the section being deleted")
    );
    assert!(
        t.store.section(world.id).await.unwrap().is_some(),
        "nothing was deleted"
    );

    let to_news = news.id.to_string();
    let res = ed
        .post(
            &t,
            &world_url,
            &[("action", "delete"), ("move_to", &to_news)],
        )
        .await;
    assert_eq!(
        location(&res),
        (303, "/admin/sections?deleted=1".to_owned())
    );
    assert!(t.store.section(world.id).await.unwrap().is_none());
    let moved = t.store.article(story.id).await.unwrap().unwrap();
    assert_eq!(moved.section_id, news.id);
    t.catch_up().await;
    let new_url = format!("/news/{}", story.slug);
    assert_eq!(t.get(&new_url).await.status, 200);
    let old_url = format!("/world/{}", story.slug);
    assert_eq!(location(&t.get(&old_url).await), (301, new_url));
    assert_eq!(
        location(&t.get("/world/").await),
        (301, "/news/".to_owned())
    );
    assert_eq!(nav(&t.get("/").await), ["News", "Empty"]);

    let res = ed
        .post(
            &t,
            &format!("/admin/sections/{}", empty.id),
            &[("action", "delete")],
        )
        .await;
    assert_eq!(res.status, 303);
    t.catch_up().await;
    assert_eq!(t.get("/empty/").await.status, 404);
    assert_eq!(nav(&t.get("/").await), ["News"]);
}

async fn topics_are_renamed_merged_and_deleted(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let flood = fixture::tag(&t.store, "flood", "Flood").await;
    let floods = fixture::tag(&t.store, "floods", "Floods").await;
    let mut both = fixture::story(news.id, "River bursts its banks", 5);
    both.tag_ids = vec![flood.id, floods.id];
    let both = t.store.create_article(&both, None).await.unwrap();
    let mut one = fixture::story(news.id, "Sandbags handed out", 10);
    one.tag_ids = vec![flood.id];
    let one = t.store.create_article(&one, None).await.unwrap();
    t.catch_up().await;
    assert!(result_headlines(&t.get("/search?q=zephyrine").await).is_empty());

    let ed = editor(&t).await;
    let flood_url = format!("/admin/topics/{}", flood.id);
    let res = ed
        .post(
            &t,
            &flood_url,
            &[
                ("action", "save"),
                ("name", "Zephyrine floods"),
                ("slug", "flooding"),
                ("description", "Rivers and rain."),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.text());
    t.catch_up().await;
    assert_eq!(
        location(&t.get("/tag/flood").await),
        (301, "/tag/flooding".to_owned())
    );
    assert_eq!(
        location(&t.get("/tag/flood/feed.xml").await),
        (301, "/tag/flooding/feed.xml".to_owned())
    );
    let page = t.get("/tag/flooding").await;
    assert!(page.text().contains("Zephyrine floods") && page.text().contains("Rivers and rain."));
    // The rename re-indexed the topic's stories: they are found by its new name.
    let mut found = result_headlines(&t.get("/search?q=zephyrine").await);
    found.sort();
    assert_eq!(found, ["River bursts its banks", "Sandbags handed out"]);

    // Merge "Zephyrine floods" into "Floods": every story has Floods once, the old
    // addresses answer with Floods' page.
    let res = ed
        .post(&t, &flood_url, &[("action", "merge"), ("into", "Floods")])
        .await;
    assert_eq!(
        location(&res),
        (303, format!("/admin/topics/{}?saved=1", floods.id))
    );
    assert!(t.store.tag(flood.id).await.unwrap().is_none());
    for story in [&both, &one] {
        let tags = t.store.article(story.id).await.unwrap().unwrap().tag_ids;
        assert_eq!(tags, [floods.id], "{}", story.headline);
    }
    t.catch_up().await;
    for (old, new) in [
        ("/tag/flooding", "/tag/floods"),
        ("/tag/flood", "/tag/floods"),
        ("/tag/flood/atom.xml", "/tag/floods/atom.xml"),
    ] {
        assert_eq!(location(&t.get(old).await), (301, new.to_owned()), "{old}");
    }
    let floods_page = t.get("/tag/floods").await;
    assert!(floods_page.text().contains("Sandbags handed out"));

    let res = ed
        .post(
            &t,
            &format!("/admin/topics/{}", floods.id),
            &[("action", "delete")],
        )
        .await;
    assert_eq!(location(&res), (303, "/admin/topics?deleted=1".to_owned()));
    assert!(
        t.store
            .article(both.id)
            .await
            .unwrap()
            .unwrap()
            .tag_ids
            .is_empty()
    );
    t.catch_up().await;
    assert_eq!(t.get("/tag/floods").await.status, 404);
    assert_eq!(
        t.get("/tag/flood").await.status,
        404,
        "its old addresses went with it"
    );
    let audited: Vec<String> = t
        .store
        .audit_events(20)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.2)
        .collect();
    for action in ["tag.update", "tag.merge", "tag.delete"] {
        assert!(audited.contains(&action.to_owned()), "{action}");
    }
}

async fn author_profiles_are_made_edited_renamed_and_linked_to_a_login(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let admin = sign_in(&t, "admin@example.com", Role::Admin).await;
    let writer = sign_in(&t, "writer@example.com", Role::Author).await;
    let writer_id = t
        .store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "writer@example.com")
        .unwrap()
        .id;
    let _ = writer;
    let res = admin
        .post(
            &t,
            "/admin/authors",
            &[("name", "Jane Doe"), ("job_title", "Reporter")],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.text());
    let edit_url = res.header("location").split('?').next().unwrap().to_owned();
    let author = t.store.author_by_slug("jane-doe").await.unwrap().unwrap();
    assert_eq!(edit_url, format!("/admin/authors/{}", author.id));
    let mut input = fixture::story(news.id, "Ferry timetable changes", 5);
    input.author_ids = vec![author.id];
    let story = t.store.create_article(&input, None).await.unwrap();
    t.catch_up().await;
    assert_eq!(t.get("/author/jane-doe").await.status, 200);

    let photo = fixture::photo(&t.store, &t.media, 7, "Jane", "Jane Doe", "").await;
    let photo_id = photo.id.to_string();
    let login = writer_id.to_string();
    let fields = [
        ("action", "save"),
        ("name", "Quillon Brightwater"),
        ("slug", "quillon-brightwater"),
        ("job_title", "Transport correspondent"),
        ("description", "Covers ferries and trains."),
        (
            "links",
            "https://example.social/@quillon\r\n\r\nhttps://quillon.example.com/",
        ),
        ("photo_id", &photo_id),
        ("login_id", &login),
    ];
    let bad_links = [("links", "javascript:alert(1)")];
    let mut refused: Vec<(&str, &str)> = fields.to_vec();
    refused.retain(|(k, _)| *k != "links");
    refused.extend(bad_links);
    let res = admin.post(&t, &edit_url, &refused).await;
    assert_eq!(res.status, 422);
    assert!(
        res.text()
            .contains("line 1 of the links is not a web address")
    );
    assert_eq!(
        t.store.author(author.id).await.unwrap().unwrap().name,
        "Jane Doe"
    );

    let res = admin.post(&t, &edit_url, &fields).await;
    assert_eq!(res.status, 303, "{}", res.text());
    let saved = t.store.author(author.id).await.unwrap().unwrap();
    assert_eq!(saved.photo_media_id, Some(photo.id));
    let linked = t.store.user(writer_id).await.unwrap().unwrap();
    assert_eq!(
        linked.author_id,
        Some(author.id),
        "the login writes under the byline"
    );
    t.catch_up().await;

    let page = t.get("/author/quillon-brightwater").await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Transport correspondent"));
    let links: Vec<String> = select(&page.html(), "a[rel=me]")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(
        links,
        [
            "https://example.social/@quillon",
            "https://quillon.example.com/"
        ]
    );
    assert_eq!(
        location(&t.get("/author/jane-doe").await),
        (301, "/author/quillon-brightwater".to_owned())
    );
    assert_eq!(
        location(&t.get("/author/jane-doe/feed.json").await),
        (301, "/author/quillon-brightwater/feed.json".to_owned())
    );
    assert_eq!(
        result_headlines(&t.get("/search?q=quillon").await),
        [story.headline]
    );

    // An editor edits profiles but does not move logins between bylines.
    let ed = editor(&t).await;
    let mut by_editor: Vec<(&str, &str)> = fields.to_vec();
    by_editor.retain(|(k, _)| *k != "login_id");
    by_editor.push(("login_id", "0"));
    let res = ed.post(&t, &edit_url, &by_editor).await;
    assert_eq!(res.status, 303);
    let still = t.store.user(writer_id).await.unwrap().unwrap();
    assert_eq!(still.author_id, Some(author.id));
}

async fn contributors_and_authors_are_refused_every_structure_route(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let tag = fixture::tag(&t.store, "iraq", "Iraq").await;
    let author = fixture::author(&t.store, "jane", "Jane", "").await;
    let pages = [
        "/admin/sections".to_owned(),
        format!("/admin/sections/{}", news.id),
        "/admin/topics".to_owned(),
        format!("/admin/topics/{}", tag.id),
        "/admin/authors".to_owned(),
        format!("/admin/authors/{}", author.id),
    ];
    for (email, role) in [
        ("c@example.com", Role::Contributor),
        ("a@example.com", Role::Author),
    ] {
        let who = sign_in(&t, email, role).await;
        for page in &pages {
            assert_eq!(who.get(&t, page).await.status, 403, "{role:?} GET {page}");
            let res = who
                .post(&t, page, &[("name", "Taken over"), ("action", "delete")])
                .await;
            assert_eq!(res.status, 403, "{role:?} POST {page}");
        }
        // Choosing topics while writing is for everyone at the desk.
        assert_eq!(who.get(&t, "/admin/topics/suggest?q=ir").await.status, 200);
    }
    assert_eq!(
        t.store.section(news.id).await.unwrap().unwrap().name,
        "News"
    );
    assert!(t.store.tag(tag.id).await.unwrap().is_some());
    assert_eq!(t.store.sections().await.unwrap().len(), 1);
    // Without a session: the sign-in page, and no topics.
    assert_eq!(location(&t.get("/admin/sections").await).0, 303);
    assert_eq!(t.get("/admin/topics/suggest?q=ir").await.status, 403);
}

/// Where a form is posted, what it says, and what the refusal must say.
type Refusal<'a> = (String, Vec<(&'a str, &'a str)>, &'a str);

async fn bad_structure_input_is_refused_with_one_sentence_and_saves_nothing(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    fixture::section(&t.store, "world", "World", 1).await;
    let tag = fixture::tag(&t.store, "iraq", "Iraq").await;
    fixture::tag(&t.store, "syria", "Syria").await;
    let ed = editor(&t).await;
    let news_url = format!("/admin/sections/{}", news.id);
    let cases: Vec<Refusal> = vec![
        (
            "/admin/sections".into(),
            vec![("name", "  ")],
            "needs a name",
        ),
        (
            "/admin/sections".into(),
            vec![("name", "Admin"), ("slug", "admin")],
            "reserved",
        ),
        (
            "/admin/sections".into(),
            vec![("name", "World"), ("slug", "world")],
            "already taken",
        ),
        (
            news_url.clone(),
            section_form("News", "Not A Slug", &[]),
            "cannot be used",
        ),
        (
            news_url.clone(),
            section_form("News", "world", &[]),
            "already taken",
        ),
        (
            news_url.clone(),
            section_form("News", "news", &[("position", "first")]),
            "whole number",
        ),
        (
            news_url.clone(),
            section_form("", "news", &[]),
            "needs a name",
        ),
        (
            format!("/admin/topics/{}", tag.id),
            vec![("action", "save"), ("name", "Iraq"), ("slug", "syria")],
            "already taken",
        ),
        (
            format!("/admin/topics/{}", tag.id),
            vec![("action", "merge"), ("into", "Atlantis")],
            "no topic is called",
        ),
        (
            format!("/admin/topics/{}", tag.id),
            vec![("action", "merge"), ("into", "Iraq")],
            "cannot be merged into itself",
        ),
        ("/admin/authors".into(), vec![("name", "")], "needs a name"),
    ];
    for (url, fields, says) in cases {
        let res = ed.post(&t, &url, &fields).await;
        assert_eq!(res.status, 422, "{url} {fields:?}");
        let note = select(&res.html(), ".form-note")
            .first()
            .map(text_of)
            .unwrap_or_default();
        assert!(note.contains(says), "{url} {fields:?}: {note}");
    }
    assert_eq!(
        t.store
            .section(news.id)
            .await
            .unwrap()
            .unwrap()
            .slug
            .as_str(),
        "news"
    );
    assert_eq!(t.store.sections().await.unwrap().len(), 2);
    assert_eq!(
        t.store.tag(tag.id).await.unwrap().unwrap().slug.as_str(),
        "iraq"
    );
    for missing in [
        "/admin/sections/999",
        "/admin/topics/999",
        "/admin/authors/abc",
    ] {
        assert_eq!(ed.get(&t, missing).await.status, 404, "{missing}");
        assert_eq!(
            ed.post(&t, missing, &[("name", "X")]).await.status,
            404,
            "{missing}"
        );
    }
}

async fn the_topic_typeahead_answers_from_fifty_thousand_topics(t: TestApp) {
    t.store
        .execute_admin(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) \
             INSERT INTO tags (slug, name, description) SELECT 'topic-' || i, 'Topic ' || i, '' FROM n",
        )
        .await
        .unwrap();
    for (slug, name) in [
        ("church-of-england", "Church of England"),
        ("churchill", "Churchill"),
        ("church-times", "Church Times"),
        ("cathedral-st-pauls", "St Paul’s"),
    ] {
        fixture::tag(&t.store, slug, name).await;
    }
    let ed = editor(&t).await;
    let names = |res: common::Response| -> Vec<String> {
        assert_eq!(res.status, 200);
        assert!(res.header("content-type").starts_with("application/json"));
        let found: serde_json::Value = serde_json::from_slice(&res.body).unwrap();
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        names(ed.get(&t, "/admin/topics/suggest?q=chur").await),
        ["Church of England", "Church Times", "Churchill"]
    );
    assert_eq!(
        names(ed.get(&t, "/admin/topics/suggest?q=Church%20of").await),
        ["Church of England"]
    );
    // By name where the address differs.
    assert_eq!(
        names(ed.get(&t, "/admin/topics/suggest?q=st%20paul").await),
        ["St Paul’s"]
    );
    let many = names(ed.get(&t, "/admin/topics/suggest?q=topic%204999").await);
    assert_eq!(many.len(), 10, "at most ten");
    assert_eq!(many[0], "Topic 4999");
    assert!(many.iter().all(|n| n.starts_with("Topic 4999")));
    assert!(names(ed.get(&t, "/admin/topics/suggest?q=zzz").await).is_empty());
    assert!(names(ed.get(&t, "/admin/topics/suggest?q=%25%27").await).is_empty());

    // The desk's topic list pages and searches the same way.
    let list = ed.get(&t, "/admin/topics?q=chur").await;
    assert_eq!(
        select(&list.html(), ".desk-structure-list tbody tr").len(),
        3
    );
    let first = ed.get(&t, "/admin/topics").await;
    assert_eq!(
        select(&first.html(), ".desk-structure-list tbody tr").len(),
        50
    );
    assert_eq!(select(&first.html(), "a[rel=next]").len(), 1);
    let later = ed.get(&t, "/admin/topics?page=40").await;
    assert_eq!(later.status, 200);
    // And the story editor does not list fifty thousand checkboxes.
    let new_story = ed.get(&t, "/admin/stories/new").await;
    assert!(select(&new_story.html(), "input[name=tag]").len() < 100);
    assert_eq!(
        select(&new_story.html(), "input[name=topic_names]").len(),
        1
    );
}

async fn the_editor_adds_topics_by_name_without_javascript(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let housing = fixture::tag(&t.store, "housing", "Housing").await;
    let ed = editor(&t).await;
    let section = news.id.to_string();
    let edit = ed
        .new_story(
            &t,
            &[
                ("headline", "Rents rise again"),
                ("section_id", &section),
                ("topic_names", "housing, Renters’ rights ,"),
            ],
        )
        .await;
    let id = common::desk::story_id(&edit);
    let made = t
        .store
        .tag_by_slug("renters-rights")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(made.name, "Renters’ rights");
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(story.tag_ids, [housing.id, made.id]);

    // Someone who may not add topics is told so, and nothing is saved.
    let reporter = sign_in(&t, "rep@example.com", Role::Contributor).await;
    let res = reporter
        .post(
            &t,
            "/admin/stories/new",
            &[
                ("headline", "Another"),
                ("section_id", &section),
                ("topic_names", "Brand new topic"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.text().contains("only editors add topics"));
    assert!(
        t.store
            .tag_by_slug("brand-new-topic")
            .await
            .unwrap()
            .is_none()
    );
    let res = reporter
        .post(
            &t,
            "/admin/stories/new",
            &[
                ("headline", "Another"),
                ("section_id", &section),
                ("topic_names", "Housing"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "an existing topic by name is fine");
}

db_tests!(
    a_new_section_address_answers_301_for_its_front_feeds_and_stories,
    navigation_order_and_hiding_reach_every_page_through_the_change_log,
    a_section_is_deleted_only_when_empty_or_by_moving_its_stories,
    topics_are_renamed_merged_and_deleted,
    author_profiles_are_made_edited_renamed_and_linked_to_a_login,
    contributors_and_authors_are_refused_every_structure_route,
    bad_structure_input_is_refused_with_one_sentence_and_saves_nothing,
    the_topic_typeahead_answers_from_fifty_thousand_topics,
    the_editor_adds_topics_by_name_without_javascript,
);
