//! The Content API, at `/api/content/v1/…` and Ghost's `/ghost/api/content/…`, on both
//! databases: only public content whatever is asked, Ghost's filter language, paging and
//! shapes, errors as JSON, the page cache's ETags and invalidation, the content key, CORS.
//!
//! The last test runs Ghost's own JavaScript client (`@tryghost/content-api`, pinned in
//! `tests/ghost-client/package.json`) with Node against the real server on a loopback
//! port. It is ignored by a plain `cargo test` and fails, never skips, under
//! `-- --include-ignored` when Node or the package is missing.

use crate::common;

use common::fixture::{self, Newsroom};
use common::{TestApp, test_settings};
use newsdesk_core::page::Purpose;
use newsdesk_core::{Article, Role, Slug, State};
use newsdesk_store::{CorrectionInput, NewUser, PageInput};
use serde_json::Value;
use std::collections::BTreeSet;

const V1: &str = "/api/content/v1";
const GHOST: &str = "/ghost/api/content";

/// The fixture's newsroom, plus stories no reader may see — a draft, one in review, a
/// scheduled one, one under embargo, an unpublished one and a trashed one — all tagged
/// Iraq, by Jane, in News, so that any filter that slipped would show them.
struct Room {
    room: Newsroom,
    public: Vec<Article>,
    hidden: Vec<Article>,
}

async fn room(t: &TestApp) -> Room {
    let room = fixture::newsroom(&t.store, &t.media).await;
    let mut public = vec![room.lead.clone(), room.world_story.clone()];
    public.extend(room.news_others.iter().cloned());
    let now = newsdesk_core::now();
    let hidden_story = |headline: &str, state: State| {
        let mut input = fixture::story(room.news.id, headline, 5);
        input.state = state;
        input.tag_ids = vec![room.iraq.id];
        input.author_ids = vec![room.jane.id];
        if !matches!(state, State::Published | State::Unpublished) {
            input.first_published_at = None;
            input.published_at = None;
        }
        input
    };
    let draft = hidden_story("The draft", State::Draft);
    let review = hidden_story("The story in review", State::InReview);
    let mut scheduled = hidden_story("The scheduled story", State::Scheduled);
    scheduled.scheduled_for = Some(now + 3600);
    let mut embargoed = hidden_story("The embargoed story", State::Published);
    embargoed.embargo_until = Some(now + 3600);
    let unpublished = hidden_story("The unpublished story", State::Unpublished);
    let trashed = hidden_story("The trashed story", State::Published);
    let mut hidden = Vec::new();
    for input in [draft, review, scheduled, embargoed, unpublished, trashed] {
        hidden.push(t.store.create_article(&input, None).await.unwrap());
    }
    let trashed_id = hidden.last().map(|a| a.id).unwrap();
    assert!(t.store.trash_article(trashed_id, None).await.unwrap());
    t.catch_up().await;
    Room {
        room,
        public,
        hidden,
    }
}

