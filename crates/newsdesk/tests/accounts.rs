//! Logins: created from the command line (password on standard input for scripts), stored
//! as Argon2id hashes, listed, re-passworded and disabled, each step in the audit log.

use crate::common;

use common::TestApp;
use newsdesk_core::Role;
use newsdesk_store::NewUser;
use std::io::Write;
use std::process::{Command, Stdio};

async fn users_are_stored_with_hashes_and_audited(t: TestApp) {
    let hash = newsdesk_auth::hash_password("a long enough password").unwrap();
    let new = NewUser {
        email: "desk@example.com",
        name: "Desk Editor",
        password_hash: &hash,
        role: Role::Editor,
    };
    let user = t.store.create_user(&new, None).await.unwrap();
    assert_eq!((user.role, user.disabled), (Role::Editor, false));

    let again = t.store.create_user(&new, None).await.unwrap_err();
    assert!(again.to_string().contains("desk@example.com"), "{again}");

    let (found, stored) = t
        .store
        .user_for_login("desk@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, user);
    assert!(newsdesk_auth::verify_password(
        "a long enough password",
        Some(&stored)
    ));
    assert!(!stored.contains("a long enough password"));

    let new_hash = newsdesk_auth::hash_password("another long password").unwrap();
    t.store
        .set_password(user.id, &new_hash, Some(user.id))
        .await
        .unwrap();
    t.store.set_disabled(user.id, true, None).await.unwrap();
    assert!(t.store.user(user.id).await.unwrap().unwrap().disabled);
    let actions: Vec<String> = t
        .store
        .audit_events(10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.2)
        .collect();
    assert_eq!(actions, ["user.disable", "user.password", "user.create"]);
}

db_tests!(users_are_stored_with_hashes_and_audited);

fn newsdesk(data: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    for (key, _) in std::env::vars() {
        if key.starts_with("NEWSDESK_") {
            cmd.env_remove(key);
        }
    }
    let mut child = cmd
        .env("NEWSDESK_LOG_LEVEL", "warn")
        .args(args)
        .args(["--data-dir", data.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_command_line_adds_lists_and_disables_logins() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let added = newsdesk(
        d,
        &[
            "user",
            "add",
            "--role",
            "admin",
            "--name",
            "Ada",
            "Ada@Example.com",
        ],
        "s3cret-passphrase\n",
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert_eq!(stdout(&added).trim(), "added ada@example.com (admin)");

    let twice = newsdesk(
        d,
        &["user", "add", "ada@example.com"],
        "s3cret-passphrase\n",
    );
    assert!(!twice.status.success());
    assert!(
        stderr(&twice).contains("ada@example.com") && stderr(&twice).contains("taken"),
        "{}",
        stderr(&twice)
    );

    for (args, input, complaint) in [
        (
            vec!["user", "add", "short@example.com"],
            "short\n",
            "at least 10",
        ),
        (
            vec!["user", "add", "--role", "owner", "o@example.com"],
            "long enough pass\n",
            "unknown role",
        ),
        (
            vec!["user", "add", "not-an-email"],
            "long enough pass\n",
            "not an email",
        ),
        (vec!["user", "add", "empty@example.com"], "", "no password"),
        (
            vec!["user", "passwd", "nobody@example.com"],
            "long enough pass\n",
            "no login",
        ),
    ] {
        let out = newsdesk(d, &args, input);
        assert!(!out.status.success(), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.starts_with("error: ") && err.contains(complaint),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }

    let passwd = newsdesk(
        d,
        &["user", "passwd", "ada@example.com"],
        "a brand new passphrase\n",
    );
    assert!(passwd.status.success(), "{}", stderr(&passwd));
    let disabled = newsdesk(d, &["user", "disable", "ada@example.com"], "");
    assert!(disabled.status.success(), "{}", stderr(&disabled));
    let list = stdout(&newsdesk(d, &["user", "list"], ""));
    assert!(
        list.contains("ada@example.com") && list.contains("admin") && list.contains("disabled"),
        "{list}"
    );
    assert_eq!(list.lines().count(), 1);
}
