//! The desk's other tools over HTTP: the trash (off the site, restorable, permanent delete
//! for administrators, purged after 30 days), editorial notes that never reach readers,
//! the filtered story list, housekeeping, and every desk form refusing requests without
//! the session's token.

use crate::common;

use common::desk::{SAME_SITE, sign_in, story_id};
use common::{TestApp, fixture, select, text_of};
use newsdesk_core::Role;
use newsdesk_store::DeskFilter;

fn headlines(res: &common::Response) -> Vec<String> {
    select(&res.html(), ".desk-stories tbody td:first-child > a")
        .iter()
        .map(text_of)
        .collect()
}

async fn a_trashed_story_leaves_the_site_and_comes_back_from_the_trash(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let story = fixture::published(&t.store, news.id, "Council approves budget", 5).await;
    t.catch_up().await;
    let url = format!("/news/{}", story.slug);
    assert_eq!(t.get(&url).await.status, 200);
    assert!(
        t.get("/news/")
            .await
            .text()
            .contains("Council approves budget")
    );

    let reporter = sign_in(&t, "rep@example.com", Role::Contributor).await;
    let trash_url = format!("/admin/stories/{}/trash", story.id);
    assert_eq!(reporter.post(&t, &trash_url, &[]).await.status, 403);

    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    let res = editor.post(&t, &trash_url, &[]).await;
    assert_eq!(
        (res.status.as_u16(), res.header("location")),
        (303, "/admin/?trashed=1")
    );
    t.catch_up().await;
    assert_eq!(t.get(&url).await.status, 404, "off the site at once");
    assert!(
        !t.get("/news/")
            .await
            .text()
            .contains("Council approves budget")
    );
    assert!(!t.get("/").await.text().contains("Council approves budget"));
    assert!(headlines(&editor.get(&t, "/admin/").await).is_empty());
    assert_eq!(
        editor
            .get(&t, &format!("/admin/stories/{}", story.id))
            .await
            .status,
        404,
        "a story in the trash is not edited"
    );
    let trash = editor.get(&t, "/admin/trash").await;
    let rows: Vec<String> = select(&trash.html(), ".desk-stories tbody tr")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains("Council approves budget") && rows[0].contains("ed@example.com"));
    assert!(
        select(&trash.html(), "form[action$=delete-forever]").is_empty(),
        "only administrators see permanent delete"
    );

    let restored = editor
        .post(&t, &format!("/admin/stories/{}/restore", story.id), &[])
        .await;
    assert_eq!(restored.status, 303);
    let back = t.store.article(story.id).await.unwrap().unwrap();
    assert_eq!(back.deleted_at, None);
    assert_eq!(
        back.state,
        newsdesk_core::State::Unpublished,
        "restored, but not republished behind the desk's back"
    );
    assert_eq!(
        headlines(&editor.get(&t, "/admin/").await),
        ["Council approves budget"]
    );
    let actions: Vec<String> = t
        .store
        .audit_events(10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.2)
        .collect();
    assert!(actions.contains(&"article.trash".to_owned()));
    assert!(actions.contains(&"article.restore".to_owned()));
}

async fn only_administrators_delete_for_good_and_the_trash_empties_itself(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let a = fixture::published(&t.store, news.id, "First", 5).await;
    let b = fixture::published(&t.store, news.id, "Second", 5).await;
    t.catch_up().await;
    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    let admin = sign_in(&t, "admin@example.com", Role::Admin).await;
    for id in [a.id, b.id] {
        let res = editor
            .post(&t, &format!("/admin/stories/{id}/trash"), &[])
            .await;
        assert_eq!(res.status, 303);
    }
    let forever = format!("/admin/stories/{}/delete-forever", a.id);
    assert_eq!(editor.post(&t, &forever, &[]).await.status, 403);
    assert!(t.store.article(a.id).await.unwrap().is_some());
    assert_eq!(admin.post(&t, &forever, &[]).await.status, 303);
    assert!(t.store.article(a.id).await.unwrap().is_none());
    assert!(t.store.revisions(a.id).await.unwrap().is_empty());

    // Thirty days on, housekeeping deletes what is left in the trash.
    assert_eq!(
        t.store
            .purge_trash(newsdesk_core::now() - 30 * 86_400)
            .await
            .unwrap(),
        0,
        "not yet"
    );
    assert_eq!(
        t.store.purge_trash(newsdesk_core::now() + 1).await.unwrap(),
        1
    );
    assert!(t.store.article(b.id).await.unwrap().is_none());
    // A story not in the trash is never deleted for good.
    let c = fixture::published(&t.store, news.id, "Third", 5).await;
    let res = admin
        .post(&t, &format!("/admin/stories/{}/delete-forever", c.id), &[])
        .await;
    assert_eq!(res.status, 404);
    assert!(t.store.article(c.id).await.unwrap().is_some());
}

