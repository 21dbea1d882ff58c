//! One numbered migration history for both databases, and proof that it stays one.

use crate::common;

use common::TestApp;
use newsdesk_store::Backend;

#[tokio::test]
async fn both_dialects_have_the_same_migrations() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../store/migrations");
    let names = |dialect: &str| {
        let mut v: Vec<String> = std::fs::read_dir(format!("{root}/{dialect}"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: set NEWSDESK_TEST_POSTGRES_URL and run `cargo test --workspace -- --include-ignored`"]
async fn both_databases_have_the_same_tables_and_columns() {
    let sqlite = TestApp::start(Backend::Sqlite).await;
    let postgres = TestApp::start(Backend::Postgres).await;
    let a = sqlite.store.schema_columns().await.unwrap();
    let b = postgres.store.schema_columns().await.unwrap();
    assert!(a.len() > 50, "the schema has its tables: {a:?}");
    assert_eq!(a, b, "SQLite and PostgreSQL schemas differ");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrating_twice_changes_nothing() {
    let t = TestApp::start(Backend::Sqlite).await;
    assert!(t.store.migrate().await.unwrap().is_empty());
}
