//! The story editor end to end over HTTP: a contributor writes and submits, cannot
//! publish; an editor publishes and the public page shows it; a stale save gets the
//! conflict page with both versions and loses nothing; every save is a revision.

use crate::common;

use common::desk::{SAME_SITE, sign_in, story_id};
use common::{TestApp, fixture, select, text_of};
use newsdesk_core::{Role, State};

fn buttons(res: &common::Response) -> Vec<String> {
    select(&res.html(), "button[name=action]")
        .iter()
        .map(|b| b.value().attr("value").unwrap().to_owned())
        .collect()
}

async fn a_contributor_writes_and_an_editor_publishes(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let section = news.id.to_string();
    let reporter = sign_in(&t, "reporter@example.com", Role::Contributor).await;

    let edit_url = reporter
        .new_story(
            &t,
            &[
                ("headline", "Floods close the ring road"),
                ("standfirst", "Drivers told to stay away."),
                ("body", "First paragraph.\n\n## Later\n\nMore."),
                ("section_id", &section),
            ],
        )
        .await;
    let id = story_id(&edit_url);

    let page = reporter.get(&t, &edit_url).await;
    assert_eq!(
        buttons(&page),
        ["save", "submit"],
        "a contributor may save and submit, never publish"
    );
    let version = |r: &common::Response| {
        select(&r.html(), "input[name=version]")[0]
            .value()
            .attr("value")
            .unwrap()
            .to_owned()
    };
    let v1 = version(&page);

    // Publishing by hand-crafted form is refused and changes nothing.
    let refused = reporter
        .post(
            &t,
            &edit_url,
            &[
                ("version", &v1),
                ("action", "publish"),
                ("headline", "Sneaky"),
                ("section_id", &section),
            ],
        )
        .await;
    assert_eq!(refused.status, 403);
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(
        (story.state, story.headline.as_str()),
        (State::Draft, "Floods close the ring road")
    );

    let submitted = reporter
        .post(
            &t,
            &edit_url,
            &[
                ("version", &v1),
                ("action", "submit"),
                ("headline", "Floods close the ring road"),
                ("standfirst", "Drivers told to stay away."),
                ("body", "First paragraph.\n\n## Later\n\nMore."),
                ("section_id", &section),
            ],
        )
        .await;
    assert_eq!(submitted.status, 303);
    assert_eq!(
        t.store.article(id).await.unwrap().unwrap().state,
        State::InReview
    );

    let editor = sign_in(&t, "editor@example.com", Role::Editor).await;
    let page = editor.get(&t, &edit_url).await;
    assert!(buttons(&page).contains(&"publish".to_owned()));
    let published = editor
        .post(
            &t,
            &edit_url,
            &[
                ("version", &version(&page)),
                ("action", "publish"),
                ("headline", "Floods close the ring road for a week"),
                ("standfirst", "Drivers told to stay away."),
                ("body", "First paragraph.\n\n## Later\n\nMore."),
                ("section_id", &section),
            ],
        )
        .await;
    assert_eq!(published.status, 303);
    t.catch_up().await;
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(story.state, State::Published);
    let public = t.get(&format!("/news/{}", story.slug)).await;
    assert_eq!(public.status, 200);
    assert!(
        public
            .text()
            .contains("Floods close the ring road for a week")
    );
    assert!(
        t.get("/news/")
            .await
            .text()
            .contains("Floods close the ring road for a week")
    );

    let revisions = t.store.revisions(id).await.unwrap();
    let versions: Vec<i64> = revisions.iter().map(|r| r.version).collect();
    assert_eq!(versions, [3, 2, 1], "every save is a revision");
    assert_eq!(
        revisions[0].headline,
        "Floods close the ring road for a week"
    );
    assert!(revisions[0].meta.contains("\"state\":\"published\""));
    let audit: Vec<String> = t
        .store
        .audit_events(50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.2)
        .collect();
    assert!(audit.contains(&"article.publish".to_owned()), "{audit:?}");

    // The editor appends a correction; the public page shows it with its time.
    let page = editor.get(&t, &edit_url).await;
    assert!(
        !select(&page.html(), "form[action$='/corrections']").is_empty(),
        "a published story offers the form"
    );
    let note = "An earlier version of this article gave the wrong date for the closure.";
    let res = editor
        .post(
            &t,
            &format!("{edit_url}/corrections"),
            &[("kind", "correction"), ("body", note)],
        )
        .await;
    assert_eq!(res.status, 303);
    t.catch_up().await;
    let public = t.get(&format!("/news/{}", story.slug)).await;
    assert!(public.text().contains(note));
    assert_eq!(select(&public.html(), "time.updated").len(), 1);
    // A contributor cannot correct, and an empty note is refused; neither writes anything.
    assert_eq!(
        reporter
            .post(
                &t,
                &format!("{edit_url}/corrections"),
                &[("kind", "correction"), ("body", "x")]
            )
            .await
            .status,
        403
    );
    assert_eq!(
        editor
            .post(
                &t,
                &format!("{edit_url}/corrections"),
                &[("kind", "correction"), ("body", "  ")]
            )
            .await
            .status,
        422
    );
    let shown = t.get(&format!("/news/{}", story.slug)).await;
    assert_eq!(select(&shown.html(), ".corrections .correction").len(), 1);
}

