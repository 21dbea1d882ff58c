//! The newsroom's structure and settings through the Admin API, on both databases: the
//! same operations as the desk's pages (addresses made and refused, merges with their
//! redirects, deletes that must move stories), scopes and roles, and settings reaching
//! every page.

mod common;

use common::api::{call, error_of, json_of, token_for};
use common::{TestApp, fixture};
use newsdesk_core::{Role, Scope};
use serde_json::json;

db_tests!(
    sections_topics_and_authors_go_through_the_structure_operations,
    settings_are_an_administrators_and_reach_every_page,
);

async fn sections_topics_and_authors_go_through_the_structure_operations(t: TestApp) {
    let room = fixture::newsroom(&t.store, &t.media).await;
    let (_, token) = token_for(
        &t,
        "structure@example.com",
        Role::Editor,
        &[Scope::ReadContent, Scope::Structure],
    )
    .await;
    // Sections: added with an address made from the name, refused when it is taken.
    let res = call(
        &t,
        "POST",
        "/sections/",
        &token,
        Some(json!({"section": {"name": "Local News"}})),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.text());
    let local = json_of(&res)["section"].clone();
    assert_eq!(local["slug"], "local-news");
    let id = local["id"].as_i64().unwrap();
    let res = call(
        &t,
        "POST",
        "/sections/",
        &token,
        Some(json!({"section": {"name": "Local news"}})),
    )
    .await;
    assert_eq!(res.status, 422);
    assert_eq!(error_of(&res), ("invalid".into(), Some("slug".into())));
    let res = call(
        &t,
        "POST",
        "/sections/",
        &token,
        Some(json!({"section": {"name": "Admin", "slug": "admin"}})),
    )
    .await;
    assert_eq!(
        error_of(&res),
        ("invalid".into(), Some("slug".into())),
        "the site's own addresses are refused"
    );
    let res = call(
        &t,
        "POST",
        "/sections/",
        &token,
        Some(json!({"section": {"name": ""}})),
    )
    .await;
    assert_eq!(error_of(&res), ("invalid".into(), Some("name".into())));
    let res = call(
        &t,
        "POST",
        "/sections/",
        &token,
        Some(json!({"topic": {"name": "Wrong key"}})),
    )
    .await;
    assert_eq!(error_of(&res).0, "invalid_json");
    // Changed in part: what was not sent stays.
    let res = call(
        &t,
        "PATCH",
        &format!("/sections/{id}/"),
        &token,
        Some(json!({"section": {"description": "Stories from the county.", "hidden": true}})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    let changed = json_of(&res)["section"].clone();
    assert_eq!(
        (changed["name"].as_str(), changed["hidden"].as_bool()),
        (Some("Local News"), Some(true))
    );
    let all = json_of(&call(&t, "GET", "/sections/", &token, None).await);
    assert!(
        all["sections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == id),
        "hidden sections are listed"
    );
    // A section with stories moves them somewhere before it goes.
    let news = format!("/sections/{}/", room.news.id);
    let res = call(&t, "DELETE", &news, &token, None).await;
    assert_eq!(res.status, 422, "{}", res.text());
    assert!(t.store.section(room.news.id).await.unwrap().is_some());
    let res = call(&t, "DELETE", &format!("{news}?move_to={id}"), &token, None).await;
    assert_eq!(res.status, 204, "{}", res.text());
    assert_eq!(
        t.store
            .article(room.lead.id)
            .await
            .unwrap()
            .unwrap()
            .section_id,
        id
    );
    assert_eq!(call(&t, "GET", &news, &token, None).await.status, 404);
    // Topics: listed by what they start with, renamed, merged (the old address leads on).
    let res = call(
        &t,
        "POST",
        "/topics/",
        &token,
        Some(json!({"topic": {"name": "Iraq war"}})),
    )
    .await;
    assert_eq!(res.status, 201);
    let war = json_of(&res)["topic"]["id"].as_i64().unwrap();
    let found = json_of(&call(&t, "GET", "/topics/?q=Ira", &token, None).await);
    let names: Vec<&str> = found["topics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(
        names.contains(&"Iraq") && names.contains(&"Iraq war"),
        "{names:?}"
    );
    let res = call(
        &t,
        "POST",
        &format!("/topics/{war}/merge/"),
        &token,
        Some(json!({"into": "Iraq"})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    assert_eq!(json_of(&res)["topic"]["id"], room.iraq.id);
    t.catch_up().await;
    let old = t.get("/tag/iraq-war").await;
    assert_eq!(
        (old.status.as_u16(), old.header("location")),
        (301, "/tag/iraq")
    );
    let res = call(
        &t,
        "POST",
        &format!("/topics/{}/merge/", room.synod.id),
        &token,
        Some(json!({"into": "No such topic"})),
    )
    .await;
    assert_eq!(error_of(&res), ("invalid".into(), Some("into".into())));
    assert_eq!(
        call(
            &t,
            "DELETE",
            &format!("/topics/{}/", room.housing.id),
            &token,
            None
        )
        .await
        .status,
        204
    );
    assert!(t.store.tag(room.housing.id).await.unwrap().is_none());
    // Authors: links must be web addresses, a photo must be in the library.
    let res = call(&t, "POST", "/authors/", &token, Some(json!({"author": {"name": "Ana Ruiz", "job_title": "Health reporter", "links": ["https://example.com/ana"]}}))).await;
    assert_eq!(res.status, 201, "{}", res.text());
    let ana = json_of(&res)["author"].clone();
    assert_eq!(ana["links"], json!(["https://example.com/ana"]));
    let path = format!("/authors/{}/", ana["id"]);
    let res = call(
        &t,
        "PATCH",
        &path,
        &token,
        Some(json!({"author": {"links": ["javascript:alert(1)"]}})),
    )
    .await;
    assert_eq!(error_of(&res), ("invalid".into(), Some("links".into())));
    let res = call(
        &t,
        "PATCH",
        &path,
        &token,
        Some(json!({"author": {"photo_media_id": 424242}})),
    )
    .await;
    assert_eq!(
        error_of(&res),
        ("invalid".into(), Some("photo_media_id".into()))
    );
    let res = call(
        &t,
        "PATCH",
        &path,
        &token,
        Some(json!({"author": {"bio": "Covers hospitals.", "photo_media_id": room.photo.id}})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    assert_eq!(json_of(&res)["author"]["bio"], "Covers hospitals.");
    // Scopes and roles: a content token may not touch the structure, nor an author's.
    let (_, content) = token_for(
        &t,
        "content@example.com",
        Role::Editor,
        &[Scope::WriteContent, Scope::ReadContent],
    )
    .await;
    let res = call(
        &t,
        "POST",
        "/topics/",
        &content,
        Some(json!({"topic": {"name": "Nope"}})),
    )
    .await;
    assert_eq!(error_of(&res).0, "insufficient_scope");
    let (_, author) = token_for(
        &t,
        "author@example.com",
        Role::Author,
        &[Scope::Structure, Scope::ReadContent],
    )
    .await;
    let res = call(
        &t,
        "POST",
        "/topics/",
        &author,
        Some(json!({"topic": {"name": "Nope"}})),
    )
    .await;
    assert_eq!(
        (res.status.as_u16(), error_of(&res).0.as_str()),
        (403, "forbidden")
    );
    assert_eq!(
        call(&t, "GET", "/topics/", &author, None).await.status,
        200,
        "reading is open to the desk"
    );
}

async fn settings_are_an_administrators_and_reach_every_page(t: TestApp) {
    fixture::newsroom(&t.store, &t.media).await;
    let (_, editor) = token_for(
        &t,
        "editor@example.com",
        Role::Editor,
        &[Scope::Structure, Scope::ReadContent],
    )
    .await;
    let res = call(
        &t,
        "PATCH",
        "/settings/",
        &editor,
        Some(json!({"settings": {"name": "Not Mine"}})),
    )
    .await;
    assert_eq!(
        (res.status.as_u16(), error_of(&res).0.as_str()),
        (403, "forbidden")
    );
    let (_, admin) = token_for(
        &t,
        "admin@example.com",
        Role::Admin,
        &[Scope::Structure, Scope::ReadContent],
    )
    .await;
    let res = call(&t, "PATCH", "/settings/", &admin, Some(json!({"settings": {"name": "The Valley Courier", "time_zone": "Europe/Lisbon", "footer_links": [{"label": "Tips", "url": "/tips"}]}}))).await;
    assert_eq!(res.status, 200, "{}", res.text());
    let saved = json_of(&res)["settings"].clone();
    assert_eq!(
        (saved["name"].as_str(), saved["time_zone"].as_str()),
        (Some("The Valley Courier"), Some("Europe/Lisbon"))
    );
    t.catch_up().await;
    let home = t.get("/").await.text();
    assert!(home.contains("The Valley Courier") && home.contains("/tips"));
    // Refused settings change nothing.
    for (sent, field) in [
        (json!({"time_zone": "Mars/Olympus"}), None),
        (json!({"language": "not a language!"}), None),
        (json!({"logo_media_id": 424242}), Some("logo_media_id")),
        (
            json!({"footer_links": [{"label": "x", "url": "javascript:alert(1)"}]}),
            None,
        ),
    ] {
        let res = call(
            &t,
            "PATCH",
            "/settings/",
            &admin,
            Some(json!({ "settings": sent })),
        )
        .await;
        assert_eq!(res.status, 422, "{sent}: {}", res.text());
        assert_eq!(
            error_of(&res),
            ("invalid".into(), field.map(str::to_owned)),
            "{sent}"
        );
    }
    let now = json_of(&call(&t, "GET", "/settings/", &admin, None).await);
    assert_eq!(now["settings"]["time_zone"], "Europe/Lisbon");
}
