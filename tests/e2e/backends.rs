//! Backend selection as users see it: which storage `/health` reports, and refusals.

use inbox_server::config::StorageMode;
use inbox_server::{Application, StartupError};
use inbox_testkit::db::TestDatabase;

use crate::helpers::{TestApp, account_body, settings, shared_tempdir};

#[tokio::test]
async fn database_url_selects_postgres_and_accounts_round_trip() {
    let db = TestDatabase::new().await.unwrap();
    let dir = shared_tempdir();
    let app = TestApp::spawn(settings(
        StorageMode::Auto,
        dir.path(),
        Some(db.connection_string()),
    ))
    .await
    .unwrap();

    let (status, health) = app.get_json("/health").await;
    assert_eq!(status, 200, "{health}");
    assert_eq!(health["storage"]["backend"], "postgres");
    assert_eq!(health["storage"]["status"], "up");

    let (status, created) = app
        .post_json("/accounts", &account_body("106540352242922"))
        .await;
    assert_eq!(status, 201, "{created}");
    let (status, list) = app.get_json("/accounts").await;
    assert_eq!(status, 200);
    assert_eq!(list["items"][0]["id"], created["id"]);
    assert!(!list.to_string().contains("EAAG-secret-token"));

    // The same route without a token: refused with a challenge, on the real application.
    let anonymous = app
        .anonymous
        .get(format!("{}/accounts", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert!(anonymous.headers().contains_key("www-authenticate"));
    let (status, me) = app.get_json("/auth/me").await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["global"]["roles"][0]["key"], "admin");
    app.stop().await;
}

#[tokio::test]
async fn memory_storage_is_reported_as_memory() {
    let dir = shared_tempdir();
    let app = TestApp::spawn(settings(StorageMode::Memory, dir.path(), None))
        .await
        .unwrap();
    let (status, health) = app.get_json("/health").await;
    assert_eq!(status, 200);
    assert_eq!(health["storage"]["backend"], "memory");
    app.stop().await;
}

#[tokio::test]
async fn postgres_mode_without_a_url_is_refused_with_a_clear_reason() {
    let dir = shared_tempdir();
    let error = Application::build(&settings(StorageMode::Postgres, dir.path(), None))
        .await
        .err()
        .unwrap();
    assert!(matches!(error, StartupError::Invalid(_)));
    assert!(error.to_string().contains("DATABASE_URL"), "{error}");
}

#[tokio::test]
async fn an_unreachable_database_fails_startup_without_leaking_the_password() {
    let dir = shared_tempdir();
    let url = "postgres://inbox:hunter2@127.0.0.1:1/inbox?connect_timeout=2".to_owned();
    let error = Application::build(&settings(StorageMode::Auto, dir.path(), Some(url)))
        .await
        .err()
        .unwrap();
    let chain = inbox_server::error::cause_chain(&error);
    assert!(matches!(error, StartupError::Postgres(_)), "{chain}");
    assert!(!chain.contains("hunter2"), "{chain}");
}