async fn a_stale_save_shows_both_versions_and_keeps_the_typed_text(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let section = news.id.to_string();
    let first = sign_in(&t, "first@example.com", Role::Editor).await;
    let second = sign_in(&t, "second@example.com", Role::Editor).await;
    let edit_url = first
        .new_story(
            &t,
            &[
                ("headline", "Council tax to rise"),
                ("body", "Original."),
                ("section_id", &section),
            ],
        )
        .await;
    let id = story_id(&edit_url);
    // Both open the story at version 1.
    let form = |headline: &'static str, body: &'static str| {
        vec![
            ("version", "1"),
            ("action", "save"),
            ("headline", headline),
            ("body", body),
            ("section_id", "0"),
        ]
    };
    let saved = first
        .post(
            &t,
            &edit_url,
            &form("Council tax to rise by 5%", "First editor's text."),
        )
        .await;
    assert_eq!(saved.status, 303);
    let stale = second
        .post(
            &t,
            &edit_url,
            &form(
                "Council tax rise confirmed",
                "Second editor's long careful text.",
            ),
        )
        .await;
    assert_eq!(stale.status, 409);
    let html = stale.html();
    assert_eq!(
        text_of(&select(&html, "textarea[name=headline]")[0]),
        "Council tax rise confirmed",
        "the typed headline is kept"
    );
    assert!(
        common::text_of(&select(&html, "textarea[name=body]")[0])
            .contains("Second editor's long careful text.")
    );
    assert!(
        common::text_of(&select(&html, ".conflict")[0]).contains("First editor's text."),
        "their version is shown"
    );
    assert_eq!(
        select(&html, "input[name=version]")[0]
            .value()
            .attr("value"),
        Some("2"),
        "saving again replaces version 2 knowingly"
    );
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(
        (story.headline.as_str(), story.version),
        ("Council tax to rise by 5%", 2),
        "the stale save wrote nothing"
    );

    let resolved = second
        .post(
            &t,
            &edit_url,
            &[
                ("version", "2"),
                ("action", "save"),
                ("headline", "Council tax rise confirmed"),
                ("body", "Merged text."),
                ("section_id", "0"),
            ],
        )
        .await;
    assert_eq!(resolved.status, 303);
    assert_eq!(
        t.store.article(id).await.unwrap().unwrap().headline,
        "Council tax rise confirmed"
    );
}

async fn editor_forms_need_the_session_token(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let b = sign_in(&t, "x@example.com", Role::Editor).await;
    let section = news.id.to_string();
    let fields = [("headline", "No token"), ("section_id", section.as_str())];
    let res = t
        .post_form(
            "/admin/stories/new",
            &fields,
            &[SAME_SITE, ("cookie", &b.cookie)],
        )
        .await;
    assert_eq!(res.status, 403);
    let cross = t
        .post_form(
            "/admin/stories/new",
            &[
                ("csrf_token", b.csrf.as_str()),
                ("headline", "x"),
                ("section_id", &section),
            ],
            &[("sec-fetch-site", "cross-site"), ("cookie", &b.cookie)],
        )
        .await;
    assert_eq!(cross.status, 403);
    assert_eq!(
        t.store.count_articles().await.unwrap(),
        0,
        "nothing was created"
    );
    let anonymous = t.get("/admin/stories/new").await;
    assert_eq!(anonymous.header("location"), "/admin/login");
}

