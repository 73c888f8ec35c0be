//! `inboxd migrate`: applies pending migrations once and refuses a changed history.

use inbox_testkit::db::TestDatabase;

use crate::support::{inboxd, log_of};

#[tokio::test]
async fn migrate_applies_every_migration_once_then_nothing() {
    let db = TestDatabase::empty().await.unwrap();
    let first = inboxd()
        .arg("migrate")
        .env("DATABASE_URL", db.connection_string())
        .output()
        .unwrap();
    let log = log_of(&first);
    assert!(first.status.success(), "{log}");
    assert!(
        log.contains("PostgreSQL pool created (min=5, max=20)"),
        "{log}"
    );
    let applied = log.matches("\"applied migration\"").count();
    assert_eq!(applied, inbox_postgres_migrations(), "{log}");

    let second = inboxd()
        .arg("migrate")
        .env("DATABASE_URL", db.connection_string())
        .output()
        .unwrap();
    let log = log_of(&second);
    assert!(second.status.success(), "{log}");
    assert_eq!(log.matches("\"applied migration\"").count(), 0, "{log}");
}

#[tokio::test]
async fn migrate_refuses_when_an_applied_migration_changed() {
    let db = TestDatabase::new().await.unwrap();
    let client = db.connect().await.unwrap();
    client
        .batch_execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
        .await
        .unwrap();
    let output = inboxd()
        .arg("migrate")
        .env("DATABASE_URL", db.connection_string())
        .output()
        .unwrap();
    let log = log_of(&output);
    assert!(!output.status.success(), "{log}");
    assert!(
        log.contains("checksum"),
        "the refusal names the cause: {log}"
    );
}

#[tokio::test]
async fn a_bad_database_url_is_a_clear_error_without_the_password() {
    let output = inboxd()
        .arg("migrate")
        .env(
            "DATABASE_URL",
            "postgres://u:hunter2@127.0.0.1:1/x?connect_timeout=2",
        )
        .output()
        .unwrap();
    let log = log_of(&output);
    assert!(!output.status.success(), "{log}");
    assert!(log.contains("PostgreSQL is not usable"), "{log}");
    assert!(!log.contains("hunter2"), "{log}");
}

fn inbox_postgres_migrations() -> usize {
    std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations"))
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count()
}