async fn editorial_notes_stay_on_the_desk(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    t.catch_up().await;
    let section = news.id.to_string();
    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    let edit_url = editor
        .new_story(
            &t,
            &[
                ("headline", "Hospital waiting lists grow"),
                ("body", "One.\n\nTwo.\n\nThree."),
                ("section_id", &section),
            ],
        )
        .await;
    let id = story_id(&edit_url);
    let note = "CHECK-THIS-FIGURE with the trust before we publish";
    let res = editor
        .post(
            &t,
            &format!("{edit_url}/notes"),
            &[("body", note), ("paragraph", "2")],
        )
        .await;
    assert_eq!(res.status, 303);
    let empty = editor
        .post(&t, &format!("{edit_url}/notes"), &[("body", "   ")])
        .await;
    assert_eq!(empty.status, 422);
    let page = editor.get(&t, &edit_url).await;
    let notes: Vec<String> = select(&page.html(), ".desk-notes li")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains(note) && notes[0].contains("paragraph 2"));

    // Published and previewed, the note is nowhere a reader can see.
    let version = t
        .store
        .article(id)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string();
    let res = editor
        .post(
            &t,
            &edit_url,
            &[
                ("version", &version),
                ("action", "publish"),
                ("headline", "Hospital waiting lists grow"),
                ("section_id", &section),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    let link = editor
        .post(&t, &format!("{edit_url}/preview-link"), &[])
        .await;
    let preview = editor.get(&t, link.header("location")).await;
    let preview_url = select(&preview.html(), "a.preview-link")[0]
        .value()
        .attr("href")
        .unwrap()
        .split_once("/preview/")
        .map(|(_, token)| format!("/preview/{token}"))
        .unwrap();
    t.catch_up().await;
    let slug = t.store.article(id).await.unwrap().unwrap().slug;
    for public in [
        format!("/news/{slug}"),
        "/news/".into(),
        "/".into(),
        preview_url,
    ] {
        let res = t.get(&public).await;
        assert_eq!(res.status, 200, "{public}");
        assert!(
            !res.text().contains("CHECK-THIS-FIGURE"),
            "{public} shows the note"
        );
    }

    // A contributor may not comment on a story that is not theirs.
    let reporter = sign_in(&t, "rep@example.com", Role::Contributor).await;
    let res = reporter
        .post(&t, &format!("{edit_url}/notes"), &[("body", "hi")])
        .await;
    assert_eq!(res.status, 403);
}

async fn the_story_list_filters_by_state_section_author_and_words(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let sport = fixture::section(&t.store, "sport", "Sport", 1).await;
    let ann = fixture::author(&t.store, "ann", "Ann Ray", "").await;
    let mut flood = fixture::story(news.id, "Flood defences hold", 5);
    flood.author_ids = vec![ann.id];
    t.store.create_article(&flood, None).await.unwrap();
    let mut cup = fixture::story(sport.id, "Cup final tonight", 4);
    cup.state = newsdesk_core::State::Draft;
    t.store.create_article(&cup, None).await.unwrap();
    fixture::published(&t.store, news.id, "Flood warnings lifted", 3).await;
    t.catch_up().await;
    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    let list = |q: String| {
        let editor = &editor;
        let t = &t;
        async move { headlines(&editor.get(t, &format!("/admin/?{q}")).await) }
    };
    assert_eq!(list(String::new()).await.len(), 3);
    assert_eq!(list("state=draft".into()).await, ["Cup final tonight"]);
    assert_eq!(
        list(format!("section={}", news.id)).await,
        ["Flood warnings lifted", "Flood defences hold"]
    );
    assert_eq!(
        list(format!("author={}", ann.id)).await,
        ["Flood defences hold"]
    );
    assert_eq!(list("q=FLOOD+def".into()).await, ["Flood defences hold"]);
    assert_eq!(list("q=100%25".into()).await.len(), 0);
    // Nonsense filters filter nothing rather than failing.
    let res = editor
        .get(&t, "/admin/?state=bogus&section=x&page=-3")
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(headlines(&res).len(), 3);
    // Paging.
    let (first, more) = t
        .store
        .desk_stories(&DeskFilter::default(), 2, newsdesk_core::now())
        .await
        .unwrap();
    assert_eq!((first.len(), more), (2, true));
}

async fn housekeeping_removes_expired_sessions_and_old_attempts(t: TestApp) {
    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    let (user, _) = t
        .store
        .user_for_login("ed@example.com")
        .await
        .unwrap()
        .unwrap();
    let now = newsdesk_core::now();
    t.store
        .create_session("expired-hash", user.id, "csrf", now - 10)
        .await
        .unwrap();
    t.store
        .record_login_attempt("10.0.0.1", "x@example.com", false, now - 2 * 86_400)
        .await
        .unwrap();
    assert_eq!(t.store.count_sessions().await.unwrap(), 2);
    t.app.housekeeping().await.unwrap();
    assert_eq!(
        t.store.count_sessions().await.unwrap(),
        1,
        "only the expired session went"
    );
    assert_eq!(editor.get(&t, "/admin/").await.status, 200);
    let (by_ip, _) = t
        .store
        .failed_logins_since("10.0.0.1", "x@example.com", 0)
        .await
        .unwrap();
    assert_eq!(by_ip, 0);
}

/// Every desk address that takes a POST refuses one without the session's form token, or
/// from another site, and nothing changes. The list of addresses comes from the router's
/// own table, so a new desk form is covered the day it is added.
async fn every_desk_form_refuses_requests_without_the_token(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let story = fixture::published(&t.store, news.id, "Target", 5).await;
    let photo = fixture::photo(&t.store, &t.media, 3, "alt", "caption", "credit").await;
    t.catch_up().await;
    let admin = sign_in(&t, "admin@example.com", Role::Admin).await;
    let snapshot = async || {
        (
            t.store.article(story.id).await.unwrap().map(|a| a.version),
            t.store.media(photo.id).await.unwrap().map(|m| m.alt),
            t.store.notes(story.id).await.unwrap().len(),
            t.store.count_articles().await.unwrap(),
            t.store.count_users().await.unwrap(),
            t.store.count_sessions().await.unwrap(),
        )
    };
    let before = snapshot().await;
    let mut refused = 0;
    for pattern in newsdesk_web::route::ALL {
        if !pattern.starts_with("/admin") || pattern == "/admin/login" {
            continue;
        }
        let path = pattern
            .replace("{id}", &story.id.to_string())
            .replace("{version}", "1");
        let path = if pattern.starts_with("/admin/media/") {
            pattern.replace("{id}", &photo.id.to_string())
        } else {
            path
        };
        let fields = [
            ("alt", "changed"),
            ("body", "changed"),
            ("headline", "changed"),
            ("version", "1"),
            ("section_id", "1"),
            ("email", "new@example.com"),
            ("password", "a long enough password"),
        ];
        for (token, site) in [
            ("", "same-origin"),
            ("wrong", "same-origin"),
            (admin.csrf.as_str(), "cross-site"),
        ] {
            let mut form = vec![("csrf_token", token)];
            form.extend_from_slice(&fields);
            let res = t
                .post_form(
                    &path,
                    &form,
                    &[("sec-fetch-site", site), ("cookie", &admin.cookie)],
                )
                .await;
            // (Setup is gone once a login exists: 404.)
            let gone = pattern == "/admin/setup" && res.status == 404;
            assert!(
                gone || matches!(res.status.as_u16(), 403 | 405),
                "{path} with token {token:?} from {site}: {}",
                res.status
            );
            refused += usize::from(res.status == 403);
        }
    }
    assert!(
        refused >= 3 * 12,
        "only {refused} refusals: are the routes listed?"
    );
    assert_eq!(snapshot().await, before, "nothing changed");
    // The same forms with the token do work (so the refusals above are about the token).
    let res = admin
        .post(
            &t,
            &format!("/admin/stories/{}/notes", story.id),
            &[("body", "ok")],
        )
        .await;
    assert_eq!(res.status, 303);
    let _ = SAME_SITE;
}

async fn administrators_manage_people_and_everyone_their_own_password(t: TestApp) {
    let admin = sign_in(&t, "admin@example.com", Role::Admin).await;
    let editor = sign_in(&t, "ed@example.com", Role::Editor).await;
    assert_eq!(editor.get(&t, "/admin/users").await.status, 403);
    assert_eq!(admin.get(&t, "/admin/users").await.status, 200);

    let add = |email: &'static str, password: &'static str| {
        let admin = &admin;
        let t = &t;
        async move {
            admin
                .post(
                    t,
                    "/admin/users",
                    &[
                        ("email", email),
                        ("name", "New Person"),
                        ("role", "contributor"),
                        ("password", password),
                    ],
                )
                .await
        }
    };
    let added = add("new@example.com", "first password here").await;
    assert_eq!(added.status, 200);
    assert!(
        added
            .text()
            .contains("Added new@example.com as contributor")
    );
    assert_eq!(
        add("NEW@example.com", "first password here").await.status,
        422
    );
    assert_eq!(add("other@example.com", "short").await.status, 422);
    assert_eq!(add("not an email", "first password here").await.status, 422);
    let (person, _) = t
        .store
        .user_for_login("new@example.com")
        .await
        .unwrap()
        .unwrap();

    // They sign in; the admin makes them an author writing as a byline.
    let res = t
        .post_form(
            "/admin/login",
            &[
                ("email", "new@example.com"),
                ("password", "first password here"),
            ],
            &[SAME_SITE],
        )
        .await;
    assert_eq!(res.status, 303);
    let their_cookie = res
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let ann = fixture::author(&t.store, "ann", "Ann Ray", "").await;
    let person_url = format!("/admin/users/{}", person.id);
    let res = admin
        .post(
            &t,
            &person_url,
            &[
                ("action", "role"),
                ("role", "author"),
                ("author_id", &ann.id.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status, 200);
    let changed = t.store.user(person.id).await.unwrap().unwrap();
    assert_eq!(
        (changed.role, changed.author_id),
        (Role::Author, Some(ann.id))
    );

    // A story with their byline is theirs, though someone else created it.
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let mut draft = fixture::story(news.id, "Ann's draft", 1);
    draft.state = newsdesk_core::State::Draft;
    draft.author_ids = vec![ann.id];
    let draft = t.store.create_article(&draft, None).await.unwrap();
    let page = t
        .get_with(
            &format!("/admin/stories/{}", draft.id),
            &[("cookie", &their_cookie)],
        )
        .await;
    assert_eq!(page.status, 200, "their byline makes it their own");

    // Disabled, their session ends at once; an admin cannot disable or demote themselves.
    let res = admin.post(&t, &person_url, &[("action", "disable")]).await;
    assert_eq!(res.status, 200);
    let gone = t.get_with("/admin/", &[("cookie", &their_cookie)]).await;
    assert_eq!(gone.header("location"), "/admin/login");
    let (me, _) = t
        .store
        .user_for_login("admin@example.com")
        .await
        .unwrap()
        .unwrap();
    let my_url = format!("/admin/users/{}", me.id);
    assert_eq!(
        admin
            .post(&t, &my_url, &[("action", "disable")])
            .await
            .status,
        422
    );
    let demote = [
        ("action", "role"),
        ("role", "contributor"),
        ("author_id", "0"),
    ];
    assert_eq!(admin.post(&t, &my_url, &demote).await.status, 422);
    assert_eq!(
        t.store.user(me.id).await.unwrap().unwrap().role,
        Role::Admin
    );
    let actions: Vec<String> = t
        .store
        .audit_events(20)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.2)
        .collect();
    for expected in ["user.create", "user.role", "user.byline", "user.disable"] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} in {actions:?}"
        );
    }

    // Everyone changes their own password, knowing the current one.
    let wrong = editor
        .post(
            &t,
            "/admin/account",
            &[
                ("current", "not it at all"),
                ("password", "a new long password"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    let changed = editor
        .post(
            &t,
            "/admin/account",
            &[
                ("current", "a good long password"),
                ("password", "a new long password"),
            ],
        )
        .await;
    assert_eq!(changed.status, 303);
    let fresh = changed
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        editor.get(&t, "/admin/").await.status,
        303,
        "the old session ended"
    );
    assert_eq!(
        t.get_with("/admin/", &[("cookie", &fresh)]).await.status,
        200
    );
}

/// Every route the policy table reserves for the desk turns away a visitor without a
/// session: to the sign-in page, or with 403/405; never a page or a change.
async fn desk_routes_turn_away_visitors_without_a_session(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let story = fixture::published(&t.store, news.id, "Target", 5).await;
    t.catch_up().await;
    let articles = t.store.count_articles().await.unwrap();
    for (pattern, who) in newsdesk_web::route::POLICY {
        // Admin API routes want a token, not a session (tests/admin_api.rs).
        if matches!(
            who,
            newsdesk_web::route::Who::Anyone | newsdesk_web::route::Who::Token
        ) {
            continue;
        }
        let path = pattern
            .replace("{id}", &story.id.to_string())
            .replace("{version}", "1");
        let get = t.get(&path).await;
        assert!(
            matches!(get.status.as_u16(), 303 | 403 | 405),
            "GET {path}: {}",
            get.status
        );
        if get.status == 303 {
            assert_eq!(get.header("location"), "/admin/login", "GET {path}");
        }
        let post = t
            .post_form(&path, &[("body", "x"), ("headline", "x")], &[SAME_SITE])
            .await;
        assert!(
            matches!(post.status.as_u16(), 303 | 403 | 405),
            "POST {path}: {}",
            post.status
        );
    }
    assert_eq!(t.store.count_articles().await.unwrap(), articles);
    assert_eq!(
        t.store.article(story.id).await.unwrap().unwrap().version,
        story.version
    );
}

/// The table is the gate: for every desk route whose action does not depend on one story
/// or picture, a signed-in contributor whom the policy refuses that action gets 403 (or
/// 405 for a method the route lacks) with the form token in hand — and nothing changes.
async fn the_route_table_decides_who_may_use_each_desk_route(t: TestApp) {
    let news = fixture::section(&t.store, "news", "News", 0).await;
    let story = fixture::published(&t.store, news.id, "Target", 5).await;
    let contributor = sign_in(&t, "contributor@example.com", Role::Contributor).await;
    let articles = t.store.count_articles().await.unwrap();
    let mut refused = 0;
    for (pattern, who) in newsdesk_web::route::POLICY {
        let newsdesk_web::route::Who::Desk(action) = who else {
            continue;
        };
        if action.is_on_one_item() || newsdesk_core::policy::allows(Role::Contributor, action, None)
        {
            continue;
        }
        let path = pattern
            .replace("{id}", &story.id.to_string())
            .replace("{version}", "1");
        let get = contributor.get(&t, &path).await;
        assert!(
            matches!(get.status.as_u16(), 403 | 405),
            "GET {path}: {}",
            get.status
        );
        let post = contributor
            .post(
                &t,
                &path,
                &[("name", "Taken"), ("title", "Taken"), ("action", "publish")],
            )
            .await;
        assert!(
            matches!(post.status.as_u16(), 403 | 405),
            "POST {path}: {}",
            post.status
        );
        refused += 1;
    }
    assert!(refused >= 15, "only {refused} routes were checked");
    assert_eq!(t.store.count_articles().await.unwrap(), articles);
    assert!(t.store.all_pages().await.unwrap().is_empty());
    assert!(!t.store.has_site_settings().await.unwrap());
}

db_tests!(
    the_route_table_decides_who_may_use_each_desk_route,
    desk_routes_turn_away_visitors_without_a_session,
    administrators_manage_people_and_everyone_their_own_password,
    a_trashed_story_leaves_the_site_and_comes_back_from_the_trash,
    only_administrators_delete_for_good_and_the_trash_empties_itself,
    editorial_notes_stay_on_the_desk,
    the_story_list_filters_by_state_section_author_and_words,
    housekeeping_removes_expired_sessions_and_old_attempts,
    every_desk_form_refuses_requests_without_the_token,
);
