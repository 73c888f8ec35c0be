//! The embedded default: a private cluster under the data directory that keeps its data.

use inbox_server::commands;
use inbox_server::config::StorageMode;

use crate::helpers::{TestApp, settings, shared_tempdir};

#[tokio::test]
async fn embedded_cluster_serves_seeded_data_and_keeps_it_across_a_restart() {
    let dir = shared_tempdir();
    let settings = settings(StorageMode::Auto, dir.path(), None);

    let app = TestApp::spawn(settings.clone()).await.unwrap();
    let (status, health) = app.get_json("/health").await;
    assert_eq!(status, 200, "{health}");
    assert_eq!(health["storage"]["backend"], "embedded-postgres");

    // A command while serve runs uses the running cluster and leaves it up.
    commands::seed_demo(&settings).await.unwrap();
    let (_, accounts) = app.get_json("/accounts").await;
    let account_id = accounts["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, page) = app
        .get_json(&format!("/conversations?account_id={account_id}"))
        .await;
    assert_eq!(status, 200, "{page}");
    let seeded = page["items"].as_array().unwrap().len();
    assert!(
        seeded >= 10,
        "expected the demo conversations, got {seeded}"
    );
    app.stop().await;
    assert!(
        !dir.path().join("postgres/postmaster.pid").exists(),
        "the cluster stops with the process that started it"
    );

    let app = TestApp::spawn(settings.clone()).await.unwrap();
    let (_, page) = app
        .get_json(&format!("/conversations?account_id={account_id}"))
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), seeded);
    app.stop().await;
}
