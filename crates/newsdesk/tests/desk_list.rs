//! The desk's own frame and its story list: navigation that follows the role, views with
//! counts (mine, drafts, in review, scheduled, published), orders, cursor paging that
//! neither skips nor repeats a story, and the editor's one primary action.

use crate::common;

use common::desk::{Browser, sign_in, story_id};
use common::{TestApp, fixture, select, text_of};
use newsdesk_core::{Role, State};

fn headlines(res: &common::Response) -> Vec<String> {
    select(&res.html(), ".desk-stories tbody td:first-child > a")
        .iter()
        .map(text_of)
        .collect()
}

fn link(res: &common::Response, css: &str) -> Option<String> {
    select(&res.html(), css)
        .first()
        .and_then(|a| a.value().attr("href"))
        .map(str::to_owned)
}

/// The list's pages from `start`, following "Next" to the end.
async fn every_page(t: &TestApp, who: &Browser, start: &str) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut at = Some(start.to_owned());
    while let Some(url) = at {
        let res = who.get(t, &url).await;
        assert_eq!(res.status, 200, "{url}");
        pages.push(headlines(&res));
        at = link(&res, ".pager a[rel=next]");
        assert!(pages.len() < 10, "paging never ends");
    }
    pages
}

async fn view(t: &TestApp, who: &Browser, name: &str) -> Vec<String> {
    headlines(&who.get(t, &format!("/admin/?view={name}")).await)
}

async fn cursor_paging_neither_skips_nor_repeats_and_goes_back(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    // Many stories saved in the same second: the id breaks the ties.
    for i in 0..120 {
        let mut story = fixture::story(news.id, &format!("Story number {i:03}"), 5);
        story.state = State::Draft;
        t.store.create_article(&story, None).await.unwrap();
    }
    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    for start in ["/admin/", "/admin/?view=all&sort=headline"] {
        let pages = every_page(&t, &editor, start).await;
        assert_eq!(
            pages.iter().map(Vec::len).collect::<Vec<_>>(),
            [50, 50, 20],
            "{start}"
        );
        let mut all: Vec<String> = pages.concat();
        if start.contains("headline") {
            let mut sorted = all.clone();
            sorted.sort();
            assert_eq!(all, sorted, "A to Z");
        }
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 120, "{start}: every story once");
    }
    // "Previous" from the last page gives exactly the middle page back.
    let first = editor.get(&t, "/admin/").await;
    let second_url = link(&first, ".pager a[rel=next]").unwrap();
    assert!(
        link(&first, ".pager a[rel=prev]").is_none(),
        "no way back from the first"
    );
    let second = editor.get(&t, &second_url).await;
    let third = editor
        .get(&t, &link(&second, ".pager a[rel=next]").unwrap())
        .await;
    let back = editor
        .get(&t, &link(&third, ".pager a[rel=prev]").unwrap())
        .await;
    assert_eq!(headlines(&back), headlines(&second));
    let back_again = editor
        .get(&t, &link(&back, ".pager a[rel=prev]").unwrap())
        .await;
    assert_eq!(headlines(&back_again), headlines(&first));
    assert!(link(&back_again, ".pager a[rel=prev]").is_none());
    // A cursor or an order that does not parse starts the list again.
    for bad in [
        "/admin/?after=nonsense",
        "/admin/?before=1~x&sort=saved",
        "/admin/?sort=sideways&after=%00~%00",
        "/admin/?view=nope",
    ] {
        let res = editor.get(&t, bad).await;
        assert_eq!(res.status, 200, "{bad}");
        assert_eq!(headlines(&res), headlines(&first), "{bad}");
    }
}