async fn a_renamed_published_story_answers_301_from_every_old_address(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let world = fixture::section(&t.store, "world", "World", 1).await;
    t.catch_up().await;
    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    let edit_url = editor
        .new_story(
            &t,
            &[
                ("headline", "Storm hits coast"),
                ("section_id", &news.id.to_string()),
            ],
        )
        .await;
    let id = story_id(&edit_url);
    let save = |version: i64, action: &'static str, slug: &'static str, section: i64| {
        let fields: Vec<(String, String)> = vec![
            ("version".into(), version.to_string()),
            ("action".into(), action.into()),
            ("headline".into(), "Storm hits coast".into()),
            ("slug".into(), slug.into()),
            ("section_id".into(), section.to_string()),
        ];
        fields
    };
    let post = |fields: Vec<(String, String)>| {
        let editor = &editor;
        let t = &t;
        let edit_url = edit_url.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            editor.post(t, &edit_url, &pairs).await
        }
    };
    // Renaming a draft leaves no redirect: nobody has seen its address.
    assert_eq!(
        post(save(1, "save", "storm-draft-name", news.id))
            .await
            .status,
        303
    );
    assert_eq!(
        post(save(2, "publish", "storm-hits-coast", news.id))
            .await
            .status,
        303
    );
    assert_eq!(t.get("/news/storm-draft-name").await.status, 404);

    assert_eq!(
        post(save(3, "save", "storm-batters-coast", news.id))
            .await
            .status,
        303
    );
    assert_eq!(
        post(save(4, "save", "storm-batters-coast", world.id))
            .await
            .status,
        303
    );
    t.catch_up().await;
    for old in ["/news/storm-hits-coast", "/news/storm-batters-coast"] {
        let res = t.get(old).await;
        assert_eq!(
            (res.status.as_u16(), res.header("location")),
            (301, "/world/storm-batters-coast"),
            "{old}"
        );
    }
    assert_eq!(t.get("/world/storm-batters-coast").await.status, 200);
    // Moving back to an old address makes it live again, without a loop.
    assert_eq!(
        post(save(5, "save", "storm-hits-coast", news.id))
            .await
            .status,
        303
    );
    t.catch_up().await;
    assert_eq!(t.get("/news/storm-hits-coast").await.status, 200);
    let res = t.get("/world/storm-batters-coast").await;
    assert_eq!(
        (res.status.as_u16(), res.header("location")),
        (301, "/news/storm-hits-coast")
    );
    // A bad address is refused with the reason, and nothing is saved.
    let bad = post(save(6, "save", "Not A Slug!", news.id)).await;
    assert_eq!(bad.status, 422);
    assert!(bad.text().contains("address cannot be used"));
    assert_eq!(t.store.article(id).await.unwrap().unwrap().version, 6);
}

