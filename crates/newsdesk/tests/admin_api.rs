//! The Admin API and its tokens, on both databases: tokens made in the desk (shown once,
//! stored hashed, last use noted, revoked), stories written through the same operations as
//! the desk (versions and 409s, workflow steps, corrections, the trash), pictures with
//! their IPTC words, scopes and roles, rate limits, and errors as JSON with a code, a
//! sentence and the field at fault.

use crate::common;

use axum::body::Body;
use axum::http::Request;
use common::api::{V1, call, error_of, json_of, token_for};
use common::desk::{SAME_SITE, sign_in};
use common::fixture;
use common::{TestApp, select, test_settings};
use newsdesk_core::{Role, Scope};
use newsdesk_media::fixtures;
use serde_json::{Value, json};

db_tests!(
    tokens_are_made_in_the_desk_shown_once_and_revoked,
    stories_go_through_the_newsroom_operations,
    scopes_and_roles_limit_what_a_token_does,
    errors_are_json_with_a_code_a_sentence_and_the_field,
    pictures_are_uploaded_with_their_own_words,
    a_token_is_held_to_its_rate_limit,
    every_admin_route_wants_a_token,
);

async fn tokens_are_made_in_the_desk_shown_once_and_revoked(t: TestApp) {
    let editor = sign_in(&t, "editor@example.com", Role::Editor).await;
    let res = editor
        .post(
            &t,
            "/admin/tokens",
            &[
                ("name", "Wire importer"),
                ("scope", "content:read"),
                ("scope", "content:write"),
            ],
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text());
    let page = res.html();
    let secret = select(&page, "input.token-secret")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    assert!(secret.starts_with("nd_") && secret.len() > 40, "{secret}");
    // Listed by its first characters; the secret is nowhere but on that one answer.
    let list = editor.get(&t, "/admin/tokens").await;
    assert_eq!(list.status, 200);
    assert!(list.text().contains("Wire importer"));
    assert!(list.text().contains(&secret[..11]));
    assert!(!list.text().contains(&secret), "the secret is shown once");
    let stored = t.store.api_tokens(None).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].last_used_at, None);
    // It acts for its person, with its scopes.
    let me = call(&t, "GET", "/me/", &secret, None).await;
    assert_eq!(me.status, 200, "{}", me.text());
    let me = json_of(&me);
    assert_eq!(me["user"]["email"], "editor@example.com");
    assert_eq!(me["user"]["role"], "editor");
    assert_eq!(
        me["token"]["scopes"],
        json!(["content:read", "content:write"])
    );
    let used = t.store.api_tokens(None).await.unwrap();
    assert!(
        used[0].last_used_at.is_some(),
        "the time it was last used is kept"
    );
    // Refused forms keep what was typed and make nothing.
    let none = editor
        .post(&t, "/admin/tokens", &[("name", "No scopes")])
        .await;
    assert_eq!(none.status, 422);
    assert!(none.text().contains("No scopes"), "the name is kept");
    let odd = editor
        .post(&t, "/admin/tokens", &[("name", "Odd"), ("scope", "root")])
        .await;
    assert_eq!(odd.status, 422);
    let unnamed = editor
        .post(&t, "/admin/tokens", &[("name", " "), ("scope", "media")])
        .await;
    assert_eq!(unnamed.status, 422);
    assert_eq!(t.store.api_tokens(None).await.unwrap().len(), 1);
    // Someone else may not revoke it; its person may, and then it stops working.
    let id = stored[0].id.to_string();
    let other = sign_in(&t, "reporter@example.com", Role::Author).await;
    let res = other
        .post(&t, &format!("/admin/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(res.status, 403);
    assert_eq!(call(&t, "GET", "/me/", &secret, None).await.status, 200);
    let res = editor
        .post(&t, &format!("/admin/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(res.status, 303);
    let gone = call(&t, "GET", "/me/", &secret, None).await;
    assert_eq!(gone.status, 401);
    assert_eq!(error_of(&gone).0, "unauthorized");
    assert!(
        editor
            .get(&t, "/admin/tokens")
            .await
            .text()
            .contains("revoked")
    );
    // The form comes from this site's page only.
    let forged = t
        .post_form(
            "/admin/tokens",
            &[("csrf_token", "forged"), ("name", "x"), ("scope", "media")],
            &[SAME_SITE, ("cookie", &editor.cookie)],
        )
        .await;
    assert_eq!(forged.status, 403);
}

async fn stories_go_through_the_newsroom_operations(t: TestApp) {
    let room = fixture::newsroom(&t.store, &t.media).await;
    let (_, token) = token_for(
        &t,
        "desk@example.com",
        Role::Editor,
        &[Scope::ReadContent, Scope::WriteContent, Scope::Structure],
    )
    .await;
    let made = call(
        &t,
        "POST",
        "/stories/",
        &token,
        Some(json!({"story": {
            "headline": "Council approves the budget",
            "standfirst": "After a long night.",
            "body_markdown": "The council voted **7 to 2**.\n\n<script>alert(1)</script>",
            "section_id": room.news.id,
            "tag_ids": [room.housing.id],
            "topic_names": ["City budget"],
            "author_ids": [room.jane.id],
        }})),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.text());
    let location = made.header("location").to_owned();
    let story = json_of(&made)["story"].clone();
    assert_eq!(story["state"], "draft");
    assert_eq!(story["version"], 1);
    assert_eq!(story["url"], Value::Null, "a draft has no public address");
    assert!(!story["body_html"].as_str().unwrap().contains("<script"));
    assert_eq!(
        story["tag_ids"].as_array().unwrap().len(),
        2,
        "a topic named in words is made"
    );
    let id = story["id"].as_i64().unwrap();
    assert_eq!(location, format!("{V1}/stories/{id}/"));
    // The same headline again gets a numbered address, as at the desk.
    let again = call(&t, "POST", "/stories/", &token, Some(json!({"story": {"headline": "Council approves the budget", "section_id": room.news.id}}))).await;
    assert_eq!(again.status, 201);
    assert_eq!(
        json_of(&again)["story"]["slug"],
        "council-approves-the-budget-2"
    );
    // Listed among the desk's stories, drafts included.
    let list = json_of(&call(&t, "GET", "/stories/?state=draft", &token, None).await);
    assert_eq!(list["stories"].as_array().unwrap().len(), 2);
    assert_eq!(list["meta"]["pagination"]["page"], 1);
    // A change needs the version it was based on.
    let res = call(
        &t,
        "PATCH",
        &format!("/stories/{id}/"),
        &token,
        Some(json!({"story": {"headline": "x"}})),
    )
    .await;
    assert_eq!(res.status, 422);
    assert_eq!(error_of(&res), ("invalid".into(), Some("version".into())));
    // Publishing is a step, and what was not sent stays.
    let res = call(&t, "PATCH", &format!("/stories/{id}/"), &token, Some(json!({"story": {"version": 1, "step": "publish", "headline": "Council approves the 2027 budget"}}))).await;
    assert_eq!(res.status, 200, "{}", res.text());
    let published = json_of(&res)["story"].clone();
    assert_eq!(published["state"], "published");
    assert_eq!(published["version"], 2);
    assert_eq!(published["standfirst"], "After a long night.");
    assert!(published["first_published_at"].is_string());
    let url = published["url"].as_str().unwrap().to_owned();
    t.catch_up().await;
    let path = url
        .split_once("://")
        .map(|(_, r)| &r[r.find('/').unwrap()..])
        .unwrap();
    let page = t.get(path).await;
    assert_eq!(page.status, 200, "{path}");
    assert!(page.text().contains("Council approves the 2027 budget"));
    // A stale version saves nothing and says which version is current.
    let stale = call(
        &t,
        "PATCH",
        &format!("/stories/{id}/"),
        &token,
        Some(json!({"story": {"version": 1, "headline": "Overwritten"}})),
    )
    .await;
    assert_eq!(stale.status, 409);
    let body = json_of(&stale);
    assert_eq!(body["errors"][0]["code"], "version_conflict");
    assert_eq!(body["errors"][0]["current_version"], 2);
    assert_eq!(
        t.store.article(id).await.unwrap().unwrap().headline,
        "Council approves the 2027 budget"
    );
    // A workflow step that does not fit the story's state is refused.
    let res = call(
        &t,
        "PATCH",
        &format!("/stories/{id}/"),
        &token,
        Some(json!({"story": {"version": 2, "step": "submit"}})),
    )
    .await;
    assert_eq!(res.status, 403, "{}", res.text());
    // Corrections are dated notes on the published story, on its page too.
    let res = call(
        &t,
        "POST",
        &format!("/stories/{id}/corrections/"),
        &token,
        Some(json!({"kind": "correction", "text": "An earlier version gave the vote as 6 to 3."})),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.text());
    let corrected = json_of(&res)["story"].clone();
    assert_eq!(corrected["corrections"][0]["kind"], "correction");
    t.catch_up().await;
    assert!(t.get(path).await.text().contains("6 to 3"));
    let res = call(
        &t,
        "POST",
        &format!("/stories/{id}/corrections/"),
        &token,
        Some(json!({"kind": "apology", "text": "x"})),
    )
    .await;
    assert_eq!(res.status, 422);
    // Into the trash and out again (as a draft, off the site).
    let res = call(&t, "DELETE", &format!("/stories/{id}/"), &token, None).await;
    assert_eq!(res.status, 204);
    assert_eq!(
        call(&t, "GET", &format!("/stories/{id}/"), &token, None)
            .await
            .status,
        404
    );
    t.catch_up().await;
    assert_eq!(t.get(path).await.status, 404);
    let res = call(&t, "POST", &format!("/stories/{id}/restore/"), &token, None).await;
    assert_eq!(res.status, 200, "{}", res.text());
    let restored = json_of(&res)["story"].clone();
    assert_ne!(restored["state"], "published");
    assert_eq!(restored["in_trash"], false);
    // Every save is a version; an old one comes back as a new save.
    let versions =
        json_of(&call(&t, "GET", &format!("/stories/{id}/versions/"), &token, None).await);
    let headlines: Vec<&str> = versions["versions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["headline"].as_str())
        .collect();
    assert!(
        headlines.contains(&"Council approves the budget"),
        "{headlines:?}"
    );
    let before = restored["version"].as_i64().unwrap();
    let res = call(
        &t,
        "POST",
        &format!("/stories/{id}/versions/1/restore/"),
        &token,
        None,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    let back = json_of(&res)["story"].clone();
    assert_eq!(
        (back["headline"].as_str(), back["version"].as_i64()),
        (Some("Council approves the budget"), Some(before + 1))
    );
    assert_eq!(
        call(
            &t,
            "POST",
            &format!("/stories/{id}/versions/999/restore/"),
            &token,
            None
        )
        .await
        .status,
        404
    );
    let restored = back;
    // Scheduling takes an RFC 3339 time.
    let version = restored["version"].as_i64().unwrap();
    let at = jiff::Timestamp::from_second(newsdesk_core::now() + 3600)
        .unwrap()
        .to_string();
    let res = call(
        &t,
        "PATCH",
        &format!("/stories/{id}/"),
        &token,
        Some(json!({"story": {"version": version, "step": "schedule", "scheduled_for": at}})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    assert_eq!(json_of(&res)["story"]["state"], "scheduled");
    assert_eq!(json_of(&res)["story"]["scheduled_for"], at);
}

async fn scopes_and_roles_limit_what_a_token_does(t: TestApp) {
    let room = fixture::newsroom(&t.store, &t.media).await;
    let (_, reader) = token_for(
        &t,
        "reader@example.com",
        Role::Editor,
        &[Scope::ReadContent],
    )
    .await;
    let new = json!({"story": {"headline": "Scoped", "section_id": room.news.id}});
    let before = t.store.count_articles().await.unwrap();
    let res = call(&t, "POST", "/stories/", &reader, Some(new.clone())).await;
    assert_eq!(res.status, 403);
    assert_eq!(error_of(&res).0, "insufficient_scope");
    // An editor's token without the structure scope cannot make topics on the way.
    let (_, no_structure) = token_for(
        &t,
        "nostructure@example.com",
        Role::Editor,
        &[Scope::WriteContent],
    )
    .await;
    let named = json!({"story": {"headline": "Named", "section_id": room.news.id, "topic_names": ["Brand new"]}});
    let res = call(&t, "POST", "/stories/", &no_structure, Some(named)).await;
    assert_eq!(
        error_of(&res),
        ("invalid".into(), Some("topic_names".into()))
    );
    assert!(res.text().contains("structure scope"), "{}", res.text());
    assert_eq!(
        call(&t, "GET", "/stories/", &reader, None).await.status,
        200
    );
    let lead = format!("/stories/{}/", room.lead.id);
    assert_eq!(call(&t, "GET", &lead, &reader, None).await.status, 200);
    let res = call(&t, "DELETE", &lead, &reader, None).await;
    assert_eq!(res.status, 403);
    // A writing token without reading may not list.
    let (_, writer) = token_for(
        &t,
        "writer@example.com",
        Role::Contributor,
        &[Scope::WriteContent],
    )
    .await;
    assert_eq!(
        error_of(&call(&t, "GET", "/stories/", &writer, None).await).0,
        "insufficient_scope"
    );
    // The role still rules: a contributor's token writes drafts but never publishes.
    let res = call(&t, "POST", "/stories/", &writer, Some(new.clone())).await;
    assert_eq!(res.status, 201, "{}", res.text());
    let draft = json_of(&res)["story"].clone();
    let res = call(
        &t,
        "PATCH",
        &format!("/stories/{}/", draft["id"]),
        &writer,
        Some(json!({"story": {"version": 1, "step": "publish"}})),
    )
    .await;
    assert_eq!(res.status, 403);
    assert_eq!(error_of(&res).0, "forbidden");
    let res = call(
        &t,
        "PATCH",
        &lead,
        &writer,
        Some(json!({"story": {"version": room.lead.version, "headline": "Not mine"}})),
    )
    .await;
    assert_eq!(res.status, 403, "not their own story");
    assert_eq!(t.store.count_articles().await.unwrap(), before + 1);
    // A token stops working when its person is disabled.
    let (user, media) = token_for(&t, "photo@example.com", Role::Author, &[Scope::Media]).await;
    t.store.set_disabled(user, true, None).await.unwrap();
    assert_eq!(call(&t, "GET", "/me/", &media, None).await.status, 401);
    // No token, a mistyped one, another scheme.
    let bare = t.get(&format!("{V1}/stories/")).await;
    assert_eq!(bare.status, 401);
    assert_eq!(bare.header("www-authenticate"), "Bearer");
    assert_eq!(error_of(&bare).0, "unauthorized");
    assert_eq!(
        call(&t, "GET", "/stories/", "nd_0000", None).await.status,
        401
    );
    let basic = t
        .get_with(
            &format!("{V1}/stories/"),
            &[("authorization", "Basic YTpi")],
        )
        .await;
    assert_eq!(basic.status, 401);
}

async fn errors_are_json_with_a_code_a_sentence_and_the_field(t: TestApp) {
    let room = fixture::newsroom(&t.store, &t.media).await;
    let (_, token) = token_for(
        &t,
        "e@example.com",
        Role::Editor,
        &[Scope::ReadContent, Scope::WriteContent],
    )
    .await;
    let before = t.store.count_articles().await.unwrap();
    let story = |fields: Value| Some(json!({ "story": fields }));
    let news = room.news.id;
    let cases: Vec<(Option<Value>, u16, &str, Option<&str>)> = vec![
        (
            story(json!({"headline": "", "section_id": news})),
            422,
            "invalid",
            Some("headline"),
        ),
        (
            story(json!({"headline": "No section"})),
            422,
            "invalid",
            Some("section_id"),
        ),
        (
            story(json!({"headline": "Bad section", "section_id": 99999})),
            422,
            "invalid",
            Some("section_id"),
        ),
        (
            story(json!({"headline": "Bad topic", "section_id": news, "tag_ids": [424242]})),
            422,
            "invalid",
            Some("tag_ids"),
        ),
        (
            story(json!({"headline": "Bad byline", "section_id": news, "author_ids": [424242]})),
            422,
            "invalid",
            Some("author_ids"),
        ),
        (
            story(json!({"headline": "Bad picture", "section_id": news, "lead_media_id": 424242})),
            422,
            "invalid",
            Some("lead_media_id"),
        ),
        (
            story(json!({"headline": "Bad slug", "section_id": news, "slug": "Not A Slug!"})),
            422,
            "invalid",
            Some("slug"),
        ),
        (
            story(json!({"headline": "Bad time", "section_id": news, "embargo_until": "tomorrow"})),
            422,
            "invalid",
            Some("embargo_until"),
        ),
        (
            story(json!({"headline": "Bad step", "section_id": news, "step": "launch"})),
            422,
            "invalid",
            Some("step"),
        ),
        (
            story(json!({"headline": "Typo", "section_id": news, "headlin": "x"})),
            400,
            "invalid_json",
            None,
        ),
        (
            story(json!({"headline": 7, "section_id": news})),
            400,
            "invalid_json",
            None,
        ),
        (
            Some(json!({"headline": "Unwrapped"})),
            400,
            "invalid_json",
            None,
        ),
        (None, 400, "invalid_json", None),
    ];
    for (body, status, code, field) in cases {
        let res = call(&t, "POST", "/stories/", &token, body.clone()).await;
        assert_eq!(res.status.as_u16(), status, "{body:?}: {}", res.text());
        let (got_code, got_field) = error_of(&res);
        assert_eq!(
            (got_code.as_str(), got_field.as_deref()),
            (code, field),
            "{body:?}"
        );
    }
    let res = t
        .send(
            Request::post(format!("{V1}/stories/"))
                .header("authorization", format!("Bearer {token}"))
                .body(Body::from("{\"story\": {"))
                .unwrap(),
        )
        .await;
    assert_eq!(error_of(&res).0, "invalid_json");
    assert_eq!(
        t.store.count_articles().await.unwrap(),
        before,
        "nothing was saved"
    );
    for (path, status) in [
        ("/stories/?state=bogus", 422),
        ("/stories/?limit=0", 422),
        ("/stories/?limit=101", 422),
        ("/stories/?page=0", 422),
        ("/stories/?page=x", 400),
        ("/stories/424242/", 404),
        ("/stories/abc/", 400),
        ("/pictures/424242/", 404),
    ] {
        let res = call(&t, "GET", path, &token, None).await;
        assert_eq!(res.status.as_u16(), status, "{path}: {}", res.text());
        json_of(&res);
    }
    let res = call(&t, "PUT", "/stories/", &token, None).await;
    assert_eq!(res.status, 405);
    json_of(&res);
    // A story in the trash is not found for editing either.
    let lead = format!("/stories/{}/", room.lead.id);
    assert_eq!(call(&t, "DELETE", &lead, &token, None).await.status, 204);
    let res = call(
        &t,
        "PATCH",
        &lead,
        &token,
        story(json!({"version": room.lead.version, "headline": "x"})),
    )
    .await;
    assert_eq!(res.status, 404);
    assert_eq!(error_of(&res).0, "not_found");
}

async fn pictures_are_uploaded_with_their_own_words(t: TestApp) {
    let (_, token) = token_for(
        &t,
        "photo@example.com",
        Role::Author,
        &[Scope::Media, Scope::ReadContent],
    )
    .await;
    let iptc = fixtures::iptc_app13(&[(120, "Firefighters at the depot"), (110, "Jo Bloggs/Wire")]);
    let jpeg = fixtures::jpeg_with(&[(0xED, iptc)]);
    let upload = |fields: Vec<(&'static str, &'static str)>,
                  file: Option<(&'static str, Vec<u8>)>| {
        let boundary = "----admin-api-test";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
        }
        if let Some((file_name, bytes)) = file {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
            body.extend(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        Request::post(format!("{V1}/pictures/"))
            .header("authorization", format!("Bearer {token}"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap()
    };
    let res = t
        .send(upload(
            vec![("alt", "Two firefighters")],
            Some(("depot.jpg", jpeg.clone())),
        ))
        .await;
    assert_eq!(res.status, 201, "{}", res.text());
    let picture = json_of(&res)["picture"].clone();
    assert_eq!(picture["alt"], "Two firefighters");
    assert_eq!(
        picture["caption"], "Firefighters at the depot",
        "filled from the photo's IPTC"
    );
    assert!(
        picture["renditions"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
    let id = picture["id"].as_i64().unwrap();
    let res = call(
        &t,
        "PATCH",
        &format!("/pictures/{id}/"),
        &token,
        Some(json!({"picture": {"credit": "Jo Bloggs"}})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    let changed = json_of(&res)["picture"].clone();
    assert_eq!(
        (changed["credit"].as_str(), changed["caption"].as_str()),
        (Some("Jo Bloggs"), Some("Firefighters at the depot"))
    );
    assert_eq!(
        json_of(&call(&t, "GET", &format!("/pictures/{id}/"), &token, None).await)["picture"]["credit"],
        "Jo Bloggs"
    );
    // Refusals, each with its code; nothing is added to the library.
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    let res = t.send(upload(vec![], Some(("x.svg", svg)))).await;
    assert_eq!(
        (res.status.as_u16(), error_of(&res).0.as_str()),
        (415, "picture_unsupported")
    );
    let cut = jpeg[..jpeg.len() / 3].to_vec();
    let res = t.send(upload(vec![], Some(("cut.jpg", cut)))).await;
    assert_eq!(
        (res.status.as_u16(), error_of(&res).0.as_str()),
        (422, "picture_unreadable")
    );
    assert!(
        !res.text().to_lowercase().contains("decod"),
        "no decoder words: {}",
        res.text()
    );
    let res = t.send(upload(vec![("alt", "nothing")], None)).await;
    assert_eq!(error_of(&res), ("invalid".into(), Some("file".into())));
    let res = t
        .send(upload(vec![("colour", "red")], Some(("depot.jpg", jpeg))))
        .await;
    assert_eq!(res.status, 422);
    // Another author's token may not change this picture's words.
    let (_, other) = token_for(&t, "other@example.com", Role::Author, &[Scope::Media]).await;
    let res = call(
        &t,
        "PATCH",
        &format!("/pictures/{id}/"),
        &other,
        Some(json!({"picture": {"credit": "Me"}})),
    )
    .await;
    assert_eq!(res.status, 403);
}

async fn a_token_is_held_to_its_rate_limit(t: TestApp) {
    let settings = newsdesk_web::Settings {
        api_rate_limit: 3,
        ..test_settings()
    };
    let t = TestApp::start_with(t.store.backend(), settings).await;
    let (_, token) = token_for(&t, "busy@example.com", Role::Editor, &[Scope::ReadContent]).await;
    let (_, other) = token_for(&t, "calm@example.com", Role::Editor, &[Scope::ReadContent]).await;
    for _ in 0..3 {
        assert_eq!(call(&t, "GET", "/me/", &token, None).await.status, 200);
    }
    let res = call(&t, "GET", "/me/", &token, None).await;
    assert_eq!(res.status, 429);
    assert_eq!(error_of(&res).0, "rate_limited");
    let wait: u64 = res.header("retry-after").parse().unwrap();
    assert!((1..=20).contains(&wait), "{wait}");
    assert_eq!(
        call(&t, "GET", "/me/", &other, None).await.status,
        200,
        "each token has its own limit"
    );
    t.finish().await;
}

async fn every_admin_route_wants_a_token(t: TestApp) {
    let stories = t.store.count_articles().await.unwrap();
    for (pattern, who) in newsdesk_web::route::POLICY {
        if who != newsdesk_web::route::Who::Token {
            continue;
        }
        let path = pattern.replace("{id}", "1").replace("{version}", "1");
        for method in ["GET", "POST", "PATCH", "DELETE"] {
            let res = t
                .send(
                    Request::builder()
                        .method(method)
                        .uri(&path)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert!(
                matches!(res.status.as_u16(), 401 | 405),
                "{method} {path}: {}",
                res.status
            );
            json_of(&res);
        }
    }
    assert_eq!(t.store.count_articles().await.unwrap(), stories);
}
