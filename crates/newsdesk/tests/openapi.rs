//! The OpenAPI document against the server it describes, on both databases:
//! `/api/openapi.json` and the reference page `/api/docs` are served (cacheable, with an
//! ETag), and schemathesis (Python, in `NEWSDESK_TEST_PYTHON`'s environment; pinned in
//! `.ci/run`) reads the document and sends every operation generated requests — valid and
//! invalid — against a real server holding a demo newsroom, checking that nothing answers
//! 5xx and that every answer's status, media type and body are the ones the document
//! promises. The Admin API's operations are sent with an administrator's token holding
//! every scope, and no rate limit, so that they change the newsroom while the Content
//! API is read.
//!
//! The schemathesis test is ignored by a plain `cargo test` and fails, never skips, under
//! `-- --include-ignored` when schemathesis is missing.

use crate::common;

use common::api::{call, token_for};
use common::{TestApp, test_settings};
use newsdesk_core::page::Purpose;
use newsdesk_core::{Role, Scope, Slug};
use newsdesk_store::{CorrectionInput, PageInput};
use serde_json::Value;
use std::io::Write as _;
use std::process::Command;

/// The version `.ci/run` installs.
const SCHEMATHESIS: &str = "schemathesis==4.32.5";
/// Generated requests per operation and phase: enough to reach every parameter's edges,
/// few enough for a minute or two per database.
const EXAMPLES: &str = "100";
/// What every answer is checked for.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,unsupported_method,allow_header_conformance";