async fn json(t: &TestApp, path: &str) -> Value {
    let res = t.get(path).await;
    assert_eq!(res.status, 200, "{path}: {}", res.text());
    assert!(
        res.header("content-type").starts_with("application/json"),
        "{path}"
    );
    serde_json::from_slice(&res.body).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The ids of a list answer's posts, as numbers whichever door answered.
fn ids(v: &Value) -> BTreeSet<i64> {
    v["posts"]
        .as_array()
        .unwrap_or_else(|| panic!("no posts in {v}"))
        .iter()
        .map(|p| match &p["id"] {
            Value::String(s) => s.parse().unwrap(),
            n => n.as_i64().unwrap(),
        })
        .collect()
}

fn ids_of(stories: &[&Article]) -> BTreeSet<i64> {
    stories.iter().map(|a| a.id).collect()
}

fn error_code(v: &Value) -> &str {
    v["errors"][0]["code"].as_str().unwrap_or("")
}

async fn only_public_stories_are_served_whatever_is_asked(t: TestApp) {
    let r = room(&t).await;
    let public = ids_of(&r.public.iter().collect::<Vec<_>>());
    // A note on a public story stays in the desk.
    let user = t
        .store
        .create_user(
            &NewUser {
                email: "ed@example.com",
                name: "Ed",
                password_hash: "x",
                role: Role::Editor,
            },
            None,
        )
        .await
        .unwrap();
    t.store
        .add_note(
            r.room.lead.id,
            user.id,
            None,
            "SECRET-NOTE: check the source",
        )
        .await
        .unwrap();
    t.catch_up().await;
    for door in [V1, GHOST] {
        let all = json(
            &t,
            &format!("{door}/posts/?limit=all&include=tags,authors&formats=html,plaintext"),
        )
        .await;
        assert_eq!(ids(&all), public, "{door}");
        assert!(!all.to_string().contains("SECRET-NOTE"), "{door}");
        for filter in [
            "tag:iraq",
            "author:jane-hollis",
            "section:news",
            "slug:the-draft",
            "slug:[the-draft,the-embargoed-story,the-trashed-story]",
            "tag:iraq,tag:-iraq",
            "published_at:>'2000-01-01'",
        ] {
            let v = json(
                &t,
                &format!("{door}/posts/?limit=all&filter={}", enc(filter)),
            )
            .await;
            for hidden in &r.hidden {
                assert!(
                    !ids(&v).contains(&hidden.id),
                    "{door} {filter}: {}",
                    hidden.headline
                );
            }
        }
        for hidden in &r.hidden {
            let by_id = t.get(&format!("{door}/posts/{}/", hidden.id)).await;
            assert_eq!(by_id.status, 404, "{door}: {}", hidden.headline);
            let by_slug = t.get(&format!("{door}/posts/slug/{}/", hidden.slug)).await;
            assert_eq!(by_slug.status, 404, "{door}: {}", hidden.headline);
        }
        // Topics and authors count public stories only.
        let tags = json(&t, &format!("{door}/tags/?include=count.posts")).await;
        let iraq = tags["tags"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["slug"] == "iraq")
            .cloned()
            .unwrap();
        assert_eq!(iraq["count"]["posts"], 1, "{door}");
    }
}

/// Percent-encodes a query value, as a client would.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn filters_narrow_with_and_or_not_in_dates_and_parentheses(t: TestApp) {
    let r = room(&t).await;
    let n = &r.room;
    let all_news: Vec<&Article> = std::iter::once(&n.lead).chain(&n.news_others).collect();
    let posts = |filter: &'static str| {
        let t = &t;
        async move { ids(&json(t, &format!("{V1}/posts/?limit=all&filter={}", enc(filter))).await) }
    };
    assert_eq!(posts("tag:iraq").await, ids_of(&[&n.lead]));
    assert_eq!(
        posts("tags.slug:housing").await,
        ids_of(&[&n.lead, &n.news_others[0]])
    );
    assert_eq!(posts("section:world").await, ids_of(&[&n.world_story]));
    assert_eq!(posts("section:news").await, ids_of(&all_news));
    assert_eq!(posts("authors.slug:jane-hollis").await, ids_of(&[&n.lead]));
    // not, in
    let not_housing: Vec<&Article> = r
        .public
        .iter()
        .filter(|a| a.id != n.lead.id && a.id != n.news_others[0].id)
        .collect();
    assert_eq!(posts("tag:-housing").await, ids_of(&not_housing));
    assert_eq!(
        posts("tag:[iraq,general-synod]").await,
        ids_of(&[&n.lead, &n.world_story])
    );
    assert_eq!(posts("section:-[news]").await, ids_of(&[&n.world_story]));
    // and, or, parentheses; a space where `+` was meant is and.
    assert_eq!(
        posts("tag:housing+author:sam-okafor").await,
        ids_of(&[&n.lead, &n.news_others[0]])
    );
    assert_eq!(
        posts("tag:housing+author:jane-hollis").await,
        ids_of(&[&n.lead])
    );
    assert_eq!(
        posts("tag:housing author:jane-hollis").await,
        ids_of(&[&n.lead])
    );
    assert_eq!(
        posts("tag:iraq,section:world").await,
        ids_of(&[&n.lead, &n.world_story])
    );
    assert_eq!(
        posts("author:sam-okafor+(tag:iraq,section:world)").await,
        ids_of(&[&n.lead, &n.world_story])
    );
    assert_eq!(posts("id:[]").await, BTreeSet::new());
    // Dates: the lead is 30 minutes old, the World story 90, the others two hours or more.
    let at = |minutes: i64| {
        jiff::Timestamp::from_second(newsdesk_core::now() - minutes * 60)
            .unwrap()
            .to_string()
    };
    let v = json(
        &t,
        &format!(
            "{V1}/posts/?filter={}",
            enc(&format!("published_at:>'{}'", at(60)))
        ),
    )
    .await;
    assert_eq!(ids(&v), ids_of(&[&n.lead]));
    let v = json(
        &t,
        &format!(
            "{V1}/posts/?limit=all&filter={}",
            enc(&format!(
                "published_at:>='{}'+published_at:<{}",
                at(100),
                at(60)
            ))
        ),
    )
    .await;
    assert_eq!(ids(&v), ids_of(&[&n.world_story]));
    let v = json(
        &t,
        &format!(
            "{V1}/posts/?limit=all&filter={}",
            enc("published_at:<'2000-01-01'")
        ),
    )
    .await;
    assert_eq!(ids(&v), BTreeSet::new());
    // Ghost's door understands the same.
    let v = json(
        &t,
        &format!(
            "{GHOST}/posts/?filter={}",
            enc("tag:iraq+author:jane-hollis")
        ),
    )
    .await;
    assert_eq!(ids(&v), ids_of(&[&n.lead]));
}