async fn tags_bylines_and_labels_are_chosen_in_the_editor(t: TestApp) {
    let room = fixture::newsroom(&t.store, &t.media).await;
    t.catch_up().await;
    let editor = sign_in(&t, "tags@example.com", Role::Editor).await;
    let news = room.news.id.to_string();
    let edit_url = editor
        .new_story(
            &t,
            &[
                ("headline", "Synod votes on housing"),
                ("section_id", &news),
            ],
        )
        .await;
    let (sam, jane) = (room.sam.id.to_string(), room.jane.id.to_string());
    let (synod, housing) = (room.synod.id.to_string(), room.housing.id.to_string());
    // A topic or byline that does not exist (merged away while the editor was open, or a
    // hand-made form) is named and nothing is saved; what does not parse is dropped.
    let chosen = |tag: &'static str, author: &'static str| {
        vec![
            ("version", "1"),
            ("action", "publish"),
            ("headline", "Synod votes on housing"),
            ("section_id", news.as_str()),
            ("tag", synod.as_str()),
            ("tag", housing.as_str()),
            ("tag", tag),
            ("tag", "not-a-number"),
            ("author", sam.as_str()),
            ("author", jane.as_str()),
            ("author", author),
            ("flag", "opinion"),
            ("flag", "nonsense"),
        ]
    };
    let res = editor.post(&t, &edit_url, &chosen("999999", "")).await;
    assert_eq!(
        res.status, 422,
        "an unknown topic is refused, not a server error"
    );
    assert!(
        res.text().contains("no topic number 999999"),
        "{}",
        res.text()
    );
    let res = editor.post(&t, &edit_url, &chosen("", "424242")).await;
    assert_eq!(res.status, 422, "an unknown byline is refused");
    assert!(
        res.text().contains("no author number 424242"),
        "{}",
        res.text()
    );
    let id = story_id(&edit_url);
    let untouched = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(
        (untouched.version, untouched.state),
        (1, State::Draft),
        "nothing was saved"
    );
    let res = editor.post(&t, &edit_url, &chosen("", "")).await;
    assert_eq!(res.status, 303, "values that do not parse are dropped");
    let id = story_id(&edit_url);
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(story.tag_ids, [room.synod.id, room.housing.id]);
    assert_eq!(
        story.author_ids,
        [room.sam.id, room.jane.id],
        "byline order as chosen"
    );
    assert!(story.flags.opinion && !story.flags.breaking);
    t.catch_up().await;
    let public = t.get(&format!("/news/{}", story.slug)).await.html();
    let bylines: Vec<String> = select(&public, ".byline a")
        .iter()
        .map(common::text_of)
        .collect();
    assert_eq!(bylines, ["Sam Okafor", "Jane Hollis"]);
    let tags: Vec<String> = select(&public, ".tags a")
        .iter()
        .map(common::text_of)
        .collect();
    assert_eq!(tags, ["General Synod", "Housing"]);
    // The form shows the choices back, chosen bylines first in their order.
    let form = editor.get(&t, &edit_url).await.html();
    let checked: Vec<String> = select(&form, "input[name=author][checked]")
        .iter()
        .map(|i| i.value().attr("value").unwrap().to_owned())
        .collect();
    assert_eq!(checked, [sam, jane]);
    assert_eq!(
        select(&form, "input[name=flag][value=opinion][checked]").len(),
        1
    );
}