async fn the_document_and_its_reference_page_are_served_and_cacheable(t: TestApp) {
    let res = t.get("/api/openapi.json").await;
    assert_eq!(res.status, 200, "{}", res.text());
    assert!(res.header("content-type").starts_with("application/json"));
    let etag = res.header("etag").to_owned();
    assert!(!etag.is_empty(), "no ETag");
    assert!(res.header("cache-control").contains("public"));
    let doc: Value = serde_json::from_slice(&res.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/content/v1/posts/",
        "/api/content/v1/posts/{id}/",
        "/api/content/v1/posts/slug/{slug}/",
        "/api/content/v1/sections/",
        "/api/content/v1/settings/",
        "/ghost/api/content/posts/",
        "/ghost/api/content/authors/slug/{slug}/",
        "/ghost/api/content/settings/",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
    let browse = &paths["/api/content/v1/posts/"]["get"];
    let names: Vec<&str> = browse["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for name in [
        "filter", "include", "fields", "formats", "limit", "page", "order",
    ] {
        assert!(names.contains(&name), "{name} not in {names:?}");
    }
    for status in ["200", "400", "401"] {
        assert!(browse["responses"].get(status).is_some(), "{status}");
    }
    let schemas = &doc["components"]["schemas"];
    assert!(
        schemas["ErrorBody"]["properties"]["errors"].is_object(),
        "the error shape is described"
    );
    // `fields=` may leave out any property of an item.
    let required = schemas["Post"]["required"].as_array();
    assert!(required.is_none_or(|r| r.is_empty()), "{required:?}");
    assert!(
        doc["components"]["securitySchemes"]["content_key"]["in"] == "query",
        "the content key is described"
    );

    // The Admin API: every route of it, with its bearer token and its own error shape.
    let admin = &doc["components"]["securitySchemes"]["admin_token"];
    assert_eq!(admin["type"], "http");
    assert_eq!(admin["scheme"], "bearer");
    let admin_paths: Vec<&String> = paths
        .keys()
        .filter(|p| p.starts_with("/api/admin/v1/"))
        .collect();
    assert_eq!(admin_paths.len(), 21, "{admin_paths:?}");
    let create = &paths["/api/admin/v1/stories/"]["post"];
    assert_eq!(create["security"][0]["admin_token"], serde_json::json!([]));
    assert_eq!(create["tags"][0], "Admin API");
    assert!(
        create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .is_some_and(|r| r.ends_with("/AdminStoryBody"))
    );
    for status in ["201", "400", "401", "403", "413", "422", "429", "503"] {
        assert!(create["responses"].get(status).is_some(), "{status}");
    }
    assert!(
        create["responses"]["401"]["headers"]["WWW-Authenticate"].is_object(),
        "401 says how to authenticate"
    );
    assert!(create["responses"]["429"]["headers"]["Retry-After"].is_object());
    let upload = &paths["/api/admin/v1/pictures/"]["post"]["requestBody"]["content"];
    assert!(
        upload["multipart/form-data"].is_object(),
        "an upload is multipart"
    );
    let error_item = &schemas["AdminErrorItem"]["properties"];
    assert!(error_item["field"].is_object() && error_item["current_version"].is_object());
    assert!(schemas["AdminStory"]["properties"]["version"].is_object());
    // Answers are written whole; `null` and absent differ in what is sent.
    let story_required = schemas["AdminStory"]["required"].as_array().unwrap();
    assert!(story_required.contains(&Value::from("lead_media_id")));
    let sent = &schemas["AdminStoryIn"];
    assert!(sent["required"].as_array().is_none_or(|r| r.is_empty()));
    assert_eq!(
        sent["additionalProperties"], false,
        "unknown fields are refused"
    );

    let again = t
        .get_with("/api/openapi.json", &[("if-none-match", &etag)])
        .await;
    assert_eq!(again.status, 304);

    let page = t.get("/api/docs").await;
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    assert!(html.contains("/api/content/v1/posts/{id}/"));
    assert!(html.contains("id=\"schema-GhostPost\""));
    assert!(html.contains("ErrorBody"));
    assert!(html.contains("Admin API"));
    assert!(html.contains("/api/admin/v1/stories/{id}/versions/{version}/restore/"));
    assert!(html.contains("id=\"schema-AdminStory\""));
    assert!(html.contains("id=\"security-admin_token\""));
    assert!(
        html.contains("multipart/form-data"),
        "request bodies are shown"
    );
    // Offline: nothing is loaded from another host.
    for outside in [
        "<script src=\"http",
        "<link rel=\"stylesheet\" href=\"http",
        "cdn",
    ] {
        assert!(!html.contains(outside), "{outside}");
    }
    assert!(!page.header("etag").is_empty());
}

db_tests!(the_document_and_its_reference_page_are_served_and_cacheable);

// ---------------------------------------------------------------------------------------
// schemathesis against the real server.

fn python() -> String {
    std::env::var("NEWSDESK_TEST_PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "python3".into())
}

/// Fails, saying what to install, when schemathesis cannot run here.
fn require_schemathesis() {
    let found = Command::new(python())
        .args(["-m", "schemathesis.cli", "--version"])
        .output();
    match found {
        Ok(out) if out.status.success() => {}
        other => panic!(
            "this test needs schemathesis: {} cannot run it ({}); \
             `pip install {SCHEMATHESIS}` into that Python and set NEWSDESK_TEST_PYTHON",
            python(),
            match other {
                Ok(out) => String::from_utf8_lossy(&out.stderr).into_owned(),
                Err(e) => e.to_string(),
            }
        ),
    }
}

/// A demo newsroom (sections, topics, authors, stories with pictures), plus a published
/// page and a correction, so every shape has something to show.
async fn demo_newsroom(t: &TestApp) {
    let options = newsdesk_demo::DemoOptions {
        articles: 24,
        pictures: Some(3),
        picture_width: 320,
        picture_height: 180,
        authors: 4,
        progress: false,
        ..newsdesk_demo::DemoOptions::default()
    };
    newsdesk_demo::load(&t.store, &t.media, &options)
        .await
        .unwrap();
    t.store
        .create_page(
            &PageInput {
                slug: Slug::parse("about").unwrap(),
                title: "About us".into(),
                body_markdown: "Who we are, and *how* we report.".into(),
                body_html: "<p>Who we are, and <em>how</em> we report.</p>".into(),
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
    let any: Value = {
        let res = t.get("/api/content/v1/posts/?limit=1").await;
        serde_json::from_slice(&res.body).unwrap()
    };
    let id = any["posts"][0]["id"].as_i64().expect("a demo story");
    t.store
        .add_correction(
            id,
            &CorrectionInput {
                kind: "correction".into(),
                body: "An earlier version misnamed the minister.".into(),
                published_at: newsdesk_core::now(),
            },
        )
        .await
        .unwrap();
    t.catch_up().await;
}

/// What schemathesis reported: operations it tested, requests it sent, failures.
#[derive(Debug, Default)]
struct Counts {
    operations: u64,
    admin_operations: u64,
    examples: u64,
    failures: u64,
    errors: u64,
}

/// Reads schemathesis's summary ("Tested: 65" under "API Operations:", and
/// "2402 generated, 2402 passed" under "Test cases:") and its JUnit report (a `failure` or
/// `error` element in each operation that failed).
fn counts(junit: &str, stdout: &str) -> Counts {
    let mut c = Counts {
        failures: junit.matches("<failure").count() as u64,
        errors: junit.matches("<error").count() as u64,
        // One test case an operation, named by its method and path.
        admin_operations: junit
            .split("<testcase")
            .skip(1)
            .filter(|case| {
                case.split('>')
                    .next()
                    .is_some_and(|h| h.contains("/api/admin/"))
            })
            .count() as u64,
        ..Counts::default()
    };
    let number = |s: &str| s.split_whitespace().next().and_then(|n| n.parse().ok());
    let mut lines = stdout.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("Tested:") {
            c.operations = number(rest).unwrap_or(0);
        } else if line == "Test cases:" {
            c.examples = lines.next().and_then(number).unwrap_or(0);
        }
    }
    c
}

/// schemathesis's settings: besides what it generates, real slugs, filters and orders
/// some of the time (half the requests), so that the answers holding items — whose shapes
/// are what is checked — are reached as often as the refusals.
async fn config_for(t: &TestApp) -> String {
    let mut out = String::new();
    for (resource, order) in [
        ("posts", "published_at desc"),
        ("pages", "title asc"),
        ("tags", "name asc"),
        ("authors", "slug desc"),
    ] {
        let res = t
            .get(&format!(
                "/api/content/v1/{resource}/?limit=all&fields=slug"
            ))
            .await;
        let list: Value = serde_json::from_slice(&res.body).unwrap();
        let slugs: Vec<String> = list[resource]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["slug"].as_str())
            .map(|s| format!("{s:?}"))
            .collect();
        assert!(!slugs.is_empty(), "the demo newsroom has no {resource}");
        let first = slugs[0].trim_matches('"');
        let filter = match resource {
            "posts" => format!(
                r#""tag:{}", "section:news+published_at:>'2020-01-01'", "id:>3,slug:-x""#,
                first_tag(t).await
            ),
            _ => format!(r#""slug:{first}", "slug:-{first}", "id:>1""#),
        };
        out.push_str(&format!(
            "[dictionaries.{resource}-slugs]\nvalues = [{}]\n\
             [dictionaries.{resource}-filters]\nvalues = [{filter}]\n\
             [dictionaries.{resource}-orders]\nvalues = [\"{order}\", \"id asc\"]\n\n",
            slugs.join(", ")
        ));
    }
    for resource in ["posts", "pages", "tags", "authors"] {
        let half = |d: &str| format!("{{ dictionary = \"{resource}-{d}\", probability = 0.5 }}");
        // Both Content API doors; never the Admin API's `/pages/` or `/authors/`.
        out.push_str(&format!(
            "[[operations]]\ninclude-path-regex = '^/(api/content/v1|ghost/api/content)/{resource}/slug/'\n\
             parameters = {{ \"path.slug\" = {} }}\n\n\
             [[operations]]\ninclude-path-regex = '^/(api/content/v1|ghost/api/content)/{resource}/$'\n\
             parameters = {{ \"query.filter\" = {}, \"query.order\" = {} }}\n\n",
            half("slugs"),
            half("filters"),
            half("orders"),
        ));
    }
    out
}

/// Generated requests per Admin API operation and phase: fewer than for the Content
/// API, whose parameters have more edges; enough to reach each operation's answers.
const ADMIN_EXAMPLES: u32 = 40;

/// The Admin API's part of the settings: real ids half the time (so reads, changes and
/// deletions of things that exist are reached, not only 404s), and fewer examples.
async fn admin_config_for(t: &TestApp, token: &str) -> String {
    let mut out = format!(
        "[[operations]]\ninclude-path-regex = '^/api/admin/'\n\
         generation = {{ max-examples = {ADMIN_EXAMPLES} }}\n\n"
    );
    for (list, key, item) in [
        ("/stories/?limit=100", "stories", "stories"),
        ("/sections/", "sections", "sections"),
        ("/topics/?limit=100", "topics", "topics"),
        ("/authors/", "authors", "authors"),
        ("/pages/", "pages", "pages"),
        ("/users/", "users", "users"),
    ] {
        let res = call(t, "GET", list, token, None).await;
        assert_eq!(res.status, 200, "{list}: {}", res.text());
        let ids = ids_of(&serde_json::from_slice(&res.body).unwrap(), key);
        out.push_str(&id_dictionary(item, &ids));
    }
    // No list of pictures in the API: the demo's are the first few.
    let mut pictures = Vec::new();
    for id in 1..=10 {
        if call(t, "GET", &format!("/pictures/{id}/"), token, None)
            .await
            .status
            == 200
        {
            pictures.push(id);
        }
    }
    assert!(!pictures.is_empty(), "the demo newsroom has no pictures");
    out.push_str(&id_dictionary("pictures", &pictures));
    out.push_str(
        "[dictionaries.admin-versions]\nvalues = [1, 2]\n\n\
         [[operations]]\ninclude-path-regex = '/versions/\\{version\\}/'\n\
         parameters = { \"path.version\" = { dictionary = \"admin-versions\", probability = 0.5 } }\n\n",
    );
    out
}

fn ids_of(list: &Value, key: &str) -> Vec<i64> {
    list[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["id"].as_i64())
        .collect()
}

/// Real ids for `{id}` in the Admin API's `/{item}/{id}/…`, half the time.
fn id_dictionary(item: &str, ids: &[i64]) -> String {
    assert!(!ids.is_empty(), "the demo newsroom has no {item}");
    let values: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!(
        "[dictionaries.admin-{item}-ids]\nvalues = [{}]\n\n\
         [[operations]]\ninclude-path-regex = '^/api/admin/v1/{item}/\\{{id\\}}/'\n\
         parameters = {{ \"path.id\" = {{ dictionary = \"admin-{item}-ids\", probability = 0.5 }} }}\n\n",
        values.join(", ")
    )
}

async fn first_tag(t: &TestApp) -> String {
    let res = t.get("/api/content/v1/tags/?limit=1").await;
    let v: Value = serde_json::from_slice(&res.body).unwrap();
    v["tags"][0]["slug"].as_str().unwrap_or("none").to_owned()
}

async fn schemathesis_finds_no_server_error_and_no_answer_off_the_document(t: TestApp) {
    require_schemathesis();
    // A 5xx's cause, in the log beside schemathesis's report.
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::ERROR)
        .with_writer(std::io::stderr)
        .try_init();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut settings = test_settings();
    settings.base_url = base.clone();
    // Thousands of requests with one token: no rate limit (0), so none answers 429.
    settings.api_rate_limit = 0;
    let app = TestApp::start_with(t.store.backend(), settings).await;
    demo_newsroom(&app).await;
    // An administrator's token with every scope, so every Admin API operation can succeed.
    let (_, token) = token_for(&app, "fuzz@example.com", Role::Admin, &Scope::ALL).await;
    let router = app.router.clone();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let dir = tempfile::TempDir::new().unwrap();
    let junit = dir.path().join("junit.xml");
    let config = dir.path().join("schemathesis.toml");
    let settings = config_for(&app).await + &admin_config_for(&app, &token).await;
    std::fs::write(&config, settings).unwrap();
    let args: Vec<String> = vec![
        "-m".into(),
        "schemathesis.cli".into(),
        "--config-file".into(),
        config.display().to_string(),
        "run".into(),
        format!("{base}/api/openapi.json"),
        "--header".into(),
        format!("Authorization: Bearer {token}"),
        "--checks".into(),
        CHECKS.into(),
        "--max-examples".into(),
        EXAMPLES.into(),
        "--seed".into(),
        "1".into(),
        // One worker: with two, hypothesis parses lambdas' sources on two threads at once,
        // and Debian's Python 3.11 can fail that with "SystemError: AST constructor
        // recursion depth mismatch" (seen once in CI), a failure of the tool, not of ours.
        "--workers".into(),
        "1".into(),
        "--report".into(),
        "junit".into(),
        "--report-junit-path".into(),
        junit.display().to_string(),
        "--request-timeout".into(),
        "10".into(),
        "--generation-database".into(),
        "none".into(),
    ];

    let cwd = dir.path().to_owned();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(python())
            .args(&args)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .output()
    })
    .await
    .unwrap()
    .unwrap_or_else(|e| panic!("cannot run schemathesis with {}: {e}", python()));
    server.abort();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report = std::fs::read_to_string(&junit).unwrap_or_default();
    let c = counts(&report, &stdout);
    // For CI's log, on which database and how much was checked. Written to the process's
    // stderr directly: the test harness captures `println!`, and CI does not pass
    // `--nocapture`.
    let _ = writeln!(
        std::io::stderr(),
        "schemathesis ({:?}): {} operations ({} of the Admin API), {} generated test cases, {} failures, {} errors",
        app.store.backend(),
        c.operations,
        c.admin_operations,
        c.examples,
        c.failures,
        c.errors
    );
    assert!(
        output.status.success() && c.failures == 0 && c.errors == 0,
        "schemathesis found problems:\n{stdout}\n{stderr}"
    );
    // 27 of the Content API's two doors, 38 of the Admin API.
    assert!(
        c.operations >= 65,
        "too few operations tested: {c:?}\n{stdout}"
    );
    assert!(c.examples > 0, "no test cases counted: {c:?}\n{stdout}");
    assert_eq!(c.admin_operations, 38, "every Admin API operation: {c:?}");
    app.finish().await;
}

db_tests!(mod schemathesis, ignore = "needs schemathesis (pip install schemathesis==4.32.5; NEWSDESK_TEST_PYTHON), and PostgreSQL for its half; run with -- --include-ignored";
    schemathesis_finds_no_server_error_and_no_answer_off_the_document,
);