/// Ghost's `~` matches (any case; `%` and `_` are plain characters), `null`, the first
/// topic and byline, `status`/`visibility`, and `now-…` — on the real database.
async fn filters_match_words_empty_values_first_topics_and_times_relative_to_now(t: TestApp) {
    let r = room(&t).await;
    let n = &r.room;
    let posts = |filter: &'static str| {
        let t = &t;
        async move { ids(&json(t, &format!("{V1}/posts/?limit=all&filter={}", enc(filter))).await) }
    };
    let all: Vec<&Article> = r.public.iter().collect();
    let others: Vec<&Article> = n.news_others.iter().collect();
    assert_eq!(
        posts("primary_tag:housing").await,
        ids_of(&[&n.news_others[0]])
    );
    assert_eq!(posts("primary_tag:iraq").await, ids_of(&[&n.lead]));
    let not_lead: Vec<&Article> = all.iter().copied().filter(|a| a.id != n.lead.id).collect();
    assert_eq!(posts("primary_author:sam-okafor").await, ids_of(&not_lead));
    assert_eq!(posts("title:~'BASRA'").await, ids_of(&[&n.lead]));
    assert_eq!(
        posts("title:-~'older'").await,
        ids_of(&[&n.lead, &n.world_story])
    );
    assert_eq!(posts("slug:~^'older-news'").await, ids_of(&others));
    assert_eq!(posts("slug:~$'resume'").await, ids_of(&[&n.lead]));
    assert_eq!(
        posts("title:~'%'").await,
        BTreeSet::new(),
        "% is a character, not a wildcard"
    );
    assert_eq!(posts("title:~'_'").await, BTreeSet::new(), "_ too");
    assert_eq!(posts("feature_image:-null").await, ids_of(&[&n.lead]));
    assert_eq!(posts("feature_image:null").await, ids_of(&not_lead));
    assert_eq!(
        posts("visibility:public+status:published").await,
        ids_of(&all)
    );
    assert_eq!(
        posts("status:draft").await,
        BTreeSet::new(),
        "drafts are never served"
    );
    assert_eq!(posts("status:draft,tag:iraq").await, ids_of(&[&n.lead]));
    // The lead is 30 minutes old, the World story 90.
    assert_eq!(posts("published_at:>now-45m").await, ids_of(&[&n.lead]));
    assert_eq!(
        posts("published_at:>now-100m+published_at:<now-60m").await,
        ids_of(&[&n.world_story])
    );
    let v = json(&t, &format!("{V1}/authors/?filter={}", enc("name:~'jane'"))).await;
    assert_eq!(v["authors"].as_array().map(Vec::len), Some(1));
    let v = json(
        &t,
        &format!(
            "{GHOST}/posts/?filter={}",
            enc("tag:iraq+visibility:public")
        ),
    )
    .await;
    assert_eq!(v["posts"].as_array().map(Vec::len), Some(1));
    for bad in ["id:~'1'", "slug:null", "feature_image:'x'", "status:>x"] {
        let res = t.get(&format!("{V1}/posts/?filter={}", enc(bad))).await;
        assert_eq!(res.status, 400, "{bad}");
    }
}