async fn history_compares_any_two_versions_and_restores_one(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let section = news.id.to_string();
    let editor = sign_in(&t, "hist@example.com", Role::Editor).await;
    let edit_url = editor
        .new_story(
            &t,
            &[
                ("headline", "Council will cut 15 posts"),
                ("body", "The cuts were announced on Monday."),
                ("section_id", &section),
            ],
        )
        .await;
    let id = story_id(&edit_url);
    let save = |version: &'static str, headline: &'static str, body: &'static str| {
        vec![
            ("version", version),
            ("action", "save"),
            ("headline", headline),
            ("body", body),
        ]
    };
    assert_eq!(
        editor
            .post(
                &t,
                &edit_url,
                &save(
                    "1",
                    "Council will cut 20 posts",
                    "The cuts were announced on Monday."
                )
            )
            .await
            .status,
        303
    );
    assert_eq!(
        editor
            .post(
                &t,
                &edit_url,
                &save(
                    "2",
                    "Council will cut 20 posts",
                    "The cuts were confirmed on Tuesday."
                )
            )
            .await
            .status,
        303
    );

    // By default the page shows what the latest save changed: the body, word by word
    // ("on" stayed, so it is not marked).
    let page = editor.get(&t, &format!("{edit_url}/revisions")).await;
    assert_eq!(page.status, 200);
    let html = page.html();
    assert_eq!(select(&html, "tbody tr").len(), 3);
    let dels: Vec<String> = select(&html, ".diff del")
        .iter()
        .map(common::text_of)
        .collect();
    let inss: Vec<String> = select(&html, ".diff ins")
        .iter()
        .map(common::text_of)
        .collect();
    assert_eq!(
        (dels, inss),
        (
            vec!["announced".to_owned(), "Monday.".to_owned()],
            vec!["confirmed".to_owned(), "Tuesday.".to_owned()]
        )
    );

    // Any two versions, in either order.
    let html = editor
        .get(&t, &format!("{edit_url}/revisions?from=3&to=1"))
        .await
        .html();
    let changed: Vec<String> = select(&html, ".diff-field:not(.unchanged) h3")
        .iter()
        .map(common::text_of)
        .collect();
    assert!(
        changed.contains(&"Headline".to_owned()) && changed.contains(&"Body".to_owned()),
        "{changed:?}"
    );
    assert!(common::text_of(&select(&html, ".diff-field del")[0]).contains("15"));

    // Restoring version 1 is a new save (version 4) with version 1's words.
    let csrf = select(
        &html,
        "form[action$='/revisions/1/restore'] input[name=csrf_token]",
    )[0]
    .value()
    .attr("value")
    .unwrap()
    .to_owned();
    let restored = t
        .post_form(
            &format!("{edit_url}/revisions/1/restore"),
            &[("csrf_token", &csrf)],
            &[SAME_SITE, ("cookie", &editor.cookie)],
        )
        .await;
    assert_eq!(restored.status, 303);
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(
        (story.version, story.headline.as_str()),
        (4, "Council will cut 15 posts")
    );
    assert_eq!(story.body_markdown, "The cuts were announced on Monday.");
    assert_eq!(
        t.store.revisions(id).await.unwrap().len(),
        4,
        "nothing was lost: the history grew"
    );
    // Restore needs the form token like every other change.
    let refused = t
        .post_form(
            &format!("{edit_url}/revisions/2/restore"),
            &[],
            &[SAME_SITE, ("cookie", &editor.cookie)],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(t.store.article(id).await.unwrap().unwrap().version, 4);
}

async fn a_preview_link_shows_a_draft_to_anyone_holding_it_until_it_expires(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let editor = sign_in(&t, "preview@example.com", Role::Editor).await;
    let edit_url = editor
        .new_story(
            &t,
            &[
                ("headline", "Secret draft about the merger"),
                ("section_id", &news.id.to_string()),
            ],
        )
        .await;
    let id = story_id(&edit_url);
    let made = editor
        .post(&t, &format!("{edit_url}/preview-link"), &[])
        .await;
    assert_eq!(made.status, 303);
    let page = editor.get(&t, made.header("location")).await.html();
    let link = select(&page, "a.preview-link")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let path = link
        .split_once("/preview/")
        .map(|(_, token)| format!("/preview/{token}"))
        .unwrap();

    // No cookie: the link alone opens it, never cached, never indexed.
    let seen = t.get(&path).await;
    assert_eq!(seen.status, 200);
    assert_eq!(
        common::text_of(&select(&seen.html(), "main article h1")[0]),
        "Secret draft about the merger"
    );
    assert!(seen.header("cache-control").contains("no-store"));
    assert!(seen.header("x-robots-tag").contains("noindex"));
    // The draft is still nowhere public, and a guessed or expired link opens nothing.
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(t.get(&format!("/news/{}", story.slug)).await.status, 404);
    assert_eq!(
        t.get("/preview/0000000000000000000000000000000000000000000000000000000000000000")
            .await
            .status,
        404
    );
    let old = newsdesk_auth::random_token();
    t.store
        .create_preview_link(
            &newsdesk_auth::token_hash(&old),
            id,
            1,
            newsdesk_core::now() - 1,
        )
        .await
        .unwrap();
    assert_eq!(t.get(&format!("/preview/{old}")).await.status, 404);
    // Making a link is a change like any other: it needs the form token.
    let refused = t
        .post_form(
            &format!("{edit_url}/preview-link"),
            &[],
            &[SAME_SITE, ("cookie", &editor.cookie)],
        )
        .await;
    assert_eq!(refused.status, 403);
}