async fn views_show_mine_in_review_scheduled_and_published_with_counts(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let reporter = sign_in(&t, "rep@example.com", Role::Contributor).await;
    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    let mine = reporter
        .new_story(
            &t,
            &[
                ("headline", "My own draft"),
                ("section_id", &news.id.to_string()),
            ],
        )
        .await;
    let sent = reporter
        .new_story(
            &t,
            &[
                ("headline", "Sent for review"),
                ("section_id", &news.id.to_string()),
            ],
        )
        .await;
    let version = t
        .store
        .article(story_id(&sent))
        .await
        .unwrap()
        .unwrap()
        .version;
    let res = reporter
        .post(
            &t,
            &sent,
            &[
                ("headline", "Sent for review"),
                ("section_id", &news.id.to_string()),
                ("version", &version.to_string()),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.text());
    fixture::published(&t.store, news.id, "Already out", 30).await;
    fixture::published(&t.store, news.id, "Out earlier", 90).await;
    let now = newsdesk_core::now();
    for (headline, hours) in [("Goes out later", 5), ("Goes out soon", 1)] {
        let mut story = fixture::story(news.id, headline, 0);
        story.state = State::Scheduled;
        story.first_published_at = None;
        story.published_at = None;
        story.scheduled_for = Some(now + hours * 3600);
        t.store.create_article(&story, None).await.unwrap();
    }

    let home = editor.get(&t, "/admin/").await;
    let tabs: Vec<String> = select(&home.html(), ".desk-views a")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(
        tabs,
        [
            "All 6",
            "Mine 0",
            "Drafts 1",
            "In review 1",
            "Scheduled 2",
            "Published 2"
        ]
    );
    assert_eq!(
        view(&t, &reporter, "mine").await,
        ["Sent for review", "My own draft"]
    );
    assert!(view(&t, &editor, "mine").await.is_empty());
    assert_eq!(view(&t, &editor, "review").await, ["Sent for review"]);
    assert_eq!(view(&t, &editor, "drafts").await, ["My own draft"]);
    // Scheduled: soonest first, with the time it goes out.
    let scheduled = editor.get(&t, "/admin/?view=scheduled").await;
    assert_eq!(headlines(&scheduled), ["Goes out soon", "Goes out later"]);
    assert!(scheduled.text().contains("Goes out</th>"));
    let times: Vec<String> = select(&scheduled.html(), ".desk-stories td.when time")
        .iter()
        .filter_map(|t| t.value().attr("datetime").map(str::to_owned))
        .collect();
    assert_eq!(times.len(), 2);
    assert!(times[0] < times[1], "{times:?}");
    // Published: last published first.
    assert_eq!(
        view(&t, &editor, "published").await,
        ["Already out", "Out earlier"]
    );
    // Within a view, the filters still apply, and the tab stays chosen.
    let found = editor.get(&t, "/admin/?view=published&q=earlier").await;
    assert_eq!(headlines(&found), ["Out earlier"]);
    assert_eq!(
        select(&found.html(), ".desk-views a[aria-current=page]")
            .iter()
            .map(text_of)
            .collect::<Vec<_>>(),
        ["Published 2"]
    );
    let _ = mine;
}

async fn the_frame_follows_the_role_and_names_who_is_signed_in(t: TestApp) {
    fixture::section(&t.store, "news", "News", 0).await;
    let nav = |res: &common::Response| -> Vec<String> {
        select(&res.html(), ".desk-nav a")
            .iter()
            .map(text_of)
            .collect()
    };
    let reporter = sign_in(&t, "rep@example.com", Role::Contributor).await;
    let res = reporter.get(&t, "/admin/media").await;
    assert_eq!(nav(&res), ["Stories", "Media", "API tokens", "Trash"]);
    assert_eq!(
        select(&res.html(), ".desk-nav a[aria-current=page]")
            .iter()
            .map(text_of)
            .collect::<Vec<_>>(),
        ["Media"]
    );
    assert_eq!(
        text_of(&select(&res.html(), ".desk-me-name")[0]),
        "rep@example.com"
    );
    assert_eq!(
        text_of(&select(&res.html(), ".desk-me-role")[0]),
        "Contributor"
    );
    assert_eq!(link(&res, ".desk-brand").as_deref(), Some("/"));
    // The desk has its own frame: none of the public masthead.
    assert!(select(&res.html(), ".masthead").is_empty());

    let admin = sign_in(&t, "chief@example.com", Role::Admin).await;
    let res = admin.get(&t, "/admin/settings").await;
    assert_eq!(
        nav(&res),
        [
            "Stories",
            "Pages",
            "Media",
            "Sections",
            "Topics",
            "Authors",
            "People",
            "Settings",
            "Webhooks",
            "API tokens",
            "Audit log",
            "Trash"
        ]
    );
    // Every link in the navigation answers.
    for href in select(&res.html(), ".desk-nav a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
    {
        assert_eq!(admin.get(&t, href).await.status, 200, "{href}");
    }
    // Sign-out is in the frame, with the session's token.
    let html = res.html();
    let out = select(
        &html,
        ".desk-me form[action='/admin/logout'] input[name=csrf_token]",
    );
    assert_eq!(out[0].value().attr("value"), Some(admin.csrf.as_str()));
}

/// The editor's bar: its primary button, the other visible ones, and the menu's.
fn bar(res: &common::Response) -> (String, Vec<String>, Vec<String>) {
    let html = res.html();
    let value = |b: &scraper::ElementRef<'_>| b.value().attr("value").unwrap_or("").to_owned();
    let primary = select(&html, ".editor-actions > button.button-primary")
        .iter()
        .map(|b| format!("{}={}", value(b), text_of(b)))
        .collect::<Vec<_>>()
        .join("|");
    let others = select(&html, ".editor-actions > button:not(.button-primary)")
        .iter()
        .map(value)
        .collect();
    let menu = select(&html, ".editor-actions .menu-list button")
        .iter()
        .map(value)
        .collect();
    (primary, others, menu)
}

async fn the_editor_offers_one_primary_action_for_the_person_and_the_state(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let reporter = sign_in(&t, "rep@example.com", Role::Contributor).await;
    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    let new = reporter.get(&t, "/admin/stories/new").await;
    assert_eq!(bar(&new).0, "save=Save draft");
    // A line break in the headline (the field grows, so one can be pasted) is a space.
    let url = reporter
        .new_story(
            &t,
            &[
                ("headline", "Two\r\nlines\n\nof headline"),
                ("section_id", &news.id.to_string()),
            ],
        )
        .await;
    let id = story_id(&url);
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(story.headline, "Two lines of headline");
    let (primary, others, menu) = bar(&reporter.get(&t, &url).await);
    assert_eq!(primary, "submit=Submit for review");
    assert_eq!(others, ["save"]);
    assert!(menu.is_empty(), "{menu:?}");
    let res = reporter
        .post(
            &t,
            &url,
            &[
                ("headline", "Two lines of headline"),
                ("section_id", &news.id.to_string()),
                ("version", &story.version.to_string()),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    let (primary, _, _) = bar(&editor.get(&t, &url).await);
    assert_eq!(primary, "publish=Publish");
    let published = fixture::published(&t.store, news.id, "Out already", 3).await;
    let page = editor
        .get(&t, &format!("/admin/stories/{}", published.id))
        .await;
    let (primary, others, menu) = bar(&page);
    assert_eq!(primary, "save=Update");
    assert!(others.is_empty(), "{others:?}");
    assert!(menu.contains(&"unpublish".to_owned()), "{menu:?}");
    assert!(
        page.text().contains("data-ago"),
        "the bar says when it was saved"
    );
}

db_tests!(
    cursor_paging_neither_skips_nor_repeats_and_goes_back,
    views_show_mine_in_review_scheduled_and_published_with_counts,
    the_frame_follows_the_role_and_names_who_is_signed_in,
    the_editor_offers_one_primary_action_for_the_person_and_the_state,
);
