//! Signing in to the desk: first-run setup, sessions in the database, throttling, the same
//! answer for unknown emails and wrong passwords, and CSRF refusals that change nothing.

use crate::common;

use common::TestApp;
use newsdesk_core::Role;
use newsdesk_store::NewUser;

/// What a browser sends with a form posted from this site's own page.
const SAME_SITE: (&str, &str) = ("sec-fetch-site", "same-origin");

async fn add_user(t: &TestApp, email: &str, password: &str, role: Role) {
    let hash = newsdesk_auth::hash_password(password).unwrap();
    let new = NewUser {
        email,
        name: "Desk User",
        password_hash: &hash,
        role,
    };
    t.store.create_user(&new, None).await.unwrap();
}

fn cookie_of(res: &common::Response) -> String {
    let set = res.header("set-cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    set.split(';').next().unwrap().to_owned()
}

async fn the_first_visit_sets_up_an_admin_once(t: TestApp) {
    let login = t.get("/admin/login").await;
    assert_eq!(
        (login.status.as_u16(), login.header("location")),
        (303, "/admin/setup")
    );
    assert_eq!(t.get("/admin/setup").await.status, 200);

    let weak = [
        ("name", "Ada"),
        ("email", "ada@example.com"),
        ("password", "short"),
    ];
    let res = t.post_form("/admin/setup", &weak, &[SAME_SITE]).await;
    assert_eq!(res.status, 422);
    assert!(res.text().contains("at least 10 characters"));
    assert_eq!(
        t.store.count_users().await.unwrap(),
        0,
        "nothing saved from a refused form"
    );

    let good = [
        ("name", "Ada"),
        ("email", "Ada@Example.com"),
        ("password", "a long passphrase"),
    ];
    let res = t.post_form("/admin/setup", &good, &[SAME_SITE]).await;
    // Then the newsroom itself is set up (tests/settings.rs walks that step).
    assert_eq!(
        (res.status.as_u16(), res.header("location")),
        (303, "/admin/setup/site")
    );
    let cookie = cookie_of(&res);
    let desk = t.get_with("/admin/", &[("cookie", &cookie)]).await;
    assert_eq!(desk.status, 200);
    assert!(desk.text().contains("Ada") && desk.text().contains("admin"));
    assert_eq!(desk.header("cache-control"), "no-store");

    // Once anyone can sign in, setup is gone for good.
    assert_eq!(t.get("/admin/setup").await.status, 404);
    let again = [
        ("name", "Eve"),
        ("email", "eve@example.com"),
        ("password", "another passphrase"),
    ];
    assert_eq!(
        t.post_form("/admin/setup", &again, &[SAME_SITE])
            .await
            .status,
        404
    );
    assert_eq!(t.store.count_users().await.unwrap(), 1);
}

async fn sign_in_opens_the_desk_and_sign_out_closes_it(t: TestApp) {
    add_user(
        &t,
        "rep@example.com",
        "reporter passphrase",
        Role::Contributor,
    )
    .await;
    assert_eq!(
        t.get("/admin/").await.header("location"),
        "/admin/login",
        "the desk needs a session"
    );
    let form = [
        ("email", " REP@example.com "),
        ("password", "reporter passphrase"),
    ];
    let res = t.post_form("/admin/login", &form, &[SAME_SITE]).await;
    assert_eq!(
        (res.status.as_u16(), res.header("location")),
        (303, "/admin/")
    );
    let cookie = cookie_of(&res);
    let desk = t.get_with("/admin/", &[("cookie", &cookie)]).await;
    assert_eq!(desk.status, 200);
    let html = desk.html();
    let token = common::select(&html, "input[name=csrf_token]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_owned();

    // Sign-out without the form token, or from another site, changes nothing.
    let refused = t
        .post_form(
            "/admin/logout",
            &[("csrf_token", "wrong")],
            &[SAME_SITE, ("cookie", &cookie)],
        )
        .await;
    assert_eq!(refused.status, 403);
    let cross = [
        ("sec-fetch-site", "cross-site"),
        ("cookie", cookie.as_str()),
    ];
    assert_eq!(
        t.post_form("/admin/logout", &[("csrf_token", &token)], &cross)
            .await
            .status,
        403
    );
    assert_eq!(t.store.count_sessions().await.unwrap(), 1);
    assert_eq!(
        t.get_with("/admin/", &[("cookie", &cookie)]).await.status,
        200
    );

    let out = t
        .post_form(
            "/admin/logout",
            &[("csrf_token", &token)],
            &[SAME_SITE, ("cookie", &cookie)],
        )
        .await;
    assert_eq!(out.status, 303);
    assert!(out.header("set-cookie").contains("Max-Age=0"));
    assert_eq!(t.store.count_sessions().await.unwrap(), 0);
    assert_eq!(
        t.get_with("/admin/", &[("cookie", &cookie)]).await.status,
        303,
        "the old cookie is dead"
    );
}

async fn unknown_emails_and_wrong_passwords_get_the_same_answer(t: TestApp) {
    add_user(&t, "ed@example.com", "editor passphrase", Role::Editor).await;
    let wrong = t
        .post_form(
            "/admin/login",
            &[("email", "ed@example.com"), ("password", "nope nope nope")],
            &[SAME_SITE],
        )
        .await;
    let unknown = t
        .post_form(
            "/admin/login",
            &[
                ("email", "ed@example.com".replace("ed", "zed").as_str()),
                ("password", "nope nope nope"),
            ],
            &[SAME_SITE],
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, 401);
    let message = |r: &common::Response| {
        common::select(&r.html(), ".form-error")
            .first()
            .map(common::text_of)
            .unwrap_or_default()
    };
    assert_eq!(message(&wrong), message(&unknown));
    assert!(!message(&wrong).is_empty());
    assert!(wrong.header("set-cookie").is_empty() && unknown.header("set-cookie").is_empty());
}

async fn five_failures_from_one_address_lock_sign_in_for_an_hour(t: TestApp) {
    add_user(&t, "au@example.com", "author passphrase", Role::Author).await;
    for i in 0..5 {
        let res = t
            .post_form(
                "/admin/login",
                &[
                    ("email", "au@example.com"),
                    ("password", &format!("guess {i} guess")),
                ],
                &[SAME_SITE],
            )
            .await;
        assert_eq!(res.status, 401, "try {i}");
    }
    // Even the right password is refused now, without being checked.
    let res = t
        .post_form(
            "/admin/login",
            &[
                ("email", "au@example.com"),
                ("password", "author passphrase"),
            ],
            &[SAME_SITE],
        )
        .await;
    assert_eq!(res.status, 429);
    assert_eq!(res.header("retry-after"), "3600");
    assert!(res.header("set-cookie").is_empty());
    assert_eq!(t.store.count_sessions().await.unwrap(), 0);
}

async fn state_changing_desk_routes_refuse_requests_from_elsewhere(t: TestApp) {
    add_user(&t, "ad@example.com", "admin passphrase", Role::Admin).await;
    let form = [
        ("email", "ad@example.com"),
        ("password", "admin passphrase"),
        ("name", "X"),
    ];
    // Every POST route of the desk, with no same-site evidence, or with evidence of another site.
    for route in ["/admin/login", "/admin/logout", "/admin/setup"] {
        for headers in [
            vec![],
            vec![("sec-fetch-site", "cross-site")],
            vec![("origin", "https://evil.example"), ("host", "localhost")],
        ] {
            let res = t.post_form(route, &form, &headers).await;
            assert_eq!(res.status, 403, "{route} {headers:?}");
        }
    }
    assert_eq!(t.store.count_sessions().await.unwrap(), 0);
    assert_eq!(t.store.count_users().await.unwrap(), 1);
    // A matching Origin is as good as Sec-Fetch-Site.
    let res = t
        .post_form(
            "/admin/login",
            &form,
            &[("origin", "http://localhost"), ("host", "localhost")],
        )
        .await;
    assert_eq!(res.status, 303);
}

db_tests!(
    the_first_visit_sets_up_an_admin_once,
    sign_in_opens_the_desk_and_sign_out_closes_it,
    unknown_emails_and_wrong_passwords_get_the_same_answer,
    five_failures_from_one_address_lock_sign_in_for_an_hour,
    state_changing_desk_routes_refuse_requests_from_elsewhere,
);