async fn administrators_read_the_audit_log_and_no_one_else_does(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let editor = sign_in(&t, "aud-editor@example.com", Role::Editor).await;
    let edit_url = editor
        .new_story(
            &t,
            &[
                ("headline", "Audit me"),
                ("section_id", &news.id.to_string()),
            ],
        )
        .await;
    let published = editor
        .post(
            &t,
            &edit_url,
            &[
                ("version", "1"),
                ("action", "publish"),
                ("headline", "Audit me"),
            ],
        )
        .await;
    assert_eq!(published.status, 303);
    assert_eq!(
        editor.get(&t, "/admin/audit").await.status,
        403,
        "editors do not read the audit log"
    );
    assert_eq!(
        t.get("/admin/audit").await.header("location"),
        "/admin/login"
    );

    let admin = sign_in(&t, "aud-admin@example.com", Role::Admin).await;
    let res = admin.get(&t, "/admin/audit").await;
    assert_eq!(res.status, 200);
    let rows: Vec<String> = select(&res.html(), "tbody tr")
        .iter()
        .map(common::text_of)
        .collect();
    assert!(
        rows.iter()
            .any(|r| r.contains("aud-editor@example.com") && r.contains("article.publish")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("system") && r.contains("user.create")),
        "CLI/test-made logins show as system"
    );
}

/// `at` as a `datetime-local` value in the site's zone (the test settings use Europe/London).
fn local(at: i64) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap();
    jiff::Timestamp::from_second(at)
        .unwrap()
        .to_zoned(tz)
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

async fn a_story_is_scheduled_and_embargoed_from_the_editor(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let author = sign_in(&t, "au@example.com", Role::Author).await;
    let edit_url = author
        .new_story(
            &t,
            &[
                ("headline", "Budget day"),
                ("section_id", &news.id.to_string()),
            ],
        )
        .await;
    let id = story_id(&edit_url);
    assert!(
        buttons(&author.get(&t, &edit_url).await).contains(&"schedule".to_owned()),
        "an author schedules own stories"
    );

    let past = local(newsdesk_core::now() - 3600);
    let res = author
        .post(
            &t,
            &edit_url,
            &[
                ("version", "1"),
                ("action", "schedule"),
                ("headline", "Budget day"),
                ("scheduled_for", &past),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.text().contains("in the future"));
    let garbled = author
        .post(
            &t,
            &edit_url,
            &[
                ("version", "1"),
                ("action", "save"),
                ("headline", "Budget day"),
                ("embargo_until", "tomorrow-ish"),
            ],
        )
        .await;
    assert_eq!(garbled.status, 422);
    assert_eq!(
        t.store.article(id).await.unwrap().unwrap().version,
        1,
        "refused forms save nothing"
    );

    let at = newsdesk_core::now() + 7200;
    let embargo = at + 3600;
    let res = author
        .post(
            &t,
            &edit_url,
            &[
                ("version", "1"),
                ("action", "schedule"),
                ("headline", "Budget day"),
                ("scheduled_for", &local(at)),
                ("embargo_until", &local(embargo)),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.text());
    let story = t.store.article(id).await.unwrap().unwrap();
    assert_eq!(story.state, State::Scheduled);
    assert!(
        (story.scheduled_for.unwrap() - at).abs() < 60,
        "minute precision"
    );
    assert!((story.embargo_until.unwrap() - embargo).abs() < 60);
    // The form shows the times back in the site's zone.
    let page = author.get(&t, &edit_url).await;
    assert_eq!(
        select(&page.html(), "input[name=scheduled_for]")[0]
            .value()
            .attr("value"),
        Some(local(at).as_str())
    );
}

db_tests!(
    administrators_read_the_audit_log_and_no_one_else_does,
    a_preview_link_shows_a_draft_to_anyone_holding_it_until_it_expires,
    history_compares_any_two_versions_and_restores_one,
    tags_bylines_and_labels_are_chosen_in_the_editor,
    a_story_is_scheduled_and_embargoed_from_the_editor,
    a_renamed_published_story_answers_301_from_every_old_address,
    a_contributor_writes_and_an_editor_publishes,
    a_stale_save_shows_both_versions_and_keeps_the_typed_text,
    editor_forms_need_the_session_token,
);