async fn lists_are_paged_and_ordered_like_ghost(t: TestApp) {
    let r = room(&t).await;
    let total = r.public.len(); // 8
    let v = json(&t, &format!("{V1}/posts/?limit=3&page=2")).await;
    assert_eq!(
        v["meta"]["pagination"],
        serde_json::json!({"page": 2, "limit": 3, "pages": 3, "total": total, "next": 3, "prev": 1})
    );
    assert_eq!(v["posts"].as_array().unwrap().len(), 3);
    let v = json(&t, &format!("{GHOST}/posts/")).await;
    assert_eq!(v["meta"]["pagination"]["limit"], 15);
    assert_eq!(v["meta"]["pagination"]["next"], Value::Null);
    assert_eq!(v["meta"]["pagination"]["prev"], Value::Null);
    let v = json(&t, &format!("{V1}/posts/?limit=all&page=9")).await;
    assert_eq!(v["meta"]["pagination"]["limit"], 100);
    assert_eq!(v["posts"].as_array().unwrap().len(), 0);
    // Newest first by default; any whitelisted order on request.
    let v = json(&t, &format!("{V1}/posts/?limit=2")).await;
    assert_eq!(v["posts"][0]["id"], r.room.lead.id);
    let v = json(
        &t,
        &format!("{V1}/posts/?limit=all&order={}", enc("title asc")),
    )
    .await;
    let titles: Vec<String> = v["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    let v = json(
        &t,
        &format!("{V1}/posts/?limit=1&order={}", enc("published_at asc")),
    )
    .await;
    assert_eq!(v["posts"][0]["id"], r.room.news_others[5].id);
    // Pages of topics, too.
    let v = json(&t, &format!("{GHOST}/tags/?limit=1&page=3")).await;
    assert_eq!(v["meta"]["pagination"]["total"], 3);
    assert_eq!(v["tags"][0]["slug"], "iraq"); // by name: General Synod, Housing, Iraq
}

