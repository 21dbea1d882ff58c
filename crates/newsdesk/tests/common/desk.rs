//! A signed-in desk user for HTTP tests: sign in with a role, post the desk's forms with
//! the session's token, upload files as a browser would.

use super::{Response, TestApp, select};
use newsdesk_core::Role;
use newsdesk_store::NewUser;

pub const SAME_SITE: (&str, &str) = ("sec-fetch-site", "same-origin");

/// A signed-in browser: its cookie and the session's form token.
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

pub async fn sign_in(t: &TestApp, email: &str, role: Role) -> Browser {
    let hash = newsdesk_auth::hash_password("a good long password").unwrap();
    let new = NewUser {
        email,
        name: email,
        password_hash: &hash,
        role,
    };
    t.store.create_user(&new, None).await.unwrap();
    let res = t
        .post_form(
            "/admin/login",
            &[("email", email), ("password", "a good long password")],
            &[SAME_SITE],
        )
        .await;
    assert_eq!(res.status, 303);
    let cookie = res
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let desk = t
        .get_with("/admin/stories/new", &[("cookie", &cookie)])
        .await;
    assert_eq!(desk.status, 200);
    let csrf = select(&desk.html(), "input[name=csrf_token]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    Browser { cookie, csrf }
}

impl Browser {
    pub async fn post(&self, t: &TestApp, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut form = vec![("csrf_token", self.csrf.as_str())];
        form.extend_from_slice(fields);
        t.post_form(path, &form, &[SAME_SITE, ("cookie", &self.cookie)])
            .await
    }

    /// Creates a story through the editor; returns its edit address.
    pub async fn new_story(&self, t: &TestApp, fields: &[(&str, &str)]) -> String {
        let created = self.post(t, "/admin/stories/new", fields).await;
        assert_eq!(created.status, 303, "{}", created.text());
        created.header("location").to_owned()
    }

    pub async fn get(&self, t: &TestApp, path: &str) -> Response {
        t.get_with(path, &[("cookie", &self.cookie)]).await
    }
}

/// The story id at the end of an edit address (`/admin/stories/7`).
pub fn story_id(edit_url: &str) -> i64 {
    edit_url.rsplit('/').next().unwrap().parse().unwrap()
}

impl Browser {
    /// Posts a `multipart/form-data` form with the session's token and, optionally, one
    /// file as `(field, file name, bytes)`.
    pub async fn post_multipart(
        &self,
        t: &TestApp,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> Response {
        let boundary = "----newsdesk-test-boundary-7d1f";
        let mut body = Vec::new();
        let mut part = |name: &str, file_name: Option<&str>, bytes: &[u8]| {
            body.extend(format!("--{boundary}\r\n").as_bytes());
            match file_name {
                Some(f) => body.extend(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                ),
                None => body.extend(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
            }
            body.extend(bytes);
            body.extend(b"\r\n");
        };
        part("csrf_token", None, self.csrf.as_bytes());
        for (name, value) in fields {
            part(name, None, value.as_bytes());
        }
        if let Some((name, file_name, bytes)) = file {
            part(name, Some(file_name), bytes);
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        let request = axum::http::Request::post(path)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(SAME_SITE.0, SAME_SITE.1)
            .header("cookie", &self.cookie)
            .body(axum::body::Body::from(body))
            .unwrap();
        t.send(request).await
    }
}
