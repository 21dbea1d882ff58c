//! The newsroom's structure, settings, pages and logins through the Admin API, on both
//! databases: the same operations as the desk's pages (addresses made and refused, merges
//! with their redirects, deletes that must move stories, versions), scopes and roles, and
//! settings reaching every page.

use crate::common;

use common::api::{call, error_of, json_of, token_for};
use common::{TestApp, fixture};
use newsdesk_core::{Role, Scope};
use serde_json::json;

db_tests!(
    sections_topics_and_authors_go_through_the_structure_operations,
    settings_are_an_administrators_and_reach_every_page,
    standalone_pages_are_written_with_versions,
    logins_are_an_administrators_through_the_users_scope,
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

async fn standalone_pages_are_written_with_versions(t: TestApp) {
    fixture::newsroom(&t.store, &t.media).await;
    let (_, token) = token_for(
        &t,
        "pages@example.com",
        Role::Editor,
        &[Scope::Structure, Scope::ReadContent],
    )
    .await;
    let res = call(&t, "POST", "/pages/", &token, Some(json!({"page": {"title": "About us", "body_markdown": "We are **local**.", "published": true, "purpose": "about", "in_footer": true}}))).await;
    assert_eq!(res.status, 201, "{}", res.text());
    let page = json_of(&res)["page"].clone();
    assert_eq!(
        (page["slug"].as_str(), page["version"].as_i64()),
        (Some("about-us"), Some(1))
    );
    assert!(page["url"].as_str().unwrap().ends_with("/about-us"));
    t.catch_up().await;
    assert!(
        t.get("/about-us")
            .await
            .text()
            .contains("<strong>local</strong>")
    );
    let id = page["id"].as_i64().unwrap();
    let path = format!("/pages/{id}/");
    for (sent, field) in [
        (json!({"title": "Contact", "slug": "about-us"}), "slug"),
        (json!({"title": "News", "slug": "news"}), "slug"),
        (json!({"title": "Odd", "purpose": "mission"}), "purpose"),
        (json!({"title": "  "}), "title"),
        (
            json!({"title": "Far", "footer_position": 5000}),
            "footer_position",
        ),
    ] {
        let res = call(&t, "POST", "/pages/", &token, Some(json!({ "page": sent }))).await;
        assert_eq!(
            error_of(&res),
            ("invalid".into(), Some(field.into())),
            "{sent}"
        );
    }
    let res = call(
        &t,
        "PATCH",
        &path,
        &token,
        Some(json!({"page": {"title": "About"}})),
    )
    .await;
    assert_eq!(error_of(&res), ("invalid".into(), Some("version".into())));
    let res = call(
        &t,
        "PATCH",
        &path,
        &token,
        Some(json!({"page": {"version": 1, "published": false}})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    assert_eq!(json_of(&res)["page"]["url"], serde_json::Value::Null);
    let stale = call(
        &t,
        "PATCH",
        &path,
        &token,
        Some(json!({"page": {"version": 1, "title": "Overwritten"}})),
    )
    .await;
    assert_eq!(stale.status, 409);
    assert_eq!(json_of(&stale)["errors"][0]["current_version"], 2);
    t.catch_up().await;
    assert_eq!(t.get("/about-us").await.status, 404, "unpublished");
    let listed = json_of(&call(&t, "GET", "/pages/", &token, None).await);
    assert_eq!(
        listed["pages"].as_array().unwrap().len(),
        1,
        "drafts are listed"
    );
    assert_eq!(call(&t, "DELETE", &path, &token, None).await.status, 204);
    assert_eq!(call(&t, "GET", &path, &token, None).await.status, 404);
    let (_, author) = token_for(&t, "author@example.com", Role::Author, &[Scope::Structure]).await;
    let res = call(
        &t,
        "POST",
        "/pages/",
        &author,
        Some(json!({"page": {"title": "Mine"}})),
    )
    .await;
    assert_eq!(res.status, 403);
}

async fn logins_are_an_administrators_through_the_users_scope(t: TestApp) {
    let room = fixture::newsroom(&t.store, &t.media).await;
    let (admin_id, admin) = token_for(&t, "admin@example.com", Role::Admin, &[Scope::Users]).await;
    let new = json!({"user": {"email": "New.Reporter@Example.com", "name": "New Reporter", "role": "contributor", "password": "a good long password"}});
    let res = call(&t, "POST", "/users/", &admin, Some(new.clone())).await;
    assert_eq!(res.status, 201, "{}", res.text());
    let user = json_of(&res)["user"].clone();
    assert_eq!(
        (user["email"].as_str(), user["role"].as_str()),
        (Some("new.reporter@example.com"), Some("contributor"))
    );
    assert!(!res.text().contains("argon2"), "no hash is ever shown");
    let res = call(&t, "POST", "/users/", &admin, Some(new)).await;
    assert_eq!(error_of(&res), ("invalid".into(), Some("email".into())));
    for (sent, field) in [
        (
            json!({"email": "not an email", "role": "author", "password": "a good long password"}),
            "email",
        ),
        (
            json!({"email": "x@example.com", "role": "chief", "password": "a good long password"}),
            "role",
        ),
        (
            json!({"email": "y@example.com", "role": "author", "password": "short"}),
            "password",
        ),
    ] {
        let res = call(&t, "POST", "/users/", &admin, Some(json!({ "user": sent }))).await;
        assert_eq!(
            error_of(&res),
            ("invalid".into(), Some(field.into())),
            "{sent}"
        );
    }
    let path = format!("/users/{}/", user["id"]);
    let res = call(
        &t,
        "PATCH",
        &path,
        &admin,
        Some(json!({"user": {"role": "author", "author_id": room.jane.id}})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text());
    assert_eq!(
        (
            json_of(&res)["user"]["role"].as_str(),
            json_of(&res)["user"]["author_id"].as_i64()
        ),
        (Some("author"), Some(room.jane.id))
    );
    let res = call(
        &t,
        "PATCH",
        &path,
        &admin,
        Some(json!({"user": {"author_id": 424242}})),
    )
    .await;
    assert_eq!(error_of(&res), ("invalid".into(), Some("author_id".into())));
    let res = call(
        &t,
        "PATCH",
        &path,
        &admin,
        Some(json!({"user": {"disabled": true}})),
    )
    .await;
    assert_eq!(json_of(&res)["user"]["disabled"], true);
    // Not one's own role, nor one's own login.
    let me = format!("/users/{admin_id}/");
    let res = call(
        &t,
        "PATCH",
        &me,
        &admin,
        Some(json!({"user": {"role": "editor"}})),
    )
    .await;
    assert_eq!(error_of(&res), ("invalid".into(), Some("role".into())));
    let res = call(
        &t,
        "PATCH",
        &me,
        &admin,
        Some(json!({"user": {"disabled": true}})),
    )
    .await;
    assert_eq!(error_of(&res), ("invalid".into(), Some("disabled".into())));
    assert_eq!(call(&t, "GET", "/users/", &admin, None).await.status, 200);
    // An editor's token with the users scope is still an editor's.
    let (_, editor) = token_for(&t, "editor@example.com", Role::Editor, &[Scope::Users]).await;
    assert_eq!(
        error_of(&call(&t, "GET", "/users/", &editor, None).await).0,
        "forbidden"
    );
    // An administrator's token without the users scope may not either.
    let (_, narrow) = token_for(&t, "admin2@example.com", Role::Admin, &[Scope::ReadContent]).await;
    assert_eq!(
        error_of(&call(&t, "GET", "/users/", &narrow, None).await).0,
        "insufficient_scope"
    );
}