async fn a_story_carries_its_picture_corrections_section_and_what_was_asked(t: TestApp) {
    let r = room(&t).await;
    let lead = &r.room.lead;
    t.store
        .add_correction(
            lead.id,
            &CorrectionInput {
                kind: "correction".into(),
                body: "An earlier version misnamed the market.".into(),
                published_at: newsdesk_core::now(),
            },
        )
        .await
        .unwrap();
    t.catch_up().await;
    let v = json(&t, &format!("{V1}/posts/{}/", lead.id)).await;
    assert!(v.get("meta").is_none(), "one item has no meta");
    let p = &v["posts"][0];
    assert_eq!(p["title"], lead.headline);
    assert_eq!(p["excerpt"], lead.standfirst);
    assert_eq!(
        p["url"],
        format!("http://127.0.0.1:8080/news/{}", lead.slug)
    );
    assert_eq!(p["section"]["slug"], "news");
    assert!(p["published_at"].as_str().unwrap().ends_with('Z'));
    assert!(p["html"].as_str().unwrap().contains("<h2"));
    assert!(p.get("plaintext").is_none() && p.get("tags").is_none() && p.get("authors").is_none());
    assert_eq!(p["corrections"][0]["kind"], "correction");
    assert_eq!(
        p["corrections"][0]["text"],
        "An earlier version misnamed the market."
    );
    assert_ne!(
        p["updated_at"], p["published_at"],
        "a correction updates the story"
    );
    let img = &p["lead_image"];
    assert_eq!(img["alt"], "Smoke over a market street");
    assert_eq!(img["caption"], "Smoke rises over a market in Basra, Iraq.");
    assert_eq!(img["credit"], "AP");
    let renditions = img["renditions"].as_array().unwrap();
    assert!(!renditions.is_empty());
    for r in renditions {
        assert!(
            r["url"]
                .as_str()
                .unwrap()
                .starts_with("http://127.0.0.1:8080/media/")
        );
        assert!(r["width"].as_u64().unwrap() > 0 && r["height"].as_u64().unwrap() > 0);
        assert!(r["type"].as_str().unwrap().starts_with("image/"));
    }
    // include, formats, fields
    let v = json(
        &t,
        &format!(
            "{V1}/posts/{}/?include=tags,authors&formats=plaintext",
            lead.id
        ),
    )
    .await;
    let p = &v["posts"][0];
    assert_eq!(p["tags"][0]["slug"], "iraq");
    assert_eq!(p["authors"][1]["slug"], "sam-okafor");
    assert!(p.get("html").is_none());
    assert!(p["plaintext"].as_str().unwrap().contains("First paragraph"));
    let v = json(&t, &format!("{V1}/posts/?fields=id,title&limit=2")).await;
    let keys: BTreeSet<&str> = v["posts"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, BTreeSet::from(["id", "title"]));
    // Ghost's names for the same story.
    let v = json(
        &t,
        &format!("{GHOST}/posts/slug/{}/?include=tags,authors", lead.slug),
    )
    .await;
    let p = &v["posts"][0];
    assert_eq!(p["id"], lead.id.to_string());
    assert_eq!(p["custom_excerpt"], lead.standfirst);
    assert_eq!(p["feature_image_alt"], "Smoke over a market street");
    assert_eq!(
        p["feature_image_caption"],
        "Smoke rises over a market in Basra, Iraq."
    );
    assert!(
        p["feature_image"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:8080/media/")
    );
    assert_eq!(p["primary_tag"]["slug"], "iraq");
    assert_eq!(p["primary_author"]["slug"], "jane-hollis");
    assert_eq!(p["visibility"], "public");
    assert_eq!(p["featured"], false);
    assert!(p["uuid"].as_str().unwrap().len() == 36);
    assert!(p["reading_time"].as_u64().unwrap() >= 1);
}

async fn single_items_answer_by_id_and_slug_and_unknown_ones_404_in_json(t: TestApp) {
    let r = room(&t).await;
    let n = &r.room;
    for door in [V1, GHOST] {
        let v = json(&t, &format!("{door}/tags/slug/iraq/?include=count.posts")).await;
        assert_eq!(v["tags"][0]["name"], "Iraq");
        assert_eq!(v["tags"][0]["count"]["posts"], 1);
        let v = json(&t, &format!("{door}/tags/{}/", n.synod.id)).await;
        assert_eq!(v["tags"][0]["slug"], "general-synod");
        let v = json(&t, &format!("{door}/authors/slug/sam-okafor/")).await;
        assert_eq!(v["authors"][0]["name"], "Sam Okafor");
        let v = json(&t, &format!("{door}/authors/{}/", n.jane.id)).await;
        assert_eq!(v["authors"][0]["slug"], "jane-hollis");
        let v = json(&t, &format!("{door}/posts/slug/{}/", n.world_story.slug)).await;
        assert_eq!(ids(&v), ids_of(&[&n.world_story]));
        for missing in [
            "/posts/999999/",
            "/posts/not-a-number/",
            "/posts/slug/no-such-story/",
            "/tags/slug/nothing/",
            "/authors/999/",
            "/pages/slug/nothing/",
            "/posts/slug/nul%00byte/",
            "/tags/slug/%00/",
            "/no-such-resource/",
        ] {
            let res = t.get(&format!("{door}{missing}")).await;
            assert_eq!(res.status, 404, "{door}{missing}");
            let v: Value = serde_json::from_slice(&res.body).unwrap();
            assert_eq!(error_code(&v), "not_found", "{door}{missing}");
            assert_eq!(v["errors"][0]["type"], "NotFoundError");
        }
    }
    let v = json(&t, &format!("{V1}/sections/?include=count.posts")).await;
    assert_eq!(v["sections"][0]["slug"], "news");
    assert_eq!(v["sections"][0]["count"]["posts"], 7);
}

async fn bad_parameters_answer_400_in_json_and_nothing_answers_500(t: TestApp) {
    room(&t).await;
    for (query, code) in [
        ("filter=featured:true", "bad_filter"),
        ("filter=tag:[iraq", "bad_filter"),
        ("filter=published_at:>someday", "bad_filter"),
        ("filter=tag:>iraq", "bad_filter"),
        ("filter=(((", "bad_filter"),
        ("filter=", "bad_filter"),
        ("limit=0", "bad_limit"),
        ("limit=lots", "bad_limit"),
        ("page=0", "bad_page"),
        ("order=password desc", "bad_order"),
        ("order=title; drop table articles", "bad_order"),
        ("include=secrets", "bad_include"),
        ("formats=mobiledoc", "bad_formats"),
    ] {
        let (name, value) = query.split_once('=').unwrap();
        let query = format!("{name}={}", enc(value));
        for door in [V1, GHOST] {
            let res = t.get(&format!("{door}/posts/?{query}")).await;
            assert_eq!(res.status, 400, "{door} {query}: {}", res.text());
            let v: Value = serde_json::from_slice(&res.body).unwrap();
            assert_eq!(error_code(&v), code, "{query}");
            assert_eq!(v["errors"][0]["type"], "BadRequestError");
            assert!(!res.text().contains("sqlx") && !res.text().contains("SELECT"));
        }
    }
    // Garbage of every kind: never a 500.
    for garbage in [
        "%ff%fe",
        "filter=%27",
        "filter=tag:%00",
        "limit=99999999999999999999",
        "page=-1",
        "&&&=",
        "filter=a:b:c:d",
    ] {
        let res = t.get(&format!("{V1}/posts/?{garbage}")).await;
        assert!(
            res.status.is_client_error() || res.status == 200,
            "{garbage}: {}",
            res.status
        );
        assert!(
            res.header("content-type").starts_with("application/json"),
            "{garbage}"
        );
    }
    // A method the API does not take: JSON, not a page.
    let res = t
        .post_form(&format!("{V1}/posts/"), &[("a", "b")], &[])
        .await;
    assert_eq!(res.status, 405);
    assert!(res.header("content-type").starts_with("application/json"));
}

async fn answers_are_cached_with_etags_and_a_publish_reaches_the_list_after_catch_up(t: TestApp) {
    let r = room(&t).await;
    let path = format!("{V1}/posts/?limit=3");
    let first = t.get(&path).await;
    assert_eq!(first.header("x-cache"), "MISS");
    assert!(first.header("surrogate-key").contains("list:home"));
    assert!(
        first
            .header("surrogate-key")
            .contains(&format!("article:{}", r.room.lead.id))
    );
    let again = t.get(&path).await;
    assert_eq!(again.header("x-cache"), "HIT");
    let etag = again.header("etag").to_owned();
    assert!(etag.starts_with('"'), "a strong ETag: {etag}");
    let not_modified = t.get_with(&path, &[("if-none-match", &etag)]).await;
    assert_eq!(not_modified.status, 304);
    // A new story, published: gone from the cache at the next catch-up, then listed.
    let fresh = fixture::published(&t.store, r.room.world.id, "Fresh from the newsroom", 0).await;
    t.catch_up().await;
    let after = t.get(&path).await;
    assert_eq!(after.header("x-cache"), "MISS");
    let v: Value = serde_json::from_slice(&after.body).unwrap();
    assert_eq!(v["posts"][0]["id"], fresh.id);
    let stale = t.get_with(&path, &[("if-none-match", &etag)]).await;
    assert_eq!(stale.status, 200);
}

async fn the_content_key_is_needed_when_set(t: TestApp) {
    const KEY: &str = "0123456789abcdef01234567ab";
    let mut settings = test_settings();
    settings.content_api_key = Some(KEY.into());
    let keyed = TestApp::start_with(t.store.backend(), settings).await;
    room(&keyed).await;
    for door in [V1, GHOST] {
        for query in ["", "?key=wrong", "?key="] {
            let res = keyed.get(&format!("{door}/posts/{query}")).await;
            assert_eq!(res.status, 401, "{door}{query}");
            let v: Value = serde_json::from_slice(&res.body).unwrap();
            assert_eq!(v["errors"][0]["type"], "UnauthorizedError");
            assert!(v["errors"][0]["message"].as_str().unwrap().contains("key"));
        }
        json(&keyed, &format!("{door}/posts/?key={KEY}")).await;
    }
    keyed.finish().await;
    // Without a key configured, any key is accepted.
    room(&t).await;
    json(&t, &format!("{GHOST}/posts/?key=anything")).await;
}

async fn configured_origins_get_cors_headers_and_preflights(t: TestApp) {
    let mut settings = test_settings();
    settings.api_cors_origins = vec!["https://app.example.com".into()];
    let app = TestApp::start_with(t.store.backend(), settings).await;
    room(&app).await;
    let path = format!("{GHOST}/posts/");
    for _ in 0..2 {
        // A miss, then a hit from the cache: both carry the header.
        let res = app
            .get_with(&path, &[("origin", "https://app.example.com")])
            .await;
        assert_eq!(
            res.header("access-control-allow-origin"),
            "https://app.example.com"
        );
        assert!(res.headers.get_all("vary").iter().any(|v| v == "Origin"));
    }
    let res = app
        .get_with(&path, &[("origin", "https://evil.example")])
        .await;
    assert_eq!(res.header("access-control-allow-origin"), "");
    let preflight = app
        .send(
            axum::http::Request::options(&path)
                .header("origin", "https://app.example.com")
                .header("access-control-request-method", "GET")
                .header("access-control-request-headers", "accept-version")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        "https://app.example.com"
    );
    assert!(
        preflight
            .header("access-control-allow-methods")
            .contains("GET")
    );
    assert_eq!(
        preflight.header("access-control-allow-headers"),
        "accept-version"
    );
    // The site's pages are not the API's business.
    let page = app
        .get_with("/", &[("origin", "https://app.example.com")])
        .await;
    assert_eq!(page.header("access-control-allow-origin"), "");
    app.finish().await;
    let mut settings = test_settings();
    settings.api_cors_origins = vec!["*".into()];
    let any = TestApp::start_with(t.store.backend(), settings).await;
    let res = any
        .get_with(
            &format!("{V1}/settings/"),
            &[("origin", "https://x.example")],
        )
        .await;
    assert_eq!(res.header("access-control-allow-origin"), "*");
    any.finish().await;
}

async fn pages_and_settings_are_served_in_both_shapes(t: TestApp) {
    room(&t).await;
    let page = |slug: &str, title: &str, published: bool| PageInput {
        slug: Slug::parse(slug).unwrap(),
        title: title.into(),
        body_markdown: format!("About {title}."),
        body_html: format!("<p>About {title}.</p>"),
        published,
        purpose: Purpose::default(),
        in_footer: true,
        footer_position: 0,
        seo_title: String::new(),
        seo_description: String::new(),
    };
    let about = t
        .store
        .create_page(&page("about", "About us", true), None)
        .await
        .unwrap();
    let draft = t
        .store
        .create_page(&page("secret-plans", "Secret plans", false), None)
        .await
        .unwrap();
    t.catch_up().await;
    for door in [V1, GHOST] {
        let v = json(&t, &format!("{door}/pages/?formats=html,plaintext")).await;
        let slugs: Vec<&str> = v["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, ["about"], "{door}");
        assert_eq!(v["pages"][0]["html"], "<p>About About us.</p>");
        assert!(
            v["pages"][0]["plaintext"]
                .as_str()
                .unwrap()
                .contains("About About us.")
        );
        assert_eq!(v["meta"]["pagination"]["total"], 1);
        let v = json(&t, &format!("{door}/pages/slug/about/")).await;
        assert_eq!(v["pages"][0]["title"], "About us");
        json(&t, &format!("{door}/pages/{}/", about.id)).await;
        assert_eq!(
            t.get(&format!("{door}/pages/{}/", draft.id)).await.status,
            404
        );
        assert_eq!(
            t.get(&format!("{door}/pages/slug/secret-plans/"))
                .await
                .status,
            404
        );
        let v = json(
            &t,
            &format!("{door}/pages/?filter={}", enc("slug:secret-plans")),
        )
        .await;
        assert_eq!(v["pages"].as_array().unwrap().len(), 0);
    }
    let v = json(&t, &format!("{GHOST}/settings/")).await;
    let s = &v["settings"];
    assert_eq!(s["title"], "Newsdesk");
    assert_eq!(s["lang"], "en");
    assert_eq!(s["timezone"], "UTC");
    assert_eq!(s["url"], "http://127.0.0.1:8080/");
    let nav: Vec<&str> = s["navigation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["label"].as_str().unwrap())
        .collect();
    assert_eq!(nav, ["News", "World"]);
    assert_eq!(s["navigation"][0]["url"], "http://127.0.0.1:8080/news/");
    assert_eq!(s["secondary_navigation"][0]["label"], "About us");
    let v = json(&t, &format!("{V1}/settings/")).await;
    assert_eq!(v["settings"]["title"], "Newsdesk");
}

db_tests!(
    only_public_stories_are_served_whatever_is_asked,
    filters_narrow_with_and_or_not_in_dates_and_parentheses,
    filters_match_words_empty_values_first_topics_and_times_relative_to_now,
    lists_are_paged_and_ordered_like_ghost,
    a_story_carries_its_picture_corrections_section_and_what_was_asked,
    single_items_answer_by_id_and_slug_and_unknown_ones_404_in_json,
    bad_parameters_answer_400_in_json_and_nothing_answers_500,
    answers_are_cached_with_etags_and_a_publish_reaches_the_list_after_catch_up,
    the_content_key_is_needed_when_set,
    configured_origins_get_cors_headers_and_preflights,
    pages_and_settings_are_served_in_both_shapes,
);

// ---------------------------------------------------------------------------------------
// Ghost's own client, with Node, against the real server.

const GHOST_CLIENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ghost-client");

async fn ghosts_own_client_reads_newsdesk(t: TestApp) {
    const KEY: &str = "a1b2c3d4e5f60718293a4b5c6d";
    let module = format!("{GHOST_CLIENT}/node_modules/@tryghost/content-api/package.json");
    assert!(
        std::path::Path::new(&module).exists(),
        "this test needs @tryghost/content-api: run `npm ci` in {GHOST_CLIENT}"
    );
    let mut settings = test_settings();
    settings.content_api_key = Some(KEY.into());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    settings.base_url = base.clone();
    let app = TestApp::start_with(t.store.backend(), settings).await;
    let r = room(&app).await;
    app.store
        .create_page(
            &PageInput {
                slug: Slug::parse("about").unwrap(),
                title: "About us".into(),
                body_markdown: "Who we are.".into(),
                body_html: "<p>Who we are.</p>".into(),
                published: true,
                purpose: Purpose::default(),
                in_footer: true,
                footer_position: 0,
                seo_title: String::new(),
                seo_description: String::new(),
            },
            None,
        )
        .await
        .unwrap();
    app.catch_up().await;
    let router = app.router.clone();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let follower = tokio::spawn(app.app.clone().follow_changes());
    let args = [
        format!("{GHOST_CLIENT}/check.mjs"),
        base.clone(),
        KEY.into(),
        r.room.lead.slug.to_string(),
    ];
    let output =
        tokio::task::spawn_blocking(move || std::process::Command::new("node").args(args).output())
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("this test needs Node (`node` on the PATH): {e}"));
    server.abort();
    follower.abort();
    assert!(
        output.status.success(),
        "check.mjs failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let v: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "check.mjs printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    let lead = &r.room.lead;
    // posts.browse({limit, filter, include})
    assert_eq!(v["browse"]["ids"], serde_json::json!([lead.id.to_string()]));
    assert_eq!(v["browse"]["meta"]["pagination"]["total"], 1);
    assert_eq!(v["browse"]["tags"], serde_json::json!(["iraq", "housing"]));
    assert_eq!(v["browse"]["primary_author"], "jane-hollis");
    // posts.read({slug})
    assert_eq!(v["read"]["title"], lead.headline);
    assert_eq!(v["read"]["url"], format!("{base}/news/{}", lead.slug));
    assert_eq!(v["read"]["feature_image_alt"], "Smoke over a market street");
    assert_eq!(v["all_posts"], r.public.len());
    assert_eq!(v["pages"], serde_json::json!(["about"]));
    assert_eq!(
        v["tags"],
        serde_json::json!(["general-synod", "housing", "iraq"])
    );
    assert_eq!(v["author"]["name"], "Jane Hollis");
    assert_eq!(v["settings"]["title"], "Newsdesk");
    assert_eq!(v["settings"]["navigation"][0]["label"], "News");
    // A wrong key: the client throws Ghost's error.
    assert_eq!(v["wrong_key"], "UnauthorizedError");
    app.finish().await;
}

db_tests!(mod ghost_client, ignore = "needs Node and @tryghost/content-api: npm ci in crates/newsdesk/tests/ghost-client, then run with -- --include-ignored";
    ghosts_own_client_reads_newsdesk,
);
